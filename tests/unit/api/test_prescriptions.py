"""Prescribed loads through the api: sources, plates, warm-ups, autoregulation, rest, set types."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from db_state import fingerprint

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import ExerciseRole, SetType, WeightUnit
from alloy_desktop.domain.plates import Loading
from alloy_desktop.domain.prescription import Source
from alloy_desktop.services.errors import NotFound, ValidationError
from alloy_desktop.services.schemas import (
    CompletedExercise,
    CompletedSet,
    CustomExercise,
    CustomWorkoutLogCreate,
    GoalWeight,
    PlatePairs,
    ProgramCreate,
    SettingsUpdate,
    WorkoutLogCreate,
)

SQUAT = "Barbell Squat"
MONDAY_MORNING = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # the conftest clock


def movement(alloy: Alloy, name: str) -> int:
    return next(m.id for m in alloy.context.catalog.movements if m.name == name)


def log(me: UserApi, movement_id: int, sets: tuple[CompletedSet, ...], days_ago: float) -> None:
    me.logs.log_custom_workout(
        CustomWorkoutLogCreate(
            (CustomExercise(movement_id, sets),),
            performed_at=MONDAY_MORNING - timedelta(days=days_ago),
        )
    )


def one_set(weight: float, reps: int = 5, rpe: float | None = 8.0) -> tuple[CompletedSet, ...]:
    return (CompletedSet(1, weight, reps, rpe),)


# --- where a load comes from --------------------------------------------------------------------


def test_own_history_100_by_5_at_8_prescribes_100_for_5_at_8(alloy: Alloy, me: UserApi) -> None:
    squat = movement(alloy, SQUAT)
    log(me, squat, one_set(100), days_ago=3)
    plan = me.prescriptions.for_exercise(squat, reps=5, rpe=8, sets=3)

    # Epley with reps in reserve: 100 x (1 + 7/30) = 123.3; x 81.1 % (5 @ 8) = 100.02
    assert plan.source is Source.HISTORY and plan.loading is Loading.BAR
    assert plan.e1rm_kg == pytest.approx(123.333, abs=1e-3)
    assert [s.load_kg for s in plan.sets] == [100.0, 100.0, 100.0]
    assert plan.sets[0].text == "100 kg × 5 @ RPE 8"
    assert plan.source_text == "From your e1RM of 123 kg (1 session in the last 8 weeks)."
    assert plan.plates is not None and plan.plates.text == "100 kg: 25 + 15 a side"
    assert plan.plates.message == ""
    assert [w.text for w in plan.warmup] == [
        "Bar × 10",
        "40 kg × 5 (40%)",
        "60 kg × 3 (60%)",
        "80 kg × 1 (80%)",
    ]
    assert all(w.set_type is SetType.WARMUP for w in plan.warmup)
    assert plan.last_time is not None
    assert plan.last_time.text == "30 Oct 2026: 100 kg × 5 @ RPE 8, e1RM 123 kg"
    assert (plan.rest_seconds, plan.rest_remembered) == (180, False)


def test_recent_sessions_count_more(alloy: Alloy, me: UserApi) -> None:
    squat = movement(alloy, SQUAT)
    log(me, squat, one_set(100), days_ago=14)  # e1RM 123.33, weight 1/2
    log(me, squat, one_set(110), days_ago=0)  # e1RM 135.67, weight 1
    plan = me.prescriptions.for_exercise(squat, 5, 8)
    assert plan.e1rm_kg == pytest.approx((123.333 * 0.5 + 135.667) / 1.5, abs=1e-3)
    assert "2 sessions in the last 8 weeks, the latest counting most" in plan.source_text
    assert plan.sets[0].load_kg == 107.5  # 131.56 x 81.1 % = 106.7


def test_in_pounds_loads_round_to_5_lb(alloy: Alloy, me: UserApi) -> None:
    squat = movement(alloy, SQUAT)
    log(me, squat, one_set(100), days_ago=3)
    me.settings.update(SettingsUpdate(weight_unit="LB"))
    plan = me.prescriptions.for_exercise(squat, 5, 8)
    first = plan.sets[0]
    # 100.02 kg is 220.5 lb: 45 lb bar + 87.5 lb a side
    assert (first.load, first.unit, first.text) == (220.0, WeightUnit.LB, "220 lb × 5 @ RPE 8")
    assert first.load_kg == pytest.approx(220 * 0.45359237)
    assert all(s.load is not None and s.load % 5 == 0 for s in plan.sets)
    assert plan.plates is not None and plan.plates.text == "220 lb: 45 + 35 + 5 + 2.5 a side"
    assert [w.load for w in plan.warmup] == [45.0, 90.0, 130.0, 175.0]


def test_a_new_lifter_is_asked_to_calibrate(alloy: Alloy, me: UserApi) -> None:
    plan = me.prescriptions.for_exercise(movement(alloy, SQUAT), 5, 8, 3)
    assert plan.source is Source.CALIBRATION and plan.e1rm_kg is None
    assert "Work up to a set of 5 at RPE 8" in plan.source_text
    assert [s.text for s in plan.sets] == [
        "Work up to a set of 5 at RPE 8",
        "5 @ RPE 8 with the load you worked up to",
        "5 @ RPE 8 with the load you worked up to",
    ]
    assert all(s.load_kg is None for s in plan.sets)
    assert plan.plates is None and plan.warmup == () and plan.last_time is None


def test_bodyweight_work_prescribes_reps_not_load(alloy: Alloy, me: UserApi) -> None:
    pushups = movement(alloy, "Pushups")
    log(me, pushups, (CompletedSet(1, 0, 15, 8),), days_ago=2)
    plan = me.prescriptions.for_exercise(pushups, reps=12, rpe=8, sets=2)
    assert plan.source is Source.BODYWEIGHT and plan.loading is Loading.BODYWEIGHT
    assert plan.source_text == "Bodyweight work: reps, not load."
    assert [(s.text, s.load) for s in plan.sets] == [("12 reps @ RPE 8", None)] * 2
    assert plan.plates is None and plan.warmup == ()
    assert (
        plan.last_time is not None and plan.last_time.text == "31 Oct 2026: Bodyweight × 15 @ RPE 8"
    )
    assert plan.rest_seconds == 60


def test_a_related_lift_stands_in_with_its_ratio(alloy: Alloy, me: UserApi) -> None:
    squat = movement(alloy, SQUAT)
    log(me, squat, one_set(100), days_ago=3)
    plan = me.prescriptions.for_exercise(movement(alloy, "Front Barbell Squat"), 5, 8)
    # 123.33 x 0.85 (front squat) x 0.95 (a new movement) = 99.59; x 81.1 % = 80.8 -> 80
    assert plan.source is Source.RELATED and plan.related_movement_id == squat
    assert plan.e1rm_kg == pytest.approx(123.333 * 0.85 * 0.95, abs=1e-3)
    assert plan.sets[0].load_kg == 80.0
    assert plan.source_text == (
        "Estimated from your Barbell Squat (e1RM 123 kg): "
        "about 85% of it, less 5% for a new movement."
    )
    # Equipment must match: a dumbbell squat learns nothing from the barbell.
    goblet = me.prescriptions.for_exercise(movement(alloy, "Goblet Squat"), 5, 8)
    assert goblet.source is Source.CALIBRATION


def test_old_history_counts_less_after_a_layoff(alloy: Alloy, me: UserApi) -> None:
    squat = movement(alloy, SQUAT)
    log(me, squat, one_set(100), days_ago=84)
    plan = me.prescriptions.for_exercise(squat, 5, 8)
    # 123.33 less 10 % = 111; x 81.1 % = 90.0
    assert plan.source is Source.LAYOFF and plan.sets[0].load_kg == 90.0
    assert plan.source_text == (
        "From your e1RM of 123 kg on 10 Aug 2026, less 10% after 12 weeks away."
    )
    assert plan.last_time is not None and plan.last_time.date.isoformat() == "2026-08-10"


def test_dumbbells_round_to_their_steps(alloy: Alloy, me: UserApi) -> None:
    press = movement(alloy, "Dumbbell Bench Press")
    log(me, press, one_set(31, 8, 8), days_ago=1)  # e1RM 31 x (1 + 10/30) = 41.3
    plan = me.prescriptions.for_exercise(press, 8, 8)
    # 41.33 x 73.9 % (8 @ 8) = 30.5 -> 30 on 2 kg steps
    assert plan.loading is Loading.DUMBBELL and plan.sets[0].load_kg == 30.0
    assert plan.plates is None


# --- a planned session ------------------------------------------------------------------------


def test_a_session_prescribes_every_planned_exercise(alloy: Alloy, me: UserApi) -> None:
    goals = (GoalWeight("STRENGTH", 6), GoalWeight("HYPERTROPHY", 4))
    program = me.programs.create(ProgramCreate(goals, 8, progression_style="SINGLE_PROGRESSION"))
    session = program.microcycles[0].sessions[0]
    main = next(e for e in session.exercises if e.role is ExerciseRole.MAIN)
    log(me, main.movement_id, one_set(100), days_ago=4)
    me.prescriptions.set_rest_seconds(main.movement_id, 200)
    assert session.id is not None
    plan = me.prescriptions.for_session(session.id)

    assert (plan.session_id, plan.name, plan.date) == (session.id, session.name, session.date)
    assert plan.progression_style.value == "SINGLE_PROGRESSION" and plan.unit is WeightUnit.KG
    assert [e.session_exercise_id for e in plan.exercises] == [e.id for e in session.exercises]
    assert [len(e.sets) for e in plan.exercises] == [e.sets for e in session.exercises]
    lift = next(e for e in plan.exercises if e.session_exercise_id == main.id)
    assert lift.source is Source.HISTORY and lift.progression.startswith("Single progression")
    assert lift.sets[0].load_kg is not None and lift.warmup
    assert (lift.rest_seconds, lift.rest_remembered) == (200, True)
    for planned, prescribed in zip(session.exercises, plan.exercises, strict=True):
        assert prescribed.sets[0].reps == planned.reps and prescribed.sets[0].rpe == planned.rpe
        if not prescribed.rest_remembered:
            assert prescribed.rest_seconds == planned.rest_seconds
    # Superset partners share a letter: A1, A2, ...
    grouped = [e for e in plan.exercises if e.superset_group is not None]
    labels = {e.superset_label for e in grouped if e.superset_label}
    assert all(label[0] in "ABCDEFGH" and label[1:].isdigit() for label in labels)
    cooldowns = [e for e in plan.exercises if e.role is ExerciseRole.COOLDOWN]
    assert all(s.text.startswith("Hold ") for e in cooldowns for s in e.sets)


def test_double_progression_holds_the_load_until_the_top_of_the_range(
    alloy: Alloy, me: UserApi
) -> None:
    goals = (GoalWeight("HYPERTROPHY", 10),)
    program = me.programs.create(ProgramCreate(goals, 8, progression_style="DOUBLE_PROGRESSION"))
    session = program.microcycles[0].sessions[0]
    assert session.id is not None
    main = next(e for e in session.exercises if e.role is ExerciseRole.MAIN)
    assert main.reps_max is not None
    top = main.reps_max
    sets = tuple(CompletedSet(n, 60.0, top - 1, main.rpe) for n in (1, 2, 3))
    log(me, main.movement_id, sets, days_ago=3)
    held = next(
        e
        for e in me.prescriptions.for_session(session.id).exercises
        if e.session_exercise_id == main.id
    )
    assert held.sets[0].load_kg == 60.0
    assert held.progression == (
        f"Double progression: same load as last time until every set reaches {top} reps."
    )
    log(me, main.movement_id, tuple(CompletedSet(n, 60.0, top, main.rpe) for n in (1, 2, 3)), 1)
    up = next(
        e
        for e in me.prescriptions.for_session(session.id).exercises
        if e.session_exercise_id == main.id
    )
    assert up.progression.startswith(f"Double progression: every set reached {top} reps")
    assert up.sets[0].load_kg is not None and up.sets[0].load_kg > 60.0


def test_another_users_session_is_not_found_like_a_missing_one(
    alloy: Alloy, me: UserApi, other: UserApi
) -> None:
    program = me.programs.create(ProgramCreate((GoalWeight("STRENGTH", 10),), 8))
    session_id = program.microcycles[0].sessions[0].id
    assert session_id is not None
    with pytest.raises(NotFound) as missing:
        other.prescriptions.for_session(2**31 - 1)
    with pytest.raises(NotFound) as foreign:
        other.prescriptions.for_session(session_id)
    assert foreign.value.message == missing.value.message == "That session was not found."


# --- between sets -----------------------------------------------------------------------------


def test_an_rpe_9_5_set_lowers_the_next_ones_by_the_stated_percent(
    alloy: Alloy, me: UserApi
) -> None:
    squat = movement(alloy, SQUAT)
    change = me.prescriptions.adjust(squat, 5, 8, 100, 5, 9.5, 100)
    # 1.5 RPE points over: 6 % off 100 = 94, loaded as 95
    assert change.percent == -6.0 and not change.capped
    assert (change.load_kg, change.load) == (95.0, 95.0)
    assert change.reason == "RPE 9.5 where 8 was planned: 6% lighter for the next sets."
    assert change.plates is not None and change.plates.text == "95 kg: 25 + 10 + 2.5 a side"


def test_an_easy_set_raises_them_and_one_set_moves_them_10_percent_at_most(
    alloy: Alloy, me: UserApi
) -> None:
    squat = movement(alloy, SQUAT)
    assert me.prescriptions.adjust(squat, 5, 8, 100, 5, 7, 100).load_kg == 105.0  # +4 %: 104
    capped = me.prescriptions.adjust(squat, 5, 8, 100, 3, 10, 100)
    assert capped.capped and capped.percent == -10.0 and capped.load_kg == 90.0
    same = me.prescriptions.adjust(squat, 5, 8, 100, 5, 8, 102.5)
    assert same.load_kg == 102.5 and same.percent == 0.0


def test_after_a_calibration_set_the_chart_sets_the_rest(alloy: Alloy, me: UserApi) -> None:
    change = me.prescriptions.adjust(movement(alloy, SQUAT), 5, 8, None, 3, 8, 100)
    # 3 @ 8 is 86.3 %, 5 @ 8 is 81.1 %: 93.97 -> 95 (halfway and above goes up: 92.5 | 95)
    assert change.load_kg == 95.0
    assert change.reason.startswith("From your calibration set (100 kg × 3 @ RPE 8)")


def test_plates_for_142_5_kg_with_the_default_plates(alloy: Alloy, me: UserApi) -> None:
    plates = me.prescriptions.plates(142.5)
    assert plates.direction == "exact" and plates.load_kg == 142.5 and plates.bar == 20.0
    assert [(p.weight, p.pairs) for p in plates.per_side] == [(25.0, 2), (10.0, 1), (1.25, 1)]
    assert plates.text == "142.5 kg: 25 × 2 + 10 + 1.25 a side" and plates.message == ""


def test_closest_loadable_when_the_plates_run_out(alloy: Alloy, me: UserApi) -> None:
    me.settings.update(SettingsUpdate(plates=(PlatePairs(20, 1), PlatePairs(10, 1))))
    plates = me.prescriptions.plates(100)
    assert (plates.load_kg, plates.direction, plates.difference) == (80.0, "below", -20.0)
    assert plates.message == (
        "Closest you can load: 80 kg, 20 kg below 100 kg (every plate you have is on)."
    )
    between = me.prescriptions.plates(50)  # 40 (10 a side) or 60 (20 a side): halfway goes up
    assert between.load_kg == 60.0 and between.direction == "above"
    assert between.message == "Closest you can load: 60 kg, 10 kg above 50 kg."
    assert me.prescriptions.plates(15).per_side_text == "Empty bar"


def test_warmup_on_demand(alloy: Alloy, me: UserApi) -> None:
    ramp = me.prescriptions.warmup(movement(alloy, SQUAT), 142.5)
    assert [(w.load_kg, w.reps, w.percent) for w in ramp] == [
        (20.0, 10, None),
        (57.5, 5, 40),
        (85.0, 3, 60),
        (115.0, 1, 80),
    ]
    assert ramp[3].per_side_text == "25 + 20 + 2.5"
    assert me.prescriptions.warmup(movement(alloy, "Pushups"), 20) == []


def test_rest_is_remembered_per_movement(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    squat = movement(alloy, SQUAT)
    assert me.prescriptions.rest_seconds(squat) is None
    assert me.prescriptions.set_rest_seconds(squat, 240) == 240
    assert me.prescriptions.set_rest_seconds(squat, 210) == 210
    assert me.prescriptions.rest_seconds(squat) == 210
    assert other.prescriptions.rest_seconds(squat) is None
    plan = me.prescriptions.for_exercise(squat)
    assert (plan.rest_seconds, plan.rest_remembered) == (210, True)
    assert me.prescriptions.set_rest_seconds(squat, None) is None
    assert me.prescriptions.rest_seconds(squat) is None
    with pytest.raises(ValidationError) as error:
        me.prescriptions.set_rest_seconds(squat, 3601)
    assert error.value.field == "seconds"


def test_reading_prescriptions_writes_nothing(alloy: Alloy, me: UserApi, clock: Any) -> None:
    squat = movement(alloy, SQUAT)
    log(me, squat, one_set(100), days_ago=3)
    program = me.programs.create(ProgramCreate((GoalWeight("STRENGTH", 10),), 8))
    session_id = program.microcycles[0].sessions[0].id
    assert session_id is not None
    before = fingerprint(alloy)
    clock.advance(days=1)
    me.prescriptions.for_session(session_id)
    me.prescriptions.for_exercise(squat)
    me.prescriptions.adjust(squat, 5, 8, 100, 5, 9, 100)
    me.prescriptions.plates(100)
    me.prescriptions.warmup(squat, 100)
    me.prescriptions.rest_seconds(squat)
    assert fingerprint(alloy) == before


# --- plate settings -------------------------------------------------------------------------


def test_plate_settings_default_to_the_units_standard_set(me: UserApi) -> None:
    kg = me.settings.get()
    assert (kg.bar_weight, kg.collar_weight, kg.plates_are_default) == (20.0, 0.0, True)
    assert [p.weight for p in kg.plates] == [25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25]
    lb = me.settings.update(SettingsUpdate(weight_unit="LB"))
    assert lb.bar_weight == 45.0 and [p.weight for p in lb.plates][:2] == [45.0, 35.0]


def test_plate_settings_are_typed_in_the_lifters_unit_and_kept_in_kg(
    alloy: Alloy, me: UserApi
) -> None:
    lb = me.settings.update(
        SettingsUpdate(
            weight_unit="LB",
            bar_weight=35,
            collar_weight=5,
            plates=(PlatePairs(25, 6), PlatePairs(45, 2), PlatePairs(2.5, 1)),
        )
    )
    assert (lb.bar_weight, lb.collar_weight, lb.plates_are_default) == (35.0, 5.0, False)
    assert [(p.weight, p.pairs) for p in lb.plates] == [(45.0, 2), (25.0, 6), (2.5, 1)]
    kg = me.settings.update(SettingsUpdate(weight_unit="KG"))
    assert kg.bar_weight == pytest.approx(15.876, abs=1e-3)  # the same bar, now in kg
    # 35 + 2 x 5 collars + 2 x (45 + 25) = 185 lb
    assert me.prescriptions.plates(185 * 0.45359237).direction == "exact"
    reset = me.settings.update(SettingsUpdate(reset_plates=True))
    assert (reset.bar_weight, reset.plates_are_default) == (20.0, True)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (SettingsUpdate(bar_weight=0), "bar_weight"),
        (SettingsUpdate(bar_weight=101), "bar_weight"),
        (SettingsUpdate(collar_weight=-1), "collar_weight"),
        (SettingsUpdate(plates=(PlatePairs(20, 1), PlatePairs(20.0, 2))), "plates[1].weight"),
        (SettingsUpdate(plates=(PlatePairs(0, 1),)), "plates[0].weight"),
        (SettingsUpdate(plates=(PlatePairs(20, -1),)), "plates[0].pairs"),
        (SettingsUpdate(plates=((20, 1),)), "plates[0]"),  # type: ignore[arg-type]
        (SettingsUpdate(reset_plates="yes"), "reset_plates"),  # type: ignore[arg-type]
    ],
)
def test_plate_settings_field_errors(
    alloy: Alloy, me: UserApi, changes: SettingsUpdate, field: str
) -> None:
    before = fingerprint(alloy)
    with pytest.raises(ValidationError) as error:
        me.settings.update(changes)
    assert error.value.field == field
    assert fingerprint(alloy) == before


def test_a_limit_is_said_in_the_lifters_unit(me: UserApi) -> None:
    with pytest.raises(ValidationError) as error:
        me.settings.update(SettingsUpdate(weight_unit="LB", bar_weight=300))
    assert error.value.message == "Bar weight must be at most 220.5 lb."


# --- logging set types and notes --------------------------------------------------------------


def test_warmups_and_drop_sets_are_logged_but_count_for_no_record_or_hard_set(
    alloy: Alloy, me: UserApi
) -> None:
    squat = movement(alloy, SQUAT)
    log(me, squat, one_set(100), days_ago=7)
    sets = (
        CompletedSet(1, 150, 5, 5, SetType.WARMUP, "felt light"),
        CompletedSet(2, 100, 5, 8, note="belt"),
        CompletedSet(3, 80, 8, 9, "drop"),
        CompletedSet(4, 60, 12, 10, "FAILURE"),
    )
    logged = me.logs.log_workout(
        WorkoutLogCreate(None, (CompletedExercise(sets, movement_id=squat),))
    )
    stored = logged.exercises[0].sets
    assert [(s.set_type, s.is_hard, s.note) for s in stored] == [
        (SetType.WARMUP, False, "felt light"),
        (SetType.NORMAL, True, "belt"),
        (SetType.DROP, False, ""),
        (SetType.FAILURE, True, ""),
    ]
    # The 150 kg warm-up would be an e1RM record; it is not one, nor in the volume.
    assert logged.personal_records == ()
    assert logged.total_volume_kg == 100 * 5 + 80 * 8 + 60 * 12
    reread = me.logs.workout(logged.id).exercises[0].sets
    assert [(s.set_type, s.note) for s in reread] == [(s.set_type, s.note) for s in stored]
    assert max(p.e1rm_kg for p in me.logs.e1rm_trend(squat)) < 150


def test_a_workout_of_warmups_alone_logs(alloy: Alloy, me: UserApi) -> None:
    squat = movement(alloy, SQUAT)
    sets = (CompletedSet(1, 20, 10, None, "WARMUP"), CompletedSet(2, 40, 5, None, "warmup"))
    logged = me.logs.log_workout(
        WorkoutLogCreate(None, (CompletedExercise(sets, movement_id=squat),))
    )
    assert logged.total_volume_kg == 0 and logged.personal_records == ()
    assert me.logs.e1rm_trend(squat) == []


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (CompletedSet(1, 100, 5, 8, "SUPERSET"), "completed_sets[0].set_type"),
        (CompletedSet(1, 100, 5, 8, note="x" * 256), "completed_sets[0].note"),
        (CompletedSet(1, 100, 5, 8, note=7), "completed_sets[0].note"),  # type: ignore[arg-type]
    ],
)
def test_set_type_and_note_field_errors(
    alloy: Alloy, me: UserApi, bad: CompletedSet, field: str
) -> None:
    squat = movement(alloy, SQUAT)
    before = fingerprint(alloy)
    with pytest.raises(ValidationError) as error:
        me.logs.log_workout(WorkoutLogCreate(None, (CompletedExercise((bad,), movement_id=squat),)))
    assert error.value.field == f"completed_exercises[0].{field}"
    assert fingerprint(alloy) == before
