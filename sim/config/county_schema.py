"""Schema of the county's world (MODEL.md §1–§2): its sectors, enterprises, hazards and seasons.

Defaults are the county baseline; `docs/model.md` is generated from the metadata here. Each assumed
number carries its plausible range and why (`sim.config.fields.param`); a sector's ranges are mostly
factors of the sector's own value (`relative=True`), because the sectors' values differ and their
ratios are what the documents' emphasis on the high-risk sectors sets.
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

CALIBRATED_DEATHS = ("calibrated with the other two of hazard_rate, accident rate and p_fatal to the national "
                     "工矿商贸 death rate (1.24-1.30 per 100,000, docs/model.md §10), which fixes their product, "
                     "not each: half to twice")
SEASON = ("assumed: a season adds hazards, never removes them (1: no effect), and at most doubles their "
          "arrival; no source measures it, the documents' seasonal checks say only that it exists")
QUALITY_SHAPE = ("assumed: no measure of safety-management quality (标准化 level) exists; 2 (a wide spread of "
                 "firms) to 6 (firms alike), the mean q 0.25 to 0.75 with the other shape")
TIERS = ("assumed: no published scoring; the three ranges do not overlap, so red >= orange >= yellow at "
         "every point of them")


@dataclass(slots=True, kw_only=True)
class SectorParams:
    """Physics of one sector: size, capability, hazard and accident rates, deaths."""

    label_zh: str = param("", rule="any", role="setting", why="the sector's Chinese name", doc="Chinese name used in reports")
    industry_mining_commerce: bool = param(
        True, rule="any", source="national indicator definition (docs/sources.md)",
        doc="counts in the 工矿商贸 deaths-per-100,000-workers rate (road transport does not)")
    workers_median: float = param(30.0, rule="positive", unit="workers", doc="median workforce (lognormal)",
                                  low=0.5, high=2.0, relative=True, group="population",
                                  why="assumed: no source gives firm sizes by sector (a county's register "
                                      "would): half to twice")
    workers_sigma: float = param(1.0, rule="nonneg", unit="log-sd", doc="log standard deviation of workforce",
                                 low=0.6, high=1.4, group="population",
                                 why="assumed: firm sizes within a sector spread widely (log-sd 1 puts a tenth of "
                                     "the firms above 3.6 times the median): 0.6 to 1.4")
    quality_alpha: float = param(3.0, rule="positive", doc="Beta(alpha, beta) of safety-management quality q",
                                 low=2.0, high=6.0, group="population", why=QUALITY_SHAPE)
    quality_beta: float = param(3.0, rule="positive", doc="Beta(alpha, beta) of safety-management quality q",
                                low=2.0, high=6.0, group="population", why=QUALITY_SHAPE)
    base_risk: float = param(1.5, rule="nonneg", doc="sector risk score that, with size, sets the risk tier",
                             low=0.7, high=1.4, relative=True, group="population",
                             why="assumed: the documents name the high-risk sectors but give no scores; ×0.7 to "
                                 "×1.4 moves firms across the tier thresholds, so which are key enterprises (重点)")
    hazard_rate: float = param(0.015, rule="nonneg", unit="hazards/day",
                               doc="hazard arrival rate of a reference enterprise (q = 0.5, w = w_ref)",
                               low=0.5, high=2.0, relative=True, group="hazards",
                               why="calibrated with κ and p_fatal to the national death rate (docs/model.md §10), "
                                   "which fixes their product, not each; a check finds 0.52 hazards in the model's "
                                   "field trial against 0.95 at Langfang 2014 and 2.2 in Guangxi's mines 2024 "
                                   "(docs/sources.md): half to twice")
    p_major: float = param(0.02, rule="probability", doc="share of hazards that are major (重大事故隐患)",
                           low=0.25, high=2.0, relative=True, group="hazards",
                           why="assumed: published counts find far fewer major hazards (Haifeng 2022: 3 of "
                               "10,737 found; Guangxi 2024: 1,173 in 143,000 checks; docs/sources.md): down to "
                               "a quarter, up to twice")
    accident_rate_general: float = param(2e-5, rule="nonneg", unit="1/day",
                                         doc="accident rate of one open general hazard (κ_general)",
                                         low=0.5, high=2.0, relative=True, group="accidents", why=CALIBRATED_DEATHS)
    accident_rate_major: float = param(3e-4, rule="nonneg", unit="1/day",
                                       doc="accident rate of one open major hazard (κ_major)",
                                       low=0.5, high=2.0, relative=True, group="accidents", why=CALIBRATED_DEATHS)
    p_fatal_general: float = param(0.05, rule="probability", doc="share of general-hazard accidents that kill",
                                   low=0.5, high=2.0, relative=True, group="accidents", why=CALIBRATED_DEATHS)
    p_fatal_major: float = param(0.2, rule="probability", doc="share of major-hazard accidents that kill",
                                 low=0.5, high=2.0, relative=True, group="accidents", why=CALIBRATED_DEATHS)
    fatality_tail: float = param(2.5, rule="positive",
                                 doc="tail index a of deaths in a fatal accident: P(deaths >= k) = k^-a",
                                 low=1.5, high=3.0, group="accidents",
                                 why="assumed: the heavy tail the national severity classes need, a fatal accident "
                                     "being 较大 or worse (3+ deaths) 19% (a = 1.5) to 4% (a = 3) of the time; at "
                                     "a <= 1 the mean deaths are infinite")
    flood_factor: float = param(1.0, rule="nonneg", doc="hazard-rate multiplier in the flood season (汛期)",
                                low=1.0, high=2.0, group="calendar", why=SEASON)
    winter_factor: float = param(1.0, rule="nonneg", doc="hazard-rate multiplier in winter",
                                 low=1.0, high=2.0, group="calendar", why=SEASON)
    weather_factor: float = param(1.0, rule="nonneg",
                                  doc="hazard-rate multiplier on extreme-weather alert days (雨雪冰冻, 高温, 台风); "
                                      "above 1 marks the sector as exposed",
                                  low=1.0, high=2.0, group="calendar",
                                  why=SEASON + "; above 1 also makes the sector one the weather surge checks")


@dataclass(slots=True, kw_only=True)
class TierThresholds:
    """Risk score cut-offs: red >= red, orange >= orange, yellow >= yellow, else blue."""

    red: float = param(5.0, rule="nonneg", doc="score at or above which an enterprise is red (重大风险)",
                       low=4.0, high=7.0, why=TIERS)
    orange: float = param(3.0, rule="nonneg", doc="score at or above which it is orange (较大风险)",
                          low=2.5, high=4.0, why=TIERS)
    yellow: float = param(1.5, rule="nonneg", doc="score at or above which it is yellow (一般风险)",
                          low=1.0, high=2.5, why=TIERS)


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

    register: str = param("", rule="data_file",
                          doc="the county's register of enterprises (企业名录, CSV or XLSX: 行业, 从业人员, 风险等级, "
                              "重点企业 ...; docs/county_data.md): its enterprises replace the drawn ones, and set "
                              "enterprises and sector_shares; a relative path written in a scenario file is read from "
                              "the file's folder; empty: enterprises drawn",
                          source="the county's own register", role="setting",
                          why="data the county holds: its own enterprises, not a property to sample")
    enterprises: int = param(3000, rule="count", unit="enterprises", doc="number of enterprises; with a register, "
                             "the register's", role="setting",
                             why="the size of the county, which its register gives; scenarios set it")
    sector_shares: dict[str, float] = param(
        rule="shares", source="assumed: no document gives a county's enterprise counts by sector",
        doc="share of enterprises in each sector; empty or omitted means the default mix, county_baseline's "
            "(DEFAULT_SECTOR_SHARES in sim/config/county_schema.py); with a register, the register's",
        role="setting", why="the county's register gives it; shares that sum to 1",
        factory=dict)
    reference_workers: float = param(50.0, rule="positive", unit="workers", doc="w_ref in the hazard rate",
                                     role="setting",
                                     why="a reference size, not a property of the county: changing it only "
                                         "re-expresses the hazard and report rates, risk scores and task hours")
    size_exponent: float = param(0.5, rule="nonneg", doc="α: hazard rate scales as (workers/w_ref)^α",
                                 low=0.3, high=0.9,
                                 why="assumed: hazards grow with the workforce, less than in proportion, as injury "
                                     "rates per worker are higher in small firms: 0.3 to 0.9")
    quality_effect: float = param(2.0, rule="nonneg", doc="β: hazard rate scales as exp(-β (q - 0.5))",
                                  low=1.0, high=3.0,
                                  why="assumed: the best-run firm (q = 1) has e^-β of the worst's hazard rate, "
                                      "2.7 (β = 1) to 20 (β = 3) times fewer hazards")
    good_credit_share: float = param(0.2, rule="probability", doc="share starting with good credit",
                                     low=0.05, high=0.4,
                                     why="assumed: no county figure; good credit (诚信, 绿色通道) is a distinction, "
                                         "not the rule: 0.05 to 0.4")
    tier_size_exponent: float = param(0.5, rule="nonneg",
                                      doc="risk score = base_risk x (workers/w_ref)^this",
                                      low=0.25, high=0.75,
                                      why="assumed: size raises the risk score, less than in proportion: 0.25 to 0.75")
    tier_thresholds: TierThresholds = param(rule="any", factory=TierThresholds,
                                            doc="risk-tier cut-offs")


@dataclass(slots=True, kw_only=True)
class HazardConfig:
    """How open hazards end without anyone finding them (§2)."""

    natural_closure_rate: float = param(1 / 120, rule="nonneg", unit="1/day",
                                        doc="ν: routine repair closes an open hazard at this rate",
                                        low=1 / 240, high=1 / 60,
                                        why="assumed: no source measures it; routine repair in the course of work "
                                            "after 2 to 8 months on average (1/ν)")
    escalation_rate: float = param(0.0, rule="nonneg", unit="1/day",
                                   doc="ε: an open general hazard becomes major at this rate",
                                   low=0.0, high=1 / 365,
                                   why="assumed: off by default, as MODEL.md makes it optional; at most once a year "
                                       "on average for a general hazard left open")


@dataclass(slots=True, kw_only=True)
class CalendarConfig:
    """Seasons that raise hazard rates in the sectors that name a factor."""

    flood_season_start: str = param("06-01", rule="month_day", doc="first day of 汛期",
                                    why="a date of the county's region (the province's flood-control rules set "
                                        "its flood season), not sampled; a scenario sets its own")
    flood_season_end: str = param("09-30", rule="month_day", doc="last day of 汛期",
                                  why="a date of the county's region, not sampled, as flood_season_start")
    winter_start: str = param("12-01", rule="month_day", doc="first day of winter (may wrap the year)",
                              why="a date of the county's climate, not sampled; a scenario sets its own")
    winter_end: str = param("02-28", rule="month_day", doc="last day of winter",
                            why="a date of the county's climate, not sampled, as winter_start")
    weather_alerts_per_year: float = param(
        4.0, rule="nonneg", unit="1/year",
        source="assumed: a county sees a few orange-or-red warnings (暴雨, 高温, 台风, 寒潮) a year",
        doc="extreme-weather alerts a year, drawn per replication (nature, whatever the regimes)",
        low=1.0, high=10.0, why="assumed: orange-or-red warnings a county gets a year, by its climate: 1 to 10")
    weather_alert_days: int = param(3, rule="count", unit="days", source="assumed",
                                    doc="days one alert lasts", low=1, high=5,
                                    why="assumed: a warning lasts a day to most of a working week")
