"""Pieces of the Settings page: labelled form rows with errors, weekday and check-box pickers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from alloy_desktop.ui.widgets.common import FieldErrors, label

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


class FormGrid(QGridLayout):
    """Caption | widget rows, each with an optional hint and an error line bound to a field."""

    def __init__(self, errors: FieldErrors, caption_width: int = 120) -> None:
        super().__init__()
        self._errors = errors
        self._row = 0
        self.widgets: list[QWidget] = []  # every bound widget, in page order
        self.setHorizontalSpacing(12)
        self.setVerticalSpacing(3)
        self.setColumnMinimumWidth(0, caption_width)
        self.setColumnStretch(1, 1)

    def add(
        self, caption: str, widget: QWidget, field: str = "", hint: str = "", tall: bool = False
    ) -> QLabel:
        """Adds one row; returns the hint label (empty and hidden when there is no hint).

        A tall widget (a grid of check boxes) gets its caption beside its first line.
        """
        text = label(caption)
        text.setBuddy(widget)
        vertical = Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignVCenter
        text.setAlignment(Qt.AlignmentFlag.AlignRight | vertical)
        if tall:
            text.setContentsMargins(0, 2, 0, 0)
        self.addWidget(text, self._row, 0)
        self.addWidget(widget, self._row, 1)
        tip = label(hint, "muted", word_wrap=True)
        tip.setVisible(bool(hint))
        self.addWidget(tip, self._row + 1, 1)
        message = QLabel()
        self.addWidget(message, self._row + 2, 1)
        if field:
            self._errors.bind(field, widget, message)
            self.widgets.append(widget)
        self._row += 3
        return tip

    def add_wide(self, widget: QWidget) -> None:
        """A row without caption spanning both columns (a check box with its own words)."""
        self.addWidget(widget, self._row, 1)
        self._row += 1


class WeekdayPicker(QWidget):
    """Seven toggle buttons, Monday first; `days()` are the chosen weekdays (0 = Monday)."""

    changed = Signal()

    def __init__(self, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.buttons: list[QPushButton] = []
        for name in names:
            button = QPushButton(name)
            button.setCheckable(True)
            button.setMinimumWidth(40)
            button.setAccessibleName(f"Train on {name}")
            button.toggled.connect(self._on_button_toggled)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)

    def days(self) -> tuple[int, ...]:
        return tuple(i for i, button in enumerate(self.buttons) if button.isChecked())

    def set_days(self, days: Sequence[int]) -> None:
        for i, button in enumerate(self.buttons):
            button.blockSignals(True)
            button.setChecked(i in days)
            button.blockSignals(False)
        self.changed.emit()

    def _on_button_toggled(self, _checked: bool) -> None:
        self.changed.emit()


class CheckGrid(QWidget):
    """Check boxes in columns, one per (value, words) choice."""

    changed = Signal()

    def __init__(
        self, choices: Sequence[tuple[str, str]], columns: int = 3, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (value, words) in enumerate(choices):
            box = QCheckBox(words)
            box.toggled.connect(self._on_box_toggled)
            self.boxes[value] = box
            grid.addWidget(box, i // columns, i % columns)

    def values(self) -> tuple[str, ...]:
        return tuple(value for value, box in self.boxes.items() if box.isChecked())

    def set_values(self, values: Sequence[str]) -> None:
        for value, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(value in values)
            box.blockSignals(False)
        self.changed.emit()

    def _on_box_toggled(self, _checked: bool) -> None:
        self.changed.emit()


def combo(choices: Sequence[tuple[str, str]], name: str) -> QComboBox:
    """A combo box of (value, words) choices."""
    box = QComboBox()
    box.setAccessibleName(name)
    for value, words in choices:
        box.addItem(words, value)
    return box


def select(box: QComboBox, value: object) -> None:
    """Chooses the entry holding this value (the first one if none does)."""
    box.setCurrentIndex(max(box.findData(value), 0))


MAX_VISIBLE_ROWS = 8  # a longer list scrolls inside itself


def item_list(empty_text: str, rows: int = 3) -> QListWidget:
    """A list for rules, injuries or activities; it grows with its rows up to a limit."""
    items = QListWidget()
    items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    items.setAlternatingRowColors(True)
    items.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    items.setProperty("emptyText", empty_text)
    items.setProperty("minRows", rows)
    _fit(items)
    return items


def _fit(items: QListWidget) -> None:
    """Height for the rows it holds (at least `minRows`, at most MAX_VISIBLE_ROWS)."""
    heights = [items.sizeHintForRow(row) for row in range(items.count())]
    line = max(items.fontMetrics().height() + 10, 24)
    wanted = max(int(items.property("minRows") or 1), len(heights))
    shown = heights[:MAX_VISIBLE_ROWS] + [line] * max(
        0, min(wanted, MAX_VISIBLE_ROWS) - len(heights)
    )
    items.setFixedHeight(sum(shown) + 2 * items.frameWidth() + 4)


def fill_list(items: QListWidget, rows: Sequence[tuple[object, str, str]]) -> None:
    """(value, text, tooltip) rows; an empty list shows its empty text, greyed, unselectable."""
    keep = items.currentItem().data(VALUE_ROLE) if items.currentItem() else None
    items.clear()
    for value, text, tip in rows:
        item = QListWidgetItem(text)
        item.setData(VALUE_ROLE, value)
        item.setToolTip(tip or text)
        items.addItem(item)
        if value == keep:
            items.setCurrentItem(item)
    if not rows:
        placeholder = QListWidgetItem(str(items.property("emptyText")))
        placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
        items.addItem(placeholder)
    _fit(items)


def chosen(items: QListWidget) -> object:
    """The value of the selected row, or None."""
    item = items.currentItem()
    return item.data(VALUE_ROLE) if item is not None and item.isSelected() else None
