"""The workout history: a searchable list, and edits that every derived figure follows."""

# Each edit is one transaction that rewrites what depends on the sets it touched: the top set
# of each touched movement in that workout and the workout's volume; the PR flags of those
# movements from the workout's time on, walked in date order (imports/records.py); and, when
# the workout is recent enough to still weigh on a muscle, the stored recovery
# (recovery_replay.py). The e1RM trend, weekly hard sets, adherence and streaks are computed
# from the sets and the workout's session link whenever they are read, so they follow alone.

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import E1RMFormula, SetType, WeightUnit
from alloy_desktop.domain.recovery import DEFAULT_DECAY_HOURS
from alloy_desktop.services import day_bests, recovery_replay, validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import NotFound, ValidationError
from alloy_desktop.services.history import top_sets
from alloy_desktop.services.imports.records import recompute_since
from alloy_desktop.services.logs import (
    MAX_DURATION_SECONDS,
    MAX_EXERCISES,
    MAX_NAME,
    MAX_NOTES,
    MAX_OFFSET,
    MAX_PAGE,
    MAX_REPS,
    MAX_SET_NOTE,
    MAX_SETS_PER_EXERCISE,
    LogService,
    _Resolved,
    _score,
    _Set,
    _weight_kg,
)
from alloy_desktop.services.schemas import (
    ExerciseEdit,
    HistoryExercise,
    HistoryQuery,
    HistoryRow,
    HistorySet,
    SetEdit,
    WorkoutDetail,
    WorkoutEdit,
)
from alloy_desktop.store.models import (
    LoggedSet,
    Program,
    Routine,
    SessionExercise,
    TopSetLog,
    UserSettings,
    WorkoutLog,
)
from alloy_desktop.store.models import Session as PlannedSession

MAX_SEARCH = 100
NOT_FOUND = "That workout was not found."
NO_EXERCISE = "That exercise is not part of this workout."
LAST_SET = "A workout needs at least one set: delete the whole workout instead."


@dataclass(frozen=True)
class _Prefs:
    formula: E1RMFormula
    decay_hours: float


@dataclass(frozen=True)
class _Exercise:
    movement: MovementInfo
    slot: int | None
    sets: tuple[_Set, ...]


@dataclass(frozen=True)
class _Workout:
    """A checked WorkoutEdit (links not yet checked against the lifter's rows)."""

    name: str
    performed_at: datetime
    duration_seconds: int | None
    notes: str
    session_id: int | None
    routine_id: int | None
    exercises: tuple[_Exercise, ...]


@dataclass(frozen=True)
class _Change:
    """What an edit touched: the movements whose records may move, and from when."""

    movements: frozenset[int]
    since: datetime
    times: tuple[datetime, ...]  # every time the workout had (recovery looks at each)


class WorkoutHistoryService:
    """`me.history`: the History page's list and detail, and every edit with its undo."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx
        self._logs = LogService(ctx)

    # --- reading --------------------------------------------------------------------------

    def search(
        self, query: HistoryQuery | None = None, limit: int = 50, offset: int = 0
    ) -> list[HistoryRow]:
        """Workouts newest first that match the query, one page at a time."""
        count = validate.whole(limit, "limit", 1, MAX_PAGE)
        skip = validate.whole(offset, "offset", 0, MAX_OFFSET)
        where = self._filters(query)
        with self._ctx.read() as s:
            return _rows(s, where, count, skip)

    def count(self, query: HistoryQuery | None = None) -> int:
        """How many workouts match the query."""
        where = self._filters(query)
        with self._ctx.read() as s:
            return int(s.scalar(select(func.count(WorkoutLog.id)).where(*where)) or 0)

    def workout(self, workout_id: int) -> WorkoutDetail:
        """One workout with every set and the records it holds."""
        wid = validate.identifier(workout_id, "workout_id")
        with self._ctx.read() as s:
            self._own_workout(s, wid)
            return self._detail(s, wid)

    # --- editing sets and exercises -------------------------------------------------------

    def update_set(self, set_id: int, edit: SetEdit) -> WorkoutDetail:
        """Changes one set's weight, reps, RPE, type and note."""
        sid = validate.identifier(set_id, "set_id")
        with self._ctx.write() as s:
            row = self._own_set(s, sid)
            workout = self._own_workout(s, row.workout_log_id)
            one = _parse_set(edit, "edit", row.set_number)
            movement = self._movement(row.movement_id, "movement_id")
            formula = self._formula(s, workout.id)
            scored = _score([_Resolved(movement, row.session_exercise_id, (one,))], formula)[0]
            s.execute(
                update(LoggedSet)
                .where(LoggedSet.id == sid)
                .values(_set_values(one, scored.e1rm_kg, scored.is_hard, formula))
            )
            at = workout.performed_at
            self._settle(s, workout.id, at, _Change(frozenset({movement.id}), at, (at,)))
            return self._detail(s, workout.id)

    def add_set(
        self,
        workout_id: int,
        movement_id: int,
        edit: SetEdit,
        session_exercise_id: int | None = None,
    ) -> WorkoutDetail:
        """Appends a set to one exercise of a workout (named by its movement and plan slot)."""
        wid = validate.identifier(workout_id, "workout_id")
        mid = validate.identifier(movement_id, "movement_id")
        slot = _optional_id(session_exercise_id, "session_exercise_id")
        with self._ctx.write() as s:
            workout = self._own_workout(s, wid)
            numbers = self._set_numbers(s, wid, mid, slot)
            if not numbers:
                raise NotFound(NO_EXERCISE)
            if len(numbers) >= MAX_SETS_PER_EXERCISE:
                raise ValidationError(
                    "edit", f"An exercise can have at most {MAX_SETS_PER_EXERCISE} sets."
                )
            one = _parse_set(edit, "edit", max(numbers) + 1)
            movement = self._movement(mid, "movement_id")
            self._insert(s, workout, [_Exercise(movement, slot, (one,))])
            at = workout.performed_at
            self._settle(s, wid, at, _Change(frozenset({mid}), at, (at,)))
            return self._detail(s, wid)

    def remove_set(self, set_id: int) -> WorkoutDetail:
        """Removes one set; the sets after it in its exercise move up a number."""
        sid = validate.identifier(set_id, "set_id")
        with self._ctx.write() as s:
            row = self._own_set(s, sid)
            workout = self._own_workout(s, row.workout_log_id)
            if self._set_count(s, workout.id) <= 1:
                raise ValidationError("set_id", LAST_SET)
            s.execute(delete(LoggedSet).where(LoggedSet.id == sid))
            s.execute(
                update(LoggedSet)
                .where(
                    _exercise_of(workout.id, row.movement_id, row.session_exercise_id),
                    LoggedSet.set_number > row.set_number,
                )
                .values(set_number=LoggedSet.set_number - 1)
            )
            at = workout.performed_at
            self._settle(s, workout.id, at, _Change(frozenset({row.movement_id}), at, (at,)))
            return self._detail(s, workout.id)

    def add_exercise(
        self, workout_id: int, movement_id: int, sets: Sequence[SetEdit]
    ) -> WorkoutDetail:
        """Adds a movement with its sets to a workout (after any sets it already has there)."""
        wid = validate.identifier(workout_id, "workout_id")
        movement = self._movement(movement_id, "movement_id")
        raw = validate.sequence(sets, "sets", MAX_SETS_PER_EXERCISE)
        if not raw:
            raise ValidationError("sets", "Add at least one set.")
        with self._ctx.write() as s:
            workout = self._own_workout(s, wid)
            first = max(self._set_numbers(s, wid, movement.id, None), default=0) + 1
            parsed = tuple(_parse_set(item, f"sets[{i}]", first + i) for i, item in enumerate(raw))
            if first - 1 + len(parsed) > MAX_SETS_PER_EXERCISE:
                raise ValidationError(
                    "sets", f"An exercise can have at most {MAX_SETS_PER_EXERCISE} sets."
                )
            self._insert(s, workout, [_Exercise(movement, None, parsed)])
            at = workout.performed_at
            self._settle(s, wid, at, _Change(frozenset({movement.id}), at, (at,)))
            return self._detail(s, wid)

    def remove_exercise(
        self, workout_id: int, movement_id: int, session_exercise_id: int | None = None
    ) -> WorkoutDetail:
        """Removes every set of one exercise of a workout."""
        wid = validate.identifier(workout_id, "workout_id")
        mid = validate.identifier(movement_id, "movement_id")
        slot = _optional_id(session_exercise_id, "session_exercise_id")
        with self._ctx.write() as s:
            workout = self._own_workout(s, wid)
            numbers = self._set_numbers(s, wid, mid, slot)
            if not numbers:
                raise NotFound(NO_EXERCISE)
            if self._set_count(s, wid) <= len(numbers):
                raise ValidationError("movement_id", LAST_SET)
            s.execute(delete(LoggedSet).where(_exercise_of(wid, mid, slot)))
            at = workout.performed_at
            self._settle(s, wid, at, _Change(frozenset({mid}), at, (at,)))
            return self._detail(s, wid)

    # --- the workout as a whole -----------------------------------------------------------

    def set_workout_date(self, workout_id: int, performed_at: datetime) -> WorkoutDetail:
        """Moves a workout (and its sets) to another time; records are walked again."""
        wid = validate.identifier(workout_id, "workout_id")
        if not isinstance(performed_at, datetime):
            raise ValidationError("performed_at", "Performed at must be a date and time.")
        moved = validate.moment(performed_at, "performed_at", self._ctx.now()).astimezone(UTC)
        with self._ctx.write() as s:
            workout = self._own_workout(s, wid)
            was = workout.performed_at
            s.execute(update(WorkoutLog).where(WorkoutLog.id == wid).values(performed_at=moved))
            for table in (LoggedSet, TopSetLog):
                s.execute(
                    update(table).where(table.workout_log_id == wid).values(performed_at=moved)
                )
            movements = self._movements_of(s, wid)
            self._settle(s, wid, moved, _Change(movements, min(was, moved), (was, moved)))
            return self._detail(s, wid)

    def update_workout(self, workout_id: int, edit: WorkoutEdit) -> WorkoutDetail:
        """Makes a workout exactly `edit` (name, time, notes, every set): what undo uses.

        A session, routine or plan slot the lifter doesn't own (any more) is not linked.
        """
        wid = validate.identifier(workout_id, "workout_id")
        parsed = self._parse_workout(edit)
        with self._ctx.write() as s:
            workout = self._own_workout(s, wid)
            was, before = workout.performed_at, self._stored_sets(s, wid)
            linked = self._linked(s, parsed)
            after = _edited_sets(linked)
            # Only movements whose sets differ (all of them, when the time moved) are scored
            # again: undoing one set's edit walks one movement's records, not the workout's.
            moved = was != linked.performed_at
            touched = frozenset(
                m for m in before.keys() | after.keys() if moved or before.get(m) != after.get(m)
            )
            s.execute(
                delete(TopSetLog).where(
                    TopSetLog.workout_log_id == wid, TopSetLog.movement_id.in_(touched)
                )
            )
            s.execute(delete(LoggedSet).where(LoggedSet.workout_log_id == wid))
            s.execute(update(WorkoutLog).where(WorkoutLog.id == wid).values(_header(linked)))
            s.flush()
            s.refresh(workout)
            self._insert(s, workout, linked.exercises)
            at = linked.performed_at
            self._settle(s, wid, at, _Change(touched, min(was, at), (was, at)))
            return self._detail(s, wid)

    def delete_workout(self, workout_id: int) -> WorkoutEdit:
        """Deletes a workout with its sets; returns the snapshot `restore_workout` takes."""
        wid = validate.identifier(workout_id, "workout_id")
        with self._ctx.write() as s:
            workout = self._own_workout(s, wid)
            snapshot = self._detail(s, wid).snapshot()
            movements, at = self._movements_of(s, wid), workout.performed_at
            s.execute(delete(TopSetLog).where(TopSetLog.workout_log_id == wid))
            s.execute(delete(LoggedSet).where(LoggedSet.workout_log_id == wid))
            s.execute(delete(WorkoutLog).where(WorkoutLog.id == wid))
            self._after_change(s, _Change(movements, at, (at,)))
            return snapshot

    def restore_workout(self, snapshot: WorkoutEdit) -> WorkoutDetail:
        """Inserts a workout again from its snapshot (a new id); records and recovery follow.

        A session, routine or plan slot that no longer exists (or isn't the lifter's) is
        not linked, so a deleted workout comes back even after its program was deleted.
        """
        parsed = self._parse_workout(snapshot, "snapshot")
        with self._ctx.write() as s:
            linked = self._linked(s, parsed)
            workout = WorkoutLog(
                user_id=self._ctx.user_id,
                is_custom=linked.session_id is None,
                created_at=self._ctx.now(),
                total_volume_kg=0.0,
                **_header(linked),
            )
            s.add(workout)
            s.flush()
            self._insert(s, workout, linked.exercises, self._prefs(s).formula)
            at = linked.performed_at
            movements = frozenset(e.movement.id for e in linked.exercises)
            self._settle(s, workout.id, at, _Change(movements, at, (at,)))
            return self._detail(s, workout.id)

    # --- helpers: checking ----------------------------------------------------------------

    def _filters(self, query: object) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [WorkoutLog.user_id == self._ctx.user_id]
        if query is None:
            return where
        query = validate.request(query, HistoryQuery, "query", "A history search")
        text = validate.text(query.text, "query.text", MAX_SEARCH)
        if text:
            where.append(self._text_filter(text))
        if query.movement_id is not None:
            movement = self._movement(query.movement_id, "query.movement_id")
            where.append(WorkoutLog.id.in_(self._with_movements([movement.id])))
        since = None if query.since is None else validate.day(query.since, "query.since")
        until = None if query.until is None else validate.day(query.until, "query.until")
        if since is not None:
            where.append(WorkoutLog.performed_at >= _local_midnight(since))
        if until is not None:
            where.append(WorkoutLog.performed_at < _local_midnight(until + timedelta(days=1)))
        return where

    def _text_filter(self, text: str) -> ColumnElement[bool]:
        """The text in the workout's name or notes, or in the name of a movement it holds."""
        wanted = text.casefold()
        ids = [m.id for m in self._ctx.catalog.movements if wanted in m.name.casefold()]
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        match = WorkoutLog.name.ilike(pattern, escape="\\") | WorkoutLog.notes.ilike(
            pattern, escape="\\"
        )
        return match | WorkoutLog.id.in_(self._with_movements(ids)) if ids else match

    def _with_movements(self, movement_ids: Sequence[int]) -> Any:
        # Through the (user, movement, time) index: a movement's sets, not every workout's.
        return select(LoggedSet.workout_log_id).where(
            LoggedSet.user_id == self._ctx.user_id, LoggedSet.movement_id.in_(movement_ids)
        )

    def _movement(self, movement_id: object, field: str) -> MovementInfo:
        info = self._ctx.catalog.by_id.get(validate.identifier(movement_id, field))
        if info is None:
            raise NotFound("That movement was not found.")
        return info

    def _parse_workout(self, edit: object, field: str = "edit") -> _Workout:
        edit = validate.request(edit, WorkoutEdit, field, "A workout")
        if not isinstance(edit.performed_at, datetime):
            raise ValidationError(f"{field}.performed_at", "Performed at must be a date and time.")
        at = validate.moment(edit.performed_at, f"{field}.performed_at", self._ctx.now())
        raw = validate.sequence(edit.exercises, f"{field}.exercises", MAX_EXERCISES)
        exercises = tuple(
            self._parse_exercise(item, f"{field}.exercises[{i}]") for i, item in enumerate(raw)
        )
        if not any(e.sets for e in exercises):
            raise ValidationError(f"{field}.exercises", "A workout needs at least one set.")
        return _Workout(
            name=validate.text(edit.name, f"{field}.name", MAX_NAME, required=True),
            performed_at=at.astimezone(UTC),
            duration_seconds=validate.optional_whole(
                edit.duration_seconds, f"{field}.duration_seconds", 0, MAX_DURATION_SECONDS
            ),
            notes=validate.text(edit.notes, f"{field}.notes", MAX_NOTES),
            session_id=_optional_id(edit.session_id, f"{field}.session_id"),
            routine_id=_optional_id(edit.routine_id, f"{field}.routine_id"),
            exercises=tuple(e for e in exercises if e.sets),
        )

    def _parse_exercise(self, item: object, field: str) -> _Exercise:
        if not isinstance(item, ExerciseEdit):
            raise ValidationError(field, "Each exercise needs a movement and its sets.")
        movement = self._movement(item.movement_id, f"{field}.movement_id")
        slot = _optional_id(item.session_exercise_id, f"{field}.session_exercise_id")
        raw = validate.sequence(item.sets, f"{field}.sets", MAX_SETS_PER_EXERCISE)
        sets = tuple(_parse_set(one, f"{field}.sets[{j}]", j + 1) for j, one in enumerate(raw))
        return _Exercise(movement, slot, sets)

    def _linked(self, s: Session, parsed: _Workout) -> _Workout:
        """The workout with only the session, routine and slots that are the lifter's."""
        uid = self._ctx.user_id
        session_id = parsed.session_id
        if session_id is not None:
            session_id = s.scalar(
                select(PlannedSession.id)
                .join(Program, Program.id == PlannedSession.program_id)
                .where(PlannedSession.id == session_id, Program.user_id == uid)
            )
        routine_id = parsed.routine_id
        if routine_id is not None:
            routine_id = s.scalar(
                select(Routine.id).where(Routine.id == routine_id, Routine.user_id == uid)
            )
        wanted = {e.slot for e in parsed.exercises if e.slot is not None}
        slots = dict(
            s.execute(
                select(SessionExercise.id, SessionExercise.session_id).where(
                    SessionExercise.id.in_(wanted), SessionExercise.user_id == uid
                )
            ).all()
        )
        exercises = tuple(
            replace(e, slot=e.slot if _slot_fits(slots, e.slot, session_id) else None)
            for e in parsed.exercises
        )
        return replace(parsed, session_id=session_id, routine_id=routine_id, exercises=exercises)

    def _own_workout(self, s: Session, workout_id: int) -> WorkoutLog:
        row = s.scalar(
            select(WorkoutLog).where(
                WorkoutLog.id == workout_id, WorkoutLog.user_id == self._ctx.user_id
            )
        )
        if row is None:
            raise NotFound(NOT_FOUND)
        return row

    def _own_set(self, s: Session, set_id: int) -> LoggedSet:
        row = s.scalar(
            select(LoggedSet).where(LoggedSet.id == set_id, LoggedSet.user_id == self._ctx.user_id)
        )
        if row is None:
            raise NotFound("That set was not found.")
        return row

    # --- helpers: reading -----------------------------------------------------------------

    def _prefs(self, s: Session) -> _Prefs:
        row = s.execute(
            select(UserSettings.active_e1rm_formula, UserSettings.soreness_decay_hours).where(
                UserSettings.user_id == self._ctx.user_id
            )
        ).first()
        if row is None:
            return _Prefs(E1RMFormula.EPLEY, DEFAULT_DECAY_HOURS)
        return _Prefs(E1RMFormula(row[0]), float(row[1]))

    def _formula(self, s: Session, workout_id: int) -> E1RMFormula:
        """The formula the workout's sets were scored with, so an edit scores like them."""
        stored = s.scalar(
            select(LoggedSet.formula)
            .where(LoggedSet.workout_log_id == workout_id)
            .order_by(LoggedSet.id)
            .limit(1)
        )
        return E1RMFormula(stored) if stored is not None else self._prefs(s).formula

    def _set_numbers(
        self, s: Session, workout_id: int, movement_id: int, slot: int | None
    ) -> list[int]:
        return [
            int(n)
            for n in s.scalars(
                select(LoggedSet.set_number).where(_exercise_of(workout_id, movement_id, slot))
            )
        ]

    def _set_count(self, s: Session, workout_id: int) -> int:
        return int(
            s.scalar(select(func.count(LoggedSet.id)).where(LoggedSet.workout_log_id == workout_id))
            or 0
        )

    def _stored_sets(self, s: Session, workout_id: int) -> dict[int, list[tuple[Any, ...]]]:
        """Per movement, its sets as an edit states them (to tell what an edit changed)."""
        stored: dict[int, list[tuple[Any, ...]]] = {}
        for movement_id, slot, number, weight, reps, rpe, kind, note in s.execute(
            select(
                LoggedSet.movement_id,
                LoggedSet.session_exercise_id,
                LoggedSet.set_number,
                LoggedSet.weight_kg,
                LoggedSet.reps,
                LoggedSet.rpe,
                LoggedSet.set_type,
                LoggedSet.note,
            )
            .where(LoggedSet.workout_log_id == workout_id)
            .order_by(LoggedSet.id)
        ):
            row = (slot, number, float(weight), reps, rpe, SetType(kind), note or "")
            stored.setdefault(int(movement_id), []).append(row)
        return stored

    def _movements_of(self, s: Session, workout_id: int) -> frozenset[int]:
        return frozenset(
            int(m)
            for m in s.scalars(
                select(LoggedSet.movement_id)
                .where(LoggedSet.workout_log_id == workout_id)
                .distinct()
            )
        )

    def _detail(self, s: Session, workout_id: int) -> WorkoutDetail:
        # Core rows, not the ORM objects: edits above changed them with UPDATE statements.
        log = s.execute(
            select(
                WorkoutLog.id,
                WorkoutLog.name,
                WorkoutLog.performed_at,
                WorkoutLog.duration_seconds,
                WorkoutLog.notes,
                WorkoutLog.session_id,
                WorkoutLog.routine_id,
                WorkoutLog.total_volume_kg,
            ).where(WorkoutLog.id == workout_id)
        ).one()
        rows = s.execute(
            select(LoggedSet.movement_id, LoggedSet.session_exercise_id, LoggedSet.formula, *_SET)
            .where(LoggedSet.workout_log_id == workout_id)
            .order_by(LoggedSet.id)
        )
        grouped: dict[tuple[int, int | None], list[HistorySet]] = {}
        formula: E1RMFormula | None = None
        for movement_id, slot, stored, *values in rows:
            formula = formula or E1RMFormula(stored)
            grouped.setdefault((movement_id, slot), []).append(_set(values))
        formula = formula or self._prefs(s).formula
        exercises = tuple(
            HistoryExercise(
                movement_id,
                self._ctx.catalog.name(movement_id),
                slot,
                tuple(sorted(sets, key=lambda x: (x.set_number, x.id))),
            )
            for (movement_id, slot), sets in grouped.items()
        )
        # The records as the logger reports them: each against everything done before it.
        records = self._logs._stored_records(s, workout_id, log.performed_at, formula)
        return WorkoutDetail(
            id=log.id,
            name=log.name,
            performed_at=log.performed_at,
            duration_seconds=log.duration_seconds,
            notes=log.notes or "",
            session_id=log.session_id,
            routine_id=log.routine_id,
            formula=formula,
            total_volume_kg=float(log.total_volume_kg),
            exercises=exercises,
            personal_records=records,
        )

    # --- helpers: writing -----------------------------------------------------------------

    def _insert(
        self,
        s: Session,
        workout: WorkoutLog,
        exercises: Sequence[_Exercise],
        formula: E1RMFormula | None = None,
    ) -> None:
        """Inserts sets scored as logging scores them (e1RM, hard or not), in one statement."""
        chosen = formula or self._formula(s, workout.id)
        resolved = [_Resolved(e.movement, e.slot, e.sets) for e in exercises]
        rows = [
            {
                "workout_log_id": workout.id,
                "user_id": self._ctx.user_id,
                "movement_id": x.movement.id,
                "session_exercise_id": x.session_exercise_id,
                "set_number": x.set.set_number,
                "performed_at": workout.performed_at,
                **_set_values(x.set, x.e1rm_kg, x.is_hard, chosen),
            }
            for x in _score(resolved, chosen)
        ]
        if rows:
            s.execute(insert(LoggedSet), rows)

    def _settle(self, s: Session, workout_id: int, at: datetime, change: _Change) -> None:
        """Top sets and volume of the edited workout, then what reaches past it."""
        self._rebuild_tops(s, workout_id, at, change.movements)
        volume = s.scalar(
            select(func.coalesce(func.sum(LoggedSet.weight_kg * LoggedSet.reps), 0.0)).where(
                LoggedSet.workout_log_id == workout_id, LoggedSet.set_type != SetType.WARMUP
            )
        )
        s.execute(
            update(WorkoutLog)
            .where(WorkoutLog.id == workout_id)
            .values(total_volume_kg=float(volume or 0.0))
        )
        self._after_change(s, change)

    def _after_change(self, s: Session, change: _Change) -> None:
        """PR flags of the touched movements from the change on; recovery if still felt."""
        prefs = self._prefs(s)
        days = {day_bests.day_of(t) for t in change.times}
        day_bests.refresh(s, self._ctx.user_id, {(m, d) for m in change.movements for d in days})
        recompute_since(s, self._ctx.user_id, change.movements, prefs.formula, change.since)
        now = self._ctx.now()
        if any(recovery_replay.affects_recovery(t, now, prefs.decay_hours) for t in change.times):
            recovery_replay.replay(s, self._ctx.user_id, self._ctx.catalog, now, prefs.decay_hours)

    def _rebuild_tops(
        self, s: Session, workout_id: int, at: datetime, movement_ids: Iterable[int]
    ) -> None:
        """The workout's top set of each movement again: its best working set by e1RM, the
        heavier one on a tie and the first logged after that (as logging picks it)."""
        ids = sorted(set(movement_ids))
        s.execute(
            delete(TopSetLog).where(
                TopSetLog.workout_log_id == workout_id, TopSetLog.movement_id.in_(ids)
            )
        )
        best = {
            movement_id: pick
            for (_, movement_id), pick in top_sets(
                s, LoggedSet.workout_log_id == workout_id, LoggedSet.movement_id.in_(ids)
            ).items()
        }
        rows = [
            {
                "user_id": self._ctx.user_id,
                "workout_log_id": workout_id,
                "movement_id": movement_id,
                "pattern": self._ctx.catalog.by_id[movement_id].pattern,
                "weight_kg": weight,
                "reps": reps,
                "rpe": rpe,
                "e1rm_kg": e1rm,
                "is_e1rm_pr": False,  # set by the walk that follows
                "is_rep_pr": False,
                "performed_at": at,
            }
            for movement_id, (e1rm, weight, reps, rpe) in best.items()
        ]
        if rows:
            s.execute(insert(TopSetLog), rows)


# --- pure helpers ---------------------------------------------------------------------------


def _optional_id(value: object, field: str) -> int | None:
    return None if value is None else validate.identifier(value, field)


def _parse_set(item: object, field: str, number: int) -> _Set:
    if not isinstance(item, SetEdit):
        raise ValidationError(field, "Each set needs a weight, reps and RPE.")
    return _Set(
        set_number=number,
        weight_kg=_weight_kg(item.weight_kg, f"{field}.weight_kg", WeightUnit.KG),
        reps=validate.whole(item.reps, f"{field}.reps", 1, MAX_REPS),
        rpe=validate.optional_number(item.rpe, f"{field}.rpe", 1, 10),
        set_type=validate.enum_value(SetType, item.set_type, f"{field}.set_type", "Set type"),
        note=validate.text(item.note, f"{field}.note", MAX_SET_NOTE),
    )


def _set_values(one: _Set, e1rm: float, hard: bool, formula: E1RMFormula) -> dict[str, Any]:
    return {
        "weight_kg": one.weight_kg,
        "reps": one.reps,
        "rpe": one.rpe,
        "set_type": one.set_type,
        "note": one.note,
        "e1rm_kg": e1rm,
        "is_hard": hard,
        "formula": formula,
    }


def _header(workout: _Workout) -> dict[str, Any]:
    return {
        "name": workout.name,
        "performed_at": workout.performed_at,
        "duration_seconds": workout.duration_seconds,
        "notes": workout.notes,
        "session_id": workout.session_id,
        "routine_id": workout.routine_id,
    }


def _edited_sets(workout: _Workout) -> dict[int, list[tuple[Any, ...]]]:
    """Per movement, the sets an edit asks for, in the form `_stored_sets` reads them."""
    edited: dict[int, list[tuple[Any, ...]]] = {}
    for exercise in workout.exercises:
        for one in exercise.sets:
            row = (exercise.slot, one.set_number, one.weight_kg, one.reps, one.rpe,
                   one.set_type, one.note)  # fmt: skip
            edited.setdefault(exercise.movement.id, []).append(row)
    return edited


def _exercise_of(workout_id: int, movement_id: int, slot: int | None) -> ColumnElement[bool]:
    same_slot = (
        LoggedSet.session_exercise_id.is_(None)
        if slot is None
        else LoggedSet.session_exercise_id == slot
    )
    return and_(
        LoggedSet.workout_log_id == workout_id, LoggedSet.movement_id == movement_id, same_slot
    )


def _slot_fits(slots: dict[int, int | None], slot: int | None, session_id: int | None) -> bool:
    """A slot of the lifter's, of the workout's session (or a free-standing custom slot)."""
    if slot is None or slot not in slots:
        return False
    owner = slots[slot]
    return owner is None or owner == session_id


_SET = (
    LoggedSet.id,
    LoggedSet.set_number,
    LoggedSet.weight_kg,
    LoggedSet.reps,
    LoggedSet.rpe,
    LoggedSet.e1rm_kg,
    LoggedSet.is_hard,
    LoggedSet.set_type,
    LoggedSet.note,
)


def _set(values: Sequence[Any]) -> HistorySet:
    set_id, number, weight, reps, rpe, e1rm, hard, set_type, note = values
    return HistorySet(
        id=int(set_id),
        set_number=int(number),
        weight_kg=float(weight),
        reps=int(reps),
        rpe=rpe,
        e1rm_kg=float(e1rm),
        is_hard=bool(hard),
        set_type=SetType(set_type),
        note=note or "",
    )


def _local_midnight(day: date) -> datetime:
    """The lifter's local midnight of a date, as the UTC instant the store compares."""
    return datetime.combine(day, time(0)).astimezone().astimezone(UTC)


def _rows(
    s: Session, where: Sequence[ColumnElement[bool]], limit: int, offset: int
) -> list[HistoryRow]:
    """One page of the list; sets, exercises and records counted for that page only."""
    working = and_(LoggedSet.workout_log_id == WorkoutLog.id, LoggedSet.set_type != SetType.WARMUP)
    sets = select(func.count(LoggedSet.id)).where(working).scalar_subquery()
    exercises = (
        select(func.count(func.distinct(LoggedSet.movement_id)))
        .where(LoggedSet.workout_log_id == WorkoutLog.id)
        .scalar_subquery()
    )
    flags = cast(TopSetLog.is_e1rm_pr, Integer) + cast(TopSetLog.is_rep_pr, Integer)
    records = (
        select(func.coalesce(func.sum(flags), 0))
        .where(TopSetLog.workout_log_id == WorkoutLog.id)
        .scalar_subquery()
    )
    result = s.execute(
        select(
            WorkoutLog.id,
            WorkoutLog.name,
            WorkoutLog.performed_at,
            WorkoutLog.duration_seconds,
            sets,
            exercises,
            WorkoutLog.total_volume_kg,
            records,
            WorkoutLog.session_id,
            WorkoutLog.routine_id,
        )
        .where(*where)
        .order_by(WorkoutLog.performed_at.desc(), WorkoutLog.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        HistoryRow(
            id=int(r[0]),
            name=r[1],
            performed_at=r[2],
            duration_seconds=r[3],
            sets=int(r[4] or 0),
            exercises=int(r[5] or 0),
            total_volume_kg=float(r[6] or 0.0),
            records=int(r[7] or 0),
            session_id=r[8],
            routine_id=r[9],
        )
        for r in result
    ]
