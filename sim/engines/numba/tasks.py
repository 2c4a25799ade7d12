"""Creating tasks and releasing them into the inspectors' queues (numba engine); the step made room (grow.py)."""

from __future__ import annotations

from sim.engines.numba.heaps import push_event, push_task
from sim.engines.numba.kernel import kernel
from sim.engines.numba.layout import C_TASKS_CREATED, C_TASKS_CREATED_CORE, EV_RELEASE
from sim.rules.dispatch import CORE
from sim.rules.jit import assignee, task_hours

DEFAULT = -2  # "use the rule" for an assignee, or "use the kind's max_wait" for a wait


@kernel
def add_task(S, W, now, kind, e, t, hazard, wait, who, source=CORE):
    """Queue a task at time t (now, or later via a release event); it expires `wait` days after t.

    `source` (an index of `rules.dispatch.SOURCES`) says who asked for it, for the accounting.
    """
    P, firm, kind_of = W.params[0], S.enterprises[e], W.task_kinds[kind]
    k = S.tasks_made
    S.tasks_made = k + 1
    task = S.tasks[k]
    task.created = t
    task.deadline = t + (kind_of.max_wait if wait < 0 else wait)
    task.hours = task_hours(kind_of.hours, firm.workers, P.reference_workers, P.task_size_exponent)
    task.kind = kind
    task.enterprise = e
    task.hazard = hazard
    task.source = source
    task.assignee = assignee(kind, firm.owner, P.territorial) if who == DEFAULT else who
    if t > now:
        push_event(S, t, EV_RELEASE, k, 0)
    else:
        release_task(S, W, k)


@kernel
def release_task(S, W, k):
    """Put task k into its queue: its assignee's, or the shared one (index K)."""
    task = S.tasks[k]
    task.sequence = S.tasks_released
    S.tasks_released += 1
    q = W.params[0].inspectors if task.assignee < 0 else task.assignee
    push_task(S.queues, S.queue_length, q, k, S.tasks)
    S.longest_queue = max(S.longest_queue, S.queue_length[q])
    t = task.created
    if 0.0 <= t < W.params[0].horizon:
        S.counts[C_TASKS_CREATED] += 1
        S.counts[C_TASKS_CREATED_CORE + task.source] += 1
