"""The simulated field trial's bookkeeping (docs/model.md §13): arms, follow-up years and their slots.

A random sample of enterprises is split in two arms: the treated get one extra check on the trial's
date, the controls none. Each arm's accidents, expected accidents and hazards created are counted
in each of the `YEARS` years that follow the date (years of `YEAR_DAYS` days, the first starting at
the date's midnight), whatever happens to the firm (intention to treat).
"""

from __future__ import annotations

OUTSIDE, CONTROL, TREATED = -1, 0, 1   # an enterprise's arm; OUTSIDE: not in the trial
ARMS = ("control", "treated")          # indexed by CONTROL, TREATED
MEASURES = ("accidents", "expected_accidents", "hazards_created")
ACCIDENTS, EXPECTED, CREATED = range(len(MEASURES))
YEARS = 4                              # follow-up years after the date
YEAR_DAYS = 365.25


def trial_year(t: float, date: float) -> int:
    """The follow-up year (0 for the first) that time t falls in, or -1 before the date or after the last."""
    if t < date:
        return -1
    year = int((t - date) // YEAR_DAYS)
    return year if year < YEARS else -1


def days_in_year(start: float, end: float, date: float, year: int) -> float:
    """Days of [start, end) that lie in follow-up year `year` (0 for the first)."""
    lo = max(start, date + year * YEAR_DAYS)
    hi = min(end, date + (year + 1) * YEAR_DAYS)
    return hi - lo if hi > lo else 0.0


def trial_slot(measure: int, arm: int, year: int) -> int:
    """Position of (measure, arm, year) among the trial's columns (`sim.results_schema.TRIAL`)."""
    return (measure * len(ARMS) + arm) * YEARS + year
