"""The File menu's import, export, backup and restore, driven through the main window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from import_files import BENCH, STRONG_HEADER, write_strong
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy
from alloy_desktop.ui.viewmodels.progress import Span
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.views.import_dialog import ImportDialog
from alloy_desktop.ui.views.main_window import MainWindow
from alloy_desktop.ui.views.progress_view import ProgressView

DATA_ACTIONS = [
    "Import history…",
    "Export workouts as CSV…",
    "Back up all my data…",
    "Restore all my data from backup…",
]
IMPORTED = (
    "Imported 2 workouts, 5 sets and 1 activity from 5 Mar 2026 to 7 Mar 2026; "
    "1 new custom exercise."
)


class Files:
    """Stands in for the file dialogs: records what was asked, answers with a path."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str, str]] = []

    def __call__(self, _parent: QWidget | None, title: str, start: str, filters: str) -> str:
        self.asked.append((title, Path(start).name, filters))
        return str(self.answer) if self.answer is not None else ""


@pytest.fixture
def window(qtbot: QtBot, app_session: AppSession, qsettings: QSettings) -> MainWindow:
    win = MainWindow(app_session, qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.menus["file"].actions() if a.text() == text)


def answer(reply: QMessageBox.StandardButton, asked: list[str]) -> Any:
    def question(_parent: object, _title: str, text: str, *_args: object) -> Any:
        asked.append(text)
        return reply

    return question


def imported(window: MainWindow, path: Path) -> ImportDialog:
    window.open_file = Files(path)
    dialog = window.import_history()
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    dialog.import_button.click()
    return dialog


# --- the menu ---------------------------------------------------------------------------------


def test_the_file_menu_offers_data_actions_above_switch_user_only_when_signed_in(
    qtbot: QtBot, ui_alloy: Alloy, qsettings: QSettings, app_session: AppSession
) -> None:
    signed_in = MainWindow(app_session, qsettings)
    qtbot.addWidget(signed_in)
    texts = [a.text() for a in signed_in.menus["file"].actions()]
    assert texts[: texts.index("Switch user…")] == [*DATA_ACTIONS, ""]  # then a separator

    nobody = AppSession(ui_alloy, InlineTaskRunner())
    window = MainWindow(nobody, qsettings)
    qtbot.addWidget(window)
    assert not any(action(window, text).isEnabled() for text in DATA_ACTIONS)
    assert action(window, "Import history…").shortcut().toString() == "Ctrl+I"
    assert nobody.resume(app_session.token or "")
    assert all(action(window, text).isEnabled() for text in DATA_ACTIONS)


def test_ctrl_i_asks_for_a_file_and_previews_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    files = Files(write_strong(tmp_path))
    window.open_file = files
    qtbot.keyClick(window.nav, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)

    assert files.asked == [
        ("Import history", Path.home().name, "Exports (*.csv *.txt);;All files (*)")
    ]
    dialog = window.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.file_label.text() == "strong.csv · Strong"
    dialog.close()


def test_choosing_no_file_opens_nothing(window: MainWindow) -> None:
    window.open_file = Files(None)
    assert window.import_history() is None
    assert window.import_dialog is None


def test_an_import_is_announced_and_progress_shows_the_history(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, app_session: AppSession
) -> None:
    progress = window.show_page("progress")
    assert isinstance(progress, ProgressView)
    assert progress.vm.movements == ()
    window.show_page("today")

    dialog = imported(window, write_strong(tmp_path))
    assert window.status_message.text() == IMPORTED
    assert window.status_message.isVisible()
    qtbot.mouseClick(dialog.progress_button, Qt.MouseButton.LeftButton)

    assert window.current_key() == "progress"
    assert progress.vm.span is Span.ALL  # the history is older than this year's window
    assert BENCH in dict(progress.vm.movements).values()
    assert progress.vm.trend.points  # the chart has the imported sets
    assert window.settings.value("files/last_folder") == str(tmp_path)


# --- export, backup, restore ----------------------------------------------------------------


def test_export_writes_a_csv_and_says_so(
    window: MainWindow, tmp_path: Path, app_session: AppSession
) -> None:
    imported(window, write_strong(tmp_path)).close()
    target = tmp_path / "out" / "mine.csv"
    target.parent.mkdir()
    files = Files(target)
    window.save_file = files
    action(window, "Export workouts as CSV…").trigger()

    assert files.asked == [
        ("Export workouts as CSV", "alloy-workouts-2026-11-02.csv", "CSV files (*.csv)")
    ]
    assert window.status_message.text() == (
        "Exported 2 workouts, 5 sets, 1 warm-up set and 1 activity to mine.csv."
    )
    assert target.read_text(encoding="utf-8").splitlines()[0] == STRONG_HEADER


def test_backup_then_restore_into_a_new_account(
    window: MainWindow,
    tmp_path: Path,
    ui_alloy: Alloy,
    app_session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    imported(window, write_strong(tmp_path)).close()
    target = tmp_path / "alloy-backup.json"
    window.save_file = Files(target)
    action(window, "Back up all my data…").trigger()
    assert window.status_message.text() == (
        "Backed up all your data (2 workouts, 6 sets, 1 activity and 1 custom exercise) "
        "to alloy-backup.json."
    )
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "alloy-backup"

    robin = ui_alloy.auth.register("robin@example.com", "another horse", "Robin")
    assert app_session.resume(robin.access_token)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel, asked))
    window.open_file = Files(target)
    action(window, "Restore all my data from backup…").trigger()
    assert asked[0].startswith("Restore alloy-backup.json?")
    assert "create a new account and restore there" in asked[0]
    assert app_session.me.logs.logged_movements() == []  # Cancel changes nothing

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes, asked))
    action(window, "Restore all my data from backup…").trigger()
    assert window.status_message.text() == (
        "Restored 2 workouts, 6 sets, 1 activity and 1 custom exercise from alloy-backup.json "
        "(backed up 2 Nov 2026)."
    )
    assert BENCH in dict(app_session.me.logs.logged_movements()).values()


def test_a_refused_restore_is_explained_in_a_message_box(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported(window, write_strong(tmp_path)).close()
    target = tmp_path / "alloy-backup.json"
    window.save_file = Files(target)
    action(window, "Back up all my data…").trigger()
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes, []))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *_args: warned.append((title, text))
    )
    window.open_file = Files(target)
    action(window, "Restore all my data from backup…").trigger()

    [(title, text)] = warned
    assert title == "Restore failed"
    assert text.startswith("This account already has workouts")
