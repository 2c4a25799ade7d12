"""Which folder a sweep may write into: the rule `python -m sim` keeps (sim/io.py), for sweeps.

A sweep's folder is checked before any work: it must be a folder this process can write, it must not
hold a `python -m sim` run's results (its `.hydra/config.yaml` or tables), and it must not hold
another sweep's tables. Another sweep is one whose resolved `sweep.yaml` records a different
scenario, command-line overrides, engine, seed, window, axes, budget or cells (`IDENTITY`); how much
and how it ran (replications, precision rounds, workers, backend, chunk size) and how it is read
(name, description, reference, outcome) do not make another sweep, so the same sweep run again
resumes, and a longer or precision run of it adds to its chunks. A folder with `cells.parquet` and no
`sweep.yaml` (a sweep stopped while writing its tables) is compared by its cells' labels. Other
files (a sweep report's report.md, the default study's staffing.md) are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import yaml

from sim.config.errors import ConfigError
from sim.io import RECORDED, check_writable
from sim.sweep.spec import SweepSpec

RUN_TABLES = ("replications.parquet", "events.parquet")   # a run's tables that a sweep never writes
IDENTITY = ("scenario", "overrides", "engine", "seed", "horizon_days", "axes", "budget", "cells")
SHOWN = 3   # differences named in the refusal


def resolved_axes(spec: SweepSpec) -> list[dict[str, str]]:
    """The axes as sweep.yaml records them."""
    return [{"name": axis.name, "kind": axis.kind} for axis in spec.axes]


def resolved_cells(spec: SweepSpec) -> list[dict[str, Any]]:
    """Every cell as sweep.yaml records it: its index, axis values and overrides."""
    return [{"cell": cell.index, "values": {k: _plain(v) for k, v in cell.values.items()},
             "overrides": list(cell.overrides)} for cell in spec.cells]


def identity(spec: SweepSpec, scenario: str, overrides: Sequence[str], horizon_days: int) -> dict[str, Any]:
    """What makes a sweep this sweep, as its sweep.yaml records it."""
    return {"scenario": scenario, "overrides": list(overrides), "engine": spec.engine, "seed": spec.seed,
            "horizon_days": horizon_days, "axes": resolved_axes(spec),
            "budget": None if spec.budget is None else spec.budget.as_dict(), "cells": resolved_cells(spec)}


def check_folder(folder: Path, key: str, mine: dict[str, Any]) -> None:
    """Refuse, before any work, a folder this sweep cannot or must not write into (ConfigError naming
    `key`, the setting that chose it)."""
    where = str(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(key, where, "is a file; give a folder for the sweep's tables")
    check_writable(key, folder)
    if not folder.is_dir():
        return
    if (folder / RECORDED).exists() or any((folder / name).exists() for name in RUN_TABLES):
        raise ConfigError(key, where, "holds the results of a run (python -m sim or a report), not a sweep's; give "
                                      "another folder, so that the sweep's tables are not mixed with them")
    changes = _changes(folder, mine)
    if changes:
        shown = "; ".join(changes[:SHOWN]) + (f"; and {len(changes) - SHOWN} more" if len(changes) > SHOWN else "")
        raise ConfigError(key, where, f"holds the tables of another sweep ({shown}); give another folder, or "
                                      "remove that one")


def _changes(folder: Path, mine: dict[str, Any]) -> list[str]:
    """How the sweep whose tables `folder` holds differs from `mine`, in words; [] when it is the same
    sweep or the folder holds no sweep's tables."""
    resolved = folder / "sweep.yaml"
    if resolved.exists():
        try:
            theirs = yaml.safe_load(resolved.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            return [f"a sweep.yaml that cannot be read: {error.__class__.__name__}"]
        if not isinstance(theirs, dict):
            return ["a sweep.yaml that is not a sweep's"]
        return [change for name in IDENTITY for change in _differ(name, theirs.get(name), mine[name])]
    cells = folder / "cells.parquet"
    if cells.exists():
        try:
            labels = pq.read_table(cells, columns=["cell", "label"]).to_pandas().drop_duplicates("cell")
        except Exception as error:   # noqa: BLE001 - any unreadable table is not this sweep's
            return [f"a cells.parquet that cannot be read: {error.__class__.__name__}"]
        there = dict(zip(labels["cell"].tolist(), labels["label"].tolist(), strict=True))
        here = {cell["cell"]: _label(cell["values"]) for cell in mine["cells"]}
        return [] if there == here else [_cells_differ(list(there.values()), list(here.values()))]
    return []


def _differ(name: str, theirs: Any, mine: Any) -> list[str]:
    if name == "overrides":
        a, b = _last(theirs or []), _last(mine)
        return [f"override {_written(key, a)} there, {_written(key, b)} here" for key in sorted(set(a) | set(b))
                if a.get(key) != b.get(key)]
    if name == "horizon_days":
        return [] if theirs == mine else [f"window: {theirs} days there, {mine} here"]
    if name == "cells":
        if theirs == mine:
            return []
        there = [_label(cell.get("values", {})) if isinstance(cell, dict) else str(cell) for cell in theirs or []]
        return [_cells_differ(there, [_label(cell["values"]) for cell in mine])
                if there != [_label(cell["values"]) for cell in mine] else "the cells' overrides differ"]
    if name == "axes":
        return [] if theirs == mine else [f"axes: {_names(theirs)} there, {_names(mine)} here"]
    if name == "budget":
        return [] if theirs == mine else ["the budget differs"]
    return [] if theirs == mine else [f"{name}: {theirs!r} there, {mine!r} here"]


def _last(overrides: Sequence[str]) -> dict[str, str]:
    """key -> value of a list of overrides, the last of a key counting, as it does in a run."""
    found: dict[str, str] = {}
    for item in overrides:
        key, _, value = str(item).partition("=")
        found[key.strip()] = value.strip()
    return found


def _written(key: str, overrides: dict[str, str]) -> str:
    return f"{key}={overrides[key]}" if key in overrides else "none"


def _cells_differ(there: list[str], here: list[str]) -> str:
    if len(there) != len(here):
        return f"{len(there)} cells there, {len(here)} here"
    j = next(j for j, (a, b) in enumerate(zip(there, here, strict=True)) if a != b)
    return f"cell {j}: {there[j]} there, {here[j]} here"


def _label(values: dict[str, Any]) -> str:
    return ", ".join(f"{name}={value}" for name, value in values.items())


def _names(axes: Any) -> str:
    return ", ".join(str(axis.get("name")) for axis in axes if isinstance(axis, dict)) if isinstance(axes, list) \
        else repr(axes)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
