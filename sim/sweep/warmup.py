"""A Dask worker that loads the numba kernels when it starts, not on its first chunk.

Without it a new worker pays the load (about a second with a warm cache) or the compile (tens of
seconds with an empty one) inside the first chunk it is given, and the sweep's first results wait
for it. `KernelWarmup` is registered on the cluster by a numba sweep (`register`, called by
`sim.sweep.run`): every worker there now and every worker that joins later loads the kernels in a
thread of its own, so its event loop keeps answering the scheduler through a compile. An operator
can also start workers with `dask worker ... --preload sim.sweep.warmup` to do it before any
sweep connects. The workers of one machine compile one at a time (`kernel_cache.load_kernels`).
"""

from __future__ import annotations

import asyncio
import logging

from distributed.diagnostics.plugin import WorkerPlugin

from sim.engines.kernel_cache import load_kernels

NAME = "sim-kernel-warmup"
log = logging.getLogger("distributed.worker")


class KernelWarmup(WorkerPlugin):
    """Loads (or compiles, once per machine) the numba kernels on each worker as it starts."""

    name = NAME

    async def setup(self, worker) -> None:
        await warm(worker)


async def warm(worker) -> float:
    """Load the kernels in a thread; note the seconds on the worker (`kernels_seconds`) and in its log."""
    seconds = await asyncio.get_running_loop().run_in_executor(None, load_kernels)
    worker.kernels_seconds = seconds
    log.info("simulation kernels loaded in %.1f s", seconds)
    return seconds


def register(client, engine: str) -> None:
    """Have every worker of `client`'s cluster load the numba kernels, now and as it joins (numba only)."""
    if engine != "numba":
        return
    try:
        client.register_plugin(KernelWarmup(), name=NAME)
    except Exception as error:   # a worker that cannot load them: its chunks fail and say why, cell by cell
        log.warning("the simulation kernels could not be loaded on every worker: %s", error)


async def dask_setup(worker) -> None:
    """`dask worker --preload sim.sweep.warmup`: load the kernels as the worker starts."""
    await warm(worker)


def loaded(dask_worker=None) -> tuple[float | None, int]:
    """(the seconds the warm-up took on this worker, or None; the compiled signatures of the top kernel in
    this process): for `client.run`, to see that a worker holds its kernels."""
    from sim.engines.numba.loop import simulate_replication

    return getattr(dask_worker, "kernels_seconds", None), len(simulate_replication.signatures)
