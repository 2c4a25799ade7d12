"""The report's layout, checked on the small study's documents in both languages (issue 26): in the PDF
no heading ends a page and each keeps what leads its section, no page is left half empty unless a
page break follows, and a split table leaves no row alone; in the HTML every table fits the text
column with nothing hidden (its narrowest layout measured with the font's own widths, and, where
chromium is installed, in the browser at 1280 and 800 pixels); and no chart's legend covers its data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from analysis.report import charts, pdf  # noqa: E402
from analysis.report.build import build_document  # noqa: E402
from analysis.report.document import Document, Figure, Heading, PageBreak, Paragraph, Table  # noqa: E402
from analysis.report.fonts import cjk_font_path  # noqa: E402
from analysis.report.html import render_html  # noqa: E402
from analysis.report.linebreak import is_cjk  # noqa: E402
from analysis.report.pdf_table import LEAST_ROWS, rows_that_fit  # noqa: E402

LANGUAGES = ("zh", "en")


@pytest.fixture(scope="module")
def facts(report_facts):
    return report_facts


@pytest.fixture(scope="module")
def documents(report_documents):
    return report_documents


# -- the PDF ---------------------------------------------------------------------------------------

def headings_apart_from_their_lead(placed: list[pdf.Placed]) -> list[str]:
    """Headings whose next block, or (after an intro paragraph) the figure or table it introduces,
    starts on a later page."""
    apart = []
    for i, at in enumerate(placed[:-1]):
        if not isinstance(at.block, Heading):
            continue
        lead = [placed[i + 1]]
        if isinstance(lead[0].block, Paragraph) and i + 2 < len(placed) and isinstance(
                placed[i + 2].block, Figure | Table):
            lead.append(placed[i + 2])
        if any(part.page != at.page for part in lead):
            apart.append(f"{at.block.key} (page {at.page})")
    return apart


def pages_left_empty(laid, share: float = 0.5) -> list[str]:
    """Pages whose blocks end with more than `share` of the page empty, other than the last page and
    a page a page break ends."""
    height = laid.page_break_trigger - laid.t_margin
    ends: dict[int, int] = {}
    for i, at in enumerate(laid.placed):
        ends[at.end_page] = i
    empty = []
    for page, i in sorted(ends.items()):
        nxt = laid.placed[i + 1] if i + 1 < len(laid.placed) else None
        after = nxt.block if nxt is not None else None
        if nxt is not None and nxt.page == page:   # the next block starts here and goes on: the page is full
            continue
        free = (laid.page_break_trigger - laid.placed[i].bottom) / height
        if page < laid.page_no() and not isinstance(after, PageBreak) and free > share:
            empty.append(f"page {page}: {free:.0%} empty, then {type(after).__name__}")
    return empty


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_heading_ends_a_page_and_each_keeps_what_leads_its_section(documents, language):
    laid = pdf.lay_out(documents[language])
    assert len(laid.placed) == len(documents[language].blocks)
    assert headings_apart_from_their_lead(laid.placed) == []
    assert all(at.page == at.end_page for at in laid.placed if isinstance(at.block, Figure))
    assert pages_left_empty(laid) == []


def test_the_checks_catch_a_stranded_heading_and_a_half_empty_page():
    """Issue 26: a heading and its intro at a page's foot, the chart they introduce on the next page.
    Now the three move together; the checks find the old layout, and a page a tall figure left."""
    filler = tuple(Paragraph(f"Line {i}.") for i in range(20))
    figure = Figure("late", "", _png(), "A figure that does not fit below the heading.", 6.0, 3.0)
    laid = pdf.lay_out(Document("en", "Fill", "", (*filler, Heading("Section", "section"), Paragraph("Intro."),
                                                   figure)))
    heading = next(at for at in laid.placed if isinstance(at.block, Heading))
    assert heading.page == 2 and headings_apart_from_their_lead(laid.placed) == []
    nested = pdf.lay_out(Document("en", "Fill", "", (*filler, Heading("Other levers", "levers"),
                                                     Heading("Budget", "budget", 2), figure)))
    assert [at.page for at in nested.placed[-3:]] == [2, 2, 2]   # a section and its first subsection go together
    stranded = [pdf.Placed(Heading("Section", "section"), 1, 250.0, 1, 260.0),
                pdf.Placed(Paragraph("Intro."), 1, 260.0, 1, 270.0), pdf.Placed(figure, 2, 18.0, 2, 100.0)]
    assert headings_apart_from_their_lead(stranded) == ["section (page 1)"]
    tall = Figure("tall", "", _png(), "A figure too tall for what is left of the page.", 6.0, 9.0)
    left = pdf.lay_out(Document("en", "Tall", "", (*filler[:5], tall)))
    assert pages_left_empty(left) == ["page 1: 76% empty, then Figure"]


def _png() -> bytes:
    import io

    fig, ax = plt.subplots(figsize=(6.0, 3.0))
    ax.plot([0, 1], [0, 1])
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=40)
    plt.close(fig)
    return out.getvalue()


def test_a_split_table_leaves_at_least_three_rows_on_each_page():
    rows = [10.0] * 10
    assert rows_that_fit(rows, 0, 75.0) == 7          # 7 rows here, 3 on the next page
    assert rows_that_fit(rows, 0, 85.0) == 7          # 8 would fit, but would leave 2 alone
    assert rows_that_fit(rows, 0, 200.0) == 10        # all of it
    assert rows_that_fit(rows, 0, 5.0) == 0           # not one: the table starts on the next page
    assert rows_that_fit(rows, 7, 100.0) == 10 and LEAST_ROWS == 3


# -- the HTML --------------------------------------------------------------------------------------

COLUMN_PX = 46 * 16          # main's max-width (46rem): the text column at 800 px and wider
CELL_PADDING_PX = 2 * 0.65 * 16
WIDE_CELL_PADDING_PX = 2 * 0.4 * 16   # table.wide th, table.wide td


class _Cells(HTMLParser):
    """Each table's cells as their unbreakable pieces (a nowrap span or a short label whole; else
    words, and in a body cell each Chinese character), with the table's font size in px."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.cell: list[str] | None = None
        self.kept = 0          # depth inside elements whose text does not break
        self.header = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "table":
            self.tables.append({"size": 0.8 * 16 if "wide" in classes else 0.9 * 16, "columns": {},
                                "padding": WIDE_CELL_PADDING_PX if "wide" in classes else CELL_PADDING_PX})
        elif tag in ("td", "th"):
            # a header keeps its Chinese words whole (keep-all), except in a wide table
            self.cell, self.column = [], len(self.row)
            self.header = tag == "th" and self.tables[-1]["padding"] == CELL_PADDING_PX
            self.row.append(None)
            self.kept = 1 if "short" in classes else 0
        elif tag == "tr":
            self.row = []
        elif tag == "wbr" and self.cell is not None:
            self.cell.append("\0")   # a line may break here
        elif tag == "span" and "nw" in classes and self.cell is not None:
            self.cell.append("\0")   # a piece starts
            self.kept += 1

    def handle_endtag(self, tag):
        if tag == "span" and self.kept and self.cell is not None:
            self.kept -= 1
            self.cell.append("\0")
        elif tag in ("td", "th") and self.cell is not None:
            pieces = self.tables[-1]["columns"].setdefault(self.column, [])
            pieces += [p for p in "".join(self.cell).split("\0") if p]
            self.cell = None

    def handle_data(self, data):
        if self.cell is None:
            return
        if self.kept:
            self.cell.append(data)
        else:   # breakable: at spaces, and (outside a header's keep-all) between Chinese characters
            words = data.split()
            self.cell.append("\0" + "\0".join(w if self.header else re.sub(r"(.)", _split_cjk, w) for w in words)
                             + "\0")


def _split_cjk(match) -> str:
    char = match.group(1)
    return f"\0{char}\0" if is_cjk(char) else char


def narrowest_table_widths(page: str) -> list[float]:
    """Each table's narrowest layout in px: per column, its widest unbreakable piece at the table's
    font size (Noto Sans SC's advance widths, the font the page embeds) and the cell's padding."""
    with TTFont(str(cjk_font_path()), lazy=True) as font:   # closed: an open font warns when collected later
        cmap, advances, em = font.getBestCmap(), dict(font["hmtx"].metrics), font["head"].unitsPerEm
    parser = _Cells()
    parser.feed(page)

    def width(text: str, size: float) -> float:
        return sum(advances[cmap[ord(c)]][0] for c in text if ord(c) in cmap) / em * size

    return [sum(max(width(p, t["size"]) for p in pieces) + t["padding"] for pieces in t["columns"].values())
            for t in parser.tables]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_html_table_can_fit_the_text_column(documents, language):
    page = render_html(documents[language])
    widths = narrowest_table_widths(page)
    assert len(widths) == sum(isinstance(b, Table) for b in documents[language].blocks)
    assert [round(w) for w in widths if w > COLUMN_PX] == []
    assert "overflow-x" not in page   # nothing scrolls out of view
    named = sum(len(b.rows) * sum(bool(h) for h in b.header) for b in documents[language].blocks
                if isinstance(b, Table))   # a narrow screen stacks the cells, each under its column's name
    assert named and len(re.findall(r'<td[^>]* data-label="[^"]+"', page)) == named
    assert re.search(r"@media screen and \(max-width: 40rem\) \{[^@]*thead \{ display: none; \}", page)


def test_the_width_check_finds_the_tables_that_scrolled_before():
    """Issue 26: the staffing table's intervals never wrapped, so its public-spend column scrolled out
    of view at 1280 px; the check measures that table far wider than the column."""
    header = ("inspectors", "expected accidents", "deaths", "serious or worse accidents (较大及以上)", "deaths vs today",
              "public spend")
    row = "<tr>" + "".join(f'<td class="num">{c}</td>' for c in ("30", "3.1 (1.4 to 4.8)", "0.00 (0.00 to 0.00)",
                                                                 "0.000 (0.000 to 0.000)", "−0.17 (−0.31 to −0.03)",
                                                                 "¥6.11 million")) + "</tr>"
    # td.num { white-space: nowrap } kept each cell whole, as a nowrap span does
    before = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + f"</tr></thead><tbody>{row}</tbody>"
              "</table>").replace('<td class="num">', '<td class="num"><span class="nw">').replace("</td>", "</span></td>")
    assert narrowest_table_widths(before)[0] > COLUMN_PX
    folder = "/tmp/pytest-of-someone/pytest-74/study0/default_study/field_trial"   # a path breaks at its slashes
    assert narrowest_table_widths(f"<table><tr><td>{folder}</td></tr></table>")[0] > 400
    assert narrowest_table_widths(render_html(Document("en", "t", "", (Table(("folder",), ((folder,),), (False,)),)))
                                  )[0] < 200


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
MEASURE = """<script>
window.addEventListener('load', () => {
  const out = [...document.querySelectorAll('table')].map(t => ({table: t.getBoundingClientRect().width,
    box: t.parentElement.clientWidth, scroll: t.parentElement.scrollWidth, page: document.documentElement.scrollWidth,
    window: window.innerWidth}));
  const pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


@pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (apt-get install chromium; docs/report.md)")
@pytest.mark.parametrize("width", [1280, 800, 420])
def test_in_the_browser_no_table_is_wider_than_its_column(documents, tmp_path, width):
    for language in LANGUAGES:
        path = tmp_path / f"report-{language}.html"
        path.write_text(render_html(documents[language]).replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        dom = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},2000",
                              "--virtual-time-budget=5000", "--dump-dom", path.as_uri()], capture_output=True,
                             text=True, timeout=120).stdout
        tables = json.loads(re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S).group(1))
        assert tables
        wide = [t for t in tables if t["table"] > t["box"] + 0.5 or t["scroll"] > t["box"]
                or t["page"] > t["window"]]
        assert wide == [], (language, width)


# -- the charts ------------------------------------------------------------------------------------

def legends_over_data(figure) -> list[str]:
    """For each legend (an axes' own or the figure's), the plotted things it covers inside any axes:
    lines and marker points, whiskers, bars and bands, each as drawn (clipped to its axes)."""
    figure.canvas.draw()
    legends = [ax.get_legend() for ax in figure.axes if ax.get_legend() is not None] + list(figure.legends)
    covered = []
    for legend in legends:
        box = legend.get_window_extent()
        for ax in figure.axes:
            inside = Bbox.intersection(box, ax.bbox)
            if inside is None or inside.width <= 0 or inside.height <= 0:
                continue
            for artist in [*ax.lines, *ax.collections, *ax.patches]:
                if any(_covers(path, inside, artist) for path in _display_paths(artist)):
                    covered.append(f"{ax.get_ylabel() or ax.get_xlabel()}: {type(artist).__name__}")
    return covered


def _display_paths(artist):
    if isinstance(artist, Line2D):
        return [artist.get_transform().transform_path(artist.get_path())]
    if hasattr(artist, "get_paths"):
        transform = artist.get_transform()
        return [transform.transform_path(path) for path in artist.get_paths()]
    return [artist.get_transform().transform_path(artist.get_path())]


def _covers(path, box: Bbox, artist) -> bool:
    if isinstance(artist, Line2D) and artist.get_linestyle() in ("None", "", " "):
        x, y = path.vertices.T   # markers only: the points themselves
        return bool(((x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)).any())
    filled = not isinstance(artist, Line2D | LineCollection)
    return bool(path.intersects_bbox(box, filled=filled))


def test_no_chart_legend_covers_its_data(facts, monkeypatch):
    finish, covered = charts._finish, {}

    def checked(figure, key, caption):
        covered[key] = legends_over_data(figure)
        return finish(figure, key, caption)

    monkeypatch.setattr(charts, "_finish", checked)
    for language in LANGUAGES:
        build_document(facts, language)
    assert {"trial", "death_rate", "funnel_chart", "staffing_curves", "plan_years"} <= set(covered)
    assert {key: found for key, found in covered.items() if found} == {}


def test_the_legend_check_finds_a_legend_over_the_target_line():
    """Issue 26: the death-rate chart's legend sat over the target line (at the right, inside the axes)."""
    figure, ax = plt.subplots(figsize=(5.0, 1.9))
    ax.plot([1.30, 1.19, 1.24], [2, 1, 0], "s")
    ax.axvline(1.5, linestyle="--", label="2020 target")
    ax.set_xlim(0, 1.55)
    ax.legend(frameon=False, loc="lower right")
    assert legends_over_data(figure) != []
    ax.legend(frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0))   # as now: above the axes
    assert legends_over_data(figure) == []
    plt.close(figure)


def test_a_wide_table_keeps_room_for_its_verdict_in_words():
    """Page 1's options tables (eight columns, a verdict in words last): with every interval kept whole the
    numbers took the column and the verdict stood one Chinese character a line. In a wide table the
    verdict column keeps a least width and the intervals may wrap at 至."""
    header = ("方案", "每年费用", "每年减少死亡", "每年减少预期事故", "每避免1人死亡的费用", "最优概率", "双下降", "结论")
    row = ("远程监测", "+360万元", "0.3（0.1至0.4）", "1.27（1.18至1.35）", "1,300万元（800至3,200万元）", "78%", "42%",
           "死亡少于现状；预期事故少于现状；与其他方案并列死亡最少")
    page = render_html(Document("zh", "t", "", (Table(header, (row,), (False, True, True, True, True, True, True,
                                                                         False)),)))
    assert '<td class="long"' in page and re.search(r"table\.wide td\.long \{ min-width: \d+em; \}", page)
    assert '<span>（0.1至0.4）</span>' in page   # the bracket may wrap inside


def test_a_long_file_path_breaks_at_its_folders():
    """A register's path in the appendix is one word to the line breaker unless it may break after a
    '/': as one word it set the table's narrowest width past the page, and the Chinese PDF failed."""
    from analysis.report.linebreak import break_lines

    path = "/tmp/some/long/workspace/uploads/register/county_register.csv"
    lines = break_lines(path, len, 20)
    assert "".join(lines) == path
    assert all(len(line) <= 20 for line in lines)
