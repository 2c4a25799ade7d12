"""The numbers of the sections a sweep feeds: what staffing buys, regimes at fixed staff, other levers.

Every difference is paired: replication r of every cell is the same county (sim/sweep), so a cell's
difference from the reference is taken replication by replication, with a t interval over them.
Amounts are a year of the measured window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.sweep_tables import STAFF, Sweep, cell_row, staffing_table
from sim.sweep.tables import interval, paired, probability_best

DIFFS = ("expected_accidents", "expected_deaths", "deaths", "serious_accidents", "spend_total")
# what the report counts deaths by when it compares options: expected deaths (docs/model.md §9), the
# mean of counted deaths without the dice of who dies, whose paired intervals are many times narrower
DEATHS = "expected_deaths"


@dataclass(frozen=True, slots=True)
class StaffingAnswer:
    """The staffing sweep read for a planner: levels, marginal steps and the step above today's staff."""

    levels: pd.DataFrame       # analysis.sweep_tables.staffing_table, plus spend a year
    steps: pd.DataFrame        # per neighbouring pair: from, to, averted per inspector (expected and counted
                               # deaths, expected accidents)
    reference: int             # today's inspector count
    replications: int


def staffing_answer(sweep: Sweep) -> StaffingAnswer:
    levels = staffing_table(sweep)
    if any(axis["name"] != STAFF for axis in sweep.axes):
        levels = levels[levels.cell.isin(_first_group(sweep))]
    levels = levels.sort_values(STAFF, ignore_index=True)
    spend = [float(sweep.cells.loc[sweep.cells.cell == cell, "spend_total"].mean() / sweep.years)
             for cell in levels.cell]
    levels = levels.assign(spend_total=spend)
    steps = []
    for (_, lower), (_, upper) in zip(levels.iloc[:-1].iterrows(), levels.iloc[1:].iterrows(), strict=True):
        row = {"from": int(lower[STAFF]), "to": int(upper[STAFF])}
        for metric in ("expected_deaths", "deaths", "expected_accidents"):
            averted = paired(sweep.cells, int(lower.cell), int(upper.cell), metric) / sweep.years
            row.update(zip((metric, f"{metric}_low", f"{metric}_high"),
                           interval(averted / (row["to"] - row["from"])), strict=True))
        steps.append(row)
    steps = pd.DataFrame(steps)
    reference = int(levels.loc[levels.cell == sweep.reference, STAFF].iloc[0])
    return StaffingAnswer(levels, steps, reference, int(levels.replications.min()))


def _first_group(sweep: Sweep) -> list[int]:
    """With axes besides staff (dispatch x staffing): the cells that share the reference's other values."""
    others = [a["name"] for a in sweep.axes if a["name"] != STAFF]
    first = sweep.cells.drop_duplicates("cell").set_index("cell")
    mine = first.loc[sweep.reference, others]
    return [int(c) for c in first.index if (first.loc[c, others] == mine).all()]


def choices(sweep: Sweep) -> pd.DataFrame:
    """Per cell other than the reference: its name, paired differences a year against the reference in
    expected accidents, expected and counted deaths, 较大及以上 accidents and public spend (with
    intervals), the probability that it has the fewest expected deaths (`p_best_deaths`) / expected
    accidents (`p_best_expected`) of all cells, and
    `p_double_decline`: the share of histories in which it has both fewer accidents and fewer deaths
    than the reference in the same history (双下降 against not choosing it; NaN for the reference)."""
    best_deaths = probability_best(sweep.cells, DEATHS)
    best_expected = probability_best(sweep.cells, "expected_accidents")
    rows = []
    for cell, label in sweep.labels.items():
        row = {"cell": cell, "name": _option_name(label), "label": label, "reference": cell == sweep.reference,
               "p_best_deaths": float(best_deaths.get(cell, 0.0)),
               "p_best_expected": float(best_expected.get(cell, 0.0))}
        row["p_double_decline"] = (double_decline(sweep, cell, sweep.reference) if cell != sweep.reference
                                   else float("nan"))
        rows.append(row | cell_row(sweep, cell, DIFFS))
    return pd.DataFrame(rows)


def double_decline(sweep: Sweep, cell: int, against: int) -> float:
    """The share of histories in which `cell` has both fewer accidents and fewer deaths than `against`
    in the same history (双下降 against not choosing it)."""
    both = ((paired(sweep.cells, cell, against, "accidents") < 0) & (paired(sweep.cells, cell, against, "deaths") < 0))
    return float(both.mean())


def _option_name(label: str) -> str:
    """A cell label's option name ("regime=lead_monthly" -> "lead_monthly"); other labels as they are."""
    parts = [part.split("=", 1)[-1] for part in label.split(", ")]
    return parts[0] if len(parts) == 1 else label


def separated(low: float, high: float) -> bool:
    """Whether a 95% interval of a difference excludes zero."""
    return not (np.isnan(low) or np.isnan(high)) and (low > 0 or high < 0)
