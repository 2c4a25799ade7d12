"""Hazard life, rectification and sanctions in the numba engine: the SimPy engine's `model.py`,
`hazard.py` and `sanctions.py`, event for event, calling the same rules (`sim.rules.jit`). A hazard's
clocks are in `clocks.py`, what a replication counts in `tally.py`."""

from __future__ import annotations

import math

from numba import njit
from sim.engines.derived import CLOSED_BEFORE_YEAR_END
from sim.engines.numba import layout as L
from sim.engines.numba.clocks import (
    open_from,
    report_rate,
    report_time,
    rerate_report,
    reschedule,
    sync,
)
from sim.engines.numba.heaps import push_event
from sim.engines.numba.tally import (
    add_amount,
    count,
    count_monthly,
    in_window,
    trial_count,
    window_year,
)
from sim.engines.numba.tasks import DEFAULT, add_task
from sim.rules.dispatch import FOLLOWUP, INVESTIGATION, VERIFICATION
from sim.rules.jit import (
    accident_triggers,
    closes_after_failure,
    compliance,
    deaths_of_accident,
    report_self,
    retrained_quality,
    severity_class,
)
from sim.rules.trial import ACCIDENTS, CREATED

INF = math.inf


# -- life ----------------------------------------------------------------------------------------------
@njit(cache=True)
def create_hazard(S, W, e, c, t, major):
    P, nat, hf, hi, ef, meta = W.p, W.nat, S.hf, S.hi, S.ef, S.meta
    hi[c, L.H_EXISTS], hi[c, L.H_MAJOR], hi[c, L.H_KNOWN], hi[c, L.H_CLOSED], hi[c, L.H_VERSION] = 1, major, 0, 0, 0
    hf[c, L.H_CREATED], hf[c, L.H_FOUND], hf[c, L.H_EXPO], hf[c, L.H_LAST] = t, math.nan, nat[c, L.NT_EXPO], t
    hf[c, L.H_CLOSURE] = t + nat[c, L.NT_CLOSURE] / P[L.P_NU] if P[L.P_NU] > 0 else INF
    hf[c, L.H_ESC] = t + nat[c, L.NT_ESC] / P[L.P_EPS] if (P[L.P_EPS] > 0 and major == 0) else INF
    hf[c, L.H_FIX] = INF
    hf[c, L.H_REP_LEFT], hf[c, L.H_REP_SINCE] = nat[c, L.NT_REPORT], t
    hf[c, L.H_REP_RATE] = report_rate(P, ef[e, L.E_WORKERS], major)
    hf[c, L.H_REPORT] = report_time(hf, c)
    meta[L.M_OPEN] += 1
    meta[L.M_OPEN_MAJOR] += major
    count(S, W, L.C_HAZARDS_CREATED, t, 1)
    count_monthly(S, W, L.MO_HAZARDS_CREATED, t, 1)
    if W.arm[e] >= 0:
        trial_count(S, W, CREATED, W.arm[e], t)
    if major == 1:
        count(S, W, L.C_MAJOR_HAZARDS_CREATED, t, 1)
    reschedule(S, W, c, t)
    if major == 1:
        arm_alarm(S, W, c, t)


@njit(cache=True)
def hazard_event(S, W, h, code, t, rng_rect):
    """The hazard's clock rang: close it, or escalate, report or cause an accident."""
    hi, hf, nat, sec = S.hi, S.hf, W.nat, W.sec
    if hi[h, L.H_CLOSED] == 1 or code // 16 != hi[h, L.H_VERSION]:
        return  # superseded by a later reschedule
    what = code % 16
    sync(S, W, h, t)
    if what == L.CLOCK_ESCALATE:
        hf[h, L.H_ESC] = INF
        hi[h, L.H_MAJOR] = 1
        S.meta[L.M_OPEN_MAJOR] += 1
        count(S, W, L.C_HAZARDS_ESCALATED, t, 1)
        arm_alarm(S, W, h, t)
        rerate_report(S, W, h, t)  # reported now for the major-hazard reward
    elif what == L.CLOCK_REPORT:
        hf[h, L.H_REPORT] = hf[h, L.H_REP_LEFT] = INF
        if hi[h, L.H_KNOWN] == 0:
            count(S, W, L.C_REPORTS, t, 1)
            add_task(S, W, t, VERIFICATION, hi[h, L.H_ENT], t, h, -1.0, DEFAULT)
    elif what == L.CAUSE_ACCIDENT:
        s = S.ei[hi[h, L.H_ENT], L.E_SECTOR]
        major = hi[h, L.H_MAJOR] == 1
        deaths = deaths_of_accident(nat[h, L.NT_FATAL], nat[h, L.NT_DEATHS], sec[s, L.SC_PFM if major else L.SC_PFG],
                                    sec[s, L.SC_TAIL])
        accident(S, W, h, deaths, t, rng_rect)
        return
    else:
        close(S, W, h, what, t)
        return
    reschedule(S, W, h, t)


@njit(cache=True)
def close(S, W, h, cause, t):
    hi, hf, meta = S.hi, S.hf, S.meta
    sync(S, W, h, t)
    hi[h, L.H_CLOSED] = 1
    meta[L.M_OPEN] -= 1
    meta[L.M_OPEN_MAJOR] -= hi[h, L.H_MAJOR]
    if in_window(W, t):
        cnt = S.cnt
        cnt[L.C_HAZARDS_CLOSED] += 1
        cnt[L.C_CLOSED_NATURAL + cause] += 1
        cnt[L.C_MAJOR_HAZARDS_CLOSED] += hi[h, L.H_MAJOR]
        S.acc[L.A_CLOSE_DAYS] += t - hf[h, L.H_CREATED]
        if hf[h, L.H_FOUND] >= 0:
            S.acc[L.A_FOUND_CLOSED] += 1
        if math.isnan(hf[h, L.H_FOUND]):   # nobody had found it: routine repair, an accident or its
            # enterprise's closure ended it
            cnt[L.C_CLOSED_UNFOUND] += 1
            cnt[L.C_MAJOR_CLOSED_UNFOUND] += hi[h, L.H_MAJOR]
    waiting = hi[h, L.H_WAITING]
    hi[h, L.H_WAITING] = 0
    for _ in range(waiting):
        end_one_suspension(S, W, hi[h, L.H_ENT], t)


@njit(cache=True)
def accident(S, W, h, deaths, t, rng_rect):
    """An accident closes the hazard; fines (if it kills), retraining and an investigation follow."""
    P, hi, ei, ef = W.p, S.hi, S.ei, S.ef
    e = hi[h, L.H_ENT]
    close(S, W, h, L.CAUSE_ACCIDENT, t)
    if in_window(W, t):
        cnt = S.cnt
        cnt[L.C_ACCIDENTS] += 1
        cnt[L.C_DEATHS] += deaths
        if W.arm[e] >= 0:
            trial_count(S, W, ACCIDENTS, W.arm[e], t)
        count_monthly(S, W, L.MO_ACCIDENTS, t, 1)
        count_monthly(S, W, L.MO_DEATHS, t, deaths)
        if W.sec[ei[e, L.E_SECTOR], L.SC_IND] > 0:
            cnt[L.C_DEATHS_INDUSTRIAL] += deaths
        else:
            cnt[L.C_DEATHS_ROAD] += deaths
        cls = severity_class(deaths)
        if deaths > 0:
            cnt[L.C_FATAL_ACCIDENTS] += 1
        if cls >= 1:
            cnt[L.C_SERIOUS_ACCIDENTS] += 1
            cnt[L.C_ACCIDENTS_LARGER + cls - 1] += 1
    if deaths > 0:
        penalise(S, W, e, t, P[L.P_F_AF], P[L.P_F_AP], False)
    ef[e, L.E_Q] = retrained_quality(ef[e, L.E_Q], P[L.P_RETRAIN])
    add_task(S, W, t, INVESTIGATION, e, t, -1, -1.0, DEFAULT)
    if W.ip[L.IP_AT_ENABLED] == 1 and accident_triggers(deaths, W.ip[L.IP_AT_MIN_DEATHS]):
        push_event(S, t, L.EV_ACCIDENT_CHECKS, ei[e, L.E_SECTOR], e)  # an event of its own: the checks come after this one


# -- finding and rectification ---------------------------------------------------------------------
@njit(cache=True)
def record_found(S, W, h, channel, t):
    hf, hi = S.hf, S.hi
    if not math.isnan(hf[h, L.H_FOUND]):
        return
    hf[h, L.H_FOUND] = t
    if in_window(W, t):
        cnt = S.cnt
        cnt[L.C_HAZARDS_FOUND] += 1
        cnt[L.C_FOUND_SELF + channel] += 1
        count_monthly(S, W, L.MO_HAZARDS_FOUND, t, 1)
        cnt[L.C_MAJOR_HAZARDS_FOUND] += hi[h, L.H_MAJOR]
        S.acc[L.A_FIND_DAYS] += t - hf[h, L.H_CREATED]


@njit(cache=True)
def order_fix(S, W, h, t, deadline, rng_rect, factor=1.0):
    """The enterprise fixes the hazard by the deadline with probability c_i (x factor), at a uniform time."""
    P, ef, ei, hf = W.p, S.ef, S.ei, S.hf
    e = S.hi[h, L.H_ENT]
    c = factor * compliance(ef[e, L.E_Q], ei[e, L.E_CREDIT], P[L.P_CBASE], P[L.P_CSLOPE], P[L.P_CDIS])
    complies = rng_rect.random() < c
    when = t + rng_rect.random() * deadline
    if complies and when < hf[h, L.H_FIX]:
        hf[h, L.H_FIX] = when
        reschedule(S, W, h, t)


@njit(cache=True)
def found_by_self(S, W, h, t, rng_rect):
    P, hi = W.p, S.hi
    record_found(S, W, h, L.CH_SELF, t)
    if hi[h, L.H_MAJOR] == 0:
        order_fix(S, W, h, t, P[L.P_TGEN], rng_rect)
        return
    e = hi[h, L.H_ENT]
    if rng_rect.random() < report_self(S.ef[e, L.E_Q], P[L.P_REP_BASE], P[L.P_REP_SLOPE]):
        hi[h, L.H_KNOWN] = 1
        count(S, W, L.C_SELF_REPORTED_MAJOR, t, 1)
        order_fix(S, W, h, t, P[L.P_TMAJ], rng_rect)
        add_task(S, W, t, FOLLOWUP, e, t + P[L.P_TMAJ], h, -1.0, DEFAULT)
    else:
        order_fix(S, W, h, t, P[L.P_TMAJ], rng_rect)


@njit(cache=True)
def found_by_authority(S, W, h, channel, t, rng_rect):
    """Found by an inspection, an investigation or a verified report: order, list, punish."""
    P, hi = W.p, S.hi
    record_found(S, W, h, channel, t)
    hi[h, L.H_KNOWN] = 1
    if hi[h, L.H_MAJOR] == 0:
        if rng_rect.random() < P[L.P_ONSPOT]:
            close(S, W, h, L.CAUSE_ON_SPOT, t)
        else:
            order_fix(S, W, h, t, P[L.P_TGEN], rng_rect)
        return
    e = hi[h, L.H_ENT]
    order_fix(S, W, h, t, P[L.P_TMAJ], rng_rect)
    add_task(S, W, t, FOLLOWUP, e, t + P[L.P_TMAJ], h, -1.0, DEFAULT)
    mark = rng_rect.random() < P[L.P_PMARK]
    penalise(S, W, e, t, P[L.P_F_MF], P[L.P_F_MP], mark)


@njit(cache=True)
def advised(S, W, h, t, rng_tp):
    """A third-party finding: advice with no penalty power, followed with a lower compliance."""
    P = W.p
    record_found(S, W, h, L.CH_DEEP_CHECK, t)
    order_fix(S, W, h, t, P[L.P_TMAJ] if S.hi[h, L.H_MAJOR] == 1 else P[L.P_TGEN], rng_tp, P[L.P_TP_FACTOR])


# -- remote monitoring (远程监管) ------------------------------------------------------------------------
@njit(cache=True)
def arm_alarm(S, W, h, t):
    """A hazard that turns major at a monitored enterprise raises an alarm after its own Exp(m) time."""
    rate = W.p[L.P_RM_RATE]
    if W.ip[L.IP_RM_ENABLED] == 1 and rate > 0 and W.monitored[S.hi[h, L.H_ENT]] == 1:
        push_event(S, t + W.alarm[h] / rate, L.EV_ALARM, h, 0)


@njit(cache=True)
def alarm_event(S, W, h, t, rng_rect):
    """The platform flags the hazard: the authority knows it as if an inspector had found it."""
    if S.hi[h, L.H_CLOSED] == 1 or S.hi[h, L.H_KNOWN] == 1:
        return
    count(S, W, L.C_MONITORING_ALARMS, t, 1)
    found_by_authority(S, W, h, L.CH_MONITORING, t, rng_rect)


@njit(cache=True)
def followup(S, W, h, t, rng_rect):
    """复查 at the deadline: closed means 销号; still open means failure and sanctions.
    Returns the orders issued: 1 when the hazard is ordered fixed again, else 0."""
    P, IP, hi, ei = W.p, W.ip, S.hi, S.ei
    if hi[h, L.H_CLOSED] == 1:
        return 0
    e = hi[h, L.H_ENT]
    count(S, W, L.C_FOLLOWUPS_FAILED, t, 1)
    penalise(S, W, e, t, P[L.P_F_FF], P[L.P_F_FP], True)
    fails = S.fails
    fails[e, ei[e, L.E_FAILS] % IP[L.IP_KCLOSE]] = t
    ei[e, L.E_FAILS] += 1
    if closes_after_failure(fails[e], t, P[L.P_WINDOW], IP[L.IP_KCLOSE]):
        close_enterprise(S, W, e, t)
        return 0
    suspend(S, W, e, h, t)
    order_fix(S, W, h, t, P[L.P_TMAJ], rng_rect)
    add_task(S, W, t, FOLLOWUP, e, t + P[L.P_TMAJ], h, -1.0, DEFAULT)
    return 1


# -- sanctions -------------------------------------------------------------------------------------------
@njit(cache=True)
def penalise(S, W, e, t, firm_fine, principal_fine, mark):
    count(S, W, L.C_PENALTIES, t, 1)
    add_amount(S, W, L.A_FINES, t, firm_fine + principal_fine)
    S.ef[e, L.E_LASTPEN] = t
    if mark:
        mark_dishonest(S, W, e, t)


@njit(cache=True)
def mark_dishonest(S, W, e, t):
    ei = S.ei
    if ei[e, L.E_CREDIT] == L.BLACKLISTED:
        return
    ei[e, L.E_CREDIT] = L.DISHONEST
    ei[e, L.E_MARKS] += 1
    count(S, W, L.C_DISHONEST_MARKS, t, 1)
    push_event(S, t + W.p[L.P_REPAIR], L.EV_CREDIT, e, ei[e, L.E_MARKS])


@njit(cache=True)
def credit_event(S, e, mark):
    ei = S.ei
    if ei[e, L.E_CREDIT] == L.DISHONEST and ei[e, L.E_MARKS] == mark:
        ei[e, L.E_CREDIT] = L.NORMAL


@njit(cache=True)
def set_state(S, W, e, state, t):
    """Change operating state, keeping every open hazard's accident exposure exact."""
    hi, start, end = S.hi, open_from(S, e), S.ei[e, L.E_CAND]  # candidates not yet arrived are no hazards
    for h in range(start, end):
        if hi[h, L.H_EXISTS] == 1 and hi[h, L.H_CLOSED] == 0:
            sync(S, W, h, t)
    S.ei[e, L.E_STATE] = state
    for h in range(start, end):
        if hi[h, L.H_EXISTS] == 1 and hi[h, L.H_CLOSED] == 0:
            reschedule(S, W, h, t)


@njit(cache=True)
def suspend(S, W, e, h, t):
    """停产整顿 until hazard h is closed and at least min_suspension_days have passed."""
    ei = S.ei
    if ei[e, L.E_STATE] == L.CLOSED:
        return
    ei[e, L.E_SUSP] += 1
    if ei[e, L.E_STATE] == L.OPERATING:
        set_state(S, W, e, L.SUSPENDED, t)
        count(S, W, L.C_SUSPENSIONS, t, 1)
    push_event(S, t + W.p[L.P_MINSUSP], L.EV_SUSPENSION, e, h)


@njit(cache=True)
def suspension_event(S, W, e, h, t):
    """The minimum suspension has passed: end it now, or when the hazard closes."""
    if S.hi[h, L.H_CLOSED] == 1:
        end_one_suspension(S, W, e, t)
    else:
        S.hi[h, L.H_WAITING] += 1


@njit(cache=True)
def end_one_suspension(S, W, e, t):
    ei = S.ei
    ei[e, L.E_SUSP] -= 1
    if ei[e, L.E_SUSP] == 0 and ei[e, L.E_STATE] == L.SUSPENDED:
        set_state(S, W, e, L.OPERATING, t)


@njit(cache=True)
def close_enterprise(S, W, e, t):
    """关闭 and 黑名单: the enterprise stops for good; its open hazards close with it."""
    set_state(S, W, e, L.CLOSED, t)
    S.ei[e, L.E_CREDIT] = L.BLACKLISTED
    S.kv[e, window_year(W, t):] = CLOSED_BEFORE_YEAR_END  # off the register from this year (key_enterprise_coverage)
    count(S, W, L.C_CLOSURES, t, 1)
    hi = S.hi
    for h in range(open_from(S, e), S.ei[e, L.E_CAND]):
        if hi[h, L.H_EXISTS] == 1 and hi[h, L.H_CLOSED] == 0:
            close(S, W, h, L.CAUSE_ENTERPRISE, t)
