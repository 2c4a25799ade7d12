"""The parameter tables of `docs/model.md`, generated from the schema's field metadata.

`python -m sim.config.docs_table` rewrites the part of docs/model.md between the lines
`<!-- parameters:begin -->` and `<!-- parameters:end -->`; `--check` only says whether it is
up to date (exit status 1 when not). Meanings, units, rules and sources come from the
`param(...)` metadata in the schema modules; values from the county_baseline scenario as
`sim.load_config()` loads it, so the tables show what a run actually uses.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import MISSING, Field, dataclass, fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from sim.config.county_schema import SectorParams
from sim.config.fields import RULES
from sim.config.model_schema import DISPATCH_MODES
from sim.config.schema import ENGINES, Config

ROOT = Path(__file__).resolve().parents[2]

SCENARIO_KEYS = ("name", "title", "title_zh", "description", "description_zh", "sources")
RUN_KEYS = ("engine", "replications", "seed", "n_jobs")
SECTORS_KEY = "sectors"
# Values that validate.py restricts beyond the field's rule.
CHOICES = {"engine": ENGINES, "inspectors.dispatch": DISPATCH_MODES}
# English headings; the Chinese policy term is taken from the class docstring.
TITLES = {
    "population": "Enterprises",
    "hazards": "Hazards that close or escalate unseen",
    "self_inspection": "Self-inspection",
    "detection": "Detection by government checks",
    "reports": "Whistleblower reports",
    "rectification": "Rectification and its enforcement",
    "penalties": "Fines",
    "inspectors": "Inspectors",
    "deterrence": "Deterrence",
    "calendar": "Seasons",
    "regimes": "Enforcement regimes",
    "regimes.double_random": "Double-random checks",
    "regimes.lead_monthly": "Monthly expert-led checks",
    "regimes.risk_based": "Risk-based inspection",
    "regimes.credit_based": "Credit-based supervision",
    "regimes.key_periods": "Key periods",
    "regimes.accident_triggered": "Accident-triggered checks",
    "regimes.whistleblower": "Whistleblower rewards",
    "regimes.remote_monitoring": "Remote monitoring",
    "regimes.third_party": "Third-party inspection",
    "regimes.annual_plan": "Annual inspection plan",
    "regimes.campaign": "Special campaigns",
    "costs": "Costs of the levers",
    "trial": "Field trial",
}
COLUMNS = ("key", "meaning", "unit", "allowed", "default", "source", "range", "why")
_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_CJK_TERM = re.compile(rf"{_CJK}(?:[\u3400-\u4dbf\u4e00-\u9fff、·0-9]*{_CJK})?")
_PLAIN_TYPES = {bool: "true or false", str: "text", int: "a whole number", float: "a number"}


@dataclass(frozen=True)
class Row:
    """One parameter as shown in a table: every cell already formatted."""

    key: str
    meaning: str
    unit: str
    allowed: str
    default: str
    source: str
    range: str = ""
    why: str = ""


# ---------------------------------------------------------------------------------------------
# Public API


def parameter_tables(config: Config | None = None) -> str:
    """The Markdown of the parameter section: one table per config section.

    Values are those of `config`, by default the county_baseline scenario (`sim.load_config()`).
    """
    if config is None:
        from sim.config.loader import load_config

        config = load_config()
    hints = get_type_hints(Config)
    top = fields(Config)
    scalars = [f for f in top if not is_dataclass(hints[f.name]) and f.name != SECTORS_KEY]
    identity = [f for f in scalars if f.name in SCENARIO_KEYS + RUN_KEYS]
    period = [f for f in scalars if f.name not in SCENARIO_KEYS + RUN_KEYS]

    out = _intro(config)
    out += _heading(3, "Scenario and run settings")
    out.append(_first_line(Config) + " The run settings (engine, replications, seed, n_jobs) are "
               "set like every other key, in a scenario file or as `key=value`; the values below are "
               "`python -m sim`'s, each report command starts from its own (`conf/run/`), and "
               "`sim.simulate` runs a config's unless given others as arguments. What ran is recorded in "
               "`.hydra/config.yaml`.")
    out.append("")
    rows = [_leaf_row(Config, f, hints[f.name], config, "", "") for f in identity]
    out += _table(("key", "meaning", "allowed", "value"),
                  [(r.key, r.meaning, r.allowed, r.default) for r in rows])
    if period:
        out += _heading(3, "Simulated period")
        out += _section_table(Config, config, "", only=period)
    out += _sector_section(config)
    for f in top:
        tp = hints[f.name]
        if is_dataclass(tp):
            out += _section(f.name, tp, getattr(config, f.name), level=3)
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------------
# Sections


def _intro(config: Config) -> list[str]:
    return [
        "## Parameters",
        "",
        "<!-- Generated by `python -m sim.config.docs_table` from the schema (sim/config/*schema.py) "
        "and the county_baseline scenario; do not edit by hand. -->",
        "",
        "Every parameter of the model, generated from the schema, so this list cannot drift from "
        "the code (a test fails when it is out of date). Any key can be set in a scenario file "
        "(`scenarios/*.yaml`) or on the command line as `key=value`, for example "
        "`python -m sim inspectors.count=40`. The columns are:",
        "",
        "- **key**: the name to use in a scenario file or an override.",
        "- **meaning**: what the parameter does; the symbols (q, w, κ, …) are those of the model "
        "description.",
        "- **unit**: blank when the value is a pure number, share or multiplier.",
        "- **allowed**: what the input check accepts; any other value stops the run with a "
        "message naming the key.",
        f"- **default**: the value in scenario `{config.name}` as `sim.load_config()` loads it "
        "(the schema default, the sector file `conf/sectors/china_default.yaml`, or the scenario "
        "file where it sets one).",
        "- **source**: where the value comes from; *assumed* means no document gives it and it "
        "is a modelling choice to revisit.",
        "- **range**: the plausible range that sensitivity analysis and calibration sample (\"Plausible "
        "ranges\" above), for most sector physics as factors of the sector's own value; *not sampled* for "
        "a lever, a setting or a value that is not a number; empty where a source fixes the value.",
        "- **why**: what sets the range's bounds (a source, a published range or the argument), or why the "
        "parameter is not sampled.",
        "",
    ]


def _section(name: str, cls: type, node: Any, level: int) -> list[str]:
    """A heading and a table for one section; a section made only of sections gets one each."""
    hints = get_type_hints(cls)
    out = _heading(level, _title(name, cls))
    out.append(_first_line(cls))
    out.append("")
    subs = [f for f in fields(cls) if is_dataclass(hints[f.name])]
    if subs and len(subs) == len(fields(cls)):
        for f in subs:
            out += _section(f"{name}.{f.name}", hints[f.name], getattr(node, f.name), level + 1)
        return out
    out += _section_table(cls, node, name + ".")
    return out


def _section_table(cls: type, node: Any, prefix: str, only: Sequence[Field] | None = None) -> list[str]:
    groups: list[tuple[str, str]] = []
    rows = list(_rows(cls, node, prefix, "", groups, only))
    out = _table(COLUMNS, [(r.key, r.meaning, r.unit, r.allowed, r.default, r.source, r.range, r.why) for r in rows])
    if groups:
        out += [f"- `{key}`: {text}" for key, text in groups]
        out.append("")
    return out


def _sector_section(config: Config) -> list[str]:
    names = list(config.sectors)
    out = _heading(3, "Sectors")
    out.append(_first_line(SectorParams) + " One column per sector of scenario "
               f"`{config.name}` (from `conf/sectors/china_default.yaml`); override one value as "
               "`sectors.<name>.<field>=value`, e.g. `sectors.fireworks.hazard_rate=0.03`.")
    out.append("")
    out += _table(("sector", "Chinese name (label_zh)"),
                  [(f"`{n}`", config.sectors[n].label_zh) for n in names])
    hints = get_type_hints(SectorParams)
    rows = []
    for f in fields(SectorParams):
        meta = f.metadata
        values = [_fmt(getattr(config.sectors[n], f.name)) for n in names]
        rows.append((f"`sectors.<name>.{f.name}`", _cell(meta.get("doc", "")), _cell(meta.get("unit", "")),
                     _allowed(f"sectors.<name>.{f.name}", meta.get("rule", "any"), hints[f.name]),
                     _cell(meta.get("source", "")), *_range_cells(meta), *values))
    out += _table(("key", "meaning", "unit", "allowed", "source", "range", "why", *names), rows)
    return out


def _rows(cls: type, node: Any, prefix: str, context: str, groups: list[tuple[str, str]],
          only: Sequence[Field] | None = None) -> Iterator[Row]:
    """The leaf rows under `cls`, nested dataclasses flattened into dotted keys.

    `node` is the config object holding the values, or None for the fields of one entry of a
    list (e.g. a campaign phase), which show the value an entry gets when it omits the field.
    """
    hints = get_type_hints(cls)
    for f in only if only is not None else fields(cls):
        tp, key, doc = hints[f.name], prefix + f.name, f.metadata.get("doc", "")
        if is_dataclass(tp):
            groups.append((key, _first_line(tp)))
            child = getattr(node, f.name) if node is not None else None
            yield from _rows(tp, child, key + ".", _join(context, doc), groups)
            continue
        yield _leaf_row(cls, f, tp, node, prefix, context)
        element = _list_element(tp)
        if element is not None:
            groups.append((f"{key}[i]", f"each entry: {_first_line(element)}"))
            yield from _rows(element, None, f"{key}[i].", _join(context, doc), groups)


def _leaf_row(cls: type, f: Field, tp: Any, node: Any, prefix: str, context: str) -> Row:
    meta = f.metadata
    key = prefix + f.name
    if node is not None:
        default = _fmt(getattr(node, f.name))
    else:
        default = "if omitted: " + _fmt(_field_default(f))
    span, why = _range_cells(meta)
    return Row(key=f"`{key}`", meaning=_cell(_join(context, meta.get("doc", ""))),
               unit=_cell(meta.get("unit", "")), allowed=_allowed(key, meta.get("rule", "any"), tp),
               default=_cell(default), source=_cell(meta.get("source", "")), range=span, why=why)


# ---------------------------------------------------------------------------------------------
# Cells


def _range_cells(meta: Any) -> tuple[str, str]:
    """The range and why cells: the plausible range (a sector's as factors of its value), or why the
    parameter is not sampled."""
    if "low" in meta:
        if meta.get("relative"):
            return f"×{_fmt(meta['low'])} to ×{_fmt(meta['high'])} of the sector's value", _cell(meta["why"])
        return f"{_fmt(meta['low'])} to {_fmt(meta['high'])}", _cell(meta["why"])
    if meta.get("role"):
        return "not sampled", _cell(f"{meta['role']}: {meta['why']}")
    if meta.get("why"):
        return "not sampled", _cell(meta["why"])
    return "", ""


def _allowed(key: str, rule: str, tp: Any) -> str:
    if key in CHOICES:
        return "one of " + ", ".join(CHOICES[key])
    if rule != "any":
        return _cell(RULES[rule])
    return _cell(f"{_type_words(tp)} ({_type_name(tp)})")


def _type_words(tp: Any) -> str:
    if tp in _PLAIN_TYPES:
        return _PLAIN_TYPES[tp]
    origin, args = get_origin(tp), get_args(tp)
    if origin is list and args:
        if is_dataclass(args[0]):
            return "a list of entries with the fields below"
        return f"a list of {_type_words(args[0])} values" if args[0] in _PLAIN_TYPES else \
            f"a list, each {_type_words(args[0])}"
    if origin is dict and len(args) == 2:
        return f"a mapping from {_type_words(args[0])} to {_type_words(args[1])}"
    if tp is Any:
        return "any value"
    return "a value"


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_type_name(a) for a in get_args(tp))}]"
    if tp is Any:
        return "Any"
    return getattr(tp, "__name__", str(tp))


def _fmt(value: Any, inner: bool = False) -> str:
    """A value written compactly, in YAML-like notation: numbers to 4 significant digits."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _group(str(value))
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, str):
        return value if value else '""'
    if is_dataclass(value):
        value = {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_fmt(v, True)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_fmt(v, True) for v in value) + "]"
    return str(value)


def _num(x: float) -> str:
    if x == 0:
        return "0"
    r = float(f"{x:.4g}")
    if 1e-3 <= abs(r) < 1e7:
        text = format(Decimal(repr(r)).normalize(), "f")
        return _group(text)
    mantissa, exponent = f"{r:.3e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def _group(text: str) -> str:
    """Thousands separators for numbers of five digits or more: 300,000 but 3000."""
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, frac = digits.partition(".")
    if len(whole) < 5:
        return text
    grouped = f"{int(whole):,}"
    return sign + grouped + ("." + frac if frac else "")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    out.append("")
    return out


# ---------------------------------------------------------------------------------------------
# Helpers


def _heading(level: int, text: str) -> list[str]:
    return ["#" * level + " " + text, ""]


def _title(name: str, cls: type) -> str:
    english = TITLES.get(name) or name.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    term = _CJK_TERM.search(_first_line(cls))
    return f"{english} ({term.group(0)})" if term else english


def _first_line(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _join(context: str, doc: str) -> str:
    if context and doc:
        return f"{context}: {doc}"
    return context or doc


def _list_element(tp: Any) -> type | None:
    """The dataclass of the entries of a `list[SomeDataclass]` field, else None."""
    args = get_args(tp)
    if get_origin(tp) is list and args and is_dataclass(args[0]):
        return args[0]
    return None


def _field_default(f: Field) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


if __name__ == "__main__":
    from sim.config.docs_cli import main

    sys.exit(main())
