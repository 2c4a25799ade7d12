"""Check every value of a composed config against its field's rule and the cross-field rules."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from sim.config.campaign import phase_config
from sim.config.county_schema import SECTORS
from sim.config.errors import ConfigError
from sim.config.fields import RULES
from sim.config.model_schema import DISPATCH_MODES
from sim.config.regime_schema import KEY_PERIOD_NAMES
from sim.config.schema import ENGINES, Config

SHARE_TOLERANCE = 1e-6
DATA_SUFFIXES = (".csv", ".xlsx")


def validate(config: Config) -> Config:
    """Raise ConfigError at the first bad value; return the config unchanged when all is well."""
    _check_fields(config, "")
    _check_cross_fields(config)
    return config


def _check_fields(node: Any, prefix: str) -> None:
    for f in fields(node):
        key = f"{prefix}{f.name}"
        value = getattr(node, f.name)
        rule = f.metadata.get("rule", "any")
        _check_rule(key, value, rule)
        if is_dataclass(value):
            _check_fields(value, key + ".")
        elif isinstance(value, dict):
            for name, item in value.items():
                if is_dataclass(item):
                    _check_fields(item, f"{key}.{name}.")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if is_dataclass(item):
                    _check_fields(item, f"{key}[{i}].")


def check_value(key: str, value: Any, field) -> None:
    """A value set outside Hydra's typed config (a campaign phase's override): its type, then its rule."""
    kind = field.type if isinstance(field.type, str) else field.type.__name__
    wanted = {"bool": (bool,), "int": (int,), "float": (int, float)}.get(kind)
    if wanted is None:
        raise ConfigError(key, value, "is not a number or switch a phase can set")
    if not isinstance(value, wanted) or (kind != "bool" and isinstance(value, bool)):
        raise ConfigError(key, value, "must be " + {"bool": "true or false", "int": "a whole number",
                                                    "float": "a number"}[kind])
    _check_rule(key, value, field.metadata.get("rule", "any"))


def _check_rule(key: str, value: Any, rule: str) -> None:
    allowed = "must be " + RULES[rule]
    if rule == "optional_nonneg":
        if value is None:
            return
        rule = "nonneg"
    if rule in ("probability", "nonneg", "positive"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ConfigError(key, value, allowed)
        ok = {"probability": 0 <= value <= 1, "nonneg": value >= 0, "positive": value > 0}[rule]
        if not ok:
            raise ConfigError(key, value, allowed)
    elif rule in ("count", "positive_count"):
        if isinstance(value, bool) or not isinstance(value, int) or value < (rule == "positive_count"):
            raise ConfigError(key, value, allowed)
    elif rule == "date":
        parse_date(key, value)
    elif rule == "month_day":
        parse_month_day(key, value)
    elif rule == "shares":
        _check_shares(key, value)
    elif rule == "key_periods":
        for name in value:
            if name not in KEY_PERIOD_NAMES:
                raise ConfigError(key, name, f"unknown key period; known ones are {', '.join(KEY_PERIOD_NAMES)}")
    elif rule == "sectors":
        for name in value:
            if name not in SECTORS:
                raise ConfigError(key, name, f"unknown sector; known sectors are {', '.join(SECTORS)}")
    elif rule == "data_file" and value != "":
        check_data_file(key, value)


def check_data_file(key: str, value: Any, label: str | None = None) -> Path:
    """The file a data-file key (a county's register or records) names, or ConfigError naming the key and
    the value as written (`label`, when `value` is that value resolved): an existing .csv or .xlsx file."""
    written = value if label is None else label
    if not isinstance(value, str):
        raise ConfigError(key, written, "must be " + RULES["data_file"])
    path = Path(value).expanduser()
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ConfigError(key, written, "is an old-style Excel .xls file: save it as .xlsx (Excel workbook) or .csv "
                                        "(CSV UTF-8)")
    if suffix not in DATA_SUFFIXES:
        raise ConfigError(key, written, "must be " + RULES["data_file"])
    if path.is_dir():
        raise ConfigError(key, written, "is a folder, not a file: name a .csv or .xlsx file")
    if not path.is_file():
        elsewhere = not Path(str(written)).expanduser().is_absolute() and path != Path.cwd() / str(written)
        looked = f" (looked for {path})" if elsewhere else ""   # a scenario file's folder, not the working one
        raise ConfigError(key, written, f"no such file{looked}")
    return path


def _check_shares(key: str, shares: dict[str, float]) -> None:
    if not shares:
        raise ConfigError(key, shares, "must give the share of at least one sector")
    for name, share in shares.items():
        if name not in SECTORS:
            raise ConfigError(f"{key}.{name}", share, f"unknown sector; known sectors are {', '.join(SECTORS)}")
        _check_rule(f"{key}.{name}", share, "probability")
    total = sum(shares.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ConfigError(key, dict(shares), f"shares must sum to 1 (they sum to {total:.6g})")


def parse_date(key: str, value: Any) -> dt.date:
    """A YYYY-MM-DD string as a date, or ConfigError naming the key."""
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(value)):
            raise ValueError  # fromisoformat also takes 20200101 and week dates like 2020-W01-1
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(key, value, "must be a date written YYYY-MM-DD") from None


def parse_month_day(key: str, value: Any) -> tuple[int, int]:
    """An MM-DD string as (month, day), or ConfigError naming the key."""
    try:
        if not re.fullmatch(r"[0-9]{2}-[0-9]{2}", str(value)):
            raise ValueError  # fromisoformat would take W01-1 as a week date
        date = dt.date.fromisoformat(f"2000-{value}")  # a leap year, so 02-29 is allowed
    except ValueError:
        raise ConfigError(key, value, "must be a day of the year written MM-DD") from None
    return date.month, date.day


def simulated_days(config: Config) -> tuple[dt.date, dt.date]:
    """The first and last simulated day: `warmup_days` before `start_date`, then `horizon_days` from it.

    Refuses a warm-up or horizon that reaches outside the calendar (years 1 to 9999).
    """
    start = parse_date("start_date", config.start_date)
    try:
        first = start - dt.timedelta(days=config.warmup_days)
    except OverflowError:
        raise ConfigError("warmup_days", config.warmup_days, f"reaches before the year 1: at most "
                                                             f"{(start - dt.date.min).days} days before start_date "
                                                             f"{config.start_date}") from None
    try:
        last = start + dt.timedelta(days=config.horizon_days - 1)
    except OverflowError:
        raise ConfigError("horizon_days", config.horizon_days, f"reaches past the year 9999: at most "
                                                               f"{(dt.date.max - start).days + 1} days from start_date "
                                                               f"{config.start_date}") from None
    return first, last


def _check_cross_fields(config: Config) -> None:
    for name in config.sectors:
        if name not in SECTORS:
            raise ConfigError(f"sectors.{name}", name, f"unknown sector; known sectors are {', '.join(SECTORS)}")
    for name in config.population.sector_shares:
        if name not in config.sectors:
            raise ConfigError(f"population.sector_shares.{name}", name, "has no parameters under sectors")
    t = config.population.tier_thresholds
    if not t.red >= t.orange >= t.yellow:
        raise ConfigError("population.tier_thresholds", {"red": t.red, "orange": t.orange, "yellow": t.yellow},
                          "thresholds must satisfy red >= orange >= yellow")
    if config.inspectors.dispatch not in DISPATCH_MODES:
        raise ConfigError("inspectors.dispatch", config.inspectors.dispatch, f"must be one of {', '.join(DISPATCH_MODES)}")
    if config.engine not in ENGINES:
        raise ConfigError("engine", config.engine, f"must be one of {', '.join(ENGINES)}")
    first, last = simulated_days(config)
    _check_trial(config, last)
    previous_end = None
    for i, phase in enumerate(config.regimes.campaign.phases):
        key = f"regimes.campaign.phases[{i}]"
        start, end = parse_date(f"{key}.start", phase.start), parse_date(f"{key}.end", phase.end)
        if start > end:
            raise ConfigError(f"{key}.end", phase.end, f"must not be before start {phase.start}")
        if previous_end is not None and start <= previous_end:
            raise ConfigError(f"{key}.start", phase.start,
                              f"phases must be in date order and not overlap (the one before ends {previous_end})")
        previous_end = end
        if config.regimes.campaign.enabled and (start > last or end < first):
            # Wholly outside the simulated days it would change nothing; inside the warm-up it shapes the start.
            outside = (f"{key}.start", phase.start, "after") if start > last else (f"{key}.end", phase.end, "before")
            raise ConfigError(outside[0], outside[1],
                              f"the phase lies wholly {outside[2]} the simulated days, {first} to {last} "
                              f"(warmup_days {config.warmup_days} before start_date {config.start_date}, then "
                              f"horizon_days {config.horizon_days}), so it would change nothing: move it into them, "
                              f"lengthen the window, or switch the campaign off (regimes/campaign=off)")
        phase_config(config, dict(phase.overrides), key)
    for i, meeting in enumerate(config.regimes.key_periods.meetings):
        key = f"regimes.key_periods.meetings[{i}]"
        missing = {"name", "start", "end"} - set(meeting)
        if missing:
            raise ConfigError(key, dict(meeting), f"needs keys name, start, end (missing {', '.join(sorted(missing))})")
        extra = [name for name in meeting if name not in ("name", "start", "end")]
        if extra:
            raise ConfigError(f"{key}.{extra[0]}", meeting[extra[0]], "unknown key: a meeting has only name, start and end")
        if parse_date(f"{key}.start", meeting["start"]) > parse_date(f"{key}.end", meeting["end"]):
            raise ConfigError(f"{key}.end", meeting["end"], f"must not be before start {meeting['start']}")


def _check_trial(config: Config, last: dt.date) -> None:
    """A field trial (trial.enabled) needs its date in the measured window, two equal arms of enterprises
    the county has, and inspectors to make its checks."""
    trial = config.trial
    if not trial.enabled:
        return
    start = parse_date("start_date", config.start_date)
    date = parse_date("trial.date", trial.date)
    if not start <= date <= last:
        raise ConfigError("trial.date", trial.date,
                          f"must lie in the measured window, {start} to {last} (start_date {config.start_date}, "
                          f"horizon_days {config.horizon_days}), where the trial's outcomes are counted")
    if trial.firms < 2 or trial.firms % 2:
        raise ConfigError("trial.firms", trial.firms, "must be an even number >= 2: half of the firms go to each arm")
    if trial.firms > config.population.enterprises:
        raise ConfigError("trial.firms", trial.firms,
                          f"must be at most population.enterprises ({config.population.enterprises}): the trial "
                          "randomises the county's enterprises")
    if config.inspectors.count == 0:
        raise ConfigError("inspectors.count", 0, "a field trial (trial.enabled) needs inspectors to make its checks")
