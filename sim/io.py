"""A run's tables and config on disk, all or nothing, never over another run's (finished replications
before that: sim/checkpoint.py).

An output folder is checked before the work starts (`OutputFolder.check`): it must be writable, and
it must not hold files that are not a run's, nor, when the user named it, another config's results.
The tables are staged in a hidden folder beside it and moved into place in one rename once complete;
a rename onto a folder that is not empty fails, so two runs cannot mix their files. A folder taken
meanwhile by a run of another config is kept, and this run's results go to the next free name
(`<name>_2`, ...), unless the folder is the command's own default for this scenario, which a newer
report replaces. Results of the same config are replaced.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from omegaconf import OmegaConf

from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.results import SimulationResult

TABLES = ("replications.parquet", "timeseries.parquet", "events.parquet", "summary.csv")
RECORDED = Path(".hydra") / "config.yaml"   # the config a run ran, run settings included
MACHINE_SETTINGS = ("n_jobs",)              # recorded, but results do not depend on them
TAKEN = (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR)
SLUG_LENGTH = 80                            # characters of the overrides in a default folder's name
SWEEP_FILES = ("sweep.yaml", "cells.parquet", "chunks")   # what marks a sweep's folder (python -m sim.sweep)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def config_yaml(config: Config) -> str:
    """The config as recorded beside a run's tables; it loads again as a scenario file."""
    return OmegaConf.to_yaml(OmegaConf.structured(config))


def _comparable(tree: dict) -> dict:
    return {key: value for key, value in tree.items() if key not in MACHINE_SETTINGS}


def differences(recorded: dict, config: dict, prefix: str = "") -> list[tuple[str, object, object]]:
    """(key, recorded value, this value) of every leaf where two config trees differ."""
    found = []
    for key in sorted(set(recorded) | set(config), key=str):
        a, b = recorded.get(key), config.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            found += differences(a, b, f"{prefix}{key}.")
        elif a != b:
            found.append((f"{prefix}{key}", a, b))
    return found


@dataclasses.dataclass(slots=True, kw_only=True)
class OutputFolder:
    """Where a command writes a run, and what it may do with what is already there.

    `key` names the setting that chose it (hydra.run.dir, --out) for error messages; `chosen`: the
    user named it (a run of another config there is refused); `replace_other`: the command's own
    default folder for this scenario and overrides, where a newer run replaces an older one.
    """

    path: Path
    key: str
    chosen: bool
    replace_other: bool = False

    def holder(self, config: Config, path: Path | None = None) -> str:
        """What `path` (default: the folder) holds: 'free', 'same' config, 'other' config or 'files'."""
        path = self.path if path is None else path
        if not path.exists():
            return "free"
        if not path.is_dir():
            return "files"
        if not any(path.iterdir()):
            return "free"
        recorded = self.recorded(path)
        if recorded is None:
            return "files"
        return "same" if not differences(_comparable(recorded), _comparable(_tree(config))) else "other"

    @staticmethod
    def recorded(path: Path) -> dict | None:
        """The config recorded in a run's folder, or None where there is no readable one."""
        try:
            tree = OmegaConf.to_container(OmegaConf.load(path / RECORDED))
        except Exception:  # missing, unreadable or not YAML: not a run's folder
            return None
        return tree if isinstance(tree, dict) else None

    def check(self, config: Config) -> str:
        """Before any work: refuse a folder this run cannot or must not write (ConfigError naming
        the key); return a note for the announcement when earlier results will be replaced."""
        where = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(self.key, where, "is a file; give a folder for the run's tables")
        check_writable(self.key, self.path)
        held = self.holder(config)
        if held == "files" and any((self.path / name).exists() for name in SWEEP_FILES):
            raise ConfigError(self.key, where, "holds a sweep's tables (python -m sim.sweep), not a run's; give "
                                               "another folder, so that the run's tables are not mixed with them")
        if held == "files":
            raise ConfigError(self.key, where, "holds files that are not a run's results; give a new or empty "
                                               "folder, so that the run's tables are not mixed with them")
        if held == "other" and self.chosen:
            raise ConfigError(self.key, where, "holds the results of a run of another config ("
                              + _described(differences(_comparable(self.recorded(self.path)),
                                                       _comparable(_tree(config)))) +
                              "); give another folder, or remove that one")
        if held == "same":
            return f"; replaces the results of the same config in {where}"
        if held == "other":
            return f"; replaces the earlier results of another config in {where}"
        return ""


def _tree(config: Config) -> dict:
    return OmegaConf.to_container(OmegaConf.structured(config))


def _described(changes: list[tuple[str, object, object]], most: int = 3) -> str:
    shown = "; ".join(f"{key}: {a!r} there, {b!r} here" for key, a, b in changes[:most])
    return shown + (f"; and {len(changes) - most} more" if len(changes) > most else "")


def check_writable(key: str, path: Path) -> None:
    """The folder's nearest existing ancestor must be a folder this process can create files in.

    Probed by creating a file, not by permission bits: they say nothing of read-only file systems
    and everything is allowed to root.
    """
    ancestor = path
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ConfigError(key, str(path), f"cannot write there: {ancestor} is a file")
    try:
        with tempfile.TemporaryFile(dir=ancestor):
            pass
    except OSError as error:
        raise ConfigError(key, str(path), f"cannot write there ({error.strerror or error})") from None


def write_run(folder: OutputFolder, result: SimulationResult, overrides: list[str],
              files: dict[str, str] | None = None) -> Path:
    """Write the run's tables, its config (`result.config`, what ran) and `files` (name -> text).

    Everything is first written to a temporary folder beside the target; only when every file is
    complete is it moved into place, so an error or an interrupt leaves no half-written output.
    Returns the folder written: `folder.path`, or the next free name if a run of another config took
    it while this one ran (see the module docstring).
    """
    target = folder.path
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    staging.chmod(0o777 & ~_umask())
    try:
        result.replications.to_parquet(staging / "replications.parquet", index=False)
        result.timeseries.to_parquet(staging / "timeseries.parquet", index=False)
        result.events.to_parquet(staging / "events.parquet", index=False)
        result.summary().to_csv(staging / "summary.csv", index=False)
        for name, text in (files or {}).items():
            (staging / name).write_text(text, encoding="utf-8")
        hydra_dir = staging / ".hydra"
        hydra_dir.mkdir()
        (hydra_dir / "config.yaml").write_text(config_yaml(result.config))
        (hydra_dir / "overrides.yaml").write_text(OmegaConf.to_yaml(OmegaConf.create(list(overrides))))
        return _move_into_place(staging, folder, result.config)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging: Path, folder: OutputFolder, config: Config) -> Path:
    """Rename the staged folder to the target; each step is one atomic rename, so racing writers
    each see the other's complete folder, never half of it."""
    target, suffix = folder.path, 1
    while not _renamed(staging, target):
        held = folder.holder(config, target)
        if held == "same" or (held == "other" and folder.replace_other and target == folder.path):
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.replaced-", dir=target.parent))
            try:
                with contextlib.suppress(FileNotFoundError):   # gone already: another writer moved it
                    os.rename(target, aside / "old")
                if _renamed(staging, target):
                    break
            finally:
                shutil.rmtree(aside, ignore_errors=True)
        elif held != "free":
            suffix += 1
            target = folder.path.with_name(f"{folder.path.name}_{suffix}")
    return target


def _renamed(source: Path, target: Path) -> bool:
    """Rename `source` to `target`; False where the target is taken (a folder not empty, or a file)."""
    try:
        os.rename(source, target)
    except OSError as error:
        if error.errno not in TAKEN:
            raise
        return False
    return True


def default_folder(base: Path, overrides: list[str]) -> Path:
    """`base`, or for a run with overrides `base__<the overrides>`: runs of one scenario with
    different overrides never share a folder. A long list is cut and ends in a digest of all of it."""
    if not overrides:
        return base
    slug = "__".join(re.sub(r"[^A-Za-z0-9._=,+-]", "_", item.replace("/", ".")) for item in overrides)
    if len(slug) > SLUG_LENGTH:
        digest = hashlib.sha256("\n".join(overrides).encode()).hexdigest()[:10]
        slug = f"{slug[:SLUG_LENGTH - 11]}-{digest}"
    return base.with_name(f"{base.name}__{slug}")


def write_atomic(path: Path, write) -> None:
    """Write a file whole or not at all: `write(staging_path)` writes a hidden file beside `path`,
    which then replaces it in one rename, so a reader or a kill never sees half of it.

    An OSError (a full disk) names `path`, whatever file the writer was at (libraries such as pyarrow
    name none), so the command can say which file could not be written."""
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(staging)
        os.replace(staging, path)
    except OSError as error:
        if error.filename not in (None, str(staging), staging):
            raise
        raise OSError(error.errno, error.strerror or str(error), str(path)) from error
    finally:
        staging.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """`write_atomic` of a UTF-8 text."""
    write_atomic(path, lambda staging: staging.write_text(text, encoding="utf-8"))
