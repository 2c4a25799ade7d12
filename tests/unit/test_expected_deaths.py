"""Expected deaths and 较大及以上 accidents: the compensators of deaths and serious accidents.

An accident of a hazard of sector s and class c kills D = `deaths_of_accident(u_fatal, u_deaths, ...)`,
whose two uniforms belong to the hazard alone and are drawn before anything happens to it, so given
the past, an accident at time t kills p_fatal[s, c] ζ(a_s) on average and is 较大 or worse with
chance p_fatal[s, c] 3^-a_s (`sim.rules.hazards`). Weighting each open hazard's accident rate by
these, over the days it is exposed, gives `expected_deaths` and `expected_serious_accidents`, whose
means equal those of `deaths` and `serious_accidents`: the closed forms are checked against a Monte
Carlo of `deaths_of_accident` itself, the engines' sums against the counts (paired by replication),
and in the SimPy engine against the event log, which shares nothing with the engine's bookkeeping.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

import sim
from sim.rules.hazards import (
    deaths_of_accident,
    expected_per_hazard_day,
    fatality_mean,
    mean_deaths_of_accident,
    serious_share_of_accidents,
    severity_class,
)
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario
from tests.conftest import all_sectors
from tests.unit.test_accident_clock import expected_from_log

DRAWS = 1_000_000
Z = 4.0  # as the accident-clock and equivalence suites: 4 standard errors


@pytest.mark.parametrize("tail", [1.05, 1.5, 1.8, 2.0, 2.5, 3.0, 6.0, 30.0])
def test_fatality_mean_is_the_riemann_zeta(tail):
    assert fatality_mean(tail) == pytest.approx(float(special.zeta(tail)), rel=1e-11)


def test_heavy_tails_and_no_fatality():
    """a <= 1: deaths have no finite mean; p_fatal = 0 kills nobody, whatever the tail; a hazard that
    never causes an accident adds nothing, even when its accident's mean is infinite."""
    assert fatality_mean(1.0) == math.inf and mean_deaths_of_accident(0.1, 0.8) == math.inf
    assert mean_deaths_of_accident(0.0, 0.8) == 0.0 and serious_share_of_accidents(0.0, 2.0) == 0.0
    assert expected_per_hazard_day(0.0, math.inf) == 0.0
    assert expected_per_hazard_day(2e-3, 0.5) == pytest.approx(1e-3)


@pytest.mark.parametrize(("p_fatal", "tail", "rel"), [(0.5, 1.8, 0.05), (0.3, 2.5, 0.01), (1.0, 3.0, 0.01)])
def test_closed_forms_match_a_monte_carlo_of_the_deaths_law(p_fatal, tail, rel):
    """The mean deaths and the 较大及以上 share of a million accidents drawn with `deaths_of_accident`.

    The tolerances hold the sample mean's spread over seeds: at a = 1.8 deaths have an infinite variance
    and the mean of a million strays far above now and then (over 200 seeds: from −1.1% to +3.6%, +2.5%
    at the 99th percentile; this seed's is +3.0%); at 2.5 and 3 about four times its spread (0.4% at
    2.5, measured). The continuous Pareto's mean a/(a − 1), or ζ(a) less its first term, would miss by
    20% and more."""
    rng = np.random.default_rng(27)
    draw = np.frompyfunc(deaths_of_accident, 4, 1)
    deaths = draw(rng.random(DRAWS), rng.random(DRAWS), p_fatal, tail).astype(np.int64)
    assert deaths.mean() == pytest.approx(mean_deaths_of_accident(p_fatal, tail), rel=rel)
    serious = np.frompyfunc(severity_class, 1, 1)(deaths).astype(np.int64) >= 1
    share = serious_share_of_accidents(p_fatal, tail)
    assert abs(serious.mean() - share) < Z * math.sqrt(share * (1 - share) / DRAWS)


# Small counties with many accidents; tails above 2 where deaths are tested, so their variance is finite
# and a paired t-test applies (the county's own tails, 1.8 to 2.5, are checked in tests/validation).
KAPPA = [*all_sectors("accident_rate_general", 2e-3), *all_sectors("accident_rate_major", 1e-2),
         *all_sectors("hazard_rate", 0.05)]
BASE = ["population.enterprises=150", "inspectors.count=4", "horizon_days=365", *KAPPA,
        *all_sectors("p_fatal_general", 0.2), *all_sectors("p_fatal_major", 0.6), *all_sectors("fatality_tail", 3)]
SCENARIOS = {
    # general hazards turn major mid-life: the weight of their exposure changes with their class
    "escalation": ["warmup_days=0", "hazards.escalation_rate=0.01", "self_inspection.monthly_enabled=true",
                   "rectification.compliance_base=1", "rectification.compliance_quality_slope=0"],
    # failed follow-ups suspend firms: exposure pauses and resumes; a warm-up's hazards carry over
    "suspensions": ["warmup_days=90", "rectification.compliance_base=0.5", "rectification.compliance_quality_slope=0",
                    *all_sectors("p_major", 0.3), "rectification.major_deadline_days=30",
                    "rectification.min_suspension_days=20", "inspectors.count=8",
                    "rectification.failures_to_close=50"],
    # each sector its own fatality law, tails light enough that 较大 accidents are common
    "sector_mix": ["warmup_days=0", *all_sectors("p_major", 0.2), "sectors.hazardous_chemicals.fatality_tail=2.2",
                   "sectors.construction.fatality_tail=4", "sectors.industry_trade.p_fatal_general=0.05",
                   "sectors.crowded_premises.p_fatal_major=0.9", "sectors.road_transport.fatality_tail=2.5"],
}
REPLICATIONS = {"simpy": 24, "numba": 64}
SEED = 27


def _run(name: str, engine: str):
    config = sim.load_config(overrides=[*BASE, *SCENARIOS[name]])
    return sim.simulate(config, engine=engine, replications=REPLICATIONS[engine], seed=SEED, n_jobs=2,
                        events=engine == "simpy", progress=False)


def paired_gap(counted: np.ndarray, expected: np.ndarray) -> tuple[float, float]:
    """Mean of counted − expected over replications, and the bound it must stay within: the t quantile
    with the tail of Z normal standard errors, times the standard error of that mean."""
    gap = counted.astype(float) - expected
    se = gap.std(ddof=1) / math.sqrt(gap.size)
    return float(gap.mean()), float(stats.t.ppf(stats.norm.cdf(Z), gap.size - 1) * se)


@pytest.mark.parametrize("engine", ["simpy", "numba"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_deaths_and_serious_accidents_equal_their_expectations(name, engine):
    result = _run(name, engine)
    reps = result.replications
    assert reps.serious_accidents.sum() >= 10, f"{name} has too few 较大 accidents to test"
    for counted, expected in (("deaths", "expected_deaths"), ("serious_accidents", "expected_serious_accidents")):
        gap, bound = paired_gap(reps[counted].to_numpy(), reps[expected].to_numpy())
        assert abs(gap) < bound, (f"{name} on {engine}: {reps[counted].mean():.3f} {counted} a replication, "
                                  f"{reps[expected].mean():.3f} {expected} (gap {gap:.3f}, bound {bound:.3f})")
    if engine == "simpy" and result.config.warmup_days == 0:
        _check_against_the_log(result)


def _check_against_the_log(result) -> None:
    """expected_deaths and expected_serious_accidents recomputed from each replication's event log: the
    accident clock's compensator (tests/unit/test_accident_clock.py) with each enterprise's sector rates."""
    scenario = compile_scenario(result.config)
    sectors = scenario.sectors
    for r, log in result.events.groupby("replication"):
        row = result.replications.loc[result.replications.replication == r].iloc[0]
        sector = draw_world(scenario, SEED, int(r)).population.sector
        for column, rates in (("expected_deaths", sectors.death_rate), ("expected_serious_accidents",
                                                                           sectors.serious_rate)):
            again = expected_from_log(log, result.config.horizon_days, rates[sector, 0], rates[sector, 1])
            assert row[column] == pytest.approx(again, rel=1e-9), (r, column)
