"""Every cell's validated config, fast: Hydra composes once per set of regime choices, not per cell.

A sensitivity sweep has hundreds to thousands of cells that differ only in plain `key=value`
settings (the sampled parameters, a staffing level, a budget's derived settings). `sim.load_config`
composes each with Hydra (about 0.2 s a cell, as long as a replication); here the scenario is
composed once for each distinct list of config-group choices (`regimes/whistleblower=on`), and each
cell's plain settings are set on a copy and validated as `sim.load_config` validates them
(`sim.config.loader.to_config`). A key=value wins over a group option in both, so the config is the
same one (tests/unit/test_sensitivity.py compares them).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from omegaconf import DictConfig, OmegaConf

from sim.config.errors import ConfigError
from sim.config.loader import compose_config, to_config
from sim.config.schema import Config


class ConfigLoader:
    """Configs of `scenario` under `overrides` and each cell's own, composing each group choice once."""

    def __init__(self, scenario: str, overrides: Sequence[str]) -> None:
        self.scenario = scenario
        self.overrides = tuple(overrides)
        self._composed: dict[tuple[str, ...], DictConfig] = {}

    def config(self, cell: Sequence[str]) -> Config:
        """The validated config of the scenario with the command's overrides, then `cell`'s."""
        choices = tuple(item for item in cell if is_group_choice(item))
        plain = [item for item in cell if not is_group_choice(item)]
        if choices not in self._composed:
            self._composed[choices] = compose_config(self.scenario, [*self.overrides, *choices])[0]
        composed = copy.deepcopy(self._composed[choices])
        for item in plain:
            key, _, value = item.partition("=")
            try:
                OmegaConf.update(composed, key.strip(), parsed(value.strip()), merge=False)
            except Exception as error:   # noqa: BLE001 - omegaconf's key and type errors, as the loader's one line
                raise ConfigError(key.strip(), value, f"cannot be set: {' '.join(str(error).split())[:200]}") from None
        return to_config(composed)


def is_group_choice(item: str) -> bool:
    """Whether an override chooses a config group's option (`regimes/whistleblower=on`)."""
    return "/" in item.partition("=")[0]


def parsed(text: str) -> object:
    """A value as Hydra reads a plain override: a whole number, a number, true/false, null, or text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False, "null": None}.get(text.lower(), text)
