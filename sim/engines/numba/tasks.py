"""Creating tasks and releasing them into the inspectors' queues (numba engine); the step made room (grow.py)."""

from __future__ import annotations

from numba import njit
from sim.engines.numba.heaps import push_event, push_task
from sim.engines.numba.layout import (
    C_TASKS_CREATED,
    C_TASKS_CREATED_CORE,
    E_OWNER,
    E_WORKERS,
    EV_RELEASE,
    IP_K,
    IP_TERRITORIAL,
    M_QMAX,
    M_TASK_SEQ,
    M_TASKS,
    P_HORIZON,
    P_TSIZE,
    P_WREF,
    T_ASSIGNEE,
    T_CREATED,
    T_DEADLINE,
    T_ENT,
    T_HAZARD,
    T_HOURS,
    T_KIND,
    T_SEQ,
    T_SOURCE,
    TK_HOURS,
    TK_WAIT,
)
from sim.rules.dispatch import CORE
from sim.rules.jit import assignee, task_hours

DEFAULT = -2  # "use the rule" for an assignee, or "use the kind's max_wait" for a wait


@njit(cache=True)
def add_task(S, W, now, kind, e, t, hazard, wait, who, source=CORE):
    """Queue a task at time t (now, or later via a release event); it expires `wait` days after t.

    `source` (an index of `rules.dispatch.SOURCES`) says who asked for it, for the accounting.
    """
    P, IP, task_par = W.p, W.ip, W.task
    ef, ei, tf, ti, meta = S.ef, S.ei, S.tf, S.ti, S.meta
    k = meta[M_TASKS]
    meta[M_TASKS] = k + 1
    tf[k, T_CREATED] = t
    tf[k, T_DEADLINE] = t + (task_par[kind, TK_WAIT] if wait < 0 else wait)
    tf[k, T_HOURS] = task_hours(task_par[kind, TK_HOURS], ef[e, E_WORKERS], P[P_WREF], P[P_TSIZE])
    ti[k, T_KIND] = kind
    ti[k, T_ENT] = e
    ti[k, T_HAZARD] = hazard
    ti[k, T_SOURCE] = source
    ti[k, T_ASSIGNEE] = assignee(kind, ei[e, E_OWNER], IP[IP_TERRITORIAL] == 1) if who == DEFAULT else who
    if t > now:
        push_event(S, t, EV_RELEASE, k, 0)
    else:
        release_task(S, W, k)


@njit(cache=True)
def release_task(S, W, k):
    """Put task k into its queue: its assignee's, or the shared one (index K)."""
    tf, ti, meta = S.tf, S.ti, S.meta
    ti[k, T_SEQ] = meta[M_TASK_SEQ]
    meta[M_TASK_SEQ] += 1
    who = ti[k, T_ASSIGNEE]
    q = W.ip[IP_K] if who < 0 else who
    push_task(S.qh, S.qn, q, k, tf, ti)
    meta[M_QMAX] = max(meta[M_QMAX], S.qn[q])
    t = tf[k, T_CREATED]
    if 0.0 <= t < W.p[P_HORIZON]:
        S.cnt[C_TASKS_CREATED] += 1
        S.cnt[C_TASKS_CREATED_CORE + ti[k, T_SOURCE]] += 1
