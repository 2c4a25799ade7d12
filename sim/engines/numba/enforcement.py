"""Arrivals, self-inspection, complaints, the inspectors' working day and the double-random regime
in the numba engine: the SimPy engine's `enterprise.py`, `inspectorate.py` and `regimes.py`."""

from __future__ import annotations

import math

import numpy as np

from numba import njit
from sim.engines.numba.grow import grow_queues, grow_tasks
from sim.engines.numba.hazards import (
    add_amount,
    count,
    count_monthly,
    create_hazard,
    followup,
    found_by_authority,
    found_by_self,
)
from sim.engines.numba.heaps import _task_less, pop_task, push_event
from sim.engines.numba.layout import *  # noqa: F403  (the kernel's column names)
from sim.engines.numba.tasks import DEFAULT, add_task
from sim.rules.dispatch import (
    DOUBLE_RANDOM,
    EXPERT,
    FOLLOWUP,
    INVESTIGATION,
    TARGETED,
    VERIFICATION,
)
from sim.rules.jit import (
    can_start,
    decay,
    general_multiplier,
    inspection_detection,
    pressure_increment,
    report_propensity,
    sample_without_replacement,
    self_detection,
    specific_multiplier,
)

SELF_CHECK_TIME = 0.25


# -- enterprises -----------------------------------------------------------------------------------
@njit(cache=True)
def deterrence(S, W, e, t):
    """D_i(t): general (sector pressure) times specific (since the last penalty)."""
    P, pres, ef = W[W_P], S[S_PRES], S[S_EF]
    s = S[S_EI][e, E_SECTOR]
    pressure = pres[s, 0] * decay(t - pres[s, 1], P[P_HGEN])
    return general_multiplier(pressure, P[P_GMAX], P[P_PI0]) * specific_multiplier(
        t - ef[e, E_LASTPEN], P[P_SSTR], P[P_HSPEC])


@njit(cache=True)
def candidate_event(S, W, e, t):
    """Thinning: candidate hazard c becomes a hazard with probability λ_i(t) / λ_max_i."""
    P, nat, ei, ef = W[W_P], W[W_NAT], S[S_EI], S[S_EF]
    if ei[e, E_STATE] == CLOSED:
        return
    c = ei[e, E_CAND]
    if ei[e, E_STATE] == OPERATING:
        s = ei[e, E_SECTOR]
        day = int(math.floor(t)) - int(P[P_FIRST_DAY])
        accept = (W[W_SEASON][s, day] / W[W_SEC][s, SC_SMAX]
                  * math.exp(-P[P_QEFFECT] * (ef[e, E_Q] - ef[e, E_Q0])) * deterrence(S, W, e, t))
        if nat[c, NT_ACCEPT] < accept:
            create_hazard(S, W, e, c, t, 1 if nat[c, NT_MAJOR] < W[W_SEC][s, SC_PMAJOR] else 0)
    ei[e, E_CAND] = c + 1
    if c + 1 < W[W_FIRST][e + 1]:
        push_event(S[S_EVF], S[S_EVI], S[S_META], nat[c + 1, NT_TIME], EV_CANDIDATE, e, 0)


@njit(cache=True)
def next_self_check(S, W, e, month):
    """Schedule enterprise e's next self-inspection from month index `month` on, if any."""
    IP, ms = W[W_IP], W[W_MS]
    for m in range(month, ms.shape[0]):
        moy = ms[m, 1]
        quarterly = IP[IP_QUARTERLY] == 1 and (moy == 1 or moy == 4 or moy == 7 or moy == 10)
        if quarterly or IP[IP_MONTHLY] == 1:
            t = ms[m, 0] + S[S_EI][e, E_MONTH] + SELF_CHECK_TIME
            push_event(S[S_EVF], S[S_EVI], S[S_META], t, EV_SELF_CHECK, e, m)
            return


@njit(cache=True)
def self_check_event(S, W, e, month, t, rng_self, rng_rect):
    """自查: the principal's monthly check and the quarterly full check (on the same day, the full one)."""
    P, IP, hf, hi, ei = W[W_P], W[W_IP], S[S_HF], S[S_HI], S[S_EI]
    if ei[e, E_STATE] == CLOSED:
        return
    moy = W[W_MS][month, 1]
    quarterly = IP[IP_QUARTERLY] == 1 and (moy == 1 or moy == 4 or moy == 7 or moy == 10)
    d_general = P[P_SI_Q_G] if quarterly else P[P_SI_M_G]
    d_major = P[P_SI_Q_M] if quarterly else P[P_SI_M_M]
    q = S[S_EF][e, E_Q]
    first = W[W_FIRST]
    for h in range(first[e], first[e + 1]):
        if hi[h, H_EXISTS] == 1 and hi[h, H_CLOSED] == 0 and math.isnan(hf[h, H_FOUND]):
            if rng_self.random() < self_detection(hi[h, H_MAJOR] == 1, q, d_general, d_major):
                found_by_self(S, W, h, t, rng_rect)
    next_self_check(S, W, e, month + 1)


@njit(cache=True)
def unfounded_event(S, W, e, r, t):
    """A complaint that will turn out unfounded, thinned by the reward-driven propensity g."""
    P = W[W_P]
    if S[S_EI][e, E_STATE] == CLOSED:
        return
    g = report_propensity(P[P_REWARD_G], P[P_G0], P[P_RSCALE])
    if W[W_RU][r] < g:
        count(S, W, C_REPORTS, t, 1)
        add_task(S, W, t, VERIFICATION, e, t, -1, -1.0, DEFAULT)
    if r + 1 < W[W_RFIRST][e + 1]:
        push_event(S[S_EVF], S[S_EVI], S[S_META], W[W_RTIME][r + 1], EV_UNFOUNDED, e, r + 1)


# -- the inspectors' working day -----------------------------------------------------------------------
@njit(cache=True)
def _drop(S, W, k, now):
    """True (and counted) when task k expired, or its enterprise closed (except investigations)."""
    tf, ti = S[S_TF], S[S_TI]
    if tf[k, T_DEADLINE] < now:
        count(S, W, C_TASKS_EXPIRED, tf[k, T_DEADLINE], 1)
        return True
    if S[S_EI][ti[k, T_ENT], E_STATE] == CLOSED and ti[k, T_KIND] != INVESTIGATION:
        count(S, W, C_TASKS_CANCELLED, now, 1)
        return True
    return False


@njit(cache=True)
def _head(S, W, i, now):
    """(queue, task) of the first live task open to inspector i, shared queue first; (-1, -1) if none."""
    qh, qn, tf, ti = S[S_QH], S[S_QN], S[S_TF], S[S_TI]
    best_q, best = -1, -1
    for q in (W[W_IP][IP_K], i):
        while qn[q] > 0 and _drop(S, W, qh[q, 0], now):
            pop_task(qh, qn, q, tf, ti)
        if qn[q] > 0 and (best < 0 or _task_less(tf, ti, qh[q, 0], best)):
            best_q, best = q, qh[q, 0]
    return best_q, best


@njit(cache=True)
def work_day(S, W, now, rng_enf, rng_rect):
    """Each working day at mid-day, the inspector with most hours left takes the next task, until none can."""
    P, IP = W[W_P], W[W_IP]
    k, cap = IP[IP_K], P[P_CAP]
    backlog = S[S_BACKLOG]
    available = np.empty(k)
    active = np.empty(k, dtype=np.bool_)
    for i in range(k):
        available[i] = max(0.0, cap - backlog[i])
        backlog[i] = max(0.0, backlog[i] - cap)
        active[i] = available[i] > 0.0
    while True:
        i = -1
        for j in range(k):
            if active[j] and (i < 0 or available[j] > available[i]):
                i = j
        if i < 0:
            break
        q, task = _head(S, W, i, now)
        if task < 0 or not can_start(available[i]):
            active[i] = False
            continue
        pop_task(S[S_QH], S[S_QN], q, S[S_TF], S[S_TI])
        available[i] -= S[S_TF][task, T_HOURS]
        if available[i] <= 0.0:
            backlog[i] += -available[i]
            available[i] = 0.0
            active[i] = False
        execute(S, W, task, i, now, rng_enf, rng_rect)
    if 0.0 <= now < P[P_HORIZON]:
        used = 0.0
        for i in range(k):
            used += cap - available[i]
        S[S_AMT][A_INSPECTOR_HOURS] += used
        S[S_ACC][A_HOURS_AVAILABLE] += cap * k


@njit(cache=True)
def execute(S, W, task, inspector, t, rng_enf, rng_rect):
    P, IP, ti, ei = W[W_P], W[W_IP], S[S_TI], S[S_EI]
    kind, e = ti[task, T_KIND], ti[task, T_ENT]
    count(S, W, C_INSPECTIONS, t, 1)
    count(S, W, C_INSPECTIONS_INVESTIGATION + kind, t, 1)
    count_monthly(S, W, MO_INSPECTIONS, t, 1)
    if ei[e, E_TIER] <= 1 and 0.0 <= t < P[P_HORIZON]:
        year = W[W_CAL][int(math.floor(t)) - int(P[P_FIRST_DAY]), CAL_YEAR]
        S[S_KV][e, year] = 1
    published = kind == DOUBLE_RANDOM and IP[IP_DR_PUBLISHED] == 1
    _add_pressure(S, W, ei[e, E_SECTOR], t, 1.0 + (P[P_PUBLICITY] if published else 0.0))
    if kind == VERIFICATION:
        _verify(S, W, ti[task, T_HAZARD], t, rng_rect)
    elif kind == FOLLOWUP:
        followup(S, W, ti[task, T_HAZARD], t, rng_rect)
    elif kind == INVESTIGATION:
        check(S, W, e, inspector, t, CH_INVESTIGATION, False, rng_enf, rng_rect)
        add_task(S, W, t, TARGETED, e, t + P[P_REVIEW], -1, -1.0, DEFAULT)
    else:
        check(S, W, e, inspector, t, CH_INSPECTION, kind == EXPERT, rng_enf, rng_rect)


@njit(cache=True)
def _add_pressure(S, W, s, t, weight):
    P, pres = W[W_P], S[S_PRES]
    pres[s, 0] = pres[s, 0] * decay(t - pres[s, 1], P[P_HGEN])
    pres[s, 0] += pressure_increment(weight, P[P_HGEN], int(W[W_SEC][s, SC_COUNT]))
    pres[s, 1] = t


@njit(cache=True)
def check(S, W, e, inspector, t, channel, expert, rng_enf, rng_rect):
    """One check: each hazard not known to the authority is found with the inspector's probability."""
    P, hi, first = W[W_P], S[S_HI], W[W_FIRST]
    announced = rng_enf.random() < P[P_ANN_SHARE]
    professional = W[W_PROF][inspector] == 1
    for h in range(first[e], first[e + 1]):
        if hi[h, H_EXISTS] == 0 or hi[h, H_CLOSED] == 1 or hi[h, H_KNOWN] == 1:
            continue
        p = inspection_detection(hi[h, H_MAJOR] == 1, professional, expert, announced, P[P_D_PG], P[P_D_PM],
                                 P[P_D_NG], P[P_D_NM], P[P_D_EG], P[P_D_EM], P[P_ANN_FACTOR])
        if rng_enf.random() < p:
            found_by_authority(S, W, h, channel, t, rng_rect)


@njit(cache=True)
def _verify(S, W, h, t, rng_rect):
    """A report is valid when its hazard is real and still open; then the reward is paid."""
    P, hi = W[W_P], S[S_HI]
    if h < 0 or hi[h, H_CLOSED] == 1:
        count(S, W, C_REPORTS_UNFOUNDED, t, 1)
        return
    count(S, W, C_REPORTS_VALID, t, 1)
    add_amount(S, W, A_REWARDS_PAID, t, P[P_REWARD_M] if hi[h, H_MAJOR] == 1 else P[P_REWARD_G])
    if hi[h, H_KNOWN] == 0:
        found_by_authority(S, W, h, CH_REPORT, t, rng_rect)


# -- the double-random regime -------------------------------------------------------------------------
@njit(cache=True)
def double_random_event(S, W, period, t, rng_enf):
    """双随机、一公开: a random fraction of operating enterprises, each with a random inspector.

    Returns the state tuple, regrown if the period's tasks did not fit.
    """
    P, IP, ei = W[W_P], W[W_IP], S[S_EI]
    n = ei.shape[0]
    operating = np.empty(n, dtype=np.int64)
    m = 0
    for e in range(n):
        if ei[e, E_STATE] == OPERATING:
            operating[m] = e
            m += 1
    chosen = sample_without_replacement(rng_enf, operating[:m], int(round(P[P_DR_FRACTION] * m)))
    k = IP[IP_K]
    wait = W[W_DR][period, 1] - W[W_DR][period, 0]
    for e in chosen:
        inspector = rng_enf.integers(0, k) if k > 0 else -1
        if S[S_META][M_TASKS] + 2 >= S[S_TF].shape[0]:
            S = grow_tasks(S)
        q = k if inspector < 0 else inspector
        if S[S_QN][q] + 2 >= S[S_QH].shape[1]:
            S = grow_queues(S)
        add_task(S, W, t, DOUBLE_RANDOM, e, t, -1, wait, inspector)
    return S


# -- the end -------------------------------------------------------------------------------------------
@njit(cache=True)
def finish(S, W):
    """Tasks still waiting at the end: expired if their deadline has passed, else pending."""
    P, qh, qn, tf, ti = W[W_P], S[S_QH], S[S_QN], S[S_TF], S[S_TI]
    horizon = P[P_HORIZON]
    for q in range(qn.shape[0]):
        for j in range(qn[q]):
            k = qh[q, j]
            if tf[k, T_DEADLINE] < horizon:
                if S[S_EI][ti[k, T_ENT], E_STATE] == CLOSED and ti[k, T_KIND] != INVESTIGATION:
                    count(S, W, C_TASKS_CANCELLED, tf[k, T_DEADLINE], 1)
                else:
                    count(S, W, C_TASKS_EXPIRED, tf[k, T_DEADLINE], 1)
            else:
                S[S_CNT][C_TASKS_PENDING_END] += 1


