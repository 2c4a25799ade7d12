"""The few lines `python -m sim` prints after a run: per year, like the reports, with unit and period."""

from __future__ import annotations

import datetime as dt

from sim.results import SimulationResult

YEAR_DAYS = 365.25
# (metric, label, a count over the window to show per year)
SHOWN = (
    ("accidents", "accidents a year", True),
    ("deaths", "deaths a year", True),
    ("expected_deaths", "expected deaths a year", True),
    ("deaths_per_100k_workers_year", "deaths per 100,000 workers a year", False),
    ("hazards_found", "hazards found a year", True),
    ("inspections", "inspections a year", True),
    ("tasks_expired", "tasks expired unmade a year", True),
)


def console_summary(result: SimulationResult) -> str:
    """A table of the headline metrics: mean per year over replications and its 95% interval."""
    config = result.config
    years = config.horizon_days / YEAR_DAYS
    start = dt.date.fromisoformat(config.start_date)
    last = start + dt.timedelta(days=config.horizon_days - 1)
    n = len(result.replications)
    summary = result.summary().set_index("metric")
    if n > 1:
        head = (f"per year over the measured window {start} to {last} ({years:.2f} years): the mean of {n} "
                "replications and the 95% interval of that mean (cut at 0)")
    else:
        head = (f"per year over the measured window {start} to {last} ({years:.2f} years), one replication: "
                "no interval, as one history says nothing of the spread (replications=N, N >= 2, gives one)")
    width = max(len(label) for _, label, _ in SHOWN)
    lines = [head, f"  {'':<{width}}  {'mean':>10}  {'95% interval':>21}"]
    for metric, label, per_year in SHOWN:
        row = summary.loc[metric]
        scale = 1.0 / years if per_year else 1.0
        interval = (f"{row.ci_low * scale:>10,.2f} – {row.ci_high * scale:<10,.2f}" if n > 1 else f"{'–':>21}")
        lines.append(f"  {label:<{width}}  {row['mean'] * scale:>10,.2f}  {interval}")
    return "\n".join(lines)
