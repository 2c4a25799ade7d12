"""costs.* and the spend columns: each run prices every lever the same way on both engines."""

from __future__ import annotations

import pytest

import sim
from sim.__main__ import main
from sim.results_schema import AMOUNTS, SPEND

ENGINES = ("simpy", "numba")
# A small county with every priced lever on: 4 inspectors, half of them trained, rewards of 1,000 yuan
# whatever the hazard (so rewards_paid is 1,000 per valid report), purchased days and monitoring.
PRICED = ["population.enterprises=120", "inspectors.count=4", "inspectors.professional_share=0.5",
          "horizon_days=730", "warmup_days=60",
          "costs.inspector_yearly=100000", "costs.training_per_inspector=20000", "costs.training_years=4",
          "regimes.whistleblower.enabled=true", "regimes.whistleblower.reward_general=1000",
          "regimes.whistleblower.reward_major=1000", "reports.hazard_report_rate=0.05",
          "regimes.third_party.enabled=true", "regimes.third_party.inspector_days_per_year=50",
          "regimes.third_party.price_per_day=2500",
          "regimes.remote_monitoring.enabled=true", "regimes.remote_monitoring.yearly_cost=8000"]


def _replication(overrides: list[str], engine: str):
    config = sim.load_config(overrides=overrides)
    return sim.simulate(config, engine=engine, replications=1, seed=5, progress=False).replications.iloc[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_spend_columns_equal_a_hand_computation(engine):
    reps = _replication(PRICED, engine)
    years = 730 / 365.25
    assert reps.spend_inspectors == pytest.approx(4 * 100_000 * years)
    assert reps.spend_training == pytest.approx(4 * 0.5 * 20_000 / 4 * years)
    assert reps.reports_valid > 0
    assert reps.spend_rewards == pytest.approx(1000 * reps.reports_valid)
    assert reps.third_party_days > 0
    assert reps.spend_third_party == pytest.approx(2500 * reps.third_party_days)
    assert reps.monitored_enterprises > 0
    assert reps.spend_remote_monitoring == pytest.approx(8000 * reps.monitored_enterprises * years)
    levers = [name for name in SPEND if name != "spend_total"]
    assert reps.spend_total == pytest.approx(sum(reps[name] for name in levers))


def test_the_engines_price_a_run_alike():
    """The prices are applied once, in the shared results assembly: what does not depend on the
    engine's draws (staff, training, purchases, monitoring) is the same to the yuan."""
    simpy, numba = (_replication(PRICED, engine) for engine in ENGINES)
    for name in ("spend_inspectors", "spend_training", "spend_third_party", "spend_remote_monitoring"):
        assert simpy[name] == numba[name], name


@pytest.mark.parametrize("engine", ENGINES)
def test_no_inspectors_cost_nothing_and_no_regime_buys_nothing(engine):
    reps = _replication(["population.enterprises=60", "horizon_days=365", "warmup_days=30", "inspectors.count=0",
                         "regimes.double_random.enabled=false"], engine)
    for name in SPEND:
        assert reps[name] == 0, name


def test_the_spend_columns_are_in_the_schema():
    assert set(SPEND) <= set(AMOUNTS) and SPEND[-1] == "spend_total"


@pytest.mark.parametrize(("override", "message"), [
    ("costs.inspector_yearly=-1", "config error: costs.inspector_yearly = -1.0: must be a number >= 0"),
    ("costs.training_per_inspector=-5", "config error: costs.training_per_inspector = -5.0: must be a number >= 0"),
    ("costs.training_years=0", "config error: costs.training_years = 0.0: must be a number > 0"),
])
def test_a_bad_price_is_refused_with_one_line(override, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([override, f"hydra.run.dir={tmp_path / 'out'}"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == message
    assert not (tmp_path / "out").exists()
