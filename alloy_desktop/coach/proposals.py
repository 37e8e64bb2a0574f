"""The coach's proposed changes, checked against the library, rules, injuries and equipment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from alloy_desktop.coach.errors import invalid_output
from alloy_desktop.coach.formats import (
    ACTIONS,
    ADD_SECTION,
    ADJUST,
    REASON_CHARS,
    REMOVE,
    SECTION_WORDS,
    SECTIONS,
    SUBSTITUTE,
)
from alloy_desktop.domain.catalog import (
    Constraints,
    MovementInfo,
    equipment_ok,
    family,
    forbidden_reason,
    join_words,
    label,
    level_ok,
)
from alloy_desktop.domain.enums import MuscleGroup
from alloy_desktop.domain.planned import PlannedExercise

SETS = (1, 6)
REPS = (1, 30)
RPE = (5.0, 10.0)
MAX_CHANGES = 12  # a real answer changes a few things; more is the model rambling
NOTE_LENGTH = 200


@dataclass(frozen=True)
class ProposedChange:
    """One change that passed every check, ready to apply to today's session."""

    action: str  # remove, substitute, adjust or add_section
    slot: int | None  # the exercise's order in the session (None for a section)
    exercise: str  # the session exercise's name ("" for a section)
    reason: str
    movement_id: int | None = None  # the replacement, for a substitute
    replacement: str = ""
    sets: int | None = None
    reps: int | None = None
    rpe: float | None = None
    section: str = ""

    def words(self) -> str:
        """ "Swap Barbell Squat for Leg Press: legs are sore" and the like."""
        why = f": {self.reason}" if self.reason else ""
        if self.action == REMOVE:
            return f"Remove {self.exercise}{why}"
        if self.action == SUBSTITUTE:
            return f"Swap {self.exercise} for {self.replacement}{_numbers(self)}{why}"
        if self.action == ADJUST:
            return f"Adjust {self.exercise}{_numbers(self)}{why}"
        return f"Add {SECTION_WORDS.get(self.section, label(self.section))}{why}"


@dataclass(frozen=True)
class Proposal:
    """The valid changes, and a note for every change that was dropped and why."""

    changes: tuple[ProposedChange, ...]
    dropped: tuple[str, ...]
    summary: str = ""


@dataclass(frozen=True)
class Limits:
    """What a replacement must respect: the user's rules and what is sore today."""

    constraints: Constraints
    sore: frozenset[MuscleGroup] = frozenset()


def name_index(movements: Sequence[MovementInfo]) -> dict[str, MovementInfo]:
    """Library movements by lower-cased name (the first of any duplicate wins)."""
    index: dict[str, MovementInfo] = {}
    for m in movements:
        index.setdefault(m.name.strip().lower(), m)
    return index


def _numbers(change: ProposedChange) -> str:
    parts = []
    if change.sets is not None:
        parts.append(f"{change.sets} sets")
    if change.reps is not None:
        parts.append(f"{change.reps} reps")
    if change.rpe is not None:
        parts.append(f"RPE {change.rpe:g}")
    return f" ({', '.join(parts)})" if parts else ""


# --- checking ---------------------------------------------------------------------------------


class _Checker:
    """Walks the proposed changes once, keeping the valid ones and a note for each other."""

    def __init__(
        self,
        session: Sequence[PlannedExercise],
        by_id: Mapping[int, MovementInfo],
        names: Mapping[str, MovementInfo],
        limits: Limits,
        options: Mapping[int, tuple[int, str]],
    ) -> None:
        self.session = sorted(session, key=lambda e: e.order)
        self.by_id = by_id
        self.names = names
        self.limits = limits
        self.options = options
        self.kept: list[ProposedChange] = []
        self.dropped: list[str] = []
        self.touched: set[int] = set()
        self.taken = {e.movement_id for e in session}
        self.removed = 0

    def name(self, exercise: PlannedExercise) -> str:
        info = self.by_id.get(exercise.movement_id)
        return info.name if info else "Unknown movement"

    def run(self, items: Sequence[Any]) -> None:
        for item in items[:MAX_CHANGES]:
            if not isinstance(item, Mapping):
                self.dropped.append("Ignored a change that wasn't readable.")
                continue
            self.one(item)
        if len(items) > MAX_CHANGES:
            self.dropped.append(f"Ignored {len(items) - MAX_CHANGES} further changes.")

    def one(self, raw: Mapping[str, Any]) -> None:
        action = str(raw.get("action") or "").strip().lower()
        reason = _reason(raw.get("reason"))
        if action not in ACTIONS:
            self.dropped.append(f"Ignored a change Alloy doesn't know (“{action or '?'}”).")
            return
        if action == ADD_SECTION:
            self.section(_text(raw.get("section")).lower(), reason)
            return
        item = self.resolve(raw)
        if item is None:
            return
        target = self.find(item)
        if target is None:
            slot = _whole(item.get("slot"))
            named = f"slot {slot}" if slot is not None else "an unnamed exercise"
            asked = _text(item.get("exercise")) or named
            self.dropped.append(f"Ignored a change to {asked}: it isn't in today's session.")
            return
        if target.order in self.touched:
            self.dropped.append(f"Ignored a second change to {self.name(target)}.")
            return
        if action == REMOVE:
            self.remove(target, reason)
        elif action == SUBSTITUTE:
            self.substitute(target, item, reason)
        else:
            self.adjust(target, item, reason)

    def resolve(self, item: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """An option number (the schema's way to name a swap) as its slot and replacement."""
        option = _whole(item.get("option"))
        if option is None:
            return item
        found = self.options.get(option)
        if found is None:
            self.dropped.append(f"Ignored swap option {option}: Alloy didn't offer it.")
            return None
        slot, replacement = found
        return {**item, "slot": slot, "replacement": replacement}

    def find(self, item: Mapping[str, Any]) -> PlannedExercise | None:
        """The session's exercise by slot number (the schema's way) or by name."""
        slot = _whole(item.get("slot"))
        if slot is not None:
            return next((e for e in self.session if e.order == slot), None)
        wanted = _text(item.get("exercise")).lower()
        return next((e for e in self.session if self.name(e).lower() == wanted), None)

    def section(self, section: str, reason: str) -> None:
        if section not in SECTIONS:
            self.dropped.append(f"Ignored adding “{section or '?'}”: not a section Alloy has.")
        elif any(c.section == section for c in self.kept):
            self.dropped.append(f"Ignored adding {SECTION_WORDS[section]} twice.")
        else:
            self.kept.append(ProposedChange(ADD_SECTION, None, "", reason, section=section))

    def remove(self, target: PlannedExercise, reason: str) -> None:
        if self.removed + 1 >= len(self.session):
            self.dropped.append(f"Kept {self.name(target)}: the session can't be emptied.")
            return
        self.removed += 1
        self.touched.add(target.order)
        self.kept.append(ProposedChange(REMOVE, target.order, self.name(target), reason))

    def substitute(self, target: PlannedExercise, item: Mapping[str, Any], reason: str) -> None:
        original = self.name(target)
        asked = _text(item.get("replacement"))
        new = self.names.get(asked.lower())
        if new is None:
            what = asked or "nothing"
            self.dropped.append(
                f"Dropped the swap {original} → {what}: it isn't in the movement library."
            )
            return
        why_not = self.refuse(new, self.by_id.get(target.movement_id))
        if why_not:
            self.dropped.append(f"Dropped the swap {original} → {new.name}: {why_not}.")
            return
        numbers = self.numbers(item, original, required=False)
        if numbers is None:
            return
        self.touched.add(target.order)
        self.taken.add(new.id)
        self.kept.append(
            ProposedChange(SUBSTITUTE, target.order, original, reason, new.id, new.name, *numbers)
        )

    def adjust(self, target: PlannedExercise, item: Mapping[str, Any], reason: str) -> None:
        name = self.name(target)
        info = self.by_id.get(target.movement_id)
        banned = forbidden_reason(info, self.limits.constraints) if info else None
        if banned:
            self.dropped.append(f"Dropped the change to {name}: it's off-limits ({banned}).")
            return
        numbers = self.numbers(item, name, required=True)
        if numbers is None:
            return
        self.touched.add(target.order)
        self.kept.append(ProposedChange(ADJUST, target.order, name, reason, None, "", *numbers))

    def refuse(self, new: MovementInfo, original: MovementInfo | None) -> str:
        """Why `new` may not replace `original` today ("" when it may)."""
        c = self.limits.constraints
        if new.id in self.taken:
            return "it's already in today's session"
        banned = forbidden_reason(new, c)
        if banned:
            return f"it's off-limits ({banned})"
        if not equipment_ok(new, c):
            return f"it needs {label(new.equipment)}, which isn't in your equipment"
        if not level_ok(new, c):
            return "it's too advanced for your experience level"
        sore = new.primary & self.limits.sore
        if sore:
            return f"it loads sore {join_words(sorted(label(g) for g in sore))}"
        if original is not None and family(new) != family(original):
            return "it isn't a like-for-like swap"
        return ""

    def numbers(
        self, item: Mapping[str, Any], name: str, required: bool
    ) -> tuple[int | None, int | None, float | None] | None:
        """(sets, reps, rpe) within range; None (with a note) when a value is out of bounds."""
        sets = _whole(item.get("sets"))
        reps = _whole(item.get("reps"))
        rpe = _number(item.get("rpe"))
        for value, (low, high), what in ((sets, SETS, "sets"), (reps, REPS, "reps")):
            if value is not None and not low <= value <= high:
                self.dropped.append(
                    f"Dropped the change to {name}: {value} {what} is outside {low}-{high}."
                )
                return None
        if rpe is not None and not RPE[0] <= rpe <= RPE[1]:
            self.dropped.append(f"Dropped the change to {name}: RPE {rpe:g} is outside 5-10.")
            return None
        if required and sets is None and reps is None and rpe is None:
            self.dropped.append(f"Ignored the change to {name}: it gave no new numbers.")
            return None
        return sets, reps, None if rpe is None else round(rpe * 2) / 2


def _text(value: object) -> str:
    return value.strip()[:NOTE_LENGTH] if isinstance(value, str) else ""


def _reason(value: object) -> str:
    """The change's reason; one cut off at exactly the schema's length ends at a word, "…"."""
    text = _text(value)
    if len(text) == REASON_CHARS and " " in text:
        text = text.rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text


def _whole(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def check_proposal(
    raw: object,
    session: Sequence[PlannedExercise],
    by_id: Mapping[int, MovementInfo],
    names: Mapping[str, MovementInfo],
    limits: Limits,
    options: Mapping[int, tuple[int, str]] | None = None,
) -> Proposal:
    """Keeps the changes that are valid for today's session; notes why each other one went.

    A change names its exercise by slot (or by name) and a swap by an option number from
    `options` (number -> slot, replacement), or by the replacement's name. Raises the
    coach's invalid-output error when the reply is not {"changes": [...]} at all (worth a
    retry); single bad changes are only dropped, with a note.
    """
    if not isinstance(raw, Mapping) or not isinstance(raw.get("changes"), list):
        raise invalid_output("the reply has no list of changes")
    checker = _Checker(session, by_id, names, limits, options or {})
    checker.run(raw["changes"])
    return Proposal(tuple(checker.kept), tuple(checker.dropped), _text(raw.get("summary")))


# --- applying ---------------------------------------------------------------------------------


def apply_proposal(
    session: Sequence[PlannedExercise], proposal: Proposal
) -> tuple[tuple[PlannedExercise, ...], tuple[str, ...]]:
    """Today's exercises with the changes made (order kept), and the sections added."""
    by_slot = {c.slot: c for c in proposal.changes if c.slot is not None}
    out: list[PlannedExercise] = []
    for exercise in sorted(session, key=lambda e: e.order):
        change = by_slot.get(exercise.order)
        if change is None:
            out.append(exercise)
        elif change.action != REMOVE:
            out.append(_changed(exercise, change))
    sections = tuple(c.section for c in proposal.changes if c.action == ADD_SECTION)
    return tuple(out), sections


def _changed(exercise: PlannedExercise, change: ProposedChange) -> PlannedExercise:
    reps = change.reps if change.reps is not None else exercise.reps
    reps_max = exercise.reps_max if exercise.reps_max and exercise.reps_max > reps else None
    note = exercise.notes
    if change.action == SUBSTITUTE:
        why = f" ({change.reason})" if change.reason else ""
        note = f"Coach: replaces {change.exercise}{why}"
    elif change.reason:
        note = f"Coach: {change.reason}"
    return replace(
        exercise,
        movement_id=change.movement_id or exercise.movement_id,
        sets=change.sets if change.sets is not None else exercise.sets,
        reps=reps,
        reps_max=reps_max,
        rpe=change.rpe if change.rpe is not None else exercise.rpe,
        notes=note[:NOTE_LENGTH],
    )
