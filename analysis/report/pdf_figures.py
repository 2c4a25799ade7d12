"""A figure as fpdf2 can place it: its SVG as vectors when fpdf2 draws all of it, else its PNG."""

from __future__ import annotations

import logging
import re
from io import BytesIO

from fpdf.svg import SVGObject

from analysis.report.document import Figure

LOGGER = logging.getLogger("analysis.report.pdf")

_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def drawable(block: Figure) -> bytes | BytesIO:
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
