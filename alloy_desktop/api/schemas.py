"""The api's request and result dataclasses (re-exported from the services layer)."""

# Names resolve on use, through the services' package, so importing this module does not
# create the schemas Today's first paint never reads.

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alloy_desktop.services import schemas as _schemas
from alloy_desktop.services.schemas import __all__ as __all__
from alloy_desktop.services.schemas.startup import *  # noqa: F403

if TYPE_CHECKING:
    from alloy_desktop.services.schemas import *  # noqa: F403


def __getattr__(name: str) -> Any:
    """A schema the services' package loads on first use."""
    if name.startswith("__"):  # not the package's __path__ and such: this is a module
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(_schemas, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
