"""Sync with a coach's shared server: the status line, linking, and a sync every few minutes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from alloy_desktop.api.errors import AlloyError
from alloy_desktop.api.sync import SyncReport, SyncStatus
from alloy_desktop.ui.viewmodels.base import ViewModel
from alloy_desktop.ui.viewmodels.session import ALL_TOPICS, AppSession

SYNC_EVERY_MS = 5 * 60 * 1000
# The first sync after sign-in waits for the window to settle: it opens a network connection.
FIRST_SYNC_DELAY_MS = 3000
RETICK_MS = 60 * 1000  # "Synced 2 min ago" is redrawn from what is known, without a query
STATUS_DEBOUNCE_MS = 200  # one status read for a burst of change-bus topics

NOT_LINKED = "Not linked to a shared server"
SYNCING = "Syncing…"
NEEDS_PASSWORD = "Sync paused — enter the database password"
NEVER_SYNCED = "Linked — not synced yet"
# The service's sentence when the server refused (or got no) database password.
PASSWORD_REFUSED_START = "The sync server refused the database password"


def ago(then: datetime, now: datetime) -> str:
    """'just now', '2 min ago', '3 h ago', or the day for anything older than a day."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"on {then.day} {then:%b}"


def first_sentence(text: str) -> str:
    """The error's first sentence, short enough for a status bar; the tooltip has the rest."""
    head, dot, _rest = text.partition(". ")
    return head + ("." if dot else "")


def waiting(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'} waiting to sync"


class SyncViewModel(ViewModel):
    """The sync's state for the status bar and the link dialog; syncs on a timer once linked.

    The database password is held in memory for this session only, never written to disk:
    after a restart the first sync asks for it again (or works without one, for a server
    that takes none or finds it in the lifter's ~/.pgpass).
    """

    text_changed = Signal(str, str)  # the status line, a longer tooltip
    status_changed = Signal(object)  # SyncStatus
    linked = Signal(object)  # SyncStatus, after a link succeeded
    synced = Signal(object)  # SyncReport, after each sync (its error in words, or None)
    conflicts_changed = Signal(list)  # list of dicts: table, uid, winner, recorded_at

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        # Its own runner of the same kind: a background sync must not spin the busy bar.
        super().__init__(type(session.runner)(), parent)
        self.session = session
        self.status: SyncStatus | None = None
        self.last_report: SyncReport | None = None
        self.syncing = False
        self.text = ""
        self.detail = ""
        self._password: str | None = None  # this session's database password; memory only
        self._timer = self._new_timer(SYNC_EVERY_MS, self.sync_now)
        self._first = self._new_timer(FIRST_SYNC_DELAY_MS, self.sync_now, single=True)
        self._retick = self._new_timer(RETICK_MS, self._show)
        self._debounce = self._new_timer(STATUS_DEBOUNCE_MS, self.refresh, single=True)
        session.signed_in.connect(self._on_signed_in)
        session.signed_out.connect(self._on_signed_out)
        session.changed.connect(self._on_changed)
        if session.is_signed_in:  # built after the sign-in (after the first paint)
            # A turn of the event loop later, so the view can connect to text_changed first.
            QTimer.singleShot(0, self, self._start)

    # --- state ----------------------------------------------------------------------------

    @property
    def is_linked(self) -> bool:
        return self.status is not None and self.status.linked_server is not None

    @property
    def has_password(self) -> bool:
        return self._password is not None

    def refresh(self) -> None:
        """Reads the status (last sync, changes waiting, last error); nothing goes out."""
        if not self.session.is_signed_in:
            return
        # Quietly: a status read neither spins the busy state nor clears the form's errors.
        self._runner.submit(self.session.me.sync.status, self._on_status, self._on_status_failed)

    def load_conflicts(self) -> None:
        """Reads the recorded conflicts for the dialog's list."""
        if self.session.is_signed_in:
            conflicts = self.session.me.sync.conflicts
            self._runner.submit(conflicts, self.conflicts_changed.emit, self._on_status_failed)

    # --- actions --------------------------------------------------------------------------

    def link(self, server_url: str, db_password: str, email: str, alloy_password: str) -> None:
        """Links this account to its server account; field errors arrive on `error`."""
        if not self.session.is_signed_in:
            return
        sync = self.session.me.sync
        password = db_password or None

        def _linked(status: SyncStatus) -> None:
            self._password = password
            self._on_status(status)
            self.linked.emit(status)
            self.sync_now()  # everything logged so far goes up now, not in five minutes

        self.call(lambda: sync.link(server_url, password, email, alloy_password), _linked)

    def set_password(self, db_password: str) -> None:
        """The database password for this session (asked for after a restart); then syncs."""
        self._password = db_password or None
        self.sync_now()

    def sync_now(self) -> bool:
        """Starts a sync unless one is running or nothing is linked; True if one started."""
        if self.syncing or not self.session.is_signed_in or not self.is_linked:
            return False
        self.syncing = True
        self._show()
        sync = self.session.me.sync
        password = self._password
        self.call(lambda: sync.sync_now(password), self._on_report, self._on_sync_failed)
        return True

    # --- answers --------------------------------------------------------------------------

    def _on_status(self, status: SyncStatus) -> None:
        self.status = status
        if self.is_linked and not self._timer.isActive():
            self._timer.start()
            self._retick.start()
        elif not self.is_linked:
            self._timer.stop()
            self._retick.stop()
        self.status_changed.emit(status)
        self._show()

    def _on_status_failed(self, exc: AlloyError) -> None:
        self.text, self.detail = "Sync status unavailable", exc.message
        self.text_changed.emit(self.text, self.detail)

    def _on_report(self, report: SyncReport) -> None:
        self.syncing = False
        self.last_report = report
        if report.pulled:  # the coach's changes arrived: every page shows them
            self.session.notify(*ALL_TOPICS)
        if report.conflicts:
            self.load_conflicts()
        self.synced.emit(report)
        self.refresh()
        self._debounce.stop()  # the topics just announced asked for the read made now

    def _on_sync_failed(self, exc: AlloyError) -> None:
        self.syncing = False
        self.last_report = SyncReport(error=exc.message)
        self.synced.emit(self.last_report)
        self.refresh()

    # --- the line -------------------------------------------------------------------------

    def _show(self) -> None:
        self.text, self.detail = self._words()
        self.text_changed.emit(self.text, self.detail)

    def _words(self) -> tuple[str, str]:
        status = self.status
        if status is None or status.linked_server is None:
            return NOT_LINKED, "Link to a shared server from File › Link to a shared server…"
        pending = status.pending_changes
        last = (
            f"Last synced {ago(status.last_sync_at, self.session.now())}"
            if status.last_sync_at
            else "Never synced yet"
        )
        detail = [f"Server: {status.linked_server}", last, waiting(pending)]
        error = self.last_report.error if self.last_report is not None else status.last_error
        if error:
            detail.append(error)
        tooltip = "\n".join(detail)
        if self.syncing:
            return SYNCING, tooltip
        if error and error.startswith(PASSWORD_REFUSED_START) and self._password is None:
            return NEEDS_PASSWORD, tooltip
        if error:
            line = first_sentence(error)
            return (f"{line} · {waiting(pending)}" if pending else line), tooltip
        if pending:
            return waiting(pending), tooltip
        if status.last_sync_at is None:
            return NEVER_SYNCED, tooltip
        return f"Synced {ago(status.last_sync_at, self.session.now())}", tooltip

    # --- session --------------------------------------------------------------------------

    def _start(self) -> None:
        self.refresh()
        self._first.start()

    def _on_signed_in(self, _user: object) -> None:
        self._forget()
        self._start()

    def _on_signed_out(self) -> None:
        self._forget()
        self._show()

    def _forget(self) -> None:
        # The password and state were the previous user's.
        for timer in (self._timer, self._first, self._retick, self._debounce):
            timer.stop()
        self._password = None
        self.status = None
        self.last_report = None

    def _on_changed(self, _topic: str) -> None:
        if self.is_linked:
            self._debounce.start()  # the changes waiting to sync may have grown

    def _new_timer(self, ms: int, slot: Any, single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(ms)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer
