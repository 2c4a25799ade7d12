"""Setting up a county: a base scenario, the planner's changes and the county's files, checked by the
command line's own loader (`sim.load_config`) and saved as a scenario file `python -m sim` runs as it is.

Each changed setting is checked alone first, so every bad value is refused beside its own field with
the command line's one-line message, then all of them together with the files. The saved file is the
base scenario's body with the changes written in, the regime options of its defaults list written out
as the values they set (so a change to one of those keys is not silently undone by the option), and
the files named relative to it; it is written beside its final name, loaded, and only then moved in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import sim
from analysis.workbench.fields import Setting, all_settings
from analysis.workbench.workspace import Workspace
from sim.config import groups
from sim.config.errors import ConfigError
from sim.config.loader import SCENARIO_DIR, available_scenarios
from sim.config.scenario_file import read_scenario

SHIPPED, SAVED = "shipped", "saved"


@dataclass(slots=True)
class Checked:
    """What checking a form gave: the changes as overrides, and the errors by key ('' for the whole)."""

    overrides: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    config: sim.Config | None = None


def base_choices(workspace: Workspace) -> list[str]:
    """The scenarios a county can start from: 'shipped:<name>' for scenarios/, 'saved:<name>' for the workspace's."""
    return [f"{SHIPPED}:{name}" for name in available_scenarios()] + \
           [f"{SAVED}:{name}" for name in workspace.saved_scenarios()]


def base_path(workspace: Workspace, choice: str) -> Path:
    """The file of a base scenario choice; ValueError for one that is not offered."""
    where, _, name = choice.partition(":")
    if where == SHIPPED and name in available_scenarios():
        return SCENARIO_DIR / f"{name}.yaml"
    if where == SAVED:
        path = workspace.scenario_file(name)
        if path.is_file():
            return path
    raise ValueError(f"scenario = {choice!r}: not one of the scenarios offered")


def text_of(value: Any) -> str:
    """A value as the form shows it (and as an override writes it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def check_form(path: Path, submitted: dict[str, str], files: dict[str, Path | None]) -> Checked:
    """The planner's form against the scenario at `path`: `submitted` the text of each setting (a switch
    'true' or 'false'), `files` the register and records chosen (None: the scenario's own)."""
    base = sim.load_config(str(path))
    checked = Checked()
    for item in all_settings():
        text = submitted.get(item.key, text_of(item.value_of(base))).strip()
        if text == text_of(item.value_of(base)):
            continue
        checked.overrides[item.key] = text
        if "${" in text:
            checked.errors[item.key] = str(ConfigError(item.key, text, "write the value itself: the page takes no "
                                                                      "interpolation ${...}"))
            continue
        try:
            sim.load_config(str(path), [f"{item.key}={text}"])
        except ConfigError as error:
            checked.errors[item.key] = str(error)
    if checked.errors:
        return checked
    data = [f"{key}={value}" for key, value in _file_keys(files).items()]
    try:
        checked.config = sim.load_config(str(path), [*data, *(f"{k}={v}" for k, v in checked.overrides.items())])
    except ConfigError as error:
        key = error.key if error.key in checked.overrides or error.key in _file_keys(files) else ""
        checked.errors[key] = str(error)
    return checked


def save_scenario(workspace: Workspace, name: str, path: Path, checked: Checked, files: dict[str, Path | None],
                  title: str = "") -> Path:
    """Write the checked county as `scenarios/<name>.yaml` in the workspace; ConfigError if the file, loaded
    as the command line loads it, is refused (then nothing is left behind)."""
    target = workspace.scenario_file(name)
    body = _flattened(read_scenario(path, str(path)), path.parent)
    for key in checked.overrides:
        _put(body, key, _typed(key, checked.config))
    for key, file in files.items():
        if file is not None:
            _put(body, key, os.path.relpath(file, target.parent))
    body["name"] = name
    body["title"] = body["title_zh"] = title or name
    changes = ", ".join(f"{key}={value}" for key, value in checked.overrides.items())
    body["description"] = f"Saved from {path.stem}" + (f", changed: {changes}" if changes else "")
    body["description_zh"] = f"由 {path.stem} 修改保存" + (f"：{changes}" if changes else "")
    staging = target.with_name(f"_saving_{name}.yaml")   # not a scenario name: never listed
    staging.write_text(_header(path) + yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        sim.load_config(str(staging))
    except ConfigError:
        staging.unlink(missing_ok=True)
        raise
    os.replace(staging, target)
    return target


def _file_keys(files: dict[str, Path | None]) -> dict[str, str]:
    return {key: str(file) for key, file in files.items() if file is not None}


def _typed(key: str, config: sim.Config | None) -> Any:
    setting: Setting = next(item for item in all_settings() if item.key == key)
    return setting.value_of(config)


def _flattened(body: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The body with its regime options written out as values and its file paths made absolute."""
    body = dict(body)
    kept = []
    for entry in body.pop("defaults", []) or []:
        choice = entry if isinstance(entry, dict) and len(entry) == 1 else None
        group = str(next(iter(choice))).removeprefix("override ").strip().lstrip("/") if choice else ""
        if not group.startswith(groups.PREFIX):
            kept.append(entry)
            continue
        option = next(iter(choice.values()))
        option = {True: "on", False: "off"}.get(option, option) if isinstance(option, bool) else option
        for key, value in groups.settings(group, option).items():
            _put(body, f"regimes.{group.removeprefix(groups.PREFIX)}.{key}", value)
    if kept not in ([], ["_self_"]):
        body["defaults"] = kept
    for key in ("population.register", "calibration.records"):
        value = _get(body, key)
        if value and not Path(value).is_absolute():
            _put(body, key, str((folder / value).resolve()))
    return body


def _put(body: dict[str, Any], key: str, value: Any) -> None:
    node = body
    *parents, last = key.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _get(body: dict[str, Any], key: str) -> Any:
    node: Any = body
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _header(path: Path) -> str:
    return (f"# Saved by the planner's workbench (python -m analysis.workbench) from {path.name}.\n"
            "# Run it: python -m sim scenario=<this file>   (paths below are read from this file's folder)\n")
