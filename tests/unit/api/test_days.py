"""Daily planning through the public api: plan, adapt, accept/reject, calendar, substitutes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol

import pytest
from sqlalchemy import func, select

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import (
    BodyPart,
    ConversationRole,
    ConversationStatus,
    DayOutcome,
    Equipment,
    ExerciseRole,
)
from alloy_desktop.services.errors import Conflict, NotFound, ValidationError
from alloy_desktop.services.schemas import (
    AcceptPlanRequest,
    AdaptationRequest,
    AdaptationResponse,
    CompletedExercise,
    CompletedSet,
    GoalWeight,
    MovementRuleCreate,
    ProfileUpdate,
    ProgramCreate,
    ProgramResponse,
    RecoverySignalCreate,
    SessionResponse,
    SorenessInput,
    SorenessLogCreate,
    WorkoutLogCreate,
)
from alloy_desktop.store.models import ConversationThread, ConversationTurn, Session


class FixedClock(Protocol):
    """The `clock` fixture of tests/unit/api/conftest.py."""

    now: datetime

    def advance(self, **delta: float) -> datetime: ...


MONDAY = date(2026, 11, 2)  # the conftest clock's day: a Lower Strength day (HYBRID, Mon/Wed/Fri)
TUESDAY = MONDAY + timedelta(days=1)
SORE_LEGS = AdaptationRequest(soreness=(SorenessInput("LEGS", 8),), notes="Stairs hurt")


@pytest.fixture
def program(me: UserApi) -> ProgramResponse:
    """An 8-week strength and hypertrophy program starting today, Mon/Wed/Fri."""
    goals = (GoalWeight("STRENGTH", 6), GoalWeight("HYPERTROPHY", 4))
    return me.programs.create(ProgramCreate(goals=goals, duration_weeks=8, split_template="HYBRID"))


def first_session(program: ProgramResponse) -> SessionResponse:
    return program.microcycles[0].sessions[0]


def loads_legs(alloy: Alloy, movement_id: int) -> bool:
    info = alloy.context.catalog.by_id[movement_id]
    return BodyPart.LEGS in info.primary_body_parts and not info.is_stretch


def count(alloy: Alloy, model: Any) -> int:
    with alloy.context.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def main_sets(result: AdaptationResponse) -> list[int]:
    return [a.sets for a in result.adapted if a.role is ExerciseRole.MAIN]


# --- plan -----------------------------------------------------------------------------------


def test_plan_on_a_training_day(me: UserApi, program: ProgramResponse) -> None:
    plan = me.days.plan(MONDAY)

    assert not plan.is_rest_day
    assert plan.session == first_session(program)
    assert plan.program_id == program.id
    assert plan.microcycle_sequence == 1 and not plan.is_deload
    assert plan.session is not None and not plan.session.is_adapted
    assert plan.session.time.total_minutes > 0
    assert str(plan.session.time.total_minutes) in plan.message
    assert plan.adapted_from_thread_id is None


def test_plan_on_a_rest_day(me: UserApi, program: ProgramResponse) -> None:
    plan = me.days.plan(TUESDAY)
    assert plan.is_rest_day and plan.session is None
    assert "Rest day" in plan.message and "Tuesday 3 November 2026" in plan.message


def test_plan_in_a_deload_week(me: UserApi, program: ProgramResponse) -> None:
    plan = me.days.plan(MONDAY + timedelta(weeks=3))
    assert plan.is_deload and plan.microcycle_sequence == 4
    assert plan.session is not None and plan.session.is_deload
    assert "Deload" in plan.message


def test_plan_without_a_program(me: UserApi) -> None:
    plan = me.days.plan(MONDAY)
    assert plan.is_rest_day and plan.program_id is None
    assert "no active program" in plan.message


def test_plan_rejects_a_non_date(me: UserApi) -> None:
    with pytest.raises(ValidationError) as error:
        me.days.plan("2026-11-02")  # type: ignore[arg-type]
    assert error.value.field == "target_date"


# --- adapt ----------------------------------------------------------------------------------


def test_adapt_for_sore_legs_removes_leg_work(
    alloy: Alloy, me: UserApi, program: ProgramResponse
) -> None:
    planned = first_session(program)
    leg_work = {e.id for e in planned.exercises if loads_legs(alloy, e.movement_id)}
    assert leg_work, "a lower-body day should load the legs"

    result = me.days.adapt(MONDAY, SORE_LEGS)

    assert result.session_id == planned.id and result.date == MONDAY
    assert {r.session_exercise_id for r in result.removed} == leg_work
    assert all("soreness" in r.reason for r in result.removed)
    assert not any(loads_legs(alloy, a.movement_id) for a in result.adapted)
    for removed in result.removed:
        assert all(not loads_legs(alloy, s.movement_id) for s in removed.substitutes)
    # A lower-body day has no stand-in that spares sore legs: the slots are dropped, said so.
    for swap in result.substituted:
        info = alloy.context.catalog.by_id[swap.movement_id]
        assert BodyPart.LEGS not in info.body_parts
        assert swap.session_exercise_id in leg_work
    assert "every alternative loads your sore legs" in result.explanation


def test_adapt_records_a_thread_and_two_turns(
    alloy: Alloy, me: UserApi, program: ProgramResponse
) -> None:
    result = me.days.adapt(MONDAY, SORE_LEGS)

    with alloy.context.db.sessions() as s:
        thread = s.get(ConversationThread, result.thread_id)
        assert thread is not None
        turns = s.scalars(
            select(ConversationTurn)
            .where(ConversationTurn.thread_id == thread.id)
            .order_by(ConversationTurn.sequence)
        ).all()
        assert thread.user_id == me.user.id and thread.session_id == result.session_id
        assert thread.status is ConversationStatus.IN_PROGRESS
        assert thread.target_date == MONDAY
        assert thread.request_json["soreness"] == [{"body_part": "LEGS", "level": 8}]
        assert thread.request_json["notes"] == "Stairs hurt"
        stored = thread.result_json
        assert stored["explanation"] == result.explanation
        assert [r["movement_id"] for r in stored["removed"]] == [
            r.movement_id for r in result.removed
        ]
        assert stored["recovery_score"] == result.recovery_score
        assert [(t.sequence, t.role) for t in turns] == [
            (1, ConversationRole.USER),
            (2, ConversationRole.ASSISTANT),
        ]
        assert "legs 8/10" in turns[0].content and "Stairs hurt" in turns[0].content
        assert turns[1].content == result.explanation


def test_adapt_on_a_rest_day_is_not_found(
    alloy: Alloy, me: UserApi, program: ProgramResponse
) -> None:
    with pytest.raises(NotFound) as error:
        me.days.adapt(TUESDAY, SORE_LEGS)
    assert "rest day" in error.value.message
    assert count(alloy, ConversationThread) == 0


def test_adapt_removes_movements_forbidden_after_planning(
    alloy: Alloy, me: UserApi, program: ProgramResponse
) -> None:
    main = next(e for e in first_session(program).exercises if e.role is ExerciseRole.MAIN)
    me.settings.add_movement_rule(
        MovementRuleCreate("HARD_NO", "MOVEMENT", movement_id=main.movement_id)
    )
    result = me.days.adapt(MONDAY, AdaptationRequest())

    removed = {r.session_exercise_id: r for r in result.removed}
    assert removed[main.id].reason.startswith("Forbidden")
    assert all(a.movement_id != main.movement_id for a in result.adapted)
    assert all(s.movement_id != main.movement_id for s in result.substituted)


def test_recovery_signal_in_the_request_sets_volume_and_sections(
    me: UserApi, program: ProgramResponse
) -> None:
    planned = [e.sets for e in first_session(program).exercises if e.role is ExerciseRole.MAIN]

    poor = me.days.adapt(MONDAY, AdaptationRequest(recovery_signal="POOR"))
    great = me.days.adapt(MONDAY, AdaptationRequest(recovery_signal="excellent"))
    neutral = me.days.adapt(MONDAY, AdaptationRequest())

    assert poor.recovery_score < 40 and poor.added_sections == ("extra_warmup",)
    assert main_sets(poor) == [s - 1 for s in planned]
    assert great.recovery_score > 70 and great.added_sections == ("conditioning",)
    assert main_sets(great) == [s + 1 for s in planned]
    assert neutral.recovery_score == 50 and neutral.added_sections == ()
    assert main_sets(neutral) == planned


def test_logged_recovery_signal_of_the_last_day_counts(
    me: UserApi, program: ProgramResponse, clock: FixedClock
) -> None:
    rough = {"signal": "POOR", "sleep_hours": 4.0, "sleep_quality": 1, "stress": 5, "energy": 1}
    me.logs.log_recovery_signal(
        RecoverySignalCreate(logged_at=clock.now - timedelta(hours=30), **rough)
    )
    assert me.days.adapt(MONDAY, AdaptationRequest()).recovery_score == 50  # too old

    me.logs.log_recovery_signal(
        RecoverySignalCreate(logged_at=clock.now - timedelta(hours=2), **rough)
    )
    result = me.days.adapt(MONDAY, AdaptationRequest())
    assert result.recovery_score < 10
    assert result.added_sections == ("extra_warmup",)


def test_muscle_recovery_state_counts(
    alloy: Alloy, me: UserApi, program: ProgramResponse, clock: FixedClock
) -> None:
    # Soreness logged an hour ago leaves the leg muscles barely recovered.
    me.logs.log_soreness(
        SorenessLogCreate((SorenessInput("LEGS", 9),), logged_at=clock.now - timedelta(hours=1))
    )
    result = me.days.adapt(MONDAY, AdaptationRequest())

    assert result.recovery_score < 50
    assert result.removed and all("recovering" in r.reason for r in result.removed)
    assert not any(loads_legs(alloy, a.movement_id) for a in result.adapted)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (AdaptationRequest(soreness=(SorenessInput("LEGS", 11),)), "soreness[0].level"),
        (AdaptationRequest(soreness=(SorenessInput("TOES", 5),)), "soreness[0].body_part"),
        (AdaptationRequest(recovery_signal="MEH"), "recovery_signal"),
        (AdaptationRequest(soreness=("LEGS",)), "soreness[0]"),  # type: ignore[arg-type]
    ],
)
def test_adapt_validation_names_the_field(
    alloy: Alloy, me: UserApi, program: ProgramResponse, bad: AdaptationRequest, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        me.days.adapt(MONDAY, bad)
    assert error.value.field == field
    assert count(alloy, ConversationThread) == 0


# --- accept, reject, conversation -----------------------------------------------------------


def test_accept_makes_the_adaptation_the_days_plan(
    alloy: Alloy, me: UserApi, program: ProgramResponse
) -> None:
    result = me.days.adapt(MONDAY, replace(SORE_LEGS, recovery_signal="POOR"))

    accepted = me.days.accept(MONDAY, AcceptPlanRequest(result.thread_id, "Legs day moved"))

    assert accepted.id == result.thread_id
    assert accepted.status is ConversationStatus.ACCEPTED
    assert accepted.final_notes == "Legs day moved"
    assert accepted.final_content == result.explanation
    assert [t.role for t in accepted.turns] == [ConversationRole.USER, ConversationRole.ASSISTANT]
    plan = me.days.plan(MONDAY)
    assert plan.session is not None and plan.session.is_adapted
    assert plan.adapted_from_thread_id == result.thread_id
    assert result.added_sections == ("extra_warmup",)
    assert "Added today: extra warmup" in plan.message
    expected = sorted(
        [(a.movement_id, a.sets) for a in result.adapted]
        + [(s.movement_id, s.sets) for s in result.substituted]
    )
    assert sorted((e.movement_id, e.sets) for e in plan.session.exercises) == expected
    assert not any(loads_legs(alloy, e.movement_id) for e in plan.session.exercises)
    with alloy.context.db.sessions() as s:
        row = s.get(Session, result.session_id)
        assert row is not None and row.accepted_plan is not None
        assert row.accepted_plan["thread_id"] == result.thread_id
    # The program view shows the adapted session too; other days keep their plan.
    mc = program.microcycles[0]
    session = me.programs.get_session(program.id or 0, mc.id or 0, result.session_id)
    assert session.is_adapted and session.exercises == plan.session.exercises
    assert not me.days.plan(MONDAY + timedelta(days=2)).session.is_adapted  # type: ignore[union-attr]


def test_accept_twice_or_reject_after_accept_is_a_conflict(
    me: UserApi, program: ProgramResponse
) -> None:
    result = me.days.adapt(MONDAY, SORE_LEGS)
    me.days.accept(MONDAY, AcceptPlanRequest(result.thread_id))

    with pytest.raises(Conflict):
        me.days.accept(MONDAY, AcceptPlanRequest(result.thread_id))
    with pytest.raises(Conflict):
        me.days.reject(MONDAY, result.thread_id)
    assert me.days.conversation(result.thread_id).status is ConversationStatus.ACCEPTED


def test_reject_keeps_the_plan(me: UserApi, program: ProgramResponse) -> None:
    result = me.days.adapt(MONDAY, SORE_LEGS)

    rejected = me.days.reject(MONDAY, result.thread_id)

    assert rejected.status is ConversationStatus.REJECTED
    plan = me.days.plan(MONDAY)
    assert plan.session == first_session(program)
    with pytest.raises(Conflict):
        me.days.accept(MONDAY, AcceptPlanRequest(result.thread_id))


def test_accept_for_another_day_is_a_conflict(me: UserApi, program: ProgramResponse) -> None:
    result = me.days.adapt(MONDAY, SORE_LEGS)
    with pytest.raises(Conflict):
        me.days.accept(MONDAY + timedelta(days=2), AcceptPlanRequest(result.thread_id))
    assert me.days.conversation(result.thread_id).status is ConversationStatus.IN_PROGRESS


def test_another_users_conversation_is_not_found(
    me: UserApi, other: UserApi, program: ProgramResponse
) -> None:
    result = me.days.adapt(MONDAY, SORE_LEGS)

    with pytest.raises(NotFound):
        other.days.accept(MONDAY, AcceptPlanRequest(result.thread_id))
    with pytest.raises(NotFound):
        other.days.reject(MONDAY, result.thread_id)
    with pytest.raises(NotFound):
        other.days.conversation(result.thread_id)
    assert other.days.plan(MONDAY).is_rest_day
    with pytest.raises(NotFound):
        other.days.adapt(MONDAY, SORE_LEGS)
    assert me.days.conversation(result.thread_id).status is ConversationStatus.IN_PROGRESS


# --- calendar -------------------------------------------------------------------------------


def test_calendar_marks_the_month(me: UserApi, program: ProgramResponse, clock: FixedClock) -> None:
    monday = first_session(program)
    main = next(e for e in monday.exercises if e.role is ExerciseRole.MAIN)
    me.logs.log_workout(
        WorkoutLogCreate(
            session_id=monday.id,
            completed_exercises=(
                CompletedExercise((CompletedSet(1, 60.0, 5),), session_exercise_id=main.id),
            ),
            performed_at=clock.now,
        )
    )
    clock.advance(days=8)  # Tuesday 10 November

    days = {d.date.day: d for d in me.days.calendar(2026, 11)}

    assert len(days) == 30
    assert days[1].outcome is DayOutcome.REST  # before the program starts
    assert days[2].outcome is DayOutcome.COMPLETED and days[2].session_id == monday.id
    assert days[2].session_name == monday.name
    assert days[3].outcome is DayOutcome.REST and days[3].session_id is None
    assert [days[n].outcome for n in (4, 6, 9)] == [DayOutcome.MISSED] * 3
    assert [days[n].outcome for n in (11, 13, 16)] == [DayOutcome.PLANNED] * 3
    assert [days[n].outcome for n in (23, 25, 27)] == [DayOutcome.DELOAD] * 3
    assert all(days[n].is_deload for n in range(23, 30))  # the whole deload microcycle
    assert days[24].outcome is DayOutcome.REST
    assert not days[22].is_deload and not days[30].is_deload
    assert {d.outcome for d in me.days.calendar(2027, 2)} == {DayOutcome.REST}


def test_calendar_validation(me: UserApi) -> None:
    with pytest.raises(ValidationError) as error:
        me.days.calendar(2026, 13)
    assert error.value.field == "month"
    assert all(d.outcome is DayOutcome.REST for d in me.days.calendar(2026, 11))


# --- substitutes ----------------------------------------------------------------------------


def test_substitutes_respect_rules_and_the_session(
    alloy: Alloy, me: UserApi, program: ProgramResponse
) -> None:
    session = first_session(program)
    main = next(e for e in session.exercises if e.role is ExerciseRole.MAIN)
    in_session = {e.movement_id for e in session.exercises}

    ranked = me.days.substitutes(main.id or 0)

    assert len(ranked) == 5
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert not in_session & {s.movement_id for s in ranked}
    assert len(me.days.substitutes(main.id or 0, limit=2)) == 2
    me.settings.add_movement_rule(
        MovementRuleCreate("HARD_NO", "MOVEMENT", movement_id=ranked[0].movement_id)
    )
    assert ranked[0].movement_id not in {s.movement_id for s in me.days.substitutes(main.id or 0)}


def test_substitutes_respect_equipment(alloy: Alloy, me: UserApi, program: ProgramResponse) -> None:
    me.settings.update_profile(ProfileUpdate(equipment=("DUMBBELL",)))
    main = next(e for e in first_session(program).exercises if e.role is ExerciseRole.MAIN)
    allowed = {Equipment.DUMBBELL, Equipment.BODY_ONLY, Equipment.NONE}
    for s in me.days.substitutes(main.id or 0, limit=10):
        assert alloy.context.catalog.by_id[s.movement_id].equipment in allowed


def test_substitutes_avoid_soreness_of_the_last_day(
    alloy: Alloy, me: UserApi, program: ProgramResponse, clock: FixedClock
) -> None:
    main = next(e for e in first_session(program).exercises if e.role is ExerciseRole.MAIN)
    assert loads_legs(alloy, main.movement_id)
    before = me.days.substitutes(main.id or 0)
    assert any(loads_legs(alloy, s.movement_id) for s in before)

    me.logs.log_soreness(SorenessLogCreate((SorenessInput("LEGS", 8),)))
    after = me.days.substitutes(main.id or 0)
    assert after and not any(loads_legs(alloy, s.movement_id) for s in after)

    clock.advance(hours=50)  # the report is stale and the legs have recovered
    assert me.days.substitutes(main.id or 0) == before


def test_substitutes_of_another_users_exercise_are_not_found(
    me: UserApi, other: UserApi, program: ProgramResponse
) -> None:
    exercise = first_session(program).exercises[0]
    with pytest.raises(NotFound):
        other.days.substitutes(exercise.id or 0)
    with pytest.raises(ValidationError) as error:
        me.days.substitutes(exercise.id or 0, limit=0)
    assert error.value.field == "limit"


def test_an_endurance_day_logged_as_an_activity_counts_as_done(me: UserApi, clock: Any) -> None:
    """A Zone 2 ride is logged as an activity, which names no session: its day still counts."""
    from datetime import UTC

    from alloy_desktop.services.schemas import ActivityInstanceCreate

    me.programs.create(ProgramCreate(goals=(GoalWeight("ENDURANCE", 10),), duration_weeks=8))
    monday = me.days.plan(MONDAY).session
    assert monday is not None and monday.session_type.value == "ENDURANCE"
    ride = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
    me.activities.log(ActivityInstanceCreate("Zone 2 Ride", 45, performed_start=ride))
    clock.advance(days=3)  # Wednesday's session has passed unlogged
    days = {d.date: d.outcome for d in me.days.calendar(2026, 11)}
    assert days[MONDAY] is DayOutcome.COMPLETED
    assert days[MONDAY + timedelta(days=2)] is DayOutcome.MISSED
    adherence = me.logs.adherence()
    assert (adherence.completed_sessions, adherence.missed_sessions) == (1, 1)
