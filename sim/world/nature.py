"""Nature's draws for one replication, made up front so every engine and policy sees the same world.

Hazards arrive by thinning: each enterprise gets candidate arrivals at its largest possible rate
(base rate x the largest seasonal factor, deterrence <= 1), and a candidate at time t becomes a hazard
with probability λ_i(t) / λ_max_i. Each candidate carries the unit draws of its whole life (is it
major, when does routine repair close it, how much exposure until its accident, when is it reported),
so a policy changes which candidates become hazards and how long they live, never the dice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.rules.hazards import hazard_base_rate
from sim.streams import stream
from sim.world.ordering import grouped_by_owner, ranks, time_order
from sim.world.population import Population
from sim.world.scenario import Scenario

CANDIDATE = np.dtype([*((name, np.float64) for name in ("time", "u_accept", "u_major", "closure", "escalation",
                                                        "exposure", "report", "u_fatal", "u_deaths")),
                      ("enterprise", np.int64)])  # whose candidate it is (not a draw: from `first`)


@dataclass(slots=True)
class HazardCandidates:
    """Candidate hazard arrivals, sorted by (enterprise, time); M candidates in all.

    `first[i]:first[i + 1]` are enterprise i's candidates. Unit exponentials are scaled by the
    engine with the current rates; uniforms are compared with probabilities. The fields live once,
    side by side in `table` (the numba engine's candidate table); `time`, `u_accept`, ... are views
    of its columns, so a county of 300,000 enterprises keeps one copy of its 20 million candidates.
    """

    first: np.ndarray       # int64[N + 1]: offsets of each enterprise's candidates
    table: np.ndarray       # CANDIDATE[M]: each candidate's draws, one record per candidate
    by_time: np.ndarray     # int64[M]: the candidates in (time, index) order, as the numba engine walks them

    time = property(lambda self: self.table["time"], doc="float64[M]: candidate arrival time, days")
    u_accept = property(lambda self: self.table["u_accept"], doc="float64[M]: thinning uniform")
    u_major = property(lambda self: self.table["u_major"], doc="float64[M]: major if u_major < p_major")
    closure = property(lambda self: self.table["closure"],
                       doc="float64[M]: Exp(1); routine repair after closure / ν days")
    escalation = property(lambda self: self.table["escalation"],
                          doc="float64[M]: Exp(1); a general hazard escalates after escalation / ε days")
    exposure = property(lambda self: self.table["exposure"],
                        doc="float64[M]: Exp(1); accident when ∫ κ over operating time reaches it")
    report = property(lambda self: self.table["report"],
                      doc="float64[M]: Exp(1); first report when ∫ report rate reaches it")
    u_fatal = property(lambda self: self.table["u_fatal"], doc="float64[M]: the accident kills if u_fatal < p_fatal")
    u_deaths = property(lambda self: self.table["u_deaths"],
                        doc="float64[M]: deaths = floor((1 - u)^(-1/a)) when fatal")


@dataclass(slots=True)
class ReportCandidates:
    """Candidate unfounded reports at rate f_0 (g <= 1), thinned by g(reward); sorted by (enterprise, time)."""

    first: np.ndarray     # int64[N + 1]
    time: np.ndarray      # float64[R]
    u_accept: np.ndarray  # float64[R]


@dataclass(slots=True, kw_only=True)
class HazardInputs:
    """What the candidate hazards are drawn from, given the enterprises (sector, workforce, quality)."""

    hazard_rate: np.ndarray     # float64[S]: hazards/day at w_ref and q = 0.5
    reference_workers: float
    size_exponent: float
    quality_effect: float
    season_max: np.ndarray      # float64[S]: the thinning bound's seasonal factor
    first_day: int
    horizon: int


@dataclass(slots=True, kw_only=True)
class ReportInputs:
    """What the candidate unfounded reports are drawn from."""

    enterprises: int
    unfounded_rate: float
    first_day: int
    horizon: int


def hazard_inputs(scenario: Scenario) -> HazardInputs:
    p = scenario.config.population
    return HazardInputs(hazard_rate=scenario.sectors.hazard_rate, reference_workers=p.reference_workers,
                        size_exponent=p.size_exponent, quality_effect=p.quality_effect,
                        season_max=scenario.season_max, first_day=scenario.first_day, horizon=scenario.horizon)


def report_inputs(scenario: Scenario) -> ReportInputs:
    return ReportInputs(enterprises=int(scenario.sectors.counts.sum()),
                        unfounded_rate=scenario.config.reports.unfounded_rate, first_day=scenario.first_day,
                        horizon=scenario.horizon)


def base_rates(scenario: Scenario, population: Population, quality: np.ndarray | None = None) -> np.ndarray:
    """λ_i at q_i without season or deterrence, hazards/day, float64[N]."""
    q = population.quality if quality is None else quality
    return _base_rates(hazard_inputs(scenario), population.sector, population.workers, q)


def _base_rates(inputs: HazardInputs, sector: np.ndarray, workers: np.ndarray, quality: np.ndarray) -> np.ndarray:
    return hazard_base_rate(inputs.hazard_rate[sector], workers.astype(float), inputs.reference_workers,
                            inputs.size_exponent, inputs.quality_effect, quality)


def draw_hazard_candidates(scenario: Scenario, population: Population, seed: int, replication: int) -> HazardCandidates:
    """All candidate hazards of one replication of `scenario`, unshared."""
    return draw_hazards(hazard_inputs(scenario), population, seed, replication)


def draw_hazards(inputs: HazardInputs, enterprises, seed: int, replication: int) -> HazardCandidates:
    """All candidate hazards of one replication from the `arrivals` stream, in a fixed draw order;
    `enterprises` has the `sector`, `workers` and `quality` arrays (a Population or an Enterprises)."""
    rng = stream(seed, replication, "arrivals")
    sector = enterprises.sector
    bound = _base_rates(inputs, sector, enterprises.workers, enterprises.quality) * inputs.season_max[sector]
    span = float(inputs.horizon - inputs.first_day)
    counts = rng.poisson(bound * span)
    first = _offsets(counts)
    m = int(first[-1])
    table = np.empty(m, dtype=CANDIDATE)
    table["enterprise"] = np.repeat(np.arange(counts.shape[0], dtype=np.int64), counts)
    time = inputs.first_day + rng.random(m) * span
    by_time = time_order(time)
    place = ranks(grouped_by_owner(first, by_time))  # a draw's index -> its candidate's (sorted) index
    table["time"][place] = time
    del time
    by_time = place[by_time]
    for name, draw in _LIFE_DRAWS:
        for start in range(0, m, _CHUNK):  # the same numbers as one call: each value takes the next outputs
            table[name][place[start:start + _CHUNK]] = draw(rng, min(_CHUNK, m - start))
    return HazardCandidates(first, table, by_time)


# The columns drawn after the times, in stream order; drawn in chunks straight into the table, so the
# draw holds no column of M beside it (at 300,000 enterprises a column is 160 MB).
_LIFE_DRAWS = (("u_accept", lambda rng, k: rng.random(k)), ("u_major", lambda rng, k: rng.random(k)),
               ("closure", lambda rng, k: rng.exponential(1.0, k)), ("escalation", lambda rng, k: rng.exponential(1.0, k)),
               ("exposure", lambda rng, k: rng.exponential(1.0, k)), ("report", lambda rng, k: rng.exponential(1.0, k)),
               ("u_fatal", lambda rng, k: rng.random(k)), ("u_deaths", lambda rng, k: rng.random(k)))
_CHUNK = 1 << 20


def draw_reports(inputs: ReportInputs, seed: int, replication: int) -> ReportCandidates:
    """Candidate unfounded reports of one replication from the `reports` stream."""
    rng = stream(seed, replication, "reports")
    span = float(inputs.horizon - inputs.first_day)
    counts = rng.poisson(np.full(inputs.enterprises, inputs.unfounded_rate * span))
    first = _offsets(counts)
    time = inputs.first_day + rng.random(int(first[-1])) * span
    order = grouped_by_owner(first, time_order(time))
    return ReportCandidates(first, time[order], rng.random(time.shape[0])[order])


def _offsets(counts: np.ndarray) -> np.ndarray:
    first = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=first[1:])
    return first
