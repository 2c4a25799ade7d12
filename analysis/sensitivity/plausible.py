"""Which counties drawn from the ranges are plausible: the robustness part's first stage.

Sampled together, the schema's ranges describe counties far deadlier than the one the scenario is
(docs/uncertainty.md: a median 13 expected deaths a year against 2.5). A choice that holds across
those is not a choice that holds for this county. So, before the choices are compared, counties are
drawn from the ranges (a Latin hypercube), each simulated once at today's staff, and kept when its
expected deaths a year per 100,000 industrial workers (the model's 十万人死亡率, from expected
deaths) lies in a band; the robustness part then compares the choices on the kept ones. This is
rejection on one record, the first wave of a history match (docs/calibration.md does it with every
record); it conditions on the death rate only.

The default band, 0.6 to 2.6 a year per 100,000 workers, is the national 工矿商贸 rate (1.19 to 1.30
in 2020-2023, SOURCES.md) halved and doubled: assumed, as a county's rate scatters about the
nation's (few deaths a year, and different industries). Expected deaths include the few road deaths
the model gives (about 7% in `county_baseline`), which the published rate leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import default_point, design_of, latin_hypercube, position_of
from analysis.sensitivity.runs import RunSettings, run_part
from sim.config.errors import ConfigError
from sim.config.uncertainty import Uncertainty

DEFAULT_BAND = (0.6, 2.6)
REPLICATIONS = 3   # expected deaths vary little between replications: three place a county in or out
KEY = "--death-rate-band"
SAMPLE_KEY = "--sample"


@dataclass(frozen=True, slots=True)
class Plausible:
    """The drawn counties: `u` their positions (row 0 the defaults), `rate` each one's expected deaths a
    year per 100,000 industrial workers at today's staff, `kept` whether it lies in `band` (all, with
    no band); `table` one row per county with its values, rate and verdict."""

    u: np.ndarray
    rate: np.ndarray
    kept: np.ndarray
    band: tuple[float, float] | None
    table: pd.DataFrame

    def chosen(self, most: int) -> np.ndarray:
        """The positions the robustness part compares the choices at: the defaults, then the first
        `most` kept draws."""
        return self.u[self._rows(most)]

    def counted(self, most: int) -> np.ndarray:
        """Which of `chosen(most)` count among the plausible counties: every kept draw, and the defaults
        when they are themselves plausible (in the band; never for a fitted sample)."""
        return self.kept[self._rows(most)]

    def _rows(self, most: int) -> np.ndarray:
        return np.concatenate([[0], np.flatnonzero(self.kept[1:])[:most] + 1])


def from_sample(uncertainties: Sequence[Uncertainty], path: Path) -> Plausible:
    """The counties of a fitted sample (`python -m analysis.calibrate`'s fitted.parquet: one row per
    parameter set, each calibrated uncertainty's value under its key) as the robustness part's
    counties, after the defaults; an uncertainty the sample does not give stays at its default. A
    calibration is conditioning on every record, so no band is applied on top."""
    table = _read_sample(path)
    rows = [default_point(uncertainties)[0]]
    for _, row in table.iterrows():
        u = default_point(uncertainties)[0].copy()
        for j, item in enumerate(uncertainties):
            if item.key in table.columns:
                try:
                    u[j] = position_of(item, row[item.key])
                except ValueError as error:
                    raise ConfigError(SAMPLE_KEY, str(path), f"a fitted sample within the ranges sampled here: "
                                                            f"row {int(row.get('point', -1))}: {error}") from None
        rows.append(u)
    u = np.array(rows)
    design = design_of(uncertainties, u)
    frame = design.table().iloc[design.point_of_row].reset_index(drop=True)
    frame["point"] = np.arange(len(u))
    kept = np.ones(len(u), dtype=bool)
    kept[0] = False   # the defaults are compared beside the fitted sets, not counted among them
    frame["death_rate"] = np.nan
    frame["plausible"] = kept
    return Plausible(u, np.full(len(u), np.nan), kept, None, frame)


def _read_sample(path: Path) -> pd.DataFrame:
    try:
        table = pd.read_parquet(path)
    except (OSError, ValueError) as error:
        raise ConfigError(SAMPLE_KEY, str(path), f"a fitted.parquet written by python -m analysis.calibrate "
                                                 f"({type(error).__name__})") from None
    if table.empty:
        raise ConfigError(SAMPLE_KEY, str(path), "a fitted sample with at least one parameter set (this one has "
                                                 "none: the calibration kept nothing)")
    return table


def parse_band(text: str | None) -> tuple[float, float] | None:
    """`LOW,HIGH` deaths a year per 100,000 workers, `none` for no conditioning; the default band
    when not given."""
    if text is None:
        return DEFAULT_BAND
    if text.strip().lower() == "none":
        return None
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        low = high = float("nan")
    if not (0 <= low < high):
        raise ConfigError(KEY, text, "LOW,HIGH expected deaths a year per 100,000 workers, 0 <= LOW < HIGH "
                                     "(e.g. 0.6,2.6), or none")
    return low, high


def draw(uncertainties: Sequence[Uncertainty], loader: ConfigLoader, today: int, band: tuple[float, float] | None,
         drawn: int, folder: Path, run: RunSettings) -> Plausible:
    """Draw `drawn` counties (and the defaults), simulate each at today's staff (sweep `plausibility`
    under `folder`) and keep those whose death rate is in `band`."""
    u = np.vstack([default_point(uncertainties), latin_hypercube(len(uncertainties), drawn, run.seed + 1)])
    design = design_of(uncertainties, u)
    settings = {(p, "today"): (*design.overrides(p), f"inspectors.count={today}") for p in range(len(design.points))}
    outcomes = run_part("plausibility", folder, settings, loader, REPLICATIONS, run)
    deaths = outcomes.metric("expected_deaths")[0]                       # [points, replications], a year
    workers = outcomes.metric("workers_industrial", per_year=False)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.nanmean(np.where(workers > 0, deaths / workers * 1e5, np.nan), axis=1)[design.point_of_row]
    kept = np.ones(len(u), dtype=bool) if band is None else (rate >= band[0]) & (rate <= band[1])
    table = design.table().iloc[design.point_of_row].reset_index(drop=True)
    table["point"] = np.arange(len(u))
    table["death_rate"] = rate
    table["plausible"] = kept
    return Plausible(u, rate, kept, band, table)
