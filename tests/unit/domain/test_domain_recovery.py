"""Tests for muscle recovery over time, workout fatigue and the recovery score."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alloy_desktop.domain.enums import RecoverySignalLevel
from alloy_desktop.domain.errors import DomainValidationError
from alloy_desktop.domain.recovery import (
    RecoveryInputs,
    after_workout,
    current_recovery,
    recovery_from_soreness,
    recovery_score,
    workout_fatigue,
)

TEN_AM = datetime(2026, 1, 25, 10, 0)


@pytest.mark.parametrize(("soreness", "recovery"), [(1, 9.0), (3, 7.0), (10, 0.0)])
def test_recovery_from_soreness(soreness: int, recovery: float) -> None:
    assert recovery_from_soreness(soreness) == recovery


@pytest.mark.parametrize("soreness", [0, 11, -1])
def test_soreness_outside_1_to_10_is_refused(soreness: int) -> None:
    with pytest.raises(DomainValidationError, match="between 1 and 10") as info:
        recovery_from_soreness(soreness)
    assert info.value.field == "level"


def test_recovery_rises_one_point_per_ten_hours() -> None:
    # The spec's example, corrected: 7 at 10:00 is 8 (not 6) at 20:00.
    assert current_recovery(7, TEN_AM, TEN_AM + timedelta(hours=10)) == pytest.approx(8.0)


def test_recovery_rises_continuously() -> None:
    assert current_recovery(7, TEN_AM, TEN_AM + timedelta(hours=5)) == pytest.approx(7.5)
    assert current_recovery(7, TEN_AM, TEN_AM + timedelta(hours=24)) == pytest.approx(9.4)


def test_recovery_is_capped_at_ten() -> None:
    assert current_recovery(7, TEN_AM, TEN_AM + timedelta(hours=50)) == 10.0
    assert current_recovery(9.5, TEN_AM, TEN_AM + timedelta(days=30)) == 10.0


def test_decay_hours_sets_the_pace() -> None:
    assert current_recovery(2, TEN_AM, TEN_AM + timedelta(hours=10), decay_hours=5) == 4.0


def test_time_before_the_update_returns_the_level() -> None:
    assert current_recovery(7, TEN_AM, TEN_AM - timedelta(hours=3)) == 7.0
    assert current_recovery(7, TEN_AM, TEN_AM) == 7.0


def test_out_of_range_levels_are_clamped() -> None:
    assert current_recovery(12, TEN_AM, TEN_AM) == 10.0
    assert current_recovery(-1, TEN_AM, TEN_AM) == 0.0


def test_current_recovery_refuses_bad_inputs() -> None:
    later = TEN_AM + timedelta(hours=1)
    with pytest.raises(DomainValidationError) as info:
        current_recovery(5, TEN_AM, later, decay_hours=0)
    assert info.value.field == "decay_hours"
    with pytest.raises(DomainValidationError) as info:
        current_recovery(5, TEN_AM, later.replace(tzinfo=UTC))
    assert info.value.field == "now"
    with pytest.raises(DomainValidationError) as info:
        current_recovery(float("nan"), TEN_AM, later)
    assert info.value.field == "level"


@given(
    st.floats(min_value=0, max_value=10),
    st.floats(min_value=-100, max_value=500),
    st.floats(min_value=-100, max_value=500),
    st.floats(min_value=0.5, max_value=48),
)
def test_recovery_stays_in_range_and_never_falls_while_resting(
    level: float, hours_a: float, hours_b: float, decay_hours: float
) -> None:
    early, late = sorted((hours_a, hours_b))
    at_early = current_recovery(level, TEN_AM, TEN_AM + timedelta(hours=early), decay_hours)
    at_late = current_recovery(level, TEN_AM, TEN_AM + timedelta(hours=late), decay_hours)
    assert 0.0 <= at_early <= at_late <= 10.0
    assert at_early >= level


def test_workout_fatigue_weights_primary_double() -> None:
    assert workout_fatigue(10, 4) == pytest.approx(7.2)  # 10 * 0.6 + 4 * 0.3
    assert workout_fatigue(0, 5) == pytest.approx(1.5)
    assert workout_fatigue(0, 0) == 0.0


def test_workout_fatigue_is_capped_at_ten() -> None:
    assert workout_fatigue(20, 0) == 10.0  # 12 points, capped


@pytest.mark.parametrize(
    ("primary", "secondary", "field"),
    [(-1, 0, "primary_hard_sets"), (0, -2, "secondary_hard_sets")],
)
def test_negative_set_counts_are_refused(primary: float, secondary: float, field: str) -> None:
    with pytest.raises(DomainValidationError) as info:
        workout_fatigue(primary, secondary)
    assert info.value.field == field


def test_after_workout() -> None:
    assert after_workout(8, 5, 2) == pytest.approx(4.4)  # 8 - (3.0 + 0.6)
    assert after_workout(3, 10, 0) == 0.0  # 3 - 6, floored


# --- recovery score ------------------------------------------------------------------


def test_no_inputs_gives_the_neutral_score() -> None:
    assert recovery_score(RecoveryInputs()) == 50.0


@pytest.mark.parametrize(
    ("hours", "score"), [(3, 0.0), (4, 0.0), (6, 50.0), (7, 75.0), (8, 100.0), (10, 100.0)]
)
def test_sleep_hours_map_linearly_from_4_to_8(hours: float, score: float) -> None:
    assert recovery_score(RecoveryInputs(sleep_hours=hours)) == pytest.approx(score)


@pytest.mark.parametrize(("rating", "score"), [(1, 0.0), (3, 50.0), (5, 100.0)])
def test_quality_and_energy_ratings(rating: int, score: float) -> None:
    assert recovery_score(RecoveryInputs(sleep_quality=rating)) == pytest.approx(score)
    assert recovery_score(RecoveryInputs(energy=rating)) == pytest.approx(score)


@pytest.mark.parametrize(("stress", "score"), [(1, 100.0), (2, 75.0), (5, 0.0)])
def test_stress_is_inverted(stress: int, score: float) -> None:
    assert recovery_score(RecoveryInputs(stress=stress)) == pytest.approx(score)


@pytest.mark.parametrize(
    ("signal", "score"),
    [
        (RecoverySignalLevel.POOR, 25.0),
        (RecoverySignalLevel.FAIR, 50.0),
        (RecoverySignalLevel.GOOD, 75.0),
        (RecoverySignalLevel.EXCELLENT, 95.0),
    ],
)
def test_signal_scores(signal: RecoverySignalLevel, score: float) -> None:
    assert recovery_score(RecoveryInputs(signal=signal)) == score


def test_muscle_levels_use_their_mean() -> None:
    inputs = RecoveryInputs(muscle_levels={"CHEST": 6, "LEGS": 8})
    assert recovery_score(inputs) == pytest.approx(70.0)


def test_components_are_weighted() -> None:
    # sleep 8 h -> 100 (weight 2), energy 1 -> 0 (weight 1), POOR -> 25 (weight 2),
    # muscles 8 -> 80 (weight 2): (200 + 0 + 50 + 160) / 7 = 58.571
    inputs = RecoveryInputs(
        sleep_hours=8, energy=1, signal=RecoverySignalLevel.POOR, muscle_levels={"BACK": 8}
    )
    assert recovery_score(inputs) == pytest.approx(410 / 7)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sleep_hours": -1}, "sleep_hours"),
        ({"sleep_hours": 25}, "sleep_hours"),
        ({"sleep_quality": 0}, "sleep_quality"),
        ({"stress": 6}, "stress"),
        ({"energy": 2.5}, "energy"),
        ({"signal": "GREAT"}, "signal"),
        ({"muscle_levels": {"CHEST": 11}}, "muscle_levels"),
    ],
)
def test_recovery_inputs_validate(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(DomainValidationError) as info:
        RecoveryInputs(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


@given(
    st.one_of(st.none(), st.floats(min_value=0, max_value=24)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
    st.one_of(st.none(), st.sampled_from(list(RecoverySignalLevel))),
    st.dictionaries(st.text(max_size=5), st.floats(min_value=0, max_value=10), max_size=4),
)
def test_score_stays_within_0_and_100(
    sleep: float | None,
    quality: int | None,
    stress: int | None,
    signal: RecoverySignalLevel | None,
    muscles: dict[str, float],
) -> None:
    inputs = RecoveryInputs(sleep, quality, stress, None, signal, muscles)
    assert 0.0 <= recovery_score(inputs) <= 100.0
