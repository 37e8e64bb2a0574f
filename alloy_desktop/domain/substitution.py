"""Rule-based exercise substitution: ranked stand-ins for a movement, with plain reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

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
from alloy_desktop.domain.enums import Equipment, Level, MovementPattern, MuscleGroup

# Score weights: the pattern decides how a substitute feels to do, the muscles what it
# trains; both matter far more than level or equipment.
SAME_PATTERN = 60.0  # beats any mix of the other bonuses: same pattern always first
SAME_FAMILY = 5.0  # another pattern doing the same job (a pulldown for a row); kept below 6
# so that SAME_PATTERN still beats every other bonus plus a two-step level gap
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

# Patterns that do the same job for the body: one may stand in for another.
_PATTERN_FAMILY: dict[MovementPattern, str] = {
    MovementPattern.SQUAT: "lower body",
    MovementPattern.HINGE: "lower body",
    MovementPattern.LUNGE: "lower body",
    MovementPattern.ISOLATION_LOWER: "lower body",
    MovementPattern.HORIZONTAL_PUSH: "push",
    MovementPattern.VERTICAL_PUSH: "push",
    MovementPattern.HORIZONTAL_PULL: "pull",
    MovementPattern.VERTICAL_PULL: "pull",
    MovementPattern.CORE: "trunk",
    MovementPattern.ROTATION: "trunk",
    MovementPattern.CARRY: "trunk",
}
_CATCH_ALL_PATTERNS = frozenset({MovementPattern.ISOLATION_UPPER, MovementPattern.ISOLATION_LOWER})
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


def pattern_family(pattern: MovementPattern) -> str:
    """ "push", "pull", "lower body" or "trunk"; any other pattern is a family of its own."""
    return _PATTERN_FAMILY.get(pattern, pattern.value)


def _same_family(m: MovementInfo, original: MovementInfo) -> bool:
    return pattern_family(m.pattern) == pattern_family(original.pattern)


def is_related(m: MovementInfo, original: MovementInfo) -> bool:
    """Whether `m` does the original's job: a shared primary muscle, the same pattern, or a
    pattern of the same family whose main work the original trains too (a pulldown for a
    row, a good morning for a squat; never a thruster for a leg extension).

    The isolation patterns are catch-alls (a calf raise and a leg extension share one), so
    there only the muscles count.
    """
    if m.primary & original.primary:
        return True
    if m.pattern is original.pattern and m.pattern not in _CATCH_ALL_PATTERNS:
        return True
    return _same_family(m, original) and bool(m.primary & (original.primary | original.secondary))


def fits_intent(m: MovementInfo, original: MovementInfo, intent: frozenset[MuscleGroup]) -> bool:
    """A compound standing in for a compound that trains only what the session is meant to
    train (`intent`: the muscles its main lifts aim at that are fit today).
    """
    return original.is_compound and m.is_compound and bool(m.primary) and m.primary <= intent


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
    elif _same_family(m, original):
        score += SAME_FAMILY
    worked, worked_before = m.primary | m.secondary, original.primary | original.secondary
    score += PRIMARY_OVERLAP * jaccard(m.primary, original.primary)
    score += ALL_OVERLAP * jaccard(worked, worked_before)
    if m.primary & original.primary:
        reasons.append("works " + _muscle_words(m.primary & original.primary))
    elif worked & worked_before:
        score += 0.0 if _same_family(m, original) else LOOSELY_RELATED
        reasons.append("also works " + _muscle_words(worked & worked_before))
    else:
        score += 0.0 if _same_family(m, original) else UNRELATED
        reasons.append(f"trains {_muscle_words(m.primary)} instead")
    sore_secondary = m.secondary & sore_groups
    if sore_secondary:
        score += SORE_SECONDARY * len(sore_secondary)
        reasons.append(f"still works sore {_muscle_words(sore_secondary)} secondarily")
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


def choose_replacement(
    ranked: Sequence[Substitute],
    original: MovementInfo,
    sore_groups: frozenset[MuscleGroup],
    intent: frozenset[MuscleGroup] = frozenset(),
) -> Substitute | None:
    """The stand-in an adaptation puts in the slot by itself, or None to drop the slot today.

    Unlike the list a user picks from, the automatic choice never works a sore muscle
    group at all, not even secondarily (a thruster still loads sore quads), and must do
    the original's job (`is_related`). Failing that, a compound may stand in for a
    compound when it trains only what the session's main lifts aim at (`fits_intent`).
    A chest fly never replaces a leg extension: an unrelated lift is no replacement.
    """
    fallback: Substitute | None = None
    for candidate in ranked:
        m = candidate.movement
        if (m.primary | m.secondary) & sore_groups:
            continue
        if is_related(m, original):
            return candidate
        if fallback is None and fits_intent(m, original, intent):
            fallback = candidate
    if fallback is None:
        return None
    why = f"in keeping with today's {_muscle_words(fallback.movement.primary)} work"
    return replace(fallback, reasons=(*fallback.reasons, why))


def shortlist(
    ranked: Sequence[Substitute],
    original: MovementInfo,
    chosen: Substitute | None,
    sore_groups: frozenset[MuscleGroup] = frozenset(),
    intent: frozenset[MuscleGroup] = frozenset(),
    limit: int = 5,
) -> tuple[Substitute, ...]:
    """The options shown beside a removed exercise: the chosen stand-in first, then others
    that do its job or suit the session, those sparing every sore group before those that
    still work one secondarily (their reasons say so).
    """
    fitting = [
        s
        for s in ranked
        if (chosen is None or s.movement.id != chosen.movement.id)
        and (is_related(s.movement, original) or fits_intent(s.movement, original, intent))
    ]
    fitting.sort(key=lambda s: bool((s.movement.primary | s.movement.secondary) & sore_groups))
    picked = ([] if chosen is None else [chosen]) + fitting
    return tuple(picked[:limit])
