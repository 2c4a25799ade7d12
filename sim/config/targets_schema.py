"""Schema of a scenario's targets (控制指标): the ceilings a plan sets on the indicators.

A target is a number the simulated indicator must stay under, or null for "no target". Targets do
not change the simulation; `analysis/scenario_report.py` sets each one against the simulated
value with its 95% interval.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param

PLAN = "the scenario's plan"
CITY_PLAN = "city-13th-five-year-safety-plan-2017 (主要控制指标)"
TARGET = "a target of the scenario's plan, which the report compares with; it changes nothing simulated"


@dataclass(slots=True, kw_only=True)
class TargetsConfig:
    """控制指标: a plan's ceilings on the indicators; null means the plan sets no such target."""

    year: int = param(0, rule="count", source=PLAN,
                      doc="year the targets are set for, shown in the report (0: not given)", role="setting", why=TARGET)
    deaths_per_100k_workers_max: float | None = param(
        None, rule="optional_nonneg", unit="deaths/100,000 workers/year",
        source=f"{PLAN}; {CITY_PLAN}: below 1.5 in 2020",
        doc="十万人死亡率 (工矿商贸): deaths per 100,000 industry, mining and commerce workers a year "
            "must stay below this", role="setting", why=TARGET)
    accidents_per_year_max: float | None = param(
        None, rule="optional_nonneg", unit="accidents/year",
        source=f"{PLAN}; {CITY_PLAN}: below the 2011-2015 average, which it does not state",
        doc="事故总量: accidents a year must stay below this", role="setting", why=TARGET)
    deaths_per_year_max: float | None = param(
        None, rule="optional_nonneg", unit="deaths/year",
        source=f"{PLAN}; {CITY_PLAN}: below the 2011-2015 average, which city_five_year_plan sets on the "
               "deaths outside road transport (deaths_outside_road_per_year_max)",
        doc="死亡人数: deaths a year, road-transport firms included, must stay below this", role="setting", why=TARGET)
    deaths_outside_road_per_year_max: float | None = param(
        None, rule="optional_nonneg", unit="deaths/year",
        source=f"{PLAN}; {CITY_PLAN}: below the 2011-2015 average, derived for deaths outside road "
               "traffic in city_five_year_plan",
        doc="死亡人数 (道路运输以外): deaths a year outside road-transport firms must stay below this; for "
            "plans whose death figures count road transport with road traffic at large, which the model "
            "does not hold", role="setting", why=TARGET)
    serious_accidents_per_year_max: float | None = param(
        None, rule="optional_nonneg", unit="accidents/year",
        source=f"{PLAN}; no document gives a number (较大及以上事故 \"有效控制\")",
        doc="较大及以上事故: accidents with 3 or more deaths a year must stay below this", role="setting", why=TARGET)
    note: str = param("", rule="any", source=PLAN,
                      doc="where the targets come from, printed under the targets table of the report", role="setting", why=TARGET)
