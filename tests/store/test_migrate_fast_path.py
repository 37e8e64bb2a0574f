"""Start-up's quick check: a database already at head is opened without asking Alembic."""

from __future__ import annotations

from pathlib import Path

import pytest

from alloy_desktop.store import migrate
from alloy_desktop.store.engine import make_engine


def test_the_shipped_head_read_from_the_files_is_alembics() -> None:
    assert migrate.shipped_head() == migrate.head_revision()


def test_a_file_at_head_skips_alembic(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(db_path)
    try:
        assert migrate.stored_revision(engine) == migrate.head_revision()

        def no_alembic(*_args: object) -> None:
            raise AssertionError("Alembic was asked although the file is at head")

        monkeypatch.setattr(migrate, "current_revision", no_alembic)
        monkeypatch.setattr(migrate, "head_revision", no_alembic)
        assert migrate.upgrade_to_head(engine) is None
    finally:
        engine.dispose()


def test_an_empty_file_has_no_stored_revision_and_is_migrated(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "new.db")
    try:
        assert migrate.stored_revision(engine) is None
        assert migrate.upgrade_to_head(engine) is None  # nothing to back up yet
        assert migrate.stored_revision(engine) == migrate.shipped_head()
    finally:
        engine.dispose()


def test_unreadable_migration_files_fall_back_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "0001_a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (versions / "0002_b.py").write_text('revision = "0002"\ndown_revision = None\n')  # two heads
    monkeypatch.setattr(migrate, "migrations_dir", lambda: tmp_path)
    assert migrate.shipped_head() is None
    (versions / "0002_b.py").write_text("# no revision line at all\n")
    assert migrate.shipped_head() is None
    (versions / "0002_b.py").write_text('revision = "0002"\ndown_revision = "0001"\n')
    assert migrate.shipped_head() == "0002"
