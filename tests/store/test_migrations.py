"""Migrations: up from empty, down to base and up again, and no drift from the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from alloy_desktop.store.engine import make_engine
from alloy_desktop.store.migrate import (
    current_revision,
    downgrade,
    head_revision,
    upgrade_to_head,
)
from alloy_desktop.store.models import Base

EXPECTED_TABLES = {t.name for t in Base.metadata.sorted_tables}


def test_upgrade_from_empty_creates_every_table(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "a.db")
    assert upgrade_to_head(engine) is None  # nothing to back up in an empty file
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    engine.dispose()


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "b.db")
    upgrade_to_head(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert current_revision(engine) is None
    upgrade_to_head(engine)
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    engine.dispose()


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "c.db")
    upgrade_to_head(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrading_an_existing_file_backs_it_up_first(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "d.db")
    upgrade_to_head(engine)
    downgrade(engine, "base")  # an "old" file: has tables (alembic_version) but is behind head
    backup = upgrade_to_head(engine, backup_dir=tmp_path / "backups")
    engine.dispose()
    assert backup is not None and backup.exists()
    assert backup.parent == tmp_path / "backups"
    assert backup.name.startswith("d-") and backup.suffix == ".db"


def test_foreign_keys_and_wal_are_on(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "e.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    engine.dispose()
