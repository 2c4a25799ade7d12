"""Command line: `python -m sim [scenario=NAME] [regimes/REGIME=OPTION ...] [key=value ...]`.

Composes the scenario and the chosen regime-group options with Hydra's override syntax, validates
it, runs it and writes the tables into Hydra's run directory (`hydra.run.dir=DIR` to choose it). A
user error prints one line and exits with status 2; nothing is written unless the run completes.
"""

from __future__ import annotations

import sys

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

writes replications.parquet, timeseries.parquet, events.parquet, summary.csv and .hydra/config.yaml
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
    try:
        cfg, run_dir = compose_config(scenario, overrides)
        config = to_config(cfg)
        from sim.api import check_runnable, simulate
        from sim.io import write_run

        check_runnable(config, config.engine)  # before announcing the run: the error is the only line
        print(f"running {config.name}: {config.replications} replication(s) on the {config.engine} engine, "
              f"seed {config.seed}", file=sys.stderr)
        result = simulate(config, engine=config.engine, replications=config.replications, seed=config.seed,
                          n_jobs=config.n_jobs)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    try:
        out = write_run(run_dir, result, cfg, [f"scenario={scenario}", *overrides])
    except OSError as error:
        print(f"config error: hydra.run.dir = {run_dir!r}: cannot write there ({error.strerror or error})",
              file=sys.stderr)
        return 2
    print(result.summary().set_index("metric").loc[["accidents", "deaths", "deaths_per_100k_workers_year",
                                                    "hazards_found", "inspections", "tasks_expired"],
                                                   ["mean", "ci_low", "ci_high"]].to_string(), file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    print(out)
    return 0


def _groups_help() -> str:
    """The regime groups and their options, read from conf/regimes/."""
    from sim.config import groups

    lines = [f"  {group:<29}{', '.join(groups.options(group))}" for group in groups.groups()]
    return "\nregime groups (conf/regimes/) and their options:\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
