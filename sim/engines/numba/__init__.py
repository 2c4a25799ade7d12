"""The numba engine: the model of the SimPy engine compiled as event-driven kernels for sweeps.

numba's on-disk cache (`cache=True`) is invalidated only when a kernel's own file changes, not when
a constant it imports does (the column numbers in `layout.py`, the counter order of
`sim.results_schema`, a shared rule). So the cache lives in a folder named after a fingerprint of
every source file the kernels depend on: change any of them and the kernels are compiled afresh.
This must run before any kernel module is imported.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba

_SIM = Path(__file__).resolve().parents[2]
_SOURCES = sorted([*(_SIM / "engines" / "numba").glob("*.py"), *(_SIM / "rules").glob("*.py"),
                   _SIM / "results_schema.py", _SIM / "world" / "schedules.py"])


def _fingerprint() -> str:
    digest = hashlib.sha256(numba.__version__.encode())
    for path in _SOURCES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_dir() -> str:
    base = os.environ.get("NUMBA_CACHE_DIR") or str(Path.home() / ".cache" / "inspection-sim" / "numba")
    return str(Path(base) / _fingerprint())


numba.config.CACHE_DIR = _cache_dir()
