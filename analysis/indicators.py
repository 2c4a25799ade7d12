"""The indicators the policy documents judge by, computed from a run's tables (SOURCES.md)."""

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
    ("reports_valid", "举报属实", "reports verified", True),
    ("fines", "罚款 (元)", "fines (yuan)", True),
    ("suspensions", "停产整顿", "suspensions", True),
    ("closures", "关闭", "closures", True),
)


def indicator_table(summary: pd.DataFrame, years: float) -> pd.DataFrame:
    """Mean and 95% interval of each indicator, per year where the indicator is a count."""
    s = summary.set_index("metric")
    rows = []
    for metric, zh, en, per_year in INDICATORS:
        scale = 1.0 / years if per_year else 1.0
        row = s.loc[metric]
        rows.append({"indicator": zh, "meaning": en + (" per year" if per_year else ""),
                     "mean": row["mean"] * scale, "ci_low": row["ci_low"] * scale, "ci_high": row["ci_high"] * scale})
    return pd.DataFrame(rows)


def format_number(value: float) -> str:
    if pd.isna(value):
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"
