"""Deload scheduling and intensity, and the layout of a program's microcycles."""

from __future__ import annotations

import math
from dataclasses import dataclass

from alloy_desktop.domain.errors import require, require_finite, require_whole

DEFAULT_DELOAD_EVERY = 4
DAYS_PER_WEEK = 7
MIN_MICROCYCLE_DAYS = 7  # the Microcycle table's CHECK (length_days BETWEEN 7 AND 14)
MAX_MICROCYCLE_DAYS = 14
MIN_DELOAD_RPE = 5.0  # below this a session stops being training at all


@dataclass(frozen=True)
class DeloadAdjustment:
    """How a deload microcycle eases off: fewer sets, lower RPE, lighter loads."""

    volume_factor: float = 0.6
    rpe_drop: float = 2.0
    load_factor: float = 0.9


DELOAD = DeloadAdjustment()


def _check_every_n(every_n: int) -> int:
    value = require_whole(every_n, "deload_every_n_microcycles", "Deload frequency")
    require(
        value >= 2,
        "deload_every_n_microcycles",
        "Deload frequency must be every 2 or more microcycles",
    )
    return value


def should_deload(sequence_number: int, every_n: int = DEFAULT_DELOAD_EVERY) -> bool:
    """Whether microcycle `sequence_number` (1-based) is a deload: every n-th one is."""
    number = require_whole(sequence_number, "sequence_number", "Microcycle number")
    require(number >= 1, "sequence_number", "Microcycle number must be at least 1")
    return number % _check_every_n(every_n) == 0


def deload_sets(sets: int) -> int:
    """Sets to do in a deload: 60% of the planned sets, rounded, never fewer than 1.

    0.6 x a whole number never ends in exactly .5, so rounding has no ties.
    """
    planned = require_whole(sets, "sets", "Sets")
    require(planned >= 1, "sets", "Sets must be at least 1")
    return max(1, round(planned * DELOAD.volume_factor))


def deload_rpe(rpe: float) -> float:
    """Target RPE in a deload: two lower, but not below 5."""
    target = require_finite(rpe, "rpe", "RPE")
    require(1 <= target <= 10, "rpe", "RPE must be between 1 and 10")
    return max(MIN_DELOAD_RPE, target - DELOAD.rpe_drop)


@dataclass(frozen=True)
class MicrocycleLayout:
    """Where one microcycle sits in a program, counted in days from the start."""

    sequence_number: int
    start_offset_days: int
    length_days: int
    is_deload: bool


def _microcycle_count(total_days: int, length_days: int) -> int:
    """How many microcycles to cut total_days into, aiming at length_days each.

    Only counts whose even split stays within 7..14 days are allowed; among those,
    the one whose average length is closest to length_days wins, ties going to
    fewer (longer) cycles.
    """
    fewest = math.ceil(total_days / MAX_MICROCYCLE_DAYS)
    most = total_days // MIN_MICROCYCLE_DAYS
    ideal = total_days / length_days
    candidates = {min(most, max(fewest, n)) for n in (math.floor(ideal), math.ceil(ideal))}
    return min(candidates, key=lambda n: (abs(total_days / n - length_days), n))


def _split_days(total_days: int, count: int) -> list[int]:
    base, remainder = divmod(total_days, count)
    # The longer cycles come first so the program opens at the requested length.
    return [base + 1 if i < remainder else base for i in range(count)]


def layout_microcycles(
    duration_weeks: int, length_days: int = DAYS_PER_WEEK, every_n: int = DEFAULT_DELOAD_EVERY
) -> tuple[MicrocycleLayout, ...]:
    """Cut a program of `duration_weeks` into microcycles of about `length_days`.

    The microcycles cover exactly duration_weeks x 7 days and every one is 7..14
    days long. When the total does not divide by length_days, the number of cycles
    is the one that keeps the average closest to length_days, and the days are
    spread so lengths differ by at most one, longer ones first: 8 weeks x 10 days
    (56 days) gives 10, 10, 9, 9, 9, 9. Every `every_n`-th microcycle is a deload.
    """
    weeks = require_whole(duration_weeks, "duration_weeks", "Duration")
    require(weeks >= 1, "duration_weeks", "Duration must be at least 1 week")
    length = require_whole(length_days, "microcycle_length_days", "Microcycle length")
    require(
        MIN_MICROCYCLE_DAYS <= length <= MAX_MICROCYCLE_DAYS,
        "microcycle_length_days",
        "Microcycle length must be between 7 and 14 days",
    )
    every = _check_every_n(every_n)
    total_days = weeks * DAYS_PER_WEEK
    lengths = _split_days(total_days, _microcycle_count(total_days, length))
    layouts = []
    offset = 0
    for number, days in enumerate(lengths, start=1):
        layouts.append(MicrocycleLayout(number, offset, days, number % every == 0))
        offset += days
    return tuple(layouts)
