"""The ORM's typed classes over the Core tables of store/tables.py, with their relationships."""

# Each class maps its table (`__table__`); the `Mapped[...]` annotations only type the columns
# for mypy and the code that reads them. Today's first paint reads through the tables alone,
# so a start never pays for declaring and configuring these mappers before the window shows.

# No "from __future__ import annotations": SQLAlchemy would eval every Mapped[...] string at
# import; only the forward references are quoted.

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from alloy_desktop.domain.enums import (
    ActivitySource,
    BodyPart,
    CircuitType,
    CoachLinkStatus,
    ConversationRole,
    ConversationStatus,
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
    MuscleRole,
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
from alloy_desktop.store import tables
from alloy_desktop.store.tables import NAMING_CONVENTION, new_uid, new_uids, utcnow

__all__ = ["NAMING_CONVENTION", "Base", "new_uid", "new_uids", "utcnow"]


class Base(DeclarativeBase):
    """Declarative base over the tables' one MetaData (and its naming convention)."""

    metadata = tables.metadata


# --- Accounts -----------------------------------------------------------------------------


class User(Base):
    __table__ = tables.users

    id: Mapped[int]
    email: Mapped[str]
    name: Mapped[str | None]
    hashed_password: Mapped[str | None]
    is_active: Mapped[bool]
    is_admin: Mapped[bool]
    experience_level: Mapped[ExperienceLevel]
    persona_tone: Mapped[PersonaTone]
    persona_aggression: Mapped[PersonaAggression]
    created_at: Mapped[datetime]

    profile: Mapped["UserProfile | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )
    settings: Mapped["UserSettings | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )


class UserProfile(Base):
    __table__ = tables.user_profiles

    id: Mapped[int]
    user_id: Mapped[int]
    discipline_preferences: Mapped[dict[str, Any]]
    scheduling_preferences: Mapped[dict[str, Any]]
    equipment: Mapped[list[str]]
    preferred_split: Mapped[SplitTemplate | None]
    body_weight_kg: Mapped[float | None]
    updated_at: Mapped[datetime]

    user: Mapped[User] = relationship(back_populates="profile")


class UserSettings(Base):
    __table__ = tables.user_settings

    id: Mapped[int]
    user_id: Mapped[int]
    active_e1rm_formula: Mapped[E1RMFormula]
    weight_unit: Mapped[WeightUnit]
    soreness_decay_hours: Mapped[float]
    ollama_host: Mapped[str]
    ollama_model: Mapped[str]
    ollama_timeout: Mapped[float]
    llm_design_sessions: Mapped[bool]
    access_token_expire_minutes: Mapped[int]
    bar_weight_kg: Mapped[float | None]
    plates_kg: Mapped[list[list[float]] | None]
    collar_weight_kg: Mapped[float | None]
    llm_provider: Mapped[str]
    openai_base_url: Mapped[str | None]
    openai_model: Mapped[str | None]
    updated_at: Mapped[datetime]

    user: Mapped[User] = relationship(back_populates="settings")


class MovementRestTime(Base):
    """The rest a lifter chose for one movement, remembered for the next time's timer."""

    __table__ = tables.movement_rest_times

    id: Mapped[int]
    user_id: Mapped[int]
    movement_id: Mapped[int]
    rest_seconds: Mapped[int]
    updated_at: Mapped[datetime]


class UserMovementRule(Base):
    __table__ = tables.user_movement_rules

    id: Mapped[int]
    user_id: Mapped[int]
    rule_type: Mapped[MovementRuleType]
    target: Mapped[RuleTarget]
    movement_id: Mapped[int | None]
    pattern: Mapped[MovementPattern | None]
    body_part: Mapped[BodyPart | None]
    note: Mapped[str]
    created_at: Mapped[datetime]


class UserEnjoyableActivity(Base):
    __table__ = tables.user_enjoyable_activities

    id: Mapped[int]
    user_id: Mapped[int]
    name: Mapped[str]
    activity_definition_id: Mapped[int | None]
    movement_id: Mapped[int | None]


class UserInjury(Base):
    __table__ = tables.user_injuries

    id: Mapped[int]
    user_id: Mapped[int]
    body_part: Mapped[BodyPart]
    description: Mapped[str]
    severity: Mapped[int]
    is_active: Mapped[bool]
    started_on: Mapped[date | None]
    created_at: Mapped[datetime]


# --- Reference data -----------------------------------------------------------------------


class Movement(Base):
    __table__ = tables.movements

    id: Mapped[int]
    uid: Mapped[str]
    slug: Mapped[str]
    name: Mapped[str]
    category: Mapped[str]
    equipment: Mapped[Equipment]
    level: Mapped[Level]
    force: Mapped[str | None]
    mechanic: Mapped[str | None]
    pattern: Mapped[MovementPattern]
    is_compound: Mapped[bool]
    source: Mapped[str]
    owner_user_id: Mapped[int | None]

    muscles: Mapped[list["MovementMuscleMap"]] = relationship(
        back_populates="movement", cascade="all, delete-orphan"
    )


class MovementMuscleMap(Base):
    __table__ = tables.movement_muscle_maps

    id: Mapped[int]
    movement_id: Mapped[int]
    muscle: Mapped[str]
    muscle_group: Mapped[MuscleGroup]
    body_part: Mapped[BodyPart]
    role: Mapped[MuscleRole]

    movement: Mapped[Movement] = relationship(back_populates="muscles")


class ActivityDefinition(Base):
    __table__ = tables.activity_definitions

    id: Mapped[int]
    name: Mapped[str]
    category: Mapped[str]
    met: Mapped[float]
    tracks_distance: Mapped[bool]
    description: Mapped[str]
    body_parts_loaded: Mapped[list[str]]


class CircuitTemplate(Base):
    __table__ = tables.circuit_templates

    id: Mapped[int]
    name: Mapped[str]
    circuit_type: Mapped[CircuitType]
    category: Mapped[str | None]
    description: Mapped[str]
    rounds: Mapped[int | None]
    time_cap_minutes: Mapped[int | None]
    interval_seconds: Mapped[int | None]
    rep_scheme: Mapped[list[int] | None]
    scoring: Mapped[str | None]
    exercises_json: Mapped[list[dict[str, Any]]]
    source_index: Mapped[int | None]
    updated_at: Mapped[datetime]


class HeuristicConfig(Base):
    __table__ = tables.heuristic_configs

    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    payload: Mapped[dict[str, Any]]
    version: Mapped[int]


class AppMeta(Base):
    """Key/value facts about this database file, such as the loaded seed version."""

    __table__ = tables.app_meta

    key: Mapped[str]
    value: Mapped[str]


# --- Programs -----------------------------------------------------------------------------


class Program(Base):
    __table__ = tables.programs

    id: Mapped[int]
    uid: Mapped[str]
    user_id: Mapped[int]
    name: Mapped[str]
    goal_1: Mapped[Goal]
    goal_weight_1: Mapped[int]
    goal_2: Mapped[Goal]
    goal_weight_2: Mapped[int]
    goal_3: Mapped[Goal]
    goal_weight_3: Mapped[int]
    duration_weeks: Mapped[int]
    split_template: Mapped[SplitTemplate]
    progression_style: Mapped[ProgressionStyle]
    persona_tone: Mapped[PersonaTone]
    persona_aggression: Mapped[PersonaAggression]
    deload_every_n_microcycles: Mapped[int]
    microcycle_length_days: Mapped[int]
    training_weekdays: Mapped[list[int]]
    session_minutes: Mapped[int]
    start_date: Mapped[date]
    is_active: Mapped[bool]
    warnings: Mapped[list[str]]
    created_at: Mapped[datetime]

    microcycles: Mapped[list["Microcycle"]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Microcycle.sequence_number",
    )


class UserGoal(Base):
    __table__ = tables.user_goals

    id: Mapped[int]
    user_id: Mapped[int]
    program_id: Mapped[int]
    goal: Mapped[Goal]
    weight: Mapped[int]
    position: Mapped[int]


class ProgramDiscipline(Base):
    __table__ = tables.program_disciplines

    id: Mapped[int]
    program_id: Mapped[int]
    discipline: Mapped[str]
    weight: Mapped[int]


class Microcycle(Base):
    __table__ = tables.microcycles

    id: Mapped[int]
    uid: Mapped[str]
    program_id: Mapped[int]
    sequence_number: Mapped[int]
    start_date: Mapped[date]
    length_days: Mapped[int]
    status: Mapped[MicrocycleStatus]
    is_deload: Mapped[bool]

    program: Mapped[Program] = relationship(back_populates="microcycles")


class Session(Base):
    """One planned workout day; `accepted_plan` holds an accepted adaptation that replaces it."""

    __table__ = tables.sessions

    id: Mapped[int]
    uid: Mapped[str]
    program_id: Mapped[int]
    microcycle_id: Mapped[int]
    session_date: Mapped[date]
    day_offset: Mapped[int]
    name: Mapped[str]
    session_type: Mapped[SessionType]
    notes: Mapped[str]
    accepted_plan: Mapped[dict[str, Any] | None]


class SessionExercise(Base):
    """An exercise slot of a session; custom workouts create rows with no session."""

    __table__ = tables.session_exercises

    id: Mapped[int]
    uid: Mapped[str]
    session_id: Mapped[int | None]
    user_id: Mapped[int]
    movement_id: Mapped[int]
    exercise_role: Mapped[ExerciseRole]
    pattern: Mapped[MovementPattern]
    order_in_session: Mapped[int]
    sets: Mapped[int]
    reps: Mapped[int]
    reps_max: Mapped[int | None]
    rpe: Mapped[float | None]
    rest_seconds: Mapped[int]
    superset_group: Mapped[int | None]
    notes: Mapped[str]


class PatternExposure(Base):
    __table__ = tables.pattern_exposures

    id: Mapped[int]
    uid: Mapped[str]
    session_id: Mapped[int]
    pattern: Mapped[MovementPattern]
    sets: Mapped[int]


# --- Logs ---------------------------------------------------------------------------------


class WorkoutLog(Base):
    __table__ = tables.workout_logs

    id: Mapped[int]
    uid: Mapped[str]
    user_id: Mapped[int]
    session_id: Mapped[int | None]
    name: Mapped[str]
    performed_at: Mapped[datetime]
    duration_seconds: Mapped[int | None]
    total_volume_kg: Mapped[float]
    is_custom: Mapped[bool]
    notes: Mapped[str]
    created_at: Mapped[datetime]
    import_key: Mapped[str | None]
    routine_id: Mapped[int | None]


class LoggedSet(Base):
    """One performed set with its e1RM; user and time are copied here so charts need no join."""

    __table__ = tables.logged_sets

    id: Mapped[int]
    uid: Mapped[str]
    workout_log_id: Mapped[int]
    user_id: Mapped[int]
    movement_id: Mapped[int]
    session_exercise_id: Mapped[int | None]
    set_number: Mapped[int]
    weight_kg: Mapped[float]
    reps: Mapped[int]
    rpe: Mapped[float | None]
    e1rm_kg: Mapped[float]
    formula: Mapped[E1RMFormula]
    is_hard: Mapped[bool]
    performed_at: Mapped[datetime]
    set_type: Mapped[SetType]
    note: Mapped[str]


class TopSetLog(Base):
    __table__ = tables.top_set_logs

    id: Mapped[int]
    user_id: Mapped[int]
    workout_log_id: Mapped[int]
    movement_id: Mapped[int]
    pattern: Mapped[MovementPattern]
    weight_kg: Mapped[float]
    reps: Mapped[int]
    rpe: Mapped[float | None]
    e1rm_kg: Mapped[float]
    is_e1rm_pr: Mapped[bool]
    is_rep_pr: Mapped[bool]
    performed_at: Mapped[datetime]


class E1RMDayBest(Base):
    """Each day's best e1RM of one movement in each formula, kept beside the sets it comes from.

    Derived data: services/day_bests.py rewrites a day's rows whenever its sets change, so the
    e1RM trend and the PR check read one row per training day instead of every set ever done.
    """

    __table__ = tables.e1rm_day_bests

    id: Mapped[int]
    user_id: Mapped[int]
    movement_id: Mapped[int]
    formula: Mapped[E1RMFormula]
    day: Mapped[date]
    e1rm_kg: Mapped[float]
    weight_kg: Mapped[float]
    reps: Mapped[int]


class WorkoutDraft(Base):
    """The in-progress workout, saved as the lifter goes so a crash loses nothing."""

    __table__ = tables.workout_drafts

    id: Mapped[int]
    user_id: Mapped[int]
    payload: Mapped[dict[str, Any]]
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SorenessLog(Base):
    __table__ = tables.soreness_logs

    id: Mapped[int]
    uid: Mapped[str]
    user_id: Mapped[int]
    logged_at: Mapped[datetime]
    body_part: Mapped[BodyPart]
    muscle_group: Mapped[MuscleGroup | None]
    level: Mapped[int]
    notes: Mapped[str]


class RecoverySignal(Base):
    __table__ = tables.recovery_signals

    id: Mapped[int]
    uid: Mapped[str]
    user_id: Mapped[int]
    logged_at: Mapped[datetime]
    signal: Mapped[RecoverySignalLevel | None]
    sleep_hours: Mapped[float | None]
    sleep_quality: Mapped[int | None]
    stress: Mapped[int | None]
    energy: Mapped[int | None]
    resting_hr: Mapped[int | None]
    hrv_ms: Mapped[float | None]
    recovery_score: Mapped[float]
    notes: Mapped[str]


class MuscleRecoveryState(Base):
    __table__ = tables.muscle_recovery_states

    id: Mapped[int]
    user_id: Mapped[int]
    muscle_group: Mapped[MuscleGroup]
    body_part: Mapped[BodyPart]
    recovery_level: Mapped[float]
    last_updated_at: Mapped[datetime]


# --- Coach conversations ------------------------------------------------------------------


class ConversationThread(Base):
    __table__ = tables.conversation_threads

    id: Mapped[int]
    user_id: Mapped[int]
    session_id: Mapped[int | None]
    target_date: Mapped[date]
    kind: Mapped[str]
    status: Mapped[ConversationStatus]
    request_json: Mapped[dict[str, Any]]
    result_json: Mapped[dict[str, Any]]
    final_content: Mapped[str | None]
    final_notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ConversationTurn(Base):
    __table__ = tables.conversation_turns

    id: Mapped[int]
    thread_id: Mapped[int]
    sequence: Mapped[int]
    role: Mapped[ConversationRole]
    content: Mapped[str]
    is_partial: Mapped[bool]
    created_at: Mapped[datetime]


# --- Activities ---------------------------------------------------------------------------


class ActivityInstance(Base):
    __table__ = tables.activity_instances

    id: Mapped[int]
    uid: Mapped[str]
    user_id: Mapped[int]
    activity_definition_id: Mapped[int | None]
    activity_name: Mapped[str]
    performed_start: Mapped[datetime]
    duration_seconds: Mapped[int]
    distance_km: Mapped[float | None]
    perceived_difficulty: Mapped[int | None]
    enjoyment_rating: Mapped[int | None]
    notes: Mapped[str]
    source: Mapped[ActivitySource]
    import_key: Mapped[str | None]


# --- Imports ------------------------------------------------------------------------------


class ExerciseNameMapping(Base):
    """A lifter's remembered choice: this exercise name in another app means this movement."""

    __table__ = tables.exercise_name_mappings

    id: Mapped[int]
    user_id: Mapped[int]
    source_name: Mapped[str]
    movement_id: Mapped[int]
    updated_at: Mapped[datetime]


# --- Routines and body weight -------------------------------------------------------------


class Routine(Base):
    """A session template the lifter built by hand, kept apart from generated programs."""

    __table__ = tables.routines

    id: Mapped[int]
    user_id: Mapped[int]
    name: Mapped[str]
    notes: Mapped[str]
    weekdays: Mapped[list[int]]
    scheduled_since: Mapped[date | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RoutineExercise(Base):
    """One exercise of a routine, in order: sets, reps, effort or load, rest, superset."""

    __table__ = tables.routine_exercises

    id: Mapped[int]
    routine_id: Mapped[int]
    movement_id: Mapped[int]
    position: Mapped[int]
    sets: Mapped[int]
    reps: Mapped[int]
    reps_max: Mapped[int | None]
    rpe: Mapped[float | None]
    load_kg: Mapped[float | None]
    rest_seconds: Mapped[int]
    superset_group: Mapped[int | None]
    notes: Mapped[str]


class BodyWeightLog(Base):
    """One body weight reading per day, in kg whatever the display unit."""

    __table__ = tables.body_weight_logs

    id: Mapped[int]
    uid: Mapped[str]
    user_id: Mapped[int]
    day: Mapped[date]
    weight_kg: Mapped[float]
    created_at: Mapped[datetime]


class CoachLink(Base):
    """A coach and one athlete: the coach sees and plans for the athlete once they accept."""

    __table__ = tables.coach_links

    id: Mapped[int]
    coach_user_id: Mapped[int]
    athlete_user_id: Mapped[int]
    status: Mapped[CoachLinkStatus]
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


# --- Sync between a laptop and a shared server (services/sync) ----------------------------


class SyncLink(Base):
    """A laptop account linked to its account on a shared server (the URL holds no password)."""

    __table__ = tables.sync_links

    id: Mapped[int]
    user_id: Mapped[int]
    server_url: Mapped[str]
    server_user_id: Mapped[int]
    origin: Mapped[str]
    last_pulled_seq: Mapped[int]
    last_sync_at: Mapped[datetime | None]
    last_error: Mapped[str | None]
    created_at: Mapped[datetime]


class SyncOutbox(Base):
    """A laptop's change not yet pushed: written by SQLite triggers, whatever code wrote the row."""

    __table__ = tables.sync_outbox

    id: Mapped[int]
    table_name: Mapped[str]
    uid: Mapped[str]
    op: Mapped[str]
    user_id: Mapped[int | None]


class SyncChange(Base):
    """A server's latest change of one synced row, a tombstone after a delete (PG triggers)."""

    __table__ = tables.sync_changes

    table_name: Mapped[str]
    uid: Mapped[str]
    seq: Mapped[int]
    user_id: Mapped[int | None]
    op: Mapped[str]
    origin: Mapped[str | None]
    changed_at: Mapped[datetime]


class SyncConflict(Base):
    """A row changed on both sides since the last sync: the losing side's values, kept."""

    __table__ = tables.sync_conflicts

    id: Mapped[int]
    user_id: Mapped[int]
    table_name: Mapped[str]
    uid: Mapped[str]
    winner: Mapped[str]
    losing_values: Mapped[dict[str, Any]]
    recorded_at: Mapped[datetime]


class SyncState(Base):
    """One row: set while the sync engine writes pulled rows, so the outbox triggers keep still."""

    __table__ = tables.sync_state

    id: Mapped[int]
    applying: Mapped[bool]
