"""The default study (`make report`): county_baseline with enough replications for intervals.

Writes its tables and a Markdown summary under `reports/default_study/` (or `--out DIR`).
It runs on the numba engine (the SimPy reference engine agrees with it statistically, as
tests/equivalence shows) with enough replications that the 95% interval of deaths per year is
about ±10% of its mean; the number of replications is printed with the results. Any other
scenario: `python -m analysis.scenario_report <scenario>`, which this study shares its code with.
"""

from __future__ import annotations

import argparse
import sys

from analysis.scenario_report import add_run_arguments, run_report

DEFAULT_REPLICATIONS = 400
SCENARIO = "county_baseline"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.default_study", description=__doc__)
    add_run_arguments(parser, DEFAULT_REPLICATIONS, "output directory (default reports/default_study)")
    args = parser.parse_args(argv)
    args.out = args.out or "reports/default_study"
    return run_report(SCENARIO, args, "Default study")


if __name__ == "__main__":
    sys.exit(main())
