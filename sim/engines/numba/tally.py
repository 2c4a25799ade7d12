"""What a replication counts in the numba engine: its counters, monthly series, amounts and the field
trial's tallies, each kept only for what happens inside the measured window (after the warm-up)."""

from __future__ import annotations

import math

from sim.engines.numba import layout as L
from sim.engines.numba.kernel import kernel
from sim.rules.jit import days_in_year, trial_slot, trial_year
from sim.rules.trial import EXPECTED, YEARS


@kernel
def in_window(W, t):
    return 0.0 <= t < W.params[0].horizon


@kernel
def window_year(W, t):
    """The calendar year of time t in the window, 0 for its first; 0 for any time of the warm-up."""
    return W.calendar[int(math.floor(t)) - int(W.params[0].first_day)].year if t >= 0.0 else 0


@kernel
def count(S, W, c, t, n):
    if 0.0 <= t < W.params[0].horizon:
        S.counts[c] += n


@kernel
def count_monthly(S, W, mo, t, n):
    if 0.0 <= t < W.params[0].horizon:
        day = int(math.floor(t)) - int(W.params[0].first_day)
        S.monthly[mo, W.calendar[day].month] += n


@kernel
def add_amount(S, W, a, t, x):
    if 0.0 <= t < W.params[0].horizon:
        S.amounts[a] += x


@kernel
def trial_count(S, W, measure, arm, t):
    """Count one of `measure` (sim.rules.trial) at time t for an enterprise of the field trial's `arm`."""
    year = trial_year(t, W.params[0].trial_day)
    if year >= 0:
        S.amounts[L.A_TRIAL + trial_slot(measure, arm, year)] += 1.0


@kernel(inline=True)
def trial_exposure(S, W, arm, rate, start, end):
    """rate x the days of [start, end) in each follow-up year, to the expected accidents of `arm`."""
    date = W.params[0].trial_day
    for year in range(YEARS):
        days = days_in_year(start, end, date, year)
        if days > 0.0:
            S.amounts[L.A_TRIAL + trial_slot(EXPECTED, arm, year)] += rate * days
