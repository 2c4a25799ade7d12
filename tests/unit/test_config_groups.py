"""Regime config groups (conf/regimes/<name>/<option>.yaml): every option composes, validates and
sets what its file says; the precedence of docs/config_groups.md; bad choices; the listing.

Compose only: no simulation except one tiny command-line run.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from omegaconf import OmegaConf

import sim.__main__
from sim import load_config
from sim.config import ConfigError, loader
from sim.config.groups import GROUP_DIR, PREFIX, groups, leaves, options, settings
from sim.config.groups_doc import DOC_PATH, render
from sim.config.loader import CONF_DIR, SCENARIO_DIR, available_scenarios
from sim.config.regime_schema import REGIMES
from sim.config.schema import Config
from sim.config.validate import validate
from tests.conftest import DOCUMENTS

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = [(group, option) for group in groups() for option in options(group)]
SHARES = "population:\n  sector_shares: {industry_trade: 1.0}\n"


def _flat(config: Config) -> dict[str, object]:
    return dict(leaves(dataclasses.asdict(config)))


def _scenario(tmp_path: Path, text: str) -> str:
    path = tmp_path / "my_county.yaml"
    path.write_text("name: my_county\n" + SHARES + text, encoding="utf-8")
    return str(path)


# --- the groups and their files -------------------------------------------------------------------


def test_every_regime_has_a_group_with_off_and_on():
    assert sorted(p.name for p in GROUP_DIR.iterdir()) == sorted(REGIMES)
    for group in groups():
        assert {"off", "on"} <= set(options(group)), group


def test_the_root_config_has_a_null_entry_per_group_after_the_scenario():
    entries = OmegaConf.to_container(OmegaConf.load(CONF_DIR / "config.yaml").defaults)
    after = entries[entries.index({"scenario": "county_baseline"}) + 1:]
    assert after == [{group: None} for group in groups()]


@pytest.mark.parametrize(("group", "option"), OPTIONS, ids=[f"{g}={o}" for g, o in OPTIONS])
def test_option_file_opens_with_its_package_what_it_does_and_its_source(group, option):
    lines = (GROUP_DIR / group.removeprefix(PREFIX) / f"{option}.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# @package {group.replace('/', '.')}"
    assert lines[1].startswith(f"# {option}: ") and len(lines[1]) > len(option) + 10
    assert lines[2].startswith("# source: ")
    assert "assumed" in lines[2] or any(doc in lines[2] for doc in DOCUMENTS), lines[2]


@pytest.fixture(scope="module")
def baseline() -> Config:
    return load_config("county_baseline")


@pytest.mark.parametrize(("group", "option"), OPTIONS, ids=[f"{g}={o}" for g, o in OPTIONS])
def test_option_composes_validates_and_sets_only_what_its_file_says(baseline, group, option):
    config = load_config("county_baseline", [f"{group}={option}"])  # composes and validates
    regime = group.removeprefix(PREFIX)
    assert getattr(config.regimes, regime).enabled is (option != "off")
    wanted = {f"regimes.{regime}.{key}": value for key, value in settings(group, option).items()}
    got, before = _flat(config), _flat(baseline)
    assert {key: got[key] for key in wanted} == wanted
    assert {key for key in got if got[key] != before[key]} <= set(wanted)


@pytest.mark.parametrize(("option", "scenario"), [("county_three_year", "county_three_year_action"),
                                                   ("enforcement_2021", "regime_campaign")])
def test_campaign_options_keep_the_phases_of_their_scenario(option, scenario):
    assert (load_config("county_baseline", [f"regimes/campaign={option}"]).regimes.campaign.phases
            == load_config(scenario).regimes.campaign.phases)


def test_variants_set_what_they_say():
    def regimes(*choices):
        return load_config("county_baseline", list(choices)).regimes

    assert regimes("regimes/whistleblower=high_reward").whistleblower.reward_major == 300_000
    assert regimes("regimes/double_random=higher_sampling").double_random.sampling_fraction == 0.6
    assert regimes("regimes/lead_monthly=twice_monthly").lead_monthly.checks_per_month == 2
    full = regimes("regimes/risk_based=full_coverage").risk_based.frequency
    assert full.red >= 1 and full.orange >= 1 and full.yellow == full.blue == 0


# --- precedence (docs/config_groups.md) -------------------------------------------------------------


@pytest.fixture(scope="module")
def root_without_groups(tmp_path_factory) -> Path:
    """A copy of conf/ as it was before the groups: no conf/regimes/, no regimes/ entries."""
    conf = tmp_path_factory.mktemp("before") / "conf"
    shutil.copytree(CONF_DIR / "sectors", conf / "sectors")
    text = (CONF_DIR / "config.yaml").read_text(encoding="utf-8")
    (conf / "config.yaml").write_text("\n".join(line for line in text.splitlines() if PREFIX not in line))
    return conf


def _chosen(name: str) -> list[tuple[str, str]]:
    """(group, option) a scenario file's defaults list picks."""
    node = OmegaConf.to_container(OmegaConf.load(SCENARIO_DIR / f"{name}.yaml"))
    return [next(iter(item.items())) for item in node.get("defaults", []) if isinstance(item, dict)]


PLAIN = [name for name in available_scenarios() if not _chosen(name)]
PICKING = [name for name in available_scenarios() if _chosen(name)]


@pytest.mark.parametrize("name", PLAIN)
def test_choosing_nothing_composes_every_scenario_exactly_as_before(name, root_without_groups, monkeypatch):
    now = load_config(name)
    # Without Hydra at all: schema, sectors and scenario file merged by OmegaConf alone.
    merged = OmegaConf.merge(OmegaConf.structured(Config),
                             {"sectors": OmegaConf.load(CONF_DIR / "sectors" / "china_default.yaml")},
                             OmegaConf.load(SCENARIO_DIR / f"{name}.yaml"))
    assert now == validate(OmegaConf.to_object(merged))
    # With Hydra, from the root config without the groups.
    monkeypatch.setattr(loader, "CONF_DIR", root_without_groups)
    assert load_config(name) == now


@pytest.mark.parametrize("name", PICKING)
def test_a_scenario_that_picks_options_is_its_file_then_its_options(name):
    """The options of a scenario's defaults list are applied after its own settings."""
    body = OmegaConf.load(SCENARIO_DIR / f"{name}.yaml")
    body.pop("defaults")
    picked = [{"regimes": {group.removeprefix(PREFIX): OmegaConf.load(GROUP_DIR / group.removeprefix(PREFIX)
                                                                      / f"{option}.yaml")}}
              for group, option in _chosen(name)]
    merged = OmegaConf.merge(OmegaConf.structured(Config),
                             {"sectors": OmegaConf.load(CONF_DIR / "sectors" / "china_default.yaml")}, body, *picked)
    assert load_config(name) == validate(OmegaConf.to_object(merged))


def test_the_campaign_scenarios_pick_their_phases_from_the_groups():
    assert set(PICKING) >= {"county_three_year_action", "regime_campaign"}


def test_the_root_without_groups_has_really_none(root_without_groups, monkeypatch):
    assert load_config("county_baseline", ["regimes/double_random=off"]) != load_config("county_baseline")
    monkeypatch.setattr(loader, "CONF_DIR", root_without_groups)
    with pytest.raises(ConfigError):
        load_config("county_baseline", ["regimes/double_random=off"])


def test_a_group_chosen_on_the_command_line_wins_over_the_scenario_file():
    config = load_config("county_baseline", ["regimes/double_random=off"])
    assert config.regimes.double_random.enabled is False  # county_baseline turns it on
    assert config.regimes.double_random.sampling_fraction == 0.4  # the scenario's value; off sets enabled only
    assert load_config("regime_whistleblower", ["regimes/double_random=on"]).regimes.double_random.enabled


@pytest.mark.parametrize("choices", [
    ["regimes/double_random=off", "regimes.double_random.enabled=true"],
    ["regimes.double_random.enabled=true", "regimes/double_random=off"],
])
def test_a_key_override_wins_over_an_option_wherever_it_is_written(choices):
    assert load_config("county_baseline", choices).regimes.double_random.enabled is True


def test_a_key_override_wins_over_a_variant_and_the_rest_of_the_variant_stays():
    config = load_config("county_baseline", ["regimes/double_random=higher_sampling",
                                             "regimes.double_random.sampling_fraction=0.5"])
    assert config.regimes.double_random.enabled and config.regimes.double_random.sampling_fraction == 0.5


def test_the_last_choice_of_a_group_wins():
    regimes = load_config("county_baseline", ["regimes/whistleblower=high_reward", "regimes/whistleblower=off"]).regimes
    assert not regimes.whistleblower.enabled and regimes.whistleblower.reward_major == 30_000


def test_a_scenario_chooses_options_in_its_defaults_list(tmp_path):
    path = _scenario(tmp_path, "defaults:\n  - regimes/whistleblower: high_reward\n"
                               "  - override /regimes/double_random: off\n  - /regimes/lead_monthly: on\n"
                               "  - _self_\nregimes:\n  double_random:\n    sampling_fraction: 0.3\n")
    regimes = load_config(path).regimes
    assert regimes.whistleblower.enabled and regimes.whistleblower.reward_major == 300_000
    assert not regimes.double_random.enabled and regimes.double_random.sampling_fraction == 0.3
    assert regimes.lead_monthly.enabled  # a bare YAML on (read as true) is the option on


def test_a_command_line_choice_replaces_the_scenarios_choice_of_that_group(tmp_path):
    path = _scenario(tmp_path, "defaults:\n  - regimes/whistleblower: high_reward\n")
    regimes = load_config(path, ["regimes/whistleblower=off"]).regimes
    assert not regimes.whistleblower.enabled and regimes.whistleblower.reward_major == 30_000


def test_a_scenario_may_not_set_a_key_its_own_option_sets(tmp_path):
    path = _scenario(tmp_path, "defaults:\n  - regimes/whistleblower: high_reward\n"
                               "regimes:\n  whistleblower:\n    reward_major: 5000\n")
    with pytest.raises(ConfigError, match=r"^config error: regimes\.whistleblower\.reward_major = 5000: set by "
                                          r"scenario .*my_county\.yaml and by the option regimes/whistleblower="
                                          r"high_reward"):
        load_config(path)


# --- bad choices --------------------------------------------------------------------------------------


def test_a_bad_option_names_the_group_the_value_and_the_options():
    with pytest.raises(ConfigError) as info:
        load_config("county_baseline", ["regimes/whistleblower=nonsense"])
    message = str(info.value)
    assert message.startswith("config error: regimes/whistleblower = 'nonsense': no such option of config group "
                              "regimes/whistleblower; the options are high_reward, off, on")
    assert "\n" not in message


@pytest.mark.parametrize(("override", "key", "says"), [
    ("regimes/nonsense=on", "regimes/nonsense", "no such config group; the regime groups are regimes/double_random"),
    ("regimes/whistleblower=null", "regimes/whistleblower", "the options are high_reward, off, on"),
    ("regimes/whistleblower=[on,off]", "regimes/whistleblower", "the options are high_reward, off, on"),
    ("regimes.whistleblower=on", "regimes.whistleblower", "write regimes/whistleblower=on"),
    ("sectors=nowhere", "sectors", "no such option of config group sectors; the options are china_default"),
])
def test_other_bad_choices_say_what_is_allowed(override, key, says):
    with pytest.raises(ConfigError) as info:
        load_config("county_baseline", [override])
    assert info.value.key == key and says in str(info.value) and "\n" not in str(info.value)


def test_a_bad_option_in_a_scenario_names_the_scenario(tmp_path):
    path = _scenario(tmp_path, "defaults:\n  - regimes/whistleblower: loud\n")
    with pytest.raises(ConfigError, match=r"regimes/whistleblower = 'loud'.*defaults list of scenario .*my_county"):
        load_config(path)


# --- command line and docs ------------------------------------------------------------------------------


def _run_sim(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_cli_bad_option_exits_2_with_one_line_and_writes_nothing(tmp_path):
    result = _run_sim(tmp_path, "regimes/whistleblower=nonsense", f"hydra.run.dir={tmp_path / 'out'}")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["config error: regimes/whistleblower = 'nonsense': no such option of "
                                          "config group regimes/whistleblower; the options are high_reward, off, "
                                          "on (docs/config_groups.md)"]
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_cli_runs_with_options_and_saves_them(tmp_path):
    out = tmp_path / "out"
    result = _run_sim(tmp_path, "regimes/whistleblower=high_reward", "regimes/double_random=off",
                      "population.enterprises=100", "inspectors.count=2", "horizon_days=60", "warmup_days=0",
                      f"hydra.run.dir={out}")
    assert result.returncode == 0, result.stderr
    saved = load_config(str(out / ".hydra" / "config.yaml")).regimes
    assert saved.whistleblower.enabled and saved.whistleblower.reward_major == 300_000
    assert not saved.double_random.enabled
    assert "regimes/whistleblower=high_reward" in OmegaConf.load(out / ".hydra" / "overrides.yaml")


def test_help_lists_every_group_and_option(capsys):
    assert sim.__main__.main(["--help"]) == 0
    shown = capsys.readouterr().out
    assert "regimes/REGIME=OPTION" in shown
    for group in groups():
        assert f"{group} " in shown and ", ".join(options(group)) in shown


def test_the_docs_list_every_option_and_are_current():
    document = DOC_PATH.read_text(encoding="utf-8")
    assert render(document) == document, "docs/config_groups.md is out of date: run python -m sim.config.groups_doc"
    for group in groups():
        heading = document.index(f"### `{group}`")
        rows = document[heading:].split("\n### ")[0]
        for option in options(group):
            assert f"| `{option}` |" in rows, f"{group}={option} is not in docs/config_groups.md"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Switching regimes from the command line" in readme and "docs/config_groups.md" in readme
