"""The tables Today's first paint never reads, declared on first use through store/tables.py."""

# Declaring a Table costs about a millisecond; these 25 wait for the ORM (after the first
# paint) or for the first page that reads one. They share tables.py's metadata, naming
# convention and helpers, so the schema is one whatever order the two modules load in.

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from alloy_desktop.domain.enums import (
    BodyPart,
    CircuitType,
    CoachLinkStatus,
    E1RMFormula,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    RecoverySignalLevel,
    RuleTarget,
    SplitTemplate,
)
from alloy_desktop.store.tables import _fk, metadata, new_uid, utcnow
from alloy_desktop.store.types import UTCDateTime, enum_column

user_profiles = Table(
    "user_profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), unique=True, nullable=False),
    Column("discipline_preferences", JSON, default=dict, nullable=False),
    Column("scheduling_preferences", JSON, default=dict, nullable=False),
    Column("equipment", JSON, default=list, nullable=False),
    Column("preferred_split", enum_column(SplitTemplate, "split_template")),
    Column("body_weight_kg", Float),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
    CheckConstraint("body_weight_kg IS NULL OR body_weight_kg > 0", name="body_weight_positive"),
)


user_movement_rules = Table(
    "user_movement_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("rule_type", enum_column(MovementRuleType, "movement_rule_type"), nullable=False),
    Column("target", enum_column(RuleTarget, "rule_target"), nullable=False),
    Column("movement_id", Integer, _fk("movements.id")),
    Column("pattern", enum_column(MovementPattern, "movement_pattern")),
    Column("body_part", enum_column(BodyPart, "body_part")),
    Column("note", String(255), default="", nullable=False),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    CheckConstraint(
        "(target = 'MOVEMENT' AND movement_id IS NOT NULL)"
        " OR (target = 'PATTERN' AND pattern IS NOT NULL)"
        " OR (target = 'BODY_PART' AND body_part IS NOT NULL)",
        name="target_matches_field",
    ),
)


user_enjoyable_activities = Table(
    "user_enjoyable_activities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("name", String(100), nullable=False),
    Column("activity_definition_id", Integer, _fk("activity_definitions.id", "SET NULL")),
    Column("movement_id", Integer, _fk("movements.id", "SET NULL")),
    UniqueConstraint("user_id", "name"),
)


user_injuries = Table(
    "user_injuries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("body_part", enum_column(BodyPart, "body_part"), nullable=False),
    Column("description", String(255), default="", nullable=False),
    Column("severity", Integer, default=5, nullable=False),
    Column("is_active", Boolean, default=True, nullable=False),
    Column("started_on", Date),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    CheckConstraint("severity >= 1 AND severity <= 10", name="severity_range"),
)


activity_definitions = Table(
    "activity_definitions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), unique=True, nullable=False),
    Column("category", String(40), nullable=False),
    Column("met", Float, nullable=False),
    Column("tracks_distance", Boolean, default=False, nullable=False),
    Column("description", Text, default="", nullable=False),
    Column("body_parts_loaded", JSON, default=list, nullable=False),
    CheckConstraint("met > 0", name="met_positive"),
)


circuit_templates = Table(
    "circuit_templates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), unique=True, nullable=False),
    Column("circuit_type", enum_column(CircuitType, "circuit_type"), nullable=False),
    Column("category", String(40)),
    Column("description", Text, default="", nullable=False),
    Column("rounds", Integer),
    Column("time_cap_minutes", Integer),
    Column("interval_seconds", Integer),
    Column("rep_scheme", JSON),
    Column("scoring", String(100)),
    Column("exercises_json", JSON, default=list, nullable=False),
    Column("source_index", Integer),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
    CheckConstraint("rounds IS NULL OR rounds > 0", name="rounds_positive"),
    CheckConstraint("time_cap_minutes IS NULL OR time_cap_minutes > 0", name="time_cap_positive"),
)


heuristic_configs = Table(
    "heuristic_configs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), unique=True, nullable=False),
    Column("kind", String(40), index=True, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("version", Integer, default=1, nullable=False),
)


program_disciplines = Table(
    "program_disciplines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("program_id", Integer, _fk("programs.id"), index=True, nullable=False),
    Column("discipline", String(40), nullable=False),
    Column("weight", Integer, nullable=False),
    CheckConstraint("weight >= 0", name="weight_non_negative"),
    UniqueConstraint("program_id", "discipline"),
)


pattern_exposures = Table(
    "pattern_exposures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("session_id", Integer, _fk("sessions.id"), index=True, nullable=False),
    Column("pattern", enum_column(MovementPattern, "movement_pattern"), nullable=False),
    Column("sets", Integer, nullable=False),
    CheckConstraint("sets >= 0", name="sets_non_negative"),
    UniqueConstraint("session_id", "pattern"),
)


top_set_logs = Table(
    "top_set_logs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("workout_log_id", Integer, _fk("workout_logs.id"), index=True, nullable=False),
    Column("movement_id", Integer, _fk("movements.id", "RESTRICT"), nullable=False),
    Column("pattern", enum_column(MovementPattern, "movement_pattern"), nullable=False),
    Column("weight_kg", Float, nullable=False),
    Column("reps", Integer, nullable=False),
    Column("rpe", Float),
    Column("e1rm_kg", Float, nullable=False),
    Column("is_e1rm_pr", Boolean, default=False, nullable=False),
    Column("is_rep_pr", Boolean, default=False, nullable=False),
    Column("performed_at", UTCDateTime, nullable=False),
    CheckConstraint("reps > 0", name="reps_positive"),
    CheckConstraint("weight_kg >= 0", name="weight_non_negative"),
    CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
    Index("ix_top_set_logs_user_movement", "user_id", "movement_id", "performed_at"),
)


e1rm_day_bests = Table(
    "e1rm_day_bests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    # A derived row never blocks deleting a custom movement: it goes with it.
    Column("movement_id", Integer, _fk("movements.id"), nullable=False),
    Column("formula", enum_column(E1RMFormula, "e1rm_formula"), nullable=False),
    Column("day", Date, nullable=False),
    Column("e1rm_kg", Float, nullable=False),
    Column("weight_kg", Float, nullable=False),
    Column("reps", Integer, nullable=False),
    UniqueConstraint("user_id", "movement_id", "formula", "day"),
    # MAX(e1rm) per movement (the PR check at log time) is one step down this index.
    Index("ix_e1rm_day_bests_user_movement_best", "user_id", "movement_id", "formula", "e1rm_kg"),
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


workout_drafts = Table(
    "workout_drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), unique=True, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("started_at", UTCDateTime, default=utcnow, nullable=False),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
)


soreness_logs = Table(
    "soreness_logs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("logged_at", UTCDateTime, nullable=False),
    Column("body_part", enum_column(BodyPart, "body_part"), nullable=False),
    Column("muscle_group", enum_column(MuscleGroup, "muscle_group")),
    Column("level", Integer, nullable=False),
    Column("notes", String(255), default="", nullable=False),
    CheckConstraint("level >= 1 AND level <= 10", name="level_range"),
    Index("ix_soreness_logs_user_time", "user_id", "logged_at"),
)


recovery_signals = Table(
    "recovery_signals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("logged_at", UTCDateTime, nullable=False),
    Column("signal", enum_column(RecoverySignalLevel, "recovery_signal_level")),
    Column("sleep_hours", Float),
    Column("sleep_quality", Integer),
    Column("stress", Integer),
    Column("energy", Integer),
    Column("resting_hr", Integer),
    Column("hrv_ms", Float),
    Column("recovery_score", Float, default=50.0, nullable=False),
    Column("notes", Text, default="", nullable=False),
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
    CheckConstraint("recovery_score >= 0 AND recovery_score <= 100", name="recovery_score_range"),
    Index("ix_recovery_signals_user_time", "user_id", "logged_at"),
)


muscle_recovery_states = Table(
    "muscle_recovery_states",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("muscle_group", enum_column(MuscleGroup, "muscle_group"), nullable=False),
    Column("body_part", enum_column(BodyPart, "body_part"), nullable=False),
    Column("recovery_level", Float, nullable=False),
    Column("last_updated_at", UTCDateTime, nullable=False),
    CheckConstraint("recovery_level >= 0 AND recovery_level <= 10", name="recovery_range"),
    UniqueConstraint("user_id", "muscle_group"),
)


exercise_name_mappings = Table(
    "exercise_name_mappings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("source_name", String(160), nullable=False),
    Column("movement_id", Integer, _fk("movements.id"), nullable=False),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
    UniqueConstraint("user_id", "source_name"),
)


routines = Table(
    "routines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("name", String(120), nullable=False),
    Column("notes", Text, default="", nullable=False),
    # Weekdays it is scheduled on (0 = Monday); empty: done whenever, outside adherence.
    Column("weekdays", JSON, default=list, nullable=False),
    # The first day the current schedule counts from (days before it are never "missed").
    Column("scheduled_since", Date),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    Column("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False),
    CheckConstraint("length(name) >= 1", name="name_not_blank"),
)


routine_exercises = Table(
    "routine_exercises",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("routine_id", Integer, _fk("routines.id"), index=True, nullable=False),
    Column("movement_id", Integer, _fk("movements.id", "RESTRICT"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("sets", Integer, nullable=False),
    Column("reps", Integer, nullable=False),
    Column("reps_max", Integer),
    Column("rpe", Float),
    Column("load_kg", Float),
    Column("rest_seconds", Integer, default=90, nullable=False),
    # Exercises sharing a group number are done back to back as a superset.
    Column("superset_group", Integer),
    Column("notes", String(255), default="", nullable=False),
    CheckConstraint("sets >= 1 AND sets <= 20", name="sets_range"),
    CheckConstraint("reps >= 1", name="reps_positive"),
    CheckConstraint("reps_max IS NULL OR reps_max >= reps", name="reps_max_at_least_reps"),
    CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
    CheckConstraint("load_kg IS NULL OR load_kg >= 0", name="load_non_negative"),
    CheckConstraint("rest_seconds >= 0 AND rest_seconds <= 3600", name="rest_range"),
    CheckConstraint("position >= 1", name="position_positive"),
    UniqueConstraint("routine_id", "position"),
)


body_weight_logs = Table(
    "body_weight_logs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), unique=True, default=new_uid, nullable=False),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("weight_kg", Float, nullable=False),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    CheckConstraint("weight_kg > 0", name="weight_positive"),
    UniqueConstraint("user_id", "day"),
)


coach_links = Table(
    "coach_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("coach_user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("athlete_user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column(
        "status",
        enum_column(CoachLinkStatus, "coach_link_status"),
        default=CoachLinkStatus.PENDING,
        nullable=False,
    ),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
    Column("answered_at", UTCDateTime),
    CheckConstraint("coach_user_id <> athlete_user_id", name="not_self"),
    UniqueConstraint("coach_user_id", "athlete_user_id"),
)


sync_links = Table(
    "sync_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), unique=True, nullable=False),
    Column("server_url", String(500), nullable=False),
    Column("server_user_id", Integer, nullable=False),
    # This laptop's name on the server: its pushes are tagged with it so a pull skips them.
    Column("origin", String(36), default=new_uid, nullable=False),
    Column("last_pulled_seq", BigInteger, default=0, nullable=False),
    Column("last_sync_at", UTCDateTime),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, default=utcnow, nullable=False),
)


sync_outbox = Table(
    "sync_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("table_name", String(40), nullable=False),
    Column("uid", String(36), nullable=False),
    Column("op", String(1), nullable=False),
    # NULL when a cascade removed the row after its owner (a program's sessions).
    Column("user_id", Integer),
    CheckConstraint("op IN ('I', 'U', 'D')", name="op_known"),
    Index("ix_sync_outbox_user_id", "user_id", "id"),
)


sync_changes = Table(
    "sync_changes",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("uid", String(36), primary_key=True),
    Column("seq", BigInteger, unique=True, nullable=False),
    Column("user_id", Integer),
    Column("op", String(1), nullable=False),
    # The laptop link whose push wrote it; NULL for a change made on the server itself.
    Column("origin", String(36)),
    Column("changed_at", UTCDateTime, default=utcnow, nullable=False),
    CheckConstraint("op IN ('I', 'U', 'D')", name="op_known"),
    Index("ix_sync_changes_user_seq", "user_id", "seq"),
)


sync_conflicts = Table(
    "sync_conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), index=True, nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("uid", String(36), nullable=False),
    Column("winner", String(10), nullable=False),
    Column("losing_values", JSON, nullable=False),
    Column("recorded_at", UTCDateTime, default=utcnow, nullable=False),
)


sync_state = Table(
    "sync_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("applying", Boolean, default=False, nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)
