"""Lay a `Document` out as an A4 portrait PDF with fpdf2, every glyph from the embedded Noto Sans SC.

The font is embedded as a CFF subset (only the glyphs used), so the text is selectable and
searchable in Chinese and English. Figures are placed as vectors from their SVG (fpdf2 draws
matplotlib's paths, <use> references and clip paths), at their `width_inches` x `height_inches`,
shrunk to the text width (and to one page) when larger; the caption is printed under the figure
and moved to the next page with it. Tables repeat their header row on every page they span.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import Align, TextMode, WrapMode, XPos, YPos
from fpdf.svg import SVGObject

from analysis.report.document import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from analysis.report.fonts import cjk_font_path
from analysis.report.linebreak import break_lines, narrowest
from sim.io import write_atomic

LOGGER = logging.getLogger(__name__)
FONT = "NotoSansSC"
MARGIN_MM = 18.0
PT = 25.4 / 72  # millimetres in a point

# (font size in pt, line height in mm) for each kind of text
TITLE = (20.0, 10.0)
SUBTITLE = (11.5, 6.0)
H1 = (15.0, 8.0)
H2 = (12.0, 6.5)
BODY = (10.5, 6.0)
SMALL = (9.0, 4.8)  # tables, captions
FOOTER = (8.5, 5.0)

INK = (33, 37, 41)
MUTED = (95, 99, 104)
ACCENT = (23, 62, 112)
RULE = (180, 186, 194)
HEADER_FILL = (226, 233, 242)
STRIPE_FILL = (245, 247, 250)


class MissingGlyphError(ValueError):
    """The document uses characters the font has no glyph for (they would print as empty boxes)."""


class _ReportPdf(FPDF):
    """FPDF with the report's footer: the page number and the page count, centred."""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=FOOTER[0])
        self.set_text_color(*MUTED)
        self.cell(0, FOOTER[1], f"{self.page_no()} / {{nb}}", align=Align.C)


def render_pdf(document: Document, path: Path) -> None:
    """Write `document` as an A4 PDF at `path`, atomically (a reader never sees half a file).

    Raises
    ------
    analysis.report.fonts.FontMissingError
        When the Noto Sans SC font file is not installed.
    MissingGlyphError
        When a character of the document has no glyph in the font.
    """
    pdf = _new_pdf(document)
    _title(pdf, document)
    blocks = document.blocks
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        _BLOCKS[type(block)](pdf, block, following)
    _refuse_missing_glyphs(pdf)
    write_atomic(Path(path), lambda staging: pdf.output(str(staging)))


def _new_pdf(document: Document) -> _ReportPdf:
    pdf = _ReportPdf(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(cjk_font_path()))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM + 2)
    pdf.c_margin = 0  # text starts at the margin and may fill the whole width break_lines measured
    pdf.set_lang("zh-CN" if document.language == "zh" else "en")
    pdf.set_title(document.title)
    pdf.set_subject(document.subtitle)
    pdf.set_creator("analysis.report")
    pdf.add_page()
    return pdf


def _title(pdf: _ReportPdf, document: Document) -> None:
    _text(pdf, document.title, TITLE, ACCENT, bold=True)
    if document.subtitle:
        pdf.ln(1)
        _text(pdf, document.subtitle, SUBTITLE, MUTED)
    pdf.ln(3)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(6)


def _text(pdf, text: str, style, color, bold: bool = False, indent: float = 0.0) -> None:
    """A left-aligned paragraph of one style, wrapped to the text width less `indent`."""
    size, line_height = style
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*color)
    width = pdf.epw - indent
    lines = break_lines(text, pdf.get_string_width, width)
    if bold:  # the font has one weight: thicken headings by stroking the outlines too
        pdf.text_mode = TextMode.FILL_STROKE
        pdf.set_draw_color(*color)
        pdf.set_line_width(size * 0.025 * PT)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(
        width,
        line_height,
        "\n".join(lines),
        align=Align.L,
        wrapmode=WrapMode.CHAR,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.text_mode = TextMode.FILL


def _text_height(pdf, text: str, style, indent: float = 0.0) -> float:
    size, line_height = style
    pdf.set_font(FONT, size=size)
    lines = break_lines(text, pdf.get_string_width, pdf.epw - indent)
    return len(lines) * line_height


def _room(pdf) -> float:
    """Millimetres left above the bottom margin on the current page."""
    return pdf.page_break_trigger - pdf.get_y()


def _at_page_top(pdf) -> bool:
    return pdf.get_y() <= pdf.t_margin + 0.5


def _keep(pdf, height: float) -> None:
    """Start a new page unless `height` millimetres fit on this one (or this one is still empty)."""
    if height > _room(pdf) and not _at_page_top(pdf):
        pdf.add_page()


def _heading(pdf, block: Heading, following: Block | None) -> None:
    style = H1 if block.level <= 1 else H2
    before = 5.0 if block.level <= 1 else 3.0
    height = before + _text_height(pdf, block.text, style) + 2.0
    _keep(pdf, height + _first_part_height(pdf, following))
    if not _at_page_top(pdf):
        pdf.ln(before)
    pdf.start_section(block.text, level=max(block.level - 1, 0))
    _text(pdf, block.text, style, ACCENT, bold=True)
    pdf.ln(2.0)


def _first_part_height(pdf, block: Block | None) -> float:
    """How much of the next block must share the page with a heading."""
    if isinstance(block, Figure):
        return sum(_figure_size(pdf, block)[1:])
    if isinstance(block, Table):
        return 25.0
    if isinstance(block, Paragraph | Bullets):
        return 3 * BODY[1]
    return 0.0


def _paragraph(pdf, block: Paragraph, following: Block | None) -> None:
    _keep(pdf, 2 * BODY[1])
    _text(pdf, block.text, BODY, INK)
    pdf.ln(2.5)


BULLET_INDENT = 6.0
BULLET_RADIUS = 0.75


def _bullets(pdf, block: Bullets, following: Block | None) -> None:
    for item in block.items:
        _keep(pdf, BODY[1])
        y = pdf.get_y()
        with pdf.local_context(fill_color=ACCENT):  # drawn: the font's • is a small CJK dot
            pdf.circle(pdf.l_margin + 2.2, y + BODY[1] / 2, BULLET_RADIUS, style="F")
        pdf.set_xy(pdf.l_margin, y)
        _text(pdf, item, BODY, INK, indent=BULLET_INDENT)
        pdf.ln(1.0)
    pdf.ln(1.5)


CELL_PADDING = 1.3  # above and below a cell's text, mm
CELL_SIDE = 2.0  # left and right of it


def _table(pdf, block: Table, following: Block | None) -> None:
    widths = _column_widths(pdf, block)
    caption_height = _text_height(pdf, block.caption, SMALL) + 1.5 if block.caption else 0.0
    _keep(pdf, caption_height + 3 * (SMALL[1] + 2 * CELL_PADDING))
    if block.caption:
        _text(pdf, block.caption, SMALL, MUTED)
        pdf.ln(1.5)
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
        for row in (block.header, *block.rows):
            cells = table.row()
            for text, width in zip(row, widths, strict=True):
                lines = break_lines(text, pdf.get_string_width, width - 2 * CELL_SIDE - 0.2)
                cells.cell("\n".join(lines))
    pdf.ln(5.0)


def _column_widths(pdf, block: Table) -> tuple[float, ...]:
    """Column widths in mm that fill at most the text width. Three targets, each wider than the
    last: every column as wide as its widest word or number; every body cell on one line (the
    header may wrap); every cell on one line. The widest target that fits is taken, and the text
    width left over is shared towards the next one in proportion to what each column still needs."""
    pdf.set_font(FONT, size=SMALL[0])
    pad = 2 * CELL_SIDE + 0.5

    def width(texts, measure) -> float:
        return max((measure(text) for text in texts), default=0.0) + pad

    columns = list(zip(block.header, *block.rows, strict=True))
    least = [width(column, lambda t: narrowest(t, pdf.get_string_width)) for column in columns]
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


FIGURE_ABOVE = 1.0  # mm above a figure
FIGURE_GAP = 2.0  # between a figure and its caption


def _figure_size(pdf, block: Figure) -> tuple[float, float, float]:
    """(width, height, caption height + gaps) in mm: the figure's own size, fitted to one page."""
    width, height = block.width_inches * 25.4, block.height_inches * 25.4
    caption = _text_height(pdf, block.caption, SMALL) + FIGURE_GAP + 4.0
    page = pdf.h - pdf.t_margin - pdf.b_margin - caption
    scale = min(1.0, pdf.epw / width, page / height)
    return width * scale, height * scale, caption


_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _drawable(block: Figure) -> bytes | BytesIO:
    """The figure's SVG, as vectors, when fpdf2 can draw all of it; else its PNG. fpdf2 skips what
    it does not support with a warning (matplotlib's hatching is an SVG <pattern>, and the hatched
    bars would vanish), so the SVG is parsed once with those warnings caught."""
    if not block.svg.strip():
        return BytesIO(block.png)
    svg = _METADATA.sub("", block.svg).encode("utf-8")
    logger = logging.getLogger("fpdf.svg")
    records, propagate = _Records(), logger.propagate
    logger.addHandler(records)
    logger.propagate = False
    try:
        SVGObject(svg)
    finally:
        logger.removeHandler(records)
        logger.propagate = propagate
    if not records.messages:
        return svg
    LOGGER.info("Figure %r placed as PNG: %s", block.key, "; ".join(sorted(set(records.messages))))
    return BytesIO(block.png)


def _figure(pdf, block: Figure, following: Block | None) -> None:
    width, height, caption = _figure_size(pdf, block)
    _keep(pdf, FIGURE_ABOVE + height + caption)
    if not _at_page_top(pdf):
        pdf.ln(FIGURE_ABOVE)
    y = pdf.get_y()
    image = _drawable(block)
    pdf.image(image, x=pdf.l_margin + (pdf.epw - width) / 2, y=y, w=width, h=height)
    pdf.set_y(y + height + FIGURE_GAP)
    _text(pdf, block.caption, SMALL, MUTED)
    pdf.ln(4.0)


def _page_break(pdf, block: PageBreak, following: Block | None) -> None:
    if not _at_page_top(pdf):
        pdf.add_page()


_BLOCKS: dict[type, Callable] = {
    Heading: _heading,
    Paragraph: _paragraph,
    Bullets: _bullets,
    Table: _table,
    Figure: _figure,
    PageBreak: _page_break,
}


def _refuse_missing_glyphs(pdf: FPDF) -> None:
    missing = sorted(
        {chr(c) for font in pdf.fonts.values() for c in getattr(font, "missing_glyphs", ())}
    )
    if missing:
        listed = " ".join(f"{c!r} (U+{ord(c):04X})" for c in missing[:20])
        raise MissingGlyphError(f"The report's font has no glyph for: {listed}")
