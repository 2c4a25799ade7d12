"""A report is of one county: the results a folder holds must be of one scenario run on one county.

The report puts one county's name, staff and window over every section, each from another result
(the staffing answer from one sweep, the regimes from another, the anchor from the field trial), so
results of two scenarios, or of one scenario given different county settings, would be read as one
county's. Each result's county is its scenario and the config it ran, compared on the keys that make
the county: run settings (engine, replications, seed, workers), names and descriptions are not the
county, and neither is the trial section, nor, for a field trial, the window it lengthens to follow
its enterprises four years. A sweep's county is its scenario under the overrides on its command line
(sweep.yaml's `scenario` and `overrides`), before each cell's own changes: its cells are the
questions asked of that county.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from omegaconf import OmegaConf

import sim
from analysis.sweep_tables import Sweep
from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.io import differences

NOT_THE_COUNTY = ("name", "description", "sources", "engine", "replications", "seed", "n_jobs", "trial")
TRIAL_WINDOW = ("horizon_days",)   # a field trial lengthens it so that four years follow its date
SHOWN = 3                          # differences named in the message
LONGEST = 40                       # characters of a value shown in the message
HOW = ("a report is of one county: report each apart, pointing python -m analysis.report at its own folder "
       "(or at a folder holding only its results)")


@dataclass(frozen=True, slots=True)
class Part:
    """One result of a folder: its folder's name, its scenario and its county (None: its config cannot
    be loaded here, e.g. a sweep of a scenario file since moved; only its scenario's name is compared)."""

    name: str
    scenario: str
    county: dict | None
    trial: bool = False


def check_one_county(folder: Path, argument: str, parts: Sequence[Part]) -> None:
    """ConfigError naming `argument` = `folder` when `parts` are of several scenarios, or of one
    scenario on different counties (the first part that differs from the first part that is not a
    field trial, whose window every other part shares)."""
    scenarios: dict[str, list[str]] = {}
    for part in parts:
        scenarios.setdefault(part.scenario, []).append(part.name)
    if len(scenarios) > 1:
        found = [f"{scenario} in {', '.join(names)}" for scenario, names in scenarios.items()]
        raise ConfigError(argument, str(folder), f"holds the results of {len(scenarios)} scenarios, "
                                                 f"{', '.join(found[:-1])} and {found[-1]}; {HOW}")
    known = sorted((part for part in parts if part.county is not None), key=lambda part: part.trial)
    first = known[0] if known else None
    for other in known[1:]:
        skip = TRIAL_WINDOW if first.trial or other.trial else ()
        changes = differences(_county(first.county, skip), _county(other.county, skip))
        if changes:
            shown = "; ".join(f"{key}: {_short(a)} in {first.name}, {_short(b)} in {other.name}"
                              for key, a, b in changes[:SHOWN])
            more = f"; and {len(changes) - SHOWN} more" if len(changes) > SHOWN else ""
            raise ConfigError(argument, str(folder), f"holds the results of {first.scenario} run on different counties "
                                                     f"({shown}{more}); {HOW}")


def run_part(folder: Path, config: Config) -> Part:
    return Part(folder.name, config.name, _tree(config), config.trial.enabled)


def sweep_part(sweep: Sweep, loaded: dict[tuple, Config | None]) -> Part:
    """The sweep's scenario and county; `loaded` caches configs by (scenario, overrides), as the
    sweeps of one study share them."""
    scenario, overrides = str(sweep.resolved.get("scenario", "")), tuple(sweep.resolved.get("overrides") or ())
    if (scenario, overrides) not in loaded:
        try:
            loaded[scenario, overrides] = sim.load_config(scenario, list(overrides))
        except ConfigError:
            loaded[scenario, overrides] = None
    config = loaded[scenario, overrides]
    if config is None:
        return Part(sweep.folder.name, Path(scenario).stem, None)
    return Part(sweep.folder.name, config.name, _tree(config))


def _tree(config: Config) -> dict:
    return OmegaConf.to_container(OmegaConf.structured(config))


def _county(tree: dict, skip: tuple[str, ...]) -> dict:
    return {key: value for key, value in tree.items() if key not in NOT_THE_COUNTY and key not in skip}


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= LONGEST else shown[:LONGEST - 3] + "..."
