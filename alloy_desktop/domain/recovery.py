"""Muscle recovery levels over time, workout fatigue and the daily recovery score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from alloy_desktop.domain.enums import RecoverySignalLevel
from alloy_desktop.domain.errors import (
    DomainValidationError,
    require,
    require_finite,
    require_whole,
)

MIN_LEVEL = 0.0
MAX_LEVEL = 10.0
DEFAULT_DECAY_HOURS = 10.0  # the spec's soreness_decay_hours setting

# Recovery points one hard set removes from a muscle group. Ours, not the spec's
# (it only says "based on workout intensity"): about 16 hard sets on a primary
# muscle empty it, and a secondary muscle takes half the hit.
FATIGUE_PER_PRIMARY_HARD_SET = 0.6
FATIGUE_PER_SECONDARY_HARD_SET = 0.3

NEUTRAL_SCORE = 50.0  # the spec's recovery_score default when nothing is known

# Sleep maps linearly from 0 points at 4 h to 100 points at 8 h and beyond.
SLEEP_FLOOR_HOURS = 4.0
SLEEP_FULL_HOURS = 8.0

SIGNAL_SCORES: dict[RecoverySignalLevel, float] = {
    RecoverySignalLevel.POOR: 25.0,
    RecoverySignalLevel.FAIR: 50.0,
    RecoverySignalLevel.GOOD: 75.0,
    RecoverySignalLevel.EXCELLENT: 95.0,
}

# Relative weights of the score's components; only present components count, and
# the weights are renormalised over them. Sleep duration, the overall signal and the
# measured muscle state weigh double the 1-5 self-ratings, which are noisier.
SCORE_WEIGHTS: dict[str, float] = {
    "sleep_hours": 2.0,
    "sleep_quality": 1.0,
    "stress": 1.0,
    "energy": 1.0,
    "signal": 2.0,
    "muscle_levels": 2.0,
}


def _clamp_level(level: float) -> float:
    return min(MAX_LEVEL, max(MIN_LEVEL, level))


def recovery_from_soreness(level: int) -> float:
    """Recovery level implied by a soreness rating: 10 - level (level 1..10)."""
    soreness = require_whole(level, "level", "Soreness level")
    require(1 <= soreness <= 10, "level", "Soreness level must be between 1 and 10")
    return MAX_LEVEL - soreness


def current_recovery(
    level: float,
    last_updated_at: datetime,
    now: datetime,
    decay_hours: float = DEFAULT_DECAY_HOURS,
) -> float:
    """Recovery level at `now`, given `level` recorded at `last_updated_at`.

    The spec subtracts a point per 10 hours, which would make resting muscles more
    tired; here recovery rises instead, continuously, by one point per
    `decay_hours` of rest, up to 10 (7 at 10:00 -> 8 at 20:00). It never drops below
    the recorded level, a `now` before `last_updated_at` returns the level as is,
    and the result is clamped to 0..10.
    """
    recorded = require_finite(level, "level", "Recovery level")
    hours_per_point = require_finite(decay_hours, "decay_hours", "Recovery hours per point")
    require(hours_per_point > 0, "decay_hours", "Recovery hours per point must be more than zero")
    try:
        elapsed_hours = (now - last_updated_at).total_seconds() / 3600
    except TypeError:
        raise DomainValidationError(
            "now", "Both times must be either timezone-aware or naive"
        ) from None
    if elapsed_hours <= 0:
        return _clamp_level(recorded)
    risen = min(MAX_LEVEL, recorded + elapsed_hours / hours_per_point)
    return _clamp_level(max(recorded, risen))


def _check_sets(count: float, field_name: str, label: str) -> float:
    value = require_finite(count, field_name, label)
    require(value >= 0, field_name, f"{label} cannot be negative")
    return value


def workout_fatigue(primary_hard_sets: float, secondary_hard_sets: float) -> float:
    """Recovery points a workout removes from one muscle group, at most 10.

    0.6 per hard set where the group is a primary mover, 0.3 where it is secondary.
    Set counts may be fractional (e.g. weighted by an exercise's share).
    """
    primary = _check_sets(primary_hard_sets, "primary_hard_sets", "Primary hard sets")
    secondary = _check_sets(secondary_hard_sets, "secondary_hard_sets", "Secondary hard sets")
    fatigue = primary * FATIGUE_PER_PRIMARY_HARD_SET + secondary * FATIGUE_PER_SECONDARY_HARD_SET
    return min(MAX_LEVEL, fatigue)


def after_workout(level_now: float, primary_hard_sets: float, secondary_hard_sets: float) -> float:
    """Recovery level of one muscle group right after a workout, floored at 0."""
    level = require_finite(level_now, "level_now", "Recovery level")
    return _clamp_level(level - workout_fatigue(primary_hard_sets, secondary_hard_sets))


def _check_rating(value: int | None, field_name: str, label: str) -> None:
    if value is None:
        return
    rating = require_whole(value, field_name, label)
    require(1 <= rating <= 5, field_name, f"{label} must be between 1 and 5")


@dataclass(frozen=True)
class RecoveryInputs:
    """What is known about today's recovery; every field is optional.

    Ratings are 1-5 (stress: 5 = most stressed); muscle_levels maps a body part
    or muscle group name to its recovery level 0-10.
    """

    sleep_hours: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    energy: int | None = None
    signal: RecoverySignalLevel | None = None
    muscle_levels: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.sleep_hours is not None:
            hours = require_finite(self.sleep_hours, "sleep_hours", "Sleep")
            require(0 <= hours <= 24, "sleep_hours", "Sleep must be between 0 and 24 hours")
        _check_rating(self.sleep_quality, "sleep_quality", "Sleep quality")
        _check_rating(self.stress, "stress", "Stress")
        _check_rating(self.energy, "energy", "Energy")
        if self.signal is not None:
            try:
                object.__setattr__(self, "signal", RecoverySignalLevel(self.signal))
            except ValueError:
                raise DomainValidationError(
                    "signal", f"Unknown recovery signal {self.signal!r}"
                ) from None
        for name, level in self.muscle_levels.items():
            value = require_finite(level, "muscle_levels", f"Recovery of {name}")
            require(
                MIN_LEVEL <= value <= MAX_LEVEL,
                "muscle_levels",
                f"Recovery of {name} must be between 0 and 10",
            )


def _rating_score(rating: int) -> float:
    return (rating - 1) / 4 * 100


def _sleep_score(hours: float) -> float:
    fraction = (hours - SLEEP_FLOOR_HOURS) / (SLEEP_FULL_HOURS - SLEEP_FLOOR_HOURS)
    return min(100.0, max(0.0, fraction * 100))


def _component_scores(inputs: RecoveryInputs) -> dict[str, float]:
    scores: dict[str, float] = {}
    if inputs.sleep_hours is not None:
        scores["sleep_hours"] = _sleep_score(inputs.sleep_hours)
    if inputs.sleep_quality is not None:
        scores["sleep_quality"] = _rating_score(inputs.sleep_quality)
    if inputs.stress is not None:
        scores["stress"] = 100 - _rating_score(inputs.stress)
    if inputs.energy is not None:
        scores["energy"] = _rating_score(inputs.energy)
    if inputs.signal is not None:
        scores["signal"] = SIGNAL_SCORES[inputs.signal]
    if inputs.muscle_levels:
        levels = list(inputs.muscle_levels.values())
        scores["muscle_levels"] = sum(levels) / len(levels) * 10
    return scores


def recovery_score(inputs: RecoveryInputs) -> float:
    """Recovery score 0..100: weighted mean of the present components (see SCORE_WEIGHTS).

    Each component is first mapped to 0..100: sleep 4 h -> 0 up to 8 h -> 100;
    quality and energy (x - 1) / 4 * 100; stress the same, inverted; signal POOR 25,
    FAIR 50, GOOD 75, EXCELLENT 95; muscle levels their mean x 10. With no input at
    all the score is the spec's neutral 50.
    """
    scores = _component_scores(inputs)
    if not scores:
        return NEUTRAL_SCORE
    total_weight = sum(SCORE_WEIGHTS[name] for name in scores)
    weighted = sum(SCORE_WEIGHTS[name] * score for name, score in scores.items())
    return weighted / total_weight
