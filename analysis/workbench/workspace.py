"""The workspace folder: every file the workbench reads or writes lies inside it.

A name that comes from the page (a scenario's, an upload's, a study's, a report file's) is taken
only when it is one plain name, so no path the page sends can leave the folder: not `..`, not an
absolute path, not a name with a separator. `inside` checks the resolved path once more, so a
symbolic link planted in the workspace cannot lead out of it either.
"""

from __future__ import annotations

import re
from pathlib import Path

# letters (Chinese ones too), digits, _ and -, starting with a letter or digit; at most 60 characters
NAME = re.compile(r"[^\W_][\w-]{0,59}")
# a scenario's name: Latin letters, digits, _ and - only, since the command line's loader (Hydra's override
# grammar, `scenario=file:<name>`) takes no other characters in a scenario file's name
SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")
UPLOAD_SUFFIXES = (".csv", ".xlsx")


class OutsideWorkspace(ValueError):
    """A name or path from the page that would leave the workspace, or is not a plain name."""


def plain_name(name: str, what: str) -> str:
    """`name` if it is one plain name (letters, digits, _ and -), else OutsideWorkspace naming `what`."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise OutsideWorkspace(f"{what} = {name!r}: must be one plain name of letters, digits, _ and - (at most 60), "
                               "without /, \\ or dots")
    return name


def upload_name(filename: str) -> str:
    """A safe file name for an upload: its plain stem and its suffix (.csv or .xlsx), else OutsideWorkspace."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in UPLOAD_SUFFIXES:
        raise OutsideWorkspace(f"file = {filename!r}: must be a .csv or .xlsx file")
    stem = re.sub(r"[^\w-]+", "_", stem).strip("_")[:60] or "file"
    return plain_name(stem, "file") + f".{suffix.lower()}"


class Workspace:
    """The workspace folder and its three parts: scenarios/, uploads/ and studies/."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        for part in ("scenarios", "uploads/register", "uploads/records", "studies"):
            (self.root / part).mkdir(parents=True, exist_ok=True)

    @property
    def scenarios(self) -> Path:
        return self.root / "scenarios"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @property
    def studies(self) -> Path:
        return self.root / "studies"

    def inside(self, path: Path) -> Path:
        """`path` resolved, or OutsideWorkspace when it does not lie in the workspace."""
        resolved = Path(path).resolve()
        if resolved != self.root and self.root not in resolved.parents:
            raise OutsideWorkspace(f"{path}: lies outside the workspace {self.root}")
        return resolved

    def scenario_file(self, name: str) -> Path:
        if not isinstance(name, str) or not SCENARIO_NAME.fullmatch(name):
            raise OutsideWorkspace(f"name = {name!r}: must be one plain name of Latin letters, digits, _ and - (at "
                                   "most 60), as the command line takes in a scenario file's name")
        return self.inside(self.scenarios / f"{name}.yaml")

    def study_folder(self, name: str) -> Path:
        return self.inside(self.studies / plain_name(name, "study"))

    def saved_scenarios(self) -> list[str]:
        return sorted(p.stem for p in self.scenarios.glob("*.yaml") if SCENARIO_NAME.fullmatch(p.stem))

    def uploaded(self, kind: str) -> list[str]:
        """The uploaded files of one kind ('register' or 'records'), by name."""
        folder = self.uploads / kind
        return sorted(p.name for p in folder.iterdir() if p.suffix in UPLOAD_SUFFIXES and NAME.fullmatch(p.stem))

    def upload_path(self, kind: str, name: str) -> Path:
        if kind not in ("register", "records"):
            raise OutsideWorkspace(f"kind = {kind!r}: must be register or records")
        stem, _, suffix = name.rpartition(".")
        if f".{suffix}" not in UPLOAD_SUFFIXES:
            raise OutsideWorkspace(f"file = {name!r}: must be a .csv or .xlsx file")
        return self.inside(self.uploads / kind / f"{plain_name(stem, 'file')}.{suffix}")
