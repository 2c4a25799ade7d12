"""Invariants that must hold for any valid parameters (hypothesis draws the parameters)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim

probability = st.floats(0.0, 1.0)

scenarios = st.fixed_dictionaries({
    "inspectors.count": st.integers(0, 6),
    "inspectors.dispatch": st.sampled_from(["pooled", "territorial"]),
    "inspectors.announced_share": probability,
    "inspectors.professional_share": probability,
    "detection.professional_general": probability,
    "detection.nonprofessional_major": probability,
    "self_inspection.monthly_enabled": st.booleans(),
    "self_inspection.report_major_base": probability,
    "rectification.p_on_spot": probability,
    "rectification.compliance_base": probability,
    "rectification.failures_to_close": st.integers(1, 4),
    "rectification.min_suspension_days": st.floats(0, 90),
    "hazards.escalation_rate": st.floats(0, 0.01),
    "hazards.natural_closure_rate": st.floats(0.001, 0.05),
    "regimes.double_random.enabled": st.booleans(),
    "regimes.double_random.sampling_fraction": probability,
    "regimes.whistleblower.enabled": st.booleans(),
    "deterrence.general_max": probability,
    "warmup_days": st.integers(0, 60),
    "sectors.industry_trade.accident_rate_major": st.floats(0, 0.01),
    "sectors.industry_trade.p_major": st.floats(0, 0.5),
})


def _overrides(params: dict) -> list[str]:
    return ["population.enterprises=120", "horizon_days=150",
            *(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in params.items())]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=scenarios, seed=st.integers(0, 2**32))
def test_books_balance_for_any_parameters(params, seed):
    config = sim.load_config(overrides=_overrides(params))
    result = sim.simulate(config, seed=seed, progress=False)
    r = result.replications.iloc[0]
    assert r.hazards_open_start + r.hazards_created == r.hazards_open_end + r.hazards_closed
    assert r.major_hazards_open_start + r.major_hazards_created + r.hazards_escalated == (
        r.major_hazards_open_end + r.major_hazards_closed)
    assert r.found_self + r.found_inspection + r.found_report + r.found_investigation == r.hazards_found
    assert r.closed_accident == r.accidents and r.deaths >= r.fatal_accidents
    assert r.serious_accidents == r.accidents_larger + r.accidents_major + r.accidents_extraordinary
    assert 0 <= r.reports_valid + r.reports_unfounded <= r.reports + r.hazards_open_start
    if config.inspectors.count == 0:
        assert r.inspections == 0
    else:
        assert 0.0 <= r.inspector_utilization <= 1.0 + 1e-9
    if not config.regimes.whistleblower.enabled:
        assert r.rewards_paid == 0
    assert (result.timeseries[["open_hazards", "open_major_hazards", "accidents", "inspections"]] >= 0).all().all()
    assert result.timeseries.inspections.sum() == r.inspections
