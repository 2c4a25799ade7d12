"""Plausible ranges (issue 27): every assumed number has a range and a reason, or a reason it is never
sampled; the ranges obey their parameters' rules and hold every scenario's values; `uncertainties` and
`with_ranges` build what sensitivity analysis and calibration sample, and refuse bad ranges in one line.

Compose only: nothing is simulated.
"""

from __future__ import annotations

import math

import pytest

import sim
from sim.config import ConfigError
from sim.config.fields import ROLES, RULES
from sim.config.groups import groups, options, settings
from sim.config.loader import available_scenarios
from sim.config.ranges import WHOLE_RULES, census, entries, numeric_field, schema_fields
from sim.config.shape import slot
from sim.config.uncertainty import split_ranges, uncertainties, with_ranges
from sim.config.uncertainty_cli import main

# Parameters known to carry the answers (issue 27): ranged even where they cite a source.
ANSWER_CARRYING = (
    "detection.professional_general", "detection.professional_major", "detection.nonprofessional_general",
    "detection.nonprofessional_major", "costs.inspector_yearly", "costs.training_per_inspector",
    "costs.training_years", "regimes.third_party.price_per_day", "regimes.remote_monitoring.yearly_cost",
    "reports.reward_scale", "deterrence.order_strength", "deterrence.order_scale", "deterrence.order_half_life_days",
)


FIELDS = list(schema_fields())


@pytest.fixture(scope="module")
def baseline():
    return sim.load_config()


def test_every_assumed_number_has_a_range_and_a_reason_or_a_reason_it_is_not_sampled():
    missing = []
    for key, tp, f in FIELDS:
        meta = f.metadata
        if not meta.get("source", "").startswith("assumed"):
            continue
        if numeric_field(tp, f) and not (("low" in meta or meta.get("role")) and meta.get("why")):
            missing.append(f"{key}: a number with neither a range (low=, high=, why=) nor role= and why=")
        elif not numeric_field(tp, f) and not meta.get("why"):
            missing.append(f"{key}: not a number, so not sampled: say why (why=)")
    assert len(FIELDS) > 150
    assert not missing, "\n".join(missing)


def test_the_parameters_that_carry_the_answers_have_ranges_whatever_their_source():
    ranged = {key for key, _, f in FIELDS if "low" in f.metadata}
    assert set(ANSWER_CARRYING) <= ranged, set(ANSWER_CARRYING) - ranged


def test_every_schema_range_obeys_its_rule_and_holds_the_schema_default():
    for key, tp, f in FIELDS:
        meta = f.metadata
        if "low" not in meta:
            assert "relative" not in meta, key
            continue
        low, high, rule = meta["low"], meta["high"], meta["rule"]
        assert numeric_field(tp, f) and not meta.get("role"), key
        assert low <= high and meta["why"].strip(), key
        if meta["relative"]:
            assert 0 < low <= 1 <= high, f"{key}: factors of the value must hold 1"
            continue
        assert f.default <= high and f.default >= low, f"{key}: schema default {f.default} outside [{low}, {high}]"
        if rule in WHOLE_RULES:
            assert isinstance(low, int) and isinstance(high, int), key
        ok = {"probability": lambda v: 0 <= v <= 1, "positive": lambda v: v > 0,
              "positive_count": lambda v: v >= 1}.get(rule, lambda v: v >= 0)
        assert ok(low) and ok(high), f"{key}: [{low}, {high}] breaks its rule, {RULES[rule]}"


def test_a_role_is_a_known_one_and_never_comes_with_a_range():
    for key, _, f in FIELDS:
        role = f.metadata.get("role")
        if role:
            assert role in ROLES and f.metadata.get("why") and "low" not in f.metadata, key


@pytest.mark.parametrize("scenario", available_scenarios())
def test_every_scenario_value_lies_inside_its_range(scenario):
    config = sim.load_config(scenario)
    found = uncertainties(config)
    assert len(found) == sum(e.ranged for e in entries(config))
    for u in found:
        assert u.low <= u.default <= u.high, u


@pytest.mark.parametrize(("group", "option"), [(g, o) for g in groups() for o in options(g)
                                               if set(settings(g, o)) - {"enabled"}])
def test_every_regime_option_lies_inside_its_ranges(group, option):
    uncertainties(sim.load_config(overrides=[f"{group}={option}"]))


def test_an_uncertainty_is_a_command_line_key_with_the_scenario_value_its_range_and_mechanism(baseline):
    found = {u.key: u for u in uncertainties(baseline)}
    u = found["detection.nonprofessional_general"]
    assert (u.default, u.low, u.high, u.kind, u.group) == (0.35, 0.2, 0.45, "real", "detection")
    assert "trained and untrained" in u.why
    fireworks = found["sectors.fireworks.hazard_rate"]
    assert fireworks.default == baseline.sectors["fireworks"].hazard_rate == 0.024
    assert (fireworks.low, fireworks.high) == pytest.approx((0.012, 0.048)) and fireworks.group == "hazards"
    assert found["calendar.weather_alert_days"].kind == "integer"
    assert found["regimes.double_random.sampling_fraction"].group == "regimes.double_random"
    assert found["costs.inspector_yearly"].group == "costs"
    assert all(slot(key) is not None for key in found)
    assert not {"inspectors.count", "inspectors.professional_share", "regimes.whistleblower.reward_general",
                "population.enterprises", "seed"} & set(found)


def test_a_scenario_setting_a_sector_value_moves_its_relative_range():
    config = sim.load_config(overrides=["sectors.fireworks.p_major=0.4"])
    u = next(u for u in uncertainties(config) if u.key == "sectors.fireworks.p_major")
    assert (u.default, u.low, u.high) == pytest.approx((0.4, 0.1, 0.8))
    config = sim.load_config(overrides=["sectors.fireworks.p_major=0.9"])
    u = next(u for u in uncertainties(config) if u.key == "sectors.fireworks.p_major")
    assert u.high == 1.0  # twice 0.9, cut to the probability's bound


def test_only_running_leaves_out_the_settings_of_regimes_that_do_not_run(baseline):
    every = {u.key for u in uncertainties(baseline)}
    running = {u.key for u in uncertainties(baseline, only_running=True)}
    assert "regimes.third_party.price_per_day" in every - running
    assert "regimes.risk_based.frequency.yellow" in every - running
    # risk_based is off, but the annual plan plans the key tiers at its red and orange frequencies
    assert {"regimes.risk_based.frequency.red", "regimes.annual_plan.reserve", "detection.expert_major"} <= running
    # a campaign phase switches lead_monthly on in county_three_year_action
    action = sim.load_config("county_three_year_action")
    assert not action.regimes.lead_monthly.enabled
    assert "regimes.lead_monthly.checks_per_month" in {u.key for u in uncertainties(action, only_running=True)}


def test_a_value_outside_its_range_is_refused_when_ranges_are_asked_for_but_runs(baseline):
    config = sim.load_config(overrides=["detection.nonprofessional_general=0.6"])  # a plain run takes it
    with pytest.raises(ConfigError) as error:
        uncertainties(config)
    assert str(error.value) == (
        "config error: detection.nonprofessional_general = 0.6: lies outside its plausible range, 0.2 to 0.45, "
        "which sensitivity analysis and calibration sample: set a value inside it, or widen the range "
        "(range.detection.nonprofessional_general=[low,high])")
    widened = {u.key: u for u in with_ranges(config, {"detection.nonprofessional_general": [0.2, 0.65]})}
    assert widened["detection.nonprofessional_general"].high == 0.65


def test_with_ranges_narrows_widens_and_ranges_a_sourced_parameter(baseline):
    found = {u.key: u for u in with_ranges(baseline, {"deterrence.order_scale": [3, 5],
                                                      "penalties.accident_firm": [300_000, 1_000_000],
                                                      "calendar.weather_alert_days": [2, 4]})}
    assert (found["deterrence.order_scale"].low, found["deterrence.order_scale"].high) == (3.0, 5.0)
    assert found["deterrence.order_scale"].why.startswith("given as 3 to 5, in place of 2 to 8: ")
    fine = found["penalties.accident_firm"]
    assert (fine.default, fine.low, fine.high, fine.group) == (300_000.0, 300_000.0, 1_000_000.0, "penalties")
    assert "unranged in the schema (source: Work Safety Law 2021" in fine.why
    assert (found["calendar.weather_alert_days"].low, found["calendar.weather_alert_days"].kind) == (2, "integer")
    assert len(found) == len(uncertainties(baseline)) + 1


KEY = "range.detection.nonprofessional_general"


@pytest.mark.parametrize(("ranges", "message"), [
    ({"detection.nonprofessional_general": [0.4, 0.3]},
     f"config error: {KEY} = [0.4, 0.3]: low must not be above high"),
    ({"detection.nonprofessional_general": [0.3, 1.2]},
     f"config error: {KEY} = [0.3, 1.2]: both bounds must be a number in [0, 1], as detection.nonprofessional_general "
     "itself"),
    ({"reports.reward_scale": [0, 5000]},
     "config error: range.reports.reward_scale = [0.0, 5000.0]: both bounds must be a number > 0, as "
     "reports.reward_scale itself"),
    ({"detection.nonprofessional_general": [0.3]},
     f"config error: {KEY} = [0.3]: must be [low, high]: two numbers, low <= high"),
    ({"detection.nonprofessional_general": [0.3, "x"]},
     f"config error: {KEY} = [0.3, 'x']: must be [low, high]: two numbers, low <= high"),
    ({"calendar.weather_alert_days": [1, 2.5]},
     "config error: range.calendar.weather_alert_days = [1, 2.5]: must be [low, high]: two whole numbers, low <= high"),
    ({"detection.nonprofessional_generl": [0.2, 0.4]},
     "config error: range.detection.nonprofessional_generl = [0.2, 0.4]: unknown key: it is not in the schema (see "
     "docs/model.md); did you mean detection.nonprofessional_general?"),
    ({"detection": [0.2, 0.4]},
     "config error: range.detection = [0.2, 0.4]: is a section or a list, not one number: give the range of one of "
     "its keys"),
    ({"inspectors.count": [20, 40]},
     "config error: range.inspectors.count = [20, 40]: is a lever, compared and never sampled: the staffing the "
     "studies compare (conf/sweep/staffing.yaml); only the uncertain parameters of the county's world have ranges "
     "(docs/model.md, Plausible ranges)"),
    ({"regimes.whistleblower.enabled": [0, 1]},
     "config error: range.regimes.whistleblower.enabled = [0, 1]: is a lever, compared and never sampled: whether "
     "the bureau runs the regime, compared by conf/sweep/regimes.yaml; only the uncertain parameters of the "
     "county's world have ranges (docs/model.md, Plausible ranges)"),
    ({"horizon_days": [365, 730]},
     "config error: range.horizon_days = [365, 730]: is a setting of the scenario or the run: the simulated window "
     "the scenario chooses; only the uncertain parameters of the county's world have ranges (docs/model.md, "
     "Plausible ranges)"),
    ({"targets.deaths_per_year_max": [0, 5]},
     "config error: range.targets.deaths_per_year_max = [0, 5]: is a setting of the scenario or the run: a target "
     "of the scenario's plan, which the report compares with; it changes nothing simulated; only the uncertain "
     "parameters of the county's world have ranges (docs/model.md, Plausible ranges)"),
    ({"calendar.winter_start": [1, 2]},
     "config error: range.calendar.winter_start = [1, 2]: is not a number ('12-01'): only numeric parameters have a "
     "range"),
    ({"population.tier_thresholds.orange": [2.5, 4.5]},
     "config error: range.population.tier_thresholds.orange = [2.5, 4.5]: the ranges of the red and orange "
     "thresholds overlap (orange up to 4.5, red from 4); they must not, so that red >= orange >= yellow wherever "
     "they are sampled"),
    ({"detection.nonprofessional_general": [0.4, 0.45]},
     "config error: detection.nonprofessional_general = 0.35: lies outside its plausible range, 0.4 to 0.45, which "
     "sensitivity analysis and calibration sample: give a range that holds it "
     "(range.detection.nonprofessional_general=[low,high])"),
])
def test_a_bad_range_is_refused_in_one_line_naming_it(baseline, ranges, message):
    with pytest.raises(ConfigError) as error:
        with_ranges(baseline, ranges)
    assert str(error.value) == message


def test_a_range_for_a_regime_that_does_not_run_is_refused_when_only_running_ones_are_asked_for(baseline):
    assert any(u.key == "regimes.third_party.price_per_day"
               for u in with_ranges(baseline, {"regimes.third_party.price_per_day": [2000, 4000]}))
    with pytest.raises(ConfigError, match="belongs to regime third_party, which does not run in this config"):
        with_ranges(baseline, {"regimes.third_party.price_per_day": [2000, 4000]}, only_running=True)


def test_split_ranges_reads_hydra_lists_and_leaves_the_rest():
    overrides, ranges = split_ranges(["inspectors.count=40", "range.deterrence.order_scale=[2,6]",
                                      "regimes/whistleblower=on", "range.reports.reward_scale=[1e3, 5e3]"])
    assert overrides == ["inspectors.count=40", "regimes/whistleblower=on"]
    assert ranges == {"deterrence.order_scale": [2, 6], "reports.reward_scale": [1000.0, 5000.0]}
    for written in ("range.deterrence.order_scale=2,6", "range.deterrence.order_scale=2"):
        with pytest.raises(ConfigError, match=r"write a range in brackets, as range.deterrence.order_scale=\[low,high\]"):
            split_ranges([written])


@pytest.mark.parametrize(("argv", "message"), [
    ([f"{KEY}=[0.4,0.3]"], f"config error: {KEY} = [0.4, 0.3]: low must not be above high"),
    (["range.inspectors.dispatch=[0,1]"],
     "config error: range.inspectors.dispatch = [0, 1]: is a lever, compared and never sampled: how the staff is "
     "used, compared by conf/sweep/dispatch.yaml; only the uncertain parameters of the county's world have ranges "
     "(docs/model.md, Plausible ranges)"),
    (["detection.nonprofessional_general=0.6"],
     "config error: detection.nonprofessional_general = 0.6: lies outside its plausible range, 0.2 to 0.45, which "
     "sensitivity analysis and calibration sample: set a value inside it, or widen the range "
     "(range.detection.nonprofessional_general=[low,high])"),
])
def test_the_command_line_refuses_with_one_line_and_status_2(argv, message, capsys):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == message + "\n"


def test_the_command_line_names_the_scenario_file_that_writes_a_value_outside_its_range(tmp_path, capsys,
                                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_county.yaml").write_text("name: my_county\ndetection:\n  expert_major: 0.5\n", encoding="utf-8")
    assert main(["scenario=my_county.yaml"]) == 2
    assert capsys.readouterr().err == (
        "config error: detection.expert_major = 0.5 (in my_county.yaml): lies outside its plausible range, 0.8 to "
        "0.98, which sensitivity analysis and calibration sample: set a value inside it, or widen the range "
        "(range.detection.expert_major=[low,high])\n")
    assert main(["scenario=my_county.yaml", "range.detection.expert_major=[0.5,0.98]", "--running"]) == 0
    table = capsys.readouterr().out
    assert "| `detection.expert_major` | detection | 0.5 | 0.5 | 0.98 | given as 0.5 to 0.98" in table
    assert "regimes.third_party.price_per_day" not in table


def test_the_command_line_prints_every_uncertainty(capsys, baseline):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(f"{len(uncertainties(baseline))} uncertain parameters")
    assert "| `sectors.fireworks.hazard_rate` | hazards | 0.024 | 0.012 | 0.048 |" in out


def test_the_census_accounts_for_every_assumed_number(capsys):
    assert main(["--census"]) == 0
    counts = dict(line.rsplit(": ", 1) for line in capsys.readouterr().out.splitlines())
    counts = {name: int(n) for name, n in counts.items()}
    assert counts == census()
    assert counts["assumed numbers"] == (counts["assumed numbers ranged"]
                                         + counts["assumed numbers not sampled (lever, setting, inert)"])
    assert counts["ranged"] == counts["assumed numbers ranged"] + counts["ranged citing a source"]


def test_a_run_refuses_a_range():
    with pytest.raises(ConfigError, match="a plausible range is read by the commands that sample within ranges"):
        sim.load_config(overrides=["range.detection.expert_major=[0.8,0.9]"])


def test_value_at_spans_an_uncertainty_from_low_to_high(baseline):
    for u in uncertainties(baseline):
        assert u.value_at(0.0) == pytest.approx(u.low) and u.value_at(1.0) == pytest.approx(u.high)
        assert math.isfinite(u.value_at(0.5))
