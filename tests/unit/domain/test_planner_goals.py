"""Each goal trained as itself, volume between the landmarks, and a mesocycle that progresses."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise

import pytest
from fixtures import REPO, load_landmarks, load_library

from alloy_desktop.domain.catalog import Constraints, MovementInfo
from alloy_desktop.domain.enums import (
    Equipment,
    ExerciseRole,
    ExperienceLevel,
    Goal,
    MovementPattern,
    MuscleGroup,
    ProgressionStyle,
    SessionType,
    SplitTemplate,
)
from alloy_desktop.domain.planner import (
    CIRCUIT_DAY,
    ENDURANCE_DAY,
    LIFT,
    MOBILITY_DAY,
    ProgramPlan,
    ProgramPlanRequest,
    default_split,
    near_duplicate,
    plan_program,
    session_mix,
    weekly_hard_sets,
)

R = ExerciseRole
HARD = (R.MAIN, R.ACCESSORY)
LIBRARY = load_library()
LANDMARKS = load_landmarks()
pytestmark = pytest.mark.skipif(LIBRARY is None, reason="seed_data/movements.json not built")
BY_ID: dict[int, MovementInfo] = {m.id: m for m in LIBRARY or ()}
WEEKDAYS = {2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 4, 5), 6: (0, 1, 2, 3, 4, 5)}
DUMBBELLS = frozenset({Equipment.DUMBBELL, Equipment.BODY_ONLY, Equipment.NONE})
BODYWEIGHT = frozenset({Equipment.BODY_ONLY, Equipment.NONE})


def plan(
    goals: tuple[tuple[Goal, int], ...],
    days: int = 3,
    minutes: int = 60,
    equipment: frozenset[Equipment] | None = None,
    experience: ExperienceLevel = ExperienceLevel.INTERMEDIATE,
    weeks: int = 8,
    split: SplitTemplate | None = None,
) -> ProgramPlan:
    assert LIBRARY is not None
    req = ProgramPlanRequest(
        goals=goals,
        duration_weeks=weeks,
        split=split or default_split(goals, days),
        progression=ProgressionStyle.DOUBLE_PROGRESSION,
        training_weekdays=WEEKDAYS[days],
        session_minutes=minutes,
        mev_mrv=LANDMARKS,
    )
    return plan_program(req, LIBRARY, Constraints(equipment=equipment, experience=experience))


def lifting(m: MovementInfo) -> bool:
    return not m.is_stretch and m.pattern not in (
        MovementPattern.CONDITIONING,
        MovementPattern.PLYOMETRIC,
        MovementPattern.MOBILITY,
    )


def hard_work(
    p: ProgramPlan, week: int = 0
) -> list[tuple[ExerciseRole, MovementInfo, int, int, float]]:
    return [
        (e.role, BY_ID[e.movement_id], e.reps, e.reps_max or e.reps, e.rpe)
        for s in p.microcycles[week].sessions
        for e in s.exercises
        if e.role in HARD
    ]


# --- the session mix and the split ----------------------------------------------------------


def test_goals_decide_the_kinds_of_session() -> None:
    both = {Goal.ENDURANCE: 5, Goal.MOBILITY: 5}
    assert sorted(session_mix(both, 3)) == sorted([ENDURANCE_DAY, ENDURANCE_DAY, MOBILITY_DAY])
    assert session_mix({Goal.HYPERTROPHY: 10}, 4) == (LIFT,) * 4
    hybrid = session_mix({Goal.STRENGTH: 6, Goal.ENDURANCE: 4}, 4)
    assert hybrid == (LIFT, ENDURANCE_DAY, LIFT, ENDURANCE_DAY)  # spread, never two in a row
    fat = session_mix({Goal.FAT_LOSS: 6, Goal.ENDURANCE: 4}, 3)
    assert sorted(fat) == sorted([CIRCUIT_DAY, CIRCUIT_DAY, ENDURANCE_DAY])
    # A light goal lives inside other sessions: no mobility day for a weight of 2.
    assert session_mix({Goal.STRENGTH: 8, Goal.MOBILITY: 2}, 3) == (LIFT,) * 3


@pytest.mark.parametrize(
    ("goals", "days", "split"),
    [
        (((Goal.HYPERTROPHY, 10),), 3, SplitTemplate.FULL_BODY),
        (((Goal.HYPERTROPHY, 10),), 4, SplitTemplate.UPPER_LOWER),
        (((Goal.HYPERTROPHY, 10),), 6, SplitTemplate.PPL),
        (((Goal.STRENGTH, 10),), 4, SplitTemplate.HYBRID),
        (((Goal.STRENGTH, 10),), 3, SplitTemplate.FULL_BODY),
        (((Goal.STRENGTH, 6), (Goal.ENDURANCE, 4)), 4, SplitTemplate.HYBRID),
    ],
)
def test_default_split(
    goals: tuple[tuple[Goal, int], ...], days: int, split: SplitTemplate
) -> None:
    assert default_split(goals, days) is split


# --- each goal trained as itself ------------------------------------------------------------


def test_hypertrophy_is_full_body_hypertrophy_near_failure() -> None:
    p = plan(((Goal.HYPERTROPHY, 10),))
    names = [s.name for s in p.microcycles[0].sessions]
    assert names == [
        "Full Body Hypertrophy A",
        "Full Body Hypertrophy B",
        "Full Body Hypertrophy C",
    ]
    for _, m, low, high, rpe in hard_work(p):
        assert lifting(m)
        assert 6 <= low <= high <= 15, m.name
        assert 7.0 <= rpe <= 9.0, m.name


def test_strength_is_heavy_low_reps_and_long_rests() -> None:
    p = plan(((Goal.STRENGTH, 10),), days=4, minutes=75)
    assert [s.name for s in p.microcycles[0].sessions] == [
        "Lower Strength A",
        "Upper Strength A",
        "Lower Strength B",
        "Upper Strength B",
    ]
    for mc in p.microcycles:
        for s in mc.sessions:
            for e in s.exercises:
                if e.role is R.MAIN and not mc.is_deload:
                    assert 1 <= e.reps <= (e.reps_max or e.reps) <= 6
                    assert 7.0 <= e.rpe <= 9.5 and e.rest_seconds >= 150


def test_endurance_and_mobility_lift_nothing() -> None:
    p = plan(((Goal.ENDURANCE, 5), (Goal.MOBILITY, 5)))
    sessions = p.microcycles[0].sessions
    assert sorted(s.session_type.value for s in sessions) == ["ENDURANCE", "ENDURANCE", "MOBILITY"]
    for s in sessions:
        moved = [BY_ID[e.movement_id] for e in s.exercises if e.role in HARD]
        assert moved and not any(lifting(m) for m in moved), s.name
        if s.session_type is SessionType.ENDURANCE:
            assert [m.pattern for m in moved] == [MovementPattern.CONDITIONING]
            assert s.name.split()[-1] in {"Run", "Row", "Ride", "Swim", "Walk", "Elliptical"}
        else:
            assert s.name == "Mobility Flow" and all(m.is_stretch for m in moved)
    volume = weekly_hard_sets(p.microcycles[0], BY_ID)
    assert volume.get(MuscleGroup.QUADS, 0) == 0  # no barbell squats at 3 x 12


def test_endurance_sessions_grow_then_deload() -> None:
    p = plan(((Goal.ENDURANCE, 10),))
    minutes = [
        next(e.sets * e.reps for e in mc.sessions[0].exercises if e.role is R.MAIN) / 60
        for mc in p.microcycles
    ]
    assert minutes[0] < minutes[1] < minutes[2] and minutes[3] < minutes[2]  # week 4 deloads


def test_fat_loss_trains_in_circuits() -> None:
    p = plan(((Goal.FAT_LOSS, 6), (Goal.ENDURANCE, 4)), equipment=BODYWEIGHT, minutes=45)
    circuits = [s for s in p.microcycles[0].sessions if s.name.startswith("Metabolic Circuit")]
    assert len(circuits) == 2
    for s in circuits:
        stations = [e for e in s.exercises if e.role is R.ACCESSORY]
        assert len(stations) >= 5 and {e.superset_group for e in stations} == {1}
        assert all(e.rest_seconds <= 30 for e in stations)


# --- volume landmarks --------------------------------------------------------------------------


GOAL_MIXES = [
    ((Goal.HYPERTROPHY, 10),),
    ((Goal.STRENGTH, 10),),
    ((Goal.STRENGTH, 6), (Goal.HYPERTROPHY, 4)),
    ((Goal.ENDURANCE, 5), (Goal.MOBILITY, 5)),
    ((Goal.FAT_LOSS, 6), (Goal.ENDURANCE, 4)),
    ((Goal.STRENGTH, 6), (Goal.SKILL, 4)),
]


@pytest.mark.parametrize("goals", GOAL_MIXES)
@pytest.mark.parametrize("days", [2, 3, 4, 6])
def test_no_goal_mix_puts_a_muscle_past_mrv(goals: tuple[tuple[Goal, int], ...], days: int) -> None:
    p = plan(goals, days=days, minutes=75)
    for mc in p.microcycles:
        for group, sets in weekly_hard_sets(mc, BY_ID).items():
            assert sets <= LANDMARKS.get(group, (0, 99))[1] + 1e-9, (mc.sequence_number, group)


def test_hypertrophy_volume_rises_across_the_block_then_deloads() -> None:
    p = plan(((Goal.HYPERTROPHY, 10),), days=4, minutes=75)
    totals = [sum(weekly_hard_sets(mc, BY_ID).values()) for mc in p.microcycles]
    assert totals[0] < totals[1] < totals[2]  # weeks 1-3 of the block
    assert totals[3] < totals[2]  # the deload drops it
    for mc in p.microcycles[:3]:
        volume = weekly_hard_sets(mc, BY_ID)
        for group in (MuscleGroup.CHEST, MuscleGroup.QUADS, MuscleGroup.BICEPS, MuscleGroup.CALVES):
            mev, mrv = LANDMARKS[group]
            assert mev <= volume[group] <= mrv, (mc.sequence_number, group)


def test_impossible_minimum_is_said_with_what_would_fix_it() -> None:
    p = plan(((Goal.HYPERTROPHY, 10),), days=2, minutes=45)
    short = [w for w in p.warnings if "stays under its minimum" in w]
    assert short
    assert all("train 3 days a week or plan 60-minute sessions" in w for w in short)


# --- variety ----------------------------------------------------------------------------------


@pytest.mark.parametrize("goals", GOAL_MIXES)
@pytest.mark.parametrize("equipment", [None, DUMBBELLS, BODYWEIGHT])
def test_no_near_duplicates_in_a_session(
    goals: tuple[tuple[Goal, int], ...], equipment: frozenset[Equipment] | None
) -> None:
    p = plan(goals, days=4, equipment=equipment)
    for mc in p.microcycles:
        for s in mc.sessions:
            work = [BY_ID[e.movement_id] for e in s.exercises if e.role in HARD]
            for i, a in enumerate(work):
                for b in work[i + 1 :]:
                    assert not near_duplicate(a, b), (s.name, a.name, b.name)


def test_main_lifts_stay_and_accessories_rotate_between_mesocycles() -> None:
    p = plan(((Goal.HYPERTROPHY, 10),), days=4, weeks=8)
    first, second = p.microcycles[0], p.microcycles[4]

    def picks(role: ExerciseRole, mc: object) -> list[set[int]]:
        return [{e.movement_id for e in s.exercises if e.role is role} for s in mc.sessions]  # type: ignore[attr-defined]

    assert picks(R.MAIN, first) == picks(R.MAIN, second)
    before = set().union(*picks(R.ACCESSORY, first))
    after = set().union(*picks(R.ACCESSORY, second))
    assert len(after - before) >= len(after) // 2  # most accessories are new


def test_weeks_within_a_mesocycle_keep_their_exercises() -> None:
    p = plan(((Goal.STRENGTH, 10),), days=3)
    weeks = [
        [[e.movement_id for e in s.exercises if e.role is R.MAIN] for s in mc.sessions]
        for mc in p.microcycles[:3]
    ]
    assert all(a == b for a, b in pairwise(weeks))


# --- the table a reader can check -------------------------------------------------------------


def test_coaching_table_is_current() -> None:
    """docs/coaching.md is what scripts/coaching_table.py makes from today's planner."""
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "coaching_table.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, "docs/coaching.md is stale: run scripts/coaching_table.py"
