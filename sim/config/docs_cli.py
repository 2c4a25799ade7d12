"""Command lines of the generated docs: `python -m sim.config.docs_table [--check]` (the parameter tables)
and `python -m sim.config.groups_doc [--check]` (the listing of the regime config groups).

Rewrites the section of docs/model.md between the marker lines, or checks that it is current.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from sim.config.docs_table import parameter_tables
from sim.config.groups_doc import DOC_PATH as GROUPS_DOC_PATH
from sim.config.groups_doc import render as render_groups

ROOT = Path(__file__).resolve().parents[2]
DOC_PATH = ROOT / "docs" / "model.md"
BEGIN = "<!-- parameters:begin -->"
END = "<!-- parameters:end -->"
TITLE = "# The model"


def splice(document: str, tables: str) -> str:
    """`document` with the text between the marker lines replaced by `tables`.

    A document without the markers gets them, with the tables, appended at its end.
    """
    block = f"{BEGIN}\n\n{tables.strip(chr(10))}\n\n{END}"
    found = _markers(document)
    if found is None:
        return document.rstrip("\n") + "\n\n" + block + "\n"
    start, _, _, stop = found
    return document[:start] + block + document[stop:]


def section(document: str) -> str | None:
    """The generated text between the marker lines (as `parameter_tables` returns it), or None."""
    found = _markers(document)
    if found is None:
        return None
    _, inner_start, inner_stop, _ = found
    return document[inner_start:inner_stop].strip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sim.config.docs_table",
        description=f"Regenerate the parameter tables of {DOC_PATH.relative_to(ROOT)} "
                    f"(between {BEGIN} and {END}).")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    tables = parameter_tables()
    rel = DOC_PATH.relative_to(ROOT)
    current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else None
    if args.check:
        if current is None:
            print(f"{rel} does not exist: run `python -m sim.config.docs_table`", file=sys.stderr)
            return 1
        if section(current) != tables:
            print(f"{rel} is out of date: the parameter tables differ from the schema and the "
                  f"county_baseline config; run `python -m sim.config.docs_table`", file=sys.stderr)
            return 1
        print(f"{rel} is up to date")
        return 0
    updated = splice(current if current is not None else TITLE + "\n", tables)
    if updated == current:
        print(f"{rel} is already up to date")
        return 0
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOC_PATH.write_text(updated, encoding="utf-8")
    print(f"wrote the parameter tables of {rel}")
    return 0


def _markers(document: str) -> tuple[int, int, int, int] | None:
    """Start and end of the begin marker line, then of the end marker line; None if absent."""
    begin = re.search(rf"^{re.escape(BEGIN)}[ \t]*$", document, re.MULTILINE)
    if begin is None:
        return None
    end = re.compile(rf"^{re.escape(END)}[ \t]*$", re.MULTILINE).search(document, begin.end())
    if end is None:
        return None
    return begin.start(), begin.end(), end.start(), end.end()



def groups_main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.config.groups_doc",
                                     description="Regenerate the listing of docs/config_groups.md.")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    current = GROUPS_DOC_PATH.read_text(encoding="utf-8")
    if render_groups(current) == current:
        print(f"{GROUPS_DOC_PATH.name} is up to date")
        return 0
    if args.check:
        print(f"{GROUPS_DOC_PATH.name} is out of date: run `python -m sim.config.groups_doc`", file=sys.stderr)
        return 1
    GROUPS_DOC_PATH.write_text(render_groups(current), encoding="utf-8")
    print(f"wrote the listing of {GROUPS_DOC_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
