"""An interrupted run loses no finished replication: the same run started again runs only the rest
and gives the tables an uninterrupted run gives (sim/checkpoint.py)."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import sim
import sim.api
from sim.api import checkpoint_store
from sim.checkpoint import FOLDER, run_key
from sim.engines.simpy.engine import run_replication as simpy_replication

ROOT = Path(__file__).resolve().parents[2]


def engine_that(real, *, interrupt_at: int | None = None, ran: list[int] | None = None):
    """The engine, stopped by an interrupt when it reaches `interrupt_at`, noting what it runs in `ran`."""
    def run_replication(scenario, seed, replication, log_events=False):
        if replication == interrupt_at:
            raise KeyboardInterrupt
        if ran is not None:
            ran.append(replication)
        return real(scenario, seed, replication, log_events=log_events)
    return run_replication


def patch_engine(monkeypatch, **kwargs) -> None:
    monkeypatch.setattr(sim.api, "_engine", lambda engine: engine_that(simpy_replication, **kwargs))


def assert_same_tables(a, b) -> None:
    pd.testing.assert_frame_equal(a.replications, b.replications)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
    pd.testing.assert_frame_equal(a.events, b.events)


def test_an_interrupted_run_resumes_with_only_the_rest_and_the_same_tables(small_config, tmp_path, monkeypatch):
    config = small_config("horizon_days=120")
    whole = sim.simulate(config, replications=5, seed=3, progress=False)

    patch_engine(monkeypatch, interrupt_at=3)
    with pytest.raises(KeyboardInterrupt):
        sim.simulate(config, replications=5, seed=3, progress=False, checkpoint=tmp_path)
    store = checkpoint_store(tmp_path, config, "simpy", 3, events=True)
    assert store.finished(5) == [0, 1, 2]

    ran: list[int] = []
    patch_engine(monkeypatch, ran=ran)
    resumed = sim.simulate(config, replications=5, seed=3, progress=False, checkpoint=tmp_path)
    assert ran == [3, 4]
    assert_same_tables(resumed, whole)


def test_replications_kept_by_parallel_workers_serve_a_serial_run(small_config, tmp_path, monkeypatch):
    config = small_config("horizon_days=120")
    parallel = sim.simulate(config, replications=4, seed=4, n_jobs=2, progress=False, checkpoint=tmp_path)
    assert checkpoint_store(tmp_path, config, "simpy", 4, events=True).finished(4) == [0, 1, 2, 3]

    ran: list[int] = []
    patch_engine(monkeypatch, ran=ran)
    serial = sim.simulate(config, replications=4, seed=4, n_jobs=1, progress=False, checkpoint=tmp_path)
    assert ran == []
    assert_same_tables(serial, parallel)


def test_a_longer_run_reuses_the_shorter_one(small_config, tmp_path, monkeypatch):
    config = small_config("horizon_days=120")
    sim.simulate(config, replications=2, seed=5, progress=False, checkpoint=tmp_path)
    ran: list[int] = []
    patch_engine(monkeypatch, ran=ran)
    longer = sim.simulate(config, replications=4, seed=5, progress=False, checkpoint=tmp_path)
    assert ran == [2, 3]
    monkeypatch.undo()
    assert_same_tables(longer, sim.simulate(config, replications=4, seed=5, progress=False))


def test_an_unreadable_file_is_run_again(small_config, tmp_path, monkeypatch):
    config = small_config("horizon_days=120")
    sim.simulate(config, replications=3, seed=6, progress=False, checkpoint=tmp_path)
    store = checkpoint_store(tmp_path, config, "simpy", 6, events=True)
    (store.folder / "replication-000001.pkl").write_bytes(b"cut off")
    ran: list[int] = []
    patch_engine(monkeypatch, ran=ran)
    again = sim.simulate(config, replications=3, seed=6, progress=False, checkpoint=tmp_path)
    assert ran == [1]
    monkeypatch.undo()
    assert_same_tables(again, sim.simulate(config, replications=3, seed=6, progress=False))


def test_what_a_replication_depends_on_names_its_folder(small_config):
    config = small_config()
    key = run_key(config, "simpy", 0, True)
    assert run_key(config, "simpy", 0, True) == key
    # how much is run, and by how many workers, is not what a replication is
    assert run_key(dataclasses.replace(config, replications=9, n_jobs=2), "simpy", 0, True) == key
    assert run_key(config, "simpy", 1, True) != key
    assert run_key(config, "numba", 0, True) != key
    assert run_key(config, "simpy", 0, False) != key
    assert run_key(small_config("inspectors.count=6"), "simpy", 0, True) != key
    assert run_key(small_config("sectors.hazardous_chemicals.accident_rate_major=0.001"), "simpy", 0, True) != key


def test_the_source_of_the_model_is_part_of_the_key(small_config, monkeypatch):
    config = small_config()
    key = run_key(config, "simpy", 0, True)
    monkeypatch.setattr("sim.checkpoint.source_digest", lambda: "another version of sim/")
    assert run_key(config, "simpy", 0, True) != key


# --- the command line, interrupted by a real Ctrl-C -----------------------------------------------------


CLI_RUN = ["population.enterprises=300", "inspectors.count=5", "horizon_days=365", "warmup_days=90",
           "replications=8", "seed=7"]


def default_sigint() -> None:
    # A job started in the background inherits SIGINT ignored, and Python then installs no Ctrl-C
    # handler: give the child the disposition a terminal gives it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(out: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-m", "sim", *CLI_RUN, f"hydra.run.dir={out}"], cwd=out.parent.parent,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=default_sigint)


def kept_files(parent: Path) -> list[Path]:
    return sorted((parent / FOLDER).glob("*/replication-*.pkl"))


def interrupt_after_two(out: Path, signum: int) -> tuple[subprocess.Popen, str]:
    process = run_cli(out)
    deadline = time.monotonic() + 120
    while len(kept_files(out.parent)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    return process, stderr


def test_sigterm_stops_a_run_as_ctrl_c_does(tmp_path):
    out = tmp_path / "runs" / "county"
    out.parent.mkdir(parents=True)
    process, stderr = interrupt_after_two(out, signal.SIGTERM)
    assert process.returncode == 130, stderr
    assert len(kept_files(out.parent)) >= 2
    assert "finished so far are kept in" in stderr and "Traceback" not in stderr


def test_ctrl_c_keeps_the_finished_replications_and_the_same_command_finishes_the_run(tmp_path):
    out = tmp_path / "runs" / "county"
    out.parent.mkdir(parents=True)
    process, stderr = interrupt_after_two(out, signal.SIGINT)
    assert process.returncode == 130, stderr
    kept = len(kept_files(out.parent))
    assert 2 <= kept < 8
    assert f"the {kept} replication(s) finished so far are kept in" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()

    again = run_cli(out)
    _, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert f"{kept} of them finished by an earlier run" in stderr
    assert not (out.parent / FOLDER).exists()          # removed once the tables are written

    fresh = tmp_path / "elsewhere" / "county"
    fresh.parent.mkdir(parents=True)
    whole = run_cli(fresh)
    _, stderr = whole.communicate(timeout=300)
    assert whole.returncode == 0, stderr
    for table in ("replications.parquet", "timeseries.parquet", "events.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(out / table), pd.read_parquet(fresh / table))
