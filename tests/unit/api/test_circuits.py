"""Circuits through the public api: names filled in without touching stored JSON, admin edits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import event, select, text

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import CircuitType
from alloy_desktop.resources import seed_dir
from alloy_desktop.services.errors import Forbidden, NotFound, ValidationError
from alloy_desktop.services.schemas import CircuitExerciseInput as Ex
from alloy_desktop.services.schemas import CircuitTemplateUpdate
from alloy_desktop.store.models import CircuitTemplate, Movement


def stored_circuits(alloy: Alloy) -> list[tuple[Any, ...]]:
    """Every circuit row exactly as stored, the JSON as its raw text."""
    with alloy.context.db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, name, exercises_json, description, rounds, time_cap_minutes,"
                " updated_at FROM circuit_templates ORDER BY id"
            )
        )
        return [tuple(row) for row in rows]


def circuit_id(alloy: Alloy, name: str) -> int:
    with alloy.context.db.sessions() as s:
        found = s.scalar(select(CircuitTemplate.id).where(CircuitTemplate.name == name))
        assert found is not None
        return found


def movement_names(alloy: Alloy) -> dict[int, str]:
    with alloy.context.db.sessions() as s:
        return {i: n for i, n in s.execute(select(Movement.id, Movement.name))}


def any_movements(alloy: Alloy, count: int) -> list[int]:
    return sorted(movement_names(alloy))[:count]


# --- Reading --------------------------------------------------------------------------------


def test_list_returns_every_circuit_with_movement_names(alloy: Alloy, me: UserApi) -> None:
    circuits = me.circuits.list()
    names = movement_names(alloy)

    with alloy.context.db.sessions() as s:
        rows = {r.id: r.exercises_json for r in s.scalars(select(CircuitTemplate))}
    assert [c.id for c in circuits] == sorted(rows)
    for circuit in circuits:
        stored = rows[circuit.id]
        assert [e.movement_id for e in circuit.exercises] == [e["movement_id"] for e in stored]
        assert [e.movement_name for e in circuit.exercises] == [
            names[e["movement_id"]] for e in stored
        ]


def test_list_and_get_leave_the_stored_json_untouched(alloy: Alloy, me: UserApi) -> None:
    before = stored_circuits(alloy)

    circuits = me.circuits.list()
    for circuit in circuits:
        me.circuits.get(circuit.id)
    me.circuits.list(CircuitType.TABATA)

    after = stored_circuits(alloy)
    assert after == before
    assert all("movement_name" not in raw for _, _, raw, *_ in after)


def test_list_reads_names_in_one_query_whatever_the_number_of_circuits(
    alloy: Alloy, me: UserApi
) -> None:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(alloy.context.db.engine, "before_cursor_execute", record)
    try:
        circuits = me.circuits.list()
    finally:
        event.remove(alloy.context.db.engine, "before_cursor_execute", record)

    assert len(circuits) > 2
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, selects  # the circuits, then every movement name at once


def test_the_first_seed_circuit_reads_as_fran(alloy: Alloy, me: UserApi) -> None:
    fran = me.circuits.get(circuit_id(alloy, "Fran"))

    assert fran.circuit_type is CircuitType.METCON
    assert fran.rep_scheme == (21, 15, 9)
    assert fran.exercises[0].movement_name == "Thruster"
    assert fran.exercises[0].load_male_kg == pytest.approx(43.1)


@pytest.mark.parametrize("kind", ["tabata", CircuitType.AMRAP, "EMOM"])
def test_list_filters_by_type(alloy: Alloy, me: UserApi, kind: CircuitType | str) -> None:
    wanted = CircuitType[str(kind).upper()]
    with alloy.context.db.sessions() as s:
        ids = s.scalars(
            select(CircuitTemplate.id)
            .where(CircuitTemplate.circuit_type == wanted)
            .order_by(CircuitTemplate.id)
        ).all()

    circuits = me.circuits.list(kind)

    assert ids, "the seed has circuits of this type"
    assert [c.id for c in circuits] == list(ids)
    assert {c.circuit_type for c in circuits} == {wanted}


def test_list_rejects_an_unknown_type(me: UserApi) -> None:
    with pytest.raises(ValidationError, match="must be one of") as caught:
        me.circuits.list("yoga flow")
    assert caught.value.field == "circuit_type"


def test_get_an_unknown_circuit(me: UserApi) -> None:
    with pytest.raises(NotFound):
        me.circuits.get(10**9)


def test_everyone_can_read_circuits(me: UserApi, other: UserApi) -> None:
    assert other.circuits.list() == me.circuits.list()


# --- Admin detail ---------------------------------------------------------------------------


def test_admin_get_includes_the_raw_source_workout(alloy: Alloy, me: UserApi) -> None:
    scraped = json.loads((seed_dir() / "scraped_circuits.json").read_text(encoding="utf-8"))
    with alloy.context.db.sessions() as s:
        sources = {
            i: n for i, n in s.execute(select(CircuitTemplate.id, CircuitTemplate.source_index))
        }

    for cid, source_index in sources.items():
        detail = me.circuits.admin_get(cid)
        assert detail.circuit == me.circuits.get(cid)
        assert detail.raw_workout == scraped[source_index]
        assert detail.raw_workout is not None
        assert detail.raw_workout["name"] == detail.circuit.name


def test_admin_get_hands_out_copies_of_the_cached_source(alloy: Alloy, me: UserApi) -> None:
    cid = circuit_id(alloy, "Fran")
    first = me.circuits.admin_get(cid).raw_workout
    assert first is not None

    first["exercises"].clear()
    first["name"] = "Changed"

    again = me.circuits.admin_get(cid).raw_workout
    assert again is not None
    assert again["name"] == "Fran" and again["exercises"]


def test_non_admins_are_forbidden_the_admin_calls(
    alloy: Alloy, me: UserApi, other: UserApi
) -> None:
    cid = circuit_id(alloy, "Cindy")
    before = stored_circuits(alloy)
    update = CircuitTemplateUpdate(exercises=(Ex(any_movements(alloy, 1)[0], reps=1),))

    assert other.user.is_admin is False
    with pytest.raises(Forbidden):
        other.circuits.admin_get(cid)
    with pytest.raises(Forbidden):
        other.circuits.admin_update(cid, update)
    with pytest.raises(Forbidden):  # refused before the id is even looked at
        other.circuits.admin_get(10**9)

    assert stored_circuits(alloy) == before


# --- Admin update ---------------------------------------------------------------------------


def test_admin_update_stores_the_checked_exercises(alloy: Alloy, me: UserApi) -> None:
    cid = circuit_id(alloy, "Cindy")
    first, second = any_movements(alloy, 2)
    names = movement_names(alloy)

    result = me.circuits.admin_update(
        cid,
        CircuitTemplateUpdate(
            exercises=(
                Ex(first, reps=5, load_male_kg=20, load_female_kg=15, notes=" strict "),
                Ex(second, distance_m=400),
            ),
            description="New words.",
            rounds=3,
            time_cap_minutes=25,
        ),
    )

    assert result == me.circuits.get(cid)
    assert [e.movement_name for e in result.exercises] == [names[first], names[second]]
    assert (result.description, result.rounds, result.time_cap_minutes) == ("New words.", 3, 25)
    with alloy.context.db.sessions() as s:
        row = s.get(CircuitTemplate, cid)
        assert row is not None
        stored = row.exercises_json
    assert stored == [
        {
            "movement_id": first,
            "reps": 5,
            "distance_m": None,
            "duration_seconds": None,
            "calories": None,
            "load_male_kg": 20.0,
            "load_female_kg": 15.0,
            "notes": "strict",
        },
        {
            "movement_id": second,
            "reps": None,
            "distance_m": 400.0,
            "duration_seconds": None,
            "calories": None,
            "load_male_kg": None,
            "load_female_kg": None,
            "notes": None,
        },
    ]


def test_admin_update_leaves_other_circuit_fields_alone(alloy: Alloy, me: UserApi) -> None:
    cid = circuit_id(alloy, "Cindy")
    before = me.circuits.get(cid)

    after = me.circuits.admin_update(
        cid, CircuitTemplateUpdate(exercises=(Ex(any_movements(alloy, 1)[0], calories=12),))
    )

    assert (after.description, after.rounds, after.time_cap_minutes, after.scoring) == (
        before.description,
        before.rounds,
        before.time_cap_minutes,
        before.scoring,
    )


def test_a_rep_scheme_circuit_needs_no_reps_per_exercise(alloy: Alloy, me: UserApi) -> None:
    fran = me.circuits.get(circuit_id(alloy, "Fran"))
    unchanged = tuple(
        Ex(e.movement_id, load_male_kg=e.load_male_kg, load_female_kg=e.load_female_kg,
           notes=e.notes)
        for e in fran.exercises
    )  # fmt: skip

    assert me.circuits.admin_update(fran.id, CircuitTemplateUpdate(unchanged)) == fran


def bad(field: str, words: str, *exercises: Ex, **fields: Any) -> Any:
    return pytest.param(exercises, fields, field, words, id=field)


M = 1  # replaced by a real movement id in the test


@pytest.mark.parametrize(
    ("exercises", "fields", "field", "words"),
    [
        pytest.param((), {}, "exercises", "at least one exercise", id="no exercises"),
        bad("exercises[1].reps", "Exercise 2: reps must be at least 1", Ex(M, reps=5),
            Ex(M, reps=0)),
        bad("exercises[0].reps", "whole number", Ex(M, reps=2.5)),  # type: ignore[arg-type]
        bad("exercises[0].distance_m", "more than zero", Ex(M, distance_m=-400)),
        bad("exercises[0].duration_seconds", "at least 1", Ex(M, duration_seconds=0)),
        bad("exercises[0].calories", "at least 1", Ex(M, calories=-3)),
        bad("exercises[0].load_male_kg", "more than zero", Ex(M, reps=1, load_male_kg=0)),
        bad("exercises[0].load_female_kg", "at most 500", Ex(M, reps=1, load_female_kg=501)),
        bad("exercises[2]", "Exercise 3 needs reps, a distance, a duration or calories",
            Ex(M, reps=1), Ex(M, reps=1), Ex(M, notes="whatever")),
        bad("exercises[2].movement_id", "Exercise 3: that movement isn't in the library",
            Ex(M, reps=1), Ex(M, reps=1), Ex(10**9, reps=1)),
        bad("exercises[0].movement_id", "not a valid id", Ex(-4, reps=1)),
        bad("exercises[0].notes", "at most 255", Ex(M, reps=1, notes="n" * 256)),
        bad("rounds", "Rounds must be at least 1", Ex(M, reps=1), rounds=0),
        bad("time_cap_minutes", "at least 1", Ex(M, reps=1), time_cap_minutes=-5),
    ],
)  # fmt: skip
def test_admin_update_errors_name_the_field_and_leave_the_row(
    alloy: Alloy,
    me: UserApi,
    exercises: tuple[Ex, ...],
    fields: dict[str, Any],
    field: str,
    words: str,
) -> None:
    real = any_movements(alloy, 1)[0]
    exercises = tuple(
        Ex(**{**e.__dict__, "movement_id": real}) if e.movement_id == M else e for e in exercises
    )
    cid = circuit_id(alloy, "Cindy")
    before = stored_circuits(alloy)

    with pytest.raises(ValidationError, match=words) as caught:
        me.circuits.admin_update(cid, CircuitTemplateUpdate(exercises, **fields))

    assert caught.value.field == field
    assert stored_circuits(alloy) == before


def test_admin_update_of_an_unknown_circuit(alloy: Alloy, me: UserApi) -> None:
    update = CircuitTemplateUpdate(exercises=(Ex(any_movements(alloy, 1)[0], reps=1),))

    with pytest.raises(NotFound):
        me.circuits.admin_update(10**9, update)
