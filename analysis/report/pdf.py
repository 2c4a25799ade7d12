"""Lay a `Document` out as an A4 portrait PDF with fpdf2, every glyph from the embedded Noto Sans SC.

The font is embedded as a CFF subset (only the glyphs used), so the text is selectable and
searchable in Chinese and English. Figures are placed as vectors from their SVG (fpdf2 draws
matplotlib's paths, <use> references and clip paths), at their `width_inches` x `height_inches`,
shrunk to the text width (and to one page) when larger; the caption is printed under the figure
and moved to the next page with it. Tables repeat their header row on every page they span.

Page breaks: a heading never ends a page: it moves to the next page with what leads its section
(an intro paragraph and the first figure, or a table's first rows, after it); a short table is
kept whole, a long one split after at least three rows. Each block's place is recorded
(`lay_out(...).placed`), so the tests can check these rules on a whole report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, TextMode, WrapMode, XPos, YPos

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
from analysis.report.linebreak import break_lines
from analysis.report.pdf_figures import drawable
from analysis.report.pdf_style import (
    ACCENT,
    BODY,
    FONT,
    FOOTER,
    H1,
    H2,
    INK,
    MARGIN_MM,
    MUTED,
    PT,
    SMALL,
    SUBTITLE,
    TITLE,
)
from analysis.report.pdf_table import (
    KEEP_WHOLE,
    LEAST_ROWS,
    column_widths,
    draw_rows,
    row_height,
    rows_that_fit,
)
from sim.io import write_atomic


class MissingGlyphError(ValueError):
    """The document uses characters the font has no glyph for (they would print as empty boxes)."""


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a block went: the page and height (mm from the top) it starts at and ends at."""

    block: Block
    page: int
    top: float
    end_page: int
    bottom: float


class _ReportPdf(FPDF):
    """FPDF with the report's footer (the page number and the page count, centred) and the record of
    where each block went."""

    placed: list[Placed]

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
    pdf = _laid_out(document)
    try:
        _refuse_missing_glyphs(pdf)
        write_atomic(Path(path), lambda staging: pdf.output(str(staging)))
    finally:
        _close_fonts(pdf)


def lay_out(document: Document) -> _ReportPdf:
    """The document laid out on A4 pages, for inspection only (its font files are closed, so it cannot
    be written); `.placed` says where each block went."""
    pdf = _laid_out(document)
    _close_fonts(pdf)
    return pdf


def _close_fonts(pdf: FPDF) -> None:
    """fpdf2 opens each font file lazily and never closes it; left to the garbage collector, the open
    file raises a ResourceWarning in whatever code runs then."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def _laid_out(document: Document) -> _ReportPdf:
    pdf = _new_pdf(document)
    _title(pdf, document)
    blocks = document.blocks
    for i, block in enumerate(blocks):
        page, top = _BLOCKS[type(block)](pdf, block, blocks[i + 1:])
        pdf.placed.append(Placed(block, page, top, pdf.page_no(), pdf.get_y()))
    return pdf


def _new_pdf(document: Document) -> _ReportPdf:
    pdf = _ReportPdf(orientation="portrait", unit="mm", format="A4")
    pdf.placed = []
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
    lines = break_lines(_plain(text), pdf.get_string_width, width)
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
    lines = break_lines(_plain(text), pdf.get_string_width, pdf.epw - indent)
    return len(lines) * line_height


def _plain(text: str) -> str:
    """The text as printed: a command's backticks (which the HTML sets as code) left out."""
    return text.replace("`", "")


def _room(pdf) -> float:
    """Millimetres left above the bottom margin on the current page."""
    return pdf.page_break_trigger - pdf.get_y()


def _at_page_top(pdf) -> bool:
    return pdf.get_y() <= pdf.t_margin + 0.5


def _keep(pdf, height: float) -> tuple[int, float]:
    """Start a new page unless `height` millimetres fit on this one (or this one is still empty);
    where the block starts."""
    if height > _room(pdf) and not _at_page_top(pdf):
        pdf.add_page()
    return pdf.page_no(), pdf.get_y()


def _page_height(pdf) -> float:
    return pdf.page_break_trigger - pdf.t_margin


def _heading_height(pdf, block: Heading) -> float:
    style = H1 if block.level <= 1 else H2
    return (5.0 if block.level <= 1 else 3.0) + _text_height(pdf, block.text, style) + 2.0


def _heading(pdf, block: Heading, rest: Sequence[Block]) -> tuple[int, float]:
    style = H1 if block.level <= 1 else H2
    before = 5.0 if block.level <= 1 else 3.0
    height = _heading_height(pdf, block)
    lead = _lead_height(pdf, rest)
    start = _keep(pdf, height + (lead if height + lead <= _page_height(pdf) else _first_part_height(pdf, rest)))
    if not _at_page_top(pdf):
        pdf.ln(before)
    pdf.start_section(block.text, level=max(block.level - 1, 0))
    _text(pdf, block.text, style, ACCENT, bold=True)
    pdf.ln(2.0)
    return start


def _lead_height(pdf, rest: Sequence[Block]) -> float:
    """What leads a section and stays on its heading's page: an intro paragraph (or none) and the first
    part of the figure or table after it."""
    if rest and isinstance(rest[0], Paragraph):
        return _text_height(pdf, rest[0].text, BODY) + 2.5 + _first_part_height(pdf, rest[1:])
    return _first_part_height(pdf, rest)


def _first_part_height(pdf, rest: Sequence[Block]) -> float:
    """How much of the next block must share the page with what comes before it."""
    block = rest[0] if rest else None
    if isinstance(block, Heading):   # a section's first subsection: its heading and what leads it
        return _heading_height(pdf, block) + _lead_height(pdf, rest[1:])
    if isinstance(block, Figure):
        return FIGURE_ABOVE + sum(_figure_size(pdf, block)[1:])
    if isinstance(block, Table):
        return _table_lead(pdf, block)
    if isinstance(block, Paragraph | Bullets):
        return 3 * BODY[1]
    return 0.0


def _paragraph(pdf, block: Paragraph, rest: Sequence[Block]) -> tuple[int, float]:
    start = _keep(pdf, 2 * BODY[1])
    _text(pdf, block.text, BODY, INK)
    pdf.ln(2.5)
    return start


BULLET_INDENT = 6.0
BULLET_RADIUS = 0.75


def _bullets(pdf, block: Bullets, rest: Sequence[Block]) -> tuple[int, float]:
    start = _keep(pdf, BODY[1])
    for item in block.items:
        _keep(pdf, BODY[1])
        y = pdf.get_y()
        with pdf.local_context(fill_color=ACCENT):  # drawn: the font's • is a small CJK dot
            pdf.circle(pdf.l_margin + 2.2, y + BODY[1] / 2, BULLET_RADIUS, style="F")
        pdf.set_xy(pdf.l_margin, y)
        _text(pdf, item, BODY, INK, indent=BULLET_INDENT)
        pdf.ln(1.0)
    pdf.ln(1.5)
    return start


def _table_lead(pdf, block: Table) -> float:
    """The height a table needs on its first page: all of a short table (up to `KEEP_WHOLE` of a
    page); a long one's caption, header and first `LEAST_ROWS` rows (it goes on over the next pages,
    its header repeated)."""
    caption, heights = _table_heights(pdf, block)
    whole = caption + sum(heights)
    return whole if whole <= KEEP_WHOLE * _page_height(pdf) else caption + sum(heights[: LEAST_ROWS + 1])


def _table_heights(pdf, block: Table) -> tuple[float, list[float]]:
    """The caption's height and each row's (the header first), in mm."""
    caption = _text_height(pdf, block.caption, SMALL) + 1.5 if block.caption else 0.0
    widths = column_widths(pdf, block)
    pdf.set_font(FONT, size=SMALL[0])
    return caption, [row_height(pdf, row, widths) for row in (block.header, *block.rows)]


def _table(pdf, block: Table, rest: Sequence[Block]) -> tuple[int, float]:
    lead = _table_lead(pdf, block)
    start = _keep(pdf, min(lead, _page_height(pdf)))
    if block.caption:
        _text(pdf, block.caption, SMALL, MUTED)
        pdf.ln(1.5)
    _, heights = _table_heights(pdf, block)
    header, rows = heights[0], heights[1:]
    first = 0
    while first < len(rows):
        last = rows_that_fit(rows, first, _room(pdf) - header)
        if last == first and not _at_page_top(pdf):
            pdf.add_page()
            continue
        last = max(last, first + 1)   # a row taller than a page: fpdf2 breaks it
        draw_rows(pdf, block, block.rows[first:last])
        first = last
        if first < len(rows):
            pdf.add_page()
    pdf.ln(5.0)
    return start


FIGURE_ABOVE = 1.0  # mm above a figure
FIGURE_GAP = 2.0  # between a figure and its caption


def _figure_size(pdf, block: Figure) -> tuple[float, float, float]:
    """(width, height, caption height + gaps) in mm: the figure's own size, fitted to one page."""
    width, height = block.width_inches * 25.4, block.height_inches * 25.4
    caption = _text_height(pdf, block.caption, SMALL) + FIGURE_GAP + 4.0
    page = pdf.h - pdf.t_margin - pdf.b_margin - caption
    scale = min(1.0, pdf.epw / width, page / height)
    return width * scale, height * scale, caption


def _figure(pdf, block: Figure, rest: Sequence[Block]) -> tuple[int, float]:
    width, height, caption = _figure_size(pdf, block)
    start = _keep(pdf, FIGURE_ABOVE + height + caption)
    if not _at_page_top(pdf):
        pdf.ln(FIGURE_ABOVE)
    y = pdf.get_y()
    image = drawable(block)
    pdf.image(image, x=pdf.l_margin + (pdf.epw - width) / 2, y=y, w=width, h=height)
    pdf.set_y(y + height + FIGURE_GAP)
    _text(pdf, block.caption, SMALL, MUTED)
    pdf.ln(4.0)
    return start


def _page_break(pdf, block: PageBreak, rest: Sequence[Block]) -> tuple[int, float]:
    if not _at_page_top(pdf):
        pdf.add_page()
    return pdf.page_no(), pdf.get_y()


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
