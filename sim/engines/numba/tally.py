"""What a replication counts in the numba engine: its counters, monthly series, amounts and the field
trial's tallies, each kept only for what happens inside the measured window (after the warm-up)."""

from __future__ import annotations

import math

from numba import njit
from sim.engines.numba import layout as L
from sim.rules.jit import days_in_year, trial_slot, trial_year
from sim.rules.trial import EXPECTED, YEARS


@njit(cache=True)
def in_window(W, t):
    return 0.0 <= t < W.p[L.P_HORIZON]


@njit(cache=True)
def window_year(W, t):
    """The calendar year of time t in the window, 0 for its first; 0 for any time of the warm-up."""
    return W.cal[int(math.floor(t)) - int(W.p[L.P_FIRST_DAY]), L.CAL_YEAR] if t >= 0.0 else 0


@njit(cache=True)
def count(S, W, c, t, n):
    if 0.0 <= t < W.p[L.P_HORIZON]:
        S.cnt[c] += n


@njit(cache=True)
def count_monthly(S, W, mo, t, n):
    if 0.0 <= t < W.p[L.P_HORIZON]:
        day = int(math.floor(t)) - int(W.p[L.P_FIRST_DAY])
        S.mon[mo, W.cal[day, L.CAL_MONTH]] += n


@njit(cache=True)
def add_amount(S, W, a, t, x):
    if 0.0 <= t < W.p[L.P_HORIZON]:
        S.amt[a] += x


@njit(cache=True)
def trial_count(S, W, measure, arm, t):
    """Count one of `measure` (sim.rules.trial) at time t for an enterprise of the field trial's `arm`."""
    year = trial_year(t, W.p[L.P_TRIAL_DATE])
    if year >= 0:
        S.amt[L.A_TRIAL + trial_slot(measure, arm, year)] += 1.0


@njit(cache=True)
def trial_exposure(S, W, arm, rate, start, end):
    """rate x the days of [start, end) in each follow-up year, to the expected accidents of `arm`."""
    date = W.p[L.P_TRIAL_DATE]
    for year in range(YEARS):
        days = days_in_year(start, end, date, year)
        if days > 0.0:
            S.amt[L.A_TRIAL + trial_slot(EXPECTED, arm, year)] += rate * days
