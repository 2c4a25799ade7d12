"""The report's renderers: one small document of every block type, in Chinese and in English, laid
out as HTML and as an A4 PDF, and read back (html.parser, pypdf)."""

from __future__ import annotations

import base64
import io
import logging
import re
from html.parser import HTMLParser

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from analysis.report import fonts  # noqa: E402
from analysis.report.document import (  # noqa: E402
    Bullets,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from analysis.report.html import render_html  # noqa: E402
from analysis.report.linebreak import break_lines  # noqa: E402
from analysis.report.pdf import MissingGlyphError, render_pdf  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

TEXT = {
    "zh": {
        "title": "县应急管理局执法力量测算",
        "subtitle": "决策会议材料 · 2026年12月",
        "finding": "每增加10名执法人员，每年可减少事故约3.2起（95%区间 2.9–3.5）。",
        "bullets": ("从30名增至45名：死亡人数每年减少0.34人。", "举报奖励超过¥30,000后效果饱和。"),
        "header": ("执法人员（名）", "每年事故（起）", "每年死亡（人）"),
        "caption": "图1：执法人员越多，事故越少，但边际效果递减。",
        "table_caption": "表1：各执法人员数下的年均结果",
        "axis": ("执法人员（名）", "每年事故起数"),
    },
    "en": {
        "title": "Inspection staffing for a county bureau",
        "subtitle": "Decision-meeting brief, December 2026",
        "finding": "Every 10 inspectors added avert about 3.2 accidents a year (95% interval 2.9–3.5).",
        "bullets": (
            "From 30 to 45 inspectors: 0.34 fewer deaths a year.",
            "Rewards above ¥30,000 add nothing.",
        ),
        "header": ("Inspectors", "Accidents a year", "Deaths a year"),
        "caption": "Figure 1: more inspectors, fewer accidents, at a falling rate.",
        "table_caption": "Table 1: yearly outcomes by staffing level",
        "axis": ("Inspectors", "Accidents a year"),
    },
}
STAFF = (0, 10, 20, 30, 45, 60, 90)
ACCIDENTS = (78.5, 49.6, 39.5, 36.1, 32.8, 30.7, 27.9)


def _chart(xlabel: str, ylabel: str) -> tuple[str, bytes]:
    family = fonts.use_cjk_font()
    with plt.rc_context({"font.family": family, "svg.fonttype": "path", "svg.hashsalt": "test"}):
        fig, ax = plt.subplots(figsize=(5.0, 2.8))
        ax.plot(STAFF, ACCIDENTS, marker="o")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        fig.tight_layout()
        svg, png = io.StringIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None})
        fig.savefig(png, format="png", dpi=60)
        plt.close(fig)
    return svg.getvalue(), png.getvalue()


def sample_document(language: str) -> Document:
    """Every block type, with a page break between two sections."""
    text = TEXT[language]
    svg, png = _chart(*text["axis"])
    rows = tuple(
        (str(n), f"{a:.1f}", f"{a / 14:.2f}") for n, a in zip(STAFF, ACCIDENTS, strict=True)
    )
    return Document(
        language=language,
        title=text["title"],
        subtitle=text["subtitle"],
        blocks=(
            Heading(text["title"], key="findings"),
            Paragraph(text["finding"]),
            Bullets(text["bullets"]),
            Table(text["header"], rows, (True, True, True), caption=text["table_caption"]),
            PageBreak(),
            Heading(text["header"][0], key="staffing"),
            Heading(text["header"][1], key="staffing-accidents", level=2),
            Figure("staffing-chart", svg, png, text["caption"], 5.0, 2.8),
            Paragraph(text["finding"]),
        ),
    )


@pytest.fixture(scope="module", params=["zh", "en"])
def document(request) -> Document:
    return sample_document(request.param)


@pytest.fixture
def no_fpdf_warnings(caplog):
    """Fail on anything fpdf2 logs at WARNING or above (missing glyphs, unsupported SVG)."""
    caplog.set_level(logging.WARNING, logger="fpdf")
    yield
    logged = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("fpdf") and r.levelno >= logging.WARNING
    ]
    assert logged == []


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
                self.links.append(value or "")


def test_html_is_one_self_contained_file_with_every_key(document):
    page = render_html(document)
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{"zh-CN" if document.language == "zh" else "en"}">' in page
    assert set(document.keys()) <= set(parser.ids)
    assert len(parser.ids) == len(set(parser.ids))
    assert all(link.startswith(("data:", "#")) for link in parser.links)
    assert all(
        url.startswith(("data:", "#")) for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", page)
    )
    assert not {"link", "script", "iframe", "img"} & set(parser.tags)
    assert "@import" not in page
    assert "http" not in re.sub(r"data:[^)\"']*", "", page)
    assert TEXT[document.language]["finding"].replace("%", "%") in page
    assert page.count("<figcaption>") == 1 and "<svg" in page


def test_html_refuses_two_sections_with_one_key():
    twice = (Heading("A", key="same"), Heading("B", key="same"))
    with pytest.raises(ValueError, match="same"):
        render_html(Document("en", "t", "", twice))


def test_html_embeds_only_the_characters_it_uses(document):
    page = render_html(document)
    data = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    text = TEXT[document.language]
    shown = [v if isinstance(v, str) else "".join(v) for k, v in text.items() if k != "axis"]
    used = {*"".join(shown), " ", "\u00a0"}
    assert set(map(chr, font.getBestCmap())) == used | set("0123456789.")
    assert len(page.encode()) < 100_000


def test_pdf_pages_text_and_embedded_font(document, tmp_path, no_fpdf_warnings):
    path = tmp_path / "report.pdf"
    render_pdf(document, path)
    reader = PdfReader(path)
    assert len(reader.pages) == 2  # the PageBreak starts page 2, and the rest fits on it
    squeezed = "".join(_text(page) for page in reader.pages)
    language = TEXT[document.language]
    for sentence in (language["finding"], language["caption"], *language["bullets"]):
        assert re.sub(r"\s+", "", sentence) in squeezed
    assert "每增加10名执法人员" in squeezed or document.language == "en"
    assert _text(reader.pages[0]).endswith("1/2")
    font = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [_descriptor(f.get_object()) for f in font.values()]
    assert any("/FontFile3" in d or "/FontFile2" in d for d in descriptors)
    assert list(tmp_path.iterdir()) == [path]  # no staging file left behind
    assert not any("/XObject" in page["/Resources"] for page in reader.pages)  # SVG as vectors


def _text(page) -> str:
    """A page's text layer without whitespace. pypdf (7.1) reads fpdf2's CID-keyed CFF font as
    if its codes were one byte, and so puts a NUL before each character; poppler's pdftotext reads
    the same file right, so the NULs are dropped here."""
    return re.sub(r"[\s\x00]+", "", page.extract_text())


def _descriptor(font) -> dict:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


def test_pdf_table_over_two_pages_repeats_its_header(tmp_path, no_fpdf_warnings):
    header = TEXT["zh"]["header"]
    rows = tuple((str(n), f"{n * 1.5:.1f}", f"{n / 7:.2f}") for n in range(90))
    document = Document("zh", "长表", "", (Table(header, rows, (True, True, True)),))
    render_pdf(document, tmp_path / "long.pdf")
    pages = PdfReader(tmp_path / "long.pdf").pages
    assert len(pages) >= 2
    assert all(header[1] in _text(page) for page in pages)


def test_a_table_whose_shared_widths_pass_the_text_width_by_a_rounding_error(tmp_path, monkeypatch):
    import analysis.report.pdf_table as pdf_table

    def full(page, block):   # what sharing the text width out can give: the sum a hair above it
        return tuple(page.epw / len(block.header) * (1 + 1e-15) for _ in block.header)

    monkeypatch.setattr(pdf_table, "column_widths", full)
    table = Table(("指标", "模拟值"), (("十万人死亡率", "1.25"),), (False, True))
    render_pdf(Document("zh", "表", "", (table,)), tmp_path / "t.pdf")
    assert "十万人死亡率" in _text(PdfReader(tmp_path / "t.pdf").pages[0])


def test_a_figure_fpdf2_cannot_draw_as_svg_is_placed_as_png(tmp_path, no_fpdf_warnings):
    with plt.rc_context({"font.family": fonts.use_cjk_font(), "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(3.0, 2.0))
        ax.bar(["双随机", "举报"], [12, 7], hatch="//")  # hatching is an SVG <pattern>
        svg, png = io.StringIO(), io.BytesIO()
        fig.savefig(svg, format="svg")
        fig.savefig(png, format="png", dpi=60)
        plt.close(fig)
    figure = Figure("hatched", svg.getvalue(), png.getvalue(), "图：阴影柱。", 3.0, 2.0)
    render_pdf(Document("zh", "图", "", (figure,)), tmp_path / "hatched.pdf")
    xobjects = PdfReader(tmp_path / "hatched.pdf").pages[0]["/Resources"]["/XObject"]
    assert [x.get_object()["/Subtype"] for x in xobjects.values()] == ["/Image"]


def test_a_figure_given_only_as_png(tmp_path, no_fpdf_warnings):
    _, png = _chart(*TEXT["en"]["axis"])
    document = Document("en", "PNG", "", (Figure("only-png", "", png, "A PNG figure.", 4.0, 2.5),))
    page = render_html(document)
    assert '<figure id="only-png">\n<img src="data:image/png;base64,' in page
    render_pdf(document, tmp_path / "png.pdf")
    xobjects = PdfReader(tmp_path / "png.pdf").pages[0]["/Resources"]["/XObject"]
    assert [x.get_object()["/Subtype"] for x in xobjects.values()] == ["/Image"]


def test_a_figure_that_does_not_fit_moves_to_the_next_page_with_its_caption(tmp_path):
    _, png = _chart(*TEXT["en"]["axis"])
    filler = tuple(Paragraph(f"Line {i}.") for i in range(26))  # leaves ~1 cm of page 1
    figure = Figure("late", "", png, "The caption stays with its figure.", 4.0, 2.5)
    render_pdf(Document("en", "Fill", "", (*filler, figure)), tmp_path / "late.pdf")
    first, second = PdfReader(tmp_path / "late.pdf").pages
    assert "Line25." in _text(first) and "/XObject" not in first["/Resources"]
    assert "/XObject" in second["/Resources"] and "captionstays" in _text(second)


def test_a_character_the_font_lacks_is_an_error(tmp_path):
    document = Document("en", "Glyphs", "", (Paragraph("A private-use character: \ue000"),))
    with pytest.raises(MissingGlyphError, match="U\\+E000"):
        render_pdf(document, tmp_path / "bad.pdf")
    assert list(tmp_path.iterdir()) == []


def test_the_font_is_registered_with_matplotlib():
    from matplotlib import font_manager

    family = fonts.use_cjk_font()
    assert family == "Noto Sans SC"
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert found == str(fonts.cjk_font_path())


def test_a_missing_font_is_a_one_line_error(tmp_path, monkeypatch):
    with pytest.raises(fonts.FontMissingError) as caught:
        fonts.cjk_font_path(tmp_path)
    message = str(caught.value)
    assert "\n" not in message and "pylopdf-fonts-zh-cn" in message
    monkeypatch.setattr(fonts, "_installed_font_dir", lambda: None)
    with pytest.raises(fonts.FontMissingError):
        render_html(Document("en", "t", "", ()))
    with pytest.raises(fonts.FontMissingError):
        render_pdf(Document("en", "t", "", ()), tmp_path / "x.pdf")


def test_lines_break_between_chinese_characters_never_inside_numbers_or_words():
    text = "每增加10名执法人员，每年可减少事故约3.2起。Every inspector counts."
    for width in range(10, 40):  # wider than the longest word
        lines = break_lines(text, len, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(line.startswith(("，", "。", ".")) for line in lines)
        assert all("3.2" in line for line in lines if "3" in line)
        assert all(len(line) <= width for line in lines)
    assert break_lines("", len, 10) == [""]
    assert break_lines("inspectors", len, 4) == ["insp", "ecto", "rs"]  # too long: split anyway


def _open_font_files() -> list[str]:
    import os
    fds = "/proc/self/fd"
    opened = []
    for fd in os.listdir(fds):
        try:
            opened.append(os.readlink(f"{fds}/{fd}"))
        except OSError:
            pass
    return [target for target in opened if target.endswith((".otf", ".ttf"))]


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="needs /proc (Linux)")
def test_rendering_and_laying_out_leave_no_font_file_open(tmp_path):
    """fpdf2 opens the CJK font lazily and never closes it; left to the garbage collector, the open
    file's ResourceWarning failed whichever test ran then (CI, twice). Collection is held off here, so a
    file left open is still open when we look."""
    import gc

    from analysis.report.pdf import lay_out
    before = _open_font_files()
    gc.disable()
    try:
        render_pdf(Document("zh", "表", "", (Paragraph("字"),)), tmp_path / "closed.pdf")
        lay_out(Document("en", "t", "", (Paragraph("Text."),)))
        with pytest.raises(MissingGlyphError):
            render_pdf(Document("zh", "表", "", (Paragraph("\ue000"),)), tmp_path / "never.pdf")
        assert _open_font_files() == before
    finally:
        gc.enable()
