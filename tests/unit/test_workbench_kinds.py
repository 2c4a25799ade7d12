"""The workbench's calibration and default-study kinds, and what a finished study shows: a staffing sweep's
marginal curve and what-if answers, a calibration's fit, a default study's options tables. Fast: the
studies' folders are written here as their commands would leave them (the runs themselves are in
make validate and the browser test)."""

from __future__ import annotations

import json
import sys
import time

import numpy as np
import pandas as pd
import pytest
import yaml
from starlette.testclient import TestClient

from analysis.workbench import county
from analysis.workbench.app import build_app
from analysis.workbench.commands import held_out
from analysis.workbench.progress import LoggedTotals, logged_total
from analysis.workbench.studies import Board, check_request
from analysis.workbench.whatif import marginal, staffing_sweep, what_if
from analysis.workbench.workspace import Workspace
from sim.sweep.load import read_sweep
from sim.sweep.spec import build_spec
from sim.sweep.tables import summary_table

BASE = "http://127.0.0.1:8000"
LEVELS = (0, 2, 4)
REPLICATIONS = 6


def _cells(name: str) -> int:
    return len(build_spec(read_sweep(name), default_jobs=1).cells)


def _form(kind: str, **more: str) -> dict[str, str]:
    return {"kind": kind, "replications": "2", "engine": "numba", "workers": "1", "levels": "", **more}


def _saved_county(workspace: Workspace, name: str = "tiny") -> None:
    """A county saved on page ① (county_baseline's body, 3 inspectors), as county.save_scenario writes it."""
    path = county.base_path(workspace, "shipped:county_baseline")
    checked = county.check_form(path, {"inspectors.count": "3"}, {"population.register": None,
                                                                  "calibration.records": None})
    county.save_scenario(workspace, name, path, checked, {"population.register": None, "calibration.records": None},
                         "")


def test_the_default_study_runs_the_chosen_county_then_the_options(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    _saved_county(workspace)
    tiny = county.base_path(workspace, "saved:tiny")
    _, errors = check_request(_form("default_study", scenario="saved:tiny", scheduler="tcp://h:8786"), tiny)
    assert list(errors) == ["scheduler"]
    request, errors = check_request(_form("default_study", scenario="saved:tiny", screening="none"), tiny)
    assert errors == {}
    board = Board(workspace)
    board.resume = lambda name: None   # the commands only: the run is make validate's
    folder = workspace.study_folder(board.start(request, "tiny"))
    study = json.loads((folder / "study.json").read_text())
    run, options = study["steps"]
    assert run == [sys.executable, "-m", "analysis.default_study", "--scenario", str(folder / "scenario.yaml"),
                   "--out", str(folder / "default_study"),
                   "--staffing-replications", "2", "--choice-replications", "2", "--trial-replications", "2",
                   "--sensitivity", "none", "engine=numba", "n_jobs=1"]
    assert yaml.safe_load((folder / "scenario.yaml").read_text())["inspectors"]["count"] == 3   # the county's copy
    assert options[2:] == ["analysis.workbench.options", str(folder / "default_study"), str(folder / "options.json")]
    assert study["total"] == 2 * (6 + _cells("regimes") + _cells("budget_mix"))   # its staffing: 0, 1, 3, 4, 6, 9


def _calibration_study(workspace: Workspace, name: str, scenario: str) -> None:
    """A finished calibration study's folder as analysis.calibrate leaves it (its manifest and fitted sets)."""
    folder = workspace.studies / name / "calibration"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"scenario": scenario, "overrides": [], "records_path": "",
                                                      "targets": ["hazards_per_check"], "ranges": {}}))
    pd.DataFrame({"point": [1, 2], "inspectors.admin_share": [0.3, 0.4], "hazards_per_check": [0.5, 0.6],
                  "implausibility": [1.0, 2.0]}).to_parquet(folder / "fitted.parquet")


def test_the_default_study_of_a_county_fitted_by_its_calibration_study(tmp_path):
    """A calibration study of the same county is taken (--fitted <it>/calibration, no --sensitivity: the
    fitted county's analysis is the robustness part); one of another county is refused beside the field."""
    workspace = Workspace(tmp_path / "ws")
    _saved_county(workspace)
    tiny = county.base_path(workspace, "saved:tiny")
    _calibration_study(workspace, "20260101-000000-calibration", "tiny")
    _calibration_study(workspace, "20260102-000000-calibration", "county_baseline")
    _, errors = check_request(_form("default_study", scenario="saved:tiny", sample="20260102-000000-calibration"),
                              tiny, workspace)
    assert errors == {"sample": "sample = '20260102-000000-calibration': a calibration of tiny, which the default "
                                "study runs (this one fitted county_baseline)"}
    _, errors = check_request(_form("default_study", scenario="saved:tiny", sample="nowhere"), tiny, workspace)
    assert errors["sample"].startswith("sample = 'nowhere': must be a finished calibration study")
    request, errors = check_request(_form("default_study", scenario="saved:tiny", sample="20260101-000000-calibration"),
                                    tiny, workspace)
    assert errors == {} and request.fitted == workspace.studies / "20260101-000000-calibration" / "calibration"
    board = Board(workspace)
    board.resume = lambda name: None
    folder = workspace.study_folder(board.start(request, "tiny"))
    run, _ = json.loads((folder / "study.json").read_text())["steps"]
    assert run[-4:] == ["--fitted", str(request.fitted), "engine=numba", "n_jobs=1"] and "--sensitivity" not in run
    assert run[3:5] == ["--scenario", str(folder / "scenario.yaml")]


def test_a_calibration_study_runs_analysis_calibrate_on_the_scenarios_records(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    baseline = county.base_path(workspace, "shipped:county_baseline")
    _, errors = check_request(_form("calibration", waves="0", points="9"), baseline)
    assert errors == {"waves": "waves = '0': must be a whole number from 1 to 10",
                      "points": "points = '9': must be a whole number from 10 to 1000"}
    request, errors = check_request(_form("calibration", waves="2", points="12", scheduler="tcp://h:8786"), baseline)
    assert errors == {}
    board = Board(workspace)
    board.resume = lambda name: None
    folder = workspace.study_folder(board.start(request, "county_baseline"))
    study = json.loads((folder / "study.json").read_text())
    assert study["steps"] == [[sys.executable, "-m", "analysis.calibrate", str(folder / "scenario.yaml"), "--out",
                               str(folder / "calibration"), "--waves", "2", "--points", "12", "replications=2",
                               "engine=numba", "n_jobs=1", "--scheduler", "tcp://h:8786"]]
    assert held_out(12) == 3 and study["total"] == (2 * (12 + 3) + 12) * 2   # waves, then the fitted sample


def test_a_sensitivity_study_takes_a_finished_calibrations_fitted_sample_only(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    baseline = county.base_path(workspace, "shipped:county_baseline")
    fitted = workspace.studies / "20260101-000000-calibration" / "calibration" / "fitted.parquet"
    _, errors = check_request(_form("sensitivity", sample="20260101-000000-calibration"), baseline, workspace)
    assert errors["sample"].startswith("sample = '20260101-000000-calibration': must be a finished calibration")
    _, errors = check_request(_form("sensitivity", sample="../x"), baseline, workspace)
    assert "sample" in errors
    fitted.parent.mkdir(parents=True)
    fitted.write_bytes(b"")
    request, errors = check_request(_form("sensitivity", sample="20260101-000000-calibration"), baseline, workspace)
    assert errors == {} and request.sample == fitted
    board = Board(workspace)
    board.resume = lambda name: None
    folder = workspace.study_folder(board.start(request, "county_baseline"))
    command, _ = json.loads((folder / "study.json").read_text())["steps"]   # then its report
    assert command[2:10] == ["analysis.sensitivity", str(folder / "scenario.yaml"), "--size", "small",
                             "--parts", "screening,robustness", "--sample", str(fitted)]


def test_the_total_of_a_run_of_several_sweeps_adds_each_sweeps_latest_progress_line(tmp_path):
    output = ("sweep screening:  50%|██   | 10/20 [00:01<00:01]\rsweep screening: 100%|████| 20/20 [00:02<00:00]\n"
              "sensitivity: robustness: 16 points\nsweep robustness:  10%|█    | 3/30 [00:01<00:09]\r")
    assert logged_total(output) == 50
    log = tmp_path / "log.txt"
    log.write_bytes(b"old run 9/99 [\n" + output.encode() + b"sweep robustness:  20%|  | 6/3")   # a line half-written
    totals = LoggedTotals()
    start = len(b"old run 9/99 [\n")
    assert totals.read(log, start) == 50
    with log.open("ab") as file:
        file.write(b"1 [00:02<00:08]\rsweep robustness:  20%|  | 6/31 [00:02<00:08]\r")
    assert totals.read(log, start) == 51


def _finished_staffing_study(workspace: Workspace, today: int = 2) -> tuple[str, np.ndarray]:
    """A finished staffing study of LEVELS as its sweep would leave it, a year long, with each history's
    expected deaths at level L: 10 − L + r (1 + L/10) (r the replication), so levels differ by history."""
    name = "20260101-000000-staffing"
    folder = workspace.studies / name
    sweep = folder / "staffing"
    sweep.mkdir(parents=True)
    r = np.arange(REPLICATIONS)
    values = np.array([[10 - level + k * (1 + level / 10) for level in LEVELS] for k in r])
    rows = []
    for cell, level in enumerate(LEVELS):
        for k in r:
            y = values[k, cell]
            rows.append({"cell": cell, "label": f"inspectors.count={level}", "inspectors.count": level,
                         "replication": int(k), "expected_deaths": y, "deaths": y, "expected_accidents": 10 * y,
                         "accidents": 10 * y, "spend_total": 1000.0 * level})
    cells = pd.DataFrame(rows)
    cells.to_parquet(sweep / "cells.parquet")
    labels = cells.drop_duplicates("cell")[["cell", "label", "inspectors.count"]]
    summary_table(cells, labels, LEVELS.index(today)).to_csv(sweep / "summary.csv", index=False)
    (sweep / "sweep.yaml").write_text(yaml.safe_dump({"name": "staffing", "reference": LEVELS.index(today),
                                                      "horizon_days": 365.25,
                                                      "axes": [{"name": "inspectors.count", "kind": "key"}]}))
    (folder / "scenario.yaml").write_text("population:\n  enterprises: 300\ninspectors:\n  count: 2\n")
    (folder / "study.json").write_text(json.dumps({
        "kind": "staffing", "label": "tiny", "scenario": "saved:tiny", "steps": [["a"], ["b"]],
        "sweep_folder": "staffing", "total": REPLICATIONS * len(LEVELS), "replications": REPLICATIONS,
        "engine": "numba", "workers": 1}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 1, "ended": time.time()}))
    return name, values


def test_what_if_interpolates_history_by_history_and_refuses_to_extrapolate(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    name, values = _finished_staffing_study(workspace)
    sweep = staffing_sweep(workspace.study_folder(name) / "staffing")
    answer = what_if(sweep, 3)   # halfway between 2 and 4
    between = 0.5 * values[:, 1] + 0.5 * values[:, 2]
    half = 2.570582 * between.std(ddof=1) / np.sqrt(REPLICATIONS)   # t(0.975, 5)
    mean, low, high = answer["measures"]["expected_deaths"]["mean"]
    assert (answer["below"], answer["above"], answer["weight"]) == (2, 4, 0.5)
    assert mean == pytest.approx(between.mean()) and high - mean == pytest.approx(half, rel=1e-5)
    assert answer["measures"]["expected_deaths"]["diff"][0] == pytest.approx((between - values[:, 1]).mean())
    assert answer["measures"]["spend_total"]["mean"][0] == pytest.approx(3000.0)
    assert what_if(sweep, 4)["swept"] and what_if(sweep, 4)["measures"]["deaths"]["mean"][0] == pytest.approx(
        values[:, 2].mean())
    assert what_if(sweep, 5) == {"inside": False, "level": 5, "low": 0, "high": 4}


def test_the_marginal_curve_is_each_steps_paired_difference_per_inspector(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    name, values = _finished_staffing_study(workspace)
    curve = marginal(staffing_sweep(workspace.study_folder(name) / "staffing"))
    assert (curve["from"], curve["to"], curve["mid"]) == ([0, 2], [2, 4], [1.0, 3.0])
    assert curve["measures"]["expected_deaths"]["mean"] == pytest.approx(
        [((values[:, 0] - values[:, 1]) / 2).mean(), ((values[:, 1] - values[:, 2]) / 2).mean()])
    assert curve["measures"]["expected_accidents"]["mean"][0] == pytest.approx(10 * curve["measures"]["deaths"]["mean"][0])


def test_the_study_page_answers_what_if_and_offers_the_run_that_would_answer_outside(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    name, _ = _finished_staffing_study(workspace)
    app = build_app(tmp_path / "ws", "127.0.0.1", 8000)
    started = []
    app.state.board.resume = started.append   # the new study's commands only, not its run
    client = TestClient(app, base_url=BASE)
    page = client.get(f"/studies/{name}").text
    assert 'id="marginal-chart"' in page and '"marginal": {"from": [0, 2]' in page
    answer = client.get(f"/studies/{name}?inspectors=3").text
    assert "3名在扫描过的2名和4名之间" in answer and "3,000元" in answer
    client.cookies.set("lang", "en")
    outside = client.get(f"/studies/{name}?inspectors=7").text
    assert "7 inspectors lies outside the levels this study swept (0 to 4): it does not extrapolate" in outside
    assert "Run the staffing study of 0, 2, 4, 7 inspectors" in outside
    bad = client.get(f"/studies/{name}?inspectors=-1").text
    assert "inspectors = &#39;-1&#39;: must be a whole number of inspectors from 0 to 10000" in bad
    response = client.post(f"/studies/{name}/extend", data={"level": "7"}, headers={"Origin": BASE},
                           follow_redirects=False)
    assert response.status_code == 303 and started == [response.headers["location"].rsplit("/", 1)[1]]
    sweep, _ = json.loads((workspace.study_folder(started[0]) / "study.json").read_text())["steps"]
    assert "sweep.axes.0.values=[0,2,4,7]" in sweep and "sweep.reference.inspectors.count=2" in sweep
    assert "sweep.replications=6" in sweep


def test_a_calibration_study_page_shows_each_record_beside_the_models_range(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    folder = workspace.studies / "20260101-000000-calibration"
    (folder / "calibration").mkdir(parents=True)
    pd.DataFrame([{"record": "deaths_per_100k_workers", "label": "十万人死亡率（工矿商贸）", "recorded": 1.245,
                   "observation_error": 0.1245, "years": 3, "error_from": "default", "source": "x",
                   "model_low": 1.02, "model_median": 1.31, "model_high": 1.6, "prior_low": 1.5,
                   "prior_median": 5.1, "prior_high": 25.2},
                  {"record": "hazards_per_check", "label": "每次检查发现隐患", "recorded": 0.517,
                   "observation_error": 0.168, "years": 1, "error_from": "default", "source": "x",
                   "model_low": 0.55, "model_median": 0.57, "model_high": 0.59, "prior_low": 0.18,
                   "prior_median": 0.55, "prior_high": 0.94}]).to_csv(folder / "calibration" / "fit.csv", index=False)
    pd.DataFrame({"point": [3, 8, 11]}).to_parquet(folder / "calibration" / "fitted.parquet")
    (folder / "study.json").write_text(json.dumps({"kind": "calibration", "label": "x", "steps": [["a"]],
                                                   "sweep_folder": "calibration", "total": 100, "replications": 2,
                                                   "engine": "numba"}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 0}))
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    found = Board(workspace).status(folder.name)
    assert (found["done"], found["total"]) == (100, 100)   # finished: whatever the later waves ran
    text = client.get(f"/studies/{folder.name}").text
    assert "有3组参数重现了全部统计" in text
    assert "<td>1.25 ± 0.124</td>\n  <td>1.31（1.02至1.6）</td>" in text and "<td>是</td>" in text
    assert "<td>否</td>" in text   # 0.517 lies below the fitted sets' 0.55 to 0.59
    assert client.get(f"/studies/{folder.name}/files/fit.csv").text.startswith("record,label")
    assert client.get(f"/studies/{folder.name}/files/report-zh.pdf").status_code == 404
    client.cookies.set("lang", "en")
    english = client.get(f"/studies/{folder.name}").text
    assert "<td>deaths per 100,000 workers in industry, mining and commerce (十万人死亡率)<br>" in english
    assert "<td>hazards found per check (每家次发现隐患)<br>" in english and "<td>每次检查发现隐患<br>" not in english


def test_every_measure_a_countys_records_may_give_has_an_english_name():
    from analysis.report.labels_en import LABELS
    from sim.county.records import MEASURES

    missing = [m.name for m in MEASURES if f"record.{m.name}" not in LABELS]
    assert missing == []


def test_a_default_study_page_shows_its_options_tables_and_its_report(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    folder = workspace.studies / "20260101-000000-default_study"
    (folder / "default_study").mkdir(parents=True)
    (folder / "default_study" / "report-en.pdf").write_bytes(b"%PDF-")
    table = {"caption": "Hiring: each level against today's 30", "header": ["option", "cost a year"],
             "rows": [["45 inspectors (+15)", "+¥3.05 million"]], "numeric": [False, True]}
    (folder / "options.json").write_text(json.dumps({"en": [{"heading": "The options side by side"}, table],
                                                     "zh": [{"heading": "各方案比较"}]}, ensure_ascii=False))
    (folder / "study.json").write_text(json.dumps({"kind": "default_study", "label": "county_baseline",
                                                   "steps": [["a"], ["b"]], "sweep_folder": "default_study",
                                                   "total": 10, "replications": 2, "engine": "numba"}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 1}))
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    client.cookies.set("lang", "en")
    text = client.get(f"/studies/{folder.name}").text
    assert "<h2>The options side by side</h2>" in text and '<td class="num">+¥3.05 million</td>' in text
    assert 'id="fitted"' not in text   # a county as it was set up
    note = {"folder": str(workspace.studies / "20251231-000000-calibration" / "calibration"), "records": "/a/haifeng.csv",
            "targets": ["deaths", "hazards_per_check"], "sets": 34}
    (folder / "default_study" / "fitted.json").write_text(json.dumps(note))
    assert ("The county was fitted to its records (haifeng.csv: 2 record(s)) by the calibration "
            "20251231-000000-calibration: every part ran at the best-fitting of its 34 parameter sets"
            in client.get(f"/studies/{folder.name}").text)
    client.cookies.set("lang", "zh")
    assert "本县已由校准 20251231-000000-calibration 按历史数据拟合（haifeng.csv：2项记录）" in \
        client.get(f"/studies/{folder.name}").text
    assert f'href="/studies/{folder.name}/files/report-en.pdf"' in text
    assert client.get(f"/studies/{folder.name}/files/report-en.pdf").content == b"%PDF-"


def test_the_budget_mix_is_sized_for_the_countys_own_budget(tmp_path):
    import sim
    from analysis.county_budget import sized_mixes, todays_spend

    baseline = sim.load_config("county_baseline")
    assert todays_spend(baseline) == (6_000_000, 108_000)   # 30 at ¥200,000, 18 trained at ¥30,000 / 5
    assert sized_mixes(baseline, 6_108_000) == read_sweep("budget_mix")["budget"]["options"]   # the file's own
    workspace = Workspace(tmp_path / "ws")
    path = county.base_path(workspace, "shipped:county_baseline")
    checked = county.check_form(path, {"inspectors.count": "3"}, {"population.register": None,
                                                                  "calibration.records": None})
    scenario = county.save_scenario(workspace, "three", path, checked, {"population.register": None}, "三人县")
    _, errors = check_request(_form("budget_mix", budget="100"), scenario)
    assert errors == {"budget": "budget = '100': must be a whole number from 12000 to 10000000000"}
    request, errors = check_request(_form("budget_mix"), scenario)   # empty: today's 3 x ¥200,000 + 2 trained
    assert errors == {} and request.budget == 612_000
    mixes = sized_mixes(sim.load_config(str(scenario)), 1_000_000)
    assert mixes["as_today"] == {"inspectors": 988_000, "training": 12_000}
    assert all(sum(mix.values()) == 1_000_000 for mix in mixes.values())
    assert mixes["fewer_staff_rewards"]["rewards"] == round(600_000 / 6_108_000 * 1_000_000)
    board = Board(workspace)
    board.resume = lambda name: None
    folder = workspace.study_folder(board.start(request, "three"))
    sweep, _ = json.loads((folder / "study.json").read_text())["steps"]
    assert "sweep.budget.yearly=612000" in sweep
    assert any(arg.startswith("sweep.budget.options={as_today: {inspectors: 600000, training: 12000}, ")
               for arg in sweep)


def _sensitivity_study(workspace: Workspace, full: bool) -> str:
    """A finished sensitivity study's folder, its tables written as analysis.sensitivity writes them."""
    from tests.unit.sensitivity_tables import write_sensitivity

    name = f"20260101-00000{int(full)}-sensitivity"
    folder = workspace.studies / name
    write_sensitivity(folder / "sensitivity", full=full)
    (folder / "sensitivity" / "summary.md").write_text("# Sensitivity analysis: x\n", encoding="utf-8")
    (folder / "study.json").write_text(json.dumps({"kind": "sensitivity", "label": "x", "steps": [["a"]],
                                                   "sweep_folder": "sensitivity", "total": 10, "replications": 2,
                                                   "engine": "numba"}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 0}))
    return name


def test_a_sensitivity_study_page_shows_the_tornado_and_how_often_each_option_is_best_in_its_language(tmp_path):
    """The screening as the report shows it (its factors' names, mu* in percentage points of the share with
    the whiskers, its table) and the robustness part's probabilities, in the page's language; no Markdown."""
    workspace = Workspace(tmp_path / "ws")
    screening_only, full = _sensitivity_study(workspace, False), _sensitivity_study(workspace, True)
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    client.cookies.set("lang", "en")
    text = client.get(f"/studies/{full}").text
    tornado = json.loads(text.split('<script type="application/json" id="tornado-data">')[1].split("</script>")[0])
    from analysis.report.factors import factor_name
    from analysis.report.language import Words

    english = Words("en")
    assert tornado["names"][:3] == [factor_name(f, english) for f in
                                    ("hazards.natural_closure_rate", "deterrence", "rectification")]
    assert tornado["mu"][:2] == [12.34, 8.71] and tornado["plus"][:2] == tornado["minus"][:2] == [3.1, 2.2]
    assert len(tornado["names"]) == 8   # the report's top eight
    assert "<h2>What the answer depends on</h2>" in text and 'id="morris-table"' in text
    assert "<th class=\"num\">best across counties (parameters)</th>" in text
    assert "<td class=\"num\">83%</td><td class=\"num\">97%</td><td class=\"num\">80%</td>" in text   # 30: 0.826, 0.973, 0.801
    assert "<pre class=\"summary\">" not in text and "summary.md" in text   # downloaded, not shown
    client.cookies.set("lang", "zh")
    chinese = client.get(f"/studies/{full}").text
    assert "<h2>结论取决于什么</h2>" in chinese and "县域中最优（参数）" in chinese
    assert factor_name("deterrence", Words("zh")) in chinese
    alone = client.get(f"/studies/{screening_only}").text
    assert 'id="tornado"' in alone and "县域中最优（参数）" not in alone
