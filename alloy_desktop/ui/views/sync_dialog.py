"""Link to a coach's shared server, see how the sync is doing, sync now, and read its conflicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.api.sync import SyncReport, SyncStatus
from alloy_desktop.ui.viewmodels.sync import SyncViewModel, ago, waiting
from alloy_desktop.ui.widgets.common import FieldErrors, label

TITLE = "Sync with a shared server"
INTRO = (
    "Alloy keeps working offline. Once this account is linked to its account on your "
    "coach's server, your logs go up and your coach's plans come down every few minutes."
)
PASSWORD_NOTE = (
    "Kept in memory until Alloy closes, never saved to disk: Alloy asks again at the "
    "next start, when you choose Sync now."
)
URL_PLACEHOLDER = "postgresql+psycopg://user@host/alloy"
WINNERS = {"server": "Coach's server", "laptop": "This computer"}


def when(value: object) -> str:
    return f"{value.day} {value:%b %H:%M}" if isinstance(value, datetime) else ""


class SyncDialog(QDialog):
    """The link form until the account is linked; then the sync's status and conflicts."""

    def __init__(self, vm: SyncViewModel, email: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(560)
        self._build(email)
        self._connect()
        self._show_state()
        self.vm.refresh()
        self.vm.load_conflicts()

    # --- building ---------------------------------------------------------------------

    def _build(self, email: str) -> None:
        root = QVBoxLayout(self)
        root.setSpacing(10)
        root.addWidget(label(TITLE, "title"))
        root.addWidget(label(INTRO, "muted", word_wrap=True))
        self.link_form = self._link_form(email)
        self.status_panel = self._status_panel()
        root.addWidget(self.link_form)
        root.addWidget(self.status_panel)
        self.message = QLabel()
        self.errors = FieldErrors(self.message)
        for field, widget, error in (
            ("server_url", self.server_url, self.server_url_error),
            ("db_password", self.db_password, self.db_password_error),
            ("email", self.email, self.email_error),
            ("alloy_password", self.alloy_password, self.alloy_password_error),
        ):
            self.errors.bind(field, widget, error)
        root.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.link_button = self.buttons.addButton("Link", QDialogButtonBox.ButtonRole.ActionRole)
        self.link_button.setProperty("role", "primary")
        self.sync_button = self.buttons.addButton(
            "Sync now", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.sync_button.setProperty("role", "primary")
        root.addWidget(self.buttons)

    def _link_form(self, email: str) -> QWidget:
        box = QFrame()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText(URL_PLACEHOLDER)
        self.db_password = QLineEdit()
        self.db_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.email = QLineEdit(email)
        self.alloy_password = QLineEdit()
        self.alloy_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_url_error, self.db_password_error = QLabel(), QLabel()
        self.email_error, self.alloy_password_error = QLabel(), QLabel()
        row = 0
        for text, widget, error, note in (
            ("Server address", self.server_url, self.server_url_error, "From your coach."),
            ("Database password", self.db_password, self.db_password_error, PASSWORD_NOTE),
            ("Alloy email", self.email, self.email_error, ""),
            ("Alloy password", self.alloy_password, self.alloy_password_error, ""),
        ):
            grid.addWidget(QLabel(text), row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(error, row + 1, 1)
            row += 2
            if note:
                grid.addWidget(label(note, "muted", word_wrap=True), row, 1)
                row += 1
        return box

    def _status_panel(self) -> QWidget:
        box = QFrame()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self.server_value = label("", word_wrap=True)
        self.server_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_sync_value = QLabel()
        self.pending_value = QLabel()
        self.last_error_value = label("", "warning", word_wrap=True)
        self.session_password = QLineEdit()
        self.session_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.session_password.setPlaceholderText("Needed once per start of Alloy")
        self.session_password_label = QLabel("Database password")
        self.session_password_note = label(
            "Kept in memory until Alloy closes, never saved to disk.", "muted", word_wrap=True
        )
        rows: tuple[tuple[QLabel, QWidget], ...] = (
            (QLabel("Server"), self.server_value),
            (QLabel("Last sync"), self.last_sync_value),
            (QLabel("Waiting"), self.pending_value),
            (QLabel("Last problem"), self.last_error_value),
            (self.session_password_label, self.session_password),
        )
        grid.addWidget(self.session_password_note, len(rows), 1)
        for row, (name, value) in enumerate(rows):  # the password's note goes below them
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        self.last_error_label = rows[3][0]
        layout.addLayout(grid)
        self.conflicts_title = label("Changes made on both sides", "subtitle")
        self.conflicts_note = label(
            "The coach's server keeps plans; this computer keeps logs. The other side's "
            "version was set aside:",
            "muted",
            word_wrap=True,
        )
        self.conflicts = QTreeWidget()
        self.conflicts.setRootIsDecorated(False)
        self.conflicts.setHeaderLabels(["What", "Row", "Kept", "When"])
        self.conflicts.setMinimumHeight(120)
        header = self.conflicts.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for widget in (self.conflicts_title, self.conflicts_note, self.conflicts):
            layout.addWidget(widget)
        return box

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        self.vm.status_changed.connect(self._on_vm_status_changed)
        self.vm.synced.connect(self._on_vm_synced)
        self.vm.linked.connect(self._on_vm_linked)
        self.vm.conflicts_changed.connect(self._on_vm_conflicts_changed)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.busy_changed.connect(self._on_vm_busy_changed)

    # --- answers ----------------------------------------------------------------------

    def _on_link_button_clicked(self) -> None:
        self.vm.link(
            self.server_url.text().strip(),
            self.db_password.text(),
            self.email.text().strip(),
            self.alloy_password.text(),
        )

    def _on_sync_button_clicked(self) -> None:
        if self.session_password.text():
            self.vm.set_password(self.session_password.text())
        else:
            self.vm.sync_now()

    def _on_vm_linked(self, _status: SyncStatus) -> None:
        # Neither password stays in a widget once it did its job.
        self.db_password.clear()
        self.alloy_password.clear()

    def _on_vm_status_changed(self, _status: SyncStatus) -> None:
        self._show_state()

    def _on_vm_synced(self, report: SyncReport) -> None:
        if report.error is None:
            self.session_password.clear()
        self._show_state()

    def _on_vm_conflicts_changed(self, rows: list[dict[str, Any]]) -> None:
        self.conflicts.clear()
        for row in rows:
            item = QTreeWidgetItem(
                [
                    str(row.get("table", "")).replace("_", " "),
                    str(row.get("uid", "")),
                    WINNERS.get(str(row.get("winner")), str(row.get("winner", ""))),
                    when(row.get("recorded_at")),
                ]
            )
            item.setToolTip(1, str(row.get("uid", "")))  # the column elides a whole uid
            self.conflicts.addTopLevelItem(item)
        self._show_state()

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.link_button.setEnabled(not busy)
        self.sync_button.setEnabled(not busy and not self.vm.syncing)

    # --- state ------------------------------------------------------------------------

    def _show_state(self) -> None:
        status = self.vm.status
        linked = self.vm.is_linked
        self.link_form.setVisible(not linked)
        self.link_button.setVisible(not linked)
        self.status_panel.setVisible(linked)
        self.sync_button.setVisible(linked)
        self.sync_button.setEnabled(not self.vm.syncing and not self.vm.busy)
        if status is None or not linked:
            return
        self.server_value.setText(status.linked_server or "")
        self.last_sync_value.setText(
            _upper_first(ago(status.last_sync_at, self.vm.session.now()))
            if status.last_sync_at
            else "Not yet"
        )
        self.pending_value.setText(_upper_first(waiting(status.pending_changes)))
        report = self.vm.last_report
        error = report.error if report is not None else status.last_error
        self.last_error_value.setText(error or "")
        self.last_error_value.setVisible(bool(error))
        self.last_error_label.setVisible(bool(error))
        asks = not self.vm.has_password
        self.session_password.setVisible(asks)
        self.session_password_label.setVisible(asks)
        self.session_password_note.setVisible(asks)
        has_conflicts = self.conflicts.topLevelItemCount() > 0
        for widget in (self.conflicts_title, self.conflicts_note, self.conflicts):
            widget.setVisible(has_conflicts)
        self.adjustSize()


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
