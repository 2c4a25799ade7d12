"""Read a sweep command: the sweep file, its `sweep.*` overrides, the scenario and the county overrides.

Everything is checked here, before any work: the sweep spec (sim/sweep/spec.py), what the command
line sets against what the sweep sets (sim/sweep/collisions.py), and every cell's config
(sim.load_config), so a typo in the last cell of a long sweep stops it at once, not hours in.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.config.errors import ConfigError
from sim.config.scenario_file import read_yaml
from sim.sweep.budget import priced
from sim.sweep.collisions import RUN_SETTINGS, refuse_command_line_collisions
from sim.sweep.spec import SweepSpec, build_spec, plain_name

ROOT = Path(__file__).resolve().parents[2]
SWEEP_DIR = ROOT / "conf" / "sweep"
FOLDER = Path("sweeps")
HOW_TO_RUN = ("replications", "n_jobs", "backend", "scheduler", "chunk", "precision")


@dataclass(frozen=True, slots=True)
class Command:
    spec: SweepSpec
    scenario: str
    overrides: tuple[str, ...]
    folder: Path
    configs: tuple  # every cell's validated Config, in cell order


def available_sweeps() -> list[str]:
    return sorted(p.stem for p in SWEEP_DIR.glob("*.yaml"))


def read_sweep(name: str) -> dict[str, Any]:
    """The content of conf/sweep/<name>.yaml, or of the sweep file at the path `name`."""
    path = Path(name).expanduser()
    if not (name.endswith((".yaml", ".yml")) or path.is_file()):
        path = SWEEP_DIR / f"{name}.yaml"
        if not path.is_file():
            raise ConfigError("sweep", name, f"unknown sweep; available: {', '.join(available_sweeps())}, or a "
                                             "path to a sweep file")
    if not path.is_file():
        raise ConfigError("sweep", name, "no such sweep file")
    content = read_yaml(path, "sweep", name)
    return content if content is not None else {}


def apply_override(raw: dict[str, Any], key: str, written: str) -> None:
    """Set `sweep.<key>` (dotted; a number indexes a list) to the YAML value `written`."""
    try:
        value = yaml.safe_load(written) if written.strip() else None
    except yaml.YAMLError:
        value = written
    parts = key.split(".")
    node: Any = raw
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise ConfigError(f"sweep.{key}", written, f"{'.'.join(parts[:i]) or 'the list'} has entries "
                                                           f"0 to {len(node) - 1}")
            if last:
                node[int(part)] = value
            else:
                node = node[int(part)]
            continue
        if not isinstance(node, dict):
            raise ConfigError(f"sweep.{key}", written, f"sweep.{'.'.join(parts[:i])} holds a value, not keys")
        rest = ".".join(parts[i:])
        if rest in node or (parts[:i] == ["reference"]):   # an axis named by a dotted config key
            node[rest] = value
            return
        if last:
            node[part] = value
        else:
            node = node.setdefault(part, {})


def parse_command_line(argv: list[str], default_jobs: int) -> Command:
    """The Command the arguments describe, checked through; ConfigError for the first mistake."""
    sweep_name, scenario, run_dir = None, "county_baseline", None
    sweep_overrides: list[tuple[str, str]] = []
    overrides: list[str] = []
    for arg in argv:
        key, equals, value = arg.partition("=")
        key = key.strip()
        if not equals:
            raise ConfigError(arg, arg, "an argument must be written key=value (sweep=NAME, scenario=NAME, "
                                        "sweep.KEY=VALUE, hydra.run.dir=DIR or any config key); see python -m "
                                        "sim.sweep --help")
        if key == "sweep":
            sweep_name = value
        elif key == "scenario":
            scenario = value
        elif key == "hydra.run.dir":
            if not value.strip():
                raise ConfigError("hydra.run.dir", value, "a folder for the sweep's tables")
            run_dir = Path(value)
        elif key.startswith("sweep."):
            sweep_overrides.append((key[len("sweep."):], value))
        elif key in RUN_SETTINGS:
            raise ConfigError(key, value, f"a sweep's run settings are sweep keys: write sweep.{key}={value}")
        elif key.startswith("hydra."):
            raise ConfigError(key, value, "the sweep takes hydra.run.dir only")
        else:
            overrides.append(arg)
    if sweep_name is None:
        raise ConfigError("sweep", None, f"name the sweep: sweep=NAME, one of {', '.join(available_sweeps())}")
    raw = copy.deepcopy(read_sweep(sweep_name))
    if not isinstance(raw, dict):
        raise ConfigError("sweep", sweep_name, "a sweep file is a mapping of keys (conf/sweep/*.yaml)")
    for key, value in sweep_overrides:
        apply_override(raw, key, value)
    spec = build_spec(raw, default_jobs)
    refuse_command_line_collisions(spec.axes, spec.overrides, overrides)
    spec = priced(spec, scenario, overrides)
    configs = check_cells(spec, scenario, overrides)
    if run_dir is None:
        # how much and where to run is not what the cells are: a longer run of the same sweep finds its chunks
        shaping = [f"sweep.{k}={v}" for k, v in sweep_overrides if k.split(".")[0] not in HOW_TO_RUN]
        run_dir = default_sweep_folder(spec.name, configs[0].name, [*overrides, *shaping])
    return Command(spec, scenario, tuple(overrides), run_dir, tuple(configs))


def default_sweep_folder(sweep: str, scenario_name: str, written: list[str]) -> Path:
    """sweeps/<sweep>/<scenario name>[__<overrides>]: a fixed place, so the same command finds its chunks.
    The scenario's `name` must be a plain folder name too, or the folder would leave sweeps/."""
    from sim.io import default_folder

    name = plain_name("name", scenario_name, "sweeps/<sweep>/<name>, from the scenario's name")
    return default_folder(FOLDER / sweep / name, written)


def check_cells(spec: SweepSpec, scenario: str, overrides: list[str]) -> list:
    """Every cell's config (a bad key or value in any cell is refused now), after checking the
    outcome is a metric runs report."""
    from sim.results_schema import AMOUNTS, COUNTS
    from sim.sweep.run import cell_configs

    if spec.outcome not in (*COUNTS, *AMOUNTS):
        raise ConfigError("sweep.outcome", spec.outcome, "a metric of replications.parquet, such as deaths, "
                                                         "expected_deaths, accidents or expected_accidents")
    return cell_configs(spec, scenario, overrides)
