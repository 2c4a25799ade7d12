"""What a finished calibration says, for its study page: each record beside the model's range over the
fitted parameter sets (fit.csv, written by analysis.calibrate: the 2.5%, 50% and 97.5% points of the
sets' means) and over wave 1's design (the prior's), and how many sets fit every record (fitted.parquet)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def fit_rows(folder: Path) -> dict | None:
    """{"rows": [per record: record, label, recorded, error, error_from, model and prior (low, median,
    high), inside], "fitted": sets kept}, or None before the calibration has written fit.csv."""
    try:
        table = pd.read_csv(folder / "fit.csv")
        fitted = len(pd.read_parquet(folder / "fitted.parquet", columns=["point"]))
    except (OSError, ValueError, KeyError):
        return None
    rows = []
    for row in table.itertuples():
        model = (row.model_low, row.model_median, row.model_high)
        rows.append({"record": row.record, "label": row.label, "recorded": row.recorded,
                     "error": row.observation_error, "error_from": row.error_from,
                     "model": tuple(_number(v) for v in model),
                     "prior": tuple(_number(v) for v in (row.prior_low, row.prior_median, row.prior_high)),
                     "inside": None if pd.isna(row.model_low) else bool(row.model_low <= row.recorded <= row.model_high)})
    return {"rows": rows, "fitted": fitted}


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)
