"""The sim code a process reports is the code it imported (sim/checkpoint.py: `source_digest`), and a
sweep keeps a chunk only under a key computed with the code that made it: a local worker process
running other code than the sweep's keys name is refused, and nothing of it is kept."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim import checkpoint
from sim.checkpoint import code_that_ran, loaded_modules, source_digest
from sim.config.errors import ConfigError
from sim.sweep.run import run_sweep
from sim.sweep.spec import build_spec

ROOT = Path(__file__).resolve().parents[2]
RAW = {"axes": [{"key": "inspectors.count", "values": [0, 2]}], "replications": 4, "chunk": 2}
TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]
REPORTS = ("import pathlib, sim\n"
           "from sim.checkpoint import source_digest\n"
           "imported = source_digest()\n"
           "edited = pathlib.Path(sim.__file__).parent / 'results.py'\n"
           "edited.write_text(edited.read_text() + '# edited after sim was imported\\n')\n"
           "print(imported, source_digest())\n")


def test_the_digest_is_of_the_code_imported_not_of_the_files_on_disk_now(tmp_path):
    shutil.copytree(ROOT / "sim", tmp_path / "sim", ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run([sys.executable, "-c", REPORTS], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)}).stdout.split()
    assert out == [source_digest(), source_digest()]   # the edit on disk changes nothing the process reports
    assert checkpoint._snapshot(tmp_path / "sim")[1] != source_digest()


def test_a_module_imported_after_its_file_changed_makes_a_mix_that_no_key_names(monkeypatch):
    before = loaded_modules() - {"sim.sweep.chunks"}   # as if sim.sweep.chunks were imported since
    assert code_that_ran(before) == source_digest()
    monkeypatch.setitem(checkpoint._IMPORTED, "sweep/chunks.py", b"the file as it was when sim was imported")
    ran = code_that_ran(before)
    assert ran != source_digest() and ran.endswith("with sim.sweep.chunks imported after its file changed")


def test_local_worker_processes_running_other_code_than_the_keys_name_are_refused(tmp_path, monkeypatch):
    """joblib's worker processes import sim themselves (and are kept for the next call in a session);
    here this process's code stands for a checkout edited after they imported theirs."""
    spec = build_spec({**RAW, "n_jobs": 2}, default_jobs=2)
    monkeypatch.setattr("sim.checkpoint._LOADED", "the digest of another revision's sim code")
    with pytest.raises(ConfigError) as refused:
        run_sweep(spec, "county_baseline", TINY, tmp_path / "s", progress=False)
    message = str(refused.value)
    assert message.startswith("config error: sweep.n_jobs = 2: the sim code loaded in local worker process ")
    assert "differs from this process's" in message and "\n" not in message
    assert not list((tmp_path / "s").rglob("*.parquet"))
    # in this process, the code that runs is the code that named the keys: its results are kept
    one = run_sweep(build_spec({**RAW, "n_jobs": 1}, default_jobs=1), "county_baseline", TINY, tmp_path / "one",
                    progress=False)
    assert one.cells is not None and len(one.cells) == 2 * 4
