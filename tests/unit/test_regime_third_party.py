"""third_party (政府购买服务, 第三方深度检查): purchased hours, a rotation, advice without penalty power,
and a targeted government check after every visit with findings."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario
from tests.conftest import no_accidents, no_enforcement

ON = ["regimes.third_party.enabled=true", "regimes.double_random.enabled=false"]
ENGINES = ("simpy", "numba")


def _run(config, engine, seed=3, replications=1, events=False):
    result = sim.simulate(config, engine=engine, replications=replications, seed=seed, progress=False,
                          events=events)
    return result


def test_the_yearly_purchase_is_spread_over_working_days_and_priced(small_config):
    config = small_config(*ON, "horizon_days=1096", "regimes.third_party.inspector_days_per_year=250",
                          "regimes.third_party.price_per_day=2000")
    scenario = compile_scenario(config)
    days = scenario.third_party_days
    working = scenario.calendar.working
    assert (days[~working] == 0).all() and (days[working] > 0).all()
    assert np.allclose(days[working], days[working][0])  # evenly
    reps = _run(config, "simpy").replications.iloc[0]
    # three measured years buy three years' days, to within the working days' year-to-year wobble
    assert reps.third_party_days == pytest.approx(750, rel=0.01)
    assert reps.third_party_spend == pytest.approx(reps.third_party_days * 2000)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_hours_bought_are_the_hours_spent(small_config, engine):
    """Conservation: check hours equal purchased hours, up to one check owed across each window edge."""
    config = small_config(*ON, "regimes.third_party.inspector_days_per_year=300")
    reps = _run(config, engine).replications.iloc[0]
    bought = reps.third_party_days * config.inspectors.hours_per_day
    largest_check = 40.0  # expert check hours at the largest enterprise of this small county
    assert abs(reps.third_party_hours - bought) < 2 * largest_check
    assert reps.third_party_checks > 100


def test_the_rotation_visits_every_operating_firm_of_its_sectors_before_any_twice(small_config):
    config = small_config(*ON, "regimes.third_party.inspector_days_per_year=2000",
                          "regimes.third_party.sectors=[hazardous_chemicals, fireworks]")
    result = _run(config, "simpy", events=True)
    visits = result.events.query("event == 'third_party_check'").sort_values("time")
    scenario = compile_scenario(config)
    world = draw_world(scenario, 3, 0)
    names = np.array(scenario.sectors.names)
    members = set(np.flatnonzero(np.isin(names[world.population.sector], ["hazardous_chemicals", "fireworks"])))
    assert set(world.contracts.rotation) == members
    first_lap = visits.enterprise.to_numpy()[: len(members)]
    assert len(set(first_lap)) == len(first_lap)          # nobody twice in a lap
    assert set(visits.enterprise) <= members               # nobody outside the sectors
    assert len(visits) > 2 * len(members)                  # laps go round


@pytest.mark.parametrize("engine", ENGINES)
def test_findings_have_no_penalty_power_and_queue_one_targeted_check(small_config, engine):
    """With no inspectors, nothing the third party finds is listed or punished, and every visit with
    findings (and only those) asks the authority for a targeted check."""
    config = small_config(*ON, *no_enforcement(), *no_accidents(), "regimes.third_party.inspector_days_per_year=600")
    result = _run(config, engine, events=engine == "simpy")
    reps = result.replications.iloc[0]
    assert reps.third_party_findings > 50 and reps.found_deep_check > 50
    assert reps.penalties == reps.dishonest_marks == reps.inspections == 0
    assert reps.tasks_created_third_party == reps.tasks_created  # the only tasks there are
    assert 0 < reps.tasks_created_third_party < reps.third_party_checks
    assert reps.hazards_found == reps.found_deep_check
    if engine == "simpy":
        visits = result.events.query("event == 'third_party_check'")
        assert (visits.value > 0).sum() == reps.tasks_created_third_party
        assert visits.value.sum() == reps.third_party_findings


@pytest.mark.parametrize("engine", ENGINES)
def test_advice_is_followed_with_the_lower_compliance(small_config, engine):
    """compliance_factor 0: no third-party finding is ever rectified; 1: many are."""
    base = [*ON, *no_enforcement(), *no_accidents(), "regimes.third_party.inspector_days_per_year=600"]
    ignored = _run(small_config(*base, "regimes.third_party.compliance_factor=0"), engine).replications.iloc[0]
    followed = _run(small_config(*base, "regimes.third_party.compliance_factor=1"), engine).replications.iloc[0]
    assert ignored.found_deep_check > 50
    assert ignored.closed_rectified == 0
    assert followed.closed_rectified > 0.3 * followed.found_deep_check


def test_a_targeted_check_follows_and_finds_what_the_advice_left_open(small_config):
    config = small_config(*ON, *no_enforcement(), "inspectors.count=5", "regimes.third_party.compliance_factor=0",
                          "regimes.third_party.inspector_days_per_year=600")
    reps = _run(config, "simpy", replications=2).replications
    assert (reps.inspections_third_party > 0).all()
    assert (reps.found_third_party > 0).all()  # the government finds hazards the advice did not fix
    assert (reps.penalties > 0).all()


def test_switching_it_on_leaves_nature_and_the_other_streams_alone(small_config):
    off = small_config("regimes.double_random.enabled=false")
    on = small_config(*ON)
    a, b = (draw_world(compile_scenario(c), 5, 1) for c in (off, on))
    assert np.array_equal(a.hazards.u_accept, b.hazards.u_accept)
    assert np.array_equal(a.population.quality, b.population.quality)
    assert a.contracts.rotation.size == 0 and b.contracts.rotation.size > 0
