"""Column and slot numbers of the numba engine's state arrays (compile-time constants).

Each kernel array is documented where it is allocated (`inputs.py`); these names say
what each column holds so that `hf[h, H_FOUND]` reads as "when hazard h was found".
"""

import numpy as np

from sim.results_schema import AMOUNTS, CHANNELS, COUNTS, MONTHLY, TRIAL
from sim.rules.dispatch import SOURCES
from sim.rules.trial import ARMS, MEASURES, YEARS, trial_slot

# -- float parameters P[...] ------------------------------------------------------------------------
(P_NU, P_EPS, P_WREF, P_QEFFECT, P_SI_M_G, P_SI_M_M, P_SI_Q_G, P_SI_Q_M, P_REP_BASE, P_REP_SLOPE,
 P_D_PG, P_D_PM, P_D_NG, P_D_NM, P_D_EG, P_D_EM, P_ANN_FACTOR, P_R0, P_RALPHA, P_G0, P_RSCALE,
 P_ONSPOT, P_TGEN, P_TMAJ, P_CBASE, P_CSLOPE, P_CDIS, P_WINDOW, P_MINSUSP, P_PMARK, P_REPAIR,
 P_RETRAIN, P_REVIEW, P_F_MF, P_F_MP, P_F_FF, P_F_FP, P_F_AF, P_F_AP, P_CAP, P_ANN_SHARE, P_TSIZE,
 P_GMAX, P_HGEN, P_PI0, P_PUBLICITY, P_SSTR, P_HSPEC, P_REWARD_G, P_REWARD_M, P_DR_FRACTION,
 P_HORIZON, P_FIRST_DAY, P_LEAD_LOOKBACK, P_RB_RED, P_RB_ORANGE, P_RB_YELLOW, P_RB_BLUE, P_CB_BASE, P_CB_GOOD,
 P_CB_NORMAL, P_CB_DISHONEST, P_CB_BLACKLISTED, P_AT_WITHIN, P_HOURS_PER_DAY, P_TP_FACTOR, P_RM_RATE,
 P_TRIAL_DATE, P_TRIAL_WAIT, P_OSTR, P_OSCALE, P_HORD, P_AP_RESERVE, P_AP_FIRST_SHARE, N_P) = range(75)

# -- integer parameters IP[...] ---------------------------------------------------------------------
(IP_K, IP_TERRITORIAL, IP_MONTHLY, IP_QUARTERLY, IP_KCLOSE, IP_DR_PUBLISHED, IP_DR_ENABLED, IP_LEAD_ENABLED,
 IP_LEAD_L, IP_RB_ENABLED, IP_CB_ENABLED, IP_AT_ENABLED, IP_AT_MIN_DEATHS, IP_AT_M, IP_KP_ENABLED, IP_IN_PHASE,
 IP_MONTH_PLANS, IP_TP_ENABLED, IP_RM_ENABLED, IP_TRIAL_ENABLED, IP_AP_ENABLED, IP_AP_GENERAL, N_IP) = range(23)

# -- hazards: float hf[M, ...] and int hi[M, ...]; a hazard's id is its candidate index ---------------
# H_REPORT: when its report clock rings; H_REP_LEFT, H_REP_SINCE, H_REP_RATE: the clock's unit exposure left
# at time H_REP_SINCE and the rate it runs at since (hazards.rerate_report)
(H_CREATED, H_FOUND, H_EXPO, H_LAST, H_CLOSURE, H_ESC, H_FIX, H_REPORT, H_REP_LEFT, H_REP_SINCE, H_REP_RATE,
 N_HF) = range(12)
(H_EXISTS, H_MAJOR, H_KNOWN, H_CLOSED, H_VERSION, H_WAITING, H_ENT, N_HI) = range(8)

# -- enterprises: float ef[N, ...] and int ei[N, ...] -----------------------------------------------
# E_LASTCHECK: last government inspection; E_LEADPICK: last chosen for a lead check;
# E_PLAN_RISK, E_PLAN_CREDIT: check accounts of the frequency plans (sim.rules.targeting);
# E_ORDER_P: the order pressure at time E_ORDER_T, its last update (sim.rules.deterrence.order_pressure);
# E_PLAN_ACCOUNT, E_PLAN_PHASE: the annual plan's tiered-check account and where its checks fall (sim.rules.plan);
# E_PLAN_CREDIT_RATE: the credit frequency (信用监管) this plan year's plan holds for the enterprise
(E_Q, E_Q0, E_LASTPEN, E_WORKERS, E_LASTCHECK, E_LEADPICK, E_PLAN_RISK, E_PLAN_CREDIT, E_ORDER_P, E_ORDER_T,
 E_PLAN_ACCOUNT, E_PLAN_PHASE, E_PLAN_CREDIT_RATE, N_EF) = range(14)
# E_MONTH: the self-check day offset; E_SELF_MONTH: the month index of its next self-check (-1: none);
# E_CAND: its next candidate not yet arrived; E_OPEN_FROM: no hazard before it is open (hazards.open_from);
# E_PLAN_CHECKS, E_PLAN_KEY: its checks in this year's annual plan, and of them its tiered (key) checks
(E_STATE, E_CREDIT, E_SUSP, E_CAND, E_UNF, E_MONTH, E_MARKS, E_FAILS, E_SECTOR, E_OWNER, E_TIER,
 E_PUBCREDIT, E_SELF_MONTH, E_OPEN_FROM, E_PLAN_CHECKS, E_PLAN_KEY, N_EI) = range(17)

# -- events: a 4-ary heap in parallel arrays: time evf, sequence evq, kind evk, payload eva, evb -------
# (hazard candidates and self-checks are not events: the loop walks them in time order beside the heap,
# arrivals.py)
(EV_HAZARD, EV_UNFOUNDED, EV_DISPATCH, EV_DOUBLE_RANDOM, EV_RELEASE,
 EV_SUSPENSION, EV_CREDIT, EV_SNAPSHOT, EV_MONTH_PLANS, EV_ACCIDENT_CHECKS, EV_SURGE, EV_PHASE, EV_THIRD_PARTY,
 EV_ALARM, EV_TRIAL, EV_PLAN_YEAR) = range(16)

# -- tasks: float tf[T, ...], int ti[T, ...] ----------------------------------------------------------
(T_CREATED, T_DEADLINE, T_HOURS, N_TF) = range(4)
(T_KIND, T_ENT, T_HAZARD, T_ASSIGNEE, T_SEQ, T_SOURCE, N_TI) = range(7)

# -- bookkeeping meta[...] ----------------------------------------------------------------------------
# M_QMAX: the longest any task queue has been (queues only shrink by popping), for the room check;
# M_TP_NEXT: the third party's position in its rotation; M_ROOM_EVENTS, M_ROOM_TASKS: the most events
# and tasks one step can add; M_EVENT_CAP, M_TASK_CAP, M_QUEUE_CAP: the arrays' sizes (grow.py)
(M_EVENTS, M_SEQ, M_TASKS, M_TASK_SEQ, M_OPEN, M_OPEN_MAJOR, M_QMAX, M_TP_NEXT, M_ROOM_EVENTS, M_ROOM_TASKS,
 M_EVENT_CAP, M_TASK_CAP, M_QUEUE_CAP, N_META) = range(14)

# -- internal sums acc[...] (turned into means by the wrapper), and the third party's hours owed --------
(A_FIND_DAYS, A_CLOSE_DAYS, A_FOUND_CLOSED, A_HOURS_AVAILABLE, A_VERIFY_WAIT, A_TP_OWED, N_ACC) = range(7)

# The world W and state S are StructRefs (structs.py) whose fields are named after the arrays below.

# sector table sec[S, ...], calendar cal[D, ...], nature nat[M, ...], task table task[kind, ...]
# SC_DG, SC_DM, SC_SG, SC_SM: expected deaths and 较大及以上 accidents per open hazard-day, general and major
# (the scenario's death_rate and serious_rate)
(SC_PMAJOR, SC_KG, SC_KM, SC_PFG, SC_PFM, SC_TAIL, SC_SMAX, SC_COUNT, SC_IND, SC_DG, SC_DM, SC_SG, SC_SM,
 N_SC) = range(14)
(CAL_WORKING, CAL_MONTH, CAL_YEAR, N_CAL) = range(4)
(NT_TIME, NT_ACCEPT, NT_MAJOR, NT_CLOSURE, NT_ESC, NT_EXPO, NT_REPORT, NT_FATAL, NT_DEATHS, N_NT) = range(10)
(TK_HOURS, TK_WAIT, N_TK) = range(3)

# enterprise states and credit (as in sim.rules.rectification), hazard channels and closure causes
OPERATING, SUSPENDED, CLOSED = 0, 1, 2
GOOD, NORMAL, DISHONEST, BLACKLISTED = 0, 1, 2, 3
CH_SELF, CH_INSPECTION, CH_REPORT, CH_INVESTIGATION, CH_DEEP_CHECK, CH_MONITORING = range(6)  # results_schema.CHANNELS
CAUSE_NATURAL, CAUSE_RECTIFIED, CAUSE_ON_SPOT, CAUSE_ACCIDENT, CAUSE_ENTERPRISE = 0, 1, 2, 3, 4
CLOCK_ESCALATE, CLOCK_REPORT = 10, 11  # tie order as in the SimPy hazard: causes first, then these

# -- counters: C_<NAME>, A_<NAME>, MO_<NAME> are the positions of the result schema's names -------------
# Derived, not copied, so they cannot drift; the kernel cache is keyed on results_schema.py too.
COUNT_ORDER, AMOUNT_ORDER, MONTHLY_ORDER = COUNTS, AMOUNTS, MONTHLY
for _prefix, _names in (("C_", COUNTS), ("A_", AMOUNTS), ("MO_", MONTHLY)):
    for _i, _name in enumerate(_names):
        globals()[_prefix + _name.upper()] = _i
# inspections by source: the kind counter for double_random (counted there), else inspections_<source>
C_INSPECTIONS_BY_SOURCE = np.array([COUNTS.index(f"inspections_{s}") for s in SOURCES], dtype=np.int64)
# the field trial's columns: A_TRIAL + trial_slot(measure, arm, year) (sim.rules.trial)
A_TRIAL = AMOUNTS.index(TRIAL[0])
assert TRIAL == tuple(AMOUNTS[A_TRIAL + trial_slot(m, a, y)] for m in range(len(MEASURES)) for a in range(len(ARMS))
                     for y in range(YEARS))
assert CHANNELS.index("monitoring") == CH_MONITORING and len(CHANNELS) == CH_MONITORING + 1
