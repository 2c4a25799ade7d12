"""Tables in the PDF: column widths that fit the text width, each row's height, where a table split
over pages breaks, and the rows drawn as an fpdf2 table (its header first)."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FontFace
from fpdf.enums import WrapMode

from analysis.report.document import Table
from analysis.report.linebreak import break_lines, narrowest
from analysis.report.pdf_style import FONT, HEADER_FILL, INK, RULE, SMALL, STRIPE_FILL

CELL_PADDING = 1.3  # above and below a cell's text, mm
CELL_SIDE = 2.0  # left and right of it
KEEP_WHOLE = 1 / 3  # a table up to this share of a page high is kept on one page; a longer one may split
LEAST_ROWS = 3      # rows of a split table on each of its pages, at least
HEADER_CHARACTERS = 4   # a column is at least as wide as this many characters of its header


def row_height(pdf, row: Sequence[str], widths: Sequence[float]) -> float:
    """A row's height in mm, its cells broken into lines of their column's width (the font set)."""
    lines = max(len(break_lines(text, pdf.get_string_width, width - 2 * CELL_SIDE - 0.2))
                for text, width in zip(row, widths, strict=True))
    return lines * SMALL[1] + 2 * CELL_PADDING


def rows_that_fit(heights: Sequence[float], first: int, room: float) -> int:
    """Where this page's part of a table ends: as many rows from `first` as fit in `room`, but
    leaving at least `LEAST_ROWS` for the next page when the table goes on (no row left alone);
    `first` when not even one fits."""
    last, used = first, 0.0
    while last < len(heights) and used + heights[last] <= room + 0.01:
        used += heights[last]
        last += 1
    if last < len(heights) and len(heights) - last < LEAST_ROWS:
        last = max(first + LEAST_ROWS, len(heights) - LEAST_ROWS) if last - first > LEAST_ROWS else last
    return last


def draw_rows(pdf, block: Table, rows: Sequence[Sequence[str]]) -> None:
    """The header and `rows`, as one fpdf2 table (which would still break a page itself, its header
    repeated, if a row came out taller than `row_height` measured)."""
    widths = column_widths(pdf, block)
    pdf.set_font(FONT, size=SMALL[0])
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    align = tuple("RIGHT" if numeric else "LEFT" for numeric in block.numeric)
    with pdf.table(
        col_widths=widths,   # proportions of `width`
        width=min(sum(widths), pdf.epw),   # shared out in floating point, the sum can pass epw by 1e-12
        align="LEFT",
        text_align=align,
        line_height=SMALL[1],
        padding=(CELL_PADDING, CELL_SIDE),
        wrapmode=WrapMode.CHAR,  # the cells arrive broken into lines that fit (break_lines)
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="", color=INK, fill_color=HEADER_FILL),
        cell_fill_color=STRIPE_FILL,
        cell_fill_mode="ROWS",
        repeat_headings=1,
    ) as table:
        for row in (block.header, *rows):
            cells = table.row()
            for text, width in zip(row, widths, strict=True):
                lines = break_lines(text, pdf.get_string_width, width - 2 * CELL_SIDE - 0.2)
                cells.cell("\n".join(lines))


def column_widths(pdf, block: Table) -> tuple[float, ...]:
    """Column widths in mm that fill at most the text width. Three targets, each wider than the
    last: every column as wide as its widest word or number, and its header's first
    `HEADER_CHARACTERS` Chinese characters (a Chinese header breaks anywhere, and a column of short
    numbers would stand it one character a line); every body cell on one line (the header may wrap);
    every cell on one line. The widest target that fits is taken, and the text
    width left over is shared towards the next one in proportion to what each column still needs."""
    pdf.set_font(FONT, size=SMALL[0])
    pad = 2 * CELL_SIDE + 0.5

    def width(texts, measure) -> float:
        return max((measure(text) for text in texts), default=0.0) + pad

    columns = list(zip(block.header, *block.rows, strict=True))
    heading = pdf.get_string_width("字" * HEADER_CHARACTERS)
    least = [max(width(column, lambda t: narrowest(t, pdf.get_string_width)),
                 min(pdf.get_string_width(column[0]), heading) + pad) for column in columns]
    body = [
        max(m, width(column[1:], pdf.get_string_width))
        for m, column in zip(least, columns, strict=True)
    ]
    widest = [
        max(b, width(column, pdf.get_string_width)) for b, column in zip(body, columns, strict=True)
    ]
    if sum(least) >= pdf.epw:
        return tuple(w * pdf.epw / sum(least) for w in least)
    below = least
    for target in (body, widest):
        if sum(target) > pdf.epw:
            spare = pdf.epw - sum(below)
            wanted = [t - b for t, b in zip(target, below, strict=True)]
            return tuple(b + spare * w / sum(wanted) for b, w in zip(below, wanted, strict=True))
        below = target
    return tuple(widest)
