"""Schema upgrades through Alembic, with a timestamped backup of an existing file first."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect

from alloy_desktop.resources import migrations_dir


def alembic_config(engine: Engine | None = None) -> object:
    """An Alembic Config pointing at the shipped migrations (imported lazily: it is slow)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str | None:
    """The newest revision the shipped migrations define."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[arg-type]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Brings the schema to head; returns the backup file made first, if any."""
    if current_revision(engine) == head_revision():
        return None
    backup = _backup(engine, backup_dir) if _has_tables(engine) else None
    _run("upgrade", engine, "head")
    return backup


def downgrade(engine: Engine, target: str = "base") -> None:
    """Steps the schema down (used by the migration tests)."""
    _run("downgrade", engine, target)


def _run(direction: str, engine: Engine, target: str) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn  # type: ignore[attr-defined]
        getattr(command, direction)(cfg, target)


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def _backup(engine: Engine, backup_dir: Path | None) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    if not source.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = backup_dir or source.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}-{stamp}{source.suffix}"
    # The sqlite backup API copies a consistent snapshot even with a WAL file beside it.
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def copy_file(source: Path, target: Path) -> None:
    """Plain file copy, used by tests to clone a migrated template database."""
    shutil.copyfile(source, target)
