"""The county-data templates and the example scenario load; a run sets the records beside its own figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import sim
from sim.county.compare import records_beside, whole_years
from sim.county.records import load_records
from sim.county.register import load_register
from tests.unit.test_county_register import write

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_templates_load(suffix):
    register = load_register(str(ROOT / "docs" / "templates" / f"register_template{suffix}"))
    assert register.size == 3 and register.given() == {"workers": 2, "tier": 1, "key": 2}
    records = load_records(str(ROOT / "docs" / "templates" / f"records_template{suffix}"))
    assert set(records.year) == {2023} and len(records) == 14


def test_the_example_scenario_reads_its_files_from_its_own_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)   # not the repository: the paths are the scenario file's
    config = sim.load_config(str(ROOT / "scenarios" / "examples" / "county_register.yaml"))
    assert config.population.enterprises == 300
    assert config.population.register == str(ROOT / "scenarios" / "examples" / "county_register.csv")
    assert set(load_records(config.calibration.records).year) == {2019, 2020, 2021, 2022}
    small = sim.load_config(str(ROOT / "scenarios" / "examples" / "county_register.yaml"),
                            ["warmup_days=0", "horizon_days=90"])
    result = sim.simulate(small, engine="numba", replications=1, seed=0, events=False)
    assert result.replications.hazards_created.iloc[0] > 0


def test_whole_years_of_a_window():
    assert whole_years(dt.date(2020, 1, 1), 1096) == [2020, 2021, 2022]
    assert whole_years(dt.date(2020, 3, 1), 1096) == [2021, 2022]
    assert whole_years(dt.date(2020, 1, 1), 365) == []          # 2020 has 366 days


def test_the_records_are_set_beside_the_runs_figures_of_the_years_it_covers(tmp_path):
    path = write(tmp_path / "records.csv", ["年份", "检查企业家次", "事故起数", "行政处罚"],
                 [[2019, 10, 1, 3], [2020, 120, 2, 4]])
    config = sim.load_config("county_baseline", [f"calibration.records={path}", "population.enterprises=40",
                                                 "inspectors.count=2", "warmup_days=0", "horizon_days=366"])
    result = sim.simulate(config, engine="numba", replications=2, seed=0, events=False)
    lines = records_beside(result).splitlines()
    inspections = result.timeseries.groupby("replication").inspections.sum().mean()
    assert len(lines) == 4                                     # head, header, 2020's inspections and accidents
    assert lines[2].split() == ["检查企业家次", "2020", "120", f"{inspections:,.1f}"]
    assert lines[3].split()[:3] == ["事故起数", "2020", "2"]     # penalties: the window's only, not per year
