"""Hazard arrival, accident and death rules (MODEL.md §2)."""

from __future__ import annotations

import math

import numpy as np

GENERAL, MAJOR = 0, 1
# Severity classes by deaths (国务院493号令): 一般 < 3, 较大 3–9, 重大 10–29, 特别重大 >= 30.
SEVERITY_BOUNDS = (3, 10, 30)
SEVERITY_NAMES = ("ordinary", "larger", "major", "extraordinary")


def hazard_base_rate(sector_rate, workers, reference_workers, size_exponent, quality_effect, quality):
    """λ = λ_sector (w / w_ref)^α exp(-β (q - 0.5)): hazards/day before season and deterrence.

    Works on scalars and on numpy arrays alike.
    """
    return sector_rate * (workers / reference_workers) ** size_exponent * np.exp(-quality_effect * (quality - 0.5))


def deaths_of_accident(u_fatal: float, u_deaths: float, p_fatal: float, tail: float) -> int:
    """Deaths in one accident: none with probability 1 - p_fatal, else a discrete Pareto, P(D >= k) = k^-a."""
    if u_fatal >= p_fatal:
        return 0
    return int(math.floor((1.0 - u_deaths) ** (-1.0 / tail)))


def severity_class(deaths: int) -> int:
    """0 一般, 1 较大, 2 重大, 3 特别重大."""
    k = 0
    for bound in SEVERITY_BOUNDS:
        if deaths >= bound:
            k += 1
    return k
