"""The workbench without a browser: names and paths confined to the workspace, the token and the
page-only checks, the form's checks and the scenario it saves, the studies found again from disk."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import sim
from analysis.workbench import county
from analysis.workbench.app import build_app
from analysis.workbench.progress import logged_total, replications_done
from analysis.workbench.studies import Board, check_request
from analysis.workbench.text_en import TEXT as ENGLISH
from analysis.workbench.text_zh import TEXT as CHINESE
from analysis.workbench.workspace import OutsideWorkspace, Workspace, plain_name, upload_name

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8000"


@pytest.fixture
def client(tmp_path):
    return TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)


@pytest.mark.parametrize("name", ["../x", "..", "/etc/passwd", "a/b", "a\\b", ".hidden", "", "a.b", "x" * 61])
def test_names_from_the_page_cannot_leave_the_workspace(name):
    with pytest.raises(OutsideWorkspace):
        plain_name(name, "scenario")


def test_an_upload_keeps_only_its_plain_name_and_a_table_suffix():
    assert upload_name("../../../etc/企业名录.xlsx") == "企业名录.xlsx"
    assert upload_name("C:\\Users\\x\\..\\register.CSV") == "register.csv"
    with pytest.raises(OutsideWorkspace):
        upload_name("evil.sh")


def test_a_link_out_of_the_workspace_is_refused(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    (workspace.studies / "away").symlink_to(tmp_path)
    with pytest.raises(OutsideWorkspace):
        workspace.study_folder("away")


@pytest.mark.parametrize("url", ["/studies/..%2F..%2Fetc/files/report-zh.pdf", "/studies/x/files/..%2Fstudy.json",
                                 "/studies/%2e%2e/files/report-zh.pdf", "/county-templates/..%2Fpyproject.toml"])
def test_downloads_outside_a_studys_report_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_bad_upload_leaves_nothing_and_says_the_row(client, tmp_path):
    answer = client.post("/upload", data={"kind": "register"},
                         files={"file": ("../bad.csv", "企业名称,行业\n甲,煤矿\n".encode(), "text/csv")})
    assert "bad.csv, row 2, column 行业: &#39;煤矿&#39;" in answer.text
    assert not [p for p in (tmp_path / "ws").rglob("*") if p.is_file()]


def test_a_large_upload_is_refused_before_it_is_read(client, tmp_path):
    answer = client.post("/upload", data={"kind": "register"},
                         files={"file": ("big.csv", b"x" * (22 * 1024 * 1024), "text/csv")})
    assert answer.status_code == 413
    assert not [p for p in (tmp_path / "ws").rglob("*") if p.is_file()]


def test_another_host_needs_the_token(tmp_path):
    app = build_app(tmp_path / "ws", "0.0.0.0", 8000, token="secret-token")
    client = TestClient(app, base_url="http://192.0.2.1:8000")
    assert client.get("/studies").status_code == 403
    assert client.get("/studies?token=wrong").status_code == 403
    assert client.get("/studies?token=secret-token").status_code == 200
    assert client.get("/studies").status_code == 200   # the cookie the first answer set


def test_a_form_from_another_site_or_a_strange_host_is_refused(client):
    assert client.post("/studies", data={}, headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.get("/county", headers={"Host": "rebound.example:8000"}).status_code == 403


def test_a_bad_value_is_refused_beside_its_field_with_the_command_lines_message(client, tmp_path):
    answer = client.post("/county", data={"base": "shipped:county_baseline", "name": "x", "inspectors.count": "-1",
                                          "costs.inspector_yearly": "abc"})
    assert 'data-key="inspectors.count">config error: inspectors.count = -1: must be a whole number &gt;= 0' in answer.text
    assert "config error: costs.inspector_yearly = &#39;abc&#39;: must be a number &gt;= 0" in answer.text
    assert not list((tmp_path / "ws" / "scenarios").glob("*"))


def test_the_saved_scenario_runs_as_the_command_line_loads_it(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    path = county.base_path(workspace, "shipped:county_all_regimes")   # its defaults list chooses options
    base = sim.load_config(str(path))
    form = {"inspectors.count": "7", "regimes.whistleblower.enabled": "false",
            "regimes.whistleblower.reward_major": "50000", "costs.inspector_yearly": "180000"}
    checked = county.check_form(path, form, {"population.register": None, "calibration.records": None})
    assert checked.errors == {}
    saved = county.save_scenario(workspace, "my_county", path, checked, {"population.register": None}, "我的县")
    config = sim.load_config(str(saved))
    assert (config.inspectors.count, config.regimes.whistleblower.enabled) == (7, False)
    assert (config.regimes.whistleblower.reward_major, config.costs.inspector_yearly) == (50000.0, 180000.0)
    assert config.regimes.key_periods.enabled == base.regimes.key_periods.enabled   # an option written out
    assert (config.name, config.title_zh) == ("my_county", "我的县")
    with pytest.raises(OutsideWorkspace):   # the command line's loader takes no Chinese in a file's name
        workspace.scenario_file("我的县")


def test_an_interpolation_is_not_taken_from_the_page(tmp_path):
    path = county.base_path(Workspace(tmp_path / "ws"), "shipped:county_baseline")
    checked = county.check_form(path, {"inspectors.count": "${oc.env:HOME}"}, {})
    assert "write the value itself" in checked.errors["inspectors.count"]


def test_both_languages_have_the_same_words():
    assert set(CHINESE) == set(ENGLISH)


def test_a_restarted_server_finds_the_studies_in_their_folders(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    folder = workspace.studies / "20260101-000000-staffing"
    (folder / "staffing" / "chunks" / "abc").mkdir(parents=True)
    for name in ("0000000-0000004.parquet", "0000004-0000006.parquet"):
        (folder / "staffing" / "chunks" / "abc" / name).write_bytes(b"")
    (folder / "study.json").write_text(json.dumps({"kind": "staffing", "label": "x", "steps": [["a"], ["b"]],
                                                   "sweep_folder": "staffing", "total": 12}))
    (folder / "state.json").write_text(json.dumps({"status": "running", "pid": 2 ** 22 + 7, "step": 0,
                                                   "step_started": time.time() - 10}))
    board = Board(workspace)   # a new server's
    assert board.names() == [folder.name]
    found = board.status(folder.name)
    assert (found["status"], found["done"], found["total"]) == ("interrupted", 6, 12)
    assert replications_done(folder / "staffing") == 6


def _tiny_county(workspace: Workspace) -> Path:
    """A county small enough for a study to finish in seconds: 300 enterprises, 3 inspectors, a year."""
    path = county.base_path(workspace, "shipped:county_baseline")
    form = {"population.enterprises": "300", "inspectors.count": "3", "horizon_days": "365", "warmup_days": "90"}
    checked = county.check_form(path, form, {"population.register": None, "calibration.records": None})
    assert checked.errors == {}
    return county.save_scenario(workspace, "tiny", path, checked, {"population.register": None}, "小县")


def _run_to_the_end(board: Board, name: str, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while board.status(name)["status"] in ("starting", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
    return board.status(name)


@pytest.mark.validation   # a whole study run (20-50 s): make validate; the browser test runs a staffing one in make test
def test_a_budget_mix_study_runs_its_sweep_then_the_report(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    scenario = _tiny_county(workspace)
    form = {"kind": "budget_mix", "replications": "2", "engine": "numba", "workers": "2", "levels": "",
            "mix_inspectors": "400000", "mix_training": "12000", "mix_remote_monitoring": "200000"}   # the planner's own
    request, errors = check_request(form, scenario)
    assert errors == {}
    board = Board(workspace)
    name = board.start(request, "tiny")
    folder = workspace.study_folder(name)
    sweep, report = json.loads((folder / "study.json").read_text())["steps"]
    assert sweep[1:5] == ["-m", "sim.sweep", "sweep=budget_mix", f"scenario={folder / 'scenario.yaml'}"]
    assert "sweep.replications=2" in sweep and not any(arg.startswith("sweep.axes") for arg in sweep)
    assert report[1:] == ["-m", "analysis.report", str(folder / "budget_mix"), "--out", str(folder / "report")]
    found = _run_to_the_end(board, name, 300)   # seven mixes and two reports on two shared cores
    assert found["status"] == "finished", (folder / "log.txt").read_text()[-2000:]
    assert (found["done"], found["total"]) == (14, 14)   # six mixes and the planner's, two replications each
    assert "report-zh.pdf" in found["reports"]
    page = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE).get(f"/studies/{name}").text
    assert "<td>现状</td>" in page   # the reference mix, named once
    assert "<td>自定方案：2人全员培训＋远程监测</td>" in page   # the planner's, by what it buys
    assert "自定方案：2人全员培训＋远程监测" in (folder / "report" / "report-zh.html").read_text(encoding="utf-8")


@pytest.mark.validation   # a whole study run (20-50 s): make validate; the browser test runs a staffing one in make test
def test_a_sensitivity_study_runs_the_small_screening_and_reads_its_total_from_its_output(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    scenario = _tiny_county(workspace)
    form = {"kind": "sensitivity", "replications": "2", "engine": "numba", "workers": "2", "levels": ""}
    request, errors = check_request(form, scenario)
    assert errors == {}
    board = Board(workspace)
    name = board.start(request, "tiny")
    folder = workspace.study_folder(name)
    screening, report = json.loads((folder / "study.json").read_text())["steps"]
    assert screening[1:] == ["-m", "analysis.sensitivity", str(folder / "scenario.yaml"), "--size", "small",
                             "--out", str(folder / "sensitivity"), "--step", "1", "--staffing-steps", "0,1,2,3",
                             "replications=2", "engine=numba", "n_jobs=2"]   # a 3-inspector county steps by 1
    found = _run_to_the_end(board, name, 180)
    assert found["status"] == "finished", (folder / "log.txt").read_text()[-2000:]
    assert found["total"] > 0 and found["done"] == found["total"]
    assert report[1:] == ["-m", "analysis.report", str(folder), "--out", str(folder / "sensitivity")]
    assert found["reports"] == ["report-zh.html", "report-zh.pdf", "report-en.html", "report-en.pdf", "summary.md"]
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    assert client.get(f"/studies/{name}/files/summary.md").text.startswith("#")
    assert client.get(f"/studies/{name}/files/report-zh.pdf").content[:5] == b"%PDF-"
    page = client.get(f"/studies/{name}").text
    assert 'id="tornado"' in page and "<h2>结论取决于什么</h2>" in page and 'id="morris-table"' in page


def test_a_sensitivity_runs_total_is_its_latest_progress_line():
    assert logged_total("sweep screening:  40%|████      | 72/180 [00:12<00:07, 14.38rep/s, cells 36/90]") == 180
    assert logged_total("sensitivity: screening: 3 Morris trajectories") is None


def test_a_resumed_sensitivity_runs_total_counts_the_chunks_it_had_and_what_it_said_was_left(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    folder = workspace.studies / "20260101-000000-sensitivity"
    chunks = folder / "sensitivity" / "screening_abc" / "chunks" / "cell"
    chunks.mkdir(parents=True)
    (chunks / "0000000-0000060.parquet").write_bytes(b"")
    first = "sweep screening:  33%|███  | 60/180 [00:10<00:20]\rinterrupted: the finished chunks are kept\n"
    (folder / "log.txt").write_text(first + "sweep screening:   0%|     | 0/120 [00:00<?]\r", encoding="utf-8")
    (folder / "study.json").write_text(json.dumps({"kind": "sensitivity", "label": "x", "steps": [["a"]],
                                                   "sweep_folder": "sensitivity", "total": 0}))
    (folder / "state.json").write_text(json.dumps({"status": "cancelled", "step": 0, "done_at_step_start": 60,
                                                   "log_at_step_start": len(first.encode())}))
    found = Board(workspace).status(folder.name)
    assert (found["done"], found["total"]) == (60, 180)


@pytest.mark.validation   # a whole calibration (about a minute): make validate
def test_a_calibration_study_runs_to_its_fit_table(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    scenario = _tiny_county(workspace)
    form = {"kind": "calibration", "replications": "2", "engine": "numba", "workers": "2", "levels": "",
            "waves": "1", "points": "10"}
    request, errors = check_request(form, scenario)
    assert errors == {}
    board = Board(workspace)
    name = board.start(request, "tiny")
    folder = workspace.study_folder(name)
    found = _run_to_the_end(board, name, 300)
    assert found["status"] == "finished", (folder / "log.txt").read_text()[-2000:]
    assert found["done"] == found["total"] == (10 + 2 + 10) * 2
    assert found["reports"] == ["fit.csv", "fitted.parquet", "parameters.csv", "summary.md"]
    page = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE).get(f"/studies/{name}").text
    assert 'id="fit-table"' in page and "十万人死亡率（工矿商贸）" in page


@pytest.mark.validation   # the whole default study of a saved county at 2 replications (a minute): make validate
def test_a_default_study_of_a_saved_county_runs_to_its_report_and_options_tables(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    scenario = _tiny_county(workspace)
    form = {"kind": "default_study", "scenario": "saved:tiny", "replications": "2", "engine": "numba",
            "workers": "2", "levels": "", "screening": "none"}
    request, errors = check_request(form, scenario)
    assert errors == {}
    board = Board(workspace)
    name = board.start(request, "tiny")
    folder = workspace.study_folder(name)
    found = _run_to_the_end(board, name, 1200)
    assert found["status"] == "finished", (folder / "log.txt").read_text()[-2000:]
    assert found["reports"] == ["report-zh.html", "report-zh.pdf", "report-en.html", "report-en.pdf"]
    page = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE).get(f"/studies/{name}").text
    assert 'id="options"' in page and "各方案比较" in page and 'id="marginal-chart"' in page
    assert found["done"] == found["total"] == 2 * (6 + 12 + 6)   # its levels 0, 1, 3, 4, 6, 9; regimes; mixes
    assert '"reference": 3' in page   # its staffing chart against its own 3 inspectors
