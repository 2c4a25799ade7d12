"""The field trial's arms, drawn per replication (docs/model.md §13).

From the `trial` stream only, so switching the trial on, or changing its sample, leaves every other
draw of the replication unchanged (common random numbers: the arms share one world), and both
engines read the same arms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.rules.trial import CONTROL, OUTSIDE, TREATED
from sim.streams import stream
from sim.world.scenario import Scenario


@dataclass(slots=True, kw_only=True)
class TrialInputs:
    """What the field trial's arms are drawn from."""

    enterprises: int
    firms: int          # enterprises in the trial; 0 when the trial is off


def trial_inputs(scenario: Scenario) -> TrialInputs:
    trial = scenario.config.trial
    return TrialInputs(enterprises=int(scenario.sectors.counts.sum()), firms=trial.firms if trial.enabled else 0)


def draw_arms(inputs: TrialInputs, seed: int, replication: int) -> np.ndarray:
    """int64[n]: each enterprise's arm, TREATED or CONTROL for `trial.firms` of them drawn at random from the
    register (half each), OUTSIDE for the rest; every enterprise OUTSIDE when the trial is off."""
    arms = np.full(inputs.enterprises, OUTSIDE, dtype=np.int64)
    if not inputs.firms:
        return arms
    sample = stream(seed, replication, "trial").permutation(inputs.enterprises)[: inputs.firms]
    arms[sample[: inputs.firms // 2]] = TREATED
    arms[sample[inputs.firms // 2:]] = CONTROL
    return arms
