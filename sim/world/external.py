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


def draw_outside_accidents(scenario: Scenario, seed: int, replication: int) -> OutsideAccidents:
    """A Poisson stream of `outside_major_per_year` accidents a year in each sector, over the whole run."""
    regime = scenario.config.regimes.accident_triggered
    n_sectors = len(scenario.sectors.names)
    if not regime.enabled or regime.outside_major_per_year <= 0.0:
        return OutsideAccidents(np.zeros(0), np.zeros(0, dtype=np.int64))
    rng = stream(seed, replication, "outside_accidents")
    span = float(scenario.horizon - scenario.first_day)
    counts = rng.poisson(regime.outside_major_per_year / 365.25 * span, n_sectors)
    sector = np.repeat(np.arange(n_sectors, dtype=np.int64), counts)
    time = scenario.first_day + rng.random(sector.shape[0]) * span
    order = np.argsort(time, kind="stable")
    return OutsideAccidents(time[order], sector[order])
