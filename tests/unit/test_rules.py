"""The shared decision rules, each against what it must compute."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.rules import deterrence as det
from sim.rules.detection import inspection_detection, report_propensity, report_self, self_detection
from sim.rules.dispatch import (
    DOUBLE_RANDOM,
    FOLLOWUP,
    INVESTIGATION,
    PRIORITY,
    TARGETED,
    VERIFICATION,
    assignee,
    can_start,
    task_hours,
    task_key,
)
from sim.rules.hazards import deaths_of_accident, hazard_base_rate, severity_class
from sim.rules.rectification import (
    DISHONEST,
    GOOD,
    NORMAL,
    closes_after_failure,
    compliance,
    retrained_quality,
)
from sim.rules.sampling import sample_without_replacement


def test_deaths_follow_the_discrete_pareto_tail():
    rng = np.random.default_rng(0)
    u = rng.random(200_000)
    deaths = np.array([deaths_of_accident(0.0, x, p_fatal=1.0, tail=2.0) for x in u])
    assert deaths.min() == 1
    for k in (2, 3, 10):
        assert (deaths >= k).mean() == pytest.approx(k ** -2.0, rel=0.05)
    assert deaths_of_accident(0.5, 0.9, p_fatal=0.4, tail=2.0) == 0


@pytest.mark.parametrize(("deaths", "cls"), [(0, 0), (2, 0), (3, 1), (9, 1), (10, 2), (29, 2), (30, 3), (100, 3)])
def test_severity_classes_follow_the_national_rule(deaths, cls):
    assert severity_class(deaths) == cls


def test_hazard_rate_scales_with_size_and_quality():
    base = hazard_base_rate(0.01, 50.0, 50.0, 0.5, 2.0, 0.5)
    assert base == pytest.approx(0.01)
    assert hazard_base_rate(0.01, 200.0, 50.0, 0.5, 2.0, 0.5) == pytest.approx(0.02)
    assert hazard_base_rate(0.01, 50.0, 50.0, 0.5, 2.0, 1.0) == pytest.approx(0.01 * math.exp(-1.0))


def test_steady_inspections_hold_pressure_at_their_rate():
    """r inspections per enterprise-year, spread evenly, keep the perceived pressure near r."""
    enterprises, rate, half_life = 100, 2.0, 365.0
    gap = 365.0 / (rate * enterprises)
    pressure, t = 0.0, 0.0
    for _ in range(int(10 * 365 / gap)):
        pressure = pressure * det.decay(gap, half_life) + det.pressure_increment(1.0, half_life, enterprises)
        t += gap
    assert pressure == pytest.approx(rate, rel=0.01)


def test_general_deterrence_is_bounded_by_g_max():
    assert det.general_multiplier(0.0, 0.3, 1.0) == 1.0
    assert det.general_multiplier(1e9, 0.3, 1.0) == pytest.approx(0.7)
    assert det.general_multiplier(1.0, 0.3, 1.0) == pytest.approx(1 - 0.3 * (1 - math.exp(-1)))


def test_specific_deterrence_halves_over_its_half_life():
    assert det.specific_multiplier(math.inf, 0.2, 365.0) == 1.0
    assert det.specific_multiplier(0.0, 0.2, 365.0) == pytest.approx(0.8)
    assert det.specific_multiplier(365.0, 0.2, 365.0) == pytest.approx(0.9)


def test_order_pressure_halves_over_its_half_life():
    assert det.order_pressure(2.0, 0.0, 730.0) == 2.0
    assert det.order_pressure(2.0, 730.0, 730.0) == pytest.approx(1.0)
    assert det.order_pressure(2.0, 1460.0, 730.0) == pytest.approx(0.5)
    assert det.order_pressure(0.0, -50.0, 730.0) == 0.0  # never ordered: nothing to decay


def test_order_deterrence_saturates_at_its_strength():
    assert det.order_multiplier(0.0, 0.3, 1.0) == 1.0
    assert det.order_multiplier(1.0, 0.3, 2.0) == pytest.approx(1 - 0.3 * (1 - math.exp(-0.5)))
    assert det.order_multiplier(1e9, 0.3, 1.0) == pytest.approx(0.7)
    assert det.order_multiplier(5.0, 0.0, 1.0) == 1.0  # strength 0: exactly no effect
    # each further order adds less (saturation), and the multiplier stays in (1 - strength, 1]
    cuts = [1 - det.order_multiplier(p, 0.3, 1.0) for p in range(5)]
    assert all(b - a < a - z for z, a, b in zip(cuts, cuts[1:], cuts[2:], strict=False))
    assert all(0.7 <= det.order_multiplier(p, 0.3, 1.0) <= 1.0 for p in (0.0, 0.5, 3.0, 100.0))


def test_one_order_increment_per_check_whatever_it_finds():
    assert det.order_increment(0) == 0.0
    assert det.order_increment(1) == 1.0
    assert det.order_increment(7) == 1.0
    # a check every half-life, each ordering: the pressure tends to 1 / (1 - 1/2) = 2
    pressure = 0.0
    for _ in range(60):
        pressure = det.order_pressure(pressure, 730.0, 730.0) + det.order_increment(3)
    assert pressure == pytest.approx(2.0)


def test_detection_by_who_inspects_and_whether_announced():
    args = (0.6, 0.7, 0.35, 0.45, 0.85, 0.9, 0.5)
    assert inspection_detection(False, True, False, False, *args) == 0.6
    assert inspection_detection(True, True, False, False, *args) == 0.7
    assert inspection_detection(False, False, False, False, *args) == 0.35
    assert inspection_detection(True, False, True, False, *args) == 0.9
    assert inspection_detection(False, True, False, True, *args) == pytest.approx(0.3)
    assert inspection_detection(True, True, False, True, *args) == 0.7  # announcing hides general hazards only
    assert self_detection(True, 0.5, 0.5, 0.4) == pytest.approx(0.2)


def test_report_propensity_rises_and_saturates():
    assert report_propensity(0.0, 0.3, 2000.0) == pytest.approx(0.3)
    values = [report_propensity(r, 0.3, 2000.0) for r in (0, 1000, 3000, 30000, 1e9)]
    assert values == sorted(values) and values[-1] == pytest.approx(1.0)
    assert report_self(0.5, 0.2, 0.6) == pytest.approx(0.5)
    assert report_self(1.0, 0.8, 0.6) == 1.0


def test_compliance_falls_with_dishonest_credit_and_is_clipped():
    assert compliance(0.5, NORMAL, 0.8, 0.4, 0.1) == pytest.approx(0.8)
    assert compliance(0.5, GOOD, 0.8, 0.4, 0.1) == pytest.approx(0.8)
    assert compliance(0.5, DISHONEST, 0.8, 0.4, 0.1) == pytest.approx(0.7)
    assert compliance(1.0, NORMAL, 0.95, 0.4, 0.1) == 1.0
    assert retrained_quality(0.95, 0.1) == 1.0


def test_closure_after_k_failures_within_the_window():
    assert not closes_after_failure([10.0, 300.0], 300.0, 365.0, 3)
    assert closes_after_failure([10.0, 200.0, 300.0], 300.0, 365.0, 3)
    assert not closes_after_failure([-100.0, 200.0, 300.0], 300.0, 365.0, 3)


def test_task_order_is_priority_then_first_in_first_out():
    keys = sorted([task_key(DOUBLE_RANDOM, 1.0, 1), task_key(INVESTIGATION, 5.0, 2), task_key(FOLLOWUP, 2.0, 3),
                   task_key(VERIFICATION, 3.0, 4), task_key(TARGETED, 0.5, 5), task_key(FOLLOWUP, 1.0, 6)])
    assert [k[0] for k in keys] == [0, 1, 2, 2, 3, 4]
    assert keys[2][1] == 1.0  # the older follow-up first
    assert PRIORITY[INVESTIGATION] < PRIORITY[VERIFICATION] < PRIORITY[FOLLOWUP] < PRIORITY[TARGETED] < PRIORITY[DOUBLE_RANDOM]


def test_task_starting_and_hours():
    assert can_start(0.1) and can_start(4.8)   # work past the day's end is carried over
    assert not can_start(0.0)
    assert task_hours(6.0, 50.0, 50.0, 0.3) == 6.0
    assert task_hours(6.0, 400.0, 50.0, 1 / 3) == pytest.approx(12.0)


def test_territorial_dispatch_gives_tasks_to_the_owner_except_investigations():
    assert assignee(TARGETED, 7, territorial=True) == 7
    assert assignee(INVESTIGATION, 7, territorial=True) == -1
    assert assignee(TARGETED, 7, territorial=False) == -1


def test_sampling_without_replacement_is_uniform_and_distinct():
    rng = np.random.default_rng(1)
    pool = np.arange(10)
    hits = np.zeros(10)
    for _ in range(20_000):
        chosen = sample_without_replacement(rng, pool, 3)
        assert len(set(chosen.tolist())) == 3
        hits[chosen] += 1
    assert np.allclose(hits / 20_000, 0.3, atol=0.015)
    assert len(sample_without_replacement(rng, pool, 50)) == 10
