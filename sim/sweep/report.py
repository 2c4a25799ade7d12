"""The few lines a finished sweep prints: each cell's outcome a year with its interval and its paired
difference against the reference, the cells that hit the precision cap, and for a choice the
probability that each option is best."""

from __future__ import annotations

import math

from sim.sweep.run import SweepOutcome
from sim.sweep.spec import SweepSpec
from sim.sweep.tables import interval, paired, probability_best


def console_lines(spec: SweepSpec, outcome: SweepOutcome, years: float | None = None) -> list[str]:
    cells = outcome.cells
    metric = spec.outcome
    if years is None:
        years = _window_years(outcome)
    best = probability_best(cells, metric) if spec.is_choice and len(spec.cells) > 1 else None
    lines = [f"{metric} a year, mean (95% interval); paired difference against {spec.reference_cell.label}"
             + ("; probability of the fewest" if best is not None else "") + ":"]
    for cell in spec.cells:
        values = cells.loc[cells.cell == cell.index, metric].to_numpy(float) / years
        mean, low, high = interval(values)
        low = max(low, 0.0) if not math.isnan(low) else low   # every metric is >= 0
        text = f"  {cell.label}: {mean:.3f} ({_bound(low)}–{_bound(high)})"
        if cell.index != spec.reference:
            diff, diff_low, diff_high = interval(paired(cells, cell.index, spec.reference, metric) / years)
            text += f", {diff:+.3f} ({_bound(diff_low, True)} to {_bound(diff_high, True)})"
        else:
            text += ", reference"
        if best is not None:
            text += f", {best[cell.index]:.0%}"
        lines.append(text)
    if outcome.capped:
        labels = "; ".join(spec.cells[i].label for i in outcome.capped)
        lines.append(f"at the replication cap ({spec.precision.max_replications}) with the interval still wider than "
                     f"{spec.precision.half_width}: {labels}")
    return lines


def _window_years(outcome: SweepOutcome) -> float:
    import yaml

    resolved = yaml.safe_load((outcome.folder / "sweep.yaml").read_text(encoding="utf-8"))
    return resolved["horizon_days"] / 365.25


def _bound(value: float, signed: bool = False) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:+.3f}" if signed else f"{value:.3f}"
