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
  any other key=value overrides the config, over any group option; every key is in docs/model.md

writes replications.parquet, timeseries.parquet, events.parquet, summary.csv and .hydra/config.yaml;
an interrupted run keeps its finished replications and the same command runs only the rest
"""


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help", "help") for a in argv):
        print(USAGE + _groups_help())
        return 0
    from sim.config import ConfigError, compose_config, to_config

    scenario = "county_baseline"
    overrides = []
    for arg in argv:
        if arg.startswith("scenario="):
            scenario = arg.split("=", 1)[1]
        else:
            overrides.append(arg)
    kept = None  # where finished replications are kept until the tables are written (sim/checkpoint.py)
    try:
        cfg, run_dir = compose_config(scenario, overrides)
        config = to_config(cfg)
        from sim.api import check_runnable, checkpoint_store, simulate
        from sim.checkpoint import FOLDER, interrupt_on_sigterm
        from sim.io import write_run

        check_runnable(config, config.engine)  # before announcing the run: the error is the only line
        root = Path(run_dir).parent / FOLDER
        kept = checkpoint_store(root, config, config.engine, config.seed, events=True)
        into_run_dir(run_dir, lambda: kept.folder.mkdir(parents=True, exist_ok=True))
        interrupt_on_sigterm()
        print(f"running {config.name}: {config.replications} replication(s) on the {config.engine} engine, "
              f"seed {config.seed}" + kept.resuming_note(config.replications), file=sys.stderr)
        result = simulate(config, engine=config.engine, replications=config.replications, seed=config.seed,
                          n_jobs=config.n_jobs, checkpoint=root)
        out = into_run_dir(run_dir, lambda: write_run(run_dir, result, cfg, [f"scenario={scenario}", *overrides]))
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(kept.interrupted_note(config.replications) if kept else "interrupted: nothing was written",
              file=sys.stderr)
        return 130
    kept.remove()
    print(result.summary().set_index("metric").loc[["accidents", "deaths", "deaths_per_100k_workers_year",
                                                    "hazards_found", "inspections", "tasks_expired"],
                                                   ["mean", "ci_low", "ci_high"]].to_string(), file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    print(out)
    return 0


def into_run_dir(run_dir: str, write):
    """write(), a failure to write reported as a bad hydra.run.dir (one line, status 2)."""
    from sim.config import ConfigError

    try:
        return write()
    except OSError as error:
        raise ConfigError("hydra.run.dir", run_dir, f"cannot write there ({error.strerror or error})") from error


def _groups_help() -> str:
    """The regime groups and their options, read from conf/regimes/."""
    from sim.config import groups

    lines = [f"  {group:<29}{', '.join(groups.options(group))}" for group in groups.groups()]
    return "\nregime groups (conf/regimes/) and their options:\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
