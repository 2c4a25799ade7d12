"""Compose a scenario with Hydra, turn every failure into a ConfigError, validate.

Precedence, last wins (docs/config_groups.md): the schema's defaults, the sector physics, the
scenario file's own settings, the regime-group options (those the scenario's defaults list
chooses, then those chosen on the command line), and last every `key=value` override. The
scenario's choices are lifted out of its defaults list and passed as group overrides before the
user's, because Hydra places a group at its first entry in the defaults list (conf/config.yaml:
after the scenario), and a scenario cannot `override` a group declared after it.

Before Hydra sees them, the scenario file is read (sim/config/scenario_file.py) and every value it
and the command line write is checked against the schema's types (sim/config/shape.py), so every
mistake is one ConfigError naming the full key and the value as written. An error about a value the
scenario file writes, and nothing on the command line changes, names the file.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hydra.core.utils  # noqa: F401  (registers the ${now:} resolver)
from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException, MissingConfigException
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import (
    InterpolationKeyError,
    OmegaConfBaseException,
    UnsupportedInterpolationType,
    ValidationError,
)

from sim.config import groups
from sim.config.county_schema import DEFAULT_SECTOR_SHARES
from sim.config.errors import ConfigError
from sim.config.scenario_file import read_scenario, written_in
from sim.config.schema import Config, register
from sim.config.shape import check_body, check_written, slot, split_key, unknown_key, words
from sim.config.validate import validate

ROOT = Path(__file__).resolve().parents[2]
CONF_DIR = ROOT / "conf"
SCENARIO_DIR = ROOT / "scenarios"
HYDRA_KEYS = ("defaults", "hydra")  # top-level keys of a scenario file that Hydra reads itself


@dataclass(slots=True)
class Origin:
    """Where the values of a composed config were written: the scenario file, and what the command line set."""

    file: str                  # the scenario file, as the user named it (scenarios/<name>.yaml for a name)
    body: dict[str, Any]       # what the file sets, its regime choices taken out
    elsewhere: list[str] = field(default_factory=list)  # keys set on the command line, or by options chosen there
    folder: Path | None = None  # the scenario file's folder, which a relative path the file writes is read from

    def wrote(self, key: str) -> bool:
        """Whether the value at `key` is the file's: the file sets it and the command line does not."""
        parts = split_key(key)
        touched = any(_prefix(split_key(other), parts) or _prefix(parts, split_key(other)) for other in self.elsewhere)
        return not touched and written_in(self.body, key)


# The Origin of each config compose_config returned, by id (a DictConfig hashes by its content).
_ORIGINS: dict[int, tuple[weakref.ref, Origin]] = {}


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
    into `cfg` itself, so the config a run records shows the shares that ran. The county's files
    (`population.register`, `calibration.records`) are read and checked here (sim/county/attach.py):
    with a register, the enterprises and sector shares are the register's.
    """
    if OmegaConf.select(cfg, "population.sector_shares") == {}:
        cfg.population.sector_shares = dict(DEFAULT_SECTOR_SHARES)
    try:
        try:
            config = OmegaConf.to_object(cfg)
        except OmegaConfBaseException as error:
            raise _from_omegaconf(error, cfg) from None
        from sim.county.attach import attach  # here: sim.county imports sim.config

        origin = origin_of(cfg)
        attach(config, origin.folder if origin else None, origin.wrote if origin else lambda key: False)
        return validate(config)
    except ConfigError as error:
        origin = origin_of(cfg)
        if error.where is None and origin is not None and origin.wrote(error.key):
            raise error.located(origin.file) from None
        if error.key == "population.sector_shares" and origin is not None and error.key in origin.elsewhere:
            raise ConfigError(error.key, error.value, error.allowed + "; a mapping given on the command line is "
                              "merged into the scenario's shares, so give every sector its share, 0 to drop one") \
                from None
        raise


def origin_of(cfg: DictConfig) -> Origin | None:
    """Where the values of a config that compose_config returned were written (None for any other)."""
    entry = _ORIGINS.get(id(cfg))
    return entry[1] if entry is not None and entry[0]() is cfg else None


def compose_config(scenario: str, overrides: Sequence[str] = ()) -> tuple[DictConfig, str]:
    """(model config, run directory) composed from conf/, the scenario and the overrides."""
    overrides = [_quoted_path(item) for item in overrides]
    _check_overrides(overrides)
    name, chosen, origin = _register_scenario(scenario)
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
        raise _from_omegaconf(error, cfg) from None
    if not run_dir.strip():
        raise ConfigError("hydra.run.dir", run_dir, "must name a folder to write the run into")
    with open_dict(cfg):
        cfg.pop("hydra")
    origin.elsewhere = _set_on_command_line(overrides)
    _remember(cfg, origin)
    return cfg, run_dir


def _quoted_path(item: str) -> str:
    """A file path on the command line (`population.register=企业名录.xlsx`) quoted for Hydra, whose override
    grammar takes neither Chinese characters nor spaces unquoted; any other override as it is."""
    key, _, value = item.partition("=")
    found = slot(key.strip()) if "=" in item and not key.startswith(("+", "~")) else None
    if (found is None or found.rule != "data_file" or value.strip()[:1] in ("'", '"') or "${" in value
            or "," in value):   # a comma list stays one, for Hydra to call it several values
        return item
    return f"{key}='" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _set_on_command_line(overrides: Sequence[str]) -> list[str]:
    """The keys the overrides set: those of key=value, and those the regime options chosen there set."""
    keys = []
    for item in overrides:
        key, option = (part.strip() for part in item.split("=", 1))
        if key.startswith(groups.PREFIX):
            keys += [f"regimes.{key.removeprefix(groups.PREFIX)}.{k}" for k in groups.settings(key, option)]
        elif not _is_choice(item):
            keys.append(key)
    return keys


def _remember(cfg: DictConfig, origin: Origin) -> None:
    key = id(cfg)
    _ORIGINS[key] = (weakref.ref(cfg, lambda _: _ORIGINS.pop(key, None)), origin)


def _prefix(short: list[str], long: list[str]) -> bool:
    return long[:len(short)] == short


def _check_overrides(overrides: Sequence[str]) -> None:
    """Refuse, one at a time, an override that is not one key set to one value of the right shape."""
    parser = OverridesParser.create()
    for item in overrides:
        if item.startswith(("+", "~")):
            raise ConfigError(item.split("=")[0], item, "adding or deleting keys is not allowed: every key is "
                              "in the schema (docs/model.md); override it as key=value")
        if "=" not in item:
            raise ConfigError(item, item, "an override must be written key=value")
        key, value = (part.strip() for part in item.split("=", 1))
        if not key:
            raise ConfigError(item, item, "an override must be written key=value, with the key before the =")
        if key == "scenario":
            raise ConfigError("scenario", item, "choose the scenario with the scenario argument, not an override")
        if key.startswith("range."):
            raise ConfigError(key, value, "a plausible range is read by the commands that sample within ranges "
                                          "(python -m sim.config.uncertainty, sensitivity analysis, calibration), not "
                                          "by a run, which takes one value of each key")
        _refuse_section(key, value)
        try:
            parsed = parser.parse_overrides([item])[0]
        except HydraException:
            if re.search(r"\[[0-9]+\]", key):
                dotted = re.sub(r"\[([0-9]+)\]", r".\1", key)
                raise ConfigError(key, value, f"is not a key on the command line: an entry of a list is written "
                                              f"{dotted}") from None
            if not re.fullmatch(r"[^.\s]+(\.[^.\s]+)*", key):
                raise ConfigError(key, value, "is not a key: a key is names joined by single dots, like "
                                              "inspectors.count") from None
            if not re.fullmatch(r"[A-Za-z0-9_/@-]+(\.[A-Za-z0-9_/@-]+)*", key):
                raise ConfigError(key, value, unknown_key(key)) from None  # no key has other characters
            raise ConfigError(key, value, "cannot be read as one value: close its brackets and quotes, and quote "
                                          "text that holds brackets, braces, commas or quotes ('...')") from None
        if parsed.is_sweep_override():
            raise ConfigError(key, value, _one_value(key, value))
        if key.startswith(groups.PREFIX):
            _check_choice(key, value)
        if _is_choice(item) or key.split(".")[0] == "hydra":
            continue  # a config group's option, or Hydra's own settings: Hydra checks them
        if slot(key) is None:
            raise ConfigError(key, value, unknown_key(key))
        check_written(parsed.value(), key)


def _is_choice(item: str) -> bool:
    """Whether an override chooses a config group's option (`sectors=...`, `regimes/x=...`), not a key."""
    key = item.split("=", 1)[0].strip()
    return "/" in key or ("." not in key and (CONF_DIR / key).is_dir())


def _one_value(key: str, value: str) -> str:
    """A comma list, range(...) or choice(...) is a sweep to Hydra: several runs. Say so, for this key."""
    text = f"one run takes one value of each key, and {value} is several values (a sweep over runs)"
    found = slot(key)
    if found is not None and words(found.tp).startswith("a list"):
        return text + f"; a list is written in brackets: {key}=[{value}]"
    if found is not None and words(found.tp) == "text":
        return text + f"; to write text with a comma, quote it: {key}='{value}'"
    return text


def _refuse_section(key: str, value: str) -> None:
    """`regimes.whistleblower=on` is a typo for the group choice `regimes/whistleblower=on`: say so."""
    group = key.replace(".", "/", 1)
    if key != group and group in groups.groups():
        raise ConfigError(key, value, f"is a section, not a value; to choose a setting of the regime write "
                                      f"{group}={value} (docs/config_groups.md)")


def _register_scenario(scenario: str) -> tuple[str, list[str], Origin]:
    """Store the chosen scenario file as an option of group `scenario`, after checking its body.

    Returns its name there, the regime-group choices of its defaults list (as overrides) and its Origin.
    """
    register()
    path = Path(scenario).expanduser()
    if path.suffix.lower() in (".yaml", ".yml"):
        if not path.exists() and len(path.parts) == 1 and path.stem in available_scenarios():
            raise ConfigError("scenario", scenario, f"no such scenario file; the scenario in scenarios/ is "
                                                    f"named without .yaml: scenario={path.stem}")
        name, file = f"file:{path.stem}", scenario
    elif scenario in available_scenarios():
        name, path, file = scenario, SCENARIO_DIR / f"{scenario}.yaml", f"scenarios/{scenario}.yaml"
    elif path.is_file():
        raise ConfigError("scenario", scenario, "a scenario file's name must end in .yaml or .yml")
    elif path.is_dir():
        raise ConfigError("scenario", scenario, "is a folder, not a scenario file: name a .yaml file")
    else:
        raise ConfigError("scenario", scenario, f"unknown scenario; available: {', '.join(available_scenarios())}")
    body, choices = _split_choices(read_scenario(path, file), file)
    check_body(body, file, skip=HYDRA_KEYS)
    for group, option in choices:
        _check_choice(group, option, f"; chosen in the defaults list of scenario {scenario}")
        _refuse_conflict(body, group, option, scenario)
    ConfigStore.instance().store(group="scenario", name=name, node=OmegaConf.create(body), package="_global_")
    return name, [f"{group}={option}" for group, option in choices], Origin(file, body, folder=path.resolve().parent)


def _split_choices(node: dict[str, Any], file: str) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """A scenario without the `regimes/...` entries of its defaults list, and those as (group, option).

    `regimes/x: opt`, `/regimes/x: opt` and `override /regimes/x: opt` are the same choice.
    """
    if "defaults" not in node:
        return node, []
    if not isinstance(node["defaults"], list):
        raise ConfigError("defaults", node["defaults"], "must be a list, each entry a choice like "
                                                        "'- regimes/whistleblower: on' (docs/config_groups.md)", file)
    kept, choices = [], []
    for item in node["defaults"]:
        choice = _choice(item)
        (choices if choice else kept).append(choice or item)
    body = dict(node)
    if kept in ([], ["_self_"]):
        del body["defaults"]
    else:
        body["defaults"] = kept
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


def _refuse_conflict(body: dict[str, Any], group: str, option: str, scenario: str) -> None:
    """Refuse a scenario that sets a key its own chosen option sets: the option, applied after
    the scenario file, would silently win."""
    regime = group.removeprefix(groups.PREFIX)
    own = dict(groups.leaves(body.get("regimes", {}).get(regime, {})))
    for key in groups.settings(group, option):
        if key in own:
            raise ConfigError(f"regimes.{regime}.{key}", own[key],
                              f"set by scenario {scenario} and by the option {group}={option} of its defaults "
                              f"list, which is applied after the scenario file; set it in one place")


def _from_omegaconf(error: OmegaConfBaseException, cfg: DictConfig | None = None) -> ConfigError:
    key = getattr(error, "full_key", None) or "config"
    value = getattr(error, "value", None)
    message = str(error).split("\n")[0]
    written = _written(cfg, key)
    if isinstance(error, InterpolationKeyError):
        name = re.search(r"key '([^']+)'", message)
        return ConfigError(key, written, f"refers to {name.group(1) if name else 'a key'}, which is not a key of "
                                         "the config; an interpolation ${...} must name one (docs/model.md)")
    if isinstance(error, UnsupportedInterpolationType):
        name = re.search(r"type:? '?([\w.-]+)", message)
        return ConfigError(key, written, f"uses the resolver {name.group(1) if name else ''}, which does not "
                                         "exist; write the value itself")
    if "not in" in message or "Key '" in message:
        return ConfigError(key, value, unknown_key(key))
    found = slot(key) if key != "config" else None
    if isinstance(error, ValidationError) and found is not None:
        # A value of the wrong type, as an interpolation resolves it: say what the key takes.
        allowed = "must be " + words(found.tp, found.rule) + (", not null" if value is None else "")
        if isinstance(written, str) and "${" in written:
            return ConfigError(key, written, f"{allowed} ({written} is {value!r})")
        return ConfigError(key, value, allowed)
    return ConfigError(key, value, message)


def _written(cfg: DictConfig | None, key: str) -> Any:
    """The value at `key` as written, interpolations unresolved (None when it cannot be found)."""
    if cfg is None:
        return None
    node: Any = OmegaConf.to_container(cfg, resolve=False)
    for part in split_key(key):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


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
