"""Api fixtures: an Alloy over a fresh database with a fixed clock, and two signed-in users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alloy_desktop.api import Alloy, UserApi

MONDAY_MORNING = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Moves the clock forward (e.g. advance(days=1)) and returns the new time."""
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    """Monday 2 November 2026, 09:00 UTC."""
    return FixedClock(MONDAY_MORNING)


@pytest.fixture
def alloy(db_path: Path, clock: FixedClock) -> Iterator[Alloy]:
    """The api over a private copy of the seeded database."""
    app = Alloy.open(db_path, clock=clock)
    yield app
    app.close()


def sign_up(alloy: Alloy, email: str, name: str) -> UserApi:
    """Registers an account and returns its user-scoped api."""
    token = alloy.auth.register(email, PASSWORD, name)
    return alloy.for_token(token.access_token)


@pytest.fixture
def me(alloy: Alloy) -> UserApi:
    """The first (and so admin) account."""
    return sign_up(alloy, "me@example.com", "Me")


@pytest.fixture
def other(alloy: Alloy, me: UserApi) -> UserApi:
    """A second account, made after `me`, for checks that one user cannot see another's rows."""
    return sign_up(alloy, "other@example.com", "Other")
