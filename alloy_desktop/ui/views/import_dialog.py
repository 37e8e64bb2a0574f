"""The import dialog: a file's preview, the exercise mapping table, the import with progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.ui.viewmodels.importer import (
    FLAG_ACTIVITY,
    FLAG_CHOSEN,
    FLAG_LOW,
    FLAG_NEW,
    FLAG_ROLE,
    ImportViewModel,
    MappingTableModel,
    PreviewFacts,
    Stage,
    counted,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.workout_logger import LibrarySearchViewModel, MovementChoice
from alloy_desktop.ui.widgets import file_dialogs, theme
from alloy_desktop.ui.widgets.common import label
from alloy_desktop.ui.widgets.library_picker import LibraryPicker

TITLE = "Import history"
EMPTY_TEXT = (
    "Choose the CSV file that Strong, Hevy or FitNotes exported. Nothing is written until "
    "you press Import, and workouts imported before are skipped."
)
DONE_TEXT = "Your charts on the Progress page now include this history."
STOP_QUESTION = "Stop the import? Nothing will be written."
PROBLEM_ROWS = 4  # lines shown before the list scrolls
CHOOSE_LIBRARY = "Choose from the library…"
MAKE_NEW = "Make it a new custom exercise"
DESIGN_NEW = "Create a custom exercise…"
RESET = "Back to the suggestion"
CHANGE_STYLE = (
    "QToolButton { padding: 2px 10px; margin: 3px 6px; }"
    " QToolButton::menu-indicator { image: none; }"
)


class _MappingDelegate(QStyledItemDelegate):
    """Colours the table by its rows' flags: unsure matches stand out, new ones are marked."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        flag = index.data(FLAG_ROLE)
        c = theme.current()
        colours = {FLAG_LOW: c.warn, FLAG_NEW: c.accent, FLAG_CHOSEN: c.good}
        if flag == FLAG_LOW:
            tint = QColor(c.warn)
            tint.setAlpha(40)
            option.backgroundBrush = QBrush(tint)
        if index.column() != MappingTableModel.MATCH:
            return
        if flag in colours:
            option.palette.setColor(QPalette.ColorRole.Text, QColor(colours[flag]))
            option.font.setBold(flag == FLAG_LOW)
        elif flag == FLAG_ACTIVITY:
            option.palette.setColor(QPalette.ColorRole.Text, QColor(c.muted))


class _Tile(QFrame):
    """A number and what it counts ("312" over "workouts")."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        self.number = label("", "title")
        self.caption = label("", "muted")
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def show_count(self, number: str, caption: str) -> None:
        self.number.setText(number)
        self.caption.setText(caption)


class ImportDialog(QDialog):
    """Reads a Strong, Hevy or FitNotes export, shows what it holds, imports on request."""

    imported = Signal(str)  # the summary sentence
    progress_requested = Signal()  # "Show my progress" after a finished import

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        choose_file: file_dialogs.FileChooser = file_dialogs.open_file,
        folder: str = "",
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = ImportViewModel(session, self)
        self._choose_file = choose_file
        self._folder = folder
        self._close_when_stopped = False
        self.picker: LibraryPicker | None = None  # the movement picker while it is open
        self.editor: QDialog | None = None  # the custom exercise editor while it is open
        self.setWindowTitle(TITLE)
        self.setMinimumSize(860, 640)
        self.resize(960, 760)
        self._build()
        self._connect()
        self._on_vm_stage_changed(self.vm.stage.value)

    def read(self, path: str) -> None:
        """Previews this file (the main window calls it with the file chosen from the menu)."""
        self._folder = str(Path(path).parent)
        self.vm.read(path)

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setSpacing(10)
        header = QHBoxLayout()
        header.addWidget(label(TITLE, "title"))
        header.addStretch(1)
        self.choose_button = QPushButton("Choose a file…")
        self.choose_button.setAutoDefault(False)
        header.addWidget(self.choose_button)
        root.addLayout(header)
        self.file_label = label("", "muted")
        root.addWidget(self.file_label)
        # Errors and notices under the header, where they are seen whatever the page shows.
        self.message = label("", "error", word_wrap=True)
        self.notice = label("", "warning", word_wrap=True)
        for widget in (self.message, self.notice):
            widget.hide()
            root.addWidget(widget)
        self.pages = QStackedWidget()
        self.empty_page = self._empty_page()
        self.reading_page = self._reading_page()
        self.preview_page = self._preview_page()
        self.done_page = self._done_page()
        for page in (self.empty_page, self.reading_page, self.preview_page, self.done_page):
            self.pages.addWidget(page)
        root.addWidget(self.pages, 1)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("Importing… %p%")
        self.progress.hide()
        root.addWidget(self.progress)
        root.addWidget(self._buttons())

    def _empty_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        text = label(EMPTY_TEXT, "muted", word_wrap=True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(text)
        layout.addStretch(2)
        return page

    def _reading_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.reading_label = label("Reading the file…", "subtitle")
        self.reading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy = QProgressBar()
        busy.setRange(0, 0)
        busy.setMaximumWidth(320)
        layout.addWidget(self.reading_label)
        layout.addWidget(busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        tiles = QHBoxLayout()
        self.tiles = [_Tile() for _ in range(5)]
        for tile in self.tiles:
            tiles.addWidget(tile)
        tiles.addStretch(1)
        layout.addLayout(tiles)
        self.range_label = label("", "subtitle")
        self.duplicates_label = label("", "warning", word_wrap=True)
        layout.addWidget(self.range_label)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self._unit_card())
        layout.addLayout(self._table_header())
        layout.addWidget(self._table(), 1)
        layout.addWidget(self._problems())
        return page

    def _unit_card(self) -> QFrame:
        self.unit_card = QFrame()
        self.unit_card.setProperty("role", "card")
        row = QHBoxLayout(self.unit_card)
        row.setContentsMargins(14, 8, 14, 8)
        self.unit_question = label("", "subtitle", word_wrap=True)
        self.kg_button = QRadioButton("Kilograms (kg)")
        self.lb_button = QRadioButton("Pounds (lb)")
        self.unit_buttons = QButtonGroup(self.unit_card)
        for button, unit in ((self.kg_button, WeightUnit.KG), (self.lb_button, WeightUnit.LB)):
            button.setProperty("unit", unit.value)
            self.unit_buttons.addButton(button)
        row.addWidget(self.unit_question, 1)
        row.addWidget(self.kg_button)
        row.addWidget(self.lb_button)
        return self.unit_card

    def _table_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label("Exercises", "subtitle"))
        self.unsure_label = label("", "warning")
        row.addWidget(self.unsure_label)
        row.addStretch(1)
        return row

    def _table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.vm.mappings)
        self.table.setItemDelegate(_MappingDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        modes = {
            MappingTableModel.NAME: QHeaderView.ResizeMode.Stretch,
            MappingTableModel.SETS: QHeaderView.ResizeMode.ResizeToContents,
            MappingTableModel.TARGET: QHeaderView.ResizeMode.Stretch,
            MappingTableModel.MATCH: QHeaderView.ResizeMode.ResizeToContents,
            MappingTableModel.CHANGE: QHeaderView.ResizeMode.ResizeToContents,
        }
        for column, mode in modes.items():
            header.setSectionResizeMode(column, mode)
        self.table.verticalHeader().setDefaultSectionSize(34)
        return self.table

    def _problems(self) -> QWidget:
        self.problems_box = QWidget()
        layout = QVBoxLayout(self.problems_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(label("Lines left out", "subtitle"))
        self.problem_list = QListWidget()
        self.problem_list.setAlternatingRowColors(True)
        self.more_problems = label("", "muted")
        layout.addWidget(self.problem_list)
        layout.addWidget(self.more_problems)
        return self.problems_box

    def _done_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        done = label("Import finished", "title")
        done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = label("", "", word_wrap=True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary.setStyleSheet("font-size: 12pt;")
        layout.addWidget(done)
        layout.addWidget(self.summary)
        after = label(DONE_TEXT, "muted", word_wrap=True)
        after.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(after)
        layout.addStretch(2)
        return page

    def _buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button = self.buttons.addButton(
            "Cancel import", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.progress_button = self.buttons.addButton(
            "Show my progress", QDialogButtonBox.ButtonRole.YesRole
        )
        for button in (self.import_button, self.progress_button):
            button.setProperty("role", "primary")
        return self.buttons

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.unit_buttons.buttonClicked.connect(self._on_unit_buttons_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.close_button.clicked.connect(self.reject)
        self.progress_button.clicked.connect(self._on_progress_button_clicked)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.vm.mappings.modelReset.connect(self._on_mappings_model_reset)
        self.vm.stage_changed.connect(self._on_vm_stage_changed)
        self.vm.preview_changed.connect(self._on_vm_preview_changed)
        self.vm.progress_changed.connect(self._on_vm_progress_changed)
        self.vm.error.connect(self._on_vm_error)
        self.vm.errors_cleared.connect(self._on_vm_errors_cleared)
        self.vm.notice.connect(self._on_vm_notice)
        self.vm.imported.connect(self._on_vm_imported)

    # --- the mapping table's buttons ----------------------------------------------------

    def change_button(self, source_name: str) -> QToolButton:
        """The row's "Change…" button (tests and keyboard users reach its menu through it)."""
        row = self.vm.mappings.row_of(source_name)
        widget = self.table.indexWidget(self.vm.mappings.index(row, MappingTableModel.CHANGE))
        assert isinstance(widget, QToolButton)
        return widget

    def change_action(self, source_name: str, text: str) -> None:
        """Runs one entry of a row's "Change…" menu."""
        menu = self.change_button(source_name).menu()
        self._on_change_menu_about_to_show(menu, source_name)
        next(a for a in menu.actions() if a.text() == text).trigger()

    def _on_mappings_model_reset(self) -> None:
        for row, mapping in enumerate(self.vm.mappings.rows):
            if not mapping.changeable:
                continue
            self.table.setIndexWidget(
                self.vm.mappings.index(row, MappingTableModel.CHANGE),
                self._change_button(mapping.source_name),
            )

    def _change_button(self, source_name: str) -> QToolButton:
        button = QToolButton()
        button.setText("Change…")
        # The menu arrow would sit on the text; the ellipsis already says a menu opens.
        button.setStyleSheet(CHANGE_STYLE)
        button.setToolTip(f"Choose what {source_name} is imported as")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.addAction(CHOOSE_LIBRARY, lambda: self._choose_movement(source_name))
        menu.addAction(MAKE_NEW, lambda: self.vm.map_to_new(source_name))
        menu.addAction(DESIGN_NEW, lambda: self._design_movement(source_name))
        menu.addSeparator()
        menu.addAction(RESET, lambda: self.vm.reset_mapping(source_name))
        menu.aboutToShow.connect(lambda: self._on_change_menu_about_to_show(menu, source_name))
        button.setMenu(menu)
        return button

    def _on_change_menu_about_to_show(self, menu: QMenu, source_name: str) -> None:
        for action in menu.actions():
            if action.text() == RESET:
                action.setEnabled(self.vm.is_overridden(source_name))

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.vm.mappings.rows[index.row()]
        if row.changeable and self.vm.stage is Stage.READY:
            self._choose_movement(row.source_name)

    def _choose_movement(self, source_name: str) -> None:
        picker = LibraryPicker(
            LibrarySearchViewModel(self.session), f"Import “{source_name}” as…", self
        )
        picker.set_action_text("Use")
        picker.picked.connect(lambda choice: self._on_movement_picked(source_name, choice))
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.finished.connect(self._on_picker_finished)
        self.picker = picker
        picker.open()

    def _design_movement(self, source_name: str) -> None:
        from alloy_desktop.ui.views.custom_exercise_dialog import CustomExerciseDialog

        editor = CustomExerciseDialog(self.session, None, source_name, self)
        editor.saved.connect(lambda choice: self._on_movement_picked(source_name, choice))
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()

    def _on_movement_picked(self, source_name: str, choice: MovementChoice) -> None:
        self.vm.map_to(source_name, choice.movement_id, choice.name)

    def _on_picker_finished(self, _result: int) -> None:
        self.picker = None

    def _on_editor_finished(self, _result: int) -> None:
        self.editor = None

    # --- slots ----------------------------------------------------------------------------

    def _on_choose_button_clicked(self) -> None:
        path = self._choose_file(self, TITLE, self._folder, file_dialogs.CSV_FILES)
        if path:
            self.read(path)

    def _on_unit_buttons_button_clicked(self, button: QRadioButton) -> None:
        self.vm.set_unit(str(button.property("unit")))

    def _on_import_button_clicked(self) -> None:
        self.vm.start()

    def _on_cancel_button_clicked(self) -> None:
        self.vm.cancel()
        self._show_stopping()

    def _on_progress_button_clicked(self) -> None:
        self.progress_requested.emit()
        self.accept()

    def _on_vm_stage_changed(self, value: str) -> None:
        stage = Stage(value)
        has_preview = self.vm.preview is not None
        page = {
            Stage.EMPTY: self.empty_page,
            Stage.READING: self.preview_page if has_preview else self.reading_page,
            Stage.READY: self.preview_page,
            Stage.IMPORTING: self.preview_page,
            Stage.DONE: self.done_page,
        }[stage]
        self.pages.setCurrentWidget(page)
        self.preview_page.setEnabled(stage is Stage.READY)
        self.choose_button.setText("Choose another file…" if self.vm.path else "Choose a file…")
        self.choose_button.setEnabled(stage in (Stage.EMPTY, Stage.READY, Stage.DONE))
        self.choose_button.setDefault(stage is Stage.EMPTY)  # nothing else to do there
        self.progress.setVisible(stage is Stage.IMPORTING)
        if stage is Stage.IMPORTING:
            self.progress.setFormat("Importing… %p%")
        if stage is Stage.READING:
            self.file_label.setText(Path(self.vm.path).name)
            self.reading_label.setText(f"Reading {Path(self.vm.path).name}…")
            self.notice.hide()
        self._show_buttons(stage)
        if stage is not Stage.IMPORTING and self._close_when_stopped:
            self._close_when_stopped = False
            super().reject()

    def _show_buttons(self, stage: Stage) -> None:
        self.import_button.setVisible(stage in (Stage.READY, Stage.READING))
        self.import_button.setEnabled(self.vm.can_import)
        self.cancel_button.setVisible(stage is Stage.IMPORTING)
        self.cancel_button.setEnabled(True)
        self.close_button.setEnabled(True)
        self.progress_button.setVisible(stage is Stage.DONE)
        if stage is Stage.DONE:
            self.progress_button.setDefault(True)
            self.progress_button.setFocus()
        elif self.vm.can_import:
            self.import_button.setDefault(True)

    def _on_vm_preview_changed(self, facts: PreviewFacts) -> None:
        self.file_label.setText(facts.file_text)
        for tile, (number, caption) in zip(self.tiles, facts.numbers, strict=True):
            tile.show_count(number, caption)
        self.range_label.setText(facts.range_text)
        self.duplicates_label.setText(facts.duplicates_text)
        self.duplicates_label.setVisible(bool(facts.duplicates_text))
        self._show_unit(facts)
        unsure = self.vm.unsure_count()
        matches = counted(unsure, "match", "matches")
        self.unsure_label.setText(f"{matches} to check: marked “check” below" if unsure else "")
        self.problem_list.clear()
        self.problem_list.addItems(list(facts.problems))
        # As tall as its lines, up to a few: the mapping table needs the room more.
        rows = max(min(len(facts.problems), PROBLEM_ROWS), 1)
        row = self.problem_list.sizeHintForRow(0) if facts.problems else 0
        self.problem_list.setFixedHeight(rows * row + 2 * self.problem_list.frameWidth() + 2)
        self.more_problems.setText(facts.more_problems)
        self.more_problems.setVisible(bool(facts.more_problems))
        self.problems_box.setVisible(bool(facts.problems))
        self.import_button.setText(_import_text(facts))

    def _show_unit(self, facts: PreviewFacts) -> None:
        self.unit_card.setVisible(bool(facts.unit_question))
        self.unit_question.setText(facts.unit_question)
        (self.kg_button if facts.unit is WeightUnit.KG else self.lb_button).setChecked(True)

    def _on_vm_progress_changed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)

    def _on_vm_error(self, _field: str, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def _on_vm_errors_cleared(self) -> None:
        self.message.hide()

    def _on_vm_notice(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.show()

    def _on_vm_imported(self, summary: str) -> None:
        self.summary.setText(summary)
        self.imported.emit(summary)

    # --- closing --------------------------------------------------------------------------

    def reject(self) -> None:
        """Close, Esc or the window's X: while importing, asks first and then cancels."""
        if self.vm.stage is not Stage.IMPORTING:
            super().reject()
            return
        if self.vm.cancelling:
            return
        answer = QMessageBox.question(
            self,
            TITLE,
            STOP_QUESTION,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            # The worker stops at its next check; the dialog closes once it has.
            self._close_when_stopped = True
            self.vm.cancel()
            self._show_stopping()

    def _show_stopping(self) -> None:
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.progress.setFormat("Stopping…")


def _import_text(facts: PreviewFacts) -> str:
    if facts.new_workouts:
        return f"Import {counted(facts.new_workouts, 'workout')}"
    if facts.activities:
        return f"Import {counted(facts.activities, 'activity', 'activities')}"
    return "Nothing new to import"
