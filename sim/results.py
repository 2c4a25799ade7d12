"""Tables of a run: one row per replication, one per replication-month, and the event log."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from sim.config.schema import Config
from sim.results_schema import AMOUNTS, COUNTS, EVENT_COLUMNS, MONTHLY, SHARES, ReplicationOutput


@dataclass(slots=True)
class SimulationResult:
    """What `sim.simulate` returns; the same schema from every engine."""

    config: Config
    engine: str
    seed: int
    replications: pd.DataFrame  # one row per replication
    timeseries: pd.DataFrame    # one row per replication and month
    events: pd.DataFrame        # one row per event (SimPy engine; empty for numba)

    def summary(self) -> pd.DataFrame:
        return summarise(self.replications)


def assemble(outputs: list[ReplicationOutput], config: Config, engine: str, seed: int,
             month_labels: list[str]) -> SimulationResult:
    """Turn engine outputs (in replication order) into the three tables."""
    outputs = sorted(outputs, key=lambda o: o.replication)
    replications = replication_table(outputs)
    timeseries = monthly_table(outputs, month_labels)
    logged = [e for o in outputs if o.events for e in o.events]
    events = pd.DataFrame(logged, columns=list(EVENT_COLUMNS))
    events = events.astype({"replication": "int64", "time": "float64", "event": "string", "enterprise": "int64",
                            "hazard": "int64", "detail": "string", "value": "float64"})
    # a queued task that expired is logged at its deadline when the queue next reaches it, which can be
    # after later events were logged: order the log by time, keeping the logged order at equal times
    events = events.sort_values(["replication", "time"], kind="stable", ignore_index=True)
    return SimulationResult(config, engine, seed, replications, timeseries, events)


def replication_table(outputs: list[ReplicationOutput]) -> pd.DataFrame:
    """One row per replication (in the order given): its number, seed, counts and amounts."""
    rows = [{"replication": o.replication, "seed": o.seed, **o.counts, **o.amounts} for o in outputs]
    table = pd.DataFrame(rows, columns=["replication", "seed", *COUNTS, *AMOUNTS])
    return table.astype({name: "int64" for name in ("replication", "seed", *COUNTS)})


def monthly_table(outputs: list[ReplicationOutput], month_labels: list[str]) -> pd.DataFrame:
    """One row per replication and month (in the order given): the monthly series."""
    frames = []
    for o in outputs:
        frame = pd.DataFrame({name: o.monthly[name] for name in MONTHLY})
        frame.insert(0, "month", month_labels)
        frame.insert(0, "replication", o.replication)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["replication", "month", *MONTHLY])


def summarise(replications: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Mean and t-based confidence interval of every metric over replications (NaNs left out).

    The interval is cut at the metric's bounds (0 for every metric, 1 for shares): the true mean lies
    within them, so cutting never lowers the coverage, and a count is never shown below zero. With
    one replication there is no interval (NaN): one history says nothing of the spread.
    """
    rows = []
    for name in [c for c in replications.columns if c not in ("replication", "seed")]:
        values = replications[name].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        n = values.shape[0]
        mean = float(values.mean()) if n else np.nan
        sd = float(values.std(ddof=1)) if n > 1 else np.nan
        half = float(stats.t.ppf(0.5 + level / 2, n - 1) * sd / np.sqrt(n)) if n > 1 else np.nan
        low, high = max(mean - half, 0.0), mean + half
        if name in SHARES:
            high = min(high, 1.0)
        rows.append({"metric": name, "n": n, "mean": mean, "std": sd, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=["metric", "n", "mean", "std", "ci_low", "ci_high"])
