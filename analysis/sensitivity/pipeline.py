"""The whole analysis of one scenario: check the ranges, run the parts asked for, write the tables.

Files in the output folder (each written whole or not at all): `uncertainties.csv` (what was
sampled), `screening_points.parquet` and `morris.csv`; `sobol_points.parquet`, `emulator_check.csv`
and `sobol.csv`; `plausibility_points.parquet`, `robustness_points.parquet`, `robustness_best.csv`,
`robustness_rules.csv` and `robustness_intervals.csv`;
`manifest.json` and `summary.md`. Beside them, one sweep folder per part (`screening_<digest>/`, ...)
holding its chunks, so the same command resumes.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.sensitivity import summary
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.ranges import uncertainties_for
from analysis.sensitivity.runs import LEVERS, refuse_levers
from analysis.sensitivity.screening import members, run_screening, should_group
from sim.config.errors import ConfigError
from sim.config.uncertainty import Uncertainty


def run_all(job, uncertainties: Sequence[Uncertainty] | None = None) -> None:
    """Run `job` (analysis.sensitivity.__main__.Job) over `uncertainties` (default: the scenario's,
    `ranges.uncertainties_for`, the screening's those of the county as it runs and the robustness
    part's every one): ranges checked first, then each part, then the files."""
    loader = ConfigLoader(job.scenario, job.overrides)
    base = loader.config([])
    if uncertainties is None:
        running, every = (uncertainties_for(base, job.ranges, only_running=only) for only in (True, False))
    else:
        running = every = list(uncertainties)
    check_ranges(every, loader)
    refuse_levers([item.key for item in every], LEVERS)
    uncertainties = running
    today = base.inspectors.count
    job.folder.mkdir(parents=True, exist_ok=True)
    manifest = {"scenario": base.name, "scenario_argument": scenario_argument(job.scenario),
                "overrides": list(job.overrides), "command": job.command, "engine": job.run.engine, "seed": job.run.seed,
                "workers": f"Dask at {job.run.scheduler}" if job.run.client is not None else f"{job.run.n_jobs} worker(s)",
                "uncertainties": len(running), "uncertainties_robustness": len(every), "today": today,
                "step": job.step, "size": dataclasses.asdict(job.size), "parts": list(job.parts), "seconds": {}}
    table = pd.DataFrame([{**dataclasses.asdict(item), "screened": item in running} for item in every])
    summary.write_table(job.folder, "uncertainties.csv", table)
    morris = sobol = robustness = None
    screened = None
    if "screening" in job.parts:
        screened = _screening(job, uncertainties, loader, today, manifest)
        morris = screened.morris
    if "sobol" in job.parts:
        sobol = _sobol(job, uncertainties, loader, today, screened, manifest)
    if "robustness" in job.parts:
        robustness = _robustness(job, every, loader, today, manifest)
    summary.write_manifest(job.folder, manifest)
    _remove_other_parts(job.folder, job.parts)
    text = summary.markdown(manifest, table, morris, sobol, robustness)
    from sim.io import write_text_atomic

    write_text_atomic(job.folder / "summary.md", text)
    _say(f"wrote {job.folder / 'summary.md'}")
    print(job.folder)


PART_FILES = {"screening": ("screening_points.parquet", "morris.csv"),
              "sobol": ("sobol_points.parquet", "emulator_check.csv", "sobol.csv"),
              "robustness": ("plausibility_points.parquet", "robustness_points.parquet", "robustness_best.csv",
                             "robustness_rules.csv", "robustness_intervals.csv", "calibration_fit.csv",
                             "calibration_parameters.csv")}
CALIBRATION_TABLES = {"fit.csv": "calibration_fit.csv", "parameters.csv": "calibration_parameters.csv"}


def _remove_other_parts(folder, parts: Sequence[str]) -> None:
    """The tables of parts this run left out, from an earlier run into the same folder, are removed, so
    the folder never sets one run's tables beside another's (their sweep folders stay, for resuming)."""
    for part, names in PART_FILES.items():
        if part not in parts:
            for name in names:
                (folder / name).unlink(missing_ok=True)


def check_ranges(uncertainties: Sequence[Uncertainty], loader: ConfigLoader) -> None:
    """Each uncertainty's low and high end as a config, validated: a range the model refuses stops the
    command here, before any work, naming the key and the value."""
    if not uncertainties:
        raise ConfigError("uncertainties", "[]", "at least one uncertainty to sample")
    from analysis.sensitivity.design import rounded, written

    for item in uncertainties:
        for end in (0.0, 1.0):
            loader.config([f"{item.key}={written(rounded(item.value_at(end)))}"])


def _screening(job, uncertainties, loader, today, manifest):
    size = job.size
    groups = len({item.group or item.key for item in uncertainties})
    grouped = should_group(len(uncertainties), groups, size.trajectories, size.most_points, job.grouping)
    factors = groups if grouped else len(uncertainties)
    _say(f"screening: {size.trajectories} Morris trajectories over {factors} "
         f"{'mechanisms' if grouped else 'parameters'}, each point at {today} and {today + job.step} inspectors, "
         f"{size.replications} replications")
    started = time.perf_counter()
    screened = run_screening(uncertainties, loader, today, job.step, size.trajectories, size.levels, grouped,
                             size.replications, job.bootstrap, job.folder, job.run)
    manifest["seconds"]["screening"] = time.perf_counter() - started
    manifest["screening"] = {"trajectories": size.trajectories, "levels": size.levels, "grouped": grouped,
                             "points": len(screened.design.points), "replications": screened.replications}
    summary.write_table(job.folder, "screening_points.parquet", screened.points)
    summary.write_table(job.folder, "morris.csv", screened.morris)
    return screened


def top_factors(screened, most: int, least_share: float = 0.1) -> dict[str, list[str]]:
    """The factors that matter: ranked by their largest share of the top mu* over the decision
    quantities, at most `most`, each at least `least_share` (the first, whatever its share), each with
    the parameters it stands for."""
    shares = screened.morris.groupby("factor", sort=False).share.max().sort_values(ascending=False, kind="stable")
    chosen = [factor for factor, share in shares.items() if share >= least_share][:most] or list(shares.index[:1])
    return {factor: members(screened, factor) for factor in chosen}


def _sobol(job, uncertainties, loader, today, screened, manifest):
    from analysis.sensitivity.sobol import METHOD, run_sobol

    size = job.size
    chosen = top_factors(screened, size.sobol_top)
    held_out = max(5, size.emulator_points // 4)
    _say(f"sobol: {size.emulator_points} + {held_out} Latin-hypercube points over {', '.join(chosen)}, "
         f"{size.replications} replications; emulator, then {size.sobol_base} Saltelli base samples on it")
    started = time.perf_counter()
    result = run_sobol(uncertainties, chosen, loader, today, job.step, size.emulator_points, size.sobol_base,
                       size.replications, job.bootstrap, job.folder, job.run)
    manifest["seconds"]["sobol"] = time.perf_counter() - started
    manifest["sobol"] = {"method": METHOD, "factors": list(chosen), "training": size.emulator_points,
                         "held_out": held_out, "base": size.sobol_base, "direct_runs": result.direct_runs}
    summary.write_table(job.folder, "sobol_points.parquet", result.points)
    summary.write_table(job.folder, "emulator_check.csv", result.checks)
    summary.write_table(job.folder, "sobol.csv", result.indices)
    return result


def _robustness(job, uncertainties, loader, today, manifest):
    from analysis.sensitivity import plausible
    from analysis.sensitivity.robustness import run_robustness

    size = job.size
    started = time.perf_counter()
    if job.sample is not None:
        drawn = plausible.from_sample(uncertainties, job.sample)
        _say(f"robustness: the {len(drawn.u) - 1} parameter sets of the fitted sample {job.sample}")
    else:
        band = ("no band" if job.band is None else
                f"an expected death rate of {job.band[0]:g}-{job.band[1]:g} a year per 100,000 workers")
        _say(f"robustness: {size.plausibility_draws} counties drawn from the ranges, each at today's staff, kept "
             f"with {band}")
        drawn = plausible.draw(uncertainties, loader, today, job.band, size.plausibility_draws, job.folder, job.run)
    summary.write_table(job.folder, "plausibility_points.parquet", drawn.table)
    kept = int(drawn.kept[1:].sum())
    if kept == 0:
        raise ConfigError(plausible.KEY, f"{job.band[0]:g},{job.band[1]:g}",
                          f"a band some drawn county lies in: none of {size.plausibility_draws} does (their rates "
                          f"{np.nanmin(drawn.rate[1:]):.2g} to {np.nanmax(drawn.rate[1:]):.2g}, median "
                          f"{np.nanmedian(drawn.rate[1:]):.2g}); widen it or draw more (--plausibility-draws)")
    rows = drawn.chosen(size.robust_points)
    levels = [today + s for s in job.staffing_steps]
    _say(f"robustness: {kept} of {len(drawn.u) - 1} counties kept; the defaults and {len(rows) - 1} of "
         f"them, each with staffing {', '.join(map(str, levels))}, every regime and budget mix, "
         f"{size.replications} replications")
    counted = drawn.counted(size.robust_points)
    result = run_robustness(uncertainties, loader, levels, rows, size.replications, job.value_of_life, job.bootstrap,
                            job.folder, job.run, counted, fitted=job.sample is not None)
    manifest["seconds"]["robustness"] = time.perf_counter() - started
    manifest["robustness"] = {"points": len(rows) - 1, "replications": size.replications, "levels": levels,
                              "value_of_life": job.value_of_life,
                              "band": list(job.band) if job.band and job.sample is None else None,
                              "drawn": len(drawn.u) - 1, "plausible": kept,
                              "default_rate": None if np.isnan(drawn.rate[0]) else float(drawn.rate[0]),
                              "sample": None if job.sample is None else str(job.sample),
                              "defaults_counted": bool(counted[0])}
    summary.write_table(job.folder, "robustness_points.parquet", result.points)
    summary.write_table(job.folder, "robustness_best.csv", result.best)
    summary.write_table(job.folder, "robustness_rules.csv", result.rules)
    summary.write_table(job.folder, "robustness_intervals.csv", result.intervals)
    for name, copied in CALIBRATION_TABLES.items():   # the fit beside the answers it conditions, or none
        if job.sample is not None and (job.sample.parent / name).is_file():
            summary.write_table(job.folder, copied, pd.read_csv(job.sample.parent / name))
        else:
            (job.folder / copied).unlink(missing_ok=True)
    return result


def _say(text: str) -> None:
    print(f"sensitivity: {text}", file=sys.stderr)


def scenario_argument(scenario: str) -> str:
    """The scenario as the command was given it, a file made absolute, so a report of the analysis alone
    (analysis/report/analysis_only.py) loads the same county from anywhere."""
    path = Path(scenario)
    return str(path.resolve()) if path.is_file() else scenario
