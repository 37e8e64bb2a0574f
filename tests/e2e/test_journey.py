"""One lifter's first week in the real main window, from the welcome dialog to a PR on the chart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.domain.enums import BodyPart, Equipment, MuscleGroup
from alloy_desktop.ui.viewmodels.progress import epoch, readout
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.viewmodels.workout_logger import RPE, WEIGHT
from alloy_desktop.ui.views.auth_dialogs import WelcomeDialog, ask_for_user
from alloy_desktop.ui.views.logger_view import LoggerView
from alloy_desktop.ui.views.main_window import MainWindow
from alloy_desktop.ui.views.program_view import ProgramView
from alloy_desktop.ui.views.progress_view import ProgressView
from alloy_desktop.ui.views.recovery_view import RecoveryView
from alloy_desktop.ui.views.today_view import TodayView
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.body_map import recovery_colour

MONDAY = date(2026, 11, 2)
NEXT_MONDAY = date(2026, 11, 9)
PRESS = "Barbell Bench Press - Medium Grip"  # Monday's press: it survives sore legs
SQUAT = "Barbell Squat"


class Clock:
    """The api's clock, moved by the test as the week goes by."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class App:
    """What app.py puts together: the api, the session, the settings file and the window."""

    alloy: Alloy
    session: AppSession
    settings: QSettings
    window: MainWindow
    clock: Clock


@pytest.fixture
def app(qtbot: QtBot, db_path: Path, tmp_path: Path) -> Iterator[App]:
    clock = Clock()
    alloy = Alloy.open(db_path, clock=clock)
    session = AppSession(alloy, InlineTaskRunner())
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    yield App(alloy, session, settings, window, clock)
    window.close()  # pages write their last changes before the database goes
    alloy.close()


# --- helpers: a person at the keyboard ---------------------------------------------------------


def run_modal(qtbot: QtBot, start: Callable[[], bool], drive: Callable[[QDialog], None]) -> bool:
    """Runs `start` (which opens a modal dialog) while `drive` plays the person in it.

    A failed check inside the dialog rejects it, so the modal loop ends and the test fails
    with that check instead of hanging.
    """
    failures: list[BaseException] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), dialog
        try:
            drive(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, outside the loop
            failures.append(exc)
            dialog.reject()

    QTimer.singleShot(0, act)
    result = start()
    if failures:
        raise failures[0]
    return result


def tick(qtbot: QtBot, box: QWidget) -> None:
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def focused() -> QLineEdit:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit), widget
    return widget


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """Ctrl+<key> wherever the focus is, as the Go menu's shortcuts expect."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)


def type_set(qtbot: QtBot, weight: str, reps: str, rpe: str) -> None:
    """Weight, Tab, reps, Tab, RPE, Space (done): the cursor then moves to the next set."""
    for index, text in enumerate((weight, reps, rpe)):
        qtbot.keyClicks(focused(), text)
        if index < 2:
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)


def labels_text(widget: QWidget) -> str:
    """Every visible label of a widget, one per line."""
    return "\n".join(
        lab.text() for lab in widget.findChildren(QLabel) if lab.isVisible() and lab.text()
    )


def plan_of(app: App, day: date) -> schemas.SessionResponse:
    session = app.session.me.days.plan(day).session
    assert session is not None, f"{day} is not a training day"
    return session


# --- the journey, step by step -----------------------------------------------------------------


def register(qtbot: QtBot, app: App) -> None:
    """First start: the welcome flow, filled in as a new lifter would."""

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, WelcomeDialog)
        qtbot.keyClicks(dialog.name, "Alex Lifter")
        qtbot.keyClicks(dialog.email, "alex@example.com")
        qtbot.keyClicks(dialog.password, "strong enough")
        qtbot.keyClicks(dialog.confirm, "strong enough")
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
        assert dialog.next.text() == "Create account"
        dialog.experience.setFocus()
        qtbot.keyClicks(dialog.experience, "Int")
        assert dialog.experience.currentText() == "Intermediate"
        tick(qtbot, dialog.day_boxes[4])  # Friday off, Saturday on: Mon / Wed / Sat
        tick(qtbot, dialog.day_boxes[5])
        dialog.minutes.setFocus()
        for _ in range(3):
            qtbot.keyClick(dialog.minutes, Qt.Key.Key_Up)
        assert dialog.minutes.text() == "75 min"
        tick(qtbot, dict(dialog.kit_boxes)[Equipment.CABLE])
        tick(qtbot, dialog.kg)
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)

    assert run_modal(qtbot, lambda: ask_for_user(app.session, app.settings, app.window), fill)
    profile = app.session.me.settings.get_profile()
    assert profile.scheduling.preferred_days == (0, 2, 5)
    assert profile.scheduling.session_minutes == 75
    assert set(profile.equipment) == {Equipment.BARBELL, Equipment.DUMBBELL, Equipment.CABLE}
    assert app.window.user_label.text() == "Signed in as Alex Lifter"


def show_window(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def build_program(qtbot: QtBot, app: App) -> None:
    """From Today's "no program" card to the builder; 7 strength / 3 size, ten weeks."""
    today = app.window.stack.currentWidget()
    assert isinstance(today, TodayView)
    assert today.headline.text() == "Monday 2 November · No program yet"
    assert "You have no active program yet." in labels_text(today.plan)
    go = next(b for b in today.findChildren(QPushButton) if b.text() == "Go to Program")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)

    page = app.window.stack.currentWidget()
    assert isinstance(page, ProgramView) and app.window.current_key() == "program"
    b = page.builder
    assert page.tabs.currentWidget() is b
    assert [c.currentText() for c in b.goal_combos[:2]] == ["Strength", "Hypertrophy"]
    qtbot.keyClick(b.weight_spins[0], Qt.Key.Key_Up)
    assert b.allocation.text() == "✗ 11 of 10 allocated"
    assert not b.create_button.isEnabled()
    qtbot.keyClick(b.weight_spins[1], Qt.Key.Key_Down)
    assert b.allocation.text() == "✓ 10 of 10 allocated"
    qtbot.mouseClick(b.duration_buttons[10], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(b.name_edit, "Autumn block")
    qtbot.waitUntil(lambda: b.preview_table.rowCount() > 0)
    assert "10 weeks" in b.preview_facts.text()
    qtbot.mouseClick(b.create_button, Qt.MouseButton.LeftButton)

    assert page.program_list.count() == 1 and page.program_list.item(0).text() == "Autumn block"
    assert page.tabs.currentWidget() is page.detail
    assert "Strength 7 · Hypertrophy 3" in page.detail.facts.text()
    assert "Created Autumn block." in labels_text(page)
    [program] = app.session.me.programs.list()
    assert program.name == "Autumn block" and program.duration_weeks == 10


def check_recovered(qtbot: QtBot, app: App) -> RecoveryView:
    """Ctrl+5: the body map before any training, every muscle green."""
    press(qtbot, app.window, Qt.Key.Key_5)
    page = app.window.stack.currentWidget()
    assert isinstance(page, RecoveryView)
    assert page.needs_rest.text().startswith("Every muscle group is recovered")
    good = QColor(theme.current().good)
    assert all(page.body_map.colour_of(g) == good for g in MuscleGroup)
    return page


def adapt_for_sore_legs(qtbot: QtBot, app: App) -> TodayView:
    """Legs at 8 of 10: the squats go, the deadlift stays; accepted as the day's plan."""
    press(qtbot, app.window, Qt.Key.Key_1)
    today = app.window.stack.currentWidget()
    assert isinstance(today, TodayView)
    planned = plan_of(app, MONDAY)
    minutes = planned.time.total_minutes
    assert today.headline.text() == f"Monday 2 November · {planned.name} · ~{minutes} min"
    assert any(r.startswith(f"{SQUAT} — ") for r in today.plan.row_texts())
    legs = today.adapt.sliders[BodyPart.LEGS]
    legs.slider.setFocus()
    for _ in range(8):
        qtbot.keyClick(legs.slider, Qt.Key.Key_Right)
    assert legs.value.text() == "8"
    qtbot.mouseClick(today.adapt.adapt_button, Qt.MouseButton.LeftButton)

    removed = today.adapt.removed.texts()
    assert any(t.startswith(f"{SQUAT} — Conflicts with soreness: legs 8/10") for t in removed)
    assert not any(t.startswith(PRESS) for t in removed)
    qtbot.mouseClick(today.adapt.accept_button, Qt.MouseButton.LeftButton)

    assert today.adapt.outcome.text() == "Accepted: this is now the day's plan."
    assert today.plan.view is not None and "Adapted" in today.plan.view.badges
    rows = today.plan.row_texts()
    assert not any(r.startswith(f"{SQUAT} — ") for r in rows)
    assert any(r.startswith(f"{PRESS} — ") for r in rows)
    assert plan_of(app, MONDAY).is_adapted
    return today


def start_workout(qtbot: QtBot, app: App, today: TodayView, day: date) -> LoggerView:
    assert today.start_button.text() == "Start workout" and today.start_button.isEnabled()
    qtbot.mouseClick(today.start_button, Qt.MouseButton.LeftButton)
    log = app.window.stack.currentWidget()
    assert isinstance(log, LoggerView) and app.window.current_key() == "log"
    planned = plan_of(app, day)
    assert log.stack.currentIndex() == 1 and log.name_label.text() == planned.name
    names = [card.name_label.text() for card in log.cards.values()]
    assert names == [e.movement_name for e in sorted(planned.exercises, key=lambda e: e.order)]
    # New cards are laid out on the next turn of the event loop; type once they are on screen.
    qtbot.waitUntil(lambda: all(card.isVisible() for card in log.cards.values()))
    return log


def deadlift_key(log: LoggerView) -> int:
    return next(ex.key for ex in log.vm.exercises if ex.name == PRESS)


def log_deadlifts(qtbot: QtBot, log: LoggerView, weight: str, sets: int) -> int:
    key = deadlift_key(log)
    log.entry(key, 0, WEIGHT).setFocus(Qt.FocusReason.TabFocusReason)
    for index in range(sets):
        assert log.focused_entry() == (key, index, WEIGHT)
        type_set(qtbot, weight, "5", "8")
        assert log.cards[key].rows[index].done_button.isChecked()
    return key


def finish(qtbot: QtBot, app: App, log: LoggerView, minutes: int) -> str:
    """Ctrl+Enter, yes to leaving the other exercises unlogged; returns the summary's text."""
    questions: list[str] = []

    def confirm(title: str, _text: str, _yes: str) -> bool:
        questions.append(title)
        return True

    log.confirm = confirm  # type: ignore[method-assign]  # the page's documented test hook
    app.clock.now += timedelta(minutes=minutes)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert questions == ["Finish workout?"]
    assert log.stack.currentIndex() == 2
    return log.summary_text()


def muscles_of(app: App, day: date, name: str) -> tuple[MuscleGroup, ...]:
    return next(e.primary_muscles for e in plan_of(app, day).exercises if e.movement_name == name)


def check_tired(app: App, groups: tuple[MuscleGroup, ...]) -> None:
    """The muscles a workout trained have dropped, and the map paints them by their level."""
    page = app.window.show_page("recovery")
    assert isinstance(page, RecoveryView)
    levels = {g: page.vm.level(g) for g in groups}
    good = QColor(theme.current().good)
    for group, level in levels.items():
        assert level < 10, group
        assert page.body_map.colour_of(group) == recovery_colour(level)
        assert page.body_map.colour_of(group) != good
    assert page.vm.level(MuscleGroup.BICEPS) == 10  # untouched muscles stay green
    assert page.body_map.colour_of(MuscleGroup.BICEPS) == good
    # The detail panel opens on the most tired muscle: the one the lift trained.
    selected = page.vm.selected
    assert selected in levels
    assert page.muscle_title.text() == page.vm.state(selected).name
    assert page.level_value.text() == f"{levels[selected]:.1f} / 10"


# --- the test -----------------------------------------------------------------------------------


def test_first_week_register_plan_adapt_log_and_see_the_pr(qtbot: QtBot, app: App) -> None:
    register(qtbot, app)
    show_window(qtbot, app.window)
    assert app.window.current_key() == "today"
    build_program(qtbot, app)

    recovery = check_recovered(qtbot, app)
    today = adapt_for_sore_legs(qtbot, app)
    log = start_workout(qtbot, app, today, MONDAY)
    key = log_deadlifts(qtbot, log, "100", sets=4)
    row = log.cards[key].rows[0]
    assert row.e1rm.text() == "123.3"  # Epley on 5 reps + 2 in reserve
    assert not row.badge.isVisible()  # a first workout sets the mark; it breaks none
    summary = finish(qtbot, app, log, minutes=48)
    assert "sets: 4" in summary and "volume: 2,000 kg" in summary and "records: 0" in summary
    assert "No new records this time. Consistency wins." in summary
    qtbot.mouseClick(log.done_button, Qt.MouseButton.LeftButton)
    assert log.stack.currentIndex() == 0

    trained = muscles_of(app, MONDAY, PRESS)
    assert trained
    press(qtbot, app.window, Qt.Key.Key_5)
    assert app.window.stack.currentWidget() is recovery
    check_tired(app, trained)
    press(qtbot, app.window, Qt.Key.Key_1)
    assert today.start_button.text() == "Logged today ✓" and not today.start_button.isEnabled()

    # A week later, rested: the same lift, heavier, on the next lower day.
    app.clock.now = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)
    press(qtbot, app.window, Qt.Key.Key_5)
    assert recovery.vm.level(trained[0]) == 10
    press(qtbot, app.window, Qt.Key.Key_1)
    assert today.headline.text().startswith("Monday 9 November · ")
    log = start_workout(qtbot, app, today, NEXT_MONDAY)
    key = deadlift_key(log)
    # Double progression: last time's load again, until every set reaches the top of the range.
    assert log.entry(key, 0, WEIGHT).text() == "100"
    assert log.cards[key].rows[0].previous.text() == "100 kg × 6–8 @ RPE 8"
    assert "Last time 2 Nov 2026: 100 kg × 5 @ RPE 8, e1RM 123 kg" in log.cards[key].visible_text()
    log_deadlifts(qtbot, log, "110", sets=1)
    row = log.cards[key].rows[0]
    assert row.e1rm.text() == "135.7"
    assert row.badge.isVisible() and row.badge.text() == "PR"
    assert log.record_banner.isVisible()
    assert log.record_banner.text() == f"New record: {PRESS}, e1RM 135.7 kg (was 123.3 kg)"
    assert log.entry(key, 0, RPE).text() == "8"
    summary = finish(qtbot, app, log, minutes=35)
    assert "records: 1" in summary
    assert f"PR {PRESS}: e1RM 135.7 kg (was 123.3 kg)" in summary
    qtbot.mouseClick(log.done_button, Qt.MouseButton.LeftButton)

    press(qtbot, app.window, Qt.Key.Key_5)
    check_tired(app, muscles_of(app, NEXT_MONDAY, PRESS))

    press(qtbot, app.window, Qt.Key.Key_6)
    progress = app.window.stack.currentWidget()
    assert isinstance(progress, ProgressView)
    assert progress.movement_picker.currentText() == PRESS
    assert progress.trend_title.text() == f"Estimated 1RM · {PRESS}"
    x, y = progress.trend_curve.getData()
    assert x.tolist() == [epoch(MONDAY), epoch(NEXT_MONDAY)]
    assert y.tolist() == pytest.approx([100 * (1 + 7 / 30), 110 * (1 + 7 / 30)])
    pr_x, pr_y = progress.pr_points.getData()
    assert pr_x.tolist() == [epoch(NEXT_MONDAY)]  # the PR point sits on the PR day
    assert pr_y.tolist() == pytest.approx([110 * (1 + 7 / 30)])
    [_, pr_point] = progress.vm.trend.points
    assert pr_point.is_pr and pr_point.day == NEXT_MONDAY
    assert progress.readout.text() == "Latest: " + readout(pr_point, progress.vm.trend.unit)
    assert progress.readout.text().endswith("· 110 × 5 · PR")
