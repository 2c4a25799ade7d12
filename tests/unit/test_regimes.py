"""Each planned regime does what MODEL.md §7 and issue 5 say, in both engines where it is cheap to run both."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.engines.derived import CLOSED_BEFORE_YEAR_END, key_enterprise_coverage
from sim.world.population import draw_population
from sim.world.scenario import compile_scenario
from tests.conftest import PLAN_OFF

AMPLE = ["inspectors.count=40", "inspectors.admin_share=0"]
# the regime under test alone: no double-random checks, no reports, no annual plan
ONLY_PLANS = [PLAN_OFF, "regimes.double_random.enabled=false", "reports.hazard_report_rate=0", "reports.unfounded_rate=0",
              "rectification.failures_to_close=99"]
LEAD = ["regimes.lead_monthly.enabled=true"]


def _run(config, engine="simpy", seed=1, replications=1):
    return sim.simulate(config, engine=engine, replications=replications, seed=seed, progress=False)


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_lead_monthly_does_exactly_l_checks_a_month_when_hours_allow(small_config, engine):
    config = small_config(*AMPLE, *ONLY_PLANS, *LEAD, "regimes.lead_monthly.checks_per_month=4", "warmup_days=0")
    reps = _run(config, engine).replications.iloc[0]
    assert reps.tasks_created_lead_monthly == reps.inspections_lead_monthly == 4 * 12
    assert reps.inspections_expert == 4 * 12 and reps.hours_lead_monthly > 0


def test_lead_monthly_takes_the_riskiest_not_checked_for_a_year(small_config):
    config = small_config(*AMPLE, *ONLY_PLANS, *LEAD, "regimes.lead_monthly.checks_per_month=4", "warmup_days=0")
    result = _run(config)
    population = draw_population(compile_scenario(config), 1, 0)
    lead = result.events[(result.events.event == "inspection") & (result.events.detail == "expert")]
    assert lead.enterprise.is_unique  # nobody twice within the 365-day lookback
    first_month = lead[lead.time < 31].enterprise.to_numpy()
    riskiest = np.argsort(-population.risk_score, kind="stable")[:4]
    assert sorted(first_month) == sorted(riskiest)
    score = population.risk_score[lead.enterprise.to_numpy()]
    assert (np.diff(score) <= 0).all()  # month by month down the risk ranking


def test_lead_monthly_does_fewer_when_starved_and_keeps_the_risk_order(small_config):
    config = small_config(*ONLY_PLANS, *LEAD, "inspectors.count=1", "regimes.lead_monthly.checks_per_month=20",
                          "inspectors.max_wait.expert=20", "warmup_days=0", "self_inspection.quarterly_enabled=false")
    result = _run(config)
    reps = result.replications.iloc[0]
    assert 0 < reps.inspections_lead_monthly < 20 * 12 and reps.tasks_expired > 0
    population = draw_population(compile_scenario(config), 1, 0)
    lead = result.events[(result.events.event == "inspection") & (result.events.detail == "expert")]
    month = np.searchsorted(np.cumsum([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]), lead.time, side="right")
    for _, done in lead.groupby(month):
        assert 0 < len(done) < 20
        assert (np.diff(population.risk_score[done.enterprise.to_numpy()]) <= 0).all()  # riskiest first


def _tier_counts(config) -> np.ndarray:
    return np.bincount(draw_population(compile_scenario(config), 1, 0).risk_tier, minlength=4)


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_risk_based_reaches_full_coverage_of_key_enterprises_when_capacity_suffices(small_config, engine):
    config = small_config(*AMPLE, *ONLY_PLANS, "regimes.risk_based.enabled=true", "warmup_days=0",
                          "regimes.risk_based.frequency.yellow=0", "regimes.risk_based.frequency.blue=0")
    reps = _run(config, engine).replications.iloc[0]
    tiers = _tier_counts(config)
    planned = 2 * tiers[0] + 1 * tiers[1]
    assert tiers[0] + tiers[1] > 10
    assert 0.97 * planned <= reps.tasks_created_risk_based <= planned  # suspended firms skip a month
    assert reps.inspections_risk_based == reps.tasks_created_risk_based
    assert reps.key_enterprise_coverage == 1.0


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_a_closed_key_enterprise_leaves_the_coverage_instead_of_lowering_it(small_config, engine):
    plans = [p for p in ONLY_PLANS if not p.startswith("rectification.failures_to_close")]
    config = small_config(*AMPLE, *plans, "regimes.risk_based.enabled=true", "warmup_days=0", "horizon_days=730",
                          "rectification.failures_to_close=1", "rectification.compliance_base=0.2",
                          "regimes.risk_based.frequency.red=4", "regimes.risk_based.frequency.orange=4")
    reps = _run(config, engine, replications=2).replications
    assert (reps.closures > 0).all()  # some firms closed, red and orange among them or not
    assert (reps.key_enterprise_coverage == 1.0).all()


def test_key_enterprise_coverage_counts_the_firms_on_the_register_at_each_years_end():
    closed = CLOSED_BEFORE_YEAR_END
    visits = np.array([[1, 1], [0, 1], [1, closed], [closed, closed], [0, 0]], dtype=np.int8)
    key = np.array([True, True, True, True, False])
    # year 0: 2 of the 3 firms on the register visited; year 1: both firms left on it visited
    assert key_enterprise_coverage(visits, key) == pytest.approx((2 / 3 + 2 / 2) / 2)
    assert np.isnan(key_enterprise_coverage(visits, np.zeros(5, dtype=bool)))


def test_risk_based_reports_the_shortfall_when_capacity_does_not_suffice(small_config):
    config = small_config(*ONLY_PLANS, "regimes.risk_based.enabled=true", "inspectors.count=1",
                          "regimes.risk_based.frequency.red=12", "regimes.risk_based.frequency.orange=12",
                          "regimes.risk_based.frequency.yellow=6", "regimes.risk_based.frequency.blue=6")
    reps = _run(config).replications.iloc[0]
    assert reps.inspections_risk_based < 0.5 * reps.tasks_created_risk_based
    assert reps.plan_completion_risk_based == pytest.approx(
        reps.inspections_risk_based / reps.tasks_created_risk_based)
    assert reps.tasks_expired > 0


def test_a_firm_planned_as_often_by_risk_and_by_credit_gets_its_two_checks_half_a_cycle_apart(small_config):
    once_a_year = [f"regimes.risk_based.frequency.{tier}=1" for tier in ("red", "orange", "yellow", "blue")]
    config = small_config(*AMPLE, *ONLY_PLANS, "regimes.risk_based.enabled=true", "regimes.credit_based.enabled=true",
                          *once_a_year, "regimes.credit_based.base_frequency=1", "regimes.credit_based.multipliers.good=1",
                          "regimes.credit_based.multipliers.normal=1", "regimes.credit_based.multipliers.dishonest=1",
                          "warmup_days=0", "horizon_days=730")
    events = _run(config).events
    # an accident's investigation or a penalty re-rates the firm (risk tier, credit), which may bring a
    # plan's check forward: the firms with none keep both plans' accounts as they started
    rerated = events[(events.event.isin(["penalty", "suspension"])) | (events.detail == "investigation")].enterprise
    targeted = events[(events.event == "inspection") & (events.detail == "targeted")
                      & ~events.enterprise.isin(rerated)]
    gaps = targeted.sort_values("time").groupby("enterprise").time.diff().dropna()
    assert len(gaps) > 250 * 2  # most firms are never re-rated, and checked about four times in two years
    # accounts half a check apart: the two plans' checks alternate about six months apart, never together
    assert 175 <= gaps.median() <= 190 and gaps.min() > 90


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_credit_based_checks_dishonest_firms_more_often(small_config, engine):
    config = small_config(*AMPLE, *ONLY_PLANS, "regimes.credit_based.enabled=true", "warmup_days=0",
                          "regimes.credit_based.base_frequency=1", "regimes.credit_based.multipliers.good=0",
                          "regimes.credit_based.multipliers.normal=1")
    result = _run(config, engine, replications=2)
    reps = result.replications
    population = draw_population(compile_scenario(config), 1, 0)
    normal = int((~population.good_credit).sum())
    # good-credit firms get none (绿色通道); the others once a year, more once marked dishonest
    assert (reps.tasks_created_credit_based >= 0.97 * normal).all()
    assert (reps.tasks_created_credit_based <= normal + 2 * reps.dishonest_marks + 1).all()
    off = _run(small_config(*AMPLE, *ONLY_PLANS, "warmup_days=0"), engine, replications=2).replications
    assert (off.tasks_created_credit_based == 0).all()
