"""Arrivals, self-inspection, complaints and the inspectors' working day in the numba engine:
the SimPy engine's `enterprise.py` and `inspectorate.py` (the regimes are in `regimes.py`)."""

from __future__ import annotations

import math

import numpy as np

from numba import njit
from sim.engines.numba import layout as L
from sim.engines.numba.clocks import open_from
from sim.engines.numba.grow import make_step_room
from sim.engines.numba.hazards import create_hazard, followup, found_by_authority, found_by_self
from sim.engines.numba.heaps import (
    _task_less,
    pop_task,
    push_event,
    roster_drop,
    roster_push,
    roster_settle,
)
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
@njit(cache=True)
def deterrence(S, W, e, t):
    """D_i(t): general (sector pressure) times specific (since the last penalty) times orders (the
    enterprise's order pressure)."""
    P, pres, ef = W.p, S.pres, S.ef
    s = S.ei[e, L.E_SECTOR]
    pressure = pres[s, 0] * decay(t - pres[s, 1], P[L.P_HGEN])
    orders = order_pressure(ef[e, L.E_ORDER_P], t - ef[e, L.E_ORDER_T], P[L.P_HORD])
    return (general_multiplier(pressure, P[L.P_GMAX], P[L.P_PI0])
            * specific_multiplier(t - ef[e, L.E_LASTPEN], P[L.P_SSTR], P[L.P_HSPEC])
            * order_multiplier(orders, P[L.P_OSTR], P[L.P_OSCALE]))


@njit(cache=True)
def candidate_event(S, W, c, t):
    """Thinning: candidate hazard c becomes a hazard with probability λ_i(t) / λ_max_i.

    Candidates come in time order from `W.corder` (arrivals.py), not through the event heap.
    """
    P, nat, ei, ef = W.p, W.nat, S.ei, S.ef
    e = S.hi[c, L.H_ENT]
    if ei[e, L.E_STATE] == L.CLOSED:
        return  # a closed enterprise's later candidates never arrive (its arrival process ended)
    if ei[e, L.E_STATE] == L.OPERATING:
        s = ei[e, L.E_SECTOR]
        day = int(math.floor(t)) - int(P[L.P_FIRST_DAY])
        accept = (W.season[s, day] / W.sec[s, L.SC_SMAX]
                  * math.exp(-P[L.P_QEFFECT] * (ef[e, L.E_Q] - ef[e, L.E_Q0])) * deterrence(S, W, e, t))
        if nat[c, L.NT_ACCEPT] < accept:
            create_hazard(S, W, e, c, t, 1 if nat[c, L.NT_MAJOR] < W.sec[s, L.SC_PMAJOR] else 0)
    ei[e, L.E_CAND] = c + 1


@njit(cache=True)
def next_self_check(S, W, e, month):
    """Schedule enterprise e's next self-inspection from month index `month` on, if any.

    The month is decided now, with the settings now in force (as the SimPy process does before it
    waits); the loop finds the check in its self-check walk (arrivals.py), not in the event heap.
    """
    IP, ms = W.ip, W.ms
    S.ei[e, L.E_SELF_MONTH] = -1
    for m in range(month, ms.shape[0]):
        moy = ms[m, 1]
        quarterly = IP[L.IP_QUARTERLY] == 1 and (moy == 1 or moy == 4 or moy == 7 or moy == 10)
        if quarterly or IP[L.IP_MONTHLY] == 1:
            S.ei[e, L.E_SELF_MONTH] = m
            return


@njit(cache=True)
def self_check_event(S, W, e, month, t, rng_self, rng_rect):
    """自查: the principal's monthly check and the quarterly full check (on the same day, the full one)."""
    P, IP, hf, hi, ei = W.p, W.ip, S.hf, S.hi, S.ei
    if ei[e, L.E_STATE] == L.CLOSED:
        return
    moy = W.ms[month, 1]
    quarterly = IP[L.IP_QUARTERLY] == 1 and (moy == 1 or moy == 4 or moy == 7 or moy == 10)
    d_general = P[L.P_SI_Q_G] if quarterly else P[L.P_SI_M_G]
    d_major = P[L.P_SI_Q_M] if quarterly else P[L.P_SI_M_M]
    q = S.ef[e, L.E_Q]
    for h in range(open_from(S, e), ei[e, L.E_CAND]):  # candidates not yet arrived cannot be hazards
        if hi[h, L.H_EXISTS] == 1 and hi[h, L.H_CLOSED] == 0 and math.isnan(hf[h, L.H_FOUND]):
            if rng_self.random() < self_detection(hi[h, L.H_MAJOR] == 1, q, d_general, d_major):
                found_by_self(S, W, h, t, rng_rect)
    next_self_check(S, W, e, month + 1)


@njit(cache=True)
def unfounded_event(S, W, e, r, t):
    """A complaint that will turn out unfounded, thinned by the reward-driven propensity g."""
    P = W.p
    if S.ei[e, L.E_STATE] == L.CLOSED:
        return
    g = report_propensity(P[L.P_REWARD_G], P[L.P_G0], P[L.P_RSCALE])
    if W.ru[r] < g:
        count(S, W, L.C_REPORTS, t, 1)
        add_task(S, W, t, VERIFICATION, e, t, -1, -1.0, DEFAULT)
    if r + 1 < W.rfirst[e + 1]:
        push_event(S, W.rtime[r + 1], L.EV_UNFOUNDED, e, r + 1)


# -- the inspectors' working day -----------------------------------------------------------------------
@njit(cache=True)
def _drop(S, W, k, now):
    """True (and counted) when task k expired, or its enterprise closed (except investigations)."""
    tf, ti = S.tf, S.ti
    if tf[k, L.T_DEADLINE] < now:
        count(S, W, L.C_TASKS_EXPIRED, tf[k, L.T_DEADLINE], 1)
        return True
    if S.ei[ti[k, L.T_ENT], L.E_STATE] == L.CLOSED and ti[k, L.T_KIND] != INVESTIGATION:
        count(S, W, L.C_TASKS_CANCELLED, now, 1)
        return True
    return False


@njit(cache=True)
def _head(S, W, i, now):
    """(queue, task) of the first live task open to inspector i, shared queue first; (-1, -1) if none."""
    qh, qn, tf, ti = S.qh, S.qn, S.tf, S.ti
    best_q, best = -1, -1
    for q in (W.ip[L.IP_K], i):
        while qn[q] > 0 and _drop(S, W, qh[q, 0], now):
            pop_task(qh, qn, q, tf, ti)
        if qn[q] > 0 and (best < 0 or _task_less(tf, ti, qh[q, 0], best)):
            best_q, best = q, qh[q, 0]
    return best_q, best


@njit(cache=True)
def work_day(S, W, now, rng_enf, rng_rect):
    """Each working day at mid-day, the inspector with most hours left takes the next task, until none can.

    The inspectors still working are a heap by hours left (heaps.py: the roster), not scanned for the
    most at every task: O(log k) a task instead of O(k), which a province's thousands of inspectors need.
    """
    P, IP = W.p, W.ip
    k, cap = IP[L.IP_K], P[L.P_CAP]
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
        q, task = _head(S, W, i, now)
        if task < 0 or not can_start(available[i]):
            n = roster_drop(roster, n, available)
            continue
        pop_task(S.qh, S.qn, q, S.tf, S.ti)
        add_amount(S, W, L.A_HOURS_CORE + S.ti[task, L.T_SOURCE], now, S.tf[task, L.T_HOURS])
        if S.ti[task, L.T_SOURCE] != FROM_ANNUAL_PLAN:  # unplanned work, which the next year's plan expects
            year = W.pyday[int(math.floor(now)) - int(P[L.P_FIRST_DAY])]
            if year >= 0:
                S.plan[year, PL_UNPLANNED_HOURS] += S.tf[task, L.T_HOURS]
        available[i] -= S.tf[task, L.T_HOURS]
        if available[i] <= 0.0:
            backlog[i] += -available[i]
            available[i] = 0.0
            n = roster_drop(roster, n, available)
        else:
            n = roster_settle(roster, n, available)
        make_step_room(S)
        execute(S, W, task, i, now, rng_enf, rng_rect)
    if 0.0 <= now < P[L.P_HORIZON]:
        used = 0.0
        for i in range(k):
            used += cap - available[i]
        S.amt[L.A_INSPECTOR_HOURS] += used
        S.acc[L.A_HOURS_AVAILABLE] += cap * k


@njit(cache=True)
def execute(S, W, task, inspector, t, rng_enf, rng_rect):
    P, IP, ti, ei = W.p, W.ip, S.ti, S.ei
    kind, e = ti[task, L.T_KIND], ti[task, L.T_ENT]
    count(S, W, L.C_INSPECTIONS, t, 1)
    count(S, W, L.C_INSPECTIONS_INVESTIGATION + kind, t, 1)
    source = ti[task, L.T_SOURCE]
    if source != FROM_DOUBLE_RANDOM:  # inspections_double_random is counted by kind
        count(S, W, L.C_INSPECTIONS_BY_SOURCE[source], t, 1)
    if source == FROM_ANNUAL_PLAN:  # done, for the plan year it was made in
        S.plan[W.pyday[int(math.floor(S.tf[task, L.T_CREATED])) - int(P[L.P_FIRST_DAY])], PL_CHECKS_DONE] += 1.0
    count_monthly(S, W, L.MO_INSPECTIONS, t, 1)
    if IP[L.IP_IN_PHASE] == 1:
        count(S, W, L.C_CAMPAIGN_PHASE_INSPECTIONS, t, 1)
    if ei[e, L.E_TIER] <= 1 and 0.0 <= t < P[L.P_HORIZON]:
        S.kv[e, window_year(W, t)] = 1
    S.ef[e, L.E_LASTCHECK] = t
    published = kind == DOUBLE_RANDOM and IP[L.IP_DR_PUBLISHED] == 1
    add_pressure(S, W, ei[e, L.E_SECTOR], t, 1.0 + (P[L.P_PUBLICITY] if published else 0.0))
    if kind == VERIFICATION:
        if 0.0 <= t < P[L.P_HORIZON]:
            S.acc[L.A_VERIFY_WAIT] += t - S.tf[task, L.T_CREATED]
        orders = _verify(S, W, ti[task, L.T_HAZARD], source, t, rng_rect)
    elif kind == FOLLOWUP:
        orders = followup(S, W, ti[task, L.T_HAZARD], t, rng_rect)
    elif kind == INVESTIGATION:
        orders = check(S, W, e, inspector, t, L.CH_INVESTIGATION, False, source, rng_enf, rng_rect)
        add_task(S, W, t, TARGETED, e, t + P[L.P_REVIEW], -1, -1.0, DEFAULT)
    else:
        orders = check(S, W, e, inspector, t, L.CH_INSPECTION, kind == EXPERT, source, rng_enf, rng_rect)
    add_orders(S, W, e, t, orders)


@njit(cache=True)
def add_orders(S, W, e, t, orders):
    """The check's rectification orders raise enterprise e's order pressure, once per check (§8)."""
    ef = S.ef
    step = order_increment(orders)
    if step > 0.0:
        ef[e, L.E_ORDER_P] = order_pressure(ef[e, L.E_ORDER_P], t - ef[e, L.E_ORDER_T], W.p[L.P_HORD]) + step
        ef[e, L.E_ORDER_T] = t


@njit(cache=True)
def add_pressure(S, W, s, t, weight):
    decay_pressure(S, W, s, t)
    S.pres[s, 0] += pressure_increment(weight, W.p[L.P_HGEN], int(W.sec[s, L.SC_COUNT]))


@njit(cache=True)
def decay_pressure(S, W, s, t):
    """Bring sector s's pressure to time t, decayed at the half-life in force."""
    pres = S.pres
    pres[s, 0] = pres[s, 0] * decay(t - pres[s, 1], W.p[L.P_HGEN])
    pres[s, 1] = t


@njit(cache=True)
def check(S, W, e, inspector, t, channel, expert, source, rng_enf, rng_rect):
    """One check: each hazard not known to the authority is found with the inspector's probability.
    Returns the number found: the orders the check issues."""
    P = W.p
    announced = rng_enf.random() < P[L.P_ANN_SHARE]
    professional = W.prof[inspector] == 1
    found = 0
    for h in range(open_from(S, e), S.ei[e, L.E_CAND]):  # candidates not yet arrived cannot be hazards
        if detects(S, W, h, professional, expert, announced, rng_enf):
            count(S, W, L.C_FOUND_CORE + source, t, 1)
            found_by_authority(S, W, h, channel, t, rng_rect)
            found += 1
    return found


@njit(cache=True)
def detects(S, W, h, professional, expert, announced, rng):
    """Whether a check finds hazard h: it is open and unknown to the authority, and the draw succeeds
    (no draw for any other hazard)."""
    P, hi = W.p, S.hi
    if hi[h, L.H_EXISTS] == 0 or hi[h, L.H_CLOSED] == 1 or hi[h, L.H_KNOWN] == 1:
        return False
    p = inspection_detection(hi[h, L.H_MAJOR] == 1, professional, expert, announced, P[L.P_D_PG], P[L.P_D_PM],
                             P[L.P_D_NG], P[L.P_D_NM], P[L.P_D_EG], P[L.P_D_EM], P[L.P_ANN_FACTOR])
    return rng.random() < p


@njit(cache=True)
def _verify(S, W, h, source, t, rng_rect):
    """A report is valid when its hazard is real and still open; then the reward is paid.
    Returns the orders issued: 1 when the hazard was not yet known, else 0."""
    P, hi = W.p, S.hi
    if h < 0 or hi[h, L.H_CLOSED] == 1:
        count(S, W, L.C_REPORTS_UNFOUNDED, t, 1)
        return 0
    count(S, W, L.C_REPORTS_VALID, t, 1)
    add_amount(S, W, L.A_REWARDS_PAID, t, P[L.P_REWARD_M] if hi[h, L.H_MAJOR] == 1 else P[L.P_REWARD_G])
    if hi[h, L.H_KNOWN] == 0:
        count(S, W, L.C_FOUND_CORE + source, t, 1)
        found_by_authority(S, W, h, L.CH_REPORT, t, rng_rect)
        return 1
    return 0


# -- the end -------------------------------------------------------------------------------------------
@njit(cache=True)
def finish(S, W):
    """Tasks still waiting at the end: expired if their deadline has passed, else pending."""
    P, qh, qn, tf, ti = W.p, S.qh, S.qn, S.tf, S.ti
    horizon = P[L.P_HORIZON]
    for q in range(qn.shape[0]):
        for j in range(qn[q]):
            k = qh[q, j]
            if tf[k, L.T_DEADLINE] < horizon:
                if S.ei[ti[k, L.T_ENT], L.E_STATE] == L.CLOSED and ti[k, L.T_KIND] != INVESTIGATION:
                    count(S, W, L.C_TASKS_CANCELLED, tf[k, L.T_DEADLINE], 1)
                else:
                    count(S, W, L.C_TASKS_EXPIRED, tf[k, L.T_DEADLINE], 1)
            else:
                S.cnt[L.C_TASKS_PENDING_END] += 1


