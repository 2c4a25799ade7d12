"""The decision-meeting report of a run, a sweep or a study, as HTML and A4 PDF in Chinese and English.

    .venv/bin/python -m analysis.report RESULTS_DIR [--lang zh|en|both] [--out DIR]

RESULTS_DIR is a run's folder (python -m sim, a report command), a finished sweep's folder (python -m
sim.sweep) or a folder holding several of them (make report writes reports/default_study). Writes
report-zh.html, report-zh.pdf, report-en.html and report-en.pdf (the languages asked for) into --out,
by default RESULTS_DIR itself, and prints their paths. Each HTML file is self-contained (fonts and
figures inside it) and opens offline; each PDF embeds its font. A folder that holds no result, or a
sweep that has not finished, stops with one line and exit status 2 before anything is written.
"""

from __future__ import annotations

import sys
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
    try:
        paths = write_reports(args.results, LANGUAGES if args.lang == "both" else (args.lang,), args.out)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


def write_reports(results: str | Path, languages=LANGUAGES, out: str | Path | None = None) -> list[Path]:
    """Build and write the report of `results` in each language; the paths written, HTML then PDF.
    Everything is built before anything is written, so a failure leaves no half of a report."""
    from analysis.report.build import build_document
    from analysis.report.html import render_html
    from analysis.report.pdf import render_pdf
    from analysis.report.study import load_study
    from sim.io import write_text_atomic

    study = load_study(results)
    folder = Path(out) if out is not None else study.folder
    documents = [build_document(study, language) for language in languages]
    pages = [render_html(document) for document in documents]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for document, page in zip(documents, pages, strict=True):
        html = folder / f"report-{document.language}.html"
        write_text_atomic(html, page)
        pdf = folder / f"report-{document.language}.pdf"
        render_pdf(document, pdf)
        paths += [html, pdf]
    return paths


if __name__ == "__main__":
    sys.exit(main())
