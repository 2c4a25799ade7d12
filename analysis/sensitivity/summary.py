"""The analysis's tables as files (each written whole or not at all) and its summary in Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.sensitivity.quantities import LABELS
from sim.io import write_atomic, write_text_atomic

SHOWN = 10   # factors listed per quantity in the summary


def write_table(folder: Path, name: str, table: pd.DataFrame) -> None:
    """`table` as folder/name (.csv or .parquet), atomically."""
    path = folder / name
    if name.endswith(".parquet"):
        write_atomic(path, lambda staging: table.to_parquet(staging, index=False))
    else:
        write_atomic(path, lambda staging: table.to_csv(staging, index=False))


def write_manifest(folder: Path, manifest: dict) -> None:
    write_text_atomic(folder / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def markdown(manifest: dict, uncertainties: pd.DataFrame, morris: pd.DataFrame | None, sobol=None,
             robustness=None) -> str:
    """The summary: what was sampled, what the screening found, the Sobol' indices with the emulator's
    check, and how often each option wins."""
    lines = [f"# Sensitivity analysis: {manifest['scenario']}", "",
             f"`{manifest['command']}`", "",
             f"{manifest['engine']} engine, seed {manifest['seed']}, {manifest['workers']}; "
             f"{manifest['uncertainties']} uncertainties; today's staff {manifest['today']}, step +{manifest['step']} "
             f"inspectors. Seconds: " + ", ".join(f"{k} {v:.0f}" for k, v in manifest["seconds"].items()) + ".", "",
             "## Uncertainties", "", f"{len(uncertainties)} parameters with plausible ranges (`uncertainties.csv` gives "
             "each with its default, range and why; `screened`: sampled by the screening and Sobol' parts, the "
             "others, settings of regimes that are off here, by the robustness part only):", "",
             _table(uncertainties.groupby("group", sort=False).agg(parameters=("key", "size"),
                                                                   screened=("screened", "sum")).reset_index()),
             ""]
    if morris is not None:
        lines += _screening(manifest, morris)
    if sobol is not None:
        lines += _sobol(manifest, sobol)
    if robustness is not None:
        lines += _robustness(manifest, robustness)
    return "\n".join(lines) + "\n"


def _screening(manifest: dict, morris: pd.DataFrame) -> list[str]:
    screening = manifest["screening"]
    lines = ["## Screening (Morris)", "",
             f"{screening['trajectories']} trajectories, {screening['levels']} levels, "
             f"{'mechanisms' if screening['grouped'] else 'parameters'} as factors, {screening['points']} design "
             f"points x 2 staffing levels x {screening['replications']} replications. mu*: the mean absolute "
             "change in the quantity per whole range of the factor; conf: SALib's 95% over trajectories; MC: the "
             "95% range over bootstrap draws of the replications (the simulator's noise alone).", ""]
    for quantity, rows in morris.groupby("quantity", sort=False):
        shown = rows.sort_values("rank").head(SHOWN)
        lines += [f"### {LABELS.get(quantity, quantity)}", "",
                  "| rank | factor | mu* | ± conf | MC range | share |", "| ---: | --- | ---: | ---: | --- | ---: |"]
        lines += [f"| {r['rank']} | {r.factor} | {_g(r.mu_star)} | {_g(r.mu_star_conf)} | {_g(r.mc_low)} to "
                  f"{_g(r.mc_high)} | {r.share:.2f} |" for _, r in shown.iterrows()]
        lines.append("")
    return lines


def _sobol(manifest: dict, sobol) -> list[str]:
    info = manifest["sobol"]
    lines = ["## Sobol' indices", "",
             f"Way: an emulator (a Gaussian process) fitted on {info['training']} Latin-hypercube points of the "
             f"factors {', '.join(info['factors'])} (the other uncertainties at their defaults) and checked on "
             f"{info['held_out']} more; the indices are computed on its mean (SALib, {info['base']} base "
             f"samples). Direct estimation would have needed {sobol.direct_runs:,} runs.", "",
             "Emulator check on the held-out points (coverage: share inside the 95% predictive interval; z: "
             "standardised errors):", "",
             "| quantity | points | Q² | coverage | largest z | mean z | noise sd | spread sd |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r.quantity} | {r.points} | {r.q2:.2f} | {r.coverage:.2f} | {r.largest_error:.2f} | "
              f"{r.mean_error:+.2f} | {_g(r.noise_sd)} | {_g(r.spread_sd)} |" for r in sobol.checks.itertuples()]
    lines += ["", "| quantity | factor | S1 | ± | ST | ± |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r.quantity} | {r.factor} | {r.S1:.2f} | {r.S1_conf:.2f} | {r.ST:.2f} | {r.ST_conf:.2f} |"
              for r in sobol.indices.itertuples()]
    return [*lines, ""]


def _robustness(manifest: dict, robustness) -> list[str]:
    info = manifest["robustness"]
    band = info.get("band")
    where = (f"the defaults and {info['points']} of the {info['drawn']} parameter sets fitted to the county's "
             f"records ({info['sample']})" if info.get("sample") else
             f"{info['plausible']} of {info['drawn']} counties drawn from the ranges (a Latin hypercube) have an "
             f"expected death rate of {band[0]:g} to {band[1]:g} a year per 100,000 workers at today's staff (the "
             f"defaults' county: {info['default_rate']:.2f}); the defaults and {info['points']} of them"
             if band else f"the defaults and {info['points']} counties drawn from the ranges (no death-rate band)")
    lines = ["## A choice that holds", "",
             f"Compared at {where}, {info['replications']} replications each. Staffing: the highest level reached by steps costing at most ¥{info['value_of_life']:,.0f} "
             "per expected death averted; regime and budget mix: the fewest expected deaths (mixes within 1% of "
             "the budget). p_parameters: share of points where the option wins; p_noise: at the defaults, share of "
             "bootstrap draws of the replications; p_both: both together.", "",
             "| decision | option | p_parameters | p_noise | p_both | chosen at the defaults |",
             "| --- | --- | ---: | ---: | ---: | --- |"]
    for r in robustness.best.itertuples():
        if r.p_parameters > 0 or r.p_noise > 0 or r.p_both > 0 or r.recommended:
            lines.append(f"| {r.decision} | {r.option} | {r.p_parameters:.2f} | {r.p_noise:.2f} | {r.p_both:.2f} | "
                         f"{'yes' if r.recommended else ''} |")
    lines += ["", "Where the choice made at the defaults flips (a depth-2 decision tree on the sampled values; "
              "accuracy on the design points):", "", "| decision | rule | points | flipped | to | accuracy |",
              "| --- | --- | ---: | ---: | --- | ---: |"]
    lines += [f"| {r.decision} | {r.rule} | {r.points} | {r.flipped} | {r.to} | {r.accuracy:.2f} |"
              for r in robustness.rules.itertuples()]
    levels = info["levels"]
    lines += ["", f"The step from {levels[0]} to {levels[1]} inspectors: at the defaults with the Monte Carlo noise "
              "alone (95% of bootstrap draws), and over the compared counties and the noise together (2.5%, 50%, "
              "97.5%):", "", "| quantity | at the defaults | noise alone | parameters and noise |",
              "| --- | ---: | --- | --- |"]
    lines += [f"| {LABELS.get(r.quantity, r.quantity)} | {_g(r.default)} | {_g(r.mc_low)} to {_g(r.mc_high)} | "
              f"{_g(r.both_low)} to {_g(r.both_high)} (median {_g(r.both_median)}) |"
              for r in robustness.intervals.itertuples()]
    return [*lines, ""]


def _table(frame: pd.DataFrame) -> str:
    head = "| " + " | ".join(frame.columns) + " |\n| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(_g(v) if isinstance(v, float) else str(v) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([head, *rows])


def _g(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.3g}"
