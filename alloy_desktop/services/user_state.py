"""Shared loaders: user constraints and schedule, interference rules, volume landmarks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from alloy_desktop.domain.catalog import Constraints, MovementRule
from alloy_desktop.domain.enums import (
    BodyPart,
    Equipment,
    ExperienceLevel,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    RuleTarget,
)
from alloy_desktop.domain.interference import InterferenceRule
from alloy_desktop.services.context import Catalog
from alloy_desktop.services.presenters import program_goals
from alloy_desktop.services.schemas import GoalWeight
from alloy_desktop.store import tables
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from alloy_desktop.services.context import Reader
    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

INTERFERENCE_KIND = "interference"
VOLUME_LANDMARKS_NAME = "mev_mrv"


def load_constraints(session: Session, user_id: int, catalog: Catalog) -> Constraints:
    """Everything that limits or biases movement choice for one user, as domain values."""
    experience = session.scalar(
        select(models.User.experience_level).where(models.User.id == user_id)
    )
    equipment = session.scalar(
        select(models.UserProfile.equipment).where(models.UserProfile.user_id == user_id)
    )
    return Constraints(
        rules=_rules(session, user_id),
        injured_body_parts=_injured(session, user_id),
        equipment=_equipment(equipment),
        enjoyable=_enjoyable(session, user_id, catalog),
        experience=ExperienceLevel(experience or ExperienceLevel.BEGINNER),
    )


def _rules(session: Session, user_id: int) -> tuple[MovementRule, ...]:
    rows = session.execute(
        select(
            models.UserMovementRule.rule_type,
            models.UserMovementRule.target,
            models.UserMovementRule.movement_id,
            models.UserMovementRule.pattern,
            models.UserMovementRule.body_part,
            models.UserMovementRule.note,
        )
        .where(models.UserMovementRule.user_id == user_id)
        .order_by(models.UserMovementRule.id)
    )
    return tuple(
        MovementRule(
            rule_type=MovementRuleType(rule_type),
            target=RuleTarget(target),
            movement_id=movement_id,
            pattern=MovementPattern(pattern) if pattern else None,
            body_part=BodyPart(body_part) if body_part else None,
            note=note or "",
        )
        for rule_type, target, movement_id, pattern, body_part, note in rows
    )


def _injured(session: Session, user_id: int) -> frozenset[BodyPart]:
    parts = session.scalars(
        select(models.UserInjury.body_part).where(
            models.UserInjury.user_id == user_id, models.UserInjury.is_active.is_(True)
        )
    )
    return frozenset(BodyPart(part) for part in parts)


def _equipment(stored: Iterable[str] | None) -> frozenset[Equipment] | None:
    """An empty list means nobody ticked anything yet: plan for a full gym rather than nothing."""
    values = frozenset(Equipment(item) for item in stored or () if item in Equipment.__members__)
    return values or None


def _enjoyable(session: Session, user_id: int, catalog: Catalog) -> tuple[str, ...]:
    rows = session.execute(
        select(models.UserEnjoyableActivity.name, models.UserEnjoyableActivity.movement_id)
        .where(models.UserEnjoyableActivity.user_id == user_id)
        .order_by(models.UserEnjoyableActivity.id)
    )
    names: list[str] = []
    for name, movement_id in rows:
        names.append(name)
        # A linked movement counts by its library name too, which may differ from the label.
        if movement_id is not None and movement_id in catalog.by_id:
            names.append(catalog.by_id[movement_id].name)
    return tuple(dict.fromkeys(names))


def load_interference_rules(session: Session) -> list[InterferenceRule]:
    """Goal-interference rules from heuristic_configs (kind "interference")."""
    payloads = session.scalars(
        select(models.HeuristicConfig.payload)
        .where(models.HeuristicConfig.kind == INTERFERENCE_KIND)
        .order_by(models.HeuristicConfig.id)
    )
    return [_interference_rule(payload) for payload in payloads]


def _interference_rule(payload: dict[str, Any]) -> InterferenceRule:
    adjustments = payload.get("adjustments") or {}
    return InterferenceRule(
        goal_a=payload["goal_a"],
        goal_b=payload["goal_b"],
        severity=float(payload["severity"]),
        rationale=str(payload.get("rationale", "")),
        adjustments={k: float(v) for k, v in adjustments.items()},
    )


def load_mev_mrv(session: Session) -> dict[MuscleGroup, tuple[int, int]]:
    """Weekly hard-set landmarks per muscle group: (minimum effective, maximum recoverable)."""
    payload = session.scalar(
        select(models.HeuristicConfig.payload).where(
            models.HeuristicConfig.name == VOLUME_LANDMARKS_NAME
        )
    )
    landmarks: dict[MuscleGroup, tuple[int, int]] = {}
    for group, values in (payload or {}).items():
        if group in MuscleGroup.__members__:
            landmarks[MuscleGroup(group)] = (int(values["mev"]), int(values["mrv"]))
    return landmarks


def fetch_rows(db: Reader, statement: Any) -> list[dict[str, Any]]:
    """A Core select's rows as {column: value} dicts (what the presenters take)."""
    return [dict(row) for row in db.execute(statement).mappings()]


def active_program_id(db: Reader, user_id: int) -> int | None:
    """The id of the user's active program (the newest if, against the rule, there are several)."""
    programs = tables.programs
    return db.scalar(
        select(programs.c.id)
        .where(programs.c.user_id == user_id, programs.c.is_active.is_(True))
        .order_by(programs.c.id.desc())
        .limit(1)
    )


def active_program(session: Session, user_id: int) -> models.Program | None:
    """The user's active program (the newest one if, against the rule, there are several)."""
    return session.scalar(
        select(models.Program)
        .where(models.Program.user_id == user_id, models.Program.is_active.is_(True))
        .order_by(models.Program.id.desc())
        .limit(1)
    )


# Training weekdays (0 = Monday) when the profile names none: spread so rest days fall between.
WEEKDAY_SPREAD: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}
DEFAULT_DAYS_PER_WEEK = 3
DEFAULT_SESSION_MINUTES = 60
SESSION_MINUTES_RANGE = (15, 180)
DEFAULT_MICROCYCLE_DAYS = 7
MICROCYCLE_DAYS_RANGE = (7, 14)


@dataclass(frozen=True)
class Schedule:
    """When and how long the user trains, from the profile's scheduling preferences."""

    weekdays: tuple[int, ...]
    session_minutes: int
    microcycle_length_days: int


def load_schedule(session: Session, user_id: int) -> Schedule:
    """The profile's scheduling preferences; anything missing or malformed takes the default."""
    stored = session.scalar(
        select(models.UserProfile.scheduling_preferences).where(
            models.UserProfile.user_id == user_id
        )
    )
    data = stored if isinstance(stored, dict) else {}
    days = _whole_in(data.get("days_per_week"), (1, 7), DEFAULT_DAYS_PER_WEEK)
    return Schedule(
        weekdays=_weekdays(data.get("preferred_days")) or WEEKDAY_SPREAD[days],
        session_minutes=_whole_in(
            data.get("session_minutes"), SESSION_MINUTES_RANGE, DEFAULT_SESSION_MINUTES
        ),
        microcycle_length_days=_whole_in(
            data.get("microcycle_length_days"), MICROCYCLE_DAYS_RANGE, DEFAULT_MICROCYCLE_DAYS
        ),
    )


def _whole_in(value: object, bounds: tuple[int, int], default: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and bounds[0] <= value <= bounds[1]:
        return value
    return default


def _weekdays(value: object) -> tuple[int, ...]:
    """Distinct weekdays 0..6, sorted; empty when the stored value is unusable."""
    if not isinstance(value, list | tuple):
        return ()
    days = {d for d in value if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6}
    return tuple(sorted(days))


def load_goals(db: Reader, program_id: int) -> tuple[GoalWeight, ...]:
    """A program's goals in the user's order."""
    goals = tables.user_goals
    return program_goals(fetch_rows(db, select(goals).where(goals.c.program_id == program_id)))
