"""The whole sensitivity analysis on a small county, every part, and the default study's screening
with the schema's ranges (slow: hundreds of runs each): the Sobol' indices come with the emulator's
held-out check, and the robustness probabilities are probabilities."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.sensitivity.__main__ import _job, _parser
from analysis.sensitivity.pipeline import run_all
from sim.config.uncertainty import Uncertainty

SMALL = ["population.enterprises=300", "inspectors.count=3", "horizon_days=365", "warmup_days=90"]


@pytest.mark.validation
def test_every_part_on_a_small_county(tmp_path):
    argv = ["county_baseline", "--out", str(tmp_path), "--step", "3", "--staffing-steps", "0,3", "--trajectories", "3",
            "--sobol-top", "2", "--emulator-points", "12", "--sobol-base", "64", "--robust-points", "10",
            "--bootstrap", "40", "replications=3", "n_jobs=2", *SMALL]
    items = [Uncertainty("sectors.industry_trade.accident_rate_major", 3e-4, 1.5e-4, 6e-4, group="accidents"),
             Uncertainty("detection.nonprofessional_major", 0.45, 0.3, 0.6, group="detection"),
             Uncertainty("costs.inspector_yearly", 200000.0, 150000.0, 260000.0, group="costs")]
    run_all(_job(_parser().parse_intermixed_args(argv), argv), items)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sobol"]["method"] == "emulator" and len(manifest["sobol"]["factors"]) == 2
    check = pd.read_csv(tmp_path / "emulator_check.csv")
    assert set(check.columns) >= {"q2", "coverage", "largest_error", "mean_error", "noise_sd"}
    assert check.coverage.between(0, 1).all() and (check.points == 5).all()
    sobol = pd.read_csv(tmp_path / "sobol.csv")
    assert np.isfinite(sobol[["S1", "ST", "S1_conf", "ST_conf"]].to_numpy()).all()
    deaths = sobol[sobol.quantity == "expected_deaths_averted"].set_index("factor")
    if "costs.inspector_yearly" in deaths.index:   # a price cannot move deaths
        assert deaths.loc["costs.inspector_yearly", "ST"] < 0.05
    best = pd.read_csv(tmp_path / "robustness_best.csv")
    for _, rows in best.groupby("decision"):
        assert rows.p_parameters.sum() == pytest.approx(1) and rows.p_noise.sum() == pytest.approx(1)
        assert rows.p_both.sum() == pytest.approx(1) and rows.recommended.sum() == 1
    assert set(best.decision) == {"staffing", "regime", "budget_mix"}
    rules = pd.read_csv(tmp_path / "robustness_rules.csv")
    assert set(rules.decision) == {"staffing", "regime", "budget_mix"}
    assert "## A choice that holds" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    drawn = pd.read_parquet(tmp_path / "plausibility_points.parquet")
    low, high = manifest["robustness"]["band"]
    assert drawn.plausible.tolist() == drawn.death_rate.between(low, high).tolist()
    assert manifest["robustness"]["plausible"] == int(drawn.plausible[1:].sum())
    intervals = pd.read_csv(tmp_path / "robustness_intervals.csv").set_index("quantity")
    assert intervals.loc["expected_deaths_averted", "mc_low"] <= intervals.loc["expected_deaths_averted", "default"]
    assert (intervals.both_low <= intervals.both_high).all()


@pytest.mark.validation
def test_the_study_screens_the_assumptions_with_its_own_seed_engine_and_workers(tmp_path, monkeypatch):
    """The default study's sensitivity part: a small screening of the scenario's uncertainties, real runs
    of a small county, with the study's run settings (the other parts and the report as if done)."""
    import analysis.report.__main__ as report
    from analysis import default_study

    for part in ("staffing", "sweep", "trial"):
        monkeypatch.setattr(default_study, part, lambda *args, **kwargs: 0)
    monkeypatch.setattr(report, "write_reports", lambda folder: [])
    small = ["population.enterprises=300", "inspectors.count=3", "horizon_days=365", "warmup_days=90"]
    assert default_study.main([*small, "seed=7", "n_jobs=1", "--out", str(tmp_path)]) == 0
    manifest = json.loads((tmp_path / "sensitivity" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parts"] == ["screening"] and manifest["seed"] == 7 and manifest["workers"] == "1 worker(s)"
    assert manifest["screening"]["grouped"] and manifest["today"] == 3
    morris = pd.read_csv(tmp_path / "sensitivity" / "morris.csv")
    assert set(morris.quantity) >= {"expected_deaths_averted", "cost_per_expected_death_averted"}
