"""Database faults in the window: the damaged start, one Alloy per folder, backups, saving."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from alloy_desktop import app as app_module
from alloy_desktop import startup
from alloy_desktop.api import Alloy
from alloy_desktop.store import backups
from alloy_desktop.store import engine as engine_module
from alloy_desktop.ui.viewmodels.database_backups import (
    KEEP_KEY,
    DamagedDatabaseViewModel,
    StartChoice,
    keep_setting,
    size_text,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import (
    REPS,
    WEIGHT,
    Phase,
    WorkoutLoggerViewModel,
    choice_from_movement,
    done_sets_in,
)
from alloy_desktop.ui.views.database_dialogs import (
    BACKUPS_TITLE,
    DamagedDatabaseDialog,
    DatabaseBackupsDialog,
)
from alloy_desktop.ui.views.main_window import MainWindow

BENCH = "Barbell Bench Press - Medium Grip"


def _damage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _users(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT count(*) FROM users").fetchone()[0])
    conn.close()
    return count


def _add_user(path: Path) -> None:
    alloy = Alloy.open(path)
    try:
        alloy.auth.register("later@example.com", "correct horse battery", "Later")
    finally:
        alloy.close()


def _when_modal(check: Callable[[QWidget], None]) -> None:
    """Answers the next modal dialog from inside its exec(), as a person would."""

    def _answer() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:  # not shown yet: look again on the next turn
            QTimer.singleShot(10, _answer)
            return
        check(modal)

    QTimer.singleShot(0, _answer)


# --- the damaged-database dialog at start ------------------------------------------------------


@pytest.fixture
def damaged(db_path: Path) -> Path:
    """A database with two backups (the newer one damaged too), then damaged itself."""
    _add_user(db_path)
    backups.back_up(db_path, backups.DAILY)
    newer = backups.back_up(db_path, backups.MANUAL)
    _damage(newer.path)
    _damage(db_path)
    return db_path


def test_the_damaged_dialog_names_the_file_and_lists_backups_with_dates_and_sizes(
    qtbot: QtBot, damaged: Path
) -> None:
    dialog = DamagedDatabaseDialog(DamagedDatabaseViewModel(damaged, "damaged"))
    qtbot.addWidget(dialog)
    assert dialog.findChild(QWidget) is not None
    texts = [w.text() for w in dialog.findChildren(type(dialog.message))]
    assert str(damaged) in texts
    rows = [dialog.table.topLevelItem(i) for i in range(dialog.table.topLevelItemCount())]
    assert len(rows) == 2
    newer, older = rows
    assert newer is not None and older is not None
    assert newer.text(3) == "Damaged" and older.text(3) == "Passes its check"
    assert older.text(1) == size_text(backups.list_backups(damaged.parent / "backups")[1].size)
    assert older.text(2) == "daily" and newer.text(2) == "by hand"
    assert (
        dialog.restore_button.isEnabled() and older.text(0) in dialog.restore_button.description()
    )
    assert dialog.table.currentItem() is older


def test_restore_puts_the_newest_good_backup_back_and_keeps_the_damaged_file(
    qtbot: QtBot, damaged: Path
) -> None:
    damaged_bytes = damaged.read_bytes()
    dialog = DamagedDatabaseDialog(DamagedDatabaseViewModel(damaged, "damaged"))
    qtbot.addWidget(dialog)
    dialog.restore_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.choice is StartChoice.RESTORE
    assert _users(damaged) == 1 and backups.integrity_problems(damaged) == []
    aside = list(damaged.parent.glob("alloy-damaged-*.db"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes
    assert aside[0].name in dialog.outcome


def test_start_fresh_moves_the_damaged_file_aside_and_the_next_open_is_new(
    qtbot: QtBot, damaged: Path
) -> None:
    damaged_bytes = damaged.read_bytes()
    dialog = DamagedDatabaseDialog(DamagedDatabaseViewModel(damaged, "damaged"))
    qtbot.addWidget(dialog)
    dialog.fresh_button.click()
    assert dialog.choice is StartChoice.FRESH and not damaged.exists()
    (aside,) = damaged.parent.glob("alloy-damaged-*.db")
    assert aside.read_bytes() == damaged_bytes
    alloy = Alloy.open(damaged)
    try:
        assert alloy.auth.user_count() == 0
    finally:
        alloy.close()


def test_quit_changes_nothing(qtbot: QtBot, damaged: Path) -> None:
    before = damaged.read_bytes()
    dialog = DamagedDatabaseDialog(DamagedDatabaseViewModel(damaged, "damaged"))
    qtbot.addWidget(dialog)
    dialog.quit_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.choice is StartChoice.QUIT
    assert damaged.read_bytes() == before and not list(damaged.parent.glob("alloy-damaged-*"))


def test_without_a_good_backup_only_a_fresh_start_or_quit_is_offered(
    qtbot: QtBot, db_path: Path
) -> None:
    _damage(db_path)
    dialog = DamagedDatabaseDialog(DamagedDatabaseViewModel(db_path, "damaged"))
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
    assert "No backup passes" in dialog.restore_button.description()


# --- start-up: the whole path app.py takes -----------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def _qt() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def test_starting_on_a_damaged_file_asks_then_opens_the_restored_copy(
    qtbot: QtBot, damaged: Path, settings: QSettings
) -> None:
    def _restore(modal: QWidget) -> None:
        assert isinstance(modal, DamagedDatabaseDialog) and modal.isVisible()
        modal.restore_button.click()

    _when_modal(_restore)
    opened = startup.open_database(damaged.parent, settings, _qt)
    assert opened is not None
    try:
        assert opened.alloy.auth.user_count() == 1
        assert opened.notice.startswith("Restored the database from the copy made")
    finally:
        opened.alloy.close()


def test_starting_on_a_damaged_file_and_choosing_quit_opens_nothing(
    qtbot: QtBot, damaged: Path, settings: QSettings
) -> None:
    _when_modal(lambda modal: modal.close())
    assert startup.open_database(damaged.parent, settings, _qt) is None


def test_the_first_start_of_the_day_makes_a_checked_backup_keeping_the_set_number(
    db_path: Path, settings: QSettings
) -> None:
    settings.setValue(KEEP_KEY, 2)
    folder = backups.backup_folder(db_path)
    for day in (1, 2, 3):
        stamp = f"alloy-2020010{day}-120000-daily.db"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(db_path, folder / stamp)
    opened = startup.open_database(db_path.parent, settings, _qt)
    assert opened is not None
    opened.alloy.close()
    kept = backups.list_backups(folder)
    assert len(kept) == 2 and kept[0].reason == backups.DAILY
    assert kept[1].path.name == "alloy-20200103-120000-daily.db"


def test_a_database_held_by_another_program_at_start_offers_retry_or_close(
    qtbot: QtBot, db_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    seen: list[str] = []

    def _close(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        seen.append(modal.informativeText())
        modal.button(QMessageBox.StandardButton.Close).click()

    _when_modal(_close)
    try:
        assert startup.open_database(db_path.parent, settings, _qt) is None
    finally:
        holder.close()
    assert "in use by another program" in seen[0] and str(db_path) in seen[0]


# --- one Alloy per data folder -----------------------------------------------------------------


def test_a_second_lock_on_a_folder_is_refused_while_the_first_is_held(tmp_path: Path) -> None:
    first = startup.acquire_lock(tmp_path)
    assert first is not None
    try:
        assert startup.acquire_lock(tmp_path) is None
    finally:
        first.unlock()
    again = startup.acquire_lock(tmp_path)
    assert again is not None
    again.unlock()


def test_a_second_alloy_on_the_folder_says_so_and_exits_0(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = startup.acquire_lock(tmp_path)
    assert held is not None
    monkeypatch.setattr(app_module, "_log_to", lambda _folder: None)
    seen: list[str] = []

    def _ok(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        seen.append(f"{modal.text()} {modal.informativeText()}")
        modal.button(QMessageBox.StandardButton.Ok).click()

    _when_modal(_ok)
    try:
        assert app_module.main(["--data-dir", str(tmp_path)]) == 0
    finally:
        held.unlock()
    assert "already open" in seen[0] and str(tmp_path) in seen[0]
    assert not (tmp_path / "alloy.db").exists()  # it never touched the database


HOLDER = """
import sys, time
from pathlib import Path
from alloy_desktop.startup import acquire_lock
lock = acquire_lock(Path(sys.argv[1]))
print("held" if lock is not None else "refused", flush=True)
time.sleep(60)
"""


@pytest.fixture
def other_process(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the folder's lock, as a running Alloy does."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    yield child
    child.kill()
    child.wait()


def test_another_process_lock_is_respected_and_a_killed_ones_taken_over(
    tmp_path: Path, other_process: subprocess.Popen[str]
) -> None:
    assert startup.acquire_lock(tmp_path) is None
    other_process.send_signal(signal.SIGKILL)
    other_process.wait()
    assert (tmp_path / startup.LOCK_FILENAME).exists()  # left behind by the killed process
    lock = startup.acquire_lock(tmp_path)
    assert lock is not None
    lock.unlock()


# --- File > Back up database file now / Restore database file from backup… --------------------


@pytest.fixture
def window(qtbot: QtBot, app_session: AppSession, qsettings: QSettings) -> MainWindow:
    win = MainWindow(app_session, qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _file_action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.menus["file"].actions() if a.text() == text)


def _backups_dialog(window: MainWindow) -> DatabaseBackupsDialog:
    dialog = window.restore_database()
    assert isinstance(dialog, DatabaseBackupsDialog) and dialog.windowTitle() == BACKUPS_TITLE
    return dialog


def test_the_file_menu_tells_the_whole_file_apart_from_one_lifters_data(window: MainWindow) -> None:
    texts = [a.text() for a in window.menus["file"].actions()]
    assert "Back up all my data…" in texts and "Restore all my data from backup…" in texts
    assert "Back up database file now" in texts
    assert "Restore database file from backup…" in texts


def test_back_up_now_from_the_menu_makes_a_checked_copy_and_says_where(
    window: MainWindow, db_path: Path
) -> None:
    _file_action(window, "Back up database file now").trigger()
    (made,) = backups.list_backups(backups.backup_folder(db_path))
    assert made.reason == backups.MANUAL and backups.integrity_problems(made.path) == []
    assert made.path.name in window.status_message.text()


def test_the_backups_dialog_lists_backs_up_and_prunes_to_the_number_kept(
    qtbot: QtBot, window: MainWindow, db_path: Path, qsettings: QSettings
) -> None:
    dialog = _backups_dialog(window)
    assert dialog.table.topLevelItemCount() == 0
    for _ in range(3):
        dialog.back_up_button.click()
    assert dialog.table.topLevelItemCount() == 3
    # Checked newest first up to the first good copy; the rest are checked when restored.
    checks = [dialog.table.topLevelItem(i).text(3) for i in range(3)]  # type: ignore[union-attr]
    assert checks == ["Passes its check", "Checked on restore", "Checked on restore"]
    dialog.keep.setValue(2)
    dialog.keep.editingFinished.emit()
    assert keep_setting(qsettings) == 2
    assert dialog.table.topLevelItemCount() == 2
    assert len(backups.list_backups(backups.backup_folder(db_path))) == 2
    dialog.back_up_button.click()
    assert dialog.table.topLevelItemCount() == 2  # back up now also keeps only the newest 2


def test_restoring_a_copy_backs_up_the_current_file_first_then_reopens(
    qtbot: QtBot, window: MainWindow, app_session: AppSession, db_path: Path
) -> None:
    dialog = _backups_dialog(window)
    dialog.back_up_button.click()
    app_session.alloy.auth.register("after@example.com", "correct horse battery", "After")
    assert app_session.alloy.auth.user_count() == 2
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    assert dialog.restore_button.isEnabled()
    asked: list[str] = []
    dialog.confirm_restore = lambda row: asked.append(row.when) or True  # type: ignore[method-assign]
    dialog.restore_button.click()
    assert asked and app_session.alloy.auth.user_count() == 1  # the copy is back, reopened
    assert app_session.is_signed_in  # the lifter is in the copy: still signed in
    kept = backups.list_backups(backups.backup_folder(db_path))
    before = [b for b in kept if b.reason == backups.BEFORE_RESTORE]
    assert len(before) == 1 and _users(before[0].path) == 2
    assert "Restored the database" in dialog.status.text()
    assert dialog.table.topLevelItemCount() == 2


# --- saving onto a read-only database: the work stays, and is saved on the retry --------------


@pytest.fixture
def read_only_switch(app_session: AppSession) -> Iterator[Callable[[bool], None]]:
    """Makes every new connection read-only (SQLite's query_only: root ignores chmod)."""
    engine = app_session.alloy.context.db.engine
    state = {"on": False}

    def _connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA query_only={int(state['on'])}")

    event.listen(engine, "connect", _connect)

    def switch(on: bool) -> None:
        state["on"] = on
        engine.dispose()

    yield switch
    event.remove(engine, "connect", _connect)


def _saved_sets(session: AppSession) -> int:
    draft = session.me.logs.load_draft()
    return 0 if draft is None else done_sets_in(draft.payload)


def _mark(vm: WorkoutLoggerViewModel, index: int) -> None:
    key = vm.exercises[0].key
    if index >= len(vm.exercises[0].sets):
        vm.add_set(key)
    vm.enter(key, index, WEIGHT, "60")
    vm.enter(key, index, REPS, "5")
    assert vm.set_done(key, index, True)


def test_a_read_only_database_keeps_the_workout_in_memory_and_saves_it_on_the_retry(
    qtbot: QtBot, app_session: AppSession, read_only_switch: Callable[[bool], None]
) -> None:
    vm = WorkoutLoggerViewModel(app_session)
    errors: list[str] = []
    vm.error.connect(lambda _field, message: errors.append(message))
    vm.start_custom()
    bench = app_session.me.library.search(BENCH, limit=1)[0]
    vm.add_exercise(choice_from_movement(bench))
    with qtbot.waitSignal(vm.draft_saved):
        _mark(vm, 0)
    assert _saved_sets(app_session) == 1

    read_only_switch(True)
    _mark(vm, 1)
    qtbot.waitUntil(lambda: bool(errors) and not vm.draft_pending)
    assert "could not be saved" in errors[-1] and "read-only" in errors[-1]
    assert sum(s.done for s in vm.exercises[0].sets) == 2  # still on screen
    assert _saved_sets(app_session) == 1  # the draft keeps what was saved before

    vm.finish()  # finishing fails the same way, and throws nothing away
    assert "read-only" in errors[-1] and vm.phase is Phase.RUNNING
    assert _saved_sets(app_session) == 1

    read_only_switch(False)
    with qtbot.waitSignal(vm.draft_saved):
        _mark(vm, 2)  # the next change is the retry: it saves everything entered
    assert _saved_sets(app_session) == 3
    vm.finish()
    assert vm.phase is Phase.FINISHED and app_session.me.logs.load_draft() is None
    vm.dispose()
