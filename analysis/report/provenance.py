"""Where a parameter's value comes from, as the report's reader can follow it: the documents and
studies a source cites, by their titles in the report's language.

A parameter's source (`param(source=...)` in sim/config) is English prose around the ids of the
documents (docs/sources.md), e.g. "city-management-bureau-three-grips-plan (科学制定、规范实施年度
执法计划); 安监总政法〔2017〕150号 (年度监督检查计划编制办法)". The report shows, for each part
between semicolons, the titles of what it cites (`cited.*` in the text tables) and, in Chinese, the
document's own wording quoted in brackets after a title; a part that cites nothing and says
"assumed" is 假设 / assumed. The prose (figures, reasons, a part that cites nothing) stays in
docs/model.md, which the appendix names. A source that names nothing known is shown as written.
"""

from __future__ import annotations

import re

from analysis.report.language import Words

# what sources cite, as written in them -> the key of its title in the text tables
CITED = {
    "city-management-bureau-three-grips-plan": "cited.three_grips_plan",
    "city-13th-five-year-safety-plan-2017": "cited.city_five_year_plan",
    "county-three-year-rectification-plan-2020": "cited.county_three_year_plan",
    "region-annual-work-points-2020": "cited.region_work_points",
    "town-major-hazard-campaign-2023": "cited.town_campaign",
    "安监总政法〔2017〕150号": "cited.plan_rule",
    "宽城区应急管理局 2025年度监督检查计划": "cited.kuancheng_plan",
    "砀山县应急管理局 2025年度监督检查计划": "cited.dangshan_plan",
    "Work Safety Law 2021": "cited.work_safety_law",
    "provincial reward rules": "cited.reward_rules",
    "calibrated to the 2024 hotline figures": "cited.hotline",
    "national indicator definition": "cited.national_indicator",
    "the county's own register": "cited.county_register",
    "the county's own statistics": "cited.county_statistics",
    "四不两直": "cited.unannounced",
    "the scenario's plan": "cited.scenario_plan",
    "no document gives a number": "cited.no_number",
    "Levine, Toffel & Johnson 2012": "cited.levine",
    "Levine et al. 2012": "cited.levine",
    "Haviland et al. 2012": "cited.haviland",
    "Gray & Mendeloff 2005": "cited.gray_mendeloff",
    "Johnson 2020": "cited.johnson",
    "Haifeng 2022": "cited.haifeng",
}
_NAMES = re.compile("|".join(re.escape(name) for name in sorted(CITED, key=len, reverse=True)))
_QUOTE = re.compile(r"\s*\(([^()]*)\)")
_LATIN = re.compile(r"[A-Za-z]")


def source_text(source: str, words: Words) -> str:
    """`source` as the report shows it in `words`' language; '–' for none."""
    shown: list[str] = []
    for part in (p.strip() for p in str(source or "").split(";")):
        for text in _part(part, words):
            if text not in shown:
                shown.append(text)
    if not shown and str(source or "").strip():
        return str(source).strip()
    return words("cited.separator").join(shown) or "–"


def sources_text(ids: list[str] | tuple[str, ...], words: Words) -> str:
    """A scenario's `sources` (document ids) as titles, in the report's language."""
    return words("cited.separator").join(words(CITED[i]) if i in CITED else i for i in ids) or "–"


def _part(part: str, words: Words) -> list[str]:
    if part.startswith("assumed"):
        return [words("cited.assumed")]
    found = list(_NAMES.finditer(part))
    if not found:
        return [words("cited.assumed")] if "assumed" in part else []
    out = []
    for match in found:
        title = words(CITED[match.group()])
        quote = _QUOTE.match(part, match.end())
        if words.chinese and quote and not _LATIN.search(quote.group(1)) and quote.group(1) not in title:
            title += f"（{quote.group(1)}）"
        out.append(title)
    return out
