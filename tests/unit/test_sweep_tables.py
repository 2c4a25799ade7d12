"""sim.sweep.tables.summary_table on a large sweep: the same numbers as cell-by-cell selection, in
seconds (a sensitivity analysis writes sweeps of hundreds of cells)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from sim.sweep.tables import interval, summary_table


def _naive(cells: pd.DataFrame, cell: int, reference: int, metric: str) -> tuple:
    """The obvious way: the cell's rows, and the replications both cells have, differenced."""
    mine = cells[cells.cell == cell].set_index("replication")[metric]
    theirs = cells[cells.cell == reference].set_index("replication")[metric]
    both = mine.index.intersection(theirs.index)
    return interval(mine.to_numpy(float)), interval((mine.loc[both] - theirs.loc[both]).to_numpy(float))


def test_summary_of_three_hundred_cells_is_quick_and_equals_cell_by_cell_selection():
    rng = np.random.default_rng(0)
    cells_count, replications, metrics = 300, 5, [f"m{k}" for k in range(40)]
    rows = pd.DataFrame({"cell": np.repeat(np.arange(cells_count), replications),
                         "replication": np.tile(np.arange(replications), cells_count)})
    rows = rows[~((rows.cell == 7) & (rows.replication == 4))]   # a cell a replication short (precision rounds)
    rows["seed"] = 0
    rows["label"] = "design=" + rows.cell.astype(str)
    rows["design"] = rows.cell.astype(str)
    for metric in metrics:
        rows[metric] = rng.poisson(5, len(rows)).astype(float)
    rows.loc[rows.index[3], "m1"] = np.nan
    labels = rows.drop_duplicates("cell")[["cell", "label", "design"]]
    started = time.perf_counter()
    table = summary_table(rows, labels, reference=2)
    assert time.perf_counter() - started < 10
    assert len(table) == cells_count * len(metrics)
    assert table.cell.tolist()[:len(metrics)] == [0] * len(metrics)   # cell by cell, metrics in order
    for cell, metric in ((0, "m0"), (7, "m3"), (0, "m1"), (299, "m39")):
        row = table[(table.cell == cell) & (table.metric == metric)].iloc[0]
        (mean, low, high), (diff, diff_low, diff_high) = _naive(rows, cell, 2, metric)
        assert (row["mean"], row.ci_low, row.ci_high) == (mean, max(low, 0.0), high)
        assert (row["diff"], row.diff_low, row.diff_high) == (diff, diff_low, diff_high)
