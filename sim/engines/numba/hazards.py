"""Hazard life, rectification and sanctions in the numba engine: the SimPy engine's `model.py`,
`hazard.py` and `sanctions.py`, event for event, calling the same rules (`sim.rules.jit`). A hazard's
clocks are in `clocks.py`, what a replication counts in `tally.py`."""

from __future__ import annotations

import math

from sim.engines.derived import CLOSED_BEFORE_YEAR_END
from sim.engines.numba import layout as L
from sim.engines.numba.clocks import (
    next_open,
    open_from,
    report_rate,
    report_time,
    rerate_report,
    reschedule,
    sync,
)
from sim.engines.numba.heaps import push_event
from sim.engines.numba.kernel import kernel
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
@kernel(inline=True)
def create_hazard(S, W, e, c, t, major):
    """Candidate c of enterprise e becomes a hazard at t: its clocks start from the candidate's draws."""
    P, candidate, firm = W.params[0], W.candidates[c], S.enterprises[e]
    h = S.hazards_made
    S.hazards_made += 1
    hazard = S.hazards[h]
    hazard.enterprise, hazard.candidate, hazard.next_hazard = e, c, -1
    if firm.last_hazard >= 0:  # linked after the enterprise's latest (clocks.open_from, next_open)
        S.hazards[firm.last_hazard].next_hazard = h
    firm.last_hazard = h
    if firm.first_hazard < 0:
        firm.first_hazard = h
    hazard.major, hazard.known, hazard.closed, hazard.version = major, 0, 0, 0
    hazard.created, hazard.found, hazard.exposure_left, hazard.synced = t, math.nan, candidate.exposure, t
    rate = P.natural_closure_rate
    hazard.closes_at = t + candidate.closure / rate if rate > 0 else INF
    rate = P.escalation_rate
    hazard.escalates_at = t + candidate.escalation / rate if (rate > 0 and major == 0) else INF
    hazard.rectified_at = INF
    hazard.report_left, hazard.report_since = candidate.report, t
    hazard.report_rate = report_rate(P, firm.workers, major)
    hazard.reported_at = report_time(hazard)
    S.open_hazards += 1
    S.open_major_hazards += major
    count(S, W, L.C_HAZARDS_CREATED, t, 1)
    count_monthly(S, W, L.MO_HAZARDS_CREATED, t, 1)
    if W.trial_arm[e] >= 0:
        trial_count(S, W, CREATED, W.trial_arm[e], t)
    if major == 1:
        count(S, W, L.C_MAJOR_HAZARDS_CREATED, t, 1)
    reschedule(S, W, h, t)
    if major == 1:
        arm_alarm(S, W, h, t)


@kernel(inline=True)
def clock_current(S, h, code):
    """Whether the hazard clock event (h, code) still stands: the hazard is open and no later
    reschedule superseded the event. The loop drops the others (about a quarter) before any handler."""
    hazard = S.hazards[h]
    return hazard.closed == 0 and code // 16 == hazard.version


@kernel(inline=True)
def hazard_event(S, W, h, code, t, rng_rect):
    """The hazard's clock rang (a current clock: `clock_current`): close it, or escalate, report or
    cause an accident."""
    hazard = S.hazards[h]
    what = code % 16
    sync(S, W, h, t)
    if what == L.CLOCK_ESCALATE:
        hazard.escalates_at = INF
        hazard.major = 1
        S.open_major_hazards += 1
        count(S, W, L.C_HAZARDS_ESCALATED, t, 1)
        arm_alarm(S, W, h, t)
        rerate_report(S, W, h, t)  # reported now for the major-hazard reward
    elif what == L.CLOCK_REPORT:
        hazard.reported_at = hazard.report_left = INF
        if hazard.known == 0:
            count(S, W, L.C_REPORTS, t, 1)
            add_task(S, W, t, VERIFICATION, hazard.enterprise, t, h, -1.0, DEFAULT)
    elif what == L.CAUSE_ACCIDENT:
        candidate, sector = W.candidates[hazard.candidate], W.sectors[S.enterprises[hazard.enterprise].sector]
        p_fatal = sector.p_fatal_major if hazard.major == 1 else sector.p_fatal_general
        deaths = deaths_of_accident(candidate.u_fatal, candidate.u_deaths, p_fatal, sector.fatality_tail)
        accident(S, W, h, deaths, t, rng_rect)
        return
    else:
        close(S, W, h, what, t)
        return
    reschedule(S, W, h, t)


@kernel
def close(S, W, h, cause, t):
    hazard = S.hazards[h]
    sync(S, W, h, t)
    hazard.closed = 1
    S.open_hazards -= 1
    S.open_major_hazards -= hazard.major
    if in_window(W, t):
        cnt = S.counts
        cnt[L.C_HAZARDS_CLOSED] += 1
        cnt[L.C_CLOSED_NATURAL + cause] += 1
        cnt[L.C_MAJOR_HAZARDS_CLOSED] += hazard.major
        S.close_days += t - hazard.created
        if hazard.found >= 0:
            S.found_closed += 1
        if math.isnan(hazard.found):   # nobody had found it: routine repair, an accident or its
            # enterprise's closure ended it
            cnt[L.C_CLOSED_UNFOUND] += 1
            cnt[L.C_MAJOR_CLOSED_UNFOUND] += hazard.major
    waiting = hazard.suspensions_waiting
    hazard.suspensions_waiting = 0
    for _ in range(waiting):
        end_one_suspension(S, W, hazard.enterprise, t)


@kernel(inline=True)
def accident(S, W, h, deaths, t, rng_rect):
    """An accident closes the hazard; fines (if it kills), retraining and an investigation follow."""
    P = W.params[0]
    e = S.hazards[h].enterprise
    firm = S.enterprises[e]
    close(S, W, h, L.CAUSE_ACCIDENT, t)
    if in_window(W, t):
        cnt = S.counts
        cnt[L.C_ACCIDENTS] += 1
        cnt[L.C_DEATHS] += deaths
        if W.trial_arm[e] >= 0:
            trial_count(S, W, ACCIDENTS, W.trial_arm[e], t)
        count_monthly(S, W, L.MO_ACCIDENTS, t, 1)
        count_monthly(S, W, L.MO_DEATHS, t, deaths)
        if W.sectors[firm.sector].industrial > 0:
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
        penalise(S, W, e, t, P.fine_accident_firm, P.fine_accident_principal, False)
    firm.quality = retrained_quality(firm.quality, P.retrain_gain)
    add_task(S, W, t, INVESTIGATION, e, t, -1, -1.0, DEFAULT)
    if P.accident_triggered and accident_triggers(deaths, P.accident_trigger_min_deaths):
        # an event of its own: the checks come after this one
        push_event(S, t, L.EV_ACCIDENT_CHECKS, firm.sector, e)


# -- finding and rectification ---------------------------------------------------------------------
@kernel
def record_found(S, W, h, channel, t):
    hazard = S.hazards[h]
    if not math.isnan(hazard.found):
        return
    hazard.found = t
    if in_window(W, t):
        cnt = S.counts
        cnt[L.C_HAZARDS_FOUND] += 1
        cnt[L.C_FOUND_SELF + channel] += 1
        count_monthly(S, W, L.MO_HAZARDS_FOUND, t, 1)
        cnt[L.C_MAJOR_HAZARDS_FOUND] += hazard.major
        S.find_days += t - hazard.created


@kernel
def order_fix(S, W, h, t, deadline, rng_rect, factor=1.0):
    """The enterprise fixes the hazard by the deadline with probability c_i (x factor), at a uniform time."""
    P, hazard = W.params[0], S.hazards[h]
    firm = S.enterprises[hazard.enterprise]
    c = factor * compliance(firm.quality, firm.credit, P.compliance_base, P.compliance_quality_slope,
                            P.compliance_dishonest_penalty)
    complies = rng_rect.random() < c
    when = t + rng_rect.random() * deadline
    if complies and when < hazard.rectified_at:
        hazard.rectified_at = when
        reschedule(S, W, h, t)


@kernel(inline=True)
def found_by_self(S, W, h, t, rng_rect):
    P, hazard = W.params[0], S.hazards[h]
    record_found(S, W, h, L.CH_SELF, t)
    if hazard.major == 0:
        order_fix(S, W, h, t, P.general_deadline_days, rng_rect)
        return
    e = hazard.enterprise
    if rng_rect.random() < report_self(S.enterprises[e].quality, P.report_major_base, P.report_major_quality_slope):
        hazard.known = 1
        count(S, W, L.C_SELF_REPORTED_MAJOR, t, 1)
        order_fix(S, W, h, t, P.major_deadline_days, rng_rect)
        add_task(S, W, t, FOLLOWUP, e, t + P.major_deadline_days, h, -1.0, DEFAULT)
    else:
        order_fix(S, W, h, t, P.major_deadline_days, rng_rect)


@kernel
def found_by_authority(S, W, h, channel, t, rng_rect):
    """Found by an inspection, an investigation or a verified report: order, list, punish."""
    P, hazard = W.params[0], S.hazards[h]
    record_found(S, W, h, channel, t)
    hazard.known = 1
    if hazard.major == 0:
        if rng_rect.random() < P.p_on_spot:
            close(S, W, h, L.CAUSE_ON_SPOT, t)
        else:
            order_fix(S, W, h, t, P.general_deadline_days, rng_rect)
        return
    e = hazard.enterprise
    order_fix(S, W, h, t, P.major_deadline_days, rng_rect)
    add_task(S, W, t, FOLLOWUP, e, t + P.major_deadline_days, h, -1.0, DEFAULT)
    mark = rng_rect.random() < P.p_mark_found
    penalise(S, W, e, t, P.fine_major_found_firm, P.fine_major_found_principal, mark)


@kernel(inline=True)
def advised(S, W, h, t, rng_tp):
    """A third-party finding: advice with no penalty power, followed with a lower compliance."""
    P = W.params[0]
    record_found(S, W, h, L.CH_DEEP_CHECK, t)
    deadline = P.major_deadline_days if S.hazards[h].major == 1 else P.general_deadline_days
    order_fix(S, W, h, t, deadline, rng_tp, P.third_party_compliance_factor)


# -- remote monitoring (远程监管) ------------------------------------------------------------------------
@kernel
def arm_alarm(S, W, h, t):
    """A hazard that turns major at a monitored enterprise raises an alarm after its own Exp(m) time."""
    P = W.params[0]
    rate = P.alarm_rate
    hazard = S.hazards[h]
    if P.remote_monitoring and rate > 0 and W.monitored[hazard.enterprise] == 1:
        push_event(S, t + W.alarm_draw[hazard.candidate] / rate, L.EV_ALARM, h, 0)


@kernel(inline=True)
def alarm_event(S, W, h, t, rng_rect):
    """The platform flags the hazard: the authority knows it as if an inspector had found it."""
    if S.hazards[h].closed == 1 or S.hazards[h].known == 1:
        return
    count(S, W, L.C_MONITORING_ALARMS, t, 1)
    found_by_authority(S, W, h, L.CH_MONITORING, t, rng_rect)


@kernel(inline=True)
def followup(S, W, h, t, rng_rect):
    """复查 at the deadline: closed means 销号; still open means failure and sanctions.
    Returns the orders issued: 1 when the hazard is ordered fixed again, else 0."""
    P = W.params[0]
    if S.hazards[h].closed == 1:
        return 0
    e = S.hazards[h].enterprise
    firm = S.enterprises[e]
    count(S, W, L.C_FOLLOWUPS_FAILED, t, 1)
    penalise(S, W, e, t, P.fine_failed_followup_firm, P.fine_failed_followup_principal, True)
    fails = S.failure_times
    fails[e, firm.failed_followups % P.failures_to_close] = t  # a ring of the last failures_to_close
    firm.failed_followups += 1
    if closes_after_failure(fails[e], t, P.failure_window_days, P.failures_to_close):
        close_enterprise(S, W, e, t)
        return 0
    suspend(S, W, e, h, t)
    order_fix(S, W, h, t, P.major_deadline_days, rng_rect)
    add_task(S, W, t, FOLLOWUP, e, t + P.major_deadline_days, h, -1.0, DEFAULT)
    return 1


# -- sanctions -------------------------------------------------------------------------------------------
@kernel
def penalise(S, W, e, t, firm_fine, principal_fine, mark):
    count(S, W, L.C_PENALTIES, t, 1)
    add_amount(S, W, L.A_FINES, t, firm_fine + principal_fine)
    S.enterprises[e].last_penalty = t
    if mark:
        mark_dishonest(S, W, e, t)


@kernel(inline=True)
def mark_dishonest(S, W, e, t):
    firm = S.enterprises[e]
    if firm.credit == L.BLACKLISTED:
        return
    firm.credit = L.DISHONEST
    firm.dishonest_marks += 1
    count(S, W, L.C_DISHONEST_MARKS, t, 1)
    push_event(S, t + W.params[0].credit_repair_days, L.EV_CREDIT, e, firm.dishonest_marks)


@kernel(inline=True)
def credit_event(S, e, mark):
    """Credit repair: the mark's time is up; a later mark has its own event."""
    firm = S.enterprises[e]
    if firm.credit == L.DISHONEST and firm.dishonest_marks == mark:
        firm.credit = L.NORMAL


@kernel
def set_state(S, W, e, state, t):
    """Change operating state, keeping every open hazard's accident exposure exact."""
    h = open_from(S, e)
    while h >= 0:
        sync(S, W, h, t)
        h = next_open(S, h)
    S.enterprises[e].state = state
    h = open_from(S, e)
    while h >= 0:
        reschedule(S, W, h, t)
        h = next_open(S, h)


@kernel(inline=True)
def suspend(S, W, e, h, t):
    """停产整顿 until hazard h is closed and at least min_suspension_days have passed."""
    firm = S.enterprises[e]
    if firm.state == L.CLOSED:
        return
    firm.suspensions += 1
    if firm.state == L.OPERATING:
        set_state(S, W, e, L.SUSPENDED, t)
        count(S, W, L.C_SUSPENSIONS, t, 1)
    push_event(S, t + W.params[0].min_suspension_days, L.EV_SUSPENSION, e, h)


@kernel(inline=True)
def suspension_event(S, W, e, h, t):
    """The minimum suspension has passed: end it now, or when the hazard closes."""
    if S.hazards[h].closed == 1:
        end_one_suspension(S, W, e, t)
    else:
        S.hazards[h].suspensions_waiting += 1


@kernel
def end_one_suspension(S, W, e, t):
    firm = S.enterprises[e]
    firm.suspensions -= 1
    if firm.suspensions == 0 and firm.state == L.SUSPENDED:
        set_state(S, W, e, L.OPERATING, t)


@kernel(inline=True)
def close_enterprise(S, W, e, t):
    """关闭 and 黑名单: the enterprise stops for good; its open hazards close with it."""
    set_state(S, W, e, L.CLOSED, t)
    S.enterprises[e].credit = L.BLACKLISTED
    S.key_visits[e, window_year(W, t):] = CLOSED_BEFORE_YEAR_END  # off the register from this year
    count(S, W, L.C_CLOSURES, t, 1)
    h = open_from(S, e)
    while h >= 0:
        close(S, W, h, L.CAUSE_ENTERPRISE, t)
        h = next_open(S, h)
