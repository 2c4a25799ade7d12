"""Benchmark of the numba engine: speed against SimPy and against its draw floor, scaling, start-up, memory.

    python -m benchmarks.numba_engine [--seed S] [--write]

Prints the machine context, one Markdown table and notes on how each figure was measured; `--write`
also replaces the numba section of docs/performance.md between its marker comments (after the SimPy
section). What is measured:

1. seconds per replication of county_baseline with both engines in this process (SimPy: 2
   replications; numba: 10, after a warm-up call), and their ratio; the same for county_all_regimes
   (every regime on at once: SimPy 2, numba 5);
2. the draw floor: the random draws one replication makes (variates drawn up front with numpy,
   counted from the array sizes; raw 64-bit outputs the kernel takes from its three streams, measured
   from the PCG64 states) times the cost of one draw in a tight `@njit` loop, and the engine's ratio to it;
3. scaling with the number of enterprises and with the horizon (numba only);
4. start-up of a fresh process: on a cold numba cache (a new NUMBA_CACHE_DIR) and then warm;
5. peak memory of one replication in a fresh process (ru_maxrss over the baseline after compile).

Top-level imports are standard library only: a child process imports this module for the start-up
measurement and must pay for numpy, numba and sim/ inside the timed window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    DOC,
    ROOT,
    YEAR,
    load_average,
    machine_context,
    machine_lines,
    publish,
    reset_peak_rss,
    source_fingerprint,
    status_kib,
    write_section,
)

SCENARIO = "county_baseline"
BEGIN = "<!-- numba-benchmark:begin -->"
END = "<!-- numba-benchmark:end -->"
SECTION = "## numba engine"
AFTER = "<!-- simpy-benchmark:end -->"  # the numba section goes after the SimPy section
KERNEL_STREAMS = ("self_inspection", "enforcement", "rectification", "third_party")
PREDRAW_STREAMS = ("population", "arrivals", "reports")
SIMPY_REPLICATIONS = 2
NUMBA_REPLICATIONS = 10
ALL_REGIMES = "county_all_regimes"
ALL_REGIMES_NUMBA_REPLICATIONS = 5
DRAWS = 10_000_000           # draws in the tight loops that price one draw
BARE_HEAP_EVENTS = 1_000     # the bare heap priced for the 200x budget: fewer events than a county holds
ENTERPRISES = {300: 10, 3_000: 5, 30_000: 3, 300_000: 1}   # enterprises: timed replications
HORIZONS = {365: 5, 1096: 5, 3653: 3}                      # horizon_days (3,000 enterprises): replications
MEMORY_ENTERPRISES = (3_000, 300_000)
PCG64_MULT = (2549297995355413924 << 64) | 4865540595714422341  # numpy's PCG64 LCG multiplier
MASK128 = (1 << 128) - 1
MIB_PER_KIB = 1.0 / 1024.0
TARGET_SPEEDUP, TARGET_FLOOR, TARGET_BIG_S, TARGET_WARM_S = 200.0, 5.0, 30.0, 3.0


def scaled(enterprises: int, horizon_days: int) -> list[str]:
    """Overrides of county_baseline: N enterprises, N/100 inspectors (at least 1), the horizon."""
    return [f"population.enterprises={enterprises}", f"inspectors.count={max(1, enterprises // 100)}",
            f"horizon_days={horizon_days}"]


# -- raw outputs of a PCG64 stream ----------------------------------------------------------------
def lcg_distance(start: int, end: int, mult: int, inc: int) -> int:
    """Steps n with end = LCG^n(start) mod 2^128, bit by bit (as `distance` in O'Neill's pcg_random.hpp)."""
    bit, n = 1, 0
    while start != end:
        if (start & bit) != (end & bit):
            start = (start * mult + inc) & MASK128
            n |= bit
        bit <<= 1
        inc = ((mult + 1) * inc) & MASK128
        mult = (mult * mult) & MASK128
        if bit > MASK128:
            raise ValueError("states are not on one LCG stream")
    return n


def raw_outputs(fresh, used) -> tuple[int, bool]:
    """Raw 64-bit outputs `used` has consumed since it was `fresh` (two Generators of one stream).

    PCG64 state equality says nothing about before or after, so a search on n cannot bracket it;
    the LCG distance gives n directly, and `advance(n)` on the fresh copy confirms it (True if the
    states then agree). A 32-bit half left in the buffer counts as a consumed output.
    """
    a, b = fresh.bit_generator.state, used.bit_generator.state
    if a["bit_generator"] != "PCG64" or b["bit_generator"] != "PCG64" or a["state"]["inc"] != b["state"]["inc"]:
        return -1, False
    n = lcg_distance(a["state"]["state"], b["state"]["state"], PCG64_MULT, a["state"]["inc"])
    fresh.bit_generator.advance(n)
    return n, fresh.bit_generator.state["state"] == b["state"]


def draw_costs(draws: int = DRAWS, repeats: int = 3) -> dict:
    """ns per `rng.random()` and per `rng.exponential()` in an @njit loop (fastest of `repeats`)."""
    import numpy as np
    from numba import njit

    @njit
    def uniforms(rng, n):
        s = 0.0
        for _ in range(n):
            s += rng.random()
        return s

    @njit
    def exponentials(rng, n):
        s = 0.0
        for _ in range(n):
            s += rng.exponential()
        return s

    out = {}
    for name, loop in (("random", uniforms), ("exponential", exponentials)):
        loop(np.random.default_rng(0), 100)          # compile
        best = float("inf")
        for _ in range(repeats):
            rng = np.random.default_rng(1)
            start = time.perf_counter()
            loop(rng, draws)
            best = min(best, time.perf_counter() - start)
        raw, ok = raw_outputs(np.random.default_rng(1), rng)
        out[name] = {"ns": best / draws * 1e9, "raw_per_draw": raw / draws, "verified": ok}
    return out


def bare_heap_ns(exponential_ns: float) -> float:
    """ns for one pop and one push of a heap of BARE_HEAP_EVENTS float64 times, less the round's draw.

    The least an event list of this design costs an event: benchmarks/heaps.py times the same heap
    at larger sizes, where it costs more, and the engine's own heap costs about 1.5 times as much.
    """
    from benchmarks.heaps import bare_rounds, ns_per_round

    return ns_per_round(bare_rounds, BARE_HEAP_EVENTS) - exponential_ns


# -- in this process: one replication, timed or taken apart -------------------------------------------
def _timed(fn, *args, **kwargs) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def sim_years(scenario) -> float:
    return (scenario.horizon - scenario.first_day) / YEAR


def taken_apart(scenario, seed: int, replication: int) -> dict:
    """The steps of the numba engine's `run_replication`, timed one by one, with the draws counted.

    Mirrors sim/engines/numba/engine.py up to the kernel; its counts are checked against the
    engine's own for the same replication. The pre-draw functions get a recording `stream` so
    the generators they used can be compared with fresh ones afterwards.
    """

    import sim.world.external as external_module
    import sim.world.nature as nature_module
    import sim.world.population as population_module
    from benchmarks.heaps import heap_counters
    from sim.engines.derived import count_contracts, count_nature
    from sim.engines.numba.inputs import state_tuple, world_tuple
    from sim.engines.numba.loop import simulate_replication
    from sim.engines.numba.structs import outputs
    from sim.results_schema import COUNTS
    from sim.streams import stream
    from sim.world.replication import draw_world

    used = {}

    def recording(s, r, name):
        used[name] = stream(s, r, name)
        return used[name]

    population_module.stream = nature_module.stream = external_module.stream = recording
    try:
        t0 = time.perf_counter()
        world = draw_world(scenario, seed, replication)
        t1 = time.perf_counter()
    finally:
        population_module.stream = nature_module.stream = external_module.stream = stream
    population, nature, reports = world.population, world.hazards, world.reports
    W = world_tuple(scenario, world)
    S = state_tuple(scenario, population, nature)
    for name in KERNEL_STREAMS:
        used[name] = stream(seed, replication, name)
    t2 = time.perf_counter()
    S = simulate_replication(W, S, *(used[name] for name in KERNEL_STREAMS))
    t3 = time.perf_counter()
    raw = {name: raw_outputs(stream(seed, replication, name), g) for name, g in used.items()}
    counts = dict(zip(COUNTS, (int(x) for x in outputs(S)[0]), strict=True))
    pushed, pending = heap_counters(S)
    count_nature(counts, scenario, world)         # the counts the engine adds after the kernel
    count_contracts(counts, {}, scenario, world)
    n, k = population.size, scenario.config.inspectors.count
    m, r = nature.time.shape[0], reports.time.shape[0]
    return {
        "predraw_s": t1 - t0, "inputs_s": t2 - t1, "kernel_s": t3 - t2,
        "counts": counts,
        "enterprises": n, "candidates": m, "report_candidates": r,
        # each event popped was pushed once: pushes (the sequence counter) less those left at the end
        "heap_events": int(pushed - pending),
        "candidates_walked": int((nature.time < scenario.horizon).sum()),
        # variates by stream, from the array sizes (population.py, nature.py); "uniform" are those
        # priced at one rng.random(): uniforms, bounded integers, permutation positions
        "variates": {
            "population": {"uniform": 3 * n + k, "other": 2 * n},    # lognormal, beta | random, integers, 2 perms
            "arrivals": {"uniform": 5 * m, "other": n + 4 * m},      # time + 4 unit columns | poisson, 4 Exp(1)
            "reports": {"uniform": 2 * r, "other": n},               # time, u_accept | poisson
        },
        "raw": {name: v[0] for name, v in raw.items()},
        "raw_verified": all(v[1] for v in raw.values()),
    }


# -- child processes: start-up and memory -----------------------------------------------------------
def _child(started: float, mode: str, seed: int, enterprises: int = 0) -> None:
    """Run in a fresh interpreter (see `_spawn`); print one JSON line of timestamps and measurements."""
    import resource

    t_imports = time.monotonic()
    import numpy  # noqa: F401

    import sim
    from sim.engines.numba.engine import run_replication
    from sim.engines.numba.loop import simulate_replication
    from sim.world.scenario import compile_scenario
    t_imported = time.monotonic()
    out: dict = {"started": started, "imports_start": t_imports, "imported": t_imported}
    if mode == "startup":
        scenario = compile_scenario(sim.load_config(SCENARIO))
        out["scenario_ready"] = time.monotonic()
        first = run_replication(scenario, seed, 0)
        out["first_result"] = time.monotonic()
        _, again, _ = _timed(run_replication, scenario, seed, 0)   # the same work without compiling
        out["again_s"] = again
        out["hazards"] = first.counts["hazards_created"]
    else:
        small = compile_scenario(sim.load_config(SCENARIO, scaled(300, 1096)))
        run_replication(small, seed, 0)                            # load (or compile) the kernels
        scenario = compile_scenario(sim.load_config(SCENARIO, scaled(enterprises, 1096)))
        signatures = len(simulate_replication.signatures)
        gc.collect()
        max_base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        reset = reset_peak_rss()
        base = status_kib("VmRSS")
        result, seconds, _ = _timed(run_replication, scenario, seed, 0)
        peak = status_kib("VmHWM")
        max_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if not reset or base is None or peak is None:   # no /proc: the high-water mark of getrusage
            base, peak = max_base, max_peak
        out.update(baseline_mib=base * MIB_PER_KIB, peak_mib=peak * MIB_PER_KIB, reset=reset,
                   maxrss_baseline_mib=max_base * MIB_PER_KIB, maxrss_peak_mib=max_peak * MIB_PER_KIB,
                   seconds=seconds, compiled=len(simulate_replication.signatures) != signatures,
                   hazards=result.counts["hazards_created"])
    print(json.dumps(out), flush=True)


def _spawn(mode: str, seed: int, enterprises: int = 0, env: dict | None = None) -> dict:
    code = ("import time; _t = time.monotonic()\n"
            "from benchmarks.numba_engine import _child\n"
            f"_child(_t, {mode!r}, {seed}, {enterprises})")
    launched = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"child {mode} {enterprises} failed:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["launched"] = launched
    return out


def _cache_files(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*") if p.suffix in (".nbi", ".nbc")}


def startup(seed: int) -> dict:
    """Cold cache (a new NUMBA_CACHE_DIR), then warm (the same folder again), each a fresh process."""
    project_caches = _project_cache_files()
    with tempfile.TemporaryDirectory(prefix="numba-bench-cache-") as folder:
        env = {**os.environ, "NUMBA_CACHE_DIR": folder}
        cold = _spawn("startup", seed, env=env)
        written = _cache_files(Path(folder))
        warm = _spawn("startup", seed, env=env)
        rewritten = _cache_files(Path(folder)) - written
    for run in (cold, warm):
        run["to_first"] = run["first_result"] - run["launched"]
        run["interpreter"] = run["started"] - run["launched"]
        run["imports"] = run["imported"] - run["imports_start"]
        run["scenario"] = run["scenario_ready"] - run["imported"]
        run["first_call"] = run["first_result"] - run["scenario_ready"]
        run["compile"] = max(0.0, run["first_call"] - run["again_s"])
    return {"cold": cold, "warm": warm, "cache_files": len(written), "warm_new_files": len(rewritten),
            "outside_cache": sorted(_project_cache_files() - project_caches)}


def _project_cache_files() -> set[str]:
    """numba cache files under sim/ (with their mtimes): a cold run must not use or write any."""
    return {f"{p}@{p.stat().st_mtime_ns}" for p in (ROOT / "sim").rglob("*") if p.suffix in (".nbi", ".nbc")}


# -- the report ---------------------------------------------------------------------------------
def _spread(values: list[float], fmt: str) -> str:
    if len(values) == 1:
        return format(values[0], fmt)
    return f"{format(statistics.fmean(values), fmt)} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _reps(n: int) -> str:
    return "replication 0" if n == 1 else f"replications 0–{n - 1}"


def build(res: dict) -> tuple[list[tuple[str, str, str]], dict]:
    """Rows (measure, measured, target) and the derived figures the notes quote."""
    simpy, numba, parts, costs = res["simpy"], res["numba"], res["parts"], res["costs"]
    ns_u, ns_e = costs["random"]["ns"], costs["exponential"]["ns"]
    sec_simpy = statistics.fmean(r["seconds"] for r in simpy)
    sec_numba = statistics.fmean(r["seconds"] for r in numba)
    speedup = sec_simpy / sec_numba
    every = res["all_regimes"]
    every_speedup = statistics.fmean(every["simpy"]) / statistics.fmean(every["numba"])
    k_ey = res["enterprise_years"] / 1000.0
    for p in parts:
        v = p["variates"]
        p["predraw_floor"] = sum(x["uniform"] * ns_u + x["other"] * ns_e for x in v.values()) * 1e-9
        p["kernel_raw"] = sum(p["raw"][s] for s in KERNEL_STREAMS)
        p["kernel_floor"] = p["kernel_raw"] * ns_u * 1e-9
        p["floor"] = p["predraw_floor"] + p["kernel_floor"]
        p["variates_total"] = sum(x["uniform"] + x["other"] for x in v.values())
    floor = statistics.fmean(p["floor"] for p in parts)
    pre_floor = statistics.fmean(p["predraw_floor"] for p in parts)
    ker_floor = statistics.fmean(p["kernel_floor"] for p in parts)
    over_floor = sec_numba / floor
    pre_ratio = statistics.fmean(p["predraw_s"] for p in parts) / pre_floor
    ker_ratio = statistics.fmean(p["kernel_s"] for p in parts) / ker_floor

    def col(key: str, stream: str | None = None, fmt: str = ",.0f") -> str:
        if stream is None:
            return _spread([p[key] for p in parts], fmt)
        return _spread([p[key][stream] for p in parts], fmt)

    def variates(stream: str) -> str:
        return _spread([sum(p["variates"][stream].values()) for p in parts], ",.0f")

    rows: list[tuple[str, str, str]] = [
        ("**Speed, `county_baseline`**", "", ""),
        (f"SimPy engine: seconds per replication ({_reps(len(simpy))})",
         _spread([r["seconds"] for r in simpy], ".2f"), ""),
        (f"numba engine: seconds per replication ({_reps(len(numba))}, after a warm-up call)",
         _spread([r["seconds"] for r in numba], ".3f"), ""),
        ("… of which numpy pre-draws: population, hazard and report candidates (s)", col("predraw_s", fmt=".3f"), ""),
        ("… of which building the kernel's input and state arrays (s)", col("inputs_s", fmt=".3f"), ""),
        ("… of which the kernel `simulate_replication` (s)", col("kernel_s", fmt=".3f"), ""),
        ("Speed-up: SimPy / numba seconds per replication", f"{speedup:.1f}×",
         f"≥ {TARGET_SPEEDUP:.0f}×: {_met(speedup >= TARGET_SPEEDUP)}"),
        ("Seconds per 1,000 enterprise-years: SimPy / numba",
         f"{sec_simpy / k_ey:.3f} / {sec_numba / k_ey:.4f}", ""),
        (f"**Speed, `{ALL_REGIMES}` (every regime on at once)**", "", ""),
        (f"SimPy engine: seconds per replication ({_reps(len(every['simpy']))})", _spread(every["simpy"], ".2f"), ""),
        (f"numba engine: seconds per replication ({_reps(len(every['numba']))}, after a warm-up call)",
         _spread(every["numba"], ".3f"), ""),
        ("Speed-up: SimPy / numba seconds per replication", f"{every_speedup:.1f}×",
         f"≥ {TARGET_SPEEDUP:.0f}×: {_met(every_speedup >= TARGET_SPEEDUP)}"),
        ("**Draw floor, `county_baseline`**", "", ""),
        (f"One draw in an `@njit` loop of {DRAWS / 1e6:.0f} million: `rng.random()` / `rng.exponential()` (ns)",
         f"{ns_u:.2f} / {ns_e:.2f}", ""),
        ("Variates drawn up front (numpy), all streams", col("variates_total"), ""),
        ("… `population` / `arrivals` / `reports` streams",
         f"{variates('population')} / {variates('arrivals')} / {variates('reports')}", ""),
        ("… hazard candidates / report candidates (10 / 2 variates each)",
         f"{col('candidates')} / {col('report_candidates')}", ""),
        ("… raw 64-bit outputs those streams consumed (measured)",
         _spread([sum(p["raw"][s] for s in PREDRAW_STREAMS) for p in parts], ",.0f"), ""),
        ("Raw 64-bit outputs drawn inside the kernel, all three streams", col("kernel_raw"), ""),
        ("… `self_inspection` / `enforcement` / `rectification` streams",
         " / ".join(col("raw", s) for s in KERNEL_STREAMS), ""),
        ("Draw floor per replication: pre-draws + kernel draws (ms)",
         f"{pre_floor * 1e3:.2f} + {ker_floor * 1e3:.2f} = {floor * 1e3:.2f}", ""),
        ("numba seconds per replication / draw floor", f"{over_floor:.0f}×",
         f"≤ {TARGET_FLOOR:.0f}×: {_met(over_floor <= TARGET_FLOOR)}"),
        ("… numpy pre-draws / their floor; kernel / its floor", f"{pre_ratio:.1f}×; {ker_ratio:.0f}×", ""),
    ]
    rows += budget_rows(res, sec_simpy, sec_numba, floor)
    rows += [
        ("**Scaling, numba (inspectors = enterprises / 100): s per replication; s per 1,000 "
         "enterprise-years**", "", ""),
    ]
    for row in res["scaling"]:
        label = (f"{row['enterprises']:,} enterprises × {row['horizon_days']:,} days "
                 f"({_reps(len(row['seconds']))})")
        per_k = [s / (row["enterprise_years"] / 1000.0) for s in row["seconds"]]
        target = ""
        if row["enterprises"] == 300_000 and row["horizon_days"] == 1096:
            worst = max(row["seconds"])
            target = f"< {TARGET_BIG_S:.0f} s: {_met(worst < TARGET_BIG_S)}"
        rows.append((label, f"{_spread(row['seconds'], '.3f')}; {statistics.fmean(per_k):.4f}", target))
    su, cold, warm = res["startup"], res["startup"]["cold"], res["startup"]["warm"]
    rows += [
        ("**Start-up of a fresh process (`county_baseline`, replication 0)**", "", ""),
        ("Cold numba cache: process start → first result (s)", f"{cold['to_first']:.1f}", ""),
        ("… of which imports + JIT compile (s)",
         f"{cold['imports'] + cold['compile']:.1f} ({cold['imports']:.2f} + {cold['compile']:.1f})", ""),
        ("Warm numba cache: process start → first result (s)", f"{warm['to_first']:.2f}",
         f"< {TARGET_WARM_S:.0f} s: {_met(warm['to_first'] < TARGET_WARM_S)}"),
        ("… interpreter / imports / config + scenario / first call, cached kernels loaded (s)",
         f"{warm['interpreter']:.2f} / {warm['imports']:.2f} / {warm['scenario']:.2f} / {warm['first_call']:.2f}", ""),
        ("**Memory of one replication (fresh process, 3 years)**", "", ""),
    ]
    for m in res["memory"]:
        rows.append((f"Peak RSS increment over baseline, {m['enterprises']:,} enterprises (MiB)",
                     f"{m['peak_mib'] - m['baseline_mib']:,.0f}", ""))
    rows.append(("RSS before the run, after imports + compile (MiB): "
                 + " / ".join(f"{m['enterprises']:,}" for m in res["memory"]) + " enterprises",
                 " / ".join(f"{m['baseline_mib']:.0f}" for m in res["memory"]), ""))
    derived = {"speedup": speedup, "over_floor": over_floor, "cache_files": su["cache_files"]}
    return rows, derived


def speedup_budget(res: dict, sec_simpy: float, sec_numba: float, draw_floor: float) -> dict:
    """What the 200x target leaves for everything above the floors of this design, in seconds.

    The floors are the draw floor (the random numbers alone) and the events popped from the heap, each
    at one pop and push of the barest heap: an engine that keeps the world drawn up front from the
    reference's streams and a heap event list pays at least these, however fast its handlers are.
    """
    parts = res["parts"]
    heap_events = statistics.fmean(p["heap_events"] for p in parts)
    candidates = statistics.fmean(p["candidates_walked"] for p in parts)
    heap_floor = heap_events * res["bare_heap_ns"] * 1e-9
    budget = sec_simpy / TARGET_SPEEDUP
    floors = draw_floor + heap_floor
    return {"budget": budget, "heap_events": heap_events, "candidates": candidates, "heap_floor": heap_floor,
            "floors": floors, "left": budget - floors, "above_now": sec_numba - floors,
            "events": heap_events + candidates}


def budget_rows(res: dict, sec_simpy: float, sec_numba: float, draw_floor: float) -> list[tuple[str, str, str]]:
    b = speedup_budget(res, sec_simpy, sec_numba, draw_floor)
    ms, per_event = 1e3, 1e9 / b["events"]
    if b["left"] > 0:
        cheaper = f"{b['above_now'] / b['left']:.0f}×"
    else:
        cheaper = "impossible: the floors alone exceed the budget"
    return [
        (f"**What {TARGET_SPEEDUP:.0f}× leaves above the floors, `county_baseline`**", "", ""),
        (f"Budget: SimPy seconds per replication / {TARGET_SPEEDUP:.0f} (ms)", f"{b['budget'] * ms:.1f}", ""),
        ("Events popped from the heap / hazard candidates walked beside it, a replication",
         f"{b['heap_events']:,.0f} / {b['candidates']:,.0f}", ""),
        (f"One pop and push of a bare float64 heap of {BARE_HEAP_EVENTS:,} events, its draw taken out (ns)",
         f"{res['bare_heap_ns']:.0f}", ""),
        ("Floors: draw floor + heap events × that pop and push (ms)",
         f"{draw_floor * ms:.2f} + {b['heap_floor'] * ms:.2f} = {b['floors'] * ms:.2f}", ""),
        (f"Left at {TARGET_SPEEDUP:.0f}× for everything above the floors (ms; ns per event, heap events "
         "and candidates)", f"{b['left'] * ms:.2f}; {b['left'] * per_event:.0f}", ""),
        ("The engine now above the floors (ms; ns per event)",
         f"{b['above_now'] * ms:.1f}; {b['above_now'] * per_event:.0f}", ""),
        (f"How much cheaper that must become for {TARGET_SPEEDUP:.0f}×", cheaper, ""),
    ]


def render(argv: list[str], res: dict, context: list[tuple[str, str]]) -> str:
    rows, d = build(res)
    table = "\n".join(["| Measure | Measured | Target |", "|---|--:|---|",
                       *(f"| {a} | {b} | {c} |" for a, b, c in rows)])
    info, costs, su, mem = res["scenario"], res["costs"], res["startup"], res["memory"]
    command = "python -m benchmarks.numba_engine" + "".join(" " + shlex.quote(a) for a in argv)
    exp_raw = costs["exponential"]["raw_per_draw"]
    notes = [
        "- Speed: both engines run in this one process, the scenario compiled once, timed around "
        "`run_replication` (wall clock); numba's warm-up call (replication 0) loads or compiles the "
        "kernels and is not counted. The SimPy section above times each replication in a fresh process "
        "instead. The split of the numba time comes from a second run of "
        "each replication taken apart step by step (its counts equal the engine's own).",
        "- Draw floor: variates drawn up front are counted from the array sizes (population: lognormal, "
        "beta, uniform, integer and a permutation per enterprise, a permutation per inspector; hazard "
        "candidates: a Poisson count per enterprise, then per candidate a time and 8 unit draws; report "
        "candidates: a Poisson count per enterprise, a time and a uniform each). Uniforms, integers and "
        "permutation positions are priced at one `rng.random()`, Poisson, lognormal, beta and "
        "exponential variates at one `rng.exponential()` (a lower bound for the first three). Draws "
        "inside the kernel are counted as raw 64-bit PCG64 outputs: the LCG distance between a fresh "
        "stream's state and the state after the kernel, confirmed by `bit_generator.advance(n)` on a "
        "fresh copy reproducing the final state (a search on n by state equality alone cannot tell "
        "short from long); each is priced at one `rng.random()`, which takes exactly one output "
        f"(`rng.exponential()` took {exp_raw:.4f} outputs per draw). The floor is what the random "
        "numbers alone would cost; everything above it is event handling, memory traffic and Python.",
        f"- What {TARGET_SPEEDUP:.0f}× leaves: the floors are what an engine of this design (the world drawn "
        "up front from the reference engine's named streams, a heap event list) pays however fast its "
        "handlers are: the draw floor above, and each event popped from the heap (pushes counted by the "
        "engine's sequence counter, less the events left at the end) at one pop and push of the barest "
        f"heap (`benchmarks/heaps.py`'s float64 times, {BARE_HEAP_EVENTS:,} events, fewer than a county's "
        "heap holds, less one `rng.exponential()`). Walking the candidates and self-inspections beside the "
        "heap, building the arrays and every handler's work are left above the floors. Self-inspections "
        "are not counted among the events, so the ns per event are an upper bound for both rows; their "
        "ratio does not depend on the count.",
        "- Scaling: numba only, in this process, one scenario per row: county_baseline with "
        "`population.enterprises`, `inspectors.count` and `horizon_days` overridden (1, 3 and 10 "
        "measured years are 365, 1,096 and 3,653 days; the 3,000 × 1,096 row is county_baseline itself). "
        f"The scenario's {info['warmup_days']:,}-day warm-up is simulated in every row and counted in the "
        "enterprise-years "
        f"({res['enterprise_years'] / info['enterprises']:.1f} years for 1,096 days). A run during which "
        "numba compiled a new signature would be discarded and repeated.",
        "- Start-up: `python -c` children; a child notes `time.monotonic()` on its first line and after "
        "each step, the parent before launching it. Cold: NUMBA_CACHE_DIR set to a new empty folder "
        f"({su['cache_files']} cache files written); warm: the same folder in a second process "
        f"({su['warm_new_files']} files written). JIT compile = first `run_replication` call minus a "
        "second call of the same replication in the same child.",
        "- Memory: a fresh child loads the kernels with a 300-enterprise run and compiles the measured "
        "scenario; then, after `gc.collect()`, it resets its peak RSS (`/proc/self/clear_refs`) and "
        "reports VmHWM after replication 0 minus VmRSS before it. `ru_maxrss` is not used: it cannot "
        "be reset, and a child started by vfork + exec (as `subprocess` does) inherits its parent's "
        "peak; in these children it read "
        + "; ".join(f"{m['maxrss_baseline_mib']:,.0f} MiB before and {m['maxrss_peak_mib']:,.0f} MiB after "
                    f"the {m['enterprises']:,}-enterprise run" for m in mem) + ". "
        + " ".join(f"The {m['enterprises']:,}-enterprise replication took {m['seconds']:.2f} s there." for m in mem
                   if m["enterprises"] == max(x["enterprises"] for x in mem)),
    ]
    lines = [
        f"Produced by `{command}` on {dt.date.today().isoformat()}.",
        "",
        f"Scenario `{SCENARIO}`: {info['enterprises']:,} enterprises, {info['inspectors']} inspectors, "
        f"{info['warmup_days']} warm-up days + {info['horizon_days']} measured days "
        f"= {res['enterprise_years']:,.0f} enterprise-years simulated per replication; seed {res['seed']}. "
        "A figure with a range is the mean over the replications, with (min–max) across them.",
        "",
        *machine_lines(context),
        "",
        table,
        "",
        "Notes:",
        "",
        *notes,
    ]
    return "\n".join(lines)


def write_doc(body: str, path: Path = DOC) -> None:
    """Replace the numba section between its markers, or add it after the SimPy section."""
    write_section(body, BEGIN, END, SECTION, after=AFTER, path=path)


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def measure(seed: int) -> dict:
    import sim
    import sim.engines.numba.engine as numba_engine
    import sim.engines.simpy.engine as simpy_engine
    from sim.engines.numba.loop import simulate_replication
    from sim.world.scenario import compile_scenario

    res: dict = {"seed": seed, "cpu": []}
    _progress("pricing one draw in an @njit loop ...")
    res["costs"] = draw_costs()
    res["bare_heap_ns"] = bare_heap_ns(res["costs"]["exponential"]["ns"])

    config = sim.load_config(SCENARIO)
    scenario = compile_scenario(config)
    res["scenario"] = {"enterprises": config.population.enterprises, "inspectors": config.inspectors.count,
                       "horizon_days": config.horizon_days, "warmup_days": config.warmup_days}
    res["enterprise_years"] = config.population.enterprises * sim_years(scenario)
    _, warmup_s, _ = _timed(numba_engine.run_replication, scenario, seed, 0)
    _progress(f"numba warm-up call: {warmup_s:.2f} s")

    res["simpy"] = []
    for r in range(SIMPY_REPLICATIONS):
        out, wall, cpu = _timed(simpy_engine.run_replication, scenario, seed, r, log_events=False)
        res["simpy"].append({"seconds": wall, "counts": out.counts})
        res["cpu"].append((f"SimPy replication {r}", cpu / wall))
        _progress(f"SimPy replication {r}: {wall:.2f} s")
    res["numba"] = []
    for r in range(NUMBA_REPLICATIONS):
        out, wall, cpu = _timed(numba_engine.run_replication, scenario, seed, r)
        res["numba"].append({"seconds": wall, "counts": out.counts})
        res["cpu"].append((f"numba replication {r}", cpu / wall))
    _progress("numba replications: " + ", ".join(f"{r['seconds']:.3f}" for r in res["numba"]) + " s")
    res["parts"] = [taken_apart(scenario, seed, r) for r in range(NUMBA_REPLICATIONS)]

    every = compile_scenario(sim.load_config(ALL_REGIMES))
    _timed(numba_engine.run_replication, every, seed, 0)  # any signature it needs is compiled here
    res["all_regimes"] = {"simpy": [], "numba": []}
    for r in range(SIMPY_REPLICATIONS):
        _, wall, cpu = _timed(simpy_engine.run_replication, every, seed, r, log_events=False)
        res["all_regimes"]["simpy"].append(wall)
        res["cpu"].append((f"SimPy {ALL_REGIMES} replication {r}", cpu / wall))
    for r in range(ALL_REGIMES_NUMBA_REPLICATIONS):
        _, wall, cpu = _timed(numba_engine.run_replication, every, seed, r)
        res["all_regimes"]["numba"].append(wall)
        res["cpu"].append((f"numba {ALL_REGIMES} replication {r}", cpu / wall))
    _progress(f"{ALL_REGIMES}: SimPy " + ", ".join(f"{s:.2f}" for s in res["all_regimes"]["simpy"])
              + " s; numba " + ", ".join(f"{s:.3f}" for s in res["all_regimes"]["numba"]) + " s")
    del every

    res["scaling"] = []
    plan = [(n, 1096, reps) for n, reps in ENTERPRISES.items()]
    plan += [(3_000, days, reps) for days, reps in HORIZONS.items() if days != 1096]
    for n, days, reps in plan:
        sc = compile_scenario(sim.load_config(SCENARIO, scaled(n, days)))
        row = {"enterprises": n, "horizon_days": days, "sim_years": sim_years(sc),
               "enterprise_years": n * sim_years(sc), "seconds": [], "recompiled": 0}
        r = 0
        while len(row["seconds"]) < reps:
            signatures = len(simulate_replication.signatures)
            _, wall, cpu = _timed(numba_engine.run_replication, sc, seed, r)
            if len(simulate_replication.signatures) != signatures and row["recompiled"] == 0:
                row["recompiled"] += 1       # compiled during the run: not a timing, run it again
                continue
            row["seconds"].append(wall)
            res["cpu"].append((f"{n:,} enterprises × {days} days, replication {r}", cpu / wall))
            r += 1
        _progress(f"{n:,} enterprises × {days} days: " + ", ".join(f"{s:.3f}" for s in row["seconds"]) + " s")
        res["scaling"].append(row)
        del sc
        gc.collect()
    res["scaling"].sort(key=lambda x: (x["horizon_days"] != 1096, x["horizon_days"], x["enterprises"]))

    _progress("start-up on a cold numba cache, then warm ...")
    res["startup"] = startup(seed)
    _progress(f"cold {res['startup']['cold']['to_first']:.1f} s, warm {res['startup']['warm']['to_first']:.2f} s")
    res["memory"] = []
    for n in MEMORY_ENTERPRISES:
        m = _spawn("memory", seed, n)
        m["enterprises"] = n
        res["memory"].append(m)
        _progress(f"memory, {n:,} enterprises: {m['peak_mib'] - m['baseline_mib']:.0f} MiB over baseline")
    return res


def checks(res: dict) -> list[str]:
    problems = []
    for r, (run, part) in enumerate(zip(res["numba"], res["parts"], strict=True)):
        if run["counts"] != part["counts"]:
            problems.append(f"replication {r}: the step-by-step run's counts differ from run_replication's "
                            "(sim/engines/numba/engine.py changed? update taken_apart)")
        if not part["raw_verified"]:
            problems.append(f"replication {r}: a raw-output count was not confirmed by advance()")
    if not all(c["verified"] for c in res["costs"].values()):
        problems.append("the raw outputs of the draw-cost loops were not confirmed by advance()")
    for row in res["scaling"]:
        if row["recompiled"]:
            problems.append(f"{row['enterprises']:,} × {row['horizon_days']} days: numba compiled during a "
                            "timed run (that run was discarded and repeated)")
    su = res["startup"]
    if su["warm_new_files"]:
        problems.append(f"the warm start-up wrote {su['warm_new_files']} new cache files: it compiled")
    if su["outside_cache"]:
        problems.append("the cold start-up wrote numba cache files under sim/: " + ", ".join(su["outside_cache"][:3]))
    if su["cold"]["hazards"] != su["warm"]["hazards"]:
        problems.append("cold and warm start-up runs disagree on replication 0")
    for m in res["memory"]:
        if not m["reset"]:
            problems.append(f"memory run, {m['enterprises']:,} enterprises: could not reset the peak RSS, "
                            "the figures are ru_maxrss (see the notes)")
        if m["compiled"]:
            problems.append(f"memory run, {m['enterprises']:,} enterprises: numba compiled during it")
    starved = [f"{what}: {share:.0%}" for what, share in res["cpu"] if share < 0.9]
    if starved:
        problems.append("timed runs got less than 90% of a CPU (CPU time / wall time): " + ", ".join(starved)
                        + "; the machine was busy, timings are inflated")
    return problems


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m benchmarks.numba_engine",
                                     description="Speed, draw floor, scaling, start-up and memory of the "
                                                 "numba engine.")
    parser.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    parser.add_argument("--write", action="store_true", help=f"update {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error("--seed must be at least 0")

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 1.0:
        _progress(f"WARNING: load average {load:.2f} at start: the machine is not idle, timings may be inflated")
    context = machine_context(("numpy", "simpy", "numba"))
    fingerprint = source_fingerprint()
    res = measure(args.seed)
    context.append(("Load average (1, 5, 15 min) at end", load_average()))
    problems = checks(res)
    if source_fingerprint() != fingerprint:
        problems.append("the source under sim/ changed while the benchmark ran: run it again")
    body = render(argv, res, context)
    return publish(body, problems, args.write, write_doc)


if __name__ == "__main__":
    sys.exit(main())
