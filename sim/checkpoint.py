"""Finished replications kept on disk while a run goes on, so an interrupted run loses none of them.

Replication r depends only on the model config, the engine, the seed and r (sim/streams.py), so a
replication finished before an interrupt is exactly the one the same run would compute again. Each
is kept as one file, written atomically, in a folder named by a digest of everything it depends on:
the validated config without its run-control keys (replications, n_jobs), the engine, the seed,
whether the event log is kept, the source of the `sim` package this process has loaded (not the
files on disk now: `source_digest`) and the versions of the libraries that draw and run it. The
same run started again finds them and runs only the rest; any change to the model, its code or its
libraries gives another folder, so a stale replication is never reused.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from sim.config.schema import Config
from sim.results_schema import ReplicationOutput

RUN_CONTROL = ("replications", "n_jobs")   # how much to run and how: not what a replication is
LIBRARIES = ("numpy", "numba", "simpy")
FOLDER = ".checkpoints"                     # beside a run's output folder
LOCK = ".lock"                              # held by the run that keeps replications in a folder
_held: dict[Path, int] = {}                 # folders this process has locked, and how deeply


class CheckpointBusy(RuntimeError):
    """Another process is running the same config, seed, engine and code into the same folder."""

    def __init__(self, folder: Path, holder: str) -> None:
        self.folder, self.holder = folder, holder
        super().__init__(f"another run of the same config, seed, engine and code is under way (process "
                         f"{holder or 'unknown'}) and keeps its replications in {folder}; wait for it to finish")


ROOT = Path(__file__).resolve().parent      # the sim package


def _snapshot(root: Path = ROOT) -> tuple[dict[str, bytes], str]:
    """The Python files of the `sim` package at `root` as they are on disk now: each one's content
    digest by path relative to the package, and the digest of them all (by relative path and content)."""
    files, whole = {}, hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        name, text = path.relative_to(root).as_posix(), path.read_bytes()
        files[name] = hashlib.sha256(text).digest()
        whole.update(name.encode())
        whole.update(text)
    return files, whole.hexdigest()


# The sim code this process runs is the code it imported, not what is on disk later: taken once, when
# `sim` is first imported here (sim/__init__ imports this module).
_IMPORTED, _LOADED = _snapshot()


def source_digest() -> str:
    """Digest of the `sim` code this process has loaded: every Python file of the package, by relative
    path and content, as it was when `sim` was first imported in this process.

    Not the files on disk now: a process (a warm Dask worker, a notebook) that imported `sim` before a
    file was edited still runs the old code, and its results must not be named by the new code's keys.
    """
    return _LOADED


def loaded_modules() -> frozenset[str]:
    """The names of the `sim` modules this process has imported so far."""
    return frozenset(name for name in sys.modules if name == "sim" or name.startswith("sim."))


def code_that_ran(modules_before: frozenset[str]) -> str:
    """The digest of the code that ran since `modules_before` were the `sim` modules loaded here:
    `source_digest()`, unless a module imported since then came from a file that changed after `sim`
    was imported; that process then runs a mix of two versions, and what is returned names it and is
    no digest of any checkout, so no result it made is kept under a key."""
    changed = []
    for name in sorted(loaded_modules() - modules_before):
        path = getattr(sys.modules.get(name), "__file__", None)
        if path is None:
            continue
        try:
            relative = Path(path).resolve().relative_to(ROOT).as_posix()
            now = hashlib.sha256(Path(path).read_bytes()).digest()
        except (OSError, ValueError):
            relative = now = None
        if now is None or _IMPORTED.get(relative) != now:
            changed.append(name)
    return _LOADED if not changed else f"{_LOADED} with {', '.join(changed)} imported after its file changed"


def run_key(config: Config, engine: str, seed: int, events: bool) -> str:
    """The digest that names a run's folder of finished replications."""
    model = dataclasses.asdict(config)
    for name in RUN_CONTROL:
        model.pop(name, None)
    model["engine"] = engine                # the argument, which is what runs, not config.engine
    model["seed"] = seed
    if config.population.register:   # the register's rows, not only its path: an edited file is another run
        from sim.county.register import file_digest

        model["register_digest"] = file_digest(Path(config.population.register))
    parts = {"model": model, "events": bool(events), "source": source_digest(),
             "libraries": {name: metadata.version(name) for name in LIBRARIES}}
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def interrupt_on_sigterm() -> None:
    """Make SIGTERM (a scheduler or `kill` stopping a run) stop it as Ctrl-C does.

    The command lines then leave the same state for both: the finished replications kept, no tables.
    """
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


class ReplicationStore:
    """One folder of finished replications of one run (`run_key`), one file each."""

    def __init__(self, root: str | Path, key: str):
        self.folder = Path(root) / key

    @contextlib.contextmanager
    def lock(self):
        """Hold the folder for this run: a second run of the same key, here or in another process, is
        refused (CheckpointBusy) instead of reading and writing the first one's replications.

        An advisory lock (flock) on a file in the folder: the system drops it when the holder dies,
        however it dies. Re-entrant within a process, so a command line can hold it around `simulate`.
        """
        key = self.folder.absolute()
        if key in _held:
            _held[key] += 1
            try:
                yield self
            finally:
                _held[key] -= 1
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            raise CheckpointBusy(self.folder, holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        _held[key] = 1
        try:
            yield self
        finally:
            del _held[key]
            os.close(fd)

    def _path(self, replication: int) -> Path:
        return self.folder / f"replication-{replication:06d}.pkl"

    def load(self, replications: Iterable[int]) -> dict[int, ReplicationOutput]:
        """The finished ones among `replications`; a file that cannot be read counts as not finished."""
        found = {}
        for r in replications:
            path = self._path(r)
            if not path.exists():
                continue
            try:
                with path.open("rb") as f:
                    output = pickle.load(f)
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                continue
            if isinstance(output, ReplicationOutput) and output.replication == r:
                found[r] = output
        return found

    def save(self, output: ReplicationOutput) -> None:
        """Write one replication: to a temporary file first, renamed into place when complete."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".replication-", suffix=".partial", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(output, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(output.replication))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def finished(self, replications: int) -> list[int]:
        """Which of replications 0 .. replications-1 have a file here (without reading them)."""
        return [r for r in range(replications) if self._path(r).exists()]

    def resuming_note(self, replications: int) -> str:
        """For the line that announces a run: how much of it an earlier, interrupted run finished."""
        n = len(self.finished(replications))
        return f"; {n} of them finished by an earlier run, kept in {self.folder}" if n else ""

    def interrupted_note(self, replications: int) -> str:
        """What an interrupt leaves: the replications finished so far, for the same command to pick up.

        An empty folder is removed, so an interrupt before the first replication leaves nothing. Call it
        while holding the lock, so the folder removed is not another run's.
        """
        n = len(self.finished(replications))
        if n == 0:
            self.remove()
            return "interrupted: nothing was written"
        return (f"interrupted: no tables were written; the {n} replication(s) finished so far are kept in "
                f"{self.folder}, and the same command runs only the rest")

    def remove(self) -> None:
        """Drop the folder once the run's results are written; its parent too if nothing else is in it.

        Call it while holding the lock (`lock`), so the folder removed is not another run's.
        """
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.parent.rmdir()
        except OSError:
            pass
