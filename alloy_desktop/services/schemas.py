"""Request and result dataclasses of the api, named after the spec's schemas; never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from alloy_desktop.domain.enums import (
    ActivitySource,
    BodyPart,
    CircuitType,
    ConversationRole,
    ConversationStatus,
    DayOutcome,
    E1RMFormula,
    Equipment,
    ExerciseRole,
    ExperienceLevel,
    Goal,
    Level,
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
from alloy_desktop.domain.time_estimation import SessionTimeBreakdown

# Star-imported by api/schemas.py: every request and result type below, plus the time
# breakdown (re-exported: it is part of the contract).
__all__ = [
    "AcceptPlanRequest",
    "ActivityDefinitionResponse",
    "ActivityInstanceCreate",
    "ActivityInstanceResponse",
    "AdaptationRequest",
    "AdaptationResponse",
    "AdaptedExerciseResponse",
    "AdherenceResponse",
    "BackupSummary",
    "CalendarDay",
    "CircuitAdminDetail",
    "CircuitExerciseInput",
    "CircuitExerciseResponse",
    "CircuitResponse",
    "CircuitTemplateUpdate",
    "CoachChangeResponse",
    "CoachProposalResponse",
    "CoachStreamEvent",
    "CompletedExercise",
    "CompletedSet",
    "ConversationResponse",
    "ConversationTurnResponse",
    "CustomExercise",
    "CustomMovementCreate",
    "CustomWorkoutLogCreate",
    "DailyPlanResponse",
    "E1RMPoint",
    "GoalWeight",
    "HealthResponse",
    "ImportMapping",
    "ImportPreview",
    "ImportProblem",
    "ImportResult",
    "InjuryCreate",
    "InjuryResponse",
    "InterferenceCheck",
    "LLMHealthResponse",
    "LastPerformance",
    "LoggedExerciseResponse",
    "LoggedSetResponse",
    "MicrocycleResponse",
    "MovementResponse",
    "MovementRuleCreate",
    "MovementRuleResponse",
    "MuscleRecoveryStateResponse",
    "Page",
    "PersonalRecord",
    "ProfileResponse",
    "ProfileUpdate",
    "ProgramCreate",
    "ProgramResponse",
    "RecoverySignalCreate",
    "RecoverySignalResponse",
    "RemovedExerciseResponse",
    "SchedulingPreferences",
    "SessionDesignReport",
    "SessionExerciseResponse",
    "SessionResponse",
    "SessionTimeBreakdown",
    "SettingsResponse",
    "SettingsUpdate",
    "SorenessInput",
    "SorenessLogCreate",
    "SorenessLogResponse",
    "SubstitutePickResponse",
    "SubstituteResponse",
    "SubstitutionResponse",
    "TokenResponse",
    "UserResponse",
    "WeeklyHardSets",
    "WorkoutDraftResponse",
    "WorkoutLogCreate",
    "WorkoutLogResponse",
    "WorkoutSummary",
]

# --- Health and auth ----------------------------------------------------------------------


@dataclass(frozen=True)
class HealthResponse:
    status: str
    app: str
    database: str


@dataclass(frozen=True)
class LLMHealthResponse:
    status: str  # "healthy" | "unhealthy"
    provider: str
    model: str
    host: str
    reachable: bool
    model_present: bool
    detail: str


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


# --- Programs -----------------------------------------------------------------------------


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


# --- Days ---------------------------------------------------------------------------------


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


# --- The LLM coach (issue 5) ---------------------------------------------------------------


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
class CoachChangeResponse:
    """One validated change the coach proposes; `description` words it for the lifter."""

    action: str  # remove, substitute, adjust or add_section
    session_exercise_id: int | None
    exercise: str
    movement_id: int | None
    replacement: str
    sets: int | None
    reps: int | None
    rpe: float | None
    section: str
    reason: str
    description: str


@dataclass(frozen=True)
class CoachProposalResponse:
    """The coach's advice as concrete changes; `dropped` says what failed validation and why."""

    thread_id: int
    date: date
    summary: str
    changes: tuple[CoachChangeResponse, ...]
    dropped: tuple[str, ...]
    added_sections: tuple[str, ...]


@dataclass(frozen=True)
class SubstitutePickResponse:
    """Ranked stand-ins and the one chosen: by the coach (source "coach") or the ranking."""

    session_exercise_id: int
    candidates: tuple[SubstituteResponse, ...]
    chosen: SubstituteResponse | None
    explanation: str
    source: str  # "coach" or "rules"
    note: str = ""  # why the ranking stands, when the coach couldn't choose


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


# --- Logs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletedSet:
    set_number: int
    weight: float
    reps: int
    rpe: float | None = None


@dataclass(frozen=True)
class CompletedExercise:
    completed_sets: tuple[CompletedSet, ...]
    session_exercise_id: int | None = None
    movement_id: int | None = None  # for swapped or added exercises (and custom workouts)


@dataclass(frozen=True)
class WorkoutLogCreate:
    session_id: int | None
    completed_exercises: tuple[CompletedExercise, ...]
    performed_at: datetime | None = None
    duration_seconds: int | None = None
    notes: str = ""
    unit: WeightUnit | None = None  # None: the user's display unit


@dataclass(frozen=True)
class CustomExercise:
    movement_id: int
    completed_sets: tuple[CompletedSet, ...]


@dataclass(frozen=True)
class CustomWorkoutLogCreate:
    exercises: tuple[CustomExercise, ...]
    name: str = "Custom workout"
    performed_at: datetime | None = None
    duration_seconds: int | None = None
    notes: str = ""
    unit: WeightUnit | None = None


@dataclass(frozen=True)
class LoggedSetResponse:
    set_number: int
    weight_kg: float
    reps: int
    rpe: float | None
    e1rm_kg: float
    is_hard: bool
    set_type: SetType = SetType.NORMAL  # warm-ups are shown but count for no record or volume


@dataclass(frozen=True)
class LoggedExerciseResponse:
    movement_id: int
    movement_name: str
    session_exercise_id: int | None
    sets: tuple[LoggedSetResponse, ...]


@dataclass(frozen=True)
class PersonalRecord:
    movement_id: int
    movement_name: str
    kind: str  # "E1RM" or "REPS"
    value: float
    previous: float | None
    weight_kg: float
    reps: int


@dataclass(frozen=True)
class WorkoutLogResponse:
    id: int
    session_id: int | None
    name: str
    performed_at: datetime
    duration_seconds: int | None
    formula: E1RMFormula
    exercises: tuple[LoggedExerciseResponse, ...]
    total_volume_kg: float
    personal_records: tuple[PersonalRecord, ...]


@dataclass(frozen=True)
class SorenessLogCreate:
    soreness_entries: tuple[SorenessInput, ...]
    logged_at: datetime | None = None


@dataclass(frozen=True)
class SorenessLogResponse:
    logged_at: datetime
    entries: tuple[SorenessInput, ...]


@dataclass(frozen=True)
class MuscleRecoveryStateResponse:
    muscle_group: MuscleGroup
    body_part: BodyPart
    recovery_level: float  # with recovery applied up to `now`
    stored_level: float
    last_updated_at: datetime


@dataclass(frozen=True)
class RecoverySignalCreate:
    logged_at: datetime | None = None
    signal: RecoverySignalLevel | str | None = None
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    energy: int | None = None
    resting_hr: int | None = None
    hrv_ms: float | None = None
    notes: str = ""


@dataclass(frozen=True)
class RecoverySignalResponse:
    id: int
    logged_at: datetime
    signal: RecoverySignalLevel | None
    sleep_hours: float | None
    sleep_quality: int | None
    stress: int | None
    energy: int | None
    resting_hr: int | None
    hrv_ms: float | None
    recovery_score: float
    notes: str


@dataclass(frozen=True)
class AdherenceResponse:
    program_id: int
    planned_sessions: int
    completed_sessions: int
    missed_sessions: int
    upcoming_sessions: int
    completion_rate: float  # completed / sessions due so far, 0..1
    current_streak: int
    longest_streak: int


@dataclass(frozen=True)
class E1RMPoint:
    day: date
    e1rm_kg: float
    weight_kg: float
    reps: int
    is_pr: bool


@dataclass(frozen=True)
class WeeklyHardSets:
    week_start: date
    muscle_group: MuscleGroup
    hard_sets: float


@dataclass(frozen=True)
class WorkoutSummary:
    id: int
    name: str
    performed_at: datetime
    session_id: int | None
    sets: int
    total_volume_kg: float
    duration_seconds: int | None


@dataclass(frozen=True)
class LastPerformance:
    movement_id: int
    performed_at: datetime
    sets: tuple[LoggedSetResponse, ...]


# --- Settings and profile -----------------------------------------------------------------


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


# --- Library, circuits, activities --------------------------------------------------------


@dataclass(frozen=True)
class MovementResponse:
    id: int
    name: str
    pattern: MovementPattern
    equipment: Equipment
    level: Level
    category: str
    is_compound: bool
    primary_muscles: tuple[MuscleGroup, ...]
    secondary_muscles: tuple[MuscleGroup, ...]
    is_custom: bool = False


@dataclass(frozen=True)
class CircuitExerciseResponse:
    movement_id: int
    movement_name: str
    reps: int | None
    distance_m: float | None
    duration_seconds: int | None
    calories: int | None
    load_male_kg: float | None
    load_female_kg: float | None
    notes: str | None


@dataclass(frozen=True)
class CircuitResponse:
    id: int
    name: str
    circuit_type: CircuitType
    category: str | None
    description: str
    rounds: int | None
    time_cap_minutes: int | None
    interval_seconds: int | None
    rep_scheme: tuple[int, ...] | None
    scoring: str | None
    exercises: tuple[CircuitExerciseResponse, ...]


@dataclass(frozen=True)
class CircuitAdminDetail:
    circuit: CircuitResponse
    raw_workout: dict[str, Any] | None


@dataclass(frozen=True)
class CircuitExerciseInput:
    movement_id: int
    reps: int | None = None
    distance_m: float | None = None
    duration_seconds: int | None = None
    calories: int | None = None
    load_male_kg: float | None = None
    load_female_kg: float | None = None
    notes: str | None = None


@dataclass(frozen=True)
class CircuitTemplateUpdate:
    exercises: tuple[CircuitExerciseInput, ...]
    description: str | None = None
    rounds: int | None = None
    time_cap_minutes: int | None = None


@dataclass(frozen=True)
class ActivityDefinitionResponse:
    id: int
    name: str
    category: str
    met: float
    tracks_distance: bool
    description: str


@dataclass(frozen=True)
class ActivityInstanceCreate:
    activity_name: str
    duration_minutes: float
    activity_definition_id: int | None = None
    distance_km: float | None = None
    notes: str = ""
    perceived_difficulty: int | None = None
    enjoyment_rating: int | None = None
    performed_start: datetime | None = None


@dataclass(frozen=True)
class ActivityInstanceResponse:
    id: int
    activity_definition_id: int | None
    activity_name: str
    performed_start: datetime
    duration_seconds: int
    distance_km: float | None
    perceived_difficulty: int | None
    enjoyment_rating: int | None
    notes: str
    source: ActivitySource


@dataclass(frozen=True)
class WorkoutDraftResponse:
    payload: dict[str, Any]
    started_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Page:
    """A slice of a long list, for history views."""

    items: tuple[Any, ...]
    total: int
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


# --- Custom exercises, imports, export and backup ----------------------------------------------


@dataclass(frozen=True)
class CustomMovementCreate:
    """A lifter's own exercise: what recovery, hard sets and substitutions need to know of it."""

    name: str
    pattern: MovementPattern | str
    equipment: Equipment | str
    primary_muscles: tuple[MuscleGroup | str, ...]
    secondary_muscles: tuple[MuscleGroup | str, ...] = ()
    is_compound: bool = False


@dataclass(frozen=True)
class ImportProblem:
    """One line of the file that was not imported as it stood, and why (line 1 is the header)."""

    line: int
    field: str
    message: str
    skipped: bool = True  # False: the line was imported without the named field


@dataclass(frozen=True)
class ImportMapping:
    """One exercise name of the file and what it becomes in Alloy.

    `how` is "remembered" (the lifter's earlier choice), "matched" (fuzzy match, see
    `confidence` 0..1), "custom" (a new custom exercise will be created, or exists already)
    or "activity" (distance/time rows: logged as an activity named `movement_name`).
    """

    source_name: str
    sets: int
    movement_id: int | None
    movement_name: str
    confidence: float
    how: str
    equipment_hint: Equipment | None = None


@dataclass(frozen=True)
class ImportPreview:
    """What a file holds and how it will be imported; pass it (with overrides) to commit."""

    path: str
    format: str  # "STRONG", "HEVY" or "FITNOTES"
    format_label: str  # "Strong CSV (semicolon separated)", ...
    rows_read: int
    workouts: int
    sets: int
    warmup_sets: int
    activities: int
    first_day: date | None
    last_day: date | None
    unit: WeightUnit  # the unit weights are read in
    unit_from_file: bool  # False: the file does not say, so the lifter must confirm `unit`
    duplicates: int  # workouts of the file already imported before
    mappings: tuple[ImportMapping, ...]
    problems: tuple[ImportProblem, ...]
    problems_total: int  # problems may be cut to the first few hundred; this is all of them
    parsed: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ImportResult:
    workouts: int
    sets: int
    warmup_sets: int
    activities: int
    duplicates_skipped: int
    custom_exercises_created: tuple[str, ...]
    first_day: date | None
    last_day: date | None


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds or a restore wrote: row counts per kind of data."""

    path: str
    counts: dict[str, int]
    created_at: datetime | None = None
