"""The record types of the numba engine's world and state: one record per hazard, enterprise, task,
sector, calendar day and task kind, and one of the settings in force.

A kernel reads `S.hazards[h].found` where it read a column of a 2-D array through a constant
(`hf[h, H_FOUND]`). A record array keeps each hazard's fields side by side, as a row did, and
`S.hazards[h]` is a reference into the array, so writing `hazard.closed = 1` writes the state. An
enterprise's flags and counts are int64, as in the integer arrays they replaced; a hazard's flags are
int8 and its event version int32 (memory: a county of 300,000 enterprises makes 8 million hazards),
which numba widens to int64 where they are added to a count, so every sum is the same sum. Times are days from the start of the
measured window (negative in the warm-up).
"""

from __future__ import annotations

import numpy as np

# A hazard's id is its place in the order hazards arose (S.hazards_made so far): records exist only
# for the candidates that became hazards, about a fifth of them, and the ones not yet used are never
# written, so they take no memory (np.zeros leaves them to the kernel's zero pages). An enterprise's
# hazards are linked in that order (`next_hazard`, from ENTERPRISE.first_hazard), its walk over them
# the walk over its candidates as it was, less the thinned ones. Aligned: each float64 at a multiple of 8.
HAZARD = np.dtype([
    ("enterprise", np.int64),
    ("closed", np.int8),
    ("known", np.int8),             # 1 once the authority knows it (found by it, or reported to it)
    ("major", np.int8),             # 0 general, 1 major (重大隐患)
    ("version", np.int32),          # of its pending clock event: an event of an older version is stale
    ("found", np.float64),          # when it was first found by anyone; NaN until then
    ("created", np.float64),
    ("exposure_left", np.float64),  # accident exposure left (unit exponential, spent at the accident rate)
    ("synced", np.float64),         # when the exposure was last spent (clocks.sync)
    ("closes_at", np.float64),      # its routine repair (natural closure) time
    ("escalates_at", np.float64),   # when a general hazard turns major
    ("rectified_at", np.float64),   # when the enterprise fixes it as ordered
    ("reported_at", np.float64),    # when its whistleblower report clock rings
    ("report_left", np.float64),    # the report clock's unit exposure left at time report_since
    ("report_since", np.float64),
    ("report_rate", np.float64),    # the rate the report clock runs at since report_since
    ("suspensions_waiting", np.int64),  # suspensions past their minimum that end when it closes
    ("candidate", np.int64),        # the candidate it arose from (W.candidates: its draws)
    ("next_hazard", np.int64),      # the enterprise's next hazard in the order they arose, -1 for none
], align=True)
assert HAZARD.itemsize == 128 and all(HAZARD.fields[n][1] % 8 == 0 for n in HAZARD.names
                                      if HAZARD[n] == np.float64)

ENTERPRISE = np.dtype([
    ("state", np.int64),            # OPERATING, SUSPENDED or CLOSED (layout.py)
    ("sector", np.int64),
    ("first_hazard", np.int64),     # its first hazard, or a later one when those before are closed
                                    # (clocks.open_from); -1 for none
    ("last_hazard", np.int64),      # its latest hazard, -1 for none: a new one is linked after it
    ("credit", np.int64),           # GOOD, NORMAL, DISHONEST or BLACKLISTED (layout.py)
    ("published_credit", np.int64),  # its credit as the last published list (公示) shows it
    ("risk_tier", np.int64),        # 0 red (highest) to 3 blue
    ("owner", np.int64),            # the inspector whose territory it is in (territorial dispatch)
    ("suspensions", np.int64),      # suspension orders in force
    ("dishonest_marks", np.int64),  # marks so far: a credit repair event ends only the latest
    ("failed_followups", np.int64),  # so far; the last few times are in S.failure_times
    ("self_check_offset", np.int64),  # the day of the month of its self-checks
    ("self_check_month", np.int64),  # the month index of its next self-check; -1 for none (arrivals.py)
    ("plan_checks", np.int64),      # its checks in this year's annual plan
    ("plan_key_checks", np.int64),  # of them, its tiered (key) checks
    ("quality", np.float64),        # safety-management quality q_i
    ("initial_quality", np.float64),
    ("workers", np.float64),
    ("last_penalty", np.float64),
    ("last_inspection", np.float64),
    ("last_lead_pick", np.float64),  # last chosen for an expert-led check
    ("order_pressure", np.float64),  # at time order_pressure_since (sim.rules.deterrence.order_pressure)
    ("order_pressure_since", np.float64),
    ("risk_plan_account", np.float64),    # the check accounts of the frequency plans (sim.rules.targeting)
    ("credit_plan_account", np.float64),
    ("annual_plan_account", np.float64),  # the annual plan's tiered-check account (sim.rules.plan)
    ("annual_plan_phase", np.float64),    # where in the year its planned checks fall
    ("planned_credit_frequency", np.float64),  # the credit frequency (信用监管) this plan year holds for it
])

TASK = np.dtype([
    ("kind", np.int64),             # sim.rules.dispatch.TASK_KINDS
    ("created", np.float64),
    ("sequence", np.int64),         # release order: ties in a queue go first in, first out
    ("enterprise", np.int64),
    ("hazard", np.int64),           # the hazard a verification or follow-up is about; -1 for none
    ("assignee", np.int64),         # an inspector, or -1 for the shared queue
    ("source", np.int64),           # who asked for it: sim.rules.dispatch.SOURCES
    ("deadline", np.float64),
    ("hours", np.float64),
])

SECTOR = np.dtype([
    ("p_major", np.float64),
    ("accident_rate_general", np.float64),  # accidents per open hazard-day, by class
    ("accident_rate_major", np.float64),
    ("p_fatal_general", np.float64),
    ("p_fatal_major", np.float64),
    ("fatality_tail", np.float64),
    ("death_rate_general", np.float64),     # expected deaths per open hazard-day
    ("death_rate_major", np.float64),
    ("serious_rate_general", np.float64),   # expected 较大及以上 accidents per open hazard-day
    ("serious_rate_major", np.float64),
    ("season_max", np.float64),             # the season factor's maximum, which thinning divides by
    ("enterprises", np.float64),
    ("industrial", np.float64),             # 1 industrial, 0 road traffic (deaths are counted apart)
])

CALENDAR_DAY = np.dtype([("working", np.int64), ("month", np.int64),  # month: of the window, for the series
                         ("year", np.int64)])  # year of the window, 0 the first; -1 in the warm-up

TASK_KIND = np.dtype([("hours", np.float64), ("max_wait", np.float64)])

# The settings in force, named as in the scenario (docs/model.md, "Parameters"); a campaign phase
# replaces the whole record (regimes.phase_event). Flags are booleans, counts int64.
PARAMS = np.dtype([
    ("natural_closure_rate", np.float64), ("escalation_rate", np.float64),
    ("reference_workers", np.float64), ("quality_effect", np.float64),
    ("monthly_detection_general", np.float64), ("monthly_detection_major", np.float64),
    ("quarterly_detection_general", np.float64), ("quarterly_detection_major", np.float64),
    ("report_major_base", np.float64), ("report_major_quality_slope", np.float64),
    ("professional_general", np.float64), ("professional_major", np.float64),
    ("nonprofessional_general", np.float64), ("nonprofessional_major", np.float64),
    ("expert_general", np.float64), ("expert_major", np.float64), ("announced_factor", np.float64),
    ("hazard_report_rate", np.float64), ("report_size_exponent", np.float64),
    ("no_reward_propensity", np.float64), ("reward_scale", np.float64),
    ("reward_general", np.float64), ("reward_major", np.float64),  # 0 when the whistleblower regime is off
    ("p_on_spot", np.float64), ("general_deadline_days", np.float64), ("major_deadline_days", np.float64),
    ("compliance_base", np.float64), ("compliance_quality_slope", np.float64),
    ("compliance_dishonest_penalty", np.float64), ("failure_window_days", np.float64),
    ("min_suspension_days", np.float64), ("p_mark_found", np.float64), ("credit_repair_days", np.float64),
    ("retrain_gain", np.float64), ("review_delay_days", np.float64),
    ("fine_major_found_firm", np.float64), ("fine_major_found_principal", np.float64),
    ("fine_failed_followup_firm", np.float64), ("fine_failed_followup_principal", np.float64),
    ("fine_accident_firm", np.float64), ("fine_accident_principal", np.float64),
    ("hours_per_day", np.float64),
    ("task_hours_per_day", np.float64),  # hours_per_day less the admin share: an inspector's hours for tasks
    ("announced_share", np.float64), ("task_size_exponent", np.float64),
    ("general_max", np.float64), ("general_half_life_days", np.float64), ("pressure_scale", np.float64),
    ("publicity", np.float64), ("specific_strength", np.float64), ("specific_half_life_days", np.float64),
    ("order_strength", np.float64), ("order_scale", np.float64), ("order_half_life_days", np.float64),
    ("sampling_fraction", np.float64),   # double-random
    ("horizon", np.float64), ("first_day", np.float64),
    ("lead_lookback_days", np.float64),
    ("risk_frequency", np.float64, (4,)),  # risk_based checks a year by tier: red, orange, yellow, blue
    ("credit_base_frequency", np.float64), ("credit_good", np.float64), ("credit_normal", np.float64),
    ("credit_dishonest", np.float64), ("credit_blacklisted", np.float64),
    ("accident_checks_within_days", np.float64),
    ("third_party_compliance_factor", np.float64),
    ("alarm_rate", np.float64),           # remote monitoring's detection_rate
    ("trial_day", np.float64), ("trial_max_wait_days", np.float64),
    ("plan_reserve", np.float64), ("plan_first_year_unplanned_share", np.float64),
    ("inspectors", np.int64), ("failures_to_close", np.int64), ("lead_checks_per_month", np.int64),
    ("accident_trigger_min_deaths", np.int64), ("accident_trigger_checks", np.int64),
    ("territorial", np.bool_), ("monthly_self_checks", np.bool_), ("quarterly_self_checks", np.bool_),
    ("double_random", np.bool_), ("double_random_published", np.bool_), ("lead_monthly", np.bool_),
    ("risk_based", np.bool_), ("credit_based", np.bool_), ("accident_triggered", np.bool_),
    ("key_periods", np.bool_), ("third_party", np.bool_), ("remote_monitoring", np.bool_),
    ("trial", np.bool_), ("annual_plan", np.bool_), ("plan_general_checks", np.bool_),
    ("in_campaign_phase", np.bool_),
    ("month_plans", np.bool_),            # the monthly plans event runs (some phase needs it)
])
