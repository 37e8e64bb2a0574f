"""A module imported on its first attribute access: the ORM stays out of Today's first paint."""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands in for a module until code first reads one of its names.

    Declaring the mapped classes and importing the ORM cost a third of a cold start, and
    Today's first paint reads through Core tables alone. Modules on that path name the
    models through one of these (typed as the real module), so only the write paths and
    the other pages pay for them. The import machinery's per-module lock makes the first
    load safe from any thread; later reads are served from this object's own attributes.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._load(), attribute)
        setattr(self, attribute, value)
        return value

    def _load(self) -> ModuleType:
        return importlib.import_module(self._name)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"


def lazy_module(name: str) -> Any:
    """The module if it is fully imported, else a stand-in that imports it when used.

    A module another thread is still executing (the warm-up's, say) sits in sys.modules
    half-built; the stand-in waits for it on first use instead of missing its names.
    """
    module = sys.modules.get(name)
    initializing = getattr(getattr(module, "__spec__", None), "_initializing", False)
    return module if module is not None and not initializing else LazyModule(name)


# With a Python thread working beside it, the GUI thread waits up to this long for the GIL
# after each Qt call (Python's default, 5 ms, makes a scroll during the warm-up stutter).
# Lowered for good, as the coach's stream worker does: it never needs raising again.
GIL_SWITCH_SECONDS = 0.001


def warm_up_orm() -> threading.Thread:
    """Loads the ORM and its mapped classes on a background thread, after the first paint.

    The first write or ORM page then finds them ready instead of stalling the window for
    the quarter second they take; whoever needs them first meanwhile simply waits on the
    import, which runs once.
    """
    thread = threading.Thread(target=_load_orm, name="alloy-orm-warm-up", daemon=True)
    thread.start()
    return thread


def _load_orm() -> None:
    sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_SECONDS))
    importlib.import_module("alloy_desktop.store.models")
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
