"""The api's request and result dataclasses (re-exported from the services layer)."""

from alloy_desktop.services.schemas import *  # noqa: F403
from alloy_desktop.services.schemas import __all__ as _services_all  # noqa: F401
