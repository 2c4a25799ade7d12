"""Heaps for the numba engine: the event list and the inspectors' task queues.

Events are ordered by (time, sequence): equal times run first in, first out, as in SimPy. An event is
a slot of five parallel 1-D arrays of the state (`event_time`, `event_sequence`, `event_kind`, and the
payload `event_a`, `event_b`): measured 1.7x faster per pop and push than one 2-D row per event
(`python -m benchmarks.heaps`).
Task queues are ordered by the shared rule `task_key` (priority, creation time, sequence). The day's
roster orders the inspectors still working by hours left, most first, lowest index on ties.
"""

from __future__ import annotations

import numpy as np

from sim.engines.numba.kernel import kernel
from sim.rules.dispatch import PRIORITY

PRIORITIES = np.array(PRIORITY, dtype=np.int64)


ARITY = 4  # a 4-ary heap: half the depth of a binary one, and a node's children share a cache line


@kernel
def push_event(S, t, kind, a, b):
    """Schedule event `kind` with payload (a, b) at time t; the step made room (grow.py)."""
    evf, evq, evk, eva, evb = S.event_time, S.event_sequence, S.event_kind, S.event_a, S.event_b
    seq = S.events_pushed
    S.events_pushed = seq + 1
    n = S.pending_events
    S.pending_events = n + 1
    while n > 0:  # sift the hole up, moving later parents down into it
        p = (n - 1) // ARITY
        if evf[p] < t or (evf[p] == t and evq[p] < seq):
            break
        evf[n], evq[n], evk[n], eva[n], evb[n] = evf[p], evq[p], evk[p], eva[p], evb[p]
        n = p
    evf[n], evq[n], evk[n], eva[n], evb[n] = t, seq, kind, a, b


@kernel(inline=True)
def pop_event(S):
    """Remove the earliest event; return (time, kind, a, b).

    Bottom-up: the hole at the root sinks to a leaf along the earlier children, then the last event
    rises from there. The last event belongs near the bottom, so this saves the comparison with it at
    every level on the way down. Times and sequences are unique pairs, so the order of the pops does
    not depend on where events sit in the heap.
    """
    evf, evq, evk, eva, evb = S.event_time, S.event_sequence, S.event_kind, S.event_a, S.event_b
    top = (evf[0], evk[0], eva[0], evb[0])
    n = S.pending_events - 1
    S.pending_events = n
    if n > 0:
        i = 0
        while True:  # the hole sinks: the earliest child moves up into it
            c = ARITY * i + 1
            if c >= n:
                break
            best, bt, bq = c, evf[c], evq[c]
            for j in range(c + 1, min(c + ARITY, n)):
                if evf[j] < bt or (evf[j] == bt and evq[j] < bq):
                    best, bt, bq = j, evf[j], evq[j]
            evf[i], evq[i], evk[i], eva[i], evb[i] = bt, bq, evk[best], eva[best], evb[best]
            i = best
        t, seq = evf[n], evq[n]
        while i > 0:  # the last event rises from the leaf, as in push_event
            p = (i - 1) // ARITY
            if evf[p] < t or (evf[p] == t and evq[p] < seq):
                break
            evf[i], evq[i], evk[i], eva[i], evb[i] = evf[p], evq[p], evk[p], eva[p], evb[p]
            i = p
        evf[i], evq[i], evk[i], eva[i], evb[i] = t, seq, evk[n], eva[n], evb[n]
    return top


@kernel
def _task_less(tasks, a, b):
    """Task a comes before task b: higher priority, then created earlier, then released earlier."""
    ta, tb = tasks[a], tasks[b]
    pa, pb = PRIORITIES[ta.kind], PRIORITIES[tb.kind]
    if pa != pb:
        return pa < pb
    if ta.created != tb.created:
        return ta.created < tb.created
    return ta.sequence < tb.sequence


@kernel(inline=True)
def push_task(qh, qn, q, task, tasks):
    """Put task id `task` into queue q (an inspector's, or the shared one)."""
    h = qh[q]  # a 1-D view: indexing it is cheaper than qh[q, i]
    n = qn[q]
    h[n] = task
    qn[q] = n + 1
    while n > 0:
        parent = (n - 1) // 2
        if _task_less(tasks, h[n], h[parent]):
            h[n], h[parent] = h[parent], h[n]
            n = parent
        else:
            break


@kernel
def pop_task(qh, qn, q, tasks):
    """Remove and return the first task of queue q."""
    h = qh[q]
    top = h[0]
    n = qn[q] - 1
    qn[q] = n
    if n > 0:
        h[0] = h[n]
        i = 0
        while True:
            left, right, best = 2 * i + 1, 2 * i + 2, i
            if left < n and _task_less(tasks, h[left], h[best]):
                best = left
            if right < n and _task_less(tasks, h[right], h[best]):
                best = right
            if best == i:
                break
            h[i], h[best] = h[best], h[i]
            i = best
    return top


# -- the day's roster: who takes the next task -------------------------------------------------------
@kernel
def _ahead(available, a, b):
    """Inspector a takes a task before b: more hours left, or as many and a lower index (as SimPy's max)."""
    return available[a] > available[b] or (available[a] == available[b] and a < b)


@kernel(inline=True)
def roster_push(roster, n, available, i):
    """Add inspector i to the roster of n; return the new size."""
    roster[n] = i
    j = n
    while j > 0:
        parent = (j - 1) // 2
        if not _ahead(available, roster[j], roster[parent]):
            break
        roster[j], roster[parent] = roster[parent], roster[j]
        j = parent
    return n + 1


@kernel
def roster_settle(roster, n, available):
    """The first inspector's hours went down: move it to its place; return n."""
    j = 0
    while True:
        left, right, best = 2 * j + 1, 2 * j + 2, j
        if left < n and _ahead(available, roster[left], roster[best]):
            best = left
        if right < n and _ahead(available, roster[right], roster[best]):
            best = right
        if best == j:
            return n
        roster[j], roster[best] = roster[best], roster[j]
        j = best


@kernel
def roster_drop(roster, n, available):
    """The first inspector stops for the day; return the new size."""
    n -= 1
    roster[0] = roster[n]
    return roster_settle(roster, n, available)
