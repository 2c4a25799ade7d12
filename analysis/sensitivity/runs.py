"""Run design points through the sweep machinery: every core or a Dask cluster, resumable, paired.

Each part of the analysis is one sweep (sim/sweep) whose one axis, `design`, has an option per
simulated setting: a design point with one of the choices compared there (a staffing level, a regime,
a budget mix). Replication r of every option is the same county and random streams (common random
numbers), so differences between choices at a point, and between neighbouring points, are paired.
Choices that give the same config at a point (today's staff, the county as it is and today's budget
split are often one config) are simulated once. The sweep keeps its finished chunks in its folder, so
the same command run again, after an interrupt or a kill, runs only what is missing and gives the
same numbers; the folder is named by a digest of its cells, so a changed design never meets another's
chunks.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.sensitivity.configs import ConfigLoader
from sim.checkpoint import run_key
from sim.config.errors import ConfigError
from sim.sweep.budget import DERIVED
from sim.sweep.run import run_sweep
from sim.sweep.spec import build_spec

LEVERS = DERIVED   # the keys the compared choices set (staffing, budget mixes): never sampled
AXIS = "design"   # the axis column of cells.parquet (its "cell" column is the index)


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How the sweeps run: engine, seed, local workers, or a Dask client; chunk: replications per unit."""

    engine: str = "numba"
    seed: int = 2020
    n_jobs: int = 1
    client: object | None = None
    scheduler: str | None = None
    chunk: int = 25
    progress: bool = True


@dataclass(frozen=True, slots=True)
class Outcomes:
    """A finished part's results: for each choice, each point and each replication, any metric."""

    cells: pd.DataFrame                 # the sweep's cells.parquet
    option: dict[tuple[int, str], str]  # (point, choice) -> the option that simulated it
    points: int
    choices: tuple[str, ...]
    years: float

    @property
    def replications(self) -> int:
        return int(self.cells.replication.nunique())

    def metric(self, name: str, per_year: bool = True) -> np.ndarray:
        """float[choices, points, replications] of `name` (a year, when `per_year`, for a total)."""
        wide = self.cells.pivot(index=AXIS, columns="replication", values=name)
        out = np.empty((len(self.choices), self.points, wide.shape[1]))
        for c, choice in enumerate(self.choices):
            for p in range(self.points):
                out[c, p] = wide.loc[self.option[(p, choice)]].to_numpy(float)
        return out / self.years if per_year else out


def run_part(name: str, folder: Path, settings: Mapping[tuple[int, str], Sequence[str]], loader: ConfigLoader,
             replications: int, run: RunSettings) -> Outcomes:
    """Simulate every (point, choice) of `settings` (its overrides) `replications` times into a sweep
    folder under `folder`, and read the results; ConfigError for a bad setting, before any work."""
    options: dict[str, tuple[str, ...]] = {}
    configs = {}
    chosen: dict[tuple[int, str], str] = {}
    seen: dict[str, str] = {}
    for (point, choice), overrides in settings.items():
        config = loader.config(overrides)
        key = run_key(config, run.engine, run.seed, False)
        if key not in seen:
            seen[key] = f"p{point:04d}:{choice}"
            options[seen[key]] = tuple(overrides)
            configs[seen[key]] = config
        chosen[(point, choice)] = seen[key]
    raw = {"name": name, "axes": [{"name": AXIS, "options": {o: list(v) for o, v in options.items()}}],
           "replications": replications, "engine": run.engine, "seed": run.seed, "n_jobs": run.n_jobs,
           "backend": "dask" if run.client is not None else "joblib", "scheduler": run.scheduler,
           "chunk": run.chunk, "outcome": "expected_deaths"}
    spec = build_spec(raw, default_jobs=len(os.sched_getaffinity(0)))
    where = folder / f"{name}_{_digest(loader.overrides, options)}"
    outcome = run_sweep(spec, loader.scenario, loader.overrides, where, progress=run.progress,
                        configs=[configs[str(cell.values[AXIS])] for cell in spec.cells], client=run.client,
                        folder_key="--out")
    if outcome.failures:
        raise ChunksFailed(where, len(outcome.failures))
    choices = tuple(dict.fromkeys(choice for _, choice in settings))
    points = 1 + max(point for point, _ in settings)
    years = next(iter(configs.values())).horizon_days / 365.25
    return Outcomes(outcome.cells, chosen, points, choices, years)


class ChunksFailed(Exception):
    """Some chunks of a part raised (each said on stderr); the others are kept, and a rerun retries."""

    def __init__(self, folder: Path, count: int) -> None:
        super().__init__(f"{count} chunk(s) failed in {folder} (above); the others are kept, and the same command "
                         "runs only what is missing")


def _digest(overrides: Sequence[str], options: Mapping[str, Sequence[str]]) -> str:
    text = repr((list(overrides), sorted((k, list(v)) for k, v in options.items())))
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def refuse_levers(keys: Sequence[str], levers: Sequence[str]) -> None:
    """A sampled key that a compared choice also sets would be silently overwritten: refused."""
    for key in keys:
        if key in levers:
            raise ConfigError(key, "sampled", f"is a lever the analysis compares ({', '.join(levers)}), "
                                              "not an uncertainty: leave it out of the sampled list")
