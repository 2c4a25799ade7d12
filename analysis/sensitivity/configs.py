"""Every cell's validated config, fast: Hydra composes once per set of regime choices, not per cell.

A sensitivity sweep has hundreds of cells that differ only in plain `key=value` settings (up to two
hundred sampled parameters, a staffing level, a budget's derived settings). `sim.load_config` composes
each with Hydra (about 0.2 s a cell, as long as a replication), and setting two hundred keys on an
OmegaConf copy takes as long again. Here the scenario is composed and validated once for each
distinct list of config-group choices (`regimes/whistleblower=on`); each cell's plain settings are
set on a copy of that `Config`, each value of its field's type as OmegaConf would make it (a whole
number for a real field becomes a float), and the whole is validated as `sim.load_config` validates
it (`sim.config.validate.validate`): about a millisecond a cell. A key=value wins over a group option
in both, so the config is the same one (tests/unit/test_sensitivity.py compares them).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from sim.config.errors import ConfigError
from sim.config.loader import load_config
from sim.config.schema import Config
from sim.config.shape import unknown_key
from sim.config.validate import validate


class ConfigLoader:
    """Configs of `scenario` under `overrides` and each cell's own, composing each group choice once."""

    def __init__(self, scenario: str, overrides: Sequence[str]) -> None:
        self.scenario = scenario
        self.overrides = tuple(overrides)
        self._composed: dict[tuple[str, ...], Config] = {}

    def config(self, cell: Sequence[str]) -> Config:
        """The validated config of the scenario with the command's overrides, then `cell`'s."""
        choices = tuple(item for item in cell if is_group_choice(item))
        if choices not in self._composed:
            self._composed[choices] = load_config(self.scenario, [*self.overrides, *choices])
        config = copy.deepcopy(self._composed[choices])
        for item in cell:
            if not is_group_choice(item):
                key, _, value = item.partition("=")
                _set(config, key.strip(), value.strip())
        return validate(config)


def is_group_choice(item: str) -> bool:
    """Whether an override chooses a config group's option (`regimes/whistleblower=on`)."""
    return "/" in item.partition("=")[0]


def _set(config: Config, key: str, text: str) -> None:
    """Set the dotted `key` of `config` to `text` read as its field's type; ConfigError naming the key."""
    *path, last = key.split(".")
    node: object = config
    try:
        for part in path:
            node = node[part] if isinstance(node, dict) else getattr(node, part)
        old = node[last] if isinstance(node, dict) else getattr(node, last)
    except (AttributeError, KeyError, TypeError):
        raise ConfigError(key, text, unknown_key(key)) from None
    value = _typed(key, text, old)
    if isinstance(node, dict):
        node[last] = value
    else:
        setattr(node, last, value)


def _typed(key: str, text: str, old: object) -> object:
    """`text` as a value of `old`'s type: a bool, whole number, number or text (null for none)."""
    if text.lower() == "null":
        return None
    try:
        if isinstance(old, bool):
            return {"true": True, "false": False}[text.lower()]
        if isinstance(old, int):
            number = float(text)
            if number != int(number):
                raise ValueError(text)
            return int(number)
        if isinstance(old, float) or old is None:
            return float(text)
    except (KeyError, ValueError):
        kind = "true or false" if isinstance(old, bool) else "a whole number" if isinstance(old, int) else "a number"
        raise ConfigError(key, text, f"must be {kind}") from None
    if isinstance(old, str):
        return text
    raise ConfigError(key, text, "a list or mapping cannot be set by the sensitivity analysis; give it in the "
                                 "scenario or as a county override")
