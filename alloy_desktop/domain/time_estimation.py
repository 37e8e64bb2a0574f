"""Session duration estimates from the spec's set-time and rest tables."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from alloy_desktop.domain.enums import ExerciseRole, Goal
from alloy_desktop.domain.errors import DomainValidationError, require, require_whole

# (highest rep count of the range, seconds per set); 21+ reps falls through to 70 s.
_SET_SECONDS_BY_REPS: tuple[tuple[int, int], ...] = (
    (3, 15),
    (6, 25),
    (10, 35),
    (15, 45),
    (20, 55),
)
_SET_SECONDS_ABOVE_20 = 70

_REST_SECONDS_BY_ROLE: dict[ExerciseRole, int] = {
    ExerciseRole.WARMUP: 30,
    ExerciseRole.ACCESSORY: 60,
    ExerciseRole.SKILL: 90,
    ExerciseRole.FINISHER: 30,
    ExerciseRole.COOLDOWN: 15,
}
_MAIN_REST_SECONDS_BY_GOAL: dict[Goal, int] = {
    Goal.STRENGTH: 180,
    Goal.HYPERTROPHY: 90,
    Goal.ENDURANCE: 45,
    Goal.FAT_LOSS: 45,
}
_MAIN_REST_SECONDS_DEFAULT = 90  # the spec has no row for mobility/skill goals

SECONDS_BETWEEN_CIRCUIT_ROUNDS = 60
WARMUP_BASE_MINUTES = 5
COOLDOWN_BASE_MINUTES = 5
MINUTES_PER_WARMUP_EXERCISE = 1
MINUTES_PER_COOLDOWN_EXERCISE = 1


@dataclass(frozen=True)
class SessionTimeBreakdown:
    """Minutes per session section; total is the sum of the five sections."""

    warmup_minutes: int
    main_minutes: int
    accessory_minutes: int
    finisher_minutes: int
    cooldown_minutes: int
    total_minutes: int


@dataclass(frozen=True)
class ExerciseTime:
    """One exercise as far as timing goes.

    rest_seconds None means the table default for the role. Timed work (planks,
    carries) gives `reps` as equivalent reps. `sets` already counts every round of a
    circuit; circuit_rounds only adds the transitions between rounds.
    """

    role: ExerciseRole
    sets: int
    reps: int
    rest_seconds: int | None = None
    superset: bool = False
    circuit_rounds: int = 0
    timed: bool = False  # runs, rows, rides: `reps` are seconds of work per set

    def __post_init__(self) -> None:
        if _plainly_valid(self):
            return  # the planner makes thousands of these: skip the checks it cannot fail
        # Accept "MAIN" from stored rows, and fail early on an unknown role.
        try:
            object.__setattr__(self, "role", ExerciseRole(self.role))
        except ValueError:
            raise DomainValidationError("role", f"Unknown exercise role {self.role!r}") from None
        require(require_whole(self.sets, "sets", "Sets") >= 1, "sets", "Sets must be at least 1")
        require(require_whole(self.reps, "reps", "Reps") >= 1, "reps", "Reps must be at least 1")
        if self.rest_seconds is not None:
            rest = require_whole(self.rest_seconds, "rest_seconds", "Rest")
            require(rest >= 0, "rest_seconds", "Rest cannot be negative")
        rounds = require_whole(self.circuit_rounds, "circuit_rounds", "Circuit rounds")
        require(rounds >= 0, "circuit_rounds", "Circuit rounds cannot be negative")


def _plainly_valid(x: ExerciseTime) -> bool:
    """Exact types and in-range values: what the checks would accept, decided cheaply."""
    return (
        type(x.role) is ExerciseRole
        and type(x.sets) is int
        and type(x.reps) is int
        and type(x.circuit_rounds) is int
        and x.sets >= 1
        and x.reps >= 1
        and x.circuit_rounds >= 0
        and (x.rest_seconds is None or (type(x.rest_seconds) is int and x.rest_seconds >= 0))
    )


def set_seconds(reps: int) -> int:
    """Seconds to perform one set of `reps` (1-3: 15, 4-6: 25, ... 21+: 70)."""
    count = require_whole(reps, "reps", "Reps")
    require(count >= 1, "reps", "Reps must be at least 1")
    return _seconds_of_set(count)


def _seconds_of_set(count: int) -> int:
    for top_of_range, seconds in _SET_SECONDS_BY_REPS:
        if count <= top_of_range:
            return seconds
    return _SET_SECONDS_ABOVE_20


def default_rest_seconds(role: ExerciseRole, goal: Goal | None) -> int:
    """Table rest after each set of an exercise in `role`.

    MAIN depends on the goal: strength 180 s, hypertrophy 90 s, endurance and fat
    loss 45 s (fat loss is conditioning-like work). Mobility, skill or no goal get
    90 s, i.e. are treated like hypertrophy, the spec's middle row. Other roles
    ignore the goal.
    """
    role = ExerciseRole(role)
    if role is ExerciseRole.MAIN:
        if goal is None:
            return _MAIN_REST_SECONDS_DEFAULT
        return _MAIN_REST_SECONDS_BY_GOAL.get(Goal(goal), _MAIN_REST_SECONDS_DEFAULT)
    return _REST_SECONDS_BY_ROLE[role]


def exercise_seconds(exercise: ExerciseTime, main_goal: Goal | None = None) -> float:
    """Working time of one exercise: sets x (set time + rest), plus round transitions.

    Rest follows every set, the last one included, because the spec's per-set model
    has no separate changeover time. Superset rest is halved since the partner
    exercise fills the other half; a circuit of n rounds adds 60 s for each of
    its n - 1 transitions.
    """
    if exercise.rest_seconds is None:
        rest = float(default_rest_seconds(exercise.role, main_goal))
    else:
        rest = float(exercise.rest_seconds)
    if exercise.superset:
        rest /= 2
    # ExerciseTime has checked the reps already.
    work = exercise.reps if exercise.timed else _seconds_of_set(exercise.reps)
    seconds = exercise.sets * (work + rest)
    if exercise.circuit_rounds > 1:
        seconds += SECONDS_BETWEEN_CIRCUIT_ROUNDS * (exercise.circuit_rounds - 1)
    return seconds


def _minutes(seconds: float) -> int:
    return math.ceil(seconds / 60)


# Which section each role's working time counts in (warm-up and cool-down count exercises).
_SECTION_OF_ROLE: dict[ExerciseRole, int] = {
    ExerciseRole.MAIN: 0,
    ExerciseRole.SKILL: 0,
    ExerciseRole.ACCESSORY: 1,
    ExerciseRole.FINISHER: 2,
}


def estimate_session_time(
    exercises: Sequence[ExerciseTime],
    main_goal: Goal | None = None,
    include_warmup: bool = True,
    include_cooldown: bool = True,
) -> SessionTimeBreakdown:
    """Estimate a session's minutes per section.

    Main holds MAIN and SKILL exercises (skill work is done fresh, inside the main
    block). Warm-up is 5 min plus 1 min per WARMUP exercise, cool-down 5 min plus
    1 min per COOLDOWN exercise (stretch); their set times are not used. With
    include_warmup / include_cooldown False that section is 0 and its exercises are
    ignored. Each section's seconds are rounded up to whole minutes on their own, so
    the total (their sum) never understates any section.
    """
    seconds = [0.0, 0.0, 0.0]  # main, accessory, finisher
    warmups = cooldowns = 0
    for exercise in exercises:  # one pass: a 12-week program times ~200 sessions
        section = _SECTION_OF_ROLE.get(exercise.role)
        if section is not None:
            seconds[section] += exercise_seconds(exercise, main_goal)
        elif exercise.role is ExerciseRole.WARMUP:
            warmups += 1
        elif exercise.role is ExerciseRole.COOLDOWN:
            cooldowns += 1
    warmup = WARMUP_BASE_MINUTES + MINUTES_PER_WARMUP_EXERCISE * warmups if include_warmup else 0
    cooldown = (
        COOLDOWN_BASE_MINUTES + MINUTES_PER_COOLDOWN_EXERCISE * cooldowns if include_cooldown else 0
    )
    main, accessory, finisher = (_minutes(s) for s in seconds)
    return SessionTimeBreakdown(
        warmup_minutes=warmup,
        main_minutes=main,
        accessory_minutes=accessory,
        finisher_minutes=finisher,
        cooldown_minutes=cooldown,
        total_minutes=warmup + main + accessory + finisher + cooldown,
    )
