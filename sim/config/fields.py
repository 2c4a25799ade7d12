"""Field helpers: every parameter carries its rule, unit and provenance as metadata.

The metadata drives two things from one place: input validation (`validate.py`) and the
parameter table in `docs/model.md` (`docs_table.py`), so the docs cannot drift from the code.
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
    "any": "any value of the declared type",
}


def param(
    default: Any = MISSING,
    *,
    rule: str,
    unit: str = "",
    source: str = "assumed",
    doc: str = "",
    factory: Any = MISSING,
) -> Any:
    """A dataclass field with its validation rule, unit, provenance and meaning."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    meta = {"rule": rule, "unit": unit, "source": source, "doc": doc}
    if factory is not MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)
