"""Activities outside the gym (runs, swims, hikes): definitions and the user's log (/activities)."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from alloy_desktop.domain.body_weight import activity_calories
from alloy_desktop.domain.enums import ActivitySource
from alloy_desktop.services import validate
from alloy_desktop.services.body_weight import WeightHistory, weight_history
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import NotFound, ValidationError
from alloy_desktop.services.schemas import (
    ActivityDefinitionResponse,
    ActivityInstanceCreate,
    ActivityInstanceResponse,
)
from alloy_desktop.store.models import ActivityDefinition, ActivityInstance

MAX_MINUTES = 24 * 60
MAX_DISTANCE_KM = 1000.0
MAX_HISTORY = 500


class ActivityService:
    """Lists activity definitions and logs, lists and deletes one user's activities."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def definitions(self) -> list[ActivityDefinitionResponse]:
        """The spec's GET /activities/definitions, by name."""
        with self._ctx.read() as s:
            rows = s.scalars(select(ActivityDefinition).order_by(ActivityDefinition.name))
            return [_definition(row) for row in rows]

    def log(self, activity: ActivityInstanceCreate) -> ActivityInstanceResponse:
        """The spec's POST /activities/log: minutes become seconds, the source is MANUAL."""
        activity = validate.request(activity, ActivityInstanceCreate, "activity", "An activity")
        seconds = _seconds(activity.duration_minutes)
        distance = validate.optional_number(activity.distance_km, "distance_km", 0, MAX_DISTANCE_KM)
        difficulty = validate.optional_whole(
            activity.perceived_difficulty, "perceived_difficulty", 1, 5
        )
        enjoyment = validate.optional_whole(activity.enjoyment_rating, "enjoyment_rating", 1, 5)
        notes = validate.text(activity.notes, "notes", 2000)
        start = validate.moment(activity.performed_start, "performed_start", self._ctx.now())
        start = start.astimezone(UTC)  # the same instant, shown the way the store hands it back
        name = validate.text(activity.activity_name, "activity_name", 120)
        with self._ctx.write() as s:
            definition = _definition_row(s, activity.activity_definition_id)
            row = ActivityInstance(
                user_id=self._ctx.user_id,
                activity_definition_id=definition.id if definition else None,
                activity_name=_name(name, definition),
                performed_start=start,
                duration_seconds=seconds,
                distance_km=distance,
                perceived_difficulty=difficulty,
                enjoyment_rating=enjoyment,
                notes=notes,
                source=ActivitySource.MANUAL,
            )
            s.add(row)
            s.flush()
            return _instance(row, definition.met if definition else None, self._weights(s))

    def history(self, limit: int = 50) -> list[ActivityInstanceResponse]:
        """The user's activities, most recent first."""
        count = validate.whole(limit, "limit", 1, MAX_HISTORY)
        with self._ctx.read() as s:
            rows = s.execute(
                select(ActivityInstance, ActivityDefinition.met)
                .outerjoin(
                    ActivityDefinition,
                    ActivityDefinition.id == ActivityInstance.activity_definition_id,
                )
                .where(ActivityInstance.user_id == self._ctx.user_id)
                .order_by(ActivityInstance.performed_start.desc(), ActivityInstance.id.desc())
                .limit(count)
            ).all()
            weights = self._weights(s)
            return [_instance(row, met, weights) for row, met in rows]

    def delete(self, activity_id: int) -> None:
        """Deletes one of the user's logged activities."""
        activity_id = validate.identifier(activity_id, "activity_id")
        with self._ctx.write() as s:
            row = s.scalar(
                select(ActivityInstance).where(
                    ActivityInstance.id == activity_id,
                    ActivityInstance.user_id == self._ctx.user_id,
                )
            )
            if row is None:
                raise NotFound("That activity doesn't exist.")
            s.delete(row)

    def _weights(self, s: Session) -> WeightHistory:
        # Calories need the body weight of the activity's day: the log's, else the profile's.
        return weight_history(s, self._ctx.user_id)


def _seconds(minutes: object) -> int:
    """Minutes (fractions allowed) to whole seconds, never rounding a real activity to zero."""
    value = validate.positive(minutes, "duration_minutes")
    if value > MAX_MINUTES:
        raise ValidationError("duration_minutes", "Duration must be at most 24 hours.")
    return max(1, round(value * 60))


def _definition_row(s: Session, definition_id: object) -> ActivityDefinition | None:
    if definition_id is None:
        return None
    row = s.get(ActivityDefinition, validate.identifier(definition_id, "activity_definition_id"))
    if row is None:
        raise ValidationError("activity_definition_id", "That activity type doesn't exist.")
    return row


def _name(given: str, definition: ActivityDefinition | None) -> str:
    """The name typed, else the definition's name; one of the two is needed."""
    if given:
        return given
    if definition is None:
        raise ValidationError("activity_name", "Give the activity a name or choose its type.")
    return definition.name


def _definition(row: ActivityDefinition) -> ActivityDefinitionResponse:
    return ActivityDefinitionResponse(
        id=row.id,
        name=row.name,
        category=row.category,
        met=row.met,
        tracks_distance=row.tracks_distance,
        description=row.description or "",
    )


def _instance(
    row: ActivityInstance, met: float | None, weights: WeightHistory
) -> ActivityInstanceResponse:
    weight = weights.on(row.performed_start.date())
    calories = (
        None
        if met is None or weight is None
        else round(activity_calories(met, weight, row.duration_seconds), 1)
    )
    return ActivityInstanceResponse(
        id=row.id,
        activity_definition_id=row.activity_definition_id,
        activity_name=row.activity_name,
        performed_start=row.performed_start,
        duration_seconds=row.duration_seconds,
        distance_km=row.distance_km,
        perceived_difficulty=row.perceived_difficulty,
        enjoyment_rating=row.enjoyment_rating,
        notes=row.notes or "",
        source=ActivitySource(row.source),
        calories_kcal=calories,
    )
