"""Working days, public holidays (official dates, with the lunar Spring Festival) and seasons.

Day 0 is `start_date`; the calendar covers [-warmup_days, horizon_days). Holidays and the make-up
working days (调休) come from the `holidays` package's official Chinese calendar, which computes
lunar dates (春节, 清明, 端午, 中秋) for any year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import holidays
import numpy as np

HOLIDAYS = ("none", "new_year", "spring_festival", "qingming", "labour_day", "dragon_boat",
            "mid_autumn", "national_day")
_NAMES = {
    "New Year's Day": "new_year",
    "Chinese New Year (Spring Festival)": "spring_festival",
    "Chinese New Year Extended Holiday": "spring_festival",
    "Tomb-Sweeping Day": "qingming",
    "Labor Day": "labour_day",
    "Dragon Boat Festival": "dragon_boat",
    "Mid-Autumn Festival": "mid_autumn",
    "National Day": "national_day",
}
_SUBSTITUTED = re.compile(r"substituted from (\d\d)/(\d\d)/(\d{4})")


@dataclass(slots=True)
class Calendar:
    """Per-day arrays over [first_day, first_day + n); index a day d with `d - first_day`."""

    start_date: dt.date
    first_day: int            # -warmup_days
    working: np.ndarray       # bool[n]: a working day for inspectors
    holiday: np.ndarray       # int8[n]: index into HOLIDAYS (0 = none)
    flood: np.ndarray         # bool[n]: in the flood season (汛期)
    winter: np.ndarray        # bool[n]: in winter
    month: np.ndarray         # int32[n]: months since the start month (negative in warm-up)
    day_of_month: np.ndarray  # int8[n]: 1..31
    spring_festival: np.ndarray  # int32[years]: day numbers of 正月初一 in the covered years

    def index(self, day: float) -> int:
        """Array index of the calendar day that contains time `day`."""
        return int(np.floor(day)) - self.first_day

    def date(self, day: int) -> dt.date:
        """The date of day number `day`."""
        return self.start_date + dt.timedelta(days=int(day))


def build_calendar(start: dt.date, warmup_days: int, horizon_days: int,
                   flood: tuple[tuple[int, int], tuple[int, int]],
                   winter: tuple[tuple[int, int], tuple[int, int]]) -> Calendar:
    """The calendar of a run; `flood` and `winter` are ((month, day), (month, day)) inclusive."""
    first = -warmup_days
    dates = [start + dt.timedelta(days=d) for d in range(first, horizon_days)]
    years = range(dates[0].year, dates[-1].year + 1)
    official = holidays.China(years=years, language="en_US")
    makeup_workdays = _makeup_workdays(official)
    codes = np.array([_holiday_code(official, day) for day in dates], dtype=np.int8)
    working = np.array([_working(official, makeup_workdays, day) for day in dates])
    month = np.array([(day.year - start.year) * 12 + day.month - start.month for day in dates], dtype=np.int32)
    festival = sorted({d for d, name in official.items() if name.startswith("Chinese New Year (Spring")})
    firsts = [min(d for d in festival if d.year == y) for y in years if any(d.year == y for d in festival)]
    return Calendar(
        start_date=start,
        first_day=first,
        working=working,
        holiday=codes,
        flood=np.array([_in_window(day, *flood) for day in dates]),
        winter=np.array([_in_window(day, *winter) for day in dates]),
        month=month,
        day_of_month=np.array([day.day for day in dates], dtype=np.int8),
        spring_festival=np.array([(d - start).days for d in firsts], dtype=np.int32),
    )


def holiday_onsets(name: str, first: dt.date, last: dt.date) -> list[dt.date]:
    """First days off of each `name` holiday (a HOLIDAYS code) between two dates, lunar ones included.

    A holiday's first day off starts the run of non-working days (weekends and 调休 days off
    included, make-up working days not) that holds its first named day: 除夕 2021 (11 February, a
    "Day off (substituted ...)") for 春节, the weekend before for 清明 2021. Days named for two
    holidays at once (国庆 and 中秋 in 2020) count for both; named days less than a week apart are
    one holiday (调休 can split a block).
    """
    official = holidays.China(years=range(first.year - 1, last.year + 2), language="en_US")
    makeup = _makeup_workdays(official)
    keys = [k for k, code in _NAMES.items() if code == name]
    days = sorted(d for d, label in official.items()
                  if first <= d <= last and any(part.startswith(k) for part in label.split("; ") for k in keys))
    onsets = []
    for day in (day for i, day in enumerate(days) if i == 0 or (day - days[i - 1]).days > 7):
        while not _working(official, makeup, day - dt.timedelta(days=1)):
            day -= dt.timedelta(days=1)
        onsets.append(day)
    return onsets


def _makeup_workdays(official: holidays.HolidayBase) -> set[dt.date]:
    """The weekend days worked in exchange for a day off (调休)."""
    return {dt.date(int(y), int(m), int(d)) for name in official.values() for m, d, y in _SUBSTITUTED.findall(name)}


def _working(official: holidays.HolidayBase, makeup: set[dt.date], day: dt.date) -> bool:
    """A working day for inspectors: not a holiday, and a weekday or a make-up working day."""
    return _holiday_code(official, day) == 0 and (day.weekday() < 5 or day in makeup)


def _holiday_code(official: holidays.HolidayBase, day: dt.date) -> int:
    name = official.get(day)
    if name is None:
        return 0
    for part in name.split("; "):
        for key, code in _NAMES.items():
            if part.startswith(key):
                return HOLIDAYS.index(code)
    # "Day off (substituted from ...)": part of the nearest named holiday's block
    for gap in range(1, 8):
        for other in (day - dt.timedelta(days=gap), day + dt.timedelta(days=gap)):
            code = _holiday_code_named(official.get(other))
            if code:
                return code
    return HOLIDAYS.index("none")


def _holiday_code_named(name: str | None) -> int:
    if not name:
        return 0
    for key, code in _NAMES.items():
        if name.startswith(key) or f"; {key}" in name:
            return HOLIDAYS.index(code)
    return 0


def _in_window(day: dt.date, first: tuple[int, int], last: tuple[int, int]) -> bool:
    """Inclusive window of the year; wraps over New Year when first > last."""
    key = (day.month, day.day)
    return first <= key <= last if first <= last else key >= first or key <= last
