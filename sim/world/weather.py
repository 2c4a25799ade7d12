"""Extreme-weather alerts (雨雪冰冻, 高温, 台风), drawn per replication as part of nature.

An alert raises the hazard rate of the exposed sectors (`sectors.<s>.weather_factor`) for its days,
and the `key_periods` regime answers it with surge checks (自然灾害检查). Weather is nature, not policy:
it is drawn whether or not any regime responds, from its own stream, so switching `key_periods`
on or off compares the same weather.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.streams import stream
from sim.world.scenario import Scenario


@dataclass(slots=True)
class Weather:
    """One replication's alerts and the hazard-rate multipliers they make."""

    alert: np.ndarray    # bool[days]: an alert is on that calendar day (index d - first_day)
    starts: np.ndarray   # int64[A]: first day of each alert, in time order (alerts may overlap)
    season: np.ndarray   # float[S, days]: the scenario's seasonal multiplier times the alert factor


@dataclass(slots=True, kw_only=True)
class WeatherInputs:
    """What the weather is drawn from."""

    alerts_per_year: float
    alert_days: int
    first_day: int
    horizon: int
    season: np.ndarray          # float64[S, days]: the scenario's seasonal multiplier
    weather_factor: np.ndarray  # float64[S]


def weather_inputs(scenario: Scenario) -> WeatherInputs:
    cal = scenario.config.calendar
    return WeatherInputs(alerts_per_year=cal.weather_alerts_per_year, alert_days=cal.weather_alert_days,
                         first_day=scenario.first_day, horizon=scenario.horizon, season=scenario.season,
                         weather_factor=scenario.sectors.weather_factor)


def draw_weather(scenario: Scenario, seed: int, replication: int) -> Weather:
    """The weather of one replication of `scenario`, unshared."""
    return draw_alerts(weather_inputs(scenario), seed, replication)


def draw_alerts(inputs: WeatherInputs, seed: int, replication: int) -> Weather:
    """Alerts start on uniformly drawn days, a Poisson number of them, each `weather_alert_days` long."""
    days = inputs.horizon - inputs.first_day
    alert = np.zeros(days, dtype=bool)
    starts = np.zeros(0, dtype=np.int64)
    if inputs.alerts_per_year > 0 and inputs.alert_days > 0:
        rng = stream(seed, replication, "weather")
        n = rng.poisson(inputs.alerts_per_year / 365.25 * days)
        starts = np.sort(rng.integers(0, days, n)) + inputs.first_day
        for start in starts:
            first = start - inputs.first_day
            alert[first:first + inputs.alert_days] = True
    factor = np.where(alert[None, :], inputs.weather_factor[:, None], 1.0)
    return Weather(alert=alert, starts=starts, season=inputs.season * factor)
