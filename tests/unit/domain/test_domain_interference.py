"""Tests for goal interference checks and the merging of soft-conflict adjustments."""

import pytest

from alloy_desktop.domain.enums import Goal
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.interference import (
    HARD_CONFLICT_THRESHOLD,
    InterferenceRule,
    goal_label,
    pad_goals,
    validate_goals,
)

STRENGTH_ENDURANCE = InterferenceRule(
    Goal.STRENGTH, Goal.ENDURANCE, 0.85, "Long cardio blunts strength gains.", {}
)
STRENGTH_HYPERTROPHY = InterferenceRule(
    Goal.STRENGTH,
    Goal.HYPERTROPHY,
    0.3,
    "Heavy triples and pump work compete for recovery.",
    {"volume_factor": 0.9, "rpe_delta": -0.5},
)
HYPERTROPHY_FAT_LOSS = InterferenceRule(
    Goal.HYPERTROPHY,
    Goal.FAT_LOSS,
    0.5,
    "A calorie deficit limits muscle gain.",
    {"volume_factor": 0.8, "rpe_delta": -0.5, "conditioning_minutes_cap": 20},
)
FAT_LOSS_ENDURANCE = InterferenceRule(
    Goal.FAT_LOSS,
    Goal.ENDURANCE,
    0.2,
    "Both pull on the same energy.",
    {"conditioning_minutes_cap": 30},
)
RULES = [STRENGTH_ENDURANCE, STRENGTH_HYPERTROPHY, HYPERTROPHY_FAT_LOSS, FAT_LOSS_ENDURANCE]


def test_threshold_is_the_spec_value() -> None:
    assert HARD_CONFLICT_THRESHOLD == 0.8


def test_goal_labels_are_plain_words() -> None:
    assert goal_label(Goal.STRENGTH) == "Strength"
    assert goal_label(Goal.FAT_LOSS) == "Fat Loss"


def test_hard_conflict_blocks_and_names_both_goals() -> None:
    result = validate_goals([Goal.STRENGTH, Goal.ENDURANCE], RULES)
    assert result.is_valid is False
    assert result.blocking == STRENGTH_ENDURANCE
    assert result.warnings == (
        "Strength and Endurance conflict too much to train together (severity 0.85): "
        "Long cardio blunts strength gains.",
    )
    assert dict(result.adjustments) == {}


def test_lookup_works_in_either_order() -> None:
    reversed_goals = validate_goals([Goal.ENDURANCE, Goal.STRENGTH], RULES)
    assert reversed_goals.is_valid is False
    assert reversed_goals.blocking == STRENGTH_ENDURANCE
    assert reversed_goals.warnings[0].startswith("Endurance and Strength conflict too much")
    reversed_rule = InterferenceRule(Goal.ENDURANCE, Goal.STRENGTH, 0.9, "Same, flipped.", {})
    assert validate_goals([Goal.STRENGTH, Goal.ENDURANCE], [reversed_rule]).blocking == (
        reversed_rule
    )


def test_soft_conflicts_warn_and_combine_adjustments() -> None:
    result = validate_goals([Goal.STRENGTH, Goal.HYPERTROPHY, Goal.FAT_LOSS], RULES)
    assert result.is_valid is True
    assert result.blocking is None
    assert result.warnings == (
        "Strength and Hypertrophy partly work against each other (severity 0.30): "
        "Heavy triples and pump work compete for recovery.",
        "Hypertrophy and Fat Loss partly work against each other (severity 0.50): "
        "A calorie deficit limits muscle gain.",
    )
    assert result.adjustments["volume_factor"] == pytest.approx(0.72)  # 0.9 * 0.8
    assert result.adjustments["rpe_delta"] == pytest.approx(-1.0)  # -0.5 + -0.5
    assert result.adjustments["conditioning_minutes_cap"] == 20


def test_caps_take_the_smallest() -> None:
    result = validate_goals([Goal.HYPERTROPHY, Goal.FAT_LOSS, Goal.ENDURANCE], RULES)
    assert result.is_valid is True
    assert len(result.warnings) == 2
    assert dict(result.adjustments) == {
        "volume_factor": 0.8,
        "rpe_delta": -0.5,
        "conditioning_minutes_cap": 20,  # min(20, 30)
    }


def test_unknown_adjustment_keys_take_the_most_severe_rule() -> None:
    mild = InterferenceRule(Goal.SKILL, Goal.MOBILITY, 0.2, "r", {"max_sessions": 5})
    worse = InterferenceRule(Goal.SKILL, Goal.FAT_LOSS, 0.6, "r", {"max_sessions": 3})
    result = validate_goals([Goal.SKILL, Goal.MOBILITY, Goal.FAT_LOSS], [mild, worse])
    assert result.adjustments["max_sessions"] == 3


def test_severity_at_the_threshold_only_warns() -> None:
    edge = InterferenceRule(Goal.STRENGTH, Goal.ENDURANCE, 0.8, "At the edge.", {})
    result = validate_goals([Goal.STRENGTH, Goal.ENDURANCE], [edge])
    assert result.is_valid is True
    assert len(result.warnings) == 1


def test_most_severe_hard_conflict_is_the_blocking_one() -> None:
    worst = InterferenceRule(Goal.HYPERTROPHY, Goal.ENDURANCE, 0.95, "Worse.", {})
    result = validate_goals([Goal.STRENGTH, Goal.HYPERTROPHY, Goal.ENDURANCE], [*RULES, worst])
    assert result.is_valid is False
    assert result.blocking == worst
    assert len(result.warnings) == 2  # both hard conflicts, no soft ones


def test_zero_severity_rule_is_not_a_conflict() -> None:
    fine = InterferenceRule(Goal.MOBILITY, Goal.STRENGTH, 0.0, "Compatible.", {"x_factor": 2})
    result = validate_goals([Goal.MOBILITY, Goal.STRENGTH], [fine])
    assert (result.is_valid, result.warnings, dict(result.adjustments)) == (True, (), {})


def test_no_rules_means_no_conflicts() -> None:
    result = validate_goals(list(Goal)[:3], [])
    assert (result.is_valid, result.warnings, dict(result.adjustments)) == (True, (), {})


def test_pad_goals_repeats_the_first() -> None:
    assert pad_goals([Goal.SKILL]) == (Goal.SKILL, Goal.SKILL, Goal.SKILL)
    assert pad_goals([Goal.SKILL, Goal.MOBILITY]) == (Goal.SKILL, Goal.MOBILITY, Goal.SKILL)
    three = (Goal.SKILL, Goal.MOBILITY, Goal.STRENGTH)
    assert pad_goals(three) == three


@pytest.mark.parametrize("goals", [[], [Goal.SKILL] * 4])
def test_pad_goals_needs_one_to_three(goals: list[Goal]) -> None:
    with pytest.raises(DomainValidationError) as info:
        pad_goals(goals)
    assert info.value.field == "goals"


def test_padded_duplicates_are_checked_once() -> None:
    padded = pad_goals([Goal.STRENGTH, Goal.HYPERTROPHY])
    assert len(validate_goals(padded, RULES).warnings) == 1
    self_rule = InterferenceRule(Goal.STRENGTH, Goal.STRENGTH, 0.9, "Never applies.", {})
    assert validate_goals(pad_goals([Goal.STRENGTH]), [self_rule]).is_valid is True


def test_empty_goal_list_is_refused() -> None:
    with pytest.raises(DomainValidationError):
        validate_goals([], RULES)


def test_rule_validates_and_freezes_its_adjustments() -> None:
    with pytest.raises(DomainValidationError) as info:
        InterferenceRule(Goal.SKILL, Goal.MOBILITY, 1.5, "r", {})
    assert info.value.field == "severity"
    with pytest.raises(DomainValidationError) as info:
        InterferenceRule("JUGGLING", Goal.MOBILITY, 0.5, "r", {})  # type: ignore[arg-type]
    assert info.value.field == "goal_a"
    source = {"volume_factor": 0.9}
    rule = InterferenceRule(Goal.SKILL, Goal.MOBILITY, 0.5, "r", source)
    source["volume_factor"] = 0.1
    assert rule.adjustments["volume_factor"] == 0.9
    with pytest.raises(TypeError):
        rule.adjustments["volume_factor"] = 0.5  # type: ignore[index]


def test_goals_may_be_given_by_name() -> None:
    result = validate_goals(["STRENGTH", "ENDURANCE"], RULES)  # type: ignore[list-item]
    assert result.blocking == STRENGTH_ENDURANCE
