"""Design points: positions in the uncertainties' ranges, and the config overrides that set them.

A design is a matrix of positions `u` in [0, 1], one row per design row and one column per
uncertainty (`Uncertainty.value_at` turns a position into the parameter's value). Rows that give the
same values (Morris trajectories cross) are one design point, simulated once. A point's overrides
are `key=value` for every uncertainty, written as the sweep records them; the point at the defaults
(`default_point`) sets nothing, so it is the scenario as it is.

The samplers: Morris trajectories (SALib), a Latin hypercube (scipy.stats.qmc) for the emulator's
training and test points and for the robustness design, each seeded from the run's seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.config.uncertainty import Uncertainty

DIGITS = 12   # significant digits a sampled value is written with: the same value always reads the same


@dataclass(frozen=True, slots=True)
class Design:
    """Design rows as positions (`u`, rows x uncertainties) and the points they are.

    `point_of_row[i]`: the design point of row i; `points`: each point's values, one dict per point,
    in the order the points first appear.
    """

    uncertainties: tuple[Uncertainty, ...]
    u: np.ndarray
    point_of_row: np.ndarray
    points: tuple[dict[str, object], ...]

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.uncertainties]

    def overrides(self, point: int) -> tuple[str, ...]:
        """The `key=value` overrides of a design point (none for a value equal to the default)."""
        return tuple(f"{key}={written(value)}" for key, value in self.points[point].items()
                     if not _same(value, _default(self.uncertainties, key)))

    def table(self) -> pd.DataFrame:
        """One row per design point: `point`, then each uncertainty's value under its key."""
        frame = pd.DataFrame(list(self.points), columns=self.keys)
        frame.insert(0, "point", range(len(self.points)))
        return frame

    def digest(self) -> str:
        """A short name of the design: its uncertainties, ranges and rows (the sweep folder's name)."""
        text = repr([(i.key, i.low, i.high, i.kind, i.choices) for i in self.uncertainties]) + repr(self.u.round(DIGITS).tolist())
        return hashlib.sha256(text.encode()).hexdigest()[:10]


def design_of(uncertainties: Sequence[Uncertainty], u: np.ndarray) -> Design:
    """The Design of the rows `u`: rows that give the same values are one point."""
    uncertainties = tuple(uncertainties)
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    if u.ndim != 2 or u.shape[1] != len(uncertainties):
        raise ValueError(f"a design has one column per uncertainty ({len(uncertainties)}), not shape {u.shape}")
    index: dict[tuple, int] = {}
    points: list[dict[str, object]] = []
    rows = np.empty(len(u), dtype=int)
    for i, row in enumerate(u):
        values = {item.key: rounded(item.value_at(float(x))) for item, x in zip(uncertainties, row, strict=True)}
        signature = tuple(values.values())
        if signature not in index:
            index[signature] = len(points)
            points.append(values)
        rows[i] = index[signature]
    return Design(uncertainties, u, rows, tuple(points))


def default_point(uncertainties: Sequence[Uncertainty]) -> np.ndarray:
    """The positions of the defaults (a row of `u`): the scenario as it is."""
    return np.array([[_position(item) for item in uncertainties]])


def morris_rows(uncertainties: Sequence[Uncertainty], trajectories: int, levels: int, grouped: bool,
                seed: int) -> tuple[np.ndarray, dict]:
    """Morris trajectories in [0, 1] (SALib, Campolongo's design without optimisation), and the SALib
    problem that analyses them; `grouped`: one factor per mechanism (`Uncertainty.group`)."""
    from SALib.sample import morris

    problem = salib_problem(uncertainties, grouped)
    rows = morris.sample(problem, trajectories, num_levels=levels, seed=seed)
    return rows, problem


def salib_problem(uncertainties: Sequence[Uncertainty], grouped: bool) -> dict:
    """SALib's problem over the unit positions; groups named by mechanism when `grouped`."""
    problem = {"num_vars": len(uncertainties), "names": [item.key for item in uncertainties],
               "bounds": [[0.0, 1.0]] * len(uncertainties)}
    if grouped:
        problem["groups"] = [item.group or item.key for item in uncertainties]
    return problem


def factors(problem: dict) -> list[str]:
    """The factors SALib reports on: the groups in order of first appearance, or the names."""
    return list(dict.fromkeys(problem["groups"])) if problem.get("groups") else list(problem["names"])


def latin_hypercube(dimensions: int, rows: int, seed: int) -> np.ndarray:
    """`rows` space-filling positions in [0, 1]^dimensions (scipy's Latin hypercube, optimised for
    centred discrepancy so the points spread evenly)."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=dimensions, optimization="random-cd", rng=np.random.default_rng(seed)).random(rows)


def rounded(value: object) -> object:
    """A sampled real to DIGITS significant digits; whole numbers and choices as they are."""
    if isinstance(value, float):
        return float(f"{value:.{DIGITS}g}")
    return value


def written(value: object) -> str:
    """A value as a `key=value` override writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _default(uncertainties: Sequence[Uncertainty], key: str) -> object:
    return next(item.default for item in uncertainties if item.key == key)


def _same(value: object, default: object) -> bool:
    if isinstance(value, (int, float)) and isinstance(default, (int, float)) and not isinstance(value, bool):
        return float(rounded(float(value))) == float(rounded(float(default)))
    return value == default


def _position(item: Uncertainty) -> float:
    """Where the default sits in its range, so that `value_at` gives it back."""
    return position_of(item, item.default)


def position_of(item: Uncertainty, value: object) -> float:
    """Where `value` sits in the item's range, so that `value_at` gives it back; ValueError for a value
    outside the range or not among the choices."""
    if item.kind == "choice":
        return (item.choices.index(value) + 0.5) / len(item.choices)
    if item.high == item.low:
        return 0.0
    u = (float(value) - item.low) / (item.high - item.low)
    if not -1e-9 <= u <= 1 + 1e-9:
        raise ValueError(f"{item.key} = {value} lies outside its range [{item.low:g}, {item.high:g}]")
    return min(max(u, 0.0), 1.0)
