"""Inspection-resourcing simulator: hazards, inspections and accidents in a county.

Public API: `load_config` and `simulate`.
"""

from sim.api import simulate
from sim.config import ConfigError, load_config

__all__ = ["ConfigError", "load_config", "simulate"]
