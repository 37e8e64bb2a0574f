"""A fingerprint of the database, to show that a refused or foreign call changed nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from alloy_desktop.api import Alloy
from alloy_desktop.store.models import Base

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
