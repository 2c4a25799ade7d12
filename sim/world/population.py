"""The enterprises and inspectors of one replication, drawn from the `population` stream only.

Drawn in two steps, each from an explicit inputs object, so a sweep can share the first across cells
(sim/world/shared.py): the enterprises (sector, workforce, quality, credit, self-check day and one
shuffle of them), which do not depend on the staff; then the staff (who owns which enterprise under
territorial dispatch, who is professional) and the risk ranking, from the same stream continued.

With a county's register (sim/county/register.py) the enterprises are the register's rows: their
sectors, and their workforce and risk tier where it gives them, replace what would be drawn. Every
draw is still made, in the same order, and the register's values put in its place, so what stays
drawn depends on (seed, replication) and the register's sectors only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.county.register import given_tiers
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


@dataclass(slots=True, kw_only=True)
class EnterpriseInputs:
    """What the enterprises are drawn from (arrays over sectors, length S)."""

    counts: np.ndarray          # int64[S]: enterprises per sector
    workers_median: np.ndarray
    workers_sigma: np.ndarray
    quality_alpha: np.ndarray
    quality_beta: np.ndarray
    good_credit_share: float
    sector: np.ndarray | None = None    # int64[N]: each enterprise's sector, a register's; None: `counts` in order
    workers: np.ndarray | None = None   # int64[N]: a register's workforce, 0 where it is blank (drawn)


@dataclass(slots=True, kw_only=True)
class StaffInputs:
    """What the staff and the risk ranking are drawn or computed from, given the enterprises."""

    inspectors: int
    professional_share: float
    base_risk: np.ndarray       # float64[S]
    reference_workers: float
    tier_size_exponent: float
    tier_thresholds: tuple[float, float, float]  # red, orange, yellow
    tier: np.ndarray | None = None      # int8[N]: a register's risk tier, -1 where not given (from the score)
    key: np.ndarray | None = None       # int8[N]: a register's 重点企业: 1 yes, 0 no, -1 not given


@dataclass(slots=True)
class Enterprises:
    """The staff-independent draws of the population stream, and the stream's state after them."""

    sector: np.ndarray
    workers: np.ndarray
    quality: np.ndarray
    good_credit: np.ndarray
    check_offset: np.ndarray
    shuffle: np.ndarray         # int64[N]: a permutation of the enterprises; owner = shuffle % K
    after: dict                 # the stream's bit-generator state after the shuffle


def enterprise_inputs(scenario: Scenario) -> EnterpriseInputs:
    t, register = scenario.sectors, scenario.register
    return EnterpriseInputs(counts=t.counts, workers_median=t.workers_median, workers_sigma=t.workers_sigma,
                            quality_alpha=t.quality_alpha, quality_beta=t.quality_beta,
                            good_credit_share=scenario.config.population.good_credit_share,
                            sector=None if register is None else scenario.register_sector,
                            workers=None if register is None else register.workers)


def staff_inputs(scenario: Scenario) -> StaffInputs:
    config = scenario.config
    p, t = config.population, config.population.tier_thresholds
    return StaffInputs(inspectors=config.inspectors.count, professional_share=config.inspectors.professional_share,
                       base_risk=scenario.sectors.base_risk, reference_workers=p.reference_workers,
                       tier_size_exponent=p.tier_size_exponent, tier_thresholds=(t.red, t.orange, t.yellow),
                       tier=None if scenario.register is None else scenario.register.tier,
                       key=None if scenario.register is None else scenario.register.key)


def draw_enterprises(inputs: EnterpriseInputs, seed: int, replication: int) -> Enterprises:
    """Enterprises ordered by sector, or in a register's order; attributes drawn in a fixed order from the
    `population` stream, a register's workforce put in place of the drawn one where it gives it."""
    rng = stream(seed, replication, "population")
    sector = np.repeat(np.arange(inputs.counts.shape[0]), inputs.counts) if inputs.sector is None else inputs.sector
    n = sector.shape[0]
    workers = np.maximum(1, np.rint(rng.lognormal(np.log(inputs.workers_median[sector]),
                                                  inputs.workers_sigma[sector]))).astype(np.int64)
    if inputs.workers is not None:
        workers = np.where(inputs.workers > 0, inputs.workers, workers)
    quality = rng.beta(inputs.quality_alpha[sector], inputs.quality_beta[sector])
    good = rng.random(n) < inputs.good_credit_share
    offset = rng.integers(0, SELF_CHECK_DAYS, n)
    shuffle = rng.permutation(n).astype(np.int64)
    return Enterprises(sector, workers, quality, good, offset, shuffle, rng.bit_generator.state)


def staff(inputs: StaffInputs, enterprises: Enterprises) -> Population:
    """The population: the enterprises, their owners and risk ranking, and the inspectors' training.

    The `population` stream continues after the shuffle: without inspectors it is not drawn from again.
    """
    e, k = enterprises, inputs.inspectors
    rng = np.random.default_rng(0)
    rng.bit_generator.state = e.after   # the population stream, where the enterprises' draws left it
    owner = e.shuffle % k if k > 0 else np.full(e.sector.shape[0], -1, dtype=np.int64)
    professional = rng.permutation(k) < round(inputs.professional_share * k)
    score = risk_scores(inputs.base_risk[e.sector], e.workers, inputs.reference_workers, inputs.tier_size_exponent)
    tier = given_tiers(risk_tiers(score, inputs.tier_thresholds), inputs.tier, inputs.key)
    return Population(sector=e.sector, workers=e.workers, quality=e.quality, risk_score=score,
                      risk_tier=tier, good_credit=e.good_credit,
                      check_offset=e.check_offset, owner=owner, professional=professional)


def draw_population(scenario: Scenario, seed: int, replication: int) -> Population:
    """The population of one replication of `scenario`, unshared."""
    return staff(staff_inputs(scenario), draw_enterprises(enterprise_inputs(scenario), seed, replication))


def risk_scores(base_risk: np.ndarray, workers: np.ndarray, reference_workers: float, exponent: float) -> np.ndarray:
    """score = base_risk x (workers / w_ref)^exponent: sector risk scaled by size."""
    return base_risk * (workers / reference_workers) ** exponent


def riskiest_first(population: Population) -> np.ndarray:
    """Enterprise indices by risk tier, red first, then by falling risk score, ties by index: the order of
    the lead checks and the annual plan. Tiers cut the score, so without a register's tiers this is the
    order of the score alone."""
    return np.lexsort((-population.risk_score, population.risk_tier)).astype(np.int64)


def risk_tiers(score: np.ndarray, thresholds: tuple[float, float, float]) -> np.ndarray:
    """Tier from the risk score and the (red, orange, yellow) thresholds."""
    red, orange, yellow = thresholds
    return np.select([score >= red, score >= orange, score >= yellow], [0, 1, 2], 3).astype(np.int8)
