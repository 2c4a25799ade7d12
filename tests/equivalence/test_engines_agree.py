"""The SimPy and numba engines implement one model: their outputs agree statistically.

For each scenario both engines run the same replications (same seeds, so the same populations and
candidate hazards). Every metric's mean must agree within 4 standard errors, both unpaired (as the
issue asks) and paired by replication (much sharper, since the two engines share the world of each
replication, held to the t quantile with the same tail as 4 normal standard errors, since its SE
is estimated from few differences); the distributions of the main counts must pass a two-sample test.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import sim
from sim.config.regime_schema import REGIMES
from tests.equivalence.scenarios import BASE, FAST, SCENARIOS

COUNTS_TESTED = ("accidents", "hazards_found", "found_self", "found_inspection", "found_report",
                 "found_investigation", "found_deep_check", "found_monitoring", "inspections", "tasks_expired",
                 "reports", "penalties")
EXCLUDED = ("replication", "seed")
Z = 4.0
P_MIN = 1e-3


def _runs(name: str, replications: int):
    config = sim.load_config(overrides=[*BASE, *SCENARIOS[name]])
    simpy = sim.simulate(config, engine="simpy", replications=replications, seed=101, n_jobs=2, events=False,
                         progress=False)
    numba = sim.simulate(config, engine="numba", replications=replications, seed=101, n_jobs=2,
                         progress=False)
    return simpy.replications, numba.replications


def mean_disagreements(a, b) -> list[str]:
    """Metrics whose means differ by more than Z standard errors (unpaired, then paired)."""
    bad = []
    for metric in a.columns:
        if metric in EXCLUDED:
            continue
        x, y = a[metric].to_numpy(float), b[metric].to_numpy(float)
        keep = ~(np.isnan(x) | np.isnan(y))
        x, y = x[keep], y[keep]
        if len(x) < 2:
            continue
        diff = x.mean() - y.mean()
        se = np.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y))
        paired_se = (x - y).std(ddof=1) / np.sqrt(len(x))
        # the paired SE is estimated from n differences: hold it to the t quantile with the tail of 4 normal SE
        paired_z = stats.t.ppf(stats.norm.cdf(Z), df=len(x) - 1)
        if abs(diff) > Z * se + 1e-9 or abs(diff) > paired_z * paired_se + 1e-9:
            bad.append(f"{metric}: simpy {x.mean():.4g} vs numba {y.mean():.4g} (se {se:.3g}, paired {paired_se:.3g})")
    return bad


def distribution_disagreements(a, b) -> list[str]:
    bad = []
    for metric in COUNTS_TESTED:
        x, y = a[metric].to_numpy(float), b[metric].to_numpy(float)
        if np.all(x == x[0]) and np.all(y == y[0]):
            if x[0] != y[0]:
                bad.append(f"{metric}: constant {x[0]} vs {y[0]}")
            continue
        p = stats.ks_2samp(x, y).pvalue
        if p < P_MIN:
            bad.append(f"{metric}: two-sample KS p = {p:.2g}")
    return bad


def _check(name: str, replications: int) -> None:
    a, b = _runs(name, replications)
    assert list(a.columns) == list(b.columns)
    assert (a.seed.to_numpy() == b.seed.to_numpy()).all()
    problems = mean_disagreements(a, b) + distribution_disagreements(a, b)
    assert not problems, f"engines disagree in scenario {name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", FAST)
def test_engines_agree_fast(name):
    _check(name, 24)


@pytest.mark.validation
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_engines_agree(name):
    _check(name, 100)


def test_scenarios_switch_on_every_mechanism():
    """Guard the suite's coverage: each mechanism is active in at least one scenario."""
    config = {name: sim.load_config(overrides=[*BASE, *o]) for name, o in SCENARIOS.items()}
    assert any(c.inspectors.dispatch == "territorial" for c in config.values())
    assert any(c.hazards.escalation_rate > 0 for c in config.values())
    assert any(c.self_inspection.monthly_enabled for c in config.values())
    assert any(c.regimes.whistleblower.enabled for c in config.values())
    assert any(c.inspectors.announced_share > 0 for c in config.values())
    assert any(c.inspectors.count == 1 for c in config.values())
    assert any(c.rectification.failures_to_close <= 2 for c in config.values())
    for regime in REGIMES:
        assert any(getattr(c.regimes, regime).enabled for c in config.values()), regime
    assert any(all(getattr(c.regimes, regime).enabled for regime in REGIMES) for c in config.values())
    assert any(c.trial.enabled for c in config.values())
    assert any(c.deterrence.order_strength > 0 for c in config.values())
    assert any(c.regimes.annual_plan.enabled and not c.regimes.annual_plan.general_checks for c in config.values())
    assert len(SCENARIOS) >= 14


def test_population_and_hazard_arrivals_match_exactly():
    """Where both engines consume a stream in the same order, they agree exactly, not only in law.

    With nothing that feeds back on hazard creation (no deterrence of any kind, orders' included, no
    suspension, no retraining, no closure), the candidates both engines thin are the same, so the hazards created are identical.
    """
    config = sim.load_config(overrides=[*BASE, "deterrence.general_max=0", "deterrence.specific_strength=0",
                                        "deterrence.order_strength=0", "rectification.retrain_gain=0", "rectification.compliance_base=1",
                                        "rectification.compliance_quality_slope=0"])
    a = sim.simulate(config, engine="simpy", replications=3, seed=5, events=False, progress=False).replications
    b = sim.simulate(config, engine="numba", replications=3, seed=5, progress=False).replications
    for metric in ("seed", "workers_industrial", "hazards_created", "major_hazards_created", "hazards_open_start"):
        assert (a[metric].to_numpy() == b[metric].to_numpy()).all(), metric
