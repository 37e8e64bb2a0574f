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
    Level,
    MovementPattern,
    MuscleGroup,
    RecoverySignalLevel,
    SetType,
    WeightUnit,
)
from alloy_desktop.services.schemas.startup import SorenessInput, SubstituteResponse


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
