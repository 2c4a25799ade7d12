"""Memory of a numba replication (issue 30, item 2): the candidates are kept once, and hazard records
are made only for the candidates that become hazards, linked by enterprise in the order they arose.
The golden comparison and the engines' agreement tests check the numbers; these pin the layout."""

from __future__ import annotations

import numpy as np
from numba import njit

import sim
from sim.engines.numba.inputs import state_tuple, world_tuple
from sim.engines.numba.loop import simulate_replication
from sim.streams import stream
from sim.world.nature import CANDIDATE
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario


@njit
def _hazards(S):
    return S.hazards.copy(), S.enterprises.copy(), S.hazards_made


def _run(enterprises: int):
    scenario = compile_scenario(sim.load_config("county_baseline", [f"population.enterprises={enterprises}",
                                                                    "inspectors.count=3"]))
    world = draw_world(scenario, 0, 0)
    W, S = world_tuple(scenario, world), state_tuple(scenario, world.population, world.hazards)
    S = simulate_replication(W, S, *(stream(0, 0, name) for name in
                                     ("self_inspection", "enforcement", "rectification", "third_party")))
    return world, *_hazards(S)


def test_the_candidates_draws_are_kept_once_as_views_of_their_table():
    scenario = compile_scenario(sim.load_config("county_baseline", ["population.enterprises=200"]))
    hazards = draw_world(scenario, 0, 0).hazards
    for name in CANDIDATE.names[:-1]:  # every drawn field; the last is the enterprise
        column = getattr(hazards, name)
        assert np.shares_memory(column, hazards.table), name
        np.testing.assert_array_equal(column, hazards.table[name])
    first = hazards.first
    owners = np.repeat(np.arange(first.size - 1), np.diff(first))
    np.testing.assert_array_equal(hazards.table["enterprise"], owners)


def test_hazard_records_are_the_hazards_made_each_linked_after_the_last_of_its_enterprise():
    world, records, firms, made = _run(300)
    candidates = world.hazards
    assert 0 < made < candidates.time.size
    used, unused = records[:made], records[made:]
    assert not unused.view(np.uint8).any()  # never written: no memory taken
    np.testing.assert_array_equal(used["enterprise"], candidates.table["enterprise"][used["candidate"]])
    assert np.all(np.diff(candidates.time[used["candidate"]]) >= 0)  # made in the candidates' time order
    for e in range(firms.size):
        mine = np.flatnonzero(used["enterprise"] == e)
        last = firms["last_hazard"][e]
        assert last == (mine[-1] if mine.size else -1)
        if mine.size:  # every link points to a later hazard of the same enterprise, or -1 from the last
            nxt = used["next_hazard"][mine]
            assert np.all((nxt == -1) | ((nxt > mine) & np.isin(nxt, mine)))
            assert nxt[-1] == -1
        walked, h = [], firms["first_hazard"][e]  # the walk from its first reaches every open hazard
        while h >= 0:
            walked.append(h)
            h = used["next_hazard"][h]
        open_ = mine[used["closed"][mine] == 0]
        assert set(open_) <= set(walked)
