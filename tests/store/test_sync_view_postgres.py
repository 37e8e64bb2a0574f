"""The sync's view-model against a real PostgreSQL server: link, first sync, and "Synced"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.sync import SyncViewModel
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse"
EMAIL = "ann@example.com"


@pytest.fixture
def server(pg_url: str, tmp_path: Path) -> Iterator[Alloy]:
    alloy = Alloy.open(pg_url, data_dir=tmp_path / "server", clock=lambda: NOW)
    alloy.auth.register(EMAIL, PASSWORD, "Ann")
    yield alloy
    alloy.close()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Alloy]:
    alloy = Alloy.open(tmp_path / "alloy.db", data_dir=tmp_path, clock=lambda: NOW)
    yield alloy
    alloy.close()


def test_linking_through_the_view_model_syncs_at_once_and_says_synced(
    qtbot: QtBot, server: Alloy, laptop: Alloy, pg_url: str
) -> None:
    session = AppSession(laptop, InlineTaskRunner())
    assert session.resume(laptop.auth.register(EMAIL, PASSWORD, "Ann").access_token)
    session.me.body_weight.log(schemas.BodyWeightCreate(81.4))  # logged before the link
    vm = SyncViewModel(session)
    errors: list[tuple[str, str]] = []
    vm.error.connect(lambda field, message: errors.append((field, message)))
    url = make_url(pg_url)
    typed = url._replace(password=None).render_as_string(hide_password=False)

    vm.link(typed, url.password or "", EMAIL, PASSWORD)

    assert errors == []
    assert vm.last_report is not None and vm.last_report.error is None
    assert vm.last_report.pushed >= 1  # the body weight went up with the first sync
    assert vm.status is not None and vm.status.pending_changes == 0
    assert vm.text == "Synced just now"
    assert vm.has_password == bool(url.password)  # held for the session's next syncs
    assert vm.status.linked_server == typed  # stored without the password
