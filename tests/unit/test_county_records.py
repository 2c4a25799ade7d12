"""A county's yearly records (calibration.records): read into a tidy table from CSV and XLSX, Chinese or
English headers; bad records all refused at once before anything runs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import sim
from sim.__main__ import main
from sim.config.errors import ConfigError
from sim.county.records import COLUMNS, MEASURES, load_records
from sim.results_schema import AMOUNTS, COUNTS, MONTHLY, PLAN
from tests.unit.test_county_register import write

SMALL = ["population.enterprises=30", "inspectors.count=3", "horizon_days=60", "warmup_days=30"]
ZH = ["年份", "检查企业家次", "发现隐患（一般）", "发现隐患（重大）", "整改率", "行政处罚", "停产整顿", "举报", "奖励金额(万元)",
      "事故起数", "死亡人数", "死亡人数误差", "备注"]
EN = ["year", "inspections", "hazards_general", "hazards_major", "rectification_rate", "penalties", "suspensions",
      "reports", "rewards", "accidents", "deaths", "deaths_error", "notes"]
ROWS = [[2021, 1500, 4200, 6, "96%", 80, 5, 40, 1.5, 3, 2, 1, "县统计年报"],
        [2022, 1650, 4400, 4, 0.98, 95, 3, 52, "", 2, 1, "", ""]]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("header", [ZH, EN], ids=["zh", "en"])
def test_records_load_into_a_tidy_table(tmp_path, suffix, header):
    rows = ROWS if header is ZH else [[*r[:8], 15000 if r[8] == 1.5 else r[8], *r[9:]] for r in ROWS]
    table = load_records(str(write(tmp_path / f"r{suffix}", header, rows, title="执法统计")))
    assert list(table.columns) == list(COLUMNS)
    y2021 = table[table.year == 2021].set_index("measure")
    assert y2021.value.to_dict() == {"inspections": 1500, "hazards_general": 4200, "hazards_major": 6,
                                     "rectification_rate": 0.96, "penalties": 80, "suspensions": 5, "reports": 40,
                                     "rewards": 15000, "accidents": 3, "deaths": 2}
    assert y2021.error["deaths"] == 1 and math.isnan(y2021.error["accidents"])
    assert "rewards" not in set(table[table.year == 2022].measure)   # blank: not recorded that year
    assert table.year.tolist() == sorted(table.year.tolist())


def test_every_measure_names_a_column_of_the_result_schema():
    columns = set(COUNTS) | set(AMOUNTS)
    for m in MEASURES:
        if m.yearly == "window_year":
            assert f"{m.metric}_y1" in PLAN
        else:
            assert m.metric in columns and (not m.less or m.less in columns) and (not m.per or m.per in columns), m.name
        if m.yearly == "monthly":
            assert m.metric in MONTHLY


def test_bad_records_are_all_refused_at_once_and_nothing_runs(tmp_path, monkeypatch, capsys):
    write(tmp_path / "bad.xlsx", ZH[:6], [[2021, 12.5, 10, 1, 97, ""], [2021, 100, -1, "", "", ""],
                                          ["今年", 1, 1, 1, "0.9", ""]])
    monkeypatch.chdir(tmp_path)
    assert main(["calibration.records=bad.xlsx", *SMALL, f"hydra.run.dir={tmp_path / 'out'}"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "config error: calibration.records = 'bad.xlsx': 5 bad values in 3 rows; nothing was run: fix them and run again",
        "  bad.xlsx, row 2, column 检查企业家次: '12.5': must be a whole number >= 0, or blank (not recorded that year)",
        "  bad.xlsx, row 2, column 整改率: '97': must be a share in [0, 1] or a percentage like 95%, or blank (not "
        "recorded that year)",
        "  bad.xlsx, row 3, column 年份: '2021': the year 2021 is on row 2 already: one row per year",
        "  bad.xlsx, row 3, column 发现隐患（一般）: '-1': must be a whole number >= 0, or blank (not recorded that year)",
        "  bad.xlsx, row 4, column 年份: '今年': must be a year, a whole number from 1949 to 2100",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


@pytest.mark.parametrize("header, rows, message", [
    (["年份", "备注"], [[2021, "x"]], "names no measure the model gives: its columns must include one of 检查企业家次"),
    (["年份", "事故起数", "死亡人数误差"], [[2021, 1, 1]], "has the observation error column 死亡人数误差 without its "
                                                         "measure's column"),
    (["事故起数", "死亡人数"], [[1, 1]], "none of its first 10 rows is a header naming the year (年份, 年度 or year)"),
])
def test_a_bad_records_file_is_one_line(tmp_path, header, rows, message):
    path = write(tmp_path / "r.csv", header, rows)
    with pytest.raises(ConfigError) as caught:
        sim.load_config("county_baseline", [f"calibration.records={path}"])
    assert str(caught.value).startswith(f"config error: calibration.records = '{path}': {message}")


def test_a_run_with_records_checks_them_and_says_who_reads_them(tmp_path, monkeypatch, capsys):
    write(tmp_path / "records.csv", ZH, ROWS)
    monkeypatch.chdir(tmp_path)
    assert main(["calibration.records=records.csv", *SMALL, "engine=numba", f"hydra.run.dir={tmp_path / 'out'}"]) == 0
    err = capsys.readouterr().err
    assert (f"records: 2021–2022, 10 measure(s) (检查企业家次, 发现隐患（一般）, 发现隐患（重大）, 整改率, 行政处罚, 停产整顿, 举报, "
            f"奖励金额(万元), 事故起数, 死亡人数) from {tmp_path / 'records.csv'}, checked; python -m "
            "analysis.calibrate fits the model to them") in err
    assert isinstance(load_records(str(tmp_path / "records.csv")), pd.DataFrame)
