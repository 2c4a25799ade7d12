"""General and specific deterrence (MODEL.md §6)."""

from __future__ import annotations

import math

LN2 = math.log(2.0)
DAYS_PER_YEAR = 365.0


def decay(elapsed: float, half_life: float) -> float:
    """exp(-ln2 elapsed / half_life): what is left of a weight after `elapsed` days."""
    return math.exp(-LN2 * elapsed / half_life)


def pressure_increment(weight: float, half_life: float, enterprises: int) -> float:
    """Jump of a sector's perceived pressure (inspections per enterprise-year) at one inspection.

    With this kernel a steady rate of r inspections per enterprise-year holds the pressure at r.
    """
    if enterprises <= 0:
        return 0.0
    return weight * LN2 / half_life * DAYS_PER_YEAR / enterprises


def general_multiplier(pressure: float, g_max: float, scale: float) -> float:
    """D_general = 1 - g_max (1 - exp(-pressure / π_0))."""
    return 1.0 - g_max * (1.0 - math.exp(-pressure / scale))


def specific_multiplier(since_penalty: float, strength: float, half_life: float) -> float:
    """1 - s decay(since last penalty); 1 when the enterprise was never penalised (since = inf)."""
    if since_penalty == math.inf:
        return 1.0
    return 1.0 - strength * math.exp(-LN2 * since_penalty / half_life)  # decay(); rules call no rules (numba)


def order_increment(orders: int) -> float:
    """What one government check adds to its enterprise's order pressure: 1 when it issued at least one
    rectification order (责令限期整改), whatever their number, else 0."""
    return 1.0 if orders > 0 else 0.0


def order_pressure(pressure: float, since_update: float, half_life: float) -> float:
    """The enterprise's order pressure `since_update` days after it was `pressure`: halves every
    `half_life` days."""
    if pressure == 0.0:
        return 0.0
    return pressure * math.exp(-LN2 * since_update / half_life)  # decay(); rules call no rules (numba)


def order_multiplier(pressure: float, strength: float, scale: float) -> float:
    """D_order = 1 - strength (1 - exp(-P_order / scale)): saturating, like the general term."""
    return 1.0 - strength * (1.0 - math.exp(-pressure / scale))
