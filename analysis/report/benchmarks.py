"""Published Chinese figures to set a cost per death averted beside (docs/sources.md, "The cost of a
death: benchmarks"). Each is a figure a meeting can look up, with its source and the year its yuan are
of; what each means is said in the report (text keys `benchmark.<key>.*`): compensation paid after a
death is not the value of a life, and a value of a statistical life (VSL) is what people are willing
to pay, together, for small cuts in their risk of dying, per death avoided.
"""

from __future__ import annotations

from dataclasses import dataclass

# 国家统计局, 2024年居民收入和消费支出情况 (17 January 2025): national urban per-capita disposable
# income in 2024, yuan; it sets the compensation for work-related deaths in 2025
URBAN_INCOME, INCOME_YEAR = 54_188, 2024
# 工伤保险条例 (2010 revision) art. 39, and 人力资源和社会保障部令第13号 (2011) art. 11: the one-off
# work-injury death grant (一次性工亡补助金) is 20 times the previous year's national urban per-capita
# disposable income as the National Bureau of Statistics publishes it
COMPENSATION_MULTIPLE = 20


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One published figure, `yuan` of `year`'s prices, with any second figure the row compares too
    (`second`) and the spread the source gives around it (`spread`, shown, not compared)."""

    key: str                                 # text keys benchmark.<key>.name, .figure, .meaning, .source
    yuan: float
    year: int | None                         # the year the yuan are of; None: the source names none
    kind: str                                # "compensation" or "vsl"
    second: float | None = None
    spread: tuple[float, float] | None = None


BENCHMARKS = (
    # for a work-related death in 2025: 20 x the 2024 figure
    Benchmark("compensation", COMPENSATION_MULTIPLE * URBAN_INCOME, INCOME_YEAR + 1, "compensation"),
    # Hoffmann, Krupnick & Qin, Journal of Benefit-Cost Analysis 8(2), 2017: payment-card
    # stated-preference survey in Shanghai, Jiujiang and Nanning; pooled VSL for a contemporaneous cut
    # of 5 in 10,000 in annual mortality risk, 2009 yuan
    Benchmark("vsl_hoffmann", 1_470_000, 2009, "vsl"),
    # Cao et al., Chinese Journal of Population, Resources and Environment 21(4):269-278, 2023
    # (doi:10.1016/j.cjpre.2023.11.009): contingent valuation, 3,936 face-to-face interviews in six
    # cities in 2019; VSL 4.76 million yuan, 3.79 to 6.36 million across the cities, 2019 yuan
    Benchmark("vsl_cao", 4_760_000, 2019, "vsl", spread=(3_790_000, 6_360_000)),
    # 基于支付意愿法中国统计生命价值系统评价, 中国公共卫生 (doi:10.11847/zgggws1145373), studies to
    # 1 April 2024: median VSL of 28 Chinese willingness-to-pay studies 1.9622 million yuan; of the 5 on
    # occupational safety, 4.996 million
    Benchmark("vsl_review", 1_962_200, None, "vsl", second=4_996_000),
)


def compensation() -> Benchmark:
    return next(b for b in BENCHMARKS if b.kind == "compensation")


def vsl_range() -> tuple[float, float]:
    """The lowest and highest VSL the benchmarks compare (each row's figure and second figure)."""
    figures = [f for b in BENCHMARKS if b.kind == "vsl" for f in (b.yuan, b.second) if f is not None]
    return min(figures), max(figures)
