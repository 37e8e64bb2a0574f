"""Schema upgrades through Alembic, with an integrity-checked backup of an existing file first."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from alloy_desktop.resources import migrations_dir
from alloy_desktop.store.backups import UPGRADE, back_up
from alloy_desktop.store.faults import fault_of


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
    # Every start opens a database that is almost always at head already: settle that from
    # the version table and the migration files, without importing Alembic (~0.1 s).
    shipped = shipped_head()
    if shipped is not None and stored_revision(engine) == shipped:
        return None
    if current_revision(engine) == head_revision():
        return None
    backup = _backup(engine, backup_dir) if _has_tables(engine) else None
    _run("upgrade", engine, "head")
    return backup


_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]*)?\s*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def shipped_head() -> str | None:
    """The single head of the shipped migration files, read as text; None if unsure.

    Anything unusual (no files, several heads, a revision it can't read) gives None, and
    the caller asks Alembic instead.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_dir() / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        found, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if found is None or down is None:
            return None
        revisions.add(found.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database's version table (None when there is none)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError as exc:
        if fault_of(exc) is not None:  # damaged, locked or gone: not "a new database"
            raise
        return None  # no version table yet: a new, empty database
    return rows[0][0] if len(rows) == 1 else None


def downgrade(engine: Engine, target: str = "base") -> None:
    """Steps the schema down (used by the migration tests)."""
    _run("downgrade", engine, target)


def _run(direction: str, engine: Engine, target: str) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # Batch mode rebuilds a table by copy, drop and rename. With foreign keys on, the
            # drop is an implicit DELETE that cascades: rebuilding workout_logs would delete
            # every logged set. So keys are off while migrating (SQLite's documented recipe)
            # and checked before the commit instead. The pragma is a no-op inside a
            # transaction, hence the commit before the migration's own.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn  # type: ignore[attr-defined]
                getattr(command, direction)(cfg, target)
                if sqlite:
                    _check_foreign_keys(conn)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _check_foreign_keys(conn: Connection) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def _backup(engine: Engine, backup_dir: Path | None) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    if not source.exists():
        return None
    # A damaged file fails this copy's integrity check, and is then not migrated at all.
    return back_up(source, UPGRADE, backup_dir).path


def copy_file(source: Path, target: Path) -> None:
    """Plain file copy, used by tests to clone a migrated template database."""
    shutil.copyfile(source, target)
