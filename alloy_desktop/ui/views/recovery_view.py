"""The Recovery page: body heat map with legend, a muscle's history, soreness and check-in forms."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.domain.enums import BodyPart, MuscleGroup, RecoverySignalLevel
from alloy_desktop.ui.viewmodels.recovery import (
    BODY_PART_NAMES,
    SIGNAL_NAMES,
    SORENESS_DAYS,
    WORKOUT_DAYS,
    RecoveryViewModel,
    SignalForm,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.body_map import BodyMap, RecoveryLegend, recovery_colour
from alloy_desktop.ui.widgets.common import Card, FieldErrors, label

TICK_MS = 5 * 60 * 1000  # muscles recover while the page stays open; re-read every 5 minutes
NOT_GIVEN = "—"

_STYLE = """
QLabel#levelValue { font-size: 28pt; font-weight: 700; }
QLabel#muscleTitle { font-size: 15pt; font-weight: 600; }
"""


def _optional_spin(low: int, high: int, suffix: str = "") -> QSpinBox:
    """A spin box whose lowest value reads "—" (not given)."""
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSpecialValueText(NOT_GIVEN)
    spin.setSuffix(suffix)
    spin.setAccelerated(True)
    return spin


def _optional_double(high: float, step: float, suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, high)
    spin.setSingleStep(step)
    spin.setDecimals(1)
    spin.setSpecialValueText(NOT_GIVEN)
    spin.setSuffix(suffix)
    return spin


def _value(spin: QSpinBox) -> int | None:
    return None if spin.value() == spin.minimum() else spin.value()


def _double(spin: QDoubleSpinBox) -> float | None:
    return None if spin.value() == spin.minimum() else spin.value()


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


class RecoveryView(QWidget):
    """Where a lifter sees what is still tired and reports soreness and how they slept."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = RecoveryViewModel(session, self)
        self.setStyleSheet(_STYLE)
        self._build()
        self._bind()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    # --- page protocol ----------------------------------------------------------------

    def activate(self) -> None:
        """Called each time the page is shown: reload what changed, re-read the clock."""
        self.vm.active = True
        self.vm.ensure_fresh()
        self._timer.start()

    def restyle(self) -> None:
        """Re-colours the map, legend and level after a palette change."""
        self.body_map.restyle()
        self.legend.restyle()
        self._show_detail()

    def showEvent(self, event: QShowEvent) -> None:
        self.vm.active = True
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.vm.active = False
        self._timer.stop()
        super().hideEvent(event)

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._build_header())
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        body.addWidget(self._build_map_card())
        body.addWidget(_scrolled(self._build_side()))
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 4)
        body.setSizes([560, 470])
        self.body = body
        layout.addWidget(body, 1)

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        self.title = label("Recovery", "title")
        self.as_of = label("", "muted")
        self.status = label("", "good", word_wrap=True)
        self.general_error = QLabel()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.as_of, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.general_error, 0, Qt.AlignmentFlag.AlignBottom)
        return header

    def _build_map_card(self) -> Card:
        card = Card("Muscle recovery")
        self.body_map = BodyMap()
        self.legend = RecoveryLegend()
        self.needs_rest = label("", word_wrap=True)
        self.needs_rest.setObjectName("needsRest")
        hint = label(
            "Hover a muscle for its level; click it (or use the arrow keys) for its history.",
            "muted",
            word_wrap=True,
        )
        card.body.addWidget(self.body_map, 1)
        card.body.addWidget(self.legend)
        card.body.addWidget(self.needs_rest)
        card.body.addWidget(hint)
        return card

    def _build_side(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(12)
        column.addWidget(self._build_detail_card())
        column.addWidget(self._build_soreness_card())
        column.addWidget(self._build_signal_card())
        column.addStretch(1)
        return side

    def _build_detail_card(self) -> Card:
        card = Card()
        top = QHBoxLayout()
        self.muscle_title = label("Pick a muscle")
        self.muscle_title.setObjectName("muscleTitle")
        self.muscle_picker = QComboBox()
        self.muscle_picker.setAccessibleName("Muscle group")
        self.muscle_picker.setMinimumWidth(180)
        self.muscle_picker.setPlaceholderText("Choose a muscle")
        top.addWidget(self.muscle_title, 1)
        top.addWidget(self.muscle_picker)
        self.level_value = label("")
        self.level_value.setObjectName("levelValue")
        self.level_summary = label("", "muted", word_wrap=True)
        self.soreness_title = label("", "subtitle")
        self.soreness_list = label("", word_wrap=True)
        self.workouts_title = label(f"Workouts, last {WORKOUT_DAYS} days", "subtitle")
        self.workouts_list = label("", word_wrap=True)
        for widget in (self.soreness_list, self.workouts_list):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card.body.addLayout(top)
        card.body.addWidget(self.level_value)
        card.body.addWidget(self.level_summary)
        card.body.addWidget(self.soreness_title)
        card.body.addWidget(self.soreness_list)
        card.body.addWidget(self.workouts_title)
        card.body.addWidget(self.workouts_list)
        return card

    def _build_soreness_card(self) -> Card:
        card = Card("How sore are you?")
        card.body.addWidget(
            label(
                "1 = barely, 10 = very sore; leave — to skip. Logging resets those muscles "
                "to 10 minus the rating.",
                "muted",
                word_wrap=True,
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.soreness: dict[BodyPart, QSpinBox] = {}
        for i, part in enumerate(BodyPart):
            spin = _optional_spin(0, 10)
            spin.setAccessibleName(f"{BODY_PART_NAMES[part]} soreness")
            name = label(BODY_PART_NAMES[part])
            name.setBuddy(spin)
            self.soreness[part] = spin
            grid.addWidget(name, i // 3, (i % 3) * 2)
            grid.addWidget(spin, i // 3, (i % 3) * 2 + 1)
        self.soreness_grid = QWidget()
        self.soreness_grid.setLayout(grid)
        self.soreness_error = QLabel()
        self.log_soreness_button = QPushButton("Log soreness")
        self.log_soreness_button.setProperty("role", "primary")
        card.body.addWidget(self.soreness_grid)
        card.body.addWidget(self.soreness_error)
        card.body.addWidget(self.log_soreness_button, 0, Qt.AlignmentFlag.AlignRight)
        return card

    def _build_signal_card(self) -> Card:
        card = Card("Recovery check-in")
        self.readiness = label("", word_wrap=True)
        self.sleep_hours = _optional_double(16.0, 0.5, " h")
        self.sleep_quality = _optional_spin(0, 5, " / 5")
        self.stress = _optional_spin(0, 5, " / 5")
        self.energy = _optional_spin(0, 5, " / 5")
        self.resting_hr = _optional_spin(0, 250, " bpm")
        self.hrv = _optional_double(1000.0, 1.0, " ms")
        self.feeling = QComboBox()
        self.feeling.addItem(NOT_GIVEN, None)
        for level in RecoverySignalLevel:
            self.feeling.addItem(SIGNAL_NAMES[level], level)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Anything worth remembering (optional)")
        fields = (
            ("Sleep", self.sleep_hours, "sleep_hours"),
            ("Sleep quality", self.sleep_quality, "sleep_quality"),
            ("Stress", self.stress, "stress"),
            ("Energy", self.energy, "energy"),
            ("Resting HR", self.resting_hr, "resting_hr"),
            ("HRV", self.hrv, "hrv_ms"),
            ("Overall", self.feeling, "signal"),
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self._signal_fields: list[tuple[str, QWidget, QLabel]] = []
        for i, (text, widget, field) in enumerate(fields):
            name = label(text)
            name.setBuddy(widget)
            widget.setAccessibleName(text)
            grid.addWidget(name, (i // 2) * 2, (i % 2) * 2)
            grid.addWidget(widget, (i // 2) * 2, (i % 2) * 2 + 1)
            message = QLabel()
            grid.addWidget(message, (i // 2) * 2 + 1, (i % 2) * 2, 1, 2)
            self._signal_fields.append((field, widget, message))
        notes_label = label("Notes")
        notes_label.setBuddy(self.notes)
        grid.addWidget(notes_label, 8, 0)
        grid.addWidget(self.notes, 8, 1, 1, 3)
        self.notes_error = QLabel()
        grid.addWidget(self.notes_error, 9, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.log_signal_button = QPushButton("Log check-in")
        self.log_signal_button.setProperty("role", "primary")
        self.signal_history_title = label("Recent check-ins", "subtitle")
        self.signal_history = label("", "muted", word_wrap=True)
        card.body.addWidget(self.readiness)
        card.body.addLayout(grid)
        card.body.addWidget(self.log_signal_button, 0, Qt.AlignmentFlag.AlignRight)
        card.body.addWidget(self.signal_history_title)
        card.body.addWidget(self.signal_history)
        return card

    def _bind(self) -> None:
        self.errors = FieldErrors(self.general_error)
        self.errors.bind("soreness_entries", self.soreness_grid, self.soreness_error)
        for field, widget, message in self._signal_fields:
            self.errors.bind(field, widget, message)
        self.errors.bind("notes", self.notes, self.notes_error)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.loaded.connect(self._on_loaded)
        self.vm.selection_changed.connect(self._on_selection_changed)
        self.vm.soreness_logged.connect(self._on_soreness_logged)
        self.vm.check_in_logged.connect(self._on_check_in_logged)
        self.body_map.muscle_clicked.connect(self._on_muscle_clicked)
        self.muscle_picker.activated.connect(self._on_muscle_picker_activated)
        self.log_soreness_button.clicked.connect(self._on_log_soreness_button_clicked)
        self.log_signal_button.clicked.connect(self._on_log_signal_button_clicked)

    # --- slots ------------------------------------------------------------------------

    def _on_loaded(self) -> None:
        self.body_map.set_levels(self.vm.levels(), self.vm.tooltips())
        self.as_of.setText(self.vm.updated_text())
        self.needs_rest.setText(self.vm.needs_rest())
        self._fill_picker()
        self._show_detail()
        self._show_signals()

    def _on_selection_changed(self, group: MuscleGroup | None) -> None:
        self.body_map.set_selected(group)
        self._sync_picker()
        self._show_detail()

    def _on_muscle_clicked(self, group: MuscleGroup) -> None:
        self.vm.select(group)

    def _on_muscle_picker_activated(self, index: int) -> None:
        # Qt hands a StrEnum back as a plain str.
        data = self.muscle_picker.itemData(index)
        if data:
            self.vm.select(MuscleGroup(data))

    def _on_log_soreness_button_clicked(self) -> None:
        self.vm.log_soreness({part: spin.value() for part, spin in self.soreness.items()})

    def _on_log_signal_button_clicked(self) -> None:
        feeling = self.feeling.currentData()  # a plain str (Qt drops the enum type) or None
        self.vm.log_signal(
            SignalForm(
                sleep_hours=_double(self.sleep_hours),
                sleep_quality=_value(self.sleep_quality),
                stress=_value(self.stress),
                energy=_value(self.energy),
                resting_hr=_value(self.resting_hr),
                hrv_ms=_double(self.hrv),
                signal=RecoverySignalLevel(feeling) if feeling else None,
                notes=self.notes.text(),
            )
        )

    def _on_soreness_logged(self, message: str) -> None:
        self.status.setText(message)
        for spin in self.soreness.values():
            spin.setValue(spin.minimum())

    def _on_check_in_logged(self, message: str) -> None:
        self.status.setText(message)
        self._clear_signal_form()

    def _on_timer_timeout(self) -> None:
        if self.isVisible():
            self.vm.tick()

    # --- showing ----------------------------------------------------------------------

    def _fill_picker(self) -> None:
        self.muscle_picker.clear()
        for state in self.vm.muscles:
            self.muscle_picker.addItem(f"{state.name} — {state.level:.1f}", state.group)
        self._sync_picker()

    def _sync_picker(self) -> None:
        index = self.muscle_picker.findData(self.vm.selected)
        self.muscle_picker.blockSignals(True)
        self.muscle_picker.setCurrentIndex(index)
        self.muscle_picker.blockSignals(False)

    def _show_detail(self) -> None:
        group = self.vm.selected
        if group is None:
            self.muscle_title.setText("Pick a muscle")
            self.level_value.setText("")
            self.level_value.setVisible(False)
            self.level_summary.setText(
                "Every muscle is fully recovered. Click one on the map to see its history."
            )
            for widget in (self.soreness_title, self.soreness_list, self.workouts_title,
                           self.workouts_list):  # fmt: skip
                widget.setVisible(False)
            return
        detail = self.vm.detail(group)
        colour = recovery_colour(detail.level, theme.current()).name()
        self.muscle_title.setText(detail.title)
        self.level_value.setVisible(True)
        self.level_value.setText(f"{detail.level:.1f} / 10")
        self.level_value.setStyleSheet(f"color: {colour};")
        self.level_summary.setText(detail.summary)
        part = BODY_PART_NAMES[self.vm.state(group).body_part]
        self.soreness_title.setText(f"Soreness reported for {part}, last {SORENESS_DAYS} days")
        self.soreness_list.setText(
            "\n".join(detail.soreness) or f"No soreness reported for {part.lower()}."
        )
        self.workouts_list.setText(
            "\n".join(detail.workouts) or f"No hard sets for {detail.title.lower()} in that time."
        )
        for widget in (self.soreness_title, self.soreness_list, self.workouts_title,
                       self.workouts_list):  # fmt: skip
            widget.setVisible(True)

    def _show_signals(self) -> None:
        signals = self.vm.signals()
        lines = self.vm.signal_lines()
        self.signal_history.setText("\n".join(lines) or "No check-ins yet.")
        if signals and signals[0].logged_at.astimezone().date() == self.session.today():
            score = signals[0].recovery_score
            self.readiness.setText(f"Today's readiness: {score:.0f} / 100")
        else:
            self.readiness.setText("How did you sleep, and how do you feel today?")

    def _clear_signal_form(self) -> None:
        for spin in (self.sleep_quality, self.stress, self.energy, self.resting_hr):
            spin.setValue(spin.minimum())
        for double in (self.sleep_hours, self.hrv):
            double.setValue(double.minimum())
        self.feeling.setCurrentIndex(0)
        self.notes.clear()
