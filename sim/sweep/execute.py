"""Where a sweep's chunks run: local worker processes (joblib), or a Dask distributed cluster.

Both yield each chunk with its result as it finishes, in whatever order; the caller writes it. A
chunk's numbers depend only on the chunk (sim/sweep/chunks.py), so the backend and the worker count
change when results arrive, never what they are. Worker processes live for the whole sweep and take
chunk after chunk, so each pays the numba engine's load or compile once, not once per chunk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pandas as pd

from sim.config.errors import ConfigError
from sim.sweep.chunks import Chunk, ChunkFailure, run_chunk

Finished = Iterator[tuple[Chunk, "pd.DataFrame | ChunkFailure"]]


def run_local(chunks: Sequence[Chunk], engine: str, seed: int, n_jobs: int) -> Finished:
    """The chunks on `n_jobs` local processes (here, when 1), as they finish."""
    if n_jobs == 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield chunk, run_chunk(chunk, engine, seed)
        return
    from joblib import Parallel, delayed

    jobs = (delayed(_indexed)(i, chunk, engine, seed) for i, chunk in enumerate(chunks))
    for i, result in Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs):
        yield chunks[i], result


def _indexed(i: int, chunk: Chunk, engine: str, seed: int):
    return i, run_chunk(chunk, engine, seed)


def run_dask(chunks: Sequence[Chunk], engine: str, seed: int, scheduler: str) -> Finished:
    """The chunks on the Dask cluster at `scheduler`, as they finish.

    `pure=False`: two chunks with equal arguments would otherwise be merged into one task
    (dask/distributed #2015); the workers' library versions are checked against this process's first.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as error:   # pragma: no cover - distributed is a dependency
        raise ConfigError("sweep.backend", "dask", f"needs the distributed package ({error})") from error
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as error:
        raise ConfigError("sweep.scheduler", scheduler, f"no Dask scheduler answers there ({error}); start one "
                                                       "with `dask scheduler` and workers with `dask worker "
                                                       "tcp://HOST:8786`") from error
    try:
        client.get_versions(check=True)
        futures = client.map(run_chunk, list(chunks), engine=engine, seed=seed, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        for future, result in as_completed(futures, with_results=True):
            yield chunks[index[future.key]], result
    finally:
        client.close()
