"""Tests for e1RM formulas, the RTS RPE chart, hard sets and unit conversion."""

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alloy_desktop.domain.enums import E1RMFormula, WeightUnit
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.metrics import (
    RPE_CHART_SEQUENCE,
    e1rm_from_chart,
    effective_reps,
    estimate_e1rm,
    from_display,
    is_hard_set,
    kg_to_lb,
    lb_to_kg,
    load_for_target,
    percent_of_1rm,
    to_display,
)

ALL_FORMULAS = list(E1RMFormula)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        (E1RMFormula.EPLEY, 116.6667),  # 100 * (1 + 5/30)
        (E1RMFormula.BRZYCKI, 112.5),  # 100 * 36 / 32
        (E1RMFormula.LOMBARDI, 117.4619),  # 100 * 5**0.1
        (E1RMFormula.OCONNER, 112.5),  # 100 * (1 + 5/40)
    ],
)
def test_each_formula_for_100_by_5(formula: E1RMFormula, expected: float) -> None:
    assert estimate_e1rm(100, 5, formula) == pytest.approx(expected, abs=1e-4)


def test_default_formula_is_epley() -> None:
    assert estimate_e1rm(80, 10) == pytest.approx(80 * (1 + 10 / 30))  # 106.67


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        (E1RMFormula.EPLEY, 123.3333),  # 7 effective reps: 100 * (1 + 7/30)
        (E1RMFormula.BRZYCKI, 120.0),  # 100 * 36 / 30
        (E1RMFormula.LOMBARDI, 121.4814),  # 100 * 7**0.1 = 100 * e**(0.1 * ln 7)
        (E1RMFormula.OCONNER, 117.5),  # 100 * (1 + 7/40)
    ],
)
def test_rpe_adds_reps_in_reserve(formula: E1RMFormula, expected: float) -> None:
    assert estimate_e1rm(100, 5, formula, rpe=8) == pytest.approx(expected, abs=1e-4)


def test_half_step_rpe_gives_fractional_effective_reps() -> None:
    assert effective_reps(5, 8.5) == 6.5
    assert estimate_e1rm(100, 5, rpe=8.5) == pytest.approx(100 * (1 + 6.5 / 30))  # 121.67
    assert estimate_e1rm(100, 1, rpe=9.5) == pytest.approx(105.0)  # 1.5 reps: 100 * 1.05


@pytest.mark.parametrize("formula", ALL_FORMULAS)
def test_single_is_a_true_max_for_every_formula(formula: E1RMFormula) -> None:
    assert estimate_e1rm(142.5, 1, formula) == 142.5
    assert estimate_e1rm(142.5, 1, formula, rpe=10) == 142.5


def test_rpe_10_adds_nothing() -> None:
    assert estimate_e1rm(100, 5, rpe=10) == estimate_e1rm(100, 5)


def test_brzycki_falls_back_to_epley_from_37_reps() -> None:
    assert estimate_e1rm(100, 36, E1RMFormula.BRZYCKI) == pytest.approx(3600.0)  # 36/1
    assert estimate_e1rm(100, 37, E1RMFormula.BRZYCKI) == pytest.approx(100 * (1 + 37 / 30))
    assert estimate_e1rm(100, 40, E1RMFormula.BRZYCKI) == pytest.approx(233.3333, abs=1e-4)
    # 30 reps at RPE 3 is 37 effective reps: also past Brzycki's pole.
    assert estimate_e1rm(100, 30, E1RMFormula.BRZYCKI, rpe=3) == pytest.approx(223.3333, abs=1e-4)


def test_formula_may_be_given_by_name() -> None:
    assert estimate_e1rm(100, 5, "BRZYCKI") == pytest.approx(112.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", [0, -20, float("nan"), float("inf")])
def test_bad_weight_is_refused(weight: float) -> None:
    with pytest.raises(DomainValidationError) as info:
        estimate_e1rm(weight, 5)
    assert info.value.field == "weight"


@pytest.mark.parametrize("reps", [0, -3, 2.5])
def test_bad_reps_are_refused(reps: int) -> None:
    with pytest.raises(DomainValidationError) as info:
        estimate_e1rm(100, reps)
    assert info.value.field == "reps"


@pytest.mark.parametrize("rpe", [10.5, 11, 0.5, float("nan")])
def test_bad_rpe_is_refused(rpe: float) -> None:
    with pytest.raises(DomainValidationError) as info:
        estimate_e1rm(100, 5, rpe=rpe)
    assert info.value.field == "rpe"


@given(
    st.sampled_from(ALL_FORMULAS),
    st.floats(min_value=1, max_value=500),
    st.floats(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=30),
)
def test_e1rm_strictly_rises_with_weight(
    formula: E1RMFormula, w1: float, w2: float, reps: int
) -> None:
    low, high = sorted((w1, w2))
    if high - low < 1e-6:
        return
    assert estimate_e1rm(low, reps, formula) < estimate_e1rm(high, reps, formula)


@given(
    st.sampled_from(ALL_FORMULAS),
    st.floats(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=29),
)
def test_e1rm_strictly_rises_with_reps(formula: E1RMFormula, weight: float, reps: int) -> None:
    assert estimate_e1rm(weight, reps, formula) < estimate_e1rm(weight, reps + 1, formula)


@given(st.floats(min_value=1, max_value=500), st.integers(min_value=1, max_value=20))
def test_e1rm_never_below_the_weight_lifted(weight: float, reps: int) -> None:
    for formula in ALL_FORMULAS:
        assert estimate_e1rm(weight, reps, formula) >= weight


# --- RPE chart -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reps", "rpe", "percent"),
    [
        (1, 10, 100.0),
        (5, 8, 81.1),
        (3, 8, 86.3),
        (2, 9.5, 93.9),
        (7, 7, 73.9),
        (10, 10, 73.9),
        (1, 6.5, 87.8),
        (10, 6.5, 64.0),
        (8, 8.5, 75.1),
    ],
)
def test_chart_spot_checks(reps: int, rpe: float, percent: float) -> None:
    assert percent_of_1rm(reps, rpe) == percent


def test_chart_sequence_has_29_values_from_100_down() -> None:
    assert len(RPE_CHART_SEQUENCE) == 29
    assert RPE_CHART_SEQUENCE[0] == 100.0
    assert RPE_CHART_SEQUENCE[-1] == 59.9
    assert all(a > b for a, b in itertools.pairwise(RPE_CHART_SEQUENCE))


@given(st.integers(min_value=1, max_value=9), st.sampled_from([6.5, 7, 7.5, 8, 8.5, 9]))
def test_one_more_rep_at_one_more_rpe_reads_the_same_cell(reps: int, rpe: float) -> None:
    # Same reps in reserve, same distance from failure: the chart's structure rule.
    assert percent_of_1rm(reps, rpe) == percent_of_1rm(reps + 1, rpe + 1)


@pytest.mark.parametrize(("reps", "rpe", "field"), [(0, 8, "reps"), (11, 8, "reps")])
def test_chart_refuses_reps_outside_1_to_10(reps: int, rpe: float, field: str) -> None:
    with pytest.raises(DomainValidationError, match="1 to 10 reps") as info:
        percent_of_1rm(reps, rpe)
    assert info.value.field == field


@pytest.mark.parametrize("rpe", [6, 10.5, 8.25, float("nan")])
def test_chart_refuses_rpe_off_the_chart(rpe: float) -> None:
    with pytest.raises(DomainValidationError) as info:
        percent_of_1rm(5, rpe)
    assert info.value.field == "rpe"


def test_e1rm_from_chart() -> None:
    assert e1rm_from_chart(100, 5, 8) == pytest.approx(123.3, abs=0.01)  # 100 / 0.811
    assert e1rm_from_chart(200, 1, 10) == 200.0


@pytest.mark.parametrize(
    ("e1rm", "reps", "rpe", "increment", "load"),
    [
        (150, 5, 8, 2.5, 122.5),  # 150 * 0.811 = 121.65 -> 48.66 steps -> 49
        (150, 5, 8, 5, 120.0),  # 24.33 steps -> 24
        (150, 5, 8, 1, 122.0),
        (150, 5, 8, 0.5, 121.5),  # 243.3 steps -> 243
        (101.25, 1, 10, 2.5, 102.5),  # exactly 40.5 steps: halves round up
        (200, 3, 9, 2.5, 177.5),  # 200 * 0.892 = 178.4 -> 71.36 steps -> 71
    ],
)
def test_load_for_target(e1rm: float, reps: int, rpe: float, increment: float, load: float) -> None:
    assert load_for_target(e1rm, reps, rpe, increment) == load


def test_load_for_target_avoids_float_noise() -> None:
    assert load_for_target(126.1, 5, 8, 0.1) == 102.3  # 126.1 * 0.811 = 102.267


def test_chart_round_trip_returns_the_lifted_weight() -> None:
    assert load_for_target(e1rm_from_chart(100, 5, 8), 5, 8) == 100.0


@pytest.mark.parametrize(("e1rm", "increment", "field"), [(0, 2.5, "e1rm"), (100, 0, "increment")])
def test_load_for_target_refuses_bad_inputs(e1rm: float, increment: float, field: str) -> None:
    with pytest.raises(DomainValidationError) as info:
        load_for_target(e1rm, 5, 8, increment)
    assert info.value.field == field


# --- hard sets and units -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rpe", "reps", "hard"),
    [(8, 5, True), (7, 5, True), (6.5, 5, False), (None, 5, True), (None, 0, False), (9, 0, False)],
)
def test_is_hard_set(rpe: float | None, reps: int, hard: bool) -> None:
    assert is_hard_set(rpe, reps) is hard


def test_unit_conversion_uses_the_exact_pound() -> None:
    assert kg_to_lb(100) == pytest.approx(220.46226218)
    assert lb_to_kg(225) == pytest.approx(102.05828325)
    assert to_display(100, WeightUnit.KG) == 100
    assert to_display(100, WeightUnit.LB) == pytest.approx(220.46226218)
    assert from_display(225, WeightUnit.LB) == pytest.approx(102.05828325)
    assert from_display(225, WeightUnit.KG) == 225


@given(st.floats(min_value=0, max_value=1000), st.sampled_from(list(WeightUnit)))
def test_display_round_trip(kg: float, unit: WeightUnit) -> None:
    assert math.isclose(from_display(to_display(kg, unit), unit), kg, rel_tol=1e-12, abs_tol=1e-12)
