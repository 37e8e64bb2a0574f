"""Strength metrics: estimated 1RM formulas, the RTS RPE chart, hard sets and units."""

from __future__ import annotations

import math
from collections.abc import Callable

from alloy_desktop.domain.enums import E1RMFormula, WeightUnit
from alloy_desktop.domain.errors import require, require_finite, require_whole

KG_PER_LB = 0.45359237  # exact, by the 1959 international yard and pound agreement

MIN_RPE = 1.0
MAX_RPE = 10.0
HARD_SET_RPE = 7.0

# Brzycki's denominator (37 - r) reaches zero at 37 reps and goes negative after.
BRZYCKI_LIMIT_REPS = 37.0

# RPE (RIR-based) to %1RM chart of Mike Tuchscherer, Reactive Training Systems
# (The Reactive Training Manual, 2008; RTS article "Customizing your RPE chart",
# 2016-01-06). Stored as the 1-D sequence the chart is built from: every half RPE
# step is worth half a rep, so pct(reps, rpe) = S[(reps - 1) * 2 + (10 - rpe) * 2].
# Copied from the project research file rpe_chart.json; the domain never reads files.
RPE_CHART_SEQUENCE: tuple[float, ...] = (
    100.0, 97.8, 95.5, 93.9, 92.2, 90.7, 89.2, 87.8, 86.3, 85.0,
    83.7, 82.4, 81.1, 79.9, 78.6, 77.4, 76.2, 75.1, 73.9, 72.3,
    70.7, 69.4, 68.0, 66.7, 65.3, 64.0, 62.6, 61.3, 59.9,
)  # fmt: skip
CHART_MIN_REPS = 1
CHART_MAX_REPS = 10
CHART_MIN_RPE = 6.5
CHART_MAX_RPE = 10.0


def _epley(weight: float, reps: float) -> float:
    return weight * (1.0 + reps / 30.0)


def _brzycki(weight: float, reps: float) -> float:
    if reps >= BRZYCKI_LIMIT_REPS:
        return _epley(weight, reps)
    return weight * 36.0 / (37.0 - reps)


def _lombardi(weight: float, reps: float) -> float:
    return weight * reps**0.10


def _oconner(weight: float, reps: float) -> float:
    return weight * (1.0 + reps / 40.0)


_FORMULAS: dict[E1RMFormula, Callable[[float, float], float]] = {
    E1RMFormula.EPLEY: _epley,
    E1RMFormula.BRZYCKI: _brzycki,
    E1RMFormula.LOMBARDI: _lombardi,
    E1RMFormula.OCONNER: _oconner,
}


def _check_rpe(rpe: float) -> float:
    value = require_finite(rpe, "rpe", "RPE")
    require(MIN_RPE <= value <= MAX_RPE, "rpe", "RPE must be between 1 and 10")
    return value


def _check_weight(weight: float) -> float:
    value = require_finite(weight, "weight", "Weight")
    require(value > 0, "weight", "Weight must be more than zero")
    return value


def _check_reps(reps: int) -> int:
    value = require_whole(reps, "reps", "Reps")
    require(value >= 1, "reps", "Reps must be at least 1")
    return value


def effective_reps(reps: int, rpe: float | None = None) -> float:
    """Reps done plus reps left in reserve (10 - RPE); just reps when RPE is unknown."""
    done = _check_reps(reps)
    if rpe is None:
        return float(done)
    return done + (MAX_RPE - _check_rpe(rpe))


def estimate_e1rm(
    weight: float,
    reps: int,
    formula: E1RMFormula = E1RMFormula.EPLEY,
    rpe: float | None = None,
) -> float:
    """Estimate a one-rep max from a set, in the unit of `weight`.

    With an RPE the reps left in reserve are added (effective reps = reps + 10 - RPE,
    fractional for half steps). When effective reps are exactly 1 the set already was
    a max, so every formula returns the weight itself (Epley and O'Conner would
    otherwise add 3.3% and 2.5% to a true single). Brzycki is undefined from 37
    effective reps on, so there it falls back to Epley. Raises DomainValidationError
    for a non-positive or non-finite weight, reps below 1, or RPE outside 1..10.
    """
    load = _check_weight(weight)
    reps_total = effective_reps(reps, rpe)
    if reps_total == 1.0:
        return load
    return _FORMULAS[E1RMFormula(formula)](load, reps_total)


def percent_of_1rm(reps: int, rpe: float) -> float:
    """Chart percent of 1RM for reps 1..10 at RPE 6.5..10 in half steps (5 @ 8 -> 81.1)."""
    count = require_whole(reps, "reps", "Reps")
    require(CHART_MIN_REPS <= count <= CHART_MAX_REPS, "reps", "The RPE chart covers 1 to 10 reps")
    level = require_finite(rpe, "rpe", "RPE")
    half_steps = (CHART_MAX_RPE - level) * 2
    require(
        CHART_MIN_RPE <= level <= CHART_MAX_RPE and half_steps.is_integer(),
        "rpe",
        "The RPE chart covers RPE 6.5 to 10 in half steps",
    )
    return RPE_CHART_SEQUENCE[(count - 1) * 2 + int(half_steps)]


def round_to_increment(value: float, increment: float) -> float:
    """Round to the nearest multiple of increment, halves upwards (plates are symmetric)."""
    step = require_finite(increment, "increment", "Increment")
    require(step > 0, "increment", "Increment must be more than zero")
    # Round off float noise so 0.1 steps give 102.3, not 102.30000000000001.
    return round(math.floor(value / step + 0.5) * step, 9)


def load_for_target(e1rm: float, reps: int, rpe: float, increment: float = 2.5) -> float:
    """Load to prescribe for `reps` at `rpe` given an e1RM, rounded to the nearest increment."""
    max_load = require_finite(e1rm, "e1rm", "Estimated 1RM")
    require(max_load > 0, "e1rm", "Estimated 1RM must be more than zero")
    return round_to_increment(max_load * percent_of_1rm(reps, rpe) / 100.0, increment)


def e1rm_from_chart(weight: float, reps: int, rpe: float) -> float:
    """Estimate a 1RM by reading the RPE chart backwards (100 x 5 @ 8 -> 123.3)."""
    return _check_weight(weight) * 100.0 / percent_of_1rm(reps, rpe)


def is_hard_set(rpe: float | None, reps: int) -> bool:
    """Whether a set counts toward weekly hard sets.

    A set with reps counts at RPE 7 or above; with no RPE recorded it counts, since
    most logged working sets are hard and undercounting volume is the worse error.
    """
    if reps <= 0:
        return False
    return rpe is None or rpe >= HARD_SET_RPE


def kg_to_lb(kg: float) -> float:
    """Convert kilograms to pounds."""
    return kg / KG_PER_LB


def lb_to_kg(lb: float) -> float:
    """Convert pounds to kilograms."""
    return lb * KG_PER_LB


def to_display(kg: float, unit: WeightUnit) -> float:
    """Convert a stored kilogram value into the user's display unit (unrounded)."""
    return kg if WeightUnit(unit) == WeightUnit.KG else kg_to_lb(kg)


def from_display(value: float, unit: WeightUnit) -> float:
    """Convert a value typed in the user's display unit into kilograms for storage."""
    return value if WeightUnit(unit) == WeightUnit.KG else lb_to_kg(value)
