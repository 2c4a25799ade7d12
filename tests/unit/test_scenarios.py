"""The planner's scenarios: every file loads, cites a policy document, keeps its campaign phases
inside its window, and the scenario report shows the targets."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from omegaconf import OmegaConf

import sim
from analysis import scenario_report
from analysis.indicators import regime_table, tail_note, target_table, verdict
from sim.config.loader import SCENARIO_DIR, available_scenarios
from sim.config.regime_schema import REGIMES
from tests.conftest import DOCUMENTS

SCENARIOS = available_scenarios()
CAMPAIGNS = [name for name in SCENARIOS
             if OmegaConf.select(OmegaConf.load(SCENARIO_DIR / f"{name}.yaml"), "regimes.campaign.phases")]
REGIME_SCENARIOS = [name for name in SCENARIOS if name.startswith("regime_")]
# What a campaign phase may override (read at the moment of use): numbers, not the population,
# sectors, headcount, dispatch, dates or calendar.
_REGIME_KEYS = r"regimes\.(double_random|lead_monthly|risk_based|credit_based|whistleblower)\.[a-z_.]+"
CAMPAIGN_KEYS = re.compile(
    r"self_inspection\.(monthly|quarterly)_detection_(general|major)"
    r"|detection\.[a-z_]+|reports\.(hazard_report_rate|no_reward_propensity|reward_scale)"
    r"|rectification\.(?!failures_to_close$)[a-z_]+|penalties\.[a-z_]+|deterrence\.[a-z_]+"
    rf"|inspectors\.announced_share|{_REGIME_KEYS}")
TINY = ["population.enterprises=200", "horizon_days=120", "warmup_days=0"]
TARGETS = ["targets.year=2020", "targets.deaths_per_100k_workers_max=1.5", "targets.deaths_per_year_max=16",
           "targets.note=From the city plan."]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_scenarios_of_the_issue_are_there():
    expected = {"county_baseline", "county_three_year_action", "town_major_hazard_campaign_2023",
                "city_five_year_plan", "county_all_regimes"} | {f"regime_{name}" for name in REGIMES}
    assert expected <= set(SCENARIOS)


# The document scenarios that make a yearly inspection plan, as the 2017 rule asks of every bureau
WITH_THE_PLAN = ("county_baseline", "county_three_year_action", "town_major_hazard_campaign_2023",
                 "city_five_year_plan", "county_all_regimes", "regime_annual_plan")


def test_the_all_regimes_scenario_has_every_regime_on():
    config = sim.load_config("county_all_regimes")
    assert all(getattr(config.regimes, r).enabled for r in REGIMES)
    assert config.population == sim.load_config("county_baseline").population


def test_the_document_scenarios_make_an_annual_plan_and_the_single_regime_ones_do_not():
    for name in SCENARIOS:
        assert sim.load_config(name).regimes.annual_plan.enabled == (name in WITH_THE_PLAN), name


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_loads_validates_and_cites_a_document(name):
    config = sim.load_config(name)  # composes and validates, or raises ConfigError
    assert config.name == name
    assert config.description.strip()
    assert set(config.sources) & set(DOCUMENTS), f"{name} cites none of {DOCUMENTS}"
    header = (SCENARIO_DIR / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(f"# {name}:"), "the file opens with a comment saying what it is"


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_has_a_title_and_a_chinese_title_and_description(name):
    """The report's title and appendix (analysis/report) show these, not the identifier or English."""
    config = sim.load_config(name)
    assert config.title.strip() and config.title != name and not re.search(r"[\u3400-\u9fff]", config.title)
    for text in (config.title_zh, config.description_zh):
        assert re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"[A-Za-z]", text), text


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_campaign_phases_are_inside_the_window_in_order_and_apart(name):
    config = sim.load_config(name)
    first = _date(config.start_date)
    last = first + dt.timedelta(days=config.horizon_days - 1)
    phases = config.regimes.campaign.phases
    assert config.regimes.campaign.enabled
    for phase in phases:
        assert first <= _date(phase.start) <= _date(phase.end) <= last, phase.name
        assert phase.name
    for before, after in zip(phases, phases[1:], strict=False):
        assert _date(before.end) < _date(after.start), f"{before.name} overlaps {after.name}"


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_phase_overrides_name_campaign_keys_with_valid_values(name):
    for phase in sim.load_config(name).regimes.campaign.phases:
        for key in phase.overrides:
            assert CAMPAIGN_KEYS.fullmatch(key), f"{name}, {phase.name}: {key} may not be set by a campaign"
        # The phase's values applied to the scenario pass the same checks as the scenario's own.
        written = [f"{key}={str(value).lower() if isinstance(value, bool) else value}"
                   for key, value in phase.overrides.items()]
        sim.load_config(name, written)


def test_the_county_and_town_campaigns_follow_their_documents():
    county = sim.load_config("county_three_year_action").regimes.campaign.phases
    assert [p.name for p in county] == ["动员部署", "全面实施", "重点攻坚", "完善提升"]
    assert (county[0].start, county[-1].end) == ("2020-04-01", "2022-12-31")
    town = sim.load_config("town_major_hazard_campaign_2023").regimes.campaign.phases
    assert [p.name for p in town] == ["动员部署", "企业自查自改和部门帮扶", "精准执法", "巩固提高"]
    assert (town[2].start, town[2].end, town[-1].end) == ("2023-08-01", "2023-11-30", "2023-12-31")


def _tiny(name: str) -> list[str]:
    """TINY, its window moved to keep every campaign phase in the simulated days (else the phase is refused):
    from the first phase's start (as warm-up) to four months after the last one's."""
    campaign = sim.load_config(name).regimes.campaign
    if not (campaign.enabled and campaign.phases):
        return TINY
    first, last = (_date(campaign.phases[i].start) for i in (0, -1))
    return [*TINY, f"start_date={last}", f"warmup_days={(last - first).days}"]


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_every_scenario_runs_on_both_engines(engine):
    """Shrunk to a small county and four months, so the test is about running, not about numbers."""
    for name in available_scenarios():
        config = sim.load_config(name, _tiny(name))
        reps = sim.simulate(config, engine=engine, replications=1, seed=1, events=False, progress=False).replications
        assert reps.hazards_created.iloc[0] > 0, name
        enabled = [r for r in REGIMES if getattr(config.regimes, r).enabled]
        if "third_party" in enabled:
            assert reps.third_party_checks.iloc[0] > 0, name
        if "remote_monitoring" in enabled:
            assert reps.monitored_enterprises.iloc[0] > 0, name


@pytest.mark.parametrize("name", REGIME_SCENARIOS)
def test_a_regime_scenario_is_county_baseline_with_only_its_regime(name):
    regime = name.removeprefix("regime_")
    config, baseline = sim.load_config(name), sim.load_config("county_baseline")
    assert [r for r in REGIMES if getattr(config.regimes, r).enabled] == [regime]
    assert config.population == baseline.population
    assert config.inspectors == baseline.inspectors
    assert (config.start_date, config.horizon_days) == (baseline.start_date, baseline.horizon_days)


def test_the_city_scenario_carries_the_plans_2020_targets():
    config = sim.load_config("city_five_year_plan")
    targets = config.targets
    assert (targets.year, targets.deaths_per_100k_workers_max) == (2020, 1.5)
    assert targets.accidents_per_year_max is None  # the plan gives no figure
    # its death figure is outside road traffic, which holds the road-transport firms' deaths
    assert (targets.deaths_per_year_max, targets.deaths_outside_road_per_year_max) == (None, 16)
    assert targets.note
    assert (config.start_date, _date(config.start_date) + dt.timedelta(days=config.horizon_days)) == \
        ("2016-01-01", dt.date(2021, 1, 1))


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0.9, 1.4, "met"), (1.2, 1.8, "uncertain"), (1.5, 2.0, "not met"), (float("nan"), float("nan"), "–"),
])
def test_verdict(low, high, expected):
    assert verdict(1.5, low, high) == expected


def test_the_deaths_outside_road_target_is_set_against_the_deaths_outside_road_transport():
    config = sim.load_config("city_five_year_plan")
    summary = pd.DataFrame({"metric": ["deaths_per_100k_workers_year", "deaths_industrial"],
                            "mean": [1.2, 70.0], "ci_low": [1.0, 60.0], "ci_high": [1.4, 75.0]})
    replications = pd.DataFrame({"deaths_per_100k_workers_year": [1.2, 1.2],
                                 "deaths_industrial": [60, 80], "deaths": [90, 110]})
    table = target_table(summary, replications, config.targets, years=5.0).set_index("indicator")
    row = table.loc["死亡人数 (道路运输以外)"]
    assert (row["target"], row["mean"], row["ci_high"], row["below"], row["verdict"]) == (16.0, 14.0, 15.0, 0.5, "met")
    assert "死亡人数" not in table.index  # no target on all deaths, road transport included


def test_the_tail_note_says_what_the_worst_replication_does_to_the_mean_deaths():
    note = tail_note(pd.DataFrame({"deaths": [2, 4, 6, 28]}), years=2.0)
    assert "holds 70% of all simulated deaths (28 in 2 years)" in note
    assert "the mean would be 2 deaths a year instead of 5" in note
    assert tail_note(pd.DataFrame({"deaths": [0, 0]}), years=2.0) == ""


def test_target_table_scales_counts_per_year_and_skips_missing_targets():
    config = sim.load_config("county_baseline", ["targets.accidents_per_year_max=10"])
    summary = pd.DataFrame({"metric": ["accidents"], "mean": [20.0], "ci_low": [16.0], "ci_high": [24.0]})
    replications = pd.DataFrame({"accidents": [14, 18, 22, 26]})
    table = target_table(summary, replications, config.targets, years=2.0)
    assert table.to_dict("records") == [{
        "indicator": "事故起数", "meaning": "accidents per year", "target": 10.0, "mean": 10.0,
        "ci_low": 8.0, "ci_high": 12.0, "below": 0.5, "verdict": "uncertain"}]


@pytest.fixture(scope="module")
def tiny_run():
    config = sim.load_config("county_baseline", [*TINY, *TARGETS])
    result = sim.simulate(config, engine="simpy", replications=2, seed=1, events=False, progress=False)
    return config, result


def test_the_report_shows_each_target_against_the_simulated_value(tiny_run):
    config, result = tiny_run
    run = scenario_report.RunInfo(seconds=1.0)
    text = scenario_report.report_markdown(result, run)
    assert text.startswith("# Scenario report: county_baseline")
    assert "| 事故起数 |" in text  # the indicator table
    section = text[text.index("## Targets (2020)"):]
    rate = next(line for line in section.splitlines() if line.startswith("| 十万人死亡率"))
    assert "| 1.5 |" in rate and re.search(r"\| (met|not met|uncertain) \| \d+% \|$", rate)
    assert any(line.startswith("| 死亡人数 | deaths per year | 16.0 |") for line in section.splitlines())
    assert "事故起数 | accidents per year" not in section  # no accident target set
    assert "From the city plan." in section


def test_the_report_shows_the_public_spend_by_lever_and_its_total(tiny_run):
    config, result = tiny_run
    text = scenario_report.report_markdown(result, scenario_report.RunInfo(seconds=1.0))
    years = config.horizon_days / 365.25
    staff = config.inspectors.count * config.costs.inspector_yearly  # yuan a year, the same in every replication
    assert f"| 执法人员经费 (元) | inspectors' salaries and on-costs (yuan) per year | {staff:,.0f} |" in text
    assert "| 培训经费 (元) |" in text and "| 公共支出合计 (元) |" in text
    assert "| 政府购买服务 (元) |" not in text  # no third party bought: no line
    assert result.replications.spend_total.mean() / years > staff


def test_a_report_without_targets_has_no_targets_section(tiny_run):
    config, result = tiny_run
    plain = sim.simulate(sim.load_config("county_baseline", TINY), engine="simpy", replications=2, seed=1,
                         events=False, progress=False)
    assert "## Targets" not in scenario_report.report_markdown(plain, scenario_report.RunInfo(seconds=1.0))


def test_the_report_command_writes_summary_md(tmp_path, capsys):
    out = tmp_path / "report"
    status = scenario_report.main(["county_baseline", "replications=2", "engine=simpy", "n_jobs=1",
                                   "--out", str(out), *TINY, *TARGETS])
    assert status == 0
    text = (out / "summary.md").read_text(encoding="utf-8")
    assert "## Targets (2020)" in text and (out / "replications.parquet").exists()
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["no_such_scenario"],
    ["county_baseline", "detection.professional_major=1.3"],
    ["county_baseline", "no_such_key=1"],
    ["county_baseline", "targets.deaths_per_year_max=-1"],
    ["county_baseline", "replications=0"],
    ["county_baseline", "--replications", "2"],
])
def test_the_report_command_refuses_bad_input_with_exit_2(argv, tmp_path, capsys):
    out = tmp_path / "report"
    assert scenario_report.main([*argv, "--out", str(out)]) == 2
    assert "config error:" in capsys.readouterr().err
    assert not out.exists()


def test_the_report_shows_inspector_time_by_regime():
    config = sim.load_config("county_baseline", [*TINY, "regimes.lead_monthly.enabled=true",
                                                 "regimes.lead_monthly.checks_per_month=2"])
    result = sim.simulate(config, engine="simpy", replications=2, seed=1, events=False, progress=False)
    years = config.horizon_days / 365.25
    table = regime_table(result.summary(), years).set_index("source")
    assert {"core", "double_random", "lead_monthly"} <= set(table.index)
    assert "risk_based" not in table.index  # nobody asked for it
    reps = result.replications
    assert table.loc["lead_monthly", "asked"] == pytest.approx(reps.tasks_created_lead_monthly.mean() / years)
    assert table.loc["double_random", "hours"] == pytest.approx(reps.hours_double_random.mean() / years)
    assert pd.isna(table.loc["core", "completion"]) and 0 < table.loc["lead_monthly", "completion"] <= 1
    text = scenario_report.report_markdown(result, scenario_report.RunInfo(seconds=1.0))
    assert "## Inspector time by regime" in text and "领导带队专家检查 (`lead_monthly`)" in text


def test_spending_lines_show_only_when_their_regime_spends():
    from analysis.indicators import INDICATORS, SPENDING, indicator_table

    def summary(spend: float) -> pd.DataFrame:
        rows = [{"metric": m, "mean": spend if m in SPENDING else 1.0, "ci_low": 0.0, "ci_high": 2.0}
                for m, *_ in INDICATORS]
        return pd.DataFrame(rows)

    quiet = indicator_table(summary(0.0), years=2.0)
    assert not set(quiet.indicator) & {zh for m, zh, *_ in INDICATORS if m in SPENDING}
    paying = indicator_table(summary(600_000.0), years=2.0)
    assert (paying.set_index("indicator").loc["政府购买服务 (元)", "mean"]) == 300_000.0  # per year
    assert len(paying) == len(INDICATORS)


def test_the_warmup_study_prints_one_row_per_warmup(capsys):
    from analysis import warmup_study

    status = warmup_study.main(["county_baseline", "--warmups", "0,60", "replications=2", "engine=simpy",
                                "n_jobs=1", *TINY[:2]])
    assert status == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("| warm-up (days) | accidents a year |") and len(table) == 4
    assert table[2].startswith("| 0 | ") and table[3].startswith("| 60 | ")


def test_the_warmup_study_refuses_a_bad_override_with_exit_2(capsys):
    from analysis import warmup_study

    assert warmup_study.main(["county_baseline", "replications=2", "population.enterprises=-3"]) == 2
    assert "config error: population.enterprises" in capsys.readouterr().err
