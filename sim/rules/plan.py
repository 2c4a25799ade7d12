"""The annual inspection plan (年度监督检查计划, MODEL.md §5a): how a year's staff hours become checks.

At the start of each plan year the bureau counts the hours its staff have for enforcement (after
`admin_share`), takes off what the unplanned work took the year before (scaled to this year's working
days) and a reserve (留有余地), and turns the rest into planned checks: first the tiered checks of the
key enterprises (重点检查, each at its tier's frequency), then, with 分级分类 (`risk_based`) or 信用监管
(`credit_based`) on, the lower tiers' floors (each enterprise's tier or credit frequency, the larger),
then general checks (一般检查) of every enterprise but the key ones, riskiest
first, round after round while the hours last.
Each enterprise's checks are then spread evenly over the plan year's months.

Plain functions of numbers and arrays, so the SimPy engine calls them as they are and the numba
engine compiles the same functions (`sim.rules.jit`).
"""

from __future__ import annotations

import math

import numpy as np

ANNUAL_PLAN = 0.25  # where an enterprise's plan phase sits (sim.rules.targeting.plan_phase): apart from the others
MONTHS_PER_YEAR = 12.0
KEY_TIERS = 2       # tiers 0 (red) and 1 (orange): the key enterprises (重点企业) the plan covers first
N_TIERS = 4         # red, orange, yellow, blue
# The plan's ledger, one row per plan year (both engines keep it the same way): staff-days, the
# unplanned work it expects and the check-days it leaves (in days of `hours_per_day` hours), checks
# planned, key checks asked for that did not fit, checks done (of those made from this year's plan,
# whenever done), checks queued (planned, less those of enterprises closed before their month), and
# the hours the unplanned work took in this plan year (what next year's plan expects).
(PL_STAFF_DAYS, PL_UNPLANNED_DAYS, PL_CHECK_DAYS, PL_CHECKS, PL_KEY_SHORTFALL, PL_CHECKS_DONE, PL_QUEUED,
 PL_UNPLANNED_HOURS, N_PL) = range(9)


def staff_hours(inspectors: int, days: float, capacity: float) -> float:
    """The staff's hours after `admin_share` over `days` working days, at `capacity` hours a day each."""
    return inspectors * days * capacity


def as_days(hours: float, hours_per_day: float) -> float:
    """Hours as staff-days of `hours_per_day` hours (0 when a day has no hours)."""
    return hours / hours_per_day if hours_per_day > 0.0 else 0.0


def unplanned_estimate(previous_hours: float, previous_days: float, days: float, available: float,
                       first_share: float) -> float:
    """Hours the plan expects unplanned work to take in a plan year of `days` working days.

    Last year's measured hours (`previous_hours` over its `previous_days` working days) scaled to this
    year's working days; with no previous plan year (`previous_days` 0), `first_share` of the
    `available` hours (the first-year estimate).
    """
    if previous_days > 0.0:
        return previous_hours * days / previous_days
    return first_share * available


def plan_check_hours(available: float, unplanned: float, reserve: float) -> float:
    """The plan's check hours: the hours after admin, less the reserve's share of them and the
    unplanned work expected; never below 0."""
    return max(0.0, (1.0 - reserve) * available - unplanned)


def build_plan(order: np.ndarray, tier: np.ndarray, on_register: np.ndarray, hours: np.ndarray,
               frequency: np.ndarray, credit: np.ndarray, months: float, account: np.ndarray, budget: float,
               general: bool, out: np.ndarray, tiered_out: np.ndarray) -> tuple[int, int, int]:
    """Fill out[e] with enterprise e's planned checks this plan year and tiered_out[e] with those of them
    that are tiered checks; return (tiered checks asked, tiered checks planned, general checks planned).

    `order`: int[N] enterprises riskiest first; `tier`: int[N] risk tier (0 red … 3 blue);
    `on_register`: int[N] 1 for an enterprise not closed; `hours`: float[N] hours of one targeted check
    of each; `frequency`: float[4] tiered checks a year by tier (0: the tier is not in the tiered
    part); `credit`: float[N] each enterprise's checks a year under 信用监管 (`credit_based`; 0 when off),
    a floor like its tier's: the enterprise is asked for the larger of the two, in its tier's part;
    `months`: months in the plan year; `account`: float[N] each enterprise's tiered-check account,
    updated (a fractional frequency's remainder carries into the next year); `budget`: check hours.

    Tiered checks go in rounds, the key tiers' (red, orange: 重点企业) before the lower tiers': every
    key enterprise's first check riskiest first, then every second check, and so on, so a short budget
    covers as many key enterprises as it can before checking any twice, and no yellow or blue check
    takes the hours of a red one; then the lower tiers' checks the same way. A lower tier's frequency
    is a floor, not a cap: general checks go round every enterprise on the register except the key
    enterprises with tiered checks, riskiest first, at most one a month each, and an enterprise whose
    planned checks already reach a round is passed over in it (its tiered checks are its first general
    ones). Planning stops at the first check whose hours are not left.
    """
    n = order.shape[0]
    asked = np.zeros(n, dtype=np.int64)
    most = 0
    for e in range(n):
        out[e] = 0
        tiered_out[e] = 0
        f = max(frequency[tier[e]], credit[e])
        if on_register[e] == 1 and f > 0.0:
            account[e] += f * months / MONTHS_PER_YEAR
            asked[e] = int(math.floor(account[e] + 1e-9))
            account[e] -= asked[e]
            most = max(most, asked[e])
    left, tiered, short = budget, 0, False
    for part in range(N_TIERS - KEY_TIERS + 1):   # the key tiers together, then each lower tier
        for r in range(most):
            for e in order:
                if asked[e] > r and max(0, tier[e] - KEY_TIERS + 1) == part:
                    if hours[e] > left:
                        short = True
                        break
                    left -= hours[e]
                    out[e] += 1
                    tiered_out[e] += 1
                    tiered += 1
            if short:
                break
        if short:
            break
    general_checks = 0
    if general and not short:
        rest = np.empty(n, dtype=np.int64)
        m = 0
        for e in order:
            if on_register[e] == 1 and (asked[e] == 0 or tier[e] >= KEY_TIERS):
                rest[m] = e
                m += 1
        for round_ in range(int(months)):
            for j in range(m):
                e = rest[j]
                if out[e] > round_:   # its floor (tiered) checks already reach this round
                    continue
                if hours[e] > left:
                    return int(asked.sum()), tiered, general_checks
                left -= hours[e]
                out[e] += 1
                general_checks += 1
    return int(asked.sum()), tiered, general_checks


def checks_in_month(checks: int, phase: float, month: int, months: int) -> int:
    """Of an enterprise's `checks` planned checks in a plan year of `months` months, how many fall due
    at the start of month `month` (0 for the first): evenly spread, the enterprise's `phase` in [0, 1)
    setting where in its cycle the year starts, so that the months add up to `checks` exactly."""
    if checks <= 0 or months <= 0:
        return 0
    return int(math.floor(phase + (month + 1) * checks / months)
               - math.floor(phase + month * checks / months))
