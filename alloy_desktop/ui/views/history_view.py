"""The History page: every workout, searchable, opened to fix, delete or copy, with undo."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import SetType
from alloy_desktop.domain.metrics import to_display
from alloy_desktop.ui.viewmodels.history import (
    ANY_MOVEMENT,
    ID_ROLE,
    SET_TYPE_NAMES,
    Change,
    HistoryViewModel,
    SetForm,
    date_text,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import (
    LibrarySearchViewModel,
    MovementChoice,
    format_duration,
    format_number,
    format_volume,
)
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import ActiveWhileShown, Card, FieldErrors, StatusLabel, label
from alloy_desktop.ui.widgets.library_picker import LibraryPicker

STATUS_MS = 8000
SEARCH_DELAY_MS = 200  # one search when the typing pauses, not one per key
LIST_WIDTH = 540  # the splitter's first split at 1280 x 800; the lifter can drag it
DETAIL_WIDTH = 510
SET_ROLE = Qt.ItemDataRole.UserRole + 2  # a set row: its id; an exercise row: -1 - its index
DETAIL_COLUMNS = ("Set", "Weight", "Reps", "RPE", "Type", "e1RM", "Note")
SPANS: tuple[tuple[str, int | None], ...] = (
    ("Any time", None),
    ("Last 4 weeks", 28),
    ("Last 3 months", 91),
    ("Last 12 months", 365),
    ("Between…", -1),
)
BETWEEN = -1


def page_style(c: theme.Colours) -> str:
    return f"""
    QTableView, QTreeWidget {{ font-size: 11pt; }}
    QLabel#workoutTitle {{ font-size: 15pt; font-weight: 600; }}
    QLabel#stats {{ color: {c.muted}; }}
    QLabel#records {{ color: {c.good}; font-weight: 600; }}
    QPushButton[role="danger"]:disabled {{ color: {c.muted}; }}
    """


class _Command(QUndoCommand):
    """One edit on the undo stack; it was saved before it was pushed, so the push does nothing."""

    def __init__(self, vm: HistoryViewModel, change: Change) -> None:
        super().__init__(change.text)
        self._vm = vm
        self._change = change
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # QUndoStack.push calls redo(): the edit is already saved
            return
        self._vm.apply(self._change)

    def undo(self) -> None:
        self._vm.revert(self._change)


class HistoryView(ActiveWhileShown, QWidget):
    """The list of workouts on the left, the open workout with its sets on the right."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = HistoryViewModel(session, self)
        self.library_vm = LibrarySearchViewModel(session, self)
        self.picker: LibraryPicker | None = None
        self.undo_stack = QUndoStack(self)
        self._build()
        self._bind()
        self.restyle()
        if session.read_only:
            self._show_read_only()

    # --- the page's contract with the main window -----------------------------------------

    def activate(self) -> None:
        self.vm.active = True
        self.vm.ensure_fresh()

    def restyle(self) -> None:
        self.setStyleSheet(page_style(theme.current()))

    def confirm(self, title: str, text: str, yes: str) -> bool:
        """Asks a yes/no question (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        accept = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_filters())
        self.general_error = QLabel()
        layout.addWidget(self.general_error)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([LIST_WIDTH, DETAIL_WIDTH])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.status_line = StatusLabel(STATUS_MS)
        layout.addWidget(self.status_line)

    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label("History", "title"))
        row.addSpacing(12)
        self.count_label = label("", "muted")
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_button = self._tool_button(self.undo_action)
        self.redo_button = self._tool_button(self.redo_action)
        row.addWidget(self.undo_button)
        row.addWidget(self.redo_button)
        return row

    def _tool_button(self, action: QAction) -> QToolButton:
        # Shortcuts while the page (or anything in it) has the focus, as a page-wide Edit menu.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search workouts and exercises")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        row.addWidget(self.search, 2)
        self.movement_filter = QComboBox()
        self.movement_filter.setAccessibleName("Movement")
        self.movement_filter.setMinimumWidth(200)
        self.movement_filter.addItem("Every movement", ANY_MOVEMENT)
        row.addWidget(self.movement_filter, 1)
        self.span = QComboBox()
        self.span.setAccessibleName("Dates")
        for text, days in SPANS:
            self.span.addItem(text, days)
        row.addWidget(self.span)
        today = _qdate(self.session.today())
        self.since = _date_edit("From", today.addMonths(-1))
        self.until = _date_edit("To", today)
        for edit in (self.since, self.until):
            edit.hide()
            row.addWidget(edit)
        return row

    def _build_list(self) -> QWidget:
        self.table = QTableView()
        self.table.setModel(self.vm.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Every row the same height, known up front: scrolling 5,000 rows never measures them.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Workouts")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 142), (2, 70), (3, 44), (4, 90), (5, 46)):
            self.table.setColumnWidth(column, width)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_empty = label("", "muted", word_wrap=True)
        self.list_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack.addWidget(self.list_empty)
        return self.list_stack

    def _build_detail(self) -> QWidget:
        self.detail_stack = QStackedWidget()
        self.detail_empty = label("Choose a workout to see its sets.", "muted", word_wrap=True)
        self.detail_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_stack.addWidget(self.detail_empty)
        card = Card()
        self.workout_title = label("")
        self.workout_title.setObjectName("workoutTitle")
        self.workout_title.setWordWrap(True)
        self.stats = label("", word_wrap=True)
        self.stats.setObjectName("stats")
        self.records = label("", word_wrap=True)
        self.records.setObjectName("records")
        card.body.addWidget(self.workout_title)
        card.body.addWidget(self.stats)
        card.body.addWidget(self.records)
        self.sets = QTreeWidget()
        self.sets.setColumnCount(len(DETAIL_COLUMNS))
        self.sets.setHeaderLabels(list(DETAIL_COLUMNS))
        self.sets.setRootIsDecorated(False)
        self.sets.setAlternatingRowColors(True)
        self.sets.setAccessibleName("Sets")
        for column, width in enumerate((44, 80, 46, 42, 84, 60)):
            self.sets.setColumnWidth(column, width)
        self.sets.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        card.body.addWidget(self.sets, 1)
        card.body.addLayout(self._build_form())
        card.body.addLayout(self._build_actions())
        card.setMinimumWidth(470)
        self.detail_stack.addWidget(card)
        return self.detail_stack

    def _show_read_only(self) -> None:
        """Someone else's history (a coach's view): the sets are shown, no editing offered."""
        for layout in (self._form_grid, self._actions):
            _hide_widgets(layout)
        self.undo_button.hide()
        self.redo_button.hide()

    def _build_form(self) -> QGridLayout:
        grid = QGridLayout()
        self._form_grid = grid
        grid.setHorizontalSpacing(6)
        self.weight = _entry("Weight", 70)
        self.reps = _entry("Reps", 50)
        self.rpe = _entry("RPE", 50)
        self.set_type = QComboBox()
        self.set_type.setAccessibleName("Set type")
        for kind, words in SET_TYPE_NAMES.items():
            self.set_type.addItem(words, kind)
        self.note = _entry("Note", 0)
        self.note.setPlaceholderText("Note")
        self.save_set = QPushButton("Save set")
        self.save_set.setProperty("role", "primary")
        self.save_set.setToolTip("Save the selected set as typed (Enter)")
        self.unit_label = label("kg", "muted")
        widgets = (self.weight, self.unit_label, self.reps, self.rpe, self.set_type, self.note)
        for column, caption in enumerate(("Weight", "", "Reps", "RPE", "Type", "Note")):
            grid.addWidget(label(caption, "muted"), 0, column)
        for column, widget in enumerate(widgets):
            grid.addWidget(widget, 1, column)
        grid.setColumnStretch(5, 1)
        return grid

    def _build_actions(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self._actions = box
        first = QHBoxLayout()
        first.addWidget(self.save_set)
        self.add_set = QPushButton("Add set")
        self.add_set.setToolTip("Add the set typed above to the selected exercise")
        self.remove_set = QPushButton("Remove set")
        self.add_exercise = QPushButton("Add exercise…")
        self.add_exercise.setToolTip("Add a movement with the set typed above")
        self.remove_exercise = QPushButton("Remove exercise")
        for button in (self.add_set, self.remove_set):
            first.addWidget(button)
        first.addStretch(1)
        exercises = QHBoxLayout()
        for button in (self.add_exercise, self.remove_exercise):
            exercises.addWidget(button)
        exercises.addStretch(1)
        second = QHBoxLayout()
        self.move_date = _date_edit("Workout date", _qdate(self.session.today()))
        self.move_date.show()
        self.move_button = QPushButton("Move to date")
        self.copy_button = QPushButton("Save as routine")
        self.copy_button.setToolTip("Make a routine of this workout to run again")
        self.delete_button = QPushButton("Delete workout…")
        self.delete_button.setProperty("role", "danger")
        exercises.insertWidget(2, self.copy_button)
        for widget in (self.move_date, self.move_button):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.delete_button)
        box.addLayout(first)
        box.addLayout(exercises)
        box.addLayout(second)
        return box

    def _bind(self) -> None:
        self.errors = FieldErrors(self.general_error)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.movements_changed.connect(self._on_movements_changed)
        self.vm.total_changed.connect(self._on_total_changed)
        self.vm.detail_changed.connect(self._on_detail_changed)
        self.vm.status.connect(self.status_line.flash)
        self.vm.applied.connect(self._on_applied)
        self.vm.undo_failed.connect(self._on_undo_failed)
        self.vm.routine_made.connect(self._on_routine_made)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search_timer.timeout.connect(self._on_search_timer_timeout)
        self.movement_filter.activated.connect(self._on_movement_filter_activated)
        self.span.activated.connect(self._on_span_activated)
        self.since.dateChanged.connect(self._on_range_changed)
        self.until.dateChanged.connect(self._on_range_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.vm.model.modelReset.connect(self._on_model_reset)
        self.sets.currentItemChanged.connect(self._on_sets_current_item_changed)
        for entry in (self.weight, self.reps, self.rpe, self.note):
            entry.returnPressed.connect(self._on_save_set_clicked)
        self.save_set.clicked.connect(self._on_save_set_clicked)
        self.add_set.clicked.connect(self._on_add_set_clicked)
        self.remove_set.clicked.connect(self._on_remove_set_clicked)
        self.add_exercise.clicked.connect(self._on_add_exercise_clicked)
        self.remove_exercise.clicked.connect(self._on_remove_exercise_clicked)
        self.move_button.clicked.connect(self._on_move_button_clicked)
        self.copy_button.clicked.connect(self.vm.copy_to_routine)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self._on_detail_changed(None)

    # --- slots: view-model -------------------------------------------------------------------

    def _on_movements_changed(self) -> None:
        chosen = self.movement_filter.currentData()
        self.movement_filter.clear()
        self.movement_filter.addItem("Every movement", ANY_MOVEMENT)
        for movement_id, name in sorted(self.vm.movements, key=lambda m: m[1].casefold()):
            self.movement_filter.addItem(name, movement_id)
        self.movement_filter.setCurrentIndex(max(0, self.movement_filter.findData(chosen)))
        self.unit_label.setText(self.vm.unit.value.lower())

    def _on_total_changed(self, total: int) -> None:
        filtered = self.vm.query != schemas.HistoryQuery()
        noun = "workout" if total == 1 else "workouts"
        self.count_label.setText(f"{total:,} {noun}" + (" found" if filtered else ""))
        if total:
            self.list_stack.setCurrentWidget(self.table)
            return
        self.list_empty.setText(
            "No workout matches. Change the search or the filters."
            if filtered
            else "Workouts you log (or import from File > Import history) appear here."
        )
        self.list_stack.setCurrentWidget(self.list_empty)

    def _on_detail_changed(self, detail: schemas.WorkoutDetail | None) -> None:
        for widget in self._editing_widgets():
            widget.setEnabled(detail is not None)
        if detail is None:
            self.detail_stack.setCurrentWidget(self.detail_empty)
            self.sets.clear()
            return
        self.detail_stack.setCurrentIndex(1)
        self.workout_title.setText(detail.name)
        self.stats.setText(self._stats_text(detail))
        self.records.setText(self._records_text(detail))
        self.records.setVisible(bool(detail.personal_records))
        self.move_date.setDate(_qdate(detail.performed_at.astimezone().date()))
        self._fill_sets(detail)
        self._select_workout_row(detail.id)

    def _on_model_reset(self) -> None:
        # A reload (after a move, a restore, a change elsewhere) keeps the open workout chosen.
        if self.vm.detail is not None:
            self._select_workout_row(self.vm.detail.id)

    def _on_applied(self, change: Change) -> None:
        self.undo_stack.push(_Command(self.vm, change))

    def _on_routine_made(self, routine: schemas.RoutineResponse) -> None:
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            page = show_page("routines")
            show = getattr(page, "show_routine", None)
            if callable(show):
                show(routine.id)

    def _on_undo_failed(self, message: str) -> None:
        # The database and the stack may no longer agree: start again from what is saved.
        # Later, not here: this may run inside the stack's own undo(), which clear() deletes.
        QTimer.singleShot(0, self.undo_stack.clear)
        self.status_line.flash(f"Undo history cleared: {message}")

    # --- slots: widgets ------------------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self.search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self.vm.search(self.search.text())

    def _on_movement_filter_activated(self, index: int) -> None:
        value = self.movement_filter.itemData(index)
        self.vm.filter_movement(value if isinstance(value, int) else None)

    def _on_span_activated(self, index: int) -> None:
        days = self.span.itemData(index)
        between = days == BETWEEN
        for edit in (self.since, self.until):
            edit.setVisible(between)
        if between:
            self._on_range_changed()
            return
        since = None if days is None else self.session.today() - timedelta(days=int(days))
        self.vm.filter_dates(since, None)

    def _on_range_changed(self, *_args: object) -> None:
        if self.span.currentData() == BETWEEN:
            self.vm.filter_dates(_pydate(self.since.date()), _pydate(self.until.date()))

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        workout_id = current.data(ID_ROLE) if current.isValid() else None
        if workout_id is not None and (self.vm.detail is None or self.vm.detail.id != workout_id):
            self.vm.open_workout(int(workout_id))

    def _on_sets_current_item_changed(self, item: QTreeWidgetItem | None, *_args: object) -> None:
        one = self._selected_set()
        if item is None or one is None:
            return
        form = self.vm.set_form(one)
        self.weight.setText(form.weight)
        self.reps.setText(form.reps)
        self.rpe.setText(form.rpe)
        self.set_type.setCurrentIndex(self.set_type.findData(form.set_type))
        self.note.setText(form.note)

    def _on_save_set_clicked(self) -> None:
        one = self._selected_set()
        if one is None:
            self.errors.show("", "Choose the set to change in the list above.")
            return
        self._perform(self.vm.edit_set(one.id, self._form()))

    def _on_add_set_clicked(self) -> None:
        self._perform(self.vm.add_set(self._selected_exercise(), self._form()))

    def _on_remove_set_clicked(self) -> None:
        one = self._selected_set()
        if one is not None:
            self._perform(self.vm.remove_set(one.id))

    def _on_add_exercise_clicked(self) -> None:
        picker = LibraryPicker(self.library_vm, "Add exercise", self)
        picker.picked.connect(self._on_picker_picked)
        picker.finished.connect(picker.deleteLater)
        self.picker = picker
        picker.open()

    def _on_picker_picked(self, choice: MovementChoice) -> None:
        self._perform(self.vm.add_exercise(choice.movement_id, choice.name, self._form()))

    def _on_remove_exercise_clicked(self) -> None:
        self._perform(self.vm.remove_exercise(self._selected_exercise()))

    def _on_move_button_clicked(self) -> None:
        self._perform(self.vm.move_to(_pydate(self.move_date.date())))

    def _on_delete_button_clicked(self) -> None:
        question = self.vm.delete_question()
        if question and self.confirm("Delete workout", question, "Delete workout"):
            self._perform(self.vm.delete_workout())

    # --- helpers -------------------------------------------------------------------------------

    def _editing_widgets(self) -> tuple[QWidget, ...]:
        return (
            self.save_set,
            self.add_set,
            self.remove_set,
            self.add_exercise,
            self.remove_exercise,
            self.move_button,
            self.copy_button,
            self.delete_button,
        )

    def _perform(self, change: Change | None) -> None:
        if change is not None:
            self.vm.perform(change)

    def _form(self) -> SetForm:
        kind = self.set_type.currentData()
        return SetForm(
            self.weight.text(),
            self.reps.text(),
            self.rpe.text(),
            SetType(kind) if kind else SetType.NORMAL,
            self.note.text(),
        )

    def _selected_set(self) -> schemas.HistorySet | None:
        item = self.sets.currentItem()
        value = item.data(0, SET_ROLE) if item is not None else None
        if not isinstance(value, int) or value < 0 or self.vm.detail is None:
            return None
        return next((s for ex in self.vm.detail.exercises for s in ex.sets if s.id == value), None)

    def _selected_exercise(self) -> int:
        """The exercise of the selected row (its header or one of its sets); the first else."""
        item = self.sets.currentItem()
        if item is None:
            return 0
        top = item.parent() or item
        value = top.data(0, SET_ROLE)
        return -1 - value if isinstance(value, int) and value < 0 else 0

    def _fill_sets(self, detail: schemas.WorkoutDetail) -> None:
        kept = self._selected_position()
        self.sets.clear()
        unit = self.vm.unit
        word = unit.value.lower()
        select: QTreeWidgetItem | None = None
        for index, exercise in enumerate(detail.exercises):
            top = QTreeWidgetItem([exercise.movement_name])
            top.setData(0, SET_ROLE, -1 - index)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.sets.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # only once in the tree does the span take
            for one in exercise.sets:
                weight = to_display(one.weight_kg, unit)
                e1rm = to_display(one.e1rm_kg, unit)
                child = QTreeWidgetItem(
                    [
                        str(one.set_number),
                        f"{format_number(weight)} {word}" if one.weight_kg else "BW",
                        str(one.reps),
                        format_number(one.rpe),
                        SET_TYPE_NAMES[one.set_type],
                        f"{format_number(e1rm)}" if one.e1rm_kg else "",
                        one.note,
                    ]
                )
                child.setData(0, SET_ROLE, one.id)
                for column in (1, 2, 3, 5):
                    child.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
                top.addChild(child)
            if kept is not None and kept[0] == index:
                select = top.child(min(kept[1], top.childCount() - 1)) or top
        self.sets.expandAll()
        if select is not None:
            self.sets.setCurrentItem(select)  # the same place after an edit, not the top

    def _selected_position(self) -> tuple[int, int] | None:
        """(exercise index, set index) of the selected row; a header counts as its first set."""
        item = self.sets.currentItem()
        if item is None:
            return None
        parent = item.parent()
        if parent is None:
            return self.sets.indexOfTopLevelItem(item), 0
        return self.sets.indexOfTopLevelItem(parent), parent.indexOfChild(item)

    def _select_workout_row(self, workout_id: int) -> None:
        position = self.vm.model.position(workout_id)
        if position is None:
            return
        index = self.vm.model.index(position, 0)
        if self.table.currentIndex().row() != position:
            self.table.selectionModel().blockSignals(True)
            self.table.setCurrentIndex(index)
            self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(index)

    def _stats_text(self, detail: schemas.WorkoutDetail) -> str:
        sets = sum(len(ex.sets) for ex in detail.exercises)
        volume = to_display(detail.total_volume_kg, self.vm.unit)
        parts = [
            f"{len(detail.exercises)} exercise{'s' if len(detail.exercises) != 1 else ''}",
            f"{sets} set{'s' if sets != 1 else ''}",
            f"{format_volume(volume)} {self.vm.unit.value.lower()} lifted",
        ]
        if detail.duration_seconds:
            parts.insert(0, format_duration(detail.duration_seconds))
        parts.insert(0, date_text(detail.performed_at))
        if detail.notes:
            parts.append(detail.notes)
        return " · ".join(parts)

    def _records_text(self, detail: schemas.WorkoutDetail) -> str:
        unit = self.vm.unit
        lines: list[str] = []
        for record in detail.personal_records:
            if record.kind == "REPS":
                load = format_number(to_display(record.weight_kg, unit))
                lines.append(f"★ {record.movement_name}: {record.reps} reps at {load}")
            else:
                value = format_number(to_display(record.value, unit))
                lines.append(f"★ {record.movement_name}: e1RM {value} {unit.value.lower()}")
        return " · ".join(lines)


def _entry(name: str, width: int) -> QLineEdit:
    entry = QLineEdit()
    entry.setAccessibleName(name)
    if width:
        entry.setFixedWidth(width)
    return entry


def _date_edit(name: str, initial: QDate) -> QDateEdit:
    edit = QDateEdit(initial)
    edit.setAccessibleName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    return edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _hide_widgets(layout: QLayout) -> None:
    """Hides every widget in a layout and the layouts nested in it."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()
        elif inner is not None:
            _hide_widgets(inner)
