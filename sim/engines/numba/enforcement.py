"""Arrivals, self-inspection, complaints and the inspectors' working day in the numba engine:
the SimPy engine's `enterprise.py` and `inspectorate.py` (the regimes are in `regimes.py`)."""

from __future__ import annotations

import math

import numpy as np

from sim.engines.numba import layout as L
from sim.engines.numba.clocks import next_open, open_from
from sim.engines.numba.grow import make_step_room
from sim.engines.numba.hazards import followup, found_by_authority, found_by_self
from sim.engines.numba.heaps import (
    _task_less,
    pop_task,
    push_event,
    roster_drop,
    roster_push,
    roster_settle,
)
from sim.engines.numba.kernel import kernel
from sim.engines.numba.tally import add_amount, count, count_monthly, window_year
from sim.engines.numba.tasks import DEFAULT, add_task
from sim.rules.dispatch import (
    DOUBLE_RANDOM,
    EXPERT,
    FOLLOWUP,
    FROM_ANNUAL_PLAN,
    FROM_DOUBLE_RANDOM,
    INVESTIGATION,
    TARGETED,
    VERIFICATION,
)
from sim.rules.jit import (
    can_start,
    decay,
    general_multiplier,
    inspection_detection,
    order_increment,
    order_multiplier,
    order_pressure,
    pressure_increment,
    report_propensity,
    self_detection,
    specific_multiplier,
)
from sim.rules.plan import PL_CHECKS_DONE, PL_UNPLANNED_HOURS


# -- enterprises -----------------------------------------------------------------------------------
@kernel(inline=True)
def deterrence(S, W, e, t):
    """D_i(t): general (sector pressure) times specific (since the last penalty) times orders (the
    enterprise's order pressure)."""
    P, firm = W.params[0], S.enterprises[e]
    s = firm.sector
    pressure = S.sector_pressure[s] * decay(t - S.sector_pressure_since[s], P.general_half_life_days)
    orders = order_pressure(firm.order_pressure, t - firm.order_pressure_since, P.order_half_life_days)
    return (general_multiplier(pressure, P.general_max, P.pressure_scale)
            * specific_multiplier(t - firm.last_penalty, P.specific_strength, P.specific_half_life_days)
            * order_multiplier(orders, P.order_strength, P.order_scale))


@kernel(inline=True)
def thinning(S, W, c, t):
    """Thinning: candidate hazard c becomes a hazard with probability λ_i(t) / λ_max_i. Returns its
    class (0 general, 1 major), or -1 when it is thinned away or its enterprise does not operate.

    Candidates come in time order from `W.candidate_order` (arrivals.py), not through the event heap;
    the loop creates the hazard (hazards.create_hazard). This function calls no handler, so the half
    of the candidates thinned away pay no handler's call.
    """
    P, candidate = W.params[0], W.candidates[c]
    e = candidate.enterprise
    firm = S.enterprises[e]
    if firm.state != L.OPERATING:
        return -1  # a closed enterprise's later candidates never arrive (its arrival process ended)
    s = firm.sector
    sector = W.sectors[s]
    day = int(math.floor(t)) - int(P.first_day)
    accept = (W.season[s, day] / sector.season_max
              * math.exp(-P.quality_effect * (firm.quality - firm.initial_quality)) * deterrence(S, W, e, t))
    if candidate.u_accept < accept:
        return 1 if candidate.u_major < sector.p_major else 0
    return -1


@kernel
def next_self_check(S, W, e, month):
    """Schedule enterprise e's next self-inspection from month index `month` on, if any.

    The month is decided now, with the settings now in force (as the SimPy process does before it
    waits); the loop finds the check in its self-check walk (arrivals.py), not in the event heap.
    """
    P, month_of_year, firm = W.params[0], W.month_of_year, S.enterprises[e]
    firm.self_check_month = -1
    for m in range(month, month_of_year.shape[0]):
        moy = month_of_year[m]
        quarterly = P.quarterly_self_checks and (moy == 1 or moy == 4 or moy == 7 or moy == 10)
        if quarterly or P.monthly_self_checks:
            firm.self_check_month = m
            return


@kernel(inline=True)
def quiet_self_check(S, W, e, month):
    """The self-check of month index `month` when enterprise e has no open hazard to look at: it only
    books the next one (a closed enterprise books none). Returns False, doing nothing, when it has one:
    then `self_check_event` does the check. Most self-checks are quiet, and this calls no handler."""
    firm = S.enterprises[e]
    if firm.state == L.CLOSED:
        return True
    if open_from(S, e) >= 0:
        return False
    next_self_check(S, W, e, month + 1)
    return True


@kernel(inline=True)
def self_check_event(S, W, e, month, t, rng_self, rng_rect):
    """自查 of an enterprise with open hazards (`quiet_self_check` takes the others): the principal's
    monthly check and the quarterly full check (on the same day, the full one)."""
    P, q = W.params[0], S.enterprises[e].quality
    moy = W.month_of_year[month]
    quarterly = P.quarterly_self_checks and (moy == 1 or moy == 4 or moy == 7 or moy == 10)
    d_general = P.quarterly_detection_general if quarterly else P.monthly_detection_general
    d_major = P.quarterly_detection_major if quarterly else P.monthly_detection_major
    h = open_from(S, e)
    while h >= 0:
        hazard = S.hazards[h]
        if hazard.closed == 0 and math.isnan(hazard.found):
            if rng_self.random() < self_detection(hazard.major == 1, q, d_general, d_major):
                found_by_self(S, W, h, t, rng_rect)
        h = next_open(S, h)
    next_self_check(S, W, e, month + 1)


@kernel(inline=True)
def unfounded_event(S, W, e, r, t):
    """A complaint that will turn out unfounded, thinned by the reward-driven propensity g."""
    P = W.params[0]
    if S.enterprises[e].state == L.CLOSED:
        return
    g = report_propensity(P.reward_general, P.no_reward_propensity, P.reward_scale)
    if W.report_u_accept[r] < g:
        count(S, W, L.C_REPORTS, t, 1)
        add_task(S, W, t, VERIFICATION, e, t, -1, -1.0, DEFAULT)
    if r + 1 < W.first_report[e + 1]:
        push_event(S, W.report_time[r + 1], L.EV_UNFOUNDED, e, r + 1)


# -- the inspectors' working day -----------------------------------------------------------------------
@kernel(inline=True)
def _drop(S, W, k, now):
    """True (and counted) when task k expired, or its enterprise closed (except investigations)."""
    task = S.tasks[k]
    if task.deadline < now:
        count(S, W, L.C_TASKS_EXPIRED, task.deadline, 1)
        return True
    if S.enterprises[task.enterprise].state == L.CLOSED and task.kind != INVESTIGATION:
        count(S, W, L.C_TASKS_CANCELLED, now, 1)
        return True
    return False


@kernel(inline=True)
def _head(S, W, i, now):
    """(queue, task) of the first live task open to inspector i, shared queue first; (-1, -1) if none."""
    qh, qn, tasks = S.queues, S.queue_length, S.tasks
    best_q, best = -1, -1
    for q in (W.params[0].inspectors, i):
        while qn[q] > 0 and _drop(S, W, qh[q, 0], now):
            pop_task(qh, qn, q, tasks)
        if qn[q] > 0 and (best < 0 or _task_less(tasks, qh[q, 0], best)):
            best_q, best = q, qh[q, 0]
    return best_q, best


@kernel(inline=True)
def work_day(S, W, now, rng_enf, rng_rect):
    """Each working day at mid-day, the inspector with most hours left takes the next task, until none can.

    The inspectors still working are a heap by hours left (heaps.py: the roster), not scanned for the
    most at every task: O(log k) a task instead of O(k), which a province's thousands of inspectors need.
    """
    P = W.params[0]
    k, cap = P.inspectors, P.task_hours_per_day
    backlog = S.backlog
    available = np.empty(k)
    roster = np.empty(k, dtype=np.int64)
    n = 0
    for i in range(k):
        available[i] = max(0.0, cap - backlog[i])
        backlog[i] = max(0.0, backlog[i] - cap)
        if available[i] > 0.0:
            n = roster_push(roster, n, available, i)
    while n > 0:
        i = roster[0]
        q, k_task = _head(S, W, i, now)
        if k_task < 0 or not can_start(available[i]):
            n = roster_drop(roster, n, available)
            continue
        pop_task(S.queues, S.queue_length, q, S.tasks)
        task = S.tasks[k_task]  # not held past make_step_room below, which may move the tasks
        add_amount(S, W, L.A_HOURS_CORE + task.source, now, task.hours)
        if task.source != FROM_ANNUAL_PLAN:  # unplanned work, which the next year's plan expects
            year = W.plan_year_of_day[int(math.floor(now)) - int(P.first_day)]
            if year >= 0:
                S.plan_ledger[year, PL_UNPLANNED_HOURS] += task.hours
        available[i] -= task.hours
        if available[i] <= 0.0:
            backlog[i] += -available[i]
            available[i] = 0.0
            n = roster_drop(roster, n, available)
        else:
            n = roster_settle(roster, n, available)
        make_step_room(S)
        execute(S, W, k_task, i, now, rng_enf, rng_rect)
    if 0.0 <= now < P.horizon:
        used = 0.0
        for i in range(k):
            used += cap - available[i]
        S.amounts[L.A_INSPECTOR_HOURS] += used
        S.hours_available += cap * k


@kernel(inline=True)
def execute(S, W, k, inspector, t, rng_enf, rng_rect):
    """Inspector `inspector` carries out task k at time t."""
    P, task = W.params[0], S.tasks[k]
    kind, e = task.kind, task.enterprise
    firm = S.enterprises[e]
    count(S, W, L.C_INSPECTIONS, t, 1)
    count(S, W, L.C_INSPECTIONS_INVESTIGATION + kind, t, 1)
    source = task.source
    if source != FROM_DOUBLE_RANDOM:  # inspections_double_random is counted by kind
        count(S, W, L.C_INSPECTIONS_BY_SOURCE[source], t, 1)
    if source == FROM_ANNUAL_PLAN:  # done, for the plan year it was made in
        S.plan_ledger[W.plan_year_of_day[int(math.floor(task.created)) - int(P.first_day)], PL_CHECKS_DONE] += 1.0
    count_monthly(S, W, L.MO_INSPECTIONS, t, 1)
    if P.in_campaign_phase:
        count(S, W, L.C_CAMPAIGN_PHASE_INSPECTIONS, t, 1)
    if firm.risk_tier <= 1 and 0.0 <= t < P.horizon:
        S.key_visits[e, window_year(W, t)] = 1
    firm.last_inspection = t
    published = kind == DOUBLE_RANDOM and P.double_random_published
    add_pressure(S, W, firm.sector, t, 1.0 + (P.publicity if published else 0.0))
    if kind == VERIFICATION:
        if 0.0 <= t < P.horizon:
            S.verify_wait_days += t - task.created
        orders = _verify(S, W, task.hazard, source, t, rng_rect)
    elif kind == FOLLOWUP:
        orders = followup(S, W, task.hazard, t, rng_rect)
    elif kind == INVESTIGATION:
        orders = check(S, W, e, inspector, t, L.CH_INVESTIGATION, False, source, rng_enf, rng_rect)
        add_task(S, W, t, TARGETED, e, t + P.review_delay_days, -1, -1.0, DEFAULT)
    else:
        orders = check(S, W, e, inspector, t, L.CH_INSPECTION, kind == EXPERT, source, rng_enf, rng_rect)
    add_orders(S, W, e, t, orders)


@kernel(inline=True)
def add_orders(S, W, e, t, orders):
    """The check's rectification orders raise enterprise e's order pressure, once per check (§8)."""
    firm = S.enterprises[e]
    step = order_increment(orders)
    if step > 0.0:
        firm.order_pressure = order_pressure(firm.order_pressure, t - firm.order_pressure_since,
                                             W.params[0].order_half_life_days) + step
        firm.order_pressure_since = t


@kernel
def add_pressure(S, W, s, t, weight):
    decay_pressure(S, W, s, t)
    S.sector_pressure[s] += pressure_increment(weight, W.params[0].general_half_life_days,
                                               int(W.sectors[s].enterprises))


@kernel
def decay_pressure(S, W, s, t):
    """Bring sector s's pressure to time t, decayed at the half-life in force."""
    pressure = S.sector_pressure
    pressure[s] = pressure[s] * decay(t - S.sector_pressure_since[s], W.params[0].general_half_life_days)
    S.sector_pressure_since[s] = t


@kernel
def check(S, W, e, inspector, t, channel, expert, source, rng_enf, rng_rect):
    """One check: each hazard not known to the authority is found with the inspector's probability.
    Returns the number found: the orders the check issues."""
    announced = rng_enf.random() < W.params[0].announced_share
    professional = W.professional[inspector] == 1
    found = 0
    h = open_from(S, e)
    while h >= 0:
        if detects(S, W, h, professional, expert, announced, rng_enf):
            count(S, W, L.C_FOUND_CORE + source, t, 1)
            found_by_authority(S, W, h, channel, t, rng_rect)
            found += 1
        h = next_open(S, h)
    return found


@kernel
def detects(S, W, h, professional, expert, announced, rng):
    """Whether a check finds hazard h: it is open and unknown to the authority, and the draw succeeds
    (no draw for any other hazard)."""
    P, hazard = W.params[0], S.hazards[h]
    if hazard.closed == 1 or hazard.known == 1:
        return False
    p = inspection_detection(hazard.major == 1, professional, expert, announced, P.professional_general,
                             P.professional_major, P.nonprofessional_general, P.nonprofessional_major,
                             P.expert_general, P.expert_major, P.announced_factor)
    return rng.random() < p


@kernel(inline=True)
def _verify(S, W, h, source, t, rng_rect):
    """A report is valid when its hazard is real and still open; then the reward is paid.
    Returns the orders issued: 1 when the hazard was not yet known, else 0."""
    P = W.params[0]
    if h < 0 or S.hazards[h].closed == 1:
        count(S, W, L.C_REPORTS_UNFOUNDED, t, 1)
        return 0
    hazard = S.hazards[h]
    count(S, W, L.C_REPORTS_VALID, t, 1)
    add_amount(S, W, L.A_REWARDS_PAID, t, P.reward_major if hazard.major == 1 else P.reward_general)
    if hazard.known == 0:
        count(S, W, L.C_FOUND_CORE + source, t, 1)
        found_by_authority(S, W, h, L.CH_REPORT, t, rng_rect)
        return 1
    return 0


# -- the end -------------------------------------------------------------------------------------------
@kernel(inline=True)
def finish(S, W):
    """Tasks still waiting at the end: expired if their deadline has passed, else pending."""
    qh, qn, tasks = S.queues, S.queue_length, S.tasks
    horizon = W.params[0].horizon
    for q in range(qn.shape[0]):
        for j in range(qn[q]):
            task = tasks[qh[q, j]]
            if task.deadline < horizon:
                if S.enterprises[task.enterprise].state == L.CLOSED and task.kind != INVESTIGATION:
                    count(S, W, L.C_TASKS_CANCELLED, task.deadline, 1)
                else:
                    count(S, W, L.C_TASKS_EXPIRED, task.deadline, 1)
            else:
                S.counts[L.C_TASKS_PENDING_END] += 1
