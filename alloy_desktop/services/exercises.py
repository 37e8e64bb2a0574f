"""Custom exercises: a lifter's own movements, with muscles, visible to that lifter alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete, exists, func, insert, select
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    Equipment,
    Level,
    MovementPattern,
    MuscleGroup,
    MuscleRole,
)
from alloy_desktop.services import validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import Conflict, NotFound, ValidationError
from alloy_desktop.services.library import movement_response, normalise
from alloy_desktop.services.schemas import CustomMovementCreate, MovementResponse
from alloy_desktop.store.models import (
    ExerciseNameMapping,
    LoggedSet,
    Movement,
    MovementMuscleMap,
    RoutineExercise,
    SessionExercise,
)

MAX_NAME = 100
MAX_CUSTOM = 2000
CUSTOM_SOURCE = "custom"
_COMPOUND_PATTERNS = frozenset(
    {
        MovementPattern.SQUAT,
        MovementPattern.HINGE,
        MovementPattern.LUNGE,
        MovementPattern.HORIZONTAL_PUSH,
        MovementPattern.VERTICAL_PUSH,
        MovementPattern.HORIZONTAL_PULL,
        MovementPattern.VERTICAL_PULL,
        MovementPattern.CARRY,
        MovementPattern.OLYMPIC,
    }
)


class CustomExerciseService:
    """Create, edit, list and delete the signed-in lifter's custom movements."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def list(self) -> list[MovementResponse]:
        """The lifter's custom movements by name."""
        custom = [m for m in self._ctx.catalog.movements if m.is_custom]
        return [movement_response(m) for m in sorted(custom, key=lambda m: m.name.casefold())]

    def create(self, request: CustomMovementCreate) -> MovementResponse:
        """Adds a custom movement; its name must differ from the lifter's other custom ones."""
        with self._ctx.write() as s:
            movement_id = create_custom(s, self._ctx, request)
        self._ctx.app.forget_custom(self._ctx.user_id)
        return movement_response(self._ctx.catalog.by_id[movement_id])

    def update(self, movement_id: int, request: CustomMovementCreate) -> MovementResponse:
        """Changes a custom movement's name, pattern, equipment and muscles."""
        mid = validate.identifier(movement_id, "movement_id")
        fields = _checked(request)
        with self._ctx.write() as s:
            row = self._own(s, mid)
            _ensure_unique_name(s, self._ctx.user_id, fields.name, mid)
            row.name, row.pattern, row.equipment = fields.name, fields.pattern, fields.equipment
            row.is_compound = fields.is_compound
            s.execute(delete(MovementMuscleMap).where(MovementMuscleMap.movement_id == mid))
            s.execute(insert(MovementMuscleMap), list(_muscle_rows(mid, fields)))
        self._ctx.app.forget_custom(self._ctx.user_id)
        return movement_response(self._ctx.catalog.by_id[mid])

    def delete(self, movement_id: int) -> None:
        """Deletes a custom movement that no logged set or planned slot uses."""
        mid = validate.identifier(movement_id, "movement_id")
        with self._ctx.write() as s:
            self._own(s, mid)
            used = s.scalar(
                select(
                    exists().where(LoggedSet.movement_id == mid)
                    | exists().where(SessionExercise.movement_id == mid)
                    | exists().where(RoutineExercise.movement_id == mid)
                )
            )
            if used:
                raise Conflict(
                    "This exercise has logged or planned sets, or is in a routine; rename it "
                    "instead of deleting it."
                )
            s.execute(delete(ExerciseNameMapping).where(ExerciseNameMapping.movement_id == mid))
            s.execute(delete(Movement).where(Movement.id == mid))
        self._ctx.app.forget_custom(self._ctx.user_id)

    def _own(self, s: Session, movement_id: int) -> Movement:
        row = s.scalar(
            select(Movement).where(
                Movement.id == movement_id, Movement.owner_user_id == self._ctx.user_id
            )
        )
        if row is None:
            raise NotFound("That custom exercise was not found.")
        return row


class _Fields:
    """A checked CustomMovementCreate."""

    def __init__(
        self,
        name: str,
        pattern: MovementPattern,
        equipment: Equipment,
        primary: tuple[MuscleGroup, ...],
        secondary: tuple[MuscleGroup, ...],
        is_compound: bool,
    ) -> None:
        self.name = name
        self.pattern = pattern
        self.equipment = equipment
        self.primary = primary
        self.secondary = secondary
        self.is_compound = is_compound


def _muscles(values: object, field: str, required: bool) -> tuple[MuscleGroup, ...]:
    items = validate.sequence(values, field, len(MuscleGroup))
    groups: list[MuscleGroup] = []
    for i, item in enumerate(items):
        group = validate.enum_value(MuscleGroup, item, f"{field}[{i}]", "Muscle")
        if group not in groups:
            groups.append(group)
    if required and not groups:
        raise ValidationError(field, "Choose at least one primary muscle.")
    return tuple(groups)


def _checked(request: object) -> _Fields:
    request = validate.request(request, CustomMovementCreate, "request", "A custom exercise")
    name = " ".join(validate.text(request.name, "name", MAX_NAME, required=True).split())
    pattern = validate.enum_value(MovementPattern, request.pattern, "pattern", "Pattern")
    equipment = validate.enum_value(Equipment, request.equipment, "equipment", "Equipment")
    primary = _muscles(request.primary_muscles, "primary_muscles", required=True)
    secondary = tuple(
        g
        for g in _muscles(request.secondary_muscles, "secondary_muscles", required=False)
        if g not in primary
    )
    compound = bool(request.is_compound) or pattern in _COMPOUND_PATTERNS
    return _Fields(name, pattern, equipment, primary, secondary, compound)


def _ensure_unique_name(s: Session, user_id: int, name: str, own_id: int | None) -> None:
    rows = s.execute(
        select(Movement.id, Movement.name).where(Movement.owner_user_id == user_id)
    ).all()
    wanted = normalise(name)
    if any(normalise(other) == wanted and mid != own_id for mid, other in rows):
        raise ValidationError("name", f"You already have a custom exercise called {name}.")


def _muscle_rows(movement_id: int, fields: _Fields) -> Iterable[dict[str, object]]:
    for role, groups in (
        (MuscleRole.PRIMARY, fields.primary),
        (MuscleRole.SECONDARY, fields.secondary),
    ):
        for group in groups:
            yield {
                "movement_id": movement_id,
                "muscle": group.value.lower(),
                "muscle_group": group,
                "body_part": MUSCLE_GROUP_BODY_PART[group],
                "role": role,
            }


def create_custom(s: Session, ctx: UserContext, request: CustomMovementCreate) -> int:
    """Inserts a custom movement in the caller's transaction; the caller forgets the cache."""
    fields = _checked(request)
    count = s.scalar(select(func.count(Movement.id)).where(Movement.owner_user_id == ctx.user_id))
    if (count or 0) >= MAX_CUSTOM:
        raise ValidationError("name", f"You can have at most {MAX_CUSTOM} custom exercises.")
    _ensure_unique_name(s, ctx.user_id, fields.name, None)
    row = Movement(
        slug=f"custom-{ctx.user_id}-{uuid.uuid4().hex[:12]}",
        name=fields.name,
        category="strength" if fields.pattern is not MovementPattern.MOBILITY else "stretching",
        equipment=fields.equipment,
        level=Level.BEGINNER,
        pattern=fields.pattern,
        is_compound=fields.is_compound,
        source=CUSTOM_SOURCE,
        owner_user_id=ctx.user_id,
    )
    s.add(row)
    s.flush()
    s.execute(insert(MovementMuscleMap), list(_muscle_rows(row.id, fields)))
    return int(row.id)
