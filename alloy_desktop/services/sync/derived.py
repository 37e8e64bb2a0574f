"""Derived data rebuilt on the receiving side of a sync: top sets, PR flags, day bests, recovery."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import E1RMFormula
from alloy_desktop.domain.recovery import DEFAULT_DECAY_HOURS
from alloy_desktop.services import day_bests, recovery_replay
from alloy_desktop.services.context import load_catalog, merged
from alloy_desktop.services.history import top_sets
from alloy_desktop.services.imports.records import recompute
from alloy_desktop.services.sync.rows import Touched, chunks
from alloy_desktop.store.models import LoggedSet, Movement, TopSetLog, UserSettings, WorkoutLog


def rebuild(s: Session, user_id: int, touched: Touched, now: datetime) -> None:
    """Everything derived from the touched workouts and movements, as logging would leave it.

    Derived rows never travel: each side computes them from its own copy of the sets, so a
    fix to a formula cannot leave two copies disagreeing about a record.
    """
    if not (touched.workouts or touched.movements or touched.recovery):
        return
    movements = set(touched.movements) | _top_sets(s, user_id, touched.workouts)
    formula, decay_hours = _prefs(s, user_id)
    if movements:
        day_bests.rebuild(s, user_id, movements)  # the records walk reads the day bests
        recompute(s, user_id, movements, formula)
    if touched.recovery:
        catalog = merged(load_catalog(s), load_catalog(s, owner_user_id=user_id))
        recovery_replay.replay(s, user_id, catalog, now, decay_hours)


def _prefs(s: Session, user_id: int) -> tuple[E1RMFormula, float]:
    row = s.execute(
        select(UserSettings.active_e1rm_formula, UserSettings.soreness_decay_hours).where(
            UserSettings.user_id == user_id
        )
    ).first()
    if row is None:
        return E1RMFormula.EPLEY, DEFAULT_DECAY_HOURS
    return E1RMFormula(row[0]), float(row[1])


def _top_sets(s: Session, user_id: int, workout_ids: set[int]) -> set[int]:
    """Rewrites each touched workout's top set per movement; returns the movements involved."""
    movements: set[int] = set()
    for part in chunks(sorted(workout_ids)):
        movements.update(
            s.scalars(select(TopSetLog.movement_id).where(TopSetLog.workout_log_id.in_(part)))
        )
        s.execute(delete(TopSetLog).where(TopSetLog.workout_log_id.in_(part)))
        # The same pick as logging and edits make (history.top_sets).
        best = top_sets(s, LoggedSet.workout_log_id.in_(part), LoggedSet.user_id == user_id)
        if not best:
            continue
        ids = sorted({m for _, m in best})
        patterns = dict(
            s.execute(select(Movement.id, Movement.pattern).where(Movement.id.in_(ids))).all()
        )
        times = dict(
            s.execute(
                select(WorkoutLog.id, WorkoutLog.performed_at).where(
                    WorkoutLog.id.in_(sorted({w for w, _ in best}))
                )
            ).all()
        )
        rows = [
            {
                "user_id": user_id,
                "workout_log_id": workout_id,
                "movement_id": movement_id,
                "pattern": patterns[movement_id],
                "weight_kg": weight,
                "reps": reps,
                "rpe": rpe,
                "e1rm_kg": e1rm,
                "is_e1rm_pr": False,  # set by the walk that follows
                "is_rep_pr": False,
                "performed_at": times[workout_id],
            }
            for (workout_id, movement_id), (e1rm, weight, reps, rpe) in best.items()
        ]
        s.execute(insert(TopSetLog), rows)
        movements.update(ids)
    return movements
