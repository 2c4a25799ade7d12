"""The enforcement regimes in the numba engine: the SimPy engine's `regimes.py`.

A handler that adds tasks in a loop makes room for each (grow.py).
"""

from __future__ import annotations

import math

import numpy as np

from sim.engines.numba import layout as L
from sim.engines.numba.clocks import next_open, open_from, rerate_report, reschedule
from sim.engines.numba.enforcement import add_pressure, decay_pressure, detects
from sim.engines.numba.grow import make_room, make_step_room
from sim.engines.numba.hazards import advised
from sim.engines.numba.kernel import kernel
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


# -- the double-random regime -------------------------------------------------------------------------
@kernel(inline=True)
def double_random_event(S, W, period, t, rng_enf):
    """双随机、一公开: a random fraction of operating enterprises, each with a random inspector; with the
    annual plan on, drawn from those outside this year's key checks (all of them when fewer are left out):
    a yellow or blue firm with a 分级分类 floor check stays in the draw."""
    P, firms = W.params[0], S.enterprises
    n = firms.shape[0]
    pool = np.empty(n, dtype=np.int64)
    planned = P.annual_plan  # then the sample is drawn from the firms outside the plan's key checks
    m, operating = 0, 0
    for e in range(n):
        firm = firms[e]
        if firm.state == L.OPERATING:
            operating += 1
            if not (planned and firm.plan_key_checks > 0 and firm.risk_tier < KEY_TIERS):
                pool[m] = e
                m += 1
    chosen = sample_without_replacement(rng_enf, pool[:m], int(round(P.sampling_fraction * operating)))
    k = P.inspectors
    wait = W.double_random_end[period] - W.double_random_start[period]
    for e in chosen:
        inspector = rng_enf.integers(0, k) if k > 0 else -1
        make_room(S, 0, 1)
        add_task(S, W, t, DOUBLE_RANDOM, e, t, -1, wait, inspector, FROM_DOUBLE_RANDOM)


# -- the monthly plans: lead_monthly, risk_based, credit_based ------------------------------------------
@kernel
def _planned_check(S, W, kind, e, t, source, wait=-1.0):
    make_room(S, 0, 1)
    add_task(S, W, t, kind, e, t, -1, wait, DEFAULT, source)


@kernel
def _credit_frequency(S, W, e):
    """Enterprise e's checks a year under 信用监管, by its published credit status."""
    P = W.params[0]
    return credit_frequency(S.enterprises[e].published_credit, P.credit_base_frequency, P.credit_good,
                            P.credit_normal, P.credit_dishonest, P.credit_blacklisted)


@kernel(inline=True)
def month_plans_event(S, W, month, t):
    """At the start of every month: the credit list if due, the expert-led checks, then the risk and
    credit frequency plans."""
    P, firms = W.params[0], S.enterprises
    if P.credit_based and W.publishes[month] == 1:
        _publish_credit_list(S, W, t)
    if P.lead_monthly:
        chosen = 0
        for e in W.riskiest:
            if chosen >= P.lead_checks_per_month:
                break
            firm = firms[e]
            if firm.state == L.OPERATING and lead_eligible(firm.last_inspection, firm.last_lead_pick, t,
                                                           P.lead_lookback_days):
                firm.last_lead_pick = t
                _planned_check(S, W, EXPERT, e, t, FROM_LEAD_MONTHLY)
                chosen += 1
    n = firms.shape[0]
    if P.risk_based and not P.annual_plan:  # with the plan, risk_based plans through it
        for e in range(n):
            firm = firms[e]
            if firm.state == L.OPERATING:
                firm.risk_plan_account = accrue(firm.risk_plan_account, P.risk_frequency[firm.risk_tier])
                for _ in range(checks_due(firm.risk_plan_account)):
                    firm.risk_plan_account -= 1.0
                    _planned_check(S, W, TARGETED, e, t, FROM_RISK_BASED)
    if P.credit_based:
        for e in range(n):
            firm = firms[e]
            if firm.state == L.OPERATING:
                per_year = _credit_frequency(S, W, e)
                if P.annual_plan:   # the plan holds the year's frequency; a rise since is unplanned
                    per_year = max(0.0, per_year - firm.planned_credit_frequency)
                firm.credit_plan_account = accrue(firm.credit_plan_account, per_year)
                for _ in range(checks_due(firm.credit_plan_account)):
                    firm.credit_plan_account -= 1.0
                    _planned_check(S, W, TARGETED, e, t, FROM_CREDIT_BASED)
    if P.annual_plan:
        _annual_plan_month(S, W, month, t)


# -- the annual plan (年度监督检查计划) -----------------------------------------------------------------
@kernel(inline=True)
def plan_year_event(S, W, p, t):
    """The plan of plan year p: the check hours the staff leave after last year's unplanned work and the
    reserve, as checks of the key (tiered) enterprises, then general checks by risk (sim.rules.plan)."""
    P, ledger, firms = W.params[0], S.plan_ledger, S.enterprises
    days, months = W.plan_year_working_days[p], W.plan_year_months[p]
    available = staff_hours(P.inspectors, days, P.task_hours_per_day)
    unplanned = unplanned_estimate(ledger[p - 1, PL_UNPLANNED_HOURS] if p > 0 else 0.0,
                                   W.plan_year_working_days[p - 1] if p > 0 else 0.0, days, available,
                                   P.plan_first_year_unplanned_share)
    budget = plan_check_hours(available, unplanned, P.plan_reserve)
    rb = P.risk_based
    per_tier = P.risk_frequency  # red, orange, yellow, blue; the lower two only with risk_based on
    frequency = np.array([per_tier[0], per_tier[1], per_tier[2] if rb else 0.0, per_tier[3] if rb else 0.0])
    n = firms.shape[0]
    tier = np.empty(n, dtype=np.int64)
    on_register = np.empty(n, dtype=np.int64)
    hours = np.empty(n)
    account = np.empty(n)
    credit = np.zeros(n)
    checks = np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    targeted_hours = W.task_kinds[TARGETED].hours
    for e in range(n):
        firm = firms[e]
        if P.credit_based:
            credit[e] = _credit_frequency(S, W, e)
        tier[e] = firm.risk_tier
        on_register[e] = 1 if firm.state != L.CLOSED else 0
        hours[e] = task_hours(targeted_hours, firm.workers, P.reference_workers, P.task_size_exponent)
        account[e] = firm.annual_plan_account
    asked, tiered, general = build_plan(W.riskiest, tier, on_register, hours, frequency, credit, months, account,
                                        budget, P.plan_general_checks, checks, key)
    for e in range(n):
        firm = firms[e]
        firm.annual_plan_account = account[e]
        firm.planned_credit_frequency = credit[e]
        firm.plan_checks = checks[e]
        firm.plan_key_checks = key[e]
    ledger[p, PL_STAFF_DAYS] = P.inspectors * days
    ledger[p, PL_UNPLANNED_DAYS] = as_days(unplanned, P.hours_per_day)
    ledger[p, PL_CHECK_DAYS] = as_days(budget, P.hours_per_day)
    ledger[p, PL_CHECKS] = tiered + general
    ledger[p, PL_KEY_SHORTFALL] = asked - tiered


@kernel(inline=True)
def _annual_plan_month(S, W, month, t):
    """The month's share of each enterprise's planned checks, as targeted checks; closed enterprises
    have left the plan."""
    p = W.plan_year_of_day[int(math.floor(t)) - int(W.params[0].first_day)]
    if p < 0:
        return
    i, months = month - int(W.plan_year_first_month[p]), int(W.plan_year_months[p])
    firms = S.enterprises
    for e in range(firms.shape[0]):
        firm = firms[e]
        if firm.plan_checks > 0 and firm.state != L.CLOSED:
            for _ in range(checks_in_month(firm.plan_checks, firm.annual_plan_phase, i, months)):
                S.plan_ledger[p, PL_QUEUED] += 1.0
                _planned_check(S, W, TARGETED, e, t, FROM_ANNUAL_PLAN)


@kernel(inline=True)
def _publish_credit_list(S, W, t):
    """失信/黑名单 公示: the list the credit plan works from is brought up to date, and each enterprise
    newly on it weighs `deterrence.publicity` in its sector's perceived pressure."""
    firms = S.enterprises
    count(S, W, L.C_CREDIT_PUBLICATIONS, t, 1)
    for e in range(firms.shape[0]):
        firm = firms[e]
        if listed(firm.credit) and not listed(firm.published_credit):
            count(S, W, L.C_CREDIT_NEWLY_LISTED, t, 1)
            add_pressure(S, W, firm.sector, t, W.params[0].publicity)
        firm.published_credit = firm.credit


@kernel
def _operating_in(S, sectors, excluded):
    """Operating enterprises, in index order, whose sector has sectors[s] == 1, except `excluded`."""
    firms = S.enterprises
    pool = np.empty(firms.shape[0], dtype=np.int64)
    m = 0
    for e in range(firms.shape[0]):
        if sectors[firms[e].sector] == 1 and firms[e].state == L.OPERATING and e != excluded:
            pool[m] = e
            m += 1
    return pool[:m]


# -- accident_triggered ----------------------------------------------------------------------------------
@kernel(inline=True)
def same_sector_checks_event(S, W, sector, excluded, t, rng_enf):
    """举一反三: after a local accident (`excluded` is its enterprise) or one elsewhere (`excluded` < 0),
    M random operating enterprises of the sector, each checked within D days or the check expires."""
    P = W.params[0]
    count(S, W, L.C_ACCIDENT_TRIGGERS_LOCAL if excluded >= 0 else L.C_ACCIDENT_TRIGGERS_OUTSIDE, t, 1)
    in_sector = np.zeros(W.sectors.shape[0], dtype=np.int64)
    in_sector[sector] = 1
    for e in sample_without_replacement(rng_enf, _operating_in(S, in_sector, excluded), P.accident_trigger_checks):
        _planned_check(S, W, TARGETED, e, t, FROM_ACCIDENT_TRIGGERED, P.accident_checks_within_days)


# -- key_periods -----------------------------------------------------------------------------------------
@kernel(inline=True)
def surge_event(S, W, j, t, rng_enf):
    """重点时段/自然灾害检查: surge j: its checks of its group's sectors, due by its end."""
    count(S, W, L.C_KEY_PERIOD_SURGES, t, 1)
    pool = _operating_in(S, W.surge_sectors[W.surge_group[j]], -1)
    end = W.surge_end[j]
    for e in sample_without_replacement(rng_enf, pool, W.surge_checks[j]):
        _planned_check(S, W, TARGETED, e, t, FROM_KEY_PERIODS, end - t)


# -- third_party -----------------------------------------------------------------------------------------
@kernel(inline=True)
def third_party_event(S, W, d, t, rng_tp):
    """第三方深度检查: calendar day d's purchased hours go to deep checks of the next operating enterprises
    of the rotation; an overrun is owed from the next day's hours, as an inspector's is."""
    P = W.params[0]
    today = W.third_party_days[d] * P.hours_per_day
    available = max(0.0, today - S.third_party_owed)
    S.third_party_owed = max(0.0, S.third_party_owed - today)
    while available > 0.0:
        e = _next_operating(S, W)
        if e < 0:
            break
        hours = task_hours(W.task_kinds[EXPERT].hours, S.enterprises[e].workers, P.reference_workers,
                           P.task_size_exponent)
        add_amount(S, W, L.A_THIRD_PARTY_HOURS, t, hours)
        available -= hours
        if available < 0.0:
            S.third_party_owed += -available
        make_step_room(S)
        _deep_check(S, W, e, t, rng_tp)


@kernel(inline=True)
def _next_operating(S, W):
    """The first operating enterprise of the rotation from the third party's position on, going round
    (and the position moves past it); -1 when none of the rotation operates."""
    rotation = W.third_party_rotation
    n = rotation.shape[0]
    position = S.third_party_next
    for step in range(n):
        e = rotation[(position + step) % n]
        if S.enterprises[e].state == L.OPERATING:
            S.third_party_next = (position + step + 1) % n
            return e
    return -1


@kernel(inline=True)
def _deep_check(S, W, e, t, rng_tp):
    """One deep check: expert detection of every hazard the authority does not know; any finding
    queues a targeted government check of the enterprise."""
    count(S, W, L.C_THIRD_PARTY_CHECKS, t, 1)
    found = False
    h = open_from(S, e)
    while h >= 0:
        if detects(S, W, h, True, True, False, rng_tp):  # expert, unannounced
            found = True
            count(S, W, L.C_THIRD_PARTY_FINDINGS, t, 1)
            advised(S, W, h, t, rng_tp)
        h = next_open(S, h)
    if found:
        _planned_check(S, W, TARGETED, e, t, FROM_THIRD_PARTY)


# -- the field trial ---------------------------------------------------------------------------------------
@kernel(inline=True)
def trial_event(S, W, t):
    """The field trial (随机对照试验): on its date, one extra targeted check of each treated enterprise
    still on the register, or expired after `trial.max_wait_days`; the controls get none."""
    arm, firms = W.trial_arm, S.enterprises
    for e in range(firms.shape[0]):
        if arm[e] == TREATED and firms[e].state != L.CLOSED:
            _planned_check(S, W, TARGETED, e, t, FROM_TRIAL, W.params[0].trial_max_wait_days)


# -- campaign -----------------------------------------------------------------------------------------------
@kernel(inline=True)
def phase_event(S, W, row, t):
    """专项整治: a campaign phase begins (row k + 1 of the phase parameters) or ends (row 0).

    As the SimPy engine's `_switch_config`: a phase that changes the rewards or the reporting settings
    changes the report rate of every latent hazard for its dates, not only of those it sees created,
    so their report clocks are rerated; one that changes the pressure's half-life first decays each
    sector's pressure up to the switch at the old one.
    """
    if W.phase_params[row].general_half_life_days != W.params[0].general_half_life_days:
        for s in range(S.sector_pressure.shape[0]):  # the time before the switch decays at the old half-life
            decay_pressure(S, W, s, t)
    W.params[0] = W.phase_params[row]
    make_room(S, S.open_hazards + 1, 0)  # at most one push per open hazard
    firms = S.enterprises
    for e in range(firms.shape[0]):
        h = open_from(S, e)
        while h >= 0:
            if rerate_report(S, W, h, t):
                reschedule(S, W, h, t)
            h = next_open(S, h)
