"""Runs slow api calls off the GUI thread; tests swap in a runner that calls them inline."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from alloy_desktop.api.errors import AlloyError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[AlloyError], None]

UNEXPECTED = "Something went wrong and nothing was saved. Details are in the log file."


def as_alloy_error(exc: BaseException) -> AlloyError:
    """Any exception as an AlloyError with a message for a person; the traceback goes to the log."""
    if isinstance(exc, AlloyError):
        return exc
    log.error("unexpected error: %s", "".join(traceback.format_exception(exc)))
    return AlloyError(UNEXPECTED)


class _Relay(QObject):
    """Carries a worker's result back to the GUI thread (queued signal delivery)."""

    finished = Signal(object, object)  # result, error


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the window
            self._relay.finished.emit(None, as_alloy_error(exc))
            return
        self._relay.finished.emit(result, None)


class TaskRunner(QObject):
    """Runs callables on a thread pool and delivers results on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool.globalInstance()
        self._running = 0
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return self._running > 0

    def submit(self, fn: Callable[[], Any], done: Done, failed: Failed) -> None:
        """Runs fn off the GUI thread; done(result) or failed(error) runs back on it."""
        relay = _Relay()
        self._relays.add(relay)

        @Slot(object, object)
        def _on_finished(result: Any, error: AlloyError | None) -> None:
            self._relays.discard(relay)
            self._track(-1)
            if error is None:
                done(result)
            else:
                failed(error)

        relay.finished.connect(_on_finished)
        self._track(+1)
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 30000) -> bool:
        """Blocks until queued work finishes (shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _track(self, delta: int) -> None:
        was = self.busy
        self._running += delta
        if was != self.busy:
            self.busy_changed.emit(self.busy)


class InlineTaskRunner(TaskRunner):
    """Calls work inline: deterministic view-model tests without threads (Picard's trick)."""

    def submit(self, fn: Callable[[], Any], done: Done, failed: Failed) -> None:
        self._track(+1)
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001
            self._track(-1)
            failed(as_alloy_error(exc))
            return
        self._track(-1)
        done(result)
