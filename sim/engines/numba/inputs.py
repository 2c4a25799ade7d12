"""The numba engine's inputs: the compiled world W and a fresh state S, both StructRefs of arrays.

W holds what the SimPy engine reads from the scenario, population and nature draws, flattened into
arrays whose columns are named in `layout.py`; S holds the mutable state and the counters.
"""

from __future__ import annotations

import numpy as np

from sim.engines.derived import window_years
from sim.engines.numba import layout as L
from sim.engines.numba.structs import State, World
from sim.results_schema import AMOUNTS, COUNTS, MONTHLY
from sim.rules.dispatch import TASK_KINDS
from sim.rules.plan import ANNUAL_PLAN, N_PL
from sim.rules.rectification import GOOD, NORMAL
from sim.rules.targeting import CREDIT_PLAN, RISK_PLAN, plan_phases
from sim.world.nature import HazardCandidates
from sim.world.population import Population, riskiest_first
from sim.world.replication import ReplicationWorld
from sim.world.scenario import Scenario


def world_tuple(scenario: Scenario, world: ReplicationWorld) -> World:
    """W: everything read-only, in the field order of `structs.WORLD_FIELDS`."""
    cfg = scenario.config
    pop, nature, reports = world.population, world.hazards, world.reports
    pp, ipp, ph, first = _phase_params(scenario)
    return World(pp[first].copy(), ipp[first].copy(), _sector_table(scenario), world.weather.season,
            _calendar(scenario), nature.table(), nature.first, reports.first, reports.time, reports.u_accept,
            scenario.month_starts, np.stack([scenario.double_random_starts, scenario.double_random_ends], axis=1)
            if scenario.double_random_starts.size else np.zeros((0, 2)), _task_table(cfg),
            pop.professional.astype(np.int64), riskiest_first(pop), world.outside.time, world.outside.sector,
            world.surges, scenario.surge_sectors.astype(np.int64), pp, ipp, ph, scenario.third_party_days,
            world.contracts.rotation, world.contracts.monitored.astype(np.int64), world.contracts.alarm,
            scenario.publishes.astype(np.int64), nature.by_time,
            np.argsort(pop.check_offset, kind="stable").astype(np.int64), world.trial_arm, scenario.plan_years,
            scenario.plan_year_of_day)


def _phase_params(scenario: Scenario):
    """The parameter vectors outside (row 0) and inside each campaign phase (row k + 1), the phases'
    (start, end) days, and the row in force on the first day.

    At a phase's dates the kernel copies its row into W.p and W.ip (`enforcement.phase_event`).
    """
    configs = [scenario.config, *(c for _, _, c in scenario.phases)]
    pp = np.stack([_float_params(scenario, c) for c in configs])
    ipp = np.stack([_int_params(scenario, c) for c in configs])
    ipp[1:, L.IP_IN_PHASE] = 1
    plans = (ipp[:, L.IP_LEAD_ENABLED] | ipp[:, L.IP_RB_ENABLED] | ipp[:, L.IP_CB_ENABLED]
             | ipp[:, L.IP_AP_ENABLED]).max()
    ipp[:, L.IP_MONTH_PLANS] = plans  # the monthly event runs if any phase needs it
    ph = np.array([(s, e) for s, e, _ in scenario.phases], dtype=float).reshape(-1, 2)
    first = 0
    for k, (start, end, _) in enumerate(scenario.phases):
        if start <= scenario.first_day < end:
            first = k + 1
    return pp, ipp, ph, first


def state_tuple(scenario: Scenario, pop: Population, nature: HazardCandidates) -> State:
    """S: the mutable state of one replication, in the field order of `structs.STATE_FIELDS`."""
    n, m, k = pop.size, nature.time.shape[0], scenario.config.inspectors.count
    hf = np.zeros((m, L.N_HF))
    hi = np.zeros((m, L.N_HI), dtype=np.int64)
    hi[:, L.H_ENT] = np.repeat(np.arange(n), np.diff(nature.first))
    ef = np.zeros((n, L.N_EF))
    ef[:, L.E_Q] = ef[:, L.E_Q0] = pop.quality
    ef[:, L.E_LASTPEN] = -np.inf
    ef[:, L.E_WORKERS] = pop.workers
    ef[:, L.E_LASTCHECK] = ef[:, L.E_LEADPICK] = -np.inf
    ef[:, L.E_PLAN_RISK], ef[:, L.E_PLAN_CREDIT] = plan_phases(n, RISK_PLAN), plan_phases(n, CREDIT_PLAN)
    ef[:, L.E_PLAN_ACCOUNT] = ef[:, L.E_PLAN_PHASE] = plan_phases(n, ANNUAL_PLAN)
    ei = np.zeros((n, L.N_EI), dtype=np.int64)
    ei[:, L.E_CREDIT] = ei[:, L.E_PUBCREDIT] = np.where(pop.good_credit, GOOD, NORMAL)
    ei[:, L.E_CAND] = ei[:, L.E_OPEN_FROM] = nature.first[:-1]
    ei[:, L.E_MONTH] = pop.check_offset  # the self-check day offset (months are in W.ms)
    ei[:, L.E_SELF_MONTH] = -1
    ei[:, L.E_SECTOR], ei[:, L.E_OWNER], ei[:, L.E_TIER] = pop.sector, pop.owner, pop.risk_tier
    fails = np.full((n, scenario.config.rectification.failures_to_close), -np.inf)
    pressure = np.zeros((len(scenario.sectors.names), 2))
    pressure[:, 1] = scenario.first_day
    visits = np.zeros((n, window_years(scenario)), dtype=np.int8)
    events = max(1024, 4 * n + m // 4)
    tasks = max(1024, 2 * n)
    queue = max(256, 4 * n // max(k, 1))
    return State(hf, hi, ef, ei, fails, pressure, visits, np.zeros(k), np.zeros(len(COUNTS), dtype=np.int64),
            np.zeros(len(AMOUNTS)), np.zeros(L.N_ACC), np.zeros((len(MONTHLY), scenario.n_months), dtype=np.int64),
            np.zeros(events), *(np.zeros(events, dtype=np.int64) for _ in range(4)), np.zeros(L.N_META, dtype=np.int64),
            np.zeros((tasks, L.N_TF)), np.zeros((tasks, L.N_TI), dtype=np.int64),
            np.zeros((k + 1, queue), dtype=np.int64), np.zeros(k + 1, dtype=np.int64),
            np.zeros((scenario.plan_years.shape[0], N_PL)))


def _float_params(scenario: Scenario, c) -> np.ndarray:
    si, d, r, rect, pen, ins, det = (c.self_inspection, c.detection, c.reports, c.rectification, c.penalties,
                                     c.inspectors, c.deterrence)
    whistle, rb, cb = c.regimes.whistleblower, c.regimes.risk_based.frequency, c.regimes.credit_based
    values = {
        L.P_NU: c.hazards.natural_closure_rate, L.P_EPS: c.hazards.escalation_rate,
        L.P_WREF: c.population.reference_workers, L.P_QEFFECT: c.population.quality_effect,
        L.P_SI_M_G: si.monthly_detection_general, L.P_SI_M_M: si.monthly_detection_major,
        L.P_SI_Q_G: si.quarterly_detection_general, L.P_SI_Q_M: si.quarterly_detection_major,
        L.P_REP_BASE: si.report_major_base, L.P_REP_SLOPE: si.report_major_quality_slope,
        L.P_D_PG: d.professional_general, L.P_D_PM: d.professional_major, L.P_D_NG: d.nonprofessional_general,
        L.P_D_NM: d.nonprofessional_major, L.P_D_EG: d.expert_general, L.P_D_EM: d.expert_major,
        L.P_ANN_FACTOR: d.announced_factor, L.P_R0: r.hazard_report_rate, L.P_RALPHA: r.size_exponent,
        L.P_G0: r.no_reward_propensity, L.P_RSCALE: r.reward_scale, L.P_ONSPOT: rect.p_on_spot,
        L.P_TGEN: rect.general_deadline_days, L.P_TMAJ: rect.major_deadline_days, L.P_CBASE: rect.compliance_base,
        L.P_CSLOPE: rect.compliance_quality_slope, L.P_CDIS: rect.compliance_dishonest_penalty,
        L.P_WINDOW: rect.failure_window_days, L.P_MINSUSP: rect.min_suspension_days, L.P_PMARK: rect.p_mark_found,
        L.P_REPAIR: rect.credit_repair_days, L.P_RETRAIN: rect.retrain_gain, L.P_REVIEW: rect.review_delay_days,
        L.P_F_MF: pen.major_found_firm, L.P_F_MP: pen.major_found_principal, L.P_F_FF: pen.failed_followup_firm,
        L.P_F_FP: pen.failed_followup_principal, L.P_F_AF: pen.accident_firm, L.P_F_AP: pen.accident_principal,
        L.P_CAP: ins.hours_per_day * (1.0 - ins.admin_share), L.P_ANN_SHARE: ins.announced_share,
        L.P_TSIZE: ins.task_size_exponent, L.P_GMAX: det.general_max, L.P_HGEN: det.general_half_life_days,
        L.P_PI0: det.pressure_scale, L.P_PUBLICITY: det.publicity, L.P_SSTR: det.specific_strength,
        L.P_HSPEC: det.specific_half_life_days, L.P_OSTR: det.order_strength, L.P_OSCALE: det.order_scale,
        L.P_HORD: det.order_half_life_days,
        L.P_REWARD_G: whistle.reward_general if whistle.enabled else 0.0,
        L.P_REWARD_M: whistle.reward_major if whistle.enabled else 0.0,
        L.P_DR_FRACTION: c.regimes.double_random.sampling_fraction, L.P_HORIZON: float(scenario.horizon),
        L.P_FIRST_DAY: float(scenario.first_day), L.P_LEAD_LOOKBACK: c.regimes.lead_monthly.lookback_days,
        L.P_RB_RED: rb.red, L.P_RB_ORANGE: rb.orange, L.P_RB_YELLOW: rb.yellow, L.P_RB_BLUE: rb.blue,
        L.P_CB_BASE: cb.base_frequency, L.P_CB_GOOD: cb.multipliers.good, L.P_CB_NORMAL: cb.multipliers.normal,
        L.P_CB_DISHONEST: cb.multipliers.dishonest, L.P_CB_BLACKLISTED: cb.multipliers.blacklisted,
        L.P_AT_WITHIN: c.regimes.accident_triggered.within_days, L.P_HOURS_PER_DAY: ins.hours_per_day,
        L.P_TP_FACTOR: c.regimes.third_party.compliance_factor,
        L.P_RM_RATE: c.regimes.remote_monitoring.detection_rate,
        L.P_TRIAL_DATE: float(scenario.trial_day), L.P_TRIAL_WAIT: c.trial.max_wait_days,
        L.P_AP_RESERVE: c.regimes.annual_plan.reserve,
        L.P_AP_FIRST_SHARE: c.regimes.annual_plan.first_year_unplanned_share,
    }
    params = np.full(L.N_P, np.nan)
    for slot, value in values.items():
        params[slot] = value
    assert not np.isnan(params).any(), "a float parameter slot is not filled"
    return params


def _int_params(scenario: Scenario, c) -> np.ndarray:
    values = {L.IP_K: c.inspectors.count, L.IP_TERRITORIAL: int(c.inspectors.dispatch == "territorial"),
              L.IP_MONTHLY: int(c.self_inspection.monthly_enabled),
              L.IP_QUARTERLY: int(c.self_inspection.quarterly_enabled),
              L.IP_KCLOSE: c.rectification.failures_to_close,
              L.IP_DR_PUBLISHED: int(c.regimes.double_random.published),
              L.IP_DR_ENABLED: int(c.regimes.double_random.enabled),
              L.IP_LEAD_ENABLED: int(c.regimes.lead_monthly.enabled), L.IP_LEAD_L: c.regimes.lead_monthly.checks_per_month,
              L.IP_RB_ENABLED: int(c.regimes.risk_based.enabled), L.IP_CB_ENABLED: int(c.regimes.credit_based.enabled),
              L.IP_AT_ENABLED: int(c.regimes.accident_triggered.enabled),
              L.IP_AT_MIN_DEATHS: c.regimes.accident_triggered.min_deaths,
              L.IP_AT_M: c.regimes.accident_triggered.checks,
              L.IP_KP_ENABLED: int(c.regimes.key_periods.enabled),
              L.IP_TP_ENABLED: int(c.regimes.third_party.enabled),
              L.IP_RM_ENABLED: int(c.regimes.remote_monitoring.enabled),
              L.IP_TRIAL_ENABLED: int(c.trial.enabled),
              L.IP_AP_ENABLED: int(c.regimes.annual_plan.enabled),
              L.IP_AP_GENERAL: int(c.regimes.annual_plan.general_checks)}
    params = np.zeros(L.N_IP, dtype=np.int64)
    for slot, value in values.items():
        params[slot] = value
    return params


def _sector_table(scenario: Scenario) -> np.ndarray:
    t = scenario.sectors
    table = np.zeros((len(t.names), L.N_SC))
    table[:, L.SC_PMAJOR] = t.p_major
    table[:, L.SC_KG], table[:, L.SC_KM] = t.accident_rate[:, 0], t.accident_rate[:, 1]
    table[:, L.SC_PFG], table[:, L.SC_PFM] = t.p_fatal[:, 0], t.p_fatal[:, 1]
    table[:, L.SC_TAIL] = t.fatality_tail
    table[:, L.SC_DG], table[:, L.SC_DM] = t.death_rate[:, 0], t.death_rate[:, 1]
    table[:, L.SC_SG], table[:, L.SC_SM] = t.serious_rate[:, 0], t.serious_rate[:, 1]
    table[:, L.SC_SMAX] = scenario.season_max
    table[:, L.SC_COUNT] = t.counts
    table[:, L.SC_IND] = t.industrial
    return table


def _calendar(scenario: Scenario) -> np.ndarray:
    cal = scenario.calendar
    out = np.zeros((cal.working.shape[0], L.N_CAL), dtype=np.int64)
    out[:, L.CAL_WORKING] = cal.working
    out[:, L.CAL_MONTH] = np.maximum(cal.month, 0)
    days = np.arange(cal.working.shape[0]) + cal.first_day
    dates = np.datetime64(cal.start_date, "D") + days  # as cal.date(d), for every day at once
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970 - scenario.start.year
    out[:, L.CAL_YEAR] = np.where(days >= 0, years, -1)
    return out


def _task_table(config) -> np.ndarray:
    ins = config.inspectors
    table = np.zeros((len(TASK_KINDS), L.N_TK))
    for kind, name in enumerate(TASK_KINDS):
        table[kind, L.TK_HOURS] = getattr(ins.task_hours, name)
        table[kind, L.TK_WAIT] = getattr(ins.max_wait, name) if name != "double_random" else 0.0
    return table
