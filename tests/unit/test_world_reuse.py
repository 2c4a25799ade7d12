"""Common random numbers by reuse: a world part drawn once per replication and shared by the cells whose
inputs agree (sim/world/replication.py), without changing a number, in both engines and in sweeps."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pandas as pd
import pytest

import sim
from sim.engines.numba.engine import run_replication as run_numba
from sim.engines.simpy.engine import run_replication as run_simpy
from sim.sweep.chunks import Chunk, group_chunks
from sim.sweep.run import run_sweep
from sim.sweep.spec import build_spec
from sim.world.replication import SharedParts, draw_parts, draw_world, world_inputs
from sim.world.scenario import compile_scenario

TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]
PARTS = ("enterprises", "population", "hazards", "reports", "weather", "surges", "outside", "contracts", "trial")


def _keys(*overrides: str) -> dict[str, str]:
    return world_inputs(compile_scenario(sim.load_config(overrides=[*TINY, *overrides]))).keys


def _arrays(world) -> dict[str, np.ndarray]:
    """Every array of a world by dotted name (not the caches, whose names begin with _)."""
    out = {}
    for f in (f for f in dataclasses.fields(world) if not f.name.startswith("_")):
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
    assert _same(world, before) and np.array_equal(world.hazards.table, draw_world(scenario, 5, 1).hazards.table)
    for output in (given, again):
        assert output.counts == alone.counts and output.amounts.keys() == alone.amounts.keys()
        assert all(output.amounts[k] == alone.amounts[k] or np.isnan(alone.amounts[k]) and np.isnan(output.amounts[k])
                   for k in alone.amounts)
        assert all(np.array_equal(output.monthly[k], alone.monthly[k]) for k in alone.monthly)


# -- sweeps -------------------------------------------------------------------------------------------

def test_a_chunk_is_shared_out_among_the_cells_that_run_together():
    from sim.sweep.run import chunk_sizes

    shares = {0: "a", 1: "a", 2: "a", 3: "b", 4: None}
    assert chunk_sizes(25, 5, shares) == {0: 9, 1: 9, 2: 9, 3: 25, 4: 25}
    assert chunk_sizes(2, 3, {0: "a", 1: "a", 2: "a"}) == {0: 1, 1: 1, 2: 1}
    assert chunk_sizes(25, 2, {}) == {0: 25, 1: 25}


def test_chunks_of_cells_that_share_run_together_split_for_the_workers():
    chunks = [Chunk(c, f"k{c}", None, s, s + 2) for s in (0, 2) for c in range(4)]
    shares = {0: "a", 1: "a", 2: "a", 3: None}
    units = group_chunks(chunks, shares)
    assert sorted((tuple(c.cell for c in u), u[0].start) for u in units) == [
        ((0, 1, 2), 0), ((0, 1, 2), 2), ((3,), 0), ((3,), 2)]
    assert all(len({(c.start, c.stop) for c in u}) == 1 for u in units)
    assert len(group_chunks(chunks[:3], shares, least=2)) == 2
    assert group_chunks(chunks[:3], {}) == [(c,) for c in chunks[:3]]


def _sweep(tmp_path, name: str, engine: str, share: bool, axis: dict):
    spec = build_spec({"axes": [axis], "replications": 3, "chunk": 2, "n_jobs": 1, "engine": engine, "seed": 4},
                      default_jobs=1)
    outcome = run_sweep(spec, "county_baseline", TINY, tmp_path / name, progress=False, share_worlds=share)
    assert not outcome.failures
    return pd.read_parquet(tmp_path / name / "cells.parquet")


def _months(tmp_path, name: str) -> pd.DataFrame:
    return pd.read_parquet(tmp_path / name / "timeseries.parquet")


AXES = {"staff": {"key": "inspectors.count", "values": [0, 3, 6]},
        "regimes": {"name": "regime", "options": {"as_is": [], "third_party": ["regimes/third_party=on"],
                                                   "remote": ["regimes/remote_monitoring=on"],
                                                   "surges": ["regimes/key_periods=on"]}}}


@pytest.mark.parametrize("engine", ["numba", "simpy"])
@pytest.mark.parametrize("axis", ["staff", "regimes"])
def test_a_sweep_sharing_worlds_is_the_sweep_without_and_each_cell_its_own_run(tmp_path, engine, axis):
    shared = _sweep(tmp_path, "shared", engine, True, AXES[axis])
    alone = _sweep(tmp_path, "alone", engine, False, AXES[axis])
    pd.testing.assert_frame_equal(shared, alone)
    pd.testing.assert_frame_equal(_months(tmp_path, "shared"), _months(tmp_path, "alone"))
    last = AXES[axis]["values"][-1] if axis == "staff" else None
    overrides = [f"inspectors.count={last}"] if last is not None else ["regimes/key_periods=on"]
    own = sim.simulate(sim.load_config(overrides=[*TINY, *overrides]), engine=engine, replications=3, seed=4,
                       events=False, progress=False)
    mine = shared[shared.cell == shared.cell.max()].iloc[:, len(shared.columns) - len(own.replications.columns):]
    pd.testing.assert_frame_equal(mine.reset_index(drop=True), own.replications, check_dtype=False)
    months = _months(tmp_path, "shared")
    mine = months[months.cell == months.cell.max()].drop(columns="cell").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, own.timeseries, check_dtype=False)


def test_a_group_resumes_when_some_of_its_cells_are_done(tmp_path, monkeypatch):
    whole = _sweep(tmp_path, "s", "numba", True, AXES["staff"])
    chunks = tmp_path / "s" / "chunks"
    folders = sorted(chunks.iterdir())
    for path in folders[0].glob("*.parquet"):   # one cell loses everything, another its last chunk
        path.unlink()
    sorted(folders[1].glob("*.parquet"))[-1].unlink()
    (tmp_path / "s" / "cells.parquet").unlink()
    import sim.sweep.run as runner

    ran, real = [], runner.run_local
    monkeypatch.setattr(runner, "run_local", lambda units, *args: (ran.append(units), real(units, *args))[1])
    months = _months(tmp_path, "s")
    again = _sweep(tmp_path, "s", "numba", True, AXES["staff"])
    pd.testing.assert_frame_equal(again, whole)
    pd.testing.assert_frame_equal(_months(tmp_path, "s"), months)
    # a chunk of 2 shared out among 3 cells is 1 replication a cell: replication 2 of two cells together,
    # 0 and 1 of one cell alone
    assert sorted(len(u) for u in ran[0]) == [1, 1, 2]
