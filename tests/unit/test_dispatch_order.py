"""A task queued for a later noon (a follow-up due at its deadline, a review) is in the queue before that
noon's dispatch, in both engines: the day's dispatch is queued by the one before it, as the SimPy
inspectorate's process waits for the next day only when its day's work is done."""

from __future__ import annotations

import sim

# A cold start in mid-June: the risk plan's checks find major hazards at noon from July, and their
# follow-ups fall due 30 days later, at a noon dispatch, inside the 120 days.
COLD = ["population.enterprises=400", "inspectors.count=8", "warmup_days=0", "start_date=2019-06-03",
        "horizon_days=120", "regimes.risk_based.enabled=true"]


def test_a_follow_up_due_at_a_dispatch_is_taken_that_day_in_both_engines():
    """Before the numba engine queued each dispatch from the one before (it queued them all at the start),
    it took such a follow-up a working day later than the SimPy engine: 13 of these 40 replications did
    fewer follow-ups in the window (SimPy 1.19, numba 0.83 a replication over 100)."""
    config = sim.load_config(overrides=COLD)
    runs = {engine: sim.simulate(config, engine=engine, replications=40, seed=101, events=False,
                                 progress=False).replications for engine in ("simpy", "numba")}
    simpy, numba = runs["simpy"], runs["numba"]
    assert simpy.inspections_followup.sum() >= 20
    assert list(simpy.inspections_followup) == list(numba.inspections_followup)
    assert list(simpy.hours_core) == list(numba.hours_core)
