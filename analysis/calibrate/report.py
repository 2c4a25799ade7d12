"""A history match's files, each written whole or not at all (sim/io.py through the sensitivity
analysis's writers): fitted.parquet, fit.csv, waves.csv, parameters.csv, manifest.json, summary.md."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.calibrate.history import Fit
from analysis.calibrate.implausibility import rule_words
from analysis.calibrate.tables import fit_table, fitted_table, parameters_table, waves_table
from analysis.sensitivity.summary import write_manifest, write_table
from sim.io import write_text_atomic

SHOWN = 12   # parameters listed in the summary's identifiability table


def write_all(folder: Path, fit: Fit, manifest: dict) -> None:
    """Every table, the manifest and the summary into `folder`."""
    fitted, fits, waves, parameters = fitted_table(fit), fit_table(fit), waves_table(fit), parameters_table(fit)
    write_table(folder, "fitted.parquet", fitted)
    write_table(folder, "fit.csv", fits)
    write_table(folder, "waves.csv", waves)
    write_table(folder, "parameters.csv", parameters)
    write_manifest(folder, manifest)
    write_text_atomic(folder / "summary.md", markdown(fit, manifest, fits, waves, parameters))


def manifest_of(fit: Fit, base: dict) -> dict:
    """`base` (command, scenario, engine, seed, workers) with the plan, the runs and seconds of each stage."""
    import dataclasses

    waves = [{"wave": w.number, "points": len(w.training.u), "held_out": len(w.held.u), "runs": w.training.runs,
              "seconds": round(w.seconds, 1), "nroy_fraction": w.region.fraction} for w in fit.waves]
    final = {"parameter_sets": 0 if fit.final is None else len(fit.final.u),
             "runs": 0 if fit.final is None else fit.final.runs, "kept": int(fit.kept.sum()),
             "seconds": round(fit.seconds.get("fitted", 0.0), 1)}
    runs = sum(w["runs"] for w in waves) + final["runs"]
    return {**base, "plan": dataclasses.asdict(fit.plan), "uncertainties": len(fit.uncertainties),
            "targets": [t.name for t in fit.targets], "rule": rule_words(len(fit.targets)),
            "seeds": {"run": base["seed"], "draws": "numpy SeedSequence(seed, spawn_key=(wave, purpose))"},
            "waves": waves, "fitted": final, "runs": runs, "stopped": fit.stopped}


def markdown(fit: Fit, manifest: dict, fits: pd.DataFrame, waves: pd.DataFrame, parameters: pd.DataFrame) -> str:
    plan = fit.plan
    lines = [f"# Calibration: {manifest['scenario']}", "", f"`{manifest['command']}`", "",
             f"{manifest['engine']} engine, seed {manifest['seed']}, {manifest['workers']}; {len(fit.uncertainties)} "
             f"uncertainties sampled; {manifest['runs']:,} runs in {manifest['seconds']:.0f} s. Bayesian history "
             f"matching (docs/calibration.md): cutoff {plan.cutoff:g} on {rule_words(len(fit.targets))} "
             f"implausibility, model discrepancy {plan.discrepancy:.0%} of each record (assumed), {plan.replications} "
             "replications a point.", "", "## Records and the fitted model", "",
             "Model: the 2.5%, 50% and 97.5% points of the fitted parameter sets' means (prior: of wave 1's "
             "design over the whole ranges).", "",
             "| record | recorded | obs. error | error from | prior 95% | fitted 95% | fitted median |",
             "| --- | ---: | ---: | --- | --- | --- | ---: |"]
    for r in fits.itertuples():
        lines.append(f"| {r.label} (`{r.record}`) | {_g(r.recorded)} | {_g(r.observation_error)} | {r.error_from} | "
                     f"{_g(r.prior_low)} to {_g(r.prior_high)} | {_g(r.model_low)} to {_g(r.model_high)} | "
                     f"{_g(r.model_median)} |")
    lines += ["", "Sources: " + "; ".join(f"{t.name}: {t.source}" for t in fit.targets) + ".", "", "## Waves", "",
              "| wave | points + held out | runs | seconds | NROY fraction | record | active inputs | Q² | "
              "coverage | largest z | used | wrongly ruled out |",
              "| ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | --- | ---: |"]
    for r in waves.itertuples():
        lines.append(f"| {r.wave} | {r.points} + {r.held_out} | {r.runs} | {r.seconds:.0f} | {r.nroy_fraction:.3g} | "
                     f"{r.record} | {r.active_inputs.replace(';', ', ')} | {r.q2:.2f} | {r.coverage:.2f} | "
                     f"{r.largest_error:.2f} | {'yes' if r.used else 'no'} | {r.wrongly_ruled_out} |")
    if fit.stopped:
        lines += ["", f"Stopped: {fit.stopped}."]
    final = manifest["fitted"]
    lines += ["", "## Fitted sample", "",
              f"{final['parameter_sets']} parameter sets drawn uniformly from the final NROY space, each run "
              f"{plan.replications} times: {final['kept']} reproduce every record (largest implausibility from "
              f"their own runs at most {plan.cutoff:g}); they are `fitted.parquet`.", "",
              "## What the records pin down", "",
              "Each parameter's 5-95% range in the final NROY space as a share of its prior's (1: not constrained), "
              "and its range in the fitted sample; the most constrained first (all in `parameters.csv`).", "",
              "| parameter | prior | NROY 5-95% | share | fitted sample |", "| --- | --- | --- | ---: | --- |"]
    for r in parameters.head(SHOWN).itertuples():
        lines.append(f"| {r.key} | {_g(r.low)} to {_g(r.high)} | {_g(r.nroy_low)} to {_g(r.nroy_high)} | "
                     f"{_g(r.nroy_share)} | {_g(r.fitted_min)} to {_g(r.fitted_max)} |")
    rest = parameters.iloc[SHOWN:].nroy_share.dropna()
    if len(rest):
        lines += ["", f"The other {len(rest)} keep {rest.min():.2f} to {rest.max():.2f} of their prior range."]
    return "\n".join(lines) + "\n"


def _g(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.3g}"
