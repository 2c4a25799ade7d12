"""The numba engine's self-inspection walk beside the event heap (sim/engines/numba/arrivals.py), month by
month; the candidates' time order is pinned in test_ordering.py. The engines' agreement tests would
catch a gross error; these pin the order itself."""

from __future__ import annotations

import numpy as np
from numba import njit

import sim
from sim.engines.numba.arrivals import next_due_self_check
from sim.engines.numba.inputs import state_tuple, world_tuple
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario
from sim.world.schedules import SELF_CHECK_TIME_OF_DAY


@njit
def _book_and_walk(S, W, months):
    """Book each enterprise's next self-check month, then walk: the (enterprise, month, time) visited."""
    for e in range(months.shape[0]):
        S.enterprises[e].self_check_month = months[e]
    visits = []
    m, j, t = next_due_self_check(S, W, 0, 0)
    while t < np.inf:
        visits.append((W.self_check_order[j], m, t))
        m, j, t = next_due_self_check(S, W, m, j + 1)
    return visits


@njit
def _offsets(S):
    return S.enterprises["self_check_offset"].copy()


def test_self_check_walk_visits_each_booked_enterprise_once_in_time_order():
    scenario = compile_scenario(sim.load_config("county_baseline", ["population.enterprises=300"]))
    world = draw_world(scenario, 0, 0)
    W, S = world_tuple(scenario, world), state_tuple(scenario, world.population, world.hazards)
    n, n_months = world.population.size, scenario.month_starts.shape[0]
    rng = np.random.default_rng(1)
    months = rng.integers(-1, n_months, n)  # -1: nothing booked
    visits = _book_and_walk(S, W, months)
    offsets = _offsets(S)
    booked = np.flatnonzero(months >= 0)
    assert sorted(e for e, _, _ in visits) == booked.tolist()
    for e, m, t in visits:
        assert m == months[e]
        assert t == scenario.month_starts[m, 0] + offsets[e] + SELF_CHECK_TIME_OF_DAY
    times = [t for _, _, t in visits]
    assert times == sorted(times)
