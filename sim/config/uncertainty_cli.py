"""Command line: `python -m sim.config.uncertainty [scenario=NAME] [key=value ...] [range.KEY=[low,high] ...]`.

Prints the uncertainties of a scenario, as sensitivity analysis and calibration would sample them: each
parameter's key, mechanism, the scenario's value, its plausible range and why. A bad range, or a value
of the scenario outside its range, prints one line naming the key and exits with status 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from sim.config.errors import ConfigError
from sim.config.ranges import census
from sim.config.uncertainty import RANGE_PREFIX, Uncertainty, split_ranges, with_ranges

USAGE = f"""usage: python -m sim.config.uncertainty [scenario=NAME] [regimes/REGIME=OPTION ...] [key=value ...]
                                       [{RANGE_PREFIX}KEY=[low,high] ...] [--running]
       python -m sim.config.uncertainty --census

  scenario=NAME         a file in scenarios/ (default county_baseline) or a path to a .yaml file
  key=value             set a value, as for python -m sim; it must lie inside its range
  {RANGE_PREFIX}KEY=[low,high]  narrow or widen the plausible range of KEY, or give one to a numeric
                        parameter the schema leaves unranged (one that cites its source)
  --running             leave out the settings of regimes that do not run in the scenario
  --census              count the schema's parameters (a sector's once): assumed, numeric, ranged,
                        never sampled

prints, for every uncertain parameter, its key, mechanism (group), the scenario's value, its range and
why (docs/model.md, "Plausible ranges")
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help", "help") for a in args):
        print(USAGE)
        return 0
    if "--census" in args:
        print("\n".join(f"{name}: {count}" for name, count in census().items()))
        return 0
    from sim.config.loader import compose_config, origin_of, to_config

    running = "--running" in args
    scenario, items = "county_baseline", []
    for arg in args:
        if arg.startswith("scenario="):
            scenario = arg.split("=", 1)[1]
        elif arg != "--running":
            items.append(arg)
    cfg = None
    try:
        overrides, ranges = split_ranges(items)
        cfg, _ = compose_config(scenario, overrides)
        table = with_ranges(to_config(cfg), ranges, only_running=running)
    except ConfigError as error:
        origin = origin_of(cfg) if cfg is not None else None
        if error.where is None and origin is not None and origin.wrote(error.key):
            error = error.located(origin.file)
        print(error, file=sys.stderr)
        return 2
    print(markdown(table))
    return 0


def markdown(table: Sequence[Uncertainty]) -> str:
    """The uncertainties as a Markdown table, one row each."""
    rows = ["| key | group | value | low | high | why |", "|---|---|--:|--:|--:|---|"]
    rows += [f"| `{u.key}` | {u.group} | {_text(u.default)} | {_text(u.low)} | {_text(u.high)} | "
             f"{u.why.replace('|', '/')} |" for u in table]
    return "\n".join(rows) + f"\n\n{len(table)} uncertain parameters"


def _text(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


if __name__ == "__main__":
    sys.exit(main())
