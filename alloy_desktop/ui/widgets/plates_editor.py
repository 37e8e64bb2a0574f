"""Settings cards for the gym kit and the rest timer: bar, plate pairs, collars; chime, notice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from alloy_desktop.ui.viewmodels.plates import PlateRow, PlatesForm, PlatesViewModel
from alloy_desktop.ui.viewmodels.rest_timer import AlertPrefs
from alloy_desktop.ui.widgets.alerts import TITLE, RestAlerts
from alloy_desktop.ui.widgets.common import Card, FieldErrors, StatusLabel, label

STATUS_MS = 6000
# Wider than the api allows on purpose: the api is the authority on limits, and says so
# beside the field.
MAX_WEIGHT = 1000.0
MAX_PAIRS = 99
NEW_PLATE = PlateRow(0.0, 1)
WEIGHT_WIDTH = 130
PAIRS_WIDTH = 76


class WeightSpin(QDoubleSpinBox):
    """A weight as a lifter writes it: 20 kg, 1.25 kg (no trailing zeros)."""

    def textFromValue(self, value: float) -> str:
        return f"{round(value, 2):g}"


def _weight(unit: str, accessible: str) -> WeightSpin:
    spin = WeightSpin()
    spin.setRange(0.0, MAX_WEIGHT)
    spin.setDecimals(2)
    spin.setSingleStep(0.25 if unit == "kg" else 0.5)
    spin.setSuffix(f" {unit}")
    spin.setAccessibleName(accessible)
    spin.setFixedWidth(WEIGHT_WIDTH)
    return spin


class PlateLine(QWidget):
    """One plate: its weight, how many pairs, a remove button; its error on the line below."""

    def __init__(self, index: int, row: PlateRow, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        self.weight = _weight(unit, f"Plate {index + 1} weight")
        self.weight.setSpecialValueText("—")  # a plate just added, weight still to type
        self.weight.setValue(row.weight)
        self.pairs = QSpinBox()
        self.pairs.setRange(0, MAX_PAIRS)
        self.pairs.setAccessibleName(f"Plate {index + 1} pairs")
        self.pairs.setValue(row.pairs)
        self.pairs.setFixedWidth(PAIRS_WIDTH)
        self.remove = QPushButton("✕")
        self.remove.setToolTip("Remove this plate")
        self.remove.setFixedWidth(34)
        line.addWidget(self.weight)
        line.addWidget(label("×"))
        line.addWidget(self.pairs)
        line.addWidget(label("pairs", "muted"))
        line.addWidget(self.remove)
        line.addStretch(1)
        self.error = QLabel()

    def row(self) -> PlateRow:
        return PlateRow(round(self.weight.value(), 3), self.pairs.value())


class PlatesCard(Card):
    """Bar, collars and the plates the lifter owns: what the logger's loads are rounded to."""

    def __init__(self, vm: PlatesViewModel, parent: QWidget | None = None) -> None:
        super().__init__("Bar and plates", parent)
        self.vm = vm
        self.unit = "kg"
        self.lines: list[PlateLine] = []
        self._kit: dict[str, tuple[QWidget, QLabel]] = {}  # bar and collars: field, message
        self._filling = False
        self.body.addWidget(
            label(
                "Prescribed loads and warm-ups are rounded to what these can make.",
                "muted",
                True,
            )
        )
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)
        self.body.addLayout(self._build_bar())
        self.plates_grid = QGridLayout()
        self.plates_grid.setHorizontalSpacing(8)
        self.plates_grid.setVerticalSpacing(2)
        self.body.addWidget(label("Plates you have, in pairs (one for each side)", "subtitle"))
        self.body.addLayout(self.plates_grid)
        self.body.addWidget(self.general_error)
        self.body.addLayout(self._build_buttons())
        vm.loaded.connect(self._on_loaded)
        vm.saved.connect(self._on_saved)
        vm.error.connect(self._on_error)
        vm.errors_cleared.connect(self._on_errors_cleared)
        vm.busy_changed.connect(self._on_busy_changed)
        if vm.form is not None:
            self._on_loaded(vm.form)

    # --- building -------------------------------------------------------------------------

    def _build_bar(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.bar = _weight(self.unit, "Bar weight")
        self.collar = _weight(self.unit, "Collar weight, each")
        self.collar.setSpecialValueText("none")
        for row, (caption, spin, field) in enumerate(
            (("Bar", self.bar, "bar_weight"), ("Collars, each", self.collar, "collar_weight"))
        ):
            text = label(caption)
            text.setBuddy(spin)
            message = QLabel()
            grid.addWidget(text, 2 * row, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(spin, 2 * row, 1, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(message, 2 * row + 1, 1)
            self._kit[field] = (spin, message)
            self.errors.bind(field, spin, message)
            spin.valueChanged.connect(self._on_edited)
        grid.setColumnStretch(1, 1)
        return grid

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.add_button = QPushButton("+ Add plate")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.reset_button = QPushButton("Reset to the standard set")
        self.reset_button.setToolTip("The usual bar and plates of your unit, no collars")
        self.reset_button.clicked.connect(self.vm.reset)
        self.save_button = QPushButton("Save plates")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.status = StatusLabel(STATUS_MS)
        self.status.setWordWrap(True)
        self.unsaved = label("Unsaved", "warning")
        self.unsaved.hide()
        for widget in (self.add_button, self.reset_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.unsaved)
        row.addWidget(self.save_button)
        self.body.addWidget(self.status)
        return row

    def _fill_plates(self, plates: tuple[PlateRow, ...]) -> None:
        for line in self.lines:
            self.plates_grid.removeWidget(line)
            self.plates_grid.removeWidget(line.error)
            line.deleteLater()
            line.error.deleteLater()
        self.lines = []
        self.errors = FieldErrors(self.general_error)  # the plates' rows are new
        for field, (spin, message) in self._kit.items():
            self.errors.bind(field, spin, message)
        for index, plate in enumerate(plates):
            self._add_line(index, plate)

    def _add_line(self, index: int, plate: PlateRow) -> PlateLine:
        line = PlateLine(index, plate, self.unit)
        self.plates_grid.addWidget(line, 2 * index, 0)
        self.plates_grid.addWidget(line.error, 2 * index + 1, 0)
        field = f"plates[{index}]"
        self.errors.bind(field, line, line.error)
        self.errors.bind(f"{field}.weight", line.weight, line.error)
        self.errors.bind(f"{field}.pairs", line.pairs, line.error)
        line.weight.valueChanged.connect(self._on_edited)
        line.pairs.valueChanged.connect(self._on_edited)
        line.remove.clicked.connect(lambda: self._on_remove_clicked(line))
        self.lines.append(line)
        return line

    # --- reading --------------------------------------------------------------------------

    def form(self) -> PlatesForm:
        """The setup as the widgets show it."""
        return PlatesForm(
            unit=self.unit.upper(),
            bar=round(self.bar.value(), 3),
            collar=round(self.collar.value(), 3),
            plates=tuple(line.row() for line in self.lines),
        )

    def has_changes(self) -> bool:
        return self.vm.has_changes(self.form())

    # --- slots ----------------------------------------------------------------------------

    def _on_loaded(self, form: PlatesForm) -> None:
        self._filling = True
        try:
            self.unit = form.unit_word
            for spin in (self.bar, self.collar):
                spin.setSuffix(f" {self.unit}")
            self.bar.setValue(form.bar)
            self.collar.setValue(form.collar)
            self._fill_plates(form.plates)
        finally:
            self._filling = False
        self.reset_button.setEnabled(not form.is_default)
        self._on_edited()

    def _on_edited(self, *_args: object) -> None:
        if not self._filling:
            self.unsaved.setVisible(self.has_changes())

    def _on_add_clicked(self) -> None:
        line = self._add_line(len(self.lines), NEW_PLATE)
        line.weight.setFocus()
        line.weight.selectAll()
        self._on_edited()

    def _on_remove_clicked(self, line: PlateLine) -> None:
        rows = [other.row() for other in self.lines if other is not line]
        self._fill_plates(tuple(rows))  # renumbered: errors name plates by position
        self._on_edited()

    def _on_save_clicked(self) -> None:
        self.vm.save(self.form())

    def _on_saved(self, message: str) -> None:
        self.status.flash(message)

    def _on_error(self, field: str, message: str) -> None:
        self.errors.show(field, message)

    def _on_errors_cleared(self) -> None:
        self.errors.clear()  # the plates' rows (and so their errors) are remade on each load

    def _on_busy_changed(self, busy: bool) -> None:
        for button in (self.save_button, self.reset_button):
            button.setEnabled(not busy)


class RestAlertsCard(Card):
    """Whether a rest's end plays the chime and shows a desktop notification (at once)."""

    def __init__(self, prefs: AlertPrefs, parent: QWidget | None = None) -> None:
        super().__init__("Rest timer", parent)
        self.prefs = prefs
        self.alerts = RestAlerts(prefs)
        words = "When a rest between sets runs out, even with Alloy in the background:"
        self.body.addWidget(label(words, "muted", True))
        self.sound = QCheckBox("Play a chime")
        self.notify = QCheckBox("Show a desktop notification")
        self.try_button = QPushButton("Try it")
        self.try_button.setToolTip("Play the chime and show the notification now")
        for box in (self.sound, self.notify):
            self.body.addWidget(box)
        row = QHBoxLayout()
        row.addWidget(self.try_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self._show()
        self.sound.toggled.connect(prefs.set_sound)
        self.notify.toggled.connect(prefs.set_notify)
        self.try_button.clicked.connect(self._on_try_clicked)
        prefs.changed.connect(self._show)

    def _show(self) -> None:
        for box, on in ((self.sound, self.prefs.sound), (self.notify, self.prefs.notify)):
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)

    def _on_try_clicked(self) -> None:
        self.alerts.sound()
        self.alerts.notify(TITLE, "This is how the end of a rest is told.")
