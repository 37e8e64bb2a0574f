"""Today's plan: the view-model's wording and adaptation round-trip, and the Today page as used."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from alloy_desktop.api import schemas
from alloy_desktop.api.errors import ValidationError
from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    ConversationStatus,
    DayOutcome,
    RecoverySignalLevel,
)
from alloy_desktop.ui.viewmodels.coach import ASSISTANT, USER, CoachViewModel
from alloy_desktop.ui.viewmodels.day_plan import (
    ACCEPTED,
    NO_PROGRAM,
    REJECTED,
    REST,
    TRAINING,
    DayPlanViewModel,
    PlanView,
    adaptation_request,
    format_rest,
    prescription,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import UNEXPECTED
from alloy_desktop.ui.views.today_view import TodayView

MONDAY = date(2026, 11, 2)  # Lower Strength: squats, deadlifts, leg curls, extensions
TUESDAY = date(2026, 11, 3)  # rest
WEDNESDAY = date(2026, 11, 4)


def api_lines(session: AppSession, day: date) -> list[str]:
    """The plan's exercise rows as the screens should word them, straight from the api."""
    plan = session.me.days.plan(day)
    assert plan.session is not None
    return [
        f"{e.movement_name} — "
        f"{prescription(e.sets, e.reps, e.reps_max, e.rpe, e.rest_seconds, e.pattern, e.role)}"
        for e in plan.session.exercises
    ]


def leg_exercises(session: AppSession, day: date) -> set[str]:
    plan = session.me.days.plan(day)
    assert plan.session is not None
    return {
        e.movement_name
        for e in plan.session.exercises
        if any(MUSCLE_GROUP_BODY_PART[g] is BodyPart.LEGS for g in e.primary_muscles)
        and "Stretch" not in e.movement_name
        and "90/90" not in e.movement_name
    }


@pytest.fixture
def vm(session_with_program: AppSession) -> DayPlanViewModel:
    return DayPlanViewModel(session_with_program)


def loaded(vm: DayPlanViewModel, day: date) -> PlanView:
    vm.load(day)
    assert vm.view is not None
    return vm.view


# --- wording ------------------------------------------------------------------------------


def test_prescription_reads_like_a_coach_writes_it() -> None:
    assert prescription(4, 5, None, 8.0, 180) == "4 × 5 @ RPE 8 · rest 3:00"
    assert prescription(3, 8, 12, 7.5, 90) == "3 × 8–12 @ RPE 7.5 · rest 1:30"
    assert prescription(1, 30, None, None, 0) == "1 × 30"
    assert format_rest(45) == "0:45"


def test_zero_soreness_is_not_sent() -> None:
    request = adaptation_request({BodyPart.LEGS: 8, BodyPart.CHEST: 0}, "POOR", "  tired ")
    assert request.soreness == (schemas.SorenessInput(BodyPart.LEGS, 8),)
    assert request.recovery_signal is RecoverySignalLevel.POOR
    assert request.notes == "tired"


# --- the plan -----------------------------------------------------------------------------


def test_training_day_is_grouped_by_section_with_minutes(
    vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    view = loaded(vm, MONDAY)
    plan = session_with_program.me.days.plan(MONDAY)
    assert plan.session is not None
    total = plan.session.time.total_minutes
    assert view.kind == TRAINING
    assert view.headline == f"Monday 2 November · {plan.session.name} · ~{total} min"
    assert [s.title for s in view.sections] == ["Warm-up", "Main work", "Accessories", "Cool-down"]
    assert sum(s.minutes for s in view.sections) == total
    assert sorted(view.lines()) == sorted(api_lines(session_with_program, MONDAY))
    assert "Barbell Squat — 4 × 6 @ RPE 7.5 · rest 2:30" in view.lines()
    assert vm.can_adapt() and vm.can_start()


def test_rest_day_says_when_the_next_session_is(
    vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    view = loaded(vm, TUESDAY)
    wednesday = session_with_program.me.days.plan(WEDNESDAY).session
    assert wednesday is not None
    assert view.kind == REST
    assert view.headline == "Tuesday 3 November · Rest day"
    # Counted from today (Monday), not from the day on show.
    assert view.next_session == f"Wednesday 4 November · {wednesday.name} (in 2 days)"
    assert "Rest day" in view.message
    assert view.sections == ()
    assert not vm.can_adapt() and not vm.can_start()


def test_without_a_program_the_day_points_to_the_program_page(app_session: AppSession) -> None:
    vm = DayPlanViewModel(app_session)
    view = loaded(vm, MONDAY)
    assert view.kind == NO_PROGRAM
    assert view.headline == "Monday 2 November · No program yet"
    assert "no active program" in view.message.lower()


def test_a_logged_session_cannot_be_started_or_adapted_again(
    vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    me = session_with_program.me
    session = me.days.plan(MONDAY).session
    assert session is not None
    loaded(vm, MONDAY)
    me.logs.log_workout(
        schemas.WorkoutLogCreate(
            session_id=session.id,
            completed_exercises=(
                schemas.CompletedExercise(
                    (schemas.CompletedSet(1, 60.0, 6),),
                    session_exercise_id=session.exercises[3].id,
                ),
            ),
        )
    )
    session_with_program.notify("logs")  # what the logger announces after saving
    assert vm.view is not None
    assert vm.view.outcome is DayOutcome.COMPLETED
    assert "Completed" in vm.view.badges
    assert not vm.can_start() and not vm.can_adapt()


def test_an_unexpected_failure_reaches_the_view_in_plain_words(
    vm: DayPlanViewModel, session_with_program: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_day: date) -> schemas.DailyPlanResponse:
        raise RuntimeError("database is on fire")

    monkeypatch.setattr(session_with_program.me.days, "plan", broken)
    failures: list[str] = []
    vm.plan_failed.connect(failures.append)
    vm.load(MONDAY)
    assert failures == [UNEXPECTED]
    assert "Traceback" not in failures[0]


# --- adapting -----------------------------------------------------------------------------


def test_sore_legs_remove_the_leg_work_and_list_substitutes(
    vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    loaded(vm, MONDAY)
    vm.adapt({BodyPart.LEGS: 8})
    view = vm.adaptation
    assert view is not None and view.is_pending
    removed = {row.title for row in view.removed}
    legs = leg_exercises(session_with_program, MONDAY)
    # Every leg lift goes; mobility drills (ankle circles) and stretches may stay.
    assert removed <= legs
    assert {"Barbell Squat", "Stiff-Legged Dumbbell Deadlift", "Leg Extensions"} <= removed
    assert "Cable Crunch" not in removed
    assert all("legs 8/10" in row.detail for row in view.removed)
    # Every stand-in for the squat would load the sore legs: it is dropped, options listed.
    squat = next(row for row in view.removed if row.title == "Barbell Squat")
    assert "no swap made; options: " in squat.detail
    assert view.substituted == ()
    assert view.summary.startswith(f"{len(view.removed)} removed · ")
    assert view.explanation.startswith("Bodyweight Squat is dropped for today")
    assert "every alternative loads your sore legs" in view.explanation
    assert [m.role for m in vm.coach.messages] == [USER, ASSISTANT]
    assert "Soreness: legs 8/10" in vm.coach.messages[0].text
    assert vm.coach.messages[1].text == view.explanation


def test_accept_makes_the_adapted_session_the_days_plan(
    qtbot: QtBot, vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    loaded(vm, MONDAY)
    vm.adapt({BodyPart.LEGS: 8}, RecoverySignalLevel.FAIR, "slept badly")
    pending = vm.adaptation
    assert pending is not None
    with qtbot.waitSignal(session_with_program.changed) as announced:
        vm.accept("Thanks")
    assert announced.args == ["plan"]
    assert vm.adaptation is not None and vm.adaptation.status == ACCEPTED
    assert vm.view is not None and vm.view.is_adapted and "Adapted" in vm.view.badges
    names = {line.split(" — ")[0] for line in vm.view.lines()}
    assert not names & {row.title for row in pending.removed}
    assert {row.title.split(" → ")[1] for row in pending.substituted} <= names
    thread = session_with_program.me.days.conversation(pending.thread_id)
    assert thread.status is ConversationStatus.ACCEPTED and thread.final_notes == "Thanks"
    assert vm.coach.messages[-1].text == "Accepted. This is now the day's plan."


def test_reject_keeps_the_original_plan(
    vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    before = loaded(vm, MONDAY).lines()
    vm.adapt({BodyPart.LEGS: 8})
    assert vm.adaptation is not None
    thread_id = vm.adaptation.thread_id
    vm.reject()
    assert vm.adaptation.status == REJECTED
    assert (
        session_with_program.me.days.conversation(thread_id).status is ConversationStatus.REJECTED
    )
    vm.refresh()
    assert vm.view is not None and vm.view.lines() == before and not vm.view.is_adapted


def test_a_rest_day_or_past_day_is_not_adapted(
    qtbot: QtBot, vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    loaded(vm, TUESDAY)
    with qtbot.waitSignal(vm.error) as rest:
        vm.adapt({BodyPart.LEGS: 8})
    assert rest.args is not None and "rest day" in rest.args[1]
    assert vm.adaptation is None
    loaded(vm, MONDAY - timedelta(days=7))  # before the program: a rest day too
    assert not vm.can_adapt()


def test_api_validation_errors_name_their_field(
    qtbot: QtBot, vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    loaded(vm, MONDAY)
    with qtbot.waitSignal(vm.error) as error:
        vm.adapt({}, None, "x" * 2500)
    assert error.args is not None and error.args[0] == "notes"
    assert not vm.adapting and vm.adaptation is None


def test_typing_to_the_coach_adapts_again_with_the_note(
    vm: DayPlanViewModel, session_with_program: AppSession
) -> None:
    loaded(vm, MONDAY)
    vm.adapt({BodyPart.LEGS: 5})
    first = vm.adaptation
    assert first is not None
    assert vm.coach.send("Short on time today")
    second = vm.adaptation
    assert second is not None and second.thread_id != first.thread_id
    thread = session_with_program.me.days.conversation(second.thread_id)
    assert "Notes: Short on time today" in thread.turns[0].content
    assert "legs 5/10" in thread.turns[0].content  # the panel's soreness is kept
    superseded = session_with_program.me.days.conversation(first.thread_id)
    assert superseded.status is ConversationStatus.REJECTED  # no thread left dangling


def test_coach_on_a_rest_day_answers_without_adapting(vm: DayPlanViewModel) -> None:
    loaded(vm, TUESDAY)
    assert vm.coach.messages[0].text.startswith("It's a rest day")
    vm.coach.send("Can I train anyway?")
    assert vm.coach.messages[-2].role == USER
    assert vm.coach.messages[-1].text.startswith("It's a rest day")
    assert vm.adaptation is None


# --- the coach's transcript ---------------------------------------------------------------


def test_coach_transcript_grows_chunk_by_chunk(qtbot: QtBot) -> None:
    coach = CoachViewModel()
    updates: list[int] = []
    coach.message_updated.connect(updates.append)
    coach.add_message(USER, "Legs are toast")
    index = coach.begin_assistant_message()
    coach.append_chunk("Swap the ")
    coach.append_chunk("squats.")
    assert coach.messages[index].text == "Swap the squats." and coach.messages[index].partial
    coach.end_message()
    assert not coach.messages[index].partial and not coach.is_streaming
    assert updates == [index, index, index]
    assert not coach.send("   ")
    with qtbot.waitSignal(coach.send_requested) as sent:
        assert coach.send(" More rest? ")
    assert sent.args == ["More rest?"]


# --- the Today page, used as a lifter would -------------------------------------------


@pytest.fixture
def today(qtbot: QtBot, session_with_program: AppSession) -> TodayView:
    view = TodayView(session_with_program)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_today_shows_the_headline_rows_and_start_button(
    today: TodayView, session_with_program: AppSession
) -> None:
    plan = session_with_program.me.days.plan(MONDAY)
    assert plan.session is not None
    minutes = plan.session.time.total_minutes
    assert today.headline.text() == f"Monday 2 November · {plan.session.name} · ~{minutes} min"
    assert sorted(today.plan.row_texts()) == sorted(api_lines(session_with_program, MONDAY))
    assert today.plan.section_titles()[:2] == ["Warm-up", "Main work"]
    assert today.start_button.isVisible() and today.start_button.isEnabled()
    assert today.start_button.text() == "Start workout"


def test_the_plan_column_takes_most_of_the_width_the_window_gains(today: TodayView) -> None:
    """Plan, Adapt, coach from left to right; a wider window widens the plan most (5:4:4)."""
    body = today.body
    assert [body.widget(i) for i in range(body.count())] == [
        today.plan,
        today.adapt.parentWidget().parentWidget(),  # the Adapt panel's scroll area
        today.coach,
    ]
    stretches = [body.widget(i).sizePolicy().horizontalStretch() for i in range(body.count())]
    assert stretches == [5, 4, 4]
    before = body.sizes()
    today.resize(1680, 800)
    QApplication.processEvents()
    gained = [after - was for after, was in zip(body.sizes(), before, strict=True)]
    assert gained[0] > gained[1] > 0 and gained[0] > gained[2] > 0


def test_ctrl_enter_opens_todays_session_in_the_logger(
    qtbot: QtBot, session_with_program: AppSession
) -> None:
    class Logger(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.started: list[date] = []

        def start_session(self, day: date) -> None:
            self.started.append(day)

    class Window(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.logger = Logger()
            self.shown: list[str] = []

        def show_page(self, key: str) -> QWidget:
            self.shown.append(key)
            return self.logger

    window = Window()
    qtbot.addWidget(window)
    page = TodayView(session_with_program, window)
    window.setCentralWidget(page)
    window.show()
    window.activateWindow()  # shortcuts only fire in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.keyClick(page.plan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert started.args == [MONDAY]
    assert window.shown == ["log"] and window.logger.started == [MONDAY]


def test_adapting_from_the_keyboard_then_accepting(
    qtbot: QtBot, today: TodayView, session_with_program: AppSession
) -> None:
    legs = today.adapt.sliders[BodyPart.LEGS]
    legs.slider.setFocus()
    for _ in range(8):
        qtbot.keyClick(legs.slider, Qt.Key.Key_Right)
    assert legs.value.text() == "8"
    qtbot.mouseClick(today.adapt.adapt_button, Qt.MouseButton.LeftButton)

    removed = today.adapt.removed.texts()
    assert today.adapt.removed.isVisible() and not today.adapt.substituted.isVisible()
    assert any(t.startswith("Barbell Squat — Conflicts with soreness: legs 8/10") for t in removed)
    assert today.adapt.substituted.texts() == []  # nothing spares sore legs on a lower day
    explanation = today.coach.message_texts()[-1]
    assert explanation.startswith("Bodyweight Squat is dropped for today")
    assert "every alternative loads your sore legs" in explanation

    qtbot.mouseClick(today.adapt.accept_button, Qt.MouseButton.LeftButton)
    rows = today.plan.row_texts()
    assert not any(r.startswith("Barbell Squat — ") for r in rows)
    assert "Adapted" in today.plan.view.badges if today.plan.view else False
    assert today.adapt.outcome.text() == "Accepted: this is now the day's plan."
    assert not today.adapt.accept_button.isVisible()
    assert session_with_program.me.days.plan(MONDAY).session.is_adapted  # type: ignore[union-attr]


def test_an_api_error_shows_beside_its_field(
    qtbot: QtBot,
    today: TodayView,
    session_with_program: AppSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(_day: date, _request: schemas.AdaptationRequest) -> schemas.AdaptationResponse:
        raise ValidationError("notes", "Notes can be at most 2000 characters.")

    monkeypatch.setattr(session_with_program.me.days, "adapt", refuse)
    qtbot.keyClicks(today.adapt.notes, "long story")
    qtbot.keyClick(today.adapt.notes, Qt.Key.Key_Return)
    assert today.adapt.notes_error.isVisible()
    assert today.adapt.notes_error.text() == "Notes can be at most 2000 characters."
    assert not today.adapt.results_card.isVisible()


def test_rest_day_card_on_today(
    qtbot: QtBot, session_with_program: AppSession, ui_clock: object
) -> None:
    ui_clock.now += timedelta(days=1)  # type: ignore[attr-defined]
    view = TodayView(session_with_program)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    text = view.plan.visible_text()
    assert view.headline.text() == "Tuesday 3 November · Rest day"
    assert "Rest day: nothing is planned for Tuesday 3 November 2026." in text
    assert "Next session" in text and "Wednesday 4 November" in text and "(tomorrow)" in text
    assert not view.start_button.isVisible()
    assert view.adapt.reason.text() == "Rest day: nothing to adapt."
    assert view.coach.message_texts()[0].startswith("It's a rest day")
