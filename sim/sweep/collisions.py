"""Settings a sweep would write twice, and cells that would be the same: refused before any work.

A cell's overrides are one list, applied in order (the command line's, then `sweep.overrides`, then
each axis's, then a budget's derived settings), and Hydra lets the last value of a key win, and any
`key=value` win over a config-group option that sets the same key. So a key swept by two axes leaves
cells labelled with values they do not have, and a command-line key that an axis sets is silently
ignored. Two values of one axis that are the same give two identical cells, paired differences of
nothing. Run settings (engine, seed, replications, n_jobs) are the sweep's, not a cell's. Each is
refused with one ConfigError naming where it is written (`sweep.axes.1.key`, `sweep.overrides.0`,
or the command-line key).

Two settings collide when it can be told that they write the same thing: the same key, or one key
inside the other (`population.sector_shares` and `population.sector_shares.retail`); the same
config group (`regimes/whistleblower`); or a key that a chosen regime option sets, read from its
file in conf/regimes/ (`regimes/whistleblower=high_reward` sets `regimes.whistleblower.reward_major`).
A regime option and a key it does not set do not collide: `regimes/whistleblower=on` in every cell
with an axis over the reward levels is the `reward` sweep. Another group (`sectors`) is taken to set
everything under its name. Within one option of an axis (or one list of overrides) a group option
followed by a key it sets is a deliberate adjustment and allowed; the same key twice is not.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.config import groups
from sim.config.errors import ConfigError

if TYPE_CHECKING:
    from sim.sweep.budget import Budget
    from sim.sweep.spec import Axis

RUN_SETTINGS = ("replications", "n_jobs", "engine", "seed")
RUN_GROUP = "run"      # conf/run/: presets of the run settings
SWEEP_KEYS = "sweep.engine, sweep.seed, sweep.replications and sweep.n_jobs"
CONF_DIR = groups.GROUP_DIR.parent   # conf/: a top-level folder of it is a config group (sectors, run)


@dataclass(frozen=True, slots=True)
class Setting:
    """One override of a sweep or its command line, and where it is written.

    `where` and `shown` are the key and value an error names; `family` is where it comes from (the
    command line, `sweep.overrides` or an axis), `part` the option of an axis it belongs to.
    A derived setting has no value here: the budget prices it per cell.
    """

    where: str
    shown: Any
    key: str
    value: str
    family: str
    part: str = ""
    derived: bool = False   # bought by a budget option's allocations (sim/sweep/budget.py)

    @property
    def is_group(self) -> bool:
        """Whether it chooses a config group's option (`regimes/whistleblower=on`, `sectors=...`)."""
        return bool(self.key) and ("/" in self.key or ("." not in self.key and (CONF_DIR / self.key).is_dir()))

    @property
    def written(self) -> str:
        return f"{self.key}={self.value}"

    def writes(self) -> tuple[str, ...]:
        """The dotted keys it sets: itself, or the keys a regime option's file sets."""
        if not self.is_group:
            return (self.key,)
        return _option_keys(self.key, self.value)


@functools.cache
def _option_keys(group: str, option: str) -> tuple[str, ...]:
    """The keys a regime option's file sets; for another group (or an option that is not there, which
    the loader refuses) everything under the group's name."""
    if group in groups.groups() and option in groups.options(group):
        regime = group.removeprefix(groups.PREFIX)
        return tuple(f"regimes.{regime}.{key}" for key in groups.settings(group, option))
    return (group.replace("/", "."),)


def setting(where: str, shown: Any, written: str, family: str, part: str = "", derived: bool = False) -> Setting:
    key, _, value = written.partition("=")
    return Setting(where, shown, key.strip(), value.strip(), family, part, derived)


def command_line_settings(overrides: Sequence[str]) -> list[Setting]:
    return [setting(item.partition("=")[0].strip(), item.partition("=")[2], item, "the command line")
            for item in overrides]


def sweep_settings(axes: Sequence[Axis], common: Sequence[str]) -> list[Setting]:
    """Every setting a sweep writes: `sweep.overrides`, then each axis's (a budget's derived ones too)."""
    from sim.sweep.budget import DERIVED

    found = [setting(f"sweep.overrides.{j}", item, item, "sweep.overrides") for j, item in enumerate(common)]
    for axis in axes:
        if axis.kind == "key":
            found.append(setting(f"{axis.where}.key", _key(axis.overrides[0][0]), axis.overrides[0][0], axis.where))
        elif axis.kind == "keys":
            found += [setting(f"{axis.where}.keys.{j}", _key(item), item, axis.where)
                      for j, item in enumerate(axis.overrides[0])]
        elif axis.kind == "options":
            found += [setting(f"{axis.where}.options.{name}.{j}", item, item, axis.where, name)
                      for name, items in zip(axis.labels, axis.overrides, strict=True) for j, item in enumerate(items)]
        else:   # a budget's options: their own overrides, then what the allocations buy
            for name, items in zip(axis.labels, axis.overrides, strict=True):
                found += [setting(f"sweep.budget.options.{name}.overrides.{j}", item, item, axis.where, name)
                          for j, item in enumerate(items)]
                found += [setting(axis.where, name, f"{key}=", axis.where, name, derived=True) for key in DERIVED]
    return found


def refuse_sweep_collisions(axes: Sequence[Axis], common: Sequence[str], budget: Budget | None) -> None:
    """Refuse, naming the first, a run setting in the sweep, a setting written twice, or a repeated
    point of an axis."""
    for axis in axes:
        _refuse_repeated_names(axis)
    found = sweep_settings(axes, common)
    for item in found:
        _refuse_run_setting(item)
    _refuse_pairs(found)
    for axis in axes:
        _refuse_repeated_points(axis)
    if budget is not None:
        _refuse_repeated_mixes(budget)


def _refuse_pairs(found: Sequence[Setting]) -> None:
    """`_refuse_pair` of every pair that can collide, in the order of every pair (later by later, earlier
    by earlier), so the first refused is the same: two options of one axis never meet (each cell has one
    of them) and are not paired, so a sweep of many options costs its options' settings, not their square.
    Each family's settings are consecutive (`sweep_settings`), so a setting's earlier settings of other
    families are those before its family's first."""
    first: dict[str, int] = {}
    parts: dict[tuple[str, str], list[Setting]] = {}
    for i, later in enumerate(found):
        start = first.setdefault(later.family, i)
        for earlier in found[:start]:
            _refuse_pair(earlier, later)
        mine = parts.setdefault((later.family, later.part), [])
        for earlier in mine:
            _refuse_pair(earlier, later)
        mine.append(later)


def refuse_command_line_collisions(axes: Sequence[Axis], common: Sequence[str], overrides: Sequence[str]) -> None:
    """Refuse a command-line override that chooses run settings, or that the sweep sets too."""
    found = sweep_settings(axes, common)
    for mine in command_line_settings(overrides):
        if mine.key == RUN_GROUP:
            raise ConfigError(mine.key, mine.value, f"chooses run settings (conf/run/), which a sweep takes from "
                                                    f"its sweep keys: {SWEEP_KEYS}")
        for theirs in found:
            overlap = _overlap(mine, theirs)
            if overlap is not None:
                raise ConfigError(mine.where, mine.shown, f"{overlap} is set by the sweep too ({theirs.where}), "
                                                          "and one of the two would be silently lost; leave it "
                                                          "out, or change the sweep")


def _refuse_run_setting(item: Setting) -> None:
    if item.key in RUN_SETTINGS:
        raise ConfigError(item.where, item.shown, f"{item.key} is a run setting, the same for every cell: set "
                                                  f"the sweep's with sweep.{item.key}")
    if item.key == RUN_GROUP:
        raise ConfigError(item.where, item.shown, f"chooses run settings (conf/run/), the same for every cell: "
                                                  f"set the sweep's with {SWEEP_KEYS}")
    if item.key.split(".")[0] == "hydra":
        raise ConfigError(item.where, item.shown, "is Hydra's setting, not the county's: a sweep's folder is "
                                                  "hydra.run.dir on the command line")


def _refuse_pair(earlier: Setting, later: Setting) -> None:
    """Refuse two settings that write the same thing (see the module docstring)."""
    same_part = earlier.family == later.family and earlier.part == later.part
    if earlier.family == later.family and not same_part:
        return   # two options of one axis: each cell has one of them
    if same_part and later.derived and not earlier.derived:   # an option's own override of what its allocations buy
        overlap = _overlap(earlier, later)
        if overlap is not None:
            raise ConfigError(earlier.where, earlier.shown, f"{overlap} is bought by the option's allocations "
                                                            "(sweep.budget), after its overrides; leave it out of them")
        return
    overlap = _same_key(earlier, later) if same_part else _overlap(earlier, later)
    if overlap is None:
        return
    if same_part:
        raise ConfigError(later.where, later.shown, f"{overlap} is set by {earlier.where} too, and only the "
                                                    "last would count; set each once")
    if earlier.family == "sweep.overrides":   # named: what the axis would silently override in every cell
        raise ConfigError(earlier.where, earlier.shown, f"{overlap} is set by {later.where} too, in each cell, "
                                                        "and one of the two would be silently lost; set it in "
                                                        "one place")
    raise ConfigError(later.where, later.shown, f"{overlap} is set by {earlier.where} too: one would win in every "
                                                "cell and the cells be labelled with values they do not have; "
                                                "sweep a setting on one axis (settings that move together: one "
                                                "axis with keys and values)")


def _same_key(a: Setting, b: Setting) -> str | None:
    """Within one list of overrides: the same key (or group) written twice."""
    return a.key if a.key == b.key else None


def _overlap(a: Setting, b: Setting) -> str | None:
    """What two settings both write, in words, or None."""
    if a.is_group and b.is_group and a.key == b.key:
        return a.key
    for x in a.writes():
        for y in b.writes():
            if _within(x, y) or _within(y, x):
                key = max(x, y, key=len)
                via = [s.written for s in (a, b) if s.is_group]
                return key + (f" (which {' and '.join(via)} set{'' if len(via) > 1 else 's'})" if via else "")
    return None


def _within(short: str, long: str) -> bool:
    parts, whole = short.split("."), long.split(".")
    return whole[:len(parts)] == parts


def _refuse_repeated_names(axis: Axis) -> None:
    """Two options named alike once read (1 and '1'): their cells could not be told apart."""
    for j, name in enumerate(axis.labels):
        if axis.kind == "options" and axis.labels.index(name) != j:
            raise ConfigError(f"{axis.where}.options.{name}", name, "is the name of two options; give each its own")


def _refuse_repeated_points(axis: Axis) -> None:
    """Two points of one axis that set the same: two identical cells."""
    if axis.kind == "budget":
        return
    seen: dict[Any, int] = {}
    for j, overrides in enumerate(axis.overrides):
        if axis.kind == "options":
            same: Any = frozenset(_key_value(o) for o in overrides)
            where, shown, what = f"{axis.where}.options.{axis.labels[j]}", list(overrides), "option"
        else:
            same = tuple(_point(o) for o in overrides)
            where, shown, what = f"{axis.where}.values.{j}", axis.values[j], "value"
        if same in seen:
            k = seen[same]
            first = f"option {axis.labels[k]}" if what == "option" else f"{axis.where}.values.{k}"
            raise ConfigError(where, shown, f"sets the same as {first}: two cells would be the same run; give "
                                            f"each {what} once")
        seen[same] = j


def _refuse_repeated_mixes(budget: Budget) -> None:
    seen: dict[Any, str] = {}
    for name, levers in budget.allocations.items():
        same = (tuple(sorted(levers.items())), frozenset(_key_value(o) for o in budget.extra[name]))
        if same in seen:
            raise ConfigError(f"sweep.budget.options.{name}", levers, f"allocates the same as option {seen[same]}: "
                                                                      "two cells would be the same run; give each "
                                                                      "mix once")
        seen[same] = name


def _key(written: str) -> str:
    return written.partition("=")[0].strip()


def _key_value(written: str) -> tuple[str, str]:
    key, _, value = written.partition("=")
    return key.strip(), value.strip()


def _point(written: str) -> tuple[str, Any]:
    """An override's key and value, with numbers compared as numbers (30 and 30.0 are one value)."""
    import yaml

    key, value = _key_value(written)
    try:
        read = yaml.safe_load(value)
    except yaml.YAMLError:
        return key, value
    if isinstance(read, bool) or not isinstance(read, (int, float)):
        return key, value
    return key, float(read)
