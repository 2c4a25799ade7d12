"""Field helpers: every parameter carries its rule, unit, provenance and plausible range as metadata.

The metadata drives three things from one place: input validation (`validate.py`), the parameter
table in `docs/model.md` (`docs_table.py`) and the uncertainties that sensitivity analysis and
calibration sample (`uncertainty.py`), so the docs cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import MISSING, field
from typing import Any

RULES = {
    "probability": "a number in [0, 1]",
    "nonneg": "a number >= 0",
    "optional_nonneg": "a number >= 0, or null for none",
    "positive": "a number > 0",
    "count": "a whole number >= 0",
    "positive_count": "a whole number >= 1",
    "date": "a date written YYYY-MM-DD",
    "month_day": "a day of the year written MM-DD",
    "shares": "shares >= 0 over known sector names that sum to 1",
    "sectors": "a list of known sector names",
    "key_periods": "a list of: new_year, spring_festival, qingming, labour_day, dragon_boat, mid_autumn, "
                   "national_day, flood_season",
    "data_file": "a path to a .csv or .xlsx file, or empty for none",
    "any": "any value of the declared type",
}
# Why a parameter without a range is not sampled; its `why` says what it is.
ROLES = {
    "lever": "a lever: what the bureau decides and the studies compare, never sampled",
    "setting": "a setting of the scenario or the run, not a property of the county's world",
    "inert": "no effect in the model as it is, so sampling it would change nothing",
}


def param(
    default: Any = MISSING,
    *,
    rule: str,
    unit: str = "",
    source: str = "assumed",
    doc: str = "",
    factory: Any = MISSING,
    low: float | None = None,
    high: float | None = None,
    relative: bool = False,
    why: str = "",
    role: str = "",
    group: str = "",
) -> Any:
    """A dataclass field with its validation rule, unit, provenance, meaning and plausible range.

    `low` and `high` bound the values a planner would call plausible, `why` says what sets the bounds
    (a source id, a published range or the argument); with `relative`, they are factors of the value
    in force (a sector's own value). `role` marks a parameter that is never sampled (ROLES), with `why`
    saying what it is; `group` names the mechanism a ranged parameter belongs to when it is not its
    config section's (a sector's hazard rate belongs to "hazards").
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    if role and role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if (low is None) != (high is None) or (low is not None and (not why or role or low > high)):
        raise ValueError(f"a range needs low <= high and a why, and no role: {low!r}, {high!r}, {why!r}, {role!r}")
    meta = {"rule": rule, "unit": unit, "source": source, "doc": doc}
    if low is not None:
        meta.update(low=low, high=high, relative=relative, group=group)
    if why:
        meta["why"] = why
    if role:
        meta["role"] = role
    if factory is not MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)
