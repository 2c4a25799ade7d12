"""The default study (`make report`): county_baseline's indicators, and what its staffing buys.

Two parts, one command:

1. The county as it is (30 inspectors), with enough replications for intervals: its tables and a
   Markdown summary under `reports/default_study/` (or `--out DIR`). Run settings are
   conf/run/default_study.yaml: the numba engine (the SimPy reference engine agrees with it
   statistically, as tests/equivalence shows), seed 2020, every core, 400 replications, so that the
   95% interval of deaths a year is about ±10% of its mean; any of them can be changed as key=value
   (`replications=800`), like every other setting.
2. The staffing answer: the `staffing` sweep (conf/sweep/staffing.yaml: 0 to 90 inspectors, paired
   against 30) with `STAFFING_REPLICATIONS` replications per level on the same run settings, into
   `reports/default_study_staffing/` (or `--staffing-out DIR`), resumable like every sweep. It prints,
   and writes as `staffing.md`, per level the expected accidents and deaths a year with their paired
   differences against 30, and the marginal value of staff between neighbouring levels.

Any other scenario: `python -m analysis.scenario_report <scenario>` and `python -m sim.sweep
sweep=staffing scenario=<scenario>`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

import sim
from analysis.command_line import OneLineParser, parse
from analysis.scenario_report import add_run_arguments, run_report
from sim.io import default_folder, write_text_atomic
from sim.sweep.tables import interval, paired

SCENARIO = "county_baseline"
FOLDER = Path("reports") / "default_study"
STAFFING_FOLDER = Path("reports") / "default_study_staffing"
# replications per staffing level: enough that neighbouring levels separate in expected accidents,
# within the five minutes the study may take on two cores (docs/performance.md)
STAFFING_REPLICATIONS = 200
OUTCOMES = (("expected_accidents", "expected accidents", 1), ("deaths", "deaths", 2))


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.default_study", description=__doc__.split("\n\n")[0])
    add_run_arguments(parser, f"output folder (default {FOLDER}, and __<overrides> when there are any)")
    parser.add_argument("--staffing-out", default=None,
                        help=f"the staffing sweep's folder (default {STAFFING_FOLDER}, and __<overrides>)")
    parser.add_argument("--staffing-replications", type=int, default=STAFFING_REPLICATIONS,
                        help=f"replications per staffing level (default {STAFFING_REPLICATIONS})")
    parser.add_argument("--no-staffing", action="store_true", help="the county's indicators only")
    try:
        args = parse(parser, argv)
        config = sim.load_config(SCENARIO, ["run=default_study", *args.overrides])
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    status = run_report(SCENARIO, args, "Default study", preset="default_study", default_out=FOLDER)
    if status or args.no_staffing:
        return status
    folder = Path(args.staffing_out) if args.staffing_out else default_folder(STAFFING_FOLDER, args.overrides)
    return staffing(config, [o for o in args.overrides if o.split("=", 1)[0] not in RUN_KEYS], folder,
                    args.staffing_replications)


RUN_KEYS = ("replications", "seed", "engine", "n_jobs")


def staffing(config, overrides: list[str], folder: Path, replications: int = STAFFING_REPLICATIONS) -> int:
    """Run the staffing sweep with the study's engine, seed and workers; print and write the answer."""
    from sim.sweep.__main__ import run_command
    from sim.sweep.load import parse_command_line

    argv = ["sweep=staffing", f"scenario={SCENARIO}", f"sweep.replications={replications}",
            f"sweep.engine={config.engine}", f"sweep.seed={config.seed}", f"sweep.n_jobs={config.n_jobs}",
            *overrides, f"hydra.run.dir={folder}"]
    try:
        command = parse_command_line(argv, default_jobs=len(os.sched_getaffinity(0)))
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    status = run_command(command)
    if status:
        return status
    cells = pd.read_parquet(folder / "cells.parquet")
    text = staffing_markdown(cells, command.spec.reference, config.horizon_days / 365.25)
    write_text_atomic(folder / "staffing.md", text)
    print(text)
    return 0


def staffing_markdown(cells: pd.DataFrame, reference: int, years: float) -> str:
    """The staffing answer: per level, each outcome a year with its paired difference against the
    reference, and the marginal deaths and expected accidents averted per inspector added."""
    levels = cells.drop_duplicates("cell").set_index("cell")["inspectors.count"].sort_values()
    base = int(levels[reference])
    lines = [f"# What staffing buys: {SCENARIO}", "",
             f"Per year, 95% intervals, {cells.replication.nunique()} replications per level on the same worlds; "
             f"Δ: this level less {base} inspectors, paired; marginal: averted a year per inspector added "
             "since the level above.", "",
             "| inspectors | expected accidents | Δ | deaths | Δ | marginal: expected accidents | marginal: deaths |",
             "| ---: | --- | --- | --- | --- | --- | --- |"]
    previous = None
    for cell, count in levels.items():
        row = [f"| {count}"]
        for metric, _, digits in OUTCOMES:
            mine = cells.loc[cells.cell == cell, metric].to_numpy(float) / years
            mean, low, high = interval(mine)
            row.append(_cell((mean, max(low, 0.0), high), digits))   # a count a year is never below 0
            row.append("reference" if cell == reference else
                       _cell(interval(paired(cells, cell, reference, metric) / years), digits, signed=True))
        for metric, _, digits in OUTCOMES:
            if previous is None:
                row.append("–")
                continue
            step = count - levels[previous]
            averted = paired(cells, previous, cell, metric) / years / step
            row.append(_cell(interval(averted), digits + 1))
        lines.append(" | ".join(row) + " |")
        previous = cell
    return "\n".join(lines) + "\n"


def _cell(bounds: tuple[float, float, float], digits: int, signed: bool = False) -> str:
    mean, low, high = bounds
    form = f"{'+' if signed else ''}.{digits}f"
    return f"{mean:{form}} ({low:{form}} to {high:{form}})"


if __name__ == "__main__":
    sys.exit(main())
