"""A sweep's folder (sim/sweep/folder.py) and how a sweep command ends: another sweep's or a run's
tables refused before any work, the same sweep resumed; the lock taken before the sweep announces
itself; SIGTERM stopping it as Ctrl-C does; a full disk one line naming the file, the chunks kept."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.__main__ import main as sim_main
from sim.config.errors import ConfigError
from sim.sweep.__main__ import main
from sim.sweep.run import LOCK, run_sweep
from sim.sweep.spec import build_spec
from tests.processes import alive, children

ROOT = Path(__file__).resolve().parents[2]
TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]
SWEEP = ["sweep=staffing", "sweep.axes.0.values=[0,2]", "sweep.reference.inspectors.count=0",
         "sweep.replications=2", "sweep.chunk=1", "sweep.n_jobs=1", *TINY]


def _spec(values=(0, 2), **raw):
    return build_spec({"axes": [{"key": "inspectors.count", "values": list(values)}], "replications": 2,
                       "chunk": 1, "n_jobs": 1, **raw}, default_jobs=1)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


# -- another sweep's tables, a run's tables ------------------------------------------------------------------

def test_another_sweeps_tables_are_refused_before_any_work_and_the_same_sweep_resumes(tmp_path):
    folder = tmp_path / "out"
    assert not run_sweep(_spec(), "county_baseline", TINY, folder, progress=False).failures
    before = _files(folder)
    for spec, overrides, says in [
        (_spec(values=(0, 3)), TINY, "cell 1: inspectors.count=2 there, inspectors.count=3 here"),
        (_spec(values=(0, 2, 4)), TINY, "2 cells there, 3 here"),
        (_spec(seed=7), TINY, "seed: 2020 there, 7 here"),
        (_spec(), [*TINY, "inspectors.dispatch=territorial"], "override none there, inspectors.dispatch=territorial here"),
    ]:
        with pytest.raises(ConfigError) as info:
            run_sweep(spec, "county_baseline", overrides, folder, progress=False)
        assert str(info.value) == (f"config error: hydra.run.dir = {str(folder)!r}: holds the tables of another "
                                   f"sweep ({says}); give another folder, or remove that one")
        assert _files(folder) == before   # nothing run, nothing written
    # the same sweep: longer, in other chunks, on other workers, read against another reference
    again = run_sweep(_spec(replications=3, chunk=2, reference={"inspectors.count": 2}), "county_baseline",
                      list(reversed(TINY)), folder, progress=False)
    assert len(again.cells) == 2 * 3


def test_a_folder_with_cells_but_no_sweep_yaml_is_compared_by_its_cells(tmp_path):
    folder = tmp_path / "out"
    assert not run_sweep(_spec(), "county_baseline", TINY, folder, progress=False).failures
    (folder / "sweep.yaml").unlink()   # stopped between writing its tables
    with pytest.raises(ConfigError, match=r"holds the tables of another sweep \(cell 1: inspectors.count=2 there"):
        run_sweep(_spec(values=(0, 3)), "county_baseline", TINY, folder, progress=False)
    assert not run_sweep(_spec(), "county_baseline", TINY, folder, progress=False).failures


def test_a_runs_folder_and_a_sweeps_folder_refuse_each_other(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sim_main([*TINY, "hydra.run.dir=run"]) == 0
    assert main([*SWEEP, "hydra.run.dir=sweep"]) == 0
    capsys.readouterr()
    run, sweep = _files(tmp_path / "run"), _files(tmp_path / "sweep")
    assert main([*SWEEP, "hydra.run.dir=run"]) == 2
    assert capsys.readouterr().err.strip() == (
        "config error: hydra.run.dir = 'run': holds the results of a run (python -m sim or a report), not a sweep's; "
        "give another folder, so that the sweep's tables are not mixed with them")
    assert sim_main([*TINY, "hydra.run.dir=sweep"]) == 2
    assert capsys.readouterr().err.strip() == (
        "config error: hydra.run.dir = 'sweep': holds a sweep's tables (python -m sim.sweep), not a run's; give "
        "another folder, so that the run's tables are not mixed with them")
    assert (_files(tmp_path / "run"), _files(tmp_path / "sweep")) == (run, sweep)


def test_a_file_as_the_folder_is_refused(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert main([*SWEEP, f"hydra.run.dir={tmp_path / 'notes.txt'}"]) == 2
    assert capsys.readouterr().err.strip() == (f"config error: hydra.run.dir = '{tmp_path / 'notes.txt'}': is a file; "
                                               "give a folder for the sweep's tables")


# -- the lock before the announcement ------------------------------------------------------------------------

def test_a_sweep_refused_for_another_under_way_says_only_that(tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    with open(folder / LOCK, "a+") as held:   # flock: another open file, as another process's would be
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main([*SWEEP, f"hydra.run.dir={folder}"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"config error: hydra.run.dir = {str(folder)!r}: another sweep is running into this folder; wait for it to "
        "finish (the same command then finds its results)"]
    assert [path.name for path in _files(folder)] == [LOCK]


# -- a full disk -----------------------------------------------------------------------------------------------

def _full_disk_after(monkeypatch, module, name: str, calls: int) -> None:
    """Make `module.name` (a writer) raise ENOSPC from its `calls + 1`-th call on."""
    real = getattr(module, name)
    count = [0]

    def writer(*args, **kwargs):
        count[0] += 1
        if count[0] > calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, writer)


def test_a_full_disk_while_keeping_a_chunk_is_one_line_naming_the_file_and_keeps_the_chunks(tmp_path, capsys,
                                                                                            monkeypatch):
    import pyarrow.parquet as pq

    folder = tmp_path / "out"
    _full_disk_after(monkeypatch, pq, "write_table", 4)   # two chunks kept (monthly series, rows), then full
    assert main([*SWEEP, f"hydra.run.dir={folder}"]) == 1
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"sweep stopped: {folder}/chunks/") and "Traceback" not in err, err
    assert last.endswith(".parquet: No space left on device; the chunks finished before are kept in "
                         f"{folder}, and the same command runs the rest once that is fixed")
    kept = list(folder.glob("chunks/*/*.parquet"))
    assert len(kept) == 2 and not list(folder.rglob("*.tmp")) and not (folder / "cells.parquet").exists()
    monkeypatch.undo()
    assert main([*SWEEP, f"hydra.run.dir={folder}"]) == 0
    assert len(pd.read_parquet(folder / "cells.parquet")) == 2 * 2


def test_a_full_disk_while_writing_the_tables_names_the_table(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "out"
    _full_disk_after(monkeypatch, pd.DataFrame, "to_parquet", 4)   # the chunks' monthly series, then cells.parquet
    assert main([*SWEEP, f"hydra.run.dir={folder}"]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"sweep stopped: {folder / 'cells.parquet'}: No space left on device; the chunks finished before are kept "
        f"in {folder}, and the same command runs the rest once that is fixed")
    assert len(list(folder.glob("chunks/*/*.parquet"))) == 4 and not list(folder.rglob("*.tmp"))


# -- SIGTERM -----------------------------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_sigterm_stops_a_sweep_as_ctrl_c_does_and_the_same_command_finishes_it(tmp_path):
    argv = ["sweep=staffing", "sweep.axes.0.values=[0,3,6]", "sweep.reference.inspectors.count=3",
            "sweep.replications=16", "sweep.chunk=1", "sweep.n_jobs=2", "population.enterprises=300",
            "horizon_days=365", "warmup_days=30"]
    stopped = tmp_path / "stopped"
    process = subprocess.Popen([sys.executable, "-m", "sim.sweep", *argv, f"hydra.run.dir={stopped}"], cwd=tmp_path,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 300
    while len(list(stopped.glob("chunks/*/*.parquet"))) < 4 and time.monotonic() < deadline:
        workers |= children(process.pid)
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and out == "", err
    assert err.strip().splitlines()[-1] == (f"interrupted: the finished chunks are kept in {stopped}; the same "
                                            "command runs the rest") and "Traceback" not in err
    kept = len(list(stopped.glob("chunks/*/*.parquet")))
    assert 4 <= kept < 48 and not (stopped / "cells.parquet").exists()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    assert workers and not [pid for pid in workers if alive(pid)], "worker processes outlived the sweep"
    assert main([*argv, f"hydra.run.dir={stopped}"]) == 0
    whole = tmp_path / "whole"
    assert main([*argv, "sweep.n_jobs=1", f"hydra.run.dir={whole}"]) == 0
    for table in ("cells.parquet", "timeseries.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(stopped / table), pd.read_parquet(whole / table))
