"""Part 3: a choice that holds. At design points spread through every uncertainty's range (a Latin
hypercube, and the defaults as point 0), each decision is made as the report makes it, and we count
how often each option wins, keeping the parameters' part apart from the Monte Carlo noise's.

The decisions, at a point (every option on the same replications):
- staffing: walk up the levels from today's staff; a step is taken while its extra spend a year over
  the expected deaths a year it averts is at most `value_of_life` (default: the highest value of a
  statistical life the report's benchmarks give); the choice is the highest level reached;
- regime: the regime (conf/sweep/regimes.yaml) with the fewest expected deaths;
- budget mix: the split of today's budget (conf/sweep/budget_mix.yaml's mixes sized for the county's
  own budget as the default study sizes them, analysis/county_budget.py: county_baseline's are the
  file's; priced at the point's prices) with the fewest expected deaths among those that keep the
  budget (spend within 1%, as the report).

The points: the defaults and the plausible counties drawn from the ranges (plausible.py: those whose
death rate lies in the band; all draws, with no band).

Probabilities: `p_parameters`, the share of points where the option wins on the point's means (the
parameters' uncertainty, with what noise the replications leave); `p_noise`, at the defaults, the
share of bootstrap draws of the replications where it wins (the noise alone); `p_both`, the mean over
points of that bootstrap share (both). `intervals`: the first staffing step's answer with the noise
alone and with both (intervals.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.county_budget import sized_mixes, todays_spend
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import Design, design_of
from analysis.sensitivity.intervals import combined
from analysis.sensitivity.quantities import resample
from analysis.sensitivity.runs import Outcomes, RunSettings, run_part
from sim.config.uncertainty import Uncertainty
from sim.sweep.budget import derived_overrides, parse_budget
from sim.sweep.load import read_sweep

BUDGET_TOLERANCE = 0.01   # a mix keeps the budget when its mean spend is within 1% (the report's rule)
DECISIONS = ("staffing", "regime", "budget_mix")


@dataclass(frozen=True, slots=True)
class Robustness:
    best: pd.DataFrame       # decision, option, p_parameters, p_noise, p_both, recommended
    points: pd.DataFrame     # one row per point: values, each decision's winner and its bootstrap share
    rules: pd.DataFrame      # decision, rule, points, flipped, to (scenario discovery)
    intervals: pd.DataFrame  # quantity, default, mc_low, mc_high, both_low, both_median, both_high, points


def choices(loader: ConfigLoader, design: Design, levels: Sequence[int]) -> tuple[dict, dict[str, float]]:
    """Every (point, choice) to simulate with its overrides; and the budget's yearly yuan."""
    regimes = read_sweep("regimes")["axes"][0]["options"]
    county = loader.config([])
    yearly = sum(todays_spend(county))   # the county's own budget and its mixes (county_baseline's: the file's)
    budget = parse_budget({"yearly": yearly, "options": sized_mixes(county, yearly)})
    settings = {}
    for p in range(len(design.points)):
        point = design.overrides(p)
        for count in levels:
            settings[(p, f"staffing:{count}")] = (*point, f"inspectors.count={count}")
        for name, overrides in regimes.items():
            settings[(p, f"regime:{name}")] = (*overrides, *point)   # a group choice first, its keys after
        for name, allocation in budget.allocations.items():
            extra = budget.extra[name]
            bought = derived_overrides(allocation, loader.config([*extra, *point]), f"budget_mix.{name}")
            settings[(p, f"budget_mix:{name}")] = (*extra, *point, *bought)
    return settings, {"yearly": budget.yearly}


def run_robustness(uncertainties: Sequence[Uncertainty], loader: ConfigLoader, levels: Sequence[int],
                   rows: np.ndarray, replications: int, value_of_life: float, draws: int, folder: Path,
                   run: RunSettings, counted: np.ndarray | None = None, fitted: bool = False) -> Robustness:
    """Simulate the decisions at the positions `rows` (row 0 the defaults) and say how often each
    option wins over the points `counted` (all by default; the defaults only where they are themselves
    plausible); sweep `robustness` under `folder`. The recommended option is the defaults' choice, or
    over a `fitted` sample (whose county is not the defaults) the one that wins at most fitted sets."""
    design = design_of(uncertainties, rows)
    settings, budget = choices(loader, design, levels)
    outcomes = run_part("robustness", folder, settings, loader, replications, run)
    decide = Decider(outcomes, levels, value_of_life, budget["yearly"])
    counted = np.ones(len(design.points), dtype=bool) if counted is None else np.asarray(counted, dtype=bool)
    winners = {d: decide(d) for d in DECISIONS}
    boot = resample(outcomes.replications, draws, run.seed)
    shares = {d: _shares(decide, d, boot) for d in DECISIONS}
    best, table, rules = [], design.table(), []
    for decision in DECISIONS:
        options = decide.options(decision)
        won = np.array([options[w] for w in winners[decision]])
        recommended = recommended_option(options, won, counted, fitted)
        table[decision] = won
        table[f"{decision}_confidence"] = shares[decision][np.arange(len(won)), winners[decision]]
        for k, option in enumerate(options):
            best.append({"decision": decision, "option": option,
                         "p_parameters": float(np.mean(won[counted] == option)),
                         "p_noise": float(shares[decision][0, k]), "p_both": float(shares[decision][counted, k].mean()),
                         "recommended": option == recommended})
        rules += discover(_numeric(table, uncertainties)[counted], (won != recommended)[counted], won[counted],
                          decision, recommended, run.seed)
    step = [decide.choices.index(f"staffing:{count}") for count in levels[:2]]
    intervals = combined(decide.deaths[step], decide.spend[step], counted, boot)
    for level in levels:
        table[f"expected_deaths_{level}"] = decide.deaths[decide.choices.index(f"staffing:{level}")].mean(axis=1)
    return Robustness(pd.DataFrame(best), table, pd.DataFrame(rules), intervals)


def _numeric(table: pd.DataFrame, uncertainties: Sequence[Uncertainty]) -> pd.DataFrame:
    """The sampled values as numbers for the tree (a choice as its index among its choices), and the
    trained-untrained detection gaps where both ends are sampled: the difference, not either end,
    is what training buys, so a rule can name it ("the gap under 0.1")."""
    frame = pd.DataFrame({item.key: table[item.key].map(item.choices.index) if item.kind == "choice"
                          else table[item.key].astype(float) for item in uncertainties})
    for kind in ("general", "major"):
        trained, untrained = f"detection.professional_{kind}", f"detection.nonprofessional_{kind}"
        if trained in frame and untrained in frame:
            frame[f"detection gap {kind} (trained - untrained)"] = frame[trained] - frame[untrained]
    return frame


class Decider:
    """Each decision at each point, from the means over the replications `draw` (all by default)."""

    def __init__(self, outcomes: Outcomes, levels: Sequence[int], value_of_life: float, yearly: float) -> None:
        self.levels, self.value_of_life, self.yearly = list(levels), value_of_life, yearly
        self.choices = outcomes.choices
        self.deaths = outcomes.metric("expected_deaths")
        self.spend = outcomes.metric("spend_total")

    def options(self, decision: str) -> list[str]:
        return [c.split(":", 1)[1] for c in self.choices if c.startswith(decision + ":")]

    def __call__(self, decision: str, draw: np.ndarray | None = None) -> np.ndarray:
        """int[points]: the index (among the decision's options) of each point's winner."""
        index = [i for i, c in enumerate(self.choices) if c.startswith(decision + ":")]
        deaths = self.deaths[index] if draw is None else self.deaths[index][:, :, draw]
        spend = self.spend[index] if draw is None else self.spend[index][:, :, draw]
        deaths, spend = deaths.mean(axis=2), spend.mean(axis=2)   # [options, points]
        if decision == "staffing":
            return self._staffing(deaths, spend)
        if decision == "budget_mix":
            deaths = np.where(spend <= self.yearly * (1 + BUDGET_TOLERANCE), deaths, np.inf)
        return np.argmin(deaths, axis=0)

    def _staffing(self, deaths: np.ndarray, spend: np.ndarray) -> np.ndarray:
        chosen = np.zeros(deaths.shape[1], dtype=int)
        going = np.ones(deaths.shape[1], dtype=bool)
        for k in range(1, len(self.levels)):
            averted = deaths[k - 1] - deaths[k]
            worth = (averted > 0) & (spend[k] - spend[k - 1] <= self.value_of_life * averted)
            going &= worth
            chosen[going] = k
        return chosen


def _shares(decide: Decider, decision: str, boot: np.ndarray) -> np.ndarray:
    """float[points, options]: the share of bootstrap draws in which each option wins at each point."""
    options = len(decide.options(decision))
    wins = np.stack([decide(decision, draw) for draw in boot])          # [draws, points]
    return np.stack([(wins == k).mean(axis=0) for k in range(options)], axis=1)


def recommended_option(options: Sequence[str], won: np.ndarray, counted: np.ndarray, fitted: bool) -> str:
    """The option the answer names: the one chosen at the defaults (row 0); for a fitted sample, the
    one chosen at most of the counted sets (the first in `options`' order on a tie)."""
    if not fitted or not counted.any():
        return str(won[0])
    wins = [int(np.sum(won[counted] == option)) for option in options]
    return str(options[int(np.argmax(wins))])


def discover(values: pd.DataFrame, flipped: np.ndarray, won: np.ndarray, decision: str, recommended: str,
             seed: int, depth: int = 2) -> list[dict]:
    """Scenario discovery: the few readable rules (a shallow decision tree on the sampled values) that
    mark where the choice made at the defaults is not the winner; [] when it wins everywhere."""
    if not flipped.any() or flipped.all():
        verdict = "everywhere" if not flipped.any() else "nowhere"
        return [{"decision": decision, "rule": f"{recommended} wins {verdict} in the ranges", "points": len(won),
                 "flipped": int(flipped.sum()), "to": "", "accuracy": 1.0}]
    from sklearn.tree import DecisionTreeClassifier

    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=max(3, len(won) // 10), random_state=seed)
    tree.fit(values.to_numpy(float), flipped)
    accuracy = float(tree.score(values.to_numpy(float), flipped))
    leaves = tree.apply(values.to_numpy(float))
    rules = []
    for leaf, path in _paths(tree.tree_, list(values.columns)):
        here = leaves == leaf
        if not here.any() or flipped[here].mean() < 0.5:
            continue
        others = pd.Series(won[here & flipped]).value_counts()
        rules.append({"decision": decision, "rule": " and ".join(path) or "everywhere", "points": int(here.sum()),
                      "flipped": int(flipped[here].sum()), "to": ", ".join(f"{o} ({n})" for o, n in others.items()),
                      "accuracy": accuracy})
    if not rules:   # the flips are scattered: no region of the tree's holds mostly flips
        others = pd.Series(won[flipped]).value_counts()
        rules.append({"decision": decision, "rule": "no region: the flips are scattered", "points": len(won),
                      "flipped": int(flipped.sum()), "to": ", ".join(f"{o} ({n})" for o, n in others.items()),
                      "accuracy": accuracy})
    return rules


def _paths(tree, names: list[str], node: int = 0, path: tuple[str, ...] = ()):
    """(leaf, conditions) of every leaf of a fitted sklearn tree."""
    if tree.children_left[node] < 0:
        yield node, list(path)
        return
    name, cut = names[tree.feature[node]], float(tree.threshold[node])
    yield from _paths(tree, names, tree.children_left[node], (*path, f"{name} <= {cut:.4g}"))
    yield from _paths(tree, names, tree.children_right[node], (*path, f"{name} > {cut:.4g}"))
