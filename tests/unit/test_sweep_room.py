"""The memory check before a sweep (sim/sweep/room.py): what a process running a unit of work holds,
and a sweep whose local processes would not fit refused with one line before its folder or lock is
made. (Dask workers: tests/unit/test_sweep_dask.py.)"""

from __future__ import annotations

import dataclasses

import pytest

import sim
import sim.memory as memory
from sim.config.errors import ConfigError
from sim.sweep.__main__ import main
from sim.sweep.chunks import Chunk
from sim.sweep.load import parse_command_line
from sim.sweep.room import UNSHARED, unit_bytes
from sim.sweep.run import check_room

GB = 10**9
SWEEP = ["sweep=staffing", "sweep.axes.0.values=[0,2,4]", "sweep.reference.inspectors.count=2",
         "sweep.replications=4", "sweep.chunk=2", "population.enterprises=100000"]


def _chunk(cell: int, replications: int, *overrides: str) -> Chunk:
    return Chunk(cell, "", sim.load_config("county_baseline", ["population.enterprises=100000", *overrides]), 0,
                 replications)


def test_a_unit_holds_a_process_one_replication_the_other_cells_own_parts_and_its_finished_replications():
    one = _chunk(0, 1)
    alone = memory.estimate_bytes(dataclasses.replace(one.config, replications=1), "numba", 1, False)
    assert unit_bytes((one,), "numba") == alone
    three = (one, _chunk(1, 1, "inspectors.count=40"), _chunk(2, 1, "inspectors.count=50"))
    kept = memory.PER_REPLICATION_KEPT   # each finished replication, until the unit ends
    assert unit_bytes(three, "numba") == pytest.approx(alone + memory.HEADROOM * 2 * (100_000 * UNSHARED + kept))
    assert unit_bytes((_chunk(0, 4),), "numba") == pytest.approx(alone + memory.HEADROOM * 3 * kept)
    # the largest cell of a unit is the one whose replication is counted
    mixed = (_chunk(0, 1, "population.enterprises=1000"), one)
    assert unit_bytes(mixed, "numba") == pytest.approx(alone + memory.HEADROOM * (1000 * UNSHARED + kept))


def test_a_sweep_this_machine_cannot_hold_is_refused_with_one_line_before_its_folder_or_lock(
        tmp_path, monkeypatch, capsys):
    one = parse_command_line([*SWEEP, "sweep.n_jobs=1"], default_jobs=1)
    # a unit: a replication of the three cells (a chunk of 2 shared out among them, sim.sweep.run.chunk_sizes)
    unit = unit_bytes(tuple(Chunk(c, "", config, 0, 1) for c, config in enumerate(one.configs)), "numba")
    # room for one process running a unit, not for two worker processes and the sweep's own
    monkeypatch.setattr(memory, "available_bytes", lambda: int(1.2 * unit / memory.HEADROOM))
    check_room(one.spec, one.configs)
    folder = tmp_path / "sweep"
    capsys.readouterr()
    assert main([*SWEEP, "sweep.n_jobs=2", f"hydra.run.dir={folder}"]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == "" and len(lines) == 1, lines
    assert lines[0].startswith("config error: population.enterprises = 100000: cell 0 (inspectors.count=0): the "
                               "sweep needs about ")
    assert lines[0].endswith("GB (2 worker processes each running a unit of 3 cells x 1 replication of 100,000 "
                             "enterprises on the numba engine), this machine has "
                             f"{1.2 * unit / memory.HEADROOM / GB:.1f} GB available; try fewer enterprises or "
                             "fewer sweep.n_jobs")
    assert not folder.exists()


def test_the_library_call_is_refused_the_same_way_before_its_folder(tmp_path, monkeypatch):
    from sim.sweep.run import run_sweep

    command = parse_command_line([*SWEEP, "sweep.n_jobs=1"], default_jobs=1)
    monkeypatch.setattr(memory, "available_bytes", lambda: GB)
    with pytest.raises(ConfigError, match=r"^config error: population.enterprises = 100000: cell 0 "):
        run_sweep(command.spec, command.scenario, command.overrides, tmp_path / "sweep", progress=False,
                  configs=command.configs)
    assert not (tmp_path / "sweep").exists()
