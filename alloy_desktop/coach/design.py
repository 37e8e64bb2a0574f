"""A session the coach designed, checked like a proposal before it may replace the planner's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alloy_desktop.coach.errors import invalid_output
from alloy_desktop.domain.catalog import Constraints, MovementInfo, is_lifting, is_usable
from alloy_desktop.domain.enums import ExerciseRole
from alloy_desktop.domain.planned import HARD_ROLES, PlannedExercise

MIN_EXERCISES = 3
MAX_EXERCISES = 12
SETS = (1, 6)
REPS = (1, 60)  # stretches are written as seconds held
HARD_RPE = (5.0, 10.0)
EASY_RPE = (1.0, 10.0)
REST = (0, 300)
NOTE_LENGTH = 200
_ROLE_ORDER = {
    ExerciseRole.WARMUP: 0,
    ExerciseRole.SKILL: 1,
    ExerciseRole.MAIN: 2,
    ExerciseRole.ACCESSORY: 3,
    ExerciseRole.FINISHER: 4,
    ExerciseRole.COOLDOWN: 5,
}


@dataclass(frozen=True)
class DesignedSession:
    """The coach's exercises in session order, and a note for each one it had to drop."""

    exercises: tuple[PlannedExercise, ...]
    dropped: tuple[str, ...]
    rationale: str = ""


@dataclass(frozen=True)
class _Item:
    movement: MovementInfo
    role: ExerciseRole
    sets: int
    reps: int
    rpe: float
    rest: int
    note: str


def _whole(value: object, bounds: tuple[int, int]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not float(value).is_integer() or not bounds[0] <= value <= bounds[1]:
        return None
    return int(value)


def _rpe(value: object, role: ExerciseRole) -> float | None:
    low, high = HARD_RPE if role in HARD_ROLES else EASY_RPE
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        return None
    return round(float(value) * 2) / 2


def _role(value: object) -> ExerciseRole | None:
    text = str(value or "").strip().upper()
    return ExerciseRole(text) if text in ExerciseRole.__members__ else None


def _item(
    raw: Mapping[str, Any], names: Mapping[str, MovementInfo], constraints: Constraints
) -> _Item | str:
    """One exercise, or why it was dropped."""
    asked = str(raw.get("movement") or "").strip()
    m = names.get(asked.lower())
    if m is None:
        return f"Dropped {asked or 'an unnamed exercise'}: it isn't in the movement library."
    if not is_usable(m, constraints):
        return f"Dropped {m.name}: your rules, injuries, equipment or level rule it out."
    role = _role(raw.get("role"))
    if role is None:
        return f"Dropped {m.name}: “{raw.get('role')}” is not a part of a session."
    if role in HARD_ROLES and not is_lifting(m):
        return f"Dropped {m.name}: it can't be a main lift or an accessory."
    sets, reps = _whole(raw.get("sets"), SETS), _whole(raw.get("reps"), REPS)
    rpe, rest = _rpe(raw.get("rpe"), role), _whole(raw.get("rest_seconds"), REST)
    if sets is None or reps is None or rpe is None or rest is None:
        return f"Dropped {m.name}: its sets, reps, RPE or rest are out of range."
    note = str(raw.get("note") or "").strip()[:NOTE_LENGTH]
    return _Item(m, role, sets, reps, rpe, rest, note)


def check_design(
    raw: object, names: Mapping[str, MovementInfo], constraints: Constraints
) -> DesignedSession:
    """The valid exercises in warm-up → main → accessory → finisher → cool-down order.

    Raises the coach's invalid-output error (worth a retry) when what is left is not a
    session: no main lift, or fewer than three exercises.
    """
    if not isinstance(raw, Mapping) or not isinstance(raw.get("exercises"), list):
        raise invalid_output("the reply has no list of exercises")
    kept: list[_Item] = []
    dropped: list[str] = []
    for entry in raw["exercises"][:MAX_EXERCISES]:
        item = _item(entry, names, constraints) if isinstance(entry, Mapping) else "unreadable"
        if isinstance(item, str):
            dropped.append(item)
        elif any(k.movement.id == item.movement.id for k in kept):
            dropped.append(f"Dropped {item.movement.name}: it was listed twice.")
        else:
            kept.append(item)
    if len(kept) < MIN_EXERCISES:
        raise invalid_output(f"only {len(kept)} usable exercises: {'; '.join(dropped)}")
    if not any(k.role is ExerciseRole.MAIN for k in kept):
        raise invalid_output("no usable main lift")
    return DesignedSession(_planned(kept), tuple(dropped), str(raw.get("rationale") or "")[:400])


def _planned(items: Sequence[_Item]) -> tuple[PlannedExercise, ...]:
    ordered = sorted(enumerate(items), key=lambda pair: (_ROLE_ORDER[pair[1].role], pair[0]))
    return tuple(
        PlannedExercise(
            movement_id=item.movement.id,
            role=item.role,
            order=order,
            sets=item.sets,
            reps=item.reps,
            rpe=item.rpe,
            rest_seconds=item.rest,
            notes=item.note,
        )
        for order, (_, item) in enumerate(ordered, start=1)
    )
