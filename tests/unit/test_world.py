"""The compiled world: calendar, population, nature draws, streams."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sim.streams import STREAMS, replication_seed, stream
from sim.world.calendar import HOLIDAYS, build_calendar
from sim.world.nature import base_rates, draw_hazard_candidates
from sim.world.population import draw_population
from sim.world.scenario import compile_scenario, largest_remainder

START = dt.date(2020, 1, 1)


@pytest.fixture(scope="module")
def calendar():
    return build_calendar(START, 365, 365 * 4, ((6, 1), (9, 30)), ((12, 1), (2, 28)))


def _day(calendar, date: dt.date) -> int:
    return calendar.index((date - START).days)


@pytest.mark.parametrize("date", [dt.date(2019, 2, 5), dt.date(2020, 1, 25), dt.date(2021, 2, 12),
                                  dt.date(2022, 2, 1), dt.date(2023, 1, 22)])
def test_spring_festival_falls_on_its_lunar_date(calendar, date):
    assert (date - START).days in calendar.spring_festival
    assert HOLIDAYS[calendar.holiday[_day(calendar, date)]] == "spring_festival"
    assert not calendar.working[_day(calendar, date)]


def test_working_days_follow_the_official_calendar(calendar):
    assert calendar.working[_day(calendar, dt.date(2020, 1, 19))]       # a make-up Sunday (调休)
    assert not calendar.working[_day(calendar, dt.date(2021, 10, 4))]   # National Day week
    assert not calendar.working[_day(calendar, dt.date(2022, 1, 1))]
    assert not calendar.working[_day(calendar, dt.date(2020, 1, 4))]    # an ordinary Saturday
    assert HOLIDAYS[calendar.holiday[_day(calendar, dt.date(2021, 4, 4))]] == "qingming"
    years = {}
    for i, working in enumerate(calendar.working):
        date = calendar.date(i + calendar.first_day)
        years[date.year] = years.get(date.year, 0) + int(working)
    assert all(245 <= n <= 252 for n in years.values())


def test_seasons_include_their_ends_and_winter_wraps(calendar):
    assert calendar.flood[_day(calendar, dt.date(2021, 6, 1))] and calendar.flood[_day(calendar, dt.date(2021, 9, 30))]
    assert not calendar.flood[_day(calendar, dt.date(2021, 10, 1))]
    assert calendar.winter[_day(calendar, dt.date(2021, 12, 31))] and calendar.winter[_day(calendar, dt.date(2022, 1, 15))]
    assert not calendar.winter[_day(calendar, dt.date(2022, 3, 1))]


def test_sector_counts_follow_the_shares_exactly():
    counts = largest_remainder(np.array([0.04, 0.02, 0.12, 0.45, 0.03, 0.25, 0.07, 0.02]), 3000)
    assert counts.tolist() == [120, 60, 360, 1350, 90, 750, 210, 60]
    assert largest_remainder(np.array([1 / 3, 1 / 3, 1 / 3]), 10).sum() == 10


def test_population_attributes(small_config):
    config = small_config("inspectors.count=4", "inspectors.professional_share=0.75")
    scenario = compile_scenario(config)
    pop = draw_population(scenario, 0, 0)
    assert pop.size == 300 and (pop.workers >= 1).all()
    assert ((pop.quality > 0) & (pop.quality < 1)).all()
    assert pop.professional.sum() == 3
    assert np.bincount(pop.owner, minlength=4).tolist() == [75, 75, 75, 75]
    assert set(np.unique(pop.risk_tier)) <= {0, 1, 2, 3}
    chem = pop.sector == scenario.sectors.names.index("hazardous_chemicals")
    trade = pop.sector == scenario.sectors.names.index("industry_trade")
    assert pop.risk_tier[chem].mean() < pop.risk_tier[trade].mean()  # chemicals are riskier


def test_hazard_candidates_have_the_bound_rate_and_sorted_times(small_config):
    scenario = compile_scenario(small_config("warmup_days=0"))
    pop = draw_population(scenario, 0, 0)
    expected = (base_rates(scenario, pop) * scenario.season_max[pop.sector]).sum() * scenario.horizon
    totals = [draw_hazard_candidates(scenario, pop, 0, r).time.shape[0] for r in range(20)]
    assert np.mean(totals) == pytest.approx(expected, rel=4 / np.sqrt(expected * 20))
    cand = draw_hazard_candidates(scenario, pop, 0, 0)
    for i in range(pop.size):
        times = cand.time[cand.first[i]:cand.first[i + 1]]
        assert np.all(np.diff(times) >= 0)
    assert cand.time.min() >= 0 and cand.time.max() < scenario.horizon


def test_streams_are_pure_and_distinct():
    a = stream(1, 2, "arrivals").random(3)
    assert np.array_equal(a, stream(1, 2, "arrivals").random(3))
    others = [stream(1, 2, name).random(3) for name in STREAMS if name != "arrivals"]
    assert all(not np.array_equal(a, other) for other in others)
    assert not np.array_equal(a, stream(1, 3, "arrivals").random(3))
    assert replication_seed(1, 2) == replication_seed(1, 2) != replication_seed(1, 3)
    with pytest.raises(ValueError):
        stream(-1, 0, "arrivals")
