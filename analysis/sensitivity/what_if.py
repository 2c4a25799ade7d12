"""What if an assumption were otherwise? Asked of a finished sensitivity analysis's emulator.

The Sobol' part (sobol.py) fits a Gaussian-process emulator of each decision quantity (what the
staffing step buys) over the factors screening ranked first, the other uncertainties at their
defaults, and checks it on held-out points. It keeps no model, but its design points do
(`sobol_points.parquet`: each point's parameter values, split, quantities and Monte Carlo variances),
so the emulator is fitted again here on the same training points with the same seed
(emulator.fit), in about a second, and asked at the question's point:

- the factor the parameter belongs to set where the value sits in the parameter's range (a mechanism's
  parameters move together along their ranges, as the design moved them: the answer says so);
- the other factors at their defaults' positions (a mechanism's: the mean of its parameters');
- the answer beside the emulator at the parameter's own default, each with the emulator's 95%
  predictive interval (its uncertainty, not a simulation's).

No answer where the emulator cannot give one honestly: a value outside the range analysed (the command
that would widen it is given), a parameter the emulator does not model (held at its default there), or
a quantity whose emulator failed its own check (Q² below `LEAST_Q2` or coverage of its 95% intervals
below `LEAST_COVERAGE` on the held-out points, as emulator_check.csv records them; or a refit here
that does not reproduce that check). An analysis with no Sobol' part has no emulator: `missing` says
which command writes one.
"""

from __future__ import annotations

import ast
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.county_step import step_arguments
from analysis.sensitivity import emulator
from analysis.sensitivity.design import position_of
from sim.config.uncertainty import Uncertainty

QUANTITIES = ("expected_deaths_averted", "share_of_deaths_averted")   # the staffing step's, asked in this order
LEAST_Q2 = 0.5         # the emulator predicts at least half the held-out points' variance
LEAST_COVERAGE = 0.8   # and at least 8 in 10 of them lie inside its 95% intervals (0.95 expected)
REFIT_TOLERANCE = 0.02  # the refit's Q² on the held-out points within this of the recorded one


@dataclass(frozen=True, slots=True)
class Emulated:
    """A finished analysis's Sobol' part, as the emulator needs it."""

    folder: Path
    manifest: dict
    uncertainties: dict[str, Uncertainty]   # every uncertainty the analysis sampled, by key
    factors: dict[str, list[str]]           # Sobol' factor -> the parameters it moves
    points: pd.DataFrame                    # sobol_points.parquet
    checks: pd.DataFrame                    # emulator_check.csv


def command(folder: Path, manifest: dict, scenario: str, more: str = "") -> str:
    """The analysis's own command with the Sobol' part (the whole analysis: a run rewrites the folder's
    tables), at the same staffing step, seed and county overrides, and `more` options."""
    parts = ["python -m analysis.sensitivity", scenario, *step_arguments(int(manifest.get("today", 30))), more,
             f"seed={manifest['seed']}" if "seed" in manifest else "", *manifest.get("overrides", ()),
             "--out", str(folder)]
    return " ".join(part for part in parts if part)


def read_emulated(folder: Path) -> Emulated | None:
    """The Sobol' part of the analysis in `folder`; None when it has none (no sobol_points.parquet)."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = [folder / name for name in ("sobol_points.parquet", "emulator_check.csv", "uncertainties.csv")]
    if "sobol" not in manifest or not all(path.is_file() for path in files):
        return None
    table = pd.read_csv(files[2], keep_default_na=False, na_values=[""])
    uncertainties = {row.key: Uncertainty(row.key, _default(row), float(row.low), float(row.high), row.kind,
                                          tuple(ast.literal_eval(str(row.choices) or "()")), str(row.group))
                     for row in table.itertuples()}
    screened = set(table.key[table.screened.astype(str).str.lower() == "true"])
    grouped = bool((manifest.get("screening") or {}).get("grouped"))
    factors = {factor: ([key for key in uncertainties if key in screened and (uncertainties[key].group or key) == factor]
                        if grouped else [factor]) for factor in manifest["sobol"]["factors"]}
    return Emulated(folder, manifest, uncertainties, factors, pd.read_parquet(files[0]), pd.read_csv(files[1]))


def _default(row) -> object:
    if row.kind == "choice":
        return row.default
    return float(row.default) if row.kind == "real" else int(float(row.default))


def ask(emulated: Emulated, key: str, text: str, scenario: str) -> dict:
    """The answer to "what if `key` were `text`?" (module docstring). {"status": "answer" | "outside" |
    "not_modelled" | "unknown" | "bad_value", ...}."""
    item = emulated.uncertainties.get(key)
    if item is None:
        return {"status": "unknown", "key": key}
    factor = next((f for f, members in emulated.factors.items() if key in members), None)
    if factor is None:
        more = len(emulated.factors) + 1
        return {"status": "not_modelled", "key": key, "factors": list(emulated.factors),
                "command": command(emulated.folder, emulated.manifest, scenario, f"--sobol-top {more}")}
    value = _value(item, text)
    if value is None:
        return {"status": "bad_value", "key": key, "value": text, "kind": item.kind, "choices": list(item.choices)}
    if item.kind != "choice" and not item.low <= value <= item.high:
        low, high = min(item.low, value), max(item.high, value)
        return {"status": "outside", "key": key, "value": value, "low": item.low, "high": item.high,
                "command": command(emulated.folder, emulated.manifest, scenario,
                                   f"range.{key}=[{_written(low)},{_written(high)}]")}
    at, today = _positions(emulated, factor, position_of(item, value)), _positions(
        emulated, factor, position_of(item, item.default))
    rows = []
    for quantity in QUANTITIES:
        check = _check(emulated, quantity)
        if check is None:
            continue
        row = {"quantity": quantity, "q2": check["q2"], "coverage": check["coverage"], "points": check["points"]}
        if check["passed"]:
            model, refit_q2 = _model(emulated, quantity)
            if abs(refit_q2 - check["q2"]) > REFIT_TOLERANCE:
                row.update(passed=False, refit_q2=refit_q2)
            else:
                mean, sd = model.predict(np.vstack([at, today]), return_std=True)
                row.update(passed=True, at=_interval(mean[0], sd[0]), default=_interval(mean[1], sd[1]))
        else:
            row["passed"] = False
        rows.append(row)
    return {"status": "answer", "key": key, "value": value, "default": item.default, "factor": factor,
            "together": len(emulated.factors[factor]), "quantities": rows,
            "step": emulated.manifest.get("step"), "today": emulated.manifest.get("today")}


def _value(item: Uncertainty, text: str) -> object | None:
    text = str(text).strip()
    if item.kind == "choice":
        return text if text in item.choices else None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    if not math.isfinite(value) or (item.kind == "integer" and not value.is_integer()):
        return None
    return int(value) if item.kind == "integer" else value


def _written(value: float) -> str:
    return f"{value:g}"


def _positions(emulated: Emulated, factor: str, position: float) -> np.ndarray:
    """The emulator's input: `factor` at `position`, every other factor at its defaults' mean position."""
    row = []
    for name, members in emulated.factors.items():
        row.append(position if name == factor else
                   float(np.mean([position_of(emulated.uncertainties[k], emulated.uncertainties[k].default)
                                  for k in members])))
    return np.array(row)


def _check(emulated: Emulated, quantity: str) -> dict | None:
    """The recorded held-out check of `quantity`'s emulator and whether it passed; None without one."""
    found = emulated.checks[emulated.checks.quantity == quantity]
    if found.empty:
        return None
    row = found.iloc[0]
    q2, coverage = float(row.q2), float(row.coverage)
    return {"q2": q2, "coverage": coverage, "points": int(row.points),
            "passed": bool(math.isfinite(q2) and q2 >= LEAST_Q2 and coverage >= LEAST_COVERAGE)}


def design_positions(emulated: Emulated) -> np.ndarray:
    """Each design point's position per factor (float[points, factors]), read back from a real-valued
    parameter of the factor (the design moved them all to the same position)."""
    columns = []
    for members in emulated.factors.values():
        key = next((k for k in members if emulated.uncertainties[k].kind == "real"
                    and emulated.uncertainties[k].high > emulated.uncertainties[k].low), members[0])
        item = emulated.uncertainties[key]
        columns.append([position_of(item, v) for v in emulated.points[key]])
    return np.array(columns, dtype=float).T


FITTED: dict[tuple[str, str, int], tuple] = {}   # (folder, quantity, sobol_points' mtime) -> (model, Q²)


def _model(emulated: Emulated, quantity: str):
    """The emulator of `quantity` fitted again on the training points, and its Q² on the held-out ones;
    kept while the analysis's points are unchanged."""
    key = (str(emulated.folder), quantity, (emulated.folder / "sobol_points.parquet").stat().st_mtime_ns)
    if key not in FITTED:
        FITTED[key] = _fit(emulated, quantity)
    return FITTED[key]


def _fit(emulated: Emulated, quantity: str):
    x = design_positions(emulated)
    y = emulated.points[quantity].to_numpy(float)
    noise = emulated.points[f"{quantity}_noise_var"].to_numpy(float)
    train = (emulated.points.split == "train").to_numpy()
    model = emulator.fit(x[train], y[train], noise[train], int(emulated.manifest.get("seed", 0)))
    return model, emulator.check(model, x[~train], y[~train], noise[~train]).q2


def _interval(mean: float, sd: float) -> tuple[float, float, float]:
    return float(mean), float(mean - emulator.Z95 * sd), float(mean + emulator.Z95 * sd)
