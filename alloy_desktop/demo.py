"""Demo data: a lifter with a program and twelve weeks of realistic history, through the api."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from alloy_desktop.api import Alloy, UserApi, errors, schemas
from alloy_desktop.domain.enums import ExerciseRole, MovementPattern

DEMO_EMAIL = "demo@alloy.local"
DEMO_PASSWORD = "alloy-demo"
DEMO_NAME = "Sam Demo"
HISTORY_WEEKS = 12

# Rough starting one-rep maxes (kg) for an intermediate lifter, by pattern.
START_E1RM: dict[MovementPattern, float] = {
    MovementPattern.SQUAT: 120.0,
    MovementPattern.HINGE: 140.0,
    MovementPattern.LUNGE: 60.0,
    MovementPattern.HORIZONTAL_PUSH: 90.0,
    MovementPattern.VERTICAL_PUSH: 55.0,
    MovementPattern.HORIZONTAL_PULL: 80.0,
    MovementPattern.VERTICAL_PULL: 70.0,
    MovementPattern.ISOLATION_UPPER: 30.0,
    MovementPattern.ISOLATION_LOWER: 60.0,
    MovementPattern.OLYMPIC: 70.0,
    MovementPattern.CARRY: 60.0,
}
LOGGED_ROLES = (ExerciseRole.MAIN, ExerciseRole.ACCESSORY)


@dataclass(frozen=True)
class DemoResult:
    """How to sign in as the demo user, and what was made."""

    email: str
    password: str
    token: str
    workouts: int
    created: bool


def ensure_demo(alloy: Alloy, today: date | None = None, seed: int = 7) -> DemoResult:
    """Signs in the demo user, creating them with history on first use."""
    try:
        token = alloy.auth.login(DEMO_EMAIL, DEMO_PASSWORD)
        return DemoResult(DEMO_EMAIL, DEMO_PASSWORD, token.access_token, 0, created=False)
    except errors.AuthError:
        pass
    token = alloy.auth.register(DEMO_EMAIL, DEMO_PASSWORD, DEMO_NAME)
    me = alloy.for_token(token.access_token)
    day = today or alloy.context.now().astimezone().date()
    workouts = _populate(me, day, random.Random(seed))
    return DemoResult(DEMO_EMAIL, DEMO_PASSWORD, token.access_token, workouts, created=True)


def _populate(me: UserApi, today: date, rng: random.Random) -> int:
    _profile(me)
    start = today - timedelta(weeks=HISTORY_WEEKS - 1, days=today.weekday())
    program = me.programs.create(
        schemas.ProgramCreate(
            goals=(schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4)),
            duration_weeks=12,
            name="Strength & size",
            start_date=start,
        )
    )
    done = 0
    for micro in program.microcycles:
        for session in micro.sessions:
            if session.date >= today or rng.random() < 0.1:  # a few missed days, as in life
                continue
            _log_session(me, session, start, rng)
            done += 1
    _recovery_history(me, today, rng)
    _activities(me, today, rng)
    _body_weight(me, today, rng)
    _routine(me)
    return done


def _profile(me: UserApi) -> None:
    me.settings.update_profile(
        schemas.ProfileUpdate(
            experience_level="INTERMEDIATE",
            scheduling=schemas.SchedulingPreferences(4, (0, 1, 3, 4), 60, 7),
            body_weight_kg=82.0,
            enjoyable_activities=("Running", "Climbing"),
        )
    )


def _log_session(
    me: UserApi, session: schemas.SessionResponse, start: date, rng: random.Random
) -> None:
    weeks_in = (session.date - start).days / 7
    exercises = tuple(
        schemas.CompletedExercise(
            session_exercise_id=ex.id,
            completed_sets=_sets(ex, weeks_in, session.is_deload, rng),
        )
        for ex in session.exercises
        if ex.role in LOGGED_ROLES and ex.id is not None
    )
    if not exercises:
        return
    when = datetime.combine(session.date, time(17, 30), tzinfo=UTC)
    me.logs.log_workout(
        schemas.WorkoutLogCreate(
            session_id=session.id,
            completed_exercises=exercises,
            performed_at=when + timedelta(minutes=rng.randint(-90, 120)),
            duration_seconds=session.time.total_minutes * 60 + rng.randint(-300, 600),
            unit=None,
        )
    )


def _sets(
    ex: schemas.SessionExerciseResponse, weeks_in: float, deload: bool, rng: random.Random
) -> tuple[schemas.CompletedSet, ...]:
    base = START_E1RM.get(ex.pattern, 40.0) * (1 + 0.012 * weeks_in)  # ~1 % a week, early gains
    rpe = ex.rpe or 8.0
    reps = ex.reps
    percent = 1 / (1 + (reps + (10 - rpe)) / 30)  # Epley inverted for the prescribed effort
    weight = max(2.5, round(base * percent * (0.9 if deload else 1.0) / 2.5) * 2.5)
    return tuple(
        schemas.CompletedSet(
            set_number=n,
            weight=weight,
            reps=max(1, reps + rng.choice((0, 0, 0, 1, -1))),
            rpe=min(10.0, rpe + rng.choice((0.0, 0.0, 0.5, -0.5)) + (0.5 if n == ex.sets else 0)),
        )
        for n in range(1, ex.sets + 1)
    )


def _recovery_history(me: UserApi, today: date, rng: random.Random) -> None:
    for offset in range(14, 0, -1):
        when = datetime.combine(today - timedelta(days=offset), time(7, 0), tzinfo=UTC)
        me.logs.log_recovery_signal(
            schemas.RecoverySignalCreate(
                logged_at=when,
                sleep_hours=round(rng.uniform(5.5, 8.5), 1),
                sleep_quality=rng.randint(2, 5),
                stress=rng.randint(1, 4),
                energy=rng.randint(2, 5),
                resting_hr=rng.randint(50, 62),
            )
        )
    yesterday = datetime.combine(today - timedelta(days=1), time(20, 0), tzinfo=UTC)
    me.logs.log_soreness(
        schemas.SorenessLogCreate(
            soreness_entries=(schemas.SorenessInput("LEGS", 5), schemas.SorenessInput("BACK", 3)),
            logged_at=yesterday,
        )
    )


def _activities(me: UserApi, today: date, rng: random.Random) -> None:
    definitions = {d.name.lower(): d for d in me.activities.definitions()}
    running = next((d for name, d in definitions.items() if "run" in name), None)
    for week in range(HISTORY_WEEKS):
        day = today - timedelta(weeks=week, days=1)
        minutes = rng.randint(25, 45)
        me.activities.log(
            schemas.ActivityInstanceCreate(
                activity_name=running.name if running else "Running",
                activity_definition_id=running.id if running else None,
                duration_minutes=minutes,
                distance_km=round(minutes / rng.uniform(5.0, 6.3), 1),  # an easy 5-6 min/km
                perceived_difficulty=rng.randint(2, 4),
                enjoyment_rating=rng.randint(3, 5),
                performed_start=datetime.combine(day, time(7, 30), tzinfo=UTC),
            )
        )


def _body_weight(me: UserApi, today: date, rng: random.Random) -> None:
    """A reading every two or three days, drifting from 84.5 kg to the profile's 82."""
    days = HISTORY_WEEKS * 7
    offset = days
    while offset > 0:
        drift = 84.5 - 2.5 * (days - offset) / days
        weight = round(drift + rng.uniform(-0.5, 0.5), 1)
        me.body_weight.log(schemas.BodyWeightCreate(weight, today - timedelta(days=offset), "KG"))
        offset -= rng.choice((2, 2, 3))


def _routine(me: UserApi) -> None:
    """The last workout kept as a routine, to run again outside the program."""
    latest = me.history.search(limit=1)
    if latest:
        me.routines.from_workout(latest[0].id)
