"""LogService through the public api: sets, PRs, recovery, soreness, signals, adherence, drafts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol

import pytest
from sqlalchemy import func, select

from alloy_desktop.api import Alloy, UserApi, errors, schemas
from alloy_desktop.domain.enums import (
    BodyPart,
    E1RMFormula,
    ExerciseRole,
    Goal,
    MovementPattern,
    MuscleGroup,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    SessionType,
    SplitTemplate,
    WeightUnit,
)
from alloy_desktop.store.models import (
    LoggedSet,
    Microcycle,
    MuscleRecoveryState,
    Program,
    RecoverySignal,
    SessionExercise,
    SorenessLog,
    TopSetLog,
    WorkoutDraft,
    WorkoutLog,
)
from alloy_desktop.store.models import Session as PlannedSession

BENCH = "Barbell Bench Press - Medium Grip"
SQUAT = "Barbell Squat"

Set = schemas.CompletedSet


class FixedClock(Protocol):
    """The `clock` fixture of tests/unit/api/conftest.py."""

    now: datetime

    def advance(self, **delta: float) -> datetime: ...


def movement_id(alloy: Alloy, name: str) -> int:
    return next(m.id for m in alloy.context.catalog.movements if m.name == name)


def count(alloy: Alloy, model: type, **where: object) -> int:
    with alloy.context.db.sessions() as s:
        query = select(func.count()).select_from(model).filter_by(**where)
        return int(s.scalar(query) or 0)


def workout(
    movement: int, *sets: schemas.CompletedSet, unit: WeightUnit | None = None
) -> schemas.WorkoutLogCreate:
    exercise = schemas.CompletedExercise(completed_sets=sets, movement_id=movement)
    return schemas.WorkoutLogCreate(session_id=None, completed_exercises=(exercise,), unit=unit)


def recovery(me: UserApi) -> dict[MuscleGroup, float]:
    return {state.muscle_group: state.recovery_level for state in me.logs.muscle_recovery()}


# --- e1RM, units, stored rows -----------------------------------------------------------------


def test_e1rm_per_set_matches_hand_computed_and_rows_are_stored(alloy: Alloy, me: UserApi) -> None:
    bench = movement_id(alloy, BENCH)
    result = me.logs.log_workout(
        workout(bench, Set(1, 100, 5, 8), Set(2, 100, 5, 10), Set(3, 60, 1, 10))
    )

    e1rms = [s.e1rm_kg for s in result.exercises[0].sets]
    # 100 x (5 + 2 in reserve): 100 * (1 + 7/30); RPE 10 adds nothing; a true single is its weight.
    assert e1rms == pytest.approx([123.3333, 116.6667, 60.0], abs=1e-3)
    assert result.formula is E1RMFormula.EPLEY
    assert result.total_volume_kg == pytest.approx(100 * 5 + 100 * 5 + 60)
    assert result.personal_records == ()
    assert count(alloy, WorkoutLog, user_id=me.user.id) == 1
    assert count(alloy, LoggedSet, workout_log_id=result.id) == 3
    with alloy.context.db.sessions() as s:
        top = s.execute(select(TopSetLog)).scalar_one()
        assert (top.weight_kg, top.reps, top.rpe) == (100.0, 5, 8.0)
        assert top.e1rm_kg == pytest.approx(123.3333, abs=1e-3)
        assert top.pattern is MovementPattern.HORIZONTAL_PUSH


def test_pounds_are_stored_as_kilograms(alloy: Alloy, me: UserApi) -> None:
    squat = movement_id(alloy, SQUAT)
    given = me.logs.log_workout(workout(squat, Set(1, 225, 5), unit=WeightUnit.LB))
    assert given.exercises[0].sets[0].weight_kg == pytest.approx(102.0583, abs=1e-4)

    me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))  # now the display unit
    shown = me.logs.log_workout(workout(squat, Set(1, 100, 5)))
    assert shown.exercises[0].sets[0].weight_kg == pytest.approx(45.3592, abs=1e-4)
    with alloy.context.db.sessions() as s:
        stored = s.scalars(select(LoggedSet.weight_kg).order_by(LoggedSet.id)).all()
    assert stored == pytest.approx([102.0583, 45.3592], abs=1e-4)


def test_the_users_formula_is_used(alloy: Alloy, me: UserApi) -> None:
    me.settings.update(schemas.SettingsUpdate(e1rm_formula="BRZYCKI"))
    result = me.logs.log_workout(workout(movement_id(alloy, BENCH), Set(1, 100, 5, 8)))
    assert result.formula is E1RMFormula.BRZYCKI
    assert result.exercises[0].sets[0].e1rm_kg == pytest.approx(100 * 36 / (37 - 7))


# --- Personal records -------------------------------------------------------------------------


def test_personal_records(alloy: Alloy, me: UserApi, clock: FixedClock) -> None:
    bench = movement_id(alloy, BENCH)
    first = me.logs.log_workout(workout(bench, Set(1, 100, 5, 8), Set(2, 90, 8, 8)))
    assert first.personal_records == ()  # a first log sets no record

    clock.advance(days=3)
    heavier = me.logs.log_workout(workout(bench, Set(1, 105, 5, 8)))
    (record,) = heavier.personal_records
    assert record.kind == "E1RM"
    assert record.value == pytest.approx(105 * (1 + 7 / 30))
    assert record.previous == pytest.approx(100 * (1 + 7 / 30))
    assert (record.weight_kg, record.reps) == (105.0, 5)

    clock.advance(days=3)
    lighter = me.logs.log_workout(workout(bench, Set(1, 100, 5, 8)))
    assert lighter.personal_records == ()

    clock.advance(days=3)
    # 95 x 8 @ 10 is no e1RM record (120.3 < 129.5), but 8 reps at 95 kg or more is new:
    # the 8 reps so far were at 90 kg.
    reps = me.logs.log_workout(workout(bench, Set(1, 95, 8, 10)))
    (rep_record,) = reps.personal_records
    assert rep_record.kind == "REPS"
    assert (rep_record.value, rep_record.previous) == (8.0, 5.0)

    with alloy.context.db.sessions() as s:
        flags = s.execute(
            select(TopSetLog.is_e1rm_pr, TopSetLog.is_rep_pr).order_by(TopSetLog.id)
        ).all()
    assert [tuple(f) for f in flags] == [
        (False, False),
        (True, False),
        (False, False),
        (False, True),
    ]
    assert me.logs.workout(heavier.id).personal_records == heavier.personal_records
    assert me.logs.workout(reps.id).personal_records == reps.personal_records


# --- Recovery ---------------------------------------------------------------------------------


def test_recovery_drops_for_worked_muscles_and_rises_with_rest(
    alloy: Alloy, me: UserApi, clock: FixedClock
) -> None:
    bench = movement_id(alloy, BENCH)
    assert set(recovery(me).values()) == {10.0}

    hard, easy = Set(1, 100, 5, 8), Set(2, 60, 5, 5)  # RPE 5 is not a hard set
    me.logs.log_workout(workout(bench, hard, Set(3, 100, 5, 9), easy))
    after = recovery(me)
    assert after[MuscleGroup.CHEST] == pytest.approx(10 - 2 * 0.6)  # primary
    assert after[MuscleGroup.TRICEPS] == pytest.approx(10 - 2 * 0.3)  # secondary
    assert after[MuscleGroup.QUADS] == 10.0

    clock.advance(hours=5)  # one point per 10 hours of rest (the default setting)
    assert recovery(me)[MuscleGroup.CHEST] == pytest.approx(8.8 + 0.5)
    clock.advance(hours=20)
    assert recovery(me)[MuscleGroup.CHEST] == 10.0

    states = me.logs.muscle_recovery()
    assert len(states) == len(MuscleGroup)
    parts = [s.body_part for s in states]
    assert parts == sorted(parts, key=list(BodyPart).index)
    chest = next(s for s in states if s.muscle_group is MuscleGroup.CHEST)
    assert chest.stored_level == pytest.approx(8.8)


def test_soreness_sets_recovery_to_ten_minus_level(
    alloy: Alloy, me: UserApi, clock: FixedClock
) -> None:
    entries = (schemas.SorenessInput("legs", 3), schemas.SorenessInput(BodyPart.CHEST, 7))
    logged = me.logs.log_soreness(schemas.SorenessLogCreate(entries))
    assert [e.body_part for e in logged.entries] == [BodyPart.LEGS, BodyPart.CHEST]

    levels = recovery(me)
    for group in (MuscleGroup.QUADS, MuscleGroup.HAMSTRINGS, MuscleGroup.CALVES):
        assert levels[group] == 7.0
    assert levels[MuscleGroup.CHEST] == 3.0
    assert levels[MuscleGroup.BICEPS] == 10.0
    assert count(alloy, SorenessLog, user_id=me.user.id) == 2

    clock.advance(hours=1)
    me.logs.log_soreness(schemas.SorenessLogCreate((schemas.SorenessInput("chest", 1),)))
    assert recovery(me)[MuscleGroup.CHEST] == 9.0  # an upsert: one row per muscle group
    assert count(alloy, MuscleRecoveryState, muscle_group=MuscleGroup.CHEST) == 1
    history = me.logs.soreness_history(days=7)
    assert [len(h.entries) for h in history] == [1, 2]  # newest report first
    assert history[0].logged_at == clock.now


def test_soreness_validation_names_the_field(me: UserApi) -> None:
    bad = schemas.SorenessLogCreate(
        (schemas.SorenessInput("chest", 2), schemas.SorenessInput("wings", 2))
    )
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_soreness(bad)
    assert caught.value.field == "soreness_entries[1].body_part"
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_soreness(schemas.SorenessLogCreate((schemas.SorenessInput("chest", 11),)))
    assert caught.value.field == "soreness_entries[0].level"


def test_recovery_signal_is_stored_with_a_score(
    alloy: Alloy, me: UserApi, clock: FixedClock
) -> None:
    signal = me.logs.log_recovery_signal(
        schemas.RecoverySignalCreate(
            sleep_hours=8, sleep_quality=5, stress=1, energy=5, resting_hr=52
        )
    )
    assert signal.recovery_score == pytest.approx(100.0)
    clock.advance(hours=1)
    # Sleep 6 h -> 50 (weight 2), stress 5 -> 0 (weight 1): (100 + 0) / 3.
    worse = me.logs.log_recovery_signal(schemas.RecoverySignalCreate(sleep_hours=6, stress=5))
    assert worse.recovery_score == pytest.approx(100 / 3)
    assert [s.id for s in me.logs.recovery_signals()] == [worse.id, signal.id]
    with alloy.context.db.sessions() as s:
        scores = s.scalars(select(RecoverySignal.recovery_score).order_by(RecoverySignal.id)).all()
    assert scores == pytest.approx([100.0, 100 / 3])

    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_recovery_signal(schemas.RecoverySignalCreate(sleep_hours=25))
    assert caught.value.field == "sleep_hours"
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_recovery_signal(schemas.RecoverySignalCreate(resting_hr=19))
    assert caught.value.field == "resting_hr"
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_recovery_signal(schemas.RecoverySignalCreate(hrv_ms=0))
    assert caught.value.field == "hrv_ms"


# --- Validation and atomicity -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_set", "field"),
    [
        (Set(2, 100, 0, 8), "reps"),
        (Set(2, 100, 101, 8), "reps"),
        (Set(2, -1, 5, 8), "weight"),
        (Set(2, 1001, 5, 8), "weight"),
        (Set(2, 100, 5, 10.5), "rpe"),
        (Set(0, 100, 5, 8), "set_number"),
        (Set(1, 100, 5, 8), "set_number"),  # the number of the set before it
    ],
)
def test_a_bad_set_in_the_middle_writes_nothing(
    alloy: Alloy, me: UserApi, bad_set: schemas.CompletedSet, field: str
) -> None:
    bench, squat = movement_id(alloy, BENCH), movement_id(alloy, SQUAT)
    me.logs.save_draft({"keep": True})
    request = schemas.WorkoutLogCreate(
        session_id=None,
        completed_exercises=(
            schemas.CompletedExercise((Set(1, 100, 5, 8),), movement_id=squat),
            schemas.CompletedExercise(
                (Set(1, 80, 5, 8), bad_set, Set(3, 80, 5, 8)), movement_id=bench
            ),
        ),
    )
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_workout(request)
    assert caught.value.field == f"completed_exercises[1].completed_sets[1].{field}"
    assert caught.value.message.endswith(".")
    for model in (WorkoutLog, LoggedSet, TopSetLog, MuscleRecoveryState):
        assert count(alloy, model) == 0
    assert me.logs.load_draft() is not None


def test_weight_limit_applies_after_conversion(alloy: Alloy, me: UserApi) -> None:
    squat = movement_id(alloy, SQUAT)
    me.logs.log_workout(workout(squat, Set(1, 2200, 1), unit=WeightUnit.LB))  # 997.9 kg
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_workout(workout(squat, Set(1, 2205, 1), unit=WeightUnit.LB))
    assert caught.value.field == "completed_exercises[0].completed_sets[0].weight"
    assert "2204.6 lb" in caught.value.message


def test_a_workout_needs_a_set_and_a_known_movement(alloy: Alloy, me: UserApi) -> None:
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_workout(workout(movement_id(alloy, BENCH)))
    assert caught.value.field == "completed_exercises"
    with pytest.raises(errors.NotFound):
        me.logs.log_workout(workout(10**9, Set(1, 100, 5)))
    nothing = schemas.CompletedExercise((Set(1, 100, 5),))
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_workout(schemas.WorkoutLogCreate(None, (nothing,)))
    assert caught.value.field == "completed_exercises[0].movement_id"
    assert count(alloy, WorkoutLog) == 0


# --- Planned sessions, custom workouts, other users -------------------------------------------


def make_program(alloy: Alloy, user_id: int, days: list[date], active: bool = True) -> list[int]:
    """A program with one session per given day (each with one bench slot); the session ids."""
    bench = movement_id(alloy, BENCH)
    with alloy.context.db.sessions() as s, s.begin():
        program = Program(
            user_id=user_id,
            name="Test block",
            goal_1=Goal.STRENGTH,
            goal_weight_1=6,
            goal_2=Goal.HYPERTROPHY,
            goal_weight_2=4,
            goal_3=Goal.ENDURANCE,
            goal_weight_3=0,
            duration_weeks=8,
            split_template=SplitTemplate.FULL_BODY,
            progression_style=ProgressionStyle.DOUBLE_PROGRESSION,
            persona_tone=PersonaTone.SUPPORTIVE,
            persona_aggression=PersonaAggression.BALANCED,
            start_date=min(days),
            is_active=active,
        )
        s.add(program)
        s.flush()
        cycle = Microcycle(
            program_id=program.id, sequence_number=1, start_date=min(days), length_days=14
        )
        s.add(cycle)
        s.flush()
        sessions = [
            PlannedSession(
                program_id=program.id,
                microcycle_id=cycle.id,
                session_date=day,
                day_offset=(day - min(days)).days,
                name=f"Day {i + 1}",
                session_type=SessionType.STRENGTH,
            )
            for i, day in enumerate(days)
        ]
        s.add_all(sessions)
        s.flush()
        s.add_all(
            SessionExercise(
                session_id=one.id,
                user_id=user_id,
                movement_id=bench,
                exercise_role=ExerciseRole.MAIN,
                pattern=MovementPattern.HORIZONTAL_PUSH,
                order_in_session=1,
                sets=3,
                reps=5,
            )
            for one in sessions
        )
        return [one.id for one in sessions]


def slot_of(alloy: Alloy, session_id: int) -> int:
    with alloy.context.db.sessions() as s:
        return s.execute(
            select(SessionExercise.id).where(SessionExercise.session_id == session_id)
        ).scalar_one()


def test_logging_a_planned_session(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    first, second = make_program(alloy, me.user.id, [date(2026, 11, 2), date(2026, 11, 4)])
    slot = slot_of(alloy, first)
    exercise = schemas.CompletedExercise((Set(1, 100, 5, 8),), session_exercise_id=slot)
    logged = me.logs.log_workout(
        schemas.WorkoutLogCreate(first, (exercise,), duration_seconds=3600)
    )
    assert (logged.session_id, logged.name, logged.duration_seconds) == (first, "Day 1", 3600)
    assert logged.exercises[0].movement_id == movement_id(alloy, BENCH)
    assert logged.exercises[0].session_exercise_id == slot
    assert count(alloy, LoggedSet, session_exercise_id=slot) == 1

    # A slot of another session, and another user's session, are not found.
    with pytest.raises(errors.NotFound):
        me.logs.log_workout(schemas.WorkoutLogCreate(second, (exercise,)))
    with pytest.raises(errors.NotFound):
        other.logs.log_workout(schemas.WorkoutLogCreate(first, (exercise,)))
    with pytest.raises(errors.NotFound):
        other.logs.log_workout(schemas.WorkoutLogCreate(None, (exercise,)))
    assert count(alloy, WorkoutLog) == 1


def test_custom_workout_creates_sessionless_exercises(alloy: Alloy, me: UserApi) -> None:
    bench, squat = movement_id(alloy, BENCH), movement_id(alloy, SQUAT)
    request = schemas.CustomWorkoutLogCreate(
        exercises=(
            schemas.CustomExercise(squat, (Set(1, 140, 5, 8), Set(2, 140, 3, 9))),
            schemas.CustomExercise(bench, (Set(1, 100, 8, 9),)),
        ),
        name="Garage session",
    )
    logged = me.logs.log_custom_workout(request)
    assert logged.name == "Garage session"
    assert logged.session_id is None
    with alloy.context.db.sessions() as s:
        slots = s.execute(
            select(
                SessionExercise.session_id,
                SessionExercise.movement_id,
                SessionExercise.sets,
                SessionExercise.reps,
                SessionExercise.reps_max,
                SessionExercise.order_in_session,
            ).order_by(SessionExercise.id)
        ).all()
        custom = s.scalar(select(WorkoutLog.is_custom))
    assert [tuple(r) for r in slots] == [(None, squat, 2, 3, 5, 1), (None, bench, 1, 8, None, 2)]
    assert custom is True
    assert [e.session_exercise_id for e in logged.exercises] == [
        r.session_exercise_id for r in me.logs.workout(logged.id).exercises
    ]
    assert recovery(me)[MuscleGroup.QUADS] == pytest.approx(10 - 2 * 0.6)

    with pytest.raises(errors.ValidationError) as caught:
        me.logs.log_custom_workout(
            schemas.CustomWorkoutLogCreate((schemas.CustomExercise(bench, ()),))
        )
    assert caught.value.field == "exercises"


def test_another_users_workouts_are_invisible(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    bench = movement_id(alloy, BENCH)
    mine = me.logs.log_workout(workout(bench, Set(1, 100, 5, 8)))
    with pytest.raises(errors.NotFound):
        other.logs.workout(mine.id)
    assert other.logs.workouts() == []
    assert other.logs.last_performance(bench) is None
    assert other.logs.e1rm_trend(bench) == []
    assert set(recovery(other).values()) == {10.0}
    # Their first bench log sets no record, whatever mine were.
    assert other.logs.log_workout(workout(bench, Set(1, 50, 5, 8))).personal_records == ()


# --- Adherence --------------------------------------------------------------------------------


def at_day(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)


def test_adherence_counts_and_streaks(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    # Today is Monday 2 November 2026.
    days = [date(2026, 10, d) for d in (12, 14, 16, 19, 21, 23, 26)] + [
        date(2026, 11, 2),
        date(2026, 11, 4),
    ]
    ids = make_program(alloy, me.user.id, days)
    bench = movement_id(alloy, BENCH)
    for session_id, day in zip(ids, days, strict=True):
        if day != date(2026, 10, 21) and day < date(2026, 11, 2):  # 21 October is missed
            exercise = schemas.CompletedExercise((Set(1, 100, 5, 8),), movement_id=bench)
            me.logs.log_workout(schemas.WorkoutLogCreate(session_id, (exercise,), at_day(day)))

    result = me.logs.adherence()
    assert (result.planned_sessions, result.completed_sessions) == (9, 6)
    assert (result.missed_sessions, result.upcoming_sessions) == (1, 2)  # today's is still to come
    assert result.completion_rate == pytest.approx(6 / 7)
    assert (result.current_streak, result.longest_streak) == (2, 4)

    exercise = schemas.CompletedExercise((Set(1, 100, 5, 8),), movement_id=bench)
    me.logs.log_workout(schemas.WorkoutLogCreate(ids[7], (exercise,)))
    result = me.logs.adherence(result.program_id)
    assert (result.completed_sessions, result.upcoming_sessions) == (7, 1)
    assert result.completion_rate == pytest.approx(7 / 8)
    assert result.current_streak == 3

    with pytest.raises(errors.NotFound):
        other.logs.adherence(result.program_id)
    with pytest.raises(errors.NotFound):
        other.logs.adherence()


# --- Drafts -----------------------------------------------------------------------------------


def test_draft_round_trip_and_cleared_by_logging(
    alloy: Alloy, me: UserApi, clock: FixedClock
) -> None:
    assert me.logs.load_draft() is None
    payload = {"session_id": None, "sets": [{"weight": 100, "reps": 5}], "note": "felt good"}
    saved = me.logs.save_draft(payload)
    assert saved.payload == payload
    clock.advance(minutes=5)
    updated = me.logs.save_draft({**payload, "note": "heavier"})
    assert updated.started_at == saved.started_at
    assert updated.updated_at == clock.now
    loaded = me.logs.load_draft()
    assert loaded is not None
    assert loaded.payload["note"] == "heavier"
    assert count(alloy, WorkoutDraft) == 1

    me.logs.log_workout(workout(movement_id(alloy, BENCH), Set(1, 100, 5, 8)))
    assert me.logs.load_draft() is None

    me.logs.save_draft(payload)
    me.logs.discard_draft()
    me.logs.discard_draft()  # nothing left: still fine
    assert me.logs.load_draft() is None


def test_draft_must_be_json_and_small(me: UserApi) -> None:
    for bad in ({"when": datetime(2026, 1, 1)}, {"x": float("nan")}, ["not", "a", "dict"]):
        with pytest.raises(errors.ValidationError) as caught:
            me.logs.save_draft(bad)  # type: ignore[arg-type]
        assert caught.value.field == "payload"
    with pytest.raises(errors.ValidationError):
        me.logs.save_draft({"big": "x" * 1_000_001})
