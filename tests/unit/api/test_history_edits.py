"""History through the api: search, edits, deletes and restores, and every figure that follows."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

import pytest
from db_state import day_bests_kept, day_bests_rebuilt, fingerprint

from alloy_desktop.api import Alloy, UserApi, errors, schemas
from alloy_desktop.domain.enums import MuscleGroup, SetType
from alloy_desktop.domain.recovery import MAX_LEVEL

SQUAT = "Barbell Squat"
BENCH = "Barbell Bench Press - Medium Grip"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # the conftest clock
Edit = schemas.SetEdit


class FixedClock(Protocol):
    """The `clock` fixture of tests/unit/api/conftest.py."""

    now: datetime

    def advance(self, **delta: float) -> datetime: ...


def movement_id(alloy: Alloy, name: str) -> int:
    return next(m.id for m in alloy.context.catalog.movements if m.name == name)


def log(
    me: UserApi,
    movement: int,
    days_ago: float,
    *sets: tuple[float, int],
    name: str = "Workout",
    rpe: float | None = 8.0,
) -> int:
    """Logs one exercise `days_ago` days before the clock; its workout id."""
    done = tuple(schemas.CompletedSet(i, w, r, rpe) for i, (w, r) in enumerate(sets, 1))
    result = me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(movement, done),),
            name=name,
            performed_at=NOW - timedelta(days=days_ago),
            duration_seconds=3600,
        )
    )
    return result.id


def records(me: UserApi, workout_id: int) -> list[tuple[str, float]]:
    return [(r.kind, round(r.value, 1)) for r in me.history.workout(workout_id).personal_records]


def quad_sets(me: UserApi) -> float:
    weeks = me.logs.weekly_hard_sets()
    return sum(w.hard_sets for w in weeks if w.muscle_group is MuscleGroup.QUADS)


def first_set(me: UserApi, workout_id: int) -> schemas.HistorySet:
    return me.history.workout(workout_id).exercises[0].sets[0]


@pytest.fixture
def squat(alloy: Alloy) -> int:
    return movement_id(alloy, SQUAT)


@pytest.fixture
def bench(alloy: Alloy) -> int:
    return movement_id(alloy, BENCH)


# --- the list ----------------------------------------------------------------------------------


def test_the_list_is_newest_first_with_counts_volume_and_records(
    me: UserApi, squat: int, bench: int
) -> None:
    old = log(me, squat, 30, (100, 5), (100, 5), name="Legs")
    new = log(me, squat, 2, (110, 5), name="Legs again")
    log(me, bench, 10, (80, 5), name="Push")
    rows = me.history.search()
    assert (rows[0].id, rows[-1].id) == (new, old)
    first = rows[0]
    assert (first.name, first.sets, first.exercises, first.records) == ("Legs again", 1, 1, 1)
    assert first.total_volume_kg == pytest.approx(550.0)
    assert first.duration_seconds == 3600
    assert me.history.count() == 3
    assert [r.id for r in me.history.search(limit=1, offset=1)] == [rows[1].id]


def test_search_by_name_movement_and_local_dates(me: UserApi, squat: int, bench: int) -> None:
    legs = log(me, squat, 30, (100, 5), name="Leg day")
    push = log(me, bench, 10, (80, 5), name="Push")
    assert [r.id for r in me.history.search(schemas.HistoryQuery(text="leg"))] == [legs]
    # A movement's name finds the workouts that hold it, whatever they are called.
    assert [r.id for r in me.history.search(schemas.HistoryQuery(text="bench"))] == [push]
    assert [r.id for r in me.history.search(schemas.HistoryQuery(movement_id=squat))] == [legs]
    day = (NOW - timedelta(days=10)).astimezone().date()
    one_day = schemas.HistoryQuery(since=day, until=day)
    assert [r.id for r in me.history.search(one_day)] == [push]
    assert me.history.count(one_day) == 1
    assert me.history.search(schemas.HistoryQuery(text="100%_")) == []


# --- editing sets: records follow in date order -----------------------------------------------


def test_fixing_a_typo_gives_the_later_record_back(me: UserApi, squat: int) -> None:
    log(me, squat, 30, (100, 5))
    typo = log(me, squat, 20, (1000, 5))  # meant 100
    later = log(me, squat, 10, (110, 5))
    assert records(me, later) == []  # nothing beats a 1000 kg squat
    detail = me.history.update_set(first_set(me, typo).id, Edit(100, 5, 8.0))
    assert detail.personal_records == ()
    assert records(me, later) == [("E1RM", 135.7)]  # 110 x 5 at RPE 8: 7 reps' worth
    assert detail.total_volume_kg == pytest.approx(500.0)
    assert max(p.e1rm_kg for p in me.logs.e1rm_trend(squat)) == pytest.approx(135.67, abs=0.01)


def test_an_edit_scores_like_logging_and_weekly_hard_sets_follow(
    me: UserApi, squat: int, clock: FixedClock
) -> None:
    workout = log(me, squat, 1, (100, 5), (100, 5))
    assert quad_sets(me) == 2
    one = first_set(me, workout)
    detail = me.history.update_set(one.id, Edit(60, 5, None, SetType.WARMUP, "warm-up"))
    warm = detail.exercises[0].sets[0]
    assert (warm.set_type, warm.note, warm.is_hard) == (SetType.WARMUP, "warm-up", False)
    assert detail.total_volume_kg == pytest.approx(500.0)  # warm-ups move no volume
    assert quad_sets(me) == 1


def test_sets_and_exercises_are_added_and_removed(me: UserApi, squat: int, bench: int) -> None:
    workout = log(me, squat, 3, (100, 5), (100, 5), (100, 5))
    slot = me.history.workout(workout).exercises[0].session_exercise_id  # a custom workout's
    with pytest.raises(errors.NotFound):
        me.history.add_set(workout, squat, Edit(105, 3, 9.0))  # no squats outside that slot
    detail = me.history.add_set(workout, squat, Edit(105, 3, 9.0), slot)
    assert [s.set_number for s in detail.exercises[0].sets] == [1, 2, 3, 4]
    second = detail.exercises[0].sets[1]
    detail = me.history.remove_set(second.id)
    assert [(s.set_number, s.weight_kg) for s in detail.exercises[0].sets] == [
        (1, 100.0), (2, 100.0), (3, 105.0)
    ]  # fmt: skip
    detail = me.history.add_exercise(workout, bench, (Edit(80, 5), Edit(80, 5)))
    assert [e.movement_name for e in detail.exercises] == [SQUAT, BENCH]
    assert me.logs.last_performance(bench) is not None
    detail = me.history.remove_exercise(workout, bench)  # added exercises have no slot
    assert [e.movement_id for e in detail.exercises] == [squat]
    assert me.logs.last_performance(bench) is None


def test_the_last_set_is_never_removed_and_a_refusal_writes_nothing(
    alloy: Alloy, me: UserApi, squat: int
) -> None:
    workout = log(me, squat, 3, (100, 5))
    before = fingerprint(alloy)
    with pytest.raises(errors.ValidationError, match="delete the whole workout"):
        me.history.remove_set(first_set(me, workout).id)
    slot = me.history.workout(workout).exercises[0].session_exercise_id
    with pytest.raises(errors.ValidationError):
        me.history.remove_exercise(workout, squat, slot)
    with pytest.raises(errors.NotFound, match="not part of this workout"):
        me.history.add_set(workout, squat + 1, Edit(100, 5))
    with pytest.raises(errors.ValidationError):
        me.history.update_set(first_set(me, workout).id, Edit(100, 0))
    assert fingerprint(alloy) == before


# --- the whole workout ----------------------------------------------------------------------


def test_moving_a_workout_walks_the_records_again(me: UserApi, squat: int) -> None:
    first = log(me, squat, 30, (100, 5))
    heavy = log(me, squat, 10, (120, 5))
    assert records(me, heavy) == [("E1RM", 148.0)]
    me.history.set_workout_date(heavy, NOW - timedelta(days=40))
    assert records(me, heavy) == []  # now the first time the squat was done
    assert records(me, first) == []
    assert [r.id for r in me.history.search()] == [first, heavy]


def test_delete_and_restore_give_back_the_same_workout(
    alloy: Alloy, me: UserApi, squat: int, bench: int
) -> None:
    log(me, squat, 30, (100, 5))
    workout = me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (
                schemas.CustomExercise(squat, (schemas.CompletedSet(1, 110, 5, 8, note="easy"),)),
                schemas.CustomExercise(bench, (schemas.CompletedSet(1, 80, 5, None, "WARMUP"),)),
            ),
            name="Mixed",
            performed_at=NOW - timedelta(days=20),
            notes="felt good",
        )
    ).id
    later = log(me, squat, 10, (105, 5))
    before = me.history.workout(workout)
    snapshot = me.history.delete_workout(workout)
    with pytest.raises(errors.NotFound):
        me.history.workout(workout)
    assert records(me, later) == [("E1RM", 129.5)]  # the 110 kg squat no longer stands before it
    restored = me.history.restore_workout(snapshot)
    assert (
        replace(restored, id=before.id) == replace(before, exercises=restored.exercises)
        and restored.snapshot() == before.snapshot()
    )
    assert records(me, later) == []
    assert records(me, restored.id) == [("E1RM", 135.7)]


def test_update_workout_undoes_any_edit(me: UserApi, squat: int) -> None:
    workout = log(me, squat, 5, (100, 5), (100, 5))
    before = me.history.workout(workout)
    me.history.update_set(before.exercises[0].sets[0].id, Edit(140, 5))
    me.history.set_workout_date(workout, NOW - timedelta(days=1))
    undone = me.history.update_workout(workout, before.snapshot())
    assert undone.snapshot() == before.snapshot()
    assert undone.performed_at == before.performed_at


def test_a_deleted_planned_workout_is_missed_again_and_restored_done(
    me: UserApi, clock: FixedClock
) -> None:
    goals = (schemas.GoalWeight("STRENGTH", 10),)
    program = me.programs.create(schemas.ProgramCreate(goals=goals, duration_weeks=8))
    session = program.microcycles[0].sessions[0]
    slot = session.exercises[0]
    logged = me.logs.log_workout(
        schemas.WorkoutLogCreate(
            session.id,
            (schemas.CompletedExercise((schemas.CompletedSet(1, 60, 5, 8),), slot.id),),
        )
    )
    clock.advance(days=2)
    assert me.logs.adherence().completed_sessions == 1
    snapshot = me.history.delete_workout(logged.id)
    assert me.logs.adherence().completed_sessions == 0
    restored = me.history.restore_workout(snapshot)
    assert restored.session_id == session.id
    assert restored.exercises[0].session_exercise_id == slot.id
    assert me.logs.adherence().completed_sessions == 1


def test_links_the_lifter_does_not_own_are_dropped_on_restore(
    alloy: Alloy, me: UserApi, other: UserApi, squat: int
) -> None:
    theirs = other.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("STRENGTH", 10),), duration_weeks=8)
    )
    foreign = theirs.microcycles[0].sessions[0]
    workout = log(me, squat, 3, (100, 5))
    snapshot = me.history.delete_workout(workout)
    sneaky = replace(
        snapshot,
        session_id=foreign.id,
        exercises=(replace(snapshot.exercises[0], session_exercise_id=foreign.exercises[0].id),),
    )
    restored = me.history.restore_workout(sneaky)
    assert restored.session_id is None and restored.exercises[0].session_exercise_id is None


# --- recovery ------------------------------------------------------------------------------


def quads(me: UserApi) -> float:
    levels = me.logs.muscle_recovery()
    return next(r.recovery_level for r in levels if r.muscle_group is MuscleGroup.QUADS)


def test_deleting_todays_workout_gives_recovery_back(me: UserApi, squat: int) -> None:
    workout = log(me, squat, 0.01, (100, 5), (100, 5), (100, 5))
    tired = quads(me)
    assert tired < MAX_LEVEL - 1
    snapshot = me.history.delete_workout(workout)
    assert quads(me) == pytest.approx(MAX_LEVEL)
    me.history.restore_workout(snapshot)
    assert quads(me) == pytest.approx(tired)


def test_an_edit_replays_recent_soreness_after_the_workouts(me: UserApi, squat: int) -> None:
    workout = log(me, squat, 1, (100, 5), (100, 5), (100, 5), (100, 5))
    me.logs.log_soreness(
        schemas.SorenessLogCreate((schemas.SorenessInput("LEGS", 3),), NOW - timedelta(hours=6))
    )
    rated = quads(me)
    me.history.update_set(first_set(me, workout).id, Edit(100, 5, 6.0))  # no longer hard
    assert quads(me) == pytest.approx(rated)  # the later soreness report still decides


def test_an_old_workout_leaves_recovery_alone(me: UserApi, squat: int) -> None:
    old = log(me, squat, 60, (100, 5))
    log(me, squat, 0.01, (100, 5), (100, 5))
    before = me.logs.muscle_recovery()
    me.history.update_set(first_set(me, old).id, Edit(105, 5))
    assert me.logs.muscle_recovery() == before


def test_recent_history_replayed_matches_logging_in_order(
    me: UserApi, squat: int, bench: int
) -> None:
    log(me, squat, 2, (100, 5), (100, 5))
    log(me, bench, 1, (80, 5))
    workout = log(me, squat, 0.5, (100, 5))
    logged_in_order = me.logs.muscle_recovery()
    me.history.update_workout(workout, me.history.workout(workout).snapshot())
    assert [round(r.recovery_level, 6) for r in me.logs.muscle_recovery()] == [
        round(r.recovery_level, 6) for r in logged_in_order
    ]


def test_a_foreign_or_missing_row_is_not_found(me: UserApi, other: UserApi, squat: int) -> None:
    workout = log(me, squat, 3, (100, 5), (100, 5))
    one = first_set(me, workout)
    with pytest.raises(errors.NotFound, match="That set was not found"):
        other.history.update_set(one.id, Edit(1, 1))
    with pytest.raises(errors.NotFound, match="That workout was not found"):
        other.history.delete_workout(workout)
    assert other.history.search() == [] and other.history.count() == 0


# --- the incremental walk agrees with a walk over everything -------------------------------


def test_records_after_any_edit_match_a_full_walk(
    alloy: Alloy, me: UserApi, squat: int, bench: int
) -> None:
    """After each of many mixed edits, walking the whole history changes no PR flag."""
    from alloy_desktop.domain.enums import E1RMFormula
    from alloy_desktop.services.imports.records import recompute

    rng = random.Random(12)
    for day in range(60, 0, -3):
        lift = squat if day % 2 else bench
        sets = [(rng.choice((60, 80, 100, 110, 120)), rng.choice((3, 5, 8, 10))) for _ in range(3)]
        log(me, lift, day, *sets)

    def walk_changes() -> int:
        with alloy.context.db.sessions() as s, s.begin():
            changed = recompute(s, me.user.id, (squat, bench), E1RMFormula.EPLEY)
            s.rollback()  # only counting
        return changed

    for step in range(30):
        rows = me.history.search(limit=100)
        workout = me.history.workout(rng.choice(rows).id)
        one = rng.choice([s for ex in workout.exercises for s in ex.sets])
        action = step % 5
        if action == 0:
            me.history.update_set(one.id, Edit(rng.choice((70, 105, 125, 140)), rng.randint(1, 12)))
        elif action == 1:
            ex = workout.exercises[0]
            me.history.add_set(workout.id, ex.movement_id, Edit(115, 6), ex.session_exercise_id)
        elif action == 2 and sum(len(ex.sets) for ex in workout.exercises) > 1:
            me.history.remove_set(one.id)
        elif action == 3:
            me.history.set_workout_date(workout.id, NOW - timedelta(days=rng.uniform(0.5, 70)))
        else:
            me.history.restore_workout(me.history.delete_workout(workout.id))
        assert walk_changes() == 0, step
        assert day_bests_kept(alloy, me.user.id) == day_bests_rebuilt(alloy, me.user.id), step


# --- records judged on every working set, whatever the formula was when logged -------------

# Under Epley 100 x 5 (116.7) tops 80 x 12 (112.0); under Brzycki 80 x 12 scores 115.2 and
# 100 x 5 only 112.5. So after a switch to Brzycki, a workout logged under Epley has a top set
# that is not its best, and 95 x 7 (Brzycki 114.0) beats that top set but not the workout.


def e1rm_records(me: UserApi, workout_id: int) -> list[tuple[float, float | None]]:
    """The workout's e1RM records as (value, previous best), rounded."""
    found = me.history.workout(workout_id).personal_records
    return [
        (round(r.value, 1), None if r.previous is None else round(r.previous, 1))
        for r in found
        if r.kind == "E1RM"
    ]


def brzycki(me: UserApi) -> None:
    me.settings.update(schemas.SettingsUpdate(e1rm_formula="BRZYCKI"))


def full_walk_changes(alloy: Alloy, me: UserApi, movement: int, formula: str = "BRZYCKI") -> int:
    from alloy_desktop.domain.enums import E1RMFormula
    from alloy_desktop.services.imports.records import recompute

    with alloy.context.db.sessions() as s, s.begin():
        changed = recompute(s, me.user.id, (movement,), E1RMFormula(formula))
        s.rollback()  # only counting
    return changed


def test_after_a_formula_switch_an_edit_judges_records_as_logging_did(
    alloy: Alloy, me: UserApi, squat: int
) -> None:
    first = log(me, squat, 10, (100, 5), (80, 12), rpe=None)
    brzycki(me)
    second = log(me, squat, 5, (95, 7), rpe=None)
    third = log(me, squat, 2, (100, 6), rpe=None)
    assert e1rm_records(me, second) == []  # 114.0 does not beat the 80 x 12 (115.2)
    assert e1rm_records(me, third) == [(116.1, 115.2)]

    # The walk from the first workout on passes its day: every set of it counts, not its top.
    me.history.set_workout_date(first, NOW - timedelta(days=11))
    assert e1rm_records(me, second) == []
    assert e1rm_records(me, third) == [(116.1, 115.2)]
    assert full_walk_changes(alloy, me, squat) == 0


@pytest.mark.parametrize("slice_size", [1, 1000])
def test_a_later_workout_the_same_day_is_judged_against_all_of_an_earlier_ones_sets(
    alloy: Alloy, me: UserApi, squat: int, slice_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alloy_desktop.services.imports import records as walk

    monkeypatch.setattr(walk, "SHARED_DAY_SLICE", slice_size)  # one workout per statement, too
    morning = log(me, squat, 3, (100, 5), (80, 12), rpe=None)
    noon = log(me, squat, 2.875, (60, 5), rpe=None)  # the same UTC day, three hours later
    evening = log(me, squat, 2.75, (95, 7), rpe=None)  # and three more
    assert e1rm_records(me, evening) == [(117.2, 116.7)]  # under Epley, a record
    brzycki(me)
    me.history.set_workout_date(morning, NOW - timedelta(days=3, minutes=30))  # a walk from it
    assert e1rm_records(me, noon) == []
    assert e1rm_records(me, evening) == []  # 114.0 against the morning's 80 x 12 (115.2)
    assert full_walk_changes(alloy, me, squat) == 0


def test_a_later_workout_the_same_day_stays_a_record_through_a_walk(
    alloy: Alloy, me: UserApi, squat: int
) -> None:
    """The day's best is folded in only once the day is left: its own records still stand."""
    morning = log(me, squat, 3, (100, 5), (80, 12), rpe=None)
    brzycki(me)
    evening = log(me, squat, 2.75, (100, 6), rpe=None)  # 116.1 beats the morning's 115.2
    assert e1rm_records(me, evening) == [(116.1, 115.2)]
    me.history.set_workout_date(morning, NOW - timedelta(days=3, minutes=30))  # a walk from it
    assert e1rm_records(me, evening) == [(116.1, 115.2)]
    assert full_walk_changes(alloy, me, squat) == 0


# --- a workout logged after later ones (yesterday's, entered today) -----------------------------


def test_a_backdated_first_workout_sets_no_record(alloy: Alloy, me: UserApi, squat: int) -> None:
    today = log(me, squat, 0.1, (100, 5), rpe=None)
    yesterday = log(me, squat, 1, (110, 5), rpe=None)  # heavier, but the first squat of all
    assert records(me, yesterday) == []
    assert records(me, today) == []  # 116.7 never beat the 128.3 done the day before
    assert full_walk_changes(alloy, me, squat, "EPLEY") == 0


def test_a_backdated_workout_takes_a_later_record_and_says_so_when_logged(
    alloy: Alloy, me: UserApi, squat: int
) -> None:
    log(me, squat, 5, (100, 5), rpe=None)  # 116.7
    later = log(me, squat, 1, (105, 5), rpe=None)  # 122.5: a record, then
    assert records(me, later) == [("E1RM", 122.5)]
    done = me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(squat, (schemas.CompletedSet(1, 110, 5, None),)),),
            name="Forgotten",
            performed_at=NOW - timedelta(days=3),
            duration_seconds=3600,
        )
    )
    shown = [(r.kind, round(r.value, 1), round(r.previous or 0, 1)) for r in done.personal_records]
    assert shown == [("E1RM", 128.3, 116.7)]  # judged against what came before it only
    assert e1rm_records(me, done.id) == [(128.3, 116.7)]
    assert records(me, later) == []  # 122.5 no longer beats everything before it
    assert full_walk_changes(alloy, me, squat, "EPLEY") == 0
