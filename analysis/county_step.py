"""The staffing step of the analysis of the assumptions, scaled to the county: `python -m analysis.sensitivity`
compares today's staff with today's + `--step` (the screening's and Sobol' part's decision quantities)
and the robustness part walks `--staffing-steps` above today's. Its defaults, +10 and 0,10,20,30, are
county_baseline's (30 inspectors: a third of its staff a step); beside a 3-inspector county they ask
what 13, 23 and 33 inspectors would do. The default study and the workbench pass a step of a third of
today's staff (at least one inspector) and the steps 0, 1, 2 and 3 of it, and nothing where that is
the default (county_baseline's commands stay as they were).
"""

from __future__ import annotations

DEFAULT_STEP = 10                 # analysis.sensitivity's --step: county_baseline's a third of 30
DEFAULT_STEPS = (0, 10, 20, 30)   # its --staffing-steps: 0, 1, 2 and 3 steps


def staffing_step(today: int) -> int:
    """Inspectors a step adds to `today`'s staff: a third of it, rounded, at least one (30: 10; 3: 1)."""
    return max(1, round(today / 3))


def step_arguments(today: int) -> list[str]:
    """analysis.sensitivity's arguments for a county of `today` inspectors; none where the step is the
    default."""
    step = staffing_step(today)
    if step == DEFAULT_STEP:
        return []
    return ["--step", str(step), "--staffing-steps", ",".join(str(k * step) for k in range(len(DEFAULT_STEPS)))]
