"""The hazard candidates as one time-ordered stream, walked beside the event heap.

Candidate arrivals are the most numerous events of a replication (about half of them in
`county_baseline`) and their times are fixed before the run starts. Pushing each through the heap
costs a push and a pop of O(log n) each; walking them in time order costs a comparison with the
heap's top. The order is a bucket sort: candidates counted into eighth-of-a-day buckets (about ten a
bucket in a county), then each bucket insertion-sorted, O(M) in all. Equal times keep candidate order.
"""

from __future__ import annotations

import numpy as np

from numba import njit

BUCKETS_PER_DAY = 8.0


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
