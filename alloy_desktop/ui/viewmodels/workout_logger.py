"""The workout logger's state: sets, cardio and stretches, e1RM and PRs, rest, drafts, finishing."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.api.errors import AlloyError
from alloy_desktop.domain.catalog import join_words, label
from alloy_desktop.domain.enums import (
    E1RMFormula,
    Equipment,
    ExerciseRole,
    MuscleGroup,
    SetType,
    WeightUnit,
)
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.metrics import estimate_e1rm, from_display, to_display
from alloy_desktop.ui.viewmodels.activities import pace_text
from alloy_desktop.ui.viewmodels.base import GENERAL, ViewModel
from alloy_desktop.ui.viewmodels.logger_loads import (
    WarmupStep,
    apply_adjustment,
    apply_prescription,
    group_rest,
    grouped,
    is_barbell,
    next_type,
    open_working_sets,
    plate_text,
    straight_on,
    work_order,
)
from alloy_desktop.ui.viewmodels.rest_timer import RestTimer, clock_text
from alloy_desktop.ui.viewmodels.session import ACTIVITIES, LOGS, PLAN, RECOVERY, AppSession
from alloy_desktop.ui.viewmodels.targets import for_slot
from alloy_desktop.ui.viewmodels.tasks import as_alloy_error
from alloy_desktop.ui.viewmodels.work import CARDIO, DRILL, HOLD, KINDS, LIFT, amount, slot_kind

WEIGHT = "weight"
REPS = "reps"
RPE = "rpe"
NOTE = "note"  # a set's note: free text, kept as typed
FIELDS = (WEIGHT, REPS, RPE)
MINUTES = "minutes"
DISTANCE = "distance"
CARDIO_FIELDS = (MINUTES, DISTANCE)
# The fields a lifter types into, by kind of work; stretches and drills are only ticked.
ENTRY_FIELDS: dict[str, tuple[str, ...]] = {
    LIFT: FIELDS,
    CARDIO: CARDIO_FIELDS,
    HOLD: (),
    DRILL: (),
}

DRAFT_VERSION = 1
SAVE_DELAY_MS = 300  # coalesces a burst of keystrokes into one draft write
REST_SAVE_DELAY_MS = 600  # a rest stepped up and down is remembered once it settles
MAX_REST_SECONDS = 3600
SEARCH_DELAY_MS = 150
CLOCK_MS = 1000
DEFAULT_SETS = 3
MAX_PREFILLED_SETS = 8
REST_COMPOUND = 180
REST_ISOLATION = 90
# An added exercise without history is prescribed at these (a compound lift, an isolation one).
ADDED_REPS = {True: 5, False: 8}
ADDED_RPE = 8.0
PR_MARGIN_KG = 0.05  # a record must be beaten by more than rounding noise
MAX_WEIGHT = {WeightUnit.KG: 1000.0, WeightUnit.LB: 2200.0}
MAX_REPS = 100
MAX_MINUTES = 24 * 60
MAX_DISTANCE_KM = 1000.0
DEFAULT_HOLD_SECONDS = 30  # a stretch added from the library: the planner's cool-down hold
DEFAULT_HOLD_SETS = 2
MAX_SUBSTITUTES = 12
CUSTOM_NAME = "Custom workout"
WORKING_ROLES = (ExerciseRole.MAIN, ExerciseRole.ACCESSORY, ExerciseRole.FINISHER)
SEARCH_LIMIT = 100
# The activity type a cardio movement is logged as (first match wins: a trail run/walk runs).
ACTIVITY_TYPES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("run", "jog"), "running"),
    (("rowing", "rower"), "rowing"),
    (("bicycl", "bike", "cycl"), "cycling"),
    (("swim",), "swimming"),
    (("hike", "hiking"), "hiking"),
    (("walk",), "walking"),
)
RECENT_WORKOUTS = 20
SIMILAR_POOL = 300


class Phase(StrEnum):
    """Where the page is: choosing how to start, logging, or looking at the summary."""

    IDLE = "idle"
    RUNNING = "running"
    FINISHED = "finished"


# --- numbers as a lifter reads and types them ------------------------------------------------


def format_number(value: float | None, decimals: int = 1) -> str:
    """100.0 -> "100", 102.5 -> "102.5", 220.462 -> "220.5"; None -> ""."""
    if value is None:
        return ""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_volume(value: float) -> str:
    """A volume with thousands separators: 4820.0 -> "4,820"."""
    return f"{round(value):,}"


def format_duration(seconds: int | None) -> str:
    """52 min, 1 h 05 min, or "under a minute"."""
    if not seconds or seconds < 60:
        return "under a minute"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _number(text: str, what: str) -> float | None:
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{what} must be a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a number")
    return value


def parse_weight(text: str, unit: WeightUnit) -> float | None:
    """A typed weight in the display unit; blank is None (a bodyweight set)."""
    value = _number(text, "Weight")
    if value is None:
        return None
    if value < 0:
        raise ValueError("Weight cannot be negative")
    if value > MAX_WEIGHT[unit]:
        limit = format_number(MAX_WEIGHT[unit])
        raise ValueError(f"Weight must be at most {limit} {unit_label(unit)}")
    return value


def parse_reps(text: str) -> int | None:
    """Typed reps: a whole number from 1 to 100; blank is None."""
    value = _number(text, "Reps")
    if value is None:
        return None
    if not value.is_integer():
        raise ValueError("Reps must be a whole number")
    if not 1 <= value <= MAX_REPS:
        raise ValueError(f"Reps must be between 1 and {MAX_REPS}")
    return int(value)


def parse_minutes(text: str) -> float | None:
    """Typed minutes of cardio: more than 0, at most a day; blank is None."""
    value = _number(text, "Minutes")
    if value is None:
        return None
    if not 0 < value <= MAX_MINUTES:
        raise ValueError(f"Minutes must be more than 0 and at most {MAX_MINUTES}")
    return value


def parse_distance(text: str) -> float | None:
    """Typed kilometres; blank (or 0) is None, since the distance is optional."""
    value = _number(text, "Distance")
    if value is None or value == 0:
        return None
    if not 0 < value <= MAX_DISTANCE_KM:
        raise ValueError(f"Distance must be between 0 and {format_number(MAX_DISTANCE_KM)} km")
    return value


def parse_rpe(text: str) -> float | None:
    """Typed RPE: 1 to 10 in half steps; blank is None."""
    value = _number(text, "RPE")
    if value is None:
        return None
    if not 1 <= value <= 10:
        raise ValueError("RPE must be between 1 and 10")
    if not (value * 2).is_integer():
        raise ValueError("RPE goes in half steps, like 7.5 or 8")
    return value


def set_field(key: int, index: int, name: str) -> str:
    """The error field of one set entry ("set:3.1.reps"); the card shows those in its rows."""
    return f"set:{key}.{index}.{name}"


def unit_label(unit: WeightUnit) -> str:
    """ "kg" or "lb"."""
    return "kg" if WeightUnit(unit) == WeightUnit.KG else "lb"


def set_text(weight: float | None, reps: int | None, rpe: float | None) -> str:
    """One set as a lifter writes it: "100 × 5 @ 8" (weight already in the display unit)."""
    if reps is None:
        return ""
    load = format_number(weight) if weight else "BW"
    text = f"{load} × {reps}"
    return f"{text} @ {format_number(rpe)}" if rpe is not None else text


def _e1rm(
    weight: float | None, reps: int | None, rpe: float | None, formula: E1RMFormula
) -> float | None:
    if not weight or not reps:
        return None
    try:
        return estimate_e1rm(weight, reps, formula, rpe)
    except DomainValidationError:
        return None


# --- the workout being logged -----------------------------------------------------------------


@dataclass
class SetState:
    """One set row; weights are in the workout's display unit."""

    weight: float | None = None
    reps: int | None = None  # of a stretch or drill: seconds held or reps, from the plan
    rpe: float | None = None
    done: bool = False
    minutes: float | None = None  # cardio only, as is the distance (km)
    distance: float | None = None
    previous: str = ""  # the same set last time, e.g. "100 × 5 @ 8"
    e1rm: float | None = None
    is_pr: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # text that could not be read, kept as typed
    target: str = ""  # the prescribed set: "95 kg × 6 @ RPE 7.5"
    planned_load: float | None = None  # prescribed (or adjusted to); None: calibrate, bodyweight
    set_type: str = SetType.NORMAL
    note: str = ""
    weight_typed: bool = False  # the lifter's own weight, which an adjustment leaves alone
    adjusted: str = ""  # "↓" or "↑" once autoregulation moved this set's load
    plates: str = ""  # "25 + 10 + 2.5 a side" for the weight on a barbell
    plate_note: str = ""  # "Closest you can load: …" when the plates can't make the weight

    def text(self, name: str) -> str:
        """What the field shows: the raw text of a bad entry, or the value."""
        if name in self.raw:
            return self.raw[name]
        if name == WEIGHT:
            return format_number(self.weight)
        if name == REPS:
            return "" if self.reps is None else str(self.reps)
        if name in (MINUTES, DISTANCE):
            return format_number(getattr(self, name), 2)
        return format_number(self.rpe)

    @property
    def has_values(self) -> bool:
        return self.reps is not None or self.minutes is not None


@dataclass
class ExerciseState:
    """One exercise card."""

    key: int
    movement_id: int
    name: str
    kind: str = LIFT  # LIFT, CARDIO (one row: minutes, distance), HOLD or DRILL (ticked)
    session_exercise_id: int | None = None
    swapped_from: str = ""  # the planned movement this one replaces
    target: str = ""  # "3 × 5 @ RPE 8" from the plan
    detail: str = ""  # "barbell · quads, glutes"
    notes: str = ""
    rest_seconds: int = REST_COMPOUND
    planned_reps: int | None = None
    planned_rpe: float | None = None
    planned_reps_max: int | None = None
    pattern: str = ""
    equipment: str = ""
    muscles: tuple[str, ...] = ()
    sets: list[SetState] = field(default_factory=list)
    last_text: str = ""  # "Last time 30 Oct 2026: 100 kg × 5 @ RPE 8, e1RM 123 kg"
    best_e1rm_kg: float | None = None  # the record before this workout
    prescribed: bool = False  # loads came from the prescription, so logged sets adjust them
    calibrating: bool = False  # no history: the first set finds the load
    loading: str = ""  # how the load is made (Loading): plates are counted for BAR
    source_text: str = ""  # where the loads came from, and the progression's words
    superset: str = ""  # "A1", "A2": alternated with its partners, one rest a round
    warmup: list[WarmupStep] = field(default_factory=list)
    warmup_done: bool = False
    adjustment: str = ""  # the last autoregulation: the next load and why

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.sets if s.done)


@dataclass
class WorkoutState:
    """The whole in-progress workout."""

    kind: str  # "session" or "custom"
    name: str
    day: date
    started_at: datetime
    unit: WeightUnit
    formula: E1RMFormula
    session_id: int | None = None
    exercises: list[ExerciseState] = field(default_factory=list)
    notes: str = ""
    routine_id: int | None = None  # the hand-built routine it was started from


@dataclass(frozen=True)
class MovementChoice:
    """A movement the lifter can add or swap in (from the library or the ranked substitutes)."""

    movement_id: int
    name: str
    detail: str = ""
    reasons: str = ""
    score: float | None = None
    pattern: str = ""
    equipment: str = ""
    muscles: tuple[str, ...] = ()
    is_compound: bool = True
    is_custom: bool = False  # the lifter's own exercise (editable), not the library's


@dataclass(frozen=True)
class MovementContext:
    """What the lifter did with a movement before: the last session and the best e1RM (kg)."""

    movement_id: int
    last: schemas.LastPerformance | None
    best_e1rm_kg: float | None
    prescription: schemas.ExercisePrescription | None = None


@dataclass(frozen=True)
class StartOffer:
    """The choices when no workout is running."""

    day: date
    draft_text: str | None  # "Resume workout from 18:42 — 7 sets entered"
    session_title: str | None  # today's planned session, if any
    session_text: str  # its size, or why there is none today
    draft_is_today: bool = False


@dataclass(frozen=True)
class RecordLine:
    """One personal record in the finish summary."""

    movement_name: str
    text: str  # "e1RM 130 kg (was 123.3 kg)"


@dataclass(frozen=True)
class FinishSummary:
    """What the finish card shows."""

    name: str
    duration_text: str
    sets: int
    exercises: int
    volume_text: str  # "4,820 kg"; "" for cardio alone
    records: tuple[RecordLine, ...]
    workout_id: int | None  # None when only activities were logged
    cardio_text: str = ""  # "45 min · 21.5 km" of runs, rows and rides logged as activities


def choice_from_movement(movement: schemas.MovementResponse) -> MovementChoice:
    """A library movement as something the page can add."""
    return MovementChoice(
        movement_id=movement.id,
        name=movement.name,
        detail=_detail(movement.equipment, movement.primary_muscles),
        pattern=str(movement.pattern),
        equipment=str(movement.equipment),
        muscles=tuple(str(m) for m in movement.primary_muscles),
        is_compound=movement.is_compound,
        is_custom=movement.is_custom,
    )


def _detail(equipment: str, muscles: Iterable[str]) -> str:
    words = [label(str(m)) for m in muscles]
    parts = [label(str(equipment))] if equipment and equipment != Equipment.NONE else []
    if words:
        parts.append(join_words(words[:3]))
    return " · ".join(parts)


def _target(ex: schemas.SessionExerciseResponse) -> str:
    text = amount(ex.sets, ex.reps, ex.reps_max, ex.pattern, ex.role)
    return f"{text} @ RPE {format_number(ex.rpe)}" if ex.rpe else text


def row_note(ex: ExerciseState, s: SetState) -> str:
    """The text beside a row: last time's set, the hold or drill to do, or a run's pace."""
    if ex.kind == HOLD:
        return f"{s.reps} s" if s.reps is not None else "—"
    if ex.kind == DRILL:
        return f"{s.reps} reps" if s.reps is not None else "—"
    if ex.kind == CARDIO:
        seconds = round((s.minutes or 0.0) * 60)
        return pace_text(seconds, s.distance, activity_kind(ex.name)) or "—"
    if s.target:
        return f"{s.adjusted} {s.target}" if s.adjusted else s.target
    return s.previous or "—"


def has_targets(ex: ExerciseState) -> bool:
    """Whether the rows show the prescription (else last time's sets)."""
    return ex.kind == LIFT and any(s.target for s in ex.sets)


def planned_minutes(sets: int, seconds: int) -> float:
    """A cardio slot's work in minutes: 4 × 180 s -> 12; 3 × 45 s -> 2.2."""
    return round(sets * seconds / 60, 1)


def _items(result: Any) -> tuple[Any, ...]:
    """A list, a tuple or a Page of items as a tuple."""
    return tuple(getattr(result, "items", result) or ())


# --- the draft payload (JSON-able, restores everything) -----------------------------------------


def _set_payload(s: SetState) -> dict[str, Any]:
    payload: dict[str, Any] = {"weight": s.weight, "reps": s.reps, "rpe": s.rpe, "done": s.done}
    if s.minutes is not None or s.distance is not None:
        payload |= {"minutes": s.minutes, "distance": s.distance}
    # Only what differs from a plain set, so a draft stays small.
    extras = {
        "target": s.target,
        "planned_load": s.planned_load,
        "set_type": "" if s.set_type == SetType.NORMAL else str(s.set_type),
        "note": s.note,
        "weight_typed": s.weight_typed,
        "adjusted": s.adjusted,
        "plates": s.plates,
        "plate_note": s.plate_note,
    }
    return payload | {k: v for k, v in extras.items() if v not in ("", None, False)}


def _exercise_payload(ex: ExerciseState) -> dict[str, Any]:
    return {
        "key": ex.key,
        "movement_id": ex.movement_id,
        "name": ex.name,
        "kind": ex.kind,
        "session_exercise_id": ex.session_exercise_id,
        "swapped_from": ex.swapped_from,
        "target": ex.target,
        "detail": ex.detail,
        "notes": ex.notes,
        "rest_seconds": ex.rest_seconds,
        "planned_reps": ex.planned_reps,
        "planned_rpe": ex.planned_rpe,
        "planned_reps_max": ex.planned_reps_max,
        "pattern": ex.pattern,
        "equipment": ex.equipment,
        "muscles": list(ex.muscles),
        "sets": [_set_payload(s) for s in ex.sets],
        "last_text": ex.last_text,
        "prescribed": ex.prescribed,
        "calibrating": ex.calibrating,
        "loading": ex.loading,
        "source_text": ex.source_text,
        "superset": ex.superset,
        "warmup": [step.payload() for step in ex.warmup],
        "warmup_done": ex.warmup_done,
        "adjustment": ex.adjustment,
    }


def workout_payload(workout: WorkoutState) -> dict[str, Any]:
    """The in-progress workout as plain JSON values."""
    return {
        "version": DRAFT_VERSION,
        "kind": workout.kind,
        "name": workout.name,
        "day": workout.day.isoformat(),
        "started_at": workout.started_at.isoformat(),
        "unit": str(workout.unit),
        "formula": str(workout.formula),
        "session_id": workout.session_id,
        "exercises": [_exercise_payload(ex) for ex in workout.exercises],
        "notes": workout.notes,
        "routine_id": workout.routine_id,
    }


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _set_from_payload(data: dict[str, Any]) -> SetState:
    return SetState(
        weight=_opt_float(data.get("weight")),
        reps=_opt_int(data.get("reps")),
        rpe=_opt_float(data.get("rpe")),
        done=bool(data.get("done", False)),
        minutes=_opt_float(data.get("minutes")),
        distance=_opt_float(data.get("distance")),
        target=str(data.get("target", "")),
        planned_load=_opt_float(data.get("planned_load")),
        set_type=_set_type(data.get("set_type")),
        note=str(data.get("note", "")),
        weight_typed=bool(data.get("weight_typed", False)),
        adjusted=str(data.get("adjusted", "")),
        plates=str(data.get("plates", "")),
        plate_note=str(data.get("plate_note", "")),
    )


def _set_type(value: Any) -> str:
    return str(value) if value in tuple(SetType) else SetType.NORMAL


def _kind_from_payload(data: dict[str, Any]) -> str:
    # Drafts saved before kinds existed hold typed sets: only a run becomes a run again.
    kind = str(data.get("kind", ""))
    if kind in KINDS:
        return kind
    return CARDIO if slot_kind(str(data.get("pattern", ""))) == CARDIO else LIFT


def _exercise_from_payload(data: dict[str, Any], fallback_key: int) -> ExerciseState:
    return ExerciseState(
        key=int(data.get("key", fallback_key)),
        movement_id=int(data["movement_id"]),
        name=str(data.get("name", "")),
        kind=_kind_from_payload(data),
        session_exercise_id=_opt_int(data.get("session_exercise_id")),
        swapped_from=str(data.get("swapped_from", "")),
        target=str(data.get("target", "")),
        detail=str(data.get("detail", "")),
        notes=str(data.get("notes", "")),
        rest_seconds=int(data.get("rest_seconds", REST_COMPOUND)),
        planned_reps=_opt_int(data.get("planned_reps")),
        planned_rpe=_opt_float(data.get("planned_rpe")),
        planned_reps_max=_opt_int(data.get("planned_reps_max")),
        pattern=str(data.get("pattern", "")),
        equipment=str(data.get("equipment", "")),
        muscles=tuple(str(m) for m in data.get("muscles", ())),
        sets=[_set_from_payload(s) for s in data.get("sets", ())],
        last_text=str(data.get("last_text", "")),
        prescribed=bool(data.get("prescribed", False)),
        calibrating=bool(data.get("calibrating", False)),
        loading=str(data.get("loading", "")),
        source_text=str(data.get("source_text", "")),
        superset=str(data.get("superset", "")),
        warmup=[WarmupStep.from_payload(w) for w in data.get("warmup", ()) if isinstance(w, dict)],
        warmup_done=bool(data.get("warmup_done", False)),
        adjustment=str(data.get("adjustment", "")),
    )


def workout_from_payload(payload: dict[str, Any], started_at: datetime) -> WorkoutState:
    """Rebuilds a workout from its draft payload (values as they were typed)."""
    start = payload.get("started_at")
    exercises = [
        _exercise_from_payload(data, i + 1) for i, data in enumerate(payload.get("exercises", ()))
    ]
    return WorkoutState(
        kind=str(payload.get("kind", "custom")),
        name=str(payload.get("name", CUSTOM_NAME)),
        day=date.fromisoformat(payload["day"]) if payload.get("day") else started_at.date(),
        started_at=datetime.fromisoformat(start) if start else started_at,
        unit=WeightUnit(payload.get("unit", WeightUnit.KG)),
        formula=E1RMFormula(payload.get("formula", E1RMFormula.EPLEY)),
        session_id=_opt_int(payload.get("session_id")),
        exercises=exercises,
        notes=str(payload.get("notes", "")),
        routine_id=_opt_int(payload.get("routine_id")),
    )


def done_sets_in(payload: dict[str, Any]) -> int:
    """How many sets a draft has marked done."""
    return sum(
        1 for ex in payload.get("exercises", ()) for s in ex.get("sets", ()) if s.get("done")
    )


# --- reading the past, off the GUI thread ------------------------------------------------------


@dataclass(frozen=True)
class SlotPlan:
    """What to prescribe an exercise added or swapped in at; `from_last` prefers the reps
    and RPE of the lifter's last time with it."""

    reps: int
    rpe: float | None
    sets: int
    from_last: bool = False


def movement_context(
    me: UserApi, movement_id: int, plan: SlotPlan | None = None
) -> MovementContext:
    """The last performance and the best e1RM so far of one movement; with `plan` also its
    prescription, for an exercise added or swapped in."""
    last = me.logs.last_performance(movement_id)
    trend = _items(me.logs.e1rm_trend(movement_id))
    values = [p.e1rm_kg for p in trend]
    if last is not None:
        values.extend(s.e1rm_kg for s in last.sets)
    prescription = _prescribe(me, movement_id, plan, last) if plan is not None else None
    return MovementContext(movement_id, last, max(values, default=None), prescription)


def _prescribe(
    me: UserApi, movement_id: int, plan: SlotPlan, last: schemas.LastPerformance | None
) -> schemas.ExercisePrescription | None:
    reps, rpe = plan.reps, plan.rpe
    if plan.from_last and last is not None and last.sets:
        # Added without a plan: last time's first set says what this lifter does with it.
        reps, rpe = last.sets[0].reps, last.sets[0].rpe
    try:
        return me.prescriptions.for_exercise(movement_id, reps, rpe, plan.sets)
    except AlloyError:
        return None  # the exercise is still added, prefilled from last time only


def movement_contexts(me: UserApi, movement_ids: Iterable[int]) -> dict[int, MovementContext]:
    """Contexts for several movements (each asked once)."""
    return {mid: movement_context(me, mid) for mid in dict.fromkeys(movement_ids)}


class WorkoutLoggerViewModel(ViewModel):
    """State of the logger page; the view binds to its signals and calls its methods."""

    phase_changed = Signal(str)
    offer_ready = Signal(object)  # StartOffer
    workout_changed = Signal()  # exercises added, removed or reordered: rebuild every card
    exercise_changed = Signal(int)  # one card's header or set list changed (key)
    set_changed = Signal(int, int)  # one row's values, e1RM, PR or done state (key, index)
    totals_changed = Signal()
    record_broken = Signal(int, int, str)  # key, index, "New record: …"
    substitutes_ready = Signal(int, object)  # key, tuple[MovementChoice, ...]
    finished = Signal(object)  # FinishSummary
    draft_saved = Signal(str)  # "Saved 18:42"
    elapsed_changed = Signal(str)
    focus_requested = Signal(int, int)  # key, index: put the cursor on this set's weight
    draft_conflict = Signal(object, str)  # day, what would be replaced: the view asks first
    notice_changed = Signal(int)  # a card's lines above its sets: adjustment, warm-ups, rest

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self._session = session
        self._phase = Phase.IDLE
        self._workout: WorkoutState | None = None
        self._next_key = 1
        self._offer: StartOffer | None = None
        self._saving = False
        self._save_failed = False  # the last background draft write was refused
        self._save_again = False
        self._closed = False  # finished or discarded: late draft writes must be undone
        self.rest = RestTimer(self)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timeout)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._plates: dict[float, schemas.PlateBreakdown] = {}  # by weight in the display unit
        self._plates_asked: set[float] = set()
        self._rest_next: tuple[int, int] | None = None  # the set the running rest is before
        self._rest_writes: dict[int, int] = {}  # movement -> seconds, waiting to be remembered
        self._rest_save = QTimer(self)
        self._rest_save.setSingleShot(True)
        self._rest_save.setInterval(REST_SAVE_DELAY_MS)
        self._rest_save.timeout.connect(self._on_rest_save_timeout)

    # --- read-only state for the view -------------------------------------------------

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def offer(self) -> StartOffer | None:
        return self._offer

    @property
    def is_running(self) -> bool:
        return self._phase == Phase.RUNNING

    @property
    def workout(self) -> WorkoutState | None:
        return self._workout

    @property
    def exercises(self) -> Sequence[ExerciseState]:
        return tuple(self._workout.exercises) if self._workout else ()

    @property
    def name(self) -> str:
        return self._workout.name if self._workout else ""

    @property
    def unit(self) -> WeightUnit:
        return self._workout.unit if self._workout else WeightUnit.KG

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def session_id(self) -> int | None:
        return self._workout.session_id if self._workout else None

    @property
    def draft_pending(self) -> bool:
        """Whether a change is waiting for its debounced draft write."""
        return self._save_timer.isActive() or self._saving

    def exercise(self, key: int) -> ExerciseState:
        """The exercise with this key."""
        for ex in self.exercises:
            if ex.key == key:
                return ex
        raise KeyError(key)

    def set_state(self, key: int, index: int) -> SetState:
        return self.exercise(key).sets[index]

    def totals(self) -> tuple[int, int, float]:
        """Sets done, sets in total, and volume done in the display unit."""
        done = total = 0
        volume = 0.0
        for ex in self.exercises:
            for s in ex.sets:
                total += 1
                if s.done:
                    done += 1
                    volume += (s.weight or 0.0) * (s.reps or 0)
        return done, total, volume

    def cardio_minutes(self) -> tuple[float, float]:
        """Minutes of cardio marked done, and in every cardio row (typed or planned)."""
        rows = [s for ex in self.exercises if ex.kind == CARDIO for s in ex.sets]
        done = sum(s.minutes or 0.0 for s in rows if s.done)
        return done, sum(s.minutes or 0.0 for s in rows)

    def totals_text(self) -> str:
        """ "3 of 12 sets · 1,500 kg", and " · 0 of 45 min cardio" when there is a run."""
        done, total, volume = self.totals()
        kinds = {ex.kind for ex in self.exercises}
        parts = [f"{done} of {total} sets"]
        if LIFT in kinds or not kinds:
            parts.append(f"{format_volume(volume)} {self.unit_label}")
        if CARDIO in kinds:
            ran, planned = self.cardio_minutes()
            minutes = format_number(ran)
            if ran < planned:
                minutes += f" of {format_number(planned)}"
            parts.append(f"{minutes} min cardio")
        return " · ".join(parts)

    def open_sets(self) -> int:
        """Sets with reps typed in but not marked done (they would not be logged)."""
        return sum(1 for ex in self.exercises for s in ex.sets if s.has_values and not s.done)

    def elapsed_seconds(self) -> int:
        if self._workout is None:
            return 0
        return max(0, int((self._session.now() - self._workout.started_at).total_seconds()))

    def elapsed_text(self) -> str:
        return clock_text(self.elapsed_seconds())

    # --- starting -----------------------------------------------------------------------

    def activate(self) -> None:
        """The page is shown: with no workout running, offer the ways to start."""
        if self._phase == Phase.IDLE:
            self.refresh_offer()

    def refresh_offer(self) -> None:
        """Looks for a saved draft and today's session, then emits `offer_ready`."""
        me, day = self._session.me, self._session.today()
        self.call(lambda: _find_offer(me, day), self._on_offer)

    def start_session(self, day: date, replace: bool = False) -> None:
        """Starts the planned session of `day`, resuming its draft if that is what was saved.

        Another unfinished workout is never dropped silently: without `replace` the
        view-model emits `draft_conflict` and the view asks the lifter.
        """
        workout = self._workout
        if self.is_running and workout is not None and not replace:
            if workout.kind == "session" and workout.day == day:
                return  # already logging that session
            done = sum(ex.done_count for ex in workout.exercises)
            self.draft_conflict.emit(day, f"{workout.name} is in progress ({_sets(done)} done)")
            return
        me = self._session.me
        self.call(lambda: _load_session(me, day, replace), self._on_session_loaded)

    def start_custom(self, name: str = CUSTOM_NAME) -> None:
        """Starts an empty workout to which exercises are added from the library."""
        me = self._session.me
        self.call(lambda: me.settings.get(), lambda s: self._begin_custom(s, name))

    def start_routine(self, routine_id: int) -> None:
        """Starts a hand-built routine: its exercises, sets and targets, as a planned session's.

        The view asks first when another workout is in progress; this replaces it.
        """
        me = self._session.me
        self.call(lambda: _load_routine(me, routine_id), self._on_routine_loaded)

    def resume_draft(self) -> None:
        """Restores the saved in-progress workout with every set that was entered."""
        me = self._session.me
        self.call(lambda: _load_draft(me), self._on_draft_loaded)

    # --- editing sets -------------------------------------------------------------------

    def enter(self, key: int, index: int, name: str, text: str) -> None:
        """The lifter typed into a set field; the e1RM follows at once."""
        workout = self._workout
        if workout is None:
            return
        s = self.set_state(key, index)
        if name == NOTE:
            s.note = text.strip()
            self.set_changed.emit(key, index)
            self._changed()
            return
        try:
            value = _parse(name, text, workout.unit)
        except ValueError as exc:
            # An unreadable entry counts as empty: no stale value in the e1RM or the draft.
            setattr(s, name, None)
            s.raw[name] = text
            s.errors[name] = str(exc)
            self.error.emit(set_field(key, index, name), str(exc))
        else:
            s.raw.pop(name, None)
            s.errors.pop(name, None)
            setattr(s, name, value)
        if s.done and not s.has_values:
            s.done = False  # reps cleared: the set can no longer count
        if name == WEIGHT:
            self._weight_typed(self.exercise(key), index)
        self._recompute(key)
        self._changed()

    def toggle_done(self, key: int, index: int) -> bool:
        """Marks a set done (or not done again); returns whether it is now done."""
        return self.set_done(key, index, not self.set_state(key, index).done)

    def set_done(self, key: int, index: int, done: bool) -> bool:
        """Marks a set done, starting the rest timer, or takes the mark back."""
        ex, s = self.exercise(key), self.set_state(key, index)
        if done and not self._can_mark(key, index, s):
            return False
        s.done = done
        was_pr = s.is_pr
        self._recompute(key)
        if done:
            self._autoregulate(ex, index)
            self._after_done(ex, index, announce=s.is_pr and not was_pr)
        self._changed()
        return s.done

    def add_set(self, key: int) -> None:
        """Adds a set like the last one (not done) and asks the view to focus it."""
        ex = self.exercise(key)
        if ex.kind == CARDIO:
            return  # one row holds the whole run: its minutes say how much
        last = ex.sets[-1] if ex.sets else None
        ex.sets.append(
            SetState(
                weight=last.weight if last else None,
                reps=last.reps if last else ex.planned_reps,
                rpe=last.rpe if last else ex.planned_rpe,
            )
        )
        self._recompute(key)
        self.exercise_changed.emit(key)
        self.focus_requested.emit(key, len(ex.sets) - 1)
        self._changed()

    def remove_set(self, key: int, index: int) -> None:
        ex = self.exercise(key)
        if 0 <= index < len(ex.sets):
            del ex.sets[index]
            self._recompute(key)
            self.exercise_changed.emit(key)
            self._changed()

    def remove_exercise(self, key: int) -> None:
        if self._workout is None:
            return
        self._workout.exercises = [ex for ex in self._workout.exercises if ex.key != key]
        self.workout_changed.emit()
        self._changed()

    def rename(self, name: str) -> None:
        if self._workout is not None and name.strip():
            self._workout.name = name.strip()
            self._changed()

    def set_notes(self, text: str) -> None:
        """The workout's note, logged with it."""
        if self._workout is not None and text.strip() != self._workout.notes:
            self._workout.notes = text.strip()
            self._changed()

    # --- warm-ups, set types and rest ---------------------------------------------------

    def log_warmups(self, key: int) -> bool:
        """Marks the whole warm-up ramp done (or not done again); returns whether it is done."""
        ex = self.exercise(key)
        if not ex.warmup:
            return False
        ex.warmup_done = not ex.warmup_done
        self.notice_changed.emit(key)
        self._changed()
        return ex.warmup_done

    def cycle_set_type(self, key: int, index: int) -> str:
        """Working → warm-up → drop → failure → working; returns the set's new type."""
        s = self.set_state(key, index)
        self.set_set_type(key, index, next_type(s.set_type))
        return s.set_type

    def set_set_type(self, key: int, index: int, set_type: str) -> None:
        s = self.set_state(key, index)
        if set_type not in tuple(SetType) or set_type == s.set_type:
            return
        s.set_type = SetType(set_type)
        self._recompute(key)  # a warm-up breaks no record
        self._changed()

    def set_rest(self, key: int, seconds: int) -> None:
        """This movement's rest from now on: every card of it, and remembered for next time."""
        ex = self.exercise(key)
        seconds = max(0, min(int(seconds), MAX_REST_SECONDS))
        if seconds == ex.rest_seconds:
            return
        for other in self.exercises:
            if other.movement_id == ex.movement_id:
                other.rest_seconds = seconds
                self.notice_changed.emit(other.key)
        self._rest_writes[ex.movement_id] = seconds
        self._rest_save.start()
        self._changed()

    # --- adding and swapping exercises ----------------------------------------------------

    def add_exercise(self, choice: MovementChoice) -> None:
        """Appends a movement from the library, prefilled from its prescription (at last
        time's reps) or from the last time it was done."""
        me = self._session.me
        plan = SlotPlan(ADDED_REPS[choice.is_compound], ADDED_RPE, DEFAULT_SETS, from_last=True)
        self.call(
            lambda: movement_context(me, choice.movement_id, plan),
            lambda ctx: self._on_added_context(choice, ctx),
        )

    def request_substitutes(self, key: int) -> None:
        """Ranked substitutes for an exercise; `substitutes_ready` carries them."""
        ex = self.exercise(key)
        me = self._session.me
        self.call(
            lambda: _substitutes(me, ex), lambda found: self.substitutes_ready.emit(key, found)
        )

    def swap(self, key: int, choice: MovementChoice) -> None:
        """Replaces an exercise with another movement; done sets stay with the original."""
        me, old = self._session.me, self.exercise(key)
        reps = old.planned_reps or ADDED_REPS[choice.is_compound]
        plan = SlotPlan(reps, old.planned_rpe, max(1, len(old.sets) - old.done_count))
        self.call(
            lambda: movement_context(me, choice.movement_id, plan),
            lambda ctx: self._on_swap_context(key, choice, ctx),
        )

    # --- finishing ----------------------------------------------------------------------

    def finish(self) -> None:
        """Logs every set marked done; the api clears the draft."""
        workout = self._workout
        if workout is None or self._phase != Phase.RUNNING:
            return
        if not any(s.done for ex in workout.exercises for s in ex.sets):
            self.error.emit(GENERAL, "Mark at least one set done before finishing.")
            return
        me, duration = self._session.me, self.elapsed_seconds()
        plan = _LogPlan(_log_request(workout, duration), _activities(workout))
        self.call(lambda: _send_log(me, plan), self._on_logged)

    def discard(self) -> None:
        """Throws the in-progress workout away, draft included."""
        me = self._session.me
        self._stop_running()
        self.call(lambda: me.logs.discard_draft(), lambda _: self._back_to_start())

    def close_summary(self) -> None:
        """Leaves the finish summary for the start choices."""
        self._back_to_start()

    def dispose(self) -> None:
        """Stops every timer (the page is going away); the draft is already saved."""
        self._save_timer.stop()
        self._rest_save.stop()
        self._clock.stop()
        self.rest.skip()

    def flush_draft(self) -> bool:
        """Writes a pending draft (and rests to remember) now, on this thread: closing.

        False when the workout in progress could not be written (a full or read-only disk):
        the window then asks before closing instead of losing the sets entered since.
        """
        self._flush_rests()
        if self._workout is None or self._phase != Phase.RUNNING:
            return True
        pending = self._save_timer.isActive() or self._saving or self._save_failed
        if not pending:
            return True
        self._save_timer.stop()
        try:
            self._session.me.logs.save_draft(workout_payload(self._workout))
        except Exception as exc:  # noqa: BLE001 - closing must never raise at the lifter
            self.report(as_alloy_error(exc))
            return False
        self._save_failed = False
        return True

    # --- internals: starting ---------------------------------------------------------------

    def report(self, exc: AlloyError) -> None:
        """Api errors name api fields the page has no widget for: show them as a message."""
        self.error.emit(GENERAL, exc.message)

    def _on_offer(self, offer: StartOffer) -> None:
        if self._phase != Phase.IDLE:
            return  # a workout started while the offer was being looked up
        self._offer = offer
        self.offer_ready.emit(offer)

    def _on_session_loaded(self, loaded: _LoadedSession) -> None:
        if loaded.conflict and loaded.plan is not None:
            self.draft_conflict.emit(loaded.plan.date, loaded.conflict)
            return
        if loaded.draft is not None:
            self._on_draft_loaded(loaded.draft)
            return
        plan = loaded.plan
        if plan is None or plan.session is None:
            message = plan.message if plan is not None and plan.message else "No session today."
            self.error.emit(GENERAL, f"Nothing to log from the plan: {message}")
            return
        self._begin(_workout_from_plan(plan.session, plan.date, loaded, self._session.now()))

    def _begin_custom(self, settings: schemas.SettingsResponse, name: str) -> None:
        self._begin(
            WorkoutState(
                kind="custom",
                name=name,
                day=self._session.today(),
                started_at=self._session.now(),
                unit=WeightUnit(settings.weight_unit),
                formula=E1RMFormula(settings.e1rm_formula),
            )
        )

    def _on_routine_loaded(self, loaded: _LoadedRoutine) -> None:
        self._begin(_workout_from_routine(loaded, self._session.today(), self._session.now()))

    def _on_draft_loaded(self, loaded: _LoadedDraft | None) -> None:
        if loaded is None:
            self.error.emit(GENERAL, "There is no saved workout to resume.")
            self.refresh_offer()
            return
        for ex in loaded.workout.exercises:
            _apply_context(ex, loaded.contexts.get(ex.movement_id), loaded.workout.unit)
        self._begin(loaded.workout, save=False)

    def _begin(self, workout: WorkoutState, save: bool = True) -> None:
        self._workout = workout
        self._closed = False
        self._next_key = max((ex.key for ex in workout.exercises), default=0) + 1
        self._plates_asked.clear()
        for ex in workout.exercises:
            self._recompute(ex.key, emit=False)
            self._show_plates(ex)
        self.rest.skip()
        self._set_phase(Phase.RUNNING)
        self._clock.start()
        self.workout_changed.emit()
        self.totals_changed.emit()
        self.elapsed_changed.emit(self.elapsed_text())
        if workout.exercises:
            first = workout.exercises[0]
            index = next((i for i, s in enumerate(first.sets) if not s.done), 0)
            self.focus_requested.emit(first.key, index)
        if save:
            self._changed()

    # --- internals: sets and records ---------------------------------------------------------

    def _can_mark(self, key: int, index: int, s: SetState) -> bool:
        if s.errors:
            name, message = next(iter(s.errors.items()))
            self.error.emit(set_field(key, index, name), message)
            return False
        cardio = self.exercise(key).kind == CARDIO
        needed, message = (
            (MINUTES, "Type the minutes before marking it done")
            if cardio
            else (REPS, "Type the reps before marking the set done")
        )
        if getattr(s, needed) is None:
            s.errors[needed] = message
            self.error.emit(set_field(key, index, needed), message)
            self.set_changed.emit(key, index)
            return False
        return True

    def _recompute(self, key: int, emit: bool = True) -> None:
        """e1RM of every set, and which done sets broke the record as they fell."""
        workout, ex = self._workout, self.exercise(key)
        if workout is None:
            return
        best = ex.best_e1rm_kg
        for index, s in enumerate(ex.sets):
            s.e1rm = None if s.errors else _e1rm(s.weight, s.reps, s.rpe, workout.formula)
            s.is_pr = False
            counts = s.set_type != SetType.WARMUP  # warm-ups break no record
            if counts and s.done and s.e1rm is not None and best is not None:
                kg = from_display(s.e1rm, workout.unit)
                if kg > best + PR_MARGIN_KG:
                    s.is_pr, best = True, kg
            if emit:
                self.set_changed.emit(key, index)
        if emit:
            self.totals_changed.emit()

    def _after_done(self, ex: ExerciseState, index: int, announce: bool) -> None:
        s = ex.sets[index]
        if announce and s.e1rm is not None:
            self.record_broken.emit(ex.key, index, self._record_text(ex, s))
        upcoming = self._next_open_set(ex.key, index)
        self._rest_next = None
        if upcoming is None:
            self.rest.skip()  # the workout is complete: nothing to rest for
            return
        nxt, nxt_index = upcoming
        if ex.kind == CARDIO:
            # A run is logged once it is over; its planned rests were between intervals.
            self.rest.skip()
        elif straight_on(ex, nxt, self.exercises):
            # A superset rests once a round: from A1 straight on to A2.
            self.rest.start(0, f"Superset: straight on to {self._next_words(nxt, nxt_index)}")
        else:
            self._rest_next = (nxt.key, nxt_index)
            rest = group_rest(ex, self.exercises)
            self.rest.start(rest, f"Next: {self._next_words(nxt, nxt_index)}")
        self.focus_requested.emit(nxt.key, nxt_index)

    def _next_words(self, ex: ExerciseState, index: int) -> str:
        """ "A2 Hammer Curls, set 2 · 14 kg × 10": what the rest is before."""
        s = ex.sets[index]
        title = f"{ex.superset} {ex.name}" if ex.superset else ex.name
        load = f" · {s.target}" if s.target and s.planned_load is not None else ""
        return f"{title}, set {index + 1}{load}"

    def _record_text(self, ex: ExerciseState, s: SetState) -> str:
        unit = self.unit
        was = to_display(ex.best_e1rm_kg or 0.0, unit)
        return (
            f"New record: {ex.name}, e1RM {format_number(s.e1rm)} {unit_label(unit)}"
            f" (was {format_number(was)} {unit_label(unit)})"
        )

    def _next_open_set(self, key: int, index: int) -> tuple[ExerciseState, int] | None:
        """The next set not yet done after this one (a superset's partner first), wrapping
        round to skipped ones."""
        order = work_order(self.exercises)
        here = next(
            (p for p, (ex, i) in enumerate(order) if ex.key == key and i == index), len(order)
        )
        for ex, i in order[here + 1 :] + order[: here + 1]:
            if not ex.sets[i].done:
                return ex, i
        return None

    # --- internals: loads between sets --------------------------------------------------------

    def _autoregulate(self, ex: ExerciseState, index: int) -> None:
        """Asks how the next working sets' load follows from the set just logged."""
        s, workout = ex.sets[index], self._workout
        if workout is None or not ex.prescribed or s.set_type != SetType.NORMAL:
            return
        if not s.reps or not s.weight or not open_working_sets(ex, index):
            return
        unit, me = workout.unit, self._session.me
        planned = None if s.planned_load is None else from_display(s.planned_load, unit)
        plan = (ex.movement_id, ex.planned_reps or s.reps, ex.planned_rpe, planned)
        done = (s.reps, s.rpe, from_display(s.weight, unit))
        self._runner.submit(
            lambda: me.prescriptions.adjust(*plan, *done),
            lambda adj: self._on_adjusted(ex.key, index, adj),
            self.report,
        )

    def _on_adjusted(self, key: int, index: int, adj: schemas.Adjustment) -> None:
        workout = self._workout
        ex = next((e for e in self.exercises if e.key == key), None)
        if workout is None or ex is None or index >= len(ex.sets):
            return  # the exercise went while the answer was on its way
        if adj.plates is not None:
            self._plates[round(adj.load, 3)] = adj.plates
        for changed in apply_adjustment(ex, index, adj, workout.unit):
            self.set_changed.emit(key, changed)
        self._recompute(key)
        self.notice_changed.emit(key)
        rest_next = self._rest_next
        if self.rest.running and rest_next is not None and rest_next[0] == key:
            self.rest.relabel(f"Next: {self._next_words(ex, rest_next[1])}")
        self._changed()

    def _weight_typed(self, ex: ExerciseState, index: int) -> None:
        """A weight the lifter typed: theirs from now on, with its plates and warm-ups."""
        s = ex.sets[index]
        s.weight_typed = s.weight is not None
        s.plates = s.plate_note = ""
        if is_barbell(ex) and s.weight:
            self._show_plates(ex)
        first = next((i for i, row in enumerate(ex.sets) if row.set_type == SetType.NORMAL), -1)
        if index == first and ex.warmup and not ex.warmup_done and s.weight:
            self._refresh_warmup(ex, s.weight)

    def _show_plates(self, ex: ExerciseState) -> None:
        """Plates a side beside each barbell set: known weights at once, new ones asked for."""
        workout = self._workout
        if workout is None or not is_barbell(ex):
            return
        for index, s in enumerate(ex.sets):
            weight = round(s.weight or 0.0, 3)
            known = self._plates.get(weight)
            if known is not None and not s.plates:
                s.plates, s.plate_note = plate_text(known), known.message
                self.set_changed.emit(ex.key, index)
            elif known is None and weight > 0 and weight not in self._plates_asked:
                self._ask_plates(weight, workout.unit)

    def _ask_plates(self, weight: float, unit: WeightUnit) -> None:
        self._plates_asked.add(weight)
        me = self._session.me
        self._runner.submit(
            lambda: me.prescriptions.plates(from_display(weight, unit)),
            lambda found: self._on_plates(weight, found),
            lambda _exc: self._plates_asked.discard(weight),  # asked again on the next edit
        )

    def _on_plates(self, weight: float, found: schemas.PlateBreakdown) -> None:
        self._plates[weight] = found
        for ex in self.exercises:
            if is_barbell(ex):
                self._show_plates(ex)

    def _refresh_warmup(self, ex: ExerciseState, weight: float) -> None:
        """The ramp to a first working set the lifter changed."""
        workout = self._workout
        if workout is None:
            return
        me, key, kg = self._session.me, ex.key, from_display(weight, workout.unit)
        self._runner.submit(
            lambda: me.prescriptions.warmup(ex.movement_id, kg),
            lambda steps: self._on_warmup(key, weight, steps),
            lambda _exc: None,  # the planned ramp stays; it is a guide, not a record
        )

    def _on_warmup(self, key: int, weight: float, steps: Sequence[schemas.WarmupSet]) -> None:
        ex = next((e for e in self.exercises if e.key == key), None)
        first = next((s for s in ex.sets if s.set_type == SetType.NORMAL), None) if ex else None
        if ex is None or first is None or first.weight != weight or ex.warmup_done:
            return  # typed on since: a newer ramp is on its way
        ex.warmup = [WarmupStep.of(w) for w in steps]
        self.notice_changed.emit(key)

    def _flush_rests(self) -> None:
        if not self._rest_writes:
            return
        self._rest_save.stop()
        writes, self._rest_writes = self._rest_writes, {}
        try:
            for movement_id, seconds in writes.items():
                self._session.me.prescriptions.set_rest_seconds(movement_id, seconds)
        except Exception as exc:  # noqa: BLE001 - closing must never raise at the lifter
            self.report(as_alloy_error(exc))

    def _on_rest_save_timeout(self) -> None:
        writes, self._rest_writes = self._rest_writes, {}
        remember = self._session.me.prescriptions.set_rest_seconds
        for movement_id, seconds in writes.items():
            self._runner.submit(partial(remember, movement_id, seconds), _ignore, self.report)

    # --- internals: exercises ----------------------------------------------------------------

    def _on_added_context(self, choice: MovementChoice, ctx: MovementContext) -> None:
        if self._workout is None:
            return
        ex = _exercise_from_choice(self._next_key, choice)
        self._next_key += 1
        _apply_context(ex, ctx, self._workout.unit, prefill=True)
        if ctx.prescription is not None and ex.kind == LIFT and _has_loads(ctx.prescription):
            # Never done, nor anything like it: the rows stay for the lifter to fill in.
            _added_plan(ex, ctx.prescription)
            apply_prescription(ex, ctx.prescription)
        self._workout.exercises.append(ex)
        self._show_plates(ex)
        self._recompute(ex.key, emit=False)
        self.workout_changed.emit()
        self.totals_changed.emit()
        self.focus_requested.emit(ex.key, 0)
        self._changed()

    def _on_swap_context(self, key: int, choice: MovementChoice, ctx: MovementContext) -> None:
        workout = self._workout
        if workout is None:
            return
        old = self.exercise(key)
        new = _swapped(old, choice, self._next_key if old.done_count else key)
        _apply_context(new, ctx, workout.unit, prefill=True)
        if ctx.prescription is not None and new.kind == LIFT:
            apply_prescription(new, ctx.prescription, prefill_reps=False)
            new.superset = old.superset  # the swap takes the slot's place in its superset
        position = workout.exercises.index(old)
        if old.done_count:
            # The sets already done were done with the old movement: they stay with it.
            self._next_key += 1
            old.sets = [s for s in old.sets if s.done]
            workout.exercises.insert(position + 1, new)
        else:
            workout.exercises[position] = new
        self._show_plates(new)
        self._recompute(new.key, emit=False)
        self.workout_changed.emit()
        self.totals_changed.emit()
        self.focus_requested.emit(new.key, 0)
        self._changed()

    # --- internals: drafts ------------------------------------------------------------------

    def _changed(self) -> None:
        """Something the lifter did must survive a crash: save soon."""
        if self._phase == Phase.RUNNING:
            self._save_timer.start()

    def _on_save_timeout(self) -> None:
        if self._workout is None or self._phase != Phase.RUNNING:
            return
        if self._saving:
            self._save_again = True  # one write at a time, so an older one never lands last
            return
        self._saving = True
        me, payload = self._session.me, workout_payload(self._workout)
        self._runner.submit(
            lambda: me.logs.save_draft(payload), self._on_saved, self._on_save_failed
        )

    def _on_saved(self, _result: object) -> None:
        self._saving = False
        self._save_failed = False
        if self._closed:
            # The workout was logged or discarded while this write was on its way.
            me = self._session.me
            self._runner.submit(me.logs.discard_draft, lambda _: None, lambda _: None)
            return
        self.draft_saved.emit(f"Saved {self._session.now():%H:%M}")
        if self._save_again:
            self._save_again = False
            self._on_save_timeout()

    def _on_save_failed(self, exc: AlloyError) -> None:
        self._saving = False
        self._save_failed = True  # flush_draft retries, and says so when it cannot
        self.error.emit(GENERAL, f"The workout in progress could not be saved: {exc.message}")

    # --- internals: finishing -----------------------------------------------------------------

    def _on_logged(self, logged: _Logged) -> None:
        name, elapsed = self.name, self.elapsed_seconds()
        self._stop_running()
        self._set_phase(Phase.FINISHED)
        self.finished.emit(_summary(logged, name, elapsed, self.unit))
        self._session.notify(LOGS, RECOVERY, PLAN, *((ACTIVITIES,) if logged.activities else ()))

    def _stop_running(self) -> None:
        self._closed = True
        self._save_timer.stop()
        self._clock.stop()
        self.rest.skip()

    def _back_to_start(self) -> None:
        self._workout = None
        self._set_phase(Phase.IDLE)
        self.workout_changed.emit()
        self.refresh_offer()

    def _set_phase(self, phase: Phase) -> None:
        if phase != self._phase:
            self._phase = phase
            self.phase_changed.emit(str(phase))

    def _on_clock_timeout(self) -> None:
        self.elapsed_changed.emit(self.elapsed_text())


class LibrarySearchViewModel(ViewModel):
    """Searches the exercise library by name, muscle and equipment for the picker dialog."""

    results_ready = Signal(object)  # tuple[MovementChoice, ...]

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self._session = session
        self._query: tuple[str, str | None, str | None] = ("", None, None)
        self._results: tuple[MovementChoice, ...] = ()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def session(self) -> AppSession:
        """The session the picker's custom exercise editor works in."""
        return self._session

    @property
    def results(self) -> tuple[MovementChoice, ...]:
        return self._results

    def muscle_choices(self) -> list[tuple[str, str]]:
        """(value, words) for the muscle filter."""
        return [(m.value, label(m.value)) for m in MuscleGroup]

    def equipment_choices(self) -> list[tuple[str, str]]:
        """(value, words) for the equipment filter."""
        return [(e.value, label(e.value)) for e in Equipment if e != Equipment.NONE]

    def search(self, text: str, muscle: str | None = None, equipment: str | None = None) -> None:
        """Searches after a short pause, so typing a word costs one query."""
        self._query = (text.strip(), muscle or None, equipment or None)
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        text, muscle, equipment = self._query
        me = self._session.me
        self.call(lambda: _search(me, text, muscle, equipment), self._on_results)

    def _on_timer_timeout(self) -> None:
        self.search_now()

    def _on_results(self, results: tuple[MovementChoice, ...]) -> None:
        self._results = results
        self.results_ready.emit(results)


# --- work done off the GUI thread ------------------------------------------------------------


@dataclass(frozen=True)
class _LoadedDraft:
    workout: WorkoutState
    contexts: dict[int, MovementContext]


@dataclass(frozen=True)
class _LoadedSession:
    plan: schemas.DailyPlanResponse | None
    settings: schemas.SettingsResponse
    contexts: dict[int, MovementContext]
    draft: _LoadedDraft | None = None
    conflict: str = ""  # a different workout's draft would be replaced
    prescription: schemas.SessionPrescription | None = None


def _load_draft(me: UserApi) -> _LoadedDraft | None:
    draft = me.logs.load_draft()
    if draft is None:
        return None
    workout = workout_from_payload(draft.payload, draft.started_at.astimezone())
    lifts = (ex.movement_id for ex in workout.exercises if ex.kind == LIFT)
    return _LoadedDraft(workout, movement_contexts(me, lifts))


def _load_session(me: UserApi, day: date, replace: bool) -> _LoadedSession:
    settings = me.settings.get()
    plan = me.days.plan(day)
    saved = me.logs.load_draft()
    session_id = plan.session.id if plan.session is not None else None
    if saved is not None and plan.session is not None:
        if session_id is not None and saved.payload.get("session_id") == session_id:
            return _LoadedSession(plan, settings, {}, _load_draft(me))
        if not replace:
            return _LoadedSession(plan, settings, {}, conflict=_draft_text(saved))
    planned = plan.session.exercises if plan.session else ()
    # Last time's weights and records mean something for lifts only.
    ids = [ex.movement_id for ex in planned if slot_kind(ex.pattern, ex.role) == LIFT]
    prescription = None
    # Without one the workout still starts, prefilled from last time as before.
    with suppress(AlloyError):
        prescription = me.prescriptions.for_session(session_id) if session_id else None
    return _LoadedSession(plan, settings, movement_contexts(me, ids), prescription=prescription)


def _find_offer(me: UserApi, day: date) -> StartOffer:
    draft = me.logs.load_draft()
    draft_text = None if draft is None else _draft_text(draft)
    draft_session = None if draft is None else draft.payload.get("session_id")
    try:
        plan = me.days.plan(day)
    except AlloyError as exc:
        return StartOffer(day, draft_text, None, exc.message)
    if plan.session is None:
        return StartOffer(day, draft_text, None, plan.message or "Rest day: nothing planned today.")
    session = plan.session
    count = len(session.exercises)
    minutes = session.time.total_minutes
    size = f"{count} exercise{'s' if count != 1 else ''}"
    text = f"{size}, about {minutes} min" if minutes else size
    work = [ex.movement_name for ex in session.exercises if ex.role in WORKING_ROLES]
    if work:
        text += "\n" + ", ".join(work[:4]) + (" …" if len(work) > 4 else "")
    logged = _logged_at(me, session.id)
    if logged is not None:
        text = f"Logged at {logged.astimezone():%H:%M}. Start it again to log more sets."
    is_today = draft_session is not None and draft_session == session.id
    return StartOffer(day, draft_text, session.name, text, is_today)


def _logged_at(me: UserApi, session_id: int | None) -> datetime | None:
    """When this planned session was last logged, if it was (recent history suffices)."""
    if session_id is None:
        return None
    recent = me.logs.workouts(limit=RECENT_WORKOUTS)
    return next((w.performed_at for w in recent if w.session_id == session_id), None)


def _sets(count: int) -> str:
    return f"{count} set" if count == 1 else f"{count} sets"


def _draft_text(draft: schemas.WorkoutDraftResponse) -> str:
    """ "Resume workout from 18:42 — 7 sets entered"."""
    started = draft.payload.get("started_at")
    when = datetime.fromisoformat(started) if started else draft.started_at
    count = done_sets_in(draft.payload)
    return f"Resume workout from {when.astimezone():%H:%M} — {_sets(count)} entered"


def _substitutes(me: UserApi, ex: ExerciseState) -> tuple[MovementChoice, ...]:
    if ex.session_exercise_id is not None and not ex.swapped_from:
        ranked = _items(me.days.substitutes(ex.session_exercise_id, limit=MAX_SUBSTITUTES))
        return tuple(
            MovementChoice(
                movement_id=r.movement_id,
                name=r.movement_name,
                reasons=join_words([str(x) for x in r.reasons]),
                score=r.score,
            )
            for r in ranked
            if r.movement_id != ex.movement_id
        )[:MAX_SUBSTITUTES]
    return _similar(me, ex)


def _similar(me: UserApi, ex: ExerciseState) -> tuple[MovementChoice, ...]:
    """Library movements of the same pattern, ranked by shared muscles and equipment."""
    if not ex.pattern:
        return ()
    found = _items(me.library.search(pattern=ex.pattern, limit=SIMILAR_POOL))
    mine = set(ex.muscles)
    ranked: list[tuple[float, MovementChoice]] = []
    for m in found:
        if m.id == ex.movement_id:
            continue
        shared = mine & {str(x) for x in m.primary_muscles}
        same_kit = str(m.equipment) == ex.equipment
        score = (len(shared) / max(len(mine), 1)) * 0.7 + (0.3 if same_kit else 0.0)
        reasons = ["same movement pattern"]
        if shared:
            reasons.append("works " + join_words(sorted(label(x) for x in shared)))
        if same_kit:
            reasons.append("same equipment")
        choice = choice_from_movement(m)
        ranked.append((score, replace(choice, reasons=join_words(reasons), score=score)))
    ranked.sort(key=lambda pair: (-pair[0], pair[1].name))
    return tuple(choice for _, choice in ranked[:MAX_SUBSTITUTES])


def _search(
    me: UserApi, text: str, muscle: str | None, equipment: str | None
) -> tuple[MovementChoice, ...]:
    found = _items(me.library.search(text, muscle, equipment, limit=SEARCH_LIMIT))
    return tuple(choice_from_movement(m) for m in found)


LogRequest = schemas.WorkoutLogCreate | schemas.CustomWorkoutLogCreate


@dataclass(frozen=True)
class _LogPlan:
    """What finishing writes: the sets through the logs api, runs and rides as activities."""

    request: LogRequest | None  # None when only cardio was done
    activities: tuple[schemas.ActivityInstanceCreate, ...]


@dataclass(frozen=True)
class _Logged:
    workout: schemas.WorkoutLogResponse | None
    activities: tuple[schemas.ActivityInstanceResponse, ...]


def _send_log(me: UserApi, plan: _LogPlan) -> _Logged:
    """Writes the activities, then the sets; a failure takes the activities back out."""
    activities = _typed(me, plan.activities) if plan.activities else ()
    made: list[schemas.ActivityInstanceResponse] = []
    try:
        for activity in activities:
            made.append(me.activities.log(activity))
        workout = _log_sets(me, plan.request) if plan.request is not None else None
    except Exception:
        # All or nothing: finishing again after a fix must not log the run twice.
        for done in made:
            with suppress(AlloyError):
                me.activities.delete(done.id)
        raise
    if workout is None:
        me.logs.discard_draft()  # logging sets clears the draft; activities alone do not
    return _Logged(workout, tuple(made))


def _log_sets(me: UserApi, request: LogRequest) -> schemas.WorkoutLogResponse:
    if isinstance(request, schemas.CustomWorkoutLogCreate):
        return me.logs.log_custom_workout(request)
    result: schemas.WorkoutLogResponse = me.logs.log_workout(request)
    return result


def activity_kind(name: str) -> str:
    """The activity a cardio movement is ("Rowing, Stationary": "rowing"); "" if none fits."""
    lowered = name.lower()
    return next((kind for words, kind in ACTIVITY_TYPES if any(w in lowered for w in words)), "")


def activity_type(
    name: str, definitions: Sequence[schemas.ActivityDefinitionResponse]
) -> int | None:
    """The activity definition a cardio movement is logged as (None: named only)."""
    kind = activity_kind(name)
    return next((d.id for d in definitions if kind and d.name.lower() == kind), None)


def _typed(
    me: UserApi, activities: Sequence[schemas.ActivityInstanceCreate]
) -> tuple[schemas.ActivityInstanceCreate, ...]:
    definitions = me.activities.definitions()
    return tuple(
        replace(a, activity_definition_id=activity_type(a.activity_name, definitions))
        for a in activities
    )


# --- building things ---------------------------------------------------------------------------


def _parse(name: str, text: str, unit: WeightUnit) -> float | int | None:
    parsers: dict[str, Callable[[str], float | int | None]] = {
        WEIGHT: lambda t: parse_weight(t, unit),
        REPS: parse_reps,
        RPE: parse_rpe,
        MINUTES: parse_minutes,
        DISTANCE: parse_distance,
    }
    return parsers[name](text)


def _workout_from_plan(
    session: schemas.SessionResponse, day: date, loaded: _LoadedSession, now: datetime
) -> WorkoutState:
    unit = WeightUnit(loaded.settings.weight_unit)
    workout = WorkoutState(
        kind="session",
        name=session.name,
        day=day,
        started_at=now,
        unit=unit,
        formula=E1RMFormula(loaded.settings.e1rm_formula),
        session_id=session.id,
    )
    exercises = []
    for key, planned in enumerate(sorted(session.exercises, key=lambda e: e.order), start=1):
        kind = slot_kind(planned.pattern, planned.role)
        ex = ExerciseState(
            key=key,
            movement_id=planned.movement_id,
            name=planned.movement_name,
            kind=kind,
            session_exercise_id=planned.id,
            target=_target(planned),
            detail=_detail(str(planned.equipment), (str(m) for m in planned.primary_muscles)),
            notes=planned.notes,
            rest_seconds=planned.rest_seconds,
            planned_reps=planned.reps,
            planned_rpe=planned.rpe,
            planned_reps_max=planned.reps_max,
            pattern=str(planned.pattern),
            equipment=str(planned.equipment),
            muscles=tuple(str(m) for m in planned.primary_muscles),
            sets=_planned_sets(kind, planned),
        )
        _apply_context(ex, loaded.contexts.get(planned.movement_id), unit, prefill=True)
        loads = for_slot(loaded.prescription, planned.id, planned.movement_id)
        if loads is not None and kind == LIFT:
            apply_prescription(ex, loads)
        exercises.append(ex)
    workout.exercises = grouped(exercises)
    return workout


def _ignore(_result: object) -> None:
    """A write whose answer changes nothing on screen."""


def _has_loads(p: schemas.ExercisePrescription) -> bool:
    return any(s.load is not None for s in p.sets)


def _added_plan(ex: ExerciseState, p: schemas.ExercisePrescription) -> None:
    """An added exercise's plan is what it was prescribed at: the next sets adjust to it."""
    first = p.sets[0] if p.sets else None
    if first is not None:
        ex.planned_reps, ex.planned_rpe = first.reps, first.rpe
        rpe = f" @ RPE {format_number(first.rpe)}" if first.rpe is not None else ""
        ex.target = f"{len(p.sets)} × {first.reps}{rpe}"


def _planned_sets(kind: str, planned: schemas.SessionExerciseResponse) -> list[SetState]:
    """Rows from the plan: a run is one row of minutes, everything else a row per set."""
    if kind == CARDIO:
        return [SetState(minutes=planned_minutes(planned.sets, planned.reps))]
    return [SetState(reps=planned.reps, rpe=planned.rpe) for _ in range(max(1, planned.sets))]


def _fresh_sets(kind: str) -> list[SetState]:
    """Rows for an exercise added without a plan: minutes to type, a 30 s hold, three sets."""
    if kind == CARDIO:
        return [SetState()]
    if kind in (HOLD, DRILL):
        return [SetState(reps=DEFAULT_HOLD_SECONDS) for _ in range(DEFAULT_HOLD_SETS)]
    return [SetState() for _ in range(DEFAULT_SETS)]


def _exercise_from_choice(key: int, choice: MovementChoice) -> ExerciseState:
    kind = slot_kind(choice.pattern)
    return ExerciseState(
        key=key,
        movement_id=choice.movement_id,
        name=choice.name,
        kind=kind,
        detail=choice.detail,
        rest_seconds=REST_COMPOUND if choice.is_compound else REST_ISOLATION,
        pattern=choice.pattern,
        equipment=choice.equipment,
        muscles=choice.muscles,
        sets=_fresh_sets(kind),
    )


def _swapped(old: ExerciseState, choice: MovementChoice, key: int) -> ExerciseState:
    remaining = max(1, len(old.sets) - old.done_count)
    # A warm-up drill stays a warm-up; otherwise the new movement says what kind of work it is.
    role = ExerciseRole.WARMUP if old.kind == DRILL else None
    kind = slot_kind(choice.pattern or old.pattern, role)
    if kind == old.kind and kind == CARDIO:
        sets = [replace(old.sets[0], done=False)] if old.sets else _fresh_sets(kind)
    elif kind == old.kind:
        sets = [SetState(reps=old.planned_reps, rpe=old.planned_rpe) for _ in range(remaining)]
    else:
        sets = _fresh_sets(kind)  # the plan's numbers meant something else (seconds, not reps)
    return ExerciseState(
        key=key,
        movement_id=choice.movement_id,
        name=choice.name,
        kind=kind,
        session_exercise_id=old.session_exercise_id,
        swapped_from=old.swapped_from or old.name,
        target=old.target,
        detail=choice.detail,
        notes=old.notes,
        rest_seconds=old.rest_seconds,
        planned_reps=old.planned_reps,
        planned_rpe=old.planned_rpe,
        pattern=choice.pattern or old.pattern,
        equipment=choice.equipment or old.equipment,
        muscles=choice.muscles or old.muscles,
        sets=sets,
    )


def _apply_context(
    ex: ExerciseState, ctx: MovementContext | None, unit: WeightUnit, prefill: bool = False
) -> None:
    """Shows last time's sets beside each row; with `prefill`, copies their weights in."""
    if ctx is None or ex.kind != LIFT:
        return
    ex.best_e1rm_kg = ctx.best_e1rm_kg
    last = ctx.last
    if last is None or not last.sets:
        return
    shown = [_logged_text(s, unit) for s in last.sets]
    if not ex.prescribed:  # a prescription's line says it with the best set and the e1RM
        when = f"{last.performed_at.astimezone():%-d %b}"
        ex.last_text = f"Last time, {when}: " + ", ".join(shown[:6])
    if prefill and not ex.sets:
        ex.sets = [SetState() for _ in range(min(len(last.sets), MAX_PREFILLED_SETS))]
    for index, s in enumerate(ex.sets):
        source = last.sets[min(index, len(last.sets) - 1)]
        if index < len(last.sets):
            s.previous = shown[index]
        if prefill and not s.done:
            _prefill(s, source, unit, planned=ex.planned_reps is not None)


def _prefill(
    s: SetState, source: schemas.LoggedSetResponse, unit: WeightUnit, planned: bool
) -> None:
    if s.weight is None and source.weight_kg > 0:
        s.weight = round(to_display(source.weight_kg, unit), 1)
    if not planned:
        # No plan for this exercise: last time's reps and effort are the best guess.
        s.reps = s.reps if s.reps is not None else source.reps
        s.rpe = s.rpe if s.rpe is not None else source.rpe


def _logged_text(s: schemas.LoggedSetResponse, unit: WeightUnit) -> str:
    weight = round(to_display(s.weight_kg, unit), 1) if s.weight_kg > 0 else None
    return set_text(weight, s.reps, s.rpe)


def _completed_set(kind: str, number: int, s: SetState) -> schemas.CompletedSet:
    reps = s.reps or 0
    if kind == HOLD:
        # One hold is one rep, unloaded; its seconds go in the note. Reps of seconds
        # would break the 100-rep cap on long holds and read as rep records.
        note = " · ".join(n for n in (f"{reps} s hold", s.note) if n)
        return schemas.CompletedSet(number, 0.0, 1, None, note=note)
    if kind == DRILL:
        reps = min(reps, MAX_REPS)
        return schemas.CompletedSet(number, 0.0, reps, None, SetType.WARMUP, s.note)
    return schemas.CompletedSet(number, s.weight or 0.0, reps, s.rpe, s.set_type, s.note)


def _completed_sets(ex: ExerciseState) -> tuple[schemas.CompletedSet, ...]:
    """The warm-up ramp (if logged) as warm-up sets, then every set marked done."""
    if ex.kind == CARDIO:
        return ()  # logged as an activity instead (see _activities)
    ramp = [
        schemas.CompletedSet(n, step.weight, step.reps, None, SetType.WARMUP)
        for n, step in enumerate(ex.warmup if ex.warmup_done else (), start=1)
    ]
    done = [s for s in ex.sets if s.done and s.reps is not None]
    work = [_completed_set(ex.kind, n, s) for n, s in enumerate(done, start=len(ramp) + 1)]
    # A ramp alone is no exercise done: without a working set nothing of it is logged.
    return tuple(ramp + work) if work else ()


def _activities(workout: WorkoutState) -> tuple[schemas.ActivityInstanceCreate, ...]:
    """Every cardio slot marked done, as the activity the Activities page lists."""
    made = []
    for ex in workout.exercises:
        done = [s for s in ex.sets if s.done and s.minutes] if ex.kind == CARDIO else []
        for s in done:
            note = f"{workout.name}: planned {ex.target}" if ex.target else workout.name
            made.append(
                schemas.ActivityInstanceCreate(
                    activity_name=ex.name,
                    duration_minutes=float(s.minutes or 0.0),
                    distance_km=s.distance,
                    notes=note,
                    performed_start=workout.started_at,
                )
            )
    return tuple(made)


def _log_request(workout: WorkoutState, duration: int) -> LogRequest | None:
    """The sets marked done (None when there are none: a run alone logs no sets)."""
    performed = [(ex, _completed_sets(ex)) for ex in workout.exercises]
    performed = [(ex, sets) for ex, sets in performed if sets]
    if not performed:
        return None
    if workout.kind == "custom" or workout.session_id is None:
        return schemas.CustomWorkoutLogCreate(
            exercises=tuple(schemas.CustomExercise(ex.movement_id, sets) for ex, sets in performed),
            name=workout.name,
            performed_at=workout.started_at,
            duration_seconds=duration,
            notes=workout.notes,
            unit=workout.unit,
            routine_id=workout.routine_id,
        )
    return schemas.WorkoutLogCreate(
        session_id=workout.session_id,
        completed_exercises=tuple(
            schemas.CompletedExercise(
                completed_sets=sets,
                session_exercise_id=ex.session_exercise_id,
                movement_id=_logged_movement(ex),
            )
            for ex, sets in performed
        ),
        performed_at=workout.started_at,
        duration_seconds=duration,
        notes=workout.notes,
        unit=workout.unit,
    )


def _logged_movement(ex: ExerciseState) -> int | None:
    """The movement to name in the log: only where it differs from the plan's slot."""
    return ex.movement_id if ex.swapped_from or ex.session_exercise_id is None else None


def _summary(logged: _Logged, name: str, elapsed: int, unit: WeightUnit) -> FinishSummary:
    result, activities = logged.workout, logged.activities
    exercises = result.exercises if result is not None else ()
    volume = to_display(result.total_volume_kg, unit) if result is not None else 0.0
    # A run with a few stretches moved no load: its minutes are the figure that matters.
    weighed = volume > 0 or not activities
    return FinishSummary(
        name=result.name if result is not None else name,
        duration_text=format_duration(result.duration_seconds if result is not None else elapsed),
        sets=sum(len(ex.sets) for ex in exercises),
        exercises=len(exercises) + len(activities),
        volume_text=f"{format_volume(volume)} {unit_label(unit)}" if weighed else "",
        records=tuple(_record_line(pr, unit) for pr in (result.personal_records if result else ())),
        workout_id=result.id if result is not None else None,
        cardio_text=cardio_text(activities),
    )


def cardio_text(activities: Sequence[schemas.ActivityInstanceResponse]) -> str:
    """ "45 min · 21.5 km" for the activities of one workout ("" for none)."""
    if not activities:
        return ""
    minutes = sum(a.duration_seconds for a in activities) / 60
    km = sum(a.distance_km or 0.0 for a in activities)
    text = f"{format_number(minutes)} min"
    return f"{text} · {format_number(km)} km" if km else text


def _record_line(pr: schemas.PersonalRecord, unit: WeightUnit) -> RecordLine:
    words = unit_label(unit)
    if pr.kind == "REPS":
        load = format_number(to_display(pr.weight_kg, unit))
        was = f" (was {int(pr.previous)})" if pr.previous is not None else ""
        return RecordLine(pr.movement_name, f"{int(pr.value)} reps at {load} {words}{was}")
    value = format_number(to_display(pr.value, unit))
    was = (
        f" (was {format_number(to_display(pr.previous, unit))} {words})"
        if pr.previous is not None
        else " (first time)"
    )
    return RecordLine(pr.movement_name, f"e1RM {value} {words}{was}")


# --- starting a hand-built routine (services/routines.py) --------------------------------------


@dataclass(frozen=True)
class _LoadedRoutine:
    routine: schemas.RoutineResponse
    settings: schemas.SettingsResponse
    contexts: dict[int, MovementContext]


def _load_routine(me: UserApi, routine_id: int) -> _LoadedRoutine:
    routine = me.routines.get(routine_id)
    lifts = [
        ex.movement_id for ex in routine.exercises if slot_kind(ex.pattern) == LIFT
    ]  # last time's weights and records mean something for lifts only
    return _LoadedRoutine(routine, me.settings.get(), movement_contexts(me, lifts))


def _workout_from_routine(loaded: _LoadedRoutine, day: date, now: datetime) -> WorkoutState:
    unit = WeightUnit(loaded.settings.weight_unit)
    workout = WorkoutState(
        kind="custom",  # logged as a custom workout that names its routine
        name=loaded.routine.name,
        day=day,
        started_at=now,
        unit=unit,
        formula=E1RMFormula(loaded.settings.e1rm_formula),
        notes=loaded.routine.notes,
        routine_id=loaded.routine.id,
    )
    for key, planned in enumerate(loaded.routine.exercises, start=1):
        ex = _routine_exercise(key, planned, unit)
        _apply_context(ex, loaded.contexts.get(planned.movement_id), unit, prefill=True)
        workout.exercises.append(ex)
    return workout


def _routine_exercise(
    key: int, planned: schemas.RoutineExerciseResponse, unit: WeightUnit
) -> ExerciseState:
    kind = slot_kind(planned.pattern)
    load = None if planned.load_kg is None else round(to_display(planned.load_kg, unit), 1)
    if kind == CARDIO:
        sets = [SetState(minutes=planned_minutes(planned.sets, planned.reps))]
    else:
        sets = [
            SetState(weight=load, reps=planned.reps, rpe=planned.rpe) for _ in range(planned.sets)
        ]
    return ExerciseState(
        key=key,
        movement_id=planned.movement_id,
        name=planned.movement_name,
        kind=kind,
        target=_routine_target(planned, unit),
        detail=_detail(str(planned.equipment), (str(m) for m in planned.primary_muscles)),
        notes=planned.notes,
        rest_seconds=planned.rest_seconds,
        planned_reps=planned.reps,
        planned_rpe=planned.rpe,
        pattern=str(planned.pattern),
        equipment=str(planned.equipment),
        muscles=tuple(str(m) for m in planned.primary_muscles),
        sets=sets,
    )


def _routine_target(planned: schemas.RoutineExerciseResponse, unit: WeightUnit) -> str:
    """ "3 × 8–12 @ RPE 8 · 60 kg · superset 1", as the card's target line."""
    parts = [amount(planned.sets, planned.reps, planned.reps_max, planned.pattern)]
    if planned.rpe:
        parts[0] += f" @ RPE {format_number(planned.rpe)}"
    if planned.load_kg:
        parts.append(f"{format_number(to_display(planned.load_kg, unit))} {unit_label(unit)}")
    if planned.superset_group is not None:
        parts.append(f"superset {planned.superset_group}")
    return " · ".join(parts)
