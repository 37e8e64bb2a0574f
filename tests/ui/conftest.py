"""UI fixtures: an api on a real file, a signed-in AppSession with an inline task runner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Clock:
    """A clock tests can move."""

    def __init__(self, now: datetime = MONDAY) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def ui_clock() -> Clock:
    return Clock()


@pytest.fixture
def ui_alloy(db_path: Path, ui_clock: Clock) -> Iterator[Alloy]:
    alloy = Alloy.open(db_path, clock=ui_clock)
    yield alloy
    alloy.close()


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    """Window settings in a private ini file, so tests never touch the user's."""
    return QSettings(str(tmp_path / "alloy-ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def app_session(qtbot: object, ui_alloy: Alloy) -> AppSession:
    """Signed in as a fresh lifter (3 days a week: Mon/Wed/Fri), no program yet."""
    session = AppSession(ui_alloy, InlineTaskRunner())
    token = ui_alloy.auth.register("lifter@example.com", "correct horse", "Lee")
    assert session.resume(token.access_token)
    return session


@pytest.fixture
def session_with_program(app_session: AppSession) -> AppSession:
    """The lifter with an active 8-week strength/hypertrophy program starting today."""
    app_session.me.programs.create(
        schemas.ProgramCreate(
            goals=(schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4)),
            duration_weeks=8,
            split_template="HYBRID",  # Monday is a Lower Strength day
        )
    )
    return app_session
