"""Schema of the model's parameters (MODEL.md §1–§6), one dataclass per concept.

Defaults are the county baseline; `docs/model.md` is generated from the metadata here.
`slots=True, kw_only=True` because `frozen=True` breaks Hydra's merge (STYLE.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param

SECTORS = (
    "hazardous_chemicals",
    "non_coal_mines",
    "construction",
    "industry_trade",
    "town_gas",
    "crowded_premises",
    "road_transport",
    "fireworks",
)
DISPATCH_MODES = ("pooled", "territorial")

EVIDENCE_SPECIFIC = "Haviland et al. 2012 (-19% to -24% for ~2 years after a penalty); Levine et al. 2012"
EVIDENCE_ORDERS = ("Levine et al. 2012 (one random inspection: -9.4%, -2.1% to -17.7%, over ~4 years); bounded by "
                   "Haviland et al. 2012 and Gray & Mendeloff 2005 (a penalty: at most -19% to -24%)")
LAW_2021 = "Work Safety Law 2021 (安全生产法) fine ranges; point value assumed"


@dataclass(slots=True, kw_only=True)
class SectorParams:
    """Physics of one sector: size, capability, hazard and accident rates, deaths."""

    label_zh: str = param("", rule="any", doc="Chinese name used in reports")
    industry_mining_commerce: bool = param(
        True, rule="any", source="national indicator definition (docs/sources.md)",
        doc="counts in the 工矿商贸 deaths-per-100,000-workers rate (road transport does not)")
    workers_median: float = param(30.0, rule="positive", unit="workers", doc="median workforce (lognormal)")
    workers_sigma: float = param(1.0, rule="nonneg", unit="log-sd", doc="log standard deviation of workforce")
    quality_alpha: float = param(3.0, rule="positive", doc="Beta(alpha, beta) of safety-management quality q")
    quality_beta: float = param(3.0, rule="positive", doc="Beta(alpha, beta) of safety-management quality q")
    base_risk: float = param(1.5, rule="nonneg", doc="sector risk score that, with size, sets the risk tier")
    hazard_rate: float = param(0.015, rule="nonneg", unit="hazards/day",
                               doc="hazard arrival rate of a reference enterprise (q = 0.5, w = w_ref)")
    p_major: float = param(0.02, rule="probability", doc="share of hazards that are major (重大事故隐患)")
    accident_rate_general: float = param(2e-5, rule="nonneg", unit="1/day",
                                         doc="accident rate of one open general hazard (κ_general)")
    accident_rate_major: float = param(3e-4, rule="nonneg", unit="1/day",
                                       doc="accident rate of one open major hazard (κ_major)")
    p_fatal_general: float = param(0.05, rule="probability", doc="share of general-hazard accidents that kill")
    p_fatal_major: float = param(0.2, rule="probability", doc="share of major-hazard accidents that kill")
    fatality_tail: float = param(2.5, rule="positive",
                                 doc="tail index a of deaths in a fatal accident: P(deaths >= k) = k^-a")
    flood_factor: float = param(1.0, rule="nonneg", doc="hazard-rate multiplier in the flood season (汛期)")
    winter_factor: float = param(1.0, rule="nonneg", doc="hazard-rate multiplier in winter")
    weather_factor: float = param(1.0, rule="nonneg",
                                  doc="hazard-rate multiplier on extreme-weather alert days (雨雪冰冻, 高温, 台风); "
                                      "above 1 marks the sector as exposed")


@dataclass(slots=True, kw_only=True)
class TierThresholds:
    """Risk score cut-offs: red >= red, orange >= orange, yellow >= yellow, else blue."""

    red: float = param(5.0, rule="nonneg", doc="score at or above which an enterprise is red (重大风险)")
    orange: float = param(3.0, rule="nonneg", doc="score at or above which it is orange (较大风险)")
    yellow: float = param(1.5, rule="nonneg", doc="score at or above which it is yellow (一般风险)")


# The default sector mix: an empty or omitted `population.sector_shares` means these shares. They are
# county_baseline's (scenarios/county_baseline.yaml, tested equal), assumed: no document gives a
# county's enterprise counts by sector. They are not the field's default, because OmegaConf would
# merge a scenario's own shares into them (and those would no longer sum to 1); the loader fills
# them in when it turns the composed config into `Config` (sim/config/loader.py, `to_config`), so
# the recorded config shows the shares that ran.
DEFAULT_SECTOR_SHARES = {
    "hazardous_chemicals": 0.04,
    "non_coal_mines": 0.02,
    "construction": 0.12,
    "industry_trade": 0.45,
    "town_gas": 0.03,
    "crowded_premises": 0.25,
    "road_transport": 0.07,
    "fireworks": 0.02,
}


@dataclass(slots=True, kw_only=True)
class PopulationConfig:
    """The enterprises (生产经营单位) of the jurisdiction."""

    enterprises: int = param(3000, rule="count", unit="enterprises", doc="number of enterprises")
    sector_shares: dict[str, float] = param(
        rule="shares", source="assumed: no document gives a county's enterprise counts by sector",
        doc="share of enterprises in each sector; empty or omitted means the default mix, county_baseline's "
            "(DEFAULT_SECTOR_SHARES in sim/config/model_schema.py)",
        factory=dict)
    reference_workers: float = param(50.0, rule="positive", unit="workers", doc="w_ref in the hazard rate")
    size_exponent: float = param(0.5, rule="nonneg", doc="α: hazard rate scales as (workers/w_ref)^α")
    quality_effect: float = param(2.0, rule="nonneg", doc="β: hazard rate scales as exp(-β (q - 0.5))")
    good_credit_share: float = param(0.2, rule="probability", doc="share starting with good credit")
    tier_size_exponent: float = param(0.5, rule="nonneg",
                                      doc="risk score = base_risk x (workers/w_ref)^this")
    tier_thresholds: TierThresholds = param(rule="any", factory=TierThresholds,
                                            doc="risk-tier cut-offs")


@dataclass(slots=True, kw_only=True)
class HazardConfig:
    """How open hazards end without anyone finding them (§2)."""

    natural_closure_rate: float = param(1 / 120, rule="nonneg", unit="1/day",
                                        doc="ν: routine repair closes an open hazard at this rate")
    escalation_rate: float = param(0.0, rule="nonneg", unit="1/day",
                                   doc="ε: an open general hazard becomes major at this rate")


@dataclass(slots=True, kw_only=True)
class SelfInspectionConfig:
    """自查自改自报: the enterprise's own checks (§3)."""

    monthly_enabled: bool = param(
        False, rule="any", source="town-major-hazard-campaign-2023 (a campaign-period duty)",
        doc="principal's monthly check (主要负责人每月至少带队检查1次)")
    quarterly_enabled: bool = param(
        True, rule="any", source="city-management-bureau-three-grips-plan",
        doc="full check every quarter (每季度至少一次全面安全检查)")
    monthly_detection_general: float = param(0.3, rule="probability", doc="d_self of a monthly check, times q")
    monthly_detection_major: float = param(0.25, rule="probability", doc="d_self for major hazards, times q")
    quarterly_detection_general: float = param(0.5, rule="probability", doc="d_self of a full check, times q")
    quarterly_detection_major: float = param(0.4, rule="probability", doc="d_self for major hazards, times q")
    report_major_base: float = param(0.2, rule="probability",
                                     doc="report_self(q) = base + slope q: self-found major hazard reported")
    report_major_quality_slope: float = param(0.6, rule="nonneg", doc="slope of report_self in q")


@dataclass(slots=True, kw_only=True)
class DetectionConfig:
    """Probability that one government check finds one latent hazard (§3)."""

    professional_general: float = param(0.6, rule="probability", doc="trained inspector, general hazard")
    professional_major: float = param(0.7, rule="probability", doc="trained inspector, major hazard")
    nonprofessional_general: float = param(0.35, rule="probability", doc="untrained inspector, general hazard")
    nonprofessional_major: float = param(0.45, rule="probability", doc="untrained inspector, major hazard")
    expert_general: float = param(0.85, rule="probability", doc="expert-led check, general hazard")
    expert_major: float = param(0.9, rule="probability", doc="expert-led check, major hazard")
    announced_factor: float = param(0.7, rule="probability",
                                    doc="multiplier on general-hazard detection when the check is announced")


@dataclass(slots=True, kw_only=True)
class ReportsConfig:
    """Whistleblower reports (举报) at the base rate; the reward comes from the regime (§3)."""

    hazard_report_rate: float = param(
        2e-4, rule="nonneg", unit="1/day", source="calibrated to the 2024 hotline figures (docs/sources.md)",
        doc="r_0: report rate of one latent hazard at a reference enterprise and g = 1")
    size_exponent: float = param(0.5, rule="nonneg", doc="α_r: report rate scales as (workers/w_ref)^α_r")
    unfounded_rate: float = param(
        2e-4, rule="nonneg", unit="1/day", source="calibrated to the 2024 hotline figures (42.5% not verified)",
        doc="f_0: unfounded reports per enterprise-day at g = 1")
    no_reward_propensity: float = param(0.3, rule="probability", doc="g(0): propensity to report with no reward")
    reward_scale: float = param(2000.0, rule="positive", unit="yuan",
                                doc="g(r) = g0 + (1-g0)(1 - exp(-r / scale)): saturation scale")


@dataclass(slots=True, kw_only=True)
class RectificationConfig:
    """整改, 闭环管理: deadlines, compliance and the consequences of failure (§4)."""

    p_on_spot: float = param(0.6, rule="probability",
                             source="assumed; Haifeng 2022 (95% of found hazards fixed)",
                             doc="general hazard found by inspection fixed on the spot (立查立改)")
    general_deadline_days: float = param(15.0, rule="nonneg", unit="days",
                                         doc="T_general: days the enterprise has to fix a general hazard")
    major_deadline_days: float = param(60.0, rule="nonneg", unit="days",
                                       doc="T_major: days the enterprise has to fix a major hazard (挂牌督办 "
                                           "deadline); the follow-up (复查) falls due then")
    compliance_base: float = param(0.8, rule="probability", doc="c at q = 0.5 and normal credit")
    compliance_quality_slope: float = param(0.4, rule="nonneg", doc="c = base + slope (q - 0.5) - dishonest")
    compliance_dishonest_penalty: float = param(0.1, rule="probability", doc="lower compliance when dishonest")
    failures_to_close: int = param(3, rule="positive_count", source="town-major-hazard-campaign-2023 (多次受到处罚)",
                                   doc="k failed major-hazard follow-ups within the window close the firm")
    failure_window_days: float = param(365.0, rule="nonneg", unit="days", doc="window for k failures")
    min_suspension_days: float = param(30.0, rule="nonneg", unit="days",
                                       doc="停产整顿 lasts until fixed and at least this long")
    p_mark_found: float = param(0.5, rule="probability", doc="dishonest mark for a major hazard found by inspection")
    credit_repair_days: float = param(365.0, rule="nonneg", unit="days",
                                      doc="a dishonest mark is lifted after this long without violation")
    retrain_gain: float = param(0.1, rule="nonneg", source="county-three-year-rectification-plan-2020 (再培训率100%)",
                                doc="quality gain after an accident (约谈, 再培训), capped at 1")
    review_delay_days: float = param(365.0, rule="nonneg", unit="days",
                                     source="county-three-year-rectification-plan-2020 (事故结案一年内整改评估)",
                                     doc="review check after an accident investigation closes")


@dataclass(slots=True, kw_only=True)
class PenaltiesConfig:
    """Fines in yuan, on the firm and on its principal (一案双罚)."""

    major_found_firm: float = param(20_000.0, rule="nonneg", unit="yuan", source=LAW_2021,
                                    doc="major hazard found by inspection or report: fine on the firm")
    major_found_principal: float = param(5_000.0, rule="nonneg", unit="yuan", source=LAW_2021,
                                         doc="major hazard found by inspection or report: fine on the "
                                             "principal (主要负责人)")
    failed_followup_firm: float = param(100_000.0, rule="nonneg", unit="yuan", source=LAW_2021,
                                        doc="major hazard not fixed at the follow-up: fine on the firm")
    failed_followup_principal: float = param(20_000.0, rule="nonneg", unit="yuan", source=LAW_2021,
                                             doc="major hazard not fixed at the follow-up: fine on the principal")
    accident_firm: float = param(300_000.0, rule="nonneg", unit="yuan", source=LAW_2021,
                                 doc="after an accident: fine on the firm")
    accident_principal: float = param(50_000.0, rule="nonneg", unit="yuan", source=LAW_2021,
                                      doc="after an accident: fine on the principal")


@dataclass(slots=True, kw_only=True)
class TaskHours:
    """Inspector hours of one task at a reference-sized enterprise, by task type."""

    investigation: float = param(16.0, rule="nonneg", unit="hours", doc="accident investigation")
    verification: float = param(3.0, rule="nonneg", unit="hours", doc="report verification")
    followup: float = param(3.0, rule="nonneg", unit="hours", doc="major-hazard follow-up (复查)")
    targeted: float = param(6.0, rule="nonneg", unit="hours", doc="targeted or review check")
    expert: float = param(12.0, rule="nonneg", unit="hours", doc="expert-led deep check")
    double_random: float = param(6.0, rule="nonneg", unit="hours", doc="double-random check")


@dataclass(slots=True, kw_only=True)
class TaskWaits:
    """Days a task may wait in the queue before it expires, by task type."""

    investigation: float = param(30.0, rule="nonneg", unit="days", doc="accident investigation")
    verification: float = param(30.0, rule="nonneg", unit="days", doc="report verification")
    followup: float = param(30.0, rule="nonneg", unit="days", doc="major-hazard follow-up")
    targeted: float = param(60.0, rule="nonneg", unit="days", doc="targeted or review check")
    expert: float = param(30.0, rule="nonneg", unit="days", doc="expert-led deep check")


@dataclass(slots=True, kw_only=True)
class InspectorsConfig:
    """监管执法力量: the staffing lever and how its hours are used (§5)."""

    count: int = param(30, rule="count", unit="inspectors", doc="K, the staffing lever")
    hours_per_day: float = param(8.0, rule="nonneg", unit="hours", doc="working hours per day")
    admin_share: float = param(0.4, rule="probability", doc="share of hours spent on other duties")
    professional_share: float = param(
        0.6, rule="probability", source="county-three-year-rectification-plan-2020 (target >= 75% by 2022)",
        doc="share of inspectors with chemical or safety training")
    dispatch: str = param("pooled", rule="any", doc="pooled (one shared queue) or territorial (定区域、定人员)")
    announced_share: float = param(0.0, rule="probability", source="四不两直 (unannounced) is the rule",
                                   doc="share of checks announced in advance")
    task_size_exponent: float = param(0.3, rule="nonneg", doc="task hours scale as (workers/w_ref)^this")
    task_hours: TaskHours = param(rule="any", factory=TaskHours, doc="hours per task type")
    max_wait: TaskWaits = param(rule="any", factory=TaskWaits, doc="days before a task expires")


@dataclass(slots=True, kw_only=True)
class DeterrenceConfig:
    """General, specific and order deterrence (§6)."""

    general_max: float = param(0.3, rule="probability", doc="g_max: the largest general reduction in hazard rates")
    general_half_life_days: float = param(365.0, rule="positive", unit="days",
                                          doc="h_general: half-life of the perceived pressure that an "
                                              "inspection adds")
    pressure_scale: float = param(1.0, rule="positive", unit="inspections/enterprise/year",
                                  doc="π_0: perceived pressure at which general deterrence reaches 63% of "
                                      "g_max (1 - exp(-pressure / π_0))")
    publicity: float = param(1.0, rule="nonneg", source="Johnson 2020 (publicised penalties deter peers)",
                             doc="a published check weighs 1 + publicity in perceived pressure")
    specific_strength: float = param(0.2, rule="probability", source=EVIDENCE_SPECIFIC,
                                     doc="s: hazard-rate cut just after a penalty")
    specific_half_life_days: float = param(365.0, rule="positive", unit="days", source=EVIDENCE_SPECIFIC,
                                           doc="h_specific: half-life of the hazard-rate cut after a penalty")
    order_strength: float = param(0.4, rule="probability", source=EVIDENCE_ORDERS,
                                  doc="the largest cut in an enterprise's hazard rate from the rectification "
                                      "orders (责令限期整改) of government checks; calibrated on the simulated "
                                      "field trial (docs/model.md §13); range 0.2-0.6, so that one order's cut, "
                                      "strength (1 - exp(-1 / scale)), stays below a penalty's ~20%")
    order_scale: float = param(4.0, rule="positive", unit="orders", source="assumed",
                               doc="order pressure at which the orders' cut reaches 63% of order_strength "
                                   "(1 - exp(-P_order / scale)); range 2-8")
    order_half_life_days: float = param(1460.0, rule="positive", unit="days", source=EVIDENCE_ORDERS,
                                        doc="half-life of an enterprise's order pressure: a check that orders "
                                            "adds 1 (range 730-2920: Levine's effect lasts ~4 years, "
                                            "Haviland's ~2)")


@dataclass(slots=True, kw_only=True)
class CalendarConfig:
    """Seasons that raise hazard rates in the sectors that name a factor."""

    flood_season_start: str = param("06-01", rule="month_day", doc="first day of 汛期")
    flood_season_end: str = param("09-30", rule="month_day", doc="last day of 汛期")
    winter_start: str = param("12-01", rule="month_day", doc="first day of winter (may wrap the year)")
    winter_end: str = param("02-28", rule="month_day", doc="last day of winter")
    weather_alerts_per_year: float = param(
        4.0, rule="nonneg", unit="1/year",
        source="assumed: a county sees a few orange-or-red warnings (暴雨, 高温, 台风, 寒潮) a year",
        doc="extreme-weather alerts a year, drawn per replication (nature, whatever the regimes)")
    weather_alert_days: int = param(3, rule="count", unit="days", source="assumed",
                                    doc="days one alert lasts")
