"""Prints how fast the api logs, charts and plans over ten years of history (median, vs target)."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.domain import planner
from alloy_desktop.domain.enums import MUSCLE_GROUP_BODY_PART, E1RMFormula, MuscleGroup
from alloy_desktop.domain.metrics import estimate_e1rm, is_hard_set
from alloy_desktop.services import day_bests
from alloy_desktop.store.models import LoggedSet, MuscleRecoveryState, TopSetLog, WorkoutLog

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
YEARS = 10
WORKOUTS_PER_WEEK = 4
MOVEMENTS_PER_WORKOUT = 8
SETS_PER_MOVEMENT = 9  # warm-ups, work sets and back-offs: 2,080 workouts -> ~150,000 sets
RUNS = 15
BENCH = "Barbell Bench Press - Medium Grip"
PASSWORD = "bench-password"


class Clock:
    """A clock the bench moves forward, so every logged workout is the newest."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


Timing = tuple[float, float]


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> Timing:
    """Median wall and CPU time of `runs` calls in ms (after one warm-up call).

    CPU time is printed too because SQLite runs in this process: on a busy machine the wall
    clock also counts time spent waiting for a core, the CPU clock does not.
    """
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def report(label: str, timing: Timing, target: float | None = None) -> None:
    goal = f"target < {target:g} ms" if target is not None else ""
    wall, cpu = timing
    print(f"{label:<50} {wall:8.2f} ms wall {cpu:8.2f} ms cpu   {goal}")


# --- Ten years of history, inserted in bulk through SQLAlchemy core ---------------------------


def rotation(alloy: Alloy) -> list[list[int]]:
    """Four workout templates of eight strength movements; the bench press is in two."""
    catalog = alloy.context.catalog
    bench = next(m.id for m in catalog.movements if m.name == BENCH)
    pool = [
        m.id
        for m in catalog.movements
        if m.kind == "strength" and m.is_compound and m.primary and m.id != bench
    ]
    picks = random.Random(7).sample(pool, 4 * MOVEMENTS_PER_WORKOUT - 2)
    templates = [picks[i * 7 : i * 7 + 7] for i in range(4)]
    templates[0].insert(0, bench)
    templates[2].insert(0, bench)
    templates[1].append(picks[-2])
    templates[3].append(picks[-1])
    return templates


def working_weight(movement_id: int) -> float:
    """A made-up top working weight per movement, 40 to 130 kg at the start of the decade."""
    return 40.0 + (movement_id % 7) * 15


def history_rows(
    user_id: int,
    templates: list[list[int]],
    patterns: dict[int, str],
    first_id: int,
    weeks: int = 52 * YEARS,
) -> dict[str, list[dict[str, Any]]]:
    """Workouts, sets and top sets for `weeks` weeks at WORKOUTS_PER_WEEK a week (Epley)."""
    rng = random.Random(42)
    weekdays = (0, 1, 3, 4)
    start = (NOW - timedelta(weeks=weeks)).replace(tzinfo=None)
    rows: dict[str, list[dict[str, Any]]] = {"workouts": [], "sets": [], "tops": []}
    workout_id = first_id - 1
    for week in range(weeks):
        for slot, weekday in enumerate(weekdays[:WORKOUTS_PER_WEEK]):
            workout_id += 1
            at = start + timedelta(weeks=week, days=weekday, hours=rng.randint(6, 19))
            progress = 1 + week / weeks  # loads double over the history
            workout = (user_id, workout_id, at, progress)
            volume = _workout_sets(rows, rng, workout, templates[slot], patterns)
            rows["workouts"].append(
                {
                    "id": workout_id,
                    "user_id": user_id,
                    "name": f"Day {slot + 1}",
                    "performed_at": at,
                    "total_volume_kg": volume,
                    "created_at": at,
                }
            )
    return rows


def _workout_sets(
    rows: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    workout: tuple[int, int, datetime, float],
    movements: list[int],
    patterns: dict[int, str],
) -> float:
    user_id, workout_id, at, progress = workout
    volume = 0.0
    for movement_id in movements:
        base = working_weight(movement_id)
        best: dict[str, Any] | None = None
        for number in range(1, SETS_PER_MOVEMENT + 1):
            weight = round(base * progress * rng.uniform(0.6, 1.05) / 2.5) * 2.5 or 2.5
            reps = rng.randint(3, 12)
            rpe = None if rng.random() < 0.1 else rng.choice((6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10))
            e1rm = estimate_e1rm(weight, reps, E1RMFormula.EPLEY, rpe)
            row = {
                "workout_log_id": workout_id,
                "user_id": user_id,
                "movement_id": movement_id,
                "set_number": number,
                "weight_kg": weight,
                "reps": reps,
                "rpe": rpe,
                "e1rm_kg": e1rm,
                "formula": E1RMFormula.EPLEY,
                "is_hard": is_hard_set(rpe, reps),
                "performed_at": at,
            }
            rows["sets"].append(row)
            volume += weight * reps
            if best is None or e1rm > best["e1rm_kg"]:
                best = row
        assert best is not None
        rows["tops"].append(
            {
                "user_id": user_id,
                "workout_log_id": workout_id,
                "movement_id": movement_id,
                "pattern": patterns[movement_id],
                "weight_kg": best["weight_kg"],
                "reps": best["reps"],
                "rpe": best["rpe"],
                "e1rm_kg": best["e1rm_kg"],
                "performed_at": at,
            }
        )
    return volume


def load_history(alloy: Alloy, user_id: int, weeks: int = 52 * YEARS) -> tuple[int, int]:
    """Inserts `weeks` weeks of history in one transaction; (workouts, sets)."""
    templates = rotation(alloy)
    patterns = {m.id: m.pattern.value for m in alloy.context.catalog.movements}
    with alloy.context.db.engine.connect() as connection:
        first_id = (connection.scalar(select(func.max(WorkoutLog.id))) or 0) + 1
    rows = history_rows(user_id, templates, patterns, first_id, weeks)
    recovery = [
        {
            "user_id": user_id,
            "muscle_group": group,
            "body_part": MUSCLE_GROUP_BODY_PART[group],
            "recovery_level": 6.5,
            "last_updated_at": NOW - timedelta(hours=30),
        }
        for group in MuscleGroup
    ]
    with alloy.context.db.engine.begin() as connection:
        # On a Connection these are plain Core executemany inserts: no ORM objects at all.
        connection.execute(insert(WorkoutLog), rows["workouts"])
        connection.execute(insert(LoggedSet), rows["sets"])
        connection.execute(insert(TopSetLog), rows["tops"])
        # Every muscle group gets a stored state (the empty-history runs made a few already).
        states = MuscleRecoveryState
        connection.execute(delete(states).where(states.user_id == user_id))
        connection.execute(insert(states), recovery)
    with alloy.context.db.sessions.begin() as s:
        # The e1RM day bests are derived rows the app writes with every logged set.
        day_bests.rebuild(s, user_id)
    return len(rows["workouts"]), len(rows["sets"])


# --- The measurements -------------------------------------------------------------------------


def workout_request(movements: list[int]) -> schemas.WorkoutLogCreate:
    """25 sets: five movements of five sets, ramping up to today's working weight."""
    exercises = tuple(
        schemas.CompletedExercise(
            completed_sets=tuple(
                schemas.CompletedSet(n, working_weight(movement_id) * (1.2 + n * 0.05), 5, 8)
                for n in range(1, 6)
            ),
            movement_id=movement_id,
        )
        for movement_id in movements[:5]
    )
    return schemas.WorkoutLogCreate(session_id=None, completed_exercises=exercises)


def bench_logging(me: UserApi, clock: Clock, movements: list[int]) -> Timing:
    request = workout_request(movements)

    def log_one() -> None:
        clock.now += timedelta(hours=1)
        me.logs.log_workout(request)

    return median_ms(log_one)


def program_request() -> schemas.ProgramCreate:
    """Strength first, then hypertrophy and mobility, for 12 weeks."""
    return schemas.ProgramCreate(
        goals=(
            schemas.GoalWeight("STRENGTH", 5),
            schemas.GoalWeight("HYPERTROPHY", 3),
            schemas.GoalWeight("MOBILITY", 2),
        ),
        duration_weeks=12,
    )


def bench_program(me: UserApi) -> Timing | None:
    """Creating a 12-week, six-days-a-week program, or None when programs cannot be created."""
    programs = getattr(me, "programs", None)
    if programs is None or not hasattr(programs, "create"):
        return None
    me.settings.update_profile(
        schemas.ProfileUpdate(
            scheduling=schemas.SchedulingPreferences(
                days_per_week=6, preferred_days=(0, 1, 2, 3, 4, 5), session_minutes=60
            )
        )
    )
    request = program_request()
    return median_ms(lambda: programs.create(request), runs=5)


def bench_program_cold(me: UserApi) -> Timing:
    """The same program when the planner cannot reuse its index (new rules or equipment)."""
    request = program_request()

    def create_cold() -> None:
        planner._last_index.clear()
        me.programs.create(request)

    return median_ms(create_cold, runs=5)


def main() -> None:
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "bench.db", clock=clock)
        token = alloy.auth.register("bench@example.com", PASSWORD, "Bench")
        me = alloy.for_token(token.access_token)
        empty_log = bench_logging(me, clock, rotation(alloy)[0])

        start = time.perf_counter()
        workouts, sets = load_history(alloy, token.user_id)
        setup = time.perf_counter() - start
        print(f"history: {workouts:,} workouts, {sets:,} sets inserted in {setup:.1f} s\n")
        bench = rotation(alloy)[0][0]
        others = rotation(alloy)[1]

        report("log a 25-set workout (no history)", empty_log, 10)
        report("log a 25-set workout (150k sets of history)", bench_logging(me, clock, others), 10)
        report(
            "daily-best e1RM, one movement (stored formula)",
            median_ms(lambda: me.logs.e1rm_trend(bench)),
            15,
        )
        for formula in (E1RMFormula.BRZYCKI, E1RMFormula.LOMBARDI):
            label = f"daily-best e1RM, one movement ({formula.value.lower()})"
            report(label, median_ms(partial(me.logs.e1rm_trend, bench, formula)), 15)
        report("muscle recovery (all groups, decayed)", median_ms(me.logs.muscle_recovery), 10)
        report("weekly hard sets (12 weeks)", median_ms(me.logs.weekly_hard_sets))
        report("workout list (first page of 50)", median_ms(me.logs.workouts))
        report(
            "last performance of one movement", median_ms(lambda: me.logs.last_performance(bench))
        )
        report("logged movements (chart picker)", median_ms(me.logs.logged_movements))
        program = bench_program(me)
        if program is None:
            print("create a 12-week 6-day program: skipped (ProgramService.create not available)")
        else:
            report("create a 12-week, 6-days-a-week program", program, 50)
            report("  the same with the planner's index rebuilt", bench_program_cold(me))
        alloy.close()


if __name__ == "__main__":
    main()
