"""How long a warm-up a scenario needs: its measured window's figures against the warm-up length.

    .venv/bin/python -m analysis.warmup_study <scenario> [--warmups 365,1096,3652] [key=value ...]

Run settings are key=value like any other (replications=200 seed=2020 engine=numba n_jobs=<cores>
by default: conf/run/warmup_study.yaml).

A run starts empty and simulates `warmup_days` before it measures (docs/model.md §1). This prints,
for each warm-up, the mean and standard error over replications of accidents a year, hazards
created a year and open hazards at day 0: when they stop moving with the warm-up, it is long
enough. A bad scenario or override stops with one line and exit 2; nothing is written.
"""

from __future__ import annotations

import sys

import numpy as np

import sim
from analysis.command_line import OneLineParser, parse

MEASURES = (("accidents a year", "accidents", True), ("hazards created a year", "hazards_created", True),
            ("open hazards at day 0", "hazards_open_start", False))


def warmup_table(scenario: str, overrides: list[str], warmups: list[int]) -> list[dict]:
    """One row per warm-up: each measure's mean and standard error over the replications."""
    rows = []
    for days in warmups:
        config = sim.load_config(scenario, ["run=warmup_study", *overrides, f"warmup_days={days}"])
        result = sim.simulate(config, events=False)
        years = config.horizon_days / 365.25
        row = {"warmup_days": days}
        for label, metric, per_year in MEASURES:
            values = result.replications[metric].astype(float).to_numpy() / (years if per_year else 1.0)
            error = values.std(ddof=1) / np.sqrt(values.size) if values.size > 1 else float("nan")
            row[label] = (values.mean(), error)
        rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    lines = ["| warm-up (days) | " + " | ".join(label for label, _, _ in MEASURES) + " |",
             "|--:|" + "--:|" * len(MEASURES)]
    for row in rows:
        cells = [f"{row[label][0]:,.2f} ± {row[label][1]:.2f}" for label, _, _ in MEASURES]
        lines.append(f"| {row['warmup_days']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.warmup_study", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a scenario name in scenarios/ or a path to a YAML file")
    parser.add_argument("--warmups", default="365,730,1096,1826,3652", help="warm-up lengths in days, comma-separated")
    parser.add_argument("overrides", nargs="*", help="config overrides, key=value, run settings included")
    try:
        args = parse(parser, argv)
        warmups = [int(w) for w in args.warmups.split(",")]
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except ValueError:
        parser.error(f"--warmups must be whole numbers of days separated by commas, got {args.warmups!r}")
    try:
        rows = warmup_table(args.scenario, args.overrides, warmups)
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
