"""The first page's decision rule (analysis/report/decision.py) and its words (brief.py), on hand-made
sweeps: options no paired interval tells apart are a group, never one crowned; one option measurably
below every other is named best; a budget mix that overspends the fixed budget is flagged and left
out; the staffing request stops at the first step whose expected deaths averted cannot be told from
none; counted deaths are said beside; numbers are rounded to what their intervals support."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.report import brief
from analysis.report.decision import choice_decision, leading_group, staffing_decision
from analysis.report.language import Words, one_every, round_to, rounding_unit
from analysis.report.sweep_sections import choices, staffing_answer
from analysis.sweep_tables import Sweep

HISTORIES = 40


def counted(expected: float, cell: int, replication: int) -> float:
    """Counted deaths of a history whose expected deaths are `expected`: the expectation and the dice
    of whether and how many an accident kills, which differ between cells (other accidents happen)."""
    return float(expected + np.random.default_rng([cell, replication]).normal(0, 2.0))


def choice_sweep(deaths: dict[str, np.ndarray], spend: dict[str, float] | None = None,
                 budget: float | None = None, axis: str = "regime") -> Sweep:
    """A sweep over `axis` whose options have these expected deaths per history (the first is the
    reference), counted deaths with the dice of `counted` added; expected accidents are ten times the
    expected deaths, spend a year is `spend` (0 unless given)."""
    rows = []
    for cell, (name, values) in enumerate(deaths.items()):
        for replication, value in enumerate(values):
            rows.append({"cell": cell, "label": f"{axis}={name}", axis: name, "replication": replication,
                         "expected_deaths": float(value), "deaths": counted(value, cell, replication),
                         "accidents": 10.0 * value, "expected_accidents": 10.0 * value,
                         "serious_accidents": 0.0, "spend_total": (spend or {}).get(name, 0.0)})
    resolved = {"reference": 0, "horizon_days": 365.25, "axes": [{"name": axis, "kind": "options"}]}
    if budget is not None:
        resolved["budget"] = {"yearly": budget, "axis": axis}
    return Sweep(Path("."), pd.DataFrame(rows), resolved, 1.0)


def noise(seed: int, level: float = 3.0) -> np.ndarray:
    return level + np.random.default_rng(seed).normal(0, 1, HISTORIES)


def test_options_no_paired_interval_tells_apart_are_one_group_and_none_is_crowned():
    # a 79%-"most likely best" of the old first page: a little lower on average, not measurably
    world = noise(1)
    sweep = choice_sweep({"as_is": world, "remote_monitoring": world - 0.05 + noise(2, 0) * 0.5,
                          "third_party": world + noise(3, 0) * 0.5})
    group = leading_group(sweep.cells, "expected_deaths")
    assert set(group.cells) == {0, 1, 2} and not group.crowned
    choice = choice_decision("regimes", sweep, choices(sweep))
    text = brief.choice_sentence(choice, Words("en"))
    assert "no measurable difference in expected deaths between any of the 3 options" in text and "best" not in \
        text.replace("none is named best", "")


def test_an_option_measurably_below_every_other_is_named_best():
    world = noise(4)
    sweep = choice_sweep({"as_is": world, "lead_monthly": world - 1.0 + noise(5, 0) * 0.1,
                          "third_party": world - 0.5 + noise(6, 0) * 0.1},
                         spend={"third_party": 600_000.0})
    group = leading_group(sweep.cells, "expected_deaths")
    assert group.cells == (1,) and group.crowned
    text = brief.choice_sentence(choice_decision("regimes", sweep, choices(sweep)), Words("en"))
    assert text.startswith("Regimes at today's staff: monthly expert-led checks has measurably the fewest expected deaths")
    # the runner-up is measurably worse than the best but better than today: a group of one, not of two
    assert leading_group(sweep.cells, "expected_deaths", [0, 2]).cells == (2,)


def test_a_partial_group_names_its_members_and_no_best():
    world = noise(7)
    sweep = choice_sweep({"as_is": world, "a": world - 1.0 + noise(8, 0) * 0.5, "b": world - 1.0 + noise(9, 0) * 0.5},
                         axis="x")
    choice = choice_decision("regimes", sweep, choices(sweep))
    assert set(choice.groups["deaths"].cells) == {1, 2} and not choice.groups["deaths"].crowned
    text = brief.choice_sentence(choice, Words("en"))
    assert "no measurable difference in expected deaths between a and b" in text or \
        "no measurable difference in expected deaths between b and a" in text


def test_a_budget_mix_over_the_fixed_budget_is_flagged_and_left_out_of_the_comparison():
    world = noise(10)
    budget = 6_108_000.0
    sweep = choice_sweep({"as_today": world, "fewer_staff_rewards": world - 2.0 + noise(11, 0) * 0.1,
                          "train_all": world - 0.5 + noise(12, 0) * 0.1, "fewer_staff_third_party": world},
                         spend={"as_today": budget, "fewer_staff_rewards": budget + 216_974,
                                "train_all": budget - 134_000, "fewer_staff_third_party": budget - 401},
                         budget=budget, axis="mix")
    choice = choice_decision("budget_mix", sweep, choices(sweep))
    flags = choice.options.set_index("name")[["over_budget", "under_budget"]]
    assert flags.over_budget.to_dict() == {"as_today": False, "fewer_staff_rewards": True, "train_all": False,
                                           "fewer_staff_third_party": False}
    assert flags.under_budget.to_dict() == {"as_today": False, "fewer_staff_rewards": False, "train_all": True,
                                            "fewer_staff_third_party": False}
    # the overspending mix has the fewest deaths, but it does not fit the budget: the best that fits is named
    assert choice.groups["deaths"].cells == (2,) and choice.groups["deaths"].compared == 3
    text = brief.choice_sentence(choice, Words("en"))
    assert "29 trained inspectors has measurably the fewest expected deaths" in text
    assert "27 inspectors + rewards spends ¥217,000 a year more than the fixed budget of ¥6.11 million" in text
    table = brief.choice_table(choice, Words("zh"))
    verdicts = {row[0]: row[-1] for row in table.rows}
    assert verdicts["27人＋举报奖励"].startswith("每年超出预算21.7万元，不参与比较")
    assert verdicts["29人全员培训"].startswith("每年有13.4万元预算未用")


def staffing_sweep(deaths_by_level: dict[int, np.ndarray]) -> Sweep:
    rows = []
    for cell, (count, values) in enumerate(deaths_by_level.items()):
        for replication, value in enumerate(values):
            rows.append({"cell": cell, "label": f"inspectors.count={count}", "inspectors.count": count,
                         "replication": replication, "expected_deaths": float(value),
                         "deaths": counted(value, cell, replication), "accidents": 10.0 * value,
                         "expected_accidents": 10.0 * value, "serious_accidents": 0.0,
                         "spend_total": 200_000.0 * count})
    return Sweep(Path("."), pd.DataFrame(rows), {"reference": 0, "horizon_days": 365.25,
                                                 "axes": [{"name": "inspectors.count", "kind": "key"}]}, 1.0)


def test_the_staffing_request_stops_at_the_first_step_that_averts_no_measurable_deaths():
    world = noise(13)
    sweep = staffing_sweep({30: world, 45: world - 0.4 + noise(14, 0) * 0.2, 60: world - 0.45 + noise(15, 0) * 0.2,
                            90: world - 1.0 + noise(16, 0) * 0.2})
    answer = staffing_answer(sweep)
    decision = staffing_decision(sweep, answer.levels, answer.reference)
    assert decision.request == 45   # 60 is not measurably better than 45, so 90 is not asked for either
    assert decision.levels.supported.tolist() == [True, False, True]
    items = brief.staffing_items(decision, Words("en"))
    # expected deaths ask for 45; counted deaths, with the dice of who dies, cannot tell 45 from 30, and
    # are said beside
    assert items[0] == ("Ask for 15 more inspectors (30 to 45). They avert about 0.39 expected deaths a year (0.32 to "
                        "0.47; about one death averted every 3 years) and 3.9 expected accidents a year (3.2 to 4.7), "
                        "for ¥3.00 million a year: about ¥8 million per expected death averted (¥6 to 9 million). "
                        "Counted deaths averted: −0.3 a year (−1.1 to 0.5; a negative number is more deaths).")
    assert items[1].startswith("Returns fall beyond 45: the next 15 (45 to 60) would avert 0.05 more expected deaths a "
                               "year (−0.05 to 0.15), which cannot be told from none at 40 histories a level")
    assert items[2].startswith("Each expected death averted by the 15 more inspectors costs about ¥8 million: 7 times "
                               "the one-off compensation for a work-related death (一次性工亡补助金, ¥1.08 million) and "
                               "1.5 to 5 times the values of a statistical life published for China")
    table = brief.staffing_table(decision, Words("en"))
    assert table.header[2:6] == ("expected deaths averted a year", "counted deaths averted a year",
                                 "expected accidents averted a year", "cost per expected death averted")
    assert table.rows[0][2:4] == ("0.39 (0.32 to 0.47)", "−0.3 (−1.1 to 0.5)")
    verdicts = [row[-1] for row in table.rows]
    assert verdicts[0] == ("the request; the 15 beyond 30 avert measurably more expected deaths, about ¥8 million per "
                           "further one")
    assert verdicts[1] == "the 15 beyond 45 avert no measurable further expected deaths: 0.05 a year (−0.05 to 0.15)"


def test_no_request_when_the_first_step_cannot_be_told_from_none():
    world = noise(17)
    sweep = staffing_sweep({30: world, 45: world + noise(18, 0) * 0.5, 60: world - 1.0 + noise(19, 0) * 0.1})
    answer = staffing_answer(sweep)
    decision = staffing_decision(sweep, answer.levels, answer.reference)
    assert decision.request is None
    items = brief.staffing_items(decision, Words("zh"))
    assert items[0].startswith("本研究尚不能说明增加执法人员能减少死亡") and "约需" not in items[0]
    assert items[0].endswith("按模拟中实际发生的死亡计，每年减少−0.8人（−1.6至0.0；负值即死亡增加）。")
    assert items[1].startswith("没有可与一次性工亡补助金（108.4万元）")


def test_numbers_are_rounded_to_what_their_interval_supports():
    assert rounding_unit(6_476_000, 13_378_000) == 1e6 and rounding_unit(0.12, 0.34) == pytest.approx(0.1)
    # a lopsided bootstrap interval: its near side sets the place, so the estimate is not rounded away
    assert rounding_unit(20_600_000, 261_800_000, 45_800_000) == 1e7
    assert Words("en").about_money(24_100_000, 15_100_000, 57_300_000) == "¥24 million (¥15 to 57 million)"
    assert np.isnan(rounding_unit(0.0, 0.0)) and np.isnan(rounding_unit(float("nan"), 1.0))
    assert round_to(8_897_000, 1e6) == 9e6 and round_to(-0.27, 0.1) == pytest.approx(-0.3)
    en, zh = Words("en"), Words("zh")
    assert en.about_money(8_897_000, 6_476_000, 13_378_000) == "¥9 million (¥6 to 13 million)"
    assert zh.about_money(8_897_000, 6_476_000, 13_378_000) == "900万元（600至1,300万元）"
    assert en.about(0.23, 0.12, 0.34) == "0.2 (0.1 to 0.3)" and en.about(2.18, 2.15, 2.21) == "2.18 (2.15 to 2.21)"
    assert en.about(0.0, -0.27, 0.27) == "0.0 (−0.3 to 0.3)"
    assert en.money_about(71_317, 60_000, 82_000, signed=True) == "+¥70,000"
    assert en.money_about(599_599.2, 599_599.2, 599_599.2) == "¥600,000" and zh.money_about(0.0, 0.0, 0.0) == "0元"
    assert zh.money_about(3_054_000, 3_054_000, 3_054_000, signed=True) == "+305万元"


def test_deaths_a_year_in_plain_words():
    assert one_every(0.23) == (4, "every_years") and one_every(2.6) == (5, "every_months")
    assert one_every(0.0) is None and one_every(30) == (2, "per_month")
    assert Words("en").deaths_plainly(0.23) == "about one death averted every 4 years"
    assert Words("zh").deaths_plainly(0.23) == "约每4年少死亡1人"


def test_expected_deaths_crown_what_counted_deaths_cannot_tell_apart_and_counted_are_said_beside():
    """Issue 26 (d): counted deaths carry the dice of who dies, so an option a little better in every
    history was tied with the others; expected deaths name it best, its probability of the fewest is
    theirs, and its counted deaths are said beside."""
    world = noise(20)
    sweep = choice_sweep({"as_is": world, "remote_monitoring": world - 0.5 + noise(21, 0) * 0.05,
                          "third_party": world - 0.2 + noise(22, 0) * 0.05}, spend={"remote_monitoring": 3_600_000.0})
    assert len(leading_group(sweep.cells, "deaths").cells) > 1   # by counted deaths: a tie
    choice = choice_decision("regimes", sweep, choices(sweep))
    assert choice.groups["deaths"].cells == (1,) and choice.groups["deaths"].crowned
    options = choice.options.set_index("name")
    assert options.loc["remote_monitoring", "p_best_deaths"] == 1.0
    text = brief.choice_sentence(choice, Words("en"))
    averted = options.loc["remote_monitoring"]
    counted = Words("en").about(averted.counted_averted, averted.counted_averted_low, averted.counted_averted_high)
    assert text.startswith("Regimes at today's staff: remote monitoring has measurably the fewest expected deaths of "
                           "all options, 0.49 a year fewer than today (0.48 to 0.51), for ¥3.60 million a year. "
                           f"Counted deaths averted: {counted.replace(' (', ' a year (')[:-1]}; a negative number is "
                           "more deaths).")
    assert text.endswith("It also has measurably the fewest expected accidents: 4.9 a year fewer than today (4.8 to "
                         "5.1).")
    verdicts = {row[0]: row[-1] for row in brief.choice_table(choice, Words("en")).rows}
    assert verdicts["remote monitoring"] == ("fewer expected deaths and accidents than today; the fewest expected "
                                             "deaths and accidents of all, measurably")


def test_when_every_step_is_supported_the_page_says_up_to_the_most_run_and_prices_each_step():
    """With expected deaths every step of a staffing sweep may avert measurably more: the page then
    says the study supports asking for up to the most it ran, and gives each step's price per further
    expected death averted, each the paired cost of that step from the cells."""
    from analysis.sweep_tables import DRAWS, paired_cost

    world = noise(23)
    sweep = staffing_sweep({30: world, 45: world - 0.4 + noise(24, 0) * 0.05, 60: world - 0.6 + noise(25, 0) * 0.05})
    answer = staffing_answer(sweep)
    decision = staffing_decision(sweep, answer.levels, answer.reference)
    assert decision.request == 60
    items = brief.staffing_items(decision, Words("en"))
    assert items[0].startswith("Every staffing step the study ran averts measurably more expected deaths, so it "
                               "supports asking for up to 30 more inspectors (30 to 60, the most it ran).")
    steps = [paired_cost(sweep, upper, lower, np.random.default_rng(0), DRAWS) for lower, upper in ((0, 1), (1, 2))]
    prices = [Words("en").about_money_parts(s["cost_per_expected_death_averted"], s["expected_cost_low"],
                                            s["expected_cost_high"])[0] for s in steps]
    assert items[1] == (f"A further expected death averted costs about {prices[0]} from 30 to 45 and {prices[1]} from "
                        "45 to 60: where to stop is a choice of price, for the meeting to weigh against the benchmarks "
                        "below.")
    assert prices == ["¥7.5 million", "¥15 million"]


def test_an_option_that_averts_deaths_for_nothing_has_no_price_not_zero_yuan():
    world = noise(26)
    sweep = choice_sweep({"as_is": world, "credit_based": world - 0.3 + noise(27, 0) * 0.05})
    row = brief.choice_table(choice_decision("regimes", sweep, choices(sweep)), Words("en")).rows[1]
    assert row[1] == "¥0" and row[5] == "no extra cost"


def test_how_much_wider_counted_deaths_intervals_are_is_measured_from_the_options():
    """The first page says how many times wider counted deaths' paired intervals are than expected
    deaths': the median, over the options against today, of the two widths' ratio."""
    from analysis.report.decision import Decision
    from sim.sweep.tables import interval, paired

    world = noise(28)
    sweep = choice_sweep({"as_is": world, "a": world - 0.5 + noise(29, 0) * 0.1, "b": world - 0.2 + noise(30, 0) * 0.2,
                          "c": world + noise(31, 0) * 0.3})
    choice = choice_decision("regimes", sweep, choices(sweep))
    ratios = []
    for cell in (1, 2, 3):
        widths = [np.subtract(*interval(paired(sweep.cells, cell, 0, m))[:0:-1]) for m in ("deaths", "expected_deaths")]
        ratios.append(widths[0] / widths[1])
    decision = Decision(None, {"regimes": choice})
    assert decision.narrowing == pytest.approx(np.median(ratios)) and 5 < decision.narrowing < 40
    assert f"about {Words('en').times(np.median(ratios))} times wider in this study" in brief.why_expected(
        decision, Words("en"))
    assert f"本研究中其配对区间约宽{Words('zh').times(np.median(ratios))}倍" in brief.why_expected(decision, Words("zh"))


def test_deaths_averted_the_same_in_every_history_say_so_not_x_to_x():
    """A county where no history counts a death averted wrote "0.00 (0.00 to 0.00)"; it now says why
    there is no interval, as the report's other intervals do (issue 26)."""
    assert Words("en").about(0.0, 0.0, 0.0) == "0.00 (the same in every history)"
    assert Words("zh").about_parts(0.0, 0.0, 0.0) == ("0.00", "各次历史均相同")
    assert Words("en").about(0.0, -0.27, 0.27) == "0.0 (−0.3 to 0.3)"


def test_counted_deaths_averted_below_zero_are_read_as_more_deaths_not_a_negative_decrease():
    """A planner read '每年减少−0.2人' (a decrease of minus 0.2): where the counted interval reaches below
    zero, the line says a negative number is more deaths."""
    world = noise(28)
    sweep = choice_sweep({"as_is": world, "third_party": world - 0.02 + noise(29, 0) * 0.8})
    choice = choice_decision("regimes", sweep, choices(sweep))
    row = choice.options.set_index("name").loc["third_party"]
    assert row.counted_averted_low < 0
    assert brief._counted(row, Words("zh")).endswith("；负值即死亡增加）。")
    assert brief._counted(row, Words("en")).endswith("; a negative number is more deaths).")
