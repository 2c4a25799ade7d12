"""Start-up of a fresh process on the numba engine: an empty kernel cache, then a warm one (issue 30).

    python -m benchmarks.startup [--runs N] [--checkout PATH]

Each run starts a `python -c` child with NUMBA_CACHE_DIR set to a new empty folder (cold), then two
more children on that folder (warm). A child loads `county_baseline`, runs replication 0 and runs it
again, and reports its own CPU time (user + system, `time.process_time`) at each step: imports, the
config and scenario, the first replication, the second. The compile (cold) or the load (warm) is the
first replication less the second; a process's overhead is its CPU time to the first result less the
second replication. CPU time, not the wall clock: the figures hold on a machine other work shares.
`--checkout` measures another checkout of the project (its code and its kernels) for an A/B.
Prints a Markdown table; docs/performance.md quotes it. Not part of `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_COLD_S, TARGET_WARM_OVERHEAD_S = 15.0, 1.5
CHILD = """
import json, time
t0 = time.process_time()
import sim
from sim.engines.numba.engine import run_replication
from sim.world.scenario import compile_scenario
t1 = time.process_time()
scenario = compile_scenario(sim.load_config("county_baseline"))
t2 = time.process_time()
run_replication(scenario, 0, 0)
t3 = time.process_time()
run_replication(scenario, 0, 0)
t4 = time.process_time()
print(json.dumps({"start": t0, "imports": t1 - t0, "scenario": t2 - t1, "first": t3 - t2, "again": t4 - t3,
                  "to_first": t3}))
"""


def child(checkout: Path, cache: str) -> dict:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache, "PYTHONPATH": str(checkout)}
    proc = subprocess.run([sys.executable, "-c", CHILD], cwd=checkout, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["overhead"] = out["to_first"] - out["again"]
    out["load"] = out["first"] - out["again"]
    return out


def measure(checkout: Path, runs: int) -> dict:
    cold, warm, files = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="numba-startup-") as folder:
            cold.append(child(checkout, folder))
            files.append(sum(1 for p in Path(folder).rglob("*.nbi")))
            warm += [child(checkout, folder) for _ in range(2)]
    return {"cold": cold, "warm": warm, "indexes": files}


def _spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def render(res: dict) -> str:
    cold, warm = res["cold"], res["warm"]
    rows = [
        ("Cold cache: CPU to the first result (s)", _spread([r["to_first"] for r in cold]), ""),
        ("… of which the compile: first replication less the second (s)", _spread([r["load"] for r in cold]),
         f"< {TARGET_COLD_S:.0f} s"),
        ("Kernel cache index files written", ", ".join(map(str, res["indexes"])), ""),
        ("Warm cache: CPU to the first result (s)", _spread([r["to_first"] for r in warm]), ""),
        ("… overhead beyond the replication (s)", _spread([r["overhead"] for r in warm]),
         f"< {TARGET_WARM_OVERHEAD_S} s"),
        ("… interpreter / imports / config and scenario / kernels loaded (s)",
         " / ".join(_spread([r[k] for r in warm]) for k in ("start", "imports", "scenario", "load")), ""),
        ("The replication itself, second run (s)", _spread([r["again"] for r in warm]), ""),
    ]
    lines = ["| Start-up, `county_baseline` replication 0 (CPU seconds) | Median (min–max) | Target |",
             "|---|--:|---|"]
    return "\n".join(lines + [f"| {a} | {b} | {c} |" for a, b, c in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="cold runs, each followed by two warm ones (default 2)")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout to measure (default this one)")
    args = parser.parse_args(argv)
    res = measure(args.checkout.resolve(), args.runs)
    print(render(res))
    print(json.dumps(res), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
