"""The api's schemas that Today's first paint reads: its plan, calendar, loads and user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from alloy_desktop.domain.enums import (
    ConversationRole,
    ConversationStatus,
    DayOutcome,
    Equipment,
    ExerciseRole,
    Goal,
    MovementPattern,
    MuscleGroup,
    ProgressionStyle,
    RecoverySignalLevel,
    SessionType,
    SetType,
    WeightUnit,
)
from alloy_desktop.domain.plates import Loading
from alloy_desktop.domain.prescription import Source
from alloy_desktop.domain.time_estimation import SessionTimeBreakdown

if TYPE_CHECKING:
    from alloy_desktop.services.schemas.more import SorenessInput

__all__ = [
    "AdaptationRequest",
    "CalendarDay",
    "ConversationResponse",
    "ConversationTurnResponse",
    "DailyPlanResponse",
    "ExercisePrescription",
    "GoalWeight",
    "LastTime",
    "PlateBreakdown",
    "PlatePairs",
    "SessionExerciseResponse",
    "SessionPrescription",
    "SessionResponse",
    "SetPrescription",
    "UserResponse",
    "WarmupSet",
]


@dataclass(frozen=True)
class UserResponse:
    id: int
    email: str
    name: str | None
    is_active: bool
    is_admin: bool = False


@dataclass(frozen=True)
class GoalWeight:
    goal: Goal | str
    weight: int


@dataclass(frozen=True)
class SessionExerciseResponse:
    id: int | None
    movement_id: int
    movement_name: str
    role: ExerciseRole
    pattern: MovementPattern
    order: int
    sets: int
    reps: int
    reps_max: int | None
    rpe: float | None
    rest_seconds: int
    superset_group: int | None
    notes: str
    equipment: Equipment
    primary_muscles: tuple[MuscleGroup, ...]


@dataclass(frozen=True)
class SessionResponse:
    id: int | None
    program_id: int | None
    microcycle_id: int | None
    date: date
    day_offset: int
    name: str
    session_type: SessionType
    is_deload: bool
    exercises: tuple[SessionExerciseResponse, ...]
    time: SessionTimeBreakdown
    is_adapted: bool = False


@dataclass(frozen=True)
class DailyPlanResponse:
    date: date
    is_rest_day: bool
    session: SessionResponse | None
    program_id: int | None
    microcycle_sequence: int | None
    is_deload: bool
    message: str
    adapted_from_thread_id: int | None = None


@dataclass(frozen=True)
class AdaptationRequest:
    soreness: tuple[SorenessInput, ...] = ()
    recovery_signal: RecoverySignalLevel | str | None = None
    notes: str = ""


@dataclass(frozen=True)
class CalendarDay:
    date: date
    outcome: DayOutcome
    session_id: int | None
    session_name: str | None
    is_deload: bool


@dataclass(frozen=True)
class PlatePairs:
    """A plate and how many pairs of it: pairs owned in settings, plates a side on a bar."""

    weight: float
    pairs: int


@dataclass(frozen=True)
class PlateBreakdown:
    """How to load a bar for a target: plates per side, and how close the load came.

    Weights are in `unit` except the _kg fields. `direction` is "exact", "above" or
    "below" the target; `message` says so in words when it is not exact.
    """

    target_kg: float
    load_kg: float
    load: float
    unit: WeightUnit
    bar: float
    collar: float  # each of two; 0 when there are none or the bar is empty
    per_side: tuple[PlatePairs, ...]
    per_side_text: str  # "25 × 2 + 10 + 1.25", or "Empty bar"
    direction: str
    difference: float  # load minus target, in `unit`
    text: str  # "142.5 kg: 25 × 2 + 10 + 1.25 a side"
    message: str  # "" when exact


@dataclass(frozen=True)
class WarmupSet:
    """One step of the ramp to the first working set; log it with set_type WARMUP."""

    set_number: int
    load_kg: float
    load: float
    unit: WeightUnit
    reps: int
    percent: int | None  # of the working load; None for the empty bar
    per_side_text: str  # plates a side for bars, "" otherwise
    text: str  # "Bar × 10", "40 kg × 5 (40%)"
    set_type: SetType = SetType.WARMUP


@dataclass(frozen=True)
class LastTime:
    """The best set of the last day a movement was trained (warm-ups left out)."""

    date: date
    weight_kg: float
    weight: float
    unit: WeightUnit
    reps: int
    rpe: float | None
    e1rm_kg: float
    e1rm: float
    text: str  # "2 Nov: 100 kg × 5 @ RPE 8, e1RM 123 kg"


@dataclass(frozen=True)
class SetPrescription:
    """One planned working set with its load; load is None for calibration and bodyweight."""

    set_number: int
    reps: int
    reps_max: int | None
    rpe: float | None
    load_kg: float | None
    load: float | None  # in the lifter's unit, rounded to what can be loaded
    unit: WeightUnit
    text: str  # "5 × 100 kg @ RPE 8", "Work up to a set of 5 at RPE 8", "10 reps @ RPE 8"


@dataclass(frozen=True)
class ExercisePrescription:
    """What to put on the bar for one planned exercise, where that came from, and the rest.

    `source_text` says in words which evidence was used (the movement's own history, a
    related movement, or none: calibrate); `progression` how the program's progression
    style set today's start. `plates` breaks down the first working set on a bar.
    """

    session_exercise_id: int | None
    movement_id: int
    movement_name: str
    equipment: Equipment
    loading: Loading
    role: ExerciseRole | None
    order: int
    superset_group: int | None
    superset_label: str  # "A1", "A2" for exercises alternated with one rest timer; "" if none
    sets: tuple[SetPrescription, ...]
    source: Source
    source_text: str
    progression: str
    e1rm_kg: float | None  # the e1RM the loads were read from (after any ratio or discount)
    related_movement_id: int | None
    plates: PlateBreakdown | None
    warmup: tuple[WarmupSet, ...]
    last_time: LastTime | None
    rest_seconds: int
    rest_remembered: bool  # the lifter set this rest for the movement before


@dataclass(frozen=True)
class SessionPrescription:
    """Every planned exercise of a session with its prescribed loads."""

    session_id: int
    name: str
    date: date
    unit: WeightUnit
    is_deload: bool
    progression_style: ProgressionStyle
    exercises: tuple[ExercisePrescription, ...]


@dataclass(frozen=True)
class ConversationTurnResponse:
    sequence: int
    role: ConversationRole
    content: str
    is_partial: bool
    created_at: datetime


@dataclass(frozen=True)
class ConversationResponse:
    id: int
    status: ConversationStatus
    target_date: date
    session_id: int | None
    final_content: str | None
    final_notes: str | None
    turns: tuple[ConversationTurnResponse, ...]
