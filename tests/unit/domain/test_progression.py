"""Tests for goal-blended base prescriptions and the four progression styles."""

from __future__ import annotations

import pytest

from alloy_desktop.domain.deload import should_deload
from alloy_desktop.domain.enums import ExerciseRole, Goal, ProgressionStyle
from alloy_desktop.domain.progression import (
    RPE_CAP,
    STRENGTH_RPE_CAP,
    Prescription,
    base_prescription,
    prescribe,
    training_weeks_before,
    weeks_since_deload,
)

R = ExerciseRole
S = ProgressionStyle
STRENGTH = {Goal.STRENGTH: 10}
HYPERTROPHY = {Goal.HYPERTROPHY: 10}
MIXED = {Goal.STRENGTH: 5, Goal.HYPERTROPHY: 5}


def weeks(
    style: ProgressionStyle, role: ExerciseRole, goals: dict[Goal, int]
) -> list[Prescription]:
    """Twelve microcycles with a deload every fourth, as the planner calls prescribe."""
    base = base_prescription(role, goals)
    return [prescribe(style, role, goals, base, i, should_deload(i + 1)) for i in range(12)]


# --------------------------------------------------------------------------- base prescriptions


def test_strength_main_is_heavy_low_reps_long_rest() -> None:
    assert base_prescription(R.MAIN, STRENGTH) == Prescription(4, 4, 7.5, 180, 6)


def test_hypertrophy_main_is_moderate_reps() -> None:
    assert base_prescription(R.MAIN, HYPERTROPHY) == Prescription(3, 8, 7.0, 120, 12)


def test_endurance_and_fat_loss_are_high_reps_short_rest() -> None:
    for goal in (Goal.ENDURANCE, Goal.FAT_LOSS):
        main = base_prescription(R.MAIN, {goal: 10})
        assert (main.reps, main.reps_max, main.rest_seconds) == (12, 18, 60)
        accessory = base_prescription(R.ACCESSORY, {goal: 10})
        assert (accessory.reps, accessory.rest_seconds) == (15, 45)


def test_blend_is_weighted_by_goal_dollars() -> None:
    # 5/5 strength/hypertrophy: reps (4+8)/2 = 6, rest (180+120)/2 = 150, range top (6+12)/2 = 9.
    assert base_prescription(R.MAIN, MIXED) == Prescription(4, 6, 7.5, 150, 9)
    # 8/2 leans to strength: reps 0.8*4 + 0.2*8 = 4.8 -> 5, rest 168 -> 165 (15 s steps).
    leaning = base_prescription(R.MAIN, {Goal.STRENGTH: 8, Goal.HYPERTROPHY: 2})
    assert (leaning.reps, leaning.rest_seconds) == (5, 165)


def test_mobility_and_skill_do_not_pull_the_lifting_numbers() -> None:
    with_mobility = {Goal.STRENGTH: 7, Goal.MOBILITY: 3}
    assert base_prescription(R.MAIN, with_mobility) == base_prescription(R.MAIN, STRENGTH)


def test_only_mobility_gets_a_gentle_general_profile() -> None:
    assert base_prescription(R.MAIN, {Goal.MOBILITY: 10}) == Prescription(3, 10, 6.5, 90, 12)


def test_fixed_roles_ignore_goals() -> None:
    assert base_prescription(R.WARMUP, STRENGTH) == Prescription(1, 10, 4.0, 30)
    assert base_prescription(R.COOLDOWN, HYPERTROPHY).rest_seconds == 15
    assert base_prescription(R.FINISHER, STRENGTH) == base_prescription(R.FINISHER, HYPERTROPHY)


# --------------------------------------------------------------------------- week counting


def test_training_weeks_before_skips_deloads() -> None:
    # Microcycle 4 (index 3) is a deload, so index 4 has three training weeks behind it.
    assert [training_weeks_before(i) for i in range(9)] == [0, 1, 2, 3, 3, 4, 5, 6, 6]


def test_weeks_since_deload_restart_after_each_deload() -> None:
    assert [weeks_since_deload(i) for i in range(9)] == [0, 1, 2, 3, 0, 1, 2, 3, 0]


# --------------------------------------------------------------------------- styles


def test_single_progression_adds_half_an_rpe_a_week_and_restarts_after_deload() -> None:
    plan = weeks(S.SINGLE_PROGRESSION, R.MAIN, MIXED)
    assert [p.rpe for p in plan[:3]] == [7.5, 8.0, 8.5]
    assert [p.rpe for p in plan[4:7]] == [7.5, 8.0, 8.5]
    assert {(p.sets, p.reps, p.reps_max) for i, p in enumerate(plan) if i % 4 != 3} == {
        (4, 6, None)
    }


def test_single_progression_stops_at_the_cap() -> None:
    base = Prescription(3, 8, 8.5, 90)
    rpes = [
        prescribe(S.SINGLE_PROGRESSION, R.ACCESSORY, HYPERTROPHY, base, i, False).rpe
        for i in range(3)
    ]
    assert rpes == [8.5, 9.0, RPE_CAP]


def test_strength_led_main_lifts_may_reach_a_higher_cap() -> None:
    base = Prescription(4, 4, 9.0, 180, 6)
    top = prescribe(S.SINGLE_PROGRESSION, R.MAIN, STRENGTH, base, 2, False)
    assert top.rpe == STRENGTH_RPE_CAP
    accessory = prescribe(S.SINGLE_PROGRESSION, R.ACCESSORY, STRENGTH, base, 2, False)
    assert accessory.rpe == RPE_CAP


def test_double_progression_climbs_reps_then_resets_heavier() -> None:
    plan = weeks(S.DOUBLE_PROGRESSION, R.ACCESSORY, HYPERTROPHY)
    training = [p for i, p in enumerate(plan) if not should_deload(i + 1)]
    # Range 10-15 in steps of 2: 10, 12, 14, then back to 10 with a heavier load.
    assert [p.reps for p in training] == [10, 12, 14, 10, 12, 14, 10, 12, 14]
    assert [p.rpe for p in training[:4]] == [7.5, 8.0, 8.5, 8.0]
    assert training[3].rpe > training[0].rpe  # same reps, heavier load: higher RPE
    assert {p.reps_max for p in training} == {15}


def test_double_progression_narrow_range_steps_one_rep() -> None:
    base = Prescription(4, 4, 7.5, 180, 6)
    reps = [
        prescribe(S.DOUBLE_PROGRESSION, R.MAIN, STRENGTH, base, i, False).reps for i in (0, 1, 2, 4)
    ]
    assert reps == [4, 5, 6, 4]


def test_wave_loading_descends_reps_and_raises_rpe_each_wave() -> None:
    plan = weeks(S.WAVE_LOADING, R.MAIN, STRENGTH)
    assert [(p.reps, p.rpe) for p in plan[:3]] == [(6, 7.5), (4, 8.0), (2, 8.5)]
    assert [(p.reps, p.rpe) for p in plan[4:7]] == [(6, 8.0), (4, 8.5), (2, 9.0)]  # heavier wave


def test_wave_loading_accessories_use_single_progression() -> None:
    plan = weeks(S.WAVE_LOADING, R.ACCESSORY, STRENGTH)
    assert [p.reps for p in plan[:3]] == [8, 8, 8]
    assert [p.rpe for p in plan[:3]] == [7.5, 8.0, 8.5]


def test_block_periodization_moves_from_volume_to_intensity() -> None:
    plan = weeks(S.BLOCK_PERIODIZATION, R.MAIN, HYPERTROPHY)
    accumulation, intensification, realization = plan[0], plan[5], plan[9]
    assert (accumulation.sets, accumulation.reps, accumulation.rpe) == (4, 10, 6.5)
    assert (intensification.sets, intensification.reps, intensification.rpe) == (3, 7, 7.5)
    assert (realization.sets, realization.reps, realization.rpe) == (2, 6, 8.0)
    assert accumulation.sets > intensification.sets > realization.sets
    assert accumulation.rpe < intensification.rpe < realization.rpe


def test_block_accumulation_rpe_stays_moderate() -> None:
    plan = weeks(S.BLOCK_PERIODIZATION, R.MAIN, HYPERTROPHY)
    assert [p.rpe for p in plan[:3]] == [6.5, 7.0, 7.5]
    assert plan[4].rpe == 7.5  # fourth accumulation week: capped at base + 0.5


@pytest.mark.parametrize("style", list(ProgressionStyle))
@pytest.mark.parametrize("role", [R.MAIN, R.ACCESSORY])
def test_deload_has_fewer_sets_and_lower_rpe_than_the_week_before(
    style: ProgressionStyle, role: ExerciseRole
) -> None:
    plan = weeks(style, role, MIXED)
    for index in (3, 7, 11):
        before, deload = plan[index - 1], plan[index]
        assert deload.sets < before.sets or deload.sets == 1
        assert deload.rpe == max(5.0, before.rpe - 2)


@pytest.mark.parametrize("style", list(ProgressionStyle))
def test_progression_is_visible_within_the_first_block(style: ProgressionStyle) -> None:
    plan = weeks(style, R.MAIN, MIXED)
    first, third = plan[0], plan[2]
    assert third.rpe > first.rpe


def test_warmups_and_cooldowns_never_change() -> None:
    base = base_prescription(R.COOLDOWN, HYPERTROPHY)
    for i in range(8):
        assert prescribe(S.WAVE_LOADING, R.COOLDOWN, HYPERTROPHY, base, i, i == 3) == base


def test_finishers_keep_their_numbers_but_shrink_in_a_deload() -> None:
    base = Prescription(4, 45, 8.0, 30)
    assert prescribe(S.SINGLE_PROGRESSION, R.FINISHER, MIXED, base, 2, False) == base
    assert prescribe(S.SINGLE_PROGRESSION, R.FINISHER, MIXED, base, 3, True).sets == 2
