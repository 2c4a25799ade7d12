"""The enterprises and inspectors of one replication, drawn from the `population` stream only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.streams import stream
from sim.world.scenario import Scenario

SELF_CHECK_DAYS = 28  # self-inspection falls on day offset+1 of its month, offset in [0, 28)


@dataclass(slots=True)
class Population:
    """Arrays over enterprises (length N) and inspectors (length K) of one replication."""

    sector: np.ndarray        # int64[N]: index into scenario.sectors
    workers: np.ndarray       # int64[N]: workforce, >= 1
    quality: np.ndarray       # float64[N]: safety-management quality q in (0, 1)
    risk_score: np.ndarray    # float64[N]: base_risk x size factor; tiers cut it, the lead checks rank by it
    risk_tier: np.ndarray     # int8[N]: 0 red, 1 orange, 2 yellow, 3 blue
    good_credit: np.ndarray   # bool[N]: starts with good credit (else normal)
    check_offset: np.ndarray  # int64[N]: self-inspection day offset within the month
    owner: np.ndarray         # int64[N]: responsible inspector under territorial dispatch, -1 if none
    professional: np.ndarray  # bool[K]: inspector has chemical or safety training

    @property
    def size(self) -> int:
        return int(self.sector.shape[0])


def draw_population(scenario: Scenario, seed: int, replication: int) -> Population:
    """Enterprises ordered by sector; attributes drawn in a fixed order from one stream."""
    rng = stream(seed, replication, "population")
    table, config = scenario.sectors, scenario.config
    sector = np.repeat(np.arange(len(table.names)), table.counts)
    n = sector.shape[0]
    workers = np.maximum(1, np.rint(rng.lognormal(np.log(table.workers_median[sector]),
                                                  table.workers_sigma[sector]))).astype(np.int64)
    quality = rng.beta(table.quality_alpha[sector], table.quality_beta[sector])
    good = rng.random(n) < config.population.good_credit_share
    offset = rng.integers(0, SELF_CHECK_DAYS, n)
    k = config.inspectors.count
    owner = rng.permutation(n) % k if k > 0 else np.full(n, -1, dtype=np.int64)
    professional = rng.permutation(k) < round(config.inspectors.professional_share * k)
    return Population(
        sector=sector, workers=workers, quality=quality,
        risk_score=(score := risk_scores(table.base_risk[sector], workers, config)),
        risk_tier=risk_tiers(score, config),
        good_credit=good, check_offset=offset, owner=owner.astype(np.int64), professional=professional,
    )


def risk_scores(base_risk: np.ndarray, workers: np.ndarray, config) -> np.ndarray:
    """score = base_risk x (workers / w_ref)^exponent: sector risk scaled by size."""
    p = config.population
    return base_risk * (workers / p.reference_workers) ** p.tier_size_exponent


def riskiest_first(population: Population) -> np.ndarray:
    """Enterprise indices by falling risk score, ties by index: the order of the lead checks."""
    return np.argsort(-population.risk_score, kind="stable").astype(np.int64)


def risk_tiers(score: np.ndarray, config) -> np.ndarray:
    """Tier from the risk score and the configured thresholds."""
    t = config.population.tier_thresholds
    return np.select([score >= t.red, score >= t.orange, score >= t.yellow], [0, 1, 2], 3).astype(np.int8)
