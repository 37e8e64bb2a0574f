"""History through the public api: e1RM trend, weekly hard sets, workout lists and prefills."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol

import pytest

from alloy_desktop.api import Alloy, UserApi, errors, schemas
from alloy_desktop.domain.enums import E1RMFormula, MuscleGroup

BENCH = "Barbell Bench Press - Medium Grip"
SQUAT = "Barbell Squat"

Set = schemas.CompletedSet


class FixedClock(Protocol):
    """The `clock` fixture of tests/unit/api/conftest.py."""

    now: datetime

    def advance(self, **delta: float) -> datetime: ...


def movement_id(alloy: Alloy, name: str) -> int:
    return next(m.id for m in alloy.context.catalog.movements if m.name == name)


def log(me: UserApi, movement: int, at: datetime, *sets: schemas.CompletedSet) -> int:
    exercise = schemas.CompletedExercise(completed_sets=sets, movement_id=movement)
    return me.logs.log_workout(schemas.WorkoutLogCreate(None, (exercise,), at)).id


def when(month: int, day: int, hour: int = 18) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def bench_history(alloy: Alloy, me: UserApi) -> int:
    """Three training days of bench press, two workouts on the first; the movement id."""
    bench = movement_id(alloy, BENCH)
    log(me, bench, when(10, 5, 7), Set(1, 100, 5, 8), Set(2, 110, 2, 9))
    log(me, bench, when(10, 5, 19), Set(1, 90, 8, None))  # same day, another workout
    log(me, bench, when(10, 7), Set(1, 100, 5, 10))
    log(me, bench, when(10, 9), Set(1, 115, 3, 9))
    return bench


# --- e1RM trend -------------------------------------------------------------------------------


def test_trend_is_the_daily_best_with_pr_days(me: UserApi, bench_history: int) -> None:
    points = me.logs.e1rm_trend(bench_history)
    assert [p.day for p in points] == [date(2026, 10, 5), date(2026, 10, 7), date(2026, 10, 9)]
    # 5 Oct: 100 x (5 + 2) -> 123.33 beats 110 x (2 + 1) -> 121.0 and 90 x 8 -> 114.0.
    assert points[0].e1rm_kg == pytest.approx(100 * (1 + 7 / 30))
    assert (points[0].weight_kg, points[0].reps) == (100.0, 5)
    assert points[1].e1rm_kg == pytest.approx(100 * (1 + 5 / 30))
    assert points[2].e1rm_kg == pytest.approx(115 * (1 + 4 / 30))
    assert [p.is_pr for p in points] == [False, False, True]  # the first day is no record


def test_trend_in_another_formula_is_computed_by_hand(me: UserApi, bench_history: int) -> None:
    brzycki = me.logs.e1rm_trend(bench_history, E1RMFormula.BRZYCKI)
    # 5 Oct: 100 * 36 / (37 - 7) = 120.0 vs 110 * 36 / (37 - 3) = 116.47 vs 90 * 36 / 29 = 111.72.
    assert [p.e1rm_kg for p in brzycki] == pytest.approx(
        [100 * 36 / 30, 100 * 36 / 32, 115 * 36 / 33]
    )
    epley = me.logs.e1rm_trend(bench_history, "epley")
    assert all(b.e1rm_kg < e.e1rm_kg for b, e in zip(brzycki, epley, strict=True))

    oconner = me.logs.e1rm_trend(bench_history, "OCONNER")
    # O'Conner rewards reps less, so on 5 Oct the heavier double wins: 110 x (1 + 3/40) = 118.25
    # against 100 x (1 + 7/40) = 117.5.
    assert oconner[0].e1rm_kg == pytest.approx(110 * (1 + 3 / 40))
    assert (oconner[0].weight_kg, oconner[0].reps) == (110.0, 2)
    lombardi = me.logs.e1rm_trend(bench_history, E1RMFormula.LOMBARDI)
    assert [p.e1rm_kg for p in lombardi] == pytest.approx(
        [110 * 3**0.1, 100 * 5**0.1, 115 * 4**0.1]  # the double wins here too
    )
    assert [p.is_pr for p in lombardi] == [False, False, True]


def test_trend_follows_the_users_formula(me: UserApi, bench_history: int, alloy: Alloy) -> None:
    me.settings.update(schemas.SettingsUpdate(e1rm_formula="BRZYCKI"))
    log(me, bench_history, when(10, 11), Set(1, 100, 10, 10))  # stored as Brzycki: 100 * 36 / 27
    points = me.logs.e1rm_trend(bench_history)
    assert points[-1].e1rm_kg == pytest.approx(100 * 36 / 27)
    assert points[0].e1rm_kg == pytest.approx(100 * 36 / 30)  # stored as Epley, recomputed
    epley = me.logs.e1rm_trend(bench_history, E1RMFormula.EPLEY)
    assert epley[-1].e1rm_kg == pytest.approx(100 * (1 + 10 / 30))


def test_trend_since_a_day_compares_with_what_came_before(me: UserApi, bench_history: int) -> None:
    points = me.logs.e1rm_trend(bench_history, since=date(2026, 10, 7))
    assert [p.day for p in points] == [date(2026, 10, 7), date(2026, 10, 9)]
    assert [p.is_pr for p in points] == [False, True]
    assert me.logs.e1rm_trend(bench_history, since=date(2026, 10, 10)) == []


def test_trend_rejects_unknown_movements_and_formulas(me: UserApi, bench_history: int) -> None:
    with pytest.raises(errors.NotFound):
        me.logs.e1rm_trend(10**9)
    with pytest.raises(errors.ValidationError) as caught:
        me.logs.e1rm_trend(bench_history, "WATHAN")
    assert caught.value.field == "formula"


# --- Weekly hard sets -------------------------------------------------------------------------


def test_weekly_hard_sets_per_muscle_group(alloy: Alloy, me: UserApi, clock: FixedClock) -> None:
    # Today is Monday 2 November 2026; the previous ISO week began on 26 October.
    bench, squat = movement_id(alloy, BENCH), movement_id(alloy, SQUAT)
    log(me, bench, when(10, 28), Set(1, 100, 5, 8), Set(2, 100, 5, 9), Set(3, 60, 10, 6))
    log(me, bench, when(11, 1, 23), Set(1, 100, 5, None))  # Sunday night: still that week
    log(me, squat, when(11, 2, 7), Set(1, 140, 5, 8), Set(2, 140, 5, 8))
    log(me, bench, clock.now - timedelta(weeks=13), Set(1, 100, 5, 8))  # too long ago

    rows = me.logs.weekly_hard_sets(weeks=12)
    table = {(r.week_start, r.muscle_group): r.hard_sets for r in rows}
    last_week, this_week = date(2026, 10, 26), date(2026, 11, 2)
    assert table[(last_week, MuscleGroup.CHEST)] == 3.0  # the RPE 6 set is not hard
    assert table[(last_week, MuscleGroup.TRICEPS)] == 1.5
    assert table[(last_week, MuscleGroup.FRONT_DELTS)] == 1.5
    squat_info = alloy.context.catalog.by_id[squat]
    for group in squat_info.primary:
        assert table[(this_week, group)] == 2.0
    for group in squat_info.secondary:
        assert table[(this_week, group)] == 1.0
    assert {r.week_start for r in rows} == {last_week, this_week}
    assert all(r.week_start.weekday() == 0 for r in rows)

    assert {r.week_start for r in me.logs.weekly_hard_sets(weeks=1)} == {this_week}
    with pytest.raises(errors.ValidationError):
        me.logs.weekly_hard_sets(weeks=0)


# --- Lists and prefills -----------------------------------------------------------------------


def test_workout_list_detail_and_last_performance(
    alloy: Alloy, me: UserApi, bench_history: int
) -> None:
    squat = movement_id(alloy, SQUAT)
    log(me, squat, when(10, 8), Set(1, 140, 5, 8))

    listed = me.logs.workouts()
    assert [w.performed_at for w in listed] == sorted(
        (w.performed_at for w in listed), reverse=True
    )
    assert [w.sets for w in listed] == [1, 1, 1, 1, 2]
    assert listed[-1].total_volume_kg == pytest.approx(100 * 5 + 110 * 2)
    assert [w.id for w in me.logs.workouts(limit=2, offset=1)] == [w.id for w in listed[1:3]]

    detail = me.logs.workout(listed[-1].id)
    assert [s.weight_kg for s in detail.exercises[0].sets] == [100.0, 110.0]
    assert detail.exercises[0].movement_name == BENCH

    last = me.logs.last_performance(bench_history)
    assert last is not None
    assert last.performed_at == when(10, 9)
    assert [(s.weight_kg, s.reps, s.rpe) for s in last.sets] == [(115.0, 3, 9.0)]
    assert me.logs.last_performance(movement_id(alloy, "Barbell Deadlift")) is None

    assert me.logs.logged_movements() == [(bench_history, BENCH), (squat, SQUAT)]
    with pytest.raises(errors.NotFound):
        me.logs.workout(10**6)
