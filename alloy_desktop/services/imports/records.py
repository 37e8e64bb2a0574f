"""Personal records recomputed in date order, after history arrives out of order or is edited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import E1RMFormula, SetType
from alloy_desktop.services import day_bests
from alloy_desktop.services.history import python_e1rm
from alloy_desktop.store.models import LoggedSet, TopSetLog

PR_TOLERANCE = 1e-9  # as in logs: a new best must beat the old one by more than float noise
RECENT_WORKOUTS = 50  # up to this many later workouts, an edit is "recent" (see _most_before)
SHARED_DAY_SLICE = 1000  # workout ids per statement when reading days of several workouts


@dataclass
class _Top:
    id: int
    workout: int
    performed_at: datetime
    weight: float
    reps: int
    rpe: float | None
    e1rm_pr: bool
    rep_pr: bool


def recompute(s: Session, user_id: int, movement_ids: Iterable[int], formula: E1RMFormula) -> int:
    """Sets every top set's PR flags of these movements by walking their history in date order.

    A record beats everything done before it (an earlier time, or the same time and logged
    first);
    the first time a movement is done sets no record. Returns how many rows changed. The
    day bests of these movements must be current (rebuilt first).
    """
    changed: list[dict[str, object]] = []
    for movement_id in sorted(set(movement_ids)):
        changed.extend(_movement(s, user_id, movement_id, formula))
    if changed:
        s.execute(update(TopSetLog), changed)
    return len(changed)


def _movement(
    s: Session, user_id: int, movement_id: int, formula: E1RMFormula
) -> list[dict[str, object]]:
    tops = [
        _Top(*row)
        for row in s.execute(
            select(
                TopSetLog.id,
                TopSetLog.workout_log_id,
                TopSetLog.performed_at,
                TopSetLog.weight_kg,
                TopSetLog.reps,
                TopSetLog.rpe,
                TopSetLog.is_e1rm_pr,
                TopSetLog.is_rep_pr,
            )
            .where(TopSetLog.user_id == user_id, TopSetLog.movement_id == movement_id)
            .order_by(TopSetLog.performed_at, TopSetLog.workout_log_id)
        )
    ]
    # Per workout, the most reps at each weight: what a later rep record must beat.
    per_workout: dict[int, dict[float, int]] = {}
    for workout, weight, reps in s.execute(
        select(LoggedSet.workout_log_id, LoggedSet.weight_kg, LoggedSet.reps).where(
            LoggedSet.user_id == user_id,
            LoggedSet.movement_id == movement_id,
            LoggedSet.set_type != SetType.WARMUP,
        )
    ):
        loads = per_workout.setdefault(int(workout), {})
        loads[float(weight)] = max(int(reps), loads.get(float(weight), 0))
    earlier = _Earlier(
        days=day_bests.bests_from(s, user_id, movement_id, formula, None),
        workouts=_shared_day_bests(s, user_id, movement_id, formula, tops),
    )
    return _walk(tops, per_workout, formula, earlier)


def recompute_since(
    s: Session, user_id: int, movement_ids: Iterable[int], formula: E1RMFormula, since: datetime
) -> int:
    """Like `recompute`, for the top sets at or after `since` only (an edit or a delete there).

    What came before is read as two aggregates (the best e1RM of every earlier working set,
    the most reps at each weight) instead of being walked, so editing last week's workout reads a
    week of rows, not ten years of them. Returns how many rows changed.
    """
    changed: list[dict[str, object]] = []
    for movement_id in sorted(set(movement_ids)):
        changed.extend(_movement_since(s, user_id, movement_id, formula, since))
    if changed:
        s.execute(update(TopSetLog), changed)
    return len(changed)


def _movement_since(
    s: Session, user_id: int, movement_id: int, formula: E1RMFormula, since: datetime
) -> list[dict[str, object]]:
    # Core rows through the connection: an edit years back reads thousands of them.
    connection = s.connection()
    tops = [
        _Top(*row)
        for row in connection.execute(
            select(
                TopSetLog.id,
                TopSetLog.workout_log_id,
                TopSetLog.performed_at,
                TopSetLog.weight_kg,
                TopSetLog.reps,
                TopSetLog.rpe,
                TopSetLog.is_e1rm_pr,
                TopSetLog.is_rep_pr,
            )
            .where(
                TopSetLog.user_id == user_id,
                TopSetLog.movement_id == movement_id,
                TopSetLog.performed_at >= since,
            )
            .order_by(TopSetLog.performed_at, TopSetLog.workout_log_id)
        ).all()  # fetchall: a row at a time costs twice as much over thousands
    ]
    if not tops:
        return []
    # Top sets at `since` itself are walked, so nothing at that moment counts as before.
    before = day_bests.best_before_workout(s, user_id, [movement_id], formula, (since, 0))
    # A rep record is judged at the top set's weight or heavier: lighter loads never matter.
    heavy = (
        LoggedSet.user_id == user_id,
        LoggedSet.movement_id == movement_id,
        LoggedSet.set_type != SetType.WARMUP,
        LoggedSet.weight_kg >= min(top.weight for top in tops),
    )
    per_workout: dict[int, dict[float, int]] = {}
    for workout, weight, reps in connection.execute(
        select(LoggedSet.workout_log_id, LoggedSet.weight_kg, LoggedSet.reps).where(
            *heavy, LoggedSet.performed_at >= since
        )
    ).all():
        loads = per_workout.setdefault(workout, {})
        if reps > loads.get(weight, 0):
            loads[weight] = reps
    most = _most_before(s, heavy, since, per_workout)
    earlier = _Earlier(
        days=day_bests.bests_from(s, user_id, movement_id, formula, day_bests.day_of(since)),
        workouts=_shared_day_bests(s, user_id, movement_id, formula, tops),
        best=before.get(movement_id),
        most=most,
    )
    return _walk(tops, per_workout, formula, earlier)


def _most_before(
    s: Session,
    working: tuple[ColumnElement[bool], ...],
    since: datetime,
    after: dict[int, dict[float, int]],
) -> dict[float, int]:
    """The most reps done at each weight before `since`.

    Asked with the time, SQLite walks the (user, movement, time) index and sorts by weight:
    13 ms over a movement's 25,000 sets when `since` is last week. Over every set it reads
    the (user, movement, weight, reps) index in order instead: 4 ms. Where a weight's best
    came before `since` (later sets did fewer reps there) that is the answer; the few
    weights whose best came later are asked again, one by one (under 1 ms for nine). After
    years of later workouts most weights are in doubt, and the plain query is the quicker.
    """
    if len(after) > RECENT_WORKOUTS:
        return _most_before_plainly(s, working, since)
    later: dict[float, int] = {}
    for loads in after.values():
        for weight, reps in loads.items():
            later[weight] = max(reps, later.get(weight, 0))
    every = {
        float(weight): int(reps)
        for weight, reps in s.connection().execute(
            select(LoggedSet.weight_kg, func.max(LoggedSet.reps))
            .where(*working)
            .group_by(LoggedSet.weight_kg)
        )
    }
    most = {weight: reps for weight, reps in every.items() if later.get(weight, 0) < reps}
    # Wrapped in coalesce(), the time keeps SQLite off the (user, movement, time) index: down
    # the (user, movement, weight, reps) one, a weight's best earlier set is a step or two.
    earlier = func.coalesce(LoggedSet.performed_at, LoggedSet.performed_at) < since
    connection = s.connection()
    for weight in sorted(weight for weight in every if weight not in most):
        best_earlier = connection.execute(
            select(LoggedSet.reps)
            .where(*working, LoggedSet.weight_kg == weight, earlier)
            .order_by(LoggedSet.reps.desc())
            .limit(1)
        ).scalar()
        if best_earlier is not None:
            most[weight] = int(best_earlier)
    return most


@dataclass
class _Earlier:
    """What a walk judges each top set against, besides the top sets walked before it.

    An e1RM record must beat every earlier working set, not only earlier top sets: after a
    formula switch a workout's top set (its best when logged) need not be its best any more,
    and logging judges against every set. So the walk folds in each day's best as it leaves
    the day, and where one day holds several workouts of the movement, each one's best.
    """

    days: dict[date, float]  # the movement's best e1RM of each day walked
    workouts: dict[int, float]  # each workout's best, on days holding more than one
    best: float | None = None  # the best before the first top set walked
    most: dict[float, int] | None = None  # weight -> most reps done before it


def _shared_day_bests(
    s: Session, user_id: int, movement_id: int, formula: E1RMFormula, tops: list[_Top]
) -> dict[int, float]:
    """The best e1RM of each workout that shares its day with another of the movement."""
    per_day = Counter(day_bests.day_of(top.performed_at) for top in tops)
    shared = [top.workout for top in tops if per_day[day_bests.day_of(top.performed_at)] > 1]
    best: dict[int, float] = {}
    # In slices: an import of years of two-a-days would outgrow a statement's parameters.
    for start in range(0, len(shared), SHARED_DAY_SLICE):
        for workout, weight, reps, rpe in s.connection().execute(
            select(
                LoggedSet.workout_log_id, LoggedSet.weight_kg, LoggedSet.reps, LoggedSet.rpe
            ).where(
                LoggedSet.user_id == user_id,
                LoggedSet.movement_id == movement_id,
                LoggedSet.set_type != SetType.WARMUP,
                LoggedSet.workout_log_id.in_(shared[start : start + SHARED_DAY_SLICE]),
            )
        ):
            value = python_e1rm(weight, reps, rpe, formula)
            best[workout] = max(value, best.get(workout, value))
    return best


def _walk(
    tops: list[_Top],
    per_workout: dict[int, dict[float, int]],
    formula: E1RMFormula,
    earlier: _Earlier,
) -> list[dict[str, object]]:
    best = earlier.best
    most = dict(earlier.most or {})  # weight -> most reps done at it so far
    changes: list[dict[str, object]] = []
    walking: date | None = None
    for top in tops:
        day = day_bests.day_of(top.performed_at)
        if walking is not None and day != walking:
            best = _higher(best, earlier.days.get(walking))
        walking = day
        value = python_e1rm(top.weight, top.reps, top.rpe, formula)
        e1rm_pr = best is not None and value > best + PR_TOLERANCE
        previous = max((r for w, r in most.items() if w >= top.weight), default=None)
        rep_pr = previous is not None and top.reps > previous
        if (e1rm_pr, rep_pr) != (top.e1rm_pr, top.rep_pr):
            changes.append({"id": top.id, "is_e1rm_pr": e1rm_pr, "is_rep_pr": rep_pr})
        # A later workout the same day is judged against all of this one's sets.
        best = _higher(best, earlier.workouts.get(top.workout, value))
        for weight, reps in per_workout.get(top.workout, {}).items():
            most[weight] = max(reps, most.get(weight, 0))
    return changes


def _higher(best: float | None, value: float | None) -> float | None:
    if value is None:
        return best
    return value if best is None else max(best, value)


def _most_before_plainly(
    s: Session, working: tuple[ColumnElement[bool], ...], since: datetime
) -> dict[float, int]:
    return {
        float(weight): int(reps)
        for weight, reps in s.connection().execute(
            select(LoggedSet.weight_kg, func.max(LoggedSet.reps))
            .where(*working, LoggedSet.performed_at < since)
            .group_by(LoggedSet.weight_kg)
        )
    }
