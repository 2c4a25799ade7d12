"""Benchmark of what numba's function boundaries cost a handler over shared state.

    python -m benchmarks.call_cost [--write]

The numba engine's handlers are small functions (`count`, `sync`, `reschedule`, ...) reading the
state's arrays from a StructRef, each a counterpart of the SimPy code it mirrors. Every array a
function takes from the StructRef, or receives as an argument, is reference-counted (numba's NRT
increments and decrements an atomic counter around its use) and every call keeps LLVM from carrying
values across it. This script prices that: one toy handler (about seven array reads and writes, two
branches, a guarded counter) written three ways over the same arrays and the same inputs:

1. split into small functions over a StructRef, as the engine is written;
2. split into the same functions, with the arrays passed as arguments instead;
3. written inline in one loop, the arrays taken once before it (what a generated kernel could be).

`--write` puts the table in docs/performance.md between its marker comments.
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit
from numba.core import types
from numba.experimental import structref

from benchmarks.common import bench_section_head, section_main

BEGIN = "<!-- call-cost-benchmark:begin -->"
END = "<!-- call-cost-benchmark:end -->"
SECTION = "## Function boundaries"
AFTER = "<!-- heap-benchmark:end -->"
CALLS = 10_000_000
SLOTS = 100


@structref.register
class ToyStateType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(t)) for name, t in fields)


class ToyState(structref.StructRefProxy):
    """Five arrays, as the engine's State holds its arrays."""


structref.define_proxy(ToyState, ToyStateType, ["a", "b", "c", "d", "p"])


# -- 1. small functions over a StructRef -------------------------------------------------------------
@njit(cache=True)
def _count_s(s, k, t):
    if 0.0 <= t < s.p[0]:
        s.c[k] += 1


@njit(cache=True)
def _helper_s(s, i, t):
    if s.a[i] < t:
        s.b[i] = t
        _count_s(s, 1, t)
    else:
        _count_s(s, 2, t)
        s.d[i] += 1.0


@njit(cache=True)
def _handler_s(s, i, t):
    x = s.a[i] * 0.5
    if x > 0.3:
        _helper_s(s, i, t)
        _count_s(s, 0, t)
    if s.b[i] > 0.7:
        _helper_s(s, (i + 1) % SLOTS, t)
    return x


@njit(cache=True)
def structref_calls(s, n):
    acc = 0.0
    for k in range(n):
        acc += _handler_s(s, k % SLOTS, (k % 1000) * 1e-3)
    return acc


# -- 2. the same functions, arrays as arguments ---------------------------------------------------------
@njit(cache=True)
def _count_a(p, c, k, t):
    if 0.0 <= t < p[0]:
        c[k] += 1


@njit(cache=True)
def _helper_a(a, b, c, d, p, i, t):
    if a[i] < t:
        b[i] = t
        _count_a(p, c, 1, t)
    else:
        _count_a(p, c, 2, t)
        d[i] += 1.0


@njit(cache=True)
def _handler_a(a, b, c, d, p, i, t):
    x = a[i] * 0.5
    if x > 0.3:
        _helper_a(a, b, c, d, p, i, t)
        _count_a(p, c, 0, t)
    if b[i] > 0.7:
        _helper_a(a, b, c, d, p, (i + 1) % SLOTS, t)
    return x


@njit(cache=True)
def argument_calls(s, n):
    a, b, c, d, p = s.a, s.b, s.c, s.d, s.p
    acc = 0.0
    for k in range(n):
        acc += _handler_a(a, b, c, d, p, k % SLOTS, (k % 1000) * 1e-3)
    return acc


# -- 3. inline ------------------------------------------------------------------------------------------
@njit(cache=True)
def inline_loop(s, n):
    a, b, c, d, p = s.a, s.b, s.c, s.d, s.p
    acc = 0.0
    for k in range(n):
        i, t = k % SLOTS, (k % 1000) * 1e-3
        x = a[i] * 0.5
        if x > 0.3:
            if a[i] < t:
                b[i] = t
                if 0.0 <= t < p[0]:
                    c[1] += 1
            else:
                if 0.0 <= t < p[0]:
                    c[2] += 1
                d[i] += 1.0
            if 0.0 <= t < p[0]:
                c[0] += 1
        if b[i] > 0.7:
            j = (i + 1) % SLOTS
            if a[j] < t:
                b[j] = t
                if 0.0 <= t < p[0]:
                    c[1] += 1
            else:
                if 0.0 <= t < p[0]:
                    c[2] += 1
                d[j] += 1.0
        acc += x
    return acc


WAYS = (("Small functions over a StructRef (the engine's style)", structref_calls),
        ("The same functions, arrays passed as arguments", argument_calls),
        ("Written inline in one loop", inline_loop))


@njit(cache=True)
def counters_of(s):
    return s.c.copy()


def fresh_state() -> ToyState:
    rng = np.random.default_rng(0)
    return ToyState(rng.random(SLOTS), rng.random(SLOTS), np.zeros(4, dtype=np.int64), np.zeros(SLOTS),
                    np.array([2.0]))


def measure() -> list[tuple[str, float, np.ndarray]]:
    """(way, best ns per handler call over 3 runs, the counters it left): the counters must agree."""
    rows = []
    for label, fn in WAYS:
        fn(fresh_state(), 10)  # compile or load
        best, counters = np.inf, None
        for _ in range(3):
            s = fresh_state()
            start = time.perf_counter()
            fn(s, CALLS)
            best = min(best, time.perf_counter() - start)
            counters = counters_of(s)
        rows.append((label, best / CALLS * 1e9, counters))
    return rows


def checks(rows) -> list[str]:
    first = rows[0][2]
    return [f"{label}: counters {c.tolist()} differ from {first.tolist()}: the three ways are not the same work"
            for label, _, c in rows[1:] if not np.array_equal(c, first)]


def render(rows, context) -> str:
    inline = rows[-1][1]
    lines = [*bench_section_head("call_cost", context), "",
             "| The same handler, written as | ns per call | / inline |", "|---|--:|--:|"]
    for label, ns, _ in rows:
        lines.append(f"| {label} | {ns:.1f} | {ns / inline:.1f}× |")
    lines += ["", f"Each figure is the best of 3 runs of {CALLS:,} calls of one toy handler (about seven array "
              "reads and writes, two branches, a guarded counter; `benchmarks/call_cost.py`); the three ways "
              "leave identical counters (checked). The gap between the first row and the last is what the "
              "engine's modular handlers pay at every call for reference counting and for the calls LLVM "
              "cannot see through; it is measured on a toy, not on the engine's own handlers."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return section_main(argv, __doc__, measure, render, checks, (BEGIN, END, SECTION, AFTER))


if __name__ == "__main__":
    raise SystemExit(main())
