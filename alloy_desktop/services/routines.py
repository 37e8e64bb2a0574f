"""Routines: session templates the lifter builds by hand, apart from generated programs."""

# A routine is a list of exercises (sets, reps, RPE or load, rest, supersets, notes). It can be
# started in the logger whenever the lifter likes; its workouts then carry its id. Only when
# it is scheduled on weekdays do those days join adherence: from the day the schedule was set,
# each scheduled day is due, done when a workout from the routine falls on it (local time),
# missed once it has passed without one. A routine done on an unscheduled day, or never
# scheduled, counts nowhere in adherence.

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import SetType
from alloy_desktop.services import validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import NotFound, ValidationError
from alloy_desktop.services.schemas import (
    RoutineCreate,
    RoutineExerciseInput,
    RoutineExerciseResponse,
    RoutineResponse,
)
from alloy_desktop.store.models import (
    LoggedSet,
    MovementRestTime,
    Routine,
    RoutineExercise,
    WorkoutLog,
)

MAX_ROUTINES = 200
MAX_EXERCISES = 40
MAX_SETS = 20
MAX_REPS = 100
MAX_LOAD_KG = 1000.0
MAX_REST_SECONDS = 3600
MAX_SUPERSET = 99
MAX_NAME = 120
MAX_NOTES = 2000
MAX_EXERCISE_NOTE = 255
REST_COMPOUND = 180  # a copied workout's rest where the lifter set none for the movement
REST_ISOLATION = 90


@dataclass(frozen=True)
class _Checked:
    name: str
    notes: str
    weekdays: tuple[int, ...]
    exercises: tuple[dict[str, Any], ...]  # routine_exercises rows without routine_id


class RoutineService:
    """`me.routines`: list, get, create, update, delete, from_workout."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def list(self) -> list[RoutineResponse]:
        """The lifter's routines by name."""
        with self._ctx.read() as s:
            rows = s.scalars(
                select(Routine).where(Routine.user_id == self._uid).order_by(Routine.name)
            ).all()
            return list(self._responses(s, rows))

    def get(self, routine_id: int) -> RoutineResponse:
        """One routine with its exercises in order."""
        wanted = validate.identifier(routine_id, "routine_id")
        with self._ctx.read() as s:
            return self._responses(s, [self._own(s, wanted)])[0]

    def create(self, request: RoutineCreate) -> RoutineResponse:
        """A new routine; scheduled weekdays count in adherence from today."""
        checked = self._checked(request)
        with self._ctx.write() as s:
            return self._insert(s, checked)

    def update(self, routine_id: int, request: RoutineCreate) -> RoutineResponse:
        """Replaces a routine's name, notes, schedule and exercises.

        A changed schedule counts from today: days of the old one are not judged by the new.
        """
        wanted = validate.identifier(routine_id, "routine_id")
        checked = self._checked(request)
        with self._ctx.write() as s:
            row = self._own(s, wanted)
            if tuple(row.weekdays or ()) != checked.weekdays:
                row.scheduled_since = self._ctx.today() if checked.weekdays else None
            row.name, row.notes, row.weekdays = checked.name, checked.notes, list(checked.weekdays)
            row.updated_at = self._ctx.now()
            s.execute(delete(RoutineExercise).where(RoutineExercise.routine_id == wanted))
            self._write_exercises(s, wanted, checked.exercises)
            s.flush()
            return self._responses(s, [row])[0]

    def delete(self, routine_id: int) -> None:
        """Deletes a routine; workouts logged from it stay in the history."""
        wanted = validate.identifier(routine_id, "routine_id")
        with self._ctx.write() as s:
            s.delete(self._own(s, wanted))

    def from_workout(self, workout_id: int, name: str | None = None) -> RoutineResponse:
        """A new routine copied from a logged workout: its exercises in order, each with as
        many sets as were done, the reps (a range when they varied), the top RPE, the
        heaviest load, and the rest the lifter keeps for the movement."""
        wanted = validate.identifier(workout_id, "workout_id")
        given = None if name is None else validate.text(name, "name", MAX_NAME, required=True)
        with self._ctx.write() as s:
            header = s.execute(
                select(WorkoutLog.name).where(
                    WorkoutLog.id == wanted, WorkoutLog.user_id == self._uid
                )
            ).first()
            if header is None:
                raise NotFound("That workout was not found.")
            request = RoutineCreate(given or header[0] or "Routine", self._copied(s, wanted))
            return self._insert(s, self._checked(request))

    # --- helpers --------------------------------------------------------------------------

    @property
    def _uid(self) -> int:
        return self._ctx.user_id

    def _own(self, s: Session, routine_id: int) -> Routine:
        row = s.scalar(
            select(Routine).where(Routine.id == routine_id, Routine.user_id == self._uid)
        )
        if row is None:
            raise NotFound("That routine was not found.")
        return row

    def _insert(self, s: Session, checked: _Checked) -> RoutineResponse:
        count = s.scalar(select(func.count(Routine.id)).where(Routine.user_id == self._uid))
        if (count or 0) >= MAX_ROUTINES:
            raise ValidationError("name", f"You can have at most {MAX_ROUTINES} routines.")
        row = Routine(
            user_id=self._uid,
            name=checked.name,
            notes=checked.notes,
            weekdays=list(checked.weekdays),
            scheduled_since=self._ctx.today() if checked.weekdays else None,
            created_at=self._ctx.now(),
            updated_at=self._ctx.now(),
        )
        s.add(row)
        s.flush()
        self._write_exercises(s, row.id, checked.exercises)
        return self._responses(s, [row])[0]

    def _movement(self, movement_id: object, field: str) -> MovementInfo:
        info = self._ctx.catalog.by_id.get(validate.identifier(movement_id, field))
        if info is None:
            raise NotFound("That movement was not found.")
        return info

    def _checked(self, request: object) -> _Checked:
        request = validate.request(request, RoutineCreate, "request", "A routine")
        name = " ".join(validate.text(request.name, "name", MAX_NAME, required=True).split())
        notes = validate.text(request.notes, "notes", MAX_NOTES)
        weekdays = _weekdays(request.weekdays)
        raw = validate.sequence(request.exercises, "exercises", MAX_EXERCISES)
        rows = tuple(
            self._exercise_row(item, f"exercises[{i}]", i + 1) for i, item in enumerate(raw)
        )
        return _Checked(name, notes, weekdays, rows)

    def _exercise_row(self, item: object, field: str, position: int) -> dict[str, Any]:
        if not isinstance(item, RoutineExerciseInput):
            raise ValidationError(field, "Each exercise needs a movement, sets and reps.")
        movement = self._movement(item.movement_id, f"{field}.movement_id")
        reps = validate.whole(item.reps, f"{field}.reps", 1, MAX_REPS)
        reps_max = validate.optional_whole(item.reps_max, f"{field}.reps_max", 1, MAX_REPS)
        if reps_max is not None and reps_max < reps:
            raise ValidationError(
                f"{field}.reps_max", "The top of a rep range must be at least its bottom."
            )
        return {
            "movement_id": movement.id,
            "position": position,
            "sets": validate.whole(item.sets, f"{field}.sets", 1, MAX_SETS),
            "reps": reps,
            "reps_max": None if reps_max == reps else reps_max,
            "rpe": validate.optional_number(item.rpe, f"{field}.rpe", 1, 10),
            "load_kg": validate.optional_number(item.load_kg, f"{field}.load_kg", 0, MAX_LOAD_KG),
            "rest_seconds": validate.whole(
                item.rest_seconds, f"{field}.rest_seconds", 0, MAX_REST_SECONDS
            ),
            "superset_group": validate.optional_whole(
                item.superset_group, f"{field}.superset_group", 1, MAX_SUPERSET
            ),
            "notes": validate.text(item.notes, f"{field}.notes", MAX_EXERCISE_NOTE),
        }

    def _write_exercises(self, s: Session, routine_id: int, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            s.execute(insert(RoutineExercise), [{**row, "routine_id": routine_id} for row in rows])

    def _copied(self, s: Session, workout_id: int) -> tuple[RoutineExerciseInput, ...]:
        sets = s.execute(
            select(
                LoggedSet.movement_id,
                LoggedSet.session_exercise_id,
                LoggedSet.weight_kg,
                LoggedSet.reps,
                LoggedSet.rpe,
                LoggedSet.set_type,
            )
            .where(LoggedSet.workout_log_id == workout_id)
            .order_by(LoggedSet.id)
        ).all()
        grouped: dict[tuple[int, int | None], Any] = {}
        for row in sets:
            grouped.setdefault((row[0], row[1]), []).append(row)
        rests = dict(
            s.execute(
                select(MovementRestTime.movement_id, MovementRestTime.rest_seconds).where(
                    MovementRestTime.user_id == self._uid
                )
            ).all()
        )
        copied = [
            _copied_exercise(movement_id, rows, rests.get(movement_id), self._ctx.catalog)
            for (movement_id, _), rows in grouped.items()
        ]
        return tuple(c for c in copied if c is not None)[:MAX_EXERCISES]

    def _responses(self, s: Session, rows: Sequence[Routine]) -> tuple[RoutineResponse, ...]:
        ids = [row.id for row in rows]
        if not ids:
            return ()
        exercises: dict[int, Any] = {}  # routine id -> its exercises in order
        for ex in s.scalars(
            select(RoutineExercise)
            .where(RoutineExercise.routine_id.in_(ids))
            .order_by(RoutineExercise.routine_id, RoutineExercise.position)
        ):
            exercises.setdefault(ex.routine_id, []).append(ex)
        done = {
            rid: (int(count), last)
            for rid, count, last in s.execute(
                select(WorkoutLog.routine_id, func.count(), func.max(WorkoutLog.performed_at))
                .where(WorkoutLog.user_id == self._uid, WorkoutLog.routine_id.in_(ids))
                .group_by(WorkoutLog.routine_id)
            )
        }
        return tuple(
            self._response(row, exercises.get(row.id, []), done.get(row.id, (0, None)))
            for row in rows
        )

    def _response(
        self, row: Routine, exercises: Sequence[RoutineExercise], done: tuple[int, Any]
    ) -> RoutineResponse:
        return RoutineResponse(
            id=row.id,
            name=row.name,
            notes=row.notes or "",
            weekdays=tuple(int(d) for d in row.weekdays or ()),
            scheduled_since=row.scheduled_since,
            exercises=tuple(self._exercise_response(ex) for ex in exercises),
            times_done=done[0],
            last_done_at=None if done[1] is None else _utc(done[1]),
            created_at=row.created_at,
        )

    def _exercise_response(self, ex: RoutineExercise) -> RoutineExerciseResponse:
        info = self._ctx.catalog.by_id[ex.movement_id]
        return RoutineExerciseResponse(
            movement_id=ex.movement_id,
            movement_name=info.name,
            position=ex.position,
            sets=ex.sets,
            reps=ex.reps,
            reps_max=ex.reps_max,
            rpe=ex.rpe,
            load_kg=ex.load_kg,
            rest_seconds=ex.rest_seconds,
            superset_group=ex.superset_group,
            notes=ex.notes or "",
            pattern=info.pattern,
            equipment=info.equipment,
            primary_muscles=tuple(sorted(info.primary)),
            is_compound=info.is_compound,
        )


# --- scheduling, as adherence reads it ------------------------------------------------------


def scheduled_days(s: Session, user_id: int, today: date) -> list[tuple[date, bool]]:
    """(day, done) of every scheduled routine day from its schedule's start up to today.

    Days to come are not listed: a routine has no end, so only days so far can be judged
    (today's stays "upcoming" in adherence until a workout from the routine is logged).
    """
    routines = s.execute(
        select(Routine.id, Routine.weekdays, Routine.scheduled_since).where(
            Routine.user_id == user_id, Routine.scheduled_since.is_not(None)
        )
    ).all()
    plans = [(rid, set(days or ()), since) for rid, days, since in routines if days and since]
    if not plans:
        return []
    first = min(since for _, _, since in plans)
    # A day early in UTC: a local evening can be the next day in UTC, and the day is local.
    start = datetime.combine(first - timedelta(days=1), datetime.min.time()).astimezone()
    logged = {
        (rid, _utc(at).astimezone().date())
        for rid, at in s.execute(
            select(WorkoutLog.routine_id, WorkoutLog.performed_at).where(
                WorkoutLog.user_id == user_id,
                WorkoutLog.routine_id.in_([p[0] for p in plans]),
                WorkoutLog.performed_at >= start,
            )
        )
    }
    due: list[tuple[date, bool]] = []
    for rid, weekdays, since in plans:
        day = since
        while day <= today:
            if day.weekday() in weekdays:
                due.append((day, (rid, day) in logged))
            day += timedelta(days=1)
    return due


def _weekdays(value: object) -> tuple[int, ...]:
    items = validate.sequence(value, "weekdays", 7)
    days = {validate.whole(item, f"weekdays[{i}]", 0, 6) for i, item in enumerate(items)}
    return tuple(sorted(days))


def _copied_exercise(
    movement_id: int, rows: Sequence[Any], rest: int | None, catalog: Any
) -> RoutineExerciseInput | None:
    info: MovementInfo | None = catalog.by_id.get(movement_id)
    if info is None:
        return None
    working = [r for r in rows if SetType(r[5]) is not SetType.WARMUP] or list(rows)
    reps = [int(r[3]) for r in working]
    rpes = [float(r[4]) for r in working if r[4] is not None]
    heaviest = max(float(r[2]) for r in working)
    default_rest = REST_COMPOUND if info.is_compound else REST_ISOLATION
    return RoutineExerciseInput(
        movement_id=movement_id,
        sets=min(len(working), MAX_SETS),
        reps=min(min(reps), MAX_REPS),
        reps_max=min(max(reps), MAX_REPS) if max(reps) > min(reps) else None,
        rpe=max(rpes) if rpes else None,
        load_kg=heaviest if heaviest > 0 else None,
        rest_seconds=rest if rest is not None else default_rest,
    )


def _utc(value: datetime | str) -> datetime:
    # max() over a UTC column comes back untyped on SQLite (naive text); stored times are UTC.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
