"""Limiting cases and conservation laws that hold in every replication."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim.rules.dispatch import SOURCES, TASK_KINDS
from tests.conftest import SMALL, all_sectors, no_enforcement


def test_zero_inspectors_means_no_inspections(small_config):
    result = sim.simulate(small_config("inspectors.count=0", "warmup_days=0"), replications=2, seed=1,
                          progress=False)
    reps = result.replications
    assert (reps["inspections"] == 0).all()
    assert (reps[["found_inspection", "found_report", "found_investigation"]] == 0).all().all()
    assert reps["tasks_created"].gt(0).all()  # the work is there; nobody does it
    undone = reps["tasks_expired"] + reps["tasks_pending_end"] + reps["tasks_cancelled"]
    assert (undone == reps["tasks_created"]).all()
    assert reps["inspector_utilization"].isna().all()
    assert (result.events.event != "inspection").all()


def test_no_hazards_means_no_accidents(small_config):
    config = small_config(*all_sectors("hazard_rate", 0))
    reps = sim.simulate(config, replications=2, seed=1, progress=False).replications
    assert (reps[["hazards_created", "accidents", "deaths", "hazards_found"]] == 0).all().all()


def test_perfect_detection_finds_every_latent_hazard_at_the_first_check(small_config):
    """With detection 1 at every check, no hazard open at an inspection of its firm stays unknown."""
    detection = [f"detection.{who}_{cls}=1" for who in ("professional", "nonprofessional", "expert")
                 for cls in ("general", "major")]
    config = small_config(*detection, "self_inspection.quarterly_enabled=false", "reports.hazard_report_rate=0",
                          "warmup_days=0", "regimes.double_random.sampling_fraction=1")
    log = sim.simulate(config, seed=3, progress=False).events
    created = log[log.event == "hazard_created"].set_index("hazard")
    closed = log[log.event == "hazard_closed"].set_index("hazard")["time"].reindex(created.index)
    found = log[log.event == "hazard_found"].set_index("hazard")["time"].reindex(created.index)
    checks = log[(log.event == "inspection") & log.detail.isin(["double_random", "targeted", "investigation"])]
    assert len(checks) > 100
    missed = 0
    for _, check in checks.iterrows():
        mine = created[(created.enterprise == check.enterprise) & (created.time < check.time)]
        open_then = mine[~(closed.loc[mine.index] <= check.time)]
        missed += int((~(found.loc[open_then.index] <= check.time)).sum())
    assert missed == 0


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_hazards_are_conserved_in_every_replication_and_class(small_config, engine):
    """open at start + created (+ escalated, for majors) = open at end + closed; every count by source adds up."""
    config = small_config("hazards.escalation_rate=0.002", "rectification.compliance_base=0.5",
                          "rectification.failures_to_close=1")
    reps = sim.simulate(config, engine=engine, replications=4, seed=7, progress=False).replications
    assert reps["hazards_escalated"].gt(0).all() and reps["closures"].gt(0).any()
    assert (reps.hazards_open_start + reps.hazards_created == reps.hazards_open_end + reps.hazards_closed).all()
    assert (reps.major_hazards_open_start + reps.major_hazards_created + reps.hazards_escalated
            == reps.major_hazards_open_end + reps.major_hazards_closed).all()
    causes = ["closed_natural", "closed_rectified", "closed_on_spot", "closed_accident", "closed_enterprise"]
    assert (reps[causes].sum(axis=1) == reps.hazards_closed).all()
    # closed = closed after a finding (in the window, or before it) + closed with nobody having found them
    found_closed = (reps.rectification_rate * reps.hazards_found).round()
    assert (reps.closed_unfound > 0).all() and (found_closed + reps.closed_unfound <= reps.hazards_closed).all()
    assert (reps.major_closed_unfound <= reps[["closed_unfound", "major_hazards_closed"]].min(axis=1)).all()
    channels = ["found_self", "found_inspection", "found_report", "found_investigation"]
    assert (reps[channels].sum(axis=1) == reps.hazards_found).all()
    kinds = [f"inspections_{k}" for k in TASK_KINDS]
    assert (reps[kinds].sum(axis=1) == reps.inspections).all()
    assert (reps[[f"inspections_{s}" for s in SOURCES]].sum(axis=1) == reps.inspections).all()
    assert (reps[[f"tasks_created_{s}" for s in SOURCES]].sum(axis=1) == reps.tasks_created).all()
    # found_<source>: hazards its checks made known to the authority, first finds and self-found ones alike
    by_authority = reps.found_inspection + reps.found_report + reps.found_investigation
    found = reps[[f"found_{s}" for s in SOURCES]].sum(axis=1)
    assert (by_authority <= found).all() and (found <= by_authority + reps.found_self).all()
    assert (reps.inspections_double_random > 0).all() and (reps.found_double_random > 0).all()
    hours = reps[[f"hours_{s}" for s in SOURCES]].sum(axis=1)
    assert (hours > 0).all() and np.allclose(hours, reps.inspector_hours, rtol=0.05)  # carry-over at the ends
    assert (reps.closed_accident == reps.accidents).all()
    assert (reps.reports_valid + reps.reports_unfounded <= reps.reports).all()
    assert (reps.deaths_industrial + reps.deaths_road == reps.deaths).all()


def test_timeseries_adds_up_to_the_replication_totals(small_config):
    result = sim.simulate(small_config(), replications=2, seed=4, progress=False)
    monthly = result.timeseries.groupby("replication")[["accidents", "deaths", "inspections", "hazards_created"]].sum()
    reps = result.replications.set_index("replication")
    pd.testing.assert_frame_equal(monthly, reps[monthly.columns], check_dtype=False)
    last = result.timeseries.groupby("replication")["open_hazards"].last()
    assert (last == reps["hazards_open_end"]).all()
    assert result.timeseries.groupby("replication").size().eq(12).all()


def test_event_log_agrees_with_the_counts(small_config):
    result = sim.simulate(small_config(), seed=6, progress=False)
    log, reps = result.events, result.replications.iloc[0]
    assert (log.event == "hazard_created").sum() == reps.hazards_created
    assert (log.event == "accident").sum() == reps.accidents
    assert log.loc[log.event == "accident", "value"].sum() == reps.deaths
    assert (log.event == "inspection").sum() == reps.inspections
    assert log.time.between(0, 365).all()
    assert np.all(np.diff(log.time.to_numpy()) >= 0)


def test_without_enforcement_only_accidents_are_punished():
    config = sim.load_config(overrides=[*SMALL, *no_enforcement()])
    reps = sim.simulate(config, replications=3, seed=1, progress=False).replications
    assert (reps[["hazards_found", "inspections", "reports", "suspensions", "closures"]] == 0).all().all()
    assert reps["hazards_created"].gt(0).all()
    assert (reps.closed_unfound == reps.hazards_closed).all()   # nobody found any: every closure is unfound
    assert (reps.major_closed_unfound == reps.major_hazards_closed).all() and reps.hazards_closed.gt(0).all()
    penalties = config.penalties
    fine = penalties.accident_firm + penalties.accident_principal
    assert (reps["fines"] == reps["fatal_accidents"] * fine).all()
