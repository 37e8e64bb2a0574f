"""Rule-based exercise substitution: ranked stand-ins for a movement, with plain reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alloy_desktop.domain.catalog import (
    Constraints,
    MovementInfo,
    equipment_ok,
    family,
    forbidden_reason,
    is_avoided,
    is_enjoyed,
    join_words,
    label,
    level_ok,
)
from alloy_desktop.domain.enums import Equipment, Level, MuscleGroup

# Score weights: the pattern decides how a substitute feels to do, the muscles what it
# trains; both matter far more than level or equipment.
SAME_PATTERN = 60.0  # beats any mix of the other bonuses: same pattern always first
PRIMARY_OVERLAP = 30.0  # times the Jaccard index of the primary muscles
ALL_OVERLAP = 10.0  # times the Jaccard index of all muscles worked
SAME_MECHANIC = 5.0
SAME_EQUIPMENT = 2.0
SIMILAR_EQUIPMENT = 1.0  # same kind of load: free weight, machine/cable or bodyweight
LEVEL_STEP = 2.0  # per step of difficulty away from the original
ENJOYED = 3.0
AVOIDED = -25.0  # usable, but only when nothing better is there
UNRELATED = -20.0  # no shared pattern or muscle at all: a different exercise, not a swap
LOOSELY_RELATED = -10.0  # shares only secondary muscles with the original
SORE_SECONDARY = -8.0  # per sore group it still works secondarily (a deadlift for sore legs)

_LEVEL_RANK = {Level.BEGINNER: 0, Level.INTERMEDIATE: 1, Level.EXPERT: 2}
_EQUIPMENT_KIND = {
    Equipment.BARBELL: "free weight",
    Equipment.DUMBBELL: "free weight",
    Equipment.KETTLEBELLS: "free weight",
    Equipment.EZ_CURL_BAR: "free weight",
    Equipment.MACHINE: "machine",
    Equipment.CABLE: "machine",
    Equipment.BODY_ONLY: "bodyweight",
    Equipment.NONE: "bodyweight",
}


@dataclass(frozen=True)
class Substitute:
    """A ranked stand-in for a movement; reasons explain the ranking to the user."""

    movement: MovementInfo
    score: float
    reasons: tuple[str, ...]


def jaccard(a: frozenset[MuscleGroup], b: frozenset[MuscleGroup]) -> float:
    """|a & b| / |a | b|, 0 when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _eligible(
    m: MovementInfo,
    original: MovementInfo,
    c: Constraints,
    sore_groups: frozenset[MuscleGroup],
    exclude_ids: frozenset[int],
) -> bool:
    """Hard filters: never forbidden, unaffordable, too advanced, sore, or of another family."""
    if m.id == original.id or m.id in exclude_ids or m.primary & sore_groups:
        return False
    if family(m) != family(original):
        return False
    return equipment_ok(m, c) and level_ok(m, c) and forbidden_reason(m, c) is None


def _muscle_words(groups: frozenset[MuscleGroup]) -> str:
    return join_words(sorted(label(g) for g in groups))


def _score(
    m: MovementInfo, original: MovementInfo, c: Constraints, sore_groups: frozenset[MuscleGroup]
) -> Substitute:
    score = 0.0
    reasons: list[str] = []
    if m.pattern is original.pattern:
        score += SAME_PATTERN
        reasons.append(f"same pattern: {label(m.pattern)}")
    worked, worked_before = m.primary | m.secondary, original.primary | original.secondary
    score += PRIMARY_OVERLAP * jaccard(m.primary, original.primary)
    score += ALL_OVERLAP * jaccard(worked, worked_before)
    if m.primary & original.primary:
        reasons.append("works " + _muscle_words(m.primary & original.primary))
    elif worked & worked_before:
        score += 0.0 if m.pattern is original.pattern else LOOSELY_RELATED
        reasons.append("also works " + _muscle_words(worked & worked_before))
    else:
        score += 0.0 if m.pattern is original.pattern else UNRELATED
        reasons.append(f"trains {_muscle_words(m.primary)} instead")
    sore_secondary = m.secondary & sore_groups
    if sore_secondary:
        score += SORE_SECONDARY * len(sore_secondary)
        reasons.append(f"still works sore {_muscle_words(sore_secondary)} lightly")
    if m.is_compound == original.is_compound:
        score += SAME_MECHANIC
    if m.equipment is original.equipment:
        score += SAME_EQUIPMENT
        reasons.append(f"same equipment: {label(m.equipment)}")
    elif _EQUIPMENT_KIND.get(m.equipment, "other") == _EQUIPMENT_KIND.get(original.equipment):
        score += SIMILAR_EQUIPMENT
    score -= LEVEL_STEP * abs(_LEVEL_RANK[m.level] - _LEVEL_RANK[original.level])
    if is_enjoyed(m, c):
        score += ENJOYED
        reasons.append("one you enjoy")
    if is_avoided(m, c):
        score += AVOIDED
        reasons.append("on your avoid list, so ranked low")
    return Substitute(m, round(score, 2), tuple(reasons))


def rank_substitutes(
    original: MovementInfo,
    catalog: Sequence[MovementInfo],
    constraints: Constraints,
    sore_groups: frozenset[MuscleGroup] = frozenset(),
    exclude_ids: frozenset[int] = frozenset(),
    limit: int = 5,
) -> list[Substitute]:
    """The best `limit` stand-ins for `original`, best first (ties broken by name, then id).

    Same-pattern movements rank first, those sharing primary muscles (Jaccard)
    highest among them; then movements that train the same muscles another way;
    unrelated movements of the same family (lifting, stretching or conditioning)
    come last, so a sore or banned region can still be swapped for work elsewhere.
    Nothing forbidden, unaffordable, beyond the user's level, or loading a sore
    muscle group primarily is returned; working one secondarily costs points.
    """
    if limit <= 0:
        return []
    scored = [
        _score(m, original, constraints, sore_groups)
        for m in catalog
        if _eligible(m, original, constraints, sore_groups, exclude_ids)
    ]
    scored.sort(key=lambda s: (-s.score, s.movement.name, s.movement.id))
    return scored[:limit]
