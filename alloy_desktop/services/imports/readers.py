"""Readers that turn Strong, Hevy and FitNotes CSV exports into the neutral ParsedFile."""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import ClassVar

from alloy_desktop.domain.enums import SetType, WeightUnit
from alloy_desktop.domain.metrics import KG_PER_LB
from alloy_desktop.services.errors import ValidationError
from alloy_desktop.services.imports.model import (
    EARLIEST_YEAR,
    MAX_DISTANCE_KM,
    MAX_DURATION_SECONDS,
    MAX_FILE_BYTES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_REPS,
    MAX_ROWS,
    MAX_WEIGHT_KG,
    ParsedActivity,
    ParsedFile,
    ParsedSet,
    ParsedWorkout,
)
from alloy_desktop.services.schemas import ImportProblem

__all__ = ["read_export"]

ProgressCallback = Callable[[int, int], None]

_MB = 1024 * 1024
_KM_PER_MILE = 1.609344
_PROGRESS_EVERY = 1000
_SHOWN_CHARS = 40  # a cell quoted in a message: enough to recognise, never a wall of text
_HEADER_SHOWN_CHARS = 80
_BINARY_SAMPLE_CHARS = 65536
_SUPPORTED = "Strong, Hevy and FitNotes"
_NO_NAME = "Workout"

_DISTANCE_KM_PER_UNIT: dict[str, float] = {
    "km": 1.0,
    "kms": 1.0,
    "kilometers": 1.0,
    "kilometres": 1.0,
    "m": 0.001,
    "meters": 0.001,
    "metres": 0.001,
    "mi": _KM_PER_MILE,
    "mile": _KM_PER_MILE,
    "miles": _KM_PER_MILE,
    "ft": 0.0003048,
    "feet": 0.0003048,
    "yd": 0.0009144,
    "yds": 0.0009144,
    "yards": 0.0009144,
}
_WEIGHT_UNITS: dict[str, WeightUnit] = {
    "kg": WeightUnit.KG,
    "kgs": WeightUnit.KG,
    "lb": WeightUnit.LB,
    "lbs": WeightUnit.LB,
}
_HEVY_SET_TYPES: dict[str, SetType] = {
    "normal": SetType.NORMAL,
    "warmup": SetType.WARMUP,
    "dropset": SetType.DROP,
    "failure": SetType.FAILURE,
}
_STRONG_SET_LETTERS: dict[str, SetType] = {
    "w": SetType.WARMUP,
    "d": SetType.DROP,
    "f": SetType.FAILURE,
}
_MONTHS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}

# Phones write times with narrow or non-breaking spaces before AM/PM.
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?"
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4}),?\s+" + _CLOCK, re.I)
_MONTH_DAY_YEAR = re.compile(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+" + _CLOCK, re.I)
_ISO_12_HOUR = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T]" + _CLOCK, re.I)
_HMS_DURATION = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?", re.I)
_CLOCK_DURATION = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})")


class _Skip(Exception):
    """A row that cannot be imported; carries the problem to report for it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class _Col:
    """One column of the file: where it is and what the file calls it (for messages)."""

    index: int
    name: str


@dataclass(frozen=True)
class _Header:
    """The header row, looked up by trimmed, lower-cased column name."""

    names: tuple[str, ...]
    positions: dict[str, int]

    @classmethod
    def of(cls, row: list[str]) -> _Header:
        names = tuple(" ".join(cell.replace("\ufeff", "").split()) for cell in row)
        positions: dict[str, int] = {}
        for index, name in enumerate(names):
            positions.setdefault(name.lower(), index)
        return cls(names, positions)

    def has(self, *keys: str) -> bool:
        return all(key in self.positions for key in keys)

    def get(self, *aliases: str) -> _Col | None:
        """The first of `aliases` the file has."""
        for alias in aliases:
            index = self.positions.get(alias)
            if index is not None:
                return _Col(index, self.names[index])
        return None

    def need(self, *aliases: str) -> _Col:
        col = self.get(*aliases)
        if col is None:  # detection checked every required column, so this is a bug
            raise AssertionError(f"missing column {aliases[0]}")
        return col

    def with_suffix(self, base: str) -> tuple[_Col, str | None] | None:
        """A column named `base` or `base (unit)`, with the unit in brackets if any."""
        for index, name in enumerate(self.names):
            lowered = name.lower()
            if lowered == base:
                return _Col(index, name), None
            if lowered.startswith(base + " (") and lowered.endswith(")"):
                return _Col(index, name), lowered[len(base) + 2 : -1].strip()
        return None


@dataclass(slots=True)
class _Entry:
    """One row's values once read, before it is filed as a set or an activity."""

    line: int
    exercise: str
    weight: float
    reps: int
    rpe: float | None
    set_type: SetType
    note: str
    distance_km: float | None
    seconds: int | None
    cardio: bool = False  # the file itself calls it cardio (FitNotes' category)

    @property
    def has_cardio_data(self) -> bool:
        return bool(self.distance_km) or bool(self.seconds)


# --- Small pure helpers ------------------------------------------------------------------


def _shown(text: str, limit: int = _SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _said(col: _Col, text: str) -> str:
    """How a message quotes a cell: `Reps "10000"`."""
    return f'{col.name} "{_shown(text)}"'


def _name(text: str) -> str:
    return " ".join(text.split())[:MAX_NAME_CHARS]


def _note(text: str) -> str:
    return text.strip()[:MAX_NOTE_CHARS]


def _to_float(text: str) -> float | None:
    """A number as people and spreadsheets write it, decimal comma included; None if not one."""
    try:
        return float(text)
    except ValueError:
        pass
    if "," not in text:
        return None
    if "." in text and text.rfind(".") > text.rfind(","):
        candidate = text.replace(",", "")  # 1,234.5
    else:
        candidate = text.replace(".", "").replace(",", ".")  # 62,5 or 1.234,5
    try:
        return float(candidate)
    except ValueError:
        return None


def _clock_datetime(
    year: str, month: int | None, day: str, clock: tuple[str | None, ...]
) -> datetime | None:
    hour_text, minute, second, meridiem = clock
    if month is None or hour_text is None or minute is None:
        return None
    hour = int(hour_text)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    try:
        return datetime(int(year), month, int(day), hour, int(minute), int(second or 0))
    except ValueError:
        return None


def _parse_datetime(text: str) -> datetime | None:
    """ISO (Strong, FitNotes), `9 Apr 2026, 17:18` (Hevy) and a few 12-hour variants."""
    cleaned = _ODD_SPACES.sub(" ", text).strip()
    try:
        # Offsets are dropped on purpose: the wall-clock time as written is what we keep.
        return datetime.fromisoformat(cleaned).replace(tzinfo=None)
    except ValueError:
        pass
    match = _DAY_MONTH_YEAR.fullmatch(cleaned)
    if match:
        day, month, year = match.group(1, 2, 3)
        return _clock_datetime(year, _MONTHS.get(month.lower()), day, match.groups()[3:])
    match = _MONTH_DAY_YEAR.fullmatch(cleaned)
    if match:
        month, day, year = match.group(1, 2, 3)
        return _clock_datetime(year, _MONTHS.get(month.lower()), day, match.groups()[3:])
    match = _ISO_12_HOUR.fullmatch(cleaned)
    if match:
        year, month, day = match.group(1, 2, 3)
        return _clock_datetime(year, int(month), day, match.groups()[3:])
    return None


def _parse_duration(text: str) -> int | None:
    """Strong's `1h 5m`, `45m`, `30s`, a clock `1:05:00`, or bare seconds; None if none."""
    cleaned = text.strip()
    if cleaned.isdigit():
        return int(cleaned)
    match = _CLOCK_DURATION.fullmatch(cleaned)
    if match:
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    match = _HMS_DURATION.fullmatch(cleaned)
    if match and any(match.groups()):
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    number = _to_float(cleaned)
    if number is not None and math.isfinite(number) and number >= 0:
        return round(number)
    return None


def _distance_factor(unit: str | None) -> float | None:
    """Kilometres per unit named in a header or cell; km when the file does not say."""
    if not unit:
        return 1.0
    return _DISTANCE_KM_PER_UNIT.get(unit.strip().lower().rstrip("."))


# --- Reading the file --------------------------------------------------------------------


def _mb(size: float) -> str:
    return f"{size / _MB:.3g} MB"


def _read_bytes(file: Path) -> bytes:
    """The file's bytes, refusing missing, odd, empty or oversized files before reading."""
    try:
        status = file.stat()
    except FileNotFoundError:
        raise ValidationError("path", f"There is no file at {file}.") from None
    except OSError as exc:
        raise ValidationError("path", f"{file.name} could not be opened: {exc.strerror}.") from exc
    if not file.is_file():
        raise ValidationError("path", f"{file.name} is not a file; choose a CSV export.")
    if status.st_size > MAX_FILE_BYTES:
        raise ValidationError(
            "path",
            f"{file.name} is {_mb(status.st_size)}; Alloy reads exports of up to "
            f"{_mb(MAX_FILE_BYTES)}.",
        )
    if status.st_size == 0:
        raise ValidationError("path", f"{file.name} is empty.")
    try:
        with file.open("rb") as handle:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ValidationError("path", f"{file.name} could not be read: {exc.strerror}.") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("path", f"{file.name} is larger than {_mb(MAX_FILE_BYTES)}.")
    return data


def _decode(data: bytes, file_name: str) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    binary = ValidationError(
        "path", f"{file_name} is not a text file; choose the CSV the other app exported."
    )
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise binary from None
    elif b"\x00" in data:
        raise binary
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise binary
    sample = text[:_BINARY_SAMPLE_CHARS]
    # Legacy encodings decode almost anything; control characters give binary away.
    if "\x00" in sample or len(_CONTROL_CHARS.findall(sample)) * 100 > len(sample):
        raise binary
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ValidationError("path", f"{file_name} is empty.")
    return text


def _first_line(text: str) -> str:
    return text.lstrip().splitlines()[0]


def _sniff_delimiter(header_line: str) -> str:
    """Comma unless the header holds more semicolons or tabs (European Strong exports)."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


# --- Readers, one per format ---------------------------------------------------------------


class _Reader:
    """What every format shares: limits, unit handling, workouts and problems."""

    code: ClassVar[str]
    label: ClassVar[str]

    def __init__(self, header: _Header, unit_hint: WeightUnit | None, latest_day: date) -> None:
        self.names = header.names
        self.unit: WeightUnit | None = None  # what the file says; set by subclasses
        self.unit_hint = unit_hint
        self.latest_day = latest_day
        self.problems: list[ImportProblem] = []
        self.workouts: dict[str, ParsedWorkout] = {}
        self._set_counts: dict[tuple[str, str], int] = {}
        # Rows repeat their workout's date and name and their exercise: parse each text once.
        self._dates: dict[str, datetime | tuple[str, str]] = {}
        self._keys: dict[tuple[str, str], tuple[str, datetime, str]] = {}
        self._names: dict[str, str] = {}

    @staticmethod
    def matches(header: _Header) -> bool:
        raise NotImplementedError

    def read_row(self, row: list[str], line: int) -> None:
        try:
            self._row(row, line)
        except _Skip as skip:
            self.problems.append(ImportProblem(line, skip.field, skip.message))

    def _row(self, row: list[str], line: int) -> None:
        raise NotImplementedError

    def result(self, rows_read: int) -> ParsedFile:
        workouts = sorted(self.workouts.values(), key=lambda workout: workout.started_at)
        return ParsedFile(self.code, self.label, rows_read, self.unit, workouts, self.problems)

    def too_few_fields(self, row: list[str], line: int) -> None:
        """Names the first column the line lacks, so the lifter knows where it broke off."""
        missing = self.names[len(row)]
        self.problems.append(
            ImportProblem(
                line,
                missing,
                f"The line has {len(row)} fields, the header has {len(self.names)}; "
                f"{missing} and what follows are missing.",
            )
        )

    def keep_without(self, line: int, col: _Col, message: str) -> None:
        """A problem that drops one value but keeps the row."""
        self.problems.append(ImportProblem(line, col.name, message, skipped=False))

    # Values -------------------------------------------------------------------------------

    def when(self, col: _Col, text: str) -> datetime:
        """A date and time within the accepted years; parsed once per distinct text."""
        known = self._dates.get(text)
        if known is None:
            known = self._check_when(col, text)
            self._dates[text] = known
        if isinstance(known, datetime):
            return known
        raise _Skip(*known)

    def _check_when(self, col: _Col, text: str) -> datetime | tuple[str, str]:
        cleaned = text.strip()
        if not cleaned:
            return col.name, f"{col.name} is empty."
        value = _parse_datetime(cleaned)
        if value is None:
            return (
                col.name,
                f"{_said(col, cleaned)} is not a date and time Alloy can read.",
            )
        if value.year < EARLIEST_YEAR:
            return col.name, f"{_said(col, cleaned)} is before {EARLIEST_YEAR}."
        if value.date() > self.latest_day:
            return col.name, f"{_said(col, cleaned)} is in the future."
        return value

    def exercise(self, col: _Col, row: list[str]) -> str:
        text = row[col.index]
        name = self._names.get(text)
        if name is None:
            name = self._names[text] = _name(text)
        if not name:
            raise _Skip(col.name, f"{col.name} is empty.")
        return name

    def workout_key(
        self, when_col: _Col, when_text: str, name_text: str
    ) -> tuple[str, datetime, str]:
        """Key, start and name of a row's workout; worked out once per distinct pair."""
        known = self._keys.get((when_text, name_text))
        if known is None:
            started = self.when(when_col, when_text)
            name = _name(name_text) or _NO_NAME
            known = (f"{self.code.lower()}|{started.isoformat()}|{name}", started, name)
            self._keys[(when_text, name_text)] = known
        return known

    def reps(self, col: _Col, text: str) -> int:
        cleaned = text.strip()
        if not cleaned:
            return 0
        value = _to_float(cleaned)
        if value is None or not value.is_integer():
            raise _Skip(col.name, f"{_said(col, cleaned)} is not a whole number.")
        if value < 0:
            raise _Skip(col.name, f"{_said(col, cleaned)} is negative.")
        if value > MAX_REPS:
            raise _Skip(col.name, f"{_said(col, cleaned)} is more than {MAX_REPS}.")
        return int(value)

    def weight(self, col: _Col, text: str, row_unit: WeightUnit | None = None) -> float:
        """A weight in the file's unit; `row_unit` is a per-row unit cell, if the file has one."""
        cleaned = text.strip()
        if not cleaned:
            return 0.0
        value = _to_float(cleaned)
        if value is None or not math.isfinite(value):
            raise _Skip(col.name, f"{_said(col, cleaned)} is not a number.")
        if value < 0:
            raise _Skip(col.name, f"{_said(col, cleaned)} is negative.")
        value = self._in_file_unit(value, row_unit)
        self._check_not_too_heavy(col, cleaned, value)
        return value

    def _in_file_unit(self, value: float, row_unit: WeightUnit | None) -> float:
        """Mixed-unit files (FitNotes) keep the first unit seen; other rows are converted."""
        if row_unit is None or row_unit is self.unit:
            return value
        if self.unit is None:
            self.unit = row_unit
            return value
        return value * KG_PER_LB if row_unit is WeightUnit.LB else value / KG_PER_LB

    def _check_not_too_heavy(self, col: _Col, cleaned: str, value: float) -> None:
        unit = self.unit or self.unit_hint
        if unit is WeightUnit.KG:
            if value > MAX_WEIGHT_KG:
                raise _Skip(col.name, f"{_said(col, cleaned)} is more than {MAX_WEIGHT_KG:g} kg.")
            return
        limit_lb = MAX_WEIGHT_KG / KG_PER_LB
        if value <= limit_lb:
            return
        if unit is WeightUnit.LB:
            raise _Skip(col.name, f"{_said(col, cleaned)} is more than {limit_lb:.0f} lb.")
        raise _Skip(
            col.name,
            f"{_said(col, cleaned)} is more than {limit_lb:.0f}, too heavy even in pounds.",
        )

    def rpe(self, col: _Col | None, row: list[str], line: int) -> float | None:
        if col is None:
            return None
        cleaned = row[col.index].strip()
        if not cleaned:
            return None
        value = _to_float(cleaned)
        if value == 0:  # some exports write 0 for "no RPE given"
            return None
        if value is None or not 1 <= value <= 10:
            self.keep_without(
                line,
                col,
                f"{_said(col, cleaned)} is not between 1 and 10; the set was kept without it.",
            )
            return None
        return value

    def distance(self, col: _Col | None, text: str, km_per_unit: float) -> float | None:
        """Kilometres, or None when blank or zero."""
        if col is None:
            return None
        cleaned = text.strip()
        if not cleaned:
            return None
        value = _to_float(cleaned)
        if value is None or not math.isfinite(value):
            raise _Skip(col.name, f"{_said(col, cleaned)} is not a number.")
        if value < 0:
            raise _Skip(col.name, f"{_said(col, cleaned)} is negative.")
        km = value * km_per_unit
        if km > MAX_DISTANCE_KM:
            raise _Skip(col.name, f"{_said(col, cleaned)} is more than {MAX_DISTANCE_KM:g} km.")
        return km or None

    def seconds(self, col: _Col | None, text: str) -> int | None:
        """A time in seconds (a number or a clock like 0:30:00), or None when blank or zero."""
        if col is None:
            return None
        cleaned = text.strip()
        if not cleaned:
            return None
        value = _parse_duration(cleaned)
        if value is None:
            raise _Skip(col.name, f"{_said(col, cleaned)} is not a time.")
        if value > MAX_DURATION_SECONDS:
            hours = MAX_DURATION_SECONDS // 3600
            raise _Skip(col.name, f"{_said(col, cleaned)} is more than {hours} hours.")
        return value or None

    def row_unit(self, col: _Col | None, row: list[str]) -> WeightUnit | None:
        """The unit of a `Weight Unit` cell, for exports that name it per row."""
        if col is None:
            return None
        text = row[col.index].strip()
        if not text:
            return None
        unit = _WEIGHT_UNITS.get(text.lower())
        if unit is None:
            raise _Skip(col.name, f"{_said(col, text)} is neither kg nor lbs.")
        return unit

    def km_per_unit(self, col: _Col | None, row: list[str], default: float) -> float:
        """Kilometres per unit of a `Distance Unit` cell; `default` when the file has none."""
        if col is None:
            return default
        text = row[col.index].strip()
        factor = _distance_factor(text)
        if factor is None:
            raise _Skip(col.name, f"{_said(col, text)} is not one of km, m, mi, ft or yd.")
        return factor

    # Filing -------------------------------------------------------------------------------

    def check_entry(self, entry: _Entry, reps_col: _Col) -> None:
        """Refuses rows that are neither a set nor an activity."""
        if entry.reps or entry.has_cardio_data:
            return
        if entry.weight > 0:
            raise _Skip(reps_col.name, "The set has a weight but no reps.")
        raise _Skip(reps_col.name, "The set has no reps, distance or time.")

    def file_entry(self, workout: ParsedWorkout, entry: _Entry) -> None:
        if entry.has_cardio_data and (entry.cardio or not entry.reps):
            workout.activities.append(
                ParsedActivity(
                    entry.line, entry.exercise, entry.distance_km, entry.seconds, entry.note
                )
            )
            return
        counter = (workout.key, entry.exercise)
        order = self._set_counts.get(counter, 0) + 1
        self._set_counts[counter] = order
        workout.sets.append(
            ParsedSet(
                entry.line,
                entry.exercise,
                order,
                entry.weight,
                entry.reps,
                entry.rpe,
                entry.set_type,
                entry.note,
            )
        )


def _cell(row: list[str], col: _Col | None) -> str:
    return row[col.index] if col is not None else ""


class _StrongReader(_Reader):
    """Strong: one row per set, workouts told apart by start time and name."""

    code = "STRONG"
    label = "Strong"

    @staticmethod
    def matches(header: _Header) -> bool:
        return header.has("date", "exercise name", "set order", "reps") and bool(
            header.with_suffix("weight")
        )

    def __init__(self, header: _Header, unit_hint: WeightUnit | None, latest_day: date) -> None:
        super().__init__(header, unit_hint, latest_day)
        self.date = header.need("date")
        self.workout_name = header.get("workout name")
        self.duration = header.get("duration", "duration (sec)", "duration (s)")
        self.exercise_col = header.need("exercise name")
        self.set_order = header.need("set order")
        self.reps_col = header.need("reps")
        self.rpe_col = header.get("rpe")
        self.notes = header.get("notes")
        self.workout_notes = header.get("workout notes")
        self.seconds_col = header.get("seconds")
        self.weight_unit_col = header.get("weight unit")
        self.distance_unit_col = header.get("distance unit")
        weight = header.with_suffix("weight")
        assert weight is not None
        self.weight_col, weight_unit = weight
        self.unit = _WEIGHT_UNITS.get(weight_unit or "")
        distance = header.with_suffix("distance")
        self.distance_col = distance[0] if distance else None
        # Plain "Distance" does not say its unit; read it as km (newer exports name miles).
        self.km_per_distance = _distance_factor(distance[1] if distance else None) or 1.0
        self._exercise_notes: dict[tuple[str, str], str] = {}

    def _row(self, row: list[str], line: int) -> None:
        order = row[self.set_order.index].strip()
        kind = order.lower()
        if kind == "rest timer":  # Strong logs rests between sets as rows; they are not sets
            return
        key, started, name = self.workout_key(
            self.date, row[self.date.index], _cell(row, self.workout_name)
        )
        exercise = self.exercise(self.exercise_col, row)
        note = _note(_cell(row, self.notes))
        if kind == "note":  # an exercise note row (Strong 6): it belongs to the sets after it
            self._exercise_notes[(key, exercise)] = note
            return
        entry = _Entry(
            line,
            exercise,
            self.weight(
                self.weight_col,
                row[self.weight_col.index],
                self.row_unit(self.weight_unit_col, row),
            ),
            self.reps(self.reps_col, row[self.reps_col.index]),
            self.rpe(self.rpe_col, row, line),
            self._set_type(order, line),
            note or self._exercise_notes.get((key, exercise), ""),
            self._distance(row),
            self.seconds(self.seconds_col, _cell(row, self.seconds_col)),
        )
        self.check_entry(entry, self.reps_col)
        workout = self.workouts.get(key) or self._new_workout(key, name, started, row, line)
        if not workout.notes:
            workout.notes = _note(_cell(row, self.workout_notes))
        self.file_entry(workout, entry)

    def _distance(self, row: list[str]) -> float | None:
        text = _cell(row, self.distance_col)
        if not text.strip():
            return None
        km_per_unit = self.km_per_unit(self.distance_unit_col, row, self.km_per_distance)
        return self.distance(self.distance_col, text, km_per_unit)

    def _set_type(self, order: str, line: int) -> SetType:
        if not order or order.isdigit():
            return SetType.NORMAL
        set_type = _STRONG_SET_LETTERS.get(order.lower())
        if set_type is None:
            self.keep_without(
                line,
                self.set_order,
                f"{_said(self.set_order, order)} is not a number, W, D or F; "
                "the set was kept as a normal set.",
            )
            return SetType.NORMAL
        return set_type

    def _new_workout(
        self, key: str, name: str, started: datetime, row: list[str], line: int
    ) -> ParsedWorkout:
        duration: int | None = None
        text = _cell(row, self.duration).strip()
        if text and self.duration is not None:
            duration = _parse_duration(text)
            if duration is None or duration > MAX_DURATION_SECONDS:
                duration = None
                self.keep_without(
                    line,
                    self.duration,
                    f'{_said(self.duration, text)} is not a duration like "1h 5m"; '
                    "the workout was kept without one.",
                )
        workout = ParsedWorkout(key, name, started, duration, "")
        self.workouts[key] = workout
        return workout


class _HevyReader(_Reader):
    """Hevy: one row per set with the workout's start and end on every row."""

    code = "HEVY"
    label = "Hevy"

    @staticmethod
    def matches(header: _Header) -> bool:
        return header.has("title", "start_time", "exercise_title", "reps") and bool(
            header.get("weight_kg", "weight_lbs", "weight_lb")
        )

    def __init__(self, header: _Header, unit_hint: WeightUnit | None, latest_day: date) -> None:
        super().__init__(header, unit_hint, latest_day)
        self.title = header.need("title")
        self.start = header.need("start_time")
        self.end = header.get("end_time")
        self.description = header.get("description")
        self.exercise_col = header.need("exercise_title")
        self.exercise_notes = header.get("exercise_notes")
        self.set_type_col = header.get("set_type")
        self.reps_col = header.need("reps")
        self.rpe_col = header.get("rpe")
        self.seconds_col = header.get("duration_seconds")
        self.weight_col = header.get("weight_kg")
        self.unit = WeightUnit.KG
        if self.weight_col is None:
            self.weight_col = header.need("weight_lbs", "weight_lb")
            self.unit = WeightUnit.LB
        self.distance_col = header.get("distance_km")
        self.km_per_distance = 1.0
        if self.distance_col is None:
            self.distance_col = header.get("distance_miles", "distance_mi")
            self.km_per_distance = _KM_PER_MILE

    def _row(self, row: list[str], line: int) -> None:
        key, started, title = self.workout_key(
            self.start, row[self.start.index], row[self.title.index]
        )
        weight_col = self.weight_col
        assert weight_col is not None
        entry = _Entry(
            line,
            self.exercise(self.exercise_col, row),
            self.weight(weight_col, row[weight_col.index]),
            self.reps(self.reps_col, row[self.reps_col.index]),
            self.rpe(self.rpe_col, row, line),
            self._set_type(row, line),
            _note(_cell(row, self.exercise_notes)),
            self.distance(self.distance_col, _cell(row, self.distance_col), self.km_per_distance),
            self.seconds(self.seconds_col, _cell(row, self.seconds_col)),
        )
        self.check_entry(entry, self.reps_col)
        workout = self.workouts.get(key) or self._new_workout(key, title, started, row, line)
        self.file_entry(workout, entry)

    def _set_type(self, row: list[str], line: int) -> SetType:
        text = _cell(row, self.set_type_col).strip()
        if not text or self.set_type_col is None:
            return SetType.NORMAL
        set_type = _HEVY_SET_TYPES.get(text.lower())
        if set_type is None:
            self.keep_without(
                line,
                self.set_type_col,
                f"{_said(self.set_type_col, text)} is not warmup, normal, dropset or "
                "failure; the set was kept as a normal set.",
            )
            return SetType.NORMAL
        return set_type

    def _new_workout(
        self, key: str, title: str, started: datetime, row: list[str], line: int
    ) -> ParsedWorkout:
        workout = ParsedWorkout(
            key,
            title,
            started,
            self._duration(started, row, line),
            _note(_cell(row, self.description)),
        )
        self.workouts[key] = workout
        return workout

    def _duration(self, started: datetime, row: list[str], line: int) -> int | None:
        text = _cell(row, self.end).strip()
        if not text or self.end is None:
            return None
        ended = _parse_datetime(text)
        if ended is None:
            self.keep_without(
                line,
                self.end,
                f"{_said(self.end, text)} is not a date and time; "
                "the workout was kept without a duration.",
            )
            return None
        seconds = round((ended - started).total_seconds())
        # A clock changed mid-workout or a typo: no duration beats a wrong one.
        return seconds if 0 <= seconds <= MAX_DURATION_SECONDS else None


class _FitNotesReader(_Reader):
    """FitNotes: one row per set, dated by day only; a day is one workout."""

    code = "FITNOTES"
    label = "FitNotes"

    @staticmethod
    def matches(header: _Header) -> bool:
        return header.has("date", "exercise", "category", "reps") and bool(
            header.with_suffix("weight")
        )

    def __init__(self, header: _Header, unit_hint: WeightUnit | None, latest_day: date) -> None:
        super().__init__(header, unit_hint, latest_day)
        self.date = header.need("date")
        self.exercise_col = header.need("exercise")
        self.category = header.need("category")
        self.reps_col = header.need("reps")
        self.distance_col = header.get("distance")
        self.distance_unit_col = header.get("distance unit")
        self.time_col = header.get("time")
        self.comment = header.get("comment")
        self.weight_unit_col = header.get("weight unit")
        weight = header.with_suffix("weight")
        assert weight is not None
        self.weight_col, weight_unit = weight
        self.unit = _WEIGHT_UNITS.get(weight_unit or "")
        self._categories: dict[str, list[str]] = {}

    def _row(self, row: list[str], line: int) -> None:
        day = self.when(self.date, row[self.date.index]).date()
        category = _name(row[self.category.index])
        entry = _Entry(
            line,
            self.exercise(self.exercise_col, row),
            self.weight(
                self.weight_col,
                row[self.weight_col.index],
                self.row_unit(self.weight_unit_col, row),
            ),
            self.reps(self.reps_col, row[self.reps_col.index]),
            None,
            SetType.NORMAL,
            _note(_cell(row, self.comment)),
            self._distance(row),
            self.seconds(self.time_col, _cell(row, self.time_col)),
            cardio=category.lower() == "cardio",
        )
        self.check_entry(entry, self.reps_col)
        key = f"fitnotes|{day.isoformat()}"
        workout = self.workouts.get(key) or self._new_workout(key, day)
        self._add_category(workout, category)
        self.file_entry(workout, entry)

    def _new_workout(self, key: str, day: date) -> ParsedWorkout:
        # FitNotes keeps no time of day; noon keeps the day the same in any time zone the
        # service might convert through (UTC-12..UTC+11), so the workout lands on its date.
        workout = ParsedWorkout(key, _NO_NAME, datetime.combine(day, time(12)), None, "")
        self.workouts[key] = workout
        self._categories[key] = []
        return workout

    def _add_category(self, workout: ParsedWorkout, category: str) -> None:
        """FitNotes has no workout names; the day's categories make a readable one."""
        categories = self._categories[workout.key]
        if category and category not in categories:
            categories.append(category)
            workout.name = " + ".join(categories)[:MAX_NAME_CHARS]

    def _distance(self, row: list[str]) -> float | None:
        text = _cell(row, self.distance_col)
        if not text.strip():
            return None
        return self.distance(
            self.distance_col, text, self.km_per_unit(self.distance_unit_col, row, 1.0)
        )


_READERS: tuple[type[_Reader], ...] = (_StrongReader, _HevyReader, _FitNotesReader)


def _pick_reader(header: _Header, first_line: str) -> type[_Reader]:
    for reader in _READERS:
        if reader.matches(header):
            return reader
    raise ValidationError(
        "path",
        f"Alloy reads CSV exports from {_SUPPORTED}, and this is none of them: "
        f'its first line is "{_shown(first_line.strip(), _HEADER_SHOWN_CHARS)}".',
    )


@dataclass(frozen=True)
class _ReadArgs:
    """What read_export passes down besides the text."""

    unit_hint: WeightUnit | None
    latest_day: date
    progress: ProgressCallback | None


def _read_rows(text: str, delimiter: str, first_line: str, args: _ReadArgs) -> ParsedFile:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        parser = _start(rows, first_line, args)
        total_estimate = max(text.count("\n") - rows.line_num, 1)
        count = 0
        width = len(parser.names)
        end_of_previous = rows.line_num
        for row in rows:
            line = end_of_previous + 1  # a quoted note may span lines: report where the row starts
            end_of_previous = rows.line_num
            if not any(row) or (len(row) < width and not "".join(row).strip()):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ValidationError(
                    "path", f"The file has more than {MAX_ROWS:,} rows, the most Alloy imports."
                )
            if len(row) >= width:
                parser.read_row(row, line)
            else:
                parser.too_few_fields(row, line)
            if args.progress is not None and count % _PROGRESS_EVERY == 0:
                args.progress(count, max(total_estimate, count))
    except csv.Error as exc:
        raise ValidationError(
            "path", f"Line {rows.line_num} of the file could not be read as CSV ({exc})."
        ) from exc
    if args.progress is not None:
        args.progress(count, count)
    return parser.result(count)


def _start(rows: Iterator[list[str]], first_line: str, args: _ReadArgs) -> _Reader:
    """The reader for the file's format, once its header (the first non-blank row) is read."""
    header_row = next((row for row in rows if any(row)), None)
    if header_row is None:
        raise ValidationError("path", "The file has no header line, only empty fields.")
    header = _Header.of(header_row)
    return _pick_reader(header, first_line)(header, args.unit_hint, args.latest_day)


def read_export(
    path: str | Path,
    unit_hint: WeightUnit | None = None,
    progress: ProgressCallback | None = None,
    *,
    today: date | None = None,
) -> ParsedFile:
    """Reads a Strong, Hevy or FitNotes CSV export; raises ValidationError("path", ...) if the
    file as a whole cannot be read, and lists refused rows in `problems` otherwise.

    `unit_hint` is the lifter's unit, used only to pick the weight limit when the file does
    not name its unit (`ParsedFile.unit` still says None then). `today` is for tests.
    """
    file = Path(path)
    text = _decode(_read_bytes(file), file.name)
    first_line = _first_line(text)
    latest_day = (today or datetime.now().date()) + timedelta(days=1)
    args = _ReadArgs(unit_hint, latest_day, progress)
    return _read_rows(text, _sniff_delimiter(first_line), first_line, args)
