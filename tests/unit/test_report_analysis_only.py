"""The report of a sensitivity analysis alone (the workbench's sensitivity study): its section under the
county's title in both languages; a folder with a run or a sweep beside the analysis is the whole report's."""

from __future__ import annotations

import json

import pytest

from analysis.report.__main__ import write_reports
from analysis.report.analysis_only import analysis_alone
from analysis.report.language import Words
from sim.config.errors import ConfigError
from tests.unit.sensitivity_tables import write_sensitivity


def test_an_analysis_alone_is_reported_as_its_section_under_the_countys_title(tmp_path):
    study = tmp_path / "study"
    write_sensitivity(study / "sensitivity")
    paths = write_reports(study, ("zh", "en"), tmp_path / "out")
    assert [p.name for p in paths] == ["report-zh.html", "report-zh.pdf", "report-en.html", "report-en.pdf"]
    for language in ("zh", "en"):
        words = Words(language)
        html = (tmp_path / "out" / f"report-{language}.html").read_text(encoding="utf-8")
        assert words("title", scenario=words.scenario_title(__import__("sim").load_config("county_baseline"))) in html
        assert words("section.depends") in html and words("depends.robustness") in html
        assert words("section.findings") not in html   # no first page: the analysis answers no staffing question
        assert (tmp_path / "out" / f"report-{language}.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_county_is_the_one_the_analysis_ran_on(tmp_path):
    study = tmp_path / "study"
    write_sensitivity(study / "sensitivity")
    manifest = json.loads((study / "sensitivity" / "manifest.json").read_text())
    manifest["overrides"] = ["inspectors.count=3"]
    (study / "sensitivity" / "manifest.json").write_text(json.dumps(manifest))
    write_reports(study, ("en",))
    html = (study / "report-en.html").read_text(encoding="utf-8")
    assert "3 inspectors, 3,000 enterprises, 2020–2022" in html


def test_a_run_or_a_sweep_beside_it_makes_it_the_whole_reports(tmp_path):
    study = tmp_path / "study"
    write_sensitivity(study / "sensitivity")
    assert analysis_alone(study) is not None
    (study / "staffing").mkdir()
    (study / "staffing" / "sweep.yaml").write_text("name: staffing\n")
    assert analysis_alone(study) is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert analysis_alone(empty) is None
    with pytest.raises(ConfigError, match="holds no run"):
        write_reports(empty, ("en",))
