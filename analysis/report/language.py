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

from analysis.report.text_en import TEXT as ENGLISH
from analysis.report.text_zh import TEXT as CHINESE

TEXT = {"zh": CHINESE, "en": ENGLISH}
LANGUAGES = tuple(TEXT)
MINUS = "−"


class Words:
    """The report's text in one language: `words(key, **values)` and the number formats."""

    def __init__(self, language: str) -> None:
        if language not in TEXT:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        self.language = language
        self.table = TEXT[language]

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

    # -- names ---------------------------------------------------------------------------------------
    def option(self, label: str) -> str:
        """A sweep cell's name from its label, axis by axis ("regime=lead_monthly" -> 领导带队专家检查).

        Each `axis=value` is looked up as `option.axis=value` (conf/sweep/'s options all have one);
        an inspector count is "N inspectors". A user's own option keeps the name it was given, and a
        value on a config-key axis (`population.enterprises=500`) keeps its key, so it is never a bare
        number.
        """
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
