"""How far a sweep has got, read from its folder alone (so a restarted server reads it too): the
replications in its finished chunk files, named `chunks/<cell key>/<first>-<stop>.parquet`
(sim/sweep/chunks.py), in the folder or in the sweeps below it (a sensitivity analysis runs one sweep
per part); and, for a run whose total is not known before it starts, the total its own progress
lines on stderr give (`sweep screening:  40%|…| 72/180 [00:12<…]`)."""

from __future__ import annotations

import re
from pathlib import Path

CHUNK = re.compile(r"(\d+)-(\d+)\.parquet")
PROGRESS_LINE = re.compile(r"\|\s*(\d+)/(\d+) \[")


def replications_done(sweep_folder: Path) -> int:
    """Replications finished over every cell of the sweep(s) in `sweep_folder` (0 before any)."""
    done = 0
    for path in Path(sweep_folder).glob("**/chunks/*/*.parquet"):
        match = CHUNK.fullmatch(path.name)
        if match:
            done += int(match.group(2)) - int(match.group(1))
    return done


def time_left(done: int, total: int, at_start: int, seconds: float) -> float | None:
    """Seconds left at the rate of this run so far; None before its first chunk."""
    new = done - at_start
    if new <= 0 or seconds <= 0:
        return None
    return max(total - done, 0) * seconds / new


def logged_total(log_tail: str) -> int | None:
    """The total of the latest progress line in `log_tail` (a run's output), None before the first."""
    found = PROGRESS_LINE.findall(log_tail)
    return int(found[-1][1]) if found else None
