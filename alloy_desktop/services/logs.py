"""Logging workouts, soreness and recovery signals, and the history and charts built on them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    E1RMFormula,
    ExerciseRole,
    MuscleGroup,
    RecoverySignalLevel,
    SetType,
    WeightUnit,
)
from alloy_desktop.domain.metrics import estimate_e1rm, from_display, is_hard_set, to_display
from alloy_desktop.domain.recovery import (
    DEFAULT_DECAY_HOURS,
    MAX_LEVEL,
    RecoveryInputs,
    current_recovery,
    recovery_score,
)
from alloy_desktop.services import day_bests, history, validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import NotFound, ValidationError, domain_errors
from alloy_desktop.services.imports.records import recompute_since
from alloy_desktop.services.recovery_state import (
    StoredRecovery,
    apply_soreness,
    apply_workout,
    stored_recovery,
)
from alloy_desktop.services.routines import scheduled_days
from alloy_desktop.services.schemas import (
    AdherenceResponse,
    CompletedExercise,
    CompletedSet,
    CustomExercise,
    CustomWorkoutLogCreate,
    E1RMPoint,
    LastPerformance,
    LoggedExerciseResponse,
    LoggedSetResponse,
    MuscleRecoveryStateResponse,
    PersonalRecord,
    RecoverySignalCreate,
    RecoverySignalResponse,
    SorenessInput,
    SorenessLogCreate,
    SorenessLogResponse,
    WeeklyHardSets,
    WorkoutDraftResponse,
    WorkoutLogCreate,
    WorkoutLogResponse,
    WorkoutSummary,
)
from alloy_desktop.store.models import (
    LoggedSet,
    Program,
    RecoverySignal,
    Routine,
    SessionExercise,
    SorenessLog,
    TopSetLog,
    UserSettings,
    WorkoutDraft,
    WorkoutLog,
)
from alloy_desktop.store.models import Session as PlannedSession

MAX_REPS = 100
MAX_WEIGHT_KG = 1000.0
MAX_SET_NUMBER = 1000
MAX_EXERCISES = 100
MAX_SETS_PER_EXERCISE = 100
MAX_NOTES = 2000
MAX_SET_NOTE = 255
MAX_NAME = 120
MAX_DURATION_SECONDS = 24 * 3600
MAX_DRAFT_BYTES = 1_000_000
MAX_PAGE = 500
MAX_OFFSET = 1_000_000_000  # far past any history, and inside SQLite's 64-bit integers
MAX_HISTORY_DAYS = 3650
MAX_WEEKS = 520
MAX_HRV_MS = 1000.0
PR_TOLERANCE = 1e-9  # a "new" best must beat the old one by more than float noise
DEFAULT_WORKOUT_NAME = "Workout"


@dataclass(frozen=True)
class _Prefs:
    formula: E1RMFormula
    unit: WeightUnit
    decay_hours: float


@dataclass(frozen=True)
class _Set:
    set_number: int
    weight_kg: float
    reps: int
    rpe: float | None
    set_type: SetType = SetType.NORMAL
    note: str = ""

    @property
    def is_warmup(self) -> bool:
        return self.set_type is SetType.WARMUP


@dataclass(frozen=True)
class _Exercise:
    """One exercise as requested: which movement or plan slot, and its checked sets."""

    field: str
    movement_id: int | None
    session_exercise_id: int | None
    sets: tuple[_Set, ...]


@dataclass(frozen=True)
class _Resolved:
    movement: MovementInfo
    session_exercise_id: int | None
    sets: tuple[_Set, ...]


@dataclass(frozen=True)
class _Scored:
    """A set with its e1RM and hard-set flag, as stored."""

    exercise: int
    movement: MovementInfo
    session_exercise_id: int | None
    set: _Set
    e1rm_kg: float
    is_hard: bool


@dataclass(frozen=True)
class _Workout:
    session_id: int | None
    name: str
    performed_at: datetime
    duration_seconds: int | None
    notes: str
    is_custom: bool
    routine_id: int | None = None  # the hand-built routine it was started from


class LogService:
    """The spec's /logs endpoints plus history, charts, adherence and the workout draft."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    # --- Workouts -------------------------------------------------------------------------

    def log_workout(self, request: WorkoutLogCreate) -> WorkoutLogResponse:
        """Logs a (planned or free) workout: sets with e1RM, top sets and PRs, recovery."""
        request = validate.request(request, WorkoutLogCreate, "request", "A workout")
        session_id = _optional_id(request.session_id, "session_id")
        header = self._header(request, session_id, is_custom=False)
        raw = validate.sequence(request.completed_exercises, "completed_exercises", MAX_EXERCISES)
        with self._ctx.write() as s:
            prefs = self._prefs(s, request.unit)
            exercises = [
                _parse_exercise(item, f"completed_exercises[{i}]", prefs.unit)
                for i, item in enumerate(raw)
            ]
            _require_a_set(exercises, "completed_exercises")
            name = self._session_name(s, session_id)
            resolved = self._resolve(s, exercises, session_id)
            return self._record(s, replace(header, name=name), resolved, prefs)

    def log_custom_workout(self, request: CustomWorkoutLogCreate) -> WorkoutLogResponse:
        """Logs an ad-hoc workout; its exercises become session-less SessionExercise rows."""
        request = validate.request(request, CustomWorkoutLogCreate, "request", "A workout")
        header = self._header(request, None, is_custom=True)
        header = replace(header, name=validate.text(request.name, "name", MAX_NAME, required=True))
        raw = validate.sequence(request.exercises, "exercises", MAX_EXERCISES)
        with self._ctx.write() as s:
            prefs = self._prefs(s, request.unit)
            exercises = [
                _parse_custom(item, f"exercises[{i}]", prefs.unit) for i, item in enumerate(raw)
            ]
            _require_a_set(exercises, "exercises")
            exercises = [e for e in exercises if e.sets]  # no empty slots for skipped exercises
            header = replace(header, routine_id=self._routine_id(s, request.routine_id))
            movements = [self._movement(e.movement_id, f"{e.field}.movement_id") for e in exercises]
            slots = self._custom_slots(s, movements, exercises)
            resolved = [
                _Resolved(movement, slot, exercise.sets)
                for movement, slot, exercise in zip(movements, slots, exercises, strict=True)
            ]
            return self._record(s, header, resolved, prefs)

    def workouts(self, limit: int = 50, offset: int = 0) -> list[WorkoutSummary]:
        """The workout history, newest first."""
        count = validate.whole(limit, "limit", 1, MAX_PAGE)
        skip = validate.whole(offset, "offset", 0, MAX_OFFSET)
        with self._ctx.read() as s:
            rows = history.workout_rows(s, self._ctx.user_id, count, skip)
        return [
            WorkoutSummary(
                r.id,
                r.name,
                r.performed_at,
                r.session_id,
                r.sets,
                r.total_volume_kg,
                r.duration_seconds,
            )
            for r in rows
        ]

    def workout(self, workout_id: int) -> WorkoutLogResponse:
        """One logged workout with its sets and the records it set."""
        wid = validate.identifier(workout_id, "workout_id")
        with self._ctx.read() as s:
            log = s.scalar(
                select(WorkoutLog).where(
                    WorkoutLog.id == wid, WorkoutLog.user_id == self._ctx.user_id
                )
            )
            if log is None:
                raise NotFound("That workout was not found.")
            sets = s.execute(
                select(LoggedSet).where(LoggedSet.workout_log_id == wid).order_by(LoggedSet.id)
            ).scalars()
            stored = list(sets)
            formula = stored[0].formula if stored else self._prefs(s, None).formula
            records = self._stored_records(s, wid, log.performed_at, formula)
            exercises = self._stored_exercises(stored)
            return WorkoutLogResponse(
                id=log.id,
                session_id=log.session_id,
                name=log.name,
                performed_at=log.performed_at,
                duration_seconds=log.duration_seconds,
                formula=E1RMFormula(formula),
                exercises=exercises,
                total_volume_kg=log.total_volume_kg,
                personal_records=records,
            )

    def last_performance(self, movement_id: int) -> LastPerformance | None:
        """The sets of the most recent workout with this movement (the logger prefills them)."""
        movement = self._movement(movement_id, "movement_id")
        with self._ctx.read() as s:
            last = history.last_workout_with(s, self._ctx.user_id, movement.id)
            if last is None:
                return None
            rows = s.execute(
                select(LoggedSet)
                .where(
                    LoggedSet.workout_log_id == last[0],
                    LoggedSet.movement_id == movement.id,
                    LoggedSet.set_type != SetType.WARMUP,
                )
                .order_by(LoggedSet.set_number, LoggedSet.id)
            ).scalars()
            sets = tuple(_set_response(row) for row in rows)
        return LastPerformance(movement_id=movement.id, performed_at=last[1], sets=sets)

    def logged_movements(self) -> list[tuple[int, str]]:
        """(movement id, name) of every movement with logged sets, most logged first."""
        with self._ctx.read() as s:
            counts = history.logged_movement_counts(s, self._ctx.user_id)
        return [(movement_id, self._ctx.catalog.name(movement_id)) for movement_id, _ in counts]

    # --- Charts and adherence -------------------------------------------------------------

    def e1rm_trend(
        self,
        movement_id: int,
        formula: E1RMFormula | str | None = None,
        since: date | None = None,
    ) -> list[E1RMPoint]:
        """Daily best e1RM of one movement (in `formula`, default the user's); PR days marked."""
        movement = self._movement(movement_id, "movement_id")
        chosen = validate.optional_enum(E1RMFormula, formula, "formula")
        start = None if since is None else validate.day(since, "since")
        uid = self._ctx.user_id
        with self._ctx.read() as s:
            chosen = chosen or self._prefs(s, None).formula
            days = day_bests.trend(s, uid, movement.id, chosen, start)
            best = None
            if start is not None and days:
                best = day_bests.best_before(s, uid, movement.id, chosen, start)
        points: list[E1RMPoint] = []
        for day, e1rm, weight, reps in days:
            is_pr = best is not None and e1rm > best + PR_TOLERANCE
            points.append(E1RMPoint(day, e1rm, weight, reps, is_pr))
            best = e1rm if best is None or e1rm > best else best
        return points

    def weekly_hard_sets(
        self, weeks: int = 12, now: datetime | None = None
    ) -> list[WeeklyHardSets]:
        """Hard sets per muscle group per ISO week (Monday, UTC), for the last `weeks` weeks.

        Only weeks and groups with hard sets appear; a primary muscle counts a set as 1,
        a secondary one as 0.5.
        """
        count = validate.whole(weeks, "weeks", 1, MAX_WEEKS)
        moment = validate.moment(now, "now", self._ctx.now()).astimezone(UTC)
        monday = moment.date() - timedelta(days=moment.weekday())
        start = history.day_range(monday - timedelta(weeks=count - 1))[0]
        end = history.day_range(monday + timedelta(weeks=1))[0]
        with self._ctx.read() as s:
            rows = history.weekly_hard_sets(s, self._ctx.user_id, start, end)
        return [WeeklyHardSets(week, group, total) for week, group, total in rows]

    def adherence(self, program_id: int | None = None) -> AdherenceResponse:
        """Planned vs completed sessions of a program (default: the active one), with streaks.

        A session counts as completed once a workout is logged against it, and as missed
        when its day has passed without one; today's session is upcoming until logged.
        Rest days have no sessions, so they never break a streak. Without a program named,
        the days of scheduled routines count as sessions too (services/routines.py), and
        they alone give an adherence when no program is active.
        """
        wanted = _optional_id(program_id, "program_id")
        today = self._ctx.today()
        with self._ctx.read() as s:
            routine_days = [] if wanted is not None else scheduled_days(s, self._ctx.user_id, today)
            pid = self._adherence_program(s, wanted, bool(routine_days))
            done = history.session_done(self._ctx.user_id)
            rows = s.execute(
                select(PlannedSession.session_date, done)
                .where(PlannedSession.program_id == pid)
                .order_by(PlannedSession.session_date, PlannedSession.id)
            ).all()
        sessions = [(day, bool(completed)) for day, completed in rows] + routine_days
        result = _adherence(pid, sorted(sessions, key=lambda session: session[0]), today)
        return replace(result, routine_sessions=len(routine_days))

    # --- Soreness and recovery ------------------------------------------------------------

    def log_soreness(self, request: SorenessLogCreate) -> SorenessLogResponse:
        """Stores soreness per body part and resets those muscles' recovery to 10 - level."""
        request = validate.request(request, SorenessLogCreate, "request", "A soreness report")
        at = validate.moment(request.logged_at, "logged_at", self._ctx.now())
        raw = validate.sequence(request.soreness_entries, "soreness_entries", len(BodyPart) * 4)
        if not raw:
            raise ValidationError("soreness_entries", "Rate at least one body part.")
        entries = [_parse_soreness(item, f"soreness_entries[{i}]") for i, item in enumerate(raw)]
        rows = [
            {"user_id": self._ctx.user_id, "logged_at": at, "body_part": part, "level": level}
            for part, level in entries
        ]
        with self._ctx.write() as s:
            s.execute(insert(SorenessLog), rows)
            apply_soreness(s, self._ctx.user_id, entries, at)
        return SorenessLogResponse(
            logged_at=at, entries=tuple(SorenessInput(part, level) for part, level in entries)
        )

    def soreness_history(self, days: int = 30) -> list[SorenessLogResponse]:
        """Soreness reports of the last `days` days, newest first (one per logging)."""
        span = validate.whole(days, "days", 1, MAX_HISTORY_DAYS)
        since = self._ctx.now() - timedelta(days=span)
        with self._ctx.read() as s:
            rows = s.execute(
                select(SorenessLog.logged_at, SorenessLog.body_part, SorenessLog.level)
                .where(SorenessLog.user_id == self._ctx.user_id, SorenessLog.logged_at >= since)
                .order_by(SorenessLog.logged_at.desc(), SorenessLog.id)
            ).all()
        grouped: dict[datetime, list[SorenessInput]] = {}
        for at, part, level in rows:
            grouped.setdefault(at, []).append(SorenessInput(BodyPart(part), level))
        return [SorenessLogResponse(at, tuple(items)) for at, items in grouped.items()]

    def muscle_recovery(self, now: datetime | None = None) -> list[MuscleRecoveryStateResponse]:
        """Every muscle group's recovery at `now` (rest credited), by body part then group."""
        moment = validate.moment(now, "now", self._ctx.now())
        with self._ctx.read() as s:
            decay = self._prefs(s, None).decay_hours
            stored = stored_recovery(s, self._ctx.user_id)
        with domain_errors():
            return [_recovery_response(group, stored.get(group), moment, decay) for group in _ORDER]

    def log_recovery_signal(self, request: RecoverySignalCreate) -> RecoverySignalResponse:
        """Stores sleep, stress and energy (any may be missing) with their recovery score."""
        request = validate.request(request, RecoverySignalCreate, "request", "A recovery signal")
        at = validate.moment(request.logged_at, "logged_at", self._ctx.now())
        values = _parse_signal(request)
        with domain_errors():
            score = recovery_score(
                RecoveryInputs(
                    sleep_hours=values["sleep_hours"],
                    sleep_quality=values["sleep_quality"],
                    stress=values["stress"],
                    energy=values["energy"],
                    signal=values["signal"],
                )
            )
        with self._ctx.write() as s:
            row = RecoverySignal(
                user_id=self._ctx.user_id, logged_at=at, recovery_score=score, **values
            )
            s.add(row)
            s.flush()
            return _signal_response(row)

    def recovery_signals(self, limit: int = 30) -> list[RecoverySignalResponse]:
        """The latest recovery signals, newest first."""
        count = validate.whole(limit, "limit", 1, MAX_PAGE)
        with self._ctx.read() as s:
            rows = s.execute(
                select(RecoverySignal)
                .where(RecoverySignal.user_id == self._ctx.user_id)
                .order_by(RecoverySignal.logged_at.desc(), RecoverySignal.id.desc())
                .limit(count)
            ).scalars()
            return [_signal_response(row) for row in rows]

    # --- Draft ----------------------------------------------------------------------------

    def save_draft(self, payload: dict[str, Any]) -> WorkoutDraftResponse:
        """Saves the in-progress workout (any JSON-able dict up to 1 MB); one per user."""
        clean = _draft_payload(payload)
        now = self._ctx.now()
        with self._ctx.write() as s:
            draft = s.scalar(select(WorkoutDraft).where(WorkoutDraft.user_id == self._ctx.user_id))
            if draft is None:
                draft = WorkoutDraft(user_id=self._ctx.user_id, started_at=now)
                s.add(draft)
            draft.payload = clean
            draft.updated_at = now
            s.flush()
            return WorkoutDraftResponse(clean, draft.started_at, now)

    def load_draft(self) -> WorkoutDraftResponse | None:
        """The saved in-progress workout, if any."""
        with self._ctx.read() as s:
            row = s.execute(
                select(
                    WorkoutDraft.payload, WorkoutDraft.started_at, WorkoutDraft.updated_at
                ).where(WorkoutDraft.user_id == self._ctx.user_id)
            ).first()
        return None if row is None else WorkoutDraftResponse(row[0], row[1], row[2])

    def discard_draft(self) -> None:
        """Throws the in-progress workout away (nothing happens when there is none)."""
        with self._ctx.write() as s:
            s.execute(delete(WorkoutDraft).where(WorkoutDraft.user_id == self._ctx.user_id))

    # --- Helpers: lookups -----------------------------------------------------------------

    def _prefs(self, s: Session, unit: object) -> _Prefs:
        row = s.execute(
            select(
                UserSettings.active_e1rm_formula,
                UserSettings.weight_unit,
                UserSettings.soreness_decay_hours,
            ).where(UserSettings.user_id == self._ctx.user_id)
        ).first()
        formula, stored_unit, decay = row or (E1RMFormula.EPLEY, WeightUnit.KG, DEFAULT_DECAY_HOURS)
        chosen = validate.optional_enum(WeightUnit, unit, "unit") or WeightUnit(stored_unit)
        return _Prefs(E1RMFormula(formula), chosen, float(decay))

    def _movement(self, movement_id: object, field: str) -> MovementInfo:
        info = self._ctx.catalog.by_id.get(validate.identifier(movement_id, field))
        if info is None:
            raise NotFound("That movement was not found.")
        return info

    def _program_id(self, s: Session, wanted: int | None) -> int:
        query = select(Program.id).where(Program.user_id == self._ctx.user_id)
        if wanted is not None:
            query = query.where(Program.id == wanted)
        else:
            query = query.where(Program.is_active.is_(True))
        found = s.scalar(query.order_by(Program.created_at.desc(), Program.id.desc()).limit(1))
        if found is None:
            raise NotFound(
                "That program was not found." if wanted else "You have no active program."
            )
        return int(found)

    def _adherence_program(self, s: Session, wanted: int | None, has_routines: bool) -> int | None:
        """The program adherence reads; None when scheduled routines stand in for one."""
        try:
            return self._program_id(s, wanted)
        except NotFound:
            if wanted is not None or not has_routines:
                raise
            return None

    def _routine_id(self, s: Session, value: object) -> int | None:
        """The lifter's own routine a workout was started from (None: none)."""
        if value is None:
            return None
        wanted = validate.identifier(value, "routine_id")
        found = s.scalar(
            select(Routine.id).where(Routine.id == wanted, Routine.user_id == self._ctx.user_id)
        )
        if found is None:
            raise NotFound("That routine was not found.")
        return int(found)

    def _session_name(self, s: Session, session_id: int | None) -> str:
        if session_id is None:
            return DEFAULT_WORKOUT_NAME
        name = s.scalar(
            select(PlannedSession.name)
            .join(Program, Program.id == PlannedSession.program_id)
            .where(PlannedSession.id == session_id, Program.user_id == self._ctx.user_id)
        )
        if name is None:
            raise NotFound("That session was not found.")
        return str(name)

    def _resolve(
        self, s: Session, exercises: Sequence[_Exercise], session_id: int | None
    ) -> list[_Resolved]:
        slots = self._slots(s, [e.session_exercise_id for e in exercises if e.session_exercise_id])
        resolved = []
        for exercise in exercises:
            slot = exercise.session_exercise_id
            if slot is not None and (slot not in slots or _wrong_session(slots[slot], session_id)):
                raise NotFound("That exercise is not part of this session.")
            if exercise.movement_id is not None:
                movement = self._movement(exercise.movement_id, f"{exercise.field}.movement_id")
            elif slot is not None:
                movement = self._movement(slots[slot][0], f"{exercise.field}.session_exercise_id")
            else:
                raise ValidationError(
                    f"{exercise.field}.movement_id", "Choose the exercise these sets belong to."
                )
            resolved.append(_Resolved(movement, slot, exercise.sets))
        return resolved

    def _slots(self, s: Session, ids: Sequence[int]) -> dict[int, tuple[int, int | None]]:
        """Plan slots of this user by id: (movement id, session id)."""
        if not ids:
            return {}
        rows = s.execute(
            select(
                SessionExercise.id, SessionExercise.movement_id, SessionExercise.session_id
            ).where(SessionExercise.id.in_(set(ids)), SessionExercise.user_id == self._ctx.user_id)
        )
        return {row_id: (movement_id, sid) for row_id, movement_id, sid in rows}

    def _custom_slots(
        self, s: Session, movements: Sequence[MovementInfo], exercises: Sequence[_Exercise]
    ) -> list[int]:
        """Inserts the custom workout's exercises as session-less slots, in one statement."""
        rows = [
            _custom_slot(self._ctx.user_id, order, movement, exercise.sets)
            for order, (movement, exercise) in enumerate(zip(movements, exercises, strict=True), 1)
        ]
        statement = insert(SessionExercise).returning(
            SessionExercise.id, sort_by_parameter_order=True
        )
        return [int(row_id) for row_id in s.scalars(statement, rows)]

    # --- Helpers: recording ---------------------------------------------------------------

    def _header(self, request: Any, session_id: int | None, is_custom: bool) -> _Workout:
        return _Workout(
            session_id=session_id,
            name=DEFAULT_WORKOUT_NAME,
            performed_at=validate.moment(request.performed_at, "performed_at", self._ctx.now()),
            duration_seconds=validate.optional_whole(
                request.duration_seconds, "duration_seconds", 0, MAX_DURATION_SECONDS
            ),
            notes=validate.text(request.notes, "notes", MAX_NOTES),
            is_custom=is_custom,
        )

    def _record(
        self, s: Session, header: _Workout, exercises: Sequence[_Resolved], prefs: _Prefs
    ) -> WorkoutLogResponse:
        """Writes the workout, its sets and top sets, lowers recovery and clears the draft."""
        scored = _score(exercises, prefs.formula)
        tops = _top_sets(scored)
        movement_ids = sorted({x.movement.id for x in tops})
        # Logged after later workouts of the same lifts (yesterday's, entered today): judged
        # against what came before it only, and the later workouts' records walked again.
        backdated = history.done_after(s, self._ctx.user_id, movement_ids, header.performed_at)
        volume = sum(x.set.weight_kg * x.set.reps for x in scored if not x.set.is_warmup)
        log = WorkoutLog(
            user_id=self._ctx.user_id,
            session_id=header.session_id,
            name=header.name,
            performed_at=header.performed_at,
            duration_seconds=header.duration_seconds,
            total_volume_kg=volume,
            is_custom=header.is_custom,
            notes=header.notes,
            routine_id=header.routine_id,
            created_at=self._ctx.now(),
        )
        s.add(log)
        s.flush()
        before = (header.performed_at, log.id) if backdated else None
        records = self._new_records(s, tops, prefs.formula, before)
        s.execute(insert(LoggedSet), [self._set_row(log.id, x, header, prefs) for x in scored])
        day = day_bests.day_of(header.performed_at)
        working = [x for x in scored if not x.set.is_warmup]
        day_bests.add(
            s,
            self._ctx.user_id,
            day,
            ((x.movement.id, x.set.weight_kg, x.set.reps, x.set.rpe) for x in working),
        )
        if tops:  # a workout of warm-ups alone has no top set
            s.execute(insert(TopSetLog), [self._top_row(log.id, x, header, records) for x in tops])
        if backdated:
            recompute_since(s, self._ctx.user_id, movement_ids, prefs.formula, header.performed_at)
        apply_workout(
            s, self._ctx.user_id, _hard_sets(scored), header.performed_at, prefs.decay_hours
        )
        s.execute(delete(WorkoutDraft).where(WorkoutDraft.user_id == self._ctx.user_id))
        return WorkoutLogResponse(
            id=log.id,
            session_id=header.session_id,
            name=header.name,
            performed_at=header.performed_at,
            duration_seconds=header.duration_seconds,
            formula=prefs.formula,
            exercises=_exercise_responses(scored, len(exercises)),
            total_volume_kg=volume,
            personal_records=tuple(r for x in tops for r in records.get(x.movement.id, ())),
        )

    def _set_row(self, log_id: int, x: _Scored, header: _Workout, prefs: _Prefs) -> dict[str, Any]:
        return {
            "workout_log_id": log_id,
            "user_id": self._ctx.user_id,
            "movement_id": x.movement.id,
            "session_exercise_id": x.session_exercise_id,
            "set_number": x.set.set_number,
            "weight_kg": x.set.weight_kg,
            "reps": x.set.reps,
            "rpe": x.set.rpe,
            "e1rm_kg": x.e1rm_kg,
            "formula": prefs.formula,
            "is_hard": x.is_hard,
            "performed_at": header.performed_at,
            "set_type": x.set.set_type,
            "note": x.set.note,
        }

    def _top_row(
        self,
        log_id: int,
        x: _Scored,
        header: _Workout,
        records: dict[int, list[PersonalRecord]],
    ) -> dict[str, Any]:
        kinds = {r.kind for r in records.get(x.movement.id, ())}
        return {
            "user_id": self._ctx.user_id,
            "workout_log_id": log_id,
            "movement_id": x.movement.id,
            "pattern": x.movement.pattern,
            "weight_kg": x.set.weight_kg,
            "reps": x.set.reps,
            "rpe": x.set.rpe,
            "e1rm_kg": x.e1rm_kg,
            "is_e1rm_pr": "E1RM" in kinds,
            "is_rep_pr": "REPS" in kinds,
            "performed_at": header.performed_at,
        }

    def _new_records(
        self,
        s: Session,
        tops: Sequence[_Scored],
        formula: E1RMFormula,
        before: tuple[datetime, int] | None = None,
    ) -> dict[int, list[PersonalRecord]]:
        """PRs of this workout's top sets against everything logged before it (run before
        its sets are stored). `before` (its time and id) when later workouts exist; else
        everything stored came earlier, and the day bests answer in one step each."""
        ids = [x.movement.id for x in tops]
        uid = self._ctx.user_id
        if before is None:
            best = day_bests.best_ever(s, uid, ids, formula)
        else:
            best = day_bests.best_before_workout(s, uid, ids, formula, before)
        weights = {x.movement.id: x.set.weight_kg for x in tops}
        most = history.previous_max_reps(s, uid, weights, before)
        records: dict[int, list[PersonalRecord]] = {}
        for x in tops:
            found = _records_for(x, best.get(x.movement.id), most.get(x.movement.id))
            if found:
                records[x.movement.id] = found
        return records

    def _stored_records(
        self, s: Session, workout_id: int, performed_at: datetime, formula: E1RMFormula
    ) -> tuple[PersonalRecord, ...]:
        tops = s.execute(
            select(TopSetLog)
            .where(TopSetLog.workout_log_id == workout_id)
            .where(TopSetLog.is_e1rm_pr.is_(True) | TopSetLog.is_rep_pr.is_(True))
            .order_by(TopSetLog.id)
        ).scalars()
        rows = list(tops)
        ids = [row.movement_id for row in rows]
        uid = self._ctx.user_id
        before = (performed_at, workout_id)
        best = day_bests.best_before_workout(s, uid, ids, E1RMFormula(formula), before)
        weights = {row.movement_id: row.weight_kg for row in rows}
        most = history.previous_max_reps(s, uid, weights, before)
        records: list[PersonalRecord] = []
        for row in rows:
            name = self._ctx.catalog.name(row.movement_id)
            if row.is_e1rm_pr:
                records.append(
                    PersonalRecord(
                        row.movement_id,
                        name,
                        "E1RM",
                        row.e1rm_kg,
                        best.get(row.movement_id),
                        row.weight_kg,
                        row.reps,
                    )
                )
            if row.is_rep_pr:
                previous = most.get(row.movement_id)
                records.append(
                    PersonalRecord(
                        row.movement_id,
                        name,
                        "REPS",
                        float(row.reps),
                        None if previous is None else float(previous),
                        row.weight_kg,
                        row.reps,
                    )
                )
        return tuple(records)

    def _stored_exercises(self, sets: Iterable[LoggedSet]) -> tuple[LoggedExerciseResponse, ...]:
        grouped: dict[tuple[int, int | None], list[LoggedSetResponse]] = {}
        for row in sets:
            grouped.setdefault((row.movement_id, row.session_exercise_id), []).append(
                _set_response(row)
            )
        return tuple(
            LoggedExerciseResponse(movement_id, self._ctx.catalog.name(movement_id), slot, tuple(s))
            for (movement_id, slot), s in grouped.items()
        )


# --- Pure helpers ---------------------------------------------------------------------------

_ORDER: tuple[MuscleGroup, ...] = tuple(
    sorted(
        MuscleGroup,
        key=lambda g: (list(BodyPart).index(MUSCLE_GROUP_BODY_PART[g]), list(MuscleGroup).index(g)),
    )
)


def _optional_id(value: object, field: str) -> int | None:
    return None if value is None else validate.identifier(value, field)


def _wrong_session(slot: tuple[int, int | None], session_id: int | None) -> bool:
    return session_id is not None and slot[1] != session_id


def _weight_kg(value: object, field: str, unit: WeightUnit) -> float:
    amount = validate.number(value, field, low=0)
    kg = from_display(amount, unit)
    if kg > MAX_WEIGHT_KG:
        limit = round(to_display(MAX_WEIGHT_KG, unit), 1)
        raise ValidationError(field, f"Weight must be at most {limit:g} {unit.value.lower()}.")
    return kg


def _parse_set(item: object, field: str, unit: WeightUnit) -> _Set:
    if not isinstance(item, CompletedSet):
        raise ValidationError(field, "Each set needs a set number, weight, reps and RPE.")
    return _Set(
        set_number=validate.whole(item.set_number, f"{field}.set_number", 1, MAX_SET_NUMBER),
        weight_kg=_weight_kg(item.weight, f"{field}.weight", unit),
        reps=validate.whole(item.reps, f"{field}.reps", 1, MAX_REPS),
        rpe=validate.optional_number(item.rpe, f"{field}.rpe", 1, 10),
        set_type=validate.enum_value(SetType, item.set_type, f"{field}.set_type", "Set type"),
        note=validate.text(item.note, f"{field}.note", MAX_SET_NOTE),
    )


def _parse_sets(raw: object, field: str, unit: WeightUnit) -> tuple[_Set, ...]:
    items = validate.sequence(raw, field, MAX_SETS_PER_EXERCISE)
    sets = tuple(_parse_set(item, f"{field}[{j}]", unit) for j, item in enumerate(items))
    seen: set[int] = set()
    for j, one in enumerate(sets):
        if one.set_number in seen:
            raise ValidationError(
                f"{field}[{j}].set_number", f"Set {one.set_number} appears twice in this exercise."
            )
        seen.add(one.set_number)
    return sets


def _parse_exercise(item: object, field: str, unit: WeightUnit) -> _Exercise:
    if not isinstance(item, CompletedExercise):
        raise ValidationError(field, "Each exercise needs its sets.")
    return _Exercise(
        field=field,
        movement_id=_optional_id(item.movement_id, f"{field}.movement_id"),
        session_exercise_id=_optional_id(item.session_exercise_id, f"{field}.session_exercise_id"),
        sets=_parse_sets(item.completed_sets, f"{field}.completed_sets", unit),
    )


def _parse_custom(item: object, field: str, unit: WeightUnit) -> _Exercise:
    if not isinstance(item, CustomExercise):
        raise ValidationError(field, "Each exercise needs a movement and its sets.")
    return _Exercise(
        field=field,
        movement_id=validate.identifier(item.movement_id, f"{field}.movement_id"),
        session_exercise_id=None,
        sets=_parse_sets(item.completed_sets, f"{field}.completed_sets", unit),
    )


def _require_a_set(exercises: Sequence[_Exercise], field: str) -> None:
    if not any(e.sets for e in exercises):
        raise ValidationError(field, "Log at least one set.")


def _score(exercises: Sequence[_Resolved], formula: E1RMFormula) -> list[_Scored]:
    scored = []
    with domain_errors():
        for index, exercise in enumerate(exercises):
            for one in exercise.sets:
                e1rm = _set_e1rm(one, formula)
                # Stretches never count as hard sets, whatever the RPE says; nor do warm-ups,
                # nor drop sets (a drop set continues the set before it, which counted).
                hard = (
                    is_hard_set(one.rpe, one.reps)
                    and not exercise.movement.is_stretch
                    and one.set_type not in (SetType.WARMUP, SetType.DROP)
                )
                scored.append(
                    _Scored(index, exercise.movement, exercise.session_exercise_id, one, e1rm, hard)
                )
    return scored


def _set_e1rm(one: _Set, formula: E1RMFormula) -> float:
    # A bodyweight set (0 kg added) has no meaningful one-rep max; store 0.
    return 0.0 if one.weight_kg <= 0 else estimate_e1rm(one.weight_kg, one.reps, formula, one.rpe)


def _top_sets(scored: Sequence[_Scored]) -> list[_Scored]:
    """Per movement the working set with the best e1RM (heavier wins a tie), in first-logged
    order; warm-ups are never a top set, so they set no record."""
    best: dict[int, _Scored] = {}
    for x in scored:
        if x.set.is_warmup:
            continue
        current = best.get(x.movement.id)
        if current is None or (x.e1rm_kg, x.set.weight_kg) > (
            current.e1rm_kg,
            current.set.weight_kg,
        ):
            best[x.movement.id] = x
    return list(best.values())


def _records_for(x: _Scored, best: float | None, most_reps: int | None) -> list[PersonalRecord]:
    """An e1RM PR beats every earlier e1RM; a rep PR beats the most reps at this weight or more."""
    found = []
    if best is not None and x.e1rm_kg > best + PR_TOLERANCE:
        found.append(
            PersonalRecord(
                x.movement.id, x.movement.name, "E1RM", x.e1rm_kg, best, x.set.weight_kg, x.set.reps
            )
        )
    if most_reps is not None and x.set.reps > most_reps:
        found.append(
            PersonalRecord(
                x.movement.id,
                x.movement.name,
                "REPS",
                float(x.set.reps),
                float(most_reps),
                x.set.weight_kg,
                x.set.reps,
            )
        )
    return found


def _hard_sets(scored: Iterable[_Scored]) -> dict[MuscleGroup, tuple[float, float]]:
    """Hard sets per muscle group: (sets where it is a primary mover, where secondary)."""
    counts: dict[MuscleGroup, tuple[float, float]] = {}
    for x in scored:
        if not x.is_hard:
            continue
        for group in x.movement.primary:
            primary, secondary = counts.get(group, (0.0, 0.0))
            counts[group] = (primary + 1, secondary)
        for group in x.movement.secondary:
            primary, secondary = counts.get(group, (0.0, 0.0))
            counts[group] = (primary, secondary + 1)
    return counts


def _exercise_responses(
    scored: Sequence[_Scored], count: int
) -> tuple[LoggedExerciseResponse, ...]:
    by_exercise: list[list[_Scored]] = [[] for _ in range(count)]
    for x in scored:
        by_exercise[x.exercise].append(x)
    return tuple(
        LoggedExerciseResponse(
            movement_id=items[0].movement.id,
            movement_name=items[0].movement.name,
            session_exercise_id=items[0].session_exercise_id,
            sets=tuple(
                LoggedSetResponse(
                    x.set.set_number,
                    x.set.weight_kg,
                    x.set.reps,
                    x.set.rpe,
                    x.e1rm_kg,
                    x.is_hard,
                    x.set.set_type,
                    x.set.note,
                )
                for x in items
            ),
        )
        for items in by_exercise
        if items
    )


def _custom_slot(
    user_id: int, order: int, movement: MovementInfo, sets: Sequence[_Set]
) -> dict[str, Any]:
    reps = [one.reps for one in sets]
    rpes = [one.rpe for one in sets if one.rpe is not None]
    return {
        "session_id": None,
        "user_id": user_id,
        "movement_id": movement.id,
        "exercise_role": ExerciseRole.MAIN if movement.is_compound else ExerciseRole.ACCESSORY,
        "pattern": movement.pattern,
        "order_in_session": order,
        "sets": len(sets),
        "reps": min(reps),
        "reps_max": max(reps) if max(reps) > min(reps) else None,
        "rpe": max(rpes) if rpes else None,
        "notes": "",
    }


def _set_response(row: LoggedSet) -> LoggedSetResponse:
    return LoggedSetResponse(
        row.set_number,
        row.weight_kg,
        row.reps,
        row.rpe,
        row.e1rm_kg,
        row.is_hard,
        SetType(row.set_type),
        row.note or "",
    )


def _parse_soreness(item: object, field: str) -> tuple[BodyPart, int]:
    if not isinstance(item, SorenessInput):
        raise ValidationError(field, "Each entry needs a body part and a level.")
    part = validate.enum_value(BodyPart, item.body_part, f"{field}.body_part", "Body part")
    return part, validate.whole(item.level, f"{field}.level", 1, 10)


def _recovery_response(
    group: MuscleGroup, state: StoredRecovery | None, now: datetime, decay_hours: float
) -> MuscleRecoveryStateResponse:
    part = MUSCLE_GROUP_BODY_PART[group]
    if state is None:  # never trained or rated: fully recovered
        return MuscleRecoveryStateResponse(group, part, MAX_LEVEL, MAX_LEVEL, now)
    level = current_recovery(state.level, state.last_updated_at, now, decay_hours)
    return MuscleRecoveryStateResponse(group, part, level, state.level, state.last_updated_at)


def _parse_signal(request: RecoverySignalCreate) -> dict[str, Any]:
    return {
        "signal": validate.optional_enum(RecoverySignalLevel, request.signal, "signal"),
        "sleep_hours": validate.optional_number(request.sleep_hours, "sleep_hours", 0, 24),
        "sleep_quality": validate.optional_whole(request.sleep_quality, "sleep_quality", 1, 5),
        "stress": validate.optional_whole(request.stress, "stress", 1, 5),
        "energy": validate.optional_whole(request.energy, "energy", 1, 5),
        "resting_hr": validate.optional_whole(request.resting_hr, "resting_hr", 20, 250),
        "hrv_ms": None
        if request.hrv_ms is None
        else validate.positive(request.hrv_ms, "hrv_ms", MAX_HRV_MS),
        "notes": validate.text(request.notes, "notes", MAX_NOTES),
    }


def _signal_response(row: RecoverySignal) -> RecoverySignalResponse:
    return RecoverySignalResponse(
        id=row.id,
        logged_at=row.logged_at,
        signal=None if row.signal is None else RecoverySignalLevel(row.signal),
        sleep_hours=row.sleep_hours,
        sleep_quality=row.sleep_quality,
        stress=row.stress,
        energy=row.energy,
        resting_hr=row.resting_hr,
        hrv_ms=row.hrv_ms,
        recovery_score=row.recovery_score,
        notes=row.notes,
    )


def _draft_payload(payload: object) -> dict[str, Any]:
    """The payload as it will read back: JSON round-tripped, at most MAX_DRAFT_BYTES."""
    if not isinstance(payload, dict):
        raise ValidationError("payload", "The draft must be a dictionary.")
    try:
        text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ValidationError("payload", "The draft can hold only plain values (JSON).") from exc
    except RecursionError as exc:  # nested deeper than the encoder can follow
        raise ValidationError("payload", "The draft is nested too deeply to save.") from exc
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise ValidationError("payload", "The draft is too large to save (over 1 MB).")
    clean: dict[str, Any] = json.loads(text)
    return clean


def _adherence(
    program_id: int | None, sessions: Sequence[tuple[date, bool]], today: date
) -> AdherenceResponse:
    """Counts and streaks over a program's sessions in date order."""
    settled = [done for day, done in sessions if done or day < today]
    completed = sum(settled)
    missed = len(settled) - completed
    longest = run = 0
    for done in settled:
        run = run + 1 if done else 0
        longest = max(longest, run)
    return AdherenceResponse(
        program_id=program_id,
        planned_sessions=len(sessions),
        completed_sessions=completed,
        missed_sessions=missed,
        upcoming_sessions=len(sessions) - len(settled),
        completion_rate=completed / len(settled) if settled else 0.0,
        current_streak=run,
        longest_streak=longest,
    )
