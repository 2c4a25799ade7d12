"""The numba engine's event loop: pop the earliest event, hand it to its kernel, until the horizon."""

from __future__ import annotations

import math

from numba import njit
from sim.engines.numba import layout as L
from sim.engines.numba.arrivals import next_due_self_check
from sim.engines.numba.clocks import expose_to_horizon
from sim.engines.numba.enforcement import (
    candidate_event,
    finish,
    next_self_check,
    self_check_event,
    unfounded_event,
    work_day,
)
from sim.engines.numba.grow import make_room, make_step_room, record_capacities
from sim.engines.numba.hazards import alarm_event, credit_event, hazard_event, suspension_event
from sim.engines.numba.heaps import pop_event, push_event
from sim.engines.numba.regimes import (
    double_random_event,
    month_plans_event,
    phase_event,
    plan_year_event,
    same_sector_checks_event,
    surge_event,
    third_party_event,
    trial_event,
)
from sim.engines.numba.tasks import release_task
from sim.world.schedules import PY_START, THIRD_PARTY_TIME_OF_DAY

INF = math.inf
MARGIN = 64  # room beyond the counted bound, for the few fixed pushes and tasks of a step
EVENTS_PER_CANDIDATE = 4  # a step pushes at most this many events per candidate hazard of one enterprise


@njit(cache=True)
def simulate_replication(W, S, rng_self, rng_enf, rng_rect, rng_tp):
    """Run one replication from its first day to the horizon; return the state (its arrays may have grown).

    Each step takes the earliest of the next hazard candidate, the next self-inspection (both walked
    beside the heap, arrivals.py) and the heap's top; at equal times in that order.

    Before each step the arrays grow to fit the most it can add (grow.py). A step touches one
    enterprise's hazards: each found may reschedule, queue a follow-up and mark the credit list, and
    one resumption or suspension reschedules them all, so at most 4 events and 1 task per candidate.
    """
    horizon = W.p[L.P_HORIZON]
    meta, corder, nat, sorder, first = S.meta, W.corder, W.nat, W.sorder, W.first
    most = 0  # the most candidate hazards of one enterprise
    for e in range(first.shape[0] - 1):
        most = max(most, first[e + 1] - first[e])
    meta[L.M_ROOM_EVENTS] = EVENTS_PER_CANDIDATE * most + MARGIN
    meta[L.M_ROOM_TASKS] = most + MARGIN
    record_capacities(S)
    _schedule_start(S, W)
    ci = 0  # the next candidate in time order
    next_candidate = nat[corder[0], L.NT_TIME] if corder.shape[0] > 0 else INF
    sm, sj, next_self = next_due_self_check(S, W, 0, 0)
    while True:
        make_step_room(S)
        top = S.evf[0] if meta[L.M_EVENTS] > 0 else INF
        if next_candidate <= top and next_candidate <= next_self:
            if next_candidate >= horizon:
                break
            c, t = corder[ci], next_candidate
            ci += 1
            next_candidate = nat[corder[ci], L.NT_TIME] if ci < corder.shape[0] else INF
            candidate_event(S, W, c, t)
            continue
        if next_self <= top:
            if next_self >= horizon:
                break
            e, t = sorder[sj], next_self
            self_check_event(S, W, e, sm, t, rng_self, rng_rect)
            sm, sj, next_self = next_due_self_check(S, W, sm, sj + 1)
            continue
        if top >= horizon:
            break
        t, kind, a, b = pop_event(S)
        if kind == L.EV_HAZARD:
            hazard_event(S, W, a, b, t, rng_rect)
        elif kind == L.EV_UNFOUNDED:
            unfounded_event(S, W, a, b, t)
        elif kind == L.EV_DISPATCH:
            work_day(S, W, t, rng_enf, rng_rect)
            _next_dispatch(S, W, a + 1)
        elif kind == L.EV_DOUBLE_RANDOM:
            double_random_event(S, W, a, t, rng_enf)
        elif kind == L.EV_RELEASE:
            release_task(S, W, a)
        elif kind == L.EV_SUSPENSION:
            suspension_event(S, W, a, b, t)
        elif kind == L.EV_CREDIT:
            credit_event(S, a, b)
        elif kind == L.EV_SNAPSHOT:
            _snapshot(S, a)
        elif kind == L.EV_MONTH_PLANS:
            month_plans_event(S, W, a, t)
        elif kind == L.EV_ACCIDENT_CHECKS:
            same_sector_checks_event(S, W, a, b, t, rng_enf)
        elif kind == L.EV_SURGE:
            surge_event(S, W, a, t, rng_enf)
        elif kind == L.EV_PHASE:
            phase_event(S, W, a, t)
        elif kind == L.EV_THIRD_PARTY:
            third_party_event(S, W, a, t, rng_tp)
        elif kind == L.EV_ALARM:
            alarm_event(S, W, a, t, rng_rect)
        elif kind == L.EV_TRIAL:
            trial_event(S, W, t)
        elif kind == L.EV_PLAN_YEAR:
            plan_year_event(S, W, a, t)
    expose_to_horizon(S, W)
    finish(S, W)
    meta, cnt = S.meta, S.cnt
    cnt[L.C_HAZARDS_OPEN_END] = meta[L.M_OPEN]
    cnt[L.C_MAJOR_HAZARDS_OPEN_END] = meta[L.M_OPEN_MAJOR]
    mon = S.mon
    mon[L.MO_OPEN_HAZARDS, mon.shape[1] - 1] = meta[L.M_OPEN]
    mon[L.MO_OPEN_MAJOR_HAZARDS, mon.shape[1] - 1] = meta[L.M_OPEN_MAJOR]
    return S


@njit(cache=True)
def _schedule_start(S, W):
    """The first event of every process, in the order the SimPy engine starts them."""
    P, IP = W.p, W.ip
    first, rfirst = W.first, W.rfirst
    n = first.shape[0] - 1
    pushes = (2 * W.ph.shape[0] + W.pyr.shape[0] + n + 1 + W.dr.shape[0] + 2 * W.ms.shape[0] + W.otime.shape[0]
              + W.surge.shape[0] + W.tpdays.shape[0] + 2)  # at most one of each below
    make_room(S, pushes + MARGIN, 0)
    for k in range(W.ph.shape[0]):  # first: a phase switch precedes everything else at its time
        if W.ph[k, 1] <= P[L.P_FIRST_DAY]:
            continue
        if W.ph[k, 0] > P[L.P_FIRST_DAY]:  # one begun by the first day is in force from the start (inputs.py)
            push_event(S, W.ph[k, 0], L.EV_PHASE, k + 1, 0)
        push_event(S, W.ph[k, 1], L.EV_PHASE, 0, 0)
    if IP[L.IP_AP_ENABLED] == 1:  # then each year's plan, before the sampling and the monthly plans read it
        for p in range(W.pyr.shape[0]):
            push_event(S, W.pyr[p, PY_START], L.EV_PLAN_YEAR, p, 0)
    if IP[L.IP_TRIAL_ENABLED] == 1:  # queued at the start, as the SimPy process's wait for the date
        push_event(S, P[L.P_TRIAL_DATE], L.EV_TRIAL, 0, 0)
    for e in range(n):
        if IP[L.IP_MONTHLY] == 1 or IP[L.IP_QUARTERLY] == 1:
            next_self_check(S, W, e, 0)
        if rfirst[e + 1] > rfirst[e]:
            push_event(S, W.rtime[rfirst[e]], L.EV_UNFOUNDED, e, rfirst[e])
    first_day = int(P[L.P_FIRST_DAY])
    _next_dispatch(S, W, 0)
    if IP[L.IP_DR_ENABLED] == 1:
        dr = W.dr
        for p in range(dr.shape[0]):
            push_event(S, dr[p, 0], L.EV_DOUBLE_RANDOM, p, 0)
    if IP[L.IP_MONTH_PLANS] == 1:
        ms = W.ms
        for j in range(ms.shape[0]):
            if ms[j, 0] >= first_day:
                push_event(S, float(ms[j, 0]), L.EV_MONTH_PLANS, j, 0)
    if IP[L.IP_AT_ENABLED] == 1:
        for j in range(W.otime.shape[0]):
            push_event(S, W.otime[j], L.EV_ACCIDENT_CHECKS, W.osector[j], -1)
    if IP[L.IP_KP_ENABLED] == 1:
        for j in range(W.surge.shape[0]):
            push_event(S, W.surge[j, 0], L.EV_SURGE, j, 0)
    if IP[L.IP_TP_ENABLED] == 1 and W.tprot.shape[0] > 0:
        for d in range(W.tpdays.shape[0]):
            if W.tpdays[d] > 0.0:
                push_event(S, d + first_day + THIRD_PARTY_TIME_OF_DAY, L.EV_THIRD_PARTY, d, 0)
    push_event(S, 0.0, L.EV_SNAPSHOT, -1, 0)
    ms = W.ms
    m = 0
    for j in range(ms.shape[0]):
        if ms[j, 0] > 0 and ms[j, 0] < P[L.P_HORIZON]:
            push_event(S, float(ms[j, 0]), L.EV_SNAPSHOT, m, 0)
            m += 1


@njit(cache=True)
def _next_dispatch(S, W, d):
    """Queue the working day's dispatch of the first working day from calendar day d on, if any.

    Each dispatch queues the next when it is done, as the SimPy inspectorate's process waits for
    the next day after its work: so what the day's work queues for a later noon (a follow-up due at
    its deadline, T_major days after the noon it was found; a review) comes before that noon's dispatch
    and is taken that day, as in the SimPy engine.
    """
    cal = W.cal
    for day in range(d, cal.shape[0]):
        if cal[day, L.CAL_WORKING] == 1:
            push_event(S, day + W.p[L.P_FIRST_DAY] + 0.5, L.EV_DISPATCH, day, 0)
            return


@njit(cache=True)
def _snapshot(S, month):
    """Open hazards at day 0 (month -1) or at the end of a month of the measured window."""
    meta = S.meta
    if month < 0:
        S.cnt[L.C_HAZARDS_OPEN_START] = meta[L.M_OPEN]
        S.cnt[L.C_MAJOR_HAZARDS_OPEN_START] = meta[L.M_OPEN_MAJOR]
    else:
        S.mon[L.MO_OPEN_HAZARDS, month] = meta[L.M_OPEN]
        S.mon[L.MO_OPEN_MAJOR_HAZARDS, month] = meta[L.M_OPEN_MAJOR]
