"""Set, rep, RPE and rest prescriptions: goal-blended starting points and weekly progression."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from alloy_desktop.domain.deload import (
    DEFAULT_DELOAD_EVERY,
    deload_rpe,
    deload_sets,
    should_deload,
)
from alloy_desktop.domain.enums import ExerciseRole, Goal, ProgressionStyle

RPE_CAP = 9.0  # hard sets stop short of failure: fatigue rises steeply past RPE 9
STRENGTH_RPE_CAP = 9.5  # strength-led programs need heavy top sets near the end of a block
MIN_RPE = 5.0
WAVE_LENGTH = 3  # weeks per wave: the classic 3-week wave fits a 4-week deload rhythm
BLOCK_SHARES = (0.4, 0.35)  # accumulation, intensification; realization takes the rest
MIN_ACCESSORY_REPS = 6  # low-rep isolation work loads joints without building much


@dataclass(frozen=True)
class Prescription:
    """What to do for one exercise in one session.

    reps_max, when set, is the top of a rep range ("8-12 reps"), reps its bottom or
    this week's target inside it.
    """

    sets: int
    reps: int
    rpe: float
    rest_seconds: int
    reps_max: int | None = None


@dataclass(frozen=True)
class _Profile:
    """Starting prescription of one goal for MAIN and ACCESSORY work."""

    main: Prescription
    accessory: Prescription


# Starting points per goal. Strength: heavy low reps, long rest to recover the
# nervous system; hypertrophy: moderate reps near failure, moderate rest; endurance
# and fat loss: high reps, short rest to keep the heart rate up.
_PROFILES: dict[Goal, _Profile] = {
    Goal.STRENGTH: _Profile(Prescription(4, 4, 7.5, 180, 6), Prescription(3, 8, 7.5, 120, 10)),
    Goal.HYPERTROPHY: _Profile(Prescription(3, 8, 7.0, 120, 12), Prescription(3, 10, 7.5, 90, 15)),
    Goal.ENDURANCE: _Profile(Prescription(3, 12, 7.0, 60, 18), Prescription(2, 15, 7.0, 45, 20)),
    Goal.FAT_LOSS: _Profile(Prescription(3, 12, 7.0, 60, 18), Prescription(3, 15, 7.0, 45, 20)),
}
# Used when only mobility or skill goals are set: general strength work, easy RPE.
_GENERAL = _Profile(Prescription(3, 10, 6.5, 90, 12), Prescription(2, 12, 6.5, 60, 15))

# Roles that do not depend on the goal blend.
_FIXED: dict[ExerciseRole, Prescription] = {
    ExerciseRole.WARMUP: Prescription(1, 10, 4.0, 30),  # ramp up, never tiring
    ExerciseRole.COOLDOWN: Prescription(1, 30, 3.0, 15),  # reps = seconds held
    ExerciseRole.FINISHER: Prescription(3, 15, 8.0, 30),  # short hard rounds, little rest
    ExerciseRole.SKILL: Prescription(4, 3, 6.0, 90),  # practice fresh: few reps, full rest
}


def _round_half(value: float) -> float:
    """RPE is written in half points."""
    return math.floor(value * 2 + 0.5) / 2


def _round_to(value: float, step: int) -> int:
    return int(math.floor(value / step + 0.5) * step)


def _blend(items: list[tuple[Prescription, int]]) -> Prescription:
    """Weighted average of prescriptions (weights are the goals' dollars)."""
    total = sum(weight for _, weight in items)

    def avg(values: list[float]) -> float:
        return sum(v * w for v, (_, w) in zip(values, items, strict=True)) / total

    return Prescription(
        sets=max(1, round(avg([p.sets for p, _ in items]))),
        reps=max(1, round(avg([p.reps for p, _ in items]))),
        rpe=_round_half(avg([p.rpe for p, _ in items])),
        rest_seconds=_round_to(avg([p.rest_seconds for p, _ in items]), 15),
        reps_max=max(1, round(avg([p.reps_max or p.reps for p, _ in items]))),
    )


def base_prescription(role: ExerciseRole, goal_weights: Mapping[Goal, int]) -> Prescription:
    """Week-one prescription for a role, blended across the lifting goals by their weights.

    Mobility and skill goals add their own work elsewhere, so they do not pull the
    lifting numbers around; with no lifting goal at all a gentle general profile is used.
    """
    if role in _FIXED:
        return _FIXED[role]
    items = [
        (getattr(_PROFILES[goal], "main" if role is ExerciseRole.MAIN else "accessory"), weight)
        for goal, weight in goal_weights.items()
        if goal in _PROFILES and weight > 0
    ]
    if not items:
        general = _GENERAL.main if role is ExerciseRole.MAIN else _GENERAL.accessory
        return general
    blended = _blend(items)
    if blended.reps_max is not None and blended.reps_max <= blended.reps:
        blended = replace(blended, reps_max=blended.reps + 2)
    return blended


def rpe_cap(role: ExerciseRole, goal_weights: Mapping[Goal, int]) -> float:
    """Highest RPE progression may reach for this role and goal mix."""
    if role is ExerciseRole.MAIN and goal_weights.get(Goal.STRENGTH, 0) >= 5:
        return STRENGTH_RPE_CAP
    return RPE_CAP


def training_weeks_before(week_index: int, every_n: int = DEFAULT_DELOAD_EVERY) -> int:
    """How many non-deload microcycles come before microcycle `week_index` (0-based)."""
    return sum(1 for number in range(1, week_index + 1) if not should_deload(number, every_n))


def weeks_since_deload(week_index: int, every_n: int = DEFAULT_DELOAD_EVERY) -> int:
    """Training microcycles since the last deload (or the start) before `week_index`."""
    count = 0
    for number in range(week_index, 0, -1):
        if should_deload(number, every_n):
            break
        count += 1
    return count


def _single(base: Prescription, cap: float, block_week: int) -> Prescription:
    # Same sets and reps, load (and so RPE) up half a point a week. After a deload the
    # RPE starts over: the lifter is stronger, so the same RPE already means more load.
    return replace(base, rpe=min(cap, base.rpe + 0.5 * block_week), reps_max=None)


def _double(base: Prescription, cap: float, trained: int) -> Prescription:
    # Reps climb through the range at one load; once the top is reached the load goes
    # up and reps restart at the bottom. The heavier restart shows as +0.5 RPE per cycle,
    # and each step up in reps at the same load as +0.5 RPE.
    low = base.reps
    high = max(base.reps_max or low + 4, low + 1)
    step = 1 if high - low <= 3 else 2
    positions = (high - low) // step + 1
    cycle, position = divmod(trained, positions)
    return replace(
        base,
        reps=min(high, low + step * position),
        rpe=min(cap, base.rpe + 0.5 * (position + cycle)),
        reps_max=high,
    )


def _wave(base: Prescription, cap: float, trained: int) -> Prescription:
    # Three-week waves: reps drop by two each week while RPE rises (7-5-3 style), and
    # each new wave starts half a point heavier than the last one did.
    wave, position = divmod(trained, WAVE_LENGTH)
    reps = max(1, base.reps + 2 - 2 * position)
    return replace(base, reps=reps, rpe=min(cap, base.rpe + 0.5 * (position + wave)), reps_max=None)


def _block_phase(trained: int, total_training: int) -> tuple[int, int]:
    """(phase 0/1/2, week inside the phase) for accumulation/intensification/realization."""
    total = max(total_training, 1)
    accumulation = max(1, round(total * BLOCK_SHARES[0]))
    intensification = max(1, round(total * BLOCK_SHARES[1]))
    if trained < accumulation:
        return 0, trained
    if trained < accumulation + intensification:
        return 1, trained - accumulation
    return 2, trained - accumulation - intensification


def _block(
    base: Prescription, cap: float, trained: int, total_training: int, min_reps: int
) -> Prescription:
    # Accumulation builds work capacity (an extra set, more reps, moderate RPE);
    # intensification trades volume for load; realization peaks: fewer sets, few
    # reps, the heaviest RPE, so the lifter ends the program able to show strength.
    phase, week = _block_phase(trained, total_training)
    sets_delta, reps_delta, rpe_start = ((1, 2, -0.5), (0, -1, 0.5), (-1, -2, 1.0))[phase]
    rpe = base.rpe + rpe_start + 0.5 * week
    if phase == 0:
        rpe = min(rpe, base.rpe + 0.5)  # accumulation stays moderate: volume is the stimulus
    return replace(
        base,
        sets=max(2, base.sets + sets_delta),
        reps=max(min_reps, base.reps + reps_delta),
        rpe=min(cap, rpe),
        reps_max=None,
    )


def _progress(
    style: ProgressionStyle,
    role: ExerciseRole,
    cap: float,
    base: Prescription,
    week_index: int,
    every_n: int,
    total_training: int,
) -> Prescription:
    trained = training_weeks_before(week_index, every_n)
    min_reps = 2 if role is ExerciseRole.MAIN else MIN_ACCESSORY_REPS
    if style is ProgressionStyle.DOUBLE_PROGRESSION:
        return _double(base, cap, trained)
    if style is ProgressionStyle.WAVE_LOADING and role is ExerciseRole.MAIN:
        return _wave(base, cap, trained)
    if style is ProgressionStyle.BLOCK_PERIODIZATION:
        return _block(base, cap, trained, total_training, min(min_reps, base.reps))
    # SINGLE, and accessories under wave loading: waving isolation work adds nothing.
    return _single(base, cap, weeks_since_deload(week_index, every_n))


def _last_training_week(week_index: int, every_n: int) -> int | None:
    for index in range(week_index - 1, -1, -1):
        if not should_deload(index + 1, every_n):
            return index
    return None


def prescribe(
    style: ProgressionStyle,
    role: ExerciseRole,
    goal_weights: Mapping[Goal, int],
    base: Prescription,
    week_index: int,
    is_deload: bool,
    *,
    deload_every_n: int = DEFAULT_DELOAD_EVERY,
    total_microcycles: int = 12,
) -> Prescription:
    """The prescription for microcycle `week_index` (0-based) of `total_microcycles`.

    Warm-ups and cool-downs never progress. Finishers and skill work keep their
    numbers (skill is practised fresh, not loaded) but shrink in a deload. MAIN and
    ACCESSORY work follows `style`; a deload takes the last training week's
    prescription and cuts its sets and RPE (deload.deload_sets / deload_rpe), so a
    deload is always easier than the week before it.
    """
    if role in (ExerciseRole.WARMUP, ExerciseRole.COOLDOWN):
        return base
    if role in (ExerciseRole.FINISHER, ExerciseRole.SKILL):
        return replace(base, sets=deload_sets(base.sets)) if is_deload else base
    cap = max(rpe_cap(role, goal_weights), base.rpe)
    total_training = sum(
        1 for number in range(1, total_microcycles + 1) if not should_deload(number, deload_every_n)
    )
    if is_deload:
        previous = _last_training_week(week_index, deload_every_n)
        before = base
        if previous is not None:
            before = _progress(style, role, cap, base, previous, deload_every_n, total_training)
        return replace(
            before,
            sets=deload_sets(before.sets),
            rpe=max(MIN_RPE, deload_rpe(before.rpe)),
        )
    return _progress(style, role, cap, base, week_index, deload_every_n, total_training)
