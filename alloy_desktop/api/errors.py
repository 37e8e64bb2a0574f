"""The api's typed errors (re-exported from the services layer)."""

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
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


def __getattr__(name: str) -> object:
    # ImportCancelled lives with the importer, whose parsers and fuzzy matcher are slow to
    # import: only code that handles an import asks for it.
    if name == "ImportCancelled":
        from alloy_desktop.services.imports import ImportCancelled

        return ImportCancelled
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
