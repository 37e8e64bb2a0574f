"""The main window: navigation rail, lazily built pages, menus, status bar, restored geometry."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets import file_dialogs, theme
from alloy_desktop.ui.widgets.common import StatusLabel

# What the first paint of Today does not need is imported on first use: the coach's
# status, export/backup/restore (which pulls in the importer) and the database dialogs.
if TYPE_CHECKING:
    from alloy_desktop.ui.viewmodels.coach_chat import CoachStatusViewModel
    from alloy_desktop.ui.viewmodels.data_transfer import DataTransferViewModel
    from alloy_desktop.ui.viewmodels.database_backups import DatabaseBackupsViewModel
    from alloy_desktop.ui.viewmodels.sync import SyncViewModel
    from alloy_desktop.ui.views.import_dialog import ImportDialog
    from alloy_desktop.ui.views.sync_dialog import SyncDialog


@dataclass(frozen=True)
class PageSpec:
    """One entry of the navigation rail; the view class is imported when first shown."""

    key: str
    title: str
    target: str  # "module:Class"
    shortcut: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", "Today", "alloy_desktop.ui.views.today_view:TodayView", "Ctrl+1"),
    PageSpec("program", "Program", "alloy_desktop.ui.views.program_view:ProgramView", "Ctrl+2"),
    PageSpec("calendar", "Calendar", "alloy_desktop.ui.views.calendar_view:CalendarView", "Ctrl+3"),
    PageSpec("log", "Log", "alloy_desktop.ui.views.logger_view:LoggerView", "Ctrl+4"),
    PageSpec("recovery", "Recovery", "alloy_desktop.ui.views.recovery_view:RecoveryView", "Ctrl+5"),
    PageSpec("progress", "Progress", "alloy_desktop.ui.views.progress_view:ProgressView", "Ctrl+6"),
    PageSpec("circuits", "Circuits", "alloy_desktop.ui.views.circuits_view:CircuitsView", "Ctrl+7"),
    PageSpec(
        "activities",
        "Activities",
        "alloy_desktop.ui.views.activities_view:ActivitiesView",
        "Ctrl+8",
    ),
    # Every workout (edit, delete, undo) and the sessions a lifter builds by hand.
    PageSpec("history", "History", "alloy_desktop.ui.views.history_view:HistoryView", "Ctrl+9"),
    PageSpec("routines", "Routines", "alloy_desktop.ui.views.routines_view:RoutinesView", "Ctrl+0"),
    PageSpec("settings", "Settings", "alloy_desktop.ui.views.settings_view:SettingsView", "Ctrl+,"),
    # A coach's athletes (and an athlete's answer to a coach) on a shared server.
    PageSpec(
        "athletes", "Athletes", "alloy_desktop.ui.views.athletes_view:AthletesView", "Ctrl+Shift+T"
    ),
)


SCHEME_KEY = "window/scheme"
FOLDER_KEY = "files/last_folder"  # where the last import, export or backup file was
STATUS_CLEAR_MS = 15000
TOKEN_KEY = "auth/token"  # the remembered sign-in (auth_dialogs writes it)
# --exit-after-paint must end even if a page's data never arrives; this is far beyond a start.
FIRST_PAINT_TIMEOUT_MS = 15000
# The coach's first health check starts this long after the first paint: its thread (an
# HTTP client import and a request) competes with start-up for the interpreter.
COACH_CHECK_DELAY_MS = 1500
SYNC_SHORTCUT = "Ctrl+Shift+Y"


def saved_scheme(settings: QSettings) -> bool | None:
    """The colour scheme chosen in View: True dark, False light, None follow the system."""
    value = str(settings.value(SCHEME_KEY, "system"))
    return {"dark": True, "light": False}.get(value)


def _load(target: str) -> type[QWidget]:
    module_name, class_name = target.split(":")
    cls: type[QWidget] = getattr(importlib.import_module(module_name), class_name)
    return cls


class MainWindow(QMainWindow):
    """Hosts every page; pages are created on first visit so start-up stays fast."""

    first_paint = Signal()

    def __init__(self, session: AppSession, settings: QSettings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self._pages: dict[str, QWidget] = {}
        # The file dialogs, replaceable so tests (and scripts) can answer them.
        self.open_file: file_dialogs.FileChooser = file_dialogs.open_file
        self.save_file: file_dialogs.FileChooser = file_dialogs.save_file
        self.import_dialog: ImportDialog | None = None
        self._transfer: DataTransferViewModel | None = None  # File › Export, Back up, Restore
        self._database_vm: DatabaseBackupsViewModel | None = None  # File › Back up database…
        self._paint_armed = False
        self._painted = False
        self.setWindowTitle("Alloy")
        self.setMinimumSize(1024, 680)
        self._build_body()
        self._build_status_bar()
        self._build_menus()
        self._set_navigable(False)  # nothing to show until someone signs in
        self._restore()
        self._paint_timeout = QTimer(self)
        self._paint_timeout.setSingleShot(True)
        self._paint_timeout.setInterval(FIRST_PAINT_TIMEOUT_MS)
        self._paint_timeout.timeout.connect(self._emit_first_paint)
        session.signed_in.connect(self._on_signed_in)
        session.signed_out.connect(self._on_signed_out)
        session.runner.busy_changed.connect(self._on_busy_changed)
        if session.is_signed_in:  # signed in before the window existed
            self._on_signed_in(session.me.user)

    # --- navigation -------------------------------------------------------------------

    def show_page(self, key: str) -> QWidget:
        """Shows (building if needed) the page with this key and returns its widget."""
        row = next(i for i, spec in enumerate(PAGES) if spec.key == key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # triggers _on_nav_changed
        return self.page(key)

    def page(self, key: str) -> QWidget:
        """The page widget, built on first use."""
        if key not in self._pages:
            spec = next(s for s in PAGES if s.key == key)
            factory: Any = _load(spec.target)  # each page takes (session, parent)
            # Built under the stack it is shown in: reparenting a finished page afterwards
            # re-resolves the style sheet of every widget in it.
            widget: QWidget = factory(self.session, self.stack)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def built_pages(self) -> tuple[str, ...]:
        """Keys of the pages built so far, in rail order (the rest wait for their first visit)."""
        return tuple(spec.key for spec in PAGES if spec.key in self._pages)

    def current_key(self) -> str:
        return PAGES[max(self.nav.currentRow(), 0)].key

    def _on_nav_changed(self, row: int) -> None:
        if row < 0 or not self.session.is_signed_in:
            return
        widget = self.page(PAGES[row].key)
        self.stack.setCurrentWidget(widget)
        activate = getattr(widget, "activate", None)
        if callable(activate):
            activate()
        if self.settings.value("window/last_page") != PAGES[row].key:
            # Only a change is written: every write syncs the file (a lock and two fsyncs),
            # and re-opening the remembered page at start-up is no change.
            self.settings.setValue("window/last_page", PAGES[row].key)

    # --- building ---------------------------------------------------------------------

    def _build_body(self) -> None:
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navRail")
        self.nav.setFixedWidth(190)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for spec in PAGES:
            item = QListWidgetItem(spec.title)
            item.setToolTip(f"{spec.title} ({spec.shortcut})")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_changed)
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel("")
        self.coach_label = QLabel("")
        self.coach_label.setProperty("role", "muted")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(120)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.setVisible(False)
        self.status_message = StatusLabel(STATUS_CLEAR_MS)
        bar.addWidget(self.user_label)
        bar.addWidget(self.status_message, 1)
        bar.addPermanentWidget(self.busy_bar)
        # The sync with a coach's server: its line opens the sync dialog when clicked.
        self.sync_button = QToolButton()
        self.sync_button.setAutoRaise(True)
        self.sync_button.setVisible(False)  # until its first status arrives
        self.sync_button.clicked.connect(self.open_sync)
        bar.addPermanentWidget(self.sync_button)
        bar.addPermanentWidget(self.coach_label)
        self._sync: SyncViewModel | None = None  # built after the first paint, or on demand
        self.sync_dialog: SyncDialog | None = None
        # The LLM coach's state, checked off the GUI thread every few minutes; the first
        # check waits until the window has painted (see _start_coach_status).
        self.coach_status: CoachStatusViewModel | None = None

    def _start_sync_status(self) -> None:
        """Reads the sync's state after start-up; a linked account then syncs on its timer."""
        if self.session.is_signed_in:
            self.sync  # noqa: B018 - built now: it shows its line and starts its timer

    def _start_coach_status(self) -> None:
        """Starts the coach checks: after start-up, so their thread doesn't slow the paint."""
        if self.coach_status is not None:
            return
        from alloy_desktop.ui.viewmodels.coach_chat import CoachStatusViewModel

        self.coach_status = CoachStatusViewModel(self.session, self)
        self.coach_status.text_changed.connect(self._on_coach_status_text_changed)
        if self.coach_status.text:  # an inline runner answered inside the constructor
            self.coach_label.setText(self.coach_status.text)

    def _on_coach_status_text_changed(self, text: str, detail: str) -> None:
        self.coach_label.setText(text)
        self.coach_label.setToolTip(detail)

    # --- sync with a shared server ----------------------------------------------------

    @property
    def sync(self) -> SyncViewModel:
        """The sync's state and timer (built on first use: its module loads the sync engine)."""
        if self._sync is None:
            from alloy_desktop.ui.viewmodels.sync import SyncViewModel

            self._sync = SyncViewModel(self.session, self)
            self._sync.text_changed.connect(self._on_sync_text_changed)
        return self._sync

    def _on_sync_text_changed(self, text: str, detail: str) -> None:
        self.sync_button.setText(text)
        self.sync_button.setToolTip(detail)
        self.sync_button.setVisible(bool(text) and self.session.is_signed_in)

    def open_sync(self) -> SyncDialog:
        """The link form, or the linked sync's status, conflicts and Sync now."""
        if self.sync_dialog is None:
            from alloy_desktop.ui.views.sync_dialog import SyncDialog

            email = self.session.me.user.email if self.session.is_signed_in else ""
            self.sync_dialog = SyncDialog(self.sync, email, self)
            self.sync_dialog.finished.connect(self._on_sync_dialog_finished)
        self.sync_dialog.open()
        return self.sync_dialog

    def _on_sync_dialog_finished(self, _result: int) -> None:
        # Built anew next time: the email and the form belong to whoever is signed in then.
        if self.sync_dialog is not None:
            self.sync_dialog.deleteLater()
            self.sync_dialog = None

    def sync_now(self) -> None:
        """Syncs now; without the session's database password, opens the dialog to ask."""
        sync = self.sync
        if not sync.is_linked or not sync.has_password:
            self.open_sync()
            return
        sync.sync_now()

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.data_actions = [
            self._action(file_menu, "Import history…", "Ctrl+I", self.import_history),
            self._action(file_menu, "Export workouts as CSV…", "", self.export_csv),
            self._action(file_menu, "Back up all my data…", "", self.back_up),
            self._action(file_menu, "Restore all my data from backup…", "", self.restore_backup),
        ]
        file_menu.addSeparator()
        self._action(file_menu, "Switch user…", "Ctrl+Shift+U", self._switch_user)
        self._action(file_menu, "Sign out", "", self.sign_out)
        file_menu.addSeparator()
        # The signed-in account's sync with its coach's shared server.
        self.sync_actions = [
            self._action(file_menu, "Sync now", SYNC_SHORTCUT, self.sync_now),
            self._action(file_menu, "Link to a shared server…", "", self.open_sync),
        ]
        file_menu.addSeparator()
        # The whole database file (every account on this computer), not one lifter's data.
        self._action(file_menu, "Back up database file now", "", self.back_up_database)
        self._action(file_menu, "Restore database file from backup…", "", self.restore_database)
        file_menu.addSeparator()
        self._action(file_menu, "Quit", QKeySequence.StandardKey.Quit, self.close)
        go_menu = menus.addMenu("&Go")
        self.go_actions = [
            self._action(go_menu, spec.title, spec.shortcut, partial(self.show_page, spec.key))
            for spec in PAGES
        ]
        view_menu = menus.addMenu("&View")
        self._action(view_menu, "Follow system colours", "", lambda: self._set_scheme(None))
        self._action(view_menu, "Light", "", lambda: self._set_scheme(False))
        self._action(view_menu, "Dark", "Ctrl+Shift+D", lambda: self._set_scheme(True))
        help_menu = menus.addMenu("&Help")
        self._action(help_menu, "About Alloy", "", self._about)
        self.menus = {"file": file_menu, "go": go_menu, "view": view_menu, "help": help_menu}

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: str | QKeySequence.StandardKey,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- session ----------------------------------------------------------------------

    def sign_out(self) -> bool:
        """Signs out once every page has saved its work; False if a page keeps the user."""
        if not self._pages_can_close():
            return False
        self.session.logout()  # _on_signed_out takes it from here
        return True

    def _on_signed_in(self, user: object) -> None:
        name = getattr(user, "name", None) or getattr(user, "email", "")
        self.user_label.setText(f"Signed in as {name}")
        # Pages hold the previous user's data; a user switched without signing out first
        # (a second sign-in) must not see them.
        self._drop_pages()
        self._set_navigable(True)
        last = str(self.settings.value("window/last_page", "today"))
        keys = [spec.key for spec in PAGES]
        self.nav.setCurrentRow(-1)
        self.show_page(last if last in keys else "today")
        self._arm_first_paint()

    def _on_signed_out(self) -> None:
        self._drop_pages()
        self._set_navigable(False)
        self.user_label.setText("Signed out")
        self.settings.remove(TOKEN_KEY)
        QTimer.singleShot(0, self._switch_user)

    def _switch_user(self) -> None:
        from alloy_desktop.ui.views.auth_dialogs import ask_for_user

        if self.session.is_signed_in:
            self.sign_out()
            return
        if not ask_for_user(self.session, self.settings, self):
            self.close()

    def _set_navigable(self, enabled: bool) -> None:
        # Pages need a signed-in user: the rail and Go shortcuts rest while nobody is.
        self.nav.setEnabled(enabled)
        for action in self.go_actions + self.data_actions + self.sync_actions:
            action.setEnabled(enabled)

    def _drop_pages(self) -> None:
        for widget in self._pages.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._pages.clear()

    def _pages_can_close(self) -> bool:
        """Asks every built page to save its work (the logger writes its draft)."""
        for widget in self._pages.values():
            leave = getattr(widget, "can_close", None)
            if callable(leave) and not leave():
                return False
        return True

    def _on_busy_changed(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        if not busy and self._paint_armed:
            # Results are handed to the page right after this signal; paint once more so
            # first_paint can follow a frame that shows them.
            self.stack.update()

    # --- files: import, export, backup, restore -----------------------------------------

    @property
    def transfer(self) -> DataTransferViewModel:
        """Export, backup and restore of the lifter's data (built on first use)."""
        if self._transfer is None:
            from alloy_desktop.ui.viewmodels.data_transfer import DataTransferViewModel

            self._transfer = DataTransferViewModel(self.session, self)
            self._transfer.finished.connect(self._on_transfer_finished)
            self._transfer.failed.connect(self._on_transfer_failed)
        return self._transfer

    def import_history(self) -> ImportDialog | None:
        """Asks for an export of Strong, Hevy or FitNotes and opens its preview (Ctrl+I)."""
        from alloy_desktop.ui.views.import_dialog import TITLE, ImportDialog

        if not self.session.is_signed_in:
            return None
        path = self.open_file(self, TITLE, self._folder(), file_dialogs.CSV_FILES)
        if not path:
            return None
        self._remember_folder(path)
        dialog = ImportDialog(self.session, self, self.open_file, self._folder())
        dialog.imported.connect(self.status_message.flash)
        dialog.progress_requested.connect(self._on_import_dialog_progress_requested)
        dialog.finished.connect(lambda _result: self._dispose_import_dialog(dialog))
        self.import_dialog = dialog
        dialog.open()
        dialog.read(path)
        return dialog

    def export_csv(self) -> None:
        """Writes every workout as a Strong-layout CSV another app can read."""
        from alloy_desktop.ui.viewmodels.data_transfer import EXPORT

        path = self._save_path("Export workouts as CSV", EXPORT, file_dialogs.CSV_SAVE)
        if path:
            self.transfer.export_csv(path)

    def back_up(self) -> None:
        """Writes all of the lifter's data to one file that Restore reads back."""
        from alloy_desktop.ui.viewmodels.data_transfer import BACKUP

        path = self._save_path("Back up all my data", BACKUP, file_dialogs.BACKUP_SAVE)
        if path:
            self.transfer.backup(path)

    def restore_backup(self) -> None:
        """Reads a backup into this account, after saying what will happen."""
        if not self.session.is_signed_in:
            return
        title = "Restore from backup"
        path = self.open_file(self, title, self._folder(), file_dialogs.BACKUP_FILES)
        if not path:
            return
        self._remember_folder(path)
        answer = QMessageBox.question(
            self,
            title,
            self.transfer.restore_question(path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.transfer.restore(path)

    def _save_path(self, title: str, kind: str, filters: str) -> str:
        from alloy_desktop.ui.viewmodels.data_transfer import suggested_name

        if not self.session.is_signed_in:
            return ""
        suggested = str(Path(self._folder()) / suggested_name(kind, self.session.today()))
        path = self.save_file(self, title, suggested, filters)
        if path:
            self._remember_folder(path)
        return path

    def _folder(self) -> str:
        folder = str(self.settings.value(FOLDER_KEY, ""))
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def _remember_folder(self, path: str) -> None:
        self.settings.setValue(FOLDER_KEY, str(Path(path).parent))

    def _on_transfer_finished(self, sentence: str) -> None:
        self.status_message.flash(sentence)

    def _on_transfer_failed(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _on_import_dialog_progress_requested(self) -> None:
        from alloy_desktop.ui.viewmodels.progress import Span

        show_span = getattr(self.page("progress"), "show_span", None)
        if callable(show_span):
            show_span(Span.ALL)  # imported history is mostly older than this year
        self.show_page("progress")

    def _dispose_import_dialog(self, dialog: ImportDialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None
        if not dialog.vm.busy:
            dialog.deleteLater()
            return

        def _on_busy_changed(busy: bool) -> None:
            if not busy:
                dialog.deleteLater()

        # Closed while a file was still being read: its result must find the dialog alive.
        dialog.vm.busy_changed.connect(_on_busy_changed)

    # --- the database file: whole-file backups ----------------------------------------

    def back_up_database(self) -> None:
        """An integrity-checked copy of the whole database file now, into backups/."""
        if self._database_vm is None:
            from alloy_desktop.ui.viewmodels.database_backups import DatabaseBackupsViewModel

            self._database_vm = DatabaseBackupsViewModel(self.session, self.settings, self)
            self._database_vm.done.connect(self.status_message.flash)
            self._database_vm.error.connect(self._on_database_vm_error)
        self._database_vm.back_up_now()

    def _on_database_vm_error(self, _field: str, message: str) -> None:
        QMessageBox.warning(self, "Database backup failed", message)

    def restore_database(self) -> QWidget:
        """The database file's backups: restore one, back up now, how many to keep."""
        from alloy_desktop.ui.views.database_dialogs import DatabaseBackupsDialog

        dialog = DatabaseBackupsDialog(self.session, self.settings, self)
        dialog.vm.done.connect(self.status_message.flash)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # --- first paint ------------------------------------------------------------------

    def _arm_first_paint(self) -> None:
        """Watches for the current page's first paint with its data (for --exit-after-paint)."""
        if self._painted or self._paint_armed:
            return
        if not (self.isVisible() and self.session.is_signed_in and self._pages):
            return
        self._paint_armed = True
        self.stack.installEventFilter(self)
        self._paint_timeout.start()
        self.stack.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.stack
            and event.type() == QEvent.Type.Paint
            and self._paint_armed
            and not self.session.runner.busy
            and self.stack.currentWidget() is not None
        ):
            # Emitted on the next turn so the painted frame has been flushed first.
            self._paint_armed = False
            QTimer.singleShot(0, self._emit_first_paint)
        return super().eventFilter(watched, event)

    def _emit_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        self._paint_armed = False
        self._paint_timeout.stop()
        self.stack.removeEventFilter(self)
        self.first_paint.emit()
        QTimer.singleShot(COACH_CHECK_DELAY_MS, self._start_coach_status)
        QTimer.singleShot(COACH_CHECK_DELAY_MS, self._start_sync_status)

    # --- look -------------------------------------------------------------------------

    def _set_scheme(self, dark: bool | None) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, dark)
        self.settings.setValue(
            SCHEME_KEY, "system" if dark is None else ("dark" if dark else "light")
        )
        for widget in self._pages.values():
            restyle = getattr(widget, "restyle", None)
            if callable(restyle):
                restyle()

    def _about(self) -> None:
        from alloy_desktop import __version__

        QMessageBox.about(
            self,
            "About Alloy",
            f"<b>Alloy {__version__}</b><p>An offline desktop strength coach.</p>"
            "<p>Exercise library: free-exercise-db (Unlicense). RPE chart: Mike Tuchscherer, "
            "Reactive Training Systems. Volume landmarks: Renaissance Periodization.</p>",
        )

    # --- persistence ------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        app = QApplication.instance()
        # Only a scheme the user chose: without one, the app's start-up palette stands.
        if self.settings.contains(SCHEME_KEY) and isinstance(app, QApplication):
            theme.apply(app, saved_scheme(self.settings))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arm_first_paint()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        if not self._pages_can_close():
            event.ignore()
            return
        super().closeEvent(event)
