"""The not-ruled-out-yet (NROY) space: which positions in the uncertainties' ranges every wave so far
leaves standing, how large a share of the ranges that is, and space-filling designs inside it.

Its size is estimated on a uniform sample of the whole ranges (`sample` positions, drawn in batches so
that 192 inputs by 50,000 positions never sit in memory at once); the positions kept are the
candidates the next wave's design and the final sample are drawn from. When too few are kept (a small
NROY space), more are found by short random walks from the kept ones, each step kept only where every
wave says non-implausible.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

BATCH = 10_000
KEEP_AT_MOST = 20_000   # candidates kept for designs; the fraction counts every one
STEP = 0.05             # a random walk's step, in units of the ranges


@dataclass(frozen=True, slots=True)
class Region:
    """The NROY space after some waves: its estimated share of the ranges and candidates inside it."""

    fraction: float
    sampled: int
    candidates: np.ndarray   # float[m, d] positions non-implausible under every wave so far


def estimate(dimensions: int, sample: int, seed: int, plausible: Callable[[np.ndarray], np.ndarray]) -> Region:
    """The NROY region of `plausible` (positions float[n, d] -> bool[n]) on `sample` uniform positions."""
    rng = np.random.default_rng(seed)
    kept, count, done = [], 0, 0
    while done < sample:
        batch = rng.random((min(BATCH, sample - done), dimensions))
        mask = plausible(batch)
        count += int(mask.sum())
        if sum(len(k) for k in kept) < KEEP_AT_MOST:
            kept.append(batch[mask])
        done += len(batch)
    candidates = np.vstack(kept)[:KEEP_AT_MOST] if kept else np.zeros((0, dimensions))
    return Region(count / sample, sample, candidates)


def enough(region: Region, wanted: int, seed: int, plausible: Callable[[np.ndarray], np.ndarray],
           tries: int = 50) -> np.ndarray:
    """At least `wanted` non-implausible positions when there are any: the region's candidates, and
    random-walk steps from them while there are too few (at most `tries` rounds)."""
    points = region.candidates
    rng = np.random.default_rng(seed)
    for _ in range(tries):
        if len(points) >= wanted or len(points) == 0:
            break
        starts = points[rng.integers(0, len(points), size=max(wanted, 100))]
        steps = np.clip(starts + rng.normal(0.0, STEP, starts.shape), 0.0, 1.0)
        points = np.vstack([points, steps[plausible(steps)]])
    return points


def maximin(candidates: np.ndarray, count: int, seed: int) -> np.ndarray:
    """`count` rows of `candidates` spread through them: greedy maximin (each next row the candidate
    farthest from those chosen), from a random first; all of them when there are no more."""
    if len(candidates) <= count:
        return candidates.copy()
    rng = np.random.default_rng(seed)
    chosen = [int(rng.integers(len(candidates)))]
    nearest = np.sum((candidates - candidates[chosen[0]]) ** 2, axis=1)
    for _ in range(count - 1):
        best = int(np.argmax(nearest))
        chosen.append(best)
        nearest = np.minimum(nearest, np.sum((candidates - candidates[best]) ** 2, axis=1))
    return candidates[chosen]


def uniform_pick(candidates: np.ndarray, count: int, seed: int) -> np.ndarray:
    """`count` rows of `candidates` at random, without repeats (all of them when there are no more)."""
    if len(candidates) <= count:
        return candidates.copy()
    return candidates[np.sort(np.random.default_rng(seed).choice(len(candidates), count, replace=False))]


def every_wave(tests: Sequence[Callable[[np.ndarray], np.ndarray]]) -> Callable[[np.ndarray], np.ndarray]:
    """A test that keeps a position only where every one of `tests` keeps it (each run on the survivors)."""
    def plausible(u: np.ndarray) -> np.ndarray:
        keep = np.ones(len(u), dtype=bool)
        for test in tests:
            where = np.flatnonzero(keep)
            if len(where) == 0:
                break
            keep[where] = test(u[where])
        return keep
    return plausible
