"""Export as CSV, full backup and restore: file work off the GUI thread, results as sentences."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.api.errors import AlloyError
from alloy_desktop.domain.catalog import join_words
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.importer import counted, day_text
from alloy_desktop.ui.viewmodels.session import ALL_TOPICS, AppSession

EXPORT = "export"
BACKUP = "backup"
RESTORE = "restore"
FAILED_TITLES = {EXPORT: "Export failed", BACKUP: "Backup failed", RESTORE: "Restore failed"}

# The backup's tables a lifter would recognise, in the order a sentence names them.
BACKUP_NAMES: tuple[tuple[str, str, str], ...] = (
    ("workout_logs", "workout", "workouts"),
    ("logged_sets", "set", "sets"),
    ("activity_instances", "activity", "activities"),
    ("programs", "program", "programs"),
    ("movements", "custom exercise", "custom exercises"),
)
RESTORE_QUESTION = (
    "Restore {name}?\n\n"
    "Its workouts, programs, activities and custom exercises are added to this account, "
    "and your profile and settings are replaced by the ones in the backup.\n\n"
    "This works only in an account with no training history of its own: if this one has "
    "some, create a new account and restore there. If the file can't be restored, "
    "nothing is changed."
)


def backup_counts(counts: Mapping[str, int]) -> str:
    """'312 workouts, 4,210 sets and 2 programs' from a backup's row counts (zeros left out)."""
    parts = [
        counted(counts[key], one, many) for key, one, many in BACKUP_NAMES if counts.get(key, 0) > 0
    ]
    return join_words(parts)


def export_text(summary: schemas.BackupSummary) -> str:
    counts = summary.counts
    parts = [
        counted(counts.get(key, 0), one, many)
        for key, one, many in (
            ("workouts", "workout", "workouts"),
            ("sets", "set", "sets"),
            ("warmup_sets", "warm-up set", "warm-up sets"),
            ("activities", "activity", "activities"),
        )
        if counts.get(key, 0) > 0
    ]
    what = join_words(parts) if parts else "no workouts yet (an empty file)"
    return f"Exported {what} to {Path(summary.path).name}."


def backup_text(summary: schemas.BackupSummary) -> str:
    held = backup_counts(summary.counts)
    held_text = f" ({held})" if held else ""
    return f"Backed up all your data{held_text} to {Path(summary.path).name}."


def restore_text(summary: schemas.BackupSummary) -> str:
    held = backup_counts(summary.counts) or "your settings"
    made = summary.created_at
    when = f" (backed up {day_text(made.astimezone().date())})" if made is not None else ""
    return f"Restored {held} from {Path(summary.path).name}{when}."


def suggested_name(kind: str, today: date) -> str:
    """alloy-workouts-2026-11-02.csv, alloy-backup-2026-11-02.json."""
    if kind == EXPORT:
        return f"alloy-workouts-{today.isoformat()}.csv"
    return f"alloy-backup-{today.isoformat()}.json"


class DataTransferViewModel(ViewModel):
    """The File menu's export, backup and restore; `finished` says what happened."""

    finished = Signal(str)  # a sentence for the status bar
    failed = Signal(str, str)  # a message box's title, a sentence

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(session.runner, parent)
        self.session = session

    def restore_question(self, path: str) -> str:
        """What the lifter is asked before a restore."""
        return RESTORE_QUESTION.format(name=Path(path).name)

    def export_csv(self, path: str) -> None:
        self._run(EXPORT, lambda me: me.backup.export_csv(path), export_text)

    def backup(self, path: str) -> None:
        self._run(BACKUP, lambda me: me.backup.backup(path), backup_text)

    def restore(self, path: str) -> None:
        self._run(RESTORE, lambda me: me.backup.restore(path), restore_text, restored=True)

    def _run(
        self,
        kind: str,
        work: Callable[[UserApi], schemas.BackupSummary],
        sentence: Callable[[schemas.BackupSummary], str],
        restored: bool = False,
    ) -> None:
        me = self.session.me

        def done(summary: schemas.BackupSummary) -> None:
            if restored:  # every page holds data the backup may have replaced
                self.session.notify(*ALL_TOPICS)
            self.finished.emit(sentence(summary))

        def failed(exc: AlloyError) -> None:
            self.failed.emit(FAILED_TITLES[kind], exc.message)

        self.call(lambda: work(me), done, failed)
