"""Run any scenario and write its report: the documents' indicators and the scenario's targets.

    .venv/bin/python -m analysis.scenario_report <scenario> [--replications N] [--engine numba]
        [--seed S] [--jobs J] [--out DIR] [key=value ...]

`<scenario>` is a name in `scenarios/` (docs/scenarios.md lists them) or a path to a YAML file.
Writes the run's tables (`sim.io.write_run`) and `summary.md` into `--out` (default
`reports/<scenario name>/`): the indicator table with 95% intervals and, when the scenario sets
targets (`targets.*`), each target against the simulated value and whether it is met. A bad
scenario, override or run setting stops before anything is written, with one line and exit 2. An
interrupted run keeps its finished replications (sim/checkpoint.py); the same command runs the rest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

import sim
from analysis.command_line import OneLineParser, parse
from analysis.indicators import (
    format_number,
    indicator_table,
    regime_table,
    tail_note,
    target_table,
)
from sim.cli_run import run_into
from sim.config.regime_schema import REGIMES
from sim.config.schema import Config
from sim.io import OutputFolder, default_folder, differences
from sim.results import SimulationResult

RUN_SETTINGS = ("engine", "replications", "seed", "n_jobs")   # on the report's own line, not a change
MOST_CHANGES = 8       # changes listed in the header; the rest are in .hydra/config.yaml
REFERENCE = ("Reference: national 十万人死亡率 (工矿商贸) 1.301 in 2020, 1.244 in 2023 (docs/sources.md, section 'Outside "
             "the documents').")


@dataclass(slots=True, kw_only=True)
class RunInfo:
    """How a report's run went, for its header (what ran is in the result's config)."""

    seconds: float
    resumed: int = 0   # replications an interrupted run had finished, reused (sim/checkpoint.py)
    changes: tuple[tuple[str, object, object], ...] = ()   # (key, scenario file's value, this run's)


def add_run_arguments(parser: argparse.ArgumentParser, out_help: str) -> None:
    """The option every report command shares, and the trailing key=value overrides (run settings too)."""
    parser.add_argument("--out", default=None, help=out_help)
    parser.add_argument("overrides", nargs="*", help="config overrides, key=value, run settings included: "
                                                     "replications=N seed=S engine=simpy n_jobs=J")


def run_report(scenario: str, args: argparse.Namespace, title: str, preset: str = "report",
               default_out: Path | None = None) -> int:
    """Run `scenario` with the command's run settings (conf/run/<preset>.yaml) under the user's
    key=value overrides; write its tables and summary.md; the exit status.

    The output folder is `args.out`, or the command's own folder for this scenario and these
    overrides (`default_folder` of `default_out`, by default reports/<scenario name>) when it is None.
    """
    try:
        config = sim.load_config(scenario, [f"run={preset}", *args.overrides])
        as_filed = sim.load_config(scenario, [f"run={preset}"]) if args.overrides else config
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    base = default_out or Path("reports") / config.name
    folder = OutputFolder(path=Path(args.out) if args.out else default_folder(base, args.overrides), key="--out",
                          chosen=args.out is not None, replace_other=args.out is None)
    changes = tuple(model_changes(as_filed, config))

    def summary_md(result: SimulationResult, resumed: int, seconds: float) -> dict[str, str]:
        return {"summary.md": report_markdown(result, RunInfo(seconds=seconds, resumed=resumed, changes=changes),
                                              title)}

    outcome = run_into(config, folder, [f"scenario={scenario}", f"run={preset}", *args.overrides], title.lower(),
                       events=False, files=summary_md)
    if outcome.status:
        return outcome.status
    print((outcome.folder / "summary.md").read_text(encoding="utf-8"))
    print(f"wrote {outcome.folder}", file=sys.stderr)
    return 0


def model_changes(as_filed: Config, config: Config) -> list[tuple[str, object, object]]:
    """(key, the scenario file's value, this run's) of every model setting the overrides changed."""
    changes = differences(OmegaConf.to_container(OmegaConf.structured(as_filed)),
                          OmegaConf.to_container(OmegaConf.structured(config)))
    return [change for change in changes if change[0] not in RUN_SETTINGS]


def report_markdown(result: SimulationResult, run: RunInfo, title: str = "Scenario report") -> str:
    """summary.md: what ran, the indicator table and, if the scenario sets any, its targets."""
    config = result.config
    years = config.horizon_days / 365.25
    summary = result.summary()
    lines = [f"# {title}: {config.name}", ""]
    lines += _run_lines(config, run)
    if config.description:
        lines += ["", ("The scenario file describes it with the file's own values, before this run's changes "
                       "listed above: " if run.changes else "The scenario file describes it: ")
                  + f"“{config.description}”"]
    lines += ["", "Counts are per year; the interval is the 95% confidence interval of the mean over replications "
                  "(cut at 0, below which no count can be).", "",
              "| 指标 | meaning | mean | 95% interval |", "| --- | --- | ---: | --- |"]
    for _, row in indicator_table(summary, years).iterrows():
        lines.append(f"| {row.indicator} | {row.meaning} | {format_number(row['mean'])} | "
                     f"{format_number(row.ci_low)} – {format_number(row.ci_high)} |")
    lines += ["", REFERENCE, ""]
    if note := tail_note(result.replications, years):
        lines += [note, ""]
    lines += targets_markdown(config, summary, result.replications, years)
    lines += regimes_markdown(summary, years)
    return "\n".join(lines)


def regimes_markdown(summary, years: float) -> list[str]:
    """The "Inspector time by regime" section: who asked for the work, and what it bought."""
    table = regime_table(summary, years)
    if table.empty:
        return []
    lines = ["## Inspector time by regime", "",
             "Per year, means over replications. *Asked*: tasks the regime queued; *done*: inspections "
             "made; *hours*: inspector hours they took; *found*: hazards their checks made known; "
             "*completion*: done / asked for the planned regimes (计划完成率). 日常 is the work every "
             "regime shares: accident investigations, report verification and major-hazard follow-ups.", "",
             "| regime | asked | done | hours | hazards found | completion |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for _, row in table.iterrows():
        completion = "–" if pd.isna(row.completion) else f"{row.completion:.0%}"
        lines.append(f"| {row.regime} (`{row.source}`) | {format_number(row.asked)} | {format_number(row.done)} | "
                     f"{format_number(row.hours)} | {format_number(row.found)} | {completion} |")
    return [*lines, ""]


def targets_markdown(config: Config, summary, replications, years: float) -> list[str]:
    """The "Targets (year)" section: one row per target the scenario sets; nothing if none."""
    table = target_table(summary, replications, config.targets, years)
    if table.empty:
        return []
    heading = f"## Targets ({config.targets.year})" if config.targets.year else "## Targets"
    lines = [heading, "",
             f"Each target against the simulated value: the mean per year over the measured window "
             f"({_window(config)}) and its 95% interval. **met**: the whole interval is below the target; "
             "**not met**: none of it is; **uncertain**: the interval contains the target. The last column "
             "is the share of replications (each one simulated history of the window) whose own value is "
             "below the target.", "",
             "| 指标 | meaning | target (below) | simulated mean | 95% interval | met? | replications below |",
             "| --- | --- | ---: | ---: | --- | --- | ---: |"]
    for _, row in table.iterrows():
        lines.append(f"| {row.indicator} | {row.meaning} | {format_number(row.target)} | "
                     f"{format_number(row['mean'])} | {format_number(row.ci_low)} – "
                     f"{format_number(row.ci_high)} | {row.verdict} | {row.below:.0%} |")
    if config.targets.note:
        lines += ["", config.targets.note]
    return [*lines, ""]


def _run_lines(config: Config, run: RunInfo) -> list[str]:
    regimes = ", ".join(n for n in REGIMES if getattr(config.regimes, n).enabled) or "none"
    lines = [
        f"- {config.population.enterprises:,} enterprises, {config.inspectors.count} inspectors, "
        f"{config.horizon_days} days from {config.start_date} (after a {config.warmup_days}-day warm-up)",
        f"- regimes on: {regimes}",
    ]
    if run.changes:
        shown = "; ".join(f"`{key}` {_value(a)} → {_value(b)}" for key, a, b in run.changes[:MOST_CHANGES])
        more = len(run.changes) - MOST_CHANGES
        lines.append(f"- changed from the scenario file for this run: {shown}"
                     + (f"; and {more} more (all in `.hydra/config.yaml`)" if more > 0 else ""))
    return lines + [
        f"- sources: {', '.join(config.sources) or 'none given'}",
        f"- {config.replications} replications, seed {config.seed}, engine {config.engine}, "
        f"{config.n_jobs} worker(s); {run.seconds:.0f} s on this machine"
        + (f" for {config.replications - run.resumed} of them ({run.resumed} were kept from an interrupted "
           "run of the same config, seed and code)" if run.resumed else ""),
        f"- written {dt.datetime.now():%Y-%m-%d %H:%M}; the config that ran, run settings included, is in "
        "`.hydra/config.yaml` beside this file (it runs again as a scenario file)",
    ]


def _value(value: object) -> str:
    return "true" if value is True else "false" if value is False else f"{value}"


def _window(config: Config) -> str:
    start = dt.date.fromisoformat(config.start_date)
    last = start + dt.timedelta(days=config.horizon_days - 1)
    return f"{start.isoformat()} to {last.isoformat()}"


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.scenario_report", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a scenario name in scenarios/ or a path to a YAML file")
    add_run_arguments(parser, "output folder (default reports/<scenario name>, and __<overrides> when there are any)")
    try:
        args = parse(parser, argv)
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    return run_report(args.scenario, args, "Scenario report")


if __name__ == "__main__":
    sys.exit(main())
