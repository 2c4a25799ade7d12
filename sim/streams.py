"""Named random streams: every stream of every replication from (seed, replication, name).

Pure, so any worker, in any order, on any machine, builds the same generator. Separate streams
for nature and for enforcement give common random numbers: two policies compared at the same
seed see the same enterprises and the same candidate hazards.
"""

from __future__ import annotations

import numpy as np

# Append only: the position of a name is part of every stream's identity.
STREAMS = ("population", "arrivals", "self_inspection", "enforcement", "rectification", "reports", "outside_accidents",
           "weather", "third_party_rotation", "third_party", "monitoring", "trial")


def stream(seed: int, replication: int, name: str) -> np.random.Generator:
    """The generator of one named stream of one replication."""
    if seed < 0 or replication < 0:
        raise ValueError(f"seed and replication must be >= 0, got {seed}, {replication}")
    key = (replication, STREAMS.index(name))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def replication_seed(seed: int, replication: int) -> int:
    """A 63-bit number that identifies (seed, replication); recorded with every result row."""
    state = np.random.SeedSequence(seed, spawn_key=(replication,)).generate_state(2, np.uint32)
    return int((int(state[0]) << 31) ^ int(state[1]))
