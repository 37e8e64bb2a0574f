"""Input checks shared by every service; each failure names the field in plain words."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar

from alloy_desktop.services.errors import ValidationError
from alloy_desktop.store.types import MAX_INTEGER

E = TypeVar("E", bound=StrEnum)
R = TypeVar("R")


def request(value: object, cls: type[R], field: str, what: str) -> R:
    """The request object itself: anything else (None, a dict, another request) is refused."""
    if not isinstance(value, cls):
        raise ValidationError(field, f"{what} is required.")
    return value


def enum_value(cls: type[E], value: object, field: str, label: str | None = None) -> E:
    """Accepts an enum member or its (case-insensitive) name; anything else is a field error."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        key = value.strip().upper().replace(" ", "_").replace("-", "_")
        if key in cls.__members__:
            return cls[key]
    choices = ", ".join(m.value.replace("_", " ").lower() for m in cls)
    raise ValidationError(field, f"{label or _label(field)} must be one of: {choices}.")


def optional_enum(cls: type[E], value: object, field: str) -> E | None:
    """Like enum_value, but None passes through."""
    return None if value is None else enum_value(cls, value, field)


def whole(value: object, field: str, low: int | None = None, high: int | None = None) -> int:
    """A whole number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, f"{_label(field)} must be a whole number.")
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValidationError(field, f"{_label(field)} must be a whole number.")
    number = int(value)
    _range(number, field, low, high)
    return number


def number(value: object, field: str, low: float | None = None, high: float | None = None) -> float:
    """A finite number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, f"{_label(field)} must be a number.")
    try:
        result = float(value)
    except OverflowError as exc:  # a whole number too big for any float (10**400)
        raise ValidationError(field, f"{_label(field)} is out of range.") from exc
    if not math.isfinite(result):
        raise ValidationError(field, f"{_label(field)} must be a number.")
    _range(result, field, low, high)
    return result


def positive(value: object, field: str, high: float | None = None) -> float:
    """A number above zero."""
    result = number(value, field, high=high)
    if result <= 0:
        raise ValidationError(field, f"{_label(field)} must be more than zero.")
    return result


def optional_whole(
    value: object, field: str, low: int | None = None, high: int | None = None
) -> int | None:
    """None, or a whole number within range."""
    return None if value is None else whole(value, field, low, high)


def optional_number(
    value: object, field: str, low: float | None = None, high: float | None = None
) -> float | None:
    """None, or a finite number within range."""
    return None if value is None else number(value, field, low, high)


def text(value: object, field: str, max_length: int, required: bool = False) -> str:
    """A string, stripped, no longer than max_length (and not empty when required)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field, f"{_label(field)} must be text.")
    cleaned = value.strip()
    if "\x00" in cleaned or not _encodable(cleaned):
        raise ValidationError(field, f"{_label(field)} contains an invalid character.")
    if required and not cleaned:
        raise ValidationError(field, f"{_label(field)} is required.")
    if len(cleaned) > max_length:
        raise ValidationError(field, f"{_label(field)} must be at most {max_length} characters.")
    return cleaned


def moment(value: object, field: str, default: datetime) -> datetime:
    """A datetime (naive means UTC), or the default when None."""
    if value is None:
        return default
    if not isinstance(value, datetime):
        raise ValidationError(field, f"{_label(field)} must be a date and time.")
    if value.year < 1900 or value.year > 2200:
        raise ValidationError(field, f"{_label(field)} is out of range.")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def day(value: object, field: str) -> date:
    """A calendar date (a datetime is cut to its date)."""
    if isinstance(value, datetime):
        value = value.date()  # and then held to the same range as a date
    if not isinstance(value, date):
        raise ValidationError(field, f"{_label(field)} must be a date.")
    if value.year < 1900 or value.year > 2200:
        raise ValidationError(field, f"{_label(field)} is out of range.")
    return value


def identifier(value: object, field: str) -> int:
    """A database id: a positive whole number an id column can hold (anything else cannot exist)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INTEGER:
        raise ValidationError(field, f"{_label(field)} is not a valid id.")
    return value


def sequence(value: object, field: str, max_items: int = 1000) -> tuple[object, ...]:
    """A list or tuple of at most max_items."""
    if not isinstance(value, list | tuple):
        raise ValidationError(field, f"{_label(field)} must be a list.")
    if len(value) > max_items:
        raise ValidationError(field, f"{_label(field)} has too many entries (at most {max_items}).")
    return tuple(value)


def _encodable(value: str) -> bool:
    # A lone surrogate ("\ud800") is a Python str but no UTF-8: the database would choke on it.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _range(value: float, field: str, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise ValidationError(field, f"{_label(field)} must be at least {_fmt(low)}.")
    if high is not None and value > high:
        raise ValidationError(field, f"{_label(field)} must be at most {_fmt(high)}.")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _label(field: str) -> str:
    last = field.rsplit(".", 1)[-1].split("[", 1)[0]
    return last.replace("_", " ").capitalize()
