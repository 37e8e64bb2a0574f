"""The schema as SQLAlchemy Core tables, every constraint named: what the ORM models map."""

# Only the tables Today's first paint reads are declared here, at import; the rest wait in
# tables_more.py until one is named (`tables.sync_outbox` loads them) or complete() is
# called. Declaring all 41 cost a tenth of a cold start.

import os
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from alloy_desktop.domain.enums import (
    ActivitySource,
    BodyPart,
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
    MuscleGroup,
    MuscleRole,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
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


metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _fk(target: str, ondelete: str = "CASCADE") -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


# --- Accounts -----------------------------------------------------------------------------


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(255), unique=True, nullable=False),
    Column("name", String(100)),
    Column("hashed_password", String(255)),
    Column("is_active", Boolean, default=True, nullable=False),
    Column("is_admin", Boolean, default=False, nullable=False),
    Column(
        "experience_level",
        enum_column(ExperienceLevel, "experience_level"),
        default=ExperienceLevel.BEGINNER,
        nullable=False,
    ),
    Column(
        "persona_tone",
        enum_column(PersonaTone, "persona_tone"),
        default=PersonaTone.SUPPORTIVE,
        nullable=False,
    ),
    Column(
        "persona_aggression",
        enum_column(PersonaAggression, "persona_aggression"),
        default=PersonaAggression.BALANCED,
        nullable=False,
    ),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    CheckConstraint("length(email) >= 3", name="email_not_blank"),
)


user_settings = Table(
    "user_settings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), unique=True, nullable=False),
    Column(
        "active_e1rm_formula",
        enum_column(E1RMFormula, "e1rm_formula"),
        default=E1RMFormula.EPLEY,
        nullable=False,
    ),
    Column(
        "weight_unit", enum_column(WeightUnit, "weight_unit"), default=WeightUnit.KG, nullable=False
    ),
    Column("soreness_decay_hours", Float, default=10.0, nullable=False),
    # "": the lifter saved no host, so OLLAMA_HOST (else localhost:11434) applies. Rows made
    # before 0006 keep the host they hold; clearing it in Settings hands over to OLLAMA_HOST.
    Column("ollama_host", String(255), default="", nullable=False),
    Column("ollama_model", String(100), default="gemma3:4b", nullable=False),
    Column("ollama_timeout", Float, default=1100.0, nullable=False),
    Column("llm_design_sessions", Boolean, default=False, nullable=False),
    Column("access_token_expire_minutes", Integer, default=30, nullable=False),
    # The lifter's bar, plates ([[weight kg, pairs], ...]) and collars, in kg whatever the
    # display unit; NULL means the standard set of the display unit (20 kg or 45 lb bar).
    Column("bar_weight_kg", Float),
    Column("plates_kg", JSON),
    Column("collar_weight_kg", Float),
    # The coach's API: "ollama", or "openai" for any OpenAI-compatible server at
    # openai_base_url (NULL: localhost:8080/v1) serving openai_model (NULL: its first).
    Column("llm_provider", String(20), default="ollama", server_default="ollama", nullable=False),
    Column("openai_base_url", String(255)),
    Column("openai_model", String(100)),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
    CheckConstraint("soreness_decay_hours > 0", name="decay_hours_positive"),
    CheckConstraint("ollama_timeout > 0", name="ollama_timeout_positive"),
    CheckConstraint("access_token_expire_minutes > 0", name="token_expiry_positive"),
    CheckConstraint("bar_weight_kg IS NULL OR bar_weight_kg > 0", name="bar_weight_positive"),
    CheckConstraint(
        "collar_weight_kg IS NULL OR collar_weight_kg >= 0", name="collar_weight_non_negative"
    ),
    CheckConstraint("llm_provider IN ('ollama', 'openai')", name="llm_provider_known"),
)


movement_rest_times = Table(
    "movement_rest_times",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("movement_id", Integer, _fk("movements.id"), nullable=False),
    Column("rest_seconds", Integer, nullable=False),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
    CheckConstraint("rest_seconds >= 0 AND rest_seconds <= 3600", name="rest_range"),
    UniqueConstraint("user_id", "movement_id"),
)


movements = Table(
    "movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("slug", String(120), unique=True, nullable=False),
    Column("name", String(160), index=True, nullable=False),
    Column("category", String(40), nullable=False),
    Column("equipment", enum_column(Equipment, "equipment"), nullable=False),
    Column("level", enum_column(Level, "level"), nullable=False),
    Column("force", String(16)),
    Column("mechanic", String(16)),
    Column("pattern", enum_column(MovementPattern, "movement_pattern"), index=True, nullable=False),
    Column("is_compound", Boolean, default=False, nullable=False),
    Column("source", String(40), default="free-exercise-db", nullable=False),
    # A lifter's own (custom) movement: visible to that user alone; NULL for the library.
    Column("owner_user_id", Integer, _fk("users.id"), index=True),
)


movement_muscle_maps = Table(
    "movement_muscle_maps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("movement_id", Integer, _fk("movements.id"), index=True, nullable=False),
    Column("muscle", String(40), nullable=False),
    Column("muscle_group", enum_column(MuscleGroup, "muscle_group"), nullable=False),
    Column("body_part", enum_column(BodyPart, "body_part"), nullable=False),
    Column("role", enum_column(MuscleRole, "muscle_role"), nullable=False),
    UniqueConstraint("movement_id", "muscle_group"),
)


app_meta = Table(
    "app_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)


programs = Table(
    "programs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("name", String(120), nullable=False),
    Column("goal_1", enum_column(Goal, "goal_1"), nullable=False),
    Column("goal_weight_1", Integer, nullable=False),
    Column("goal_2", enum_column(Goal, "goal_2"), nullable=False),
    Column("goal_weight_2", Integer, nullable=False),
    Column("goal_3", enum_column(Goal, "goal_3"), nullable=False),
    Column("goal_weight_3", Integer, nullable=False),
    Column("duration_weeks", Integer, nullable=False),
    Column("split_template", enum_column(SplitTemplate, "split_template"), nullable=False),
    Column("progression_style", enum_column(ProgressionStyle, "progression_style"), nullable=False),
    Column("persona_tone", enum_column(PersonaTone, "persona_tone"), nullable=False),
    Column(
        "persona_aggression", enum_column(PersonaAggression, "persona_aggression"), nullable=False
    ),
    Column("deload_every_n_microcycles", Integer, default=4, nullable=False),
    Column("microcycle_length_days", Integer, default=7, nullable=False),
    Column("training_weekdays", JSON, default=list, nullable=False),
    Column("session_minutes", Integer, default=60, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("is_active", Boolean, default=True, nullable=False),
    Column("warnings", JSON, default=list, nullable=False),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    CheckConstraint("duration_weeks >= 8 AND duration_weeks <= 12", name="duration_range"),
    CheckConstraint("duration_weeks % 2 = 0", name="duration_even"),
    CheckConstraint("goal_weight_1 + goal_weight_2 + goal_weight_3 = 10", name="weights_sum_10"),
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


user_goals = Table(
    "user_goals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("program_id", Integer, _fk("programs.id"), index=True, nullable=False),
    Column("goal", enum_column(Goal, "goal"), nullable=False),
    Column("weight", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    CheckConstraint("weight >= 0 AND weight <= 10", name="weight_range"),
    UniqueConstraint("program_id", "goal"),
)


microcycles = Table(
    "microcycles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("program_id", Integer, _fk("programs.id"), index=True, nullable=False),
    Column("sequence_number", Integer, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("length_days", Integer, nullable=False),
    Column(
        "status",
        enum_column(MicrocycleStatus, "microcycle_status"),
        default=MicrocycleStatus.PLANNED,
        nullable=False,
    ),
    Column("is_deload", Boolean, default=False, nullable=False),
    CheckConstraint("length_days >= 7 AND length_days <= 14", name="length_range"),
    CheckConstraint("sequence_number >= 1", name="sequence_positive"),
    UniqueConstraint("program_id", "sequence_number"),
)


sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("program_id", Integer, _fk("programs.id"), nullable=False),
    Column("microcycle_id", Integer, _fk("microcycles.id"), index=True, nullable=False),
    Column("session_date", Date, nullable=False),
    Column("day_offset", Integer, nullable=False),
    Column("name", String(80), nullable=False),
    Column("session_type", enum_column(SessionType, "session_type"), nullable=False),
    Column("notes", Text, default="", nullable=False),
    Column("accepted_plan", JSON),
    CheckConstraint("day_offset >= 0", name="day_offset_non_negative"),
    Index("ix_sessions_program_date", "program_id", "session_date"),
)


session_exercises = Table(
    "session_exercises",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("session_id", Integer, _fk("sessions.id"), index=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("movement_id", Integer, _fk("movements.id", "RESTRICT"), nullable=False),
    Column("exercise_role", enum_column(ExerciseRole, "exercise_role"), nullable=False),
    Column("pattern", enum_column(MovementPattern, "movement_pattern"), nullable=False),
    Column("order_in_session", Integer, nullable=False),
    Column("sets", Integer, nullable=False),
    Column("reps", Integer, nullable=False),
    Column("reps_max", Integer),
    Column("rpe", Float),
    Column("rest_seconds", Integer, default=90, nullable=False),
    Column("superset_group", Integer),
    Column("notes", String(255), default="", nullable=False),
    CheckConstraint("sets > 0", name="sets_positive"),
    CheckConstraint("reps > 0", name="reps_positive"),
    CheckConstraint("reps_max IS NULL OR reps_max >= reps", name="reps_max_at_least_reps"),
    CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
    CheckConstraint("rest_seconds >= 0", name="rest_non_negative"),
    CheckConstraint("order_in_session >= 1", name="order_positive"),
    UniqueConstraint("session_id", "order_in_session"),
)


workout_logs = Table(
    "workout_logs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("session_id", Integer, _fk("sessions.id", "SET NULL"), index=True),
    Column("name", String(120), default="", nullable=False),
    Column("performed_at", UTCDateTime, nullable=False),
    Column("duration_seconds", Integer),
    Column("total_volume_kg", Float, default=0.0, nullable=False),
    Column("is_custom", Boolean, default=False, nullable=False),
    Column("notes", Text, default="", nullable=False),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    # Where an imported workout came from ("strong|2024-03-05T17:30|push"): re-imports skip it.
    Column("import_key", String(255)),
    # The hand-built routine this workout was started from (adherence counts it if scheduled).
    Column("routine_id", Integer, _fk("routines.id", "SET NULL"), index=True),
    CheckConstraint(
        "duration_seconds IS NULL OR duration_seconds >= 0", name="duration_non_negative"
    ),
    Index("ix_workout_logs_user_performed", "user_id", "performed_at"),
    UniqueConstraint("user_id", "import_key"),
)


logged_sets = Table(
    "logged_sets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("workout_log_id", Integer, _fk("workout_logs.id"), index=True, nullable=False),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("movement_id", Integer, _fk("movements.id", "RESTRICT"), nullable=False),
    Column("session_exercise_id", Integer, _fk("session_exercises.id", "SET NULL")),
    Column("set_number", Integer, nullable=False),
    Column("weight_kg", Float, nullable=False),
    Column("reps", Integer, nullable=False),
    Column("rpe", Float),
    Column("e1rm_kg", Float, nullable=False),
    Column("formula", enum_column(E1RMFormula, "e1rm_formula"), nullable=False),
    Column("is_hard", Boolean, default=True, nullable=False),
    Column("performed_at", UTCDateTime, nullable=False),
    Column(
        "set_type",
        enum_column(SetType, "set_type"),
        default=SetType.NORMAL,
        server_default="NORMAL",
        nullable=False,
    ),
    Column("note", String(255), default="", server_default="", nullable=False),
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


conversation_threads = Table(
    "conversation_threads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("session_id", Integer, _fk("sessions.id", "SET NULL")),
    Column("target_date", Date, nullable=False),
    Column("kind", String(20), default="ADAPT", nullable=False),
    Column(
        "status",
        enum_column(ConversationStatus, "conversation_status"),
        default=ConversationStatus.IN_PROGRESS,
        nullable=False,
    ),
    Column("request_json", JSON, default=dict, nullable=False),
    Column("result_json", JSON, default=dict, nullable=False),
    Column("final_content", Text),
    Column("final_notes", Text),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
)


conversation_turns = Table(
    "conversation_turns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("thread_id", Integer, _fk("conversation_threads.id"), index=True, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("role", enum_column(ConversationRole, "conversation_role"), nullable=False),
    Column("content", Text, nullable=False),
    Column("is_partial", Boolean, default=False, nullable=False),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    UniqueConstraint("thread_id", "sequence"),
)


activity_instances = Table(
    "activity_instances",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("activity_definition_id", Integer, _fk("activity_definitions.id", "SET NULL")),
    Column("activity_name", String(120), nullable=False),
    Column("performed_start", UTCDateTime, nullable=False),
    Column("duration_seconds", Integer, nullable=False),
    Column("distance_km", Float),
    Column("perceived_difficulty", Integer),
    Column("enjoyment_rating", Integer),
    Column("notes", Text, default="", nullable=False),
    Column(
        "source",
        enum_column(ActivitySource, "activity_source"),
        default=ActivitySource.MANUAL,
        nullable=False,
    ),
    Column("import_key", String(255)),
    CheckConstraint("duration_seconds > 0", name="duration_positive"),
    CheckConstraint("distance_km IS NULL OR distance_km >= 0", name="distance_non_negative"),
    CheckConstraint(
        "perceived_difficulty IS NULL OR (perceived_difficulty >= 1 AND perceived_difficulty <= 5)",
        name="difficulty_range",
    ),
    CheckConstraint(
        "enjoyment_rating IS NULL OR (enjoyment_rating >= 1 AND enjoyment_rating <= 5)",
        name="enjoyment_range",
    ),
    Index("ix_activity_instances_user_time", "user_id", "performed_start"),
    UniqueConstraint("user_id", "import_key"),
)


def __getattr__(name: str) -> Table:
    """One of the tables Today's first paint never reads: declared on first use."""
    if name.startswith("__"):  # the import system's probes (__path__ and such), not a table
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from alloy_desktop.store import tables_more

    table = getattr(tables_more, name, None)
    if not isinstance(table, Table):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return table


def complete() -> MetaData:
    """The metadata with every table declared (for create_all and schema comparisons)."""
    from alloy_desktop.store import tables_more  # noqa: F401 - declares the rest on `metadata`

    return metadata
