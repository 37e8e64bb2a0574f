"""The logger's prescribed loads: set targets, autoregulation, plates, warm-up ramps, supersets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import SetType, WeightUnit
from alloy_desktop.domain.plates import Loading
from alloy_desktop.domain.prescription import Source
from alloy_desktop.ui.viewmodels.targets import set_words, why_text

if TYPE_CHECKING:
    from alloy_desktop.ui.viewmodels.workout_logger import ExerciseState, SetState

# Set types in the order the type key cycles through them.
SET_TYPES: tuple[str, ...] = (SetType.NORMAL, SetType.WARMUP, SetType.DROP, SetType.FAILURE)
SET_TYPE_WORDS: dict[str, str] = {
    SetType.NORMAL: "Working set",
    SetType.WARMUP: "Warm-up",
    SetType.DROP: "Drop set",
    SetType.FAILURE: "To failure",
}
SET_TYPE_MARKS: dict[str, str] = {SetType.WARMUP: "W", SetType.DROP: "D", SetType.FAILURE: "F"}
LIGHTER, HEAVIER = "↓", "↑"


@dataclass(frozen=True)
class WarmupStep:
    """One step of the ramp to the first working set, in the display unit."""

    text: str  # "57.5 kg × 3 (60%)"
    weight: float
    reps: int
    plates: str  # "15 + 2.5 + 1.25" a side; "" off a bar
    percent: int | None = None  # of the working load; None for the empty bar

    @classmethod
    def of(cls, w: schemas.WarmupSet) -> WarmupStep:
        return cls(w.text, w.load, w.reps, w.per_side_text, w.percent)

    def load_text(self, unit: WeightUnit) -> str:
        """ "42.5 kg × 5", or "Bar × 10"."""
        load = "Bar" if self.percent is None else load_words(self.weight, unit)
        return f"{load} × {self.reps}"

    def detail_text(self) -> str:
        """ "40% · 10 + 1.25 a side" under the load."""
        parts = [] if self.percent is None else [f"{self.percent}%"]
        if self.plates:
            parts.append(f"{self.plates} a side")
        return " · ".join(parts)

    def payload(self) -> dict[str, object]:
        return {
            "text": self.text,
            "weight": self.weight,
            "reps": self.reps,
            "plates": self.plates,
            "percent": self.percent,
        }

    @classmethod
    def from_payload(cls, data: dict[str, object]) -> WarmupStep:
        weight, reps, percent = data.get("weight", 0.0), data.get("reps", 1), data.get("percent")
        return cls(
            text=str(data.get("text", "")),
            weight=float(weight) if isinstance(weight, int | float) else 0.0,
            reps=int(reps) if isinstance(reps, int | float) else 1,
            plates=str(data.get("plates", "")),
            percent=int(percent) if isinstance(percent, int | float) else None,
        )


def unit_word(unit: WeightUnit) -> str:
    return "kg" if WeightUnit(unit) == WeightUnit.KG else "lb"


def load_words(load: float, unit: WeightUnit) -> str:
    """ "87.5 kg"."""
    return f"{round(load, 2):g} {unit_word(unit)}"


def set_target(
    load: float, reps: int | None, reps_max: int | None, rpe: float | None, unit: WeightUnit
) -> str:
    """A set as the prescription words it: "87.5 kg × 6 @ RPE 7.5"."""
    count = "" if reps is None else f" × {reps}"
    if reps is not None and reps_max and reps_max != reps:
        count = f" × {reps}–{reps_max}"
    effort = "" if rpe is None else f" @ RPE {rpe:g}"
    return f"{load_words(load, unit)}{count}{effort}"


def plate_text(breakdown: schemas.PlateBreakdown) -> str:
    """Plates a side as the row shows them: "25 + 10 + 2.5 a side", or "Empty bar"."""
    if not breakdown.per_side:
        return breakdown.per_side_text
    return f"{breakdown.per_side_text} a side"


def is_barbell(ex: ExerciseState) -> bool:
    """Plates are counted for the lifter's own barbell (the api's calculator knows that one)."""
    return ex.loading == Loading.BAR


# --- a prescription onto the workout ------------------------------------------------------------


def apply_prescription(
    ex: ExerciseState, p: schemas.ExercisePrescription, prefill_reps: bool = True
) -> None:
    """Targets, loads and the words around them, onto an exercise not yet lifted.

    Sets already done keep what was lifted; the lifter's own weights stay theirs.
    """
    ex.prescribed = True
    ex.loading = str(p.loading)
    ex.calibrating = p.source is Source.CALIBRATION
    ex.source_text = "" if p.source is Source.BODYWEIGHT else why_text(p)
    if p.last_time is not None:
        ex.last_text = f"Last time {p.last_time.text}"
    ex.superset = p.superset_label
    ex.rest_seconds = p.rest_seconds
    ex.warmup = [WarmupStep.of(w) for w in p.warmup]
    for s, planned in zip(ex.sets, p.sets, strict=False):
        if s.done:
            continue
        s.target = set_words(planned) if p.source is not Source.BODYWEIGHT else ""
        s.planned_load = planned.load
        if planned.load is not None and not s.weight_typed:
            s.weight = planned.load
        if prefill_reps:
            s.reps, s.rpe = planned.reps, planned.rpe
        if p.plates is not None and s.weight == p.plates.load:
            s.plates, s.plate_note = plate_text(p.plates), p.plates.message


def open_working_sets(ex: ExerciseState, after: int) -> list[SetState]:
    """The working sets still to do after set `after`: the ones an adjustment moves."""
    return [s for s in ex.sets[after + 1 :] if not s.done and s.set_type == SetType.NORMAL]


def apply_adjustment(
    ex: ExerciseState, index: int, adj: schemas.Adjustment, unit: WeightUnit
) -> list[int]:
    """The next working sets take the adjusted load (unless the lifter typed their own);
    returns the indexes of the sets whose target changed."""
    rows = open_working_sets(ex, index)
    lifted = ex.sets[index].weight or 0.0
    arrow = LIGHTER if adj.load < lifted else HEAVIER if adj.load > lifted else ""
    plates = plate_text(adj.plates) if adj.plates is not None else ""
    note = adj.plates.message if adj.plates is not None else ""
    for s in rows:
        s.planned_load = adj.load
        s.adjusted = arrow
        s.target = set_target(adj.load, ex.planned_reps, ex.planned_reps_max, ex.planned_rpe, unit)
        if not s.weight_typed:
            s.weight = adj.load
            s.plates, s.plate_note = plates, note
    ex.adjustment = adjustment_words(adj, lifted, arrow, unit)
    return [ex.sets.index(s) for s in rows]


def adjustment_words(adj: schemas.Adjustment, lifted: float, arrow: str, unit: WeightUnit) -> str:
    """ "↓ Next sets 87.5 kg (was 95 kg). RPE 9.5 where 7.5 was planned: 8% lighter …"."""
    load = load_words(adj.load, unit)
    if not arrow:
        return f"Next sets stay at {load}. {adj.reason}"
    return f"{arrow} Next sets {load} (was {load_words(lifted, unit)}). {adj.reason}"


# --- supersets ----------------------------------------------------------------------------------


def superset_group(ex: ExerciseState) -> str:
    """ "A" for A1 and A2; "" for an exercise done on its own."""
    return ex.superset[:1]


def grouped(exercises: Sequence[ExerciseState]) -> list[ExerciseState]:
    """The exercises in plan order, each superset's members moved next to its first one."""
    ordered: list[ExerciseState] = []
    for ex in exercises:
        if ex in ordered:
            continue
        ordered.append(ex)
        group = superset_group(ex)
        if group:
            ordered += [m for m in exercises if m is not ex and superset_group(m) == group]
    return ordered


def blocks(exercises: Sequence[ExerciseState]) -> list[list[ExerciseState]]:
    """Runs of exercises done together: one exercise, or the members of one superset."""
    runs: list[list[ExerciseState]] = []
    for ex in exercises:
        group = superset_group(ex)
        if runs and group and superset_group(runs[-1][0]) == group:
            runs[-1].append(ex)
        else:
            runs.append([ex])
    return runs


def work_order(exercises: Sequence[ExerciseState]) -> list[tuple[ExerciseState, int]]:
    """Every set in the order it is done: a superset goes round its members set by set."""
    order: list[tuple[ExerciseState, int]] = []
    for block in blocks(exercises):
        rounds = max(len(ex.sets) for ex in block)
        order += [(ex, i) for i in range(rounds) for ex in block if i < len(ex.sets)]
    return order


def straight_on(
    done: ExerciseState, upcoming: ExerciseState, exercises: Sequence[ExerciseState]
) -> bool:
    """Whether the next set is the superset partner's in the same round (no rest between)."""
    group = superset_group(done)
    if not group or superset_group(upcoming) != group or upcoming is done:
        return False
    members = next(b for b in blocks(exercises) if done in b)
    return members.index(upcoming) > members.index(done)


def group_rest(ex: ExerciseState, exercises: Sequence[ExerciseState]) -> int:
    """A superset rests once a round, as long as its longest-resting member asks for."""
    members = next((b for b in blocks(exercises) if ex in b), [ex])
    return max(m.rest_seconds for m in members)


def next_type(set_type: str) -> str:
    """Working → warm-up → drop → failure → working (the type key's cycle)."""
    index = SET_TYPES.index(set_type) if set_type in SET_TYPES else -1
    return SET_TYPES[(index + 1) % len(SET_TYPES)]
