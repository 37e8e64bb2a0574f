"""The Adapt panel: soreness, recovery signal and notes in; removed/swapped/adjusted/added out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.coach_chat import CoachChatViewModel
from alloy_desktop.ui.viewmodels.day_plan import (
    ACCEPTED,
    BODY_PARTS,
    RECOVERY_SIGNALS,
    REJECTED,
    AdaptationView,
    BodyPart,
    ChangeRow,
    DayPlanViewModel,
    PlanView,
    RecoverySignalLevel,
    humanize,
)
from alloy_desktop.ui.widgets.common import Card, FieldErrors, label
from alloy_desktop.ui.widgets.day_plan_widget import clear_layout

# Mnemonics avoid the menu bar's Alt+F/G/V/H.
_PART_LABELS: dict[BodyPart, str] = {
    BodyPart.CHEST: "&Chest",
    BodyPart.BACK: "&Back",
    BodyPart.LEGS: "&Legs",
    BodyPart.SHOULDERS: "&Shoulders",
    BodyPart.ARMS: "&Arms",
    BodyPart.CORE: "C&ore",
}
NOT_SET = "Not set"

_STYLE = """
QLabel#changeTitle { font-size: 11.5pt; font-weight: 600; }
QLabel#sorenessValue { font-size: 12pt; font-weight: 600; }
QLabel#groupTitle { font-weight: 600; }
"""


def _value_text(level: int) -> str:
    return "–" if level == 0 else str(level)


class SorenessSlider:
    """One grid row: label, 0..10 slider and the value read out; 0 means not sore."""

    def __init__(self, part: BodyPart, grid: QGridLayout, row: int) -> None:
        self.part = part
        box = grid.parentWidget()  # made where they will be shown: no reparenting later
        self.name = QLabel(_PART_LABELS[part], box)
        self.slider = QSlider(Qt.Orientation.Horizontal, box)
        self.slider.setRange(0, 10)
        self.slider.setPageStep(2)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setObjectName(f"soreness_{part.value.lower()}")
        self.slider.setAccessibleName(f"{humanize(part)} soreness, 0 to 10")
        self.name.setBuddy(self.slider)
        self.value = QLabel(_value_text(0), box)
        self.value.setObjectName("sorenessValue")
        self.value.setMinimumWidth(24)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.slider.valueChanged.connect(self._on_value_changed)
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.slider, row, 1)
        grid.addWidget(self.value, row, 2)

    def level(self) -> int:
        return self.slider.value()

    def _on_value_changed(self, value: int) -> None:
        self.value.setText(_value_text(value))
        # Colour the number once soreness is high enough to change the plan.
        self.value.setProperty("role", "warning" if value >= 7 else "")
        self.value.style().unpolish(self.value)
        self.value.style().polish(self.value)


class ChangeList(QWidget):
    """A titled group of change rows (hidden when empty)."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 0)
        self._layout.setSpacing(4)
        self.heading = label(title, parent=self)
        self.heading.setObjectName("groupTitle")
        self._layout.addWidget(self.heading)
        self.rows: list[ChangeRow] = []
        self.hide()

    def set_rows(self, rows: tuple[ChangeRow, ...]) -> None:
        clear_layout(self._layout, keep_first=1)
        self.rows = list(rows)
        for row in rows:
            title = label(row.title, word_wrap=True, parent=self)
            title.setObjectName("changeTitle")
            detail = label(row.detail, "muted", word_wrap=True, parent=self)
            self._layout.addWidget(title)
            self._layout.addWidget(detail)
        self.setVisible(bool(rows))

    def texts(self) -> list[str]:
        return [f"{r.title} — {r.detail}" for r in self.rows]


class AdaptPanel(QWidget):
    """Bound to a DayPlanViewModel: sends its inputs to adapt(), shows the result, accepts."""

    def __init__(self, vm: DayPlanViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        # The LLM coach answers in the coach pane beside this panel (same view-model's coach).
        self.chat = CoachChatViewModel(vm)
        self.setStyleSheet(_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._build_inputs())
        layout.addWidget(self._build_results())
        layout.addStretch(1)
        self._bind()
        self._on_plan_changed(vm.view)

    # --- building ---------------------------------------------------------------------

    # Every widget is made under the one that will hold it: one added to a layout later is
    # reparented then, and under the app's style sheet that costs as much again.

    def _build_inputs(self) -> Card:
        card = Card("How do you feel today?", self)
        self.inputs_card = card
        self.reason = label("", "muted", word_wrap=True, parent=card)
        self.reason.hide()
        card.body.addWidget(self.reason)
        # Everything below hides on days that can't be adapted (rest, past, logged).
        self.controls = QWidget(card)
        controls = QVBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(8)
        card.body.addWidget(self.controls)
        scale = "Soreness: 0 = not sore, 10 = very sore"
        controls.addWidget(label(scale, "muted", True, parent=self.controls))
        self.soreness_box = QWidget(self.controls)
        grid = QGridLayout(self.soreness_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.sliders = {part: SorenessSlider(part, grid, i) for i, part in enumerate(BODY_PARTS)}
        controls.addWidget(self.soreness_box)
        self.soreness_error = QLabel(self.controls)
        controls.addWidget(self.soreness_error)
        controls.addLayout(self._build_form(self.controls))
        controls.addLayout(self._build_adapt_row(self.controls))
        self.general_error = QLabel(card)
        card.body.addWidget(self.general_error)
        self.errors = FieldErrors(self.general_error)
        self.errors.bind("soreness", self.soreness_box, self.soreness_error)
        self.errors.bind("recovery", self.signal, self.signal_error)
        self.errors.bind("notes", self.notes, self.notes_error)
        return card

    def _build_form(self, parent: QWidget) -> QGridLayout:
        """Recovery signal and notes, labels aligned in one column."""
        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        form.setColumnStretch(1, 1)
        self.signal = QComboBox(parent)
        self.signal.addItem(NOT_SET, None)
        for level in RECOVERY_SIGNALS:
            self.signal.addItem(humanize(level), level)
        self.signal.setAccessibleName("Recovery signal")
        self.notes = QLineEdit(parent)
        self.notes.setPlaceholderText("e.g. slept badly")
        self.notes.setClearButtonEnabled(True)
        self.notes.setAccessibleName("Notes for the coach")
        self.signal_error = QLabel(parent)
        self.notes_error = QLabel(parent)
        for row, (caption, field, error) in enumerate(
            (
                ("&Recovery", self.signal, self.signal_error),
                ("&Notes", self.notes, self.notes_error),
            )
        ):
            name = QLabel(caption, parent)
            name.setBuddy(field)
            form.addWidget(name, row * 2, 0)
            form.addWidget(field, row * 2, 1)
            form.addWidget(error, row * 2 + 1, 1)
        return form

    def _build_adapt_row(self, parent: QWidget) -> QVBoxLayout:
        # Two rows: three buttons side by side get clipped in a 330 px column at 1280 x 800.
        rows = QVBoxLayout()
        row = QHBoxLayout()
        second = QHBoxLayout()
        self.adapt_button = QPushButton("A&dapt session", parent)
        self.adapt_button.setProperty("role", "primary")
        self.adapt_button.setToolTip("Adjust the session to how you feel (Enter in Notes)")
        self.adapt_busy = QProgressBar(parent)
        self.adapt_busy.setRange(0, 0)
        self.adapt_busy.setTextVisible(False)
        self.adapt_busy.setMaximumHeight(8)
        self.adapt_busy.setMaximumWidth(90)
        self.adapt_busy.hide()
        self.ask_button = QPushButton("As&k the coach", parent)
        self.ask_button.setToolTip(
            "Talk it through with the local AI coach; works offline with Ollama, "
            "and the rule-based plan is always there if it isn't running"
        )
        self.reset_button = QPushButton("Clear", parent)
        self.reset_button.setToolTip("Set every slider back to 0 and clear the notes")
        row.addWidget(self.adapt_button, 1)
        row.addWidget(self.ask_button, 1)
        second.addWidget(self.adapt_busy)
        second.addStretch(1)
        second.addWidget(self.reset_button)
        rows.addLayout(row)
        rows.addLayout(second)
        return rows

    def _build_results(self) -> Card:
        card = Card("Suggested changes", self)
        self.results_card = card
        self.summary = label("", word_wrap=True, parent=card)
        self.recovery = label("", "muted", parent=card)
        card.body.addWidget(self.summary)
        card.body.addWidget(self.recovery)
        self.removed = ChangeList("Removed", "removedList", card)
        self.substituted = ChangeList("Swapped in", "substitutedList", card)
        self.adjusted = ChangeList("Adjusted", "adjustedList", card)
        self.added = ChangeList("Added", "addedList", card)
        for group in (self.removed, self.substituted, self.adjusted, self.added):
            card.body.addWidget(group)
        self.outcome = label("", "good", word_wrap=True, parent=card)
        self.outcome.hide()
        card.body.addWidget(self.outcome)
        row = QHBoxLayout()
        self.accept_button = QPushButton("Accep&t", card)
        self.accept_button.setProperty("role", "primary")
        self.accept_button.setToolTip("Make the adapted session this day's plan")
        self.reject_button = QPushButton("Re&ject", card)
        self.reject_button.setToolTip("Keep the original plan")
        row.addWidget(self.accept_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        card.body.addLayout(row)
        card.hide()
        return card

    def _bind(self) -> None:
        self.adapt_button.clicked.connect(self._on_adapt_clicked)
        self.ask_button.clicked.connect(self._on_ask_clicked)
        self.chat.working_changed.connect(self._on_chat_working_changed)
        self.notes.returnPressed.connect(self._on_adapt_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.accept_button.clicked.connect(self._on_accept_clicked)
        self.reject_button.clicked.connect(self.vm.reject)
        self.vm.plan_changed.connect(self._on_plan_changed)
        self.vm.adaptation_changed.connect(self._on_adaptation_changed)
        self.vm.adapt_busy_changed.connect(self._on_adapt_busy_changed)
        self.vm.busy_changed.connect(self._on_busy_changed)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)

    # --- reading (tests) --------------------------------------------------------------

    def soreness(self) -> dict[BodyPart, int]:
        return {part: s.level() for part, s in self.sliders.items()}

    def recovery_signal(self) -> RecoverySignalLevel | None:
        data = self.signal.currentData()
        return RecoverySignalLevel(data) if data else None

    # --- slots ------------------------------------------------------------------------

    def _on_adapt_clicked(self) -> None:
        if self.adapt_button.isEnabled():
            self.vm.adapt(self.soreness(), self.recovery_signal(), self.notes.text())

    def _on_ask_clicked(self) -> None:
        if self.ask_button.isEnabled():
            self.chat.ask(self.soreness(), self.recovery_signal(), self.notes.text())

    def _on_chat_working_changed(self, _working: bool) -> None:
        self._on_plan_changed(self.vm.view)

    def _on_accept_clicked(self) -> None:
        self.vm.accept(self.notes.text().strip())

    def _on_reset_clicked(self) -> None:
        for slider in self.sliders.values():
            slider.slider.setValue(0)
        self.signal.setCurrentIndex(0)
        self.notes.clear()

    def _on_plan_changed(self, view: PlanView | None) -> None:
        enabled = self.vm.can_adapt()
        for widget in (self.soreness_box, self.signal, self.notes, self.adapt_button):
            widget.setEnabled(enabled and not self.vm.adapting)
        self.ask_button.setEnabled(enabled and not self.vm.adapting and not self.chat.working)
        self.reset_button.setEnabled(enabled)
        self.controls.setVisible(enabled or view is None)
        reason = "" if enabled or view is None else self.vm.adapt_unavailable()
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self._set_title(view)
        self._on_adaptation_changed(self.vm.adaptation)

    def _set_title(self, view: PlanView | None) -> None:
        title = self.inputs_card.title
        if title is None:
            return
        if view is not None and not self.vm.can_adapt():
            title.setText("Adapt")
        elif view is not None and view.day != self.vm.session.today():
            title.setText("How do you expect to feel?")
        else:
            title.setText("How do you feel today?")

    def _on_adaptation_changed(self, view: AdaptationView | None) -> None:
        self.results_card.setVisible(view is not None)
        if view is None:
            return
        self.summary.setText(view.summary)
        self.recovery.setText(view.recovery)
        self.removed.set_rows(view.removed)
        self.substituted.set_rows(view.substituted)
        self.adjusted.set_rows(view.adjusted)
        self.added.set_rows(view.added)
        outcome = {
            ACCEPTED: "Accepted: this is now the day's plan.",
            REJECTED: "Rejected: the original plan stands.",
        }.get(view.status, "")
        self.outcome.setText(outcome)
        self.outcome.setVisible(bool(outcome))
        self._sync_decision_buttons()

    def _on_adapt_busy_changed(self, busy: bool) -> None:
        self.adapt_busy.setVisible(busy)
        self.adapt_button.setText("Adapting…" if busy else "A&dapt session")
        self._on_plan_changed(self.vm.view)

    def _on_busy_changed(self, _busy: bool) -> None:
        self._sync_decision_buttons()

    def _sync_decision_buttons(self) -> None:
        view = self.vm.adaptation
        pending = view is not None and view.is_pending and not self.vm.busy
        self.accept_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)
        self.accept_button.setVisible(view is None or view.is_pending)
        self.reject_button.setVisible(view is None or view.is_pending)
