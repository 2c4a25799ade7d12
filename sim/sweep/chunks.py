"""A sweep's unit of work: a run of consecutive replications of one cell, and the files that keep them.

A chunk is (cell, first replication, last + 1). Running it gives one row per replication, the same
row `sim.simulate` would give (replication r depends only on the config, engine, seed and r), so a
chunk run anywhere, in any order, on any worker gives the same numbers. Each finished chunk is
written atomically (temporary file, then `os.replace`) into `chunks/<cell key>/`, where the cell key
is the digest `sim/checkpoint.py` names a run's replications by (config without run-control keys,
engine, seed, the `sim` source and library versions): the same sweep run again finds its chunks and
runs only what is missing, and a changed model or code never reuses a stale one. A chunk keeps its
replications' monthly series too (`monthly/` beside its rows, written first: the rows file is the mark
that the chunk is done), so a sweep's report can draw any cell's months with their bands.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.config.schema import Config
from sim.io import write_atomic

FOLDER = "chunks"
MONTHLY = "monthly"   # each chunk's monthly series, in a folder beside its rows


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
    """A finished chunk: one row per replication, and one per replication and month."""

    rows: pd.DataFrame
    monthly: pd.DataFrame


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
    from sim.api import _engine, month_labels
    from sim.results import monthly_table, replication_table
    from sim.workers import watch_parent
    from sim.world.scenario import compile_scenario

    watch_parent()
    try:
        scenario = compile_scenario(chunk.config)
        run_replication = _engine(engine)
        outputs = [run_replication(scenario, seed, r, log_events=False) for r in range(chunk.start, chunk.stop)]
        return ChunkTables(replication_table(outputs), monthly_table(outputs, month_labels(scenario)))
    except Exception as error:   # reported with its cell; the other chunks go on
        return ChunkFailure(chunk.cell, chunk.start, chunk.stop, f"{type(error).__name__}: {error}",
                            traceback.format_exc())


class ChunkStore:
    """The finished chunks of a sweep, one folder per cell key under `<sweep dir>/chunks/`."""

    def __init__(self, sweep_dir: Path) -> None:
        self.root = sweep_dir / FOLDER

    def done(self, key: str) -> set[int]:
        """Replications of the cell with this key already kept."""
        finished: set[int] = set()
        for path in self._files(key):
            start, stop = (int(part) for part in path.stem.split("-"))
            finished.update(range(start, stop))
        return finished

    def save(self, chunk: Chunk, tables: ChunkTables) -> None:
        """Keep a finished chunk: its monthly series, then its rows (whose file marks it done)."""
        folder = self.root / chunk.key
        (folder / MONTHLY).mkdir(parents=True, exist_ok=True)
        write_atomic(folder / MONTHLY / chunk.file_name,
                     lambda staging: tables.monthly.to_parquet(staging, index=False))
        write_atomic(folder / chunk.file_name, lambda staging: tables.rows.to_parquet(staging, index=False))

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
        frames = [pd.read_parquet(path.parent / MONTHLY / path.name) for path in self._files(key)]
        if not frames:
            return pd.DataFrame()
        months = pd.concat(frames, ignore_index=True).drop_duplicates(["replication", "month"])
        months = months[months.replication < replications]
        return months.sort_values(["replication", "month"], kind="stable", ignore_index=True)

    def _files(self, key: str) -> list[Path]:
        folder = self.root / key
        return sorted(folder.glob("[0-9]*-[0-9]*.parquet")) if folder.is_dir() else []


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
