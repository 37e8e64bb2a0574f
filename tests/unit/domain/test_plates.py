"""Plates per side, closest loadable weights, dumbbell and stack steps, warm-up ramps."""

from __future__ import annotations

import pytest

from alloy_desktop.domain.enums import Equipment, WeightUnit
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.plates import (
    Loading,
    PlateSetup,
    closest_load,
    default_setup,
    load_bar,
    loading_for,
    next_heavier,
    plate_words,
    warmup_ramp,
)

KG = default_setup(WeightUnit.KG)
LB = default_setup(WeightUnit.LB)


def ramp(working: float, loading: Loading = Loading.BAR, setup: PlateSetup = KG) -> list:
    return [(s.load.total, s.reps) for s in warmup_ramp(working, loading, setup)]


def test_142_5_kg_with_the_default_plates() -> None:
    load = load_bar(142.5, KG)
    # 61.25 a side: four plates either way (25+25+10+1.25 or 25+20+15+1.25); heavier wins.
    assert load.total == 142.5 and load.is_exact and load.direction == "exact"
    assert load.per_side == ((25.0, 2), (10.0, 1), (1.25, 1))
    assert plate_words(load.per_side) == "25 × 2 + 10 + 1.25"
    assert load.bar == 20.0 and load.collar == 0.0


def test_225_lb_is_two_45s_a_side() -> None:
    load = load_bar(225, LB)
    assert (load.total, load.per_side, load.bar) == (225.0, ((45.0, 2),), 45.0)


def test_closest_below_when_the_plates_run_out() -> None:
    home = PlateSetup(WeightUnit.KG, 20.0, ((20.0, 1), (10.0, 1)))
    load = load_bar(100, home)
    assert load.total == 80.0 and load.direction == "below" and load.difference == -20.0
    assert load.per_side == ((20.0, 1), (10.0, 1))


def test_a_load_a_greedy_pick_would_miss() -> None:
    # 20 a side: taking the 15 first leaves 5 that no plate makes; two 10s do it.
    rack = PlateSetup(WeightUnit.KG, 20.0, ((15.0, 1), (10.0, 2)))
    assert load_bar(60, rack).per_side == ((10.0, 2),)


def test_collars_go_on_with_plates_only() -> None:
    clamps = PlateSetup(WeightUnit.KG, 20.0, KG.plates, collar=2.5)
    loaded = load_bar(100, clamps)  # (100 - 20 - 2 x 2.5) / 2 = 37.5 a side
    assert loaded.total == 100.0 and loaded.per_side == ((25.0, 1), (10.0, 1), (2.5, 1))
    assert loaded.collar == 2.5
    empty = load_bar(20, clamps)
    assert (empty.total, empty.per_side, empty.collar) == (20.0, (), 0.0)
    # The lightest load with plates is 20 + 2 x 2.5 + 2 x 1.25 = 27.5.
    assert load_bar(26, clamps).total == 27.5


def test_under_the_bar_is_the_bar_and_halfway_goes_up() -> None:
    assert load_bar(10, KG).total == 20.0 and load_bar(10, KG).direction == "above"
    assert load_bar(101.25, KG).total == 102.5  # halfway between 100 and 102.5
    assert load_bar(101.2, KG).total == 100.0


def test_dumbbells_stacks_and_kettlebells_round_to_their_steps() -> None:
    assert closest_load(23, Loading.DUMBBELL, KG).total == 24.0  # 2 kg steps, halves up
    assert closest_load(0.5, Loading.DUMBBELL, KG).total == 2.0  # never an empty hand
    assert closest_load(52, Loading.DUMBBELL, LB).total == 50.0  # 5 lb steps
    assert closest_load(46.4, Loading.STACK, KG).total == 47.5
    assert closest_load(18, Loading.KETTLEBELL, KG).total == 20.0  # 16, 20, 24 ...
    assert closest_load(30, Loading.EZ_BAR, KG).per_side == ((10.0, 1),)  # on a 10 kg EZ bar


def test_bodyweight_has_no_load_to_round() -> None:
    with pytest.raises(DomainValidationError):
        closest_load(50, Loading.BODYWEIGHT, KG)
    with pytest.raises(DomainValidationError):
        load_bar(-5, KG)


def test_next_heavier() -> None:
    assert next_heavier(100, Loading.BAR, KG).total == 102.5  # the 1.25 pair
    assert next_heavier(23, Loading.DUMBBELL, KG).total == 24.0
    assert next_heavier(24, Loading.DUMBBELL, KG).total == 26.0
    assert next_heavier(1000, Loading.BAR, KG).total == 327.5  # everything on


def test_loading_by_equipment() -> None:
    assert loading_for(Equipment.BARBELL) is Loading.BAR
    assert loading_for(Equipment.EZ_CURL_BAR) is Loading.EZ_BAR
    assert loading_for(Equipment.DUMBBELL) is Loading.DUMBBELL
    assert loading_for(Equipment.CABLE) is Loading.STACK
    assert loading_for(Equipment.BODY_ONLY) is Loading.BODYWEIGHT
    assert loading_for(Equipment.BANDS) is Loading.BODYWEIGHT
    assert loading_for(Equipment.BARBELL, loaded=False) is Loading.BODYWEIGHT


def test_warmup_ramp_to_100_kg() -> None:
    assert ramp(100) == [(20.0, 10), (40.0, 5), (60.0, 3), (80.0, 1)]
    steps = warmup_ramp(100, Loading.BAR, KG)
    assert [s.share for s in steps] == [None, 0.4, 0.6, 0.8]
    assert steps[3].load.per_side == ((25.0, 1), (5.0, 1))


def test_warmup_ramp_rounds_every_step_to_plates() -> None:
    # 57 -> 57.5, 85.5 -> 85, 114 -> 115
    assert ramp(142.5) == [(20.0, 10), (57.5, 5), (85.0, 3), (115.0, 1)]
    assert ramp(225, setup=LB) == [(45.0, 10), (90.0, 5), (135.0, 3), (180.0, 1)]


def test_warmup_ramp_skips_steps_under_the_bar_or_too_close() -> None:
    # 60: 24 -> 25 is only 5 above the bar (less than 10 % of 60 = 6), so it goes.
    assert ramp(60) == [(20.0, 10), (35.0, 3), (47.5, 1)]
    # 30: 12 and 18 are under the bar; 24 -> 25.
    assert ramp(30) == [(20.0, 10), (25.0, 1)]
    assert ramp(20) == []  # the working set is the empty bar


def test_warmup_ramp_without_a_bar() -> None:
    assert ramp(30, Loading.DUMBBELL) == [(12.0, 5), (18.0, 3), (24.0, 1)]
    assert ramp(30, Loading.EZ_BAR) == [(10.0, 10), (17.5, 3), (25.0, 1)]
    assert ramp(50, Loading.BODYWEIGHT) == []
