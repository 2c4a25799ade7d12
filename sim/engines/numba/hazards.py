"""Hazard life, rectification and sanctions in the numba engine: the SimPy engine's `model.py`,
`hazard.py` and `sanctions.py`, event for event, calling the same rules (`sim.rules.jit`)."""

from __future__ import annotations

import math

from numba import njit
from sim.engines.numba.heaps import push_event
from sim.engines.numba.layout import *  # noqa: F403  (the kernel's column names)
from sim.engines.numba.tasks import DEFAULT, add_task
from sim.rules.dispatch import FOLLOWUP, INVESTIGATION, VERIFICATION
from sim.rules.jit import (
    closes_after_failure,
    compliance,
    deaths_of_accident,
    hazard_report_rate,
    report_propensity,
    report_self,
    retrained_quality,
    severity_class,
)

INF = math.inf


@njit(cache=True)
def in_window(W, t):
    return 0.0 <= t < W[W_P][P_HORIZON]


@njit(cache=True)
def count(S, W, c, t, n):
    if 0.0 <= t < W[W_P][P_HORIZON]:
        S[S_CNT][c] += n


@njit(cache=True)
def count_monthly(S, W, mo, t, n):
    if 0.0 <= t < W[W_P][P_HORIZON]:
        day = int(math.floor(t)) - int(W[W_P][P_FIRST_DAY])
        S[S_MON][mo, W[W_CAL][day, CAL_MONTH]] += n


@njit(cache=True)
def add_amount(S, W, a, t, x):
    if 0.0 <= t < W[W_P][P_HORIZON]:
        S[S_AMT][a] += x


# -- clocks --------------------------------------------------------------------------------------------
@njit(cache=True)
def accident_rate(S, W, h):
    e = S[S_HI][h, H_ENT]
    return W[W_SEC][S[S_EI][e, E_SECTOR], SC_KM if S[S_HI][h, H_MAJOR] == 1 else SC_KG]


@njit(cache=True)
def sync(S, W, h, t):
    """Spend accident exposure for the time since the last sync, if the enterprise operated."""
    hf = S[S_HF]
    if S[S_EI][S[S_HI][h, H_ENT], E_STATE] == OPERATING:
        hf[h, H_EXPO] -= accident_rate(S, W, h) * (t - hf[h, H_LAST])
    hf[h, H_LAST] = t


@njit(cache=True)
def next_clock(S, W, h, t):
    """(time, what) of the hazard's next event; ties go as in the SimPy hazard's min over tuples."""
    hf = S[S_HF]
    rate = accident_rate(S, W, h)
    acc = INF
    if S[S_EI][S[S_HI][h, H_ENT], E_STATE] == OPERATING and rate > 0:
        acc = t + max(hf[h, H_EXPO], 0.0) / rate
    best, what = hf[h, H_CLOSURE], CAUSE_NATURAL
    for when, code in ((hf[h, H_FIX], CAUSE_RECTIFIED), (acc, CAUSE_ACCIDENT),
                       (hf[h, H_ESC], CLOCK_ESCALATE), (hf[h, H_REPORT], CLOCK_REPORT)):
        if when < best or (when == best and code < what):
            best, what = when, code
    return best, what


@njit(cache=True)
def reschedule(S, W, h, t):
    """Invalidate the hazard's pending event and schedule its next one."""
    hi = S[S_HI]
    if hi[h, H_CLOSED] == 1:
        return
    hi[h, H_VERSION] += 1
    when, what = next_clock(S, W, h, t)
    if when < INF:
        push_event(S[S_EVF], S[S_EVI], S[S_META], when, EV_HAZARD, h, hi[h, H_VERSION] * 16 + what)


# -- life ----------------------------------------------------------------------------------------------
@njit(cache=True)
def create_hazard(S, W, e, c, t, major):
    P, nat, hf, hi, ef, meta = W[W_P], W[W_NAT], S[S_HF], S[S_HI], S[S_EF], S[S_META]
    hi[c, H_EXISTS], hi[c, H_MAJOR], hi[c, H_KNOWN], hi[c, H_CLOSED], hi[c, H_VERSION] = 1, major, 0, 0, 0
    hf[c, H_CREATED], hf[c, H_FOUND], hf[c, H_EXPO], hf[c, H_LAST] = t, math.nan, nat[c, NT_EXPO], t
    hf[c, H_CLOSURE] = t + nat[c, NT_CLOSURE] / P[P_NU] if P[P_NU] > 0 else INF
    hf[c, H_ESC] = t + nat[c, NT_ESC] / P[P_EPS] if (P[P_EPS] > 0 and major == 0) else INF
    hf[c, H_FIX] = INF
    reward = P[P_REWARD_M] if major == 1 else P[P_REWARD_G]
    g = report_propensity(reward, P[P_G0], P[P_RSCALE])
    rate = hazard_report_rate(ef[e, E_WORKERS], P[P_WREF], P[P_R0], P[P_RALPHA], g)
    hf[c, H_REPORT] = t + nat[c, NT_REPORT] / rate if rate > 0 else INF
    meta[M_OPEN] += 1
    meta[M_OPEN_MAJOR] += major
    count(S, W, C_HAZARDS_CREATED, t, 1)
    count_monthly(S, W, MO_HAZARDS_CREATED, t, 1)
    if major == 1:
        count(S, W, C_MAJOR_HAZARDS_CREATED, t, 1)
    reschedule(S, W, c, t)


@njit(cache=True)
def hazard_event(S, W, h, code, t, rng_rect):
    """The hazard's clock rang: close it, or escalate, report or cause an accident."""
    hi, hf, nat, sec = S[S_HI], S[S_HF], W[W_NAT], W[W_SEC]
    if hi[h, H_CLOSED] == 1 or code // 16 != hi[h, H_VERSION]:
        return  # superseded by a later reschedule
    what = code % 16
    sync(S, W, h, t)
    if what == CLOCK_ESCALATE:
        hf[h, H_ESC] = INF
        hi[h, H_MAJOR] = 1
        S[S_META][M_OPEN_MAJOR] += 1
        count(S, W, C_HAZARDS_ESCALATED, t, 1)
    elif what == CLOCK_REPORT:
        hf[h, H_REPORT] = INF
        if hi[h, H_KNOWN] == 0:
            count(S, W, C_REPORTS, t, 1)
            add_task(S, W, t, VERIFICATION, hi[h, H_ENT], t, h, -1.0, DEFAULT)
    elif what == CAUSE_ACCIDENT:
        s = S[S_EI][hi[h, H_ENT], E_SECTOR]
        major = hi[h, H_MAJOR] == 1
        deaths = deaths_of_accident(nat[h, NT_FATAL], nat[h, NT_DEATHS], sec[s, SC_PFM if major else SC_PFG],
                                    sec[s, SC_TAIL])
        accident(S, W, h, deaths, t, rng_rect)
        return
    else:
        close(S, W, h, what, t)
        return
    reschedule(S, W, h, t)


@njit(cache=True)
def close(S, W, h, cause, t):
    hi, hf, meta = S[S_HI], S[S_HF], S[S_META]
    sync(S, W, h, t)
    hi[h, H_CLOSED] = 1
    meta[M_OPEN] -= 1
    meta[M_OPEN_MAJOR] -= hi[h, H_MAJOR]
    if in_window(W, t):
        cnt = S[S_CNT]
        cnt[C_HAZARDS_CLOSED] += 1
        cnt[C_CLOSED_NATURAL + cause] += 1
        cnt[C_MAJOR_HAZARDS_CLOSED] += hi[h, H_MAJOR]
        S[S_ACC][A_CLOSE_DAYS] += t - hf[h, H_CREATED]
        if hf[h, H_FOUND] >= 0:
            S[S_ACC][A_FOUND_CLOSED] += 1
    waiting = hi[h, H_WAITING]
    hi[h, H_WAITING] = 0
    for _ in range(waiting):
        end_one_suspension(S, W, hi[h, H_ENT], t)


@njit(cache=True)
def accident(S, W, h, deaths, t, rng_rect):
    """An accident closes the hazard; fines (if it kills), retraining and an investigation follow."""
    P, hi, ei, ef = W[W_P], S[S_HI], S[S_EI], S[S_EF]
    e = hi[h, H_ENT]
    close(S, W, h, CAUSE_ACCIDENT, t)
    if in_window(W, t):
        cnt = S[S_CNT]
        cnt[C_ACCIDENTS] += 1
        cnt[C_DEATHS] += deaths
        count_monthly(S, W, MO_ACCIDENTS, t, 1)
        count_monthly(S, W, MO_DEATHS, t, deaths)
        if W[W_SEC][ei[e, E_SECTOR], SC_IND] > 0:
            cnt[C_DEATHS_INDUSTRIAL] += deaths
        else:
            cnt[C_DEATHS_ROAD] += deaths
        cls = severity_class(deaths)
        if deaths > 0:
            cnt[C_FATAL_ACCIDENTS] += 1
        if cls >= 1:
            cnt[C_SERIOUS_ACCIDENTS] += 1
            cnt[C_ACCIDENTS_LARGER + cls - 1] += 1
    if deaths > 0:
        penalise(S, W, e, t, P[P_F_AF], P[P_F_AP], False)
    ef[e, E_Q] = retrained_quality(ef[e, E_Q], P[P_RETRAIN])
    add_task(S, W, t, INVESTIGATION, e, t, -1, -1.0, DEFAULT)


# -- finding and rectification ---------------------------------------------------------------------
@njit(cache=True)
def record_found(S, W, h, channel, t):
    hf, hi = S[S_HF], S[S_HI]
    if not math.isnan(hf[h, H_FOUND]):
        return
    hf[h, H_FOUND] = t
    if in_window(W, t):
        cnt = S[S_CNT]
        cnt[C_HAZARDS_FOUND] += 1
        cnt[C_FOUND_SELF + channel] += 1
        count_monthly(S, W, MO_HAZARDS_FOUND, t, 1)
        cnt[C_MAJOR_HAZARDS_FOUND] += hi[h, H_MAJOR]
        S[S_ACC][A_FIND_DAYS] += t - hf[h, H_CREATED]


@njit(cache=True)
def order_fix(S, W, h, t, deadline, rng_rect):
    """The enterprise fixes the hazard by the deadline with probability c_i, at a uniform time."""
    P, ef, ei, hf = W[W_P], S[S_EF], S[S_EI], S[S_HF]
    e = S[S_HI][h, H_ENT]
    c = compliance(ef[e, E_Q], ei[e, E_CREDIT], P[P_CBASE], P[P_CSLOPE], P[P_CDIS])
    complies = rng_rect.random() < c
    when = t + rng_rect.random() * deadline
    if complies and when < hf[h, H_FIX]:
        hf[h, H_FIX] = when
        reschedule(S, W, h, t)


@njit(cache=True)
def found_by_self(S, W, h, t, rng_rect):
    P, hi = W[W_P], S[S_HI]
    record_found(S, W, h, CH_SELF, t)
    if hi[h, H_MAJOR] == 0:
        order_fix(S, W, h, t, P[P_TGEN], rng_rect)
        return
    e = hi[h, H_ENT]
    if rng_rect.random() < report_self(S[S_EF][e, E_Q], P[P_REP_BASE], P[P_REP_SLOPE]):
        hi[h, H_KNOWN] = 1
        count(S, W, C_SELF_REPORTED_MAJOR, t, 1)
        order_fix(S, W, h, t, P[P_TMAJ], rng_rect)
        add_task(S, W, t, FOLLOWUP, e, t + P[P_TMAJ], h, -1.0, DEFAULT)
    else:
        order_fix(S, W, h, t, P[P_TMAJ], rng_rect)


@njit(cache=True)
def found_by_authority(S, W, h, channel, t, rng_rect):
    """Found by an inspection, an investigation or a verified report: order, list, punish."""
    P, hi = W[W_P], S[S_HI]
    record_found(S, W, h, channel, t)
    hi[h, H_KNOWN] = 1
    if hi[h, H_MAJOR] == 0:
        if rng_rect.random() < P[P_ONSPOT]:
            close(S, W, h, CAUSE_ON_SPOT, t)
        else:
            order_fix(S, W, h, t, P[P_TGEN], rng_rect)
        return
    e = hi[h, H_ENT]
    order_fix(S, W, h, t, P[P_TMAJ], rng_rect)
    add_task(S, W, t, FOLLOWUP, e, t + P[P_TMAJ], h, -1.0, DEFAULT)
    mark = rng_rect.random() < P[P_PMARK]
    penalise(S, W, e, t, P[P_F_MF], P[P_F_MP], mark)


@njit(cache=True)
def followup(S, W, h, t, rng_rect):
    """复查 at the deadline: closed means 销号; still open means failure and sanctions."""
    P, IP, hi, ei = W[W_P], W[W_IP], S[S_HI], S[S_EI]
    if hi[h, H_CLOSED] == 1:
        return
    e = hi[h, H_ENT]
    count(S, W, C_FOLLOWUPS_FAILED, t, 1)
    penalise(S, W, e, t, P[P_F_FF], P[P_F_FP], True)
    fails = S[S_FAILS]
    fails[e, ei[e, E_FAILS] % IP[IP_KCLOSE]] = t
    ei[e, E_FAILS] += 1
    if closes_after_failure(fails[e], t, P[P_WINDOW], IP[IP_KCLOSE]):
        close_enterprise(S, W, e, t)
        return
    suspend(S, W, e, h, t)
    order_fix(S, W, h, t, P[P_TMAJ], rng_rect)
    add_task(S, W, t, FOLLOWUP, e, t + P[P_TMAJ], h, -1.0, DEFAULT)


# -- sanctions -------------------------------------------------------------------------------------------
@njit(cache=True)
def penalise(S, W, e, t, firm_fine, principal_fine, mark):
    count(S, W, C_PENALTIES, t, 1)
    add_amount(S, W, A_FINES, t, firm_fine + principal_fine)
    S[S_EF][e, E_LASTPEN] = t
    if mark:
        mark_dishonest(S, W, e, t)


@njit(cache=True)
def mark_dishonest(S, W, e, t):
    ei = S[S_EI]
    if ei[e, E_CREDIT] == BLACKLISTED:
        return
    ei[e, E_CREDIT] = DISHONEST
    ei[e, E_MARKS] += 1
    count(S, W, C_DISHONEST_MARKS, t, 1)
    push_event(S[S_EVF], S[S_EVI], S[S_META], t + W[W_P][P_REPAIR], EV_CREDIT, e, ei[e, E_MARKS])


@njit(cache=True)
def credit_event(S, e, mark):
    ei = S[S_EI]
    if ei[e, E_CREDIT] == DISHONEST and ei[e, E_MARKS] == mark:
        ei[e, E_CREDIT] = NORMAL


@njit(cache=True)
def set_state(S, W, e, state, t):
    """Change operating state, keeping every open hazard's accident exposure exact."""
    first, hi = W[W_FIRST], S[S_HI]
    for h in range(first[e], first[e + 1]):
        if hi[h, H_EXISTS] == 1 and hi[h, H_CLOSED] == 0:
            sync(S, W, h, t)
    S[S_EI][e, E_STATE] = state
    for h in range(first[e], first[e + 1]):
        if hi[h, H_EXISTS] == 1 and hi[h, H_CLOSED] == 0:
            reschedule(S, W, h, t)


@njit(cache=True)
def suspend(S, W, e, h, t):
    """停产整顿 until hazard h is closed and at least min_suspension_days have passed."""
    ei = S[S_EI]
    if ei[e, E_STATE] == CLOSED:
        return
    ei[e, E_SUSP] += 1
    if ei[e, E_STATE] == OPERATING:
        set_state(S, W, e, SUSPENDED, t)
        count(S, W, C_SUSPENSIONS, t, 1)
    push_event(S[S_EVF], S[S_EVI], S[S_META], t + W[W_P][P_MINSUSP], EV_SUSPENSION, e, h)


@njit(cache=True)
def suspension_event(S, W, e, h, t):
    """The minimum suspension has passed: end it now, or when the hazard closes."""
    if S[S_HI][h, H_CLOSED] == 1:
        end_one_suspension(S, W, e, t)
    else:
        S[S_HI][h, H_WAITING] += 1


@njit(cache=True)
def end_one_suspension(S, W, e, t):
    ei = S[S_EI]
    ei[e, E_SUSP] -= 1
    if ei[e, E_SUSP] == 0 and ei[e, E_STATE] == SUSPENDED:
        set_state(S, W, e, OPERATING, t)


@njit(cache=True)
def close_enterprise(S, W, e, t):
    """关闭 and 黑名单: the enterprise stops for good; its open hazards close with it."""
    set_state(S, W, e, CLOSED, t)
    S[S_EI][e, E_CREDIT] = BLACKLISTED
    count(S, W, C_CLOSURES, t, 1)
    first, hi = W[W_FIRST], S[S_HI]
    for h in range(first[e], first[e + 1]):
        if hi[h, H_EXISTS] == 1 and hi[h, H_CLOSED] == 0:
            close(S, W, h, CAUSE_ENTERPRISE, t)
