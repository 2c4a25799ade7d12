"""key_periods (重点时段检查, 自然灾害检查): surges on the right calendar days, in the right sectors,
and weather alerts that raise hazard rates in the exposed sectors."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

import sim
from sim.engines.simpy.engine import County, Enterprise, Inspectorate
from sim.engines.simpy.regimes import key_period_surges
from sim.rules.dispatch import FROM_KEY_PERIODS
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario
from sim.world.schedules import (
    SURGE_CHECKS,
    SURGE_END,
    SURGE_GROUP,
    SURGE_NAMED,
    SURGE_TIME,
    SURGE_WEATHER,
    surge_days,
)
from sim.world.weather import draw_weather

ON = ["regimes.key_periods.enabled=true", "regimes.double_random.enabled=false"]
NO_WEATHER = ["calendar.weather_alerts_per_year=0"]
YEARS_2021_2022 = ["start_date=2021-01-01", "horizon_days=730", "warmup_days=0"]


def _dates(config, group=SURGE_NAMED) -> list[dt.date]:
    scenario = compile_scenario(config)
    table = surge_days(scenario, np.zeros(scenario.calendar.working.shape[0], dtype=bool))
    rows = table[table[:, SURGE_GROUP] == group]
    return [scenario.calendar.date(int(math.floor(t))) for t in rows[:, SURGE_TIME]]


def test_spring_festival_surge_falls_on_the_working_days_before_the_lunar_new_year():
    config = sim.load_config(overrides=[*ON, *NO_WEATHER, *YEARS_2021_2022, "regimes.key_periods.holidays=[spring_festival]"])
    days = _dates(config)
    # 正月初一 2021 is 12 February, but the first day off is 除夕, 11 February ("Day off (substituted ...)"):
    # the ten days before are 1-10 February, of which 6 February (Saturday) is not worked and
    # 7 February (Sunday) is a 调休 working day
    feb_2021 = [d for d in days if d.year == 2021]
    assert feb_2021 == [dt.date(2021, 2, d) for d in (1, 2, 3, 4, 5, 7, 8, 9, 10)]
    # 2022: 正月初一 is 1 February, the first day off 31 January (除夕); the ten days before are 21-30
    # January, of which 22 and 23 January (a weekend) are off and 29 and 30 January (Sat, Sun) are 调休 working days
    feb_2022 = [d for d in days if d.year == 2022]
    assert feb_2022 == [dt.date(2022, 1, d) for d in (21, 24, 25, 26, 27, 28, 29, 30)]


@pytest.mark.parametrize(("holiday", "start", "expected"), [
    # 清明 2022 is 5 April, but 3-5 April are off and 2 April (Saturday) is a 调休 working day
    ("qingming", "2022-01-01", [dt.date(2022, 3, 31), dt.date(2022, 4, 1), dt.date(2022, 4, 2)]),
    # 五一 2023: 1 May is a Monday and the weekend before (29-30 April) is off with it
    ("labour_day", "2023-01-01", [dt.date(2023, 4, 26), dt.date(2023, 4, 27), dt.date(2023, 4, 28)]),
])
def test_holiday_windows_end_at_the_first_day_off_not_the_first_named_day(holiday, start, expected):
    config = sim.load_config(overrides=[*ON, *NO_WEATHER, f"start_date={start}", "horizon_days=365", "warmup_days=0",
                                        f"regimes.key_periods.holidays=[{holiday}]", "regimes.key_periods.days_before=3"])
    assert _dates(config) == expected


def test_holidays_just_after_the_horizon_have_their_window_inside_it():
    config = sim.load_config(overrides=[*ON, *NO_WEATHER, *YEARS_2021_2022, "regimes.key_periods.holidays=[new_year]",
                                        "regimes.key_periods.days_before=5"])
    # 元旦 2023 is off from Saturday 31 December 2022, so its window is 26-30 December
    assert _dates(config) == [dt.date(2021, 12, 27), dt.date(2021, 12, 28), dt.date(2021, 12, 29),
                              dt.date(2021, 12, 30), dt.date(2021, 12, 31), dt.date(2022, 12, 26),
                              dt.date(2022, 12, 27), dt.date(2022, 12, 28), dt.date(2022, 12, 29),
                              dt.date(2022, 12, 30)]


def test_meetings_get_checks_on_their_own_working_days_and_expire_at_their_end():
    config = sim.load_config(overrides=[*ON, *NO_WEATHER, *YEARS_2021_2022, "regimes.key_periods.holidays=[]",
                                        "regimes.key_periods.meetings=[{name: party_congress_20, start: '2022-10-16', end: '2022-10-22'}]",
                                        "regimes.key_periods.surge_checks_per_day=2.5"])
    scenario = compile_scenario(config)
    table = surge_days(scenario, np.zeros(scenario.calendar.working.shape[0], dtype=bool))
    assert [scenario.calendar.date(int(t)) for t in table[:, SURGE_TIME]] == [dt.date(2022, 10, d) for d in range(17, 22)]
    assert list(table[:, SURGE_CHECKS]) == [2, 3, 2, 3, 2]  # 2.5 a day, in whole checks
    assert (table[:, SURGE_END] == (dt.date(2022, 10, 23) - dt.date(2021, 1, 1)).days).all()


def test_weather_alerts_are_poisson_and_surge_the_exposed_sectors_on_alert_working_days():
    config = sim.load_config(overrides=[*ON, *YEARS_2021_2022, "calendar.weather_alerts_per_year=6",
                                        "calendar.weather_alert_days=2", "regimes.key_periods.holidays=[]"])
    scenario = compile_scenario(config)
    counts = np.array([draw_weather(scenario, 0, r).starts.size for r in range(300)])
    mean = 6 * 730 / 365.25
    assert abs(counts.mean() - mean) < 4 * math.sqrt(mean / counts.size)
    weather = draw_weather(scenario, 0, 1)
    assert weather.alert.sum() <= 2 * weather.starts.size and weather.alert[weather.starts].all()
    exposed = scenario.sectors.weather_factor > 1
    on = weather.alert[None, :]
    assert np.allclose(weather.season, scenario.season * np.where(on & exposed[:, None], scenario.sectors.weather_factor[:, None], 1))
    table = surge_days(scenario, weather.alert)
    assert (table[:, SURGE_GROUP] == SURGE_WEATHER).all() and table.shape[0] > 0
    for t in table[:, SURGE_TIME]:
        d = int(t) - scenario.first_day
        assert weather.alert[d] and scenario.calendar.working[d]
    assert (scenario.surge_sectors[SURGE_WEATHER] == exposed).all()


def test_surge_checks_go_to_operating_firms_of_the_named_sectors(small_config):
    config = small_config(*ON, *NO_WEATHER, "warmup_days=0", "regimes.key_periods.sectors=[construction,town_gas]",
                          "regimes.key_periods.surge_checks_per_day=4")
    scenario = compile_scenario(config)
    county = County(scenario, draw_world(scenario, 0, 0), 0, 0, log_events=True)
    county.enterprises = [Enterprise(county, i) for i in range(county.population.size)]
    county.inspectorate = Inspectorate(county)
    county.env.process(key_period_surges(county))
    first = county.surges[0]
    county.env.run(until=first[SURGE_TIME] + 0.01)
    tasks = list(county.inspectorate.queue.remaining())
    assert len(tasks) == 4 and len({t.enterprise.index for t in tasks}) == 4
    names = {scenario.sectors.names[t.enterprise.sector] for t in tasks}
    assert names <= {"construction", "town_gas"}
    assert all(t.source == FROM_KEY_PERIODS and t.deadline == first[SURGE_END] for t in tasks)


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_every_surge_day_asks_for_its_checks(small_config, engine):
    config = small_config(*ON, "warmup_days=0", "calendar.weather_alerts_per_year=8")
    reps = sim.simulate(config, engine=engine, replications=1, seed=4, progress=False).replications.iloc[0]
    world = draw_world(compile_scenario(config), 4, 0)
    assert reps.key_period_surges == world.surges.shape[0] > 0
    assert reps.tasks_created_key_periods == world.surges[:, SURGE_CHECKS].sum()
    assert reps.weather_alerts == world.weather.starts.size > 0
    assert 0 < reps.inspections_key_periods <= reps.tasks_created_key_periods


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_weather_alerts_raise_hazards_in_exposed_sectors(small_config, engine):
    stormy = ["calendar.weather_alerts_per_year=40", "calendar.weather_alert_days=3",
              *(f"sectors.{s}.weather_factor=3" for s in ("construction", "industry_trade", "crowded_premises"))]
    calm = small_config("calendar.weather_alerts_per_year=0")
    hazards = lambda c: sim.simulate(c, engine=engine, replications=3, seed=1, progress=False).replications.hazards_created  # noqa: E731
    calm_h, stormy_h = hazards(calm).to_numpy(), hazards(small_config(*stormy)).to_numpy()
    # a third of the days at 3x in most of the county: about +40% hazards; demand well over +20%
    assert stormy_h.mean() > 1.2 * calm_h.mean()
