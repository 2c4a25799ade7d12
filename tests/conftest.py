"""Shared helpers: small scenarios built from county_baseline with overrides."""

from __future__ import annotations

import pytest

import sim
from sim.config.model_schema import SECTORS

# The policy documents of ../shared/policy-documents/, by the ids scenarios and options cite.
DOCUMENTS = (
    "city-13th-five-year-safety-plan-2017",
    "city-management-bureau-three-grips-plan",
    "county-three-year-rectification-plan-2020",
    "region-annual-work-points-2020",
    "town-major-hazard-campaign-2023",
)
SMALL = ["population.enterprises=300", "inspectors.count=5", "horizon_days=365", "warmup_days=90"]

# The model of 41667ea and before: sector hazard rates before the orders' lasting effect was calibrated
# (docs/model.md §10) and the orders off; tests that compare with numbers of that model pin both.
HAZARD_RATES_BEFORE = [f"sectors.{name}.hazard_rate={rate}" for name, rate in (
    ("hazardous_chemicals", 0.025), ("non_coal_mines", 0.025), ("construction", 0.022), ("industry_trade", 0.015),
    ("town_gas", 0.015), ("crowded_premises", 0.012), ("road_transport", 0.02), ("fireworks", 0.02))]
# county_baseline without its annual plan (on since issue 16): for tests of another mechanism that
# count checks or hours the plan would add to
PLAN_OFF = "regimes.annual_plan.enabled=false"
MODEL_BEFORE_ORDERS = [*HAZARD_RATES_BEFORE, "deterrence.order_strength=0", PLAN_OFF]


def all_sectors(field: str, value) -> list[str]:
    """One override per sector of the default scenario: sectors.<s>.<field>=value."""
    return [f"sectors.{s}.{field}={value}" for s in SECTORS]


def no_enforcement() -> list[str]:
    """Nobody finds anything: no inspectors, no regime, no self-inspection, no reports."""
    return ["inspectors.count=0", "regimes.double_random.enabled=false",
            "self_inspection.quarterly_enabled=false", "self_inspection.monthly_enabled=false",
            "reports.hazard_report_rate=0", "reports.unfounded_rate=0"]


def no_accidents() -> list[str]:
    return all_sectors("accident_rate_general", 0) + all_sectors("accident_rate_major", 0)


def no_seasons() -> list[str]:
    return all_sectors("flood_factor", 1) + all_sectors("winter_factor", 1)


@pytest.fixture
def small_config():
    def make(*overrides: str):
        return sim.load_config(overrides=[*SMALL, *overrides])
    return make


# The default study (make report) at a small size, for the report's tests
REPORT_SMALL = ["population.enterprises=300", "warmup_days=30", "trial.firms=100", "n_jobs=1"]


@pytest.fixture(scope="session")
def report_study(tmp_path_factory):
    """The default study at a small size: 300 enterprises, 3 replications per cell, 4 in the trial;
    built once for every report test module (a few minutes on two cores)."""
    from analysis import default_study

    folder = tmp_path_factory.mktemp("study") / "default_study"
    assert default_study.main([*REPORT_SMALL, "--out", str(folder), "--staffing-replications", "3",
                               "--choice-replications", "3", "--trial-replications", "4",
                               "--sensitivity", "none"]) == 0   # its section is tested on tables written by hand
    return folder


@pytest.fixture(scope="session")
def report_facts(report_study):
    """What the report says of the small default study, gathered once (the bootstraps take most of a
    report's time) for every report test that does not change how it is gathered."""
    from analysis.report.build import gather
    from analysis.report.study import load_study

    return gather(load_study(report_study))


@pytest.fixture(scope="session")
def report_documents(report_facts):
    """The small default study's report in each language, built once (documents are frozen)."""
    from analysis.report.build import build_document

    return {language: build_document(report_facts, language) for language in ("zh", "en")}
