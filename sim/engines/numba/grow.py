"""Doubling the growable state arrays (events, tasks, task queues) in place of the old ones.

Growth happens before a step, never inside the functions that insert (`push_event`, `add_task`,
`release_task`): those are compiled into nearly every kernel, and growth code there made a cold
compile of `county_baseline` take 58 s instead of 44 s (measured 2026-11-25). So each step first
makes room for the most it can add: `make_step_room` before every event and every inspection task,
`make_room` where a handler queues tasks in a loop. Replacing a field means no kernel may hold these
arrays, or a task's record (`S.tasks[k]`), across a step.
"""

from __future__ import annotations

import numpy as np

from sim.engines.numba.kernel import kernel


@kernel
def _bigger(a):
    """`a` (one-dimensional) in an array twice as long. Copied element by element: a slice copy compiles
    numba's shape-mismatch message with it (string formatting, about 4 s of every cold compile)."""
    out = np.empty(a.shape[0] * 2, dtype=a.dtype)
    for i in range(a.shape[0]):
        out[i] = a[i]
    return out


@kernel(inline=True)
def grow_events(S):
    S.event_time = _bigger(S.event_time)
    S.event_sequence = _bigger(S.event_sequence)
    S.event_kind = _bigger(S.event_kind)
    S.event_a = _bigger(S.event_a)
    S.event_b = _bigger(S.event_b)
    S.event_capacity = S.event_time.shape[0]
    return S


@kernel(inline=True)
def grow_tasks(S):
    S.tasks = _bigger(S.tasks)
    S.task_capacity = S.tasks.shape[0]
    return S


@kernel(inline=True)
def grow_queues(S):
    queues = S.queues
    out = np.empty((queues.shape[0], queues.shape[1] * 2), dtype=queues.dtype)
    for q in range(queues.shape[0]):   # element by element, as in `_bigger`
        for j in range(queues.shape[1]):
            out[q, j] = queues[q, j]
    S.queues = out
    S.queue_capacity = out.shape[1]
    return S


@kernel
def make_room(S, events, tasks):
    """Grow until `events` more events, and `tasks` more tasks in any one queue, fit."""
    while S.pending_events + events >= S.event_time.shape[0]:
        grow_events(S)
    while S.tasks_made + tasks >= S.tasks.shape[0]:
        grow_tasks(S)
    while S.longest_queue + tasks >= S.queues.shape[1]:
        grow_queues(S)


@kernel(inline=True)
def record_capacities(S):
    """The arrays' sizes in scalars, where the per-step test reads them (kept by the grow functions)."""
    S.event_capacity, S.task_capacity, S.queue_capacity = S.event_time.shape[0], S.tasks.shape[0], S.queues.shape[1]


@kernel
def make_step_room(S):
    """Room for the most one event or one inspection task can add (set in `loop.simulate_replication`).

    The test reads scalars only; growing, rare, reads the arrays.
    """
    if (S.pending_events + S.room_events >= S.event_capacity or S.tasks_made + S.room_tasks >= S.task_capacity
            or S.longest_queue + S.room_tasks >= S.queue_capacity):
        make_room(S, S.room_events, S.room_tasks)
