"""Regime schedules as data: when each regime acts, computed once from the config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sim.config.schema import Config
from sim.config.validate import parse_date, parse_month_day
from sim.world.calendar import Calendar, holiday_onsets


def double_random_periods(config: Config, calendar: Calendar) -> tuple[np.ndarray, np.ndarray]:
    """Start and end days of the double-random sampling periods (aligned to calendar months).

    Periods start on the first day of every `period_months`-th month counted from the start month,
    over warm-up and measured window alike; the last one is cut at the horizon.
    """
    regime = config.regimes.double_random
    if not regime.enabled:
        return np.empty(0), np.empty(0)
    first_of_month = np.flatnonzero(calendar.day_of_month == 1) + calendar.first_day
    months = calendar.month[first_of_month - calendar.first_day]
    starts = first_of_month[months % regime.period_months == 0].astype(float)
    ends = np.append(starts[1:], float(config.horizon_days))
    return starts, ends


# Which sectors a key-period surge checks: the regime's named sectors, or those exposed to the weather.
SURGE_NAMED, SURGE_WEATHER = 0, 1
(SURGE_TIME, SURGE_GROUP, SURGE_END, SURGE_CHECKS, N_SURGE) = range(5)
SURGE_TIME_OF_DAY = 0.25  # in the morning, before the day's dispatch at noon


def key_period_windows(config: Config, calendar: Calendar) -> list[tuple[int, int, str]]:
    """(first day, first day after, label) of every holiday, flood-season and meeting window.

    A holiday's window is the `days_before` days before its first day off (节前检查); the flood
    season's, the days before it starts (汛前检查); a meeting's, its own dates (会议期间).
    """
    regime = config.regimes.key_periods
    before = regime.days_before
    windows = []
    first_date = calendar.date(calendar.first_day)
    last_date = calendar.date(config.horizon_days - 1 + before)  # windows of holidays just after the horizon
    for name in regime.holidays:
        if name == "flood_season":
            m, d = parse_month_day("calendar.flood_season_start", config.calendar.flood_season_start)
            onsets = [dt.date(y, m, d) for y in range(first_date.year, last_date.year + 1)
                      if first_date <= dt.date(y, m, d) <= last_date]
        else:
            onsets = holiday_onsets(name, first_date, last_date)
        for onset in onsets:
            first = (onset - calendar.start_date).days
            windows.append((first - before, first, name))
    for meeting in regime.meetings:
        start = (parse_date("meeting", meeting["start"]) - calendar.start_date).days
        end = (parse_date("meeting", meeting["end"]) - calendar.start_date).days + 1
        windows.append((start, end, meeting["name"]))
    return sorted(windows)


def key_period_ends(config: Config, calendar: Calendar) -> np.ndarray:
    """Per calendar day, the first day after the holiday or meeting window it is in, or -1.

    The same for every replication, so computed once with the scenario.
    """
    first, n = calendar.first_day, calendar.working.shape[0]
    end_of = np.full(n, -1, dtype=np.int64)
    if config.regimes.key_periods.enabled:
        for start, end, _ in key_period_windows(config, calendar):
            for d in range(max(start, first), min(end, first + n)):
                end_of[d - first] = max(end_of[d - first], end)
    return end_of


@dataclass(slots=True, kw_only=True)
class SurgeInputs:
    """What the key-period surge table is computed from, besides the weather's alert days."""

    enabled: bool
    weather_surge: bool
    checks_per_day: float
    first_day: int
    working: np.ndarray          # bool[days]: the calendar's working days
    key_period_ends: np.ndarray  # int64[days]: the scenario's holiday and meeting windows


def surge_inputs(scenario) -> SurgeInputs:
    regime = scenario.config.regimes.key_periods
    return SurgeInputs(enabled=regime.enabled, weather_surge=regime.enabled and regime.weather_surge,
                       checks_per_day=regime.surge_checks_per_day if regime.enabled else 0.0,
                       first_day=scenario.calendar.first_day, working=scenario.calendar.working,
                       key_period_ends=scenario.key_period_ends)


def surge_days(scenario, weather_alert: np.ndarray) -> np.ndarray:
    """The key-period surge table of `scenario` under the alert days `weather_alert` (see `surges`)."""
    return surges(surge_inputs(scenario), weather_alert)


def surges(inputs: SurgeInputs, weather_alert: np.ndarray) -> np.ndarray:
    """The key-period surge table, one row per (working day, sector group) with checks to make.

    Columns SURGE_*: when the checks are queued, which sector group, when they expire (the first
    day after the window), and how many. The `surge_checks_per_day` rate is turned into whole
    checks by a running account per group, so 2.5 a day gives 2, 3, 2, 3, ...
    """
    first, n = inputs.first_day, inputs.working.shape[0]
    if not inputs.enabled:
        return np.zeros((0, N_SURGE))
    end_of = np.full((2, n), -1, dtype=np.int64)  # per group and day: the end of the window it is in
    end_of[SURGE_NAMED] = inputs.key_period_ends
    if inputs.weather_surge:
        d = 0
        while d < n:  # each run of alert days is one window
            if weather_alert[d]:
                e = d
                while e < n and weather_alert[e]:
                    e += 1
                end_of[SURGE_WEATHER, d:e] = e + first
                d = e
            else:
                d += 1
    rows, account = [], [0.0, 0.0]
    for d in range(n):
        for group in (SURGE_NAMED, SURGE_WEATHER):
            if end_of[group, d] >= 0 and inputs.working[d]:
                account[group] += inputs.checks_per_day
                checks = int(np.floor(account[group] + 1e-9))
                account[group] -= checks
                if checks:
                    rows.append((d + first + SURGE_TIME_OF_DAY, group, end_of[group, d], checks))
    return np.array(rows, dtype=float).reshape(-1, N_SURGE)


SELF_CHECK_TIME_OF_DAY = 0.25  # self-inspections happen in the morning of their day
THIRD_PARTY_TIME_OF_DAY = 0.375  # the third party's visits: after the self-checks, before the dispatch at noon


def third_party_days(config: Config, calendar: Calendar) -> np.ndarray:
    """Per calendar day, the purchased third-party inspector-days worked that day (0 off working days).

    The yearly purchase is spread evenly over working days: `inspector_days_per_year` divided by
    the calendar's mean working days a year, so a full measured year buys exactly the yearly days.
    """
    regime = config.regimes.third_party
    working = calendar.working.astype(float)
    if not regime.enabled or not working.any():
        return np.zeros(working.shape[0])
    per_year = working.sum() / working.shape[0] * 365.25
    return working * (regime.inspector_days_per_year / per_year)


def blacklist_publications(config: Config, calendar: Calendar, month_starts: np.ndarray) -> np.ndarray:
    """bool[Mo]: whether the credit list (失信/黑名单) is published on the first day of each month.

    Every `blacklist_publication_months`-th month counted from the start month, warm-up included,
    as the double-random periods are counted.
    """
    every = config.regimes.credit_based.blacklist_publication_months
    months = calendar.month[month_starts[:, 0] - calendar.first_day] if month_starts.size else np.zeros(0, int)
    return months % every == 0


# The annual plan's years (sim.rules.plan): one row per calendar year the simulated days reach, from
# its first month start to the next year's (or the horizon): first day, first day after, working
# days, months, the index of its first month in the scenario's month starts, and its calendar year
# in the measured window (0 for the first; -1 for a year wholly before it).
(PY_START, PY_END, PY_WORKING, PY_MONTHS, PY_FIRST_MONTH, PY_WINDOW_YEAR, N_PY) = range(7)


def plan_years(calendar: Calendar, month_starts: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """The plan years (float[Y, N_PY]) and, per calendar day, the plan year it lies in (int64[days], -1
    before the first month start).

    A plan year starts on the first month start of its calendar year within the simulated days, so a
    run that starts mid-month makes its first plan on the next 1st, as the monthly plans do.
    """
    first, n = calendar.first_day, calendar.working.shape[0]
    start_year = calendar.date(0).year
    rows: list[list[float]] = []
    for j, (day, month_of_year) in enumerate(month_starts):
        if not rows or month_of_year == 1:
            year = calendar.date(int(day)).year
            rows.append([float(day), float(horizon), 0.0, 0.0, float(j),
                         float(year - start_year if year >= start_year else -1)])
            if len(rows) > 1:
                rows[-2][PY_END] = float(day)
        rows[-1][PY_MONTHS] += 1.0
    table = np.array(rows, dtype=float).reshape(-1, N_PY)
    of_day = np.full(n, -1, dtype=np.int64)
    for p in range(table.shape[0]):
        lo, hi = int(table[p, PY_START]) - first, int(table[p, PY_END]) - first
        of_day[lo:hi] = p
        table[p, PY_WORKING] = float(calendar.working[lo:hi].sum())
    return table, of_day
