"""A county's yearly records (执法统计、事故统计): read, checked and put in one tidy table.

One row per year, any subset of the measures of `MEASURES`; a measure's observation error may sit in
a column of its own, its header followed by 误差 (or error, sd, 标准差). `load_records` returns one row
per (year, measure) given: year, measure, value and error (NaN where none is given). What each measure
is compared with in the model's output (sim/results_schema.py), and where the two definitions differ,
is `MEASURES` here and the table of docs/county_data.md. The calibration that uses them is another
command's work; a run only checks the file and sets the records beside its own figures (compare.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim.config.errors import ConfigError
from sim.config.validate import check_data_file
from sim.county.columns import ERROR_SUFFIXES, RECORD_COLUMNS, YEAR_COLUMN, key, lookup
from sim.county.table import BadCell, BadRows, bad_cells, columns, numbers, read_sheet, scale_of

if TYPE_CHECKING:   # imported where records are read: a run without a county file never needs pandas
    import pandas as pd

KEY = "calibration.records"
FIRST_YEAR, LAST_YEAR = 1949, 2100
YEAR_ALLOWED = f"must be a year, a whole number from {FIRST_YEAR} to {LAST_YEAR}"
ALLOWED = {"count": "must be a whole number >= 0, or blank (not recorded that year)",
           "share": "must be a share in [0, 1] or a percentage like 95%, or blank (not recorded that year)",
           "amount": "must be a number >= 0, or blank (not recorded that year)",
           "ratio": "must be a number >= 0, or blank (not recorded that year)"}
ERROR_ALLOWED = "must be a number >= 0 (the measure's observation error, in its unit), or blank"
COLUMNS = ("year", "measure", "value", "error")


@dataclass(frozen=True, slots=True)
class Measure:
    """A recorded measure and the model's output it is compared with.

    `metric` is a column of the replications table (minus `less`, or over `per`, when given); `yearly`
    says how a run gives it per calendar year: "monthly" (the monthly series of that name, summed over the year's
    months), "window_year" (`<metric>_y<k>` for the window's k-th calendar year) or "" (the window only).
    """

    name: str
    kind: str          # count, share, amount or ratio
    unit: str
    metric: str
    less: str = ""
    per: str = ""
    yearly: str = ""


MEASURES = (
    Measure("inspections", "count", "enterprise-checks", "inspections", yearly="monthly"),
    Measure("double_random_checks", "count", "enterprise-checks", "inspections_double_random"),
    Measure("planned_checks", "count", "enterprise-checks", "plan_checks_done", yearly="window_year"),
    Measure("hazards_per_check", "ratio", "hazards a check", "found_inspection", per="inspections"),
    Measure("hazards_found", "count", "hazards", "hazards_found", yearly="monthly"),
    Measure("hazards_general", "count", "hazards", "hazards_found", less="major_hazards_found"),
    Measure("hazards_major", "count", "hazards", "major_hazards_found"),
    Measure("rectification_rate", "share", "share", "rectification_rate"),
    Measure("penalties", "count", "penalties", "penalties"),
    Measure("suspensions", "count", "orders", "suspensions"),
    Measure("reports", "count", "reports", "reports"),
    Measure("rewards", "amount", "yuan", "rewards_paid"),
    Measure("accidents", "count", "accidents", "accidents", yearly="monthly"),
    Measure("deaths", "count", "deaths", "deaths", yearly="monthly"),
    Measure("deaths_industrial", "count", "deaths", "deaths_industrial"),
    Measure("staff_days", "amount", "staff-days", "plan_staff_days", yearly="window_year"),
    Measure("unplanned_days", "amount", "staff-days", "plan_unplanned_days", yearly="window_year"),
    Measure("check_days", "amount", "staff-days", "plan_check_days", yearly="window_year"),
)
BY_NAME = {m.name: m for m in MEASURES}
assert set(BY_NAME) == set(RECORD_COLUMNS), "every measure has its headers in columns.RECORD_COLUMNS"


def load_records(path: str, label: str | None = None) -> pd.DataFrame:
    """The records at `path` as a tidy table (COLUMNS), sorted by year then measure; every bad cell refused
    at once (BadRows). Read once per process and file version."""
    file = check_data_file(KEY, path, label).resolve()
    stat = file.stat()
    return _load(str(file), stat.st_size, stat.st_mtime_ns, label or path).copy()


def records_headers(path: str, label: str | None = None) -> tuple[dict[str, str], tuple[str, ...]]:
    """The headers of the measures read ({measure: header}) and of the columns not read."""
    file = check_data_file(KEY, path, label).resolve()
    stat = file.stat()
    return _headers(str(file), stat.st_size, stat.st_mtime_ns, label or path)


def _meanings() -> dict[str, str]:
    """Header key -> "year", a measure's name, or "error:<measure>" for its observation error."""
    meanings = {**lookup({"year": YEAR_COLUMN}), **lookup(RECORD_COLUMNS)}
    for header, measure in lookup(RECORD_COLUMNS).items():
        for suffix in ERROR_SUFFIXES:
            meanings[header + key(suffix)] = f"error:{measure}"
    return meanings


@functools.lru_cache(maxsize=4)
def _headers(file: str, size: int, mtime: int, label: str) -> tuple[dict[str, str], tuple[str, ...]]:
    sheet, where, ignored = _sheet(file, label)
    return {m: sheet.headers[p] for m, p in where.items() if m in BY_NAME}, tuple(ignored)


def _sheet(file: str, label: str):
    meanings = _meanings()
    year_keys = {key(h) for h in YEAR_COLUMN}
    sheet = read_sheet(Path(file), KEY, label, lambda keys: bool(keys & year_keys), "the year (年份, 年度 or year)")
    where, ignored = columns(sheet, meanings, KEY, label)
    return sheet, where, ignored


@functools.lru_cache(maxsize=4)
def _load(file: str, size: int, mtime: int, label: str) -> pd.DataFrame:
    import pandas as pd

    sheet, where, _ = _sheet(file, label)
    if sheet.cells.empty:
        raise ConfigError(KEY, label, f"has no years: no row below its header (row {sheet.header_row})")
    measures = [m for m in MEASURES if m.name in where]
    if not measures:
        raise ConfigError(KEY, label, "names no measure the model gives: its columns must include one of "
                                      + ", ".join(RECORD_COLUMNS[m.name][0] for m in MEASURES)
                                      + " (every name accepted is in docs/county_data.md)")
    orphans = [m for m in where if m.startswith("error:") and m.removeprefix("error:") not in where]
    if orphans:
        header = sheet.headers[where[orphans[0]]]
        raise ConfigError(KEY, label, f"has the observation error column {header} without its measure's column")
    bad: list[BadCell] = []
    year, wrong = numbers(sheet.cells[where["year"]])
    wrong |= ~np.isfinite(year) | (np.nan_to_num(year) % 1 != 0) | (year < FIRST_YEAR) | (year > LAST_YEAR)
    bad += bad_cells(sheet, where["year"], wrong, YEAR_ALLOWED)
    seen: dict[int, int] = {}
    for row, y, w in zip(sheet.cells.index, year, wrong, strict=True):
        if not w and int(y) in seen:
            bad.append(BadCell(int(row), sheet.headers[where["year"]], sheet.cells.at[row, where["year"]],
                               f"the year {int(y)} is on row {seen[int(y)]} already: one row per year"))
        seen.setdefault(int(y) if not w else -1, int(row))
    parts = []
    for m in measures:
        value, wrong = numbers(sheet.cells[where[m.name]])
        value = value * scale_of(sheet, where[m.name])
        given = np.isfinite(value)
        v = np.where(given, value, 0.0)
        wrong |= given & ((v < 0) | ((v % 1 != 0) if m.kind == "count" else (v > 1) if m.kind == "share" else False))
        bad += bad_cells(sheet, where[m.name], wrong, ALLOWED[m.kind])
        error = np.full(value.shape, np.nan)
        if f"error:{m.name}" in where:
            position = where[f"error:{m.name}"]
            error, error_wrong = numbers(sheet.cells[position])
            error = error * scale_of(sheet, position)
            error_wrong |= np.isfinite(error) & (np.nan_to_num(error) < 0)
            bad += bad_cells(sheet, position, error_wrong, ERROR_ALLOWED)
        parts.append(pd.DataFrame({"year": year, "measure": m.name, "value": value, "error": error})[given])
    if bad:
        raise BadRows(KEY, label, sorted(bad, key=lambda c: (c.row, sheet.headers.index(c.column))))
    table = pd.concat(parts, ignore_index=True)
    table["year"] = table["year"].astype(np.int64)
    order = {m.name: i for i, m in enumerate(MEASURES)}
    table = table.sort_values(["year", "measure"], key=lambda s: s.map(order) if s.name == "measure" else s)
    return table.reset_index(drop=True)[list(COLUMNS)]
