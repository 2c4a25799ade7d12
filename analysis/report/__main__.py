"""The decision-meeting report of a run, a sweep or a study, as HTML and A4 PDF in Chinese and English.

    .venv/bin/python -m analysis.report RESULTS_DIR [--lang zh|en|both] [--out DIR]

RESULTS_DIR is a run's folder (python -m sim, a report command), a finished sweep's folder (python -m
sim.sweep) or a folder holding several of them (make report writes reports/default_study). Writes
report-zh.html, report-zh.pdf, report-en.html and report-en.pdf (the languages asked for) into --out,
by default RESULTS_DIR itself, and prints their paths. Each HTML file is self-contained (fonts and
figures inside it) and opens offline; each PDF embeds its font. A folder that holds no result, a
sweep that has not finished, a missing font package or a character the font lacks stops with one
line and exit status 2 before anything is written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from analysis.command_line import OneLineParser
from sim.config.errors import ConfigError

LANGUAGES = ("zh", "en")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m analysis.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("results", metavar="RESULTS_DIR", help="a run's, a sweep's or a study's folder")
    parser.add_argument("--lang", choices=(*LANGUAGES, "both"), default="both", help="language (default both)")
    parser.add_argument("--out", default=None, help="where to write the reports (default RESULTS_DIR)")
    args = parser.parse_args(argv)
    from analysis.report.fonts import FontMissingError
    from analysis.report.pdf import MissingGlyphError

    try:
        paths = write_reports(args.results, LANGUAGES if args.lang == "both" else (args.lang,), args.out)
    except (ConfigError, FontMissingError, MissingGlyphError) as error:
        print(error, file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


def write_reports(results: str | Path, languages=LANGUAGES, out: str | Path | None = None) -> list[Path]:
    """Build and write the report of `results` in each language; the paths written, HTML then PDF.
    Every file is made in a staging folder first and moved in only when all are made, so a failure
    leaves no half of a report (and no new file at all)."""
    from analysis.report.build import build_document, gather
    from analysis.report.html import render_html
    from analysis.report.pdf import render_pdf
    from analysis.report.study import load_study

    study = load_study(results)
    folder = Path(out) if out is not None else study.folder
    facts = gather(study)   # once for every language
    documents = [build_document(facts, language) for language in languages]
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    with tempfile.TemporaryDirectory(prefix=".report-", dir=folder) as staging:
        for document in documents:
            html, pdf = f"report-{document.language}.html", f"report-{document.language}.pdf"
            (Path(staging) / html).write_text(render_html(document), encoding="utf-8")
            render_pdf(document, Path(staging) / pdf)
            names += [html, pdf]
        for name in names:
            os.replace(Path(staging) / name, folder / name)
    return [folder / name for name in names]


if __name__ == "__main__":
    sys.exit(main())
