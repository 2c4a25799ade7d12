"""The parameter tables of docs/model.md: complete, up to date, and a meaning for every parameter."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import get_args, get_origin, get_type_hints

import pytest

import sim
from sim.config import docs_cli, docs_table
from sim.config.docs_cli import BEGIN, DOC_PATH, END, section, splice
from sim.config.docs_table import parameter_tables
from sim.config.fields import RULES
from sim.config.schema import Config

REGENERATE = "run `python -m sim.config.docs_table` and commit docs/model.md"


@pytest.fixture(scope="module")
def config() -> Config:
    return sim.load_config()


@pytest.fixture(scope="module")
def tables(config) -> str:
    return parameter_tables(config)


def leaf_keys(cls: type, prefix: str = "") -> list[str]:
    """Dotted keys of every leaf parameter under `cls`, written as the tables write them.

    Nested dataclasses are walked; a dict of dataclasses (the sectors) gives `<name>` keys and a
    list of dataclasses (campaign phases) gives `[i]` keys for the fields of one entry.
    """
    keys = []
    hints = get_type_hints(cls)
    for f in fields(cls):
        tp, key = hints[f.name], prefix + f.name
        args = get_args(tp)
        if is_dataclass(tp):
            keys += leaf_keys(tp, key + ".")
        elif get_origin(tp) is dict and len(args) == 2 and is_dataclass(args[1]):
            keys += leaf_keys(args[1], key + ".<name>.")
        elif get_origin(tp) is list and args and is_dataclass(args[0]):
            keys.append(key)
            keys += leaf_keys(args[0], key + "[i].")
        else:
            keys.append(key)
    return keys


def schema_classes(cls: type = Config) -> list[type]:
    """Every dataclass reachable from `cls`, through fields, dict values and list items."""
    found = [cls]
    hints = get_type_hints(cls)
    for f in fields(cls):
        tp = hints[f.name]
        for candidate in (tp, *get_args(tp)):
            if is_dataclass(candidate) and candidate not in found:
                found += [c for c in schema_classes(candidate) if c not in found]
    return found


def test_every_leaf_parameter_has_a_row(tables, config):
    keys = leaf_keys(Config)
    assert len(keys) > 150  # sanity: the walk reached the sections, sectors and regimes
    assert any(k.startswith("sectors.<name>.") for k in keys)
    assert any(k.startswith("regimes.campaign.phases[i].") for k in keys)
    missing = [k for k in keys if f"`{k}`" not in tables]
    assert not missing, f"parameters missing from the tables: {missing}"


def test_every_sector_has_a_column_and_its_chinese_name(tables, config):
    header = next(line for line in tables.splitlines() if line.startswith("| key | meaning | unit | allowed | source |"))
    for name, params in config.sectors.items():
        assert f" {name} |" in header
        assert params.label_zh and params.label_zh in tables


def test_a_row_shows_the_county_baseline_value(tables, config):
    row = next(line for line in tables.splitlines() if line.startswith("| `inspectors.task_hours.investigation` |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2] == "hours"
    assert cells[3] == RULES["nonneg"]
    assert float(cells[4]) == config.inspectors.task_hours.investigation


def test_rules_are_written_in_plain_words(tables):
    for rule in ("probability", "nonneg", "positive_count", "month_day"):
        assert f"| {rule} |" not in tables
    assert RULES["probability"] in tables
    assert "true or false (bool)" in tables


def test_docs_are_up_to_date(tables):
    assert DOC_PATH.exists(), f"{DOC_PATH} is missing: {REGENERATE}"
    document = DOC_PATH.read_text(encoding="utf-8")
    assert document.count(BEGIN) == 1 and document.count(END) == 1, f"markers missing: {REGENERATE}"
    assert section(document) == tables, f"docs/model.md is out of date: {REGENERATE}"


def test_every_parameter_has_a_meaning():
    empty = []
    for cls in schema_classes():
        hints = get_type_hints(cls)
        for f in fields(cls):
            if not is_dataclass(hints[f.name]) and not f.metadata.get("doc", "").strip():
                empty.append(f"{cls.__name__}.{f.name}")
    assert not empty, f"fields without doc= (their meaning in docs/model.md): {empty}"


def test_every_section_class_has_a_docstring_for_its_heading():
    for cls in schema_classes():
        assert (cls.__doc__ or "").strip(), f"{cls.__name__} needs a docstring"


def test_splice_replaces_only_the_marked_section():
    document = f"# The model\n\nIntro.\n\n{BEGIN}\n\nold\n\n{END}\n\nAfter.\n"
    updated = splice(document, "## Parameters\n\nnew\n")
    assert updated.startswith("# The model\n\nIntro.\n\n")
    assert updated.endswith("\n\nAfter.\n")
    assert section(updated) == "## Parameters\n\nnew\n"
    assert splice(updated, "## Parameters\n\nnew\n") == updated


def test_splice_appends_the_markers_when_absent():
    updated = splice("# The model\n", "tables\n")
    assert updated == f"# The model\n\n{BEGIN}\n\ntables\n\n{END}\n"
    assert section("# The model\n") is None


@pytest.mark.parametrize(("value", "text"), [
    (0.0, "0"), (1 / 120, "0.008333"), (2e-5, "2e-5"), (3e-4, "3e-4"), (0.25, "0.25"),
    (15.0, "15"), (3000.0, "3000"), (300_000.0, "300,000"), (1096, "1096"), (True, "true"),
    ("", '""'), ([], "[]"), (["a", "b"], "[a, b]"), ({"x": 0.5}, "{x: 0.5}"),
])
def test_values_are_written_compactly(value, text):
    assert docs_table._fmt(value) == text


def test_check_reports_a_stale_file(tmp_path, monkeypatch, capsys, tables):
    stale = tmp_path / "model.md"
    stale.write_text(f"# The model\n\n{BEGIN}\n\nold\n\n{END}\n", encoding="utf-8")
    monkeypatch.setattr(docs_cli, "DOC_PATH", stale)
    monkeypatch.setattr(docs_cli, "ROOT", tmp_path)
    monkeypatch.setattr(docs_cli, "parameter_tables", lambda config=None: tables)
    assert docs_cli.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert docs_cli.main([]) == 0
    assert docs_cli.main(["--check"]) == 0
    assert section(stale.read_text(encoding="utf-8")) == tables
