"""The parameters of a config as the plausible ranges see them: every leaf, its field and its value.

`sim.config.uncertainty` builds the uncertainties from these; the docs table and the tests read the
same walk, so what is ranged, what is a lever and what is a setting is decided in one place: the
`param(...)` metadata of the schema (`sim.config.fields`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import Field, dataclass, fields, is_dataclass
from typing import Any, get_args, get_origin, get_type_hints

from sim.config.errors import ConfigError
from sim.config.fields import RULES

NUMERIC_RULES = ("probability", "nonneg", "positive", "count", "positive_count", "optional_nonneg")
WHOLE_RULES = ("count", "positive_count")
# Settings of one regime that another regime reads: the annual plan plans the key tiers at
# risk_based's red and orange frequencies whether risk_based runs or not (docs/model.md §7).
READ_BY = {"regimes.risk_based.frequency.red": "annual_plan", "regimes.risk_based.frequency.orange": "annual_plan"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One leaf parameter of a config: its dotted key (sectors by name), schema field and value."""

    key: str
    field: Field
    value: Any

    @property
    def meta(self) -> Any:
        return self.field.metadata

    @property
    def ranged(self) -> bool:
        """Whether the schema gives it a plausible range."""
        return "low" in self.meta

    @property
    def numeric(self) -> bool:
        return self.meta.get("rule") in NUMERIC_RULES or (
            isinstance(self.value, int | float) and not isinstance(self.value, bool))

    @property
    def kind(self) -> str:
        """"integer" for a whole-number parameter, else "real"."""
        return "integer" if self.meta.get("rule") in WHOLE_RULES or type(self.value) is int else "real"

    @property
    def group(self) -> str:
        """The mechanism it belongs to: its own group, else its config section (`regimes.<name>` for a regime)."""
        if self.meta.get("group"):
            return self.meta["group"]
        parts = self.key.split(".")
        return ".".join(parts[:2]) if parts[0] == "regimes" else parts[0]

    @property
    def regime(self) -> str | None:
        """The regime whose setting it is, or None."""
        parts = self.key.split(".")
        return parts[1] if parts[0] == "regimes" else None


def entries(config: Any) -> Iterator[Entry]:
    """Every leaf parameter of `config` in schema order: nested sections flattened, each sector by name.

    A list of entries (campaign phases) and a mapping of numbers (sector shares) are one leaf each.
    """
    yield from _walk(config, "")


def _walk(node: Any, prefix: str) -> Iterator[Entry]:
    for f in fields(node):
        value, key = getattr(node, f.name), prefix + f.name
        if is_dataclass(value):
            yield from _walk(value, key + ".")
        elif isinstance(value, dict) and value and all(is_dataclass(v) for v in value.values()):
            for name, item in value.items():
                yield from _walk(item, f"{key}.{name}.")
        else:
            yield Entry(key, f, value)


def schema_fields(cls: type | None = None, prefix: str = "") -> Iterator[tuple[str, Any, Field]]:
    """(key, type, field) of every leaf field of the schema, a sector's once as `sectors.<name>.<field>`
    and a campaign phase's as `regimes.campaign.phases[i].<field>`."""
    if cls is None:
        from sim.config.schema import Config

        cls = Config
    hints = get_type_hints(cls)
    for f in fields(cls):
        tp, key = hints[f.name], prefix + f.name
        args = get_args(tp)
        if is_dataclass(tp):
            yield from schema_fields(tp, key + ".")
        elif get_origin(tp) is dict and len(args) == 2 and is_dataclass(args[1]):
            yield from schema_fields(args[1], key + ".<name>.")
        elif get_origin(tp) is list and args and is_dataclass(args[0]):
            yield key, tp, f
            yield from schema_fields(args[0], key + "[i].")
        else:
            yield key, tp, f


def numeric_field(tp: Any, field: Field) -> bool:
    """Whether a schema field holds one number."""
    return field.metadata.get("rule") in NUMERIC_RULES or tp in (int, float)


def census() -> dict[str, int]:
    """How many schema fields (a sector's once) are assumed, numeric, ranged or never sampled."""
    rows = [(numeric_field(tp, f), f.metadata) for _, tp, f in schema_fields()]
    assumed = [(n, m) for n, m in rows if m.get("source", "").startswith("assumed")]
    return {
        "fields": len(rows),
        "assumed": len(assumed),
        "assumed numbers": sum(n for n, _ in assumed),
        "assumed numbers ranged": sum(n and "low" in m for n, m in assumed),
        "assumed numbers not sampled (lever, setting, inert)": sum(n and bool(m.get("role")) for n, m in assumed),
        "ranged citing a source": sum("low" in m for n, m in rows) - sum("low" in m for _, m in assumed),
        "ranged": sum("low" in m for _, m in rows),
        "levers": sum(m.get("role") == "lever" for _, m in rows),
    }


def schema_bounds(entry: Entry) -> tuple[float, float]:
    """The schema's range of `entry` at its value: factors of the value when relative, cut to its rule."""
    meta = entry.meta
    low, high = meta["low"], meta["high"]
    if meta.get("relative"):
        low, high = entry.value * low, entry.value * high
        if meta["rule"] == "probability":
            low, high = min(low, 1.0), min(high, 1.0)
    return low, high


def check_bounds(key: str, bounds: Any, entry: Entry) -> tuple[float, float]:
    """A range written for `entry` as [low, high], checked: two numbers its rule allows, low <= high."""
    rule = entry.meta.get("rule", "any")
    whole = entry.kind == "integer"
    shape = f"must be [low, high]: two {'whole numbers' if whole else 'numbers'}, low <= high"
    if not isinstance(bounds, list | tuple) or len(bounds) != 2 or not all(_number(b) for b in bounds):
        raise ConfigError(key, _plain(bounds), shape)
    if whole and not all(float(b).is_integer() for b in bounds):
        raise ConfigError(key, _plain(bounds), shape)
    low, high = (int(b) for b in bounds) if whole else (float(b) for b in bounds)
    if rule in NUMERIC_RULES and not all(_allowed(b, rule) for b in (low, high)):
        raise ConfigError(key, [low, high], f"both bounds must be {RULES[rule]}, as {entry.key} itself")
    if low > high:
        raise ConfigError(key, [low, high], "low must not be above high")
    return low, high


def running_regimes(config: Any) -> set[str]:
    """The regimes that run in `config`: switched on, or switched on by a phase of a running campaign."""
    regimes = config.regimes
    names = {f.name for f in fields(regimes) if getattr(regimes, f.name).enabled}
    if regimes.campaign.enabled:
        for phase in regimes.campaign.phases:
            names |= {key.split(".")[1] for key, value in phase.overrides.items()
                      if key.startswith("regimes.") and key.endswith(".enabled") and value is True}
    return names


def read(entry: Entry, running: set[str]) -> bool:
    """Whether a run of a config whose running regimes are `running` reads the parameter at all."""
    return entry.regime is None or entry.regime in running or READ_BY.get(entry.key) in running


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _allowed(value: float, rule: str) -> bool:
    return {"probability": 0 <= value <= 1, "positive": value > 0, "positive_count": value >= 1}.get(rule, value >= 0)


def _plain(value: Any) -> Any:
    """A value as written, containers as plain lists (Hydra's parser may give its own list type)."""
    return list(value) if isinstance(value, list | tuple) else value
