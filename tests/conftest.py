"""Shared fixtures: offscreen Qt, and a database migrated once per run then copied per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ALLOY_DISABLE_OLLAMA", "0")
# The coach's default host follows OLLAMA_HOST; a developer's own must not leak into tests.
os.environ.pop("OLLAMA_HOST", None)

from alloy_desktop.store.database import Database, open_database


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file migrated to head and seeded, made once per test run."""
    path = tmp_path_factory.mktemp("template") / "alloy.db"
    open_database(path).close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    """A private copy of the template database for one test."""
    target = tmp_path / "alloy.db"
    shutil.copyfile(template_db, target)
    return target


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """An open, migrated and seeded database on disk, closed after the test."""
    db = open_database(db_path)
    yield db
    db.close()
