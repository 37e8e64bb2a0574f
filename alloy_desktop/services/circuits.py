"""Benchmark circuits (the spec's /circuits), with checked admin edits of their exercises."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import CircuitType
from alloy_desktop.resources import seed_dir
from alloy_desktop.services import validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import Forbidden, NotFound, ValidationError
from alloy_desktop.services.schemas import (
    CircuitAdminDetail,
    CircuitExerciseInput,
    CircuitExerciseResponse,
    CircuitResponse,
    CircuitTemplateUpdate,
)
from alloy_desktop.store.models import CircuitTemplate, Movement

T = TypeVar("T")

SCRAPED_FILE = "scraped_circuits.json"
MAX_EXERCISES = 50
DOSE_FIELDS = ("reps", "distance_m", "duration_seconds", "calories")
# Upper bounds catch typos (a load of 1000 kg), not athletic ambition.
MAX_REPS = 1000
MAX_DISTANCE_M = 100_000.0
MAX_DURATION_SECONDS = 86_400
MAX_CALORIES = 10_000
MAX_LOAD_KG = 500.0
FORBIDDEN_MESSAGE = "Only an admin can view or edit a circuit's source data."


class CircuitService:
    """Reads circuits for everyone; the raw source and edits are for admins only."""

    def __init__(self, ctx: UserContext, is_admin: bool) -> None:
        self._ctx = ctx
        self._is_admin = is_admin

    def list(self, circuit_type: CircuitType | str | None = None) -> list[CircuitResponse]:
        """The spec's GET /circuits, optionally of one type, with movement names filled in."""
        kind = validate.optional_enum(CircuitType, circuit_type, "circuit_type")
        query = select(CircuitTemplate).order_by(CircuitTemplate.id)
        if kind is not None:
            query = query.where(CircuitTemplate.circuit_type == kind)
        with self._ctx.read() as s:
            rows = list(s.scalars(query))
            names = _movement_names(s, (ex for row in rows for ex in row.exercises_json or ()))
            return [_response(row, names) for row in rows]

    def get(self, circuit_id: int) -> CircuitResponse:
        """The spec's GET /circuits/{circuit_id}."""
        with self._ctx.read() as s:
            row = _circuit(s, circuit_id)
            return _response(row, _movement_names(s, row.exercises_json or ()))

    def admin_get(self, circuit_id: int) -> CircuitAdminDetail:
        """The spec's GET /circuits/admin/{id}: the circuit plus the workout it was built from."""
        self._require_admin()
        with self._ctx.read() as s:
            row = _circuit(s, circuit_id)
            circuit = _response(row, _movement_names(s, row.exercises_json or ()))
            source_index = row.source_index
        return CircuitAdminDetail(circuit=circuit, raw_workout=raw_workout(source_index))

    def admin_update(self, circuit_id: int, changes: CircuitTemplateUpdate) -> CircuitResponse:
        """The spec's PUT /circuits/admin/{id}; nothing is written unless every field is valid."""
        self._require_admin()
        changes = validate.request(changes, CircuitTemplateUpdate, "changes", "A circuit change")
        with self._ctx.write() as s:
            row = _circuit(s, circuit_id)
            # A rep scheme (21-15-9) gives every exercise its reps, so those may name none.
            exercises = _checked_exercises(changes.exercises, needs_dose=not row.rep_scheme)
            _check_movements_exist(s, exercises)
            values = _checked_fields(changes)
            row.exercises_json = exercises  # a new list, so the JSON column is seen as changed
            for name, value in values.items():
                setattr(row, name, value)
            s.flush()
            return _response(row, _movement_names(s, exercises))

    def _require_admin(self) -> None:
        if not self._is_admin:
            raise Forbidden(FORBIDDEN_MESSAGE)


# --- Reading --------------------------------------------------------------------------------


def _circuit(s: Session, circuit_id: object) -> CircuitTemplate:
    row = s.get(CircuitTemplate, validate.identifier(circuit_id, "circuit_id"))
    if row is None:
        raise NotFound("That circuit doesn't exist.")
    return row


def _movement_names(s: Session, exercises: Iterable[dict[str, Any]]) -> dict[int, str]:
    """Names for every movement id the exercises mention, in one query."""
    ids = {ex.get("movement_id") for ex in exercises}
    wanted = {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}
    if not wanted:
        return {}
    rows = s.execute(select(Movement.id, Movement.name).where(Movement.id.in_(wanted)))
    return {movement_id: name for movement_id, name in rows}


def _response(row: CircuitTemplate, names: dict[int, str]) -> CircuitResponse:
    """Copies the row into a result; the stored exercises_json is read, never touched."""
    return CircuitResponse(
        id=row.id,
        name=row.name,
        circuit_type=CircuitType(row.circuit_type),
        category=row.category,
        description=row.description or "",
        rounds=row.rounds,
        time_cap_minutes=row.time_cap_minutes,
        interval_seconds=row.interval_seconds,
        rep_scheme=tuple(row.rep_scheme) if row.rep_scheme else None,
        scoring=row.scoring,
        exercises=tuple(_exercise(ex, names) for ex in row.exercises_json or ()),
    )


def _exercise(stored: dict[str, Any], names: dict[int, str]) -> CircuitExerciseResponse:
    movement_id = _stored_int(stored.get("movement_id")) or 0
    return CircuitExerciseResponse(
        movement_id=movement_id,
        movement_name=names.get(movement_id, "Unknown movement"),
        reps=_stored_int(stored.get("reps")),
        distance_m=_stored_float(stored.get("distance_m")),
        duration_seconds=_stored_int(stored.get("duration_seconds")),
        calories=_stored_int(stored.get("calories")),
        load_male_kg=_stored_float(stored.get("load_male_kg")),
        load_female_kg=_stored_float(stored.get("load_female_kg")),
        notes=stored.get("notes") if isinstance(stored.get("notes"), str) else None,
    )


def _stored_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _stored_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def raw_workout(source_index: int | None, folder: Path | None = None) -> dict[str, Any] | None:
    """The unmodified source workout a circuit was built from, or None if it can't be found."""
    if source_index is None:
        return None
    workouts = _scraped(folder or seed_dir())
    if not 0 <= source_index < len(workouts):
        return None
    return copy.deepcopy(workouts[source_index])  # the cached copy must stay pristine


@lru_cache(maxsize=4)
def _scraped(folder: Path) -> tuple[dict[str, Any], ...]:
    """The scraped source list, read once per folder (it only changes with a new build)."""
    try:
        data = json.loads((folder / SCRAPED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if isinstance(data, dict):  # tolerate a wrapped list, e.g. {"circuits": [...]}
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return tuple(item for item in data if isinstance(item, dict)) if isinstance(data, list) else ()


# --- Admin edits ----------------------------------------------------------------------------


def _checked_exercises(items: object, needs_dose: bool) -> list[dict[str, Any]]:
    """The exercises as they will be stored; the first bad value raises, naming its field."""
    exercises = validate.sequence(items, "exercises", max_items=MAX_EXERCISES)
    if not exercises:
        raise ValidationError("exercises", "A circuit needs at least one exercise.")
    return [_checked_exercise(item, i, needs_dose) for i, item in enumerate(exercises)]


def _checked_exercise(item: object, index: int, needs_dose: bool) -> dict[str, Any]:
    field = f"exercises[{index}]"
    if not isinstance(item, CircuitExerciseInput):
        raise ValidationError(field, f"Exercise {index + 1} is not an exercise.")
    stored: dict[str, Any] = {
        "movement_id": _numbered(index, validate.identifier, item.movement_id, "movement_id"),
        "reps": _whole_or_none(item.reps, index, "reps", MAX_REPS),
        "distance_m": _positive_or_none(item.distance_m, index, "distance_m", MAX_DISTANCE_M),
        "duration_seconds": _whole_or_none(
            item.duration_seconds, index, "duration_seconds", MAX_DURATION_SECONDS
        ),
        "calories": _whole_or_none(item.calories, index, "calories", MAX_CALORIES),
        "load_male_kg": _positive_or_none(item.load_male_kg, index, "load_male_kg", MAX_LOAD_KG),
        "load_female_kg": _positive_or_none(
            item.load_female_kg, index, "load_female_kg", MAX_LOAD_KG
        ),
        "notes": _numbered(index, validate.text, item.notes, "notes", 255) or None,
    }
    if needs_dose and all(stored[name] is None for name in DOSE_FIELDS):
        raise ValidationError(
            field, f"Exercise {index + 1} needs reps, a distance, a duration or calories."
        )
    return stored


def _whole_or_none(value: object, index: int, name: str, high: int) -> int | None:
    if value is None:
        return None
    return _numbered(index, validate.whole, value, name, 1, high)


def _positive_or_none(value: object, index: int, name: str, high: float) -> float | None:
    if value is None:
        return None
    return _numbered(index, validate.positive, value, name, high)


def _numbered(index: int, check: Callable[..., T], value: object, name: str, *limits: Any) -> T:
    """Runs one validate helper on exercise `index`, naming the field and the exercise."""
    field = f"exercises[{index}].{name}"
    try:
        return check(value, field, *limits)
    except ValidationError as exc:
        message = exc.message[:1].lower() + exc.message[1:]
        raise ValidationError(field, f"Exercise {index + 1}: {message}") from exc


def _check_movements_exist(s: Session, exercises: Sequence[dict[str, Any]]) -> None:
    known = _movement_names(s, exercises)
    for index, exercise in enumerate(exercises):
        if exercise["movement_id"] not in known:
            raise ValidationError(
                f"exercises[{index}].movement_id",
                f"Exercise {index + 1}: that movement isn't in the library.",
            )


def _checked_fields(changes: CircuitTemplateUpdate) -> dict[str, Any]:
    """The circuit-level fields the update sets (None leaves one as it is)."""
    values: dict[str, Any] = {}
    if changes.description is not None:
        values["description"] = validate.text(changes.description, "description", 4000)
    if changes.rounds is not None:
        values["rounds"] = validate.whole(changes.rounds, "rounds", 1, 1000)
    if changes.time_cap_minutes is not None:
        values["time_cap_minutes"] = validate.whole(
            changes.time_cap_minutes, "time_cap_minutes", 1, 600
        )
    return values
