"""Programs through the public api: creation flow, validation, reads, delete, activate, extend."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import (
    BodyPart,
    Equipment,
    ExperienceLevel,
    Goal,
    MovementPattern,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    SplitTemplate,
)
from alloy_desktop.domain.time_estimation import ExerciseTime, estimate_session_time
from alloy_desktop.services.errors import Conflict, NotFound, ValidationError
from alloy_desktop.services.schemas import (
    GoalWeight,
    InjuryCreate,
    MovementRuleCreate,
    ProfileUpdate,
    ProgramCreate,
    ProgramResponse,
    SchedulingPreferences,
)
from alloy_desktop.store.models import (
    Microcycle,
    Movement,
    PatternExposure,
    Program,
    Session,
    SessionExercise,
    UserGoal,
)

TODAY = date(2026, 11, 2)  # the conftest clock's Monday
PROGRAM_TABLES = (Program, UserGoal, Microcycle, Session, SessionExercise, PatternExposure)


def request(*goals: tuple[str, int], weeks: int = 8, **extra: Any) -> ProgramCreate:
    return ProgramCreate(
        goals=tuple(GoalWeight(g, w) for g, w in goals or (("STRENGTH", 6), ("HYPERTROPHY", 4))),
        duration_weeks=weeks,
        **extra,
    )


def counts(alloy: Alloy) -> dict[str, int]:
    with alloy.context.db.sessions() as s:
        return {
            m.__table__.name: s.scalar(select(func.count()).select_from(m)) or 0
            for m in PROGRAM_TABLES
        }


def rows(alloy: Alloy, statement: Any) -> list[Any]:
    with alloy.context.db.sessions() as s:
        return list(s.execute(statement).all())


def schedule(me: UserApi, days: tuple[int, ...], minutes: int = 60, length: int = 7) -> None:
    me.settings.update_profile(
        ProfileUpdate(
            scheduling=SchedulingPreferences(
                days_per_week=len(days),
                preferred_days=days,
                session_minutes=minutes,
                microcycle_length_days=length,
            )
        )
    )


def movement_id(alloy: Alloy, name: str) -> int:
    with alloy.context.db.sessions() as s:
        found = s.scalar(select(Movement.id).where(Movement.name == name))
    assert found is not None, name
    return found


def all_exercises(program: ProgramResponse) -> list[Any]:
    return [e for mc in program.microcycles for s in mc.sessions for e in s.exercises]


# --- create ---------------------------------------------------------------------------------


def test_create_writes_the_whole_program(alloy: Alloy, me: UserApi) -> None:
    program = me.programs.create(request(weeks=8))

    assert program.id is not None and program.is_active
    assert program.start_date == TODAY and program.end_date == TODAY + timedelta(days=55)
    assert [(g.goal, g.weight) for g in program.goals] == [
        (Goal.STRENGTH, 6),
        (Goal.HYPERTROPHY, 4),
    ]
    with alloy.context.db.sessions() as s:
        row = s.get(Program, program.id)
        assert row is not None and row.user_id == me.user.id and row.is_active
        assert (row.goal_1, row.goal_weight_1, row.goal_2, row.goal_weight_2) == (
            Goal.STRENGTH, 6, Goal.HYPERTROPHY, 4,
        )  # fmt: skip
        assert (row.goal_3, row.goal_weight_3) == (Goal.STRENGTH, 0)  # padded with the first goal
        goals = s.execute(
            select(UserGoal.goal, UserGoal.weight, UserGoal.position)
            .where(UserGoal.program_id == program.id)
            .order_by(UserGoal.position)
        ).all()
        assert [tuple(g) for g in goals] == [(Goal.STRENGTH, 6, 1), (Goal.HYPERTROPHY, 4, 2)]
        cycles = s.execute(
            select(Microcycle.id, Microcycle.sequence_number, Microcycle.start_date,
                   Microcycle.length_days, Microcycle.is_deload)
            .where(Microcycle.program_id == program.id)
            .order_by(Microcycle.sequence_number)
        ).all()  # fmt: skip
    # Microcycles tile duration_weeks x 7 days without gaps; every 4th is a deload.
    assert [c.sequence_number for c in cycles] == list(range(1, 9))
    assert sum(c.length_days for c in cycles) == 8 * 7
    for previous, current in pairwise(cycles):
        assert current.start_date == previous.start_date + timedelta(days=previous.length_days)
    assert [c.is_deload for c in cycles] == [n % 4 == 0 for n in range(1, 9)]
    assert [mc.id for mc in program.microcycles] == [c.id for c in cycles]


def test_every_microcycle_has_sessions_on_the_preferred_weekdays(alloy: Alloy, me: UserApi) -> None:
    schedule(me, (1, 3, 5, 6))
    program = me.programs.create(request(weeks=10))

    stored = rows(
        alloy,
        select(Session.session_date, Session.microcycle_id).where(Session.program_id == program.id),
    )
    per_cycle = Counter(microcycle for _, microcycle in stored)
    assert set(per_cycle) == {mc.id for mc in program.microcycles}
    assert set(per_cycle.values()) == {4}
    assert {day.weekday() for day, _ in stored} == {1, 3, 5, 6}
    assert len(stored) == 10 * 4
    for mc in program.microcycles:
        for session in mc.sessions:
            assert mc.start_date <= session.date <= mc.end_date
            assert session.is_deload == mc.is_deload
            assert session.exercises


def test_session_exercises_are_valid_rows_with_pattern_exposures(alloy: Alloy, me: UserApi) -> None:
    program = me.programs.create(request())

    with alloy.context.db.sessions() as s:
        exercises = s.execute(
            select(SessionExercise.id, SessionExercise.movement_id, SessionExercise.pattern,
                   SessionExercise.user_id, Movement.pattern)
            .join(Session, Session.id == SessionExercise.session_id)
            .join(Movement, Movement.id == SessionExercise.movement_id)
            .where(Session.program_id == program.id)
        ).all()  # fmt: skip
        exposures = s.scalar(
            select(func.count())
            .select_from(PatternExposure)
            .join(Session, Session.id == PatternExposure.session_id)
            .where(Session.program_id == program.id)
        )
    assert len(exercises) == len(all_exercises(program))
    assert all(user_id == me.user.id for *_, user_id, _ in exercises)
    assert all(stored == library for _, _, stored, _, library in exercises)
    assert {e.id for e in all_exercises(program)} == {row.id for row in exercises}
    assert exposures and exposures > 0


def test_program_time_estimates(me: UserApi) -> None:
    program = me.programs.create(request())

    totals = []
    for mc in program.microcycles:
        for session in mc.sessions:
            time = session.time
            expected = estimate_session_time(
                [
                    ExerciseTime(
                        e.role, e.sets, e.reps, e.rest_seconds, e.superset_group is not None
                    )
                    for e in session.exercises
                ],
                Goal.STRENGTH,  # the heaviest goal sets the main-lift rest
            )
            assert time == expected
            totals.append(time.total_minutes)
    assert program.average_session_minutes == round(sum(totals) / len(totals))


def test_defaults_come_from_profile_and_experience(alloy: Alloy, me: UserApi) -> None:
    me.settings.update_profile(
        ProfileUpdate(
            preferred_split="PPL",
            experience_level="ADVANCED",
            persona_tone="DIRECT",
            persona_aggression="AGGRESSIVE",
        )
    )
    program = me.programs.create(request())

    assert program.split_template is SplitTemplate.PPL
    assert program.progression_style is ProgressionStyle.WAVE_LOADING
    assert program.persona_tone is PersonaTone.DIRECT
    assert program.persona_aggression is PersonaAggression.AGGRESSIVE
    assert program.deload_every_n_microcycles == 4


@pytest.mark.parametrize(
    ("level", "style"),
    [
        (ExperienceLevel.BEGINNER, ProgressionStyle.SINGLE_PROGRESSION),
        (ExperienceLevel.INTERMEDIATE, ProgressionStyle.DOUBLE_PROGRESSION),
        (ExperienceLevel.EXPERT, ProgressionStyle.WAVE_LOADING),
    ],
)
def test_progression_follows_experience(
    me: UserApi, level: ExperienceLevel, style: ProgressionStyle
) -> None:
    me.settings.update_profile(ProfileUpdate(experience_level=level))
    assert me.programs.preview(request()).progression_style is style


def test_request_values_win_over_defaults(me: UserApi) -> None:
    me.settings.update_profile(ProfileUpdate(preferred_split="PPL"))
    program = me.programs.create(
        request(
            split_template="upper lower",
            progression_style="BLOCK_PERIODIZATION",
            persona_tone="ANALYTICAL",
            name="  Winter block ",
            start_date=date(2026, 11, 9),
        )
    )
    assert program.split_template is SplitTemplate.UPPER_LOWER
    assert program.progression_style is ProgressionStyle.BLOCK_PERIODIZATION
    assert program.persona_tone is PersonaTone.ANALYTICAL
    assert program.persona_aggression is PersonaAggression.BALANCED  # the user's
    assert program.name == "Winter block"
    assert program.start_date == date(2026, 11, 9)
    assert program.microcycles[0].sessions[0].date == date(2026, 11, 9)


def test_defaults_without_profile_preferences(me: UserApi) -> None:
    program = me.programs.create(request(("HYPERTROPHY", 10)))
    # Three days of hypertrophy: the whole body each session (issue 10), named for the goal.
    assert program.split_template is SplitTemplate.FULL_BODY
    first = program.microcycles[0].sessions
    assert [s.name for s in first] == [f"Full Body Hypertrophy {x}" for x in "ABC"]
    assert program.progression_style is ProgressionStyle.SINGLE_PROGRESSION  # beginner
    assert program.name == "Hypertrophy, 8 weeks"
    weekdays = {s.date.weekday() for mc in program.microcycles for s in mc.sessions}
    assert weekdays == {0, 2, 4}


def test_microcycle_length_from_scheduling(alloy: Alloy, me: UserApi) -> None:
    schedule(me, (0, 2, 4), length=10)
    program = me.programs.create(request(weeks=8))

    assert program.microcycle_length_days == 10
    lengths = [mc.length_days for mc in program.microcycles]
    assert lengths == [10, 10, 9, 9, 9, 9]
    assert program.microcycles[-1].end_date == TODAY + timedelta(days=55)


def test_new_program_becomes_the_only_active_one(alloy: Alloy, me: UserApi) -> None:
    first = me.programs.create(request())
    second = me.programs.create(request(("HYPERTROPHY", 10)))

    active = rows(alloy, select(Program.id).where(Program.is_active.is_(True)))
    assert [row.id for row in active] == [second.id]
    assert [p.id for p in me.programs.list()] == [second.id, first.id]
    assert [p.is_active for p in me.programs.list()] == [True, False]


# --- rules, equipment, injuries -------------------------------------------------------------


def test_hard_no_rules_are_never_programmed(alloy: Alloy, me: UserApi) -> None:
    squat = movement_id(alloy, "Barbell Squat")
    me.settings.add_movement_rule(MovementRuleCreate("HARD_NO", "MOVEMENT", movement_id=squat))
    me.settings.add_movement_rule(
        MovementRuleCreate("HARD_NO", "PATTERN", pattern="HORIZONTAL_PUSH")
    )
    program = me.programs.create(request(weeks=12))

    stored = rows(
        alloy,
        select(SessionExercise.movement_id, SessionExercise.pattern)
        .join(Session, Session.id == SessionExercise.session_id)
        .where(Session.program_id == program.id),
    )
    assert stored
    assert all(m != squat for m, _ in stored)
    assert all(p is not MovementPattern.HORIZONTAL_PUSH for _, p in stored)


def test_equipment_and_injuries_are_respected(alloy: Alloy, me: UserApi) -> None:
    me.settings.update_profile(ProfileUpdate(equipment=("DUMBBELL",)))
    me.settings.add_injury(InjuryCreate(body_part="SHOULDERS", description="impingement"))
    program = me.programs.create(request())

    catalog = alloy.context.catalog
    allowed = {Equipment.DUMBBELL, Equipment.BODY_ONLY, Equipment.NONE}
    for exercise in all_exercises(program):
        info = catalog.by_id[exercise.movement_id]
        assert info.equipment in allowed
        assert BodyPart.SHOULDERS not in info.primary_body_parts


# --- validation and conflicts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (request(weeks=9), "duration_weeks"),
        (request(weeks=14), "duration_weeks"),
        (request(weeks=6), "duration_weeks"),
        (ProgramCreate(goals=(), duration_weeks=8), "goals"),
        (
            request(("STRENGTH", 3), ("HYPERTROPHY", 3), ("MOBILITY", 2), ("SKILL", 2)),
            "goals",
        ),
        (request(("STRENGTH", 5), ("HYPERTROPHY", 4)), "goals"),  # sums to 9
        (request(("STRENGTH", 5), ("STRENGTH", 5)), "goals"),
        (request(("STRENGTH", 5), ("HYPERTROPHY", 4.5)), "goals[1].weight"),  # type: ignore[arg-type]
        (request(("STRENGTH", 5), ("HYPERTROPHY", "five")), "goals[1].weight"),  # type: ignore[arg-type]
        (request(("STRENGTH", 12), ("HYPERTROPHY", -2)), "goals[0].weight"),
        (request(("LIFTING", 10)), "goals[0].goal"),
        (request(split_template="BRO_SPLIT"), "split_template"),
        (request(progression_style="random"), "progression_style"),
        (request(persona_tone="shouty"), "persona_tone"),
        (request(name="x" * 121), "name"),
        (ProgramCreate(goals=(("STRENGTH", 10),), duration_weeks=8), "goals[0]"),  # type: ignore[arg-type]
    ],
)
def test_validation_names_the_field_and_writes_nothing(
    alloy: Alloy, me: UserApi, bad: ProgramCreate, field: str
) -> None:
    before = counts(alloy)
    with pytest.raises(ValidationError) as error:
        me.programs.create(bad)
    assert error.value.field == field
    assert error.value.message
    with pytest.raises(ValidationError):
        me.programs.preview(bad)
    assert counts(alloy) == before


def test_hard_conflict_refuses_naming_both_goals(alloy: Alloy, me: UserApi) -> None:
    me.programs.create(request())  # an existing program stays active
    before = counts(alloy)

    with pytest.raises(Conflict) as error:
        me.programs.create(request(("STRENGTH", 5), ("ENDURANCE", 5)))

    assert "Strength" in error.value.message and "Endurance" in error.value.message
    assert counts(alloy) == before
    assert [p.is_active for p in me.programs.list()] == [True]


def test_soft_conflict_comes_back_as_warning(me: UserApi) -> None:
    program = me.programs.create(request(("HYPERTROPHY", 6), ("ENDURANCE", 4)))
    assert any("Hypertrophy" in w and "Endurance" in w for w in program.warnings)
    assert me.programs.get(program.id).warnings == program.warnings


def test_check_goals_for_live_validation(me: UserApi) -> None:
    fine = me.programs.check_goals(["STRENGTH"])
    assert fine.is_valid and fine.warnings == () and fine.blocking_message is None

    soft = me.programs.check_goals([GoalWeight("HYPERTROPHY", 6), GoalWeight("FAT_LOSS", 4)])
    assert soft.is_valid and len(soft.warnings) == 1 and soft.blocking_message is None

    hard = me.programs.check_goals(["strength", "ENDURANCE", "MOBILITY"])
    assert not hard.is_valid
    assert hard.blocking_message is not None
    assert "Strength" in hard.blocking_message and "Endurance" in hard.blocking_message

    with pytest.raises(ValidationError) as error:
        me.programs.check_goals(["STRENGTH", "NAPPING"])
    assert error.value.field == "goals[1]"
    with pytest.raises(ValidationError) as error:
        me.programs.check_goals([])
    assert error.value.field == "goals"


def test_an_impossible_plan_writes_nothing(alloy: Alloy, me: UserApi) -> None:
    me.programs.create(request())
    for part in BodyPart:
        me.settings.add_movement_rule(MovementRuleCreate("HARD_NO", "BODY_PART", body_part=part))
    before = counts(alloy)

    with pytest.raises(ValidationError) as error:
        me.programs.create(request())

    assert error.value.field == "constraints"
    assert counts(alloy) == before
    assert [p.is_active for p in me.programs.list()] == [True]  # the old one was not switched off


# --- preview, list, get ---------------------------------------------------------------------


def test_preview_shows_the_same_plan_and_writes_nothing(alloy: Alloy, me: UserApi) -> None:
    before = counts(alloy)
    preview = me.programs.preview(request())
    assert counts(alloy) == before
    assert preview.id is None
    assert all(mc.id is None for mc in preview.microcycles)
    assert all(e.id is None for e in all_exercises(preview))

    created = me.programs.create(request())
    assert [
        (s.date, s.name, [(e.movement_id, e.sets, e.reps, e.rpe) for e in s.exercises], s.time)
        for mc in preview.microcycles
        for s in mc.sessions
    ] == [
        (s.date, s.name, [(e.movement_id, e.sets, e.reps, e.rpe) for e in s.exercises], s.time)
        for mc in created.microcycles
        for s in mc.sessions
    ]
    assert preview.warnings == created.warnings


def test_get_reads_back_what_create_returned(me: UserApi) -> None:
    created = me.programs.create(request())
    fetched = me.programs.get(created.id or 0)
    assert fetched.microcycles == created.microcycles
    assert fetched.average_session_minutes == created.average_session_minutes
    assert fetched.created_at is not None


def test_get_session(me: UserApi) -> None:
    program = me.programs.create(request())
    mc = program.microcycles[3]
    session = mc.sessions[1]
    assert session.id is not None and mc.id is not None and program.id is not None

    fetched = me.programs.get_session(program.id, mc.id, session.id)

    assert fetched == session
    assert fetched.is_deload  # the 4th microcycle
    with pytest.raises(NotFound):
        me.programs.get_session(program.id, program.microcycles[0].id or 0, session.id)
    with pytest.raises(ValidationError):
        me.programs.get_session(program.id, mc.id, 0)


# --- users are kept apart -------------------------------------------------------------------


def test_another_users_program_is_not_found(me: UserApi, other: UserApi) -> None:
    program = me.programs.create(request())
    pid = program.id or 0
    mc, session = program.microcycles[0], program.microcycles[0].sessions[0]

    assert other.programs.list() == []
    for call in (
        lambda: other.programs.get(pid),
        lambda: other.programs.delete(pid),
        lambda: other.programs.activate(pid),
        lambda: other.programs.generate_next_microcycle(pid),
        lambda: other.programs.get_session(pid, mc.id or 0, session.id or 0),
    ):
        with pytest.raises(NotFound):
            call()
    assert me.programs.get(pid).is_active


# --- delete and activate --------------------------------------------------------------------


def test_delete_cascades_to_every_child_row(alloy: Alloy, me: UserApi) -> None:
    keep = me.programs.create(request(("HYPERTROPHY", 10)))
    before_second = counts(alloy)
    gone = me.programs.create(request(weeks=12))
    assert counts(alloy)["sessions"] > before_second["sessions"]

    deleted = me.programs.delete(gone.id or 0)

    assert deleted.id == gone.id and deleted.microcycles == gone.microcycles
    assert counts(alloy) == before_second
    assert [p.id for p in me.programs.list()] == [keep.id]
    with pytest.raises(NotFound):
        me.programs.get(gone.id or 0)


def test_activate_switches_the_active_program(alloy: Alloy, me: UserApi) -> None:
    first = me.programs.create(request())
    second = me.programs.create(request(("HYPERTROPHY", 10)))

    activated = me.programs.activate(first.id or 0)

    assert activated.is_active
    states = dict(rows(alloy, select(Program.id, Program.is_active)))
    assert states == {first.id: True, second.id: False}
    assert me.days.plan(TODAY).program_id == first.id


# --- generate next microcycle ---------------------------------------------------------------


def test_generate_next_microcycle_appends_with_sessions(alloy: Alloy, me: UserApi) -> None:
    program = me.programs.create(request(weeks=8))
    pid = program.id or 0
    last = program.microcycles[-1]

    added = [me.programs.generate_next_microcycle(pid) for _ in range(4)]

    assert [mc.sequence_number for mc in added] == [9, 10, 11, 12]
    assert added[0].start_date == last.end_date + timedelta(days=1)
    assert [mc.is_deload for mc in added] == [False, False, False, True]
    for mc in added:
        assert mc.id is not None and mc.program_id == pid and mc.length_days == 7
        assert [s.date.weekday() for s in mc.sessions] == [0, 2, 4]
        assert all(s.exercises and s.id is not None for s in mc.sessions)
        assert all(s.is_deload == mc.is_deload for s in mc.sessions)
    stored = rows(alloy, select(Microcycle.sequence_number).where(Microcycle.program_id == pid))
    assert sorted(n for (n,) in stored) == list(range(1, 13))
    refreshed = me.programs.get(pid)
    assert refreshed.microcycles[-1] == added[-1]
    assert refreshed.end_date == added[-1].end_date
    # The main lifts carry on from the program's last week.
    mains = [e.movement_id for e in last.sessions[0].exercises if e.role == "MAIN"]
    assert mains == [e.movement_id for e in added[0].sessions[0].exercises if e.role == "MAIN"]


def test_next_microcycle_follows_rules_added_later(alloy: Alloy, me: UserApi) -> None:
    program = me.programs.create(request())
    banned = program.microcycles[0].sessions[0].exercises[3].movement_id
    me.settings.add_movement_rule(MovementRuleCreate("HARD_NO", "MOVEMENT", movement_id=banned))

    added = me.programs.generate_next_microcycle(program.id or 0)

    assert all(e.movement_id != banned for s in added.sessions for e in s.exercises)


def test_generate_next_needs_an_active_program_with_a_microcycle(alloy: Alloy, me: UserApi) -> None:
    old = me.programs.create(request())
    me.programs.create(request(("HYPERTROPHY", 10)))
    with pytest.raises(Conflict):
        me.programs.generate_next_microcycle(old.id or 0)

    current = me.programs.activate(old.id or 0)
    with alloy.context.db.sessions() as s, s.begin():
        s.execute(delete(Microcycle).where(Microcycle.program_id == current.id))
    with pytest.raises(Conflict) as error:
        me.programs.generate_next_microcycle(current.id or 0)
    assert "no microcycle" in error.value.message


def test_a_session_shape_is_timed_per_main_goal_and_bad_values_still_fail() -> None:
    from alloy_desktop.domain.errors import DomainValidationError
    from alloy_desktop.services.presenters import session_time

    row = {
        "exercise_role": "MAIN",
        "sets": 4,
        "reps": 5,
        "rest_seconds": None,  # the goal's table rest: 180 s for strength, 90 s hypertrophy
        "superset_group": None,
        "pattern": "SQUAT",
    }
    strength = session_time([row], Goal.STRENGTH)
    hypertrophy = session_time([row], Goal.HYPERTROPHY)
    assert (strength.main_minutes, hypertrophy.main_minutes) == (14, 8)
    assert session_time([row], Goal.STRENGTH) == strength  # the kept answer, unchanged
    for _ in range(2):  # a failing shape is never kept, so it fails every time
        with pytest.raises(DomainValidationError):
            session_time([{**row, "sets": 0}], Goal.STRENGTH)
    one = {**row, "sets": 1}
    session_time([one], Goal.STRENGTH)
    with pytest.raises(DomainValidationError):  # True == 1, but it is no set count
        session_time([{**one, "sets": True}], Goal.STRENGTH)
