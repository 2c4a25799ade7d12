"""The page's words in its language: the workbench's own (text_zh.py, text_en.py) over the report's
tables (analysis/report/language.py), with the report's number formats (万元 in Chinese, ¥ in English)."""

from __future__ import annotations

from analysis.report.language import TEXT as REPORT_TEXT
from analysis.report.language import Words
from analysis.workbench.fields import Setting
from analysis.workbench.text_en import TEXT as ENGLISH
from analysis.workbench.text_zh import TEXT as CHINESE

TEXT = {"zh": CHINESE, "en": ENGLISH}
LANGUAGES = tuple(TEXT)


class PageWords(Words):
    """`words(key, **values)` for the page; the report's Words' numbers, money and percentages."""

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self.table = {**REPORT_TEXT[language], **TEXT[language]}

    def get(self, key: str, fallback: str) -> str:
        return self.table.get(key, fallback)

    def unit(self, unit: str) -> str:
        return self.table.get(f"unit.{unit}", unit)

    def value(self, setting: Setting, value) -> str:
        """A setting's value as a planner reads it: yuan as money, counts whole, switches on or off."""
        if value is None:
            return "–"
        if setting.kind is bool:
            return self(f"value.{str(bool(value)).lower()}")
        if setting.unit.startswith("yuan"):
            return self.money(float(value))
        if setting.kind is int:
            return f"{int(value):,}"
        return self.number(float(value), None)

    def source(self, setting: Setting) -> str:
        """Where a setting's value comes from, as the report's appendix names it (analysis/report/provenance.py):
        the documents by their titles in this language, 假设 / assumed; on the English page an assumption keeps
        the schema's own note (it is English)."""
        from analysis.report.provenance import source_text

        if not self.chinese and setting.source.startswith("assumed:"):
            return setting.source
        return source_text(setting.source, self)

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return self("study.left_unknown")
        whole = int(round(seconds))
        if whole >= 60:
            return self("study.left", time=self("time.minutes", minutes=whole // 60, seconds=whole % 60))
        return self("study.left", time=self("time.seconds", seconds=whole))

    def record(self, name: str, label: str) -> str:
        """A calibration record's name: on the Chinese page the county file's own header (`label`, as
        fit.csv has it), on the English page the measure's English name, each falling back on the other."""
        from analysis.report.fitted import record_name

        return record_name(name, label, self)

    def option(self, label: str) -> str:
        """A sweep cell's label (`regime=lead_monthly`) in the report's words, where it has them; a budget mix
        whose purchases are known by what it buys (analysis/report/mix_names.py)."""
        if label in self.mixes:
            return self.mixes[label].name(self)
        return self.table.get(f"option.{label}", label)
