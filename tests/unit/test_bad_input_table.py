"""docs/bad_input.md cannot go stale: every row's example is run through the command line.

For each row of every table headed `| bad input | example | scenario file | message | what to do |`,
`sim.__main__.main` runs the example's arguments in-process, in a fresh folder (tmp_path, the
working directory) holding the row's scenario file, with `hydra.run.dir` inside it unless the
example sets one. It must exit with status 2, print exactly one line on stderr, equal to the row's
message, print nothing on stdout and leave the folder as it found it. The format is described at
the top of docs/bad_input.md.
"""

from __future__ import annotations

import ast
import pathlib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.__main__ import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "bad_input.md"
HEADER = ["bad input", "example", "scenario file", "message", "what to do"]
FOLDER, UNREADABLE = "(a folder)", "(unreadable)"


@dataclass(frozen=True)
class Row:
    line: int           # in docs/bad_input.md, for the test's id
    bad_input: str
    example: str        # the arguments after `python -m sim`, as typed in a shell
    file: str           # the scenario file: "", a Python str or bytes literal, FOLDER or UNREADABLE
    message: str
    what_to_do: str


def cells(line: str) -> list[str]:
    """The cells of a Markdown table row: split on unescaped |, `\\|` read as |, code-span backticks dropped."""
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    out = []
    for part in parts:
        text = part.strip().replace("\\|", "|")
        if len(text) >= 2 and text.startswith("`") and text.endswith("`") and text.count("`") == 2:
            text = text[1:-1]
        out.append(text)
    return out


def rows(text: str, header: list[str] = HEADER, row=None) -> list:
    """Every row of every table of the document headed by `header`, as `row(line, *cells)` (Row)."""
    row_type = row or Row
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("|") and cells(lines[i]) == header:
            i += 2  # the header and its |---| line
            while i < len(lines) and lines[i].startswith("|"):
                row = cells(lines[i])
                assert len(row) == len(header), f"docs/bad_input.md line {i + 1}: {len(row)} cells, not {len(header)}"
                found.append(row_type(i + 1, *row))
                i += 1
        else:
            i += 1
    return found


ROWS = rows(DOC.read_text(encoding="utf-8"))


def make_file(row: Row, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    """Create the row's scenario file in `folder`, at the path its `scenario=` argument names."""
    if not row.file:
        return None
    names = [arg.split("=", 1)[1] for arg in shlex.split(row.example) if arg.startswith("scenario=")]
    assert len(names) == 1, f"line {row.line}: a scenario file needs one scenario= argument to name it"
    path = folder / names[0]
    if row.file == FOLDER:
        path.mkdir()
        return path
    if row.file == UNREADABLE:
        path.write_text("name: x\n")
        read_bytes = pathlib.Path.read_bytes

        def denied(self: Path) -> bytes:
            if self.absolute() == path:
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(pathlib.Path, "read_bytes", denied)  # chmod does not stop root, which tests may run as
        return path
    content = ast.literal_eval(row.file)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def run(row: Row, folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """(exit status, stdout, stderr lines, what the folder holds afterwards) of the row's example."""
    monkeypatch.chdir(folder)
    make_file(row, folder, monkeypatch)
    before = sorted(folder.rglob("*"))
    argv = shlex.split(row.example)
    if not any(arg.startswith("hydra.run.dir=") for arg in argv):
        argv.append(f"hydra.run.dir={folder / 'out'}")
    capsys.readouterr()
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err.splitlines(), before, sorted(folder.rglob("*"))


def test_the_table_is_there_and_each_row_is_one_class():
    assert len(ROWS) >= 60, "the tables of docs/bad_input.md were not found"
    assert len({row.message for row in ROWS}) == len(ROWS), "two rows with one message: one class, one row"
    assert all(row.bad_input and row.what_to_do for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[f"line {row.line}: {row.bad_input}" for row in ROWS])
def test_each_example_gives_its_message_and_writes_nothing(row, tmp_path, monkeypatch, capsys):
    status, out, err, before, after = run(row, tmp_path, monkeypatch, capsys)
    assert (status, out) == (2, ""), err
    assert err == [row.message]
    assert after == before, "the run wrote something"
