"""The shared rules compiled with numba: the very same Python functions, for the numba engine.

Nothing here is rewritten: each name is `@kernel(inline=True)` (numba's njit, set in
sim/engines/numba/kernel.py) applied to the function the SimPy engine calls, so the two engines
cannot drift apart on a decision rule.
"""

from __future__ import annotations

from sim.engines.numba.kernel import kernel
from sim.rules import (
    detection,
    deterrence,
    dispatch,
    hazards,
    plan,
    rectification,
    sampling,
    targeting,
    trial,
)

_jit = kernel(inline=True)   # small rules, each called from one to four places

hazard_base_rate = _jit(hazards.hazard_base_rate)
deaths_of_accident = _jit(hazards.deaths_of_accident)
severity_class = _jit(hazards.severity_class)
decay = _jit(deterrence.decay)
pressure_increment = _jit(deterrence.pressure_increment)
general_multiplier = _jit(deterrence.general_multiplier)
specific_multiplier = _jit(deterrence.specific_multiplier)
order_increment = _jit(deterrence.order_increment)
order_pressure = _jit(deterrence.order_pressure)
order_multiplier = _jit(deterrence.order_multiplier)
inspection_detection = _jit(detection.inspection_detection)
self_detection = _jit(detection.self_detection)
report_self = _jit(detection.report_self)
report_propensity = _jit(detection.report_propensity)
hazard_report_rate = _jit(detection.hazard_report_rate)
compliance = _jit(rectification.compliance)
closes_after_failure = _jit(rectification.closes_after_failure)
retrained_quality = _jit(rectification.retrained_quality)
task_hours = _jit(dispatch.task_hours)
can_start = _jit(dispatch.can_start)
assignee = _jit(dispatch.assignee)
sample_without_replacement = _jit(sampling.sample_without_replacement)
accrue = _jit(targeting.accrue)
checks_due = _jit(targeting.checks_due)
credit_frequency = _jit(targeting.credit_frequency)
lead_eligible = _jit(targeting.lead_eligible)
listed = _jit(targeting.listed)
accident_triggers = _jit(targeting.accident_triggers)
trial_year = _jit(trial.trial_year)
days_in_year = _jit(trial.days_in_year)
trial_slot = _jit(trial.trial_slot)
unplanned_estimate = _jit(plan.unplanned_estimate)
plan_check_hours = _jit(plan.plan_check_hours)
staff_hours = _jit(plan.staff_hours)
as_days = _jit(plan.as_days)
build_plan = _jit(plan.build_plan)
checks_in_month = _jit(plan.checks_in_month)
