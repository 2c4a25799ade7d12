"""Accidents equal the expected accidents: the accident clocks spend exposure, never restart it.

While a hazard is open and its enterprise operates it causes an accident at rate κ, so the number
of accidents N minus the integral of κ over every open hazard's operating days (the compensator,
which both engines report as `expected_accidents`) is a martingale: summed over replications,
N − E has mean 0 and variance E. A clock restarted without spending the exposure already accrued
(issue 15: the rectification order did this) makes N fall short of E. Each scenario exercises one
way a hazard's clocks are moved from outside: a complying firm's fix (high compliance), a
suspension that pauses and resumes the exposure, an escalation that raises κ, a campaign phase
that re-rates the report clocks. In the SimPy engine E is also recomputed from the event log, from
the hazards' creation, escalation and closure and the enterprises' suspensions, sharing nothing
with the engine's own bookkeeping.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from tests.conftest import all_sectors

KAPPA_GENERAL, KAPPA_MAJOR = 2e-3, 1e-2
Z = 4.0  # |N − E| / √E: 4 standard errors, as the equivalence suite
BASE = ["population.enterprises=150", "inspectors.count=4", "horizon_days=365", "warmup_days=0",
        *all_sectors("accident_rate_general", KAPPA_GENERAL), *all_sectors("accident_rate_major", KAPPA_MAJOR),
        *all_sectors("hazard_rate", 0.05)]
COMPLYING = ["rectification.compliance_base=1", "rectification.compliance_quality_slope=0"]
SCENARIOS = {
    # every order is obeyed, at a uniform time within a long deadline: the path of the bug
    "high_compliance": [*COMPLYING, "rectification.p_on_spot=0", "rectification.general_deadline_days=60",
                        "self_inspection.monthly_enabled=true"],
    # failed follow-ups suspend firms (停产整顿): their hazards' exposure pauses and resumes
    "suspensions": ["rectification.compliance_base=0.5", "rectification.compliance_quality_slope=0",
                    *all_sectors("p_major", 0.3), "rectification.major_deadline_days=30",
                    "rectification.min_suspension_days=20", "inspectors.count=8",
                    "rectification.failures_to_close=50", "rectification.general_deadline_days=60",
                    "self_inspection.monthly_enabled=true"],
    # general hazards turn major: κ rises mid-life
    "escalation": [*COMPLYING, "hazards.escalation_rate=0.01", "self_inspection.monthly_enabled=true",
                   "rectification.general_deadline_days=60"],
    # a campaign phase with whistleblower rewards re-rates every latent hazard's report clock
    "reward_campaign": [*COMPLYING, "rectification.p_on_spot=0", "rectification.general_deadline_days=60",
                        "reports.hazard_report_rate=0.004", "regimes.campaign.enabled=true",
                        "regimes.campaign.phases=[{name: rewards, start: '2020-03-01', end: '2020-08-31', overrides: "
                        "{regimes.whistleblower.enabled: true, regimes.whistleblower.reward_general: 20000.0, "
                        "regimes.whistleblower.reward_major: 100000.0}}]", "inspectors.count=8"],
}
EXERCISED = {"high_compliance": "closed_rectified", "suspensions": "suspensions", "escalation": "hazards_escalated",
             "reward_campaign": "reports_valid"}
REPLICATIONS = {"simpy": 24, "numba": 64}


def _run(name: str, engine: str):
    config = sim.load_config(overrides=[*BASE, *SCENARIOS[name]])
    return sim.simulate(config, engine=engine, replications=REPLICATIONS[engine], seed=15, n_jobs=2,
                        events=engine == "simpy", progress=False)


def _operating_time(start: np.ndarray, end: np.ndarray, stops: list[tuple[float, float]]) -> np.ndarray:
    """Days of each [start, end) outside the enterprise's stops (suspensions)."""
    days = np.maximum(end - start, 0.0)
    for a, b in stops:
        days -= np.maximum(np.minimum(end, b) - np.maximum(start, a), 0.0)
    return days


def expected_from_log(log: pd.DataFrame, horizon: float, general=KAPPA_GENERAL, major=KAPPA_MAJOR) -> float:
    """The compensator of one replication from its event log (the window must start empty: no warm-up).

    A firm is stopped from its suspension to its resumption (or the horizon); a closure (关闭) closes
    its hazards, so nothing of it is exposed afterwards. `general`, `major`: what an open hazard of each
    class adds per exposed day (κ by default), one number or an array by enterprise."""
    created = log[log.event == "hazard_created"].set_index("hazard")
    closed = log[log.event == "hazard_closed"].set_index("hazard")["time"]
    escalated = log[log.event == "hazard_escalated"].set_index("hazard")["time"]
    start = created["time"].to_numpy()
    end = closed.reindex(created.index).fillna(horizon).to_numpy()
    switch = np.where(created["detail"] == "major", start,
                      escalated.reindex(created.index).fillna(np.inf).to_numpy())
    switch = np.minimum(switch, end)
    owner = created["enterprise"].to_numpy()
    total = 0.0
    for enterprise in np.unique(owner):
        i = owner == enterprise
        states = log[(log.enterprise == enterprise) & log.event.isin(["suspension", "resumption"])]
        stops, since = [], None
        for t, event in zip(states.time, states.event, strict=True):
            if event == "suspension":
                since = t
            elif since is not None:
                stops.append((since, t))
                since = None
        if since is not None:
            stops.append((since, horizon))
        per_day = [rate if np.ndim(rate) == 0 else rate[enterprise] for rate in (general, major)]
        total += per_day[0] * _operating_time(start[i], switch[i], stops).sum()
        total += per_day[1] * _operating_time(switch[i], end[i], stops).sum()
    return total


@pytest.mark.parametrize("engine", ["simpy", "numba"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_accidents_equal_the_expected_accidents(name, engine):
    result = _run(name, engine)
    reps = result.replications
    assert reps[EXERCISED[name]].sum() > 0, f"{name} does not exercise its path"
    accidents, expected = reps.accidents.sum(), reps.expected_accidents.sum()
    z = (accidents - expected) / np.sqrt(expected)
    assert abs(z) < Z, f"{name} on {engine}: {accidents} accidents, {expected:.1f} expected (z = {z:.2f})"
    if engine == "simpy":
        for r, log in result.events.groupby("replication"):
            row = reps.loc[reps.replication == r].iloc[0]
            assert row.expected_accidents == pytest.approx(expected_from_log(log, result.config.horizon_days),
                                                           rel=1e-9)
