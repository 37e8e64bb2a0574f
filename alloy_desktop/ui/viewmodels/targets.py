"""Prescriptions in words: each exercise's target loads, where they came from, and last time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import ExerciseRole
from alloy_desktop.domain.prescription import Source

# Warm-up drills and cool-down stretches are done by feel: no load, no sources to explain.
QUIET_ROLES = (ExerciseRole.WARMUP, ExerciseRole.COOLDOWN)


@dataclass(frozen=True)
class TargetWords:
    """What a plan shows under one exercise: the loads to lift, why, and last time."""

    targets: tuple[str, ...] = ()  # "95 kg × 6 @ RPE 7.5", or one line per run of sets
    why: str = ""  # the source sentence, then the progression's
    last: str = ""  # "Last time 30 Oct 2026: 100 kg × 5 @ RPE 8, e1RM 123 kg"

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(t for t in (*self.targets, self.why, self.last) if t)


def _numbers(first: int, last: int) -> str:
    return f"Set {first}" if first == last else f"Sets {first}–{last}"


def set_words(s: schemas.SetPrescription) -> str:
    """ "105 kg × 8 @ RPE 7.5": the api's words, with a range only where there is one."""
    if s.load is None:
        return s.text
    reps = f"{s.reps}–{s.reps_max}" if s.reps_max and s.reps_max != s.reps else str(s.reps)
    rpe = f" @ RPE {s.rpe:g}" if s.rpe is not None else ""
    return f"{s.load:g} {s.unit.value.lower()} × {reps}{rpe}"


def target_lines(sets: Sequence[schemas.SetPrescription]) -> tuple[str, ...]:
    """Runs of sets with the same prescription: one line when every set is alike."""
    runs: list[tuple[str, int, int]] = []
    for s in sets:
        text = set_words(s)
        if runs and runs[-1][0] == text:
            runs[-1] = (text, runs[-1][1], s.set_number)
        else:
            runs.append((text, s.set_number, s.set_number))
    if len(runs) == 1:
        return (runs[0][0],)
    return tuple(f"{_numbers(first, last)}: {text}" for text, first, last in runs)


def why_text(p: schemas.ExercisePrescription) -> str:
    """Where the loads came from, then how the program's progression set today's start."""
    return " ".join(part for part in (p.source_text.strip(), p.progression.strip()) if part)


def last_text(p: schemas.ExercisePrescription) -> str:
    return f"Last time {p.last_time.text}" if p.last_time is not None else ""


def words_for(p: schemas.ExercisePrescription | None, role: ExerciseRole | None) -> TargetWords:
    """The lines to show under one planned lift (nothing for drills and stretches)."""
    if p is None or role in QUIET_ROLES:
        return TargetWords()
    if p.source is Source.BODYWEIGHT:
        return TargetWords(why=p.source_text.strip(), last=last_text(p))
    return TargetWords(target_lines(p.sets), why_text(p), last_text(p))


def for_slot(
    prescription: schemas.SessionPrescription | None, slot_id: int | None, movement_id: int
) -> schemas.ExercisePrescription | None:
    """One planned slot's prescription: by its id, else (an adapted plan's rows) by movement."""
    if prescription is None:
        return None
    exercises = prescription.exercises
    if slot_id is not None:
        found = next((p for p in exercises if p.session_exercise_id == slot_id), None)
        if found is not None:
            return found
    return next((p for p in exercises if p.movement_id == movement_id), None)
