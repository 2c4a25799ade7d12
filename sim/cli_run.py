"""The run every command line makes: check, announce, simulate, write, in that order.

`python -m sim` and the report commands (analysis/) share it, so they refuse the same bad input
the same way (one line, exit 2, before any work), keep finished replications the same way while
they run (sim/checkpoint.py), and write all or nothing into an output folder that is never another
run's (sim/io.py).
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sim.api import checkpoint_store, simulate
from sim.checkpoint import FOLDER, CheckpointBusy, interrupt_on_sigterm
from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.county.attach import notes
from sim.io import OutputFolder, write_run
from sim.memory import MemoryUseWarning, check_memory
from sim.results import SimulationResult

# (result, replications resumed from an interrupted run, seconds the run took) -> {file name: text}
Files = Callable[[SimulationResult, int, float], dict[str, str]]


@dataclass(slots=True)
class Outcome:
    """How a command's run ended: its exit status and, when it completed, the result and its folder."""

    status: int
    result: SimulationResult | None = None
    folder: Path | None = None


def run_into(config: Config, folder: OutputFolder, overrides: list[str], title: str, events: bool,
             files: Files | None = None) -> Outcome:
    """Run `config` with its own run settings into `folder`.

    `files(result, resumed, seconds)` gives extra text files (a report's summary.md), written with the tables.
    A ConfigError, or the same run already under way, is printed as one line and gives status 2; an
    interrupt keeps the finished replications and gives 130.
    """
    try:
        memory = check_memory(config, config.engine, config.n_jobs, events)
        replacing = folder.check(config)
        kept = checkpoint_store(folder.path.parent / FOLDER, config, config.engine, config.seed, events)
        with kept.lock():
            interrupt_on_sigterm()
            resumed = len(kept.finished(config.replications))
            if memory:
                print(memory, file=sys.stderr)
            print(f"{title}: {config.name}, {config.replications} replication(s) on the {config.engine} engine, "
                  f"seed {config.seed}, {config.n_jobs} worker(s)" + kept.resuming_note(config.replications)
                  + replacing, file=sys.stderr)
            for line in notes(config):   # the county's register and records: what they replace, what stays drawn
                print(line, file=sys.stderr)
            try:
                started = time.perf_counter()
                with warnings.catch_warnings():   # said above, once
                    warnings.simplefilter("ignore", MemoryUseWarning)
                    result = simulate(config, events=events, checkpoint=kept.folder.parent)
                seconds = time.perf_counter() - started
                written = write_run(folder, result, overrides, files(result, resumed, seconds) if files else None)
            except KeyboardInterrupt:
                print(kept.interrupted_note(config.replications), file=sys.stderr)
                return Outcome(130)
            kept.remove()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return Outcome(2)
    except CheckpointBusy as busy:
        print(ConfigError(folder.key, str(folder.path), str(busy)), file=sys.stderr)
        return Outcome(2)
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return Outcome(130)
    if written != folder.path:
        print(f"note: {folder.path} was taken by a run of another config while this one ran; "
              f"this run's results are in {written}", file=sys.stderr)
    return Outcome(0, result, written)
