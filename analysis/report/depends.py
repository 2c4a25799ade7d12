"""The section 结论取决于什么 / What the answer depends on: which assumptions the staffing answer turns on
(Morris screening, Sobol' indices), when each answer would change (scenario discovery), how often each
option is best and what the staffing step buys across plausible counties (the robustness part), all
from a sensitivity analysis's folder (analysis.report.sensitivity_files). Each part is shown when its
table is there; otherwise a sentence says which command writes it and about how long it takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.report import charts
from analysis.report.document import Block, Bullets, Heading, Paragraph, Table
from analysis.report.factor_labels import MECHANISMS
from analysis.report.factors import factor_name, option_name
from analysis.report.fitted import fitted_blocks
from analysis.report.language import Words
from analysis.report.robust_words import Commands, counties_paragraph, decision_name, flip_sentence
from analysis.report.sensitivity_files import SHARE, Sensitivity

TOP = 8   # factors in the tornado
DECISIONS = ("staffing", "regime", "budget_mix")
INTERVALS = ("expected_deaths_averted", "share_of_deaths_averted", "cost_per_expected_death_averted")


def depends_section(sensitivity: Sensitivity | None, commands: Commands, words: Words) -> list[Block]:
    blocks: list[Block] = [Heading(words("section.depends"), "depends"), Paragraph(words("depends.intro"))]
    return [*blocks, *screening_blocks(sensitivity, commands, words), *sobol_blocks(sensitivity, commands, words),
            *robustness_blocks(sensitivity, commands, words)]


def _step(sensitivity: Sensitivity) -> dict[str, object]:
    """Today's staff and the step the decision quantities take (manifest.json), as the sentences say them."""
    today, step = sensitivity.manifest.get("today"), sensitivity.manifest.get("step")
    if today is None or step is None:
        return {"step": "", "today": "", "to": ""}
    return {"step": int(step), "today": int(today), "to": int(today) + int(step)}


# -- screening ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Screening:
    """The screening as the report writes it: its introduction, the factors of the tornado (largest mu*
    first) with their readable names, the axis and caption of the tornado, and its table (each row: the
    name, mu*, its 95% interval and its Monte Carlo range, formatted). The planner's workbench draws the
    same tornado from it (analysis/workbench/sensitivity_view.py)."""

    intro: str
    rows: pd.DataFrame   # top_factors: factor, mu_star, mu_star_conf, mc_low, mc_high, ...
    named: tuple[str, ...]
    scale: float         # 100 for a share in percentage points, else 1
    axis: str
    caption: str
    table: Table


def screening(sensitivity: Sensitivity | None, words: Words) -> Screening | None:
    """The screening's words and numbers; None when the folder holds none."""
    quantity = sensitivity.quantity if sensitivity is not None else None
    if quantity is None:
        return None
    rows = top_factors(sensitivity.morris, quantity)
    ran_with = sensitivity.manifest.get("screening") or {}   # absent when a later part rewrote the manifest
    grouped = ran_with.get("grouped", all(f in MECHANISMS for f in sensitivity.morris.factor))
    kind = words("depends.kind_grouped" if grouped else "depends.kind_parameters")
    ran = (words("depends.screening_counts", points=ran_with["points"], replications=ran_with["replications"],
                 kind=kind) if {"points", "replications"} <= set(ran_with) else words("depends.screening_ran", kind=kind))
    intro = words("depends.screening_share" if quantity == SHARE else "depends.screening_deaths", ran=ran,
                  **_step(sensitivity))
    unit, scale = words(f"unit.{quantity}"), 100.0 if quantity == SHARE else 1.0
    digits = _digits(float(rows.mu_star.iloc[0]) * scale)
    named = [factor_name(f, words) for f in rows.factor]
    values = [words.number(v * scale, digits) for v in rows.mu_star]
    spans = [(_span(r.mu_star - r.mu_star_conf, r.mu_star + r.mu_star_conf, scale, digits, words),
              _span(r.mc_low, r.mc_high, scale, digits, words)) for r in rows.itertuples()]
    caption = words("caption.tornado", top=named[0], value=values[0], unit=unit, conf=spans[0][0],
                    monte_carlo=spans[0][1],
                    others=words.join([words("format.pair_brackets", name=n, value=v)
                                       for n, v in zip(named[1:3], values[1:3], strict=False)]))
    caption = caption[:1].upper() + caption[1:]   # it opens with a factor's name
    table = Table(tuple(words(f"column.{c}") for c in ("factor", "mu_star", "mu_conf", "mu_monte_carlo")),
                  tuple((name, value, *span) for name, value, span in zip(named, values, spans, strict=True)),
                  (False, True, True, True), words("table.morris", unit=unit))
    return Screening(intro, rows, tuple(named), scale, words(f"axis.mu_{quantity}"), caption, table)


def screening_blocks(sensitivity: Sensitivity | None, commands: Commands, words: Words) -> list[Block]:
    head = Heading(words("depends.screening"), "depends_screening", 2)
    found = screening(sensitivity, words)
    if found is None:
        return [head, Paragraph(words("depends.no_screening", **commands.screening()))]
    figure = charts.tornado(found.rows.assign(shown=list(found.named), scale=found.scale), words, found.axis,
                            found.caption)
    return [head, Paragraph(found.intro), Paragraph(words("depends.mu_star")), figure, found.table]


def top_factors(morris: pd.DataFrame, quantity: str, top: int = TOP) -> pd.DataFrame:
    """The `top` factors of `quantity` by mu*, largest first."""
    rows = morris[(morris.quantity == quantity) & morris.mu_star.notna()]
    return rows.sort_values("mu_star", ascending=False, kind="stable").head(top).reset_index(drop=True)


def _digits(largest: float) -> int:
    """Decimals that give the largest mu* three figures (18.0, 0.123), so every row is written alike."""
    if not math.isfinite(largest) or largest <= 0:
        return 2
    return max(0, 2 - math.floor(math.log10(largest)))


def _span(low: float, high: float, scale: float, digits: int, words: Words) -> str:
    """An interval of mu* (never below 0, as mu* is not) in the table's units: 'a to b'."""
    return words.range(max(float(low), 0.0) * scale, float(high) * scale, digits)


# -- Sobol' -----------------------------------------------------------------------------------------

def sobol_blocks(sensitivity: Sensitivity | None, commands: Commands, words: Words) -> list[Block]:
    sobol = sensitivity.sobol if sensitivity is not None else None
    quantity = next((q for q in (SHARE, "expected_deaths_averted") if sobol is not None and q in set(sobol.quantity)),
                    None)
    if quantity is None:
        return [Paragraph(words("depends.no_sobol", **commands.sobol()))]
    rows = sobol[sobol.quantity == quantity].sort_values("ST", ascending=False, kind="stable")
    shown = words(f"quantity.{quantity}")
    blocks: list[Block] = [Paragraph(words("depends.sobol", count=len(rows), quantity=shown))]
    check = sensitivity.emulator
    if check is not None and quantity in set(check.quantity):   # how far to trust the indices, before them
        row = check[check.quantity == quantity].iloc[0]
        blocks.append(Paragraph(words("depends.emulator", points=int(row.points), predicted=words.percent(row.q2),
                                      coverage=words.percent(row.coverage))))
    return [*blocks, Table(tuple(words(f"column.{c}") for c in ("factor", "sobol_first", "sobol_total")),
                           tuple((factor_name(r.factor, words), _index(r.S1, r.S1_conf, words),
                                  _index(r.ST, r.ST_conf, words)) for r in rows.itertuples()),
                           (False, True, True), words("table.sobol", quantity=shown))]


def _index(value: float, conf: float, words: Words) -> str:
    """A Sobol' index with its 95% interval (the index ± its bootstrap half-width), two decimals."""
    return words.interval(value, value - conf, value + conf, 2)


# -- robustness ---------------------------------------------------------------------------------------

def robustness_blocks(sensitivity: Sensitivity | None, commands: Commands, words: Words) -> list[Block]:
    head = Heading(words("depends.robustness"), "depends_robustness", 2)
    if sensitivity is None or sensitivity.best is None:
        return [head, Paragraph(words("depends.no_robustness", **commands.robustness()))]
    blocks: list[Block] = [head, *fitted_blocks(sensitivity, words), Paragraph(counties_paragraph(sensitivity, words))]
    if sensitivity.rules is not None:
        sentences = [flip_sentence(sensitivity, decision, words) for decision in DECISIONS]
        blocks.append(Bullets(tuple(s for s in sentences if s)))
    blocks.append(best_table(sensitivity.best, words))
    if sensitivity.intervals is None:
        blocks.append(Paragraph(words("depends.no_intervals", **commands.robustness())))
    else:
        blocks.append(intervals_table(sensitivity, words))
    return blocks


def best_table(best: pd.DataFrame, words: Words) -> Table:
    """Per decision, each option ever best: its probability of being best over plausible counties
    (parameters), over Monte Carlo draws at the defaults (noise) and over both."""
    rows = []
    for decision in [d for d in DECISIONS if d in set(best.decision)] + sorted(set(best.decision) - set(DECISIONS)):
        mine = best[best.decision == decision]
        shown = mine[(mine[["p_parameters", "p_noise", "p_both"]].max(axis=1) > 0) | mine.recommended]
        for r in shown.sort_values("p_parameters", ascending=False, kind="stable").itertuples():
            name = option_name(decision, r.option, words)
            rows.append((decision_name(decision, words), words("robust.chosen", option=name) if r.recommended else name,
                         words.percent(r.p_parameters), words.percent(r.p_noise), words.percent(r.p_both)))
    return Table(tuple(words(f"column.{c}") for c in ("decision", "option", "p_parameters", "p_noise", "p_both")),
                 tuple(rows), (False, False, True, True, True), words("table.robust_best"))


def intervals_table(sensitivity: Sensitivity, words: Words) -> Table:
    """What the step buys at the defaults (Monte Carlo only) and over plausible counties (parameters and
    Monte Carlo together)."""
    table = sensitivity.intervals.set_index("quantity")
    rows = []
    for quantity in [q for q in INTERVALS if q in table.index]:
        r = table.loc[quantity]
        rows.append((words(f"quantity.{quantity}"), _interval(quantity, r["default"], r.mc_low, r.mc_high, words),
                     _interval(quantity, r.both_median, r.both_low, r.both_high, words),
                     words.count(r.points) if math.isfinite(float(r.points)) else "–"))
    return Table(tuple(words(f"column.{c}") for c in ("quantity", "at_defaults", "over_counties", "points")),
                 tuple(rows), (False, True, True, True), words("table.robust_intervals", **_step(sensitivity)))


def _interval(quantity: str, value: float, low: float, high: float, words: Words) -> str:
    """'value (low to high)' in the quantity's units: a share in percent, yuan rounded to what the
    interval supports, deaths to three figures of the value."""
    if quantity == SHARE:
        return words.interval_percent(value, low, high)
    if quantity.startswith("cost"):
        return words.about_money(value, low, high)
    return words.interval(value, low, high, _digits(abs(float(value))))
