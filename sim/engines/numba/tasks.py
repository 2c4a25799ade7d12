"""Creating tasks and releasing them into the inspectors' queues (numba engine)."""

from __future__ import annotations

from numba import njit
from sim.engines.numba.heaps import push_event, push_task
from sim.engines.numba.layout import (
    C_TASKS_CREATED,
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
    S_CNT,
    S_EF,
    S_EI,
    S_EVF,
    S_EVI,
    S_META,
    S_QH,
    S_QN,
    S_TF,
    S_TI,
    T_ASSIGNEE,
    T_CREATED,
    T_DEADLINE,
    T_ENT,
    T_HAZARD,
    T_HOURS,
    T_KIND,
    T_SEQ,
    TK_HOURS,
    TK_WAIT,
    W_IP,
    W_P,
    W_TASK,
)
from sim.rules.jit import assignee, task_hours

DEFAULT = -2  # "use the rule" for an assignee, or "use the kind's max_wait" for a wait


@njit(cache=True)
def add_task(S, W, now, kind, e, t, hazard, wait, who):
    """Queue a task at time t (now, or later via a release event); it expires `wait` days after t."""
    P, IP, task_par = W[W_P], W[W_IP], W[W_TASK]
    ef, ei, tf, ti, meta = S[S_EF], S[S_EI], S[S_TF], S[S_TI], S[S_META]
    k = meta[M_TASKS]
    meta[M_TASKS] = k + 1
    tf[k, T_CREATED] = t
    tf[k, T_DEADLINE] = t + (task_par[kind, TK_WAIT] if wait < 0 else wait)
    tf[k, T_HOURS] = task_hours(task_par[kind, TK_HOURS], ef[e, E_WORKERS], P[P_WREF], P[P_TSIZE])
    ti[k, T_KIND] = kind
    ti[k, T_ENT] = e
    ti[k, T_HAZARD] = hazard
    ti[k, T_ASSIGNEE] = assignee(kind, ei[e, E_OWNER], IP[IP_TERRITORIAL] == 1) if who == DEFAULT else who
    if t > now:
        push_event(S[S_EVF], S[S_EVI], meta, t, EV_RELEASE, k, 0)
    else:
        release_task(S, W, k)


@njit(cache=True)
def release_task(S, W, k):
    """Put task k into its queue: its assignee's, or the shared one (index K)."""
    tf, ti, meta = S[S_TF], S[S_TI], S[S_META]
    ti[k, T_SEQ] = meta[M_TASK_SEQ]
    meta[M_TASK_SEQ] += 1
    who = ti[k, T_ASSIGNEE]
    q = W[W_IP][IP_K] if who < 0 else who
    push_task(S[S_QH], S[S_QN], q, k, tf, ti)
    meta[M_QMAX] = max(meta[M_QMAX], S[S_QN][q])
    t = tf[k, T_CREATED]
    if 0.0 <= t < W[W_P][P_HORIZON]:
        S[S_CNT][C_TASKS_CREATED] += 1
