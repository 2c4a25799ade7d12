"""The sensitivity analysis (analysis/sensitivity): design to overrides, screening on real runs of a
small county, resume and worker count, the emulator's check, scenario discovery, bad input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from analysis.sensitivity import __main__ as command
from analysis.sensitivity import emulator
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import default_point, design_of, morris_rows
from analysis.sensitivity.pipeline import run_all
from analysis.sensitivity.robustness import discover
from analysis.sensitivity.runs import RunSettings
from analysis.sensitivity.screening import run_screening
from sim.config.errors import ConfigError
from sim.config.uncertainty import Uncertainty
from tests.unit.refusals import refusal

ROOT = Path(__file__).resolve().parents[2]
# a small county: 300 enterprises, 3 inspectors (the step adds 3), one measured year
SMALL = ["population.enterprises=300", "inspectors.count=3", "horizon_days=365", "warmup_days=90"]
HAZARD = Uncertainty("sectors.industry_trade.accident_rate_major", 3e-4, 1.5e-4, 6e-4, group="accidents")
DETECTION = Uncertainty("detection.nonprofessional_major", 0.45, 0.3, 0.6, group="detection")
PRICE = Uncertainty("costs.training_per_inspector", 30000.0, 15000.0, 60000.0, group="costs")
SALARY = Uncertainty("costs.inspector_yearly", 200000.0, 150000.0, 260000.0, group="costs")
ORDERS = Uncertainty("deterrence.order_strength", 0.4, 0.2, 0.6, group="deterrence")


def test_a_design_point_sets_each_sampled_value_and_nothing_at_the_defaults():
    items = [HAZARD, DETECTION, ORDERS]
    rows = np.vstack([default_point(items), [[0.0, 1.0, 0.5]], [[0.0, 1.0, 0.5]], [[2 / 3, 0.0, 1.0]]])
    design = design_of(items, rows)
    assert len(design.points) == 3 and design.point_of_row.tolist() == [0, 1, 1, 2]
    assert design.overrides(0) == ()
    assert design.overrides(1) == ("sectors.industry_trade.accident_rate_major=0.00015",
                                   "detection.nonprofessional_major=0.6")   # order_strength at its default
    config = ConfigLoader("county_baseline", SMALL).config(design.overrides(2))
    assert config.sectors["industry_trade"].accident_rate_major == pytest.approx(4.5e-4)
    assert config.detection.nonprofessional_major == 0.3 and config.deterrence.order_strength == 0.6


def test_the_fast_loader_gives_the_config_sim_load_config_gives():
    loader = ConfigLoader("county_baseline", SMALL)
    for cell in (["detection.nonprofessional_major=0.31", "sectors.industry_trade.accident_rate_major=1.5e-05",
                  "inspectors.count=6"],
                 ["regimes/whistleblower=on", "reports.no_reward_propensity=0.2", "costs.inspector_yearly=150000.0"],
                 []):
        assert loader.config(cell) == sim.load_config("county_baseline", [*SMALL, *cell])
    with pytest.raises(ConfigError, match="detection.nonprofessional_major"):
        loader.config(["detection.nonprofessional_major=1.4"])


def test_morris_gives_a_price_no_effect_on_deaths_and_the_hazards_a_large_one(tmp_path):
    """Real runs: a training price cannot change what is simulated, so its elementary effects on the
    expected deaths averted are exactly 0 (the same replications, common random numbers); the major
    accident rate drives the deaths the staff avert. The price does move the cost per death averted."""
    items = [HAZARD, PRICE, DETECTION]
    screened = run_screening(items, ConfigLoader("county_baseline", SMALL), 3, 3, trajectories=3, levels=4,
                             grouped=False, replications=2, draws=30, folder=tmp_path,
                             run=RunSettings(n_jobs=1, progress=False))
    table = screened.morris.set_index(["quantity", "factor"])
    deaths = table.loc["expected_deaths_averted"]
    assert deaths.loc[PRICE.key, "mu_star"] == 0.0 and deaths.loc[PRICE.key, "mc_high"] == 0.0
    assert deaths.loc[HAZARD.key, "mu_star"] > 0 and deaths.loc[HAZARD.key, "mc_low"] > 0
    assert table.loc[("cost_per_expected_death_averted", PRICE.key), "mu_star"] > 0
    assert len(screened.points) == len(screened.design.points) <= 3 * 4


def test_grouped_morris_screens_mechanisms():
    rows, problem = morris_rows([HAZARD, DETECTION, PRICE, SALARY], 3, 4, True, seed=1)
    assert problem["groups"] == ["accidents", "detection", "costs", "costs"]
    assert rows.shape == (3 * 4, 4)     # three groups: 4 rows a trajectory
    steps = np.abs(np.diff(rows[:4], axis=0)) > 0
    assert steps[:, 2].tolist() == steps[:, 3].tolist()   # the two prices move together


JOB = """
import sys
from analysis.sensitivity.__main__ import _job, _parser
from analysis.sensitivity.pipeline import run_all
from sim.config.uncertainty import Uncertainty
argv = sys.argv[1:]
job = _job(_parser().parse_intermixed_args(argv), argv)
run_all(job, [Uncertainty("sectors.industry_trade.accident_rate_major", 3e-4, 1.5e-4, 6e-4),
              Uncertainty("detection.nonprofessional_major", 0.45, 0.3, 0.6),
              Uncertainty("costs.inspector_yearly", 200000.0, 150000.0, 260000.0)])
"""


def _argv(folder: Path, jobs: int) -> list[str]:
    return ["county_baseline", "--size", "small", "--trajectories", "4", "--step", "3", "--out", str(folder),
            "--bootstrap", "20", "replications=3", f"n_jobs={jobs}", *SMALL]


def test_a_screening_killed_and_resumed_on_two_workers_equals_one_run_on_one(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    once = tmp_path / "once"
    subprocess.run([sys.executable, "-c", JOB, *_argv(once, 1)], env=env, check=True, capture_output=True)
    killed = tmp_path / "killed"
    process = subprocess.Popen([sys.executable, "-c", JOB, *_argv(killed, 2)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not list(killed.glob("screening_*/chunks/*/*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (killed / "morris.csv").exists()
    kept = len(list(killed.glob("screening_*/chunks/*/*.parquet")))
    assert kept > 0
    subprocess.run([sys.executable, "-c", JOB, *_argv(killed, 2)], env=env, check=True, capture_output=True)
    for name in ("morris.csv", "screening_points.parquet"):
        read = pd.read_csv if name.endswith(".csv") else pd.read_parquet
        pd.testing.assert_frame_equal(read(once / name), read(killed / name))
    assert "## Screening (Morris)" in (killed / "summary.md").read_text(encoding="utf-8")


def test_the_emulator_check_reports_coverage_and_standardised_errors():
    rng = np.random.default_rng(3)
    x = rng.random((60, 2))
    truth = np.sin(3 * x[:, 0]) + 0.2 * x[:, 1]
    noise = np.full(60, 0.01**2)
    y = truth + rng.normal(0, 0.01, 60)
    good = emulator.check(emulator.fit(x[:45], y[:45], noise[:45], 0), x[45:], y[45:], noise[45:])
    assert good.points == 15 and good.q2 > 0.95 and 0.8 <= good.coverage <= 1.0
    shuffled = rng.permutation(y)   # nothing to learn: the check must say so
    bad = emulator.check(emulator.fit(x[:45], shuffled[:45], noise[:45], 0), x[45:], shuffled[45:], noise[45:])
    assert bad.q2 < 0.5


def test_scenario_discovery_finds_the_region_where_the_choice_flips():
    rng = np.random.default_rng(5)
    values = pd.DataFrame({"detection.nonprofessional_major": rng.uniform(0.3, 0.6, 40),
                           "costs.inspector_yearly": rng.uniform(150000, 260000, 40)})
    flipped = values["detection.nonprofessional_major"].to_numpy() > 0.5
    won = np.where(flipped, "more_staff", "train_all")
    rules = discover(values, flipped, won, "budget_mix", "train_all", seed=0)
    assert len(rules) == 1 and rules[0]["rule"].startswith("detection.nonprofessional_major > 0.4")
    assert rules[0]["to"].startswith("more_staff") and rules[0]["accuracy"] == 1.0
    held = discover(values, np.zeros(40, dtype=bool), np.full(40, "train_all"), "budget_mix", "train_all", 0)
    assert held[0]["rule"] == "train_all wins everywhere in the ranges"


def test_the_rules_can_name_the_trained_untrained_detection_gap():
    from analysis.sensitivity.robustness import _numeric

    rng = np.random.default_rng(2)
    items = [Uncertainty("detection.professional_major", 0.7, 0.55, 0.85),
             Uncertainty("detection.nonprofessional_major", 0.45, 0.3, 0.6)]
    table = pd.DataFrame({"detection.professional_major": rng.uniform(0.55, 0.85, 60),
                          "detection.nonprofessional_major": rng.uniform(0.3, 0.6, 60)})
    values = _numeric(table, items)
    gap = values["detection gap major (trained - untrained)"].to_numpy()
    assert np.allclose(gap, table["detection.professional_major"] - table["detection.nonprofessional_major"])
    flipped = gap < 0.1   # where training buys little, hiring wins
    rules = discover(values, flipped, np.where(flipped, "hire", "train_all"), "budget_mix", "train_all", seed=0)
    assert rules[0]["rule"].startswith("detection gap major (trained - untrained) <= 0.")


@pytest.mark.parametrize("args, key", [
    (["--trajectories", "1"], "--trajectories = 1"),
    (["--parts", "sobol,robustness", "--trajectories", "3"], "--parts"),
    (["--parts", "screening,pareto"], "--parts"),
    (["--sobol-base", "100"], "--sobol-base = 100"),
    (["--sobol-base", "32"], "--sobol-base = 32"),
    (["--levels", "3"], "--levels = 3"),
    (["--robust-points", "4"], "--robust-points = 4"),
    (["--emulator-points", "6", "--sobol-top", "2"], "--emulator-points = 6"),
    (["--staffing-steps", "10,20"], "--staffing-steps = '10,20'"),
    (["replications=1"], "replications = 1"),
    (["detection.nonprofessional_major=2"], "detection.nonprofessional_major = 2"),
    (["--cheese", "3"], "unrecognized arguments: --cheese"),
    (["range.detection.nonprofessional_major=[0.3,1.5]"], "range.detection.nonprofessional_major"),
    (["--size", "huge"], "argument --size: invalid choice: 'huge'"),
    (["--death-rate-band", "2.6,0.6"], "--death-rate-band = '2.6,0.6'"),
    (["--death-rate-band", "high"], "--death-rate-band = 'high'"),
    (["--robust-points", "12", "--plausibility-draws", "11"], "--plausibility-draws = 11"),
    (["--staffing-steps", "0"], "--staffing-steps = '0'"),
])
def test_bad_input_is_one_line_and_exit_2_before_any_work(tmp_path, capsys, args, key):
    folder = tmp_path / "out"
    status, err = refusal(command.main, ["county_baseline", "--out", str(folder), *args], capsys)
    assert status == 2 and len(err.splitlines()) == 1 and key in err
    assert not folder.exists()


def test_the_analysis_samples_the_schemas_ranges_with_the_command_lines_changes(tmp_path):
    from analysis.sensitivity.ranges import uncertainties_for
    from sim.config.uncertainty import uncertainties

    argv = ["county_baseline", "--out", str(tmp_path / "out"), "range.detection.nonprofessional_major=[0.3,0.5]",
            *SMALL]
    job = command._job(command._parser().parse_intermixed_args(argv), argv)
    assert job.ranges == {"detection.nonprofessional_major": [0.3, 0.5]} and not any("range." in o for o in job.overrides)
    base = ConfigLoader("county_baseline", job.overrides).config([])
    assert uncertainties_for(base) == uncertainties(base, only_running=True)
    sampled = {item.key: item for item in uncertainties_for(base, job.ranges)}
    assert (sampled["detection.nonprofessional_major"].low, sampled["detection.nonprofessional_major"].high) == (0.3, 0.5)
    every = {item.key for item in uncertainties_for(base, job.ranges, only_running=False)}
    assert "regimes.third_party.compliance_factor" in every - set(sampled)   # off here: robustness samples it


def test_a_range_the_model_refuses_stops_before_any_work(tmp_path):
    argv = ["county_baseline", "--out", str(tmp_path / "out"), *SMALL]
    job = command._job(command._parser().parse_intermixed_args(argv), argv)
    with pytest.raises(ConfigError, match=r"detection.nonprofessional_major = 1.2: must be a number in \[0, 1\]"):
        run_all(job, [Uncertainty("detection.nonprofessional_major", 0.45, 0.3, 1.2)])
    with pytest.raises(ConfigError, match="inspectors.count"):
        run_all(job, [Uncertainty("inspectors.count", 3, 1, 9, kind="integer")])
    assert not (tmp_path / "out").exists()


def test_a_screening_on_a_dask_cluster_equals_one_on_a_local_worker(tmp_path):
    from distributed import Client, LocalCluster

    items, loader = [HAZARD, DETECTION], ConfigLoader("county_baseline", SMALL)

    def screened(folder, run):
        return run_screening(items, loader, 3, 3, trajectories=2, levels=4, grouped=False, replications=2, draws=20,
                             folder=folder, run=run)

    here = screened(tmp_path / "here", RunSettings(n_jobs=1, progress=False))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster, \
            Client(cluster) as client:
        there = screened(tmp_path / "dask", RunSettings(client=client, scheduler=cluster.scheduler_address,
                                                        progress=False))
    pd.testing.assert_frame_equal(here.morris, there.morris, check_exact=True)
    pd.testing.assert_frame_equal(here.points, there.points, check_exact=True)
    manifest = next((tmp_path / "dask").glob("screening_*/manifest.json")).read_text(encoding="utf-8")
    assert '"backend": "dask"' in manifest


def test_the_step_intervals_keep_the_noise_apart_and_a_step_that_buys_nothing_costs_without_limit():
    from analysis.sensitivity.intervals import combined, step_values

    rng = np.random.default_rng(1)
    today = 10 + rng.normal(0, 0.1, (6, 40))           # 6 points, 40 replications
    averted = np.array([1.0, 0.5, 2.0, 1.5, 0.0, 1.0])[:, None] + rng.normal(0, 0.05, (6, 40))
    deaths = np.stack([today, today - averted])
    spend = np.stack([np.zeros((6, 40)), np.full((6, 40), 1e6)])
    values = step_values(deaths, spend)
    assert values["expected_deaths_averted"][0] == pytest.approx(1.0, abs=0.05)
    assert values["share_of_deaths_averted"][2] == pytest.approx(0.2, abs=0.01)
    boot = rng.integers(0, 40, size=(50, 40))
    table = combined(deaths, spend, np.array([True, True, True, True, False, True]), boot).set_index("quantity")
    deaths_row = table.loc["expected_deaths_averted"]
    assert deaths_row.mc_low < deaths_row.default < deaths_row.mc_high and deaths_row.mc_high - deaths_row.mc_low < 0.1
    assert deaths_row.both_low < 0.6 and deaths_row.both_high > 1.9 and deaths_row.points == 5   # point 4 left out
    everywhere = combined(deaths, spend, np.ones(6, dtype=bool), boot).set_index("quantity")
    assert np.isinf(everywhere.loc["cost_per_expected_death_averted", "both_high"])   # the point that averts none


def test_the_robustness_part_compares_only_counties_whose_death_rate_is_in_the_band(tmp_path):
    from analysis.sensitivity import plausible

    loader = ConfigLoader("county_baseline", SMALL)
    run = RunSettings(n_jobs=1, progress=False)
    wide = plausible.draw([HAZARD, DETECTION], loader, 3, None, 8, tmp_path, run)
    assert wide.kept.all() and len(wide.rate) == 9 and wide.table.point.tolist() == list(range(9))
    low, high = np.sort(wide.rate[1:])[[2, 5]]
    narrow = plausible.draw([HAZARD, DETECTION], loader, 3, (low, high), 8, tmp_path, run)   # the same runs, kept
    np.testing.assert_array_equal(narrow.rate, wide.rate)
    assert narrow.kept.tolist() == [low <= r <= high for r in wide.rate] and narrow.kept[1:].sum() == 4
    chosen = narrow.chosen(3)
    np.testing.assert_array_equal(chosen, wide.u[[0, *(np.flatnonzero(narrow.kept[1:])[:3] + 1)]])
    assert narrow.counted(3).tolist() == [bool(narrow.kept[0]), True, True, True]   # the defaults count if in the band
    argv = ["county_baseline", "--out", str(tmp_path), "--parts", "robustness", "--step", "3", "--staffing-steps",
            "0,3", "--robust-points", "10", "--plausibility-draws", "10", "--death-rate-band", "500,900",
            "replications=2", *SMALL]
    with pytest.raises(ConfigError, match=r"--death-rate-band = '500,900': .*none of 10 does"):
        run_all(command._job(command._parser().parse_intermixed_args(argv), argv), [HAZARD, DETECTION])


def test_a_fitted_sample_gives_the_robustness_part_its_counties(tmp_path):
    """A calibration's fitted.parquet: each row a county, the defaults first, its values exactly as fitted,
    an uncertainty it does not give at its default; a value outside the range sampled here is refused."""
    from analysis.sensitivity import plausible
    from analysis.sensitivity.design import design_of

    path = tmp_path / "fitted.parquet"
    pd.DataFrame({"point": [3, 7], "sectors.industry_trade.accident_rate_major": [2.0e-4, 5.5e-4],
                  "deaths_per_100k": [1.1, 1.3]}).to_parquet(path)
    drawn = plausible.from_sample([HAZARD, DETECTION], path)
    assert drawn.band is None and len(drawn.u) == 3
    assert drawn.counted(10).tolist() == [False, True, True]   # the defaults beside the fitted sets, not among them
    design = design_of([HAZARD, DETECTION], drawn.chosen(10))
    assert [p[HAZARD.key] for p in design.points] == pytest.approx([3e-4, 2.0e-4, 5.5e-4])
    assert [p[DETECTION.key] for p in design.points] == [0.45, 0.45, 0.45]
    pd.DataFrame({"point": [0], HAZARD.key: [9e-4]}).to_parquet(path)
    with pytest.raises(ConfigError, match=r"--sample = .*row 0: sectors.industry_trade.accident_rate_major = 0.0009 "
                                          r"lies outside its range"):
        plausible.from_sample([HAZARD, DETECTION], path)


@pytest.mark.parametrize("args, allowed", [
    (["--sample", "nowhere.parquet"], "no such file"),
    (["--parts", "screening", "--sample", "fitted.parquet"], "run it with the robustness part"),
])
def test_a_sample_that_cannot_be_used_is_refused_before_any_work(tmp_path, capsys, args, allowed):
    (tmp_path / "fitted.parquet").write_bytes(b"")
    status = command.main(["county_baseline", "--out", str(tmp_path / "out"),
                           *[str(tmp_path / a) if a.endswith(".parquet") else a for a in args]])
    err = capsys.readouterr().err.strip()
    assert status == 2 and len(err.splitlines()) == 1 and err.startswith("config error: --sample") and allowed in err
    assert not (tmp_path / "out").exists()


def test_an_analysis_over_a_fitted_sample_keeps_the_calibrations_fit_beside_its_tables(tmp_path, monkeypatch):
    """calibration_fit.csv and calibration_parameters.csv travel with the answers they condition; a later
    analysis without a sample removes them (the folder holds one run)."""
    from types import SimpleNamespace

    from analysis.sensitivity import pipeline, robustness

    calibration = tmp_path / "calibration"
    calibration.mkdir()
    pd.DataFrame({"point": [1, 2], HAZARD.key: [2e-4, 4e-4]}).to_parquet(calibration / "fitted.parquet")
    pd.DataFrame({"record": ["deaths"], "recorded": [3.0]}).to_csv(calibration / "fit.csv", index=False)
    pd.DataFrame({"key": [HAZARD.key], "nroy_share": [0.4]}).to_csv(calibration / "parameters.csv", index=False)
    empty = robustness.Robustness(*(pd.DataFrame() for _ in range(4)))
    monkeypatch.setattr(robustness, "run_robustness", lambda *args, **kwargs: empty)
    folder = tmp_path / "out"
    folder.mkdir()
    job = SimpleNamespace(sample=calibration / "fitted.parquet", size=command.SIZES["full"], band=None, folder=folder,
                          run=RunSettings(progress=False), staffing_steps=(0, 3), value_of_life=5e6, bootstrap=20)
    manifest = {"seconds": {}}
    pipeline._robustness(job, [HAZARD, DETECTION], None, 3, manifest)
    assert pd.read_csv(folder / "calibration_fit.csv").recorded.tolist() == [3.0]
    assert manifest["robustness"]["sample"] == str(calibration / "fitted.parquet") and manifest["robustness"]["drawn"] == 2
    job.sample, job.band = None, None
    monkeypatch.setattr(pipeline, "_say", lambda text: None)
    from analysis.sensitivity import plausible

    monkeypatch.setattr(plausible, "draw", lambda *args: plausible.from_sample([HAZARD, DETECTION],
                                                                               calibration / "fitted.parquet"))
    pipeline._robustness(job, [HAZARD, DETECTION], None, 3, manifest)
    assert not (folder / "calibration_fit.csv").exists() and not (folder / "calibration_parameters.csv").exists()


def test_over_a_fitted_sample_the_answer_is_the_option_most_fitted_sets_choose():
    """Row 0 is the scenario's defaults, which a fitted county is not: over a fitted sample the answer
    (and the flip rules against it) is the option chosen at most fitted sets, not the defaults' choice."""
    from analysis.sensitivity.robustness import recommended_option

    options = ["30", "40", "50", "60"]
    won = np.array(["30", "40", "50", "50", "40", "50", "30"])
    counted = np.array([False, True, True, True, True, True, True])
    assert recommended_option(options, won, counted, fitted=False) == "30"
    assert recommended_option(options, won, counted, fitted=True) == "50"
    tie = np.array(["30", "40", "50", "40", "50"])
    assert recommended_option(options, tie, np.array([False, True, True, True, True]), fitted=True) == "40"
