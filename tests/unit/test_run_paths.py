"""The paths around a run (issue 14): what is recorded is what ran, output folders that are never
another run's, checks before the work, workers that die with their parent, honest summaries.

Runs are tiny; command lines run in-process (`main(argv)`) with the working directory in tmp_path,
except where a second process is the point (a lock held elsewhere, a parent killed outright).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from omegaconf import OmegaConf

import sim
import sim.__main__ as sim_main
import sim.cli_run
from analysis import default_study, scenario_report
from sim.api import checkpoint_store
from sim.checkpoint import FOLDER
from sim.console import console_summary
from sim.io import SLUG_LENGTH, OutputFolder, default_folder, write_run
from sim.results import summarise
from tests.processes import alive, children

ROOT = Path(__file__).resolve().parents[2]
TINY = ["population.enterprises=150", "inspectors.count=3", "horizon_days=90", "warmup_days=20"]
SIMPY = ["engine=simpy", "n_jobs=1"]


def run_cli(argv: list[str], capsys) -> tuple[int, list[str], str]:
    """(exit status, stderr lines, stdout) of `python -m sim argv`, in-process."""
    status = sim_main.main(argv)
    captured = capsys.readouterr()
    return status, [line for line in captured.err.splitlines() if "replications:" not in line], captured.out


def refuse_to_run(monkeypatch) -> None:
    """Any simulation from here on fails the test: the refusal must come before the work."""
    def ran(*args, **kwargs):
        raise AssertionError("the run started")
    monkeypatch.setattr(sim.cli_run, "simulate", ran)


# --- 1. what is recorded is what ran ---------------------------------------------------------------


def test_a_report_records_the_run_settings_it_ran_and_the_record_runs_again(tmp_path, capsys):
    out = tmp_path / "report"
    assert scenario_report.main(["county_baseline", *TINY, "replications=3", "seed=7", *SIMPY,
                                 "--out", str(out)]) == 0
    capsys.readouterr()
    recorded = OmegaConf.load(out / ".hydra" / "config.yaml")
    assert (recorded.engine, recorded.replications, recorded.seed, recorded.n_jobs) == ("simpy", 3, 7, 1)
    assert "scenario=county_baseline" in (out / ".hydra" / "overrides.yaml").read_text()
    # The record is a scenario file that reruns the same run: same settings, same numbers.
    again = sim.load_config(str(out / ".hydra" / "config.yaml"))
    assert (again.engine, again.replications, again.seed) == ("simpy", 3, 7)
    rerun = sim.simulate(again, events=False, progress=False).replications
    pd.testing.assert_frame_equal(rerun, pd.read_parquet(out / "replications.parquet"))


def test_a_report_takes_its_default_run_settings_from_its_preset_and_records_them(tmp_path, capsys):
    out = tmp_path / "report"
    assert scenario_report.main(["county_baseline", *TINY, "replications=2", "--out", str(out)]) == 0
    capsys.readouterr()
    recorded = OmegaConf.load(out / ".hydra" / "config.yaml")
    assert (recorded.engine, recorded.replications, recorded.seed) == ("numba", 2, 2020)
    assert recorded.n_jobs == sim.load_config(overrides=["run=report"]).n_jobs >= 1
    assert "replications=2" not in recorded.description


def test_the_default_study_runs_numba_from_seed_2020_on_every_core_and_refuses_one_replication_count(capsys):
    config = sim.load_config("county_baseline", ["run=default_study"])
    assert (config.engine, config.seed) == ("numba", 2020)
    assert config.n_jobs == len(os.sched_getaffinity(0))
    # A scenario file's own run settings win over a command's preset; key=value wins over both.
    assert sim.load_config("county_baseline", ["run=default_study", "seed=8"]).seed == 8
    # its parts set their own replications: a single count would be ignored, so it is refused
    assert default_study.main(["replications=8"]) == 2
    message = capsys.readouterr().err.strip()
    assert "\n" not in message and message.startswith("config error: replications = '8'") and "--staffing-replications" in message


def test_simulate_runs_the_configs_run_settings_and_its_result_records_what_ran(small_config):
    config = small_config("horizon_days=60", "replications=2", "seed=9")
    result = sim.simulate(config, progress=False)
    assert (result.config.replications, result.config.seed) == (2, 9)
    explicit = sim.simulate(config, replications=2, seed=9, progress=False)
    pd.testing.assert_frame_equal(result.replications, explicit.replications)
    given = sim.simulate(config, replications=3, seed=4, engine="numba", progress=False)
    assert (given.config.replications, given.config.seed, given.config.engine) == (3, 4, "numba")
    assert config.replications == 2   # the caller's config is not changed


@pytest.mark.parametrize("flag", ["--replications", "--seed", "--jobs", "--engine"])
def test_run_settings_as_flags_are_refused_with_the_key_to_write(flag, tmp_path, capsys):
    assert scenario_report.main(["county_baseline", flag, "3", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.splitlines()
    key = {"--replications": "replications", "--seed": "seed", "--jobs": "n_jobs", "--engine": "engine"}[flag]
    assert err == [f"config error: {flag} = '3': run settings are config keys, as for python -m sim: write {key}=3"]
    assert not (tmp_path / "r").exists()


def test_an_argument_error_of_a_report_command_is_one_line_with_status_2(capsys):
    with pytest.raises(SystemExit) as info:
        default_study.main(["--no-such-option"])
    assert info.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("usage error: unrecognized arguments: --no-such-option")


# --- 2. generated text states the run's values -----------------------------------------------------


def test_a_report_of_60_inspectors_says_60_and_labels_the_files_description(small_config):
    config = sim.load_config("county_baseline", [*TINY, "inspectors.count=60", "regimes/whistleblower=on"])
    as_filed = sim.load_config("county_baseline", TINY)
    changes = scenario_report.model_changes(as_filed, config)
    assert ("inspectors.count", 3, 60) in changes
    assert ("regimes.whistleblower.enabled", False, True) in changes
    result = sim.simulate(config, engine="simpy", replications=2, seed=1, events=False, progress=False)
    run = scenario_report.RunInfo(seconds=1.0, changes=tuple(changes))
    text = scenario_report.report_markdown(result, run)
    head, description = text.split("The scenario file describes it", 1)
    assert "60 inspectors" in head and "30 inspectors" not in head
    assert "`inspectors.count` 3 → 60" in head
    assert description.startswith(" with the file's own values, before this run's changes listed above")
    assert "30 inspectors" in description   # the file's words, marked as the file's


# --- 3. no result is overwritten or mixed silently -------------------------------------------------


@pytest.fixture
def frozen_clock(monkeypatch):
    """Every run started from here on is started in the same second (the clock of Hydra's ${now:})."""
    import datetime as dt

    import hydra.core.utils

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 1, 1, 9, 0, 0)

    monkeypatch.setattr(hydra.core.utils, "datetime", Frozen)


def test_two_runs_started_in_the_same_second_keep_both_results(frozen_clock, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    first = run_cli([*TINY, *SIMPY, "seed=1"], capsys)
    second = run_cli([*TINY, *SIMPY, "seed=2"], capsys)
    assert first[0] == second[0] == 0
    folders = sorted((tmp_path / "outputs" / "county_baseline").iterdir())
    assert [f.name for f in folders] == ["2026-01-01_09-00-00", "2026-01-01_09-00-00_2"]
    assert first[2].strip() == "outputs/county_baseline/2026-01-01_09-00-00"
    assert second[2].strip() == "outputs/county_baseline/2026-01-01_09-00-00_2"
    assert any("was taken by a run of another config" in line for line in second[1])
    assert [OmegaConf.load(f / ".hydra" / "config.yaml").seed for f in folders] == [1, 2]


def test_reports_of_one_scenario_with_different_overrides_get_their_own_folders(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for count in (3, 4):
        assert scenario_report.main(["county_baseline", *TINY, f"inspectors.count={count}", "replications=2",
                                     *SIMPY]) == 0
    capsys.readouterr()
    folders = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert len(folders) == 2 and all(name.startswith("county_baseline__population.enterprises=150")
                                     for name in folders)
    counts = {OmegaConf.load(tmp_path / "reports" / f / ".hydra" / "config.yaml").inspectors.count for f in folders}
    assert counts == {3, 4}


def test_the_default_folder_name_is_readable_and_bounded():
    assert default_folder(Path("reports/x"), []) == Path("reports/x")
    assert default_folder(Path("reports/x"), ["regimes/whistleblower=on", "inspectors.count=40"]) \
        == Path("reports/x__regimes.whistleblower=on__inspectors.count=40")
    many = [f"sectors.mining.accident_rate_general={k / 1000}" for k in range(20)]
    name = default_folder(Path("reports/x"), many).name
    assert len(name) <= len("x__") + SLUG_LENGTH
    assert name != default_folder(Path("reports/x"), many[:-1]).name


def test_a_folder_named_by_the_user_that_holds_another_configs_results_is_refused_before_the_work(
        tmp_path, monkeypatch, capsys):
    out = tmp_path / "mine"
    assert run_cli([*TINY, *SIMPY, f"hydra.run.dir={out}"], capsys)[0] == 0
    before = sorted(p.name for p in out.iterdir())
    refuse_to_run(monkeypatch)
    status, err, stdout = run_cli([*TINY, *SIMPY, "inspectors.count=4", f"hydra.run.dir={out}"], capsys)
    assert status == 2 and stdout == ""
    assert err == [f"config error: hydra.run.dir = '{out}': holds the results of a run of another config "
                   "(inspectors.count: 3 there, 4 here); give another folder, or remove that one"]
    assert sorted(p.name for p in out.iterdir()) == before


def test_the_same_config_into_the_same_folder_replaces_its_results(tmp_path, capsys):
    out = tmp_path / "mine"
    assert run_cli([*TINY, *SIMPY, f"hydra.run.dir={out}"], capsys)[0] == 0
    status, err, _ = run_cli([*TINY, *SIMPY, "n_jobs=2", f"hydra.run.dir={out}"], capsys)
    assert status == 0
    assert any(f"replaces the results of the same config in {out}" in line for line in err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_folder_of_other_files_is_never_written_into(tmp_path, monkeypatch, capsys):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "minutes.txt").write_text("meeting")
    refuse_to_run(monkeypatch)
    assert scenario_report.main(["county_baseline", *TINY, "--out", str(out)]) == 2
    assert "holds files that are not a run's results" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["minutes.txt"]


def test_a_writer_that_finds_its_folder_taken_by_another_config_moves_aside_and_loses_nothing(tmp_path, small_config):
    results = [sim.simulate(small_config("horizon_days=30", f"seed={seed}"), progress=False) for seed in (1, 2)]
    folder = OutputFolder(path=tmp_path / "run", key="hydra.run.dir", chosen=True)
    assert write_run(folder, results[0], []) == tmp_path / "run"
    assert write_run(folder, results[1], []) == tmp_path / "run_2"
    assert write_run(folder, results[0], []) == tmp_path / "run"   # the same config replaces its own
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run", "run_2"]
    own = OutputFolder(path=tmp_path / "run", key="--out", chosen=False, replace_other=True)
    assert write_run(own, results[1], []) == tmp_path / "run"      # a command's own folder: newest wins
    assert OmegaConf.load(tmp_path / "run" / ".hydra" / "config.yaml").seed == 2


def test_a_second_run_of_the_same_config_while_the_first_runs_is_refused(tmp_path, capsys, monkeypatch):
    """The first run is another process holding the checkpoint folder's lock."""
    out = tmp_path / "out"
    config = sim.load_config(overrides=[*TINY, *SIMPY])
    store = checkpoint_store(tmp_path / FOLDER, config, "simpy", 0, events=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from sim.checkpoint import ReplicationStore as S\n"
         "with S(sys.argv[1], sys.argv[2]).lock():\n print('held', flush=True); time.sleep(60)",
         str(store.folder.parent), store.folder.name],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        refuse_to_run(monkeypatch)
        status, err, _ = run_cli([*TINY, *SIMPY, f"hydra.run.dir={out}"], capsys)
        assert status == 2
        assert len(err) == 1 and err[0].startswith(f"config error: hydra.run.dir = '{out}': another run of the same "
                                                   f"config, seed, engine and code is under way (process {holder.pid})")
    finally:
        holder.kill()
        holder.wait()
    assert not out.exists()
    monkeypatch.undo()
    assert run_cli([*TINY, *SIMPY, f"hydra.run.dir={out}"], capsys)[0] == 0   # the lock died with its holder


# --- 4. every output path is checked before the work -----------------------------------------------


@pytest.mark.parametrize(("make", "allowed"), [
    (lambda tmp: tmp / "file.txt", "is a file; give a folder for the run's tables"),
    (lambda tmp: tmp / "file.txt" / "report", "cannot write there: {tmp}/file.txt is a file"),
    (lambda tmp: Path("/sys/no_report_here"), "cannot write there (Permission denied)"),
])
def test_an_output_folder_that_cannot_be_written_is_refused_before_the_work(make, allowed, tmp_path, monkeypatch,
                                                                           capsys):
    (tmp_path / "file.txt").write_text("x")
    out = make(tmp_path)
    if os.access("/sys", os.W_OK) and str(out).startswith("/sys") and os.geteuid() != 0:
        pytest.skip("this machine lets this user write into /sys")
    refuse_to_run(monkeypatch)
    assert scenario_report.main(["county_baseline", *TINY, "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"config error: --out = '{out}': " + allowed.format(tmp=tmp_path)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


# --- 6. workers die with their parent ------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_worker_processes_die_within_seconds_when_their_parent_is_killed_outright(tmp_path):
    run = subprocess.Popen([sys.executable, "-m", "sim", "engine=simpy", "population.enterprises=2000",
                            "horizon_days=365", "warmup_days=30", "replications=40", "n_jobs=2",
                            f"hydra.run.dir={tmp_path / 'out'}"],
                           cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and not any((tmp_path / FOLDER).glob("*/replication-*.pkl")):
            workers |= children(run.pid)
            time.sleep(0.2)
        workers |= children(run.pid)
        assert workers and run.poll() is None, "the run ended before it could be killed"
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)]


# --- 8. the console summary says its unit and period, and never a count below zero ----------------


def test_the_console_summary_is_per_year_over_the_named_window(small_config):
    result = sim.simulate(small_config("replications=3"), progress=False)
    text = console_summary(result)
    assert text.splitlines()[0].startswith("per year over the measured window 2020-01-01 to 2020-12-30 (1.00 years)")
    assert "the mean of 3 replications and the 95% interval of that mean" in text
    deaths = next(line for line in text.splitlines() if line.strip().startswith("deaths a year"))
    low = float(deaths.split()[-3].replace(",", ""))
    assert low >= 0
    assert any(line.strip().startswith("expected deaths a year") for line in text.splitlines())


def test_one_replication_has_no_interval_and_says_why(small_config):
    text = console_summary(sim.simulate(small_config(), progress=False))
    assert "one replication: no interval" in text and "nan" not in text.lower()


def test_summary_intervals_are_cut_at_the_bounds_of_counts_and_shares():
    table = pd.DataFrame({"replication": range(4), "seed": 0, "deaths": [0, 0, 0, 12],
                          "rectification_rate": [0.99, 1.0, 1.0, 0.90]})
    summary = summarise(table).set_index("metric")
    assert summary.loc["deaths", "ci_low"] == 0.0 and summary.loc["deaths", "ci_high"] > 3
    assert summary.loc["rectification_rate", "ci_high"] == 1.0
    assert summary.loc["rectification_rate", "ci_low"] < summary.loc["rectification_rate", "mean"]


# --- 9. what reports cite is in the project ------------------------------------------------------


def test_what_a_report_cites_is_in_the_project(tiny_report):
    text = tiny_report
    assert "SOURCES.md" not in text
    cited = [word.strip("().,`") for word in text.split() if word.strip("().,`").startswith("docs/")]
    assert cited, "the report cites its sources in docs/"
    for path in cited:
        assert (ROOT / path.split("#")[0]).is_file(), path
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "1.301" in sources and "1.244" in sources


@pytest.fixture(scope="module")
def tiny_report() -> str:
    config = sim.load_config("county_baseline", TINY)
    result = sim.simulate(config, engine="simpy", replications=2, seed=1, events=False, progress=False)
    return scenario_report.report_markdown(result, scenario_report.RunInfo(seconds=1.0))


# --- 5. memory: a run that fits but is large is announced with one warning ------------------------


def test_a_large_run_that_fits_starts_with_one_memory_warning(tmp_path, monkeypatch, capsys):
    import sim.memory

    config = sim.load_config(overrides=[*TINY, *SIMPY])
    need = sim.memory.estimate_bytes(config, "simpy", 1, True)
    monkeypatch.setattr(sim.memory, "available_bytes", lambda: int(need * 1.5))
    status, err, _ = run_cli([*TINY, *SIMPY, f"hydra.run.dir={tmp_path / 'out'}"], capsys)
    assert status == 0
    warnings = [line for line in err if line.startswith("memory:")]
    assert len(warnings) == 1 and "more than half of the" in warnings[0]
    assert err.index(warnings[0]) < next(i for i, line in enumerate(err) if line.startswith("running:"))
