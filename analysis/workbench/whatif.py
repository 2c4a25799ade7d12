"""Questions a finished staffing sweep answers without a new run: what each extra inspector buys between
neighbouring levels (the marginal curve), and "what if we had N inspectors?" for an N between two levels
swept.

Both come from the sweep's replications (cells.parquet), which share their worlds across levels (common
random numbers), so each answer's interval is over replications of the same paired quantity:

- marginal, between levels a < b: (y_a − y_b) / (b − a) replication by replication, a year;
- what if, at a < N < b: y = (1 − w) y_a + w y_b with w = (N − a)/(b − a), replication by replication,
  its mean and 95% interval, and its paired difference from today's level. This is linear interpolation
  between two levels measured: the interval is the Monte Carlo uncertainty of that interpolation, not the
  error of a straight line where the curve bends (narrower levels would tell). Outside the levels swept
  there is no answer: the page offers the sweep that would give one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.workbench.explore import YEAR
from sim.sweep.tables import interval

AXIS = "inspectors.count"
AVERTED = ("expected_deaths", "deaths", "expected_accidents", "accidents")   # the marginal curve's measures
ASKED = (*AVERTED, "spend_total")                                            # what a what-if answers


@dataclass(frozen=True, slots=True)
class Sweep:
    """A finished staffing sweep as replications x levels per measure, a year."""

    levels: list[int]
    today: int
    years: float
    values: dict[str, np.ndarray]   # measure: (replications, levels), rows with every level only


def staffing_sweep(folder: Path) -> Sweep | None:
    """The staffing sweep in `folder`, or None when it is not one (or not finished); read once while its
    cells file stays the same (a large sweep takes a second to read)."""
    cells_file, spec_file = folder / "cells.parquet", folder / "sweep.yaml"
    if not (cells_file.is_file() and spec_file.is_file()):
        return None
    return _read(cells_file, spec_file, cells_file.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read(cells_file: Path, spec_file: Path, changed: int) -> Sweep | None:
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    if [axis["name"] for axis in spec["axes"]] != [AXIS]:
        return None
    cells = pd.read_parquet(cells_file, columns=["cell", "replication", AXIS, *ASKED])
    levels = cells.drop_duplicates("cell").set_index("cell")[AXIS].astype(int)
    today = int(levels[spec["reference"]])
    values = {}
    for measure in ASKED:
        wide = cells.pivot(index="replication", columns=AXIS, values=measure).sort_index(axis=1).dropna()
        values[measure] = wide.to_numpy(float) / (spec["horizon_days"] / YEAR)
    return Sweep(sorted(levels.tolist()), today, spec["horizon_days"] / YEAR, values)


def marginal(sweep: Sweep) -> dict:
    """Per step between neighbouring levels: its ends and midpoint, and each measure averted a year per
    inspector added with its 95% interval."""
    steps = list(zip(sweep.levels[:-1], sweep.levels[1:], strict=True))
    out: dict = {"from": [a for a, _ in steps], "to": [b for _, b in steps],
                 "mid": [(a + b) / 2 for a, b in steps], "measures": {}}
    for measure in AVERTED:
        rows = [_rounded(interval((sweep.values[measure][:, k] - sweep.values[measure][:, k + 1]) / (b - a)))
                for k, (a, b) in enumerate(steps)]
        out["measures"][measure] = {name: [row[i] for row in rows] for i, name in enumerate(("mean", "low", "high"))}
    return out


def what_if(sweep: Sweep, level: int) -> dict:
    """The answer at `level` inspectors: {"inside": False, "low", "high"} outside the levels swept, else
    the levels it lies between, its weight, and per measure its mean and interval a year and its paired
    difference from today's level with its interval."""
    low, high = sweep.levels[0], sweep.levels[-1]
    if not low <= level <= high:
        return {"inside": False, "level": level, "low": low, "high": high}
    upper = next(k for k, swept in enumerate(sweep.levels) if swept >= level)
    lower = upper if sweep.levels[upper] == level else upper - 1
    a, b = sweep.levels[lower], sweep.levels[upper]
    weight = 0.0 if a == b else (level - a) / (b - a)
    today = sweep.levels.index(sweep.today)
    measures = {}
    for measure in ASKED:
        values = sweep.values[measure]
        at = (1 - weight) * values[:, lower] + weight * values[:, upper]
        mean, lo, hi = interval(at)
        measures[measure] = {"mean": _rounded((mean, max(lo, 0.0), hi)),
                             "diff": _rounded(interval(at - values[:, today]))}
    return {"inside": True, "level": level, "low": low, "high": high, "below": a, "above": b,
            "swept": a == b, "weight": weight, "today": sweep.today, "replications": int(sweep.values[ASKED[0]].shape[0]),
            "measures": measures}


def _rounded(bounds) -> tuple:
    return tuple(None if np.isnan(value) else round(float(value), 6) for value in bounds)
