"""The report's appendix: what ran (scenario, every parameter that differs from the defaults with its
provenance, engine, seed, replications, software, run time) and how many parameters are assumed."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from importlib import metadata

from analysis.report.document import Block, Heading, Paragraph, Table
from analysis.report.language import Words
from analysis.report.study import County, Study, manifest
from sim.config.loader import DEFAULT_SECTOR_SHARES
from sim.config.schema import Config

SOFTWARE = ("numpy", "numba", "simpy", "pandas", "matplotlib", "fpdf2")
SHOWN_CHANGES = 40   # more than this and the rest are counted, not listed


def leaves(node, prefix: str = "") -> dict[str, tuple[object, str]]:
    """Every parameter of a config node: dotted key -> (value, its source as the schema gives it)."""
    out: dict[str, tuple[object, str]] = {}
    for f in fields(node):
        value = getattr(node, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(value):
            out.update(leaves(value, key + "."))
        else:
            out[key] = (value, f.metadata.get("source", ""))
    return out


def changed_parameters(config: Config) -> list[tuple[str, object, object, str]]:
    """(key, default, this study's value, source) of every model parameter not at its default."""
    defaults, mine = leaves(Config()), leaves(config)
    if defaults["population.sector_shares"][0] == {}:   # {} is the default mix, as loading writes it out
        defaults["population.sector_shares"] = (dict(DEFAULT_SECTOR_SHARES), defaults["population.sector_shares"][1])
    skip = ("name", "description", "sources", "engine", "replications", "seed", "n_jobs", "sectors")
    return [(key, defaults[key][0] if key in defaults else None, value, source)
            for key, (value, source) in mine.items()
            if key.split(".")[0] not in skip and (key not in defaults or defaults[key][0] != value)]


def assumed_count(config: Config) -> tuple[int, int]:
    """(assumed, all): parameters whose source is 'assumed', of all the config's parameters."""
    every = leaves(config)
    return sum(1 for _, source in every.values() if str(source).startswith("assumed")), len(every)


def appendix(study: Study, county: County, words: Words) -> list[Block]:
    config = county.config
    changes = changed_parameters(config)
    rows = tuple((key, _plain(default), _plain(value), source or "–") for key, default, value, source in
                 changes[:SHOWN_CHANGES])
    assumed, every = assumed_count(config)
    runs = [(words("appendix.sweep", name=name), str(sweep.folder), words.count(sweep.cells.replication.nunique()),
             _seconds(_compute_seconds(manifest(sweep)), words)) for name, sweep in study.sweeps.items()]
    runs += [(words("appendix.run_trial" if run.config.trial.enabled else "appendix.run"), str(run.folder),
              words.count(len(run.replications)), "–") for run in study.runs]
    blocks: list[Block] = [
        Heading(words("section.appendix"), "appendix"),
        Paragraph(words("appendix.scenario", scenario=config.name, description=config.description,
                        sources=", ".join(config.sources) or "–", engine=county.engine, seed=county.seed,
                        start=config.start_date, days=config.horizon_days, warmup=config.warmup_days)),
        Table(tuple(words(f"column.{c}") for c in ("result", "folder", "replications", "seconds")), tuple(runs),
              (False, False, True, True), words("table.results")),
        Paragraph(words("appendix.assumed", assumed=assumed, every=every)),
        Heading(words("appendix.changed"), "appendix_parameters", 2),
    ]
    if rows:
        blocks.append(Table(tuple(words(f"column.{c}") for c in ("key", "default", "value", "source_of")), rows,
                            (False, True, True, False),
                            words("table.changed", shown=len(rows), total=len(changes))))
    else:
        blocks.append(Paragraph(words("appendix.no_changes")))
    software = ", ".join(f"{name} {_version(name)}" for name in SOFTWARE)
    blocks.append(Paragraph(words("appendix.software", software=software)))
    return blocks


def _plain(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) or "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _compute_seconds(recorded: dict):
    """What the sweep's simulations took, whichever command ran them; a sweep written before the
    compute seconds were kept has only its last command's wall time, which a resume makes 0."""
    return recorded.get("compute_seconds", recorded.get("seconds"))


def _seconds(value, words: Words) -> str:
    return "–" if value is None else words.number(float(value), 0)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "–"
