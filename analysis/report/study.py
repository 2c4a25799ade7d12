"""What a report is built from: a run's folder, a sweep's folder, or a folder holding several of them.

`python -m sim` (and the report commands) write a run's folder: `replications.parquet`,
`timeseries.parquet` and the config that ran in `.hydra/config.yaml`. `python -m sim.sweep` writes a
sweep's: `cells.parquet`, `timeseries.parquet`, `sweep.yaml`, `manifest.json`. A study folder (what
`make report` writes) holds one or more of either as subfolders. The report needs one picture of
"the county as it is" (its indicators, months, funnel, hours): the staffing sweep's reference cell
when there is one (the reference of every sweep is the county as its scenario files it), else the
first run that is not a field trial, else the first sweep's reference cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

import sim
from analysis.fitted_county import read_note
from analysis.report.one_county import check_one_county, run_part, sweep_part
from analysis.report.sensitivity_files import FOLDER as SENSITIVITY
from analysis.report.sensitivity_files import Sensitivity, read_sensitivity
from analysis.report.sweep_sections import DEATHS
from analysis.sweep_tables import Sweep, read_sweep
from sim.config.errors import ConfigError
from sim.config.loader import to_config
from sim.config.schema import Config

ARGUMENT = "RESULTS_DIR"


@dataclass(frozen=True, slots=True)
class Run:
    """A finished run: its tables and the config that ran (run settings included)."""

    folder: Path
    config: Config
    replications: pd.DataFrame
    timeseries: pd.DataFrame

    @property
    def years(self) -> float:
        return self.config.horizon_days / 365.25


@dataclass(frozen=True, slots=True)
class County:
    """The county as it is, from a run or a sweep's reference cell: replications, months and config."""

    config: Config
    replications: pd.DataFrame
    timeseries: pd.DataFrame
    engine: str
    seed: int
    folder: Path

    @property
    def years(self) -> float:
        return self.config.horizon_days / 365.25


@dataclass(frozen=True, slots=True)
class Study:
    """Every run and finished sweep found under a folder, sweeps by their name (staffing, regimes, ...),
    and the sensitivity analysis in its `sensitivity/` folder, if any (analysis.report.sensitivity_files)."""

    folder: Path
    runs: list[Run] = field(default_factory=list)
    sweeps: dict[str, Sweep] = field(default_factory=dict)
    sensitivity: Sensitivity | None = None
    fitted: dict | None = None   # the calibration the study's county was fitted by (analysis.fitted_county)

    @property
    def trial(self) -> Run | None:
        """The first run with the field trial switched on (analysis.field_trial), if any."""
        return next((run for run in self.runs if run.config.trial.enabled), None)

    def county(self) -> County:
        plain = [run for run in self.runs if not run.config.trial.enabled]
        if "staffing" in self.sweeps or not plain:
            sweep = self.sweeps.get("staffing") or next(iter(self.sweeps.values()), None)
            if sweep is not None:
                return reference_county(sweep)
        run = (plain or self.runs)[0]
        return County(run.config, run.replications, run.timeseries, run.config.engine, run.config.seed, run.folder)


def load_study(path: str | Path) -> Study:
    """The runs and sweeps in `path` (itself one, or its subfolders); ConfigError naming RESULTS_DIR
    when there is none, a sweep there has not finished, or they are not all of one scenario and
    county (analysis/report/one_county.py)."""
    folder = Path(path)
    if not folder.is_dir():
        raise ConfigError(ARGUMENT, str(path), "no such folder: name a run's, a sweep's or a study's folder "
                                               "(e.g. reports/default_study after make report)")
    candidates = [folder] if _is_results(folder) else sorted(p for p in folder.iterdir() if p.is_dir())
    study, found = Study(folder, sensitivity=read_sensitivity(folder / SENSITIVITY), fitted=read_note(folder)), []
    for candidate in candidates:
        if (candidate / "sweep.yaml").is_file() or (candidate / "chunks").is_dir():
            sweep = read_sweep(candidate)   # an unfinished sweep is refused with its own one line
            study.sweeps.setdefault(sweep.resolved.get("name", candidate.name), sweep)
            found.append(sweep)
        elif (candidate / "replications.parquet").is_file():
            found.append(read_run(candidate))
            study.runs.append(found[-1])
    if not found:
        raise ConfigError(ARGUMENT, str(path), "holds no run (replications.parquet) and no finished sweep "
                                               "(cells.parquet), nor a folder that does")
    if len(found) > 1:   # one report, one county: refused before any number is computed
        configs: dict = {}
        check_one_county(folder, ARGUMENT, [sweep_part(result, configs) if isinstance(result, Sweep)
                                            else run_part(result.folder, result.config) for result in found])
    for sweep in study.sweeps.values():
        if DEATHS not in sweep.cells.columns:
            raise ConfigError(ARGUMENT, str(sweep.folder), "a sweep written before expected deaths were reported; the "
                                                           "report compares options by them: run the sweep's command "
                                                           "again (its cells are run anew)")
    return study


def _is_results(folder: Path) -> bool:
    return any((folder / name).exists() for name in ("replications.parquet", "sweep.yaml", "chunks"))


def read_run(folder: Path) -> Run:
    """A run's folder as written by python -m sim or a report command."""
    recorded = folder / ".hydra" / "config.yaml"
    if not recorded.is_file():
        raise ConfigError(ARGUMENT, str(folder), "a run folder without .hydra/config.yaml (the config that ran)")
    try:
        config = to_config(OmegaConf.merge(OmegaConf.structured(Config), OmegaConf.load(recorded)))
        replications = pd.read_parquet(folder / "replications.parquet")
        timeseries = pd.read_parquet(folder / "timeseries.parquet")
    except (OSError, ValueError) as error:
        raise ConfigError(ARGUMENT, str(folder), f"cannot read the run's tables ({error})") from error
    return Run(folder, config, replications, timeseries)


def reference_county(sweep: Sweep) -> County:
    """The sweep's reference cell as a county: its rows and months, and the config it ran."""
    return cell_county(sweep, sweep.reference)


def cell_county(sweep: Sweep, number: int, months: pd.DataFrame | None = None) -> County:
    """Cell `number` of the sweep as a county (the workbench shows each level's indicators and months as
    the report shows today's); `months`, the sweep's timeseries.parquet when already read."""
    cell = next(c for c in sweep.resolved["cells"] if int(c["cell"]) == number)
    config = sim.load_config(sweep.resolved["scenario"], [*sweep.resolved["overrides"], *cell["overrides"]])
    rows = sweep.cells[sweep.cells.cell == number].reset_index(drop=True)
    if months is None:
        months_file = sweep.folder / "timeseries.parquet"
        months = pd.read_parquet(months_file) if months_file.is_file() else pd.DataFrame()
    if len(months):
        months = months[months.cell == number].drop(columns="cell").reset_index(drop=True)
    return County(config, rows, months, sweep.resolved["engine"], int(sweep.resolved["seed"]), sweep.folder)


def manifest(sweep: Sweep) -> dict:
    """The sweep's manifest.json (seed, workers, versions, git revision, seconds), {} when absent."""
    path = sweep.folder / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
