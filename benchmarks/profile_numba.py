"""Where the numba kernel's time goes: a sampling profile by compiled function, with Linux `perf`.

    python -m benchmarks.profile_numba [--scenario NAME] [--set KEY=VALUE ...] [--replications N] [--write]

`perf record` samples the CPU clock of a child process that compiles the kernels afresh (a new,
temporary NUMBA_CACHE_DIR, so the compiled modules are in memory), writes a perf symbol map of every
compiled function (`/tmp/perf-<pid>.map`, removed afterwards; each function's size from the symbol
table of its library's native object, read with `nm`), runs one warm-up replication and then
N timed ones. The report counts the samples that fell in compiled code, by function: a function
LLVM inlined into its caller is counted in the caller. numba's reference counting (`NRT_incref`,
`NRT_decref`) is its own line. Needs `perf` and `nm` (Debian packages linux-perf, binutils).
`--write` puts the table in docs/performance.md between its marker comments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import (
    ROOT,
    load_average,
    machine_context,
    machine_lines,
    publish,
    write_section,
)

BEGIN = "<!-- kernel-profile:begin -->"
END = "<!-- kernel-profile:end -->"
SECTION = "## Where the kernel's time goes"
AFTER = "<!-- call-cost-benchmark:end -->"
FREQUENCY = 2000  # samples a second
TOP = 15
REFCOUNT = ("NRT_incref", "NRT_decref")


def readable(symbol: str) -> str:
    """`_ZN3sim7engines5numba5heaps9pop_eventB4v114B38...` -> `sim.engines.numba.heaps.pop_event`."""
    name = re.sub(r"^cfunc\.", "", symbol)
    name = re.sub(r"^_ZN(7cpython)?", "", name)
    parts, i = [], 0
    while i < len(name) and name[i].isdigit():
        j = i
        while name[j].isdigit():
            j += 1
        length = int(name[i:j])
        parts.append(name[j:j + length])
        i = j + length
    return ".".join(parts) if parts else symbol


# -- the profiled child --------------------------------------------------------------------------
def child(scenario_name: str, overrides: list[str], replications: int) -> None:
    import sim
    from sim.engines.numba import loop
    from sim.engines.numba.engine import run_replication
    from sim.world.scenario import compile_scenario

    scenario = compile_scenario(sim.load_config(scenario_name, overrides))
    run_replication(scenario, 0, 0)
    seen: set[int] = set()
    symbols = sorted({f for library in _sim_libraries(loop) for f in _compiled_functions(library, seen)})
    from numba.core.runtime.nrt import rtsys

    refcount_sizes = _function_sizes(rtsys.library)
    for name in REFCOUNT:
        symbols.append((rtsys.library.get_pointer_to_function(name), refcount_sizes[name], name))
    with open(f"/tmp/perf-{os.getpid()}.map", "w") as out:
        for address, size, name in sorted(symbols):
            out.write(f"{address:x} {size:x} {readable(name)}\n")
    for r in range(replications):
        run_replication(scenario, 0, r)


def _sim_libraries(loop):
    """The compiled library of the kernel and of every other compiled function of `sim` that has run (the
    world's orders in `sim.world.ordering`, for one), so that their samples are not left unnamed."""
    from numba.core.registry import CPUDispatcher

    libraries = [loop.simulate_replication.overloads[loop.simulate_replication.signatures[0]].library]
    for name, module in sorted(sys.modules.items()):
        if name.startswith("sim.") and module is not None:
            for value in vars(module).values():
                if isinstance(value, CPUDispatcher):
                    libraries.extend(result.library for result in value.overloads.values())
    return libraries


def _compiled_functions(library, seen: set[int]):
    """(address, size, symbol) of every function defined in a compiled library and the libraries it links."""
    if id(library) in seen:
        return
    seen.add(id(library))
    engine = library._codegen._engine
    sizes = _function_sizes(library)
    for function in library._final_module.functions:
        if not function.is_declaration and sizes.get(function.name):
            address = engine.get_function_address(function.name)
            if address:
                yield address, sizes[function.name], function.name
    for linked in getattr(library, "_linking_libraries", ()):
        yield from _compiled_functions(linked, seen)


def _function_sizes(library) -> dict[str, int]:
    """Each function's size in bytes, from the symbol table of the library's native object.

    The object is emitted by the same target machine as the code in memory. Sizes matter: a map that
    stretched each function to the next one's address would credit code it does not know (numba's
    runtime, gaps between libraries) to whichever function precedes it.
    """
    with tempfile.NamedTemporaryFile(suffix=".o") as obj:
        obj.write(library._codegen._tm.emit_object(library._final_module))
        obj.flush()
        table = subprocess.run(["nm", "-S", "--defined-only", obj.name], capture_output=True, text=True,
                               check=True).stdout
    sizes = {}
    for line in table.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tTwW":
            sizes[parts[3]] = int(parts[1], 16)
    return sizes


# -- the parent: record, then read the report ----------------------------------------------------
def profile(scenario_name: str, overrides: list[str], replications: int) -> list[tuple[str, float]]:
    """(function, share of the samples in compiled code), largest first."""
    if shutil.which("perf") is None:
        raise SystemExit("error: `perf` is not installed (Debian package linux-perf); nothing measured")
    if shutil.which("nm") is None:
        raise SystemExit("error: `nm` is not installed (Debian package binutils); nothing measured")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "perf.data"
        env = dict(os.environ, NUMBA_CACHE_DIR=str(Path(tmp) / "numba"))
        command = ["perf", "record", "-e", "cpu-clock", "-F", str(FREQUENCY), "-o", str(data), "--",
                   sys.executable, "-m", "benchmarks.profile_numba", "--child", "--scenario", scenario_name,
                   *(a for o in overrides for a in ("--set", o)), "--replications", str(replications)]
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"error: perf record failed ({run.returncode}): {run.stderr.strip()[-500:]}")
        report = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", "dso,sym",
                                 "--stdio"], capture_output=True, text=True, check=True).stdout
        for leftover in Path("/tmp").glob("perf-*.map"):
            if leftover.stat().st_mtime >= data.stat().st_ctime - 3600 and _is_ours(leftover):
                leftover.unlink()
    return shares(report)


def _is_ours(path: Path) -> bool:
    try:
        return "sim.engines.numba" in path.read_text()
    except OSError:
        return False


def shares(report: str) -> list[tuple[str, float]]:
    """Shares of the compiled-code samples by function, from `perf report --sort dso,sym` text."""
    rows = []
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\[JIT\][^\[]*|perf-\d+\.map)\s+\[\.\]\s+(.+?)\s*$", line)
        if m:
            rows.append((m.group(3), float(m.group(1))))
    total = sum(p for _, p in rows)
    if total == 0:
        raise SystemExit("error: no samples fell in compiled code; is perf allowed to sample (perf_event_paranoid)?")
    merged: dict[str, float] = {}
    for name, p in rows:
        key = name if not name.startswith("0x") else "(addresses outside the map)"
        merged[key] = merged.get(key, 0.0) + p / total
    return sorted(merged.items(), key=lambda kv: -kv[1])


def render(scenario_name: str, overrides: list[str], replications: int, rows, context) -> str:
    refcount = sum(s for name, s in rows if name in REFCOUNT)
    sets = "".join(f" --set {o}" for o in overrides)
    lines = [f"Produced by `python -m benchmarks.profile_numba --scenario {scenario_name}{sets} --replications "
             f"{replications} --write` on {dt.date.today().isoformat()}.", "", *machine_lines(context), "",
             "| Compiled function (inlined callees count in their caller) | Share of the samples in compiled code |",
             "|---|--:|"]
    for name, share in rows[:TOP]:
        lines.append(f"| `{name}` | {share:.1%} |")
    lines.append(f"| all others | {sum(s for _, s in rows[TOP:]):.1%} |")
    lines += ["", f"**Reference counting (`NRT_incref` + `NRT_decref`): {refcount:.1%} of the time in compiled "
              "code.** Samples of the CPU clock at "
              f"{FREQUENCY:,} a second over one warm-up and {replications} replications of `{scenario_name}`"
              f"{' with ' + ', '.join(overrides) if overrides else ''}; "
              "only samples in compiled code are counted (not the numpy and Python that draw the world; the compiled "
              "functions of `sim` outside the kernel, such as the world's orders, have rows of their own). "
              "`simulate_replication` includes the heap's pop and every handler LLVM inlined into the loop."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="county_baseline")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides",
                        help="a config override, as on the command line (repeatable)")
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--write", action="store_true", help="write the table to docs/performance.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.replications < 1:
        parser.error(f"--replications must be a whole number >= 1, got {args.replications}")
    if args.child:
        child(args.scenario, args.overrides, args.replications)
        return 0
    context = machine_context(("numpy", "numba"))
    rows = profile(args.scenario, args.overrides, args.replications)
    context.append(("Load average (1, 5, 15 min) at end", load_average()))
    body = render(args.scenario, args.overrides, args.replications, rows, context)
    return publish(body, [], args.write, lambda text: write_section(text, BEGIN, END, SECTION, after=AFTER))


if __name__ == "__main__":
    raise SystemExit(main())
