"""Storage faults at the api: damaged, locked, read-only, full or lost databases raise typed errors.

CI runs as root, and root writes through `chmod 0444`: the read-only cases there use
SQLite's own read-only connection (a `mode=ro` URI) and a read-only tmpfs mount; the
chmod case runs only as an ordinary user. A full disk is a real 2 MB tmpfs when the test
may mount one, else SQLite's `max_page_count` limit, which fails with a real SQLITE_FULL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from db_state import fingerprint
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.api.errors import (
    AlloyError,
    StoreBusy,
    StoreCorrupt,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
)
from alloy_desktop.store import engine as engine_module
from alloy_desktop.store.backups import back_up
from alloy_desktop.store.faults import Fault, fault_of

PASSWORD = "correct horse battery"
DRAFT = {"name": "Push", "sets": [{"weight": 60, "reps": 5, "done": True}]}
BIG_DRAFT = {"notes": "x" * 600_000}  # far more than the pages a full disk has left


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _header_only(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def _noise_inside(path: Path) -> None:
    """Noise over the pages every open reads (schema version, seed marker), past the header.

    Found by name rather than by offset: migrations that rebuild tables move pages about,
    and noise on an empty table's page is damage no open can (or needs to) notice.
    """
    connection = sqlite3.connect(path)
    try:
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            int(row[0])
            for row in connection.execute(
                "SELECT pageno FROM dbstat WHERE name IN ('alembic_version', 'app_meta')"
            )
        ]
    finally:
        connection.close()
    assert pages and min(pages) > 1
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * size
        data[start : start + size] = os.urandom(size)
    path.write_bytes(bytes(data))


def _token(db_path: Path) -> str:
    alloy = Alloy.open(db_path)
    try:
        return alloy.auth.register("lifter@example.com", PASSWORD, "Lee").access_token
    finally:
        alloy.close()


@contextlib.contextmanager
def _open(target: str | Path, data_dir: Path) -> Iterator[Alloy]:
    alloy = Alloy.open(target, data_dir=data_dir)
    try:
        yield alloy
    finally:
        alloy.close()


# --- damaged -----------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", [_random_bytes, _cut_in_half, _header_only, _noise_inside])
def test_opening_a_damaged_file_raises_store_corrupt_naming_it(
    db_path: Path, damage: object
) -> None:
    damage(db_path)  # type: ignore[operator]
    before = db_path.read_bytes()
    with pytest.raises(StoreCorrupt) as caught:
        Alloy.open(db_path)
    assert caught.value.location == str(db_path)
    assert str(db_path) in caught.value.message and "damaged" in caught.value.message
    assert db_path.read_bytes() == before  # nothing was written into the damaged file


def test_a_file_emptied_after_backups_were_made_is_damaged_not_new(db_path: Path) -> None:
    back_up(db_path, "daily")
    db_path.write_bytes(b"")
    with pytest.raises(StoreCorrupt, match="damaged"):
        Alloy.open(db_path)


def test_an_empty_file_with_no_backups_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "alloy.db"
    path.write_bytes(b"")
    with _open(path, tmp_path) as alloy:
        assert alloy.auth.user_count() == 0


# --- locked ------------------------------------------------------------------------------------


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Waits 0.2 s for a lock instead of 5 s, so a held lock fails fast."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_write_while_another_program_holds_the_lock_raises_store_busy(db_path: Path) -> None:
    token = _token(db_path)
    with _open(db_path, db_path.parent) as alloy:
        me = alloy.for_token(token)
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreBusy, match="in use by another program"):
                me.logs.save_draft(DRAFT)
            assert me.logs.load_draft() is None  # WAL: reading goes on meanwhile
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        me.logs.save_draft(DRAFT)  # the retry, once the lock is gone
        draft = me.logs.load_draft()
        assert draft is not None and draft.payload == DRAFT


@pytest.mark.usefixtures("short_busy_timeout")
def test_opening_a_file_another_program_holds_exclusively_raises_store_busy(
    db_path: Path,
) -> None:
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusy) as caught:
            Alloy.open(db_path)
        assert caught.value.location == str(db_path)
    finally:
        holder.close()


# --- read-only ---------------------------------------------------------------------------------


def test_a_write_through_a_read_only_connection_raises_store_read_only(db_path: Path) -> None:
    token = _token(db_path)
    read_only = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    with _open(read_only, db_path.parent) as alloy:
        me = alloy.for_token(token)
        before = fingerprint(alloy)
        with pytest.raises(StoreReadOnly) as caught:
            me.logs.save_draft(DRAFT)
        assert str(db_path) in caught.value.message and "read-only" in caught.value.message
        assert fingerprint(alloy) == before
        assert me.settings.get() is not None  # reading still works


def _writes_are_refused(me: UserApi) -> None:
    with pytest.raises(StoreReadOnly):
        me.logs.save_draft(DRAFT)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 0444")
def test_a_chmod_read_only_file_and_folder_raise_store_read_only(db_path: Path) -> None:
    token = _token(db_path)
    folder = db_path.parent
    db_path.chmod(0o444)
    folder.chmod(0o555)
    try:
        try:
            alloy = Alloy.open(db_path, data_dir=folder)
        except StoreReadOnly:
            return  # WAL can't be opened without writing its -shm beside the file: also right
        try:
            _writes_are_refused(alloy.for_token(token))
        finally:
            alloy.close()
    finally:
        folder.chmod(0o755)
        db_path.chmod(0o644)


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at folder (root only); skips the test where mounting is not allowed."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not _can_mount(), reason="mounting a tmpfs needs root")
def test_opening_on_a_read_only_disk_raises_store_read_only(db_path: Path, tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "disk", "4m") as disk:
        shutil.copyfile(db_path, disk / "alloy.db")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with pytest.raises(StoreReadOnly, match="read-only"):
            Alloy.open(disk / "alloy.db", data_dir=tmp_path)


# --- disk full ---------------------------------------------------------------------------------


def _fill(disk: Path) -> Path:
    """Writes a file until the disk has no room left; returns it (delete it to free space)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for block in (65_536, 4096, 512):  # big blocks, then the last few KB
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * block)
    finally:
        os.close(fd)
    return filler


@pytest.mark.skipif(not _can_mount(), reason="mounting a tmpfs needs root")
def test_a_write_on_a_full_disk_raises_store_full_and_succeeds_once_there_is_room(
    db_path: Path, tmp_path: Path
) -> None:
    with _tmpfs(tmp_path / "disk", "3m") as disk:
        path = disk / "alloy.db"
        shutil.copyfile(db_path, path)
        token = _token(path)
        with _open(path, disk) as alloy:
            me = alloy.for_token(token)
            me.logs.save_draft(DRAFT)
            filler = _fill(disk)
            with pytest.raises(StoreFull) as caught:
                me.logs.save_draft(BIG_DRAFT)
            assert caught.value.location == str(path) and "full" in caught.value.message
            assert me.logs.load_draft().payload == DRAFT  # type: ignore[union-attr]
            filler.unlink()
            me.logs.save_draft(BIG_DRAFT)  # the retry, once there is room
            assert me.logs.load_draft().payload == BIG_DRAFT  # type: ignore[union-attr]


def test_a_write_past_sqlites_page_limit_raises_store_full(db_path: Path) -> None:
    token = _token(db_path)
    with _open(db_path, db_path.parent) as alloy:
        me = alloy.for_token(token)
        me.logs.save_draft(DRAFT)
        engine = alloy.context.db.engine

        def _no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        event.listen(engine, "connect", _no_room)
        engine.dispose()  # every new connection gets the limit
        with pytest.raises(StoreFull, match="full"):
            me.logs.save_draft(BIG_DRAFT)
        assert me.logs.load_draft().payload == DRAFT  # type: ignore[union-attr]
        event.remove(engine, "connect", _no_room)
        engine.dispose()
        me.logs.save_draft(BIG_DRAFT)
        assert me.logs.load_draft().payload == BIG_DRAFT  # type: ignore[union-attr]


# --- connection lost (PostgreSQL) --------------------------------------------------------------


def test_a_server_that_is_not_there_raises_store_unavailable() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreUnavailable) as caught:
        Alloy.open("postgresql+psycopg://alloy:secret@127.0.0.1:9/alloy?connect_timeout=2")
    assert caught.value.location == "alloy on 127.0.0.1:9"
    assert "secret" not in caught.value.message and "can't be reached" in caught.value.message


# --- the classification itself -----------------------------------------------------------------


class _Driver(Exception):
    """Stands in for a DB-API error carrying a SQLSTATE (psycopg) or an SQLite code."""

    def __init__(self, message: str, sqlstate: str | None = None, code: int | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate
        if code is not None:
            self.sqlite_errorcode = code


def _wrapped(orig: Exception) -> DBAPIError:
    return OperationalError("SELECT 1", {}, orig)


@pytest.mark.parametrize(
    ("orig", "fault"),
    [
        (_Driver("x", code=11), Fault.CORRUPT),
        (_Driver("x", code=26), Fault.CORRUPT),
        (_Driver("x", code=5 | (3 << 8)), Fault.BUSY),  # an extended code keeps its primary
        (_Driver("x", code=8), Fault.READ_ONLY),
        (_Driver("x", code=13), Fault.FULL),
        (_Driver("x", code=10), Fault.UNAVAILABLE),
        (_Driver("no such table: x", code=1), None),
        (_Driver("could not extend file", "53100"), Fault.FULL),
        (_Driver("read-only transaction", "25006"), Fault.READ_ONLY),
        (_Driver("lock timeout", "55P03"), Fault.BUSY),
        (_Driver("index corrupted", "XX002"), Fault.CORRUPT),
        (_Driver("connection failure", "08006"), Fault.UNAVAILABLE),
        (_Driver("terminating connection", "57P01"), Fault.UNAVAILABLE),
        (_Driver("duplicate key", "23505"), None),
        (_Driver("database disk image is malformed"), Fault.CORRUPT),
        (_Driver("database is locked"), Fault.BUSY),
    ],
)
def test_each_driver_error_has_its_fault(orig: Exception, fault: Fault | None) -> None:
    assert fault_of(_wrapped(orig)) is fault


def test_file_errors_have_faults_by_errno() -> None:
    import errno

    assert fault_of(OSError(errno.ENOSPC, "full")) is Fault.FULL
    assert fault_of(OSError(errno.EROFS, "read-only")) is Fault.READ_ONLY
    assert fault_of(ValueError("not storage")) is None


def test_every_store_error_is_an_alloy_error_with_a_sentence() -> None:
    for cls in (StoreBusy, StoreCorrupt, StoreFull, StoreReadOnly, StoreUnavailable):
        assert issubclass(cls, AlloyError)


def test_a_shared_server_is_named_as_a_server_not_a_file_or_disk() -> None:
    from alloy_desktop.services.storage import Place

    server = Place("alloy on db.example:5432", is_file=False)
    laptop = Place("/home/sam/alloy.db", is_file=True)
    assert server.error(Fault.FULL).message == (
        "The server holding the database alloy on db.example:5432 is out of space. "
        "Ask whoever runs it to free some."
    )
    assert server.error(Fault.READ_ONLY).message.startswith(
        "The database alloy on db.example:5432 refuses to be written"
    )
    assert "Check that the server is running" in server.error(Fault.UNAVAILABLE).message
    assert laptop.error(Fault.FULL).message == (
        "The disk holding the database file /home/sam/alloy.db is full. "
        "Free some space, then try again."
    )
    # Damage and a busy file read the same wherever the database lives.
    assert server.error(Fault.BUSY).message.endswith(
        "is in use by another program. Try again in a moment."
    )
