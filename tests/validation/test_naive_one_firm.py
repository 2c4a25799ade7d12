"""The one-firm comparison with the naive reference (tests/unit/test_naive_one_firm.py), bigger: five
times the replications (a 3.6% shortfall would be about 15 standard errors), twice the naive runs
per firm, and a second physics with lower compliance, fast escalation and accidents."""

from __future__ import annotations

import pytest

from tests.unit.test_naive_one_firm import check_engine

PHYSICS = {
    "default": {},
    # lower compliance, faster escalation and accidents, longer deadlines: the bug's shortfall was 1.4% here
    "escalating": dict(accident_general=0.015, accident_major=0.05, escalation_rate=0.02, compliance=0.7,
                       detection_general=0.6, detection_major=0.9, deadline_general=30.0, deadline_major=90.0),
}


@pytest.mark.validation
@pytest.mark.parametrize("engine", ["simpy", "numba"])
@pytest.mark.parametrize("physics", list(PHYSICS))
def test_engines_match_the_naive_reference_on_one_firm(physics, engine):
    check_engine(engine, seed=31, replications=1000, k=100, **PHYSICS[physics])
