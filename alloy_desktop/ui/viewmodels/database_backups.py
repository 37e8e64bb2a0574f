"""Whole-file database backups: rows for a list, back up now, restore, and the damaged start."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from alloy_desktop.api import DatabaseBackup, DatabaseFiles, Restored
from alloy_desktop.api.errors import AlloyError
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import ALL_TOPICS, AppSession

KEEP_KEY = "backups/keep"  # in window.ini: an install's setting, not a lifter's
DEFAULT_KEEP = 7
MIN_KEEP, MAX_KEEP = 1, 90


def keep_setting(settings: QSettings) -> int:
    """How many whole-file backups to keep (default 7), clamped to a sane range."""
    try:
        value = int(str(settings.value(KEEP_KEY, DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP
    return min(max(value, MIN_KEEP), MAX_KEEP)


def size_text(size: int) -> str:
    """'812 KB', '1.4 MB', '2.1 GB'."""
    if size < 1000 * 1000:
        return f"{max(size, 1000) // 1000:,} KB"
    if size < 1000**3:
        return f"{size / 1000**2:.1f} MB"
    return f"{size / 1000**3:.1f} GB"


def when_text(made_at: datetime) -> str:
    """'Mon 2 Nov 2026, 09:00' in local time."""
    local = made_at.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


@dataclass(frozen=True)
class BackupRow:
    """One backup as a list shows it."""

    backup: DatabaseBackup
    when: str
    size: str
    why: str
    sound: bool | None  # None: not checked yet

    @property
    def check(self) -> str:
        return {True: "Passes its check", False: "Damaged", None: "Checked on restore"}[self.sound]

    @property
    def text(self) -> str:
        """'Mon 2 Nov 2026, 09:00 · 1.1 MB · daily' for a one-line list."""
        return " · ".join(part for part in (self.when, self.size, self.why) if part)


def backup_rows(files: DatabaseFiles, check: bool) -> tuple[BackupRow, ...]:
    """Every backup, newest first; with `check`, checked newest-first up to the first good one.

    `PRAGMA integrity_check` reads every page (about a second per 20 MB), so older copies
    are left unchecked until one is restored, which checks it again anyway.
    """
    rows, found = [], not check
    for backup in files.backups():
        sound = None if found else files.is_sound(backup)
        found = found or bool(sound)
        rows.append(
            BackupRow(
                backup,
                when_text(backup.made_at),
                size_text(backup.size_bytes),
                backup.reason,
                sound,
            )
        )
    return tuple(rows)


def restored_text(restored: Restored) -> str:
    made = when_text(restored.restored.made_at)
    return (
        f"Restored the database from the copy made {made}. The file it replaced was kept "
        f"as {restored.previous.name}."
    )


class DatabaseBackupsViewModel(ViewModel):
    """File > Restore database file from backup…: list, back up now, restore, keep N."""

    rows_changed = Signal(object)  # tuple[BackupRow, ...]
    done = Signal(str)  # a sentence: "Backed up …", "Restored …"

    def __init__(
        self, session: AppSession, settings: QSettings, parent: QObject | None = None
    ) -> None:
        super().__init__(session.runner, parent)
        self._session = session
        self._settings = settings
        self._rows: tuple[BackupRow, ...] = ()

    @property
    def rows(self) -> tuple[BackupRow, ...]:
        return self._rows

    @property
    def keep(self) -> int:
        return keep_setting(self._settings)

    def folder(self) -> str:
        """The backups folder (for "Show folder")."""
        return str(self._session.alloy.database.files().folder)

    def refresh(self) -> None:
        """Lists the backups and checks each one, off the GUI thread."""
        database = self._session.alloy.database
        self.call(lambda: backup_rows(database.files(), check=True), self._on_rows)

    def set_keep(self, keep: int) -> None:
        """Remembers how many copies to keep and prunes to it now."""
        keep = min(max(keep, MIN_KEEP), MAX_KEEP)
        self._settings.setValue(KEEP_KEY, keep)
        database = self._session.alloy.database
        self.call(lambda: database.files().prune(keep), lambda _gone: self.refresh())

    def back_up_now(self) -> None:
        """An integrity-checked copy of the whole database now."""
        database, keep = self._session.alloy.database, self.keep
        self.call(lambda: database.back_up_now(keep), self._on_backed_up)

    def restore(self, row: BackupRow) -> None:
        """Replaces the database with this copy (the current file kept first) and reopens it.

        Runs on the GUI thread once every background call has finished: nothing may use
        the database while its file is swapped.
        """
        self._runner.wait()
        self.errors_cleared.emit()
        try:
            restored = self._session.alloy.database.restore(row.backup)
        except AlloyError as exc:
            self.report(exc)
            return
        self._resume()
        self.done.emit(restored_text(restored))
        self.refresh()

    def _resume(self) -> None:
        # The restored file may not hold the signed-in lifter: then they sign in again.
        token = self._session.token
        if token is None:
            return
        if self._session.resume(token):  # rebuilds every page from the restored data
            self._session.notify(*ALL_TOPICS)
        else:
            self._session.logout()

    def _on_rows(self, rows: tuple[BackupRow, ...]) -> None:
        self._rows = rows
        self.rows_changed.emit(rows)

    def _on_backed_up(self, made: DatabaseBackup) -> None:
        self.done.emit(
            f"Backed up the database to {made.path.name} ({size_text(made.size_bytes)})."
        )
        self.refresh()


class StartChoice(StrEnum):
    """What the lifter chose for a damaged database at start."""

    RESTORE = "restore"
    FRESH = "fresh"
    QUIT = "quit"


class DamagedDatabaseViewModel(QObject):
    """Start-up on a damaged file: the sound backups, restore the newest, or start afresh.

    Runs before the window exists, on the GUI thread: there is nothing else to do meanwhile.
    """

    def __init__(self, path: Path, problem: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.files = DatabaseFiles(path)
        self.problem = problem
        self.rows: Sequence[BackupRow] = backup_rows(self.files, check=True)

    @property
    def path(self) -> Path:
        return self.files.path

    @property
    def newest_sound(self) -> BackupRow | None:
        return next((row for row in self.rows if row.sound), None)

    def restore_newest(self) -> str:
        """Restores the newest sound backup (the damaged file moved aside); says what it did."""
        row = self.newest_sound
        if row is None:
            raise AlloyError("No backup passes its check, so none can be restored.")
        return restored_text(self.files.restore_closed(row.backup))

    def start_fresh(self) -> str:
        """Moves the damaged file aside so the next open creates a new one; says where."""
        moved = self.files.set_aside()
        return f"The damaged database was moved to {moved} and a new one was started."
