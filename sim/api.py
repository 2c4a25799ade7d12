"""`simulate`: run replications of a config on an engine, in parallel if asked, into one result."""

from __future__ import annotations

import contextlib
import dataclasses
import warnings
from pathlib import Path

from joblib import Parallel, delayed
from tqdm.auto import tqdm

from sim.checkpoint import ReplicationStore, run_key
from sim.config.errors import ConfigError
from sim.config.schema import ENGINES, Config
from sim.config.validate import validate
from sim.engines.kernel_cache import ready
from sim.memory import MemoryUseWarning, check_memory
from sim.results import SimulationResult, assemble
from sim.workers import in_worker
from sim.world.scenario import Scenario, compile_scenario


def check_runnable(config: Config, engine: str) -> None:
    """Refuse, before any work, an engine that does not exist, naming the key."""
    if engine not in ENGINES:
        raise ConfigError("engine", engine, f"must be one of {', '.join(ENGINES)}")


def _engine(engine: str):
    """The engine's `run_replication(scenario, seed, replication, log_events)`; imported on demand."""
    if engine == "numba":
        from sim.engines.numba.engine import run_replication
    else:
        from sim.engines.simpy.engine import run_replication
    return run_replication


def simulate(config: Config, engine: str | None = None, replications: int | None = None, seed: int | None = None,
             n_jobs: int | None = None, progress: bool | None = None, events: bool = True,
             checkpoint: str | Path | None = None) -> SimulationResult:
    """Run `replications` independent replications of `config`.

    The run settings (engine, replications, seed, n_jobs) are the config's own unless given here;
    the result's config records the ones that ran. Replication r uses only the streams of (seed, r),
    so results do not depend on n_jobs or order.
    `progress` shows a bar on stderr (default: when there is more than one replication);
    `events=False` skips the SimPy event log (it is large: ~100,000 rows per county-replication).
    `checkpoint`: a folder where each finished replication is kept as it finishes (sim/checkpoint.py),
    so that the same call after an interrupt runs only the replications not yet kept; the caller
    removes them (`checkpoint_store(...).remove()`) once the results are safe.
    """
    validate(config)
    ran = dataclasses.replace(config, **run_settings(config, engine=engine, replications=replications, seed=seed,
                                                     n_jobs=n_jobs))
    engine, replications, seed, n_jobs = ran.engine, ran.replications, ran.seed, ran.n_jobs
    if warning := check_memory(ran, engine, n_jobs, events):   # refuses a run that cannot fit, before any work
        warnings.warn(warning, MemoryUseWarning, stacklevel=2)
    scenario = compile_scenario(config)
    run_replication = _engine(engine)
    show = replications > 1 if progress is None else progress
    log_events = events and engine == "simpy"
    store = None if checkpoint is None else checkpoint_store(checkpoint, config, engine, seed, events)
    ready(engine, show)   # a first run compiles the kernels, saying so, before its progress bar starts
    with store.lock() if store is not None else contextlib.nullcontext():
        done = store.load(range(replications)) if store is not None else {}
        todo = [r for r in range(replications) if r not in done]
        outputs = list(done.values())
        with tqdm(total=replications, initial=len(done), desc=f"{engine} replications", disable=not show,
                  unit="rep") as bar:
            for output in _finished(run_replication, scenario, seed, todo, log_events, n_jobs):
                if store is not None:
                    store.save(output)
                outputs.append(output)
                bar.update()
    return assemble(outputs, ran, engine, seed, month_labels(scenario))


def run_settings(config: Config, **given) -> dict:
    """The run settings that will run: each one given (not None), else the config's; checked."""
    settings = {name: getattr(config, name) if value is None else value for name, value in given.items()}
    check_runnable(config, settings["engine"])
    for key, least in (("replications", 1), ("seed", 0), ("n_jobs", 1)):
        value = settings[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ConfigError(key, value, f"must be a whole number >= {least}")
    return settings


def _finished(run_replication, scenario: Scenario, seed: int, todo: list[int], log_events: bool, n_jobs: int):
    """The replications of `todo` as they finish: here, or in n_jobs worker processes (sim/workers.py)."""
    if n_jobs == 1 or len(todo) <= 1:
        return (run_replication(scenario, seed, r, log_events=log_events) for r in todo)
    jobs = (delayed(in_worker)(run_replication, scenario, seed, r, log_events) for r in todo)
    return Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs)


def checkpoint_store(root: str | Path, config: Config, engine: str, seed: int, events: bool) -> ReplicationStore:
    """The folder under `root` that keeps the finished replications of this run."""
    return ReplicationStore(root, run_key(config, engine, seed, events and engine == "simpy"))


def month_labels(scenario: Scenario) -> list[str]:
    """'YYYY-MM' of each month of the measured window."""
    y, m = scenario.start.year, scenario.start.month
    labels = []
    for k in range(scenario.n_months):
        yy, mm = divmod(m - 1 + k, 12)
        labels.append(f"{y + yy:04d}-{mm + 1:02d}")
    return labels
