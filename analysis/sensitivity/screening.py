"""Part 1, screening: Morris trajectories through every uncertainty, each point at today's staff and
with `step` more inspectors on the same replications, screened on the decision quantities.

Grouping: with many uncertainties the trajectories are over mechanisms (`Uncertainty.group`), each
step moving a whole mechanism's parameters together, so the design stays r x (groups + 1) points
instead of r x (parameters + 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import Design, design_of, factors, morris_rows
from analysis.sensitivity.morris import screen
from analysis.sensitivity.quantities import MORE, TODAY, per_replication, point_quantities
from analysis.sensitivity.runs import RunSettings, run_part
from sim.config.uncertainty import Uncertainty


@dataclass(frozen=True, slots=True)
class Screening:
    """What the screening found: the design, its points' quantities and the Morris table."""

    design: Design
    grouped: bool
    factors: list[str]
    points: pd.DataFrame     # one row per design point: the sampled values, then the decision quantities
    morris: pd.DataFrame     # one row per quantity and factor (analysis.sensitivity.morris)
    replications: int


def should_group(count: int, groups: int, trajectories: int, most_points: int, choice: str) -> bool:
    """Whether to screen mechanisms rather than parameters: `choice` yes or no, or, for auto, when the
    parameters' design would exceed `most_points` points and grouping makes it smaller."""
    if choice != "auto":
        return choice == "yes"
    return trajectories * (count + 1) > most_points and groups < count


def run_screening(uncertainties: Sequence[Uncertainty], loader: ConfigLoader, today: int, step: int,
                  trajectories: int, levels: int, grouped: bool, replications: int, draws: int,
                  folder: Path, run: RunSettings) -> Screening:
    """Run the Morris design (sweep `screening` under `folder`) and screen its points."""
    rows, problem = morris_rows(uncertainties, trajectories, levels, grouped, run.seed)
    design = design_of(uncertainties, rows)
    settings = {}
    for point in range(len(design.points)):
        for choice, count in ((TODAY, today), (MORE, today + step)):
            settings[(point, choice)] = (*design.overrides(point), f"inspectors.count={count}")
    outcomes = run_part("screening", folder, settings, loader, replications, run)
    paired = per_replication(outcomes)
    table = pd.concat([design.table(), point_quantities(paired)], axis=1)
    morris = screen(design, problem, levels, paired, draws, run.seed)
    return Screening(design, grouped, factors(problem), table, morris, outcomes.replications)


def members(screening: Screening, factor: str) -> list[str]:
    """The parameters a screened factor stands for: itself, or its mechanism's parameters."""
    if not screening.grouped:
        return [factor]
    return [item.key for item in screening.design.uncertainties if (item.group or item.key) == factor]

