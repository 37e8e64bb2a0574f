"""The api's typed errors (re-exported from the services layer)."""

from alloy_desktop.services.errors import (
    AlloyError,
    AuthError,
    Conflict,
    Forbidden,
    NotFound,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
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
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreReadOnly",
    "StoreUnavailable",
    "ValidationError",
]
