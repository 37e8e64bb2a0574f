"""Tests for rule-based session adaptation (soreness, recovery, rules, swaps, explanation)."""

from __future__ import annotations

import pytest
from fixtures import BY_ID, CATALOG, load_library, named

from alloy_desktop.domain.adaptation import (
    AdaptationInput,
    AdaptationResult,
    SorenessEntry,
    adapt_session,
    sore_groups,
    strain,
)
from alloy_desktop.domain.catalog import Constraints, MovementRule
from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    ExerciseRole,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    RuleTarget,
)
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.planned import PlannedExercise

R = ExerciseRole
LIBRARY = load_library()
NO_RULES = Constraints()
LEG_GROUPS = frozenset(g for g, p in MUSCLE_GROUP_BODY_PART.items() if p is BodyPart.LEGS)


def ex(
    name: str, role: ExerciseRole, order: int, sets: int = 3, rpe: float = 8.0
) -> PlannedExercise:
    return PlannedExercise(named(name).id, role, order, sets, 8, rpe, 90)


SESSION = (
    ex("Bodyweight Squat", R.WARMUP, 1, sets=2, rpe=4.0),
    ex("Barbell Squat", R.MAIN, 2, sets=4),
    ex("Barbell Bench Press - Medium Grip", R.MAIN, 3, sets=4),
    ex("Leg Extensions", R.ACCESSORY, 4),
    ex("Bent Over Barbell Row", R.ACCESSORY, 5),
    ex("Quad Stretch", R.COOLDOWN, 6, sets=1, rpe=3.0),
)


def adapt(
    soreness: tuple[SorenessEntry, ...] = (),
    score: float = 55,
    constraints: Constraints = NO_RULES,
    recovery: dict[MuscleGroup, float] | None = None,
    exercises: tuple[PlannedExercise, ...] = SESSION,
) -> AdaptationResult:
    inp = AdaptationInput(exercises, soreness, score, recovery or {})
    return adapt_session(inp, BY_ID, CATALOG, constraints)


def name(e: PlannedExercise) -> str:
    return BY_ID[e.movement_id].name


def kept(result: AdaptationResult) -> dict[str, tuple[int, float]]:
    return {name(a.original): (a.sets, a.rpe) for a in result.adapted}


def test_nothing_to_change() -> None:
    result = adapt()
    assert [a.as_planned() for a in result.adapted] == list(SESSION)
    assert result.removed == () and result.substituted == () and result.added_sections == ()
    assert result.explanation == (
        "Recovery looks fine (55/100) and nothing is sore enough to change anything, "
        "so the session stays as planned."
    )
    assert result.session() == SESSION


def test_sore_legs_eight_removes_leg_work_and_swaps_only_what_fits() -> None:
    result = adapt(soreness=(SorenessEntry(BodyPart.LEGS, 8),))
    removed = {name(r.exercise): r.reason for r in result.removed}
    assert removed == {
        "Bodyweight Squat": "Conflicts with soreness: legs 8/10",
        "Barbell Squat": "Conflicts with soreness: legs 8/10",
        "Leg Extensions": "Conflicts with soreness: legs 8/10",
    }
    # The squat (a compound) may become a compound for what today's main lifts aim at
    # (the bench's chest); the leg extension has no stand-in that spares the legs, and the
    # warm-up is never swapped.
    ((original, replacement),) = result.substituted
    assert name(original) == "Barbell Squat"
    assert name(replacement) == "Dumbbell Bench Press"
    sub = BY_ID[replacement.movement_id]
    assert not (sub.primary | sub.secondary) & LEG_GROUPS
    assert (replacement.order, replacement.role, replacement.sets) == (
        original.order,
        original.role,
        original.sets,
    )
    assert replacement.notes == (
        "Replaces Barbell Squat: trains chest instead; in keeping with today's chest work"
    )
    # Stretches do not load the legs, so the quad stretch stays.
    assert "Quad Stretch" in kept(result)
    assert "Barbell Squat is out (conflicts with soreness: legs 8/10); " in result.explanation
    assert "Bodyweight Squat is dropped for today" in result.explanation
    assert (
        "Leg Extensions is dropped for today (conflicts with soreness: legs 8/10) — every "
        "alternative loads your sore legs."
    ) in result.explanation


def test_removed_exercises_keep_their_ranked_substitutes() -> None:
    result = adapt(soreness=(SorenessEntry(BodyPart.LEGS, 8),))
    squat = next(r for r in result.removed if name(r.exercise) == "Barbell Squat")
    assert 1 <= len(squat.substitutes) <= 5
    assert squat.substitutes[0].movement.id == result.substituted[0][1].movement_id
    for s in squat.substitutes:
        assert not s.movement.primary & {MuscleGroup.QUADS, MuscleGroup.HAMSTRINGS}
    warmup = next(r for r in result.removed if r.exercise.role is R.WARMUP)
    assert warmup.substitutes == ()


def test_substitutes_are_not_already_in_the_session() -> None:
    result = adapt(soreness=(SorenessEntry(BodyPart.LEGS, 9),))
    planned = {e.movement_id for e in SESSION}
    swaps = [replacement.movement_id for _, replacement in result.substituted]
    assert not set(swaps) & planned
    assert len(swaps) == len(set(swaps))


def test_soreness_five_reduces_volume() -> None:
    result = adapt(soreness=(SorenessEntry(BodyPart.CHEST, 5),))
    assert result.removed == ()
    bench = next(a for a in result.adapted if name(a.original).startswith("Barbell Bench"))
    assert (bench.sets, bench.rpe) == (3, 7.0)
    assert bench.changes == ("sets 4 -> 3 (sore chest 5/10)", "RPE 8 -> 7 (sore chest 5/10)")
    # The row does not load the chest: untouched.
    assert kept(result)["Bent Over Barbell Row"] == (3, 8.0)
    assert result.explanation == (
        "Barbell Bench Press - Medium Grip stays in, a set lighter and one RPE easier "
        "(sore chest 5/10)."
    )


def test_soreness_three_changes_nothing() -> None:
    assert kept(adapt(soreness=(SorenessEntry(BodyPart.CHEST, 3),))) == kept(adapt())


def test_soreness_uses_the_worst_entry_per_body_part() -> None:
    result = adapt(soreness=(SorenessEntry(BodyPart.LEGS, 2), SorenessEntry(BodyPart.LEGS, 7)))
    assert "Barbell Squat" not in kept(result)


def test_soreness_only_counts_primary_loading() -> None:
    # Bench works the arms secondarily: sore arms 8 do not remove it.
    result = adapt(soreness=(SorenessEntry(BodyPart.ARMS, 8),))
    assert "Barbell Bench Press - Medium Grip" in kept(result)


def test_unrecovered_muscle_group_counts_as_soreness_seven() -> None:
    result = adapt(recovery={MuscleGroup.QUADS: 3.0, MuscleGroup.CHEST: 6.0})
    reasons = {name(r.exercise): r.reason for r in result.removed}
    assert reasons["Barbell Squat"] == "Conflicts with soreness: quads still recovering (3/10)"
    assert "Barbell Bench Press - Medium Grip" in kept(result)
    for _, replacement in result.substituted:
        assert MuscleGroup.QUADS not in BY_ID[replacement.movement_id].primary


def test_forbidden_by_pattern_removed_and_swapped() -> None:
    rule = MovementRule(
        MovementRuleType.HARD_NO, RuleTarget.PATTERN, pattern=MovementPattern.HORIZONTAL_PULL
    )
    result = adapt(constraints=Constraints(rules=(rule,)))
    assert [(name(r.exercise), r.reason) for r in result.removed] == [
        ("Bent Over Barbell Row", "Forbidden: hard no on horizontal pull movements")
    ]
    ((original, replacement),) = result.substituted
    assert name(original) == "Bent Over Barbell Row"
    assert BY_ID[replacement.movement_id].pattern is not MovementPattern.HORIZONTAL_PULL
    assert name(replacement) == "Pullups"
    assert (
        replacement.notes
        == "Replaces Bent Over Barbell Row: also works biceps, lats and upper back"
    )


def test_forbidden_by_id_and_body_part() -> None:
    squat = named("Barbell Squat")
    rules = (
        MovementRule(MovementRuleType.HARD_NO, RuleTarget.MOVEMENT, movement_id=squat.id),
        MovementRule(MovementRuleType.INJURY, RuleTarget.BODY_PART, body_part=BodyPart.CHEST),
    )
    result = adapt(constraints=Constraints(rules=rules))
    reasons = {name(r.exercise): r.reason for r in result.removed}
    assert reasons == {
        "Barbell Squat": "Forbidden: hard no on Barbell Squat",
        "Barbell Bench Press - Medium Grip": "Forbidden: injury rule on chest",
    }
    for _, replacement in result.substituted:
        sub = BY_ID[replacement.movement_id]
        assert sub.id != squat.id and BodyPart.CHEST not in sub.primary_body_parts


def test_recovery_thirty_adds_extra_warmup_and_cuts_volume() -> None:
    result = adapt(score=30)
    assert result.added_sections == ("extra_warmup",)
    assert result.recovery_score == 30.0
    assert kept(result) == {
        "Bodyweight Squat": (2, 4.0),  # warm-ups are not working sets
        "Barbell Squat": (3, 7.0),
        "Barbell Bench Press - Medium Grip": (3, 7.0),
        "Leg Extensions": (2, 7.0),
        "Bent Over Barbell Row": (2, 7.0),
        "Quad Stretch": (1, 3.0),
    }
    assert result.explanation.startswith("Your recovery score is 30/100, so today is lighter")


def test_recovery_eighty_adds_conditioning_and_a_main_set() -> None:
    result = adapt(score=80)
    assert result.added_sections == ("conditioning",)
    assert kept(result)["Barbell Squat"] == (5, 8.0)
    assert kept(result)["Leg Extensions"] == (3, 8.0)  # accessories unchanged
    squat = next(a for a in result.adapted if name(a.original) == "Barbell Squat")
    assert squat.changes == ("sets 4 -> 5 (good recovery 80/100)",)


@pytest.mark.parametrize(("score", "sections"), [(40, ()), (70, ()), (39.5, ("extra_warmup",))])
def test_recovery_thresholds(score: float, sections: tuple[str, ...]) -> None:
    assert adapt(score=score).added_sections == sections


def test_soreness_and_low_recovery_stack_but_never_below_one_set() -> None:
    single = (ex("Barbell Bench Press - Medium Grip", R.MAIN, 1, sets=1, rpe=5.5),)
    result = adapt(soreness=(SorenessEntry(BodyPart.CHEST, 6),), score=20, exercises=single)
    (bench,) = result.adapted
    assert (bench.sets, bench.rpe) == (1, 5.0)


def test_replacement_gets_the_recovery_adjustment() -> None:
    result = adapt(soreness=(SorenessEntry(BodyPart.LEGS, 8),), score=30)
    squat_swap = next(r for o, r in result.substituted if name(o) == "Barbell Squat")
    assert (squat_swap.sets, squat_swap.rpe) == (3, 7.0)
    assert [e.order for e in result.session()] == [2, 3, 5, 6]  # leg extensions dropped


def test_unknown_movement_is_kept() -> None:
    unknown = PlannedExercise(99999, R.ACCESSORY, 1, 3, 10, 8.0, 60)
    result = adapt(exercises=(unknown,))
    assert result.adapted[0].changes == ("not in the library",)


def test_invalid_inputs() -> None:
    with pytest.raises(DomainValidationError):
        SorenessEntry(BodyPart.LEGS, 11)
    with pytest.raises(DomainValidationError):
        adapt(score=120)


def test_strain_and_sore_groups_use_the_muscle_map() -> None:
    squat = named("Barbell Squat")
    assert strain(squat, {BodyPart.LEGS: 6}, {}) == (6, "legs 6/10")
    assert strain(squat, {BodyPart.BACK: 9}, {}) == (0, "")  # lower back only secondary
    groups = sore_groups({BodyPart.ARMS: 4}, {MuscleGroup.LATS: 2.0})
    assert groups == {
        MuscleGroup.BICEPS,
        MuscleGroup.TRICEPS,
        MuscleGroup.FOREARMS,
        MuscleGroup.LATS,
    }


@pytest.mark.skipif(LIBRARY is None, reason="seed_data/movements.json not built")
def test_real_library_sore_legs() -> None:
    """Legs-only main work: nothing spares the legs, so both slots are dropped, not swapped."""
    session = (
        real("Barbell Squat", R.MAIN, 1),
        real("Leg Press", R.ACCESSORY, 2),
        real("Dumbbell Bench Press", R.ACCESSORY, 3),
    )
    result = real_adapt(session, soreness=(SorenessEntry(BodyPart.LEGS, 8),))
    assert {real_name(r.exercise) for r in result.removed} == {"Barbell Squat", "Leg Press"}
    assert result.substituted == ()
    assert [real_name(a.original) for a in result.adapted] == ["Dumbbell Bench Press"]
    assert result.explanation == (
        "Barbell Squat and Leg Press are dropped for today (conflicts with soreness: legs "
        "8/10) — every alternative loads your sore legs."
    )
    for item in result.removed:  # the options shown never load the legs primarily
        assert not any(s.movement.primary & ALL_LEG_GROUPS for s in item.substitutes)


# --- substitute quality on the real library ----------------------------------------------

ALL_LEG_GROUPS = frozenset(g for g, p in MUSCLE_GROUP_BODY_PART.items() if p is BodyPart.LEGS)
CHEST_GROUPS = frozenset({MuscleGroup.CHEST})


def real(movement: str, role: ExerciseRole, order: int) -> PlannedExercise:
    assert LIBRARY is not None
    found = next(m for m in LIBRARY if m.name == movement)
    return PlannedExercise(found.id, role, order, 3, 8, 8.0, 120)


def real_name(e: PlannedExercise) -> str:
    assert LIBRARY is not None
    return next(m.name for m in LIBRARY if m.id == e.movement_id)


def real_adapt(
    session: tuple[PlannedExercise, ...],
    soreness: tuple[SorenessEntry, ...] = (),
    constraints: Constraints = NO_RULES,
    recovery: dict[MuscleGroup, float] | None = None,
) -> AdaptationResult:
    assert LIBRARY is not None
    inp = AdaptationInput(session, soreness, 55, recovery or {})
    return adapt_session(inp, {m.id: m for m in LIBRARY}, LIBRARY, constraints)


def worked(e: PlannedExercise) -> frozenset[MuscleGroup]:
    assert LIBRARY is not None
    m = next(m for m in LIBRARY if m.id == e.movement_id)
    return m.primary | m.secondary


LOWER_BODY_DAY = (
    (
        real("Bodyweight Squat", R.WARMUP, 1),
        real("Barbell Squat", R.MAIN, 2),
        real("Stiff-Legged Dumbbell Deadlift", R.MAIN, 3),
        real("Lying Leg Curls", R.ACCESSORY, 4),
        real("Leg Extensions", R.ACCESSORY, 5),
        real("Cable Crunch", R.ACCESSORY, 6),
    )
    if LIBRARY is not None
    else ()
)


@pytest.mark.skipif(LIBRARY is None, reason="seed_data/movements.json not built")
def test_real_library_sore_legs_on_a_lower_body_day_swap_nothing_onto_the_legs() -> None:
    result = real_adapt(LOWER_BODY_DAY, soreness=(SorenessEntry(BodyPart.LEGS, 8),))
    removed = {real_name(r.exercise) for r in result.removed}
    assert {"Barbell Squat", "Stiff-Legged Dumbbell Deadlift", "Leg Extensions"} <= removed
    for _, replacement in result.substituted:  # not even secondarily (no kettlebell thruster)
        assert not worked(replacement) & ALL_LEG_GROUPS
    # The leg extension is dropped, never swapped for a chest exercise (the old Butterfly).
    swapped = {real_name(original) for original, _ in result.substituted}
    assert "Leg Extensions" not in swapped
    assert not any(worked(r) & CHEST_GROUPS for _, r in result.substituted)
    assert "every alternative loads your sore legs" in result.explanation
    assert "Leg Extensions" in result.explanation.split("are dropped for today")[0]
    assert [real_name(a.original) for a in result.adapted] == ["Cable Crunch"]


@pytest.mark.skipif(LIBRARY is None, reason="seed_data/movements.json not built")
def test_real_library_sore_chest_bench_is_replaced_by_nothing_that_works_chest() -> None:
    session = (
        real("Barbell Bench Press - Medium Grip", R.MAIN, 1),
        real("Bent Over Barbell Row", R.MAIN, 2),
        real("Dumbbell Flyes", R.ACCESSORY, 3),
    )
    result = real_adapt(session, soreness=(SorenessEntry(BodyPart.CHEST, 8),))
    assert {real_name(r.exercise) for r in result.removed} == {
        "Barbell Bench Press - Medium Grip",
        "Dumbbell Flyes",
    }
    for _, replacement in result.substituted:
        assert MuscleGroup.CHEST not in worked(replacement)
    bench = next(r for r in result.removed if real_name(r.exercise).startswith("Barbell Bench"))
    for option in bench.substitutes:  # shown options may not load the chest primarily
        assert MuscleGroup.CHEST not in option.movement.primary
    # A press that spares the chest keeps the push work going.
    bench_swap = next(r for o, r in result.substituted if o.order == 1)
    swap_info = next(m for m in LIBRARY or () if m.id == bench_swap.movement_id)
    assert swap_info.pattern in {MovementPattern.HORIZONTAL_PUSH, MovementPattern.VERTICAL_PUSH}


@pytest.mark.skipif(LIBRARY is None, reason="seed_data/movements.json not built")
def test_real_library_unrecovered_quads_spare_the_quads_entirely() -> None:
    session = (real("Barbell Squat", R.MAIN, 1), real("Leg Extensions", R.ACCESSORY, 2))
    result = real_adapt(session, recovery={MuscleGroup.QUADS: 2.0})
    ((original, replacement),) = result.substituted
    assert real_name(original) == "Barbell Squat"
    assert MuscleGroup.QUADS not in worked(replacement)
    assert "Leg Extensions is dropped for today" in result.explanation
    assert "every alternative loads your still-recovering quads" in result.explanation


@pytest.mark.skipif(LIBRARY is None, reason="seed_data/movements.json not built")
@pytest.mark.parametrize(
    ("banned", "movement", "family"),
    [
        (
            MovementPattern.HORIZONTAL_PULL,
            "Bent Over Barbell Row",
            {MovementPattern.VERTICAL_PULL},
        ),
        (
            MovementPattern.SQUAT,
            "Barbell Squat",
            {MovementPattern.LUNGE, MovementPattern.HINGE, MovementPattern.ISOLATION_LOWER},
        ),
        (
            MovementPattern.VERTICAL_PUSH,
            "Standing Military Press",
            {MovementPattern.HORIZONTAL_PUSH, MovementPattern.ISOLATION_UPPER},
        ),
    ],
)
def test_real_library_forbidden_pattern_swaps_within_the_family(
    banned: MovementPattern, movement: str, family: set[MovementPattern]
) -> None:
    rule = MovementRule(MovementRuleType.HARD_NO, RuleTarget.PATTERN, pattern=banned)
    session = (real(movement, R.MAIN, 1),)
    result = real_adapt(session, constraints=Constraints(rules=(rule,)))
    ((_, replacement),) = result.substituted
    assert LIBRARY is not None
    info = next(m for m in LIBRARY if m.id == replacement.movement_id)
    assert info.pattern is not banned
    assert info.pattern in family
    (removed,) = result.removed
    assert removed.substitutes and all(
        s.movement.pattern is not banned for s in removed.substitutes
    )
