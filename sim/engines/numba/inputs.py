"""The numba engine's inputs: the compiled world W and a fresh state S, both StructRefs of arrays.

W holds what the SimPy engine reads from the scenario, population and nature draws, as named arrays
and record arrays (`structs.py`, `dtypes.py`); S holds the mutable state and the counters.
"""

from __future__ import annotations

import numpy as np

from sim.engines.derived import window_years
from sim.engines.numba.dtypes import (
    CALENDAR_DAY,
    ENTERPRISE,
    HAZARD,
    PARAMS,
    SECTOR,
    TASK,
    TASK_KIND,
)
from sim.engines.numba.structs import State, World, new_state, new_world
from sim.results_schema import AMOUNTS, COUNTS, MONTHLY
from sim.rules.dispatch import TASK_KINDS
from sim.rules.plan import ANNUAL_PLAN, N_PL
from sim.rules.rectification import GOOD, NORMAL
from sim.rules.targeting import CREDIT_PLAN, RISK_PLAN, plan_phases
from sim.world.nature import HazardCandidates
from sim.world.population import Population, riskiest_first
from sim.world.replication import ReplicationWorld
from sim.world.scenario import Scenario
from sim.world.schedules import (
    PY_FIRST_MONTH,
    PY_MONTHS,
    PY_START,
    PY_WORKING,
    SURGE_CHECKS,
    SURGE_END,
    SURGE_GROUP,
    SURGE_TIME,
)


def world_tuple(scenario: Scenario, world: ReplicationWorld) -> World:
    """W: everything read-only, in the field order of `structs.WORLD_FIELDS`."""
    pop, nature, reports = world.population, world.hazards, world.reports
    phase_params, phase_start, phase_end, first = _phase_params(scenario)
    surges, years = world.surges, scenario.plan_years
    return new_world(
        phase_params[first:first + 1].copy(), phase_params, phase_start, phase_end,
        _sector_table(scenario), world.weather.season, _calendar(scenario),
        nature.table, nature.first, nature.by_time, world.contracts.alarm,
        reports.first, reports.time, reports.u_accept,
        scenario.month_starts[:, 0].copy(), scenario.month_starts[:, 1].copy(), scenario.publishes.astype(np.int64),
        *_double_random_periods(scenario), _task_table(scenario.config),
        pop.professional.astype(np.int64), riskiest_first(pop), world.outside.time, world.outside.sector,
        surges[:, SURGE_TIME].copy(), surges[:, SURGE_GROUP].astype(np.int64), surges[:, SURGE_END].copy(),
        surges[:, SURGE_CHECKS].astype(np.int64), scenario.surge_sectors.astype(np.int64),
        scenario.third_party_days, world.contracts.rotation, world.contracts.monitored.astype(np.int64),
        np.argsort(pop.check_offset, kind="stable").astype(np.int64), world.trial_arm,
        *(years[:, column].copy() for column in (PY_START, PY_WORKING, PY_MONTHS, PY_FIRST_MONTH)),
        scenario.plan_year_of_day)


def _double_random_periods(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) days of each double-random period, as one float array each."""
    starts, ends = scenario.double_random_starts, scenario.double_random_ends
    if not starts.size:
        return np.zeros(0), np.zeros(0)
    both = np.stack([starts, ends], axis=1)  # one dtype for both, as the engine has always read them
    return both[:, 0].copy(), both[:, 1].copy()


def _phase_params(scenario: Scenario):
    """The settings outside (row 0) and inside each campaign phase (row k + 1), the phases' start and
    end days, and the row in force on the first day.

    At a phase's dates the kernel copies its row into W.params (`regimes.phase_event`).
    """
    configs = [scenario.config, *(c for _, _, c in scenario.phases)]
    params = np.zeros(len(configs), dtype=PARAMS)
    for row, c in enumerate(configs):
        _fill_params(params[row:row + 1], scenario, c)
    params["in_campaign_phase"][1:] = True
    # the monthly event runs if any phase needs it
    params["month_plans"] = (params["lead_monthly"] | params["risk_based"] | params["credit_based"]
                             | params["annual_plan"]).max()
    dates = np.array([(s, e) for s, e, _ in scenario.phases], dtype=float).reshape(-1, 2)
    first = 0
    for k, (start, end, _) in enumerate(scenario.phases):
        if start <= scenario.first_day < end:
            first = k + 1
    return params, dates[:, 0].copy(), dates[:, 1].copy(), first


def state_tuple(scenario: Scenario, pop: Population, nature: HazardCandidates) -> State:
    """S: the mutable state of one replication, in the field order of `structs.STATE_FIELDS`."""
    n, m, k = pop.size, nature.time.shape[0], scenario.config.inspectors.count
    hazards = np.zeros(m, dtype=HAZARD)  # room for every candidate; only the hazards made are written
    firms = np.zeros(n, dtype=ENTERPRISE)
    firms["quality"] = firms["initial_quality"] = pop.quality
    firms["last_penalty"] = firms["last_inspection"] = firms["last_lead_pick"] = -np.inf
    firms["workers"] = pop.workers
    firms["risk_plan_account"], firms["credit_plan_account"] = plan_phases(n, RISK_PLAN), plan_phases(n, CREDIT_PLAN)
    firms["annual_plan_account"] = firms["annual_plan_phase"] = plan_phases(n, ANNUAL_PLAN)
    firms["credit"] = firms["published_credit"] = np.where(pop.good_credit, GOOD, NORMAL)
    firms["first_hazard"] = firms["last_hazard"] = -1
    firms["self_check_offset"] = pop.check_offset  # the day offset (the months are in W.month_start)
    firms["self_check_month"] = -1
    firms["sector"], firms["owner"], firms["risk_tier"] = pop.sector, pop.owner, pop.risk_tier
    failure_times = np.full((n, scenario.config.rectification.failures_to_close), -np.inf)
    sectors = len(scenario.sectors.names)
    visits = np.zeros((n, window_years(scenario)), dtype=np.int8)
    events = max(1024, 4 * n + m // 4)
    tasks = max(1024, 2 * n)
    queue = max(256, 4 * n // max(k, 1))
    return new_state(hazards, firms, failure_times, np.zeros(sectors), np.full(sectors, float(scenario.first_day)),
                     visits, np.zeros(k), np.zeros(len(COUNTS), dtype=np.int64), np.zeros(len(AMOUNTS)),
                     np.zeros((len(MONTHLY), scenario.n_months), dtype=np.int64),
                     np.zeros((scenario.plan_years.shape[0], N_PL)),
                     np.zeros(events), *(np.zeros(events, dtype=np.int64) for _ in range(4)),
                     np.zeros(tasks, dtype=TASK), np.zeros((k + 1, queue), dtype=np.int64), np.zeros(k + 1, dtype=np.int64),
                     *(0 for _ in range(14)),  # the counters, sizes (set by the kernel) and rotation position
                     *(0.0 for _ in range(6)))  # the hours owed and the sums


def _fill_params(row: np.ndarray, scenario: Scenario, c) -> None:
    """Write config c's settings into the one-element PARAMS array `row`; every field is set."""
    si, d, r, rect, pen, ins, det = (c.self_inspection, c.detection, c.reports, c.rectification, c.penalties,
                                     c.inspectors, c.deterrence)
    regimes = c.regimes
    whistle, rb, cb = regimes.whistleblower, regimes.risk_based.frequency, regimes.credit_based
    values = {
        "natural_closure_rate": c.hazards.natural_closure_rate, "escalation_rate": c.hazards.escalation_rate,
        "reference_workers": c.population.reference_workers, "quality_effect": c.population.quality_effect,
        "monthly_detection_general": si.monthly_detection_general,
        "monthly_detection_major": si.monthly_detection_major,
        "quarterly_detection_general": si.quarterly_detection_general,
        "quarterly_detection_major": si.quarterly_detection_major,
        "report_major_base": si.report_major_base, "report_major_quality_slope": si.report_major_quality_slope,
        "professional_general": d.professional_general, "professional_major": d.professional_major,
        "nonprofessional_general": d.nonprofessional_general, "nonprofessional_major": d.nonprofessional_major,
        "expert_general": d.expert_general, "expert_major": d.expert_major, "announced_factor": d.announced_factor,
        "hazard_report_rate": r.hazard_report_rate, "report_size_exponent": r.size_exponent,
        "no_reward_propensity": r.no_reward_propensity, "reward_scale": r.reward_scale,
        "reward_general": whistle.reward_general if whistle.enabled else 0.0,
        "reward_major": whistle.reward_major if whistle.enabled else 0.0,
        "p_on_spot": rect.p_on_spot, "general_deadline_days": rect.general_deadline_days,
        "major_deadline_days": rect.major_deadline_days, "compliance_base": rect.compliance_base,
        "compliance_quality_slope": rect.compliance_quality_slope,
        "compliance_dishonest_penalty": rect.compliance_dishonest_penalty,
        "failure_window_days": rect.failure_window_days, "min_suspension_days": rect.min_suspension_days,
        "p_mark_found": rect.p_mark_found, "credit_repair_days": rect.credit_repair_days,
        "retrain_gain": rect.retrain_gain, "review_delay_days": rect.review_delay_days,
        "fine_major_found_firm": pen.major_found_firm, "fine_major_found_principal": pen.major_found_principal,
        "fine_failed_followup_firm": pen.failed_followup_firm,
        "fine_failed_followup_principal": pen.failed_followup_principal,
        "fine_accident_firm": pen.accident_firm, "fine_accident_principal": pen.accident_principal,
        "hours_per_day": ins.hours_per_day, "task_hours_per_day": ins.hours_per_day * (1.0 - ins.admin_share),
        "announced_share": ins.announced_share, "task_size_exponent": ins.task_size_exponent,
        "general_max": det.general_max, "general_half_life_days": det.general_half_life_days,
        "pressure_scale": det.pressure_scale, "publicity": det.publicity,
        "specific_strength": det.specific_strength, "specific_half_life_days": det.specific_half_life_days,
        "order_strength": det.order_strength, "order_scale": det.order_scale,
        "order_half_life_days": det.order_half_life_days,
        "sampling_fraction": regimes.double_random.sampling_fraction, "horizon": float(scenario.horizon),
        "first_day": float(scenario.first_day), "lead_lookback_days": regimes.lead_monthly.lookback_days,
        "risk_frequency": (rb.red, rb.orange, rb.yellow, rb.blue),
        "credit_base_frequency": cb.base_frequency, "credit_good": cb.multipliers.good,
        "credit_normal": cb.multipliers.normal, "credit_dishonest": cb.multipliers.dishonest,
        "credit_blacklisted": cb.multipliers.blacklisted,
        "accident_checks_within_days": regimes.accident_triggered.within_days,
        "third_party_compliance_factor": regimes.third_party.compliance_factor,
        "alarm_rate": regimes.remote_monitoring.detection_rate,
        "trial_day": float(scenario.trial_day), "trial_max_wait_days": c.trial.max_wait_days,
        "plan_reserve": regimes.annual_plan.reserve,
        "plan_first_year_unplanned_share": regimes.annual_plan.first_year_unplanned_share,
        "inspectors": ins.count, "failures_to_close": rect.failures_to_close,
        "lead_checks_per_month": regimes.lead_monthly.checks_per_month,
        "accident_trigger_min_deaths": regimes.accident_triggered.min_deaths,
        "accident_trigger_checks": regimes.accident_triggered.checks,
        "territorial": ins.dispatch == "territorial", "monthly_self_checks": si.monthly_enabled,
        "quarterly_self_checks": si.quarterly_enabled, "double_random": regimes.double_random.enabled,
        "double_random_published": regimes.double_random.published, "lead_monthly": regimes.lead_monthly.enabled,
        "risk_based": regimes.risk_based.enabled, "credit_based": regimes.credit_based.enabled,
        "accident_triggered": regimes.accident_triggered.enabled, "key_periods": regimes.key_periods.enabled,
        "third_party": regimes.third_party.enabled, "remote_monitoring": regimes.remote_monitoring.enabled,
        "trial": c.trial.enabled, "annual_plan": regimes.annual_plan.enabled,
        "plan_general_checks": regimes.annual_plan.general_checks,
        "in_campaign_phase": False, "month_plans": False,  # set by _phase_params
    }
    assert set(values) == set(PARAMS.names), "a PARAMS field is not filled, or not one of them"
    for name, value in values.items():
        row[name] = value


def _sector_table(scenario: Scenario) -> np.ndarray:
    t = scenario.sectors
    table = np.zeros(len(t.names), dtype=SECTOR)
    table["p_major"] = t.p_major
    table["accident_rate_general"], table["accident_rate_major"] = t.accident_rate[:, 0], t.accident_rate[:, 1]
    table["p_fatal_general"], table["p_fatal_major"] = t.p_fatal[:, 0], t.p_fatal[:, 1]
    table["fatality_tail"] = t.fatality_tail
    table["death_rate_general"], table["death_rate_major"] = t.death_rate[:, 0], t.death_rate[:, 1]
    table["serious_rate_general"], table["serious_rate_major"] = t.serious_rate[:, 0], t.serious_rate[:, 1]
    table["season_max"] = scenario.season_max
    table["enterprises"] = t.counts
    table["industrial"] = t.industrial
    return table


def _calendar(scenario: Scenario) -> np.ndarray:
    cal = scenario.calendar
    out = np.zeros(cal.working.shape[0], dtype=CALENDAR_DAY)
    out["working"] = cal.working
    out["month"] = np.maximum(cal.month, 0)
    days = np.arange(cal.working.shape[0]) + cal.first_day
    dates = np.datetime64(cal.start_date, "D") + days  # as cal.date(d), for every day at once
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970 - scenario.start.year
    out["year"] = np.where(days >= 0, years, -1)
    return out


def _task_table(config) -> np.ndarray:
    ins = config.inspectors
    table = np.zeros(len(TASK_KINDS), dtype=TASK_KIND)
    for kind, name in enumerate(TASK_KINDS):
        table["hours"][kind] = getattr(ins.task_hours, name)
        table["max_wait"][kind] = getattr(ins.max_wait, name) if name != "double_random" else 0.0
    return table
