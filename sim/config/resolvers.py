"""Interpolations the config files may use: `${cores:}`, the cores this process may run on."""

from __future__ import annotations

import os

from omegaconf import OmegaConf


def usable_cores() -> int:
    """Cores this process may use: its CPU affinity where the system has one (a scheduler's share)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def register_resolvers() -> None:
    OmegaConf.register_new_resolver("cores", usable_cores, replace=True)
