"""Shared view-model plumbing: busy state, errors as (field, message), background calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from alloy_desktop.api.errors import AlloyError, ValidationError
from alloy_desktop.ui.viewmodels.tasks import TaskRunner

GENERAL = ""  # field name for errors that belong to no single field


class ViewModel(QObject):
    """Base of every screen's view-model."""

    busy_changed = Signal(bool)
    error = Signal(str, str)  # field ("" for the whole form), message for a person
    errors_cleared = Signal()

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._busy = 0

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def call(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[AlloyError], None] | None = None,
    ) -> None:
        """Runs an api call off the GUI thread; errors become the `error` signal by default."""
        self.errors_cleared.emit()
        self._set_busy(+1)

        def _done(result: Any) -> None:
            self._set_busy(-1)
            done(result)

        def _failed(exc: AlloyError) -> None:
            self._set_busy(-1)
            (failed or self.report)(exc)

        self._runner.submit(fn, _done, _failed)

    def report(self, exc: AlloyError) -> None:
        """Sends an api error to the view, naming the field when there is one."""
        field = exc.field if isinstance(exc, ValidationError) else GENERAL
        self.error.emit(field, exc.message)

    def _set_busy(self, delta: int) -> None:
        was = self.busy
        self._busy += delta
        if was != self.busy:
            self.busy_changed.emit(self.busy)
