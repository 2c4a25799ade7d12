"""The robustness part of a sensitivity analysis in the report's words: the commands that write each part
and how long they take, the counties its probabilities are over, each decision's flip condition in one
sentence, and the first page's line per headline saying how robust it is.

The robustness part makes each decision as the first page does, on expected deaths, but its staffing
rule differs: it takes a step while the step's extra spend a year is at most `value_of_life` per
expected death a year it averts (docs/uncertainty.md), where the first page asks for a measurable
difference and prices each step. So every sentence on the staffing step names that value.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.report.factors import (
    EVERYWHERE,
    SCATTERED,
    WHOLE_RANGE,
    option_name,
    region_text,
    went_to,
)
from analysis.report.language import Words
from analysis.report.sensitivity_files import Sensitivity

# docs/uncertainty.md, "Time, measured" (2 cores, numba, while other jobs shared them; on an idle machine
# about half): the small screening 126 s; the full analysis of county_baseline over the schema's ranges,
# 2026-12-07: screening 2,535 s, Sobol' 441 s, robustness (its plausible counties drawn, then compared)
# 1,414 s. The full analysis is the three parts' sum.
SECONDS = {"small": 126, "screening": 2535, "sobol": 441, "robustness": 1414}
HEADLINES = {"staffing": "staffing", "regimes": "regime", "budget_mix": "budget_mix"}   # page 1 -> robustness


def minutes(*parts: str) -> int:
    return round(sum(SECONDS[part] for part in parts) / 60)


@dataclass(frozen=True, slots=True)
class Commands:
    """The commands that write each part of the analysis into the study's sensitivity folder."""

    scenario: str
    folder: str
    step: tuple[str, ...] = ()   # the county's staffing step (analysis/county_step.py), none for the default

    def _command(self, options: str) -> str:
        step = "".join(f"{argument} " for argument in self.step)
        return f"python -m analysis.sensitivity {self.scenario} {options}{step}--out {self.folder}"

    def screening(self) -> dict:
        return {"small": self._command("--size small "), "small_minutes": minutes("small"),
                "full": self._command(""), "full_minutes": minutes("screening", "sobol", "robustness")}

    def sobol(self) -> dict:
        return self._whole()

    def robustness(self) -> dict:
        return self._whole()

    def _whole(self) -> dict:
        """A folder holds one run's tables (a run removes the others'), so a missing part comes with
        the whole analysis, which a later small screening of the default study keeps."""
        return {"command": self._command(""), "minutes": minutes("screening", "sobol", "robustness")}


def value_of_life(sensitivity: Sensitivity, words: Words) -> str:
    """The yuan per expected death averted the robustness part's staffing rule prices a step by; a later
    part run into the folder rewrites manifest.json without it, and the words then say 'its value'."""
    value = sensitivity.robustness.get("value_of_life")
    return words.money(value) if value else words("robust.value_unknown")


def decision_name(decision: str, words: Words) -> str:
    return words.table.get(f"decision.name.{decision}", decision)


def _counties(sensitivity: Sensitivity, words: Words) -> str:
    """'plausible counties' when the part kept only counties with a plausible death rate, else 'the
    counties drawn from the ranges'."""
    robust = sensitivity.robustness
    if robust.get("sample"):
        return words("robust.counties_fitted")
    return words("robust.counties_plausible" if robust.get("band") else "robust.counties_drawn")


def counties_paragraph(sensitivity: Sensitivity, words: Words) -> str:
    """Over which counties the probabilities hold, and the staffing rule's value of a life."""
    robust = sensitivity.robustness
    band, drawn = robust.get("band"), robust.get("drawn", robust.get("points"))
    value = value_of_life(sensitivity, words)
    if robust.get("sample"):
        text = words("robust.fitted", points=robust.get("points", "–"), drawn=drawn if drawn is not None else "–")
    elif band:
        text = words("robust.band", drawn=drawn, plausible=robust.get("plausible", "–"),
                     low=words.number(band[0], None), high=words.number(band[1], None))
    else:
        text = words("robust.no_band", drawn=drawn if drawn is not None else "–")
    return text + words("format.sentence_gap") + words("robust.rule", value=value)


def flip_sentence(sensitivity: Sensitivity, decision: str, words: Words) -> str:
    """One sentence: when `decision`'s choice at the defaults would change; '' when the rules say nothing of it."""
    rules = sensitivity.rules[sensitivity.rules.decision == decision]
    if rules.empty:
        return ""
    chosen = _recommended(sensitivity, decision)
    name = _decision_label(sensitivity, decision, words)
    first = rules.iloc[0]
    whole = EVERYWHERE.match(str(first.rule))
    if whole is not None:
        key = "rule.everywhere" if whole["where"] == "everywhere" else "rule.nowhere"
        return words(key, decision=name, option=option_name(decision, whole["option"], words),
                     points=int(first.points), to=went_to(decision, first.to, words))
    option = option_name(decision, chosen, words) if chosen is not None else words("robust.its_choice")
    if str(first.rule) in (SCATTERED, WHOLE_RANGE):   # no region of the ranges marks the flips
        return words("rule.scattered", decision=name, option=option, flipped=int(first.flipped),
                     points=int(first.points), to=went_to(decision, first.to, words),
                     accuracy=words.percent(first.accuracy))
    regions = [words("rule.region", where=region_text(str(r.rule), words), flipped=int(r.flipped), points=int(r.points),
                     to=went_to(decision, r.to, words)) for r in rules.itertuples()]
    return words("rule.regions", decision=name, option=option, regions=words("rule.or").join(regions),
                 accuracy=words.percent(first.accuracy))


def _recommended(sensitivity: Sensitivity, decision: str) -> str | None:
    best = sensitivity.best
    if best is None:
        return None
    chosen = best[(best.decision == decision) & best.recommended]
    return str(chosen.option.iloc[0]) if len(chosen) else None


def _decision_label(sensitivity: Sensitivity, decision: str, words: Words) -> str:
    """The decision's name; the staffing one with the value of a life its rule prices a step by."""
    if decision == "staffing":
        return words("decision.name.staffing_at", value=value_of_life(sensitivity, words))
    return decision_name(decision, words)


# -- the first page --------------------------------------------------------------------------------------

def robust_lines(sensitivity: Sensitivity | None, headlines: list[str], commands: Commands,
                 words: Words) -> dict[str, str]:
    """Per headline of the first page ('staffing', 'regimes', 'budget_mix') the line saying how robust it
    is; {'missing': ...}, one line for all, when the robustness part has not been run."""
    if sensitivity is None or sensitivity.best is None:
        return {"missing": words("robust.missing", **commands.robustness())} if headlines else {}
    lines = {}
    for headline in headlines:
        decision = HEADLINES[headline]
        chosen = _recommended(sensitivity, decision)
        if chosen is None:
            continue
        row = sensitivity.best[(sensitivity.best.decision == decision) & (sensitivity.best.option.astype(str) == chosen)]
        shown = {"parameters": words.percent(row.p_parameters.iloc[0]), "noise": words.percent(row.p_noise.iloc[0]),
                 "counties": _counties(sensitivity, words)}
        if decision == "staffing":
            lines[headline] = words("robust.staffing", choice=_staffing_choice(sensitivity, chosen, words),
                                    value=value_of_life(sensitivity, words),
                                    **shown)
        else:
            lines[headline] = words(f"robust.{decision}", option=option_name(decision, chosen, words), **shown)
    return lines


def _staffing_choice(sensitivity: Sensitivity, chosen: str, words: Words) -> str:
    """'no step beyond 30 inspectors is worth it', or 'the steps worth taking end at 40 inspectors (+10)'."""
    levels = sensitivity.robustness.get("levels") or [int(chosen)]
    today = sensitivity.manifest.get("today", levels[0])
    if int(chosen) == int(today):
        return words("robust.stay", count=chosen)
    return words("robust.step", count=chosen, added=int(chosen) - int(today))
