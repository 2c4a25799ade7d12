"""docs/bad_input.md's table of run-path refusals cannot go stale: every row's command is run.

Each row of the table headed `| bad input | command | before the command | message | what to do |`
is run in-process (`main(argv)` of the module the command names) in a fresh working folder, after
the setup its "before the command" cell names; it must exit with status 2, print nothing on stdout
and one line on stderr matching the message (`…` standing for any text), and leave the folder as
it found it.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sim
from sim.api import checkpoint_store
from sim.checkpoint import FOLDER
from sim.io import RECORDED, config_yaml
from tests.unit.test_bad_input_table import DOC, rows

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["bad input", "command", "before the command", "message", "what to do"]


@dataclass(frozen=True)
class RunRow:
    line: int
    bad_input: str
    command: str
    before: str
    message: str
    what_to_do: str


ROWS = rows(DOC.read_text(encoding="utf-8"), HEADER, RunRow)


def holding_the_lock(folder: Path) -> subprocess.Popen:
    """Another process running `python -m sim hydra.run.dir=out`'s config: it holds its kept-replications lock."""
    store = checkpoint_store(folder / FOLDER, sim.load_config(), "simpy", 0, events=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from sim.checkpoint import ReplicationStore as S\n"
         "with S(sys.argv[1], sys.argv[2]).lock():\n print('held', flush=True); time.sleep(120)",
         str(store.folder.parent), store.folder.name],
        cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def finished_sweep(folder: Path, scenario: str, overrides: list[str]) -> None:
    """A stand-in for a sweep `python -m sim.sweep` finished: the files a report reads of it before
    it compares the results' counties (sweep.yaml, one row of cells.parquet)."""
    folder.mkdir(parents=True)
    resolved = {"scenario": scenario, "overrides": overrides, "name": folder.name, "reference": 0,
                "horizon_days": 1096, "cells": [{"cell": 0, "values": {}, "overrides": []}]}
    (folder / "sweep.yaml").write_text(yaml.safe_dump(resolved))
    pd.DataFrame({"cell": [0], "label": ["as_is"], "replication": [0]}).to_parquet(folder / "cells.parquet")


def finished_run(folder: Path, scenario: str) -> None:
    """A stand-in for a run of `scenario`: its recorded config and (one-row) tables."""
    (folder / RECORDED).parent.mkdir(parents=True)
    (folder / RECORDED).write_text(config_yaml(sim.load_config(scenario)))
    for table in ("replications.parquet", "timeseries.parquet"):
        pd.DataFrame({"replication": [0]}).to_parquet(folder / table)


def holding_the_sweep_lock(folder: Path) -> subprocess.Popen:
    """Another process running a sweep into `folder`: it holds the folder's lock (sim/sweep/run.py)."""
    from sim.sweep.run import LOCK

    folder.mkdir(parents=True, exist_ok=True)
    (folder / LOCK).touch()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time\nwith open(sys.argv[1], 'a+') as f:\n"
         " fcntl.flock(f, fcntl.LOCK_EX)\n print('held', flush=True)\n time.sleep(120)", str(folder / LOCK)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def a_sweeps_tables(name: str, folder: Path) -> None:
    """The resolved sweep.yaml that sweep `name`, run on county_baseline, leaves in `folder`."""
    import yaml

    from sim.sweep.folder import identity
    from sim.sweep.load import parse_command_line

    command = parse_command_line([f"sweep={name}"], default_jobs=1)
    folder.mkdir(parents=True)
    mine = identity(command.spec, command.scenario, command.overrides, command.configs[0].horizon_days)
    (folder / "sweep.yaml").write_text(yaml.safe_dump({"name": name, **mine}, sort_keys=False), encoding="utf-8")


def set_up(before: str, folder: Path) -> subprocess.Popen | None:
    """Make what the row's "before the command" cell says; a process to stop afterwards, if any."""
    if before == "":
        return None
    holding = re.fullmatch(r"a file `([^`]+)` holding `(.+)`", before)
    sweep = re.fullmatch(r"the `(\w+)` sweep's tables in `(\w+)`", before)
    if holding:
        text = ast.literal_eval(holding.group(2))
        (folder / holding.group(1)).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    elif sweep:
        a_sweeps_tables(sweep.group(1), folder / sweep.group(2))
    elif before == "the same sweep under way in another process, into `out`":
        return holding_the_sweep_lock(folder / "out")
    elif before == "a file `notes.txt`":
        (folder / "notes.txt").write_text("x")
    elif before == "a folder `notes` holding `minutes.txt`":
        (folder / "notes").mkdir()
        (folder / "notes" / "minutes.txt").write_text("meeting")
    elif before == "a run of `inspectors.count=3` recorded in `out`":
        (folder / "out" / RECORDED).parent.mkdir(parents=True)
        (folder / "out" / RECORDED).write_text(config_yaml(sim.load_config(overrides=["inspectors.count=3"])))
    elif before == "the same run under way in another process":
        return holding_the_lock(folder)
    elif before == "a folder `mixed` holding a `county_baseline` sweep and a `town_major_hazard_campaign_2023` run":
        finished_sweep(folder / "mixed" / "staffing", "county_baseline", [])
        finished_run(folder / "mixed" / "town", "town_major_hazard_campaign_2023")
    elif before == "a folder `mixed` holding `county_baseline` sweeps of 3,000 and of 300 enterprises":
        finished_sweep(folder / "mixed" / "regimes", "county_baseline", [])
        finished_sweep(folder / "mixed" / "staffing", "county_baseline", ["population.enterprises=300"])
    else:
        raise AssertionError(f"docs/bad_input.md: unknown setup {before!r}")
    return None


def entry_point(command: str):
    words = shlex.split(command)
    assert words[:2] == ["python", "-m"], command
    module = importlib.import_module(words[2])
    if hasattr(module, "__path__"):   # a package (sim, sim.sweep, analysis.report): python -m runs its __main__
        module = importlib.import_module(words[2] + ".__main__")
    return module.main, words[3:]


def test_the_table_is_there():
    assert len(ROWS) >= 9, "the run-path table of docs/bad_input.md was not found"
    assert len({row.message for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[f"line {row.line}: {row.bad_input}" for row in ROWS])
def test_each_command_is_refused_with_its_message_and_writes_nothing(row, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    holder = set_up(row.before, tmp_path)
    try:
        before = sorted(tmp_path.rglob("*"))
        main, argv = entry_point(row.command)
        capsys.readouterr()
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = exit_.code
        out, err = capsys.readouterr()
        after = sorted(tmp_path.rglob("*"))
    finally:
        if holder is not None:
            holder.kill()
            holder.wait()
    assert (status, out) == (2, ""), err
    lines = err.splitlines()
    pattern = ".*?".join(re.escape(part) for part in row.message.split("…"))
    assert len(lines) == 1 and re.fullmatch(pattern, lines[0]), (lines, row.message)
    assert after == before, "the run wrote something"
