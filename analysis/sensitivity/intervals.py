"""The staffing step's answer with its two uncertainties: the simulator's noise alone, and that noise
together with the parameters' (the plausible counties of the robustness part).

For the first step of the staffing levels compared (today's staff to the next level), at each point and
each bootstrap draw of the replications (the same draws at every point, so the worlds stay paired):
the expected deaths a year it averts, the extra spend a year per expected death averted (infinite where
it averts none: a step that buys nothing costs without limit), and the share of today's expected
deaths it averts. `mc_*`: 2.5% and 97.5% over the draws at the defaults; `both_*`: over every
plausible point and draw, so a band is as wide as the parameters and the noise make it together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

QUANTITIES = ("expected_deaths_averted", "cost_per_expected_death_averted", "share_of_deaths_averted")


def step_values(deaths: np.ndarray, spend: np.ndarray, draw: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Each quantity at each point, from `deaths` and `spend` [2 levels, points, replications] (a year),
    over the replications `draw` (all when None)."""
    if draw is not None:
        deaths, spend = deaths[:, :, draw], spend[:, :, draw]
    today, more = deaths.mean(axis=2)
    extra = spend[1].mean(axis=1) - spend[0].mean(axis=1)
    averted = today - more
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = np.where(averted > 0, extra / averted, np.inf)
        share = np.where(today > 0, averted / today, np.nan)
    return {"expected_deaths_averted": averted, "cost_per_expected_death_averted": cost,
            "share_of_deaths_averted": share}


def combined(deaths: np.ndarray, spend: np.ndarray, plausible: np.ndarray, boot: np.ndarray) -> pd.DataFrame:
    """One row per quantity: the value at the defaults (point 0), its Monte Carlo-only 95% range, and
    the 2.5/50/97.5% points over the plausible points and the bootstrap draws `boot` together."""
    at_default = step_values(deaths[:, :1], spend[:, :1])
    draws = [step_values(deaths, spend, d) for d in boot]
    rows = []
    for quantity in QUANTITIES:
        values = np.stack([d[quantity] for d in draws])           # [draws, points]
        noise = values[:, 0]
        both = values[:, plausible].ravel()
        both = both[~np.isnan(both)]
        mc_low, mc_high = _percentiles(noise[~np.isnan(noise)], (2.5, 97.5))
        low, median, high = _percentiles(both, (2.5, 50, 97.5))
        rows.append({"quantity": quantity, "default": float(at_default[quantity][0]), "mc_low": mc_low,
                     "mc_high": mc_high, "both_low": low, "both_median": median, "both_high": high,
                     "points": int(plausible.sum())})
    return pd.DataFrame(rows)


def _percentiles(values: np.ndarray, q: tuple[float, ...]) -> list[float]:
    """Percentiles that stay defined with infinite values (a value of the sample, no interpolation)."""
    if values.size == 0:
        return [float("nan")] * len(q)
    return [float(v) for v in np.percentile(values, q, method="inverted_cdf")]
