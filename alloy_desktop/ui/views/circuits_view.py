"""The Circuits page: benchmark circuits by type, one circuit's detail, and the admin editor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.circuits import (
    CircuitDetail,
    CircuitDraft,
    CircuitRow,
    CircuitsViewModel,
    ExerciseDraft,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import LibrarySearchViewModel, MovementChoice
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import ActiveWhileShown, Card, FieldErrors, StatusLabel, label
from alloy_desktop.ui.widgets.library_picker import LibraryPicker

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_MS = 6000  # how long a confirmation stays in the header
LIST_COLUMNS = ("Circuit", "Type", "Time cap")
DETAIL_COLUMNS = ("Movement", "Work", "Men", "Women", "Notes")
EDIT_COLUMNS = ("", "Movement", "Reps", "Metres", "Time", "Cal", "Men", "Women", "Notes")
NARROW = 64  # px: the number columns of the editor
LOAD_WIDTH = 88  # px: the load columns, wide enough for their "Women (kg)" header


def page_style(c: theme.Colours) -> str:
    return f"""
    QLabel#circuitName {{ font-size: 20pt; font-weight: 700; }}
    QLabel#factValue {{ font-size: 13pt; font-weight: 600; }}
    QLabel#factCaption {{ color: {c.muted}; }}
    QLabel#editHeader {{ color: {c.muted}; font-weight: 600; }}
    QPlainTextEdit#rawSource {{ background: {c.window}; border: 1px solid {c.grid};
        border-radius: 4px; }}
    QTableWidget {{ font-size: 11pt; }}
    QTableWidget::item {{ padding: 4px 6px; }}
    """


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _read_only_table(columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    return table


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def _discard(widget: QWidget) -> None:
    """Removes a widget from sight now; deleteLater alone leaves it painted until the loop runs."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _fit_height(table: QTableWidget) -> None:
    """Sizes a table to its rows, so the page scrolls instead of the table."""
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + table.verticalHeader().length()
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


class _ExerciseRow:
    """One exercise in the editor: a row of fields in the shared grid, its error line below."""

    def __init__(self, draft: ExerciseDraft, index: int) -> None:
        self.draft = draft
        self.number = label(str(index + 1), "muted")
        self.movement = QPushButton(draft.movement_name)
        self.movement.setToolTip("Choose a different movement from the library")
        self.movement.setAccessibleName(f"Exercise {index + 1} movement")
        self.reps = self._edit(draft.reps, "reps", index)
        self.distance = self._edit(draft.distance_m, "distance in metres", index)
        self.duration = self._edit(draft.duration, "time, like 1:30", index)
        self.duration.setPlaceholderText("m:ss")
        self.calories = self._edit(draft.calories, "calories", index)
        self.load_male = self._edit(draft.load_male, "men's load", index, LOAD_WIDTH)
        self.load_female = self._edit(draft.load_female, "women's load", index, LOAD_WIDTH)
        self.notes = QLineEdit(draft.notes)
        self.notes.setAccessibleName(f"Exercise {index + 1} notes")
        self.up = self._tool("↑", "Move up")
        self.down = self._tool("↓", "Move down")
        self.remove = self._tool("✕", "Remove this exercise")
        self.error = QLabel()

    @staticmethod
    def _edit(text: str, what: str, index: int, width: int = NARROW) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setFixedWidth(width)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setAccessibleName(f"Exercise {index + 1} {what}")
        edit.setToolTip(what.capitalize())
        return edit

    @staticmethod
    def _tool(text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def fields(self) -> list[QWidget]:
        return [
            self.number, self.movement, self.reps, self.distance, self.duration, self.calories,
            self.load_male, self.load_female, self.notes,
        ]  # fmt: skip

    def bind(self, errors: FieldErrors, index: int) -> None:
        """Routes the api's "exercises[i].<name>" errors to this row's fields."""
        field = f"exercises[{index}]"
        errors.bind(field, self.movement, self.error)
        for name, widget in (
            ("movement_id", self.movement), ("reps", self.reps), ("distance_m", self.distance),
            ("duration_seconds", self.duration), ("calories", self.calories),
            ("load_male_kg", self.load_male), ("load_female_kg", self.load_female),
            ("notes", self.notes),
        ):  # fmt: skip
            errors.bind(f"{field}.{name}", widget, self.error)

    def value(self) -> ExerciseDraft:
        return ExerciseDraft(
            movement_id=self.draft.movement_id,
            movement_name=self.draft.movement_name,
            reps=self.reps.text(),
            distance_m=self.distance.text(),
            duration=self.duration.text(),
            calories=self.calories.text(),
            load_male=self.load_male.text(),
            load_female=self.load_female.text(),
            notes=self.notes.text(),
            source=self.draft.source,
        )


class CircuitsView(ActiveWhileShown, QWidget):
    """Where a lifter browses benchmark circuits and an admin corrects them."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = CircuitsViewModel(session, self)
        self.rows: list[_ExerciseRow] = []
        self.picker: LibraryPicker | None = None
        self._picking_row: int | None = None  # None: the picker adds a new exercise
        self._build()
        self._bind()
        self.restyle()
        self.vm.refresh()

    # --- page protocol ----------------------------------------------------------------

    def activate(self) -> None:
        """Shown: reload if circuits or the weight unit changed meanwhile."""
        self.vm.active = True
        self.vm.ensure_fresh()
        if not self.vm.editing:
            self.table.setFocus()  # arrow keys walk the list straight away

    def restyle(self) -> None:
        self.setStyleSheet(page_style(theme.current()))

    def can_close(self) -> bool:
        """An admin's unsaved edits are only thrown away when they say so."""
        if not self.vm.has_edits(self.draft()):
            return True
        return self._confirm_discard()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._build_header())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.list_panel = self._build_list()
        self.splitter.addWidget(self.list_panel)
        self.pages = QStackedWidget()
        self.empty = label("Choose a circuit to see its movements and loads.", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_page = self._build_detail()
        self.edit_page = self._build_editor()
        for page in (self.empty, _scrolled(self.detail_page), _scrolled(self.edit_page)):
            self.pages.addWidget(page)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([420, 640])
        layout.addWidget(self.splitter, 1)

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.addWidget(label("Circuits", "title"))
        header.addStretch(1)
        self.status = StatusLabel(STATUS_MS)
        self.general_error = label("", "error", word_wrap=True)
        self.general_error.hide()
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.general_error, 0, Qt.AlignmentFlag.AlignBottom)
        return header

    def _build_list(self) -> QWidget:
        panel = Card()
        filters = QHBoxLayout()
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Circuit type")
        for value, words in self.vm.type_choices():
            self.type_filter.addItem(words, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find by name (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.type_filter)
        filters.addWidget(self.search, 1)
        self.table = _read_only_table(LIST_COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.count = label("", "muted")
        panel.body.addLayout(filters)
        panel.body.addWidget(self.table, 1)
        panel.body.addWidget(self.count)
        return panel

    def _build_detail(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 6, 0)
        card = Card()
        top = QHBoxLayout()
        self.name = label("")
        self.name.setObjectName("circuitName")
        self.edit_button = QPushButton("Edit circuit")
        self.edit_button.setToolTip("Correct this circuit's movements and loads (Ctrl+E)")
        self.edit_button.setVisible(self.vm.is_admin)  # only admins may change circuits
        top.addWidget(self.name, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = label("", "badge")
        self.kind_hint = label("", "muted")
        kind_line = QHBoxLayout()
        kind_line.addWidget(self.kind)
        kind_line.addWidget(self.kind_hint, 1)
        self.description = label("", word_wrap=True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(28)
        self.exercises = _read_only_table(DETAIL_COLUMNS)
        header = self.exercises.horizontalHeader()
        for i in range(len(DETAIL_COLUMNS)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        card.body.addLayout(top)
        card.body.addLayout(kind_line)
        card.body.addWidget(self.description)
        card.body.addLayout(self.facts)
        card.body.addWidget(label("Movements", "subtitle"))
        card.body.addWidget(self.exercises)
        column.addWidget(card)
        column.addStretch(1)
        return page

    def _build_editor(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(12)
        card = Card()
        self.edit_title = label("", "subtitle")
        card.body.addWidget(self.edit_title)
        card.body.addLayout(self._build_edit_fields())
        self.rep_scheme_note = label("", "muted", word_wrap=True)
        card.body.addWidget(self.rep_scheme_note)
        card.body.addWidget(label("Movements", "subtitle"))
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        card.body.addWidget(self.grid_host)
        self.add_exercise = QPushButton("Add exercise…")
        self.exercises_error = QLabel()
        self.edit_error = QLabel()
        card.body.addWidget(self.add_exercise, 0, Qt.AlignmentFlag.AlignLeft)
        card.body.addWidget(self.exercises_error)
        card.body.addWidget(self.edit_error)
        card.body.addLayout(self._build_edit_buttons())
        column.addWidget(card)
        column.addWidget(self._build_raw_card())
        column.addStretch(1)
        self.errors = FieldErrors(self.edit_error)
        return page

    def _build_edit_fields(self) -> QGridLayout:
        form = QGridLayout()
        self.edit_description = QPlainTextEdit()
        self.edit_description.setFixedHeight(84)
        self.edit_description.setTabChangesFocus(True)
        self.edit_description.setAccessibleName("Description")
        self.edit_rounds = QLineEdit()
        self.edit_rounds.setPlaceholderText("—")
        self.edit_rounds.setFixedWidth(90)
        self.edit_rounds.setAccessibleName("Rounds")
        self.edit_cap = QLineEdit()
        self.edit_cap.setPlaceholderText("—")
        self.edit_cap.setFixedWidth(90)
        self.edit_cap.setAccessibleName("Time cap in minutes")
        self.description_error = QLabel()
        self.rounds_error = QLabel()
        self.cap_error = QLabel()
        form.addWidget(label("Description"), 0, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.edit_description, 0, 1, 1, 3)
        form.addWidget(self.description_error, 1, 1, 1, 3)
        form.addWidget(label("Rounds"), 2, 0)
        form.addWidget(self.edit_rounds, 2, 1)
        form.addWidget(label("Time cap (min)"), 2, 2, Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.edit_cap, 2, 3, Qt.AlignmentFlag.AlignLeft)
        form.addWidget(self.rounds_error, 3, 1)
        form.addWidget(self.cap_error, 3, 3)
        form.setColumnStretch(3, 1)
        return form

    def _build_edit_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Leave the editor (Esc)")
        self.save_button = QPushButton("Save circuit")
        self.save_button.setProperty("role", "primary")
        self.save_button.setToolTip("Save the changes (Ctrl+S)")
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _build_raw_card(self) -> Card:
        card = Card("Source workout")
        card.body.addWidget(
            label("The workout as scraped, before it was matched to the library.", "muted")
        )
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("rawSource")
        self.raw.setReadOnly(True)
        self.raw.setMinimumHeight(220)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.raw.setFont(font)
        card.body.addWidget(self.raw)
        return card

    # --- wiring -----------------------------------------------------------------------

    def _bind(self) -> None:
        self.type_filter.currentIndexChanged.connect(self._on_type_filter_changed)
        self.search.textChanged.connect(self._on_search_changed)
        self.table.currentCellChanged.connect(self._on_table_current_changed)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.add_exercise.clicked.connect(self._on_add_exercise_clicked)
        self.vm.circuits_changed.connect(self._on_circuits_changed)
        self.vm.detail_changed.connect(self._on_detail_changed)
        self.vm.edit_ready.connect(self._on_edit_ready)
        self.vm.editing_changed.connect(self._on_editing_changed)
        self.vm.saved.connect(self._on_saved)
        self.vm.error.connect(self._on_error)
        self.vm.errors_cleared.connect(self._on_errors_cleared)
        self.vm.busy_changed.connect(self._on_busy_changed)
        shortcuts = (
            ("Ctrl+F", self._on_find_shortcut),
            ("Ctrl+E", self._on_edit_clicked),
            ("Ctrl+S", self._on_save_shortcut),
            ("Escape", self._on_escape_shortcut),
        )
        for keys, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- reading the editor -----------------------------------------------------------

    def draft(self) -> CircuitDraft:
        """The editor's form as it stands."""
        return CircuitDraft(
            description=self.edit_description.toPlainText(),
            rounds=self.edit_rounds.text(),
            time_cap_minutes=self.edit_cap.text(),
            exercises=tuple(row.value() for row in self.rows),
        )

    def select_circuit(self, name: str) -> bool:
        """Selects the listed circuit with this name; False if it isn't listed."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.text() == name:
                self.table.setCurrentCell(row, 0)
                return True
        return False

    # --- list -------------------------------------------------------------------------

    def _on_type_filter_changed(self, _index: int) -> None:
        self.vm.set_kind(str(self.type_filter.currentData() or ""))

    def _on_search_changed(self, text: str) -> None:
        self.vm.set_search(text)

    def _on_find_shortcut(self) -> None:
        if not self.vm.editing:
            self.search.setFocus()
            self.search.selectAll()

    def _on_circuits_changed(self, rows: Sequence[CircuitRow]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            name = _item(row.name)
            name.setData(ID_ROLE, row.id)
            name.setToolTip(row.description)
            self.table.setItem(i, 0, name)
            self.table.setItem(i, 1, _item(row.kind))
            self.table.setItem(i, 2, _item(row.time_cap))
        self.table.blockSignals(False)
        self.count.setText(self.vm.count_text())

    def _sync_list(self, circuit_id: int | None) -> None:
        """Highlights the shown circuit in the list without asking for it again."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == circuit_id:
                self.table.blockSignals(True)
                self.table.setCurrentCell(row, 0)
                self.table.blockSignals(False)
                return

    def _on_table_current_changed(self, row: int, *_args: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        circuit_id = item.data(ID_ROLE) if item is not None else None
        if circuit_id != self.vm.selected_id:
            self.vm.select(circuit_id if isinstance(circuit_id, int) else None)

    # --- detail -----------------------------------------------------------------------

    def _on_detail_changed(self, detail: CircuitDetail | None) -> None:
        if detail is None:
            self.pages.setCurrentIndex(0)
            return
        self._sync_list(detail.id)
        self.name.setText(detail.name)
        self.kind.setText(detail.kind)
        hint = f"{detail.category} · {detail.kind_hint}" if detail.category else detail.kind_hint
        self.kind_hint.setText(hint)
        self.description.setText(detail.description or "No description.")
        self._show_facts(detail.facts)
        self._show_exercises(detail)
        if not self.vm.editing:
            self.pages.setCurrentIndex(1)

    def _show_facts(self, facts: Sequence[tuple[str, str]]) -> None:
        while self.facts.count():
            taken = self.facts.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                _discard(widget)
        for column in range(self.facts.columnCount()):
            self.facts.setColumnStretch(column, 0)
        for i, (caption, value) in enumerate(facts):
            top = label(caption)
            top.setObjectName("factCaption")
            bottom = label(value, word_wrap=True)
            bottom.setObjectName("factValue")
            self.facts.addWidget(top, 0, i)
            self.facts.addWidget(bottom, 1, i)
        self.facts.setColumnStretch(len(facts), 1)

    def _show_exercises(self, detail: CircuitDetail) -> None:
        headers = ["Movement", "Work", f"Men ({detail.unit})", f"Women ({detail.unit})", "Notes"]
        self.exercises.setHorizontalHeaderLabels(headers)
        self.exercises.setRowCount(len(detail.exercises))
        for i, ex in enumerate(detail.exercises):
            values = (ex.movement, ex.amount, ex.load_male, ex.load_female, ex.notes)
            for column, text in enumerate(values):
                item = _item(text)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.exercises.setItem(i, column, item)
        _fit_height(self.exercises)

    # --- editing ----------------------------------------------------------------------

    def _on_edit_clicked(self) -> None:
        if self.vm.is_admin and self.vm.selected_id is not None and not self.vm.editing:
            self.vm.start_edit()

    def _on_edit_ready(self, draft: CircuitDraft, raw: str) -> None:
        detail = self.vm.detail
        self.edit_title.setText(f"Editing {detail.name}" if detail else "Editing")
        self.edit_description.setPlainText(draft.description)
        self.edit_rounds.setText(draft.rounds)
        self.edit_cap.setText(draft.time_cap_minutes)
        scheme = next((v for k, v in detail.facts if k == "Rep scheme"), "") if detail else ""
        self.rep_scheme_note.setText(
            f"Rep scheme {scheme}: every movement follows it, so reps may stay blank."
            if scheme
            else ""
        )
        self.rep_scheme_note.setVisible(bool(scheme))
        self.raw.setPlainText(raw)
        self._fill_rows(draft.exercises)

    def _on_editing_changed(self, editing: bool) -> None:
        # The list is hidden while editing: the editor needs the width, and switching
        # circuits mid-edit would only raise a "discard changes?" question.
        self.list_panel.setVisible(not editing)
        self.pages.setCurrentIndex(2 if editing else (1 if self.vm.detail else 0))
        if editing:
            self.edit_description.setFocus()
        else:
            self.table.setFocus()

    def _fill_rows(self, drafts: Sequence[ExerciseDraft]) -> None:
        """Rebuilds the editor grid from these rows (after loading, adding, moving or removing)."""
        self._clear_grid()
        unit = self.vm.detail.unit if self.vm.detail else ""
        for column, text in enumerate(EDIT_COLUMNS):
            words = f"{text} ({unit})" if text in ("Men", "Women") else text
            header = label(words)
            header.setObjectName("editHeader")
            self.grid.addWidget(header, 0, column)
        self.errors = FieldErrors(self.edit_error)
        self.errors.bind("description", self.edit_description, self.description_error)
        self.errors.bind("rounds", self.edit_rounds, self.rounds_error)
        self.errors.bind("time_cap_minutes", self.edit_cap, self.cap_error)
        self.errors.bind("exercises", self.add_exercise, self.exercises_error)
        self.rows = [_ExerciseRow(d, i) for i, d in enumerate(drafts)]
        for i, row in enumerate(self.rows):
            self._place(row, i)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(8, 2)

    def _place(self, row: _ExerciseRow, index: int) -> None:
        line = 1 + 2 * index
        for column, widget in enumerate(row.fields()):
            self.grid.addWidget(widget, line, column)
        actions = QWidget()
        buttons = QHBoxLayout(actions)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(0)
        for button in (row.up, row.down, row.remove):
            buttons.addWidget(button)
        row.up.setEnabled(index > 0)
        row.down.setEnabled(index < len(self.rows) - 1)
        self.grid.addWidget(actions, line, len(EDIT_COLUMNS))
        self.grid.addWidget(row.error, line + 1, 1, 1, len(EDIT_COLUMNS))
        row.bind(self.errors, index)
        row.movement.clicked.connect(lambda _=False, i=index: self._on_movement_clicked(i))
        row.up.clicked.connect(lambda _=False, i=index: self._on_move_clicked(i, -1))
        row.down.clicked.connect(lambda _=False, i=index: self._on_move_clicked(i, +1))
        row.remove.clicked.connect(lambda _=False, i=index: self._on_remove_clicked(i))

    def _clear_grid(self) -> None:
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                _discard(widget)

    def _on_move_clicked(self, index: int, step: int) -> None:
        drafts = [row.value() for row in self.rows]
        target = index + step
        drafts[index], drafts[target] = drafts[target], drafts[index]
        self._fill_rows(drafts)

    def _on_remove_clicked(self, index: int) -> None:
        drafts = [row.value() for row in self.rows]
        del drafts[index]
        self._fill_rows(drafts)

    def _on_movement_clicked(self, index: int) -> None:
        self._open_picker(index, "Swap movement")

    def _on_add_exercise_clicked(self) -> None:
        self._open_picker(None, "Add exercise")

    def _open_picker(self, row: int | None, title: str) -> None:
        self._picking_row = row
        picker = LibraryPicker(LibrarySearchViewModel(self.session), title, self)
        picker.set_action_text("Add" if row is None else "Swap")
        picker.picked.connect(self._on_picker_picked)
        picker.finished.connect(picker.deleteLater)
        self.picker = picker
        picker.open()

    def _on_picker_picked(self, choice: MovementChoice) -> None:
        drafts = [row.value() for row in self.rows]
        index = self._picking_row
        if index is None:
            drafts.append(self.vm.new_exercise(choice.movement_id, choice.name))
        elif 0 <= index < len(drafts):
            drafts[index] = self.vm.swap_movement(drafts[index], choice.movement_id, choice.name)
        self._fill_rows(drafts)
        self.picker = None

    def _on_save_clicked(self) -> None:
        self.vm.save_edit(self.draft())

    def _on_save_shortcut(self) -> None:
        if self.vm.editing:
            self._on_save_clicked()

    def _on_cancel_clicked(self) -> None:
        if self.vm.has_edits(self.draft()) and not self._confirm_discard():
            return
        self.vm.cancel_edit()

    def _on_escape_shortcut(self) -> None:
        if self.vm.editing:
            self._on_cancel_clicked()

    def _confirm_discard(self) -> bool:
        name = self.vm.detail.name if self.vm.detail else "this circuit"
        answer = QMessageBox.question(
            self,
            "Discard changes",
            f"Discard your unsaved changes to {name}?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    # --- feedback ---------------------------------------------------------------------

    def _on_saved(self, message: str) -> None:
        self.status.flash(message)

    def _on_error(self, field: str, message: str) -> None:
        if not self.vm.editing:
            self.general_error.setText(message)
            self.general_error.show()
            return
        self.errors.show(field, message)
        invalid = self._first_invalid()
        if invalid is not None:
            area = self.pages.currentWidget()
            if isinstance(area, QScrollArea):
                area.ensureWidgetVisible(invalid, 40, 80)
            invalid.setFocus()

    def _first_invalid(self) -> QWidget | None:
        candidates: list[QWidget] = [self.edit_description, self.edit_rounds, self.edit_cap]
        for row in self.rows:
            candidates.extend(row.fields()[1:])
        return next((w for w in candidates if w.property("invalid") is True), None)

    def _on_errors_cleared(self) -> None:
        self.general_error.hide()
        self.errors.clear()

    def _on_busy_changed(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("Saving…" if busy and self.vm.editing else "Save circuit")
