"""Regime config groups: `conf/regimes/<name>/<option>.yaml`, one Hydra group per regime.

An option is a named setting of one regime (`off`, `on`, `high_reward` …) that a planner picks on
the command line (`regimes/whistleblower=high_reward`) or in a scenario's defaults list. It sets
only the keys in its file, so every other key keeps the scenario's value. This module reads the
option files, for the loader (which options exist, what each sets) and for the listing in
docs/config_groups.md (`sim/config/groups_doc.py`).

Every option file opens with three comment lines: `# @package regimes.<name>`,
`# <option>: <what it does>` and `# source: <document id, or "assumed">`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from omegaconf import OmegaConf

from sim.config.regime_schema import REGIMES

ROOT = Path(__file__).resolve().parents[2]
GROUP_DIR = ROOT / "conf" / "regimes"
PREFIX = "regimes/"


def groups() -> list[str]:
    """Every regime group, `regimes/<name>`, in schema order."""
    return [PREFIX + name for name in REGIMES]


def options(group: str) -> list[str]:
    """The options of a group (its file names, sorted); empty for an unknown group."""
    if group not in groups():
        return []
    return sorted(path.stem for path in (GROUP_DIR / group.removeprefix(PREFIX)).glob("*.yaml"))


def settings(group: str, option: str) -> dict[str, Any]:
    """What an option sets: key under `regimes.<name>` (dotted) -> value, in file order."""
    node = OmegaConf.to_container(OmegaConf.load(_path(group, option)))
    return dict(leaves(node))


def header(group: str, option: str) -> tuple[str, str]:
    """(what the option does, its source) from the option file's comment lines."""
    lines = _path(group, option).read_text(encoding="utf-8").splitlines()
    what = lines[1].removeprefix(f"# {option}:").strip()
    source = lines[2].removeprefix("# source:").strip()
    return what, source


def leaves(node: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of every leaf of nested dicts; a list is one leaf."""
    if not isinstance(node, dict):
        yield prefix, node
        return
    for key, value in node.items():
        yield from leaves(value, f"{prefix}.{key}" if prefix else str(key))


def _path(group: str, option: str) -> Path:
    return GROUP_DIR / group.removeprefix(PREFIX) / f"{option}.yaml"
