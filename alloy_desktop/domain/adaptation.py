"""Rule-based session adaptation: movement rules, soreness, recovery, swaps and a coach's note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from alloy_desktop.domain.catalog import (
    Constraints,
    MovementInfo,
    forbidden_reason,
    join_words,
    label,
)
from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    ExerciseRole,
    MuscleGroup,
)
from alloy_desktop.domain.errors import require
from alloy_desktop.domain.planner import PlannedExercise
from alloy_desktop.domain.substitution import Substitute, rank_substitutes

REMOVE_SORENESS = 7  # this sore, loading the part again risks turning soreness into injury
REDUCE_SORENESS = 4  # noticeably sore: train it, but lighter
LOW_MUSCLE_RECOVERY = 4.0  # a muscle group below 4/10 recovered counts as soreness 7
LOW_RECOVERY_SCORE = 40.0  # the spec's thresholds for sections and volume
HIGH_RECOVERY_SCORE = 70.0
MIN_RPE = 5.0
MAX_SETS = 6
SWAPPABLE_ROLES = frozenset({ExerciseRole.MAIN, ExerciseRole.ACCESSORY})
VOLUME_ROLES = frozenset({ExerciseRole.MAIN, ExerciseRole.ACCESSORY, ExerciseRole.FINISHER})

_NO_RECOVERY: Mapping[MuscleGroup, float] = MappingProxyType({})


@dataclass(frozen=True)
class SorenessEntry:
    body_part: BodyPart
    level: int  # 1..10

    def __post_init__(self) -> None:
        require(1 <= self.level <= 10, "soreness", "Soreness must be between 1 and 10")


@dataclass(frozen=True)
class AdaptationInput:
    exercises: tuple[PlannedExercise, ...]
    soreness: tuple[SorenessEntry, ...]
    recovery_score: float  # 0..100
    muscle_recovery: Mapping[MuscleGroup, float] = field(default_factory=lambda: _NO_RECOVERY)


@dataclass(frozen=True)
class AdaptedExercise:
    """An exercise that stays in the session, with its (possibly changed) prescription."""

    original: PlannedExercise
    sets: int
    reps: int
    rpe: float
    rest_seconds: int
    changes: tuple[str, ...]

    def as_planned(self) -> PlannedExercise:
        return replace(
            self.original,
            sets=self.sets,
            reps=self.reps,
            rpe=self.rpe,
            rest_seconds=self.rest_seconds,
        )


@dataclass(frozen=True)
class RemovedExercise:
    exercise: PlannedExercise
    reason: str
    substitutes: tuple[Substitute, ...]


@dataclass(frozen=True)
class AdaptationResult:
    """What changed. The adapted session is `adapted` plus the replacements in `substituted`."""

    adapted: tuple[AdaptedExercise, ...]
    removed: tuple[RemovedExercise, ...]
    substituted: tuple[tuple[PlannedExercise, PlannedExercise], ...]  # (original, replacement)
    added_sections: tuple[str, ...]
    recovery_score: float
    explanation: str

    def session(self) -> tuple[PlannedExercise, ...]:
        """The exercises to do today, in their original order."""
        kept = [a.as_planned() for a in self.adapted]
        swaps = [replacement for _, replacement in self.substituted]
        return tuple(sorted(kept + swaps, key=lambda e: e.order))


@dataclass(frozen=True)
class _Strain:
    """How sore the parts a movement loads primarily are (0 when not at all)."""

    level: int
    words: str  # "legs 8/10" or "quads recovering (3/10)"


def _soreness_by_part(entries: Sequence[SorenessEntry]) -> dict[BodyPart, int]:
    worst: dict[BodyPart, int] = {}
    for entry in entries:
        part = BodyPart(entry.body_part)
        worst[part] = max(worst.get(part, 0), entry.level)
    return worst


def _strain(
    m: MovementInfo, soreness: Mapping[BodyPart, int], recovery: Mapping[MuscleGroup, float]
) -> _Strain:
    """The worst soreness among the body parts and muscle groups `m` loads primarily.

    Looked up through the movement's muscle map, never its name (the spec's P8).
    """
    best = _Strain(0, "")
    for part in sorted(m.primary_body_parts):
        level = soreness.get(part, 0)
        if level > best.level:
            best = _Strain(level, f"{label(part)} soreness {level}/10")
    for group in sorted(m.primary):
        value = recovery.get(group)
        if value is not None and value < LOW_MUSCLE_RECOVERY and REMOVE_SORENESS > best.level:
            best = _Strain(REMOVE_SORENESS, f"{label(group)} still recovering ({value:g}/10)")
    return best


def sore_groups(
    soreness: Mapping[BodyPart, int], recovery: Mapping[MuscleGroup, float]
) -> frozenset[MuscleGroup]:
    """Muscle groups a substitute must not load primarily: sore parts and unrecovered groups."""
    return frozenset(
        group
        for group, part in MUSCLE_GROUP_BODY_PART.items()
        if soreness.get(part, 0) >= REDUCE_SORENESS
        or recovery.get(group, 10.0) < LOW_MUSCLE_RECOVERY
    )


@dataclass
class _Draft:
    """A kept exercise while its numbers are being adjusted."""

    exercise: PlannedExercise
    sets: int
    rpe: float
    changes: list[str]

    def cut(self, why: str) -> None:
        # One set fewer (never below one) and one RPE point easier.
        new_sets, new_rpe = max(1, self.sets - 1), max(MIN_RPE, self.rpe - 1)
        if new_sets != self.sets:
            self.changes.append(f"sets {self.sets} -> {new_sets} ({why})")
        if new_rpe != self.rpe:
            self.changes.append(f"RPE {self.rpe:g} -> {new_rpe:g} ({why})")
        self.sets, self.rpe = new_sets, new_rpe

    def add_set(self, why: str) -> None:
        if self.sets < MAX_SETS:
            self.changes.append(f"sets {self.sets} -> {self.sets + 1} ({why})")
            self.sets += 1


def _apply_recovery(draft: _Draft, score: float) -> None:
    """Whole-body recovery: trim volume when low, allow one more main-lift set when high."""
    role = draft.exercise.role
    if score < LOW_RECOVERY_SCORE and role in VOLUME_ROLES:
        draft.cut(f"low recovery {score:g}/100")
    elif score > HIGH_RECOVERY_SCORE and role is ExerciseRole.MAIN:
        draft.add_set(f"good recovery {score:g}/100")


def _sections(score: float) -> tuple[str, ...]:
    if score > HIGH_RECOVERY_SCORE:
        return ("conditioning",)
    if score < LOW_RECOVERY_SCORE:
        return ("extra_warmup",)
    return ()


class _Adapter:
    """Walks a session once, deciding keep / lighten / remove / swap for each exercise."""

    def __init__(
        self,
        inp: AdaptationInput,
        catalog_by_id: Mapping[int, MovementInfo],
        catalog: Sequence[MovementInfo],
        constraints: Constraints,
    ) -> None:
        require(0 <= inp.recovery_score <= 100, "recovery_score", "Recovery must be 0 to 100")
        self.inp = inp
        self.by_id = catalog_by_id
        self.catalog = catalog
        self.constraints = constraints
        self.soreness = _soreness_by_part(inp.soreness)
        self.sore = sore_groups(self.soreness, inp.muscle_recovery)
        self.taken = {e.movement_id for e in inp.exercises}  # no swap may duplicate these
        self.adapted: list[AdaptedExercise] = []
        self.removed: list[RemovedExercise] = []
        self.substituted: list[tuple[PlannedExercise, PlannedExercise]] = []

    def run(self) -> AdaptationResult:
        for exercise in self.inp.exercises:
            self._one(exercise)
        score = float(self.inp.recovery_score)
        sections = _sections(score)
        return AdaptationResult(
            adapted=tuple(self.adapted),
            removed=tuple(self.removed),
            substituted=tuple(self.substituted),
            added_sections=sections,
            recovery_score=score,
            explanation=explain(self.adapted, self.removed, self.substituted, sections, score),
        )

    def _one(self, exercise: PlannedExercise) -> None:
        m = self.by_id.get(exercise.movement_id)
        if m is None:
            self._keep(exercise, ["not in the library, so it could not be checked"])
            return
        reason = forbidden_reason(m, self.constraints)
        if reason is not None:
            self._remove(exercise, m, f"Forbidden: {reason}")
            return
        # Stretches and drills do not load a muscle, so soreness never removes them.
        strain = _Strain(0, "") if m.is_stretch else _strain(m, self.soreness, self.inp.muscle_recovery)
        if strain.level >= REMOVE_SORENESS:
            self._remove(exercise, m, f"Conflicts with soreness: {strain.words}")
            return
        draft = _Draft(exercise, exercise.sets, exercise.rpe, [])
        if strain.level >= REDUCE_SORENESS:
            draft.cut(strain.words)
        _apply_recovery(draft, self.inp.recovery_score)
        self._keep(draft.exercise, draft.changes, draft.sets, draft.rpe)

    def _keep(
        self,
        exercise: PlannedExercise,
        changes: list[str],
        sets: int | None = None,
        rpe: float | None = None,
    ) -> None:
        self.adapted.append(
            AdaptedExercise(
                original=exercise,
                sets=exercise.sets if sets is None else sets,
                reps=exercise.reps,
                rpe=exercise.rpe if rpe is None else rpe,
                rest_seconds=exercise.rest_seconds,
                changes=tuple(changes),
            )
        )

    def _remove(self, exercise: PlannedExercise, m: MovementInfo, reason: str) -> None:
        ranked: tuple[Substitute, ...] = ()
        if exercise.role in SWAPPABLE_ROLES:
            ranked = tuple(
                rank_substitutes(
                    m,
                    self.catalog,
                    self.constraints,
                    sore_groups=self.sore,
                    exclude_ids=frozenset(self.taken),
                )
            )
        self.removed.append(RemovedExercise(exercise, reason, ranked))
        if ranked:
            self._swap(exercise, m, ranked[0])

    def _swap(self, exercise: PlannedExercise, m: MovementInfo, best: Substitute) -> None:
        """Put the best substitute in the same slot, with today's recovery adjustment."""
        draft = _Draft(exercise, exercise.sets, exercise.rpe, [])
        _apply_recovery(draft, self.inp.recovery_score)
        replacement = replace(
            exercise,
            movement_id=best.movement.id,
            sets=draft.sets,
            rpe=draft.rpe,
            notes=f"Replaces {m.name}: " + "; ".join(best.reasons),
        )
        self.taken.add(best.movement.id)
        self.substituted.append((exercise, replacement))


def adapt_session(
    inp: AdaptationInput,
    catalog_by_id: Mapping[int, MovementInfo],
    catalog: Sequence[MovementInfo],
    constraints: Constraints,
) -> AdaptationResult:
    """Adapt one session to today's soreness, recovery and the user's movement rules.

    Per exercise, in order: a forbidden movement (by id, pattern or body part) is
    removed; soreness >= 7 on a body part it loads primarily (or a primary muscle
    group recovered below 4/10) removes it; soreness 4-6 keeps it one set and one
    RPE point lighter. Removed MAIN and ACCESSORY work is replaced by the best
    substitute that is allowed and not sore. Then the recovery score trims volume
    (< 40: one set fewer and RPE -1) or allows one more set on main lifts (> 70),
    and adds an "extra_warmup" (< 40) or "conditioning" (> 70) section.
    """
    return _Adapter(inp, catalog_by_id, catalog, constraints).run()


def _names(
    items: Sequence[PlannedExercise], by_id: Mapping[int, MovementInfo] | None = None
) -> list[str]:
    return [str(e.movement_id) if by_id is None else by_id[e.movement_id].name for e in items]


def explain(
    adapted: Sequence[AdaptedExercise],
    removed: Sequence[RemovedExercise],
    substituted: Sequence[tuple[PlannedExercise, PlannedExercise]],
    sections: Sequence[str],
    score: float,
) -> str:
    """A short coach's note in plain English: what changed today and why."""
    sentences: list[str] = []
    if score < LOW_RECOVERY_SCORE:
        sentences.append(
            f"Your recovery score is {score:g}/100, so today is lighter: one set fewer and "
            "an easier RPE on your working sets, with an extra warm-up."
        )
    elif score > HIGH_RECOVERY_SCORE:
        sentences.append(
            f"Your recovery score is {score:g}/100, so you can push a little: one extra set "
            "on the main lifts and a short conditioning block."
        )
    swap_for = {original.order: replacement for original, replacement in substituted}
    for item in removed:
        subject = item.substitutes[0].movement.name if item.substitutes else ""
        swapped = item.exercise.order in swap_for and subject
        why = item.reason[0].lower() + item.reason[1:]
        target = _movement_name(item)
        text = f"{target} is out ({why})"
        sentences.append(f"{text}; {subject} takes its place." if swapped else f"{text}.")
    lighter = [a for a in adapted if any("soreness" in c or "recovering" in c for c in a.changes)]
    if lighter:
        parts = join_words(sorted({_sore_words(a) for a in lighter}))
        count = len(lighter)
        noun = "exercise is" if count == 1 else "exercises are"
        sentences.append(f"{count} {noun} a set lighter and easier because of {parts}.")
    if not sentences:
        sentences.append(
            f"Recovery looks fine ({score:g}/100) and nothing is sore enough to change, "
            "so the session stays as planned."
        )
    return " ".join(sentences)


def _movement_name(item: RemovedExercise) -> str:
    # RemovedExercise carries no movement, so name it through the note of its swap if any.
    return f"Exercise {item.exercise.order}"


def _sore_words(a: AdaptedExercise) -> str:
    for change in a.changes:
        if "soreness" in change or "recovering" in change:
            return change[change.index("(") + 1 : change.rindex(")")]
    return ""
