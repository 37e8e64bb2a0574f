"""The LLM coach as use-cases: streamed adaptation with its thread, proposals, design, swaps."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session as DbSession

from alloy_desktop.coach.cancel import CancelToken
from alloy_desktop.coach.config import CoachConfig, Provider
from alloy_desktop.coach.design import DesignedSession, check_design
from alloy_desktop.coach.errors import CoachError
from alloy_desktop.coach.formats import design_schema, proposal_schema, substitution_schema
from alloy_desktop.coach.hosts import DEFAULT_OPENAI_URL, default_ollama_host
from alloy_desktop.coach.prompts import (
    AdaptContext,
    DesignContext,
    ExerciseLine,
    LifterProfile,
    adapt_system_prompt,
    design_messages,
    proposal_prompt,
    rule_words,
    substitution_messages,
    swap_choices,
)
from alloy_desktop.coach.proposals import (
    Limits,
    Proposal,
    ProposedChange,
    apply_proposal,
    check_proposal,
    name_index,
)
from alloy_desktop.coach.providers import ChatClient, open_client
from alloy_desktop.coach.retry import Sleep, with_retries
from alloy_desktop.coach.substitution import check_pick
from alloy_desktop.domain.adaptation import (
    SWAPPABLE_ROLES,
    SorenessEntry,
    sore_groups,
    soreness_by_part,
)
from alloy_desktop.domain.catalog import Constraints, label
from alloy_desktop.domain.enums import (
    ConversationRole,
    ConversationStatus,
    PersonaAggression,
    PersonaTone,
    RecoverySignalLevel,
)
from alloy_desktop.domain.planned import HARD_ROLES, PlannedExercise
from alloy_desktop.domain.substitution import rank_substitutes
from alloy_desktop.services import validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.days import (
    NOTES_LENGTH,
    DayService,
    conversation_response,
    parse_adaptation,
    request_in_words,
)
from alloy_desktop.services.errors import AlloyError, Conflict, NotFound
from alloy_desktop.services.presenters import (
    as_planned,
    day_words,
    effective_exercises,
    goal_names,
    jsonable,
    planned_row,
)
from alloy_desktop.services.recovery_state import current_muscle_recovery
from alloy_desktop.services.schemas import (
    AcceptPlanRequest,
    AdaptationRequest,
    CoachChangeResponse,
    CoachProposalResponse,
    CoachStreamEvent,
    ConversationResponse,
    LLMHealthResponse,
    SessionDesignReport,
    SorenessInput,
    SubstitutePickResponse,
    SubstituteResponse,
)
from alloy_desktop.services.streams import CoachStream
from alloy_desktop.services.user_state import load_constraints, load_goals
from alloy_desktop.store.models import (
    ConversationThread,
    ConversationTurn,
    Microcycle,
    PatternExposure,
    Program,
    Session,
    SessionExercise,
    User,
    UserInjury,
    UserSettings,
    WorkoutLog,
)

COACH_KIND = "COACH"  # ConversationThread.kind of LLM conversations (rule-based ones: "ADAPT")
STREAMING, COMPLETED, CANCELLED, FAILED = "streaming", "completed", "cancelled", "failed"
SOURCE_COACH, SOURCE_RULES = "coach", "rules"
SWAP_OPTIONS = 3  # ranked swaps per exercise offered to the model
DESIGN_ALTERNATIVES = 4  # candidates per drafted exercise when the coach designs a session
_ROLES = {
    ConversationRole.SYSTEM: "system",
    ConversationRole.USER: "user",
    ConversationRole.ASSISTANT: "assistant",
}

Progress = Callable[[str], None]


class CoachUnavailable(AlloyError):
    """The coach couldn't answer; `kind` says why (offline, model_missing, timeout, ...)."""

    def __init__(self, error: CoachError) -> None:
        super().__init__(error.message)
        self.kind = error.kind.value


@dataclass(frozen=True)
class _Day:
    """What a proposal needs about the day: exercises in order, their slot ids, the limits."""

    context: AdaptContext
    planned: tuple[PlannedExercise, ...]
    slot_ids: dict[int, int | None]
    limits: Limits


def llm_health(config: CoachConfig) -> LLMHealthResponse:
    """The spec's GET /health/llm for one provider, host and model."""
    client = open_client(config)
    try:
        check = client.check()
    finally:
        client.close()
    return LLMHealthResponse(
        status="healthy" if check.ready else "unhealthy",
        provider=config.provider.value,
        model=config.model,
        host=config.host,
        reachable=check.reachable,
        model_present=check.model_present,
        detail=check.message,
        models=check.models,
    )


def settings_config(
    provider: str | None,
    ollama: tuple[str | None, str],
    openai: tuple[str | None, str | None],
    timeout: float,
) -> CoachConfig:
    """The coach's config from stored settings; an unsaved Ollama host follows OLLAMA_HOST."""
    if provider == Provider.OPENAI:
        base_url, model = openai
        return CoachConfig(
            host=base_url or DEFAULT_OPENAI_URL,
            model=model or "",
            timeout=timeout,
            provider=Provider.OPENAI,
        )
    host, model = ollama
    return CoachConfig(host=host or default_ollama_host(), model=model, timeout=timeout)


class CoachService:
    """The local LLM coach for one user; every failure leaves the rule-based path open."""

    def __init__(self, ctx: UserContext, sleep: Sleep = time.sleep) -> None:
        self._ctx = ctx
        self._days = DayService(ctx)
        self.sleep = sleep  # tests pass a recorder: backoff without waiting
        self.progress: Progress | None = None  # design progress for the window, any thread

    # --- settings and health ------------------------------------------------------------

    def config(self) -> CoachConfig:
        """Provider, host, model and read timeout from the settings (defaults without a row)."""
        with self._ctx.read() as db:
            row = db.execute(
                select(
                    UserSettings.llm_provider,
                    UserSettings.ollama_host,
                    UserSettings.ollama_model,
                    UserSettings.openai_base_url,
                    UserSettings.openai_model,
                    UserSettings.ollama_timeout,
                ).where(UserSettings.user_id == self._ctx.user_id)
            ).first()
        if row is None:
            return CoachConfig()
        provider, host, model, base_url, openai_model, timeout = row
        return settings_config(provider, (host, model), (base_url, openai_model), float(timeout))

    def health(self) -> LLMHealthResponse:
        """Is the user's model server reachable and does it have their model (seconds at most)."""
        return llm_health(self.config())

    # --- streamed adaptation ------------------------------------------------------------

    def adapt_stream(self, target_date: date, request: AdaptationRequest) -> CoachStream:
        """Starts a conversation about the day's session and streams the coach's first answer."""
        day = validate.day(target_date, "target_date")
        parsed = parse_adaptation(request)
        config = self.config()
        now = self._ctx.now()
        with self._ctx.write() as db:
            view = self._days._day_view(db, day)  # the same lookup the rule-based adapt uses
            if view is None:
                raise NotFound(f"No session is planned for {day_words(day)}: it's a rest day.")
            found = self._load_day(db, view, parsed.soreness, parsed.signal, parsed.notes, now)
            system = adapt_system_prompt(found.context)
            thread_id = self._new_thread(db, view.session["id"], day, request, config, now)
            spoken = request_in_words(day, parsed)
            self._add_turns(
                db, thread_id, [(ConversationRole.SYSTEM, system), (ConversationRole.USER, spoken)]
            )
        messages = [{"role": "system", "content": system}, {"role": "user", "content": spoken}]
        return self._stream(thread_id, messages, config)

    def continue_stream(self, thread_id: int, message: str) -> CoachStream:
        """The lifter's reply in an open coach thread, and the coach's streamed answer."""
        tid = validate.identifier(thread_id, "thread_id")
        text = validate.text(message, "message", NOTES_LENGTH, required=True)
        config = self.config()
        with self._ctx.write() as db:
            thread = self._open_thread(db, tid)
            history = self._messages(db, thread.id)
            self._add_turns(db, thread.id, [(ConversationRole.USER, text)])
            thread.updated_at = self._ctx.now()
        return self._stream(tid, [*history, {"role": "user", "content": text}], config)

    def _stream(
        self, thread_id: int, messages: Sequence[Mapping[str, str]], config: CoachConfig
    ) -> CoachStream:
        token = CancelToken()
        client = open_client(config, token)
        return CoachStream(thread_id, self._events(thread_id, messages, client), token)

    def _events(
        self, thread_id: int, messages: Sequence[Mapping[str, str]], client: ChatClient
    ) -> Generator[CoachStreamEvent, None, None]:
        parts: list[str] = []
        status, error = CANCELLED, None  # a consumer that leaves the loop early cancelled
        try:
            for chunk in client.stream_chat(messages):
                parts.append(chunk)
                yield CoachStreamEvent(chunk, False, thread_id)
            status = CANCELLED if client.cancel.cancelled else COMPLETED
        except CoachError as exc:
            status, error = FAILED, exc
        finally:
            # Runs on completion, failure, cancel and close() alike: partial text survives.
            client.close()
            self._save_answer(thread_id, "".join(parts), status, error)
        yield CoachStreamEvent(
            "".join(parts),
            True,
            thread_id,
            status,
            error.message if error else None,
            error.kind.value if error else None,
        )

    # --- proposals and the decision ------------------------------------------------------

    def propose_changes(self, thread_id: int) -> CoachProposalResponse:
        """Asks the coach for its advice as structured changes; keeps only the valid ones.

        The result is stored with the thread in the shape the rule-based adaptation uses,
        so accepting it makes the same day plan the Adapt panel's Accept would.
        """
        tid = validate.identifier(thread_id, "thread_id")
        config = self.config()
        now = self._ctx.now()
        with self._ctx.read() as db:
            thread = self._open_thread(db, tid)
            day = thread.target_date
            found = self._thread_day(db, thread, now)
            history = self._messages(db, tid)
        ask = [*history, {"role": "user", "content": proposal_prompt(found.context)}]
        proposal = self._ask_for_changes(config, ask, found)
        response = _proposal_response(tid, day, proposal, found.slot_ids)
        self._store_proposal(tid, found, proposal, history)
        return response

    def _ask_for_changes(
        self, config: CoachConfig, messages: Sequence[Mapping[str, str]], found: _Day
    ) -> Proposal:
        catalog = self._ctx.catalog
        names = name_index(catalog.movements)
        options = swap_choices(found.context)
        schema = proposal_schema([e.slot for e in found.context.exercises], list(options))
        client = open_client(config)
        try:
            return with_retries(
                lambda: check_proposal(
                    client.chat_json(messages, schema),
                    found.planned,
                    catalog.by_id,
                    names,
                    found.limits,
                    options,
                ),
                sleep=self.sleep,
            )
        except CoachError as exc:
            raise CoachUnavailable(exc) from exc
        finally:
            client.close()

    def accept(self, thread_id: int, final_notes: str = "") -> ConversationResponse:
        """Applies the coach's validated changes to the day's plan; the thread is ACCEPTED."""
        tid = validate.identifier(thread_id, "thread_id")
        with self._ctx.read() as db:
            thread = self._open_thread(db, tid)
            day, result = thread.target_date, thread.result_json or {}
        proposal = result.get("proposal") or {}
        if not isinstance(result.get("plan"), list):
            raise Conflict("The coach hasn't turned its advice into changes yet.")
        if not proposal.get("changes"):
            raise Conflict("The coach proposed no valid changes, so there is nothing to apply.")
        return self._days.accept(day, AcceptPlanRequest(tid, final_notes))

    def reject(self, thread_id: int) -> ConversationResponse:
        """Closes the coach's thread; the day keeps its plan."""
        tid = validate.identifier(thread_id, "thread_id")
        with self._ctx.read() as db:
            day = self._open_thread(db, tid).target_date
        return self._days.reject(day, tid)

    def conversation(self, thread_id: int) -> ConversationResponse:
        """A coach thread with its turns (system turns included; screens hide them)."""
        tid = validate.identifier(thread_id, "thread_id")
        with self._ctx.read() as db:
            thread = self._thread(db, tid)
            turns = list(
                db.scalars(select(ConversationTurn).where(ConversationTurn.thread_id == tid))
            )
            return conversation_response(thread, turns)

    # --- LLM-designed sessions (spec P1, P6) ---------------------------------------------

    def design_microcycles(
        self, program_id: int, microcycle_ids: Sequence[int]
    ) -> SessionDesignReport | None:
        """When the setting is on, the coach redesigns these microcycles' sessions.

        Each session gets three tries with exponential backoff; a session the coach can't
        design (or every remaining one, once it is unreachable) keeps the planner's
        exercises. Returns None when the setting is off.
        """
        if not self._designs_sessions():
            return None
        config = self.config()
        with self._ctx.read() as db:
            drafts = self._design_drafts(db, program_id, microcycle_ids)
        client = open_client(config)
        designed, notes = 0, []
        try:
            for index, (session_id, ctx, constraints) in enumerate(drafts, start=1):
                self._report(f"Coach: designing session {index} of {len(drafts)}…")
                try:
                    result = self._design_one(client, ctx, constraints)
                except CoachError as exc:
                    notes.append(f"{ctx.session_name}: kept the planner's session. {exc.message}")
                    if exc.unavailable:
                        break  # offline or no model: don't knock on the door for every session
                    continue
                self._replace_exercises(session_id, result.exercises)
                designed += 1
                notes += [f"{ctx.session_name}: {note}" for note in result.dropped]
        finally:
            client.close()
            self._report("")
        return SessionDesignReport(program_id, designed, len(drafts) - designed, tuple(notes))

    def _design_one(
        self, client: ChatClient, ctx: DesignContext, constraints: Constraints
    ) -> DesignedSession:
        names = name_index(self._ctx.catalog.movements)
        schema = design_schema(ctx.candidates)
        messages = design_messages(ctx)
        return with_retries(
            lambda: check_design(client.chat_json(messages, schema), names, constraints),
            sleep=self.sleep,
        )

    # --- substitution (spec P2) -----------------------------------------------------------

    def pick_substitute(self, session_exercise_id: int, limit: int = 5) -> SubstitutePickResponse:
        """The coach picks and explains one of the ranked stand-ins; offline, the ranking stands."""
        ranked = tuple(self._days.substitutes(session_exercise_id, limit))
        seid = int(session_exercise_id)
        if not ranked:
            return SubstitutePickResponse(
                seid, (), None, "Nothing suitable can stand in.", SOURCE_RULES
            )
        config = self.config()
        original, context = self._substitution_context(seid)
        names = [s.movement_name for s in ranked]
        messages = substitution_messages(
            original, [(s.movement_name, s.reasons) for s in ranked], context
        )
        client = open_client(config)
        try:
            pick = with_retries(
                lambda: check_pick(client.chat_json(messages, substitution_schema(names)), names),
                sleep=self.sleep,
            )
        except CoachError as exc:
            return _ranked_pick(seid, ranked, exc.message)
        finally:
            client.close()
        chosen = ranked[pick.index]
        return SubstitutePickResponse(
            seid, ranked, chosen, pick.reason or _reasons(chosen), SOURCE_COACH
        )

    # --- loading --------------------------------------------------------------------------

    def _load_day(
        self,
        db: DbSession,
        view: Any,  # the day service's view of the day (its session row and exercise rows)
        soreness: Sequence[SorenessEntry],
        signal: RecoverySignalLevel | None,
        notes: str,
        now: datetime,
    ) -> _Day:
        """The session as the lifter sees it today (an accepted plan wins) and the coach's brief."""
        catalog = self._ctx.catalog
        rows, _ = effective_exercises(view.session, view.exercises)
        planned = tuple(sorted((as_planned(r) for r in rows), key=lambda e: e.order))
        recovery = current_muscle_recovery(db, self._ctx.user_id, now, self._days._decay_hours(db))
        constraints = load_constraints(db, self._ctx.user_id, catalog)
        sore_parts = soreness_by_part(soreness)
        limits = Limits(constraints, sore_groups(sore_parts, recovery))
        context = AdaptContext(
            day=view.session["session_date"],
            session_name=view.session["name"],
            session_type=label(view.session["session_type"]),
            is_deload=view.is_deload,
            exercises=tuple(_line(e, catalog.name(e.movement_id)) for e in planned),
            soreness=tuple(sorted(sore_parts.items())),
            recovery_signal=signal,
            notes=notes,
            muscle_recovery=recovery,
            profile=self._profile(db, view.program_id, constraints),
            swap_options=self._swap_options(planned, limits),
        )
        slot_ids = {row["order_in_session"]: row.get("id") for row in rows}
        return _Day(context, planned, slot_ids, limits)

    def _thread_day(self, db: DbSession, thread: ConversationThread, now: datetime) -> _Day:
        """The day a coach thread is about, with the lifter's inputs as stored in the thread."""
        view = self._days._day_view(db, thread.target_date)
        if view is None or view.session["id"] != thread.session_id:
            raise Conflict("The session this conversation was about no longer exists.")
        stored = thread.request_json or {}
        request = AdaptationRequest(
            soreness=tuple(
                SorenessInput(item["body_part"], item["level"])
                for item in stored.get("soreness", [])
            ),
            recovery_signal=stored.get("recovery_signal"),
            notes=stored.get("notes", ""),
        )
        parsed = parse_adaptation(request)
        return self._load_day(db, view, parsed.soreness, parsed.signal, parsed.notes, now)

    def _swap_options(
        self, planned: Sequence[PlannedExercise], limits: Limits
    ) -> dict[int, tuple[str, ...]]:
        catalog = self._ctx.catalog
        taken = frozenset(e.movement_id for e in planned)
        options: dict[int, tuple[str, ...]] = {}
        for exercise in planned:
            info = catalog.by_id.get(exercise.movement_id)
            if info is None or exercise.role not in SWAPPABLE_ROLES:
                continue
            ranked = rank_substitutes(
                info,
                catalog.movements,
                limits.constraints,
                sore_groups=limits.sore,
                exclude_ids=taken,
                limit=SWAP_OPTIONS,
            )
            options[exercise.order] = tuple(s.movement.name for s in ranked)
        return options

    def _profile(
        self, db: DbSession, program_id: int | None, constraints: Constraints
    ) -> LifterProfile:
        """Rules, injuries, likes and the persona (the program's, else the lifter's)."""
        persona = None
        if program_id is not None:
            persona = db.execute(
                select(Program.persona_tone, Program.persona_aggression).where(
                    Program.id == program_id
                )
            ).first()
        if persona is None:
            persona = db.execute(
                select(User.persona_tone, User.persona_aggression).where(
                    User.id == self._ctx.user_id
                )
            ).one()
        injuries = db.execute(
            select(UserInjury.body_part, UserInjury.severity, UserInjury.description).where(
                UserInjury.user_id == self._ctx.user_id, UserInjury.is_active.is_(True)
            )
        ).all()
        return LifterProfile(
            rules=tuple(rule_words(r, self._ctx.catalog.by_id) for r in constraints.rules),
            injuries=tuple(
                f"{label(part)} (severity {severity}/10)" + (f": {text}" if text else "")
                for part, severity, text in injuries
            ),
            enjoyable=constraints.enjoyable,
            tone=PersonaTone(persona[0]),
            aggression=PersonaAggression(persona[1]),
        )

    def _designs_sessions(self) -> bool:
        with self._ctx.read() as db:
            flag = db.scalar(
                select(UserSettings.llm_design_sessions).where(
                    UserSettings.user_id == self._ctx.user_id
                )
            )
        return bool(flag)

    def _design_drafts(
        self, db: DbSession, program_id: int, microcycle_ids: Sequence[int]
    ) -> list[tuple[int, DesignContext, Constraints]]:
        """The planner's sessions of these microcycles not yet logged or adapted."""
        catalog = self._ctx.catalog
        program = db.execute(
            select(Program.session_minutes).where(
                Program.id == program_id, Program.user_id == self._ctx.user_id
            )
        ).first()
        if program is None:
            return []
        constraints = load_constraints(db, self._ctx.user_id, catalog)
        profile = self._profile(db, program_id, constraints)
        goals = goal_names(load_goals(db, program_id))
        sessions = db.execute(
            select(Session.id, Session.name, Session.session_type, Microcycle.is_deload)
            .join(Microcycle, Microcycle.id == Session.microcycle_id)
            .where(
                Session.program_id == program_id,
                Session.microcycle_id.in_(list(microcycle_ids)),
                Session.accepted_plan.is_(None),
                ~Session.id.in_(
                    select(WorkoutLog.session_id).where(WorkoutLog.session_id.is_not(None))
                ),
            )
            .order_by(Session.session_date, Session.id)
        ).all()
        drafts = []
        for session_id, name, session_type, deload in sessions:
            rows = db.execute(
                select(SessionExercise.__table__).where(SessionExercise.session_id == session_id)
            ).mappings()
            reference = tuple(sorted((as_planned(dict(r)) for r in rows), key=lambda e: e.order))
            ctx = DesignContext(
                session_name=name,
                session_type=label(session_type),
                goals=goals,
                minutes=program.session_minutes,
                is_deload=bool(deload),
                experience=label(constraints.experience),
                reference=tuple(_line(e, catalog.name(e.movement_id)) for e in reference),
                candidates=self._design_candidates(reference, constraints),
                profile=profile,
            )
            drafts.append((session_id, ctx, constraints))
        return drafts

    def _design_candidates(
        self, reference: Sequence[PlannedExercise], constraints: Constraints
    ) -> tuple[str, ...]:
        catalog = self._ctx.catalog
        names: list[str] = []
        for exercise in reference:
            info = catalog.by_id.get(exercise.movement_id)
            if info is None:
                continue
            names.append(info.name)
            ranked = rank_substitutes(
                info, catalog.movements, constraints, limit=DESIGN_ALTERNATIVES
            )
            names += [s.movement.name for s in ranked]
        return tuple(dict.fromkeys(names))

    def _substitution_context(self, session_exercise_id: int) -> tuple[str, list[str]]:
        catalog = self._ctx.catalog
        with self._ctx.read() as db:
            movement_id = db.scalar(
                select(SessionExercise.movement_id).where(
                    SessionExercise.id == session_exercise_id,
                    SessionExercise.user_id == self._ctx.user_id,
                )
            )
            constraints = load_constraints(db, self._ctx.user_id, catalog)
            profile = self._profile(db, None, constraints)
        context = [f"Rule: {r}" for r in profile.rules] + [f"Injury: {i}" for i in profile.injuries]
        return catalog.name(movement_id or 0), context

    # --- threads --------------------------------------------------------------------------

    def _thread(self, db: DbSession, thread_id: int) -> ConversationThread:
        thread = db.scalar(
            select(ConversationThread).where(
                ConversationThread.id == thread_id,
                ConversationThread.user_id == self._ctx.user_id,
            )
        )
        if thread is None:
            raise NotFound("That conversation doesn't exist.")
        return thread

    def _open_thread(self, db: DbSession, thread_id: int) -> ConversationThread:
        """One of the user's coach threads, still waiting for a decision."""
        thread = self._thread(db, thread_id)
        if thread.kind != COACH_KIND:
            raise Conflict("That conversation is with the rule-based coach.")
        if thread.status != ConversationStatus.IN_PROGRESS:
            status = ConversationStatus(thread.status).value.lower()
            raise Conflict(f"That conversation was already {status}.")
        return thread

    def _new_thread(
        self,
        db: DbSession,
        session_id: int,
        day: date,
        request: AdaptationRequest,
        config: CoachConfig,
        now: datetime,
    ) -> int:
        parsed = parse_adaptation(request)
        request_json = {
            "soreness": [
                {"body_part": e.body_part.value, "level": e.level} for e in parsed.soreness
            ],
            "recovery_signal": parsed.signal.value if parsed.signal else None,
            "notes": parsed.notes,
            "model": config.model,
            "host": config.host,
            "provider": config.provider.value,
        }
        return db.scalars(
            insert(ConversationThread).returning(ConversationThread.id),
            [
                {
                    "user_id": self._ctx.user_id,
                    "session_id": session_id,
                    "target_date": day,
                    "kind": COACH_KIND,
                    "status": ConversationStatus.IN_PROGRESS,
                    "request_json": request_json,
                    "result_json": {},
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        ).one()

    def _add_turns(
        self,
        db: DbSession,
        thread_id: int,
        turns: Sequence[tuple[ConversationRole, str]],
        partial: bool = False,
    ) -> None:
        last = db.scalar(
            select(func.max(ConversationTurn.sequence)).where(
                ConversationTurn.thread_id == thread_id
            )
        )
        now = self._ctx.now()
        db.execute(
            insert(ConversationTurn),
            [
                {
                    "thread_id": thread_id,
                    "sequence": (last or 0) + i,
                    "role": role,
                    "content": text,
                    "is_partial": partial,
                    "created_at": now,
                }
                for i, (role, text) in enumerate(turns, start=1)
            ],
        )

    def _messages(self, db: DbSession, thread_id: int) -> list[dict[str, str]]:
        """The thread so far as chat messages (system prompt, then the exchange)."""
        turns = db.execute(
            select(ConversationTurn.role, ConversationTurn.content)
            .where(ConversationTurn.thread_id == thread_id)
            .order_by(ConversationTurn.sequence)
        ).all()
        return [
            {"role": _ROLES[ConversationRole(role)], "content": content}
            for role, content in turns
            if content.strip()
        ]

    def _save_answer(
        self, thread_id: int, text: str, status: str, error: CoachError | None
    ) -> None:
        """The coach's turn (partial unless completed) and how the stream ended."""
        with self._ctx.write() as db:
            thread = self._thread(db, thread_id)
            if text:
                self._add_turns(
                    db, thread_id, [(ConversationRole.ASSISTANT, text)], status != COMPLETED
                )
            if status == COMPLETED:
                thread.final_content = text
            stream = {"status": status, "error": error.kind.value if error else None}
            thread.result_json = {**(thread.result_json or {}), "stream": stream}
            thread.updated_at = self._ctx.now()

    def _store_proposal(
        self, thread_id: int, found: _Day, proposal: Proposal, history: Sequence[Mapping[str, str]]
    ) -> None:
        """The validated changes, and the plan they make, in the rule-based thread's shape."""
        catalog = self._ctx.catalog
        exercises, sections = apply_proposal(found.planned, proposal)
        plan = [
            jsonable(
                planned_row(e, catalog.by_id[e.movement_id].pattern, found.slot_ids.get(e.order))
            )
            for e in exercises
        ]
        answers = [m["content"] for m in history if m["role"] == "assistant"]
        with self._ctx.write() as db:
            thread = self._thread(db, thread_id)
            thread.result_json = {
                **(thread.result_json or {}),
                "plan": plan,
                "added_sections": list(sections),
                "explanation": answers[-1] if answers else proposal.summary,
                "proposal": {
                    "summary": proposal.summary,
                    "changes": [jsonable(asdict(c)) for c in proposal.changes],
                    "dropped": list(proposal.dropped),
                },
            }
            thread.updated_at = self._ctx.now()

    def _replace_exercises(self, session_id: int, exercises: Sequence[PlannedExercise]) -> None:
        """Swaps a session's planned exercises (and its pattern exposures) in one transaction."""
        catalog = self._ctx.catalog
        rows = []
        for e in exercises:
            row = planned_row(e, catalog.by_id[e.movement_id].pattern, None)
            row.pop("id")  # the database assigns ids
            rows.append({**row, "session_id": session_id, "user_id": self._ctx.user_id})
        exposure: dict[Any, int] = {}
        for row in rows:
            if row["exercise_role"] in HARD_ROLES:
                exposure[row["pattern"]] = exposure.get(row["pattern"], 0) + row["sets"]
        with self._ctx.write() as db:
            db.execute(delete(PatternExposure).where(PatternExposure.session_id == session_id))
            db.execute(
                delete(SessionExercise).where(
                    SessionExercise.session_id == session_id,
                    SessionExercise.user_id == self._ctx.user_id,
                )
            )
            db.execute(insert(SessionExercise), rows)
            if exposure:
                db.execute(
                    insert(PatternExposure),
                    [
                        {"session_id": session_id, "pattern": p, "sets": s}
                        for p, s in exposure.items()
                    ],
                )

    def _report(self, text: str) -> None:
        if self.progress is not None:
            self.progress(text)


# --- small helpers ------------------------------------------------------------------------------


def _line(e: PlannedExercise, name: str) -> ExerciseLine:
    return ExerciseLine(e.order, name, e.role, e.sets, e.reps, e.reps_max, e.rpe, e.rest_seconds)


def _reasons(s: SubstituteResponse) -> str:
    text = "; ".join(s.reasons)
    return f"{s.movement_name}: {text}." if text else f"{s.movement_name} ranks best."


def _ranked_pick(
    seid: int, ranked: tuple[SubstituteResponse, ...], why: str
) -> SubstitutePickResponse:
    return SubstitutePickResponse(seid, ranked, ranked[0], _reasons(ranked[0]), SOURCE_RULES, why)


def _change_response(
    change: ProposedChange, slot_ids: Mapping[int, int | None]
) -> CoachChangeResponse:
    return CoachChangeResponse(
        action=change.action,
        session_exercise_id=slot_ids.get(change.slot) if change.slot is not None else None,
        exercise=change.exercise,
        movement_id=change.movement_id,
        replacement=change.replacement,
        sets=change.sets,
        reps=change.reps,
        rpe=change.rpe,
        section=change.section,
        reason=change.reason,
        description=change.words(),
    )


def _proposal_response(
    thread_id: int, day: date, proposal: Proposal, slot_ids: Mapping[int, int | None]
) -> CoachProposalResponse:
    return CoachProposalResponse(
        thread_id=thread_id,
        date=day,
        summary=proposal.summary,
        changes=tuple(_change_response(c, slot_ids) for c in proposal.changes),
        dropped=proposal.dropped,
        added_sections=tuple(c.section for c in proposal.changes if c.action == "add_section"),
    )
