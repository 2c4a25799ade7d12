"""A simulated field trial: what one extra unannounced inspection does to an enterprise's accidents.

    .venv/bin/python -m analysis.field_trial <scenario> [--out DIR] [key=value ...]

As Levine, Toffel & Johnson (Science 2012) did with Cal/OSHA inspections: a random sample of the
enterprises (`trial.firms`) is split in two equal arms; on the trial's date each treated enterprise
gets one extra targeted check, the controls none; both arms live in the same simulated county (common
random numbers), and their accidents are followed for four years from the date, whether the check
was made or not (intention to treat). Prints, and writes into the output folder as `trial.md` and
`trial.csv` beside the run's tables, the treated/control ratio by year 1-4 and for the four years
together, of expected accidents (the accident rate integrated over the arm's open hazards: the
precise measure) and of accidents (the noisy one), each with a 95% bootstrap interval over
replications, with the hazards created and the share of treated enterprises actually inspected.

Run settings are key=value like any other (conf/run/field_trial.yaml: the numba engine, 400
replications, seed 2020, every core, the trial switched on). The command sets the window: the
trial's date one month after start_date and horizon_days so that four whole years follow it,
unless `trial.date` (on the command line or in the scenario file) or `horizon_days` (on the command
line) say otherwise; a year not wholly inside the window is shown as "–". The output folder is
`--out`, or reports/field_trial/<scenario name> (and __<overrides> when there are any). A bad
scenario or override stops with one line and exit 2, before anything is written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

import sim
from analysis.command_line import OneLineParser, parse
from analysis.indicators import format_number
from analysis.scenario_report import add_run_arguments, default_folder
from sim.cli_run import run_into
from sim.config.loader import compose_config, origin_of
from sim.config.validate import parse_date
from sim.io import OutputFolder
from sim.results import SimulationResult
from sim.rules.trial import YEAR_DAYS, YEARS

PRESET = "field_trial"
FOLDER = Path("reports") / "field_trial"
MEASURES = ("expected_accidents", "accidents", "hazards_created")
# each follow-up year, the four together, and the years after the first (the part of the effect that
# lasts beyond the hazards the check itself found)
PERIODS = (*((f"year {y}", [y - 1]) for y in range(1, YEARS + 1)), (f"years 1–{YEARS}", list(range(YEARS))),
           (f"years 2–{YEARS}", list(range(1, YEARS))))
BOOTSTRAP_DRAWS = 4000
BOOTSTRAP_SEED = 2012
LEVEL = 0.95
LEVINE = ("Levine, Toffel & Johnson (Science 2012, docs/sources.md): one randomised Cal/OSHA inspection, 409 "
          "inspected and 409 control establishments, injury claims −9.4% (95% CI −17.7% to −2.1%) over about "
          "four years")


# ---------------------------------------------------------------------------------------------
# The table


def trial_table(replications: pd.DataFrame, draws: int = BOOTSTRAP_DRAWS, seed: int = BOOTSTRAP_SEED,
                level: float = LEVEL) -> pd.DataFrame:
    """One row per period (each follow-up year, the four together, years 2-4) of a trial's replications.

    For each measure (expected accidents, accidents, hazards created): the mean per replication in
    each arm (`<measure>_treated`, `<measure>_control`), their ratio (`<measure>_ratio`: the sum over
    replications of the treated arm's outcome over the control arm's; the arms are equal in size) and
    its `level` bootstrap interval (`<measure>_low`, `<measure>_high`: percentiles of the ratio over
    `draws` resamples of the replications, each replication's two arms kept together, drawn from a
    numpy Generator seeded with `seed`; a resample with no event in either arm has no ratio and is
    left out, one with none in the control arm alone counts as an infinite ratio). `replications` is the number of replications with the period
    inside their measured window; a period outside it has NaN throughout.
    """
    n = len(replications)
    resamples = np.random.default_rng(seed).integers(0, n, size=(draws, n))
    quantiles = [(1.0 - level) / 2.0, (1.0 + level) / 2.0]
    rows = []
    for label, years in PERIODS:
        row: dict[str, object] = {"period": label}
        for measure in MEASURES:
            treated = _arm(replications, measure, "treated", years)
            control = _arm(replications, measure, "control", years)
            inside = ~(np.isnan(treated) | np.isnan(control))
            row["replications"] = int(inside.sum())
            complete = bool(n) and bool(inside.all())
            row |= {f"{measure}_treated": treated.mean() if complete else math.nan,
                    f"{measure}_control": control.mean() if complete else math.nan}
            ratio = low = high = math.nan
            if complete and control.sum() > 0:
                ratio = treated.sum() / control.sum()
                with np.errstate(divide="ignore", invalid="ignore"):  # a resample with no control event
                    boot = treated[resamples].sum(axis=1) / control[resamples].sum(axis=1)
                boot = boot[~np.isnan(boot)]  # none in either arm: no ratio; none in control alone: inf
                low, high = np.quantile(boot, quantiles, method="inverted_cdf")
            row |= {f"{measure}_ratio": ratio, f"{measure}_low": low, f"{measure}_high": high}
        rows.append(row)
    return pd.DataFrame(rows)


def _arm(replications: pd.DataFrame, measure: str, arm: str, years: list[int]) -> np.ndarray:
    """Per replication, the arm's outcome summed over `years` (0 for the first); NaN where one is NaN."""
    columns = [f"trial_{measure}_{arm}_y{y + 1}" for y in years]
    return replications[columns].to_numpy(dtype=float).sum(axis=1)


def inspected_share(result: SimulationResult) -> float:
    """Share of the treated enterprises that the trial's check reached (over all replications)."""
    treated = result.config.trial.firms // 2 * len(result.replications)
    return float(result.replications["inspections_trial"].sum()) / treated if treated else math.nan


def field_trial(scenario: str = "county_baseline", overrides: Sequence[str] = ()) -> pd.DataFrame:
    """Run the trial on `scenario` with the command's settings and window under `overrides` (key=value,
    run settings included); the table of `trial_table`."""
    overrides = list(overrides)
    config = sim.load_config(scenario, [f"run={PRESET}", *window_overrides(scenario, overrides), *overrides])
    return trial_table(sim.simulate(config, events=False, progress=False).replications)


# ---------------------------------------------------------------------------------------------
# The window


def window_overrides(scenario: str, overrides: Sequence[str]) -> list[str]:
    """`trial.date` one month after start_date and `horizon_days` so that four whole years follow the
    date, each unless given: the date on the command line or in the scenario file, horizon_days on
    the command line (every scenario file sets its own, for its own questions)."""
    cfg, _ = compose_config(scenario, [f"run={PRESET}", *overrides])
    origin = origin_of(cfg)
    start = parse_date("start_date", cfg.start_date)
    out = []
    if origin.wrote("trial.date") or _on_command_line(origin.elsewhere, "trial.date"):
        date = parse_date("trial.date", cfg.trial.date)
    else:
        date = month_on(start)
        out.append(f"trial.date={date.isoformat()}")
    if not _on_command_line(origin.elsewhere, "horizon_days"):
        out.append(f"horizon_days={(date - start).days + math.ceil(YEARS * YEAR_DAYS)}")
    return out


def month_on(date: dt.date) -> dt.date:
    """The same day of the next month, or that month's last day if it is shorter."""
    year, month = (date.year + 1, 1) if date.month == 12 else (date.year, date.month + 1)
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _on_command_line(keys: Sequence[str], key: str) -> bool:
    return any(k == key or key.startswith(k + ".") or k.startswith(key + ".") for k in keys)


# ---------------------------------------------------------------------------------------------
# The report


def trial_markdown(result: SimulationResult, table: pd.DataFrame, seconds: float) -> str:
    """trial.md: the design, the table of ratios with their intervals, and Levine's figure beside it."""
    config, reps = result.config, result.replications
    trial = config.trial
    done = reps["inspections_trial"].sum()
    lines = [f"# Field trial: {config.name}", "",
             f"- {trial.firms // 2:,} treated and {trial.firms // 2:,} control enterprises of "
             f"{config.population.enterprises:,}, drawn at random in each replication; on {trial.date} each "
             f"treated one gets one extra targeted check (source `trial`, expiring after {trial.max_wait_days:g} "
             "days), the controls none; outcomes counted from that day, whether the check was made or not",
             f"- treated enterprises inspected by the trial's check: {inspected_share(result):.1%}; hazards it "
             f"found per check: {reps['found_trial'].sum() / done if done else math.nan:.2f}",
             f"- measured window {config.start_date} to {_last_day(config)} ({config.horizon_days} days), after a "
             f"{config.warmup_days}-day warm-up",
             f"- {config.replications} replications, seed {config.seed}, engine {config.engine}, {config.n_jobs} "
             f"worker(s); {seconds:.0f} s on this machine; written {dt.datetime.now():%Y-%m-%d %H:%M}; the config "
             "that ran is in `.hydra/config.yaml`", "",
             "Treated / control: the arm's total over replications over the other arm's (the arms are equal in "
             f"size), with its {LEVEL:.0%} bootstrap interval over replications. Expected accidents are the accident "
             "rate of the arm's open hazards integrated over the days they were open: the precise measure of "
             "risk; accidents are the noisy count. Per replication: the arm's mean in one replication.", "",
             "| period | expected accidents, treated / control | accidents, treated / control | accidents per "
             "replication, treated / control | hazards created, treated / control |",
             "| --- | --- | --- | ---: | --- |"]
    for _, row in table.iterrows():
        lines.append(f"| {row.period} | {_ratio(row, 'expected_accidents')} | {_ratio(row, 'accidents')} | "
                     f"{_pair(row, 'accidents')} | {_ratio(row, 'hazards_created')} |")
    lines += ["", f"Reference: {LEVINE}.", ""]
    return "\n".join(lines)


def _last_day(config) -> str:
    return (dt.date.fromisoformat(config.start_date) + dt.timedelta(days=config.horizon_days - 1)).isoformat()


def _ratio(row: pd.Series, measure: str) -> str:
    ratio = row[f"{measure}_ratio"]
    if pd.isna(ratio):
        return "–"
    return f"{ratio:.3f} ({row[f'{measure}_low']:.3f}–{row[f'{measure}_high']:.3f})"


def _pair(row: pd.Series, measure: str) -> str:
    treated, control = row[f"{measure}_treated"], row[f"{measure}_control"]
    return "–" if pd.isna(treated) else f"{format_number(treated)} / {format_number(control)}"


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.field_trial", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a scenario name in scenarios/ or a path to a YAML file")
    add_run_arguments(parser, f"output folder (default {FOLDER}/<scenario name>, and __<overrides> when there "
                              "are any)")
    try:
        args = parse(parser, argv)
        window = window_overrides(args.scenario, args.overrides)
        config = sim.load_config(args.scenario, [f"run={PRESET}", *window, *args.overrides])
        if not config.trial.enabled:
            raise sim.ConfigError("trial.enabled", False, "the field trial command runs a trial: leave it on")
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    folder = OutputFolder(path=Path(args.out) if args.out else default_folder(FOLDER / config.name, args.overrides),
                          key="--out", chosen=args.out is not None, replace_other=args.out is None)

    def files(result: SimulationResult, resumed: int, seconds: float) -> dict[str, str]:
        table = trial_table(result.replications)
        return {"trial.md": trial_markdown(result, table, seconds), "trial.csv": table.to_csv(index=False)}

    outcome = run_into(config, folder, [f"scenario={args.scenario}", f"run={PRESET}", *window, *args.overrides],
                       "field trial", events=False, files=files)
    if outcome.status:
        return outcome.status
    print((outcome.folder / "trial.md").read_text(encoding="utf-8"))
    print(f"wrote {outcome.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
