"""A fingerprint of the database, to show that a refused or foreign call changed nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alloy_desktop.api import Alloy
from alloy_desktop.services import day_bests
from alloy_desktop.store.models import Base
from alloy_desktop.store.models import E1RMDayBest as B

# Reference data no api call can change: counted, but not hashed row by row (the movement
# library alone is thousands of rows, and a fingerprint is taken per hypothesis example).
REFERENCE_TABLES = frozenset(
    {"movements", "movement_muscle_maps", "activity_definitions", "heuristic_configs"}
)


@dataclass(frozen=True)
class Fingerprint:
    """Row counts of every table and a digest of every table that is not fixed reference data."""

    counts: dict[str, int]
    digest: str


def fingerprint(alloy: Alloy) -> Fingerprint:
    """Reads every table in primary-key order through SQLAlchemy Core."""
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    with alloy.context.db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = connection.scalar(select(func.count()).select_from(table)) or 0
            if table.name in REFERENCE_TABLES:
                continue
            digest.update(table.name.encode())
            rows = connection.execute(select(table).order_by(*table.primary_key.columns))
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return Fingerprint(counts, digest.hexdigest())


def day_bests_kept(alloy: Alloy, user_id: int) -> set[tuple[object, ...]]:
    """The e1RM day bests as the edits left them."""
    with alloy.context.db.sessions() as s:
        return day_bests_in(s, user_id)


def day_bests_rebuilt(alloy: Alloy, user_id: int) -> set[tuple[object, ...]]:
    """The e1RM day bests made afresh from every stored set (rolled back after reading)."""
    with alloy.context.db.sessions() as s, s.begin():
        day_bests.rebuild(s, user_id)
        s.flush()
        rows = day_bests_in(s, user_id)
        s.rollback()
    return rows


def day_bests_in(s: object, user_id: int) -> set[tuple[object, ...]]:
    assert isinstance(s, Session)
    rows = s.execute(
        select(B.movement_id, B.formula, B.day, B.e1rm_kg, B.weight_kg, B.reps).where(
            B.user_id == user_id
        )
    ).all()
    return {tuple(row) for row in rows}
