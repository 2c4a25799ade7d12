"""A report as a list of blocks, in one language, before it is HTML or PDF.

The content (what to say, which figures) is built once into a `Document`; `html.render_html` and
`pdf.render_pdf` each lay the same blocks out, so the two files never say different things. Every
string here is already translated and its numbers formatted for the document's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Heading:
    """A section (level 1) or subsection (level 2) title; `key` names the section for links and tests."""

    text: str
    key: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    """Findings or a short list, one sentence each."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table of formatted strings; `numeric[j]` right-aligns column j."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart drawn by analysis.report.charts: the same figure as SVG (text as paths) and as PNG,
    with the one-sentence reading printed under it."""

    key: str
    svg: str
    png: bytes
    caption: str
    width_inches: float
    height_inches: float


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start the next block on a new page in print; nothing in HTML."""


Block = Heading | Paragraph | Bullets | Table | Figure | PageBreak


@dataclass(frozen=True, slots=True)
class Document:
    """One report in one language ('zh' or 'en')."""

    language: str
    title: str
    subtitle: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def keys(self) -> list[str]:
        """The section and figure keys, in order (what the tests look for in both outputs)."""
        return [block.key for block in self.blocks if isinstance(block, Heading | Figure)]
