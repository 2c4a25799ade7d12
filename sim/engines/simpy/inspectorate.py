"""The inspectors (监管执法力量): their daily dispatch from the queue and what each task does (§5)."""

from __future__ import annotations

import heapq

from sim.engines.simpy.hazard import INSPECTION, REPORT
from sim.engines.simpy.hazard import INVESTIGATION as FOUND_INVESTIGATION
from sim.engines.simpy.task_queue import Task, TaskQueue
from sim.rules import dispatch as rules
from sim.rules.plan import PL_CHECKS_DONE, PL_UNPLANNED_HOURS
from sim.rules.rectification import CLOSED


class Inspectorate:
    """K inspectors sharing one priority queue (pooled) or one queue each (territorial)."""

    def __init__(self, county) -> None:
        self.county = county
        cfg = county.config.inspectors
        self.k = cfg.count
        self.capacity = cfg.hours_per_day * (1.0 - cfg.admin_share)
        self.territorial = cfg.dispatch == "territorial"
        self.professional = county.population.professional
        self.backlog = [0.0] * self.k
        self.queue = TaskQueue(self.k)
        self.hours_available = 0.0

    # -- adding tasks ------------------------------------------------------------------------------
    def add(self, kind: int, enterprise, t: float, hazard=None, max_wait: float | None = None,
            assignee: int | None = None, source: int = rules.CORE) -> None:
        """Queue a task at time t (now or later); it expires max_wait days after t."""
        county = self.county
        if t > county.env.now:
            county.env.timeout(t - county.env.now).callbacks.append(
                lambda _e: self.add(kind, enterprise, t, hazard, max_wait, assignee, source))
            return
        cfg = county.config.inspectors
        name = rules.TASK_KINDS[kind]
        wait = getattr(cfg.max_wait, name) if max_wait is None else max_wait
        hours = rules.task_hours(getattr(cfg.task_hours, name), enterprise.workers,
                                 county.config.population.reference_workers, cfg.task_size_exponent)
        who = rules.assignee(kind, enterprise.owner, self.territorial) if assignee is None else assignee
        self.queue.push(Task(kind, enterprise, hazard, t, t + wait, hours, who, self.queue.next_sequence(), source))
        county.recorder.add("tasks_created", t)
        county.recorder.add("tasks_created_" + rules.SOURCES[source], t)

    def add_task_for_hazard(self, hazard, t: float, enterprise=None) -> None:
        """A report to verify; `hazard` is None for an unfounded one."""
        self.add(rules.VERIFICATION, hazard.enterprise if hazard else enterprise, t, hazard)

    def add_followup(self, hazard, due: float) -> None:
        self.add(rules.FOLLOWUP, hazard.enterprise, due, hazard)

    def add_investigation(self, enterprise, t: float) -> None:
        self.add(rules.INVESTIGATION, enterprise, t)

    # -- the working day ---------------------------------------------------------------------------
    def run(self):
        """Each working day at mid-day, inspectors take tasks until none fits."""
        county = self.county
        env, scenario = county.env, county.scenario
        working = scenario.calendar.working
        for day in range(scenario.first_day, scenario.horizon):
            if not working[day - scenario.first_day]:
                continue
            yield env.timeout(day + rules.DISPATCH_TIME - env.now)
            self.work_day(env.now)

    def work_day(self, now: float) -> None:
        cap = self.capacity
        available = [max(0.0, cap - b) for b in self.backlog]
        self.backlog = [max(0.0, b - cap) for b in self.backlog]
        active = [i for i in range(self.k) if available[i] > 0.0]
        while active:
            i = max(active, key=lambda j: (available[j], -j))
            heap, task = self.queue.head(i, now, self._drop)
            if task is None or not rules.can_start(available[i]):
                active.remove(i)
                continue
            heapq.heappop(heap)
            self.county.recorder.add_amount("hours_" + rules.SOURCES[task.source], now, task.hours)
            if task.source != rules.FROM_ANNUAL_PLAN:  # unplanned work, which the next year's plan expects
                self._note_unplanned(now, task.hours)
            available[i] -= task.hours
            if available[i] <= 0.0:
                self.backlog[i] += -available[i]
                available[i] = 0.0
                active.remove(i)
            self.execute(task, i, now)
        if self.county.recorder.measured(now):
            self.county.recorder.add_amount("inspector_hours", now, sum(cap - a for a in available))
            self.hours_available += cap * self.k

    def _drop(self, task: Task, now: float) -> bool:
        """Remove a task that expired, or whose enterprise has closed (except investigations)."""
        rec = self.county.recorder
        if task.deadline < now:
            rec.add("tasks_expired", task.deadline)
            rec.log(task.deadline, "task_expired", task.enterprise.index, -1, rules.TASK_KINDS[task.kind])
            return True
        if task.enterprise.state == CLOSED and task.kind != rules.INVESTIGATION:
            rec.add("tasks_cancelled", now)
            return True
        return False

    # -- what a task does ----------------------------------------------------------------------------
    def execute(self, task: Task, inspector: int, t: float) -> None:
        county, ent, kind = self.county, task.enterprise, task.kind
        rec = county.recorder
        rec.add("inspections", t)
        rec.add("inspections_" + rules.TASK_KINDS[kind], t)
        if task.source != rules.FROM_DOUBLE_RANDOM:  # inspections_double_random is counted by kind
            rec.add("inspections_" + rules.SOURCES[task.source], t)
        if task.source == rules.FROM_ANNUAL_PLAN:  # done, for the plan year it was made in
            county.plan[county.plan_year(task.created), PL_CHECKS_DONE] += 1
        rec.add_monthly("inspections", t)
        if county.in_phase:
            rec.add("campaign_phase_inspections", t)
        rec.log(t, "inspection", ent.index, task.hazard.id if task.hazard else -1, rules.TASK_KINDS[kind],
                float(inspector))
        self._note_visit(ent, t)
        ent.last_check = t
        published = kind == rules.DOUBLE_RANDOM and county.config.regimes.double_random.published
        county.add_pressure(ent.sector, t, 1.0 + (county.config.deterrence.publicity if published else 0.0))
        if kind == rules.VERIFICATION:
            if rec.measured(t):
                rec.verify_wait += t - task.created
            orders = self.verify(task, t)
        elif kind == rules.FOLLOWUP:
            orders = county.followup(task.hazard, t)
        elif kind == rules.INVESTIGATION:
            orders = self.check(ent, inspector, t, FOUND_INVESTIGATION, False, task.source)
            self.add(rules.TARGETED, ent, t + county.config.rectification.review_delay_days)
        else:
            orders = self.check(ent, inspector, t, INSPECTION, kind == rules.EXPERT, task.source)
        county.add_orders(ent, t, orders)

    def check(self, ent, inspector: int, t: float, channel: int, expert: bool, source: int) -> int:
        """One check: each hazard not known to the authority is found with the inspector's probability.
        Returns the number found: the orders the check issues."""
        county = self.county
        rng = county.rng_enforcement
        announced = rng.random() < county.config.inspectors.announced_share
        professional = bool(self.professional[inspector])
        found = 0
        for hazard in list(ent.open.values()):
            if county.detects(hazard, professional, expert, announced, rng):
                county.recorder.add("found_" + rules.SOURCES[source], t)
                county.found_by_authority(hazard, channel, t)
                found += 1
        return found

    def verify(self, task: Task, t: float) -> int:
        """A report is valid when its hazard is real and still open; then the reward is paid.
        Returns the orders issued: 1 when the hazard was not yet known, else 0."""
        county, hazard = self.county, task.hazard
        rec = county.recorder
        if hazard is None or hazard.closed:
            rec.add("reports_unfounded", t)
            return 0
        rec.add("reports_valid", t)
        rec.add_amount("rewards_paid", t, county.reward_major if hazard.major else county.reward_general)
        if not hazard.known:
            rec.add("found_" + rules.SOURCES[task.source], t)
            county.found_by_authority(hazard, REPORT, t)
            return 1
        return 0

    def _note_unplanned(self, t: float, hours: float) -> None:
        """The hours of a task the annual plan did not make, in the plan year of time t."""
        year = self.county.plan_year(t)
        if year >= 0:
            self.county.plan[year, PL_UNPLANNED_HOURS] += hours

    def _note_visit(self, ent, t: float) -> None:
        """Remember the calendar year of the visit, for 重点企业检查覆盖率."""
        if ent.tier <= 1 and self.county.recorder.measured(t):
            self.county.key_visits[ent.index, self.county.window_year(t)] = 1

    def finish(self, horizon: float) -> None:
        """Tasks still waiting at the end: expired if their deadline has passed, else pending."""
        rec = self.county.recorder
        for task in self.queue.remaining():
            if task.deadline < horizon:
                if task.enterprise.state == CLOSED and task.kind != rules.INVESTIGATION:
                    rec.add("tasks_cancelled", task.deadline)
                    continue
                rec.add("tasks_expired", task.deadline)
            else:
                rec.counts["tasks_pending_end"] += 1

