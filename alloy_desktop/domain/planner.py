"""Deterministic program planner: microcycles, sessions and exercises from goals and constraints."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from alloy_desktop.domain import time_estimation as te
from alloy_desktop.domain.catalog import (
    Constraints,
    MovementInfo,
    is_avoided,
    is_conditioning,
    is_enjoyed,
    is_lifting,
    is_plyometric,
    is_usable,
    label,
)
from alloy_desktop.domain.deload import MicrocycleLayout, layout_microcycles
from alloy_desktop.domain.enums import (
    Equipment,
    ExerciseRole,
    ExperienceLevel,
    Goal,
    Level,
    MovementPattern,
    MuscleGroup,
    ProgressionStyle,
    SessionType,
    SplitTemplate,
)
from alloy_desktop.domain.errors import DomainValidationError, require
from alloy_desktop.domain.goals import primary_goal
from alloy_desktop.domain.planned import HARD_ROLES, PlannedExercise
from alloy_desktop.domain.progression import (
    Prescription,
    base_prescription,
    prescribe,
    weeks_since_deload,
)

P = MovementPattern
G = MuscleGroup
R = ExerciseRole

# Weekly hard-set landmarks (minimum effective / maximum recoverable volume) used when
# the caller passes none for a group; in line with common hypertrophy guidance.
DEFAULT_MEV_MRV: Mapping[MuscleGroup, tuple[int, int]] = MappingProxyType(
    {
        G.CHEST: (6, 22),
        G.QUADS: (8, 20),
        G.HAMSTRINGS: (6, 20),
        G.GLUTES: (0, 16),
        G.LATS: (10, 25),
        G.UPPER_BACK: (10, 25),
        G.SIDE_DELTS: (8, 26),
        G.BICEPS: (8, 26),
        G.TRICEPS: (6, 18),
        G.CALVES: (8, 20),
        G.REAR_DELTS: (8, 26),
    }
)
HARD_SET_RPE = 7.0
RAMP_SETS = 2  # hard sets a group gains each week of a hypertrophy block (RP's usual step)
VOLUME_BAND = 4  # how far above its weekly target a group may sit before sets are taken off
MAJOR_GROUPS: tuple[MuscleGroup, ...] = tuple(DEFAULT_MEV_MRV)
MAJOR_GROUPS_ORDER = {group: index for index, group in enumerate(MAJOR_GROUPS)}
HYPERTROPHY_VOLUME_WEIGHT = 4  # from this HYPERTROPHY weight on, weekly volume is enforced
MIN_ACCESSORIES, MAX_ACCESSORIES = 2, 4
MAX_HARD_EXERCISES = 8  # main lifts plus accessories in one session, after balancing
MAX_SETS = 5  # more sets of one exercise in one session add fatigue, not growth
SPREAD_SETS = 4  # past this, a group's extra sets go to another session first (frequency)
MIN_SETS = 2
FINISHER_WEIGHT = 3  # FAT_LOSS + ENDURANCE dollars from which every session gets a finisher
SKILL_WEIGHT = 2
MOBILITY_WEIGHT = 3  # from here on, cool-downs double as mobility work
WARMUP_MOBILITY_WEIGHT = 2
OVERTIME_TOLERANCE = 1.15

_EMPTY_ADJUSTMENTS: Mapping[str, float] = MappingProxyType({})
_EMPTY_LANDMARKS: Mapping[MuscleGroup, tuple[int, int]] = MappingProxyType({})


@dataclass(frozen=True)
class ProgramPlanRequest:
    """Everything the planner needs besides the catalog and the user's constraints."""

    goals: tuple[tuple[Goal, int], ...]
    duration_weeks: int
    split: SplitTemplate
    progression: ProgressionStyle
    training_weekdays: tuple[int, ...]  # 0=Monday..6=Sunday, 1..7 days
    session_minutes: int = 60
    microcycle_length_days: int = 7
    deload_every_n: int = 4
    mev_mrv: Mapping[MuscleGroup, tuple[int, int]] = field(default_factory=lambda: _EMPTY_LANDMARKS)
    adjustments: Mapping[str, float] = field(default_factory=lambda: _EMPTY_ADJUSTMENTS)
    start_weekday: int = 0  # weekday of the program's first day (microcycle day 0)


@dataclass(frozen=True)
class SessionPlan:
    """One training day of a microcycle."""

    day_offset: int  # days from the microcycle's start
    session_type: SessionType
    name: str
    exercises: tuple[PlannedExercise, ...]


@dataclass(frozen=True)
class MicrocyclePlan:
    """One microcycle (usually a week) and its sessions."""

    sequence_number: int
    start_offset_days: int
    length_days: int
    is_deload: bool
    sessions: tuple[SessionPlan, ...]


@dataclass(frozen=True)
class ProgramPlan:
    """A whole program; warnings say what the planner could not honour."""

    microcycles: tuple[MicrocyclePlan, ...]
    warnings: tuple[str, ...]


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class _Slot:
    """A place in a session: acceptable patterns (best first) and, optionally, a target muscle."""

    label: str
    patterns: tuple[MovementPattern, ...]
    muscle: MuscleGroup | None = None  # required as a primary muscle
    prefer: MuscleGroup | None = None  # ranked first when primary (bench over close-grip)


@dataclass(frozen=True)
class _Day:
    """One kind of session in a split."""

    name: str
    mains: tuple[_Slot, ...]
    accessories: tuple[_Slot, ...]
    focus: frozenset[MuscleGroup]  # where extra volume for a group may be added
    style: str = ""  # "strength" or "conditioning" override the goal-based session type


SQUAT = _Slot("squat", (P.SQUAT, P.LUNGE), prefer=G.QUADS)
HINGE = _Slot("hinge", (P.HINGE,))
LUNGE = _Slot("lunge", (P.LUNGE, P.SQUAT), prefer=G.QUADS)
H_PUSH = _Slot("horizontal push", (P.HORIZONTAL_PUSH,), prefer=G.CHEST)
V_PUSH = _Slot("vertical push", (P.VERTICAL_PUSH,), prefer=G.FRONT_DELTS)
H_PULL = _Slot("horizontal pull", (P.HORIZONTAL_PULL,), prefer=G.UPPER_BACK)
V_PULL = _Slot("vertical pull", (P.VERTICAL_PULL,), prefer=G.LATS)
TRICEPS_PRESS = _Slot("triceps press", (P.HORIZONTAL_PUSH, P.VERTICAL_PUSH), G.TRICEPS)
CHEST = _Slot("chest", (P.HORIZONTAL_PUSH, P.ISOLATION_UPPER), G.CHEST)
QUADS = _Slot("quads", (P.ISOLATION_LOWER, P.SQUAT, P.LUNGE), G.QUADS)
HAMS = _Slot("hamstrings", (P.ISOLATION_LOWER, P.HINGE), G.HAMSTRINGS)
GLUTES = _Slot("glutes", (P.HINGE, P.ISOLATION_LOWER, P.LUNGE), G.GLUTES)
LATS = _Slot("lats", (P.VERTICAL_PULL, P.HORIZONTAL_PULL, P.ISOLATION_UPPER), G.LATS)
UPPER_BACK = _Slot("upper back", (P.HORIZONTAL_PULL,), G.UPPER_BACK)
SIDE_DELTS = _Slot("side delts", (P.ISOLATION_UPPER, P.VERTICAL_PUSH), G.SIDE_DELTS)
REAR_DELTS = _Slot("rear delts", (P.HORIZONTAL_PULL, P.ISOLATION_UPPER), G.REAR_DELTS)
BICEPS = _Slot("biceps", (P.ISOLATION_UPPER, P.VERTICAL_PULL), G.BICEPS)
TRICEPS = _Slot("triceps", (P.ISOLATION_UPPER, P.HORIZONTAL_PUSH, P.VERTICAL_PUSH), G.TRICEPS)
CALVES = _Slot("calves", (P.ISOLATION_LOWER,), G.CALVES)
CORE = _Slot("core", (P.CORE, P.ROTATION))
CARRY = _Slot("carry", (P.CARRY, P.CORE))

# The accessory slot used when a group needs extra weekly volume.
GROUP_SLOTS: Mapping[MuscleGroup, _Slot] = MappingProxyType(
    {
        G.CHEST: CHEST,
        G.QUADS: QUADS,
        G.HAMSTRINGS: HAMS,
        G.GLUTES: GLUTES,
        G.LATS: LATS,
        G.UPPER_BACK: UPPER_BACK,
        G.SIDE_DELTS: SIDE_DELTS,
        G.BICEPS: BICEPS,
        G.TRICEPS: TRICEPS,
        G.CALVES: CALVES,
        G.REAR_DELTS: REAR_DELTS,
    }
)

_UPPER = frozenset(
    {G.CHEST, G.LATS, G.UPPER_BACK, G.SIDE_DELTS, G.REAR_DELTS, G.FRONT_DELTS, G.BICEPS}
    | {G.TRICEPS, G.TRAPS}
)
_LOWER = frozenset({G.QUADS, G.HAMSTRINGS, G.GLUTES, G.CALVES, G.ADDUCTORS, G.ABDUCTORS})
_ALL = _UPPER | _LOWER
_PUSH = frozenset({G.CHEST, G.FRONT_DELTS, G.SIDE_DELTS, G.TRICEPS})
_PULL = frozenset({G.LATS, G.UPPER_BACK, G.REAR_DELTS, G.BICEPS, G.TRAPS})

FULL_A = _Day("Full Body", (SQUAT, H_PUSH), (UPPER_BACK, HAMS, SIDE_DELTS, BICEPS, CORE), _ALL)
FULL_B = _Day("Full Body", (HINGE, V_PULL), (CHEST, QUADS, TRICEPS, SIDE_DELTS, CALVES), _ALL)
FULL_C = _Day("Full Body", (LUNGE, V_PUSH), (LATS, CHEST, HAMS, TRICEPS, BICEPS), _ALL)
UPPER_A = _Day("Upper", (H_PUSH, H_PULL), (LATS, SIDE_DELTS, TRICEPS, BICEPS, CHEST), _UPPER)
LOWER_A = _Day("Lower", (SQUAT, HINGE), (HAMS, QUADS, GLUTES, CALVES, CORE), _LOWER)
UPPER_B = _Day("Upper", (V_PUSH, V_PULL), (CHEST, UPPER_BACK, SIDE_DELTS, BICEPS, TRICEPS), _UPPER)
LOWER_B = _Day("Lower", (HINGE, LUNGE), (QUADS, HAMS, GLUTES, CALVES, CORE), _LOWER)
PUSH = _Day("Push", (H_PUSH, V_PUSH), (CHEST, SIDE_DELTS, TRICEPS, CORE), _PUSH)
PULL = _Day("Pull", (V_PULL, H_PULL), (UPPER_BACK, BICEPS, REAR_DELTS, LATS), _PULL)
LEGS = _Day("Legs", (SQUAT, HINGE), (QUADS, HAMS, GLUTES, CALVES, CORE), _LOWER)
PUSH_LEGS = _Day(
    "Push", (SQUAT, H_PUSH), (V_PUSH, QUADS, SIDE_DELTS, TRICEPS, CALVES), _PUSH | {G.QUADS}
)
PULL_HIPS = _Day(
    "Pull",
    (HINGE, V_PULL),
    (UPPER_BACK, HAMS, BICEPS, GLUTES, CORE),
    _PULL | {G.HAMSTRINGS, G.GLUTES},
)
CHEST_DAY = _Day("Chest", (H_PUSH,), (CHEST, CHEST, TRICEPS, CORE), frozenset({G.CHEST}))
BACK_DAY = _Day("Back", (V_PULL, H_PULL), (LATS, UPPER_BACK, REAR_DELTS, BICEPS), _PULL)
LEG_DAY = _Day("Legs", (SQUAT, HINGE), (QUADS, HAMS, GLUTES, CALVES), _LOWER)
SHOULDER_DAY = _Day(
    "Shoulders", (V_PUSH,), (SIDE_DELTS, REAR_DELTS, SIDE_DELTS, CORE), frozenset({G.SIDE_DELTS})
)
ARM_DAY = _Day(
    "Arms", (TRICEPS_PRESS,), (BICEPS, TRICEPS, BICEPS, TRICEPS), frozenset({G.BICEPS, G.TRICEPS})
)
CHEST_TRI = _Day(
    "Chest & Triceps", (H_PUSH,), (CHEST, CHEST, TRICEPS, TRICEPS), frozenset({G.CHEST, G.TRICEPS})
)
BACK_BI = _Day("Back & Biceps", (V_PULL, H_PULL), (LATS, UPPER_BACK, BICEPS, BICEPS), _PULL)
LEGS_SHOULDERS = _Day(
    "Legs & Shoulders", (SQUAT, V_PUSH), (HAMS, QUADS, SIDE_DELTS, CALVES), _LOWER | {G.SIDE_DELTS}
)
SHOULDERS_ARMS = _Day(
    "Shoulders & Arms",
    (V_PUSH,),
    (SIDE_DELTS, BICEPS, TRICEPS, REAR_DELTS),
    frozenset({G.SIDE_DELTS, G.BICEPS, G.TRICEPS}),
)
LOWER_STRENGTH = _Day("Lower", (SQUAT, HINGE), (HAMS, QUADS, CORE, CALVES), _LOWER, "strength")
UPPER_STRENGTH = _Day(
    "Upper", (H_PUSH, H_PULL), (LATS, SIDE_DELTS, TRICEPS, BICEPS), _UPPER, "strength"
)
LOWER_STRENGTH_B = replace(LOWER_STRENGTH, mains=(HINGE, LUNGE))
UPPER_STRENGTH_B = replace(UPPER_STRENGTH, mains=(V_PUSH, V_PULL))
CONDITIONING_DAY = _Day(
    "Full Body Conditioning", (LUNGE,), (H_PUSH, UPPER_BACK, CARRY, CORE), _ALL, "conditioning"
)


def _rotation(split: SplitTemplate, days: int) -> tuple[_Day, ...]:
    """The cycle of session kinds a split rotates through for `days` sessions a week.

    One training day always gets full-body work (any other split would leave whole
    body regions untrained); two-day PPL and body-part splits fall back to
    full-body and upper/lower for the same reason.
    """
    if days == 1:
        return (FULL_A,)
    if split is SplitTemplate.FULL_BODY or (split is SplitTemplate.PPL and days == 2):
        return (FULL_A, FULL_B, FULL_C)
    if split is SplitTemplate.UPPER_LOWER:
        return (UPPER_A, LOWER_A, UPPER_B, LOWER_B)
    if split is SplitTemplate.PPL:
        return (PUSH, PULL, LEGS)
    if split is SplitTemplate.PUSH_PULL:
        return (PUSH_LEGS, PULL_HIPS)
    if split is SplitTemplate.BODY_PART_SPLIT:
        by_days = {
            2: (UPPER_A, LOWER_A),
            3: (CHEST_TRI, BACK_BI, LEGS_SHOULDERS),
            4: (CHEST_TRI, BACK_BI, LEG_DAY, SHOULDERS_ARMS),
        }
        return by_days.get(days, (CHEST_DAY, BACK_DAY, LEG_DAY, SHOULDER_DAY, ARM_DAY))
    # HYBRID: strength-led lower and upper days; its conditioning comes from the session mix.
    return (LOWER_STRENGTH, UPPER_STRENGTH, LOWER_STRENGTH_B, UPPER_STRENGTH_B)


def default_split(goals: Sequence[tuple[Goal, int]], days: int) -> SplitTemplate:
    """The split a coach would pick for these goals and days when the lifter names none.

    Few days train the whole body each time (frequency two or three per muscle); four
    days split upper and lower; five or six allow push/pull/legs for hypertrophy. A
    strength-led lifter keeps heavy lower and upper days, and one who also runs or
    does conditioning gets the hybrid split.
    """
    weights: dict[Goal, int] = {}
    for goal, weight in goals:
        weights[Goal(goal)] = weights.get(Goal(goal), 0) + weight
    strength = weights.get(Goal.STRENGTH, 0)
    hypertrophy = weights.get(Goal.HYPERTROPHY, 0)
    cardio = weights.get(Goal.ENDURANCE, 0) + weights.get(Goal.FAT_LOSS, 0)
    if strength >= 3 and cardio >= 3:
        return SplitTemplate.HYBRID
    if strength >= hypertrophy and strength > 0:
        return SplitTemplate.FULL_BODY if days <= 3 else SplitTemplate.HYBRID
    if days <= 3:
        return SplitTemplate.FULL_BODY
    return SplitTemplate.UPPER_LOWER if days == 4 else SplitTemplate.PPL


# Kinds of session a week is made of, by the goals' weights (see _session_mix).
LIFT, ENDURANCE_DAY, MOBILITY_DAY, CIRCUIT_DAY = "lift", "endurance", "mobility", "circuit"
OWN_DAY_WEIGHT = 3  # a goal weighted this much or more gets sessions of its own
_KIND_GOALS: Mapping[str, tuple[Goal, ...]] = MappingProxyType(
    {
        LIFT: (Goal.STRENGTH, Goal.HYPERTROPHY, Goal.SKILL),
        ENDURANCE_DAY: (Goal.ENDURANCE,),
        MOBILITY_DAY: (Goal.MOBILITY,),
        CIRCUIT_DAY: (Goal.FAT_LOSS,),
    }
)


def session_mix(weights: Mapping[Goal, int], days: int) -> tuple[str, ...]:
    """Which kind of session each training day of the week is, in the proportion of the goals.

    Largest remainder over the goals weighted OWN_DAY_WEIGHT or more; lighter goals live
    inside other sessions (finishers, longer cool-downs, skill practice). Kinds are spread
    over the week so two of a kind rarely fall on consecutive training days.
    """
    shares = {
        kind: sum(weights.get(goal, 0) for goal in goals) for kind, goals in _KIND_GOALS.items()
    }
    own = {kind: w for kind, w in shares.items() if w >= OWN_DAY_WEIGHT}
    if not own:
        own = {max(shares, key=lambda k: (shares[k], k == LIFT)): 1}
    counts = _largest_remainder(own, days)
    return _spread(counts, days)


def _largest_remainder(shares: Mapping[str, int], days: int) -> dict[str, int]:
    total = sum(shares.values())
    exact = {kind: days * w / total for kind, w in shares.items()}
    counts = {kind: int(value) for kind, value in exact.items()}
    order = sorted(exact, key=lambda k: (-(exact[k] - counts[k]), -shares[k], k != LIFT, k))
    for kind in order[: days - sum(counts.values())]:
        counts[kind] += 1
    # Every goal with a day of its own gets at least one, taken from the best-served kind.
    for kind in sorted(shares, key=lambda k: -shares[k]):
        if counts[kind] == 0 and days >= len(shares):
            donor = max(counts, key=lambda k: (counts[k], shares[k]))
            counts[donor] -= 1
            counts[kind] += 1
    return {kind: n for kind, n in counts.items() if n > 0}


def _spread(counts: Mapping[str, int], days: int) -> tuple[str, ...]:
    """Interleave kinds: each day takes the kind furthest behind its even share so far."""
    order = sorted(counts, key=lambda k: (k != LIFT, -counts[k], k))
    taken = dict.fromkeys(order, 0)
    out: list[str] = []
    for day in range(days):
        kind = max(order, key=lambda k: (counts[k] * (day + 1) / days - taken[k], -order.index(k)))
        taken[kind] += 1
        out.append(kind)
    return tuple(out)


ENDURANCE_SESSION = _Day("Endurance", (), (), frozenset(), "endurance")
MOBILITY_SESSION = _Day("Mobility", (), (), frozenset(), "mobility")
CIRCUIT_SESSION = _Day("Circuit", (), (), frozenset(), "circuit")
NON_LIFTING_STYLES = frozenset({"endurance", "mobility", "circuit"})
MOBILITY_HOLDS = 8
# One hold for each region a desk-bound lifter is stiffest in, hips and shoulders first.
_MOBILITY_REGIONS: tuple[MuscleGroup, ...] = (
    G.HAMSTRINGS, G.GLUTES, G.QUADS, G.ADDUCTORS, G.CHEST, G.LATS, G.CALVES, G.LOWER_BACK,
    G.UPPER_BACK, G.FRONT_DELTS, G.TRICEPS,
)  # fmt: skip
_CIRCUIT_SLOTS = (
    SQUAT, _Slot("push", (P.HORIZONTAL_PUSH, P.VERTICAL_PUSH)), H_PULL, HINGE, CORE,
)  # fmt: skip
_CIRCUIT_SLOTS_B = (
    LUNGE, _Slot("push", (P.VERTICAL_PUSH, P.HORIZONTAL_PUSH)), V_PULL, GLUTES, CARRY,
)  # fmt: skip
_STEADY_WORDS = ("run", "jog", "row", "bicycl", "bike", "elliptical", "swim", "walk", "stair",
                 "step mill", "skating", "recumbent")  # fmt: skip


def _steady_capable(m: MovementInfo) -> bool:
    """Cardio one can keep up for many minutes (not sprints or skipping tricks)."""
    name = m.name.lower()
    return "sprint" not in name and any(word in name for word in _STEADY_WORDS)


def _activity_word(m: MovementInfo) -> str:
    name = m.name.lower()
    for words, word in (
        (("run", "jog"), "Run"), (("row",), "Row"), (("bicycl", "bike"), "Ride"),
        (("swim",), "Swim"), (("walk",), "Walk"), (("elliptical",), "Elliptical"),
        (("stair", "step mill"), "Stair Climb"),
    ):  # fmt: skip
        if any(w in name for w in words):
            return word
    return "Cardio"


@dataclass(frozen=True)
class _EnduranceKind:
    """One kind of endurance session: how it starts and how it grows week by week."""

    title: str

    def plan(
        self, minutes: int
    ) -> tuple[Prescription, Callable[[Prescription, int, bool], Prescription], str]:
        available = max(15, min(60, minutes - 15))  # drills and stretches take a quarter hour
        if self.title == "Intervals":
            base = Prescription(4, 180, 8.0, 120)
            return base, _interval_progress, "Zone 4: hard but steady (RPE 8); easy 2 min between"
        if self.title == "Tempo":
            block = max(8, (available - 5) // 2)
            base = Prescription(2, block * 60, 6.5, 180)
            return base, _tempo_progress, "Zone 3: comfortably hard (RPE 6-7); easy 3 min between"
        base = Prescription(1, available * 60, 4.5, 0)
        return base, _steady_progress, "Zone 2: easy, conversational pace (RPE 4-5)"


_ENDURANCE_KINDS = (_EnduranceKind("Zone 2"), _EnduranceKind("Intervals"), _EnduranceKind("Tempo"))
MAX_STEADY_SECONDS = 66 * 60  # a 60-minute steady session grown by at most 10 %


def _steady_progress(base: Prescription, week: int, deload: bool) -> Prescription:
    # About 10 % longer each week (the classic safe rate), shorter and easier on a deload.
    if deload:
        return replace(base, reps=_minute(base.reps * 0.6), rpe=4.0)
    return replace(base, reps=min(MAX_STEADY_SECONDS, _minute(base.reps * (1 + 0.1 * week))))


def _interval_progress(base: Prescription, week: int, deload: bool) -> Prescription:
    if deload:
        return replace(base, sets=max(2, base.sets - 2), rpe=7.0)
    return replace(base, sets=min(7, base.sets + week))


def _tempo_progress(base: Prescription, week: int, deload: bool) -> Prescription:
    if deload:
        return replace(base, reps=_minute(base.reps * 0.6), rpe=5.5)
    return replace(base, reps=base.reps + 120 * week)


def _hold_progress(base: Prescription, week: int, deload: bool) -> Prescription:
    # Longer holds week by week: end-range tolerance grows with time under stretch.
    if deload:
        return replace(base, reps=30)
    return replace(base, reps=min(90, base.reps + 15 * week))


def _circuit_progress(base: Prescription, week: int, deload: bool) -> Prescription:
    # Density rises: one more round from the third week of a block.
    if deload:
        return replace(base, sets=2, rpe=6.0)
    return replace(base, sets=base.sets + (1 if week >= 2 else 0))


def _minute(seconds: float) -> int:
    return max(60, round(seconds / 60) * 60)


# --------------------------------------------------------------------------- catalog index

# Well-known staples get a head start so plans read like a coach wrote them; this only
# ranks movements, it never decides what is allowed.
STAPLES: frozenset[str] = frozenset(
    name.strip()
    for name in """
barbell squat; barbell full squat; front barbell squat; goblet squat; dumbbell squat;
leg press; hack squat; barbell deadlift; romanian deadlift; sumo deadlift;
trap bar deadlift; stiff-legged dumbbell deadlift; barbell hip thrust; dumbbell lunges;
barbell lunge; split squat with dumbbells; dumbbell step ups; barbell walking lunge;
barbell bench press - medium grip; dumbbell bench press; incline dumbbell press; pushups;
dips - chest version; barbell incline bench press - medium grip; standing military press;
barbell shoulder press; dumbbell shoulder press; seated dumbbell press;
bent over barbell row; one-arm dumbbell row; seated cable rows; t-bar row with handle;
inverted row; bent over two-dumbbell row; pullups; chin-up; wide-grip lat pulldown;
close-grip front lat pulldown; one-arm kettlebell swings; good morning;
side lateral raise; seated side lateral raise; dumbbell bicep curl; barbell curl;
hammer curls; ez-bar curl; triceps pushdown; triceps pushdown - rope attachment;
lying triceps press; ez-bar skullcrusher; standing dumbbell triceps extension;
close-grip barbell bench press; leg extensions; lying leg curls; seated leg curl;
standing calf raises; seated calf raise; face pull; reverse flyes; cable crossover;
dumbbell flyes; butterfly; plank; cable crunch; hanging leg raise; barbell glute bridge;
butt lift (bridge); single leg glute bridge; glute ham raise;
hyperextensions (back extensions); farmer's walk; straight-arm pulldown; dumbbell shrug;
barbell shrug; rowing, stationary; bicycling, stationary; rope jumping;
box jump (multiple response); mountain climbers; power clean; hang clean; clean;
""".replace("\n", " ").split(";")
    if name.strip()
)
# Name hints for drills that move through a range (good warm-ups) rather than static holds.
DYNAMIC_HINTS: tuple[str, ...] = (
    "circle",
    "swing",
    "inchworm",
    "greatest",
    "leg raise",
    "groiner",
    "cat stretch",
    "windmill",
    "dynamic",
    "rotation",
    "elbows back",
    "shoulder raise",
    "crossover reverse lunge",
)
_EQUIPMENT_MAIN = {
    Equipment.BARBELL: 2.0, Equipment.DUMBBELL: 1.5, Equipment.KETTLEBELLS: 1.0,
    Equipment.MACHINE: 1.0, Equipment.CABLE: 1.0, Equipment.BODY_ONLY: 1.0,
    Equipment.NONE: 0.5, Equipment.EZ_CURL_BAR: 0.5,
}  # fmt: skip
_EQUIPMENT_ACCESSORY = {
    Equipment.DUMBBELL: 1.5, Equipment.CABLE: 1.5, Equipment.MACHINE: 1.0,
    Equipment.BARBELL: 1.0, Equipment.EZ_CURL_BAR: 1.0, Equipment.BODY_ONLY: 1.0,
    Equipment.KETTLEBELLS: 0.5, Equipment.BANDS: 0.5, Equipment.NONE: 0.5,
}  # fmt: skip
_KIND_SCORE = {
    "strength": 1.0,
    "powerlifting": 0.5,
    "strongman": -3.0,
    "olympic weightlifting": -3.0,
}
# Bodyweight squats, bridges, lunges and push-ups make easy primers; bodyweight pulls
# (pull-ups) and presses (handstands) are hard work, so those patterns get bands only.
_BODYWEIGHT_PRIMER_PATTERNS = frozenset({P.SQUAT, P.HINGE, P.LUNGE, P.HORIZONTAL_PUSH})
_PRIMER_EQUIPMENT = frozenset({Equipment.BODY_ONLY, Equipment.NONE, Equipment.BANDS})


def _primer_ok(m: MovementInfo, pattern: MovementPattern) -> bool:
    """Whether `m` is an easy, unloaded version of `pattern` fit for a warm-up."""
    if m.level is not Level.BEGINNER or m.pattern is not pattern:
        return False
    if pattern in _BODYWEIGHT_PRIMER_PATTERNS:
        return m.equipment in _PRIMER_EQUIPMENT
    return m.equipment is Equipment.BANDS


def _is_dynamic(m: MovementInfo) -> bool:
    name = m.name.lower()
    return any(hint in name for hint in DYNAMIC_HINTS)


class _Index:
    """The usable part of the catalog, bucketed once so each pick is a short list scan."""

    def __init__(self, catalog: Sequence[MovementInfo], constraints: Constraints) -> None:
        self.constraints = constraints
        usable = sorted((m for m in catalog if is_usable(m, constraints)), key=lambda m: m.id)
        self.usable = usable
        self.by_id = {m.id: m for m in usable}
        self.avoided = frozenset(m.id for m in usable if is_avoided(m, constraints))
        self.enjoyed = frozenset(m.id for m in usable if is_enjoyed(m, constraints))
        self.by_pattern: dict[MovementPattern, list[MovementInfo]] = {}
        self.by_muscle: dict[MuscleGroup, list[MovementInfo]] = {}
        for m in usable:
            if not is_lifting(m):
                continue
            self.by_pattern.setdefault(m.pattern, []).append(m)
            for group in m.primary:
                self.by_muscle.setdefault(group, []).append(m)
        self._slot_cache: dict[tuple[_Slot, ExerciseRole], tuple[MovementInfo, ...]] = {}
        self._dup_keys: dict[int, frozenset[tuple[object, ...]]] = {}
        self._skill: tuple[MovementInfo, ...] | None = None
        self._stretch_tiers: dict[frozenset[MuscleGroup] | None, list[list[MovementInfo]]] = {}
        self._warmup_tiers: dict[frozenset[MuscleGroup], list[list[MovementInfo]]] = {}
        self._primers: dict[MovementPattern, list[MovementInfo]] = {}
        self._quality: dict[tuple[int, ExerciseRole], float] = {}
        self.stretches = [m for m in usable if m.is_stretch]
        self.dynamic = frozenset(m.id for m in self.stretches if _is_dynamic(m))
        self.conditioning = self.ranked([m for m in usable if is_conditioning(m)], R.FINISHER)
        self.plyometrics = self.ranked([m for m in usable if is_plyometric(m)], R.FINISHER)

    def duplicate_keys(self, m: MovementInfo) -> frozenset[tuple[object, ...]]:
        """Keys two near-duplicates share (see near_duplicate); empty for non-lifting work."""
        found = self._dup_keys.get(m.id)
        if found is None:
            found = self._dup_keys[m.id] = _duplicate_keys(m)
        return found

    def quality(self, m: MovementInfo, role: ExerciseRole) -> float:
        """How good a default choice the movement is for a role (higher is better)."""
        key = (m.id, role)
        found = self._quality.get(key)
        if found is None:
            found = self._quality[key] = self._score(m, role)
        return found

    def _score(self, m: MovementInfo, role: ExerciseRole) -> float:
        table = _EQUIPMENT_MAIN if role is R.MAIN else _EQUIPMENT_ACCESSORY
        score = table.get(m.equipment, 0.0) + _KIND_SCORE.get(m.kind, 0.0)
        if role is R.MAIN and m.is_compound:
            score += 4.0  # compound lifts carry the load progression of a program
        if m.name.lower() in STAPLES:
            score += 3.0
        if m.id in self.enjoyed:
            score += 1.5  # a small nudge: enjoyment helps adherence, but not at any cost
        score += self._level_score(m)
        # Shorter names are usually the plain version of a lift, not an odd variation.
        return score - 0.1 * len(m.name.split())

    def _level_score(self, m: MovementInfo) -> float:
        experience = self.constraints.experience
        if experience is ExperienceLevel.BEGINNER:
            return 1.0 if m.level is Level.BEGINNER else 0.0
        if experience is ExperienceLevel.INTERMEDIATE and m.level is Level.EXPERT:
            return -2.0
        return 0.0

    def ranked(self, movements: list[MovementInfo], role: ExerciseRole) -> list[MovementInfo]:
        """Movements best first for a role; avoided ones last."""
        return sorted(
            movements, key=lambda m: (m.id in self.avoided, -self.quality(m, role), m.name, m.id)
        )

    def candidates(self, slot: _Slot, role: ExerciseRole) -> tuple[MovementInfo, ...]:
        """Movements for a slot, best first; avoided ones always last."""
        key = (slot, role)
        cached = self._slot_cache.get(key)
        if cached is not None:
            return cached
        rank: dict[int, tuple[int, MovementInfo]] = {}
        for position, pattern in enumerate(slot.patterns):
            for m in self.by_pattern.get(pattern, ()):
                if m.id not in rank and (slot.muscle is None or slot.muscle in m.primary):
                    rank[m.id] = (position, m)
        if slot.muscle is not None:
            # Whatever the library calls its pattern, a movement that primarily trains the
            # muscle can stand in when no pattern match is left.
            for m in self.by_muscle.get(slot.muscle, ()):
                rank.setdefault(m.id, (len(slot.patterns), m))
        ordered = sorted(
            rank.values(),
            key=lambda item: (
                item[1].id in self.avoided,
                item[0],
                slot.prefer is not None and slot.prefer not in item[1].primary,
                -self.quality(item[1], role),
                item[1].name,
                item[1].id,
            ),
        )
        result = tuple(m for _, m in ordered)
        self._slot_cache[key] = result
        return result

    def primers(self, pattern: MovementPattern) -> list[MovementInfo]:
        """Light movements of a pattern to groove it before the main lift, best first."""
        found = self._primers.get(pattern)
        if found is None:
            fitting = [m for m in self.by_pattern.get(pattern, ()) if _primer_ok(m, pattern)]
            found = self._primers[pattern] = self.ranked(fitting, R.WARMUP)
        return found

    def warmup_tiers(self, muscles: frozenset[MuscleGroup]) -> list[list[MovementInfo]]:
        """Drills for these muscles first; dynamic before static within each tier.

        Long static holds right before lifting blunt force output. Kept per muscle set.
        """
        found = self._warmup_tiers.get(muscles)
        if found is None:
            found = self._warmup_tiers[muscles] = _tiers(
                self.stretches, lambda m: (not m.primary & muscles, m.id not in self.dynamic)
            )
        return found

    def stretch_tiers(self, groups: frozenset[MuscleGroup] | None) -> list[list[MovementInfo]]:
        """Static holds, then dynamic drills, that stretch any of `groups` (None: any).

        Kept per set of groups: every session's cool-down asks again. Callers only read them.
        """
        found = self._stretch_tiers.get(groups)
        if found is None:
            chosen = [m for m in self.stretches if groups is None or m.primary & groups]
            found = self._stretch_tiers[groups] = [
                [m for m in chosen if m.id not in self.dynamic],
                [m for m in chosen if m.id in self.dynamic],
            ]
        return found

    def skill_pool(self) -> tuple[MovementInfo, ...]:
        """Technique work: enjoyed movements, Olympic lifts, then jumps and throws."""
        if self._skill is None:
            olympic = [
                m
                for m in self.usable
                if m.pattern is P.OLYMPIC or m.kind == "olympic weightlifting"
            ]
            pool = [m for m in self.usable if m.id in self.enjoyed and not m.is_stretch]
            pool += self.ranked(olympic, R.SKILL) + self.plyometrics
            unique: dict[int, MovementInfo] = {}
            for m in pool:
                unique.setdefault(m.id, m)
            self._skill = tuple(unique.values())
        return self._skill


_LEG_COMPOUNDS = frozenset({P.SQUAT, P.HINGE, P.LUNGE})


def near_duplicate(a: MovementInfo, b: MovementInfo) -> bool:
    """Two variations of one exercise (two curls, two squats) that one session needs not both.

    Squats, hinges and lunges are one family each whatever their muscles; other lifts are
    duplicates when they share a pattern and a primary muscle. Stretches, cardio and
    jumps never are (a flow holds many stretches).
    """
    if a.id == b.id:
        return True
    if not (is_lifting(a) and is_lifting(b)) or a.pattern is not b.pattern:
        return False
    return a.pattern in _LEG_COMPOUNDS or bool(a.primary & b.primary)


def _duplicate_keys(m: MovementInfo) -> frozenset[tuple[object, ...]]:
    """near_duplicate as set keys: two movements are near-duplicates when their keys meet."""
    if not is_lifting(m):
        return frozenset({("id", m.id)})
    if m.pattern in _LEG_COMPOUNDS:
        return frozenset({("pattern", m.pattern), ("id", m.id)})
    return frozenset({("muscle", m.pattern, g) for g in m.primary} | {("id", m.id)})


def _pick(
    candidates: Iterable[MovementInfo],
    avoided: frozenset[int],
    week: Counter[int],
    session: set[int],
    allow_avoided: bool = True,
) -> MovementInfo | None:
    """First candidate unused this week, else the least used one not in this session.

    Avoided movements are considered only when no other candidate is left (and not at
    all with allow_avoided=False).
    """
    pool = []
    for m in candidates:
        if m.id in session:
            continue
        if m.id not in avoided and week[m.id] == 0:
            return m  # the usual answer, found without scanning the whole pool
        pool.append(m)
    for with_avoided in (False, True) if allow_avoided else (False,):
        options = [m for m in pool if with_avoided or m.id not in avoided]
        fresh = [m for m in options if week[m.id] == 0]
        if fresh:
            return fresh[0]
        if options:
            return min(options, key=lambda m: week[m.id])
    return None


# --------------------------------------------------------------------------- planning context


@dataclass
class _Work:
    """An exercise chosen for a session, with its week-one prescription."""

    movement: MovementInfo
    role: ExerciseRole
    base: Prescription
    notes: str = ""
    # Timed work (runs, rows, mobility holds) progresses by its own rule, not prescribe().
    progress: Callable[[Prescription, int, bool], Prescription] | None = None
    circuit: bool = False  # done in rounds with the session's other circuit exercises


@dataclass
class _Skeleton:
    """A session's exercise choice, shared by every microcycle of one mesocycle."""

    day: _Day
    works: list[_Work]
    name: str = ""  # what the session is ("Zone 2 Run"); lifting days are named from `day`


@dataclass
class _Line:
    """One exercise of one concrete session, while the week is being balanced."""

    work: _Work
    sets: int
    reps: int
    rpe: float
    rest: int
    reps_max: int | None
    superset: int | None = None


_last_index: list[tuple[Sequence[MovementInfo], str, _Index]] = []


def _index_for(catalog: Sequence[MovementInfo], constraints: Constraints) -> _Index:
    """The index of this catalog and these constraints, reused from the last request.

    The program builder previews a plan at every change and then creates it with the same
    library and rules; rebuilding the index (and re-ranking every slot) each time was a
    fifth of a 12-week plan. Only an immutable catalog (a tuple) is reused, by identity;
    constraints match by repr, which tells an enum member from its equal string value.
    """
    key = repr(constraints)
    if _last_index:
        last_catalog, last_key, index = _last_index[0]
        if last_catalog is catalog and last_key == key:
            return index
    index = _Index(catalog, constraints)
    if isinstance(catalog, tuple):
        _last_index[:] = [(catalog, key, index)]
    return index


class _Planner:
    """Holds what is derived once per request: weights, index, skeletons, caches."""

    def __init__(
        self, req: ProgramPlanRequest, catalog: Sequence[MovementInfo], constraints: Constraints
    ) -> None:
        _validate(req)
        self.req = req
        self.weights: dict[Goal, int] = {}
        for goal, weight in req.goals:
            self.weights[Goal(goal)] = self.weights.get(Goal(goal), 0) + weight
        self.index = _index_for(catalog, constraints)
        require(
            bool(self.index.usable),
            "constraints",
            "No movement in the library fits your equipment, experience and rules",
        )
        self.layouts = layout_microcycles(
            req.duration_weeks, req.microcycle_length_days, req.deload_every_n
        )
        self.mix = session_mix(self.weights, len(set(req.training_weekdays)))
        self.rotation = _rotation(req.split, max(1, self.mix.count(LIFT)))
        self.bases = {role: base_prescription(role, self.weights) for role in ExerciseRole}
        self.warnings: dict[str, None] = {}  # ordered set
        self.skeletons: dict[tuple[int, int], _Skeleton] = {}
        self.positions = max((len(self.sessions_in(layout)) for layout in self.layouts), default=1)
        self.week_use: Counter[int] = Counter()
        self._prescriptions: dict[tuple[ExerciseRole, Prescription, int, bool], Prescription] = {}
        self._balance_cache: dict[tuple[object, ...], _Balance] = {}
        self._minutes_cache: dict[tuple[tuple[ExerciseRole, int, int, int], ...], int] = {}
        groups = [
            *MAJOR_GROUPS,
            *(g for g in MuscleGroup if g in req.mev_mrv and g not in MAJOR_GROUPS),
        ]
        self.landmarks: dict[MuscleGroup, tuple[int, int]] = {
            group: (int(low), int(high))
            for group in groups
            for low, high in [req.mev_mrv.get(group, DEFAULT_MEV_MRV.get(group, (0, 99)))]
        }

    # -- weights

    def weight(self, *goals: Goal) -> int:
        return sum(self.weights.get(goal, 0) for goal in goals)

    @property
    def lifting_goal(self) -> bool:
        return self.weight(Goal.STRENGTH, Goal.HYPERTROPHY) > 0

    @property
    def enforce_volume(self) -> bool:
        return self.weight(Goal.HYPERTROPHY) >= HYPERTROPHY_VOLUME_WEIGHT

    def warn(self, text: str) -> None:
        self.warnings.setdefault(text, None)

    # -- skeletons

    def mesocycle(self, layout: MicrocycleLayout) -> int:
        """Which mesocycle (block ending in a deload) a microcycle belongs to, from 0."""
        return (layout.sequence_number - 1) // max(1, self.req.deload_every_n)

    def skeleton(self, meso: int, position: int) -> _Skeleton:
        """The session at `position` of the week in mesocycle `meso`, built once and reused.

        Built in a fixed order (every position of every earlier mesocycle first) so one
        microcycle planned alone equals the same microcycle of a whole program.
        """
        for m in range(meso + 1):
            for p in range(max(self.positions, position + 1)):
                if (m, p) not in self.skeletons:
                    self.skeletons[(m, p)] = self._build_kind(m, p)
        return self.skeletons[(meso, position)]

    def _build_kind(self, meso: int, position: int) -> _Skeleton:
        kind = self.mix[position % len(self.mix)]
        nth = sum(1 for p in range(position) if self.mix[p % len(self.mix)] == kind)
        if kind == ENDURANCE_DAY:
            return self._endurance_skeleton(nth)
        if kind == MOBILITY_DAY:
            return self._mobility_skeleton()
        if kind == CIRCUIT_DAY:
            return self._circuit_skeleton(nth)
        day = self.rotation[nth % len(self.rotation)]
        first = self.skeletons.get((0, position)) if meso > 0 else None
        return self._build_skeleton(day, position, first)

    def _choose(self, slot: _Slot, role: ExerciseRole, session: set[int]) -> MovementInfo | None:
        pool = self.index.candidates(slot, role)
        # No near-duplicates in one session (two curls, two squats): another pattern first.
        taken: set[tuple[object, ...]] = set()
        for other in session:
            if other in self.index.by_id:
                taken |= self.index.duplicate_keys(self.index.by_id[other])
        keys = self.index.duplicate_keys
        distinct = (m for m in pool if taken.isdisjoint(keys(m))) if taken else pool
        found = _pick(distinct, self.index.avoided, self.week_use, session)
        if found is None and not pool:
            self.warn(f"No allowed movement fits the {slot.label} slot, so it was left out.")
        return found

    def _add(self, works: list[_Work], session: set[int], work: _Work) -> None:
        works.append(work)
        session.add(work.movement.id)
        self.week_use[work.movement.id] += 1

    def _build_skeleton(
        self, day: _Day, position: int, first: _Skeleton | None = None
    ) -> _Skeleton:
        """A lifting session; a later mesocycle keeps the first one's main lifts."""
        session: set[int] = set()
        mains: list[_Work] = []
        if first is not None:
            for work in first.works:
                if work.role is R.MAIN:
                    self._add(mains, session, replace(work))
        else:
            for slot in day.mains[: 1 if self.req.session_minutes < 40 else 2]:
                m = self._choose(slot, R.MAIN, session)
                if m is not None:
                    self._add(mains, session, _Work(m, R.MAIN, self.bases[R.MAIN]))
        skill = self._skill_work(session)
        finisher = self._finisher(day, position, session)
        extra = len(mains) >= 2 or self.weight(Goal.MOBILITY) >= WARMUP_MOBILITY_WEIGHT
        warmup_count = 3 if extra else 2
        cooldown = self._cooldown_base()
        cooldown_count = 2 + (2 if self.weight(Goal.MOBILITY) >= MOBILITY_WEIGHT else 0)
        planned = [(R.WARMUP, self.bases[R.WARMUP])] * warmup_count
        planned += [(R.COOLDOWN, cooldown)] * cooldown_count
        accessories = self._accessories(day, session, skill + mains + finisher, planned)
        # Cool-down first: it needs the stretches for the worked muscles; the warm-up
        # can make do with drills.
        cooldowns = self._cooldowns(mains + accessories, session, cooldown_count, cooldown)
        warmups = self._warmups(mains, session, warmup_count)
        works = warmups + skill + mains + accessories + finisher + cooldowns
        self._fit_time(works)
        return _Skeleton(day, works)

    # -- sessions of the other goals: endurance, mobility, circuits

    def _endurance_skeleton(self, nth: int) -> _Skeleton:
        """A run, row, ride or swim (zone 2, intervals or tempo in turn), drills and stretches."""
        session: set[int] = set()
        pool = [m for m in self.index.conditioning if _steady_capable(m)] or list(
            self.index.conditioning
        )
        m = _pick(pool, self.index.avoided, self.week_use, session)
        works: list[_Work] = []
        if m is None:
            self.warn("No allowed run, row, ride or swim, so endurance sessions were left out.")
            return _Skeleton(ENDURANCE_SESSION, works, "Endurance")
        kind = _ENDURANCE_KINDS[nth % len(_ENDURANCE_KINDS)]
        base, progress, note = kind.plan(self.req.session_minutes)
        self._add(works, session, _Work(m, R.MAIN, base, note, progress))
        cooldown = self._cooldowns(works, session, 2, self.bases[R.COOLDOWN])
        warmups = self._warmups([], session, 2)
        name = f"{kind.title} {_activity_word(m)}"
        return _Skeleton(ENDURANCE_SESSION, warmups + works + cooldown, name)

    def _mobility_skeleton(self) -> _Skeleton:
        """A mobility flow: dynamic drills, then end-range holds around the whole body."""
        session: set[int] = set()
        holds: list[_Work] = []
        base = Prescription(2, 45, 4.0, 15)
        note = "Hold at the end of your range; breathe slowly and ease deeper on each exhale"
        for group in _MOBILITY_REGIONS:
            if len(holds) >= MOBILITY_HOLDS:
                break
            m = self._pick_tiered(self._stretch_tiers(frozenset({group})), session)
            if m is not None:
                self._add(holds, session, _Work(m, R.MAIN, base, note, _hold_progress))
        warmups = self._warmups([], session, 3)
        if not holds:
            self.warn("No allowed stretch or mobility drill, so mobility sessions are empty.")
        return _Skeleton(MOBILITY_SESSION, warmups + holds, "Mobility Flow")

    def _circuit_skeleton(self, nth: int) -> _Skeleton:
        """Full-body resistance circuit plus a cardio station, done in rounds: density work."""
        session: set[int] = set()
        works: list[_Work] = []
        lift = Prescription(3, 12, 7.0, 15)
        note = "Circuit: go straight to the next station; rest 90 s after each round"
        slots = _CIRCUIT_SLOTS if nth % 2 == 0 else _CIRCUIT_SLOTS_B
        for slot in slots:
            m = self._choose(slot, R.ACCESSORY, session)
            if m is not None:
                work = _Work(m, R.ACCESSORY, lift, note, _circuit_progress, circuit=True)
                self._add(works, session, work)
        station = _pick(
            list(self.index.conditioning) + list(self.index.plyometrics),
            self.index.avoided,
            self.week_use,
            session,
        )
        if station is not None:
            timed = is_conditioning(station)
            base = Prescription(3, 40, 7.5, 15) if timed else Prescription(3, 10, 7.5, 15)
            work = _Work(station, R.ACCESSORY, base, note, _circuit_progress, circuit=True)
            self._add(works, session, work)
        cooldown = self._cooldowns(works, session, 2, self.bases[R.COOLDOWN])
        warmups = self._warmups(works[:1], session, 2)
        return _Skeleton(CIRCUIT_SESSION, warmups + works + cooldown, "Metabolic Circuit")

    def _skill_work(self, session: set[int]) -> list[_Work]:
        if self.weight(Goal.SKILL) < SKILL_WEIGHT:
            return []
        m = _pick(self.index.skill_pool(), self.index.avoided, self.week_use, session)
        if m is None:
            return []
        work = _Work(
            m, R.SKILL, self.bases[R.SKILL], notes="Technique practice: crisp reps, light load"
        )
        out: list[_Work] = []
        self._add(out, session, work)
        return out

    def _finisher(self, day: _Day, position: int, session: set[int]) -> list[_Work]:
        conditioning_day = day.style == "conditioning"
        if not conditioning_day and self.weight(Goal.FAT_LOSS, Goal.ENDURANCE) < FINISHER_WEIGHT:
            return []
        pools = [self.index.conditioning, self.index.plyometrics]
        if position % 2:  # alternate steady conditioning with jumps and throws
            pools.reverse()
        m = _pick(pools[0] + pools[1], self.index.avoided, self.week_use, session)
        if m is None:
            self.warn("No allowed conditioning or plyometric movement, so finishers were left out.")
            return []
        base = self._cap_conditioning(_finisher_base(m, rounds=6 if conditioning_day else 4))
        if base is None:
            return []
        out: list[_Work] = []
        self._add(out, session, _Work(m, R.FINISHER, base, notes=_finisher_note(m, base)))
        return out

    def _cap_conditioning(self, base: Prescription) -> Prescription | None:
        """Respect a soft-interference cap on conditioning minutes (fewer rounds, or none)."""
        cap = self.req.adjustments.get("conditioning_minutes_cap")
        if cap is None:
            return base
        per_round = te.set_seconds(base.reps) + base.rest_seconds
        rounds = min(base.sets, int(cap * 60 // per_round))
        return replace(base, sets=rounds) if rounds >= 1 else None

    def _warmups(self, mains: list[_Work], session: set[int], count: int) -> list[_Work]:
        """A light primer of the first main pattern plus dynamic drills for the muscles used."""
        out: list[_Work] = []
        base = self.bases[R.WARMUP]
        if mains:
            first = mains[0].movement
            primers = self.index.primers(first.pattern)
            primer = _pick(primers, self.index.avoided, self.week_use, session)
            if primer is not None:
                note = f"Easy reps to groove the {label(first.pattern)} pattern"
                self._add(out, session, _Work(primer, R.WARMUP, replace(base, sets=2), notes=note))
        muscles: set[MuscleGroup] = set()
        for w in mains:
            muscles |= w.movement.primary | w.movement.secondary
        tiers = self.index.warmup_tiers(frozenset(muscles))
        while len(out) < count:
            drill = self._pick_tiered(tiers, session)
            if drill is None:
                break
            note = "Move through the range, no strain"
            self._add(out, session, _Work(drill, R.WARMUP, base, notes=note))
        return out

    def _pick_tiered(
        self, tiers: list[list[MovementInfo]], session: set[int]
    ) -> MovementInfo | None:
        """Best tier first; inside a tier, a movement not yet used this week if possible.

        Avoided movements come only after every tier has been tried without them.
        """
        for allow_avoided in (False, True):
            for tier in tiers:
                found = _pick(tier, self.index.avoided, self.week_use, session, allow_avoided)
                if found is not None:
                    return found
        return None

    def _accessories(
        self,
        day: _Day,
        session: set[int],
        fixed: list[_Work],
        planned: Sequence[tuple[ExerciseRole, Prescription]],
    ) -> list[_Work]:
        """Fill accessory slots in priority order while the session fits its time budget."""
        out: list[_Work] = []
        base = self.bases[R.ACCESSORY]
        for slot in day.accessories:
            if len(out) >= MAX_ACCESSORIES:
                break
            m = self._choose(slot, R.ACCESSORY, session)
            if m is None:
                continue
            trial = [*fixed, *out, _Work(m, R.ACCESSORY, base)]
            too_long = _minutes(trial, planned) > self.req.session_minutes
            if len(out) >= MIN_ACCESSORIES and too_long:
                break
            self._add(out, session, _Work(m, R.ACCESSORY, base))
        return out

    def _cooldown_base(self) -> Prescription:
        base = self.bases[R.COOLDOWN]
        if self.weight(Goal.MOBILITY) >= MOBILITY_WEIGHT:
            return replace(base, sets=2)  # mobility goals: longer, repeated holds
        return base

    def _cooldowns(
        self, worked: list[_Work], session: set[int], count: int, base: Prescription
    ) -> list[_Work]:
        """Static stretches for the muscles the session worked hardest."""
        load: Counter[MuscleGroup] = Counter()
        for w in worked:
            for group in w.movement.primary:
                load[group] += w.base.sets
        # One stretch per worked group, most-loaded group first; static holds preferred.
        groups = sorted(load, key=lambda g: (-load[g], MAJOR_GROUPS_ORDER.get(g, 99), g.value))
        note = "Hold about 30 s, breathe slowly"
        out: list[_Work] = []
        for group in groups[:count]:
            m = self._pick_tiered(self._stretch_tiers(frozenset({group})), session)
            if m is not None:
                self._add(out, session, _Work(m, R.COOLDOWN, base, notes=note))
        fallback = [*self._stretch_tiers(frozenset(load)), *self._stretch_tiers(None)]
        while len(out) < count:
            m = self._pick_tiered(fallback, session)
            if m is None:
                break
            self._add(out, session, _Work(m, R.COOLDOWN, base, notes=note))
        return out

    def _stretch_tiers(self, groups: frozenset[MuscleGroup] | None) -> list[list[MovementInfo]]:
        """Static holds, then dynamic drills, that stretch any of `groups` (None: any)."""
        return self.index.stretch_tiers(groups)

    def _fit_time(self, works: list[_Work]) -> None:
        """Demote a second main lift to accessory work when even supersets cannot fit it."""
        mains = [w for w in works if w.role is R.MAIN]
        paired = [(w.role, w.base, w.role is R.ACCESSORY) for w in works]
        too_long = _estimate(paired) > self.req.session_minutes * OVERTIME_TOLERANCE
        if too_long and len(mains) >= 2:
            # Accessory rest is shorter, so the second lift still gets done in less time.
            mains[-1].role = R.ACCESSORY
            mains[-1].base = self.bases[R.ACCESSORY]

    # -- microcycles

    def sessions_in(self, layout: MicrocycleLayout) -> list[int]:
        """Day offsets of the training days inside a microcycle."""
        first_weekday = (self.req.start_weekday + layout.start_offset_days) % 7
        weekdays = set(self.req.training_weekdays)
        return [d for d in range(layout.length_days) if (first_weekday + d) % 7 in weekdays]

    def prescription(
        self, role: ExerciseRole, base: Prescription, layout: MicrocycleLayout
    ) -> Prescription:
        """This microcycle's prescription (cached: a week has only a few distinct bases)."""
        key = (role, base, layout.sequence_number, layout.is_deload)
        found = self._prescriptions.get(key)
        if found is None:
            found = prescribe(
                self.req.progression,
                role,
                self.weights,
                base,
                layout.sequence_number - 1,
                layout.is_deload,
                deload_every_n=self.req.deload_every_n,
                total_microcycles=len(self.layouts),
            )
            if role in HARD_ROLES and not layout.is_deload and self.lifting_goal:
                # Hard sets are hard: RPE 7 (three reps in reserve) or more outside a deload;
                # an interference adjustment may still take a little off below.
                found = replace(found, rpe=max(found.rpe, HARD_SET_RPE))
            found = self._adjust(found, role)
            self._prescriptions[key] = found
        return found

    def _adjust(self, p: Prescription, role: ExerciseRole) -> Prescription:
        """Soft-interference adjustments: scale hard-set volume, shift RPE."""
        if role not in HARD_ROLES:
            return p
        factor = self.req.adjustments.get("volume_factor", 1.0)
        delta = self.req.adjustments.get("rpe_delta", 0.0)
        return replace(
            p,
            sets=max(1, round(p.sets * factor)),
            rpe=min(10.0, max(5.0, math.floor((p.rpe + delta) * 2 + 0.5) / 2)),
        )

    def microcycle(self, layout: MicrocycleLayout) -> MicrocyclePlan:
        offsets = self.sessions_in(layout)
        meso = self.mesocycle(layout)
        skeletons = [self.skeleton(meso, i) for i in range(len(offsets))]
        week = [[self._line(work, layout) for work in skeleton.works] for skeleton in skeletons]
        self._balance(week, skeletons, layout)
        for lines in week:
            if any(line.work.circuit for line in lines):
                for line in lines:
                    line.superset = 1 if line.work.circuit else None
            else:
                self._superset_if_long(lines)
        names = _session_names([self._session_name(s) for s in skeletons])
        sessions = tuple(
            SessionPlan(
                day_offset=offset,
                session_type=self._session_type(skeleton.day),
                name=name,
                exercises=_to_planned(lines, layout.is_deload),
            )
            for offset, skeleton, name, lines in zip(offsets, skeletons, names, week, strict=True)
        )
        return MicrocyclePlan(
            layout.sequence_number,
            layout.start_offset_days,
            layout.length_days,
            layout.is_deload,
            sessions,
        )

    def _superset_if_long(self, lines: list[_Line]) -> None:
        """Pair accessories into supersets when a session runs over its time budget.

        Resting while the partner exercise is done halves accessory rest, the cheapest
        way to save time without cutting volume.
        """
        # RPE does not change the clock, so weeks differing only in RPE share a cache entry.
        key = tuple((ln.work.role, ln.sets, ln.reps, ln.rest) for ln in lines)
        minutes = self._minutes_cache.get(key)
        if minutes is None:
            items = [
                (role, Prescription(sets, reps, 0, rest), False) for role, sets, reps, rest in key
            ]
            minutes = self._minutes_cache[key] = _estimate(items)
        if minutes <= self.req.session_minutes:
            return
        accessories = [ln for ln in lines if ln.work.role is R.ACCESSORY]
        for pair, start in enumerate(range(0, len(accessories) - 1, 2), start=1):
            accessories[start].superset = pair
            accessories[start + 1].superset = pair

    def _line(self, work: _Work, layout: MicrocycleLayout) -> _Line:
        if work.progress is not None:
            week = weeks_since_deload(layout.sequence_number - 1, self.req.deload_every_n)
            p = work.progress(work.base, week, layout.is_deload)
        else:
            p = self.prescription(work.role, work.base, layout)
        return _Line(work, p.sets, p.reps, p.rpe, p.rest_seconds, p.reps_max)

    def _session_name(self, skeleton: _Skeleton) -> str:
        """What the session is: "Full Body Hypertrophy", "Lower Strength", "Zone 2 Run"."""
        if skeleton.name:
            return skeleton.name
        day = skeleton.day
        if day.style == "conditioning":
            return day.name
        strength = self.weight(Goal.STRENGTH)
        hypertrophy = self.weight(Goal.HYPERTROPHY)
        if strength == 0 and hypertrophy == 0:
            word = "Skill" if self.weight(Goal.SKILL) else "Strength"
        else:
            word = "Strength" if strength >= hypertrophy else "Hypertrophy"
        return f"{day.name} {word}"

    def _session_type(self, day: _Day) -> SessionType:
        if day.style == "endurance":
            return SessionType.ENDURANCE
        if day.style == "mobility":
            return SessionType.MOBILITY
        if day.style in ("conditioning", "circuit"):
            return SessionType.CONDITIONING
        strength = self.weight(Goal.STRENGTH)
        hypertrophy = self.weight(Goal.HYPERTROPHY)
        if strength or hypertrophy:  # a lifting day is trained for the lifting goal it serves
            return SessionType.STRENGTH if strength >= hypertrophy else SessionType.HYPERTROPHY
        return _SESSION_TYPE_BY_GOAL[primary_goal(self.req.goals)]

    # -- weekly volume

    def _balance(
        self, week: list[list[_Line]], skeletons: list[_Skeleton], layout: MicrocycleLayout
    ) -> None:
        """Weekly hard sets per group: rising from MEV towards MRV (hypertrophy), never past MRV."""
        targets = self.volume_targets(layout)
        accessory = self.prescription(R.ACCESSORY, self.bases[R.ACCESSORY], layout)
        # Weeks with the same set counts and targets balance the same way: do the work once.
        key = (
            tuple(sorted(targets.items())),
            layout.length_days,
            *((ln.work.movement.id, ln.sets) for day in week for ln in day),
        )
        plan = self._balance_cache.get(key)
        if plan is None:
            balancer = _Balancer(self, week, skeletons, targets, accessory)
            plan = balancer.run(layout.length_days, warn=not layout.is_deload)
            self._balance_cache[key] = plan
        plan.apply(week, accessory)

    def volume_targets(self, layout: MicrocycleLayout) -> dict[MuscleGroup, tuple[float, float]]:
        """(low, high) weekly hard sets per group for this microcycle.

        Hypertrophy: the first week of a block starts at MEV and each later week asks
        RAMP_SETS more, within a band, never past MRV (the mesocycle's overload comes from
        volume). Other programs are only capped at MRV.
        """
        week = weeks_since_deload(layout.sequence_number - 1, self.req.deload_every_n)
        scale = layout.length_days / 7  # landmarks are weekly; longer microcycles get more
        targets: dict[MuscleGroup, tuple[float, float]] = {}
        for group, (mev, mrv) in self.landmarks.items():
            if layout.is_deload:
                # A deload drops volume: at most the minimum that keeps what was built.
                low, high = 0.0, float(mev if self.enforce_volume and mev > 0 else mrv)
            elif not self.enforce_volume or mev <= 0:
                low, high = 0.0, float(mrv)
            else:
                low = float(min(mrv, mev + RAMP_SETS * week))
                # Hypertrophy-led: start near MEV so the block has room to rise; a strength-led
                # program keeps its main lifts' volume and is only held under MRV.
                led = self.weight(Goal.HYPERTROPHY) > self.weight(Goal.STRENGTH)
                high = float(min(mrv, low + VOLUME_BAND)) if led else float(mrv)
            targets[group] = (low * scale, high * scale)
        return targets


_SESSION_TYPE_BY_GOAL = {
    Goal.STRENGTH: SessionType.STRENGTH,
    Goal.HYPERTROPHY: SessionType.HYPERTROPHY,
    Goal.ENDURANCE: SessionType.ENDURANCE,
    Goal.FAT_LOSS: SessionType.CONDITIONING,
    Goal.MOBILITY: SessionType.MOBILITY,
    Goal.SKILL: SessionType.SKILL,
}


@dataclass
class _Balance:
    """The outcome of volume balancing for one set-vector, replayable on any such week."""

    sets: dict[tuple[int, int], int]  # (session, line) -> sets; 0 removes the line
    added: list[tuple[int, MovementInfo, int]]  # (session, movement, sets)

    def apply(self, week: list[list[_Line]], accessory: Prescription) -> None:
        for (s, i), sets in self.sets.items():
            week[s][i].sets = sets
        for s, m, sets in self.added:
            work = _Work(
                m, R.ACCESSORY, accessory, notes="Added to reach this week's volume target"
            )
            line = _Line(
                work,
                sets,
                accessory.reps,
                accessory.rpe,
                accessory.rest_seconds,
                accessory.reps_max,
            )
            lines = week[s]
            last_accessory = max(
                (i for i, existing in enumerate(lines) if existing.work.role in HARD_ROLES),
                default=len(lines) - 1,
            )
            lines.insert(last_accessory + 1, line)
        for s, lines in enumerate(week):
            week[s] = [line for line in lines if line.sets > 0]


class _Balancer:
    """Adds or removes single sets (and, if needed, accessories) until every target fits.

    Sessions keep to their time budget: a set that would push a session past it goes
    elsewhere, or nowhere (and the program says so).
    """

    def __init__(
        self,
        planner: _Planner,
        week: list[list[_Line]],
        skeletons: list[_Skeleton],
        targets: Mapping[MuscleGroup, tuple[float, float]],
        accessory: Prescription,
    ) -> None:
        self.planner = planner
        self.days = [s.day for s in skeletons]
        self.accessory = accessory
        self.targets = {
            group: pair
            for group, pair in targets.items()
            if planner.index.by_muscle.get(group) or pair[0] <= 0
        }
        for group, (low, _) in targets.items():
            if group not in self.targets and low > 0:
                planner.warn(
                    f"No allowed exercise trains the {label(group)}, so its weekly volume "
                    "cannot reach the usual minimum."
                )
        # Working copy: (session, movement, role, sets); added entries get no line index.
        self.lines: list[list[tuple[MovementInfo, ExerciseRole, int]]] = [
            [(line.work.movement, line.work.role, line.sets) for line in lines] for lines in week
        ]
        self.set_cost = [[_set_seconds(line) for line in lines] for lines in week]
        self.seconds = [_session_seconds(lines) for lines in week]
        self.budget = planner.req.session_minutes * 60 * OVERTIME_TOLERANCE
        self.original = [[entry[2] for entry in lines] for lines in self.lines]
        self.volume: dict[MuscleGroup, float] = defaultdict(float)
        for lines in self.lines:
            for m, role, sets in lines:
                if _counts_hard(m, role):
                    self._add_volume(m, sets)

    def _add_volume(self, m: MovementInfo, sets: float) -> None:
        for group in m.primary:
            self.volume[group] += sets
        for group in m.secondary - m.primary:
            self.volume[group] += 0.5 * sets

    def _fits(self, m: MovementInfo, sets: int) -> bool:
        """Whether changing `m` by `sets` sets keeps every group it touches on the right side.

        Adding may not push any group above its MRV; removing may not pull any group
        below its MEV. Each accepted change therefore shrinks the total distance to
        the targets, which is why balancing always ends.
        """
        for group, (low, high) in self.targets.items():
            share = 1.0 if group in m.primary else 0.5 if group in m.secondary else 0.0
            if not share:
                continue
            after = self.volume[group] + share * sets
            if (sets > 0 and after > high + 1e-9) or (sets < 0 and after < low - 1e-9):
                return False
        return True

    def run(self, length_days: int, warn: bool = True) -> _Balance:
        for _ in range(400):  # each step moves one set, so this bounds the work
            if not self._step():
                break
        if warn:  # a deload sits under MEV on purpose
            self._warn_shortfalls(length_days)
        sets = {
            (s, i): entry[2]
            for s, lines in enumerate(self.lines)
            for i, entry in enumerate(lines)
            if i < len(self.original[s]) and entry[2] != self.original[s][i]
        }
        added = [
            (s, entry[0], entry[2])
            for s, lines in enumerate(self.lines)
            for entry in lines[len(self.original[s]) :]
            if entry[2] > 0
        ]
        return _Balance(sets, added)

    def _warn_shortfalls(self, length_days: int) -> None:
        """Say which groups stay under MEV (with what would fix it) or over MRV."""
        req = self.planner.req
        scale = length_days / 7
        days = len(set(req.training_weekdays))
        for group in self.targets:
            mev, mrv = self.planner.landmarks[group]
            volume = self.volume[group]
            if self.planner.enforce_volume and volume < mev * scale - 1e-9:
                more = (
                    f"train {days + 1} days a week or plan {req.session_minutes + 15}-minute "
                    "sessions to reach it"
                    if days < 7
                    else f"plan {req.session_minutes + 15}-minute sessions to reach it"
                )
                self.planner.warn(
                    f"Weekly {label(group)} volume stays under its minimum of {mev} hard sets "
                    f"with {days} days of {req.session_minutes} minutes: {more}."
                )
            elif volume > mrv * scale + 1e-9:
                self.planner.warn(
                    f"Weekly {label(group)} volume could not be kept under its maximum of "
                    f"{mrv} hard sets with the movements allowed."
                )

    def _step(self) -> bool:
        """One change towards the targets; False when nothing more can be done."""
        for group, (_, high) in self.targets.items():
            if self.volume[group] > high + 1e-9 and self._reduce(group):
                return True
        deficits = sorted(
            (
                (self.volume[group] - low, group)
                for group, (low, _) in self.targets.items()
                if self.volume[group] < low - 1e-9
            ),
            key=lambda item: (item[0], MAJOR_GROUPS.index(item[1])),
        )
        return any(self._raise(group) for _, group in deficits)

    def _hard_entries(self) -> Iterable[tuple[int, int, MovementInfo, ExerciseRole, int]]:
        for s, lines in enumerate(self.lines):
            for i, (m, role, sets) in enumerate(lines):
                if _counts_hard(m, role) and sets > 0:
                    yield s, i, m, role, sets

    def _set(self, s: int, i: int, sets: int) -> None:
        m, role, old = self.lines[s][i]
        self.lines[s][i] = (m, role, sets)
        self.seconds[s] += (sets - old) * self.set_cost[s][i]
        self._add_volume(m, sets - old)

    def _room(self, s: int, seconds: float) -> bool:
        return self.seconds[s] + seconds <= self.budget + 1e-9

    def _raise(self, group: MuscleGroup) -> bool:
        """Add a set where the group is already trained, else a new accessory, else go to 5."""
        return (
            self._more_sets(group, SPREAD_SETS)
            or self._add_accessory(group)
            or self._more_sets(group, MAX_SETS)
        )

    def _more_sets(self, group: MuscleGroup, limit: int) -> bool:
        options = [
            (role is R.MAIN, sets, s, i)
            for s, i, m, role, sets in self._hard_entries()
            if group in m.primary
            and sets < limit
            and self._fits(m, 1)
            and self._room(s, self.set_cost[s][i])
        ]
        if not options:
            return False
        _, sets, s, i = min(options)
        self._set(s, i, sets + 1)
        return True

    def _add_accessory(self, group: MuscleGroup) -> bool:
        if group not in GROUP_SLOTS:
            return False
        low = self.targets[group][0]
        needed = max(MIN_SETS, min(4, math.ceil(low - self.volume[group])))
        # Sessions meant for the group first, then ones that do not train it yet (a
        # second weekly exposure helps more than piling sets into one), then the lightest.
        sessions = sorted(
            range(len(self.lines)),
            key=lambda s: (
                group not in self.days[s].focus,
                any(group in m.primary and sets > 0 for m, _, sets in self.lines[s]),
                sum(1 for m, role, sets in self.lines[s] if role in HARD_ROLES and sets > 0),
                s,
            ),
        )
        candidates = self.planner.index.candidates(GROUP_SLOTS[group], R.ACCESSORY)
        in_week = Counter(m.id for lines in self.lines for m, _, sets in lines if sets > 0)
        cost = te.set_seconds(self.accessory.reps) + self.accessory.rest_seconds / 2
        for s in sessions:
            # Only where the group belongs: no chest flyes on a lower-body day.
            if self.days[s].style in NON_LIFTING_STYLES or not _belongs(group, self.days[s]):
                continue
            hard = sum(1 for m, role, sets in self.lines[s] if _counts_hard(m, role) and sets > 0)
            if hard >= MAX_HARD_EXERCISES:
                continue
            present = [m for m, _, sets in self.lines[s] if sets > 0]
            here = {m.id for m in present}
            for sets in range(needed, MIN_SETS - 1, -1):
                if not self._room(s, sets * cost):
                    continue
                fitting = [
                    m
                    for m in candidates
                    if self._fits(m, sets) and not any(near_duplicate(m, p) for p in present)
                ]
                m = _pick(fitting, self.planner.index.avoided, in_week, here)
                if m is not None:
                    self.lines[s].append((m, R.ACCESSORY, sets))
                    self.set_cost[s].append(cost)
                    self.seconds[s] += sets * cost
                    self._add_volume(m, sets)
                    return True
        return False

    def _reduce(self, group: MuscleGroup) -> bool:
        options = []
        for s, i, m, role, sets in self._hard_entries():
            if group not in m.primary and group not in m.secondary:
                continue
            new_sets = sets - 1
            if new_sets < MIN_SETS:
                if role is R.MAIN:
                    continue  # main lifts stay: progression is tracked on them
                new_sets = 0  # one lonely accessory set is not worth the setup
            if self._fits(m, new_sets - sets):
                # Accessories before mains, primary contributors first, biggest first.
                options.append((role is R.MAIN, group not in m.primary, -sets, s, i, new_sets))
        if not options:
            return False
        *_, s, i, new_sets = min(options)
        self._set(s, i, new_sets)
        return True


# --------------------------------------------------------------------------- helpers


def _belongs(group: MuscleGroup, day: _Day) -> bool:
    """Whether extra work for `group` fits this day: its focus, or the same half of the body."""
    if group in day.focus:
        return True
    half = _UPPER if group in _UPPER else _LOWER if group in _LOWER else None
    return half is not None and bool(day.focus & half)


def _is_timed(m: MovementInfo | None) -> bool:
    """Cardio is prescribed in seconds of work per set, not reps."""
    return m is not None and m.pattern is P.CONDITIONING


def _counts_hard(m: MovementInfo, role: ExerciseRole) -> bool:
    """Main lifts and accessories taken near failure; not holds, cardio or jumps."""
    return role in HARD_ROLES and is_lifting(m)


def _set_seconds(line: _Line) -> float:
    """Seconds one more set of this line adds to its session.

    Accessories count half their rest: a long session pairs them into supersets
    (see _superset_if_long), where the partner exercise fills the other half.
    """
    work = line.reps if _is_timed(line.work.movement) else te.set_seconds(line.reps)
    rest = line.rest / 2 if line.work.role is R.ACCESSORY else line.rest
    return float(work + rest)


def _session_seconds(lines: Sequence[_Line]) -> float:
    """The session's estimated length (spec tables), accessories counted as supersets."""
    times = [
        te.ExerciseTime(
            line.work.role,
            line.sets,
            line.reps,
            line.rest,
            superset=line.work.role is R.ACCESSORY,
            timed=_is_timed(line.work.movement),
        )
        for line in lines
        if line.sets > 0
    ]
    return float(te.estimate_session_time(times).total_minutes * 60) if times else 0.0


def _validate(req: ProgramPlanRequest) -> None:
    days = req.training_weekdays
    require(len(days) >= 1, "training_weekdays", "Choose at least one training day")
    require(
        all(isinstance(d, int) and 0 <= d <= 6 for d in days),
        "training_weekdays",
        "Training days must be weekdays 0 (Monday) to 6 (Sunday)",
    )
    require(len(set(days)) == len(days), "training_weekdays", "Each training day only once")
    require(0 <= req.start_weekday <= 6, "start_weekday", "Start weekday must be 0 to 6")
    require(req.session_minutes >= 15, "session_minutes", "Sessions need at least 15 minutes")
    require(len(req.goals) >= 1, "goals", "Choose at least one goal")
    require(
        all(weight >= 0 for _, weight in req.goals) and sum(w for _, w in req.goals) > 0,
        "goals",
        "Goal weights must be 0 or more and not all 0",
    )
    for group, pair in req.mev_mrv.items():
        low, high = pair
        if not 0 <= low <= high:
            raise DomainValidationError(
                "mev_mrv", f"The {label(group)} minimum volume must not exceed its maximum"
            )


def _estimate(items: Sequence[tuple[ExerciseRole, Prescription, bool]]) -> int:
    """Estimated session minutes (spec tables) of (role, prescription, superset) items."""
    times = [te.ExerciseTime(role, p.sets, p.reps, p.rest_seconds, ss) for role, p, ss in items]
    return te.estimate_session_time(times).total_minutes


def _minutes(
    works: Sequence[_Work], extra: Sequence[tuple[ExerciseRole, Prescription]] = ()
) -> int:
    """Estimated minutes of a session being built, plus exercises still to come."""
    items = [(w.role, w.base, False) for w in works]
    return _estimate(items + [(role, p, False) for role, p in extra])


def _finisher_base(m: MovementInfo, rounds: int) -> Prescription:
    if is_conditioning(m):
        # reps = seconds of hard work per round, then an easy interval.
        return Prescription(rounds, 45, 8.0, 30)
    return Prescription(max(3, rounds - 1), 8, 7.5, 45)


def _finisher_note(m: MovementInfo, p: Prescription) -> str:
    if is_conditioning(m):
        return f"{p.sets} rounds: {p.reps} s hard, {p.rest_seconds} s easy"
    return "Explosive reps; stop a set when they slow down"


def _tiers(
    movements: Sequence[MovementInfo], key: Callable[[MovementInfo], tuple[bool, ...]]
) -> list[list[MovementInfo]]:
    """Group movements by a ranking key (best first), keeping their order inside a group."""
    grouped: dict[tuple[bool, ...], list[MovementInfo]] = {}
    for m in movements:
        grouped.setdefault(key(m), []).append(m)
    return [grouped[k] for k in sorted(grouped)]


def _session_names(names: list[str]) -> list[str]:
    """Letter repeated session kinds within a microcycle: Push A, Pull A, Push B..."""
    totals = Counter(names)
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        if totals[name] > 1:
            out.append(f"{name} {chr(ord('A') + seen[name] % 26)}")
        else:
            out.append(name)
        seen[name] += 1
    return out


_ROLE_ORDER = {R.WARMUP: 0, R.SKILL: 1, R.MAIN: 2, R.ACCESSORY: 3, R.FINISHER: 4, R.COOLDOWN: 5}


def _to_planned(lines: list[_Line], is_deload: bool) -> tuple[PlannedExercise, ...]:
    ordered = sorted(enumerate(lines), key=lambda item: (_ROLE_ORDER[item[1].work.role], item[0]))
    out = []
    for order, (_, line) in enumerate(ordered, start=1):
        notes = line.work.notes
        if is_deload and line.work.role in HARD_ROLES:
            notes = "Deload: lighter and fewer sets; leave plenty in reserve"
        elif line.reps_max is not None and line.work.role in HARD_ROLES:
            notes = (
                f"Work up to {line.reps_max} reps on every set at one load, then add load "
                "and start again at the bottom of the range"
            )
        out.append(
            PlannedExercise(
                movement_id=line.work.movement.id,
                role=line.work.role,
                order=order,
                sets=line.sets,
                reps=line.reps,
                rpe=line.rpe,
                rest_seconds=line.rest,
                reps_max=line.reps_max,
                superset_group=line.superset,
                notes=notes,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- public API


def plan_program(
    req: ProgramPlanRequest, catalog: Sequence[MovementInfo], constraints: Constraints
) -> ProgramPlan:
    """Plan every microcycle of a program, each with its sessions and exercises.

    Deterministic: the same request, catalog and constraints give the same plan.
    Exercise choice is made once per position in the weekly rotation and reused in
    every microcycle, so main lifts stay put and progression is measurable; only
    the prescriptions (and, for hypertrophy, the set counts that keep weekly volume
    between MEV and MRV) change from one microcycle to the next.
    """
    planner = _Planner(req, catalog, constraints)
    microcycles = tuple(planner.microcycle(layout) for layout in planner.layouts)
    _check_time(planner, microcycles)
    return ProgramPlan(microcycles, tuple(planner.warnings))


def plan_microcycle(
    req: ProgramPlanRequest,
    catalog: Sequence[MovementInfo],
    constraints: Constraints,
    layout: MicrocycleLayout,
) -> MicrocyclePlan:
    """Plan one microcycle (for "generate next"); identical to plan_program's for that layout."""
    return _Planner(req, catalog, constraints).microcycle(layout)


def weekly_hard_sets(
    mc: MicrocyclePlan, catalog_by_id: Mapping[int, MovementInfo]
) -> dict[MuscleGroup, float]:
    """Hard sets per muscle group per 7 days: a primary muscle counts 1 a set, a secondary 0.5.

    Only MAIN and ACCESSORY sets count: warm-ups, stretches, finishers and skill
    practice are not taken close to failure. Microcycles longer than 7 days are scaled
    to a week so the numbers compare with weekly MEV/MRV landmarks.
    """
    totals: dict[MuscleGroup, float] = {}
    for session in mc.sessions:
        for ex in session.exercises:
            m = catalog_by_id.get(ex.movement_id)
            if m is None or not _counts_hard(m, ex.role):
                continue
            for group in m.primary:
                totals[group] = totals.get(group, 0.0) + ex.sets
            for group in m.secondary - m.primary:
                totals[group] = totals.get(group, 0.0) + 0.5 * ex.sets
    scale = 7 / mc.length_days
    return {group: value * scale for group, value in totals.items()}


def _check_time(planner: _Planner, microcycles: tuple[MicrocyclePlan, ...]) -> None:
    budget = planner.req.session_minutes
    longest = 0
    for mc in microcycles[:1]:  # sessions share their exercises; the first week is typical
        for session in mc.sessions:
            times = [
                te.ExerciseTime(
                    e.role,
                    e.sets,
                    e.reps,
                    e.rest_seconds,
                    e.superset_group is not None,
                    timed=_is_timed(planner.index.by_id.get(e.movement_id)),
                )
                for e in session.exercises
            ]
            longest = max(longest, te.estimate_session_time(times).total_minutes)
    if longest > budget * OVERTIME_TOLERANCE:
        reason = (
            " to keep weekly volume above the minimum that builds muscle"
            if planner.enforce_volume
            else ""
        )
        planner.warn(
            f"Some sessions run about {longest} minutes, over the {budget} you asked for{reason}."
        )
