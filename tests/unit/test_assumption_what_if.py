"""What if an assumption were different, asked of a finished analysis's emulator
(analysis/sensitivity/what_if.py) and on the study page (analysis/workbench/assumption_view.py): on a
Sobol' part written by hand whose expected deaths averted are a known smooth function of two
parameters, so the answer can be checked against the truth; outside the range, a parameter not
modelled, an emulator that failed its check and an analysis with none each get no number."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest
from starlette.testclient import TestClient

from analysis.sensitivity import emulator
from analysis.sensitivity.what_if import ask, read_emulated

HOURS, CLOSURE, OTHER = "inspectors.hours_per_day", "hazards.natural_closure_rate", "detection.professional_major"
RANGES = {HOURS: (8.0, 7.0, 9.0), CLOSURE: (0.02, 0.01, 0.05), OTHER: (0.6, 0.4, 0.8)}   # default, low, high
SEED = 2020


def truth(hours: np.ndarray, closure: np.ndarray) -> np.ndarray:
    """Expected deaths averted a year by the step: more with longer days, fewer where hazards close alone."""
    return 0.2 + 0.3 * (hours - 7.0) / 2.0 - 4.0 * (closure - 0.01)


def write_sobol(folder, share_q2: float = 0.31) -> None:
    """A finished analysis with its Sobol' part (ungrouped, over HOURS and CLOSURE; OTHER screened, not
    chosen), its check recorded as sobol.py records it; the share's emulator recorded as failing."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    u = rng.random((50, 2))
    hours, closure = 7.0 + 2.0 * u[:, 0], 0.01 + 0.04 * u[:, 1]
    noise = np.full(50, 1e-4)
    y = truth(hours, closure) + rng.normal(0, 0.01, 50)
    split = np.where(np.arange(50) < 40, "train", "test")
    points = pd.DataFrame({"point": range(50), "split": split, HOURS: hours, CLOSURE: closure, OTHER: 0.6,
                           "expected_deaths_averted": y, "expected_deaths_averted_noise_var": noise,
                           "share_of_deaths_averted": y / 3, "share_of_deaths_averted_noise_var": noise / 9})
    points.to_parquet(folder / "sobol_points.parquet")
    train = split == "train"
    model = emulator.fit(u[train], y[train], noise[train], SEED)
    check = emulator.check(model, u[~train], y[~train], noise[~train])
    pd.DataFrame([{"quantity": "expected_deaths_averted", "points": 10, "q2": check.q2, "coverage": check.coverage},
                  {"quantity": "share_of_deaths_averted", "points": 10, "q2": share_q2, "coverage": 0.7}]).to_csv(
        folder / "emulator_check.csv", index=False)
    pd.DataFrame([{"key": key, "default": d, "low": lo, "high": hi, "kind": "real", "choices": "()",
                   "group": key.split(".")[0], "why": "", "screened": True} for key, (d, lo, hi) in RANGES.items()]
                 ).to_csv(folder / "uncertainties.csv", index=False)
    manifest = {"scenario": "county_baseline", "overrides": ["population.enterprises=300"], "seed": SEED, "today": 3,
                "step": 1, "parts": ["screening", "sobol"], "screening": {"grouped": False},
                "sobol": {"method": "emulator", "factors": [HOURS, CLOSURE], "training": 40, "held_out": 10}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_the_emulator_answers_within_the_range_with_its_uncertainty(tmp_path):
    write_sobol(tmp_path / "s")
    emulated = read_emulated(tmp_path / "s")
    found = ask(emulated, HOURS, "8.5", "county_baseline")
    assert found["status"] == "answer" and found["together"] == 1
    deaths, share = found["quantities"]
    mean, low, high = deaths["at"]
    # the closure rate held at its default: the truth there is 0.2 + 0.225 − 0.04
    assert low < truth(np.array(8.5), np.array(0.02)) < high and mean == pytest.approx(0.385, abs=0.03)
    assert deaths["default"][0] == pytest.approx(0.31, abs=0.03) and high - low < 0.1
    assert not share["passed"] and "at" not in share   # its check failed (Q² 0.31): no number


def test_outside_the_range_and_a_parameter_not_modelled_get_no_number_but_the_command(tmp_path):
    write_sobol(tmp_path / "s")
    emulated = read_emulated(tmp_path / "s")
    outside = ask(emulated, HOURS, "10", "my.yaml")
    assert outside == {"status": "outside", "key": HOURS, "value": 10.0, "low": 7.0, "high": 9.0,
                       "command": f"python -m analysis.sensitivity my.yaml --step 1 --staffing-steps 0,1,2,3 "
                                  f"range.{HOURS}=[7,10] seed=2020 population.enterprises=300 --out {tmp_path / 's'}"}
    other = ask(emulated, OTHER, "0.5", "my.yaml")
    assert other["status"] == "not_modelled" and "--sobol-top 3" in other["command"]
    assert ask(emulated, "no.such", "1", "my.yaml")["status"] == "unknown"
    assert ask(emulated, HOURS, "eight", "my.yaml")["status"] == "bad_value"


def test_a_refit_that_does_not_reproduce_the_recorded_check_is_not_answered(tmp_path):
    write_sobol(tmp_path / "s")
    table = pd.read_csv(tmp_path / "s" / "emulator_check.csv")
    table.loc[0, "q2"] = 0.6   # passes the bar, but not what this emulator does on its held-out points
    table.to_csv(tmp_path / "s" / "emulator_check.csv", index=False)
    time.sleep(0.01)
    (deaths, _) = ask(read_emulated(tmp_path / "s"), HOURS, "8.5", "x")["quantities"]
    assert not deaths["passed"] and deaths["refit_q2"] > 0.9


def _study(workspace_root, sobol: bool) -> str:
    from tests.unit.sensitivity_tables import write_sensitivity

    folder = workspace_root / "studies" / "20260101-000000-sensitivity"
    write_sensitivity(folder / "sensitivity", full=False)
    if sobol:
        morris = pd.read_csv(folder / "sensitivity" / "morris.csv")
        write_sobol(folder / "sensitivity")
        morris.to_csv(folder / "sensitivity" / "morris.csv", index=False)
    (folder / "study.json").write_text(json.dumps({"kind": "sensitivity", "label": "x", "steps": [["a"]],
                                                   "sweep_folder": "sensitivity", "total": 10, "replications": 2,
                                                   "engine": "numba"}))
    (folder / "state.json").write_text(json.dumps({"status": "finished", "step": 0}))
    return folder.name


def test_the_study_page_answers_what_if_an_assumption_were_different_in_both_languages(tmp_path):
    from analysis.workbench.app import build_app

    name = _study(tmp_path / "ws", sobol=True)
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url="http://127.0.0.1:8000")
    client.cookies.set("lang", "en")
    page = client.get(f"/studies/{name}").text
    assert 'id="assume-key"' in page and f'<option value="{HOURS}">' in page and 'id="assume-answer"' not in page
    page = client.get(f"/studies/{name}?assume={HOURS}&value=8.5").text
    assert 'id="assume-table"' in page and "expected deaths averted a year" in page
    assert "Not answered for share of today&#39;s expected deaths averted: its emulator failed its own check" in page
    assert "what the step from 3 to 4 inspectors buys" in page
    outside = client.get(f"/studies/{name}?assume={HOURS}&value=12").text
    assert "lies outside the range analysed (7 to 9): the emulator does not extrapolate" in outside
    assert 'id="assume-table"' not in outside and f"range.{HOURS}=[7,12]" in outside
    client.cookies.set("lang", "zh")
    page = client.get(f"/studies/{name}?assume={HOURS}&value=8.5").text
    assert "假如某项假设不同？" in page and "每年减少的预期死亡" in page and "不作回答" in page


def test_an_analysis_without_an_emulator_says_which_command_writes_one(tmp_path):
    from analysis.workbench.app import build_app

    name = _study(tmp_path / "ws", sobol=False)
    client = TestClient(build_app(tmp_path / "ws", "127.0.0.1", 8000), base_url="http://127.0.0.1:8000")
    client.cookies.set("lang", "en")
    page = client.get(f"/studies/{name}?assume={HOURS}&value=8").text
    assert 'id="assume-missing"' in page and "has no emulator (its Sobol&#39; part did not run)" in page
    assert "python -m analysis.sensitivity" in page and 'id="assume-table"' not in page
