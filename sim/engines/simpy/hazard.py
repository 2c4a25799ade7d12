"""A hazard (隐患): one SimPy process from arrival to closure.

The hazard waits for the first of its own clocks: routine repair, the enterprise's fix, escalation
to major, an accident, or a whistleblower report. Anything outside that changes a clock (a finding,
a rectification order, a suspension, a campaign phase) calls `reschedule`, which spends the accident
exposure accrued so far (`sync`) and `interrupt`s the process, which recomputes its next event from
the exposure left. The accident and report clocks are memoryless exposures, spent at the rate in
force, never restarted: so a change at time t only changes the rate from t on. What changes the
accident rate itself (the enterprise's operating state) syncs before it changes it.
"""

from __future__ import annotations

import math

import simpy

from sim.results_schema import CHANNELS
from sim.rules.detection import hazard_report_rate, report_propensity
from sim.rules.hazards import deaths_of_accident

INF = math.inf
# Channels of first finding and causes of closure, as recorded.
SELF, INSPECTION, REPORT, INVESTIGATION, DEEP_CHECK, MONITORING = range(len(CHANNELS))
CAUSES = ("natural", "rectified", "on_spot", "accident", "enterprise")
NATURAL, RECTIFIED, ON_SPOT, ACCIDENT, ENTERPRISE_CLOSED = range(5)
_ESCALATE, _REPORT = 10, 11


class Hazard:
    """One open or closed hazard of one enterprise."""

    __slots__ = ("county", "id", "enterprise", "candidate", "major", "created", "found", "known", "closed",
                 "exposure_left", "last", "closure_at", "escalate_at", "fix_at", "report_at", "report_left",
                 "report_since", "report_rate", "process", "closed_event")

    def __init__(self, county, hazard_id: int, enterprise, candidate: int, t: float, major: bool) -> None:
        self.county, self.id, self.enterprise, self.candidate = county, hazard_id, enterprise, candidate
        self.major, self.created = major, t
        self.found = math.nan           # time of first finding, by anyone
        self.known = False              # known to the authority (found by it, or self-reported)
        self.closed = False
        nature, cfg = county.nature, county.config
        self.exposure_left = float(nature.exposure[candidate])
        self.last = t
        nu, eps = cfg.hazards.natural_closure_rate, cfg.hazards.escalation_rate
        # Python floats: a tiny rate gives an infinite clock, not a numpy overflow warning
        self.closure_at = t + float(nature.closure[candidate]) / nu if nu > 0 else INF
        self.escalate_at = t + float(nature.escalation[candidate]) / eps if (eps > 0 and not major) else INF
        self.fix_at = INF
        # the report clock: its unit exposure left at report_since, spent at report_rate since then
        self.report_left, self.report_since = float(nature.report[candidate]), t
        self.report_rate = self._report_rate()
        self.report_at = self._report_time()
        self.closed_event: simpy.Event | None = None
        self.process = county.env.process(self.life())

    # -- clocks -------------------------------------------------------------------------------
    @property
    def accident_rate(self) -> float:
        return float(self.county.scenario.sectors.accident_rate[self.enterprise.sector, int(self.major)])

    def sync(self, now: float) -> None:
        """Spend accident exposure for the time since the last sync, if the enterprise operated; the
        window's part of it is the replication's `expected_accidents`, and weighted by what an accident of
        the hazard's sector and class kills, its `expected_deaths` and `expected_serious_accidents`."""
        if self.enterprise.operating:
            rate = self.accident_rate
            self.exposure_left -= rate * (now - self.last)
            sectors, s, major = self.county.scenario.sectors, self.enterprise.sector, int(self.major)
            self.county.recorder.add_exposure(rate, float(sectors.death_rate[s, major]),
                                              float(sectors.serious_rate[s, major]), self.last, now,
                                              self.enterprise.trial_arm)
        self.last = now

    def accident_at(self, now: float) -> float:
        rate = self.accident_rate
        if not self.enterprise.operating or rate <= 0:
            return INF
        return now + max(self.exposure_left, 0.0) / rate

    def _report_rate(self) -> float:
        county = self.county
        cfg = county.config
        reward = county.reward_major if self.major else county.reward_general
        g = report_propensity(reward, cfg.reports.no_reward_propensity, cfg.reports.reward_scale)
        return hazard_report_rate(self.enterprise.workers, cfg.population.reference_workers,
                                  cfg.reports.hazard_report_rate, cfg.reports.size_exponent, g)

    def _report_time(self) -> float:
        rate = self.report_rate
        return self.report_since + self.report_left / rate if rate > 0 else INF

    def rerate_report(self, now: float) -> bool:
        """The report rate may have changed (a campaign phase, an escalation to major): spend the
        report clock's unit exposure at the old rate until now and run the rest at the new one.

        True when the rate changed; then a caller outside the process syncs and reschedules it.
        """
        rate = self._report_rate()
        if self.report_left == INF or rate == self.report_rate:
            return False
        left = self.report_left - self.report_rate * (now - self.report_since)
        self.report_left, self.report_since, self.report_rate = left if left > 0.0 else 0.0, now, rate
        self.report_at = self._report_time()
        return True

    def reschedule(self) -> None:
        """Make the process recompute its next event (called by others, never by itself), after
        spending the accident exposure accrued until now, which it would otherwise run again."""
        if not self.closed and self.process.is_alive:
            self.sync(self.county.env.now)
            self.process.interrupt()

    def wait_closed(self) -> simpy.Event:
        if self.closed_event is None:
            self.closed_event = self.county.env.event()
            if self.closed:
                self.closed_event.succeed()
        return self.closed_event

    # -- life -----------------------------------------------------------------------------------
    def life(self):
        env = self.county.env
        while not self.closed:
            now = env.now
            t, what = min((self.closure_at, NATURAL), (self.fix_at, RECTIFIED), (self.escalate_at, _ESCALATE),
                          (self.accident_at(now), ACCIDENT), (self.report_at, _REPORT))
            try:
                yield env.timeout(t - now) if t < INF else env.event()
            except simpy.Interrupt:
                continue
            self.sync(env.now)
            if what == _ESCALATE:
                self.escalate_at = INF
                self.county.escalate(self)
            elif what == _REPORT:
                self.report_at = self.report_left = INF
                if not self.known:
                    self.county.report(self)
            elif what == ACCIDENT:
                nature, sectors = self.county.nature, self.county.scenario.sectors
                s, c = self.enterprise.sector, self.candidate
                deaths = deaths_of_accident(float(nature.u_fatal[c]), float(nature.u_deaths[c]),
                                            float(sectors.p_fatal[s, int(self.major)]),
                                            float(sectors.fatality_tail[s]))
                self.county.accident(self, deaths)
            else:
                self.county.close(self, what)
