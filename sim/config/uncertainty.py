"""Uncertainties (EMA Workbench's sense): a parameter whose value no source fixes, with the range a
planner would call plausible and why. Sensitivity analysis and calibration sample within these ranges;
the levers (staff, regimes, budget) are the options compared, never sampled.

A range lives beside its parameter's default in the config schema (`sim.config.fields.param`), so the
docs' parameter table shows it and a default can never drift outside it unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("real", "integer", "choice")


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """One uncertain parameter.

    key: the dotted config key, as written on the command line (`detection.p_untrained`);
    default: the scenario's value; low, high: the plausible range (for "choice", the first and last
    index of `choices`); kind: "real", "integer" or "choice" (a structural alternative, e.g. the
    deterrence form); choices: the alternatives of a "choice"; group: the mechanism it belongs to
    (the config section), for grouped screening; why: the reason for the bounds.
    """

    key: str
    default: object
    low: float
    high: float
    kind: str = "real"
    choices: tuple = ()
    group: str = ""
    why: str = ""

    def value_at(self, u: float) -> object:
        """The parameter's value at `u` in [0, 1] of its range: linear for reals, the nearest whole
        number for integers, an equal share of [0, 1] for each choice."""
        if not 0.0 <= u <= 1.0:
            raise ValueError(f"{self.key}: a position in its range must be in [0, 1], not {u}")
        if self.kind == "choice":
            return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]
        value = self.low + u * (self.high - self.low)
        if self.kind == "integer":
            return int(round(value))
        return float(value)
