"""Enforcement regimes as SimPy processes that put tasks in the inspectors' queue (MODEL.md §7)."""

from __future__ import annotations

import numpy as np

from sim.rules import plan, targeting
from sim.rules.dispatch import (
    DOUBLE_RANDOM,
    EXPERT,
    FROM_ACCIDENT_TRIGGERED,
    FROM_ANNUAL_PLAN,
    FROM_CREDIT_BASED,
    FROM_DOUBLE_RANDOM,
    FROM_KEY_PERIODS,
    FROM_LEAD_MONTHLY,
    FROM_RISK_BASED,
    FROM_THIRD_PARTY,
    FROM_TRIAL,
    TARGETED,
    task_hours,
)
from sim.rules.rectification import CLOSED, OPERATING
from sim.rules.sampling import sample_without_replacement
from sim.rules.trial import TREATED
from sim.world.schedules import (
    PY_FIRST_MONTH,
    PY_MONTHS,
    PY_START,
    PY_WORKING,
    SURGE_CHECKS,
    SURGE_END,
    SURGE_GROUP,
    SURGE_TIME,
    THIRD_PARTY_TIME_OF_DAY,
)


def double_random(county):
    """双随机、一公开: each period, a random fraction of operating enterprises, each with a random inspector.

    The tasks may wait until the period ends; what is not done by then expires. With the annual plan on,
    the sample (as many as the fraction of all operating enterprises) is drawn from those outside this
    year's key checks (重点检查): all of them when fewer are left out. A yellow or blue firm with a 分级分类
    floor check stays in the draw.
    """
    env, scenario = county.env, county.scenario
    k = county.config.inspectors.count
    rng = county.rng_enforcement
    for start, end in zip(scenario.double_random_starts, scenario.double_random_ends, strict=True):
        if start < env.now:
            continue
        yield env.timeout(start - env.now)
        regime = county.config.regimes.double_random  # read now: a campaign phase may change it
        operating = [e for e in county.enterprises if e.state == OPERATING]
        m = int(round(regime.sampling_fraction * len(operating)))
        # with the annual plan, the m are drawn from the enterprises outside this year's key checks (all, if fewer)
        planned = county.config.regimes.annual_plan.enabled
        pool = np.array([e.index for e in operating if not (planned and e.plan_key > 0 and e.tier < plan.KEY_TIERS)],
                        dtype=np.int64)
        for index in sample_without_replacement(rng, pool, m):
            inspector = int(rng.integers(0, k)) if k > 0 else -1
            county.inspectorate.add(DOUBLE_RANDOM, county.enterprises[index], env.now,
                                    max_wait=end - start, assignee=inspector, source=FROM_DOUBLE_RANDOM)


def monthly_plans(county):
    """At the start of every month: the expert-led checks, then the risk and credit frequency plans."""
    env, scenario = county.env, county.scenario
    for (day, _month_of_year), publishes in zip(scenario.month_starts, scenario.publishes, strict=True):
        if day < env.now:
            continue
        yield env.timeout(day - env.now)
        plan_month(county, env.now, bool(publishes))


def plan_month(county, t: float, publishes: bool) -> None:
    regimes = county.config.regimes
    if regimes.credit_based.enabled and publishes:
        publish_credit_list(county, t)
    if regimes.lead_monthly.enabled:
        lead_checks(county, t)
    if regimes.risk_based.enabled and not regimes.annual_plan.enabled:  # with the plan, risk_based plans through it
        f = regimes.risk_based.frequency
        per_tier = (f.red, f.orange, f.yellow, f.blue)
        for ent in county.enterprises:
            if ent.state == OPERATING:
                ent.plan_risk = targeting.accrue(ent.plan_risk, per_tier[ent.tier])
                for _ in range(targeting.checks_due(ent.plan_risk)):
                    ent.plan_risk -= 1.0
                    county.inspectorate.add(TARGETED, ent, t, source=FROM_RISK_BASED)
    if regimes.credit_based.enabled:
        c = regimes.credit_based
        m = c.multipliers
        for ent in county.enterprises:
            if ent.state == OPERATING:
                per_year = targeting.credit_frequency(ent.published_credit, c.base_frequency, m.good, m.normal,
                                                      m.dishonest, m.blacklisted)
                if regimes.annual_plan.enabled:   # the plan holds the year's frequency; a rise since is unplanned
                    per_year = max(0.0, per_year - ent.plan_credit_rate)
                ent.plan_credit = targeting.accrue(ent.plan_credit, per_year)
                for _ in range(targeting.checks_due(ent.plan_credit)):
                    ent.plan_credit -= 1.0
                    county.inspectorate.add(TARGETED, ent, t, source=FROM_CREDIT_BASED)
    if regimes.annual_plan.enabled:
        annual_plan_month(county, t)


# -- the annual plan (年度监督检查计划) -----------------------------------------------------------------
def annual_plan_years(county) -> None:
    """Make each plan year's plan at its first month start (sim.rules.plan).

    Called before any process starts, after the campaign's phases, so a plan is made after a phase
    switch at the same time and before everything else then (the double-random sampling reads it).
    """
    env = county.env
    for p, row in enumerate(county.scenario.plan_years):
        env.timeout(row[PY_START] - env.now).callbacks.append(lambda _e, p=p: make_plan(county, p))


def make_plan(county, p: int) -> None:
    """The plan of plan year p: the check hours the staff leave after last year's unplanned work and the
    reserve, as checks of the key (tiered) enterprises, then general checks by risk."""
    cfg, years, ledger = county.config, county.scenario.plan_years, county.plan
    regime, rb, ins = cfg.regimes.annual_plan, cfg.regimes.risk_based, cfg.inspectors
    days, months = years[p, PY_WORKING], years[p, PY_MONTHS]
    available = plan.staff_hours(ins.count, days, county.inspectorate.capacity)
    unplanned = plan.unplanned_estimate(ledger[p - 1, plan.PL_UNPLANNED_HOURS] if p > 0 else 0.0,
                                        years[p - 1, PY_WORKING] if p > 0 else 0.0, days, available,
                                        regime.first_year_unplanned_share)
    budget = plan.plan_check_hours(available, unplanned, regime.reserve)
    f = rb.frequency
    frequency = np.array([f.red, f.orange, f.yellow if rb.enabled else 0.0, f.blue if rb.enabled else 0.0])
    ents = county.enterprises
    tier = np.array([e.tier for e in ents], dtype=np.int64)
    on_register = np.array([e.state != CLOSED for e in ents], dtype=np.int64)
    hours = np.array([task_hours(ins.task_hours.targeted, e.workers, cfg.population.reference_workers,
                                 ins.task_size_exponent) for e in ents])
    account = np.array([e.plan_account for e in ents])
    credit = np.array([_credit_frequency(cfg.regimes.credit_based, e) for e in ents])
    checks = np.zeros(len(ents), dtype=np.int64)
    key = np.zeros(len(ents), dtype=np.int64)
    asked, tiered, general = plan.build_plan(county.lead_order, tier, on_register, hours, frequency, credit, months,
                                             account, budget, regime.general_checks, checks, key)
    for e, ent in enumerate(ents):
        ent.plan_account, ent.plan_checks, ent.plan_key = float(account[e]), int(checks[e]), int(key[e])
        ent.plan_credit_rate = float(credit[e])
    row = ledger[p]
    row[plan.PL_STAFF_DAYS] = ins.count * days
    row[plan.PL_UNPLANNED_DAYS] = plan.as_days(unplanned, ins.hours_per_day)
    row[plan.PL_CHECK_DAYS] = plan.as_days(budget, ins.hours_per_day)
    row[plan.PL_CHECKS] = tiered + general
    row[plan.PL_KEY_SHORTFALL] = asked - tiered
    county.recorder.log(county.env.now, "annual_plan", -1, -1, f"key {tiered} of {asked}, general {general}",
                        budget)


def _credit_frequency(c, ent) -> float:
    """The enterprise's checks a year under 信用监管 by its published credit status; 0 with it off."""
    if not c.enabled:
        return 0.0
    m = c.multipliers
    return targeting.credit_frequency(ent.published_credit, c.base_frequency, m.good, m.normal, m.dishonest,
                                      m.blacklisted)


def annual_plan_month(county, t: float) -> None:
    """The month's share of each enterprise's planned checks, as targeted checks; closed enterprises
    have left the plan."""
    scenario = county.scenario
    p = county.plan_year(t)
    if p < 0:
        return
    row = scenario.plan_years[p]
    month = int(np.searchsorted(scenario.month_starts[:, 0], t)) - int(row[PY_FIRST_MONTH])
    for ent in county.enterprises:
        if ent.plan_checks > 0 and ent.state != CLOSED:
            for _ in range(plan.checks_in_month(ent.plan_checks, ent.plan_phase, month, int(row[PY_MONTHS]))):
                county.plan[p, plan.PL_QUEUED] += 1
                county.inspectorate.add(TARGETED, ent, t, source=FROM_ANNUAL_PLAN)


def publish_credit_list(county, t: float) -> None:
    """失信/黑名单 公示: the list the credit plan works from is brought up to date, and each enterprise
    newly on it weighs `deterrence.publicity` in its sector's perceived pressure."""
    county.recorder.add("credit_publications", t)
    weight = county.config.deterrence.publicity
    for ent in county.enterprises:
        if targeting.listed(ent.credit) and not targeting.listed(ent.published_credit):
            county.recorder.add("credit_newly_listed", t)
            county.add_pressure(ent.sector, t, weight)
        ent.published_credit = ent.credit


def lead_checks(county, t: float) -> None:
    """每月带专家开展隐患排查: L expert-led checks of the riskiest operating enterprises not checked lately."""
    regime = county.config.regimes.lead_monthly
    chosen = 0
    for index in county.lead_order:
        if chosen >= regime.checks_per_month:
            break
        ent = county.enterprises[index]
        if ent.state == OPERATING and targeting.lead_eligible(ent.last_check, ent.lead_chosen, t,
                                                               regime.lookback_days):
            ent.lead_chosen = t
            county.inspectorate.add(EXPERT, ent, t, source=FROM_LEAD_MONTHLY)
            chosen += 1


def accidents_elsewhere(county):
    """Major accidents in other places (a Poisson stream per sector, drawn with nature) prompt checks here."""
    env, outside = county.env, county.outside
    for t, sector in zip(outside.time, outside.sector, strict=True):
        yield env.timeout(float(t) - env.now)
        county.recorder.add("accident_triggers_outside", env.now)
        same_sector_checks(county, int(sector), -1, env.now)


def after_accident(county, sector: int, enterprise: int, deaths: int) -> None:
    """事故防范检查: after a local accident of the configured class or worse, check its sector."""
    if targeting.accident_triggers(deaths, county.config.regimes.accident_triggered.min_deaths):
        county.recorder.add("accident_triggers_local", county.env.now)
        same_sector_checks(county, sector, enterprise, county.env.now)


def same_sector_checks(county, sector: int, excluded: int, t: float) -> None:
    """举一反三: M random operating enterprises of the sector (not the one that had the accident),
    each checked within D days or the check expires."""
    regime = county.config.regimes.accident_triggered
    in_sector = np.zeros(len(county.scenario.sectors.names), dtype=bool)
    in_sector[sector] = True
    pool = _operating_in(county, in_sector, excluded)
    for index in sample_without_replacement(county.rng_enforcement, pool, regime.checks):
        county.inspectorate.add(TARGETED, county.enterprises[index], t, max_wait=regime.within_days,
                                source=FROM_ACCIDENT_TRIGGERED)


def key_period_surges(county):
    """重点时段/自然灾害检查: on each working day of a window, the day's checks of the window's sectors.

    The days, sector groups and numbers come from the surge table (`sim.world.schedules.surge_days`);
    each check expires when its window ends.
    """
    env, scenario = county.env, county.scenario
    for row in county.surges:
        t, group, end = float(row[SURGE_TIME]), int(row[SURGE_GROUP]), float(row[SURGE_END])
        yield env.timeout(t - env.now)
        county.recorder.add("key_period_surges", t)
        county.recorder.log(t, "key_period_surge", -1, -1, ("named", "weather")[group], float(row[SURGE_CHECKS]))
        pool = _operating_in(county, scenario.surge_sectors[group], -1)
        for index in sample_without_replacement(county.rng_enforcement, pool, int(row[SURGE_CHECKS])):
            county.inspectorate.add(TARGETED, county.enterprises[index], t, max_wait=end - t,
                                    source=FROM_KEY_PERIODS)


def third_party_checks(county):
    """第三方深度检查 (政府购买服务): each working day, the purchased hours go to deep checks of the next
    operating enterprises in the third party's rotation.

    Hours are spent as an inspector spends them: a check starts while hours are left, and an
    overrun is owed from the next day's hours. Findings carry no penalty power: they are advice,
    and the enterprise is queued for a targeted government check (为监管执法提供依据).
    """
    env, scenario = county.env, county.scenario
    rotation = county.contracts.rotation
    days = scenario.third_party_days
    owed, position = 0.0, 0
    for d in np.flatnonzero(days > 0.0):
        yield env.timeout(d + scenario.first_day + THIRD_PARTY_TIME_OF_DAY - env.now)
        cfg = county.config
        today = days[d] * cfg.inspectors.hours_per_day
        available, owed = max(0.0, today - owed), max(0.0, owed - today)
        while available > 0.0:
            position, index = _next_operating(county, rotation, position)
            if index < 0:
                break
            ent = county.enterprises[index]
            hours = task_hours(cfg.inspectors.task_hours.expert, ent.workers, cfg.population.reference_workers,
                               cfg.inspectors.task_size_exponent)
            county.recorder.add_amount("third_party_hours", env.now, hours)
            available -= hours
            if available < 0.0:
                owed += -available
            deep_check(county, ent, env.now)


def _next_operating(county, rotation: np.ndarray, position: int) -> tuple[int, int]:
    """(next position, enterprise) of the first operating enterprise of the rotation from `position`
    on, going round; enterprise -1 when none of the rotation operates."""
    n = rotation.shape[0]
    for step in range(n):
        index = int(rotation[(position + step) % n])
        if county.enterprises[index].state == OPERATING:
            return (position + step + 1) % n, index
    return position, -1


def deep_check(county, ent, t: float) -> None:
    """One deep check: expert detection of every hazard the authority does not know; any finding
    queues a targeted government check of the enterprise."""
    county.recorder.add("third_party_checks", t)
    found = 0
    for hazard in list(ent.open.values()):
        if county.detects(hazard, True, True, False, county.rng_third_party):  # expert, unannounced
            found += 1
            county.recorder.add("third_party_findings", t)
            county.advised(hazard, t)
    county.recorder.log(t, "third_party_check", ent.index, -1, "", float(found))
    if found:
        county.inspectorate.add(TARGETED, ent, t, source=FROM_THIRD_PARTY)


def trial_checks(county):
    """The field trial (随机对照试验, docs/model.md §13): on its date, one extra targeted check of each
    treated enterprise still on the register, done as any targeted check is, or expired after
    `trial.max_wait_days`; the controls get none."""
    env = county.env
    yield env.timeout(county.scenario.trial_day - env.now)
    wait = county.config.trial.max_wait_days
    for ent in county.enterprises:
        if ent.trial_arm == TREATED and ent.state != CLOSED:
            county.recorder.log(env.now, "trial_check", ent.index)
            county.inspectorate.add(TARGETED, ent, env.now, max_wait=wait, source=FROM_TRIAL)


def _operating_in(county, sectors: np.ndarray, excluded: int) -> np.ndarray:
    """Operating enterprises, in index order, whose sector is marked in `sectors`, except `excluded`."""
    return np.array([e.index for e in county.enterprises
                     if sectors[e.sector] and e.state == OPERATING and e.index != excluded], dtype=np.int64)


def campaign_phases(county) -> None:
    """专项整治: swap the county's settings for each phase's dates (MODEL.md §7).

    Called before any process starts, so a switch comes before everything else that happens at
    its time (the phases start and end at midnight, when the monthly plans are made); a phase
    that has begun by the first day is in force from the start.
    """
    env = county.env
    for start, end, phased in county.scenario.phases:
        if end <= env.now:
            continue
        if start <= env.now:
            _enter_phase(county, phased)
        else:
            env.timeout(start - env.now).callbacks.append(lambda _e, c=phased: _enter_phase(county, c))
        env.timeout(end - env.now).callbacks.append(lambda _e: _leave_phase(county))


def _enter_phase(county, phased) -> None:
    _switch_config(county, phased)
    county.in_phase = True


def _leave_phase(county) -> None:
    _switch_config(county, county.base_config)
    county.in_phase = False


def _switch_config(county, config) -> None:
    """Put `config` in force now; what runs on a clock or decays follows it from now on, not before."""
    if config.deterrence.general_half_life_days != county.config.deterrence.general_half_life_days:
        county.settle_pressure(county.env.now)
    county.config = config
    _rerate_reports(county)


def _rerate_reports(county) -> None:
    """A phase that changes the rewards or the reporting settings changes the report rate of every
    latent hazard for its dates, not only of those it sees created."""
    now = county.env.now
    for enterprise in county.enterprises:
        for hazard in enterprise.open.values():
            if hazard.rerate_report(now):
                hazard.reschedule()
