"""What a finished sweep says, as tables: staffing response, cost per death averted, choices, budget mixes.

Each function takes a sweep directory (what `python -m sim.sweep` wrote: cells.parquet and sweep.yaml)
or a `Sweep` already read, and returns a DataFrame, every amount a year (the measured window is
`horizon_days` / 365.25 years). Replication r of every cell runs on the same world, so differences
between cells are taken replication by replication (paired, sim/sweep/tables.py); intervals are 95%.

- `staffing_table`: per inspector count (an axis `inspectors.count`), accidents, deaths and 较大及以上
  (serious) accidents, each beside its expectation, with intervals and paired differences against the
  reference, and the deaths (and expected deaths) averted per extra inspector between neighbouring
  levels (the marginal curve);
- `cost_per_death_averted`: per cell against the reference, Δspend_total / deaths averted, with a
  paired bootstrap interval; "not separable" when the deaths averted's interval holds 0 (the ratio of
  a difference that may be nothing is any number, so none is given); the same with expected deaths
  averted beside it, and `separated_by`: which of the two separates the cell from the reference;
- `choice_table`: per cell the outcome, its paired difference and the probability that it is best,
  and for a count (deaths, accidents, serious accidents) the same for its expectation;
- `budget_table`: per budget mix, each lever's allocation beside what the runs spent on it.

Expected deaths (and accidents, 较大及以上 accidents) are the compensators of the counts (docs/model.md
§9): each open hazard's accident rate over its exposure, weighted by what its accident kills on average.
They have the counts' means, without the dice of whether and how many an accident kills, so their
paired intervals are several times narrower: where counted deaths cannot separate two cells, expected
deaths can. The counted figures stay beside them, as what a county would see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.config.errors import ConfigError
from sim.sweep.tables import interval, paired, probability_best

STAFF = "inspectors.count"
OUTCOMES = ("expected_accidents", "accidents", "expected_deaths", "deaths", "expected_serious_accidents",
            "serious_accidents")
# each count and its expectation (its compensator, docs/model.md §9): the same mean, far less noise
EXPECTED = {"accidents": "expected_accidents", "deaths": "expected_deaths",
            "serious_accidents": "expected_serious_accidents"}
LEVERS = {"inspectors": "spend_inspectors", "training": "spend_training", "rewards": "spend_rewards",
          "third_party": "spend_third_party", "remote_monitoring": "spend_remote_monitoring"}
DRAWS = 4000
SEED = 2020


@dataclass(frozen=True, slots=True)
class Sweep:
    """A finished sweep: its cells table, the resolved sweep.yaml, and the window in years."""

    folder: Path
    cells: pd.DataFrame
    resolved: dict
    years: float

    @property
    def reference(self) -> int:
        return int(self.resolved["reference"])

    @property
    def labels(self) -> dict[int, str]:
        first = self.cells.drop_duplicates("cell")
        return dict(zip(first.cell.astype(int), first.label, strict=True))

    @property
    def axes(self) -> list[dict]:
        """[{name, kind}] per axis; older sweeps without them: a choice axis where the values are text."""
        if self.resolved.get("axes"):
            return list(self.resolved["axes"])
        names = list(self.resolved["cells"][0]["values"]) if self.resolved.get("cells") else []
        return [{"name": n, "kind": "options" if self.cells[n].dtype == object or
                 pd.api.types.is_string_dtype(self.cells[n]) else "key"} for n in names]

    @property
    def is_choice(self) -> bool:
        return any(axis["kind"] != "key" for axis in self.axes)


def read_sweep(source: str | Path | Sweep) -> Sweep:
    """The finished sweep in `source`; ConfigError naming SWEEP_DIR when it is not one, or not finished."""
    if isinstance(source, Sweep):
        return source
    folder = Path(source)
    if not folder.is_dir():
        raise ConfigError("SWEEP_DIR", str(source), "no such folder: name a sweep's folder (what python -m sim.sweep "
                                                    "printed last)")
    table, resolved = folder / "cells.parquet", folder / "sweep.yaml"
    if not table.is_file() or not resolved.is_file():
        if (folder / "chunks").is_dir():
            raise ConfigError("SWEEP_DIR", str(source), "the sweep has not finished (chunks/ but no cells.parquet): "
                                                        "run the same sweep command again to finish it")
        raise ConfigError("SWEEP_DIR", str(source), "not a sweep folder: it has no cells.parquet and sweep.yaml")
    try:
        spec = yaml.safe_load(resolved.read_text(encoding="utf-8"))
        cells = pd.read_parquet(table)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise ConfigError("SWEEP_DIR", str(source), f"cannot read the sweep's tables ({error})") from error
    if not isinstance(spec, dict) or "horizon_days" not in spec or "reference" not in spec:
        raise ConfigError("SWEEP_DIR", str(source), "sweep.yaml is not a sweep's resolved file (no horizon_days)")
    return Sweep(folder, cells, spec, spec["horizon_days"] / 365.25)


def cell_row(sweep: Sweep, cell: int, metrics: tuple[str, ...]) -> dict:
    """Mean a year with its 95% interval (cut at 0) and the paired difference against the reference."""
    row = {}
    mine = sweep.cells[sweep.cells.cell == cell]
    for metric in metrics:
        mean, low, high = interval(mine[metric].to_numpy(float) / sweep.years)
        row.update({metric: mean, f"{metric}_low": max(low, 0.0) if not math.isnan(low) else low,
                    f"{metric}_high": high})
        diff = paired(sweep.cells, cell, sweep.reference, metric) / sweep.years
        row.update(dict(zip((f"{metric}_diff", f"{metric}_diff_low", f"{metric}_diff_high"), interval(diff),
                            strict=True)))
    return row


def present(sweep: Sweep, metrics: tuple[str, ...]) -> tuple[str, ...]:
    """The metrics the sweep's cells table has (a sweep written before expected deaths has none of them)."""
    return tuple(m for m in metrics if m in sweep.cells.columns)


def present_pairs(sweep: Sweep, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """(name, metric) pairs whose metric the sweep's cells table has."""
    return tuple((name, metric) for name, metric in pairs if metric in sweep.cells.columns)


def staffing_table(source: str | Path | Sweep) -> pd.DataFrame:
    """Per inspector count (and per value of any other axis): outcomes a year with 95% intervals, paired
    differences against the reference, and `averted_per_inspector`: deaths a year averted per inspector
    added since the level below, paired, with its interval (NaN at the lowest level);
    `expected_averted_per_inspector` the same in expected deaths."""
    sweep = read_sweep(source)
    if STAFF not in sweep.cells.columns:
        raise ConfigError("SWEEP_DIR", str(sweep.folder), f"not a staffing sweep: no axis {STAFF}")
    others = [a["name"] for a in sweep.axes if a["name"] != STAFF]
    first = sweep.cells.drop_duplicates("cell")
    rows = []
    for _, group in (first.groupby(others, sort=False) if others else [((), first)]):
        below = None
        for _, cell in group.sort_values(STAFF).iterrows():
            level = int(cell[STAFF])
            row = {"cell": int(cell.cell), "label": cell.label, **{n: cell[n] for n in others}, STAFF: level,
                   "replications": int((sweep.cells.cell == cell.cell).sum())}
            row.update(cell_row(sweep, int(cell.cell), present(sweep, OUTCOMES)))
            for name, metric in present_pairs(sweep, (("averted_per_inspector", "deaths"),
                                                      ("expected_averted_per_inspector", "expected_deaths"))):
                averted = (math.nan, math.nan, math.nan)
                if below is not None:
                    steps = paired(sweep.cells, below[0], int(cell.cell), metric) / sweep.years / (level - below[1])
                    averted = interval(steps)
                row.update(zip((name, f"{name}_low", f"{name}_high"), averted, strict=True))
            rows.append(row)
            below = (int(cell.cell), level)
    return pd.DataFrame(rows)


def cost_per_death_averted(source: str | Path | Sweep, draws: int = DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Per cell against the reference: Δspend_total a year, deaths averted a year (reference − cell),
    each with its paired 95% interval, and their ratio (yuan per death averted) with a paired bootstrap
    interval over the replications. `verdict`: "costs per death averted", "saves money and lives",
    "not separable" (the deaths averted's interval holds 0: no ratio is given) or "more deaths".

    Beside them the same in expected deaths (`expected_deaths_averted`, `cost_per_expected_death_averted`,
    `expected_cost_low`, `expected_cost_high`, `expected_verdict`; its bootstrap draws from a generator of
    its own, so the counted figures are what they were), and `separated_by`: "deaths" when counted
    deaths separate the cell from the reference, else "expected_deaths" when their expectation does,
    else "neither". A sweep without expected deaths has NaN there."""
    sweep = read_sweep(source)
    rng = np.random.default_rng(seed)
    rng_expected = np.random.default_rng([seed, 1])
    return pd.DataFrame([{"cell": cell, "label": label,
                          **paired_cost(sweep, cell, sweep.reference, rng, draws, rng_expected)}
                         for cell, label in sweep.labels.items() if cell != sweep.reference])


def paired_cost(sweep: Sweep, cell: int, against: int, rng: np.random.Generator, draws: int = DRAWS,
                rng_expected: np.random.Generator | None = None) -> dict:
    """`cell` against the cell `against` (the reference, or the staffing level below): Δspend a year,
    deaths averted a year and the cost per death averted, as `cost_per_death_averted` gives them, and
    the same in expected deaths (bootstrapped with `rng_expected`, so the counted figures are unchanged)."""
    spend = paired(sweep.cells, cell, against, "spend_total") / sweep.years
    averted = -paired(sweep.cells, cell, against, "deaths") / sweep.years
    row = dict(zip(("delta_spend", "delta_spend_low", "delta_spend_high"), interval(spend), strict=True))
    row.update(zip(("deaths_averted", "deaths_averted_low", "deaths_averted_high"), interval(averted), strict=True))
    row.update(_ratio(spend, averted, row["deaths_averted_low"], row["deaths_averted_high"], rng, draws))
    expected = (-paired(sweep.cells, cell, against, "expected_deaths") / sweep.years
                if "expected_deaths" in sweep.cells.columns else np.array([]))
    bounds = interval(expected)
    row.update(zip(("expected_deaths_averted", "expected_deaths_averted_low", "expected_deaths_averted_high"),
                   bounds, strict=True))
    ratio = _ratio(spend, expected, bounds[1], bounds[2],
                   np.random.default_rng([SEED, 1]) if rng_expected is None else rng_expected, draws)
    row.update({"cost_per_expected_death_averted": ratio["cost_per_death_averted"],
                "expected_cost_low": ratio["cost_low"], "expected_cost_high": ratio["cost_high"],
                "expected_verdict": ratio["verdict"]})
    row["separated_by"] = ("deaths" if row["verdict"] != "not separable" else
                           "expected_deaths" if row["expected_verdict"] != "not separable" else "neither")
    return row


def _ratio(spend: np.ndarray, averted: np.ndarray, low: float, high: float, rng: np.random.Generator,
           draws: int) -> dict:
    """Yuan per death averted with its paired bootstrap interval and the verdict, given the deaths
    averted's interval (low, high)."""
    if math.isnan(low) or low <= 0 <= high:
        return {"cost_per_death_averted": math.nan, "cost_low": math.nan, "cost_high": math.nan,
                "verdict": "not separable"}
    if high < 0:
        return {"cost_per_death_averted": math.nan, "cost_low": math.nan, "cost_high": math.nan,
                "verdict": "more deaths"}
    picks = rng.integers(0, spend.size, (draws, spend.size))
    with np.errstate(divide="ignore"):   # a resample that averts exactly nothing: an infinite ratio, kept
        ratios = spend[picks].mean(axis=1) / averted[picks].mean(axis=1)
    ratio = float(spend.mean() / averted.mean())
    return {"cost_per_death_averted": ratio, "cost_low": float(np.quantile(ratios, 0.025)),
            "cost_high": float(np.quantile(ratios, 0.975)),
            "verdict": "saves money and lives" if ratio < 0 else "costs per death averted"}


def choice_table(source: str | Path | Sweep, metric: str | None = None) -> pd.DataFrame:
    """Per cell: `metric` a year (default the sweep's outcome) with its 95% interval, the paired
    difference against the reference, and `p_best`, the probability that the cell has the fewest
    (sim.sweep.tables.probability_best: a bootstrap over the paired replications). For a count with an
    expectation (deaths: expected_deaths, EXPECTED) the same for the expectation beside it, its
    probability of the fewest as `p_best_<expectation>`: it separates what the count cannot."""
    sweep = read_sweep(source)
    metric = metric or sweep.resolved.get("outcome", "deaths")
    metrics = (metric, *present(sweep, (EXPECTED[metric],))) if metric in EXPECTED else (metric,)
    best = {m: probability_best(sweep.cells, m) for m in metrics}
    rows = []
    for cell, label in sweep.labels.items():
        row = {"cell": cell, "label": label, **cell_row(sweep, cell, metrics)}
        for m in metrics:
            row["p_best" if m == metric else f"p_best_{m}"] = float(best[m].get(cell, 0.0))
        rows.append(row)
    return pd.DataFrame(rows)


def budget_table(source: str | Path | Sweep) -> pd.DataFrame:
    """Per budget mix and lever: the yearly allocation beside the mean yearly spend of the runs, and what
    is left (allocation − spend; below 0 when rewards paid out more than was set aside)."""
    sweep = read_sweep(source)
    budget = sweep.resolved.get("budget")
    if not budget:
        raise ConfigError("SWEEP_DIR", str(sweep.folder), "not a budget sweep: sweep.yaml has no budget")
    axis = budget["axis"]
    rows = []
    first = sweep.cells.drop_duplicates("cell")
    for _, cell in first.iterrows():
        allocation = budget["allocations"][str(cell[axis])]
        mine = sweep.cells[sweep.cells.cell == cell.cell]
        for lever, column in (*LEVERS.items(), ("total", "spend_total")):
            given = budget["yearly"] if lever == "total" else allocation[lever]
            spent = float(mine[column].mean() / sweep.years)
            rows.append({"cell": int(cell.cell), axis: cell[axis], "lever": lever, "allocation": given,
                         "spend": spent, "left": round(given - spent, 2) + 0.0})
    return pd.DataFrame(rows)
