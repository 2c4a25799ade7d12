"""Where a line of mixed Chinese and English may break, for the PDF (browsers do this themselves).

fpdf2 breaks either at spaces only (Chinese has none) or at any character (which splits "3.2" and
"inspectors" across lines). Here a line may break between two Chinese characters or at a space,
never inside a Latin word or a number (but after a "/", so a long file path breaks at its folders), never before closing punctuation (，。）…) nor after opening
punctuation (（《“…): the usual rules of Chinese typesetting, simplified.
"""

from __future__ import annotations

from collections.abc import Callable

NO_LINE_START = set("，。、；：？！）》」』】〕〉”’％‰…—·,.;:?!)]}%")
NO_LINE_END = set("（《「『【〔〈“‘([{")


def is_cjk(char: str) -> bool:
    """Whether `char` is a Chinese (or other East Asian wide) character or punctuation mark."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or code >= 0x20000
    )


def _units(text: str) -> list[str]:
    """The unbreakable pieces of `text`: a CJK character, a run of other non-space characters, or
    " " for a space; closing punctuation is glued to what precedes it, opening to what follows."""
    units: list[str] = []
    glue_next = False
    for char in text:
        if char.isspace():
            units.append(" ")
            glue_next = False
            continue
        joins_previous = (
            units
            and units[-1] != " "
            and (
                glue_next
                or char in NO_LINE_START
                or (not is_cjk(char) and not is_cjk(units[-1][-1]) and units[-1][-1] != "/")
            )
        )
        if joins_previous:
            units[-1] += char
        else:
            units.append(char)
        glue_next = char in NO_LINE_END
    return units


def break_lines(text: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    """Split `text` into lines no wider than `max_width` (as measured by `width_of`).

    Explicit newlines are kept; a piece wider than a whole line is split between characters.
    Returns at least one line (an empty one for an empty text).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_break_paragraph(paragraph, width_of, max_width))
    return lines


def _break_paragraph(text: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    space = False
    for unit in _units(text):
        if unit == " ":
            space = bool(line)
            continue
        candidate = line + (" " if space else "") + unit
        space = False
        if width_of(candidate) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in unit:  # usually fits at once; else split the overlong piece by characters
            if line and width_of(line + char) > max_width:
                lines.append(line)
                line = ""
            line += char
    lines.append(line)
    return lines


def narrowest(text: str, width_of: Callable[[str], float]) -> float:
    """The width of the widest unbreakable piece of `text`: narrower than that, it must split a
    word or a number."""
    return max((width_of(unit) for unit in _units(text) if unit != " "), default=0.0)
