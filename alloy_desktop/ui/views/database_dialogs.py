"""Dialogs about the database file: damaged at start, already open elsewhere, and its backups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.api.errors import AlloyError
from alloy_desktop.ui.viewmodels.database_backups import (
    MAX_KEEP,
    MIN_KEEP,
    BackupRow,
    DamagedDatabaseViewModel,
    DatabaseBackupsViewModel,
    StartChoice,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import FieldErrors, StatusLabel, label

BACKUPS_TITLE = "Restore database file from backup"
DAMAGED_TITLE = "Alloy's database is damaged"
RUNNING_TITLE = "Alloy is already running"
STATUS_CLEAR_MS = 15000
INTRO = (
    "Alloy copies its whole database file (every account on this computer) into the "
    "backups folder the first time it starts each day and before every upgrade, and "
    "checks each copy. This is not <i>File › Back up all my data…</i>, which saves one "
    "lifter's data to a file you choose."
)


def backup_table(rows: Sequence[BackupRow], parent: QWidget | None = None) -> QTreeWidget:
    """A list of backups: when, size, why, and whether it passes its check."""
    table = QTreeWidget(parent)
    table.setRootIsDecorated(False)
    table.setHeaderLabels(["Made", "Size", "Why", "Check"])
    table.setMinimumHeight(150)
    header = table.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in (1, 2, 3):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    fill_backup_table(table, rows)
    return table


def fill_backup_table(table: QTreeWidget, rows: Sequence[BackupRow]) -> None:
    """Replaces the table's rows, keeping each BackupRow on its item."""
    table.clear()
    for row in rows:
        item = QTreeWidgetItem([row.when, row.size, row.why, row.check])
        item.setData(0, Qt.ItemDataRole.UserRole, row)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.addTopLevelItem(item)


def selected_row(table: QTreeWidget) -> BackupRow | None:
    item = table.currentItem()
    row = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
    return row if isinstance(row, BackupRow) else None


class DamagedDatabaseDialog(QDialog):
    """At start, on a file SQLite can't read: restore the newest good backup, start afresh, quit."""

    def __init__(self, vm: DamagedDatabaseViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.choice = StartChoice.QUIT
        self.outcome = ""  # what was done, for the status bar once the window is up
        self.setWindowTitle(DAMAGED_TITLE)
        self.setMinimumWidth(640)
        self.setStyleSheet(_choice_style())
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label("The database file can't be read", "title"))
        where = label(str(vm.path), word_wrap=True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        layout.addWidget(
            label(
                "It may have been damaged by a crash, a power cut or a failing disk. "
                "Nothing has been changed yet; whatever you choose, the damaged file is "
                "kept.",
                "muted",
                word_wrap=True,
            )
        )
        layout.addWidget(label("Backups", "subtitle"))
        self.table = backup_table(vm.rows, self)
        layout.addWidget(self.table)
        if not vm.rows:
            layout.addWidget(label("There are no backups of this file yet.", "muted"))
        self._build_choices(layout)
        self.message = QLabel()
        self.errors = FieldErrors(self.message)
        layout.addWidget(self.message)

    def _build_choices(self, layout: QVBoxLayout) -> None:
        newest = self.vm.newest_sound
        self.restore_button = QCommandLinkButton(
            "Restore the newest good backup",
            f"The copy made {newest.when} ({newest.size}) passes its check."
            if newest
            else "No backup passes its integrity check.",
        )
        self.restore_button.setEnabled(newest is not None)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.fresh_button = QCommandLinkButton(
            "Start a fresh database",
            f"The damaged file is moved aside to {self.vm.path.stem}-damaged-….db in "
            "the same folder, never deleted.",
        )
        self.fresh_button.clicked.connect(self._on_fresh_clicked)
        self.quit_button = QPushButton("Quit")
        self.quit_button.clicked.connect(self.reject)
        for button in (self.restore_button, self.fresh_button):
            layout.addWidget(button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        if newest is not None:
            self._select(newest)
            self.restore_button.setFocus()
        else:
            self.fresh_button.setFocus()

    def _select(self, newest: BackupRow) -> None:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == newest:
                self.table.setCurrentItem(item)

    def _on_restore_clicked(self) -> None:
        self._act(StartChoice.RESTORE, self.vm.restore_newest)

    def _on_fresh_clicked(self) -> None:
        self._act(StartChoice.FRESH, self.vm.start_fresh)

    def _act(self, choice: StartChoice, action: Callable[[], str]) -> None:
        self.errors.clear()
        try:
            self.outcome = action()
        except AlloyError as exc:
            self.errors.show("", exc.message)
            return
        self.choice = choice
        self.accept()


def _choice_style() -> str:
    # The choices read as buttons in both schemes, like the logger's start choices.
    c = theme.current()
    return (
        f"QCommandLinkButton {{ border: 1px solid {c.grid}; border-radius: 8px; padding: 10px; }}"
        f"QCommandLinkButton:hover {{ border-color: {c.accent}; }}"
        f"QCommandLinkButton:focus {{ border: 2px solid {c.accent}; }}"
    )


def ask_damaged(
    vm: DamagedDatabaseViewModel, parent: QWidget | None = None
) -> DamagedDatabaseDialog:
    """Shows the damaged-database choices and returns the dialog once one is made."""
    dialog = DamagedDatabaseDialog(vm, parent)
    dialog.exec()
    return dialog


def already_running_box(folder: Path, parent: QWidget | None = None) -> QMessageBox:
    """The second Alloy on a data folder says why it is not opening."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(RUNNING_TITLE)
    box.setText("Alloy is already open with this data folder.")
    box.setInformativeText(
        f"{folder}\n\nSwitch to the Alloy window that is open. Two windows on one "
        "database would overwrite each other's work, so this one closes."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    _widen(box)
    return box


def store_problem_box(message: str, parent: QWidget | None = None) -> QMessageBox:
    """A database that is busy, read-only, full or unreachable at start: try again or quit."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Alloy can't open its database")
    box.setText("Alloy can't open its database.")
    box.setInformativeText(message)
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    _widen(box)
    return box


def _widen(box: QMessageBox) -> None:
    # A message box sizes itself to its short heading and breaks a long path mid-word.
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if informative is not None:
        informative.setMinimumWidth(460)


class DatabaseBackupsDialog(QDialog):
    """File › Restore database file from backup…: the checked copies, back up now, keep N."""

    def __init__(self, session: AppSession, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.vm = DatabaseBackupsViewModel(session, settings, self)
        self.setWindowTitle(BACKUPS_TITLE)
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = label(INTRO, "muted", word_wrap=True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        self.table = backup_table((), self)
        self.table.currentItemChanged.connect(self._on_table_current_item_changed)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._keep_row())
        self.message = QLabel()
        self.errors = FieldErrors(self.message)
        layout.addWidget(self.message)
        self.status = StatusLabel(STATUS_CLEAR_MS)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())
        self._bind()
        self.vm.refresh()

    def _keep_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Keep the newest"))
        self.keep = QSpinBox()
        self.keep.setRange(MIN_KEEP, MAX_KEEP)
        self.keep.setValue(self.vm.keep)
        self.keep.setAccessibleName("Copies to keep")
        row.addWidget(self.keep)
        row.addWidget(QLabel("copies; older ones are deleted."))
        row.addStretch(1)
        self.folder_button = QPushButton("Show folder")
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        row.addWidget(self.folder_button)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.back_up_button = QPushButton("Back up now")
        self.back_up_button.clicked.connect(self.vm.back_up_now)
        self.restore_button = QPushButton("Restore selected copy…")
        self.restore_button.setProperty("role", "primary")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(self.back_up_button)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        row.addWidget(close)
        return row

    def _bind(self) -> None:
        self.vm.rows_changed.connect(self._on_rows_changed)
        self.vm.done.connect(self.status.flash)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.busy_changed.connect(self._on_busy_changed)
        self.keep.editingFinished.connect(self._on_keep_editing_finished)

    def confirm_restore(self, row: BackupRow) -> bool:
        """Asks before replacing the database (tests replace this)."""
        answer = QMessageBox.question(
            self,
            BACKUPS_TITLE,
            f"Replace the database with the copy made {row.when} ({row.size})?\n\n"
            "Everything entered since then, in every account, is replaced by that copy. "
            "The current file is backed up first, so this can be undone by restoring "
            "that backup.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_rows_changed(self, rows: Sequence[BackupRow]) -> None:
        fill_backup_table(self.table, rows)
        if not rows:
            self.status.flash("No backups yet: press Back up now to make one.")

    def _on_table_current_item_changed(self, *_items: object) -> None:
        row = selected_row(self.table)
        # Unchecked copies may be chosen too: the restore checks them before anything changes.
        usable = row is not None and row.sound is not False
        self.restore_button.setEnabled(usable and not self.vm.busy)

    def _on_restore_button_clicked(self) -> None:
        row = selected_row(self.table)
        if row is not None and row.sound is not False and self.confirm_restore(row):
            self.vm.restore(row)

    def _on_keep_editing_finished(self) -> None:
        if self.keep.value() != self.vm.keep:
            self.vm.set_keep(self.keep.value())

    def _on_folder_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.vm.folder()))

    def _on_busy_changed(self, busy: bool) -> None:
        self.back_up_button.setEnabled(not busy)
        self._on_table_current_item_changed()
