"""Everything nature draws for one replication, in one place, so both engines start from the same world.

The world is drawn in parts, each by a function of an explicit inputs object (built from the compiled
scenario by `world_inputs`), the seed and the replication, and of the parts it builds on; it reads
nothing else. A part's key is a digest of its inputs and of those parts' keys, so two scenarios whose
keys agree draw the same part, bit for bit: a sweep draws it once per replication and hands it to every
cell that shares it (`SharedParts`), without changing a number. The engines never write into a world.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sim.world.contracts import ContractInputs, Contracts, contract_inputs, draw_contracts
from sim.world.digest import digest
from sim.world.external import OutsideAccidents, OutsideInputs, draw_outside, outside_inputs
from sim.world.nature import (
    HazardCandidates,
    HazardInputs,
    ReportCandidates,
    ReportInputs,
    draw_hazards,
    draw_reports,
    hazard_inputs,
    report_inputs,
)
from sim.world.population import (
    EnterpriseInputs,
    Population,
    StaffInputs,
    draw_enterprises,
    enterprise_inputs,
    staff,
    staff_inputs,
)
from sim.world.scenario import Scenario
from sim.world.schedules import SurgeInputs, surge_inputs, surges
from sim.world.trial import TrialInputs, draw_arms, trial_inputs
from sim.world.weather import Weather, WeatherInputs, draw_alerts, weather_inputs


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


@dataclass(slots=True)
class WorldInputs:
    """What each part of a scenario's world is drawn from, and each part's key."""

    enterprises: EnterpriseInputs
    staff: StaffInputs
    hazards: HazardInputs
    reports: ReportInputs
    weather: WeatherInputs
    surges: SurgeInputs
    outside: OutsideInputs
    contracts: ContractInputs
    trial: TrialInputs
    keys: dict[str, str] = field(default_factory=dict)  # part -> digest of its inputs and of the parts it uses

    @property
    def key(self) -> str:
        """The whole world's key: equal keys draw equal worlds for every (seed, replication)."""
        return digest("world", tuple(sorted(self.keys.items())))


def world_inputs(scenario: Scenario) -> WorldInputs:
    """Every part's inputs, taken from the compiled scenario, and their keys."""
    inputs = WorldInputs(enterprise_inputs(scenario), staff_inputs(scenario), hazard_inputs(scenario),
                         report_inputs(scenario), weather_inputs(scenario), surge_inputs(scenario),
                         outside_inputs(scenario), contract_inputs(scenario), trial_inputs(scenario))
    k = inputs.keys
    k["enterprises"] = digest("enterprises", inputs.enterprises)
    k["population"] = digest("population", k["enterprises"], inputs.staff)
    k["hazards"] = digest("hazards", k["enterprises"], inputs.hazards)
    k["reports"] = digest("reports", inputs.reports)
    k["weather"] = digest("weather", inputs.weather)
    k["surges"] = digest("surges", k["weather"] if inputs.surges.weather_surge else None, inputs.surges)
    k["outside"] = digest("outside", inputs.outside)
    k["contracts"] = digest("contracts", k["enterprises"], k["hazards"], inputs.contracts)
    k["trial"] = digest("trial", inputs.trial)
    return inputs


class SharedParts:
    """The parts of worlds of one (seed, replication) drawn so far, by key: what the cells of a sweep share."""

    def __init__(self, seed: int, replication: int) -> None:
        self.seed, self.replication = seed, replication
        self.parts: dict[str, object] = {}

    def get(self, key: str, draw: Callable[[], object]):
        """The part with this key, drawn by `draw()` the first time it is asked for."""
        if key not in self.parts:
            self.parts[key] = draw()
        return self.parts[key]


def draw_world(scenario: Scenario, seed: int, replication: int) -> ReplicationWorld:
    """The world of one replication of `scenario`, shared with nothing."""
    return draw_parts(world_inputs(scenario), SharedParts(seed, replication))


def draw_parts(inputs: WorldInputs, shared: SharedParts) -> ReplicationWorld:
    """The world drawn from `inputs` for `shared`'s (seed, replication), taking from `shared` the parts
    already drawn there; each part from its own named stream (sim.streams), so none perturbs another."""
    seed, r, k, part = shared.seed, shared.replication, inputs.keys, shared.get
    enterprises = part(k["enterprises"], lambda: draw_enterprises(inputs.enterprises, seed, r))
    hazards = part(k["hazards"], lambda: draw_hazards(inputs.hazards, enterprises, seed, r))
    weather = part(k["weather"], lambda: draw_alerts(inputs.weather, seed, r))
    return ReplicationWorld(
        population=part(k["population"], lambda: staff(inputs.staff, enterprises)),
        hazards=hazards,
        reports=part(k["reports"], lambda: draw_reports(inputs.reports, seed, r)),
        outside=part(k["outside"], lambda: draw_outside(inputs.outside, seed, r)),
        weather=weather,
        surges=part(k["surges"], lambda: surges(inputs.surges, weather.alert)),
        contracts=part(k["contracts"], lambda: draw_contracts(inputs.contracts, enterprises.sector,
                                                              hazards.time.shape[0], seed, r)),
        trial_arm=part(k["trial"], lambda: draw_arms(inputs.trial, seed, r)),
    )
