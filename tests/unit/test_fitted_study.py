"""The default study of a fitted county (`--fitted CALIBRATION`): every part at the best-fitting set, the
robustness part over all fitted sets, the first page saying so, and a bad calibration refused in one line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import default_study
from analysis.fitted_county import NOTE, read_calibration

MANIFEST = {"scenario": "county_baseline", "overrides": ["population.enterprises=300"], "records_path": "r.csv",
            "targets": ["deaths_industrial"], "ranges": {"inspectors.admin_share": [0.2, 0.6]}}


def _calibration(folder: Path, manifest: dict | None = None, rows: int = 3) -> Path:
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest or MANIFEST), encoding="utf-8")
    pd.DataFrame({"point": [4, 9, 17][:rows], "inspectors.admin_share": [0.3, 0.45, 0.5][:rows],
                  "inspectors.task_hours.targeted": [6.0, 12.0, 9.5][:rows],
                  "deaths_industrial": [2.0, 3.1, 2.4][:rows],
                  "implausibility": [2.2, 0.7, 1.9][:rows]}).to_parquet(folder / "fitted.parquet")
    return folder


def test_the_best_fitting_set_is_the_one_whose_largest_implausibility_is_smallest(tmp_path):
    county = read_calibration(str(_calibration(tmp_path / "calib")), "county_baseline")
    assert county.best_point == 9 and county.best_implausibility == 0.7 and county.sets == 3
    # the records' model means are not parameters; whole numbers are written without a decimal point
    assert county.best == ("inspectors.admin_share=0.45", "inspectors.task_hours.targeted=12")
    assert county.overrides == ("population.enterprises=300", "calibration.records=r.csv")
    assert county.ranges == ("range.inspectors.admin_share=[0.2,0.6]",)
    assert county.sample == tmp_path / "calib" / "fitted.parquet"


def test_a_fitted_study_runs_at_the_best_set_and_its_analysis_over_every_set(tmp_path, monkeypatch):
    import analysis.report.__main__ as report
    import analysis.sensitivity.__main__ as sensitivity

    calibration = _calibration(tmp_path / "calib")
    asked: dict[str, list] = {}
    monkeypatch.setattr(default_study, "staffing", lambda config, model, *a: asked.setdefault("staffing", model) and 0)
    monkeypatch.setattr(default_study, "sweep", lambda name, config, model, *a: asked.setdefault(name, model) and 0)
    monkeypatch.setattr(default_study, "trial", lambda config, model, *a: asked.setdefault("trial", model) and 0)
    monkeypatch.setattr(report, "write_reports", lambda folder: [])
    monkeypatch.setattr(sensitivity, "main", lambda argv: asked.setdefault("sensitivity", argv) and 0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text("年份,工矿商贸死亡人数\n2021,3\n", encoding="utf-8")
    assert default_study.main(["--fitted", str(calibration), "seed=7", "n_jobs=1", "inspectors.count=20"]) == 0
    best = ["inspectors.admin_share=0.45", "inspectors.task_hours.targeted=12"]   # point 9: implausibility 0.7
    county = ["population.enterprises=300", "calibration.records=r.csv"]
    for part in ("staffing", "regimes", "budget_mix", "trial"):
        assert asked[part] == [*county, *best, "inspectors.count=20"], part
    assert asked["sensitivity"] == [
        "county_baseline", "--parts", "robustness", "--sample", str(calibration / "fitted.parquet"),
        "--out", str(Path("reports") / "default_study__fitted=calib__seed=7__n_jobs=1__inspectors.count=20" /
                     "sensitivity"),
        "--step", "7", "--staffing-steps", "0,7,14,21",   # a third of its 20 inspectors (analysis/county_step.py)
        "seed=7", "engine=numba", "n_jobs=1", "range.inspectors.admin_share=[0.2,0.6]", *county, "inspectors.count=20"]
    note = json.loads((tmp_path / "reports" / "default_study__fitted=calib__seed=7__n_jobs=1__inspectors.count=20"
                       / NOTE).read_text(encoding="utf-8"))
    assert note["sets"] == 3 and note["best_point"] == 9 and note["records"] == "r.csv"
    assert note["targets"] == ["deaths_industrial"]


@pytest.mark.parametrize("manifest, rows, args, says", [
    (None, 3, ["--fitted", "nowhere"], "--fitted = 'nowhere': a folder written by python -m analysis.calibrate"),
    ({**MANIFEST, "scenario": "county_large"}, 3, [], "a calibration of county_baseline, which the default study runs"),
    ({k: v for k, v in MANIFEST.items() if k != "overrides"}, 3, [], "written before calibrations did"),
    (MANIFEST, 0, [], "a calibration that kept at least one parameter set"),
    (MANIFEST, 3, ["--sensitivity", "full"], "--sensitivity = 'full': not with --fitted"),
])
def test_a_calibration_the_study_cannot_use_is_one_line_and_nothing_is_written(tmp_path, capsys, monkeypatch,
                                                                               manifest, rows, args, says):
    monkeypatch.chdir(tmp_path)
    folder = _calibration(tmp_path / "calib", manifest, rows) if manifest is not None else None
    given = args if folder is None else ["--fitted", str(folder), *args]
    assert default_study.main([*given, "--out", str(tmp_path / "study")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and says in err
    assert not (tmp_path / "study").exists()


def test_the_first_page_says_the_county_was_fitted_and_to_what(report_facts):
    from analysis.report.build import findings
    from analysis.report.language import Words

    note = {"folder": "reports/calibration/haifeng", "records": "scenarios/examples/records/fit/haifeng.csv",
            "targets": ["deaths_industrial", "rectification_rate"], "sets": 34}
    facts = dataclasses.replace(report_facts, study=dataclasses.replace(report_facts.study, fitted=note))
    for language, says in (("en", "Fitted to the county's records (haifeng.csv: 2 records): the figures in this "
                                  "report are those of the best-fitting of the 34 parameter sets"),
                           ("zh", "本县已按历史数据拟合（haifeng.csv：2项记录）")):
        first = findings(facts, Words(language))[1].items[0]
        assert first.startswith(says), first
    plain = findings(report_facts, Words("en"))[1].items[0]
    assert "Fitted to" not in plain


def test_a_calibration_of_another_county_is_taken_with_that_county_as_scenario(tmp_path, monkeypatch, capsys):
    """read_calibration compares with the study's --scenario: a calibration of county_all_regimes is refused
    for the default county and taken with --scenario county_all_regimes, every part on that county."""
    import analysis.report.__main__ as report
    import analysis.sensitivity.__main__ as sensitivity

    calibration = _calibration(tmp_path / "calib", {**MANIFEST, "scenario": "county_all_regimes"})
    asked: dict[str, object] = {}
    monkeypatch.setattr(default_study, "staffing", lambda config, model, folder, n, scenario:
                        asked.setdefault("staffing", scenario) and 0)
    monkeypatch.setattr(default_study, "sweep", lambda name, config, model, folder, n, scenario:
                        asked.setdefault(name, scenario) and 0)
    monkeypatch.setattr(default_study, "trial", lambda config, model, folder, n, scenario:
                        asked.setdefault("trial", scenario) and 0)
    monkeypatch.setattr(report, "write_reports", lambda folder: [])
    monkeypatch.setattr(sensitivity, "main", lambda argv: asked.setdefault("sensitivity", argv[:3]) and 0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.csv").write_text("年份,工矿商贸死亡人数\n2021,3\n", encoding="utf-8")
    assert default_study.main(["--fitted", str(calibration), "--out", str(tmp_path / "plain")]) == 2
    assert "a calibration of county_baseline" in capsys.readouterr().err and not (tmp_path / "plain").exists()
    assert default_study.main(["--scenario", "county_all_regimes", "--fitted", str(calibration)]) == 0
    assert asked["staffing"] == asked["regimes"] == asked["budget_mix"] == asked["trial"] == "county_all_regimes"
    assert asked["sensitivity"] == ["county_all_regimes", "--parts", "robustness"]
    study = tmp_path / "reports" / "default_study__scenario=county_all_regimes__fitted=calib"
    assert json.loads((study / NOTE).read_text(encoding="utf-8"))["scenario"] == "county_all_regimes"
