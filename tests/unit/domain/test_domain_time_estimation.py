"""Tests for session time estimation against the spec's tables."""

import pytest

from alloy_desktop.domain.enums import ExerciseRole, Goal
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.time_estimation import (
    ExerciseTime,
    SessionTimeBreakdown,
    default_rest_seconds,
    estimate_session_time,
    exercise_seconds,
    set_seconds,
)

Role = ExerciseRole


@pytest.mark.parametrize(
    ("reps", "seconds"),
    [
        (1, 15),
        (3, 15),
        (4, 25),
        (6, 25),
        (7, 35),
        (10, 35),
        (11, 45),
        (15, 45),
        (16, 55),
        (20, 55),
        (21, 70),
        (50, 70),
    ],
)
def test_set_seconds_by_rep_range(reps: int, seconds: int) -> None:
    assert set_seconds(reps) == seconds


@pytest.mark.parametrize("reps", [0, -1])
def test_set_seconds_refuses_no_reps(reps: int) -> None:
    with pytest.raises(DomainValidationError) as info:
        set_seconds(reps)
    assert info.value.field == "reps"


@pytest.mark.parametrize(
    ("role", "goal", "rest"),
    [
        (Role.WARMUP, None, 30),
        (Role.MAIN, Goal.STRENGTH, 180),
        (Role.MAIN, Goal.HYPERTROPHY, 90),
        (Role.MAIN, Goal.ENDURANCE, 45),
        (Role.MAIN, Goal.FAT_LOSS, 45),
        (Role.MAIN, Goal.MOBILITY, 90),
        (Role.MAIN, Goal.SKILL, 90),
        (Role.MAIN, None, 90),
        (Role.ACCESSORY, Goal.STRENGTH, 60),
        (Role.SKILL, None, 90),
        (Role.FINISHER, Goal.STRENGTH, 30),
        (Role.COOLDOWN, None, 15),
    ],
)
def test_default_rest_by_role_and_goal(role: ExerciseRole, goal: Goal | None, rest: int) -> None:
    assert default_rest_seconds(role, goal) == rest


def test_concrete_strength_session() -> None:
    # Worked by hand, main goal STRENGTH:
    #   warm-up: 5 min + 2 warm-up exercises                             = 7 min
    #   main: squat 5x5 -> 5 * (25 + 180) = 1025 s
    #         skill 3x3 -> 3 * (15 + 90)  =  315 s; 1340 s = 22.3 -> 23 min
    #   accessory superset, rest 60 halved to 30:
    #         3x10 -> 3 * (35 + 30) = 195 s; 3x12 -> 3 * (45 + 30) = 225 s
    #         420 s                                                      = 7 min
    #   finisher circuit 3x15, rest 30, 3 rounds -> 3 * (45 + 30) + 2 * 60
    #         = 345 s = 5.75 -> 6 min
    #   cool-down: 5 min + 3 stretches                                   = 8 min
    #   total 7 + 23 + 7 + 6 + 8                                         = 51 min
    session = [
        ExerciseTime(Role.WARMUP, sets=2, reps=10),
        ExerciseTime(Role.WARMUP, sets=1, reps=5),
        ExerciseTime(Role.MAIN, sets=5, reps=5),
        ExerciseTime(Role.SKILL, sets=3, reps=3),
        ExerciseTime(Role.ACCESSORY, sets=3, reps=10, superset=True),
        ExerciseTime(Role.ACCESSORY, sets=3, reps=12, superset=True),
        ExerciseTime(Role.FINISHER, sets=3, reps=15, circuit_rounds=3),
        ExerciseTime(Role.COOLDOWN, sets=1, reps=1),
        ExerciseTime(Role.COOLDOWN, sets=1, reps=1),
        ExerciseTime(Role.COOLDOWN, sets=1, reps=1),
    ]
    assert estimate_session_time(session, Goal.STRENGTH) == SessionTimeBreakdown(
        warmup_minutes=7,
        main_minutes=23,
        accessory_minutes=7,
        finisher_minutes=6,
        cooldown_minutes=8,
        total_minutes=51,
    )


def test_main_rest_follows_the_goal() -> None:
    squat = [ExerciseTime(Role.MAIN, sets=3, reps=10)]
    # 3 * (35 + 90) = 375 s -> 7 min;  3 * (35 + 45) = 240 s -> exactly 4 min
    assert estimate_session_time(squat, Goal.HYPERTROPHY).main_minutes == 7
    assert estimate_session_time(squat, None).main_minutes == 7
    assert estimate_session_time(squat, Goal.ENDURANCE).main_minutes == 4


def test_explicit_rest_overrides_the_table() -> None:
    press = ExerciseTime(Role.MAIN, sets=4, reps=1, rest_seconds=0)
    assert exercise_seconds(press, Goal.STRENGTH) == 60  # 4 * 15
    # Exactly 60 s is one minute, not two.
    assert estimate_session_time([press], Goal.STRENGTH).main_minutes == 1


def test_superset_halves_odd_rest_without_losing_the_half_second() -> None:
    pair = ExerciseTime(Role.ACCESSORY, sets=2, reps=2, rest_seconds=45, superset=True)
    assert exercise_seconds(pair) == 75.0  # 2 * (15 + 22.5)


def test_single_round_circuit_adds_no_transition() -> None:
    one_round = ExerciseTime(Role.FINISHER, sets=1, reps=20, circuit_rounds=1)
    assert exercise_seconds(one_round) == 85  # 55 + 30


def test_empty_session_is_just_warmup_and_cooldown_bases() -> None:
    assert estimate_session_time([]) == SessionTimeBreakdown(5, 0, 0, 0, 5, 10)


def test_sections_can_be_left_out() -> None:
    session = [
        ExerciseTime(Role.WARMUP, sets=1, reps=10),
        ExerciseTime(Role.ACCESSORY, sets=2, reps=15),  # 2 * (45 + 60) = 210 s -> 4 min
        ExerciseTime(Role.COOLDOWN, sets=1, reps=1),
    ]
    result = estimate_session_time(session, include_warmup=False, include_cooldown=False)
    assert result == SessionTimeBreakdown(0, 0, 4, 0, 0, 4)


def test_role_may_be_given_by_name() -> None:
    assert ExerciseTime("MAIN", sets=1, reps=1).role is Role.MAIN  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sets": 0, "reps": 5}, "sets"),
        ({"sets": 3, "reps": 0}, "reps"),
        ({"sets": 3, "reps": 5, "rest_seconds": -10}, "rest_seconds"),
        ({"sets": 3, "reps": 5, "circuit_rounds": -1}, "circuit_rounds"),
    ],
)
def test_exercise_time_validates(kwargs: dict[str, int], field: str) -> None:
    with pytest.raises(DomainValidationError) as info:
        ExerciseTime(Role.MAIN, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_unknown_role_is_refused() -> None:
    with pytest.raises(DomainValidationError) as info:
        ExerciseTime("CARDIO", sets=1, reps=1)  # type: ignore[arg-type]
    assert info.value.field == "role"
