"""Movement facts the planner reasons with, and the user's rules about which ones are allowed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    Equipment,
    ExperienceLevel,
    Level,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    RuleTarget,
)

# Equipment everybody has, whatever they ticked in their equipment list.
ALWAYS_AVAILABLE: frozenset[Equipment] = frozenset({Equipment.BODY_ONLY, Equipment.NONE})


def label(value: str) -> str:
    """An enum value in plain lower-case words: HORIZONTAL_PUSH -> "horizontal push"."""
    return value.replace("_", " ").lower()


def work_amount(sets: int, reps: int, reps_max: int | None, pattern: MovementPattern) -> str:
    """ "3 × 8–12" for lifts; "1 × 45 min" or "6 × 45 s" for cardio, whose reps are seconds."""
    if pattern is MovementPattern.CONDITIONING:
        amount = f"{reps // 60} min" if reps >= 60 and reps % 60 == 0 else f"{reps} s"
        return f"{sets} × {amount}"
    if reps_max is not None and reps_max > reps:
        return f"{sets} × {reps}–{reps_max}"
    return f"{sets} × {reps}"


def join_words(words: list[str]) -> str:
    """["a"] -> "a"; ["a", "b"] -> "a and b"; ["a", "b", "c"] -> "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def body_parts_of(groups: frozenset[MuscleGroup]) -> frozenset[BodyPart]:
    """The coarse body parts (as used for soreness and injuries) of some muscle groups."""
    return frozenset(MUSCLE_GROUP_BODY_PART[group] for group in groups)


@dataclass(frozen=True)
class MovementInfo:
    """One movement of the library, reduced to what planning and adaptation need.

    `category` is the library's category ("strength", "stretching", "cardio", ...);
    compare it through `kind`, which tolerates either spelling of the stored value.
    """

    id: int
    name: str
    pattern: MovementPattern
    equipment: Equipment
    level: Level
    category: str
    is_compound: bool
    primary: frozenset[MuscleGroup]
    secondary: frozenset[MuscleGroup]
    is_custom: bool = False

    # cached_property writes straight into the instance dict, so it works on a frozen
    # dataclass; planning asks for these thousands of times per catalog.
    @cached_property
    def body_parts(self) -> frozenset[BodyPart]:
        """Every body part the movement works, primarily or secondarily."""
        return body_parts_of(self.primary | self.secondary)

    @cached_property
    def primary_body_parts(self) -> frozenset[BodyPart]:
        """Body parts the movement loads primarily (what soreness and injuries care about)."""
        return body_parts_of(self.primary)

    @cached_property
    def is_lifting(self) -> bool:
        """Resistance work (see the module's is_lifting), decided once per movement."""
        return _is_lifting(self)

    @cached_property
    def kind(self) -> str:
        """The category in lower-case words ("OLYMPIC_WEIGHTLIFTING" -> "olympic weightlifting")."""
        return label(self.category)

    @cached_property
    def is_stretch(self) -> bool:
        """Stretches and soft-tissue work: warm-up and cool-down material, never hard sets.

        A few library "stretches" are really jumps (Frog Hops); their pattern wins.
        """
        if self.pattern is MovementPattern.MOBILITY:
            return True
        return self.kind == "stretching" and self.pattern is not MovementPattern.PLYOMETRIC


@dataclass(frozen=True)
class MovementRule:
    """A user's rule about one movement, a whole pattern or a body part."""

    rule_type: MovementRuleType
    target: RuleTarget
    movement_id: int | None = None
    pattern: MovementPattern | None = None
    body_part: BodyPart | None = None
    note: str = ""


@dataclass(frozen=True)
class Constraints:
    """Everything about the user that limits or biases movement choice."""

    rules: tuple[MovementRule, ...] = ()
    injured_body_parts: frozenset[BodyPart] = frozenset()
    equipment: frozenset[Equipment] | None = None  # None = full gym
    enjoyable: tuple[str, ...] = ()  # activity or movement names the user enjoys
    experience: ExperienceLevel = ExperienceLevel.INTERMEDIATE


def _rule_matches(rule: MovementRule, m: MovementInfo, loaded: frozenset[BodyPart]) -> bool:
    """Whether a rule names this movement, its pattern, or a body part in `loaded`.

    Matching is by id and enum only, never by name, so a rule cannot be bypassed by
    a differently spelled movement (the spec's P9).
    """
    if rule.target is RuleTarget.MOVEMENT:
        return rule.movement_id is not None and rule.movement_id == m.id
    if rule.target is RuleTarget.PATTERN:
        return rule.pattern is not None and rule.pattern is m.pattern
    return rule.body_part is not None and rule.body_part in loaded


def _rule_words(rule: MovementRule, m: MovementInfo) -> str:
    """What the rule names, in plain words."""
    if rule.target is RuleTarget.MOVEMENT:
        return m.name
    if rule.target is RuleTarget.PATTERN and rule.pattern is not None:
        return f"{label(rule.pattern)} movements"
    return label(rule.body_part or "")


def _with_note(text: str, rule: MovementRule) -> str:
    return f"{text} ({rule.note})" if rule.note else text


def forbidden_reason(m: MovementInfo, c: Constraints) -> str | None:
    """Why the movement may not be programmed at all, or None when it may.

    HARD_NO on a body part bans every movement that works it, even secondarily: the
    user said "never". INJURY rules and injured body parts ban only movements that
    load the part primarily, so an injured shoulder still allows squats.
    """
    everything = m.body_parts
    primary = m.primary_body_parts
    for rule in c.rules:
        if rule.rule_type is MovementRuleType.HARD_NO and _rule_matches(rule, m, everything):
            return _with_note(f"hard no on {_rule_words(rule, m)}", rule)
        if rule.rule_type is MovementRuleType.INJURY and _rule_matches(rule, m, primary):
            return _with_note(f"injury rule on {_rule_words(rule, m)}", rule)
    injured = sorted(primary & c.injured_body_parts)
    if injured:
        return f"injured {label(injured[0])} (it loads the {label(injured[0])} primarily)"
    return None


def is_avoided(m: MovementInfo, c: Constraints) -> bool:
    """AVOID rules: the movement stays usable but is chosen only when nothing else fits."""
    primary = m.primary_body_parts
    return any(
        rule.rule_type is MovementRuleType.AVOID and _rule_matches(rule, m, primary)
        for rule in c.rules
    )


def equipment_ok(m: MovementInfo, c: Constraints) -> bool:
    """Whether the user has what the movement needs (bodyweight work always qualifies)."""
    if c.equipment is None or m.equipment in ALWAYS_AVAILABLE:
        return True
    return m.equipment in c.equipment


def level_ok(m: MovementInfo, c: Constraints) -> bool:
    """Beginners get no EXPERT-level movements: their risk outweighs any benefit early on."""
    return not (c.experience is ExperienceLevel.BEGINNER and m.level is Level.EXPERT)


def is_enjoyed(m: MovementInfo, c: Constraints) -> bool:
    """Whether the movement's name mentions something the user said they enjoy.

    Name matching is fine here (unlike for rules) because it only nudges a ranking.
    """
    name = m.name.lower()
    return any(word.strip() and word.strip().lower() in name for word in c.enjoyable)


def is_lifting(m: MovementInfo) -> bool:
    """Resistance work that can fill MAIN and ACCESSORY slots (not stretches, cardio, jumps)."""
    return m.is_lifting


def _is_lifting(m: MovementInfo) -> bool:
    if m.is_stretch or m.kind in ("cardio", "plyometrics"):
        return False
    return m.pattern not in (
        MovementPattern.CONDITIONING,
        MovementPattern.PLYOMETRIC,
        MovementPattern.MOBILITY,
    )


def is_conditioning(m: MovementInfo) -> bool:
    """Steady or interval cardio."""
    return m.pattern is MovementPattern.CONDITIONING or m.kind == "cardio"


def is_plyometric(m: MovementInfo) -> bool:
    """Jumps, bounds and throws."""
    return m.pattern is MovementPattern.PLYOMETRIC or m.kind == "plyometrics"


def family(m: MovementInfo) -> str:
    """ "lifting", "stretch" or "conditioning": movements only stand in for their own family."""
    if m.is_stretch:
        return "stretch"
    if is_conditioning(m) or is_plyometric(m):
        return "conditioning"
    return "lifting"


def is_usable(m: MovementInfo, c: Constraints) -> bool:
    """Allowed, affordable with the user's equipment, and suited to their experience."""
    return equipment_ok(m, c) and level_ok(m, c) and forbidden_reason(m, c) is None
