"""`python -m analysis.field_trial`: its window, its table on both engines, its refusals."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from omegaconf import OmegaConf

import sim
from analysis import field_trial

TINY = ["population.enterprises=120", "inspectors.count=3", "warmup_days=30", "trial.firms=60"]


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_the_command_runs_a_tiny_county_and_writes_its_table(engine, tmp_path, capsys):
    out = tmp_path / "trial"
    assert field_trial.main(["county_baseline", *TINY, f"engine={engine}", "replications=2", "n_jobs=1",
                             "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    table = pd.read_csv(out / "trial.csv")
    assert list(table.period) == [label for label, _ in field_trial.PERIODS] and (table.replications == 2).all()
    assert table.expected_accidents_ratio.notna().all() and table.hazards_created_ratio.notna().all()
    text = (out / "trial.md").read_text(encoding="utf-8")
    assert text in printed and "| years 1–4 |" in text and "Levine" in text
    assert (out / "replications.parquet").exists()
    recorded = OmegaConf.load(out / ".hydra" / "config.yaml")
    assert (recorded.engine, recorded.trial.enabled, recorded.trial.date, recorded.horizon_days) == \
        (engine, True, "2020-02-01", 31 + 1461)
    # what ran is recorded: the record runs again as a scenario file and gives the same numbers
    again = sim.simulate(sim.load_config(str(out / ".hydra" / "config.yaml")), events=False, progress=False)
    pd.testing.assert_frame_equal(again.replications, pd.read_parquet(out / "replications.parquet"))


def test_the_window_follows_the_start_unless_given():
    assert field_trial.window_overrides("county_baseline", []) == ["trial.date=2020-02-01", "horizon_days=1492"]
    assert field_trial.window_overrides("county_baseline", ["start_date=2021-12-31"]) == \
        ["trial.date=2022-01-31", "horizon_days=1492"]
    assert field_trial.window_overrides("county_baseline", ["trial.date=2020-06-01"]) == ["horizon_days=1613"]
    assert field_trial.window_overrides("county_baseline", ["horizon_days=800"]) == ["trial.date=2020-02-01"]
    assert field_trial.month_on(dt.date(2021, 1, 31)) == dt.date(2021, 2, 28)


def test_a_trial_date_in_the_scenario_file_is_kept(tmp_path):
    scenario = tmp_path / "county.yaml"
    scenario.write_text("name: x\nstart_date: '2020-01-01'\nhorizon_days: 365\ntrial:\n  date: '2020-03-01'\n")
    assert field_trial.window_overrides(str(scenario), []) == ["horizon_days=1521"]


def test_four_whole_years_follow_the_date():
    config = sim.load_config("county_baseline", ["run=field_trial",
                                                 *field_trial.window_overrides("county_baseline", [])])
    assert config.trial.enabled and config.engine == "numba" and config.replications >= 200
    day = (dt.date.fromisoformat(config.trial.date) - dt.date.fromisoformat(config.start_date)).days
    assert day + 4 * 365.25 <= config.horizon_days < day + 4 * 365.25 + 1


@pytest.mark.parametrize(("argv", "message"), [
    (["county_baseline", "trial.enabled=false"], "config error: trial.enabled = False: the field trial command runs a "
                                                 "trial: leave it on"),
    (["county_baseline", "population.enterprises=100"], "config error: trial.firms = 818: must be at most "
                                                        "population.enterprises (100)"),
    (["county_baseline", "trial.date=2019-01-01"], "config error: trial.date = '2019-01-01': must lie in the "
                                                   "measured window"),
    (["county_baseline", "--replications", "5"], "config error: --replications = '5'"),
])
def test_the_command_refuses_bad_input_with_one_line_and_exit_2(argv, message, tmp_path, capsys):
    out = tmp_path / "trial"
    assert field_trial.main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert not out.exists()


def test_the_python_function_returns_the_table():
    table = field_trial.field_trial("county_baseline", [*TINY, "replications=2", "n_jobs=1"])
    assert list(table.period) == [label for label, _ in field_trial.PERIODS] and (table.replications == 2).all()
    assert {"expected_accidents_ratio", "expected_accidents_low", "expected_accidents_high", "accidents_ratio",
            "hazards_created_ratio"} <= set(table.columns)
