"""The one font the report is set in: Noto Sans SC (SIL OFL 1.1), for Chinese and English alike.

It comes from the PyPI package `pylopdf-fonts-zh-cn` (a dependency of this project), which ships the
font file (`NotoSansSC-Regular.otf`, CFF outlines, 8.3 MB, 30,890 code points) and nothing else we
use; no system font is assumed. The PDF embeds a subset of it, the HTML a smaller subset of it (only
the characters the document uses), and the charts draw their text with it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_FILE = "NotoSansSC-Regular.otf"
FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FAMILY = "Noto Sans SC"


class FontMissingError(RuntimeError):
    """The CJK font file is not installed; the message is one line saying how to install it."""


def _installed_font_dir() -> Path | None:
    """The folder of the installed font package, or None when it is not installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    return Path(pylopdf_fonts_zh_cn.__file__).parent


def cjk_font_path(font_dir: Path | None = None) -> Path:
    """The Noto Sans SC font file (OpenType/CFF).

    Parameters
    ----------
    font_dir
        Where to look for the file; by default the folder of the installed `pylopdf-fonts-zh-cn`.

    Raises
    ------
    FontMissingError
        When the file is not there, with a one-line message naming the package to install.
    """
    folder = font_dir if font_dir is not None else _installed_font_dir()
    path = folder / FONT_FILE if folder is not None else None
    if path is None or not path.is_file():
        where = f" (looked for {path})" if path is not None else ""
        raise FontMissingError(
            f"The report's Chinese font {FONT_FILE} is missing{where}: "
            "install it with `pip install pylopdf-fonts-zh-cn` (or `make setup`)"
        )
    return path


@cache
def use_cjk_font() -> str:
    """Register Noto Sans SC with matplotlib and return its family name.

    Set it as the charts' font with ``plt.rcParams["font.family"] = use_cjk_font()`` (or pass
    ``fontfamily=``); its glyphs include Latin letters, digits and U+2212 (matplotlib's minus sign),
    so English charts can use it too.
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()
