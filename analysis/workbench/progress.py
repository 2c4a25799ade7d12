"""How far a sweep has got, read from its folder alone (so a restarted server reads it too): the
replications in its finished chunk files, named `chunks/<cell key>/<first>-<stop>.parquet`
(sim/sweep/chunks.py)."""

from __future__ import annotations

import re
from pathlib import Path

CHUNK = re.compile(r"(\d+)-(\d+)\.parquet")


def replications_done(sweep_folder: Path) -> int:
    """Replications finished over every cell of the sweep in `sweep_folder` (0 before any)."""
    done = 0
    for path in Path(sweep_folder).glob("chunks/*/*.parquet"):
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
