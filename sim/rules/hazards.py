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


def fatality_mean(tail: float) -> float:
    """Mean deaths of a fatal accident, E[D] = Σ_k P(D >= k) = Σ_k k^-a = ζ(a); infinite for a <= 1.

    The Riemann zeta function by Euler–Maclaurin summation: the first nine terms, then from the tenth
    on its integral, half its first term and four Bernoulli corrections; accurate to about 1e-12 for
    a > 1 (checked against scipy in the tests). Plain arithmetic, so numba could compile it too.
    """
    if tail <= 1.0:
        return math.inf
    n = 10.0
    total = 0.0
    for k in range(1, 10):
        total += k ** -tail
    a = tail
    total += n ** (1.0 - a) / (a - 1.0) + 0.5 * n ** -a
    total += a / 12.0 * n ** (-a - 1.0)
    total -= a * (a + 1.0) * (a + 2.0) / 720.0 * n ** (-a - 3.0)
    total += a * (a + 1.0) * (a + 2.0) * (a + 3.0) * (a + 4.0) / 30240.0 * n ** (-a - 5.0)
    total -= a * (a + 1.0) * (a + 2.0) * (a + 3.0) * (a + 4.0) * (a + 5.0) * (a + 6.0) / 1209600.0 * n ** (-a - 7.0)
    return total


def mean_deaths_of_accident(p_fatal: float, tail: float) -> float:
    """E[deaths | an accident], the mean of `deaths_of_accident` over its two uniforms: p_fatal ζ(a).

    An accident that kills nobody for sure (p_fatal = 0) has mean 0 whatever its tail.
    """
    return p_fatal * fatality_mean(tail) if p_fatal > 0.0 else 0.0


def serious_share_of_accidents(p_fatal: float, tail: float) -> float:
    """P[an accident is 较大 or worse], i.e. kills SEVERITY_BOUNDS[0] = 3 or more: p_fatal 3^-a."""
    return p_fatal * SEVERITY_BOUNDS[0] ** -tail


def expected_per_hazard_day(accident_rate: float, per_accident: float) -> float:
    """Expected deaths (or 较大及以上 accidents) per day an open hazard is exposed: κ × E[per accident];
    0 where the hazard never causes an accident, even when an accident's mean is infinite."""
    return accident_rate * per_accident if accident_rate > 0.0 else 0.0


def severity_class(deaths: int) -> int:
    """0 一般, 1 较大, 2 重大, 3 特别重大."""
    k = 0
    for bound in SEVERITY_BOUNDS:
        if deaths >= bound:
            k += 1
    return k
