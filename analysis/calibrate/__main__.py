"""`python -m analysis.calibrate SCENARIO [calibration.records=PATH] [options] [key=value ...]`: fit the
county's assumed parameters to its records by Bayesian history matching (docs/calibration.md).

Waves of Latin-hypercube designs in the not-ruled-out-yet space, each point simulated a few times through
the sensitivity analysis's sweeps (every core, or a Dask cluster with --scheduler; resumable after an
interrupt or a kill), Gaussian-process emulators per record, implausibility cutoff 3; then a sample of
the final space run directly, the sets that reproduce every record kept. Without calibration.records the
records are published national figures (十万人死亡率 of 工矿商贸, hazards found a check). `--only`
samples a few uncertainties (keys or mechanisms), the others at the scenario's values;
range.KEY=[low,high] changes a range; --coverage N fits N sets of records the model made itself at
known values and reports how often the truth survives. Run settings are key=value (replications,
seed, engine, n_jobs); any other key=value changes the county. Bad input: one line, exit 2, before any work.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.calibrate.history import Plan, minimum_points
from analysis.command_line import OneLineParser, parse, run_resumable
from analysis.sensitivity.runs import RunSettings
from sim.config.errors import ConfigError

FOLDER = Path("reports") / "calibration"
RUN_KEYS = ("replications", "seed", "engine", "n_jobs")
RECORDS = "calibration.records"
REPLICATIONS = 4


@dataclass(frozen=True, slots=True)
class Job:
    scenario: str
    overrides: tuple[str, ...]   # the county's, for every run (no run settings, no records)
    records: str                 # the records' path, as given ("" for the default records)
    ranges: dict
    only: tuple[str, ...]
    plan: Plan
    coverage: int
    folder: Path
    run: RunSettings
    command: str


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        job, prepared = _job(parse(_parser(), argv), argv)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    return run_resumable("calibrate", job.folder, job.run.client, lambda: _run(job, prepared))


def _parser() -> OneLineParser:
    parser = OneLineParser(prog="python -m analysis.calibrate", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="a scenario name (scenarios/) or a path to a scenario file; scenario=NAME too")
    parser.add_argument("--waves", type=int, default=3, help="waves of history matching (default 3)")
    parser.add_argument("--points", type=int, default=60, help="design points a wave fits its emulators on (default 60)")
    parser.add_argument("--held-out", type=int, default=None, help="more points a wave checks them on (default points/4)")
    parser.add_argument("--fitted", type=int, default=None, help="parameter sets of the final sample (default: --points)")
    parser.add_argument("--active", type=int, default=5, help="most inputs an emulator takes (default 5)")
    parser.add_argument("--cutoff", type=float, default=3.0, help="implausibility cutoff (default 3)")
    parser.add_argument("--discrepancy", type=float, default=0.1,
                        help="model discrepancy, a fraction of each record (default 0.1, assumed)")
    parser.add_argument("--nroy-sample", type=int, default=50_000,
                        help="uniform positions the NROY fraction is estimated on (default 50,000)")
    parser.add_argument("--only", default=None, help="comma-separated uncertainties or mechanisms to sample (default: all)")
    parser.add_argument("--coverage", type=int, default=None,
                        help="recover N sets of records the model made at known values and report coverage")
    parser.add_argument("--national-rate-within", type=float, default=None, metavar="FACTOR",
                        help="with calibration.records: also hold the county's expected 十万人死亡率 within FACTOR of "
                             "the national rate (2 sd on the log scale; 2 gives 0.62 to 2.49)")
    parser.add_argument("--scheduler", default=None, help="run on the Dask cluster at this address")
    parser.add_argument("--out", default=None, help="the output folder")
    parser.add_argument("overrides", nargs="*", help="key=value: run settings, calibration.records, range.KEY=[low,high] "
                                                     "and county overrides")
    return parser


def _job(args, argv: list[str]):
    """Everything the command asks, checked before any work: the Job and what it prepared (loader,
    uncertainties, targets); ConfigError for the first mistake."""
    from analysis.calibrate.targets import national_rate_target, targets_for
    from analysis.sensitivity.configs import ConfigLoader
    from analysis.sensitivity.pipeline import check_ranges
    from analysis.sensitivity.ranges import uncertainties_for
    from analysis.sensitivity.runs import LEVERS, refuse_levers
    from sim.config.uncertainty import split_ranges

    scenario = args.scenario.removeprefix("scenario=")
    overrides, ranges = split_ranges(list(args.overrides))
    for item in overrides:
        if "=" not in item:
            raise ConfigError(item, item, "an argument after the scenario is key=value (see --help)")
    written = dict((k.strip(), v.strip()) for k, v in (item.split("=", 1) for item in overrides))
    if "scenario" in written:
        scenario = written.pop("scenario")
        overrides = [o for o in overrides if o.split("=", 1)[0].strip() != "scenario"]
    plan = _plan(args, written)
    county = tuple(o for o in overrides if o.split("=", 1)[0].strip() not in (*RUN_KEYS, RECORDS))
    import sim

    config = sim.load_config(scenario, ["run=report", *overrides])   # refuses a bad value or records file
    loader = ConfigLoader(scenario, county)
    base = loader.config([])
    targets = targets_for(config)
    if args.national_rate_within is not None:
        if not config.calibration.records:
            raise ConfigError("--national-rate-within", args.national_rate_within,
                              "only with calibration.records: without records the national rate is a target already")
        if not args.national_rate_within > 1:
            raise ConfigError("--national-rate-within", args.national_rate_within, "a factor > 1 (2: half to twice)")
        targets = [*targets, national_rate_target(args.national_rate_within)]
    every = uncertainties_for(base, ranges)
    chosen = _only(args.only, every)
    check_ranges(chosen, loader)
    refuse_levers([item.key for item in chosen], LEVERS)
    if args.coverage is not None and args.coverage < 1:
        raise ConfigError("--coverage", args.coverage, "trials: a whole number >= 1")
    client = None
    if args.scheduler is not None:
        from sim.sweep.execute import connect

        client = connect(args.scheduler)
    from sim.io import check_writable, default_folder

    folder = Path(args.out) if args.out else default_folder(FOLDER / config.name, list(county) + (
        [f"records={Path(config.calibration.records).stem}"] if config.calibration.records else []))
    check_writable("--out", folder)
    run = RunSettings(engine=config.engine, seed=config.seed, n_jobs=config.n_jobs, client=client,
                      scheduler=args.scheduler)
    job = Job(scenario, county, config.calibration.records, ranges, tuple(item.key for item in chosen), plan,
              args.coverage or 0, folder, run, " ".join(["python -m analysis.calibrate", *argv]))
    return job, (loader, chosen, targets, config)


def _plan(args, written: dict) -> Plan:
    replications = REPLICATIONS
    if "replications" in written:
        try:
            replications = int(written["replications"])
        except ValueError:
            raise ConfigError("replications", written["replications"], "a whole number >= 2") from None
    plan = Plan(waves=args.waves, points=args.points,
                held_out=args.held_out if args.held_out is not None else max(2, args.points // 4),
                fitted=args.fitted if args.fitted is not None else args.points, replications=replications,
                active=args.active, cutoff=args.cutoff, discrepancy=args.discrepancy, sample=args.nroy_sample)
    checks = [("--waves", plan.waves, plan.waves >= 1, "a whole number >= 1"),
              ("--active", plan.active, plan.active >= 1, "a whole number >= 1"),
              ("--points", plan.points, plan.points >= minimum_points(plan),
               f"at least {minimum_points(plan)} (10, and two per input an emulator takes: --active {plan.active})"),
              ("--held-out", plan.held_out, plan.held_out >= 2, "a whole number >= 2 (the emulators' check)"),
              ("--fitted", plan.fitted, plan.fitted >= 1, "a whole number >= 1"),
              ("replications", plan.replications, plan.replications >= 2,
               "a whole number >= 2 (the model's stochastic variance needs two replications a point)"),
              ("--cutoff", plan.cutoff, plan.cutoff > 0, "a number > 0 (3 is usual)"),
              ("--discrepancy", plan.discrepancy, 0 <= plan.discrepancy < 10, "a fraction of each record, >= 0"),
              ("--nroy-sample", plan.sample, plan.sample >= 1000, "a whole number >= 1000")]
    for key, value, ok, allowed in checks:
        if not ok:
            raise ConfigError(key, value, allowed)
    return plan


def _only(text: str | None, every: list) -> list:
    """The uncertainties `--only` names (keys or mechanisms), in schema order; all of them without it."""
    if text is None:
        return every
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise ConfigError("--only", text, "comma-separated uncertainty keys or mechanisms")
    for name in names:
        if not any(name in (item.key, item.group) for item in every):
            raise ConfigError("--only", name, f"is neither an uncertainty nor a mechanism of this scenario's "
                                              f"{len(every)} (python -m sim.config.uncertainty SCENARIO lists them)")
    return [item for item in every if item.key in names or item.group in names]


def _run(job: Job, prepared) -> int:
    from analysis.calibrate.history import history_match
    from analysis.calibrate.report import manifest_of, write_all

    loader, chosen, targets, config = prepared
    started = time.perf_counter()
    job.folder.mkdir(parents=True, exist_ok=True)
    base = {"scenario": config.name, "command": job.command, "engine": job.run.engine, "seed": job.run.seed,
            "workers": f"Dask at {job.run.scheduler}" if job.run.client is not None else f"{job.run.n_jobs} worker(s)",
            "records": job.records or "default (published figures)", "records_path": job.records,
            "overrides": list(job.overrides), "ranges": {k: list(v) for k, v in job.ranges.items()}}
    if job.coverage:
        return _coverage(job, loader, chosen, targets, base, started)
    fit = history_match(chosen, targets, loader, job.plan, job.folder, job.run)
    manifest = manifest_of(fit, {**base, "seconds": 0.0})
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    write_all(job.folder, fit, manifest)
    print(f"calibrate: wrote {job.folder / 'summary.md'}", file=sys.stderr)
    print(job.folder)
    return 0


def _coverage(job: Job, loader, chosen, targets, base: dict, started: float) -> int:
    from analysis.calibrate.recovery import COVERAGE_MEASURES, coverage
    from analysis.sensitivity.summary import write_manifest, write_table

    measures = [t.name for t in targets] if job.records else list(COVERAGE_MEASURES)
    table = coverage(loader, chosen, measures, job.plan, job.coverage, job.folder, job.run)
    share = float(table.covered.mean())
    write_table(job.folder, "coverage.csv", table)
    write_manifest(job.folder, {**base, "coverage": share, "trials": job.coverage, "measures": measures,
                                "plan": dataclasses.asdict(job.plan),
                                "seconds": round(time.perf_counter() - started, 1)})
    print(f"calibrate: the truth is in the final NROY space in {int(table.covered.sum())} of {len(table)} trials "
          f"(coverage {share:.2f}); {job.folder / 'coverage.csv'}", file=sys.stderr)
    print(job.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
