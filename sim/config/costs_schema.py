"""Schema of the prices of the levers that have no regime of their own (docs/model.md, "Costs of the levers").

The staffing lever (`inspectors.count`) and its training (`inspectors.professional_share`) are priced
here; the regimes that buy something carry their own price beside the switch that buys it
(`regimes.whistleblower.reward_*`, `regimes.third_party.price_per_day`,
`regimes.remote_monitoring.yearly_cost`). Prices do not change the simulation: the shared results
assembly (`sim.engines.derived.public_spend`) turns them into each run's `spend_*` columns, so the
cost of a lever and what it buys are read from the same run.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param


@dataclass(slots=True, kw_only=True)
class CostsConfig:
    """财政支出: the public cost of the inspectors and of their professional training."""

    inspector_yearly: float = param(
        200_000.0, rule="nonneg", unit="yuan/inspector/year",
        source="assumed: salary and on-costs of one county inspector (五险一金 social insurance and housing "
               "fund, equipment, a share of a vehicle, office); no source in docs/sources.md gives it",
        doc="yearly cost of one inspector (inspectors.count), paid whatever the inspector does",
        low=150_000.0, high=300_000.0,
        why="assumed, no source: ¥150,000 (an inland county's civil servant with 五险一金) to ¥300,000 (a coastal "
            "county's, with vehicle and equipment)")
    training_per_inspector: float = param(
        30_000.0, rule="nonneg", unit="yuan/inspector",
        source="assumed: a safety-engineering course and certification (such as 注册安全工程师), with the days "
               "away from work",
        doc="one-off cost of bringing one inspector to professional level (inspectors.professional_share)",
        low=10_000.0, high=60_000.0,
        why="assumed, no source: a course and certification (注册安全工程师) with the days away, ¥10,000 to ¥60,000")
    training_years: float = param(
        5.0, rule="positive", unit="years", source="assumed: a refresher cycle, or the turnover of the staff",
        doc="years one training serves, over which its cost is spread",
        low=3.0, high=10.0, why="assumed: a refresher cycle, or the staff's turnover, of 3 to 10 years")
