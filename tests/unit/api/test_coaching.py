"""A coach and their athletes through the api: invitations, the athlete list, read-only views."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import sign_up
from db_state import fingerprint

from alloy_desktop.api import Alloy, UserApi, errors, schemas
from alloy_desktop.domain.enums import CoachLinkStatus

MONDAY = date(2026, 11, 2)  # the conftest clock's day
SQUAT = "Barbell Squat"


@pytest.fixture
def coach(alloy: Alloy, me: UserApi) -> UserApi:
    return sign_up(alloy, "coach@example.com", "Cam Coach")


@pytest.fixture
def athlete(alloy: Alloy, me: UserApi) -> UserApi:
    return sign_up(alloy, "ath@example.com", "Ash Athlete")


def squat(alloy: Alloy) -> int:
    return next(m.id for m in alloy.context.catalog.movements if m.name == SQUAT)


def coached(coach: UserApi, athlete: UserApi) -> int:
    """Invites and accepts; the link id."""
    link = coach.coaching.invite("ATH@example.com ")
    athlete.coaching.answer(link.id, accept=True)
    return link.id


def log_squat(api: UserApi, alloy: Alloy, weight: float, days_ago: int) -> None:
    sets = (schemas.CompletedSet(1, weight, 5, 8.0), schemas.CompletedSet(2, weight, 5, 8.5))
    api.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(squat(alloy), sets),),
            name="Squat day",
            performed_at=alloy.context.now() - timedelta(days=days_ago),
        )
    )


def test_an_invitation_is_pending_until_the_athlete_answers(
    coach: UserApi, athlete: UserApi
) -> None:
    link = coach.coaching.invite("ath@example.com")
    assert (link.status, link.coach_name, link.athlete_name) == (
        CoachLinkStatus.PENDING,
        "Cam Coach",
        "Ash Athlete",
    )
    assert [x.id for x in athlete.coaching.links().as_athlete] == [link.id]
    assert coach.coaching.athletes() == []  # not before the athlete accepts
    with pytest.raises(errors.NotFound):
        coach.athlete(athlete.user.id)
    answered = athlete.coaching.answer(link.id, accept=True)
    assert answered.status is CoachLinkStatus.ACCEPTED and answered.answered_at is not None
    assert [a.athlete_id for a in coach.coaching.athletes()] == [athlete.user.id]


def test_bad_invitations_name_the_field(coach: UserApi, athlete: UserApi) -> None:
    for email, message in (
        ("nobody@example.com", "No lifter with that email"),
        ("coach@example.com", "cannot coach yourself"),
        ("not-an-email", "email address"),
    ):
        with pytest.raises(errors.ValidationError) as caught:
            coach.coaching.invite(email)
        assert caught.value.field == "athlete_email" and message in caught.value.message
    coach.coaching.invite("ath@example.com")
    with pytest.raises(errors.Conflict):
        coach.coaching.invite("ath@example.com")


def test_only_the_athlete_answers_and_only_once(
    alloy: Alloy, coach: UserApi, athlete: UserApi, me: UserApi
) -> None:
    link = coach.coaching.invite("ath@example.com")
    for someone in (coach, me):  # the coach cannot accept for the athlete; nor a stranger
        with pytest.raises(errors.NotFound):
            someone.coaching.answer(link.id, accept=True)
    athlete.coaching.answer(link.id, accept=False)
    before = fingerprint(alloy)
    with pytest.raises(errors.Conflict):
        athlete.coaching.answer(link.id, accept=True)
    assert fingerprint(alloy) == before
    assert coach.coaching.links().as_coach[0].status is CoachLinkStatus.DECLINED


def test_the_athlete_list_reads_their_training(
    alloy: Alloy, coach: UserApi, athlete: UserApi
) -> None:
    coached(coach, athlete)
    for weight, days_ago in ((100.0, 20), (105.0, 10), (110.0, 0)):  # legs tired today
        log_squat(athlete, alloy, weight, days_ago)
    (row,) = coach.coaching.athletes()
    assert (row.name, row.email) == ("Ash Athlete", "ath@example.com")
    assert row.last_workout is not None and row.last_workout.name == "Squat day"
    (lift,) = row.lifts
    assert lift.name == SQUAT
    assert [p.weight_kg for p in lift.points] == [100.0, 105.0, 110.0]
    assert lift.change_kg == pytest.approx(lift.points[-1].e1rm_kg - lift.points[0].e1rm_kg)
    own = sorted(athlete.logs.muscle_recovery(), key=lambda r: r.recovery_level)
    assert [r.muscle_group for r in row.least_recovered] == [r.muscle_group for r in own[:3]]
    assert len(row.least_recovered) == 3 and own[3:]  # the three lowest of more than three
    assert row.least_recovered[0].recovery_level < own[-1].recovery_level  # squats tire legs
    assert row.adherence is None  # no program yet
    coach.athlete(athlete.user.id).programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("STRENGTH", 10),), duration_weeks=8)
    )
    adherence = coach.coaching.athletes()[0].adherence
    assert adherence is not None and adherence.planned_sessions > 0


def test_a_coach_reads_an_athlete_and_plans_for_them_but_never_writes_their_logs(
    alloy: Alloy, coach: UserApi, athlete: UserApi
) -> None:
    coached(coach, athlete)
    log_squat(athlete, alloy, 100.0, 3)
    view = coach.athlete(athlete.user.id)
    assert view.user.id == athlete.user.id and view.read_only
    assert [p.weight_kg for p in view.logs.e1rm_trend(squat(alloy))] == [100.0]
    assert view.history.count() == 1
    before = fingerprint(alloy)
    with pytest.raises(errors.Forbidden) as caught:
        view.logs.log_custom_workout(
            schemas.CustomWorkoutLogCreate(
                (schemas.CustomExercise(squat(alloy), (schemas.CompletedSet(1, 50.0, 5),)),)
            )
        )
    assert "only the athlete changes" in caught.value.message
    with pytest.raises(errors.Forbidden):
        view.history.delete_workout(view.history.search(None, 1)[0].id)
    with pytest.raises(errors.Forbidden):
        view.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    assert fingerprint(alloy) == before
    # Plans are the coach's to make: a program made here is the athlete's own.
    goals = (schemas.GoalWeight("STRENGTH", 10),)
    made = view.programs.create(schemas.ProgramCreate(goals=goals, duration_weeks=8))
    assert athlete.programs.get(made.id).id == made.id
    today = view.days.plan(MONDAY)
    assert today.session is not None and today.session.id == athlete.days.plan(MONDAY).session.id  # type: ignore[union-attr]


def test_ending_a_link_takes_the_athletes_data_away(
    alloy: Alloy, coach: UserApi, athlete: UserApi
) -> None:
    link_id = coached(coach, athlete)
    coach.athlete(athlete.user.id)
    ended = athlete.coaching.end(link_id)
    assert ended.status is CoachLinkStatus.ENDED
    assert coach.coaching.athletes() == []
    with pytest.raises(errors.NotFound):
        coach.athlete(athlete.user.id)
    with pytest.raises(errors.Conflict):
        coach.coaching.end(link_id)
    # A new invitation starts over, pending again.
    again = coach.coaching.invite("ath@example.com")
    assert again.id == link_id and again.status is CoachLinkStatus.PENDING


def test_a_coach_sees_only_their_own_athletes(
    alloy: Alloy, coach: UserApi, athlete: UserApi, me: UserApi
) -> None:
    coached(coach, athlete)
    other_coach = sign_up(alloy, "other.coach@example.com", "Olga")
    assert other_coach.coaching.athletes() == []
    for stranger in (other_coach, me):
        with pytest.raises(errors.NotFound):
            stranger.athlete(athlete.user.id)
    # The athlete is no one's coach, and cannot open their coach's data either.
    with pytest.raises(errors.NotFound):
        athlete.athlete(coach.user.id)
    assert [x.coach_id for x in athlete.coaching.links().as_athlete] == [coach.user.id]
    assert other_coach.coaching.links().as_coach == ()
