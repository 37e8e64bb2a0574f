"""Current e1RM, the extended RTS chart, related-lift ratios, autoregulation and progression."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alloy_desktop.domain.enums import MovementPattern, ProgressionStyle
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.metrics import percent_of_1rm
from alloy_desktop.domain.prescription import (
    DayBest,
    LastSession,
    autoregulate,
    calibrated_load,
    calibration_text,
    chart_percent,
    current_e1rm,
    from_related,
    progression_start,
    recency_weight,
    related_ratio,
    strength_ratio,
    target_load,
)

TODAY = date(2026, 11, 2)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_chart_percent_inside_the_chart_is_the_rts_chart() -> None:
    assert chart_percent(5, 8) == 81.1 == percent_of_1rm(5, 8)
    assert chart_percent(1, 10) == 100.0
    assert chart_percent(5, None) == 81.1  # no RPE planned: a normal hard set, RPE 8


def test_chart_percent_outside_the_chart() -> None:
    # Each half RPE point is half a rep: 5 @ 5 reads as 10 @ 10.
    assert chart_percent(5, 5) == percent_of_1rm(10, 10) == 73.9
    assert chart_percent(12, 8) == 62.6  # 14 effective reps, still inside the sequence
    # 15 @ 7 is 18 effective reps, past the sequence's end (15): 59.9 x 1.5 / 1.6
    assert chart_percent(15, 7) == pytest.approx(56.15625)
    with pytest.raises(DomainValidationError):
        chart_percent(0, 8)
    with pytest.raises(DomainValidationError):
        chart_percent(5, 11)


def test_target_load_for_5_at_8_from_100_by_5_at_8() -> None:
    # Epley with reps in reserve: 100 x (1 + 7/30) = 123.33; x 81.1 % = 100.02
    assert target_load(100 * (1 + 7 / 30), 5, 8) == pytest.approx(100.02, abs=0.01)


def test_recency_weights_halve_every_two_weeks() -> None:
    assert recency_weight(0) == 1.0 and recency_weight(14) == 0.5 and recency_weight(28) == 0.25
    assert recency_weight(-3) == 1.0  # a day after today counts as today


def test_current_e1rm_weights_recent_days_more() -> None:
    points = [DayBest(days_ago(14), 90.0), DayBest(TODAY, 100.0)]
    assert current_e1rm(points, TODAY) == pytest.approx((90 * 0.5 + 100) / 1.5)  # 96.67
    assert current_e1rm([DayBest(days_ago(56), 100.0)], TODAY) is None  # eight weeks: out
    assert current_e1rm([DayBest(days_ago(55), 100.0)], TODAY) == pytest.approx(100.0)
    assert current_e1rm([], TODAY) is None
    assert current_e1rm([DayBest(TODAY, 0.0)], TODAY) is None  # bodyweight days say nothing


def test_ratios_between_related_lifts() -> None:
    squat = MovementPattern.SQUAT
    assert strength_ratio("Front Barbell Squat", squat) == 0.85
    assert strength_ratio("Barbell Squat", squat) == 1.0
    assert related_ratio("Front Barbell Squat", "Barbell Squat", squat) == 0.85
    assert related_ratio("Barbell Squat", "Front Barbell Squat", squat) == pytest.approx(1 / 0.85)
    hinge = MovementPattern.HINGE
    assert strength_ratio("Stiff-Legged Barbell Deadlift", hinge) == 0.70
    assert strength_ratio("Romanian Deadlift", hinge) == 0.75
    push = MovementPattern.HORIZONTAL_PUSH
    assert strength_ratio("Close-Grip Barbell Bench Press", push) == 0.90
    assert strength_ratio("Curl", MovementPattern.ISOLATION_UPPER) == 1.0
    # 120 x 0.85 x 0.95 (a new movement starts 5 % lighter)
    assert from_related(120.0, 0.85) == pytest.approx(96.9)


def test_calibration() -> None:
    assert calibration_text(5, 8) == "Work up to a set of 5 at RPE 8"
    assert calibration_text(3, 7.5) == "Work up to a set of 3 at RPE 7.5"
    assert calibrated_load(100, 5, 8, 5, 8) == pytest.approx(100)
    # 3 @ 8 is 86.3 %, 5 @ 8 is 81.1 %: 100 x 81.1 / 86.3
    assert calibrated_load(100, 3, 8, 5, 8) == pytest.approx(93.975, abs=1e-3)
    assert calibrated_load(100, 3, None, 5, 8) == pytest.approx(93.975, abs=1e-3)


def test_a_harder_set_lowers_the_next_ones_4_percent_a_point() -> None:
    adjustment = autoregulate(5, 8, 100, 5, 9.5)
    assert adjustment.load == pytest.approx(94.0)
    assert (adjustment.percent, adjustment.effort_gap, adjustment.capped) == (-6.0, 1.5, False)
    assert adjustment.reason == "RPE 9.5 where 8 was planned: 6% lighter for the next sets."


def test_an_easier_set_raises_them() -> None:
    adjustment = autoregulate(5, 8, 100, 5, 7)
    assert adjustment.load == pytest.approx(104.0) and adjustment.percent == 4.0
    assert adjustment.reason == "RPE 7 where 8 was planned: 4% heavier for the next sets."


def test_missed_reps_count_and_the_change_is_capped() -> None:
    # two reps short and two RPE points over: 4 points, 16 %, capped at 10 %
    adjustment = autoregulate(5, 8, 100, 3, 10)
    assert adjustment.load == pytest.approx(90.0) and adjustment.capped
    assert adjustment.reason == (
        "3 reps at RPE 10 where 5 at RPE 8 was planned: "
        "10% lighter for the next sets (the most one set moves it)."
    )


def test_on_plan_keeps_the_load_actually_lifted() -> None:
    adjustment = autoregulate(5, 8, 102.5, 5, 8)
    assert adjustment.load == 102.5 and adjustment.percent == 0
    assert adjustment.reason == "RPE 8, as planned: same load for the next sets."


def test_without_a_logged_rpe_only_reps_move_the_load() -> None:
    assert autoregulate(5, 8, 100, 5, None).load == 100
    short = autoregulate(5, None, 100, 4, None)
    assert short.load == pytest.approx(96.0)
    assert short.reason == (
        "4 reps (no RPE logged) where 5 at RPE 8 was planned: 4% lighter for the next sets."
    )


def test_double_progression_holds_the_load_until_the_top_of_the_range() -> None:
    double = ProgressionStyle.DOUBLE_PROGRESSION
    up = progression_start(double, 100.0, LastSession(100.0, (12, 12, 12)), 12, 102.5)
    assert (up.load, up.from_last_session) == (102.5, True)
    assert "every set reached 12 reps" in up.reason
    hold = progression_start(double, 103.0, LastSession(100.0, (12, 11, 10)), 12, 102.5)
    assert (hold.load, hold.from_last_session) == (100.0, True)
    # last time was another rep scheme (80 is more than 15 % off): the e1RM decides
    far = progression_start(double, 100.0, LastSession(80.0, (12, 12)), 12, 82.5)
    assert (far.load, far.from_last_session) == (100.0, False)
    assert progression_start(double, 100.0, None, 12, 102.5).load == 100.0


def test_other_styles_follow_the_e1rm() -> None:
    single = progression_start(
        ProgressionStyle.SINGLE_PROGRESSION, 97.3, LastSession(100.0, (5, 5)), 5, 102.5
    )
    assert single.load == 97.3 and not single.from_last_session
    assert single.reason.startswith("Single progression")
    assert progression_start(None, 97.3, None, 5, 100.0).reason == ""
