"""The enforcement regimes in the numba engine: the SimPy engine's `regimes.py`.

A handler that adds tasks in a loop makes room for each (grow.py).
"""

from __future__ import annotations

import math

import numpy as np

from numba import njit
from sim.engines.numba import layout as L
from sim.engines.numba.clocks import open_from, rerate_report, reschedule
from sim.engines.numba.enforcement import add_pressure, decay_pressure, detects
from sim.engines.numba.grow import make_room, make_step_room
from sim.engines.numba.hazards import advised
from sim.engines.numba.tally import add_amount, count
from sim.engines.numba.tasks import DEFAULT, add_task
from sim.rules.dispatch import (
    DOUBLE_RANDOM,
    EXPERT,
    FROM_ACCIDENT_TRIGGERED,
    FROM_ANNUAL_PLAN,
    FROM_CREDIT_BASED,
    FROM_DOUBLE_RANDOM,
    FROM_KEY_PERIODS,
    FROM_LEAD_MONTHLY,
    FROM_RISK_BASED,
    FROM_THIRD_PARTY,
    FROM_TRIAL,
    TARGETED,
)
from sim.rules.jit import (
    accrue,
    as_days,
    build_plan,
    checks_due,
    checks_in_month,
    credit_frequency,
    lead_eligible,
    listed,
    plan_check_hours,
    sample_without_replacement,
    staff_hours,
    task_hours,
    unplanned_estimate,
)
from sim.rules.plan import (
    KEY_TIERS,
    PL_CHECK_DAYS,
    PL_CHECKS,
    PL_KEY_SHORTFALL,
    PL_QUEUED,
    PL_STAFF_DAYS,
    PL_UNPLANNED_DAYS,
    PL_UNPLANNED_HOURS,
)
from sim.rules.trial import TREATED
from sim.world.schedules import (
    PY_FIRST_MONTH,
    PY_MONTHS,
    PY_WORKING,
    SURGE_CHECKS,
    SURGE_END,
    SURGE_GROUP,
)


# -- the double-random regime -------------------------------------------------------------------------
@njit(cache=True)
def double_random_event(S, W, period, t, rng_enf):
    """双随机、一公开: a random fraction of operating enterprises, each with a random inspector; with the
    annual plan on, drawn from those outside this year's key checks (all of them when fewer are left out):
    a yellow or blue firm with a 分级分类 floor check stays in the draw."""
    P, IP, ei = W.p, W.ip, S.ei
    n = ei.shape[0]
    pool = np.empty(n, dtype=np.int64)
    planned = IP[L.IP_AP_ENABLED] == 1  # then the sample is drawn from the firms outside the plan's key checks
    m, operating = 0, 0
    for e in range(n):
        if ei[e, L.E_STATE] == L.OPERATING:
            operating += 1
            if not (planned and ei[e, L.E_PLAN_KEY] > 0 and ei[e, L.E_TIER] < KEY_TIERS):
                pool[m] = e
                m += 1
    chosen = sample_without_replacement(rng_enf, pool[:m], int(round(P[L.P_DR_FRACTION] * operating)))
    k = IP[L.IP_K]
    wait = W.dr[period, 1] - W.dr[period, 0]
    for e in chosen:
        inspector = rng_enf.integers(0, k) if k > 0 else -1
        make_room(S, 0, 1)
        add_task(S, W, t, DOUBLE_RANDOM, e, t, -1, wait, inspector, FROM_DOUBLE_RANDOM)


# -- the monthly plans: lead_monthly, risk_based, credit_based ------------------------------------------
@njit(cache=True)
def _planned_check(S, W, kind, e, t, source, wait=-1.0):
    make_room(S, 0, 1)
    add_task(S, W, t, kind, e, t, -1, wait, DEFAULT, source)


@njit(cache=True)
def _credit_frequency(S, W, e):
    """Enterprise e's checks a year under 信用监管, by its published credit status."""
    P = W.p
    return credit_frequency(S.ei[e, L.E_PUBCREDIT], P[L.P_CB_BASE], P[L.P_CB_GOOD], P[L.P_CB_NORMAL],
                            P[L.P_CB_DISHONEST], P[L.P_CB_BLACKLISTED])


@njit(cache=True)
def month_plans_event(S, W, month, t):
    """At the start of every month: the credit list if due, the expert-led checks, then the risk and
    credit frequency plans."""
    P, IP = W.p, W.ip
    if IP[L.IP_CB_ENABLED] == 1 and W.pub[month] == 1:
        _publish_credit_list(S, W, t)
    if IP[L.IP_LEAD_ENABLED] == 1:
        chosen = 0
        for e in W.lead:
            if chosen >= IP[L.IP_LEAD_L]:
                break
            ef = S.ef
            if S.ei[e, L.E_STATE] == L.OPERATING and lead_eligible(ef[e, L.E_LASTCHECK], ef[e, L.E_LEADPICK], t,
                                                                  P[L.P_LEAD_LOOKBACK]):
                ef[e, L.E_LEADPICK] = t
                _planned_check(S, W, EXPERT, e, t, FROM_LEAD_MONTHLY)
                chosen += 1
    n = S.ei.shape[0]
    if IP[L.IP_RB_ENABLED] == 1 and IP[L.IP_AP_ENABLED] == 0:  # with the plan, risk_based plans through it
        for e in range(n):
            if S.ei[e, L.E_STATE] == L.OPERATING:
                tier = S.ei[e, L.E_TIER]
                per_year = P[L.P_RB_RED + tier]
                S.ef[e, L.E_PLAN_RISK] = accrue(S.ef[e, L.E_PLAN_RISK], per_year)
                for _ in range(checks_due(S.ef[e, L.E_PLAN_RISK])):
                    S.ef[e, L.E_PLAN_RISK] -= 1.0
                    _planned_check(S, W, TARGETED, e, t, FROM_RISK_BASED)
    if IP[L.IP_CB_ENABLED] == 1:
        for e in range(n):
            if S.ei[e, L.E_STATE] == L.OPERATING:
                per_year = _credit_frequency(S, W, e)
                if IP[L.IP_AP_ENABLED] == 1:   # the plan holds the year's frequency; a rise since is unplanned
                    per_year = max(0.0, per_year - S.ef[e, L.E_PLAN_CREDIT_RATE])
                S.ef[e, L.E_PLAN_CREDIT] = accrue(S.ef[e, L.E_PLAN_CREDIT], per_year)
                for _ in range(checks_due(S.ef[e, L.E_PLAN_CREDIT])):
                    S.ef[e, L.E_PLAN_CREDIT] -= 1.0
                    _planned_check(S, W, TARGETED, e, t, FROM_CREDIT_BASED)
    if IP[L.IP_AP_ENABLED] == 1:
        _annual_plan_month(S, W, month, t)


# -- the annual plan (年度监督检查计划) -----------------------------------------------------------------
@njit(cache=True)
def plan_year_event(S, W, p, t):
    """The plan of plan year p: the check hours the staff leave after last year's unplanned work and the
    reserve, as checks of the key (tiered) enterprises, then general checks by risk (sim.rules.plan)."""
    P, IP, pyr, ledger, ei, ef = W.p, W.ip, W.pyr, S.plan, S.ei, S.ef
    days, months = pyr[p, PY_WORKING], pyr[p, PY_MONTHS]
    available = staff_hours(IP[L.IP_K], days, P[L.P_CAP])
    unplanned = unplanned_estimate(ledger[p - 1, PL_UNPLANNED_HOURS] if p > 0 else 0.0,
                                   pyr[p - 1, PY_WORKING] if p > 0 else 0.0, days, available,
                                   P[L.P_AP_FIRST_SHARE])
    budget = plan_check_hours(available, unplanned, P[L.P_AP_RESERVE])
    rb = IP[L.IP_RB_ENABLED] == 1
    frequency = np.array([P[L.P_RB_RED], P[L.P_RB_ORANGE], P[L.P_RB_YELLOW] if rb else 0.0,
                          P[L.P_RB_BLUE] if rb else 0.0])
    n = ei.shape[0]
    tier = np.empty(n, dtype=np.int64)
    on_register = np.empty(n, dtype=np.int64)
    hours = np.empty(n)
    account = np.empty(n)
    credit = np.zeros(n)
    checks = np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    for e in range(n):
        if IP[L.IP_CB_ENABLED] == 1:
            credit[e] = _credit_frequency(S, W, e)
        tier[e] = ei[e, L.E_TIER]
        on_register[e] = 1 if ei[e, L.E_STATE] != L.CLOSED else 0
        hours[e] = task_hours(W.task[TARGETED, L.TK_HOURS], ef[e, L.E_WORKERS], P[L.P_WREF], P[L.P_TSIZE])
        account[e] = ef[e, L.E_PLAN_ACCOUNT]
    asked, tiered, general = build_plan(W.lead, tier, on_register, hours, frequency, credit, months, account,
                                        budget, IP[L.IP_AP_GENERAL] == 1, checks, key)
    for e in range(n):
        ef[e, L.E_PLAN_ACCOUNT] = account[e]
        ef[e, L.E_PLAN_CREDIT_RATE] = credit[e]
        ei[e, L.E_PLAN_CHECKS] = checks[e]
        ei[e, L.E_PLAN_KEY] = key[e]
    ledger[p, PL_STAFF_DAYS] = IP[L.IP_K] * days
    ledger[p, PL_UNPLANNED_DAYS] = as_days(unplanned, P[L.P_HOURS_PER_DAY])
    ledger[p, PL_CHECK_DAYS] = as_days(budget, P[L.P_HOURS_PER_DAY])
    ledger[p, PL_CHECKS] = tiered + general
    ledger[p, PL_KEY_SHORTFALL] = asked - tiered


@njit(cache=True)
def _annual_plan_month(S, W, month, t):
    """The month's share of each enterprise's planned checks, as targeted checks; closed enterprises
    have left the plan."""
    p = W.pyday[int(math.floor(t)) - int(W.p[L.P_FIRST_DAY])]
    if p < 0:
        return
    i, months = month - int(W.pyr[p, PY_FIRST_MONTH]), int(W.pyr[p, PY_MONTHS])
    ei, ef = S.ei, S.ef
    for e in range(ei.shape[0]):
        if ei[e, L.E_PLAN_CHECKS] > 0 and ei[e, L.E_STATE] != L.CLOSED:
            for _ in range(checks_in_month(ei[e, L.E_PLAN_CHECKS], ef[e, L.E_PLAN_PHASE], i, months)):
                S.plan[p, PL_QUEUED] += 1.0
                _planned_check(S, W, TARGETED, e, t, FROM_ANNUAL_PLAN)


@njit(cache=True)
def _publish_credit_list(S, W, t):
    """失信/黑名单 公示: the list the credit plan works from is brought up to date, and each enterprise
    newly on it weighs `deterrence.publicity` in its sector's perceived pressure."""
    ei = S.ei
    count(S, W, L.C_CREDIT_PUBLICATIONS, t, 1)
    for e in range(ei.shape[0]):
        if listed(ei[e, L.E_CREDIT]) and not listed(ei[e, L.E_PUBCREDIT]):
            count(S, W, L.C_CREDIT_NEWLY_LISTED, t, 1)
            add_pressure(S, W, ei[e, L.E_SECTOR], t, W.p[L.P_PUBLICITY])
        ei[e, L.E_PUBCREDIT] = ei[e, L.E_CREDIT]


@njit(cache=True)
def _operating_in(S, sectors, excluded):
    """Operating enterprises, in index order, whose sector has sectors[s] == 1, except `excluded`."""
    ei = S.ei
    pool = np.empty(ei.shape[0], dtype=np.int64)
    m = 0
    for e in range(ei.shape[0]):
        if sectors[ei[e, L.E_SECTOR]] == 1 and ei[e, L.E_STATE] == L.OPERATING and e != excluded:
            pool[m] = e
            m += 1
    return pool[:m]


# -- accident_triggered ----------------------------------------------------------------------------------
@njit(cache=True)
def same_sector_checks_event(S, W, sector, excluded, t, rng_enf):
    """举一反三: after a local accident (`excluded` is its enterprise) or one elsewhere (`excluded` < 0),
    M random operating enterprises of the sector, each checked within D days or the check expires."""
    count(S, W, L.C_ACCIDENT_TRIGGERS_LOCAL if excluded >= 0 else L.C_ACCIDENT_TRIGGERS_OUTSIDE, t, 1)
    in_sector = np.zeros(W.sec.shape[0], dtype=np.int64)
    in_sector[sector] = 1
    for e in sample_without_replacement(rng_enf, _operating_in(S, in_sector, excluded), W.ip[L.IP_AT_M]):
        _planned_check(S, W, TARGETED, e, t, FROM_ACCIDENT_TRIGGERED, W.p[L.P_AT_WITHIN])


# -- key_periods -----------------------------------------------------------------------------------------
@njit(cache=True)
def surge_event(S, W, j, t, rng_enf):
    """重点时段/自然灾害检查: row j of the surge table: its checks of the window's sectors, due by its end."""
    count(S, W, L.C_KEY_PERIOD_SURGES, t, 1)
    row = W.surge[j]
    pool = _operating_in(S, W.ssec[int(row[SURGE_GROUP])], -1)
    for e in sample_without_replacement(rng_enf, pool, int(row[SURGE_CHECKS])):
        _planned_check(S, W, TARGETED, e, t, FROM_KEY_PERIODS, row[SURGE_END] - t)


# -- third_party -----------------------------------------------------------------------------------------
@njit(cache=True)
def third_party_event(S, W, d, t, rng_tp):
    """第三方深度检查: calendar day d's purchased hours go to deep checks of the next operating enterprises
    of the rotation; an overrun is owed from the next day's hours, as an inspector's is."""
    P, acc = W.p, S.acc
    today = W.tpdays[d] * P[L.P_HOURS_PER_DAY]
    available = max(0.0, today - acc[L.A_TP_OWED])
    acc[L.A_TP_OWED] = max(0.0, acc[L.A_TP_OWED] - today)
    while available > 0.0:
        e = _next_operating(S, W)
        if e < 0:
            break
        hours = task_hours(W.task[EXPERT, L.TK_HOURS], S.ef[e, L.E_WORKERS], P[L.P_WREF], P[L.P_TSIZE])
        add_amount(S, W, L.A_THIRD_PARTY_HOURS, t, hours)
        available -= hours
        if available < 0.0:
            acc[L.A_TP_OWED] += -available
        make_step_room(S)
        _deep_check(S, W, e, t, rng_tp)


@njit(cache=True)
def _next_operating(S, W):
    """The first operating enterprise of the rotation from the third party's position on, going round
    (and the position moves past it); -1 when none of the rotation operates."""
    rotation = W.tprot
    n = rotation.shape[0]
    position = S.meta[L.M_TP_NEXT]
    for step in range(n):
        e = rotation[(position + step) % n]
        if S.ei[e, L.E_STATE] == L.OPERATING:
            S.meta[L.M_TP_NEXT] = (position + step + 1) % n
            return e
    return -1


@njit(cache=True)
def _deep_check(S, W, e, t, rng_tp):
    """One deep check: expert detection of every hazard the authority does not know; any finding
    queues a targeted government check of the enterprise."""
    count(S, W, L.C_THIRD_PARTY_CHECKS, t, 1)
    found = False
    for h in range(open_from(S, e), S.ei[e, L.E_CAND]):  # candidates not yet arrived cannot be hazards
        if detects(S, W, h, True, True, False, rng_tp):  # expert, unannounced
            found = True
            count(S, W, L.C_THIRD_PARTY_FINDINGS, t, 1)
            advised(S, W, h, t, rng_tp)
    if found:
        _planned_check(S, W, TARGETED, e, t, FROM_THIRD_PARTY)


# -- the field trial ---------------------------------------------------------------------------------------
@njit(cache=True)
def trial_event(S, W, t):
    """The field trial (随机对照试验): on its date, one extra targeted check of each treated enterprise
    still on the register, or expired after `trial.max_wait_days`; the controls get none."""
    arm, ei = W.arm, S.ei
    for e in range(ei.shape[0]):
        if arm[e] == TREATED and ei[e, L.E_STATE] != L.CLOSED:
            _planned_check(S, W, TARGETED, e, t, FROM_TRIAL, W.p[L.P_TRIAL_WAIT])


# -- campaign -----------------------------------------------------------------------------------------------
@njit(cache=True)
def phase_event(S, W, row, t):
    """专项整治: a campaign phase begins (row k + 1 of the phase parameters) or ends (row 0).

    As the SimPy engine's `_switch_config`: a phase that changes the rewards or the reporting settings
    changes the report rate of every latent hazard for its dates, not only of those it sees created,
    so their report clocks are rerated; one that changes the pressure's half-life first decays each
    sector's pressure up to the switch at the old one.
    """
    if W.pp[row, L.P_HGEN] != W.p[L.P_HGEN]:  # the time before the switch decays at the old half-life
        for s in range(S.pres.shape[0]):
            decay_pressure(S, W, s, t)
    W.p[:] = W.pp[row]
    W.ip[:] = W.ipp[row]
    make_room(S, S.meta[L.M_OPEN] + 1, 0)  # at most one push per open hazard
    hi, ei = S.hi, S.ei
    for e in range(ei.shape[0]):
        for h in range(open_from(S, e), ei[e, L.E_CAND]):
            if hi[h, L.H_EXISTS] == 1 and hi[h, L.H_CLOSED] == 0 and rerate_report(S, W, h, t):
                reschedule(S, W, h, t)
