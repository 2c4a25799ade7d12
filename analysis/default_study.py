"""The default study (`make report`): county_baseline with enough replications for intervals.

Writes its tables and a Markdown summary under `reports/default_study/` (or `--out DIR`).
Its run settings are conf/run/default_study.yaml: the numba engine (the SimPy reference engine
agrees with it statistically, as tests/equivalence shows), seed 2020, every core, and enough
replications (400) that the 95% interval of deaths per year is about ±10% of its mean; any of
them can be changed as key=value (`replications=800`), like every other setting. Any other
scenario: `python -m analysis.scenario_report <scenario>`, which this study shares its code with.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sim
from analysis.command_line import OneLineParser, parse
from analysis.scenario_report import add_run_arguments, run_report

SCENARIO = "county_baseline"
FOLDER = Path("reports") / "default_study"


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.default_study", description=__doc__)
    add_run_arguments(parser, f"output folder (default {FOLDER}, and __<overrides> when there are any)")
    try:
        args = parse(parser, argv)
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    return run_report(SCENARIO, args, "Default study", preset="default_study", default_out=FOLDER)


if __name__ == "__main__":
    sys.exit(main())
