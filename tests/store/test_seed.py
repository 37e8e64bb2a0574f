"""Seed loading: everything lands once, a second start changes nothing, a bump refreshes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select

from alloy_desktop.resources import seed_dir
from alloy_desktop.store.database import Database, open_database
from alloy_desktop.store.models import (
    ActivityDefinition,
    CircuitTemplate,
    HeuristicConfig,
    Movement,
    MovementMuscleMap,
)
from alloy_desktop.store.seed import ensure_seeded, loaded_seed_version, shipped_seed_version


def _count(db: Database, model: type) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _shipped(name: str) -> list[dict]:
    data = json.loads((seed_dir() / name).read_text())
    return data[name.removesuffix(".json")]


def test_every_reference_row_is_loaded(database: Database) -> None:
    movements = _shipped("movements.json")
    assert _count(database, Movement) == len(movements) >= 873
    assert _count(database, MovementMuscleMap) == sum(len(m["muscles"]) for m in movements)
    assert _count(database, CircuitTemplate) == len(_shipped("circuits.json")) == 25
    assert _count(database, ActivityDefinition) == len(_shipped("activities.json"))
    assert _count(database, HeuristicConfig) == 15 + 1  # every goal pair, plus volume landmarks
    with database.sessions() as s:
        assert loaded_seed_version(s) == shipped_seed_version()


def test_circuit_exercises_point_at_real_movements(database: Database) -> None:
    with database.sessions() as s:
        ids = set(s.scalars(select(Movement.id)))
        for circuit in s.scalars(select(CircuitTemplate)):
            assert circuit.exercises_json, circuit.name
            assert {ex["movement_id"] for ex in circuit.exercises_json} <= ids, circuit.name


def test_seeding_twice_changes_nothing(database: Database) -> None:
    before = _count(database, Movement), _count(database, MovementMuscleMap)
    assert ensure_seeded(database.engine) is False
    assert (_count(database, Movement), _count(database, MovementMuscleMap)) == before


def test_a_seed_version_bump_refreshes_without_changing_ids(
    database: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "seed"
    shutil.copytree(seed_dir(), folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["seed_version"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    movements = json.loads((folder / "movements.json").read_text())
    first = movements["movements"][0]
    first["name"] = first["name"] + " (renamed)"
    (folder / "movements.json").write_text(json.dumps(movements))
    with database.sessions() as s:
        old_id = s.scalar(select(Movement.id).where(Movement.slug == first["slug"]))
    assert ensure_seeded(database.engine, folder) is True
    with database.sessions() as s:
        renamed = s.scalar(select(Movement).where(Movement.slug == first["slug"]))
        assert renamed is not None and renamed.id == old_id
        assert renamed.name.endswith("(renamed)")
        assert loaded_seed_version(s) == manifest["seed_version"]


def test_open_database_on_a_fresh_file_migrates_and_seeds(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fresh" / "alloy.db")
    try:
        assert db.reference_counts()["movements"] >= 873
        assert db.reference_counts()["circuits"] == 25
    finally:
        db.close()


def test_in_memory_database_is_seeded_too() -> None:
    db = open_database(":memory:")
    try:
        assert db.reference_counts()["movements"] >= 873
    finally:
        db.close()
