"""The anchoring section: the simulated field trial beside the randomised one, and the simulated
十万人死亡率 beside the national figures.

Like with like against the trial: Levine et al. counted injury claims, so the model's counted
accidents stand beside its expected accidents (the precise measure of the same risk), each as a
change of the inspected half against the controls with its 95% interval, low to high, and the
trial's four-year result is drawn as the span of its interval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis.report import charts
from analysis.report import county as numbers
from analysis.report.document import Block, Heading, Paragraph, Table
from analysis.report.language import Words
from sim.sweep.tables import interval

if TYPE_CHECKING:
    from analysis.report.build import Facts


def anchor_section(facts: Facts, words: Words) -> list[Block]:
    blocks: list[Block] = [Heading(words("section.anchor"), "anchor")]
    if facts.trial is None:
        blocks.append(Paragraph(words("anchor.no_trial")))
    elif not facts.trial.period.str.startswith("years").any():
        blocks.append(Paragraph(words("anchor.short_trial")))
    else:
        blocks += trial_blocks(facts.trial, facts.study.trial.config.trial.firms, words)
    rates = facts.county.replications.deaths_per_100k_workers_year.to_numpy(float)
    mean, low, high = interval(rates)
    national = [(words("national", year=year), value) for year, value in numbers.NATIONAL_DEATH_RATE]
    blocks.append(charts.death_rate((mean, low, high), national, numbers.DOCUMENT_DEATH_RATE_TARGET, words, words(
        "caption.death_rate", value=words.number(mean, 2), range=words.range(low, high, 2))))
    blocks.append(Paragraph(words("anchor.assumed")))
    return blocks


def trial_blocks(trial: pd.DataFrame, firms: int, words: Words) -> list[Block]:
    """The trial's chart and its table: per follow-up period, the change in expected and in counted
    accidents, and Levine et al.'s result in the counted column."""
    trial = trial.assign(shown=[words.trial_period(p) for p in trial.period])
    whole = trial[trial.period.str.startswith("years")].iloc[0]
    levine = change(numbers.LEVINE_RATIO, numbers.LEVINE_LOW, numbers.LEVINE_HIGH, words)
    caption = words("caption.trial", firms=firms, replications=int(whole.replications),
                    change=words.percent(whole.ratio - 1, signed=True, digits=1),
                    range=words.range(whole.low - 1, whole.high - 1, None, percent=True),
                    counted=words.percent(whole.counted_ratio - 1, signed=True, digits=1),
                    counted_range=words.range(whole.counted_low - 1, whole.counted_high - 1, None, percent=True),
                    levine=words.percent(numbers.LEVINE_RATIO - 1, signed=True, digits=1),
                    levine_range=words.range(numbers.LEVINE_LOW - 1, numbers.LEVINE_HIGH - 1, None, percent=True))
    rows = [(r.shown, change(r.ratio, r.low, r.high, words), change(r.counted_ratio, r.counted_low, r.counted_high,
                                                                     words)) for r in trial.itertuples()]
    rows.append((words("trial.levine"), "–", levine))
    return [charts.trial_ratios(trial, words, caption),
            Table(tuple(words(f"column.{c}") for c in ("trial_period", "trial_expected", "trial_counted")),
                  tuple(rows), (False, True, True), words("table.trial"))]


def change(ratio: float, low: float, high: float, words: Words) -> str:
    """A treated/control ratio as the change it makes, with its interval: −9.4% (−17.7% to −2.1%)."""
    if pd.isna(ratio):
        return "–"
    return words.interval_percent(ratio - 1, low - 1, high - 1, signed=True)
