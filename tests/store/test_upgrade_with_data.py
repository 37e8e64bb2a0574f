"""Upgrades with history: a file at each earlier revision opens with every row kept, backed up."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from alloy_desktop.api import Alloy
from alloy_desktop.demo import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo
from alloy_desktop.store.engine import make_engine
from alloy_desktop.store.migrate import alembic_config, downgrade, head_revision

DEMO_DAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HISTORY_TABLES = ("users", "programs", "workout_logs", "logged_sets", "top_set_logs")
# Columns a migration rewrites on purpose, compared by row key alone: 0006 turns the
# stored default Ollama host into NULL ("from the environment") and back on the way down.
REWRITTEN = {"user_settings": ("user_id",)}

Snapshot = dict[str, tuple[tuple[str, ...], Counter[tuple[object, ...]]]]


def _revisions() -> list[str]:
    """Every revision the shipped migrations define except head, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())  # type: ignore[arg-type]
    found = [script.revision for script in scripts.walk_revisions()]
    return [rev for rev in reversed(found) if rev != scripts.get_current_head()]


def _snapshot(path: Path) -> Snapshot:
    """Every table's columns and rows (as a multiset), read with a plain connection."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] != "alembic_version" and not row[0].startswith("sqlite_")
        ]
        return {table: _rows(conn, table) for table in tables}
    finally:
        conn.close()


def _rows(
    conn: sqlite3.Connection, table: str
) -> tuple[tuple[str, ...], Counter[tuple[object, ...]]]:
    columns = tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
    names = ", ".join(f'"{c}"' for c in columns)
    return columns, Counter(conn.execute(f'SELECT {names} FROM "{table}"'))


def _project(
    snapshot: Snapshot, table: str, columns: tuple[str, ...]
) -> Counter[tuple[object, ...]]:
    """A table's rows cut down to the columns an older revision had (or its row key alone)."""
    have, rows = snapshot[table]
    columns = REWRITTEN.get(table, columns)
    index = [have.index(c) for c in columns]
    return Counter({tuple(row[i] for i in index): n for row, n in rows.items()})


def _stored_revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        revision = str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    conn.close()
    return revision


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """The demo lifter with twelve weeks of history, at head (made once for the module)."""
    path = tmp_path_factory.mktemp("demo") / "alloy.db"
    shutil.copyfile(template_db, path)
    alloy = Alloy.open(path, clock=lambda: NOW)
    try:
        assert ensure_demo(alloy, today=DEMO_DAY).workouts > 20
    finally:
        alloy.close()
    return path


@pytest.mark.parametrize("revision", _revisions())
def test_a_database_from_an_earlier_revision_keeps_every_row(
    demo_db: Path, tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "alloy.db"
    shutil.copyfile(demo_db, path)
    at_head = _snapshot(path)
    engine = make_engine(path)
    downgrade(engine, revision)  # the file as that older version of Alloy left it
    engine.dispose()
    old = _snapshot(path)
    for table in HISTORY_TABLES:
        assert sum(old[table][1].values()) > 0, f"{table} is empty at {revision}"
    # Downgrading kept every row of every table that revision has, in its columns.
    for table, (columns, _rows) in old.items():
        assert _project(at_head, table, columns) == _project(old, table, columns), (
            f"{table} changed on the way down to {revision}"
        )

    alloy = Alloy.open(path, data_dir=tmp_path, clock=lambda: NOW)
    try:
        backup = alloy.context.db.backup
        me = alloy.for_token(alloy.auth.login(DEMO_EMAIL, DEMO_PASSWORD).access_token)
        assert me.user.email == DEMO_EMAIL
    finally:
        alloy.close()

    # The backup was made before the upgrade: it is the old file, row for row.
    assert backup is not None and backup.parent == tmp_path / "backups"
    assert "-upgrade" in backup.name
    assert _stored_revision(backup) == revision
    assert _snapshot(backup) == old
    # The upgraded file is at head and kept every old row in every old column.
    assert _stored_revision(path) == head_revision()
    new = _snapshot(path)
    for table, (columns, _rows) in old.items():
        assert table in new, f"{table} vanished in the upgrade from {revision}"
        assert _project(new, table, columns) == _project(old, table, columns), (
            f"{table} lost or changed rows in the upgrade from {revision}"
        )
    # Derived rows the upgrade makes from the old sets equal what the app kept while logging.
    if "e1rm_day_bests" not in old:
        derived = ("user_id", "movement_id", "formula", "day", "e1rm_kg", "weight_kg", "reps")
        made = _project(new, "e1rm_day_bests", derived)
        assert sum(made.values()) > 0
        assert made == _project(at_head, "e1rm_day_bests", derived)
