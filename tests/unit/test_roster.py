"""The day's roster (sim/engines/numba/heaps.py): the inspector it puts first is always the one the
SimPy engine's scan picks (most hours left, lowest index on ties), through a whole working day."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

from sim.engines.numba.heaps import roster_drop, roster_push, roster_settle


@njit
def _day_with_roster(available, hours, stops):
    """Who takes each task: `hours[t]` is the t-th task's length; `stops[t]` says its taker has nothing it
    can start (it stops for the day instead)."""
    k = available.shape[0]
    roster = np.empty(k, dtype=np.int64)
    n = 0
    for i in range(k):
        if available[i] > 0.0:
            n = roster_push(roster, n, available, i)
    takers = []
    t = 0
    while n > 0 and t < hours.shape[0]:
        i = roster[0]
        takers.append(i)
        if stops[t]:
            n = roster_drop(roster, n, available)
        else:
            available[i] -= hours[t]
            if available[i] <= 0.0:
                available[i] = 0.0
                n = roster_drop(roster, n, available)
            else:
                n = roster_settle(roster, n, available)
        t += 1
    return takers


def _day_with_scan(available, hours, stops):
    """The SimPy engine's rule, as written there: max over (hours left, -index) of those still working."""
    active = [i for i in range(len(available)) if available[i] > 0.0]
    takers = []
    t = 0
    while active and t < len(hours):
        i = max(active, key=lambda j: (available[j], -j))
        takers.append(i)
        if stops[t]:
            active.remove(i)
        else:
            available[i] -= hours[t]
            if available[i] <= 0.0:
                available[i] = 0.0
                active.remove(i)
        t += 1
    return takers


@pytest.mark.parametrize("k", [1, 2, 7, 60])
@pytest.mark.parametrize("seed", range(5))
def test_the_roster_puts_first_whom_the_scan_picks(k, seed):
    rng = np.random.default_rng(seed)
    available = rng.integers(0, 13, k) * 0.5  # whole half-hours: many ties, some inspectors with none
    hours = rng.integers(1, 9, 20 * k) * 0.5
    stops = rng.random(20 * k) < 0.1
    expected = _day_with_scan(list(available), list(hours), list(stops))
    assert _day_with_roster(available.copy(), hours, stops) == expected
    assert len(expected) > 0 or not (available > 0).any()
