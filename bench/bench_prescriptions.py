"""Prints how long prescriptions take for a 10-exercise session over 150,000 logged sets."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench_progress import populate
from sqlalchemy import delete, insert

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.api.schemas import GoalWeight, ProgramCreate, SettingsUpdate
from alloy_desktop.domain.enums import ExerciseRole
from alloy_desktop.store.models import SessionExercise

TARGET_MS = 20.0
RUNS = 25
# The populated staples (own history), their variations (related lifts), and work with no
# history (calibration), a dumbbell and a machine lift, and bodyweight work: every branch.
SESSION = (
    "Barbell Squat",
    "Barbell Bench Press - Medium Grip",
    "Barbell Deadlift",
    "Standing Military Press",
    "Bent Over Barbell Row",
    "Front Barbell Squat",
    "Close-Grip Barbell Bench Press",
    "Dumbbell Bench Press",
    "Leg Press",
    "Pullups",
)


def ten_exercise_session(alloy: Alloy, me: UserApi) -> int:
    """A planned session whose exercises are replaced by SESSION, straight in the store."""
    program = me.programs.create(ProgramCreate((GoalWeight("STRENGTH", 10),), 8))
    session_id = program.microcycles[0].sessions[0].id
    assert session_id is not None
    catalog = {m.name: m for m in alloy.context.catalog.movements}
    rows: list[dict[str, Any]] = [
        {
            "session_id": session_id,
            "user_id": me.user.id,
            "movement_id": catalog[name].id,
            "exercise_role": ExerciseRole.MAIN if order <= 5 else ExerciseRole.ACCESSORY,
            "pattern": catalog[name].pattern,
            "order_in_session": order,
            "sets": 4,
            "reps": 5 if order <= 5 else 8,
            "reps_max": None if order <= 5 else 12,
            "rpe": 8.0,
            "rest_seconds": 180,
            "superset_group": 1 if order in (9, 10) else None,
            "notes": "",
        }
        for order, name in enumerate(SESSION, 1)
    ]
    with alloy.context.db.sessions.begin() as s:
        s.execute(delete(SessionExercise).where(SessionExercise.session_id == session_id))
        s.execute(insert(SessionExercise), rows)
    return session_id


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def report(label: str, fn: Callable[[], object], target: float | None = None) -> None:
    fn()  # warm SQLite's page cache and the catalog once
    samples = [timed(fn) for _ in range(RUNS)]
    median = statistics.median(samples)
    aim = f"  (target < {target:.0f} ms, {'ok' if median < target else 'OVER'})" if target else ""
    print(f"{label:<52} {median:7.1f} ms  min {min(samples):6.1f}{aim}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "bench.db")
        token = alloy.auth.register("bench@example.com", "correct horse", "Bench")
        me = alloy.for_token(token.access_token)
        started = time.perf_counter()
        count = populate(alloy, me)
        print(f"inserted {count:,} sets in {time.perf_counter() - started:.1f} s")
        session_id = ten_exercise_session(alloy, me)
        plan = me.prescriptions.for_session(session_id)
        for exercise in plan.exercises:
            first = exercise.sets[0].text if exercise.sets else ""
            print(f"  {exercise.movement_name:<36} {exercise.source.value:<12} {first}")
        squat = plan.exercises[0].movement_id
        api = me.prescriptions
        report("for_session, 10 exercises", partial(api.for_session, session_id), TARGET_MS)
        report("  for_exercise, one lift with history", partial(api.for_exercise, squat))
        report(
            "  adjust after a logged set",
            partial(api.adjust, squat, 5, 8, 100, 5, 9.5, 100),
        )
        report("  plates for 142.5 kg", partial(api.plates, 142.5))
        # Lombardi has no SQL form here: each workout's candidate sets go through Python.
        me.settings.update(SettingsUpdate(e1rm_formula="LOMBARDI"))
        report("  for_session, 10 exercises, Lombardi", partial(api.for_session, session_id))
        alloy.close()


if __name__ == "__main__":
    main()
