"""The calibration (analysis/calibrate): implausibility, active inputs, targets from records and from
published figures, a recovery of known parameters on a small county, the command's files and rerun,
and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.calibrate import __main__ as command
from analysis.calibrate import implausibility as imp
from analysis.calibrate.emulate import active_inputs
from analysis.calibrate.history import Plan, history_match
from analysis.calibrate.recovery import records_at, write_records
from analysis.calibrate.targets import Target, default_targets, targets_from_records
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import design_of
from analysis.sensitivity.runs import RunSettings
from sim.config.errors import ConfigError
from sim.config.uncertainty import Uncertainty
from tests.unit.refusals import refusal

# a small county: 300 enterprises, 3 inspectors, one whole measured year (2020 has 366 days)
SMALL = ["population.enterprises=300", "inspectors.count=3", "horizon_days=366", "warmup_days=90"]
ADMIN = Uncertainty("inspectors.admin_share", 0.4, 0.25, 0.55, group="inspectors")
HAZARD = Uncertainty("sectors.industry_trade.hazard_rate", 0.018, 0.009, 0.036, group="hazards")


def _target(value: float, error: float = 0.0, years: int = 1) -> Target:
    return Target("inspections", "检查企业家次", "count", value, error, years, "inspections")


def test_implausibility_counts_every_variance_and_the_second_largest_decides_with_many_targets():
    from analysis.calibrate.emulate import Emulator, Scale

    target = _target(100.0, error=3.0)
    # the stochastic variance of one replication: exp(a) = 11 at any mean (b = 0), over 1 year as 1 year
    item = Emulator(target, (), None, Scale("identity"), (np.log(11.0), 0.0), 1.0)
    # |100 - 90| / sqrt(emulator 16 + observation 9 + stochastic 11 + discrepancy (0.1 * 100)^2 = 100)
    value = imp.implausibility(item, np.array([90.0]), np.array([16.0]), 0.1)
    assert value[0] == pytest.approx(10 / np.sqrt(136))
    assert imp.implausibility(item, np.array([100.0]), np.zeros(1), 0.0)[0] == 0.0
    # on a log scale: a model ten times the record is far off even with a wide emulator
    logged = Emulator(target, (), None, Scale("log", 1.0), (np.log(11.0), 0.0), 1.0)
    far = imp.implausibility(logged, np.log(np.array([1001.0])), np.array([0.3]), 0.1)
    assert far[0] > 3
    expected = Emulator(_target(100.0, error=3.0, years=0), (), None, Scale("identity"), (np.log(11.0), 0.0), 1.0)
    assert imp.implausibility(expected, np.array([90.0]), np.array([16.0]), 0.1)[0] == pytest.approx(10 / np.sqrt(125))
    three = np.array([[0.5, 4.0, 1.0]])
    four = np.array([[0.5, 4.0, 1.0, 2.0]])
    assert imp.deciding(three)[0] == 4.0 and imp.deciding(four)[0] == 2.0


def test_forward_selection_finds_the_inputs_that_matter_among_many():
    rng = np.random.default_rng(4)
    u = rng.random((80, 120))
    y = 3.0 * u[:, 17] - 1.5 * u[:, 5] + 0.6 * u[:, 90] + rng.normal(0, 0.05, 80)
    assert set(active_inputs(u, y, 5)) == {17, 5, 90}
    assert active_inputs(u, y, 2) == [17, 5]
    noise = rng.normal(0, 1, 80)   # nothing to find: one input (the first step is always taken), not five
    assert len(active_inputs(u, noise, 5)) == 1


def test_targets_are_the_records_mean_a_year_with_the_files_errors_or_the_default(tmp_path):
    from analysis.calibrate.targets import RELATIVE_ERROR, SHARE_ERROR

    path = tmp_path / "records.csv"
    path.write_text("年份,检查企业家次,检查企业家次误差,整改率,死亡人数\n2020,700,30,95%,2\n2021,800,40,97%,0\n"
                    "2022,900,,99%,1\n", encoding="utf-8")
    config = ConfigLoader("county_baseline", SMALL).config([])
    by_name = {t.name: t for t in targets_from_records(str(path), config)}
    assert set(by_name) == {"inspections", "rectification_rate", "deaths"}
    checks = by_name["inspections"]
    assert checks.value == 800.0 and checks.years == 3
    # 2022 has no error: the default (10% of its 900) in its place, the three taken as independent
    assert checks.error == pytest.approx(np.sqrt(30**2 + 40**2 + (RELATIVE_ERROR * 900) ** 2) / 3)
    assert by_name["deaths"].error == pytest.approx(RELATIVE_ERROR * 1.0)
    assert by_name["rectification_rate"].value == pytest.approx(0.97) and by_name["rectification_rate"].error == SHARE_ERROR
    assert by_name["rectification_rate"].label == "整改率"


def test_a_measure_the_scenario_cannot_give_is_refused(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text("年份,计划总人日,检查企业家次\n2020,980,700\n", encoding="utf-8")
    off = ConfigLoader("county_baseline", [*SMALL, "regimes.annual_plan.enabled=false"]).config([])
    with pytest.raises(ConfigError, match="计划总人日 is a figure of the annual plan"):
        targets_from_records(str(path), off)
    on = ConfigLoader("county_baseline", SMALL).config([])
    assert [t.name for t in targets_from_records(str(path), on)] == ["inspections", "staff_days"]


def test_the_default_targets_are_the_published_figures():
    config = ConfigLoader("county_baseline", []).config([])
    rate, per_check = default_targets(config)
    assert rate.value == pytest.approx((1.301 + 1.19 + 1.244) / 3) and rate.metric == "deaths_per_100k_workers_year"
    assert per_check.per == "inspections" and per_check.emulated_on == "log"
    assert rate.years == 0 and "SOURCES.md" in rate.source and "sources.md" in per_check.source


def test_the_default_hazards_a_check_is_the_published_range_centred_on_the_log_scale():
    """海丰县 2023 (0.27) and 天门市 2021 (0.99) are the range's ends, each 2 sd from its centre on the log
    scale; Langfang's 0.95 and 瑶海区's 0.74 lie inside, so none of them is ruled out alone."""
    _, per_check = default_targets(ConfigLoader("county_baseline", []).config([]))
    low, high = 6845 / 25330, 1254 / 1273
    assert per_check.value == pytest.approx(np.sqrt(low * high))
    log_sd = per_check.error / per_check.value
    assert np.log(per_check.value / low) / log_sd == pytest.approx(2.0)
    assert np.log(high / per_check.value) / log_sd == pytest.approx(2.0)
    for published in (17343 / 18245, 26049 / 35108):
        assert abs(np.log(published / per_check.value)) / log_sd < 2


def test_records_the_model_made_at_known_values_are_fitted_with_the_truth_in_the_nroy_space(tmp_path):
    """Item 4 of issue 28, small: two parameters the records inform (inspectors' admin share: the checks
    a year; the 工贸 hazard rate: the hazards found), exact records from one run at the truth on a seed
    the fit never uses, no discrepancy (the model is the truth here). The truth must stay in the NROY
    space, a good part of the ranges must be ruled out, and so must parameter sets far from the truth."""
    loader = ConfigLoader("county_baseline", SMALL)
    truth = design_of([ADMIN, HAZARD], np.array([[0.7, 0.3]]))
    write_records(tmp_path / "records.csv", records_at(loader, truth.overrides(0), ["inspections", "hazards_found"],
                                                       seed=7))
    targets = targets_from_records(str(tmp_path / "records.csv"), loader.config([]))
    plan = Plan(waves=2, points=16, held_out=4, fitted=10, replications=3, discrepancy=0.0, sample=5000)
    fit = history_match([ADMIN, HAZARD], targets, loader, plan, tmp_path, RunSettings(n_jobs=1, progress=False),
                        say=lambda text: None)
    assert fit.plausible(truth.u)[0]
    assert fit.waves[-1].region.fraction < 0.5
    assert not fit.plausible(np.array([[0.1, 0.9], [0.95, 0.95], [0.1, 0.1]])).any()
    kept = fit.final.u[fit.kept]
    assert len(kept) >= 5 and np.all(kept.min(axis=0) < truth.u[0]) and np.all(truth.u[0] < kept.max(axis=0))


def _argv(folder: Path, *more: str) -> list[str]:
    return ["county_baseline", "--out", str(folder), "--waves", "2", "--points", "12", "--held-out", "3",
            "--fitted", "6", "--active", "2", "--nroy-sample", "2000", "--only", f"{ADMIN.key},{HAZARD.key}",
            "replications=2", "n_jobs=1", *SMALL, *more]


def test_the_command_writes_its_files_and_a_rerun_reuses_every_run(tmp_path, capsys):
    records = tmp_path / "records.csv"
    records.write_text("年份,检查企业家次,发现隐患\n2020,600,650\n", encoding="utf-8")
    folder = tmp_path / "out"
    assert command.main(_argv(folder, f"calibration.records={records}")) == 0
    err = capsys.readouterr().err
    assert "calibrate: wave 1:" in err and "calibrate: fitted sample:" in err
    fitted = pd.read_parquet(folder / "fitted.parquet")
    assert list(fitted.columns) == ["point", HAZARD.key, ADMIN.key, "inspections", "hazards_found", "implausibility"]
    assert (fitted.implausibility <= 3).all()
    fit = pd.read_csv(folder / "fit.csv")
    assert fit.record.tolist() == ["inspections", "hazards_found"] and fit.recorded.tolist() == [600, 650]
    assert {"model_low", "model_high", "observation_error"} <= set(fit.columns)
    waves = pd.read_csv(folder / "waves.csv")
    assert sorted(waves.wave.unique()) == [1, 2] and waves.nroy_fraction.between(0, 1).all()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 2020 and manifest["runs"] == 2 * 15 * 2 + 6 * 2
    assert "## What the records pin down" in (folder / "summary.md").read_text(encoding="utf-8")
    sweeps = sorted(p.name for p in folder.iterdir() if p.is_dir())
    chunks = {p: p.stat().st_mtime_ns for p in folder.glob("*/chunks/*/*.parquet")}
    assert command.main(_argv(folder, f"calibration.records={records}")) == 0   # the same command again
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sweeps     # the same designs: no new sweep
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*/chunks/*/*.parquet")} == chunks
    pd.testing.assert_frame_equal(pd.read_parquet(folder / "fitted.parquet"), fitted)


@pytest.mark.parametrize("args, key", [
    (["--waves", "0"], "--waves = 0"),
    (["--points", "8"], "--points = 8"),
    (["--points", "12", "--active", "8"], "--points = 12"),
    (["--held-out", "1"], "--held-out = 1"),
    (["--cutoff", "0"], "--cutoff = 0.0"),
    (["--discrepancy", "-0.1"], "--discrepancy = -0.1"),
    (["--nroy-sample", "10"], "--nroy-sample = 10"),
    (["--coverage", "0"], "--coverage = 0"),
    (["--only", "detection.no_such_thing"], "--only = 'detection.no_such_thing'"),
    (["replications=1"], "replications = 1"),
    (["calibration.records=nowhere.csv"], "calibration.records = 'nowhere.csv'"),
    (["range.detection.nonprofessional_major=[0.3,1.5]"], "range.detection.nonprofessional_major"),
    (["--cheese", "3"], "unrecognized arguments: --cheese"),
    (["--national-rate-within", "2"], "--national-rate-within = 2.0: only with calibration.records"),
    (["--national-rate-within", "0.5", "calibration.records=scenarios/examples/records/fit/haifeng.csv"],
     "--national-rate-within = 0.5: a factor > 1"),
])
def test_bad_input_is_one_line_and_exit_2_before_any_work(tmp_path, capsys, args, key):
    folder = tmp_path / "out"
    status, err = refusal(command.main, ["county_baseline", "--out", str(folder), *args], capsys)
    assert status == 2 and len(err.splitlines()) == 1 and key in err
    assert not folder.exists()


def test_a_records_file_without_a_measure_the_model_gives_is_refused(tmp_path, capsys):
    records = tmp_path / "records.csv"
    records.write_text("年份,备注\n2020,无\n", encoding="utf-8")
    folder = tmp_path / "out"
    assert command.main(["scenario=county_baseline", "--out", str(folder), f"calibration.records={records}"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "names no measure the model gives" in err and not folder.exists()


def test_the_bureaus_check_intensity_is_a_record_the_model_gives_by_the_records_definition(tmp_path):
    """Planned checks done (计划检查家次), double-random checks (双随机抽查家次) and hazards a check (每家次
    发现隐患) are records a county gives: records the model made are its own outputs read back as targets."""
    import sim
    from analysis.sensitivity.runs import AXIS, Outcomes

    loader = ConfigLoader("county_baseline", SMALL)
    measures = ["planned_checks", "double_random_checks", "hazards_per_check"]
    table = records_at(loader, [], measures, seed=11)
    assert list(table.columns[1::2]) == ["计划检查家次", "双随机抽查家次", "每家次发现隐患"]
    write_records(tmp_path / "records.csv", table)
    config = loader.config([])
    targets = {t.name: t for t in targets_from_records(str(tmp_path / "records.csv"), config)}
    assert set(targets) == set(measures)
    assert targets["planned_checks"].window_year and targets["hazards_per_check"].per == "inspections"
    assert targets["hazards_per_check"].kind == "ratio" and not targets["hazards_per_check"].per_year
    result = sim.simulate(config, replications=1, seed=11, n_jobs=1, progress=False, events=False)
    cells = result.replications.copy().assign(**{AXIS: "o", "replication": 0})
    outcomes = Outcomes(cells, {(0, "c"): "o"}, 1, ("c",), config.horizon_days / 365.25)
    row = result.replications.iloc[0]
    assert row.plan_checks_done_y1 > 0 and row.inspections_double_random > 0
    for name, target in targets.items():
        assert target.model(outcomes)[0, 0] == pytest.approx(target.value, rel=0.01, abs=0.5), name
    assert targets["hazards_per_check"].value == pytest.approx(row.found_inspection / row.inspections)
    off = loader.config(["regimes.double_random.enabled=false"])
    with pytest.raises(ConfigError, match="双随机抽查家次 is double-random checks"):
        targets_from_records(str(tmp_path / "records.csv"), off)


def test_the_national_rate_beside_a_countys_records_holds_its_expected_rate_within_a_factor():
    """Three years of a county's deaths cannot tell it from a county twice as deadly; the national rate
    within a factor of 2 (2 sd on the log scale) is a second, looser target added to the records'."""
    from analysis.calibrate.targets import national_rate_target
    from analysis.command_line import parse

    argv = ["county_baseline", "calibration.records=scenarios/examples/records/fit/haifeng.csv",
            "--national-rate-within", "2"]
    _, (_, _, targets, _) = command._job(parse(command._parser(), argv), argv)
    assert [t.name for t in targets] == ["rectification_rate", "deaths_industrial", "deaths_per_100k_workers"]
    rate = targets[-1]
    assert rate == national_rate_target(2.0) and rate.years == 0 and rate.emulated_on == "log"
    log_sd = rate.error / rate.value
    assert rate.value * np.exp(-2 * log_sd) == pytest.approx(rate.value / 2)
    assert rate.value * np.exp(2 * log_sd) == pytest.approx(rate.value * 2)
