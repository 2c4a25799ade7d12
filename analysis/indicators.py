"""The indicators the policy documents judge by, computed from a run's tables (docs/sources.md)."""

from __future__ import annotations

import pandas as pd

# (metric, Chinese indicator, English label, scale per year?)
INDICATORS = (
    ("accidents", "事故起数", "accidents", True),
    ("deaths", "死亡人数", "deaths", True),
    ("serious_accidents", "较大及以上事故", "accidents with 3 or more deaths", True),
    ("deaths_per_100k_workers_year", "十万人死亡率 (工矿商贸)", "deaths per 100,000 workers a year (industry, mining, commerce)", False),
    ("deaths_road", "道路运输企业死亡人数", "deaths in road-transport firms (outside the rate above)", True),
    ("hazards_found", "排查隐患", "hazards found", True),
    ("major_hazards_found", "重大事故隐患", "major hazards found", True),
    ("rectification_rate", "隐患整改率 (闭环)", "share of found hazards closed", False),
    ("major_hazards_open_end", "重大隐患存量 (期末)", "major hazards open at the end", False),
    ("key_enterprise_coverage", "重点企业检查覆盖率", "red/orange-tier firms checked in a year", False),
    ("inspections", "执法检查", "inspector visits", True),
    ("inspector_utilization", "执法力量利用率", "share of inspector hours used", False),
    ("tasks_expired", "未完成任务", "tasks that expired unstarted", True),
    ("reports", "举报", "whistleblower reports", True),
    ("reports_valid", "举报属实", "valid reports (the hazard still open at verification)", True),
    ("mean_days_to_verify", "举报核查等待 (天)", "days a report waits for its verification", False),
    # Public spend by lever (sim.results_schema.SPEND, priced by costs.* and the regimes' prices).
    ("spend_inspectors", "执法人员经费 (元)", "inspectors' salaries and on-costs (yuan)", True),
    ("spend_training", "培训经费 (元)", "professional training of inspectors, spread over its years (yuan)", True),
    ("spend_rewards", "举报奖励 (元)", "rewards paid for valid reports (yuan)", True),
    ("spend_third_party", "政府购买服务 (元)", "third-party deep checks bought (yuan)", True),
    ("spend_remote_monitoring", "远程监管费用 (元)", "remote monitoring of connected firms (yuan)", True),
    ("spend_total", "公共支出合计 (元)", "public spend on all the levers above (yuan)", True),
    ("fines", "罚款 (元)", "fines (yuan)", True),
    ("suspensions", "停产整顿", "suspensions", True),
    ("closures", "关闭", "closures", True),
)
# Spending lines shown only when the lever that spends is used (their mean is then above zero); the
# inspectors and the total are always shown, so a report always says what its county costs.
SPENDING = ("spend_training", "spend_rewards", "spend_third_party", "spend_remote_monitoring")


def indicator_table(summary: pd.DataFrame, years: float) -> pd.DataFrame:
    """Mean and 95% interval of each indicator, per year where the indicator is a count."""
    s = summary.set_index("metric")
    rows = []
    for metric, zh, en, per_year in INDICATORS:
        scale = 1.0 / years if per_year else 1.0
        row = s.loc[metric]
        if metric in SPENDING and not row["mean"] > 0:
            continue
        rows.append({"indicator": zh, "meaning": en + (" per year" if per_year else ""),
                     "mean": row["mean"] * scale, "ci_low": row["ci_low"] * scale, "ci_high": row["ci_high"] * scale})
    return pd.DataFrame(rows)


def tail_note(replications: pd.DataFrame, years: float) -> str:
    """How much the worst replication weighs on the mean deaths: deaths per accident have a heavy
    (Pareto) tail, so one history with a 较大/重大 accident can move the mean and widen its interval,
    and the t-interval is only as good as the number of such histories in the run. '' if no deaths."""
    deaths = replications["deaths"].astype(float)
    total, n = float(deaths.sum()), len(deaths)
    if n < 2 or total <= 0:
        return ""
    worst = float(deaths.max())
    return (f"Deaths have a heavy tail: the worst of the {n} replications holds {worst / total:.0%} of all "
            f"simulated deaths ({worst:.0f} in {years:.3g} years); without it the mean would be "
            f"{format_number((total - worst) / (n - 1) / years)} deaths a year instead of "
            f"{format_number(total / n / years)}. The interval assumes such histories come up in the run as "
            f"often as in reality; with few replications, read it as a lower bound on the uncertainty.")


def format_number(value: float) -> str:
    if pd.isna(value):
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


# (target field in TargetsConfig, metric, Chinese indicator, English label, scale per year?)
TARGETS = (
    ("deaths_per_100k_workers_max", "deaths_per_100k_workers_year", "十万人死亡率 (工矿商贸)",
     "deaths per 100,000 workers a year (industry, mining, commerce)", False),
    ("accidents_per_year_max", "accidents", "事故起数", "accidents per year", True),
    ("deaths_per_year_max", "deaths", "死亡人数", "deaths per year", True),
    ("deaths_outside_road_per_year_max", "deaths_industrial", "死亡人数 (道路运输以外)",
     "deaths per year outside road-transport firms", True),
    ("serious_accidents_per_year_max", "serious_accidents", "较大及以上事故",
     "accidents with 3 or more deaths per year", True),
)


def target_table(summary: pd.DataFrame, replications: pd.DataFrame, targets, years: float) -> pd.DataFrame:
    """Each target that is set, against the simulated mean, its 95% interval and a verdict.

    `targets` is the scenario's `TargetsConfig`; a target of None is no target and gives no row.
    `below` is the share of replications whose own value is below the target.
    """
    s = summary.set_index("metric")
    rows = []
    for field, metric, zh, en, per_year in TARGETS:
        target = getattr(targets, field)
        if target is None:
            continue
        scale = 1.0 / years if per_year else 1.0
        row = s.loc[metric]
        values = replications[metric].astype(float) * scale
        mean, low, high = row["mean"] * scale, row["ci_low"] * scale, row["ci_high"] * scale
        rows.append({"indicator": zh, "meaning": en, "target": float(target), "mean": mean,
                     "ci_low": low, "ci_high": high, "below": float((values < target).mean()),
                     "verdict": verdict(float(target), low, high)})
    return pd.DataFrame(rows, columns=["indicator", "meaning", "target", "mean", "ci_low", "ci_high",
                                       "below", "verdict"])


def verdict(target: float, ci_low: float, ci_high: float) -> str:
    """'met' when the whole 95% interval is below the target, 'not met' when none of it is,
    'uncertain' when the interval contains the target ('–' when there is no interval)."""
    if pd.isna(ci_low) or pd.isna(ci_high):
        return "–"
    if ci_high < target:
        return "met"
    if ci_low >= target:
        return "not met"
    return "uncertain"


# Who asked for the inspectors' work (sim.rules.dispatch.SOURCES), as planners name it.
SOURCE_LABELS = {
    "core": "日常 (调查、举报核查、复查)", "double_random": "双随机抽查", "lead_monthly": "领导带队专家检查",
    "risk_based": "分级分类检查", "credit_based": "信用分类检查", "key_periods": "重点时段/自然灾害检查",
    "accident_triggered": "事故防范检查 (举一反三)", "third_party": "第三方发现后的执法检查",
    "trial": "随机对照试验的加查 (field trial)", "annual_plan": "年度监督检查计划",
}


def regime_table(summary: pd.DataFrame, years: float) -> pd.DataFrame:
    """Per source of work, per year: tasks asked for, inspections done, inspector hours, hazards found,
    and for planned regimes the share of asked-for checks done (计划完成率). Sources with no tasks are left out."""
    from sim.results_schema import PLANNED
    from sim.rules.dispatch import SOURCES

    mean = summary.set_index("metric")["mean"]
    rows = []
    for source in SOURCES:
        asked = mean[f"tasks_created_{source}"] / years
        if not asked > 0:
            continue
        done = mean[f"inspections_{source}"] / years
        rows.append({"regime": SOURCE_LABELS[source], "source": source, "asked": asked, "done": done,
                     "hours": mean[f"hours_{source}"] / years, "found": mean[f"found_{source}"] / years,
                     "completion": mean[f"plan_completion_{source}"] if source in PLANNED else float("nan")})
    return pd.DataFrame(rows)
