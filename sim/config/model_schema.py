"""Schema of the model's enforcement parameters (MODEL.md §3–§6), one dataclass per concept.

Defaults are the county baseline; `docs/model.md` is generated from the metadata here. Each assumed
number carries its plausible range and why (`sim.config.fields.param`). The county's world (sectors,
enterprises, hazards, seasons) is in `county_schema.py`, re-exported here.
`slots=True, kw_only=True` because `frozen=True` breaks Hydra's merge (STYLE.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.county_schema import DEFAULT_SECTOR_SHARES as DEFAULT_SECTOR_SHARES
from sim.config.county_schema import SECTORS as SECTORS
from sim.config.county_schema import CalendarConfig as CalendarConfig
from sim.config.county_schema import HazardConfig as HazardConfig
from sim.config.county_schema import PopulationConfig as PopulationConfig
from sim.config.county_schema import SectorParams as SectorParams
from sim.config.county_schema import TierThresholds as TierThresholds
from sim.config.fields import param

DISPATCH_MODES = ("pooled", "territorial")

EVIDENCE_SPECIFIC = "Haviland et al. 2012 (-19% to -24% for ~2 years after a penalty); Levine et al. 2012"
EVIDENCE_ORDERS = ("Levine et al. 2012 (one random inspection: -9.4%, -2.1% to -17.7%, over ~4 years); bounded by "
                   "Haviland et al. 2012 and Gray & Mendeloff 2005 (a penalty: at most -19% to -24%)")
LAW_2021 = "Work Safety Law 2021 (安全生产法) fine ranges; point value assumed"

SELF_MONTHLY = ("assumed: times q; the principal's monthly tour finds less than the quarterly full check and "
                "a government check, down to nothing when made for form's sake (走形式, which "
                "county-three-year-rectification-plan-2020 names; town_major_hazard_campaign_2023 sets 0 outside "
                "its campaign)")
SELF_QUARTERLY = "assumed: times q; a full check by the firm's own staff, at most as good as a trained inspector's"
REPORT_SELF = ("assumed: no figure of self-reported major hazards; report_self(q) = base + slope q then spans "
               "0.05-0.4 at the worst-run firms and 0.35-1 at the best")
GAP = ("assumed: no study measures a check's detection; the trained and untrained ranges do not overlap, so the "
       "gap that makes training pay (0.25 as assumed) is sampled between 0.05 and 0.55, and experts stay above both")
CALIBRATED_REPORTS = ("calibrated: county_baseline gets ~140 reports a year, near the national ~160 a county "
                      "(452,000 a year at the 2024 hotline's pace over China's ~2,800 county-level divisions, "
                      "docs/sources.md): half to twice")
CHECK_HOURS = ("assumed: one inspector's hours for a check of a reference firm, travel and the written order "
               "included: 3 to 12 (宽城区 sends two inspectors a check, docs/sources.md)")
WAIT = "assumed: how long a bureau lets such a task wait before it is dropped; no source: "


@dataclass(slots=True, kw_only=True)
class SelfInspectionConfig:
    """自查自改自报: the enterprise's own checks (§3)."""

    monthly_enabled: bool = param(
        False, rule="any", source="town-major-hazard-campaign-2023 (a campaign-period duty)",
        doc="principal's monthly check (主要负责人每月至少带队检查1次)")
    quarterly_enabled: bool = param(
        True, rule="any", source="city-management-bureau-three-grips-plan",
        doc="full check every quarter (每季度至少一次全面安全检查)")
    monthly_detection_general: float = param(0.3, rule="probability", doc="d_self of a monthly check, times q",
                                             low=0.0, high=0.5, why=SELF_MONTHLY)
    monthly_detection_major: float = param(0.25, rule="probability", doc="d_self for major hazards, times q",
                                           low=0.0, high=0.45, why=SELF_MONTHLY)
    quarterly_detection_general: float = param(0.5, rule="probability", doc="d_self of a full check, times q",
                                               low=0.3, high=0.7, why=SELF_QUARTERLY)
    quarterly_detection_major: float = param(0.4, rule="probability", doc="d_self for major hazards, times q",
                                             low=0.2, high=0.6, why=SELF_QUARTERLY)
    report_major_base: float = param(0.2, rule="probability",
                                     doc="report_self(q) = base + slope q: self-found major hazard reported",
                                     low=0.05, high=0.4, why=REPORT_SELF)
    report_major_quality_slope: float = param(0.6, rule="nonneg", doc="slope of report_self in q",
                                              low=0.3, high=0.8, why=REPORT_SELF)


@dataclass(slots=True, kw_only=True)
class DetectionConfig:
    """Probability that one government check finds one latent hazard (§3)."""

    professional_general: float = param(0.6, rule="probability", doc="trained inspector, general hazard",
                                        low=0.5, high=0.75, why=GAP)
    professional_major: float = param(0.7, rule="probability", doc="trained inspector, major hazard",
                                      low=0.55, high=0.8, why=GAP)
    nonprofessional_general: float = param(0.35, rule="probability", doc="untrained inspector, general hazard",
                                           low=0.2, high=0.45, why=GAP)
    nonprofessional_major: float = param(0.45, rule="probability", doc="untrained inspector, major hazard",
                                         low=0.3, high=0.55, why=GAP)
    expert_general: float = param(0.85, rule="probability", doc="expert-led check, general hazard",
                                  low=0.75, high=0.95, why=GAP)
    expert_major: float = param(0.9, rule="probability", doc="expert-led check, major hazard",
                                low=0.8, high=0.98, why=GAP)
    announced_factor: float = param(0.7, rule="probability",
                                    doc="multiplier on general-hazard detection when the check is announced",
                                    low=0.4, high=0.9,
                                    why="assumed: a firm warned of a check tidies up first, hiding 10% to 60% of "
                                        "what the check would find")


@dataclass(slots=True, kw_only=True)
class ReportsConfig:
    """Whistleblower reports (举报) at the base rate; the reward comes from the regime (§3)."""

    hazard_report_rate: float = param(
        2e-4, rule="nonneg", unit="1/day", source="calibrated to the 2024 hotline figures (docs/sources.md)",
        doc="r_0: report rate of one latent hazard at a reference enterprise and g = 1",
        low=1e-4, high=4e-4, why=CALIBRATED_REPORTS)
    size_exponent: float = param(0.5, rule="nonneg", doc="α_r: report rate scales as (workers/w_ref)^α_r",
                                 low=0.25, high=1.0,
                                 why="assumed: reports rise with the number of people who could report, at most "
                                     "in proportion (1)")
    unfounded_rate: float = param(
        2e-4, rule="nonneg", unit="1/day", source="calibrated to the 2024 hotline figures (42.5% not verified)",
        doc="f_0: unfounded reports per enterprise-day at g = 1",
        low=1e-4, high=4e-4, why=CALIBRATED_REPORTS)
    no_reward_propensity: float = param(0.3, rule="probability", doc="g(0): propensity to report with no reward",
                                        low=0.1, high=0.6,
                                        why="assumed: people report without a reward (the 2024 hotline paid ~¥190 a "
                                            "verified report, docs/sources.md); 0.1 (a full reward makes reports ten "
                                            "times as likely) to 0.6")
    reward_scale: float = param(2000.0, rule="positive", unit="yuan",
                                doc="g(r) = g0 + (1-g0)(1 - exp(-r / scale)): saturation scale",
                                low=500.0, high=10_000.0,
                                why="assumed: the reward at which g rises 63% of the way to its most, from ¥500 "
                                    "(small sums already move people) to ¥10,000 (only the rules' larger rewards, "
                                    "¥3,000-300,000, do; docs/sources.md)")


@dataclass(slots=True, kw_only=True)
class RectificationConfig:
    """整改, 闭环管理: deadlines, compliance and the consequences of failure (§4)."""

    p_on_spot: float = param(0.6, rule="probability",
                             source="assumed; Haifeng 2022 (95% of found hazards fixed)",
                             doc="general hazard found by inspection fixed on the spot (立查立改)",
                             low=0.4, high=0.85,
                             why="assumed: no figure of the share fixed on the spot; Haifeng 2022's 95% fixed in "
                                 "the year bounds the total, not this share; campaigns push it up (0.8 assumed in "
                                 "the county campaign)")
    general_deadline_days: float = param(15.0, rule="nonneg", unit="days",
                                         doc="T_general: days the enterprise has to fix a general hazard",
                                         low=7.0, high=30.0,
                                         why="assumed: an order to fix a general hazard gives a week to a month")
    major_deadline_days: float = param(60.0, rule="nonneg", unit="days",
                                       doc="T_major: days the enterprise has to fix a major hazard (挂牌督办 "
                                           "deadline); the follow-up (复查) falls due then",
                                       low=30.0, high=180.0,
                                       why="assumed: a listed major hazard (挂牌督办) gets one to six months")
    compliance_base: float = param(0.8, rule="probability", doc="c at q = 0.5 and normal credit",
                                   low=0.6, high=0.95,
                                   why="assumed: Haifeng 2022 fixed 95% of found hazards within the year, "
                                       "on-the-spot fixes included (docs/sources.md): 0.6 to 0.95")
    compliance_quality_slope: float = param(0.4, rule="nonneg", doc="c = base + slope (q - 0.5) - dishonest",
                                            low=0.2, high=0.6,
                                            why="assumed: better-run firms comply more, by 0.2 to 0.6 between the "
                                                "worst and the best")
    compliance_dishonest_penalty: float = param(0.1, rule="probability", doc="lower compliance when dishonest",
                                                low=0.0, high=0.3,
                                                why="assumed: a dishonest mark (失信) lowers compliance by nothing "
                                                    "to 0.3")
    failures_to_close: int = param(3, rule="positive_count", source="town-major-hazard-campaign-2023 (多次受到处罚)",
                                   doc="k failed major-hazard follow-ups within the window close the firm",
                                   low=2, high=5,
                                   why="town-major-hazard-campaign-2023: closed after 多次 (repeated) penalties, so at "
                                       "least 2; 5 for a bureau slow to close")
    failure_window_days: float = param(365.0, rule="nonneg", unit="days", doc="window for k failures",
                                       low=180.0, high=730.0, why="assumed: MODEL.md's 365 days; half a year to two")
    min_suspension_days: float = param(30.0, rule="nonneg", unit="days",
                                       doc="停产整顿 lasts until fixed and at least this long",
                                       low=7.0, high=90.0, why="assumed: 停产整顿 of a week to three months")
    p_mark_found: float = param(0.5, rule="probability", doc="dishonest mark for a major hazard found by inspection",
                                low=0.2, high=0.9,
                                why="assumed: no figure; campaigns mark more (联合惩戒: 0.8 assumed in "
                                    "enforcement_2021): 0.2 to 0.9")
    credit_repair_days: float = param(365.0, rule="nonneg", unit="days",
                                      doc="a dishonest mark is lifted after this long without violation",
                                      low=180.0, high=1095.0,
                                      why="assumed: a mark lifted after half a year to three years without a new "
                                          "one (纠错激励)")
    retrain_gain: float = param(0.1, rule="nonneg", source="county-three-year-rectification-plan-2020 (再培训率100%)",
                                doc="quality gain after an accident (约谈, 再培训), capped at 1",
                                low=0.0, high=0.2,
                                why="the retraining is the county plan's (再培训率100%), its effect on quality "
                                    "assumed: none to 0.2")
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

    investigation: float = param(16.0, rule="nonneg", unit="hours", doc="accident investigation",
                                 low=8.0, high=40.0,
                                 why="assumed: one to five working days of one inspector for a county's investigation")
    verification: float = param(3.0, rule="nonneg", unit="hours", doc="report verification",
                                low=1.5, high=6.0, why="assumed: a visit to check one reported hazard")
    followup: float = param(3.0, rule="nonneg", unit="hours", doc="major-hazard follow-up (复查)",
                            low=1.5, high=6.0, why="assumed: a visit to check that one listed hazard is fixed")
    targeted: float = param(6.0, rule="nonneg", unit="hours", doc="targeted or review check",
                            low=3.0, high=12.0, why=CHECK_HOURS)
    expert: float = param(12.0, rule="nonneg", unit="hours", doc="expert-led deep check",
                          low=6.0, high=24.0, why="assumed: a deep check with experts takes about twice a routine one")
    double_random: float = param(6.0, rule="nonneg", unit="hours", doc="double-random check",
                                 low=3.0, high=12.0, why=CHECK_HOURS)


@dataclass(slots=True, kw_only=True)
class TaskWaits:
    """Days a task may wait in the queue before it expires, by task type."""

    investigation: float = param(30.0, rule="nonneg", unit="days", doc="accident investigation",
                                 low=15.0, high=60.0, why=WAIT + "two weeks to two months")
    verification: float = param(30.0, rule="nonneg", unit="days", doc="report verification",
                                low=15.0, high=60.0, why=WAIT + "two weeks to two months")
    followup: float = param(30.0, rule="nonneg", unit="days", doc="major-hazard follow-up",
                            low=15.0, high=60.0, why=WAIT + "two weeks to two months")
    targeted: float = param(60.0, rule="nonneg", unit="days", doc="targeted or review check",
                            low=30.0, high=120.0, why=WAIT + "one to four months")
    expert: float = param(30.0, rule="nonneg", unit="days", doc="expert-led deep check",
                          low=15.0, high=60.0, why=WAIT + "two weeks to two months")


@dataclass(slots=True, kw_only=True)
class InspectorsConfig:
    """监管执法力量: the staffing lever and how its hours are used (§5)."""

    count: int = param(30, rule="count", unit="inspectors", doc="K, the staffing lever", role="lever",
                       why="the staffing the studies compare (conf/sweep/staffing.yaml)")
    hours_per_day: float = param(8.0, rule="nonneg", unit="hours", doc="working hours per day",
                                 low=7.0, high=9.0,
                                 why="assumed: the statutory 8-hour day (劳动法); 7 when travel eats into it, 9 "
                                     "with campaigns' overtime")
    admin_share: float = param(0.4, rule="probability", doc="share of hours spent on other duties",
                               low=0.25, high=0.55,
                               why="assumed: 宽城区's 2025 plan gives 535 of 1,984 staff-days (27%) to "
                                   "non-enforcement work (docs/sources.md); township bureaus carry more other "
                                   "duties: up to 0.55")
    professional_share: float = param(
        0.6, rule="probability", source="county-three-year-rectification-plan-2020 (target >= 75% by 2022)",
        doc="share of inspectors with chemical or safety training", role="lever",
        why="train or hire, bought by the training budget (conf/sweep/quality.yaml, budget_mix.yaml)")
    dispatch: str = param("pooled", rule="any", doc="pooled (one shared queue) or territorial (定区域、定人员)",
                          role="lever", why="how the staff is used, compared by conf/sweep/dispatch.yaml")
    announced_share: float = param(0.0, rule="probability", source="四不两直 (unannounced) is the rule",
                                   doc="share of checks announced in advance")
    task_size_exponent: float = param(0.3, rule="nonneg", doc="task hours scale as (workers/w_ref)^this",
                                      low=0.1, high=0.5,
                                      why="assumed: a larger firm takes longer to check, far less than in proportion")
    task_hours: TaskHours = param(rule="any", factory=TaskHours, doc="hours per task type")
    max_wait: TaskWaits = param(rule="any", factory=TaskWaits, doc="days before a task expires")


@dataclass(slots=True, kw_only=True)
class DeterrenceConfig:
    """General, specific and order deterrence (§6)."""

    general_max: float = param(0.3, rule="probability", doc="g_max: the largest general reduction in hazard rates",
                               low=0.1, high=0.5,
                               why="assumed: Johnson 2020 finds peers of a publicised penalty with ~30% fewer "
                                   "violations over 3 years (docs/sources.md): 0.1 to 0.5")
    general_half_life_days: float = param(365.0, rule="positive", unit="days",
                                          doc="h_general: half-life of the perceived pressure that an "
                                              "inspection adds",
                                          low=180.0, high=1095.0,
                                          why="assumed: pressure remembered for half a year to three years "
                                              "(Johnson 2020's peer effect lasts ~3 years)")
    pressure_scale: float = param(1.0, rule="positive", unit="inspections/enterprise/year",
                                  doc="π_0: perceived pressure at which general deterrence reaches 63% of "
                                      "g_max (1 - exp(-pressure / π_0))",
                                  low=0.5, high=3.0,
                                  why="assumed: general deterrence reaches 63% of its most at 0.5 to 3 visits per "
                                      "firm a year (county_baseline has about 2)")
    publicity: float = param(1.0, rule="nonneg", source="Johnson 2020 (publicised penalties deter peers)",
                             doc="a published check weighs 1 + publicity in perceived pressure",
                             low=0.0, high=3.0,
                             why="Johnson 2020: a press-released penalty deters peers like ~210 inspections; a "
                                 "listing in a public register (一公开) is read far less: 0 (unnoticed) to 3")
    specific_strength: float = param(0.2, rule="probability", source=EVIDENCE_SPECIFIC,
                                     doc="s: hazard-rate cut just after a penalty",
                                     low=0.05, high=0.3,
                                     why="Haviland et al. 2012: -19% to -24%; Gray & Mendeloff 2005: -19%, -11% and "
                                         "~-1% by period: 0.05 to 0.3")
    specific_half_life_days: float = param(365.0, rule="positive", unit="days", source=EVIDENCE_SPECIFIC,
                                           doc="h_specific: half-life of the hazard-rate cut after a penalty",
                                           low=180.0, high=730.0,
                                           why="Haviland et al. 2012: the cut lasts about two years: half-lives of "
                                               "half a year to two years")
    order_strength: float = param(0.4, rule="probability", source=EVIDENCE_ORDERS,
                                  doc="the largest cut in an enterprise's hazard rate from the rectification "
                                      "orders (责令限期整改) of government checks; calibrated on the simulated "
                                      "field trial (docs/model.md §13)",
                                  low=0.2, high=0.6,
                                  why="docs/model.md §8: chosen at 0.4 on the simulated field trial (§13); 0.2 to "
                                      "0.6 keeps one order's cut, strength (1 - exp(-1 / scale)), at 4%-13% with "
                                      "scale 4, below a penalty's ~20% (Haviland et al. 2012)")
    order_scale: float = param(4.0, rule="positive", unit="orders", source="assumed",
                               doc="order pressure at which the orders' cut reaches 63% of order_strength "
                                   "(1 - exp(-P_order / scale))",
                               low=2.0, high=8.0,
                               why="docs/model.md §8: the saturation of the orders' cut, chosen at 4 on the "
                                   "simulated field trial (§13); with strength's range one order cuts 2%-24%")
    order_half_life_days: float = param(1460.0, rule="positive", unit="days", source=EVIDENCE_ORDERS,
                                        doc="half-life of an enterprise's order pressure: a check that orders "
                                            "adds 1",
                                        low=730.0, high=2920.0,
                                        why="Levine et al. 2012: the effect lasts ~4 years, Haviland et al. 2012's "
                                            "~2: half-lives of 2 to 8 years; chosen at 4 on the field trial (§13)")
