"""The SimPy reference engine: one replication of the model, agents and an event log."""

from __future__ import annotations

import numpy as np

from sim.engines.derived import (
    clip_trial_years,
    count_contracts,
    count_nature,
    derive_amounts,
    plan_amounts,
    public_spend,
)
from sim.engines.simpy.enterprise import Enterprise
from sim.engines.simpy.inspectorate import Inspectorate
from sim.engines.simpy.model import County
from sim.engines.simpy.regimes import (
    accidents_elsewhere,
    annual_plan_years,
    campaign_phases,
    double_random,
    key_period_surges,
    monthly_plans,
    third_party_checks,
    trial_checks,
)
from sim.results_schema import ReplicationOutput
from sim.streams import replication_seed
from sim.world.replication import ReplicationWorld, draw_world
from sim.world.scenario import Scenario


def run_replication(scenario: Scenario, seed: int, replication: int, log_events: bool = False,
                    world: ReplicationWorld | None = None) -> ReplicationOutput:
    """Simulate replication `replication` of `scenario` from root `seed`.

    `world`, when given, is the replication's world as `draw_world(scenario, seed, replication)` would
    draw it (in a sweep, parts of it shared with other cells: `sim.world.replication.draw_parts`); the
    run reads it and never writes into it, so it can serve another run.
    """
    world = draw_world(scenario, seed, replication) if world is None else world  # read, never written
    county = County(scenario, world, seed, replication, log_events)
    county.enterprises = [Enterprise(county, i) for i in range(world.population.size)]
    county.inspectorate = Inspectorate(county)
    campaign_phases(county)  # first: a phase switch precedes everything else at its time
    regimes = scenario.config.regimes
    if regimes.annual_plan.enabled:
        annual_plan_years(county)  # then the year's plan, before the sampling and the monthly plans read it
    for enterprise in county.enterprises:
        enterprise.start()
    env = county.env
    env.process(county.inspectorate.run())
    if regimes.double_random.enabled:
        env.process(double_random(county))
    if any(r.lead_monthly.enabled or r.risk_based.enabled or r.credit_based.enabled or r.annual_plan.enabled
           for r in [regimes, *(config.regimes for _, _, config in scenario.phases)]):
        env.process(monthly_plans(county))
    if regimes.accident_triggered.enabled:
        env.process(accidents_elsewhere(county))
    if regimes.key_periods.enabled:
        env.process(key_period_surges(county))
    if regimes.third_party.enabled and world.contracts.rotation.size:
        env.process(third_party_checks(county))
    if scenario.config.trial.enabled:
        env.process(trial_checks(county))
    env.process(_snapshots(county))
    env.run(until=scenario.horizon)
    for enterprise in county.enterprises:  # the exposure of hazards still open, up to the horizon
        for hazard in enterprise.open.values():
            hazard.sync(scenario.horizon)
    county.inspectorate.finish(scenario.horizon)
    return _output(county, world, seed, replication)


def _open_counts(county) -> tuple[int, int]:
    total = major = 0
    for enterprise in county.enterprises:
        total += len(enterprise.open)
        major += sum(1 for h in enterprise.open.values() if h.major)
    return total, major


def _snapshots(county):
    """Open hazards at day 0 and at the end of every month of the measured window."""
    env, scenario, rec = county.env, county.scenario, county.recorder
    yield env.timeout(0.0 - env.now)
    rec.counts["hazards_open_start"], rec.counts["major_hazards_open_start"] = _open_counts(county)
    cal = scenario.calendar
    ends = [int(d) + cal.first_day for d in np.flatnonzero(cal.day_of_month == 1) if d + cal.first_day > 0]
    ends.append(scenario.horizon)
    for m, end in enumerate(ends[: scenario.n_months]):
        # just before midnight that ends the month; a last snapshot at the horizon is taken after the run
        if end >= scenario.horizon:
            break
        yield env.timeout(end - env.now)
        rec.monthly["open_hazards"][m], rec.monthly["open_major_hazards"][m] = _open_counts(county)


def _output(county, world, seed: int, replication: int) -> ReplicationOutput:
    scenario, rec = county.scenario, county.recorder
    counts, amounts = rec.counts, rec.amounts
    count_nature(counts, scenario, world)
    total, major = _open_counts(county)
    counts["hazards_open_end"], counts["major_hazards_open_end"] = total, major
    rec.monthly["open_hazards"][-1], rec.monthly["open_major_hazards"][-1] = total, major
    derive_amounts(counts, amounts, scenario, county.population, rec.find_days, rec.close_days, rec.found_closed,
                   county.inspectorate.hours_available, county.key_visits, rec.verify_wait)
    count_contracts(counts, amounts, scenario, world)
    public_spend(amounts, scenario)
    plan_amounts(amounts, scenario, county.plan)
    clip_trial_years(amounts, scenario)
    return ReplicationOutput(replication, replication_seed(seed, replication), dict(counts), dict(amounts),
                             {k: v.copy() for k, v in rec.monthly.items()}, rec.events)
