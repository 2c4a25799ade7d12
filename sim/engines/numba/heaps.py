"""Binary heaps for the numba engine: the event list and the inspectors' task queues.

Events are ordered by (time, sequence): equal times run first in, first out, as in SimPy.
Task queues are ordered by the shared rule `task_key` (priority, creation time, sequence).
"""

from __future__ import annotations

import numpy as np

from numba import njit
from sim.engines.numba.layout import (
    M_EVENTS,
    M_SEQ,
    N_EV,
    T_CREATED,
    T_KIND,
    T_SEQ,
    V_A,
    V_B,
    V_KIND,
    V_SEQ,
)
from sim.rules.dispatch import PRIORITY

PRIORITIES = np.array(PRIORITY, dtype=np.int64)


@njit(cache=True)
def _event_less(evf, evi, i, j):
    return evf[i] < evf[j] or (evf[i] == evf[j] and evi[i, V_SEQ] < evi[j, V_SEQ])


@njit(cache=True)
def _event_swap(evf, evi, i, j):
    evf[i], evf[j] = evf[j], evf[i]
    for c in range(N_EV):
        evi[i, c], evi[j, c] = evi[j, c], evi[i, c]


@njit(cache=True)
def push_event(evf, evi, meta, t, kind, a, b):
    """Schedule event `kind` with payload (a, b) at time t; the caller keeps capacity."""
    n = meta[M_EVENTS]
    evf[n] = t
    evi[n, V_SEQ] = meta[M_SEQ]
    evi[n, V_KIND] = kind
    evi[n, V_A] = a
    evi[n, V_B] = b
    meta[M_SEQ] += 1
    meta[M_EVENTS] = n + 1
    while n > 0:
        parent = (n - 1) // 2
        if _event_less(evf, evi, n, parent):
            _event_swap(evf, evi, n, parent)
            n = parent
        else:
            break


@njit(cache=True)
def pop_event(evf, evi, meta):
    """Remove the earliest event; return (time, kind, a, b)."""
    t, kind, a, b = evf[0], evi[0, V_KIND], evi[0, V_A], evi[0, V_B]
    n = meta[M_EVENTS] - 1
    meta[M_EVENTS] = n
    if n > 0:
        evf[0] = evf[n]
        for c in range(N_EV):
            evi[0, c] = evi[n, c]
        i = 0
        while True:
            left, right, best = 2 * i + 1, 2 * i + 2, i
            if left < n and _event_less(evf, evi, left, best):
                best = left
            if right < n and _event_less(evf, evi, right, best):
                best = right
            if best == i:
                break
            _event_swap(evf, evi, i, best)
            i = best
    return t, kind, a, b


@njit(cache=True)
def _task_less(tf, ti, a, b):
    pa, pb = PRIORITIES[ti[a, T_KIND]], PRIORITIES[ti[b, T_KIND]]
    if pa != pb:
        return pa < pb
    if tf[a, T_CREATED] != tf[b, T_CREATED]:
        return tf[a, T_CREATED] < tf[b, T_CREATED]
    return ti[a, T_SEQ] < ti[b, T_SEQ]


@njit(cache=True)
def push_task(qh, qn, q, task, tf, ti):
    """Put task id `task` into queue q (an inspector's, or the shared one)."""
    n = qn[q]
    qh[q, n] = task
    qn[q] = n + 1
    while n > 0:
        parent = (n - 1) // 2
        if _task_less(tf, ti, qh[q, n], qh[q, parent]):
            qh[q, n], qh[q, parent] = qh[q, parent], qh[q, n]
            n = parent
        else:
            break


@njit(cache=True)
def pop_task(qh, qn, q, tf, ti):
    """Remove and return the first task of queue q."""
    top = qh[q, 0]
    n = qn[q] - 1
    qn[q] = n
    if n > 0:
        qh[q, 0] = qh[q, n]
        i = 0
        while True:
            left, right, best = 2 * i + 1, 2 * i + 2, i
            if left < n and _task_less(tf, ti, qh[q, left], qh[q, best]):
                best = left
            if right < n and _task_less(tf, ti, qh[q, right], qh[q, best]):
                best = right
            if best == i:
                break
            qh[q, i], qh[q, best] = qh[q, best], qh[q, i]
            i = best
    return top
