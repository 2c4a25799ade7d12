"""Counts what happens in the measured window [0, horizon) and, optionally, logs every event."""

from __future__ import annotations

import math

import numpy as np

from sim.results_schema import AMOUNTS, COUNTS, MONTHLY, TRIAL
from sim.rules.trial import EXPECTED, OUTSIDE, YEARS, days_in_year, trial_slot, trial_year


class Recorder:
    """Counters, monthly series and the event log of one replication."""

    def __init__(self, calendar, horizon: int, n_months: int, replication: int, log_events: bool,
                 trial_date: float = math.inf) -> None:
        self.calendar, self.horizon, self.replication = calendar, horizon, replication
        self.trial_date = trial_date  # the field trial's date (day number); its follow-up years start there
        self.counts = dict.fromkeys(COUNTS, 0)
        self.amounts = dict.fromkeys(AMOUNTS, 0.0)
        self.monthly = {name: np.zeros(n_months, dtype=np.int64) for name in MONTHLY}
        self.events: list[tuple] | None = [] if log_events else None
        self.find_days = self.close_days = 0.0
        self.found_closed = 0  # hazards first found in the window and closed in it
        self.verify_wait = 0.0  # days from report to verification, summed over verifications done in the window

    def measured(self, t: float) -> bool:
        return 0.0 <= t < self.horizon

    def month(self, t: float) -> int:
        return int(self.calendar.month[self.calendar.index(t)])

    def add(self, name: str, t: float, n: int = 1) -> None:
        """Count `n` of `name` at time t if t is in the measured window."""
        if 0.0 <= t < self.horizon:
            self.counts[name] += n

    def add_monthly(self, name: str, t: float, n: int = 1) -> None:
        if 0.0 <= t < self.horizon:
            self.monthly[name][self.month(t)] += n

    def add_amount(self, name: str, t: float, amount: float) -> None:
        if 0.0 <= t < self.horizon:
            self.amounts[name] += amount

    def add_exposure(self, rate: float, death_rate: float, serious_rate: float, start: float, end: float,
                     arm: int = OUTSIDE) -> None:
        """Add rate x the days of [start, end) inside the window to `expected_accidents` (death_rate x
        them to `expected_deaths`, serious_rate x them to `expected_serious_accidents`), and for an
        enterprise in the field trial (`arm`) rate x them to its arm's expected accidents by follow-up year."""
        days = min(end, self.horizon) - max(start, 0.0)
        if days > 0.0:
            self.amounts["expected_accidents"] += rate * days
            self.amounts["expected_deaths"] += death_rate * days
            self.amounts["expected_serious_accidents"] += serious_rate * days
            if arm != OUTSIDE:
                for year in range(YEARS):
                    in_year = days_in_year(start, end, self.trial_date, year)
                    if in_year > 0.0:
                        self.amounts[TRIAL[trial_slot(EXPECTED, arm, year)]] += rate * in_year

    def add_trial(self, measure: int, arm: int, t: float) -> None:
        """Count one of `measure` (sim.rules.trial) at time t for an enterprise of the trial's `arm`."""
        if arm != OUTSIDE:
            year = trial_year(t, self.trial_date)
            if year >= 0:
                self.amounts[TRIAL[trial_slot(measure, arm, year)]] += 1.0

    def log(self, t: float, event: str, enterprise: int, hazard: int = -1, detail: str = "",
            value: float = math.nan) -> None:
        if self.events is not None and 0.0 <= t < self.horizon:
            self.events.append((self.replication, t, event, enterprise, hazard, detail, value))
