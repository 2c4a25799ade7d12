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
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

import sim
from analysis.indicators import (
    format_number,
    indicator_table,
    regime_table,
    tail_note,
    target_table,
)
from sim.api import checkpoint_store
from sim.checkpoint import FOLDER, interrupt_on_sigterm
from sim.config.regime_schema import REGIMES
from sim.config.schema import Config
from sim.io import write_run
from sim.results import SimulationResult

DEFAULT_REPLICATIONS = 100
REFERENCE = "Reference: national 十万人死亡率 (工矿商贸) 1.301 in 2020, 1.244 in 2023 (SOURCES.md)."


@dataclass(slots=True, kw_only=True)
class RunInfo:
    """How a report's run was made, for its header."""

    replications: int
    seed: int
    engine: str
    seconds: float
    resumed: int = 0   # replications an interrupted run had finished, reused (sim/checkpoint.py)


def add_run_arguments(parser: argparse.ArgumentParser, replications: int, out_help: str) -> None:
    """The options every report command shares, and the trailing key=value overrides."""
    parser.add_argument("--replications", type=int, default=replications,
                        help=f"independent replications (default {replications})")
    parser.add_argument("--seed", type=int, default=2020, help="root seed (default 2020)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--out", default=None, help=out_help)
    parser.add_argument("--engine", default="numba", choices=("numba", "simpy"),
                        help="engine (default numba)")
    parser.add_argument("overrides", nargs="*", help="config overrides, key=value")


def run_report(scenario: str, args: argparse.Namespace, title: str) -> int:
    """Run `scenario` as `args` say, write its tables and summary.md; the exit status.

    The output directory is `args.out`, or `reports/<scenario name>/` when it is None.
    """
    kept = None  # where finished replications are kept until the tables are written (sim/checkpoint.py)
    try:
        config = sim.load_config(scenario, args.overrides)
        out = Path(args.out) if args.out else Path("reports") / config.name
        root = out.parent / FOLDER
        kept = checkpoint_store(root, config, args.engine, args.seed, events=False)
        interrupt_on_sigterm()
        print(f"{title.lower()}: {config.name}, {args.replications} replications on the {args.engine} "
              f"engine, seed {args.seed}" + kept.resuming_note(args.replications), file=sys.stderr)
        resumed = len(kept.finished(args.replications))
        started = time.perf_counter()
        result = sim.simulate(config, engine=args.engine, replications=args.replications, seed=args.seed,
                              n_jobs=args.jobs, events=False, checkpoint=root)
        seconds = time.perf_counter() - started
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(kept.interrupted_note(args.replications) if kept else "interrupted: nothing was written",
              file=sys.stderr)
        return 130
    out = write_run(out, result, OmegaConf.structured(config), [*args.overrides])
    kept.remove()
    run = RunInfo(replications=args.replications, seed=args.seed, engine=args.engine, seconds=seconds,
                  resumed=resumed)
    (out / "summary.md").write_text(report_markdown(config, result, run, title), encoding="utf-8")
    print((out / "summary.md").read_text(encoding="utf-8"))
    print(f"wrote {out}", file=sys.stderr)
    return 0


def report_markdown(config: Config, result: SimulationResult, run: RunInfo, title: str = "Scenario report") -> str:
    """summary.md: the run, the indicator table and, if the scenario sets any, its targets."""
    years = config.horizon_days / 365.25
    summary = result.summary()
    lines = [f"# {title}: {config.name}", "", config.description, ""]
    lines += _run_lines(config, run)
    lines += ["", "Counts are per year; the interval is the 95% confidence interval of the mean over replications.", "",
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
    return [
        f"- {config.population.enterprises:,} enterprises, {config.inspectors.count} inspectors, "
        f"{config.horizon_days} days from {config.start_date} (after a {config.warmup_days}-day warm-up)",
        f"- regimes on: {regimes}",
        f"- sources: {', '.join(config.sources) or 'none given'}",
        f"- {run.replications} replications, seed {run.seed}, engine {run.engine}; "
        f"{run.seconds:.0f} s on this machine"
        + (f" for {run.replications - run.resumed} of them ({run.resumed} were kept from an interrupted "
           "run of the same config, seed and code)" if run.resumed else ""),
        f"- written {dt.datetime.now():%Y-%m-%d %H:%M}; the full config is in `.hydra/config.yaml` beside this file",
    ]


def _window(config: Config) -> str:
    start = dt.date.fromisoformat(config.start_date)
    last = start + dt.timedelta(days=config.horizon_days - 1)
    return f"{start.isoformat()} to {last.isoformat()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.scenario_report",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a scenario name in scenarios/ or a path to a YAML file")
    add_run_arguments(parser, DEFAULT_REPLICATIONS, "output directory (default reports/<scenario name>)")
    args = parser.parse_intermixed_args(argv)
    return run_report(args.scenario, args, "Scenario report")


if __name__ == "__main__":
    sys.exit(main())
