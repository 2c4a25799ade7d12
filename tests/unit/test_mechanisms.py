"""Each mechanism of the reference engine does what MODEL.md says, seen through results and the event log."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim.world.population import draw_population
from sim.world.scenario import compile_scenario
from tests.conftest import PLAN_OFF, all_sectors

AMPLE = ["inspectors.count=40", "inspectors.admin_share=0"]


def _run(config, seed=1, replications=1):
    return sim.simulate(config, replications=replications, seed=seed, progress=False)


def _hazard_classes(log: pd.DataFrame) -> pd.Series:
    """Class of each hazard created in the window, as plain strings (missing for warm-up hazards)."""
    return log[log.event == "hazard_created"].set_index("hazard")["detail"].astype(object)


def test_double_random_checks_the_sampled_share_each_period(small_config):
    config = small_config(*AMPLE, "regimes.double_random.sampling_fraction=0.2", "rectification.failures_to_close=99",
                          "warmup_days=0")
    result = _run(config)
    periods = 4  # 365 days, quarterly periods from 1 January
    assert result.replications.inspections_double_random.iloc[0] == periods * round(0.2 * 300)
    checks = result.events[(result.events.event == "inspection") & (result.events.detail == "double_random")]
    assert checks.value.nunique() == 40  # a random inspector for each, so all of them take part
    per_period = checks.groupby(np.digitize(checks.time, [91, 182, 274])).enterprise.nunique()
    assert (per_period == 60).all()  # distinct enterprises within a period


def test_starved_capacity_expires_tasks_and_fills_the_day(small_config):
    result = _run(small_config("inspectors.count=1", "regimes.double_random.sampling_fraction=1"))
    reps = result.replications.iloc[0]
    assert reps.tasks_expired > 100
    assert reps.inspector_utilization > 0.95
    ample = _run(small_config(*AMPLE)).replications.iloc[0]
    assert ample.tasks_expired < reps.tasks_expired and ample.inspector_utilization < 0.5


def test_territorial_dispatch_keeps_each_firm_with_its_inspector(small_config):
    config = small_config("inspectors.dispatch=territorial", "regimes.double_random.enabled=false",
                          "reports.hazard_report_rate=0.01")
    log = _run(config, seed=2).events
    owner = draw_population(compile_scenario(config), 2, 0).owner
    checks = log[(log.event == "inspection") & ~log.detail.isin(["investigation", "double_random"])]
    assert len(checks) > 50
    assert (checks.value.astype(int).to_numpy() == owner[checks.enterprise.to_numpy()]).all()
    pooled = _run(small_config("regimes.double_random.enabled=false", "reports.hazard_report_rate=0.01"), seed=2).events
    pooled_checks = pooled[(pooled.event == "inspection") & ~pooled.detail.isin(["investigation", "double_random"])]
    assert (pooled_checks.value.astype(int).to_numpy() != owner[pooled_checks.enterprise.to_numpy()]).any()


def test_announced_checks_find_fewer_general_hazards(small_config):
    unannounced = _run(small_config("inspectors.announced_share=0"), replications=3).replications
    announced = _run(small_config("inspectors.announced_share=1"), replications=3).replications
    assert announced.found_inspection.sum() < 0.85 * unannounced.found_inspection.sum()


def test_professional_inspectors_find_more(small_config):
    trained = _run(small_config("inspectors.professional_share=1"), replications=3).replications
    untrained = _run(small_config("inspectors.professional_share=0"), replications=3).replications
    assert trained.found_inspection.sum() > 1.3 * untrained.found_inspection.sum()


def test_monthly_self_inspection_finds_more_than_quarterly_alone(small_config):
    quarterly = _run(small_config()).replications.iloc[0]
    monthly = _run(small_config("self_inspection.monthly_enabled=true")).replications.iloc[0]
    assert monthly.found_self > 1.3 * quarterly.found_self
    log = _run(small_config("self_inspection.monthly_enabled=false", "self_inspection.quarterly_enabled=true",
                            "warmup_days=0")).events
    months = pd.to_datetime("2020-01-01") + pd.to_timedelta(log[log.detail == "self"].time, unit="D")
    assert set(months.dt.month) <= {1, 4, 7, 10}


def test_major_hazards_are_punished_when_found_by_the_authority_not_when_self_reported(small_config):
    """从严从重 for inspection finds, 不予处罚 for self-reported ones under rectification."""
    config = small_config(*AMPLE, "self_inspection.report_major_base=1", "rectification.compliance_base=1",
                          "rectification.compliance_quality_slope=0", "reports.hazard_report_rate=0.002",
                          "warmup_days=0")
    result = _run(config, replications=2)
    reps = result.replications
    assert reps.self_reported_major.sum() > 0
    authority = []
    for _, log in result.events.groupby("replication"):
        classes = _hazard_classes(log)
        found = log[(log.event == "hazard_found") & (log.detail != "self")]
        authority.append(int((classes.reindex(found.hazard).to_numpy() == "major").sum()))
    # every penalty is a major hazard found by the authority or a fatal accident; failed follow-ups cannot happen
    assert (reps.followups_failed == 0).all()
    assert (reps.penalties.to_numpy() <= np.array(authority) + reps.fatal_accidents.to_numpy()).all()
    assert (reps.penalties.to_numpy() >= reps.fatal_accidents.to_numpy()).all()
    never_report = _run(small_config(*AMPLE, "self_inspection.report_major_base=0",
                                     "self_inspection.report_major_quality_slope=0"), replications=2).replications
    assert (never_report.self_reported_major == 0).all()


def test_on_spot_fixes_close_general_hazards_at_once(small_config):
    log = _run(small_config(*AMPLE, "rectification.p_on_spot=1", "warmup_days=0")).events
    classes = _hazard_classes(log)
    found = log[(log.event == "hazard_found") & (log.detail != "self")]
    general = found[classes.reindex(found.hazard).to_numpy() == "general"]
    closed = log[log.event == "hazard_closed"].set_index("hazard")
    assert len(general) > 50
    on_spot = closed.reindex(general.hazard)
    assert (on_spot.detail == "on_spot").mean() > 0.95  # the rest had been found by the firm itself first
    assert np.allclose(on_spot[on_spot.detail == "on_spot"].time.to_numpy(),
                       general.set_index("hazard").loc[on_spot[on_spot.detail == "on_spot"].index].time.to_numpy())


def test_failed_followups_suspend_then_close_repeat_offenders(small_config):
    config = small_config(*AMPLE, "rectification.compliance_base=0", "rectification.compliance_quality_slope=0",
                          "rectification.failures_to_close=2", "horizon_days=730", "sectors.industry_trade.p_major=0.3")
    result = _run(config, seed=3)
    reps, log = result.replications.iloc[0], result.events
    assert reps.followups_failed > 0 and reps.suspensions > 0 and reps.closures > 0
    closures = log[log.event == "closure"].groupby("enterprise").time.min()
    for ent, t in closures.items():
        after = log[(log.enterprise == ent) & (log.time > t)]
        assert not after.event.isin(["hazard_created", "accident"]).any()
    suspensions = log[log.event.isin(["suspension", "resumption", "closure"])].sort_values("time")
    for ent, events in suspensions.groupby("enterprise"):
        start = None
        for _, e in events.iterrows():
            if e.event == "suspension":
                start = e.time
            elif start is not None:
                inside = log[(log.enterprise == ent) & (log.time > start) & (log.time < e.time)]
                assert not inside.event.isin(["hazard_created", "accident"]).any()
                if e.event == "resumption":
                    assert e.time - start >= config.rectification.min_suspension_days - 1e-9
                start = None


def test_every_accident_is_investigated_and_reviewed_a_year_later(small_config):
    config = small_config(*AMPLE, "warmup_days=0", "horizon_days=730", "regimes.double_random.enabled=false",
                          PLAN_OFF, "sectors.industry_trade.accident_rate_general=0.001")  # the plan's checks are targeted too
    result = _run(config, seed=4)
    log, reps = result.events, result.replications.iloc[0]
    assert reps.accidents > 20
    assert reps.inspections_investigation == reps.accidents - reps.tasks_pending_end
    investigations = log[(log.event == "inspection") & (log.detail == "investigation")]
    reviews = log[(log.event == "inspection") & (log.detail == "targeted")]
    due = investigations.time + config.rectification.review_delay_days
    # a review falls due a year after each investigation and is done on a working day soon after
    assert int((due < config.horizon_days - 10).sum()) <= len(reviews) <= int((due < config.horizon_days).sum())
    for _, review in reviews.iterrows():
        earlier = investigations[investigations.enterprise == review.enterprise].time
        assert (earlier <= review.time - 365).any()


def test_dishonest_marks_are_lifted_after_the_repair_period(small_config):
    config = small_config(*AMPLE, "rectification.p_mark_found=1", "rectification.credit_repair_days=60",
                          "horizon_days=730")
    log = _run(config, seed=5).events
    credit = log[log.event == "credit"]
    marks, repairs = credit[credit.detail == "dishonest"], credit[credit.detail == "repaired"]
    assert len(repairs) > 10
    # a repair in the window's first 60 days lifts a mark of the warm-up, which the log does not hold
    for _, repair in repairs[repairs.time >= 60].iterrows():
        mine = marks[(marks.enterprise == repair.enterprise) & (marks.time < repair.time)]
        assert abs(repair.time - mine.time.max() - 60) < 1e-9  # 60 days after the last mark, none in between


def test_general_and_specific_deterrence_lower_hazard_creation(small_config):
    """Common random numbers: the same candidate hazards, thinned harder under deterrence."""
    none = _run(small_config("deterrence.general_max=0", "deterrence.specific_strength=0"), replications=2)
    general = _run(small_config("deterrence.general_max=0.6", "deterrence.specific_strength=0"), replications=2)
    specific = _run(small_config("deterrence.general_max=0", "deterrence.specific_strength=1"), replications=2)
    base = none.replications.hazards_created
    assert (general.replications.hazards_created < 0.8 * base).all()
    assert (specific.replications.hazards_created < base).all()


def test_publicity_strengthens_general_deterrence(small_config):
    quiet = _run(small_config("deterrence.publicity=0"), replications=2).replications
    public = _run(small_config("deterrence.publicity=3"), replications=2).replications
    assert (public.hazards_created < quiet.hazards_created).all()


def test_rewards_raise_reports_and_are_paid_for_valid_ones(small_config):
    none = _run(small_config(), replications=2).replications
    rewarded = _run(small_config("regimes.whistleblower.enabled=true"), replications=2).replications
    assert (none.rewards_paid == 0).all()
    assert (rewarded.reports > none.reports).all() and (rewarded.reports_valid > none.reports_valid).all()
    assert (rewarded.rewards_paid >= 3000 * rewarded.reports_valid).all()


def test_escalation_turns_general_hazards_major(small_config):
    assert _run(small_config("hazards.escalation_rate=0")).replications.hazards_escalated.iloc[0] == 0
    assert _run(small_config("hazards.escalation_rate=0.005")).replications.hazards_escalated.iloc[0] > 20


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_an_escalated_hazard_is_reported_for_the_major_hazard_reward(small_config, engine):
    """Only a major hazard's reward moves anyone to report (g(0) = 0, no reward for general ones), and
    every hazard is born general: reports come only from hazards that escalated, at the major rate."""
    only_major = ["reports.no_reward_propensity=0", "reports.unfounded_rate=0", "reports.hazard_report_rate=0.01",
                  "regimes.whistleblower.enabled=true", "regimes.whistleblower.reward_general=0",
                  *all_sectors("p_major", 0)]
    def run(rate):
        return sim.simulate(small_config(*only_major, f"hazards.escalation_rate={rate}"), engine=engine,
                            replications=1, seed=3, progress=False).replications.iloc[0]
    assert run(0).reports == 0
    escalated = run(0.01)
    assert escalated.hazards_escalated > 100 and escalated.reports > 20
