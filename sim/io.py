"""A run's tables and config on disk, all or nothing (finished replications before that: sim/checkpoint.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from sim.results import SimulationResult


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


TABLES = ("replications.parquet", "timeseries.parquet", "events.parquet", "summary.csv")


def write_run(directory: str | Path, result: SimulationResult, config: DictConfig, overrides: list[str]) -> Path:
    """Write the run's files into `directory` atomically.

    Everything is first written to a temporary folder beside the target; only when every file is
    complete are they moved into place, so an error or an interrupt leaves no half-written output.
    """
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    staging.chmod(0o777 & ~_umask())
    try:
        result.replications.to_parquet(staging / "replications.parquet", index=False)
        result.timeseries.to_parquet(staging / "timeseries.parquet", index=False)
        result.events.to_parquet(staging / "events.parquet", index=False)
        result.summary().to_csv(staging / "summary.csv", index=False)
        hydra_dir = staging / ".hydra"
        hydra_dir.mkdir()
        (hydra_dir / "config.yaml").write_text(OmegaConf.to_yaml(config))
        (hydra_dir / "overrides.yaml").write_text(OmegaConf.to_yaml(OmegaConf.create(list(overrides))))
        if not target.exists():
            os.replace(staging, target)
            return target
        for item in staging.iterdir():
            destination = target / item.name
            if destination.is_dir():
                shutil.rmtree(destination)
            os.replace(item, destination)
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)
