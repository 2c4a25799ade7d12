"""A sensitivity analysis's folder (python -m analysis.sensitivity, docs/uncertainty.md) as the report
reads it: whichever of its tables are there, each checked for the columns the report reads.

The default study puts a screening in `<study>/sensitivity/`; a full analysis (screening, Sobol',
robustness) may be run into the same folder, part by part, and the report shows what it finds. The
tables come from separate commands, so each is read on its own: a missing table is a part not run
(the report says which command runs it), a table without a column the report reads is refused in one
line naming the file and the column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.config.errors import ConfigError

FOLDER = "sensitivity"   # the default study's (analysis.default_study)
# the staffing answer's quantity, and the one a screening from before the share was added gives instead
SHARE, DEATHS_AVERTED = "share_of_deaths_averted", "expected_deaths_averted"
COLUMNS = {
    "morris.csv": ("quantity", "factor", "mu_star", "mu_star_conf", "mc_low", "mc_high"),
    "sobol.csv": ("quantity", "factor", "S1", "S1_conf", "ST", "ST_conf"),
    "emulator_check.csv": ("quantity", "points", "q2", "coverage"),
    "robustness_best.csv": ("decision", "option", "p_parameters", "p_noise", "p_both", "recommended"),
    "robustness_rules.csv": ("decision", "rule", "points", "flipped", "to", "accuracy"),
    "robustness_intervals.csv": ("quantity", "default", "mc_low", "mc_high", "both_low", "both_median",
                                 "both_high", "points"),
    "calibration_fit.csv": ("record", "label", "recorded", "observation_error", "model_low", "model_high",
                            "prior_low", "prior_high"),
    "calibration_parameters.csv": ("key", "nroy_share"),
}


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The tables found in a sensitivity folder (None: that part has not been run into it)."""

    folder: Path
    manifest: dict = field(default_factory=dict)
    morris: pd.DataFrame | None = None
    sobol: pd.DataFrame | None = None
    emulator: pd.DataFrame | None = None
    best: pd.DataFrame | None = None
    rules: pd.DataFrame | None = None
    intervals: pd.DataFrame | None = None
    fit: pd.DataFrame | None = None              # the calibration's, when the robustness part ran over its sample
    fit_parameters: pd.DataFrame | None = None

    @property
    def quantity(self) -> str | None:
        """The staffing answer's quantity the screening gives: the share of deaths averted, else (a
        screening from before the share) the expected deaths averted; None without either."""
        if self.morris is None:
            return None
        found = set(self.morris.quantity)
        return next((q for q in (SHARE, DEATHS_AVERTED) if q in found), None)

    @property
    def robustness(self) -> dict:
        """The manifest's robustness settings ({} when absent): value_of_life, band, drawn, plausible."""
        return self.manifest.get("robustness") or {}


def read_sensitivity(folder: Path) -> Sensitivity | None:
    """The sensitivity analysis in `folder`, None when there is no such folder. ConfigError naming the
    file for a table that cannot be read or lacks a column the report reads."""
    if not folder.is_dir():
        return None
    manifest = {}
    if (folder / "manifest.json").is_file():
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(FOLDER, str(folder / "manifest.json"), f"cannot be read ({error})") from error
    tables = {name: _table(folder / name) for name in COLUMNS}
    return Sensitivity(folder, manifest, tables["morris.csv"], tables["sobol.csv"], tables["emulator_check.csv"],
                       tables["robustness_best.csv"], tables["robustness_rules.csv"],
                       tables["robustness_intervals.csv"], tables["calibration_fit.csv"],
                       tables["calibration_parameters.csv"])


def _table(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        table = pd.read_csv(path, keep_default_na=False, na_values=[""],
                            dtype={"option": str, "to": str, "rule": str, "decision": str, "label": str, "key": str})
    except (OSError, ValueError) as error:
        raise ConfigError(FOLDER, str(path), f"cannot be read as a table ({error})") from error
    missing = [c for c in COLUMNS[path.name] if c not in table.columns]
    if missing:
        raise ConfigError(FOLDER, str(path), f"has no column {missing[0]!r}; the report reads "
                                             f"{', '.join(COLUMNS[path.name])} (python -m analysis.sensitivity "
                                             "writes them: run it again into this folder)")
    if "recommended" in table:   # True/False as written, whatever pandas made of the column
        table["recommended"] = table["recommended"].astype(str).str.strip().str.lower() == "true"
    return table
