"""Export of workouts as Strong-layout CSV, and a full JSON backup and restore of one user."""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any, TypeGuard

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Date,
    Float,
    Integer,
    Row,
    String,
    Table,
    delete,
    exists,
    insert,
    select,
    update,
)
from sqlalchemy import Enum as EnumType
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from alloy_desktop import __version__
from alloy_desktop.domain.enums import SetType, WeightUnit
from alloy_desktop.domain.metrics import to_display
from alloy_desktop.services import day_bests
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import Conflict, ValidationError
from alloy_desktop.services.schemas import BackupSummary
from alloy_desktop.store.models import (
    ActivityDefinition,
    ActivityInstance,
    Base,
    LoggedSet,
    Movement,
    User,
    UserSettings,
    WorkoutLog,
    new_uid,
)
from alloy_desktop.store.types import MAX_INTEGER, UTCDateTime

FORMAT = "alloy-backup"
VERSION = 1
# Years of daily logging come to tens of megabytes; anything far bigger is not our file.
MAX_BACKUP_BYTES = 200 * 1024 * 1024

CSV_HEADER = (
    "Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
    "Distance", "Seconds", "Notes", "Workout Notes", "RPE",
)  # fmt: skip
# A Core result row of any width (queries here return tuples, never ORM objects).
Record = Row[*tuple[Any, ...]]
_SET_ORDER_MARKS = {SetType.WARMUP: "W", SetType.DROP: "D", SetType.FAILURE: "F"}

# --- what a backup holds ---------------------------------------------------------------------

ACCOUNT_TABLE = "users"
# The users row carries credentials and privileges, so its columns are opted in one by one;
# every other table is copied whole, so a new column cannot be forgotten.
ACCOUNT_COLUMNS = ("name", "experience_level", "persona_tone", "persona_aggression")
ACCOUNT_PRIVATE = frozenset(
    {"id", "email", "hashed_password", "is_active", "is_admin", "created_at"}
)
# Shared reference data: never copied. Library movements are named by slug, activity
# definitions by name, so a backup restores on an install whose ids differ.
LIBRARY_TABLES = frozenset(
    {"activity_definitions", "app_meta", "circuit_templates", "heuristic_configs"}
)
# One row per account, made on register: restore overwrites it.
SINGLETON_TABLES = frozenset({"user_profiles", "user_settings"})
# Set-up a new account may already have (onboarding): restore replaces it with the backup's.
REPLACED_TABLES = frozenset(
    {
        "body_weight_logs",  # the weight typed while signing up is logged too
        "exercise_name_mappings",
        "muscle_recovery_states",
        "user_enjoyable_activities",
        "user_injuries",
        "user_movement_rules",
        "workout_drafts",
    }
)
# Never copied: day bests are derived from the sets (rebuilt after a restore); coach links tie
# two accounts of one shared server together: a copy of one account does not carry them; the
# sync tables describe this file's link to a server, which a copy must not inherit.
SYNC_TABLES = frozenset(
    {"sync_links", "sync_outbox", "sync_changes", "sync_conflicts", "sync_state"}
)
UNCOPIED_TABLES = frozenset({"e1rm_day_bests", "coach_links"}) | SYNC_TABLES
# A synced row's global id: never written to a backup, and fresh on every restore, so two
# restores of one file never collide and a copy never poses as the row it was made from.
UID_COLUMN = "uid"
# Every other user table, in foreign-key order: movements (the lifter's custom ones only)
# come before the rows that use them, programs before sessions, and so on.
USER_TABLES: tuple[Table, ...] = tuple(
    t
    for t in Base.metadata.sorted_tables
    if t.name not in LIBRARY_TABLES | UNCOPIED_TABLES and t.name != ACCOUNT_TABLE
)
_BY_NAME = {t.name: t for t in USER_TABLES}
_ACCOUNT = Base.metadata.tables[ACCOUNT_TABLE]

# Ids inside JSON columns (accepted plans, coach threads, the workout draft) are remapped too.
MOVEMENT_KEYS = frozenset({"movement_id", "original_movement_id"})
JSON_ID_KEYS = {
    "program_id": "programs",
    "microcycle_id": "microcycles",
    "session_id": "sessions",
    "session_exercise_id": "session_exercises",
    "thread_id": "conversation_threads",
    "routine_id": "routines",  # a draft started from a routine
}


class BackupService:
    """`me.backup`: export_csv(path), backup(path), restore(path)."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def export_csv(self, path: str | os.PathLike[str]) -> BackupSummary:
        """Every workout and activity as a Strong-layout CSV; counts workouts, sets, activities.

        `sets` counts working sets and `warmup_sets` the warm-ups, as an import does.

        One row per logged set, in workout time then exercise and set order; dates are the
        lifter's local time, weights in their display unit, warm-up/drop/failure sets marked
        W/D/F in Set Order; activities are cardio rows (Distance km, Seconds). The file is
        written beside its final name and moved into place, so a failure leaves no half file.
        """
        target = _writable(path)
        with self._ctx.read() as s:
            unit = _weight_unit(s, self._ctx.user_id)
            workouts = _workout_rows(s, self._ctx.user_id)
            sets = _set_rows(s, self._ctx.user_id)
            activities = _activity_rows(s, self._ctx.user_id)
        blocks = _csv_blocks(workouts, sets, activities, unit, self._ctx.catalog.name)
        _write_atomically(target, lambda handle: _write_csv(handle, blocks))
        warmups = sum(1 for row in sets if SetType(row.set_type) is SetType.WARMUP)
        # Working sets and warm-ups apart, as an import counts them.
        counts = {
            "workouts": len(workouts),
            "sets": len(sets) - warmups,
            "warmup_sets": warmups,
            "activities": len(activities),
        }
        return BackupSummary(str(target), counts, self._ctx.now())

    def backup(self, path: str | os.PathLike[str]) -> BackupSummary:
        """The lifter's own data as one JSON file, written atomically like the CSV.

        Top level: {"format": "alloy-backup", "version": 1, "app_version", "created_at",
        "unit", "tables": {table name: [row, ...]}}. Rows keep every column except user ids
        (the owner is implicit) and the account's credentials and flags; ids are local to the
        file; library movements appear as {"slug": ...}, custom ones as {"custom": file id},
        activity definitions as {"name": ...}; dates and times are ISO text, enums their values.
        """
        target = _writable(path)
        created = self._ctx.now()
        with self._ctx.read() as s:
            unit = _weight_unit(s, self._ctx.user_id)
            tables = _dump_tables(s, self._ctx.user_id)
        document = {
            "format": FORMAT,
            "version": VERSION,
            "app_version": __version__,
            "created_at": created.isoformat(),
            "unit": unit.value,
            "tables": tables,
        }
        _write_atomically(
            target, lambda handle: json.dump(document, handle, ensure_ascii=False, allow_nan=False)
        )
        counts = {name: len(rows) for name, rows in tables.items() if name != ACCOUNT_TABLE}
        return BackupSummary(str(target), counts, created)

    def restore(self, path: str | os.PathLike[str]) -> BackupSummary:
        """Restores a backup into the signed-in account, in one transaction: all or nothing.

        The account must have no training history of its own (workouts, programs, activities,
        soreness or check-in logs, coach threads, custom exercises): restore into a new
        account, so nothing is mixed up or counted twice (a Conflict says so). What a new
        account may already hold is replaced by the backup's: the name and persona, profile
        and settings, injuries, movement rules, enjoyable activities, remembered exercise
        names, the workout draft and muscle recovery. Every id is renumbered; library
        movements are found by slug (a slug this install lacks refuses the file, naming it),
        an activity definition it lacks is dropped (the activity keeps its name). A file that
        is not JSON, not an Alloy backup, from a newer Alloy, damaged or over 200 MB is refused
        with a ValidationError on "path".
        """
        source = _readable(path)
        document = _parse(_read_limited(source))
        tables = document["tables"]
        try:
            with self._ctx.write() as s:
                _refuse_if_not_empty(s, self._ctx.user_id)
                counts = _Restorer(s, self._ctx.user_id, tables).run()
        except RecursionError as exc:
            raise _damaged("the file", "its data is nested too deeply") from exc
        self._ctx.app.forget_custom(self._ctx.user_id)
        return BackupSummary(str(source), counts, _created_at(document))


# --- CSV -------------------------------------------------------------------------------------


def _weight_unit(s: Session, user_id: int) -> WeightUnit:
    unit = s.scalar(select(UserSettings.weight_unit).where(UserSettings.user_id == user_id))
    return WeightUnit(unit) if unit is not None else WeightUnit.KG


def _workout_rows(s: Session, user_id: int) -> list[Record]:
    query = (
        select(
            WorkoutLog.id,
            WorkoutLog.name,
            WorkoutLog.performed_at,
            WorkoutLog.duration_seconds,
            WorkoutLog.notes,
        )
        .where(WorkoutLog.user_id == user_id)
        .order_by(WorkoutLog.performed_at, WorkoutLog.id)
    )
    return list(s.execute(query).all())


def _set_rows(s: Session, user_id: int) -> list[Record]:
    query = (
        select(
            LoggedSet.workout_log_id,
            LoggedSet.movement_id,
            LoggedSet.session_exercise_id,
            LoggedSet.set_number,
            LoggedSet.weight_kg,
            LoggedSet.reps,
            LoggedSet.rpe,
            LoggedSet.set_type,
            LoggedSet.note,
        )
        .where(LoggedSet.user_id == user_id)
        .order_by(LoggedSet.workout_log_id, LoggedSet.id)
    )
    return list(s.execute(query).all())


def _activity_rows(s: Session, user_id: int) -> list[Record]:
    query = (
        select(
            ActivityInstance.id,
            ActivityInstance.activity_name,
            ActivityInstance.performed_start,
            ActivityInstance.duration_seconds,
            ActivityInstance.distance_km,
            ActivityInstance.notes,
        )
        .where(ActivityInstance.user_id == user_id)
        .order_by(ActivityInstance.performed_start, ActivityInstance.id)
    )
    return list(s.execute(query).all())


def _csv_blocks(
    workouts: Sequence[Record],
    sets: Sequence[Record],
    activities: Sequence[Record],
    unit: WeightUnit,
    movement_name: Callable[[int], str],
) -> list[list[list[str]]]:
    """Each workout's rows and each activity's row, interleaved by when they happened."""
    by_workout: dict[int, list[Record]] = {}
    for row in sets:
        by_workout.setdefault(row.workout_log_id, []).append(row)
    timed: list[tuple[datetime, int, int, list[list[str]]]] = []
    for w in workouts:
        ordered = _exercise_order(by_workout.get(w.id, []))
        rows = [_set_line(w, x, unit, movement_name(x.movement_id)) for x in ordered]
        timed.append((w.performed_at, 0, w.id, rows))
    for a in activities:
        timed.append((a.performed_start, 1, a.id, [_activity_line(a)]))
    return [rows for *_, rows in sorted(timed, key=lambda block: block[:3])]


def _set_line(workout: Record, row: Record, unit: WeightUnit, exercise: str) -> list[str]:
    return [
        _local_time(workout.performed_at),
        workout.name,
        _duration(workout.duration_seconds),
        exercise,
        _SET_ORDER_MARKS.get(SetType(row.set_type), str(row.set_number)),
        _number(to_display(row.weight_kg, unit), 2),
        str(row.reps),
        "",
        "",
        row.note or "",  # the set's own note, as Strong writes its Notes column
        workout.notes,
        "" if row.rpe is None else _number(row.rpe, 1),
    ]


def _exercise_order(sets: list[Record]) -> list[Record]:
    """A workout's sets grouped by exercise (in the order first done), then by set number."""
    first_seen: dict[tuple[int, int | None], int] = {}
    for i, row in enumerate(sets):
        first_seen.setdefault((row.movement_id, row.session_exercise_id), i)
    return sorted(
        sets,
        key=lambda row: (first_seen[(row.movement_id, row.session_exercise_id)], row.set_number),
    )


def _activity_line(row: Record) -> list[str]:
    distance = "" if row.distance_km is None else _number(row.distance_km, 3)
    return [
        _local_time(row.performed_start),
        row.activity_name,
        _duration(row.duration_seconds),
        row.activity_name,
        "1",
        "",
        "",
        distance,
        str(row.duration_seconds),
        row.notes,
        "",
        "",
    ]


def _write_csv(handle: IO[str], blocks: list[list[list[str]]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for rows in blocks:
        writer.writerows(rows)


def _local_time(moment: datetime) -> str:
    """Stored UTC as the lifter's wall clock (the machine's zone, as for their day)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _duration(seconds: int | None) -> str:
    """Strong's duration text: "1h 5m", "45m", and "0m" when unknown."""
    minutes = max(seconds or 0, 0) // 60
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _number(value: float, places: int) -> str:
    """A number without float noise: 102.5, 225, 0.333."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --- files -----------------------------------------------------------------------------------


def _path(value: object) -> Path:
    # An int would open a file descriptor and bytes a different encoding: only text or a Path.
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("path", "Choose a file.")
    if "\x00" in value:
        raise ValidationError("path", "That file name contains an invalid character.")
    return Path(value).expanduser()


def _writable(value: object) -> Path:
    path = _path(value)
    if path.is_dir():
        raise ValidationError("path", f"{path} is a folder; choose a file name inside it.")
    if not path.parent.is_dir():
        raise ValidationError("path", f"The folder {path.parent} does not exist.")
    return path


def _readable(value: object) -> Path:
    path = _path(value)
    if path.is_dir():
        raise ValidationError("path", f"{path} is a folder, not a backup file.")
    if not path.exists():
        raise ValidationError("path", f"There is no file at {path}.")
    if not path.is_file():
        raise ValidationError("path", f"{path} is not a regular file.")
    return path


def _write_atomically(path: Path, write: Callable[[IO[str]], None]) -> None:
    """Writes a temporary file in the same folder, then renames it over `path` in one step."""
    try:
        # mkstemp makes the file readable by its owner alone: it holds personal health data.
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        message = f"Alloy could not write to {path.parent}: {_reason(exc)}."
        raise ValidationError("path", message) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise ValidationError("path", f"Alloy could not write {path}: {_reason(exc)}.") from exc
        raise


def _read_limited(path: Path) -> bytes:
    limit = MAX_BACKUP_BYTES // (1024 * 1024)
    try:
        if path.stat().st_size > MAX_BACKUP_BYTES:
            raise ValidationError("path", f"This file is over {limit} MB: not an Alloy backup.")
        with path.open("rb") as handle:
            data = handle.read(MAX_BACKUP_BYTES + 1)
    except OSError as exc:
        raise ValidationError("path", f"Alloy could not read {path}: {_reason(exc)}.") from exc
    if len(data) > MAX_BACKUP_BYTES:  # it grew after the size check
        raise ValidationError("path", f"This file is over {limit} MB: not an Alloy backup.")
    return data


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).rstrip(".").lower()


# --- backup ----------------------------------------------------------------------------------


def target_of(column: Column[Any]) -> str | None:
    """The table a foreign-key column points at; None for a plain column."""
    for key in column.foreign_keys:
        return str(key.column.table.name)
    return None


def owned(table: Table, user_id: int) -> ColumnElement[bool]:
    """The rows of a user table that belong to the user: by its user column, or its parent's."""
    for column in table.columns:
        if target_of(column) == ACCOUNT_TABLE:
            return column == user_id
    for column in table.columns:
        parent = _BY_NAME.get(target_of(column) or "")
        if parent is not None:
            return column.in_(select(parent.c.id).where(owned(parent, user_id)))
    raise LookupError(f"{table.name} has neither a user column nor a parent table")


class _Names:
    """How a backup names rows that live outside it: library movements, activity kinds."""

    def __init__(self, s: Session, user_id: int) -> None:
        self.slugs = dict(
            s.execute(
                select(Movement.id, Movement.slug).where(Movement.owner_user_id.is_(None))
            ).all()
        )
        self.custom = set(s.scalars(select(Movement.id).where(Movement.owner_user_id == user_id)))
        self.activities = dict(
            s.execute(select(ActivityDefinition.id, ActivityDefinition.name)).all()
        )

    def movement(self, movement_id: object) -> dict[str, Any] | None:
        """{"custom": file id} or {"slug": ...}; None for an id that is neither (a stray)."""
        if not _is_int(movement_id):
            return None
        if movement_id in self.custom:
            return {"custom": movement_id}
        slug = self.slugs.get(movement_id)
        return {"slug": slug} if slug is not None else None

    def activity(self, definition_id: int) -> dict[str, Any] | None:
        name = self.activities.get(definition_id)
        return {"name": name} if name is not None else None


def _dump_tables(s: Session, user_id: int) -> dict[str, list[dict[str, Any]]]:
    names = _Names(s, user_id)
    account = s.execute(
        select(*(_ACCOUNT.c[name] for name in ACCOUNT_COLUMNS)).where(_ACCOUNT.c.id == user_id)
    ).mappings()
    tables = {ACCOUNT_TABLE: [{k: _plain(v) for k, v in row.items()} for row in account]}
    for table in USER_TABLES:
        rows = s.execute(select(table).where(owned(table, user_id)).order_by(table.c.id))
        tables[table.name] = [_dump_row(table, row, names) for row in rows.mappings()]
    return tables


def _dump_row(table: Table, row: Mapping[Any, Any], names: _Names) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        target, value = target_of(column), row[column.name]
        if target == ACCOUNT_TABLE or column.name == UID_COLUMN:
            continue  # the owner is whoever restores the file; the uid is made afresh
        if value is None:
            out[column.name] = None
        elif target == "movements":
            out[column.name] = names.movement(value)
        elif target == "activity_definitions":
            out[column.name] = names.activity(value)
        elif isinstance(column.type, JSON):
            out[column.name] = _dump_json(value, names)
        else:
            out[column.name] = _plain(value)
    return out


def _dump_json(value: Any, names: _Names) -> Any:
    """A JSON column with its movement ids written as references (other ids stay file ids)."""
    if isinstance(value, dict):
        return {
            key: names.movement(item) if key in MOVEMENT_KEYS else _dump_json(item, names)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_dump_json(item, names) for item in value]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# --- restore: reading the file ---------------------------------------------------------------


def _parse(data: bytes) -> dict[str, Any]:
    """The file as a backup document, or a ValidationError saying why it is not one."""
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValidationError("path", "This file is not an Alloy backup (it is not JSON).") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("path", "This file is not an Alloy backup.")
    version = document.get("version")
    if not _is_int(version) or version < 1:
        raise ValidationError("path", "This Alloy backup has no valid version number.")
    if version > VERSION:
        raise ValidationError(
            "path",
            f"This backup was made by a newer Alloy (backup version {version}; this Alloy "
            f"reads version {VERSION}). Update Alloy to restore it.",
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _damaged("the file", "it has no tables")
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise _damaged(str(name), "it is not a list of rows")
    return document


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _created_at(document: Mapping[str, Any]) -> datetime | None:
    value = document.get("created_at")
    try:
        return _moment(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _damaged(where: str, what: str) -> ValidationError:
    return ValidationError(
        "path", f"This backup file is damaged ({where}: {what}); nothing was restored."
    )


def _is_int(value: object) -> TypeGuard[int]:
    """A whole number that is not True or False (bool is an int to Python, not to us)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError("is not a date and time")
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _load(column: Column[Any], value: object) -> Any:
    """A file value as the column's Python type; TypeError/ValueError say what is wrong."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _moment(value)
    if isinstance(kind, EnumType):  # before String: an Enum is a String to SQLAlchemy
        return kind.enum_class(value) if kind.enum_class else value
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise TypeError("is not a date")
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise TypeError("is not true or false")
        return value
    if isinstance(kind, Integer):
        if not _is_int(value):
            raise TypeError("is not a whole number")
        if not -MAX_INTEGER <= value <= MAX_INTEGER:
            raise ValueError("is out of range")
        return value
    if isinstance(kind, Float):
        return _finite(value)
    if isinstance(kind, String):
        return _text(value, kind.length)
    return value  # JSON: any value the file could hold


def _finite(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("is not a number")
    try:
        number = float(value)
    except OverflowError as exc:
        raise ValueError("is out of range") from exc
    if not math.isfinite(number):
        raise ValueError("is not a finite number")
    return number


def _text(value: object, length: int | None) -> str:
    if not isinstance(value, str):
        raise TypeError("is not text")
    if length is not None and len(value) > length:
        raise ValueError(f"is longer than {length} characters")
    try:
        value.encode("utf-8")  # a lone surrogate parses from JSON but no database stores it
    except UnicodeEncodeError as exc:
        raise ValueError("contains an invalid character") from exc
    return value


def _default(column: Column[Any]) -> Any:
    """The value a column gets when an (older) backup does not have it."""
    arg: Any = getattr(column.default, "arg", None)
    if column.default is not None and column.default.is_callable:
        return arg(None)
    if column.default is not None and column.default.is_scalar:
        return arg
    if column.nullable:
        return None
    raise ValueError("is missing")


def _walk_refs(value: Any) -> Iterator[Any]:
    """Every movement reference inside a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in MOVEMENT_KEYS:
                yield item
            else:
                yield from _walk_refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_refs(item)


def _slugs_in(tables: Mapping[str, list[dict[str, Any]]]) -> set[str]:
    """Every library slug the file names, in columns and inside JSON columns."""
    refs: list[Any] = []
    for table in USER_TABLES:
        for column in table.columns:
            rows = tables.get(table.name, [])
            if target_of(column) == "movements":
                refs.extend(row.get(column.name) for row in rows)
            elif isinstance(column.type, JSON):
                for row in rows:
                    refs.extend(_walk_refs(row.get(column.name)))
    return {
        ref["slug"] for ref in refs if isinstance(ref, dict) and isinstance(ref.get("slug"), str)
    }


@contextlib.contextmanager
def _storing(where: str) -> Iterator[None]:
    """A row the database refuses (a broken rule, a clash) means a damaged file."""
    try:
        yield
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise _damaged(where, f"the database refused a row: {detail}") from exc


def _file_id(table: Table, row: Mapping[str, Any], index: int) -> int:
    value = row.get("id")
    if not _is_int(value):
        raise _damaged(f"{table.name} row {index + 1}", "it has no id")
    return value


# --- restore: writing ------------------------------------------------------------------------


def _refuse_if_not_empty(s: Session, user_id: int) -> None:
    for table in USER_TABLES:
        if table.name in SINGLETON_TABLES | REPLACED_TABLES:
            continue
        if s.scalar(select(exists().where(owned(table, user_id)))):
            raise Conflict(
                "This account already has workouts, programs or other training history. "
                "Restore into a new account (sign up with another email) so nothing is "
                "mixed up or counted twice."
            )


class _Restorer:
    """Inserts a parsed backup for one user in the caller's transaction, renumbering ids."""

    def __init__(self, s: Session, user_id: int, tables: Mapping[str, list[dict[str, Any]]]):
        self._s = s
        self._user_id = user_id
        self._tables = tables
        self._maps: dict[str, dict[int, int]] = {}
        # Rows whose JSON values may name ids, rewritten once every table has its new ids:
        # (table, new id, {column: file value}, {column: value an update must keep}).
        self._pending: list[tuple[Table, int, dict[str, Any], dict[str, Any]]] = []
        self._slugs = dict(
            s.execute(
                select(Movement.slug, Movement.id).where(Movement.owner_user_id.is_(None))
            ).all()
        )
        self._activities = dict(
            s.execute(select(ActivityDefinition.name, ActivityDefinition.id)).all()
        )

    def run(self) -> dict[str, int]:
        """Writes every table; returns how many rows of each it restored."""
        self._refuse_unknown_slugs()
        with _storing(ACCOUNT_TABLE):
            self._account()
        counts: dict[str, int] = {}
        for table in USER_TABLES:
            rows = self._tables.get(table.name, [])
            with _storing(table.name):
                if table.name in SINGLETON_TABLES:
                    self._replace_singleton(table, rows)
                else:
                    if table.name in REPLACED_TABLES:
                        self._s.execute(delete(table).where(owned(table, self._user_id)))
                    self._insert(table, rows)
            counts[table.name] = len(rows)
        with _storing("ids inside plans, threads and the draft"):
            self._rewrite_json_ids()
        day_bests.rebuild(self._s, self._user_id)
        return counts

    def _refuse_unknown_slugs(self) -> None:
        missing = sorted(_slugs_in(self._tables) - self._slugs.keys())
        if missing:
            shown = ", ".join(missing[:5]) + (
                f" and {len(missing) - 5} more" if missing[5:] else ""
            )
            raise ValidationError(
                "path",
                f"This backup uses exercises this install of Alloy doesn't have: {shown}. "
                "Update Alloy, then restore again.",
            )

    def _account(self) -> None:
        rows = self._tables.get(ACCOUNT_TABLE, [])
        if len(rows) > 1:
            raise _damaged(ACCOUNT_TABLE, "it has more than one account")
        if not rows:
            return
        columns = _ACCOUNT.c
        values = {
            name: self._checked(columns[name], rows[0][name], f"{ACCOUNT_TABLE} row 1")
            for name in ACCOUNT_COLUMNS
            if name in rows[0]
        }
        if values:
            self._s.execute(update(User).where(User.id == self._user_id).values(values))

    def _replace_singleton(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if len(rows) > 1:
            raise _damaged(table.name, "it has more than one row")
        if not rows:
            return
        values = self._values(table, rows[0], f"{table.name} row 1")
        mine = owned(table, self._user_id)
        row_id = self._s.scalar(select(table.c.id).where(mine))
        if row_id is None:
            row_id = self._s.scalars(insert(table).returning(table.c.id), [values]).one()
        else:
            self._s.execute(update(table).where(table.c.id == row_id).values(values))
        self._remember_json(table, row_id, rows[0], values)

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        old_ids = [_file_id(table, row, i) for i, row in enumerate(rows)]
        if len(set(old_ids)) != len(old_ids):
            raise _damaged(table.name, "two rows have the same id")
        values = [
            self._values(table, row, f"{table.name} row {i + 1}") for i, row in enumerate(rows)
        ]
        new_ids: list[int] = []
        if values:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            new_ids = list(self._s.scalars(statement, values))
        self._maps[table.name] = dict(zip(old_ids, new_ids, strict=True))
        for row, stored, new_id in zip(rows, values, new_ids, strict=True):
            self._remember_json(table, new_id, row, stored)

    def _remember_json(
        self, table: Table, row_id: int, row: Mapping[str, Any], stored: Mapping[str, Any]
    ) -> None:
        blobs = {
            c.name: row[c.name]
            for c in table.columns
            if isinstance(c.type, JSON) and isinstance(row.get(c.name), dict | list)
        }
        if any(blobs.values()):
            # The rewrite must not bump updated_at: its onupdate would fire on any UPDATE.
            kept = {c.name: stored[c.name] for c in table.columns if c.onupdate is not None}
            self._pending.append((table, row_id, blobs, kept))

    def _values(self, table: Table, row: Mapping[str, Any], where: str) -> dict[str, Any]:
        values = {
            column.name: self._value(column, row, where)
            for column in table.columns
            if not column.primary_key
        }
        if table.name == "movements":
            # Slugs are unique across accounts: a custom movement gets a new one, like create.
            values["slug"] = f"custom-{self._user_id}-{uuid.uuid4().hex[:12]}"
        if UID_COLUMN in table.c:
            values[UID_COLUMN] = new_uid()  # even if an older or edited file carries one
        return values

    def _value(self, column: Column[Any], row: Mapping[str, Any], where: str) -> Any:
        target = target_of(column)
        if target == ACCOUNT_TABLE:
            return self._user_id
        value = row.get(column.name)
        if target == "movements":
            return self._movement(column, value, where)
        if target == "activity_definitions":
            name = value.get("name") if isinstance(value, dict) else None
            return self._activities.get(name) if isinstance(name, str) else None
        if target is not None:
            return self._renumbered(column, target, value, where)
        if column.name not in row:
            return self._guarded(lambda: _default(column), column, where)
        return self._checked(column, value, where)

    def _movement(self, column: Column[Any], ref: object, where: str) -> int | None:
        movement_id = self._json_movement(ref)
        if movement_id is None and (ref is not None or not column.nullable):
            raise _damaged(where, f"{column.name} names an exercise the file does not hold")
        return movement_id

    def _json_movement(self, ref: object) -> int | None:
        if not isinstance(ref, dict):
            return None
        if isinstance(ref.get("slug"), str):
            return self._slugs.get(ref["slug"])
        custom = ref.get("custom")
        if not _is_int(custom):
            return None
        return self._maps.get("movements", {}).get(custom)

    def _renumbered(self, column: Column[Any], target: str, value: object, where: str) -> Any:
        if value is None and column.nullable:
            return None
        if not _is_int(value):
            raise _damaged(where, f"{column.name} is not an id")
        new_id = self._maps.get(target, {}).get(value)
        if new_id is None and not column.nullable:
            raise _damaged(where, f"{column.name} names a {target} row the file does not hold")
        return new_id  # an optional link to a row the file lacks is dropped, as on delete

    def _checked(self, column: Column[Any], value: object, where: str) -> Any:
        if value is None:
            if column.nullable:
                return None
            raise _damaged(where, f"{column.name} is empty")
        return self._guarded(lambda: _load(column, value), column, where)

    @staticmethod
    def _guarded(load: Callable[[], Any], column: Column[Any], where: str) -> Any:
        try:
            return load()
        except (TypeError, ValueError) as exc:
            raise _damaged(where, f"{column.name} {exc}") from exc

    def _rewrite_json_ids(self) -> None:
        for table, row_id, blobs, kept in self._pending:
            changed = {
                name: renumbered
                for name, value in blobs.items()
                if (renumbered := self._json_ids(value)) != value
            }
            if changed:
                self._s.execute(
                    update(table).where(table.c.id == row_id).values({**changed, **kept})
                )

    def _json_ids(self, value: Any) -> Any:
        """A JSON value with movement references and file ids turned into this install's ids."""
        if isinstance(value, list):
            return [self._json_ids(item) for item in value]
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in MOVEMENT_KEYS and isinstance(item, dict):
                out[key] = self._json_movement(item)
            elif key in JSON_ID_KEYS and _is_int(item):
                out[key] = self._maps[JSON_ID_KEYS[key]].get(item)
            elif key == "id" and "order_in_session" in value and _is_int(item):
                # a planned exercise row of an accepted or proposed plan: its slot's id
                out[key] = self._maps["session_exercises"].get(item)
            else:
                out[key] = self._json_ids(item)
        return out
