"""A county's register (population.register): read from CSV and XLSX, Chinese or English headers, run by
both engines; bad rows all refused at once; the register wins over the scenario's count and mix."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import sim
from sim.__main__ import main
from sim.checkpoint import run_key
from sim.config.county_schema import SECTORS
from sim.config.errors import ConfigError
from sim.county.register import load_register
from sim.county.table import MAX_SHOWN, BadRows
from sim.world.population import riskiest_first
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario

SMALL = ["inspectors.count=3", "horizon_days=60", "warmup_days=30"]
ZH = ["企业名称", "行业", "从业人员", "风险等级", "重点企业", "乡镇"]
EN = ["name", "sector", "workers", "risk_tier", "key", "township"]
ROWS = [
    ["甲化工有限公司", "危险化学品", 120, "红", "是", "城关镇"],
    ["乙建筑工程有限公司", "建筑施工", 45, "", "是", "城关镇"],
    ["丙机械厂", "机械", 30, "蓝", "", "东湖街道"],
    ["丁燃气公司", "城镇燃气", 15, "", "否", "东湖街道"],
    ["戊商场", "人员密集场所", "", "", "", "西山乡"],
    ["己客运公司", "两客一危", 60, "橙", "", "西山乡"],
]
SECTOR_OF = ["hazardous_chemicals", "construction", "industry_trade", "town_gas", "crowded_premises",
             "road_transport"]


def write(path: Path, header: list[str], rows: list[list], title: str | None = None) -> Path:
    """A register as CSV (UTF-8) or XLSX (first sheet), with an optional title row above the header."""
    lines = ([[title]] if title else []) + [header] + rows
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for line in lines:
            book.active.append([None if v == "" else v for v in line])
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(lines)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("header", [ZH, EN], ids=["zh", "en"])
def test_register_read_from_csv_and_xlsx_with_either_headers(tmp_path, suffix, header):
    rows = [[*r[:1], SECTOR_OF[i] if header is EN else r[1], *r[2:]] for i, r in enumerate(ROWS)]
    if header is EN:
        rows = [[*r[:3], {"红": "red", "橙": "orange", "蓝": "blue"}.get(r[3], r[3]),
                 {"是": "yes", "否": "no"}.get(r[4], r[4]), r[5]] for r in rows]
    register = load_register(str(write(tmp_path / f"r{suffix}", header, rows, title="某县企业名录")))
    assert [SECTORS[s] for s in register.sector] == SECTOR_OF
    assert register.workers.tolist() == [120, 45, 30, 15, 0, 60]          # 0: blank, drawn
    assert register.tier.tolist() == [0, -1, 3, -1, -1, 1]
    assert register.key.tolist() == [1, 1, -1, 0, -1, -1]
    assert register.rows.tolist() == [3, 4, 5, 6, 7, 8]                  # title row 1, header row 2
    assert register.name[0] == "甲化工有限公司" and register.township[4] == "西山乡"


def test_header_variants_units_and_full_width_brackets(tmp_path):
    path = write(tmp_path / "r.csv", ["单位名称", "所属行业", "职工人数（人）", "风险分级", "是否重点", "乡镇（街道）"],
                 [["A", "危化品", "1,200", "重大风险", "是", ""], ["B", "工贸", "7", "低风险", "否", ""]])
    register = load_register(str(path))
    assert register.workers.tolist() == [1200, 7] and register.tier.tolist() == [0, 3]
    assert set(register.headers) == {"name", "sector", "workers", "tier", "key", "township"}


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_both_engines_run_the_registers_enterprises(tmp_path, engine):
    path = write(tmp_path / "r.xlsx", ZH, [r if r[2] != "" else [*r[:2], 9, *r[3:]] for r in ROWS])
    config = sim.load_config("county_baseline", [f"population.register={path}", *SMALL])
    world = draw_world(compile_scenario(config), 0, 0)
    names = compile_scenario(config).sectors.names
    assert [names[s] for s in world.population.sector] == SECTOR_OF
    assert world.population.workers.tolist() == [120, 45, 30, 15, 9, 60]
    result = sim.simulate(config, engine=engine, replications=1, seed=0, events=False)
    industrial = sum(w for w, s in zip([120, 45, 30, 15, 9, 60], SECTOR_OF, strict=True) if s != "road_transport")
    assert result.replications["workers_industrial"].tolist() == [industrial]   # what the engine counted


def test_given_tiers_and_key_enterprises_are_honoured_and_rank_first(tmp_path):
    path = write(tmp_path / "r.csv", ZH, ROWS)
    config = sim.load_config("county_baseline", [f"population.register={path}", *SMALL])
    population = draw_world(compile_scenario(config), 3, 1).population
    tier = population.risk_tier
    assert tier[0] == 0 and tier[2] == 3 and tier[5] == 1         # given
    assert tier[1] <= 1 and tier[3] >= 2                         # 重点 是 -> red or orange; 否 -> yellow or blue
    order = riskiest_first(population)
    assert np.all(np.diff(tier[order]) >= 0)                     # the lead checks and the plan: red first


def test_what_the_register_lacks_stays_drawn_from_seed_and_replication(tmp_path):
    a = write(tmp_path / "a.csv", ZH, ROWS)
    b = write(tmp_path / "b.csv", ZH, [[*r[:2], 7, "", "", ""] for r in ROWS])   # other workers, no tiers
    worlds = [draw_world(compile_scenario(sim.load_config("county_baseline", [f"population.register={p}", *SMALL])),
                         5, 2).population for p in (a, a, b)]
    for name in ("quality", "good_credit", "check_offset", "owner", "professional"):
        assert np.array_equal(getattr(worlds[0], name), getattr(worlds[1], name))
        assert np.array_equal(getattr(worlds[0], name), getattr(worlds[2], name)), name
    assert np.array_equal(worlds[0].workers, worlds[1].workers)
    assert worlds[2].workers.tolist() == [7] * 6


def test_register_wins_over_the_scenarios_count_and_mix_and_says_so(tmp_path, monkeypatch, capsys):
    path = write(tmp_path / "r.csv", ZH, ROWS)
    config = sim.load_config("county_baseline", [f"population.register={path}", "population.enterprises=500"])
    assert config.population.enterprises == 6
    assert config.population.sector_shares == {s: 1 / 6 for s in SECTORS if s in SECTOR_OF}
    monkeypatch.chdir(tmp_path)
    assert main(["population.register=r.csv", "population.enterprises=500", *SMALL, "engine=numba",
                 f"hydra.run.dir={tmp_path / 'out'}"]) == 0
    err = capsys.readouterr().err
    assert f"register: 6 enterprises in 6 sectors from {path}; they replace population.enterprises and " \
           "population.sector_shares (the register wins)" in err
    recorded = sim.load_config(str(tmp_path / "out" / ".hydra" / "config.yaml"))
    assert recorded.population.register == str(path) and recorded.population.enterprises == 6


def test_a_relative_path_in_a_scenario_file_is_read_from_its_folder(tmp_path, monkeypatch):
    folder = tmp_path / "county"
    folder.mkdir()
    write(folder / "register.csv", ZH, ROWS)
    (folder / "my_county.yaml").write_text("name: my_county\npopulation:\n  register: register.csv\n")
    monkeypatch.chdir(tmp_path)
    config = sim.load_config("county/my_county.yaml")
    assert config.population.register == str((folder / "register.csv").resolve())
    with pytest.raises(ConfigError, match="population.register = 'register.csv': no such file"):
        sim.load_config("county_baseline", ["population.register=register.csv"])   # from the working folder


BAD_ROWS = [
    ["A", "煤矿", 12, "红", "是", ""],          # row 2: no such sector
    ["B", "工贸", -3, "", "", ""],               # row 3: workers < 1
    ["C", "", 5, "紫", "也许", ""],              # row 4: blank sector, unknown tier, not yes/no
    ["D", "工贸", 5, "红", "否", ""],            # row 5: red but not a key enterprise
    ["E", "工贸", 2.5, "", "", ""],              # row 6: not a whole number
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_bad_row_is_reported_at_once_and_nothing_runs(tmp_path, monkeypatch, capsys, suffix):
    write(tmp_path / f"bad{suffix}", ZH, BAD_ROWS)
    monkeypatch.chdir(tmp_path)
    assert main([f"population.register=bad{suffix}", *SMALL, f"hydra.run.dir={tmp_path / 'out'}"]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == ""
    assert lines[0] == (f"config error: population.register = 'bad{suffix}': 7 bad values in 5 rows; nothing was "
                        "run: fix them and run again")
    assert lines[1].startswith(f"  bad{suffix}, row 2, column 行业: '煤矿': must name one of the model's sectors: 危险化学品")
    assert lines[2] == f"  bad{suffix}, row 3, column 从业人员: '-3': must be a whole number >= 1, or blank (then drawn)"
    assert [line.split(": ")[0] for line in lines[3:]] == [
        f"  bad{suffix}, row 4, column 行业", f"  bad{suffix}, row 4, column 风险等级", f"  bad{suffix}, row 4, column 重点企业",
        f"  bad{suffix}, row 5, column 重点企业", f"  bad{suffix}, row 6, column 从业人员"]
    assert "contradicts 风险等级 红 on the same row" in lines[6]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"bad{suffix}"]          # nothing written


def test_many_bad_rows_are_shown_up_to_the_limit(tmp_path):
    path = write(tmp_path / "r.csv", EN, [[f"e{i}", "mining", 3, "", "", ""] for i in range(MAX_SHOWN + 7)])
    with pytest.raises(BadRows) as caught:
        load_register(str(path))
    lines = str(caught.value).splitlines()
    assert len(lines) == 1 + MAX_SHOWN + 1 and lines[-1] == f"  ... and 7 more (the first {MAX_SHOWN} are shown)"
    assert len(caught.value.cells) == MAX_SHOWN + 7


@pytest.mark.parametrize("make, message", [
    (lambda p: p.with_suffix(".xls").write_bytes(b"x") and p.with_suffix(".xls"),
     "is an old-style Excel .xls file: save it as .xlsx (Excel workbook) or .csv (CSV UTF-8)"),
    (lambda p: p.with_suffix(".txt").write_text("x") and p.with_suffix(".txt"),
     "must be a path to a .csv or .xlsx file, or empty for none"),
    (lambda p: write(p, ["名称", "地址"], [["A", "B"]]),
     "none of its first 10 rows is a header naming the sector (行业, 行业类别, 所属行业 or sector)"),
    (lambda p: write(p, ZH, []), "has no enterprises: no row below its header (row 1)"),
    (lambda p: write(p, ["行业", "行业类别"], [["工贸", "工贸"]]), "columns 行业 and 行业类别 mean the same (sector): keep one"),
])
def test_a_bad_file_is_one_line(tmp_path, make, message):
    path = make(tmp_path / "r.csv")
    with pytest.raises(ConfigError) as caught:
        sim.load_config("county_baseline", [f"population.register={path}"])
    assert str(caught.value) == f"config error: population.register = '{path}': {message}"


def test_a_gbk_csv_is_read(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("行业,从业人员\n危险化学品,12\n".encode("gb18030"))
    assert load_register(str(path)).workers.tolist() == [12]


def test_an_edited_register_is_another_run(tmp_path):
    path = write(tmp_path / "r.csv", ZH, ROWS)
    config = sim.load_config("county_baseline", [f"population.register={path}"])
    before = run_key(config, "numba", 0, False)
    write(path, ZH, [[*r[:2], 99, *r[3:]] for r in ROWS])
    assert run_key(config, "numba", 0, False) != before


def test_a_config_whose_counts_are_not_the_registers_is_refused(tmp_path):
    path = write(tmp_path / "r.csv", ZH, ROWS)
    config = sim.load_config("county_baseline", [f"population.register={path}"])
    config.population.enterprises = 3000
    with pytest.raises(ConfigError, match="are not the register's: load the config with sim.load_config"):
        compile_scenario(config)


def test_a_chinese_file_name_with_a_space_is_taken_unquoted_on_the_command_line(tmp_path, monkeypatch):
    write(tmp_path / "某县 企业名录.csv", ZH, ROWS)
    monkeypatch.chdir(tmp_path)
    config = sim.load_config("county_baseline", ["population.register=某县 企业名录.csv"])
    assert config.population.register == str(tmp_path / "某县 企业名录.csv") and config.population.enterprises == 6
