"""A sensitivity analysis's folder written by hand, in the shape python -m analysis.sensitivity writes
(docs/uncertainty.md, "Outputs"), for the report's tests: a screening alone, or the full analysis
(screening, Sobol', robustness). Every number is made up, and chosen so that reading a wrong column
shows: each factor's mu differs from its mu*, each option's three probabilities differ."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

SHARE = "share_of_deaths_averted"
# factor: mu*, its conf, mu (signed, not mu*), the Monte Carlo range
MORRIS = {
    "hazards.natural_closure_rate": (0.1234, 0.031, -0.0987, 0.1101, 0.1388),
    "deterrence": (0.0871, 0.022, 0.0512, 0.0799, 0.0943),
    "rectification": (0.0456, 0.019, -0.0222, 0.0390, 0.0530),
    "inspectors": (0.0301, 0.012, 0.0299, 0.0250, 0.0366),
    "population": (0.0224, 0.010, 0.0011, 0.0180, 0.0271),
    "sectors.industry_trade.accident_rate_major": (0.0150, 0.008, 0.0100, 0.0101, 0.0199),
    "calendar": (0.0105, 0.006, -0.0034, 0.0060, 0.0150),
    "regimes.risk_based": (0.0077, 0.004, 0.0070, 0.0040, 0.0111),
    "detection": (0.0048, 0.003, 0.0012, 0.0010, 0.0090),
    "costs": (0.0, 0.0, 0.0, 0.0, 0.0),
}


def write_sensitivity(folder: Path, full: bool = True, share: bool = True, band: bool = True,
                      intervals: bool = True) -> Path:
    """Write the tables into `folder`: morris.csv and the manifest, and with `full` the Sobol' and
    robustness tables too. `share=False`: a screening from before the share of deaths averted (its
    expected deaths averted only, ten times the share's numbers); `band=False`: a manifest of the old
    shape (no band, no counts drawn); `intervals=False`: no robustness_intervals.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    quantities = [(SHARE, 1.0)] if share else []
    quantities += [("expected_deaths_averted", 10.0), ("expected_accidents_averted", 70.0)]
    rows = []
    for quantity, scale in quantities:
        for rank, (factor, (mu_star, conf, mu, low, high)) in enumerate(MORRIS.items(), start=1):
            rows.append({"quantity": quantity, "factor": factor, "mu_star": mu_star * scale,
                         "mu_star_conf": conf * scale, "mu": mu * scale, "sigma": 2 * conf * scale,
                         "mc_low": low * scale, "mc_high": high * scale, "share": mu_star / 0.1234, "rank": rank})
    pd.DataFrame(rows).to_csv(folder / "morris.csv", index=False)
    manifest = {"scenario": "county_baseline", "today": 30, "step": 10,
                "parts": ["screening", "sobol", "robustness"] if full else ["screening"],
                "screening": {"trajectories": 3, "levels": 4, "grouped": True, "points": 45, "replications": 3}}
    if full:
        manifest["robustness"] = {"points": 23 if band else 33, "replications": 10, "levels": [30, 40, 50, 60],
                                  "value_of_life": 4996000}
        if band:
            manifest["robustness"].update(band=[0.5, 3.0], drawn=64, plausible=23)
        _write_full(folder, share, intervals)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def _write_full(folder: Path, share: bool, intervals: bool) -> None:
    quantity = SHARE if share else "expected_deaths_averted"
    pd.DataFrame([
        {"quantity": quantity, "factor": "hazards.natural_closure_rate", "S1": 0.612, "S1_conf": 0.051, "ST": 0.703,
         "ST_conf": 0.062},
        {"quantity": quantity, "factor": "deterrence", "S1": 0.211, "S1_conf": 0.033, "ST": 0.288, "ST_conf": 0.041},
        {"quantity": quantity, "factor": "rectification", "S1": 0.041, "S1_conf": 0.012, "ST": 0.052, "ST_conf": 0.015},
    ]).to_csv(folder / "sobol.csv", index=False)
    pd.DataFrame([{"quantity": quantity, "points": 10, "q2": 0.917, "rmse": 0.004, "coverage": 0.9,
                   "largest_error": 1.9, "mean_error": 0.1, "noise_sd": 0.005, "spread_sd": 0.02}]).to_csv(
        folder / "emulator_check.csv", index=False)
    pd.DataFrame([
        ("staffing", "30", 0.826, 0.973, 0.801, True), ("staffing", "40", 0.174, 0.027, 0.199, False),
        ("staffing", "50", 0.0, 0.0, 0.0, False),
        ("regime", "as_is", 0.0, 0.0, 0.0, False), ("regime", "remote_monitoring", 0.739, 0.861, 0.702, True),
        ("regime", "third_party", 0.261, 0.139, 0.298, False),
        ("budget_mix", "as_today", 0.043, 0.0, 0.051, False), ("budget_mix", "train_all", 0.652, 1.0, 0.611, True),
        ("budget_mix", "fewer_staff_third_party", 0.305, 0.0, 0.338, False),
    ], columns=["decision", "option", "p_parameters", "p_noise", "p_both", "recommended"]).to_csv(
        folder / "robustness_best.csv", index=False)
    pd.DataFrame([
        ("staffing", "30 wins everywhere in the ranges", 23, 0, "", 1.0),
        ("regime", "deterrence.order_strength <= 0.3383 and hazards.natural_closure_rate > 0.0125", 7, 6,
         "third_party (6)", 0.913),
        ("budget_mix", "no region: the flips are scattered", 23, 8, "fewer_staff_third_party (7), as_today (1)", 0.652),
    ], columns=["decision", "rule", "points", "flipped", "to", "accuracy"]).to_csv(
        folder / "robustness_rules.csv", index=False)
    if intervals:
        pd.DataFrame([
            ("expected_deaths_averted", 0.231, 0.205, 0.262, 0.101, 0.412, 1.874, 23),
            ("cost_per_expected_death_averted", 15.8e6, 13.6e6, 18.1e6, 1.9e6, 9.1e6, 41.3e6, 23),
            ("share_of_deaths_averted", 0.0921, 0.0817, 0.1034, 0.0412, 0.1133, 0.2365, 23),
        ], columns=["quantity", "default", "mc_low", "mc_high", "both_low", "both_median", "both_high",
                    "points"]).to_csv(folder / "robustness_intervals.csv", index=False)
