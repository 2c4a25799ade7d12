"""What the bureau buys, drawn per replication: the third party's rotation and who is monitored online.

Both come from their own streams, so switching either regime on, or changing its settings, leaves
every other draw of the replication unchanged (common random numbers across policies).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.streams import stream
from sim.world.scenario import Scenario


@dataclass(slots=True)
class Contracts:
    """The third party's rotation and the remote-monitoring connections of one replication."""

    rotation: np.ndarray   # int64[R]: enterprises the third party visits, in this order, over and over
    monitored: np.ndarray  # bool[N]: connected to the monitoring platform (在线监测, 接入监控平台)
    alarm: np.ndarray      # float64[M] (or empty): per candidate hazard, a unit exponential; an alarm
                           # rings alarm / m days after the hazard turns major at a monitored enterprise


@dataclass(slots=True, kw_only=True)
class ContractInputs:
    """What the contracts are drawn from, given the enterprises' sectors and the number of candidate hazards."""

    third_party: np.ndarray     # bool[S]: sectors the third party visits; none when the regime is off
    monitoring: bool            # remote monitoring is on
    monitored_share: float
    monitored: np.ndarray       # bool[S]: sectors that can be connected


def contract_inputs(scenario: Scenario) -> ContractInputs:
    regimes = scenario.config.regimes
    third, remote = regimes.third_party, regimes.remote_monitoring
    return ContractInputs(third_party=in_sectors(scenario, third.sectors) & third.enabled,
                          monitoring=remote.enabled, monitored_share=remote.monitored_share if remote.enabled else 0.0,
                          monitored=in_sectors(scenario, remote.sectors) & remote.enabled)


def in_sectors(scenario: Scenario, names: list[str]) -> np.ndarray:
    """bool[S]: the scenario's sectors among `names`."""
    return np.array([n in names for n in scenario.sectors.names], dtype=bool)


def draw_contracts(inputs: ContractInputs, sector: np.ndarray, candidates: int, seed: int,
                   replication: int) -> Contracts:
    """A random rotation of the third party's sectors (第三方深度检查, 全面摸清), and the monitored
    enterprises with an alarm clock per candidate hazard (远程监管); `sector`: int64[N], each
    enterprise's sector; `candidates`: the replication's candidate hazards."""
    rotation = np.zeros(0, dtype=np.int64)
    if inputs.third_party.any():
        pool = np.flatnonzero(inputs.third_party[sector]).astype(np.int64)
        rotation = stream(seed, replication, "third_party_rotation").permutation(pool)
    monitored = np.zeros(sector.shape[0], dtype=bool)
    alarm = np.zeros(0)
    if inputs.monitoring:
        rng = stream(seed, replication, "monitoring")
        connected = rng.random(sector.shape[0]) < inputs.monitored_share
        monitored = inputs.monitored[sector] & connected
        alarm = rng.exponential(1.0, candidates)
    return Contracts(rotation, monitored, alarm)
