"""Regime schedules as data: when each regime acts, computed once from the config."""

from __future__ import annotations

import numpy as np

from sim.config.schema import Config
from sim.world.calendar import Calendar


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
