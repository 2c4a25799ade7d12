"""Inspection-resourcing simulator: hazards, inspections and accidents in a county.

Public API: `load_config` and `simulate`.

`simulate` is imported when first asked for (PEP 562): it brings pandas, scipy.stats and joblib,
which a process that only loads a config and runs the engine (a sweep's worker, the start-up of a
run) does not need, and which took about a second of every fresh process.
"""

from sim import checkpoint  # noqa: F401  (the snapshot of the code this process runs: at its first import of sim)
from sim.config import ConfigError, load_config

__all__ = ["ConfigError", "load_config", "simulate"]


def __getattr__(name: str):
    if name == "simulate":
        from sim.api import simulate

        return simulate
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
