"""The numba engine's event loop: pop the earliest event, hand it to its kernel, until the horizon."""

from __future__ import annotations

import math

from sim.engines.numba import layout as L
from sim.engines.numba.arrivals import next_due_self_check
from sim.engines.numba.clocks import expose_to_horizon
from sim.engines.numba.enforcement import (
    finish,
    next_self_check,
    quiet_self_check,
    self_check_event,
    thinning,
    unfounded_event,
    work_day,
)
from sim.engines.numba.grow import make_room, make_step_room, record_capacities
from sim.engines.numba.hazards import (
    alarm_event,
    clock_current,
    create_hazard,
    credit_event,
    hazard_event,
    suspension_event,
)
from sim.engines.numba.heaps import pop_event, push_event
from sim.engines.numba.kernel import kernel
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
from sim.world.schedules import THIRD_PARTY_TIME_OF_DAY

INF = math.inf
MARGIN = 64  # room beyond the counted bound, for the few fixed pushes and tasks of a step
EVENTS_PER_CANDIDATE = 4  # a step pushes at most this many events per candidate hazard of one enterprise


@kernel
def simulate_replication(W, S, rng_self, rng_enf, rng_rect, rng_tp):
    """Run one replication from its first day to the horizon; return the state (its arrays may have grown).

    Each step takes the earliest of the next hazard candidate, the next self-inspection (both walked
    beside the heap, arrivals.py) and the heap's top; at equal times in that order.

    Before each step the arrays grow to fit the most it can add (grow.py). A step touches one
    enterprise's hazards: each found may reschedule, queue a follow-up and mark the credit list, and
    one resumption or suspension reschedules them all, so at most 4 events and 1 task per candidate.
    """
    horizon = W.params[0].horizon
    order, candidates, self_order, first = W.candidate_order, W.candidates, W.self_check_order, W.first_candidate
    most = 0  # the most candidate hazards of one enterprise
    for e in range(first.shape[0] - 1):
        most = max(most, first[e + 1] - first[e])
    S.room_events = EVENTS_PER_CANDIDATE * most + MARGIN
    S.room_tasks = most + MARGIN
    record_capacities(S)
    _schedule_start(S, W)
    ci = 0  # the next candidate in time order
    next_candidate = candidates[order[0]].time if order.shape[0] > 0 else INF
    sm, sj, next_self = next_due_self_check(S, W, 0, 0)
    while True:
        make_step_room(S)
        top = S.event_time[0] if S.pending_events > 0 else INF
        if next_candidate <= top and next_candidate <= next_self:
            if next_candidate >= horizon:
                break
            c, t = order[ci], next_candidate
            ci += 1
            next_candidate = candidates[order[ci]].time if ci < order.shape[0] else INF
            major = thinning(S, W, c, t)
            if major >= 0:
                create_hazard(S, W, candidates[c].enterprise, c, t, major)
            continue
        if next_self <= top:
            if next_self >= horizon:
                break
            e, t = self_order[sj], next_self
            if not quiet_self_check(S, W, e, sm):
                self_check_event(S, W, e, sm, t, rng_self, rng_rect)
            sm, sj, next_self = next_due_self_check(S, W, sm, sj + 1)
            continue
        if top >= horizon:
            break
        t, kind, a, b = pop_event(S)
        if kind == L.EV_HAZARD:
            if clock_current(S, a, b):
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
    S.counts[L.C_HAZARDS_OPEN_END] = S.open_hazards
    S.counts[L.C_MAJOR_HAZARDS_OPEN_END] = S.open_major_hazards
    monthly = S.monthly
    monthly[L.MO_OPEN_HAZARDS, monthly.shape[1] - 1] = S.open_hazards
    monthly[L.MO_OPEN_MAJOR_HAZARDS, monthly.shape[1] - 1] = S.open_major_hazards
    return S


@kernel(inline=True)
def _schedule_start(S, W):
    """The first event of every process, in the order the SimPy engine starts them."""
    P = W.params[0]
    first, first_report = W.first_candidate, W.first_report
    phases, years, month_start = W.phase_start.shape[0], W.plan_year_start.shape[0], W.month_start.shape[0]
    n = first.shape[0] - 1
    pushes = (2 * phases + years + n + 1 + W.double_random_start.shape[0] + 2 * month_start
              + W.outside_accident_time.shape[0] + W.surge_time.shape[0] + W.third_party_days.shape[0] + 2)
    make_room(S, pushes + MARGIN, 0)  # at most one of each above
    for k in range(phases):  # first: a phase switch precedes everything else at its time
        if W.phase_end[k] <= P.first_day:
            continue
        if W.phase_start[k] > P.first_day:  # one begun by the first day is in force from the start (inputs.py)
            push_event(S, W.phase_start[k], L.EV_PHASE, k + 1, 0)
        push_event(S, W.phase_end[k], L.EV_PHASE, 0, 0)
    if P.annual_plan:  # then each year's plan, before the sampling and the monthly plans read it
        for p in range(years):
            push_event(S, W.plan_year_start[p], L.EV_PLAN_YEAR, p, 0)
    if P.trial:  # queued at the start, as the SimPy process's wait for the date
        push_event(S, P.trial_day, L.EV_TRIAL, 0, 0)
    for e in range(n):
        if P.monthly_self_checks or P.quarterly_self_checks:
            next_self_check(S, W, e, 0)
        if first_report[e + 1] > first_report[e]:
            push_event(S, W.report_time[first_report[e]], L.EV_UNFOUNDED, e, first_report[e])
    first_day = int(P.first_day)
    _next_dispatch(S, W, 0)
    if P.double_random:
        for p in range(W.double_random_start.shape[0]):
            push_event(S, W.double_random_start[p], L.EV_DOUBLE_RANDOM, p, 0)
    if P.month_plans:
        for j in range(month_start):
            if W.month_start[j] >= first_day:
                push_event(S, float(W.month_start[j]), L.EV_MONTH_PLANS, j, 0)
    if P.accident_triggered:
        for j in range(W.outside_accident_time.shape[0]):
            push_event(S, W.outside_accident_time[j], L.EV_ACCIDENT_CHECKS, W.outside_accident_sector[j], -1)
    if P.key_periods:
        for j in range(W.surge_time.shape[0]):
            push_event(S, W.surge_time[j], L.EV_SURGE, j, 0)
    if P.third_party and W.third_party_rotation.shape[0] > 0:
        for d in range(W.third_party_days.shape[0]):
            if W.third_party_days[d] > 0.0:
                push_event(S, d + first_day + THIRD_PARTY_TIME_OF_DAY, L.EV_THIRD_PARTY, d, 0)
    push_event(S, 0.0, L.EV_SNAPSHOT, -1, 0)
    m = 0
    for j in range(month_start):
        if W.month_start[j] > 0 and W.month_start[j] < P.horizon:
            push_event(S, float(W.month_start[j]), L.EV_SNAPSHOT, m, 0)
            m += 1


@kernel
def _next_dispatch(S, W, d):
    """Queue the working day's dispatch of the first working day from calendar day d on, if any.

    Each dispatch queues the next when it is done, as the SimPy inspectorate's process waits for
    the next day after its work: so what the day's work queues for a later noon (a follow-up due at
    its deadline, T_major days after the noon it was found; a review) comes before that noon's dispatch
    and is taken that day, as in the SimPy engine.
    """
    calendar = W.calendar
    for day in range(d, calendar.shape[0]):
        if calendar[day].working == 1:
            push_event(S, day + W.params[0].first_day + 0.5, L.EV_DISPATCH, day, 0)
            return


@kernel(inline=True)
def _snapshot(S, month):
    """Open hazards at day 0 (month -1) or at the end of a month of the measured window."""
    if month < 0:
        S.counts[L.C_HAZARDS_OPEN_START] = S.open_hazards
        S.counts[L.C_MAJOR_HAZARDS_OPEN_START] = S.open_major_hazards
    else:
        S.monthly[L.MO_OPEN_HAZARDS, month] = S.open_hazards
        S.monthly[L.MO_OPEN_MAJOR_HAZARDS, month] = S.open_major_hazards
