"""The study page's indicators against their targets and the months, at the level a planner picks, worked
out by hand on a sweep written here (tests/unit/county_sweep.py); and the county form's sources named as
the report names the documents."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from scipy import stats
from starlette.testclient import TestClient

from analysis.report.build import target_rows
from analysis.report.county import targets
from analysis.report.language import Words
from analysis.report.study import cell_county
from analysis.sweep_tables import read_sweep
from analysis.workbench.app import build_app
from analysis.workbench.indicators import county_view
from analysis.workbench.workspace import Workspace
from tests.unit.county_sweep import (
    LEVELS,
    MONTHS,
    NAME,
    REPLICATIONS,
    TODAY,
    coverage,
    death_rate,
    falls,
    open_hazards,
    write_study,
)

BASE = "http://127.0.0.1:8000"
NAMES = {cell: str(level) for cell, level in enumerate(LEVELS)}


def _view(tmp_path, language: str = "zh", years: int = 2) -> dict:
    workspace = Workspace(tmp_path / "ws")
    name = write_study(workspace.studies, years)
    return county_view(workspace.study_folder(name) / "staffing", NAMES, language, levels=True)


def test_each_levels_indicators_against_their_targets_are_worked_out_as_by_hand(tmp_path):
    chart = _view(tmp_path)["chart"]
    rate, covered = chart["indicators"]["death_rate"], chart["indicators"]["coverage"]
    r = np.arange(REPLICATIONS)
    assert rate["mean"] == pytest.approx([death_rate(level, r).mean() for level in LEVELS])
    assert rate["target"] == 1.5 and rate["target_text"] == "低于1.5"   # the city plan's, as the report's
    assert rate["met"] == pytest.approx([np.mean(death_rate(level, r) < 1.5) for level in LEVELS])   # 0, 0, ½
    assert rate["source"] == "市“十三五”安全生产规划（2020年）"
    assert covered["mean"] == pytest.approx([100 * coverage(level) for level in LEVELS]) and covered["percent"]
    assert covered["met"] == [0.0, 1.0, 1.0] and covered["target_text"] == "100%"
    assert chart["x"] == ["0", "2", "4"] and chart["reference"] == LEVELS.index(TODAY)


def test_double_decline_is_the_share_of_periods_whose_accidents_and_deaths_both_fall(tmp_path):
    view = _view(tmp_path, "en")
    shares = [np.mean([falls(level, r) for r in range(REPLICATIONS)]) for level in LEVELS]
    assert shares == [0.0, 0.0, 0.5]
    assert "in 50% of simulated periods" in view["double_decline"][2]
    assert "in 0% of simulated periods" in view["double_decline"][0]
    assert _view(tmp_path / "one", "en", years=1)["double_decline"] == [None, None, None]   # one year: no 双下降


def test_each_levels_month_by_month_band_is_the_mean_and_middle_90_percent(tmp_path):
    chart = _view(tmp_path)["chart"]
    band = chart["series"]["open_hazards"]
    assert chart["months"] == MONTHS and band["name"] == "未整改隐患（项）"
    for cell, level in enumerate(LEVELS):
        values = np.array([[open_hazards(level, r, k) for r in range(REPLICATIONS)] for k in range(len(MONTHS))])
        assert band["mean"][cell] == pytest.approx(values.mean(axis=1).tolist())
        assert band["low"][cell] == pytest.approx(np.quantile(values, 0.05, axis=1).tolist())
        assert band["high"][cell] == pytest.approx(np.quantile(values, 0.95, axis=1).tolist())
    assert set(chart["series"]) == {"open_hazards", "open_major_hazards", "hazards_created", "hazards_found",
                                    "accidents", "deaths", "inspections"}


def test_each_levels_table_is_the_reports_table_of_that_levels_county(tmp_path):
    view = _view(tmp_path, "en")
    sweep = read_sweep(tmp_path / "ws" / "studies" / NAME / "staffing")
    for cell in range(len(LEVELS)):
        assert view["tables"][cell] == target_rows(targets(cell_county(sweep, cell)), Words("en"))
    at_four = death_rate(4, np.arange(REPLICATIONS))
    half = stats.t.ppf(0.975, REPLICATIONS - 1) * at_four.std(ddof=1) / np.sqrt(REPLICATIONS)
    assert view["tables"][2][0][:4] == ("deaths per 100,000 workers a year (十万人死亡率)",
                                        f"{at_four.mean():.2f} ({at_four.mean() - half:.2f} to {at_four.mean() + half:.2f})",
                                        "below 1.5", "50%")


def test_the_study_page_shows_the_indicators_and_months_at_the_level_picked_in_both_languages(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    name = write_study(workspace.studies)
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    page = client.get(f"/studies/{name}").text
    assert '<section id="county-view">' in page and '<div id="months-chart"' in page
    assert '<option value="1" selected>2名执法人员（现状）</option>' in page
    assert re.search(r'<div class="cell-numbers" data-cell="1">\s*<table', page)   # today's table shown
    assert re.search(r'<div class="cell-numbers" data-cell="2" hidden>', page)
    assert "工矿商贸十万人死亡率" in page and "双下降：在政策不变的情况下，50%的模拟期内" in page
    data = json.loads(re.search(r'<script type="application/json" id="county-data">(.*?)</script>', page, re.S)[1])
    assert data["indicators"]["death_rate"]["met"] == [0.0, 0.0, 0.5] and data["levels"] is True
    client.cookies.set("lang", "en")
    english = client.get(f"/studies/{name}").text
    assert "<caption>At 4 inspectors</caption>" in english and "Double decline (双下降" in english
    assert "Month by month: open hazards and accidents" in english


def test_the_county_form_names_each_settings_documents_as_the_report_does(tmp_path):
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url=BASE)
    chinese = client.get("/county").text
    share = re.search(r'id="field-inspectors-professional_share".*?<span class="source"[^>]*>([^<]*)</span>',
                      chinese, re.S)[1]
    assert share == "《五华县安全生产专项整治三年行动实施计划》"   # not county-three-year-rectification-plan-2020
    plan = re.search(r'id="field-regimes-annual_plan-enabled".*?<span class="source"[^>]*>([^<]*)</span>',
                     chinese, re.S)[1]
    assert plan.startswith("《宿州市城市管理局埇桥分局安全生产“三个狠抓”专项行动方案》（科学制定、规范实施年度执法计划）；")
    cost = re.search(r'id="field-costs-inspector_yearly".*?<span class="source"[^>]*>([^<]*)</span>', chinese, re.S)[1]
    assert cost == "假设"
    client.cookies.set("lang", "en")
    english = client.get("/county").text
    share = re.search(r'id="field-inspectors-professional_share".*?<span class="source" title="([^"]*)">([^<]*)</span>',
                      english, re.S)
    assert share[2] == "Wuhua county three-year special rectification plan (2020)"
    assert share[1] == "county-three-year-rectification-plan-2020 (target &gt;= 75% by 2022)"   # the schema's, on hover
    assert "assumed: a safety engineer&#39;s day rate</span>" in english
