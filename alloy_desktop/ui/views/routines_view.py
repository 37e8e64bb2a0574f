"""The Routines page: session templates built by hand, scheduled or not, started in the logger."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.routines import (
    CELL_FIELDS,
    WEEKDAY_NAMES,
    RoutinesViewModel,
    summary,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import LibrarySearchViewModel, MovementChoice
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import ActiveWhileShown, Card, FieldErrors, StatusLabel, label
from alloy_desktop.ui.widgets.library_picker import LibraryPicker

STATUS_MS = 6000
ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMN_TITLES = ("Exercise", "Sets", "Reps", "RPE", "Load", "Rest (s)", "Superset", "Notes")
COLUMN_WIDTHS = (0, 50, 64, 50, 70, 70, 72)
SCHEDULE_HINT = (
    "Ticked days count in adherence from the day you save them, like a program's sessions. "
    "Leave them all clear to run the routine whenever you like."
)


def page_style(c: theme.Colours) -> str:
    return f"""
    QTableWidget, QListWidget {{ font-size: 11pt; }}
    QListWidget::item {{ padding: 6px 4px; }}
    QPushButton[role="danger"]:disabled {{ color: {c.muted}; }}
    """


class RoutinesView(ActiveWhileShown, QWidget):
    """The routines on the left; the one chosen, editable, on the right."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = RoutinesViewModel(session, self)
        self.library_vm = LibrarySearchViewModel(session, self)
        self.picker: LibraryPicker | None = None
        self._filling = False
        self._build()
        self._bind()
        self.restyle()

    # --- the page's contract with the main window -----------------------------------------

    def activate(self) -> None:
        self.vm.active = True
        self.vm.ensure_fresh()

    def restyle(self) -> None:
        self.setStyleSheet(page_style(theme.current()))

    def show_routine(self, routine_id: int) -> None:
        """Opens a routine made elsewhere (History's "Save as routine")."""
        self.vm.show_routine(routine_id)

    def confirm(self, title: str, text: str, yes: str) -> bool:
        """Asks a yes/no question (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        accept = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(label("Routines", "title"))
        top.addSpacing(12)
        top.addWidget(label("Your own sessions, apart from generated programs.", "muted"), 1)
        layout.addLayout(top)
        self.general_error = QLabel()
        layout.addWidget(self.general_error)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_editor())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.status_line = StatusLabel(STATUS_MS)
        layout.addWidget(self.status_line)

    def _build_list(self) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        self.routine_list = QListWidget()
        self.routine_list.setAccessibleName("Routines")
        self.routine_list.setAlternatingRowColors(True)
        self.new_button = QPushButton("New routine")
        self.list_hint = label(
            "No routines yet. Make one here, or open a workout in History and choose "
            "Save as routine.",
            "muted",
            word_wrap=True,
        )
        box.addWidget(self.routine_list, 1)
        box.addWidget(self.list_hint)
        box.addWidget(self.new_button)
        column.setMinimumWidth(220)
        return column

    def _build_editor(self) -> QWidget:
        card = Card()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Routine name, e.g. Push day")
        self.name.setAccessibleName("Routine name")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Notes for the whole session (optional)")
        self.notes.setAccessibleName("Routine notes")
        days = QHBoxLayout()
        self.day_boxes = [QCheckBox(name) for name in WEEKDAY_NAMES]
        for box in self.day_boxes:
            days.addWidget(box)
        days.addStretch(1)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Notes", self.notes)
        form.addRow("Scheduled on", days)
        card.body.addLayout(form)
        card.body.addWidget(label(SCHEDULE_HINT, "muted", word_wrap=True))
        card.body.addWidget(self._build_table(), 1)
        card.body.addLayout(self._build_row_buttons())
        card.body.addLayout(self._build_save_buttons())
        self.editor_stack = QStackedWidget()
        self.editor_stack.addWidget(card)
        return self.editor_stack

    def _build_table(self) -> QTableWidget:
        self.table = QTableWidget(0, len(COLUMN_TITLES))
        self.table.setHorizontalHeaderLabels(list(COLUMN_TITLES))
        self.table.setAccessibleName("Exercises")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(COLUMN_TITLES) - 1, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(COLUMN_WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
        return self.table

    def _build_row_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("Add exercise…")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(button)
        row.addStretch(1)
        self.load_hint = label("", "muted")
        row.addWidget(self.load_hint)
        return row

    def _build_save_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = QPushButton("Save routine")
        self.save_button.setProperty("role", "primary")
        self.start_button = QPushButton("Start in logger")
        self.start_button.setToolTip("Log this routine now (it is saved first)")
        self.delete_button = QPushButton("Delete routine…")
        self.delete_button.setProperty("role", "danger")
        row.addWidget(self.save_button)
        row.addWidget(self.start_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        return row

    def _bind(self) -> None:
        self.errors = FieldErrors(self.general_error)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.routines_changed.connect(self._on_routines_changed)
        self.vm.draft_changed.connect(self._on_draft_changed)
        self.vm.status.connect(self.status_line.flash)
        self.vm.start_requested.connect(self._on_start_requested)
        self.routine_list.currentItemChanged.connect(self._on_routine_list_current_item_changed)
        self.new_button.clicked.connect(self.vm.new_routine)
        self.name.textEdited.connect(self.vm.set_name)
        self.notes.textEdited.connect(self.vm.set_notes)
        for day, box in enumerate(self.day_boxes):
            box.toggled.connect(lambda on, d=day: self._on_day_toggled(d, on))
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.save_button.clicked.connect(self.vm.save)
        self.start_button.clicked.connect(self.vm.start)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self._on_draft_changed()

    # --- slots: view-model -------------------------------------------------------------------

    def _on_routines_changed(self) -> None:
        self._filling = True
        self.routine_list.clear()
        for routine in self.vm.routines:
            item = QListWidgetItem(f"{routine.name}\n{summary(routine)}")
            item.setData(ID_ROLE, routine.id)
            self.routine_list.addItem(item)
        self._mark_selected()
        self._filling = False
        self.list_hint.setVisible(not self.vm.routines)

    def _on_draft_changed(self) -> None:
        self._filling = True
        self.name.setText(self.vm.name)
        self.notes.setText(self.vm.notes)
        for day, box in enumerate(self.day_boxes):
            box.setChecked(day in self.vm.weekdays)
        self.table.setRowCount(len(self.vm.rows))
        for index, row in enumerate(self.vm.rows):
            name = QTableWidgetItem(row.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(index, 0, name)
            for column, field in enumerate(CELL_FIELDS, start=1):
                cell = QTableWidgetItem(getattr(row, field))
                if field != "notes":
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(index, column, cell)
        unit = self.vm.unit.value.lower()
        self.table.setHorizontalHeaderItem(4, QTableWidgetItem(f"Load ({unit})"))
        self.load_hint.setText("Reps: 8 or a range 8-12 · RPE or load, either or both")
        self._mark_selected()
        self.delete_button.setEnabled(self.vm.selected_id is not None)
        self._filling = False

    def _on_start_requested(self, routine_id: int) -> None:
        window = self.window()
        show_page = getattr(window, "show_page", None)
        if not callable(show_page):
            return
        logger = show_page("log")
        start = getattr(logger, "start_routine", None)
        if callable(start):
            start(routine_id)

    # --- slots: widgets ------------------------------------------------------------------------

    def _on_routine_list_current_item_changed(
        self, item: QListWidgetItem | None, *_: object
    ) -> None:
        if self._filling or item is None:
            return
        routine_id = item.data(ID_ROLE)
        if routine_id == self.vm.selected_id:
            return
        if self.vm.dirty and not self.confirm(
            "Unsaved changes", "Leave this routine without saving your changes?", "Leave"
        ):
            self._mark_selected()
            return
        self.vm.select(int(routine_id))

    def _on_day_toggled(self, day: int, on: bool) -> None:
        if not self._filling:
            self.vm.set_weekday(day, on)

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() == 0:
            return
        self.vm.set_cell(item.row(), CELL_FIELDS[item.column() - 1], item.text())

    def _on_add_button_clicked(self) -> None:
        picker = LibraryPicker(self.library_vm, "Add exercise", self)
        picker.picked.connect(self._on_picker_picked)
        picker.finished.connect(picker.deleteLater)
        self.picker = picker
        picker.open()

    def _on_picker_picked(self, choice: MovementChoice) -> None:
        self.vm.add_exercise(choice)
        self.table.selectRow(len(self.vm.rows) - 1)

    def _on_remove_button_clicked(self) -> None:
        self.vm.remove_row(self.table.currentRow())

    def _on_delete_button_clicked(self) -> None:
        question = self.vm.delete_question()
        if question and self.confirm("Delete routine", question, "Delete routine"):
            self.vm.delete()

    # --- helpers -------------------------------------------------------------------------------

    def _move(self, delta: int) -> None:
        now = self.vm.move_row(self.table.currentRow(), delta)
        self.table.selectRow(now)

    def _mark_selected(self) -> None:
        for index in range(self.routine_list.count()):
            item = self.routine_list.item(index)
            if item.data(ID_ROLE) == self.vm.selected_id:
                self.routine_list.setCurrentItem(item)
                return
        self.routine_list.clearSelection()
