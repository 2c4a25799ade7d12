"""Events from outside the county's enterprises, drawn per replication like the rest of nature.

Major accidents elsewhere (外地重大事故) arrive as a Poisson stream per sector and prompt the
`accident_triggered` regime's checks (举一反三). They come from their own stream, so switching
the regime, or changing its rate, leaves every other draw of the replication unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.streams import stream
from sim.world.scenario import Scenario


@dataclass(slots=True)
class OutsideAccidents:
    """Major accidents elsewhere, in time order."""

    time: np.ndarray    # float64[A]: day of the accident
    sector: np.ndarray  # int64[A]: its sector, an index into the scenario's sector table


@dataclass(slots=True, kw_only=True)
class OutsideInputs:
    """What the accidents elsewhere are drawn from."""

    per_year: float     # major accidents elsewhere a year in each sector; 0 when the regime is off
    sectors: int
    first_day: int
    horizon: int


def outside_inputs(scenario: Scenario) -> OutsideInputs:
    regime = scenario.config.regimes.accident_triggered
    return OutsideInputs(per_year=regime.outside_major_per_year if regime.enabled else 0.0,
                         sectors=len(scenario.sectors.names), first_day=scenario.first_day, horizon=scenario.horizon)


def draw_outside_accidents(scenario: Scenario, seed: int, replication: int) -> OutsideAccidents:
    """The accidents elsewhere of one replication of `scenario`, unshared."""
    return draw_outside(outside_inputs(scenario), seed, replication)


def draw_outside(inputs: OutsideInputs, seed: int, replication: int) -> OutsideAccidents:
    """A Poisson stream of `outside_major_per_year` accidents a year in each sector, over the whole run."""
    if inputs.per_year <= 0.0:
        return OutsideAccidents(np.zeros(0), np.zeros(0, dtype=np.int64))
    rng = stream(seed, replication, "outside_accidents")
    span = float(inputs.horizon - inputs.first_day)
    counts = rng.poisson(inputs.per_year / 365.25 * span, inputs.sectors)
    sector = np.repeat(np.arange(inputs.sectors, dtype=np.int64), counts)
    time = inputs.first_day + rng.random(sector.shape[0]) * span
    order = np.argsort(time, kind="stable")
    return OutsideAccidents(time[order], sector[order])
