"""Tests for program shape validation, goal padding and the primary goal."""

import pytest

from alloy_desktop.domain.enums import Goal
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.goals import goal_weights_padded, primary_goal, validate_program_shape

S, H, E = Goal.STRENGTH, Goal.HYPERTROPHY, Goal.ENDURANCE


@pytest.mark.parametrize(
    ("goals", "weeks"),
    [
        ([(S, 10)], 8),
        ([(S, 6), (H, 4)], 10),
        ([(S, 5), (H, 3), (E, 2)], 12),
        ([(S, 10), (H, 0)], 8),
    ],
)
def test_valid_shapes_pass(goals: list[tuple[Goal, int]], weeks: int) -> None:
    validate_program_shape(goals, weeks)


@pytest.mark.parametrize("weeks", [6, 7, 9, 11, 14, 0, 10.0, True])
def test_duration_must_be_8_10_or_12(weeks: int) -> None:
    with pytest.raises(DomainValidationError) as info:
        validate_program_shape([(S, 10)], weeks)
    assert (info.value.field, info.value.message) == (
        "duration_weeks",
        "Duration must be 8, 10 or 12 weeks",
    )


@pytest.mark.parametrize("goals", [[], [(S, 4), (H, 3), (E, 2), (Goal.SKILL, 1)]])
def test_goal_count_must_be_1_to_3(goals: list[tuple[Goal, int]]) -> None:
    with pytest.raises(DomainValidationError) as info:
        validate_program_shape(goals, 8)
    assert (info.value.field, info.value.message) == ("goals", "Choose between 1 and 3 goals")


def test_duplicate_goals_are_named() -> None:
    with pytest.raises(DomainValidationError) as info:
        validate_program_shape([(S, 5), (S, 5)], 8)
    assert info.value.field == "goals"
    assert info.value.message == "Each goal can be chosen only once (Strength is repeated)"


def test_weights_must_add_up_to_ten() -> None:
    with pytest.raises(DomainValidationError) as info:
        validate_program_shape([(S, 5), (H, 4)], 8)
    assert info.value.field == "goals"
    assert info.value.message == "Goal weights must add up to 10 (they add up to 9)"


@pytest.mark.parametrize("goals", [[(S, 11), (H, -1)], [(S, 5.5), (H, 4.5)]])
def test_weights_must_be_whole_and_not_negative(goals: list[tuple[Goal, int]]) -> None:
    with pytest.raises(DomainValidationError) as info:
        validate_program_shape(goals, 8)
    assert info.value.field == "goals"
    assert info.value.message == "Goal weights must be whole numbers of 0 or more"


def test_duration_is_checked_first() -> None:
    with pytest.raises(DomainValidationError) as info:
        validate_program_shape([], 9)
    assert info.value.field == "duration_weeks"


def test_padding_fills_three_columns_with_weight_zero() -> None:
    assert goal_weights_padded([(S, 10)]) == ((S, 10), (S, 0), (S, 0))
    assert goal_weights_padded([(H, 7), (S, 3)]) == ((H, 7), (S, 3), (H, 0))
    full = ((S, 5), (H, 3), (E, 2))
    assert goal_weights_padded(full) == full


def test_padding_refuses_no_goals() -> None:
    with pytest.raises(DomainValidationError) as info:
        goal_weights_padded([])
    assert info.value.field == "goals"


def test_primary_goal_is_the_heaviest() -> None:
    assert primary_goal([(S, 3), (H, 7)]) == H
    assert primary_goal([(E, 2), (S, 3), (H, 5)]) == H
    assert primary_goal([(S, 10)]) == S


def test_primary_goal_ties_go_to_the_first_listed() -> None:
    assert primary_goal([(H, 4), (S, 4), (E, 2)]) == H
    assert primary_goal([(E, 2), (S, 4), (H, 4)]) == S


def test_primary_goal_needs_a_goal() -> None:
    with pytest.raises(DomainValidationError):
        primary_goal([])
