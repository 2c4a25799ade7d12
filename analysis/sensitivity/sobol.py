"""Part 2: Sobol' indices (first-order and total, with intervals) of the few factors that matter.

Sobol' indices need N (k + 2) evaluations of the quantity for k factors (Saltelli's scheme with
N ~ 1,000), each a pair of staffing levels times the replications: tens of thousands of runs, hours
on two cores. So the simulator runs a space-filling design over the factors (a Latin hypercube, the
other uncertainties at their defaults), a Gaussian-process emulator is fitted on most of its points
and checked on the rest (analysis.sensitivity.emulator), and the indices are computed on the
emulator's mean (SALib), their intervals SALib's bootstrap over the Saltelli sample. The indices
describe the parameters' effect on the quantity's expectation: the Monte Carlo noise is taken out by
the emulator, and its size is reported beside them (the held-out check includes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.sensitivity import emulator
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import default_point, design_of, latin_hypercube
from analysis.sensitivity.quantities import (
    MORE,
    QUANTITIES,
    TODAY,
    per_replication,
    point_quantities,
    resample,
)
from analysis.sensitivity.runs import RunSettings, run_part
from sim.config.uncertainty import Uncertainty

METHOD = "emulator"   # the way the indices were computed, recorded with them


@dataclass(frozen=True, slots=True)
class SobolResult:
    indices: pd.DataFrame      # quantity, factor, S1, S1_conf, ST, ST_conf
    checks: pd.DataFrame       # quantity, then the emulator's held-out check
    points: pd.DataFrame       # the design points: values, split (train/test), quantities and their noise
    direct_runs: int           # runs a direct Saltelli estimate would have needed


def run_sobol(uncertainties: Sequence[Uncertainty], chosen: dict[str, list[str]], loader: ConfigLoader,
              today: int, step: int, training: int, base: int, replications: int, draws: int, folder: Path,
              run: RunSettings) -> SobolResult:
    """Sobol' indices of the factors `chosen` (factor -> its parameters) on every decision quantity."""
    names = [item.key for item in uncertainties]
    held_out = max(5, training // 4)
    x = latin_hypercube(len(chosen), training + held_out, run.seed)   # one coordinate per factor
    rows = np.repeat(default_point(uncertainties), training + held_out, axis=0)
    for f, members in enumerate(chosen.values()):
        for key in members:   # a mechanism's parameters move together along their ranges
            rows[:, names.index(key)] = x[:, f]
    design = design_of(uncertainties, rows)
    settings = {(p, choice): (*design.overrides(p), f"inspectors.count={count}")
                for p in range(len(design.points)) for choice, count in ((TODAY, today), (MORE, today + step))}
    outcomes = run_part("sobol", folder, settings, loader, replications, run)
    paired = per_replication(outcomes)
    values = point_quantities(paired).iloc[design.point_of_row].reset_index(drop=True)
    noise = pd.concat([point_quantities(paired, d) for d in resample(outcomes.replications, draws, run.seed)])
    spread = noise.groupby(level=0).var().iloc[design.point_of_row].reset_index(drop=True)
    train = np.arange(len(rows)) < training
    problem = {"num_vars": len(chosen), "names": list(chosen), "bounds": [[0.0, 1.0]] * len(chosen)}
    indices, checks = [], []
    for quantity in QUANTITIES:
        y, var = values[quantity].to_numpy(), spread[quantity].to_numpy()
        if not np.all(np.isfinite(y)) or np.ptp(y) == 0:
            continue
        model = emulator.fit(x[train], y[train], var[train], run.seed)
        checks.append({"quantity": quantity, **asdict(emulator.check(model, x[~train], y[~train], var[~train])),
                       "noise_sd": float(np.sqrt(np.nanmean(var))), "spread_sd": float(np.std(y))})
        indices.append(_indices(problem, model, base, run.seed).assign(quantity=quantity))
    table = design.table().iloc[design.point_of_row].reset_index(drop=True)
    table = pd.concat([table, values, spread.add_suffix("_noise_var")], axis=1)
    table.insert(1, "split", np.where(train, "train", "test"))
    direct = base * (len(chosen) + 2) * 2 * replications
    frame = pd.concat(indices, ignore_index=True) if indices else pd.DataFrame(columns=["quantity", "factor"])
    return SobolResult(frame[["quantity", *[c for c in frame.columns if c != "quantity"]]],
                       pd.DataFrame(checks), table, direct)


def _indices(problem: dict, model, base: int, seed: int) -> pd.DataFrame:
    """First-order and total indices of the emulator's mean, with SALib's 95% bootstrap intervals."""
    from SALib.analyze import sobol
    from SALib.sample import sobol as sample

    x = sample.sample(problem, base, calc_second_order=False, seed=seed)
    found = sobol.analyze(problem, model.predict(x), calc_second_order=False, conf_level=0.95, seed=seed)
    return pd.DataFrame({"factor": problem["names"], "S1": found["S1"], "S1_conf": found["S1_conf"], "ST": found["ST"],
                         "ST_conf": found["ST_conf"]})
