"""Prescribed loads: current e1RM from recent days, the RTS chart, related lifts, autoregulation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from alloy_desktop.domain.enums import MovementPattern, ProgressionStyle
from alloy_desktop.domain.errors import require, require_finite, require_whole
from alloy_desktop.domain.metrics import (
    CHART_MAX_REPS,
    CHART_MAX_RPE,
    CHART_MIN_REPS,
    CHART_MIN_RPE,
    MAX_RPE,
    MIN_RPE,
    RPE_CHART_SEQUENCE,
    percent_of_1rm,
)

# Only the last eight weeks say what the lifter can do today; inside them a session's
# weight halves every two weeks of age, so last week's sets outweigh last month's.
WINDOW_DAYS = 56
HALF_LIFE_DAYS = 14.0
# History older than the window still beats a guess, less 10 % for the time away
# (strength lost after two or three months off is typically 5-10 %: the cautious end).
LAYOFF_DISCOUNT = 0.10
# An estimate from a related lift starts 5 % lighter: the new movement is less practised,
# and the first set's RPE corrects the rest of the session.
RELATED_MARGIN = 0.95
# A planned set without an RPE is taken as a normal hard working set.
DEFAULT_RPE = 8.0
# RTS-style autoregulation: each RPE point above (below) plan takes 4 % off (puts 4 % on)
# the next sets; one set's report moves the load by 10 % at most, since RPE is noisy.
PERCENT_PER_RPE = 4.0
MAX_ADJUST_PERCENT = 10.0
# Double progression holds last session's load only while it is near what the e1RM says;
# further off (another rep scheme last time, a long break) the e1RM decides.
DOUBLE_HOLD_BAND = 0.15

# The chart's sequence ends at 15 effective reps (its index 28).
_CHART_LAST_REPS = 1 + (len(RPE_CHART_SEQUENCE) - 1) / 2


class Source(StrEnum):
    """Where a prescription's load came from, strongest evidence first."""

    HISTORY = "HISTORY"  # the movement's own recent daily bests
    LAYOFF = "LAYOFF"  # its own daily best from before the window, discounted
    RELATED = "RELATED"  # a related movement's e1RM times the ratio between them
    CALIBRATION = "CALIBRATION"  # no history: work up to a set, then use that load
    BODYWEIGHT = "BODYWEIGHT"  # reps, not load


# --- current e1RM ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayBest:
    """The best e1RM of one training day."""

    day: date
    e1rm: float


def recency_weight(age_days: float) -> float:
    """How much a day counts: 1 today, 0.5 two weeks ago, 0.25 four weeks ago."""
    return float(0.5 ** (max(0.0, age_days) / HALF_LIFE_DAYS))


def in_window(day: date, today: date) -> bool:
    """Whether a day is recent enough to say what the lifter can do today."""
    return (today - day).days < WINDOW_DAYS


def current_e1rm(points: Sequence[DayBest], today: date) -> float | None:
    """Recency-weighted mean of the daily bests inside the window; None when there are none.

    A mean rather than the best day: one great (or badly logged) day should not set every
    load of the next weeks. Days after `today` count as today.
    """
    recent = [p for p in points if in_window(p.day, today) and p.e1rm > 0]
    if not recent:
        return None
    weights = [recency_weight((today - p.day).days) for p in recent]
    return sum(w * p.e1rm for w, p in zip(weights, recent, strict=True)) / sum(weights)


def after_layoff(e1rm: float) -> float:
    """An old e1RM brought down for the time away (LAYOFF_DISCOUNT)."""
    return e1rm * (1.0 - LAYOFF_DISCOUNT)


# --- the RTS chart, extended ----------------------------------------------------------------


def _half_point(rpe: float) -> float:
    value = require_finite(rpe, "rpe", "RPE")
    require(MIN_RPE <= value <= MAX_RPE, "rpe", "RPE must be between 1 and 10")
    return round(value * 2) / 2


def chart_percent(reps: int, rpe: float | None) -> float:
    """Percent of 1RM for `reps` at `rpe` (None: DEFAULT_RPE), from the RTS chart.

    Inside the chart (1-10 reps, RPE 6.5-10) this is metrics.percent_of_1rm. Outside it
    the chart's own rule still holds (each half RPE point is half a rep, so 5 @ 5 reads
    like 10 @ 10) up to its last entry at 15 effective reps; past that the percentage
    falls like Epley's 1 / (1 + reps / 30), scaled to meet the chart's end. RPE is read
    to the nearest half point.
    """
    count = require_whole(reps, "reps", "Reps")
    require(count >= 1, "reps", "Reps must be at least 1")
    level = _half_point(DEFAULT_RPE if rpe is None else rpe)
    if CHART_MIN_REPS <= count <= CHART_MAX_REPS and CHART_MIN_RPE <= level <= CHART_MAX_RPE:
        return percent_of_1rm(count, level)
    half_steps = int((count - 1 + MAX_RPE - level) * 2)
    if half_steps < len(RPE_CHART_SEQUENCE):
        return RPE_CHART_SEQUENCE[half_steps]
    effective = 1 + half_steps / 2
    return RPE_CHART_SEQUENCE[-1] * (1 + _CHART_LAST_REPS / 30) / (1 + effective / 30)


def target_load(e1rm: float, reps: int, rpe: float | None) -> float:
    """The load for `reps` at `rpe` from an e1RM, before rounding to what can be loaded."""
    value = require_finite(e1rm, "e1rm", "Estimated 1RM")
    require(value > 0, "e1rm", "Estimated 1RM must be more than zero")
    return value * chart_percent(reps, rpe) / 100.0


# --- related movements ----------------------------------------------------------------------

# e1RM of a variation relative to its pattern's reference lift (1.0), from common coaching
# ratios: a front squat is about 85 % of a back squat, a Romanian deadlift 75 % of a
# conventional one, an incline bench 80 % of a flat one, a push press 125 % of a strict
# press. Matched on words of the movement's name, first match wins; unlisted names count
# as the reference. Equipment must match anyway, so dumbbell lifts compare with dumbbell
# lifts and the same words apply.
RATIOS: dict[MovementPattern, tuple[tuple[str, float], ...]] = {
    MovementPattern.SQUAT: (
        ("front", 0.85),
        ("zercher", 0.80),
        ("overhead", 0.60),
        ("thruster", 0.55),
        ("pause", 0.90),
        ("box", 0.95),
    ),
    MovementPattern.HINGE: (
        ("rack pull", 1.15),
        ("deficit", 0.90),
        ("romanian", 0.75),
        ("stiff leg", 0.70),
        ("good morning", 0.45),
    ),
    MovementPattern.HORIZONTAL_PUSH: (
        ("close grip", 0.90),
        ("incline", 0.80),
        ("decline", 1.05),
        ("floor", 0.90),
        ("board", 1.05),
        ("pin", 0.95),
        ("wide grip", 0.95),
    ),
    MovementPattern.VERTICAL_PUSH: (
        ("push press", 1.25),
        ("behind", 0.90),
        ("seated", 0.95),
    ),
    MovementPattern.HORIZONTAL_PULL: (
        ("one arm", 0.50),
        ("rear delt", 0.50),
        ("pendlay", 0.95),
    ),
}


def strength_ratio(name: str, pattern: MovementPattern) -> float:
    """A movement's e1RM relative to its pattern's reference lift (see RATIOS)."""
    words = name.lower().replace("-", " ")
    for key, ratio in RATIOS.get(MovementPattern(pattern), ()):
        if key in words:
            return ratio
    return 1.0


def related_ratio(target_name: str, related_name: str, pattern: MovementPattern) -> float:
    """Target e1RM over related e1RM: 0.85 for a front squat from a back squat."""
    return strength_ratio(target_name, pattern) / strength_ratio(related_name, pattern)


def from_related(related_e1rm: float, ratio: float) -> float:
    """A first e1RM for a movement from a related one's, with the RELATED_MARGIN."""
    return related_e1rm * ratio * RELATED_MARGIN


# --- words ----------------------------------------------------------------------------------


def rpe_words(rpe: float | None) -> str:
    """8.0 -> "8", 7.5 -> "7.5"."""
    return f"{DEFAULT_RPE if rpe is None else rpe:g}"


def calibration_text(reps: int, rpe: float | None) -> str:
    """The instruction when nothing is known: "Work up to a set of 5 at RPE 8"."""
    return f"Work up to a set of {reps} at RPE {rpe_words(rpe)}"


def calibrated_load(
    logged_load: float,
    logged_reps: int,
    logged_rpe: float | None,
    planned_reps: int,
    planned_rpe: float | None,
) -> float:
    """The load for the remaining sets after a calibration set, read through the chart."""
    rpe = planned_rpe if logged_rpe is None else logged_rpe
    return logged_load * chart_percent(planned_reps, planned_rpe) / chart_percent(logged_reps, rpe)


# --- autoregulation -------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadChange:
    """The next sets' load after a logged set, and why.

    `percent` is the signed change from the load just lifted; `effort_gap` how many RPE
    points harder (positive) or easier the set was than planned, missed or extra reps
    counting a point each.
    """

    load: float
    percent: float
    effort_gap: float
    capped: bool
    reason: str


def autoregulate(
    planned_reps: int,
    planned_rpe: float | None,
    logged_load: float,
    logged_reps: int,
    logged_rpe: float | None,
) -> LoadChange:
    """RTS-style: PERCENT_PER_RPE per RPE point off plan, at most MAX_ADJUST_PERCENT.

    The change applies to the load actually lifted, so a lifter who put more on and still
    hit the RPE keeps the heavier load. Without a logged RPE the set is taken as on plan,
    so only missed or extra reps move the load.
    """
    planned = DEFAULT_RPE if planned_rpe is None else _half_point(planned_rpe)
    felt = planned if logged_rpe is None else _half_point(logged_rpe)
    gap = (felt - planned) + (planned_reps - logged_reps)
    raw = -PERCENT_PER_RPE * gap
    percent = max(-MAX_ADJUST_PERCENT, min(MAX_ADJUST_PERCENT, raw))
    load = logged_load * (1 + percent / 100)
    capped = abs(raw) > MAX_ADJUST_PERCENT
    reason = _adjust_reason(planned_reps, planned, logged_reps, logged_rpe, percent, capped)
    return LoadChange(load, percent, gap, capped, reason)


def _adjust_reason(
    planned_reps: int,
    planned_rpe: float,
    logged_reps: int,
    logged_rpe: float | None,
    percent: float,
    capped: bool,
) -> str:
    if logged_rpe is None:
        done = f"{logged_reps} reps (no RPE logged)"
    elif logged_reps != planned_reps:
        done = f"{logged_reps} reps at RPE {rpe_words(logged_rpe)}"
    else:
        done = f"RPE {rpe_words(logged_rpe)}"
    plan = (
        f"{planned_reps} at RPE {rpe_words(planned_rpe)}"
        if logged_reps != planned_reps or logged_rpe is None
        else rpe_words(planned_rpe)
    )
    if percent == 0:
        return f"{done}, as planned: same load for the next sets."
    change = f"{abs(percent):g}% {'lighter' if percent < 0 else 'heavier'}"
    limit = " (the most one set moves it)" if capped else ""
    return f"{done} where {plan} was planned: {change} for the next sets{limit}."


# --- next session ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LastSession:
    """Last session's heaviest working load of a movement and the reps of each set at it."""

    load: float
    reps_at_load: tuple[int, ...]


@dataclass(frozen=True)
class StartLoad:
    """Where today's working sets start, and the progression rule that put them there."""

    load: float
    reason: str
    from_last_session: bool


STYLE_NOTES: dict[ProgressionStyle, str] = {
    ProgressionStyle.SINGLE_PROGRESSION: (
        "Single progression: the planned RPE rises half a point a week, "
        "so the load climbs with your e1RM."
    ),
    ProgressionStyle.DOUBLE_PROGRESSION: (
        "Double progression: keep this load and add reps each session; "
        "once every set reaches the top of the range, go one step heavier."
    ),
    ProgressionStyle.WAVE_LOADING: (
        "Wave loading: fewer reps at a higher RPE each week of the wave, so the load steps up."
    ),
    ProgressionStyle.BLOCK_PERIODIZATION: (
        "Block periodization: this phase's reps and RPE on your current e1RM."
    ),
}


def progression_start(
    style: ProgressionStyle | None,
    e1rm_load: float,
    last: LastSession | None,
    reps_max: int,
    heavier: float,
) -> StartLoad:
    """Today's starting load by the program's progression style.

    Single, wave and block progression raise the load through the planned reps and RPE,
    so the e1RM's load for them is the answer. Double progression holds last session's
    load until every set at it reached the top of the rep range (`reps_max`), then takes
    `heavier` (the next loadable weight), as long as that load is within DOUBLE_HOLD_BAND
    of the e1RM's.
    """
    note = "" if style is None else STYLE_NOTES[ProgressionStyle(style)]
    if style is not ProgressionStyle.DOUBLE_PROGRESSION or last is None or not last.reps_at_load:
        return StartLoad(e1rm_load, note, False)
    if abs(last.load - e1rm_load) > DOUBLE_HOLD_BAND * e1rm_load:
        return StartLoad(e1rm_load, note, False)
    if min(last.reps_at_load) >= reps_max:
        return StartLoad(
            heavier,
            f"Double progression: every set reached {reps_max} reps last time, "
            "so one step heavier.",
            True,
        )
    return StartLoad(
        last.load,
        f"Double progression: same load as last time until every set reaches {reps_max} reps.",
        True,
    )
