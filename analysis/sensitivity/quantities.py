"""The decision quantities at each design point, from its paired replications.

At today's staff (`today`) and with `step` more inspectors (`more`), replication by replication on
the same county and streams:

- `expected_deaths_averted`: expected deaths a year at today's staff less with the step (docs/model.md
  §9: the precise measure of deaths, without the dice of who dies);
- `expected_accidents_averted`: the same for expected accidents;
- `cost_per_expected_death_averted`: the extra spend a year over the expected deaths a year averted,
  a ratio of the point's means (yuan per death averted); NaN where nothing is averted;
- `share_of_deaths_averted`: the expected deaths averted as a share of today's expected deaths (a ratio
  of the point's means): the step's proportional effect, which does not grow with the county's level of
  deaths, as the first two do. The level is what a county's records pin down (docs/calibration.md);
  the share is what the assumptions about how inspections work decide;
- `deaths_per_100k_workers`: 十万人死亡率 at today's staff, counted deaths (the runs report no expected
  version of it), so it carries the dice of who dies.

`resample` draws replications with replacement, the same ones at every point and choice (the worlds
stay paired), so a statistic's spread over draws is its Monte Carlo noise alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.sensitivity.runs import Outcomes

TODAY, MORE = "today", "more"
QUANTITIES = ("expected_deaths_averted", "expected_accidents_averted", "cost_per_expected_death_averted",
              "share_of_deaths_averted", "deaths_per_100k_workers")
LABELS = {"expected_deaths_averted": "expected deaths averted a year by the step",
          "expected_accidents_averted": "expected accidents averted a year by the step",
          "cost_per_expected_death_averted": "yuan per expected death averted by the step",
          "share_of_deaths_averted": "share of today's expected deaths the step averts",
          "deaths_per_100k_workers": "十万人死亡率 at today's staff (counted deaths)"}


def per_replication(outcomes: Outcomes) -> dict[str, np.ndarray]:
    """Each paired difference, float[points, replications], and the rate at today's staff."""
    today, more = outcomes.choices.index(TODAY), outcomes.choices.index(MORE)
    deaths = outcomes.metric("expected_deaths")
    accidents = outcomes.metric("expected_accidents")
    spend = outcomes.metric("spend_total")
    rate = outcomes.metric("deaths_per_100k_workers_year", per_year=False)
    return {"deaths": deaths[today] - deaths[more], "accidents": accidents[today] - accidents[more],
            "spend": spend[more] - spend[today], "rate": rate[today], "today": deaths[today]}


def point_quantities(paired: dict[str, np.ndarray], draw: np.ndarray | None = None) -> pd.DataFrame:
    """The decision quantities at each point (one row per point), over the replications `draw`
    (indices, repeats allowed; all of them when None)."""
    pick = (lambda a: a) if draw is None else (lambda a: a[:, draw])
    deaths = pick(paired["deaths"]).mean(axis=1)
    spend = pick(paired["spend"]).mean(axis=1)
    today = pick(paired["today"]).mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = np.where(deaths > 0, spend / deaths, np.nan)
        share = np.where(today > 0, deaths / today, np.nan)
    return pd.DataFrame({"expected_deaths_averted": deaths,
                         "expected_accidents_averted": pick(paired["accidents"]).mean(axis=1),
                         "cost_per_expected_death_averted": cost,
                         "share_of_deaths_averted": share,
                         "deaths_per_100k_workers": np.nanmean(pick(paired["rate"]), axis=1)})


def resample(replications: int, draws: int, seed: int) -> np.ndarray:
    """int[draws, replications]: bootstrap draws of the replications, shared by every point."""
    return np.random.default_rng(seed).integers(0, replications, size=(draws, replications))
