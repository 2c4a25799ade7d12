"""docs/county_data.md lists every name sim/county/columns.py accepts, and the names are unambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.county.columns import (
    NO,
    RECORD_COLUMNS,
    REGISTER_COLUMNS,
    SECTOR_NAMES,
    TIER_NAMES,
    YEAR_COLUMN,
    YES,
    header_key,
    key,
)

DOC = key((Path(__file__).resolve().parents[2] / "docs" / "county_data.md").read_text(encoding="utf-8"))
NAMES = [*(n for names in REGISTER_COLUMNS.values() for n in names), *(n for names in SECTOR_NAMES.values() for n in names),
         *(n for names in TIER_NAMES for n in names), *YES, *NO, *YEAR_COLUMN,
         *(n for names in RECORD_COLUMNS.values() for n in names), *SECTOR_NAMES, *RECORD_COLUMNS]


@pytest.mark.parametrize("name", NAMES)
def test_every_name_accepted_is_in_the_doc(name):
    assert key(name) in DOC


@pytest.mark.parametrize("table", [REGISTER_COLUMNS, SECTOR_NAMES, {"year": YEAR_COLUMN, **RECORD_COLUMNS}],
                         ids=["register", "sectors", "records"])
def test_no_name_means_two_things(table):
    seen: dict[str, str] = {}
    for meaning, names in table.items():
        for name in (meaning, *names):
            assert seen.setdefault(key(name), meaning) == meaning, name


def test_headers_compare_without_spaces_brackets_width_or_unit():
    assert header_key("从业人员（人）") == header_key("从业 人员") == header_key("从业人员(人)") == ("从业人员", 1.0)
    assert header_key("奖励金额（万元）") == ("奖励金额", 1e4)
    assert header_key("发现隐患（一般）")[0] == key("发现隐患一般")
