"""accident_triggered (事故防范检查, 举一反三): what sets it off, and which checks follow."""

from __future__ import annotations

import math

import numpy as np
import pytest

import sim
from sim.engines.simpy.engine import County, Enterprise, Inspectorate
from sim.engines.simpy.regimes import same_sector_checks
from sim.rules.dispatch import FROM_ACCIDENT_TRIGGERED, SOURCES, TARGETED
from sim.world.external import draw_outside_accidents
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario

ON = ["regimes.accident_triggered.enabled=true", "regimes.double_random.enabled=false"]


def _run(config, engine, seed=2, replications=1):
    return sim.simulate(config, engine=engine, replications=replications, seed=seed, progress=False).replications


def _county(config, seed=0):
    scenario = compile_scenario(config)
    county = County(scenario, draw_world(scenario, seed, 0), seed, 0, log_events=False)
    county.enterprises = [Enterprise(county, i) for i in range(county.population.size)]
    county.inspectorate = Inspectorate(county)
    return county


def test_checks_go_to_m_operating_firms_of_the_sector_due_within_d_days(small_config):
    config = small_config(*ON, "regimes.accident_triggered.checks=7", "regimes.accident_triggered.within_days=12.5")
    county = _county(config)
    sector = int(np.argmax(county.scenario.sectors.counts))
    members = [e for e in county.enterprises if e.sector == sector]
    members[1].state = 1  # suspended: not checked
    now = county.env.now
    same_sector_checks(county, sector, members[0].index, now)
    tasks = list(county.inspectorate.queue.remaining())
    assert len(tasks) == 7
    chosen = {t.enterprise.index for t in tasks}
    assert len(chosen) == 7 and members[0].index not in chosen and members[1].index not in chosen
    assert all(t.enterprise.sector == sector and t.kind == TARGETED for t in tasks)
    assert all(t.source == FROM_ACCIDENT_TRIGGERED and t.deadline == now + 12.5 for t in tasks)
    assert SOURCES[FROM_ACCIDENT_TRIGGERED] == "accident_triggered"


def test_a_small_sector_gets_every_operating_firm_once(small_config):
    config = small_config(*ON, "regimes.accident_triggered.checks=100000")
    county = _county(config)
    sector = int(np.argmin(county.scenario.sectors.counts))
    same_sector_checks(county, sector, -1, county.env.now)
    chosen = [t.enterprise.index for t in county.inspectorate.queue.remaining()]
    assert sorted(chosen) == [e.index for e in county.enterprises if e.sector == sector]


def test_outside_accidents_are_a_poisson_stream_per_sector(small_config):
    config = small_config(*ON, "regimes.accident_triggered.outside_major_per_year=5", "horizon_days=730",
                          "warmup_days=0")
    scenario = compile_scenario(config)
    n = np.array([draw_outside_accidents(scenario, 0, r).time.shape[0] for r in range(400)])
    sectors = len(scenario.sectors.names)
    mean = 5 * sectors * 730 / 365.25
    assert abs(n.mean() - mean) < 4 * math.sqrt(mean / n.size)
    assert abs(n.var() / n.mean() - 1.0) < 0.2  # Poisson: variance equals the mean
    one = draw_outside_accidents(scenario, 0, 0)
    assert (np.diff(one.time) >= 0).all() and ((0 <= one.time) & (one.time < 730)).all()
    off = compile_scenario(small_config("regimes.accident_triggered.outside_major_per_year=5"))
    assert draw_outside_accidents(off, 0, 0).time.size == 0  # regime off: no draws


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_every_trigger_asks_for_m_checks_and_only_triggers_do(small_config, engine):
    m = 5
    config = small_config(*ON, f"regimes.accident_triggered.checks={m}", "regimes.accident_triggered.min_deaths=1",
                          "regimes.accident_triggered.outside_major_per_year=3")
    reps = _run(config, engine).iloc[0]
    triggers = reps.accident_triggers_local + reps.accident_triggers_outside
    assert reps.accident_triggers_outside > 0 and reps.accident_triggers_local == reps.fatal_accidents
    assert reps.tasks_created_accident_triggered == m * triggers
    assert 0 < reps.inspections_accident_triggered and reps.found_accident_triggered > 0
    scenario = compile_scenario(config)
    outside = draw_outside_accidents(scenario, 2, 0)
    assert reps.accident_triggers_outside == ((outside.time >= 0) & (outside.time < scenario.horizon)).sum()


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_no_checks_below_the_class_and_without_outside_accidents(small_config, engine):
    config = small_config(*ON, "regimes.accident_triggered.min_deaths=1000",
                          "regimes.accident_triggered.outside_major_per_year=0")
    reps = _run(config, engine).iloc[0]
    assert reps.accidents > 0
    assert reps.accident_triggers_local == reps.accident_triggers_outside == 0
    assert reps.tasks_created_accident_triggered == reps.inspections_accident_triggered == 0


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_checks_not_done_within_d_days_expire(small_config, engine):
    config = small_config(*ON, "regimes.accident_triggered.within_days=0", "inspectors.count=1",
                          "regimes.accident_triggered.outside_major_per_year=20", "regimes.accident_triggered.checks=30")
    reps = _run(config, engine).iloc[0]
    assert reps.tasks_created_accident_triggered > 0
    assert reps.plan_completion_accident_triggered < 0.5 and reps.tasks_expired > 0
