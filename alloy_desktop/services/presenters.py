"""Stored rows (column-name dicts) to the api's frozen schema dataclasses, with time estimates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from alloy_desktop.domain.catalog import label
from alloy_desktop.domain.enums import (
    Equipment,
    ExerciseRole,
    Goal,
    MicrocycleStatus,
    MovementPattern,
    MuscleGroup,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    SessionType,
    SplitTemplate,
)
from alloy_desktop.domain.planned import PlannedExercise
from alloy_desktop.domain.time_estimation import (
    ExerciseTime,
    SessionTimeBreakdown,
    estimate_session_time,
)
from alloy_desktop.services import schemas
from alloy_desktop.services.context import Catalog
from alloy_desktop.services.schemas import (
    GoalWeight,
    SessionExerciseResponse,
    SessionResponse,
)

# A stored row as {column name: value}: what a Core select returns, and what a bulk insert takes.
Row = Mapping[str, Any]

# Keys of one exercise in Session.accepted_plan["exercises"]: the session_exercises columns.
EXERCISE_KEYS = (
    "id", "movement_id", "exercise_role", "pattern", "order_in_session", "sets", "reps",
    "reps_max", "rpe", "rest_seconds", "superset_group", "notes",
)  # fmt: skip


def day_words(day: date) -> str:
    """A date as people say it: "Monday 2 November 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def jsonable(value: Any) -> Any:
    """Enums to their values, dates to ISO text, tuples to lists: ready for a JSON column."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


# --- exercises ------------------------------------------------------------------------------


def planned_row(
    exercise: PlannedExercise, pattern: MovementPattern, row_id: int | None
) -> dict[str, Any]:
    """A planned exercise as a session_exercises row (without session_id and user_id)."""
    return {
        "id": row_id,
        "movement_id": exercise.movement_id,
        "exercise_role": exercise.role,
        "pattern": pattern,
        "order_in_session": exercise.order,
        "sets": exercise.sets,
        "reps": exercise.reps,
        "reps_max": exercise.reps_max,
        "rpe": exercise.rpe,
        "rest_seconds": exercise.rest_seconds,
        "superset_group": exercise.superset_group,
        "notes": exercise.notes,
    }


def as_planned(row: Row) -> PlannedExercise:
    """A stored exercise row back to the planner's value, for adaptation."""
    return PlannedExercise(
        movement_id=row["movement_id"],
        role=ExerciseRole(row["exercise_role"]),
        order=row["order_in_session"],
        sets=row["sets"],
        reps=row["reps"],
        # A session exercise may have no RPE; adaptation needs one, 7 is a moderate default.
        rpe=float(row["rpe"]) if row["rpe"] is not None else 7.0,
        rest_seconds=row["rest_seconds"],
        reps_max=row["reps_max"],
        superset_group=row["superset_group"],
        notes=row["notes"] or "",
    )


# Value (or member: a StrEnum hashes as its value) to member, without Enum.__call__, which
# cost more than the rest of building a 12-week program's 600 exercise responses.
_ROLES: dict[str, ExerciseRole] = {role.value: role for role in ExerciseRole}
_PATTERNS: dict[str, MovementPattern] = {pattern.value: pattern for pattern in MovementPattern}


def exercise_time(row: Row) -> ExerciseTime:
    """One exercise as the time estimator sees it."""
    return ExerciseTime(
        role=_ROLES.get(row["exercise_role"]) or ExerciseRole(row["exercise_role"]),
        sets=row["sets"],
        reps=row["reps"],
        rest_seconds=row["rest_seconds"],
        superset=row["superset_group"] is not None,
        # Cardio slots carry seconds of work per set in `reps` (see the planner).
        timed=row["pattern"] == MovementPattern.CONDITIONING,
    )


def session_time(rows: Sequence[Row], main_goal: Goal | None) -> SessionTimeBreakdown:
    """The spec's time breakdown of a session's exercises."""
    shape = tuple(
        (
            r["exercise_role"],
            r["sets"],
            r["reps"],
            r["rest_seconds"],
            r["superset_group"] is None,
            r["pattern"] == MovementPattern.CONDITIONING,
            # True == 1 and 1.0 == 1: the types keep a value the checks refuse from
            # matching a stored shape.
            (type(r["sets"]), type(r["reps"]), type(r["rest_seconds"])),
        )
        for r in rows
    )
    return _timed_shape(shape, main_goal, rows)


# Weeks of a program repeat the same session shapes, and a 12-week program times ~70
# sessions: each shape is timed once (a shape that fails its checks is never stored).
_SHAPE_TIMES: dict[tuple[object, ...], SessionTimeBreakdown] = {}
_SHAPE_TIMES_KEPT = 4096


def _timed_shape(
    shape: tuple[tuple[object, ...], ...], main_goal: Goal | None, rows: Sequence[Row]
) -> SessionTimeBreakdown:
    key = (main_goal, shape)
    found = _SHAPE_TIMES.get(key)
    if found is None:
        found = estimate_session_time([exercise_time(row) for row in rows], main_goal)
        if len(_SHAPE_TIMES) >= _SHAPE_TIMES_KEPT:
            _SHAPE_TIMES.clear()
        _SHAPE_TIMES[key] = found
    return found


_MUSCLE_ORDER = {group: i for i, group in enumerate(MuscleGroup)}


_SORTED_MUSCLES: dict[frozenset[MuscleGroup], tuple[MuscleGroup, ...]] = {}


def _muscles(groups: frozenset[MuscleGroup]) -> tuple[MuscleGroup, ...]:
    """Muscle groups in the enum's order, so equal sets always read the same."""
    found = _SORTED_MUSCLES.get(groups)
    if found is None:
        found = _SORTED_MUSCLES[groups] = tuple(sorted(groups, key=_MUSCLE_ORDER.__getitem__))
    return found


def exercise_response(row: Row, catalog: Catalog) -> SessionExerciseResponse:
    """One exercise row with its movement's name, equipment and primary muscles."""
    info = catalog.by_id.get(row["movement_id"])
    return SessionExerciseResponse(
        id=row["id"],
        movement_id=row["movement_id"],
        movement_name=catalog.name(row["movement_id"]),
        role=_ROLES.get(row["exercise_role"]) or ExerciseRole(row["exercise_role"]),
        pattern=_PATTERNS.get(row["pattern"]) or MovementPattern(row["pattern"]),
        order=row["order_in_session"],
        sets=row["sets"],
        reps=row["reps"],
        reps_max=row["reps_max"],
        rpe=row["rpe"],
        rest_seconds=row["rest_seconds"],
        superset_group=row["superset_group"],
        notes=row["notes"] or "",
        equipment=info.equipment if info else Equipment.OTHER,
        primary_muscles=_muscles(info.primary) if info else (),
    )


# --- sessions, microcycles, programs --------------------------------------------------------


def effective_exercises(session: Row, planned: Sequence[Row]) -> tuple[Sequence[Row], bool]:
    """The exercises to show for a session: an accepted adaptation replaces the plan."""
    accepted = session.get("accepted_plan")
    if accepted and isinstance(accepted.get("exercises"), list):
        return accepted["exercises"], True
    return planned, False


def session_response(
    session: Row,
    planned: Sequence[Row],
    catalog: Catalog,
    main_goal: Goal | None,
    is_deload: bool,
) -> SessionResponse:
    """A session with its exercises (the accepted adaptation if any) and time breakdown."""
    rows, adapted = effective_exercises(session, planned)
    ordered = sorted(rows, key=lambda row: row["order_in_session"])
    return SessionResponse(
        id=session["id"],
        program_id=session["program_id"],
        microcycle_id=session["microcycle_id"],
        date=session["session_date"],
        day_offset=session["day_offset"],
        name=session["name"],
        session_type=SessionType(session["session_type"]),
        is_deload=is_deload,
        exercises=tuple(exercise_response(row, catalog) for row in ordered),
        time=session_time(ordered, main_goal),
        is_adapted=adapted,
    )


def microcycle_response(
    microcycle: Row, sessions: Sequence[SessionResponse]
) -> schemas.MicrocycleResponse:
    """A microcycle and its sessions in date order."""
    start: date = microcycle["start_date"]
    return schemas.MicrocycleResponse(
        id=microcycle["id"],
        program_id=microcycle["program_id"],
        sequence_number=microcycle["sequence_number"],
        start_date=start,
        end_date=start + timedelta(days=microcycle["length_days"] - 1),
        length_days=microcycle["length_days"],
        status=MicrocycleStatus(microcycle["status"]),
        is_deload=microcycle["is_deload"],
        sessions=tuple(sorted(sessions, key=lambda s: s.date)),
    )


def program_goals(goals: Sequence[Row]) -> tuple[GoalWeight, ...]:
    """UserGoal rows in the user's order."""
    ordered = sorted(goals, key=lambda row: row["position"])
    return tuple(GoalWeight(Goal(row["goal"]), row["weight"]) for row in ordered)


def main_goal_of(goals: Sequence[GoalWeight]) -> Goal | None:
    """The heaviest goal (the first on a tie): it sets the main-lift rest in time estimates."""
    best: GoalWeight | None = None
    for goal in goals:
        if best is None or goal.weight > best.weight:
            best = goal
    return Goal(best.goal) if best else None


def average_minutes(microcycles: Sequence[schemas.MicrocycleResponse]) -> int:
    """Mean estimated session length over the whole program, rounded."""
    totals = [s.time.total_minutes for mc in microcycles for s in mc.sessions]
    return round(sum(totals) / len(totals)) if totals else 0


def program_response(
    program: Row, goals: Sequence[GoalWeight], microcycles: Sequence[schemas.MicrocycleResponse]
) -> schemas.ProgramResponse:
    """A program with its goals, microcycles, sessions and time estimates."""
    ordered = tuple(sorted(microcycles, key=lambda mc: mc.sequence_number))
    start: date = program["start_date"]
    planned_end = start + timedelta(days=program["duration_weeks"] * 7 - 1)
    end = max([planned_end, *(mc.end_date for mc in ordered)])
    return schemas.ProgramResponse(
        id=program["id"],
        name=program["name"],
        goals=tuple(goals),
        duration_weeks=program["duration_weeks"],
        split_template=SplitTemplate(program["split_template"]),
        progression_style=ProgressionStyle(program["progression_style"]),
        persona_tone=PersonaTone(program["persona_tone"]),
        persona_aggression=PersonaAggression(program["persona_aggression"]),
        deload_every_n_microcycles=program["deload_every_n_microcycles"],
        microcycle_length_days=program["microcycle_length_days"],
        start_date=start,
        end_date=end,
        is_active=program["is_active"],
        warnings=tuple(program["warnings"] or ()),
        microcycles=ordered,
        average_session_minutes=average_minutes(ordered),
        created_at=program.get("created_at"),
    )


def goal_names(goals: Sequence[GoalWeight]) -> str:
    """Goals in plain words, heaviest first: "strength and hypertrophy"."""
    ordered = sorted(goals, key=lambda g: -g.weight)
    words = [label(Goal(g.goal)) for g in ordered if g.weight > 0]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
