"""The full sensitivity analysis from the page: the form's size (small or full) becomes
`analysis.sensitivity --size`, a bad size is refused beside its field, and a finished full analysis shows
its Sobol' indices (with the emulator's check before them) as the report does, before the robustness part."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from analysis.report.factors import factor_name
from analysis.report.language import Words
from analysis.workbench import county
from analysis.workbench.app import build_app
from analysis.workbench.studies import Board, check_request
from analysis.workbench.workspace import Workspace
from tests.unit.sensitivity_tables import write_sensitivity

BASE = "http://127.0.0.1:8000"


def _form(**more: str) -> dict[str, str]:
    return {"kind": "sensitivity", "replications": "2", "engine": "numba", "workers": "1", "levels": "", **more}


@pytest.mark.parametrize(("size", "expected"), [("small", "small"), ("full", "full"), (None, "small")])
def test_the_forms_size_is_the_commands(tmp_path, size, expected):
    workspace = Workspace(tmp_path / "ws")
    scenario = county.base_path(workspace, "shipped:county_baseline")
    request, errors = check_request(_form(**({"analysis_size": size} if size else {})), scenario)
    assert errors == {} and request.analysis_size == expected
    board = Board(workspace)
    board.resume = lambda name: None
    folder = workspace.study_folder(board.start(request, "county_baseline"))
    command, report = json.loads((folder / "study.json").read_text())["steps"]
    assert command[command.index("--size") + 1] == expected
    assert report[1:] == ["-m", "analysis.report", str(folder), "--out", str(folder / "sensitivity")]


def test_a_bad_size_is_refused_beside_its_field(tmp_path):
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    answer = client.post("/studies", data={"scenario": "shipped:county_baseline", **_form(analysis_size="huge")})
    assert ('<p class="error field-error" data-key="analysis_size">analysis_size = &#39;huge&#39;: must be small or '
            'full</p>') in answer.text


def test_a_finished_full_analysis_shows_its_sobol_indices_before_the_robustness(tmp_path):
    workspace = tmp_path / "ws"
    client = TestClient(build_app(workspace, "127.0.0.1", 8000), base_url=BASE)
    shown = {}
    for full in (True, False):
        folder = workspace / "studies" / f"2026010{int(full)}-000000-sensitivity"
        write_sensitivity(folder / "sensitivity", full=full)
        (folder / "study.json").write_text(json.dumps({"kind": "sensitivity", "label": "x", "steps": [["a"]],
                                                       "sweep_folder": "sensitivity", "total": 10,
                                                       "replications": 2, "engine": "numba"}))
        (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 0}))
        shown[full] = client.get(f"/studies/{folder.name}").text
    words = Words("zh")
    sobol_caption = words("table.sobol", quantity=words("quantity.share_of_deaths_averted"))
    assert sobol_caption in shown[True] and sobol_caption not in shown[False]
    assert "0.61（0.56至0.66）" in shown[True]   # natural closure's first-order index with its interval
    assert shown[True].index(sobol_caption) < shown[True].index(words("depends.robustness"))
    assert factor_name("deterrence", words) in shown[True]


def test_the_command_for_a_missing_part_carries_the_countys_staffing_step():
    """A 3-inspector county's analysis steps by one inspector (analysis/county_step.py): the sentence that
    names the command for a part not run says so, as the study's own command did; county_baseline's is the
    default step and adds nothing."""
    from analysis.county_step import step_arguments
    from analysis.report.depends import sobol_blocks
    from analysis.report.robust_words import Commands

    for today, step in ((3, "--step 1 --staffing-steps 0,1,2,3 "), (30, "")):
        commands = Commands("three.yaml", "study/sensitivity", tuple(step_arguments(today)))
        (missing,) = sobol_blocks(None, commands, Words("en"))
        assert f"python -m analysis.sensitivity three.yaml {step}--out study/sensitivity" in missing.text


def test_the_language_switch_keeps_the_pages_question(tmp_path):
    """Switching language on a what-if answer (?inspectors=38) comes back to the same answer."""
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    page = client.get("/studies?scenario=shipped:county_baseline").text
    assert 'href="/lang?to=en&amp;next=/studies%3Fscenario%3Dshipped%3Acounty_baseline"' in page
    back = client.get("/lang?to=en&next=/studies%3Fscenario%3Dshipped%3Acounty_baseline", follow_redirects=False)
    assert back.headers["location"] == "/studies?scenario=shipped:county_baseline"


def test_a_screening_without_an_emulator_offers_the_full_analysis_and_starts_it(tmp_path):
    """What if an assumption were different needs the emulator of the full analysis: a finished screening
    says so and offers the run, which starts a new sensitivity study of the same county at the full size."""
    workspace = Workspace(tmp_path / "ws")
    board = Board(workspace)
    board.resume = lambda name: None
    request, _ = check_request(_form(), county.base_path(workspace, "shipped:county_baseline"))
    name = board.start(request, "county_baseline")
    folder = workspace.study_folder(name)
    write_sensitivity(folder / "sensitivity", full=False)
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 0}))
    app = build_app(workspace.root, "127.0.0.1", 8000)
    app.state.board.resume = lambda name: None
    client = TestClient(app, base_url=BASE)
    assert f'action="/studies/{name}/analyse"' in client.get(f"/studies/{name}").text
    answer = client.post(f"/studies/{name}/analyse", follow_redirects=False)
    assert answer.status_code == 303
    new = answer.headers["location"].rsplit("/", 1)[1]
    assert new != name
    command, _ = json.loads((workspace.study_folder(new) / "study.json").read_text())["steps"]
    assert command[command.index("--size") + 1] == "full"
    copied = workspace.study_folder(new) / "scenario.yaml"
    assert str(copied) in command and copied.read_text() == (folder / "scenario.yaml").read_text()
    assert client.post(f"/studies/{new}/analyse").status_code == 404   # not finished: nothing to extend
