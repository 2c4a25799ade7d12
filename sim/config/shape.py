"""What a written value must look like, read from the schema's types, checked before Hydra merges it.

A scenario file's body and every `key=value` of the command line are walked against the dataclasses
of sim/config/*schema.py, so that a mistake is refused with its full key
(`regimes.campaign.phases[0].strat`), the value as written and what is allowed in words, instead
of an OmegaConf message that loses the key or the value. What a value means (a probability in
[0, 1], a known sector) is checked later, on the composed config, by sim/config/validate.py.
"""

from __future__ import annotations

import difflib
import re
import types
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

from omegaconf.errors import ValidationError
from omegaconf.nodes import BooleanNode, FloatNode, IntegerNode, StringNode

from sim.config.errors import ConfigError
from sim.config.fields import RULES
from sim.config.schema import Config

UNKNOWN_KEY = "unknown key: it is not in the schema (see docs/model.md)"
# The rule of one entry of a container whose field has this rule.
_ENTRY_RULES = {"shares": "probability"}
_NODES = {int: IntegerNode, float: FloatNode, bool: BooleanNode, str: StringNode}
_WORDS = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}


@dataclass(frozen=True, slots=True)
class Slot:
    """What the schema declares at one key: its type and the rule of its field."""

    tp: Any
    rule: str = "any"


def split_key(key: str) -> list[str]:
    """`regimes.campaign.phases[0].start` as ['regimes', 'campaign', 'phases', '0', 'start']."""
    return [part for part in re.split(r"[.\[\]]+", key) if part]


def slot(key: str) -> Slot | None:
    """The declared type and rule at a dotted key, or None when the schema has no such key.

    A key inside a mapping (`sectors.<name>`, `population.sector_shares.<name>`) is any name; the
    keys of a campaign phase's `overrides` are config keys with dots, so the rest of the key is one.
    """
    current, parts = Slot(Config), split_key(key)
    while parts:
        tp = _plain(current.tp)
        part = parts.pop(0)
        if is_dataclass(tp):
            found = {f.name: f for f in fields(tp)}
            if part not in found:
                return None
            current = Slot(get_type_hints(tp)[part], found[part].metadata.get("rule", "any"))
        elif get_origin(tp) is list and part.isdigit():
            current = Slot(get_args(tp)[0], "any")
        elif get_origin(tp) is dict:
            entry = get_args(tp)[1]
            if entry is Any:
                return Slot(Any)
            current = Slot(entry, _ENTRY_RULES.get(current.rule, "any"))
        else:
            return None
    return current


def unknown_key(key: str) -> str:
    """The message for a key the schema does not have, with the nearest key when one is close."""
    parts = split_key(key)
    for n in range(1, len(parts) + 1):
        if slot(".".join(parts[:n])) is None:
            parent = slot(".".join(parts[:n - 1])) if n > 1 else Slot(Config)
            tp = _plain(parent.tp) if parent else None
            if not is_dataclass(tp):
                return UNKNOWN_KEY
            names = [f.name for f in fields(tp)]
            close = difflib.get_close_matches(parts[n - 1].lower(), names, n=1, cutoff=0.7)
            if close:
                guess = [*parts[:n - 1], close[0], *parts[n:]]
                guess = join_key(guess) if "[" in key else ".".join(guess)  # as the key was written
                if slot(guess) is not None:
                    return f"{UNKNOWN_KEY}; did you mean {guess}?"
            return UNKNOWN_KEY
    return UNKNOWN_KEY


def join_key(parts: list[str]) -> str:
    """['regimes', 'campaign', 'phases', '0', 'start'] as `regimes.campaign.phases[0].start`."""
    return "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in parts).lstrip(".")


def check_written(value: Any, key: str, where: str | None = None) -> None:
    """Refuse a value written at `key` whose shape or type the schema does not allow.

    `key` must be in the schema (`slot(key)` not None); `where` names the file the value is written in.
    """
    found = slot(key)
    assert found is not None, key
    _check(value, found.tp, found.rule, key, where)


def check_body(body: dict[str, Any], where: str, skip: tuple[str, ...] = ()) -> None:
    """Refuse unknown keys and misshapen values in a scenario file's body (its top-level `skip` keys are Hydra's)."""
    _check({k: v for k, v in body.items() if k not in skip}, Config, "any", "", where)


def words(tp: Any, rule: str = "any") -> str:
    """What a value of this type and rule must be, in words: `a whole number >= 0`, `text`."""
    optional = _is_optional(tp)
    tp = _plain(tp)
    if rule != "any":
        text = RULES[rule]
    elif is_dataclass(tp):
        text = "a section of keys (" + ", ".join(f.name for f in fields(tp)) + ")"
    elif get_origin(tp) is list:
        entry = get_args(tp)[0]
        text = ("a list of entries with keys " + ", ".join(f.name for f in fields(entry))
                if is_dataclass(entry) else f"a list of {_entry_words(entry)}")
    elif get_origin(tp) is dict:
        text = f"a mapping of names to {_entry_words(get_args(tp)[1])}"
    else:
        text = _WORDS.get(tp, "a value")
    return text + (", or null" if optional and rule == "any" else "")


# ---------------------------------------------------------------------------------------------


def _check(value: Any, tp: Any, rule: str, key: str, where: str | None, in_list: bool = False,
           strict: bool = False) -> None:
    """`in_list`: the value is an entry of a list; `strict`: an entry of a mapping that is one."""
    if isinstance(value, str) and "${" in value:
        return  # an interpolation: resolved, then checked, on the composed config
    if value is None and _is_optional(tp):
        return
    tp = _plain(tp)
    if is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(key, value, _section(tp, key, value, in_file=where is not None), where)
        hints, names = get_type_hints(tp), {f.name: f for f in fields(tp)}
        for name, item in value.items():
            sub = f"{key}.{name}" if key else str(name)
            if name not in names:
                raise ConfigError(sub, item, unknown_key(sub), where)
            _check(item, hints[name], names[name].metadata.get("rule", "any"), sub, where)
    elif get_origin(tp) is list:
        if not isinstance(value, list):
            raise ConfigError(key, value, _must(tp, rule, _kind(value)), where)
        for i, item in enumerate(value):
            _check(item, get_args(tp)[0], "any", f"{key}[{i}]", where, in_list=True)
    elif get_origin(tp) is dict:
        if not isinstance(value, dict):
            raise ConfigError(key, value, _must(tp, rule, _kind(value)), where)
        for name, item in value.items():
            _check(item, get_args(tp)[1], _ENTRY_RULES.get(rule, "any"), f"{key}.{name}", where, strict=in_list)
    elif value is None:
        raise ConfigError(key, None, _must(tp, rule, "null"), where)
    elif isinstance(value, dict | list):
        if tp is Any and isinstance(value, dict) and value:
            # A campaign phase's overrides nest no mappings: its keys are whole config keys.
            name, (inner, item) = split_key(key)[-1], next(iter(value.items()))
            raise ConfigError(key, value, f"must be one value, not a mapping: write the whole key, "
                                          f"{name}.{inner}: {item}", where)
        raise ConfigError(key, value, _must(tp, rule, _kind(value)), where)
    elif tp in _NODES:
        # OmegaConf converts what it can ('3' to 3), but in a mapping inside a list it takes only text as text.
        if strict and tp is str and not isinstance(value, str):
            raise ConfigError(key, value, f"must be text: quote it, '{value}'", where)
        try:
            _NODES[tp](value)
        except ValidationError:
            raise ConfigError(key, value, _must(tp, rule), where) from None


def _must(tp: Any, rule: str, not_this: str = "") -> str:
    return "must be " + words(tp, rule) + (f", not {not_this}" if not_this else "")


def _section(tp: type, key: str, value: Any, in_file: bool) -> str:
    """A section given a single value, a list or null: say what a section is."""
    first = [f.name for f in fields(tp)][:2]
    text = (f"is a section, not {_kind(value)}: set its keys ({', '.join(f'{key}.{n}' for n in first)}, "
            f"… in docs/model.md)")
    if value is None and in_file:
        text += ", or delete it (a section with nothing under it is null in YAML)"
    parts = key.split(".")
    if len(parts) == 2 and parts[0] == "regimes" and isinstance(value, bool | str):
        text += (f"; to switch the regime set {key}.enabled, or choose an option of config group "
                 f"regimes/{parts[1]} (docs/config_groups.md)")
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a single value"


def _entry_words(tp: Any) -> str:
    tp = _plain(tp)
    if tp is Any:
        return "values"
    if get_origin(tp) is dict:
        return "mappings"
    if get_origin(tp) is list:
        return "lists"
    return {int: "whole numbers", float: "numbers", bool: "true or false values", str: "text values"}.get(tp, "values")


def _is_optional(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType) and type(None) in get_args(tp)


def _plain(tp: Any) -> Any:
    """`X` of `X | None`."""
    if _is_optional(tp):
        rest = [a for a in get_args(tp) if a is not type(None)]
        return rest[0] if len(rest) == 1 else Any
    return tp
