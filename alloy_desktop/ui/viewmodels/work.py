"""What a planned slot asks of the lifter: reps to lift, minutes of cardio, or stretches to hold."""

from __future__ import annotations

from alloy_desktop.domain.catalog import work_amount
from alloy_desktop.domain.enums import ExerciseRole, MovementPattern

LIFT = "lift"  # weight × reps, the default
CARDIO = "cardio"  # a run, row, ride or swim: the plan's reps are seconds of work per set
HOLD = "hold"  # a stretch held: the plan's reps are seconds held
DRILL = "drill"  # a warm-up mobility drill: reps without a load (ankle circles)
KINDS = (LIFT, CARDIO, HOLD, DRILL)


def slot_kind(pattern: MovementPattern | str, role: ExerciseRole | str | None = None) -> str:
    """The kind of work a slot is, from its movement pattern and its place in the session.

    The planner writes mobility warm-ups as reps (10 ankle circles) and every other
    mobility slot, cool-down stretches and mobility flows alike, as seconds held.
    """
    if pattern == MovementPattern.CONDITIONING:
        return CARDIO
    if pattern == MovementPattern.MOBILITY:
        return DRILL if role == ExerciseRole.WARMUP else HOLD
    return LIFT


def amount(
    sets: int,
    reps: int,
    reps_max: int | None,
    pattern: MovementPattern | str,
    role: ExerciseRole | str | None = None,
) -> str:
    """ "3 × 8–12" for lifts, "1 × 45 min" for cardio, "2 × 45 s" for a stretch held."""
    if slot_kind(pattern, role) == HOLD:
        return f"{sets} × {reps} s"
    known = pattern if isinstance(pattern, MovementPattern) else _pattern(pattern)
    return work_amount(sets, reps, reps_max, known)


def _pattern(value: str) -> MovementPattern:
    # work_amount compares by identity; an unknown value reads as plain reps.
    try:
        return MovementPattern(value)
    except ValueError:
        return MovementPattern.SQUAT
