"""Where a config takes in the county's files: paths resolved, files checked, the register's counts set.

Called by the config loader (sim/config/loader.py, `to_config`) before validation, so a bad file is
refused like any bad value, before anything runs. The register wins over the scenario: with
`population.register` set, `population.enterprises` and `population.sector_shares` are the
register's, whatever the scenario file or the command line says, and the run's first lines say so
(`notes`). Paths become absolute, so the config a run records runs again from any folder.
"""

from __future__ import annotations

from pathlib import Path

from sim.config.schema import Config
from sim.county.records import KEY as RECORDS
from sim.county.records import load_records, records_headers
from sim.county.register import KEY as REGISTER
from sim.county.register import load_register

DRAWN = "safety-management quality, credit, self-check day, owner"


def attach(config: Config, scenario_folder: Path | None, written_in_file) -> None:
    """Resolve and read the county's files of `config`, in place: a ConfigError (BadRows for bad rows) if one
    is bad. `written_in_file(key)` says whether the scenario file, in `scenario_folder`, wrote the key: a
    relative path there is read from the file's folder, any other from the working directory."""
    population = config.population
    if population.register:
        path = _resolved(population.register, REGISTER, scenario_folder, written_in_file)
        register = load_register(str(path), label=population.register)
        population.register = str(path)
        population.enterprises = register.size
        population.sector_shares = register.shares()
    if config.calibration.records:
        path = _resolved(config.calibration.records, RECORDS, scenario_folder, written_in_file)
        load_records(str(path), label=config.calibration.records)
        config.calibration.records = str(path)


def notes(config: Config) -> list[str]:
    """The lines a run prints about the county's files: what the register replaced and what stays drawn,
    and that the records are read, for calibration."""
    lines = []
    if config.population.register:
        register = load_register(config.population.register)
        given = register.given()
        n = register.size
        read = ", ".join([f"sector ({n:,})"] + [f"{what} ({given[k]:,})" for k, what in
                                                 (("workers", "workers"), ("tier", "risk tier"),
                                                  ("key", "key enterprise")) if k in register.headers])
        lines.append(f"register: {n:,} enterprises in {len(register.counts())} sectors from {register.file}; they "
                     f"replace population.enterprises and population.sector_shares (the register wins); read: "
                     f"{read}; drawn as without a register: {DRAWN}"
                     + (", and what the register leaves blank" if _blanks(register) else ""))
    if config.calibration.records:
        table = load_records(config.calibration.records)
        headers, _ = records_headers(config.calibration.records)
        years = f"{table.year.min()}–{table.year.max()}" if len(table) else "no years"
        lines.append(f"records: {years}, {len(headers)} measure(s) ({', '.join(headers.values())}) from "
                     f"{config.calibration.records}, checked; python -m analysis.calibrate fits the model to "
                     "them")
    return lines


def _blanks(register) -> bool:
    given = register.given()
    return any(k in register.headers and given[k] < register.size for k in ("workers", "tier", "key"))


def _resolved(value: str, key: str, folder: Path | None, written_in_file) -> Path:
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = (folder if folder is not None and written_in_file(key) else Path.cwd()) / path
    return path.resolve()
