"""A budget mix is named by what it buys in the county studied (analysis/report/mix_names.py): county_baseline's
six read exactly as the file's names; a 3-inspector county's name its own numbers, in the report's
options table and on the workbench's study page."""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml
from starlette.testclient import TestClient

import sim
from analysis.county_budget import sized_mixes, todays_spend
from analysis.report import brief
from analysis.report.build import report_words
from analysis.report.decision import choice_decision
from analysis.report.language import TEXT, Words
from analysis.report.mix_names import mixes_bought, todays_staff
from analysis.report.sweep_sections import choices
from analysis.sweep_tables import Sweep
from sim.sweep.budget import derived_overrides, parse_budget
from sim.sweep.tables import summary_table

THREE = ["inspectors.count=3", "population.enterprises=300"]


def budget_resolved(overrides: list[str]) -> tuple[dict, object]:
    """A budget_mix sweep's sweep.yaml (its cells priced as sim.sweep writes them) for the county of
    `overrides`, its mixes sized for its own budget as the default study sizes them; and the config."""
    config = sim.load_config("county_baseline", overrides)
    yearly = sum(todays_spend(config))
    budget = parse_budget({"yearly": yearly, "options": sized_mixes(config, yearly)})
    cells = [{"cell": k, "values": {"mix": name}, "overrides": list(derived_overrides(allocation, config, name))}
             for k, (name, allocation) in enumerate(budget.allocations.items())]
    return {"scenario": "county_baseline", "overrides": overrides, "name": "budget_mix", "reference": 0,
            "horizon_days": 365.25, "axes": [{"name": "mix", "kind": "budget"}], "budget": budget.as_dict(),
            "cells": cells}, config


def names(overrides: list[str], language: str) -> dict[str, str]:
    resolved, config = budget_resolved(overrides)
    words = Words(language, mixes_bought(resolved, todays_staff(config)))
    return {cell["values"]["mix"]: words.option(f"mix={cell['values']['mix']}") for cell in resolved["cells"]}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_county_baselines_mixes_read_exactly_as_the_files_names(language):
    assert names([], language) == {key.removeprefix("option.mix="): text for key, text in TEXT[language].items()
                                   if key.startswith("option.mix=")}


def test_a_three_inspector_countys_mixes_are_named_by_what_they_buy():
    # 3 inspectors, 2 trained: ¥612,000 a year; the mixes sized for it buy 2 or 3 inspectors, not 27 or 30
    assert names(THREE, "en") == {"as_today": "as today", "all_on_staff": "3 untrained inspectors",
                                  "fewer_staff_rewards": "2 inspectors + rewards",
                                  "fewer_staff_third_party": "2 inspectors + third-party days",
                                  "fewer_staff_remote_monitoring": "2 inspectors + remote monitoring",
                                  "train_all": "2 trained inspectors"}
    assert names(THREE, "zh") == {"as_today": "现状", "all_on_staff": "3人均不培训", "fewer_staff_rewards": "2人＋举报奖励",
                                  "fewer_staff_third_party": "2人＋第三方服务",
                                  "fewer_staff_remote_monitoring": "2人＋远程监测", "train_all": "2人全员培训"}
    one = names(["inspectors.count=1", "population.enterprises=300"], "en")
    assert one["all_on_staff"] == "1 untrained inspector" and one["fewer_staff_rewards"] == "no inspectors + rewards"


def test_a_reference_mix_that_buys_more_than_today_is_not_called_today():
    resolved, config = budget_resolved(THREE)
    words = Words("en", mixes_bought(resolved, (2, 1)))   # a county whose today differs from what the mix buys
    assert words.option("mix=as_today") == "3 inspectors"


def _mix_sweep(resolved: dict) -> Sweep:
    """The sweep of `resolved` with made-up histories: each mix's expected deaths 3 − its cell's tenth."""
    rows = []
    for cell in resolved["cells"]:
        name = cell["values"]["mix"]
        for replication in range(20):
            value = 3.0 - cell["cell"] / 10 + np.random.default_rng([cell["cell"], replication]).normal(0, 0.05)
            rows.append({"cell": cell["cell"], "label": f"mix={name}", "mix": name, "replication": replication,
                         "expected_deaths": value, "deaths": value, "accidents": 10 * value,
                         "expected_accidents": 10 * value, "serious_accidents": 0.0,
                         "spend_total": resolved["budget"]["yearly"]})
    return Sweep(Path("."), pd.DataFrame(rows), resolved, 1.0)


def test_the_reports_options_table_names_the_countys_own_mixes():
    resolved, config = budget_resolved(THREE)
    sweep = _mix_sweep(resolved)
    facts = SimpleNamespace(study=SimpleNamespace(sweeps={"budget_mix": sweep}), county=SimpleNamespace(config=config))
    choice = choice_decision("budget_mix", sweep, choices(sweep))
    shown = {language: [row[0] for row in brief.choice_table(choice, report_words(facts, language)).rows]
             for language in ("en", "zh")}
    assert "2 inspectors + rewards" in shown["en"] and "27 inspectors + rewards" not in shown["en"]
    assert "2人全员培训" in shown["zh"] and "29人全员培训" not in shown["zh"]
    assert "2 trained inspectors" in brief.choice_sentence(choice, report_words(facts, "en"))   # the best, named


def test_the_budget_mix_study_page_names_the_countys_own_mixes(tmp_path):
    from analysis.workbench.app import build_app

    resolved, _ = budget_resolved(THREE)
    sweep = _mix_sweep(resolved)
    folder = tmp_path / "ws" / "studies" / "20260101-000000-budget_mix"
    (folder / "budget_mix").mkdir(parents=True)
    labels = sweep.cells.drop_duplicates("cell")[["cell", "label", "mix"]]
    summary_table(sweep.cells, labels, 0).to_csv(folder / "budget_mix" / "summary.csv", index=False)
    (folder / "budget_mix" / "sweep.yaml").write_text(yaml.safe_dump(resolved, allow_unicode=True), encoding="utf-8")
    (folder / "study.json").write_text(json.dumps({"kind": "budget_mix", "label": "three", "steps": [["a"], ["b"]],
                                                   "sweep_folder": "budget_mix", "total": 120, "replications": 20,
                                                   "engine": "numba", "workers": 1}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 1, "ended": time.time()}))
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url="http://127.0.0.1:8000")
    page = client.get(f"/studies/{folder.name}").text
    assert "<td>2人＋举报奖励</td>" in page and "27人" not in page
    client.cookies.set("lang", "en")
    page = client.get(f"/studies/{folder.name}").text
    assert "<td>3 untrained inspectors</td>" in page and '"2 trained inspectors"' in page   # table and chart


@pytest.mark.parametrize("overrides, rewards", [(THREE, "inspectors.count=2"), ([], "inspectors.count=27")])
def test_the_robustness_part_compares_the_countys_own_mixes(overrides, rewards):
    """The robustness part's budget mixes are the ones the study's budget sweep runs and the report names:
    sized for the county's budget (county_baseline's: the file's, 27 inspectors + rewards)."""
    from analysis.sensitivity.configs import ConfigLoader
    from analysis.sensitivity.design import default_point, design_of
    from analysis.sensitivity.robustness import choices as robust_choices
    from sim.config.uncertainty import Uncertainty

    items = [Uncertainty("detection.professional_major", 0.6, 0.4, 0.8)]
    loader = ConfigLoader("county_baseline", overrides)
    settings, budget = robust_choices(loader, design_of(items, default_point(items)), [3, 4])
    assert rewards in settings[(0, "budget_mix:fewer_staff_rewards")]
    assert budget["yearly"] == sum(todays_spend(loader.config([])))
