"""Lay a `Document` out as one self-contained HTML file: inline CSS, inline SVG figures, and a
subset of Noto Sans SC (only the characters the document uses) as a base64 WOFF @font-face.

Nothing in the file points outside it, so it opens the same from an e-mail attachment, a USB stick
or a machine without Chinese fonts, and prints on A4 (one column, figures and table rows never
split, table headers repeated, `PageBreak` honoured in print only).
"""

from __future__ import annotations

import base64
import re
from html import escape
from io import BytesIO

from fontTools import subset

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
from analysis.report.linebreak import is_cjk

FONT_FAMILY = "Report Sans"
LANG = {"zh": "zh-CN", "en": "en"}

CSS = """
:root { --ink: #212529; --muted: #5f6368; --accent: #173e70; --rule: #c9ced5;
  --head: #e2e9f2; --stripe: #f5f7fa; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink); font-size: 16px; line-height: 1.7;
  font-family: "Report Sans", "Noto Sans SC", "Source Han Sans SC", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
header { border-bottom: 3px solid var(--accent); padding-bottom: .8rem; margin-bottom: 1.6rem; }
h1 { font-size: 1.9rem; line-height: 1.3; color: var(--accent); margin: 0 0 .4rem; }
.subtitle { color: var(--muted); font-size: 1.05rem; margin: 0; }
h2 { font-size: 1.35rem; line-height: 1.4; color: var(--accent); margin: 2.2rem 0 .7rem;
  padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; line-height: 1.4; color: var(--accent); margin: 1.6rem 0 .5rem; }
p { margin: 0 0 .9rem; }
ul { margin: 0 0 1rem; padding-left: 1.4rem; }
li { margin: .3rem 0; }
html[lang="zh-CN"] p, html[lang="zh-CN"] li { text-align: justify; }
li::marker { color: var(--accent); }
/* a sentence holding a command: not justified (its long unbreakable words would stretch the spaces),
   and a long path may break anywhere on a narrow screen */
html[lang] .command { text-align: left; overflow-wrap: anywhere; }
html[lang] code { font-family: inherit; background: #eef1f5; padding: 0 0.25em; border-radius: 3px; }
figure { margin: 1.6rem 0; }
figure svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; line-height: 1.6; margin-top: .5rem; }
.table { margin: .6rem 0 1.6rem; }
table { border-collapse: collapse; font-size: .9rem; line-height: 1.5; max-width: 100%;
  font-variant-numeric: tabular-nums; }
table.wide { font-size: .8rem; }
table.wide th, table.wide td { padding: .3rem .4rem; }
table.wide th { word-break: normal; }   /* a wide table's Chinese headers may break between characters */
table.wide td.long { min-width: 7em; }   /* a verdict in words keeps a few words a line beside the numbers */
caption { caption-side: top; text-align: left; color: var(--muted); padding-bottom: .4rem; }
th, td { padding: .35rem .65rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid var(--rule); }
th { background: var(--head); font-weight: 600; word-break: keep-all; }   /* a Chinese header breaks between words, not characters */
tbody tr:nth-child(even) { background: var(--stripe); }
.num { text-align: right; }
td.short, .nw { white-space: nowrap; }   /* a number and its interval each stay whole; the cell may break between */
/* a narrow screen: each row a block, each cell under its column's name, so no column is cut off */
@media screen and (max-width: 40rem) {
  table, tbody, tr, td, caption { display: block; }
  thead { display: none; }
  tr { border-bottom: 1px solid var(--rule); padding: .3rem 0; }
  td { border: 0; padding: .1rem .4rem; text-align: right; white-space: normal; }
  td::before { content: attr(data-label); float: left; color: var(--muted); padding-right: .8rem;
    text-align: left; }
  td:first-child { text-align: left; font-weight: 600; }
  td:first-child::before { content: none; }
}
@page { size: A4; margin: 16mm 16mm 18mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  figure, tr, li { break-inside: avoid; }
  .table { overflow: visible; }
  thead { display: table-header-group; }
  .page-break { break-before: page; }
  th, tbody tr:nth-child(even) { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render_html(document: Document) -> str:
    """The whole report as one HTML page (UTF-8 text; write it with encoding="utf-8").

    Raises
    ------
    analysis.report.fonts.FontMissingError
        When the Noto Sans SC font file is not installed.
    ValueError
        When two headings or figures share a key (their ids must be unique).
    """
    _refuse_duplicate_keys(document)
    body = "\n".join(_block(block) for block in document.blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{LANG.get(document.language, document.language)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n"
        f"<style>\n{_font_face(document)}\n{CSS}</style>\n"
        "</head>\n<body>\n<main>\n<header>\n"
        f"<h1>{escape(document.title)}</h1>\n"
        + (f'<p class="subtitle">{escape(document.subtitle)}</p>\n' if document.subtitle else "")
        + f"</header>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _refuse_duplicate_keys(document: Document) -> None:
    keys = document.keys()
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"Section and figure keys must be unique; repeated: {', '.join(repeated)}")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        tag = "h2" if block.level <= 1 else "h3"
        return f'<{tag} id="{escape(block.key)}">{escape(block.text)}</{tag}>'
    if isinstance(block, Paragraph):
        return f"<p{_command(block.text)}>{_inline(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li{_command(item)}>{_inline(item)}</li>\n" for item in block.items)
        return f"<ul>\n{items}</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    raise TypeError(f"Not a report block: {block!r}")


def _inline(text: str) -> str:
    """Escaped text with each command in backticks set as <code> (not justified, shaded)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def _command(text: str) -> str:
    """The class of a paragraph or item that holds a command in backticks (CSS: not justified)."""
    return ' class="command"' if "`" in text else ""


SHORT_CELL = 28  # a text column whose cells all fit in 28 Latin letters (14 Chinese characters)
# is kept on one line


def _display_width(text: str) -> int:
    return sum(2 if is_cjk(char) else 1 for char in text)


WIDE = 6  # a table of this many columns or more is set in a smaller type, to fit the column


def _table(table: Table) -> str:
    """A table that fits the text column: numbers right-aligned, a number and its interval each kept
    whole with a break allowed between them; a text column of short cells (labels) kept on one line,
    so that the browser wraps the long headers rather than squeezing the labels; a wide table in a
    smaller type; on a narrow screen each row stacked, every cell under its column's name."""
    wide = len(table.header) >= WIDE
    short = [   # in a wide table only the first column (the options' names) is kept on one line
        not numeric and (j == 0 or not wide) and all(_display_width(row[j]) <= SHORT_CELL for row in table.rows)
        for j, numeric in enumerate(table.numeric)
    ]
    classes = [
        ' class="num"' if numeric else ' class="short"' if brief else ' class="long"' if wide else ""
        for numeric, brief in zip(table.numeric, short, strict=True)
    ]

    def cells(row: tuple[str, ...], tag: str) -> str:
        return "".join(
            f"<{tag}{attr}{_label(name, tag)}>{_cell(text, numeric and tag == 'td', wide)}</{tag}>"
            for text, attr, name, numeric in zip(row, classes, table.header, table.numeric, strict=True)
        )

    caption = f"<caption>{escape(table.caption)}</caption>\n" if table.caption else ""
    head = f"<thead><tr>{cells(table.header, 'th')}</tr></thead>\n"
    rows = "".join(f"<tr>{cells(row, 'td')}</tr>\n" for row in table.rows)
    attr = ' class="wide"' if wide else ""
    return f'<div class="table"><table{attr}>\n{caption}{head}<tbody>\n{rows}</tbody>\n</table></div>'


_INTERVAL = re.compile(r"^(.+?)(\s?[(（].*)$")   # "3.1 (1.4 to 4.8)", "3.1（1.4至4.8）"


def _cell(text: str, numeric: bool, wide: bool = False) -> str:
    """A cell's text; a number with its interval in brackets as two unbreakable parts, with a line
    break allowed between them (at the space, or before a Chinese bracket). A bracket of words (the
    reason a single value stands alone, an amount in millions) may wrap inside too, and in a wide
    table any bracket may (at 至), so that its verdict column keeps room for words; a number alone
    (+¥598,811) never breaks, and a folder's path may break after each slash."""
    parts = _INTERVAL.match(text) if numeric else None
    if parts is None and not numeric and "/" in text and " " not in text:
        return escape(text).replace("/", "/<wbr>")
    if parts is None:
        return f'<span class="nw">{escape(text)}</span>' if numeric and len(text.split()) == 1 else escape(text)
    gap = " " if parts.group(2)[0].isspace() else "<wbr>"
    bracket = parts.group(2).strip()
    kept = ' class="nw"' if len(bracket.split()) <= 3 and not wide else ""
    return f'<span class="nw">{escape(parts.group(1))}</span>{gap}<span{kept}>{escape(bracket)}</span>'


def _label(name: str, tag: str) -> str:
    """A body cell's column name, which a narrow screen shows beside it (CSS attr())."""
    return f' data-label="{escape(name)}"' if tag == "td" and name else ""


def _figure(figure: Figure) -> str:
    return (
        f'<figure id="{escape(figure.key)}">\n'
        f"{_inline_svg(figure) if figure.svg.strip() else _inline_png(figure)}\n"
        f"<figcaption>{escape(figure.caption)}</figcaption>\n"
        "</figure>"
    )


_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->|<metadata>.*?</metadata>", re.DOTALL)
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_SIZE_OR_NAMESPACE = re.compile(r'\s(?:width|height|xmlns(?::\w+)?)="[^"]*"')
_REFERENCE = re.compile(r'(href="#|url\(#)')


def _inline_svg(figure: Figure) -> str:
    """Matplotlib's SVG made fit to sit inside HTML: no XML prologue or metadata, its size given
    by CSS (`width_inches`, at most the column's width), its ids prefixed with the figure's key so
    two figures' <defs> can never collide."""
    svg = _PROLOGUE.sub("", figure.svg).strip()
    prefix = f"{figure.key}-"
    svg = re.sub(r'\bid="', f'id="{prefix}', svg)
    svg = _REFERENCE.sub(lambda match: match.group(1) + prefix, svg)
    opening = _SVG_TAG.search(svg)
    if opening is None:
        raise ValueError(f"Figure {figure.key!r} has no <svg> element")
    tag = _SIZE_OR_NAMESPACE.sub("", opening.group(0))
    style = f' style="width: {figure.width_inches:g}in" role="img" aria-label="{escape(figure.caption)}"'
    tag = tag[:4] + style + tag[4:]
    return svg[: opening.start()] + tag + svg[opening.end() :]


def _inline_png(figure: Figure) -> str:
    """A figure given only as PNG (empty `svg`), as a data: URI at `width_inches`."""
    data = base64.b64encode(figure.png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{escape(figure.caption)}" '
        f'style="display: block; margin: 0 auto; max-width: 100%; width: {figure.width_inches:g}in">'
    )


def _document_text(document: Document) -> str:
    parts = [document.title, document.subtitle]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.extend(block.items)
        elif isinstance(block, Table):
            parts.extend(
                [block.caption, *block.header, *(text for row in block.rows for text in row)]
            )
        elif isinstance(block, Figure):
            parts.append(block.caption)
    return "".join(parts)


def font_subset(text: str) -> bytes:
    """Noto Sans SC cut down to the characters of `text`, as WOFF (zlib), with its name table
    (which carries the OFL licence notice)."""
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    font = subset.load_font(str(cjk_font_path()), options, lazy=True)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text + " \u00a0")
        subsetter.subset(font)
        buffer = BytesIO()
        subset.save_font(font, buffer, options)
    finally:
        font.close()
    return buffer.getvalue()


def _font_face(document: Document) -> str:
    data = base64.b64encode(font_subset(_document_text(document))).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: normal; font-weight: 400; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )
