"""Every bad-input rule of the config refuses the value with a ConfigError naming key and value.

Each case goes through the public `sim.load_config(scenario, overrides)` (Hydra composition,
schema typing, then `sim.config.validate`), or through `sim.simulate` for its own arguments.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from omegaconf import OmegaConf

import sim
from sim import ConfigError, load_config
from sim.config import compose_config, to_config
from sim.config.loader import SCENARIO_DIR
from sim.config.model_schema import DEFAULT_SECTOR_SHARES, SECTORS
from sim.config.regime_schema import REGIMES

# Keeps compile_scenario and any accidental run cheap.
SMALL = ["population.enterprises=200", "inspectors.count=3", "horizon_days=120", "warmup_days=30"]
SHARES = {"industry_trade": 0.6, "construction": 0.4}


def refused(overrides: list[str] | tuple[str, ...] = (), scenario: str = "county_baseline") -> ConfigError:
    """The ConfigError that load_config raises for these overrides (fails the test if none)."""
    with pytest.raises(ConfigError) as info:
        load_config(scenario, list(overrides))
    error = info.value
    assert isinstance(error, ValueError)
    assert "\n" not in str(error), "the command line prints the error as one line"
    assert str(error).startswith(f"config error: {error.key} = ")
    assert error.allowed
    return error


def same(actual: Any, expected: Any) -> bool:
    """Equal, with NaN equal to NaN and numbers compared by value whatever their type."""
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and not isinstance(actual, bool) and actual == expected
    return actual == expected


def check(error: ConfigError, key: str, value: Any) -> None:
    assert error.key == key, str(error)
    assert same(error.value, value), f"{error.value!r} != {value!r} ({error})"


def scenario_file(tmp_path: Path, body: dict[str, Any], name: str = "custom") -> str:
    """A scenario YAML in tmp_path (merged at the global package, like scenarios/*.yaml)."""
    data = {"name": name, "population": {"sector_shares": dict(SHARES)}}
    for key, value in body.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


# --- the default scenario ------------------------------------------------------------------------


def test_default_scenario_loads_with_its_stable_keys():
    config = load_config()
    assert config.name == "county_baseline"
    assert config.population.enterprises == 3000
    assert config.inspectors.count == 30
    assert config.start_date == "2020-01-01"
    assert isinstance(config.horizon_days, int) and config.horizon_days >= 1
    assert isinstance(config.warmup_days, int) and config.warmup_days >= 0
    assert abs(sum(config.population.sector_shares.values()) - 1) < 1e-9
    for name in REGIMES:
        assert isinstance(getattr(config.regimes, name).enabled, bool), name
    assert config.regimes.double_random.enabled is True
    assert load_config("county_baseline", []) == config


def test_a_scenario_file_in_tmp_path_loads(tmp_path):
    config = load_config(scenario_file(tmp_path, {"start_date": "2021-03-01"}))
    assert config.name == "custom"
    assert config.population.sector_shares == SHARES
    assert config.start_date == "2021-03-01"


def test_good_overrides_are_applied():
    config = load_config("county_baseline", SMALL + ["detection.professional_major=1", "hazards.escalation_rate=0",
                                                     "inspectors.dispatch=territorial", "engine=numba"])
    assert config.population.enterprises == 200
    assert config.detection.professional_major == 1.0
    assert config.inspectors.dispatch == "territorial"


# --- numbers: probabilities, rates, hours, counts --------------------------------------------------


@pytest.mark.parametrize(("override", "key", "value"), [
    ("detection.professional_major=1.3", "detection.professional_major", 1.3),
    ("detection.expert_general=-0.2", "detection.expert_general", -0.2),
    ("sectors.fireworks.p_major=-0.1", "sectors.fireworks.p_major", -0.1),
    ("population.good_credit_share=2", "population.good_credit_share", 2.0),
    ("regimes.double_random.sampling_fraction=1.01", "regimes.double_random.sampling_fraction", 1.01),
])
def test_probability_outside_0_1_is_refused(override, key, value):
    error = refused([override])
    check(error, key, value)
    assert "[0, 1]" in error.allowed


@pytest.mark.parametrize(("override", "key", "value"), [
    ("hazards.natural_closure_rate=inf", "hazards.natural_closure_rate", math.inf),
    ("hazards.natural_closure_rate=-inf", "hazards.natural_closure_rate", -math.inf),
    ("hazards.natural_closure_rate=nan", "hazards.natural_closure_rate", math.nan),
    ("sectors.fireworks.hazard_rate=inf", "sectors.fireworks.hazard_rate", math.inf),
    ("detection.professional_major=nan", "detection.professional_major", math.nan),
    ("deterrence.general_half_life_days=inf", "deterrence.general_half_life_days", math.inf),
])
def test_nan_and_inf_are_refused_where_finite_numbers_are_needed(override, key, value):
    check(refused([override]), key, value)


def test_hydra_parses_inf_and_nan_as_floats_so_validation_sees_them():
    # Hydra's override grammar reads inf/-inf/nan as floats (not strings): the float field accepts
    # them at composition, and it is validate() that must refuse them.
    for text, test in (("inf", math.isinf), ("nan", math.isnan)):
        error = refused([f"hazards.natural_closure_rate={text}"])
        assert isinstance(error.value, float) and test(error.value)
        assert error.allowed == "must be a number >= 0"
    # YAML's spelling .inf is not a float to Hydra: refused as a string that is not a number.
    check(refused(["hazards.natural_closure_rate=.inf"]), "hazards.natural_closure_rate", ".inf")


@pytest.mark.parametrize(("override", "key", "value"), [
    ("inspectors.hours_per_day=-1", "inspectors.hours_per_day", -1.0),
    ("hazards.escalation_rate=-0.01", "hazards.escalation_rate", -0.01),
    ("hazards.natural_closure_rate=-0.5", "hazards.natural_closure_rate", -0.5),
    ("inspectors.task_hours.expert=-3", "inspectors.task_hours.expert", -3.0),
    ("regimes.remote_monitoring.detection_rate=-1", "regimes.remote_monitoring.detection_rate", -1.0),
])
def test_negative_rates_and_hours_are_refused(override, key, value):
    error = refused([override])
    check(error, key, value)
    assert ">= 0" in error.allowed


def test_positive_number_of_zero_is_refused():
    error = refused(["deterrence.general_half_life_days=0"])
    check(error, "deterrence.general_half_life_days", 0.0)
    assert "> 0" in error.allowed


@pytest.mark.parametrize(("override", "key", "value"), [
    ("population.enterprises=-5", "population.enterprises", -5),
    ("inspectors.count=-1", "inspectors.count", -1),
    ("warmup_days=-1", "warmup_days", -1),
    ("seed=-1", "seed", -1),
    ("regimes.accident_triggered.checks=-20", "regimes.accident_triggered.checks", -20),
])
def test_negative_counts_are_refused(override, key, value):
    error = refused([override])
    check(error, key, value)
    assert "whole number >= 0" in error.allowed


@pytest.mark.parametrize(("override", "key", "value"), [
    ("population.enterprises=2.5", "population.enterprises", 2.5),
    ("horizon_days=1.5", "horizon_days", 1.5),
    ("inspectors.count=0.5", "inspectors.count", 0.5),
    ("population.enterprises=inf", "population.enterprises", math.inf),
])
def test_counts_that_are_not_whole_are_refused(override, key, value):
    check(refused([override]), key, value)


@pytest.mark.parametrize(("override", "key"), [
    ("horizon_days=0", "horizon_days"),
    ("regimes.double_random.period_months=0", "regimes.double_random.period_months"),
    ("replications=0", "replications"),
    ("n_jobs=0", "n_jobs"),
    ("rectification.failures_to_close=0", "rectification.failures_to_close"),
    ("regimes.credit_based.blacklist_publication_months=0", "regimes.credit_based.blacklist_publication_months"),
])
def test_positive_counts_of_zero_are_refused(override, key):
    error = refused([override])
    check(error, key, 0)
    assert "whole number >= 1" in error.allowed


@pytest.mark.parametrize(("override", "key", "value"), [
    ("inspectors.count=many", "inspectors.count", "many"),
    ("population.enterprises=true", "population.enterprises", True),
    ("detection.professional_major=high", "detection.professional_major", "high"),
    ("regimes.double_random.enabled=maybe", "regimes.double_random.enabled", "maybe"),
    ("inspectors.count=[1,2]", "inspectors.count", None),
])
def test_wrong_types_are_refused(override, key, value):
    error = refused([override])
    assert error.key == key, str(error)
    if value is not None:
        assert error.value == value and type(error.value) is type(value), str(error)


# --- sector shares ---------------------------------------------------------------------------------


def test_shares_that_do_not_sum_to_1_are_refused():
    error = refused(["population.sector_shares.fireworks=0.5"])
    assert error.key == "population.sector_shares"
    assert isinstance(error.value, dict) and error.value["fireworks"] == 0.5
    assert "sum to 1" in error.allowed and "1.48" in error.allowed


def test_a_negative_share_is_refused():
    check(refused(["population.sector_shares.fireworks=-0.02"]), "population.sector_shares.fireworks", -0.02)


def test_a_share_for_an_unknown_sector_is_refused(tmp_path):
    path = scenario_file(tmp_path, {"population": {"sector_shares": {"industry_trade": 0.9, "mining": 0.1}}})
    error = refused(scenario=path)
    check(error, "population.sector_shares.mining", 0.1)
    assert "unknown sector" in error.allowed


def test_a_share_for_an_unknown_sector_cannot_be_added_by_override():
    check(refused(["population.sector_shares.mining=0.1"]), "population.sector_shares.mining", "0.1")


@pytest.mark.parametrize("text", ["", "name: x\n", "name: x\npopulation:\n  sector_shares: {}\n"],
                         ids=["empty file", "name only", "empty shares"])
def test_empty_or_omitted_shares_are_the_default_mix(tmp_path, text):
    path = tmp_path / "minimal.yaml"
    path.write_text(text)
    config = load_config(str(path))
    assert config.population.sector_shares == DEFAULT_SECTOR_SHARES
    assert config.population.sector_shares is not DEFAULT_SECTOR_SHARES  # a copy: a run cannot change it
    # A scenario's own shares are its shares, not merged into the default mix.
    assert load_config(scenario_file(tmp_path, {})).population.sector_shares == SHARES


def test_the_default_mix_is_county_baselines_and_sums_to_1():
    written = yaml.safe_load((SCENARIO_DIR / "county_baseline.yaml").read_text(encoding="utf-8"))
    assert written["population"]["sector_shares"] == DEFAULT_SECTOR_SHARES
    assert abs(sum(DEFAULT_SECTOR_SHARES.values()) - 1) < 1e-12
    assert list(DEFAULT_SECTOR_SHARES) == list(SECTORS)


def test_the_recorded_config_shows_the_default_shares_that_ran(tmp_path):
    path = tmp_path / "minimal.yaml"
    path.write_text("name: x\n")
    cfg, _ = compose_config(str(path))
    to_config(cfg)
    assert OmegaConf.to_container(cfg.population.sector_shares) == DEFAULT_SECTOR_SHARES


@pytest.mark.parametrize("engine", ["simpy", "numba"])
@pytest.mark.parametrize("text", ["", "name: x\n"], ids=["empty file", "name only"])
def test_an_empty_or_minimal_scenario_runs_on_both_engines(tmp_path, text, engine):
    path = tmp_path / "minimal.yaml"
    path.write_text(text)
    config = load_config(str(path), SMALL)
    result = sim.simulate(config, engine=engine, replications=1, seed=3, progress=False)
    assert len(result.replications) == 1 and result.replications.inspections.iloc[0] > 0


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("override", "key", "value"), [
    ("start_date=2020-13-01", "start_date", "2020-13-01"),
    ("start_date=2021-02-29", "start_date", "2021-02-29"),
    ("start_date=2020-1-1", "start_date", "2020-1-1"),
    ("start_date=20200101", "start_date", "20200101"),
    ("start_date=2020-W01-1", "start_date", "2020-W01-1"),
    ("start_date=tomorrow", "start_date", "tomorrow"),
])
def test_invalid_dates_are_refused(override, key, value):
    error = refused([override])
    check(error, key, value)
    assert "YYYY-MM-DD" in error.allowed


@pytest.mark.parametrize(("override", "key", "value"), [
    ("calendar.flood_season_start=13-01", "calendar.flood_season_start", "13-01"),
    ("calendar.flood_season_end=09-31", "calendar.flood_season_end", "09-31"),
    ("calendar.winter_end=02-30", "calendar.winter_end", "02-30"),
    ("calendar.winter_start=W01-1", "calendar.winter_start", "W01-1"),
    ("calendar.winter_start=december", "calendar.winter_start", "december"),
])
def test_invalid_days_of_the_year_are_refused(override, key, value):
    error = refused([override])
    check(error, key, value)
    assert "MM-DD" in error.allowed


def test_leap_day_is_a_valid_day_of_the_year():
    assert load_config("county_baseline", ["calendar.winter_end=02-29"]).calendar.winter_end == "02-29"


def test_campaign_phase_ending_before_it_starts_is_refused(tmp_path):
    phases = [{"name": "mobilise", "start": "2020-01-01", "end": "2020-03-31"},
              {"name": "self_check", "start": "2020-06-01", "end": "2020-05-01"}]
    path = scenario_file(tmp_path, {"regimes": {"campaign": {"enabled": False, "phases": phases}}})
    error = refused(scenario=path)
    check(error, "regimes.campaign.phases[1].end", "2020-05-01")
    assert "2020-06-01" in error.allowed


def test_campaign_phase_with_an_invalid_date_is_refused(tmp_path):
    phases = [{"name": "mobilise", "start": "2020-02-30", "end": "2020-03-31"}]
    path = scenario_file(tmp_path, {"regimes": {"campaign": {"phases": phases}}})
    check(refused(scenario=path), "regimes.campaign.phases[0].start", "2020-02-30")


def test_meeting_ending_before_it_starts_is_refused():
    error = refused(["regimes.key_periods.meetings=[{name:congress,start:2020-03-05,end:2020-03-01}]"])
    check(error, "regimes.key_periods.meetings[0].end", "2020-03-01")
    assert "2020-03-05" in error.allowed


def test_meeting_with_an_invalid_date_or_missing_key_is_refused():
    check(refused(["regimes.key_periods.meetings=[{name:congress,start:2020-03-05,end:soon}]"]),
          "regimes.key_periods.meetings[0].end", "soon")
    error = refused(["regimes.key_periods.meetings=[{name:congress,start:2020-03-05}]"])
    check(error, "regimes.key_periods.meetings[0]", {"name": "congress", "start": "2020-03-05"})
    assert "missing end" in error.allowed


# --- names: sectors, keys, regimes, modes, engines, scenarios ---------------------------------------


@pytest.mark.parametrize(("override", "key"), [
    ("regimes.remote_monitoring.sectors=[mining]", "regimes.remote_monitoring.sectors"),
    ("regimes.key_periods.sectors=[hazardous_chemicals,mining]", "regimes.key_periods.sectors"),
])
def test_unknown_sector_in_a_sector_list_is_refused(override, key):
    error = refused([override])
    check(error, key, "mining")
    assert "unknown sector" in error.allowed and "hazardous_chemicals" in error.allowed


@pytest.mark.parametrize(("override", "key", "value"), [
    ("population.enterprize=3", "population.enterprize", "3"),
    ("regimes.nonexistent.enabled=true", "regimes.nonexistent.enabled", "true"),
    ("sectors.mining.p_major=0.1", "sectors.mining.p_major", "0.1"),
    ("horizon=365", "horizon", "365"),
])
def test_unknown_keys_are_refused(override, key, value):
    error = refused([override])
    check(error, key, value)
    assert "unknown key" in error.allowed


def test_unknown_key_in_a_scenario_file_is_refused_by_name_value_and_file(tmp_path):
    path = scenario_file(tmp_path, {"population": {"enterprize": 3}})
    error = refused(scenario=path)
    check(error, "population.enterprize", 3)
    assert error.where == path and f"(in {path})" in str(error)
    assert error.allowed.startswith("unknown key") and "did you mean population.enterprises?" in error.allowed


def test_unknown_regime_is_refused():
    error = refused(["regimes.nonexistent.enabled=true"])
    assert error.key.startswith("regimes.nonexistent")
    assert "nonexistent" not in REGIMES


def test_unknown_dispatch_mode_is_refused():
    error = refused(["inspectors.dispatch=random"])
    check(error, "inspectors.dispatch", "random")
    assert "pooled" in error.allowed and "territorial" in error.allowed


def test_unknown_engine_is_refused():
    error = refused(["engine=gpu"])
    check(error, "engine", "gpu")
    assert "simpy" in error.allowed


@pytest.mark.parametrize(("override", "key"), [
    ("+new_key=1", "+new_key"),
    ("++population.enterprises=5", "++population.enterprises"),
    ("~population.enterprises", "~population.enterprises"),
])
def test_adding_or_deleting_keys_is_refused(override, key):
    error = refused([override])
    check(error, key, override)
    assert "not allowed" in error.allowed


def test_override_without_equals_sign_is_refused():
    check(refused(["population.enterprises"]), "population.enterprises", "population.enterprises")


def test_scenario_as_an_override_is_refused():
    check(refused(["scenario=county_baseline"]), "scenario", "scenario=county_baseline")


def test_unknown_scenario_name_is_refused():
    error = refused(scenario="atlantis")
    check(error, "scenario", "atlantis")
    assert "county_baseline" in error.allowed


def test_missing_or_unreadable_scenario_file_is_refused(tmp_path):
    missing = str(tmp_path / "missing.yaml")
    check(refused(scenario=missing), "scenario", missing)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    check(refused(scenario=str(broken)), "scenario", str(broken))


@pytest.mark.parametrize("override", [
    "population.tier_thresholds.red=1",
    "population.tier_thresholds.yellow=4",
    "population.tier_thresholds.orange=6",
])
def test_tier_thresholds_out_of_order_are_refused(override):
    error = refused([override])
    assert error.key == "population.tier_thresholds"
    name, number = override.rsplit(".", 1)[1].split("=")
    assert error.value[name] == float(number)
    assert "red >= orange >= yellow" in error.allowed


# --- sim.simulate's own arguments -------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_config():
    return load_config("county_baseline", SMALL)


@pytest.mark.parametrize(("argument", "value"), [
    ("replications", 0),
    ("replications", -1),
    ("replications", 1.5),
    ("replications", True),
    ("n_jobs", 0),
    ("seed", -1),
    ("seed", 0.5),
    ("engine", "gpu"),
])
def test_simulate_refuses_bad_arguments_by_name(small_config, argument, value):
    with pytest.raises(ConfigError) as info:
        sim.simulate(small_config, **{argument: value})
    check(info.value, argument, value)


def test_simulate_runs_either_engine_and_refuses_others(small_config):
    for engine in ("simpy", "numba"):
        assert len(sim.simulate(small_config, engine=engine, progress=False).replications) == 1
    with pytest.raises(ConfigError) as info:
        sim.simulate(small_config, engine="numba-gpu")
    check(info.value, "engine", "numba-gpu")


def test_simulate_revalidates_a_config_edited_after_loading():
    config = load_config("county_baseline", SMALL)
    config.detection.professional_major = 1.5
    with pytest.raises(ConfigError) as info:
        sim.simulate(config)
    check(info.value, "detection.professional_major", 1.5)


# --- one run, one value ---------------------------------------------------------------------------


@pytest.mark.parametrize(("override", "key", "value", "says"), [
    ("inspectors.count=20,40", "inspectors.count", "20,40", ""),
    ("inspectors.count=range(20,50,10)", "inspectors.count", "range(20,50,10)", ""),
    ("engine=simpy,numba", "engine", "simpy,numba", ""),
    ("regimes/whistleblower=on,off", "regimes/whistleblower", "on,off", ""),
    ("regimes.key_periods.sectors=fireworks,town_gas", "regimes.key_periods.sectors", "fireworks,town_gas",
     "a list is written in brackets: regimes.key_periods.sectors=[fireworks,town_gas]"),
    ("description=hello, world", "description", "hello, world", "quote it: description='hello, world'"),
])
def test_several_values_for_one_key_are_refused_naming_the_key(override, key, value, says):
    error = refused([override])
    check(error, key, value)
    assert error.allowed.startswith("one run takes one value of each key") and says in error.allowed


# --- campaign phases: inside the simulated days, fields by their full key ---------------------------


def _phases(*phases: str) -> list[str]:
    return ["regimes.campaign.enabled=true", f"regimes.campaign.phases=[{','.join(phases)}]"]


@pytest.mark.parametrize(("phase", "key", "value"), [
    ("{name: late, start: '2023-01-01', end: '2023-06-30'}", "regimes.campaign.phases[0].start", "2023-01-01"),
    ("{name: early, start: '2016-01-01', end: '2016-12-30'}", "regimes.campaign.phases[0].end", "2016-12-30"),
])
def test_a_phase_wholly_outside_the_simulated_days_is_refused(phase, key, value):
    error = refused(_phases(phase))  # county_baseline simulates 2016-12-31 (warm-up) to 2022-12-31
    check(error, key, value)
    assert "2016-12-31 to 2022-12-31" in error.allowed and "would change nothing" in error.allowed


def test_only_a_phase_wholly_outside_is_refused_not_one_in_the_warm_up_or_at_an_edge():
    def phase(start: str, end: str) -> list[str]:
        return _phases(f"{{name: p, start: '{start}', end: '{end}'}}")

    # county_baseline simulates 2016-12-31 (the first day of its warm-up) to 2022-12-31
    for start, end in [("2017-03-01", "2017-06-30"), ("2016-01-01", "2016-12-31"), ("2022-12-31", "2023-03-31")]:
        assert len(load_config("county_baseline", phase(start, end)).regimes.campaign.phases) == 1
    check(refused(phase("2016-01-01", "2016-12-30")), "regimes.campaign.phases[0].end", "2016-12-30")
    check(refused(phase("2023-01-01", "2023-03-31")), "regimes.campaign.phases[0].start", "2023-01-01")
    # a campaign that is off changes nothing anyway: its phases may lie anywhere
    late = phase("2030-01-01", "2030-06-30")
    assert not load_config("county_baseline", late[1:]).regimes.campaign.enabled
    check(refused(late), "regimes.campaign.phases[0].start", "2030-01-01")


def test_moving_the_window_away_from_a_scenarios_phases_is_refused():
    error = refused(["start_date=2030-01-01"], scenario="county_three_year_action")
    assert error.key == "regimes.campaign.phases[0].end" and "2027-01-01 to 2032-12-31" in error.allowed


@pytest.mark.parametrize(("override", "key"), [
    ("horizon_days=100000000", "horizon_days"),
    ("warmup_days=1000000", "warmup_days"),
])
def test_a_window_beyond_the_calendar_is_refused(override, key):
    error = refused([override])
    assert error.key == key and "year" in error.allowed


@pytest.mark.parametrize(("phase", "key", "value", "says"), [
    ("{name: p, strat: '2020-03-01', end: '2020-03-31'}", "regimes.campaign.phases[0].strat", "2020-03-01",
     "did you mean regimes.campaign.phases[0].start?"),
    ("{name: p, start: '2020-03-01', end: '2020-03-31', overrides: [1]}", "regimes.campaign.phases[0].overrides",
     [1], "must be a mapping"),
    ("{name: p, start: '2020-03-01', end: '2020-03-31', overrides: {detection: {expert_major: 0.9}}}",
     "regimes.campaign.phases[0].overrides.detection", {"expert_major": 0.9},
     "write the whole key, detection.expert_major: 0.9"),
])
def test_a_misspelled_or_misshapen_phase_field_names_its_full_key(phase, key, value, says):
    error = refused(_phases(phase))
    check(error, key, value)
    assert says in error.allowed


@pytest.mark.parametrize(("override", "says"), [
    ("detection.expert_majr: 0.9", "unknown key (did you mean detection.expert_major?); a campaign phase may "
                                   "override only settings read when they are used: "),
    ("inspectors.count: 60", "is fixed when the run starts, so a phase cannot change it; a campaign phase may"),
    ("detection: 0.9", "is a section, not a setting: write a setting's whole key, like detection.professional_general"),
])
def test_a_key_a_phase_may_not_override_says_why(override, says):
    error = refused(_phases(f"{{name: p, start: '2020-03-01', end: '2020-03-31', overrides: {{{override}}}}}"))
    check(error, "regimes.campaign.phases[0].overrides." + override.split(":")[0], 0.9 if "60" not in override else 60)
    assert error.allowed.startswith(says) and "regimes.lead_monthly.checks_per_month" in error.allowed


# --- other command-line mistakes: each names its own key ---------------------------------------------


@pytest.mark.parametrize(("override", "key", "value", "says"), [
    ("inspectors.count=null", "inspectors.count", None, "must be a whole number >= 0, not null"),
    ("inspectors.count=", "inspectors.count", "", "must be a whole number >= 0"),
    ("inspectors=40", "inspectors", 40, "is a section, not a single value"),
    ("population.sector_shares=[0.5,0.5]", "population.sector_shares", [0.5, 0.5], "not a list"),
    ("regimes.campaign.phases={}", "regimes.campaign.phases", {}, "must be a list of entries"),
    ("regimes.key_periods.meetings=[3]", "regimes.key_periods.meetings[0]", 3, "must be a mapping"),
    ("name=[a]", "name", ["a"], "must be text, not a list"),
    ("inspectors.count=[20,40", "inspectors.count", "[20,40", "close its brackets"),
    ("inspectors..count=40", "inspectors..count", "40", "is not a key"),
    ("regimes.campaign.phases[0].start=2021-01-01", "regimes.campaign.phases[0].start", "2021-01-01",
     "regimes.campaign.phases.0.start"),
    ("=40", "=40", "=40", "with the key before the ="),
    ("Inspectors.count=40", "Inspectors.count", "40", "did you mean inspectors.count?"),
    ("检查.count=40", "检查.count", "40", "unknown key: it is not in the schema"),
    ("hydra.run.dir=", "hydra.run.dir", "", "must name a folder to write the run into"),
    ("hydra.run.dir=runs/${nmae}", "hydra.run.dir", "runs/${nmae}", "refers to nmae, which is not a key"),
    ("horizon_days=${horizon}", "horizon_days", "${horizon}", "refers to horizon, which is not a key"),
    ("inspectors.count=${name}", "inspectors.count", "${name}", "must be a whole number >= 0"),
    ("population.sector_shares={industry_trade:1.0}", "population.sector_shares", None,
     "give every sector its share"),
    ("regimes.key_periods.meetings=[{name:congress,start:2020-03-05,end:2020-03-06,room:3}]",
     "regimes.key_periods.meetings[0].room", 3, "must be text"),
    ("regimes.key_periods.meetings=[{name:congress,start:2020-03-05,end:2020-03-06,room:'3'}]",
     "regimes.key_periods.meetings[0].room", "3", "a meeting has only name, start and end"),
])
def test_other_misshapen_overrides_name_their_key(override, key, value, says):
    error = refused([override])
    assert error.key == key, str(error)
    if value is not None:
        assert same(error.value, value), str(error)
    assert says in error.allowed, str(error)
    assert error.where is None  # set on the command line: no file to name
