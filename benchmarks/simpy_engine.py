"""Benchmark of the SimPy reference engine on the default scenario.

    python -m benchmarks.simpy_engine [--replications N] [--seed S] [--write]

Each measurement runs one replication in a fresh child process (multiprocessing, 'spawn'), one at a
time, so peak memory is per replication and no run warms another's caches. Per replication and per
setting of the event log (log_events False / True), two children run:

* a timed run, with nothing patched: wall-clock seconds (`time.perf_counter`) and peak RSS
  (`ru_maxrss` after the run, minus the child's own baseline after imports and scenario compile);
* an instrumented run of the same replication: `simpy.Environment.step` wrapped with a counter
  (SimPy events processed, no-op events, peak queue length) and `tracemalloc` on. Its wall time is
  not reported (both instruments slow the run); a replication is deterministic, so its event count
  holds for the timed run, which is checked against SimPy's own event ids.

The script prints the machine context and one Markdown table; `--write` also replaces the SimPy
section of docs/performance.md between its marker comments (`make bench` runs this with --write).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import shlex
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from benchmarks.common import (
    DOC,
    ROOT,
    YEAR,
    machine_context,
    machine_lines,
    publish,
    source_fingerprint,
    write_section,
)
from benchmarks.common import load_average as _load

SCENARIO = "county_baseline"
BEGIN = "<!-- simpy-benchmark:begin -->"
END = "<!-- simpy-benchmark:end -->"
SECTION = "## SimPy reference engine"
MIB = 1024.0 * 1024.0


# -- the child: one replication, measured ---------------------------------------------------------
def _measure(instrumented: bool, seed: int, replication: int, log_events: bool) -> dict:
    """Run one replication in this (fresh) process and return what was measured."""
    import resource
    import tracemalloc

    import simpy

    import sim
    import sim.engines.simpy.engine as engine
    from sim.world.scenario import compile_scenario

    config = sim.load_config(SCENARIO)
    scenario = compile_scenario(config)
    gc.collect()
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # See the County the engine builds (its clock, hazard counter, population) and when the world
    # draws before it are done. One call per replication: no cost to the timed run.
    seen: dict = {}
    original_county = engine.County

    class WatchedCounty(original_county):
        def __init__(self, *args, **kwargs):
            seen["draws_done"] = time.perf_counter()
            super().__init__(*args, **kwargs)
            seen["county"] = self

    steps = {"processed": 0, "noop": 0, "peak_queue": 0}
    original_step = simpy.Environment.step

    def counting_step(env):
        queue = env._queue
        if queue:
            if len(queue) > steps["peak_queue"]:
                steps["peak_queue"] = len(queue)
            if not queue[0][3].callbacks:   # nobody waits on it any more, e.g. a timeout orphaned by an interrupt
                steps["noop"] += 1
        steps["processed"] += 1
        return original_step(env)

    engine.County = WatchedCounty
    if instrumented:
        simpy.Environment.step = counting_step
        tracemalloc.start()
    try:
        start, cpu_start = time.perf_counter(), time.process_time()
        out = engine.run_replication(scenario, seed, replication, log_events=log_events)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        traced_peak = tracemalloc.get_traced_memory()[1] if instrumented else None
    finally:
        if instrumented:
            tracemalloc.stop()
            simpy.Environment.step = original_step
        engine.County = original_county
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    county = seen["county"]
    env = county.env
    left = len(env._queue)
    scheduled = next(env._eid)      # ids are 0, 1, ...: the next one is the number scheduled
    return {
        "instrumented": instrumented,
        "replication": replication,
        "log_events": log_events,
        "seconds": seconds,
        "cpu_share": cpu_seconds / seconds,
        "draw_seconds": seen["draws_done"] - start,
        "baseline_mib": baseline_kib / 1024.0,
        "peak_mib": peak_kib / 1024.0,
        "traced_peak_mib": traced_peak / MIB if traced_peak is not None else None,
        "processed": steps["processed"] if instrumented else None,
        "noop": steps["noop"] if instrumented else None,
        "peak_queue": steps["peak_queue"] if instrumented else None,
        "processed_by_ids": scheduled - left,
        "queue_left": left,
        "hazards_total": county.next_hazard_id,
        "hazards_window": out.counts["hazards_created"],
        "log_rows": len(out.events) if out.events is not None else 0,
        "counts": dict(out.counts),
        "enterprises": int(county.population.size),
        "sim_days": scenario.horizon - scenario.first_day,
        "scenario": {
            "enterprises": config.population.enterprises,
            "inspectors": config.inspectors.count,
            "horizon_days": config.horizon_days,
            "warmup_days": config.warmup_days,
        },
    }


def _in_fresh_process(instrumented: bool, seed: int, replication: int, log_events: bool) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_measure, instrumented, seed, replication, log_events).result()


# -- the report ---------------------------------------------------------------------------------
def _mean(rows: list[dict], key: str) -> float:
    return statistics.fmean(r[key] for r in rows)


def _spread(rows: list[dict], key: str, fmt: str) -> str:
    values = [r[key] for r in rows]
    if len(values) == 1:
        return format(values[0], fmt)
    return f"{format(statistics.fmean(values), fmt)} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def build_table(timed: dict[bool, list[dict]], counted: dict[bool, list[dict]]) -> tuple[str, dict]:
    """The Markdown table: columns no log / log / ratio, means over replications (min–max)."""
    off, on = False, True
    t_off, t_on, c_off, c_on = timed[off], timed[on], counted[off], counted[on]
    enterprise_years = t_off[0]["enterprises"] * t_off[0]["sim_days"] / YEAR
    k_ey = enterprise_years / 1000.0
    for rows_t, rows_c in ((t_off, c_off), (t_on, c_on)):
        for rt, rc in zip(rows_t, rows_c, strict=True):
            rt["events_per_s"] = rc["processed"] / rt["seconds"]
            rt["s_per_k_ey"] = rt["seconds"] / k_ey
            rt["increment_mib"] = rt["peak_mib"] - rt["baseline_mib"]
            rc["noop_share"] = rc["noop"] / rc["processed"]
            rc["events_per_hazard"] = rc["processed"] / rc["hazards_total"]
    sec_off, sec_on = _mean(t_off, "seconds"), _mean(t_on, "seconds")
    inc_off, inc_on = _mean(t_off, "increment_mib"), _mean(t_on, "increment_mib")
    tm_off, tm_on = _mean(c_off, "traced_peak_mib"), _mean(c_on, "traced_peak_mib")
    rows = [
        ("Seconds per replication", _spread(t_off, "seconds", ".2f"), _spread(t_on, "seconds", ".2f"),
         _ratio(sec_on, sec_off)),
        ("… of which drawing the world before the SimPy run (s)", _spread(t_off, "draw_seconds", ".2f"),
         _spread(t_on, "draw_seconds", ".2f"), ""),
        ("CPU time / wall time of the timed run", _spread(t_off, "cpu_share", ".0%"),
         _spread(t_on, "cpu_share", ".0%"), ""),
        ("Seconds per 1,000 enterprise-years simulated", _spread(t_off, "s_per_k_ey", ".3f"),
         _spread(t_on, "s_per_k_ey", ".3f"), _ratio(sec_on, sec_off)),
        ("SimPy events processed per replication", _spread(c_off, "processed", ",.0f"),
         _spread(c_on, "processed", ",.0f"), ""),
        ("SimPy events per second", _spread(t_off, "events_per_s", ",.0f"),
         _spread(t_on, "events_per_s", ",.0f"), _ratio(_mean(t_on, "events_per_s"), _mean(t_off, "events_per_s"))),
        ("… share of no-op events (nothing waiting on them)", _spread(c_off, "noop_share", ".1%"),
         _spread(c_on, "noop_share", ".1%"), ""),
        ("Peak SimPy event-queue length", _spread(c_off, "peak_queue", ",.0f"),
         _spread(c_on, "peak_queue", ",.0f"), ""),
        ("Hazards created, whole run (warm-up + measured window)", _spread(c_off, "hazards_total", ",.0f"),
         _spread(c_on, "hazards_total", ",.0f"), ""),
        ("Hazards created, measured window (`counts`)", _spread(c_off, "hazards_window", ",.0f"),
         _spread(c_on, "hazards_window", ",.0f"), ""),
        ("SimPy events per hazard created (whole run)", _spread(c_off, "events_per_hazard", ".2f"),
         _spread(c_on, "events_per_hazard", ".2f"), ""),
        ("Model-event log rows", "—", _spread(t_on, "log_rows", ",.0f"), ""),
        ("Baseline RSS after imports + compile (MiB)", _spread(t_off, "baseline_mib", ".0f"),
         _spread(t_on, "baseline_mib", ".0f"), ""),
        ("Peak RSS (MiB)", _spread(t_off, "peak_mib", ".0f"), _spread(t_on, "peak_mib", ".0f"),
         _ratio(_mean(t_on, "peak_mib"), _mean(t_off, "peak_mib"))),
        ("Peak RSS increment over baseline (MiB)", _spread(t_off, "increment_mib", ".1f"),
         _spread(t_on, "increment_mib", ".1f"), _ratio(inc_on, inc_off)),
        ("tracemalloc peak during the run (MiB)", _spread(c_off, "traced_peak_mib", ".1f"),
         _spread(c_on, "traced_peak_mib", ".1f"), _ratio(tm_on, tm_off)),
    ]
    header = "| Measure | No event log | With event log | With / without |\n|---|--:|--:|--:|"
    table = "\n".join([header, *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)])
    rows_log = _mean(t_on, "log_rows")
    derived = {
        "enterprise_years": enterprise_years,
        "log_overhead": sec_on / sec_off - 1.0,
        "log_seconds_per_1k_rows": (sec_on - sec_off) / rows_log * 1000.0 if rows_log else float("nan"),
        "traced_bytes_per_row": (tm_on - tm_off) * MIB / rows_log if rows_log else float("nan"),
    }
    return table, derived


def _checks(timed: dict[bool, list[dict]], counted: dict[bool, list[dict]]) -> list[str]:
    """Problems found: runs of one replication that disagree, or step counts SimPy does not confirm."""
    problems = []
    for log in (False, True):
        for rt, rc in zip(timed[log], counted[log], strict=True):
            r = rt["replication"]
            if rc["processed"] != rc["processed_by_ids"]:
                problems.append(f"replication {r}, log={log}: the step counter saw {rc['processed']:,} events, "
                                f"SimPy's ids say {rc['processed_by_ids']:,}")
            if rt["processed_by_ids"] != rc["processed"]:
                problems.append(f"replication {r}, log={log}: the timed run processed {rt['processed_by_ids']:,} "
                                f"events, the instrumented run {rc['processed']:,}")
            if rt["counts"] != rc["counts"]:
                problems.append(f"replication {r}, log={log}: timed and instrumented runs differ in counts")
    for rt_off, rt_on in zip(timed[False], timed[True], strict=True):
        if rt_off["counts"] != rt_on["counts"]:
            problems.append(f"replication {rt_off['replication']}: counts differ with and without the event log")
    return problems


def render(args: argparse.Namespace, argv: list[str], timed, counted, context) -> str:
    table, derived = build_table(timed, counted)
    info = timed[False][0]["scenario"]
    command = "python -m benchmarks.simpy_engine" + ("".join(" " + shlex.quote(a) for a in argv))
    n = args.replications
    best = f" Timed runs: fastest of {args.repeat} per replication and setting." if args.repeat > 1 else ""
    lines = [
        f"Produced by `{command}` on {dt.date.today().isoformat()} "
        "(`make bench` runs `python -m benchmarks.simpy_engine --write`).",
        "",
        f"Scenario `{SCENARIO}`: {info['enterprises']:,} enterprises, {info['inspectors']} inspectors, "
        f"{info['warmup_days']} warm-up days + {info['horizon_days']} measured days "
        f"= {derived['enterprise_years']:,.0f} enterprise-years simulated per replication. "
        + (f"Seed {args.seed}, replication 0." if n == 1 else
           f"Seed {args.seed}, replications 0–{n - 1}; each figure is the mean over the {n} replications, "
           "with (min–max) across them (replications differ in their worlds as well as in timing noise).")
        + best,
        "",
        *machine_lines(context),
        "",
        table,
        "",
        "How it is measured: every replication runs alone in a fresh `spawn` child process, timed around "
        "`run_replication` with nothing patched; peak RSS is the child's `ru_maxrss` after the run, and the "
        "increment subtracts the child's `ru_maxrss` after imports and scenario compile. SimPy events are "
        "counted in a second, instrumented run of the same replication (a counting wrapper around "
        "`simpy.Environment.step`, plus `tracemalloc`), whose own time is not reported; the count equals "
        "the events the timed run processed (checked against SimPy's event ids). Events per second are "
        "over the whole replication, draws included. A no-op event is one with no callback left when it "
        "is processed: the completion event of a process nobody waits on (one per finished hazard) or "
        "the pending timeout of a hazard process that was interrupted to recompute its clocks.",
        "",
        f"Event-log overhead: {derived['log_overhead']:+.1%} wall time, that is "
        f"{derived['log_seconds_per_1k_rows'] * 1000:.1f} ms per 1,000 log rows; the log costs about "
        f"{derived['traced_bytes_per_row']:.0f} bytes of Python allocations per row (tracemalloc peaks).",
    ]
    return "\n".join(lines)


def write_doc(body: str, path: Path = DOC) -> None:
    """Replace the SimPy section between its markers, creating the file or the section if missing."""
    write_section(body, BEGIN, END, SECTION, path=path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m benchmarks.simpy_engine",
                                     description="Time and memory of the SimPy engine on county_baseline.")
    parser.add_argument("--replications", type=int, default=3, metavar="N",
                        help="replications measured, each with and without the event log (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="time each replication K times, each in a fresh process, and keep the fastest "
                             "(default 1; use more on a busy machine)")
    parser.add_argument("--write", action="store_true", help=f"update {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.replications < 1:
        parser.error("--replications must be at least 1")
    if args.seed < 0:
        parser.error("--seed must be at least 0")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    context = machine_context()
    fingerprint = source_fingerprint()
    timed: dict[bool, list[dict]] = {False: [], True: []}
    counted: dict[bool, list[dict]] = {False: [], True: []}
    plan = [(r, instrumented, log) for r in range(args.replications) for instrumented in (False, True)
            for log in (False, True) for _ in range(1 if instrumented else args.repeat)]
    for done, (r, instrumented, log) in enumerate(plan, start=1):
        what = "instrumented" if instrumented else "timed"
        print(f"[{done}/{len(plan)}] replication {r}, log_events={log}, {what} ...",
              end=" ", file=sys.stderr, flush=True)
        result = _in_fresh_process(instrumented, args.seed, r, log)
        print(f"{result['seconds']:.2f} s", file=sys.stderr, flush=True)
        rows = (counted if instrumented else timed)[log]
        if rows and rows[-1]["replication"] == r:       # a repeat: keep the fastest
            if result["seconds"] < rows[-1]["seconds"]:
                rows[-1] = result
        else:
            rows.append(result)
    context.append(("Load average (1, 5, 15 min) at end", _load()))

    problems = _checks(timed, counted)
    if source_fingerprint() != fingerprint:
        problems.append("the source under sim/ changed while the benchmark ran: run it again")
    starved = [f"{r['replication']}/log={r['log_events']}: {r['cpu_share']:.0%}"
               for log in (False, True) for r in timed[log] if r["cpu_share"] < 0.9]
    if starved:
        problems.append("timed runs got less than 90% of a CPU (replication/setting: CPU time / wall time): "
                        + ", ".join(starved) + "; the machine was busy, timings are inflated")
    body = render(args, argv, timed, counted, context)
    return publish(body, problems, args.write, write_doc)


if __name__ == "__main__":
    sys.exit(main())
