"""The report of a sensitivity analysis alone: a study folder that holds only `sensitivity/` (the
workbench's sensitivity study, or `python -m analysis.sensitivity … --out DIR/sensitivity`), reported as
the full report's section 结论取决于什么 / What the answer depends on, under the county's title.

The county is the analysis's own: the scenario as its command was given it (manifest.json's
`scenario_argument`, else its name) with its county overrides."""

from __future__ import annotations

from pathlib import Path

import sim
from analysis.county_step import step_arguments
from analysis.report.depends import depends_section
from analysis.report.document import Document
from analysis.report.language import Words
from analysis.report.robust_words import Commands
from analysis.report.sensitivity_files import FOLDER, Sensitivity, read_sensitivity
from sim.config.errors import ConfigError

RESULTS = ("replications.parquet", "sweep.yaml", "chunks")   # what marks a run's or a sweep's folder


def analysis_alone(folder: Path) -> Sensitivity | None:
    """The analysis in `folder`/sensitivity when `folder` holds no run or sweep beside it; else None."""
    found = read_sensitivity(folder / FOLDER) if folder.is_dir() else None
    if found is None or (found.morris is None and found.best is None):
        return None
    places = [folder, *(p for p in folder.iterdir() if p.is_dir() and p.name != FOLDER)]
    return None if any((p / name).exists() for p in places for name in RESULTS) else found


def analysis_document(analysis: Sensitivity, language: str) -> Document:
    """The report of `analysis` in `language`: the county's title and the section as the full report has it."""
    manifest = analysis.manifest
    scenario = manifest.get("scenario_argument") or manifest.get("scenario")
    if not scenario:
        raise ConfigError(str(analysis.folder / "manifest.json"), None,
                          "names no scenario: run python -m analysis.sensitivity again into this folder")
    config = sim.load_config(scenario, list(manifest.get("overrides", ())))
    words = Words(language)
    commands = Commands(scenario, str(analysis.folder), tuple(step_arguments(config.inspectors.count)))
    start = int(config.start_date[:4])
    window = f"{start}–{start + round(config.horizon_days / 365.25) - 1}"
    return Document(language, words("title", scenario=words.scenario_title(config)),
                    words("subtitle", inspectors=config.inspectors.count,
                          enterprises=words.count(config.population.enterprises), window=window),
                    tuple(depends_section(analysis, commands, words)))
