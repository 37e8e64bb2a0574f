"""Body weight over time: the trailing average a chart draws, and calories burned by an activity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from alloy_desktop.domain.errors import require, require_finite

AVERAGE_DAYS = 7


def trailing_average(
    days: Sequence[date], values: Sequence[float], window_days: int = AVERAGE_DAYS
) -> list[float]:
    """For each reading, the mean of every reading in the `window_days` days ending on its day.

    Readings come oldest first, one per day at most. Days without a reading are left out
    of the mean rather than guessed, so a week with two weigh-ins averages those two.
    """
    require(len(days) == len(values), "values", "Every day needs one value")
    require(window_days >= 1, "window_days", "The window must be at least one day")
    averages: list[float] = []
    first = 0
    total = 0.0
    for index, (day, value) in enumerate(zip(days, values, strict=True)):
        total += value
        oldest = day - timedelta(days=window_days - 1)
        while days[first] < oldest:
            total -= values[first]
            first += 1
        averages.append(total / (index - first + 1))
    return averages


def activity_calories(met: float, weight_kg: float, seconds: float) -> float:
    """Energy of an activity in kcal: MET x body weight (kg) x hours (the compendium's rule)."""
    intensity = require_finite(met, "met", "MET")
    weight = require_finite(weight_kg, "weight_kg", "Body weight")
    duration = require_finite(seconds, "seconds", "Duration")
    require(
        intensity > 0 and weight > 0 and duration >= 0, "met", "MET and weight must be positive"
    )
    return intensity * weight * duration / 3600
