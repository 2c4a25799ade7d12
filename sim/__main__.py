"""Command line: `python -m sim [scenario=NAME] [regimes/REGIME=OPTION ...] [key=value ...]`.

Composes the scenario and the chosen regime-group options with Hydra's override syntax, validates
it, runs it and writes the tables into Hydra's run directory (`hydra.run.dir=DIR` to choose it). A
user error prints one line and exits with status 2; the tables are written only when the run
completes. Until then each finished replication is kept in `.checkpoints/` beside the run directory
(sim/checkpoint.py), so after an interrupt the same command runs only the replications not yet kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

USAGE = """usage: python -m sim [scenario=NAME] [regimes/REGIME=OPTION ...] [key=value ...]

  scenario=NAME     a file in scenarios/ (default county_baseline) or a path to a .yaml file
  regimes/REGIME=OPTION
                    switch a regime on or off, or pick a named setting of it, over the scenario
                    file: regimes/whistleblower=on, regimes/double_random=off,
                    regimes/whistleblower=high_reward (groups below; docs/config_groups.md)
  engine=simpy      the engine (simpy, the reference, or numba)
  replications=N    independent replications (default 1)
  seed=S            root seed (default 0); the same seed gives the same numbers
  n_jobs=J          worker processes (results do not depend on it)
  hydra.run.dir=DIR where to write (default outputs/<scenario>/<date_time>)
  -m key=a,b,c ...  multirun: a sweep over every key given several values, into the sweep's tables
                    (cells.parquet, summary.csv; hydra.sweep.dir=DIR; python -m sim.sweep --help)
  any other key=value overrides the config, over any group option; every key is in docs/model.md

writes replications.parquet, timeseries.parquet, events.parquet, summary.csv and .hydra/config.yaml;
an interrupted run keeps its finished replications and the same command runs only the rest
"""


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help", "help") for a in argv):
        print(USAGE + _groups_help())
        return 0
    from sim.config import ConfigError, compose_config, to_config
    from sim.sweep.multirun import is_multirun
    from sim.sweep.spec import plain_name

    if is_multirun(argv):
        return _multirun(argv)

    scenario = "county_baseline"
    overrides = []
    for arg in argv:
        if arg.startswith("scenario="):
            scenario = arg.split("=", 1)[1]
        else:
            overrides.append(arg)
    chosen = any(o.split("=", 1)[0].strip() == "hydra.run.dir" for o in overrides)
    try:
        cfg, run_dir = compose_config(scenario, overrides)
        config = to_config(cfg)
        if not chosen:   # outputs/<name>/<time>: a name that is a path would write outside outputs/
            plain_name("name", config.name, "outputs/<name>/<time>, from the scenario's name", "run")
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    from sim.cli_run import run_into
    from sim.console import console_summary
    from sim.io import OutputFolder

    folder = OutputFolder(path=Path(run_dir), key="hydra.run.dir", chosen=chosen)
    outcome = run_into(config, folder, [f"scenario={scenario}", *overrides], "running", events=True)
    if outcome.status:
        return outcome.status
    print(console_summary(outcome.result), file=sys.stderr)
    from sim.county.compare import records_beside

    if (beside := records_beside(outcome.result)) is not None:
        print(beside, file=sys.stderr)
    print(f"wrote {outcome.folder}", file=sys.stderr)
    print(outcome.folder)
    return 0


def _multirun(argv: list[str]) -> int:
    """Hydra's multirun syntax (-m key=a,b,c): a sweep with those axes (sim/sweep/multirun.py)."""
    from sim.sweep.__main__ import parse_and_run
    from sim.sweep.multirun import multirun_command

    return parse_and_run(multirun_command, argv)


def _groups_help() -> str:
    """The regime groups and their options, read from conf/regimes/."""
    from sim.config import groups

    lines = [f"  {group:<29}{', '.join(groups.options(group))}" for group in groups.groups()]
    return "\nregime groups (conf/regimes/) and their options:\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
