"""The api's schemas that Today's first paint reads: auth, settings, programs, days, loads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from alloy_desktop.domain.enums import (
    BodyPart,
    ConversationRole,
    ConversationStatus,
    DayOutcome,
    E1RMFormula,
    Equipment,
    ExerciseRole,
    ExperienceLevel,
    Goal,
    MicrocycleStatus,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    RecoverySignalLevel,
    RuleTarget,
    SessionType,
    SetType,
    SplitTemplate,
    WeightUnit,
)
from alloy_desktop.domain.plates import Loading
from alloy_desktop.domain.prescription import Source
from alloy_desktop.domain.time_estimation import SessionTimeBreakdown

__all__ = [
    "AcceptPlanRequest",
    "AdaptationRequest",
    "AdaptationResponse",
    "AdaptedExerciseResponse",
    "Adjustment",
    "BodyWeightCreate",
    "BodyWeightEntry",
    "CalendarDay",
    "CoachStreamEvent",
    "ConversationResponse",
    "ConversationTurnResponse",
    "DailyPlanResponse",
    "ExercisePrescription",
    "GoalWeight",
    "InjuryCreate",
    "InjuryResponse",
    "InterferenceCheck",
    "LastTime",
    "MicrocycleResponse",
    "MovementRuleCreate",
    "MovementRuleResponse",
    "PlateBreakdown",
    "PlatePairs",
    "ProfileResponse",
    "ProfileUpdate",
    "ProgramCreate",
    "ProgramResponse",
    "RemovedExerciseResponse",
    "SchedulingPreferences",
    "SessionDesignReport",
    "SessionExerciseResponse",
    "SessionPrescription",
    "SessionResponse",
    "SetPrescription",
    "SettingsResponse",
    "SettingsUpdate",
    "SorenessInput",
    "SubstituteResponse",
    "SubstitutionResponse",
    "TokenResponse",
    "UserResponse",
    "WarmupSet",
]


@dataclass(frozen=True)
class TokenResponse:
    access_token: str
    user_id: int
    token_type: str = "bearer"


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
class ProgramCreate:
    goals: tuple[GoalWeight, ...]
    duration_weeks: int
    split_template: SplitTemplate | str | None = None
    progression_style: ProgressionStyle | str | None = None
    persona_tone: PersonaTone | str | None = None
    persona_aggression: PersonaAggression | str | None = None
    name: str | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class InterferenceCheck:
    is_valid: bool
    warnings: tuple[str, ...]
    blocking_message: str | None


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
class MicrocycleResponse:
    id: int | None
    program_id: int | None
    sequence_number: int
    start_date: date
    end_date: date
    length_days: int
    status: MicrocycleStatus
    is_deload: bool
    sessions: tuple[SessionResponse, ...]


@dataclass(frozen=True)
class ProgramResponse:
    id: int | None
    name: str
    goals: tuple[GoalWeight, ...]
    duration_weeks: int
    split_template: SplitTemplate
    progression_style: ProgressionStyle
    persona_tone: PersonaTone
    persona_aggression: PersonaAggression
    deload_every_n_microcycles: int
    microcycle_length_days: int
    start_date: date
    end_date: date
    is_active: bool
    warnings: tuple[str, ...]
    microcycles: tuple[MicrocycleResponse, ...]
    average_session_minutes: int
    created_at: datetime | None = None


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
class SorenessInput:
    body_part: BodyPart | str
    level: int


@dataclass(frozen=True)
class AdaptationRequest:
    soreness: tuple[SorenessInput, ...] = ()
    recovery_signal: RecoverySignalLevel | str | None = None
    notes: str = ""


@dataclass(frozen=True)
class SubstituteResponse:
    movement_id: int
    movement_name: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class AdaptedExerciseResponse:
    session_exercise_id: int | None
    movement_id: int
    movement_name: str
    role: ExerciseRole
    sets: int
    reps: int
    rpe: float
    rest_seconds: int
    changes: tuple[str, ...]


@dataclass(frozen=True)
class RemovedExerciseResponse:
    session_exercise_id: int | None
    movement_id: int
    movement_name: str
    reason: str
    substitutes: tuple[SubstituteResponse, ...]


@dataclass(frozen=True)
class SubstitutionResponse:
    session_exercise_id: int | None
    original_movement_id: int
    original_movement_name: str
    movement_id: int
    movement_name: str
    sets: int
    reps: int
    rpe: float
    rest_seconds: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class AdaptationResponse:
    thread_id: int
    date: date
    session_id: int
    recovery_score: float
    adapted: tuple[AdaptedExerciseResponse, ...]
    removed: tuple[RemovedExerciseResponse, ...]
    substituted: tuple[SubstitutionResponse, ...]
    added_sections: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class AcceptPlanRequest:
    conversation_id: int
    final_notes: str = ""


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


@dataclass(frozen=True)
class CoachStreamEvent:
    """One event of a streamed coach answer, shaped like the spec's SSE `data:` lines.

    While streaming, `content` is the new text and `done` is False. The last event has
    `done` True, the whole answer (possibly partial) as `content`, and a status:
    "completed", "cancelled" or "failed" (then `error` is a sentence for the lifter and
    `error_kind` one of offline, model_missing, timeout, dropped, malformed, server).
    """

    content: str
    done: bool
    thread_id: int
    status: str = "streaming"
    error: str | None = None
    error_kind: str | None = None


@dataclass(frozen=True)
class SessionDesignReport:
    """How many sessions of the microcycles the coach designed, and why others were kept."""

    program_id: int
    designed: int
    kept: int
    notes: tuple[str, ...]


@dataclass(frozen=True)
class CalendarDay:
    date: date
    outcome: DayOutcome
    session_id: int | None
    session_name: str | None
    is_deload: bool


@dataclass(frozen=True)
class SettingsResponse:
    e1rm_formula: E1RMFormula
    weight_unit: WeightUnit
    soreness_decay_hours: float
    ollama_host: str
    ollama_model: str
    ollama_timeout: float
    llm_design_sessions: bool
    access_token_expire_minutes: int
    # The plate calculator's bar, plates and collars (each of two), in `weight_unit`.
    bar_weight: float = 20.0
    plates: tuple[PlatePairs, ...] = ()
    collar_weight: float = 0.0
    plates_are_default: bool = True  # the standard set of the unit, nothing edited
    # The coach's provider ("ollama" or "openai") and the OpenAI-compatible server's base URL
    # and model ("": the first one it serves). `ollama_host` is the host in use; when the
    # lifter saved none it comes from OLLAMA_HOST (else localhost:11434).
    llm_provider: str = "ollama"
    openai_base_url: str = "http://localhost:8080/v1"
    openai_model: str = ""
    ollama_host_saved: bool = True
    ollama_default_host: str = "http://localhost:11434"  # what an unsaved host means now


@dataclass(frozen=True)
class SettingsUpdate:
    e1rm_formula: E1RMFormula | str | None = None
    weight_unit: WeightUnit | str | None = None
    soreness_decay_hours: float | None = None
    ollama_host: str | None = None
    ollama_model: str | None = None
    ollama_timeout: float | None = None
    llm_design_sessions: bool | None = None
    access_token_expire_minutes: int | None = None
    # In the unit the lifter is in after this update; reset_plates=True goes back to the
    # standard set of that unit (given plate fields then apply on top of it).
    bar_weight: float | None = None
    plates: tuple[PlatePairs, ...] | None = None
    collar_weight: float | None = None
    reset_plates: bool | None = None
    # "ollama" or "openai"; ollama_host="" forgets the saved host (OLLAMA_HOST applies again).
    llm_provider: str | None = None
    openai_base_url: str | None = None
    openai_model: str | None = None  # "" uses the first model the server serves


@dataclass(frozen=True)
class SchedulingPreferences:
    days_per_week: int = 3
    preferred_days: tuple[int, ...] = (0, 2, 4)  # 0 = Monday
    session_minutes: int = 60
    microcycle_length_days: int = 7


@dataclass(frozen=True)
class MovementRuleCreate:
    rule_type: MovementRuleType | str
    target: RuleTarget | str
    movement_id: int | None = None
    pattern: MovementPattern | str | None = None
    body_part: BodyPart | str | None = None
    note: str = ""


@dataclass(frozen=True)
class MovementRuleResponse:
    id: int
    rule_type: MovementRuleType
    target: RuleTarget
    movement_id: int | None
    movement_name: str | None
    pattern: MovementPattern | None
    body_part: BodyPart | None
    note: str
    description: str


@dataclass(frozen=True)
class InjuryCreate:
    body_part: BodyPart | str
    description: str = ""
    severity: int = 5
    started_on: date | None = None


@dataclass(frozen=True)
class InjuryResponse:
    id: int
    body_part: BodyPart
    description: str
    severity: int
    is_active: bool
    started_on: date | None


@dataclass(frozen=True)
class ProfileResponse:
    user_id: int
    name: str | None
    email: str
    experience_level: ExperienceLevel
    persona_tone: PersonaTone
    persona_aggression: PersonaAggression
    discipline_preferences: dict[str, Any]
    scheduling: SchedulingPreferences
    equipment: tuple[Equipment, ...]
    preferred_split: SplitTemplate | None
    body_weight_kg: float | None
    movement_rules: tuple[MovementRuleResponse, ...]
    injuries: tuple[InjuryResponse, ...]
    enjoyable_activities: tuple[str, ...]


@dataclass(frozen=True)
class ProfileUpdate:
    name: str | None = None
    experience_level: ExperienceLevel | str | None = None
    persona_tone: PersonaTone | str | None = None
    persona_aggression: PersonaAggression | str | None = None
    discipline_preferences: dict[str, Any] | None = None
    scheduling: SchedulingPreferences | None = None
    equipment: tuple[Equipment | str, ...] | None = None
    preferred_split: SplitTemplate | str | None = None
    body_weight_kg: float | None = None
    enjoyable_activities: tuple[str, ...] | None = None


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
class Adjustment:
    """The next sets' load after a logged set (autoregulation), and the one-line reason."""

    movement_id: int
    load_kg: float
    load: float  # in `unit`, rounded to what can be loaded
    unit: WeightUnit
    percent: float  # signed change from the load just lifted, before rounding
    capped: bool
    reason: str
    plates: PlateBreakdown | None  # for bars


@dataclass(frozen=True)
class BodyWeightCreate:
    """A reading for one day (a second one the same day replaces it)."""

    weight: float
    day: date | None = None  # None: today
    unit: WeightUnit | str | None = None  # None: the lifter's display unit


@dataclass(frozen=True)
class BodyWeightEntry:
    id: int
    day: date
    weight_kg: float
