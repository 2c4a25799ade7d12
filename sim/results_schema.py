"""The result schema both engines fill: metric names, monthly series and event-log columns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.rules.dispatch import SOURCES
from sim.rules.trial import ARMS, MEASURES, YEARS

# Inspections, hours and hazards found are also counted by source: who asked for the task (MODEL.md §8).
# Planned regimes also report the share of their planned checks done (inspections / tasks created).
PLANNED = ("lead_monthly", "risk_based", "credit_based", "accident_triggered", "key_periods", "annual_plan")
# Per calendar year of the measured window, for its first WINDOW_YEARS years (docs/model.md §9): the
# coverage of the key enterprises, and the annual plan's figures (sim.rules.plan: its ledger's columns,
# then the completion rate 计划完成率). NaN for a year the window does not reach, and the plan's for a
# run without the plan.
WINDOW_YEARS = 5
PLAN_MEASURES = ("staff_days", "unplanned_days", "check_days", "checks", "key_shortfall", "checks_done",
                 "completion")
PLAN = tuple(f"plan_{m}_y{k + 1}" for m in PLAN_MEASURES for k in range(WINDOW_YEARS))
COVERAGE = tuple(f"key_enterprise_coverage_y{k + 1}" for k in range(WINDOW_YEARS))

# Who first found a hazard: the enterprise itself, a government check, a verified report, an accident
# investigation, a third-party deep check (第三方深度检查), or a remote-monitoring alarm (在线监测).
CHANNELS = ("self", "inspection", "report", "investigation", "deep_check", "monitoring")

# Integer-valued counts per replication, in the order of the `.replications` table.
COUNTS = (
    "accidents", "fatal_accidents", "deaths", "deaths_industrial", "deaths_road", "serious_accidents",
    "accidents_larger", "accidents_major", "accidents_extraordinary",
    "hazards_created", "major_hazards_created", "hazards_escalated",
    "hazards_open_start", "major_hazards_open_start", "hazards_open_end", "major_hazards_open_end",
    "hazards_found", *(f"found_{c}" for c in CHANNELS),
    "major_hazards_found", "self_reported_major",
    "hazards_closed", "major_hazards_closed", "closed_natural", "closed_rectified", "closed_on_spot",
    "closed_accident", "closed_enterprise", "closed_unfound", "major_closed_unfound",
    "inspections", "inspections_investigation", "inspections_verification", "inspections_followup",
    "inspections_targeted", "inspections_expert", "inspections_double_random",
    "tasks_created", "tasks_expired", "tasks_cancelled", "tasks_pending_end",
    "followups_failed", "reports", "reports_valid", "reports_unfounded",
    "penalties", "suspensions", "closures", "dishonest_marks",
    "accident_triggers_local", "accident_triggers_outside", "key_period_surges", "weather_alerts",
    "campaign_phase_days", "campaign_phase_inspections",
    "third_party_checks", "third_party_findings", "monitored_enterprises", "monitoring_alarms",
    "credit_publications", "credit_newly_listed",
    *(f"tasks_created_{s}" for s in SOURCES),
    *(f"inspections_{s}" for s in SOURCES if s != "double_random"),  # inspections_double_random: by kind
    *(f"found_{s}" for s in SOURCES),
)
# The simulated field trial (docs/model.md §13): each measure of each arm's enterprises in each follow-up
# year after the trial's date, in the order of `sim.rules.trial.trial_slot`. Real-valued, so that a year
# not wholly inside the measured window, or a run without a trial, is NaN rather than a partial count.
TRIAL = tuple(f"trial_{m}_{a}_y{y + 1}" for m in MEASURES for a in ARMS for y in range(YEARS))
# Public spend by lever over the measured window, in yuan (docs/model.md, "Costs of the levers"): the
# inspectors' salaries and on-costs, their professional training, whistleblower rewards, third-party
# inspector-days, remote monitoring, and their sum. Filled by sim.engines.derived.public_spend.
SPEND = ("spend_inspectors", "spend_training", "spend_rewards", "spend_third_party", "spend_remote_monitoring",
         "spend_total")
# Real-valued metrics. expected_accidents: the accident rate of every open hazard integrated over the
# window's days its enterprise operated (the accidents' compensator; docs/model.md §9); expected_deaths and
# expected_serious_accidents: the same integral, each day weighted by the mean deaths of an accident of the
# hazard's sector and class, and by the chance it is 较大 or worse (the compensators of deaths and
# serious_accidents).
AMOUNTS = (
    "expected_accidents", "expected_deaths", "expected_serious_accidents", "deaths_per_100k_workers_year", "inspector_hours", "inspector_utilization",
    "rewards_paid", "fines",
    "mean_days_to_find", "mean_days_to_close", "mean_days_to_verify", "rectification_rate",
    "key_enterprise_coverage", "workers_industrial",
    "third_party_days", "third_party_hours", "third_party_spend", "remote_monitoring_cost", *SPEND,
    *(f"hours_{s}" for s in SOURCES),
    *(f"plan_completion_{s}" for s in PLANNED),
    *COVERAGE, *PLAN,
    *TRIAL,
)
# Every metric is a count, an amount, a duration or a ratio of counts: none is below 0. These are
# shares of a whole as well, so none is above 1 (summary intervals are cut at these bounds).
SHARES = ("rectification_rate", "key_enterprise_coverage", *COVERAGE,
          *(f"plan_completion_y{k + 1}" for k in range(WINDOW_YEARS)))
MONTHLY = ("open_hazards", "open_major_hazards", "hazards_created", "hazards_found", "accidents", "deaths",
           "inspections")
EVENT_COLUMNS = ("replication", "time", "event", "enterprise", "hazard", "detail", "value")


@dataclass(slots=True)
class ReplicationOutput:
    """What one engine returns for one replication, before it becomes table rows."""

    replication: int
    seed: int
    counts: dict[str, int]
    amounts: dict[str, float]
    monthly: dict[str, np.ndarray]  # each int64[n_months] or float64[n_months]
    events: list[tuple] | None = field(default=None)
