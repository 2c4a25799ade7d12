"""The default study (`make report`): its staffing answer and its refusals (tests/unit/test_report_content.py
runs the whole study at a small size)."""

from __future__ import annotations

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
                "engine": "numba", "parts": ["screening", "sobol", "robustness"]}
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
