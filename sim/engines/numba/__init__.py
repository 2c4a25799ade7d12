"""The numba engine: the model of the SimPy engine compiled as event-driven kernels for sweeps.

Its on-disk cache lives in a folder named after the kernels' sources (sim/engines/kernel_cache.py),
given to numba here, before any kernel module is imported.
"""

from __future__ import annotations

import numba
from sim.engines.kernel_cache import cache_dir

numba.config.CACHE_DIR = cache_dir()
