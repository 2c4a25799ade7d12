"""The default study (`make report`): what staffing buys in county_baseline, the regimes at today's
staff, the field trial that anchors one inspection's effect, and the decision-meeting report of all
three in Chinese and English.

One command, one folder (`reports/default_study/`, or `--out DIR`), each part resumable like every
sweep and run, on the run settings of conf/run/default_study.yaml (the numba engine, which the SimPy
reference engine agrees with statistically as tests/equivalence shows; seed 2020; every core):

1. `staffing/`: the `staffing` sweep (conf/sweep/staffing.yaml: 0 to 90 inspectors, paired against
   30; a county of another staff: none, half, today's, 1.5, 2 and 3 times today's, paired against
   today's) with `STAFFING_REPLICATIONS` replications per level. It prints, and writes as `staffing.md`,
   per level the expected accidents, deaths and expected deaths a year with their paired differences
   against 30, and the marginal value of staff between neighbouring levels. Its reference cell is the county as it is
   for the report's indicators, plan, months, funnel and hours.
2. `regimes/` and `budget_mix/`: the `regimes` sweep (each regime of the documents added at today's
   staff) and the `budget_mix` sweep (today's budget split six ways, conf/sweep/budget_mix.yaml; for
   another county the mixes sized for its own budget, analysis/county_budget.py), with
   `CHOICE_REPLICATIONS` replications per cell.
3. `field_trial/`: the simulated field trial (analysis.field_trial) with `TRIAL_REPLICATIONS`
   replications, set beside the randomised result of Levine et al. (2012); a county of fewer enterprises
   than its 818 randomises all of them.
4. `sensitivity/`: a small screening (analysis.sensitivity --size small: Morris trajectories over the
   uncertainties' mechanisms, each point at today's staff and a third more: 10 for county_baseline's
   30, 1 for a county of 3; analysis/county_step.py) of which assumptions the staffing decision turns on; `--sensitivity none` leaves it out, `--sensitivity full` runs the whole
   analysis (screening, Sobol' indices, robustness over plausible counties: docs/uncertainty.md), which
   a later small run keeps and the report reads.
   With `--fitted CALIBRATION` (a folder of python -m analysis.calibrate) every part runs at the
   calibration's best-fitting parameter set, and this part is the robustness analysis over all its
   fitted sets instead (analysis/fitted_county.py): the county that reproduces its records. Its
   staffing steps are today's staff and 1, 2 and 3 such steps above it.
5. `report-zh.html`, `report-zh.pdf`, `report-en.html`, `report-en.pdf` (analysis.report), whose
   paths are printed last.

`--scenario NAME_OR_PATH` runs every part on another county (a scenario of scenarios/ or a scenario
file, e.g. one the planner's workbench saved); a calibration given with --fitted must be of it. Any
key=value changes the county in every part (`inspectors.count=40`), and the run settings too
(`seed=1`); the folder then gets __<overrides> in its name (and __scenario=<name> for another county).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import yaml

import sim
from analysis.command_line import OneLineParser, parse
from analysis.county_step import staffing_step, step_arguments
from analysis.fitted_county import FittedCounty, read_calibration, write_note
from sim.io import default_folder, write_text_atomic
from sim.sweep.tables import interval, paired

SCENARIO = "county_baseline"
FOLDER = Path("reports") / "default_study"
# replications per staffing level: enough that neighbouring levels separate in expected accidents
# (docs/performance.md gives the time)
STAFFING_REPLICATIONS = 200
# per regime or budget mix: enough that the options that matter separate from the county as it is in
# expected accidents
CHOICE_REPLICATIONS = 50
# the field trial: its four-year ratio's 95% interval is about ±4 points at 100 (docs/model.md §13)
TRIAL_REPLICATIONS = 100
# expected deaths: the deaths the hazards' exposure implies (docs/model.md §9), the same mean as deaths
# without the dice of who dies, so they separate the levels counted deaths cannot
OUTCOMES = (("expected_accidents", "expected accidents", 1), ("deaths", "deaths", 2),
            ("expected_deaths", "expected deaths", 2))
RUN_KEYS = ("replications", "seed", "engine", "n_jobs")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.default_study", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=SCENARIO, metavar="NAME_OR_PATH",
                        help=f"the county every part runs: a scenario name (scenarios/) or a path to a scenario "
                             f"file (default {SCENARIO})")
    parser.add_argument("--out", default=None, help=f"the study's folder (default {FOLDER}, and __<overrides>)")
    for part, default, what in (("staffing", STAFFING_REPLICATIONS, "per staffing level"),
                                ("choice", CHOICE_REPLICATIONS, "per regime and per budget mix"),
                                ("trial", TRIAL_REPLICATIONS, "of the field trial")):
        parser.add_argument(f"--{part}-replications", type=int, default=default,
                            help=f"replications {what} (default {default})")
    parser.add_argument("--sensitivity", choices=("small", "full", "none"), default=None,
                        help="the analysis of the assumptions (docs/uncertainty.md): small (a screening, kept "
                             "out of the way of a full analysis the folder already holds for this county), full "
                             "(screening, Sobol' indices and robustness: about an hour on 2 cores), or none")
    parser.add_argument("--fitted", default=None, metavar="CALIBRATION",
                        help="a calibration's folder (python -m analysis.calibrate): the sweeps at its best-fitting "
                             "parameter set, the robustness part over all its fitted sets (analysis/fitted_county.py)")
    parser.add_argument("overrides", nargs="*", help="config overrides, key=value (run settings too)")
    try:
        args = parse(parser, argv)
        _refuse_one_replication_count(args.overrides)
        county = sim.load_config(args.scenario)   # a scenario that does not load: one line, before any work
        fitted = read_calibration(args.fitted, county.name) if args.fitted is not None else None
        if fitted is not None and args.sensitivity is not None:
            raise sim.ConfigError("--sensitivity", args.sensitivity, "not with --fitted: a fitted county's analysis "
                                                                     "is the robustness part over its fitted sets")
        given = [*fitted.overrides, *fitted.best] if fitted is not None else []
        config = sim.load_config(args.scenario, ["run=default_study", *given, *args.overrides])
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    named = [f"scenario={Path(args.scenario).stem}"] if args.scenario != SCENARIO else []
    named += [f"fitted={Path(args.fitted).resolve().name}"] if fitted is not None else []
    folder = Path(args.out) if args.out else default_folder(FOLDER, [*named, *args.overrides])
    model = [*given, *(o for o in args.overrides if o.split("=", 1)[0] not in RUN_KEYS)]
    if fitted is not None:
        folder.mkdir(parents=True, exist_ok=True)
        write_note(folder, fitted)
    scenario = args.scenario
    status = staffing(config, model, folder / "staffing", args.staffing_replications, scenario)
    status = status or sweep("regimes", config, model, folder / "regimes", args.choice_replications, scenario)
    status = status or sweep("budget_mix", config, model, folder / "budget_mix", args.choice_replications, scenario)
    status = status or trial(config, model, folder / "field_trial", args.trial_replications, scenario)
    if fitted is not None:
        status = status or fitted_robustness(config, fitted, args.overrides, folder / "sensitivity", scenario)
    elif (args.sensitivity or "small") != "none":
        status = status or sensitivity(config, model, folder / "sensitivity", args.sensitivity or "small", scenario)
    if status:
        return status
    from analysis.report.__main__ import ReportNotWritten, write_reports

    try:
        paths = write_reports(folder)
    except ReportNotWritten as error:   # a full disk on the way
        print(error, file=sys.stderr)
        return 1
    except sim.ConfigError as error:    # e.g. --out holds results of another county beside the study's
        print(error, file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


def _refuse_one_replication_count(overrides: list[str]) -> None:
    """The study's three parts need different replications; one `replications=N` would be ignored."""
    for item in overrides:
        if item.split("=", 1)[0].strip() == "replications":
            raise sim.ConfigError("replications", item.split("=", 1)[-1],
                                  "the default study sets each part's own: use --staffing-replications, "
                                  "--choice-replications or --trial-replications")


def sweep(name: str, config, overrides: list[str], folder: Path, replications: int, scenario: str = SCENARIO) -> int:
    """Run the sweep `name` of `scenario` on the study's engine, seed and workers into `folder`; its exit status."""
    from analysis.county_budget import own_budget_overrides
    from sim.sweep.__main__ import run_command
    from sim.sweep.load import parse_command_line

    sized = (own_budget_overrides(config) if name == "budget_mix" else   # the mixes of this county's budget
             staffing_overrides(config) if name == "staffing" else [])   # the levels of its staff
    argv = [f"sweep={name}", f"scenario={scenario}", f"sweep.replications={replications}",
            f"sweep.engine={config.engine}", f"sweep.seed={config.seed}", f"sweep.n_jobs={config.n_jobs}",
            *sized, *overrides, f"hydra.run.dir={folder}"]
    try:
        command = parse_command_line(argv, default_jobs=len(os.sched_getaffinity(0)))
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    return run_command(command)


def county_levels(today: int) -> tuple[int, ...]:
    """The staffing levels of a county of `today` inspectors: none, half, today's, 1.5, 2 and 3 times."""
    return tuple(sorted({0, today // 2, today, round(today * 1.5), today * 2, today * 3}))


def staffing_overrides(config) -> list[str]:
    """The staffing sweep's levels and reference for the county's own staff; none when its staff is the
    file's reference (county_baseline's 30), so the sweep is the file's as it is."""
    from sim.sweep.load import read_sweep

    today = config.inspectors.count
    if read_sweep("staffing")["reference"] == {"inspectors.count": today}:
        return []
    levels = ",".join(str(level) for level in county_levels(today))
    return [f"sweep.axes.0.values=[{levels}]", f"sweep.reference.inspectors.count={today}"]


def trial(config, overrides: list[str], folder: Path, replications: int, scenario: str = SCENARIO) -> int:
    """The field trial (analysis.field_trial) with the study's seed, engine and workers into `folder`."""
    from analysis import field_trial

    return field_trial.main([scenario, "--out", str(folder), f"replications={replications}",
                             f"seed={config.seed}", f"engine={config.engine}", f"n_jobs={config.n_jobs}",
                             *trial_size(config, overrides), *overrides])


def trial_size(config, overrides: list[str]) -> list[str]:
    """A county with fewer enterprises than the trial's sample (Levine's 818) randomises all of them (an
    even number, half to each arm); a sample set on the command line is kept."""
    enterprises = config.population.enterprises
    if config.trial.firms <= enterprises or any(o.split("=", 1)[0].strip() == "trial.firms" for o in overrides):
        return []
    return [f"trial.firms={enterprises - enterprises % 2}"]


def sensitivity(config, overrides: list[str], folder: Path, size: str, scenario: str = SCENARIO) -> int:
    """The analysis of the assumptions (analysis.sensitivity at `size`) with the study's seed, engine
    and workers into `folder`; its exit status. A small screening leaves a full analysis of the same
    county, seed and engine where it is (the report reads the full one)."""
    from analysis.sensitivity.__main__ import main as sensitivity_main

    if size == "small" and _holds_full_analysis(folder, config, overrides):
        print(f"sensitivity: {folder} holds the full analysis of this county; kept (the report reads it)",
              file=sys.stderr)
        return 0
    return sensitivity_main([scenario, "--size", size, "--out", str(folder), *step_arguments(config.inspectors.count),
                             f"seed={config.seed}", f"engine={config.engine}", f"n_jobs={config.n_jobs}", *overrides])


def fitted_robustness(config, fitted: FittedCounty, overrides: list[str], folder: Path,
                      scenario: str = SCENARIO) -> int:
    """The robustness part over every fitted set (at most --robust-points of the full size), the county
    as the calibration ran it (its overrides, records and ranges) with the study's seed, engine and
    workers; its exit status. The best set's values are not given: each fitted set sets its own."""
    from analysis.sensitivity.__main__ import main as sensitivity_main

    county = [*fitted.overrides, *(o for o in overrides if o.split("=", 1)[0] not in RUN_KEYS)]
    return sensitivity_main([scenario, "--parts", "robustness", "--sample", str(fitted.sample), "--out", str(folder),
                             *step_arguments(config.inspectors.count), f"seed={config.seed}", f"engine={config.engine}", f"n_jobs={config.n_jobs}",
                             *fitted.ranges, *county])


def _holds_full_analysis(folder: Path, config, overrides: list[str]) -> bool:
    """Whether `folder` holds a whole analysis (every part) of this scenario with these county
    overrides, seed and engine."""
    import json

    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (set(manifest.get("parts", ())) >= {"screening", "sobol", "robustness"}
            and manifest.get("scenario") == config.name and manifest.get("seed") == config.seed
            and manifest.get("engine") == config.engine and manifest.get("overrides") == list(overrides)
            and manifest.get("step") == staffing_step(config.inspectors.count))


def staffing(config, overrides: list[str], folder: Path, replications: int = STAFFING_REPLICATIONS,
             scenario: str = SCENARIO) -> int:
    """Run the staffing sweep of `scenario` with the study's engine, seed and workers; print and write the answer."""
    status = sweep("staffing", config, overrides, folder, replications, scenario)
    if status:
        return status
    cells = pd.read_parquet(folder / "cells.parquet")
    reference = yaml.safe_load((folder / "sweep.yaml").read_text(encoding="utf-8"))["reference"]
    text = staffing_markdown(cells, reference, config.horizon_days / 365.25, config.name)
    write_text_atomic(folder / "staffing.md", text)
    print(text)
    return 0


def staffing_markdown(cells: pd.DataFrame, reference: int, years: float, scenario: str = SCENARIO) -> str:
    """The staffing answer: per level, each outcome a year with its paired difference against the
    reference, and the marginal expected accidents, deaths and expected deaths averted per inspector
    added. A sweep written before expected deaths were reported shows "–" for them."""
    levels = cells.drop_duplicates("cell").set_index("cell")["inspectors.count"].sort_values()
    base = int(levels[reference])
    lines = [f"# What staffing buys: {scenario}", "",
             f"Per year, 95% intervals, {cells.replication.nunique()} replications per level on the same worlds; "
             f"Δ: this level less {base} inspectors, paired; marginal: averted a year per inspector added "
             "since the level above.", "",
             "| inspectors | " + " | ".join(f"{label} | Δ" for _, label, _ in OUTCOMES) + " | "
             + " | ".join(f"marginal: {label}" for _, label, _ in OUTCOMES) + " |",
             "| ---: |" + " --- |" * (3 * len(OUTCOMES))]
    previous = None
    for cell, count in levels.items():
        row = [f"| {count}"]
        for metric, _, digits in OUTCOMES:
            if metric not in cells.columns:
                row += ["–", "–"]
                continue
            mine = cells.loc[cells.cell == cell, metric].to_numpy(float) / years
            mean, low, high = interval(mine)
            row.append(_cell((mean, max(low, 0.0), high), digits))   # a count a year is never below 0
            row.append("reference" if cell == reference else
                       _cell(interval(paired(cells, cell, reference, metric) / years), digits, signed=True))
        for metric, _, digits in OUTCOMES:
            if previous is None or metric not in cells.columns:
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
