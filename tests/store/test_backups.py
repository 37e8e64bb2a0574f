"""Whole-file backups: checked copies, daily and pruned, restored; damaged files set aside."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alloy_desktop.api import Alloy, DatabaseFiles
from alloy_desktop.api.errors import StoreCorrupt
from alloy_desktop.store import backups
from alloy_desktop.store.faults import Fault, StorageFault

NOON = datetime(2026, 11, 2, 12, 0).astimezone()


def _users(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT count(*) FROM users").fetchone()[0])
    conn.close()
    return count


def _add_user(path: Path, email: str) -> None:
    alloy = Alloy.open(path)
    try:
        alloy.auth.register(email, "correct horse battery", "Lee")
    finally:
        alloy.close()


def test_a_backup_is_one_sound_file_named_by_time_and_reason(db_path: Path) -> None:
    made = backups.back_up(db_path, backups.DAILY, now=NOON)
    assert made.path == db_path.parent / "backups" / "alloy-20261102-120000-daily.db"
    assert made.reason == backups.DAILY and made.made_at == NOON
    assert made.size == made.path.stat().st_size > 0
    assert backups.integrity_problems(made.path) == []
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]  # no WAL
    with sqlite3.connect(made.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_backup_holds_what_was_committed_even_while_the_wal_holds_it(db_path: Path) -> None:
    alloy = Alloy.open(db_path)  # open: the new account sits in the WAL, not the main file
    try:
        alloy.auth.register("in-wal@example.com", "correct horse battery", "Wal")
        made = backups.back_up(db_path, backups.MANUAL)
    finally:
        alloy.close()
    assert _users(made.path) == 1


def test_two_backups_in_one_second_both_keep_their_file(db_path: Path) -> None:
    first = backups.back_up(db_path, backups.MANUAL, now=NOON)
    second = backups.back_up(db_path, backups.MANUAL, now=NOON)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert [b.path for b in backups.list_backups(first.path.parent)] == [second.path, first.path]


def test_a_damaged_source_fails_the_check_and_leaves_no_backup(db_path: Path) -> None:
    data = bytearray(db_path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = os.urandom(8192)
    db_path.write_bytes(bytes(data))
    with pytest.raises((StorageFault, sqlite3.DatabaseError)) as caught:
        backups.back_up(db_path, backups.DAILY)
    if isinstance(caught.value, StorageFault):
        assert caught.value.fault is Fault.CORRUPT
    assert list((db_path.parent / "backups").iterdir()) == []


def test_a_copy_cut_short_by_a_crash_is_never_listed_and_is_cleaned_up(db_path: Path) -> None:
    folder = backups.backup_folder(db_path)
    folder.mkdir()
    (folder / "alloy-20261101-120000-daily.db.partial").write_bytes(b"half a copy")
    assert backups.list_backups(folder) == []
    backups.back_up(db_path, backups.MANUAL)
    assert not list(folder.glob("*.partial"))


def test_the_first_start_of_a_day_backs_up_and_later_starts_do_not(db_path: Path) -> None:
    assert backups.daily_backup(db_path, keep=7, now=NOON) is not None
    assert backups.daily_backup(db_path, keep=7, now=NOON + timedelta(hours=3)) is None
    assert backups.daily_backup(db_path, keep=7, now=NOON + timedelta(days=1)) is not None
    assert len(backups.list_backups(backups.backup_folder(db_path))) == 2


def test_daily_backups_keep_only_the_newest_n(db_path: Path) -> None:
    for day in range(10):
        backups.daily_backup(db_path, keep=7, now=NOON + timedelta(days=day))
    kept = backups.list_backups(backups.backup_folder(db_path))
    assert len(kept) == 7
    assert [b.made_at for b in kept] == [NOON + timedelta(days=d) for d in range(9, 2, -1)]


def test_pruning_leaves_other_files_and_other_databases_alone(db_path: Path) -> None:
    folder = backups.backup_folder(db_path)
    for day in range(3):
        backups.back_up(db_path, backups.DAILY, now=NOON + timedelta(days=day))
    (folder / "notes.txt").write_text("mine")
    (folder / "other-20200101-000000-daily.db").write_bytes(b"someone else's")
    assert len(backups.prune(folder, 1, db_path.stem)) == 2
    assert sorted(p.name for p in folder.iterdir()) == [
        "alloy-20261104-120000-daily.db",
        "notes.txt",
        "other-20200101-000000-daily.db",
    ]
    assert len(backups.prune(folder, 0, db_path.stem)) == 0  # at least one is always kept


def test_a_restore_puts_the_copy_back_into_the_live_file(db_path: Path) -> None:
    made = backups.back_up(db_path, backups.MANUAL)
    _add_user(db_path, "later@example.com")
    assert _users(db_path) == 1
    backups.restore(made.path, db_path)
    assert _users(db_path) == 0
    assert backups.integrity_problems(db_path) == []


def test_a_damaged_backup_is_not_restored(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(8192))
    before = db_path.read_bytes()
    with pytest.raises(StorageFault):
        backups.restore(bad, db_path)
    assert db_path.read_bytes() == before


def test_a_damaged_file_is_set_aside_with_its_wal_never_deleted(db_path: Path) -> None:
    wal = Path(f"{db_path}-wal")
    wal.write_bytes(b"wal")
    content = db_path.read_bytes()
    moved = backups.set_aside(db_path, now=NOON)
    assert moved == db_path.with_name("alloy-damaged-20261102-120000.db")
    assert moved.read_bytes() == content and Path(f"{moved}-wal").read_bytes() == b"wal"
    assert not db_path.exists() and not wal.exists()
    db_path.write_bytes(b"again")
    assert backups.set_aside(db_path, now=NOON).name == "alloy-damaged-20261102-120000-2.db"


def test_restoring_over_a_damaged_file_moves_it_aside_first(db_path: Path) -> None:
    files = DatabaseFiles(db_path)
    made = files.back_up()
    db_path.write_bytes(os.urandom(db_path.stat().st_size))
    restored = files.restore_closed(made)
    assert restored.previous.name.startswith("alloy-damaged-") and restored.previous.exists()
    assert backups.integrity_problems(db_path) == []


def test_restoring_over_a_sound_file_backs_it_up_first(db_path: Path) -> None:
    files = DatabaseFiles(db_path)
    made = files.back_up()
    _add_user(db_path, "later@example.com")
    restored = files.restore_closed(made)
    assert restored.previous.parent == files.folder and "before-restore" in restored.previous.name
    assert _users(restored.previous) == 1 and _users(db_path) == 0


def test_newest_sound_skips_a_damaged_newer_copy(db_path: Path) -> None:
    files = DatabaseFiles(db_path)
    older = backups.back_up(db_path, backups.DAILY, now=NOON)
    newer = backups.back_up(db_path, backups.DAILY, now=NOON + timedelta(days=1))
    newer.path.write_bytes(os.urandom(newer.size))
    sound = files.newest_sound()
    assert sound is not None and sound.path == older.path
    with pytest.raises(StoreCorrupt, match="damaged too"):
        files.restore_closed(newer.path)
