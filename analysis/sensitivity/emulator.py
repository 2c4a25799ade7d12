"""A Gaussian-process emulator of one decision quantity over the factors that matter, and its check
on design points it was not fitted on.

Each point's simulated value is a mean over replications with Monte Carlo noise of known size (the
variance of its bootstrap draws, `noise`), given to the process as per-point noise, so the emulator
smooths the noise rather than fitting it; a small white-noise term takes what the smooth kernel
cannot. Inputs are the factors' positions in [0, 1]. The check, on held-out points: standardised
errors (simulated less predicted, over the predicted spread and the point's noise together), the
share of held-out points inside the 95% predictive interval (near 0.95 for an honest emulator), and
Q², the share of the held-out points' variance the emulator predicts.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class Check:
    """How the emulator did on held-out points."""

    points: int
    q2: float
    rmse: float
    coverage: float          # share of held-out points inside the 95% predictive interval
    largest_error: float     # the largest |standardised error|
    mean_error: float        # mean standardised error (bias, in predictive spreads)


def fit(x: np.ndarray, y: np.ndarray, noise: np.ndarray, seed: int):
    """A fitted GaussianProcessRegressor of y (float[n]) on x (float[n, d] in [0, 1]); `noise`: each
    point's Monte Carlo variance."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    scale = float(np.var(y)) or 1.0
    kernel = (ConstantKernel(1.0, (1e-3, 1e3)) * RBF(np.full(x.shape[1], 0.5), (1e-2, 1e2))
              + WhiteKernel(1e-3, (1e-8, 1.0)))
    model = GaussianProcessRegressor(kernel, alpha=np.maximum(noise, 0.0) / scale + 1e-10, normalize_y=True,
                                     n_restarts_optimizer=3, random_state=seed)
    with warnings.catch_warnings():   # a length scale at its upper bound: the factor hardly moves y, a finding
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        return model.fit(x, y)


def check(model, x: np.ndarray, y: np.ndarray, noise: np.ndarray) -> Check:
    """The emulator's standardised errors, coverage and Q² on the held-out points (x, y, noise)."""
    mean, spread = model.predict(x, return_std=True)
    error = y - mean
    z = error / np.sqrt(spread**2 + np.maximum(noise, 0.0))
    total = float(np.sum((y - y.mean()) ** 2))
    return Check(points=len(y), q2=1.0 - float(np.sum(error**2)) / total if total > 0 else float("nan"),
                 rmse=float(np.sqrt(np.mean(error**2))), coverage=float(np.mean(np.abs(z) <= Z95)),
                 largest_error=float(np.max(np.abs(z))), mean_error=float(np.mean(z)))
