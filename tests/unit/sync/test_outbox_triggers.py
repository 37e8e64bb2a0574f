"""The laptop's outbox: SQLite triggers record every write of a synced row, whatever wrote it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, insert, select, update

from alloy_desktop.services.sync.rows import SYNCED
from alloy_desktop.store import models as m
from alloy_desktop.store.database import open_database

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    db = open_database(db_path)
    with db.engine.begin() as c:
        user = c.execute(insert(m.User).values(email="ann@example.com")).inserted_primary_key
        assert user is not None
    yield db.engine
    db.close()


def _link(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(
            insert(m.SyncLink).values(user_id=1, server_url="postgresql://s/a", server_user_id=9)
        )


def _outbox(engine: Engine) -> list[tuple[str, str, str, int | None]]:
    with engine.connect() as c:
        rows = c.execute(
            select(
                m.SyncOutbox.table_name, m.SyncOutbox.uid, m.SyncOutbox.op, m.SyncOutbox.user_id
            ).order_by(m.SyncOutbox.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _soreness(n: int) -> list[dict[str, object]]:
    return [{"user_id": 1, "logged_at": NOW, "body_part": "LEGS", "level": 3} for _ in range(n)]


def test_core_executemany_gives_every_row_its_own_uid(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(m.SorenessLog), _soreness(50))
        uids = list(c.scalars(select(m.SorenessLog.uid)))
    assert len(uids) == len(set(uids)) == 50
    # Version 7: time first, so ids made later sort after (index inserts stay at its edge).
    assert all(len(uid) == 36 and uid[14] == "7" and uid[19] in "89ab" for uid in uids)
    assert sorted(uid[:13] for uid in uids) == [uid[:13] for uid in uids]


def test_nothing_is_recorded_before_any_account_is_linked(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(m.SorenessLog), _soreness(2))
    assert _outbox(engine) == []


def test_core_insert_update_and_delete_land_in_the_outbox(engine: Engine) -> None:
    _link(engine)
    with engine.begin() as c:
        c.execute(insert(m.SorenessLog), _soreness(2))
        first, second = c.scalars(select(m.SorenessLog.uid).order_by(m.SorenessLog.id))
        c.execute(update(m.SorenessLog).where(m.SorenessLog.uid == first).values(level=5))
        c.execute(delete(m.SorenessLog).where(m.SorenessLog.uid == second))
    assert _outbox(engine) == [
        ("soreness_logs", first, "I", 1),
        ("soreness_logs", second, "I", 1),
        ("soreness_logs", first, "U", 1),
        ("soreness_logs", second, "D", 1),
    ]


def test_a_cascade_records_the_children_and_library_movements_stay_out(engine: Engine) -> None:
    _link(engine)
    with engine.begin() as c:
        movement = c.scalar(select(m.Movement.id).where(m.Movement.owner_user_id.is_(None)))
        c.execute(update(m.Movement).where(m.Movement.id == movement).values(name="Renamed"))
        workout = c.execute(
            insert(m.WorkoutLog).values(user_id=1, performed_at=NOW)
        ).inserted_primary_key[0]  # type: ignore[index]
        c.execute(
            insert(m.LoggedSet).values(
                workout_log_id=workout,
                user_id=1,
                movement_id=movement,
                set_number=1,
                weight_kg=100,
                reps=5,
                e1rm_kg=116,
                formula="EPLEY",
                performed_at=NOW,
            )
        )
        c.execute(delete(m.WorkoutLog).where(m.WorkoutLog.id == workout))
    ops = sorted((table, op) for table, _uid, op, _user in _outbox(engine))
    expected = [
        ("logged_sets", "D"),
        ("logged_sets", "I"),
        ("workout_logs", "D"),
        ("workout_logs", "I"),
    ]
    assert ops == expected  # the renamed library movement is not among them


def test_rows_written_by_the_sync_engine_are_not_recorded(engine: Engine) -> None:
    _link(engine)
    with engine.begin() as c:
        c.execute(update(m.SyncState).values(applying=True))
        c.execute(insert(m.SorenessLog), _soreness(3))
        c.execute(update(m.SyncState).values(applying=False))
    assert _outbox(engine) == []


def test_every_synced_table_has_its_three_triggers(engine: Engine) -> None:
    with engine.connect() as c:
        names = set(
            c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars()
        )
    for table in SYNCED:
        assert {f"sync_{table}_i", f"sync_{table}_u", f"sync_{table}_d"} <= names
