"""The command line `python -m sim`: one-line errors with status 2, complete output or none.

Every run happens in a subprocess whose working directory is tmp_path, so nothing is written
into the repository; PYTHONPATH points at the repository so the checkout under test is run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

import sim.io
from sim import load_config
from sim.io import TABLES

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["population.enterprises=200", "inspectors.count=3", "horizon_days=120", "warmup_days=30",
         "replications=2"]

SUMMARY_COLUMNS = ["metric", "n", "mean", "std", "ci_low", "ci_high"]


def run_sim(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


# --- bad input: status 2, one line, nothing written ------------------------------------------------


BAD = [
    (["detection.professional_major=1.3"], "detection.professional_major", "1.3"),
    (["hazards.natural_closure_rate=inf"], "hazards.natural_closure_rate", "inf"),
    (["population.enterprises=2.5"], "population.enterprises", "2.5"),
    (["population.sector_shares.fireworks=0.5"], "population.sector_shares", "'fireworks': 0.5"),
    (["start_date=2020-13-01"], "start_date", "2020-13-01"),
    (["regimes.remote_monitoring.sectors=[mining]"], "regimes.remote_monitoring.sectors", "mining"),
    (["population.enterprize=3"], "population.enterprize", "3"),
    (["+new_key=1"], "+new_key", "+new_key=1"),
    (["inspectors.count=many"], "inspectors.count", "many"),
    (["scenario=atlantis"], "scenario", "atlantis"),
    (["replications=0"], "replications", "0"),
    (["engine=cuda"], "engine", "cuda"),
]


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory) -> list[tuple[Path, subprocess.CompletedProcess[str]]]:
    """(cwd, finished process) of every BAD case, run concurrently: start-up dominates their cost."""
    cwds = [tmp_path_factory.mktemp(f"bad{i}") for i in range(len(BAD))]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        runs = pool.map(lambda case: run_sim(case[0], *SMALL, *case[1][0], f"hydra.run.dir={case[0] / 'out'}"),
                        zip(cwds, BAD, strict=True))
        return list(zip(cwds, runs, strict=True))


@pytest.mark.parametrize(("case", "key", "value"), [(i, key, value) for i, (_, key, value) in enumerate(BAD)],
                         ids=[args[0] for args, _, _ in BAD])
def test_bad_value_exits_2_with_one_line_and_writes_nothing(bad_runs, case, key, value):
    cwd, result = bad_runs[case]
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"config error: {key} = "), lines[0]
    assert value in lines[0], lines[0]
    assert result.stdout == ""
    assert not (cwd / "out").exists()
    assert not (cwd / "outputs").exists()
    assert list(cwd.iterdir()) == []


def test_bad_scenario_file_exits_2_naming_the_key(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\npopulation:\n  sector_shares: {industry_trade: 1.0}\n  enterprize: 3\n")
    result = run_sim(tmp_path, f"scenario={path}", f"hydra.run.dir={tmp_path / 'out'}")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert "population.enterprize" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_exits_0(tmp_path, flag):
    result = run_sim(tmp_path, flag)
    assert result.returncode == 0, result.stderr
    assert "usage: python -m sim" in result.stdout
    assert "hydra.run.dir" in result.stdout
    assert list(tmp_path.iterdir()) == []


# --- good runs ---------------------------------------------------------------------------------------


def test_good_small_run_writes_every_table_into_the_run_dir(tmp_path):
    out = tmp_path / "out"
    result = run_sim(tmp_path, *SMALL, f"hydra.run.dir={out}")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == str(out)
    for name in TABLES:
        assert (out / name).is_file(), name
    assert (out / ".hydra" / "config.yaml").is_file()
    assert not list(tmp_path.glob(".*partial-*"))
    assert not (tmp_path / "outputs").exists()

    replications = pd.read_parquet(out / "replications.parquet")
    assert len(replications) == 2
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == SUMMARY_COLUMNS
    # NaN for a planned regime that is off (its completion: county_baseline has the annual plan on and
    # its double-random checks have no plan to complete), when there is no field trial, or for a year
    # after the window's first (the per-year coverage and the annual plan's figures)
    defined_plan = summary.metric.eq("plan_completion_annual_plan") | summary.metric.str.fullmatch(r"plan_.*_y1")
    undefined = ((summary.metric.str.startswith("plan_") & ~defined_plan) | summary.metric.str.startswith("trial_")
                 | summary.metric.str.fullmatch(r"key_enterprise_coverage_y[2-5]"))
    assert (summary.loc[~undefined, "n"] == 2).all() and (summary.loc[undefined, "n"] == 0).all()
    pd.read_parquet(out / "timeseries.parquet")
    pd.read_parquet(out / "events.parquet")

    # The saved config is the composed one, with the overrides applied, and loads again.
    saved = (out / ".hydra" / "config.yaml").read_text()
    assert "enterprises: 200" in saved
    again = load_config(str(out / ".hydra" / "config.yaml"))
    assert again.population.enterprises == 200 and again.inspectors.count == 3


def test_run_without_run_dir_writes_under_outputs_scenario_name(tmp_path):
    result = run_sim(tmp_path, *SMALL)
    assert result.returncode == 0, result.stderr
    runs = list((tmp_path / "outputs" / "county_baseline").iterdir())
    assert len(runs) == 1, runs
    run_dir = runs[0]
    assert result.stdout.strip() == "outputs/county_baseline/" + run_dir.name
    for name in TABLES:
        assert (run_dir / name).is_file(), name
    assert (run_dir / ".hydra" / "config.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


# --- all or nothing on disk -----------------------------------------------------------------------------


class _Result:
    """Stands in for a SimulationResult: tables, and a summary that can be made to fail."""

    def __init__(self, replications: pd.DataFrame, summary_error: BaseException | None = None) -> None:
        self.config = load_config(overrides=["population.enterprises=200"])
        self.replications = replications
        self.timeseries = pd.DataFrame({"month": ["2020-01"], "accidents": [0]})
        self.events = pd.DataFrame({"time": [0.0], "kind": ["inspection"]})
        self._summary_error = summary_error

    def summary(self) -> pd.DataFrame:
        if self._summary_error is not None:
            raise self._summary_error
        return pd.DataFrame({"metric": ["deaths"], "n": [1], "mean": [0.0], "std": [0.0],
                             "ci_low": [0.0], "ci_high": [0.0]})


def _folder(target: Path) -> sim.io.OutputFolder:
    return sim.io.OutputFolder(path=target, key="hydra.run.dir", chosen=True)


def _assert_nothing_left(parent: Path, target: Path) -> None:
    assert not target.exists()
    assert not list(parent.glob(f".{target.name}.partial-*"))
    assert list(parent.iterdir()) == []


def test_failed_write_leaves_no_partial_directory(tmp_path):
    parent = tmp_path / "runs"
    target = parent / "run"
    unwritable = pd.DataFrame({"replication": [0], "thing": [object()]})
    with pytest.raises(Exception) as info:  # noqa: B017  (pyarrow's exact error type is not the point)
        sim.io.write_run(_folder(target), _Result(unwritable), ["population.enterprises=200"])
    assert not isinstance(info.value, AssertionError)
    _assert_nothing_left(parent, target)


def test_interrupt_after_some_tables_leaves_no_partial_directory(tmp_path):
    # The three parquet tables are written before summary() is called, so this interrupts a
    # write that has already put files into the staging directory.
    parent = tmp_path / "runs"
    target = parent / "run"
    result = _Result(pd.DataFrame({"replication": [0, 1], "deaths": [0, 1]}), KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        sim.io.write_run(_folder(target), result, [])
    _assert_nothing_left(parent, target)


def test_successful_write_leaves_only_the_target(tmp_path):
    parent = tmp_path / "runs"
    target = parent / "run"
    result = _Result(pd.DataFrame({"replication": [0, 1], "deaths": [0, 1]}))
    assert sim.io.write_run(_folder(target), result, ["population.enterprises=200"]) == target
    assert sorted(p.name for p in parent.iterdir()) == ["run"]
    for name in TABLES:
        assert (target / name).is_file(), name
    assert (target / ".hydra" / "config.yaml").is_file()
    assert (target / ".hydra" / "overrides.yaml").is_file()
