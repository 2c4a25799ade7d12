"""A study as a `Document` in one language: the staffing answer first, then the evidence behind it.

Sections appear when the study has what they need: the staffing sections need a sweep over
`inspectors.count`, the regime comparison the `regimes` sweep, the trial a field-trial run; the
county's own sections (plan, months, funnel, hours, indicators) come from the county as it is
(analysis.report.study). A section the study cannot fill says which command would fill it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.county_step import step_arguments
from analysis.report import brief, charts
from analysis.report import county as numbers
from analysis.report.anchor import anchor_section
from analysis.report.decision import Decision, decide
from analysis.report.depends import depends_section
from analysis.report.document import Block, Bullets, Document, Heading, PageBreak, Paragraph, Table
from analysis.report.language import Words
from analysis.report.mix_names import mixes_bought, todays_staff
from analysis.report.robust_words import Commands, robust_lines
from analysis.report.sensitivity_files import FOLDER as SENSITIVITY
from analysis.report.sensitivity_files import Sensitivity
from analysis.report.study import County, Study
from analysis.report.sweep_sections import StaffingAnswer, choices, separated, staffing_answer
from analysis.sweep_tables import STAFF
from sim.config.errors import ConfigError

LEVERS = ("quality", "dispatch", "reward", "budget_mix")


@dataclass(frozen=True, slots=True)
class Facts:
    """A study's numbers, computed once (the bootstraps take seconds) and told in each language."""

    study: Study
    county: County
    answer: StaffingAnswer | None        # the staffing sweep read for a planner
    choices: dict[str, pd.DataFrame]     # per regimes or lever sweep the study has: its options
    targets: pd.DataFrame                # the documents' indicators against their targets
    double_decline: float | None         # 双下降 by chance at constant policy
    trial: pd.DataFrame | None           # the field trial's ratios by period
    decision: Decision                   # the first page's decision (analysis.report.decision)
    sensitivity: Sensitivity | None      # the sensitivity analysis in the study's folder, if any
    commands: Commands                   # the commands that would write each of its parts there


def gather(study: Study) -> Facts:
    county = study.county()
    check_sensitivity(study.sensitivity, county)
    staffing = study.sweeps.get("staffing")
    answer = staffing_answer(staffing) if staffing is not None else None
    rows = {name: choices(study.sweeps[name]) for name in ("regimes", *LEVERS) if name in study.sweeps}
    return Facts(study, county, answer, rows, numbers.targets(county), numbers.double_decline(county),
                 numbers.trial(study.trial.replications) if study.trial is not None else None,
                 decide(study.sweeps, answer, rows), study.sensitivity,
                 Commands(county.config.name, str(study.folder / SENSITIVITY),
                          tuple(step_arguments(county.config.inspectors.count))))


def check_sensitivity(sensitivity: Sensitivity | None, county: County) -> None:
    """A sensitivity analysis of another scenario than the study's county is refused (ConfigError)."""
    scenario = (sensitivity.manifest.get("scenario") if sensitivity is not None else None) or county.config.name
    if scenario != county.config.name:
        raise ConfigError(SENSITIVITY, str(sensitivity.folder), f"holds a sensitivity analysis of {scenario}, beside "
                                                                f"results of {county.config.name}; a report is of one "
                                                                "county: run the analysis on its scenario into this "
                                                                "folder, or move it out")


def build_document(study: Study | Facts, language: str) -> Document:
    """The report of `study` (or of its facts, gathered once for several languages) in `language`."""
    from analysis.report.appendix import appendix

    facts = study if isinstance(study, Facts) else gather(study)
    words, county = report_words(facts, language), facts.county
    blocks: list[Block] = []
    blocks += findings(facts, words)
    blocks.append(PageBreak())   # the first page is the answer
    blocks += staffing_section(facts.answer, words)
    blocks += regimes_section(facts.choices.get("regimes"), words)
    blocks.append(PageBreak())
    blocks += depends_section(facts.sensitivity, facts.commands, words)
    blocks.append(PageBreak())
    blocks += plan_section(county, words)
    blocks += months_section(county, words)
    blocks += funnel_section(county, words)
    blocks += hours_section(county, words)
    blocks += targets_section(facts, words)
    blocks += anchor_section(facts, words)
    blocks += levers_section(facts, words)
    blocks.append(PageBreak())
    blocks += appendix(facts.study, county, words)
    title = words("title", scenario=words.scenario_title(county.config))
    subtitle = words("subtitle", inspectors=county.config.inspectors.count,
                     enterprises=words.count(county.config.population.enterprises),
                     window=f"{county.config.start_date[:4]}–{int(county.config.start_date[:4]) + round(county.years) - 1}")
    return Document(language, title, subtitle, tuple(blocks))


def report_words(facts: Facts, language: str) -> Words:
    """The report's words in `language`, its budget sweeps' mixes named by what each buys in this county
    (analysis/report/mix_names.py), not by county_baseline's numbers."""
    today = todays_staff(facts.county.config)
    mixes = {label: bought for sweep in facts.study.sweeps.values()
             for label, bought in mixes_bought(sweep.resolved, today).items()}
    return Words(language, mixes)


# -- key findings -------------------------------------------------------------------------------------

def findings(facts: Facts, words: Words) -> list[Block]:
    """The first page: the decision (analysis.report.brief), the options side by side with the benchmarks,
    then what else the study found."""
    headlines = (["staffing"] if facts.decision.staffing is not None else []) + list(facts.decision.choices)
    items = brief.decision_items(facts.decision, words,
                                 robust_lines(facts.sensitivity, headlines, facts.commands, words))
    if facts.answer is None:
        items.insert(0, words("finding.no_staffing"))
    fitted = facts.study.fitted
    if fitted is not None:
        items.insert(0, words("finding.fitted", records=Path(fitted["records"]).name or words("finding.published"),
                              targets=words("finding.records_one") if len(fitted["targets"]) == 1 else
                              words("finding.records_many", count=len(fitted["targets"])),
                              sets=fitted["sets"], folder=fitted["folder"]))
    blocks: list[Block] = [Heading(words("section.findings"), "findings"), Bullets(tuple(items))]
    if facts.decision.staffing is not None or facts.decision.choices:
        blocks.append(Paragraph(brief.why_expected(facts.decision, words)))
    blocks += brief.option_blocks(facts.decision, words)
    others = []
    for row in facts.targets.itertuples():
        if not pd.isna(row.met) and row.indicator in ("death_rate", "coverage"):
            value = (words.percent(row.mean, digits=1) if row.indicator == "coverage"
                     else words.number(row.mean, 2))
            others.append(words(f"finding.target_{row.indicator}", value=value,
                                range=words.range(row.low, row.high, 2), target=words.number(row.target, 1),
                                share=words.percent(row.met)))
    if facts.double_decline is not None:
        others.append(words("finding.double_decline", share=words.percent(facts.double_decline)))
    if facts.trial is not None:
        whole = facts.trial[facts.trial.period.str.startswith("years")]
        if len(whole):
            row = whole.iloc[0]
            others.append(words("finding.trial", change=words.percent(row.ratio - 1, signed=True),
                                range=words.range(row.low - 1, row.high - 1, None, percent=True)))
    if others:
        blocks += [Heading(words("section.other_findings"), "other_findings", 2), Bullets(tuple(others))]
    return [*blocks, Paragraph(words("findings.note", replications=words.count(len(facts.county.replications))))]


# -- what staffing buys -----------------------------------------------------------------------------

def staffing_section(answer: StaffingAnswer | None, words: Words) -> list[Block]:
    head = Heading(words("section.staffing"), "staffing")
    if answer is None:
        return [head, Paragraph(words("staffing.missing"))]
    levels = answer.levels
    low, high = levels.iloc[0], levels.iloc[-1]
    caption = words("caption.staffing_curves", low=int(low[STAFF]), high=int(high[STAFF]),
                    from_expected=words.number(low.expected_accidents, 1),
                    to_expected=words.number(high.expected_accidents, 1),
                    from_deaths=words.number(low.expected_deaths, 2), to_deaths=words.number(high.expected_deaths, 2),
                    from_counted=words.number(low.deaths, 1), to_counted=words.number(high.deaths, 1),
                    base=answer.reference, replications=answer.replications)
    blocks: list[Block] = [head, Paragraph(words("staffing.intro", replications=answer.replications)),
                           charts.staffing_curves(levels, answer.reference, words, caption)]
    steps = answer.steps
    last = steps.iloc[-1]
    separated_steps = sum(separated(r.expected_deaths_low, r.expected_deaths_high) for r in steps.itertuples())
    blocks.append(charts.marginal_curve(steps, words, words(
        "caption.marginal", first=words.number(steps.iloc[0].expected_deaths, 3), a=int(steps.iloc[0]["from"]),
        b=int(steps.iloc[0]["to"]), last=words.number(last.expected_deaths, 3), c=int(last["from"]),
        d=int(last["to"]), last_range=words.range(last.expected_deaths_low, last.expected_deaths_high, 3),
        counted_last=words.number(last.deaths, 3), counted_range=words.range(last.deaths_low, last.deaths_high, 3),
        separated=separated_steps, steps=len(steps))))
    rows = tuple((str(int(r[STAFF])), words.interval(r.expected_accidents, r.expected_accidents_low,
                                                     r.expected_accidents_high, 1),
                  words.interval(r.expected_deaths, r.expected_deaths_low, r.expected_deaths_high, 2),
                  words.interval(r.deaths, r.deaths_low, r.deaths_high, 2),
                  words.interval(r.serious_accidents, r.serious_accidents_low, r.serious_accidents_high, 3),
                  words("table.reference") if int(r[STAFF]) == answer.reference else
                  words.interval(r.expected_deaths_diff, r.expected_deaths_diff_low, r.expected_deaths_diff_high, 2,
                                 signed=True),
                  words.money(r.spend_total)) for _, r in levels.iterrows())
    blocks.append(Table(tuple(words(f"column.{c}") for c in ("inspectors", "expected_accidents", "expected_deaths",
                                                              "counted_deaths", "serious_accidents",
                                                              "expected_deaths_diff", "spend")),
                        rows, (True,) * 7, words("table.per_year")))
    return blocks


# -- regimes at fixed staff ---------------------------------------------------------------------------

def regimes_section(rows, words: Words) -> list[Block]:
    head = Heading(words("section.regimes"), "regimes")
    if rows is None:
        return [head, Paragraph(words("regimes.missing"))]
    return [head, Paragraph(words("regimes.intro")), *_choice_blocks(rows, "regimes", words)]


def _choice_blocks(rows, key: str, words: Words) -> list[Block]:
    others = rows[~rows.reference].assign(shown=lambda t: [words.option(label) for label in t.label])
    best = others.loc[others.expected_accidents_diff.idxmin()]
    caption = words("caption.choices", best=words.option(best.label),
                    diff=words.number(best.expected_accidents_diff, 2, signed=True),
                    range=words.range(best.expected_accidents_diff_low, best.expected_accidents_diff_high, 2,
                                      signed=True),
                    separated=sum(separated(r.expected_accidents_diff_low, r.expected_accidents_diff_high)
                                  for r in others.itertuples()), options=len(others))
    caption = caption[:1].upper() + caption[1:]   # it opens with an option's name
    table = tuple((words.option(r.label),
                   words("table.reference") if r.reference else
                   words.interval(r.expected_accidents_diff, r.expected_accidents_diff_low,
                                  r.expected_accidents_diff_high, 2, signed=True),
                   words("table.reference") if r.reference else
                   words.interval(r.expected_deaths_diff, r.expected_deaths_diff_low, r.expected_deaths_diff_high, 2,
                                  signed=True),
                   words("table.reference") if r.reference else
                   words.interval(r.deaths_diff, r.deaths_diff_low, r.deaths_diff_high, 2, signed=True),
                   words("table.reference") if r.reference else words.money(r.spend_total_diff, signed=True),
                   words("table.reference") if r.reference else words.percent(r.p_double_decline),
                   words.percent(r.p_best_deaths)) for r in rows.itertuples())
    return [charts.paired_differences(others, f"{key}_chart", words, caption),
            Table(tuple(words(f"column.{c}") for c in ("option", "expected_diff", "expected_deaths", "counted_deaths",
                                                        "spend_diff", "double_decline", "p_best")),
                  table, (False, True, True, True, True, True, True), words("table.choices"))]


# -- the county as it is ------------------------------------------------------------------------------

def plan_section(county: County, words: Words) -> list[Block]:
    head = Heading(words("section.plan"), "plan")
    plan = numbers.plan_years(county)
    if plan.empty:
        return [head, Paragraph(words("plan.off"))]
    first = plan.iloc[0]
    caption = words("caption.plan", year=int(first.year), staff_days=words.count(first.staff_days),
                    check_days=words.count(first.check_days), checks=words.count(first.checks),
                    done=words.count(first.checks_done), completion=words.percent(first.completion),
                    coverage=words.percent(first.coverage))
    rows = tuple((str(int(r.year)), words.count(r.staff_days), words.count(r.unplanned_days), words.count(r.check_days),
                  words.count(r.checks), words.count(r.checks_done), words.percent(r.completion),
                  words.percent(r.coverage)) for r in plan.itertuples())
    return [head, Paragraph(words("plan.intro")), charts.plan_years(plan, words, caption),
            Table(tuple(words(f"column.{c}") for c in ("year", "staff_days", "unplanned_days", "check_days", "checks",
                                                        "checks_done", "completion", "coverage")),
                  rows, (False, *(True,) * 7), words("table.plan"))]


def months_section(county: County, words: Words) -> list[Block]:
    head = Heading(words("section.months"), "months")
    months = county.timeseries
    if months.empty:
        return [head, Paragraph(words("months.missing"))]
    end = months[months.month == months.month.max()]
    caption = words("caption.months_hazards", open=words.count(months.open_hazards.mean()),
                    major=words.number(months.open_major_hazards.mean(), 1),
                    low=words.count(end.open_major_hazards.quantile(0.05)),
                    high=words.count(end.open_major_hazards.quantile(0.95)))
    per_month = months.groupby("month").accidents.mean()
    caption_accidents = words("caption.months_accidents", mean=words.number(per_month.mean(), 1),
                              high=words.number(float(months.groupby("month").accidents.quantile(0.95).max()), 0),
                              deaths=words.number(months.groupby("month").deaths.mean().mean(), 2))
    return [head, Paragraph(words("months.intro", replications=len(county.replications))),
            charts.monthly_bands(months, ("open_hazards", "open_major_hazards"), "months_hazards", words, caption),
            charts.monthly_bands(months, ("accidents", "deaths"), "months_accidents", words, caption_accidents)]


def funnel_section(county: County, words: Words) -> list[Block]:
    stages = numbers.funnel(county)
    stages["stage_shown"] = [words(f"stage.{s}") for s in stages.stage]
    legend = {"found": "channel", "closed": "closure"}   # each part of these stages named in the legend
    stages["part_shown"] = [words(f"{legend[s]}.{p}") if s in legend else ""
                            for s, p in zip(stages.stage, stages.part, strict=True)]
    mean = stages.set_index(["kind", "part"]).value
    found = stages[(stages.kind == "all") & (stages.stage == "found")].value.sum()
    closed = stages[(stages.kind == "all") & (stages.stage == "closed")].value.sum()
    days = numbers.durations(county)
    shown = {"created": words.count(mean[("all", "created")]), "found": words.count(found),
             "self_share": words.percent(mean.get(("all", "self"), 0.0) / found if found else 0.0),
             "closed": words.count(closed), "find": words.number(days["mean_days_to_find"][0], 0),
             "close": words.number(days["mean_days_to_close"][0], 0)}
    if ("all", "closed_unfound") in mean:   # else a result from before closed_unfound was counted
        unfound = round(mean[("all", "closed_unfound")])
        caption = words("caption.funnel", **shown, unfound=words.count(unfound),
                        closed_found=words.count(round(closed) - unfound))
    else:
        caption = words("caption.funnel_unsplit", **shown)
    rows = tuple((words(f"duration.{name}"), words.interval(*values, 1)) for name, values in days.items())
    return [Heading(words("section.funnel"), "funnel"), charts.funnel(stages, words, caption),
            Table((words("column.duration"), words("column.days")), rows, (False, True), "")]


def hours_section(county: County, words: Words) -> list[Block]:
    rows = numbers.hours(county).assign(shown=lambda t: [words(f"source.{s}") for s in t.source])
    if rows.empty:   # a county with no inspectors (a staffing sweep's 0, as today's): no hours to show
        return [Heading(words("section.hours"), "hours"),
                Paragraph(words("hours.none", inspectors=county.config.inspectors.count))]
    tasks, time = numbers.tasks(county), numbers.staff_time(county)
    top = rows.iloc[0]
    caption = words("caption.hours", top=top.shown, share=words.percent(top.share),
                    utilisation=words.percent(time.utilisation if time else tasks["utilisation"]),
                    expired=words.count(tasks["expired"]), created=words.count(tasks["created"]))
    table = tuple((r.shown, words.count(r.hours), words.count(r.asked), words.count(r.done),
                   words.percent(r.completion) if r.completion == r.completion else "–") for r in rows.itertuples())
    blocks: list[Block] = [
        Heading(words("section.hours"), "hours"), charts.hours_by_source(rows, words, caption),
        Table(tuple(words(f"column.{c}") for c in ("source", "hours", "asked", "done", "completion")), table,
              (False, True, True, True, True), words("table.per_year"))]
    return blocks + (staff_time_blocks(time, words) if time is not None else [])


def staff_time_blocks(time: numbers.StaffTime, words: Words) -> list[Block]:
    """The plan's staff-days and the hours by source side by side, each sum adding up as printed."""
    shares = {"admin": words.percent(time.admin_share), "utilisation": words.percent(time.utilisation),
              "reserve": words.percent(time.reserve or 0.0), "hours_per_day": words.number(time.hours_per_day, None)}
    plan = time.reserve is not None
    rows = tuple((words(f"ledger.{r.key}", **shares), words.number(r.days, 0), words.number(r.hours, 0))
                 for r in time.rows.itertuples())   # whole numbers, never 万: each sum adds up as printed
    return [Paragraph(words("ledger.intro" if plan else "ledger.intro_no_plan", **shares)),
            Table(tuple(words(f"column.{c}", **shares) for c in ("ledger", "ledger_days", "ledger_hours")), rows,
                  (False, True, True), words("table.ledger" if plan else "table.ledger_no_plan"))]


def target_rows(table: pd.DataFrame, words: Words) -> tuple[tuple[str, ...], ...]:
    """The indicators table's rows (`numbers.targets`) as printed: indicator, simulated value with its
    interval, target, share of periods meeting it, where the target comes from (the workbench's too)."""
    rows = []
    for r in table.itertuples():
        digits = 3 if r.indicator in ("coverage", "rectification") else 2
        value = (words.interval_percent(r.mean, r.low, r.high) if r.indicator in ("coverage", "rectification")
                 else words.interval(r.mean, r.low, r.high, digits))
        target = "–" if pd.isna(r.target) else words(f"target.{r.indicator}", target=words.number(r.target, None))
        rows.append((words(f"indicator.{r.indicator}"), value, target,
                     "–" if pd.isna(r.met) else words.percent(r.met), words(f"target_source.{r.source}")))
    return tuple(rows)


def targets_section(facts: Facts, words: Words) -> list[Block]:
    rows = target_rows(facts.targets, words)
    blocks: list[Block] = [Heading(words("section.targets"), "targets"), Paragraph(words("targets.intro")),
                           Table(tuple(words(f"column.{c}") for c in ("indicator", "simulated", "target", "met",
                                                                       "target_source")),
                                 tuple(rows), (False, True, True, True, False), words("table.targets"))]
    if facts.double_decline is not None:
        blocks.append(Paragraph(words("targets.double_decline", share=words.percent(facts.double_decline))))
    return blocks


def levers_section(facts: Facts, words: Words) -> list[Block]:
    present = [name for name in LEVERS if name in facts.choices]
    blocks: list[Block] = [Heading(words("section.levers"), "levers")]
    if not present:
        return [*blocks, Paragraph(words("levers.missing"))]
    for name in present:
        rows = facts.choices[name]
        blocks += [Heading(words(f"lever.{name}"), f"lever_{name}", 2), *_choice_blocks(rows, f"lever_{name}", words)]
    return blocks
