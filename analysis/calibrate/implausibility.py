"""Implausibility (Vernon, Goldstein & Bower 2010; Andrianakis et al. 2015): how many standard deviations
the record lies from what the model would give at a parameter set, counting every reason they may differ.

I(x) = |z - E[f(x)]| / sqrt(Var_emulator(x) + Var_observation + Var_stochastic(x) + Var_discrepancy)

z the record, E[f(x)] the emulator's mean (or, from direct runs, the replications' mean with its
Monte Carlo variance in place of the emulator's), Var_stochastic the variance of one county's recorded
mean at x (the model's own chance: a county is one realisation), Var_discrepancy the model's error at
its best parameters, an assumed fraction of the record: (discrepancy * z)^2. All on the scale the
emulator works on (log for counts, rates and amounts, logit for shares: analysis/calibrate/emulate.py),
each variance carried there by the delta method: on the records' own scale a count's emulator is
skewed, and a symmetric distance would let a county ten times deadlier than its records stand. A parameter set is
ruled out where the largest I over the targets exceeds the cutoff (3, after Pukelsheim's 3-sigma rule:
at least 95% of any unimodal distribution lies within 3 sd); with more than three targets the second
largest, so that one poorly emulated output does not rule out on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.calibrate.emulate import Emulator

CUTOFF = 3.0
DISCREPANCY = 0.10   # assumed: the model at its best parameters is within about 10% of what it describes
MOST_FOR_LARGEST = 3  # with more targets than this, the second largest implausibility decides


def implausibility(item: Emulator, mean: np.ndarray, variance: np.ndarray, discrepancy: float) -> np.ndarray:
    """I for `item`'s target at `mean` with its variance `variance` (the emulator's, or the Monte Carlo
    variance of direct runs), both on the emulator's scale. The record's observation error and
    discrepancy are carried there at the record, the stochastic variance at the model's value."""
    scale, target = item.scale, item.target
    model = scale.inverse(mean)
    total = (variance + scale.slope(target.value) ** 2 * (target.error**2 + (discrepancy * target.value) ** 2)
             + scale.slope(model) ** 2 * item.stochastic(model))
    return np.abs(scale.forward(target.value) - mean) / np.sqrt(np.maximum(total, 1e-300))


def deciding(values: np.ndarray) -> np.ndarray:
    """The implausibility that decides (float[n]) from every target's (float[n, targets]): the largest,
    or the second largest with more than MOST_FOR_LARGEST targets."""
    if values.shape[1] <= MOST_FOR_LARGEST:
        return values.max(axis=1)
    return np.sort(values, axis=1)[:, -2]


def rule_words(count: int) -> str:
    return "the largest" if count <= MOST_FOR_LARGEST else "the second largest"


def emulated(emulators: Sequence[Emulator], u: np.ndarray, discrepancy: float) -> np.ndarray:
    """float[n, targets]: each target's implausibility at positions `u` by one wave's emulators."""
    out = np.empty((len(u), len(emulators)))
    for k, item in enumerate(emulators):
        mean, variance = item.predict(u)
        out[:, k] = implausibility(item, mean, variance, discrepancy)
    return out


def direct(emulators: Sequence[Emulator], values: Sequence[np.ndarray], discrepancy: float) -> np.ndarray:
    """float[points, targets]: each target's implausibility from direct runs (values: per target,
    float[points, replications]), the stochastic variance as the emulators model it at the runs' mean."""
    out = np.empty((len(values[0]), len(emulators)))
    for k, (item, runs) in enumerate(zip(emulators, values, strict=True)):
        mean, monte_carlo = item.emulated(runs)
        out[:, k] = implausibility(item, mean, monte_carlo, discrepancy)
    return out
