"""The api's typed errors (re-exported from the services layer)."""

from alloy_desktop.services.errors import (
    AlloyError,
    AuthError,
    Conflict,
    Forbidden,
    NotFound,
    ValidationError,
)
from alloy_desktop.services.imports import ImportCancelled

__all__ = [
    "AlloyError",
    "AuthError",
    "Conflict",
    "Forbidden",
    "ImportCancelled",
    "NotFound",
    "ValidationError",
]
