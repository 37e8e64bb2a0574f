"""Coach fixtures: the fake Ollama server, and a lifter with a program whose coach points at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from coach_helpers import MONDAY_MORNING, PASSWORD, Sleeps
from fake_ollama import FakeOllama, fake_ollama
from fake_openai import fake_openai

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.services.context import Catalog, load_catalog
from alloy_desktop.store.database import open_database

__all__ = ["fake_ollama", "fake_openai"]  # shared fixtures, re-exported for this folder


@pytest.fixture
def alloy(db_path: Path) -> Iterator[Alloy]:
    app = Alloy.open(db_path, clock=lambda: MONDAY_MORNING)
    yield app
    app.close()


@pytest.fixture
def me(alloy: Alloy) -> UserApi:
    token = alloy.auth.register("lifter@example.com", PASSWORD, "Lee")
    return alloy.for_token(token.access_token)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def coached(me: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps) -> UserApi:
    """The lifter with a strength/hypertrophy program and the coach pointed at the fake."""
    me.settings.update(schemas.SettingsUpdate(ollama_host=fake_ollama.url, ollama_timeout=5))
    me.programs.create(
        schemas.ProgramCreate(
            goals=(schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4)),
            duration_weeks=8,
            split_template="HYBRID",  # Monday is a Lower Strength day
        )
    )
    me.coach.sleep = sleeps
    return me


@pytest.fixture(scope="session")
def catalog(template_db: Path) -> Catalog:
    """The seeded movement library, read once (the pure checks need no database)."""
    db = open_database(template_db)
    try:
        with db.sessions() as session:
            return load_catalog(session)
    finally:
        db.close()
