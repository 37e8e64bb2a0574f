"""A lost PostgreSQL connection is StoreUnavailable, and the next call reconnects (conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from alloy_desktop.api import Alloy
from alloy_desktop.api.errors import StoreUnavailable

DRAFT = {"sets": [{"weight": 60, "reps": 5, "done": True}]}


def _terminate_others(url: str) -> int:
    """Ends every other session on the database, as a server restart or a dropped link does."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            ended = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :db AND pid <> pg_backend_pid()"
                ),
                {"db": make_url(url).database},
            ).scalar_one()
    finally:
        admin.dispose()
    return int(ended)


def test_a_connection_lost_mid_transaction_is_store_unavailable_then_recovers(
    pg_url: str,
) -> None:
    alloy = Alloy.open(pg_url)
    try:
        token = alloy.auth.register("lifter@example.com", "correct horse battery", "Lee")
        me = alloy.for_token(token.access_token)
        with pytest.raises(StoreUnavailable) as caught, alloy.context.write() as session:
            session.execute(text("SELECT 1"))
            assert _terminate_others(pg_url) >= 1
            session.execute(text("SELECT 1"))
        database = make_url(pg_url).database
        assert caught.value.location.startswith(f"{database} on 127.0.0.1:")
        assert "can't be reached" in caught.value.message
        assert make_url(pg_url).password not in caught.value.message
        me.logs.save_draft(DRAFT)  # the retry: the pool notices the dead link and reconnects
        draft = me.logs.load_draft()
        assert draft is not None and draft.payload == DRAFT
    finally:
        alloy.close()
