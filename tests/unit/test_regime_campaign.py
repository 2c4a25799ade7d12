"""campaign (专项整治): a phase's overrides hold exactly inside its dates, in both engines, and a phase may
override only what both engines read at the moment of use."""

from __future__ import annotations

import pytest
from numba import njit

import sim
from sim.config.campaign import CAMPAIGN_KEYS
from sim.config.errors import ConfigError
from sim.engines.numba.inputs import state_tuple, world_tuple
from sim.engines.numba.regimes import phase_event
from sim.engines.simpy.engine import County, Enterprise, Inspectorate
from sim.engines.simpy.regimes import campaign_phases
from sim.rules.jit import decay
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario

NOTHING_ELSE = ["regimes.double_random.enabled=false", "reports.hazard_report_rate=0", "reports.unfounded_rate=0",
                "inspectors.count=20", "warmup_days=0"]


def _campaign(*phases: str) -> list[str]:
    return ["regimes.campaign.enabled=true", f"regimes.campaign.phases=[{', '.join(phases)}]"]


LEAD_SPRING = "{name: spring, start: '2020-03-01', end: '2020-05-31', overrides: {regimes.lead_monthly.enabled: true, regimes.lead_monthly.checks_per_month: 3}}"
FINES = "{name: heavy, start: '2020-06-01', end: '2020-06-30', overrides: {penalties.major_found_firm: 77777.0}}"


def test_the_settings_in_force_switch_at_midnight_of_the_first_and_after_the_last_day(small_config):
    config = small_config(*NOTHING_ELSE, *_campaign(LEAD_SPRING, FINES))
    scenario = compile_scenario(config)
    county = County(scenario, draw_world(scenario, 0, 0), 0, 0, log_events=False)
    county.enterprises = [Enterprise(county, i) for i in range(county.population.size)]
    county.inspectorate = Inspectorate(county)
    campaign_phases(county)
    seen = {}
    for t in (59.999, 60.0, 151.999, 152.0, 181.999, 182.0):  # 1 March is day 60 of 2020, 1 June 152, 1 July 182
        county.env.run(until=t + 1e-9) if t > county.env.now else None
        seen[t] = (county.config.regimes.lead_monthly.enabled, county.config.penalties.major_found_firm,
                   county.in_phase)
    base_fine = config.penalties.major_found_firm
    assert seen[59.999] == (False, base_fine, False)
    assert seen[60.0] == (True, base_fine, True)
    assert seen[151.999] == (True, base_fine, True)
    assert seen[152.0] == (False, 77777.0, True)  # the adjacent phase: the first's overrides are gone
    assert seen[181.999] == (False, 77777.0, True)
    assert seen[182.0] == (False, base_fine, False)
    assert config.regimes.lead_monthly.enabled is False  # the config itself is untouched


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_a_regime_switched_on_by_a_phase_acts_exactly_in_its_months(small_config, engine):
    config = small_config(*NOTHING_ELSE, *_campaign(LEAD_SPRING))
    reps = sim.simulate(config, engine=engine, replications=1, seed=2, progress=False).replications.iloc[0]
    assert reps.tasks_created_lead_monthly == reps.inspections_lead_monthly == 3 * 3  # March, April, May
    assert reps.campaign_phase_days == 92
    assert 0 < reps.campaign_phase_inspections < reps.inspections


def test_inside_the_phase_only_its_checks_happen(small_config):
    config = small_config(*NOTHING_ELSE, *_campaign(LEAD_SPRING))
    events = sim.simulate(config, engine="simpy", replications=1, seed=2, progress=False).events
    lead = events[(events.event == "inspection") & (events.detail == "expert")]
    assert len(lead) == 9 and lead.time.between(60, 152).all()


def test_a_phase_may_not_change_what_is_fixed_at_the_start():
    bad = "{name: x, start: '2020-03-01', end: '2020-03-31', overrides: {inspectors.count: 60}}"
    with pytest.raises(ConfigError) as info:
        sim.load_config(overrides=_campaign(bad))
    assert info.value.key == "regimes.campaign.phases[0].overrides.inspectors.count"
    assert "regimes.lead_monthly.checks_per_month" in str(info.value)  # names what is allowed
    assert "inspectors.count" not in CAMPAIGN_KEYS and "population.enterprises" not in CAMPAIGN_KEYS


@pytest.mark.parametrize(("override", "message"), [
    ("detection.expert_major: 1.5", "must be a number in [0, 1]"),
    ("regimes.lead_monthly.enabled: 1", "must be true or false"),
    ("regimes.lead_monthly.checks_per_month: 2.5", "must be a whole number"),
])
def test_a_phase_value_is_checked_like_any_other(override, message):
    phase = f"{{name: x, start: '2020-03-01', end: '2020-03-31', overrides: {{{override}}}}}"
    with pytest.raises(ConfigError) as info:
        sim.load_config(overrides=_campaign(phase))
    assert info.value.key.startswith("regimes.campaign.phases[0].overrides.") and message in str(info.value)


@pytest.mark.parametrize(("off", "override", "remedy"), [
    # the tier frequencies are the annual plan's too: a phase may set them while the plan is on
    ("regimes.risk_based.enabled=false regimes.annual_plan.enabled=false", "regimes.risk_based.frequency.red: 4",
     "in the scenario or in the phase"),
    ("regimes.double_random.enabled=false", "regimes.double_random.sampling_fraction: 0.5", "in the scenario)"),
    ("regimes.accident_triggered.enabled=false", "regimes.accident_triggered.checks: 9", "in the scenario)"),
    ("regimes.whistleblower.enabled=false", "regimes.whistleblower.reward_general: 5000.0", "or in the phase"),
])
def test_a_phase_may_not_set_a_regime_that_is_off_in_it(off, override, remedy):
    phase = f"{{name: x, start: '2020-03-01', end: '2020-03-31', overrides: {{{override}}}}}"
    with pytest.raises(ConfigError) as info:
        sim.load_config(overrides=[*off.split(), *_campaign(phase)])
    assert info.value.key == "regimes.campaign.phases[0].overrides." + override.split(":")[0]
    assert "which is off in this phase" in str(info.value) and remedy in str(info.value)


def test_a_phase_may_set_a_regime_it_switches_on():
    phase = ("{name: x, start: '2020-03-01', end: '2020-03-31', overrides: "
             "{regimes.risk_based.enabled: true, regimes.risk_based.frequency.red: 4}}")
    config = sim.load_config(overrides=["regimes.risk_based.enabled=false", *_campaign(phase)])
    assert config.regimes.campaign.phases[0].overrides["regimes.risk_based.frequency.red"] == 4


def test_phases_must_not_overlap():
    a = "{name: a, start: '2020-03-01', end: '2020-03-31', overrides: {}}"
    b = "{name: b, start: '2020-03-31', end: '2020-04-30', overrides: {}}"
    with pytest.raises(ConfigError) as info:
        sim.load_config(overrides=_campaign(a, b))
    assert info.value.key == "regimes.campaign.phases[1].start"


# A phase that silences reports over the whole measured window of the small county (2020).
SILENT = "{name: silent, start: '2020-01-01', end: '2020-12-31', overrides: {reports.hazard_report_rate: 0.0}}"
LOUD = ["reports.unfounded_rate=0", "reports.hazard_report_rate=0.01"]


@pytest.mark.parametrize("engine", ["simpy", "numba"])
def test_a_phase_changes_the_report_rate_of_hazards_older_than_the_phase(small_config, engine):
    """Hazards from the warm-up, still latent when the phase begins, are not reported inside it: a phase
    rerates every latent hazard's report clock, not only those of the hazards created inside it."""
    def reports(*overrides):
        return sim.simulate(small_config(*LOUD, *overrides), engine=engine, replications=1, seed=4,
                            progress=False).replications.iloc[0].reports
    assert reports() > 100  # without the phase the warm-up's hazards alone would be reported in the window
    assert reports(*_campaign(SILENT)) == 0


FORGETFUL = "{name: forgetful, start: '2020-03-01', end: '2020-05-31', overrides: {deterrence.general_half_life_days: 10.0}}"


def test_pressure_before_a_phase_decays_at_the_half_life_before_it(small_config):
    """A phase that shortens the pressure's half-life on 1 March (day 60) leaves the pressure added on
    day 10 decayed at the old half-life until day 60, at the new one after, in both engines."""
    config = small_config(*NOTHING_ELSE, *_campaign(FORGETFUL))
    scenario = compile_scenario(config)
    world = draw_world(scenario, 0, 0)
    old = config.deterrence.general_half_life_days
    expected = decay(50.0, old) * decay(10.0, 10.0)  # the level at day 70 of one unit of pressure from day 10

    county = County(scenario, world, 0, 0, log_events=False)
    county.enterprises = [Enterprise(county, i) for i in range(county.population.size)]
    campaign_phases(county)
    county.pressure[2], county.pressure_time[2] = 1.0, 10.0
    county.env.run(until=70.0)
    simpy_level = county.pressure[2] * decay(70.0 - county.pressure_time[2], county.config.deterrence.general_half_life_days)
    assert simpy_level == pytest.approx(expected, rel=1e-12)

    W, S = world_tuple(scenario, world), state_tuple(scenario, world.population, world.hazards)
    numba_level = _numba_pressure_after_phase(S, W, 2, 1.0, 10.0, 60.0, 70.0)
    assert numba_level == pytest.approx(expected, rel=1e-12)
    assert expected != pytest.approx(decay(60.0, 10.0))  # what decaying the whole time at the new half-life gives


@njit
def _numba_pressure_after_phase(S, W, s, level, since, switch, t):
    S.sector_pressure[s], S.sector_pressure_since[s] = level, since
    phase_event(S, W, 1, switch)
    return S.sector_pressure[s] * decay(t - S.sector_pressure_since[s], W.params[0].general_half_life_days)
