"""What every service needs: the database, the clock, and the cached movement catalog."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import MuscleGroup, MuscleRole
from alloy_desktop.services.storage import Place, engine_place, place_of, storage_errors
from alloy_desktop.store import tables
from alloy_desktop.store.database import Database

if TYPE_CHECKING:
    from typing import TypeAlias

    from sqlalchemy.orm import Session

    # What a read takes: an ORM session (inside a write, say) or a bare Core connection.
    Reader: TypeAlias = Session | Connection


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Catalog:
    """The movement library as domain objects, indexed once (it changes only on a seed bump)."""

    movements: tuple[MovementInfo, ...]
    by_id: dict[int, MovementInfo]

    def name(self, movement_id: int) -> str:
        """A movement's display name ("Unknown movement" if it has vanished)."""
        info = self.by_id.get(movement_id)
        return info.name if info else "Unknown movement"


# Columns, not Movement objects: the library is ~900 rows read at every start, and ORM
# instances of them cost three times as much as plain rows.
_MOVEMENTS = tables.movements
_MUSCLES = tables.movement_muscle_maps
_CATALOG_COLUMNS = tuple(
    _MOVEMENTS.c[name]
    for name in (
        "id", "name", "pattern", "equipment", "level", "category", "is_compound", "owner_user_id",
    )
)  # fmt: skip


def core(db: Reader) -> Connection:
    """The Core connection under a read: the connection itself, or a session's (in its
    transaction), for statements that want plain rows without the ORM's result machinery."""
    return db if isinstance(db, Connection) else db.connection()


def load_catalog(db: Reader, owner_user_id: int | None = None) -> Catalog:
    """The library (owner None) or one user's custom movements, with muscle maps: two queries.

    Read as Core rows (through a session's connection, inside its transaction): the
    columns' types already give enum members, and the ORM's result machinery would cost a
    tenth of the load. (No autoflush that way: a caller that has just added a movement
    flushes first.)
    """
    primary: dict[int, set[MuscleGroup]] = {}
    secondary: dict[int, set[MuscleGroup]] = {}
    column = _MOVEMENTS.c.owner_user_id
    owned = column.is_(None) if owner_user_id is None else column == owner_user_id
    connection = core(db)
    rows = connection.execute(
        select(_MUSCLES.c.movement_id, _MUSCLES.c.muscle_group, _MUSCLES.c.role)
        .join(_MOVEMENTS, _MOVEMENTS.c.id == _MUSCLES.c.movement_id)
        .where(owned)
    )
    for movement_id, group, role in rows:
        target = primary if role is MuscleRole.PRIMARY else secondary
        target.setdefault(movement_id, set()).add(group)
    nothing: frozenset[MuscleGroup] = frozenset()
    # Rows unpacked, not read by attribute: a third of the load, at every start, went there.
    movements = tuple(
        MovementInfo(
            id=movement_id,
            name=name,
            pattern=pattern,
            equipment=equipment,
            level=level,
            category=category,
            is_compound=is_compound,
            primary=frozenset(primary.get(movement_id, nothing)),
            secondary=frozenset(
                secondary.get(movement_id, nothing) - primary.get(movement_id, nothing)
            ),
            is_custom=owner is not None,
        )
        for movement_id, name, pattern, equipment, level, category, is_compound, owner in (
            connection.execute(select(*_CATALOG_COLUMNS).where(owned).order_by(_MOVEMENTS.c.id))
        )
    )
    return Catalog(movements=movements, by_id={m.id: m for m in movements})


def merged(library: Catalog, custom: Catalog) -> Catalog:
    """The library plus one lifter's own movements."""
    if not custom.movements:
        return library
    movements = library.movements + custom.movements
    return Catalog(movements=movements, by_id={**library.by_id, **custom.by_id})


@dataclass
class AppContext:
    """Shared by the facade and every user-scoped service of one open database."""

    db: Database
    data_dir: Path | None
    clock: Callable[[], datetime] = utc_now
    _catalog: Catalog | None = field(default=None, init=False, repr=False)
    # Per user: the library merged with that user's custom movements.
    _custom: dict[int, Catalog] = field(default_factory=dict, init=False, repr=False)
    _lock: Lock = field(default_factory=Lock, init=False, repr=False)
    _place: Place | None = field(default=None, init=False, repr=False)

    @property
    def place(self) -> Place:
        """Where the database lives, for the sentences of storage errors."""
        if self._place is None:
            self._place = engine_place(self.db.engine)
        return self._place

    @property
    def catalog(self) -> Catalog:
        """The movement library (no one's custom movements), loaded on first use."""
        with self._lock:
            if self._catalog is None:
                with self.connect() as connection:
                    self._catalog = load_catalog(connection)
            return self._catalog

    def user_catalog(self, user_id: int) -> Catalog:
        """The library plus this user's custom movements (cached until they change)."""
        library = self.catalog
        with self._lock:
            combined = self._custom.get(user_id)
            if combined is None:
                with self.connect() as connection:
                    combined = merged(library, load_catalog(connection, owner_user_id=user_id))
                self._custom[user_id] = combined
        return combined

    def forget_custom(self, user_id: int) -> None:
        """Drops the cached custom movements of a user, after one was created or changed."""
        with self._lock:
            self._custom.pop(user_id, None)

    def now(self) -> datetime:
        """The current time from the injectable clock."""
        return self.clock()

    def today(self) -> date:
        """The lifter's local calendar date: a 9 pm workout in UTC-8 is still "today"."""
        return self.clock().astimezone().date()

    # Every service reaches the database through these two, so this is where a damaged,
    # locked, read-only, full or lost database becomes a typed error with a sentence.

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads."""
        with storage_errors(self.place), self.db.sessions() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection for reads of plain rows (Today's plan reads nothing else)."""
        with storage_errors(self.place), self.db.connect() as connection:
            yield connection

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction: commits on success, rolls everything back on any error."""
        with storage_errors(self.place), self.db.sessions() as session, session.begin():
            yield session

    def replace_database(self, db: Database) -> None:
        """Swaps in a reopened database (after a restore) and forgets what was cached."""
        with self._lock:
            self.db = db
            self._place = None
            self._catalog = None
            self._custom.clear()


def open_context(
    path_or_url: str | Path, data_dir: Path | None, clock: Callable[[], datetime] = utc_now
) -> AppContext:
    """Opens (creating, migrating and seeding as needed) the database behind the api."""
    from alloy_desktop.store.database import open_database

    with storage_errors(place_of(path_or_url)):
        db = open_database(path_or_url)
    return AppContext(db=db, data_dir=data_dir, clock=clock)


@dataclass(frozen=True)
class UserContext:
    """An AppContext bound to one signed-in user: every query a service makes filters by it."""

    app: AppContext
    user_id: int

    @property
    def catalog(self) -> Catalog:
        return self.app.user_catalog(self.user_id)

    def now(self) -> datetime:
        return self.app.now()

    def today(self) -> date:
        return self.app.today()

    def read(self) -> AbstractContextManager[Session]:
        return self.app.read()

    def connect(self) -> AbstractContextManager[Connection]:
        return self.app.connect()

    def write(self) -> AbstractContextManager[Session]:
        return self.app.write()
