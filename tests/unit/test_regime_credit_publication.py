"""credit_based's published list (失信/黑名单 公示): when it is published, what the plan reads, what it deters."""

from __future__ import annotations

import pytest

import sim
from sim.engines.simpy.engine import County, Enterprise, Inspectorate
from sim.engines.simpy.regimes import plan_month
from sim.rules.rectification import DISHONEST, NORMAL
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario

ON = ["regimes.credit_based.enabled=true", "regimes.double_random.enabled=false"]


def _county(config):
    scenario = compile_scenario(config)
    county = County(scenario, draw_world(scenario, 0, 0), 0, 0, log_events=False)
    county.enterprises = [Enterprise(county, i) for i in range(county.population.size)]
    county.inspectorate = Inspectorate(county)
    return county


@pytest.mark.parametrize(("every", "expected"), [(3, 4), (1, 12), (12, 1), (5, 3)])
@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_the_list_is_published_every_k_months_counted_from_the_start_month(small_config, engine, every, expected):
    """2020 measured from January: every 3 months is Jan, Apr, Jul, Oct; every 5 is Jan, Jun, Nov."""
    config = small_config(*ON, f"regimes.credit_based.blacklist_publication_months={every}")
    reps = sim.simulate(config, engine=engine, seed=1, progress=False).replications
    assert reps.credit_publications.iloc[0] == expected


def test_the_plan_reads_the_published_status_not_the_current_one(small_config):
    config = small_config(*ON, "regimes.credit_based.base_frequency=1.2", "regimes.credit_based.multipliers.normal=1",
                          "regimes.credit_based.multipliers.dishonest=3")
    county = _county(config)
    ent = next(e for e in county.enterprises if e.credit == NORMAL)
    ent.credit = DISHONEST  # marked between publications
    before = ent.plan_credit
    plan_month(county, 0.0, publishes=False)
    assert ent.plan_credit % 1.0 == pytest.approx((before + 1.2 / 12) % 1.0)  # still the normal frequency
    assert county.recorder.counts["credit_newly_listed"] == 0
    pressure = county.pressure[ent.sector]
    middle = ent.plan_credit
    plan_month(county, 31.0, publishes=True)
    assert ent.published_credit == DISHONEST
    assert ent.plan_credit % 1.0 == pytest.approx((middle + 3.6 / 12) % 1.0)  # now the dishonest one
    assert county.recorder.counts["credit_newly_listed"] == 1
    assert county.pressure[ent.sector] > pressure  # the publication deters the sector's other firms
    plan_month(county, 60.0, publishes=True)
    assert county.recorder.counts["credit_newly_listed"] == 1  # listed once, not at every publication


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_newly_listed_firms_come_from_marks_and_closures(small_config, engine):
    config = small_config(*ON, "rectification.compliance_base=0.3", "rectification.p_mark_found=1",
                          "inspectors.count=8", "regimes.credit_based.base_frequency=2", "warmup_days=0")
    reps = sim.simulate(config, engine=engine, replications=3, seed=2, progress=False).replications
    assert (reps.credit_newly_listed > 0).all()
    # with no warm-up every listing needs a mark or a closure in the window (some are repaired unpublished)
    assert (reps.credit_newly_listed <= reps.dishonest_marks + reps.closures).all()
