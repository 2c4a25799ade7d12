"""The budget-mix study of the county's own budget: conf/sweep/budget_mix.yaml's mixes are sized for
county_baseline's ¥6,108,000 a year; the workbench's budget-mix study and the default study of another
county (analysis/default_study.py) size them for the county studied.

- the budget: the form's, or the county's as spent today: its inspectors at `costs.inspector_yearly`
  and the training of its trained share (`inspectors.professional_share` of them, rounded to whole
  inspectors as the model rounds it) at `costs.training_per_inspector` / `costs.training_years` (county_baseline: 30 x
  ¥200,000 + 18 x ¥6,000 = ¥6,108,000, the file's own);
- the reference mix (`as_today`): today's training, the rest of the budget on staff;
- every other mix: the file's allocations scaled to the budget, the same shares of it, in whole yuan
  (the largest allocation takes the rounding, so each adds up to the budget exactly).

- the planner's own mix (the workbench's form, `OWN_MIX`), when given: its yuan a year per lever as
  written, added to the others.

The sweep takes them as two overrides of its file, `sweep.budget.yearly=B` and
`sweep.budget.options={...}` (a YAML mapping), so the command line shows what was run.
"""

from __future__ import annotations

from sim.sweep.budget import LEVERS
from sim.sweep.load import read_sweep

OWN_MIX = "own_mix"   # the option a planner's own split of the budget is swept as


def todays_spend(config) -> tuple[int, int]:
    """The county's staff and training a year in yuan, as it is today."""
    count = config.inspectors.count
    trained = round(count * config.inspectors.professional_share)   # as the world trains them (sim/world/population.py)
    costs = config.costs
    return round(count * costs.inspector_yearly), round(trained * costs.training_per_inspector / costs.training_years)


def sized_mixes(config, yearly: int) -> dict[str, dict]:
    """budget_mix.yaml's options sized for `yearly` yuan a year (module docstring)."""
    raw = read_sweep("budget_mix")
    reference = raw["reference"]["mix"]
    _, training = todays_spend(config)
    scale = yearly / raw["budget"]["yearly"]
    options = {}
    for name, mix in raw["budget"]["options"].items():
        levers = ({"inspectors": yearly - training, "training": training} if name == reference else
                  {lever: round(value * scale) for lever, value in mix.items() if lever in LEVERS})
        largest = max(levers, key=levers.get)
        levers[largest] += yearly - sum(levers.values())
        options[name] = {**levers, **{key: value for key, value in mix.items() if key not in LEVERS}}
    return options


def budget_overrides(config, yearly: int, own: dict[str, int] | None = None) -> list[str]:
    """The sweep's overrides that size budget_mix for `yearly` yuan a year, with the planner's `own` mix
    (yuan a year per lever, adding up to `yearly`) as one more option when given."""
    options = sized_mixes(config, yearly)
    if own:
        options[OWN_MIX] = {lever: amount for lever, amount in own.items() if amount}
    return _written(yearly, options)


def own_budget_overrides(config) -> list[str]:
    """The overrides that size budget_mix for the county's budget as spent today; none when that is the
    file's own budget and mixes (county_baseline's), so the sweep is the file's as it is."""
    raw = read_sweep("budget_mix")
    yearly = sum(todays_spend(config))
    options = sized_mixes(config, yearly)
    if yearly == raw["budget"]["yearly"] and options == raw["budget"]["options"]:
        return []
    return _written(yearly, options)


def _written(yearly: int, options: dict[str, dict]) -> list[str]:
    written = ", ".join(f"{name}: {{{', '.join(f'{lever}: {value}' for lever, value in mix.items())}}}"
                        for name, mix in options.items())
    return [f"sweep.budget.yearly={yearly}", f"sweep.budget.options={{{written}}}"]
