"""Uncertainties (EMA Workbench's sense): a parameter whose value no source fixes, with the range a
planner would call plausible and why. Sensitivity analysis and calibration sample within these ranges;
the levers (staff, regimes, budget) are the options compared, never sampled.

A range lives beside its parameter's default in the config schema (`sim.config.fields.param`), so the
docs' parameter table shows it and a default can never drift outside it unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.config.errors import ConfigError
from sim.config.ranges import check_bounds, entries, read, running_regimes, schema_bounds

KINDS = ("real", "integer", "choice")


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """One uncertain parameter.

    key: the dotted config key, as written on the command line (`detection.p_untrained`);
    default: the scenario's value; low, high: the plausible range (for "choice", the first and last
    index of `choices`); kind: "real", "integer" or "choice" (a structural alternative, e.g. the
    deterrence form); choices: the alternatives of a "choice"; group: the mechanism it belongs to
    (the config section), for grouped screening; why: the reason for the bounds.
    """

    key: str
    default: object
    low: float
    high: float
    kind: str = "real"
    choices: tuple = ()
    group: str = ""
    why: str = ""

    def value_at(self, u: float) -> object:
        """The parameter's value at `u` in [0, 1] of its range: linear for reals, the nearest whole
        number for integers, an equal share of [0, 1] for each choice."""
        if not 0.0 <= u <= 1.0:
            raise ValueError(f"{self.key}: a position in its range must be in [0, 1], not {u}")
        if self.kind == "choice":
            return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]
        value = self.low + u * (self.high - self.low)
        if self.kind == "integer":
            return int(round(value))
        return float(value)


RANGE_PREFIX = "range."  # on a command line: range.<key>=[low,high]
ROLE_WORDS = {"lever": "a lever, compared and never sampled", "setting": "a setting of the scenario or the run",
              "inert": "a parameter with no effect in the model as it is"}


def uncertainties(config: Any, *, only_running: bool = False) -> list[Uncertainty]:
    """Every parameter of a validated `config` with a plausible range, in schema order.

    The default is the config's value (the scenario's), the range the schema's (a sector's: factors of
    its own value). A value outside its range is refused (ConfigError naming the key): sensitivity and
    calibration sample within the ranges, and a default outside one would not be among the values
    sampled. A plain run of such a value is a legitimate what-if and is not refused. With
    `only_running`, the settings of regimes that never run in `config` (off, and not switched on by a
    campaign phase) are left out: they cannot change its results.
    """
    return with_ranges(config, {}, only_running=only_running)


def with_ranges(config: Any, ranges: Mapping[str, Sequence[float]], *,
                only_running: bool = False) -> list[Uncertainty]:
    """`uncertainties(config)` with the ranges of `ranges` (dotted key -> [low, high]) in place of the
    schema's: narrowed, widened, or given to a numeric parameter the schema leaves unranged (one that
    cites its source). Refused, each with one ConfigError naming `range.<key>`: a key that is not a
    parameter, a lever or setting, a parameter that is not a number, bounds its rule does not allow
    (a probability above 1), low above high; and, naming the key, a config value outside its range."""
    found = {e.key: e for e in entries(config)}
    running = running_regimes(config)
    given = {key: _given(key, bounds, found, running, only_running) for key, bounds in ranges.items()}
    out = []
    for entry in found.values():
        if not (entry.ranged or entry.key in given) or (only_running and not read(entry, running)):
            continue
        low, high = given[entry.key] if entry.key in given else schema_bounds(entry)
        why = _why(entry, given.get(entry.key))
        _check_default(entry, low, high, entry.key in given)
        out.append(Uncertainty(key=entry.key, default=entry.value, low=low, high=high, kind=entry.kind,
                               group=entry.group, why=why))
    _check_tier_order(out, given)
    return out


def split_ranges(items: Sequence[str]) -> tuple[list[str], dict[str, list]]:
    """Command-line items split into the config's `key=value` overrides and the ranges written
    `range.<key>=[low,high]` (Hydra's list syntax), keyed by `<key>`."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.errors import HydraException

    overrides, ranges, parser = [], {}, OverridesParser.create()
    for item in items:
        name = item.split("=", 1)[0].strip()
        if not name.startswith(RANGE_PREFIX):
            overrides.append(item)
            continue
        text = item.split("=", 1)[1].strip() if "=" in item else ""
        key = name.removeprefix(RANGE_PREFIX)
        try:
            parsed = parser.parse_overrides([item])[0]
        except HydraException:
            raise ConfigError(name, text, f"write a range as {name}=[low,high]") from None
        if parsed.is_sweep_override() or not isinstance(parsed.value(), list):
            raise ConfigError(name, text, f"write a range in brackets, as {name}=[low,high]")
        ranges[key] = list(parsed.value())
    return overrides, ranges


def _given(key: str, bounds: Any, found: dict, running: set[str], only_running: bool) -> tuple[float, float]:
    name = RANGE_PREFIX + key
    entry = found.get(key)
    if entry is None:
        from sim.config.shape import slot, unknown_key

        if slot(key) is None:
            raise ConfigError(name, bounds, unknown_key(key))
        raise ConfigError(name, bounds, "is a section or a list, not one number: give the range of one of its keys")
    role = entry.meta.get("role")
    if role:
        raise ConfigError(name, bounds, f"is {ROLE_WORDS[role]}: {entry.meta['why']}; only the uncertain "
                          "parameters of the county's world have ranges (docs/model.md, Plausible ranges)")
    if not entry.numeric:
        raise ConfigError(name, bounds, f"is not a number ({entry.value!r}): only numeric parameters have a range")
    if only_running and not read(entry, running):
        raise ConfigError(name, bounds, f"belongs to regime {entry.regime}, which does not run in this config, so "
                          "sampling it would change nothing")
    return check_bounds(name, bounds, entry)


def _why(entry: Any, given: tuple[float, float] | None) -> str:
    if given is None:
        return entry.meta["why"]
    if entry.ranged:
        low, high = schema_bounds(entry)
        return f"given as {given[0]:g} to {given[1]:g}, in place of {low:g} to {high:g}: {entry.meta['why']}"
    return f"given as {given[0]:g} to {given[1]:g}; unranged in the schema (source: {entry.meta.get('source')})"


def _check_default(entry: Any, low: float, high: float, given: bool) -> None:
    if low <= entry.value <= high:
        return
    change = (f"give a range that holds it ({RANGE_PREFIX}{entry.key}=[low,high])" if given else
              f"set a value inside it, or widen the range ({RANGE_PREFIX}{entry.key}=[low,high])")
    raise ConfigError(entry.key, entry.value, f"lies outside its plausible range, {low:g} to {high:g}, which "
                      f"sensitivity analysis and calibration sample: {change}")


def _check_tier_order(out: list[Uncertainty], given: Mapping) -> None:
    """The tier thresholds must keep red >= orange >= yellow wherever they are sampled."""
    tiers = {u.key.rsplit(".", 1)[1]: u for u in out if u.key.startswith("population.tier_thresholds.")}
    for upper, lower in (("red", "orange"), ("orange", "yellow")):
        if upper in tiers and lower in tiers and tiers[lower].high > tiers[upper].low:
            moved = lower if f"population.tier_thresholds.{lower}" in given else upper
            u = tiers[moved]
            raise ConfigError(f"{RANGE_PREFIX}{u.key}", [u.low, u.high],
                              f"the ranges of the {upper} and {lower} thresholds overlap ({lower} up to "
                              f"{tiers[lower].high:g}, {upper} from {tiers[upper].low:g}); they must not, so that "
                              f"red >= orange >= yellow wherever they are sampled")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m sim.config.uncertainty`: print a scenario's uncertainties (sim/config/uncertainty_cli.py)."""
    from sim.config.uncertainty_cli import main as run

    return run(argv)


if __name__ == "__main__":
    import sys

    sys.exit(main())
