"""The movement library through the public api: ranked search, filters, lookups."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import Equipment, MovementPattern, MuscleGroup, MuscleRole
from alloy_desktop.services.errors import NotFound, ValidationError
from alloy_desktop.store.models import Movement, MovementMuscleMap


def test_search_is_case_insensitive_and_ranks_prefix_matches_first(me: UserApi) -> None:
    results = me.library.search("deadlift", limit=1000)

    names = [m.name.lower() for m in results]
    assert names and all("deadlift" in n for n in names)
    starts = [n.startswith("deadlift") for n in names]
    assert any(starts) and not all(starts)
    assert starts == sorted(starts, reverse=True)  # every prefix match before any other
    assert me.library.search("DeadLIFT", limit=1000) == results


def test_search_ranks_a_later_word_above_a_match_inside_a_word(me: UserApi) -> None:
    names = [m.name.lower().replace("-", " ") for m in me.library.search("row", limit=1000)]

    def rank(name: str) -> int:
        return 0 if name.startswith("row") else 1 if " row" in name else 2

    ranks = [rank(n) for n in names]
    assert ranks == sorted(ranks)
    assert {0, 1, 2} <= set(ranks), "the seed has all three kinds (Rowing, Barbell Row, ...throw)"


def test_search_treats_hyphens_as_spaces(alloy: Alloy, me: UserApi) -> None:
    hyphenated = next(m for m in alloy.context.catalog.movements if "-" in m.name)
    spaced = hyphenated.name.replace("-", " ")

    assert hyphenated.id in [m.id for m in me.library.search(spaced, limit=1000)]


def test_empty_search_lists_the_library_alphabetically_up_to_the_limit(
    alloy: Alloy, me: UserApi
) -> None:
    with alloy.context.db.sessions() as s:
        total = s.scalar(select(func.count(Movement.id)))

    first = me.library.search()
    everything = me.library.search(limit=1000)

    assert len(first) == 50
    assert len(everything) == min(total or 0, 1000)
    assert first == everything[:50]
    keys = [m.name.casefold() for m in everything]
    assert keys == sorted(keys, key=lambda n: " ".join(n.replace("-", " ").split()))


def test_filters_by_equipment_and_pattern(me: UserApi) -> None:
    results = me.library.search(equipment="barbell", pattern=MovementPattern.HINGE, limit=1000)

    assert results
    assert {(m.equipment, m.pattern) for m in results} == {
        (Equipment.BARBELL, MovementPattern.HINGE)
    }


def test_muscle_filter_matches_the_muscle_map_primary_first(alloy: Alloy, me: UserApi) -> None:
    with alloy.context.db.sessions() as s:
        rows = s.execute(
            select(MovementMuscleMap.movement_id, MovementMuscleMap.role).where(
                MovementMuscleMap.muscle_group == MuscleGroup.CHEST
            )
        ).all()
    expected = {movement_id for movement_id, _ in rows}

    results = me.library.search(muscle="chest", limit=1000)

    assert {m.id for m in results} == expected
    primary = [MuscleGroup.CHEST in m.primary_muscles for m in results]
    assert primary == sorted(primary, reverse=True)
    assert any(role == MuscleRole.SECONDARY for _, role in rows) == (not all(primary))


def test_text_and_filters_combine(me: UserApi) -> None:
    results = me.library.search("bench", equipment=Equipment.DUMBBELL, limit=1000)

    assert results
    assert all("bench" in m.name.lower() and m.equipment is Equipment.DUMBBELL for m in results)


def test_search_with_no_match_is_empty(me: UserApi) -> None:
    assert me.library.search("zzzz no such movement") == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"muscle": "wings"}, "muscle"),
        ({"equipment": "jetpack"}, "equipment"),
        ({"pattern": "wiggle"}, "pattern"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"text": "x" * 101}, "text"),
    ],
)
def test_bad_search_arguments_name_the_field(
    me: UserApi, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        me.library.search(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_get_returns_the_movement_with_its_muscles(alloy: Alloy, me: UserApi) -> None:
    info = alloy.context.catalog.movements[0]

    movement = me.library.get(info.id)

    assert (movement.id, movement.name, movement.pattern) == (info.id, info.name, info.pattern)
    assert set(movement.primary_muscles) == set(info.primary)
    assert set(movement.secondary_muscles) == set(info.secondary)
    with alloy.context.db.sessions() as s:
        row = s.get(Movement, info.id)
        assert row is not None
        assert (row.name, row.equipment, row.is_compound) == (
            movement.name,
            movement.equipment,
            movement.is_compound,
        )


def test_get_an_unknown_movement(me: UserApi) -> None:
    with pytest.raises(NotFound):
        me.library.get(10**9)


def test_filter_choices_list_every_value(me: UserApi) -> None:
    assert me.library.muscle_groups() == list(MuscleGroup)
    assert me.library.equipment_choices() == list(Equipment)
