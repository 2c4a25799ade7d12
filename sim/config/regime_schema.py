"""Schema of the enforcement regimes (MODEL.md §7): composable policy modules.

Every regime has `enabled`; both engines run every regime, alone or combined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.config.fields import param

THREE_GRIPS = "city-management-bureau-three-grips-plan"
SWITCH = "whether the bureau runs the regime, compared by conf/sweep/regimes.yaml"
CHANGXING = ("assumed: 长兴县's 2023 plan checks red firms monthly, yellow quarterly and blue half-yearly (a "
             "secondary summary, not verified; docs/sources.md), far above these; the ranges reach it")
LOWER_TIERS = "; down to none, the full_coverage option's, which plans the key tiers only"


@dataclass(slots=True, kw_only=True)
class DoubleRandomConfig:
    """双随机、一公开: random enterprises, random inspectors, results published."""

    enabled: bool = param(True, rule="any", source="region-annual-work-points-2020", doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    sampling_fraction: float = param(
        0.4, rule="probability", source="assumed: 1.6 checks per enterprise a year, near the capacity of 30 inspectors",
        doc="share of operating enterprises drawn each period", low=0.1, high=0.6,
        why="assumed: 0.1 (a check every 2.5 years) to 0.6 (the higher_sampling option: 2.4 a year)")
    period_months: int = param(3, rule="positive_count", unit="months", doc="length of one sampling period",
                                low=1, high=6, why="assumed: monthly to half-yearly draws")
    published: bool = param(True, rule="any", doc="results made public (一公开): weigh 1 + publicity in deterrence",
                            role="lever", why="一公开, the regime's rule; the unpublished option is compared, not sampled")


@dataclass(slots=True, kw_only=True)
class LeadMonthlyConfig:
    """每月带专家、执法人员开展1次隐患排查."""

    enabled: bool = param(False, rule="any", source=THREE_GRIPS, doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    checks_per_month: int = param(1, rule="count", unit="checks", doc="L expert-led checks a month",
                                  low=1, high=4,
                                  why="the three-grips plan asks each leader for one check a month (每月…开展1次); up "
                                      "to 4 with several leaders' patches (分片包干, the county campaign's assumption)")
    lookback_days: float = param(365.0, rule="nonneg", unit="days", doc="skip firms checked this recently",
                                  low=180.0, high=730.0, why="assumed: MODEL.md's 12 months; half a year to two")


@dataclass(slots=True, kw_only=True)
class TierFrequency:
    """Yearly inspections per enterprise, by risk tier."""

    red: float = param(2.0, rule="nonneg", unit="1/year", doc="red tier", low=1.0, high=12.0, why=CHANGXING)
    orange: float = param(1.0, rule="nonneg", unit="1/year", doc="orange tier", low=0.5, high=6.0, why=CHANGXING)
    yellow: float = param(0.5, rule="nonneg", unit="1/year", doc="yellow tier", low=0.0, high=4.0, why=CHANGXING + LOWER_TIERS)
    blue: float = param(0.2, rule="nonneg", unit="1/year", doc="blue tier", low=0.0, high=2.0, why=CHANGXING + LOWER_TIERS)


@dataclass(slots=True, kw_only=True)
class RiskBasedConfig:
    """分级分类执法, 重点企业检查全覆盖."""

    enabled: bool = param(False, rule="any", source=THREE_GRIPS, doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    frequency: TierFrequency = param(rule="any", factory=TierFrequency, doc="checks per year by tier")


@dataclass(slots=True, kw_only=True)
class CreditMultipliers:
    """Check-frequency multipliers by credit status."""

    good: float = param(0.5, rule="nonneg", doc="good credit (绿色通道)", low=0.25, high=1.0,
                       why="assumed: good credit (绿色通道) checked less, down to a quarter (the green_channel option)")
    normal: float = param(1.0, rule="nonneg", doc="normal credit", role="setting",
                         why="the reference multiplier: base_frequency already sets the frequency at normal credit")
    dishonest: float = param(2.0, rule="nonneg", doc="dishonest (失信)", low=1.5, high=4.0,
                            why="assumed: a dishonest firm (失信) checked more, up to 4 times (the strict option)")
    blacklisted: float = param(4.0, rule="nonneg",
                               doc="blacklisted (黑名单); no effect yet: MODEL.md §4 blacklists only at "
                                   "closure, and a closed enterprise is not checked",
                               role="inert", why="blacklisting comes only with closure, and a closed firm is not checked")


@dataclass(slots=True, kw_only=True)
class CreditBasedConfig:
    """信用监管, 差异化管理, 黑名单."""

    enabled: bool = param(False, rule="any", source="county-three-year-rectification-plan-2020", doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    base_frequency: float = param(0.5, rule="nonneg", unit="1/year", doc="checks per year at multiplier 1",
                                  low=0.25, high=2.0, why="assumed: a normal-credit firm checked every 4 years to twice a year")
    multipliers: CreditMultipliers = param(rule="any", factory=CreditMultipliers, doc="by credit status")
    blacklist_publication_months: int = param(3, rule="positive_count", unit="months", source=THREE_GRIPS,
                                              doc="the credit list the plan reads (失信/黑名单) is published every this many months")


KEY_PERIOD_NAMES = ("new_year", "spring_festival", "qingming", "labour_day", "dragon_boat", "mid_autumn",
                    "national_day", "flood_season")


@dataclass(slots=True, kw_only=True)
class KeyPeriodsConfig:
    """重点时段检查 (春节、元旦、清明、五一、十一、党的重要会议) and 自然灾害检查 (汛期、雨雪冰冻、高温、台风)."""

    enabled: bool = param(False, rule="any", source=THREE_GRIPS, doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    holidays: list[str] = param(rule="key_periods", source=THREE_GRIPS,
                                doc="holidays (real dates, lunar ones included) and the flood season whose "
                                    "run-up gets a surge",
                                factory=lambda: ["new_year", "spring_festival", "qingming", "labour_day",
                                                 "national_day", "flood_season"])
    days_before: int = param(10, rule="count", unit="days", source="assumed", doc="surge window before each",
                        low=5, high=15, why="assumed: the run-up a bureau checks, one to two weeks")
    surge_checks_per_day: float = param(5.0, rule="nonneg", unit="checks/day", source="assumed",
                                        doc="extra checks each working day of a window, per sector group",
                                        low=2.0, high=10.0, why="assumed: 2 to 10 extra checks a working day")
    sectors: list[str] = param(rule="sectors", source=THREE_GRIPS, doc="sectors the holiday and meeting surges check",
                               factory=lambda: ["hazardous_chemicals", "fireworks", "town_gas",
                                                "crowded_premises"])
    meetings: list[dict[str, str]] = param(rule="any", factory=list,
                                           doc="dated important meetings: {name, start, end}; checks during them",
                                           why="dated meetings a scenario lists from its calendar, not sampled")
    weather_surge: bool = param(True, rule="any", source=THREE_GRIPS,
                                doc="surge checks of the exposed sectors (weather_factor > 1) on alert days")


@dataclass(slots=True, kw_only=True)
class AccidentTriggeredConfig:
    """事故防范检查, 举一反三."""

    enabled: bool = param(False, rule="any", source=THREE_GRIPS, doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    min_deaths: int = param(3, rule="count", unit="deaths", doc="local accident class that triggers (>= this)",
                            low=1, high=10,
                            why="assumed: 3 (较大); from any fatal accident (1, the any_fatal option) to 重大 only (10)")
    checks: int = param(20, rule="count", unit="checks", doc="M same-sector checks", low=10, high=50,
                        why="assumed: 10 to 50 same-sector checks after a trigger (举一反三)")
    within_days: float = param(30.0, rule="nonneg", unit="days", doc="D: window to do them", low=15.0, high=60.0,
                               why="assumed: two weeks to two months")
    outside_major_per_year: float = param(2.0, rule="nonneg", unit="1/year",
                                          doc="major accidents elsewhere, per sector", low=0.5, high=6.0,
                                          why="assumed: accidents elsewhere that set off checks (国内外 重大, 省内 "
                                              "影响较大), per sector a year: 0.5 to 6")


@dataclass(slots=True, kw_only=True)
class WhistleblowerConfig:
    """举报奖励, 吹哨人, 高限奖励."""

    enabled: bool = param(False, rule="any", source="county-three-year-rectification-plan-2020", doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    reward_general: float = param(3000.0, rule="nonneg", unit="yuan",
                                  source="provincial reward rules (docs/sources.md: ¥3,000–300,000)",
                                  doc="reward per valid report of a general hazard",
                                  role="lever", why="the reward the bureau pays, compared by conf/sweep/reward.yaml")
    reward_major: float = param(30000.0, rule="nonneg", unit="yuan", source="city-13th-five-year-safety-plan-2017 (高限奖励)",
                                doc="reward per valid report of a major hazard",
                                role="lever", why="the reward the bureau pays, compared by conf/sweep/reward.yaml")


@dataclass(slots=True, kw_only=True)
class RemoteMonitoringConfig:
    """远程监管, 在线监测: major hazards of monitored enterprises raise an alarm, no inspector needed."""

    enabled: bool = param(False, rule="any", source="county-three-year-rectification-plan-2020", doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    sectors: list[str] = param(rule="sectors", source="county-three-year-rectification-plan-2020",
                               doc="monitored sectors (重大危险源, 尾矿库 在线监测)",
                               factory=lambda: ["hazardous_chemicals", "non_coal_mines"])
    monitored_share: float = param(1.0, rule="probability", source="county-three-year-rectification-plan-2020 (安装达到100%)",
                                   doc="share of enterprises in those sectors that are connected",
                                   role="lever", why="bought by the monitoring budget (conf/sweep/budget_mix.yaml)")
    detection_rate: float = param(0.05, rule="nonneg", unit="1/day", source="assumed: an alarm within 20 days on average",
                                  doc="m: a major hazard of a monitored enterprise is found at this rate",
                                  low=0.01, high=0.2,
                                  why="assumed: an alarm 5 to 100 days after a major hazard arises, on average: sensors "
                                      "see some hazards (gas, levels, temperatures) at once and unsafe practices never")
    yearly_cost: float = param(20_000.0, rule="nonneg", unit="yuan/enterprise/year",
                               source="assumed: sensors, platform and maintenance", doc="cost of monitoring one enterprise",
                               low=5_000.0, high=60_000.0,
                               why="assumed, no source: ¥5,000 (a connection to a platform the firm has) to ¥60,000 "
                                   "(new sensors at many points)")


@dataclass(slots=True, kw_only=True)
class ThirdPartyConfig:
    """政府购买服务, 第三方深度检查: purchased inspection capacity with no penalty power."""

    enabled: bool = param(False, rule="any", source="region-annual-work-points-2020", doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    inspector_days_per_year: float = param(200.0, rule="nonneg", unit="days/year", source="assumed",
                                           doc="purchased capacity, spread evenly over the working days",
                                           role="lever", why="the days bought (conf/sweep/budget_mix.yaml)")
    price_per_day: float = param(3000.0, rule="nonneg", unit="yuan/day", source="assumed: a safety engineer's day rate",
                                 doc="price of one inspector-day", low=1_500.0, high=6_000.0,
                                 why="assumed, no source: a safety engineer's day rate, ¥1,500 to ¥6,000")
    compliance_factor: float = param(0.7, rule="probability", source="assumed",
                                     doc="advice without penalty power is followed with c x this", low=0.4, high=1.0,
                                     why="assumed: advice without penalty power is followed at most as an order (1), "
                                         "down to 0.4 of it")
    sectors: list[str] = param(rule="sectors", source="region-annual-work-points-2020 (在重点行业领域推行)",
                               doc="sectors whose enterprises the third party checks, in a random rotation",
                               factory=lambda: ["hazardous_chemicals", "non_coal_mines", "fireworks"])


PLAN_RULE = "安监总政法〔2017〕150号 (年度监督检查计划编制办法)"
PHASE = "a campaign phase, written from the campaign's plan"
KUANCHENG = "宽城区应急管理局 2025年度监督检查计划 (docs/sources.md)"


@dataclass(slots=True, kw_only=True)
class AnnualPlanConfig:
    """年度监督检查计划: each year's staff hours, less last year's unplanned work and a reserve (留有余地),
    as planned checks: key enterprises first (重点检查全覆盖), then general checks by risk (一般检查)."""

    enabled: bool = param(False, rule="any", source=f"{THREE_GRIPS} (科学制定、规范实施年度执法计划); {PLAN_RULE}",
                          doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    reserve: float = param(0.1, rule="probability",
                           source=f"assumed: {PLAN_RULE} art. 6 asks for 留有余地 and gives no figure",
                           doc="留有余地 (MODEL.md's plan_reserve): share of the staff's hours after admin_share the "
                               "plan leaves free beyond the unplanned work it expects",
                           low=0.0, high=0.25,
                           why=f"{PLAN_RULE} art. 6 asks for 留有余地 with no figure: none (the no_reserve option) "
                               "to a quarter (large_reserve is 0.21)")
    first_year_unplanned_share: float = param(
        0.714, rule="probability",
        source=f"{KUANCHENG}: 1,035 of the 1,449 staff-days left after 535 non-enforcement days",
        doc="the first plan year, with no year before it measured, expects unplanned work (investigations, "
            "verifications, follow-ups, other regimes) to take this share of the staff's hours after admin_share")
    general_checks: bool = param(True, rule="any",
                                 source="砀山县应急管理局 2025年度监督检查计划 (docs/sources.md) for false",
                                 doc="一般检查: the hours left after the key enterprises' checks go to general checks of "
                                     "the others, riskiest first; false: the plan holds the key enterprises only and "
                                     "leaves the others to double-random sampling")


@dataclass(slots=True, kw_only=True)
class CampaignPhase:
    """One dated phase of a campaign and the settings it overrides for its period."""

    name: str = param("", rule="any", doc="phase name", role="setting", why=PHASE)
    start: str = param("2020-01-01", rule="date", doc="first day", role="setting", why=PHASE)
    end: str = param("2020-12-31", rule="date", doc="last day", role="setting", why=PHASE)
    overrides: dict[str, Any] = param(rule="any", factory=dict, doc="config key -> value inside the phase",
                                       role="setting", why=PHASE)


@dataclass(slots=True, kw_only=True)
class CampaignConfig:
    """专项整治: 动员部署 → 自查自改 → 精准执法 → 巩固提高."""

    enabled: bool = param(False, rule="any", source="county-three-year-rectification-plan-2020", doc="switch: true turns this regime on",
        role="lever", why=SWITCH)
    phases: list[CampaignPhase] = param(rule="any", factory=list, doc="dated phases", role="setting",
                                         why="the campaign's dated phases, written from its plan")


@dataclass(slots=True, kw_only=True)
class RegimesConfig:
    """All enforcement regimes; any set may be on at once."""

    double_random: DoubleRandomConfig = param(rule="any", factory=DoubleRandomConfig, doc="")
    lead_monthly: LeadMonthlyConfig = param(rule="any", factory=LeadMonthlyConfig, doc="")
    risk_based: RiskBasedConfig = param(rule="any", factory=RiskBasedConfig, doc="")
    credit_based: CreditBasedConfig = param(rule="any", factory=CreditBasedConfig, doc="")
    key_periods: KeyPeriodsConfig = param(rule="any", factory=KeyPeriodsConfig, doc="")
    accident_triggered: AccidentTriggeredConfig = param(rule="any", factory=AccidentTriggeredConfig, doc="")
    whistleblower: WhistleblowerConfig = param(rule="any", factory=WhistleblowerConfig, doc="")
    remote_monitoring: RemoteMonitoringConfig = param(rule="any", factory=RemoteMonitoringConfig, doc="")
    third_party: ThirdPartyConfig = param(rule="any", factory=ThirdPartyConfig, doc="")
    annual_plan: AnnualPlanConfig = param(rule="any", factory=AnnualPlanConfig, doc="")
    campaign: CampaignConfig = param(rule="any", factory=CampaignConfig, doc="")


REGIMES = tuple(RegimesConfig.__dataclass_fields__)
