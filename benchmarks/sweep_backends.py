"""Sweep backends on this machine: a Dask worker's first-chunk cost (numba load or compile) and the Dask
overhead per chunk against joblib on the same sweep.

    python -m benchmarks.sweep_backends compile     # fresh 1-worker LocalCluster, empty then warm NUMBA_CACHE_DIR
    python -m benchmarks.sweep_backends overhead    # 3 staffing levels x 8 replications, chunk 4, 2 workers

Prints the figures; docs/performance.md (Sweeps on a Dask cluster) quotes them.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]


def _chunk(config, start: int):
    from sim.checkpoint import run_key
    from sim.sweep.chunks import Chunk

    return Chunk(0, run_key(config, "numba", 2020, False), config, start, start + 1)


def compile_cost() -> None:
    """First and later chunk on a fresh worker, with an empty and then a warm numba cache."""
    from distributed import Client, LocalCluster

    import sim
    from sim.sweep.chunks import run_chunk

    config = sim.load_config("county_baseline", TINY)
    cache = tempfile.mkdtemp(prefix="numba-cache-")
    os.environ["NUMBA_CACHE_DIR"] = cache   # inherited by the worker processes started below
    for label in ("empty cache", "warm cache"):
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster, \
                Client(cluster) as client:
            times = []
            for start in range(3):
                began = time.perf_counter()
                client.submit(run_chunk, _chunk(config, start), "numba", 2020, pure=False).result()
                times.append(time.perf_counter() - began)
        print(f"{label} ({cache}): first chunk {times[0]:.2f} s, later chunks {times[1]:.3f} s, {times[2]:.3f} s",
              flush=True)


def overhead(rounds: int = 2) -> None:
    """Wall time of the same sweep on joblib (2 processes) and on a 2-worker LocalCluster, alternated,
    both warmed by one untimed run first."""
    from distributed import Client, LocalCluster

    from sim.sweep.run import cell_configs, run_sweep
    from sim.sweep.spec import build_spec

    raw = {"axes": [{"key": "inspectors.count", "values": [20, 30, 45]}], "replications": 8, "chunk": 4,
           "n_jobs": 2, "engine": "numba", "seed": 2020}
    local = build_spec(raw, default_jobs=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster, \
            Client(cluster) as client:
        remote = build_spec({**raw, "backend": "dask", "scheduler": cluster.scheduler_address}, default_jobs=2)
        configs = cell_configs(local, "county_baseline", [])
        chunks = len(local.cells) * (8 // 4)
        times: dict[str, list[float]] = {"joblib": [], "dask": []}
        with tempfile.TemporaryDirectory() as root:
            for i in range(rounds + 1):
                for name, spec in (("joblib", local), ("dask", remote)):
                    began = time.perf_counter()
                    run_sweep(spec, "county_baseline", [], Path(root) / f"{name}{i}", progress=False,
                              configs=configs, client=client if name == "dask" else None)
                    if i:   # round 0 warms the workers (numba load) and is not counted
                        times[name].append(time.perf_counter() - began)
        dask_empty = _empty_tasks(lambda n: client.gather(client.map(abs, range(n), pure=False)))
    from joblib import Parallel, delayed

    joblib_empty = _empty_tasks(lambda n: list(Parallel(n_jobs=2, return_as="generator_unordered")(
        delayed(abs)(i) for i in range(n))))
    print(f"empty tasks, per task: dask {dask_empty * 1000:.2f} ms, joblib {joblib_empty * 1000:.2f} ms", flush=True)
    for name, seconds in times.items():
        print(f"{name}: " + ", ".join(f"{s:.2f} s" for s in seconds), flush=True)
    joblib, dask_ = sum(times["joblib"]) / rounds, sum(times["dask"]) / rounds
    print(f"{chunks} chunks of 4 replications; mean wall time joblib {joblib:.2f} s, dask {dask_:.2f} s; "
          f"dask / joblib {dask_ / joblib:.3f}; difference per chunk {(dask_ - joblib) / chunks * 1000:.0f} ms",
          flush=True)


def _empty_tasks(run, n: int = 400) -> float:
    """Seconds per task of `n` tasks that do nothing (after a warm-up batch): the dispatch cost alone."""
    run(n)
    began = time.perf_counter()
    run(n)
    return (time.perf_counter() - began) / n


if __name__ == "__main__":
    {"compile": compile_cost, "overhead": overhead}[sys.argv[1]]()
