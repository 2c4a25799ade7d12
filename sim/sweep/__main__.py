"""Command line: `python -m sim.sweep sweep=NAME [scenario=NAME] [sweep.KEY=VALUE ...] [key=value ...]`.

Runs a sweep (conf/sweep/NAME.yaml, or a path to a sweep file) over a scenario into its folder:
`hydra.run.dir=DIR`, or sweeps/<sweep name>/<scenario name> (and __<overrides> when there are any), a
fixed place so that the same command run again finds the chunks it kept and runs only the rest.
`sweep.KEY=VALUE` changes the sweep (sweep.replications=400, sweep.n_jobs=4, sweep.backend=dask
sweep.scheduler=tcp://HOST:8786, sweep.precision.half_width=0.1); any other key=value changes the
county in every cell. A bad sweep or config stops before any work with one line and exit status 2; a
chunk that fails is reported with its cell and the rest go on (exit status 1, the same command
retries it); an interrupt keeps the finished chunks (exit status 130).
"""

from __future__ import annotations

import os
import sys

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
    """Run a checked sweep command and print its answer; the exit status."""
    from sim.config.errors import ConfigError
    from sim.sweep.report import console_lines
    from sim.sweep.run import check_room, run_sweep

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
    print(f"sweep {spec.name}: {len(spec.cells)} cells x {size} replications of {command.scenario} on the "
          f"{spec.engine} engine, seed {spec.seed}, {where}, into {command.folder}", file=sys.stderr)
    try:
        outcome = run_sweep(spec, command.scenario, command.overrides, command.folder, configs=command.configs,
                            client=client)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: the finished chunks are kept in {command.folder}; the same command runs the rest",
              file=sys.stderr)
        return 130
    finally:
        if client is not None:
            client.close()
    if outcome.failures:
        print(f"sweep: {len(outcome.failures)} chunk(s) failed (above); the others are kept in {command.folder}, "
              "and the same command runs only what is missing", file=sys.stderr)
        return 1
    for line in console_lines(spec, outcome):
        print(line, file=sys.stderr)
    print(f"wrote {outcome.folder}", file=sys.stderr)
    print(outcome.folder)
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
