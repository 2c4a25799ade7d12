"""A sweep of many options, each of many settings (a sensitivity analysis's design points), is checked
for settings written twice in the time its settings take, not their square."""

from __future__ import annotations

import time

import pytest

from sim.config.errors import ConfigError
from sim.sweep.spec import build_spec

KEYS = [f"sectors.{s}.{f}" for s in ("construction", "industry_trade", "fireworks", "town_gas")
        for f in ("hazard_rate", "p_major", "accident_rate_general", "accident_rate_major", "p_fatal_general",
                  "p_fatal_major", "flood_factor", "winter_factor", "weather_factor", "base_risk")]


def _raw(options: dict) -> dict:
    return {"name": "many", "axes": [{"name": "design", "options": options}], "replications": 2}


def test_three_hundred_options_of_forty_settings_are_checked_in_seconds():
    options = {f"p{i}": [f"{key}={i + k / 100}" for k, key in enumerate(KEYS)] for i in range(300)}
    started = time.perf_counter()
    spec = build_spec(_raw(options), default_jobs=1)
    assert time.perf_counter() - started < 5 and len(spec.cells) == 300
    options["p299"] = [*options["p299"], f"{KEYS[3]}=1"]   # a key written twice in one option: still refused
    with pytest.raises(ConfigError, match=r"sweep.axes.0.options.p299.40 .*set by sweep.axes.0.options.p299.3 too"):
        build_spec(_raw(options), default_jobs=1)
