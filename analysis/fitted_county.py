"""A county fitted to its records (`python -m analysis.calibrate`), as the default study runs it.

A calibration's folder holds the parameter sets that reproduce every record (`fitted.parquet`) and what
was fitted (`manifest.json`: the scenario, the county's overrides, the records). The default study with
`--fitted FOLDER` runs its sweeps at the best-fitting set (the smallest largest implausibility: the set
whose runs lie nearest every record at once), so the first page's figures, months and funnel are of a
county that reproduces the records; and its robustness part over every fitted set, so each headline's
"how robust" line and the step's interval combine what the records leave uncertain with the Monte Carlo
noise. `fitted.json` in the study's folder says so, for the report.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from sim.config.errors import ConfigError
from sim.io import write_text_atomic

KEY = "--fitted"
NOTE = "fitted.json"
NOT_PARAMETERS = ("point", "implausibility")


@dataclass(frozen=True, slots=True)
class FittedCounty:
    """What a calibration fitted, and its best-fitting parameter set."""

    folder: str
    scenario: str
    overrides: tuple[str, ...]   # the county's, as the calibration ran it (calibration.records included)
    ranges: tuple[str, ...]      # range.KEY=[low,high] the calibration changed, for the sample's analysis
    records: str                 # the records' path, "" for the published figures
    targets: tuple[str, ...]
    sets: int                    # parameter sets that reproduce every record
    best_point: int
    best_implausibility: float
    best: tuple[str, ...]        # key=value of the best set's parameters

    @property
    def sample(self) -> Path:
        return Path(self.folder) / "fitted.parquet"


def read_calibration(folder: str, scenario: str) -> FittedCounty:
    """The calibration in `folder`, checked: written by analysis.calibrate for the scenario named
    `scenario` (its `name`, as the calibration's manifest records it: the study's --scenario), with at
    least one fitted set; ConfigError (key --fitted) otherwise."""
    path = Path(folder)
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        table = pd.read_parquet(path / "fitted.parquet")
    except (OSError, ValueError):
        raise ConfigError(KEY, folder, "a folder written by python -m analysis.calibrate (its manifest.json and "
                                       "fitted.parquet)") from None
    if "overrides" not in manifest or "targets" not in manifest:
        raise ConfigError(KEY, folder, "a calibration that records the county it fitted: this one was written "
                                       "before calibrations did; run its command again (manifest.json: command)")
    if manifest.get("scenario") != scenario:
        raise ConfigError(KEY, folder, f"a calibration of {scenario}, which the default study runs (this one "
                                       f"fitted {manifest.get('scenario')})")
    if table.empty:
        raise ConfigError(KEY, folder, "a calibration that kept at least one parameter set (this one kept none: "
                                       "its summary.md says which record no set reproduces)")
    targets = tuple(manifest["targets"])
    best = table.loc[table.implausibility.idxmin()]
    parameters = [c for c in table.columns if c not in NOT_PARAMETERS and c not in targets]
    records = manifest.get("records_path", "")
    overrides = tuple(manifest["overrides"]) + ((f"calibration.records={records}",) if records else ())
    ranges = tuple(f"range.{k}=[{_written(low)},{_written(high)}]" for k, (low, high) in manifest.get("ranges", {}).items())
    return FittedCounty(str(path), scenario, overrides, ranges, records, targets, len(table), int(best.point),
                        float(best.implausibility), tuple(f"{key}={_written(best[key])}" for key in parameters))


def _written(value: float) -> str:
    """A value as an override writes it: whole numbers without a decimal point, others exactly."""
    number = float(value)
    return str(int(number)) if number.is_integer() and math.isfinite(number) else repr(number)


def write_note(study: Path, county: FittedCounty) -> None:
    """`fitted.json` in the study's folder: the report's line on what the county was fitted to."""
    note = {k: v for k, v in asdict(county).items() if k != "best"}
    note["parameters"] = len(county.best)
    write_text_atomic(study / NOTE, json.dumps(note, ensure_ascii=False, indent=2) + "\n")


def read_note(study: Path) -> dict | None:
    """The study's `fitted.json`, or None for a study of the scenario as it is."""
    try:
        return json.loads((study / NOTE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
