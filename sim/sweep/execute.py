"""Where a sweep's chunks run: local worker processes (joblib), or a Dask distributed cluster.

Both take units of work, each a tuple of chunks over the same replications that share their world
(sim/sweep/chunks.py: `group_chunks`), and yield each chunk with its result as its unit finishes, in
whatever order; the caller writes it. A chunk's numbers depend only on the chunk
(sim/sweep/chunks.py), so the backend and the worker count change when results arrive, never what
they are. Worker processes live for the whole sweep and take
chunk after chunk, so each pays the numba engine's load or compile once, not once per chunk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sim.checkpoint import source_digest
from sim.config.errors import ConfigError
from sim.sweep.chunks import Chunk, ChunkFailure, ChunkTables, run_chunks

Finished = Iterator[tuple[Chunk, "ChunkTables | ChunkFailure"]]
Unit = tuple[Chunk, ...]


class OtherCode(Exception):
    """A unit's results made by sim code other than the code its chunks' keys were computed with (a
    worker that imported sim before its files changed): never kept. `where` names the process."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def run_local(units: Sequence[Unit], engine: str, seed: int, n_jobs: int, code: str) -> Finished:
    """The units of work on `n_jobs` local processes (here, when 1), each chunk as its unit finishes;
    OtherCode if a unit's results were made by sim code whose digest is not `code`.

    joblib keeps its worker processes for the next call in the same Python session, and a process
    keeps the sim code it imported: a session that changed sim/ since may hold workers that run the
    old code, which the digest each result carries tells apart.
    """
    if n_jobs == 1 or len(units) <= 1:
        for unit in units:
            yield from zip(unit, _made_by(run_chunks(unit, engine, seed), code, "this process"), strict=True)
        return
    from joblib import Parallel, delayed

    jobs = (delayed(_indexed)(i, unit, engine, seed) for i, unit in enumerate(units))
    # one unit a batch: joblib's automatic batching groups quick units and returns them together, so a
    # kill would lose a batch's finished units and the chunk files would appear in bursts
    for i, pid, results in Parallel(n_jobs=n_jobs, return_as="generator_unordered", batch_size=1)(jobs):
        yield from zip(units[i], _made_by(results, code, f"local worker process {pid}"), strict=True)


def _indexed(i: int, unit: Unit, engine: str, seed: int):
    return i, os.getpid(), run_chunks(unit, engine, seed)


def _made_by(results: list, code: str, where: str) -> list:
    """`results`, once each finished chunk among them is known to be made by the code `code` names."""
    if any(isinstance(result, ChunkTables) and result.code != code for result in results):
        raise OtherCode(where)
    return results


CONNECT_SECONDS = 5     # a scheduler on the same network answers in well under a second
WORKERS_SECONDS = 10    # how long to wait for a first worker to join a scheduler that has none
# What a chunk's numbers or its transport depend on: these must be the same here and on every worker.
PACKAGES = ("numpy", "numba", "simpy", "pandas", "pyarrow", "scipy", "holidays", "hydra-core", "omegaconf",
            "dask", "distributed", "cloudpickle", "msgpack", "tornado", "toolz")


def connect(scheduler: str):
    """A Dask client of the scheduler at `scheduler` whose workers run the same code and libraries as
    this process; a one-line ConfigError naming sweep.scheduler when there is none, no worker, or a
    worker that differs."""
    try:
        from distributed import Client
    except ImportError as error:   # pragma: no cover - distributed is a dependency
        raise ConfigError("sweep.backend", "dask", f"needs the distributed package ({error})") from error
    try:
        from distributed.comm.addressing import parse_address, parse_host_port

        parse_host_port(parse_address(scheduler)[1])
    except (ValueError, TypeError) as error:
        raise ConfigError("sweep.scheduler", scheduler, f"an address like tcp://HOST:8786 ({error})") from None
    try:
        client = Client(scheduler, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError):
        raise ConfigError("sweep.scheduler", scheduler, f"no Dask scheduler answers there within {CONNECT_SECONDS} "
                                                       "s; start one with `dask scheduler` and workers with "
                                                       "`dask worker tcp://HOST:8786`") from None
    try:
        _check_workers(client, scheduler)
    except BaseException:
        client.close()
        raise
    return client


def _check_workers(client, scheduler: str) -> None:
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except TimeoutError:
        raise ConfigError("sweep.scheduler", scheduler, f"the scheduler has no worker after {WORKERS_SECONDS} s; "
                                                       "start some with `dask worker tcp://HOST:8786 --nthreads 1` "
                                                       "(README, Running a sweep on a Dask cluster)") from None
    versions = client.get_versions(packages=list(PACKAGES))
    here = versions["client"]["packages"]
    differ = []
    for address, info in sorted(versions["workers"].items()):
        theirs = (info or {}).get("packages", {})
        differ += [f"{name} {here.get(name)} here, {theirs.get(name, 'missing')} on {address}"
                   for name in ("python", *PACKAGES) if theirs.get(name) != here.get(name)]
    if differ:
        shown = "; ".join(differ[:4]) + (f"; and {len(differ) - 4} more" if len(differ) > 4 else "")
        raise ConfigError("sweep.scheduler", scheduler, f"workers differ from this machine: {shown}; run every "
                                                       "worker in a checkout of the same revision with `make "
                                                       "setup` done")
    try:
        digests = client.run(source_digest)   # by reference: each worker runs its own sim's, the code it loaded
    except Exception as error:   # the workers cannot import sim: the function arrives by reference
        raise ConfigError("sweep.scheduler", scheduler, "a worker cannot run this project's code "
                                                       f"({type(error).__name__}: {error}); start `dask worker` "
                                                       "in a checkout of it with `make setup` done") from None
    other = [address for address, digest in sorted(digests.items()) if digest != source_digest()]
    if other:
        raise ConfigError("sweep.scheduler", scheduler, other_code(other))


def other_code(workers: Sequence[str]) -> str:
    """What to say of workers whose loaded sim code is not this process's."""
    shown = ", ".join(workers[:4]) + (f" and {len(workers) - 4} more" if len(workers) > 4 else "")
    return (f"the sim code loaded on {shown} differs from this checkout's; restart the workers (a worker "
            "keeps the sim code it imported when it started), in a checkout of this revision")


def run_dask(units: Sequence[Unit], engine: str, seed: int, client, code: str) -> Finished:
    """The units of work on the Dask cluster of `client` (from `connect`), each chunk as its unit finishes;
    OtherCode if a worker's results were made by sim code whose digest is not `code`.

    `pure=False`: two units with equal arguments would otherwise be merged into one task. A worker
    process keeps its imported, compiled engine from one chunk to the next, so each pays the numba load
    or compile once. A unit whose worker died is run again by the scheduler on another worker (up to
    its `distributed.scheduler.allowed-failures` deaths, 3 by default; then it gives up with
    KilledWorker), and results that arrived before their worker died are kept (`finished`). A unit
    that gave up or raised comes back as a ChunkFailure for each of its chunks.
    """
    futures = client.map(on_worker, list(units), engine=engine, seed=seed, pure=False)
    try:
        yield from finished(units, futures, code)
    finally:
        client.cancel(futures)


@dataclass(frozen=True, slots=True)
class Delivered:
    """What a unit of work sends back from a Dask worker: its chunks' results, and the worker's address
    (to name it if the results were made by other code)."""

    worker: str
    results: list


def on_worker(unit: Unit, engine: str, seed: int) -> Delivered:
    """Run a unit of work in a Dask worker (the function a task calls there, by reference)."""
    from distributed import get_worker

    return Delivered(get_worker().address, run_chunks(unit, engine, seed))


def finished(units: Sequence[Unit], futures, code: str) -> Finished:
    """Each chunk of each unit with its result from the unit's future (or a ChunkFailure for the future's
    error) as the futures finish; OtherCode for results made by sim code whose digest is not `code`.

    What a future delivered is its result, whatever its status says later: a worker that dies after
    its results arrived sends their futures back to pending (the scheduler would compute them again),
    so a result is told from an error by what it is, never by `future.status`, and each future is
    released as soon as its result is here, so that nothing is computed twice.
    """
    from distributed import as_completed

    index = {future.key: i for i, future in enumerate(futures)}
    for future, delivered in as_completed(futures, with_results=True, raise_errors=False):
        unit = units[index[future.key]]
        future.release()
        if isinstance(delivered, Delivered) and len(delivered.results) == len(unit):
            results = _made_by(delivered.results, code, delivered.worker)
        else:
            error = _error(delivered)
            results = [ChunkFailure(chunk.cell, chunk.start, chunk.stop, f"{type(error).__name__}: {error}",
                                    f"on the Dask cluster: {error!r}") for chunk in unit]
        yield from zip(unit, results, strict=True)


def _error(delivered) -> BaseException:
    """The exception a future delivered instead of its result: (type, exception, traceback) for a task
    that raised or whose workers died, the exception itself when it was cancelled."""
    if isinstance(delivered, tuple) and len(delivered) == 3 and isinstance(delivered[1], BaseException):
        return delivered[1]
    if isinstance(delivered, BaseException):
        return delivered
    return TypeError(f"a unit of work gave a {type(delivered).__name__}, not its chunks' results")
