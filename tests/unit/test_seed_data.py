"""Checks the committed seed_data/ files, and that the builder reproduces them byte for byte."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from alloy_desktop.domain.enums import (
    MUSCLE_GROUP_BODY_PART,
    BodyPart,
    CircuitType,
    Equipment,
    Goal,
    Level,
    MovementPattern,
    MuscleGroup,
    MuscleRole,
)

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seed_data"
SHARED = REPO.parent / "shared" / "data"
BUILDER = REPO / "scripts" / "build_seed.py"

FAMOUS_LIFTS = [
    ("Barbell Squat", MovementPattern.SQUAT),
    ("Front Barbell Squat", MovementPattern.SQUAT),
    ("Leg Press", MovementPattern.SQUAT),
    ("Hack Squat", MovementPattern.SQUAT),
    ("Thruster", MovementPattern.SQUAT),
    ("Barbell Deadlift", MovementPattern.HINGE),
    ("Romanian Deadlift", MovementPattern.HINGE),
    ("Sumo Deadlift", MovementPattern.HINGE),
    ("Kettlebell One-Legged Deadlift", MovementPattern.HINGE),
    ("Good Morning", MovementPattern.HINGE),
    ("Barbell Hip Thrust", MovementPattern.HINGE),
    ("Hyperextensions (Back Extensions)", MovementPattern.HINGE),
    ("Kettlebell Swing", MovementPattern.HINGE),
    ("Dumbbell Lunges", MovementPattern.LUNGE),
    ("Barbell Walking Lunge", MovementPattern.LUNGE),
    ("Split Squat with Dumbbells", MovementPattern.LUNGE),
    ("Barbell Step Ups", MovementPattern.LUNGE),
    ("One Leg Barbell Squat", MovementPattern.LUNGE),
    ("Barbell Bench Press - Medium Grip", MovementPattern.HORIZONTAL_PUSH),
    ("Barbell Incline Bench Press - Medium Grip", MovementPattern.HORIZONTAL_PUSH),
    ("Pushups", MovementPattern.HORIZONTAL_PUSH),
    ("Dips - Chest Version", MovementPattern.HORIZONTAL_PUSH),
    ("Dumbbell Flyes", MovementPattern.HORIZONTAL_PUSH),
    ("Standing Military Press", MovementPattern.VERTICAL_PUSH),
    ("Dumbbell Shoulder Press", MovementPattern.VERTICAL_PUSH),
    ("Push Press", MovementPattern.VERTICAL_PUSH),
    ("Handstand Push-Ups", MovementPattern.VERTICAL_PUSH),
    ("Bent Over Barbell Row", MovementPattern.HORIZONTAL_PULL),
    ("One-Arm Dumbbell Row", MovementPattern.HORIZONTAL_PULL),
    ("Seated Cable Rows", MovementPattern.HORIZONTAL_PULL),
    ("Face Pull", MovementPattern.HORIZONTAL_PULL),
    ("Reverse Flyes", MovementPattern.HORIZONTAL_PULL),
    ("Pullups", MovementPattern.VERTICAL_PULL),
    ("Chin-Up", MovementPattern.VERTICAL_PULL),
    ("Wide-Grip Lat Pulldown", MovementPattern.VERTICAL_PULL),
    ("Muscle Up", MovementPattern.VERTICAL_PULL),
    ("Farmer's Walk", MovementPattern.CARRY),
    ("Yoke Walk", MovementPattern.CARRY),
    ("Plank", MovementPattern.CORE),
    ("Crunches", MovementPattern.CORE),
    ("Hanging Leg Raise", MovementPattern.CORE),
    ("Barbell Ab Rollout", MovementPattern.CORE),
    ("Sit-Up", MovementPattern.CORE),
    ("Russian Twist", MovementPattern.ROTATION),
    ("Standing Cable Wood Chop", MovementPattern.ROTATION),
    ("Box Jump (Multiple Response)", MovementPattern.PLYOMETRIC),
    ("Running, Treadmill", MovementPattern.CONDITIONING),
    ("Rowing, Stationary", MovementPattern.CONDITIONING),
    ("Hamstring Stretch", MovementPattern.MOBILITY),
    ("Barbell Curl", MovementPattern.ISOLATION_UPPER),
    ("Triceps Pushdown", MovementPattern.ISOLATION_UPPER),
    ("Side Lateral Raise", MovementPattern.ISOLATION_UPPER),
    ("Barbell Shrug", MovementPattern.ISOLATION_UPPER),
    ("Leg Extensions", MovementPattern.ISOLATION_LOWER),
    ("Lying Leg Curls", MovementPattern.ISOLATION_LOWER),
    ("Standing Calf Raises", MovementPattern.ISOLATION_LOWER),
    ("Thigh Adductor", MovementPattern.ISOLATION_LOWER),
    ("Power Clean", MovementPattern.OLYMPIC),
    ("Clean and Jerk", MovementPattern.OLYMPIC),
    ("Snatch", MovementPattern.OLYMPIC),
]

MUSCLE_CASES = [
    ("Side Lateral Raise", "shoulders", MuscleGroup.SIDE_DELTS),
    ("Upright Barbell Row", "shoulders", MuscleGroup.SIDE_DELTS),
    ("Face Pull", "shoulders", MuscleGroup.REAR_DELTS),
    ("Close-Grip Front Lat Pulldown", "shoulders", MuscleGroup.REAR_DELTS),
    ("Standing Military Press", "shoulders", MuscleGroup.FRONT_DELTS),
    ("Russian Twist", "abdominals", MuscleGroup.OBLIQUES),
    ("Crunches", "abdominals", MuscleGroup.ABS),
    ("Bent Over Barbell Row", "middle back", MuscleGroup.UPPER_BACK),
    ("Barbell Deadlift", "lower back", MuscleGroup.LOWER_BACK),
    ("Barbell Shrug", "traps", MuscleGroup.TRAPS),
    ("Side Neck Stretch", "neck", MuscleGroup.NECK),
]


@cache
def seed(name: str) -> Any:
    return json.loads((SEED / name).read_text(encoding="utf-8"))


@cache
def movements_by_name() -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in seed("movements.json")["movements"]}


def test_movement_library_size_and_unique_slugs() -> None:
    movements = seed("movements.json")["movements"]
    slugs = [m["slug"] for m in movements]
    assert seed("movements.json")["version"] == 1
    assert len(movements) >= 873
    assert len(slugs) == len(set(slugs))
    assert sum(m["source"] == "free-exercise-db" for m in movements) == 873


def test_movement_enum_values_are_valid() -> None:
    for m in seed("movements.json")["movements"]:
        Equipment(m["equipment"])
        Level(m["level"])
        MovementPattern(m["pattern"])
        assert m["force"] in (None, "PUSH", "PULL", "STATIC")
        assert m["mechanic"] in (None, "COMPOUND", "ISOLATION")
        assert isinstance(m["is_compound"], bool)
        for muscle in m["muscles"]:
            group = MuscleGroup(muscle["muscle_group"])
            assert BodyPart(muscle["body_part"]) is MUSCLE_GROUP_BODY_PART[group]
            MuscleRole(muscle["role"])


def test_every_movement_has_one_entry_per_group_and_a_primary() -> None:
    for m in seed("movements.json")["movements"]:
        groups = [x["muscle_group"] for x in m["muscles"]]
        assert len(groups) == len(set(groups)), m["slug"]
        assert any(x["role"] == MuscleRole.PRIMARY for x in m["muscles"]), m["slug"]


def test_alloy_additions_are_prefixed() -> None:
    for m in seed("movements.json")["movements"]:
        assert (m["source"] == "alloy") == m["slug"].startswith("alloy_"), m["slug"]
        assert m["source"] in ("alloy", "free-exercise-db")


@pytest.mark.parametrize(("name", "pattern"), FAMOUS_LIFTS)
def test_famous_lift_patterns(name: str, pattern: MovementPattern) -> None:
    assert movements_by_name()[name]["pattern"] == pattern


@pytest.mark.parametrize(("name", "label", "group"), MUSCLE_CASES)
def test_muscle_group_refinement(name: str, label: str, group: MuscleGroup) -> None:
    muscles = {x["muscle"]: x["muscle_group"] for x in movements_by_name()[name]["muscles"]}
    assert muscles[label] == group


def test_circuits_link_to_existing_movements() -> None:
    slugs = {m["slug"] for m in seed("movements.json")["movements"]}
    scraped = seed("scraped_circuits.json")
    circuits = seed("circuits.json")["circuits"]
    assert len(circuits) == len(scraped) == 25
    for circuit in circuits:
        CircuitType(circuit["circuit_type"])
        assert scraped[circuit["source_index"]]["name"] == circuit["name"]
        assert circuit["description"].endswith(".")
        assert len(circuit["scoring"]) <= 100
        for exercise in circuit["exercises"]:
            assert exercise["movement_slug"] in slugs, exercise


def test_every_alloy_movement_is_used_by_a_circuit() -> None:
    used = {e["movement_slug"] for c in seed("circuits.json")["circuits"] for e in c["exercises"]}
    alloy = {m["slug"] for m in seed("movements.json")["movements"] if m["source"] == "alloy"}
    assert alloy <= used


def test_interference_covers_every_goal_pair_once() -> None:
    rules = seed("heuristics.json")["interference"]
    pairs = [frozenset((r["goal_a"], r["goal_b"])) for r in rules]
    assert len(rules) == 15
    assert set(pairs) == {frozenset(p) for p in combinations([g.value for g in Goal], 2)}
    assert {g for r in rules for g in (r["goal_a"], r["goal_b"])} == {g.value for g in Goal}
    assert all(0.0 <= r["severity"] <= 1.0 and r["rationale"] for r in rules)
    assert any(r["severity"] > 0.8 for r in rules)


def test_volume_landmarks() -> None:
    landmarks = seed("heuristics.json")["mev_mrv"]
    for group, values in landmarks.items():
        MuscleGroup(group)
        assert values["mev"] < values["mrv"], group
    assert landmarks["CHEST"] == {"mev": 6, "mrv": 22}
    assert landmarks["QUADS"] == {"mev": 8, "mrv": 20}


def test_activities() -> None:
    activities = seed("activities.json")["activities"]
    assert len(activities) >= 12
    assert len({a["name"] for a in activities}) == len(activities)
    for activity in activities:
        assert activity["category"] in ("ENDURANCE", "MOBILITY", "SKILL", "SPORT")
        assert activity["met"] > 0
        assert activity["body_parts_loaded"]
        for part in activity["body_parts_loaded"]:
            BodyPart(part)


def test_manifest_hashes_match_files() -> None:
    manifest = seed("manifest.json")
    assert manifest["seed_version"] >= 1
    names = {p.name for p in SEED.iterdir() if p.is_file()} - {"manifest.json"}
    assert set(manifest["files"]) == names
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((SEED / name).read_bytes()).hexdigest() == digest


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not present")
def test_builder_reproduces_committed_files(tmp_path: Path) -> None:
    command = [sys.executable, str(BUILDER), "--shared", str(SHARED), "--out", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True)
    built = {p.name for p in tmp_path.iterdir()}
    assert built == {p.name for p in SEED.iterdir() if p.is_file()}
    for name in sorted(built):
        assert (tmp_path / name).read_bytes() == (SEED / name).read_bytes(), name
