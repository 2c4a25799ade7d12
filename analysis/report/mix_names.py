"""A budget mix named by what it buys: its inspectors, how many of them trained, and the levers the rest
of the money switches on ("27 inspectors + rewards", "29 trained inspectors"; 27人＋举报奖励).

conf/sweep/budget_mix.yaml's mixes are county_baseline's, and `option.mix=*` of labels_*.py name them
so; a county whose mixes are sized for its own budget (analysis/county_budget.py) buys other numbers,
so its names are made from the sweep's own cells, their priced overrides as sweep.yaml records them
(sim/sweep/budget.py: inspectors.count, inspectors.professional_share, and each lever's switch):

- the reference mix, when it buys the county's staff and training as they are today and nothing else:
  "as today";
- else the staff: "N untrained inspectors" (none trained), "N trained inspectors" (all), "N
  inspectors" (some); "no inspectors" at 0;
- then each lever with money, joined: " + rewards", " + third-party days", " + remote monitoring";
- a planner's own mix (the workbench's, `analysis.county_budget.OWN_MIX`) says so first: "your mix: …".

county_baseline's six mixes read exactly as the file's names (tests/unit/test_mix_names.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.county_budget import OWN_MIX

LEVER_SWITCHES = (("regimes.whistleblower.enabled", "rewards"), ("regimes.third_party.enabled", "third_party"),
                  ("regimes.remote_monitoring.enabled", "remote_monitoring"))


@dataclass(frozen=True, slots=True)
class Bought:
    """What one budget mix buys: whole inspectors, the trained among them, and the levers switched on."""

    count: int
    trained: int
    levers: tuple[str, ...] = ()
    today: bool = False   # the reference mix buying the county's staff and training as they are
    own: bool = False     # the planner's own split of the budget

    def name(self, words) -> str:
        """The mix's name in `words`' language (module docstring)."""
        if self.today:
            return words("option.mix=as_today")
        one = "_one" if self.count == 1 else ""
        if self.count == 0:
            staff = words("mix.none")
        elif self.trained == 0:
            staff = words(f"mix.untrained{one}", count=self.count)
        elif self.trained >= self.count:
            staff = words(f"mix.trained{one}", count=self.count)
        else:
            staff = words(f"mix.staff{one}", count=self.count)
        name = words("mix.plus").join([staff, *(words(f"mix.{lever}") for lever in self.levers)])
        return words("mix.own", name=name) if self.own else name


def mixes_bought(resolved: dict, today: tuple[int, int] | None) -> dict[str, Bought]:
    """Each budget cell's label (`mix=as_today`) and what it buys, from a sweep's sweep.yaml (`resolved`);
    {} for a sweep without a budget. `today`: the county's (inspectors, trained) as its scenario has them."""
    budget = resolved.get("budget") or {}
    axis = budget.get("axis")
    if not axis:
        return {}
    bought = {}
    for cell in resolved.get("cells", ()):
        settings = dict(item.split("=", 1) for item in cell.get("overrides", ()) if "=" in item)
        if "inspectors.count" not in settings:
            return {}   # not priced: the file's names stand
        count = int(settings["inspectors.count"])
        trained = round(count * float(settings.get("inspectors.professional_share", 0)))
        levers = tuple(lever for key, lever in LEVER_SWITCHES if settings.get(key) == "true")
        as_today = int(cell["cell"]) == int(resolved.get("reference", -1)) and not levers and (count, trained) == today
        value = cell["values"][axis]
        bought[f"{axis}={value}"] = Bought(count, trained, levers, as_today, own=value == OWN_MIX)
    return bought


def todays_staff(config) -> tuple[int, int]:
    """The county's inspectors and trained inspectors today, rounded as the world trains them."""
    count = config.inspectors.count
    return count, round(count * config.inspectors.professional_share)


def sweep_mixes(resolved: dict) -> dict[str, Bought]:
    """`mixes_bought` of a sweep, today's staff read from the sweep's own scenario and overrides."""
    if not (resolved.get("budget") or {}).get("axis"):
        return {}
    import sim

    return mixes_bought(resolved, todays_staff(sim.load_config(resolved["scenario"], list(resolved.get("overrides", ())))))
