"""The county's records beside a run's own figures, for the years and measures a run gives per year.

Not a calibration: one run, the records as they are, side by side, so a planner sees at once whether
the scenario is in the county's range. A measure is shown for a calendar year the measured window
covers wholly, when the run gives it per year (records.Measure.yearly): the monthly series summed over
the year's months, or the annual plan's figures of that year (NaN without the plan, shown as –).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

import pandas as pd

from sim.county.records import BY_NAME, load_records, records_headers
from sim.results import SimulationResult


def whole_years(start: dt.date, horizon_days: int) -> list[int]:
    """The calendar years that lie wholly inside the window of `horizon_days` from `start`."""
    last = start + dt.timedelta(days=horizon_days - 1)
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    end = last.year if (last.month, last.day) == (12, 31) else last.year - 1
    return list(range(first, end + 1))


def model_yearly(result: SimulationResult, measure: str, year: int) -> float:
    """The run's mean over replications of a measure in one calendar year (NaN if it has none)."""
    m = BY_NAME[measure]
    if m.yearly == "monthly":
        months = result.timeseries[result.timeseries.month.str.startswith(f"{year}-")]
        return float(months.groupby("replication")[m.metric].sum().mean())
    if m.yearly == "window_year":
        k = year - dt.date.fromisoformat(result.config.start_date).year + 1
        column = f"{m.metric}_y{k}"
        return float(result.replications[column].mean()) if column in result.replications else math.nan
    return math.nan


def records_beside(result: SimulationResult) -> str | None:
    """A table of the records the run gives per year beside the run's means; None when there is none."""
    path = result.config.calibration.records
    if not path:
        return None
    table = load_records(path)
    headers, _ = records_headers(path)
    years = whole_years(dt.date.fromisoformat(result.config.start_date), result.config.horizon_days)
    shown = table[table.year.isin(years) & table.measure.map(lambda m: BY_NAME[m].yearly != "")]
    if shown.empty:
        return None
    rows = [(headers[r.measure], r.measure, int(r.year), r.value, model_yearly(result, r.measure, int(r.year)))
            for r in shown.itertuples()]
    width = max(shown_width(h) for h, *_ in rows)
    n = len(result.replications)
    lines = [f"the county's records beside this run, per year (the run: the mean of {n} replication"
             f"{'s' if n != 1 else ''}; how each is defined in the model: docs/county_data.md)",
             f"  {pad('', width)}  {'year':>4}  {'recorded':>12}  {'model':>12}"]
    for header, _, year, value, model in rows:
        shown_model = "–" if pd.isna(model) else f"{model:,.1f}"
        lines.append(f"  {pad(header, width)}  {year:>4}  {value:>12,.0f}  {shown_model:>12}")
    return "\n".join(lines)


def shown_width(text: str) -> int:
    """Columns a text takes in a terminal: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - shown_width(text))
