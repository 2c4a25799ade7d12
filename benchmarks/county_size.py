"""Benchmark of one numba replication's time and memory against the county's size, with the growth fitted.

    python -m benchmarks.county_size [--write]

Issue 30 asks for a county of 300,000 enterprises (three warm-up and three measured years, one
replication, one core) in under 30 s and 2 GB. Each size, 3,000 to 300,000 enterprises of
`county_baseline` (inspectors = enterprises / 100), runs in a fresh child process (`python -c`) pinned
to one CPU, one at a time. The child loads the kernels with a 300-enterprise run, then runs
`run_replication` once, timing it by the wall clock and by the process's CPU time, and timing its parts
(drawing the world; building the kernel's arrays, W and S; the kernel; the rest) by wrapping the
functions `sim.engines.numba.engine` calls. Memory is the process's peak RSS (VmHWM): the whole
process, interpreter and loaded kernels included, as the 2 GB goal counts it, and the RSS after each
part. The fits: CPU seconds = a N^b (least squares on the logarithms), peak = fixed + per-enterprise N
(least squares). `sim.memory.estimate_bytes` (the run guard's estimate) is compared with each peak: it
should lie between 1 and 1.5 times it. `--write` puts the table in docs/performance.md.
Top-level imports are standard library only, so a child pays for numpy and sim/ where it is measured.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time

from benchmarks.common import ROOT, machine_lines, section_main, status_kib

BEGIN = "<!-- county-size-benchmark:begin -->"
END = "<!-- county-size-benchmark:end -->"
SECTION = "## Time and memory against the county's size"
AFTER = "<!-- memory-benchmark:end -->"
SCENARIO = "county_baseline"
SIZES = (3_000, 10_000, 30_000, 100_000, 300_000)
SEED = 0
GOAL_SECONDS, GOAL_BYTES, GOAL_SIZE = 30.0, 2e9, 300_000
KIB, MIB = 1024, 1024 * 1024
PARTS = ("draw_world", "world_tuple", "state_tuple", "simulate_replication")


def overrides(enterprises: int) -> list[str]:
    """county_baseline with N enterprises and N / 100 inspectors; its own three + three years."""
    return [f"population.enterprises={enterprises}", f"inspectors.count={max(1, enterprises // 100)}"]


# -- in the child -----------------------------------------------------------------------------------
def _child(enterprises: int) -> None:
    """Run one size in this fresh process, on one CPU; print one JSON line."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from numba import njit
    from numba.core.errors import TypingError

    import sim
    import sim.engines.numba.engine as engine
    from sim.memory import estimate_bytes
    from sim.world.scenario import compile_scenario

    small = compile_scenario(sim.load_config(SCENARIO, overrides(300)))
    engine.run_replication(small, SEED, 0)  # load the kernels
    world = engine.draw_world(small, SEED, 0)
    hazards_made = njit(lambda S: S.hazards_made)  # the proxy does not show the field to Python
    try:
        hazards_made(engine.state_tuple(small, world.population, world.hazards))  # compiled before the timing
    except TypingError:  # a version of the engine before hazards_made (an A/B against an older commit)
        hazards_made = None
    del world
    config = sim.load_config(SCENARIO, overrides(enterprises))
    scenario = compile_scenario(config)
    before = status_kib("VmRSS") * KIB
    parts: dict[str, dict] = {}
    drawn: dict[str, int] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            out = fn(*args, **kwargs)
            parts[name] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                           "rss_after": status_kib("VmRSS") * KIB}
            if name == "draw_world":
                drawn["candidates"] = int(out.hazards.time.shape[0])
            if name == "simulate_replication" and hazards_made is not None:
                drawn["hazards"] = int(hazards_made(out))
            return out
        return wrapper

    for name in PARTS:
        setattr(engine, name, timed(name, getattr(engine, name)))
    wall, cpu = time.perf_counter(), time.process_time()
    output = engine.run_replication(scenario, SEED, 0)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"enterprises": enterprises, "wall": wall, "cpu": cpu, "before": before,
                      "peak": status_kib("VmHWM") * KIB, "parts": parts, **drawn,
                      "hazards_created_window": output.counts["hazards_created"],
                      "estimate": estimate_bytes(config, "numba", 1, False)}), flush=True)


def _spawn(enterprises: int) -> dict:
    code = f"from benchmarks.county_size import _child\n_child({enterprises})"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"child {enterprises} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- in the parent ----------------------------------------------------------------------------------
def measure() -> dict:
    rows = []
    for n in SIZES:
        rows.append(_spawn(n))
        r = rows[-1]
        print(f"{n:,} enterprises: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, peak {r['peak'] / MIB:,.0f} MiB",
              file=sys.stderr, flush=True)
    return {"rows": rows, "fit": fit(rows)}


def fit(rows: list[dict]) -> dict:
    """CPU seconds = a N^b; peak bytes = fixed + per_enterprise N; both by least squares."""
    import numpy as np

    n = np.array([r["enterprises"] for r in rows], dtype=float)
    b, log_a = np.polyfit(np.log(n), np.log([r["cpu"] for r in rows]), 1)
    per_enterprise, fixed = np.polyfit(n, [r["peak"] for r in rows], 1)
    return {"a": math.exp(log_a), "b": b, "fixed": fixed, "per_enterprise": per_enterprise}


def checks(res: dict) -> list[str]:
    problems = []
    for r in res["rows"]:
        ratio = r["estimate"] / r["peak"]
        if not 1.0 <= ratio <= 1.5:
            problems.append(f"{r['enterprises']:,} enterprises: sim/memory.py estimates {ratio:.2f}× the "
                            "measured peak (want 1 to 1.5)")
        if r["cpu"] < 0.9 * r["wall"]:
            problems.append(f"{r['enterprises']:,} enterprises: the replication got {r['cpu'] / r['wall']:.0%} of "
                            "a CPU (CPU time / wall time); the machine was busy, its wall time is inflated")
    return problems


def _part(r: dict, name: str) -> str:
    return f"{r['parts'][name]['cpu']:.2f}"


def render(res: dict, context) -> str:
    rows, f = res["rows"], res["fit"]
    import datetime as dt

    lines = [f"Produced by `python -m benchmarks.county_size --write` on {dt.date.today().isoformat()} (not in "
             "`make bench`: it takes minutes and 4 GB).", "", *machine_lines(context), "",
             f"**One replication of `{SCENARIO}`** (three warm-up and three measured years, inspectors = "
             "enterprises / 100, seed 0), each size in a fresh process pinned to one CPU. Seconds of the "
             "process's CPU time, by part; peak RSS of the whole process (interpreter and kernels "
             "included):", "",
             "| Enterprises | Candidates | Hazards | Draw (s) | W and S (s) | Kernel (s) | Rest (s) | CPU (s) "
             "| Wall (s) | RSS before (MiB) | after the draw | after W and S | after the kernel "
             "| Peak RSS (MiB) | Fit (MiB) | Estimate / peak |",
             "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        p = r["parts"]
        arrays = p["world_tuple"]["cpu"] + p["state_tuple"]["cpu"]
        rest = r["cpu"] - sum(p[name]["cpu"] for name in PARTS)
        fitted = f["fixed"] + f["per_enterprise"] * r["enterprises"]
        hazards = f"{r['hazards']:,}" if "hazards" in r else "—"
        after = " | ".join(f"{p[name]['rss_after'] / MIB:,.0f}" for name in
                           ("draw_world", "state_tuple", "simulate_replication"))
        lines.append(f"| {r['enterprises']:,} | {r['candidates']:,} | {hazards} | {_part(r, 'draw_world')} "
                     f"| {arrays:.2f} | {_part(r, 'simulate_replication')} | {rest:.2f} | {r['cpu']:.2f} "
                     f"| {r['wall']:.2f} | {r['before'] / MIB:,.0f} | {after} | {r['peak'] / MIB:,.0f} "
                     f"| {fitted / MIB:,.0f} | {r['estimate'] / r['peak']:.2f} |")
    big = next((r for r in rows if r["enterprises"] == GOAL_SIZE), None)
    lines += ["", f"Fitted growth: CPU seconds = {f['a']:.3g} × N^{f['b']:.2f}; peak RSS = "
              f"{f['fixed'] / MIB:,.0f} MiB + {f['per_enterprise'] / KIB:,.2f} KiB × N."]
    if big:
        met_s = "met" if big["cpu"] < GOAL_SECONDS else "not met"
        met_m = "met" if big["peak"] < GOAL_BYTES else "not met"
        lines += ["", f"Issue 30's goal for {GOAL_SIZE:,} enterprises: under {GOAL_SECONDS:.0f} s — "
                  f"{big['cpu']:.1f} s of CPU ({big['wall']:.1f} s wall), {met_s}; under {GOAL_BYTES / 1e9:.0f} GB "
                  f"peak RSS — {big['peak'] / 1e9:.2f} GB, {met_m}."]
    lines += ["", *NOTES]
    return "\n".join(lines)


NOTES = [
    "Parts: the draw is `draw_world` (the population, the hazard candidates and the other draws of "
    "nature, sim/world/); W and S are `world_tuple` and `state_tuple` (the kernel's arrays); the kernel is "
    "`simulate_replication`; the rest is what `run_replication` does besides (the outputs and derived "
    "amounts). Candidates are the hazard candidates drawn for the six years; hazards, those that became "
    "hazards (the kernel's `hazards_made`). The estimate is `sim.memory.estimate_bytes` for the same "
    "config, one process: the run guard refuses a run whose estimate without its headroom exceeds the "
    "memory available.",
]


def main(argv: list[str] | None = None) -> int:
    return section_main(argv, __doc__, measure, render, checks, (BEGIN, END, SECTION, AFTER),
                        packages=("numpy", "numba"))


if __name__ == "__main__":
    sys.exit(main())
