"""Program shape rules: duration, 1-3 weighted goals (ten-dollar method), primary goal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from alloy_desktop.domain.enums import Goal
from alloy_desktop.domain.errors import DomainValidationError, require
from alloy_desktop.domain.interference import GOAL_SLOTS, as_goal, goal_label

MIN_WEEKS = 8
MAX_WEEKS = 12
TOTAL_GOAL_WEIGHT = 10  # the ten-dollar method: spread $10 over the goals

WeightedGoal = tuple[Goal, int]


def _validate_duration(duration_weeks: int) -> None:
    is_whole = isinstance(duration_weeks, int) and not isinstance(duration_weeks, bool)
    require(
        is_whole and MIN_WEEKS <= duration_weeks <= MAX_WEEKS and duration_weeks % 2 == 0,
        "duration_weeks",
        "Duration must be 8, 10 or 12 weeks",
    )


def _validate_count(goals: Sequence[WeightedGoal]) -> None:
    require(1 <= len(goals) <= GOAL_SLOTS, "goals", f"Choose between 1 and {GOAL_SLOTS} goals")


def _validate_unique(goals: Sequence[WeightedGoal]) -> None:
    counts = Counter(as_goal(goal) for goal, _ in goals)
    repeated = [goal for goal, count in counts.items() if count > 1]
    if repeated:
        raise DomainValidationError(
            "goals", f"Each goal can be chosen only once ({goal_label(repeated[0])} is repeated)"
        )


def _validate_weights(goals: Sequence[WeightedGoal]) -> None:
    weights = [weight for _, weight in goals]
    require(
        all(isinstance(w, int) and not isinstance(w, bool) and w >= 0 for w in weights),
        "goals",
        "Goal weights must be whole numbers of 0 or more",
    )
    require(
        sum(weights) == TOTAL_GOAL_WEIGHT,
        "goals",
        f"Goal weights must add up to {TOTAL_GOAL_WEIGHT} (they add up to {sum(weights)})",
    )


def validate_program_shape(goals: Sequence[WeightedGoal], duration_weeks: int) -> None:
    """Raise DomainValidationError unless the program's duration and goals are valid.

    Duration is 8, 10 or 12 weeks; there are 1-3 distinct goals whose whole,
    non-negative weights add up to 10. Checks run in that order, so the first
    problem found is the one reported.
    """
    _validate_duration(duration_weeks)
    _validate_count(goals)
    _validate_unique(goals)
    _validate_weights(goals)


def goal_weights_padded(
    goals: Sequence[WeightedGoal],
) -> tuple[WeightedGoal, WeightedGoal, WeightedGoal]:
    """Fill the database's three goal columns, padding with the first goal at weight 0."""
    _validate_count(goals)
    first = as_goal(goals[0][0])
    padded = [(as_goal(goal), weight) for goal, weight in goals]
    padded += [(first, 0)] * (GOAL_SLOTS - len(padded))
    return (padded[0], padded[1], padded[2])


def primary_goal(goals: Sequence[WeightedGoal]) -> Goal:
    """The goal with the highest weight; on a tie, the one listed first."""
    require(len(goals) >= 1, "goals", "Choose at least one goal")
    best_goal, best_weight = goals[0]
    for goal, weight in goals[1:]:
        if weight > best_weight:
            best_goal, best_weight = goal, weight
    return as_goal(best_goal)
