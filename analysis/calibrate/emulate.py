"""One wave's emulator of one target: the model's mean at any parameter set, with its uncertainty,
and the model's own stochastic variance there.

- Active inputs: a Gaussian process cannot learn 192 inputs from a hundred runs. The few that explain
  the output are chosen by forward selection of a linear regression on all of them (each step adds
  the input that most reduces the residual sum of squares), stopped by the extended BIC (Chen & Chen
  2008: penalty log n + 2 log d per input, so that among d candidates one that fits noise by chance is
  not taken) or at `most`. The GP (analysis/sensitivity/emulator.py, ARD length scales) is fitted on
  those; what the others do is left to its white-noise term, a nugget that widens its predictions.
- Scale: counts, amounts and rates are emulated as log(y + c) (their effects multiply and their
  range over the priors spans an order of magnitude), shares as logit(y), and a target may ask for
  its own (`Target.emulated_on`: hazards found a check is on the log scale, its published range
  spanning a factor of 3.7); implausibility is judged on the same scale
  (analysis/calibrate/implausibility.py), where the emulator's errors are near normal.
- Stochastic variance: the variance of one replication's value across replications, modelled as
  a power of the mean, log var = a + b log(mean + c), fitted on the wave's points (b = 1 is Poisson);
  it also gives each point's Monte Carlo variance for the GP, steadier than a few replications' own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.calibrate.targets import Target
from analysis.sensitivity import emulator

SHARE_CLIP = 1e-4   # a share of 0 or 1 is emulated as this far inside


@dataclass(frozen=True, slots=True)
class Scale:
    """The scale a target is emulated and judged on: log(y + offset), logit(y), or y itself."""

    kind: str          # log, logit or identity
    offset: float = 0.0

    def forward(self, y):
        y = np.asarray(y, dtype=float)
        if self.kind == "logit":
            p = np.clip(y, SHARE_CLIP, 1 - SHARE_CLIP)
            return np.log(p / (1 - p))
        if self.kind == "log":
            return np.log(np.maximum(y, 0.0) + self.offset)
        return y

    def slope(self, y):
        """d forward / dy, to carry a variance onto this scale (the delta method)."""
        y = np.asarray(y, dtype=float)
        if self.kind == "logit":
            p = np.clip(y, SHARE_CLIP, 1 - SHARE_CLIP)
            return 1.0 / (p * (1 - p))
        if self.kind == "log":
            return 1.0 / (np.maximum(y, 0.0) + self.offset)
        return np.ones_like(y)

    def inverse(self, m):
        """The value on the records' scale of a point on this one."""
        m = np.asarray(m, dtype=float)
        if self.kind == "logit":
            return 1.0 / (1.0 + np.exp(-m))
        if self.kind == "log":
            return np.exp(m) - self.offset
        return m


def scale_of(target: Target, values: np.ndarray) -> Scale:
    """The scale of `target` given its points' replications (float[n, replications]). The log's offset
    is half the smallest non-zero value a replication gave (half an event of a count, or of a rate made
    of counts) or a hundredth of the typical size, the larger: a point with no event is then not an
    outlier orders of magnitude below one with a single event."""
    if target.emulated_on != "log":
        return Scale(target.emulated_on)
    finite = values[np.isfinite(values)]
    positive = finite[finite > 0]
    typical = max(abs(target.value), float(np.median(np.abs(finite))) if len(finite) else 0.0)
    offset = max(0.01 * typical, 0.5 * float(positive.min()) if len(positive) else 0.0)
    return Scale("log", offset if offset > 0 else 1.0)


def active_inputs(u: np.ndarray, y: np.ndarray, most: int) -> list[int]:
    """Columns of `u` (float[n, d]) that explain `y` (float[n]): forward selection, extended BIC."""
    n, d = u.shape
    x = u - u.mean(axis=0)
    r = y - y.mean()
    rss = float(r @ r)
    if rss <= 0:
        return [0]
    chosen: list[int] = []
    basis = np.zeros((n, 0))
    penalty = np.log(n) + 2 * np.log(max(d, 1))
    score = n * np.log(rss / n)
    while len(chosen) < min(most, d, n - 2):
        residual = x - basis @ (basis.T @ x)
        norms = np.einsum("ij,ij->j", residual, residual)
        norms[chosen] = 0.0
        gains = np.where(norms > 1e-12, (residual.T @ r) ** 2 / np.where(norms > 1e-12, norms, 1.0), 0.0)
        best = int(np.argmax(gains))
        left = max(rss - float(gains[best]), 1e-12 * rss)
        new_score = n * np.log(left / n) + (len(chosen) + 1) * penalty
        if chosen and new_score >= score:
            break
        chosen.append(best)
        q = residual[:, best] / np.sqrt(norms[best])
        basis = np.column_stack([basis, q])
        r = r - q * (q @ r)
        rss, score = left, new_score
    return chosen


@dataclass(frozen=True, slots=True)
class Emulator:
    """A target's emulator of one wave: the GP on the active inputs, its scale and the spread model."""

    target: Target
    active: tuple[int, ...]
    gp: object
    scale: Scale
    spread: tuple[float, float]   # (a, b): log var of one replication = a + b log(mean + offset)
    window_years: float

    def predict(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The emulator's mean and variance on its scale (float[n] each) at positions `u` (float[n, d])."""
        mean, sd = self.gp.predict(u[:, list(self.active)], return_std=True)
        return mean, sd**2

    def one_run(self, mean: np.ndarray) -> np.ndarray:
        """The variance of one replication's value at a model mean `mean` (the spread model)."""
        a, b = self.spread
        return np.exp(a + b * _log(mean, self.scale.offset))

    def stochastic(self, mean: np.ndarray) -> np.ndarray:
        """The variance of the county's recorded mean at a model mean `mean`: one replication's variance
        (a mean over the window's years) made a mean over the target's years; none for a target that
        is an expected value (`years` 0: a national figure holds no one county's chance)."""
        if self.target.years == 0:
            return np.zeros_like(np.asarray(mean, dtype=float))
        return self.one_run(mean) * self.window_years / self.target.years

    def emulated(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each point's mean on the emulated scale and its Monte Carlo variance there (`values`: float[points,
        replications] on the records' scale); the variance from the spread model, steadier than a few
        replications' own."""
        mean = np.nanmean(values, axis=1)
        return self.scale.forward(mean), self.scale.slope(mean) ** 2 * self.one_run(mean) / values.shape[1]


def fit_emulator(target: Target, u: np.ndarray, values: np.ndarray, most: int, window_years: float,
                 seed: int) -> Emulator:
    """The emulator of `target` from the points `u` (float[n, d]) and their replications' values
    (float[n, replications])."""
    means = np.nanmean(values, axis=1)
    scale = scale_of(target, values)
    spread = _spread(means, np.nanvar(values, axis=1, ddof=1), scale.offset)
    shell = Emulator(target, (), None, scale, spread, window_years)
    y, noise = shell.emulated(values)
    active = tuple(active_inputs(u, y, most))
    gp = emulator.fit(u[:, list(active)], y, noise, seed)
    return Emulator(target, active, gp, scale, spread, window_years)


def _spread(means: np.ndarray, variances: np.ndarray, offset: float) -> tuple[float, float]:
    """(a, b) of log var = a + b log(mean + offset), least squares over points with a variance; b in [0, 2]."""
    ok = np.isfinite(variances) & (variances > 0) & np.isfinite(means)
    if ok.sum() == 0:
        return (np.log(1e-12), 0.0)
    x, y = _log(means[ok], offset), np.log(variances[ok])
    if ok.sum() < 3 or np.ptp(x) < 1e-9:
        return (float(y.mean()), 0.0)
    b = float(np.clip(np.polyfit(x, y, 1)[0], 0.0, 2.0))
    return (float(np.mean(y - b * x)), b)


def _log(mean, offset: float):
    """log(mean + offset), a mean of 0 on a scale without an offset kept finite."""
    return np.log(np.maximum(np.maximum(np.asarray(mean, dtype=float), 0.0) + offset, 1e-12))


def check(item: Emulator, u: np.ndarray, values: np.ndarray) -> emulator.Check:
    """The emulator's check (analysis/sensitivity/emulator.py) on held-out points, on the emulated scale."""
    y, noise = item.emulated(values)
    return emulator.check(item.gp, u[:, list(item.active)], y, noise)


def length_scales(item: Emulator) -> np.ndarray:
    """The fitted ARD length scales of the active inputs (in [0, 1] units: small is influential)."""
    kernel = item.gp.kernel_
    rbf = kernel.k1.k2 if hasattr(kernel, "k1") and hasattr(kernel.k1, "k2") else None
    return np.atleast_1d(rbf.length_scale) if rbf is not None else np.full(len(item.active), np.nan)
