"""Prescriptions read the log the same way on PostgreSQL as on SQLite (their SQL is shared)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.domain.enums import ExerciseRole

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _log(me: UserApi, movement_id: int, days_ago: int, *sets: schemas.CompletedSet) -> None:
    me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(movement_id, sets),),
            performed_at=NOW - timedelta(days=days_ago),
        )
    )


def _seen(plan: schemas.ExercisePrescription) -> tuple[Any, ...]:
    last = plan.last_time
    return (
        plan.movement_name,
        plan.source,
        plan.source_text,
        None if plan.e1rm_kg is None else round(plan.e1rm_kg, 6),
        tuple(s.text for s in plan.sets),
        tuple(w.text for w in plan.warmup),
        None if plan.plates is None else plan.plates.text,
        None if last is None else last.text,
        (plan.rest_seconds, plan.rest_remembered),
    )


def _journey(database: str | Path, data_dir: Path) -> list[Any]:
    alloy = Alloy.open(database, data_dir=data_dir, clock=lambda: NOW)
    try:
        token = alloy.auth.register("lifter@example.com", "correct horse", "Lifter")
        me = alloy.for_token(token.access_token)
        ids = {m.name: m.id for m in alloy.context.catalog.movements}
        squat, bench = ids["Barbell Squat"], ids["Barbell Bench Press - Medium Grip"]
        Set = schemas.CompletedSet
        _log(me, squat, 10, Set(1, 20, 10, None, "WARMUP"), Set(2, 100, 5, 8), Set(3, 95, 6, 8))
        _log(me, squat, 3, Set(1, 105, 5, 8.5, note="belt"), Set(2, 80, 10, None, "DROP"))
        _log(me, bench, 84, Set(1, 80, 5, 8))  # before the window: a layoff
        _log(me, ids["Pushups"], 2, Set(1, 0, 15, 8))
        me.prescriptions.set_rest_seconds(squat, 240)
        goals = (schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4))
        program = me.programs.create(schemas.ProgramCreate(goals, 8))
        session = program.microcycles[0].sessions[0]
        assert session.id is not None
        seen: list[Any] = [_seen(e) for e in me.prescriptions.for_session(session.id).exercises]
        for name in ("Barbell Squat", "Front Barbell Squat", "Pushups", "Goblet Squat"):
            seen.append(_seen(me.prescriptions.for_exercise(ids[name], 5, 8)))
        seen.append(_seen(me.prescriptions.for_exercise(bench, 5, 8)))
        change = me.prescriptions.adjust(squat, 5, 8, 100, 5, 9.5, 100)
        seen.append((change.load_kg, change.reason))
        seen.append(me.prescriptions.plates(142.5).text)
        main = next(e for e in session.exercises if e.role is ExerciseRole.MAIN)
        seen.append([w.text for w in me.prescriptions.warmup(main.movement_id, 120)])
        me.settings.update(schemas.SettingsUpdate(weight_unit="LB", e1rm_formula="LOMBARDI"))
        seen.append(_seen(me.prescriptions.for_exercise(squat, 3, 9)))
        return seen
    finally:
        alloy.close()


def test_prescriptions_are_the_same_on_postgresql_and_sqlite(
    pg_url: str, db_path: Path, tmp_path: Path
) -> None:
    on_postgresql = _journey(pg_url, tmp_path / "pg")
    on_sqlite = _journey(db_path, tmp_path / "sqlite")
    assert on_postgresql == on_sqlite
    squat = on_sqlite[-9]  # for_exercise(Barbell Squat, 5, 8)
    assert squat[1].value == "HISTORY" and squat[-1] == (240, True)
