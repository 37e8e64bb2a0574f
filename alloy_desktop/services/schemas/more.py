"""The rest of the api's schemas: logs, history, library, imports, routines, coaching."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from alloy_desktop.domain.enums import (
    ActivitySource,
    BodyPart,
    CircuitType,
    CoachLinkStatus,
    E1RMFormula,
    Equipment,
    ExerciseRole,
    ExperienceLevel,
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
    SetType,
    SplitTemplate,
    WeightUnit,
)
from alloy_desktop.services.schemas.startup import (
    GoalWeight,
    PlateBreakdown,
    PlatePairs,
    SessionResponse,
)

# --- Days, settings, programs and accounts: what Today's first paint does not read ---


@dataclass(frozen=True)
class TokenResponse:
    access_token: str
    user_id: int
    token_type: str = "bearer"


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
class SorenessInput:
    body_part: BodyPart | str
    level: int


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


# --- The rest ---


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
    models: tuple[str, ...] = ()  # what the server has, for "model missing" advice


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
class CompletedSet:
    set_number: int
    weight: float
    reps: int
    rpe: float | None = None
    # Warm-ups count for no record, hard set or recovery; a drop set counts once (not hard).
    set_type: SetType | str = SetType.NORMAL
    note: str = ""


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
    routine_id: int | None = None  # the routine it was started from (counts if scheduled)


@dataclass(frozen=True)
class LoggedSetResponse:
    set_number: int
    weight_kg: float
    reps: int
    rpe: float | None
    e1rm_kg: float
    is_hard: bool
    set_type: SetType = SetType.NORMAL  # warm-ups are shown but count for no record or volume
    note: str = ""


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
    program_id: int | None  # None: no active program, scheduled routines alone
    planned_sessions: int
    completed_sessions: int
    missed_sessions: int
    upcoming_sessions: int
    completion_rate: float  # completed / sessions due so far, 0..1
    current_streak: int
    longest_streak: int
    routine_sessions: int = 0  # of the planned ones, days a scheduled routine was due


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
    # MET x body weight (the latest reading on or before the day) x hours; None: no weight.
    calories_kcal: float | None = None


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


@dataclass(frozen=True)
class HistoryQuery:
    """What the History list shows: text in a workout's or exercise's name, one movement, a
    range of the lifter's local dates (both ends included); empty fields filter nothing."""

    text: str = ""
    movement_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class HistoryRow:
    """One workout of the History list."""

    id: int
    name: str
    performed_at: datetime
    duration_seconds: int | None
    sets: int  # working sets (warm-ups left out, as from the volume)
    exercises: int
    total_volume_kg: float
    records: int  # personal records (e1RM and rep records) it set
    session_id: int | None
    routine_id: int | None


@dataclass(frozen=True)
class SetEdit:
    """A set's values as they should be stored; the weight is in kg whatever the unit shown."""

    weight_kg: float
    reps: int
    rpe: float | None = None
    set_type: SetType | str = SetType.NORMAL
    note: str = ""


@dataclass(frozen=True)
class ExerciseEdit:
    """One exercise of a workout as a whole: its movement, plan slot and sets in order."""

    movement_id: int
    sets: tuple[SetEdit, ...]
    session_exercise_id: int | None = None


@dataclass(frozen=True)
class WorkoutEdit:
    """A whole workout: what `update_workout` makes a workout into and `restore_workout`
    inserts again (a deleted workout's snapshot)."""

    name: str
    performed_at: datetime
    exercises: tuple[ExerciseEdit, ...]
    duration_seconds: int | None = None
    notes: str = ""
    session_id: int | None = None
    routine_id: int | None = None


@dataclass(frozen=True)
class HistorySet:
    """A stored set with its id, so it can be edited or removed."""

    id: int
    set_number: int
    weight_kg: float
    reps: int
    rpe: float | None
    e1rm_kg: float
    is_hard: bool
    set_type: SetType
    note: str


@dataclass(frozen=True)
class HistoryExercise:
    movement_id: int
    movement_name: str
    session_exercise_id: int | None
    sets: tuple[HistorySet, ...]


@dataclass(frozen=True)
class WorkoutDetail:
    """One stored workout with every set, as History opens it."""

    id: int
    name: str
    performed_at: datetime
    duration_seconds: int | None
    notes: str
    session_id: int | None
    routine_id: int | None
    formula: E1RMFormula
    total_volume_kg: float
    exercises: tuple[HistoryExercise, ...]
    personal_records: tuple[PersonalRecord, ...]

    def snapshot(self) -> WorkoutEdit:
        """The workout as an edit that makes it (or a restored copy of it) again."""
        return WorkoutEdit(
            name=self.name,
            performed_at=self.performed_at,
            exercises=tuple(
                ExerciseEdit(
                    ex.movement_id,
                    tuple(SetEdit(s.weight_kg, s.reps, s.rpe, s.set_type, s.note) for s in ex.sets),
                    ex.session_exercise_id,
                )
                for ex in self.exercises
            ),
            duration_seconds=self.duration_seconds,
            notes=self.notes,
            session_id=self.session_id,
            routine_id=self.routine_id,
        )


@dataclass(frozen=True)
class RoutineExerciseInput:
    """One exercise of a routine; give an RPE, a load (kg), both or neither."""

    movement_id: int
    sets: int = 3
    reps: int = 8
    reps_max: int | None = None
    rpe: float | None = None
    load_kg: float | None = None
    rest_seconds: int = 90
    superset_group: int | None = None  # exercises sharing a number are done back to back
    notes: str = ""


@dataclass(frozen=True)
class RoutineCreate:
    """A whole routine (create and update both take every field)."""

    name: str
    exercises: tuple[RoutineExerciseInput, ...] = ()
    notes: str = ""
    weekdays: tuple[int, ...] = ()  # scheduled days, 0 = Monday; empty: not scheduled


@dataclass(frozen=True)
class RoutineExerciseResponse:
    movement_id: int
    movement_name: str
    position: int
    sets: int
    reps: int
    reps_max: int | None
    rpe: float | None
    load_kg: float | None
    rest_seconds: int
    superset_group: int | None
    notes: str
    pattern: MovementPattern
    equipment: Equipment
    primary_muscles: tuple[MuscleGroup, ...]
    is_compound: bool


@dataclass(frozen=True)
class RoutineResponse:
    id: int
    name: str
    notes: str
    weekdays: tuple[int, ...]
    scheduled_since: date | None  # scheduled days count in adherence from this day on
    exercises: tuple[RoutineExerciseResponse, ...]
    times_done: int  # workouts logged from it
    last_done_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class CoachLinkResponse:
    """One invitation as either side sees it."""

    id: int
    coach_id: int
    coach_name: str
    athlete_id: int
    athlete_name: str
    status: CoachLinkStatus
    created_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True)
class CoachLinks:
    """Both sides of a user's links: the athletes they coach and the coaches they have."""

    as_coach: tuple[CoachLinkResponse, ...]
    as_athlete: tuple[CoachLinkResponse, ...]


@dataclass(frozen=True)
class LiftTrend:
    """One main lift of an athlete: the last 12 weeks of daily-best e1RM."""

    movement_id: int
    name: str
    points: tuple[E1RMPoint, ...]

    @property
    def latest_kg(self) -> float | None:
        return self.points[-1].e1rm_kg if self.points else None

    @property
    def change_kg(self) -> float | None:
        """Latest minus first point of the span (None with fewer than two)."""
        if len(self.points) < 2:
            return None
        return self.points[-1].e1rm_kg - self.points[0].e1rm_kg


@dataclass(frozen=True)
class AthleteSummary:
    """One row of the coach's list: how the athlete is doing at a glance."""

    athlete_id: int
    name: str
    email: str
    adherence: AdherenceResponse | None  # None: no active program nor scheduled routine
    last_workout: WorkoutSummary | None
    least_recovered: tuple[MuscleRecoveryStateResponse, ...]  # the three most fatigued groups
    lifts: tuple[LiftTrend, ...]
