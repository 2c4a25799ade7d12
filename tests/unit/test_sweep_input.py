"""Bad input to a sweep, refused before any work with one line: settings written twice (sim/sweep/
collisions.py), repeated points of an axis, run settings in cells, folder names that leave sweeps/,
and sweep files that are not UTF-8 or not valid YAML. Every shipped sweep still builds."""

from __future__ import annotations

import pytest

from sim.__main__ import main as sim_main
from sim.config.errors import ConfigError
from sim.sweep.__main__ import main
from sim.sweep.budget import DERIVED, derived_overrides, parse_budget
from sim.sweep.load import available_sweeps, parse_command_line, read_sweep
from sim.sweep.spec import build_spec

TINY = ["population.enterprises=50", "horizon_days=60", "warmup_days=0"]
COUNT = {"key": "inspectors.count", "values": [10, 30]}
MIX = {"inspectors": 1_000_000, "training": 18_000}


def _spec(**raw):
    return build_spec({"replications": 2, "n_jobs": 1, **raw}, default_jobs=1)


def _refused(raw: dict) -> str:
    with pytest.raises(ConfigError) as info:
        _spec(**raw)
    return str(info.value)


# -- what the shipped sweeps and the documented layering still do -------------------------------------------

@pytest.mark.parametrize("name", available_sweeps())
def test_every_shipped_sweep_builds_with_its_cells_checked(name):
    command = parse_command_line([f"sweep={name}", *TINY], default_jobs=1)
    assert len(command.configs) == len(command.spec.cells) > 1


@pytest.mark.parametrize("raw", [
    # a regime option in every cell and an axis over keys the option does not set: the reward sweep
    {"overrides": ["regimes/whistleblower=on"],
     "axes": [{"key": "regimes.whistleblower.reward_general", "values": [0, 3000]}]},
    # within one option, an option followed by a key it sets: a deliberate adjustment
    {"axes": [{"options": {"a": [], "b": ["regimes/whistleblower=high_reward",
                                          "regimes.whistleblower.reward_major=100000"]}}]},
    # two axes over different groups and keys
    {"axes": [COUNT, {"options": {"off": [], "on": ["regimes/third_party=on"]}},
              {"key": "regimes.whistleblower.reward_major", "values": [1, 2]}]},
    # a budget's option may set what its allocations do not buy
    {"budget": {"yearly": 1_018_000, "options": {
        "a": MIX, "b": {**MIX, "overrides": ["regimes.whistleblower.reward_general=5000"]}}}},
])
def test_settings_that_do_not_overlap_are_allowed(raw):
    assert len(_spec(**raw).cells) >= 2


# -- settings written twice ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "message"), [
    ({"axes": [COUNT, {"name": "again", "key": "inspectors.count", "values": [1, 2]}]},
     "config error: sweep.axes.1.key = 'inspectors.count': inspectors.count is set by sweep.axes.0.key too: one "
     "would win in every cell and the cells be labelled with values they do not have; sweep a setting on one axis "
     "(settings that move together: one axis with keys and values)"),
    # without names: refused for the key, not for the two axes' shared default name
    ({"axes": [COUNT, {"key": "inspectors.count", "values": [1, 2]}]},
     "config error: sweep.axes.1.key = 'inspectors.count': inspectors.count is set by sweep.axes.0.key too"),
    ({"axes": [COUNT, {"options": {"few": ["inspectors.count=3"], "many": ["inspectors.dispatch=territorial"]}}]},
     "config error: sweep.axes.1.options.few.0 = 'inspectors.count=3': inspectors.count is set by "
     "sweep.axes.0.key too"),
    ({"axes": [{"key": "regimes.whistleblower.reward_major", "values": [1, 2]},
               {"options": {"on": ["regimes/whistleblower=on"], "high": ["regimes/whistleblower=high_reward"]}}]},
     "config error: sweep.axes.1.options.high.0 = 'regimes/whistleblower=high_reward': "
     "regimes.whistleblower.reward_major (which regimes/whistleblower=high_reward sets) is set by "
     "sweep.axes.0.key too"),
    ({"axes": [{"options": {"a": ["regimes/whistleblower=on"], "b": []}},
               {"key": "regimes.whistleblower.enabled", "values": [True, False]}]},
     "config error: sweep.axes.1.key = 'regimes.whistleblower.enabled': regimes.whistleblower.enabled (which "
     "regimes/whistleblower=on sets) is set by sweep.axes.0.options.a.0 too"),
    ({"axes": [{"name": "x", "options": {"a": ["regimes/whistleblower=on"], "b": []}},
               {"name": "y", "options": {"c": ["regimes/whistleblower=off"], "d": []}}]},
     "config error: sweep.axes.1.options.c.0 = 'regimes/whistleblower=off': regimes/whistleblower is set by "
     "sweep.axes.0.options.a.0 too"),
    ({"axes": [{"key": "population.sector_shares.fireworks", "values": [0.01, 0.02]},
               {"key": "population.sector_shares", "values": [{"fireworks": 0.03}]}]},
     "config error: sweep.axes.1.key = 'population.sector_shares': population.sector_shares.fireworks is set by "
     "sweep.axes.0.key too"),
    ({"overrides": ["inspectors.count=30"], "axes": [COUNT]},
     "config error: sweep.overrides.0 = 'inspectors.count=30': inspectors.count is set by sweep.axes.0.key too, in "
     "each cell, and one of the two would be silently lost; set it in one place"),
    ({"overrides": ["regimes/whistleblower=high_reward"],
      "axes": [{"key": "regimes.whistleblower.reward_major", "values": [1, 2]}]},
     "config error: sweep.overrides.0 = 'regimes/whistleblower=high_reward': regimes.whistleblower.reward_major "
     "(which regimes/whistleblower=high_reward sets) is set by sweep.axes.0.key too"),
    ({"overrides": ["inspectors.count=3", "inspectors.count=4"], "axes": [{"key": "inspectors.dispatch", "values": ["pooled", "territorial"]}]},
     "config error: sweep.overrides.1 = 'inspectors.count=4': inspectors.count is set by sweep.overrides.0 too, and "
     "only the last would count; set each once"),
    ({"axes": [{"options": {"a": ["inspectors.count=3", "inspectors.count=4"], "b": []}}]},
     "config error: sweep.axes.0.options.a.1 = 'inspectors.count=4': inspectors.count is set by "
     "sweep.axes.0.options.a.0 too, and only the last would count; set each once"),
    ({"axes": [{"keys": ["inspectors.count", "inspectors.count"], "values": [[1, 2], [3, 4]]}]},
     "config error: sweep.axes.0.keys.1 = 'inspectors.count': inspectors.count is set by sweep.axes.0.keys.0 too"),
    # a budget derives these in every cell
    ({"budget": {"yearly": 1_018_000, "options": {"a": MIX, "b": {**MIX, "overrides": ["inspectors.count=7"]}}}},
     "config error: sweep.budget.options.b.overrides.0 = 'inspectors.count=7': inspectors.count is bought by the "
     "option's allocations (sweep.budget), after its overrides; leave it out of them"),
    ({"budget": {"yearly": 1_018_000, "options": {"a": MIX, "b": {**MIX, "inspectors": 1_000_000}}},
      "axes": [{"key": "inspectors.professional_share", "values": [0.5, 1.0]}]},
     "config error: sweep.axes.0.key = 'inspectors.professional_share': inspectors.professional_share is set by "
     "sweep.budget too"),
    ({"budget": {"yearly": 1_018_000, "options": {"a": MIX}}, "overrides": ["regimes/third_party=on"]},
     "config error: sweep.overrides.0 = 'regimes/third_party=on': regimes.third_party.enabled (which "
     "regimes/third_party=on sets) is set by sweep.budget too"),
])
def test_a_setting_written_twice_is_refused_naming_where(raw, message):
    assert _refused(raw).startswith(message)


@pytest.mark.parametrize(("raw", "message"), [
    ({"axes": [{"key": "engine", "values": ["numba", "simpy"]}]},
     "config error: sweep.axes.0.key = 'engine': engine is a run setting, the same for every cell: set the sweep's "
     "with sweep.engine"),
    ({"axes": [{"key": "seed", "values": [1, 2]}]}, "config error: sweep.axes.0.key = 'seed': seed is a run setting"),
    ({"axes": [{"keys": ["inspectors.count", "replications"], "values": [[1, 2], [3, 4]]}]},
     "config error: sweep.axes.0.keys.1 = 'replications': replications is a run setting"),
    ({"axes": [{"options": {"a": ["n_jobs=2"], "b": []}}]},
     "config error: sweep.axes.0.options.a.0 = 'n_jobs=2': n_jobs is a run setting"),
    ({"overrides": ["engine=simpy"], "axes": [COUNT]},
     "config error: sweep.overrides.0 = 'engine=simpy': engine is a run setting"),
    ({"axes": [{"options": {"a": ["run=report"], "b": []}}]},
     "config error: sweep.axes.0.options.a.0 = 'run=report': chooses run settings (conf/run/), the same for every "
     "cell: set the sweep's with sweep.engine, sweep.seed, sweep.replications and sweep.n_jobs"),
    ({"overrides": ["hydra.run.dir=x"], "axes": [COUNT]},
     "config error: sweep.overrides.0 = 'hydra.run.dir=x': is Hydra's setting, not the county's"),
])
def test_a_run_setting_in_the_cells_is_refused(raw, message):
    assert _refused(raw).startswith(message)


@pytest.mark.parametrize(("raw", "message"), [
    ({"axes": [{"key": "inspectors.count", "values": [10, 30, 30.0]}]},
     "config error: sweep.axes.0.values.2 = 30.0: sets the same as sweep.axes.0.values.1: two cells would be the "
     "same run; give each value once"),
    ({"axes": [{"key": "inspectors.dispatch", "values": ["pooled", "pooled"]}]},
     "config error: sweep.axes.0.values.1 = 'pooled': sets the same as sweep.axes.0.values.0"),
    ({"axes": [{"name": "staff", "keys": ["inspectors.count", "inspectors.professional_share"],
                "values": [[30, 0.6], [33, 0.6], [30, 0.60]]}]},
     "config error: sweep.axes.0.values.2 = '30/0.6': sets the same as sweep.axes.0.values.0"),
    ({"axes": [{"options": {"as_is": [], "nothing": []}}]},
     "config error: sweep.axes.0.options.nothing = []: sets the same as option as_is: two cells would be the same "
     "run; give each option once"),
    ({"axes": [{"options": {"a": ["regimes/whistleblower=on", "inspectors.count=3"],
                            "b": ["inspectors.count=3", "regimes/whistleblower=on"]}}]},
     "config error: sweep.axes.0.options.b = ['inspectors.count=3', 'regimes/whistleblower=on']: sets the same as "
     "option a"),
    ({"axes": [{"options": {1: ["inspectors.count=3"], "1": ["inspectors.count=4"]}}]},
     "config error: sweep.axes.0.options.1 = '1': is the name of two options; give each its own"),
    ({"budget": {"yearly": 1_018_000, "options": {"a": MIX, "b": dict(MIX)}}},
     "config error: sweep.budget.options.b = {'inspectors': 1000000.0, 'training': 18000.0, 'rewards': 0.0, "
     "'third_party': 0.0, 'remote_monitoring': 0.0}: allocates the same as option a"),
])
def test_two_points_of_an_axis_that_are_the_same_run_are_refused(raw, message):
    assert _refused(raw).startswith(message)


def test_every_key_a_budget_buys_is_in_what_collisions_compare():
    import sim

    rich = {"inspectors": 500_000, "training": 6_000, "rewards": 10_000, "third_party": 30_000,
            "remote_monitoring": 20_000}
    budget = parse_budget({"yearly": sum(rich.values()), "options": {"all": rich}})
    bought = derived_overrides(budget.allocations["all"], sim.load_config(overrides=TINY), "w")
    assert {item.split("=")[0] for item in bought} == set(DERIVED)


# -- the command line against the sweep ----------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["sweep=staffing", "inspectors.count=40"],
     "config error: inspectors.count = '40': inspectors.count is set by the sweep too (sweep.axes.0.key), and one of "
     "the two would be silently lost; leave it out, or change the sweep"),
    (["sweep=reward", "regimes/whistleblower=high_reward"],
     "config error: regimes/whistleblower = 'high_reward': regimes/whistleblower is set by the sweep too "
     "(sweep.overrides.0)"),
    (["sweep=regimes", "regimes.whistleblower.enabled=false"],
     "config error: regimes.whistleblower.enabled = 'false': regimes.whistleblower.enabled (which "
     "regimes/whistleblower=on sets) is set by the sweep too (sweep.axes.0.options.whistleblower.0)"),
    (["sweep=budget_mix", "inspectors.professional_share=1"],
     "config error: inspectors.professional_share = '1': inspectors.professional_share is set by the sweep too "
     "(sweep.budget)"),
    (["sweep=staffing", "run=report"],
     "config error: run = 'report': chooses run settings (conf/run/), which a sweep takes from its sweep keys: "
     "sweep.engine, sweep.seed, sweep.replications and sweep.n_jobs"),
    (["sweep=staffing", "seed=3"],
     "config error: seed = '3': a sweep's run settings are sweep keys: write sweep.seed=3"),
])
def test_a_command_line_setting_the_sweep_sets_too_is_refused(argv, message):
    with pytest.raises(ConfigError) as info:
        parse_command_line([*argv, *TINY], default_jobs=1)
    assert str(info.value).startswith(message)


def test_a_command_line_setting_the_sweep_does_not_set_is_allowed():
    command = parse_command_line(["sweep=regimes", "regimes.whistleblower.reward_major=5000", *TINY], 1)
    assert all(config.regimes.whistleblower.reward_major == 5000 for config in command.configs)


def test_the_multirun_syntax_refuses_a_key_it_sweeps_and_sets_too(capsys):
    assert sim_main(["-m", "inspectors.count=1,2", "inspectors.count=3", *TINY]) == 2
    assert capsys.readouterr().err.strip() == (
        "config error: inspectors.count = '3': inspectors.count is set by the sweep too (sweep.axes.0.key), and one "
        "of the two would be silently lost; leave it out, or change the sweep")


@pytest.mark.parametrize(("command", "argv", "message"), [
    (main, ["sweep=staffing", "foo"], "config error: foo = 'foo': an argument must be written key=value (sweep=NAME, "
                                      "scenario=NAME, sweep.KEY=VALUE, hydra.run.dir=DIR or any config key); see "
                                      "python -m sim.sweep --help"),
    (sim_main, ["-m", "foo"], "config error: foo = 'foo': an argument must be written key=value; a key with several "
                              "values a,b,c is swept"),
    (sim_main, ["foo"], "config error: foo = 'foo': an override must be written key=value"),
])
def test_an_argument_without_equals_is_named_as_written(command, argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert command(argv) == 2
    assert capsys.readouterr().err.strip() == message
    assert list(tmp_path.iterdir()) == []


# -- names that would leave sweeps/ --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../elsewhere", "/tmp/elsewhere", "a/b", "..", ".", "", "a\\b"])
def test_a_sweep_name_that_is_not_a_plain_folder_name_is_refused(name):
    assert _refused({"name": name, "axes": [COUNT]}) == (
        f"config error: sweep.name = {name!r}: names the sweep's folder (sweeps/<name>/<scenario>): one plain "
        "folder name, without / or \\, not . or .. (to write the sweep elsewhere, keep a plain name and give "
        "hydra.run.dir=DIR)")


def test_a_scenario_name_that_would_leave_sweeps_is_refused_for_the_default_folder_only(tmp_path):
    with pytest.raises(ConfigError, match=r"^config error: name = '\.\./\.\./x': names the sweep's folder"):
        parse_command_line(["sweep=staffing", "name=../../x", *TINY], default_jobs=1)
    chosen = parse_command_line(["sweep=staffing", "name=../../x", *TINY, f"hydra.run.dir={tmp_path}"], 1)
    assert chosen.folder == tmp_path
    assert parse_command_line(["sweep=staffing", *TINY], 1).folder.parts[:2] == ("sweeps", "staffing")


# -- the sweep file ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "says"), [
    (b"name: caf\xe9\naxes: []\n", "is not UTF-8 text (byte 0xe9 on line 1): save it as UTF-8"),
    ("axes: [unclosed\n", "is not valid YAML: expected ',' or ']', but got '<stream end>' (line 2, column 1); "
                         "check the indentation there, and quote a value that holds ': ' or '#'"),
    ("name: s\naxes:\n  - options:\n      a: []\n      a: [inspectors.count=3]\n",
     "the key a is written twice in one mapping (again on line 5): keep one"),
    ("name: s\x01\n", "is not valid YAML: unacceptable character #x0001: special characters are not allowed "
                      "(line 1, column 8)"),
])
def test_a_sweep_file_that_cannot_be_read_is_one_line_with_where(tmp_path, text, says):
    path = tmp_path / "bad.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ConfigError) as info:
        read_sweep(str(path))
    assert str(info.value) == f"config error: sweep = {str(path)!r}: {says}"
