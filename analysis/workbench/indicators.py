"""The documents' indicators against their targets and the county month by month, at each level (or
option) of a finished sweep, as the report computes them for today's county: `analysis/report/county.py`
(`targets`, `double_decline`, `monthly_band`) on the county of each cell (`analysis/report/study.py:
cell_county`), printed by the report's `target_rows` and words. The report shows the reference cell
only; the page lets the planner pick any level swept."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.report import county as numbers
from analysis.report.build import target_rows
from analysis.report.study import cell_county
from analysis.sweep_tables import read_sweep
from analysis.workbench.words import PageWords
from sim.results_schema import MONTHLY

# the indicators the chart offers, the documents' three first: 十万人死亡率, 重点企业全覆盖, then the counts
# 双下降 is judged on (accidents and deaths), the rest as the report's table lists them
CHARTED = ("death_rate", "coverage", "accidents", "deaths", "serious_accidents", "deaths_industrial",
           "rectification", "major_open_end")
SHARES = ("coverage", "rectification")   # printed as percentages, as the report prints them


@dataclass(frozen=True, slots=True)
class CountyNumbers:
    """Per cell of a sweep (in cell order): the indicators table, 双下降's share, the monthly bands."""

    cells: list[int]
    reference: int                                  # the reference cell's position in `cells`
    targets: list[pd.DataFrame]                     # numbers.targets of each cell's county
    double_decline: list[float | None]              # numbers.double_decline of each (None under two years)
    months: list[str]                               # "YYYY-MM", in order
    bands: dict[str, list[pd.DataFrame]]            # series: per cell, numbers.monthly_band (mean, low, high)
    replications: int


def county_numbers(folder: Path) -> CountyNumbers | None:
    """The numbers of the finished sweep in `folder`, or None when it has none (not finished, or no monthly
    series); read once while its files stay the same (each cell's config is loaded: a second or two)."""
    cells, months = folder / "cells.parquet", folder / "timeseries.parquet"
    if not (cells.is_file() and months.is_file() and (folder / "sweep.yaml").is_file()):
        return None
    return _read(folder, cells.stat().st_mtime_ns, months.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read(folder: Path, cells_changed: int, months_changed: int) -> CountyNumbers | None:
    sweep = read_sweep(folder)
    months = pd.read_parquet(folder / "timeseries.parquet")
    if months.empty:
        return None
    order = sorted(int(c["cell"]) for c in sweep.resolved["cells"])
    counties = [cell_county(sweep, cell, months) for cell in order]
    series = [name for name in MONTHLY if name in months.columns]
    return CountyNumbers(order, order.index(sweep.reference), [numbers.targets(c) for c in counties],
                         [numbers.double_decline(c) for c in counties], sorted(months.month.unique()),
                         {name: [numbers.monthly_band(c.timeseries, name) for c in counties] for name in series},
                         int(sweep.cells.groupby("cell").size().max()))


def county_view(folder: Path, names: dict[int, str], language: str, levels: bool = False) -> dict | None:
    """What the page shows of the sweep in `folder` in `language`, `names` naming each cell as the chart
    above names it: per cell (in cell order) the report's indicators table and 双下降 sentence, and the
    chart data (`chart`: per indicator its values, target and share meeting it across the cells; per
    monthly series its band at each cell); `levels`: the cells are staff levels, drawn to scale."""
    found = county_numbers(folder)
    if found is None:
        return None
    words = PageWords(language)
    shown = [names.get(cell, str(cell)) for cell in found.cells]
    tables = [target_rows(table, words) for table in found.targets]
    declines = [None if share is None else words("targets.double_decline", share=words.percent(share))
                for share in found.double_decline]
    return {"x": shown, "reference": found.reference, "tables": tables, "double_decline": declines,
            "replications": found.replications, "chart": _chart(found, words, shown) | {"levels": levels}}


def _chart(found: CountyNumbers, words: PageWords, shown: list[str]) -> dict:
    """The charts' numbers and words as workbench.js draws them (JSON)."""
    indicators = {}
    for key in CHARTED:
        rows = [table.set_index("indicator").loc[key] for table in found.targets]
        first = rows[0]
        scale = 100.0 if key in SHARES else 1.0
        indicators[key] = {
            "name": words(f"indicator.{key}"), "percent": key in SHARES,
            **{part: [_number(row[part] * scale) for row in rows] for part in ("mean", "low", "high")},
            "met": [_number(row["met"]) for row in rows],
            "target": _number(first["target"] * scale) if not pd.isna(first["target"]) else None,
            "target_text": "–" if pd.isna(first["target"]) else
            words(f"target.{key}", target=words.number(first["target"], None)),
            "source": words(f"target_source.{first['source']}")}
    series = {name: {"name": words(f"axis.monthly_{name}"),
                     **{part: [[_number(v) for v in band[part]] for band in bands] for part in ("mean", "low", "high")}}
              for name, bands in found.bands.items()}
    return {"lang": words.language, "x": shown, "reference": found.reference, "months": found.months,
            "indicators": indicators, "series": series,
            "words": {"interval": words("explore.interval"), "met": words("column.met"),
                      "target": words("column.target"), "range90": words("legend.range90"),
                      "mean": words("legend.mean"), "today": words("explore.today"),
                      "today_mean": words("picked.today_mean"), "mean_at": words("picked.mean_at", level="{level}"),
                      "axis": words("column.inspectors"), "colon": words("punct.colon")}}


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) or math.isinf(value) else round(float(value), 6)
