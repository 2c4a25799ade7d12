"""The field trial's arms, drawn per replication (docs/model.md §13).

From the `trial` stream only, so switching the trial on, or changing its sample, leaves every other
draw of the replication unchanged (common random numbers: the arms share one world), and both
engines read the same arms.
"""

from __future__ import annotations

import numpy as np

from sim.rules.trial import CONTROL, OUTSIDE, TREATED
from sim.streams import stream
from sim.world.scenario import Scenario


def draw_trial_arms(scenario: Scenario, n: int, seed: int, replication: int) -> np.ndarray:
    """int64[n]: each enterprise's arm, TREATED or CONTROL for `trial.firms` of them drawn at random from the
    register (half each), OUTSIDE for the rest; every enterprise OUTSIDE when the trial is off."""
    arms = np.full(n, OUTSIDE, dtype=np.int64)
    trial = scenario.config.trial
    if not trial.enabled:
        return arms
    sample = stream(seed, replication, "trial").permutation(n)[: trial.firms]
    arms[sample[: trial.firms // 2]] = TREATED
    arms[sample[trial.firms // 2:]] = CONTROL
    return arms
