"""Benchmark of what a planner waits for: a large county run on the numba engine, end to end.

    python -m benchmarks.throughput [--write]

Times `sim.simulate(config, engine="numba", replications=1000, n_jobs=2)` on `county_baseline`, the
way a planner's run is made: worker processes started and their cached kernels loaded, every world
drawn, the tables assembled. Then the same run keeping each finished replication on disk
(`checkpoint=`, sim/checkpoint.py), which is what the command lines do, to price that insurance
against an interrupt; the two runs' tables must be identical. `--write` puts the table in
docs/performance.md between its marker comments.
"""

from __future__ import annotations

import tempfile
import time

import pandas as pd

from benchmarks.common import bench_section_head, section_main

BEGIN = "<!-- throughput-benchmark:begin -->"
END = "<!-- throughput-benchmark:end -->"
SECTION = "## Throughput"
AFTER = "<!-- numba-benchmark:end -->"
SCENARIO = "county_baseline"
REPLICATIONS = 1_000
WORKERS = 2


def measure() -> dict:
    import sim

    config = sim.load_config(SCENARIO)
    sim.simulate(config, engine="numba", replications=1, progress=False, events=False)  # load the kernels
    runs = {}
    for label, keep in (("plain", False), ("checkpoint", True)):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = sim.simulate(config, engine="numba", replications=REPLICATIONS, seed=0, n_jobs=WORKERS,
                                  progress=False, events=False, checkpoint=folder if keep else None)
            runs[label] = {"seconds": time.perf_counter() - start, "result": result}
    return runs


def checks(runs: dict) -> list[str]:
    a, b = runs["plain"]["result"], runs["checkpoint"]["result"]
    try:
        pd.testing.assert_frame_equal(a.replications, b.replications)
        pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
    except AssertionError as error:
        return [f"the run keeping its replications gave other tables than the plain run: {error}"]
    return []


def render(runs: dict, context) -> str:
    plain, kept = runs["plain"]["seconds"], runs["checkpoint"]["seconds"]
    lines = [*bench_section_head("throughput", context), "",
             f"| `{SCENARIO}`, {REPLICATIONS:,} replications, numba engine, {WORKERS} worker processes | "
             "Wall seconds | Replications per second | Per replication and worker (s) |",
             "|---|--:|--:|--:|"]
    for label, seconds in (("`sim.simulate(...)`", plain),
                           ("the same, each finished replication kept on disk (`checkpoint=`, as the command "
                            "lines do)", kept)):
        lines.append(f"| {label} | {seconds:.1f} | {REPLICATIONS / seconds:.1f} | "
                     f"{seconds * WORKERS / REPLICATIONS:.3f} |")
    lines += ["", f"Keeping the replications changed the wall time by {kept / plain - 1:+.1%}; that difference "
              "includes the machine's drift between the two runs, which are made one after the other. Timed "
              "in one process after one "
              "replication that loads the kernels there; each run starts its own worker processes, which "
              "load the cached kernels, so their start-up is in the figure, as in a planner's run. Both runs "
              "give identical tables (checked)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return section_main(argv, __doc__, measure, render, checks, (BEGIN, END, SECTION, AFTER))


if __name__ == "__main__":
    raise SystemExit(main())
