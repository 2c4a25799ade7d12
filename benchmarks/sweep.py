"""Benchmark of sweeps (sim/sweep/): parallel efficiency on this machine's cores, and memory against
replications and cells.

    python -m benchmarks.sweep [--write]

1. Speed: the `staffing` sweep of `county_baseline` at 10, 30 and 60 inspectors, `REPLICATIONS`
   replications each, chunks of `CHUNK`, on 1 worker and on 2 worker processes, alternated (1, 2, 1,
   2) in fresh sweep folders, after one replication that loads the kernels; replications per second
   and the speed-up of 2 workers over 1 (goal: at least 1.8). The tables must be identical.
2. Memory: the sweep command in a child process on one worker (everything in that process), on a
   small county, with more replications and more cells; its peak resident memory (`wait4`'s
   ru_maxrss). A sweep keeps each finished chunk on disk and holds only the final table, so the peak
   should stay flat as the work grows.

`--write` puts the tables in docs/performance.md between its marker comments.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.common import ROOT, bench_section_head, section_main

BEGIN = "<!-- sweep-benchmark:begin -->"
END = "<!-- sweep-benchmark:end -->"
SECTION = "## Sweeps"
AFTER = "<!-- throughput-benchmark:end -->"
LEVELS = "[10,30,60]"
REPLICATIONS = 48
CHUNK = 4
SMALL = ["population.enterprises=300", "horizon_days=365", "warmup_days=90"]
MEMORY_CASES = ((2, 16), (2, 128), (8, 16), (8, 128))   # (cells, replications per cell)


def _sweep(folder: Path, workers: int) -> float:
    from sim.sweep.__main__ import run_command
    from sim.sweep.load import parse_command_line

    argv = ["sweep=staffing", f"sweep.axes.0.values={LEVELS}", f"sweep.replications={REPLICATIONS}",
            f"sweep.chunk={CHUNK}", f"sweep.n_jobs={workers}", f"hydra.run.dir={folder}"]
    command = parse_command_line(argv, default_jobs=workers)
    start = time.perf_counter()
    devnull = open(os.devnull, "w")   # noqa: SIM115
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = devnull
    try:
        status = run_command(command)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        devnull.close()
    if status:
        raise RuntimeError(f"the sweep failed with status {status}")
    return time.perf_counter() - start


def _peak_rss(cells: int, replications: int, folder: Path) -> float:
    """MiB of the peak resident memory of a one-worker sweep command run in a child process."""
    values = ",".join(str(k) for k in range(0, 2 * cells, 2))
    argv = [sys.executable, "-m", "sim.sweep", "sweep=staffing", f"sweep.axes.0.values=[{values}]",
            "sweep.reference.inspectors.count=0", f"sweep.replications={replications}", "sweep.chunk=8",
            "sweep.n_jobs=1", *SMALL, f"hydra.run.dir={folder}"]
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"the sweep of {cells} cells x {replications} failed")
    return usage.ru_maxrss / 1024.0


def measure() -> dict:
    import sim

    sim.simulate(sim.load_config(), engine="numba", replications=1, progress=False, events=False)
    speed: dict[int, list[float]] = {1: [], 2: []}
    tables = {}
    with tempfile.TemporaryDirectory() as root:
        for round_ in range(2):
            for workers in (1, 2):
                folder = Path(root) / f"speed-{workers}-{round_}"
                speed[workers].append(_sweep(folder, workers))
                tables[workers] = pd.read_parquet(folder / "cells.parquet")
        memory = {case: _peak_rss(*case, Path(root) / f"memory-{case[0]}-{case[1]}") for case in MEMORY_CASES}
    return {"speed": speed, "tables": tables, "memory": memory}


def checks(runs: dict) -> list[str]:
    try:
        pd.testing.assert_frame_equal(runs["tables"][1], runs["tables"][2])
    except AssertionError as error:
        return [f"1 and 2 workers gave different tables: {error}"]
    return []


def render(runs: dict, context) -> str:
    work = 3 * REPLICATIONS
    best = {w: min(times) for w, times in runs["speed"].items()}
    lines = [*bench_section_head("sweep", context), "",
             f"`staffing` sweep of `county_baseline` at {LEVELS} inspectors, {REPLICATIONS} replications each in "
             f"chunks of {CHUNK}, numba engine, 1 and 2 worker processes alternated twice (each time in a new "
             "folder, so nothing is resumed):", "",
             "| workers | wall seconds (each run) | replications per second (best) |", "|--:|---|--:|"]
    for workers, times in runs["speed"].items():
        lines.append(f"| {workers} | {', '.join(f'{t:.1f}' for t in times)} | {work / best[workers]:.2f} |")
    speedup = best[1] / best[2]
    lines += ["", f"Speed-up of 2 workers over 1: **{speedup:.2f}×** (goal ≥ 1.8×; parallel efficiency "
              f"{speedup / 2:.0%}). Both give identical tables (checked).", "",
              f"Peak resident memory of the sweep command on one worker ({', '.join(SMALL)}), in MiB:", "",
              "| cells | replications per cell | chunks written | peak MiB |", "|--:|--:|--:|--:|"]
    for (cells, reps), mib in runs["memory"].items():
        lines.append(f"| {cells} | {reps} | {cells * -(-reps // 8)} | {mib:.0f} |")
    low, high = runs["memory"][MEMORY_CASES[0]], runs["memory"][MEMORY_CASES[-1]]
    lines += ["", f"From the smallest to the largest sweep (×{MEMORY_CASES[-1][0] * MEMORY_CASES[-1][1] // (MEMORY_CASES[0][0] * MEMORY_CASES[0][1])} "
              f"the replications) the peak moved from {low:.0f} to {high:.0f} MiB ({high / low - 1:+.0%}): finished "
              "chunks are on disk, and only the final table (a few hundred numbers per replication) is held; the "
              "peak is the libraries and the compiled kernels of the process."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return section_main(argv, __doc__, measure, render, checks, (BEGIN, END, SECTION, AFTER))


if __name__ == "__main__":
    raise SystemExit(main())
