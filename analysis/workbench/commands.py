"""A study's commands: the project's own command lines (argument lists, never shell lines) that a study
of each kind runs in its folder, and how many replications they run in all where that is known before
they start.

- staffing, regimes, budget_mix: `python -m sim.sweep sweep=KIND scenario=<copy> …` (the budget mix
  sized for the county's budget: budget.py), then `python -m analysis.report <sweep> --out report`;
- sensitivity: `python -m analysis.sensitivity <copy> --size small|full …` (the county's staffing step,
  analysis/county_step.py; with a calibration's fitted sample: its robustness part too, over that sample),
  then `python -m analysis.report <study> --out sensitivity` (the analysis's section alone, zh and en);
- default_study: `python -m analysis.default_study --scenario <copy> --out default_study …` (with a
  calibration study chosen, `--fitted <that study>/calibration` instead of --sensitivity; its own report
  at the end), then the options table of its brief for the page (analysis.workbench.options);
- calibration: `python -m analysis.calibrate <copy> --out calibration --waves W --points P …`, the
  records being the scenario's calibration.records (or the published figures without).
"""

from __future__ import annotations

import sys
from pathlib import Path

import sim
from analysis.county_budget import OWN_MIX, budget_overrides, sized_mixes
from analysis.county_step import step_arguments
from analysis.default_study import county_levels, staffing_overrides
from sim.sweep.load import read_sweep
from sim.sweep.spec import build_spec

SWEEPS = ("staffing", "regimes", "budget_mix")   # the kinds that are one sweep and its report
DEFAULT_STUDY_SWEEPS = ("staffing", "regimes", "budget_mix")   # the sweeps of analysis.default_study
FITTED_SAMPLE = Path("calibration") / "fitted.parquet"          # in a calibration study's folder


def held_out(points: int) -> int:
    """analysis.calibrate's default held-out points a wave: a quarter of the points, at least 2."""
    return max(2, points // 4)


def steps(request, folder: Path) -> tuple[list[list[str]], int]:
    """The study's commands, and its replications in all (0: known once it runs; for a calibration
    the plan's most, since a later wave may find fewer positions in a small space)."""
    python = [sys.executable, "-m"]
    run = (f"engine={request.engine}", f"n_jobs={request.workers}")
    scheduler = ["--scheduler", request.scheduler] if request.scheduler else []
    scenario = str(folder / "scenario.yaml")
    if request.kind == "sensitivity":
        step = step_arguments(sim.load_config(str(request.scenario)).inspectors.count)   # the county's own step
        size = request.analysis_size   # small: the screening; full: with Sobol' (the emulator) and robustness
        screening = [*python, "analysis.sensitivity", scenario, "--size", size, "--out", str(folder / "sensitivity"),
                     *step, f"replications={request.replications}", *run]
        if request.sample is not None:
            parts = "screening,sobol,robustness" if size == "full" else "screening,robustness"
            screening[6:6] = ["--parts", parts, "--sample", str(request.sample)]
        report = [*python, "analysis.report", str(folder), "--out", str(folder / "sensitivity")]   # its section alone
        return [screening + scheduler, report], 0
    if request.kind == "calibration":
        calibrate = [*python, "analysis.calibrate", scenario, "--out", str(folder / "calibration"),
                     "--waves", str(request.waves), "--points", str(request.points),
                     f"replications={request.replications}", *run]
        per_wave = request.points + held_out(request.points)
        return [calibrate + scheduler], (request.waves * per_wave + request.points) * request.replications
    if request.kind == "default_study":
        analysis = (["--fitted", str(request.fitted)] if request.fitted is not None
                    else ["--sensitivity", request.screening])   # a fitted county's: robustness over its sets
        study = [*python, "analysis.default_study", "--scenario", scenario, "--out", str(folder / "default_study"),
                 *(item for part in ("staffing", "choice", "trial")
                   for item in (f"--{part}-replications", str(request.replications))),
                 *analysis, *run]
        options = [*python, "analysis.workbench.options", str(folder / "default_study"), str(folder / "options.json")]
        own_levels = staffing_overrides(sim.load_config(str(request.scenario)))   # none: the file's levels
        staffing = len(county_levels(request.today)) if own_levels else _cells("staffing")
        choices = sum(_cells(name) for name in DEFAULT_STUDY_SWEEPS[1:])
        return [study, options], (staffing + choices) * request.replications
    sweep = [*python, "sim.sweep", f"sweep={request.kind}", f"scenario={scenario}",
             f"hydra.run.dir={folder / request.kind}", f"sweep.replications={request.replications}",
             f"sweep.engine={request.engine}", f"sweep.n_jobs={request.workers}"]
    raw = read_sweep(request.kind)
    if request.kind == "budget_mix" and request.budget is not None:
        config, own = sim.load_config(str(request.scenario)), dict(request.own_mix)
        sweep += budget_overrides(config, request.budget, own)
        if own:   # one more cell a replication: the sweep as sized for the county's budget, with the own mix
            raw["budget"] = {**raw["budget"], "yearly": request.budget,
                             "options": {**sized_mixes(config, request.budget), OWN_MIX: own}}
    if request.kind == "staffing":
        levels = ",".join(str(level) for level in request.levels)
        sweep += [f"sweep.axes.0.values=[{levels}]", f"sweep.reference.inspectors.count={request.today}"]
        raw["axes"][0]["values"] = list(request.levels)
        raw["reference"] = {"inspectors.count": request.today}
    if request.scheduler:
        sweep += ["sweep.backend=dask", f"sweep.scheduler={request.scheduler}"]
    cells = len(build_spec(raw, default_jobs=1).cells)
    report = [*python, "analysis.report", str(folder / request.kind), "--out", str(folder / "report")]
    return [sweep, report], cells * request.replications


def _cells(name: str) -> int:
    return len(build_spec(read_sweep(name), default_jobs=1).cells)


REPORT_FILES = ("report-zh.html", "report-zh.pdf", "report-en.html", "report-en.pdf")
RESULT_FILES = {**{kind: REPORT_FILES for kind in (*SWEEPS, "default_study")}, "sensitivity": (*REPORT_FILES, "summary.md"),
                "calibration": ("fit.csv", "fitted.parquet", "parameters.csv", "summary.md")}   # kind: downloads


def result_folder(kind: str) -> str:
    """Where in a study's folder its results (report or tables) are written."""
    return {"sensitivity": "sensitivity", "calibration": "calibration", "default_study": "default_study"}.get(
        kind, "report")
