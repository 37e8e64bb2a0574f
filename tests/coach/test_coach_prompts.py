"""The coach's prompt: exercises with their numbers, the lifter's state, rules, persona."""

from __future__ import annotations

from datetime import date
from typing import Any

from alloy_desktop.coach.formats import proposal_schema
from alloy_desktop.coach.prompts import (
    AdaptContext,
    ExerciseLine,
    LifterProfile,
    adapt_system_prompt,
    proposal_prompt,
    recovering_words,
    swap_choices,
)
from alloy_desktop.domain.enums import (
    BodyPart,
    ExerciseRole,
    MuscleGroup,
    PersonaAggression,
    PersonaTone,
    RecoverySignalLevel,
)


def context(tone: PersonaTone, aggression: PersonaAggression) -> AdaptContext:
    return AdaptContext(
        day=date(2026, 11, 4),
        session_name="Upper A",
        session_type="hypertrophy",
        is_deload=True,
        exercises=(
            ExerciseLine(1, "Bench Press", ExerciseRole.MAIN, 4, 8, 12, 8.0, 150),
            ExerciseLine(2, "Cable Row", ExerciseRole.ACCESSORY, 3, 10, None, None, 90),
        ),
        soreness=((BodyPart.CHEST, 6), (BodyPart.ARMS, 3)),
        recovery_signal=RecoverySignalLevel.FAIR,
        notes="Slept five hours",
        muscle_recovery={MuscleGroup.CHEST: 3.04, MuscleGroup.QUADS: 10.0},
        profile=LifterProfile(
            rules=("Never: Barbell Deadlift",),
            injuries=("shoulders (severity 4/10)",),
            enjoyable=("Rowing",),
            tone=tone,
            aggression=aggression,
        ),
        swap_options={1: ("Dumbbell Bench Press", "Pushups"), 2: ()},
    )


def test_the_system_prompt_carries_everything_the_coach_needs() -> None:
    prompt = adapt_system_prompt(context(PersonaTone.DIRECT, PersonaAggression.CONSERVATIVE))
    for expected in (
        "Tone: brief and direct. Err on the side of caution: cut volume rather than risk it.",
        "Session for Wednesday 4 November 2026: Upper A (hypertrophy). It is a deload week.",
        "1. Bench Press (main lift): 4 x 8-12 @ RPE 8, rest 2:30",
        "2. Cable Row (accessory): 3 x 10, rest 1:30",
        "- Bench Press: Dumbbell Bench Press, Pushups",
        "- Soreness: chest 6/10, arms 3/10",
        "- Recovery signal: fair",
        "- Notes: Slept five hours",
        "- Muscle groups still recovering: chest 3/10",
        "- Never: Barbell Deadlift",
        "- shoulders (severity 4/10)",
        "- Rowing",
    ):
        assert expected in prompt, expected
    assert "Cable Row: " not in prompt  # no swap options, no line


def test_persona_words_follow_the_settings() -> None:
    drill = adapt_system_prompt(context(PersonaTone.DRILL_SERGEANT, PersonaAggression.AGGRESSIVE))
    assert "Tone: blunt and demanding, but never insulting." in drill
    assert "Push hard when recovery allows, but never through pain." in drill


def test_recovering_words_list_the_least_recovered_first() -> None:
    levels = {MuscleGroup.QUADS: 6.5, MuscleGroup.CHEST: 2.0, MuscleGroup.LATS: 9.5}
    assert recovering_words(levels) == "chest 2/10, quads 6.5/10"


def test_the_proposal_request_lists_slots_and_numbered_swaps() -> None:
    ctx = context(PersonaTone.NEUTRAL, PersonaAggression.BALANCED)
    assert swap_choices(ctx) == {11: (1, "Dumbbell Bench Press"), 12: (1, "Pushups")}
    prompt = proposal_prompt(ctx)
    assert "by slot number only (1 = Bench Press; 2 = Cable Row)" in prompt
    assert "by option number only (11 = Dumbbell Bench Press (for 1); 12 = Pushups (for 1))" in (
        prompt
    )


def kinds(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = schema["properties"]["changes"]["items"]["anyOf"]
    return {kind["properties"]["action"]["enum"][0]: kind for kind in items}


def test_the_schema_offers_only_listed_numbers_and_short_choices() -> None:
    schema = proposal_schema([1, 2], [11, 12])
    assert schema["properties"]["changes"]["maxItems"] == 3
    found = kinds(schema)
    assert list(found) == ["remove", "adjust", "substitute", "add_section"]
    assert found["remove"]["properties"]["slot"]["enum"] == [1, 2]
    assert found["substitute"]["properties"]["option"]["enum"] == [11, 12]
    adjust = found["adjust"]["properties"]
    assert adjust["sets"]["enum"] == [1, 2, 3, 4, 5, 6]
    assert adjust["rpe"]["enum"][:3] == [5, 5.5, 6] and adjust["rpe"]["enum"][-1] == 10
    assert found["adjust"]["required"] == ["action", "slot", "sets", "rpe", "reason"]
    assert found["add_section"]["properties"]["reason"]["maxLength"] == 48


def test_without_swaps_or_exercises_those_kinds_are_not_offered() -> None:
    assert list(kinds(proposal_schema([1], []))) == ["remove", "adjust", "add_section"]
    assert list(kinds(proposal_schema([], []))) == ["add_section"]
