"""假如某项假设不同？ / What if an assumption were different? on the study page of a finished sensitivity
analysis (a sensitivity study's, or a default study's `sensitivity/`): the question's form (the
parameters its emulator models, by the report's names), and the answer of
analysis/sensitivity/what_if.py in the page's words and number formats, or why there is none and the
command that would give one.

The emulator is fitted again the first time a quantity is asked (a few seconds) and kept while the
analysis's files are unchanged, so later questions answer at once.
"""

from __future__ import annotations

from pathlib import Path

from analysis.report.factors import factor_name
from analysis.report.language import Words
from analysis.report.robust_words import minutes
from analysis.sensitivity.what_if import (
    LEAST_COVERAGE,
    LEAST_Q2,
    QUANTITIES,
    Emulated,
    ask,
    command,
    read_emulated,
)
from analysis.workbench.words import PageWords


def assumption_panel(folder: Path, scenario: Path, asked: str, value: str, language: str) -> dict | None:
    """{"missing": the command that writes an emulator} for an analysis without one; else {"choices":
    [(mechanism name, [(key, name)])], "factors", "quantities", "asked", "value", "answer": None or the
    answer in words}. None when `folder` holds no finished analysis (no manifest)."""
    if not (folder / "manifest.json").is_file():
        return None
    emulated = read_emulated(folder)
    words = PageWords(language)
    if emulated is None:
        import json

        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return {"missing": words("assume.missing", command=command(folder, manifest, str(scenario)),
                                 minutes=minutes("screening", "sobol", "robustness"))}
    report = Words(language)   # the report's names of factors and parameters
    choices = [(factor_name(factor, report), [(key, factor_name(key, report)) for key in members])
               for factor, members in emulated.factors.items()]
    panel = {"missing": None, "choices": choices, "asked": asked, "value": value,
             "factors": report.join([name for name, _ in choices]),
             "quantities": report.join([report(f"quantity.{q}") for q in QUANTITIES
                                        if q in set(emulated.checks.quantity)]),
             "step": emulated.manifest.get("step"), "today": emulated.manifest.get("today"), "answer": None}
    if asked:
        panel["answer"] = answer_words(emulated, ask(emulated, asked, value, str(scenario)), words, report)
    return panel


def answer_words(emulated: Emulated, found: dict, words: PageWords, report: Words) -> dict:
    """The answer as the page shows it: {"text": sentences, "rows": [(quantity, at, at default)],
    "refused": [sentences], "command": a command or None}."""
    key = found["key"]
    name = factor_name(key, report) if key in emulated.uncertainties else key
    status = found["status"]
    if status == "unknown":
        return {"text": [words("assume.unknown", key=key)], "rows": [], "refused": [], "command": None}
    if status == "bad_value":
        item = emulated.uncertainties[key]
        allowed = (report.join(found["choices"]) if item.kind == "choice" else
                   words(f"assume.allowed_{item.kind}", low=_number(item.low), high=_number(item.high)))
        return {"text": [], "error": f"value = {found['value']!r}: {allowed}", "rows": [], "refused": [], "command": None}
    if status == "not_modelled":
        return {"text": [words("assume.not_modelled", name=name,
                               factors=report.join([factor_name(f, report) for f in found["factors"]]))],
                "rows": [], "refused": [], "command": found["command"]}
    if status == "outside":
        return {"text": [words("assume.outside", name=name, value=_number(found["value"]), low=_number(found["low"]),
                               high=_number(found["high"]))], "rows": [], "refused": [], "command": found["command"]}
    item = emulated.uncertainties[key]
    text = []
    if found["together"] > 1:
        from analysis.sensitivity.design import position_of

        text.append(words("assume.together", count=found["together"], mechanism=factor_name(found["factor"], report),
                          name=name, value=_number(found["value"]),
                          position=report.percent(position_of(item, found["value"])),
                          default=_number(found["default"]), default_position=report.percent(position_of(item, item.default))))
    others = [factor_name(f, report) for f in emulated.factors if f != found["factor"]]
    if others:
        grouped = bool((emulated.manifest.get("screening") or {}).get("grouped"))
        text.append(words("assume.others_grouped" if grouped else "assume.others", factors=report.join(others)))
    rows, refused = [], []
    for row in found["quantities"]:
        shown = report(f"quantity.{row['quantity']}")
        if row["passed"]:
            rows.append((shown, _quantity(row["quantity"], row["at"], report),
                         _quantity(row["quantity"], row["default"], report)))
        elif "refit_q2" in row:
            refused.append(words("assume.refit", quantity=shown, refit=report.percent(row["refit_q2"]),
                                 q2=report.percent(row["q2"])))
        else:
            refused.append(words("assume.failed", quantity=shown, points=row["points"], q2=report.percent(row["q2"]),
                                 coverage=report.percent(row["coverage"]), least_q2=report.percent(LEAST_Q2),
                                 least_coverage=report.percent(LEAST_COVERAGE)))
    return {"text": text, "rows": rows, "refused": refused, "command": None,
            "at": words("assume.column_at", name=name, value=_number(found["value"])),
            "default": words("assume.column_default", default=_number(found["default"]))}


def _quantity(quantity: str, interval: tuple[float, float, float], words: Words) -> str:
    mean, low, high = interval
    if quantity.startswith("share"):
        return words.interval_percent(mean, low, high)
    return words.interval(mean, low, high, 2)


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)
