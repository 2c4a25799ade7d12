"""Compose a scenario with Hydra, turn every failure into a ConfigError, validate.

Precedence, last wins (docs/config_groups.md): the schema's defaults, the sector physics, the
scenario file's own settings, the regime-group options (those the scenario's defaults list
chooses, then those chosen on the command line), and last every `key=value` override. The
scenario's choices are lifted out of its defaults list and passed as group overrides before the
user's, because Hydra places a group at its first entry in the defaults list (conf/config.yaml:
after the scenario), and a scenario cannot `override` a group declared after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import hydra.core.utils  # noqa: F401  (registers the ${now:} resolver)
from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.errors import HydraException, MissingConfigException
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import OmegaConfBaseException

from sim.config import groups
from sim.config.errors import ConfigError
from sim.config.model_schema import DEFAULT_SECTOR_SHARES
from sim.config.schema import Config, register
from sim.config.validate import validate

ROOT = Path(__file__).resolve().parents[2]
CONF_DIR = ROOT / "conf"
SCENARIO_DIR = ROOT / "scenarios"


def available_scenarios() -> list[str]:
    """Names of the scenario files in `scenarios/`."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def load_config(scenario: str = "county_baseline", overrides: Sequence[str] = ()) -> Config:
    """The validated config of a scenario (a name in `scenarios/` or a path to a YAML file).

    Overrides use Hydra's `key=value` syntax; every key must already exist in the schema.
    """
    cfg, _ = compose_config(scenario, overrides)
    return to_config(cfg)


def to_config(cfg: DictConfig) -> Config:
    """A composed DictConfig as a validated `Config` dataclass.

    An empty `population.sector_shares` is the default mix (DEFAULT_SECTOR_SHARES); it is written
    into `cfg` itself, so the config a run records shows the shares that ran.
    """
    if OmegaConf.select(cfg, "population.sector_shares") == {}:
        cfg.population.sector_shares = dict(DEFAULT_SECTOR_SHARES)
    try:
        config = OmegaConf.to_object(cfg)
    except OmegaConfBaseException as error:
        raise _from_omegaconf(error) from None
    return validate(config)


def compose_config(scenario: str, overrides: Sequence[str] = ()) -> tuple[DictConfig, str]:
    """(model config, run directory) composed from conf/, the scenario and the overrides."""
    overrides = list(overrides)
    _refuse_structural_overrides(overrides)
    name, chosen = _register_scenarios(scenario)
    written = [*chosen, *overrides]  # a command-line choice of a group comes later, so it wins
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3", job_name="sim"):
            cfg = compose("config", overrides=[f"scenario={name}", *written], return_hydra_config=True)
    except (HydraException, OmegaConfBaseException) as error:
        raise _from_hydra(error, scenario, written) from None
    finally:
        GlobalHydra.instance().clear()
    try:
        run_dir = str(OmegaConf.select(cfg, "hydra.run.dir"))
    except OmegaConfBaseException as error:
        raise ConfigError("hydra.run.dir", None, str(error).split("\n")[0]) from None
    with open_dict(cfg):
        cfg.pop("hydra")
    return cfg, run_dir


def _refuse_structural_overrides(overrides: Sequence[str]) -> None:
    for item in overrides:
        if item.startswith(("+", "~")):
            raise ConfigError(item.split("=")[0], item, "adding or deleting keys is not allowed: every key is "
                              "in the schema (docs/model.md); override it as key=value")
        if "=" not in item:
            raise ConfigError(item, item, "an override must be written key=value")
        key, value = (part.strip() for part in item.split("=", 1))
        if key == "scenario":
            raise ConfigError("scenario", item, "choose the scenario with the scenario argument, not an override")
        if key.startswith(groups.PREFIX):
            _check_choice(key, value)
        _refuse_section(key, value)


def _refuse_section(key: str, value: str) -> None:
    """`regimes.whistleblower=on` is a typo for the group choice `regimes/whistleblower=on`: say so."""
    group = key.replace(".", "/", 1)
    if key != group and group in groups.groups():
        raise ConfigError(key, value, f"is a section, not a value; to choose a setting of the regime write "
                                      f"{group}={value} (docs/config_groups.md)")


def _register_scenarios(scenario: str) -> tuple[str, list[str]]:
    """Store every scenario file as an option of group `scenario`.

    Returns the chosen name and the regime-group choices of its defaults list, as overrides.
    """
    register()
    store = ConfigStore.instance()
    found = {path.stem: _split_choices(OmegaConf.load(path)) for path in SCENARIO_DIR.glob("*.yaml")}
    for stem, (body, _) in found.items():
        store.store(group="scenario", name=stem, node=body, package="_global_")
    path = Path(scenario)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise ConfigError("scenario", scenario, "no such scenario file")
        try:
            node = OmegaConf.load(path)
        except Exception as error:  # a YAML syntax error, or a file that is not text
            raise ConfigError("scenario", scenario, "not a readable YAML file: "
                              + " ".join(str(error).split())) from None
        name, (body, choices) = f"file:{path.stem}", _split_choices(node)
        store.store(group="scenario", name=name, node=body, package="_global_")
    elif scenario in found:
        name, (body, choices) = scenario, found[scenario]
    else:
        raise ConfigError("scenario", scenario, f"unknown scenario; available: {', '.join(available_scenarios())}")
    for group, option in choices:
        _check_choice(group, option, f"; chosen in the defaults list of scenario {scenario}")
        _refuse_conflict(body, group, option, scenario)
    return name, [f"{group}={option}" for group, option in choices]


def _split_choices(node: DictConfig) -> tuple[DictConfig, list[tuple[str, Any]]]:
    """A scenario without the `regimes/...` entries of its defaults list, and those as (group, option).

    `regimes/x: opt`, `/regimes/x: opt` and `override /regimes/x: opt` are the same choice.
    """
    if "defaults" not in node:
        return node, []
    kept, choices = [], []
    for item in OmegaConf.to_container(node.defaults):
        choice = _choice(item)
        (choices if choice else kept).append(choice or item)
    body = node.copy()
    if kept in ([], ["_self_"]):
        del body["defaults"]
    else:
        body.defaults = kept
    return body, choices


def _choice(item: Any) -> tuple[str, Any] | None:
    """(group, option) of a defaults entry that picks a regime group's option, else None.

    YAML reads a bare on or off as a boolean, so true and false are the options on and off.
    """
    if not (isinstance(item, dict) and len(item) == 1):
        return None
    (key, option), = item.items()
    group = str(key).removeprefix("override ").strip().lstrip("/")
    if not group.startswith(groups.PREFIX):
        return None
    return group, ({True: "on", False: "off"}[option] if isinstance(option, bool) else option)


def _check_choice(group: str, option: Any, where: str = "") -> None:
    """Refuse an unknown regime group, or an option that is not one of its files."""
    if group not in groups.groups():
        raise ConfigError(group, option, f"no such config group; the regime groups are "
                                         f"{', '.join(groups.groups())} (docs/config_groups.md){where}")
    if not isinstance(option, str) or option not in groups.options(group):
        raise ConfigError(group, option, f"no such option of config group {group}; the options are "
                                         f"{', '.join(groups.options(group))} (docs/config_groups.md){where}")


def _refuse_conflict(body: DictConfig, group: str, option: str, scenario: str) -> None:
    """Refuse a scenario that sets a key its own chosen option sets: the option, applied after
    the scenario file, would silently win."""
    regime = group.removeprefix(groups.PREFIX)
    own = dict(groups.leaves(OmegaConf.to_container(body).get("regimes", {}).get(regime, {})))
    for key in groups.settings(group, option):
        if key in own:
            raise ConfigError(f"regimes.{regime}.{key}", own[key],
                              f"set by scenario {scenario} and by the option {group}={option} of its defaults "
                              f"list, which is applied after the scenario file; set it in one place")


def _from_omegaconf(error: OmegaConfBaseException) -> ConfigError:
    key = getattr(error, "full_key", None) or "config"
    value = getattr(error, "value", None)
    message = str(error).split("\n")[0]
    if "not in" in message or "Key '" in message:
        return ConfigError(key, value, "unknown key: it is not in the schema (see docs/model.md)")
    return ConfigError(key, value, message)


def _from_hydra(error: Exception, scenario: str, overrides: Sequence[str] = ()) -> ConfigError:
    message = str(error).split("\n")[0]
    missing = re.search(r"Could not find '([^']+)/([^'/]+)'", message)
    if isinstance(error, MissingConfigException) and missing:
        # A group option that is not there (sectors=nowhere): name the group and its options.
        options = ", ".join(sorted(error.options or []))
        return ConfigError(missing.group(1), missing.group(2),
                           f"no such option of config group {missing.group(1)}; the options are {options}")
    match = re.search(r"override '([^']+)'", message) or re.search(r"key '([^']+)'", message)
    cause: Any = error
    # Hydra re-raises OmegaConf errors sometimes `from` them, sometimes only while handling them.
    while not isinstance(cause, OmegaConfBaseException) and (cause.__cause__ or cause.__context__) is not None:
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, OmegaConfBaseException):
        config_error = _from_omegaconf(cause)
        written = dict(item.split("=", 1) for item in overrides if "=" in item)
        if match and config_error.value is None and match.group(1) in written:
            # An unknown key: name the override as written, with its value, not None.
            return ConfigError(match.group(1), written[match.group(1)], config_error.allowed)
        return config_error
    return ConfigError(match.group(1) if match else "overrides", scenario, message)
