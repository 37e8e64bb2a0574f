"""The custom exercise editor: name, pattern, equipment and muscles, errors beside each field."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.domain.enums import Equipment, MuscleGroup
from alloy_desktop.ui.viewmodels.custom_exercise import (
    EQUIPMENT_NAMES,
    CustomExerciseViewModel,
    ExerciseForm,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets.common import FieldErrors, label

MUSCLE_ROLE = Qt.ItemDataRole.UserRole + 1
MUSCLE_ROWS = 10  # the lists wrap into two columns of this many, so nothing scrolls
ALWAYS_COMPOUND = "Squats, hinges, lunges, presses, pulls and carries always count as compound."
INTRO = "Alloy uses the pattern and muscles for recovery, weekly sets and substitutes."


class MuscleList(QListWidget):
    """Muscle groups with a tick box each, wrapped into columns."""

    def __init__(self, choices: Sequence[tuple[MuscleGroup, str]]) -> None:
        super().__init__()
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for group, words in choices:
            item = QListWidgetItem(words)
            item.setData(MUSCLE_ROLE, group)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        # Every cell as wide as the longest name (plus its tick box), in two full columns.
        metrics = self.fontMetrics()
        tick = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        width = max(metrics.horizontalAdvance(words) for _, words in choices) + tick + 24
        height = metrics.height() + 8
        self.setGridSize(QSize(width, height))
        columns = -(-len(choices) // MUSCLE_ROWS)
        frame = 2 * self.frameWidth() + 6
        self.setFixedHeight(height * MUSCLE_ROWS + frame)
        self.setMinimumWidth(width * columns + frame)

    def checked(self) -> tuple[MuscleGroup, ...]:
        return tuple(
            MuscleGroup(self.item(i).data(MUSCLE_ROLE))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, groups: Sequence[MuscleGroup]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            ticked = item.data(MUSCLE_ROLE) in groups
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def item_of(self, group: MuscleGroup) -> QListWidgetItem:
        return next(
            self.item(i) for i in range(self.count()) if self.item(i).data(MUSCLE_ROLE) == group
        )

    def set_blocked(self, groups: Sequence[MuscleGroup]) -> None:
        """Greys out (and unticks) these groups: a muscle is primary or secondary, not both."""
        for i in range(self.count()):
            item = self.item(i)
            blocked = item.data(MUSCLE_ROLE) in groups
            if blocked:
                item.setCheckState(Qt.CheckState.Unchecked)
            flags = item.flags()
            if blocked:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            else:
                flags |= Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)


class CustomExerciseDialog(QDialog):
    """Creates a custom exercise (optionally named already) or edits one; `saved` says which."""

    saved = Signal(object)  # MovementChoice

    def __init__(
        self,
        session: AppSession,
        movement_id: int | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vm = CustomExerciseViewModel(session, movement_id, self)
        title = "New custom exercise" if self.vm.is_new else "Edit custom exercise"
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        self._build(title)
        self._connect()
        self.vm.start(name)
        self.name.setFocus()

    # --- building ---------------------------------------------------------------------

    def _build(self, title: str) -> None:
        root = QVBoxLayout(self)
        root.setSpacing(10)
        root.addWidget(label(title, "title"))
        root.addWidget(label(INTRO, "muted", word_wrap=True))
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Landmine press")
        self.name.setMaxLength(100)
        self.pattern = QComboBox()
        for pattern, words in self.vm.pattern_choices():
            self.pattern.addItem(words, pattern)
        self.equipment = QComboBox()
        for equipment, words in self.vm.equipment_choices():
            self.equipment.addItem(words, equipment)
        self.compound = QCheckBox("Compound: several joints work together")
        self.primary = MuscleList(self.vm.muscle_choices())
        self.secondary = MuscleList(self.vm.muscle_choices())
        self.name_error, self.pattern_error, self.equipment_error = QLabel(), QLabel(), QLabel()
        self.primary_error, self.secondary_error = QLabel(), QLabel()
        root.addLayout(self._fields())
        root.addLayout(self._muscles())
        self.message = QLabel()
        self.errors = FieldErrors(self.message)
        for field, widget, error in (
            ("name", self.name, self.name_error),
            ("pattern", self.pattern, self.pattern_error),
            ("equipment", self.equipment, self.equipment_error),
            ("primary_muscles", self.primary, self.primary_error),
            ("secondary_muscles", self.secondary, self.secondary_error),
        ):
            self.errors.bind(field, widget, error)
        root.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Create exercise" if self.vm.is_new else "Save changes",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        root.addWidget(self.buttons)

    def _fields(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        row = 0
        for text, widget, error in (
            ("Name", self.name, self.name_error),
            ("Movement pattern", self.pattern, self.pattern_error),
            ("Equipment", self.equipment, self.equipment_error),
        ):
            grid.addWidget(QLabel(text), row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(error, row + 1, 1)
            row += 2
        grid.addWidget(self.compound, row, 1)
        return grid

    def _muscles(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.addWidget(label("Primary muscles", "subtitle"), 0, 0)
        grid.addWidget(label("Secondary muscles (optional)", "subtitle"), 0, 1)
        grid.addWidget(self.primary, 1, 0)
        grid.addWidget(self.secondary, 1, 1)
        grid.addWidget(self.primary_error, 2, 0)
        grid.addWidget(self.secondary_error, 2, 1)
        return grid

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.primary.itemChanged.connect(self._on_primary_item_changed)
        self.pattern.currentIndexChanged.connect(self._on_pattern_current_index_changed)
        self.vm.loaded.connect(self._on_loaded)
        self.vm.saved.connect(self._on_saved)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.busy_changed.connect(self._on_busy_changed)

    # --- the form -----------------------------------------------------------------------

    def form(self) -> ExerciseForm:
        """What the fields say now."""
        return ExerciseForm(
            name=self.name.text(),
            pattern=self.pattern.currentData(),
            equipment=self.equipment.currentData(),
            primary=self.primary.checked(),
            secondary=self.secondary.checked(),
            is_compound=self.compound.isChecked(),
        )

    def _on_loaded(self, form: ExerciseForm) -> None:
        self.name.setText(form.name)
        self.pattern.setCurrentIndex(max(self.pattern.findData(form.pattern), 0))
        if self.equipment.findData(form.equipment) < 0:  # NONE, from an older exercise
            self.equipment.addItem(EQUIPMENT_NAMES[Equipment(form.equipment)], form.equipment)
        self.equipment.setCurrentIndex(self.equipment.findData(form.equipment))
        self.compound.setChecked(form.is_compound)
        self._on_pattern_current_index_changed(self.pattern.currentIndex())
        self.primary.set_checked(form.primary)
        self.secondary.set_checked(form.secondary)
        self._on_primary_item_changed()

    def _on_pattern_current_index_changed(self, _index: int) -> None:
        forced = self.vm.always_compound(self.pattern.currentData())
        if forced:
            self.compound.setChecked(True)
        self.compound.setEnabled(not forced)
        self.compound.setToolTip(ALWAYS_COMPOUND if forced else "")

    def _on_primary_item_changed(self, _item: QListWidgetItem | None = None) -> None:
        self.secondary.set_blocked(self.primary.checked())

    def _on_buttons_accepted(self) -> None:
        self.vm.save(self.form())

    def _on_saved(self, choice: object) -> None:
        self.saved.emit(choice)
        self.accept()

    def _on_busy_changed(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
