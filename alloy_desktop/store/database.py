"""Opens a database ready for use: engine, schema at head (backup first), reference data loaded."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, func, select

from alloy_desktop.store import tables
from alloy_desktop.store.backups import backup_folder, list_backups
from alloy_desktop.store.engine import database_url, make_engine, make_session_factory
from alloy_desktop.store.faults import Fault, StorageFault, fault_of
from alloy_desktop.store.migrate import upgrade_to_head
from alloy_desktop.store.seed import ensure_seeded

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True)
class Database:
    """An open database: the engine, its session factory and the backup made on upgrade, if any."""

    engine: Engine
    backup: Path | None = None

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """The ORM's sessions, made on first use: Today's first paint reads through Core alone."""
        return make_session_factory(self.engine)

    def connect(self) -> Connection:
        """A Core connection for reads that need no mapped objects."""
        return self.engine.connect()

    def reference_counts(self) -> dict[str, int]:
        """How many rows of each kind of reference data are loaded."""
        kinds = {
            "movements": tables.movements,
            "circuits": tables.circuit_templates,
            "activities": tables.activity_definitions,
            "heuristics": tables.heuristic_configs,
        }
        with self.connect() as connection:
            return {
                name: connection.scalar(select(func.count()).select_from(table)) or 0
                for name, table in kinds.items()
            }

    def close(self) -> None:
        """Releases every pooled connection (and so the file's WAL lock)."""
        self.engine.dispose()


def open_database(path_or_url: str | Path, seed_folder: Path | None = None) -> Database:
    """Creates or migrates the schema and loads reference data when needed."""
    url = database_url(path_or_url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        _refuse_emptied(path)
    engine = make_engine(url)
    try:
        if url == "sqlite://":
            # An in-memory database has no history to migrate; the models equal the migrations
            # (tests/store/test_migrations.py proves it), so create_all is the quick path.
            tables.complete().create_all(engine)
            backup = None
        else:
            backup = upgrade_to_head(engine)
        ensure_seeded(engine, seed_folder)
    except BaseException as exc:
        engine.dispose()  # a file that failed to open must not stay held (it may be set aside)
        _explain_unwritable(url, exc)
        raise
    return Database(engine=engine, backup=backup)


def _refuse_emptied(path: Path) -> None:
    """An empty file that has backups was a database once: never quietly start it afresh."""
    # SQLite treats a zero-length file as a new database, so a file cut to nothing would
    # otherwise open as an empty install with every workout gone.
    if path.is_file() and path.stat().st_size == 0 and list_backups(backup_folder(path), path.stem):
        raise StorageFault(Fault.CORRUPT, f"{path} is empty although backups of it exist")


def _explain_unwritable(url: str, exc: BaseException) -> None:
    """SQLite says "unable to open" when a WAL file can't get its -shm on a read-only disk."""
    if not url.startswith("sqlite:///") or fault_of(exc) is not Fault.UNAVAILABLE:
        return
    path = Path(url.removeprefix("sqlite:///"))
    if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StorageFault(Fault.READ_ONLY, f"{path} or its folder is read-only") from exc
