"""With the annual plan on, more inspectors never buy more expected accidents (hypothesis draws the county).

Under common random numbers (the same seed: the same enterprises and candidate hazards) a county with more
inspectors plans more checks with the hours they add, and none of the other work changes: its expected
accidents (the accident rate integrated over the hazards' exposure, the precise measure of risk) are no
higher. Compared over replications paired by seed, on the numba engine: the mean difference may exceed 0
only by the noise of the pairs (the enforcement draws part once the inspectors differ), 3.5 standard errors.

The plan has its general checks (the default) and the counties are large enough that no firm reaches one
general check a month: where the added hours buy no checks (a key-only plan already complete), the
property need not hold, as a larger staff may have a smaller trained share (round(professional_share x K)
of K inspectors: 2 of 3, then 5 of 8) and so find fewer hazards with the same checks (measured: +0.9% expected
accidents, 3 standard errors, in a key-only county of 129 firms going from 3 to 7 inspectors).
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim

REPLICATIONS = 24
Z = 3.5

counties = st.fixed_dictionaries({
    "population.enterprises": st.integers(250, 400),
    "inspectors.count": st.integers(0, 4),
    "regimes.double_random.enabled": st.booleans(),
    "regimes.double_random.sampling_fraction": st.floats(0.05, 0.6),
    "regimes.annual_plan.reserve": st.floats(0.0, 0.4),
    "regimes.risk_based.enabled": st.booleans(),
    "reports.hazard_report_rate": st.floats(0.0, 0.001),
})


def _expected_accidents(params: dict, inspectors: int, seed: int) -> np.ndarray:
    overrides = ["horizon_days=365", "warmup_days=180", "regimes.annual_plan.enabled=true",
                 *(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in params.items()),
                 f"inspectors.count={inspectors}"]
    reps = sim.simulate(sim.load_config(overrides=overrides), engine="numba", replications=REPLICATIONS, seed=seed,
                        progress=False).replications
    return reps.expected_accidents.to_numpy()


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(params=counties, more=st.integers(1, 4), seed=st.integers(0, 2**32))
def test_more_inspectors_never_give_more_expected_accidents(params, more, seed):
    fewer = _expected_accidents(params, params["inspectors.count"], seed)
    diff = _expected_accidents(params, params["inspectors.count"] + more, seed) - fewer
    se = diff.std(ddof=1) / np.sqrt(REPLICATIONS)
    assert diff.mean() <= Z * se + 1e-9, (diff.mean(), se, fewer.mean())
