"""Reading a scenario file: anything that is not a YAML mapping is refused with one line naming the file.

Read here, not by Hydra, so that a folder, an unreadable or non-UTF-8 file, a YAML syntax error
(a tab in the indentation, a key written twice; with its line and column) and a top level that is a
list or a single value are each refused as `scenario = '<file>': <what is wrong>`, and so that the
body can be checked against the schema (sim/config/shape.py) before Hydra merges it. A sweep file is
read the same way (`read_yaml`, sim/sweep/load.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from omegaconf._utils import get_yaml_loader

from sim.config.errors import ConfigError
from sim.config.shape import split_key


def read_scenario(path: Path, label: str) -> dict[str, Any]:
    """The body of the scenario file at `path` as plain data; `label` names it in errors."""
    if path.is_dir():
        raise ConfigError("scenario", label, "is a folder, not a scenario file: name a .yaml file")
    if not path.is_file():
        raise ConfigError("scenario", label, "no such scenario file")
    body = read_yaml(path, "scenario", label)
    if body is None:  # empty, or only comments
        return {}
    if not isinstance(body, dict):
        kind = "a list" if isinstance(body, list) else f"a single value ({body!r})"
        raise ConfigError("scenario", label, f"must be a mapping of keys to values at its top level "
                                             f"(name: ..., population: ...), not {kind}")
    return body


def read_yaml(path: Path, key: str, label: str) -> Any:
    """The YAML file at `path` as plain data; a file that cannot be read, is not UTF-8 or is not valid
    YAML (a key written twice included) is a ConfigError `{key} = '{label}': <what, and where>`.
    Shared by the scenario and sweep files, so both say the same of the same mistake."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(key, label, f"cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ConfigError(key, label, f"is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}): "
                                      "save it as UTF-8") from None
    try:
        return yaml.load(text, Loader=get_yaml_loader())  # OmegaConf.load's own safe loader, so Hydra's YAML
    except yaml.YAMLError as error:
        raise ConfigError(key, label, _yaml_problem(error, text)) from None


def written_in(body: Any, key: str) -> bool:
    """Whether a scenario body sets `key` (`population.sector_shares`, `regimes.campaign.phases[0].end`).

    A phase's `overrides` has config keys with dots as its keys, so the longest key that matches is taken.
    """
    return _find(body, split_key(key))


def _find(node: Any, parts: list[str]) -> bool:
    if not parts:
        return True
    if isinstance(node, list):
        index = parts[0]
        return index.isdigit() and int(index) < len(node) and _find(node[int(index)], parts[1:])
    if isinstance(node, dict):
        for n in range(len(parts), 0, -1):
            name = ".".join(parts[:n])
            if name in node:
                return _find(node[name], parts[n:])
    return False


def _yaml_problem(error: yaml.YAMLError, text: str) -> str:
    """What is wrong, in one line, with the line and column YAML stopped at."""
    mark = getattr(error, "problem_mark", None)
    problem = str(getattr(error, "problem", None) or error).strip()
    if isinstance(error, yaml.reader.ReaderError):   # a character YAML does not allow: no mark, a position
        before = text[:error.position]
        mark = yaml.Mark("", error.position, before.count("\n"), error.position - before.rfind("\n") - 1, None, None)
        code = error.character if isinstance(error.character, int) else ord(error.character[:1] or "\0")
        problem = f"unacceptable character #x{code:04x}: {error.reason}"
    line = f"line {mark.line + 1}" if mark else "a line"
    if "'\\t'" in problem:
        return f"{line} has a tab where YAML needs spaces: indent with spaces"
    if problem.startswith("found duplicate key"):
        key = problem.removeprefix("found duplicate key").strip()
        return f"the key {key} is written twice in one mapping (again on {line}): keep one"
    where = f" ({line}, column {mark.column + 1})" if mark else ""
    hint = ("; check the indentation there, and quote a value that holds ': ' or '#'"
            if problem.startswith(("mapping values are not allowed", "expected", "did not find expected",
                                   "could not find expected")) else "")
    return f"is not valid YAML: {problem}{where}{hint}"
