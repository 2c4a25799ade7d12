"""A scenario file's mistakes: each refused with one ConfigError naming the file, the full key and the
value as written in it; a value set on the command line is not blamed on the file."""

from __future__ import annotations

import pathlib
from pathlib import Path

import pytest

from sim import ConfigError, load_config
from sim.config import loader

SHARES = "population:\n  sector_shares: {industry_trade: 0.6, construction: 0.4}\n"


def refused(path: Path | str, overrides: list[str] | tuple[str, ...] = ()) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(str(path), list(overrides))
    assert "\n" not in str(info.value)
    return info.value


def write(tmp_path: Path, text: str | bytes, name: str = "county.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


# --- the file as a whole: key `scenario`, the file as the value -------------------------------------


@pytest.mark.parametrize(("text", "says"), [
    ("- name: x\n- population: {}\n", "must be a mapping of keys to values at its top level (name: ..., "
                                      "population: ...), not a list"),
    ("just a sentence\n", "not a single value ('just a sentence')"),
    (b"name: caf\xe9\n", "is not UTF-8 text (byte 0xe9 on line 1): save it as UTF-8"),
    ("name: x\npopulation:\n\tenterprises: 30\n", "line 3 has a tab where YAML needs spaces"),
    ("name: x\nname: y\n", "the key name is written twice in one mapping (again on line 2): keep one"),
    ("name: x\n  population: 3\n", "is not valid YAML: mapping values are not allowed here (line 2, column 13)"),
], ids=["top-level list", "top-level value", "not UTF-8", "tab", "duplicate key", "bad indentation"])
def test_a_file_that_is_not_a_yaml_mapping_is_refused_naming_it(tmp_path, text, says):
    path = write(tmp_path, text)
    error = refused(path)
    assert (error.key, error.value) == ("scenario", str(path)), str(error)
    assert says in error.allowed, str(error)


def test_a_folder_is_not_a_scenario_file(tmp_path):
    (tmp_path / "county.yaml").mkdir()
    for path in (tmp_path / "county.yaml", tmp_path):
        error = refused(path)
        assert (error.key, error.value) == ("scenario", str(path))
        assert error.allowed.startswith("is a folder, not a scenario file")


def test_an_unreadable_file_is_refused_naming_it(tmp_path, monkeypatch):
    path = write(tmp_path, "name: x\n")
    read_bytes = pathlib.Path.read_bytes

    def denied(self):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", denied)  # as root, chmod would not stop a read
    error = refused(path)
    assert (error.key, error.value, error.allowed) == ("scenario", str(path), "cannot be read (Permission denied)")


def test_a_file_without_the_yaml_suffix_and_a_name_with_it_are_told_apart(tmp_path):
    path = write(tmp_path, "name: x\n", "county.txt")
    assert refused(path).allowed == "a scenario file's name must end in .yaml or .yml"
    error = refused("county_baseline.yaml")
    assert error.value == "county_baseline.yaml" and "scenario=county_baseline" in error.allowed


def test_a_file_whose_suffix_is_written_in_capitals_loads(tmp_path):
    assert load_config(str(write(tmp_path, "name: loud\n", "county.YAML"))).name == "loud"


def test_a_broken_file_in_scenarios_breaks_only_itself(tmp_path, monkeypatch):
    write(tmp_path, "name: county_baseline\n" + SHARES, "good.yaml")
    write(tmp_path, "name: x\n\tbroken: true\n", "broken.yaml")
    monkeypatch.setattr(loader, "SCENARIO_DIR", tmp_path)
    assert load_config("good").name == "county_baseline"
    error = refused("broken")
    assert (error.key, error.value) == ("scenario", "scenarios/broken.yaml") and "tab" in error.allowed


# --- a value in the file: its full key, its value as written, and the file -----------------------------


@pytest.mark.parametrize(("body", "key", "value", "says"), [
    ("population:\n  enterprize: 3000\n", "population.enterprize", 3000, "did you mean population.enterprises?"),
    ("scenario: other\n", "scenario", "other", "unknown key"),
    ("inspectors:\n", "inspectors", None, "is a section, not null"),
    ("inspectors: [1, 2]\n", "inspectors", [1, 2], "is a section, not a list"),
    ("regimes:\n  whistleblower: on\n", "regimes.whistleblower", True, "set regimes.whistleblower.enabled"),
    ("inspectors:\n  count: many\n", "inspectors.count", "many", "must be a whole number >= 0"),
    ("inspectors:\n  count: 2.5\n", "inspectors.count", 2.5, "must be a whole number >= 0"),
    ("inspectors:\n  count:\n", "inspectors.count", None, "must be a whole number >= 0, not null"),
    ("inspectors:\n  count: [20, 40]\n", "inspectors.count", [20, 40], "not a list"),
    ("name: [a, b]\n", "name", ["a", "b"], "must be text, not a list"),
    ("population:\n  sector_shares: [0.5, 0.5]\n", "population.sector_shares", [0.5, 0.5], "not a list"),
    ("regimes:\n  key_periods:\n    sectors: [[fireworks]]\n", "regimes.key_periods.sectors[0]", ["fireworks"],
     "must be text, not a list"),
    ("regimes:\n  key_periods:\n    meetings: [congress]\n", "regimes.key_periods.meetings[0]", "congress",
     "must be a mapping"),
    ("regimes:\n  campaign:\n    phases: {name: p}\n", "regimes.campaign.phases", {"name": "p"},
     "must be a list of entries with keys name, start, end, overrides"),
    ("regimes:\n  campaign:\n    phases:\n      - {name: p, strat: '2020-03-01', end: '2020-03-31'}\n",
     "regimes.campaign.phases[0].strat", "2020-03-01", "did you mean regimes.campaign.phases[0].start?"),
    ("regimes:\n  campaign:\n    phases:\n      - {name: p, start: '2020-03-01', end: '2020-03-31', "
     "overrides: {detection.expert_majr: 0.9}}\n",
     "regimes.campaign.phases[0].overrides.detection.expert_majr", 0.9, "may override only"),
    ("sectors:\n  fireworks:\n    hazard_rat: 0.1\n", "sectors.fireworks.hazard_rat", 0.1,
     "did you mean sectors.fireworks.hazard_rate?"),
    ("defaults: {regimes/whistleblower: on}\n", "defaults", {"regimes/whistleblower": True}, "must be a list"),
    ("horizon_days: ${horizon}\n", "horizon_days", "${horizon}", "refers to horizon"),
])
def test_a_misshapen_value_in_a_file_names_key_value_and_file(tmp_path, body, key, value, says):
    name = "" if body.startswith("name") else "name: x\n"
    path = write(tmp_path, name + ("" if body.startswith("population") else SHARES) + body)
    error = refused(path)
    assert (error.key, error.value) == (key, value), str(error)
    assert says in error.allowed, str(error)
    assert error.where == str(path) and str(error).startswith(f"config error: {key} = {value!r} (in {path}): ")


@pytest.mark.parametrize(("body", "key", "value"), [
    ("detection:\n  professional_major: 1.3\n", "detection.professional_major", 1.3),
    ("start_date: 2020/01/01\n", "start_date", "2020/01/01"),
    ("population:\n  sector_shares: {industry_trade: 0.5}\n", "population.sector_shares", {"industry_trade": 0.5}),
    ("population:\n  tier_thresholds: {red: 1}\n", "population.tier_thresholds",
     {"red": 1.0, "orange": 3.0, "yellow": 1.5}),
    ("regimes:\n  campaign:\n    enabled: true\n    phases:\n      - {name: p, start: '2030-01-01', end: "
     "'2030-03-31'}\n", "regimes.campaign.phases[0].start", "2030-01-01"),
    ("regimes:\n  key_periods:\n    holidays: [xmas]\n", "regimes.key_periods.holidays", "xmas"),
])
def test_a_bad_value_the_file_writes_names_the_file(tmp_path, body, key, value):
    path = write(tmp_path, "name: x\n" + ("" if body.startswith("population") else SHARES) + body)
    error = refused(path)
    assert (error.key, error.value, error.where) == (key, value, str(path)), str(error)


def test_a_bad_value_in_a_named_scenario_names_its_file(tmp_path, monkeypatch):
    write(tmp_path, "name: mine\n" + SHARES + "detection:\n  professional_major: 1.3\n", "mine.yaml")
    monkeypatch.setattr(loader, "SCENARIO_DIR", tmp_path)
    assert refused("mine").where == "scenarios/mine.yaml"


@pytest.mark.parametrize(("override", "key", "value"), [
    # the command line sets the bad value itself, or the section it is in, or a key inside it
    ("detection.professional_major=1.5", "detection.professional_major", 1.5),
    ("detection={professional_major: 1.5}", "detection.professional_major", 1.5),
    ("population.sector_shares.industry_trade=0.5", "population.sector_shares", {"industry_trade": 0.5}),
])
def test_a_value_the_command_line_changes_is_not_blamed_on_the_file(tmp_path, override, key, value):
    path = write(tmp_path, "name: x\npopulation:\n  sector_shares: {industry_trade: 1.0}\n"
                           "detection:\n  professional_major: 1.3\n")
    if key == "population.sector_shares":
        path = write(tmp_path, "name: x\npopulation:\n  sector_shares: {industry_trade: 1.0}\n")
    error = refused(path, [override])
    assert (error.key, error.value, error.where) == (key, value, None), str(error)


def test_a_bad_value_the_file_writes_is_blamed_on_it_whatever_else_the_command_line_sets(tmp_path):
    path = write(tmp_path, "name: x\n" + SHARES + "detection:\n  professional_major: 1.3\n")
    error = refused(path, ["detection.professional_general=0.5", "inspectors.count=3"])
    assert (error.key, error.value, error.where) == ("detection.professional_major", 1.3, str(path))


def test_an_option_chosen_on_the_command_line_replaces_the_files_bad_value(tmp_path):
    path = write(tmp_path, "name: x\n" + SHARES + "regimes:\n  whistleblower:\n    reward_major: -1\n")
    assert refused(path).where == str(path)
    assert load_config(str(path), ["regimes/whistleblower=high_reward"]).regimes.whistleblower.reward_major == 300_000
