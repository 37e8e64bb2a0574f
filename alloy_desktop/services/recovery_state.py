"""Stored muscle recovery: read with rest applied, lowered by workouts, reset by soreness."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update

from alloy_desktop.domain.enums import MUSCLE_GROUP_BODY_PART, BodyPart, MuscleGroup
from alloy_desktop.domain.recovery import (
    MAX_LEVEL,
    after_workout,
    current_recovery,
    recovery_from_soreness,
)
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

__all__ = [
    "StoredRecovery",
    "apply_soreness",
    "apply_workout",
    "current_muscle_recovery",
    "latest_recovery_signal",
    "stored_recovery",
]


@dataclass(frozen=True)
class StoredRecovery:
    """One muscle group's recorded level and when it was recorded."""

    id: int
    level: float
    last_updated_at: datetime


def _aware(moment: datetime) -> datetime:
    # Stored times come back aware (UTC); a naive `now` from a caller means UTC too.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored_recovery(session: Session, user_id: int) -> dict[MuscleGroup, StoredRecovery]:
    """The recorded state of every muscle group that has one (one query)."""
    rows = session.execute(
        select(
            models.MuscleRecoveryState.id,
            models.MuscleRecoveryState.muscle_group,
            models.MuscleRecoveryState.recovery_level,
            models.MuscleRecoveryState.last_updated_at,
        ).where(models.MuscleRecoveryState.user_id == user_id)
    )
    return {
        MuscleGroup(group): StoredRecovery(row_id, float(level), _aware(at))
        for row_id, group, level, at in rows
    }


def current_muscle_recovery(
    session: Session, user_id: int, now: datetime, decay_hours: float
) -> dict[MuscleGroup, float]:
    """Every muscle group's recovery 0..10 at `now` (10 = recovered, also when never trained)."""
    moment = _aware(now)
    levels = dict.fromkeys(MuscleGroup, MAX_LEVEL)
    for group, state in stored_recovery(session, user_id).items():
        levels[group] = current_recovery(state.level, state.last_updated_at, moment, decay_hours)
    return levels


def latest_recovery_signal(
    session: Session, user_id: int, since: datetime
) -> models.RecoverySignal | None:
    """The newest recovery signal logged at or after `since` (an ORM row: services only)."""
    return session.scalar(
        select(models.RecoverySignal)
        .where(
            models.RecoverySignal.user_id == user_id,
            models.RecoverySignal.logged_at >= _aware(since),
        )
        .order_by(models.RecoverySignal.logged_at.desc(), models.RecoverySignal.id.desc())
        .limit(1)
    )


def apply_soreness(
    session: Session, user_id: int, entries: Iterable[tuple[BodyPart, int]], at: datetime
) -> None:
    """Sets every muscle group of each sore body part to 10 - soreness level, as of `at`.

    A body part named twice takes its highest soreness: the lifter's worst report wins.
    """
    worst: dict[BodyPart, int] = {}
    for body_part, level in entries:
        part = BodyPart(body_part)
        worst[part] = max(level, worst.get(part, 0))
    levels = {
        group: recovery_from_soreness(worst[part])
        for group, part in MUSCLE_GROUP_BODY_PART.items()
        if part in worst
    }
    _upsert(session, user_id, levels, _aware(at))


def apply_workout(
    session: Session,
    user_id: int,
    hard_sets: Mapping[MuscleGroup, tuple[float, float]],
    at: datetime,
    decay_hours: float,
) -> None:
    """Lowers each worked group's recovery at `at` by after_workout(primary, secondary hard sets).

    Rest since the last update is credited first, so a rested muscle starts from its risen
    level. A workout logged as earlier than the last update (typed in late, after a soreness
    report) is charged against the stored level and keeps the later timestamp, so rest
    already counted is never counted twice.
    """
    moment = _aware(at)
    stored = stored_recovery(session, user_id)
    changes: dict[MuscleGroup, tuple[float, datetime]] = {}
    for group, (primary, secondary) in hard_sets.items():
        if primary <= 0 and secondary <= 0:
            continue
        state = stored.get(group)
        if state is None:
            level_now, when = MAX_LEVEL, moment
        else:
            when = max(moment, state.last_updated_at)
            level_now = current_recovery(state.level, state.last_updated_at, when, decay_hours)
        changes[group] = (after_workout(level_now, primary, secondary), when)
    _write(session, user_id, changes, stored)


def _upsert(
    session: Session, user_id: int, levels: Mapping[MuscleGroup, float], at: datetime
) -> None:
    changes = {group: (level, at) for group, level in levels.items()}
    _write(session, user_id, changes, stored_recovery(session, user_id))


def _write(
    session: Session,
    user_id: int,
    changes: Mapping[MuscleGroup, tuple[float, datetime]],
    stored: Mapping[MuscleGroup, StoredRecovery],
) -> None:
    # A portable upsert: the rows that exist are updated and the rest inserted, one
    # executemany each (ON CONFLICT differs between SQLite and PostgreSQL dialects).
    updates = [
        {"id": stored[group].id, "recovery_level": level, "last_updated_at": at}
        for group, (level, at) in changes.items()
        if group in stored
    ]
    inserts = [
        {
            "user_id": user_id,
            "muscle_group": group,
            "body_part": MUSCLE_GROUP_BODY_PART[group],
            "recovery_level": level,
            "last_updated_at": at,
        }
        for group, (level, at) in changes.items()
        if group not in stored
    ]
    if updates:  # ORM bulk update by primary key: one executemany
        session.execute(update(models.MuscleRecoveryState), updates)
    if inserts:
        session.execute(insert(models.MuscleRecoveryState), inserts)
