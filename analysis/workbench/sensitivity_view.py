"""A sensitivity analysis on the study page as the report shows it, in the page's language: the
screening's tornado (each factor's mu* with its 95% interval as a whisker, drawn by the page's chart
library) and its table, when the full analysis ran its Sobol' indices, and, when the robustness part ran, its sentences and tables (how often each
option is best, what the staffing step buys across the counties). The words and numbers are the
report's (analysis/report/depends.py, factor_labels.py, robust_words.py); only the chart is the page's.

Read from the study's sensitivity folder each time the page is opened: its tables are small CSV files.
"""

from __future__ import annotations

from pathlib import Path

import sim
from analysis.county_step import step_arguments
from analysis.report.depends import robustness_blocks, screening, sobol_blocks
from analysis.report.document import Bullets, Heading, Paragraph, Table
from analysis.report.language import Words
from analysis.report.robust_words import Commands
from analysis.report.sensitivity_files import read_sensitivity
from sim.config.errors import ConfigError


def sensitivity_view(folder: Path, scenario: Path, language: str) -> dict | None:
    """{"screening": {heading, intro, how, tornado, table} or None, "robustness": [blocks] or [],
    "error": a table that cannot be read, in one line, or None}; None when `folder` holds no analysis.
    `scenario` names the county in the commands a missing part's sentence gives."""
    words = Words(language)   # the report's own words (the page's PageWords gives value() another meaning)
    try:
        found = read_sensitivity(folder)
    except ConfigError as error:
        return {"screening": None, "robustness": [], "error": str(error)}
    if found is None or (found.morris is None and found.best is None):
        return None
    ranked = screening(found, words)
    shown = None
    if ranked is not None:
        rows = ranked.rows
        conf = rows.mu_star_conf.fillna(0.0)
        shown = {"heading": words("depends.screening"), "intro": ranked.intro, "how": words("depends.mu_star"),
                 "tornado": {"names": list(ranked.named), "mu": _scaled(rows.mu_star, ranked.scale),
                             "minus": _scaled(conf.clip(upper=rows.mu_star), ranked.scale),
                             "plus": _scaled(conf, ranked.scale), "axis": ranked.axis,
                             "hover": [f"{row[0]}<br>{ranked.table.header[1]}: {row[1]}<br>"
                                       f"{ranked.table.header[2]}: {row[2]}<br>{ranked.table.header[3]}: {row[3]}"
                                       for row in ranked.table.rows]},
                 "caption": ranked.caption, "table": _table(ranked.table)}
    robust = []
    today = sim.load_config(str(scenario)).inspectors.count if scenario.exists() else None
    commands = Commands(str(scenario), str(folder), tuple(step_arguments(today)) if today is not None else ())
    if found.sobol is not None:   # the full analysis: the Sobol' indices (and how far to trust the emulator) first
        robust = [_block(block) for block in sobol_blocks(found, commands, words)]
    if found.best is not None:
        robust += [_block(block) for block in robustness_blocks(found, commands, words)]
    return {"screening": shown, "robustness": robust, "error": None}


def _scaled(values, scale: float) -> list[float]:
    return [round(float(v) * scale, 6) for v in values]


def _table(table: Table) -> dict:
    return {"caption": table.caption, "header": list(table.header), "rows": [list(row) for row in table.rows],
            "numeric": list(table.numeric)}


def _block(block) -> dict:
    """A report block as the page's template lays it out: a heading, a paragraph, bullets or a table."""
    if isinstance(block, Heading):
        return {"heading": block.text}
    if isinstance(block, Paragraph):
        return {"paragraph": block.text}
    if isinstance(block, Bullets):
        return {"bullets": list(block.items)}
    if isinstance(block, Table):
        return _table(block)
    return {"paragraph": getattr(block, "caption", "")}   # a figure: its sentence (the section draws none)
