"""Budget mixes: a fixed yearly budget split between the five levers, turned into each cell's settings.

A sweep file's `budget` key holds the budget in yuan a year and its options, each the yearly
allocation of every lever (a lever left out gets nothing):

    budget:
      yearly: 6108000
      options:
        as_today: {inspectors: 6000000, training: 108000}
        third_party: {inspectors: 5400000, training: 108000, third_party: 600000}

An option's allocations must add up to `budget.yearly` within TOLERANCE (one yuan), and each must be
a number >= 0 of a known lever; anything else is refused before any work with one line naming
`sweep.budget.options.<option>.<lever>`. The options become one axis of the sweep (named `mix`, or
`budget.axis`), and each cell's overrides are derived from its allocations and the prices in that
cell's own config (`costs.*` and the regimes' prices), so a price changed on the command line or by
another axis prices the mix too:

- inspectors: `inspectors.count` = allocation / `costs.inspector_yearly`, rounded down;
- training: allocation / (`costs.training_per_inspector` / `costs.training_years`) inspectors trained,
  rounded down, as `inspectors.professional_share` = trained / count (at most 1: training beyond the
  whole staff is not spent);
- rewards: whistleblower rewards on at the config's reward levels (`regimes.whistleblower.reward_*`)
  when the allocation is above 0, off at 0. Rewards are paid per valid report, so the allocation is the
  money set aside: what is paid is measured (`spend_rewards`), and the sweep report sets it beside the
  allocation. To buy different reward levels, give them in the option's `overrides`;
- third_party: `regimes.third_party.inspector_days_per_year` = allocation / `price_per_day`, rounded
  down to whole days, the regime on (off at 0);
- remote_monitoring: `regimes.remote_monitoring.monitored_share` = allocation / (`yearly_cost` x the
  county's enterprises in the monitored sectors), at most 1, the regime on (off at 0).

An option may also carry `overrides: [key=value, ...]` for settings the money does not decide (reward
levels, monitored sectors); they are applied before the derived ones and their prices are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sim.config.errors import ConfigError

if TYPE_CHECKING:
    from sim.config.schema import Config
    from sim.sweep.spec import SweepSpec

LEVERS = ("inspectors", "training", "rewards", "third_party", "remote_monitoring")
BUDGET_KEYS = ("yearly", "options", "axis")
TOLERANCE = 1.0   # yuan a year: an option's allocations must add up to budget.yearly within this
WHERE = "sweep.budget"
# Every key `derived_overrides` may set (the last two only when their lever has money): a budget sweep's
# command line, sweep.overrides, other axes and options' own overrides may not set them too.
DERIVED = ("inspectors.count", "inspectors.professional_share", "regimes.whistleblower.enabled",
           "regimes.third_party.enabled", "regimes.remote_monitoring.enabled",
           "regimes.third_party.inspector_days_per_year", "regimes.remote_monitoring.monitored_share")


@dataclass(frozen=True, slots=True)
class Budget:
    """A validated budget: yuan a year, the axis its options make, and each option's allocations."""

    yearly: float
    axis: str
    allocations: dict[str, dict[str, float]]   # option -> lever -> yuan a year (every lever present)
    extra: dict[str, tuple[str, ...]]           # option -> its own key=value overrides

    def as_dict(self) -> dict[str, Any]:
        """What sweep.yaml records of the budget."""
        return {"yearly": self.yearly, "axis": self.axis, "tolerance": TOLERANCE,
                "allocations": {name: dict(levers) for name, levers in self.allocations.items()}}


def parse_budget(raw: Any) -> Budget | None:
    """The Budget of a sweep file's `budget` key (None when there is none); ConfigError on a mistake."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ConfigError(WHERE, raw, "{yearly, options}: the yuan a year and each option's allocation per lever")
    for key in raw:
        if key not in BUDGET_KEYS:
            raise ConfigError(f"{WHERE}.{key}", raw[key], f"is not a budget key; the keys are {', '.join(BUDGET_KEYS)}")
    yearly = raw.get("yearly")
    if not _amount(yearly) or yearly <= 0:
        raise ConfigError(f"{WHERE}.yearly", yearly, "the budget in yuan a year: a number > 0")
    options = raw.get("options")
    if not isinstance(options, dict) or not options:
        raise ConfigError(f"{WHERE}.options", options, "a mapping of option names to {lever: yuan a year}; the "
                                                       f"levers are {', '.join(LEVERS)}")
    allocations, extra = {}, {}
    for name, levers in options.items():
        allocations[str(name)], extra[str(name)] = _option(f"{WHERE}.options.{name}", levers, float(yearly))
    axis = raw.get("axis", "mix")
    if not isinstance(axis, str) or not axis.strip():
        raise ConfigError(f"{WHERE}.axis", axis, "the name of the axis the options make (default mix)")
    return Budget(float(yearly), axis, allocations, extra)


def _option(where: str, raw: Any, yearly: float) -> tuple[dict[str, float], tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise ConfigError(where, raw, f"a mapping of levers to yuan a year; the levers are {', '.join(LEVERS)}")
    overrides = raw.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, str) and "=" in o for o in overrides):
        raise ConfigError(f"{where}.overrides", overrides, "a list of key=value overrides the money does not decide")
    allocation = {}
    for lever, amount in raw.items():
        if lever == "overrides":
            continue
        if lever not in LEVERS:
            raise ConfigError(f"{where}.{lever}", amount, f"is not a lever; the levers are {', '.join(LEVERS)}")
        if not _amount(amount) or amount < 0:
            raise ConfigError(f"{where}.{lever}", amount, "yuan a year: a number >= 0")
        allocation[lever] = float(amount)
    total = sum(allocation.values())
    if abs(total - yearly) > TOLERANCE:
        raise ConfigError(where, _written(total), f"the allocations add up to ¥{total:,.0f} a year; they must "
                                                  f"add up to budget.yearly, ¥{yearly:,.0f} (within ¥{TOLERANCE:g})")
    return {lever: allocation.get(lever, 0.0) for lever in LEVERS}, tuple(overrides)


def derived_overrides(allocation: dict[str, float], config: Config, where: str) -> tuple[str, ...]:
    """The key=value overrides one option's allocations buy at `config`'s prices (module docstring)."""
    costs, regimes = config.costs, config.regimes
    count = _bought(allocation["inspectors"], costs.inspector_yearly, f"{where}.inspectors", "costs.inspector_yearly")
    per_trained = costs.training_per_inspector / costs.training_years
    trained = _bought(allocation["training"], per_trained, f"{where}.training", "costs.training_per_inspector")
    share = min(1.0, trained / count) if count else 0.0
    out = [f"inspectors.count={count}", f"inspectors.professional_share={round(share, 12)}",
           f"regimes.whistleblower.enabled={_on(allocation['rewards'])}",
           f"regimes.third_party.enabled={_on(allocation['third_party'])}",
           f"regimes.remote_monitoring.enabled={_on(allocation['remote_monitoring'])}"]
    if allocation["third_party"] > 0:
        days = _bought(allocation["third_party"], regimes.third_party.price_per_day, f"{where}.third_party",
                       "regimes.third_party.price_per_day")
        out.append(f"regimes.third_party.inspector_days_per_year={days}")
    if allocation["remote_monitoring"] > 0:
        eligible = eligible_enterprises(config)
        cost = regimes.remote_monitoring.yearly_cost * eligible
        if cost <= 0:
            raise ConfigError(f"{where}.remote_monitoring", allocation["remote_monitoring"],
                              f"monitoring costs nothing here ({eligible} enterprises in the monitored sectors at "
                              f"¥{regimes.remote_monitoring.yearly_cost:,.0f} each): allocate 0")
        share = min(1.0, allocation["remote_monitoring"] / cost)
        out.append(f"regimes.remote_monitoring.monitored_share={math.floor(share * 1e9) / 1e9}")
    return tuple(out)


def eligible_enterprises(config: Config) -> int:
    """The county's enterprises in the remote-monitoring sectors (the whole counts the world draws)."""
    import numpy as np

    from sim.world.scenario import largest_remainder

    names = list(config.population.sector_shares)
    counts = largest_remainder(np.array([config.population.sector_shares[n] for n in names], dtype=float),
                               config.population.enterprises)
    sectors = set(config.regimes.remote_monitoring.sectors)
    return int(sum(c for n, c in zip(names, counts, strict=True) if n in sectors))


def priced(spec: SweepSpec, scenario: str, overrides: tuple[str, ...] | list[str]) -> SweepSpec:
    """`spec` with each budget cell's derived overrides appended, priced by the cell's own config; the
    spec itself when it has no budget or is priced already."""
    budget = spec.budget
    if budget is None or spec.priced:
        return spec
    import sim

    cells = []
    for cell in spec.cells:
        option = str(cell.values[budget.axis])
        config = sim.load_config(scenario, [*overrides, *cell.overrides])
        bought = derived_overrides(budget.allocations[option], config, f"{WHERE}.options.{option}")
        cells.append(replace(cell, overrides=(*cell.overrides, *bought)))
    return replace(spec, cells=tuple(cells), priced=True)


def _bought(amount: float, price: float, where: str, price_key: str) -> int:
    """Whole units `amount` yuan buys at `price` yuan each (rounded down)."""
    if amount <= 0:
        return 0
    if price <= 0:
        raise ConfigError(where, amount, f"{price_key} is {price:g}: a lever with no price cannot be bought with a "
                                         "budget; allocate 0 or give it a price")
    return int(math.floor(amount / price + 1e-9))


def _on(amount: float) -> str:
    return "true" if amount > 0 else "false"


def _amount(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def _written(total: float) -> int | float:
    return int(total) if float(total).is_integer() else total
