"""Screening: Morris's elementary effects (SALib) of every uncertainty, or mechanism, on each decision
quantity, with two intervals kept apart.

- `mu_star_conf`: SALib's bootstrap over trajectories: how much mu* would move with other trajectories
  through the ranges (the design's sampling);
- `mc_low`, `mc_high`: the 95% range of mu* over bootstrap draws of the replications, the same draws at
  every point (sim.sweep pairs the worlds): the Monte Carlo noise of the simulator alone. A factor whose
  `mc_low` is near 0 may matter through noise only.

Effects are per unit of the factor's range (its whole range is 1), so mu* is comparable across factors:
the typical change in the quantity when the factor moves across a third of its range (four levels)
is mu* / 3. `share` is mu* over the largest mu* of that quantity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.sensitivity.design import Design, factors
from analysis.sensitivity.quantities import QUANTITIES, point_quantities, resample

LEVEL = 0.95


def screen(design: Design, problem: dict, levels: int, paired: dict[str, np.ndarray], draws: int,
           seed: int) -> pd.DataFrame:
    """One row per quantity and factor: mu*, its trajectory interval, its Monte Carlo range, mu, sigma,
    share of the largest and rank. A quantity that is not finite at every point is left out (a cost
    per death averted where some point averts nothing)."""
    estimate = point_quantities(paired)
    replications = next(iter(paired.values())).shape[1]
    noise = [point_quantities(paired, draw) for draw in resample(replications, draws, seed)]
    frames = []
    for quantity in QUANTITIES:
        y = estimate[quantity].to_numpy()[design.point_of_row]
        if not np.all(np.isfinite(y)):
            continue
        result = _analyse(problem, design.u, y, levels, seed)
        stars = np.array([_analyse(problem, design.u, n[quantity].to_numpy()[design.point_of_row], levels, seed,
                                   resamples=2)["mu_star"] for n in noise
                          if np.all(np.isfinite(n[quantity].to_numpy()))])
        frame = pd.DataFrame({"quantity": quantity, "factor": factors(problem), "mu_star": result["mu_star"],
                              "mu_star_conf": result["mu_star_conf"], "mu": result["mu"], "sigma": result["sigma"]})
        tail = (1 - LEVEL) / 2
        frame["mc_low"] = np.quantile(stars, tail, axis=0) if len(stars) else np.nan
        frame["mc_high"] = np.quantile(stars, 1 - tail, axis=0) if len(stars) else np.nan
        top = frame.mu_star.max()
        frame["share"] = frame.mu_star / top if top > 0 else 0.0
        frame["rank"] = frame.mu_star.rank(ascending=False, method="min").astype(int)
        frames.append(frame.sort_values("rank"))
    return pd.concat(frames, ignore_index=True)


def _analyse(problem: dict, u: np.ndarray, y: np.ndarray, levels: int, seed: int, resamples: int = 1000) -> dict:
    from SALib.analyze import morris

    found = morris.analyze(problem, u, y, num_resamples=resamples, conf_level=LEVEL, num_levels=levels, seed=seed)
    return {name: np.asarray(found[name], dtype=float) for name in ("mu_star", "mu_star_conf", "mu", "sigma")}

