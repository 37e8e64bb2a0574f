"""The one error type the domain raises when an input breaks a rule."""

from __future__ import annotations

import math


class DomainValidationError(ValueError):
    """An input broke a domain rule.

    `field` names the offending input so a form can highlight it; `message` is a
    sentence meant for a person ("Duration must be 8, 10 or 12 weeks").
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"DomainValidationError(field={self.field!r}, message={self.message!r})"

    def __reduce__(self) -> tuple[type[DomainValidationError], tuple[str, str]]:
        # The default reduce would rebuild from args=(message,) and lose `field`.
        return (type(self), (self.field, self.message))


def require(condition: bool, field: str, message: str) -> None:
    """Raise DomainValidationError(field, message) unless condition holds."""
    if not condition:
        raise DomainValidationError(field, message)


def require_finite(value: float, field: str, label: str) -> float:
    """Return value as a float, or raise if it is not a finite real number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DomainValidationError(field, f"{label} must be a number") from None
    require(math.isfinite(number), field, f"{label} must be a finite number")
    return number


def require_whole(value: int, field: str, label: str) -> int:
    """Return value as an int, or raise if it is not a whole number.

    Integral floats (5.0) are accepted because values read back from forms or
    JSON often arrive that way; bools are refused because True is not a count.
    """
    if isinstance(value, bool):
        raise DomainValidationError(field, f"{label} must be a whole number")
    if isinstance(value, int):
        return value
    number = require_finite(value, field, label)
    require(number.is_integer(), field, f"{label} must be a whole number")
    return int(number)
