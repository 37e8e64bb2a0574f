"""Daily planning: the day's plan, rule-based adaptation with its conversation, calendar, swaps."""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, func, insert, select

from alloy_desktop.domain.adaptation import (
    AdaptationInput,
    AdaptationResult,
    SorenessEntry,
    adapt_session,
    sore_groups,
)
from alloy_desktop.domain.catalog import join_words, label
from alloy_desktop.domain.enums import (
    BodyPart,
    ConversationRole,
    ConversationStatus,
    DayOutcome,
    ExerciseRole,
    Goal,
    MuscleGroup,
    RecoverySignalLevel,
)
from alloy_desktop.domain.recovery import DEFAULT_DECAY_HOURS, RecoveryInputs, recovery_score
from alloy_desktop.domain.substitution import Substitute, rank_substitutes
from alloy_desktop.services import history, schemas, validate
from alloy_desktop.services.context import Catalog, UserContext
from alloy_desktop.services.errors import Conflict, NotFound, ValidationError, domain_errors
from alloy_desktop.services.presenters import (
    as_planned,
    day_words,
    jsonable,
    main_goal_of,
    planned_row,
    session_response,
)
from alloy_desktop.services.recovery_state import (
    current_muscle_recovery,
    latest_recovery_signal,
    stored_recovery,
)
from alloy_desktop.services.schemas import (
    AdaptationRequest,
    CalendarDay,
    DailyPlanResponse,
    SessionResponse,
)
from alloy_desktop.services.streams import CoachStream, ConversationFlow
from alloy_desktop.services.user_state import (
    active_program_id,
    fetch_rows,
    load_constraints,
    load_goals,
)
from alloy_desktop.store import tables
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from sqlalchemy.orm import Session as DbSession

    from alloy_desktop.services.context import Reader
    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

SIGNAL_WINDOW = timedelta(hours=24)  # a recovery signal or soreness older than this is stale
MAX_SORENESS_ENTRIES = 20
NOTES_LENGTH = 2000
MAX_SUBSTITUTES = 50
NO_PROGRAM = "You have no active program yet. Create one and your plan shows up here."
NO_CONVERSATION = "That conversation doesn't exist."


@dataclass(frozen=True)
class _DayView:
    """The active program's session on one date, as rows."""

    program_id: int
    session: dict[str, Any]
    exercises: list[dict[str, Any]]
    microcycle_sequence: int
    is_deload: bool
    main_goal: Goal | None


@dataclass(frozen=True)
class _Month:
    """The active program's sessions in one month, which were logged, and its deload days."""

    sessions: dict[date, tuple[int, str]]
    completed: set[int]
    deload_days: set[date]


@dataclass(frozen=True)
class _Request:
    """A checked AdaptationRequest."""

    soreness: tuple[SorenessEntry, ...]
    signal: RecoverySignalLevel | None
    notes: str


def rest_day_message(day: date) -> str:
    """The friendly line shown on a day without a session."""
    return f"Rest day: nothing is planned for {day_words(day)}. Recovery is where you get stronger."


def _no_session(day: date) -> NotFound:
    return NotFound(f"No session is planned for {day_words(day)}: it's a rest day.")


# --- request parsing ------------------------------------------------------------------------


def parse_adaptation(request: AdaptationRequest) -> _Request:
    """Field-level checks of an adaptation request."""
    if not isinstance(request, AdaptationRequest):
        raise ValidationError("request", "An adaptation request is required.")
    items = validate.sequence(request.soreness, "soreness", MAX_SORENESS_ENTRIES)
    entries = []
    for i, item in enumerate(items):
        if not isinstance(item, schemas.SorenessInput):
            raise ValidationError(
                f"soreness[{i}]", "Each soreness entry needs a body part and a level."
            )
        part = validate.enum_value(
            BodyPart, item.body_part, f"soreness[{i}].body_part", "Body part"
        )
        level = validate.whole(item.level, f"soreness[{i}].level", 1, 10)
        entries.append(SorenessEntry(part, level))
    signal = validate.optional_enum(RecoverySignalLevel, request.recovery_signal, "recovery_signal")
    notes = validate.text(request.notes, "notes", NOTES_LENGTH)
    return _Request(tuple(entries), signal, notes)


def request_in_words(day: date, request: _Request) -> str:
    """The user's side of the conversation, as they might have typed it."""
    parts = [f"Please adapt my session for {day_words(day)}."]
    if request.soreness:
        sore = ", ".join(f"{label(e.body_part)} {e.level}/10" for e in request.soreness)
        parts.append(f"Soreness: {sore}.")
    else:
        parts.append("Nothing is sore.")
    if request.signal is not None:
        parts.append(f"Recovery feels {label(request.signal)}.")
    if request.notes:
        parts.append(f"Notes: {request.notes}")
    return " ".join(parts)


# --- responses ------------------------------------------------------------------------------


def _substitute(s: Substitute) -> schemas.SubstituteResponse:
    return schemas.SubstituteResponse(s.movement.id, s.movement.name, s.score, s.reasons)


def adaptation_response(
    result: AdaptationResult, view: _DayView, day: date, catalog: Catalog, thread_id: int
) -> schemas.AdaptationResponse:
    """The domain's adaptation with names and session-exercise ids filled in."""
    slot = {row["order_in_session"]: row["id"] for row in view.exercises}
    best = {item.exercise.order: item.substitutes[0] for item in result.removed if item.substitutes}
    adapted = tuple(
        schemas.AdaptedExerciseResponse(
            session_exercise_id=slot.get(a.original.order),
            movement_id=a.original.movement_id,
            movement_name=catalog.name(a.original.movement_id),
            role=a.original.role,
            sets=a.sets,
            reps=a.reps,
            rpe=a.rpe,
            rest_seconds=a.rest_seconds,
            changes=a.changes,
        )
        for a in result.adapted
    )
    removed = tuple(
        schemas.RemovedExerciseResponse(
            session_exercise_id=slot.get(item.exercise.order),
            movement_id=item.exercise.movement_id,
            movement_name=catalog.name(item.exercise.movement_id),
            reason=item.reason,
            substitutes=tuple(_substitute(s) for s in item.substitutes),
        )
        for item in result.removed
    )
    substituted = tuple(
        schemas.SubstitutionResponse(
            session_exercise_id=slot.get(original.order),
            original_movement_id=original.movement_id,
            original_movement_name=catalog.name(original.movement_id),
            movement_id=new.movement_id,
            movement_name=catalog.name(new.movement_id),
            sets=new.sets,
            reps=new.reps,
            rpe=new.rpe,
            rest_seconds=new.rest_seconds,
            reasons=best[original.order].reasons if original.order in best else (),
        )
        for original, new in result.substituted
    )
    return schemas.AdaptationResponse(
        thread_id=thread_id,
        date=day,
        session_id=view.session["id"],
        recovery_score=result.recovery_score,
        adapted=adapted,
        removed=removed,
        substituted=substituted,
        added_sections=result.added_sections,
        explanation=result.explanation,
    )


def adapted_plan_rows(
    result: AdaptationResult, view: _DayView, catalog: Catalog
) -> list[dict[str, Any]]:
    """Today's exercises after adaptation as session-exercise rows (JSON-ready).

    A replacement keeps the slot's session-exercise id, so the logger can tie the sets it
    logs to the planned slot while naming the movement actually done.
    """
    slot = {row["order_in_session"]: row["id"] for row in view.exercises}
    rows = []
    for exercise in result.session():
        info = catalog.by_id[exercise.movement_id]
        rows.append(planned_row(exercise, info.pattern, slot.get(exercise.order)))
    return [jsonable(row) for row in rows]


def conversation_response(
    thread: models.ConversationThread | Row[Any],
    turns: Sequence[models.ConversationTurn | Row[Any]],
) -> schemas.ConversationResponse:
    """A thread and its turns in order (mapped objects, or Core rows of the same columns)."""
    return schemas.ConversationResponse(
        id=thread.id,
        status=ConversationStatus(thread.status),
        target_date=thread.target_date,
        session_id=thread.session_id,
        final_content=thread.final_content,
        final_notes=thread.final_notes,
        turns=tuple(
            schemas.ConversationTurnResponse(
                sequence=t.sequence,
                role=ConversationRole(t.role),
                content=t.content,
                is_partial=t.is_partial,
                created_at=t.created_at,
            )
            for t in sorted(turns, key=lambda t: t.sequence)
        ),
    )


# --- the service ----------------------------------------------------------------------------


class DayService:
    """The spec's /days endpoints for one user, plus the calendar and the logger's swap list."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx
        # The coach service, set by the api: it imports this module, so not the reverse.
        self.conversations: ConversationFlow | None = None

    def plan(self, target_date: date) -> DailyPlanResponse:
        """The active program's session that day (adapted if accepted), or a rest day."""
        day = validate.day(target_date, "target_date")
        with self._ctx.connect() as db:
            program_id = active_program_id(db, self._ctx.user_id)
            view = self._program_day(db, day, program_id)
        if view is None:
            message = rest_day_message(day) if program_id is not None else NO_PROGRAM
            return DailyPlanResponse(day, True, None, None, None, False, message)
        session = session_response(
            view.session, view.exercises, self._ctx.catalog, view.main_goal, view.is_deload
        )
        accepted = view.session.get("accepted_plan") or {}
        return DailyPlanResponse(
            date=day,
            is_rest_day=False,
            session=session,
            program_id=view.program_id,
            microcycle_sequence=view.microcycle_sequence,
            is_deload=view.is_deload,
            message=_plan_message(session, view.is_deload, accepted.get("added_sections") or []),
            adapted_from_thread_id=accepted.get("thread_id") if session.is_adapted else None,
        )

    def adapt(self, target_date: date, request: AdaptationRequest) -> schemas.AdaptationResponse:
        """Adapts the day's session to soreness, recovery and rules; records the conversation."""
        day = validate.day(target_date, "target_date")
        parsed = parse_adaptation(request)
        catalog = self._ctx.catalog
        now = self._ctx.now()
        with self._ctx.write() as db:
            view = self._day_view(db, day)
            if view is None:
                raise _no_session(day)
            result = self._adapt(db, view, parsed, now)
            response = adaptation_response(result, view, day, catalog, thread_id=0)
            thread_id = self._record(db, day, view, parsed, result, response, now)
        return replace(response, thread_id=thread_id)

    # -- the LLM coach: the coach service owns its conversations; /days hands them over.

    def adapt_stream(self, target_date: date, request: AdaptationRequest) -> CoachStream:
        """The spec's POST /days/{date}/adapt/stream: the coach's answer as SSE-shaped events.

        Iterate the result for CoachStreamEvent(content, done, thread_id, ...); the last
        event carries the whole text. An unreachable coach ends the stream with a failed
        event (never an exception), so the rule-based adapt() can take over.
        """
        return self._flow().adapt_stream(target_date, request)

    def continue_stream(self, thread_id: int, message: str) -> CoachStream:
        """The lifter's reply in an open coach thread, answered as a stream like adapt_stream."""
        return self._flow().continue_stream(thread_id, message)

    def _flow(self) -> ConversationFlow:
        if self.conversations is None:
            raise Conflict("The coach isn't set up for this account.")
        return self.conversations

    def accept(
        self, target_date: date, request: schemas.AcceptPlanRequest
    ) -> schemas.ConversationResponse:
        """Accepts an in-progress adaptation: it becomes the day's plan."""
        day = validate.day(target_date, "target_date")
        if not isinstance(request, schemas.AcceptPlanRequest):
            raise ValidationError("request", "An accept request is required.")
        thread_id = validate.identifier(request.conversation_id, "conversation_id")
        notes = validate.text(request.final_notes, "final_notes", NOTES_LENGTH)
        with self._ctx.write() as db:
            thread = self._open_thread(db, thread_id, day)
            session = self._own_session(db, thread.session_id)
            plan = thread.result_json or {}
            if session is None or not isinstance(plan.get("plan"), list):
                raise Conflict("The session this plan was made for no longer exists.")
            session.accepted_plan = {
                "thread_id": thread.id,
                "exercises": plan["plan"],
                "added_sections": plan.get("added_sections", []),
            }
            thread.status = ConversationStatus.ACCEPTED
            thread.final_notes = notes
            thread.final_content = str(plan.get("explanation", ""))
            thread.updated_at = self._ctx.now()
            db.flush()
            return self._conversation(db, thread)

    def reject(self, target_date: date, conversation_id: int) -> schemas.ConversationResponse:
        """Rejects an in-progress adaptation; the day keeps its plan."""
        day = validate.day(target_date, "target_date")
        thread_id = validate.identifier(conversation_id, "conversation_id")
        with self._ctx.write() as db:
            thread = self._open_thread(db, thread_id, day)
            thread.status = ConversationStatus.REJECTED
            thread.updated_at = self._ctx.now()
            db.flush()
            return self._conversation(db, thread)

    def conversation(self, thread_id: int) -> schemas.ConversationResponse:
        """One of the user's conversation threads with its turns."""
        tid = validate.identifier(thread_id, "thread_id")
        threads, turns = tables.conversation_threads, tables.conversation_turns
        # Through Core: Today shows the conversation of an adapted plan at its first paint.
        with self._ctx.connect() as db:
            thread = db.execute(
                select(threads).where(threads.c.id == tid, threads.c.user_id == self._ctx.user_id)
            ).first()
            if thread is None:
                raise NotFound(NO_CONVERSATION)
            rows = db.execute(select(turns).where(turns.c.thread_id == tid)).all()
        return conversation_response(thread, rows)

    def calendar(self, year: int, month: int) -> list[CalendarDay]:
        """Every day of the month: planned, completed, missed, deload or rest.

        Rest days inside a deload microcycle carry is_deload too, so a deload week reads as one.
        """
        y = validate.whole(year, "year", 1900, 2200)
        m = validate.whole(month, "month", 1, 12)
        first = date(y, m, 1)
        last = date(y, m, month_calendar.monthrange(y, m)[1])
        today = self._ctx.today()
        with self._ctx.connect() as db:
            month_view = self._month(db, first, last)
        days = []
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            deload = day in month_view.deload_days
            found = month_view.sessions.get(day)
            if found is None:
                days.append(CalendarDay(day, DayOutcome.REST, None, None, deload))
                continue
            session_id, name = found
            outcome = _outcome(session_id in month_view.completed, day < today, deload)
            days.append(CalendarDay(day, outcome, session_id, name, deload))
        return days

    def substitutes(
        self, session_exercise_id: int, limit: int = 5
    ) -> list[schemas.SubstituteResponse]:
        """Ranked swaps for one planned exercise: allowed, affordable and not loading sore parts."""
        seid = validate.identifier(session_exercise_id, "session_exercise_id")
        count = validate.whole(limit, "limit", 1, MAX_SUBSTITUTES)
        catalog = self._ctx.catalog
        now = self._ctx.now()
        with self._ctx.read() as db:
            row = db.execute(
                select(models.SessionExercise.movement_id, models.SessionExercise.session_id).where(
                    models.SessionExercise.id == seid,
                    models.SessionExercise.user_id == self._ctx.user_id,
                )
            ).first()
            original = catalog.by_id.get(row.movement_id) if row is not None else None
            if row is None or original is None:
                raise NotFound("That exercise doesn't exist.")
            taken = self._session_movements(db, row.session_id)
            constraints = load_constraints(db, self._ctx.user_id, catalog)
            recovery = current_muscle_recovery(db, self._ctx.user_id, now, self._decay_hours(db))
            soreness = self._recent_soreness(db, now)
        ranked = rank_substitutes(
            original,
            catalog.movements,
            constraints,
            sore_groups=sore_groups(soreness, recovery),
            exclude_ids=frozenset(taken),
            limit=count,
        )
        return [_substitute(s) for s in ranked]

    # -- loading

    def _day_view(self, db: Reader, day: date) -> _DayView | None:
        """The active program's session on `day`, as plain rows."""
        return self._program_day(db, day, active_program_id(db, self._ctx.user_id))

    def _program_day(self, db: Reader, day: date, program_id: int | None) -> _DayView | None:
        """The session of the active program (`program_id`) on `day`, as plain rows."""
        if program_id is None:
            return None
        sessions, micro = tables.sessions, tables.microcycles
        found = (
            db.execute(
                select(sessions, micro.c.sequence_number, micro.c.is_deload)
                .join(micro, micro.c.id == sessions.c.microcycle_id)
                .where(sessions.c.program_id == program_id, sessions.c.session_date == day)
                .order_by(sessions.c.id)
                .limit(1)
            )
            .mappings()
            .first()
        )
        if found is None:
            return None
        session = dict(found)
        planned = tables.session_exercises
        exercises = fetch_rows(db, select(planned).where(planned.c.session_id == session["id"]))
        return _DayView(
            program_id=program_id,
            session=session,
            exercises=exercises,
            microcycle_sequence=session.pop("sequence_number"),
            is_deload=bool(session.pop("is_deload")),
            main_goal=main_goal_of(load_goals(db, program_id)),
        )

    def _month(self, db: Reader, first: date, last: date) -> _Month:
        program_id = active_program_id(db, self._ctx.user_id)
        if program_id is None:
            return _Month({}, set(), set())
        sessions, micro = tables.sessions, tables.microcycles
        rows = db.execute(
            select(sessions.c.id, sessions.c.session_date, sessions.c.name)
            .where(
                sessions.c.program_id == program_id,
                sessions.c.session_date.between(first, last),
            )
            .order_by(sessions.c.session_date, sessions.c.id)
        ).all()
        by_day: dict[date, tuple[int, str]] = {}
        for session_id, day, name in rows:
            by_day.setdefault(day, (session_id, name))
        deloads = db.execute(
            select(micro.c.start_date, micro.c.length_days).where(
                micro.c.program_id == program_id,
                micro.c.is_deload.is_(True),
                micro.c.start_date <= last,
            )
        ).all()
        deload_days = {
            start + timedelta(days=i)
            for start, length in deloads
            for i in range(length)
            if first <= start + timedelta(days=i) <= last
        }
        completed = self._completed(db, [sid for sid, _ in by_day.values()])
        return _Month(by_day, completed, deload_days)

    def _completed(self, db: Reader, session_ids: list[int]) -> set[int]:
        """Sessions that are done: a workout names them, or an endurance day's activity."""
        if not session_ids:
            return set()
        sessions = tables.sessions
        done = db.scalars(
            select(sessions.c.id).where(
                sessions.c.id.in_(session_ids), history.session_done(self._ctx.user_id)
            )
        )
        return set(done)

    def _session_movements(self, db: DbSession, session_id: int | None) -> set[int]:
        if session_id is None:
            return set()
        return set(
            db.scalars(
                select(models.SessionExercise.movement_id).where(
                    models.SessionExercise.session_id == session_id,
                    models.SessionExercise.user_id == self._ctx.user_id,
                )
            )
        )

    def _decay_hours(self, db: DbSession) -> float:
        hours = db.scalar(
            select(models.UserSettings.soreness_decay_hours).where(
                models.UserSettings.user_id == self._ctx.user_id
            )
        )
        return float(hours) if hours else DEFAULT_DECAY_HOURS

    def _recent_soreness(self, db: DbSession, now: datetime) -> dict[BodyPart, int]:
        """The worst soreness per body part logged in the last 24 hours."""
        rows = db.execute(
            select(models.SorenessLog.body_part, func.max(models.SorenessLog.level))
            .where(
                models.SorenessLog.user_id == self._ctx.user_id,
                models.SorenessLog.logged_at >= now - SIGNAL_WINDOW,
                models.SorenessLog.logged_at <= now,
            )
            .group_by(models.SorenessLog.body_part)
        )
        return {BodyPart(part): int(level) for part, level in rows}

    def _thread(self, db: DbSession, thread_id: int) -> models.ConversationThread:
        thread = db.scalar(
            select(models.ConversationThread).where(
                models.ConversationThread.id == thread_id,
                models.ConversationThread.user_id == self._ctx.user_id,
            )
        )
        if thread is None:
            raise NotFound(NO_CONVERSATION)
        return thread

    def _open_thread(self, db: DbSession, thread_id: int, day: date) -> models.ConversationThread:
        """A thread of this user, about this day, still waiting for an answer."""
        thread = self._thread(db, thread_id)
        if thread.target_date != day:
            raise Conflict(f"That conversation is about {day_words(thread.target_date)}.")
        if thread.status != ConversationStatus.IN_PROGRESS:
            status = ConversationStatus(thread.status).value.lower()
            raise Conflict(f"That adaptation was already {status}.")
        return thread

    def _own_session(self, db: DbSession, session_id: int | None) -> models.Session | None:
        if session_id is None:
            return None
        return db.scalar(
            select(models.Session)
            .join(models.Program, models.Program.id == models.Session.program_id)
            .where(models.Session.id == session_id, models.Program.user_id == self._ctx.user_id)
        )

    def _conversation(
        self, db: DbSession, thread: models.ConversationThread
    ) -> schemas.ConversationResponse:
        turns = list(
            db.scalars(
                select(models.ConversationTurn).where(
                    models.ConversationTurn.thread_id == thread.id
                )
            )
        )
        return conversation_response(thread, turns)

    # -- adapting

    def _adapt(
        self, db: DbSession, view: _DayView, request: _Request, now: datetime
    ) -> AdaptationResult:
        catalog = self._ctx.catalog
        recovery = current_muscle_recovery(db, self._ctx.user_id, now, self._decay_hours(db))
        score = self._recovery_score(db, view, request, recovery, now)
        planned = [as_planned(row) for row in view.exercises]
        planned.sort(key=lambda e: e.order)
        constraints = load_constraints(db, self._ctx.user_id, catalog)
        with domain_errors():
            return adapt_session(
                AdaptationInput(tuple(planned), request.soreness, score, recovery),
                catalog.by_id,
                catalog.movements,
                constraints,
            )

    def _recovery_score(
        self,
        db: DbSession,
        view: _DayView,
        request: _Request,
        recovery: dict[MuscleGroup, float],
        now: datetime,
    ) -> float:
        """Today's score from the request's signal, the last day's logged signal and muscles.

        Only muscle groups the session loads primarily and that have a recorded state count:
        a never-trained group reads as fully recovered, which would inflate the score.
        """
        latest = latest_recovery_signal(db, self._ctx.user_id, now - SIGNAL_WINDOW)
        known = stored_recovery(db, self._ctx.user_id)
        loaded = {
            group
            for row in view.exercises
            if row["exercise_role"] in (ExerciseRole.MAIN, ExerciseRole.ACCESSORY)
            and (info := self._ctx.catalog.by_id.get(row["movement_id"])) is not None
            for group in info.primary
        }
        signal = request.signal or (latest.signal if latest is not None else None)
        with domain_errors():
            inputs = RecoveryInputs(
                sleep_hours=latest.sleep_hours if latest else None,
                sleep_quality=latest.sleep_quality if latest else None,
                stress=latest.stress if latest else None,
                energy=latest.energy if latest else None,
                signal=RecoverySignalLevel(signal) if signal else None,
                muscle_levels={g.value: recovery[g] for g in sorted(loaded & known.keys())},
            )
        return round(recovery_score(inputs), 1)

    def _record(
        self,
        db: DbSession,
        day: date,
        view: _DayView,
        request: _Request,
        result: AdaptationResult,
        response: schemas.AdaptationResponse,
        now: datetime,
    ) -> int:
        """One IN_PROGRESS thread holding request and result, and the two turns that explain it."""
        summary = jsonable(asdict(response))
        summary.pop("thread_id")
        summary["plan"] = adapted_plan_rows(result, view, self._ctx.catalog)
        request_json = {
            "soreness": [
                {"body_part": e.body_part.value, "level": e.level} for e in request.soreness
            ],
            "recovery_signal": request.signal.value if request.signal else None,
            "notes": request.notes,
        }
        thread_id = db.scalars(
            insert(models.ConversationThread).returning(models.ConversationThread.id),
            [
                {
                    "user_id": self._ctx.user_id,
                    "session_id": view.session["id"],
                    "target_date": day,
                    "kind": "ADAPT",
                    "status": ConversationStatus.IN_PROGRESS,
                    "request_json": request_json,
                    "result_json": summary,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        ).one()
        turns = [
            (ConversationRole.USER, request_in_words(day, request)),
            (ConversationRole.ASSISTANT, result.explanation),
        ]
        db.execute(
            insert(models.ConversationTurn),
            [
                {
                    "thread_id": thread_id,
                    "sequence": i,
                    "role": role,
                    "content": text,
                    "is_partial": False,
                    "created_at": now,
                }
                for i, (role, text) in enumerate(turns, start=1)
            ],
        )
        return thread_id


def _outcome(completed: bool, past: bool, deload: bool) -> DayOutcome:
    if completed:
        return DayOutcome.COMPLETED
    if past:
        return DayOutcome.MISSED
    return DayOutcome.DELOAD if deload else DayOutcome.PLANNED


def _plan_message(session: SessionResponse, deload: bool, added: list[str]) -> str:
    count, minutes = len(session.exercises), session.time.total_minutes
    text = f"{session.name}: {count} exercises, about {minutes} minutes."
    if session.is_adapted:
        text += " This is the adapted plan you accepted."
        if added:
            text += f" Added today: {join_words([label(str(section)) for section in added])}."
    if deload:
        text += " Deload week: keep it light and leave plenty in reserve."
    return text
