"""The numba engine's event heap (issue 30, item 1): events come out by time, then in the order they
were pushed, and a hazard clock that would ring at or after the horizon is never queued. The golden
comparison and the engines' agreement tests check the numbers; these pin the heap's behaviour."""

from __future__ import annotations

import numpy as np
from numba import njit

import sim
from sim.engines.numba import layout as L
from sim.engines.numba.grow import make_room
from sim.engines.numba.heaps import pop_event, push_event
from sim.engines.numba.inputs import state_tuple, world_tuple
from sim.engines.numba.loop import simulate_replication
from sim.streams import stream
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario


def _county(enterprises: int):
    scenario = compile_scenario(sim.load_config("county_baseline", [f"population.enterprises={enterprises}",
                                                                    "inspectors.count=3"]))
    world = draw_world(scenario, 0, 0)
    return scenario, world, world_tuple(scenario, world), state_tuple(scenario, world.population, world.hazards)


@njit
def _left_in_heap(S):
    n = S.pending_events
    return S.event_time[:n].copy(), S.event_kind[:n].copy(), S.events_pushed


@njit
def _push_all_pop_all(S, times):
    """Push events at `times` (payload a = push order), then pop them all; the popped (time, a) pairs."""
    S.pending_events = 0
    make_room(S, times.shape[0], 0)
    for i in range(times.shape[0]):
        push_event(S, times[i], L.EV_SNAPSHOT, i, 0)
    out_t, out_a = np.empty(times.shape[0]), np.empty(times.shape[0], dtype=np.int64)
    for i in range(times.shape[0]):
        t, _, a, _ = pop_event(S)
        out_t[i], out_a[i] = t, a
    return out_t, out_a


def test_events_come_out_by_time_then_in_push_order():
    _, _, _, S = _county(30)
    rng = np.random.default_rng(5)
    for n in (1, 2, 5, 17, 1000, 5000):
        times = rng.integers(0, 40, n).astype(np.float64)  # many ties: order among them is the push order
        got_t, got_a = _push_all_pop_all(S, times)
        expected = np.lexsort((np.arange(n), times))
        np.testing.assert_array_equal(got_a, expected)
        np.testing.assert_array_equal(got_t, times[expected])


def test_no_hazard_clock_is_queued_at_or_after_the_horizon():
    scenario, _, W, S = _county(300)
    S = simulate_replication(W, S, *(stream(0, 0, name) for name in
                                      ("self_inspection", "enforcement", "rectification", "third_party")))
    times, kinds, pushed = _left_in_heap(S)
    assert pushed > 0 and np.all(times >= scenario.horizon)  # the replication ran to its horizon
    assert not np.any(kinds == L.EV_HAZARD)  # its open hazards' later clocks were never queued
