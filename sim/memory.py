"""How much memory a run needs and how much this machine has, known before anything is built.

A county too large for the machine used to end in a traceback after minutes and gigabytes. The
estimate here is worked out from the config alone, without drawing a world, from the costs that
`python -m benchmarks.memory --write` measures (docs/performance.md, "Memory"): a fixed cost per
process, a cost per enterprise and one per hazard candidate (the arrays drawn up front in
`sim/world/nature.py`, whose expected number the config gives), and for the SimPy event log a cost
per row in the replication and in the process that keeps it until the tables are written.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

from sim.config.county_schema import DEFAULT_SECTOR_SHARES
from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.config.validate import parse_month_day

GB = 1e9
MIB = 1024 * 1024

# Measured by `python -m benchmarks.memory --write` on 2026-12-07 (docs/performance.md, "Memory"): the
# peak RSS of replications and of whole runs in fresh processes, fitted; the same run gives the ratio
# of `estimate_bytes` to each measured peak. A numba candidate costs its 80-byte record, its place in
# the time order and, for the ~44% that become hazards, a 128-byte hazard record and its events.
PROCESS = {"numba": 353 * MIB, "simpy": 287 * MIB}  # a process with sim and the engine loaded
POOL = 52 * MIB                 # joblib's helper processes beside its workers (loky's resource tracker)
PER_ENTERPRISE = {"numba": 1_042.0, "simpy": 3_957.0}  # bytes a replication takes per enterprise
PER_CANDIDATE = {"numba": 179.0, "simpy": 201.0}       # bytes per hazard candidate drawn up front
PER_REPLICATION_KEPT = 36_433.0  # bytes the calling process keeps per finished replication (no log)
LOG_ROWS_PER_CANDIDATE = 1.32   # SimPy event-log rows per hazard candidate of the measured window
PER_LOG_ROW_RUN = 189.0         # bytes per log row in the replication's process, pickling included
PER_LOG_ROW_KEPT = 450.0        # bytes per log row kept by the caller and made into the events table
HEADROOM = 1.25                 # the estimate is the sum of these costs times this, so it errs high


def expected_candidates(config: Config) -> float:
    """Expected hazard candidates of one replication: what `draw_hazard_candidates` draws, on average.

    Each enterprise draws Poisson(λ_i × season bound × span) candidates (sim/world/nature.py), with
    λ_i = rate (w / w_ref)^α exp(-β (q - 0.5)), w lognormal and q beta by sector; their means are
    closed forms, so nothing is drawn.
    """
    p = config.population
    shares = p.sector_shares or DEFAULT_SECTOR_SHARES  # empty: the default mix, as sim.config.loader reads it
    total = sum(shares.values())
    span = config.horizon_days + config.warmup_days
    seasons = _seasons_overlap(config)
    per_day = 0.0
    for name, share in shares.items():
        s = config.sectors[name]
        size = (s.workers_median / p.reference_workers) ** p.size_exponent * \
            math.exp((p.size_exponent * s.workers_sigma) ** 2 / 2.0)
        quality = _mean_exp_quality(s.quality_alpha, s.quality_beta, p.quality_effect)
        per_day += share / total * s.hazard_rate * size * quality * _season_bound(config, s, seasons)
    return p.enterprises * per_day * span


def _mean_exp_quality(a: float, b: float, beta: float) -> float:
    """E[exp(-β (q - 0.5))] for q ~ Beta(a, b): exp(-β/2) 1F1(b; a + b; β), by Kummer's series."""
    term = total = 1.0
    k = 0
    while term > 1e-15 * total and k < 10_000:
        term *= (b + k) / (a + b + k) * beta / (k + 1)
        total += term
        k += 1
    return math.exp(-beta / 2.0) * total


def _seasons_overlap(config: Config) -> bool:
    """Whether a day of the year is in both the flood season and winter (then their factors multiply)."""
    c = config.calendar
    flood = (parse_month_day("calendar.flood_season_start", c.flood_season_start),
             parse_month_day("calendar.flood_season_end", c.flood_season_end))
    winter = (parse_month_day("calendar.winter_start", c.winter_start),
              parse_month_day("calendar.winter_end", c.winter_end))
    days = [(m, d) for m in range(1, 13) for d in range(1, 32)]
    return any(_in_window(day, *flood) and _in_window(day, *winter) for day in days)


def _in_window(key: tuple[int, int], first: tuple[int, int], last: tuple[int, int]) -> bool:
    return first <= key <= last if first <= last else key >= first or key <= last


def _season_bound(config: Config, sector, overlap: bool) -> float:
    """The largest seasonal factor of a sector, an upper bound of `Scenario.season_max` (thinning bound)."""
    flood, winter = max(sector.flood_factor, 1.0), max(sector.winter_factor, 1.0)
    bound = flood * winter if overlap else max(flood, winter)
    if config.calendar.weather_alerts_per_year > 0 and config.calendar.weather_alert_days > 0:
        bound *= max(sector.weather_factor, 1.0)
    return bound


def log_rows(config: Config, engine: str, events: bool) -> float:
    """Expected SimPy event-log rows of one replication (the log covers the measured window only)."""
    if engine != "simpy" or not events:
        return 0.0
    measured = config.horizon_days / (config.horizon_days + config.warmup_days)
    return LOG_ROWS_PER_CANDIDATE * expected_candidates(config) * measured


def workers(config: Config, n_jobs: int) -> int:
    """Worker processes a run starts: none with one job or one replication (sim.api runs it in-process)."""
    return min(n_jobs, config.replications) if n_jobs > 1 and config.replications > 1 else 0


def estimate_bytes(config: Config, engine: str, n_jobs: int, events: bool) -> int:
    """Peak memory of a run of `config.replications` replications, in bytes, all its processes together.

    The calling process, plus with n_jobs > 1 a worker per job (no more than the replications), each
    holding the engine, a copy of the compiled world and one replication; the caller keeps every finished replication (with the
    SimPy event log, about 100,000 rows a county replication) until the tables are made. It errs high:
    the caller's own imports, already resident, are counted, and the sum is raised by HEADROOM.
    """
    fixed, per_enterprise = _linear(config, engine, n_jobs, events)
    return math.ceil(fixed + per_enterprise * config.population.enterprises)


def _linear(config: Config, engine: str, n_jobs: int, events: bool) -> tuple[float, float]:
    """The estimate as fixed bytes + bytes per enterprise (candidates and log rows grow with enterprises)."""
    n = max(config.population.enterprises, 1)
    candidates = expected_candidates(config) / n
    rows = log_rows(config, engine, events) / n
    replication = PER_ENTERPRISE[engine] + PER_CANDIDATE[engine] * candidates + PER_LOG_ROW_RUN * rows
    kept = config.replications * PER_LOG_ROW_KEPT * rows
    fixed = PROCESS[engine] + config.replications * PER_REPLICATION_KEPT
    k = workers(config, n_jobs)
    if k == 0:
        return HEADROOM * fixed, HEADROOM * (replication + kept)
    return HEADROOM * (fixed + POOL + k * PROCESS[engine]), HEADROOM * (k * replication + kept)


class MemoryUseWarning(ResourceWarning):
    """A run that takes more than half of the memory available, or may not fit in it."""


def check_memory(config: Config, engine: str, n_jobs: int, events: bool) -> str | None:
    """Refuse a run this machine cannot hold, before anything is built; warn of one that takes over half.

    Raises ConfigError on `population.enterprises` when even the estimate without its headroom (the
    measured costs, 0.98-1.16 times the measured peaks) exceeds `available_bytes()`: such a run would
    not fit. Returns a one-line warning when the estimate exceeds half of what is available (saying
    it may not fit when it exceeds all of it), else None.
    """
    need, have = estimate_bytes(config, engine, n_jobs, events), available_bytes()
    what = _described(config, engine, n_jobs, events)
    if need / HEADROOM > have:
        raise ConfigError("population.enterprises", config.population.enterprises,
                          f"the run needs about {_gb(need)} ({what}), this machine has {_gb(have)} available; "
                          + _advice(config, engine, n_jobs, events, have))
    if need > have:
        return (f"memory: the run needs about {_gb(need)} ({what}) and may not fit in the {_gb(have)} this "
                "machine has available; " + _advice(config, engine, n_jobs, events, have))
    if need > have / 2:
        return (f"memory: the run needs about {_gb(need)} ({what}), more than half of the {_gb(have)} "
                "this machine has available")
    return None


def _gb(n: float) -> str:
    return f"{n / GB:,.1f} GB" if n < 100 * GB else f"{n / GB:,.0f} GB"


def _described(config: Config, engine: str, n_jobs: int, events: bool) -> str:
    """What the estimate is for, in a few words."""
    r = config.replications
    text = (f"estimate for {config.population.enterprises:,} enterprises, {r:,} replication{'s' if r > 1 else ''} "
            f"on the {engine} engine")
    if log_rows(config, engine, events):
        text += " with its event log"
    k = workers(config, n_jobs)
    return text + (f", {k} worker processes each holding one" if k else "")


def _advice(config: Config, engine: str, n_jobs: int, events: bool, have: int) -> str:
    """What would fit: the most enterprises, and the other settings that cut the estimate."""
    fixed, per_enterprise = _linear(config, engine, n_jobs, events)
    most = int((have - fixed) / per_enterprise) if per_enterprise > 0 else 0
    if most >= 100:
        most -= most % 10 ** (len(str(most)) - 2)  # two significant figures, rounded down
    steps = [f"fewer enterprises (about {most:,} fit)" if most > 0 else "fewer enterprises"]
    if workers(config, n_jobs):
        steps.append("fewer n_jobs (each worker holds a replication)")
    if engine == "simpy":
        steps.append("engine=numba (less memory, and no event log to keep)")
    kept = HEADROOM * config.replications * (PER_REPLICATION_KEPT + PER_LOG_ROW_KEPT * log_rows(config, engine, events))
    if kept > estimate_bytes(config, engine, n_jobs, events) / 2:
        steps.append("fewer replications (the caller keeps each one until the tables are made)")
    return "try " + ", ".join(steps[:-1]) + (" or " if len(steps) > 1 else "") + steps[-1]


def available_bytes() -> int:
    """Bytes this process can still take: MemAvailable, or less where a cgroup's limit leaves less.

    Off Linux, the free physical memory sysconf reports, else the total; when nothing can be read,
    sys.maxsize, so that nothing is refused on a guess.
    """
    found = [x for x in (_meminfo_available(), _cgroup_available()) if x is not None]
    return min(found) if found else _sysconf_available()


def _meminfo_available(path: Path = Path("/proc/meminfo")) -> int | None:
    try:
        for line in path.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_available(proc: Path = Path("/proc/self/cgroup"), root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """What the memory limits of this process's cgroup (v2, or v1) leave: limit - (usage - inactive file)."""
    try:
        lines = proc.read_text().splitlines()
    except OSError:
        return None
    found = []
    for line in lines:
        hierarchy, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if hierarchy == "0" and controllers == "":
            for mount in (root, root / "unified"):
                found += [x for d in _up_to(mount, path) if (x := _v2_left(d)) is not None]
        elif "memory" in controllers.split(","):
            found += [x for d in _up_to(root / "memory", path)[:1] if (x := _v1_left(d)) is not None]
    return min(found) if found else None


def _up_to(mount: Path, path: str) -> list[Path]:
    """The cgroup's folder and its ancestors up to the mount (only the mount in a cgroup namespace)."""
    parts = [p for p in path.strip("/").split("/") if p]
    folders = [mount.joinpath(*parts[:k]) for k in range(len(parts), -1, -1)]
    return [f for f in folders if f.is_dir()]


def _v2_left(folder: Path) -> int | None:
    limit = _read_int(folder / "memory.max")
    if limit is None:
        return None
    used = _read_int(folder / "memory.current") or 0
    return max(0, limit - used + _stat(folder / "memory.stat", "inactive_file"))


def _v1_left(folder: Path) -> int | None:
    limit = _stat(folder / "memory.stat", "hierarchical_memory_limit") or _read_int(folder / "memory.limit_in_bytes")
    if limit is None or limit >= 1 << 60:  # v1 writes "no limit" as a page-rounded 2^63 - 1
        return None
    used = _read_int(folder / "memory.usage_in_bytes") or 0
    return max(0, limit - used + _stat(folder / "memory.stat", "total_inactive_file"))


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])  # "max" (v2: no limit) is not a number
    except (OSError, ValueError, IndexError):
        return None


def _stat(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == key:
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


def _sysconf_available() -> int:
    for name in ("SC_AVPHYS_PAGES", "SC_PHYS_PAGES"):
        try:
            return os.sysconf(name) * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            continue
    return sys.maxsize
