"""Tests for DomainValidationError and the validation helpers."""

import pickle

import pytest

from alloy_desktop.domain.errors import (
    DomainValidationError,
    require,
    require_finite,
    require_whole,
)


def test_error_carries_field_and_message() -> None:
    error = DomainValidationError("duration_weeks", "Duration must be 8, 10 or 12 weeks")
    assert isinstance(error, ValueError)
    assert error.field == "duration_weeks"
    assert error.message == "Duration must be 8, 10 or 12 weeks"
    assert str(error) == "Duration must be 8, 10 or 12 weeks"


def test_error_survives_pickling_with_its_field() -> None:
    restored = pickle.loads(pickle.dumps(DomainValidationError("reps", "Reps must be at least 1")))
    assert (restored.field, restored.message) == ("reps", "Reps must be at least 1")


def test_require_raises_only_when_condition_fails() -> None:
    require(True, "x", "never shown")
    with pytest.raises(DomainValidationError, match="shown") as info:
        require(False, "x", "shown")
    assert info.value.field == "x"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "abc", None])
def test_require_finite_refuses_non_numbers(value: object) -> None:
    with pytest.raises(DomainValidationError) as info:
        require_finite(value, "weight", "Weight")  # type: ignore[arg-type]
    assert info.value.field == "weight"


def test_require_whole_accepts_ints_and_integral_floats_only() -> None:
    assert require_whole(5, "reps", "Reps") == 5
    assert require_whole(5.0, "reps", "Reps") == 5  # type: ignore[arg-type]
    for bad in (5.5, True, float("nan")):
        with pytest.raises(DomainValidationError, match="Reps"):
            require_whole(bad, "reps", "Reps")  # type: ignore[arg-type]
