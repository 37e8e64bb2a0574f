"""Dialogs that choose a movement: the library (filters, custom exercises), substitutes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.workout_logger import LibrarySearchViewModel, MovementChoice
from alloy_desktop.ui.widgets.common import label

if TYPE_CHECKING:
    from alloy_desktop.ui.views.custom_exercise_dialog import CustomExerciseDialog

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1
LIST_STYLE = "QListWidget { font-size: 12pt; } QListWidget::item { padding: 6px 4px; }"
SEARCH_LIBRARY = 2  # SubstitutePicker result: the lifter wants the whole library instead
CUSTOM_MARK = "Custom exercise"  # the second line of the lifter's own exercises


def _item(choice: MovementChoice, extra: str = "") -> QListWidgetItem:
    lines = [choice.name]
    mark = CUSTOM_MARK if choice.is_custom else ""
    second = " · ".join(part for part in (mark, choice.detail, extra) if part)
    if second:
        lines.append(second)
    item = QListWidgetItem("\n".join(lines))
    item.setData(CHOICE_ROLE, choice)
    item.setToolTip(choice.reasons or choice.detail)
    return item


def _chosen(items: QListWidget) -> MovementChoice | None:
    item = items.currentItem()
    if item is None:
        return None
    choice = item.data(CHOICE_ROLE)
    return choice if isinstance(choice, MovementChoice) else None


class LibraryPicker(QDialog):
    """Searches the exercise library as you type; Enter or double-click takes the movement."""

    picked = Signal(object)  # MovementChoice

    def __init__(
        self, vm: LibrarySearchViewModel, title: str = "Add exercise", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setWindowTitle(title)
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(label(title, "subtitle"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, e.g. squat, row, curl")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.muscle = self._combo("Any muscle", vm.muscle_choices())
        self.equipment = self._combo("Any equipment", vm.equipment_choices())
        filters = QHBoxLayout()
        filters.addWidget(self.muscle, 1)
        filters.addWidget(self.equipment, 1)
        self.results = QListWidget()
        self.results.setStyleSheet(LIST_STYLE)
        self.results.setAlternatingRowColors(True)
        self.count = label("", "muted")
        self.message = label("", "error", word_wrap=True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add")
        ok.setProperty("role", "primary")
        self.new_button = QPushButton("New custom exercise…")
        self.new_button.setToolTip("Make an exercise of your own, with its muscles")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change this custom exercise's name, pattern or muscles")
        self.edit_button.setEnabled(False)
        for button in (self.new_button, self.edit_button):
            button.setAutoDefault(False)  # Enter in the list still takes the exercise
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.editor: QDialog | None = None  # the custom exercise editor while it is open
        self._select_after: str | None = None  # a name to select once results come back
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._connect()
        self.search.setFocus()
        vm.search("")
        vm.search_now()

    def set_action_text(self, text: str) -> None:
        """The accept button's words ("Add", "Swap")."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(text)

    def _combo(self, anything: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(anything, "")
        for value, words in choices:
            combo.addItem(words.capitalize(), value)
        return combo

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_filters_changed)
        self.muscle.currentIndexChanged.connect(self._on_filters_changed)
        self.equipment.currentIndexChanged.connect(self._on_filters_changed)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.results.currentItemChanged.connect(self._on_results_current_item_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.vm.results_ready.connect(self._on_results_ready)
        self.vm.error.connect(self._on_vm_error)

    def chosen(self) -> MovementChoice | None:
        return _chosen(self.results)

    def choose(self, name: str) -> bool:
        """Selects the result with this name (keyboard tests and scripting); False if absent."""
        for row in range(self.results.count()):
            item = self.results.item(row)
            choice = item.data(CHOICE_ROLE)
            if isinstance(choice, MovementChoice) and choice.name == name:
                self.results.setCurrentRow(row)
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box walks into the results; Enter there takes the first one.
        down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
        if watched is self.search and down and event.type() == QEvent.Type.KeyPress:
            self.results.setFocus()
            if self.results.currentRow() < 0 and self.results.count():
                self.results.setCurrentRow(0)
            return True
        return False

    def _on_filters_changed(self, *_args: object) -> None:
        self.vm.search(
            self.search.text(),
            str(self.muscle.currentData() or ""),
            str(self.equipment.currentData() or ""),
        )

    def _on_results_ready(self, results: Sequence[MovementChoice]) -> None:
        self.message.hide()
        self.results.clear()
        for choice in results:
            self.results.addItem(_item(choice))
        if self.results.count():
            self.results.setCurrentRow(0)
        if self._select_after is not None:
            self.choose(self._select_after)
            self._select_after = None
        shown = len(results)
        self.count.setText(
            "Nothing matches: try fewer words or clear a filter."
            if not shown
            else f"{shown} exercise{'s' if shown != 1 else ''}"
        )

    def _on_vm_error(self, _field: str, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def _on_results_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_buttons_accepted()

    def _on_results_current_item_changed(self, *_items: object) -> None:
        choice = self.chosen()
        self.edit_button.setEnabled(choice is not None and choice.is_custom)

    def _on_buttons_accepted(self) -> None:
        choice = self.chosen()
        if choice is None:
            self.message.setText("Choose an exercise from the list first.")
            self.message.show()
            return
        self.picked.emit(choice)
        self.accept()

    # --- custom exercises -------------------------------------------------------------

    def _on_new_button_clicked(self) -> None:
        editor = self._open_editor(None, self.search.text())
        editor.saved.connect(self._on_editor_created)

    def _on_edit_button_clicked(self) -> None:
        choice = self.chosen()
        if choice is not None and choice.is_custom:
            editor = self._open_editor(choice.movement_id, "")
            editor.saved.connect(self._on_editor_edited)

    def _open_editor(self, movement_id: int | None, name: str) -> CustomExerciseDialog:
        # A view of its own, loaded on first use like the main window's pages.
        from alloy_desktop.ui.views.custom_exercise_dialog import CustomExerciseDialog

        editor = CustomExerciseDialog(self.vm.session, movement_id, name, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()
        return editor

    def _on_editor_created(self, choice: MovementChoice) -> None:
        # Made to be used: it is taken straight away, as if chosen from the list.
        self.picked.emit(choice)
        self.accept()

    def _on_editor_edited(self, choice: MovementChoice) -> None:
        self._select_after = choice.name
        self.vm.search_now()

    def _on_editor_finished(self, _result: int) -> None:
        self.editor = None


class SubstitutePicker(QDialog):
    """The ranked substitutes for one exercise, best first, with why each one fits."""

    picked = Signal(object)  # MovementChoice
    library_requested = Signal()

    def __init__(
        self, name: str, choices: Sequence[MovementChoice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Swap {name}")
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(label(f"Swap {name} for…", "subtitle"))
        hint = "Ranked by how well each one keeps the session's purpose."
        layout.addWidget(label(hint if choices else "No close substitutes found.", "muted"))
        self.results = QListWidget()
        self.results.setStyleSheet(LIST_STYLE)
        self.results.setAlternatingRowColors(True)
        for choice in choices:
            self.results.addItem(_item(choice, _reasons(choice)))
        if self.results.count():
            self.results.setCurrentRow(0)
        self.results.itemActivated.connect(self._on_results_item_activated)
        layout.addWidget(self.results, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.library_button = QPushButton("Search the whole library…")
        self.swap_button = QPushButton("Swap")
        self.swap_button.setProperty("role", "primary")
        self.swap_button.setEnabled(bool(choices))
        self.buttons.addButton(self.library_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.swap_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.library_button.clicked.connect(self._on_library_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.results.setFocus()

    def chosen(self) -> MovementChoice | None:
        return _chosen(self.results)

    def _on_results_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_buttons_accepted()

    def _on_buttons_accepted(self) -> None:
        choice = self.chosen()
        if choice is not None:
            self.picked.emit(choice)
            self.accept()

    def _on_library_button_clicked(self) -> None:
        self.library_requested.emit()
        self.done(SEARCH_LIBRARY)


def _reasons(choice: MovementChoice) -> str:
    # The list is already in rank order; the reasons say why each one fits.
    return choice.reasons
