"""The numba kernel's time alone, for comparing two versions of the engine (A/B).

    python -m benchmarks.kernel_time [--scenario NAME] [--set KEY=VALUE ...] [--worlds W] [--rounds R] [--cpu]

Draws W replications' worlds once, then calls `simulate_replication` on fresh state R times for each
(W x R calls) and prints the median, lower quartile and minimum in milliseconds. Only the kernel is
timed: drawing the world and building its arrays are not, so a change inside the kernel is not
drowned by them. This machine's speed drifts by several percent over minutes, so compare versions in
alternated runs (A, B, A, B), each in its own process with its own NUMBA_CACHE_DIR when the versions
are different checkouts (`PYTHONPATH=<checkout>`), and read a difference below the quartile spread as
none. `make bench` does not run this: it is a tool for engine work, and its figures are not published.
`--cpu` times each call by its thread's CPU time instead of the wall clock: on a machine other work
shares, waiting for a core then does not count (the caches it shares still do).
"""

from __future__ import annotations

import argparse
import statistics
import time


def kernel_times(scenario_name: str, overrides: list[str], worlds: int, rounds: int, cpu: bool = False) -> list[float]:
    """Seconds per kernel call, W worlds x R rounds, after one untimed call that loads or compiles;
    of the calling thread's CPU time when `cpu`, else of the wall clock."""
    import sim
    from benchmarks.numba_engine import KERNEL_STREAMS
    from sim.engines.numba.inputs import state_tuple, world_tuple
    from sim.engines.numba.loop import simulate_replication
    from sim.streams import stream
    from sim.world.replication import draw_world
    from sim.world.scenario import compile_scenario

    scenario = compile_scenario(sim.load_config(scenario_name, overrides))
    drawn = []
    for r in range(worlds):
        world = draw_world(scenario, 0, r)
        drawn.append((r, world, world_tuple(scenario, world)))

    def call(r, world, W) -> float:
        S = state_tuple(scenario, world.population, world.hazards)
        streams = [stream(0, r, name) for name in KERNEL_STREAMS]
        clock = time.thread_time if cpu else time.perf_counter
        start = clock()
        simulate_replication(W, S, *streams)
        return clock() - start

    call(*drawn[0])
    return [call(*d) for _ in range(rounds) for d in drawn]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="county_baseline")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="a config override, as on the sim command line (repeatable)")
    parser.add_argument("--worlds", type=int, default=6, help="replications whose worlds are drawn (default 6)")
    parser.add_argument("--rounds", type=int, default=5, help="kernel calls per world (default 5)")
    parser.add_argument("--cpu", action="store_true", help="time the calls by the thread's CPU time, not the wall clock")
    args = parser.parse_args(argv)
    if args.worlds < 1 or args.rounds < 1:
        parser.error(f"--worlds and --rounds must be at least 1 (got {args.worlds}, {args.rounds})")
    ms = sorted(1e3 * t for t in kernel_times(args.scenario, args.overrides, args.worlds, args.rounds, args.cpu))
    quartile = statistics.quantiles(ms, n=4)[0] if len(ms) > 1 else ms[0]
    print(f"{args.scenario}: kernel {'CPU ' if args.cpu else ''}median {statistics.median(ms):.1f} ms, lower quartile {quartile:.1f}, "
          f"min {ms[0]:.1f} ({len(ms)} calls: {args.worlds} worlds x {args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
