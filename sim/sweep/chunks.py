"""A sweep's work: runs of consecutive replications of one cell (chunks), and the files that keep them.

A chunk is (cell, first replication, last + 1). Running it gives one row per replication, the same
row `sim.simulate` would give (replication r depends only on the config, engine, seed and r), so a
chunk run anywhere, in any order, on any worker gives the same numbers. Chunks of cells that share
their candidate hazards run together as one unit of work (`group_chunks`, `run_chunks`), which draws
each replication's shared world once for all of them; each chunk still gives, and is kept as, its own
tables. Each finished chunk is written atomically (temporary file, then `os.replace`) into
`chunks/<cell key>/`, where the cell key is the digest `sim/checkpoint.py` names a run's replications
by (config without run-control keys, engine, seed, the `sim` source and library versions): the same
sweep run again finds its chunks and runs only what is missing, and a changed model or code never
reuses a stale one. A chunk keeps its replications' monthly series too (`monthly/` beside its rows,
written first: the rows file is the mark that the chunk is done), so a sweep's report can draw any
cell's months with their bands. A kept chunk whose rows or monthly file cannot be read (cut short by
a full disk or a copy, emptied, or its monthly file gone) is not done: it is named on stderr, removed
and run again (`ChunkStore.done`), so it never blocks a rerun.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.config.schema import Config
from sim.io import write_atomic

FOLDER = "chunks"
MONTHLY = "monthly"   # each chunk's monthly series, in a folder beside its rows
SECONDS = b"inspection_sim.seconds"   # the rows file's metadata key for the chunk's compute seconds
READ_ERRORS = (OSError, ValueError, pa.ArrowException)   # what reading a file that is cut short or gone raises


@dataclass(frozen=True, slots=True)
class Chunk:
    """Replications [start, stop) of cell `cell`, whose config is `config`."""

    cell: int
    key: str
    config: Config
    start: int
    stop: int

    @property
    def file_name(self) -> str:
        return f"{self.start:07d}-{self.stop:07d}.parquet"


@dataclass(frozen=True, slots=True)
class ChunkTables:
    """A finished chunk: one row per replication, one per replication and month, the seconds its
    replications took to draw and simulate (kept with its rows, so a resumed sweep can say what all of
    its work cost), and the digest of the sim code the process that made it had loaded: a chunk is
    kept only under a key computed with that code (sim/sweep/execute.py)."""

    rows: pd.DataFrame
    monthly: pd.DataFrame
    seconds: float = 0.0
    code: str = ""   # the digest of the sim code that made it (sim.checkpoint.code_that_ran)


@dataclass(frozen=True, slots=True)
class ChunkFailure:
    """A chunk that raised: which, and the error, so the sweep reports it and goes on."""

    cell: int
    start: int
    stop: int
    error: str
    detail: str


def run_chunk(chunk: Chunk, engine: str, seed: int) -> ChunkTables | ChunkFailure:
    """The chunk's replications as tables (in a worker process or here); a ChunkFailure if it raises."""
    return run_chunks((chunk,), engine, seed)[0]


def run_chunks(chunks: Sequence[Chunk], engine: str, seed: int) -> list[ChunkTables | ChunkFailure]:
    """Chunks of cells over the same replications, each as `run_chunk` would give it, in order.

    Replication by replication, every part of the world two cells share (equal keys,
    `sim.world.replication.world_inputs`) is drawn once and given to both: the same arrays each would
    draw alone, so the numbers are unchanged. A chunk that raises is a ChunkFailure; the others go on.
    Each result carries the digest of the sim code that made it.
    """
    from sim.checkpoint import code_that_ran, loaded_modules

    modules = loaded_modules()   # before the imports below: a module imported now is part of what runs
    from sim.api import _engine, month_labels
    from sim.results import monthly_table, replication_table
    from sim.workers import watch_parent
    from sim.world.replication import SharedParts, draw_parts, world_inputs
    from sim.world.scenario import compile_scenario

    watch_parent()
    try:
        run_replication = _engine(engine)
    except Exception as error:
        return [_failure(chunk, error) for chunk in chunks]
    results: list = [[] for _ in chunks]
    cells = {}
    for i, chunk in enumerate(chunks):
        try:
            scenario = compile_scenario(chunk.config)
            cells[i] = scenario, world_inputs(scenario)
        except Exception as error:   # reported with its cell; the other chunks go on
            results[i] = _failure(chunk, error)
    seconds = [0.0] * len(chunks)
    for r in range(chunks[0].start, chunks[0].stop):
        shared = SharedParts(seed, r)
        for i, (scenario, inputs) in cells.items():
            if isinstance(results[i], ChunkFailure):
                continue
            started = time.perf_counter()
            try:
                # the world is not kept past its run: the next replication's is drawn without it in memory
                results[i].append(run_replication(scenario, seed, r, log_events=False, world=draw_parts(inputs, shared)))
            except Exception as error:
                results[i] = _failure(chunks[i], error)
            seconds[i] += time.perf_counter() - started
    code = code_that_ran(modules)
    for i, result in enumerate(results):
        if not isinstance(result, ChunkFailure):
            try:
                results[i] = ChunkTables(replication_table(result), monthly_table(result, month_labels(cells[i][0])),
                                         seconds[i], code)
            except Exception as error:
                results[i] = _failure(chunks[i], error)
    return results


def _failure(chunk: Chunk, error: Exception) -> ChunkFailure:
    return ChunkFailure(chunk.cell, chunk.start, chunk.stop, f"{type(error).__name__}: {error}", traceback.format_exc())


class ChunkStore:
    """The finished chunks of a sweep, one folder per cell key under `<sweep dir>/chunks/`.

    Every method sees the same chunks: those whose rows file and monthly file can be read. Each
    file's footer is read once, the first time a method looks at its cell; a chunk that fails is
    removed (its replications are the same numbers when run again) and said so on stderr, once.
    """

    def __init__(self, sweep_dir: Path) -> None:
        self.root = sweep_dir / FOLDER
        self._kept: dict[Path, float] = {}   # rows files found readable -> the compute seconds they keep
        self._unreadable: set[Path] = set()   # rows files of chunks found unreadable (and removed, if they could be)

    def done(self, key: str) -> set[int]:
        """Replications of the cell with this key already kept (in files that can be read)."""
        finished: set[int] = set()
        for path in self._files(key):
            finished.update(range(*_span(path)))
        return finished

    def save(self, chunk: Chunk, tables: ChunkTables) -> None:
        """Keep a finished chunk: its monthly series, then its rows (whose file marks it done)."""
        folder = self.root / chunk.key
        (folder / MONTHLY).mkdir(parents=True, exist_ok=True)
        write_atomic(folder / MONTHLY / chunk.file_name,
                     lambda staging: tables.monthly.to_parquet(staging, index=False))
        rows = pa.Table.from_pandas(tables.rows, preserve_index=False)
        rows = rows.replace_schema_metadata({**(rows.schema.metadata or {}), SECONDS: repr(tables.seconds).encode()})
        write_atomic(folder / chunk.file_name, lambda staging: pq.write_table(rows, staging))
        self._kept[folder / chunk.file_name] = tables.seconds

    def seconds(self, key: str, replications: int) -> float:
        """The seconds the kept chunks of replications 0 .. replications-1 of this cell took to run
        (chunks written before the seconds were kept count 0)."""
        return sum(self._kept[path] for path in self._files(key) if _span(path)[0] < replications)

    def load(self, key: str, replications: int) -> pd.DataFrame:
        """The kept rows of replications 0 .. replications-1 of the cell with this key, in order."""
        frames = [pd.read_parquet(path) for path in self._files(key)]
        if not frames:
            return pd.DataFrame()
        rows = pd.concat(frames, ignore_index=True).drop_duplicates("replication")
        return rows[rows.replication < replications].sort_values("replication", ignore_index=True)

    def load_monthly(self, key: str, replications: int) -> pd.DataFrame:
        """The kept monthly series of replications 0 .. replications-1 of the cell with this key, in
        replication and month order."""
        frames = [pd.read_parquet(_monthly(path)) for path in self._files(key)]
        if not frames:
            return pd.DataFrame()
        months = pd.concat(frames, ignore_index=True).drop_duplicates(["replication", "month"])
        months = months[months.replication < replications]
        return months.sort_values(["replication", "month"], kind="stable", ignore_index=True)

    def _files(self, key: str) -> list[Path]:
        """The cell's rows files that can be read, with their monthly files, in replication order."""
        folder = self.root / key
        found = sorted(folder.glob("[0-9]*-[0-9]*.parquet")) if folder.is_dir() else []
        return [path for path in found
                if path in self._kept or (path not in self._unreadable and self._readable(path))]

    def _readable(self, path: Path) -> bool:
        """Read the footers of a chunk's rows and monthly files (and so its compute seconds); a chunk
        that fails is named on stderr and removed, so that it runs again and never blocks a rerun."""
        start, stop = _span(path)
        try:
            metadata = pq.read_metadata(path)
        except READ_ERRORS as error:
            return self._remove(path, path, _why(error))
        if metadata.num_rows != stop - start:
            return self._remove(path, path, f"{metadata.num_rows} rows, not {stop - start}")
        monthly = _monthly(path)
        if not monthly.is_file():
            return self._remove(path, monthly, "no such file")
        try:
            pq.read_metadata(monthly)
        except READ_ERRORS as error:
            return self._remove(path, monthly, _why(error))
        self._kept[path] = float((metadata.metadata or {}).get(SECONDS, b"0"))
        return True

    def _remove(self, path: Path, unreadable: Path, why: str) -> bool:
        """Say which file of the chunk at `path` cannot be read and why, and remove the chunk's files
        that are there; False (the chunk is not done)."""
        start, stop = _span(path)
        print(f"sweep: {unreadable.relative_to(self.root.parent)} cannot be read ({why}): the chunk is removed and "
              f"its replications {start}-{stop - 1} run again", file=sys.stderr)
        self._unreadable.add(path)
        for file in (path, _monthly(path)):
            with contextlib.suppress(OSError):   # not removable here: the chunk's new files replace it when saved
                file.unlink(missing_ok=True)
        return False


def _span(path: Path) -> tuple[int, int]:
    """The replications [start, stop) a chunk's file name gives."""
    start, stop = (int(part) for part in path.stem.split("-"))
    return start, stop


def _monthly(path: Path) -> Path:
    return path.parent / MONTHLY / path.name


def _why(error: Exception) -> str:
    """An error reading a file in a few words: the system's for a failed read, pyarrow's otherwise."""
    if isinstance(error, OSError) and error.errno:
        return os.strerror(error.errno)
    return " ".join(str(error).split())


def plan_chunks(cell: int, key: str, config: Config, wanted: range, done: set[int], size: int) -> list[Chunk]:
    """Chunks of at most `size` consecutive replications covering what of `wanted` is not done."""
    todo = [r for r in wanted if r not in done]
    chunks, run = [], []
    for r in todo:
        if run and (r != run[-1] + 1 or len(run) == size):
            chunks.append(Chunk(cell, key, config, run[0], run[-1] + 1))
            run = []
        run.append(r)
    if run:
        chunks.append(Chunk(cell, key, config, run[0], run[-1] + 1))
    return chunks


def share_keys(configs: Sequence[Config]) -> dict[int, str | None]:
    """Each cell's share key: the key of its candidate hazards (and so of its enterprises), the part of
    the world that takes nearly all of its drawing time; None for a cell whose scenario does not compile
    here (its chunks then run alone and report the error themselves)."""
    from sim.world.replication import world_inputs
    from sim.world.scenario import compile_scenario

    shares: dict[int, str | None] = {}
    for cell, config in enumerate(configs):
        try:
            shares[cell] = world_inputs(compile_scenario(config)).keys["hazards"]
        except Exception:   # noqa: BLE001 - the chunk raises it again where it is reported with its cell
            shares[cell] = None
    return shares


def group_chunks(chunks: Sequence[Chunk], shares: dict[int, str | None], least: int = 1) -> list[tuple[Chunk, ...]]:
    """The chunks as units of work: those over the same replications of cells with the same share key
    (`shares[cell]`; None shares with nothing) together, so their common world is drawn once.

    When that leaves fewer than `least` units (the workers), groups are split, so no worker idles.
    """
    groups: dict[tuple, list[Chunk]] = {}
    for chunk in chunks:
        share = shares.get(chunk.cell)
        key = (share or f"cell {chunk.cell}", chunk.start, chunk.stop)
        groups.setdefault(key, []).append(chunk)
    split = -(-least // len(groups)) if groups else 1
    units = []
    for group in groups.values():
        parts = min(split, len(group))
        units += [tuple(group[k::parts]) for k in range(parts)]
    return units
