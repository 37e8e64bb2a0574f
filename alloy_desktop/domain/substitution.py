"""Rule-based exercise substitution: ranked stand-ins for a movement, with reasons in plain words."""

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
from alloy_desktop.domain.enums import Level, MuscleGroup

# Score weights: the pattern decides how a substitute feels to do, the muscles what it
# trains; both matter far more than level or equipment.
SAME_PATTERN = 60.0  # beats any mix of the other bonuses: same pattern always first
PRIMARY_OVERLAP = 30.0  # times the Jaccard index of the primary muscles
ALL_OVERLAP = 10.0  # times the Jaccard index of all muscles worked
SAME_MECHANIC = 5.0
SAME_EQUIPMENT = 2.0
LEVEL_STEP = 2.0  # per step of difficulty away from the original
ENJOYED = 3.0
AVOIDED = -25.0  # usable, but only when nothing better is there
UNRELATED = -20.0  # no shared pattern or primary muscle: a different exercise, not a swap

_LEVEL_RANK = {Level.BEGINNER: 0, Level.INTERMEDIATE: 1, Level.EXPERT: 2}


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


def _score(m: MovementInfo, original: MovementInfo, c: Constraints) -> Substitute:
    score = 0.0
    reasons: list[str] = []
    if m.pattern is original.pattern:
        score += SAME_PATTERN
        reasons.append(f"same pattern: {label(m.pattern)}")
    shared = m.primary & original.primary
    score += PRIMARY_OVERLAP * jaccard(m.primary, original.primary)
    score += ALL_OVERLAP * jaccard(m.primary | m.secondary, original.primary | original.secondary)
    if shared:
        reasons.append("works " + join_words(sorted(label(g) for g in shared)))
    elif m.pattern is not original.pattern:
        score += UNRELATED
        reasons.append("trains " + join_words(sorted(label(g) for g in m.primary)) + " instead")
    if m.is_compound == original.is_compound:
        score += SAME_MECHANIC
    if m.equipment is original.equipment:
        score += SAME_EQUIPMENT
        reasons.append(f"same equipment: {label(m.equipment)}")
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

    Same-pattern movements that share primary muscles rank first; then movements
    that train the same muscles another way; unrelated movements of the same
    family (lifting, stretching or conditioning) come last, so a sore or banned
    region can still be swapped for work elsewhere. Nothing forbidden, unaffordable,
    beyond the user's level, or loading a sore muscle group primarily is returned.
    """
    if limit <= 0:
        return []
    scored = [
        _score(m, original, constraints)
        for m in catalog
        if _eligible(m, original, constraints, sore_groups, exclude_ids)
    ]
    scored.sort(key=lambda s: (-s.score, s.movement.name, s.movement.id))
    return scored[:limit]
