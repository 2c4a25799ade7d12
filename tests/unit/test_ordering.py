"""The candidate orders (sim/world/ordering.py): each equals what numpy's stable sorts give, ties and
empty enterprises included, and a drawn world carries them."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.world.ordering import grouped_by_owner, ranks, time_order
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario


def _times(size, seed):
    rng = np.random.default_rng(seed)
    times = -365.0 + rng.random(size) * 1461.0
    if size > 10:
        times[rng.integers(0, size, size // 10)] = times[0]  # ties keep index order
        times[:50] = np.round(times[:50])                       # and whole days
    return times


@pytest.mark.parametrize("size", [0, 1, 7, 5_000])
def test_time_order_is_the_stable_argsort(size):
    times = _times(size, size)
    np.testing.assert_array_equal(time_order(times), np.argsort(times, kind="stable"))


@pytest.mark.parametrize("shape", ["all equal", "one cluster", "two far apart"])
def test_time_order_is_stable_however_the_times_bunch(shape):
    rng = np.random.default_rng(7)
    times = {"all equal": np.full(3_000, 12.5),
             "one cluster": np.concatenate([rng.random(2_900) * 1e-6, rng.random(100) * 1_000.0]),
             "two far apart": np.concatenate([rng.random(1_500), 1e6 + rng.random(1_500)])}[shape]
    np.testing.assert_array_equal(time_order(times), np.argsort(times, kind="stable"))


@pytest.mark.parametrize("size", [0, 1, 7, 5_000])
def test_grouped_by_owner_sorts_each_segment_by_time_then_index(size):
    rng = np.random.default_rng(size + 1)
    counts = rng.integers(0, 6, 1 + size // 3)  # empty enterprises included
    counts[-1] += size - counts.sum() if counts.sum() < size else 0
    counts = np.diff(np.minimum(np.concatenate([[0], np.cumsum(counts)]), size))
    first = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    times = _times(int(first[-1]), size + 2)
    owner = np.repeat(np.arange(counts.size), counts)
    expected = np.lexsort((times, owner))  # lexsort is stable: ties keep index order
    np.testing.assert_array_equal(grouped_by_owner(first, time_order(times)), expected)


def test_ranks_invert_a_permutation():
    order = np.random.default_rng(3).permutation(1_000)
    np.testing.assert_array_equal(ranks(order)[order], np.arange(1_000))


def test_a_drawn_world_is_sorted_within_enterprises_and_carries_its_time_order():
    scenario = compile_scenario(sim.load_config("county_baseline", ["population.enterprises=200"]))
    hazards = draw_world(scenario, 0, 0).hazards
    for i in range(hazards.first.size - 1):
        assert np.all(np.diff(hazards.time[hazards.first[i]:hazards.first[i + 1]]) >= 0)
    np.testing.assert_array_equal(hazards.by_time, np.argsort(hazards.time, kind="stable"))
