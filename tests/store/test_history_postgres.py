"""History edits, routines and body weight give the same answers on PostgreSQL as on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alloy_desktop.api import Alloy, UserApi, schemas

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
Set = schemas.CompletedSet


def _log(me: UserApi, movement_id: int, days_ago: float, *sets: schemas.CompletedSet) -> int:
    return me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(movement_id, sets),),
            name=f"Day {days_ago:g}",
            performed_at=NOW - timedelta(days=days_ago),
        )
    ).id


def _seen(me: UserApi, squat: int) -> list[Any]:
    rows = [
        (r.name, r.sets, r.exercises, round(r.total_volume_kg, 6), r.records)
        for r in me.history.search()
    ]
    trend = [(p.day, round(p.e1rm_kg, 6), p.is_pr) for p in me.logs.e1rm_trend(squat)]
    recovery = [round(r.recovery_level, 6) for r in me.logs.muscle_recovery()]
    return [rows, trend, recovery]


def _journey(database: str | Path, data_dir: Path) -> list[Any]:
    alloy = Alloy.open(database, data_dir=data_dir, clock=lambda: NOW)
    try:
        token = alloy.auth.register("lifter@example.com", "correct horse", "Lifter")
        me = alloy.for_token(token.access_token)
        ids = {m.name: m.id for m in alloy.context.catalog.movements}
        squat, bench = ids["Barbell Squat"], ids["Barbell Bench Press - Medium Grip"]
        _log(me, squat, 30, Set(1, 100, 5, 8), Set(2, 100, 5, 8))
        typo = _log(me, squat, 20, Set(1, 1000, 5, 8))
        _log(me, squat, 10, Set(1, 110, 5, 8), Set(2, 60, 10, None, "WARMUP"))
        recent = _log(me, bench, 0.2, Set(1, 80, 5, 8), Set(2, 80, 5, 9))
        seen: list[Any] = [_seen(me, squat)]
        queries = (
            schemas.HistoryQuery(text="DAY 1"),
            schemas.HistoryQuery(text="bench"),
            schemas.HistoryQuery(movement_id=squat, since=(NOW - timedelta(days=25)).date()),
        )
        seen.append([[r.name for r in me.history.search(q)] for q in queries])
        first = me.history.workout(typo).exercises[0].sets[0]
        me.history.update_set(first.id, schemas.SetEdit(100, 5, 8))
        slot = me.history.workout(recent).exercises[0].session_exercise_id
        me.history.add_set(recent, bench, schemas.SetEdit(85, 3, 9.5), slot)
        me.history.set_workout_date(typo, NOW - timedelta(days=40))
        seen.append(_seen(me, squat))
        snapshot = me.history.delete_workout(recent)
        seen.append(_seen(me, squat))
        restored = me.history.restore_workout(snapshot)
        seen.append([_seen(me, squat), restored.snapshot() == snapshot])
        routine = me.routines.from_workout(restored.id, "Bench day")
        me.routines.update(
            routine.id,
            schemas.RoutineCreate(routine.name, (schemas.RoutineExerciseInput(bench),), "", (0, 3)),
        )
        seen.append(
            [(e.movement_name, e.sets, e.reps) for e in me.routines.get(routine.id).exercises]
        )
        adherence = me.logs.adherence()
        seen.append((adherence.program_id, adherence.planned_sessions, adherence.routine_sessions))
        me.body_weight.log(schemas.BodyWeightCreate(81.0, (NOW - timedelta(days=3)).date()))
        me.body_weight.log(schemas.BodyWeightCreate(180.0, unit="LB"))
        seen.append([(e.day, round(e.weight_kg, 6)) for e in me.body_weight.entries()])
        seen.append(me.settings.get_profile().body_weight_kg)
        return seen
    finally:
        alloy.close()


def test_history_edits_are_the_same_on_postgresql_and_sqlite(
    pg_url: str, db_path: Path, tmp_path: Path
) -> None:
    on_postgresql = _journey(pg_url, tmp_path / "pg")
    on_sqlite = _journey(db_path, tmp_path / "sqlite")
    assert on_postgresql == on_sqlite
    assert on_sqlite[1] == [["Day 10"], ["Day 0.2"], ["Day 10", "Day 20"]]
