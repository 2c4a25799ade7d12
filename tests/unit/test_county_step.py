"""The analysis of the assumptions' staffing step scaled to the county (analysis/county_step.py): a third
of today's staff, at least one; county_baseline's commands as they were (+10; 0, 10, 20, 30)."""

from __future__ import annotations

import json

import pytest

from analysis import default_study
from analysis.county_step import DEFAULT_STEP, DEFAULT_STEPS, staffing_step, step_arguments


@pytest.mark.parametrize("today, step", [(30, 10), (29, 10), (3, 1), (1, 1), (0, 1), (20, 7), (90, 30)])
def test_a_step_is_a_third_of_todays_staff_and_at_least_one(today, step):
    assert staffing_step(today) == step


def test_county_baselines_step_is_the_commands_default_and_passes_nothing():
    from analysis.sensitivity.__main__ import _parser

    defaults = _parser().parse_args(["county_baseline"])
    assert (defaults.step, defaults.staffing_steps) == (DEFAULT_STEP, ",".join(map(str, DEFAULT_STEPS))) == (10, "0,10,20,30")
    assert step_arguments(30) == []
    assert step_arguments(3) == ["--step", "1", "--staffing-steps", "0,1,2,3"]   # levels 3, 4, 5, 6, not 3 … 33


def _asked_of_sensitivity(monkeypatch, argv: list[str]) -> list[list[str]]:
    import analysis.report.__main__ as report
    import analysis.sensitivity.__main__ as sensitivity

    for part in ("staffing", "sweep", "trial"):
        monkeypatch.setattr(default_study, part, lambda *args, **kwargs: 0)
    monkeypatch.setattr(report, "write_reports", lambda folder: [])
    asked: list[list[str]] = []
    monkeypatch.setattr(sensitivity, "main", lambda args: asked.append(args) or 0)
    assert default_study.main(argv) == 0
    return asked


def test_the_default_study_of_a_three_inspector_county_screens_a_step_of_one(tmp_path, monkeypatch):
    asked = _asked_of_sensitivity(monkeypatch, ["inspectors.count=3", "seed=7", "n_jobs=1", "--out", str(tmp_path)])
    assert asked == [["county_baseline", "--size", "small", "--out", str(tmp_path / "sensitivity"), "--step", "1",
                      "--staffing-steps", "0,1,2,3", "seed=7", "engine=numba", "n_jobs=1", "inspectors.count=3"]]


def test_a_full_analysis_of_another_step_is_not_kept_by_a_small_screening(tmp_path, monkeypatch):
    (tmp_path / "sensitivity").mkdir()
    manifest = {"scenario": "county_baseline", "overrides": ["inspectors.count=3"], "seed": 7, "engine": "numba",
                "step": 10, "parts": ["screening", "sobol", "robustness"]}   # run before the step was the county's
    (tmp_path / "sensitivity" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    study = ["inspectors.count=3", "seed=7", "--out", str(tmp_path)]
    assert _asked_of_sensitivity(monkeypatch, study)[0][:3] == ["county_baseline", "--size", "small"]
    manifest["step"] = 1
    (tmp_path / "sensitivity" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert _asked_of_sensitivity(monkeypatch, study) == []


def test_the_workbenchs_sensitivity_study_of_a_three_inspector_county_asks_its_step(tmp_path):
    from analysis.workbench import county
    from analysis.workbench.studies import Board, check_request
    from analysis.workbench.workspace import Workspace

    workspace = Workspace(tmp_path / "ws")
    path = county.base_path(workspace, "shipped:county_baseline")
    files = {"population.register": None, "calibration.records": None}
    checked = county.check_form(path, {"inspectors.count": "3"}, files)
    scenario = county.save_scenario(workspace, "three", path, checked, files, "")
    form = {"kind": "sensitivity", "replications": "2", "engine": "numba", "workers": "1", "levels": ""}
    request, errors = check_request(form, scenario, workspace)
    assert errors == {}
    board = Board(workspace)
    board.resume = lambda name: None   # the commands only
    folder = workspace.study_folder(board.start(request, "three"))
    command, _ = json.loads((folder / "study.json").read_text())["steps"]   # then its report
    assert command[2:12] == ["analysis.sensitivity", str(folder / "scenario.yaml"), "--size", "small", "--out",
                             str(folder / "sensitivity"), "--step", "1", "--staffing-steps", "0,1,2,3"]
