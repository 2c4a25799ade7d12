"""The numba engine's compile-time constants: event kinds, enterprise states and credit, hazard
channels and closure causes, and the positions of the result schema's counters.

The world's and state's fields have names of their own (`structs.py`, records in `dtypes.py`).
"""

import numpy as np

from sim.results_schema import AMOUNTS, CHANNELS, COUNTS, MONTHLY, TRIAL
from sim.rules.dispatch import SOURCES
from sim.rules.trial import ARMS, MEASURES, YEARS, trial_slot

# -- events: a 4-ary heap in parallel arrays of the state (event_time, event_sequence, event_kind, and a
# payload event_a, event_b whose meaning depends on the kind; heaps.py)
# (hazard candidates and self-checks are not events: the loop walks them in time order beside the heap,
# arrivals.py)
(EV_HAZARD, EV_UNFOUNDED, EV_DISPATCH, EV_DOUBLE_RANDOM, EV_RELEASE,
 EV_SUSPENSION, EV_CREDIT, EV_SNAPSHOT, EV_MONTH_PLANS, EV_ACCIDENT_CHECKS, EV_SURGE, EV_PHASE, EV_THIRD_PARTY,
 EV_ALARM, EV_TRIAL, EV_PLAN_YEAR) = range(16)

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
