"""The public API that later work and outside checks rely on: names, columns, stable keys."""

from __future__ import annotations

import inspect

import sim

REPLICATION_COLUMNS = [
    "replication", "seed", "accidents", "deaths", "serious_accidents", "deaths_per_100k_workers_year",
    "hazards_created", "major_hazards_created", "hazards_found", "found_self", "found_inspection", "found_report",
    "found_investigation", "hazards_closed", "major_hazards_open_end", "inspections", "tasks_expired",
    "inspector_utilization", "reports", "reports_valid", "rewards_paid", "fines", "suspensions", "closures",
    "mean_days_to_find", "mean_days_to_close",
]
TIMESERIES_COLUMNS = ["replication", "month", "open_hazards", "open_major_hazards", "accidents", "deaths",
                      "inspections"]


def test_public_signatures():
    assert list(inspect.signature(sim.load_config).parameters) == ["scenario", "overrides"]
    assert inspect.signature(sim.load_config).parameters["scenario"].default == "county_baseline"
    params = inspect.signature(sim.simulate).parameters
    assert list(params)[:5] == ["config", "engine", "replications", "seed", "n_jobs"]
    # Each run setting defaults to the config's own (None); a config's defaults are the schema's.
    assert [params[p].default for p in ("engine", "replications", "seed", "n_jobs")] == [None] * 4
    config = sim.load_config()
    assert (config.engine, config.replications, config.seed, config.n_jobs) == ("simpy", 1, 0, 1)


def test_result_tables_have_the_promised_columns(small_config):
    result = sim.simulate(small_config("horizon_days=100"), replications=2, seed=0, progress=False)
    assert set(REPLICATION_COLUMNS) <= set(result.replications.columns)
    assert set(TIMESERIES_COLUMNS) <= set(result.timeseries.columns)
    assert len(result.replications) == 2
    assert list(result.timeseries.month.unique()) == ["2020-01", "2020-02", "2020-03", "2020-04"]
    assert {"replication", "time", "event", "enterprise", "hazard", "detail", "value"} <= set(result.events.columns)
    assert list(result.summary().columns) == ["metric", "n", "mean", "std", "ci_low", "ci_high"]


def test_default_scenario_is_the_county_baseline():
    config = sim.load_config()
    assert config.population.enterprises == 3000 and config.inspectors.count == 30
    assert config.start_date == "2020-01-01" and config.horizon_days == 1096
    assert len(config.population.sector_shares) == 8
    assert config.regimes.double_random.enabled
