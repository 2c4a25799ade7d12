"""Slow, obviously correct references that the engines are compared with (as stumpy's tests/naive.py).

`one_firm_accidents` follows the hazards of one enterprise that only looks for them itself: no
inspectors, no reports, no deterrence, nothing that feeds back on the hazards, so each hazard lives
on its own and a few lines of numpy can follow every one of them from arrival to its end, written
from docs/model.md §3–§5 and sharing no code with the engines:

- hazards arrive as a Poisson process at rate λ over the simulated days (warm-up and window);
- each is major with probability p_major, and a general one turns major after an Exp(ε) time;
- routine repair closes it after an Exp(ν) time;
- it causes an accident once the accident rate integrated since its arrival (κ_general until it
  turns major, κ_major after) reaches an Exp(1) draw: so with rates that do not change, after an
  exponential time, whatever happens to the hazard's other clocks meanwhile;
- at each quarterly self-check (the first day of January, April, July and October plus the firm's
  day offset, at 06:00) a hazard still open and not yet found is found with probability d × q, d
  for its class at that time; once found, the firm fixes it with probability c, at a time uniform
  over the deadline of its class, and it is never looked for again;
- it ends at the first of routine repair, the fix and the accident; an accident counts when it is
  the end and falls in the measured window [0, horizon).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

QUARTER_MONTHS = (1, 4, 7, 10)
CHECK_TIME_OF_DAY = 0.25


@dataclass(slots=True, kw_only=True)
class OneFirm:
    """One enterprise's hazard physics and self-checks; rates per day, times in days from the start date."""

    hazard_rate: float           # λ
    p_major: float
    closure_rate: float          # ν, routine repair
    escalation_rate: float       # ε, general to major
    accident_general: float      # κ of a general hazard
    accident_major: float        # κ of a major hazard
    quality: float               # q
    detection_general: float     # d of the quarterly self-check, general hazards
    detection_major: float
    compliance: float            # c
    deadline_general: float      # days
    deadline_major: float
    check_days: np.ndarray       # float64[C]: the self-checks, increasing
    first_day: float             # the first simulated day (minus the warm-up)
    horizon: float               # the window is [0, horizon)


def quarterly_checks(start: dt.date, first_day: int, horizon: int, offset: int) -> np.ndarray:
    """Times of the quarterly self-checks of a firm with day offset `offset`, from the calendar itself."""
    days = []
    for d in range(first_day, horizon):
        date = start + dt.timedelta(days=d)
        if date.day == 1 and date.month in QUARTER_MONTHS:
            days.append(d + offset + CHECK_TIME_OF_DAY)
    return np.array(days, dtype=float)


def _exponential_time(rng: np.random.Generator, rate: float, n: int) -> np.ndarray:
    """Exp(rate) waiting times; never, at rate 0."""
    return rng.exponential(1.0, n) / rate if rate > 0 else np.full(n, np.inf)


def one_firm_accidents(firm: OneFirm, replications: int, rng: np.random.Generator) -> np.ndarray:
    """Accidents in the window of each of `replications` independent runs of the firm, int64[replications].

    Both accident rates must be above 0.
    """
    assert firm.accident_general > 0 and firm.accident_major > 0
    span = firm.horizon - firm.first_day
    per_run = rng.poisson(firm.hazard_rate * span, replications)
    run = np.repeat(np.arange(replications), per_run)
    n = run.shape[0]
    created = firm.first_day + rng.random(n) * span
    major = rng.random(n) < firm.p_major
    escalates = np.where(major, np.inf, created + _exponential_time(rng, firm.escalation_rate, n))
    closure = created + _exponential_time(rng, firm.closure_rate, n)
    # the accident: an Exp(1) exposure spent at κ_general from its arrival until it turns major, then at κ_major
    switch = np.where(major, created, escalates)
    exposure = rng.exponential(1.0, n)
    kg, km = firm.accident_general, firm.accident_major
    spent_general = kg * (switch - created)
    with np.errstate(invalid="ignore"):  # inf - inf where a general hazard never turns major: not chosen
        accident = np.where(exposure < spent_general, created + exposure / kg, switch + (exposure - spent_general) / km)
    fix = np.full(n, np.inf)
    found = np.zeros(n, dtype=bool)
    for check in firm.check_days:
        open_now = ~found & (created < check) & (check < np.minimum(closure, accident))
        major_now = major | (escalates < check)
        d = np.where(major_now, firm.detection_major, firm.detection_general) * firm.quality
        hit = open_now & (rng.random(n) < d)
        found |= hit
        complies = hit & (rng.random(n) < firm.compliance)
        deadline = np.where(major_now, firm.deadline_major, firm.deadline_general)
        fix = np.where(complies, check + rng.random(n) * deadline, fix)
    counted = (accident < closure) & (accident < fix) & (accident >= 0.0) & (accident < firm.horizon)
    return np.bincount(run[counted], minlength=replications).astype(np.int64)
