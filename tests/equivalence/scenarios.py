"""Small scenarios that together switch on every mechanism both engines implement."""

from __future__ import annotations

from tests.conftest import all_sectors

BASE = ["population.enterprises=400", "inspectors.count=6", "horizon_days=365", "warmup_days=120"]

SCENARIOS: dict[str, list[str]] = {
    # double-random checks, quarterly self-inspection, reports, deterrence, seasons: the defaults
    "baseline": [],
    # too few inspectors: tasks expire, the priority order decides who is served
    "starved": ["inspectors.count=1", "regimes.double_random.sampling_fraction=0.6",
                "reports.hazard_report_rate=0.002"],
    # heavy penalties: failed follow-ups, suspensions, closures, dishonest marks and credit repair
    "penalties": ["rectification.compliance_base=0.2", "rectification.compliance_quality_slope=0",
                  "rectification.failures_to_close=2", "rectification.credit_repair_days=90",
                  "rectification.p_mark_found=1", *all_sectors("p_major", 0.15), "inspectors.count=10"],
    # general hazards escalate to major; monthly self-checks; self-reporting of majors
    "escalation": ["hazards.escalation_rate=0.004", "self_inspection.monthly_enabled=true",
                   "self_inspection.report_major_base=0.5"],
    # territorial dispatch, announced checks, untrained inspectors
    "territorial": ["inspectors.dispatch=territorial", "inspectors.announced_share=0.5",
                    "inspectors.professional_share=0.3", "regimes.double_random.sampling_fraction=0.5"],
    # rewards for whistleblowers: more reports, verification tasks, rewards paid
    "whistleblower": ["regimes.whistleblower.enabled=true", "reports.hazard_report_rate=0.001",
                      "reports.unfounded_rate=0.0005"],
    # many accidents: investigations, reviews, retraining, fines for fatal ones, deaths by class
    "accidents": [*all_sectors("accident_rate_general", 4e-4), *all_sectors("accident_rate_major", 4e-3),
                  *all_sectors("p_fatal_general", 0.3), "horizon_days=730", "deterrence.general_max=0.5",
                  "deterrence.specific_strength=0.5"],
    # 每月带专家检查: expert-led checks of the riskiest, tight enough that some expire
    "lead_monthly": ["regimes.lead_monthly.enabled=true", "regimes.lead_monthly.checks_per_month=15",
                     "inspectors.count=2", "inspectors.max_wait.expert=25"],
    # 分级分类: yearly checks by risk tier, beside the double-random checks
    "risk_based": ["regimes.risk_based.enabled=true", "regimes.risk_based.frequency.red=4",
                   "regimes.risk_based.frequency.yellow=1"],
    # 信用监管: checks by credit status, with marks that move firms between statuses
    "credit_based": ["regimes.credit_based.enabled=true", "regimes.credit_based.base_frequency=1",
                     "rectification.compliance_base=0.4", "rectification.p_mark_found=1",
                     "rectification.credit_repair_days=120", *all_sectors("p_major", 0.1)],
    # 举一反三: same-sector checks after local fatal accidents and after major accidents elsewhere
    "accident_triggered": ["regimes.accident_triggered.enabled=true", "regimes.accident_triggered.min_deaths=1",
                           "regimes.accident_triggered.checks=8", "regimes.accident_triggered.within_days=20",
                           "regimes.accident_triggered.outside_major_per_year=3",
                           *all_sectors("accident_rate_major", 2e-3), *all_sectors("p_fatal_general", 0.2)],
    # 重点时段/自然灾害检查: holiday and meeting surges, frequent weather alerts raising hazard rates
    "key_periods": ["regimes.key_periods.enabled=true", "regimes.key_periods.surge_checks_per_day=3",
                    "regimes.key_periods.meetings=[{name: meeting, start: '2020-03-02', end: '2020-03-13'}]",
                    "calendar.weather_alerts_per_year=12", "inspectors.count=3"],
    # 专项整治: dated phases that switch plans on, raise penalties, rewards, self-inspection and checks
    "campaign": ["regimes.campaign.enabled=true",
                 "regimes.campaign.phases=[{name: self, start: '2019-11-01', end: '2020-02-29', overrides: "
                 "{self_inspection.quarterly_detection_general: 0.8, self_inspection.quarterly_detection_major: 0.8}}, "
                 "{name: enforce, start: '2020-03-01', end: '2020-06-30', overrides: {regimes.risk_based.enabled: true, "
                 "regimes.risk_based.frequency.red: 6, regimes.double_random.sampling_fraction: 0.8, "
                 "penalties.major_found_firm: 100000.0, regimes.whistleblower.enabled: true, "
                 "rectification.p_mark_found: 1.0}}, {name: lead, start: '2020-09-01', end: '2020-10-31', "
                 "overrides: {regimes.lead_monthly.enabled: true, regimes.lead_monthly.checks_per_month: 10}}]",
                 "reports.hazard_report_rate=0.001"],
    # 第三方深度检查: purchased deep checks of a rotation, advice with lower compliance, targeted checks
    "third_party": ["regimes.third_party.enabled=true", "regimes.third_party.inspector_days_per_year=400",
                    "regimes.third_party.sectors=[hazardous_chemicals, industry_trade]",
                    "regimes.third_party.compliance_factor=0.5", "inspectors.count=3"],
    # 远程监管: alarms for the major hazards of monitored firms, which escalate from general ones
    "remote_monitoring": ["regimes.remote_monitoring.enabled=true", "regimes.remote_monitoring.monitored_share=0.8",
                          "regimes.remote_monitoring.sectors=[hazardous_chemicals, industry_trade, construction]",
                          "regimes.remote_monitoring.detection_rate=0.1", "hazards.escalation_rate=0.003",
                          *all_sectors("p_major", 0.1)],
    # the simulated field trial: one extra check for 100 treated firms, 100 controls, one follow-up year
    "field_trial": ["trial.enabled=true", "trial.date=2020-01-20", "trial.firms=200", "horizon_days=400",
                    "inspectors.count=4"],
    # the lasting effect of rectification orders (§8): strong, slow, close to linear; with reports and
    # failed follow-ups ordering too
    "orders": ["deterrence.order_strength=0.6", "deterrence.order_scale=2", "deterrence.order_half_life_days=1000",
               "regimes.whistleblower.enabled=true", "reports.hazard_report_rate=0.001",
               "rectification.compliance_base=0.4", *all_sectors("p_major", 0.1), "horizon_days=730"],
    # 年度监督检查计划 with spare staff: a partial first plan year (October to December of the warm-up) on
    # the first-year estimate, then last year's unplanned hours; risk_based's tiers through the plan (blue
    # left to general checks), double-random sampling of the firms outside it, reports to verify
    "annual_plan": ["regimes.annual_plan.enabled=true", "regimes.risk_based.enabled=true",
                    "regimes.risk_based.frequency.blue=0", "regimes.whistleblower.enabled=true",
                    "reports.hazard_report_rate=0.001", "inspectors.count=8", "horizon_days=730"],
    # the plan short of staff: key enterprises only (砀山), fewer checks than their frequencies ask for
    "annual_plan_short": ["regimes/annual_plan=key_only", "regimes.annual_plan.first_year_unplanned_share=0.3",
                          "inspectors.count=2", "horizon_days=730"],
    # every regime at once, competing for the same few inspectors
    "all_regimes": ["regimes.annual_plan.enabled=true",
                    "regimes.whistleblower.enabled=true", "regimes.lead_monthly.enabled=true",
                    "regimes.lead_monthly.checks_per_month=4", "regimes.risk_based.enabled=true",
                    "regimes.credit_based.enabled=true", "regimes.key_periods.enabled=true",
                    "regimes.accident_triggered.enabled=true", "regimes.accident_triggered.min_deaths=1",
                    "regimes.accident_triggered.checks=5", "regimes.third_party.enabled=true",
                    "regimes.third_party.sectors=[hazardous_chemicals, industry_trade]",
                    "regimes.remote_monitoring.enabled=true", "regimes.remote_monitoring.detection_rate=0.1",
                    "regimes.remote_monitoring.sectors=[hazardous_chemicals, industry_trade]",
                    "hazards.escalation_rate=0.002", "rectification.p_mark_found=0.5",
                    *all_sectors("accident_rate_major", 2e-3), *all_sectors("p_fatal_general", 0.2),
                    "regimes.campaign.enabled=true",
                    "regimes.campaign.phases=[{name: enforce, start: '2020-04-01', end: '2020-07-31', overrides: "
                    "{regimes.double_random.sampling_fraction: 0.8, regimes.lead_monthly.checks_per_month: 8, "
                    "self_inspection.quarterly_detection_general: 0.8}}]",
                    "inspectors.count=8"],
}
FAST = ("baseline", "penalties", "territorial", "lead_monthly", "all_regimes", "field_trial", "orders", "annual_plan")
