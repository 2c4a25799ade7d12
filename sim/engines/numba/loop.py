"""The numba engine's event loop: pop the earliest event, hand it to its kernel, until the horizon."""

from __future__ import annotations

from numba import njit
from sim.engines.numba.enforcement import (
    candidate_event,
    double_random_event,
    finish,
    next_self_check,
    self_check_event,
    unfounded_event,
    work_day,
)
from sim.engines.numba.grow import grow_events, grow_queues, grow_tasks
from sim.engines.numba.hazards import credit_event, hazard_event, suspension_event
from sim.engines.numba.heaps import pop_event, push_event
from sim.engines.numba.layout import *  # noqa: F403  (the kernel's column names)
from sim.engines.numba.tasks import release_task

MARGIN = 64  # room every event must leave: a handler adds at most a few tasks and events


@njit(cache=True)
def simulate_replication(W, S, max_candidates, rng_self, rng_enf, rng_rect):
    """Run one replication from its first day to the horizon; return the (possibly regrown) state.

    `max_candidates` is the most candidate hazards of one enterprise: a suspension reschedules
    all of an enterprise's hazards in one event, so the event list keeps that much room.
    """
    P, IP = W[W_P], W[W_IP]
    horizon = P[P_HORIZON]
    _schedule_start(S, W)
    while S[S_META][M_EVENTS] > 0:
        if S[S_META][M_EVENTS] + max_candidates + MARGIN >= S[S_EVF].shape[0]:
            S = grow_events(S)
        if S[S_META][M_TASKS] + MARGIN >= S[S_TF].shape[0]:
            S = grow_tasks(S)
        if S[S_QN].max() + MARGIN >= S[S_QH].shape[1]:
            S = grow_queues(S)
        t, kind, a, b = pop_event(S[S_EVF], S[S_EVI], S[S_META])
        if t >= horizon:
            break
        if kind == EV_CANDIDATE:
            candidate_event(S, W, a, t)
        elif kind == EV_HAZARD:
            hazard_event(S, W, a, b, t, rng_rect)
        elif kind == EV_SELF_CHECK:
            self_check_event(S, W, a, b, t, rng_self, rng_rect)
        elif kind == EV_UNFOUNDED:
            unfounded_event(S, W, a, b, t)
        elif kind == EV_DISPATCH:
            work_day(S, W, t, rng_enf, rng_rect)
        elif kind == EV_DOUBLE_RANDOM:
            S = double_random_event(S, W, a, t, rng_enf)
        elif kind == EV_RELEASE:
            release_task(S, W, a)
        elif kind == EV_SUSPENSION:
            suspension_event(S, W, a, b, t)
        elif kind == EV_CREDIT:
            credit_event(S, a, b)
        elif kind == EV_SNAPSHOT:
            _snapshot(S, a)
    finish(S, W)
    meta, cnt = S[S_META], S[S_CNT]
    cnt[C_HAZARDS_OPEN_END] = meta[M_OPEN]
    cnt[C_MAJOR_HAZARDS_OPEN_END] = meta[M_OPEN_MAJOR]
    mon = S[S_MON]
    mon[MO_OPEN_HAZARDS, mon.shape[1] - 1] = meta[M_OPEN]
    mon[MO_OPEN_MAJOR_HAZARDS, mon.shape[1] - 1] = meta[M_OPEN_MAJOR]
    return S


@njit(cache=True)
def _schedule_start(S, W):
    """The first event of every process, in the order the SimPy engine starts them."""
    P, IP, nat, evf, evi, meta = W[W_P], W[W_IP], W[W_NAT], S[S_EVF], S[S_EVI], S[S_META]
    first, rfirst = W[W_FIRST], W[W_RFIRST]
    n = first.shape[0] - 1
    for e in range(n):
        if first[e + 1] > first[e]:
            push_event(evf, evi, meta, nat[first[e], NT_TIME], EV_CANDIDATE, e, 0)
        if IP[IP_MONTHLY] == 1 or IP[IP_QUARTERLY] == 1:
            next_self_check(S, W, e, 0)
        if rfirst[e + 1] > rfirst[e]:
            push_event(evf, evi, meta, W[W_RTIME][rfirst[e]], EV_UNFOUNDED, e, rfirst[e])
    cal = W[W_CAL]
    first_day = int(P[P_FIRST_DAY])
    for d in range(cal.shape[0]):
        if cal[d, CAL_WORKING] == 1:
            push_event(evf, evi, meta, d + first_day + 0.5, EV_DISPATCH, d, 0)
    if IP[IP_DR_ENABLED] == 1:
        dr = W[W_DR]
        for p in range(dr.shape[0]):
            push_event(evf, evi, meta, dr[p, 0], EV_DOUBLE_RANDOM, p, 0)
    push_event(evf, evi, meta, 0.0, EV_SNAPSHOT, -1, 0)
    ms = W[W_MS]
    m = 0
    for j in range(ms.shape[0]):
        if ms[j, 0] > 0 and ms[j, 0] < P[P_HORIZON]:
            push_event(evf, evi, meta, float(ms[j, 0]), EV_SNAPSHOT, m, 0)
            m += 1


@njit(cache=True)
def _snapshot(S, month):
    """Open hazards at day 0 (month -1) or at the end of a month of the measured window."""
    meta = S[S_META]
    if month < 0:
        S[S_CNT][C_HAZARDS_OPEN_START] = meta[M_OPEN]
        S[S_CNT][C_MAJOR_HAZARDS_OPEN_START] = meta[M_OPEN_MAJOR]
    else:
        S[S_MON][MO_OPEN_HAZARDS, month] = meta[M_OPEN]
        S[S_MON][MO_OPEN_MAJOR_HAZARDS, month] = meta[M_OPEN_MAJOR]
