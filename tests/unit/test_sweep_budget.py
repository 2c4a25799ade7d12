"""Budget mixes (sim/sweep/budget.py): a fixed yearly budget split between the levers, refused when it
does not add up, and turned into each cell's settings at the cell's prices."""

from __future__ import annotations

import pandas as pd
import pytest

import sim
from sim.config.errors import ConfigError
from sim.sweep.budget import derived_overrides, eligible_enterprises, parse_budget, priced
from sim.sweep.load import parse_command_line
from sim.sweep.spec import build_spec

TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]
MIX = {"inspectors": 1_000_000, "training": 18_000, "third_party": 31_000, "remote_monitoring": 40_000}


def _spec(options, yearly=1_089_000, **raw):
    return build_spec({"budget": {"yearly": yearly, "options": options}, "replications": 2, "n_jobs": 1, **raw},
                      default_jobs=1)


def test_a_mix_buys_what_its_allocations_buy_at_the_cells_prices():
    config = sim.load_config(overrides=TINY)
    # 60 enterprises at county_baseline's shares: 3 in hazardous chemicals, 1 non-coal mine (largest remainder)
    assert eligible_enterprises(config) == 4
    budget = parse_budget({"yearly": 1_089_000, "options": {"mine": MIX}})
    assert budget.allocations["mine"]["rewards"] == 0.0
    assert derived_overrides(budget.allocations["mine"], config, "w") == (
        "inspectors.count=5",                           # ¥1,000,000 / ¥200,000
        "inspectors.professional_share=0.6",            # ¥18,000 / (¥30,000 / 5 years) = 3 of 5 trained
        "regimes.whistleblower.enabled=false",
        "regimes.third_party.enabled=true",
        "regimes.remote_monitoring.enabled=true",
        "regimes.third_party.inspector_days_per_year=10",   # ¥31,000 / ¥3,000, rounded down
        "regimes.remote_monitoring.monitored_share=0.5")     # ¥40,000 / (¥20,000 x 4 enterprises)


def test_the_cells_are_priced_by_their_own_config():
    spec = _spec({"a": MIX, "dear": {**MIX, "overrides": ["costs.inspector_yearly=250000"]}},
                 axes=[{"key": "costs.training_years", "values": [5, 10]}])
    assert [cell.values for cell in spec.cells][:2] == [{"mix": "a", "costs.training_years": 5},
                                                        {"mix": "a", "costs.training_years": 10}]
    cells = priced(spec, "county_baseline", TINY).cells
    assert "inspectors.professional_share=1.0" in cells[1].overrides   # 6 trained at ¥3,000 a year, of 5
    assert "inspectors.count=4" in cells[2].overrides                   # ¥1,000,000 / ¥250,000
    assert priced(priced(spec, "county_baseline", TINY), "county_baseline", TINY).cells == cells


@pytest.mark.parametrize(("options", "message"), [
    ({"short": {"inspectors": 1_000_000}},
     "config error: sweep.budget.options.short = 1000000: the allocations add up to ¥1,000,000 a year; they must "
     "add up to budget.yearly, ¥1,089,000 (within ¥1)"),
    ({"neg": {**MIX, "training": -18_000, "inspectors": 1_036_000}},
     "config error: sweep.budget.options.neg.training = -18000: yuan a year: a number >= 0"),
    ({"odd": {**MIX, "drones": 0}},
     "config error: sweep.budget.options.odd.drones = 0: is not a lever; the levers are inspectors, training, "
     "rewards, third_party, remote_monitoring"),
])
def test_a_mix_that_does_not_add_up_is_refused_with_one_line(options, message):
    with pytest.raises(ConfigError) as info:
        _spec(options)
    assert str(info.value) == message


def test_within_a_yuan_adds_up():
    assert _spec({"near": {**MIX, "inspectors": 1_000_000.9}}).budget.yearly == 1_089_000


def test_the_shipped_budget_mix_spends_todays_budget_and_its_reference_is_today():
    command = parse_command_line(["sweep=budget_mix"], default_jobs=1)
    today = sim.load_config("county_baseline")
    c = today.costs
    assert command.spec.budget.yearly == pytest.approx(
        today.inspectors.count * (c.inspector_yearly + today.inspectors.professional_share
                                  * c.training_per_inspector / c.training_years))
    reference = command.configs[command.spec.reference]
    assert (reference.inspectors.count, reference.inspectors.professional_share) == (30, 0.6)
    assert not (reference.regimes.whistleblower.enabled or reference.regimes.third_party.enabled
                or reference.regimes.remote_monitoring.enabled)


def test_a_budget_sweep_runs_and_records_its_allocations(tmp_path, capsys):
    from analysis.sweep_tables import budget_table
    from sim.sweep.__main__ import main

    assert main(["sweep=budget_mix", "sweep.replications=2", "sweep.n_jobs=1", *TINY,
                 f"hydra.run.dir={tmp_path}"]) == 0
    err = capsys.readouterr().err
    # 4 enterprises in the monitored sectors at ¥20,000: all of them monitored, the rest of ¥600,000 left
    assert "mix=fewer_staff_remote_monitoring: inspectors 5,400,000 of 5,400,000; training 108,000 of 108,000; " \
           "remote_monitoring 80,000 of 600,000; total 5,588,000" in err
    table = budget_table(tmp_path).set_index(["mix", "lever"])
    assert table.loc[("as_today", "inspectors"), "spend"] == pytest.approx(6_000_000)
    assert table.loc[("train_all", "training"), "spend"] == pytest.approx(174_000)
    assert table.loc[("fewer_staff_third_party", "third_party"), "left"] == pytest.approx(0)
    assert table.loc[("all_on_staff", "total"), "left"] == pytest.approx(108_000)
    cells = pd.read_parquet(tmp_path / "cells.parquet")
    assert list(cells.columns[:3]) == ["cell", "label", "mix"]
