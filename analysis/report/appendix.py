"""The report's appendix: what ran (scenario, every parameter that differs from the defaults with its
provenance, engine, seed, replications, software, run time) and how many parameters are assumed.

Parameters are listed by their config keys, the names a scenario file or a command line sets them by
(docs/model.md lists them so), in either language; their values and sources are in the report's."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from importlib import metadata

from analysis.report.document import Block, Heading, Paragraph, Table
from analysis.report.language import Words
from analysis.report.provenance import source_text, sources_text
from analysis.report.study import County, Study, manifest
from sim.config.loader import DEFAULT_SECTOR_SHARES
from sim.config.schema import Config

SOFTWARE = ("numpy", "numba", "simpy", "pandas", "matplotlib", "fpdf2")
SHOWN_CHANGES = 40   # more than this and the rest are counted, not listed
# the scenario's identity and the run settings: not model parameters (no value of theirs is "assumed")
NOT_PARAMETERS = ("name", "title", "title_zh", "description", "description_zh", "sources", "engine", "replications",
                  "seed", "n_jobs")
TEXT_ONLY = ("targets.note",)   # words printed by analysis.scenario_report, not a setting


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
    skip = (*NOT_PARAMETERS, "sectors")
    return [(key, defaults[key][0] if key in defaults else None, value, source)
            for key, (value, source) in mine.items()
            if key.split(".")[0] not in skip and key not in TEXT_ONLY and (key not in defaults or defaults[key][0] != value)]


def assumed_count(config: Config) -> tuple[int, int]:
    """(assumed, all): parameters whose source is 'assumed', of all the config's model parameters."""
    every = {key: leaf for key, leaf in leaves(config).items() if key not in NOT_PARAMETERS + TEXT_ONLY}
    return sum(1 for _, source in every.values() if str(source).startswith("assumed")), len(every)


def appendix(study: Study, county: County, words: Words) -> list[Block]:
    config = county.config
    changes = changed_parameters(config)
    rows = tuple((key, _plain(default, words), _plain(value, words), source_text(source, words))
                 for key, default, value, source in changes[:SHOWN_CHANGES])
    assumed, every = assumed_count(config)
    runs = [(words("appendix.sweep", name=words.sweep(name)), str(sweep.folder), words.count(sweep.cells.replication.nunique()),
             _seconds(_compute_seconds(manifest(sweep)), words)) for name, sweep in study.sweeps.items()]
    runs += [(words("appendix.run_trial" if run.config.trial.enabled else "appendix.run"), str(run.folder),
              words.count(len(run.replications)), "–") for run in study.runs]
    blocks: list[Block] = [
        Heading(words("section.appendix"), "appendix"),
        Paragraph(words("appendix.scenario", scenario=words.scenario_title(config), name=config.name,
                        description=words.scenario_description(config), sources=sources_text(config.sources, words),
                        engine=county.engine, seed=county.seed,
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
    software = words("format.list").join(f"{name} {_version(name)}" for name in SOFTWARE)
    blocks.append(Paragraph(words("appendix.software", software=software)))
    return blocks


def _plain(value: object, words: Words) -> str:
    """A setting's value in the report's words: mappings as `name: value`, lists in brackets, a dated
    entry (a campaign phase, a meeting) as its name and dates, words (sectors, true/false) translated."""
    if _dated(value):
        get = value.get if isinstance(value, dict) else lambda k: getattr(value, k)
        return f"{words.value(get('name'))} {words('format.range', low=get('start'), high=get('end'))}"
    if isinstance(value, dict):
        return words("format.list").join(words("format.pair", name=words.value(k), value=_plain(v, words))
                                         for k, v in value.items()) or "{}"
    if isinstance(value, list | tuple):
        return "[" + words("format.list").join(_plain(v, words) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.6g}"
    return words.value(value)


def _dated(value: object) -> bool:
    names = ("name", "start", "end")
    return (isinstance(value, dict) and all(k in value for k in names)) or (
        is_dataclass(value) and all(hasattr(value, k) for k in names))


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
