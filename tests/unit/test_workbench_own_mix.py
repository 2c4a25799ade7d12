"""A budget split of the planner's own on the workbench's budget-mix study: refused beside its fields when
it does not add up to the budget, cannot be priced or buys what another mix buys; else swept beside the
file's mixes as `own_mix` and named in the report by what it buys, as the planner's ("自定方案：…")."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from analysis.report.language import Words
from analysis.report.mix_names import mixes_bought
from analysis.workbench import county
from analysis.workbench.app import build_app
from analysis.workbench.studies import Board, check_request
from analysis.workbench.workspace import Workspace

BASE = "http://127.0.0.1:8000"


def _three_inspectors(workspace: Workspace):
    """county_baseline with 3 inspectors (2 trained): ¥600,000 of staff + ¥12,000 of training a year."""
    path = county.base_path(workspace, "shipped:county_baseline")
    checked = county.check_form(path, {"inspectors.count": "3"}, {"population.register": None,
                                                                  "calibration.records": None})
    return county.save_scenario(workspace, "three", path, checked, {"population.register": None}, "三人县")


def _form(**mix: str) -> dict[str, str]:
    return {"kind": "budget_mix", "replications": "2", "engine": "numba", "workers": "1", "levels": "",
            **{f"mix_{lever}": amount for lever, amount in mix.items()}}


@pytest.mark.parametrize(("mix", "errors"), [
    ({"inspectors": "400000", "rewards": "100000"},
     {"own_mix": "own_mix = 500,000 yuan a year: the levers must add up to the budget, 612,000 yuan a year"}),
    ({"inspectors": "400000", "rewards": "-5"},
     {"mix_rewards": "mix_rewards = '-5': must be a whole number from 0 to 10000000000"}),
    ({"inspectors": "600000", "training": "12000"},
     {"own_mix": "own_mix = 612,000 yuan a year: buys the same as the mix as_today already swept; change the split"}),
])
def test_an_own_mix_that_cannot_be_swept_is_refused_beside_its_fields(tmp_path, mix, errors):
    scenario = _three_inspectors(Workspace(tmp_path / "ws"))
    request, found = check_request(_form(**mix), scenario)
    assert request is None and found == errors


def test_an_own_mix_is_swept_beside_the_files_mixes(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    scenario = _three_inspectors(workspace)
    request, errors = check_request(_form(inspectors="400,000", training="12000", rewards="200000"), scenario)
    assert errors == {} and dict(request.own_mix) == {"inspectors": 400_000, "training": 12_000, "rewards": 200_000,
                                                      "third_party": 0, "remote_monitoring": 0}
    board = Board(workspace)
    board.resume = lambda name: None
    folder = workspace.study_folder(board.start(request, "three"))
    study = json.loads((folder / "study.json").read_text())
    sweep = study["steps"][0]
    assert any(arg.startswith("sweep.budget.options=") and
               arg.endswith(", own_mix: {inspectors: 400000, training: 12000, rewards: 200000}}") for arg in sweep)
    assert study["total"] == 7 * 2   # the file's six mixes and the planner's, two replications each
    empty, _ = check_request(_form(), scenario)
    assert empty.own_mix == ()


def test_the_page_shows_an_own_mixs_refusal_beside_it(tmp_path):
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    answer = client.post("/studies", data={"scenario": "shipped:county_baseline", **_form(inspectors="100")})
    assert answer.status_code == 200
    assert ('<p class="error field-error" data-key="own_mix">own_mix = 100 yuan a year: the levers must add up to '
            'the budget, 6,108,000 yuan a year</p></div>') in answer.text
    assert 'name="mix_inspectors" id="mix_inspectors" value="100"' in answer.text


def test_an_own_mix_is_named_by_what_it_buys_as_the_planners(tmp_path):
    resolved = {"budget": {"axis": "mix"}, "reference": 0, "cells": [
        {"cell": 0, "values": {"mix": "as_today"}, "overrides": ["inspectors.count=30",
                                                                   "inspectors.professional_share=0.6"]},
        {"cell": 1, "values": {"mix": "own_mix"}, "overrides": [
            "inspectors.count=27", "inspectors.professional_share=0.666666666667",
            "regimes.remote_monitoring.enabled=true"]}]}
    bought = mixes_bought(resolved, (30, 18))
    assert bought["mix=own_mix"].name(Words("zh")) == "自定方案：27人＋远程监测"
    assert bought["mix=own_mix"].name(Words("en")) == "your mix: 27 inspectors + remote monitoring"
    assert bought["mix=as_today"].name(Words("en")) == Words("en")("option.mix=as_today")
