"""The options tables of a default study's brief for the study page: `python -m analysis.workbench.options
STUDY_FOLDER OUT.json` reads the study as the report does (analysis.report: load_study, gather) and writes
the brief's options tables (hiring, regimes, budget mixes, the benchmarks a death averted is set against)
in Chinese and English, the cells already in the report's words and formats.

A step of the study's runner, not of the page: reading a default study takes seconds (its bootstraps),
too long for a page asked every time it is opened; the page reads the file this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.report.document import Heading, Table


def options(folder: Path) -> dict[str, list[dict]]:
    """{language: [{"heading": text} or {"caption", "header", "rows", "numeric"}]} of the study in `folder`."""
    from analysis.report import brief
    from analysis.report.build import gather, report_words
    from analysis.report.language import LANGUAGES
    from analysis.report.study import load_study

    facts = gather(load_study(folder))
    written: dict[str, list[dict]] = {}
    for language in LANGUAGES:
        blocks = brief.option_blocks(facts.decision, report_words(facts, language))
        written[language] = [{"heading": block.text} if isinstance(block, Heading) else
                             {"caption": block.caption, "header": list(block.header),
                              "rows": [list(row) for row in block.rows], "numeric": list(block.numeric)}
                             for block in blocks if isinstance(block, (Heading, Table))]
    return written


def read_options(path: Path, language: str) -> list[dict] | None:
    """The tables `main` wrote, in `language`; None when there are none (yet)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))[language]
    except (OSError, ValueError, KeyError):
        return None


def main(argv: list[str] | None = None) -> int:
    import sim
    from sim.io import write_text_atomic

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m analysis.workbench.options STUDY_FOLDER OUT.json", file=sys.stderr)
        return 2
    folder, out = Path(argv[0]), Path(argv[1])
    try:
        tables = options(folder)
    except sim.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    write_text_atomic(out, json.dumps(tables, ensure_ascii=False, indent=1))
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
