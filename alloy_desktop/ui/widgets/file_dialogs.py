"""Open and save file dialogs behind plain functions, so windows can take test doubles instead."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

# (parent, title, folder or suggested path, name filters) -> the chosen path, or "" if none.
FileChooser = Callable[[QWidget | None, str, str, str], str]

CSV_FILES = "Exports (*.csv *.txt);;All files (*)"
BACKUP_FILES = "Alloy backups (*.json);;All files (*)"
CSV_SAVE = "CSV files (*.csv)"
BACKUP_SAVE = "Alloy backups (*.json)"


def _options() -> QFileDialog.Option:
    # The platform's own dialog cannot run on the offscreen platform (tests, screenshots).
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return QFileDialog.Option.DontUseNativeDialog
    return QFileDialog.Option(0)


def open_file(parent: QWidget | None, title: str, folder: str, filters: str) -> str:
    """Asks for an existing file; "" when the lifter cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters, options=_options())
    return path


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    """Asks where to save, adding the filter's extension when none is typed; "" on cancel."""
    dialog = QFileDialog(parent, title, suggested, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setOptions(_options())
    dialog.setDefaultSuffix("json" if "*.json" in filters else "csv")
    dialog.selectFile(suggested)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
