"""The section 结论取决于什么 / What the answer depends on, and the first page's robustness lines (issue 27,
item 6): shown from whatever parts of a sensitivity analysis the study's folder holds (none, a screening,
the full analysis), in both languages, in HTML and PDF. The small study's facts are reused with
sensitivity tables written by hand (tests/unit/sensitivity_tables.py), so no analysis is run here."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.report.__main__ import main as report_main
from analysis.report.build import check_sensitivity, findings
from analysis.report.depends import depends_section
from analysis.report.document import Bullets, Document, Figure, Heading, PageBreak, Paragraph, Table
from analysis.report.factor_labels import PARAMETERS
from analysis.report.factors import factor_name
from analysis.report.html import render_html
from analysis.report.language import Words
from analysis.report.pdf import lay_out, render_pdf
from analysis.report.robust_words import minutes
from analysis.report.sensitivity_files import read_sensitivity
from sim.config.errors import ConfigError
from tests.unit.sensitivity_tables import write_sensitivity
from tests.unit.test_report_layout import (
    COLUMN_PX,
    headings_apart_from_their_lead,
    narrowest_table_widths,
    pages_left_empty,
)

LANGUAGES = ("zh", "en")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A sensitivity folder per case: a screening from before the share, the full analysis, the full
    analysis in the old shape (no band, no intervals)."""
    root = tmp_path_factory.mktemp("sensitivity")
    return {"screening": write_sensitivity(root / "screening", full=False, share=False),
            "full": write_sensitivity(root / "full"),
            "old": write_sensitivity(root / "old", band=False, intervals=False)}


def facts_with(report_facts, folder):
    return replace(report_facts, sensitivity=read_sensitivity(folder) if folder is not None else None)


def part(facts, language: str) -> Document:
    """The first page and the section, as the report builds them (the other sections are not needed)."""
    words = Words(language)
    return Document(language, "t", "", (*findings(facts, words), PageBreak(),
                                        *depends_section(facts.sensitivity, facts.commands, words)))


def texts(document: Document) -> str:
    found = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            found.append(block.text)
        elif isinstance(block, Bullets):
            found += block.items
        elif isinstance(block, Table):
            found += [block.caption, *block.header, *(" | ".join(row) for row in block.rows)]
        elif isinstance(block, Figure):
            found.append(block.caption)
    return "\n".join(found)


def section(document: Document) -> list:
    start = next(i for i, b in enumerate(document.blocks) if isinstance(b, Heading) and b.key == "depends")
    return list(document.blocks[start:])


@pytest.mark.parametrize("case", ["none", "screening", "full"])
def test_the_section_is_in_both_languages_and_both_formats_with_what_the_folder_holds(report_facts, folders,
                                                                                      case, tmp_path):
    facts = facts_with(report_facts, folders.get(case))
    keys = {"none": {"depends", "depends_screening", "depends_robustness"},
            "screening": {"depends", "depends_screening", "depends_tornado", "depends_robustness"},
            "full": {"depends", "depends_screening", "depends_tornado", "depends_robustness"}}[case]
    heading = {"zh": "结论取决于什么", "en": "What the answer depends on"}
    for language in LANGUAGES:
        document = part(facts, language)
        assert keys == {k for k in document.keys() if k.startswith("depends")}
        html = render_html(document)
        assert all(f'id="{key}"' in html for key in keys) and heading[language] in html
        render_pdf(document, tmp_path / f"{language}.pdf")
        placed = [at for at in lay_out(document).placed if isinstance(at.block, Heading) and at.block.key in keys]
        assert len(placed) == len(keys) - ("depends_tornado" in keys) and min(at.page for at in placed) >= 2
        if language == "en":   # pypdf garbles some Chinese glyphs of the embedded subset: the English text is read
            pages = [re.sub(r"[\s\x00]+", "", p.extract_text()) for p in PdfReader(tmp_path / "en.pdf").pages]
            assert any("Whattheanswerdependson" in page for page in pages[1:])
        said = texts(document)
        ran = "python -m analysis.sensitivity county_baseline --out "   # the whole analysis: a folder holds one run
        assert (ran in said) == (case != "full")   # the command that would fill what is missing
        assert ("--size small" in said) == (case == "none")


def test_the_tornado_shows_mu_star_of_the_share_with_its_interval_and_monte_carlo_range(report_facts, folders):
    """The share of deaths averted is read from morris.csv's mu_star (not mu, −9.9), its interval from
    mu_star_conf (9.2 to 15.4) and its Monte Carlo range from mc_low, mc_high (11.0 to 13.9)."""
    facts = facts_with(report_facts, folders["full"])
    en, zh = part(facts, "en"), part(facts, "zh")
    figure = next(b for b in section(en) if isinstance(b, Figure))
    assert figure.key == "depends_tornado"
    assert figure.caption.startswith("Routine repair of unfound hazards moves the answer most: μ* 12.3 percentage "
                                     "points (95% interval 9.2 to 15.4; Monte Carlo range 11.0 to 13.9), then "
                                     "deterrence (orders, penalties, general) (8.7)")
    table = next(b for b in section(en) if isinstance(b, Table))
    assert table.rows[0] == ("routine repair of unfound hazards", "12.3", "9.2 to 15.4", "11.0 to 13.9")
    assert len(table.rows) == 8 and "−9.9" not in texts(en)
    assert table.rows[5][0] == "industry and trade: accident rate of a major hazard"   # a sector's parameter
    assert "隐患未被发现时的自行整改速度对结论影响最大：μ*为12.3个百分点" in texts(zh)
    assert "share, a proportional effect, is used because the county's level of deaths is what its own records " \
           "pin down" in texts(en)
    assert "Monte Carlo range is μ* recomputed on resampled histories: the simulator's noise alone" in texts(en)


def test_a_screening_from_before_the_share_ranks_expected_deaths_averted_and_says_so(report_facts, folders):
    en = part(facts_with(report_facts, folders["screening"]), "en")
    figure = next(b for b in section(en) if isinstance(b, Figure))
    assert "μ* 1.23 expected deaths a year (95% interval 0.92 to 1.54; Monte Carlo range 1.10 to 1.39)" in figure.caption
    assert "This screening predates the share of deaths averted" in texts(en)
    assert "`python -m analysis.sensitivity county_baseline --out " in texts(en)


def test_sobol_indices_and_the_emulators_check_are_shown_for_the_same_quantity(report_facts, folders):
    en = part(facts_with(report_facts, folders["full"]), "en")
    sobol = next(b for b in section(en) if isinstance(b, Table) and b.header[1] == "first order")
    assert sobol.rows[0] == ("routine repair of unfound hazards", "0.61 (0.56 to 0.66)", "0.70 (0.64 to 0.76)")
    assert "check on 10 held-out counties: it predicts 92% of their variance" in texts(en)
    assert "90% of them fall inside its 95% intervals" in texts(en)


def test_each_choice_has_one_flip_sentence_with_readable_names_and_the_rules_numbers(report_facts, folders):
    facts = facts_with(report_facts, folders["full"])
    for language, expected in (
            ("en", ("Staffing at ¥5.00 million per expected death averted: 30 inspectors, the choice at the defaults, "
                    "wins at all 23 counties",
                    "Regime: remote monitoring, the choice at the defaults, gives way where strength of rectification "
                    "orders ≤ 0.3383 and routine repair of unfound hazards > 0.0125 (6 of the 7 counties there flip: "
                    "to third-party checks in 6); a depth-2 decision tree finds these regions and is right at 91%",
                    "Budget split: 29 trained inspectors, the choice at the defaults, loses at 8 of 23 counties (to 27 "
                    "inspectors + third-party days in 7 and to as today in 1), scattered")),
            ("zh", ("按每避免1人预期死亡499.6万元计的增员：默认参数下的选择30名执法人员在全部23个县域中都是最优",
                    "当整改指令的威慑强度 ≤ 0.3383且隐患未被发现时的自行整改速度 > 0.0125时（该区域7个县域中有6个改变："
                    "6个改为第三方检查）",))):
        flips = next(b for b in section(part(facts, language)) if isinstance(b, Bullets)).items
        assert len(flips) == 3
        for sentence in expected:
            assert any(item.startswith(sentence) or sentence in item for item in flips), sentence


def test_the_probabilities_keep_the_parameters_and_the_monte_carlo_parts_apart(report_facts, folders):
    en = part(facts_with(report_facts, folders["full"]), "en")
    best = next(b for b in section(en) if isinstance(b, Table) and b.header[0] == "answer")
    assert best.header[2:] == ("best across counties (parameters)", "best in Monte Carlo draws at the defaults (noise)",
                               "parameters and noise together")
    assert best.rows[0] == ("Staffing", "30 inspectors (the choice at the defaults)", "83%", "97%", "80%")
    assert ("Regime", "third-party checks", "26%", "14%", "30%") in best.rows
    assert not any(row[1] == "as it is" or row[1] == "50 inspectors" for row in best.rows)   # never best: left out


def test_intervals_with_parameters_and_monte_carlo_stand_beside_the_monte_carlo_ones(report_facts, folders):
    en, zh = (part(facts_with(report_facts, folders["full"]), language) for language in ("en", "zh"))
    table = next(b for b in section(en) if isinstance(b, Table) and b.header[0] == "what the step buys")
    assert table.rows[0] == ("expected deaths averted a year", "0.231 (0.205 to 0.262)", "0.412 (0.101 to 1.874)",
                             "23")
    assert table.rows[1][1:3] == ("9.2% (8.2% to 10.3%)", "11.3% (4.1% to 23.6%)")
    assert table.rows[2][1:3] == ("¥16 million (¥14 to 18 million)", "¥9 million (¥2 to 41 million)")
    assert "23 of the 64 counties drawn from the ranges have an expected 0.5–3 deaths per 100,000 workers " \
           "(十万人死亡率) a year" in texts(en)
    assert "从取值范围抽取的64个县域中，有23个的预期十万人死亡率为每年0.5–3" in texts(zh)


def test_an_analysis_of_the_old_shape_says_it_kept_every_county_and_how_to_get_the_intervals(report_facts, folders):
    en = part(facts_with(report_facts, folders["old"]), "en")
    said = texts(en)
    assert "It kept every county drawn, however deadly (this analysis set no band" in said
    assert "come from a newer analysis: `python -m analysis.sensitivity county_baseline --out " in said
    assert "of the counties drawn from the ranges (parameters)" in said   # page 1, without a band


def test_page_one_says_how_robust_each_headline_is_at_the_value_of_life(report_facts, folders):
    for case, language, expected in (
            ("full", "en", ["How robust: at ¥5.00 million per expected death averted, no step beyond 30 inspectors is "
                            "worth it at 83% of plausible counties (parameters) and 97% of Monte Carlo draws (noise).",
                            "How robust: remote monitoring has the fewest expected deaths at 74% of plausible counties "
                            "(parameters) and 86% of Monte Carlo draws (noise).",
                            "How robust: of the mixes within budget, 29 trained inspectors has the fewest expected "
                            "deaths at 65% of plausible counties (parameters) and 100% of Monte Carlo draws (noise)."]),
            ("full", "zh", ["稳健性：按每避免1人预期死亡499.6万元计，超过30名执法人员的增员均不值得；合理县域中83%如此（参数），"
                            "蒙特卡洛抽样中97%如此（随机性）。"]),
            ("screening", "en", ["How robust these answers are: not yet tested (`python -m analysis.sensitivity "
                                 "county_baseline --out "]),
            ("none", "zh", ["上述结论的稳健性尚未检验（`python -m analysis.sensitivity county_baseline --out "])):
        document = part(facts_with(report_facts, folders.get(case)), language)
        items = next(b for b in document.blocks if isinstance(b, Bullets)).items
        robust = [item for item in items if item.startswith(("How robust", "稳健性", "上述结论的稳健性"))]
        assert len(robust) == (3 if case == "full" else 1)   # one a headline, or one for all when not tested
        assert all(item.startswith(text) for item, text in zip(robust, expected, strict=False))
    lines = [i for i, item in enumerate(items) if "稳健性" in item]
    assert lines == [len(items) - 1] and f"约需{minutes('screening', 'sobol', 'robustness')}分钟" in items[-1]   # one line for all, after the decisions


def test_with_the_full_analysis_the_report_keeps_its_layout(report_facts, folders):
    """Page 1's decision stays on the first PDF page, no heading is parted from its lead nor a page left
    half empty, and every new table fits the HTML text column, in both languages."""
    facts = facts_with(report_facts, folders["full"])
    for language in LANGUAGES:
        document = part(facts, language)
        laid = lay_out(document)
        assert headings_apart_from_their_lead(laid.placed) == [] and pages_left_empty(laid) == []
        first = next(i for i, at in enumerate(laid.placed) if isinstance(at.block, Bullets))
        assert laid.placed[first].end_page == 1 and isinstance(laid.placed[first + 1].block, Paragraph)
        assert laid.placed[first + 1].end_page == 1   # the decisions and why deaths are expected deaths
        assert [round(w) for w in narrowest_table_widths(render_html(document)) if w > COLUMN_PX] == []


def test_the_section_follows_the_regimes_on_a_page_of_its_own(report_documents):
    for document in report_documents.values():
        keys = document.keys()
        assert keys.index("regimes") < keys.index("depends") < keys.index("plan")
        at = [i for i, b in enumerate(document.blocks) if isinstance(b, Heading) and b.key in ("depends", "plan")]
        assert isinstance(document.blocks[at[0] - 1], PageBreak) and isinstance(document.blocks[at[1] - 1], PageBreak)


def test_every_parameter_a_rule_may_name_has_a_name_in_both_languages():
    import sim
    from sim.config.uncertainty import uncertainties

    keys = {u.key for u in uncertainties(sim.load_config("county_baseline"))}
    listed = {re.sub(r"^sectors\.[a-z_]+\.", "sectors.*.", key) for key in keys}
    assert listed - set(PARAMETERS) == set()
    for language in LANGUAGES:
        words = Words(language)
        names = {key: factor_name(key, words) for key in keys}
        assert not [name for name in names.values() if "`" in name]   # none shown by its key
    assert factor_name("regimes.risk_based.new_setting", Words("zh")) == "分级分类检查的设置（`regimes.risk_based.new_setting`）"


def test_a_table_without_a_column_the_report_reads_is_refused_in_one_line(report_study, folders, tmp_path, capsys):
    study = tmp_path / "study"
    study.mkdir()
    for name in ("staffing", "regimes"):
        (study / name).symlink_to(report_study / name)
    shutil.copytree(folders["full"], study / "sensitivity")
    best = (study / "sensitivity" / "robustness_best.csv")
    best.write_text(best.read_text(encoding="utf-8").replace("p_noise", "p_mc"), encoding="utf-8")
    assert report_main([str(study), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err == (f"config error: sensitivity = {str(best)!r}: has no column 'p_noise'; the report reads decision, "
                   "option, p_parameters, p_noise, p_both, recommended (python -m analysis.sensitivity writes them: "
                   "run it again into this folder)\n")
    assert not (tmp_path / "out").exists()


def test_an_analysis_of_another_scenario_is_refused(report_facts, folders, tmp_path):
    other = write_sensitivity(tmp_path / "other", full=False)
    manifest = other / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("county_baseline", "town_major_hazard_campaign_2023"),
                        encoding="utf-8")
    with pytest.raises(ConfigError, match="holds a sensitivity analysis of town_major_hazard_campaign_2023, beside "
                                          "results of county_baseline"):
        check_sensitivity(read_sensitivity(other), report_facts.county)


def test_a_sentence_holding_a_command_is_not_justified_in_html(report_facts):
    """Chinese paragraphs are justified; one holding a long command stretched its spaces (seen in the
    browser), so such a paragraph or item is set flush left and may break a long path anywhere."""
    html = render_html(part(facts_with(report_facts, None), "zh"))
    assert re.search(r'<p class="command">[^<]*<code>python -m analysis.sensitivity county_baseline --size small', html)
    assert "`" not in re.sub(r"<style>.*?</style>|<script.*?</script>", "", html, flags=re.S)   # set as <code>
    assert re.search(r'<li class="command">上述结论的稳健性尚未检验', html)
    assert "html[lang] .command { text-align: left; overflow-wrap: anywhere; }" in html
    assert '<p class="command">' not in render_html(Document("zh", "t", "", (Paragraph("没有命令。"),)))


def test_a_manifest_a_later_part_rewrote_still_gives_whole_sentences(report_facts, folders, tmp_path):
    """Running one part into the folder rewrites manifest.json with that part's settings only: the
    screening's counts and the robustness part's value of a life may be missing; nothing says '–'."""
    import json

    folder = shutil.copytree(folders["full"], tmp_path / "rewritten")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["screening"], manifest["robustness"]["value_of_life"]
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    document = part(facts_with(report_facts, folder), "en")
    said = texts(document)
    assert "The screening (Morris's method) runs counties drawn through the plausible ranges, each differing from " \
           "the one before in one assumption, and measures" in said   # some factors are parameters: not grouped
    assert "How robust: at the analysis's value of a life per expected death averted, no step beyond 30" in said
    ours = texts(Document("en", "t", "", tuple(section(document))))
    assert " – " not in ours and "–," not in ours


def test_an_analysis_over_a_fitted_sample_says_its_counties_are_the_fitted_parameter_sets(report_facts, folders, tmp_path):
    """`--sample fitted.parquet`: the robustness part's counties are the calibration's, no band."""
    import json
    import shutil

    folder = tmp_path / "fitted"
    shutil.copytree(folders["full"], folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["robustness"].update(band=None, drawn=60, plausible=60, points=32, sample="calibration/fitted.parquet")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    pd.DataFrame({"record": ["deaths_industrial", "hazards_found"], "label": ["工矿商贸死亡人数", "发现隐患"],
                  "recorded": [4.5, 6845.0], "observation_error": [0.45, 684.4], "model_low": [3.1, 5102.0],
                  "model_high": [6.0, 7421.0], "prior_low": [1.2, 2010.0], "prior_high": [40.3, 20400.0]}
                 ).to_csv(folder / "calibration_fit.csv", index=False)
    pd.DataFrame({"key": ["hazards.natural_closure_rate", "inspectors.admin_share", "deterrence.order_strength"],
                  "nroy_share": [0.31, 0.45, 0.93]}).to_csv(folder / "calibration_parameters.csv", index=False)
    en, zh = (part(facts_with(report_facts, folder), language) for language in ("en", "zh"))
    fit = next(b for b in section(en) if isinstance(b, Table) and b.header[0] == "record")
    assert fit.rows == (("deaths outside road transport (工矿商贸死亡人数)", "4.50 ± 0.45", "3.10 to 6.00",
                         "1.20 to 40.30"), ("hazards found (发现隐患)", "6,845 ± 684", "5,102 to 7,421", "2,010 to 20,400"))
    assert "The records pinned down 2 of the 3 assumptions" in texts(en) and "1 stay about as uncertain" in texts(en)
    assert "历史数据将3项假设中的2项限定在其合理取值范围的一半以内" in texts(zh)
    assert "at the defaults and at 32 of the 60 parameter sets fitted to the county's records" in texts(en)
    assert "按本县历史数据拟合所得的60组参数中的32组" in texts(zh)
    assert "of the parameter sets fitted to the records (parameters)" in texts(en)   # page 1
    assert "counties drawn from the ranges have an expected" not in texts(en)


def test_a_rules_cut_is_written_as_a_planner_reads_it():
    from analysis.report.factors import threshold_text

    words = Words("en")
    assert threshold_text("2.626e+04", words) == "26,260" and threshold_text("0.0002896", words) == "0.0002896"
    assert threshold_text("3.1e-05", words) == "0.000031" and threshold_text("0.31", words) == "0.31"


def test_a_tree_that_found_no_split_is_said_as_flips_with_no_region(tmp_path):
    """Over a few fitted counties the decision tree cannot split, and its one rule is "everywhere" (the whole
    ranges): the sentence says the flips have no simple region, not "where `everywhere`"."""
    from analysis.report.robust_words import flip_sentence
    from tests.unit.sensitivity_tables import write_sensitivity

    folder = write_sensitivity(tmp_path / "s")
    pd.DataFrame([("staffing", "everywhere", 4, 2, "40 (2)", 0.5)],
                 columns=["decision", "rule", "points", "flipped", "to", "accuracy"]).to_csv(
        folder / "robustness_rules.csv", index=False)
    sensitivity = read_sensitivity(folder)
    english = flip_sentence(sensitivity, "staffing", Words("en"))
    assert "everywhere" not in english and "loses at 2 of 4 counties" in english and "no simple region" in english
    assert "everywhere" not in flip_sentence(sensitivity, "staffing", Words("zh"))


def test_the_fit_table_names_the_records_in_english_in_english_and_by_the_files_headers_in_chinese():
    from analysis.report.fitted import fit_table

    fit = pd.DataFrame([{"record": "deaths_industrial", "label": "工矿商贸事故死亡人数", "recorded": 3.0,
                         "observation_error": 1.0, "model_low": 2.0, "model_high": 4.0, "prior_low": 0.5,
                         "prior_high": 9.0}])
    assert fit_table(fit, Words("en")).rows[0][0] == "deaths outside road transport (工矿商贸死亡人数)"
    assert fit_table(fit, Words("zh")).rows[0][0] == "工矿商贸事故死亡人数"
