"""The numba kernels never index outside their arrays, in every scenario and at the extremes of size.

Compiled code does not check indices: a write past the end of a state array corrupts memory silently
(a 50-enterprise county once overflowed the event list before its first event, and crashed only
sometimes). Here a child process compiles the kernels with `NUMBA_BOUNDSCHECK=1`, into a cache of
its own, and runs one replication of every scenario file plus small and crowded counties; any
out-of-bounds index raises there instead of corrupting.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sim.config.loader import available_scenarios

ROOT = Path(__file__).resolve().parents[2]
EXTREMES = [
    ("county_baseline", ["population.enterprises=50"]),                       # fewer enterprises than working days
    ("county_baseline", ["population.enterprises=1", "inspectors.count=1"]),
    ("county_all_regimes", ["population.enterprises=20", "inspectors.count=3"]),
    ("county_all_regimes", ["inspectors.count=1"]),                           # queues far longer than planned
    ("county_all_regimes", ["regimes/annual_plan=on", "inspectors.count=60"]),  # the plan with every regime
    ("regime_annual_plan", ["start_date=2020-03-15", "warmup_days=20", "horizon_days=400"]),  # partial plan years
]

CHILD = textwrap.dedent("""
    import json, sys
    import sim
    from sim.engines.numba.engine import run_replication
    from sim.world.scenario import compile_scenario
    out = {}
    for name, overrides in json.loads(sys.argv[1]):
        scenario = compile_scenario(sim.load_config(name, overrides))
        out[name + " " + " ".join(overrides)] = run_replication(scenario, 0, 0).counts["hazards_created"]
    print(json.dumps(out))
""")


@pytest.mark.validation
def test_every_scenario_and_extreme_runs_inside_its_arrays(tmp_path):
    cases = [(name, []) for name in available_scenarios()] + EXTREMES
    env = dict(os.environ, NUMBA_BOUNDSCHECK="1", NUMBA_CACHE_DIR=str(tmp_path / "numba"))
    run = subprocess.run([sys.executable, "-c", CHILD, json.dumps(cases)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=1500)
    assert run.returncode == 0, run.stderr[-3000:]
    created = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(created) == len(cases)
    assert all(n >= 0 for n in created.values())
