"""The settings a planner changes, read from the config schema: each with its type, unit, default,
range and source as `sim/config/fields.py: param(...)` declares them, so the form cannot drift from
the schema that validates it.
"""

from __future__ import annotations

import operator
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any, get_type_hints

from sim.config.fields import RULES
from sim.config.schema import Config

# Regimes a planner switches on or off; the campaign is left out: it needs dated phases, written in a file.
SWITCHED = ("double_random", "annual_plan", "lead_monthly", "risk_based", "credit_based", "key_periods",
            "accident_triggered", "whistleblower", "remote_monitoring", "third_party")
GROUPS = (
    ("county", ("population.enterprises", "horizon_days", "warmup_days")),
    ("staff", ("inspectors.count", "inspectors.professional_share")),
    ("regimes", tuple(f"regimes.{name}.enabled" for name in SWITCHED)),
    ("rewards", ("regimes.whistleblower.reward_general", "regimes.whistleblower.reward_major")),
    ("budget", ("costs.inspector_yearly", "costs.training_per_inspector", "regimes.third_party.price_per_day",
                "regimes.remote_monitoring.yearly_cost")),
)


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting of the form: its key and what the schema says of it."""

    key: str
    kind: type          # int, float or bool
    default: Any        # the schema's default (a scenario may set another)
    unit: str
    rule: str           # the validation rule's name (sim/config/fields.py RULES)
    source: str
    doc: str
    low: float | None   # the plausible range, where the schema gives one
    high: float | None

    @property
    def allowed(self) -> str:
        """What a value must be, in the command line's words."""
        return RULES[self.rule] if self.rule != "any" else ("true or false" if self.kind is bool else "any value")

    def value_of(self, config: Config) -> Any:
        return operator.attrgetter(self.key)(config)


def setting(key: str) -> Setting:
    """The Setting at a dotted key of the schema."""
    owner: Any = Config
    parts = key.split(".")
    for part in parts[:-1]:
        owner = get_type_hints(owner)[part]
    assert is_dataclass(owner), key
    found = {f.name: f for f in fields(owner)}[parts[-1]]
    meta = found.metadata
    default = found.default if found.default is not MISSING else found.default_factory()
    return Setting(key, get_type_hints(owner)[parts[-1]], default, meta.get("unit", ""), meta.get("rule", "any"),
                   meta.get("source", ""), meta.get("doc", ""), meta.get("low"), meta.get("high"))


def groups() -> list[tuple[str, list[Setting]]]:
    """The form's groups of settings, in order."""
    return [(name, [setting(key) for key in keys]) for name, keys in GROUPS]


def all_settings() -> list[Setting]:
    return [item for _, items in groups() for item in items]
