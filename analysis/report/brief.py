"""The report's first page in one language: the decision (the staffing request, and whether any regime
or budget mix is measurably best), the options side by side with their cost a year, what they buy and
their cost per death averted, and the published figures a death averted is set against
(analysis.report.decision, analysis.report.benchmarks). Numbers are rounded to what their intervals
support (language.rounding_unit).
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.report.benchmarks import (
    BENCHMARKS,
    INCOME_YEAR,
    URBAN_INCOME,
    compensation,
    vsl_range,
)
from analysis.report.decision import BUDGET_TOLERANCE, Choice, Decision, Group, Staffing
from analysis.report.document import Block, Heading, Table
from analysis.report.language import Words
from analysis.report.sweep_sections import separated

LISTED = 5   # a group of more options names this many and counts the rest


def decision_items(decision: Decision, words: Words, robust: dict[str, str] | None = None) -> list[str]:
    """The decision's sentences: the staffing request (or why there is none) with its benchmarks, and one
    sentence each for the regimes and the budget mixes, each followed by how robust it is (`robust`:
    analysis.report.robust_words.robust_lines, by headline; its 'missing' line, when the robustness part
    has not been run, once after them all). Deaths are expected deaths (decision.py), counted deaths
    said beside; `why_expected` says why."""
    robust = robust or {}
    items = []
    if decision.staffing is not None:
        items += staffing_items(decision.staffing, words)
        items += [robust["staffing"]] if "staffing" in robust else []
    for name, choice in decision.choices.items():
        items.append(choice_sentence(choice, words))
        items += [robust[name]] if name in robust else []
    return items + ([robust["missing"]] if "missing" in robust else [])


def why_expected(decision: Decision, words: Words) -> str:
    """Why the page counts deaths by their expectation, with how many times wider counted deaths'
    paired intervals are in this study (Decision.narrowing)."""
    factor = decision.narrowing
    if factor is None:
        return words("decision.why_expected_no_factor")
    return words("decision.why_expected", factor=words.times(factor))


def option_blocks(decision: Decision, words: Words) -> list[Block]:
    """The options tables (hiring, regimes, budget mixes, as the study has them) and the benchmarks."""
    blocks: list[Block] = [Heading(words("section.options"), "options", 2)]
    if decision.staffing is not None and not decision.staffing.levels.empty:
        blocks.append(staffing_table(decision.staffing, words))
    blocks += [choice_table(choice, words) for choice in decision.choices.values()]
    return [*blocks, Heading(words("section.benchmarks"), "benchmarks", 2), benchmarks_table(words)]


# -- staffing -----------------------------------------------------------------------------------------

def staffing_items(staffing: Staffing, words: Words) -> list[str]:
    levels = staffing.levels
    if levels.empty:
        return [words("decision.hire_none_above", base=staffing.reference)]
    if staffing.request is None:
        first = levels.iloc[0]
        return [words("decision.hire_unsupported", added=int(first.added), base=staffing.reference, to=int(first.to),
                      cost=words.money_about(first.cost, first.cost_low, first.cost_high),
                      not_separable=words("finding.cost_not_separable"), counted=_counted(first, words),
                      **_averted(first, words)), benchmarks_sentence(None, words)]
    row = levels[levels.to == staffing.request].iloc[0]
    per_death, per_death_range = words.about_money_parts(row.cost_per_death, row.cost_per_death_low,
                                                         row.cost_per_death_high)
    beyond = levels[levels.to > staffing.request]
    items = [words("decision.hire" if len(beyond) else "decision.hire_up_to", added=int(row.added),
                   base=staffing.reference, to=int(row.to),
                   cost=words.money_about(row.cost, row.cost_low, row.cost_high), per_death=per_death,
                   per_death_range=per_death_range,
                   plainly=words.deaths_plainly(row.deaths_averted), counted=_counted(row, words),
                   **_averted(row, words))]
    if beyond.empty and len(levels) > 1:   # every step the study ran is supported: the price of each
        items.append(words("decision.hire_top", ladder=words.join([_price(step, words)
                                                                   for step in levels.itertuples()])))
    elif not beyond.empty:   # (one step, supported: its price is the headline's)
        nxt = beyond.iloc[0]
        deaths, deaths_range = words.about_parts(nxt.step_deaths_averted, nxt.step_deaths_averted_low,
                                                 nxt.step_deaths_averted_high)
        items.append(words("decision.hire_beyond", to=int(row.to), added=int(nxt.to - row.to), next=int(nxt.to),
                           deaths=deaths, deaths_range=deaths_range, replications=staffing.replications))
    items.append(benchmarks_sentence(row, words))
    return items


def _price(step, words: Words) -> str:
    """One step's price per further expected death averted: '¥17 million from 30 to 45'."""
    per_death = words.about_money_parts(step.step_cost_per_death, step.step_cost_per_death_low,
                                        step.step_cost_per_death_high)[0]
    return words("decision.ladder_step", below=int(step.below), to=int(step.to), per_death=per_death)


def _averted(row, words: Words) -> dict[str, str]:
    deaths, deaths_range = words.about_parts(row.deaths_averted, row.deaths_averted_low, row.deaths_averted_high)
    expected, expected_range = words.about_parts(row.expected_averted, row.expected_averted_low,
                                                 row.expected_averted_high)
    return {"deaths": deaths, "deaths_range": deaths_range, "expected": expected, "expected_range": expected_range}


def _counted(row, words: Words) -> str:
    """The counted deaths averted, said beside the expected ones: 'Counted deaths averted: 0.3 a year (0.1
    to 0.6).'"""
    deaths, deaths_range = words.about_parts(row.counted_averted, row.counted_averted_low, row.counted_averted_high)
    key = "decision.counted_signed" if row.counted_averted_low < 0 else "decision.counted"
    return words(key, deaths=deaths, deaths_range=deaths_range)


def staffing_table(staffing: Staffing, words: Words) -> Table:
    rows = []
    for row in staffing.levels.itertuples():
        step_deaths, step_range = words.about_parts(row.step_deaths_averted, row.step_deaths_averted_low,
                                                    row.step_deaths_averted_high)
        step = (words("verdict.step_supported", added=int(row.to - row.below), below=int(row.below),
                      per_death=words.about_money_parts(row.step_cost_per_death, row.step_cost_per_death_low,
                                                        row.step_cost_per_death_high)[0])
                if row.supported else
                words("verdict.step_unsupported", added=int(row.to - row.below), below=int(row.below),
                      deaths=step_deaths, deaths_range=step_range))
        verdict = [words("verdict.request")] if row.to == staffing.request else []
        rows.append((words("option.staff_added", count=int(row.to), added=int(row.added)),
                     _cost(row, words), *_cells(row, words), words.percent(row.double_decline),
                     words("verdict.separator").join([*verdict, step])))
    header = tuple(words(f"column.{c}") for c in ("option", "cost_year", "deaths_averted", "counted_averted",
                                                  "expected_averted", "cost_per_death", "double_decline", "verdict"))
    return Table(header, tuple(rows), (False, True, True, True, True, True, True, False),
                 words("table.options_staffing", base=staffing.reference))


def _cells(row, words: Words) -> tuple[str, str, str, str]:
    """Expected deaths, counted deaths and expected accidents averted, and the cost per expected death
    averted (or why there is none)."""
    if row.cost_verdict == "costs per death averted" and row.cost == row.cost_low == row.cost_high == 0:
        cost = words("cost.free")   # averts deaths and spends the same: no price to give
    elif row.cost_verdict == "costs per death averted":
        cost = words.about_money(row.cost_per_death, row.cost_per_death_low, row.cost_per_death_high)
    else:
        cost = words({"saves money and lives": "cost.saves", "more deaths": "cost.more_deaths"}.get(
            row.cost_verdict, "cost.not_separable"))
    return (words.about(row.deaths_averted, row.deaths_averted_low, row.deaths_averted_high),
            words.about(row.counted_averted, row.counted_averted_low, row.counted_averted_high),
            words.about(row.expected_averted, row.expected_averted_low, row.expected_averted_high), cost)


# -- regimes and budget mixes -------------------------------------------------------------------------

def choice_sentence(choice: Choice, words: Words) -> str:
    """Whether one option is measurably best in expected deaths, else the group no interval tells apart;
    the same for expected accidents; and each mix that does not fit the budget, left out."""
    options = choice.options.set_index("cell")
    what = words(f"decision.what.{choice.name}")
    deaths, expected = choice.groups["deaths"], choice.groups["expected_accidents"]
    leader = options.loc[deaths.cells[0]]
    if deaths.crowned and leader.reference:
        text = words("decision.today_best", what=what, best=words.option(leader.label))
    elif deaths.crowned:
        shown, ends = words.about_parts(leader.deaths_averted, leader.deaths_averted_low, leader.deaths_averted_high)
        text = words("decision.best", what=what, best=words.option(leader.label), deaths=shown, deaths_range=ends,
                     costs=_costs(leader, words)) + words("format.sentence_gap") + _counted(leader, words)
    elif len(deaths.cells) == deaths.compared:
        text = words("decision.none", what=what, count=deaths.compared)
    else:
        text = words("decision.group", what=what, names=_names(deaths, options, words))
    text += words("format.sentence_gap") + _expected_sentence(expected, deaths, options, words)
    for row in choice.options[choice.options.over_budget].itertuples():
        text += words("format.sentence_gap") + words("decision.over_budget", option=words.option(row.label),
                                                     gap=_gap(row, words), budget=words.money(choice.budget))
    return text


def _expected_sentence(expected: Group, deaths: Group, options: pd.DataFrame, words: Words) -> str:
    leader = options.loc[expected.cells[0]]
    if expected.crowned and leader.reference:
        return words("decision.expected_today_best")
    if expected.crowned:
        shown, ends = words.about_parts(leader.expected_averted, leader.expected_averted_low,
                                        leader.expected_averted_high)
        if deaths.crowned and deaths.cells[0] == expected.cells[0]:   # its cost is said already
            return words("decision.expected_same_best", expected=shown, expected_range=ends)
        return words("decision.expected_best", best=words.option(leader.label), expected=shown, expected_range=ends,
                     costs=_costs(leader, words))
    if len(expected.cells) == expected.compared and len(deaths.cells) == deaths.compared:
        return words("decision.expected_none")
    return words("decision.expected_group", names=_names(expected, options, words))


def _names(group: Group, options: pd.DataFrame, words: Words) -> str:
    names = [words.option(options.loc[cell, "label"]) for cell in group.cells]
    if len(names) > LISTED + 1:
        return words("decision.and_more", names=words("format.list").join(names[:LISTED]), count=len(names) - LISTED)
    return words.join(names)


def _cost(row, words: Words) -> str:
    """An option's cost a year against today, rounded to its interval when it varies (rewards)."""
    return words.money_about(row.cost, row.cost_low, row.cost_high, signed=True)


def _costs(row, words: Words) -> str:
    """'for ¥3.60 million a year', 'saving ¥134,000 a year' or 'at no extra cost'."""
    if not row.cost:
        return words("phrase.no_cost")
    amount = words.money_about(abs(row.cost), abs(row.cost) - (row.cost - row.cost_low),
                               abs(row.cost) + (row.cost_high - row.cost))
    return words("phrase.cost" if row.cost > 0 else "phrase.saving", cost=amount)


def _gap(row, words: Words) -> str:
    """What a mix over- or underspends a year, rounded as its cost is (¥216,974 ± 14,000: ¥220,000)."""
    gap = abs(row.budget_gap)
    return words.money_about(gap, gap - (row.cost - row.cost_low), gap + (row.cost_high - row.cost))


def choice_table(choice: Choice, words: Words) -> Table:
    deaths, expected = choice.groups["deaths"], choice.groups["expected_accidents"]
    rows = []
    for row in choice.options.itertuples():
        if row.reference:
            cells = (words("table.reference"), "–", "–", "–", "–")
        else:
            cells = (_cost(row, words), *_cells(row, words))
        rows.append((words.option(row.label), *cells,
                     "–" if row.reference else words.percent(row.double_decline),
                     words("verdict.separator").join(_verdict(row, deaths, expected, words))))
    header = tuple(words(f"column.{c}") for c in ("option", "cost_year", "deaths_averted", "counted_averted",
                                                  "expected_averted", "cost_per_death", "double_decline", "verdict"))
    caption = words(f"table.options_{choice.name}", budget=words.money(choice.budget),
                    tolerance=words.percent(BUDGET_TOLERANCE))
    return Table(header, tuple(rows), (False, True, True, True, True, True, True, False), caption)


def _verdict(row, deaths: Group, expected: Group, words: Words) -> list[str]:
    """The row's verdict in words: the budget it misses, how it compares with today in expected deaths
    and in expected accidents, and whether it has measurably the fewest or is tied for the fewest
    expected deaths."""
    parts = []
    if row.over_budget:
        parts.append(words("verdict.over_budget", gap=_gap(row, words)))
    elif row.under_budget:
        parts.append(words("verdict.under_budget", gap=_gap(row, words)))
    if not row.reference:
        parts += _against_today(row, words)
    best = [metric for metric, group in (("deaths", deaths), ("expected", expected))
            if group.crowned and row.cell == group.cells[0]]
    if len(best) == 2:
        parts.append(words("verdict.best_both"))
    elif best:
        parts.append(words(f"verdict.best_{best[0]}"))
    if "deaths" not in best and row.cell in deaths.cells and len(deaths.cells) < deaths.compared:
        parts.append(words("verdict.tied_deaths"))
    return parts


def _against_today(row, words: Words) -> list[str]:
    """'fewer expected deaths than today', '… accidents …', or one phrase for both when they agree."""
    found = {metric: "fewer" if mean > 0 else "more"
             for metric, mean, low, high in (("deaths", row.deaths_averted, row.deaths_averted_low,
                                              row.deaths_averted_high),
                                             ("expected", row.expected_averted, row.expected_averted_low,
                                              row.expected_averted_high)) if separated(low, high)}
    if len(found) == 2 and found["deaths"] == found["expected"]:
        return [words(f"verdict.{found['deaths']}_both")]
    return [words(f"verdict.{way}_{metric}") for metric, way in found.items()] or [words("verdict.no_difference")]


# -- benchmarks ---------------------------------------------------------------------------------------

def benchmarks_sentence(row, words: Words) -> str:
    """The request's cost per expected death averted beside the benchmarks (`row`: the request's level;
    None, or a level with no cost per death, when the expected deaths averted cannot be told from none),
    and what each benchmark means."""
    low, high = vsl_range()
    given = {"compensation": words.money(compensation().yuan), "vsl_low": words.money(low),
             "vsl_high": words.money(high)}
    if row is None or row.cost_verdict != "costs per death averted":
        return words("benchmarks.no_cost", **given) + words("format.sentence_gap") + words("benchmarks.meaning")
    cost = row.cost_per_death
    text = words("benchmarks.compare", added=int(row.added),
                 per_death=words.about_money_parts(cost, row.cost_per_death_low, row.cost_per_death_high)[0],
                 compensation_times=words.times(cost / compensation().yuan), times_low=words.times(cost / high),
                 times_high=words.times(cost / low), **given)
    return text + words("format.sentence_gap") + words("benchmarks.meaning")


def benchmarks_table(words: Words) -> Table:
    rows = []
    for mark in BENCHMARKS:
        spread = mark.spread or (math.nan, math.nan)
        figure = words(f"benchmark.{mark.key}.figure", yuan=words.money(mark.yuan), year=mark.year,
                       second=words.money(mark.second), low=words.money(spread[0]), high=words.money(spread[1]),
                       income=words.count(URBAN_INCOME), income_year=INCOME_YEAR)
        rows.append((words(f"benchmark.{mark.key}.name"), figure, words(f"benchmark.{mark.key}.meaning"),
                     words(f"benchmark.{mark.key}.source", income_year=INCOME_YEAR)))
    return Table(tuple(words(f"column.{c}") for c in ("benchmark", "figure", "meaning", "cited")), tuple(rows),
                 (False, False, False, False), "")
