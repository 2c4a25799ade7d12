"""The inspectors' shared priority queue (MODEL.md §5): task kinds, order, hours and fitting.

Every working day, the inspector with the most hours left (ties: lowest index) takes the first
task of the queues open to them, in (priority, creation time, sequence) order, while they have
hours left that day; work that runs past the day's hours is carried into the next working days
(so a 6-hour check on a 4.8-hour day leaves 1.2 hours owed tomorrow, and no hour is wasted).
A task not started by its deadline (creation + max_wait) expires.
"""

from __future__ import annotations

INVESTIGATION, VERIFICATION, FOLLOWUP, TARGETED, EXPERT, DOUBLE_RANDOM = range(6)
TASK_KINDS = ("investigation", "verification", "followup", "targeted", "expert", "double_random")
PRIORITY = (0, 1, 2, 3, 3, 4)
# Who asked for a task: the core model (investigations, verification, follow-ups, reviews), a regime,
# or the simulated field trial (`trial`: its extra checks of the treated enterprises, docs/model.md §13).
# Append only: the numba engine's counters are indexed by position.
SOURCES = ("core", "double_random", "lead_monthly", "risk_based", "credit_based", "key_periods",
           "accident_triggered", "third_party", "trial", "annual_plan")
(CORE, FROM_DOUBLE_RANDOM, FROM_LEAD_MONTHLY, FROM_RISK_BASED, FROM_CREDIT_BASED, FROM_KEY_PERIODS,
 FROM_ACCIDENT_TRIGGERED, FROM_THIRD_PARTY, FROM_TRIAL, FROM_ANNUAL_PLAN) = range(len(SOURCES))
# Kinds an inspector of any territory takes under territorial dispatch.
SHARED_UNDER_TERRITORIAL = (INVESTIGATION,)
DISPATCH_TIME = 0.5  # tasks of a working day take effect at mid-day


def task_key(kind: int, created: float, sequence: int) -> tuple[int, float, int]:
    """Queue order: priority first, then first in, first out."""
    return (PRIORITY[kind], created, sequence)


def task_hours(base_hours: float, workers: float, reference_workers: float, exponent: float) -> float:
    """Hours of one task at an enterprise of this size."""
    return base_hours * (workers / reference_workers) ** exponent


def can_start(available: float) -> bool:
    """Whether an inspector with `available` hours left today may start another task."""
    return available > 0.0


def assignee(kind: int, owner: int, territorial: bool) -> int:
    """Who may take a task: an inspector index, or -1 for anyone."""
    if territorial and kind not in SHARED_UNDER_TERRITORIAL:
        return owner
    return -1
