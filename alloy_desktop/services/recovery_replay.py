"""Muscle recovery rebuilt from recent history, after a workout in it was edited or deleted."""

# Recovery is stored as a level per muscle group, lowered as each workout is logged and reset
# by soreness reports; an edit cannot simply be subtracted from it. But every muscle is fully
# recovered ten points' worth of rest (10 x the lifter's hours per point) after anything that
# happened to it, so only the events inside that horizon still shape today's levels. An edit
# or delete inside it replays them: every level starts at full before the horizon, then each
# workout (its hard sets, as stored) and soreness report is applied again in time order, with
# the same rules as when they were logged. Edits to older workouts leave recovery alone.

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import BodyPart, MuscleGroup
from alloy_desktop.domain.recovery import MAX_LEVEL
from alloy_desktop.services.context import Catalog
from alloy_desktop.services.recovery_state import apply_soreness, apply_workout
from alloy_desktop.store.models import LoggedSet, MuscleRecoveryState, SorenessLog, WorkoutLog

HardSets = dict[MuscleGroup, tuple[float, float]]


def horizon(now: datetime, decay_hours: float) -> datetime:
    """The earliest time an event can still affect recovery at `now`."""
    return now - timedelta(hours=MAX_LEVEL * decay_hours)


def affects_recovery(at: datetime, now: datetime, decay_hours: float) -> bool:
    """Whether a workout at `at` still weighs on some muscle's recovery at `now`."""
    return at >= horizon(now, decay_hours)


def replay(s: Session, user_id: int, catalog: Catalog, now: datetime, decay_hours: float) -> None:
    """Rebuilds every muscle group's stored recovery from the events inside the horizon."""
    start = horizon(now, decay_hours)
    workouts = _workouts(s, user_id, catalog, start)
    soreness = _soreness(s, user_id, start)
    s.execute(delete(MuscleRecoveryState).where(MuscleRecoveryState.user_id == user_id))
    # At the same instant a soreness report comes after the workout: it rates how it left you.
    events: list[tuple[datetime, int, Callable[[], None]]] = []
    for at, sets in workouts:
        events.append((at, 0, partial(apply_workout, s, user_id, sets, at, decay_hours)))
    for at, parts in soreness:
        events.append((at, 1, partial(apply_soreness, s, user_id, parts, at)))
    for _, _, apply in sorted(events, key=lambda event: (event[0], event[1])):
        apply()


def _workouts(
    s: Session, user_id: int, catalog: Catalog, start: datetime
) -> list[tuple[datetime, HardSets]]:
    rows = s.execute(
        select(WorkoutLog.id, WorkoutLog.performed_at, LoggedSet.movement_id, func.count())
        .join(LoggedSet, LoggedSet.workout_log_id == WorkoutLog.id)
        .where(
            WorkoutLog.user_id == user_id,
            WorkoutLog.performed_at >= start,
            LoggedSet.is_hard.is_(True),
        )
        .group_by(WorkoutLog.id, WorkoutLog.performed_at, LoggedSet.movement_id)
    ).all()
    by_workout: dict[int, tuple[datetime, dict[int, int]]] = {}
    for workout_id, at, movement_id, count in rows:
        by_workout.setdefault(workout_id, (at, {}))[1][movement_id] = int(count)
    return [(at, _hard_sets(counts, catalog)) for at, counts in by_workout.values()]


def _hard_sets(counts: Mapping[int, int], catalog: Catalog) -> HardSets:
    """Hard sets per muscle group as logging counts them: (as primary mover, as secondary)."""
    totals: HardSets = {}
    for movement_id, count in counts.items():
        info = catalog.by_id.get(movement_id)
        if info is None:
            continue
        for group in info.primary:
            primary, secondary = totals.get(group, (0.0, 0.0))
            totals[group] = (primary + count, secondary)
        for group in info.secondary:
            primary, secondary = totals.get(group, (0.0, 0.0))
            totals[group] = (primary, secondary + count)
    return totals


def _soreness(
    s: Session, user_id: int, start: datetime
) -> list[tuple[datetime, list[tuple[BodyPart, int]]]]:
    reports: dict[datetime, list[tuple[BodyPart, int]]] = {}
    for at, part, level in s.execute(
        select(SorenessLog.logged_at, SorenessLog.body_part, SorenessLog.level)
        .where(SorenessLog.user_id == user_id, SorenessLog.logged_at >= start)
        .order_by(SorenessLog.logged_at, SorenessLog.id)
    ):
        reports.setdefault(at, []).append((BodyPart(part), int(level)))
    return list(reports.items())
