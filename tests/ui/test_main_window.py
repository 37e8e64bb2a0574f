"""The main window: rail and shortcuts, lazy pages, restored settings, sign-out, busy bar."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner, TaskRunner
from alloy_desktop.ui.viewmodels.workout_logger import WEIGHT
from alloy_desktop.ui.views import auth_dialogs, main_window
from alloy_desktop.ui.views.logger_view import LoggerView
from alloy_desktop.ui.views.main_window import PAGES, MainWindow
from alloy_desktop.ui.views.today_view import TodayView
from alloy_desktop.ui.widgets import theme

# What each page says at the top, as the lifter reads it (Today: the day's headline).
TITLES = {
    "today": "Monday 2 November",
    "program": "Programs",
    "calendar": "Calendar",
    "log": "Log a workout",
    "recovery": "Recovery",
    "progress": "Progress",
    "circuits": "Circuits",
    "activities": "Activities",
    "history": "History",
    "routines": "Routines",
    "settings": "Settings",
    "athletes": "Athletes",
}
DIGIT_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
              Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0)  # fmt: skip


def open_window(qtbot: QtBot, session: AppSession, settings: QSettings) -> MainWindow:
    """The window as the app shows it: built, then shown and made the active window."""
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def visible_title(page: QWidget) -> str:
    """The page's title as shown: its first visible title-styled label (or headline)."""
    titles = [
        lab.text()
        for lab in page.findChildren(QLabel)
        if lab.isVisible()
        and (lab.property("role") == "title" or lab.objectName() in ("headline", "summaryTitle"))
    ]
    assert titles, f"{type(page).__name__} shows no title"
    return titles[0]


def menu_action(window: MainWindow, menu: str, text: str) -> QAction:
    return next(a for a in window.menus[menu].actions() if a.text() == text)


def built(window: MainWindow) -> set[str]:
    """Keys of the pages that exist, checked against the stack's own widgets."""
    keys = set(window.built_pages())
    assert window.stack.count() == len(keys)
    return keys


@pytest.fixture
def lee(ui_alloy: Alloy) -> str:
    """Lee's token: an account with an active program (Monday is a training day)."""
    token = ui_alloy.auth.register("lifter@example.com", "correct horse", "Lee").access_token
    ui_alloy.for_token(token).programs.create(
        schemas.ProgramCreate(
            goals=(schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4)),
            duration_weeks=8,
        )
    )
    return token


@pytest.fixture
def signed_out(ui_alloy: Alloy, lee: str) -> AppSession:
    """The app's session before anybody has signed in."""
    return AppSession(ui_alloy, InlineTaskRunner())


@pytest.fixture
def window(qtbot: QtBot, signed_out: AppSession, qsettings: QSettings, lee: str) -> MainWindow:
    """The window shown first, then Lee signs in (the order app.py uses)."""
    win = open_window(qtbot, signed_out, qsettings)
    assert signed_out.resume(lee)
    return win


@pytest.fixture
def light() -> Iterator[None]:
    """Puts the light palette back after a test that restores a dark one."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, dark=False)


# --- navigation ---------------------------------------------------------------------------------


def test_signing_in_opens_today_and_names_the_lifter(window: MainWindow) -> None:
    assert window.current_key() == "today"
    assert window.stack.currentWidget() is window.page("today")
    assert visible_title(window.stack.currentWidget()).startswith("Monday 2 November · ")
    assert window.user_label.text() == "Signed in as Lee"
    assert window.user_label.isVisible()
    assert window.nav.isEnabled()


def test_clicking_the_rail_shows_each_page(qtbot: QtBot, window: MainWindow) -> None:
    for row, spec in enumerate(PAGES):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        page = window.stack.currentWidget()
        assert window.current_key() == spec.key
        assert page is window.page(spec.key)
        assert visible_title(page).startswith(TITLES[spec.key]), spec.key


def test_ctrl_digits_show_the_pages_in_rail_order(qtbot: QtBot, window: MainWindow) -> None:
    # Back to front, so every press is a real change of page.
    for key, spec in reversed(list(zip(DIGIT_KEYS, PAGES, strict=False))):
        qtbot.keyClick(window.nav, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_key() == spec.key, spec.shortcut
        assert visible_title(window.stack.currentWidget()).startswith(TITLES[spec.key])
    qtbot.keyClick(window.nav, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert visible_title(window.stack.currentWidget()) == "Settings"


def test_pages_are_built_on_their_first_visit_only(window: MainWindow) -> None:
    assert built(window) == {"today"}
    assert not window.findChildren(LoggerView)

    log = window.show_page("log")
    assert built(window) == {"today", "log"}
    assert window.findChildren(LoggerView) == [log]
    window.show_page("today")
    assert window.show_page("log") is log  # a second visit reuses the page
    assert window.stack.count() == 2


# --- settings -----------------------------------------------------------------------------------


def test_last_page_geometry_and_scheme_are_restored(
    qtbot: QtBot,
    window: MainWindow,
    signed_out: AppSession,
    qsettings: QSettings,
    lee: str,
    light: None,
) -> None:
    window.show_page("recovery")
    window.setGeometry(30, 40, 1024, 700)
    qtbot.waitUntil(lambda: window.geometry() == QRect(30, 40, 1024, 700))
    menu_action(window, "view", "Dark").trigger()
    assert theme.current() is theme.DARK
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, dark=False)  # as if the app had started again in the light scheme
    window.close()
    qsettings.sync()

    again = AppSession(signed_out.alloy, InlineTaskRunner())
    settings = QSettings(qsettings.fileName(), QSettings.Format.IniFormat)
    restored = MainWindow(again, settings)
    qtbot.addWidget(restored)
    assert theme.current() is theme.DARK
    assert app.palette().window().color().name() == theme.DARK.window
    assert again.resume(lee)
    restored.show()
    qtbot.waitExposed(restored)

    # The offscreen screen is 800 px wide, narrower than the window's minimum width, so
    # Qt pulls it to the left edge; the size and the height on screen come back as saved.
    assert restored.size() == QSize(1024, 700) and restored.geometry().y() == 40
    assert restored.current_key() == "recovery"
    assert visible_title(restored.stack.currentWidget()) == "Recovery"
    assert built(restored) == {"recovery"}  # Today is not built when it isn't shown


# --- sign-out -----------------------------------------------------------------------------------


def test_sign_out_returns_to_the_sign_in_flow(
    qtbot: QtBot,
    window: MainWindow,
    signed_out: AppSession,
    qsettings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[bool] = []
    robin = signed_out.alloy.auth.register("robin@example.com", "another horse", "Robin")

    def sign_in_as_robin(session: AppSession, settings: QSettings, parent: QWidget) -> bool:
        asked.append(session.is_signed_in)  # the dialog comes after Lee is signed out
        assert parent is window and settings is qsettings
        return session.resume(robin.access_token)

    monkeypatch.setattr(auth_dialogs, "ask_for_user", sign_in_as_robin)
    qsettings.setValue("auth/token", "Lee's remembered token")
    window.show_page("program")
    old_pages = window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)

    menu_action(window, "file", "Sign out").trigger()
    assert window.user_label.text() == "Signed out"
    assert qsettings.value("auth/token") is None
    assert not window.nav.isEnabled()
    qtbot.waitUntil(lambda: bool(asked))

    assert asked == [False]
    assert window.user_label.text() == "Signed in as Robin"
    assert signed_out.me.user.name == "Robin"
    assert window.current_key() == "program"  # the last page, with Robin's data
    assert window.page("program") not in old_pages
    assert built(window) == {"program"}


def test_closing_the_sign_in_dialog_after_sign_out_closes_the_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_dialogs, "ask_for_user", lambda *_args: False)
    menu_action(window, "file", "Sign out").trigger()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_sign_out_saves_the_workout_being_logged_first(
    window: MainWindow, signed_out: AppSession, lee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_dialogs, "ask_for_user", lambda *_args: False)
    log = window.show_page("log")
    assert isinstance(log, LoggerView)
    log.start_session(signed_out.today())
    key = log.vm.exercises[3].key  # the first main lift
    log.vm.enter(key, 0, WEIGHT, "62.5")
    assert log.vm.draft_pending  # not written yet: it waits for a pause in typing

    menu_action(window, "file", "Sign out").trigger()

    draft = signed_out.alloy.for_token(lee).logs.load_draft()
    assert draft is not None
    sets = next(ex for ex in draft.payload["exercises"] if ex["key"] == key)["sets"]
    assert sets[0]["weight"] == 62.5


# --- status bar ---------------------------------------------------------------------------------


def test_busy_indicator_shows_while_a_slow_task_runs(
    qtbot: QtBot, ui_alloy: Alloy, qsettings: QSettings
) -> None:
    runner = TaskRunner()
    session = AppSession(ui_alloy, runner)
    window = open_window(qtbot, session, qsettings)
    release = threading.Event()
    results: list[str] = []

    def slow() -> str:
        release.wait(10)  # the "slow" part lasts until the test has looked
        return "done"

    assert not window.busy_bar.isVisible()
    session.call(slow, results.append)
    qtbot.waitUntil(window.busy_bar.isVisible)
    assert results == []
    release.set()
    qtbot.waitUntil(lambda: not window.busy_bar.isVisible())
    assert results == ["done"]
    assert runner.wait(5000)


def test_first_paint_waits_for_todays_plan_with_the_threaded_runner(
    qtbot: QtBot, signed_out: AppSession, qsettings: QSettings, lee: str
) -> None:
    runner = TaskRunner()
    session = AppSession(signed_out.alloy, runner)
    window = MainWindow(session, qsettings)
    qtbot.addWidget(window)
    assert session.resume(lee)
    today = window.page("today")
    assert isinstance(today, TodayView)

    with qtbot.waitSignal(window.first_paint, timeout=10000):
        window.show()

    assert today.plan.row_texts()  # the plan arrived from the worker before the signal
    assert today.headline.text().startswith("Monday 2 November · ")
    assert runner.wait(5000)


def test_the_coach_is_checked_only_after_the_first_paint(
    qtbot: QtBot,
    signed_out: AppSession,
    qsettings: QSettings,
    lee: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_window, "COACH_CHECK_DELAY_MS", 0)
    window = MainWindow(signed_out, qsettings)
    qtbot.addWidget(window)
    assert signed_out.resume(lee)
    checks: list[str] = []

    def health() -> schemas.LLMHealthResponse:
        checks.append(window.coach_label.text())
        return schemas.LLMHealthResponse(
            "healthy", "ollama", "gemma3:4b", "http://localhost:11434", True, True, "ok"
        )

    monkeypatch.setattr(signed_out.me.coach, "health", health)
    assert window.coach_status is None  # nothing competes with the start-up

    with qtbot.waitSignal(window.first_paint):
        window.show()
    qtbot.waitUntil(lambda: window.coach_label.text() != "")

    assert checks == [""]
    assert window.coach_label.text() == "Coach: ready · gemma3:4b"
