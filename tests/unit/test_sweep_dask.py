"""Sweeps on a Dask cluster (sim/sweep/execute.py): a real LocalCluster of worker processes gives the
same cells table as one and two local workers; a scheduler that does not answer, or workers with
other library versions, are refused with one line before any work; a worker that dies keeps the
results that arrived from it (the scheduler reruns what it was running), and a task that keeps
killing its workers is a failed chunk, not a crashed sweep. The clusters serve HTTP on the loopback
interface only."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dask
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from sim.checkpoint import source_digest
from sim.config.errors import ConfigError
from sim.sweep.__main__ import main
from sim.sweep.chunks import Chunk, ChunkFailure, ChunkStore
from sim.sweep.execute import Delivered, _check_workers, finished
from sim.sweep.load import parse_command_line
from sim.sweep.run import run_sweep

ROOT = Path(__file__).resolve().parents[2]
TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]
SWEEP = ["sweep=staffing", "sweep.axes.0.values=[0,2,4]", "sweep.reference.inspectors.count=2",
         "sweep.replications=4", "sweep.chunk=2", *TINY]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as local:
        yield local


def _cells(folder, *argv):
    assert main([*SWEEP, *argv, f"hydra.run.dir={folder}"]) == 0
    return pd.read_parquet(folder / "cells.parquet")


def test_dask_gives_the_cells_of_one_and_two_local_workers_bit_for_bit(tmp_path, cluster):
    on_dask = _cells(tmp_path / "dask", "sweep.backend=dask", f"sweep.scheduler={cluster.scheduler_address}")
    pd.testing.assert_frame_equal(on_dask, _cells(tmp_path / "one", "sweep.n_jobs=1"), check_exact=True)
    pd.testing.assert_frame_equal(on_dask, _cells(tmp_path / "two", "sweep.n_jobs=2"), check_exact=True)
    assert len(on_dask) == 3 * 4
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["backend"] == "dask" and manifest["workers"] == 2


def test_a_scheduler_that_does_not_answer_is_refused_with_one_line_and_nothing_written(tmp_path, capsys):
    folder = tmp_path / "never"
    assert main([*SWEEP, "sweep.backend=dask", "sweep.scheduler=tcp://127.0.0.1:1", f"hydra.run.dir={folder}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("config error: sweep.scheduler = 'tcp://127.0.0.1:1'")
    assert not folder.exists()


def test_workers_with_other_library_versions_are_refused_naming_the_package():
    class Mismatched:
        def wait_for_workers(self, n, timeout):
            pass

        def get_versions(self, packages):
            here = {name: "1.0" for name in ("python", *packages)}
            return {"client": {"packages": here},
                    "workers": {"tcp://10.0.0.2:4000": {"packages": {**here, "numba": "0.69.0"}}}}

    with pytest.raises(ConfigError, match=r"sweep.scheduler .*numba 1.0 here, 0.69.0 on tcp://10.0.0.2:4000") as error:
        _check_workers(Mismatched(), "tcp://h:8786")
    assert "\n" not in str(error.value)


def test_a_worker_that_dies_is_a_failed_chunk_and_the_others_arrive():
    units = [(Chunk(0, "k", None, 0, 2),), (Chunk(1, "k", None, 0, 2),)]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as local, \
            Client(local) as client:
        done = client.submit(Delivered, "tcp://worker", [3], pure=False)   # a unit's results: one per chunk
        done.result()   # finished before the worker dies (a chunk queued on a dying worker fails with it)
        futures = [client.submit(os._exit, 1, pure=False), done]
        results = {chunk.cell: result for chunk, result in finished(units, futures, source_digest())}
    assert isinstance(results[0], ChunkFailure) and results[0].error.startswith("KilledWorker")
    assert results[1] == 3


def _every_task_in_memory(dask_scheduler) -> bool:
    return bool(dask_scheduler.tasks) and all(ts.state == "memory" for ts in dask_scheduler.tasks.values())


def _wait(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_worker_killed_after_its_results_arrived_loses_nothing_and_the_sweep_ends_as_undisturbed(
        tmp_path, monkeypatch):
    """SIGKILL a worker holding results the sweep has received but not yet written: the scheduler
    sends their futures back to pending, and the sweep must still keep what arrived (the default
    allowed-failures: the scheduler reruns what the dead worker was running on the other one)."""
    real_save, killed = ChunkStore.save, []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as local, \
            Client(local) as watcher:
        pids = watcher.run(os.getpid)

        def save_then_kill(store, chunk, tables):
            real_save(store, chunk, tables)
            if killed:
                return
            # every unit has run and its results are on their way here (as_completed gathers them while
            # this, the first chunk's write, holds the sweep): then the worker holding most of them dies
            _wait(lambda: watcher.run_on_scheduler(_every_task_in_memory))
            time.sleep(1.0)
            held = watcher.has_what()
            victim = max(held, key=lambda address: len(held[address]))
            assert held[victim]
            os.kill(pids[victim], signal.SIGKILL)
            killed.append(victim)
            _wait(lambda: victim not in watcher.scheduler_info()["workers"])

        monkeypatch.setattr(ChunkStore, "save", save_then_kill)
        on_dask = _cells(tmp_path / "dask", "sweep.backend=dask", f"sweep.scheduler={local.scheduler_address}",
                         "sweep.replications=8", "sweep.chunk=1")
    assert killed
    monkeypatch.setattr(ChunkStore, "save", real_save)
    here = _cells(tmp_path / "one", "sweep.n_jobs=1", "sweep.replications=8", "sweep.chunk=1")
    pd.testing.assert_frame_equal(on_dask, here, check_exact=True)
    assert len(on_dask) == 3 * 8


def test_workers_running_code_older_than_the_checkout_are_refused_with_one_line_and_nothing_written(tmp_path):
    """A warm worker keeps the sim code it imported. Here it imports sim from a checkout (a copy of this
    one), a file of which is then edited: the files on the worker's disk are the new code, the code it
    runs is the old one. A sweep started from that checkout after the edit must refuse it."""
    checkout = tmp_path / "checkout"
    for folder in ("sim", "conf", "scenarios"):
        shutil.copytree(ROOT / folder, checkout / folder, ignore=shutil.ignore_patterns("__pycache__"))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as local, \
            Client(local) as client:
        assert list(client.run(eval, "'sim' in __import__('sys').modules").values()) == [False]
        client.run(exec, f"import sys; sys.path.insert(0, {str(checkout)!r})")
        imported = client.run(eval, "__import__('sim').__file__")
        assert list(imported.values()) == [str(checkout / "sim" / "__init__.py")]
        edited = checkout / "sim" / "results.py"
        edited.write_text(edited.read_text(encoding="utf-8") + "# edited after the worker imported sim\n",
                          encoding="utf-8")
        sweep = subprocess.run([sys.executable, "-m", "sim.sweep", *SWEEP, "sweep.backend=dask",
                                f"sweep.scheduler={local.scheduler_address}", "hydra.run.dir=sweep"],
                               cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout)}, capture_output=True,
                               text=True, timeout=300)
    lines = sweep.stderr.splitlines()
    assert (sweep.returncode, sweep.stdout, len(lines)) == (2, "", 1), sweep.stderr[-3000:]
    assert lines[0] == (f"config error: sweep.scheduler = '{local.scheduler_address}': the sim code loaded on "
                        f"{next(iter(imported))} differs from this checkout's; restart the workers (a worker keeps "
                        "the sim code it imported when it started), in a checkout of this revision")
    assert not (checkout / "sweep").exists()


def test_results_made_by_other_code_than_their_keys_name_are_never_kept(tmp_path, cluster, monkeypatch):
    """The workers passed the check when the sweep connected, and then their results carry another code's
    digest than the keys (a worker started after an edit): refused, one line, no chunk kept."""
    command = parse_command_line([*SWEEP, "sweep.backend=dask", f"sweep.scheduler={cluster.scheduler_address}",
                                  f"hydra.run.dir={tmp_path / 'sweep'}"], default_jobs=1)
    with Client(cluster) as client:
        _check_workers(client, cluster.scheduler_address)
        monkeypatch.setattr("sim.checkpoint._LOADED", "the digest of another revision's sim code")
        with pytest.raises(ConfigError) as refused:
            run_sweep(command.spec, command.scenario, command.overrides, command.folder, progress=False,
                      configs=command.configs, client=client)
    message = str(refused.value)
    assert message.startswith(f"config error: sweep.scheduler = '{cluster.scheduler_address}': the sim code "
                              "loaded on tcp://127.0.0.1:") and "\n" not in message
    assert message.endswith("; none of its results were kept")
    assert not list(command.folder.rglob("*.parquet"))


@pytest.mark.parametrize(("memory_limit", "enterprises", "room"), [
    ("1GB", 100_000, r"1\.0 GB \(its memory_limit\)"),
    (0, 50_000_000, r"[\d.,]+ GB \(its share of the memory available on 127\.0\.0\.1\)")])
def test_a_sweep_a_dask_worker_cannot_hold_is_refused_with_one_line_before_any_work(
        tmp_path, capsys, memory_limit, enterprises, room):
    """What each worker can hold: its memory_limit, or without one its share of its host's memory."""
    argv = [*SWEEP[:5], f"population.enterprises={enterprises}"]   # the whole county's horizon
    folder = tmp_path / "sweep"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                      memory_limit=memory_limit) as local:
        capsys.readouterr()
        status = main([*argv, "sweep.backend=dask", f"sweep.scheduler={local.scheduler_address}",
                       f"hydra.run.dir={folder}"])
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert (status, out, len(lines)) == (2, "", 1), lines
    assert re.fullmatch(rf"config error: population.enterprises = {enterprises}: cell 0 \(inspectors.count=0\): a "
                        r"Dask worker process needs about [\d.,]+ GB \(1 thread each running a unit of 3 cells x 1 "
                        rf"replication of {enterprises:,} enterprises on the numba engine\), tcp://127\.0\.0\.1:\d+ "
                        rf"has {room}; give the workers more memory \(dask worker --memory-limit; fewer --nworkers "
                        r"or --nthreads a machine\) or try fewer enterprises", lines[0]), lines[0]
    assert not folder.exists()


def test_a_cluster_that_fails_to_answer_at_the_end_leaves_the_worker_count_unknown_not_the_tables_lost():
    """In a CI run, the call for the manifest's worker count, just after a worker was killed, failed inside
    tornado's stream (AssertionError) after every result was kept, and the sweep died without its tables."""
    from sim.sweep.run import _workers_at_the_end

    class Broken:
        def nthreads(self):
            raise AssertionError("tornado.iostream: 0 < size <= self._size")

    class Answering:
        def nthreads(self):
            return {"tcp://a": 1, "tcp://b": 1}

    spec = type("Spec", (), {"n_jobs": 3})()
    assert _workers_at_the_end(spec, Broken()) is None
    assert _workers_at_the_end(spec, Answering()) == 2
    assert _workers_at_the_end(spec, None) == 3
