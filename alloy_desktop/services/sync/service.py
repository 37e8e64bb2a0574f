"""The sync engine: link a laptop account to its server account, then pull and push changes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, delete, func, insert, or_, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from alloy_desktop.services.auth import WRONG_CREDENTIALS, _matches
from alloy_desktop.services.backup import owned
from alloy_desktop.services.context import AppContext
from alloy_desktop.services.sync import derived
from alloy_desktop.services.sync.rows import (
    PLAN_TABLES,
    SYNCED,
    TABLES,
    Touched,
    apply_rows,
    chunks,
    delete_rows,
    export_rows,
    plain,
)
from alloy_desktop.services.sync.words import NOT_LINKED, SyncError, plain_words
from alloy_desktop.store.models import (
    SyncChange,
    SyncConflict,
    SyncLink,
    SyncOutbox,
    SyncState,
    User,
)

PULL_BATCH = 2000  # changes per local transaction on pull
PUSH_BATCH = 2000  # rows per server transaction on push
CONNECT_TIMEOUT_S = 5
ORDER = {name: i for i, name in enumerate(SYNCED)}


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows: when it last worked, what waits, what went wrong."""

    linked_server: str | None
    last_sync_at: datetime | None
    pending_changes: int
    last_error: str | None


@dataclass(frozen=True)
class SyncReport:
    """One sync: rows sent up, rows brought down, conflicts recorded, or the error in words."""

    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    error: str | None = None


@dataclass(frozen=True)
class _Link:
    server_url: str
    server_user_id: int
    origin: str
    last_pulled_seq: int


@dataclass(frozen=True)
class _Pending:
    table: str
    uid: str
    op: str
    ids: tuple[int, ...]


def without_password(url: str) -> str:
    """The server URL as stored on the laptop: the password is given at each sync."""
    # URL.set(password=None) means "keep it": the tuple's own _replace clears it.
    return make_url(url)._replace(password=None).render_as_string(hide_password=False)


def with_password(url: str, password: str | None) -> str:
    """The stored URL with the password the caller holds."""
    parsed = make_url(url)
    if password is not None:
        parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)


class SyncService:
    """Offline-first sync of one laptop account with its account on a shared server."""

    def __init__(self, app: AppContext, user_id: int) -> None:
        self._app = app
        self._user_id = user_id

    # --- api ------------------------------------------------------------------------------

    def link(
        self, server_url: str, db_password: str | None, email: str, alloy_password: str
    ) -> SyncStatus:
        """Links this account to the server account with the same email, once its password
        checks out there; everything already logged here is queued for the first push."""
        engine = _server_engine(with_password(server_url, db_password))
        try:
            with engine.connect() as conn:
                row = conn.execute(
                    select(User.id, User.hashed_password, User.is_active).where(
                        User.email == email.strip().lower()
                    )
                ).first()
        except SQLAlchemyError as exc:
            raise SyncError(plain_words(exc)) from exc
        finally:
            engine.dispose()
        hashed = row.hashed_password if row is not None else None
        if row is None or not hashed or not _matches(alloy_password, hashed):
            raise SyncError(WRONG_CREDENTIALS)
        if not row.is_active:
            raise SyncError("That account is deactivated on the server.")
        with self._app.write() as s:
            local_email = s.scalar(select(User.email).where(User.id == self._user_id))
            if local_email != email.strip().lower():
                raise SyncError("Link the server account with the same email as this one.")
            existing = s.scalar(select(SyncLink).where(SyncLink.user_id == self._user_id))
            if existing is not None and existing.server_user_id != row.id:
                raise SyncError("This account is already linked to another server account.")
            if existing is None:
                s.add(
                    SyncLink(
                        user_id=self._user_id,
                        server_url=without_password(server_url),
                        server_user_id=row.id,
                    )
                )
                s.flush()
                self._queue_everything(s)
            else:
                existing.server_url = without_password(server_url)
        return self.status()

    def status(self) -> SyncStatus:
        """Last sync, pending changes and the last error; nothing reaches the server."""
        with self._app.read() as s:
            link = s.scalar(select(SyncLink).where(SyncLink.user_id == self._user_id))
            if link is None:
                return SyncStatus(None, None, 0, None)
            pending = _pending_count(s, self._user_id)
            return SyncStatus(link.server_url, link.last_sync_at, pending, link.last_error)

    def sync_now(self, server_url: str | None = None) -> SyncReport:
        """Pulls the coach's changes, then pushes this laptop's; an error comes back in words.

        `server_url` is the stored URL with its password (None: the stored URL as it is).
        """
        try:
            link = self._link()
        except SyncError as exc:
            return SyncReport(error=str(exc))
        engine = _server_engine(server_url or link.server_url)
        try:
            pulled, pull_conflicts = self._pull(engine, link)
            pushed, push_conflicts = self._push(engine, self._link())
        except (SQLAlchemyError, OSError, SyncError) as exc:
            message = plain_words(exc)
            self._remember(error=message)
            return SyncReport(error=message)
        finally:
            engine.dispose()
        self._remember(error=None)
        return SyncReport(pushed, pulled, pull_conflicts + push_conflicts)

    def conflicts(self) -> list[dict[str, Any]]:
        """Every recorded conflict of this account, oldest first."""
        with self._app.read() as s:
            rows = s.scalars(
                select(SyncConflict)
                .where(SyncConflict.user_id == self._user_id)
                .order_by(SyncConflict.id)
            )
            return [
                {"table": r.table_name, "uid": r.uid, "winner": r.winner,
                 "losing_values": r.losing_values, "recorded_at": r.recorded_at}
                for r in rows
            ]  # fmt: skip

    # --- pull -----------------------------------------------------------------------------

    def _pull(self, engine: Engine, link: _Link) -> tuple[int, int]:
        pulled = conflicts = 0
        since = link.last_pulled_seq
        while True:
            with Session(engine) as server:
                changes = server.execute(
                    select(SyncChange.table_name, SyncChange.uid, SyncChange.op, SyncChange.seq)
                    .where(
                        SyncChange.user_id == link.server_user_id,
                        SyncChange.seq > since,
                        or_(SyncChange.origin.is_(None), SyncChange.origin != link.origin),
                    )
                    .order_by(SyncChange.seq)
                    .limit(PULL_BATCH)
                ).all()
                if not changes:
                    return pulled, conflicts
                wanted: dict[str, list[str]] = defaultdict(list)
                for name, uid, op, _seq in changes:
                    if op != "D" and name in TABLES:
                        wanted[name].append(uid)
                payloads = {name: export_rows(server, name, uids) for name, uids in wanted.items()}
            since = int(changes[-1].seq)
            with self._app.write() as s, _applying(s):
                count, found, touched = self._apply_pulled(s, changes, payloads)
                s.execute(
                    update(SyncLink)
                    .where(SyncLink.user_id == self._user_id)
                    .values(last_pulled_seq=since)
                )
            pulled += count
            conflicts += found
            if touched.custom_movements:  # the cached catalog holds the old ones
                self._app.forget_custom(self._user_id)

    def _apply_pulled(
        self, s: Session, changes: Sequence[Any], payloads: dict[str, dict[str, dict[str, Any]]]
    ) -> tuple[int, int, Touched]:
        uids = [c.uid for c in changes]
        pending: dict[tuple[str, str], str] = {}
        for part in chunks(uids):
            for name, uid, op in s.execute(
                select(SyncOutbox.table_name, SyncOutbox.uid, SyncOutbox.op)
                .where(SyncOutbox.uid.in_(part), self._mine())
                .order_by(SyncOutbox.id)
            ):
                pending[(name, uid)] = op
        upserts: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        deletes: dict[str, list[str]] = defaultdict(list)
        conflicts = 0
        for change in changes:
            name, uid = change.table_name, change.uid
            if name not in TABLES:
                continue
            theirs = payloads.get(name, {}).get(uid) if change.op != "D" else None
            if change.op != "D" and theirs is None:
                continue  # deleted again since; its tombstone comes with a later number
            local_op = pending.get((name, uid))
            if local_op is not None:
                conflicts += 1
                if name in PLAN_TABLES:  # the coach's plan wins; the laptop's edit is kept aside
                    mine = export_rows(s, name, [uid]).get(uid)
                    self._conflict(s, name, uid, "server", mine)
                    s.execute(
                        delete(SyncOutbox).where(
                            SyncOutbox.table_name == name, SyncOutbox.uid == uid, self._mine()
                        )
                    )
                else:  # the athlete's log wins; it goes up at this sync's push
                    self._conflict(s, name, uid, "laptop", theirs)
                    continue
            if theirs is None:
                deletes[name].append(uid)
            else:
                upserts[name][uid] = theirs
        touched = Touched()
        for name in SYNCED:
            if upserts.get(name):
                changed, skipped = apply_rows(s, name, upserts[name], self._user_id)
                touched.merge(changed)
                for uid, why in skipped:
                    self._conflict(s, name, uid, "server", {"skipped": why})
        for name in reversed(SYNCED):
            if deletes.get(name):
                touched.merge(delete_rows(s, name, deletes[name], self._user_id))
        derived.rebuild(s, self._user_id, touched, self._app.now())
        written = sum(len(v) for v in upserts.values()) + sum(len(v) for v in deletes.values())
        return written, conflicts, touched

    # --- push -----------------------------------------------------------------------------

    def _push(self, engine: Engine, link: _Link) -> tuple[int, int]:
        with self._app.read() as s:
            entries = s.execute(
                select(SyncOutbox.id, SyncOutbox.table_name, SyncOutbox.uid, SyncOutbox.op)
                .where(self._mine())
                .order_by(SyncOutbox.id)
            ).all()
        latest: dict[tuple[str, str], _Pending] = {}
        for row_id, name, uid, op in entries:
            before = latest.get((name, uid))
            ids = (*before.ids, row_id) if before else (row_id,)
            latest[(name, uid)] = _Pending(name, uid, op, ids)
        # Upserts parents first, then deletes children first: every batch finds its parents.
        upserts = sorted((p for p in latest.values() if p.op != "D"), key=lambda p: ORDER[p.table])
        deletes = sorted((p for p in latest.values() if p.op == "D"), key=lambda p: -ORDER[p.table])
        pushed = conflicts = 0
        for batch in chunks([*upserts, *deletes], PUSH_BATCH):
            sent, found = self._push_batch(engine, link, list(batch))
            pushed += sent
            conflicts += found
        return pushed, conflicts

    def _push_batch(self, engine: Engine, link: _Link, batch: list[_Pending]) -> tuple[int, int]:
        with self._app.read() as s:
            payloads: dict[str, dict[str, dict[str, Any]]] = {}
            for name in SYNCED:
                uids = [p.uid for p in batch if p.table == name and p.op != "D"]
                if uids:
                    payloads[name] = export_rows(s, name, uids)
        lost: list[tuple[str, str, dict[str, Any] | None]] = []
        with Session(engine) as server, server.begin():
            server.execute(
                text("SELECT set_config('alloy.sync_origin', :origin, true)"),
                {"origin": link.origin},
            )
            lost = self._server_wins(server, link, payloads)
            touched = Touched()
            for name in SYNCED:
                if payloads.get(name):
                    changed, skipped = apply_rows(server, name, payloads[name], link.server_user_id)
                    touched.merge(changed)
                    lost.extend((name, uid, {"skipped": why}) for uid, why in skipped)
            for name in reversed(SYNCED):
                uids = [p.uid for p in batch if p.table == name and p.op == "D"]
                if uids:
                    touched.merge(delete_rows(server, name, uids, link.server_user_id))
            derived.rebuild(server, link.server_user_id, touched, self._app.now())
        self._server_committed()
        with self._app.write() as s:
            for name, uid, values in lost:
                self._conflict(s, name, uid, "server", values)
            for part in chunks([i for p in batch for i in p.ids]):
                s.execute(delete(SyncOutbox).where(SyncOutbox.id.in_(part)))
        return len(batch), len(lost)

    def _server_wins(
        self, server: Session, link: _Link, payloads: dict[str, dict[str, dict[str, Any]]]
    ) -> list[tuple[str, str, dict[str, Any] | None]]:
        """Plan rows the coach changed since this laptop's last pull: kept, the push's dropped."""
        lost: list[tuple[str, str, dict[str, Any] | None]] = []
        for name in PLAN_TABLES & payloads.keys():
            rows = payloads[name]
            for part in chunks(sorted(rows)):
                for (uid,) in server.execute(
                    select(SyncChange.uid).where(
                        SyncChange.table_name == name,
                        SyncChange.uid.in_(part),
                        SyncChange.seq > link.last_pulled_seq,
                        or_(SyncChange.origin.is_(None), SyncChange.origin != link.origin),
                    )
                ):
                    lost.append((name, uid, rows.pop(uid)))
        return lost

    def _server_committed(self) -> None:
        """The point between the server's commit and the local outbox clear (a test seam)."""

    # --- local bookkeeping ----------------------------------------------------------------

    def _mine(self) -> Any:
        # A cascade can leave an entry without its owner; it is this laptop's to push.
        return or_(SyncOutbox.user_id == self._user_id, SyncOutbox.user_id.is_(None))

    def _link(self) -> _Link:
        with self._app.read() as s:
            link = s.scalar(select(SyncLink).where(SyncLink.user_id == self._user_id))
            if link is None:
                raise SyncError(NOT_LINKED)
            return _Link(link.server_url, link.server_user_id, link.origin, link.last_pulled_seq)

    def _queue_everything(self, s: Session) -> None:
        for name in SYNCED:
            table = TABLES[name]
            s.execute(
                insert(SyncOutbox).from_select(
                    ["table_name", "uid", "op", "user_id"],
                    select(
                        text(f"'{name}'"), table.c.uid, text("'I'"), text(str(int(self._user_id)))
                    ).where(owned(table, self._user_id)),
                )
            )

    def _conflict(
        self, s: Session, name: str, uid: str, winner: str, losing: dict[str, Any] | None
    ) -> None:
        s.add(
            SyncConflict(
                user_id=self._user_id,
                table_name=name,
                uid=uid,
                winner=winner,
                losing_values=plain(losing) if losing is not None else {"deleted": True},
                recorded_at=self._app.now(),
            )
        )
        s.flush()

    def _remember(self, error: str | None) -> None:
        try:
            with self._app.write() as s:
                values: dict[str, Any] = {"last_error": error}
                if error is None:
                    values["last_sync_at"] = self._app.now()
                s.execute(update(SyncLink).where(SyncLink.user_id == self._user_id).values(values))
        except SQLAlchemyError:  # the status line is best effort; the report carries the error
            pass


def _pending_count(s: Session, user_id: int) -> int:
    rows = (
        select(SyncOutbox.table_name, SyncOutbox.uid)
        .where(or_(SyncOutbox.user_id == user_id, SyncOutbox.user_id.is_(None)))
        .distinct()
        .subquery()
    )
    return int(s.scalar(select(func.count()).select_from(rows)) or 0)


def _server_engine(url: str) -> Engine:
    # No pool: a sync is a few transactions minutes apart, and a dead server must not leave
    # a stale pooled connection behind. psycopg is imported here, by the dialect, not at start.
    args = {"connect_timeout": CONNECT_TIMEOUT_S} if url.startswith("postgresql") else {}
    return create_engine(url, poolclass=NullPool, connect_args=args)


@contextmanager
def _applying(s: Session) -> Iterator[None]:
    """Silences the outbox triggers for the rows this transaction writes from the server."""
    s.execute(update(SyncState).where(SyncState.id == 1).values(applying=True))
    try:
        yield
    finally:
        s.execute(update(SyncState).where(SyncState.id == 1).values(applying=False))
