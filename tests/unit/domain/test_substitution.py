"""Tests for rule-based substitute ranking and the catalog's movement rules."""

from __future__ import annotations

import pytest
from fixtures import BY_ID, CATALOG, load_library, named

from alloy_desktop.domain.catalog import (
    Constraints,
    MovementRule,
    equipment_ok,
    forbidden_reason,
    is_avoided,
    is_enjoyed,
    level_ok,
)
from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    Equipment,
    ExperienceLevel,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    RuleTarget,
)
from alloy_desktop.domain.substitution import (
    choose_replacement,
    fits_intent,
    is_related,
    jaccard,
    pattern_family,
    rank_substitutes,
    shortlist,
)

LIBRARY = load_library()
LEG_GROUPS = frozenset({MuscleGroup.QUADS, MuscleGroup.HAMSTRINGS, MuscleGroup.GLUTES})


def rule(kind: MovementRuleType, **target: object) -> MovementRule:
    if "movement_id" in target:
        where = RuleTarget.MOVEMENT
    elif "pattern" in target:
        where = RuleTarget.PATTERN
    else:
        where = RuleTarget.BODY_PART
    return MovementRule(kind, where, **target)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- catalog rules


def test_hard_no_by_id_pattern_and_body_part() -> None:
    squat = named("Barbell Squat")
    by_id = Constraints(rules=(rule(MovementRuleType.HARD_NO, movement_id=squat.id),))
    assert forbidden_reason(squat, by_id) == "hard no on Barbell Squat"
    assert forbidden_reason(named("Goblet Squat"), by_id) is None
    by_pattern = Constraints(
        rules=(rule(MovementRuleType.HARD_NO, pattern=MovementPattern.SQUAT, note="knees"),)
    )
    assert forbidden_reason(squat, by_pattern) == "hard no on squat movements (knees)"
    by_part = Constraints(rules=(rule(MovementRuleType.HARD_NO, body_part=BodyPart.ARMS),))
    # A bench press works the triceps secondarily: a hard no on arms still bans it.
    assert forbidden_reason(named("Dumbbell Bench Press"), by_part) == "hard no on arms"


def test_injury_bans_only_primary_loading() -> None:
    shoulders = Constraints(injured_body_parts=frozenset({BodyPart.SHOULDERS}))
    assert forbidden_reason(named("Standing Military Press"), shoulders) == (
        "injured shoulders (it loads the shoulders primarily)"
    )
    # Front delts are only secondary in a bench press.
    assert forbidden_reason(named("Dumbbell Bench Press"), shoulders) is None
    injury_rule = Constraints(rules=(rule(MovementRuleType.INJURY, body_part=BodyPart.LEGS),))
    assert forbidden_reason(named("Barbell Squat"), injury_rule) == "injury rule on legs"
    assert forbidden_reason(named("Barbell Deadlift"), injury_rule) is None


def test_avoid_is_not_forbidden() -> None:
    squat = named("Barbell Squat")
    c = Constraints(rules=(rule(MovementRuleType.AVOID, pattern=MovementPattern.SQUAT),))
    assert forbidden_reason(squat, c) is None
    assert is_avoided(squat, c)
    assert not is_avoided(named("Dumbbell Lunges"), c)


def test_equipment_and_level() -> None:
    dumbbells = Constraints(equipment=frozenset({Equipment.DUMBBELL}))
    assert equipment_ok(named("Dumbbell Squat"), dumbbells)
    assert equipment_ok(named("Pushups"), dumbbells)  # bodyweight is always available
    assert not equipment_ok(named("Barbell Squat"), dumbbells)
    assert equipment_ok(named("Barbell Squat"), Constraints())  # None = full gym
    beginner = Constraints(experience=ExperienceLevel.BEGINNER)
    assert not level_ok(named("Front Barbell Squat"), beginner)
    assert level_ok(named("Front Barbell Squat"), Constraints())


def test_enjoyed_matches_names_case_insensitively() -> None:
    c = Constraints(enjoyable=("kettlebell", "  "))
    assert is_enjoyed(named("One-Arm Kettlebell Swings"), c)
    assert not is_enjoyed(named("Barbell Squat"), c)


def test_body_parts_follow_the_muscle_map() -> None:
    bench = named("Barbell Bench Press - Medium Grip")
    assert bench.primary_body_parts == {BodyPart.CHEST}
    assert bench.body_parts == {BodyPart.CHEST, BodyPart.SHOULDERS, BodyPart.ARMS}


# --------------------------------------------------------------------------- ranking


def test_jaccard() -> None:
    a = frozenset({MuscleGroup.CHEST, MuscleGroup.TRICEPS})
    assert jaccard(a, frozenset({MuscleGroup.CHEST})) == 0.5
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_same_pattern_ranks_first() -> None:
    ranked = rank_substitutes(named("Barbell Bench Press - Medium Grip"), CATALOG, Constraints())
    assert len(ranked) == 5
    assert all(s.movement.pattern is MovementPattern.HORIZONTAL_PUSH for s in ranked)
    best = ranked[0]
    assert best.reasons[:2] == ("same pattern: horizontal push", "works chest")
    assert best.movement.name in {"Dumbbell Bench Press", "Incline Dumbbell Press"}
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


def test_same_muscles_beat_same_pattern_with_other_muscles() -> None:
    ranked = rank_substitutes(
        named("Barbell Bench Press - Medium Grip"), CATALOG, Constraints(), limit=10
    )
    names = [s.movement.name for s in ranked]
    # Close-grip bench is the same pattern but triceps-led, so chest presses come first.
    assert names.index("Close-Grip Barbell Bench Press") > names.index("Dumbbell Bench Press")


def test_substitutes_never_forbidden_sore_or_unaffordable() -> None:
    squat = named("Barbell Squat")
    constraints = Constraints(
        rules=(
            rule(MovementRuleType.HARD_NO, movement_id=named("Goblet Squat").id),
            rule(MovementRuleType.HARD_NO, pattern=MovementPattern.LUNGE),
        ),
        equipment=frozenset({Equipment.DUMBBELL}),
    )
    ranked = rank_substitutes(squat, CATALOG, constraints, limit=50)
    for s in ranked:
        assert forbidden_reason(s.movement, constraints) is None
        assert equipment_ok(s.movement, constraints)
        assert s.movement.pattern is not MovementPattern.LUNGE
    assert ranked[0].movement.name == "Dumbbell Squat"
    sore = rank_substitutes(squat, CATALOG, Constraints(), sore_groups=LEG_GROUPS, limit=50)
    assert sore and not any(s.movement.primary & LEG_GROUPS for s in sore)


def test_exclude_ids_and_limit() -> None:
    squat = named("Barbell Squat")
    excluded = frozenset({named("Dumbbell Squat").id, named("Goblet Squat").id})
    ranked = rank_substitutes(squat, CATALOG, Constraints(), exclude_ids=excluded, limit=3)
    assert len(ranked) == 3
    assert not {s.movement.id for s in ranked} & excluded
    assert squat not in [s.movement for s in ranked]
    assert rank_substitutes(squat, CATALOG, Constraints(), limit=0) == []


def test_avoided_ranked_low_but_kept() -> None:
    squat = named("Barbell Squat")
    goblet = named("Goblet Squat")
    avoid = Constraints(rules=(rule(MovementRuleType.AVOID, movement_id=goblet.id),))
    ranked = rank_substitutes(squat, CATALOG, avoid, limit=50)
    names = [s.movement.name for s in ranked]
    position = names.index("Goblet Squat")
    assert position > names.index("Leg Press")
    assert "on your avoid list, so ranked low" in ranked[position].reasons


def test_enjoyed_ranked_higher() -> None:
    squat = named("Barbell Squat")
    plain = rank_substitutes(squat, CATALOG, Constraints())
    liked = rank_substitutes(squat, CATALOG, Constraints(enjoyable=("leg press",)))
    assert plain[0].movement.name != "Leg Press"
    assert liked[0].movement.name == "Leg Press"
    assert "one you enjoy" in liked[0].reasons


def test_only_the_same_family_stands_in() -> None:
    stretch = rank_substitutes(named("Quad Stretch"), CATALOG, Constraints(), limit=50)
    assert stretch and all(s.movement.is_stretch for s in stretch)
    lifts = rank_substitutes(named("Barbell Squat"), CATALOG, Constraints(), limit=100)
    assert not any(s.movement.is_stretch or s.movement.category == "cardio" for s in lifts)


def test_unrelated_work_when_the_region_is_sore() -> None:
    legs = frozenset(g for g, part in MUSCLE_GROUP_BODY_PART.items() if part is BodyPart.LEGS)
    ranked = rank_substitutes(named("Leg Extensions"), CATALOG, Constraints(), legs)
    assert ranked
    assert not any(BodyPart.LEGS in s.movement.primary_body_parts for s in ranked)
    assert ranked[0].reasons[0].startswith("trains ")
    assert ranked[0].reasons[0].endswith(" instead")


def test_secondary_load_on_sore_groups_costs_points() -> None:
    squat = named("Barbell Squat")
    sore = frozenset({MuscleGroup.QUADS, MuscleGroup.HAMSTRINGS, MuscleGroup.GLUTES})
    ranked = rank_substitutes(squat, CATALOG, Constraints(), sore_groups=sore, limit=50)
    deadlift = next(s for s in ranked if s.movement.name == "Barbell Deadlift")
    assert "still works sore glutes, hamstrings and quads secondarily" in deadlift.reasons
    assert ranked[0].movement.name != "Barbell Deadlift"


def test_deterministic_regardless_of_catalog_order() -> None:
    squat = named("Barbell Squat")
    forward = rank_substitutes(squat, CATALOG, Constraints(), limit=20)
    backward = rank_substitutes(squat, tuple(reversed(CATALOG)), Constraints(), limit=20)
    assert forward == backward


@pytest.mark.skipif(LIBRARY is None, reason="seed_data/movements.json not built")
def test_real_library_bench_press_substitutes() -> None:
    assert LIBRARY is not None
    bench = next(m for m in LIBRARY if m.name == "Barbell Bench Press - Medium Grip")
    ranked = rank_substitutes(
        bench, LIBRARY, Constraints(equipment=frozenset({Equipment.DUMBBELL}))
    )
    assert len(ranked) == 5
    for s in ranked:
        assert s.movement.pattern is MovementPattern.HORIZONTAL_PUSH
        assert MuscleGroup.CHEST in s.movement.primary
        assert s.movement.equipment in {Equipment.DUMBBELL, Equipment.BODY_ONLY, Equipment.NONE}


# --------------------------------------------------------------------------- automatic choice


def test_related_means_same_job() -> None:
    row = named("Bent Over Barbell Row")
    assert is_related(named("Pullups"), row)  # another pull whose lats the row trains too
    assert not is_related(named("Barbell Squat"), row)
    squat = named("Barbell Squat")
    assert is_related(named("Romanian Deadlift"), squat)  # lower body, hamstrings shared
    assert not is_related(named("Dumbbell Bench Press"), squat)
    # Isolation patterns are catch-alls: a calf raise does not do a leg extension's job.
    assert not is_related(named("Standing Calf Raises"), named("Leg Extensions"))
    assert is_related(named("Lying Leg Curls"), named("Floor Glute-Ham Raise"))
    assert pattern_family(MovementPattern.VERTICAL_PULL) == "pull"
    assert pattern_family(MovementPattern.OLYMPIC) == "OLYMPIC"


def test_fits_intent_only_compound_for_compound() -> None:
    chest = frozenset({MuscleGroup.CHEST})
    assert fits_intent(named("Dumbbell Bench Press"), named("Barbell Squat"), chest)
    assert not fits_intent(named("Dumbbell Flyes"), named("Barbell Squat"), chest)
    assert not fits_intent(named("Dumbbell Bench Press"), named("Leg Extensions"), chest)
    assert not fits_intent(named("Pullups"), named("Barbell Squat"), chest)


def test_replacement_never_works_a_sore_group_even_secondarily() -> None:
    squat = named("Barbell Squat")
    ranked = rank_substitutes(squat, CATALOG, Constraints(), LEG_GROUPS, limit=len(CATALOG))
    # Still offered (with an honest reason) but never chosen by itself:
    assert any(s.movement.secondary & LEG_GROUPS for s in ranked)
    assert choose_replacement(ranked, squat, LEG_GROUPS) is None
    chosen = choose_replacement(ranked, squat, LEG_GROUPS, frozenset({MuscleGroup.CHEST}))
    assert chosen is not None and chosen.movement.primary == {MuscleGroup.CHEST}
    assert not (chosen.movement.primary | chosen.movement.secondary) & LEG_GROUPS
    assert chosen.reasons[-1] == "in keeping with today's chest work"


def test_unrelated_work_is_never_the_automatic_choice() -> None:
    legs = frozenset(g for g, part in MUSCLE_GROUP_BODY_PART.items() if part is BodyPart.LEGS)
    extension = named("Leg Extensions")
    ranked = rank_substitutes(extension, CATALOG, Constraints(), legs, limit=len(CATALOG))
    assert ranked  # the manual swap list still has work elsewhere
    everything = frozenset(MuscleGroup) - legs
    assert choose_replacement(ranked, extension, legs, everything) is None
    assert shortlist(ranked, extension, None, legs, everything) == ()


def test_shortlist_puts_the_choice_first_and_spares_sore_groups_first() -> None:
    squat = named("Barbell Squat")
    sore = frozenset({MuscleGroup.QUADS})
    ranked = rank_substitutes(squat, CATALOG, Constraints(), sore, limit=len(CATALOG))
    chosen = choose_replacement(ranked, squat, sore)
    assert chosen is not None and chosen.movement.name == "Romanian Deadlift"
    shown = shortlist(ranked, squat, chosen, sore)
    assert shown[0] == chosen and len(shown) == 5
    assert len({s.movement.id for s in shown}) == 5
    touches = [bool((s.movement.primary | s.movement.secondary) & sore) for s in shown]
    assert touches == sorted(touches)
    assert all(is_related(s.movement, squat) for s in shown)


def test_forbidden_pattern_still_gets_a_family_stand_in() -> None:
    row = named("Bent Over Barbell Row")
    no_rows = Constraints(
        rules=(rule(MovementRuleType.HARD_NO, pattern=MovementPattern.HORIZONTAL_PULL),)
    )
    ranked = rank_substitutes(row, CATALOG, no_rows, limit=len(CATALOG))
    chosen = choose_replacement(ranked, row, frozenset())
    assert chosen is not None
    assert pattern_family(chosen.movement.pattern) == "pull"
    assert chosen.movement.pattern is not MovementPattern.HORIZONTAL_PULL


def test_fixture_ids_are_unique() -> None:
    assert len(BY_ID) == len(CATALOG)
