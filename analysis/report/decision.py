"""What the first page decides: how many inspectors to ask for, whether any regime or budget mix is
measurably best, and what each option costs beside what it buys (docs/report.md, "The decision rule").

Deaths here are expected deaths (`DEATHS`, docs/model.md §9): the deaths each history's open hazards
imply, with the mean of the deaths counted in it but without the dice of whether and how many an
accident kills, so their paired intervals are many times narrower. Counted deaths are kept beside
them (`counted_averted`), and `narrowing` measures how much wider their intervals are.

- Staffing: walk up from today's staff, level by level. A step is supported when the expected deaths
  it averts (paired between the two levels) have a 95% interval above zero. The request is the highest
  level reached by supported steps from today; the first step that is not supported is where returns
  fall. No request when the first step up is not supported: the study then cannot say that more staff
  avert deaths, and no cost per death averted is given.
- Regimes and budget mixes: an option is best only when its paired difference in expected deaths
  against every other option (today's included) has a 95% interval below zero. Otherwise the options
  that no paired interval tells apart from the one with the fewest are a group with no measurable
  difference, and none is named best. The same for expected accidents. Every cell of a sweep runs the
  same histories, so option-against-option differences are paired too.
- A budget mix spends the fixed budget when its mean spend a year is within `BUDGET_TOLERANCE` of it.
  One that spends more does not fit the budget: it is flagged and left out of the comparison. One that
  spends less (whole inspectors left over) is flagged with what it leaves unspent, and compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.report.sweep_sections import DEATHS, double_decline, separated
from analysis.sweep_tables import DRAWS, SEED, STAFF, Sweep, paired_cost
from sim.sweep.tables import interval, paired

# a mix whose spend is within 1% of the budget keeps it (rounding to whole inspectors, days or
# enterprises, and rewards paid per report, move the spend by less; a mix that leaves a whole
# inspector's pay unspent or overspends on rewards moves it by more)
BUDGET_TOLERANCE = 0.01
MEASURES = {"deaths": DEATHS, "expected_accidents": "expected_accidents"}   # the groups' names: metrics


@dataclass(frozen=True, slots=True)
class Group:
    """The options with the fewest of `metric` that no paired 95% interval tells apart."""

    metric: str              # a column of the cells (expected_deaths, expected_accidents)
    cells: tuple[int, ...]   # the option with the fewest first, then the others by their mean
    compared: int            # how many options were compared

    @property
    def crowned(self) -> bool:
        """One option measurably below every other."""
        return len(self.cells) == 1 and self.compared > 1


@dataclass(frozen=True, slots=True)
class Staffing:
    """The staffing sweep as a request: per level above today, what it buys against today and what its
    step from the level below buys; `request` the level the steps support (None: not even the first)."""

    reference: int
    levels: pd.DataFrame      # per level above today: option_columns against today, and step_* against below
    request: int | None
    replications: int


@dataclass(frozen=True, slots=True)
class Choice:
    """A regimes or budget-mix sweep as options: one row each (today's included), the groups with the
    fewest deaths and expected accidents, and for a budget sweep the fixed budget a year."""

    name: str
    options: pd.DataFrame
    groups: dict[str, Group]
    budget: float | None


@dataclass(frozen=True, slots=True)
class Decision:
    staffing: Staffing | None
    choices: dict[str, Choice]

    @property
    def narrowing(self) -> float | None:
        """How many times wider the paired 95% interval of counted deaths averted is than that of
        expected deaths averted: the median over the options against today (staffing levels, regimes,
        budget mixes) where both have width; None where none has."""
        tables = [self.staffing.levels] if self.staffing is not None else []
        tables += [choice.options for choice in self.choices.values()]
        ratios = [r for t in tables if "narrowing" in t for r in t["narrowing"] if r == r]
        return float(np.median(ratios)) if ratios else None


def leading_group(cells: pd.DataFrame, metric: str, among: list[int] | None = None) -> Group:
    """The options (cells, or those `among`) with the fewest `metric`: the one with the lowest mean and
    every other whose paired difference from it has a 95% interval that holds zero."""
    means = cells.groupby("cell")[metric].mean()
    if among is not None:
        means = means[means.index.isin(among)]
    order = [int(c) for c in means.sort_values(kind="stable").index]
    leader = order[0]
    tied = [leader] + [c for c in order[1:] if not separated(*interval(paired(cells, c, leader, metric))[1:])]
    return Group(metric, tuple(tied), len(order))


def against(sweep: Sweep, cell: int, other: int, rng: np.random.Generator) -> dict:
    """`cell` against `other`, a year: cost (Δspend), expected deaths averted (`deaths_averted`) and
    expected accidents averted, each with its paired 95% interval, the cost per expected death averted
    with its verdict (sweep_tables.paired_cost, whose expected-deaths bootstrap starts afresh for each
    pair, so each figure can be recomputed alone), counted deaths averted beside (`counted_averted`),
    `narrowing` (counted deaths' interval width over expected deaths') and 双下降."""
    cost = paired_cost(sweep, cell, other, rng, DRAWS)
    row = {"cost": cost["delta_spend"], "cost_low": cost["delta_spend_low"], "cost_high": cost["delta_spend_high"],
           "deaths_averted": cost["expected_deaths_averted"], "deaths_averted_low": cost["expected_deaths_averted_low"],
           "deaths_averted_high": cost["expected_deaths_averted_high"],
           "cost_per_death": cost["cost_per_expected_death_averted"], "cost_per_death_low": cost["expected_cost_low"],
           "cost_per_death_high": cost["expected_cost_high"], "cost_verdict": cost["expected_verdict"],
           "counted_averted": cost["deaths_averted"], "counted_averted_low": cost["deaths_averted_low"],
           "counted_averted_high": cost["deaths_averted_high"]}
    widths = (row["counted_averted_high"] - row["counted_averted_low"], row["deaths_averted_high"]
              - row["deaths_averted_low"])
    row["narrowing"] = widths[0] / widths[1] if widths[0] > 0 and widths[1] > 0 else math.nan
    averted = -paired(sweep.cells, cell, other, "expected_accidents") / sweep.years
    row.update(zip(("expected_averted", "expected_averted_low", "expected_averted_high"), interval(averted),
                   strict=True))
    row["double_decline"] = double_decline(sweep, cell, other)
    return row


def staffing_decision(sweep: Sweep, levels: pd.DataFrame, reference: int) -> Staffing:
    """`levels` (sweep_sections.staffing_answer: cell and inspector count per level, sorted) read as a
    request from today's `reference` staff."""
    rng = np.random.default_rng(SEED)
    today = int(levels.loc[levels[STAFF] == reference, "cell"].iloc[0])
    rows, below, request, walking = [], (today, reference), None, True
    for _, level in levels[levels[STAFF] > reference].iterrows():
        cell, count = int(level.cell), int(level[STAFF])
        row = {"cell": cell, "label": level.label, "to": count, "added": count - reference, "below": below[1],
               **against(sweep, cell, today, rng)}
        row.update({f"step_{k}": v for k, v in against(sweep, cell, below[0], rng).items()})
        row["supported"] = row["step_deaths_averted_low"] > 0 and separated(row["step_deaths_averted_low"],
                                                                              row["step_deaths_averted_high"])
        walking = walking and row["supported"]
        request = count if walking else request
        rows.append(row)
        below = (cell, count)
    return Staffing(reference, pd.DataFrame(rows), request, int(levels.replications.min()))


def choice_decision(name: str, sweep: Sweep, rows: pd.DataFrame) -> Choice:
    """`rows` (sweep_sections.choices of `sweep`) as options against today, with their cost per death
    averted, the budget each mix leaves or overspends, and the groups with the fewest deaths and
    expected accidents among the options that fit the budget."""
    rng = np.random.default_rng(SEED)
    extra = []
    for row in rows.itertuples():
        mine = {"cell": row.cell} if row.reference else {"cell": row.cell, **against(sweep, row.cell,
                                                                                      sweep.reference, rng)}
        extra.append(mine)
    options = rows.merge(pd.DataFrame(extra), on="cell", how="left")
    budget = (sweep.resolved.get("budget") or {}).get("yearly")
    spend = [float(sweep.cells.loc[sweep.cells.cell == c, "spend_total"].mean() / sweep.years) for c in options.cell]
    gap = [s - budget if budget else math.nan for s in spend]
    options = options.assign(spend=spend, budget_gap=gap,
                             over_budget=[bool(budget) and g > BUDGET_TOLERANCE * budget for g in gap],
                             under_budget=[bool(budget) and g < -BUDGET_TOLERANCE * budget for g in gap])
    fits = [int(c) for c in options.loc[~options.over_budget, "cell"]] or [int(c) for c in options.cell]
    groups = {key: leading_group(sweep.cells, metric, fits) for key, metric in MEASURES.items()}
    return Choice(name, options, groups, float(budget) if budget else None)


def decide(sweeps: dict[str, Sweep], answer, rows: dict[str, pd.DataFrame]) -> Decision:
    """The study's decision: the staffing request from its staffing sweep (`answer`:
    sweep_sections.staffing_answer), and the regimes and budget mixes from `rows` (sweep_sections.choices)."""
    staffing = (staffing_decision(sweeps["staffing"], answer.levels, answer.reference)
                if answer is not None else None)
    return Decision(staffing, {name: choice_decision(name, sweeps[name], rows[name])
                               for name in ("regimes", "budget_mix") if name in rows})
