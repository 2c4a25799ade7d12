"""Worker processes that die with the run that started them.

joblib's loky workers outlive their parent when it is killed outright (`kill -9`, the out-of-memory
killer): they sit idle for minutes, each holding a copy of the compiled county. A worker here
watches its parent process and ends itself within a second of the parent's death. The watch is a
thread that polls `os.getppid()`, which changes the moment the parent dies (the orphan is adopted),
even while the dead parent is still a zombie; a kernel holding the GIL delays it to the kernel's end.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 0.5
_watched_parent: int | None = None


def watch_parent() -> None:
    """Start, once per process, the thread that ends this process when its parent dies."""
    global _watched_parent
    if _watched_parent is not None:
        return
    _watched_parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, args=(_watched_parent,), name="watch-parent", daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def in_worker(run_replication, scenario, seed: int, replication: int, log_events: bool):
    """One replication in a worker process, the worker watching its parent first."""
    watch_parent()
    return run_replication(scenario, seed, replication, log_events)
