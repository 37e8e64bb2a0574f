"""Welcome flow and sign-in dialog, driven as a person would, checked through the api."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy
from alloy_desktop.domain.enums import Equipment, ExperienceLevel, WeightUnit
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.views import auth_dialogs
from alloy_desktop.ui.views.auth_dialogs import (
    EMAIL_KEY,
    TOKEN_KEY,
    SignInDialog,
    WelcomeDialog,
    ask_for_user,
)

EMAIL = "lee@example.com"
PASSWORD = "correct horse"
WRONG_CREDENTIALS = "That email and password don't match an account."


class Clock(Protocol):
    """The `ui_clock` fixture: a clock the test can move."""

    now: datetime


@pytest.fixture
def session(ui_alloy: Alloy) -> AppSession:
    """Nobody signed in yet, on a database with no accounts."""
    return AppSession(ui_alloy, InlineTaskRunner())


@pytest.fixture
def account(ui_alloy: Alloy) -> str:
    """An existing account (so the sign-in dialog is the one shown)."""
    ui_alloy.auth.register(EMAIL, PASSWORD, "Lee")
    return EMAIL


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def tick(qtbot: QtBot, box: QAbstractButton) -> None:
    """Toggles a check box or picks a radio button from the keyboard."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def fill_account_page(
    qtbot: QtBot, dialog: WelcomeDialog, password: str = PASSWORD, confirm: str = PASSWORD
) -> None:
    qtbot.keyClicks(dialog.name, "Lee Park")
    qtbot.keyClicks(dialog.email, "Lee@Example.com")
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClicks(dialog.confirm, confirm)


def never_shown(*_args: object) -> int:
    raise AssertionError("a dialog was shown")


# --- welcome ----------------------------------------------------------------------------------


def test_welcome_flow_creates_the_account_stores_the_profile_and_signs_in(
    qtbot: QtBot, session: AppSession, qsettings: QSettings
) -> None:
    dialog = shown(qtbot, WelcomeDialog(session, qsettings))
    assert isinstance(dialog, WelcomeDialog)
    assert dialog.next.text() == "Next" and not dialog.back.isVisible()
    fill_account_page(qtbot, dialog)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)

    assert dialog.pages.currentIndex() == 1
    assert dialog.next.text() == "Create account" and dialog.back.isVisible()
    assert session.alloy.auth.user_count() == 0  # nothing is written before the last step
    dialog.experience.setFocus()
    qtbot.keyClicks(dialog.experience, "Int")
    assert dialog.experience.currentText() == "Intermediate"
    mon, tue, wed, thu, fri, sat, _sun = dialog.day_boxes
    assert [i for i, b in enumerate(dialog.day_boxes) if b.isChecked()] == [0, 2, 4]  # default
    for box in (mon, wed, fri, tue, thu, sat):  # Mon/Wed/Fri off, Tue/Thu/Sat on
        tick(qtbot, box)
    dialog.minutes.setFocus()
    for _ in range(3):
        qtbot.keyClick(dialog.minutes, Qt.Key.Key_Down)
    assert dialog.minutes.text() == "45 min"
    kit = dict(dialog.kit_boxes)
    tick(qtbot, kit[Equipment.DUMBBELL])
    tick(qtbot, kit[Equipment.KETTLEBELLS])
    tick(qtbot, dialog.lb)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)

    assert session.is_signed_in and session.me.user.name == "Lee Park"
    assert session.me.user.email == "lee@example.com"
    profile = session.me.settings.get_profile()
    assert profile.experience_level is ExperienceLevel.INTERMEDIATE
    assert profile.scheduling.preferred_days == (1, 3, 5)
    assert profile.scheduling.days_per_week == 3
    assert profile.scheduling.session_minutes == 45
    assert set(profile.equipment) == {Equipment.BARBELL, Equipment.KETTLEBELLS}
    assert session.me.settings.get().weight_unit is WeightUnit.LB
    assert qsettings.value(EMAIL_KEY) == "lee@example.com"
    assert qsettings.value(TOKEN_KEY) is None  # only "keep me signed in" remembers a token


def test_mismatched_passwords_are_explained_beside_the_field(
    qtbot: QtBot, session: AppSession, qsettings: QSettings
) -> None:
    dialog = shown(qtbot, WelcomeDialog(session, qsettings))
    assert isinstance(dialog, WelcomeDialog)
    fill_account_page(qtbot, dialog, confirm="correct horsf")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)

    assert dialog.pages.currentIndex() == 0
    assert dialog.confirm_error.isVisible()
    assert dialog.confirm_error.text() == "The two passwords don't match."
    assert dialog.confirm.property("invalid") is True
    assert not dialog.password_error.isVisible()
    assert session.alloy.auth.user_count() == 0 and not session.is_signed_in


def test_a_short_password_is_explained_and_cleared_once_fixed(
    qtbot: QtBot, session: AppSession, qsettings: QSettings
) -> None:
    dialog = shown(qtbot, WelcomeDialog(session, qsettings))
    assert isinstance(dialog, WelcomeDialog)
    fill_account_page(qtbot, dialog, password="short", confirm="short")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)

    assert dialog.pages.currentIndex() == 0
    assert dialog.password_error.isVisible()
    assert dialog.password_error.text() == "Password must be at least 8 characters."
    assert session.alloy.auth.user_count() == 0

    for field in (dialog.password, dialog.confirm):
        qtbot.keyClicks(field, "-and-longer")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1 and not dialog.password_error.isVisible()


def test_no_training_day_is_explained_beside_the_days(
    qtbot: QtBot, session: AppSession, qsettings: QSettings
) -> None:
    dialog = shown(qtbot, WelcomeDialog(session, qsettings))
    assert isinstance(dialog, WelcomeDialog)
    fill_account_page(qtbot, dialog)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    for box in dialog.day_boxes:
        if box.isChecked():
            tick(qtbot, box)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)

    assert dialog.days_error.isVisible()
    assert dialog.days_error.text() == "Pick at least one training day."
    assert session.alloy.auth.user_count() == 0
    tick(qtbot, dialog.day_boxes[0])
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert not dialog.days_error.isVisible()  # cleared with the other errors
    assert session.me.settings.get_profile().scheduling.preferred_days == (0,)


def test_a_taken_email_sends_the_person_back_to_the_email_field(
    qtbot: QtBot, session: AppSession, qsettings: QSettings, account: str
) -> None:
    dialog = shown(qtbot, WelcomeDialog(session, qsettings))
    assert isinstance(dialog, WelcomeDialog)
    fill_account_page(qtbot, dialog)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)

    assert dialog.pages.currentIndex() == 0
    assert dialog.email_error.isVisible()
    assert dialog.email_error.text() == "An account with that email already exists."
    assert not dialog.message.isVisible()
    assert session.alloy.auth.user_count() == 1 and not session.is_signed_in


# --- sign in ----------------------------------------------------------------------------------


def sign_in(qtbot: QtBot, dialog: SignInDialog, password: str, remember: bool = False) -> None:
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, EMAIL)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    if remember:
        tick(qtbot, dialog.remember)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def test_a_wrong_password_is_refused_and_the_dialog_stays_open(
    qtbot: QtBot, session: AppSession, qsettings: QSettings, account: str
) -> None:
    dialog = shown(qtbot, SignInDialog(session, qsettings))
    assert isinstance(dialog, SignInDialog)
    sign_in(qtbot, dialog, "not my password")

    assert dialog.message.isVisible()
    assert dialog.message.text() == WRONG_CREDENTIALS
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert not session.is_signed_in

    with qtbot.waitSignal(dialog.accepted):
        sign_in(qtbot, dialog, PASSWORD)
    assert session.is_signed_in and session.me.user.email == EMAIL


def test_remember_me_keeps_the_token_and_the_next_start_skips_the_dialog(
    qtbot: QtBot,
    session: AppSession,
    qsettings: QSettings,
    account: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = shown(qtbot, SignInDialog(session, qsettings))
    assert isinstance(dialog, SignInDialog)
    with qtbot.waitSignal(dialog.accepted):
        sign_in(qtbot, dialog, PASSWORD, remember=True)
    token = qsettings.value(TOKEN_KEY)
    assert isinstance(token, str) and token == session.token

    # The next start: a new session, the same settings file; no dialog may appear.
    monkeypatch.setattr(SignInDialog, "exec", never_shown)
    monkeypatch.setattr(WelcomeDialog, "exec", never_shown)
    again = AppSession(session.alloy, InlineTaskRunner())
    assert ask_for_user(again, qsettings)
    assert again.is_signed_in and again.me.user.email == EMAIL


def test_an_expired_token_falls_back_to_the_sign_in_dialog(
    qtbot: QtBot,
    session: AppSession,
    qsettings: QSettings,
    account: str,
    ui_clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remembered = session.alloy.auth.login(EMAIL, PASSWORD, 30)
    qsettings.setValue(TOKEN_KEY, remembered.access_token)
    qsettings.setValue(EMAIL_KEY, EMAIL)
    ui_clock.now += timedelta(days=31)
    shown_dialogs: list[QWidget] = []

    def exec_as_the_person(dialog: SignInDialog) -> int:
        """The modal loop, replaced by what the person does: type the password, sign in."""
        shown_dialogs.append(dialog)
        assert dialog.email.text() == EMAIL  # the last email is filled in
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(SignInDialog, "exec", exec_as_the_person)
    monkeypatch.setattr(WelcomeDialog, "exec", never_shown)
    fresh = AppSession(session.alloy, InlineTaskRunner())

    assert ask_for_user(fresh, qsettings)
    assert len(shown_dialogs) == 1 and fresh.is_signed_in
    assert qsettings.value(TOKEN_KEY) is None  # the dead token is not tried again
    for dialog in shown_dialogs:
        dialog.deleteLater()


def test_first_start_shows_the_welcome_flow(
    session: AppSession, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def record(dialog: QDialog) -> int:
        seen.append(type(dialog).__name__)
        dialog.deleteLater()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(WelcomeDialog, "exec", record)
    monkeypatch.setattr(SignInDialog, "exec", record)
    assert not auth_dialogs.ask_for_user(session, qsettings)
    assert seen == ["WelcomeDialog"]
