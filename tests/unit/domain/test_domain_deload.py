"""Tests for deload scheduling, deload intensity and microcycle layout."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alloy_desktop.domain.deload import (
    DEFAULT_DELOAD_EVERY,
    DELOAD,
    MicrocycleLayout,
    deload_rpe,
    deload_sets,
    layout_microcycles,
    should_deload,
)
from alloy_desktop.domain.errors import DomainValidationError


def test_defaults() -> None:
    assert DEFAULT_DELOAD_EVERY == 4
    assert (DELOAD.volume_factor, DELOAD.rpe_drop, DELOAD.load_factor) == (0.6, 2.0, 0.9)


def test_every_fourth_microcycle_is_a_deload() -> None:
    assert [n for n in range(1, 13) if should_deload(n)] == [4, 8, 12]
    assert [n for n in range(1, 10) if should_deload(n, every_n=3)] == [3, 6, 9]


@pytest.mark.parametrize(
    ("sequence_number", "every_n", "field"),
    [
        (0, 4, "sequence_number"),
        (3, 1, "deload_every_n_microcycles"),
        (3, 0, "deload_every_n_microcycles"),
    ],
)
def test_should_deload_validates(sequence_number: int, every_n: int, field: str) -> None:
    with pytest.raises(DomainValidationError) as info:
        should_deload(sequence_number, every_n)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("sets", "deloaded"), [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 4), (10, 6)]
)
def test_deload_sets(sets: int, deloaded: int) -> None:
    # 0.6 x sets, rounded: 1.2 -> 1, 1.8 -> 2, 2.4 -> 2, 3.6 -> 4; never below 1
    assert deload_sets(sets) == deloaded


def test_deload_sets_refuses_zero() -> None:
    with pytest.raises(DomainValidationError):
        deload_sets(0)


@pytest.mark.parametrize(("rpe", "deloaded"), [(8, 6.0), (9.5, 7.5), (6.5, 5.0), (5, 5.0)])
def test_deload_rpe_drops_two_but_not_below_five(rpe: float, deloaded: float) -> None:
    assert deload_rpe(rpe) == deloaded


def test_eight_weeks_of_weekly_microcycles() -> None:
    layout = layout_microcycles(8)
    assert [m.length_days for m in layout] == [7] * 8
    assert [m.start_offset_days for m in layout] == [0, 7, 14, 21, 28, 35, 42, 49]
    assert [m.sequence_number for m in layout if m.is_deload] == [4, 8]


def test_eight_weeks_of_ten_day_microcycles_spread_the_remainder() -> None:
    # 56 days: six cycles average 9.33 days (closer to 10 than five cycles of 11.2),
    # so two cycles get 10 days and four get 9.
    assert layout_microcycles(8, length_days=10) == (
        MicrocycleLayout(1, 0, 10, False),
        MicrocycleLayout(2, 10, 10, False),
        MicrocycleLayout(3, 20, 9, False),
        MicrocycleLayout(4, 29, 9, True),
        MicrocycleLayout(5, 38, 9, False),
        MicrocycleLayout(6, 47, 9, False),
    )


@pytest.mark.parametrize(
    ("weeks", "length", "lengths"),
    [
        (12, 14, [14] * 6),
        (10, 12, [12, 12, 12, 12, 11, 11]),  # 70 days: 6 cycles (11.7) beat 5 (14)
        (8, 11, [12, 11, 11, 11, 11]),  # 56 days: 5 cycles (11.2) beat 6 (9.3)
        (1, 14, [7]),  # too short for one 14-day cycle
        (3, 14, [11, 10]),  # 21 days cannot be one cycle
        (8, 13, [14, 14, 14, 14]),
    ],
)
def test_layout_lengths(weeks: int, length: int, lengths: list[int]) -> None:
    assert [m.length_days for m in layout_microcycles(weeks, length)] == lengths


@pytest.mark.parametrize(
    ("weeks", "length", "every_n", "field"),
    [
        (8, 6, 4, "microcycle_length_days"),
        (8, 15, 4, "microcycle_length_days"),
        (0, 7, 4, "duration_weeks"),
        (8, 7, 1, "deload_every_n_microcycles"),
    ],
)
def test_layout_validates(weeks: int, length: int, every_n: int, field: str) -> None:
    with pytest.raises(DomainValidationError) as info:
        layout_microcycles(weeks, length, every_n)
    assert info.value.field == field


@given(
    st.integers(min_value=1, max_value=52),
    st.integers(min_value=7, max_value=14),
    st.integers(min_value=2, max_value=6),
)
def test_layout_always_covers_the_program(weeks: int, length: int, every_n: int) -> None:
    layout = layout_microcycles(weeks, length, every_n)
    lengths = [m.length_days for m in layout]
    assert sum(lengths) == weeks * 7
    assert all(7 <= days <= 14 for days in lengths)
    assert max(lengths) - min(lengths) <= 1
    assert [m.sequence_number for m in layout] == list(range(1, len(layout) + 1))
    offsets = [m.start_offset_days for m in layout]
    assert offsets == [sum(lengths[:i]) for i in range(len(layout))]
    assert [m.is_deload for m in layout] == [
        should_deload(m.sequence_number, every_n) for m in layout
    ]
