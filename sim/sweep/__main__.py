"""Command line: `python -m sim.sweep sweep=NAME [scenario=NAME] [sweep.KEY=VALUE ...] [key=value ...]`.

Runs a sweep (conf/sweep/NAME.yaml, or a path to a sweep file) over a scenario into its folder:
`hydra.run.dir=DIR`, or sweeps/<sweep name>/<scenario name> (and __<overrides> when there are any), a
fixed place so that the same command run again finds the chunks it kept and runs only the rest.
`sweep.KEY=VALUE` changes the sweep (sweep.replications=400, sweep.n_jobs=4, sweep.backend=dask
sweep.scheduler=tcp://HOST:8786, sweep.precision.half_width=0.1); any other key=value changes the
county in every cell. A bad sweep or config stops before any work with one line and exit status 2; a
chunk that fails is reported with its cell and the rest go on (exit status 1, the same command
retries it); an interrupt (Ctrl-C, or SIGTERM from a scheduler or `kill`) keeps the finished chunks
(exit status 130); a file that cannot be written (a full disk) is one line naming it, exit status 1,
the finished chunks kept.
"""

from __future__ import annotations

import os
import sys
import warnings

USAGE = """usage: python -m sim.sweep sweep=NAME [scenario=NAME] [sweep.KEY=VALUE ...] [key=value ...]

  sweep=NAME          a file in conf/sweep/ (staffing, regimes, reward, dispatch, quality, budget_mix)
                      or a path to a sweep file
  scenario=NAME       the county every cell starts from (default county_baseline)
  sweep.replications=N   replications per cell (same worlds in every cell: paired differences)
  sweep.n_jobs=J      local worker processes (default: every core)
  sweep.backend=dask sweep.scheduler=tcp://HOST:8786   run on a Dask cluster
  sweep.precision.half_width=H   add rounds until each cell's paired 95% half-interval is <= H
  hydra.run.dir=DIR   where to write (default sweeps/<sweep>/<scenario>)
  any other key=value changes the county in every cell (docs/model.md lists the keys)

writes cells.parquet, timeseries.parquet, summary.csv, sweep.yaml and manifest.json; an interrupted or
killed sweep keeps its finished chunks and the same command runs only the rest
"""


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help", "help") for a in argv):
        print(USAGE)
        return 0
    from sim.sweep.load import parse_command_line

    return parse_and_run(parse_command_line, argv)


def parse_and_run(parse, argv: list[str]) -> int:
    """`parse(argv, default_jobs)` into a checked sweep command, then run it; a ConfigError while
    parsing is one line and exit status 2. Shared by `python -m sim.sweep` and `python -m sim -m`."""
    from sim.config.errors import ConfigError

    try:
        command = parse(argv, default_jobs=len(os.sched_getaffinity(0)))
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    return run_command(command)


def run_command(command) -> int:
    """Run a checked sweep command and print its answer; the exit status.

    SIGTERM stops it as Ctrl-C does (the finished chunks kept, exit status 130); a file that cannot
    be written (a full disk) stops it with one line naming the file, the chunks kept so far staying."""
    from sim.checkpoint import interrupt_on_sigterm
    from sim.config.errors import ConfigError
    from sim.sweep.report import console_lines
    from sim.sweep.run import check_room

    interrupt_on_sigterm()
    spec = command.spec
    client = None
    try:
        if spec.backend == "dask":   # a scheduler that does not answer, or workers that differ: refused here
            from sim.sweep.execute import connect

            client = connect(spec.scheduler)
        check_room(spec, command.configs, client)   # a sweep its processes cannot hold, before it is announced
    except ConfigError as error:
        if client is not None:
            client.close()
        print(error, file=sys.stderr)
        return 2
    size = spec.replications if spec.precision is None else f"rounds of {spec.precision.round}"
    where = f"Dask at {spec.scheduler}" if spec.backend == "dask" else f"{spec.n_jobs} worker(s)"
    header = (f"sweep {spec.name}: {len(spec.cells)} cells x {size} replications of {command.scenario} on the "
              f"{spec.engine} engine, seed {spec.seed}, {where}, into {command.folder}")
    try:
        outcome = _run(command, client, header)
    finally:
        if client is not None:
            client.close()
    if isinstance(outcome, int):
        return outcome
    if outcome.failures:
        print(f"sweep: {len(outcome.failures)} chunk(s) failed (above); the others are kept in {command.folder}, "
              "and the same command runs only what is missing", file=sys.stderr)
        return 1
    for line in console_lines(spec, outcome):
        print(line, file=sys.stderr)
    print(f"wrote {outcome.folder}", file=sys.stderr)
    print(outcome.folder)
    return 0


def _run(command, client, header: str):
    """The sweep's outcome, or the exit status of a refusal (2), an interrupt (130) or a file that
    could not be written (1), each said in one line."""
    from sim.config.errors import ConfigError
    from sim.sweep.run import run_sweep

    with warnings.catch_warnings():   # joblib, on the interrupt: "tasks ... executed but not used": said below
        warnings.filterwarnings("ignore", message=r".*tasks have been successfully executed", category=UserWarning)
        try:
            return run_sweep(command.spec, command.scenario, command.overrides, command.folder,
                             configs=command.configs, client=client, announce=lambda: print(header, file=sys.stderr))
        except ConfigError as error:
            print(error, file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(f"interrupted: the finished chunks are kept in {command.folder}; the same command runs the rest",
                  file=sys.stderr)
            return 130
        except OSError as error:   # the environment, not the sweep: a full disk, a folder made read-only
            print(f"sweep stopped: {error.filename or command.folder}: {error.strerror or error}; the chunks "
                  f"finished before are kept in {command.folder}, and the same command runs the rest once that is "
                  "fixed", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
