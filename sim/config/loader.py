"""Compose a scenario with Hydra, turn every failure into a ConfigError, validate."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import hydra.core.utils  # noqa: F401  (registers the ${now:} resolver)
from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import ConfigError
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
    """A composed DictConfig as a validated `Config` dataclass."""
    try:
        config = OmegaConf.to_object(cfg)
    except OmegaConfBaseException as error:
        raise _from_omegaconf(error) from None
    return validate(config)


def compose_config(scenario: str, overrides: Sequence[str] = ()) -> tuple[DictConfig, str]:
    """(model config, run directory) composed from conf/, the scenario and the overrides."""
    overrides = list(overrides)
    _refuse_structural_overrides(overrides)
    name = _register_scenarios(scenario)
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3", job_name="sim"):
            cfg = compose("config", overrides=[f"scenario={name}", *overrides], return_hydra_config=True)
    except (HydraException, OmegaConfBaseException) as error:
        raise _from_hydra(error, scenario, overrides) from None
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
        if item.split("=", 1)[0].strip() == "scenario":
            raise ConfigError("scenario", item, "choose the scenario with the scenario argument, not an override")


def _register_scenarios(scenario: str) -> str:
    """Store every scenario file as an option of group `scenario`; return the chosen name."""
    register()
    store = ConfigStore.instance()
    for path in SCENARIO_DIR.glob("*.yaml"):
        store.store(group="scenario", name=path.stem, node=OmegaConf.load(path), package="_global_")
    path = Path(scenario)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise ConfigError("scenario", scenario, "no such scenario file")
        try:
            node = OmegaConf.load(path)
        except Exception as error:  # a YAML syntax error, or a file that is not text
            raise ConfigError("scenario", scenario, "not a readable YAML file: "
                              + " ".join(str(error).split())) from None
        store.store(group="scenario", name=f"file:{path.stem}", node=node, package="_global_")
        return f"file:{path.stem}"
    if scenario not in available_scenarios():
        raise ConfigError("scenario", scenario, f"unknown scenario; available: {', '.join(available_scenarios())}")
    return scenario


def _from_omegaconf(error: OmegaConfBaseException) -> ConfigError:
    key = getattr(error, "full_key", None) or "config"
    value = getattr(error, "value", None)
    message = str(error).split("\n")[0]
    if "not in" in message or "Key '" in message:
        return ConfigError(key, value, "unknown key: it is not in the schema (see docs/model.md)")
    return ConfigError(key, value, message)


def _from_hydra(error: Exception, scenario: str, overrides: Sequence[str] = ()) -> ConfigError:
    message = str(error).split("\n")[0]
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
