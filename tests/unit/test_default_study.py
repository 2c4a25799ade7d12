"""The default study (`make report`): its staffing answer and its refusals (tests/unit/test_report_content.py
runs the whole study at a small size)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import default_study
from analysis.default_study import staffing_markdown


def test_the_staffing_answer_is_paired_and_marginal_by_hand():
    cells = pd.DataFrame({"cell": [0, 0, 1, 1, 2, 2], "inspectors.count": [0, 0, 10, 10, 30, 30],
                          "replication": [0, 1, 0, 1, 0, 1],
                          "expected_accidents": [10.0, 12.0, 6.0, 8.0, 5.0, 6.0],
                          "deaths": [2.0, 2.0, 1.0, 1.0, 1.0, 0.0],
                          "expected_deaths": [1.5, 1.7, 1.1, 1.3, 0.9, 1.0]})
    text = staffing_markdown(cells, reference=2, years=1.0)
    rows = [line for line in text.splitlines() if line.startswith("| 0") or line.startswith("| 10")]
    # 0 inspectors: expected accidents 11, Δ against 30 (5, 6) paired: (+5, +6) → +5.5
    assert rows[0].startswith("| 0 | 11.0 (") and "| +5.5 (" in rows[0]
    # expected deaths 1.60, Δ against 30 (0.6, 0.7) → +0.65
    assert "| 1.60 (" in rows[0] and "| +0.65 (" in rows[0]
    # 0 → 10: (10-6, 12-8) / 10 = 0.40 expected accidents averted per inspector; deaths (1, 1) / 10 = 0.100;
    # expected deaths (0.4, 0.4) / 10 = 0.040
    assert "| 0.40 (0.40 to 0.40) | 0.100 (0.100 to 0.100) | 0.040 (0.040 to 0.040) |" in rows[1]
    # a sweep written before expected deaths: "–" in their columns
    old = staffing_markdown(cells.drop(columns="expected_deaths"), reference=2, years=1.0)
    assert [line for line in old.splitlines() if line.startswith("| 10")][0].endswith("| – |")


def test_a_bad_override_stops_the_study_before_any_work(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        default_study.main(["--staffing-replications", "x"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith("usage error: argument --staffing-replications: invalid int value")
    assert default_study.main(["inspectors.count=-1", "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.startswith("config error: inspectors.count = -1")
    assert not (tmp_path / "o").exists()



def test_the_study_asks_for_a_small_screening_with_its_own_run_settings(tmp_path, monkeypatch):
    """What the default study asks of analysis.sensitivity (tests/validation/test_sensitivity_parts.py
    runs it for real); --sensitivity none asks nothing."""
    import analysis.report.__main__ as report
    import analysis.sensitivity.__main__ as sensitivity

    for part in ("staffing", "sweep", "trial"):
        monkeypatch.setattr(default_study, part, lambda *args, **kwargs: 0)
    monkeypatch.setattr(report, "write_reports", lambda folder: [])
    asked = []
    monkeypatch.setattr(sensitivity, "main", lambda argv: asked.append(argv) or 0)
    assert default_study.main(["population.enterprises=300", "seed=7", "n_jobs=1", "--out", str(tmp_path)]) == 0
    assert asked == [["county_baseline", "--size", "small", "--out", str(tmp_path / "sensitivity"), "seed=7",
                      "engine=numba", "n_jobs=1", "population.enterprises=300"]]
    assert default_study.main(["--sensitivity", "none", "--out", str(tmp_path)]) == 0 and len(asked) == 1


def test_a_small_screening_keeps_the_full_analysis_of_the_same_county_where_it_is(tmp_path, monkeypatch):
    """After `--sensitivity full`, `make report`'s small screening would overwrite half the tables and
    leave the rest: the full analysis of the same county, seed and engine is kept; another's is not."""
    import json

    import analysis.report.__main__ as report
    import analysis.sensitivity.__main__ as sensitivity

    for part in ("staffing", "sweep", "trial"):
        monkeypatch.setattr(default_study, part, lambda *args, **kwargs: 0)
    monkeypatch.setattr(report, "write_reports", lambda folder: [])
    asked = []
    monkeypatch.setattr(sensitivity, "main", lambda argv: asked.append(argv[:3]) or 0)
    (tmp_path / "sensitivity").mkdir()
    manifest = {"scenario": "county_baseline", "overrides": ["population.enterprises=300"], "seed": 7,
                "engine": "numba", "step": 10, "parts": ["screening", "sobol", "robustness"]}
    (tmp_path / "sensitivity" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    study = ["population.enterprises=300", "seed=7", "--out", str(tmp_path)]
    assert default_study.main(study) == 0 and asked == []
    assert default_study.main(["--sensitivity", "full", *study]) == 0 and asked == [["county_baseline", "--size", "full"]]
    assert default_study.main([*study[:1], "seed=8", *study[2:]]) == 0 and asked[-1][2] == "small"   # another seed


def test_an_analysis_leaves_no_table_of_a_part_it_did_not_run(tmp_path):
    from analysis.sensitivity.pipeline import PART_FILES, _remove_other_parts

    for names in PART_FILES.values():
        for name in names:
            (tmp_path / name).write_text("old", encoding="utf-8")
    _remove_other_parts(tmp_path, ("screening",))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(PART_FILES["screening"])


def _a_county_file(folder) -> str:
    """A scenario file outside scenarios/ (as the workbench saves one): county_baseline's body, renamed."""
    text = (Path(__file__).parents[2] / "scenarios" / "county_baseline.yaml").read_text(encoding="utf-8")
    path = folder / "haifeng.yaml"
    path.write_text(text.replace("name: county_baseline", "name: haifeng", 1), encoding="utf-8")
    return str(path)


def test_every_part_runs_the_scenario_given(tmp_path, monkeypatch):
    """--scenario reaches the sweeps, the field trial and the screening; the folder is named after it."""
    import analysis.report.__main__ as report
    import analysis.sensitivity.__main__ as sensitivity

    asked: dict[str, object] = {}
    monkeypatch.setattr(default_study, "sweep", lambda name, config, model, folder, n, scenario:
                        asked.setdefault(name, scenario) and 0)
    monkeypatch.setattr(default_study, "staffing", lambda config, model, folder, n, scenario:
                        asked.setdefault("staffing", (scenario, config.name)) and 0)
    monkeypatch.setattr(default_study, "trial", lambda config, model, folder, n, scenario:
                        asked.setdefault("trial", scenario) and 0)
    monkeypatch.setattr(report, "write_reports", lambda folder: asked.setdefault("report", folder) and [])
    monkeypatch.setattr(sensitivity, "main", lambda argv: asked.setdefault("sensitivity", argv[0]) and 0)
    monkeypatch.chdir(tmp_path)
    county = _a_county_file(tmp_path)
    assert default_study.main(["--scenario", county, "seed=3"]) == 0
    assert asked["staffing"] == (county, "haifeng")
    assert asked["regimes"] == asked["budget_mix"] == asked["trial"] == asked["sensitivity"] == county
    assert asked["report"] == Path("reports") / "default_study__scenario=haifeng__seed=3"
    asked.clear()
    assert default_study.main(["--scenario", "county_all_regimes", "--sensitivity", "none"]) == 0
    assert asked["regimes"] == "county_all_regimes" and "sensitivity" not in asked
    assert asked["staffing"] == ("county_all_regimes", "county_all_regimes")


def test_the_sweeps_are_asked_of_the_scenario_given(tmp_path, monkeypatch):
    from sim.sweep import __main__ as sweep_main

    commands = []
    monkeypatch.setattr(sweep_main, "run_command", lambda command: commands.append(command) or 0)
    config = default_study.sim.load_config("county_all_regimes")
    assert default_study.sweep("regimes", config, [], tmp_path / "regimes", 2, "county_all_regimes") == 0
    assert commands[0].scenario == "county_all_regimes"


@pytest.mark.parametrize("scenario, says", [
    ("nowhere", "config error: scenario = 'nowhere': unknown scenario"),
    ("missing.yaml", "scenario = 'missing.yaml': no such scenario file"),
])
def test_a_scenario_that_does_not_load_is_one_line_and_nothing_is_written(tmp_path, capsys, monkeypatch,
                                                                          scenario, says):
    monkeypatch.chdir(tmp_path)
    assert default_study.main(["--scenario", scenario, "--out", str(tmp_path / "study")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and says in err
    assert not (tmp_path / "study").exists() and not (tmp_path / "reports").exists()


def test_the_staffing_answer_names_its_county():
    cells = pd.DataFrame({"cell": [0, 1], "inspectors.count": [0, 3], "replication": [0, 0],
                          "expected_accidents": [2.0, 1.0], "deaths": [1.0, 0.0], "expected_deaths": [0.5, 0.2]})
    assert staffing_markdown(cells, 1, 1.0, "haifeng").startswith("# What staffing buys: haifeng\n")


def test_a_small_countys_trial_randomises_all_its_enterprises_and_its_mixes_are_of_its_own_budget(tmp_path):
    """Levine's 818 enterprises are more than a 301-enterprise county has: it randomises 300 (half to each
    arm); its budget mixes are sized for its 3 inspectors' spend, county_baseline's are the file's as they are."""
    from analysis.county_budget import own_budget_overrides
    from analysis.default_study import trial_size

    small = default_study.sim.load_config("county_baseline", ["population.enterprises=301", "inspectors.count=3"])
    assert trial_size(small, []) == ["trial.firms=300"]
    assert trial_size(small, ["trial.firms=100"]) == []
    baseline = default_study.sim.load_config("county_baseline")
    assert trial_size(baseline, []) == [] and own_budget_overrides(baseline) == []
    sized = own_budget_overrides(small)
    assert sized[0] == "sweep.budget.yearly=612000"   # 3 x ¥200,000 + 2 trained x ¥6,000
    assert sized[1].startswith("sweep.budget.options={as_today: {inspectors: 600000, training: 12000}")


def test_a_county_of_other_staff_sweeps_its_own_levels_against_its_own_staff():
    from analysis.default_study import county_levels, staffing_overrides

    assert county_levels(3) == (0, 1, 3, 4, 6, 9) and county_levels(1) == (0, 1, 2, 3)
    small = default_study.sim.load_config("county_baseline", ["inspectors.count=3"])
    assert staffing_overrides(small) == ["sweep.axes.0.values=[0,1,3,4,6,9]", "sweep.reference.inspectors.count=3"]
    assert staffing_overrides(default_study.sim.load_config("county_baseline")) == []   # the file's 0 to 90 against 30
