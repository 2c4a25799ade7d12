"""A finished staffing study written by hand as its sweep would leave it, with the columns the report's
county sections read (the indicators, the monthly series), so that each number the page shows can be
checked against a value worked out here. Shared by the unit test and the browser test of the study
page's indicators and months."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import yaml

from sim.sweep.tables import summary_table

ROOT = Path(__file__).resolve().parents[2]
LEVELS = (0, 2, 4)
TODAY = 2
REPLICATIONS = 4
MONTHS = [f"{year}-{month:02d}" for year in (2020, 2021) for month in range(1, 13)]
NAME = "20260101-000000-staffing"


def death_rate(level: int, r: int) -> float:
    """十万人死亡率 of replication r at `level`: below the documents' 1.5 in half the periods at 4 only."""
    return 3.0 - 0.5 * level + 0.25 * r


def coverage(level: int) -> float:
    """The key enterprises' coverage: half without inspectors, all of them with any."""
    return min(1.0, 0.5 + 0.25 * level)


def falls(level: int, r: int) -> bool:
    """Whether accidents and deaths both fall from 2020 to 2021 (双下降): at 4 inspectors, in half the
    periods (replications 0 and 1)."""
    return level == 4 and r < 2


def open_hazards(level: int, r: int, k: int) -> int:
    """Open hazards in month k (0-based) of replication r at `level`."""
    return 100 - 10 * level + r + k


def write_study(studies: Path, years: int = 2) -> str:
    """The study folder `studies/NAME`, a staffing sweep of LEVELS against TODAY over `years` (1 or 2) of
    county_baseline's county; its name."""
    folder = studies / NAME
    sweep = folder / "staffing"
    sweep.mkdir(parents=True)
    rows, months = [], []
    for cell, level in enumerate(LEVELS):
        for r in range(REPLICATIONS):
            yearly = [2, 1 if falls(level, r) else 3][:years]
            rows.append({"cell": cell, "label": f"inspectors.count={level}", "inspectors.count": level,
                         "replication": r, "expected_deaths": 5.0 - level + r, "deaths": float(sum(yearly)),
                         "expected_accidents": 10.0 - level, "accidents": float(sum(yearly)),
                         "spend_total": 1000.0 * level, "deaths_per_100k_workers_year": death_rate(level, r),
                         "deaths_industrial": float(sum(yearly)), "serious_accidents": 0.0,
                         "key_enterprise_coverage": coverage(level), "rectification_rate": 0.9,
                         "major_hazards_open_end": 5.0 + r})
            for k, month in enumerate(MONTHS[:12 * years]):
                first = month.endswith("-01")
                count = yearly[k // 12] if first else 0
                months.append({"cell": cell, "replication": r, "month": month, "open_hazards": open_hazards(level, r, k),
                               "open_major_hazards": 1, "hazards_created": 10, "hazards_found": 5, "accidents": count,
                               "deaths": count, "inspections": 3 * level})
    cells = pd.DataFrame(rows)
    cells.to_parquet(sweep / "cells.parquet")
    pd.DataFrame(months).to_parquet(sweep / "timeseries.parquet")
    labels = cells.drop_duplicates("cell")[["cell", "label", "inspectors.count"]]
    reference = LEVELS.index(TODAY)
    summary_table(cells, labels, reference).to_csv(sweep / "summary.csv", index=False)
    horizon = 365 * years
    (sweep / "sweep.yaml").write_text(yaml.safe_dump({
        "name": "staffing", "scenario": str(ROOT / "scenarios" / "county_baseline.yaml"),
        "overrides": [f"horizon_days={horizon}"], "reference": reference, "horizon_days": horizon,
        "engine": "numba", "seed": 2020, "axes": [{"name": "inspectors.count", "kind": "key"}],
        "cells": [{"cell": cell, "values": {"inspectors.count": level}, "overrides": [f"inspectors.count={level}"]}
                  for cell, level in enumerate(LEVELS)]}))
    (folder / "scenario.yaml").write_text("inspectors:\n  count: 2\n")
    (folder / "study.json").write_text(json.dumps({
        "kind": "staffing", "label": "county_baseline", "scenario": "shipped:county_baseline", "steps": [["a"], ["b"]],
        "sweep_folder": "staffing", "total": REPLICATIONS * len(LEVELS), "replications": REPLICATIONS,
        "engine": "numba", "workers": 1}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 1, "ended": time.time()}))
    return NAME
