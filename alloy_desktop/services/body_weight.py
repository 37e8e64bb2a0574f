"""The body weight log: one reading a day, the latest kept in the profile for formulas."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, update

from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.domain.metrics import from_display, to_display
from alloy_desktop.services import schemas, validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import NotFound, ValidationError
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

BODY_WEIGHT_KG = (20.0, 400.0)  # as the profile's field allows


class BodyWeightService:
    """`me.body_weight`: log(entry), entries(since), latest(), delete(entry_id)."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def log(self, entry: schemas.BodyWeightCreate) -> schemas.BodyWeightEntry:
        """Stores a day's reading (replacing one already logged that day) and updates the
        profile's body weight when it is now the latest."""
        entry = validate.request(entry, schemas.BodyWeightCreate, "entry", "A body weight")
        today = self._ctx.today()
        day = today if entry.day is None else validate.day(entry.day, "day")
        if day > today:
            raise ValidationError("day", "A body weight can't be logged for a day to come.")
        with self._ctx.write() as s:
            unit = validate.optional_enum(WeightUnit, entry.unit, "unit") or _unit(s, self._uid)
            kg = checked_kg(entry.weight, "weight", unit)
            row_id = record(s, self._uid, day, kg)
        return schemas.BodyWeightEntry(row_id, day, kg)

    def entries(self, since: date | None = None) -> list[schemas.BodyWeightEntry]:
        """Readings oldest first (since a day, or all of them)."""
        start = None if since is None else validate.day(since, "since")
        query = select(
            models.BodyWeightLog.id, models.BodyWeightLog.day, models.BodyWeightLog.weight_kg
        ).where(models.BodyWeightLog.user_id == self._uid)
        if start is not None:
            query = query.where(models.BodyWeightLog.day >= start)
        with self._ctx.read() as s:
            rows = s.execute(query.order_by(models.BodyWeightLog.day)).all()
        return [schemas.BodyWeightEntry(int(i), d, float(w)) for i, d, w in rows]

    def latest(self) -> schemas.BodyWeightEntry | None:
        """The most recent reading, if any."""
        with self._ctx.read() as s:
            row = s.execute(
                select(
                    models.BodyWeightLog.id,
                    models.BodyWeightLog.day,
                    models.BodyWeightLog.weight_kg,
                )
                .where(models.BodyWeightLog.user_id == self._uid)
                .order_by(models.BodyWeightLog.day.desc())
                .limit(1)
            ).first()
        return None if row is None else schemas.BodyWeightEntry(int(row[0]), row[1], float(row[2]))

    def delete(self, entry_id: int) -> None:
        """Deletes a reading; the profile then holds the latest one left (or stays as it was)."""
        wanted = validate.identifier(entry_id, "entry_id")
        with self._ctx.write() as s:
            found = s.execute(
                delete(models.BodyWeightLog).where(
                    models.BodyWeightLog.id == wanted, models.BodyWeightLog.user_id == self._uid
                )
            )
            if not found.rowcount:  # type: ignore[attr-defined]
                raise NotFound("That body weight was not found.")
            sync_profile(s, self._uid)

    @property
    def _uid(self) -> int:
        return self._ctx.user_id


# --- shared with the settings and activities services ---------------------------------------


def checked_kg(value: object, field: str, unit: WeightUnit) -> float:
    """A body weight typed in `unit`, as kg inside the range a profile allows."""
    low, high = BODY_WEIGHT_KG
    kg = from_display(validate.number(value, field), unit)
    if not low <= kg <= high:
        shown = (round(to_display(low, unit)), round(to_display(high, unit)))
        word = unit.value.lower()
        raise ValidationError(
            field, f"Body weight must be between {shown[0]} and {shown[1]} {word}."
        )
    return kg


def record(s: Session, user_id: int, day: date, kg: float) -> int:
    """Writes one day's reading in the caller's transaction and syncs the profile; its id."""
    existing = s.scalar(
        select(models.BodyWeightLog.id).where(
            models.BodyWeightLog.user_id == user_id, models.BodyWeightLog.day == day
        )
    )
    if existing is not None:
        s.execute(
            update(models.BodyWeightLog)
            .where(models.BodyWeightLog.id == existing)
            .values(weight_kg=kg)
        )
        row_id = int(existing)
    else:
        row_id = int(
            s.scalars(
                insert(models.BodyWeightLog).returning(models.BodyWeightLog.id),
                [{"user_id": user_id, "day": day, "weight_kg": kg}],
            ).one()
        )
    sync_profile(s, user_id)
    return row_id


def sync_profile(s: Session, user_id: int) -> None:
    """Puts the latest reading into the profile, where formulas have always looked for it."""
    latest = s.scalar(
        select(models.BodyWeightLog.weight_kg)
        .where(models.BodyWeightLog.user_id == user_id)
        .order_by(models.BodyWeightLog.day.desc())
        .limit(1)
    )
    if latest is None:
        return  # no readings left: the profile keeps what was typed there before the log
    changed = s.execute(
        update(models.UserProfile)
        .where(models.UserProfile.user_id == user_id)
        .values(body_weight_kg=latest)
    )
    if not changed.rowcount:  # type: ignore[attr-defined]
        s.add(models.UserProfile(user_id=user_id, body_weight_kg=latest))


@dataclass(frozen=True)
class WeightHistory:
    """Every reading of one lifter, to find the body weight of any day without a query each."""

    days: tuple[date, ...]
    kilos: tuple[float, ...]
    fallback: float | None  # the profile's weight, for a lifter with no readings yet

    def on(self, day: date) -> float | None:
        """The latest reading on or before `day`; before the first, the first (the nearest)."""
        if not self.kilos:
            return self.fallback
        index = bisect_right(self.days, day)
        return self.kilos[max(index - 1, 0)]


def weight_history(s: Session, user_id: int) -> WeightHistory:
    """Every reading (oldest first) and the profile's weight, in two small queries."""
    rows: Sequence[tuple[date, float]] = s.execute(
        select(models.BodyWeightLog.day, models.BodyWeightLog.weight_kg)
        .where(models.BodyWeightLog.user_id == user_id)
        .order_by(models.BodyWeightLog.day)
    ).all()
    fallback = s.scalar(
        select(models.UserProfile.body_weight_kg).where(models.UserProfile.user_id == user_id)
    )
    return WeightHistory(
        tuple(d for d, _ in rows),
        tuple(float(w) for _, w in rows),
        None if fallback is None else float(fallback),
    )


def _unit(s: Session, user_id: int) -> WeightUnit:
    stored = s.scalar(
        select(models.UserSettings.weight_unit).where(models.UserSettings.user_id == user_id)
    )
    return WeightUnit(stored) if stored is not None else WeightUnit.KG
