"""Benchmark of the memory a run takes, and of the estimate sim/memory.py makes of it before a run.

    python -m benchmarks.memory [--write]

Every measurement runs in a fresh child process (`python -c`), one at a time:

1. one replication (`run_replication`) of county_baseline with `population.enterprises` N,
   `inspectors.count` N / 100 and short horizons, on each engine (SimPy also with its event log). The
   child loads the engine with a small run first, then resets its peak RSS (`/proc/self/clear_refs`)
   and reads VmHWM after `compile_scenario`, and again after the replication and the pickling of its
   output (what a worker sends back), each over VmRSS before it. The peaks are fitted, weighted by
   absolute error with non-negative least squares, as a cost per enterprise plus one per hazard
   candidate drawn up front (their number is varied apart from the enterprises by the horizon);
   the event log's cost per row is the difference between runs with and without it.
2. whole runs (`sim.simulate`), n_jobs 1 and 2: the child's VmHWM plus the VmHWM of every process it
   started (joblib's loky workers, each with its copy of the compiled scenario), read after the run
   while the workers are still alive. Runs that differ only in their replications give what the
   calling process keeps per replication, with and without the event log.

Each measured peak is compared with `sim.memory.estimate_bytes` for the same config (the ratio
should lie between 1 and 1.5: the estimate errs high), and the fitted costs with the constants in
sim/memory.py. `--write` puts the tables in docs/performance.md between their marker comments.
Top-level imports are standard library only, so a child pays for numpy and sim/ where it is measured.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, bench_section_head, reset_peak_rss, section_main, status_kib

BEGIN = "<!-- memory-benchmark:begin -->"
END = "<!-- memory-benchmark:end -->"
SECTION = "## Memory"
AFTER = "<!-- throughput-benchmark:end -->"
SCENARIO = "county_baseline"
KIB, MIB = 1024, 1024 * 1024
SEED = 0
# (engine, enterprises, warm-up days, measured days, event log): one replication each
REPLICATIONS = [
    ("numba", 3_000, 365, 365, False), ("numba", 30_000, 365, 365, False), ("numba", 100_000, 365, 365, False),
    ("numba", 300_000, 365, 365, False), ("numba", 30_000, 1096, 1096, False), ("numba", 100_000, 0, 60, False),
    ("simpy", 1_000, 365, 365, False), ("simpy", 3_000, 365, 365, False), ("simpy", 10_000, 365, 365, False),
    ("simpy", 30_000, 365, 365, False),
    ("simpy", 3_000, 1096, 1096, False), ("simpy", 10_000, 0, 60, False), ("simpy", 3_000, 365, 365, True),
    ("simpy", 10_000, 365, 365, True),
]
# (engine, enterprises, warm-up days, measured days, event log, replications, n_jobs): whole runs
RUNS = [
    ("numba", 3_000, 365, 365, False, 2, 2), ("numba", 3_000, 365, 365, False, 40, 2),
    ("numba", 100_000, 365, 365, False, 2, 2), ("numba", 300_000, 1096, 1096, False, 1, 1),
    ("simpy", 3_000, 365, 365, True, 2, 2), ("simpy", 3_000, 365, 365, True, 8, 2),
    ("simpy", 3_000, 365, 365, True, 4, 1), ("simpy", 10_000, 365, 365, False, 1, 1),
]


def overrides(enterprises: int, warmup: int, horizon: int, replications: int = 1) -> list[str]:
    return [f"population.enterprises={enterprises}", f"inspectors.count={max(1, enterprises // 100)}",
            f"warmup_days={warmup}", f"horizon_days={horizon}", f"replications={replications}"]


# -- in the child -----------------------------------------------------------------------------------
def _child(spec: dict) -> None:
    """Run one measurement in this fresh process; print one JSON line."""
    out = _one_replication(spec) if spec["kind"] == "replication" else _whole_run(spec)
    print(json.dumps(out), flush=True)


def _one_replication(spec: dict) -> dict:
    import pickle

    import sim
    from sim.memory import estimate_bytes, expected_candidates
    from sim.world.scenario import compile_scenario

    if spec["engine"] == "numba":
        import sim.engines.numba.engine as engine
    else:
        import sim.engines.simpy.engine as engine
    events = spec["events"]
    small = compile_scenario(sim.load_config(SCENARIO, overrides(300, 30, 100)))
    engine.run_replication(small, SEED, 0, log_events=events)          # load (or compile) the kernels
    del small
    gc.collect()
    baseline = status_kib("VmRSS")
    reset = reset_peak_rss()
    config = sim.load_config(SCENARIO, overrides(spec["enterprises"], spec["warmup"], spec["horizon"]))
    scenario = compile_scenario(config)
    compiled = status_kib("VmHWM") - baseline
    drawn = {}
    draw_world = engine.draw_world

    def counting(*args):
        world = draw_world(*args)
        drawn["candidates"] = int(world.hazards.time.shape[0])
        return world

    engine.draw_world = counting
    gc.collect()
    reset_peak_rss()
    before = status_kib("VmRSS")
    start = time.perf_counter()
    output = engine.run_replication(scenario, SEED, 0, log_events=events)
    sent = len(pickle.dumps(output, protocol=pickle.HIGHEST_PROTOCOL))
    seconds = time.perf_counter() - start
    peak = status_kib("VmHWM")
    return {**spec, "reset": reset, "baseline": baseline * KIB, "compile": compiled * KIB, "before": before * KIB,
            "peak": (peak - before) * KIB, "absolute": peak * KIB, "seconds": seconds, "pickled": sent,
            "rows": len(output.events or ()), "candidates": drawn["candidates"],
            "expected": expected_candidates(config), "estimate": estimate_bytes(config, spec["engine"], 1, events)}


def _whole_run(spec: dict) -> dict:
    import sim
    from sim.memory import estimate_bytes, workers

    config = sim.load_config(SCENARIO, overrides(spec["enterprises"], spec["warmup"], spec["horizon"],
                                                 spec["replications"]))
    start = time.perf_counter()
    result = sim.simulate(config, engine=spec["engine"], replications=spec["replications"], seed=SEED,
                          n_jobs=spec["n_jobs"], progress=False, events=spec["events"])
    seconds = time.perf_counter() - start
    caller = status_kib("VmHWM")
    started = sorted(kib * KIB for pid in _descendants(os.getpid()) if (kib := status_kib("VmHWM", pid)) is not None)
    cut = len(started) - workers(config, spec["n_jobs"])  # the largest are the workers; the rest, joblib's helpers
    return {**spec, "caller": caller * KIB, "workers": started[cut:], "helpers": started[:cut],
            "rows": len(result.events),
            "seconds": seconds, "estimate": estimate_bytes(config, spec["engine"], spec["n_jobs"], spec["events"])}


def _descendants(pid: int) -> list[int]:
    """Every process started by `pid`, and theirs (the parent pid is the 4th field of /proc/*/stat)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _spawn(spec: dict) -> dict:
    code = f"import json\nfrom benchmarks.memory import _child\n_child(json.loads({json.dumps(spec)!r}))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"child {spec} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- in the parent ----------------------------------------------------------------------------------
def measure() -> dict:
    keys = ("engine", "enterprises", "warmup", "horizon", "events")
    reps, runs = [], []
    for row in REPLICATIONS:
        reps.append(_spawn({"kind": "replication", **dict(zip(keys, row, strict=True))}))
        _progress(reps[-1], reps[-1]["peak"])
    for row in RUNS:
        runs.append(_spawn({"kind": "run", **dict(zip((*keys, "replications", "n_jobs"), row, strict=True))}))
        _progress(runs[-1], _measured(runs[-1]))
    return {"replications": reps, "runs": runs, "fit": fit(reps, runs)}


def _progress(m: dict, peak: float) -> None:
    print(f"{_label(m)}: {peak / MIB:,.0f} MiB, estimate {m['estimate'] / MIB:,.0f} MiB, {m['seconds']:.1f} s",
          file=sys.stderr, flush=True)


def _label(m: dict) -> str:
    text = f"{m['engine']} {m['enterprises']:,} enterprises, {m['warmup']}+{m['horizon']} days"
    text += ", event log" if m["events"] else ""
    if m["kind"] == "run":
        text += f", {m['replications']} replications, n_jobs={m['n_jobs']}"
    return text


def fit(reps: list[dict], runs: list[dict]) -> dict:
    """The constants of sim/memory.py, as this run measures them."""
    import numpy as np
    from scipy.optimize import nnls

    out: dict = {"PROCESS": {}, "PER_ENTERPRISE": {}, "PER_CANDIDATE": {}, "intercept": {}}
    for engine in ("numba", "simpy"):
        plain = [r for r in reps if r["engine"] == engine and not r["events"]]
        y = np.array([r["peak"] for r in plain], dtype=float)
        a = np.array([[1.0, r["enterprises"], r["expected"]] for r in plain])
        (intercept, per_enterprise, per_candidate), _ = nnls(a, y)  # absolute errors: the large runs matter
        out["intercept"][engine] = intercept
        out["PROCESS"][engine] = max(r["baseline"] for r in plain) + intercept
        out["PER_ENTERPRISE"][engine], out["PER_CANDIDATE"][engine] = per_enterprise, per_candidate
    logged = [r for r in reps if r["events"]]
    pairs = [(r, next(p for p in reps if not p["events"] and all(p[k] == r[k] for k in
                                                                  ("engine", "enterprises", "warmup", "horizon"))))
             for r in logged]
    out["PER_LOG_ROW_RUN"] = max((r["peak"] - p["peak"]) / r["rows"] for r, p in pairs)
    out["LOG_ROWS_PER_CANDIDATE"] = max(r["rows"] / (r["expected"] * r["horizon"] / (r["horizon"] + r["warmup"]))
                                        for r in logged)
    few, many = _pair(runs, "numba")
    out["POOL"] = max(sum(r["helpers"]) for r in runs)
    more = many["replications"] - few["replications"]
    out["PER_REPLICATION_KEPT"] = max(0.0, (many["caller"] - few["caller"]) / more)
    few, many = _pair(runs, "simpy")
    rows_kept = (many["caller"] - few["caller"]
                 - out["PER_REPLICATION_KEPT"] * (many["replications"] - few["replications"]))
    out["PER_LOG_ROW_KEPT"] = max(0.0, rows_kept / (many["rows"] - few["rows"]))
    return out


def _pair(runs: list[dict], engine: str) -> tuple[dict, dict]:
    """The two runs with workers that differ only in their replications: fewer first."""
    same = [r for r in runs if r["engine"] == engine and r["n_jobs"] > 1 and r["enterprises"] == 3_000]
    same.sort(key=lambda r: r["replications"])
    return same[0], same[-1]


def _measured(m: dict) -> float:
    return m["absolute"] if m["kind"] == "replication" else m["caller"] + sum(m["workers"]) + sum(m["helpers"])


def checks(res: dict) -> list[str]:
    problems = []
    for m in res["replications"] + res["runs"]:
        ratio = m["estimate"] / _measured(m)
        if not 1.0 <= ratio <= 1.5:
            problems.append(f"{_label(m)}: sim/memory.py estimates {ratio:.2f}× the measured peak (want 1 to 1.5)")
        if m["kind"] == "replication" and not m["reset"]:
            problems.append(f"{_label(m)}: could not reset the peak RSS; its figures are the process's whole life")
    return problems


def _mib(x: float) -> str:
    return f"{x / MIB:,.0f}"


def render(res: dict, context) -> str:
    import sim.memory as module

    reps, runs, fitted = res["replications"], res["runs"], res["fit"]
    lines = [*bench_section_head("memory", context), "",
             "**One replication in a fresh process** (`county_baseline`, inspectors = enterprises / 100; "
             "peaks are VmHWM over VmRSS before, after `/proc/self/clear_refs`):", "",
             "| Engine | Enterprises | Warm-up + measured days | Hazard candidates drawn (expected) | Log rows "
             "| Process before (MiB) | `compile_scenario` (MiB) | Replication peak (MiB) | Fit (MiB) | Seconds "
             "| Estimate / measured |", "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for m in reps:
        e = m["engine"]
        fit_bytes = (fitted["intercept"][e] + fitted["PER_ENTERPRISE"][e] * m["enterprises"]
                     + fitted["PER_CANDIDATE"][e] * m["expected"] + fitted["PER_LOG_ROW_RUN"] * m["rows"])
        lines.append(f"| {e} | {m['enterprises']:,} | {m['warmup']} + {m['horizon']} | {m['candidates']:,} "
                     f"({m['expected']:,.0f}) | {m['rows']:,} | {_mib(m['before'])} | {_mib(m['compile'])} "
                     f"| {_mib(m['peak'])} | {_mib(fit_bytes)} | {m['seconds']:.1f} "
                     f"| {m['estimate'] / _measured(m):.2f} |")
    lines += ["", "**Whole runs** (`sim.simulate`, seed 0; the calling process's VmHWM plus that of every "
              "process it started, read after the run while joblib's workers are alive):", "",
              "| Engine | Enterprises | Days | Event log | Replications | n_jobs | Caller (MiB) | Workers (MiB) "
              "| joblib's helpers (MiB) | Total (MiB) | Estimate (MiB) | Estimate / measured | Seconds |",
              "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for m in runs:
        workers = " + ".join(_mib(w) for w in m["workers"]) or "none"
        helpers = " + ".join(_mib(h) for h in m["helpers"]) or "none"
        log = f"yes, {m['rows']:,} rows" if m["events"] else "no"
        lines.append(f"| {m['engine']} | {m['enterprises']:,} | {m['warmup']} + {m['horizon']} | {log} "
                     f"| {m['replications']} | {m['n_jobs']} | {_mib(m['caller'])} | {workers} | {helpers} "
                     f"| {_mib(_measured(m))} | {_mib(m['estimate'])} | {m['estimate'] / _measured(m):.2f} "
                     f"| {m['seconds']:.1f} |")
    lines += ["", f"**The constants of `sim/memory.py`** (its estimate is the sum of these costs times "
              f"HEADROOM = {module.HEADROOM}, so that it errs high):", "",
              "| Constant | Fitted in this run | In sim/memory.py | sim/memory.py / fitted |", "|---|--:|--:|--:|"]
    for name, value in _constants(fitted):
        held = _module_value(module, name)
        ratio = f"{held / value:.2f}" if value else "—"
        lines.append(f"| `{name}` | {_number(value)} | {_number(held)} | {ratio} |")
    ratios = [m["estimate"] / _measured(m) for m in reps + runs]
    lines += ["", f"Over these {len(ratios)} measurements the estimate was {min(ratios):.2f} to {max(ratios):.2f} "
              "times the measured peak (replication rows: the estimate for that replication alone, in one "
              "process, against the child's peak RSS; whole runs: against the total).", "",
              *_issue_counties(), "", *NOTES]
    return "\n".join(lines)


def _issue_counties() -> list[str]:
    """What the estimate says, on this run's machine, for the counties of the issue that asked for it."""
    import sim
    from sim.memory import available_bytes, estimate_bytes

    lines = [f"What `sim.memory.estimate_bytes` gives for `{SCENARIO}` (three warm-up and three measured "
             f"years, one replication, one process; {available_bytes() / 1e9:,.1f} GB were available at the end "
             "of this run):", ""]
    for n in (1_000_000, 100_000_000):
        config = sim.load_config(SCENARIO, [f"population.enterprises={n}"])
        numba, simpy = estimate_bytes(config, "numba", 1, False), estimate_bytes(config, "simpy", 1, True)
        lines.append(f"- {n:,} enterprises: {numba / 1e9:,.1f} GB on the numba engine, {simpy / 1e9:,.1f} GB on "
                     "the SimPy engine with its event log.")
    return lines


def _constants(fitted: dict) -> list[tuple[str, float]]:
    out = []
    for name in ("PROCESS", "PER_ENTERPRISE", "PER_CANDIDATE"):
        out += [(f"{name}[{e!r}]", fitted[name][e]) for e in ("numba", "simpy")]
    return out + [(n, fitted[n]) for n in ("POOL", "PER_REPLICATION_KEPT", "LOG_ROWS_PER_CANDIDATE",
                                           "PER_LOG_ROW_RUN", "PER_LOG_ROW_KEPT")]


def _module_value(module, name: str) -> float:
    base, _, key = name.partition("[")
    value = getattr(module, base)
    return value[key.strip("]'")] if key else value


def _number(x: float) -> str:
    if x >= 10 * MIB:
        return f"{x / MIB:,.1f} MiB"
    return f"{x:,.0f} bytes" if x >= 100 else f"{x:.3f}"


NOTES = [
    "How it is measured: each row is a fresh child process (`python -c`), one at a time. A replication "
    "child loads its engine with a 300-enterprise run (which loads numba's cached kernels), notes VmRSS, "
    "resets its peak RSS, compiles the scenario (the compile column is that peak), and resets it again "
    "before `run_replication`; the replication peak includes pickling its output, as a worker does to "
    "send it back. The fit is an intercept (added to `PROCESS`) + a cost per enterprise + a cost per "
    "expected hazard candidate (`sim.memory.expected_candidates`, which the drawn counts check), by "
    "non-negative least squares on the runs without a log (absolute errors, so the largest runs weigh "
    "most); the log's cost per row is the largest difference between a run with the log and the same "
    "run without it, per row. `POOL` is the largest sum of the helper processes joblib starts beside its "
    "workers (the processes a run started, less the n_jobs largest). What the caller keeps per "
    "replication is the difference of the caller's peak between the two whole runs with workers that "
    "differ only in their replications (numba: per replication; SimPy with its log: per row, after that).",
    "",
    "`compile_scenario` holds the sector tables, the calendar and the regime schedules: it grows with "
    "the days, not the enterprises. A worker process costs its interpreter, sim/, the engine (numba's "
    "kernels) and an unpickled copy of that small compiled scenario: the `PROCESS` row.",
]


def main(argv: list[str] | None = None) -> int:
    return section_main(argv, __doc__, measure, render, checks, (BEGIN, END, SECTION, AFTER),
                        packages=("numpy", "simpy", "numba"))


if __name__ == "__main__":
    sys.exit(main())
