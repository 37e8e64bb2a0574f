"""Typed errors the api raises; every message is a sentence meant for a person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from alloy_desktop.domain.errors import DomainValidationError

P = ParamSpec("P")
R = TypeVar("R")


class AlloyError(Exception):
    """Base of every error the api raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(AlloyError):
    """An input is wrong; `field` names it so the window can show the message beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(AlloyError):
    """The thing asked for does not exist (or belongs to someone else)."""


class Forbidden(AlloyError):
    """The user may not do this (e.g. circuit admin without the admin flag)."""


class AuthError(AlloyError):
    """Wrong credentials, or a missing, invalid or expired token."""


class Conflict(AlloyError):
    """The request clashes with what is stored (a taken email, a hard goal conflict)."""


class StoreError(AlloyError):
    """The database could not be used; `location` names the file (or server) in question."""

    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.location = location


class StoreCorrupt(StoreError):
    """The database file is damaged: SQLite can't read it (or it fails its integrity check)."""


class StoreBusy(StoreError):
    """Another program holds a lock on the database longer than Alloy waits."""


class StoreReadOnly(StoreError):
    """The database (or its folder) can't be written: permissions or a read-only disk."""


class StoreFull(StoreError):
    """The disk holding the database is full."""


class StoreUnavailable(StoreError):
    """The database can't be reached: a disk error, or the server connection is lost."""


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turns the domain's validation error into the api's ValidationError."""
    try:
        yield
    except DomainValidationError as exc:
        raise ValidationError(exc.field, exc.message) from exc


def translate_domain_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of domain_errors for service methods."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with domain_errors():
            return func(*args, **kwargs)

    return wrapper
