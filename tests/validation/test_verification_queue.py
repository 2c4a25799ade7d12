"""The verification queue, stripped to M/M/c, against its exact waits at heavy load and county size.

Long runs of the harness in `tests/unit/test_regime_mechanisms.py` (the SimPy engine's `TaskQueue`,
`rules.assignee` and `rules.task_key`, Poisson arrivals, exponential service), tolerance from
batch means. The fast suite runs one short case of each.
"""

from __future__ import annotations

import pytest

from sim.rules import dispatch as rules
from tests.queueing import (
    batch_means,
    erlang_c,
    erlang_c_wait,
    priority_wait,
    queue_waits,
)
from tests.unit.test_regime_mechanisms import Z


@pytest.mark.validation
@pytest.mark.parametrize(("lam", "mu", "c", "days"), [
    (0.8, 1.0, 1, 800_000),     # M/M/1, ρ = 0.8: W = 4 days
    (3.6, 1.0, 4, 200_000),     # ρ = 0.9
    (28.5, 1.0, 30, 40_000),    # county_baseline's 30 inspectors, ρ = 0.95
])
def test_verification_waits_match_erlang_c(lam, mu, c, days):
    waits = queue_waits({rules.VERIFICATION: lam}, mu, c, days=days, seed=c)[rules.VERIFICATION]
    mean, se = batch_means(waits, batches=40)
    expected = erlang_c_wait(lam, mu, c)
    assert se < 0.06 * expected  # long enough to tell: measured 1.7%, 2.0% and 5.3% of the wait
    assert abs(mean - expected) < Z * se
    started_at_once, se = batch_means((waits == 0.0).astype(float), batches=40)
    assert abs(started_at_once - (1.0 - erlang_c(lam / mu, c))) < Z * se


@pytest.mark.validation
def test_every_priority_class_waits_as_in_the_priority_mmc_queue():
    """Investigations ahead of verification, follow-ups and checks behind: each class at its own wait."""
    kinds = (rules.INVESTIGATION, rules.VERIFICATION, rules.FOLLOWUP, rules.TARGETED)
    assert [rules.PRIORITY[k] for k in kinds] == sorted(rules.PRIORITY[k] for k in kinds)
    rates = dict(zip(kinds, (3.0, 9.0, 6.0, 9.0), strict=True))  # ρ = 0.9 with 30 inspectors
    waits = queue_waits(rates, mu=1.0, c=30, days=60_000, seed=7)
    for k, kind in enumerate(kinds):
        mean, se = batch_means(waits[kind], batches=40)
        expected = priority_wait(list(rates.values()), 1.0, 30, k)
        assert abs(mean - expected) < Z * se, rules.TASK_KINDS[kind]
        assert se < 0.05 * expected
