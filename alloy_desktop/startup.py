"""Before the window: one Alloy per data folder, a damaged or unusable database, daily backup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile, QSettings
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.api import Alloy

log = logging.getLogger("alloy")

LOCK_FILENAME = "alloy.lock"


@dataclass
class Opened:
    """The open api, and a sentence for the status bar about what start-up had to do."""

    alloy: Alloy
    notice: str = ""


def acquire_lock(folder: Path) -> QLockFile | None:
    """This data folder's lock, or None while another running Alloy holds it.

    A lock left by a killed Alloy names a process that no longer runs: Qt sees it is
    stale and takes it over. A folder where no lock file can be made (read-only) is
    opened without one; the database's own messages say what can't be saved.
    """
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(folder / LOCK_FILENAME))
    # Held for as long as the app runs: only a dead holder, never age, makes it stale.
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    log.warning("no lock file in %s (%s): opening without one", folder, lock.error())
    return lock


def open_database(
    folder: Path, settings: QSettings, qt_app: Callable[[], QApplication]
) -> Opened | None:
    """Opens the folder's database, asking the lifter what to do when it can't be used.

    Damaged: restore the newest sound backup, start afresh (the file set aside) or quit.
    Busy, read-only, full or unreachable: try again or quit. Then, on the first start of
    the day, an integrity-checked backup. None means the lifter chose to quit.
    """
    from alloy_desktop.api.errors import StoreCorrupt, StoreError
    from alloy_desktop.paths import database_path
    from alloy_desktop.ui.viewmodels.database_backups import keep_setting

    path, notice = database_path(folder), ""
    while True:
        try:
            alloy, backup_notice = _open_and_back_up(path, folder, keep_setting(settings))
        except StoreCorrupt as exc:
            log.error("damaged database %s: %s", path, exc.__cause__ or exc)
            outcome = _ask_damaged(path, exc.message, qt_app)
            if outcome is None:
                return None
            notice = outcome
        except StoreError as exc:
            log.error("database %s can't be opened: %s", path, exc.__cause__ or exc)
            if not _ask_retry(exc.message, qt_app):
                return None
        else:
            return Opened(alloy, notice or backup_notice)


NO_DRIVER = (
    "Alloy can't talk to a PostgreSQL server on this computer: its client library is missing. "
    "Install it (sudo apt-get install libpq5), then try again."
)


def open_shared(url: str, folder: Path, qt_app: Callable[[], QApplication]) -> Opened | None:
    """Opens a shared PostgreSQL server (migrating it as the file would be), asking to try
    again or quit while it can't be reached. None means the lifter chose to quit.

    The server's owner backs it up (pg_dump); this folder keeps the window state and log.
    """
    from alloy_desktop.api import Alloy
    from alloy_desktop.api.errors import StoreError
    from alloy_desktop.services.storage import place_of

    place = place_of(url).location
    while True:
        try:
            alloy = Alloy.open(url, data_dir=folder)
        except StoreError as exc:
            log.error("shared database %s can't be opened: %s", place, exc.__cause__ or exc)
            if not _ask_retry(exc.message, qt_app):
                return None
        except ImportError as exc:
            # The bundle's psycopg is the pure-Python one: it needs the system's libpq.
            log.error("no PostgreSQL driver for %s: %s", place, exc)
            if not _ask_retry(NO_DRIVER, qt_app):
                return None
        else:
            return Opened(alloy, f"Shared database: {place}.")


def _open_and_back_up(path: Path, folder: Path, keep: int) -> tuple[Alloy, str]:
    """The open api and, if today's backup could not be made, a sentence saying so."""
    from alloy_desktop.api import Alloy, DatabaseFiles
    from alloy_desktop.api.errors import StoreCorrupt, StoreError

    alloy = Alloy.open(path, data_dir=folder)
    try:
        made = DatabaseFiles(path).daily(keep)
    except StoreCorrupt:
        # The daily copy reads every page: damage the open did not touch shows up here.
        alloy.close()
        raise
    except StoreError as exc:
        # A full or read-only disk must not keep the lifter out: say so once the window is up.
        log.warning("daily backup failed: %s", exc.__cause__ or exc)
        return alloy, f"Today's backup of the database could not be made: {exc.message}"
    if made is not None:
        log.info("daily backup %s (%d bytes)", made.path, made.size_bytes)
    return alloy, ""


def tell_already_running(folder: Path, qt_app: Callable[[], QApplication]) -> None:
    """The second Alloy on a folder says so and goes (tests replace this)."""
    qt_app()
    from alloy_desktop.ui.views.database_dialogs import already_running_box

    already_running_box(folder).exec()


def _ask_damaged(path: Path, problem: str, qt_app: Callable[[], QApplication]) -> str | None:
    """The damaged-database dialog; the sentence of what was done, or None to quit."""
    qt_app()
    from alloy_desktop.ui.viewmodels.database_backups import DamagedDatabaseViewModel, StartChoice
    from alloy_desktop.ui.views.database_dialogs import ask_damaged

    dialog = ask_damaged(DamagedDatabaseViewModel(path, problem))
    if dialog.choice == StartChoice.QUIT:
        return None
    log.info("damaged database: %s", dialog.outcome)
    return dialog.outcome


def _ask_retry(message: str, qt_app: Callable[[], QApplication]) -> bool:
    qt_app()
    from PySide6.QtWidgets import QMessageBox

    from alloy_desktop.ui.views.database_dialogs import store_problem_box

    return store_problem_box(message).exec() == QMessageBox.StandardButton.Retry
