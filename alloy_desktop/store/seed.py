"""Loads reference data from seed_data/ idempotently, in bulk, on first start or a version bump."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from alloy_desktop.resources import seed_dir
from alloy_desktop.store import tables
from alloy_desktop.store.lazy import lazy_module

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from alloy_desktop.store import models
else:
    models = lazy_module("alloy_desktop.store.models")

SEED_VERSION_KEY = "seed_version"
MOVEMENT_FIELDS = (
    "slug", "name", "category", "equipment", "level", "force", "mechanic", "pattern",
    "is_compound", "source",
)  # fmt: skip
CIRCUIT_FIELDS = (
    "name", "circuit_type", "category", "description", "rounds", "time_cap_minutes",
    "interval_seconds", "rep_scheme", "scoring", "source_index",
)  # fmt: skip
ACTIVITY_FIELDS = ("name", "category", "met", "tracks_distance", "description", "body_parts_loaded")


def read_json(name: str, folder: Path | None = None) -> Any:
    """One seed file, parsed."""
    return json.loads(((folder or seed_dir()) / name).read_text(encoding="utf-8"))


def shipped_seed_version(folder: Path | None = None) -> int:
    """The version of the reference data shipped with this build."""
    return int(read_json("manifest.json", folder)["seed_version"])


def loaded_seed_version(db: Session | Connection) -> int:
    """The version already in the database (0 when none was loaded)."""
    meta = tables.app_meta
    value = db.scalar(select(meta.c.value).where(meta.c.key == SEED_VERSION_KEY))
    return int(value) if value else 0


def ensure_seeded(engine: Engine, folder: Path | None = None) -> bool:
    """Loads or refreshes reference data when the shipped version is newer; True if it did."""
    shipped = shipped_seed_version(folder)
    # Every start asks; the answer is nearly always "loaded", so it asks through Core.
    with engine.connect() as connection:
        if loaded_seed_version(connection) >= shipped:
            return False
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        if loaded_seed_version(session) >= shipped:  # another Alloy may have loaded it
            return False
        _load_all(session, folder)
        _set_meta(session, SEED_VERSION_KEY, str(shipped))
    return True


def _load_all(session: Session, folder: Path | None) -> None:
    movement_ids = _upsert_movements(session, read_json("movements.json", folder)["movements"])
    _load_circuits(session, read_json("circuits.json", folder)["circuits"], movement_ids)
    _load_heuristics(session, read_json("heuristics.json", folder))
    _load_activities(session, read_json("activities.json", folder)["activities"])


def _set_meta(session: Session, key: str, value: str) -> None:
    if session.get(models.AppMeta, key) is None:
        session.add(models.AppMeta(key=key, value=value))
    else:
        session.execute(update(models.AppMeta).where(models.AppMeta.key == key).values(value=value))


def _existing(session: Session, column: Any, id_column: Any) -> dict[str, int]:
    return {key: row_id for key, row_id in session.execute(select(column, id_column))}


def _upsert_movements(session: Session, movements: list[dict[str, Any]]) -> dict[str, int]:
    """Keeps ids stable across seed bumps (logs point at them): update by slug, insert the rest."""
    existing = _existing(session, models.Movement.slug, models.Movement.id)
    rows = [{f: m.get(f) for f in MOVEMENT_FIELDS} for m in movements]
    new_rows = [r for r in rows if r["slug"] not in existing]
    old_rows = [r for r in rows if r["slug"] in existing]
    if new_rows:
        session.execute(insert(models.Movement), new_rows)
    for row in old_rows:
        session.execute(
            update(models.Movement).where(models.Movement.slug == row["slug"]).values(**row)
        )
    ids = _existing(session, models.Movement.slug, models.Movement.id)
    seeded_ids = [ids[str(r["slug"])] for r in rows]
    session.execute(
        delete(models.MovementMuscleMap).where(models.MovementMuscleMap.movement_id.in_(seeded_ids))
    )
    session.execute(insert(models.MovementMuscleMap), list(_muscle_rows(movements, ids)))
    return ids


def _muscle_rows(movements: list[dict[str, Any]], ids: dict[str, int]) -> Iterable[dict[str, Any]]:
    for movement in movements:
        for muscle in movement["muscles"]:
            yield {
                "movement_id": ids[movement["slug"]],
                "muscle": muscle["muscle"],
                "muscle_group": muscle["muscle_group"],
                "body_part": muscle["body_part"],
                "role": muscle["role"],
            }


def _load_circuits(
    session: Session, circuits: list[dict[str, Any]], movement_ids: dict[str, int]
) -> None:
    existing = _existing(session, models.CircuitTemplate.name, models.CircuitTemplate.id)
    for circuit in circuits:
        row = {f: circuit.get(f) for f in CIRCUIT_FIELDS}
        row["exercises_json"] = [_link(ex, movement_ids) for ex in circuit["exercises"]]
        if circuit["name"] in existing:
            session.execute(
                update(models.CircuitTemplate)
                .where(models.CircuitTemplate.name == circuit["name"])
                .values(**row)
            )
        else:
            session.execute(insert(models.CircuitTemplate), [row])


def _link(exercise: dict[str, Any], movement_ids: dict[str, int]) -> dict[str, Any]:
    linked = {k: v for k, v in exercise.items() if k != "movement_slug"}
    linked["movement_id"] = movement_ids[exercise["movement_slug"]]
    return linked


def _load_heuristics(session: Session, heuristics: dict[str, Any]) -> None:
    version = int(heuristics.get("version", 1))
    rows = [
        {
            "name": f"interference:{rule['goal_a']}:{rule['goal_b']}",
            "kind": "interference",
            "payload": rule,
            "version": version,
        }
        for rule in heuristics["interference"]
    ]
    rows.append({"name": "mev_mrv", "kind": "volume_landmarks", "payload": heuristics["mev_mrv"],
                 "version": version})  # fmt: skip
    session.execute(
        delete(models.HeuristicConfig).where(
            models.HeuristicConfig.name.in_([r["name"] for r in rows])
        )
    )
    session.execute(insert(models.HeuristicConfig), rows)


def _load_activities(session: Session, activities: list[dict[str, Any]]) -> None:
    existing = _existing(session, models.ActivityDefinition.name, models.ActivityDefinition.id)
    for activity in activities:
        row = {f: activity.get(f) for f in ACTIVITY_FIELDS}
        if activity["name"] in existing:
            session.execute(
                update(models.ActivityDefinition)
                .where(models.ActivityDefinition.name == activity["name"])
                .values(**row)
            )
        else:
            session.execute(insert(models.ActivityDefinition), [row])
