"""The few lines a finished sweep prints: each cell's outcome a year with its interval and its paired
difference against the reference, the cells that hit the precision cap, and for a choice the
probability that each option is best; for a budget sweep, each lever's spend beside its allocation."""

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
    if spec.budget is not None:
        lines += budget_lines(spec, cells, years)
    if outcome.capped:
        labels = "; ".join(spec.cells[i].label for i in outcome.capped)
        lines.append(f"at the replication cap ({spec.precision.max_replications}) with the interval still wider than "
                     f"{spec.precision.half_width}: {labels}")
    return lines


SPEND = {"inspectors": "spend_inspectors", "training": "spend_training", "rewards": "spend_rewards",
         "third_party": "spend_third_party", "remote_monitoring": "spend_remote_monitoring"}


def budget_lines(spec: SweepSpec, cells, years: float) -> list[str]:
    """Per budget mix, each lever's yearly allocation beside what the runs spent on it (mean a year)."""
    budget = spec.budget
    lines = [f"spend a year against the allocation (budget ¥{budget.yearly:,.0f}), yuan:"]
    for cell in spec.cells:
        allocation = budget.allocations[str(cell.values[budget.axis])]
        mine = cells[cells.cell == cell.index]
        parts = [f"{lever} {mine[column].mean() / years:,.0f} of {allocation[lever]:,.0f}"
                 for lever, column in SPEND.items() if allocation[lever] > 0 or mine[column].mean() > 0]
        lines.append(f"  {cell.label}: " + "; ".join(parts) + f"; total {mine.spend_total.mean() / years:,.0f}")
    return lines


def _window_years(outcome: SweepOutcome) -> float:
    import yaml

    resolved = yaml.safe_load((outcome.folder / "sweep.yaml").read_text(encoding="utf-8"))
    return resolved["horizon_days"] / 365.25


def _bound(value: float, signed: bool = False) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:+.3f}" if signed else f"{value:.3f}"
