"""A history match's results as tables: the fitted parameter sets, each record beside the fitted model,
each wave's emulators, and how far the records pin each parameter down.

Identifiability is read two ways: on the final NROY space (the positions every wave's emulators keep,
a uniform sample of it: each parameter's 5-95% range over the same range of its prior, 0.9 of the whole)
and on the fitted sample (its smallest to largest value). A share near 1 is a parameter the records
leave where the prior had it; a small one, a parameter they pin down. A parameter can keep most of its
marginal range while the NROY space is a thin slab across several of them (two that trade off), so
the NROY fraction says more than the shares do together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.calibrate.emulate import length_scales
from analysis.calibrate.history import Fit
from analysis.calibrate.targets import targets_table


def fitted_table(fit: Fit) -> pd.DataFrame:
    """One row per parameter set of the final sample that reproduces every record: `point` (its row in
    the sample), each uncertainty's value under its key, each target's model mean, its implausibility."""
    keys = [item.key for item in fit.uncertainties]
    columns = ["point", *keys, *(t.name for t in fit.targets), "implausibility"]
    if fit.final is None:
        return pd.DataFrame(columns=columns)
    rows = np.flatnonzero(fit.kept)
    design = fit.final.design
    frame = pd.DataFrame([design.points[design.point_of_row[r]] for r in rows], columns=keys)
    frame.insert(0, "point", rows)
    for t, values in zip(fit.targets, fit.final.values, strict=True):
        frame[t.name] = np.nanmean(values[rows], axis=1)
    frame["implausibility"] = fit.final_implausibility[rows].max(axis=1)
    return frame[columns]


def fit_table(fit: Fit) -> pd.DataFrame:
    """Each record, its value and observation error, and the model's 95% interval (2.5% to 97.5% of the
    parameter sets' means) over the fitted sample, and over wave 1's design (the prior's)."""
    table = targets_table(fit.targets)
    fitted = fitted_table(fit)
    for k, t in enumerate(fit.targets):
        means = fitted[t.name].to_numpy(float)
        prior = np.nanmean(fit.waves[0].training.values[k], axis=1) if fit.waves else np.array([])
        for name, values in (("model", means), ("prior", prior)):
            low, mid, high = np.nanpercentile(values, [2.5, 50, 97.5]) if len(values) else (np.nan,) * 3
            table.loc[k, [f"{name}_low", f"{name}_median", f"{name}_high"]] = [low, mid, high]
    return table


def waves_table(fit: Fit) -> pd.DataFrame:
    """One row per wave and target: the wave's size and NROY fraction, the emulator's active inputs and
    its check on the held-out points."""
    keys = [item.key for item in fit.uncertainties]
    rows = []
    for wave in fit.waves:
        for t, item, check, used in zip(fit.targets, wave.emulators, wave.checks, wave.used, strict=True):
            rows.append({"wave": wave.number, "points": len(wave.training.u), "held_out": len(wave.held.u),
                         "replications": fit.plan.replications, "runs": wave.training.runs,
                         "seconds": round(wave.seconds, 1), "nroy_fraction": wave.region.fraction,
                         "nroy_sampled": wave.region.sampled, "record": t.name,
                         "active_inputs": ";".join(keys[i] for i in item.active),
                         "length_scales": ";".join(f"{s:.3g}" for s in length_scales(item)),
                         "q2": check.q2, "coverage": check.coverage, "largest_error": check.largest_error,
                         "mean_error": check.mean_error, "used": used,
                         "wrongly_ruled_out": wave.wrongly_ruled_out})
    return pd.DataFrame(rows)


def parameters_table(fit: Fit) -> pd.DataFrame:
    """Each uncertainty's prior range beside its range in the final NROY space and in the fitted sample."""
    region = fit.waves[-1].region.candidates if fit.waves else np.zeros((0, len(fit.uncertainties)))
    fitted = fitted_table(fit)
    rows = []
    for j, item in enumerate(fit.uncertainties):
        row = {"key": item.key, "group": item.group, "default": item.default, "low": item.low, "high": item.high}
        if len(region) and item.kind != "choice":
            lo, hi = np.percentile(region[:, j], [5, 95])
            row.update(nroy_low=item.value_at(float(lo)), nroy_high=item.value_at(float(hi)),
                       nroy_share=float((hi - lo) / 0.9))
        if len(fitted) and item.kind != "choice" and item.high > item.low:
            values = fitted[item.key].to_numpy(float)
            row.update(fitted_min=values.min(), fitted_max=values.max(),
                       fitted_share=float((values.max() - values.min()) / (item.high - item.low)))
        rows.append(row)
    columns = ["key", "group", "default", "low", "high", "nroy_low", "nroy_high", "nroy_share", "fitted_min",
               "fitted_max", "fitted_share"]
    return pd.DataFrame(rows).reindex(columns=columns).sort_values("nroy_share", kind="stable")
