"""What the bureau buys, drawn per replication: the third party's rotation and who is monitored online.

Both come from their own streams, so switching either regime on, or changing its settings, leaves
every other draw of the replication unchanged (common random numbers across policies).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.streams import stream
from sim.world.nature import HazardCandidates
from sim.world.population import Population
from sim.world.scenario import Scenario


@dataclass(slots=True)
class Contracts:
    """The third party's rotation and the remote-monitoring connections of one replication."""

    rotation: np.ndarray   # int64[R]: enterprises the third party visits, in this order, over and over
    monitored: np.ndarray  # bool[N]: connected to the monitoring platform (在线监测, 接入监控平台)
    alarm: np.ndarray      # float64[M] (or empty): per candidate hazard, a unit exponential; an alarm
                           # rings alarm / m days after the hazard turns major at a monitored enterprise


def in_sectors(scenario: Scenario, population: Population, names: list[str]) -> np.ndarray:
    """bool[N]: enterprises of the named sectors."""
    chosen = np.array([n in names for n in scenario.sectors.names], dtype=bool)
    return chosen[population.sector] if population.size else np.zeros(0, dtype=bool)


def draw_contracts(scenario: Scenario, population: Population, hazards: HazardCandidates, seed: int,
                   replication: int) -> Contracts:
    """A random rotation of the third party's sectors (第三方深度检查, 全面摸清), and the monitored
    enterprises with an alarm clock per candidate hazard (远程监管)."""
    regimes = scenario.config.regimes
    rotation = np.zeros(0, dtype=np.int64)
    if regimes.third_party.enabled:
        pool = np.flatnonzero(in_sectors(scenario, population, regimes.third_party.sectors)).astype(np.int64)
        rotation = stream(seed, replication, "third_party_rotation").permutation(pool)
    monitored = np.zeros(population.size, dtype=bool)
    alarm = np.zeros(0)
    remote = regimes.remote_monitoring
    if remote.enabled:
        rng = stream(seed, replication, "monitoring")
        connected = rng.random(population.size) < remote.monitored_share
        monitored = in_sectors(scenario, population, remote.sectors) & connected
        alarm = rng.exponential(1.0, hazards.time.shape[0])
    return Contracts(rotation, monitored, alarm)
