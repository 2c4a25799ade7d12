"""Orders of a replication's candidate times, each in O(M): one bucket sort serves every order needed.

Candidates are drawn enterprise by enterprise; the engines want them sorted by time within each
enterprise (`nature.py`), and the numba engine walks all of them in time order (its
`arrivals.py`). Both come from one stable time order: a stable counting sort of it by owner gives
the per-enterprise order, and its ranks give the time order of the sorted candidates. That replaces
one `np.argsort` call per enterprise (mostly call overhead, on short segments) and a second time
sort; docs/performance.md has the time outside the kernel before and after.
"""

from __future__ import annotations

import numpy as np
from numba import njit

PER_BUCKET = 4  # candidates a bucket on average: the insertion sorts stay short at any size


@njit(cache=True)
def time_order(times):
    """Indices sorted by (time, index): a bucket sort with each small bucket insertion-sorted.

    Buckets grow in number with the candidates (PER_BUCKET each on average, for times spread evenly as
    candidates' are), so the whole sort stays O(M): a fixed width per day made a province's buckets
    ten times fuller than a county's and their insertion sorts a hundred times slower.
    """
    m = times.shape[0]
    order = np.empty(m, dtype=np.int64)
    if m == 0:
        return order
    lo, hi = times.min(), times.max()
    nb = m // PER_BUCKET + 1
    scale = nb / (hi - lo) if hi > lo else 0.0
    start = np.zeros(nb + 1, dtype=np.int64)
    bucket = np.empty(m, dtype=np.int64)
    for c in range(m):
        b = min(int((times[c] - lo) * scale), nb - 1)  # monotone in time: equal times share a bucket
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
def grouped_by_owner(first, by_time):
    """The permutation sorting each segment first[i]:first[i + 1] by (time, index), from a stable time
    order of all indices: `np.lexsort((time, owner))` for owners sorted by index, in O(M)."""
    m = by_time.shape[0]
    owner = np.empty(m, dtype=np.int64)
    for i in range(first.shape[0] - 1):
        owner[first[i]:first[i + 1]] = i
    fill = first[:-1].copy()
    order = np.empty(m, dtype=np.int64)
    for k in range(m):
        c = by_time[k]
        order[fill[owner[c]]] = c
        fill[owner[c]] += 1
    return order


@njit(cache=True)
def ranks(order):
    """The inverse permutation: ranks(order)[order[k]] = k."""
    out = np.empty(order.shape[0], dtype=np.int64)
    for k in range(order.shape[0]):
        out[order[k]] = k
    return out
