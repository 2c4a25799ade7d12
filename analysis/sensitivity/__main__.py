"""`python -m analysis.sensitivity SCENARIO [options] [key=value ...]`: which assumed parameters the
staffing decision turns on, and whether the choices hold across their ranges (docs/uncertainty.md).

Parts, each a sweep through sim/sweep (every core, or a Dask cluster with --scheduler; resumable
after an interrupt or a kill; every design point on the same replications):
  screening   Morris screening of every uncertainty (or mechanism) on the decision quantities;
  sobol       Sobol' indices of the few that matter, on a Gaussian-process emulator (needs screening);
  robustness  how often each staffing step, regime and budget mix wins across the plausible counties
              of the ranges (those whose expected death rate lies in --death-rate-band), and where the
              choice made at the defaults flips.
--size small runs the screening only, sized for the default study; --size full runs all three.
Run settings are key=value (engine, seed, n_jobs; replications=N per design point);
range.KEY=[low,high] changes a parameter's plausible range; any other key=value changes the county in
every cell. Tables and summary.md go to --out (default
reports/sensitivity/<scenario>[__<overrides>]). Bad input: one line, exit status 2, before any work.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

import sim
from analysis.command_line import OneLineParser, parse, run_resumable
from analysis.county_step import DEFAULT_STEP, DEFAULT_STEPS
from analysis.sensitivity.runs import RunSettings
from sim.config.errors import ConfigError

FOLDER = Path("reports") / "sensitivity"
PARTS = ("screening", "sobol", "robustness")
RUN_KEYS = ("replications", "seed", "engine", "n_jobs")



@dataclass(frozen=True, slots=True)
class Size:
    parts: tuple[str, ...]
    trajectories: int
    levels: int
    most_points: int        # screen mechanisms when the parameters' design would have more points
    replications: int
    sobol_top: int
    emulator_points: int
    sobol_base: int
    robust_points: int
    plausibility_draws: int


SIZES = {"small": Size(("screening",), 3, 4, 60, 3, 3, 24, 512, 16, 64),
         "full": Size(PARTS, 10, 4, 300, 10, 4, 40, 1024, 32, 256)}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parse(parser, argv)
        job = _job(args, argv)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    return run_resumable("sensitivity", job.folder, job.run.client, lambda: _run(job))


def _parser() -> OneLineParser:
    parser = OneLineParser(prog="python -m analysis.sensitivity", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a scenario name (scenarios/) or a path to a scenario file")
    parser.add_argument("--size", choices=tuple(SIZES), default="full", help="preset sizes (default full)")
    parser.add_argument("--parts", default=None, help=f"comma-separated, of {', '.join(PARTS)} (default: the size's)")
    parser.add_argument("--trajectories", type=int, help="Morris trajectories (at least 2)")
    parser.add_argument("--levels", type=int, help="Morris grid levels (an even number >= 2; default 4)")
    parser.add_argument("--groups", choices=("auto", "yes", "no"), default="auto",
                        help="screen mechanisms instead of parameters (auto: when there are too many parameters)")
    parser.add_argument("--step", type=int, default=DEFAULT_STEP,
                        help=f"inspectors added to today's staff (default {DEFAULT_STEP})")
    parser.add_argument("--sobol-top", type=int, help="factors given Sobol' indices")
    parser.add_argument("--emulator-points", type=int, help="design points the emulator is fitted on")
    parser.add_argument("--sobol-base", type=int, help="Saltelli base sample on the emulator (a power of 2, >= 64)")
    parser.add_argument("--robust-points", type=int, help="design points of the robustness part (at least 10)")
    parser.add_argument("--plausibility-draws", type=int,
                        help="counties drawn from the ranges for the robustness part, before the band keeps some")
    parser.add_argument("--death-rate-band", default=None,
                        help="LOW,HIGH expected deaths a year per 100,000 workers a drawn county must have to be "
                             "compared (default 0.6,2.6: the national rate halved and doubled), or none")
    parser.add_argument("--sample", default=None,
                        help="the robustness part's counties from a calibration's fitted.parquet "
                             "(python -m analysis.calibrate) instead of draws kept by the band")
    parser.add_argument("--staffing-steps", default=",".join(map(str, DEFAULT_STEPS)),
                        help="staffing levels compared, as inspectors added to today's (default "
                             f"{','.join(map(str, DEFAULT_STEPS))})")
    parser.add_argument("--value-of-life", type=float, default=None,
                        help="yuan per death averted a staffing step may cost (default: the highest VSL benchmark)")
    parser.add_argument("--bootstrap", type=int, default=200, help="bootstrap draws for Monte Carlo noise")
    parser.add_argument("--scheduler", default=None, help="run on the Dask cluster at this address")
    parser.add_argument("--out", default=None, help="the output folder")
    parser.add_argument("overrides", nargs="*", help="key=value: run settings, range.KEY=[low,high] and county "
                                                     "overrides")
    return parser


@dataclass(frozen=True, slots=True)
class Job:
    scenario: str
    overrides: tuple[str, ...]
    ranges: dict              # range.KEY=[low,high] from the command line: KEY -> [low, high]
    folder: Path
    size: Size
    parts: tuple[str, ...]
    grouping: str
    step: int
    staffing_steps: tuple[int, ...]
    value_of_life: float
    band: tuple[float, float] | None
    sample: Path | None
    bootstrap: int
    run: RunSettings
    command: str


def _job(args, argv: list[str]) -> Job:
    """Everything the command line asks, checked before any work; ConfigError for the first mistake."""
    size = SIZES[args.size]
    for name in ("trajectories", "levels", "sobol_top", "emulator_points", "sobol_base", "robust_points",
                 "plausibility_draws"):
        if getattr(args, name) is not None:
            size = replace(size, **{name: getattr(args, name)})
    parts = size.parts if args.parts is None else tuple(p.strip() for p in args.parts.split(","))
    for part in parts:
        if part not in PARTS:
            raise ConfigError("--parts", args.parts, f"comma-separated parts, each one of {', '.join(PARTS)}")
    if "sobol" in parts and "screening" not in parts:
        raise ConfigError("--parts", args.parts, "sobol needs screening (it takes the factors screening ranks first)")
    from sim.config.uncertainty import split_ranges

    overrides, ranges = split_ranges(list(args.overrides))
    for item in overrides:
        if "=" not in item:
            raise ConfigError(item, item, "an argument after the scenario is key=value (see --help)")
    written = dict(item.split("=", 1) for item in overrides)
    config = sim.load_config(args.scenario, ["run=report", *overrides])
    if "replications" in written:
        size = replace(size, replications=config.replications)
    _check_sizes(size, parts, args)
    steps = _steps(args.staffing_steps)
    from analysis.sensitivity.plausible import parse_band

    band = parse_band(args.death_rate_band)
    value_of_life = args.value_of_life if args.value_of_life is not None else _highest_vsl()
    if not value_of_life > 0:
        raise ConfigError("--value-of-life", args.value_of_life, "yuan per death averted: a number > 0")
    model = tuple(o for o in overrides if o.split("=", 1)[0].strip() not in RUN_KEYS)
    client = None
    if args.scheduler is not None:
        from sim.sweep.execute import connect

        client = connect(args.scheduler)
    folder = Path(args.out) if args.out else _default_folder(config.name, list(model))
    from sim.io import check_writable

    check_writable("--out", folder)
    run = RunSettings(engine=config.engine, seed=config.seed, n_jobs=config.n_jobs, client=client,
                      scheduler=args.scheduler)
    return Job(args.scenario, model, ranges, folder, size, parts, args.groups, args.step, steps, value_of_life,
               band, _sample(args.sample, parts), args.bootstrap, run, " ".join(["python -m analysis.sensitivity", *argv]))


def _check_sizes(size: Size, parts: tuple[str, ...], args) -> None:
    checks = [("replications", size.replications, size.replications >= 2, "a whole number >= 2 (the Monte Carlo "
                                                                           "noise needs two replications a point)"),
              ("--bootstrap", args.bootstrap, args.bootstrap >= 20, "a whole number >= 20"),
              ("--step", args.step, args.step >= 1, "inspectors added: a whole number >= 1")]
    if "screening" in parts:
        checks += [("--trajectories", size.trajectories, size.trajectories >= 2,
                    "Morris needs at least 2 trajectories"),
                   ("--levels", size.levels, size.levels >= 2 and size.levels % 2 == 0,
                    "an even number of Morris levels, >= 2")]
    if "sobol" in parts:
        checks += [("--sobol-top", size.sobol_top, size.sobol_top >= 1, "a whole number >= 1"),
                   ("--sobol-base", size.sobol_base, size.sobol_base >= 64 and size.sobol_base & (size.sobol_base - 1) == 0,
                    "Saltelli's base sample: a power of 2, at least 64"),
                   ("--emulator-points", size.emulator_points, size.emulator_points >= 5 * size.sobol_top,
                    f"at least 5 per Sobol' factor ({5 * size.sobol_top} for --sobol-top {size.sobol_top})")]
    if "robustness" in parts:
        checks += [("--robust-points", size.robust_points, size.robust_points >= 10,
                    "at least 10 design points (the rules are fitted on them)"),
                   ("--plausibility-draws", size.plausibility_draws, size.plausibility_draws >= size.robust_points,
                    f"at least --robust-points ({size.robust_points}) counties drawn")]
    for key, value, ok, allowed in checks:
        if not ok:
            raise ConfigError(key, value, allowed)


def _sample(text: str | None, parts: tuple[str, ...]) -> Path | None:
    """The fitted sample's path, checked: a file, and a robustness part to use it."""
    if text is None:
        return None
    if "robustness" not in parts:
        raise ConfigError("--sample", text, "the robustness part's counties: run it with the robustness part "
                                            "(--parts ...,robustness)")
    path = Path(text)
    if not path.is_file():
        raise ConfigError("--sample", text, "a fitted.parquet written by python -m analysis.calibrate (no such file)")
    return path


def _steps(text: str) -> tuple[int, ...]:
    try:
        steps = tuple(int(s) for s in text.split(","))
    except ValueError:
        steps = ()
    if len(steps) < 2 or steps[0] != 0 or any(b <= a for a, b in zip(steps, steps[1:], strict=False)):
        raise ConfigError("--staffing-steps", text, "two or more whole numbers of inspectors added, from 0, "
                                                    "increasing (0,10,20,30)")
    return steps


def _highest_vsl() -> float:
    from analysis.report.benchmarks import vsl_range

    return vsl_range()[1]


def _default_folder(name: str, overrides: list[str]) -> Path:
    from sim.io import default_folder

    return default_folder(FOLDER / name, overrides)


def _run(job: Job) -> int:
    from analysis.sensitivity.pipeline import run_all

    run_all(job)
    return 0


if __name__ == "__main__":
    sys.exit(main())
