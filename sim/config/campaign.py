"""Campaign phases (专项整治): which settings a phase may override, and the config inside a phase.

A phase replaces, for its dates, the values of some settings. Only settings that both engines read
at the moment they use them may change: detection, reporting, rectification, penalty and
deterrence parameters and the plans of the planned regimes. What is fixed when the run starts
(the enterprises, the inspectors, the calendar, the schedules of double-random periods and the
draws of nature) may not; a phase naming one is refused with the list of what is allowed.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import fields, is_dataclass
from typing import Any

from sim.config.errors import ConfigError

_SECTIONS = ("self_inspection", "detection", "reports", "rectification", "penalties", "deterrence")
_FIXED = ("self_inspection.monthly_enabled", "self_inspection.quarterly_enabled", "reports.unfounded_rate",
          "rectification.failures_to_close")
_REGIME_KEYS = (
    "inspectors.announced_share",
    "regimes.double_random.sampling_fraction", "regimes.double_random.published",
    "regimes.lead_monthly.enabled", "regimes.lead_monthly.checks_per_month", "regimes.lead_monthly.lookback_days",
    "regimes.risk_based.enabled", "regimes.risk_based.frequency.red", "regimes.risk_based.frequency.orange",
    "regimes.risk_based.frequency.yellow", "regimes.risk_based.frequency.blue",
    "regimes.credit_based.enabled", "regimes.credit_based.base_frequency", "regimes.credit_based.multipliers.good",
    "regimes.credit_based.multipliers.normal", "regimes.credit_based.multipliers.dishonest",
    "regimes.credit_based.multipliers.blacklisted",
    "regimes.whistleblower.enabled", "regimes.whistleblower.reward_general", "regimes.whistleblower.reward_major",
    "regimes.accident_triggered.min_deaths", "regimes.accident_triggered.checks",
    "regimes.accident_triggered.within_days",
)


def _leaves(node: Any, prefix: str) -> list[str]:
    out = []
    for f in fields(node):
        value = getattr(node, f.name)
        out.extend(_leaves(value, f"{prefix}{f.name}.") if is_dataclass(value) else [f"{prefix}{f.name}"])
    return out


def campaign_keys() -> tuple[str, ...]:
    """Every config key a campaign phase may override, in schema order."""
    from sim.config.schema import Config

    base = Config()
    keys = [k for section in _SECTIONS for k in _leaves(getattr(base, section), f"{section}.") if k not in _FIXED]
    return (*keys, *_REGIME_KEYS)


CAMPAIGN_KEYS = campaign_keys()
# Settings of risk_based that the annual plan reads at each year's start even when risk_based is off.
PLAN_READS = ("regimes.risk_based.frequency.red", "regimes.risk_based.frequency.orange")


def phase_config(config, overrides: dict[str, Any], where: str):
    """A copy of `config` with a phase's overrides applied and checked; `where` names the phase in errors."""
    from sim.config.validate import check_value

    phased = copy.deepcopy(config)
    for key, value in overrides.items():
        name = f"{where}.overrides.{key}"
        if key not in CAMPAIGN_KEYS:
            raise ConfigError(name, value, _not_a_campaign_key(key) + "; a campaign phase may override only "
                                           "settings read when they are used: " + ", ".join(CAMPAIGN_KEYS))
        *path, leaf = key.split(".")
        node = phased
        for part in path:
            node = getattr(node, part)
        field = next(f for f in fields(node) if f.name == leaf)
        check_value(name, value, field)
        setattr(node, leaf, value)
    for key, value in overrides.items():
        regime = _regime_of(key)
        if key in PLAN_READS and phased.regimes.annual_plan.enabled:
            continue  # the annual plan reads the key tiers' frequencies whether risk_based is on or not
        if regime and not key.endswith(".enabled") and not getattr(phased.regimes, regime).enabled:
            raise ConfigError(f"{where}.overrides.{key}", value,
                              f"a setting of regimes.{regime}, which is off in this phase, so it would change "
                              f"nothing: switch the regime on (regimes.{regime}.enabled, in the scenario"
                              + (" or in the phase" if f"regimes.{regime}.enabled" in CAMPAIGN_KEYS else "")
                              + ") or drop the override")
    return phased


def _not_a_campaign_key(key: str) -> str:
    """Why a phase may not override `key`: a setting fixed at the start, a section, or no setting at all."""
    from sim.config.shape import slot

    found = slot(key)
    inside = [k for k in CAMPAIGN_KEYS if k.startswith(key + ".")]
    if found is not None and is_dataclass(found.tp):
        return "is a section, not a setting" + (f": write a setting's whole key, like {inside[0]}" if inside else "")
    if found is not None:
        return "is fixed when the run starts, so a phase cannot change it"
    close = difflib.get_close_matches(key, CAMPAIGN_KEYS, n=1, cutoff=0.8)
    return "unknown key" + (f" (did you mean {close[0]}?)" if close else "")


def _regime_of(key: str) -> str | None:
    """`risk_based` for `regimes.risk_based.frequency.red`; None for a key outside the regimes."""
    parts = key.split(".")
    return parts[1] if parts[0] == "regimes" else None
