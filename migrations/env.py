"""Alembic environment: runs on the connection the app hands over, or on a URL from the config."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, pool

from alloy_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or os.environ.get("ALLOY_DB_URL"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # From the command line (autogenerate), point ALLOY_DB_URL at a database; default: empty.
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("ALLOY_DB_URL", "sqlite://")
    connectable = create_engine(url, poolclass=pool.NullPool)
    with connectable.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
