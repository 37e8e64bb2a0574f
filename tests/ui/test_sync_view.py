"""The sync's status line, its link dialog and its timer, in the words a lifter reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.api.sync import BAD_URL, SyncReport, SyncStatus
from alloy_desktop.services.sync import words
from alloy_desktop.store.models import SyncLink
from alloy_desktop.ui.viewmodels import sync as sync_vm
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.sync import SyncViewModel
from alloy_desktop.ui.viewmodels.tasks import Done, Failed, TaskRunner
from alloy_desktop.ui.views.main_window import SYNC_SHORTCUT, MainWindow
from alloy_desktop.ui.views.sync_dialog import SyncDialog

# Nothing listens on port 1 of this computer: a sync there fails at once, as offline.
UNREACHABLE = "postgresql+psycopg://athlete@127.0.0.1:1/alloy"


class FakeSync:
    """The api's sync, answering what a test sets; counts the syncs it was asked for."""

    def __init__(self, status: SyncStatus, report: SyncReport | None = None) -> None:
        self.answer = status
        self.report = report or SyncReport()
        self.passwords: list[str | None] = []
        self.rows: list[dict[str, Any]] = []

    def status(self) -> SyncStatus:
        return self.answer

    def sync_now(self, db_password: str | None = None) -> SyncReport:
        self.passwords.append(db_password)
        return self.report

    def conflicts(self) -> list[dict[str, Any]]:
        return self.rows


class HeldRunner(TaskRunner):
    """Keeps each job until the test lets it finish: a sync that is still running."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[tuple[Callable[[], Any], Done, Failed]] = []

    def submit(self, fn: Callable[[], Any], done: Done, failed: Failed) -> None:
        self.jobs.append((fn, done, failed))

    def finish_all(self) -> None:
        while self.jobs:
            fn, done, _failed = self.jobs.pop(0)
            done(fn())


def use(session: AppSession, fake: FakeSync) -> None:
    # The api keeps a built service in the instance dict under its name: this one wins.
    session.me.__dict__["sync"] = fake


def linked(now: datetime, pending: int = 0, ago: timedelta | None = None, error: str = "") -> Any:
    last = now - ago if ago is not None else None
    return SyncStatus(UNREACHABLE, last, pending, error or None)


def link_in_store(alloy: Alloy, me: UserApi) -> None:
    """A link as `link` leaves it, written directly: linking for real needs a server."""
    with alloy.context.write() as s:
        s.add(SyncLink(user_id=me.user.id, server_url=UNREACHABLE, server_user_id=1))


@pytest.fixture
def vm(qtbot: QtBot, app_session: AppSession) -> SyncViewModel:
    model = SyncViewModel(app_session)
    qtbot.waitUntil(lambda: model.text != "")  # its first status read, a turn later
    return model


# --- the status line ---------------------------------------------------------------------


def test_an_account_never_linked_says_so(vm: SyncViewModel) -> None:
    assert vm.text == sync_vm.NOT_LINKED == "Not linked to a shared server"
    assert not vm.sync_now()  # nothing to sync with


def test_changes_logged_since_the_link_wait_then_an_offline_sync_says_so_and_keeps_them(
    vm: SyncViewModel, app_session: AppSession, ui_alloy: Alloy
) -> None:
    link_in_store(ui_alloy, app_session.me)
    app_session.me.body_weight.log(schemas.BodyWeightCreate(81.4))
    vm.refresh()
    assert vm.text == "1 change waiting to sync"

    vm.set_password("y")  # the real engine, against a port nobody listens on
    assert vm.last_report is not None and vm.last_report.error == words.OFFLINE
    assert vm.text == "The sync server can't be reached right now. · 1 change waiting to sync"
    assert words.OFFLINE in vm.detail  # the whole sentence in the tooltip
    assert vm.status is not None and vm.status.pending_changes == 1  # nothing was dropped


def test_a_sync_that_worked_says_how_long_ago(
    vm: SyncViewModel,
    app_session: AppSession,
    ui_clock: Any,  # conftest.Clock, movable
) -> None:
    use(app_session, FakeSync(linked(ui_clock.now, ago=timedelta(minutes=2))))
    vm.refresh()
    assert vm.text == "Synced 2 min ago"
    ui_clock.now += timedelta(hours=1)
    vm._retick.timeout.emit()  # redrawn from what is known, no query
    assert vm.text == "Synced 1 h ago"


def test_pending_changes_are_counted(vm: SyncViewModel, app_session: AppSession) -> None:
    use(app_session, FakeSync(linked(app_session.now(), pending=3, ago=timedelta(hours=2))))
    vm.refresh()
    assert vm.text == "3 changes waiting to sync"


def test_a_refused_password_after_a_restart_asks_for_it_instead(
    vm: SyncViewModel, app_session: AppSession
) -> None:
    refused = SyncReport(error=words.DB_PASSWORD)
    fake = FakeSync(linked(app_session.now(), error=words.DB_PASSWORD), refused)
    use(app_session, fake)
    vm.refresh()
    assert vm.text == sync_vm.NEEDS_PASSWORD  # none held this session: not "refused"
    vm.set_password("typed once")
    assert fake.passwords == ["typed once"]
    assert vm.text == "The sync server refused the database password."  # this one was typed


# --- the timer ---------------------------------------------------------------------------


def test_a_sync_never_starts_while_one_is_running(
    vm: SyncViewModel, app_session: AppSession
) -> None:
    fake = FakeSync(linked(app_session.now(), ago=timedelta(minutes=1)))
    use(app_session, fake)
    vm.refresh()
    assert vm._timer.isActive() and vm._timer.interval() == sync_vm.SYNC_EVERY_MS
    held = HeldRunner()
    vm._runner = held

    assert vm.sync_now()
    assert vm.text == sync_vm.SYNCING
    assert not vm.sync_now()  # the menu's Sync now while it runs
    vm._timer.timeout.emit()  # the five minutes came round
    vm._first.timeout.emit()  # the first sync after sign-in
    assert [fn for fn, _, _ in held.jobs] and len(held.jobs) == 1
    held.finish_all()  # the sync, then the status read it asks for
    assert fake.passwords == [None] and not vm.syncing
    assert vm.text == "Synced 1 min ago"
    assert vm.sync_now()  # the next one may start


def test_signing_in_schedules_a_first_sync_and_signing_out_forgets_the_password(
    vm: SyncViewModel, app_session: AppSession, ui_alloy: Alloy
) -> None:
    use(app_session, FakeSync(linked(app_session.now())))
    vm.set_password("secret")
    assert vm.has_password
    token = app_session.token
    app_session.logout()
    assert not vm.has_password and not vm._timer.isActive() and not vm._first.isActive()
    assert token is not None and app_session.resume(token)
    assert vm._first.isActive()  # shortly after sign-in, not at once


# --- the dialog --------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot, vm: SyncViewModel, app_session: AppSession) -> SyncDialog:
    widget = SyncDialog(vm, app_session.me.user.email)
    qtbot.addWidget(widget)
    return widget


def fill(dialog: SyncDialog, url: str, db_password: str = "y", password: str = "pw") -> None:
    dialog.server_url.setText(url)
    dialog.db_password.setText(db_password)
    dialog.alloy_password.setText(password)
    dialog.link_button.click()


def test_the_link_form_shows_each_error_beside_its_field(dialog: SyncDialog) -> None:
    assert dialog.email.text() == "lifter@example.com"  # prefilled
    assert not dialog.link_form.isHidden() and dialog.status_panel.isHidden()

    fill(dialog, "http://coach.example/alloy")
    assert not dialog.server_url_error.isHidden()
    assert dialog.server_url_error.text() == BAD_URL

    fill(dialog, "postgresql+psycopg://athlete@127.0.0.1:1/alloy", db_password="")
    assert dialog.server_url_error.isHidden()
    assert dialog.db_password_error.text() == "Enter the database password from your coach."

    fill(dialog, UNREACHABLE, password="")
    assert dialog.alloy_password_error.text() == "Enter your Alloy password."

    fill(dialog, UNREACHABLE)  # the real engine: the server isn't there
    assert dialog.server_url_error.text() == words.OFFLINE
    assert dialog.message.isHidden()  # nothing left over for the general line
    assert "Traceback" not in dialog.server_url_error.text()


def test_a_linked_account_shows_status_conflicts_and_sync_now(
    qtbot: QtBot, vm: SyncViewModel, app_session: AppSession
) -> None:
    fake = FakeSync(linked(app_session.now(), pending=2, error=words.OFFLINE))
    fake.rows = [
        {"table": "session_exercises", "uid": "3f1c2a9e", "winner": "server",
         "losing_values": {}, "recorded_at": app_session.now()},
    ]  # fmt: skip
    use(app_session, fake)
    vm.refresh()
    dialog = SyncDialog(vm, app_session.me.user.email)
    qtbot.addWidget(dialog)
    assert dialog.link_form.isHidden() and not dialog.status_panel.isHidden()
    assert dialog.pending_value.text() == "2 changes waiting to sync"
    assert dialog.last_error_value.text() == words.OFFLINE
    assert not dialog.session_password.isHidden()  # none held: asked here
    item = dialog.conflicts.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(3)] == ["session exercises", "3f1c2a9e", "Coach's server"]

    dialog.session_password.setText("from the coach")
    fake.report = SyncReport(pushed=2)
    fake.answer = linked(app_session.now(), ago=timedelta(0))
    dialog.sync_button.click()
    assert fake.passwords == ["from the coach"]
    assert dialog.last_error_value.isHidden() and dialog.session_password.isHidden()
    assert vm.text == "Synced just now"


# --- the main window ---------------------------------------------------------------------


def test_the_window_shows_the_line_and_offers_sync_in_the_file_menu(
    qtbot: QtBot, app_session: AppSession, qsettings: QSettings
) -> None:
    window = MainWindow(app_session, qsettings)
    qtbot.addWidget(window)
    window._start_sync_status()
    qtbot.waitUntil(lambda: window.sync_button.text() != "")
    assert window.sync_button.text() == sync_vm.NOT_LINKED
    texts = {a.text(): a for a in window.menus["file"].actions()}
    assert texts["Sync now"].shortcut().toString() == SYNC_SHORTCUT
    assert "Link to a shared server…" in texts
    others = [a for a in window.findChildren(type(texts["Sync now"])) if a.text() != "Sync now"]
    assert SYNC_SHORTCUT not in {a.shortcut().toString() for a in others}

    texts["Sync now"].trigger()  # not linked: the dialog opens to link
    assert window.sync_dialog is not None and not window.sync_dialog.link_form.isHidden()
    window.sync_dialog.reject()
