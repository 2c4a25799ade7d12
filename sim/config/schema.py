"""The top-level config: model parameters, regimes and run settings, registered with Hydra."""

from __future__ import annotations

from dataclasses import dataclass

from hydra.core.config_store import ConfigStore

from sim.config.calibration_schema import CalibrationConfig
from sim.config.costs_schema import CostsConfig
from sim.config.county_schema import CalendarConfig, HazardConfig, PopulationConfig, SectorParams
from sim.config.fields import param
from sim.config.model_schema import (
    DetectionConfig,
    DeterrenceConfig,
    InspectorsConfig,
    PenaltiesConfig,
    RectificationConfig,
    ReportsConfig,
    SelfInspectionConfig,
)
from sim.config.regime_schema import RegimesConfig
from sim.config.resolvers import register_resolvers
from sim.config.targets_schema import TargetsConfig
from sim.config.trial_schema import TrialConfig

ENGINES = ("simpy", "numba")
IDENTITY = "what the scenario is called and cites"
WINDOW = "the simulated window the scenario chooses"
RUN = "how the run is made; results do not depend on it beyond the replications' noise"


@dataclass(slots=True, kw_only=True)
class Config:
    """One scenario: what the county looks like, how enforcement works, and how to run it."""

    name: str = param("unnamed", rule="any", doc="scenario name", role="setting", why=IDENTITY)
    title: str = param("", rule="any", doc="the scenario's title in the English report; empty: the name",
                       role="setting", why=IDENTITY)
    title_zh: str = param("", rule="any", doc="the scenario's title in the Chinese report (中文标题); empty: the "
                                              "English title", role="setting", why=IDENTITY)
    description: str = param("", rule="any", doc="what the scenario is for", role="setting", why=IDENTITY)
    description_zh: str = param("", rule="any", doc="what the scenario is for, in Chinese (中文说明), for the Chinese "
                                                    "report; empty: the English description",
                                role="setting", why=IDENTITY)
    sources: list[str] = param(rule="any", factory=list, doc="documents the scenario cites", role="setting", why=IDENTITY)
    start_date: str = param("2020-01-01", rule="date", doc="day 0 of the simulation", role="setting", why=WINDOW)
    horizon_days: int = param(1096, rule="positive_count", unit="days", doc="length of the measured period",
                              role="setting", why=WINDOW)
    warmup_days: int = param(1096, rule="count", unit="days",
                             doc="simulated before start_date and not measured, so the hazard stock and the "
                                 "enforcement pressure start settled (docs/model.md §1 measures how long that takes)",
                             role="setting", why=WINDOW)
    sectors: dict[str, SectorParams] = param(rule="any", factory=dict, doc="sector physics")
    population: PopulationConfig = param(rule="any", factory=PopulationConfig, doc="")
    hazards: HazardConfig = param(rule="any", factory=HazardConfig, doc="")
    self_inspection: SelfInspectionConfig = param(rule="any", factory=SelfInspectionConfig, doc="")
    detection: DetectionConfig = param(rule="any", factory=DetectionConfig, doc="")
    reports: ReportsConfig = param(rule="any", factory=ReportsConfig, doc="")
    rectification: RectificationConfig = param(rule="any", factory=RectificationConfig, doc="")
    penalties: PenaltiesConfig = param(rule="any", factory=PenaltiesConfig, doc="")
    inspectors: InspectorsConfig = param(rule="any", factory=InspectorsConfig, doc="")
    deterrence: DeterrenceConfig = param(rule="any", factory=DeterrenceConfig, doc="")
    calendar: CalendarConfig = param(rule="any", factory=CalendarConfig, doc="")
    regimes: RegimesConfig = param(rule="any", factory=RegimesConfig, doc="")
    costs: CostsConfig = param(rule="any", factory=CostsConfig, doc="")
    targets: TargetsConfig = param(rule="any", factory=TargetsConfig, doc="")
    trial: TrialConfig = param(rule="any", factory=TrialConfig, doc="")
    calibration: CalibrationConfig = param(rule="any", factory=CalibrationConfig, doc="")
    # Run settings, used by the command line; `sim.simulate` takes its own arguments.
    engine: str = param("simpy", rule="any", doc="simpy (reference) or numba", role="setting", why=RUN)
    replications: int = param(1, rule="positive_count", doc="independent replications", role="setting", why=RUN)
    seed: int = param(0, rule="count", doc="root seed; replication r uses streams of (seed, r)",
                    role="setting", why=RUN)
    n_jobs: int = param(1, rule="positive_count", doc="worker processes for replications", role="setting", why=RUN)


def register() -> None:
    """Register the schema, so Hydra rejects unknown keys and wrong types, and the `${cores:}` resolver."""
    ConfigStore.instance().store(name="schema", node=Config)
    register_resolvers()
