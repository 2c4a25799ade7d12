"""Rectification, penalties and credit (MODEL.md §4)."""

from __future__ import annotations

# Credit states
GOOD, NORMAL, DISHONEST, BLACKLISTED = 0, 1, 2, 3
# Enterprise states
OPERATING, SUSPENDED, CLOSED = 0, 1, 2


def compliance(quality: float, credit: int, base: float, slope: float, dishonest_penalty: float) -> float:
    """c_i: probability the enterprise fixes a hazard by its deadline."""
    c = base + slope * (quality - 0.5)
    if credit >= DISHONEST:
        c -= dishonest_penalty
    return min(1.0, max(0.0, c))


def closes_after_failure(failure_times, now: float, window: float, failures_to_close: int) -> bool:
    """A failed major-hazard follow-up closes the enterprise when it is the k-th within the window.

    `failure_times` holds the times of all failures including this one.
    """
    recent = 0
    for t in failure_times:
        if now - t <= window:
            recent += 1
    return recent >= failures_to_close


def retrained_quality(quality: float, gain: float) -> float:
    """Quality after 约谈 and 再培训 following an accident, capped at 1."""
    return min(1.0, quality + gain)
