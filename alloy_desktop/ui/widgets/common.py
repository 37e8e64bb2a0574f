"""Small shared widgets: cards, titles, and per-field error labels bound to view-model errors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def label(
    text: str, role: str = "", word_wrap: bool = False, parent: QWidget | None = None
) -> QLabel:
    """A QLabel with a style role (title, subtitle, muted, error, warning, good, badge).

    Pass the parent it will live in where there is one: a widget added to a layout later is
    reparented then, and under a style sheet that costs as much again as making it.
    """
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(word_wrap)
    return widget


class ActiveWhileShown:
    """Mixin for pages whose view-model refreshes only while shown: it sets `vm.active`.

    List it before QWidget (`class Page(ActiveWhileShown, QWidget)`) so its event
    overrides run first and hand on to Qt's.
    """

    def showEvent(self, event: QShowEvent) -> None:
        self._set_active(True)
        super().showEvent(event)  # type: ignore[misc]

    def hideEvent(self, event: QHideEvent) -> None:
        self._set_active(False)
        super().hideEvent(event)  # type: ignore[misc]

    def _set_active(self, active: bool) -> None:
        # getattr, not a class annotation: each page keeps its own precise view-model type.
        view_model: Any = getattr(self, "vm", None)
        if view_model is not None:
            view_model.active = active


class StatusLabel(QLabel):
    """A confirmation line ("Settings saved.") that clears itself after a few seconds."""

    def __init__(self, clear_after_ms: int = 6000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "good")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)

    def flash(self, message: str) -> None:
        """Shows the message and restarts the countdown to clearing it."""
        self.setText(message)
        self._timer.start()


class Card(QFrame):
    """A rounded surface holding one group of content."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 12, 14, 12)
        self.body.setSpacing(8)
        self.title = label(title, "subtitle", parent=self) if title else None
        if self.title is not None:
            self.body.addWidget(self.title)


class FieldErrors:
    """Shows view-model errors next to the field they name, or in a general label.

    Connect a view-model's `error(field, message)` to `show` and `errors_cleared` to `clear`.
    """

    def __init__(self, general: QLabel) -> None:
        self._general = general
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        general.setProperty("role", "error")
        general.setWordWrap(True)
        general.hide()

    def bind(self, field: str, widget: QWidget, message_label: QLabel) -> None:
        """Routes errors whose field starts with `field` to this widget and label."""
        message_label.setProperty("role", "error")
        message_label.setWordWrap(True)
        message_label.hide()
        self._fields[field] = (widget, message_label)

    def show(self, field: str, message: str) -> None:
        target = self._match(field)
        if target is None:
            self._general.setText(message)
            self._general.show()
            return
        widget, message_label = target
        widget.setProperty("invalid", True)
        _repolish(widget)
        message_label.setText(message)
        message_label.show()

    def clear(self) -> None:
        self._general.hide()
        for widget, message_label in self._fields.values():
            widget.setProperty("invalid", False)
            _repolish(widget)
            message_label.hide()

    def _match(self, field: str) -> tuple[QWidget, QLabel] | None:
        if not field:
            return None
        best = max((k for k in self._fields if field.startswith(k)), key=len, default=None)
        return self._fields[best] if best is not None else None


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
