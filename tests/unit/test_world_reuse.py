"""Common random numbers by reuse: a world part drawn once per replication and shared by the cells whose
inputs agree (sim/world/replication.py), without changing a number, in both engines."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

import sim
from sim.engines.numba.engine import run_replication as run_numba
from sim.engines.simpy.engine import run_replication as run_simpy
from sim.world.replication import SharedParts, draw_parts, draw_world, world_inputs
from sim.world.scenario import compile_scenario

TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]
PARTS = ("enterprises", "population", "hazards", "reports", "weather", "surges", "outside", "contracts", "trial")


def _keys(*overrides: str) -> dict[str, str]:
    return world_inputs(compile_scenario(sim.load_config(overrides=[*TINY, *overrides]))).keys


def _arrays(world) -> dict[str, np.ndarray]:
    """Every array of a world by dotted name (a part's bit-generator state excluded: not an array)."""
    out = {}
    for f in dataclasses.fields(world):
        value = getattr(world, f.name)
        if dataclasses.is_dataclass(value):
            out.update({f"{f.name}.{k}": v for k, v in _arrays(value).items()})
        elif isinstance(value, np.ndarray):
            out[f.name] = value
    return out


def _same(a, b) -> bool:
    x, y = _arrays(a), _arrays(b)
    return x.keys() == y.keys() and all(x[k].dtype == y[k].dtype and np.array_equal(x[k], y[k]) for k in x)


# -- what each part is drawn from ---------------------------------------------------------------------

@pytest.mark.parametrize("override", [
    "detection.professional_general=0.5", "regimes/lead_monthly=on", "regimes/whistleblower=on",
    "inspectors.dispatch=territorial", "regimes.remote_monitoring.monitored_share=0.9",   # off: its share is unused
    "regimes.annual_plan.enabled=false", "rectification.p_on_spot=0.2"])
def test_a_key_that_is_not_drawn_from_leaves_every_part_key_equal(override):
    assert _keys(override) == _keys()


@pytest.mark.parametrize(("override", "changed"), [
    ("inspectors.count=7", {"population"}),
    ("inspectors.professional_share=0.2", {"population"}),
    ("regimes/third_party=on", {"contracts"}),
    ("regimes/remote_monitoring=on", {"contracts"}),
    ("regimes/key_periods=on", {"surges"}),
    ("regimes/accident_triggered=on", {"outside"}),
    ("trial.enabled=true trial.firms=20", {"trial"}),
    ("reports.unfounded_rate=0.01", {"reports"}),
    ("calendar.weather_alerts_per_year=6", {"weather"}),
    ("calendar.weather_alerts_per_year=0", {"weather", "hazards", "contracts"}),   # the thinning bound falls
    ("regimes/key_periods=on calendar.weather_alerts_per_year=6", {"weather", "surges"}),
    ("sectors.construction.hazard_rate=0.05", {"hazards", "contracts"}),
    ("population.good_credit_share=0.5", {"enterprises", "population", "hazards", "contracts"}),
    ("population.enterprises=61", set(PARTS) - {"weather", "surges", "outside"}),
])
def test_a_key_that_is_drawn_from_changes_the_keys_of_the_parts_that_use_it(override, changed):
    base, other = _keys(), _keys(*override.split())
    assert {part for part in PARTS if base[part] != other[part]} == changed


def test_worlds_drawn_with_shared_parts_are_the_worlds_each_draws_alone():
    overrides = [[], ["inspectors.count=0"], ["inspectors.count=9", "inspectors.dispatch=territorial"],
                 ["regimes/third_party=on", "regimes/remote_monitoring=on"], ["regimes/key_periods=on"],
                 ["regimes/accident_triggered=on", "trial.enabled=true", "trial.firms=20"]]
    scenarios = [compile_scenario(sim.load_config(overrides=[*TINY, *o])) for o in overrides]
    for r in (0, 3):
        shared = SharedParts(11, r)
        together = [draw_parts(world_inputs(s), shared) for s in scenarios]
        assert all(_same(world, draw_world(s, 11, r)) for world, s in zip(together, scenarios, strict=True))
        assert together[0].hazards is together[1].hazards and together[0].population is not together[1].population


# -- engines read a world, never write it -------------------------------------------------------------

@pytest.mark.parametrize("run", [run_numba, run_simpy], ids=["numba", "simpy"])
def test_an_engine_given_a_world_gives_its_own_run_and_leaves_the_world_unchanged(run):
    config = sim.load_config("county_all_regimes", ["population.enterprises=100", "warmup_days=0"])
    scenario = compile_scenario(config)
    world = draw_world(scenario, 5, 1)
    before = copy.deepcopy(world)
    given, again = run(scenario, 5, 1, world=world), run(scenario, 5, 1, world=world)
    alone = run(scenario, 5, 1)
    assert _same(world, before)
    for output in (given, again):
        assert output.counts == alone.counts and output.amounts.keys() == alone.amounts.keys()
        assert all(output.amounts[k] == alone.amounts[k] or np.isnan(alone.amounts[k]) and np.isnan(output.amounts[k])
                   for k in alone.amounts)
        assert all(np.array_equal(output.monthly[k], alone.monthly[k]) for k in alone.monthly)
