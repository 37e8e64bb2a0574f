"""Day plan state: a date's session as display rows, the adaptation round-trip, a calendar month."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import AlloyError, NotFound
from alloy_desktop.domain.enums import (
    BodyPart,
    DayOutcome,
    ExerciseRole,
    MovementPattern,
    RecoverySignalLevel,
)
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.coach import ASSISTANT, IDLE_HINT, READY, CoachViewModel
from alloy_desktop.ui.viewmodels.session import (
    LOGS,
    MOVEMENTS,
    PLAN,
    PROGRAMS,
    SETTINGS,
    AppSession,
)
from alloy_desktop.ui.viewmodels.targets import TargetWords, for_slot, words_for
from alloy_desktop.ui.viewmodels.work import amount

# Views name body parts, signals and outcomes through this module, never the domain.
__all__ = [
    "AdaptationView",
    "BodyPart",
    "CalendarViewModel",
    "ChangeRow",
    "DayOutcome",
    "DayPlanViewModel",
    "ExerciseLine",
    "MonthView",
    "PlanView",
    "RecoverySignalLevel",
    "SectionView",
]

TRAINING = "training"
REST = "rest"
NO_PROGRAM = "no_program"

PENDING = "pending"
ACCEPTED = "accepted"
REJECTED = "rejected"

REFRESH_TOPICS = frozenset({PROGRAMS, PLAN, LOGS, MOVEMENTS})
# A day's plan also shows loads, which the unit and the plates (settings) change.
PLAN_TOPICS = REFRESH_TOPICS | {SETTINGS}
NEXT_SESSION_HORIZON_DAYS = 28

BODY_PARTS: tuple[BodyPart, ...] = (
    BodyPart.CHEST,
    BodyPart.BACK,
    BodyPart.LEGS,
    BodyPart.SHOULDERS,
    BodyPart.ARMS,
    BodyPart.CORE,
)
RECOVERY_SIGNALS: tuple[RecoverySignalLevel, ...] = (
    RecoverySignalLevel.POOR,
    RecoverySignalLevel.FAIR,
    RecoverySignalLevel.GOOD,
    RecoverySignalLevel.EXCELLENT,
)

OUTCOME_LABELS: dict[DayOutcome, str] = {
    DayOutcome.PLANNED: "Planned",
    DayOutcome.COMPLETED: "Completed",
    DayOutcome.MISSED: "Missed",
    DayOutcome.REST: "Rest",
    DayOutcome.DELOAD: "Deload",
}

# (key, title, roles, minutes field of SessionTimeBreakdown, what to do when no exercise is listed)
_SECTIONS: tuple[tuple[str, str, frozenset[ExerciseRole], str, str], ...] = (
    (
        "warmup",
        "Warm-up",
        frozenset({ExerciseRole.WARMUP}),
        "warmup_minutes",
        "General warm-up: easy cardio and mobility, then ramp up to your first working weight",
    ),
    (
        "main",
        "Main work",
        frozenset({ExerciseRole.MAIN, ExerciseRole.SKILL}),
        "main_minutes",
        "",
    ),
    ("accessory", "Accessories", frozenset({ExerciseRole.ACCESSORY}), "accessory_minutes", ""),
    ("finisher", "Finisher", frozenset({ExerciseRole.FINISHER}), "finisher_minutes", ""),
    (
        "cooldown",
        "Cool-down",
        frozenset({ExerciseRole.COOLDOWN}),
        "cooldown_minutes",
        "Easy walk and light stretching for the muscles you trained",
    ),
)

_ADDED_SECTIONS: dict[str, tuple[str, str]] = {
    "extra_warmup": (
        "Extra warm-up",
        "Recovery is low, so take a few more minutes to ease in before the first working set.",
    ),
    "conditioning": (
        "Conditioning",
        "You're well recovered: a short conditioning piece is added at the end.",
    ),
    "warmup": ("Warm-up", "A warm-up block is added before the main work."),
    "finisher": ("Finisher", "A short finisher is added after the accessories."),
    "cooldown": ("Cool-down", "A cool-down block is added to close the session."),
}


# --- display rows -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise as the lifter reads it: name, prescription, the loads to lift, a note."""

    name: str
    prescription: str  # "4 × 5 @ RPE 8 · rest 3:00"
    note: str = ""
    target: TargetWords = field(default_factory=TargetWords)

    @property
    def text(self) -> str:
        return f"{self.name} — {self.prescription}" if self.prescription else self.name


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    minutes: int
    lines: tuple[ExerciseLine, ...]


@dataclass(frozen=True)
class PlanView:
    """Everything a day's plan card shows, already worded."""

    day: date
    kind: str  # TRAINING, REST or NO_PROGRAM
    headline: str  # "Monday 2 November · Upper A · ~62 min"
    title: str  # session name, "Rest day" or "No program yet"
    subtitle: str
    total_minutes: int = 0
    sections: tuple[SectionView, ...] = ()
    badges: tuple[str, ...] = ()
    message: str = ""  # the rest-day or no-program text
    next_session: str = ""  # "Wednesday 4 November · Lower A (in 2 days)"
    outcome: DayOutcome | None = None
    is_adapted: bool = False
    session_id: int | None = None

    @property
    def is_training(self) -> bool:
        return self.kind == TRAINING

    def lines(self) -> tuple[str, ...]:
        """Every exercise row as text, in order (for tests and screen readers)."""
        return tuple(line.text for section in self.sections for line in section.lines)


@dataclass(frozen=True)
class ChangeRow:
    title: str
    detail: str


@dataclass(frozen=True)
class AdaptationView:
    """What the rule-based adaptation did, grouped as the panel lists it."""

    thread_id: int
    day: date
    status: str  # PENDING, ACCEPTED or REJECTED
    recovery: str
    summary: str
    removed: tuple[ChangeRow, ...] = ()
    substituted: tuple[ChangeRow, ...] = ()
    adjusted: tuple[ChangeRow, ...] = ()
    added: tuple[ChangeRow, ...] = ()
    unchanged: int = 0
    explanation: str = ""

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING


@dataclass(frozen=True)
class MonthView:
    """A month's outcomes for the calendar, keyed by date."""

    year: int
    month: int
    days: Mapping[date, schemas.CalendarDay] = field(default_factory=dict)

    def outcome(self, day: date) -> DayOutcome | None:
        entry = self.days.get(day)
        return entry.outcome if entry else None

    def counts(self) -> dict[DayOutcome, int]:
        counts = dict.fromkeys(OUTCOME_LABELS, 0)
        for entry in self.days.values():
            counts[entry.outcome] += 1
        return counts

    def summary(self) -> str:
        """ "3 completed · 1 missed · 8 planned" for the days of the month that train."""
        counts = self.counts()
        order = (DayOutcome.COMPLETED, DayOutcome.MISSED, DayOutcome.PLANNED, DayOutcome.DELOAD)
        parts = [f"{counts[o]} {OUTCOME_LABELS[o].lower()}" for o in order if counts[o]]
        return " · ".join(parts) if parts else "No sessions this month"


# --- wording ------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """8.0 -> "8", 7.5 -> "7.5"."""
    return f"{value:g}"


def format_rest(seconds: int) -> str:
    """180 -> "3:00", 45 -> "0:45"."""
    minutes, rest = divmod(max(int(seconds), 0), 60)
    return f"{minutes}:{rest:02d}"


def prescription(
    sets: int,
    reps: int,
    reps_max: int | None,
    rpe: float | None,
    rest_seconds: int,
    pattern: MovementPattern | str = MovementPattern.SQUAT,
    role: ExerciseRole | str | None = None,
) -> str:
    """ "4 × 5 @ RPE 8 · rest 3:00"; a range "3 × 8–12", a run "1 × 45 min", a hold "2 × 45 s"."""
    text = amount(sets, reps, reps_max, pattern, role)
    if rpe is not None:
        text += f" @ RPE {format_number(rpe)}"
    if rest_seconds > 0:
        text += f" · rest {format_rest(rest_seconds)}"
    return text


def long_date(day: date, today: date | None = None) -> str:
    """ "Monday 2 November", with the year when it isn't this year's."""
    text = f"{day:%A} {day.day} {day:%B}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def relative_days(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 3 days", "yesterday", "5 days ago"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def humanize(key: str) -> str:
    """ "extra_warmup" -> "Extra warmup"; "LEGS" -> "Legs"."""
    words = key.replace("_", " ").strip().lower()
    return words[:1].upper() + words[1:]


def _letter(group: int) -> str:
    return chr(ord("A") + (group - 1) % 26) if group >= 1 else chr(ord("A") + group % 26)


def exercise_line(
    exercise: schemas.SessionExerciseResponse,
    loads: schemas.ExercisePrescription | None = None,
) -> ExerciseLine:
    notes = []
    if exercise.role == ExerciseRole.SKILL:
        notes.append("Skill work: crisp reps, stop well short of failure")
    if exercise.superset_group is not None:
        notes.append(f"Superset {_letter(exercise.superset_group)}")
    if exercise.notes.strip():
        notes.append(exercise.notes.strip())
    text = prescription(
        exercise.sets,
        exercise.reps,
        exercise.reps_max,
        exercise.rpe,
        exercise.rest_seconds,
        exercise.pattern,
        exercise.role,
    )
    target = words_for(loads, exercise.role)
    return ExerciseLine(exercise.movement_name, text, " · ".join(notes), target)


def session_sections(
    session: schemas.SessionResponse, prescription: schemas.SessionPrescription | None = None
) -> tuple[SectionView, ...]:
    """The session grouped warm-up → main → accessories → finisher → cool-down, with minutes;
    with its prescription, each lift also says what to load and why."""
    exercises = sorted(session.exercises, key=lambda e: e.order)
    sections = []
    for key, title, roles, minutes_field, fallback in _SECTIONS:
        minutes = int(getattr(session.time, minutes_field))
        lines = tuple(
            exercise_line(e, for_slot(prescription, e.id, e.movement_id))
            for e in exercises
            if e.role in roles
        )
        if not lines and minutes > 0 and fallback:
            lines = (ExerciseLine(fallback, ""),)
        if lines:
            sections.append(SectionView(key, title, minutes, lines))
    return tuple(sections)


def training_view(
    plan: schemas.DailyPlanResponse,
    today: date,
    outcome: DayOutcome | None,
    prescription: schemas.SessionPrescription | None = None,
) -> PlanView:
    session = plan.session
    assert session is not None
    minutes = session.time.total_minutes
    badges = []
    if outcome is DayOutcome.COMPLETED:
        badges.append("Completed")
    elif outcome is DayOutcome.MISSED:
        badges.append("Missed")
    if session.is_deload or plan.is_deload:
        badges.append("Deload week")
    if session.is_adapted or plan.adapted_from_thread_id is not None:
        badges.append("Adapted")
    exercises = len(session.exercises)
    week = f"Week {plan.microcycle_sequence} · " if plan.microcycle_sequence else ""
    kind = humanize(session.session_type)
    return PlanView(
        day=plan.date,
        kind=TRAINING,
        headline=f"{long_date(plan.date, today)} · {session.name} · ~{minutes} min",
        title=session.name,
        subtitle=f"{week}{kind} · {exercises} exercises · about {minutes} minutes",
        total_minutes=minutes,
        sections=session_sections(session, prescription),
        badges=tuple(badges),
        outcome=outcome,
        is_adapted=session.is_adapted or plan.adapted_from_thread_id is not None,
        session_id=session.id,
    )


def rest_view(
    plan: schemas.DailyPlanResponse, today: date, upcoming: schemas.CalendarDay | None
) -> PlanView:
    next_text = ""
    if upcoming is not None:
        name = f" · {upcoming.session_name}" if upcoming.session_name else ""
        when = relative_days(upcoming.date, today) if upcoming.date >= today else ""
        next_text = f"{long_date(upcoming.date, today)}{name}" + (f" ({when})" if when else "")
    message = plan.message.strip() or "No session is planned for this day."
    return PlanView(
        day=plan.date,
        kind=REST,
        headline=f"{long_date(plan.date, today)} · Rest day",
        title="Rest day",
        subtitle="Recovery is where the training turns into strength.",
        badges=("Deload week",) if plan.is_deload else (),
        message=message,
        next_session=next_text,
        outcome=DayOutcome.REST,
    )


def no_program_view(day: date, today: date, message: str = "") -> PlanView:
    return PlanView(
        day=day,
        kind=NO_PROGRAM,
        headline=f"{long_date(day, today)} · No program yet",
        title="No program yet",
        subtitle="Alloy plans each day from your program.",
        message=message
        or "Create a program on the Program page (Ctrl+2) and your sessions will appear here.",
    )


def _removed_row(
    removed: schemas.RemovedExerciseResponse, swaps: Iterable[schemas.SubstitutionResponse]
) -> ChangeRow:
    swap = next(
        (
            s
            for s in swaps
            if (
                removed.session_exercise_id is not None
                and s.session_exercise_id == removed.session_exercise_id
            )
            or s.original_movement_id == removed.movement_id
        ),
        None,
    )
    detail = removed.reason.strip() or "Removed for today"
    if swap is not None:
        detail += f" · replaced by {swap.movement_name}"
    elif removed.substitutes:
        options = ", ".join(s.movement_name for s in removed.substitutes[:3])
        detail += f" · no swap made; options: {options}"
    else:
        detail += " · dropped for today"
    return ChangeRow(removed.movement_name, detail)


Slots = Mapping[int | None, schemas.SessionExerciseResponse]


def _slot_prescription(
    sets: int, reps: int, rpe: float, rest: int, slot: schemas.SessionExerciseResponse | None
) -> str:
    # The adaptation names no pattern; the planned slot says whether reps are seconds.
    if slot is None:
        return prescription(sets, reps, None, rpe, rest)
    return prescription(sets, reps, None, rpe, rest, slot.pattern, slot.role)


def _substituted_row(swap: schemas.SubstitutionResponse, slots: Slots) -> ChangeRow:
    slot = slots.get(swap.session_exercise_id)
    text = _slot_prescription(swap.sets, swap.reps, swap.rpe, swap.rest_seconds, slot)
    reasons = "; ".join(r for r in swap.reasons if r.strip())
    return ChangeRow(
        f"{swap.original_movement_name} → {swap.movement_name}",
        f"{text}" + (f" · {reasons}" if reasons else ""),
    )


def _adjusted_row(item: schemas.AdaptedExerciseResponse, slots: Slots) -> ChangeRow:
    slot = slots.get(item.session_exercise_id)
    text = _slot_prescription(item.sets, item.reps, item.rpe, item.rest_seconds, slot)
    changes = "; ".join(c.replace(" -> ", " → ") for c in item.changes)
    return ChangeRow(item.movement_name, f"{text} · {changes}")


def _added_row(key: str) -> ChangeRow:
    title, detail = _ADDED_SECTIONS.get(
        key.strip().lower(), (humanize(key), "Added to the session.")
    )
    return ChangeRow(title, detail)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def adaptation_view(
    result: schemas.AdaptationResponse,
    status: str = PENDING,
    session: schemas.SessionResponse | None = None,
) -> AdaptationView:
    """The proposed changes in words; `session`, the day's plan, tells runs from lifts."""
    slots: Slots = {e.id: e for e in session.exercises} if session is not None else {}
    adjusted = tuple(_adjusted_row(a, slots) for a in result.adapted if a.changes)
    unchanged = sum(1 for a in result.adapted if not a.changes)
    counts = (
        (len(result.removed), "removed", "removed"),
        (len(result.substituted), "swapped in", "swapped in"),
        (len(adjusted), "adjusted", "adjusted"),
        (unchanged, "unchanged", "unchanged"),
        (len(result.added_sections), "section added", "sections added"),
    )
    parts = [_count(n, one, many) for n, one, many in counts if n]
    return AdaptationView(
        thread_id=result.thread_id,
        day=result.date,
        status=status,
        recovery=f"Recovery score {round(result.recovery_score)}/100",
        summary=" · ".join(parts) or "No changes",
        removed=tuple(_removed_row(r, result.substituted) for r in result.removed),
        substituted=tuple(_substituted_row(s, slots) for s in result.substituted),
        adjusted=adjusted,
        added=tuple(_added_row(k) for k in result.added_sections),
        unchanged=unchanged,
        explanation=result.explanation.strip(),
    )


def adaptation_request(
    soreness: Mapping[BodyPart, int] | Mapping[str, int],
    signal: RecoverySignalLevel | str | None,
    notes: str,
) -> schemas.AdaptationRequest:
    """Builds the request; a soreness of 0 means "not sore" and is left out."""
    entries = tuple(
        schemas.SorenessInput(BodyPart(part), int(level))
        for part, level in soreness.items()
        if int(level) > 0
    )
    level = RecoverySignalLevel(signal) if signal else None
    return schemas.AdaptationRequest(soreness=entries, recovery_signal=level, notes=notes.strip())


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


# --- api calls (one place that knows the service's signatures) ----------------------------


def fetch_month(session: AppSession, year: int, month: int) -> tuple[schemas.CalendarDay, ...]:
    return tuple(session.me.days.calendar(year, month))


def _next_session(session: AppSession, after: date) -> schemas.CalendarDay | None:
    """The first day with a session after `after`, looking about four weeks ahead."""
    horizon = after + timedelta(days=NEXT_SESSION_HORIZON_DAYS)
    months = {(after.year, after.month), next_month(after.year, after.month)}
    for year, month in sorted(months):
        for entry in sorted(fetch_month(session, year, month), key=lambda d: d.date):
            if after < entry.date <= horizon and entry.session_id is not None:
                return entry
    return None


def _outcome(session: AppSession, day: date) -> DayOutcome | None:
    entry = next((d for d in fetch_month(session, day.year, day.month) if d.date == day), None)
    return entry.outcome if entry else None


def _has_program(session: AppSession) -> bool:
    return any(program.is_active for program in session.me.programs.list())


@dataclass(frozen=True)
class _Loaded:
    view: PlanView
    plan: schemas.DailyPlanResponse | None
    thread: schemas.ConversationResponse | None = None


def _load_day(session: AppSession, day: date, today: date) -> _Loaded:
    """Everything one day's card needs, fetched together off the GUI thread."""
    try:
        plan = session.me.days.plan(day)
    except NotFound as exc:
        return _Loaded(no_program_view(day, today, exc.message), None)
    if plan.is_rest_day or plan.session is None:
        upcoming = _next_session(session, day)
        # A rest-day answer carries no program id, so only ask about programs when
        # nothing is coming up (the rarer, slower case).
        if upcoming is None and not _has_program(session):
            return _Loaded(no_program_view(day, today, plan.message), plan)
        return _Loaded(rest_view(plan, today, upcoming), plan)
    thread = None
    if plan.adapted_from_thread_id is not None:
        thread = session.me.days.conversation(plan.adapted_from_thread_id)
    outcome = _outcome(session, day)
    prescription = _prescription(session, plan.session.id, outcome)
    return _Loaded(training_view(plan, today, outcome, prescription), plan, thread)


def _prescription(
    session: AppSession, session_id: int | None, outcome: DayOutcome | None
) -> schemas.SessionPrescription | None:
    """The loads to lift, for a session still to do; the plan shows without them if they fail."""
    if session_id is None or outcome is DayOutcome.COMPLETED:
        return None  # what was lifted is in the log; today's e1RM says nothing about it
    try:
        return session.me.prescriptions.for_session(session_id)
    except AlloyError:
        return None


# --- view-models --------------------------------------------------------------------------


class DayPlanViewModel(ViewModel):
    """One day's plan plus the adapt → accept/reject round-trip and its coach transcript."""

    plan_changed = Signal(object)  # PlanView
    plan_failed = Signal(str)  # a message for a person; the previous plan stays
    adaptation_changed = Signal(object)  # AdaptationView | None
    adapt_busy_changed = Signal(bool)
    accepted = Signal(object)  # schemas.ConversationResponse

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.coach = CoachViewModel(self)
        self._day: date | None = None
        self._view: PlanView | None = None
        self._plan: schemas.DailyPlanResponse | None = None
        self._adaptation: AdaptationView | None = None
        self._last_request = schemas.AdaptationRequest()
        self._generation = 0  # newer loads win over slower older ones
        self._adapting = False
        self._live = True
        self._stale = False
        self.coach.send_requested.connect(self._on_coach_send_requested)
        session.changed.connect(self._on_session_changed)

    # --- state ------------------------------------------------------------------------

    @property
    def day(self) -> date | None:
        return self._day

    @property
    def view(self) -> PlanView | None:
        return self._view

    @property
    def plan(self) -> schemas.DailyPlanResponse | None:
        return self._plan

    @property
    def adaptation(self) -> AdaptationView | None:
        return self._adaptation

    @property
    def adapting(self) -> bool:
        return self._adapting

    def can_adapt(self) -> bool:
        """Only a training day that hasn't passed (or been logged) can be adapted."""
        view = self._view
        return (
            view is not None
            and view.is_training
            and view.day >= self.session.today()
            and view.outcome is not DayOutcome.COMPLETED
        )

    def can_start(self) -> bool:
        """Whether "Start workout" makes sense: a training day, today or earlier, not yet logged,
        in the lifter's own window (a coach reads an athlete's Today but never logs for them)."""
        view = self._view
        return (
            not self.session.read_only
            and view is not None
            and view.is_training
            and view.day <= self.session.today()
            and view.outcome is not DayOutcome.COMPLETED
        )

    # --- loading ----------------------------------------------------------------------

    def load(self, day: date) -> None:
        """Shows `day`; a different day drops any adaptation of the previous one."""
        if day != self._day:
            self._day = day
            self._set_adaptation(None)
            self._last_request = schemas.AdaptationRequest()
            self.coach.clear()
        self._stale = False
        self._generation += 1
        generation = self._generation
        today = self.session.today()
        self.call(
            lambda: _load_day(self.session, day, today),
            lambda loaded: self._on_loaded(generation, loaded),
            lambda exc: self._on_load_failed(generation, exc),
        )

    def refresh(self) -> None:
        if self._day is not None:
            self.load(self._day)

    def set_live(self, live: bool) -> None:
        """Views call this on show/hide: hidden screens only note that they are stale."""
        self._live = live
        if live and self._stale:
            self.refresh()

    def _on_loaded(self, generation: int, loaded: _Loaded) -> None:
        if generation != self._generation:
            return
        self._plan = loaded.plan
        self._view = loaded.view
        self.plan_changed.emit(loaded.view)
        if loaded.thread is not None and self._adaptation is None:
            self.coach.show_conversation(loaded.thread)
        self._update_coach()

    def _on_load_failed(self, generation: int, exc: AlloyError) -> None:
        if generation == self._generation:
            self.plan_failed.emit(exc.message)

    def _on_session_changed(self, topic: str) -> None:
        if topic not in PLAN_TOPICS or self._day is None:
            return
        if self._live:
            self.refresh()
        else:
            self._stale = True

    # --- adapting ---------------------------------------------------------------------

    def adapt(
        self,
        soreness: Mapping[BodyPart, int] | Mapping[str, int],
        signal: RecoverySignalLevel | str | None = None,
        notes: str = "",
    ) -> None:
        """Asks the rule-based adaptation what to change; the result waits for accept/reject."""
        if self._day is None or self._adapting:
            return
        if not self.can_adapt():
            self.error.emit("", self.why_not_adaptable())
            return
        try:
            request = adaptation_request(soreness, signal, notes)
        except ValueError:
            self.error.emit("recovery_signal", "Pick a recovery signal from the list.")
            return
        self._run_adapt(request)

    def _run_adapt(self, request: schemas.AdaptationRequest) -> None:
        day = self._day
        assert day is not None
        pending = self._adaptation
        superseded = pending.thread_id if pending is not None and pending.is_pending else None
        self._last_request = request
        self._set_adapting(True)
        self.coach.set_status("Working out the changes…")
        self.call(
            lambda: self._adapt_call(day, request, superseded),
            self._on_adapted,
            self._on_adapt_failed,
        )

    def _adapt_call(
        self, day: date, request: schemas.AdaptationRequest, superseded: int | None
    ) -> tuple[schemas.AdaptationResponse, schemas.ConversationResponse | None]:
        days = self.session.me.days
        result = days.adapt(day, request)
        if superseded is not None:
            # A new answer replaces the one still waiting; close it so no thread dangles
            # (if it was closed elsewhere meanwhile there is nothing to tidy).
            with suppress(AlloyError):
                days.reject(day, superseded)
        try:
            thread = days.conversation(result.thread_id)
        except AlloyError:
            thread = None  # the explanation alone still tells the story
        return result, thread

    def _on_adapted(
        self, payload: tuple[schemas.AdaptationResponse, schemas.ConversationResponse | None]
    ) -> None:
        result, thread = payload
        self._set_adapting(False)
        if result.date != self._day:
            return  # the lifter moved on to another day meanwhile
        planned = self._plan.session if self._plan is not None else None
        self._set_adaptation(adaptation_view(result, session=planned))
        self._show_thread(thread, result.explanation)
        self.coach.set_status("Review the changes, then Accept or Reject.")

    def _on_adapt_failed(self, exc: AlloyError) -> None:
        self._set_adapting(False)
        self.coach.set_status(READY)
        self.report(exc)

    def _show_thread(self, thread: schemas.ConversationResponse | None, explanation: str) -> None:
        if thread is not None and any(t.content.strip() for t in thread.turns):
            self.coach.show_conversation(thread)
            shown = any(explanation.strip() in m.text for m in self.coach.messages)
            if explanation.strip() and not shown:
                self.coach.add_message(ASSISTANT, explanation.strip())
            return
        self.coach.add_message(ASSISTANT, explanation.strip() or "No changes were needed.")

    def accept(self, notes: str = "") -> None:
        """Makes the pending adaptation the day's plan."""
        pending = self._adaptation
        if pending is None or not pending.is_pending or self._day is None:
            return
        day = self._day
        request = schemas.AcceptPlanRequest(conversation_id=pending.thread_id, final_notes=notes)
        self.call(lambda: self.session.me.days.accept(day, request), self._on_accepted)

    def _on_accepted(self, conversation: schemas.ConversationResponse) -> None:
        self._finish(ACCEPTED, "Accepted. This is now the day's plan.")
        self.accepted.emit(conversation)
        self.session.notify(PLAN)  # every screen showing this day, this one included, reloads

    def reject(self) -> None:
        """Keeps the original plan and closes the thread."""
        pending = self._adaptation
        if pending is None or not pending.is_pending or self._day is None:
            return
        day = self._day
        self.call(
            lambda: self.session.me.days.reject(day, pending.thread_id),
            lambda _: self._finish(REJECTED, "Rejected. The original plan stands."),
        )

    def _finish(self, status: str, message: str) -> None:
        if self._adaptation is not None:
            view = self._adaptation
            self._set_adaptation(replace(view, status=status))
        self.coach.add_message(ASSISTANT, message)
        self.coach.set_status(READY)

    def _set_adaptation(self, view: AdaptationView | None) -> None:
        self._adaptation = view
        self.adaptation_changed.emit(view)

    def _set_adapting(self, adapting: bool) -> None:
        if adapting != self._adapting:
            self._adapting = adapting
            self.coach.set_input_enabled(not adapting)
            self.adapt_busy_changed.emit(adapting)

    # --- coach ------------------------------------------------------------------------

    def _on_coach_send_requested(self, text: str) -> None:
        """The rule-based coach answers a typed note by re-running the adaptation with it."""
        if not self.can_adapt():
            self.coach.add_message(ASSISTANT, self.why_not_adaptable())
            return
        previous = self._last_request
        notes = f"{previous.notes}\n{text}".strip() if previous.notes else text
        request = schemas.AdaptationRequest(previous.soreness, previous.recovery_signal, notes)
        self._run_adapt(request)

    def _update_coach(self) -> None:
        """A first line from the coach when the transcript is empty."""
        if self.coach.messages or self._adapting or self._view is None:
            return
        self.coach.set_status(READY)
        view = self._view
        if self.can_adapt():
            self.coach.add_message(ASSISTANT, IDLE_HINT)
        elif view.kind in (REST, NO_PROGRAM):
            self.coach.add_message(ASSISTANT, self.why_not_adaptable())

    def adapt_unavailable(self) -> str:
        """Why this day can't be adapted, in a few words for the Adapt panel."""
        view = self._view
        if view is None:
            return "The plan is still loading."
        if view.kind == NO_PROGRAM:
            return "No program yet, so there is nothing to adapt."
        if view.kind == REST:
            return "Rest day: nothing to adapt."
        if view.outcome is DayOutcome.COMPLETED:
            return "This session is already logged."
        return "This day has passed; only today and upcoming sessions can be adapted."

    def why_not_adaptable(self) -> str:
        """The coach's fuller answer when asked to adapt a day that can't be."""
        view = self._view
        if view is not None and view.kind == REST:
            upcoming = f" Your next session is {view.next_session}." if view.next_session else ""
            return (
                f"It's a rest day, so there is nothing to adapt.{upcoming} "
                "Sleep, food and an easy walk are the plan today."
            )
        if view is not None and view.kind == NO_PROGRAM:
            return (
                "There is no program yet. Create one on the Program page and I'll help you "
                "adapt each session to how you feel."
            )
        return self.adapt_unavailable()


class CalendarViewModel(ViewModel):
    """Outcomes (planned, completed, missed, rest, deload) for the month on show."""

    month_changed = Signal(object)  # MonthView
    month_failed = Signal(str)

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self._month: tuple[int, int] | None = None
        self._view: MonthView | None = None
        self._generation = 0
        self._live = True
        self._stale = False
        session.changed.connect(self._on_session_changed)

    @property
    def view(self) -> MonthView | None:
        return self._view

    @property
    def month(self) -> tuple[int, int] | None:
        """The (year, month) last asked for, loaded or still loading."""
        return self._month

    def load_month(self, year: int, month: int) -> None:
        self._month = (year, month)
        self._stale = False
        self._generation += 1
        generation = self._generation
        self.call(
            lambda: fetch_month(self.session, year, month),
            lambda days: self._on_loaded(generation, year, month, days),
            lambda exc: self._on_failed(generation, exc),
        )

    def refresh(self) -> None:
        if self._month is not None:
            self.load_month(*self._month)

    def set_live(self, live: bool) -> None:
        self._live = live
        if live and self._stale:
            self.refresh()

    def _on_loaded(
        self, generation: int, year: int, month: int, days: tuple[schemas.CalendarDay, ...]
    ) -> None:
        if generation != self._generation:
            return
        self._view = MonthView(year, month, {d.date: d for d in days})
        self.month_changed.emit(self._view)

    def _on_failed(self, generation: int, exc: AlloyError) -> None:
        if generation == self._generation:
            self.month_failed.emit(exc.message)

    def _on_session_changed(self, topic: str) -> None:
        if topic not in REFRESH_TOPICS or self._month is None:
            return
        if self._live:
            self.refresh()
        else:
            self._stale = True
