"""A sweep: the cells (configs) it runs, from axes over config keys, and how many replications of each.

A sweep file (conf/sweep/<name>.yaml) names axes; the sweep's cells are every combination of one
value from each axis (the grid). An axis is one of:

- `key` with `values` (a list) or `range` ({start, stop, step}, stop included when the steps reach it):
  one config key taking each value (`inspectors.count: 0, 10, ... 90`);
- `keys` with `values`, a list of lists as long as `keys`: keys that move together (zipped), as a
  budget's headcount and training share do;
- `options`: named lists of overrides (`whistleblower: [regimes/whistleblower=on]`), for choices that
  are not one number: regimes, dispatch rules.

A `budget` (sim/sweep/budget.py) adds one more axis, first, named `mix` by default: its options are
yearly allocations of a fixed budget between the levers, and each cell's settings are derived from
them at the cell's prices (`sim.sweep.budget.priced`, once the scenario is known). A budget sweep may
have no other axis.

Every cell is a list of `key=value` overrides applied after the sweep's own scenario overrides, and
is validated like any run before any work starts. The reference cell (`reference`: a value for
each axis, or nothing for the first cell) is what the paired differences are taken against.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from sim.config.errors import ConfigError
from sim.sweep.budget import Budget, parse_budget
from sim.sweep.collisions import refuse_sweep_collisions

BACKENDS = ("joblib", "dask")
ENGINES = ("numba", "simpy")
TOP_KEYS = ("name", "description", "source", "overrides", "axes", "reference", "replications", "engine", "seed",
            "n_jobs", "backend", "scheduler", "chunk", "outcome", "precision", "budget")
PRECISION_KEYS = ("half_width", "max_replications", "round")


@dataclass(frozen=True, slots=True)
class Axis:
    """One axis of the grid: its name, and for each of its points a label and the overrides it sets."""

    name: str
    labels: tuple[str, ...]
    overrides: tuple[tuple[str, ...], ...]
    values: tuple[Any, ...]      # what the cell table records for the axis (the value, or the option's name)
    kind: str = "key"            # key (one setting), keys (zipped), options (named overrides) or budget
    where: str = "sweep.axes"    # the sweep key it is written at (sweep.axes.1, sweep.budget), for errors


@dataclass(frozen=True, slots=True)
class Cell:
    """One config of the sweep: its index, the axis values that define it, and its overrides."""

    index: int
    values: dict[str, Any]
    overrides: tuple[str, ...]

    @property
    def label(self) -> str:
        return ", ".join(f"{name}={value}" for name, value in self.values.items())


@dataclass(frozen=True, slots=True)
class Precision:
    """Run rounds of `round` replications until every cell's paired 95% half-width in the outcome is at
    most `half_width` (in the outcome's units a year), or `max_replications` is reached."""

    half_width: float
    max_replications: int
    round: int


@dataclass(frozen=True, slots=True)
class SweepSpec:
    """A validated sweep: its cells and how to run them."""

    name: str
    description: str
    overrides: tuple[str, ...]   # applied in every cell, before the axes'
    axes: tuple[Axis, ...]
    cells: tuple[Cell, ...]
    reference: int
    replications: int
    engine: str
    seed: int
    n_jobs: int
    backend: str
    scheduler: str | None
    chunk: int
    outcome: str
    precision: Precision | None
    budget: Budget | None = field(default=None)
    priced: bool = False          # whether the budget's derived overrides are in the cells (budget.priced)

    @property
    def reference_cell(self) -> Cell:
        return self.cells[self.reference]

    @property
    def is_choice(self) -> bool:
        """Whether the cells are options to choose between (named or zipped), not levels of one number."""
        return any(axis.kind != "key" for axis in self.axes)


def build_spec(raw: dict[str, Any], default_jobs: int) -> SweepSpec:
    """The SweepSpec of a sweep file's content (after overrides); ConfigError naming `sweep.<key>`."""
    if not isinstance(raw, dict):
        raise ConfigError("sweep", raw, "a sweep file is a mapping of keys (conf/sweep/*.yaml)")
    for key in raw:
        if key not in TOP_KEYS:
            raise ConfigError(f"sweep.{key}", raw[key], f"is not a sweep key; the keys are {', '.join(TOP_KEYS)}")
    common = raw.get("overrides") or []
    if not isinstance(common, list) or not all(isinstance(o, str) and "=" in o for o in common):
        raise ConfigError("sweep.overrides", common, "a list of key=value overrides applied in every cell")
    budget = parse_budget(raw.get("budget"))
    axes = _axes(raw.get("axes"), budget, tuple(common))
    cells = _cells(axes, tuple(common))
    precision = _precision(raw.get("precision"))
    replications = _whole(raw, "replications", 1, 100)
    jobs = _whole(raw, "n_jobs", 0, 0)
    backend = _choice(raw, "backend", BACKENDS, "joblib")
    scheduler = raw.get("scheduler")
    if backend == "dask" and not (isinstance(scheduler, str) and scheduler.strip()):
        raise ConfigError("sweep.scheduler", scheduler, "the Dask scheduler's address, e.g. tcp://HOST:8786, "
                                                       "when sweep.backend=dask")
    return SweepSpec(
        name=plain_name("sweep.name", raw.get("name", "sweep"), "sweeps/<name>/<scenario>"), description=str(raw.get("description", "")), overrides=tuple(common),
        axes=axes, cells=cells,
        reference=_reference(raw.get("reference"), axes, cells), replications=replications,
        engine=_choice(raw, "engine", ENGINES, "numba"), seed=_whole(raw, "seed", 0, 2020),
        n_jobs=jobs or default_jobs, backend=backend, scheduler=scheduler if backend == "dask" else None,
        chunk=_whole(raw, "chunk", 1, 25), outcome=str(raw.get("outcome", "deaths")), precision=precision,
        budget=budget)


def plain_name(key: str, value: Any, folder: str, what: str = "sweep") -> str:
    """`value` as a folder name, refused (naming `key`) unless it is one plain name: a path (`../x`,
    `/tmp/x`, `a/b`) would put the `what`'s folder (a sweep's, a run's) outside its place."""
    name = str(value)
    if not name.strip() or name in (".", "..") or any(c in name for c in "/\\\0"):
        raise ConfigError(key, value, f"names the {what}'s folder ({folder}): one plain folder name, without / or "
                                      f"\\, not . or .. (to write the {what} elsewhere, keep a plain name and give "
                                      "hydra.run.dir=DIR)")
    return name


def _axes(raw: Any, budget: Budget | None = None, common: tuple[str, ...] = ()) -> tuple[Axis, ...]:
    if budget is not None and raw is None:
        raw = []
    if not isinstance(raw, list) or not (raw or budget):
        raise ConfigError("sweep.axes", raw, "a list of one or more axes (key/values, keys/values or options)")
    axes = tuple(_axis(i, item) for i, item in enumerate(raw))
    if budget is not None:
        names = tuple(budget.allocations)
        axes = (Axis(name=budget.axis, labels=names, overrides=tuple(budget.extra[n] for n in names), values=names,
                     kind="budget", where="sweep.budget"), *axes)
    refuse_sweep_collisions(axes, common, budget)   # before the names: two axes of one key share a name
    names = [axis.name for axis in axes]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError("sweep.axes", name, "each axis needs its own name (give `name:` to one of them)")
    return axes


def _axis(i: int, raw: Any) -> Axis:
    where = f"sweep.axes.{i}"
    if not isinstance(raw, dict):
        raise ConfigError(where, raw, "an axis is a mapping: {key, values}, {key, range}, {keys, values} or {options}")
    kinds = [kind for kind in ("key", "keys", "options") if kind in raw]
    if len(kinds) != 1:
        raise ConfigError(where, raw, "give exactly one of key (one setting), keys (settings that move together) "
                                      "or options (named lists of overrides)")
    allowed = {"key": ("name", "key", "values", "range"), "keys": ("name", "keys", "values"),
               "options": ("name", "options")}[kinds[0]]
    for key in raw:
        if key not in allowed:
            raise ConfigError(f"{where}.{key}", raw[key], f"is not a key of this axis; it has {', '.join(allowed)}")
    if "options" in raw:
        return _options_axis(where, raw)
    if "keys" in raw:
        return _zipped_axis(where, raw)
    return _key_axis(where, raw)


def _key_axis(where: str, raw: dict) -> Axis:
    key = raw["key"]
    if not isinstance(key, str) or not key.strip():
        raise ConfigError(f"{where}.key", key, "a config key, such as inspectors.count")
    if ("values" in raw) == ("range" in raw):
        raise ConfigError(where, raw, "give values (a list) or range ({start, stop, step}), one of them")
    values = _range(f"{where}.range", raw["range"]) if "range" in raw else _list(f"{where}.values", raw["values"])
    return Axis(name=str(raw.get("name", key)), labels=tuple(str(v) for v in values),
                overrides=tuple((f"{key}={_written(v)}",) for v in values), values=tuple(values), where=where)


def _zipped_axis(where: str, raw: dict) -> Axis:
    keys = raw["keys"]
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) and k.strip() for k in keys):
        raise ConfigError(f"{where}.keys", keys, "a list of config keys that move together")
    values = _list(f"{where}.values", raw.get("values"))
    for j, point in enumerate(values):
        if not isinstance(point, list) or len(point) != len(keys):
            raise ConfigError(f"{where}.values.{j}", point, f"a list of {len(keys)} values, one for each of "
                                                            f"{', '.join(keys)}")
    return Axis(name=str(raw.get("name", "+".join(keys))), labels=tuple("/".join(map(str, p)) for p in values),
                overrides=tuple(tuple(f"{k}={_written(v)}" for k, v in zip(keys, p, strict=True)) for p in values),
                values=tuple("/".join(map(str, p)) for p in values), kind="keys", where=where)


def _options_axis(where: str, raw: dict) -> Axis:
    options = raw["options"]
    if not isinstance(options, dict) or not options:
        raise ConfigError(f"{where}.options", options, "a mapping of option names to lists of key=value overrides")
    for name, overrides in options.items():
        if not isinstance(overrides, list) or not all(isinstance(o, str) and "=" in o for o in overrides):
            raise ConfigError(f"{where}.options.{name}", overrides, "a list of key=value overrides ([] for none)")
    names = tuple(str(name) for name in options)
    return Axis(name=str(raw.get("name", "option")), labels=names,
                overrides=tuple(tuple(options[name]) for name in options), values=names, kind="options", where=where)


def _cells(axes: tuple[Axis, ...], common: tuple[str, ...]) -> tuple[Cell, ...]:
    cells = []
    for index, points in enumerate(itertools.product(*(range(len(axis.labels)) for axis in axes))):
        values = {axis.name: axis.values[p] for axis, p in zip(axes, points, strict=True)}
        overrides = common + tuple(o for axis, p in zip(axes, points, strict=True) for o in axis.overrides[p])
        cells.append(Cell(index, values, overrides))
    return tuple(cells)


def _reference(raw: Any, axes: tuple[Axis, ...], cells: tuple[Cell, ...]) -> int:
    if raw is None:
        return 0
    if not isinstance(raw, dict):
        raise ConfigError("sweep.reference", raw, "a value for each axis ({axis name: value}), or nothing for "
                                                  "the first cell")
    names = [axis.name for axis in axes]
    for name, value in raw.items():
        if name not in names:
            raise ConfigError(f"sweep.reference.{name}", value, f"is not an axis; the axes are {', '.join(names)}")
        axis = axes[names.index(name)]
        if str(value) not in axis.labels:
            raise ConfigError(f"sweep.reference.{name}", value, f"one of the axis's values: {', '.join(axis.labels)} "
                                                                f"(set sweep.reference.{name}=VALUE with new values)")
    wanted = {name: str(raw.get(name, axis.labels[0])) for name, axis in zip(names, axes, strict=True)}
    for cell in cells:
        if all(str(cell.values[name]) == wanted[name] or _label(axes, name, cell) == wanted[name] for name in names):
            return cell.index
    raise ConfigError("sweep.reference", raw, "matches no cell")   # unreachable after the checks above


def _label(axes: tuple[Axis, ...], name: str, cell: Cell) -> str:
    axis = next(a for a in axes if a.name == name)
    return axis.labels[axis.values.index(cell.values[name])]


def _precision(raw: Any) -> Precision | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ConfigError("sweep.precision", raw, "null, or {half_width, max_replications, round}")
    for key in raw:
        if key not in PRECISION_KEYS:
            raise ConfigError(f"sweep.precision.{key}", raw[key], f"is not a key; the keys are {', '.join(PRECISION_KEYS)}")
    half = raw.get("half_width")
    if isinstance(half, bool) or not isinstance(half, (int, float)) or not half > 0 or not math.isfinite(half):
        raise ConfigError("sweep.precision.half_width", half, "a number > 0: the widest paired 95% half-interval "
                                                              "allowed, in the outcome's units a year")
    most = _whole(raw, "max_replications", 2, 2000, prefix="sweep.precision.")
    step = _whole(raw, "round", 2, 100, prefix="sweep.precision.")
    return Precision(float(half), most, step)


def _whole(raw: dict, key: str, least: int, default: int, prefix: str = "sweep.") -> int:
    value = raw.get(key, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(f"{prefix}{key}", value, f"must be a whole number >= {least}")
    return value


def _choice(raw: dict, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        raise ConfigError(f"sweep.{key}", value, f"must be one of {', '.join(allowed)}")
    return value


def _list(where: str, raw: Any) -> list:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(where, raw, "a list of one or more values")
    return list(raw)


def _range(where: str, raw: Any) -> list:
    if not isinstance(raw, dict) or set(raw) - {"start", "stop", "step"} or "stop" not in raw:
        raise ConfigError(where, raw, "{start, stop, step}: numbers, stop included when the steps reach it")
    start, stop, step = raw.get("start", 0), raw["stop"], raw.get("step", 1)
    numbers = (start, stop, step)
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in numbers) or step <= 0 or stop < start:
        raise ConfigError(where, raw, "{start, stop, step}: numbers with step > 0 and stop >= start")
    count = int(math.floor((stop - start) / step + 1e-9)) + 1
    whole = all(isinstance(v, int) for v in numbers)
    return [start + k * step if whole else round(start + k * step, 12) for k in range(count)]


def _written(value: Any) -> str:
    """A value as a Hydra override writes it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ",".join(_written(v) for v in value) + "]"
    return str(value)
