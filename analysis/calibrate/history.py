"""Bayesian history matching in waves (Vernon, Goldstein & Bower 2010; Andrianakis et al. 2015).

Wave k: a space-filling design in the NROY space left by waves 1..k-1 (wave 1: a Latin hypercube over
the whole ranges; later: greedy maximin among the positions every earlier wave keeps), each point run
`replications` times at the scenario's settings through the sensitivity analysis's sweep machinery
(analysis/sensitivity/runs.run_part: every core or Dask, resumable after a kill, common random numbers);
an emulator per target fitted on its training points and checked on its held-out ones; the NROY space
re-estimated with every wave's emulators. At the end, a sample of the final NROY space is run directly,
and the parameter sets whose runs reproduce every record (largest implausibility from the runs within
the cutoff) are the fitted ones.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.calibrate import implausibility as imp
from analysis.calibrate.emulate import Emulator, check, fit_emulator
from analysis.calibrate.space import Region, enough, estimate, every_wave, maximin, uniform_pick
from analysis.calibrate.targets import Target
from analysis.sensitivity.configs import ConfigLoader
from analysis.sensitivity.design import Design, design_of, latin_hypercube
from analysis.sensitivity.emulator import Check
from analysis.sensitivity.runs import RunSettings, run_part
from sim.config.uncertainty import Uncertainty

CHOICE = "county"   # the one setting each point is run at: the scenario as the command gives it


@dataclass(frozen=True, slots=True)
class Plan:
    """How large the fit is: waves, points a wave (training and held out), the final sample, replications
    a point, inputs an emulator may take, the cutoff, the assumed discrepancy, the NROY sample's size."""

    waves: int = 3
    points: int = 60
    held_out: int = 15
    fitted: int = 60
    replications: int = 4
    active: int = 5
    cutoff: float = imp.CUTOFF
    discrepancy: float = imp.DISCREPANCY
    sample: int = 50_000


@dataclass(slots=True)
class Runs:
    """A design run: its design, each row's position, each target's values float[rows, replications]."""

    design: Design
    u: np.ndarray
    values: list[np.ndarray]
    runs: int
    years: float     # the measured window's length in years

    def rows(self, which: slice) -> Runs:
        """The same runs, only the rows `which` (a design's training or held-out part)."""
        return Runs(self.design, self.u[which], [v[which] for v in self.values], self.runs, self.years)


@dataclass(slots=True)
class Wave:
    number: int
    training: Runs
    held: Runs            # its runs count is the whole wave's (one sweep)
    emulators: list[Emulator]
    checks: list[Check]
    used: list[bool]             # emulators that passed their check (no held-out |z| above the cutoff)
    wrongly_ruled_out: int       # held-out points the emulators rule out that their runs do not
    region: Region               # the NROY space after this wave
    seconds: float

    @property
    def trusted(self) -> list[Emulator]:
        """The emulators that rule out: those that passed their check."""
        return [e for e, ok in zip(self.emulators, self.used, strict=True) if ok]


@dataclass(slots=True)
class Fit:
    """A finished history match: targets, waves, and the final sample with its direct implausibility."""

    targets: list[Target]
    uncertainties: list[Uncertainty]
    plan: Plan
    waves: list[Wave] = field(default_factory=list)
    final: Runs | None = None
    final_implausibility: np.ndarray | None = None   # float[rows, targets]
    stopped: str = ""                                 # why the waves stopped early, if they did
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def kept(self) -> np.ndarray:
        """bool[rows] of the final sample: the parameter sets that reproduce every record."""
        if self.final_implausibility is None:
            return np.zeros(0, dtype=bool)
        return self.final_implausibility.max(axis=1) <= self.plan.cutoff

    def plausible(self, u: np.ndarray) -> np.ndarray:
        """bool[n]: whether each position is non-implausible under every wave's emulators."""
        return every_wave([_test(w.trusted, self.plan) for w in self.waves])(np.atleast_2d(u))


def history_match(uncertainties: Sequence[Uncertainty], targets: Sequence[Target], loader: ConfigLoader,
                  plan: Plan, folder: Path, run: RunSettings, say=None) -> Fit:
    """Run the waves and the final sample (sweeps under `folder`); `say(text)` for progress lines."""
    say = say or _say
    fit = Fit(list(targets), list(uncertainties), plan)
    d = len(fit.uncertainties)
    region = Region(1.0, 0, np.zeros((0, d)))
    for k in range(1, plan.waves + 1):
        started = time.perf_counter()
        rows = plan.points + plan.held_out
        if k == 1:
            u = latin_hypercube(d, rows, derived(run.seed, k, 0))
            where = f"a Latin hypercube over the whole ranges of {d} uncertainties"
        else:
            found = enough(region, rows, derived(run.seed, k, 1), fit.plausible)
            if len(found) < minimum_points(plan):
                fit.stopped = (f"wave {k} not run: {len(found)} non-implausible positions found, fewer than the "
                               f"{minimum_points(plan)} a wave's emulators need")
                say(fit.stopped)
                break
            u = maximin(found, rows, derived(run.seed, k, 2))
            where = f"the NROY space left by wave {k - 1} ({region.fraction:.3g} of the ranges)"
        u = u[np.random.default_rng(derived(run.seed, k, 3)).permutation(len(u))]
        held = max(2, round(len(u) * plan.held_out / rows))
        say(f"wave {k}: {len(u) - held} + {held} held-out points in {where}, {plan.replications} replications each")
        runs = simulate(f"wave{k}", u, fit, loader, plan.replications, folder, run)
        training, testing = runs.rows(slice(None, -held)), runs.rows(slice(-held, None))
        emulators = [fit_emulator(t, training.u, v, plan.active, runs.years, derived(run.seed, k, 4))
                     for t, v in zip(fit.targets, training.values, strict=True)]
        checks = [check(e, testing.u, v) for e, v in zip(emulators, testing.values, strict=True)]
        used = [bool(c.largest_error <= plan.cutoff) for c in checks]
        trusted = [e for e, ok in zip(emulators, used, strict=True) if ok]
        values = [v for v, ok in zip(testing.values, used, strict=True) if ok]
        wrong = 0
        if trusted:
            by_emulator = imp.deciding(imp.emulated(trusted, testing.u, plan.discrepancy)) > plan.cutoff
            by_runs = imp.deciding(imp.direct(trusted, values, plan.discrepancy)) > plan.cutoff
            wrong = int(np.sum(by_emulator & ~by_runs))
        wave = Wave(k, training, testing, emulators, checks, used, wrong, region, 0.0)
        fit.waves.append(wave)
        region = estimate(d, plan.sample, derived(run.seed, k, 5), fit.plausible)
        wave.region = region
        wave.seconds = time.perf_counter() - started
        say(f"wave {k}: emulators on " + "; ".join(f"{t.name} ({len(e.active)} inputs, held-out coverage "
                                                   f"{c.coverage:.2f}{'' if ok else ', failed its check: not used'})"
                                                   for t, e, c, ok in
                                                   zip(fit.targets, emulators, checks, used, strict=True))
            + f"; NROY {region.fraction:.3g} of the ranges ({region.sampled:,} sampled)")
        if region.fraction == 0:
            fit.stopped = (f"after wave {k} no position of {region.sampled:,} sampled is non-implausible: the ranges "
                           "hold no parameter set that matches the records within the cutoff")
            say(fit.stopped)
            break
    _final(fit, region, loader, folder, run, say)
    return fit


def _final(fit: Fit, region: Region, loader: ConfigLoader, folder: Path, run: RunSettings, say) -> None:
    started = time.perf_counter()
    plan = fit.plan
    found = enough(region, plan.fitted, derived(run.seed, 0, 6), fit.plausible) if fit.waves else region.candidates
    if len(found) == 0:
        return
    u = uniform_pick(found, plan.fitted, derived(run.seed, 0, 7))
    say(f"fitted sample: {len(u)} parameter sets from the final NROY space, {plan.replications} replications each")
    fit.final = simulate("fitted", u, fit, loader, plan.replications, folder, run)
    fit.final_implausibility = imp.direct(fit.waves[-1].emulators, fit.final.values, plan.discrepancy)
    fit.seconds["fitted"] = time.perf_counter() - started
    say(f"fitted sample: {int(fit.kept.sum())} of {len(u)} reproduce every record (implausibility from their "
        f"runs at most {plan.cutoff:g})")


def simulate(name: str, u: np.ndarray, fit: Fit, loader: ConfigLoader, replications: int, folder: Path,
             run: RunSettings) -> Runs:
    """Run the positions `u` (a sweep `name` under `folder`) and read each target's values."""
    design = design_of(fit.uncertainties, u)
    settings = {(p, CHOICE): design.overrides(p) for p in range(len(design.points))}
    outcomes = run_part(name, folder, settings, loader, replications, run)
    values = [t.model(outcomes)[design.point_of_row] for t in fit.targets]
    return Runs(design, design.u, values, len(outcomes.cells), outcomes.years)


def minimum_points(plan: Plan) -> int:
    """The fewest points a wave's emulators are fitted on: two per input they may take, and 10."""
    return max(10, 2 * plan.active)


def derived(seed: int, *keys: int) -> int:
    """A seed for one use (wave, purpose) of the run's seed: pure, so a rerun draws the same."""
    return int(np.random.SeedSequence(seed, spawn_key=tuple(keys)).generate_state(1)[0])


def _test(emulators: Sequence[Emulator], plan: Plan):
    def keep(u: np.ndarray) -> np.ndarray:
        if not emulators:
            return np.ones(len(u), dtype=bool)
        return imp.deciding(imp.emulated(emulators, u, plan.discrepancy)) <= plan.cutoff
    return keep


def _say(text: str) -> None:
    print(f"calibrate: {text}", file=sys.stderr)
