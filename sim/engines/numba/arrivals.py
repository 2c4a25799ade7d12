"""Hazard candidates and self-inspections as time-ordered walks beside the event heap.

Candidate arrivals and self-inspections are most of a replication's events (about 70% in
`county_baseline`), and their times are known before they happen: a candidate's when the world is
drawn, a self-check's once its month is chosen. Pushing each through the heap costs a push and a pop
of O(log n); walking them in time order costs a comparison with the heap's top.

- Candidates: in time order by a bucket sort (eighth-of-a-day buckets, about ten a bucket in a county,
  each insertion-sorted), O(M) in all; equal times keep candidate order.
- Self-checks: month by month, and within a month by day offset (enterprises sorted once by offset),
  taking the enterprises whose next self-check (`E_SELF_MONTH`, set by `next_self_check`) is that
  month. A self-check always books a later month, so the walk never has to look back; offsets are
  shorter than any month (`SELF_CHECK_DAYS` = 28), so month order is time order.
"""

from __future__ import annotations

import numpy as np

from numba import njit
from sim.engines.numba.layout import E_MONTH, E_SELF_MONTH
from sim.world.population import SELF_CHECK_DAYS
from sim.world.schedules import SELF_CHECK_TIME_OF_DAY

BUCKETS_PER_DAY = 8.0
assert SELF_CHECK_DAYS <= 28, "the self-check walk needs every offset inside the shortest month"


@njit(cache=True)
def time_order(times):
    """Candidate indices sorted by (time, index)."""
    m = times.shape[0]
    order = np.empty(m, dtype=np.int64)
    if m == 0:
        return order
    lo, hi = times.min(), times.max()
    nb = int((hi - lo) * BUCKETS_PER_DAY) + 1
    start = np.zeros(nb + 1, dtype=np.int64)
    bucket = np.empty(m, dtype=np.int64)
    for c in range(m):
        b = int((times[c] - lo) * BUCKETS_PER_DAY)
        bucket[c] = b
        start[b + 1] += 1
    for b in range(nb):
        start[b + 1] += start[b]
    fill = start[:-1].copy()
    for c in range(m):  # in index order, so equal times stay in index order
        order[fill[bucket[c]]] = c
        fill[bucket[c]] += 1
    for b in range(nb):  # insertion sort of each small bucket; strict comparison keeps it stable
        for i in range(start[b] + 1, start[b + 1]):
            c = order[i]
            t = times[c]
            j = i - 1
            while j >= start[b] and times[order[j]] > t:
                order[j + 1] = order[j]
                j -= 1
            order[j + 1] = c
    return order


@njit(cache=True)
def next_due_self_check(S, W, m, j):
    """From month index m and rank j in offset order on, the next enterprise due a self-check.

    Returns (m, j, time), time infinite when none is left.
    """
    order, ms, ei = W.sorder, W.ms, S.ei
    n = order.shape[0]
    while m < ms.shape[0]:
        while j < n:
            e = order[j]
            if ei[e, E_SELF_MONTH] == m:
                return m, j, ms[m, 0] + ei[e, E_MONTH] + SELF_CHECK_TIME_OF_DAY
            j += 1
        m += 1
        j = 0
    return m, j, np.inf
