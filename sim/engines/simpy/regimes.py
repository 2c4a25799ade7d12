"""Enforcement regimes as SimPy processes that put tasks in the inspectors' queue (MODEL.md §7)."""

from __future__ import annotations

import numpy as np

from sim.rules.dispatch import DOUBLE_RANDOM
from sim.rules.rectification import OPERATING
from sim.rules.sampling import sample_without_replacement


def double_random(county):
    """双随机、一公开: each period, a random fraction of operating enterprises, each with a random inspector.

    The tasks may wait until the period ends; what is not done by then expires.
    """
    env, scenario = county.env, county.scenario
    regime = county.config.regimes.double_random
    k = county.config.inspectors.count
    rng = county.rng_enforcement
    for start, end in zip(scenario.double_random_starts, scenario.double_random_ends, strict=True):
        if start < env.now:
            continue
        yield env.timeout(start - env.now)
        operating = np.array([e.index for e in county.enterprises if e.state == OPERATING], dtype=np.int64)
        m = int(round(regime.sampling_fraction * operating.shape[0]))
        for index in sample_without_replacement(rng, operating, m):
            inspector = int(rng.integers(0, k)) if k > 0 else -1
            county.inspectorate.add(DOUBLE_RANDOM, county.enterprises[index], env.now,
                                    max_wait=end - start, assignee=inspector)
