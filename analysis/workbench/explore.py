"""What a finished study says, as the chart draws it: each level's (or option's) mean a year with its
95% interval, and the paired difference against today with its interval, from the sweep's own
summary.csv and sweep.yaml (sim/sweep/tables.py computed them), for the measures a planner weighs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

MEASURES = ("expected_deaths", "deaths", "expected_accidents", "accidents", "spend_total")
YEAR = 365.25


def chart_data(sweep_folder: Path) -> dict | None:
    """The chart's data of the finished sweep in `sweep_folder`, or None before it has finished.

    {"axis": the swept key or None for options, "reference": the reference cell's x, "x": [level or
    option label per cell], "cells": [cell number per x], "measures": {measure: {"mean", "low", "high", "diff",
    "diff_low", "diff_high"}}},
    every figure a year of the measured window (spend in yuan a year).
    """
    summary, spec = sweep_folder / "summary.csv", sweep_folder / "sweep.yaml"
    if not (summary.is_file() and spec.is_file()):
        return None
    table = pd.read_csv(summary)
    described = yaml.safe_load(spec.read_text(encoding="utf-8"))
    years = described["horizon_days"] / YEAR
    axes = [axis["name"] for axis in described["axes"]]
    numeric = len(axes) == 1 and described["axes"][0]["kind"] == "key"
    first = table[table.metric == MEASURES[0]].reset_index(drop=True)
    x = first[axes[0]].tolist() if numeric else first["label"].tolist()
    reference = x[first.index[first.cell == described["reference"]][0]]
    measures = {}
    for measure in MEASURES:
        rows = table[table.metric == measure].set_index("cell").loc[first.cell]
        measures[measure] = {column: [_number(value / years) for value in rows[column]]
                             for column in ("mean", "ci_low", "ci_high", "diff", "diff_low", "diff_high")}
    return {"axis": axes[0] if numeric else None, "reference": reference, "x": x, "measures": measures,
            "cells": [int(cell) for cell in first.cell],
            "replications": int(first.n.max())}


def _number(value: float) -> float | None:
    return None if pd.isna(value) else round(float(value), 6)
