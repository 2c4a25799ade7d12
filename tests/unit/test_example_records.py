"""The example records of real counties (scenarios/examples/records/) load, and say what docs/sources.md quotes.

Each figure checked here is also checked against the sentence docs/sources.md quotes from the county's own
page, so a typo in a file, or a file and the page drifting apart, fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.county.records import load_records

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "scenarios" / "examples" / "records"
SOURCES = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")

# (file, year, measure, value, words quoted in docs/sources.md that give the value)
QUOTED = [
    ("haifeng", 2022, "hazards_general", 10734, "共发现一般隐患10734处"),
    ("haifeng", 2022, "hazards_major", 3, "发现重大隐患3处"),
    ("haifeng", 2022, "penalties", 205, "行政处罚205次"),
    ("haifeng", 2022, "suspensions", 12, "责令停产整顿12处"),
    ("haifeng", 2022, "accidents", 22, "全县共发生各类生产安全事故22起"),
    ("haifeng", 2023, "inspections", 25330, "检查企业25330次"),
    ("haifeng", 2023, "hazards_found", 6845, "发现隐患6845处"),
    ("haifeng", 2023, "hazards_major", 336, "全县共排查重大安全隐患336个"),
    ("haifeng", 2023, "deaths", 16, "死亡16人"),
    ("haifeng", 2024, "accidents", 14, "全县发生各类生产安全事故14起"),
    ("tianmen", 2020, "deaths", 31, "全市共发生各类安全生产事故22起,死亡31人"),
    ("tianmen", 2021, "inspections", 1273, "检查企业1273家次"),
    ("tianmen", 2021, "hazards_found", 1254, "排查隐患1254处"),
    ("tianmen", 2021, "penalties", 98, "行政处罚98次"),
    ("tianmen", 2021, "deaths", 53, "发生事故47起,死亡53人"),
    ("xiangshan", 2021, "deaths", 17, "共发生一般安全生产事故16起,死亡17人"),
    ("linhai", 2025, "accidents", 8, "全市发生各类生产安全事故8 起"),
    ("yaohai", 2024, "inspections", 35108, "共检查生产经营单位35108家"),
    ("yaohai", 2024, "penalties", 125, "依法实施行政处罚125处"),
    ("shexian", 2022, "deaths", 5, "歙县事故5起、死亡5人"),
    ("luohu", 2023, "deaths", 4, "辖区发生生产安全事故5起,死亡4人"),
    ("guangde", 2024, "deaths", 2, "(道路运输类)1起,死亡2人"),
]
# Figures docs/sources.md derives from the quoted ones, with the arithmetic it shows.
DERIVED = [
    ("haifeng", 2022, "deaths_industrial", 1 + 2 + 1),       # 工商贸1人、建筑施工2人、建材1人
    ("haifeng", 2022, "rectification_rate", (10218 + 3) / (10734 + 3)),
    ("haifeng", 2023, "rectification_rate", 6768 / 6845),
    ("tianmen", 2020, "deaths_industrial", 31 - 25),           # all deaths less road transport's
    ("tianmen", 2021, "deaths_industrial", 1 + 1),             # 建筑施工1人, 工贸1人
]


def value(name: str, year: int, measure: str) -> float:
    table = load_records(str(FOLDER / f"{name}.csv"))
    row = table[(table.year == year) & (table.measure == measure)]
    assert len(row) == 1, f"{name}.csv has no {measure} for {year}"
    return float(row.value.iloc[0])


def test_every_example_county_is_there_and_documented():
    names = {path.stem for path in FOLDER.glob("*.csv")}
    assert names == {q[0] for q in QUOTED}
    for name in names:
        assert f"scenarios/examples/records/{name}.csv" in SOURCES
        table = load_records(str(FOLDER / f"{name}.csv"))
        assert table.measure.nunique() >= 2, f"{name}.csv gives fewer than two measures"


@pytest.mark.parametrize(("name", "year", "measure", "expected", "quoted"), QUOTED,
                         ids=[f"{q[0]}-{q[1]}-{q[2]}" for q in QUOTED])
def test_a_file_says_what_the_page_says(name, year, measure, expected, quoted):
    assert quoted in SOURCES, f"docs/sources.md does not quote {quoted!r}"
    assert str(expected) in quoted
    assert value(name, year, measure) == expected


@pytest.mark.parametrize(("name", "year", "measure", "expected"), DERIVED,
                         ids=[f"{d[0]}-{d[1]}-{d[2]}" for d in DERIVED])
def test_a_derived_figure_is_the_arithmetic_shown(name, year, measure, expected):
    assert value(name, year, measure) == pytest.approx(expected, abs=5e-4)   # shares kept to 0.1%


def test_a_fit_file_keeps_its_countys_published_figures_each_with_an_error():
    """scenarios/examples/records/fit/<county>.csv, the calibration-ready copies (docs/calibration.md, "Real
    counties fitted"), give only figures of their county's file, unchanged, each with an observation error."""
    fits = sorted((FOLDER / "fit").glob("*.csv"))
    assert {path.stem for path in fits} == {"haifeng", "tianmen"}
    for path in fits:
        fit = load_records(str(path))
        published = load_records(str(FOLDER / f"{path.stem}.csv")).set_index(["year", "measure"]).value
        assert not fit.empty and (fit.error > 0).all(), f"{path.name}: every figure needs its error"
        for row in fit.itertuples():
            assert row.value == pytest.approx(published[(row.year, row.measure)]), f"{path.name} {row.year} {row.measure}"
        assert f"scenarios/examples/records/fit/{path.name}" in (ROOT / "docs" / "calibration.md").read_text("utf-8")
