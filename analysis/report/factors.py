"""What a sensitivity analysis's tables name, in the report's words: the factors it screens (a
mechanism or a parameter key), the options of its decisions, and its rules of where a decision flips
("detection.professional_major <= 0.31 and hazards.natural_closure_rate > 0.02"), with the keys turned
into readable names and the numbers kept as written.
"""

from __future__ import annotations

import re

from analysis.report.factor_labels import MECHANISMS, PARAMETERS
from analysis.report.language import Words

CONDITION = re.compile(r"^(?P<key>.+?) (?P<op><=|>) (?P<value>[-+0-9.eE]+)$")
EVERYWHERE = re.compile(r"^(?P<option>.+) wins (?P<where>everywhere|nowhere) in the ranges$")
SCATTERED = "no region: the flips are scattered"
WHOLE_RANGE = "everywhere"   # a tree that found no split (too few counties): its one region, the whole ranges
WENT_TO = re.compile(r"(?P<option>[^,()]+?) \((?P<count>\d+)\)")
AXES = {"regime": "regime", "budget_mix": "mix"}   # a decision's options as the sweeps' cells name them


def factor_name(factor: str, words: Words) -> str:
    """A mechanism's or a parameter's readable name; an unknown key by its mechanism and the key."""
    column = 1 if words.chinese else 0
    if factor in MECHANISMS:
        return MECHANISMS[factor][column]
    parts = factor.split(".")
    if parts[0] == "sectors" and len(parts) == 3 and f"sectors.*.{parts[2]}" in PARAMETERS:
        return words("factor.sector", sector=words.value(parts[1]),
                     name=PARAMETERS[f"sectors.*.{parts[2]}"][column])
    if factor in PARAMETERS:
        return PARAMETERS[factor][column]
    group = ".".join(parts[:2]) if parts[0] == "regimes" else parts[0]
    if group in MECHANISMS:
        return words("factor.unknown", mechanism=MECHANISMS[group][column], parameter=factor)
    return words("factor.key", parameter=factor)


def option_name(decision: str, option: str, words: Words) -> str:
    """An option of a robustness decision: an inspector count, a regime or a budget mix."""
    if decision == "staffing":
        return words("option.staff", count=option)
    return words.option(f"{AXES.get(decision, decision)}={option}")


def condition_text(condition: str, words: Words) -> str:
    """'detection.professional_major <= 0.31' as 'trained inspector finds a major hazard ≤ 0.31'."""
    found = CONDITION.match(condition.strip())
    if found is None:
        return words("factor.key", parameter=condition.strip())
    return words(f"rule.{'at_most' if found['op'] == '<=' else 'above'}", name=factor_name(found["key"], words),
                 value=threshold_text(found["value"], words))


def threshold_text(value: str, words: Words) -> str:
    """A rule's cut as a planner reads it: 26,260 rather than 2.626e+04, 0.0002896 as written."""
    try:
        number = float(value)
    except ValueError:
        return value
    if abs(number) >= 1000:
        return words.number(number, 0)
    return f"{number:.4g}" if "e" not in f"{number:.4g}" else f"{number:.6f}".rstrip("0")


def region_text(rule: str, words: Words) -> str:
    """A rule's conditions, joined: 'A ≤ 0.31 and B > 0.02'."""
    return words("rule.and").join(condition_text(part, words) for part in rule.split(" and "))


def went_to(decision: str, to: str | float, words: Words) -> str:
    """The `to` column ('fewer_staff_third_party (5), as_today (1)') as 'third-party days (5) and as today (1)'."""
    if not isinstance(to, str) or not to.strip():
        return ""
    return words.join([words("rule.went", option=option_name(decision, m["option"].strip(), words), count=m["count"])
                       for m in WENT_TO.finditer(to)])
