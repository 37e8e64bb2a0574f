"""Activities through the public api: definitions, logging (minutes to seconds), history, delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import ActivitySource
from alloy_desktop.services.errors import NotFound, ValidationError
from alloy_desktop.services.schemas import ActivityInstanceCreate
from alloy_desktop.store.models import ActivityDefinition, ActivityInstance


def instance_rows(alloy: Alloy) -> list[ActivityInstance]:
    with alloy.context.db.sessions() as s:
        rows = list(s.scalars(select(ActivityInstance).order_by(ActivityInstance.id)))
        s.expunge_all()
        return rows


def definition(alloy: Alloy, name: str) -> ActivityDefinition:
    with alloy.context.db.sessions() as s:
        row = s.scalar(select(ActivityDefinition).where(ActivityDefinition.name == name))
        assert row is not None
        s.expunge(row)
        return row


def test_definitions_list_every_definition_by_name(alloy: Alloy, me: UserApi) -> None:
    with alloy.context.db.sessions() as s:
        count = s.scalar(select(func.count(ActivityDefinition.id)))

    definitions = me.activities.definitions()

    assert len(definitions) == count and count
    assert [d.name for d in definitions] == sorted(d.name for d in definitions)
    running = next(d for d in definitions if d.name == "Running")
    row = definition(alloy, "Running")
    assert (running.id, running.met, running.tracks_distance) == (row.id, row.met, True)


def test_log_converts_minutes_to_seconds_and_marks_it_manual(
    alloy: Alloy, me: UserApi, clock: Any
) -> None:
    running = definition(alloy, "Running")

    logged = me.activities.log(
        ActivityInstanceCreate(
            activity_name=" Morning run ",
            duration_minutes=30.5,
            activity_definition_id=running.id,
            distance_km=5.2,
            notes="Felt great",
            perceived_difficulty=3,
            enjoyment_rating=5,
        )
    )

    assert logged.duration_seconds == 1830
    assert logged.source is ActivitySource.MANUAL
    assert logged.activity_name == "Morning run"
    assert logged.performed_start == clock.now
    [row] = instance_rows(alloy)
    assert row.id == logged.id
    assert (row.user_id, row.activity_definition_id) == (me.user.id, running.id)
    assert (row.duration_seconds, row.distance_km, row.source) == (1830, 5.2, "MANUAL")
    assert (row.perceived_difficulty, row.enjoyment_rating, row.notes) == (3, 5, "Felt great")
    assert row.performed_start == clock.now


def test_log_names_the_activity_after_its_definition(alloy: Alloy, me: UserApi) -> None:
    yoga = definition(alloy, "Yoga")

    logged = me.activities.log(ActivityInstanceCreate("", 60, activity_definition_id=yoga.id))

    assert logged.activity_name == "Yoga"
    assert logged.duration_seconds == 3600


def test_log_keeps_the_given_start_time_in_utc(me: UserApi) -> None:
    local = datetime(2026, 10, 30, 7, 15, tzinfo=timezone(timedelta(hours=2)))

    logged = me.activities.log(ActivityInstanceCreate("Swim", 45, performed_start=local))

    assert logged.performed_start == datetime(2026, 10, 30, 5, 15, tzinfo=UTC)
    assert logged.performed_start.tzinfo == UTC
    assert me.activities.history()[0].performed_start == logged.performed_start


def test_a_tiny_duration_still_counts_a_second(me: UserApi) -> None:
    assert me.activities.log(ActivityInstanceCreate("Blink", 0.001)).duration_seconds == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"duration_minutes": 0}, "duration_minutes", "more than zero"),
        ({"duration_minutes": -5}, "duration_minutes", "more than zero"),
        ({"duration_minutes": 24 * 60 + 1}, "duration_minutes", "at most 24 hours"),
        ({"duration_minutes": "half an hour"}, "duration_minutes", "must be a number"),
        ({"distance_km": -0.1}, "distance_km", "at least 0"),
        ({"distance_km": 1000.5}, "distance_km", "at most 1000"),
        ({"perceived_difficulty": 0}, "perceived_difficulty", "at least 1"),
        ({"perceived_difficulty": 6}, "perceived_difficulty", "at most 5"),
        ({"enjoyment_rating": 6}, "enjoyment_rating", "at most 5"),
        ({"enjoyment_rating": 2.5}, "enjoyment_rating", "whole number"),
        ({"activity_definition_id": 10**9}, "activity_definition_id", "doesn't exist"),
        ({"activity_name": "  "}, "activity_name", "name"),
        ({"activity_name": "n" * 121}, "activity_name", "at most 120"),
        ({"performed_start": "yesterday"}, "performed_start", "date and time"),
    ],
)
def test_bad_activities_name_the_field_and_store_nothing(
    alloy: Alloy, me: UserApi, changes: dict[str, Any], field: str, words: str
) -> None:
    activity = ActivityInstanceCreate(**{"activity_name": "Run", "duration_minutes": 30, **changes})

    with pytest.raises(ValidationError, match=words) as caught:
        me.activities.log(activity)

    assert caught.value.field == field
    assert instance_rows(alloy) == []


def test_history_is_newest_first_limited_and_per_user(
    me: UserApi, other: UserApi, clock: Any
) -> None:
    start = clock.now
    for days in (3, 1, 2):
        me.activities.log(
            ActivityInstanceCreate(f"Day {days}", 20, performed_start=start - timedelta(days=days))
        )

    assert [a.activity_name for a in me.activities.history()] == ["Day 1", "Day 2", "Day 3"]
    assert [a.activity_name for a in me.activities.history(limit=2)] == ["Day 1", "Day 2"]
    assert other.activities.history() == []
    with pytest.raises(ValidationError) as caught:
        me.activities.history(limit=0)
    assert caught.value.field == "limit"


def test_delete_removes_only_your_own_activity(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    logged = me.activities.log(ActivityInstanceCreate("Hike", 120))

    with pytest.raises(NotFound):
        other.activities.delete(logged.id)
    assert [r.id for r in instance_rows(alloy)] == [logged.id]

    me.activities.delete(logged.id)

    assert instance_rows(alloy) == []
    with pytest.raises(NotFound):
        me.activities.delete(logged.id)


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(minutes=ANYTHING, distance=ANYTHING, difficulty=ANYTHING, enjoyment=ANYTHING)
def test_any_input_is_logged_whole_or_refused_with_a_field_error(
    alloy: Alloy, me: UserApi, minutes: Any, distance: Any, difficulty: Any, enjoyment: Any
) -> None:
    before = len(instance_rows(alloy))
    activity = ActivityInstanceCreate("Run", minutes, None, distance, "", difficulty, enjoyment)

    try:
        logged = me.activities.log(activity)
    except ValidationError as exc:
        assert exc.field in {
            "duration_minutes", "distance_km", "perceived_difficulty", "enjoyment_rating"
        }  # fmt: skip
        assert len(instance_rows(alloy)) == before
    else:
        assert 0 < logged.duration_seconds <= 24 * 3600
        assert len(instance_rows(alloy)) == before + 1
