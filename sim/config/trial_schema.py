"""Schema of the simulated field trial (docs/model.md §13): one extra inspection, randomised.

A random sample of the enterprises is split in two equal arms, drawn per replication from the
`trial` stream, so the rest of the replication's world is the same with the trial on or off. On the
trial's date each treated enterprise gets one extra targeted check (task source `trial`); the
controls get none. Each arm's accidents, expected accidents and hazards created are reported for
each of the four years after the date (`sim.results_schema.TRIAL`); `python -m analysis.field_trial`
turns them into the treated/control ratios with their intervals. Nothing else differs between the
arms, so the trial measures what one inspection does in the model as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param

LEVINE = "Levine, Toffel & Johnson 2012 (docs/sources.md): the design, one randomised inspection"
DESIGN = "the design of the simulated experiment, not a property of the county"


@dataclass(slots=True, kw_only=True)
class TrialConfig:
    """A simulated field trial (随机对照试验): one extra unannounced check for a random half of a sample of enterprises."""

    enabled: bool = param(False, rule="any", source=LEVINE,
                          doc="switch: true runs the trial (python -m analysis.field_trial switches it on)",
                          role="setting", why=DESIGN)
    date: str = param("2020-02-01", rule="date",
                      doc="the day the treated enterprises' extra checks are queued and from which outcomes are "
                          "counted, for four years; must lie in the measured window",
                      role="setting", why=DESIGN)
    firms: int = param(818, rule="count", unit="enterprises",
                       source=f"{LEVINE}; 409 inspected and 409 control establishments",
                       doc="enterprises randomised, half to each arm (treated: one extra check; control: none); an "
                           "even number, at most population.enterprises",
                       role="setting", why=DESIGN)
    max_wait_days: float = param(60.0, rule="nonneg", unit="days",
                                 doc="days a trial check may wait in the queue before it expires, as "
                                     "inspectors.max_wait.targeted",
                                 role="setting", why=DESIGN)
