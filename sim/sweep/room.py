"""Whether a sweep's processes have room in memory, known before any work (sim/memory.py for one run).

A process running a sweep holds one unit of work at a time (sim/sweep/chunks.py: `run_chunks`): the
engine, one replication's world and run (the world's parts drawn once for the unit's cells, and the
parts the cells do not share, one set per cell), and the finished replications of the unit until it
ends. Locally, `n_jobs` processes run units at once beside the sweep's own process; on Dask, each
worker process runs as many units as it has threads, within its `memory_limit` (or, without one, its
share of its host's available memory). A sweep that cannot fit is refused with one line naming the
cell, the estimate and the memory there is, before its folder or lock is made.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from sim import memory
from sim.config.errors import ConfigError
from sim.sweep.chunks import Chunk
from sim.sweep.spec import SweepSpec

# Bytes per enterprise of the world parts a cell does not share with the other cells of its unit
# (everything but the candidate hazards: enterprises, staff, reports, weather, contracts, trial arms),
# an upper bound: their arrays summed to 116 bytes per enterprise at 200,000 enterprises of
# county_baseline, and six more staffing cells in a unit of 20,000 enterprises raised its peak RSS by
# 83 bytes per enterprise each (measured 2026-12-07 with `run_chunks`, numba engine).
UNSHARED = 120.0

Unit = tuple[Chunk, ...]


def unit_bytes(unit: Unit, engine: str) -> float:
    """Peak memory of a process running `unit`, in bytes, sim.memory's HEADROOM included: a process
    with the engine and one replication of the unit's largest cell (sim.memory.estimate_bytes), the
    other cells' own world parts, and the unit's finished replications, kept until it ends."""
    largest = _largest(unit)
    one = memory.estimate_bytes(dataclasses.replace(largest.config, replications=1), engine, 1, False)
    others = sum(chunk.config.population.enterprises for chunk in unit) - largest.config.population.enterprises
    kept = sum(chunk.stop - chunk.start for chunk in unit) - 1
    return one + memory.HEADROOM * (UNSHARED * others + memory.PER_REPLICATION_KEPT * kept)


def check_local(spec: SweepSpec, units: Sequence[Unit]) -> None:
    """Refuse a sweep whose local processes would not fit in this machine's available memory: the
    sweep's own process, joblib's helper and `n_jobs` worker processes each running one of the largest
    units; or, with one job or one unit, this process running them."""
    needs = sorted(((unit_bytes(unit, spec.engine), unit) for unit in units), key=lambda pair: -pair[0])
    workers = min(spec.n_jobs, len(units)) if spec.n_jobs > 1 and len(units) > 1 else 0
    need = needs[0][0]
    if workers:
        own = memory.HEADROOM * (memory.PROCESS[spec.engine] + memory.POOL)
        need = own + sum(bytes_ for bytes_, _ in needs[:workers])
    have = memory.available_bytes()
    if need / memory.HEADROOM > have:   # as sim.memory: refused when even the measured costs exceed it
        who = f"{workers} worker processes each running" if workers else "one process running"
        advice = "fewer enterprises or fewer sweep.n_jobs" if workers else "fewer enterprises"
        raise _refusal(spec, needs[0][1], f"the sweep needs about {memory._gb(need)} ({who} a unit of "
                                          f"{_words(needs[0][1])} on the {spec.engine} engine), this machine "
                                          f"has {memory._gb(have)} available; try {advice}")


def check_dask(spec: SweepSpec, units: Sequence[Unit], client) -> None:
    """Refuse a sweep whose largest unit would not fit in a worker of the cluster: each worker process
    runs a unit per thread, within its memory_limit, or without one within its share of the memory
    available on its host (which its workers report)."""
    largest = max(units, key=lambda unit: unit_bytes(unit, spec.engine))
    one = unit_bytes(largest, spec.engine)
    workers = client.scheduler_info(n_workers=-1)["workers"]
    limited = all(info.get("memory_limit") for info in workers.values())
    available = {} if limited else client.run(memory.available_bytes)   # by reference: each host's own
    per_host = Counter(info["host"] for info in workers.values())
    short = []
    for address, info in sorted(workers.items()):
        need = one + (info["nthreads"] - 1) * (one - memory.HEADROOM * memory.PROCESS[spec.engine])
        if info.get("memory_limit"):
            room, whose = info["memory_limit"], "its memory_limit"
        else:
            room = available[address] / per_host[info["host"]]
            whose = f"its share of the memory available on {info['host']}"
        if need / memory.HEADROOM > room:
            short.append((room - need, address, need, room, whose, info["nthreads"]))
    if short:
        _, address, need, room, whose, threads = min(short)
        raise _refusal(spec, largest, f"a Dask worker process needs about {memory._gb(need)} ({threads} "
                                      f"thread{'s' if threads > 1 else ''} each running a unit of {_words(largest)} "
                                      f"on the {spec.engine} engine), {address} has {memory._gb(room)} ({whose}); "
                                      "give the workers more memory (dask worker --memory-limit; fewer --nworkers "
                                      "or --nthreads a machine) or try fewer enterprises")


def _largest(unit: Unit) -> Chunk:
    return max(unit, key=lambda chunk: chunk.config.population.enterprises)


def _refusal(spec: SweepSpec, unit: Unit, what: str) -> ConfigError:
    """The one-line refusal, on the enterprises of the unit's largest cell, naming that cell."""
    chunk = _largest(unit)
    return ConfigError("population.enterprises", chunk.config.population.enterprises,
                       f"cell {chunk.cell} ({spec.cells[chunk.cell].label}): {what}")


def _words(unit: Unit) -> str:
    cells, replications = len(unit), max(chunk.stop - chunk.start for chunk in unit)
    return (f"{cells} cell{'s' if cells > 1 else ''} x {replications} replication{'s' if replications > 1 else ''} "
            f"of {_largest(unit).config.population.enterprises:,} enterprises")
