"""The coach's Athletes page: invitations both ways, the athlete table, one athlete opened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.ui.viewmodels.session import ALL_TOPICS, LOGS, PROGRAMS, SETTINGS, AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.views.athletes_view import LIFTS_ROLE, AthletesView, AthleteWindow

SQUAT = "Barbell Squat"


def sign_up(alloy: Alloy, email: str, name: str) -> UserApi:
    return alloy.for_token(alloy.auth.register(email, "correct horse", name).access_token)


def log_squats(alloy: Alloy, athlete: UserApi) -> None:
    squat = next(m.id for m in alloy.context.catalog.movements if m.name == SQUAT)
    for weight, days_ago in ((100.0, 15), (110.0, 1)):
        sets = (schemas.CompletedSet(1, weight, 5, 8.0),)
        athlete.logs.log_custom_workout(
            schemas.CustomWorkoutLogCreate(
                (schemas.CustomExercise(squat, sets),),
                name="Legs",
                performed_at=alloy.context.now() - timedelta(days=days_ago),
            )
        )


@pytest.fixture
def athlete(ui_alloy: Alloy, app_session: AppSession) -> UserApi:
    return sign_up(ui_alloy, "ash@example.com", "Ash")


@pytest.fixture
def page(qtbot: QtBot, app_session: AppSession) -> AthletesView:
    view = AthletesView(app_session)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.activate()  # as the main window does when the page is shown
    return view


def buttons(view: AthletesView) -> list[str]:
    return [b.text() for b in view.answers.findChildren(QPushButton) if b.isVisibleTo(view)]


def test_a_bad_email_is_named_beside_the_field(page: AthletesView) -> None:
    page.email.setText("nobody@example.com")
    page._invite()
    assert page.email_error.isVisibleTo(page)
    assert "No lifter with that email" in page.email_error.text()
    assert page.table.rowCount() == 0
    assert "No athletes yet" in page.empty.text()


def test_invite_accept_and_the_athlete_row(
    ui_alloy: Alloy, page: AthletesView, athlete: UserApi
) -> None:
    page.email.setText("ash@example.com")
    page._invite()
    assert page.status.text() == "Invitation sent to Ash."
    assert page.email.text() == ""
    assert buttons(page) == ["Withdraw"]
    athlete.coaching.answer(athlete.coaching.links().as_athlete[0].id, accept=True)
    log_squats(ui_alloy, athlete)
    page.activate()
    assert page.table.rowCount() == 1
    cells = [page.table.item(0, c).text() for c in range(5)]
    assert cells[0] == "Ash" and cells[1] == "Legs, yesterday"
    assert cells[2] == "No program"
    lifts = page.table.item(0, 5).data(LIFTS_ROLE)
    # Epley with reps in reserve: 110 x (1 + 7/30) = 135.7, up 12.3 from 100 x 5 at RPE 8.
    assert lifts[0][:2] == (SQUAT, "136 kg  ▲ 12")
    assert lifts[0][2][0] < lifts[0][2][-1]
    assert not page.answers.isVisibleTo(page)  # nothing left to answer


def test_an_athlete_answers_a_coach_on_the_same_page(
    qtbot: QtBot, ui_alloy: Alloy, athlete: UserApi
) -> None:
    coach = sign_up(ui_alloy, "cam@example.com", "Cam")
    coach.coaching.invite("ash@example.com")
    session = AppSession(ui_alloy, InlineTaskRunner())
    session.resume(ui_alloy.auth.login("ash@example.com", "correct horse").access_token)
    view = AthletesView(session)
    qtbot.addWidget(view)
    view.activate()
    assert buttons(view) == ["Accept", "Decline"]
    assert "Cam asks to coach you" in view.answers.findChildren(type(view.empty))[1].text()
    next(b for b in view.answers.findChildren(QPushButton) if b.text() == "Accept").click()
    assert buttons(view) == ["Stop"]
    assert [a.athlete_id for a in coach.coaching.athletes()] == [athlete.user.id]


def test_opening_an_athlete_shows_their_pages_read_only(
    qtbot: QtBot, ui_alloy: Alloy, page: AthletesView, athlete: UserApi
) -> None:
    link = page.session.me.coaching.invite("ash@example.com")
    athlete.coaching.answer(link.id, accept=True)
    log_squats(ui_alloy, athlete)
    page.activate()
    page._open_row(0)
    (window,) = page.windows
    qtbot.addWidget(window)
    assert isinstance(window, AthleteWindow)
    assert window.windowTitle() == "Ash — coached by you"
    assert window.session.me.user.id == athlete.user.id and window.session.me.read_only
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Today",
        "Progress",
        "History",
        "Program",
    ]
    window.tabs.setCurrentIndex(2)
    history = window.pages["History"]
    assert history.vm.model.rowCount() == 2  # type: ignore[attr-defined]
    # Someone else's training: shown, never offered for editing.
    for button in ("save_set", "delete_button", "undo_button", "move_button"):
        assert not getattr(history, button).isVisibleTo(history), button
    progress = window.pages["Progress"]
    card = progress.body_weight  # type: ignore[attr-defined]
    assert not card.log_button.isVisibleTo(card) and not card.weight.isVisibleTo(card)


def test_an_athletes_training_day_offers_no_start_to_the_coach(
    ui_alloy: Alloy, page: AthletesView, athlete: UserApi
) -> None:
    athlete.coaching.answer(page.session.me.coaching.invite("ash@example.com").id, accept=True)
    today = ui_alloy.context.today()
    days = tuple(sorted({(today.weekday() + offset) % 7 for offset in (0, 2, 4)}))
    athlete.settings.update_profile(
        schemas.ProfileUpdate(scheduling=schemas.SchedulingPreferences(3, days, 60, 7))
    )
    goals = (schemas.GoalWeight("STRENGTH", 10),)
    athlete.programs.create(schemas.ProgramCreate(goals, duration_weeks=8, start_date=today))
    page.activate()
    page._open_row(0)
    (window,) = page.windows
    today_page = window.pages["Today"]
    today_page.vm.load(today)  # type: ignore[attr-defined]
    view = today_page.vm.view  # type: ignore[attr-defined]
    assert view is not None and view.is_training  # the athlete trains today...
    # ...but only they log it: no Start workout, and its shortcut does nothing.
    assert not today_page.start_button.isVisibleTo(today_page)  # type: ignore[attr-defined]
    assert not today_page.vm.can_start()  # type: ignore[attr-defined]


def test_the_list_reloads_on_changes_only_while_shown(
    ui_alloy: Alloy, page: AthletesView, athlete: UserApi
) -> None:
    athlete.coaching.answer(page.session.me.coaching.invite("ash@example.com").id, accept=True)
    page.vm.active = False  # the page is hidden
    page.session.notify(LOGS)
    assert page.table.rowCount() == 0  # not reloaded behind the lifter's back
    page.activate()  # shown again: every visit reloads
    assert page.table.rowCount() == 1
    log_squats(ui_alloy, athlete)
    page.session.notify(LOGS)  # while shown, a change reloads at once
    assert page.table.item(0, 1).text() == "Legs, yesterday"
    reloads: list[str] = []
    real_refresh = page.vm.refresh
    page.vm.refresh = lambda: (reloads.append("list"), real_refresh())  # type: ignore[method-assign]
    page.session.notify(*ALL_TOPICS)  # a sync pull announces every topic: one reload
    assert reloads == ["list"]
    page.session.notify(SETTINGS)  # the coach's own settings: nothing in the list moves
    assert reloads == ["list"]
    page._open_row(0)
    (window,) = page.windows
    window.session.notify(PROGRAMS)  # a program made in the athlete's window
    assert reloads == ["list", "list"]
