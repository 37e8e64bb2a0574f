"""Opens a database ready for use: engine, schema at head (backup first), reference data loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from alloy_desktop.store.engine import database_url, make_engine, make_session_factory
from alloy_desktop.store.migrate import upgrade_to_head
from alloy_desktop.store.models import (
    ActivityDefinition,
    Base,
    CircuitTemplate,
    HeuristicConfig,
    Movement,
)
from alloy_desktop.store.seed import ensure_seeded


@dataclass(frozen=True)
class Database:
    """An open database: the engine, its session factory and the backup made on upgrade, if any."""

    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None

    def reference_counts(self) -> dict[str, int]:
        """How many rows of each kind of reference data are loaded."""
        tables = {
            "movements": Movement,
            "circuits": CircuitTemplate,
            "activities": ActivityDefinition,
            "heuristics": HeuristicConfig,
        }
        with self.sessions() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in tables.items()
            }

    def close(self) -> None:
        """Releases every pooled connection (and so the file's WAL lock)."""
        self.engine.dispose()


def open_database(path_or_url: str | Path, seed_folder: Path | None = None) -> Database:
    """Creates or migrates the schema and loads reference data when needed."""
    url = database_url(path_or_url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    if url == "sqlite://":
        # An in-memory database has no history to migrate; the models equal the migrations
        # (tests/store/test_migrations.py proves it), so create_all is the quick, faithful path.
        Base.metadata.create_all(engine)
        backup = None
    else:
        backup = upgrade_to_head(engine)
    ensure_seeded(engine, seed_folder)
    return Database(engine=engine, sessions=make_session_factory(engine), backup=backup)
