"""Storage faults by kind: which raw SQLite, PostgreSQL or file error means damaged, busy, full."""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum

from sqlalchemy.exc import DBAPIError


class Fault(StrEnum):
    """What went wrong with the storage, in the terms a person can act on."""

    CORRUPT = "corrupt"
    BUSY = "busy"
    READ_ONLY = "read_only"
    FULL = "full"
    UNAVAILABLE = "unavailable"


class StorageFault(Exception):
    """A fault the store finds itself (a copy failing its integrity check, an empty file)."""

    def __init__(self, fault: Fault, detail: str) -> None:
        super().__init__(detail)
        self.fault = fault
        self.detail = detail


# Raised by database work; OSError is left out on purpose: a file a service writes beside
# the database (an export, say) failing is not the database failing.
DATABASE_EXCEPTIONS: tuple[type[Exception], ...] = (DBAPIError, sqlite3.Error, StorageFault)
# Whole-file work (backups, restores, setting a file aside) also fails with plain OSError.
FILE_EXCEPTIONS: tuple[type[Exception], ...] = (*DATABASE_EXCEPTIONS, OSError)

# SQLite primary result codes (https://sqlite.org/rescode.html).
_SQLITE_CODES: dict[int, Fault] = {
    3: Fault.READ_ONLY,  # SQLITE_PERM
    5: Fault.BUSY,  # SQLITE_BUSY
    6: Fault.BUSY,  # SQLITE_LOCKED
    7: Fault.UNAVAILABLE,  # SQLITE_NOMEM
    8: Fault.READ_ONLY,  # SQLITE_READONLY
    10: Fault.UNAVAILABLE,  # SQLITE_IOERR
    11: Fault.CORRUPT,  # SQLITE_CORRUPT
    13: Fault.FULL,  # SQLITE_FULL
    14: Fault.UNAVAILABLE,  # SQLITE_CANTOPEN
    15: Fault.UNAVAILABLE,  # SQLITE_PROTOCOL
    22: Fault.UNAVAILABLE,  # SQLITE_NOLFS
    26: Fault.CORRUPT,  # SQLITE_NOTADB
}
# The same faults by message, for a driver that gives no code.
_SQLITE_MESSAGES: tuple[tuple[str, Fault], ...] = (
    ("database disk image is malformed", Fault.CORRUPT),
    ("file is not a database", Fault.CORRUPT),
    ("database is locked", Fault.BUSY),
    ("database table is locked", Fault.BUSY),
    ("readonly database", Fault.READ_ONLY),
    ("database or disk is full", Fault.FULL),
    ("disk i/o error", Fault.UNAVAILABLE),
    ("unable to open database file", Fault.UNAVAILABLE),
)
# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_SQLSTATES: dict[str, Fault] = {
    "53100": Fault.FULL,  # disk_full
    "25006": Fault.READ_ONLY,  # read_only_sql_transaction
    "55P03": Fault.BUSY,  # lock_not_available
    "40P01": Fault.BUSY,  # deadlock_detected
    "40001": Fault.BUSY,  # serialization_failure
    "XX001": Fault.CORRUPT,  # data_corrupted
    "XX002": Fault.CORRUPT,  # index_corrupted
    "57P01": Fault.UNAVAILABLE,  # admin_shutdown
    "57P02": Fault.UNAVAILABLE,  # crash_shutdown
    "57P03": Fault.UNAVAILABLE,  # cannot_connect_now
    "53300": Fault.UNAVAILABLE,  # too_many_connections
}
_ERRNOS: dict[int, Fault] = {
    errno.ENOSPC: Fault.FULL,
    errno.EDQUOT: Fault.FULL,
    errno.EROFS: Fault.READ_ONLY,
    errno.EACCES: Fault.READ_ONLY,
    errno.EPERM: Fault.READ_ONLY,
}


def fault_of(exc: BaseException) -> Fault | None:
    """The kind of storage fault behind an exception; None when it is not one (a bug, a typo).

    A plain SQL error ("no such table", a constraint) is not a storage fault: it stays
    as it is, so a test or the log shows the bug instead of a sentence hiding it.
    """
    if isinstance(exc, StorageFault):
        return exc.fault
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return Fault.UNAVAILABLE
        return _driver_fault(exc.orig) or _unreachable_server(exc)
    if isinstance(exc, sqlite3.Error):
        return _driver_fault(exc)
    if isinstance(exc, OSError):
        return _ERRNOS.get(exc.errno or 0, Fault.UNAVAILABLE)
    return None


def _driver_fault(orig: BaseException | None) -> Fault | None:
    if orig is None:
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    state = getattr(orig, "sqlstate", None)
    if isinstance(state, str):
        return _SQLSTATES.get(state) or (Fault.UNAVAILABLE if state.startswith("08") else None)
    message = str(orig).lower()
    return next((fault for text, fault in _SQLITE_MESSAGES if text in message), None)


def _unreachable_server(exc: DBAPIError) -> Fault | None:
    # A server that refuses or drops the connection raises OperationalError with no SQLSTATE.
    orig = exc.orig
    if orig is None or isinstance(orig, sqlite3.Error) or getattr(orig, "sqlstate", None):
        return None
    return Fault.UNAVAILABLE if type(orig).__name__ == "OperationalError" else None
