"""The numba engine's world and state as StructRefs: one reference per kernel call.

A tuple of arrays passed to a compiled function is reference-counted array by array at every call
(measured: 116 ns a call for the 33 arrays of the world and state tuples, 8.7 ns as StructRefs),
so the kernels take these two objects instead. Each field is named and described below; the
records' fields in `dtypes.py`.
"""

from __future__ import annotations

from numba.core import types
from numba.experimental import structref
from sim.engines.numba.kernel import kernel

# The world: what the kernels read and never write, but the settings in force (row 0 of `params`, a
# one-element PARAMS record array), which a campaign phase replaces.
WORLD_FIELDS = (
    "params", "phase_params",             # PARAMS[1]; PARAMS[phases + 1]: outside (0) and in each phase
    "phase_start", "phase_end",           # float[phases]: each campaign phase's dates
    "sectors", "season",                  # SECTOR[S]; float[S, D]: each sector's season factor by day
    "calendar",                           # CALENDAR_DAY[D], day 0 the first of the warm-up
    "candidates", "first_candidate",      # CANDIDATE[M] (sim.world.nature); enterprise e's are
                                          # first_candidate[e]:first_candidate[e + 1]
    "candidate_order",                    # int[M]: the candidates in (time, index) order (arrivals.py)
    "alarm_draw",                         # float[M]: each candidate's unit exponential to its alarm
    "first_report", "report_time", "report_u_accept",  # the unfounded-complaint candidates, as hazards'
    "month_start", "month_of_year",       # int[J]: the first day of each month, and its month (1-12)
    "publishes",                          # int[J]: 1 when the credit list is published that month
    "double_random_start", "double_random_end",  # float[periods]: each sampling period
    "task_kinds",                         # TASK_KIND[kinds]
    "professional",                       # int[K]: 1 for a trained inspector
    "riskiest",                           # int[N]: enterprises, riskiest first (expert-led checks)
    "outside_accident_time", "outside_accident_sector",  # major accidents elsewhere (accident_triggered)
    "surge_time", "surge_group", "surge_end", "surge_checks",  # key-period surges (sim.world.schedules)
    "surge_sectors",                      # int[groups, S]: 1 for the sectors a surge group checks
    "third_party_days", "third_party_rotation",  # purchased inspector-days by day; the rotation
    "monitored",                          # int[N]: 1 for an enterprise under remote monitoring
    "self_check_order",                   # int[N]: enterprises by self-check day offset (arrivals.py)
    "trial_arm",                          # int[N]: the field trial's arm, -1 outside it
    "plan_year_start", "plan_year_working_days", "plan_year_months", "plan_year_first_month",
    "plan_year_of_day",                   # int[D]: the plan year of each day, -1 for none
)
# The state: what a replication changes, and what it counts.
STATE_FIELDS = (
    "hazards", "enterprises",             # HAZARD[M], the first hazards_made used; ENTERPRISE[N]
    "failure_times",                      # float[N, failures_to_close]: the last failed follow-ups' times
    "sector_pressure", "sector_pressure_since",  # float[S]: perceived enforcement pressure, as of when
    "key_visits",                         # int8[N, years]: key enterprises inspected, by year of the window
    "backlog",                            # float[K]: hours each inspector owes from overruns
    "counts", "amounts", "monthly",       # the result schema's counters (layout.C_*, A_*, MO_*)
    "plan_ledger",                        # float[plan years, sim.rules.plan.N_PL]
    "event_time", "event_sequence", "event_kind", "event_a", "event_b",  # the event heap (heaps.py)
    "tasks",                              # TASK[capacity]
    "queues", "queue_length",             # int[K + 1, capacity]: task heaps, K the shared queue; lengths
    # scalars: the heap's and the tasks' counters and the arrays' sizes (grow.py)
    "pending_events", "events_pushed", "tasks_made", "tasks_released", "longest_queue",
    "room_events", "room_tasks", "event_capacity", "task_capacity", "queue_capacity",
    "open_hazards", "open_major_hazards",
    "hazards_made",                       # hazards so far: the next one's id (a place in `hazards`)
    "third_party_next",                   # the third party's position in its rotation
    "third_party_owed",                   # hours its overruns owe
    # sums the wrapper turns into means (sim.engines.derived.derive_amounts)
    "find_days", "close_days", "found_closed", "hours_available", "verify_wait_days",
)


@structref.register
class WorldType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(t)) for name, t in fields)


@structref.register
class StateType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(t)) for name, t in fields)


class World(structref.StructRefProxy):
    """One replication's compiled world: read-only but for the settings in force."""


class State(structref.StructRefProxy):
    """Mutable arrays of one replication; growable arrays are replaced field by field."""


structref.define_proxy(World, WorldType, list(WORLD_FIELDS))
structref.define_proxy(State, StateType, list(STATE_FIELDS))


@kernel
def new_world(*fields):
    """World(*fields) through the kernel cache: numba compiles a proxy's own constructor afresh in every
    process (measured on 2026-12-07: about 1 s of a fresh process for World and State together)."""
    return World(*fields)


@kernel
def new_state(*fields):
    """State(*fields) through the kernel cache (see `new_world`)."""
    return State(*fields)


@kernel
def outputs(S):
    """What a replication reports: counts, amounts, monthly series, key visits, the annual plan's
    ledger, and the sums (find_days, close_days, found_closed, hours_available, verify_wait_days)."""
    return (S.counts, S.amounts, S.monthly, S.key_visits, S.plan_ledger,
            (S.find_days, S.close_days, S.found_closed, S.hours_available, S.verify_wait_days))
