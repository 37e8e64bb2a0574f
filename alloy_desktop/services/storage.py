"""The one translation of raw storage failures into the api's typed errors, with their sentences."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from alloy_desktop.services.errors import (
    AlloyError,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
)
from alloy_desktop.store.engine import database_url
from alloy_desktop.store.faults import DATABASE_EXCEPTIONS, FILE_EXCEPTIONS, Fault, fault_of

# Each names the place first ("The database file /home/sam/.../alloy.db"), then says what
# happened and what the person can do; none promises what the screen will do about it.
_SENTENCES: dict[Fault, tuple[type[StoreError], str]] = {
    Fault.CORRUPT: (
        StoreCorrupt,
        "{place} is damaged and can't be read. Restore a backup of it: Alloy offers one "
        "when it starts.",
    ),
    Fault.BUSY: (
        StoreBusy,
        "{place} is in use by another program. Try again in a moment.",
    ),
    Fault.READ_ONLY: (
        StoreReadOnly,
        "{place} can't be written: the file, its folder or the disk is read-only. Make it "
        "writable, then try again.",
    ),
    Fault.FULL: (
        StoreFull,
        "The disk holding {where} is full. Free some space, then try again.",
    ),
    Fault.UNAVAILABLE: (
        StoreUnavailable,
        "{place} can't be reached (a disk error or a lost connection). Check it, then try again.",
    ),
}


@dataclass(frozen=True)
class Place:
    """Where the database lives, as a person would recognise it (never with a password)."""

    location: str  # a file path, or "alloy on db.example:5432"
    is_file: bool

    def error(self, fault: Fault) -> StoreError:
        """The typed error for a fault here, its sentence naming the place."""
        cls, template = _SENTENCES[fault]
        if not self.is_file:
            template = _SERVER_SENTENCES.get(fault, template)
        where = f"the database {'file ' if self.is_file else ''}{self.location}"
        place = where[0].upper() + where[1:]
        return cls(template.format(place=place, where=where), self.location)


# A shared server is reached over the network and run by someone else: where its sentence
# differs, it says so instead of pointing at a file or a disk of this computer.
_SERVER_SENTENCES: dict[Fault, str] = {
    Fault.UNAVAILABLE: (
        "{place} can't be reached. Check that the server is running and this computer is on "
        "its network, then try again."
    ),
    Fault.READ_ONLY: (
        "{place} refuses to be written: the server is read-only or this login may not write. "
        "Ask whoever runs the server."
    ),
    Fault.FULL: "The server holding {where} is out of space. Ask whoever runs it to free some.",
}


def place_of(path_or_url: object) -> Place:
    """The Place of a file path, ':memory:' or a database URL."""
    url = make_url(database_url(str(path_or_url)))
    if url.get_backend_name() == "sqlite":
        # A URI filename ("file:/x/alloy.db?mode=ro") names the same file as its path.
        database = (url.database or "").removeprefix("file:")
        return Place(database or "in memory", is_file=bool(database))
    host = f"{url.host or 'localhost'}{f':{url.port}' if url.port else ''}"
    return Place(f"{url.database or ''} on {host}".strip(), is_file=False)


def engine_place(engine: Engine) -> Place:
    """place_of for an open engine."""
    return place_of(engine.url.render_as_string(hide_password=True))


@contextmanager
def storage_errors(place: Place, files: bool = False) -> Iterator[None]:
    """Turns a damaged, locked, read-only, full or lost database into a typed error.

    `files` also counts plain OSError (ENOSPC, EROFS, ...) as a storage fault: right for
    whole-file work such as backups, wrong where a service writes some other file.
    """
    caught = FILE_EXCEPTIONS if files else DATABASE_EXCEPTIONS
    try:
        yield
    except AlloyError:
        raise
    except caught as exc:
        fault = fault_of(exc)
        if fault is None:
            raise  # a plain SQL error is a bug: keep it whole for the log and the tests
        raise place.error(fault) from exc
