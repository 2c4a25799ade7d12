"""The calibration's coverage (slow: a whole history match per trial): records the model made itself at
truths drawn uniformly in the ranges, fitted with no discrepancy and exact records, so only the
emulators' and the model's own variances stand between the truth and the cutoff. An honest fit keeps
the truth in its NROY space in nearly every trial."""

from __future__ import annotations

import pytest

from analysis.calibrate.history import Plan
from analysis.calibrate.recovery import coverage
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.runs import RunSettings
from sim.config.uncertainty import Uncertainty

SMALL = ["population.enterprises=300", "inspectors.count=3", "horizon_days=366", "warmup_days=90"]
ITEMS = [Uncertainty("sectors.industry_trade.hazard_rate", 0.018, 0.009, 0.036),
         Uncertainty("detection.nonprofessional_general", 0.35, 0.2, 0.45),
         Uncertainty("inspectors.admin_share", 0.4, 0.25, 0.55)]


@pytest.mark.validation
def test_the_truth_survives_in_nearly_every_recovery(tmp_path):
    plan = Plan(waves=2, points=20, held_out=5, fitted=10, replications=3, discrepancy=0.0, sample=5000)
    table = coverage(ConfigLoader("county_baseline", SMALL), ITEMS, ["inspections", "hazards_found", "penalties"],
                     plan, trials=8, folder=tmp_path, run=RunSettings(n_jobs=2, progress=False), say=lambda text: None)
    assert len(table) == 8 and table.covered.sum() >= 7
    assert (table.nroy_fraction < 1).all()   # the records rule something out in every trial
