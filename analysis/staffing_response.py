"""What each staffing level buys: one scenario run at several inspector counts on the same worlds.

    .venv/bin/python -m analysis.staffing_response <scenario> [--levels 0,10,20,30,45,60,90]
        [--reference 30] [--out DIR] [key=value ...]

Every level runs the same replications with the same seed (common random numbers: replication r sees
the same enterprises and candidate hazards at every level), so the differences between levels are
paired by replication and far more precise than the levels' own intervals. Prints, and writes as
`response.md` and `response.csv`, per level: accidents, expected accidents (the accident rate
integrated over open hazards: the precise measure), deaths, expected deaths (the same, each accident
weighted by its mean deaths) and 较大及以上 accidents a year with 95% intervals; inspections, the plan's
checks and utilisation; the paired difference in expected accidents, deaths and expected deaths
against the reference level; and deaths and expected deaths averted per extra inspector from the level
below (the marginal value of staff), each with its paired 95% interval. Expected deaths have the mean
of deaths without the dice of who dies, so they separate levels that counted deaths cannot.

Run settings are key=value as everywhere (conf/run/report.yaml: the numba engine, seed 2020, every core;
here 400 replications unless given). The levels run as a staffing sweep (sim/sweep: each level a cell,
its rows those of its own run, the cells sharing their worlds) whose tables are the output folder's
(default reports/staffing_response/<scenario name>, and __<overrides> when there are any): what is
already there for the same config is read back, not run again, and an interrupted run keeps its
finished chunks. A bad scenario, override or level stops with one line and exit 2 before anything runs.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

import sim
from analysis.command_line import OneLineParser, parse
from analysis.scenario_report import add_run_arguments, default_folder
from sim.config.schema import Config
from sim.io import write_text_atomic

PRESET = "report"
REPLICATIONS = 400
FOLDER = Path("reports") / "staffing_response"
LEVELS = (0, 10, 20, 30, 45, 60, 90)
REFERENCE = 30
RUN_KEYS = ("replications", "seed", "engine", "n_jobs", "run")
Z95 = 1.959964
# per-replication outcomes the table reads, as counts or amounts over the measured window
OUTCOMES = ("accidents", "expected_accidents", "deaths", "expected_deaths", "serious_accidents",
            "expected_serious_accidents", "inspections", "inspector_utilization", "spend_total")


def level_config(scenario: str, inspectors: int, overrides: Sequence[str]) -> Config:
    """The config of one staffing level: the scenario under the overrides, with `inspectors` inspectors."""
    return sim.load_config(scenario, [f"run={PRESET}", f"replications={REPLICATIONS}", *overrides,
                                      f"inspectors.count={inspectors}"])


def level_frame(result_replications: pd.DataFrame, inspectors: int) -> pd.DataFrame:
    """One level's replications: the outcomes, planned checks a year, and the level itself."""
    frame = result_replications[["replication", *OUTCOMES]].copy()
    plan = result_replications.filter(regex=r"^plan_checks_y\d+$")
    frame["plan_checks"] = plan.sum(axis=1, min_count=1) / plan.notna().sum(axis=1).replace(0, np.nan)
    frame.insert(0, "inspectors", inspectors)
    return frame


def response_table(frame: pd.DataFrame, years: float, reference: int = REFERENCE) -> pd.DataFrame:
    """Per level: means a year with 95% intervals, paired differences against `reference` and the
    marginal deaths averted per inspector from the level below.

    `frame` holds one row per (inspectors, replication); the same replication numbers at every level
    are the pairing. Intervals are normal-theory over replications (hundreds of them)."""
    levels = sorted(frame.inspectors.unique())
    if reference not in levels:
        raise ValueError(f"reference level {reference} is not among the levels {levels}")
    wide = {k: frame[frame.inspectors == k].set_index("replication").sort_index() for k in levels}
    rows = []
    for i, k in enumerate(levels):
        level = wide[k]
        row = {"inspectors": k, "replications": len(level)}
        for name in ("accidents", "expected_accidents", "deaths", "expected_deaths", "serious_accidents",
                     "expected_serious_accidents", "inspections", "plan_checks", "spend_total"):
            per_year = level[name] if name == "plan_checks" else level[name] / years
            row.update(_interval(per_year, name))
        row["utilisation"] = float(level.inspector_utilization.mean())
        for name in ("expected_accidents", "deaths", "expected_deaths"):
            row.update(_interval(_paired(level, wide[reference], name) / years, f"{name}_vs_reference"))
        if i:
            below = wide[levels[i - 1]]
            for name in ("deaths", "expected_deaths"):
                averted = _paired(below, level, name) / years / (k - levels[i - 1])
                row.update(_interval(averted, f"{name}_averted_per_inspector"))
        rows.append(row)
    return pd.DataFrame(rows)


def _paired(first: pd.DataFrame, second: pd.DataFrame, name: str) -> pd.Series:
    """first − second, replication by replication (only the replications both have)."""
    both = first.index.intersection(second.index)
    return first.loc[both, name] - second.loc[both, name]


def _interval(values: pd.Series, name: str) -> dict[str, float]:
    values = values.dropna().to_numpy(float)
    mean = float(values.mean()) if values.size else math.nan
    half = Z95 * float(values.std(ddof=1)) / math.sqrt(values.size) if values.size > 1 else math.nan
    return {name: mean, f"{name}_low": mean - half, f"{name}_high": mean + half}


def response_markdown(table: pd.DataFrame, config: Config, reference: int, seconds: float) -> str:
    """response.md: what ran, the table, and how to read it."""
    lines = [f"# Staffing response: {config.name}", "",
             f"- {config.population.enterprises:,} enterprises, {config.horizon_days} days from {config.start_date} "
             f"(after a {config.warmup_days}-day warm-up); every level runs the same {config.replications} "
             f"replications (seed {config.seed}, {config.engine} engine), so differences are paired",
             f"- per year, means with 95% intervals; Δ: this level less {reference} inspectors, paired; "
             f"marginal: deaths (and expected deaths) a year averted per inspector added since the level above",
             f"- {seconds:.0f} s of simulation for the levels run now", "",
             "| inspectors | accidents | expected accidents | deaths | expected deaths | 较大及以上 | expected 较大及以上 "
             "| inspections | planned checks | utilisation | Δ expected accidents | Δ deaths | Δ expected deaths "
             "| marginal: deaths averted per inspector | marginal: expected deaths averted per inspector |",
             "| ---: | --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- | --- |"]
    for row in table.to_dict("records"):
        lines.append(" | ".join([
            f"| {row['inspectors']}", _cell(row, "accidents", 1), _cell(row, "expected_accidents", 1),
            _cell(row, "deaths", 2), _cell(row, "expected_deaths", 2), _cell(row, "serious_accidents", 3),
            _cell(row, "expected_serious_accidents", 3), f"{row['inspections']:,.0f}",
            "–" if math.isnan(row["plan_checks"]) else f"{row['plan_checks']:,.0f}", "–" if math.isnan(row["utilisation"]) else f"{row['utilisation']:.2f}",
            *(("reference", "reference", "reference") if row["inspectors"] == reference else
              (_cell(row, "expected_accidents_vs_reference", 1, signed=True),
               _cell(row, "deaths_vs_reference", 2, signed=True),
               _cell(row, "expected_deaths_vs_reference", 2, signed=True))),
            *(_cell(row, name, 3, signed=True) if name in row and not math.isnan(row[name]) else "–"
              for name in ("deaths_averted_per_inspector", "expected_deaths_averted_per_inspector"))]) + " |")
    return "\n".join(lines) + "\n"


def _cell(row: dict, name: str, digits: int, signed: bool = False) -> str:
    sign = "+" if signed else ""
    return (f"{row[name]:{sign}.{digits}f} ({row[name + '_low']:{sign}.{digits}f} to "
            f"{row[name + '_high']:{sign}.{digits}f})" if signed else
            f"{row[name]:.{digits}f} ({row[name + '_low']:.{digits}f}–{row[name + '_high']:.{digits}f})")


def parse_levels(text: str) -> list[int]:
    """'0,10,30' → [0, 10, 30]; ConfigError naming --levels for anything else."""
    try:
        levels = sorted({int(item) for item in text.split(",") if item.strip()})
    except ValueError:
        levels = []
    if not levels or levels[0] < 0:
        raise sim.ConfigError("--levels", text, "a comma-separated list of inspector counts >= 0, e.g. 0,10,30")
    return levels


def run_levels(scenario: str, levels: Sequence[int], reference: int, overrides: Sequence[str], top: Path
               ) -> tuple[pd.DataFrame, Config, float] | int:
    """Run (or read back) every level as the cells of a staffing sweep into `top`; the frame of all
    levels, the reference level's config and the seconds simulated now; or 1 when a chunk failed."""
    from sim.sweep.run import run_sweep
    from sim.sweep.spec import build_spec

    config = level_config(scenario, reference, overrides)
    spec = build_spec({"name": "staffing_response", "axes": [{"key": "inspectors.count", "values": list(levels)}],
                       "reference": {"inspectors.count": reference}, "replications": config.replications,
                       "engine": config.engine, "seed": config.seed, "n_jobs": config.n_jobs},
                      default_jobs=config.n_jobs)
    model = [o for o in overrides if o.split("=", 1)[0].strip() not in RUN_KEYS]
    print(f"staffing response: {config.name}, inspectors {','.join(map(str, levels))}, {config.replications} "
          f"replication(s) each on the {config.engine} engine, seed {config.seed}, {config.n_jobs} worker(s)",
          file=sys.stderr)
    outcome = run_sweep(spec, scenario, model, top, folder_key="--out")
    if outcome.failures:
        return 1
    cells = outcome.cells
    frames = [level_frame(cells[cells["inspectors.count"] == k].reset_index(drop=True), k) for k in levels]
    return pd.concat(frames, ignore_index=True), config, outcome.seconds


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.staffing_response", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a scenario name in scenarios/ or a path to a YAML file")
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)),
                        help=f"inspector counts, comma-separated (default {','.join(map(str, LEVELS))})")
    parser.add_argument("--reference", type=int, default=REFERENCE,
                        help=f"the level the differences are taken against (default {REFERENCE})")
    add_run_arguments(parser, f"output folder (default {FOLDER}/<scenario name>, and __<overrides> when there "
                              "are any)")
    try:
        args = parse(parser, argv)
        levels = parse_levels(args.levels)
        if args.reference not in levels:
            raise sim.ConfigError("--reference", args.reference, f"one of the levels {','.join(map(str, levels))}")
        for item in args.overrides:
            key, _, value = item.partition("=")
            if key.strip().lstrip("+~") == "inspectors.count":
                raise sim.ConfigError("inspectors.count", value, "this command sets it from --levels; leave it out")
        name = level_config(args.scenario, levels[0], args.overrides).name
        for k in levels[1:]:
            level_config(args.scenario, k, args.overrides)
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    top = Path(args.out) if args.out else default_folder(FOLDER / name, args.overrides)
    ran = run_levels(args.scenario, levels, args.reference, args.overrides, top)
    if isinstance(ran, int):
        return ran
    frame, config, seconds = ran
    table = response_table(frame, config.horizon_days / 365.25, args.reference)
    markdown = response_markdown(table, config, args.reference, seconds)
    write_text_atomic(top / "response.csv", table.to_csv(index=False))
    write_text_atomic(top / "response.md", markdown)
    print(markdown)
    print(f"wrote {top}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
