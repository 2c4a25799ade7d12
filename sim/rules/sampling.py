"""Random selection rules that both engines must draw identically."""

from __future__ import annotations

import numpy as np


def sample_without_replacement(rng: np.random.Generator, pool: np.ndarray, m: int) -> np.ndarray:
    """m items of `pool` in random order: a partial Fisher–Yates shuffle drawn with rng.integers.

    Written with scalar draws so a numba kernel can reproduce it draw for draw.
    """
    items = pool.copy()
    n = items.shape[0]
    m = min(m, n)
    for i in range(m):
        j = i + int(rng.integers(0, n - i))
        items[i], items[j] = items[j], items[i]
    return items[:m]
