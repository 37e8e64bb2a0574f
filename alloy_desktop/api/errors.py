"""The api's typed errors (re-exported from the services layer)."""

from alloy_desktop.services.errors import (
    AlloyError,
    AuthError,
    Conflict,
    Forbidden,
    NotFound,
    ValidationError,
)

__all__ = ["AlloyError", "AuthError", "Conflict", "Forbidden", "NotFound", "ValidationError"]
