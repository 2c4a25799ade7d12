"""Run a sweep into its folder: plan the chunks not yet done, run them, keep each as it finishes, and
write the tables once every cell has its replications.

The folder holds `chunks/` while the sweep runs and, at the end, `cells.parquet` (one row per cell and
replication), `timeseries.parquet` (one row per cell, replication and month: the monthly series),
`summary.csv` (per cell and metric: mean, 95% interval, paired difference against the reference), `sweep.yaml` (the resolved sweep: scenario, overrides, axes and every cell's overrides) and
`manifest.json` (seed, engine, backend, workers, versions, git revision, timings, cells at the cap).
The same command run again finds the kept chunks and runs only the rest, so an interrupted or killed
sweep loses at most the chunks under way (a unit of work: the chunks of the cells that share a world).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import math
import platform
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd
import yaml
from tqdm.auto import tqdm

from sim.checkpoint import run_key, source_digest
from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.engines.kernel_cache import ready
from sim.io import write_atomic
from sim.sweep import room
from sim.sweep.budget import priced
from sim.sweep.chunks import Chunk, ChunkFailure, ChunkStore, group_chunks, plan_chunks, share_keys
from sim.sweep.execute import OtherCode, Unit, connect, other_code, run_dask, run_local
from sim.sweep.folder import check_folder, identity, resolved_axes, resolved_cells
from sim.sweep.spec import SweepSpec
from sim.sweep.tables import interval, paired, summary_table

LOCK = ".sweep.lock"
LIBRARIES = ("numpy", "numba", "simpy", "pandas", "pyarrow", "joblib", "distributed", "dask")


@dataclass(slots=True)
class SweepOutcome:
    """How a sweep ended: its folder, the cells table when complete, the failed chunks, the capped cells."""

    folder: Path
    cells: pd.DataFrame | None
    failures: list[ChunkFailure] = field(default_factory=list)
    capped: list[int] = field(default_factory=list)
    seconds: float = 0.0


def cell_configs(spec: SweepSpec, scenario: str, overrides: Sequence[str]) -> list[Config]:
    """Every cell's validated config, before any work: a bad key or value in any cell stops here."""
    import sim

    return [sim.load_config(scenario, [*overrides, *cell.overrides]) for cell in spec.cells]


def run_sweep(spec: SweepSpec, scenario: str, overrides: Sequence[str], folder: Path,
              progress: bool = True, configs: Sequence[Config] | None = None, client=None,
              share_worlds: bool = True, announce: Callable[[], None] | None = None,
              folder_key: str = "hydra.run.dir") -> SweepOutcome:
    """Run `spec` on `scenario` under `overrides` into `folder` (resuming what it holds); `configs`,
    the cells' configs when already loaded (of the priced spec, for a budget sweep); `client`, a Dask
    client from `execute.connect` when the backend is dask (else one is connected here, before anything
    is written, and closed at the end); `share_worlds`, run the chunks of cells that share their world
    together, drawing it once per replication (False: each chunk alone; the numbers are the same).

    The folder is checked first (sim/sweep/folder.py; a ConfigError naming `folder_key`), then locked;
    `announce()` is called once both are done, before any work, so a refused sweep says nothing more.
    """
    spec = priced(spec, scenario, overrides)
    configs = list(configs) if configs is not None else cell_configs(spec, scenario, overrides)
    if spec.backend == "dask" and client is None:
        with contextlib.closing(connect(spec.scheduler)) as own:
            return run_sweep(spec, scenario, overrides, folder, progress, configs, own, share_worlds, announce,
                             folder_key)
    check_folder(folder, folder_key, identity(spec, scenario, overrides, configs[0].horizon_days))
    code = source_digest()   # the sim code the keys name: a chunk made by other code is never kept under them
    keys = [run_key(config, spec.engine, spec.seed, False) for config in configs]
    shares = share_keys(configs) if share_worlds else {}
    check_room(spec, configs, client, shares)   # before the folder and its lock
    folder.mkdir(parents=True, exist_ok=True)
    store = ChunkStore(folder)
    with _locked(folder, folder_key):
        if announce is not None:
            announce()
        if client is None:
            ready(spec.engine, progress)
        else:   # Dask workers load or compile them on their own machines, and so does a worker that joins later
            from sim.sweep.warmup import register

            register(client, spec.engine)
        started = time.perf_counter()
        wanted = _first_round(spec)
        capped: list[int] = []
        while True:
            failures = _run_round(spec, configs, (keys, code), store, wanted, progress, client, shares)
            if failures:
                return SweepOutcome(folder, None, failures, seconds=time.perf_counter() - started)
            cells = _cells_table(spec, keys, store, wanted)
            if spec.precision is None:
                break
            wanted, capped, more = _next_round(spec, cells, wanted, configs[0].horizon_days / 365.25)
            if not more:
                break
        seconds = time.perf_counter() - started
        workers = _workers_at_the_end(spec, client)
        months = _monthly_table(spec, keys, store, cells)
        compute = sum(store.seconds(keys[cell.index], wanted[cell.index]) for cell in spec.cells)
        _write_outputs(spec, scenario, overrides, configs, folder, cells, months, capped, (seconds, compute), workers)
    return SweepOutcome(folder, cells, [], capped, seconds)


def _run_round(spec: SweepSpec, configs: list[Config], named: tuple[list[str], str], store: ChunkStore,
               wanted: dict[int, int], progress: bool, client=None, shares: dict | None = None) -> list[ChunkFailure]:
    """Run every chunk the cells still need to reach `wanted`, those of cells with equal `shares` keys
    together; the chunks that failed. `named`: the cells' keys, and the digest of the sim code they were
    computed with; a ConfigError, and nothing of it kept, for a result made by other code."""
    keys, code = named
    units = plan_units(spec, configs, keys, wanted, shares or {}, _workers(spec, client), store.done)
    if not units:
        return []
    chunks = [chunk for unit in units for chunk in unit]
    total = sum(chunk.stop - chunk.start for chunk in chunks)
    remaining = {cell.index: 0 for cell in spec.cells}
    for chunk in chunks:
        remaining[chunk.cell] += 1
    cells_done = sum(1 for count in remaining.values() if count == 0)
    failures = []
    finished = (run_dask(units, spec.engine, spec.seed, client, code) if spec.backend == "dask"
                else run_local(units, spec.engine, spec.seed, spec.n_jobs, code))
    # closed here, even on an interrupt or a failed write: the workers stop now, not when the collector finds them
    with contextlib.closing(finished), tqdm(total=total, desc=f"sweep {spec.name}", unit="rep",
                                            disable=not progress) as bar:
        bar.set_postfix_str(f"cells {cells_done}/{len(spec.cells)}")
        try:
            for chunk, result in finished:
                if isinstance(result, ChunkFailure):
                    failures.append(result)
                    bar.write(f"sweep: cell {chunk.cell} ({spec.cells[chunk.cell].label}), replications "
                              f"{chunk.start}-{chunk.stop - 1} failed: {one_line(result.error)}", file=sys.stderr)
                else:
                    store.save(chunk, result)
                remaining[chunk.cell] -= 1
                if remaining[chunk.cell] == 0:
                    cells_done += 1
                bar.update(chunk.stop - chunk.start)
                bar.set_postfix_str(f"cells {cells_done}/{len(spec.cells)}")
        except OtherCode as other:
            raise _other_code_error(spec, other.where) from None
    return failures


def check_room(spec: SweepSpec, configs: Sequence[Config], client=None, shares: dict | None = None) -> None:
    """Refuse, before any work, a sweep whose processes would not fit in memory: those of this machine,
    or the workers of `client`'s Dask cluster (sim/sweep/room.py); `shares`, the cells' share keys when
    known (else every cell's world is taken as shared where it can be, as a sweep runs them)."""
    shares = share_keys(configs) if shares is None else shares
    units = plan_units(spec, configs, [""] * len(configs), _first_round(spec), shares, _workers(spec, client))
    if units and spec.backend == "dask":
        room.check_dask(spec, units, client)
    elif units:
        room.check_local(spec, units)


def plan_units(spec: SweepSpec, configs: Sequence[Config], keys: Sequence[str], wanted: dict[int, int],
               shares: dict[int, str | None], workers: int, done=lambda key: set()) -> list[Unit]:
    """The units of work that bring every cell to `wanted` replications, of the replications `done(key)`
    does not hold yet (none, by default: a sweep's first round in a new folder)."""
    sizes = chunk_sizes(spec.chunk, len(spec.cells), shares)
    chunks: list[Chunk] = []
    for cell in spec.cells:
        chunks += plan_chunks(cell.index, keys[cell.index], configs[cell.index], range(wanted[cell.index]),
                              done(keys[cell.index]), sizes[cell.index])
    return group_chunks(chunks, shares, least=workers)


def _first_round(spec: SweepSpec) -> dict[int, int]:
    """The replications each cell runs first: all of them, or the precision mode's first round."""
    return {cell.index: spec.replications if spec.precision is None else spec.precision.round for cell in spec.cells}


def _workers(spec: SweepSpec, client) -> int:
    """The units that run at once: local worker processes, or the Dask cluster's threads."""
    return spec.n_jobs if client is None else sum(client.nthreads().values())


def _workers_at_the_end(spec: SweepSpec, client) -> int | None:
    """The manifest's worker count: local worker processes, or the Dask workers at the end; None when
    the cluster does not answer. Every result is kept by then, and a call to a cluster that has just
    lost a worker can fail inside its connection (tornado's stream asserted, in a CI run): the tables
    must not be lost for a number they do not depend on."""
    if client is None:
        return spec.n_jobs
    try:
        return len(client.nthreads())
    except Exception:   # noqa: BLE001 - any failure of the cluster's connection leaves the count unknown
        return None


def _other_code_error(spec: SweepSpec, where: str) -> ConfigError:
    """The refusal of results made by sim code other than the code the sweep's keys were computed with."""
    if spec.backend == "dask":
        return ConfigError("sweep.scheduler", spec.scheduler, other_code([where]) + "; none of its results were kept")
    if where == "this process":
        what = "sim/ changed while this process was importing it, so it ran a mix of two versions"
    else:
        what = f"the sim code loaded in {where} differs from this process's (sim/ changed after one of them imported it)"
    return ConfigError("sweep.n_jobs", spec.n_jobs, f"{what}; none of its results were kept: run the command again in "
                                                    "a new Python process")


def one_line(text: str, limit: int = 300) -> str:
    """`text` as one line of at most `limit` characters: an error's text can hold newlines (a numba
    typing error, a traceback) or a whole table, and a failing chunk is reported in one line."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def chunk_sizes(chunk: int, cells: int, shares: dict[int, str | None]) -> dict[int, int]:
    """Replications per chunk for each cell: `chunk`, shared out among the cells that run together
    (equal share keys), so that a unit of work stays about `chunk` replications whatever the number of
    cells sharing a world: the progress bar moves, and a kill loses, no more than before sharing."""
    together = Counter(share for share in shares.values() if share is not None)
    return {cell: max(1, -(-chunk // together[shares[cell]])) if shares.get(cell) is not None else chunk
            for cell in range(cells)}


def _cells_table(spec: SweepSpec, keys: list[str], store: ChunkStore, wanted: dict[int, int]) -> pd.DataFrame:
    """One row per cell and replication: the cell, its label and axis values, then the run's columns."""
    frames = []
    for cell in spec.cells:
        rows = store.load(keys[cell.index], wanted[cell.index])
        rows.insert(0, "label", cell.label)
        for position, (name, value) in enumerate(cell.values.items()):
            rows.insert(1 + position, name, value)
        rows.insert(0, "cell", cell.index)
        frames.append(rows)
    return pd.concat(frames, ignore_index=True)


def _monthly_table(spec: SweepSpec, keys: list[str], store: ChunkStore, cells: pd.DataFrame) -> pd.DataFrame:
    """One row per cell, replication and month: the monthly series of the replications in `cells`."""
    frames = []
    for cell in spec.cells:
        months = store.load_monthly(keys[cell.index], int((cells.cell == cell.index).sum()))
        months.insert(0, "cell", cell.index)
        frames.append(months)
    return pd.concat(frames, ignore_index=True)


def _next_round(spec: SweepSpec, cells: pd.DataFrame, wanted: dict[int, int], years: float
                ) -> tuple[dict[int, int], list[int], bool]:
    """Precision mode: which cells need another round (paired half-width above the target, below the
    cap); the reference runs as far as the furthest cell, so every difference stays paired."""
    precision = spec.precision
    more, capped = {}, []
    for cell in spec.cells:
        if cell.index == spec.reference:
            continue
        _, low, high = interval(paired(cells, cell.index, spec.reference, spec.outcome) / years)
        wide = math.isnan(low) or (high - low) / 2 > precision.half_width
        if not wide:
            continue
        if wanted[cell.index] >= precision.max_replications:
            capped.append(cell.index)
        else:
            more[cell.index] = min(wanted[cell.index] + precision.round, precision.max_replications)
    if not more:
        return wanted, capped, False
    grown = {**wanted, **more}
    grown[spec.reference] = max(grown.values())
    return grown, capped, True


def _write_outputs(spec: SweepSpec, scenario: str, overrides: Sequence[str], configs: list[Config], folder: Path,
                   cells: pd.DataFrame, months: pd.DataFrame, capped: list[int], seconds: tuple[float, float],
                   workers: int | None) -> None:
    """The sweep's tables, resolved spec and manifest; `seconds`: (this command's wall time, the compute
    seconds of every kept chunk the tables hold, whichever command ran it)."""
    labels = cells.drop_duplicates("cell")[["cell", "label", *[axis.name for axis in spec.axes]]]
    write_atomic(folder / "cells.parquet", lambda path: cells.to_parquet(path, index=False))
    write_atomic(folder / "timeseries.parquet", lambda path: months.to_parquet(path, index=False))
    summary = summary_table(cells, labels, spec.reference)
    write_atomic(folder / "summary.csv", lambda path: summary.to_csv(path, index=False))
    resolved = {"scenario": scenario, "overrides": list(overrides), "name": spec.name,
                "description": spec.description, "reference": spec.reference, "replications": spec.replications,
                "engine": spec.engine, "seed": spec.seed, "n_jobs": spec.n_jobs, "backend": spec.backend,
                "scheduler": spec.scheduler, "chunk": spec.chunk, "outcome": spec.outcome,
                "precision": None if spec.precision is None else {
                    "half_width": spec.precision.half_width, "max_replications": spec.precision.max_replications,
                    "round": spec.precision.round},
                "horizon_days": configs[0].horizon_days, "axes": resolved_axes(spec),
                "budget": None if spec.budget is None else spec.budget.as_dict(), "cells": resolved_cells(spec)}
    write_atomic(folder / "sweep.yaml", lambda path: path.write_text(yaml.safe_dump(resolved, allow_unicode=True,
                                                                                sort_keys=False), encoding="utf-8"))
    manifest = {"seed": spec.seed, "engine": spec.engine, "backend": spec.backend, "workers": workers,
                "scheduler": spec.scheduler, "cells": len(spec.cells),
                "replications": {str(c): int(n) for c, n in cells.groupby("cell").size().items()},
                "capped_cells": capped, "seconds": round(seconds[0], 3),
                "compute_seconds": round(seconds[1], 3),
                "finished": dt.datetime.now().isoformat(timespec="seconds"), "git_revision": _git_revision(),
                "python": platform.python_version(), "platform": platform.platform(),
                "versions": {name: _version(name) for name in LIBRARIES}}
    write_atomic(folder / "manifest.json", lambda path: path.write_text(json.dumps(manifest, indent=2), encoding="utf-8"))


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _git_revision() -> str | None:
    root = Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode:
        return None
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, timeout=10).stdout.strip()
    return out.stdout.strip() + ("+local changes" if dirty else "")


@contextlib.contextmanager
def _locked(folder: Path, key: str = "hydra.run.dir"):
    """Hold the sweep folder's lock; ConfigError when another sweep is running into it."""
    handle = open(folder / LOCK, "a+")   # noqa: SIM115 - held for the with block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            raise ConfigError(key, str(folder), "another sweep is running into this folder; wait for it to "
                                                "finish (the same command then finds its results)") from busy
        yield
    finally:
        handle.close()
