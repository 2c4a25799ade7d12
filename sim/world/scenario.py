"""Config -> compiled scenario: sector tables, calendar and regime schedules as plain arrays.

Everything here is independent of the replication; `population.py` and `nature.py` add what
depends on (seed, replication). Both engines run from exactly these arrays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from sim.config.campaign import phase_config
from sim.config.county_schema import SECTORS
from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.config.validate import parse_date, parse_month_day
from sim.county.register import Register, load_register
from sim.rules.hazards import (
    expected_per_hazard_day,
    mean_deaths_of_accident,
    serious_share_of_accidents,
)
from sim.world.calendar import Calendar, build_calendar
from sim.world.schedules import (
    blacklist_publications,
    double_random_periods,
    key_period_ends,
    plan_years,
    third_party_days,
)

TIERS = ("red", "orange", "yellow", "blue")
CREDIT = ("good", "normal", "dishonest", "blacklisted")


@dataclass(slots=True)
class SectorTable:
    """One entry per sector of the scenario, in `names` order (arrays of length S)."""

    names: tuple[str, ...]
    labels_zh: tuple[str, ...]
    counts: np.ndarray            # int64[S]: enterprises per sector
    industrial: np.ndarray        # bool[S]: counts in the 工矿商贸 rate
    workers_median: np.ndarray
    workers_sigma: np.ndarray
    quality_alpha: np.ndarray
    quality_beta: np.ndarray
    base_risk: np.ndarray
    hazard_rate: np.ndarray       # hazards/day at w_ref and q = 0.5
    p_major: np.ndarray
    accident_rate: np.ndarray     # float[S, 2]: per open hazard-day, [general, major]
    p_fatal: np.ndarray           # float[S, 2]
    fatality_tail: np.ndarray
    # float[S, 2]: per open hazard-day, [general, major]: κ × the mean deaths of its accident, and κ × the
    # chance its accident is 较大 or worse (sim.rules.hazards): `expected_deaths`, `expected_serious_accidents`
    death_rate: np.ndarray
    serious_rate: np.ndarray
    flood_factor: np.ndarray
    winter_factor: np.ndarray
    weather_factor: np.ndarray    # float[S]: on extreme-weather alert days; > 1: exposed


@dataclass(slots=True)
class Scenario:
    """A compiled scenario: what both engines need, independent of the replication."""

    config: Config
    sectors: SectorTable
    calendar: Calendar
    season: np.ndarray              # float[S, days]: hazard-rate multiplier by sector and calendar day
    season_max: np.ndarray          # float[S]: the largest multiplier, weather alerts included: the thinning bound
    double_random_starts: np.ndarray  # float[P]: start day of each double-random period
    double_random_ends: np.ndarray    # float[P]: first day after each period
    surge_sectors: np.ndarray         # bool[2, S]: sectors a key-period surge checks, by group (schedules.SURGE_*)
    key_period_ends: np.ndarray       # int64[days]: end of the holiday/meeting window a day is in, or -1
    third_party_days: np.ndarray      # float[days]: purchased third-party inspector-days worked each day
    month_starts: np.ndarray          # int64[Mo, 2]: (day, month of year) of each month's first day
    publishes: np.ndarray             # bool[Mo]: the credit list is published on that month's first day
    plan_years: np.ndarray            # float[Y, N_PY]: the annual plan's years (schedules.plan_years)
    plan_year_of_day: np.ndarray      # int64[days]: the plan year each calendar day lies in, -1 before the first
    start: dt.date
    first_day: int                  # -warmup_days
    horizon: int                    # measured window is [0, horizon)
    n_months: int
    trial_day: int                  # the field trial's date as a day number (used only when trial.enabled)
    phases: list = field(default_factory=list)  # (start day, first day after, config inside) per campaign phase
    register: Register | None = None   # the county's register (population.register), None: enterprises drawn
    register_sector: np.ndarray | None = None  # int64[N]: each register row's sector as an index into `sectors`


def compile_scenario(config: Config) -> Scenario:
    """Compile a validated config into arrays."""
    start = parse_date("start_date", config.start_date)
    cal = config.calendar
    calendar = build_calendar(
        start, config.warmup_days, config.horizon_days,
        (parse_month_day("calendar.flood_season_start", cal.flood_season_start),
         parse_month_day("calendar.flood_season_end", cal.flood_season_end)),
        (parse_month_day("calendar.winter_start", cal.winter_start),
         parse_month_day("calendar.winter_end", cal.winter_end)),
    )
    register = load_register(config.population.register) if config.population.register else None
    sectors = _sector_table(config, register)
    season = (1.0 + (sectors.flood_factor[:, None] - 1.0) * calendar.flood[None, :]) * \
             (1.0 + (sectors.winter_factor[:, None] - 1.0) * calendar.winter[None, :])
    starts, ends = double_random_periods(config, calendar)
    month_starts = _month_starts(calendar)
    years, year_of_day = plan_years(calendar, month_starts, config.horizon_days)
    last = start + dt.timedelta(days=config.horizon_days - 1)
    season_max = season.max(axis=1) if season.shape[1] else np.ones(len(sectors.names))
    if cal.weather_alerts_per_year > 0 and cal.weather_alert_days > 0:
        season_max = season_max * np.maximum(sectors.weather_factor, 1.0)
    key = config.regimes.key_periods
    surge_sectors = np.stack([np.array([n in key.sectors for n in sectors.names], dtype=bool),
                              sectors.weather_factor > 1.0])
    return Scenario(
        config=config, sectors=sectors, calendar=calendar, season=season, season_max=season_max,
        double_random_starts=starts, double_random_ends=ends, surge_sectors=surge_sectors,
        key_period_ends=key_period_ends(config, calendar),
        third_party_days=third_party_days(config, calendar),
        month_starts=month_starts, publishes=blacklist_publications(config, calendar, month_starts),
        plan_years=years, plan_year_of_day=year_of_day, start=start,
        first_day=-config.warmup_days, horizon=config.horizon_days,
        n_months=(last.year - start.year) * 12 + last.month - start.month + 1,
        trial_day=(parse_date("trial.date", config.trial.date) - start).days,
        phases=_campaign_phases(config, start), register=register,
        register_sector=None if register is None else _sector_index(sectors.names)[register.sector],
    )


def _campaign_phases(config: Config, start: dt.date) -> list:
    """Each phase of an enabled campaign as (start day, first day after, the config inside it)."""
    campaign = config.regimes.campaign
    if not campaign.enabled:
        return []
    return [((parse_date("start", p.start) - start).days, (parse_date("end", p.end) - start).days + 1,
             phase_config(config, dict(p.overrides), f"regimes.campaign.phases[{i}]"))
            for i, p in enumerate(campaign.phases)]


def _sector_index(names: tuple[str, ...]) -> np.ndarray:
    """int64[len(SECTORS)]: the index in `names` of each of the model's sectors (-1 for one not there)."""
    index = np.full(len(SECTORS), -1, dtype=np.int64)
    for i, name in enumerate(names):
        index[SECTORS.index(name)] = i
    return index


def _register_counts(config: Config, register: Register, names: tuple[str, ...]) -> np.ndarray:
    """The register's enterprises per sector of `names`; the config must carry the register's counts and
    shares, as sim.load_config makes it (sim/county/attach.py)."""
    counts = register.counts()
    shares = config.population.sector_shares
    if (config.population.enterprises != register.size or set(counts) != set(names)
            or any(abs(shares[n] - counts[n] / register.size) > 1e-9 for n in names)):
        raise ConfigError("population.register", config.population.register,
                          f"has {register.size} enterprises in the sectors {', '.join(counts)}, but the config's "
                          "population.enterprises and sector_shares are not the register's: load the config with "
                          "sim.load_config, which takes them from the register")
    return np.array([counts[n] for n in names], dtype=np.int64)


def _sector_table(config: Config, register: Register | None = None) -> SectorTable:
    names = tuple(config.population.sector_shares)
    params = [config.sectors[n] for n in names]
    shares = np.array([config.population.sector_shares[n] for n in names])
    column = lambda attr: np.array([getattr(p, attr) for p in params], dtype=float)  # noqa: E731
    return SectorTable(
        names=names,
        labels_zh=tuple(p.label_zh or n for p, n in zip(params, names, strict=True)),
        counts=(largest_remainder(shares, config.population.enterprises) if register is None
                else _register_counts(config, register, names)),
        industrial=np.array([p.industry_mining_commerce for p in params]),
        workers_median=column("workers_median"), workers_sigma=column("workers_sigma"),
        quality_alpha=column("quality_alpha"), quality_beta=column("quality_beta"),
        base_risk=column("base_risk"), hazard_rate=column("hazard_rate"), p_major=column("p_major"),
        accident_rate=np.stack([column("accident_rate_general"), column("accident_rate_major")], axis=1),
        p_fatal=np.stack([column("p_fatal_general"), column("p_fatal_major")], axis=1),
        fatality_tail=column("fatality_tail"), death_rate=_per_hazard_day(params, mean_deaths_of_accident),
        serious_rate=_per_hazard_day(params, serious_share_of_accidents), flood_factor=column("flood_factor"),
        winter_factor=column("winter_factor"), weather_factor=column("weather_factor"),
    )


def _per_hazard_day(params: list, per_accident) -> np.ndarray:
    """float[S, 2]: κ × `per_accident(p_fatal, tail)` per sector, [general, major]: what an open hazard
    adds each day it is exposed to the mean of a count of its accidents (deaths, 较大及以上 accidents)."""
    table = np.zeros((len(params), 2))
    for s, p in enumerate(params):
        for c, kind in enumerate(("general", "major")):
            table[s, c] = expected_per_hazard_day(getattr(p, f"accident_rate_{kind}"),
                                                  per_accident(getattr(p, f"p_fatal_{kind}"), p.fatality_tail))
    return table


def _month_starts(calendar: Calendar) -> np.ndarray:
    """(day, month of year) of the first day of every month the calendar covers."""
    days = np.flatnonzero(calendar.day_of_month == 1) + calendar.first_day
    return np.array([(int(d), calendar.date(int(d)).month) for d in days], dtype=np.int64).reshape(-1, 2)


def largest_remainder(shares: np.ndarray, total: int) -> np.ndarray:
    """Whole counts that sum to `total` and are as close as possible to `shares * total`."""
    exact = shares / shares.sum() * total
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts
