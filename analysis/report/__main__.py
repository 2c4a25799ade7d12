"""The decision-meeting report of a run, a sweep or a study, as HTML and A4 PDF in Chinese and English.

    .venv/bin/python -m analysis.report RESULTS_DIR [--lang zh|en|both] [--out DIR]

RESULTS_DIR is a run's folder (python -m sim, a report command), a finished sweep's folder (python -m
sim.sweep) or a folder holding several of them (make report writes reports/default_study); a folder
holding only a sensitivity analysis (`sensitivity/`) is reported as its section alone. Writes
report-zh.html, report-zh.pdf, report-en.html and report-en.pdf (the languages asked for) into --out,
by default RESULTS_DIR itself, and prints their paths. Each HTML file is self-contained (fonts and
figures inside it) and opens offline; each PDF embeds its font. A folder that holds no result, a
sweep that has not finished, results of more than one scenario or county, an --out that is a file
or cannot be written, a missing font package or a character the font lacks stops with one line and
exit status 2 before anything is written. A write that fails on the way (a full disk) is one line
naming the file and the cause, exit status 1, and leaves no report file: the input was right, and
the same command, run once the disk has room, writes the report.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from analysis.command_line import OneLineParser
from sim.config.errors import ConfigError
from sim.io import check_writable

LANGUAGES = ("zh", "en")


class ReportNotWritten(Exception):
    """Writing the report failed on the way (a full disk, an I/O error): one line naming the file and
    the cause, and what of the report is there (nothing, unless a move into place failed)."""


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
    except ReportNotWritten as error:
        print(error, file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


def write_reports(results: str | Path, languages=LANGUAGES, out: str | Path | None = None) -> list[Path]:
    """Build and write the report of `results` in each language; the paths written, HTML then PDF.
    The folder is checked before any work (ConfigError naming --out, or RESULTS_DIR when it is the
    folder written); every file is made in a staging folder first and moved in only when all are
    made, so a failure leaves no half of a report (and no new file at all)."""
    from analysis.report.analysis_only import analysis_alone, analysis_document
    from analysis.report.build import build_document, gather
    from analysis.report.study import ARGUMENT, load_study

    if out is not None:
        check_folder("--out", out)
    analysis = analysis_alone(Path(results))
    if analysis is not None:   # a sensitivity analysis alone: its section under the county's title
        folder = Path(out) if out is not None else Path(results)
        check_folder(ARGUMENT if out is None else "--out", folder)
        return _write(folder, [analysis_document(analysis, language) for language in languages])
    study = load_study(results)
    if out is None:
        check_folder(ARGUMENT, study.folder)
    folder = Path(out) if out is not None else study.folder
    facts = gather(study)   # once for every language
    return _write(folder, [build_document(facts, language) for language in languages])


def check_folder(key: str, folder: str | Path) -> None:
    """The reports' folder must be one this process can write files into: ConfigError naming `key`."""
    if str(folder) == "":
        raise ConfigError(key, "", "must name a folder to write the reports into")
    if Path(folder).exists() and not Path(folder).is_dir():
        raise ConfigError(key, str(folder), "is a file; give a folder for the report's files")
    check_writable(key, Path(folder))


def _write(folder: Path, documents) -> list[Path]:
    """Render each document into a staging folder in `folder`, then move the files in; when the
    system refuses a write, ReportNotWritten, the staging folder removed and the folders this call
    made too."""
    from analysis.report.html import render_html
    from analysis.report.pdf import render_pdf

    made = _first_missing(folder)
    names, moved, writing = [], 0, folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".report-", dir=folder, ignore_cleanup_errors=True) as staging:
            for document in documents:
                html, pdf = f"report-{document.language}.html", f"report-{document.language}.pdf"
                writing = folder / html
                (Path(staging) / html).write_text(render_html(document), encoding="utf-8")
                writing = folder / pdf
                render_pdf(document, Path(staging) / pdf)
                names += [html, pdf]
            for name in names:
                writing = folder / name
                os.replace(Path(staging) / name, folder / name)
                moved += 1
    except OSError as error:
        if not moved:
            _remove_made(folder, made)
        kept = (f"only {', '.join(names[:moved])} {'was' if moved == 1 else 'were'} replaced" if moved
                else "no report file was written")
        raise ReportNotWritten(f"report: cannot write {writing} ({_cause(error)}); {kept}") from error
    return [folder / name for name in names]


def _first_missing(folder: Path) -> Path | None:
    """The outermost of `folder` and its parents that does not exist yet (None: it exists)."""
    missing = None
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing = path
    return missing


def _remove_made(folder: Path, made: Path | None) -> None:
    """Remove `folder` and its parents up to `made`, the folders a failed write made, if empty."""
    if made is None:
        return
    with contextlib.suppress(OSError):   # stops at a folder that is not empty
        for path in (folder, *folder.parents):
            path.rmdir()
            if path == made:
                break


def _cause(error: OSError) -> str:
    return os.strerror(error.errno) if error.errno else str(error)


if __name__ == "__main__":
    sys.exit(main())
