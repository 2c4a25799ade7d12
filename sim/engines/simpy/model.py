"""The county: shared state of one replication and what happens to hazards when they are found,
fixed, reported, escalate or cause accidents (MODEL.md §2–§4)."""

from __future__ import annotations

import math

import numpy as np
import simpy

from sim.engines.derived import window_years
from sim.engines.simpy import regimes, sanctions
from sim.engines.simpy.hazard import (
    ACCIDENT,
    CAUSES,
    CHANNELS,
    DEEP_CHECK,
    MONITORING,
    ON_SPOT,
    SELF,
    Hazard,
)
from sim.engines.simpy.recorder import Recorder
from sim.rules import deterrence as det
from sim.rules.detection import inspection_detection, report_self
from sim.rules.hazards import severity_class
from sim.rules.plan import N_PL
from sim.rules.rectification import closes_after_failure, compliance, retrained_quality
from sim.rules.trial import ACCIDENTS, CREATED
from sim.streams import stream
from sim.world.population import riskiest_first


class County:
    """Everything one replication shares: clock, streams, enterprises, queue and counters."""

    def __init__(self, scenario, world, seed: int, replication: int, log_events: bool) -> None:
        self.env = simpy.Environment(initial_time=scenario.first_day)
        population = world.population
        self.scenario, self.config, self.population = scenario, scenario.config, population
        self.nature, self.report_candidates, self.outside = world.hazards, world.reports, world.outside
        self.season, self.surges = world.weather.season, world.surges  # with this replication's weather
        self.rng_self = stream(seed, replication, "self_inspection")
        self.rng_enforcement = stream(seed, replication, "enforcement")
        self.rng_rectification = stream(seed, replication, "rectification")
        self.rng_third_party = stream(seed, replication, "third_party")
        self.contracts, self.trial_arm = world.contracts, world.trial_arm
        self.recorder = Recorder(scenario.calendar, scenario.horizon, scenario.n_months, replication, log_events,
                                 float(scenario.trial_day))
        self.base_config = scenario.config  # a campaign phase swaps `config` for its dates (regimes.py)
        self.in_phase = False
        n_sectors = len(scenario.sectors.names)
        self.pressure = np.zeros(n_sectors)
        self.pressure_time = np.full(n_sectors, float(scenario.first_day))
        self.next_hazard_id = 0
        self.enterprises: list = []
        # red/orange visits by (enterprise, calendar year of the window): derived.key_enterprise_coverage
        self.key_visits = np.zeros((population.size, window_years(scenario)), dtype=np.int8)
        # (first day, month of year) of every month: when self-inspections can fall
        self.self_check_months = [(int(d), int(m)) for d, m in scenario.month_starts]
        self.inspectorate = None
        self.lead_order = riskiest_first(population)  # lead_monthly and the annual plan: riskiest first
        self.plan = np.zeros((scenario.plan_years.shape[0], N_PL))  # the annual plan's ledger (sim.rules.plan)

    def plan_year(self, t: float) -> int:
        """The plan year (a row of `plan`) that time t lies in, -1 before the first."""
        return int(self.scenario.plan_year_of_day[math.floor(t) - self.scenario.first_day])

    def window_year(self, t: float) -> int:
        """The calendar year of time t in the window, 0 for its first; 0 for any time of the warm-up."""
        return self.scenario.calendar.date(math.floor(t)).year - self.scenario.start.year if t >= 0 else 0

    @property
    def reward_general(self) -> float:
        whistle = self.config.regimes.whistleblower
        return whistle.reward_general if whistle.enabled else 0.0

    @property
    def reward_major(self) -> float:
        whistle = self.config.regimes.whistleblower
        return whistle.reward_major if whistle.enabled else 0.0

    # -- deterrence ------------------------------------------------------------------------------
    def deterrence(self, enterprise, t: float) -> float:
        """D_i(t): general (sector pressure) times specific (since the last penalty) times orders (the
        enterprise's order pressure)."""
        d = self.config.deterrence
        s = enterprise.sector
        pressure = self.pressure[s] * det.decay(t - self.pressure_time[s], d.general_half_life_days)
        general = det.general_multiplier(pressure, d.general_max, d.pressure_scale)
        orders = det.order_pressure(enterprise.order_pressure, t - enterprise.order_time, d.order_half_life_days)
        return (general
                * det.specific_multiplier(t - enterprise.last_penalty, d.specific_strength,
                                          d.specific_half_life_days)
                * det.order_multiplier(orders, d.order_strength, d.order_scale))

    def add_orders(self, enterprise, t: float, orders: int) -> None:
        """The check's rectification orders raise the enterprise's order pressure, once per check (§8)."""
        step = det.order_increment(orders)
        if step > 0.0:
            enterprise.order_pressure = det.order_pressure(enterprise.order_pressure, t - enterprise.order_time,
                                                           self.config.deterrence.order_half_life_days) + step
            enterprise.order_time = t

    def settle_pressure(self, t: float) -> None:
        """Decay every sector's pressure to t at the half-life in force: before a campaign phase changes
        the half-life, so that the time before the switch decays at the old one."""
        for s in range(self.pressure.shape[0]):
            self._decay_pressure(s, t)

    def add_pressure(self, sector: int, t: float, weight: float) -> None:
        self._decay_pressure(sector, t)
        self.pressure[sector] += det.pressure_increment(weight, self.config.deterrence.general_half_life_days,
                                                        int(self.scenario.sectors.counts[sector]))

    def _decay_pressure(self, sector: int, t: float) -> None:
        """Bring one sector's pressure to time t, decayed at the half-life in force."""
        h = self.config.deterrence.general_half_life_days
        self.pressure[sector] = self.pressure[sector] * det.decay(t - self.pressure_time[sector], h)
        self.pressure_time[sector] = t

    # -- hazard life -----------------------------------------------------------------------------
    def create_hazard(self, enterprise, candidate: int, t: float, major: bool) -> Hazard:
        hazard = Hazard(self, self.next_hazard_id, enterprise, candidate, t, major)
        self.next_hazard_id += 1
        enterprise.open[hazard.id] = hazard
        rec = self.recorder
        rec.add("hazards_created", t)
        rec.add_monthly("hazards_created", t)
        rec.add_trial(CREATED, enterprise.trial_arm, t)
        if major:
            rec.add("major_hazards_created", t)
        rec.log(t, "hazard_created", enterprise.index, hazard.id, "major" if major else "general")
        if major:
            self.arm_alarm(hazard)
        return hazard

    def close(self, hazard: Hazard, cause: int) -> None:
        t = self.env.now
        hazard.sync(t)
        hazard.closed = True
        del hazard.enterprise.open[hazard.id]
        rec = self.recorder
        if rec.measured(t):
            rec.add("hazards_closed", t)
            rec.add("closed_" + CAUSES[cause], t)
            if hazard.major:
                rec.add("major_hazards_closed", t)
            rec.close_days += t - hazard.created
            if hazard.found >= 0:
                rec.found_closed += 1
            if math.isnan(hazard.found):   # nobody had found it: routine repair, an accident or its
                # enterprise's closure ended it
                rec.add("closed_unfound", t)
                if hazard.major:
                    rec.add("major_closed_unfound", t)
        rec.log(t, "hazard_closed", hazard.enterprise.index, hazard.id, CAUSES[cause])
        if hazard.closed_event is not None and not hazard.closed_event.triggered:
            hazard.closed_event.succeed()
        if self.env.active_process is not hazard.process:
            hazard.process.interrupt()

    def escalate(self, hazard: Hazard) -> None:
        hazard.major = True
        self.recorder.add("hazards_escalated", self.env.now)
        self.recorder.log(self.env.now, "hazard_escalated", hazard.enterprise.index, hazard.id)
        self.arm_alarm(hazard)
        hazard.rerate_report(self.env.now)  # reported now for the major-hazard reward; its own loop re-reads the clocks

    # -- remote monitoring (远程监管) -----------------------------------------------------------------
    def arm_alarm(self, hazard: Hazard) -> None:
        """A hazard that turns major at a monitored enterprise raises an alarm after its own Exp(m) time."""
        regime = self.config.regimes.remote_monitoring
        if not regime.enabled or regime.detection_rate <= 0 or not self.contracts.monitored[hazard.enterprise.index]:
            return
        delay = float(self.contracts.alarm[hazard.candidate]) / regime.detection_rate
        self.env.timeout(delay).callbacks.append(lambda _e: self.alarm(hazard))

    def alarm(self, hazard: Hazard) -> None:
        """The platform flags the hazard: the authority knows it as if an inspector had found it."""
        if hazard.closed or hazard.known:
            return
        t = self.env.now
        self.recorder.add("monitoring_alarms", t)
        self.recorder.log(t, "monitoring_alarm", hazard.enterprise.index, hazard.id)
        self.found_by_authority(hazard, MONITORING, t)

    def report(self, hazard: Hazard) -> None:
        """A whistleblower reports a latent hazard: a verification task for the inspectors."""
        t = self.env.now
        self.recorder.add("reports", t)
        self.recorder.log(t, "report", hazard.enterprise.index, hazard.id, "hazard")
        self.inspectorate.add_task_for_hazard(hazard, t)

    def accident(self, hazard: Hazard, deaths: int) -> None:
        """An accident closes the hazard; fines, retraining and an investigation follow."""
        t, ent, rec = self.env.now, hazard.enterprise, self.recorder
        self.close(hazard, ACCIDENT)
        if rec.measured(t):
            rec.add("accidents", t)
            rec.add("deaths", t, deaths)
            rec.add_trial(ACCIDENTS, ent.trial_arm, t)
            rec.add_monthly("accidents", t)
            rec.add_monthly("deaths", t, deaths)
            rec.add("deaths_industrial" if self.scenario.sectors.industrial[ent.sector] else "deaths_road", t, deaths)
            cls = severity_class(deaths)
            if deaths > 0:
                rec.add("fatal_accidents", t)
            if cls >= 1:
                rec.add("serious_accidents", t)
                rec.add(("accidents_larger", "accidents_major", "accidents_extraordinary")[cls - 1], t)
        rec.log(t, "accident", ent.index, hazard.id, "major" if hazard.major else "general", float(deaths))
        if deaths > 0:  # the fine schedule (安全生产法 art. 114) is for accidents that kill
            p = self.config.penalties
            sanctions.penalise(self, ent, t, p.accident_firm, p.accident_principal, mark=False)
        ent.quality = retrained_quality(ent.quality, self.config.rectification.retrain_gain)
        self.inspectorate.add_investigation(ent, t)
        if self.config.regimes.accident_triggered.enabled:
            regimes.after_accident(self, ent.sector, ent.index, deaths)

    # -- finding and rectification ---------------------------------------------------------------
    def detects(self, hazard: Hazard, professional: bool, expert: bool, announced: bool, rng) -> bool:
        """Whether a check finds the hazard: it is open and unknown to the authority, and the draw
        succeeds (no draw for any other hazard)."""
        if hazard.known or hazard.closed:
            return False
        d = self.config.detection
        p = inspection_detection(hazard.major, professional, expert, announced, d.professional_general,
                                 d.professional_major, d.nonprofessional_general, d.nonprofessional_major,
                                 d.expert_general, d.expert_major, d.announced_factor)
        return rng.random() < p

    def _record_found(self, hazard: Hazard, channel: int, t: float) -> None:
        if not math.isnan(hazard.found):
            return
        hazard.found = t
        rec = self.recorder
        if rec.measured(t):
            rec.add("hazards_found", t)
            rec.add("found_" + CHANNELS[channel], t)
            rec.add_monthly("hazards_found", t)
            if hazard.major:
                rec.add("major_hazards_found", t)
            rec.find_days += t - hazard.created
        rec.log(t, "hazard_found", hazard.enterprise.index, hazard.id, CHANNELS[channel])

    def found_by_self(self, hazard: Hazard, t: float) -> None:
        """自查: fix it; report a major one to the authority with probability report_self(q)."""
        self._record_found(hazard, SELF, t)
        r = self.config.rectification
        ent = hazard.enterprise
        if not hazard.major:
            self.order_fix(hazard, t, r.general_deadline_days)
            return
        si = self.config.self_inspection
        if self.rng_rectification.random() < report_self(ent.quality, si.report_major_base,
                                                         si.report_major_quality_slope):
            hazard.known = True
            self.recorder.add("self_reported_major", t)
            self.order_fix(hazard, t, r.major_deadline_days)
            self.inspectorate.add_followup(hazard, t + r.major_deadline_days)
        else:
            self.order_fix(hazard, t, r.major_deadline_days)

    def found_by_authority(self, hazard: Hazard, channel: int, t: float) -> None:
        """Found by an inspection, an investigation or a verified report: order, list, punish."""
        self._record_found(hazard, channel, t)
        hazard.known = True
        r, ent = self.config.rectification, hazard.enterprise
        if not hazard.major:
            if self.rng_rectification.random() < r.p_on_spot:
                self.close(hazard, ON_SPOT)
            else:
                self.order_fix(hazard, t, r.general_deadline_days)
            return
        self.order_fix(hazard, t, r.major_deadline_days)           # 挂牌督办
        self.inspectorate.add_followup(hazard, t + r.major_deadline_days)
        p = self.config.penalties
        mark = self.rng_rectification.random() < r.p_mark_found
        sanctions.penalise(self, ent, t, p.major_found_firm, p.major_found_principal, mark)

    def advised(self, hazard: Hazard, t: float) -> None:
        """A third-party finding: advice with no penalty power, followed with a lower compliance."""
        self._record_found(hazard, DEEP_CHECK, t)
        r = self.config.rectification
        self.order_fix(hazard, t, r.major_deadline_days if hazard.major else r.general_deadline_days,
                       self.rng_third_party, self.config.regimes.third_party.compliance_factor)

    def order_fix(self, hazard: Hazard, t: float, deadline: float, rng=None, factor: float = 1.0) -> None:
        """The enterprise fixes the hazard by the deadline with probability c_i (x factor), at a uniform time."""
        r, ent = self.config.rectification, hazard.enterprise
        rng = self.rng_rectification if rng is None else rng
        c = factor * compliance(ent.quality, ent.credit, r.compliance_base, r.compliance_quality_slope,
                                r.compliance_dishonest_penalty)
        complies = rng.random() < c
        when = t + rng.random() * deadline
        if complies and when < hazard.fix_at:
            hazard.fix_at = when
            hazard.reschedule()

    def followup(self, hazard: Hazard, t: float) -> int:
        """复查 at the deadline: closed means 销号; still open means failure and sanctions.
        Returns the orders issued: 1 when the hazard is ordered fixed again, else 0."""
        if hazard.closed:
            return 0
        ent, r, p = hazard.enterprise, self.config.rectification, self.config.penalties
        self.recorder.add("followups_failed", t)
        self.recorder.log(t, "followup_failed", ent.index, hazard.id)
        sanctions.penalise(self, ent, t, p.failed_followup_firm, p.failed_followup_principal, mark=True)
        ent.failures.append(t)
        if closes_after_failure(ent.failures, t, r.failure_window_days, r.failures_to_close):
            sanctions.close_enterprise(self, ent, t)
            return 0
        sanctions.suspend(self, ent, hazard, t)
        self.order_fix(hazard, t, r.major_deadline_days)
        self.inspectorate.add_followup(hazard, t + r.major_deadline_days)
        return 1

