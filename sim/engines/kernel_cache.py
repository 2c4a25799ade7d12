"""The numba kernels' on-disk cache: where it is, and filling it once, in a process of its own, before
a run or sweep needs it. Nothing here imports numba, so a sweep's own process stays light.

numba's cache (`cache=True`) is invalidated only when a kernel's own file changes, not when a
constant it imports does (the event kinds in `layout.py`, the records of `dtypes.py`, the counter order of
`sim.results_schema`, a shared rule). So the cache lives in a folder named after a fingerprint of
every source file the kernels depend on and numba's version (`cache_dir`, which
`sim/engines/numba/__init__.py` gives numba before any kernel module is imported): change any of
them and the kernels are compiled afresh.

A machine's first run compiles the kernels for under a minute (README; `make setup` does it
beforehand, `main` below); until now a sweep sat at
`0/1400` through it, and a newcomer could take it for a hang. `ready(engine)` looks for the
kernels in that folder, and when they are not there says so on stderr, compiles them in a child process
(one replication of a tiny county reaches every kernel) with the seconds ticking, and returns once
the cache holds them: the run's own processes, here and in every local worker, then load them in
seconds instead of each compiling them. The child keeps the numba engine's memory out of a sweep's
own process. A compile that fails is left to the run itself, which reports it with its cell.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

NOTICE = ("compiling the simulation kernels: once per machine and version of the model, under a minute "
          "on 2 cores (make setup does it beforehand); later runs load them from the cache in about a second")
TINY = ["population.enterprises=30", "horizon_days=60", "warmup_days=0"]
KERNEL = "loop.simulate_replication"   # the top kernel: its cache index is there once all are compiled
COMPILE = (sys.executable, "-m", "sim.engines.kernel_cache")   # the child that compiles them
_tried = False   # a compile was run here already: when the cache cannot keep it, the runs compile, once


_SIM = Path(__file__).resolve().parents[1]
_SOURCES = sorted([*(_SIM / "engines" / "numba").glob("*.py"), *(_SIM / "rules").glob("*.py"),
                   _SIM / "results_schema.py", _SIM / "world" / "schedules.py"])


def fingerprint() -> str:
    """A digest of numba's version and every source file the kernels depend on."""
    digest = hashlib.sha256(metadata.version("numba").encode())
    for path in _SOURCES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> str:
    """The folder of this version's compiled kernels: under NUMBA_CACHE_DIR, or ~/.cache/inspection-sim/numba."""
    base = os.environ.get("NUMBA_CACHE_DIR") or str(Path.home() / ".cache" / "inspection-sim" / "numba")
    return str(Path(base) / fingerprint())


def cached() -> bool:
    """Whether the cache holds the compiled kernels of this version of the model."""
    return any(Path(cache_dir()).rglob(f"{KERNEL}-*.nbi"))


def ready(engine: str, show: bool = True) -> float:
    """Make sure the kernels of `engine` are compiled and cached before the work starts; the seconds a
    compile took (0 when the cache held them, or for the SimPy engine, which compiles nothing)."""
    global _tried
    if engine != "numba" or _tried or cached():
        return 0.0
    _tried = True
    if show:
        sys.stderr.write(NOTICE + "\n")
    started = time.perf_counter()
    child = subprocess.Popen(list(COMPILE), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ticking = threading.Thread(target=_tick, args=(child, started), daemon=True) if show else None
    if ticking is not None:
        ticking.start()
    try:
        child.wait()
    except BaseException:   # an interrupt: the child goes too, and the command says what it says on one
        child.kill()
        child.wait()
        raise
    finally:
        if ticking is not None:
            ticking.join()
    return time.perf_counter() - started


def _tick(child: subprocess.Popen, started: float) -> None:
    """`compiling: N s` on one line, rewritten each second while the child runs, then the total."""
    while child.poll() is None:
        sys.stderr.write(f"\rcompiling: {time.perf_counter() - started:.0f} s")
        sys.stderr.flush()
        time.sleep(1.0)
    sys.stderr.write(f"\rcompiled in {time.perf_counter() - started:.0f} s\n")
    sys.stderr.flush()


def compile_kernels() -> None:
    """One replication of a tiny county on the numba engine: every kernel compiled and cached."""
    import sim
    from sim.engines.numba.engine import run_replication
    from sim.world.scenario import compile_scenario

    run_replication(compile_scenario(sim.load_config("county_baseline", TINY)), 0, 0)


def load_kernels() -> float:
    """The kernels loaded into this process (a Dask worker at start, sim/sweep/warmup.py), compiled first
    when the cache lacks them; the seconds. Processes of one machine compile one at a time (a lock file
    beside the cache): the others wait, then load what the first compiled."""
    started = time.perf_counter()
    folder = Path(cache_dir())
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "compiling.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        compile_kernels()
    return time.perf_counter() - started


def main() -> int:
    """`make setup`'s last step: compile the kernels once, saying so on one line with the seconds."""
    if cached():
        print(f"the simulation kernels are compiled already ({cache_dir()})")
        return 0
    print("compiling the simulation kernels once (later runs load them in about a second) … ", end="", flush=True)
    seconds = load_kernels()
    print(f"{seconds:.0f} s, into {cache_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
