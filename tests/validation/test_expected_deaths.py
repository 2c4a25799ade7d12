"""Expected deaths on county_baseline: the counts' means (unbiased), and a paired interval between
staffing levels many times narrower than counted deaths' (docs/model.md §9).

30 and 45 inspectors run the staffing sweep's 200 replications (numba, seed 2020: what
`python -m sim.sweep sweep=staffing "sweep.axes.0.values=[30,45]"` runs, as its cells are the runs
of their configs). Measured on 2026-12-07: deaths a year 2.53 (2.27–2.79) and 2.19 (1.94–2.43),
expected 2.421 and 2.234; the paired difference −0.343 (−0.467 to −0.219) deaths against −0.187
(−0.192 to −0.181) expected deaths, a half-width 22 times narrower; 较大及以上 accidents 51 times.
A county where major hazards are common (p_major 0.3 in every sector) and, on the SimPy engine, a
smaller county check the weighting by class and the reference engine.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import sim
from sim.sweep.tables import interval
from tests.conftest import all_sectors

YEARS = 1096 / 365.25
COUNTED = {"deaths": "expected_deaths", "serious_accidents": "expected_serious_accidents"}
Z = 4.0


def _replications(overrides: list[str], engine: str = "numba", replications: int = 200, seed: int = 2020):
    config = sim.load_config("county_baseline", overrides)
    return sim.simulate(config, engine=engine, replications=replications, seed=seed, n_jobs=2, events=False,
                        progress=False).replications


@pytest.fixture(scope="module")
def staffing() -> dict[int, object]:
    return {k: _replications([f"inspectors.count={k}"]) for k in (30, 45)}


def _holds_its_expectation(reps, name: str) -> None:
    """The mean of the expectation lies in the counted mean's 95% interval, and the paired gap
    counted − expected is within Z standard errors (t quantile) of 0."""
    for counted, expected in COUNTED.items():
        mean, low, high = interval(reps[counted].to_numpy(float))
        assert low <= reps[expected].mean() <= high, (name, counted, mean, low, high, reps[expected].mean())
        gap = reps[counted].to_numpy(float) - reps[expected].to_numpy(float)
        bound = stats.t.ppf(stats.norm.cdf(Z), gap.size - 1) * gap.std(ddof=1) / np.sqrt(gap.size)
        assert abs(gap.mean()) < bound, (name, counted, gap.mean(), bound)


@pytest.mark.validation
def test_deaths_hold_their_expectation_at_both_staffing_levels(staffing):
    for k, reps in staffing.items():
        _holds_its_expectation(reps, f"{k} inspectors")


@pytest.mark.validation
def test_deaths_hold_their_expectation_where_major_hazards_are_common():
    reps = _replications(all_sectors("p_major", 0.3))
    assert reps.major_hazards_created.sum() > 0.25 * reps.hazards_created.sum()
    _holds_its_expectation(reps, "major hazards common")


@pytest.mark.validation
def test_deaths_hold_their_expectation_on_the_simpy_engine():
    reps = _replications(["population.enterprises=600", "warmup_days=365"], engine="simpy", replications=100)
    assert reps.deaths.sum() > 100
    _holds_its_expectation(reps, "simpy, 600 enterprises")


@pytest.mark.validation
def test_expected_deaths_narrow_the_paired_interval_between_staffing_levels(staffing):
    fewer, more = staffing[30], staffing[45]
    assert (fewer.replication.to_numpy() == more.replication.to_numpy()).all()
    half = {}
    for counted, expected in COUNTED.items():
        for name in (counted, expected):
            _, low, high = interval((more[name] - fewer[name]).to_numpy(float) / YEARS)
            half[name] = (high - low) / 2
        # the two differences have one mean: their own difference is within Z standard errors of 0
        gap = (more[counted] - fewer[counted] - more[expected] + fewer[expected]).to_numpy(float)
        bound = stats.t.ppf(stats.norm.cdf(Z), gap.size - 1) * gap.std(ddof=1) / np.sqrt(gap.size)
        assert abs(gap.mean()) < bound, (counted, gap.mean(), bound)
    # measured: 22 for deaths, 51 for 较大及以上 accidents
    assert half["deaths"] / half["expected_deaths"] > 10, half
    assert half["serious_accidents"] / half["expected_serious_accidents"] > 10, half
    # expected deaths separate the levels: 45 inspectors have fewer
    _, _, high = interval((more.expected_deaths - fewer.expected_deaths).to_numpy(float))
    assert high < 0
