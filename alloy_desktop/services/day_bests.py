"""Each day's best e1RM per movement and formula: written with the sets, read by charts and PRs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import CompoundSelect, Integer, bindparam, delete, func, insert, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import E1RMFormula, SetType
from alloy_desktop.services.history import as_date, day_range, python_e1rm, utc_day
from alloy_desktop.store import tables
from alloy_desktop.store.models import E1RMDayBest, LoggedSet

FORMULAS: tuple[E1RMFormula, ...] = tuple(E1RMFormula)
CHUNK = 5_000  # rows per executemany: large imports stay within SQLite's statement limits


# --- Writing ------------------------------------------------------------------------------


def day_of(moment: datetime) -> date:
    """The UTC day a set counts on, as everywhere else in the history."""
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def refresh(s: Session, user_id: int, touched: Iterable[tuple[int, date]]) -> None:
    """Rewrites the rows of these (movement, day) pairs from the sets now stored.

    Call after any write that adds, changes, moves or deletes sets, in the same transaction:
    a day left with no working sets loses its rows.
    """
    by_day: dict[date, set[int]] = defaultdict(set)
    for movement_id, day in touched:
        by_day[day].add(movement_id)
    rows: list[dict[str, Any]] = []
    for day, movements in sorted(by_day.items()):
        ids = sorted(movements)
        s.execute(
            delete(E1RMDayBest).where(
                E1RMDayBest.user_id == user_id,
                E1RMDayBest.day == day,
                E1RMDayBest.movement_id.in_(ids),
            )
        )
        rows.extend(_day_rows(s, user_id, ids, day))
    _insert(s, rows)


def add(
    s: Session,
    user_id: int,
    day: date,
    sets: Iterable[tuple[int, float, int, float | None]],
) -> None:
    """Raises the day's rows to the best of newly logged (movement, weight, reps, RPE) sets.

    Logging only ever adds sets, so a day's best can only rise: one upsert that keeps the
    better row, with no read first (edits and deletes, which may lower it, use `refresh`).
    """
    found: dict[int, list[tuple[int, float | None, float]]] = defaultdict(list)
    for movement_id, weight, reps, rpe in sets:
        found[movement_id].append((reps, rpe, weight))
    rows = [row for mid, done in found.items() for row in _best_rows(user_id, mid, day, done)]
    if not rows:
        return
    s.execute(_raise_statement(s.get_bind().dialect.name), rows)


@lru_cache(maxsize=4)
def _raise_statement(dialect: str) -> Any:
    # Built once per dialect: making the upsert expression costs more than running it.
    table = tables.e1rm_day_bests
    upsert = (sqlite_insert if dialect == "sqlite" else pg_insert)(table)
    new, old = upsert.excluded, table.c
    same_value = new.e1rm_kg == old.e1rm_kg
    heavier = (new.weight_kg > old.weight_kg) | (
        (new.weight_kg == old.weight_kg) & (new.reps > old.reps)
    )
    return upsert.on_conflict_do_update(
        index_elements=[old.user_id, old.movement_id, old.formula, old.day],
        set_={"e1rm_kg": new.e1rm_kg, "weight_kg": new.weight_kg, "reps": new.reps},
        where=(new.e1rm_kg > old.e1rm_kg) | (same_value & heavier),
    )


def rebuild(s: Session, user_id: int, movement_ids: Iterable[int] | None = None) -> int:
    """Recomputes every row of a user (or of some movements) from their sets; rows written.

    For writes that touch years at once: an import, a restore, a benchmark's history.
    """
    wanted = None if movement_ids is None else sorted(set(movement_ids))
    where = [E1RMDayBest.user_id == user_id]
    if wanted is not None:
        where.append(E1RMDayBest.movement_id.in_(wanted))
    s.execute(delete(E1RMDayBest).where(*where))
    day = utc_day(LoggedSet.performed_at)
    statement = (
        select(
            LoggedSet.movement_id, day, LoggedSet.reps, LoggedSet.rpe, func.max(LoggedSet.weight_kg)
        )
        .where(LoggedSet.user_id == user_id, LoggedSet.set_type != SetType.WARMUP)
        .group_by(LoggedSet.movement_id, day, LoggedSet.reps, LoggedSet.rpe)
    )
    if wanted is not None:
        statement = statement.where(LoggedSet.movement_id.in_(wanted))
    candidates: dict[tuple[int, date], list[tuple[int, float | None, float]]] = defaultdict(list)
    for movement_id, raw_day, reps, rpe, weight in s.connection().execute(statement).all():
        candidates[(int(movement_id), as_date(raw_day))].append((int(reps), rpe, float(weight)))
    rows = [
        row
        for (movement_id, day_value), sets in candidates.items()
        for row in _best_rows(user_id, movement_id, day_value, sets)
    ]
    _insert(s, rows)
    return len(rows)


def _day_rows(
    s: Session, user_id: int, movement_ids: Sequence[int], day: date
) -> list[dict[str, Any]]:
    start, end = day_range(day)
    found: dict[int, list[tuple[int, float | None, float]]] = defaultdict(list)
    for movement_id, reps, rpe, weight in s.connection().execute(
        select(LoggedSet.movement_id, LoggedSet.reps, LoggedSet.rpe, LoggedSet.weight_kg).where(
            LoggedSet.user_id == user_id,
            LoggedSet.movement_id.in_(movement_ids),
            LoggedSet.performed_at >= start,
            LoggedSet.performed_at < end,
            LoggedSet.set_type != SetType.WARMUP,
        )
    ):
        found[int(movement_id)].append((int(reps), rpe, float(weight)))
    return [row for mid, sets in found.items() for row in _best_rows(user_id, mid, day, sets)]


def _best_rows(
    user_id: int, movement_id: int, day: date, sets: Sequence[tuple[int, float | None, float]]
) -> Iterator[dict[str, Any]]:
    for formula in FORMULAS:
        # The heavier set wins a tie, as a workout's top set does.
        value, weight, reps = max((python_e1rm(w, r, p, formula), w, r) for r, p, w in sets)
        yield {
            "user_id": user_id,
            "movement_id": movement_id,
            "formula": formula,
            "day": day,
            "e1rm_kg": value,
            "weight_kg": weight,
            "reps": reps,
        }


def _insert(s: Session, rows: list[dict[str, Any]]) -> None:
    # Core inserts on the Table: the ORM's bulk path turns these dicts into one row each.
    table = tables.e1rm_day_bests
    for start in range(0, len(rows), CHUNK):
        s.execute(insert(table), rows[start : start + CHUNK])


# --- Reading ------------------------------------------------------------------------------


def trend(
    s: Session, user_id: int, movement_id: int, formula: E1RMFormula, since: date | None = None
) -> list[tuple[date, float, float, int]]:
    """Each training day's best of one movement, oldest first: (day, e1RM, weight, reps)."""
    statement = select(
        E1RMDayBest.day, E1RMDayBest.e1rm_kg, E1RMDayBest.weight_kg, E1RMDayBest.reps
    ).where(
        E1RMDayBest.user_id == user_id,
        E1RMDayBest.movement_id == movement_id,
        E1RMDayBest.formula == formula,
    )
    if since is not None:
        statement = statement.where(E1RMDayBest.day >= since)
    # Plain tuples: a chart of years holds thousands of days, each built once, by the caller.
    rows = s.connection().execute(statement.order_by(E1RMDayBest.day))
    return [(d, e, w, r) for d, e, w, r in rows]


def best_before(
    s: Session, user_id: int, movement_id: int, formula: E1RMFormula, before: date
) -> float | None:
    """The best e1RM of a movement on the days before `before` (None when there is none)."""
    value = s.scalar(
        select(func.max(E1RMDayBest.e1rm_kg)).where(
            E1RMDayBest.user_id == user_id,
            E1RMDayBest.movement_id == movement_id,
            E1RMDayBest.formula == formula,
            E1RMDayBest.day < before,
        )
    )
    return None if value is None else float(value)


def bests_from(
    s: Session, user_id: int, movement_id: int, formula: E1RMFormula, first: date | None
) -> dict[date, float]:
    """A movement's best e1RM of each day from `first` on (every day when None).

    What a records walk folds in as it passes each day: a day's rows hold one value per
    training day, where its sets would be dozens.
    """
    statement = select(E1RMDayBest.day, E1RMDayBest.e1rm_kg).where(
        E1RMDayBest.user_id == user_id,
        E1RMDayBest.movement_id == movement_id,
        E1RMDayBest.formula == formula,
    )
    if first is not None:
        statement = statement.where(E1RMDayBest.day >= first)
    rows = s.connection().execute(statement).all()
    return {as_date(day): float(value) for day, value in rows}


def best_before_workout(
    s: Session,
    user_id: int,
    movement_ids: Sequence[int],
    formula: E1RMFormula,
    before: tuple[datetime, int],
) -> dict[int, float]:
    """Per movement, the best e1RM of every working set logged before a workout.

    "Before" as records are judged: an earlier day (from the day bests), or that day at an
    earlier time, or the same time and logged first (the day's sets, one by one). A workout
    id of 0 counts nothing at `at` itself as before.
    """
    wanted = sorted(set(movement_ids))
    if not wanted:
        return {}
    at, workout_id = before
    day = day_of(at)
    best: dict[int, float] = {}
    for movement_id in wanted:  # each a step down the day bests' index, however long ago
        value = best_before(s, user_id, movement_id, formula, day)
        if value is not None:
            best[movement_id] = value
    start, _ = day_range(day)
    for movement_id, weight, reps, rpe in s.connection().execute(
        select(LoggedSet.movement_id, LoggedSet.weight_kg, LoggedSet.reps, LoggedSet.rpe).where(
            LoggedSet.user_id == user_id,
            LoggedSet.movement_id.in_(wanted),
            LoggedSet.set_type != SetType.WARMUP,
            LoggedSet.performed_at >= start,
            (LoggedSet.performed_at < at)
            | ((LoggedSet.performed_at == at) & (LoggedSet.workout_log_id < workout_id)),
        )
    ):
        value = python_e1rm(weight, reps, rpe, formula)
        best[int(movement_id)] = max(value, best.get(int(movement_id), value))
    return best


def best_ever(
    s: Session, user_id: int, movement_ids: Sequence[int], formula: E1RMFormula
) -> dict[int, float]:
    """Per movement, the best e1RM of every stored working set (the PR to beat when logging)."""
    wanted = sorted(set(movement_ids))
    if not wanted:
        return {}
    params: dict[str, Any] = {"user_id": user_id, "formula": formula}
    params.update({f"m{i}": movement_id for i, movement_id in enumerate(wanted)})
    rows = s.connection().execute(_best_ever_statement(len(wanted)), params).all()
    return {int(mid): float(value) for mid, value in rows if value is not None}


@lru_cache(maxsize=32)
def _best_ever_statement(count: int) -> CompoundSelect:
    # One MAX per movement, each a single step down (user, movement, formula, e1rm); built
    # once per count with bound parameters, as building the expression costs more than running it.
    return union_all(
        *(
            select(bindparam(f"m{i}", type_=Integer), func.max(E1RMDayBest.e1rm_kg)).where(
                E1RMDayBest.user_id == bindparam("user_id"),
                E1RMDayBest.movement_id == bindparam(f"m{i}", type_=Integer),
                E1RMDayBest.formula == bindparam("formula"),
            )
            for i in range(count)
        )
    )
