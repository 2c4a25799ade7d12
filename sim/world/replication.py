"""Everything nature draws for one replication, in one place, so both engines start from the same world."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.world.contracts import Contracts, draw_contracts
from sim.world.external import OutsideAccidents, draw_outside_accidents
from sim.world.nature import (
    HazardCandidates,
    ReportCandidates,
    draw_hazard_candidates,
    draw_report_candidates,
)
from sim.world.population import Population, draw_population
from sim.world.scenario import Scenario
from sim.world.schedules import surge_days
from sim.world.trial import draw_trial_arms
from sim.world.weather import Weather, draw_weather


@dataclass(slots=True)
class ReplicationWorld:
    """The enterprises and every draw of nature for one (seed, replication)."""

    population: Population
    hazards: HazardCandidates
    reports: ReportCandidates
    outside: OutsideAccidents
    weather: Weather
    surges: np.ndarray  # float[J, N_SURGE]: the key-period surge table (sim.world.schedules.surge_days)
    contracts: Contracts  # the third party's rotation, the monitored enterprises and their alarm clocks
    trial_arm: np.ndarray  # int64[N]: each enterprise's arm in the field trial (sim.rules.trial), -1 if none


def draw_world(scenario: Scenario, seed: int, replication: int) -> ReplicationWorld:
    """Each part from its own named stream (sim.streams), so none perturbs another."""
    population = draw_population(scenario, seed, replication)
    weather = draw_weather(scenario, seed, replication)
    hazards = draw_hazard_candidates(scenario, population, seed, replication)
    return ReplicationWorld(
        population=population,
        hazards=hazards,
        reports=draw_report_candidates(scenario, population, seed, replication),
        outside=draw_outside_accidents(scenario, seed, replication),
        weather=weather,
        surges=surge_days(scenario, weather.alert),
        contracts=draw_contracts(scenario, population, hazards, seed, replication),
        trial_arm=draw_trial_arms(scenario, population.size, seed, replication),
    )
