"""Sweeps (sim/sweep/): the spec's cells, refusals before any work, paired tables, resume after SIGKILL,
the same numbers whatever the worker count, and the precision mode's rounds."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.config.errors import ConfigError
from sim.sweep.__main__ import main
from sim.sweep.load import available_sweeps, parse_command_line, read_sweep
from sim.sweep.run import run_sweep
from sim.sweep.spec import build_spec
from sim.sweep.tables import paired, probability_best

ROOT = Path(__file__).resolve().parents[2]
TINY = ["population.enterprises=60", "horizon_days=120", "warmup_days=0"]


def _spec(**raw):
    base = {"axes": [{"key": "inspectors.count", "values": [0, 2, 4]}], "replications": 4, "chunk": 2, "n_jobs": 1}
    return build_spec({**base, **raw}, default_jobs=1)


# -- the spec -----------------------------------------------------------------------------------------

def test_cells_are_the_grid_of_the_axes_with_zipped_and_named_options():
    spec = _spec(overrides=["regimes/whistleblower=on"], axes=[
        {"key": "inspectors.count", "range": {"start": 10, "stop": 30, "step": 10}},
        {"name": "reward", "keys": ["regimes.whistleblower.reward_general", "regimes.whistleblower.reward_major"],
         "values": [[0, 0], [3000, 30000]]},
        {"name": "dispatch", "options": {"pooled": [], "territorial": ["inspectors.dispatch=territorial"]}}],
        reference={"inspectors.count": 20, "reward": "3000/30000", "dispatch": "pooled"})
    assert len(spec.cells) == 3 * 2 * 2
    cell = spec.reference_cell
    assert cell.values == {"inspectors.count": 20, "reward": "3000/30000", "dispatch": "pooled"}
    assert cell.overrides == ("regimes/whistleblower=on", "inspectors.count=20",
                              "regimes.whistleblower.reward_general=3000", "regimes.whistleblower.reward_major=30000")
    last = spec.cells[-1]
    assert last.overrides[-1] == "inspectors.dispatch=territorial" and last.values["inspectors.count"] == 30


@pytest.mark.parametrize(("raw", "message"), [
    ({"axes": []}, "config error: sweep.axes = []: a list of one or more axes"),
    ({"axes": [{"key": "inspectors.count", "values": []}]},
     "config error: sweep.axes.0.values = []: a list of one or more values"),
    ({"axes": [{"keys": ["a.b", "c.d"], "values": [[1, 2], [3]]}]},
     "config error: sweep.axes.0.values.1 = [3]: a list of 2 values, one for each of a.b, c.d"),
    ({"replications": "many"}, "config error: sweep.replications = 'many': must be a whole number >= 1"),
    ({"backend": "spark"}, "config error: sweep.backend = 'spark': must be one of joblib, dask"),
    ({"backend": "dask"}, "config error: sweep.scheduler = None: the Dask scheduler's address"),
    ({"reference": {"inspectors.count": 7}},
     "config error: sweep.reference.inspectors.count = 7: one of the axis's values: 0, 2, 4"),
    ({"replicas": 3}, "config error: sweep.replicas = 3: is not a sweep key"),
    ({"precision": {"half_width": 0}}, "config error: sweep.precision.half_width = 0: a number > 0"),
])
def test_a_bad_spec_is_refused_with_one_line_naming_the_key(raw, message):
    with pytest.raises(ConfigError) as info:
        _spec(**raw)
    assert str(info.value).startswith(message)


def test_every_shipped_sweep_is_valid_and_its_cells_load():
    assert {"staffing", "regimes", "reward", "dispatch", "quality"} <= set(available_sweeps())
    for name in available_sweeps():
        command = parse_command_line([f"sweep={name}", *TINY], default_jobs=2)
        assert len(command.configs) == len(command.spec.cells) > 1, name


def test_a_bad_cell_or_setting_is_refused_before_any_work(tmp_path, capsys):
    out = tmp_path / "out"
    for argv, message in [
        (["sweep=staffing", "sweep.axes.0.values=[30,-1]"], "config error: inspectors.count = -1"),
        (["sweep=staffing", "inspectors.dispatch=roundrobin"], "config error: inspectors.dispatch = 'roundrobin'"),
        (["sweep=staffing", "replications=10"], "config error: replications = '10': a sweep's run settings are "
                                                "sweep keys: write sweep.replications=10"),
        (["sweep=nosuch"], "config error: sweep = 'nosuch': unknown sweep; available:"),
        (["sweep=staffing", "sweep.outcome=happiness"], "config error: sweep.outcome = 'happiness'"),
    ]:
        assert main([*argv, f"hydra.run.dir={out}"]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(message) and "\n" not in err, err
        assert not out.exists()


# -- the tables ----------------------------------------------------------------------------------------

def test_paired_differences_and_the_probability_of_being_best():
    cells = pd.DataFrame({"cell": [0, 0, 0, 1, 1, 1], "replication": [0, 1, 2, 2, 1, 0],
                          "deaths": [5.0, 3.0, 4.0, 2.0, 2.0, 4.0]})
    assert list(paired(cells, 1, 0, "deaths")) == [-1.0, -1.0, -2.0]
    best = probability_best(cells, "deaths")
    assert best[1] > 0.95 and best.sum() == pytest.approx(1.0)


# -- running -------------------------------------------------------------------------------------------

def _run(tmp_path: Path, name: str, n_jobs: int, **raw) -> pd.DataFrame:
    spec = _spec(n_jobs=n_jobs, **raw)
    outcome = run_sweep(spec, "county_baseline", TINY, tmp_path / name, progress=False)
    assert not outcome.failures
    return pd.read_parquet(tmp_path / name / "cells.parquet")


def test_a_sweep_writes_its_tables_and_each_cell_is_the_run_of_its_config(tmp_path):
    cells = _run(tmp_path, "one", n_jobs=1)
    assert len(cells) == 3 * 4 and list(cells.columns[:3]) == ["cell", "label", "inspectors.count"]
    alone = sim.simulate(sim.load_config(overrides=[*TINY, "inspectors.count=2"]), engine="numba", replications=4,
                         seed=2020, events=False, progress=False)
    mine = cells[cells.cell == 1].drop(columns=["cell", "label", "inspectors.count"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, alone.replications, check_dtype=False)
    months = pd.read_parquet(tmp_path / "one" / "timeseries.parquet")
    assert sorted(months.cell.unique()) == [0, 1, 2]
    mine = months[months.cell == 1].drop(columns="cell").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, alone.timeseries, check_dtype=False)
    summary = pd.read_csv(tmp_path / "one" / "summary.csv")
    reference = summary[(summary.cell == 0) & (summary.metric == "deaths")].iloc[0]
    assert reference["diff"] == 0.0
    manifest = (tmp_path / "one" / "manifest.json").read_text()
    assert '"seed": 2020' in manifest and '"git_revision"' in manifest
    resolved = yaml.safe_load((tmp_path / "one" / "sweep.yaml").read_text())
    assert resolved["cells"][2]["overrides"] == ["inspectors.count=4"]


def test_the_numbers_do_not_depend_on_the_worker_count_or_the_chunk_size(tmp_path):
    one = _run(tmp_path, "one", n_jobs=1)
    two = _run(tmp_path, "two", n_jobs=2, chunk=3)
    pd.testing.assert_frame_equal(one, two)


def test_the_same_sweep_again_runs_nothing_and_a_longer_one_only_the_new_replications(tmp_path, monkeypatch):
    first = _run(tmp_path, "s", n_jobs=1)
    import sim.sweep.run as runner

    ran = []
    real = runner.run_local

    def counting(units, *args):
        ran.extend(chunk for unit in units for chunk in unit)
        return real(units, *args)

    cost = json.loads((tmp_path / "s" / "manifest.json").read_text())["compute_seconds"]
    monkeypatch.setattr(runner, "run_local", counting)
    again = _run(tmp_path, "s", n_jobs=1)
    assert ran == [] and again.equals(first)
    # what the kept chunks took is still the sweep's cost, though this command simulated nothing
    assert cost > 0 and json.loads((tmp_path / "s" / "manifest.json").read_text())["compute_seconds"] == cost
    longer = _run(tmp_path, "s", n_jobs=1, replications=6)
    assert sorted({r for c in ran for r in range(c.start, c.stop)}) == [4, 5]
    assert longer[longer.replication < 4].reset_index(drop=True).equals(first)


def test_a_failing_chunk_is_reported_with_its_cell_and_the_others_are_kept(tmp_path, capsys, monkeypatch):
    import sim.world.scenario as scenario

    real = scenario.compile_scenario   # run_chunk imports it when it runs, so the patched one is used

    def broken(config):
        if config.inspectors.count == 2:
            raise RuntimeError("disk full")
        return real(config)

    monkeypatch.setattr("sim.world.scenario.compile_scenario", broken)
    spec = _spec()
    outcome = run_sweep(spec, "county_baseline", TINY, tmp_path / "f", progress=False)
    assert {f.cell for f in outcome.failures} == {1} and outcome.cells is None
    assert "cell 1 (inspectors.count=2), replications 0-1 failed: RuntimeError: disk full" in capsys.readouterr().err
    assert not (tmp_path / "f" / "cells.parquet").exists()
    kept = list((tmp_path / "f" / "chunks").glob("*/*.parquet"))
    # cells 0 and 2, four chunks each: the two share a world (cell 1's fails to compile, so it runs
    # alone), and a chunk of 2 is shared out between them (sim.sweep.run.chunk_sizes: 1 a cell)
    assert len(kept) == 2 * 4
    assert len(list((tmp_path / "f" / "chunks").glob("*/monthly/*.parquet"))) == 2 * 4


def test_a_failing_chunk_is_one_line_whatever_its_error_text_holds(tmp_path, capsys, monkeypatch):
    import sim.world.scenario as scenario

    real = scenario.compile_scenario
    table = pd.DataFrame({"replication": range(40), "deaths": 0.5}).to_string()   # 41 lines

    def broken(config):
        if config.inspectors.count == 2:
            raise RuntimeError(f"cannot read this table:\n{table}")
        return real(config)

    monkeypatch.setattr("sim.world.scenario.compile_scenario", broken)
    outcome = run_sweep(_spec(), "county_baseline", TINY, tmp_path / "f", progress=False)
    lines = capsys.readouterr().err.splitlines()
    assert len(outcome.failures) == 2 and len(lines) == 2
    assert all(line.startswith("sweep: cell 1 (inspectors.count=2), replications ") for line in lines)
    assert "failed: RuntimeError: cannot read this table: replication deaths 0 0 0.5 1 1 0.5" in lines[0]
    assert all(len(line) < 400 and line.endswith("…") for line in lines)


def test_a_sweep_killed_with_sigkill_resumes_to_the_same_table(tmp_path):
    argv = ["sweep=staffing", "sweep.axes.0.values=[0,3,6]", "sweep.reference.inspectors.count=3",
            "sweep.replications=8", "sweep.chunk=1",
            "sweep.n_jobs=1", "population.enterprises=300", "horizon_days=365", "warmup_days=30"]
    whole = tmp_path / "whole"
    assert main([*argv, f"hydra.run.dir={whole}"]) == 0
    killed = tmp_path / "killed"
    process = subprocess.Popen([sys.executable, "-m", "sim.sweep", *argv, f"hydra.run.dir={killed}"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list((killed / "chunks").glob("*/*.parquet"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    kept = len(list((killed / "chunks").glob("*/*.parquet")))
    assert 5 <= kept < 24 and not (killed / "cells.parquet").exists()
    assert main([*argv, f"hydra.run.dir={killed}"]) == 0
    for table in ("cells.parquet", "timeseries.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(killed / table), pd.read_parquet(whole / table))


KEPT = ["sweep=staffing", "sweep.axes.0.values=[0,2]", "sweep.reference.inspectors.count=0", "sweep.replications=4",
        "sweep.chunk=2", "sweep.n_jobs=1", *TINY]


@pytest.fixture(scope="module")
def finished_sweep(tmp_path_factory) -> Path:
    """A finished tiny staffing sweep, to copy and damage."""
    folder = tmp_path_factory.mktemp("kept") / "sweep"
    assert main([*KEPT, f"hydra.run.dir={folder}"]) == 0
    return folder


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(("damaged", "damage", "why"), [
    ("rows", _cut_in_half, r"Parquet magic bytes not found in footer\..*"),
    ("rows", lambda path: path.write_bytes(b""), r"Parquet file size is 0 bytes"),
    ("monthly", Path.unlink, r"no such file"),
    ("monthly", _cut_in_half, r"Parquet magic bytes not found in footer\..*"),
], ids=["rows cut in half", "rows empty", "monthly missing", "monthly cut in half"])
def test_a_kept_chunk_that_cannot_be_read_is_named_and_run_again(finished_sweep, tmp_path, capsys, damaged, damage,
                                                                 why):
    folder = tmp_path / "sweep"
    shutil.copytree(finished_sweep, folder)
    first = {table: pd.read_parquet(folder / table) for table in ("cells.parquet", "timeseries.parquet")}
    for table in (*first, "summary.csv", "manifest.json"):
        (folder / table).unlink()
    rows = sorted((folder / "chunks").glob("*/*.parquet"))[1]
    bad = rows if damaged == "rows" else rows.parent / "monthly" / rows.name
    damage(bad)
    start, stop = (int(part) for part in rows.stem.split("-"))
    capsys.readouterr()
    assert main([*KEPT, f"hydra.run.dir={folder}"]) == 0
    named = [line for line in capsys.readouterr().err.splitlines() if "cannot be read" in line]
    assert len(named) == 1 and re.fullmatch(
        re.escape(f"sweep: {bad.relative_to(folder)} cannot be read (") + why +
        re.escape(f"): the chunk is removed and its replications {start}-{stop - 1} run again"), named[0]), named
    for table, frame in first.items():
        pd.testing.assert_frame_equal(pd.read_parquet(folder / table), frame)
    assert main([*KEPT, f"hydra.run.dir={folder}"]) == 0   # and it never blocks again
    assert "cannot be read" not in capsys.readouterr().err


def test_precision_adds_rounds_until_the_paired_interval_is_narrow_and_names_the_capped_cells(tmp_path):
    spec = _spec(axes=[{"key": "inspectors.count", "values": [0, 3, 6]}], reference={"inspectors.count": 3},
                 outcome="expected_accidents", precision={"half_width": 0.5, "max_replications": 12, "round": 4})
    outcome = run_sweep(spec, "county_baseline", [*TINY, "population.enterprises=200"], tmp_path / "p", progress=False)
    counts = outcome.cells.groupby("cell").size()
    years = 120 / 365.25
    for cell in (0, 2):
        diff = paired(outcome.cells, cell, 1, "expected_accidents") / years
        half = 2.2 * diff.std(ddof=1) / np.sqrt(diff.size)
        assert counts[cell] == 12 or half <= 0.5 * 1.2
    assert counts[1] == counts.max()   # the reference runs as far as the furthest cell
    assert set(outcome.capped) <= {0, 2}


def test_expected_deaths_is_an_outcome_the_console_and_the_precision_mode_use(tmp_path, capsys):
    """sweep.outcome=expected_deaths: the console prints it, precision rounds run on its paired interval,
    and cells.parquet and summary.csv hold it and expected_serious_accidents."""
    folder = tmp_path / "e"
    assert main(["sweep=staffing", "sweep.axes.0.values=[0,4]", "sweep.reference.inspectors.count=4",
                 "sweep.replications=4", "sweep.chunk=4", "sweep.n_jobs=1", "sweep.outcome=expected_deaths",
                 "sweep.precision.half_width=0.012", "sweep.precision.max_replications=12", "sweep.precision.round=4",
                 *TINY, "population.enterprises=200", f"hydra.run.dir={folder}"]) == 0
    printed = capsys.readouterr().err
    assert "expected_deaths a year, mean (95% interval); paired difference against inspectors.count=4" in printed
    cells = pd.read_parquet(folder / "cells.parquet")
    counts = cells.groupby("cell").size()
    diff = paired(cells, 0, 1, "expected_deaths") / (120 / 365.25)
    half = 2.2 * diff.std(ddof=1) / np.sqrt(diff.size)
    assert counts[0] > 4 and (counts[0] == 12 or half <= 0.012 * 1.2)   # at least one round more
    assert (cells.expected_deaths > 0).all() and (cells.expected_serious_accidents > 0).all()
    summary = pd.read_csv(folder / "summary.csv")
    assert {"expected_deaths", "expected_serious_accidents"} <= set(summary.metric)


def test_read_sweep_refuses_a_file_that_is_not_yaml(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("axes: [unclosed\n")
    with pytest.raises(ConfigError, match="is not valid YAML"):
        read_sweep(str(bad))


def test_hydra_multirun_syntax_lands_in_the_same_tables_as_the_sweep(tmp_path, capsys):
    from sim.__main__ import main as sim_main

    common = [*TINY, "replications=3", "engine=numba", "seed=5", "n_jobs=1"]
    assert sim_main(["-m", "inspectors.count=0,2", *common, f"hydra.sweep.dir={tmp_path / 'multi'}"]) == 0
    assert main(["sweep=staffing", "sweep.axes.0.values=[0,2]", "sweep.reference.inspectors.count=0",
                 "sweep.replications=3", "sweep.seed=5", "sweep.n_jobs=1", *TINY,
                 f"hydra.run.dir={tmp_path / 'sweep'}"]) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "multi" / "cells.parquet"),
                                  pd.read_parquet(tmp_path / "sweep" / "cells.parquet"))
    assert sim_main(["-m", "inspectors.count=3", *common]) == 2
    assert "a multirun sweeps at least one key with several values" in capsys.readouterr().err
