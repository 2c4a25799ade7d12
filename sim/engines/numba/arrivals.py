"""Hazard candidates and self-inspections as time-ordered walks beside the event heap.

Candidate arrivals and self-inspections are most of a replication's events (about 70% in
`county_baseline`), and their times are known before they happen: a candidate's when the world is
drawn, a self-check's once its month is chosen. Pushing each through the heap costs a push and a pop
of O(log n); walking them in time order costs a comparison with the heap's top.

- Candidates: in (time, index) order, `W.candidate_order`, which the world brings along
  (`HazardCandidates.by_time`, from the O(M) bucket sort of `sim/world/ordering.py`).
- Self-checks: month by month, and within a month by day offset (enterprises sorted once by offset),
  taking the enterprises whose next self-check (`self_check_month`, set by `next_self_check`) is that
  month. A self-check always books a later month, so the walk never has to look back; offsets are
  shorter than any month (`SELF_CHECK_DAYS` = 28), so month order is time order.
"""

from __future__ import annotations

import numpy as np

from sim.engines.numba.kernel import kernel
from sim.world.population import SELF_CHECK_DAYS
from sim.world.schedules import SELF_CHECK_TIME_OF_DAY

assert SELF_CHECK_DAYS <= 28, "the self-check walk needs every offset inside the shortest month"


@kernel
def next_due_self_check(S, W, m, j):
    """From month index m and rank j in offset order on, the next enterprise due a self-check.

    Returns (m, j, time), time infinite when none is left.
    """
    order, month_start, firms = W.self_check_order, W.month_start, S.enterprises
    n = order.shape[0]
    while m < month_start.shape[0]:
        while j < n:
            firm = firms[order[j]]
            if firm.self_check_month == m:
                return m, j, month_start[m] + firm.self_check_offset + SELF_CHECK_TIME_OF_DAY
            j += 1
        m += 1
        j = 0
    return m, j, np.inf
