"""The sweep analysis (analysis/sweep_tables.py, python -m analysis.sweep_report): hand-computed tables on a
synthetic sweep, a tiny real sweep end to end, and the refusal of a folder that is not a finished sweep."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.sweep_report import main as report_main
from analysis.sweep_tables import choice_table, cost_per_death_averted, staffing_table

TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]
# three staffing levels, four paired replications, a window of one year (365.25 days)
DEATHS = {0: [5, 6, 8, 7], 10: [3, 4, 5, 5], 20: [2, 3, 3, 4]}
# their expectations: smooth where the counts are not
EXPECTED_DEATHS = {0: [6.0, 6.2, 6.4, 6.2], 10: [4.0, 4.2, 4.4, 4.2], 20: [3.0, 3.2, 3.4, 3.3]}


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    rows = []
    for cell, (level, deaths) in enumerate(DEATHS.items()):
        for replication, d in enumerate(deaths):
            rows.append({"cell": cell, "label": f"inspectors.count={level}", "inspectors.count": level,
                         "replication": replication, "seed": 2020, "deaths": float(d), "accidents": 10.0 * d,
                         "expected_deaths": EXPECTED_DEATHS[level][replication], "expected_serious_accidents": 0.1,
                         "expected_accidents": 10.0 * d, "serious_accidents": 0.0,
                         "spend_total": 200_000.0 * level})
    pd.DataFrame(rows).to_parquet(tmp_path / "cells.parquet")
    resolved = {"name": "staffing", "scenario": "x", "reference": 1, "outcome": "deaths", "horizon_days": 365.25,
                "axes": [{"name": "inspectors.count", "kind": "key"}],
                "cells": [{"cell": c, "values": {"inspectors.count": k}} for c, k in enumerate(DEATHS)]}
    (tmp_path / "sweep.yaml").write_text(yaml.safe_dump(resolved))
    return tmp_path


def test_the_marginal_curve_by_hand(synthetic):
    table = staffing_table(synthetic).set_index("inspectors.count")
    # 0 -> 10: deaths averted [2, 2, 3, 2] / 10 inspectors; 10 -> 20: [1, 1, 2, 1] / 10
    assert table.loc[10, "averted_per_inspector"] == pytest.approx(0.225)
    assert table.loc[20, "averted_per_inspector"] == pytest.approx(0.125)
    assert pd.isna(table.loc[0, "averted_per_inspector"])
    assert table.loc[0, "deaths_diff"] == pytest.approx(2.25) and table.loc[10, "deaths_diff"] == 0.0
    assert table.loc[20, "deaths"] == pytest.approx(3.0)
    low, high = table.loc[20, ["averted_per_inspector_low", "averted_per_inspector_high"]]
    assert low < 0.125 < high
    # in expected deaths: 0 -> 10 averts [2, 2, 2, 2] / 10, 10 -> 20 [1, 1, 1, 0.9] / 10
    assert table.loc[10, "expected_averted_per_inspector"] == pytest.approx(0.2)
    assert table.loc[20, "expected_averted_per_inspector"] == pytest.approx(0.0975)
    assert table.loc[20, "expected_deaths"] == pytest.approx(3.225)
    assert table.loc[0, "expected_deaths_diff"] == pytest.approx(2.0)


def test_cost_per_death_averted_by_hand(synthetic):
    table = cost_per_death_averted(synthetic).set_index("label")
    twenty = table.loc["inspectors.count=20"]
    # ¥2,000,000 a year more for [3-2, 4-3, 5-3, 5-4] = 1.25 deaths a year averted (t interval 0.45 to 2.05)
    assert twenty.delta_spend == pytest.approx(2_000_000)
    assert twenty.deaths_averted == pytest.approx(1.25)
    assert twenty.verdict == "costs per death averted"
    assert twenty.cost_per_death_averted == pytest.approx(2_000_000 / 1.25)
    # a resample's mean deaths averted lies in [1, 2], so its ratio in [¥1,000,000, ¥2,000,000]
    assert 1_000_000 <= twenty.cost_low <= twenty.cost_per_death_averted <= twenty.cost_high <= 2_000_000
    zero = table.loc["inspectors.count=0"]
    assert zero.verdict == "more deaths" and zero.deaths_averted == pytest.approx(-2.25)


def test_no_ratio_when_the_deaths_averted_may_be_none(synthetic):
    cells = pd.read_parquet(synthetic / "cells.parquet")
    cells.loc[cells.cell == 2, "deaths"] = [2.0, 5.0, 3.0, 5.0]    # averted [1, -1, 2, 0]: 0.5, interval holds 0
    cells.to_parquet(synthetic / "cells.parquet")
    row = cost_per_death_averted(synthetic).set_index("label").loc["inspectors.count=20"]
    assert row.deaths_averted == pytest.approx(0.5) and row.deaths_averted_low < 0 < row.deaths_averted_high
    assert row.verdict == "not separable" and pd.isna(row.cost_per_death_averted)
    # expected deaths averted [1, 1, 1, 0.9] separate it: ¥2,000,000 a year over 0.975 expected deaths
    assert row.separated_by == "expected_deaths" and row.expected_verdict == "costs per death averted"
    assert row.cost_per_expected_death_averted == pytest.approx(2_000_000 / 0.975)
    # a resample's mean expected deaths averted lies in [0.9, 1], so its ratio in [¥2,000,000, ¥2,222,222]
    assert row.expected_cost_low == pytest.approx(2_000_000) and row.expected_cost_high <= 2_000_000 / 0.9
    assert row.expected_cost_low <= row.cost_per_expected_death_averted <= row.expected_cost_high


def test_counted_deaths_that_separate_come_first(synthetic):
    row = cost_per_death_averted(synthetic).set_index("label").loc["inspectors.count=20"]
    assert row.separated_by == "deaths" and row.expected_deaths_averted == pytest.approx(0.975)


def test_a_sweep_written_before_expected_deaths_still_reads(synthetic):
    cells = pd.read_parquet(synthetic / "cells.parquet").drop(columns=["expected_deaths",
                                                                      "expected_serious_accidents"])
    cells.to_parquet(synthetic / "cells.parquet")
    assert "expected_averted_per_inspector" not in staffing_table(synthetic).columns
    row = cost_per_death_averted(synthetic).set_index("label").loc["inspectors.count=20"]
    assert row.verdict == "costs per death averted" and pd.isna(row.expected_deaths_averted)
    assert "p_best_expected_deaths" not in choice_table(synthetic).columns
    assert report_main([str(synthetic)]) == 0


def test_the_choice_table_gives_the_probability_best(synthetic):
    table = choice_table(synthetic).set_index("cell")
    assert table.p_best.sum() == pytest.approx(1.0) and table.p_best.idxmax() == 2
    assert table.loc[1, "deaths_diff"] == 0.0
    # expected deaths: cell 2 has the fewest in every resample
    assert table.p_best_expected_deaths.tolist() == [0.0, 0.0, 1.0]
    assert table.loc[2, "expected_deaths_diff"] == pytest.approx(-0.975)


def test_the_report_of_a_tiny_real_sweep(tmp_path, capsys):
    from sim.sweep.__main__ import main as sweep_main

    folder = tmp_path / "s"
    assert sweep_main(["sweep=staffing", "sweep.axes.0.values=[0,2,4]", "sweep.reference.inspectors.count=2",
                       "sweep.replications=4", "sweep.n_jobs=1", *TINY, f"hydra.run.dir={folder}"]) == 0
    capsys.readouterr()
    assert report_main([str(folder)]) == 0
    out = capsys.readouterr().out
    assert "## Staffing response" in out and "## Cost per death averted" in out
    assert (folder / "report.md").read_text(encoding="utf-8") in out + "\n"
    staffing = pd.read_csv(folder / "staffing.csv")
    assert list(staffing["inspectors.count"]) == [0, 2, 4] and staffing.replications.eq(4).all()
    assert not list(folder.glob(".*.tmp"))


@pytest.mark.parametrize(("setup", "message"), [
    ("nothing", "not a sweep folder: it has no cells.parquet and sweep.yaml"),
    ("chunks", "the sweep has not finished (chunks/ but no cells.parquet)"),
    ("missing", "no such folder"),
])
def test_a_folder_that_is_not_a_finished_sweep_is_refused(tmp_path, capsys, setup, message):
    folder = tmp_path / "f"
    if setup != "missing":
        folder.mkdir()
    if setup == "chunks":
        (folder / "chunks").mkdir()
    assert report_main([str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("config error: SWEEP_DIR = ") and message in err
