"""SQL aggregates over logged sets for charts and history; plain rows out, never ORM objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Float,
    Integer,
    SQLColumnExpression,
    bindparam,
    case,
    exists,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from alloy_desktop.domain.enums import E1RMFormula, MuscleGroup, MuscleRole, SessionType, SetType
from alloy_desktop.domain.metrics import BRZYCKI_LIMIT_REPS, MAX_RPE, estimate_e1rm
from alloy_desktop.services.context import core
from alloy_desktop.store import tables

if TYPE_CHECKING:
    from alloy_desktop.services.context import Reader


PRIMARY_SHARE = 1.0  # a hard set counts fully for the muscles a movement trains primarily
SECONDARY_SHARE = 0.5  # and half for the ones it trains secondarily

# --- Dialect differences, all here: the calendar day and the Monday of a stored UTC time ---


class utc_day(FunctionElement[date]):
    """The calendar day (UTC) of a stored timestamp, as a DATE on every dialect."""

    type = Date()
    inherit_cache = True


class utc_week_start(FunctionElement[date]):
    """The Monday (ISO week start, UTC) of a stored timestamp, as a DATE."""

    type = Date()
    inherit_cache = True


@compiles(utc_day)
def _day_default(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(utc_day, "sqlite")
def _day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps timestamps as text; CAST(... AS DATE) would give a number.
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_week_start)
def _week_default(element: utc_week_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(date_trunc('week', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(utc_week_start, "sqlite")
def _week_sqlite(element: utc_week_start, compiler: SQLCompiler, **kw: Any) -> str:
    # 'weekday 0' moves forward to Sunday (or stays on one); six days back is that week's Monday.
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


def as_date(value: date | str) -> date:
    # Drivers without DATE parsing for expressions may hand back ISO text.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def day_range(day: date) -> tuple[datetime, datetime]:
    """The UTC day a set counts on (see day_bests.day_of), as [start, end) times."""
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start, start + timedelta(days=1)


# --- e1RM in SQL --------------------------------------------------------------------------


def _effective_reps(
    reps: SQLColumnExpression[Any], rpe: SQLColumnExpression[Any]
) -> ColumnElement[float]:
    # Reps plus reps in reserve (10 - RPE); an unknown RPE adds nothing (as in the domain).
    return reps + (literal(MAX_RPE, Float) - func.coalesce(rpe, literal(MAX_RPE, Float)))


def e1rm_expression(
    formula: E1RMFormula,
    weight: SQLColumnExpression[Any],
    reps: SQLColumnExpression[Any],
    rpe: SQLColumnExpression[Any],
) -> ColumnElement[float]:
    """domain.metrics.estimate_e1rm as SQL for Epley, Brzycki and O'Conner (not Lombardi)."""
    eff = _effective_reps(reps, rpe)
    epley = weight * (1.0 + eff / 30.0)
    # A single at RPE 10 already was a max: every formula returns the weight itself.
    single = (eff == 1.0, weight)
    if formula is E1RMFormula.EPLEY:
        return case(single, else_=epley)
    if formula is E1RMFormula.OCONNER:
        return case(single, else_=weight * (1.0 + eff / 40.0))
    if formula is E1RMFormula.BRZYCKI:
        brzycki = weight * 36.0 / (BRZYCKI_LIMIT_REPS - eff)
        return case(single, (eff >= BRZYCKI_LIMIT_REPS, epley), else_=brzycki)
    raise ValueError(f"{formula} needs power(); use the per-set candidates instead")


def needs_python(formula: E1RMFormula) -> bool:
    """Lombardi (weight x reps^0.1) needs power(), which SQLite has only when compiled with it."""
    return formula is E1RMFormula.LOMBARDI


def python_e1rm(weight: float, reps: int, rpe: float | None, formula: E1RMFormula) -> float:
    """The domain's estimate for aggregated rows, with a bodyweight set (0 kg) worth 0.

    Every formula is the weight times a factor of (reps, RPE), so the factor is computed by
    the domain once per distinct (reps, RPE, formula) and reused over thousands of rows.
    """
    return 0.0 if weight <= 0 else weight * _factor(reps, rpe, formula)


@lru_cache(maxsize=4096)
def _factor(reps: int, rpe: float | None, formula: E1RMFormula) -> float:
    return estimate_e1rm(1.0, reps, formula, rpe)


def _movement_filter(
    user_id: int, movement_id: int, since: datetime | None, before: datetime | None = None
) -> list[ColumnElement[bool]]:
    conditions = [
        tables.logged_sets.c.user_id == user_id,
        tables.logged_sets.c.movement_id == movement_id,
        # Warm-ups are kept and shown, but set no record and draw no point on a chart.
        tables.logged_sets.c.set_type != SetType.WARMUP,
    ]
    if since is not None:
        conditions.append(tables.logged_sets.c.performed_at >= since)
    if before is not None:
        conditions.append(tables.logged_sets.c.performed_at < before)
    return conditions


# --- Personal records ---------------------------------------------------------------------
#
# A record beats everything done before it. At log time, when nothing of those lifts was done
# later (`done_after`), that is every stored row (the new sets are not written yet), so no
# time filter is needed and SQLite can answer from an index on (user, movement, weight,
# reps) alone. A backdated workout and a stored one pass `before` (their time and id), which
# gives the same answer again, also for history imported after later workouts.


def done_after(session: Reader, user_id: int, movement_ids: Sequence[int], at: datetime) -> bool:
    """Whether any working set of these movements was logged later than `at`."""
    if not movement_ids:
        return False
    later = core(session).execute(
        select(tables.logged_sets.c.id)
        .where(
            tables.logged_sets.c.user_id == user_id,
            tables.logged_sets.c.movement_id.in_(movement_ids),
            tables.logged_sets.c.performed_at > at,
            tables.logged_sets.c.set_type != SetType.WARMUP,
        )
        .limit(1)
    )
    return later.first() is not None


def previous_max_reps(
    session: Reader,
    user_id: int,
    weights: Mapping[int, float],
    before: tuple[datetime, int] | None = None,
) -> dict[int, int]:
    """Per movement, the most reps logged so far at or above the given weight."""
    if not weights:
        return {}
    params: dict[str, Any] = {"user_id": user_id}
    for i, (movement_id, weight) in enumerate(weights.items()):
        params[f"m{i}"], params[f"w{i}"] = movement_id, weight
    if before is not None:
        params["at"], params["workout_id"] = before
    statement = _max_reps_statement(len(weights), before is not None)
    rows = core(session).execute(statement, params).all()
    return {int(movement_id): int(reps) for movement_id, reps in rows if reps is not None}


@lru_cache(maxsize=64)
def _max_reps_statement(count: int, with_before: bool) -> CompoundSelect:
    # One branch per movement, each a range on (user, movement, weight): an OR of the pairs
    # made SQLite scan every set of the user. Built once per shape with bound parameters, as
    # building the expression costs more than running it.
    branches = []
    for i in range(count):
        movement = bindparam(f"m{i}", type_=Integer)
        branch = select(movement, func.max(tables.logged_sets.c.reps)).where(
            tables.logged_sets.c.user_id == bindparam("user_id"),
            tables.logged_sets.c.movement_id == movement,
            tables.logged_sets.c.set_type != SetType.WARMUP,
            tables.logged_sets.c.weight_kg >= bindparam(f"w{i}", type_=Float),
        )
        if with_before:
            at = bindparam("at", type_=tables.logged_sets.c.performed_at.type)
            branch = branch.where(
                (tables.logged_sets.c.performed_at < at)
                | (
                    (tables.logged_sets.c.performed_at == at)
                    & (tables.logged_sets.c.workout_log_id < bindparam("workout_id", type_=Integer))
                )
            )
        branches.append(branch)
    return union_all(*branches)


# --- Volume and lists ---------------------------------------------------------------------


def weekly_hard_sets(
    session: Reader, user_id: int, start: datetime, end: datetime
) -> list[tuple[date, MuscleGroup, float]]:
    """(Monday, muscle group, hard sets) for every week with any, primary 1 and secondary 0.5."""
    week = utc_week_start(tables.workout_logs.c.performed_at)
    # Hard sets per week and movement first (starting from workout_logs, whose (user_id,
    # performed_at) index bounds the range), then spread over muscles: the muscle map is
    # joined once per movement and week instead of once per set.
    per_movement = (
        select(
            week.label("week"),
            tables.logged_sets.c.movement_id.label("movement_id"),
            func.count().label("sets"),
        )
        .select_from(tables.workout_logs)
        .join(tables.logged_sets, tables.logged_sets.c.workout_log_id == tables.workout_logs.c.id)
        .where(
            tables.workout_logs.c.user_id == user_id,
            tables.workout_logs.c.performed_at >= start,
            tables.workout_logs.c.performed_at < end,
            tables.logged_sets.c.is_hard.is_(True),
        )
        .group_by(week, tables.logged_sets.c.movement_id)
        .subquery()
    )
    share = case(
        (tables.movement_muscle_maps.c.role == MuscleRole.PRIMARY, PRIMARY_SHARE),
        else_=SECONDARY_SHARE,
    )
    muscle = tables.movement_muscle_maps.c.muscle_group
    rows = session.execute(
        select(per_movement.c.week, muscle, func.sum(per_movement.c.sets * share))
        .join(
            tables.movement_muscle_maps,
            tables.movement_muscle_maps.c.movement_id == per_movement.c.movement_id,
        )
        .group_by(per_movement.c.week, muscle)
        .order_by(per_movement.c.week, muscle)
    ).all()
    return [(as_date(w), MuscleGroup(group), float(total)) for w, group, total in rows]


@dataclass(frozen=True)
class WorkoutRow:
    """One workout of the history list."""

    id: int
    name: str
    performed_at: datetime
    session_id: int | None
    sets: int
    total_volume_kg: float
    duration_seconds: int | None


def workout_rows(session: Reader, user_id: int, limit: int, offset: int) -> list[WorkoutRow]:
    """Newest workouts first, with their set counts (counted only for the page shown)."""
    set_count = (
        select(func.count(tables.logged_sets.c.id))
        .where(tables.logged_sets.c.workout_log_id == tables.workout_logs.c.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            tables.workout_logs.c.id,
            tables.workout_logs.c.name,
            tables.workout_logs.c.performed_at,
            tables.workout_logs.c.session_id,
            set_count,
            tables.workout_logs.c.total_volume_kg,
            tables.workout_logs.c.duration_seconds,
        )
        .where(tables.workout_logs.c.user_id == user_id)
        .order_by(tables.workout_logs.c.performed_at.desc(), tables.workout_logs.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [WorkoutRow(*row) for row in rows]


def logged_movement_counts(session: Reader, user_id: int) -> list[tuple[int, int]]:
    """(movement id, workouts it was logged in) for every logged movement, most first.

    Counted over TopSetLog, which has one row per workout and movement, so the picker reads
    a tenth of the rows that counting every set would.
    """
    count = func.count(tables.top_set_logs.c.id)
    rows = session.execute(
        select(tables.top_set_logs.c.movement_id, count)
        .where(tables.top_set_logs.c.user_id == user_id)
        .group_by(tables.top_set_logs.c.movement_id)
        .order_by(count.desc(), tables.top_set_logs.c.movement_id)
    )
    return [(int(movement_id), int(total)) for movement_id, total in rows]


def last_workout_with(
    session: Reader, user_id: int, movement_id: int
) -> tuple[int, datetime] | None:
    """(workout id, performed at) of the most recent workout that logged the movement."""
    row = session.execute(
        select(tables.logged_sets.c.workout_log_id, tables.logged_sets.c.performed_at)
        .where(*_movement_filter(user_id, movement_id, None))
        .order_by(tables.logged_sets.c.performed_at.desc(), tables.logged_sets.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), row[1])


# --- Prescriptions: the few rows a session's loads are read from ------------------------------


@dataclass(frozen=True)
class SetGroup:
    """The heaviest working set of one day for one movement at given reps and RPE."""

    movement_id: int
    day: date
    reps: int
    rpe: float | None
    weight_kg: float


def _groups(rows: Sequence[Any]) -> list[SetGroup]:
    days: dict[Any, date] = {}  # a day repeats across its groups: parse its text once
    groups = []
    for m, d, reps, rpe, w in rows:
        day = days.get(d)
        if day is None:
            day = days[d] = as_date(d)
        groups.append(SetGroup(m, day, reps, rpe, w))
    return groups


def workout_best_e1rm(
    session: Reader,
    user_id: int,
    movement_ids: Sequence[int],
    formula: E1RMFormula,
    since: datetime,
) -> list[tuple[int, datetime, float]]:
    """(movement, workout time, best e1RM in `formula`) of every workout since `since`.

    Grouped by the stored time, which every set of one workout shares, so SQLite walks the
    (user, movement, time) index in order with no sort: 1,900 sets of five movements take
    about 1 ms, where grouping by day, reps and RPE took 8. An IN over the ids seeks the
    index once per movement. Lombardi needs power(), so there the formula runs in Python
    over each workout's heaviest set per (reps, RPE).
    """
    if not movement_ids:
        return []
    # Core rows through the connection: the ORM's result machinery costs more than SQLite here.
    conditions = (
        tables.logged_sets.c.user_id == user_id,
        tables.logged_sets.c.movement_id.in_(sorted(set(movement_ids))),
        tables.logged_sets.c.performed_at >= since,
        tables.logged_sets.c.set_type != SetType.WARMUP,
    )
    if not needs_python(formula):
        e1rm = e1rm_expression(
            formula,
            tables.logged_sets.c.weight_kg,
            tables.logged_sets.c.reps,
            tables.logged_sets.c.rpe,
        )
        rows = (
            core(session)
            .execute(
                select(
                    tables.logged_sets.c.movement_id,
                    tables.logged_sets.c.performed_at,
                    func.max(e1rm),
                )
                .where(*conditions)
                .group_by(tables.logged_sets.c.movement_id, tables.logged_sets.c.performed_at)
            )
            .all()
        )
        return [(int(m), at, float(value)) for m, at, value in rows]
    candidates = (
        core(session)
        .execute(
            select(
                tables.logged_sets.c.movement_id,
                tables.logged_sets.c.performed_at,
                tables.logged_sets.c.reps,
                tables.logged_sets.c.rpe,
                func.max(tables.logged_sets.c.weight_kg),
            )
            .where(*conditions)
            .group_by(
                tables.logged_sets.c.movement_id,
                tables.logged_sets.c.performed_at,
                tables.logged_sets.c.reps,
                tables.logged_sets.c.rpe,
            )
        )
        .all()
    )
    best: dict[tuple[int, datetime], float] = {}
    for m, at, reps, rpe, weight in candidates:
        value = python_e1rm(weight, reps, rpe, formula)
        best[(m, at)] = max(value, best.get((m, at), value))
    return [(int(m), at, value) for (m, at), value in best.items()]


def last_set_before(
    session: Reader, user_id: int, movement_ids: Sequence[int], before: datetime
) -> dict[int, datetime]:
    """Per movement, when its last working set before `before` was done (absent: never)."""
    branches = [
        select(
            literal(movement_id).label("movement_id"), func.max(tables.logged_sets.c.performed_at)
        ).where(*_movement_filter(user_id, movement_id, None, before))
        for movement_id in sorted(set(movement_ids))
    ]
    if not branches:
        return {}
    # One branch per movement: each is a single index seek for its max(performed_at).
    rows = core(session).execute(union_all(*branches)).all()
    return {int(m): _aware(at) for m, at in rows if at is not None}


def set_groups_on(
    session: Reader, user_id: int, days: Mapping[int, tuple[datetime, datetime]]
) -> list[SetGroup]:
    """Per movement, day, reps and RPE the heaviest working set, inside one time range per
    movement (its last training day): every day's best set whatever the formula, since for
    fixed reps and RPE each formula grows with the weight."""
    day = utc_day(tables.logged_sets.c.performed_at)
    branches = [
        select(
            literal(movement_id).label("movement_id"),
            day.label("day"),
            tables.logged_sets.c.reps,
            tables.logged_sets.c.rpe,
            func.max(tables.logged_sets.c.weight_kg),
        )
        .where(*_movement_filter(user_id, movement_id, start, end))
        .group_by(day, tables.logged_sets.c.reps, tables.logged_sets.c.rpe)
        for movement_id, (start, end) in sorted(days.items())
    ]
    if not branches:
        return []
    return _groups(core(session).execute(union_all(*branches)).all())


def _aware(value: datetime | str) -> datetime:
    # max() over a UTCDateTime column comes back untyped on SQLite: naive ISO text or datetime.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def session_done(user_id: int) -> ColumnElement[bool]:
    """Whether a planned session is done: a workout names it, or, for an endurance session
    (logged as an activity, which names no session), an activity was logged on its day."""
    logged = exists().where(
        tables.workout_logs.c.session_id == tables.sessions.c.id,
        tables.workout_logs.c.user_id == user_id,
    )
    ridden = exists().where(
        tables.activity_instances.c.user_id == user_id,
        utc_day(tables.activity_instances.c.performed_start) == tables.sessions.c.session_date,
    )
    return logged | ((tables.sessions.c.session_type == SessionType.ENDURANCE) & ridden)


TopPick = tuple[float, float, int, float | None]  # e1RM, weight, reps, RPE


def top_sets(session: Reader, *where: ColumnElement[bool]) -> dict[tuple[int, int], TopPick]:
    """Per (workout, movement) among the sets matching `where`, the one logging makes the
    top set: the best e1RM, the heavier set on a tie, the first logged after that."""
    best: dict[tuple[int, int], TopPick] = {}
    rows = session.execute(
        select(
            tables.logged_sets.c.workout_log_id,
            tables.logged_sets.c.movement_id,
            tables.logged_sets.c.e1rm_kg,
            tables.logged_sets.c.weight_kg,
            tables.logged_sets.c.reps,
            tables.logged_sets.c.rpe,
        )
        .where(*where, tables.logged_sets.c.set_type != SetType.WARMUP)  # warm-ups set no record
        .order_by(tables.logged_sets.c.id)
    )
    for workout_id, movement_id, e1rm, weight, reps, rpe in rows:
        key = (int(workout_id), int(movement_id))
        current = best.get(key)
        if current is None or (e1rm, weight) > (current[0], current[1]):
            best[key] = (float(e1rm), float(weight), int(reps), rpe)
    return best
