"""Body weight through the api: the log, the profile kept in step, and calories that use it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

import pytest

from alloy_desktop.api import UserApi, errors, schemas
from alloy_desktop.domain.body_weight import activity_calories, trailing_average
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.metrics import lb_to_kg

MONDAY = date(2026, 11, 2)


class FixedClock(Protocol):
    """The `clock` fixture of tests/unit/api/conftest.py."""

    now: datetime

    def advance(self, **delta: float) -> datetime: ...


def test_a_reading_a_day_newest_in_the_profile(me: UserApi) -> None:
    me.body_weight.log(schemas.BodyWeightCreate(81.0, MONDAY - timedelta(days=2)))
    latest = me.body_weight.log(schemas.BodyWeightCreate(80.4))
    assert latest.day == MONDAY
    me.body_weight.log(schemas.BodyWeightCreate(82.0, MONDAY - timedelta(days=5)))
    assert [(e.day, e.weight_kg) for e in me.body_weight.entries()] == [
        (date(2026, 10, 28), 82.0), (date(2026, 10, 31), 81.0), (MONDAY, 80.4)
    ]  # fmt: skip
    assert me.settings.get_profile().body_weight_kg == 80.4  # an older day changes nothing
    again = me.body_weight.log(schemas.BodyWeightCreate(80.0))  # the same day: replaced
    assert again.id == latest.id and len(me.body_weight.entries()) == 3
    assert me.body_weight.latest() == again
    assert [e.day for e in me.body_weight.entries(since=date(2026, 10, 30))] == [
        date(2026, 10, 31), MONDAY
    ]  # fmt: skip
    me.body_weight.delete(again.id)
    assert me.settings.get_profile().body_weight_kg == 81.0


def test_pounds_in_kilos_stored(me: UserApi) -> None:
    me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    entry = me.body_weight.log(schemas.BodyWeightCreate(180.0))
    assert entry.weight_kg == pytest.approx(lb_to_kg(180.0))
    in_kilos = me.body_weight.log(schemas.BodyWeightCreate(80.0, unit="KG"))
    assert in_kilos.weight_kg == 80.0


def test_bad_readings_are_refused_by_field(me: UserApi) -> None:
    cases = [
        (schemas.BodyWeightCreate(80.0, MONDAY + timedelta(days=1)), "day"),
        (schemas.BodyWeightCreate(5.0), "weight"),
        (schemas.BodyWeightCreate(float("nan")), "weight"),
        (schemas.BodyWeightCreate(80.0, unit="stone"), "unit"),
    ]
    for request, field in cases:
        with pytest.raises(errors.ValidationError) as error:
            me.body_weight.log(request)
        assert error.value.field == field
    assert me.body_weight.entries() == []
    with pytest.raises(errors.NotFound):
        me.body_weight.delete(1)


def test_the_weight_typed_in_settings_is_logged_for_today(me: UserApi) -> None:
    me.settings.update_profile(schemas.ProfileUpdate(body_weight_kg=79.5))
    assert [(e.day, e.weight_kg) for e in me.body_weight.entries()] == [(MONDAY, 79.5)]


def test_activity_calories_use_the_weight_of_their_day(me: UserApi, clock: FixedClock) -> None:
    running = next(d for d in me.activities.definitions() if d.name == "Running")
    unweighed = me.activities.log(schemas.ActivityInstanceCreate("Run", 60, running.id))
    assert unweighed.calories_kcal is None  # no body weight known at all
    me.body_weight.log(schemas.BodyWeightCreate(70.0, MONDAY - timedelta(days=10)))
    me.body_weight.log(schemas.BodyWeightCreate(80.0))
    earlier = datetime(2026, 10, 26, 7, 0, tzinfo=clock.now.tzinfo)
    me.activities.log(
        schemas.ActivityInstanceCreate("Run", 60, running.id, performed_start=earlier)
    )
    by_day = {a.performed_start.date(): a.calories_kcal for a in me.activities.history()}
    assert by_day[earlier.date()] == pytest.approx(running.met * 70.0, abs=0.1)
    assert by_day[MONDAY] == pytest.approx(running.met * 80.0, abs=0.1)
    named_only = me.activities.log(schemas.ActivityInstanceCreate("Gardening", 30))
    assert named_only.calories_kcal is None  # no MET without an activity type


def test_the_trailing_average_covers_seven_days_of_readings() -> None:
    days = [date(2026, 11, d) for d in (1, 2, 3, 9, 10)]
    averages = trailing_average(days, [80.0, 81.0, 82.0, 78.0, 79.0])
    assert averages == pytest.approx([80.0, 80.5, 81.0, 80.0, 78.5])
    with pytest.raises(DomainValidationError):
        trailing_average(days, [80.0])


def test_calories_are_met_times_kilos_times_hours() -> None:
    assert activity_calories(8.0, 75.0, 1800) == pytest.approx(300.0)
    with pytest.raises(DomainValidationError):
        activity_calories(8.0, 0.0, 60)
