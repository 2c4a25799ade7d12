"""Benchmark of the event list: what one pop and push costs, for three layouts of the same 4-ary heap.

    python -m benchmarks.heaps [--write]

The numba engine spends a large share of its time in the event list, so its cost per event is a
floor under the engine as real as the draw floor. Three layouts are timed on the same sequence of
times (a heap of n events, then a million rounds of "pop the earliest, push it again a random
Exp(mean 100 days) later", the shape of a simulation's hold model):

1. bare times: a heap of float64 times only (no tie-break, no payload), the least any event list costs;
2. the engine's layout: `sim.engines.numba.heaps.push_event` / `pop_event` on a real state, five
   parallel 1-D arrays (time, sequence, kind, payload a, payload b);
3. the layout it replaced: one 2-D int64 row per event (sequence, kind, a, b) beside the times.

`--write` puts the table in docs/performance.md between its marker comments.
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit

from benchmarks.common import bench_section_head, section_main

BEGIN = "<!-- heap-benchmark:begin -->"
END = "<!-- heap-benchmark:end -->"
SECTION = "## Event list"
AFTER = "<!-- numba-benchmark:end -->"
SIZES = (1_000, 5_000, 20_000, 50_000)
ROUNDS = 1_000_000
ARITY = 4
N_ROW = 4  # sequence, kind, a, b


@njit(cache=True)
def _bare_push(h, n, t):
    while n > 0:
        p = (n - 1) // ARITY
        if h[p] <= t:
            break
        h[n] = h[p]
        n = p
    h[n] = t


@njit(cache=True)
def _bare_pop(h, n):
    top, n = h[0], n - 1
    last, i = h[n], 0
    while True:
        c = ARITY * i + 1
        if c >= n:
            break
        best = c
        for j in range(c + 1, min(c + ARITY, n)):
            if h[j] < h[best]:
                best = j
        if h[best] >= last:
            break
        h[i] = h[best]
        i = best
    h[i] = last
    return top


@njit(cache=True)
def bare_rounds(n, rounds, rng):
    h = np.zeros(n + 1)
    for i in range(n):
        _bare_push(h, i, rng.random() * 100.0)
    s = 0.0
    for _ in range(rounds):
        t = _bare_pop(h, n)
        _bare_push(h, n - 1, t + rng.exponential(100.0))
        s += t
    return s


@njit(cache=True)
def _row_before(evf, evi, i, t, seq):
    return evf[i] < t or (evf[i] == t and evi[i, 0] < seq)


@njit(cache=True)
def _row_move(evf, evi, src, dst):
    evf[dst] = evf[src]
    for c in range(N_ROW):
        evi[dst, c] = evi[src, c]


@njit(cache=True)
def _row_push(evf, evi, meta, t, kind, a, b):
    seq, n = meta[1], meta[0]
    meta[1], meta[0] = seq + 1, n + 1
    while n > 0:
        p = (n - 1) // ARITY
        if _row_before(evf, evi, p, t, seq):
            break
        _row_move(evf, evi, p, n)
        n = p
    evf[n] = t
    evi[n, 0], evi[n, 1], evi[n, 2], evi[n, 3] = seq, kind, a, b


@njit(cache=True)
def _row_pop(evf, evi, meta):
    top = (evf[0], evi[0, 1], evi[0, 2], evi[0, 3])
    n = meta[0] - 1
    meta[0] = n
    if n > 0:
        t, seq, i = evf[n], evi[n, 0], 0
        while True:
            c = ARITY * i + 1
            if c >= n:
                break
            best = c
            for j in range(c + 1, min(c + ARITY, n)):
                if _row_before(evf, evi, j, evf[best], evi[best, 0]):
                    best = j
            if not _row_before(evf, evi, best, t, seq):
                break
            _row_move(evf, evi, best, i)
            i = best
        _row_move(evf, evi, n, i)
    return top


@njit(cache=True)
def row_rounds(n, rounds, rng):
    evf, evi, meta = np.zeros(n + 1), np.zeros((n + 1, N_ROW), dtype=np.int64), np.zeros(2, dtype=np.int64)
    for i in range(n):
        _row_push(evf, evi, meta, rng.random() * 100.0, 1, i, 0)
    s = 0.0
    for _ in range(rounds):
        t, kind, a, b = _row_pop(evf, evi, meta)
        _row_push(evf, evi, meta, t + rng.exponential(100.0), kind, a, b)
        s += t
    return s


def engine_rounds_kernel():
    """The engine's own heap on a real (empty) county state; imported late so --help stays fast."""
    from sim.engines.numba.heaps import pop_event, push_event

    @njit
    def rounds_fn(S, n, rounds, rng):
        S.pending_events = 0  # each run starts from an empty heap on the same arrays
        for i in range(n):
            push_event(S, rng.random() * 100.0, 1, i, 0)
        s = 0.0
        for _ in range(rounds):
            t, kind, a, b = pop_event(S)
            push_event(S, t + rng.exponential(100.0), kind, a, b)
            s += t
        return s

    return rounds_fn


def empty_state(capacity: int):
    from sim.config.loader import load_config
    from sim.engines.numba.inputs import state_tuple
    from sim.world.nature import draw_hazard_candidates
    from sim.world.population import draw_population
    from sim.world.scenario import compile_scenario

    scenario = compile_scenario(load_config("county_baseline", [f"population.enterprises={capacity // 4}"]))
    population = draw_population(scenario, 0, 0)
    return state_tuple(scenario, population, draw_hazard_candidates(scenario, population, 0, 0))


def ns_per_round(fn, *args) -> float:
    """Best of 3 runs of fn(*args, rounds, rng), in ns per round; the same draws every run."""
    fn(*args, 10, np.random.default_rng(0))  # compile or load
    best = np.inf
    for _ in range(3):
        rng = np.random.default_rng(1)
        start = time.perf_counter()
        fn(*args, ROUNDS, rng)
        best = min(best, time.perf_counter() - start)
    return best / ROUNDS * 1e9


def measure() -> list[tuple[int, float, float, float]]:
    engine = engine_rounds_kernel()
    rows = []
    for n in SIZES:
        bare = ns_per_round(bare_rounds, n)
        row = ns_per_round(row_rounds, n)
        ours = ns_per_round(engine, empty_state(n + 64), n)
        rows.append((n, bare, ours, row))
    return rows


def county_traffic(seed: int = 0, replication: int = 0) -> tuple[int, int]:
    """(events pushed through the heap, hazard candidates walked beside it) in one county_baseline
    replication: the engine's own sequence counter, and the candidates before the horizon."""
    from sim.config.loader import load_config
    from sim.engines.numba.inputs import state_tuple, world_tuple
    from sim.engines.numba.loop import simulate_replication
    from sim.streams import stream
    from sim.world.replication import draw_world
    from sim.world.scenario import compile_scenario

    scenario = compile_scenario(load_config("county_baseline"))
    world = draw_world(scenario, seed, replication)
    S = state_tuple(scenario, world.population, world.hazards)
    S = simulate_replication(world_tuple(scenario, world), S,
                             *(stream(seed, replication, name) for name in
                               ("self_inspection", "enforcement", "rectification", "third_party")))
    pushed, _ = heap_counters(S)
    return pushed, int((world.hazards.time < scenario.horizon).sum())


@njit(cache=True)
def heap_counters(S):
    """(events pushed in all, events still in the heap) of a state."""
    return S.events_pushed, S.pending_events


def render(result, context) -> str:
    rows, traffic = result
    lines = [*bench_section_head("heaps", context)]
    lines += ["", "| Events in the heap | Bare float64 times (ns) | Engine: five 1-D arrays (ns) | "
              "Replaced: 2-D rows (ns) | Engine / bare | 2-D rows / engine |", "|--:|--:|--:|--:|--:|--:|"]
    for n, bare, ours, row in rows:
        lines.append(f"| {n:,} | {bare:.0f} | {ours:.0f} | {row:.0f} | {ours / bare:.2f}× | {row / ours:.2f}× |")
    lines += ["", f"Each figure is nanoseconds per round (one pop and one push, including one exponential "
              f"draw), the best of 3 runs of {ROUNDS:,} rounds on a heap that starts with n events. "
              f"A `county_baseline` replication (seed 0, replication 0) pushes {traffic[0]:,} events through "
              "the engine's heap (hazard clocks, complaints, working days, the regimes' events); its "
              f"{traffic[1]:,} hazard candidates and its self-inspections do not pass through it: the loop "
              "walks them in time order beside the heap (`sim/engines/numba/arrivals.py`)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return section_main(argv, __doc__, lambda: (measure(), county_traffic()), render, lambda result: [],
                        (BEGIN, END, SECTION, AFTER))


if __name__ == "__main__":
    raise SystemExit(main())
