"""What a planned session is made of: its exercises, and which roles count as hard sets."""

# Apart from the planner so that reading a plan (Today, the coach, adaptation) does not load
# the planner itself.

from __future__ import annotations

from dataclasses import dataclass

from alloy_desktop.domain.enums import ExerciseRole

HARD_ROLES = frozenset({ExerciseRole.MAIN, ExerciseRole.ACCESSORY})  # sets near failure


@dataclass(frozen=True)
class PlannedExercise:
    """One exercise of a planned session, with its prescription."""

    movement_id: int
    role: ExerciseRole
    order: int
    sets: int
    reps: int
    rpe: float
    rest_seconds: int
    reps_max: int | None = None
    superset_group: int | None = None
    notes: str = ""
