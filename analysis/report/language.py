"""Words and numbers in the report's language: one translation table per language and the number
formats planners expect (万 and 万元 in Chinese, thousands separators and ¥ millions in English).

Every label, heading and sentence of the report is a key of `TEXT[language]` (analysis/report/text_zh.py,
text_en.py), filled with `str.format`; nothing the reader sees is written elsewhere. A test checks that
both tables have the same keys and placeholders.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from analysis.report.depends_text_en import TEXT as ENGLISH_DEPENDS
from analysis.report.depends_text_zh import TEXT as CHINESE_DEPENDS
from analysis.report.labels_en import LABELS as ENGLISH_LABELS
from analysis.report.labels_zh import LABELS as CHINESE_LABELS
from analysis.report.text_en import TEXT as ENGLISH_TEXT
from analysis.report.text_zh import TEXT as CHINESE_TEXT

TEXT = {"zh": {**CHINESE_TEXT, **CHINESE_LABELS, **CHINESE_DEPENDS},
        "en": {**ENGLISH_TEXT, **ENGLISH_LABELS, **ENGLISH_DEPENDS}}
LANGUAGES = tuple(TEXT)
MINUS = "−"


class Words:
    """The report's text in one language: `words(key, **values)` and the number formats."""

    def __init__(self, language: str, mixes: dict | None = None) -> None:
        if language not in TEXT:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        self.language = language
        self.table = TEXT[language]
        self.mixes = mixes or {}   # budget cells' labels -> what each buys (analysis/report/mix_names.py)

    def __call__(self, key: str, **values) -> str:
        return self.table[key].format(**values)

    @property
    def chinese(self) -> bool:
        return self.language == "zh"

    # -- numbers ------------------------------------------------------------------------------------
    def number(self, value: float, digits: int | None = 1, signed: bool = False) -> str:
        """A number with `digits` decimals (None: three significant), thousands separated; '–' for NaN."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if math.isinf(value):
            return "∞"
        text = f"{abs(value):,.{digits}f}" if digits is not None else _significant(abs(value))
        if text.strip("0.,") == "":
            return text
        sign = MINUS if value < 0 else ("+" if signed else "")
        return sign + text

    def count(self, value: float) -> str:
        """A whole count: 12,345; in Chinese from 100,000 on in 万 (12.3万)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if self.chinese and abs(value) >= 100_000:
            return f"{value / 10_000:,.1f}万"
        return f"{value:,.0f}"

    def money(self, yuan: float, signed: bool = False) -> str:
        """Yuan: 万元 in Chinese (620.5万元), ¥ and millions in English (¥6.21 million)."""
        if yuan is None or (isinstance(yuan, float) and math.isnan(yuan)):
            return "–"
        if math.isinf(yuan):
            return "∞"
        sign = MINUS if yuan < 0 else ("+" if signed else "")
        size = abs(yuan)
        if self.chinese:
            return f"{sign}{size / 10_000:,.1f}万元" if size >= 10_000 else f"{sign}{size:,.0f}元"
        return f"{sign}¥{size / 1e6:,.2f} million" if size >= 1e6 else f"{sign}¥{size:,.0f}"

    def percent(self, share: float, signed: bool = False, digits: int = 0) -> str:
        if share is None or (isinstance(share, float) and math.isnan(share)):
            return "–"
        return self.number(share * 100, digits, signed) + "%"

    def range(self, low: float, high: float, digits: int | None, percent: bool = False, money: bool = False,
              signed: bool = False) -> str:
        """'a to b' (en) / 'a至b' (zh): a 95% interval's ends."""
        if money:
            ends = (self.money(low), self.money(high))
        elif percent:
            ends = (self.percent(low, signed=True, digits=1), self.percent(high, signed=True, digits=1))
        else:
            ends = (self.number(low, digits, signed), self.number(high, digits, signed))
        return self("format.range", low=ends[0], high=ends[1])

    def interval(self, mean: float, low: float, high: float, digits: int | None, signed: bool = False) -> str:
        """'mean (low to high)', or the mean alone with the reason when the interval has no width at the
        digits shown (`_single`)."""
        return self._interval(self.number(mean, digits, signed), low, high,
                              lambda value: self.number(value, digits, signed))

    def interval_percent(self, mean: float, low: float, high: float, signed: bool = False) -> str:
        """A share's (or a change's, `signed`) 'mean (low to high)' in percent with one decimal, as `interval`."""
        return self._interval(self.percent(mean, signed, 1), low, high, lambda value: self.percent(value, signed, 1))

    def _interval(self, shown: str, low: float, high: float, write: Callable[[float], str]) -> str:
        ends = (write(low), write(high))
        if _finite(low) and _finite(high) and ends[0] == ends[1]:
            return self._single(shown, low == high)
        return self("format.interval", mean=shown, range=self("format.range", low=ends[0], high=ends[1]))

    def _single(self, shown: str, same: bool) -> str:
        """A degenerate interval ("1.1 (1.1 to 1.1)") as one value and why: every history gave that
        value (the interval has no width), or the interval is narrower than the last digit shown."""
        if same:
            return self("format.interval_same", mean=shown)
        decimals = re.search(r"[.](\d+)", shown)
        places = len(decimals.group(1)) if decimals else 0
        step = f"{10.0 ** -places:.{places}f}" + ("%" if shown.endswith("%") else "")
        return self("format.interval_narrow", mean=shown, step=step)

    # -- numbers rounded to what their interval supports (the report's first page) -----------------------
    def about(self, mean: float, low: float, high: float, digits: int = 2) -> str:
        """'mean (low to high)' rounded to the interval's `rounding_unit` (0.23 with 0.12 to 0.34: '0.2 (0.1
        to 0.3)'); `digits` decimals when the interval has no width."""
        shown, ends = self.about_parts(mean, low, high, digits)
        return self("format.interval", mean=shown, range=ends)

    def about_parts(self, mean: float, low: float, high: float, digits: int = 2) -> tuple[str, str]:
        """`about`'s estimate and its range ('0.2', '0.1 to 0.3'), for a sentence that puts words between;
        an interval with no width (every history the same) says so instead of 'x to x'."""
        unit = rounding_unit(low, high, mean)
        places = digits if math.isnan(unit) else max(0, -round(math.log10(unit)))
        shown = [self.number(round_to(v, unit), places) for v in (mean, low, high)]
        if _finite(low) and low == high:   # every history gave the same: no interval to show
            return shown[0], self("format.same")
        return shown[0], self("format.range", low=shown[1], high=shown[2])

    def about_money(self, mean: float, low: float, high: float) -> str:
        """Yuan and its interval rounded alike: '¥9 million (¥6 to 13 million)', '900万元（600至1,300万元）'."""
        shown, ends = self.about_money_parts(mean, low, high)
        return self("format.interval", mean=shown, range=ends)

    def about_money_parts(self, mean: float, low: float, high: float) -> tuple[str, str]:
        """`about_money`'s amount and range; a range of two amounts in one unit names it once ('¥7 to 22
        million', '700至2,200万元')."""
        unit = rounding_unit(low, high, mean)
        ends = [self.money_rounded(low, unit), self.money_rounded(high, unit)]
        suffix = "万元" if self.chinese else " million"
        if all(end.endswith(suffix) for end in ends) and not any(end.startswith(MINUS) for end in ends):
            ends = [ends[0].removesuffix(suffix), ends[1] if self.chinese else ends[1].removeprefix("¥")]
        return self.money_rounded(mean, unit), self("format.range", low=ends[0], high=ends[1])

    def money_about(self, mean: float, low: float, high: float, signed: bool = False) -> str:
        """An amount a year, rounded to its interval when it varies (rewards paid: ¥71,317 with ¥60,000 to
        ¥82,000 is ¥70,000) and to three figures at most (¥599,599: ¥600,000)."""
        if mean is None or not math.isfinite(mean) or mean == 0:
            return self.money(mean)
        unit, figures = rounding_unit(low, high, mean), 10.0 ** (math.floor(math.log10(abs(mean))) - 2)
        return self.money_rounded(mean, figures if math.isnan(unit) else max(unit, figures), signed)

    def money_rounded(self, yuan: float, unit: float, signed: bool = False) -> str:
        """Yuan rounded to `unit` (a power of ten; NaN: as `money` writes it), in 万元 or ¥ millions."""
        if math.isnan(unit) or yuan is None or not math.isfinite(yuan):
            return self.money(yuan, signed)
        yuan = round_to(yuan, unit)
        sign, size = (MINUS if yuan < 0 else "+" if signed and yuan > 0 else ""), abs(yuan)
        if self.chinese:
            if size >= 10_000:
                return f"{sign}{size / 10_000:,.{max(0, -round(math.log10(unit / 10_000)))}f}万元"
            return f"{sign}{size:,.0f}元"
        if size >= 1e6:
            return f"{sign}¥{size / 1e6:,.{max(0, -round(math.log10(unit / 1e6)))}f} million"
        return f"{sign}¥{size:,.0f}"

    def deaths_plainly(self, per_year: float) -> str:
        """Deaths averted a year in plain words: 'about one death averted every 4 years' (0.23 a year),
        'every 5 months' (2.6 a year)."""
        every = one_every(per_year)
        if every is None:
            return self("plain.none")
        count, unit = every
        return self(f"plain.{unit}", n=count)

    def times(self, ratio: float) -> str:
        """A ratio of two amounts in words ('8', '1.5'): one decimal below 2, whole above."""
        return self.number(ratio, 1 if ratio < 2 else 0)

    def join(self, names: list[str]) -> str:
        """'a, b and c' / 'a、b和c'."""
        if len(names) < 2:
            return "".join(names)
        return self("format.list").join(names[:-1]) + self("format.list_last") + names[-1]

    # -- names ---------------------------------------------------------------------------------------
    def option(self, label: str) -> str:
        """A sweep cell's name from its label, axis by axis ("regime=lead_monthly" -> 领导带队专家检查).

        Each `axis=value` is looked up as `option.axis=value` (conf/sweep/'s options all have one);
        an inspector count is "N inspectors". A user's own option keeps the name it was given, and a
        value on a config-key axis (`population.enterprises=500`) keeps its key, so it is never a bare
        number. A budget mix whose purchases are known (`mixes`) is named by them (mix_names.py).
        """
        if label in self.mixes:
            return self.mixes[label].name(self)
        parts = []
        for part in label.split(", "):
            axis, _, value = part.partition("=")
            shown = self.table.get(f"option.{axis}={value}")
            if shown is None and axis == "inspectors.count":
                shown = self("option.staff", count=value)
            parts.append(shown or (value if value and "." not in axis else part))
        return " · ".join(parts)

    def sweep(self, name: str) -> str:
        """A sweep's name (conf/sweep/<name>.yaml) as the appendix shows it; a user's own as written."""
        return self.table.get(f"sweep.{name}", name)

    def value(self, value: object) -> str:
        """A setting's value word: true/false as 是/否, an unset value, a sector, a dispatch mode or a
        holiday by its name; anything else as written."""
        if isinstance(value, bool) or value is None:
            return self(f"value.{str(value).lower()}")
        return self.table.get(f"value.{value}", str(value))

    def scenario_title(self, config) -> str:
        """The scenario's title in this language: `title_zh` (else `title`) in Chinese, `title` in
        English, the scenario's name when it has no title."""
        own = config.title_zh if self.chinese else ""
        return (own or config.title or config.name).strip()

    def scenario_description(self, config) -> str:
        """`description_zh` in Chinese (a scenario without one shows its English `description`)."""
        return ((config.description_zh if self.chinese else "") or config.description).strip()

    def trial_period(self, period: str) -> str:
        """'year 2' -> 第2年 / year 2; 'years 1–4' -> 第1–4年 / years 1–4."""
        number = period.split(" ", 1)[1]
        return self("format.years" if period.startswith("years") else "format.year", n=number)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _significant(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def rounding_unit(low: float, high: float, mean: float | None = None) -> float:
    """The decimal place a 95% interval supports: the leading place of the distance from the estimate to
    its nearer end (of the half-width without an estimate), to which the estimate and both ends are
    rounded. ¥8.9 million with ¥6.5 to 13.4 million is 2.4 million from its nearer end: whole millions,
    'about ¥9 million (6 to 13 million)'; 0.23 with 0.12 to 0.34: tenths. A bootstrap interval of a
    ratio is lopsided (¥24 million, 15 to 57 million): its near side sets the place, so the estimate is
    not rounded away. NaN when the interval has no ends or no width (nothing to round to)."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return math.nan
    arm = (high - low) / 2
    if mean is not None and math.isfinite(mean) and low < mean < high:
        arm = min(mean - low, high - mean)
    return 10.0 ** math.floor(math.log10(arm))


def round_to(value: float, unit: float) -> float:
    """`value` rounded to a multiple of `unit` (as it is when `unit` is NaN or `value` is not finite)."""
    if math.isnan(unit) or value is None or not math.isfinite(value):
        return value
    return round(value / unit) * unit + 0.0   # + 0.0: no −0


def one_every(per_year: float) -> tuple[int, str] | None:
    """How rare `per_year` events a year are, as (n, 'every_years'): one every n years (0.23 a year: 4),
    from 1.5 years apart up; else (n, 'every_months'): one every n months (2.6 a year: 5); from 18 a
    year up (n, 'per_month'): n a month. None when there are none."""
    if per_year is None or not math.isfinite(per_year) or per_year <= 0:
        return None
    if 1 / per_year >= 1.5:
        return round(1 / per_year), "every_years"
    if 12 / per_year >= 1.5:
        return round(12 / per_year), "every_months"
    return round(per_year / 12), "per_month"
