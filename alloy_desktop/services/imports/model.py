"""What a reader makes of an export file: workouts, sets, activities and the lines it refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from alloy_desktop.domain.enums import SetType, WeightUnit
from alloy_desktop.services.schemas import ImportProblem

# Limits that keep a hostile or mistaken file from exhausting memory or the database.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 500_000
MAX_PROBLEMS_SHOWN = 300
MAX_NAME_CHARS = 160
MAX_NOTE_CHARS = 2000
MAX_REPS = 100
MAX_WEIGHT_KG = 1000.0
MAX_DISTANCE_KM = 1000.0
MAX_DURATION_SECONDS = 24 * 3600
EARLIEST_YEAR = 1970


@dataclass(frozen=True)
class ParsedSet:
    """One strength set as the file has it; `weight` is in the file's unit (0 = bodyweight)."""

    line: int
    exercise: str
    set_order: int
    weight: float
    reps: int
    rpe: float | None
    set_type: SetType
    note: str = ""


@dataclass(frozen=True)
class ParsedActivity:
    """A cardio row (distance and/or time, no weight): becomes an activity, not a set."""

    line: int
    exercise: str
    distance_km: float | None
    duration_seconds: int | None
    note: str = ""


@dataclass
class ParsedWorkout:
    """One workout of the file; `key` is stable across re-imports of the same file."""

    key: str
    name: str
    started_at: datetime  # naive: the wall-clock time the other app showed the lifter
    duration_seconds: int | None
    notes: str
    sets: list[ParsedSet] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)


@dataclass
class ParsedFile:
    """A whole export read: its format, workouts in time order and every refused line."""

    format: str  # "STRONG", "HEVY" or "FITNOTES"
    format_label: str
    rows_read: int
    unit: WeightUnit | None  # None: the file does not say (Strong); the lifter confirms
    workouts: list[ParsedWorkout]
    problems: list[ImportProblem]
