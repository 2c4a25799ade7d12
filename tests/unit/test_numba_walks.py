"""The numba engine's walks: the self-inspection walk beside the event heap (sim/engines/numba/arrivals.py),
month by month, and each enterprise's list of open hazards (open_hazards.py); the candidates' time order
is pinned in test_ordering.py. The engines' agreement tests would catch a gross error; these pin the
order itself."""

from __future__ import annotations

import numpy as np
from numba import njit

import sim
from sim.engines.numba.arrivals import next_due_self_check
from sim.engines.numba.inputs import state_tuple, world_tuple
from sim.engines.numba.loop import simulate_replication
from sim.results_schema import COUNTS
from sim.streams import stream
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario
from sim.world.schedules import SELF_CHECK_TIME_OF_DAY
from tests.equivalence.scenarios import BASE, SCENARIOS


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


@njit
def _hazards_and_enterprises(S):
    return S.hazards.copy(), S.enterprises.copy(), S.counts.copy()


def test_each_enterprise_lists_exactly_its_open_hazards_in_arrival_order_after_closures():
    """After a run with suspensions and enterprise closures (the equivalence suite's `penalties`), walking
    each enterprise's list gives its open hazards, in index order, with consistent back links."""
    scenario = compile_scenario(sim.load_config(overrides=[*BASE, *SCENARIOS["penalties"]]))
    world = draw_world(scenario, 3, 0)
    S = simulate_replication(world_tuple(scenario, world), state_tuple(scenario, world.population, world.hazards),
                             *(stream(3, 0, name) for name in ("self_inspection", "enforcement", "rectification",
                                                               "third_party")))
    hazards, firms, counts = _hazards_and_enterprises(S)
    assert counts[COUNTS.index("closures")] > 0 and counts[COUNTS.index("suspensions")] > 0
    is_open = (hazards["exists"] == 1) & (hazards["closed"] == 0)
    assert 0 < is_open.sum() < (hazards["exists"] == 1).sum()
    for e in range(firms.shape[0]):
        walked, before, h = [], -1, firms["first_open"][e]
        while h >= 0:
            assert hazards["previous_open"][h] == before
            walked.append(h)
            before, h = h, hazards["next_open"][h]
        assert firms["last_open"][e] == before
        assert walked == np.flatnonzero(is_open & (hazards["enterprise"] == e)).tolist()
