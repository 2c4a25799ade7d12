"""Who the planned regimes check: the monthly expert-led checks and the frequency plans (MODEL.md §7).

Plans are deterministic: an enterprise planned f times a year accrues f / 12 checks each month
and gets a check each time its account reaches one. The account starts at a fixed, well-spread
fraction of one (a golden-ratio sequence over the enterprise index), so the checks of a tier are
spread evenly over the months instead of falling due all together. The credit plan's account
starts half a check further on than the risk plan's: an enterprise planned as often by both
(a yellow-tier firm of normal credit, by default) gets its two checks half a cycle apart, not on
the same day every time.
"""

from __future__ import annotations

import math

import numpy as np

GOLDEN = 0.6180339887498949


RISK_PLAN = 0.0    # where the risk plan's accounts start, as a shift of the golden-ratio sequence
CREDIT_PLAN = 0.5  # the credit plan's: half a check on from the risk plan's


def plan_phase(enterprise: int, plan: float) -> float:
    """Where an enterprise's check account in `plan` (RISK_PLAN, CREDIT_PLAN) starts, in [0, 1)."""
    x = (enterprise + 1) * GOLDEN + plan
    return x - math.floor(x)


def plan_phases(n: int, plan: float) -> np.ndarray:
    """`plan_phase` of enterprises 0 .. n - 1 at once (the same floats)."""
    x = np.arange(1, n + 1) * GOLDEN + plan
    return x - np.floor(x)


def accrue(account: float, per_year: float) -> float:
    """The account after one month of a plan of `per_year` checks a year."""
    return account + per_year / 12.0


def checks_due(account: float) -> int:
    """Whole checks now due from an account (the caller subtracts them)."""
    return int(math.floor(account + 1e-9))


def credit_frequency(credit: int, base: float, good: float, normal: float, dishonest: float,
                     blacklisted: float) -> float:
    """Checks a year under credit-based supervision (信用监管): the base times the status multiplier."""
    if credit == 0:
        return base * good
    if credit == 1:
        return base * normal
    if credit == 2:
        return base * dishonest
    return base * blacklisted


def listed(credit: int) -> bool:
    """On the published credit list (失信 or 黑名单): dishonest or blacklisted."""
    return credit >= 2


def lead_eligible(last_check: float, last_chosen: float, t: float, lookback: float) -> bool:
    """A lead check goes to an enterprise neither checked nor chosen for one in the last `lookback` days."""
    return t - last_check >= lookback and t - last_chosen >= lookback


def accident_triggers(deaths: int, min_deaths: int) -> bool:
    """事故防范检查: a local accident of the configured class or worse sets off the same-sector checks."""
    return deaths >= min_deaths
