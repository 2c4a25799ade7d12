"""The numbers of the sections about the county as it is: the plan, the months, the funnel, the hours,
the documents' indicators against their targets, and the field trial.

Each function takes a `County` (analysis.report.study) and returns a small DataFrame or dict that a
chart and a sentence are made from. Counts are a year of the measured window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.field_trial import trial_table
from analysis.report.study import County
from sim.results_schema import CHANNELS, PLANNED, WINDOW_YEARS
from sim.rules.dispatch import SOURCES
from sim.sweep.tables import interval

# 十万人死亡率 (工矿商贸), China (docs/sources.md, "Outside the documents")
NATIONAL_DEATH_RATE = (("2020", 1.301), ("2022", 1.19), ("2023", 1.244))
# Levine, Toffel & Johnson (Science 2012): injury claims −9.4% (95% CI −17.7% to −2.1%), as a ratio
LEVINE_RATIO, LEVINE_LOW, LEVINE_HIGH = 0.906, 0.823, 0.979
# city-13th-five-year-safety-plan-2017, 2020 target (docs/sources.md): below 1.5
DOCUMENT_DEATH_RATE_TARGET = 1.5


def plan_years(county: County) -> pd.DataFrame:
    """Per calendar year of the window the plan ran in: staff-days, days kept for unplanned work,
    check-days, checks planned and done, completion, and the key enterprises' coverage (means)."""
    rows = county.replications
    first = int(county.config.start_date[:4])
    out = []
    for k in range(WINDOW_YEARS):
        column = f"plan_staff_days_y{k + 1}"
        if column not in rows or rows[column].isna().all():
            continue
        out.append({"year": first + k, **{m: float(rows[f"plan_{m}_y{k + 1}"].mean()) for m in
                                          ("staff_days", "unplanned_days", "check_days", "checks", "checks_done",
                                           "completion", "key_shortfall")},
                    "coverage": float(rows[f"key_enterprise_coverage_y{k + 1}"].mean())})
    return pd.DataFrame(out)


def monthly(county: County) -> pd.DataFrame:
    return county.timeseries


def monthly_band(months: pd.DataFrame, name: str) -> pd.DataFrame:
    """Per month (the index, "YYYY-MM" in order) of series `name`: the mean over replications and the
    range of the middle 90% of them (`low`, `high`): what one year of the county may look like."""
    by_month = months.groupby("month", sort=True)[name]
    return pd.DataFrame({"mean": by_month.mean(), "low": by_month.quantile(0.05), "high": by_month.quantile(0.95)})


def funnel(county: County) -> pd.DataFrame:
    """Hazards a year by stage, all and major: created; found, by channel; closed, in two flows: those
    found first (in the window or before it) and those nobody had found (`closed_unfound`: routine
    repair closes a hazard found or not, and an accident or the enterprise's closure ends one too), so
    that found hazards can be fewer than closed ones. A result from before those counts existed has
    one flow, `closed`."""
    mean = county.replications.mean(numeric_only=True) / county.years
    rows = [("all", "created", "created", mean.hazards_created)]
    rows += [("all", "found", channel, mean[f"found_{channel}"]) for channel in CHANNELS if mean[f"found_{channel}"] > 0]
    rows += _closed("all", mean.hazards_closed, mean.get("closed_unfound"))
    rows += [("major", "created", "created", mean.major_hazards_created),
             ("major", "found", "found_major", mean.major_hazards_found)]
    rows += _closed("major", mean.major_hazards_closed, mean.get("major_closed_unfound"))
    return pd.DataFrame(rows, columns=["kind", "stage", "part", "value"])


def _closed(kind: str, closed: float, unfound: float | None) -> list[tuple]:
    if unfound is None or unfound != unfound:
        return [(kind, "closed", "closed", closed)]
    return [(kind, "closed", "closed_found", closed - unfound), (kind, "closed", "closed_unfound", unfound)]


def durations(county: County) -> dict[str, tuple[float, float, float]]:
    """Mean days from a hazard's start to its finding and from finding to closing, and a report's
    wait for verification, each with its 95% interval over replications."""
    rows = county.replications
    return {name: interval(rows[name].dropna().to_numpy(float))
            for name in ("mean_days_to_find", "mean_days_to_close", "mean_days_to_verify")
            if name in rows and rows[name].notna().any()}


def hours(county: County) -> pd.DataFrame:
    """Inspector hours a year by who asked for the work, their share, the tasks asked for and done,
    and (for planned regimes) the share done; sources with no hours left out, so a county with no
    inspectors has no rows."""
    mean = county.replications.mean(numeric_only=True)
    years = county.years
    total = sum(mean[f"hours_{s}"] for s in SOURCES)
    rows = []
    for source in SOURCES:
        spent = mean[f"hours_{source}"] / years
        if not spent > 0:
            continue
        rows.append({"source": source, "hours": spent, "share": mean[f"hours_{source}"] / total if total else math.nan,
                     "asked": mean[f"tasks_created_{source}"] / years,
                     "done": (mean["inspections_double_random"] if source == "double_random"
                              else mean[f"inspections_{source}"]) / years,
                     "completion": mean[f"plan_completion_{source}"] if source in PLANNED else math.nan})
    columns = ["source", "hours", "share", "asked", "done", "completion"]
    return pd.DataFrame(rows, columns=columns).sort_values("hours", ascending=False, ignore_index=True)


@dataclass(frozen=True, slots=True)
class StaffTime:
    """A year of the inspectors' time from staff-days to hours worked (`staff_time`)."""

    rows: pd.DataFrame       # key, days (staff-days of `hours_per_day` hours), hours; whole numbers
    utilisation: float       # hours worked (every source's) over the hours available
    hours_per_day: float
    admin_share: float
    reserve: float | None    # the plan's reserve; None without the plan


def staff_time(county: County) -> StaffTime | None:
    """How the annual plan's staff-days and the hours by source add up, a year of the window on
    average (its days over 365.25, as the hours by source are), in staff-days of `hours_per_day`
    hours and in hours (docs/model.md §6 and §7):

    - staff-days (inspectors × working days) = other duties (`admin_share`) + days for enforcement,
      whose hours are the hours available (utilisation's denominator);
    - with the plan: days for enforcement = kept for the unplanned work the plan expects (what it
      took the year before) + the reserve + check-days, in the plan's own proportions over the
      window's years (`plan_years`);
    - hours available = unplanned work (every source but the plan) + planned checks + not worked.

    Whole numbers; the part named last in each sum (other duties, the reserve, not worked) takes the
    rounding, so that each sum adds up as printed, and the hours of work are the sums of the hours
    table's rows as printed (`hours`). None without staff hours (no inspectors).
    """
    rows, years, inspectors = county.replications, county.years, county.config.inspectors
    with np.errstate(divide="ignore", invalid="ignore"):
        available = float((rows.inspector_hours / rows.inspector_utilization).mean()) / years
    if not available > 0:
        return None
    per_day, admin = inspectors.hours_per_day, inspectors.admin_share
    staff = available / (per_day * (1.0 - admin))
    by_source = hours(county).set_index("source").hours.round()
    planned = float(by_source.get("annual_plan", 0.0))
    unplanned = float(by_source.sum()) - planned
    whole = {"staff": (round(staff), round(staff * per_day)),
             "enforcement": (round(staff * (1.0 - admin)), round(available))}
    out = [("staff", *whole["staff"]),
           ("admin", *(whole["staff"][i] - whole["enforcement"][i] for i in (0, 1))),
           ("enforcement", *whole["enforcement"])]
    plan = plan_years(county)
    if not plan.empty:
        share = {m: float(plan[m].sum() / plan.staff_days.sum()) for m in ("unplanned_days", "check_days")}
        kept = (round(staff * share["unplanned_days"]), round(staff * share["unplanned_days"] * per_day))
        checks = (round(staff * share["check_days"]), round(staff * share["check_days"] * per_day))
        out += [("plan_unplanned", *kept),
                ("plan_reserve", *(whole["enforcement"][i] - kept[i] - checks[i] for i in (0, 1))),
                ("plan_checks", *checks)]
    done = [("done_unplanned" if not plan.empty else "done_all", round(unplanned / per_day), round(unplanned))]
    if not plan.empty:
        done.append(("done_plan", round(planned / per_day), round(planned)))
    out += [*done, ("idle", whole["enforcement"][0] - sum(r[1] for r in done),
                    whole["enforcement"][1] - sum(r[2] for r in done))]
    return StaffTime(pd.DataFrame(out, columns=["key", "days", "hours"]), (planned + unplanned) / available,
                     per_day, admin, None if plan.empty else county.config.regimes.annual_plan.reserve)


def tasks(county: County) -> dict[str, float]:
    mean = county.replications.mean(numeric_only=True) / county.years
    return {"created": float(mean.tasks_created), "expired": float(mean.tasks_expired),
            "utilisation": float(county.replications.inspector_utilization.mean())}


def targets(county: County) -> pd.DataFrame:
    """The documents' indicators: value with its 95% interval, the target (the scenario's, else the
    documents'), and the share of simulated periods that meet it (None where no number is set)."""
    rows, years = county.replications, county.years
    set_by = county.config.targets
    out = []

    def add(key: str, values: np.ndarray, target: float | None, below: bool = True, source: str = "scenario"):
        mean, low, high = interval(values)
        met = None if target is None else float(np.mean(values < target) if below else np.mean(values >= target))
        out.append({"indicator": key, "mean": mean, "low": max(low, 0.0), "high": high, "target": target,
                    "met": met, "source": source if target is not None else "none"})

    rate = rows.deaths_per_100k_workers_year.to_numpy(float)
    own = set_by.deaths_per_100k_workers_max
    add("death_rate", rate, own if own is not None else DOCUMENT_DEATH_RATE_TARGET,
        source="scenario" if own is not None else "city_plan")
    for key, metric, field in (("accidents", "accidents", "accidents_per_year_max"),
                               ("deaths", "deaths", "deaths_per_year_max"),
                               ("deaths_industrial", "deaths_industrial", "deaths_outside_road_per_year_max"),
                               ("serious_accidents", "serious_accidents", "serious_accidents_per_year_max")):
        add(key, rows[metric].to_numpy(float) / years, getattr(set_by, field))
    add("coverage", rows.key_enterprise_coverage.to_numpy(float), 0.9995, below=False, source="county_plan")
    add("rectification", rows.rectification_rate.to_numpy(float), None)
    # 重大隐患动态清零 is about the major hazards a bureau knows of; the model's stock holds the unfound
    # ones too, so it is shown without that target
    add("major_open_end", rows.major_hazards_open_end.to_numpy(float), None)
    return pd.DataFrame(out)


def double_decline(county: County) -> float | None:
    """The share of simulated periods in which both accidents and deaths are lower in the window's last
    whole year than in its first (双下降 by chance alone, at constant policy); None under two years."""
    months = county.timeseries
    if months.empty or county.config.horizon_days < 2 * 365:
        return None
    years = months.month.str[:4]
    first, last = years.min(), sorted(years.unique())[-1]
    counts = months.assign(year=years).groupby(["replication", "year"])[["accidents", "deaths"]].sum()
    whole = months.assign(year=years).groupby("year").month.nunique()
    if whole.get(last, 0) < 12:
        last = sorted(years.unique())[-2]
    a, b = counts.xs(first, level="year"), counts.xs(last, level="year")
    return float(((b.accidents < a.accidents) & (b.deaths < a.deaths)).mean())


def trial(replications: pd.DataFrame) -> pd.DataFrame:
    """The field trial's treated/control ratio of expected accidents (`ratio`, `low`, `high`) and of
    counted accidents (`counted_ratio`, ...: what Levine et al. counted, as injury claims), per
    follow-up year and over the four years, with 95% bootstrap intervals (analysis.field_trial)."""
    table = trial_table(replications)
    keep = table[~table.period.str.startswith("years 2")]
    return pd.DataFrame({"period": keep.period, "ratio": keep.expected_accidents_ratio,
                         "low": keep.expected_accidents_low, "high": keep.expected_accidents_high,
                         "counted_ratio": keep.accidents_ratio, "counted_low": keep.accidents_low,
                         "counted_high": keep.accidents_high,
                         "replications": keep.replications}).dropna(subset=["ratio"]).reset_index(drop=True)
