"""Routines through the api: built by hand, copied from a workout, scheduled into adherence."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

import pytest

from alloy_desktop.api import Alloy, UserApi, errors, schemas

SQUAT = "Barbell Squat"
BENCH = "Barbell Bench Press - Medium Grip"
Exercise = schemas.RoutineExerciseInput


class FixedClock(Protocol):
    """The `clock` fixture of tests/unit/api/conftest.py."""

    now: datetime

    def advance(self, **delta: float) -> datetime: ...


def movement_id(alloy: Alloy, name: str) -> int:
    return next(m.id for m in alloy.context.catalog.movements if m.name == name)


@pytest.fixture
def push(alloy: Alloy) -> schemas.RoutineCreate:
    bench, squat = movement_id(alloy, BENCH), movement_id(alloy, SQUAT)
    return schemas.RoutineCreate(
        name="  Push   and legs ",
        notes="Bench first.",
        exercises=(
            Exercise(bench, sets=4, reps=5, rpe=8, rest_seconds=180, superset_group=None),
            Exercise(squat, sets=3, reps=8, reps_max=12, load_kg=100, superset_group=1),
            Exercise(bench, sets=2, reps=12, reps_max=12, superset_group=1, notes="paused"),
        ),
    )


def finish(me: UserApi, routine: schemas.RoutineResponse, at: datetime) -> int:
    """Logs the routine's first exercise as the logger does (a custom workout with its id)."""
    first = routine.exercises[0]
    return me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(first.movement_id, (schemas.CompletedSet(1, 60, 5, 8),)),),
            name=routine.name,
            performed_at=at,
            routine_id=routine.id,
        )
    ).id


def test_a_routine_is_built_read_changed_and_deleted(
    me: UserApi, push: schemas.RoutineCreate
) -> None:
    made = me.routines.create(push)
    assert made.name == "Push and legs" and made.notes == "Bench first."
    assert [(e.position, e.movement_name, e.sets) for e in made.exercises] == [
        (1, BENCH, 4), (2, SQUAT, 3), (3, BENCH, 2)
    ]  # fmt: skip
    squat = made.exercises[1]
    assert (squat.reps, squat.reps_max, squat.load_kg, squat.superset_group) == (8, 12, 100, 1)
    assert made.exercises[2].reps_max is None  # a range of one is just reps
    assert made.weekdays == () and made.scheduled_since is None and made.times_done == 0
    assert me.routines.get(made.id) == made and me.routines.list() == [made]
    changed = me.routines.update(made.id, schemas.RoutineCreate("Push", push.exercises[:1]))
    assert changed.name == "Push" and len(changed.exercises) == 1
    me.routines.delete(made.id)
    assert me.routines.list() == []
    with pytest.raises(errors.NotFound):
        me.routines.get(made.id)


def test_bad_exercises_are_refused_by_field(me: UserApi, push: schemas.RoutineCreate) -> None:
    bench = push.exercises[0].movement_id
    with pytest.raises(errors.ValidationError) as error:
        me.routines.create(schemas.RoutineCreate("X", (Exercise(bench, reps=8, reps_max=6),)))
    assert error.value.field == "exercises[0].reps_max"
    with pytest.raises(errors.ValidationError) as error:
        me.routines.create(schemas.RoutineCreate("X", (Exercise(bench, sets=0),)))
    assert error.value.field == "exercises[0].sets"
    with pytest.raises(errors.ValidationError) as error:
        me.routines.create(schemas.RoutineCreate(" ", ()))
    assert error.value.field == "name"
    with pytest.raises(errors.ValidationError) as error:
        me.routines.create(schemas.RoutineCreate("X", (), weekdays=(7,)))
    assert error.value.field == "weekdays[0]"


def test_a_past_workout_becomes_a_routine(alloy: Alloy, me: UserApi) -> None:
    bench, squat = movement_id(alloy, BENCH), movement_id(alloy, SQUAT)
    me.prescriptions.set_rest_seconds(squat, 150)
    workout = me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (
                schemas.CustomExercise(
                    squat,
                    (
                        schemas.CompletedSet(1, 60, 5, None, "WARMUP"),
                        schemas.CompletedSet(2, 100, 5, 8),
                        schemas.CompletedSet(3, 105, 3, 9),
                    ),
                ),
                schemas.CustomExercise(bench, (schemas.CompletedSet(1, 0, 10, None),)),
            ),
            name="Heavy day",
        )
    )
    routine = me.routines.from_workout(workout.id)
    assert routine.name == "Heavy day"
    copied = routine.exercises[0]
    assert (copied.movement_id, copied.sets, copied.reps, copied.reps_max) == (squat, 2, 3, 5)
    assert (copied.rpe, copied.load_kg, copied.rest_seconds) == (9, 105, 150)
    body = routine.exercises[1]
    assert (body.load_kg, body.rest_seconds) == (None, 180)  # compound, no rest remembered
    assert me.routines.from_workout(workout.id, "Copy").name == "Copy"


def test_only_scheduled_routine_days_count_in_adherence(
    me: UserApi, push: schemas.RoutineCreate, clock: FixedClock
) -> None:
    unscheduled = me.routines.create(push)
    finish(me, unscheduled, clock.now)
    with pytest.raises(errors.NotFound):
        me.logs.adherence()  # no program, nothing scheduled: nothing to adhere to
    monday = clock.now  # 2 Nov 2026
    routine = me.routines.create(replace_days(push, (0, 2)))  # Mondays and Wednesdays
    assert routine.scheduled_since == monday.astimezone().date()
    first = me.logs.adherence()
    assert (first.program_id, first.planned_sessions, first.upcoming_sessions) == (None, 1, 1)
    finish(me, routine, monday + timedelta(hours=1))
    clock.advance(days=3)  # Thursday: Wednesday was missed
    later = me.logs.adherence()
    assert (later.completed_sessions, later.missed_sessions, later.routine_sessions) == (1, 1, 2)
    assert later.current_streak == 0 and later.longest_streak == 1


def test_routine_days_join_the_active_programs_sessions(
    me: UserApi, push: schemas.RoutineCreate, clock: FixedClock
) -> None:
    goals = (schemas.GoalWeight("STRENGTH", 10),)
    program = me.programs.create(schemas.ProgramCreate(goals=goals, duration_weeks=8))
    alone = me.logs.adherence()
    me.routines.create(replace_days(push, (6,)))  # Sundays
    clock.advance(days=7)
    both = me.logs.adherence()
    assert both.program_id == program.id and both.routine_sessions == 1
    assert both.planned_sessions == alone.planned_sessions + 1
    assert me.logs.adherence(program.id).routine_sessions == 0  # a named program: its own


def test_changing_the_schedule_counts_from_today(
    me: UserApi, push: schemas.RoutineCreate, clock: FixedClock
) -> None:
    routine = me.routines.create(replace_days(push, (0,)))
    clock.advance(days=7)
    kept = me.routines.update(routine.id, replace_days(push, (0,)))
    assert kept.scheduled_since == routine.scheduled_since
    moved = me.routines.update(routine.id, replace_days(push, (1,)))
    assert moved.scheduled_since == clock.now.astimezone().date()
    assert me.routines.update(routine.id, push).scheduled_since is None


def test_a_workout_names_only_its_own_routine(
    me: UserApi, other: UserApi, push: schemas.RoutineCreate, clock: FixedClock
) -> None:
    routine = me.routines.create(push)
    with pytest.raises(errors.NotFound, match="routine"):
        finish(other, routine, clock.now)
    workout = finish(me, routine, clock.now)
    assert me.history.workout(workout).routine_id == routine.id
    assert me.routines.get(routine.id).times_done == 1
    assert me.routines.get(routine.id).last_done_at == clock.now


def test_a_custom_exercise_in_a_routine_cannot_be_deleted(me: UserApi) -> None:
    own = me.exercises.create(
        schemas.CustomMovementCreate("Sled push", "CARRY", "OTHER", ("QUADS",))
    )
    me.routines.create(schemas.RoutineCreate("Sled", (Exercise(own.id),)))
    with pytest.raises(errors.Conflict, match="routine"):
        me.exercises.delete(own.id)


def replace_days(request: schemas.RoutineCreate, days: tuple[int, ...]) -> schemas.RoutineCreate:
    return schemas.RoutineCreate(request.name, request.exercises, request.notes, days)
