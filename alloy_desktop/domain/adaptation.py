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
from alloy_desktop.domain.enums import MUSCLE_GROUP_BODY_PART, BodyPart, ExerciseRole, MuscleGroup
from alloy_desktop.domain.errors import require
from alloy_desktop.domain.planned import PlannedExercise
from alloy_desktop.domain.substitution import (
    Substitute,
    choose_replacement,
    rank_substitutes,
    shortlist,
)

REMOVE_SORENESS = 7  # this sore, loading the part again risks turning soreness into injury
REDUCE_SORENESS = 4  # noticeably sore: train it, but lighter
LOW_MUSCLE_RECOVERY = 4.0  # a muscle group below 4/10 recovered counts as soreness 7
LOW_RECOVERY_SCORE = 40.0  # the spec's thresholds for volume and optional sections
HIGH_RECOVERY_SCORE = 70.0
MIN_RPE = 5.0
MAX_SETS = 6
SWAPPABLE_ROLES = frozenset({ExerciseRole.MAIN, ExerciseRole.ACCESSORY})
VOLUME_ROLES = frozenset({ExerciseRole.MAIN, ExerciseRole.ACCESSORY, ExerciseRole.FINISHER})

_NO_RECOVERY: Mapping[MuscleGroup, float] = MappingProxyType({})


@dataclass(frozen=True)
class SorenessEntry:
    """How sore one body part is today (1..10)."""

    body_part: BodyPart
    level: int  # 1..10

    def __post_init__(self) -> None:
        require(1 <= self.level <= 10, "soreness", "Soreness must be between 1 and 10")


@dataclass(frozen=True)
class AdaptationInput:
    """One session's exercises plus today's soreness and recovery."""

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
    """An exercise taken out, why, and its ranked stand-ins."""

    exercise: PlannedExercise
    reason: str
    substitutes: tuple[Substitute, ...]


@dataclass(frozen=True)
class AdaptationResult:
    """What changed. Today's session is `adapted` plus the replacements in `substituted`."""

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


def soreness_by_part(entries: Sequence[SorenessEntry]) -> dict[BodyPart, int]:
    """The worst reported level per body part."""
    worst: dict[BodyPart, int] = {}
    for entry in entries:
        part = BodyPart(entry.body_part)
        worst[part] = max(worst.get(part, 0), entry.level)
    return worst


def strain(
    m: MovementInfo, soreness: Mapping[BodyPart, int], recovery: Mapping[MuscleGroup, float]
) -> tuple[int, str]:
    """(level, words) of the worst soreness among what `m` loads primarily; (0, "") if none.

    Looked up through the movement's muscle map, never its name (the spec's P8). A
    primary muscle group recovered below 4/10 counts as soreness 7.
    """
    level, words = 0, ""
    for part in sorted(m.primary_body_parts):
        if soreness.get(part, 0) > level:
            level = soreness[part]
            words = f"{label(part)} {level}/10"
    for group in sorted(m.primary):
        value = recovery.get(group)
        if value is not None and value < LOW_MUSCLE_RECOVERY and level < REMOVE_SORENESS:
            level, words = REMOVE_SORENESS, f"{label(group)} still recovering ({value:g}/10)"
    return level, words


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
    changes: list[str] = field(default_factory=list)

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

    def apply_recovery(self, score: float) -> None:
        """Whole-body recovery: trim volume when low, allow one more main-lift set when high."""
        role = self.exercise.role
        if score < LOW_RECOVERY_SCORE and role in VOLUME_ROLES:
            self.cut(f"low recovery {score:g}/100")
        elif score > HIGH_RECOVERY_SCORE and role is ExerciseRole.MAIN:
            self.add_set(f"good recovery {score:g}/100")


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
        self.soreness = soreness_by_part(inp.soreness)
        self.sore = sore_groups(self.soreness, inp.muscle_recovery)
        self.taken = {e.movement_id for e in inp.exercises}  # no swap may duplicate these
        self.intent = self._intent()
        self.adapted: list[AdaptedExercise] = []
        self.removed: list[RemovedExercise] = []
        self.substituted: list[tuple[PlannedExercise, PlannedExercise]] = []
        self.notes: list[str] = []  # sentences of the explanation, in session order
        self.lighter: list[tuple[str, str]] = []  # (movement name, soreness words)
        # Slots dropped because every stand-in loads something sore, grouped by cause so the
        # note says it once: (why, what is sore) -> movement names.
        self.unswapped: dict[tuple[str, str], list[str]] = {}

    def _intent(self) -> frozenset[MuscleGroup]:
        """What the session's main lifts aim at, less what is sore today: the only muscles a
        compound from another pattern may train when it stands in for a removed compound.
        """
        aims = {
            group
            for e in self.inp.exercises
            if e.role is ExerciseRole.MAIN and (m := self.by_id.get(e.movement_id)) is not None
            for group in m.primary
        }
        return frozenset(aims - self.sore)

    def _sore_words(self, m: MovementInfo) -> str:
        """ "sore legs" or "still-recovering quads": what made `m` leave the session."""
        parts = sorted(
            p for p in m.primary_body_parts if self.soreness.get(p, 0) >= REMOVE_SORENESS
        )
        if parts:
            return "sore " + join_words([label(p) for p in parts])
        groups = sorted(m.primary & self.sore)
        return "still-recovering " + join_words([label(g) for g in groups])

    def run(self) -> AdaptationResult:
        for exercise in self.inp.exercises:
            self._one(exercise)
        score = float(self.inp.recovery_score)
        return AdaptationResult(
            adapted=tuple(self.adapted),
            removed=tuple(self.removed),
            substituted=tuple(self.substituted),
            added_sections=_sections(score),
            recovery_score=score,
            explanation=self._explain(score),
        )

    def _one(self, exercise: PlannedExercise) -> None:
        m = self.by_id.get(exercise.movement_id)
        if m is None:
            self._keep(_Draft(exercise, exercise.sets, exercise.rpe, ["not in the library"]))
            return
        reason = forbidden_reason(m, self.constraints)
        if reason is not None:
            self._remove(exercise, m, f"Forbidden: {reason}")
            return
        # Stretches and drills do not load a muscle, so soreness never removes them.
        level, words = (
            (0, "") if m.is_stretch else strain(m, self.soreness, self.inp.muscle_recovery)
        )
        if level >= REMOVE_SORENESS:
            self._remove(exercise, m, f"Conflicts with soreness: {words}", self._sore_words(m))
            return
        draft = _Draft(exercise, exercise.sets, exercise.rpe)
        if level >= REDUCE_SORENESS:
            draft.cut(f"sore {words}")
            self.lighter.append((m.name, f"sore {words}"))
        draft.apply_recovery(self.inp.recovery_score)
        self._keep(draft)

    def _keep(self, draft: _Draft) -> None:
        self.adapted.append(
            AdaptedExercise(
                original=draft.exercise,
                sets=draft.sets,
                reps=draft.exercise.reps,
                rpe=draft.rpe,
                rest_seconds=draft.exercise.rest_seconds,
                changes=tuple(draft.changes),
            )
        )

    def _remove(
        self, exercise: PlannedExercise, m: MovementInfo, reason: str, sore: str | None = None
    ) -> None:
        """Takes the exercise out and swaps in a stand-in if one does its job without
        loading anything sore; `sore` names what is sore when soreness is the cause.
        """
        why = reason[0].lower() + reason[1:]
        if exercise.role not in SWAPPABLE_ROLES:
            self.removed.append(RemovedExercise(exercise, reason, ()))
            self.notes.append(f"{m.name} is dropped for today ({why}).")
            return
        ranked = rank_substitutes(
            m,
            self.catalog,
            self.constraints,
            sore_groups=self.sore,
            exclude_ids=frozenset(self.taken),
            limit=len(self.catalog),
        )
        best = choose_replacement(ranked, m, self.sore, self.intent)
        self.removed.append(
            RemovedExercise(exercise, reason, shortlist(ranked, m, best, self.sore, self.intent))
        )
        if best is None and sore is not None:
            self.unswapped.setdefault((why, sore), []).append(m.name)
            return
        if best is None:
            self.notes.append(f"{m.name} is out ({why}) and nothing suitable can stand in.")
            return
        self._swap(exercise, m, best)
        self.notes.append(f"{m.name} is out ({why}); {best.movement.name} takes its place.")

    def _swap(self, exercise: PlannedExercise, m: MovementInfo, best: Substitute) -> None:
        """Put the best substitute in the same slot, with today's recovery adjustment."""
        draft = _Draft(exercise, exercise.sets, exercise.rpe)
        draft.apply_recovery(self.inp.recovery_score)
        replacement = replace(
            exercise,
            movement_id=best.movement.id,
            sets=draft.sets,
            rpe=draft.rpe,
            notes=f"Replaces {m.name}: " + "; ".join(best.reasons),
        )
        self.taken.add(best.movement.id)
        self.substituted.append((exercise, replacement))

    def _unswapped_notes(self) -> list[str]:
        """One sentence per cause for the slots dropped because every stand-in loads it."""
        notes = []
        for (why, sore), dropped in self.unswapped.items():
            verb = "is" if len(dropped) == 1 else "are"
            notes.append(
                f"{join_words(dropped)} {verb} dropped for today ({why}) — every alternative "
                f"loads your {sore}."
            )
        return notes

    def _explain(self, score: float) -> str:
        """A short coach's note in plain English: what changed today and why."""
        sentences: list[str] = []
        if score < LOW_RECOVERY_SCORE:
            sentences.append(
                f"Your recovery score is {score:g}/100, so today is lighter: one set fewer and "
                "an easier RPE on your working sets, with an extra warm-up first."
            )
        elif score > HIGH_RECOVERY_SCORE:
            sentences.append(
                f"Your recovery score is {score:g}/100, so you can push a little: one extra "
                "set on the main lifts and a short conditioning block."
            )
        sentences += self.notes
        sentences += self._unswapped_notes()
        if self.lighter:
            names = join_words([name for name, _ in self.lighter])
            causes = join_words(sorted({cause for _, cause in self.lighter}))
            verb = "stays" if len(self.lighter) == 1 else "stay"
            sentences.append(f"{names} {verb} in, a set lighter and one RPE easier ({causes}).")
        if not sentences:
            sentences.append(
                f"Recovery looks fine ({score:g}/100) and nothing is sore enough to change "
                "anything, so the session stays as planned."
            )
        return " ".join(sentences)


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
    substitute that is allowed, works no sore muscle group even secondarily, and does
    the same job (pattern, pattern family or primary muscles; or, for a compound, a
    compound training only what the session's main lifts aim at); with none, the slot
    is dropped for today and the note says why. Then the recovery score trims volume
    (< 40: one set fewer and RPE -1) or allows one more set on main lifts (> 70),
    and adds an "extra_warmup" (< 40) or "conditioning" (> 70) section.
    """
    return _Adapter(inp, catalog_by_id, catalog, constraints).run()
