"""Exact results the model must reproduce: M/M/∞ hazard stock, Poisson arrivals, the accident compensator."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.world.nature import base_rates
from sim.world.population import draw_population
from sim.world.scenario import compile_scenario
from tests.conftest import all_sectors, no_accidents, no_enforcement, no_seasons

NU = 1 / 30  # fast routine repair, so a 365-day warm-up reaches the steady state (e^-12)


def _lambda_totals(config, seed: int, replications: int) -> np.ndarray:
    scenario = compile_scenario(config)
    return np.array([base_rates(scenario, draw_population(scenario, seed, r)).sum() for r in range(replications)])


def _z_scores(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return (observed - expected) / np.sqrt(expected)


@pytest.mark.validation
def test_open_stock_is_poisson_with_mean_sum_lambda_over_nu():
    """M/M/∞: with nobody finding hazards and no accidents, the open stock is Poisson(Σλ_i / ν)."""
    config = sim.load_config(overrides=[*no_enforcement(), *no_accidents(), *no_seasons(),
                                        f"hazards.natural_closure_rate={NU}", "population.enterprises=1000",
                                        "horizon_days=730", "warmup_days=365"])
    n = 60
    result = sim.simulate(config, replications=n, seed=5, n_jobs=2, progress=False)
    mean_stock = _lambda_totals(config, 5, n) / NU
    z_end = _z_scores(result.replications["hazards_open_end"].to_numpy(float), mean_stock)
    z_start = _z_scores(result.replications["hazards_open_start"].to_numpy(float), mean_stock)
    for z in (z_end, z_start):
        assert abs(z.mean()) < 4 / np.sqrt(n)
        assert 0.6 < z.var(ddof=1) < 1.5  # Poisson: variance equals the mean
    monthly = result.timeseries.groupby("replication")["open_hazards"].mean().to_numpy()
    assert monthly.mean() == pytest.approx(mean_stock.mean(), rel=0.01)


def test_hazards_created_are_poisson_with_the_right_mean():
    """Created in the window ~ Poisson(Σλ_i T) per replication, whatever the population drawn."""
    config = sim.load_config(overrides=[*no_enforcement(), *no_accidents(), *no_seasons(),
                                        "population.enterprises=400", "horizon_days=365", "warmup_days=0"])
    n = 40
    result = sim.simulate(config, replications=n, seed=2, progress=False)
    expected = _lambda_totals(config, 2, n) * config.horizon_days
    z = _z_scores(result.replications["hazards_created"].to_numpy(float), expected)
    assert abs(z.mean()) < 4 / np.sqrt(n)
    assert 0.5 < z.var(ddof=1) < 1.7


@pytest.mark.validation
def test_accidents_match_the_integral_of_the_accident_rate_over_the_open_stock():
    """N(T) - ∫ κ(class) open(t) dt is a martingale: accident counts are Poisson around the compensator.

    Enforcement is on (inspections, self-inspection, rectification shorten hazard lives) but never
    suspends, so every open hazard is exposed; the compensator is computed from the event log.
    """
    config = sim.load_config(overrides=["population.enterprises=600", "inspectors.count=8", "horizon_days=365",
                                        "warmup_days=0", "rectification.compliance_base=1",
                                        "rectification.compliance_quality_slope=0",
                                        *all_sectors("accident_rate_general", 1e-3),
                                        *all_sectors("accident_rate_major", 1e-2)])
    n = 12
    result = sim.simulate(config, replications=n, seed=9, n_jobs=2, progress=False)
    assert result.replications["suspensions"].sum() == 0
    z = []
    for r, log in result.events.groupby("replication"):
        created = log[log.event == "hazard_created"].set_index("hazard")
        closed = log[log.event == "hazard_closed"].set_index("hazard")["time"]
        escalated = log[log.event == "hazard_escalated"]
        assert escalated.empty
        end = closed.reindex(created.index).fillna(config.horizon_days)
        kappa = np.where(created["detail"] == "major", 1e-2, 1e-3)
        compensator = float(np.sum(kappa * (end.to_numpy() - created["time"].to_numpy())))
        accidents = int(result.replications.loc[result.replications.replication == r, "accidents"].iloc[0])
        z.append((accidents - compensator) / np.sqrt(compensator))
    z = np.array(z)
    assert abs(z.mean()) < 4 / np.sqrt(n)
    assert z.var(ddof=1) < 2.0
