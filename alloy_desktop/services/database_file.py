"""The whole database file: rolling backups, back up now, restore, a damaged file set aside."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alloy_desktop.services.context import AppContext
from alloy_desktop.services.errors import Conflict, StoreCorrupt
from alloy_desktop.services.storage import Place, storage_errors
from alloy_desktop.store import backups
from alloy_desktop.store.backups import BEFORE_RESTORE, DEFAULT_KEEP, MANUAL, BackupFile
from alloy_desktop.store.faults import Fault, StorageFault, fault_of

__all__ = ["DEFAULT_KEEP", "DatabaseBackup", "DatabaseFileService", "DatabaseFiles", "Restored"]

REASONS = {
    backups.DAILY: "daily",
    backups.MANUAL: "by hand",
    backups.UPGRADE: "before an upgrade",
    backups.BEFORE_RESTORE: "before a restore",
}


@dataclass(frozen=True)
class DatabaseBackup:
    """One copy of the whole database file in the backups folder."""

    path: Path
    made_at: datetime  # local time
    size_bytes: int
    reason: str  # "daily", "by hand", "before an upgrade", "before a restore" or ""


@dataclass(frozen=True)
class Restored:
    """What a restore did: the copy it put back, and where the file it replaced went."""

    restored: DatabaseBackup
    previous: Path  # a backup of the replaced file, or the damaged file moved aside


def _backup(found: BackupFile) -> DatabaseBackup:
    return DatabaseBackup(found.path, found.made_at, found.size, REASONS.get(found.reason, ""))


class DatabaseFiles:
    """Whole-file work on one SQLite database that need not be open (start-up uses it)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser().resolve()
        self.folder = backups.backup_folder(self.path)
        self._place = Place(str(self.path), is_file=True)

    def backups(self) -> tuple[DatabaseBackup, ...]:
        """Every backup of this file, newest first."""
        with storage_errors(self._place, files=True):
            return tuple(_backup(b) for b in backups.list_backups(self.folder, self.path.stem))

    def is_sound(self, backup: DatabaseBackup | Path) -> bool:
        """Whether a copy opens and passes `PRAGMA integrity_check`."""
        path = backup.path if isinstance(backup, DatabaseBackup) else Path(backup)
        with storage_errors(self._place, files=True):
            return backups.is_sound(path)

    def newest_sound(self) -> DatabaseBackup | None:
        """The newest backup that passes its integrity check (older ones are tried in turn)."""
        return next((b for b in self.backups() if self.is_sound(b)), None)

    def back_up(self, reason: str = MANUAL, keep: int | None = None) -> DatabaseBackup:
        """An integrity-checked copy now; with `keep`, older copies beyond it are pruned."""
        with storage_errors(self._place, files=True):
            made = backups.back_up(self.path, reason, self.folder)
            if keep is not None:
                backups.prune(self.folder, keep, self.path.stem)
        return _backup(made)

    def daily(self, keep: int = DEFAULT_KEEP) -> DatabaseBackup | None:
        """The first call of a day backs up and prunes to `keep`; later calls do nothing."""
        with storage_errors(self._place, files=True):
            made = backups.daily_backup(self.path, keep)
        return None if made is None else _backup(made)

    def prune(self, keep: int) -> int:
        """Deletes all but the newest `keep` backups; returns how many went."""
        with storage_errors(self._place, files=True):
            return len(backups.prune(self.folder, keep, self.path.stem))

    def set_aside(self) -> Path:
        """Moves the file (with its WAL) to a dated "-damaged" name beside it; returns that."""
        with storage_errors(self._place, files=True):
            return backups.set_aside(self.path)

    def restore_closed(self, backup: DatabaseBackup | Path) -> Restored:
        """Puts a backup in place of a file nobody has open, keeping the old one first.

        A sound current file is backed up ("before a restore"); a damaged one is moved
        aside instead, since it can't be copied. Nothing is ever deleted.
        """
        chosen = backup.path if isinstance(backup, DatabaseBackup) else Path(backup)
        with storage_errors(self._place, files=True):
            if not backups.is_sound(chosen):
                raise StoreCorrupt(
                    f"The backup {chosen} is damaged too, so it was not restored. "
                    "Choose another one.",
                    str(chosen),
                )
            previous = self._keep_current()
            backups.restore(chosen, self.path, checked=True)
            return Restored(_backup(backups.describe(chosen)), previous)

    def _keep_current(self) -> Path:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return self.set_aside() if self.path.exists() else self.path
        try:
            return backups.back_up(self.path, BEFORE_RESTORE, self.folder).path
        except (StorageFault, sqlite3.Error) as exc:
            if fault_of(exc) != Fault.CORRUPT:
                raise
            return backups.set_aside(self.path)


class DatabaseFileService:
    """The open database's file: back up now, list and restore backups (File menu)."""

    def __init__(self, app: AppContext) -> None:
        self._app = app

    def files(self) -> DatabaseFiles:
        """The open file's backups; refused for a database on a server or in memory."""
        place = self._app.place
        if not place.is_file:
            raise Conflict("Whole-file backups are only for a database file on this computer.")
        return DatabaseFiles(Path(place.location))

    def backups(self) -> tuple[DatabaseBackup, ...]:
        """Every backup of the open file, newest first."""
        return self.files().backups()

    def back_up_now(self, keep: int = DEFAULT_KEEP) -> DatabaseBackup:
        """An integrity-checked copy of the open file now, then pruning to `keep`."""
        return self.files().back_up(MANUAL, keep)

    def restore(self, backup: DatabaseBackup | Path) -> Restored:
        """Replaces the open file with a backup (the current file kept first), then reopens it.

        Nothing else may be using the api meanwhile: the window waits for its background
        work first. A restored copy from an older version is upgraded as it reopens.
        """
        from alloy_desktop.store.database import open_database

        files = self.files()
        self._app.db.close()
        try:
            return files.restore_closed(backup)
        finally:
            with storage_errors(Place(str(files.path), is_file=True)):
                self._app.replace_database(open_database(files.path))
