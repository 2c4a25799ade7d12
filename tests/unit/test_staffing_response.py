"""analysis.staffing_response: the table's arithmetic by hand, and the command on a small county."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sim
from analysis.staffing_response import main, response_table

SMALL = ["population.enterprises=80", "horizon_days=365", "warmup_days=0", "replications=3", "n_jobs=1"]


def _frame() -> pd.DataFrame:
    """Two levels, three replications each; level 10's replications listed out of order."""
    rows = []
    for inspectors, deaths, accidents in ((0, [6, 4, 8], [30, 20, 40]), (10, [2, 4, 3], [10, 14, 12])):
        for replication in ((0, 1, 2) if inspectors == 0 else (2, 0, 1)):
            rows.append({"inspectors": inspectors, "replication": replication,
                         "deaths": deaths[replication], "accidents": accidents[replication],
                         "expected_accidents": accidents[replication] + 0.5, "serious_accidents": 0,
                         "expected_deaths": deaths[replication] / 2 + 1.0, "expected_serious_accidents": 0.1,
                         "inspections": 100 * inspectors, "inspector_utilization": 0.9,
                         "spend_total": 1e6 * inspectors, "plan_checks": float(inspectors)})
    return pd.DataFrame(rows)


def test_the_table_is_the_hand_computation():
    table = response_table(_frame(), years=2.0, reference=10).set_index("inspectors")
    assert table.loc[0, "deaths"] == pytest.approx(6 / 2)
    assert table.loc[10, "accidents"] == pytest.approx(12 / 2)
    # paired by replication number: 0 less 10 is (6-2, 4-4, 8-3) = (4, 0, 5), a year (2, 0, 2.5)
    paired = np.array([2.0, 0.0, 2.5])
    half = 1.959964 * paired.std(ddof=1) / math.sqrt(3)
    assert table.loc[0, "deaths_vs_reference"] == pytest.approx(paired.mean())
    assert table.loc[0, "deaths_vs_reference_low"] == pytest.approx(paired.mean() - half)
    assert table.loc[10, "deaths_vs_reference"] == 0.0
    # marginal: deaths a year averted per inspector from 0 to 10
    assert table.loc[10, "deaths_averted_per_inspector"] == pytest.approx(paired.mean() / 10)
    assert math.isnan(table.loc[0].get("deaths_averted_per_inspector", math.nan))
    assert table.loc[10, "plan_checks"] == 10.0
    # expected deaths (here half the deaths, plus 1): the paired differences and marginal are halved
    assert table.loc[0, "expected_deaths_vs_reference"] == pytest.approx(paired.mean() / 2)
    assert table.loc[10, "expected_deaths_averted_per_inspector"] == pytest.approx(paired.mean() / 20)
    assert table.loc[0, "expected_deaths"] == pytest.approx((6 / 2 + 1) / 2)


def test_a_reference_outside_the_levels_is_an_error():
    with pytest.raises(ValueError, match="reference level 30"):
        response_table(_frame(), years=1.0, reference=30)


def test_the_command_runs_each_level_once_and_reads_it_back_after(tmp_path, capsys, monkeypatch):
    out = tmp_path / "staffing"
    argv = ["county_baseline", "--levels", "0,4", "--reference", "4", "--out", str(out), *SMALL]
    assert main(argv) == 0
    printed = capsys.readouterr()
    assert "staffing response: county_baseline, inspectors 0,4, 3 replication(s) each" in printed.err
    table = pd.read_csv(out / "response.csv").set_index("inspectors")
    assert list(table.index) == [0, 4] and (table.replications == 3).all()
    assert table.loc[0, "inspections"] == 0 and table.loc[4, "inspections"] > 0
    assert "| 4 |" in (out / "response.md").read_text(encoding="utf-8")
    # the levels are the cells of a staffing sweep: each level's rows are its own run's
    alone = sim.simulate(sim.load_config(overrides=[*SMALL, "inspectors.count=4"]), engine="numba",
                         replications=3, seed=2020, n_jobs=1, events=False, progress=False).replications
    assert table.loc[4, "deaths"] == pytest.approx(alone.deaths.mean() / (365 / 365.25))
    # run again: both levels are read back, nothing is simulated
    import sim.sweep.run as runner

    ran, real = [], runner.run_local
    monkeypatch.setattr(runner, "run_local", lambda units, *args: (ran.extend(units), real(units, *args))[1])
    assert main(argv) == 0
    assert ran == [] and "0 s of simulation" in capsys.readouterr().out
    assert pd.read_csv(out / "response.csv").equals(table.reset_index())
