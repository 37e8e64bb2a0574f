"""SQLAlchemy 2 typed models for the spec's whole data model, with every constraint named."""

# No "from __future__ import annotations": SQLAlchemy would eval every Mapped[...] string at
# import (~20 ms of each start); only the forward references are quoted.

import os
import time
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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
from alloy_desktop.store.types import UTCDateTime, enum_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uid() -> str:
    """A fresh global row id (UUID version 7 text): the name a synced row keeps on every copy.

    Version 7 starts with the time in milliseconds, so new ids sort after old ones: each
    insert lands at the right edge of the unique index instead of on a random page of it
    (logging into a million sets slowed 2.5x with random version 4 ids). 74 random bits
    keep ids made in the same millisecond, on any laptop, apart.
    """
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & (2**48 - 1)) << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64
    value |= 0b10 << 62 | rand & (2**62 - 1)
    return str(uuid.UUID(int=value))


def new_uids(count: int) -> list[str]:
    """`count` fresh uids of one millisecond, as new_uid makes them, for bulk inserts.

    Built from one clock read and one urandom call as hex text: a 12-week program writes
    about a thousand rows, and a UUID object per row cost more than inserting it.
    """
    millis = f"{(time.time_ns() // 1_000_000) & (2**48 - 1):012x}"
    head = f"{millis[:8]}-{millis[8:]}-7"
    noise = os.urandom(10 * count).hex()
    uids = []
    for start in range(0, 20 * count, 20):
        r = noise[start : start + 20]
        variant = "89ab"[int(r[18], 16) & 3]  # the RFC 9562 variant bits, 10xx
        uids.append(f"{head}{r[:3]}-{variant}{r[3:6]}-{r[6:18]}")
    return uids


def utcnow() -> datetime:
    """Aware UTC now; the single clock default for every timestamp column."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base sharing one naming convention, so every constraint name is stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _fk(target: str, ondelete: str = "CASCADE") -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


# --- Accounts -----------------------------------------------------------------------------


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("length(email) >= 3", name="email_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    hashed_password: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    experience_level: Mapped[ExperienceLevel] = mapped_column(
        enum_column(ExperienceLevel, "experience_level"), default=ExperienceLevel.BEGINNER
    )
    persona_tone: Mapped[PersonaTone] = mapped_column(
        enum_column(PersonaTone, "persona_tone"), default=PersonaTone.SUPPORTIVE
    )
    persona_aggression: Mapped[PersonaAggression] = mapped_column(
        enum_column(PersonaAggression, "persona_aggression"), default=PersonaAggression.BALANCED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    profile: Mapped["UserProfile | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )
    settings: Mapped["UserSettings | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )


class UserProfile(Base):
    __tablename__ = "user_profiles"
    __table_args__ = (
        CheckConstraint(
            "body_weight_kg IS NULL OR body_weight_kg > 0", name="body_weight_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), unique=True)
    discipline_preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    scheduling_preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_split: Mapped[SplitTemplate | None] = mapped_column(
        enum_column(SplitTemplate, "split_template")
    )
    body_weight_kg: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="profile")


class UserSettings(Base):
    __tablename__ = "user_settings"
    __table_args__ = (
        CheckConstraint("soreness_decay_hours > 0", name="decay_hours_positive"),
        CheckConstraint("ollama_timeout > 0", name="ollama_timeout_positive"),
        CheckConstraint("access_token_expire_minutes > 0", name="token_expiry_positive"),
        CheckConstraint("bar_weight_kg IS NULL OR bar_weight_kg > 0", name="bar_weight_positive"),
        CheckConstraint(
            "collar_weight_kg IS NULL OR collar_weight_kg >= 0", name="collar_weight_non_negative"
        ),
        CheckConstraint("llm_provider IN ('ollama', 'openai')", name="llm_provider_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), unique=True)
    active_e1rm_formula: Mapped[E1RMFormula] = mapped_column(
        enum_column(E1RMFormula, "e1rm_formula"), default=E1RMFormula.EPLEY
    )
    weight_unit: Mapped[WeightUnit] = mapped_column(
        enum_column(WeightUnit, "weight_unit"), default=WeightUnit.KG
    )
    soreness_decay_hours: Mapped[float] = mapped_column(Float, default=10.0)
    # "": the lifter saved no host, so OLLAMA_HOST (else localhost:11434) applies. Rows made
    # before 0006 keep the host they hold; clearing it in Settings hands over to OLLAMA_HOST.
    ollama_host: Mapped[str] = mapped_column(String(255), default="")
    ollama_model: Mapped[str] = mapped_column(String(100), default="gemma3:4b")
    ollama_timeout: Mapped[float] = mapped_column(Float, default=1100.0)
    llm_design_sessions: Mapped[bool] = mapped_column(Boolean, default=False)
    access_token_expire_minutes: Mapped[int] = mapped_column(Integer, default=30)
    # The lifter's bar, plates ([[weight kg, pairs], ...]) and collars, in kg whatever the
    # display unit; NULL means the standard set of the display unit (20 kg or 45 lb bar).
    bar_weight_kg: Mapped[float | None] = mapped_column(Float)
    plates_kg: Mapped[list[list[float]] | None] = mapped_column(JSON)
    collar_weight_kg: Mapped[float | None] = mapped_column(Float)
    # The coach's API: "ollama", or "openai" for any OpenAI-compatible server at
    # openai_base_url (NULL: localhost:8080/v1) serving openai_model (NULL: its first).
    llm_provider: Mapped[str] = mapped_column(String(20), default="ollama", server_default="ollama")
    openai_base_url: Mapped[str | None] = mapped_column(String(255))
    openai_model: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="settings")


class MovementRestTime(Base):
    """The rest a lifter chose for one movement, remembered for the next time's timer."""

    __tablename__ = "movement_rest_times"
    __table_args__ = (
        CheckConstraint("rest_seconds >= 0 AND rest_seconds <= 3600", name="rest_range"),
        UniqueConstraint("user_id", "movement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    movement_id: Mapped[int] = mapped_column(_fk("movements.id"))
    rest_seconds: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class UserMovementRule(Base):
    __tablename__ = "user_movement_rules"
    __table_args__ = (
        CheckConstraint(
            "(target = 'MOVEMENT' AND movement_id IS NOT NULL)"
            " OR (target = 'PATTERN' AND pattern IS NOT NULL)"
            " OR (target = 'BODY_PART' AND body_part IS NOT NULL)",
            name="target_matches_field",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    rule_type: Mapped[MovementRuleType] = mapped_column(
        enum_column(MovementRuleType, "movement_rule_type")
    )
    target: Mapped[RuleTarget] = mapped_column(enum_column(RuleTarget, "rule_target"))
    movement_id: Mapped[int | None] = mapped_column(_fk("movements.id"))
    pattern: Mapped[MovementPattern | None] = mapped_column(
        enum_column(MovementPattern, "movement_pattern")
    )
    body_part: Mapped[BodyPart | None] = mapped_column(enum_column(BodyPart, "body_part"))
    note: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UserEnjoyableActivity(Base):
    __tablename__ = "user_enjoyable_activities"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    activity_definition_id: Mapped[int | None] = mapped_column(
        _fk("activity_definitions.id", "SET NULL")
    )
    movement_id: Mapped[int | None] = mapped_column(_fk("movements.id", "SET NULL"))


class UserInjury(Base):
    __tablename__ = "user_injuries"
    __table_args__ = (CheckConstraint("severity >= 1 AND severity <= 10", name="severity_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    body_part: Mapped[BodyPart] = mapped_column(enum_column(BodyPart, "body_part"))
    description: Mapped[str] = mapped_column(String(255), default="")
    severity: Mapped[int] = mapped_column(Integer, default=5)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    started_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- Reference data -----------------------------------------------------------------------


class Movement(Base):
    __tablename__ = "movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    category: Mapped[str] = mapped_column(String(40))
    equipment: Mapped[Equipment] = mapped_column(enum_column(Equipment, "equipment"))
    level: Mapped[Level] = mapped_column(enum_column(Level, "level"))
    force: Mapped[str | None] = mapped_column(String(16))
    mechanic: Mapped[str | None] = mapped_column(String(16))
    pattern: Mapped[MovementPattern] = mapped_column(
        enum_column(MovementPattern, "movement_pattern"), index=True
    )
    is_compound: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(40), default="free-exercise-db")
    # A lifter's own (custom) movement: visible to that user alone; NULL for the library.
    owner_user_id: Mapped[int | None] = mapped_column(_fk("users.id"), index=True)

    muscles: Mapped[list["MovementMuscleMap"]] = relationship(
        back_populates="movement", cascade="all, delete-orphan"
    )


class MovementMuscleMap(Base):
    __tablename__ = "movement_muscle_maps"
    __table_args__ = (UniqueConstraint("movement_id", "muscle_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(_fk("movements.id"), index=True)
    muscle: Mapped[str] = mapped_column(String(40))
    muscle_group: Mapped[MuscleGroup] = mapped_column(enum_column(MuscleGroup, "muscle_group"))
    body_part: Mapped[BodyPart] = mapped_column(enum_column(BodyPart, "body_part"))
    role: Mapped[MuscleRole] = mapped_column(enum_column(MuscleRole, "muscle_role"))

    movement: Mapped[Movement] = relationship(back_populates="muscles")


class ActivityDefinition(Base):
    __tablename__ = "activity_definitions"
    __table_args__ = (CheckConstraint("met > 0", name="met_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    category: Mapped[str] = mapped_column(String(40))
    met: Mapped[float] = mapped_column(Float)
    tracks_distance: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    body_parts_loaded: Mapped[list[str]] = mapped_column(JSON, default=list)


class CircuitTemplate(Base):
    __tablename__ = "circuit_templates"
    __table_args__ = (
        CheckConstraint("rounds IS NULL OR rounds > 0", name="rounds_positive"),
        CheckConstraint(
            "time_cap_minutes IS NULL OR time_cap_minutes > 0", name="time_cap_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    circuit_type: Mapped[CircuitType] = mapped_column(enum_column(CircuitType, "circuit_type"))
    category: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    rounds: Mapped[int | None] = mapped_column(Integer)
    time_cap_minutes: Mapped[int | None] = mapped_column(Integer)
    interval_seconds: Mapped[int | None] = mapped_column(Integer)
    rep_scheme: Mapped[list[int] | None] = mapped_column(JSON)
    scoring: Mapped[str | None] = mapped_column(String(100))
    exercises_json: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    source_index: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class HeuristicConfig(Base):
    __tablename__ = "heuristic_configs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AppMeta(Base):
    """Key/value facts about this database file, such as the loaded seed version."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


# --- Programs -----------------------------------------------------------------------------


class Program(Base):
    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint("duration_weeks >= 8 AND duration_weeks <= 12", name="duration_range"),
        CheckConstraint("duration_weeks % 2 = 0", name="duration_even"),
        CheckConstraint(
            "goal_weight_1 + goal_weight_2 + goal_weight_3 = 10", name="weights_sum_10"
        ),
        CheckConstraint(
            "goal_weight_1 >= 0 AND goal_weight_2 >= 0 AND goal_weight_3 >= 0",
            name="weights_non_negative",
        ),
        CheckConstraint("deload_every_n_microcycles >= 2", name="deload_every_min"),
        CheckConstraint(
            "microcycle_length_days >= 7 AND microcycle_length_days <= 14",
            name="microcycle_length_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    goal_1: Mapped[Goal] = mapped_column(enum_column(Goal, "goal_1"))
    goal_weight_1: Mapped[int] = mapped_column(Integer)
    goal_2: Mapped[Goal] = mapped_column(enum_column(Goal, "goal_2"))
    goal_weight_2: Mapped[int] = mapped_column(Integer)
    goal_3: Mapped[Goal] = mapped_column(enum_column(Goal, "goal_3"))
    goal_weight_3: Mapped[int] = mapped_column(Integer)
    duration_weeks: Mapped[int] = mapped_column(Integer)
    split_template: Mapped[SplitTemplate] = mapped_column(
        enum_column(SplitTemplate, "split_template")
    )
    progression_style: Mapped[ProgressionStyle] = mapped_column(
        enum_column(ProgressionStyle, "progression_style")
    )
    persona_tone: Mapped[PersonaTone] = mapped_column(enum_column(PersonaTone, "persona_tone"))
    persona_aggression: Mapped[PersonaAggression] = mapped_column(
        enum_column(PersonaAggression, "persona_aggression")
    )
    deload_every_n_microcycles: Mapped[int] = mapped_column(Integer, default=4)
    microcycle_length_days: Mapped[int] = mapped_column(Integer, default=7)
    training_weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)
    session_minutes: Mapped[int] = mapped_column(Integer, default=60)
    start_date: Mapped[date] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    microcycles: Mapped[list["Microcycle"]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Microcycle.sequence_number",
    )


class UserGoal(Base):
    __tablename__ = "user_goals"
    __table_args__ = (
        CheckConstraint("weight >= 0 AND weight <= 10", name="weight_range"),
        UniqueConstraint("program_id", "goal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    program_id: Mapped[int] = mapped_column(_fk("programs.id"), index=True)
    goal: Mapped[Goal] = mapped_column(enum_column(Goal, "goal"))
    weight: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class ProgramDiscipline(Base):
    __tablename__ = "program_disciplines"
    __table_args__ = (
        CheckConstraint("weight >= 0", name="weight_non_negative"),
        UniqueConstraint("program_id", "discipline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(_fk("programs.id"), index=True)
    discipline: Mapped[str] = mapped_column(String(40))
    weight: Mapped[int] = mapped_column(Integer)


class Microcycle(Base):
    __tablename__ = "microcycles"
    __table_args__ = (
        CheckConstraint("length_days >= 7 AND length_days <= 14", name="length_range"),
        CheckConstraint("sequence_number >= 1", name="sequence_positive"),
        UniqueConstraint("program_id", "sequence_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    program_id: Mapped[int] = mapped_column(_fk("programs.id"), index=True)
    sequence_number: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    length_days: Mapped[int] = mapped_column(Integer)
    status: Mapped[MicrocycleStatus] = mapped_column(
        enum_column(MicrocycleStatus, "microcycle_status"), default=MicrocycleStatus.PLANNED
    )
    is_deload: Mapped[bool] = mapped_column(Boolean, default=False)

    program: Mapped[Program] = relationship(back_populates="microcycles")


class Session(Base):
    """One planned workout day; `accepted_plan` holds an accepted adaptation that replaces it."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("day_offset >= 0", name="day_offset_non_negative"),
        Index("ix_sessions_program_date", "program_id", "session_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    program_id: Mapped[int] = mapped_column(_fk("programs.id"))
    microcycle_id: Mapped[int] = mapped_column(_fk("microcycles.id"), index=True)
    session_date: Mapped[date] = mapped_column(Date)
    day_offset: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    session_type: Mapped[SessionType] = mapped_column(enum_column(SessionType, "session_type"))
    notes: Mapped[str] = mapped_column(Text, default="")
    accepted_plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SessionExercise(Base):
    """An exercise slot of a session; custom workouts create rows with no session."""

    __tablename__ = "session_exercises"
    __table_args__ = (
        CheckConstraint("sets > 0", name="sets_positive"),
        CheckConstraint("reps > 0", name="reps_positive"),
        CheckConstraint("reps_max IS NULL OR reps_max >= reps", name="reps_max_at_least_reps"),
        CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
        CheckConstraint("rest_seconds >= 0", name="rest_non_negative"),
        CheckConstraint("order_in_session >= 1", name="order_positive"),
        UniqueConstraint("session_id", "order_in_session"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    session_id: Mapped[int | None] = mapped_column(_fk("sessions.id"), index=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    movement_id: Mapped[int] = mapped_column(_fk("movements.id", "RESTRICT"))
    exercise_role: Mapped[ExerciseRole] = mapped_column(enum_column(ExerciseRole, "exercise_role"))
    pattern: Mapped[MovementPattern] = mapped_column(
        enum_column(MovementPattern, "movement_pattern")
    )
    order_in_session: Mapped[int] = mapped_column(Integer)
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    reps_max: Mapped[int | None] = mapped_column(Integer)
    rpe: Mapped[float | None] = mapped_column(Float)
    rest_seconds: Mapped[int] = mapped_column(Integer, default=90)
    superset_group: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(String(255), default="")


class PatternExposure(Base):
    __tablename__ = "pattern_exposures"
    __table_args__ = (
        CheckConstraint("sets >= 0", name="sets_non_negative"),
        UniqueConstraint("session_id", "pattern"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    session_id: Mapped[int] = mapped_column(_fk("sessions.id"), index=True)
    pattern: Mapped[MovementPattern] = mapped_column(
        enum_column(MovementPattern, "movement_pattern")
    )
    sets: Mapped[int] = mapped_column(Integer)


# --- Logs ---------------------------------------------------------------------------------


class WorkoutLog(Base):
    __tablename__ = "workout_logs"
    __table_args__ = (
        CheckConstraint(
            "duration_seconds IS NULL OR duration_seconds >= 0", name="duration_non_negative"
        ),
        Index("ix_workout_logs_user_performed", "user_id", "performed_at"),
        UniqueConstraint("user_id", "import_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    session_id: Mapped[int | None] = mapped_column(_fk("sessions.id", "SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    performed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    total_volume_kg: Mapped[float] = mapped_column(Float, default=0.0)
    is_custom: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where an imported workout came from ("strong|2024-03-05T17:30|push"): re-imports skip it.
    import_key: Mapped[str | None] = mapped_column(String(255))
    # The hand-built routine this workout was started from (adherence counts it if scheduled).
    routine_id: Mapped[int | None] = mapped_column(_fk("routines.id", "SET NULL"), index=True)


class LoggedSet(Base):
    """One performed set with its e1RM; user and time are copied here so charts need no join."""

    __tablename__ = "logged_sets"
    __table_args__ = (
        CheckConstraint("reps > 0", name="reps_positive"),
        CheckConstraint("weight_kg >= 0", name="weight_non_negative"),
        CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
        CheckConstraint("set_number >= 1", name="set_number_positive"),
        CheckConstraint("e1rm_kg >= 0", name="e1rm_non_negative"),
        # Covering: the e1RM trend reads years of one movement's sets from the index alone.
        Index(
            "ix_logged_sets_user_movement_time",
            "user_id",
            "movement_id",
            "performed_at",
            "e1rm_kg",
            "weight_kg",
            "reps",
            "rpe",
            "set_type",
        ),
        # Rep-PR checks ("more reps than ever at this weight or heavier") read only this index,
        # also when an edit years back asks it per workout, before and after a time.
        Index(
            "ix_logged_sets_user_movement_load",
            "user_id",
            "movement_id",
            "weight_kg",
            "reps",
            "set_type",
            "performed_at",
            "workout_log_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    workout_log_id: Mapped[int] = mapped_column(_fk("workout_logs.id"), index=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    movement_id: Mapped[int] = mapped_column(_fk("movements.id", "RESTRICT"))
    session_exercise_id: Mapped[int | None] = mapped_column(_fk("session_exercises.id", "SET NULL"))
    set_number: Mapped[int] = mapped_column(Integer)
    weight_kg: Mapped[float] = mapped_column(Float)
    reps: Mapped[int] = mapped_column(Integer)
    rpe: Mapped[float | None] = mapped_column(Float)
    e1rm_kg: Mapped[float] = mapped_column(Float)
    formula: Mapped[E1RMFormula] = mapped_column(enum_column(E1RMFormula, "e1rm_formula"))
    is_hard: Mapped[bool] = mapped_column(Boolean, default=True)
    performed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_type: Mapped[SetType] = mapped_column(
        enum_column(SetType, "set_type"), default=SetType.NORMAL, server_default="NORMAL"
    )
    note: Mapped[str] = mapped_column(String(255), default="", server_default="")


class TopSetLog(Base):
    __tablename__ = "top_set_logs"
    __table_args__ = (
        CheckConstraint("reps > 0", name="reps_positive"),
        CheckConstraint("weight_kg >= 0", name="weight_non_negative"),
        CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
        Index("ix_top_set_logs_user_movement", "user_id", "movement_id", "performed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    workout_log_id: Mapped[int] = mapped_column(_fk("workout_logs.id"), index=True)
    movement_id: Mapped[int] = mapped_column(_fk("movements.id", "RESTRICT"))
    pattern: Mapped[MovementPattern] = mapped_column(
        enum_column(MovementPattern, "movement_pattern")
    )
    weight_kg: Mapped[float] = mapped_column(Float)
    reps: Mapped[int] = mapped_column(Integer)
    rpe: Mapped[float | None] = mapped_column(Float)
    e1rm_kg: Mapped[float] = mapped_column(Float)
    is_e1rm_pr: Mapped[bool] = mapped_column(Boolean, default=False)
    is_rep_pr: Mapped[bool] = mapped_column(Boolean, default=False)
    performed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class E1RMDayBest(Base):
    """Each day's best e1RM of one movement in each formula, kept beside the sets it comes from.

    Derived data: services/day_bests.py rewrites a day's rows whenever its sets change, so the
    e1RM trend and the PR check read one row per training day instead of every set ever done.
    """

    __tablename__ = "e1rm_day_bests"
    __table_args__ = (
        UniqueConstraint("user_id", "movement_id", "formula", "day"),
        # MAX(e1rm) per movement (the PR check at log time) is one step down this index.
        Index(
            "ix_e1rm_day_bests_user_movement_best", "user_id", "movement_id", "formula", "e1rm_kg"
        ),
        # Covering: a trend, and the best before its first day, read from the index alone.
        Index(
            "ix_e1rm_day_bests_user_movement_days",
            "user_id",
            "movement_id",
            "formula",
            "day",
            "e1rm_kg",
            "weight_kg",
            "reps",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    # A derived row never blocks deleting a custom movement: it goes with it.
    movement_id: Mapped[int] = mapped_column(_fk("movements.id"))
    formula: Mapped[E1RMFormula] = mapped_column(enum_column(E1RMFormula, "e1rm_formula"))
    day: Mapped[date] = mapped_column(Date)
    e1rm_kg: Mapped[float] = mapped_column(Float)
    weight_kg: Mapped[float] = mapped_column(Float)
    reps: Mapped[int] = mapped_column(Integer)


class WorkoutDraft(Base):
    """The in-progress workout, saved as the lifter goes so a crash loses nothing."""

    __tablename__ = "workout_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SorenessLog(Base):
    __tablename__ = "soreness_logs"
    __table_args__ = (
        CheckConstraint("level >= 1 AND level <= 10", name="level_range"),
        Index("ix_soreness_logs_user_time", "user_id", "logged_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    body_part: Mapped[BodyPart] = mapped_column(enum_column(BodyPart, "body_part"))
    muscle_group: Mapped[MuscleGroup | None] = mapped_column(
        enum_column(MuscleGroup, "muscle_group")
    )
    level: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(String(255), default="")


class RecoverySignal(Base):
    __tablename__ = "recovery_signals"
    __table_args__ = (
        CheckConstraint(
            "sleep_hours IS NULL OR (sleep_hours >= 0 AND sleep_hours <= 24)",
            name="sleep_hours_range",
        ),
        CheckConstraint(
            "sleep_quality IS NULL OR (sleep_quality >= 1 AND sleep_quality <= 5)",
            name="sleep_quality_range",
        ),
        CheckConstraint("stress IS NULL OR (stress >= 1 AND stress <= 5)", name="stress_range"),
        CheckConstraint("energy IS NULL OR (energy >= 1 AND energy <= 5)", name="energy_range"),
        CheckConstraint(
            "resting_hr IS NULL OR (resting_hr >= 20 AND resting_hr <= 250)",
            name="resting_hr_range",
        ),
        CheckConstraint("hrv_ms IS NULL OR hrv_ms > 0", name="hrv_positive"),
        CheckConstraint(
            "recovery_score >= 0 AND recovery_score <= 100", name="recovery_score_range"
        ),
        Index("ix_recovery_signals_user_time", "user_id", "logged_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signal: Mapped[RecoverySignalLevel | None] = mapped_column(
        enum_column(RecoverySignalLevel, "recovery_signal_level")
    )
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    sleep_quality: Mapped[int | None] = mapped_column(Integer)
    stress: Mapped[int | None] = mapped_column(Integer)
    energy: Mapped[int | None] = mapped_column(Integer)
    resting_hr: Mapped[int | None] = mapped_column(Integer)
    hrv_ms: Mapped[float | None] = mapped_column(Float)
    recovery_score: Mapped[float] = mapped_column(Float, default=50.0)
    notes: Mapped[str] = mapped_column(Text, default="")


class MuscleRecoveryState(Base):
    __tablename__ = "muscle_recovery_states"
    __table_args__ = (
        CheckConstraint("recovery_level >= 0 AND recovery_level <= 10", name="recovery_range"),
        UniqueConstraint("user_id", "muscle_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    muscle_group: Mapped[MuscleGroup] = mapped_column(enum_column(MuscleGroup, "muscle_group"))
    body_part: Mapped[BodyPart] = mapped_column(enum_column(BodyPart, "body_part"))
    recovery_level: Mapped[float] = mapped_column(Float)
    last_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- Coach conversations ------------------------------------------------------------------


class ConversationThread(Base):
    __tablename__ = "conversation_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(_fk("sessions.id", "SET NULL"))
    target_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20), default="ADAPT")
    status: Mapped[ConversationStatus] = mapped_column(
        enum_column(ConversationStatus, "conversation_status"),
        default=ConversationStatus.IN_PROGRESS,
    )
    request_json: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result_json: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    final_content: Mapped[str | None] = mapped_column(Text)
    final_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ConversationTurn(Base):
    __tablename__ = "conversation_turns"
    __table_args__ = (UniqueConstraint("thread_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(_fk("conversation_threads.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    role: Mapped[ConversationRole] = mapped_column(
        enum_column(ConversationRole, "conversation_role")
    )
    content: Mapped[str] = mapped_column(Text)
    is_partial: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- Activities ---------------------------------------------------------------------------


class ActivityInstance(Base):
    __tablename__ = "activity_instances"
    __table_args__ = (
        CheckConstraint("duration_seconds > 0", name="duration_positive"),
        CheckConstraint("distance_km IS NULL OR distance_km >= 0", name="distance_non_negative"),
        CheckConstraint(
            "perceived_difficulty IS NULL"
            " OR (perceived_difficulty >= 1 AND perceived_difficulty <= 5)",
            name="difficulty_range",
        ),
        CheckConstraint(
            "enjoyment_rating IS NULL OR (enjoyment_rating >= 1 AND enjoyment_rating <= 5)",
            name="enjoyment_range",
        ),
        Index("ix_activity_instances_user_time", "user_id", "performed_start"),
        UniqueConstraint("user_id", "import_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    activity_definition_id: Mapped[int | None] = mapped_column(
        _fk("activity_definitions.id", "SET NULL")
    )
    activity_name: Mapped[str] = mapped_column(String(120))
    performed_start: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_seconds: Mapped[int] = mapped_column(Integer)
    distance_km: Mapped[float | None] = mapped_column(Float)
    perceived_difficulty: Mapped[int | None] = mapped_column(Integer)
    enjoyment_rating: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[ActivitySource] = mapped_column(
        enum_column(ActivitySource, "activity_source"), default=ActivitySource.MANUAL
    )
    import_key: Mapped[str | None] = mapped_column(String(255))


# --- Imports ------------------------------------------------------------------------------


class ExerciseNameMapping(Base):
    """A lifter's remembered choice: this exercise name in another app means this movement."""

    __tablename__ = "exercise_name_mappings"
    __table_args__ = (UniqueConstraint("user_id", "source_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    source_name: Mapped[str] = mapped_column(String(160))
    movement_id: Mapped[int] = mapped_column(_fk("movements.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


# --- Routines and body weight -------------------------------------------------------------


class Routine(Base):
    """A session template the lifter built by hand, kept apart from generated programs."""

    __tablename__ = "routines"
    __table_args__ = (CheckConstraint("length(name) >= 1", name="name_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(Text, default="")
    # Weekdays it is scheduled on (0 = Monday); empty: done whenever, outside adherence.
    weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)
    # The first day the current schedule counts from (days before it are never "missed").
    scheduled_since: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RoutineExercise(Base):
    """One exercise of a routine, in order: sets, reps, effort or load, rest, superset."""

    __tablename__ = "routine_exercises"
    __table_args__ = (
        CheckConstraint("sets >= 1 AND sets <= 20", name="sets_range"),
        CheckConstraint("reps >= 1", name="reps_positive"),
        CheckConstraint("reps_max IS NULL OR reps_max >= reps", name="reps_max_at_least_reps"),
        CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
        CheckConstraint("load_kg IS NULL OR load_kg >= 0", name="load_non_negative"),
        CheckConstraint("rest_seconds >= 0 AND rest_seconds <= 3600", name="rest_range"),
        CheckConstraint("position >= 1", name="position_positive"),
        UniqueConstraint("routine_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[int] = mapped_column(_fk("routines.id"), index=True)
    movement_id: Mapped[int] = mapped_column(_fk("movements.id", "RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    reps_max: Mapped[int | None] = mapped_column(Integer)
    rpe: Mapped[float | None] = mapped_column(Float)
    load_kg: Mapped[float | None] = mapped_column(Float)
    rest_seconds: Mapped[int] = mapped_column(Integer, default=90)
    # Exercises sharing a group number are done back to back as a superset.
    superset_group: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(String(255), default="")


class BodyWeightLog(Base):
    """One body weight reading per day, in kg whatever the display unit."""

    __tablename__ = "body_weight_logs"
    __table_args__ = (
        CheckConstraint("weight_kg > 0", name="weight_positive"),
        UniqueConstraint("user_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    user_id: Mapped[int] = mapped_column(_fk("users.id"))
    day: Mapped[date] = mapped_column(Date)
    weight_kg: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CoachLink(Base):
    """A coach and one athlete: the coach sees and plans for the athlete once they accept."""

    __tablename__ = "coach_links"
    __table_args__ = (
        CheckConstraint("coach_user_id <> athlete_user_id", name="not_self"),
        UniqueConstraint("coach_user_id", "athlete_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    athlete_user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    status: Mapped[CoachLinkStatus] = mapped_column(
        enum_column(CoachLinkStatus, "coach_link_status"), default=CoachLinkStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- Sync between a laptop and a shared server (services/sync) ----------------------------
# Every table exists on both sides so the schema stays one; a laptop fills the link, outbox,
# conflict and flag tables, a server fills the change log.


class SyncLink(Base):
    """A laptop account linked to its account on a shared server (the URL holds no password)."""

    __tablename__ = "sync_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), unique=True)
    server_url: Mapped[str] = mapped_column(String(500))
    server_user_id: Mapped[int] = mapped_column(Integer)
    # This laptop's name on the server: its pushes are tagged with it so a pull skips them.
    origin: Mapped[str] = mapped_column(String(36), default=new_uid)
    last_pulled_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncOutbox(Base):
    """A laptop's change not yet pushed: written by SQLite triggers, whatever code wrote the row."""

    __tablename__ = "sync_outbox"
    __table_args__ = (
        CheckConstraint("op IN ('I', 'U', 'D')", name="op_known"),
        Index("ix_sync_outbox_user_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    uid: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(1))
    # NULL when a cascade removed the row after its owner (a program's sessions).
    user_id: Mapped[int | None] = mapped_column(Integer)


class SyncChange(Base):
    """A server's latest change of one synced row, a tombstone after a delete (PG triggers)."""

    __tablename__ = "sync_changes"
    __table_args__ = (
        CheckConstraint("op IN ('I', 'U', 'D')", name="op_known"),
        Index("ix_sync_changes_user_seq", "user_id", "seq"),
    )

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(1))
    # The laptop link whose push wrote it; NULL for a change made on the server itself.
    origin: Mapped[str | None] = mapped_column(String(36))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncConflict(Base):
    """A row changed on both sides since the last sync: the losing side's values, kept."""

    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    uid: Mapped[str] = mapped_column(String(36))
    winner: Mapped[str] = mapped_column(String(10))
    losing_values: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncState(Base):
    """One row: set while the sync engine writes pulled rows, so the outbox triggers keep still."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applying: Mapped[bool] = mapped_column(Boolean, default=False)
