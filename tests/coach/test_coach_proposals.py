"""The coach's proposed changes checked against library, rules, injuries, equipment, soreness."""

from __future__ import annotations

from typing import Any

import pytest

from alloy_desktop.coach.errors import CoachError, CoachErrorKind
from alloy_desktop.coach.formats import REASON_CHARS
from alloy_desktop.coach.proposals import (
    Limits,
    Proposal,
    apply_proposal,
    check_proposal,
    name_index,
)
from alloy_desktop.domain.catalog import Constraints, MovementRule
from alloy_desktop.domain.enums import (
    BodyPart,
    Equipment,
    ExerciseRole,
    MovementRuleType,
    MuscleGroup,
    RuleTarget,
)
from alloy_desktop.domain.planned import PlannedExercise
from alloy_desktop.services.context import Catalog

SQUAT, BENCH, EXTENSIONS, ROWS, PLANK = (
    "Barbell Squat",
    "Dumbbell Bench Press",
    "Leg Extensions",
    "Seated Cable Rows",
    "Plank",
)


def session(catalog: Catalog) -> list[PlannedExercise]:
    names = name_index(catalog.movements)
    plan = [
        (SQUAT, ExerciseRole.MAIN, 4, 6, 8.0),
        (BENCH, ExerciseRole.MAIN, 4, 6, 8.0),
        (EXTENSIONS, ExerciseRole.ACCESSORY, 3, 10, 7.5),
        (ROWS, ExerciseRole.ACCESSORY, 3, 10, 7.5),
        (PLANK, ExerciseRole.ACCESSORY, 3, 30, 7.0),
    ]
    return [
        PlannedExercise(names[n.lower()].id, role, i, sets, reps, rpe, 120, reps_max=12)
        for i, (n, role, sets, reps, rpe) in enumerate(plan, start=1)
    ]


def check(
    catalog: Catalog, changes: list[dict[str, Any]], limits: Limits | None = None
) -> Proposal:
    return check_proposal(
        {"summary": "Lighter legs today", "changes": changes},
        session(catalog),
        catalog.by_id,
        name_index(catalog.movements),
        limits or Limits(Constraints()),
    )


def swap(original: str, replacement: str) -> dict[str, Any]:
    return {"action": "substitute", "exercise": original, "replacement": replacement, "reason": "r"}


def rule(catalog: Catalog, name: str, kind: MovementRuleType) -> MovementRule:
    movement = name_index(catalog.movements)[name.lower()]
    return MovementRule(kind, RuleTarget.MOVEMENT, movement_id=movement.id)


# --- what stays -------------------------------------------------------------------------------


def test_a_valid_swap_is_kept_and_applied_in_the_same_slot(catalog: Catalog) -> None:
    proposal = check(catalog, [swap(SQUAT, "leg press")])  # any letter case
    assert proposal.dropped == ()
    (change,) = proposal.changes
    assert (change.action, change.slot, change.replacement) == ("substitute", 1, "Leg Press")
    assert change.words() == "Swap Barbell Squat for Leg Press: r"
    exercises, sections = apply_proposal(session(catalog), proposal)
    first = exercises[0]
    assert catalog.name(first.movement_id) == "Leg Press"
    assert (first.order, first.sets, first.reps, first.rpe) == (1, 4, 6, 8.0)
    assert first.notes == "Coach: replaces Barbell Squat (r)"
    assert sections == ()


def test_remove_adjust_and_a_section_apply_together(catalog: Catalog) -> None:
    proposal = check(
        catalog,
        [
            {"action": "remove", "exercise": PLANK, "reason": "short on time"},
            {"action": "adjust", "exercise": BENCH, "sets": 3, "rpe": 7.3, "reason": "tired"},
            {"action": "adjust", "exercise": EXTENSIONS, "reps": 15, "reason": "pump"},
            {"action": "add_section", "section": "extra_warmup", "reason": "poor sleep"},
        ],
    )
    assert proposal.dropped == ()
    exercises, sections = apply_proposal(session(catalog), proposal)
    assert [catalog.name(e.movement_id) for e in exercises] == [SQUAT, BENCH, EXTENSIONS, ROWS]
    bench, extensions = exercises[1], exercises[2]
    assert (bench.sets, bench.rpe, bench.notes) == (3, 7.5, "Coach: tired")  # RPE in half points
    assert (extensions.reps, extensions.reps_max) == (15, None)  # a range below the reps goes
    assert sections == ("extra_warmup",)
    assert proposal.summary == "Lighter legs today"


# --- what goes, and the note that says why ----------------------------------------------------


def test_a_movement_outside_the_library_is_dropped_with_a_note(catalog: Catalog) -> None:
    proposal = check(catalog, [swap(SQUAT, "Moon Squat")])
    assert proposal.changes == ()
    assert proposal.dropped == (
        "Dropped the swap Barbell Squat → Moon Squat: it isn't in the movement library.",
    )


def test_a_never_rule_blocks_the_replacement(catalog: Catalog) -> None:
    limits = Limits(Constraints(rules=(rule(catalog, "Leg Press", MovementRuleType.HARD_NO),)))
    proposal = check(catalog, [swap(SQUAT, "Leg Press")], limits)
    assert proposal.dropped == (
        "Dropped the swap Barbell Squat → Leg Press: it's off-limits (hard no on Leg Press).",
    )


def test_an_injury_blocks_a_replacement_that_loads_the_part(catalog: Catalog) -> None:
    limits = Limits(Constraints(injured_body_parts=frozenset({BodyPart.LEGS})))
    proposal = check(catalog, [swap(SQUAT, "Leg Press")], limits)
    assert proposal.changes == ()
    assert "it's off-limits (injured legs" in proposal.dropped[0]


def test_missing_equipment_blocks_the_replacement(catalog: Catalog) -> None:
    limits = Limits(Constraints(equipment=frozenset({Equipment.DUMBBELL})))
    proposal = check(catalog, [swap(SQUAT, "Leg Press")], limits)
    assert proposal.dropped == (
        "Dropped the swap Barbell Squat → Leg Press: it needs machine, which isn't in your "
        "equipment.",
    )


def test_a_replacement_may_not_load_a_sore_muscle(catalog: Catalog) -> None:
    limits = Limits(Constraints(), sore=frozenset({MuscleGroup.QUADS}))
    proposal = check(catalog, [swap(SQUAT, "Leg Press")], limits)
    assert proposal.dropped == ("Dropped the swap Barbell Squat → Leg Press: it loads sore quads.",)


def test_a_stretch_is_no_swap_for_a_squat_and_duplicates_are_refused(catalog: Catalog) -> None:
    proposal = check(catalog, [swap(SQUAT, "All Fours Quad Stretch"), swap(BENCH, EXTENSIONS)])
    assert proposal.changes == ()
    assert proposal.dropped == (
        "Dropped the swap Barbell Squat → All Fours Quad Stretch: it isn't a like-for-like swap.",
        "Dropped the swap Dumbbell Bench Press → Leg Extensions: it's already in today's session.",
    )


def test_numbers_out_of_range_are_dropped(catalog: Catalog) -> None:
    proposal = check(
        catalog,
        [
            {"action": "adjust", "exercise": SQUAT, "sets": 40, "reason": "volume!"},
            {"action": "adjust", "exercise": BENCH, "rpe": 11, "reason": "max out"},
            {"action": "adjust", "exercise": ROWS, "reason": "nothing to say"},
            {"action": "adjust", "exercise": PLANK, "sets": True, "reason": "a boolean"},
        ],
    )
    assert proposal.changes == ()
    assert proposal.dropped == (
        "Dropped the change to Barbell Squat: 40 sets is outside 1-6.",
        "Dropped the change to Dumbbell Bench Press: RPE 11 is outside 5-10.",
        "Ignored the change to Seated Cable Rows: it gave no new numbers.",
        "Ignored the change to Plank: it gave no new numbers.",
    )


def test_adjusting_a_forbidden_exercise_is_refused(catalog: Catalog) -> None:
    limits = Limits(Constraints(rules=(rule(catalog, SQUAT, MovementRuleType.INJURY),)))
    proposal = check(catalog, [{"action": "adjust", "exercise": SQUAT, "sets": 2}], limits)
    assert proposal.dropped == (
        "Dropped the change to Barbell Squat: it's off-limits (injury rule on Barbell Squat).",
    )


def test_unknown_exercises_actions_sections_and_repeats(catalog: Catalog) -> None:
    proposal = check(
        catalog,
        [
            {"action": "remove", "exercise": "Moon Press", "reason": "?"},
            {"action": "superset", "exercise": SQUAT},
            {"action": "add_section", "section": "yoga"},
            {"action": "add_section", "section": "conditioning"},
            {"action": "add_section", "section": "conditioning"},
            {"action": "remove", "exercise": ROWS},
            {"action": "adjust", "exercise": ROWS, "sets": 2},
            "remove everything",
        ],
    )
    assert [c.words() for c in proposal.changes] == [
        "Add a conditioning block",
        "Remove Seated Cable Rows",
    ]
    assert proposal.dropped == (
        "Ignored a change to Moon Press: it isn't in today's session.",
        "Ignored a change Alloy doesn't know (“superset”).",
        "Ignored adding “yoga”: not a section Alloy has.",
        "Ignored adding a conditioning block twice.",
        "Ignored a second change to Seated Cable Rows.",
        "Ignored a change that wasn't readable.",
    )


def test_slots_and_option_numbers_name_exercises_and_swaps(catalog: Catalog) -> None:
    options = {11: (1, "Dumbbell Squat"), 31: (3, "Moon Press")}
    proposal = check_proposal(
        {
            "changes": [
                {"action": "substitute", "option": 11, "reason": "sore legs"},
                {"action": "adjust", "slot": 4, "sets": 2, "rpe": 6, "reason": "tired"},
                {"action": "remove", "slot": 9, "reason": "?"},
                {"action": "substitute", "option": 77, "reason": "?"},
                {"action": "substitute", "option": 31, "reason": "?"},
            ]
        },
        session(catalog),
        catalog.by_id,
        name_index(catalog.movements),
        Limits(Constraints()),
        options,
    )
    assert [c.words() for c in proposal.changes] == [
        "Swap Barbell Squat for Dumbbell Squat: sore legs",
        "Adjust Seated Cable Rows (2 sets, RPE 6): tired",
    ]
    assert proposal.dropped == (
        "Ignored a change to slot 9: it isn't in today's session.",
        "Ignored swap option 77: Alloy didn't offer it.",
        "Dropped the swap Leg Extensions → Moon Press: it isn't in the movement library.",
    )


def test_a_reason_cut_off_by_the_schema_ends_at_a_word(catalog: Catalog) -> None:
    cut = "Legs are sore after yesterday, go easy on them t"
    assert len(cut) == REASON_CHARS
    whole = "A reason from a server without the schema can be as long as it likes to be."
    kept = check(
        catalog,
        [
            {"action": "remove", "exercise": SQUAT, "reason": cut},
            {"action": "remove", "exercise": BENCH, "reason": whole},
        ],
    ).changes
    assert [c.reason for c in kept] == ["Legs are sore after yesterday, go easy on them…", whole]


def test_the_session_is_never_emptied(catalog: Catalog) -> None:
    names = [SQUAT, BENCH, EXTENSIONS, ROWS, PLANK]
    proposal = check(catalog, [{"action": "remove", "exercise": n} for n in names])
    assert len(proposal.changes) == 4
    assert proposal.dropped == ("Kept Plank: the session can't be emptied.",)
    exercises, _ = apply_proposal(session(catalog), proposal)
    assert [catalog.name(e.movement_id) for e in exercises] == [PLANK]


@pytest.mark.parametrize("raw", [None, [], "remove squats", {"changes": "all"}, {"summary": "x"}])
def test_a_reply_without_a_list_of_changes_is_invalid_output(catalog: Catalog, raw: Any) -> None:
    with pytest.raises(CoachError) as caught:
        check_proposal(raw, session(catalog), catalog.by_id, {}, Limits(Constraints()))
    assert caught.value.kind is CoachErrorKind.INVALID_OUTPUT
