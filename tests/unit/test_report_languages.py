"""The report speaks one language at a time. The Chinese report holds no English word outside a short
list (software, model and author names); the English report holds no Chinese outside a glossary of
official terms, and each of those stands beside its English. Checked on the documents of a small
study and of a single run (every section, or the command that would fill it), on every text of the
two tables, on every parameter source, and on every option of the shipped sweeps.

What the Chinese report may keep in Latin script, and why:
- the names of software, models and the studies' authors (SimPy, numba, Levine, ...);
- text in backticks: a command to run, or the name it takes (`python -m sim.sweep sweep=staffing`,
  `county_baseline`), which must be typed as written;
- the config keys in the appendix's parameter table (`population.enterprises`): the names a scenario
  file or a command line sets them by, as the model documentation lists them;
- the folders of the results in the appendix (paths, to be opened as written);
- numbers, including a parameter value written as 3e-05.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sim
from analysis.report.appendix import appendix, leaves
from analysis.report.build import build_document, gather
from analysis.report.document import Bullets, Document, Figure, Heading, Paragraph, Table
from analysis.report.language import TEXT, Words
from analysis.report.provenance import CITED, source_text, sources_text
from analysis.report.study import County, Study, load_study
from sim.config.loader import available_scenarios
from sim.config.model_schema import DISPATCH_MODES, SECTORS
from sim.config.regime_schema import KEY_PERIOD_NAMES
from sim.config.schema import Config
from sim.sweep.spec import build_spec
from tests.unit.test_docs_table import schema_classes

SWEEPS = sorted(Path("conf/sweep").glob("*.yaml"))
# Latin-script names the Chinese report may show: software, models and authors
ALLOWED_LATIN = {"SimPy", "simpy", "numba", "numpy", "pandas", "matplotlib", "fpdf2", "HTML", "PDF", "CI", "Monte",
                 "Carlo", "Morris", "Sobol", "Levine", "Toffel", "Johnson", "Haviland", "Gray", "Mendeloff", "Hoffmann", "Cao"}
# Chinese the English report may show: official terms, each with the English it must stand beside
GLOSSARY = {
    "十万人死亡率": "deaths per 100,000 workers",
    "事故起数": "accidents",
    "死亡人数": "deaths",
    "双下降": "double decline",
    "较大及以上": "serious or worse",
    "年度监督检查计划": "annual inspection plan",
    "年度计划": "annual plan",
    "重大隐患动态清零": "clearing major hazards",
    "重大隐患存量": "major-hazard stock",
    "双随机": "double-random",
    "重点企业全覆盖": "key enterprises",
    "重点企业覆盖率": "key enterprises",
    "全覆盖": "full coverage",
    "整改率": "rectification rate",
    "举报奖励": "whistleblower rewards",
    "安监总政法〔2017〕150号": "rule on annual inspection plans",
    "四不两直": "unannounced",
    "一次性工亡补助金": "compensation for a work-related death",
    # the records' statistics a county keeps (calibration's fit table: labels_en.py record.*)
    "检查企业家次": "enterprise checks",
    "双随机抽查家次": "double-random checks",
    "计划检查家次": "planned checks",
    "每家次发现隐患": "hazards found per check",
    "发现隐患": "hazards found",
    "一般隐患": "general hazards",
    "重大隐患": "major hazards",
    "行政处罚": "administrative penalties",
    "停产整顿": "suspend production",
    "举报": "whistleblower reports",
    "工矿商贸死亡人数": "deaths outside road transport",
    "计划总人日": "staff-days",
    "非计划人日": "unplanned staff-days",
    "计划检查人日": "staff-days on planned checks",
    # campaign phases and party meetings the shipped scenarios name (the appendix's parameter table)
    "动员部署": "mobilisation",
    "全面实施": "full implementation",
    "重点攻坚": "tackling the key problems",
    "完善提升": "improvement",
    "企业自查自改和部门帮扶": "enterprise self-checks",
    "精准执法": "targeted enforcement",
    "巩固提高": "consolidation",
    "十九届五中全会": "5th plenum",
    "十九届六中全会": "6th plenum",
    "二十大": "20th Party Congress",
}
CJK_TERM = re.compile(r"[\u3400-\u9fff](?:[\u3400-\u9fff\u3000-\u303f\uff00-\uffef0-9]*[\u3400-\u9fff])?")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
EXEMPT = re.compile(r"`[^`]*`|\d+(?:\.\d+)?e[-+]\d+|\{[a-z_]+\}")   # commands, 3e-05, placeholders
CONFIG_KEYS = set(leaves(Config()))


def english_words(text: str) -> list[str]:
    """The Latin-script words of `text` outside commands, numbers and the allowed names."""
    return [w for w in LATIN_WORD.findall(EXEMPT.sub(" ", text)) if w not in ALLOWED_LATIN]


def unglossed_chinese(text: str) -> list[str]:
    """The Chinese terms of `text` that are not in the glossary, or stand without their English."""
    return [t for t in CJK_TERM.findall(text) if t not in GLOSSARY or GLOSSARY[t].lower() not in text.lower()]


def document_texts(document: Document, folders: set[str]) -> list[str]:
    """Every string a reader sees: title, headings, paragraphs, bullets, table cells and captions, figure
    captions; config keys and result folders (see the module's docstring) left out."""
    texts = [document.title, document.subtitle]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            texts.append(block.text)
        elif isinstance(block, Bullets):
            texts += block.items
        elif isinstance(block, Table):
            texts += [*block.header, block.caption]
            texts += [cell for row in block.rows for cell in row if cell not in CONFIG_KEYS and cell not in folders]
        elif isinstance(block, Figure):
            texts.append(block.caption)
    return texts


def study_documents(folder: Path) -> dict[str, list[str]]:
    study = load_study(folder)
    facts = gather(study)
    folders = {str(s.folder) for s in study.sweeps.values()} | {str(r.folder) for r in study.runs}
    return {language: document_texts(build_document(facts, language), folders) for language in TEXT}


@pytest.fixture(scope="module")
def documents(report_study, report_documents) -> dict[str, list[str]]:
    study = load_study(report_study)
    folders = {str(s.folder) for s in study.sweeps.values()} | {str(r.folder) for r in study.runs}
    return {language: document_texts(report_documents[language], folders) for language in TEXT}


@pytest.fixture(scope="module")
def single_run_documents(report_study) -> dict[str, list[str]]:
    """A report of the field trial alone: most sections say which command would fill them."""
    return study_documents(report_study / "field_trial")


@pytest.mark.parametrize("which", ["documents", "single_run_documents"])
def test_the_chinese_report_holds_no_english_word(which, request):
    texts = request.getfixturevalue(which)["zh"]
    found = {text: english_words(text) for text in texts if english_words(text)}
    assert found == {}


@pytest.mark.parametrize("which", ["documents", "single_run_documents"])
def test_the_english_report_holds_chinese_only_as_glossed_official_terms(which, request):
    texts = request.getfixturevalue(which)["en"]
    found = {text: unglossed_chinese(text) for text in texts if unglossed_chinese(text)}
    assert found == {}


def test_the_reports_name_the_scenario_by_its_title_and_describe_it_in_their_language(documents):
    zh, en = documents["zh"], documents["en"]
    baseline = sim.load_config("county_baseline")
    assert baseline.title_zh in zh[0] and "county_baseline" not in zh[0]
    assert baseline.title in en[0] and "county_baseline" not in en[0]
    appendix = next(text for text in zh if text.startswith("情景："))
    assert baseline.description_zh in appendix and "《五华县安全生产专项整治三年行动实施计划》" in appendix
    assert "是" in zh and "否" in zh and "True" not in zh   # regimes.annual_plan.enabled in the parameter table


def test_every_text_of_the_two_tables_is_in_its_language():
    """Chart labels and the sentences a study does not need are checked here, key by key."""
    assert {key: english_words(text) for key, text in TEXT["zh"].items() if english_words(text)} == {}
    assert {key: unglossed_chinese(text) for key, text in TEXT["en"].items() if unglossed_chinese(text)} == {}


def test_the_detectors_find_what_the_issue_found():
    """The words the issue found in the reports before this test: each is caught."""
    assert english_words("情景 county_baseline：A county of 3,000 enterprises") == ["county", "baseline", "A", "county",
                                                                                  "of", "enterprises"]
    assert english_words("扫描“budget_mix” | True | 见 docs/model.md") == ["budget", "mix", "True", "docs", "model", "md"]
    assert english_words("运行 `python -m sim.sweep sweep=staffing`；Levine 等（2012）；3e-05") == []
    assert unglossed_chinese("较大+ accidents") == ["较大"] and unglossed_chinese("双下降") == ["双下降"]
    assert unglossed_chinese("double decline (双下降)") == []


def test_every_parameter_source_is_shown_in_the_report_language():
    sources = {f.metadata.get("source", "") for cls in schema_classes() for f in fields(cls)}
    zh, en = Words("zh"), Words("en")
    assert {s: source_text(s, zh) for s in sources if english_words(source_text(s, zh))} == {}
    assert {s: source_text(s, en) for s in sources if unglossed_chinese(source_text(s, en))} == {}
    annual_plan = ("city-management-bureau-three-grips-plan (科学制定、规范实施年度执法计划); 安监总政法〔2017〕150号 "
                   "(年度监督检查计划编制办法)")
    assert source_text(annual_plan, zh) == ("《宿州市城市管理局埇桥分局安全生产“三个狠抓”专项行动方案》（科学制定、规范实施"
                                            "年度执法计划）；《安全生产年度监督检查计划编制办法》（安监总政法〔2017〕150号）")
    assert source_text("assumed: a safety engineer's day rate", zh) == "假设"
    assert source_text("an unknown study", zh) == "an unknown study" and source_text("", en) == "–"


@pytest.mark.parametrize("name", available_scenarios())
def test_every_scenario_cites_documents_the_report_has_titles_for(name):
    config = sim.load_config(name)
    assert [i for i in config.sources if i not in CITED] == []
    assert english_words(sources_text(config.sources, Words("zh"))) == []


@pytest.mark.parametrize("name", available_scenarios())
def test_the_appendix_of_every_shipped_scenario_is_in_the_report_language(name):
    """Its description, sources and every parameter it sets apart from the defaults (campaign phases,
    meetings, sectors, switches), as a report on a run of that scenario would show them."""
    county = County(sim.load_config(name), pd.DataFrame(), pd.DataFrame(), "numba", 0, Path("."))
    texts = {language: document_texts(Document(language, "", "", tuple(appendix(Study(Path(".")), county,
                                                                                 Words(language)))), set())
             for language in TEXT}
    assert {text: english_words(text) for text in texts["zh"] if english_words(text)} == {}
    assert {text: unglossed_chinese(text) for text in texts["en"] if unglossed_chinese(text)} == {}


@pytest.mark.parametrize("path", SWEEPS, ids=lambda p: p.stem)
def test_every_option_of_the_shipped_sweeps_has_a_name_in_both_languages(path):
    spec = build_spec(yaml.safe_load(path.read_text(encoding="utf-8")), 1)
    for language in TEXT:
        words = Words(language)
        assert spec.name in {key.removeprefix("sweep.") for key in words.table if key.startswith("sweep.")}
        for cell in spec.cells:
            for part in cell.label.split(", "):
                assert f"option.{part}" in words.table or part.startswith("inspectors.count="), (language, part)
            assert english_words(Words("zh").option(cell.label)) == []


def test_a_users_own_option_sweep_and_scenario_keep_the_names_they_were_given():
    zh, en = Words("zh"), Words("en")
    assert zh.option("regime=my_own_option") == "my_own_option" == en.option("regime=my_own_option")
    assert zh.option("population.enterprises=500") == "population.enterprises=500"   # never a bare number
    assert zh.option("inspectors.count=45, inspectors.dispatch=territorial") == "45名执法人员 · 分片包干"
    assert zh.sweep("my_sweep") == "my_sweep" and zh.sweep("budget_mix") == "预算分配"
    plain = Config(name="my_county", description="My own county.")
    assert zh.scenario_title(plain) == "my_county" == en.scenario_title(plain)
    assert zh.scenario_description(plain) == "My own county."   # no description_zh: the English (docs/report.md)
    titled = Config(name="my_county", title="My county", title_zh="我的县", description_zh="我的县。")
    assert (zh.scenario_title(titled), en.scenario_title(titled), zh.scenario_description(titled)) == (
        "我的县", "My county", "我的县。")


def test_setting_values_have_words_in_both_languages():
    """Sectors, dispatch modes and holidays, which the parameter table may show as values."""
    config = sim.load_config()
    for language in TEXT:
        words = Words(language)
        for name in (*SECTORS, *DISPATCH_MODES, *KEY_PERIOD_NAMES, "true", "false", "none"):
            assert f"value.{name}" in words.table, (language, name)
    assert [s for s in SECTORS if Words("zh").value(s) != config.sectors[s].label_zh] == []
    assert Words("zh").value(True) == "是" and Words("en").value(None) == "not set"
