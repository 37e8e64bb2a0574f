"""The one engine factory: SQLite pragmas on connect, the same code for a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000


def database_url(path_or_url: str | Path) -> str:
    """Turns a file path, ':memory:' or a full URL into a SQLAlchemy URL."""
    text = str(path_or_url)
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def make_engine(path_or_url: str | Path, echo: bool = False) -> Engine:
    """Creates an engine; SQLite gets foreign keys, WAL and a busy timeout on every connection."""
    url = database_url(path_or_url)
    if not url.startswith("sqlite"):
        return create_engine(url, echo=echo, pool_pre_ping=True)
    kwargs: dict[str, Any] = {"echo": echo}
    if url == "sqlite://":
        # One shared connection, or every new connection would see a different empty database.
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, since results are copied out anyway."""
    from sqlalchemy.orm import sessionmaker  # the ORM loads with the first session, not at start

    return sessionmaker(engine, expire_on_commit=False)


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite (backups and pragmas only make sense there)."""
    return engine.dialect.name == "sqlite"
