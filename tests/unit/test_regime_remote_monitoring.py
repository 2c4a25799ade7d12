"""remote_monitoring (远程监管, 在线监测): who is connected, when alarms ring, what they cost."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import sim
from sim.config.model_schema import SECTORS
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario
from tests.conftest import no_accidents, no_enforcement

ON = ["regimes.remote_monitoring.enabled=true", "regimes.double_random.enabled=false"]
ENGINES = ("simpy", "numba")
# A county of chemical plants whose hazards are all major and never close by themselves: only the
# alarms find them, so the time to an alarm is the regime's Exp(m) clock, uncensored.
ONLY_CHEMICALS = [f"population.sector_shares.{s}={float(s == 'hazardous_chemicals')}" for s in SECTORS]
ALARMS_ONLY = [*ON, *no_enforcement(), *no_accidents(), *ONLY_CHEMICALS,
               "sectors.hazardous_chemicals.p_major=1.0", "hazards.natural_closure_rate=0",
               "regimes.remote_monitoring.sectors=[hazardous_chemicals]", "population.enterprises=150"]


def _run(config, engine, seed=4, replications=1, events=False):
    return sim.simulate(config, engine=engine, replications=replications, seed=seed, progress=False, events=events)


def test_the_monitored_share_of_the_named_sectors_is_connected_and_costed(small_config):
    config = small_config(*ON, "regimes.remote_monitoring.monitored_share=0.5",
                          "regimes.remote_monitoring.sectors=[industry_trade]",
                          "regimes.remote_monitoring.yearly_cost=10000")
    scenario = compile_scenario(config)
    world = draw_world(scenario, 4, 0)
    names = np.array(scenario.sectors.names)
    in_sector = names[world.population.sector] == "industry_trade"
    monitored = world.contracts.monitored
    assert not monitored[~in_sector].any()
    assert stats.binomtest(int(monitored.sum()), int(in_sector.sum()), 0.5).pvalue > 1e-3
    reps = _run(config, "simpy").replications.iloc[0]
    assert reps.monitored_enterprises == monitored.sum()
    assert reps.remote_monitoring_cost == pytest.approx(monitored.sum() * 10000 * config.horizon_days / 365.25)


@pytest.mark.parametrize("engine", ENGINES)
def test_with_an_instant_alarm_every_major_hazard_is_known_at_once(small_config, engine):
    config = small_config(*ALARMS_ONLY, "regimes.remote_monitoring.detection_rate=1e6")
    reps = _run(config, engine).replications.iloc[0]
    assert reps.major_hazards_created > 30
    assert reps.found_monitoring == reps.monitoring_alarms == reps.major_hazards_created
    assert reps.mean_days_to_find < 1e-3
    assert reps.penalties == reps.found_monitoring  # listed and fined as if an inspector had found them


def test_the_time_to_an_alarm_is_exponential_with_rate_m(small_config):
    m = 0.08
    config = small_config(*ALARMS_ONLY, f"regimes.remote_monitoring.detection_rate={m}", "horizon_days=730")
    events = _run(config, "simpy", events=True).events
    created = events.query("event == 'hazard_created'").set_index("hazard").time
    alarms = events.query("event == 'monitoring_alarm'").set_index("hazard").time
    # hazards created in the first year: their alarms ring in the window but for a tail of e^{-365 m}
    early = created[created < 365]
    waits = (alarms.reindex(early.index) - early).dropna().to_numpy()
    assert len(early) > 100 and len(waits) == len(early)
    assert stats.kstest(waits, stats.expon(scale=1 / m).cdf).pvalue > 1e-3


@pytest.mark.parametrize("engine", ENGINES)
def test_mean_days_to_find_is_one_over_m(small_config, engine):
    m = 0.1
    config = small_config(*ALARMS_ONLY, f"regimes.remote_monitoring.detection_rate={m}", "horizon_days=730")
    reps = _run(config, engine, replications=3).replications
    assert (reps.hazards_found == reps.found_monitoring).all()
    assert reps.mean_days_to_find.mean() == pytest.approx(1 / m, rel=0.15)


@pytest.mark.parametrize("engine", ENGINES)
def test_general_hazards_raise_no_alarm_until_they_escalate(small_config, engine):
    base = [*ALARMS_ONLY, "sectors.hazardous_chemicals.p_major=0", "regimes.remote_monitoring.detection_rate=1e6"]
    quiet = _run(small_config(*base), engine).replications.iloc[0]
    assert quiet.hazards_created > 100 and quiet.monitoring_alarms == 0
    loud = _run(small_config(*base, "hazards.escalation_rate=0.01"), engine).replications.iloc[0]
    assert loud.hazards_escalated > 20
    assert loud.monitoring_alarms == loud.hazards_escalated


def test_unmonitored_firms_and_a_zero_share_raise_nothing(small_config):
    for extra in (["regimes.remote_monitoring.monitored_share=0"],
                  ["regimes.remote_monitoring.sectors=[road_transport]"]):
        reps = _run(small_config(*ALARMS_ONLY[:-2], "regimes.remote_monitoring.detection_rate=1", *extra),
                    "simpy").replications.iloc[0]
        assert reps.monitoring_alarms == reps.found_monitoring == reps.monitored_enterprises == 0
        assert reps.remote_monitoring_cost == 0


def test_its_draws_come_from_their_own_stream(small_config):
    off, on = small_config(), small_config(*ON)
    a, b = (draw_world(compile_scenario(c), 6, 2) for c in (off, on))
    assert np.array_equal(a.hazards.exposure, b.hazards.exposure)
    assert np.array_equal(a.population.workers, b.population.workers)
    assert a.contracts.alarm.size == 0 and b.contracts.alarm.size == a.hazards.time.size
