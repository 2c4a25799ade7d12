"""An enterprise (生产经营单位): its hazard arrivals, its own checks, and complaints about it."""

from __future__ import annotations

import math

from sim.rules.detection import report_propensity, self_detection
from sim.rules.plan import ANNUAL_PLAN
from sim.rules.rectification import CLOSED, GOOD, NORMAL, OPERATING
from sim.rules.targeting import CREDIT_PLAN, RISK_PLAN, plan_phase
from sim.world.schedules import SELF_CHECK_TIME_OF_DAY

QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


class Enterprise:
    """One enterprise agent; its processes run for the whole replication."""

    __slots__ = ("county", "index", "sector", "workers", "quality", "initial_quality", "tier", "credit",
                 "state", "open", "suspensions", "last_penalty", "marked_at", "failures", "owner",
                 "last_check", "lead_chosen", "plan_risk", "plan_credit", "published_credit", "trial_arm",
                 "order_pressure", "order_time", "plan_account", "plan_phase", "plan_checks", "plan_key",
                 "plan_credit_rate")

    def __init__(self, county, index: int) -> None:
        pop = county.population
        self.county, self.index = county, index
        self.sector = int(pop.sector[index])
        self.workers = float(pop.workers[index])
        self.quality = self.initial_quality = float(pop.quality[index])
        self.tier = int(pop.risk_tier[index])
        self.credit = GOOD if pop.good_credit[index] else NORMAL
        self.published_credit = self.credit  # the status on the last published credit list
        self.state = OPERATING
        self.open: dict = {}            # hazard id -> Hazard, in creation order
        self.suspensions = 0
        self.last_penalty = -math.inf
        self.order_pressure = 0.0       # order pressure at order_time, its last update (§8)
        self.order_time = 0.0
        self.marked_at = -math.inf
        self.failures: list[float] = []
        self.owner = int(pop.owner[index])
        self.last_check = -math.inf     # last government inspection of any kind
        self.lead_chosen = -math.inf    # last time chosen for a lead_monthly check
        self.plan_risk = plan_phase(index, RISK_PLAN)  # check accounts of the frequency plans
        self.plan_credit = plan_phase(index, CREDIT_PLAN)
        # the annual plan (sim.rules.plan): its tiered-check account, where its checks fall in a year,
        # its checks in this year's plan and of them its tiered (key) checks
        self.plan_account = self.plan_phase = plan_phase(index, ANNUAL_PLAN)
        self.plan_credit_rate = 0.0  # the credit frequency this plan year's annual plan holds for it
        self.plan_checks = self.plan_key = 0
        self.trial_arm = int(county.trial_arm[index])  # in the field trial: sim.rules.trial's arms

    @property
    def operating(self) -> bool:
        return self.state == OPERATING

    def start(self) -> None:
        env = self.county.env
        env.process(self.hazard_arrivals())
        if self.county.self_check_months:
            env.process(self.self_inspections())
        nature = self.county.report_candidates
        if nature.first[self.index + 1] > nature.first[self.index]:
            env.process(self.unfounded_reports())

    def hazard_arrivals(self):
        """Thinning: a candidate at t becomes a hazard with probability λ_i(t) / λ_max_i."""
        county = self.county
        env, nature, scenario = county.env, county.nature, county.scenario
        p_major = float(scenario.sectors.p_major[self.sector])
        for c in range(int(nature.first[self.index]), int(nature.first[self.index + 1])):
            t = float(nature.time[c])
            yield env.timeout(t - env.now)
            if self.state == CLOSED:
                return
            if not self.operating:
                continue
            if nature.u_accept[c] < self.acceptance(t):
                county.create_hazard(self, c, t, bool(nature.u_major[c] < p_major))

    def acceptance(self, t: float) -> float:
        county, scenario = self.county, self.county.scenario
        s = self.sector
        season = county.season[s, scenario.calendar.index(t)] / scenario.season_max[s]
        quality = math.exp(-county.config.population.quality_effect * (self.quality - self.initial_quality))
        return season * quality * county.deterrence(self, t)

    def self_inspections(self):
        """自查: the principal's monthly check and the quarterly full check (on the same day, the full one)."""
        county = self.county
        env = county.env
        offset = int(county.population.check_offset[self.index])
        for first_day, month_of_year in county.self_check_months:
            si = county.config.self_inspection
            quarterly = si.quarterly_enabled and month_of_year in QUARTER_FIRST_MONTHS
            if not (quarterly or si.monthly_enabled):
                continue
            yield env.timeout(first_day + offset + SELF_CHECK_TIME_OF_DAY - env.now)
            if self.state == CLOSED:
                return
            si = county.config.self_inspection  # read again now: a campaign phase may change detection
            if quarterly:
                d_general, d_major = si.quarterly_detection_general, si.quarterly_detection_major
            else:
                d_general, d_major = si.monthly_detection_general, si.monthly_detection_major
            rng = county.rng_self
            for hazard in list(self.open.values()):
                if math.isnan(hazard.found) and not hazard.closed:
                    if rng.random() < self_detection(hazard.major, self.quality, d_general, d_major):
                        county.found_by_self(hazard, env.now)

    def unfounded_reports(self):
        """Complaints that turn out unfounded, thinned by the reward-driven propensity g."""
        county = self.county
        env, nature = county.env, county.report_candidates
        for c in range(int(nature.first[self.index]), int(nature.first[self.index + 1])):
            yield env.timeout(float(nature.time[c]) - env.now)
            if self.state == CLOSED:
                return
            cfg = county.config  # read now: a campaign phase may change the reward
            g = report_propensity(county.reward_general, cfg.reports.no_reward_propensity, cfg.reports.reward_scale)
            if nature.u_accept[c] < g:
                county.recorder.add("reports", env.now)
                county.recorder.log(env.now, "report", self.index, -1, "unfounded")
                county.inspectorate.add_task_for_hazard(None, env.now, enterprise=self)
