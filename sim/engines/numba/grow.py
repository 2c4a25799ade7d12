"""Doubling the growable state arrays (events, tasks, task queues) in place of the old ones.

Growth happens before a step, never inside the functions that insert (`push_event`, `add_task`,
`release_task`): those are compiled into nearly every kernel, and growth code there made a cold
compile of `county_baseline` take 58 s instead of 44 s (measured 2026-11-25). So each step first
makes room for the most it can add: `make_step_room` before every event and every inspection task,
`make_room` where a handler queues tasks in a loop. Replacing a field means no kernel may hold these
arrays across a step.
"""

from __future__ import annotations

import numpy as np

from numba import njit
from sim.engines.numba.layout import (
    M_EVENT_CAP,
    M_EVENTS,
    M_QMAX,
    M_QUEUE_CAP,
    M_ROOM_EVENTS,
    M_ROOM_TASKS,
    M_TASK_CAP,
    M_TASKS,
)


@njit(cache=True)
def _bigger(a):
    out = np.empty((a.shape[0] * 2,) + a.shape[1:], dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True)
def grow_events(S):
    S.evf = _bigger(S.evf)
    S.evq = _bigger(S.evq)
    S.evk = _bigger(S.evk)
    S.eva = _bigger(S.eva)
    S.evb = _bigger(S.evb)
    S.meta[M_EVENT_CAP] = S.evf.shape[0]
    return S


@njit(cache=True)
def grow_tasks(S):
    S.tf = _bigger(S.tf)
    S.ti = _bigger(S.ti)
    S.meta[M_TASK_CAP] = S.tf.shape[0]
    return S


@njit(cache=True)
def grow_queues(S):
    qh = S.qh
    out = np.empty((qh.shape[0], qh.shape[1] * 2), dtype=qh.dtype)
    out[:, : qh.shape[1]] = qh
    S.qh = out
    S.meta[M_QUEUE_CAP] = out.shape[1]
    return S


@njit(cache=True)
def make_room(S, events, tasks):
    """Grow until `events` more events, and `tasks` more tasks in any one queue, fit."""
    meta = S.meta
    while meta[M_EVENTS] + events >= S.evf.shape[0]:
        grow_events(S)
    while meta[M_TASKS] + tasks >= S.tf.shape[0]:
        grow_tasks(S)
    while meta[M_QMAX] + tasks >= S.qh.shape[1]:
        grow_queues(S)


@njit(cache=True)
def record_capacities(S):
    """The arrays' sizes in meta, where the per-step test reads them (kept by the grow functions)."""
    S.meta[M_EVENT_CAP], S.meta[M_TASK_CAP], S.meta[M_QUEUE_CAP] = S.evf.shape[0], S.tf.shape[0], S.qh.shape[1]


@njit(cache=True)
def make_step_room(S):
    """Room for the most one event or one inspection task can add (set in `loop.simulate_replication`).

    The test reads `meta` only; growing, rare, reads the arrays.
    """
    meta = S.meta
    if (meta[M_EVENTS] + meta[M_ROOM_EVENTS] >= meta[M_EVENT_CAP] or meta[M_TASKS] + meta[M_ROOM_TASKS] >= meta[M_TASK_CAP]
            or meta[M_QMAX] + meta[M_ROOM_TASKS] >= meta[M_QUEUE_CAP]):
        make_room(S, meta[M_ROOM_EVENTS], meta[M_ROOM_TASKS])
