"""Where the sensitivity analysis gets its uncertainties: `uncertainties_for(config)`, the one place.

Until every assumed parameter carries its range in the config schema (issue 27 item 2,
`sim.config.uncertainty.uncertainties(config)`), this module holds an interim list for the counties
built on county_baseline: twenty assumed parameters from the mechanisms the decision turns on
(detection, hazards, accidents, self-inspection, rectification, deterrence, reports, inspector time,
monitoring, prices), each with a range a planner would call plausible and why. Once that function
exists, `uncertainties_for` returns it instead; nothing else changes.
"""

from __future__ import annotations

from sim.config.schema import Config
from sim.config.uncertainty import Uncertainty

# key, low, high, group, why: ranges in the parameter's own units
INTERIM: tuple[tuple[str, float, float, str, str], ...] = (
    ("detection.professional_major", 0.55, 0.85, "detection",
     "assumed 0.7; no study measures a trained inspector's chance of finding a major hazard"),
    ("detection.nonprofessional_major", 0.30, 0.60, "detection",
     "assumed 0.45; the trained-untrained gap is the documents' emphasis on 专业化, not a measured figure"),
    ("detection.professional_general", 0.45, 0.75, "detection", "assumed 0.6, ±0.15"),
    ("detection.nonprofessional_general", 0.20, 0.50, "detection", "assumed 0.35, ±0.15"),
    ("sectors.industry_trade.hazard_rate", 0.012, 0.024, "hazards",
     "assumed 0.018 a day for the most numerous sector; ±1/3"),
    ("sectors.hazardous_chemicals.hazard_rate", 0.02, 0.04, "hazards",
     "assumed 0.03 a day for the deadliest sector; ±1/3"),
    ("hazards.natural_closure_rate", 0.0042, 0.0167, "hazards",
     "assumed 1/120 a day: routine repair within two to eight months"),
    ("sectors.industry_trade.accident_rate_major", 0.00015, 0.0006, "accidents",
     "assumed 3e-4 a day; half to twice"),
    ("sectors.hazardous_chemicals.p_fatal_major", 0.07, 0.14, "accidents", "assumed 0.105; ±1/3"),
    ("self_inspection.quarterly_detection_major", 0.25, 0.55, "self_inspection", "assumed 0.4, ±0.15"),
    ("rectification.compliance_base", 0.65, 0.95, "rectification", "assumed 0.8, ±0.15"),
    ("rectification.p_on_spot", 0.40, 0.80, "rectification",
     "assumed 0.6; Haifeng 2022 has 95% of found hazards fixed, on the spot or later"),
    ("deterrence.general_max", 0.10, 0.50, "deterrence", "assumed 0.3; no study gives the largest general cut"),
    ("deterrence.pressure_scale", 0.5, 2.0, "deterrence", "assumed 1 inspection an enterprise a year; half to twice"),
    ("deterrence.order_strength", 0.20, 0.60, "deterrence", "the range calibrated on the field trial (docs/model.md §13)"),
    ("deterrence.order_half_life_days", 730.0, 2920.0, "deterrence",
     "Haviland's effect lasts about 2 years, Levine's about 4 (docs/model.md)"),
    ("reports.no_reward_propensity", 0.10, 0.50, "reports", "assumed 0.3, ±0.2"),
    ("inspectors.admin_share", 0.30, 0.55, "inspectors",
     "assumed 0.4 of an inspector's hours on other duties; county bureaus report more"),
    ("costs.inspector_yearly", 150_000.0, 260_000.0, "costs",
     "assumed ¥200,000: salary and on-costs of a county inspector differ by province"),
    ("costs.training_per_inspector", 15_000.0, 60_000.0, "costs",
     "assumed ¥30,000: a course and certification, with the days away from work"),
)


def uncertainties_for(config: Config) -> list[Uncertainty]:
    """The uncertainties the analysis samples for `config`: the interim list, until
    `sim.config.uncertainty.uncertainties(config)` exists (then: `return uncertainties(config)`)."""
    return interim_uncertainties(config)


def interim_uncertainties(config: Config) -> list[Uncertainty]:
    """INTERIM with each default read from `config`; a range that does not hold the default is widened
    to hold it (a scenario may set a value outside the county_baseline ranges)."""
    found = []
    for key, low, high, group, why in INTERIM:
        default = float(config_value(config, key))
        found.append(Uncertainty(key=key, default=default, low=min(low, default), high=max(high, default),
                                 group=group, why=why))
    return found


def config_value(config: Config, key: str) -> object:
    """The value at a dotted key of a validated config (`sectors.industry_trade.hazard_rate`)."""
    node: object = config
    for part in key.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node
