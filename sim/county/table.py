"""Reading a county's CSV or XLSX sheet as text cells, and reporting every bad cell at once.

A planner fixes a sheet in one sitting when told every mistake at once, with the row number the
spreadsheet shows; so the readers collect bad cells (`BadCell`) and raise one `BadRows` that names
the file, and each cell's row, column, value and what is allowed. A problem with the file as a whole
(missing, not a sheet, no header) is one ConfigError line, as any bad config value.

The header is the first of the sheet's first HEADER_ROWS rows that names a required column, so a
title row above it (XX县企业名录) is fine; rows are numbered as the spreadsheet numbers them (the
first line is row 1), and wholly blank rows are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim.config.errors import ConfigError
from sim.county.columns import header_key, key

HEADER_ROWS = 10
MAX_SHOWN = 50
if TYPE_CHECKING:   # pandas is imported where a sheet is read: a run without a county file never needs it
    import pandas as pd

ENCODINGS = ("utf-8-sig", "gb18030")  # Excel's "CSV UTF-8", and the GBK its plain "CSV" writes on a Chinese system


@dataclass(frozen=True, slots=True)
class BadCell:
    """One bad value: its row as the spreadsheet numbers it, its column's header, the value, what is allowed."""

    row: int
    column: str
    value: str
    allowed: str


class BadRows(ConfigError):
    """Every bad cell of a county file: a summary line, then one line per cell (the first MAX_SHOWN).

    A ConfigError, so every command refuses it as it refuses a bad value: printed, exit status 2,
    nothing run or written.
    """

    def __init__(self, key: str, label: str, cells: tuple[BadCell, ...] | list[BadCell],
                 where: str | None = None) -> None:
        self.cells = tuple(cells)
        rows = len({c.row for c in self.cells})
        summary = (f"{len(self.cells)} bad value{'s' if len(self.cells) != 1 else ''} in {rows} "
                   f"row{'s' if rows != 1 else ''}; nothing was run: fix {'them' if len(self.cells) != 1 else 'it'} "
                   "and run again")
        super().__init__(key, label, summary, where)
        lines = [f"  {label}, row {c.row}, column {c.column}: {c.value!r}: {c.allowed}" for c in self.cells[:MAX_SHOWN]]
        if len(self.cells) > MAX_SHOWN:
            lines.append(f"  ... and {len(self.cells) - MAX_SHOWN} more (the first {MAX_SHOWN} are shown)")
        self.args = ("\n".join([self.args[0], *lines]),)

    def __str__(self) -> str:
        return self.args[0]

    def __reduce__(self):
        return BadRows, (self.key, self.value, self.cells, self.where)

    def located(self, where: str) -> BadRows:
        return BadRows(self.key, self.value, self.cells, where)


@dataclass(slots=True)
class Sheet:
    """A sheet's data rows as text cells (blank: ""), by column position, and its header as written."""

    headers: list[str]
    cells: pd.DataFrame      # str cells; columns 0..C-1; index: row numbers as the spreadsheet shows them
    header_row: int


def read_sheet(path: Path, config_key: str, label: str, is_header: Callable[[set[str]], bool],
               needed: str) -> Sheet:
    """The sheet at `path` (a CSV, or an XLSX's first sheet) as text cells below its header row.

    `is_header(keys)` says whether a row whose cells have these header keys is the header; `needed`
    says in words what it must name, for the error when no row does.
    """
    raw = _read_csv(path, config_key, label) if path.suffix.lower() == ".csv" else _read_xlsx(path, config_key, label)
    raw = _as_text(raw)
    for i in range(min(HEADER_ROWS, raw.shape[0])):
        if is_header({header_key(cell)[0] for cell in raw.iloc[i] if cell}):
            cells = raw.iloc[i + 1:]
            cells = cells[(cells != "").any(axis=1)]
            cells.index = cells.index + 1
            cells.columns = range(cells.shape[1])
            return Sheet(headers=[str(h).strip() for h in raw.iloc[i]], cells=cells, header_row=i + 1)
    raise ConfigError(config_key, label, f"none of its first {HEADER_ROWS} rows is a header naming {needed}")


def columns(sheet: Sheet, meanings: dict[str, str], config_key: str, label: str) -> tuple[dict[str, int], list[str]]:
    """{meaning: column position} of the headers that `meanings` (header key -> meaning) knows, and the
    headers it does not know (ignored). Two columns of one meaning are refused: which to read is unclear."""
    found: dict[str, int] = {}
    ignored = []
    for position, header in enumerate(sheet.headers):
        meaning = meanings.get(header_key(header)[0]) if header else None
        if meaning is None:
            if header:
                ignored.append(header)
            continue
        if meaning in found:
            raise ConfigError(config_key, label, f"columns {sheet.headers[found[meaning]]} and {header} mean the same "
                                                 f"({meaning}): keep one")
        found[meaning] = position
    return found, ignored


def scale_of(sheet: Sheet, position: int) -> float:
    """The scale of a column's unit in parentheses: 10,000 for (万元), else 1."""
    return header_key(sheet.headers[position])[1]


def names(values: pd.Series, lookup: dict[str, object]) -> tuple[pd.Series, np.ndarray]:
    """Each text cell looked up by its key (what it means, None for blank or unknown), and a mask of the
    cells that are not blank and not known."""
    keys = {v: lookup.get(key(v)) for v in values.unique()}
    meant = values.map(keys)
    return meant, ((values != "") & meant.isna()).to_numpy()


def numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each text cell as a number (NaN for blank), and a mask of the cells that are not blank and not a
    number. Thousands separators and a trailing % (read as a share: 95% is 0.95) are allowed."""
    text = values.str.replace(",", "", regex=False).str.replace("，", "", regex=False).str.strip()
    percent = text.str.endswith("%").to_numpy()
    import pandas as pd

    number = pd.to_numeric(text.str.rstrip("%"), errors="coerce").to_numpy(dtype=float)
    number = np.where(percent, number / 100.0, number)
    bad = (text != "").to_numpy() & ~np.isfinite(number)
    return number, bad


def bad_cells(sheet: Sheet, position: int, mask: np.ndarray, allowed: str) -> list[BadCell]:
    """The cells of one column under `mask`, as BadCells: all of them, so the message counts every one."""
    rows = sheet.cells.index.to_numpy()[mask]
    values = sheet.cells[position].to_numpy()[mask]
    header = sheet.headers[position]
    return [BadCell(int(r), header, str(v), allowed) for r, v in zip(rows, values, strict=True)]


def _read_csv(path: Path, config_key: str, label: str) -> pd.DataFrame:
    """Every record of a CSV file as a row of text cells, short rows (a title row) padded with blanks."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(config_key, label, f"cannot be read ({error.strerror or error})") from None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ConfigError(config_key, label, "is neither UTF-8 nor GBK text: save it as CSV UTF-8")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ConfigError(config_key, label, f"cannot be read as CSV ({error})") from None
    if not rows:
        raise ConfigError(config_key, label, "is empty")
    width = max(len(row) for row in rows)
    import pandas as pd

    return pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object)


def _read_xlsx(path: Path, config_key: str, label: str) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_excel(path, header=None, dtype=object, sheet_name=0, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ConfigError(config_key, label, f"cannot be read as an Excel workbook ({error}): save it as .xlsx") \
            from None
    except OSError as error:
        raise ConfigError(config_key, label, f"cannot be read ({error.strerror or error})") from None


def _as_text(raw: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text it shows: blank for empty, 35 (not 35.0) for a whole number, dates as YYYY-MM-DD."""
    return raw.map(_text)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()
