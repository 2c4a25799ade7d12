"""Metrics derived from a replication's raw sums, computed the same way for every engine."""

from __future__ import annotations

import math

import numpy as np

from sim.results_schema import COVERAGE, PLAN, PLAN_MEASURES, PLANNED, SPEND, TRIAL, WINDOW_YEARS
from sim.rules.plan import PL_CHECKS_DONE, PL_QUEUED
from sim.rules.trial import ARMS, MEASURES, YEAR_DAYS, YEARS, trial_slot
from sim.world.population import Population
from sim.world.scenario import Scenario
from sim.world.schedules import PY_WINDOW_YEAR

CLOSED_BEFORE_YEAR_END = -1  # in a key-visit matrix: closed before that calendar year ended


def derive_amounts(counts: dict, amounts: dict, scenario: Scenario, population: Population, find_days: float,
                   close_days: float, found_closed: float, hours_available: float,
                   key_visits: np.ndarray, verify_wait: float) -> None:
    """Fill the rates, shares and means of `amounts` in place from counts and raw sums.

    `key_visits[i, y]` is, for enterprise i and calendar year y of the measured window, 1 if it was
    visited that year, CLOSED_BEFORE_YEAR_END if it was closed before the year ended (then it is off
    the register that year, visited or not), else 0; `verify_wait` the days reports waited for the
    verifications done in the window.
    """
    industrial = scenario.sectors.industrial[population.sector]
    workers = float(population.workers[industrial].sum())
    years = scenario.horizon / 365.25
    amounts["workers_industrial"] = workers
    amounts["deaths_per_100k_workers_year"] = (counts["deaths_industrial"] / workers / years * 1e5
                                               if workers else math.nan)
    amounts["inspector_utilization"] = amounts["inspector_hours"] / hours_available if hours_available else math.nan
    found, closed = counts["hazards_found"], counts["hazards_closed"]
    amounts["mean_days_to_find"] = find_days / found if found else math.nan
    amounts["mean_days_to_close"] = close_days / closed if closed else math.nan
    verified = counts["inspections_verification"]
    amounts["mean_days_to_verify"] = verify_wait / verified if verified else math.nan
    amounts["rectification_rate"] = found_closed / found if found else math.nan
    shares = key_coverage_by_year(key_visits, population.risk_tier <= 1)
    amounts["key_enterprise_coverage"] = key_enterprise_coverage(key_visits, population.risk_tier <= 1)
    for k, name in enumerate(COVERAGE):
        amounts[name] = float(shares[k]) if k < shares.shape[0] else math.nan
    for source in PLANNED:
        planned = counts[f"tasks_created_{source}"]
        amounts[f"plan_completion_{source}"] = counts[f"inspections_{source}"] / planned if planned else math.nan


def key_coverage_by_year(key_visits: np.ndarray, key: np.ndarray) -> np.ndarray:
    """重点企业检查覆盖率 of each calendar year of the window: the share of red and orange enterprises on
    the register at the year's end (not closed) that were visited in the year; NaN for a year with none
    on it. `key_enterprise_coverage` is their mean."""
    visits = key_visits[key]
    on_register = (visits != CLOSED_BEFORE_YEAR_END).sum(axis=0)
    visited = (visits == 1).sum(axis=0)
    return np.where(on_register > 0, visited / np.maximum(on_register, 1), math.nan)


def key_enterprise_coverage(key_visits: np.ndarray, key: np.ndarray) -> float:
    """重点企业检查覆盖率 over the window: the mean of `key_coverage_by_year` over the years with key
    enterprises on the register."""
    shares = key_coverage_by_year(key_visits, key)
    shares = shares[~np.isnan(shares)]
    return float(shares.mean()) if shares.size else math.nan


def plan_amounts(amounts: dict, scenario: Scenario, ledger: np.ndarray) -> None:
    """The annual plan's figures for each calendar year of the window (`plan_<measure>_y<k>`), from the
    plan's ledger (float[Y, N_PL], one row per plan year, sim.rules.plan); NaN without the plan and for
    a year the window does not reach. Completion (计划完成率) is checks done over checks queued."""
    names = dict.fromkeys(PLAN, math.nan)
    if scenario.config.regimes.annual_plan.enabled:
        years = scenario.plan_years
        for p in np.flatnonzero((years[:, PY_WINDOW_YEAR] >= 0) & (years[:, PY_WINDOW_YEAR] < WINDOW_YEARS)):
            k = int(years[p, PY_WINDOW_YEAR])
            for m, measure in enumerate(PLAN_MEASURES[:-1]):
                names[f"plan_{measure}_y{k + 1}"] = float(ledger[p, m])
            queued = ledger[p, PL_QUEUED]
            names[f"plan_completion_y{k + 1}"] = float(ledger[p, PL_CHECKS_DONE] / queued) if queued else math.nan
    amounts.update(names)


def count_nature(counts: dict, scenario: Scenario, world) -> None:
    """Counts fixed by nature and the config, the same whatever the engine: extreme-weather alerts and
    campaign-phase days in the measured window."""
    starts = world.weather.starts
    counts["weather_alerts"] = int(np.sum((starts >= 0) & (starts < scenario.horizon)))
    counts["campaign_phase_days"] = sum(max(0, min(end, scenario.horizon) - max(start, 0))
                                        for start, end, _ in scenario.phases)


def count_contracts(counts: dict, amounts: dict, scenario: Scenario, world) -> None:
    """What the bureau buys in the measured window, fixed by the config and the world: third-party
    inspector-days and their price, monitored enterprises and their yearly cost."""
    days = scenario.third_party_days[-scenario.calendar.first_day:][: scenario.horizon]
    regimes = scenario.config.regimes
    amounts["third_party_days"] = float(days.sum())
    amounts["third_party_spend"] = amounts["third_party_days"] * regimes.third_party.price_per_day
    monitored = int(world.contracts.monitored.sum())
    counts["monitored_enterprises"] = monitored
    amounts["remote_monitoring_cost"] = (monitored * regimes.remote_monitoring.yearly_cost
                                         * scenario.horizon / 365.25 if regimes.remote_monitoring.enabled else 0.0)


def public_spend(amounts: dict, scenario: Scenario) -> None:
    """What the bureau spends on each lever over the measured window, in yuan (`spend_*`), and the total.

    Written once here so both engines price a run the same way: the cost of a lever and the deaths it
    averts then come from the same runs (docs/model.md, "Costs of the levers"). The inspectors are paid
    whatever they do, so their cost is headcount x years; the headcount is fixed for the run (a campaign
    phase cannot change it). Call after `count_contracts`, which prices the third party and monitoring.
    """
    config = scenario.config
    staff = config.inspectors.count * scenario.horizon / 365.25  # inspector-years in the window
    trained = staff * config.inspectors.professional_share
    amounts["spend_inspectors"] = staff * config.costs.inspector_yearly
    amounts["spend_training"] = trained * config.costs.training_per_inspector / config.costs.training_years
    amounts["spend_rewards"] = amounts["rewards_paid"]
    amounts["spend_third_party"] = amounts["third_party_spend"]
    amounts["spend_remote_monitoring"] = amounts["remote_monitoring_cost"]
    amounts["spend_total"] = sum(amounts[name] for name in SPEND if name != "spend_total")


def window_years(scenario: Scenario) -> int:
    """Number of calendar years the measured window touches."""
    last = scenario.calendar.date(scenario.horizon - 1)
    return last.year - scenario.start.year + 1


def clip_trial_years(amounts: dict, scenario: Scenario) -> None:
    """NaN for the field trial's columns of a follow-up year not wholly inside the measured window, and
    for all of them when there is no trial: a partial year is not a year (docs/model.md §13)."""
    enabled = scenario.config.trial.enabled
    for year in range(YEARS):
        if enabled and scenario.trial_day + (year + 1) * YEAR_DAYS <= scenario.horizon:
            continue
        for measure in range(len(MEASURES)):
            for arm in range(len(ARMS)):
                amounts[TRIAL[trial_slot(measure, arm, year)]] = math.nan
