"""Program page state: the goal-weighted builder with live checks and preview, the list, details."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import AlloyError, ValidationError
from alloy_desktop.domain.enums import (
    ExerciseRole,
    Goal,
    MicrocycleStatus,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    SessionType,
    SplitTemplate,
)
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.program_weeks import (
    SessionPosition,
    WeeksTableModel,
    session_positions,
    weeks_table,
)
from alloy_desktop.ui.viewmodels.session import PLAN, PROFILE, PROGRAMS, SETTINGS, AppSession
from alloy_desktop.ui.viewmodels.targets import TargetWords, for_slot, words_for
from alloy_desktop.ui.viewmodels.work import amount

GOAL_SLOTS = 3
TOTAL_WEIGHT = 10  # the ten-dollar method: spread $10 over the goals
DURATIONS = (8, 10, 12)
DAYS_PER_WEEK = 7
CHECK_DELAY_MS = 150  # long enough to skip the steps of a spin box held down
PREVIEW_DELAY_MS = 250  # the preview plans a whole program, so wait a little longer

# --- enum values in plain words ------------------------------------------------------------

GOAL_WORDS: dict[str, str] = {
    Goal.STRENGTH: "Strength",
    Goal.HYPERTROPHY: "Hypertrophy",
    Goal.ENDURANCE: "Endurance",
    Goal.MOBILITY: "Mobility",
    Goal.SKILL: "Skill",
    Goal.FAT_LOSS: "Fat loss",
}
GOAL_HINTS: dict[str, str] = {
    Goal.STRENGTH: "Heavier loads, fewer reps, long rests",
    Goal.HYPERTROPHY: "Muscle size: moderate loads, more sets",
    Goal.ENDURANCE: "Work capacity: higher reps, conditioning",
    Goal.MOBILITY: "Range of motion: longer cool-downs, mobility drills",
    Goal.SKILL: "Technique practice done fresh, early in the session",
    Goal.FAT_LOSS: "Conditioning finishers and denser sessions",
}
SPLIT_WORDS: dict[str, str] = {
    SplitTemplate.HYBRID: "Hybrid",
    SplitTemplate.UPPER_LOWER: "Upper/lower",
    SplitTemplate.PPL: "Push/pull/legs",
    SplitTemplate.FULL_BODY: "Full body",
    SplitTemplate.BODY_PART_SPLIT: "Body-part split",
    SplitTemplate.PUSH_PULL: "Push/pull",
}
SPLIT_HINTS: dict[str, str] = {
    SplitTemplate.HYBRID: "Mixes full-body and split days to fit your training days",
    SplitTemplate.UPPER_LOWER: "Alternates upper-body and lower-body days",
    SplitTemplate.PPL: "Push, pull and leg days in rotation",
    SplitTemplate.FULL_BODY: "Every session trains the whole body",
    SplitTemplate.BODY_PART_SPLIT: "One or two muscle groups per day",
    SplitTemplate.PUSH_PULL: "Alternates pushing and pulling days",
}
PROGRESSION_WORDS: dict[str, str] = {
    ProgressionStyle.SINGLE_PROGRESSION: "Single progression",
    ProgressionStyle.DOUBLE_PROGRESSION: "Double progression",
    ProgressionStyle.WAVE_LOADING: "Wave loading",
    ProgressionStyle.BLOCK_PERIODIZATION: "Block periodization",
}
PROGRESSION_HINTS: dict[str, str] = {
    ProgressionStyle.SINGLE_PROGRESSION: "Same reps each week, add weight when all sets are done",
    ProgressionStyle.DOUBLE_PROGRESSION: "Add reps within a range, then add weight and start over",
    ProgressionStyle.WAVE_LOADING: "Loads rise and fall in waves across the weeks",
    ProgressionStyle.BLOCK_PERIODIZATION: "Blocks of volume, then strength, then peaking",
}
TONE_WORDS: dict[str, str] = {
    PersonaTone.DRILL_SERGEANT: "Drill sergeant",
    PersonaTone.SUPPORTIVE: "Supportive",
    PersonaTone.ANALYTICAL: "Analytical",
    PersonaTone.MOTIVATIONAL: "Motivational",
    PersonaTone.MINIMALIST: "Minimalist",
    PersonaTone.NEUTRAL: "Neutral",
    PersonaTone.DIRECT: "Direct",
}
AGGRESSION_WORDS: dict[str, str] = {
    PersonaAggression.CONSERVATIVE: "Conservative",
    PersonaAggression.MODERATE_CONSERVATIVE: "Moderately conservative",
    PersonaAggression.BALANCED: "Balanced",
    PersonaAggression.MODERATE_AGGRESSIVE: "Moderately aggressive",
    PersonaAggression.AGGRESSIVE: "Aggressive",
}
SESSION_TYPE_WORDS: dict[str, str] = {
    SessionType.STRENGTH: "Strength",
    SessionType.HYPERTROPHY: "Hypertrophy",
    SessionType.ENDURANCE: "Endurance",
    SessionType.MOBILITY: "Mobility",
    SessionType.SKILL: "Skill",
    SessionType.CONDITIONING: "Conditioning",
    SessionType.RECOVERY: "Recovery",
}
STATUS_WORDS: dict[str, str] = {
    MicrocycleStatus.PLANNED: "Planned",
    MicrocycleStatus.ACTIVE: "This week",
    MicrocycleStatus.COMPLETED: "Done",
    MicrocycleStatus.CANCELLED: "Cancelled",
}
# Session sections in training order; SKILL work is timed (and shown) inside MAIN.
SECTIONS: tuple[tuple[str, tuple[ExerciseRole, ...]], ...] = (
    ("Warm-up", (ExerciseRole.WARMUP,)),
    ("Main", (ExerciseRole.SKILL, ExerciseRole.MAIN)),
    ("Accessory", (ExerciseRole.ACCESSORY,)),
    ("Finisher", (ExerciseRole.FINISHER,)),
    ("Cool-down", (ExerciseRole.COOLDOWN,)),
)
OPTION_FIELDS = ("split_template", "progression_style", "persona_tone", "persona_aggression")
OPTION_WORDS: dict[str, dict[str, str]] = {
    "split_template": SPLIT_WORDS,
    "progression_style": PROGRESSION_WORDS,
    "persona_tone": TONE_WORDS,
    "persona_aggression": AGGRESSION_WORDS,
}
OPTION_HINTS: dict[str, dict[str, str]] = {
    "split_template": SPLIT_HINTS,
    "progression_style": PROGRESSION_HINTS,
}
FROM_PROFILE = "From your profile"


def words(table: dict[str, str], value: object) -> str:
    """An enum value in plain words, falling back to "Upper lower" style for unknown values."""
    key = str(value)
    return table.get(key, key.replace("_", " ").capitalize())


# --- what the view shows -------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One entry of a picker: value None means "none" (goals) or "from your profile"."""

    value: str | None
    text: str
    hint: str = ""


@dataclass(frozen=True)
class SessionRow:
    """One planned session as a line of a list."""

    program_id: int | None
    microcycle_id: int | None
    session_id: int | None
    name: str
    on: date
    day: str  # "Mon 2 Nov"
    kind: str  # "Strength"
    exercises: int
    minutes: int
    is_deload: bool
    exercise_lines: tuple[str, ...]


@dataclass(frozen=True)
class MicrocycleRow:
    """One microcycle (a training week) with its sessions."""

    id: int | None
    sequence: int
    title: str  # "Week 3"
    start: date
    end: date
    dates: str  # "16 – 22 Nov"
    status: str
    is_deload: bool
    minutes: int  # all sessions of the week together
    sessions: tuple[SessionRow, ...]


@dataclass(frozen=True)
class ProgramSummary:
    """A program as the list, the preview and the detail show it."""

    id: int | None
    name: str
    goals: str  # "Strength 6 · Hypertrophy 4"
    weeks: str  # "8 weeks"
    dates: str  # "2 Nov – 27 Dec 2026"
    minutes: int  # average session minutes
    settings: str  # "Upper/lower · Double progression"
    coach: str  # "Supportive coach, balanced push"
    is_active: bool
    warnings: tuple[str, ...]
    microcycles: tuple[MicrocycleRow, ...]
    sessions_per_week: int
    resolved: dict[str, str]  # option field -> the value the program uses, in words

    @property
    def deload_weeks(self) -> tuple[int, ...]:
        return tuple(m.sequence for m in self.microcycles if m.is_deload)


@dataclass(frozen=True)
class SessionSection:
    """One block of a session (warm-up, main, ...) with its exercises and minutes."""

    title: str
    minutes: int
    exercises: tuple[str, ...]
    notes: tuple[str, ...]
    targets: tuple[TargetWords, ...] = ()  # the loads to lift of each exercise, and why


@dataclass(frozen=True)
class SessionDetail:
    """A session with its sections and the api's time breakdown."""

    title: str
    subtitle: str  # "Monday 2 November 2026 · Strength · Week 1"
    is_deload: bool
    sections: tuple[SessionSection, ...]
    breakdown: tuple[tuple[str, int], ...]  # (section title, minutes), all five
    total_minutes: int


# --- formatting ----------------------------------------------------------------------------


def short_day(day: date) -> str:
    """Mon 2 Nov (no platform-specific strftime flags)."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def date_range(start: date, end: date, years: bool = True) -> str:
    """2 – 8 Nov; 30 Nov – 6 Dec; both years when they differ (unless years is False)."""
    if start.year != end.year and years:
        return f"{start.day} {start:%b} {start.year} – {end.day} {end:%b} {end.year}"
    if start.month == end.month:
        return f"{start.day} – {end.day} {end:%b}"
    return f"{start.day} {start:%b} – {end.day} {end:%b}"


def rest_text(seconds: int) -> str:
    """180 -> 3:00; 0 -> no rest."""
    if seconds <= 0:
        return "no rest"
    return f"rest {seconds // 60}:{seconds % 60:02d}"


def number(value: float) -> str:
    """8.0 -> 8, 7.5 -> 7.5."""
    return f"{value:g}"


def exercise_line(ex: schemas.SessionExerciseResponse) -> str:
    """Barbell Squat — 4 × 5 @ RPE 8, rest 3:00."""
    text = f"{ex.movement_name} — {amount(ex.sets, ex.reps, ex.reps_max, ex.pattern, ex.role)}"
    if ex.rpe is not None:
        text += f" @ RPE {number(ex.rpe)}"
    text += f", {rest_text(ex.rest_seconds)}"
    if ex.superset_group is not None:
        text = f"[superset {chr(ord('A') + (ex.superset_group - 1) % 26)}] {text}"
    if ex.role is ExerciseRole.SKILL:
        text += " (skill)"
    return text


def warning_parts(message: str) -> tuple[str, str]:
    """A conflict message split into its headline and its rationale (after "(severity x): ")."""
    head, _, rest = message.partition(" (severity")
    _, _, rationale = rest.partition("): ")
    head = head.strip().rstrip(".")
    return (f"{head}." if head else message), rationale.strip()


def short_warning(message: str) -> str:
    """A warning's headline, without severity and rationale (those go in a tooltip)."""
    return warning_parts(message)[0]


def goals_text(goals: Sequence[schemas.GoalWeight]) -> str:
    """Strength 6 · Hypertrophy 4 (weights are dollars of ten; padding at 0 is left out)."""
    shown = [g for g in goals if g.weight > 0]
    return " · ".join(f"{words(GOAL_WORDS, g.goal)} {g.weight}" for g in shown)


def session_row(s: schemas.SessionResponse) -> SessionRow:
    return SessionRow(
        program_id=s.program_id,
        microcycle_id=s.microcycle_id,
        session_id=s.id,
        name=s.name,
        on=s.date,
        day=short_day(s.date),
        kind=words(SESSION_TYPE_WORDS, s.session_type),
        exercises=len(s.exercises),
        minutes=s.time.total_minutes,
        is_deload=s.is_deload,
        exercise_lines=tuple(exercise_line(e) for e in s.exercises),
    )


def microcycle_row(m: schemas.MicrocycleResponse) -> MicrocycleRow:
    sessions = tuple(session_row(s) for s in sorted(m.sessions, key=lambda s: s.date))
    return MicrocycleRow(
        id=m.id,
        sequence=m.sequence_number,
        title=f"{'Week' if m.length_days == DAYS_PER_WEEK else 'Cycle'} {m.sequence_number}",
        start=m.start_date,
        end=m.end_date,
        dates=date_range(m.start_date, m.end_date, years=False),
        status=words(STATUS_WORDS, m.status),
        is_deload=m.is_deload,
        minutes=sum(s.minutes for s in sessions),
        sessions=sessions,
    )


def weeks_text(p: schemas.ProgramResponse) -> str:
    """12 weeks; 12 weeks + 1 added (after "Add a week")."""
    planned = p.duration_weeks * DAYS_PER_WEEK // max(p.microcycle_length_days, 1)
    added = len(p.microcycles) - planned
    unit = "week" if p.microcycle_length_days == DAYS_PER_WEEK else "cycle"
    return f"{p.duration_weeks} weeks" + (
        f" + {added} {unit}{'s' if added > 1 else ''} added" if added > 0 else ""
    )


def summarize(p: schemas.ProgramResponse) -> ProgramSummary:
    """The display form of a program (or of a preview, whose ids are None)."""
    micros = tuple(
        microcycle_row(m) for m in sorted(p.microcycles, key=lambda m: m.sequence_number)
    )
    resolved = {
        "split_template": words(SPLIT_WORDS, p.split_template),
        "progression_style": words(PROGRESSION_WORDS, p.progression_style),
        "persona_tone": words(TONE_WORDS, p.persona_tone),
        "persona_aggression": words(AGGRESSION_WORDS, p.persona_aggression),
    }
    regular = [m for m in micros if not m.is_deload and m.sessions]
    per_week = max((len(m.sessions) for m in regular), default=0)
    end = p.end_date
    return ProgramSummary(
        id=p.id,
        name=p.name,
        goals=goals_text(p.goals),
        weeks=weeks_text(p),
        dates=date_range(p.start_date, end)
        + ("" if p.start_date.year != end.year else f" {end.year}"),
        minutes=p.average_session_minutes,
        settings=f"{resolved['split_template']} · {resolved['progression_style']}",
        coach=f"{resolved['persona_tone']} coach, {resolved['persona_aggression'].lower()} push",
        is_active=p.is_active,
        warnings=tuple(p.warnings),
        microcycles=micros,
        sessions_per_week=per_week,
        resolved=resolved,
    )


def session_detail(
    s: schemas.SessionResponse,
    week: str | None = None,
    prescription: schemas.SessionPrescription | None = None,
) -> SessionDetail:
    """Sections in training order with the api's minutes for each (and loads, if prescribed)."""
    t = s.time
    minutes = (
        t.warmup_minutes,
        t.main_minutes,
        t.accessory_minutes,
        t.finisher_minutes,
        t.cooldown_minutes,
    )
    ordered = sorted(s.exercises, key=lambda e: e.order)
    sections = tuple(
        SessionSection(
            title=title,
            minutes=mins,
            exercises=tuple(exercise_line(e) for e in ordered if e.role in roles),
            notes=tuple(e.notes for e in ordered if e.role in roles),
            targets=tuple(
                words_for(for_slot(prescription, e.id, e.movement_id), e.role)
                for e in ordered
                if e.role in roles
            ),
        )
        for (title, roles), mins in zip(SECTIONS, minutes, strict=True)
    )
    parts = [long_day(s.date), words(SESSION_TYPE_WORDS, s.session_type)]
    if week is not None:
        parts.append(week)
    if s.is_deload:
        parts.append("Deload")
    return SessionDetail(
        title=s.name,
        subtitle=" · ".join(parts),
        is_deload=s.is_deload,
        sections=sections,
        breakdown=tuple((title, mins) for (title, _), mins in zip(SECTIONS, minutes, strict=True)),
        total_minutes=t.total_minutes,
    )


# --- the builder ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalSlot:
    goal: str | None
    weight: int


class ProgramBuilderViewModel(ViewModel):
    """The "New program" form: goals with ten-dollar weights, options, live checks, preview."""

    goals_changed = Signal(list)  # list[GoalSlot]: the view mirrors weights the model filled in
    allocation_changed = Signal(int, str, bool)  # total, "7 of 10 allocated", adds up to 10
    warnings_changed = Signal(list, str)  # interference warnings, blocking message ("" if none)
    can_create_changed = Signal(bool, str)  # whether Create is allowed, and why not
    preview_changed = Signal(object)  # ProgramSummary, or None when there is nothing to show
    preview_message = Signal(str)  # why there is no preview ("" when there is one)
    preview_busy = Signal(bool)
    defaults_changed = Signal(dict)  # option field -> what "from your profile" resolves to
    created = Signal(object)  # ProgramSummary of the new program

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self._slots = [
            GoalSlot(Goal.STRENGTH.value, 6),
            GoalSlot(Goal.HYPERTROPHY.value, 4),
            GoalSlot(None, 0),
        ]
        self._duration = DURATIONS[0]
        self._options: dict[str, str | None] = dict.fromkeys(OPTION_FIELDS)
        self._name = ""
        self._start: date | None = None
        self._check: schemas.InterferenceCheck | None = None
        self._checked_goals: tuple[tuple[str, int], ...] | None = None
        self._creating = False
        self._check_seq = 0  # only the newest answer counts: older ones may arrive late
        self._preview_seq = 0
        self._preview_pending = 0
        self._defaults: dict[str, str] = {}
        self._check_timer = self._timer(CHECK_DELAY_MS, self._on_check_timeout)
        self._preview_timer = self._timer(PREVIEW_DELAY_MS, self._on_preview_timeout)
        session.changed.connect(self._on_session_changed)

    def _timer(self, delay: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay)
        timer.timeout.connect(slot)
        return timer

    # --- choices ------------------------------------------------------------------------

    @staticmethod
    def goal_choices() -> list[Choice]:
        none = Choice(None, "— none —", "Leave this slot empty")
        return [none, *(Choice(g.value, GOAL_WORDS[g], GOAL_HINTS[g]) for g in Goal)]

    @staticmethod
    def option_choices(field: str) -> list[Choice]:
        """Entries of a split/progression/tone/aggression picker, "from your profile" first."""
        table = OPTION_WORDS[field]
        hints = OPTION_HINTS.get(field, {})
        default = Choice(None, FROM_PROFILE, "Use what your profile and experience suggest")
        return [
            default,
            *(Choice(value, text, hints.get(value, "")) for value, text in table.items()),
        ]

    # --- state --------------------------------------------------------------------------

    @property
    def slots(self) -> tuple[GoalSlot, ...]:
        return tuple(self._slots)

    @property
    def duration(self) -> int:
        return self._duration

    @property
    def total(self) -> int:
        return sum(s.weight for s in self._slots if s.goal is not None)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self._check.warnings if self._check is not None else ()

    @property
    def blocking_message(self) -> str:
        if self._check is None or self._check.is_valid:
            return ""
        return self._check.blocking_message or "These goals conflict too much to train together."

    @property
    def blocking_reason(self) -> str:
        """The hard conflict in one line for the Create button ("" when none)."""
        # The full message adds severity and rationale, shown in the warnings area above.
        return short_warning(self.blocking_message) if self.blocking_message else ""

    @property
    def checked(self) -> bool:
        """Whether the warnings belong to an interference check of goals that make sense."""
        return self._check is not None

    def plan_warnings(self, summary: ProgramSummary) -> tuple[str, ...]:
        """A preview's own warnings (time, equipment), leaving out the goal conflicts above."""
        return tuple(w for w in summary.warnings if w not in self.warnings)

    def allocation_text(self) -> str:
        return f"{self.total} of {TOTAL_WEIGHT} allocated"

    def goals(self) -> tuple[schemas.GoalWeight, ...]:
        """The chosen goals in slot order (empty slots left out)."""
        return tuple(
            schemas.GoalWeight(s.goal, s.weight) for s in self._slots if s.goal is not None
        )

    def request(self) -> schemas.ProgramCreate:
        """What Create would send."""
        return schemas.ProgramCreate(
            goals=self.goals(),
            duration_weeks=self._duration,
            name=self._name.strip() or None,
            start_date=self._start,
            split_template=self._options["split_template"],
            progression_style=self._options["progression_style"],
            persona_tone=self._options["persona_tone"],
            persona_aggression=self._options["persona_aggression"],
        )

    def form_problem(self) -> str:
        """Why the goals cannot be sent as they are, in plain words ("" when they can)."""
        chosen = [s for s in self._slots if s.goal is not None]
        if not chosen:
            return "Choose at least one goal."
        repeated = [g for g, n in Counter(s.goal for s in chosen).items() if n > 1]
        if repeated:
            return f"{words(GOAL_WORDS, repeated[0])} is chosen twice; pick each goal once."
        empty = next((s for s in chosen if s.weight <= 0), None)
        if empty is not None:
            goal = words(GOAL_WORDS, empty.goal)
            return f"Give {goal} some of the {TOTAL_WEIGHT}, or set that slot to none."
        if self.total < TOTAL_WEIGHT:
            left = TOTAL_WEIGHT - self.total
            return f"Allocate {left} more: goal weights must add up to {TOTAL_WEIGHT}."
        if self.total > TOTAL_WEIGHT:
            over = self.total - TOTAL_WEIGHT
            return f"Take away {over}: goal weights must add up to {TOTAL_WEIGHT}."
        return ""

    def create_problem(self) -> str:
        """Why Create is disabled ("" when it is enabled)."""
        if self._creating:
            return "Creating the program…"
        return self.form_problem() or self.blocking_reason

    # --- edits from the view -------------------------------------------------------------

    def set_goal(self, slot: int, goal: str | None) -> None:
        current = self._slots[slot]
        if current.goal == goal:
            return
        # A freshly picked goal gets whatever is left of the ten, so one pick can make it valid.
        weight = current.weight
        if goal is not None and current.goal is None and weight == 0:
            weight = max(TOTAL_WEIGHT - self.total, 0)
        if goal is None:
            weight = 0
        self._slots[slot] = GoalSlot(goal, weight)
        self._goals_edited()

    def set_weight(self, slot: int, weight: int) -> None:
        weight = max(0, min(TOTAL_WEIGHT, int(weight)))
        if self._slots[slot].weight == weight:
            return
        self._slots[slot] = GoalSlot(self._slots[slot].goal, weight)
        self._goals_edited()

    def set_duration(self, weeks: int) -> None:
        if weeks not in DURATIONS:
            self.error.emit("duration_weeks", "Duration must be 8, 10 or 12 weeks.")
            return
        if weeks != self._duration:
            self._duration = weeks
            self._options_edited()

    def set_option(self, field: str, value: str | None) -> None:
        if field not in OPTION_FIELDS:
            raise KeyError(field)
        if self._options[field] != value:
            self._options[field] = value
            self._options_edited()

    def set_name(self, name: str) -> None:
        # The name changes nothing in the plan, so no new preview.
        self._name = name

    def set_start_date(self, start: date | None) -> None:
        if start != self._start:
            self._start = start
            self._options_edited()

    def refresh(self) -> None:
        """Re-announces everything and re-checks now (first show, profile changes)."""
        self.goals_changed.emit(list(self._slots))
        self._emit_allocation()
        self._emit_can_create()
        self._check_timer.start(0)
        self._preview_timer.start(0)

    def flush(self) -> None:
        """Runs a pending check and preview now instead of after the delay."""
        if self._check_timer.isActive():
            self._check_timer.stop()
            self._on_check_timeout()
        if self._preview_timer.isActive():
            self._preview_timer.stop()
            self._on_preview_timeout()

    def create(self) -> None:
        """Creates the program; errors name the field they belong to."""
        self.flush()
        problem = self.create_problem()
        if problem:
            self.error.emit("goals" if self.form_problem() else "", problem)
            return
        request = self.request()
        self._creating = True
        self._emit_can_create()
        self.call(
            lambda: self.session.me.programs.create(request),
            self._on_created,
            self._on_create_failed,
        )

    # --- internals ----------------------------------------------------------------------

    def _goals_edited(self) -> None:
        self.goals_changed.emit(list(self._slots))
        self._emit_allocation()
        self._emit_can_create()
        self._check_timer.start()
        self._preview_timer.start()

    def _options_edited(self) -> None:
        self._emit_can_create()
        self._preview_timer.start()

    def _emit_allocation(self) -> None:
        self.allocation_changed.emit(self.total, self.allocation_text(), self.total == TOTAL_WEIGHT)

    def _emit_can_create(self) -> None:
        problem = self.create_problem()
        self.can_create_changed.emit(not problem, problem)

    def _goal_key(self) -> tuple[tuple[str, int], ...]:
        return tuple((str(g.goal), g.weight) for g in self.goals())

    def _on_check_timeout(self) -> None:
        self._check_seq += 1
        seq = self._check_seq
        goals = self.goals()
        key = self._goal_key()
        if not goals or len({g.goal for g in goals}) != len(goals):
            self._set_check(None, None)  # nothing (or nothing sensible) to check yet
            return
        self.call(
            lambda: self.session.me.programs.check_goals(goals),
            lambda result: self._on_checked(seq, key, result),
            lambda exc: self._on_check_failed(seq, exc),
        )

    def _on_checked(self, seq: int, key: tuple[tuple[str, int], ...], result: Any) -> None:
        if seq == self._check_seq:
            self._set_check(result, key)

    def _on_check_failed(self, seq: int, exc: AlloyError) -> None:
        if seq == self._check_seq:
            self._set_check(None, None)
            self.report(exc)

    def _set_check(
        self, check: schemas.InterferenceCheck | None, key: tuple[tuple[str, int], ...] | None
    ) -> None:
        was_blocked = self.blocking_message
        self._check = check
        self._checked_goals = key
        self.warnings_changed.emit(list(self.warnings), self.blocking_message)
        self._emit_can_create()
        if was_blocked != self.blocking_message:
            self._preview_timer.start()  # the preview depends on whether goals are blocked

    def _on_preview_timeout(self) -> None:
        self._preview_seq += 1
        seq = self._preview_seq
        problem = self.form_problem() or self.blocking_reason
        if problem:
            self.preview_changed.emit(None)
            self.preview_message.emit(f"No preview yet. {problem}")
            return
        request = self.request()
        self._set_preview_pending(+1)
        self.call(
            lambda: self.session.me.programs.preview(request),
            lambda result: self._on_previewed(seq, result),
            lambda exc: self._on_preview_failed(seq, exc),
        )

    def _set_preview_pending(self, delta: int) -> None:
        was = self._preview_pending > 0
        self._preview_pending += delta
        if was != (self._preview_pending > 0):
            self.preview_busy.emit(self._preview_pending > 0)

    def _on_previewed(self, seq: int, program: schemas.ProgramResponse) -> None:
        self._set_preview_pending(-1)
        if seq != self._preview_seq:
            return
        summary = summarize(program)
        self._update_defaults(summary)
        self.preview_changed.emit(summary)
        self.preview_message.emit("")

    def _on_preview_failed(self, seq: int, exc: AlloyError) -> None:
        self._set_preview_pending(-1)
        if seq != self._preview_seq:
            return
        self.preview_changed.emit(None)
        self.preview_message.emit(f"No preview: {exc.message}")

    def _update_defaults(self, summary: ProgramSummary) -> None:
        # Only fields left on "from your profile" learn what the profile resolved to.
        defaults = {f: summary.resolved[f] for f in OPTION_FIELDS if self._options[f] is None}
        defaults = {**self._defaults, **defaults}
        if defaults != self._defaults:
            self._defaults = defaults
            self.defaults_changed.emit(dict(defaults))

    def _on_created(self, program: schemas.ProgramResponse) -> None:
        self._creating = False
        self._emit_can_create()
        self.session.notify(PROGRAMS, PLAN)
        self.created.emit(summarize(program))

    def _on_create_failed(self, exc: AlloyError) -> None:
        self._creating = False
        self._emit_can_create()
        if isinstance(exc, ValidationError) and exc.field.startswith("goals"):
            # The service found something the live check did not: show it by the goals.
            self.error.emit("goals", exc.message)
            return
        self.report(exc)

    def _on_session_changed(self, topic: str) -> None:
        # "From your profile" may now mean something else: plan the preview again.
        if topic in (PROFILE, SETTINGS):
            self._preview_timer.start()


# --- the list and the detail ---------------------------------------------------------------


class ProgramsViewModel(ViewModel):
    """The lifter's programs: list, activate, delete, one program's weeks and one session."""

    programs_changed = Signal(list)  # list[ProgramSummary], newest first
    detail_changed = Signal(object)  # ProgramSummary or None
    session_changed = Signal(object)  # SessionDetail or None
    notice = Signal(str)  # a short confirmation for the status line
    positions_changed = Signal(list, int)  # list[SessionPosition], the one the weeks table shows

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session
        self.programs: list[ProgramSummary] = []
        self.detail: ProgramSummary | None = None
        self.session_detail: SessionDetail | None = None
        self.weeks = WeeksTableModel(self)  # the open program's plan across weeks
        self.positions: tuple[SessionPosition, ...] = ()
        self._responses: dict[int | None, schemas.ProgramResponse] = {}
        self._program: schemas.ProgramResponse | None = None
        self._position = 0
        self._extras = False
        self._selected: int | None = None
        self._loaded = False
        session.changed.connect(self._on_session_changed)

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def selected_id(self) -> int | None:
        return self._selected

    def find(self, program_id: int | None) -> ProgramSummary | None:
        return next((p for p in self.programs if p.id == program_id), None)

    def refresh(self) -> None:
        """Reloads the list (and the open program, which may have changed)."""
        self.call(self.session.me.programs.list, self._on_listed)

    def select(self, program_id: int | None) -> None:
        """Opens one program's weeks and sessions (None closes it)."""
        self._selected = program_id
        if program_id is None:
            self._show_detail(None)
            return
        self.call(lambda: self.session.me.programs.get(program_id), self._on_detail)

    def activate(self, program_id: int) -> None:
        """Makes this the program Today and the calendar follow."""
        name = self._name_of(program_id)
        self.call(
            lambda: self.session.me.programs.activate(program_id),
            lambda _: self._changed(f"{name} is now your active program."),
            self._on_action_failed,
        )

    def delete(self, program_id: int) -> None:
        """Deletes a program with its weeks and sessions (the view asks first)."""
        name = self._name_of(program_id)
        if self._selected == program_id:
            self._selected = None
            self._show_detail(None)
        self.call(
            lambda: self.session.me.programs.delete(program_id),
            lambda _: self._changed(f"Deleted {name}."),
            self._on_action_failed,
        )

    def generate_next_week(self, program_id: int) -> None:
        """Adds the next microcycle to a program that has used up its planned weeks."""
        self.call(
            lambda: self.session.me.programs.generate_next_microcycle(program_id),
            lambda m: self._changed(f"Added week {m.sequence_number}."),
        )

    def show_position(self, index: int) -> None:
        """Shows this session of the week (0 = the first) in the weeks table."""
        if index != self._position and 0 <= index < len(self.positions):
            self._position = index
            self._update_weeks()

    def show_extras(self, shown: bool) -> None:
        """Adds (or leaves out) the warm-up and cool-down rows of the weeks table."""
        if shown != self._extras:
            self._extras = shown
            self._update_weeks()

    def open_session(self, row: SessionRow, week: str | None = None) -> None:
        """Loads a session with its time breakdown."""
        ids = (row.program_id, row.microcycle_id, row.session_id)
        if None in ids:
            self.session_detail = None
            self.session_changed.emit(None)
            return
        program_id, micro_id, session_id = (int(i) for i in ids if i is not None)
        self.call(
            lambda: _load_session(self.session, program_id, micro_id, session_id),
            lambda loaded: self._on_session_loaded(loaded[0], loaded[1], week),
        )

    # --- internals ----------------------------------------------------------------------

    def _name_of(self, program_id: int) -> str:
        found = self.find(program_id)
        return found.name if found is not None else "the program"

    def _changed(self, message: str) -> None:
        self.notice.emit(message)
        self.session.notify(PROGRAMS, PLAN)  # our own list refreshes through the same path

    def _on_action_failed(self, exc: AlloyError) -> None:
        self.report(exc)
        self.refresh()  # the list may be out of date (e.g. changed in another window)

    def _on_listed(self, programs: Sequence[schemas.ProgramResponse]) -> None:
        ordered = sorted(programs, key=lambda p: (not p.is_active, -(p.id or 0)))
        self.programs = [summarize(p) for p in ordered]
        self._responses = {p.id: p for p in ordered}
        self._loaded = True
        self.programs_changed.emit(list(self.programs))
        selected = self.find(self._selected)
        if selected is None and self._selected is not None:
            self._selected = None  # deleted elsewhere
        self._show_detail(selected, self._responses.get(self._selected))

    def _on_detail(self, program: schemas.ProgramResponse) -> None:
        if program.id == self._selected:
            self._show_detail(summarize(program), program)

    def _show_detail(
        self, summary: ProgramSummary | None, program: schemas.ProgramResponse | None = None
    ) -> None:
        self.detail = summary
        self._program = program if summary is not None else None
        self.detail_changed.emit(summary)
        self._update_weeks()
        if summary is None and self.session_detail is not None:
            self.session_detail = None
            self.session_changed.emit(None)

    def _update_weeks(self) -> None:
        program = self._program
        positions = session_positions(program) if program is not None else ()
        if positions != self.positions:
            self.positions = positions
            self._position = min(self._position, max(len(positions) - 1, 0))
            self.positions_changed.emit(list(positions), self._position)
        today = self.session.today()
        table = weeks_table(program, self._position, self._extras, today) if program else None
        self.weeks.set_table(table)

    def _on_session_loaded(
        self,
        s: schemas.SessionResponse,
        prescription: schemas.SessionPrescription | None,
        week: str | None,
    ) -> None:
        self.session_detail = session_detail(s, week, prescription)
        self.session_changed.emit(self.session_detail)

    def _on_session_changed(self, topic: str) -> None:
        if topic == PROGRAMS and self._loaded:
            self.refresh()


def _load_session(
    session: AppSession, program_id: int, micro_id: int, session_id: int
) -> tuple[schemas.SessionResponse, schemas.SessionPrescription | None]:
    """A session and its loads, fetched together off the GUI thread."""
    planned = session.me.programs.get_session(program_id, micro_id, session_id)
    try:
        prescription = session.me.prescriptions.for_session(session_id)
    except AlloyError:
        prescription = None  # the session still shows, without loads
    return planned, prescription
