"""Does the calibration find parameters it is known to be able to find? Records made by the model itself
at known values, fitted; the known values must lie in the fitted NROY space.

`records_at` runs the scenario at one parameter set, on seeds the fit's own runs never use, and
writes what a county's statistics office would: one row per calendar year the window covers wholly,
each measure's figure for that year (a count of a window-only measure: the window's total spread
evenly over its years, rounded), with an error column of 0 (the figures are exactly what happened).
One replication is one county's history, as a real county's records are. `coverage` repeats this for
truths drawn uniformly from the ranges and reports how often the truth survives: an honest fit keeps
it in nearly every trial (a cutoff of 3 leaves out at most about 5% of what is consistent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

import sim
from analysis.calibrate import implausibility as imp
from analysis.calibrate.history import Plan, derived, history_match
from analysis.calibrate.targets import targets_from_records
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import design_of
from analysis.sensitivity.runs import RunSettings
from sim.config.uncertainty import Uncertainty
from sim.county.columns import RECORD_COLUMNS
from sim.county.compare import model_yearly, whole_years
from sim.county.records import BY_NAME
from sim.io import write_text_atomic

TRUTH_SEED = 7_000_000   # the truths' runs use seeds from here on: never the fit's own
COVERAGE_MEASURES = ("inspections", "hazards_found", "penalties", "accidents")


def records_at(loader: ConfigLoader, overrides: Sequence[str], measures: Sequence[str], seed: int,
               error: float = 0.0) -> pd.DataFrame:
    """A records table (年份 and each measure's first header, with its error column) of one replication
    of the loader's scenario with `overrides`, on `seed`."""
    config = loader.config(overrides)
    result = sim.simulate(config, replications=1, seed=seed, n_jobs=1, progress=False, events=False)
    years = whole_years(dt.date.fromisoformat(config.start_date), config.horizon_days)
    if not years:
        raise ValueError(f"the window of {config.horizon_days} days from {config.start_date} covers no whole "
                         "calendar year: records are yearly")
    window = config.horizon_days / 365.25
    table = pd.DataFrame({"年份": years})
    row = result.replications.iloc[0]
    for name in measures:
        m, header = BY_NAME[name], RECORD_COLUMNS[name][0]
        if m.yearly:
            values = [model_yearly(result, name, y) for y in years]
        elif m.kind == "share":
            values = [float(row[m.metric])] * len(years)
        elif m.per:
            values = [float(row[m.metric]) / float(row[m.per])] * len(years)
        else:
            total = float(row[m.metric]) - (float(row[m.less]) if m.less else 0.0)
            values = [total / window] * len(years)
        table[header] = [round(v) if m.kind == "count" else v for v in values]
        table[f"{header}误差"] = [error * abs(v) for v in table[header]]
    return table


def write_records(path: Path, table: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, table.to_csv(index=False))


def coverage(loader: ConfigLoader, uncertainties: Sequence[Uncertainty], measures: Sequence[str], plan: Plan,
             trials: int, folder: Path, run: RunSettings, say=None) -> pd.DataFrame:
    """`trials` recoveries, each from a truth drawn uniformly in the ranges: one row each, whether the truth
    is in the final NROY space, its largest implausibility over the waves, the NROY fraction, the fitted
    parameter sets kept, and whether every parameter's truth lies within the fitted sample's range."""
    base = loader.config([])
    rows = []
    for trial in range(trials):
        u = np.random.default_rng(derived(run.seed, 100, trial)).random((1, len(uncertainties)))
        truth = design_of(uncertainties, u)
        path = folder / f"trial{trial:03d}" / "records.csv"
        write_records(path, records_at(loader, truth.overrides(0), measures, TRUTH_SEED + trial))
        targets = targets_from_records(str(path), base)
        fit = history_match(uncertainties, targets, loader, plan, path.parent, run, say=say)
        worst = max(float(imp.deciding(imp.emulated(w.emulators, truth.u, plan.discrepancy))[0]) for w in fit.waves)
        fitted_u = fit.final.u[fit.kept] if fit.final is not None else np.zeros((0, len(uncertainties)))
        inside = bool(len(fitted_u)) and bool(np.all((fitted_u.min(0) <= truth.u[0]) & (truth.u[0] <= fitted_u.max(0))))
        rows.append({"trial": trial, "covered": bool(fit.plausible(truth.u)[0]), "truth_implausibility": worst,
                     "nroy_fraction": fit.waves[-1].region.fraction, "fitted_kept": int(fit.kept.sum()),
                     "truth_within_fitted_range": inside,
                     **{item.key: value for item, value in zip(uncertainties, truth.points[0].values(), strict=True)}})
    return pd.DataFrame(rows)
