"""The numba engine's public face: one replication from the compiled world, in the common schema."""

from __future__ import annotations

from sim.engines.derived import (
    clip_trial_years,
    count_contracts,
    count_nature,
    derive_amounts,
    plan_amounts,
    public_spend,
)
from sim.engines.numba.inputs import state_tuple, world_tuple
from sim.engines.numba.loop import simulate_replication
from sim.engines.numba.structs import outputs
from sim.results_schema import AMOUNTS, COUNTS, MONTHLY, ReplicationOutput
from sim.streams import replication_seed, stream
from sim.world.replication import ReplicationWorld, draw_world
from sim.world.scenario import Scenario


def run_replication(scenario: Scenario, seed: int, replication: int, log_events: bool = False,
                    world: ReplicationWorld | None = None) -> ReplicationOutput:
    """Simulate replication `replication` of `scenario` from root `seed` (no event log: SimPy only).

    `world`, when given, is the replication's world as `draw_world(scenario, seed, replication)` would
    draw it (in a sweep, parts of it shared with other cells: `sim.world.replication.draw_parts`); the
    run reads it and never writes into it, so it can serve another run.
    """
    world = draw_world(scenario, seed, replication) if world is None else world  # read, never written
    population, nature = world.population, world.hazards
    W = world_tuple(scenario, world)
    S = state_tuple(scenario, population, nature)
    S = simulate_replication(W, S, stream(seed, replication, "self_inspection"),
                             stream(seed, replication, "enforcement"), stream(seed, replication, "rectification"),
                             stream(seed, replication, "third_party"))
    cnt, amt, mon, kv, ledger, sums = outputs(S)
    find_days, close_days, found_closed, hours_available, verify_wait_days = sums
    counts = dict(zip(COUNTS, (int(x) for x in cnt), strict=True))
    amounts = dict(zip(AMOUNTS, (float(x) for x in amt), strict=True))
    count_nature(counts, scenario, world)
    derive_amounts(counts, amounts, scenario, population, find_days, close_days, found_closed, hours_available, kv,
                   verify_wait_days)
    count_contracts(counts, amounts, scenario, world)
    public_spend(amounts, scenario)
    plan_amounts(amounts, scenario, ledger)
    clip_trial_years(amounts, scenario)
    monthly = {name: mon[i].copy() for i, name in enumerate(MONTHLY)}
    return ReplicationOutput(replication, replication_seed(seed, replication), counts, amounts, monthly, None)
