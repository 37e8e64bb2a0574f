"""Synced rows as install-independent payloads: read by uid on one side, upserted on the other."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Table,
    UniqueConstraint,
    delete,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from alloy_desktop.services.backup import MOVEMENT_KEYS, owned, target_of
from alloy_desktop.store.models import Base

# Synced tables in foreign-key order: parents are written before their children.
SYNCED: tuple[str, ...] = (
    "movements",  # the athlete's custom movements only
    "programs",
    "microcycles",
    "sessions",
    "session_exercises",
    "pattern_exposures",
    "workout_logs",
    "logged_sets",
    "soreness_logs",
    "recovery_signals",
    "activity_instances",
    "body_weight_logs",
)
# The coach owns plans (the server wins a conflict); the athlete owns everything else.
PLAN_TABLES = frozenset({"programs", "microcycles", "sessions", "session_exercises",
                         "pattern_exposures"})  # fmt: skip
TABLES: dict[str, Table] = {name: Base.metadata.tables[name] for name in SYNCED}
MUSCLES = Base.metadata.tables["movement_muscle_maps"]
MUSCLE_COLUMNS = ("muscle", "muscle_group", "body_part", "role")
BATCH = 500  # ids per IN (...) list: well under every driver's parameter limit

# A foreign key crosses installs as a reference: ("slug", s) for a library movement,
# ("uid", u) for a synced row (custom movements too), ("name", n) for an activity kind.
Ref = tuple[str, str]
Payload = dict[str, Any]


def carried(table: Table) -> list[Column[Any]]:
    """The columns a payload carries: no id, no owner, no link to a table that is not synced."""
    out: list[Column[Any]] = []
    for column in table.columns:
        target = target_of(column)
        if column.primary_key or target == "users":
            continue
        if target is not None and target not in TABLES and target != "activity_definitions":
            continue  # a workout's routine stays on the laptop that has it
        out.append(column)
    return out


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- reading -----------------------------------------------------------------------------


class _Names:
    """Ids of one install turned into references, looked up in bulk and remembered."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._known: dict[str, dict[int, Ref]] = {}

    def learn(self, target: str, ids: Iterable[int]) -> None:
        known = self._known.setdefault(target, {})
        wanted = sorted({i for i in ids if i not in known})
        for part in chunks(wanted):
            if target == "activity_definitions":
                table = Base.metadata.tables[target]
                for row_id, name in self._s.execute(
                    select(table.c.id, table.c.name).where(table.c.id.in_(part))
                ):
                    known[row_id] = ("name", name)
            elif target == "movements":
                table = TABLES[target]
                statement = select(table.c.id, table.c.slug, table.c.uid, table.c.owner_user_id)
                for row_id, slug, uid, owner in self._s.execute(
                    statement.where(table.c.id.in_(part))
                ):
                    known[row_id] = ("slug", slug) if owner is None else ("uid", uid)
            else:
                table = TABLES[target]
                for row_id, uid in self._s.execute(
                    select(table.c.id, table.c.uid).where(table.c.id.in_(part))
                ):
                    known[row_id] = ("uid", uid)

    def ref(self, target: str, row_id: int | None) -> Ref | None:
        if row_id is None:
            return None
        return self._known.get(target, {}).get(row_id)


def _json_movement_ids(value: Any) -> Iterator[int]:
    if isinstance(value, list):
        for item in value:
            yield from _json_movement_ids(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in MOVEMENT_KEYS and isinstance(item, int):
                yield item
            else:
                yield from _json_movement_ids(item)


def _json_out(value: Any, names: _Names) -> Any:
    """A JSON value with its movement ids written as references (other ids stay as they are)."""
    if isinstance(value, list):
        return [_json_out(item, names) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: (
            list(names.ref("movements", item) or ("missing", ""))
            if key in MOVEMENT_KEYS and isinstance(item, int)
            else _json_out(item, names)
        )
        for key, item in value.items()
    }


def export_rows(s: Session, name: str, uids: Iterable[str]) -> dict[str, Payload]:
    """The payloads of these rows by uid (a uid with no row is left out)."""
    table = TABLES[name]
    columns = carried(table)
    rows: list[Mapping[Any, Any]] = []
    wanted = sorted(set(uids))
    for part in chunks(wanted):
        rows.extend(s.execute(select(table).where(table.c.uid.in_(part))).mappings())
    names = _Names(s)
    for column in columns:
        target = target_of(column)
        if target is not None:
            names.learn(target, (row[column.name] for row in rows if row[column.name]))
        elif isinstance(column.type, JSON):
            names.learn(
                "movements", (i for row in rows for i in _json_movement_ids(row[column.name]))
            )
    out: dict[str, Payload] = {}
    for row in rows:
        payload: Payload = {}
        for column in columns:
            value, target = row[column.name], target_of(column)
            if target is not None:
                payload[column.name] = names.ref(target, value)
            elif isinstance(column.type, JSON):
                payload[column.name] = _json_out(value, names)
            else:
                payload[column.name] = value
        out[row["uid"]] = payload
    if name == "movements" and out:
        by_id = {row["id"]: row["uid"] for row in rows}
        for movement_id, *values in s.execute(
            select(MUSCLES.c.movement_id, *(MUSCLES.c[c] for c in MUSCLE_COLUMNS))
            .where(MUSCLES.c.movement_id.in_(list(by_id)))
            .order_by(MUSCLES.c.id)
        ):
            muscles = out[by_id[movement_id]].setdefault("muscles", [])
            muscles.append(dict(zip(MUSCLE_COLUMNS, values, strict=True)))
    return out


def owned_uids(s: Session, name: str, owner: int) -> list[str]:
    """Every uid of a synced table that belongs to this user."""
    table = TABLES[name]
    return list(s.scalars(select(table.c.uid).where(owned(table, owner)).order_by(table.c.id)))


# --- writing -----------------------------------------------------------------------------


@dataclass
class Touched:
    """What a batch of writes changed, for the derived data rebuilt after it."""

    workouts: set[int] = field(default_factory=set)
    movements: set[int] = field(default_factory=set)
    recovery: bool = False
    custom_movements: bool = False

    def merge(self, other: Touched) -> None:
        self.workouts |= other.workouts
        self.movements |= other.movements
        self.recovery |= other.recovery
        self.custom_movements |= other.custom_movements


class Resolver:
    """References turned into this install's ids, only ever among the owner's rows."""

    def __init__(self, s: Session, owner: int) -> None:
        self._s = s
        self._owner = owner
        self._ids: dict[tuple[str, str, str], int | None] = {}

    def learn(self, refs: Iterable[tuple[str, Ref]]) -> None:
        wanted: dict[tuple[str, str], set[str]] = {}
        for target, (kind, key) in refs:
            if (target, kind, key) not in self._ids:
                wanted.setdefault((target, kind), set()).add(key)
        for (target, kind), keys in wanted.items():
            for part in chunks(sorted(keys)):
                for key, row_id in self._s.execute(self._lookup(target, kind, part)):
                    self._ids[(target, kind, key)] = row_id
            for key in keys:
                self._ids.setdefault((target, kind, key), None)

    def _lookup(self, target: str, kind: str, keys: Sequence[str]) -> Any:
        if kind == "name":
            table = Base.metadata.tables[target]
            return select(table.c.name, table.c.id).where(table.c.name.in_(keys))
        table = TABLES[target]
        if kind == "slug":
            library = table.c.owner_user_id.is_(None)
            return select(table.c.slug, table.c.id).where(table.c.slug.in_(keys), library)
        return select(table.c.uid, table.c.id).where(
            table.c.uid.in_(keys), owned(table, self._owner)
        )

    def id_of(self, target: str, ref: object) -> int | None:
        if not (isinstance(ref, list | tuple) and len(ref) == 2):
            return None
        return self._ids.get((target, str(ref[0]), str(ref[1])))


def _refs(table: Table, payloads: Iterable[Payload]) -> Iterator[tuple[str, Ref]]:
    for payload in payloads:
        for column in carried(table):
            target, value = target_of(column), payload.get(column.name)
            if target is not None and isinstance(value, list | tuple) and len(value) == 2:
                yield target, (str(value[0]), str(value[1]))
            elif isinstance(column.type, JSON):
                for ref in _json_refs(value):
                    yield "movements", ref


def _json_refs(value: Any) -> Iterator[Ref]:
    if isinstance(value, list):
        for item in value:
            yield from _json_refs(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in MOVEMENT_KEYS and isinstance(item, list | tuple) and len(item) == 2:
                yield str(item[0]), str(item[1])
            else:
                yield from _json_refs(item)


def _json_in(value: Any, resolver: Resolver) -> Any:
    if isinstance(value, list):
        return [_json_in(item, resolver) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: (
            resolver.id_of("movements", item)
            if key in MOVEMENT_KEYS and isinstance(item, list | tuple)
            else _json_in(item, resolver)
        )
        for key, item in value.items()
    }


def _insert_for(s: Session, table: Table) -> Any:
    dialect = s.get_bind().dialect.name
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def _owner_column(table: Table) -> Column[Any] | None:
    for column in table.columns:
        if target_of(column) == "users":
            return column
    return None


def apply_rows(
    s: Session, name: str, payloads: Mapping[str, Payload], owner: int
) -> tuple[Touched, list[tuple[str, str]]]:
    """Upserts rows by uid for this owner; returns what changed and (uid, why) of rows skipped.

    A row whose required parent is missing here is skipped, never half-written. A row whose
    other unique key (a day's body weight, an import key, a slot's position) is held by a
    different row replaces that row, as the newer word on that key.
    """
    table = TABLES[name]
    touched, skipped = Touched(), list[tuple[str, str]]()
    if not payloads:
        return touched, skipped
    resolver = Resolver(s, owner)
    resolver.learn(_refs(table, payloads.values()))
    before = _children_of(s, name, list(payloads))
    owner_column = _owner_column(table)
    values: list[dict[str, Any]] = []
    for uid, payload in payloads.items():
        row = _row_values(table, payload, resolver)
        if row is None:
            skipped.append((uid, "it belongs to a row that is not there"))
            continue
        row["uid"] = uid
        if owner_column is not None:
            row[owner_column.name] = owner
        values.append(row)
    _clear_key_holders(s, table, values, owner)
    statement = _insert_for(s, table)
    updated = {c.name: statement.excluded[c.name] for c in carried(table) if c.name != "uid"}
    if owner_column is not None:
        updated[owner_column.name] = statement.excluded[owner_column.name]
    # A uid held by someone else's row is left alone: nobody's sync writes another's rows.
    upsert = statement.on_conflict_do_update(
        index_elements=[table.c.uid], set_=updated, where=owned(table, owner)
    )
    for part in chunks(values):
        s.execute(upsert, list(part))
    if name == "movements":
        _replace_muscles(s, payloads, owner)
        touched.custom_movements = True
    touched.merge(before)
    touched.merge(_children_of(s, name, [row["uid"] for row in values]))
    return touched, skipped


def _row_values(table: Table, payload: Payload, resolver: Resolver) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    for column in carried(table):
        if column.name not in payload:
            continue
        target, value = target_of(column), payload[column.name]
        if target is not None:
            resolved = resolver.id_of(target, value)
            if resolved is None and not column.nullable:
                return None
            row[column.name] = resolved
        elif isinstance(column.type, JSON):
            row[column.name] = _json_in(value, resolver)
        else:
            row[column.name] = value
    return row


def _clear_key_holders(s: Session, table: Table, values: list[dict[str, Any]], owner: int) -> None:
    """Deletes the owner's rows holding another unique key of an incoming row under another uid."""
    keys = [
        [c.name for c in constraint.columns]
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
        and [c.name for c in constraint.columns] != ["uid"]
    ]
    mine = owned(table, owner)
    for columns in keys:
        for row in values:
            if any(row.get(c) is None for c in columns):
                continue
            clash: list[ColumnElement[bool]] = [table.c[c] == row[c] for c in columns]
            s.execute(delete(table).where(*clash, table.c.uid != row["uid"], mine))


def _replace_muscles(s: Session, payloads: Mapping[str, Payload], owner: int) -> None:
    movements = TABLES["movements"]
    ids = dict(
        s.execute(
            select(movements.c.uid, movements.c.id).where(
                movements.c.uid.in_(list(payloads)), movements.c.owner_user_id == owner
            )
        ).all()
    )
    if not ids:
        return
    s.execute(delete(MUSCLES).where(MUSCLES.c.movement_id.in_(list(ids.values()))))
    rows = [
        {"movement_id": ids[uid], **{c: muscle[c] for c in MUSCLE_COLUMNS}}
        for uid, payload in payloads.items()
        if uid in ids
        for muscle in payload.get("muscles", [])
    ]
    if rows:
        s.execute(insert(MUSCLES), rows)


def delete_rows(s: Session, name: str, uids: Sequence[str], owner: int) -> Touched:
    """Deletes the owner's rows with these uids (a uid not here, or not theirs, is no-op)."""
    table = TABLES[name]
    touched = _children_of(s, name, uids)
    for part in chunks(list(uids)):
        s.execute(delete(table).where(table.c.uid.in_(part), owned(table, owner)))
    if name == "movements":
        touched.custom_movements = True
    return touched


def _children_of(s: Session, name: str, uids: Sequence[str]) -> Touched:
    """The workouts and movements whose derived data depends on these rows."""
    touched = Touched()
    if not uids:
        return touched
    sets, workouts = TABLES["logged_sets"], TABLES["workout_logs"]
    for part in chunks(list(uids)):
        if name == "logged_sets":
            found = select(sets.c.workout_log_id, sets.c.movement_id).where(sets.c.uid.in_(part))
        elif name == "workout_logs":
            found = (
                select(workouts.c.id, sets.c.movement_id)
                .outerjoin(sets, sets.c.workout_log_id == workouts.c.id)
                .where(workouts.c.uid.in_(part))
            )
        else:
            continue
        for workout_id, movement_id in s.execute(found):
            touched.workouts.add(int(workout_id))
            if movement_id is not None:
                touched.movements.add(int(movement_id))
    if name in ("logged_sets", "workout_logs", "soreness_logs"):
        touched.recovery = True
    return touched


# --- comparing ---------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A payload value as JSON can hold it (for conflicts and fingerprints)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def fingerprint(s: Session, owner: int) -> dict[str, frozenset[tuple[str, str]]]:
    """Per synced table, the set of (uid, business values) this user holds: equal sets on two
    installs mean the same rows, none lost and none doubled."""
    out: dict[str, frozenset[tuple[str, str]]] = {}
    for name in SYNCED:
        uids = owned_uids(s, name, owner)
        rows = export_rows(s, name, uids)
        if len(rows) != len(uids):
            raise AssertionError(f"{name}: a uid is held twice")
        out[name] = frozenset(
            (uid, json.dumps(plain(payload), sort_keys=True)) for uid, payload in rows.items()
        )
    return out
