"""Hydra's multirun syntax as a sweep: `python -m sim -m inspectors.count=10,20,30 [key=value ...]`.

For users who know Hydra: every override with several values (`a,b,c`, `range(0,30,10)`, a group such
as `regimes/whistleblower=on,off`) becomes an axis of a sweep, the others change the county in every
cell, and the run settings (`replications`, `seed`, `engine`, `n_jobs`) are the sweep's. It runs
through the sweep machinery (sim/sweep/), so it lands in the same tables as `python -m sim.sweep`
(cells.parquet, timeseries.parquet, summary.csv, sweep.yaml, manifest.json), paired across cells and resumable, in
`hydra.sweep.dir=DIR` or sweeps/multirun/<scenario>__<overrides>. The first cell is the reference.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException

from sim.config.errors import ConfigError
from sim.sweep.collisions import RUN_SETTINGS, refuse_command_line_collisions
from sim.sweep.load import Command, check_cells, default_sweep_folder
from sim.sweep.spec import build_spec

FLAGS = ("-m", "--multirun")


def is_multirun(argv: list[str]) -> bool:
    return any(arg in FLAGS for arg in argv)


def multirun_command(argv: list[str], default_jobs: int) -> Command:
    """The sweep a multirun command line describes, every cell checked; ConfigError for a mistake."""
    scenario, folder = "county_baseline", None
    raw: dict = {"name": "multirun", "axes": [], "replications": 1, "seed": 0, "engine": "simpy"}
    overrides, written = [], []
    for arg in (a for a in argv if a not in FLAGS):
        key, equals, value = arg.partition("=")
        key = key.strip()
        if not equals:
            raise ConfigError(arg, arg, "an argument must be written key=value; a key with several values a,b,c "
                                        "is swept")
        if key == "scenario":
            scenario = value
            continue
        if key in ("hydra.sweep.dir", "hydra.run.dir"):
            folder = Path(value)
            continue
        if key not in ("replications", "n_jobs"):   # how much to run does not name the folder
            written.append(arg)
        if key in RUN_SETTINGS:
            raw[key] = _typed(value)
            continue
        try:
            (parsed,) = OverridesParser.create().parse_overrides([arg])
        except HydraException as error:
            raise ConfigError(key, value, f"cannot be read as a Hydra override ({error})") from error
        if parsed.is_sweep_override():
            raw["axes"].append({"key": key, "values": [_typed(v) for v in parsed.sweep_string_iterator()]})
        else:
            overrides.append(arg)
    if not raw["axes"]:
        raise ConfigError("-m", " ".join(argv), "a multirun sweeps at least one key with several values, "
                                               "e.g. inspectors.count=10,20,30")
    spec = build_spec(raw, default_jobs)
    refuse_command_line_collisions(spec.axes, spec.overrides, overrides)
    configs = check_cells(spec, scenario, overrides)
    if folder is None:
        folder = default_sweep_folder("multirun", configs[0].name, written)
    return Command(spec, scenario, tuple(overrides), folder, tuple(configs))


def _typed(text: str):
    """'10' -> 10, 'true' -> True, 'on' -> 'on': the value as YAML reads it, a group option as written."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, (int, float, str)) and not isinstance(value, bool) else text
