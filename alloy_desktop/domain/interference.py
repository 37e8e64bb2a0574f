"""Goal interference: which goal pairs conflict, and how soft conflicts adjust training."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from alloy_desktop.domain.enums import Goal
from alloy_desktop.domain.errors import DomainValidationError, require, require_finite

HARD_CONFLICT_THRESHOLD = 0.8
GOAL_SLOTS = 3  # the program table has three goal columns

_EMPTY: Mapping[str, float] = MappingProxyType({})


def as_goal(value: Goal | str, field_name: str = "goals") -> Goal:
    """Coerce a goal name to Goal, raising DomainValidationError for unknown names."""
    try:
        return Goal(value)
    except ValueError:
        raise DomainValidationError(field_name, f"Unknown goal {value!r}") from None


@dataclass(frozen=True)
class InterferenceRule:
    """A conflict between two goals (either order) with severity 0..1.

    adjustments name how training changes when both goals are trained together, e.g.
    {"volume_factor": 0.9, "rpe_delta": -0.5, "conditioning_minutes_cap": 20}.
    """

    goal_a: Goal
    goal_b: Goal
    severity: float
    rationale: str
    adjustments: Mapping[str, float] = field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        level = require_finite(self.severity, "severity", "Severity")
        require(0.0 <= level <= 1.0, "severity", "Severity must be between 0 and 1")
        object.__setattr__(self, "goal_a", as_goal(self.goal_a, "goal_a"))
        object.__setattr__(self, "goal_b", as_goal(self.goal_b, "goal_b"))
        require(
            all(math.isfinite(value) for value in self.adjustments.values()),
            "adjustments",
            "Adjustments must be finite numbers",
        )
        # A private copy, so editing the caller's dict cannot change a frozen rule.
        object.__setattr__(self, "adjustments", MappingProxyType(dict(self.adjustments)))


@dataclass(frozen=True)
class InterferenceResult:
    """Outcome of checking a goal set: valid or blocked, warnings, combined adjustments."""

    is_valid: bool
    warnings: tuple[str, ...]
    blocking: InterferenceRule | None
    adjustments: Mapping[str, float]


def goal_label(goal: Goal) -> str:
    """A goal in plain words: FAT_LOSS -> "Fat Loss"."""
    return as_goal(goal).value.replace("_", " ").title()


def pad_goals(goals: Sequence[Goal]) -> tuple[Goal, Goal, Goal]:
    """Pad 1-3 goals to exactly three by repeating the first, as the spec does."""
    require(1 <= len(goals) <= GOAL_SLOTS, "goals", f"Choose between 1 and {GOAL_SLOTS} goals")
    padded = [*goals, *[goals[0]] * (GOAL_SLOTS - len(goals))]
    return (padded[0], padded[1], padded[2])


def _unique(goals: Sequence[Goal]) -> list[Goal]:
    # dict keeps first-seen order, so messages follow the user's goal order.
    return list(dict.fromkeys(as_goal(goal) for goal in goals))


def _rules_by_pair(rules: Iterable[InterferenceRule]) -> dict[frozenset[Goal], InterferenceRule]:
    """Index rules by unordered goal pair; if two rules share a pair, the more severe wins."""
    table: dict[frozenset[Goal], InterferenceRule] = {}
    for rule in rules:
        pair = frozenset((rule.goal_a, rule.goal_b))
        current = table.get(pair)
        if current is None or rule.severity > current.severity:
            table[pair] = rule
    return table


def _hard_message(first: Goal, second: Goal, rule: InterferenceRule) -> str:
    return (
        f"{goal_label(first)} and {goal_label(second)} conflict too much to train together "
        f"(severity {rule.severity:.2f}): {rule.rationale}"
    )


def _soft_message(first: Goal, second: Goal, rule: InterferenceRule) -> str:
    return (
        f"{goal_label(first)} and {goal_label(second)} partly work against each other "
        f"(severity {rule.severity:.2f}): {rule.rationale}"
    )


def combine_adjustments(rules: Sequence[InterferenceRule]) -> Mapping[str, float]:
    """Merge the adjustments of several soft conflicts into one mapping.

    By key suffix: "*_factor" values multiply (two 10% cuts give 0.81), "*_delta"
    values add, "*_cap" values take the smallest (the strictest cap). Any other key
    takes the value of the most severe rule that names it, since there is no safe
    generic way to merge an unknown quantity.
    """
    merged: dict[str, float] = {}
    for rule in sorted(rules, key=lambda r: r.severity, reverse=True):
        for key, value in rule.adjustments.items():
            if key not in merged:
                merged[key] = value
            elif key.endswith("_factor"):
                merged[key] *= value
            elif key.endswith("_delta"):
                merged[key] += value
            elif key.endswith("_cap"):
                merged[key] = min(merged[key], value)
    return MappingProxyType(merged)


def _conflicts(
    goals: Sequence[Goal], rules: Iterable[InterferenceRule]
) -> list[tuple[Goal, Goal, InterferenceRule]]:
    table = _rules_by_pair(rules)
    unique = _unique(goals)
    found = []
    for i, first in enumerate(unique):
        for second in unique[i + 1 :]:
            rule = table.get(frozenset((first, second)))
            # A severity-0 rule documents that a pair is fine; it is not a conflict.
            if rule is not None and rule.severity > 0:
                found.append((first, second, rule))
    return found


def validate_goals(goals: Sequence[Goal], rules: Iterable[InterferenceRule]) -> InterferenceResult:
    """Check every pair of distinct goals against the rules (looked up in either order).

    Any pair above HARD_CONFLICT_THRESHOLD makes the set invalid: warnings then hold
    only the hard-conflict messages, `blocking` is the most severe of those rules
    and no adjustments are returned. Otherwise every conflicting pair adds a warning
    and their adjustments are combined (see combine_adjustments). Repeated goals,
    such as the padding of pad_goals, are checked once.
    """
    require(len(goals) >= 1, "goals", "Choose at least one goal")
    conflicts = _conflicts(goals, rules)
    hard = [c for c in conflicts if c[2].severity > HARD_CONFLICT_THRESHOLD]
    if hard:
        blocking = max((c[2] for c in hard), key=lambda rule: rule.severity)
        warnings = tuple(_hard_message(*c) for c in hard)
        return InterferenceResult(False, warnings, blocking, _EMPTY)
    warnings = tuple(_soft_message(*c) for c in conflicts)
    adjustments = combine_adjustments([c[2] for c in conflicts])
    return InterferenceResult(True, warnings, None, adjustments)
