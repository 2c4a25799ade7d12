"""A first run says it is compiling the kernels before it does, with the seconds ticking, and leaves
them in the cache; a run that finds them there says nothing (sim/engines/kernel_cache.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.engines import kernel_cache


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    monkeypatch.setattr(kernel_cache, "_tried", False)
    return Path(kernel_cache.cache_dir())


def _child_that_compiles(folder: Path, seconds: float) -> tuple[str, ...]:
    """A stand-in for the compiling child: it takes `seconds` and leaves the top kernel's index."""
    index = folder / "numba_x" / f"{kernel_cache.KERNEL}-45.py311.nbi"
    code = (f"import time, pathlib; time.sleep({seconds}); p = pathlib.Path({str(index)!r}); "
            "p.parent.mkdir(parents=True); p.write_bytes(b'x')")
    return (sys.executable, "-c", code)


def test_a_cold_cache_is_announced_compiled_with_the_seconds_shown_and_then_cached(empty_cache, monkeypatch, capsys):
    monkeypatch.setattr(kernel_cache, "COMPILE", _child_that_compiles(empty_cache, 1.5))
    assert not kernel_cache.cached()
    assert kernel_cache.ready("numba") >= 1.5
    err = capsys.readouterr().err
    assert err.startswith(kernel_cache.NOTICE + "\n")
    assert "\rcompiling: 1 s" in err and err.rstrip().rsplit("\r", 1)[-1].startswith("compiled in")
    assert kernel_cache.cached()


def test_a_warm_cache_or_the_simpy_engine_says_nothing_and_runs_no_child(empty_cache, monkeypatch, capsys):
    monkeypatch.setattr(kernel_cache, "COMPILE", (sys.executable, "-c", "raise SystemExit('must not run')"))
    assert kernel_cache.ready("simpy") == 0.0
    index = empty_cache / "numba_x" / f"{kernel_cache.KERNEL}-45.py311.nbi"
    index.parent.mkdir(parents=True)
    index.write_bytes(b"x")
    assert kernel_cache.ready("numba") == 0.0
    assert capsys.readouterr().err == ""


def test_the_cache_folder_follows_the_kernels_sources_and_numba_s_version(empty_cache, tmp_path, monkeypatch):
    first = kernel_cache.cache_dir()
    assert Path(first).parent == tmp_path / "numba"
    monkeypatch.setattr(kernel_cache.metadata, "version", lambda name: "0.0.0")
    assert kernel_cache.cache_dir() != first


def test_a_compile_that_leaves_nothing_is_tried_once_per_process(empty_cache, monkeypatch, capsys):
    monkeypatch.setattr(kernel_cache, "COMPILE", (sys.executable, "-c", "pass"))
    kernel_cache.ready("numba", show=False)
    monkeypatch.setattr(kernel_cache, "COMPILE", (sys.executable, "-c", "raise SystemExit('must not run')"))
    assert kernel_cache.ready("numba", show=False) == 0.0
    assert capsys.readouterr().err == ""


def test_make_setup_ends_by_compiling_the_kernels():
    root = Path(__file__).resolve().parents[2]
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")   # under `make test` the dry run is a sub-make: it would say so
    env = {key: value for key, value in os.environ.items() if key not in outer}
    dry = subprocess.run(["make", "-n", "-B", "--no-print-directory", "setup"], cwd=root, capture_output=True,
                         text=True, check=True, env=env).stdout
    assert dry.strip().splitlines()[-1].endswith("-m sim.engines.kernel_cache")


def test_the_setup_step_compiles_once_saying_so_on_one_line_then_says_they_are_there(empty_cache, monkeypatch,
                                                                                   capsys):
    index = empty_cache / "numba_x" / f"{kernel_cache.KERNEL}-45.py311.nbi"

    def compile_kernels():
        index.parent.mkdir(parents=True)
        index.write_bytes(b"x")

    monkeypatch.setattr(kernel_cache, "compile_kernels", compile_kernels)
    assert kernel_cache.main() == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("compiling the simulation kernels once")
    assert out.rstrip().endswith(f"s, into {empty_cache}") and kernel_cache.cached()
    assert kernel_cache.main() == 0
    assert capsys.readouterr().out.startswith("the simulation kernels are compiled already")
