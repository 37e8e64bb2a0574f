"""Writes parsed workouts in bulk: workout logs, sets, top sets, activities, recent recovery."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import ActivitySource, E1RMFormula, MuscleGroup, SetType, WeightUnit
from alloy_desktop.domain.metrics import from_display, is_hard_set
from alloy_desktop.services.context import Catalog
from alloy_desktop.services.history import python_e1rm
from alloy_desktop.services.imports.matching import normalise
from alloy_desktop.services.imports.model import ParsedActivity, ParsedSet, ParsedWorkout
from alloy_desktop.services.recovery_state import apply_workout
from alloy_desktop.store.models import ActivityInstance, Base, LoggedSet, TopSetLog, WorkoutLog

CHUNK = 2000  # rows per INSERT: large enough to be fast, small enough to report progress
RECENT = timedelta(days=7)  # older workouts no longer lower today's muscle recovery
MAX_IMPORT_KEY = 255
MAX_SET_NOTE = 255  # logged_sets.note

# Minutes per km when a cardio row has a distance but no time (the lifter can edit it).
_PACE_MIN_PER_KM = {
    "Running": 6.0,
    "Cycling": 2.5,
    "Swimming": 25.0,
    "Rowing": 5.0,
    "Walking": 12.0,
}
_DEFAULT_PACE = 8.0
# Words other apps use for the activities the library has.
_ACTIVITY_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("run", "jog", "treadmill", "sprint"), "Running"),
    (("cycl", "bike", "biking", "ride", "spin"), "Cycling"),
    (("swim",), "Swimming"),
    (("row", "erg"), "Rowing"),
    (("walk", "step"), "Walking"),
    (("hike", "hiking"), "Hiking"),
    (("yoga",), "Yoga"),
    (("pilates",), "Pilates"),
    (("climb", "boulder"), "Climbing"),
    (("ski",), "Skiing"),
)


@dataclass(frozen=True)
class Batch:
    """Everything the writer needs that does not change from one workout to the next."""

    user_id: int
    catalog: Catalog
    movement_of: Mapping[str, int]
    unit: WeightUnit
    formula: E1RMFormula
    activities: Mapping[str, tuple[int, str]]
    now: datetime
    decay_hours: float


@dataclass
class WrittenCounts:
    workouts: int = 0
    sets: int = 0
    warmup_sets: int = 0
    activities: int = 0
    duplicates: int = 0
    movement_ids: set[int] = field(default_factory=set)


def aware(started_at: datetime) -> datetime:
    """The other app's wall-clock time as an aware UTC time (the machine's zone is the lifter's)."""
    moment = started_at if started_at.tzinfo else started_at.astimezone()
    return moment.astimezone(UTC)


def write_batch(
    s: Session,
    batch: Batch,
    workouts: Sequence[ParsedWorkout],
    seen: set[str],
    seen_activities: set[str],
    report: Callable[[int], None],
) -> WrittenCounts:
    """Inserts every new workout of the file (chronologically) and its activities."""
    counts = WrittenCounts()
    fresh = []
    for workout in sorted(workouts, key=lambda w: w.started_at):
        sets = [one for one in workout.sets if one.exercise in batch.movement_of]
        if not sets:
            continue
        if workout.key in seen:
            counts.duplicates += 1
            continue
        seen.add(workout.key)
        fresh.append((workout, sets))
    ids = _insert_logs(s, batch, fresh)
    done = _insert_sets(s, batch, list(zip(ids, fresh, strict=True)), counts, report)
    _insert_activities(s, batch, workouts, seen_activities, counts, report, done)
    _lower_recent_recovery(s, batch, fresh)
    return counts


def _insert_logs(
    s: Session, batch: Batch, fresh: Sequence[tuple[ParsedWorkout, list[ParsedSet]]]
) -> list[int]:
    rows = [
        {
            "user_id": batch.user_id,
            "session_id": None,
            "name": workout.name[:120] or "Workout",
            "performed_at": aware(workout.started_at),
            "duration_seconds": workout.duration_seconds,
            "total_volume_kg": sum(
                from_display(one.weight, batch.unit) * one.reps
                for one in sets
                if one.set_type is not SetType.WARMUP
            ),
            "is_custom": True,
            "notes": workout.notes,
            "created_at": batch.now,
            "import_key": workout.key[:MAX_IMPORT_KEY],
        }
        for workout, sets in fresh
    ]
    ids: list[int] = []
    statement = insert(WorkoutLog).returning(WorkoutLog.id, sort_by_parameter_order=True)
    for start in range(0, len(rows), CHUNK):
        ids.extend(int(i) for i in s.scalars(statement, rows[start : start + CHUNK]))
    return ids


def _insert_sets(
    s: Session,
    batch: Batch,
    logs: Sequence[tuple[int, tuple[ParsedWorkout, list[ParsedSet]]]],
    counts: WrittenCounts,
    report: Callable[[int], None],
) -> int:
    set_rows: list[dict[str, Any]] = []
    top_rows: list[dict[str, Any]] = []
    done = 0
    for log_id, (workout, sets) in logs:
        at = aware(workout.started_at)
        rows = [_set_row(batch, log_id, at, one, n) for one, n in _numbered(sets)]
        set_rows.extend(rows)
        top_rows.extend(_top_rows(batch, log_id, at, rows))
        counts.workouts += 1
        counts.warmup_sets += sum(1 for r in rows if r["set_type"] is SetType.WARMUP)
        counts.sets += sum(1 for r in rows if r["set_type"] is not SetType.WARMUP)
        counts.movement_ids.update(r["movement_id"] for r in rows)
        done += len(rows)
        if len(set_rows) >= CHUNK:
            _flush(s, set_rows, top_rows)
        report(done)  # per workout: the bar moves smoothly and Cancel is heard at once
    _flush(s, set_rows, top_rows)
    report(done)
    return done


def _flush(s: Session, set_rows: list[dict[str, Any]], top_rows: list[dict[str, Any]]) -> None:
    # Core inserts on the tables: the ORM's bulk path fell back to one statement per row here.
    if set_rows:
        s.execute(insert(_table(LoggedSet)), set_rows)
    if top_rows:
        s.execute(insert(_table(TopSetLog)), top_rows)
    set_rows.clear()
    top_rows.clear()


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _numbered(sets: Iterable[ParsedSet]) -> Iterable[tuple[ParsedSet, int]]:
    """Set numbers 1, 2, ... per exercise, in file order (other apps number warm-ups apart)."""
    seen: dict[str, int] = {}
    for one in sets:
        seen[one.exercise] = seen.get(one.exercise, 0) + 1
        yield one, seen[one.exercise]


def _set_row(
    batch: Batch, log_id: int, at: datetime, one: ParsedSet, number: int
) -> dict[str, Any]:
    movement = batch.catalog.by_id[batch.movement_of[one.exercise]]
    weight = from_display(one.weight, batch.unit)
    # A drop set continues the set before it: it counts once, as part of that set.
    counts = one.set_type not in (SetType.WARMUP, SetType.DROP)
    return {
        "workout_log_id": log_id,
        "user_id": batch.user_id,
        "movement_id": movement.id,
        "session_exercise_id": None,
        "set_number": number,
        "weight_kg": weight,
        "reps": one.reps,
        "rpe": one.rpe,
        # The domain's formula, its factor cached per (reps, RPE): thousands of sets repeat them.
        "e1rm_kg": python_e1rm(weight, one.reps, one.rpe, batch.formula),
        "formula": batch.formula,
        "is_hard": counts and is_hard_set(one.rpe, one.reps) and not movement.is_stretch,
        "performed_at": at,
        "set_type": one.set_type,
        "note": one.note[:MAX_SET_NOTE],  # the other app's note for the set, kept
    }


def _top_rows(
    batch: Batch, log_id: int, at: datetime, rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per movement the working set with the best e1RM (heavier wins a tie); no warm-ups."""
    best: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row["set_type"] is SetType.WARMUP:
            continue
        current = best.get(row["movement_id"])
        if current is None or (row["e1rm_kg"], row["weight_kg"]) > (
            current["e1rm_kg"],
            current["weight_kg"],
        ):
            best[row["movement_id"]] = row
    return [
        {
            "user_id": batch.user_id,
            "workout_log_id": log_id,
            "movement_id": row["movement_id"],
            "pattern": batch.catalog.by_id[row["movement_id"]].pattern,
            "weight_kg": row["weight_kg"],
            "reps": row["reps"],
            "rpe": row["rpe"],
            "e1rm_kg": row["e1rm_kg"],
            "is_e1rm_pr": False,
            "is_rep_pr": False,
            "performed_at": at,
        }
        for row in best.values()
    ]


def _insert_activities(
    s: Session,
    batch: Batch,
    workouts: Sequence[ParsedWorkout],
    seen: set[str],
    counts: WrittenCounts,
    report: Callable[[int], None],
    done: int,
) -> None:
    rows = []
    for workout in workouts:
        for index, activity in enumerate(workout.activities, 1):
            key = f"{workout.key}|{index}|{activity.exercise}"[:MAX_IMPORT_KEY]
            if key in seen:
                continue
            seen.add(key)
            rows.append(_activity_row(batch, workout, activity, key))
    for start in range(0, len(rows), CHUNK):
        s.execute(insert(_table(ActivityInstance)), rows[start : start + CHUNK])
        report(done + start + len(rows[start : start + CHUNK]))
    counts.activities = len(rows)


def _activity_row(
    batch: Batch, workout: ParsedWorkout, activity: ParsedActivity, key: str
) -> dict[str, Any]:
    definition = activity_definition(batch.activities, activity.exercise)
    duration = activity.duration_seconds
    note = activity.note
    if not duration:
        pace = _PACE_MIN_PER_KM.get(definition[1] if definition else "", _DEFAULT_PACE)
        duration = max(60, round((activity.distance_km or 0) * pace * 60))
        note = (note + "\n" if note else "") + "Duration estimated from the distance."
    return {
        "user_id": batch.user_id,
        "activity_definition_id": definition[0] if definition else None,
        "activity_name": activity.exercise[:120],
        "performed_start": aware(workout.started_at),
        "duration_seconds": int(duration),
        "distance_km": activity.distance_km,
        "notes": note,
        "source": ActivitySource.MANUAL,
        "import_key": key,
    }


def activity_definition(
    definitions: Mapping[str, tuple[int, str]], name: str
) -> tuple[int, str] | None:
    """The library activity a cardio row's name means ("Treadmill" is Running), if any."""
    words = normalise(name)
    if words in definitions:
        return definitions[words]
    for stems, library_name in _ACTIVITY_WORDS:
        if any(stem in words for stem in stems):
            return definitions.get(normalise(library_name))
    return None


def _lower_recent_recovery(
    s: Session, batch: Batch, fresh: Sequence[tuple[ParsedWorkout, list[ParsedSet]]]
) -> None:
    """Recent imported workouts still tire muscles; years-old ones must not."""
    since = batch.now - RECENT
    for workout, sets in fresh:
        at = aware(workout.started_at)
        if at < since or at > batch.now:
            continue
        hard = _hard_sets(batch, sets)
        if hard:
            apply_workout(s, batch.user_id, hard, at, batch.decay_hours)


def _hard_sets(batch: Batch, sets: Iterable[ParsedSet]) -> dict[MuscleGroup, tuple[float, float]]:
    counts: dict[MuscleGroup, tuple[float, float]] = {}
    for one in sets:
        movement = batch.catalog.by_id[batch.movement_of[one.exercise]]
        if one.set_type in (SetType.WARMUP, SetType.DROP) or movement.is_stretch:
            continue
        if not is_hard_set(one.rpe, one.reps):
            continue
        for group in movement.primary:
            primary, secondary = counts.get(group, (0.0, 0.0))
            counts[group] = (primary + 1, secondary)
        for group in movement.secondary:
            primary, secondary = counts.get(group, (0.0, 0.0))
            counts[group] = (primary, secondary + 1)
    return counts
