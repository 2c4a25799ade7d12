"""Where the sensitivity analysis gets its uncertainties: `uncertainties_for`, the one place.

Every assumed parameter carries its plausible range and why in the config schema
(`sim.config.uncertainty`, docs/model.md §14), and `range.KEY=[low,high]` on the command line narrows,
widens or gives one (`split_ranges`, `with_ranges`). The screening and the Sobol' part sample only
the parameters that can change the county as it runs (`only_running`: not the settings of regimes
that are off); the robustness part switches regimes on, so it samples theirs too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.config.schema import Config
from sim.config.uncertainty import Uncertainty, with_ranges


def uncertainties_for(config: Config, ranges: Mapping[str, Sequence[float]] | None = None,
                      only_running: bool = True) -> list[Uncertainty]:
    """The uncertainties the analysis samples for `config`, with the command line's `ranges`."""
    return with_ranges(config, dict(ranges or {}), only_running=only_running)

