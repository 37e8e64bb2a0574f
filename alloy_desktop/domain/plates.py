"""Loadable weights: plates per side on a bar, dumbbell and stack steps, and warm-up ramps."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from alloy_desktop.domain.enums import Equipment, WeightUnit
from alloy_desktop.domain.errors import require, require_finite
from alloy_desktop.domain.metrics import round_to_increment

# Plate sums are added in whole thousandths of the unit, so 1.25 + 2.5 is exactly 3.75.
_SCALE = 1000
_EXACT = 1e-6  # float noise in comparisons of loads
# Within a hundredth of the unit a load is its target: kg-lb conversion of a rack leaves
# grams of noise, and no plate is that light.
_SAME = 0.01


class Loading(StrEnum):
    """How a movement's load is set, which decides how a target is rounded."""

    BAR = "BAR"  # plates on the lifter's barbell
    EZ_BAR = "EZ_BAR"  # plates on an EZ bar (of fixed weight: EZ_BAR_WEIGHT)
    DUMBBELL = "DUMBBELL"  # a rack of fixed dumbbells
    KETTLEBELL = "KETTLEBELL"
    STACK = "STACK"  # a machine's or a cable's pin-loaded stack
    STEPS = "STEPS"  # anything else that takes a load: generic steps
    BODYWEIGHT = "BODYWEIGHT"  # reps, not load


_LOADING: dict[Equipment, Loading] = {
    Equipment.BARBELL: Loading.BAR,
    Equipment.EZ_CURL_BAR: Loading.EZ_BAR,
    Equipment.DUMBBELL: Loading.DUMBBELL,
    Equipment.KETTLEBELLS: Loading.KETTLEBELL,
    Equipment.CABLE: Loading.STACK,
    Equipment.MACHINE: Loading.STACK,
    Equipment.OTHER: Loading.STEPS,
}

# Distance between neighbouring loads where there are no plates to count. Dumbbell racks
# go up 2 kg or 5 lb at a time; kettlebells 4 kg (8, 12, 16 ...) or 5 lb; stacks and
# everything else 2.5 kg or 5 lb.
STEPS: dict[Loading, dict[WeightUnit, float]] = {
    Loading.DUMBBELL: {WeightUnit.KG: 2.0, WeightUnit.LB: 5.0},
    Loading.KETTLEBELL: {WeightUnit.KG: 4.0, WeightUnit.LB: 5.0},
    Loading.STACK: {WeightUnit.KG: 2.5, WeightUnit.LB: 5.0},
    Loading.STEPS: {WeightUnit.KG: 2.5, WeightUnit.LB: 5.0},
}
# Most EZ bars weigh 7-11 kg; the lifter's bar setting is for the straight bar.
EZ_BAR_WEIGHT: dict[WeightUnit, float] = {WeightUnit.KG: 10.0, WeightUnit.LB: 25.0}

# The classic ramp to a first working set: the empty bar for 10, then 40 %, 60 % and 80 %
# of the working load for 5, 3 and 1 reps: each step heavier and shorter, so the lifter
# arrives grooved but not tired.
RAMP: tuple[tuple[float | None, int], ...] = ((None, 10), (0.40, 5), (0.60, 3), (0.80, 1))
# A step that is not at least this share of the working load heavier than the one before
# (or lighter than the working set) teaches nothing new; it is left out.
MIN_RAMP_JUMP = 0.10


def loading_for(equipment: Equipment, loaded: bool = True) -> Loading:
    """How a movement with this equipment is loaded; `loaded=False` (stretches, cardio) wins."""
    if not loaded:
        return Loading.BODYWEIGHT
    return _LOADING.get(Equipment(equipment), Loading.BODYWEIGHT)


@dataclass(frozen=True)
class PlateSetup:
    """A lifter's bar and plates, all in `unit`; plates as (weight, pairs available)."""

    unit: WeightUnit
    bar: float
    plates: tuple[tuple[float, int], ...]
    collar: float = 0.0  # each of the two; they go on only when plates do


# A commercial-gym rack: a pair of each small plate and four pairs of the biggest, so every
# step of the smallest pair up to 327.5 kg (580 lb) can be loaded. In pounds two pairs of
# 10s close the gap between 17.5 and 25 a side that one pair would leave.
DEFAULT_SETUPS: dict[WeightUnit, PlateSetup] = {
    WeightUnit.KG: PlateSetup(
        WeightUnit.KG,
        20.0,
        ((25.0, 4), (20.0, 1), (15.0, 1), (10.0, 1), (5.0, 1), (2.5, 1), (1.25, 1)),
    ),
    WeightUnit.LB: PlateSetup(
        WeightUnit.LB, 45.0, ((45.0, 4), (35.0, 1), (25.0, 1), (10.0, 2), (5.0, 1), (2.5, 1))
    ),
}


def default_setup(unit: WeightUnit) -> PlateSetup:
    """The standard bar and plates in kilograms or pounds."""
    return DEFAULT_SETUPS[WeightUnit(unit)]


@dataclass(frozen=True)
class Load:
    """The loadable weight chosen for a target, in the setup's unit.

    For a bar, `per_side` lists (plate, how many on each side), heaviest first, and `bar`
    and `collar` what they add; other loadings leave them empty.
    """

    target: float
    total: float
    per_side: tuple[tuple[float, int], ...] = ()
    bar: float | None = None
    collar: float = 0.0

    @property
    def difference(self) -> float:
        """Loaded minus wanted: positive when the load is above the target."""
        return round(self.total - self.target, 9)

    @property
    def is_exact(self) -> bool:
        return abs(self.difference) < _SAME

    @property
    def direction(self) -> str:
        """ "exact", "above" or "below" the target."""
        if self.is_exact:
            return "exact"
        return "above" if self.difference > 0 else "below"


def _milli(value: float) -> int:
    return round(value * _SCALE)


def _units(value: int) -> float:
    return value / _SCALE


def _fewer_heavier(candidate: tuple[int, ...], current: tuple[int, ...]) -> bool:
    # Fewest plates first (less to carry and change); then the heavier plates.
    return (sum(candidate), [-n for n in candidate]) < (sum(current), [-n for n in current])


@lru_cache(maxsize=64)
def _bar_totals(
    bar: int, collar: int, plates: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, ...], tuple[tuple[tuple[int, int], ...], ...]]:
    """Every loadable total (sorted) with the fewest plates a side that make it.

    Counts are bounded, so a greedy pick can miss a load (15 + 10 + 10 is not found by
    taking the 15 first): every reachable per-side sum is kept instead, at most a few
    hundred for any real rack.
    """
    best: dict[int, tuple[int, ...]] = {0: ()}
    for weight, pairs in plates:
        grown: dict[int, tuple[int, ...]] = {}
        for side, counts in best.items():
            for n in range(pairs + 1):
                total, chosen = side + n * weight, (*counts, n)
                current = grown.get(total)
                if current is None or _fewer_heavier(chosen, current):
                    grown[total] = chosen
        best = grown
    weights = [weight for weight, _ in plates]
    options = sorted(
        (bar if side == 0 else bar + 2 * collar + 2 * side, side, counts)
        for side, counts in best.items()
    )
    totals = tuple(total for total, _, _ in options)
    sides = tuple(
        tuple((w, n) for w, n in zip(weights, counts, strict=True) if n) for _, _, counts in options
    )
    return totals, sides


def _rack(setup: PlateSetup) -> tuple[tuple[int, int], ...]:
    """Plates heaviest first in thousandths, equal weights merged, empty entries dropped."""
    pairs: dict[int, int] = {}
    for weight, count in setup.plates:
        if weight > 0 and count > 0:
            key = _milli(weight)
            pairs[key] = pairs.get(key, 0) + int(count)
    return tuple(sorted(pairs.items(), reverse=True))


def _nearest(totals: tuple[int, ...], goal: int) -> int:
    """Index of the total closest to goal; halfway goes to the heavier (as round_to_increment)."""
    i = bisect.bisect_left(totals, goal)
    if i == 0:
        return 0
    if i == len(totals):
        return i - 1
    return i if totals[i] - goal <= goal - totals[i - 1] else i - 1


def _check_target(target: float) -> float:
    value = require_finite(target, "load", "Load")
    require(value >= 0, "load", "Load can't be negative")
    return value


def load_bar(target: float, setup: PlateSetup, bar: float | None = None) -> Load:
    """The loadable bar weight closest to `target` with the lifter's plates.

    Below the empty bar the answer is the bar; past the last plate, everything on. A
    target halfway between two loads gets the heavier one.
    """
    goal = _check_target(target)
    bar_weight = setup.bar if bar is None else bar
    totals, sides = _bar_totals(_milli(bar_weight), _milli(setup.collar), _rack(setup))
    i = _nearest(totals, _milli(goal))
    per_side = tuple((_units(w), n) for w, n in sides[i])
    return Load(goal, _units(totals[i]), per_side, bar_weight, setup.collar if per_side else 0.0)


def step_for(loading: Loading, unit: WeightUnit) -> float:
    """Distance between neighbouring loads for loadings without plates."""
    require(loading in STEPS, "loading", "This loading has no fixed steps")
    return STEPS[loading][WeightUnit(unit)]


def bar_weight(loading: Loading, setup: PlateSetup) -> float | None:
    """The empty bar of a plate-loaded movement (None for the others)."""
    if loading is Loading.BAR:
        return setup.bar
    if loading is Loading.EZ_BAR:
        return EZ_BAR_WEIGHT[WeightUnit(setup.unit)]
    return None


def closest_load(target: float, loading: Loading, setup: PlateSetup) -> Load:
    """The loadable weight nearest to `target` for this kind of loading (never zero)."""
    goal = _check_target(target)
    require(loading is not Loading.BODYWEIGHT, "loading", "Bodyweight work has no load to set")
    bar = bar_weight(loading, setup)
    if bar is not None:
        return load_bar(goal, setup, bar)
    step = step_for(loading, setup.unit)
    return Load(goal, max(step, round_to_increment(goal, step)))


def next_heavier(load: float, loading: Loading, setup: PlateSetup) -> Load:
    """The lightest loadable weight above `load` (the heaviest there is, when none is)."""
    start = _check_target(load)
    require(loading is not Loading.BODYWEIGHT, "loading", "Bodyweight work has no load to set")
    bar = bar_weight(loading, setup)
    if bar is None:
        step = step_for(loading, setup.unit)
        return Load(start, round((math.floor(start / step + _EXACT) + 1) * step, 9))
    totals, sides = _bar_totals(_milli(bar), _milli(setup.collar), _rack(setup))
    i = min(bisect.bisect_right(totals, _milli(start)), len(totals) - 1)
    per_side = tuple((_units(w), n) for w, n in sides[i])
    return Load(start, _units(totals[i]), per_side, bar, setup.collar if per_side else 0.0)


@dataclass(frozen=True)
class WarmupStep:
    """One warm-up set: its load, reps and share of the working load (None: the empty bar)."""

    load: Load
    reps: int
    share: float | None


def warmup_ramp(working: float, loading: Loading, setup: PlateSetup) -> tuple[WarmupStep, ...]:
    """Warm-up sets up to a first working set of `working`, each rounded to what loads.

    Steps under the bar are left out (the bar itself is the first), and so is any step
    that is not at least MIN_RAMP_JUMP of the working load above the one before it and
    below the working set. Bodyweight work gets no ramp.
    """
    load = _check_target(working)
    if loading is Loading.BODYWEIGHT:
        return ()
    gap = load * MIN_RAMP_JUMP
    steps: list[WarmupStep] = []
    previous: float | None = None
    for share, reps in RAMP:
        step = _ramp_step(load, share, loading, setup)
        if step is None or load - step.total < gap - _EXACT:
            continue
        if previous is not None and step.total - previous < gap - _EXACT:
            continue
        steps.append(WarmupStep(step, reps, share))
        previous = step.total
    return tuple(steps)


def _ramp_step(
    working: float, share: float | None, loading: Loading, setup: PlateSetup
) -> Load | None:
    bar = bar_weight(loading, setup)
    if share is None:  # the empty bar, where there is one
        return None if bar is None else load_bar(bar, setup, bar)
    wanted = working * share
    if bar is not None and wanted < bar:
        return None
    return closest_load(wanted, loading, setup)


def plate_words(per_side: Iterable[tuple[float, int]]) -> str:
    """Plates of one side as a lifter reads them: "25 × 2 + 10 + 1.25"; "" for none."""
    return " + ".join(f"{weight:g} × {n}" if n > 1 else f"{weight:g}" for weight, n in per_side)
