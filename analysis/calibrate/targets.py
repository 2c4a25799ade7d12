"""What the model is fitted to: the county's records, or without them published national figures, each
as a target (a recorded mean per year with its observation error) and the model's output it is
compared with.

From a records file (`calibration.records`, sim/county/records.py): each measure it gives becomes a
target, its value the mean per year over the years the file gives, compared with the model's mean per
year over its measured window (`MEASURES` says which output; docs/county_data.md how the definitions
differ). Its observation error is the file's error column when every year has one (years taken as
independent: the mean's error is sqrt(sum of squares) / years); otherwise a stated default:
`RELATIVE_ERROR` of the value for counts and amounts, `SHARE_ERROR` for shares. The Poisson chance of a
county's counts is not in the observation error: it is the model's own stochastic variance, a term of
the implausibility of its own (analysis/calibrate/implausibility.py), so it is not counted twice.

Without records, `default_targets`: published figures (/work/shared/SOURCES.md), each with its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.sensitivity.runs import Outcomes
from sim.config.errors import ConfigError
from sim.config.ranges import running_regimes
from sim.config.schema import Config
from sim.county.records import BY_NAME, KEY, MEASURES, load_records, records_headers

RELATIVE_ERROR = 0.10   # assumed recording error of a county's yearly count or amount: 10% of it
SHARE_ERROR = 0.02      # assumed recording error of a share (整改率): 2 percentage points

# 十万人死亡率 of 工矿商贸 workers nationally: 1.301 (2020), about 1.19 (2022), 1.244 (2023) (应急管理部
# statistics as SOURCES.md gives them, "China, deaths per 100,000 workers in industry, mining and commerce").
NATIONAL_RATE_YEARS = {2020: 1.301, 2022: 1.19, 2023: 1.244}
# Hazards found a check, as published (docs/sources.md, "Real counties' published figures"): none is a county
# bureau's own checks over a whole year (all departments, a campaign, a city's quarter), and they spread by a
# factor of 3.7, from 海丰县 2023 (all departments: 6,845 hazards in 25,330 checks, 0.27) to 天门市 2021 (one
# action's checks: 1,254 in 1,273, 0.99); 瑶海区 2024 (0.74) and Langfang (廊坊市) 2014 Q1 (17,343 in 18,245,
# 0.95) lie between. The default target is the range's centre on the log scale, the range its 95% interval.
PER_CHECK_LOW = (6845, 25330)      # (hazards, checks): 海丰县 2023
PER_CHECK_HIGH = (1254, 1273)      # (hazards, checks): 天门市 2021
PER_CHECK_RANGE_SDS = 2.0          # the published range is the target's centre ± this many sd (log scale)


@dataclass(frozen=True, slots=True)
class Target:
    """A recorded figure and the model's output compared with it.

    value: the recorded mean per year; error: its observation error (sd, same unit); years: how many
    years of one county's history the value stands for (the model's stochastic variance is scaled to
    a mean over that many years), 0 for an expected value (a national figure: no county's chance). The model's value of one replication is `metric` (less `less`;
    over `per` for a ratio), a year's worth when `per_year` (a window total over the window's years);
    a "window_year" metric is the mean of its `<metric>_y<k>` columns over the window's years.
    """

    name: str
    label: str
    kind: str               # count, amount, share or ratio
    value: float
    error: float
    years: int
    metric: str
    less: str = ""
    per: str = ""
    per_year: bool = True
    window_year: bool = False
    source: str = ""
    error_note: str = ""
    emulated_on: str = "log"   # the scale it is emulated and judged on: log, logit (shares) or identity

    def model(self, outcomes: Outcomes) -> np.ndarray:
        """float[points, replications]: the model's value of each point and replication."""
        if self.window_year:
            whole = max(1, int(round(outcomes.years)))
            columns = [f"{self.metric}_y{k + 1}" for k in range(whole)]
            return np.mean([outcomes.metric(c, per_year=False)[0] for c in columns], axis=0)
        value = outcomes.metric(self.metric, per_year=self.per_year)[0]
        if self.less:
            value = value - outcomes.metric(self.less, per_year=self.per_year)[0]
        if self.per:
            with np.errstate(divide="ignore", invalid="ignore"):
                value = value / outcomes.metric(self.per, per_year=self.per_year)[0]
        return value


def targets_for(config: Config) -> list[Target]:
    """The targets of `config`: its records' (`calibration.records`), or the default ones."""
    if config.calibration.records:
        return targets_from_records(config.calibration.records, config)
    return default_targets(config)


def targets_from_records(path: str, config: Config) -> list[Target]:
    """One target per measure of the records at `path`; ConfigError for a measure `config` cannot give."""
    table = load_records(path)
    headers, _ = records_headers(path)
    running = running_regimes(config)
    out = []
    for measure in MEASURES:
        rows = table[table.measure == measure.name]
        if rows.empty:
            continue
        _check_given(measure.name, headers[measure.name], path, running)
        values, errors = rows.value.to_numpy(float), rows.error.to_numpy(float)
        value = float(values.mean())
        if np.isfinite(errors).all():
            error, note = float(np.sqrt(np.sum(errors**2)) / len(values)), "the file's error column"
        elif np.isfinite(errors).any():
            filled = np.where(np.isfinite(errors), errors, [default_error(measure.kind, v) for v in values])
            error = float(np.sqrt(np.sum(filled**2)) / len(values))
            note = "the file's error column, the default where a year has none"
        else:
            error, note = default_error(measure.kind, value), default_note(measure.kind)
        out.append(Target(measure.name, headers[measure.name], measure.kind, value, error, len(values),
                          measure.metric, less=measure.less, per=measure.per,
                          per_year=measure.kind not in ("share", "ratio"),
                          window_year=measure.yearly == "window_year",
                          emulated_on="logit" if measure.kind == "share" else "log",
                          source=f"{path}, {', '.join(map(str, rows.year))}", error_note=note))
    return out


def default_error(kind: str, value: float) -> float:
    """The observation error of a recorded mean when the records give none."""
    return SHARE_ERROR if kind == "share" else RELATIVE_ERROR * abs(value)


def default_note(kind: str) -> str:
    return (f"default: {SHARE_ERROR:g} (recording error of a share)" if kind == "share" else
            f"default: {RELATIVE_ERROR:.0%} of the value (recording error)")


def national_rate_target(within: float) -> Target:
    """The county's expected 十万人死亡率 (工矿商贸) within a factor `within` of the national mean, at 2 sd on
    the log scale: a second, looser constraint beside a county's own deaths, which over a few years
    cannot tell a county from one twice as deadly (docs/calibration.md). Within 2: 0.62 to 2.49, about
    the robustness part's plausibility band (0.6 to 2.6)."""
    rate = float(np.mean(list(NATIONAL_RATE_YEARS.values())))
    log_sd = float(np.log(within) / 2.0)
    return Target("deaths_per_100k_workers", "十万人死亡率（工矿商贸，全国）", "ratio", rate, rate * log_sd, 0,
                  "deaths_per_100k_workers_year", per_year=False, emulated_on="log",
                  source=f"national 工矿商贸 十万人死亡率, mean {rate:.3f} of 2020, 2022 and 2023 (SOURCES.md); the "
                         f"county's expected rate taken to lie within a factor {within:g} of it",
                  error_note=f"{log_sd:.3f} on the log scale: a factor {within:g} is 2 sd (--national-rate-within)")


def default_targets(config: Config) -> list[Target]:
    """The targets without a county's records: published figures a county like the scenario's should match.

    - 十万人死亡率 (工矿商贸): the national mean of 2020, 2022 and 2023, compared with the model's deaths in the
      工矿商贸 sectors a year over its own workers in them (`deaths_per_100k_workers_year`): the county's
      deaths a year the record stands for are the rate times its workers, whatever the sampled workers
      per enterprise. A national figure averages thousands of counties, so it is taken as the county's
      expected rate (`years` 0: no one county's chance in it); the observation error, 10% of it, says how
      far this county's expected rate may lie from the nation's (the years 2020-2023 spread 4% either way).
    - hazards found a check: the published range's centre on the log scale (sqrt(0.27 x 0.99) = 0.517), with
      an observation error of a quarter of the range's log width (0.325: the range is the centre ± 2 sd),
      compared with the hazards the bureau's checks first find (`found_inspection`) over its enterprise-checks
      (`inspections`) and judged on the log scale. The published figures count all departments' checks or one
      campaign's, so they say where a county's ratio lies within a factor of about two, no closer; a single
      one (Langfang's 0.95 with 10%) ruled out most counties the death rate keeps (docs/calibration.md).
    """
    rates = list(NATIONAL_RATE_YEARS.values())
    rate = float(np.mean(rates))
    spread = (max(rates) - min(rates)) / 2
    low, high = (h / c for h, c in (PER_CHECK_LOW, PER_CHECK_HIGH))
    per_check = float(np.sqrt(low * high))
    log_sd = float(np.log(high / low) / (2 * PER_CHECK_RANGE_SDS))
    return [
        Target("deaths_per_100k_workers", "十万人死亡率（工矿商贸）", "ratio", rate, RELATIVE_ERROR * rate, 0,
               "deaths_per_100k_workers_year", per_year=False,
               source="national 工矿商贸 十万人死亡率 1.301 (2020), 1.19 (2022), 1.244 (2023), mean "
                      f"{rate:.3f} (SOURCES.md)",
               error_note=f"default: {RELATIVE_ERROR:.0%} of the value, a county's expected rate beside the "
                          f"nation's (the years' half-range is {spread:.3f})"),
        Target("hazards_per_check", "每次检查发现隐患", "ratio", per_check, per_check * log_sd, 0,
               "found_inspection", per="inspections", per_year=False, emulated_on="log",
               source=f"published range {low:.2f} (海丰县 2023, all departments) to {high:.2f} (天门市 2021, one "
                      "action), centre on the log scale; 瑶海区 2024 0.74 and Langfang 2014 Q1 0.95 inside "
                      "(docs/sources.md)",
               error_note=f"a quarter of the range's log width ({log_sd:.3f} on the log scale): the published "
                          f"range is the centre ± {PER_CHECK_RANGE_SDS:g} sd"),
    ]


def _check_given(measure: str, header: str, path: str, running: set[str]) -> None:
    """A measure the scenario's runs cannot give is refused, naming the column and what would give it."""
    if BY_NAME[measure].yearly == "window_year" and "annual_plan" not in running:
        raise ConfigError(KEY, path, f"its column {header} is a figure of the annual plan, which does not run in "
                                     "this scenario: switch it on (regimes.annual_plan.enabled=true) or leave the "
                                     "column out")
    if measure == "double_random_checks" and "double_random" not in running:
        raise ConfigError(KEY, path, f"its column {header} is double-random checks (双随机抽查), which do not run in "
                                     "this scenario: switch them on (regimes.double_random.enabled=true) or leave the "
                                     "column out")
    if measure == "rewards" and "whistleblower" not in running:
        raise ConfigError(KEY, path, f"its column {header} is rewards for reports, which the model pays only "
                                     "under regimes.whistleblower: switch it on (regimes/whistleblower=on) or leave "
                                     "the column out")


def targets_table(targets: Sequence[Target]) -> pd.DataFrame:
    """The targets as a table (the summary's and fit.csv's first columns)."""
    return pd.DataFrame([{"record": t.name, "label": t.label, "recorded": t.value, "observation_error": t.error,
                          "years": t.years, "error_from": t.error_note, "source": t.source} for t in targets])
