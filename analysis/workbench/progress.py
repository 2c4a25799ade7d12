"""How far a sweep has got, read from its folder alone (so a restarted server reads it too): the
replications in its finished chunk files, named `chunks/<cell key>/<first>-<stop>.parquet`
(sim/sweep/chunks.py), in the folder or in the sweeps below it (a sensitivity analysis runs one sweep
per part); and, for a run whose total is not known before it starts, the total its own progress
lines on stderr give (`sweep screening:  40%|…| 72/180 [00:12<…]`): the latest line of each sweep
the run has started, summed over them (a sensitivity analysis, a calibration or the default study runs
several sweeps one after the other)."""

from __future__ import annotations

import re
from pathlib import Path

CHUNK = re.compile(r"(\d+)-(\d+)\.parquet")
PROGRESS_LINE = re.compile(r"sweep ([^\s:|]+):[^\r\n|]*\|[^\r\n|]*\|\s*(\d+)/(\d+) \[")


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


def logged_total(output: str) -> int | None:
    """The replications of every sweep `output` (a run's output) has begun, from each sweep's latest
    progress line; None before the first."""
    latest = {name: int(total) for name, _, total in PROGRESS_LINE.findall(output)}
    return sum(latest.values()) if latest else None


class LoggedTotals:
    """`logged_total` of a growing log from byte `start` on, reading only what was added since the last
    call (a long run's log grows by its progress lines, and the page asks every second)."""

    def __init__(self) -> None:
        self.start = self.offset = -1
        self.latest: dict[str, int] = {}

    def read(self, log: Path, start: int) -> int | None:
        if start != self.start:
            self.start, self.offset, self.latest = start, start, {}
        try:
            with Path(log).open("rb") as file:
                file.seek(self.offset)
                added = file.read()
        except OSError:
            return None
        whole = max(added.rfind(b"\r"), added.rfind(b"\n")) + 1   # a line still being written waits
        self.offset += whole
        for name, _, total in PROGRESS_LINE.findall(added[:whole].decode("utf-8", "replace")):
            self.latest[name] = int(total)
        return sum(self.latest.values()) if self.latest else None
