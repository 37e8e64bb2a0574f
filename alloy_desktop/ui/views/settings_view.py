"""The Settings page: training, coach and profile (saved together), rules, injuries, likes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.plates import PlatesViewModel
from alloy_desktop.ui.viewmodels.rest_timer import AlertPrefs
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.settings import (
    INJURY,
    LIKES,
    RULE,
    WEEKDAYS,
    InjuryRow,
    RuleDraft,
    RuleRow,
    SettingsForm,
    SettingsViewModel,
)
from alloy_desktop.ui.viewmodels.workout_logger import LibrarySearchViewModel, MovementChoice
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.alerts import window_settings
from alloy_desktop.ui.widgets.common import ActiveWhileShown, Card, FieldErrors, StatusLabel, label
from alloy_desktop.ui.widgets.library_picker import LibraryPicker
from alloy_desktop.ui.widgets.plates_editor import PlatesCard, RestAlertsCard
from alloy_desktop.ui.widgets.settings_parts import (
    CheckGrid,
    FormGrid,
    WeekdayPicker,
    chosen,
    combo,
    fill_list,
    item_list,
    select,
)

STATUS_MS = 6000
CHOOSE_MOVEMENT = "Choose a movement…"


def page_style(c: theme.Colours) -> str:
    return f"""
    QPushButton:checked {{ background: {c.accent}; color: #ffffff; border: 1px solid {c.accent};
        border-radius: 4px; }}
    QListWidget {{ font-size: 11pt; }}
    QListWidget::item {{ padding: 4px 2px; }}
    QLabel#unsaved {{ color: {c.warn}; font-weight: 600; }}
    QPushButton[role="danger"]:disabled {{ color: {c.muted}; }}
    """


def _spin(low: int, high: int, suffix: str, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setSingleStep(step)
    spin.setAccelerated(True)
    return spin


def _double(high: float, suffix: str, decimals: int = 1) -> QDoubleSpinBox:
    # Ranges are wider than the api allows on purpose: the api is the one authority on
    # limits, and its message beside the field says what they are.
    spin = QDoubleSpinBox()
    spin.setRange(0.0, high)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setAccelerated(True)
    return spin


def _button_row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class SettingsView(ActiveWhileShown, QWidget):
    """Where the lifter sets units, the coach, their profile and what to keep away from."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = SettingsViewModel(session, self)
        self.picker: LibraryPicker | None = None
        self._rule_movement: MovementChoice | None = None
        self._weight_unit = "KG"
        self._filling = False
        self._build()
        self._bind()
        self.restyle()
        self.vm.refresh()

    # --- page protocol ----------------------------------------------------------------

    def activate(self) -> None:
        """Shown: pick up changes made elsewhere without losing edits made here."""
        self.vm.active = True
        self.vm.ensure_fresh(self.form() if self.vm.loaded is not None else None)

    def restyle(self) -> None:
        self.setStyleSheet(page_style(theme.current()))

    def can_close(self) -> bool:
        """Unsaved edits: Save, Discard or Cancel (which keeps the window open)."""
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved settings",
            "You changed settings without saving them. Save them now?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.vm.save_now(self.form())
        if answer == QMessageBox.StandardButton.Discard:
            self._on_revert_clicked()
            return True
        return False

    def has_unsaved_changes(self) -> bool:
        return self.vm.has_changes(self.form())

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._build_header())
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)  # the form's; each list has its own
        self.scoped_errors: dict[str, FieldErrors] = {}
        layout.addWidget(self.general_error)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(12)
        self.grids: list[FormGrid] = []
        left.addWidget(self._build_training())
        left.addWidget(self._build_kit())
        left.addWidget(self._build_coach())
        left.addWidget(self._build_profile())
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(label("Changes below apply at once.", "muted"))
        right.addWidget(self._build_rules())
        right.addWidget(self._build_injuries())
        right.addWidget(self._build_likes())
        right.addWidget(self._build_rest_alerts())
        right.addStretch(1)
        columns.addLayout(left, 11)
        columns.addLayout(right, 9)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(body)
        layout.addWidget(self.scroll_area, 1)

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.addWidget(label("Settings", "title"))
        header.addStretch(1)
        self.status = StatusLabel(STATUS_MS)
        self.unsaved = label("Unsaved changes")
        self.unsaved.setObjectName("unsaved")
        self.unsaved.hide()
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Put back the saved settings")
        self.save_button = QPushButton("Save")
        self.save_button.setProperty("role", "primary")
        self.save_button.setToolTip("Save training, coach and profile settings (Ctrl+S)")
        for widget in (self.status, self.unsaved):
            header.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addSpacing(12)
        header.addWidget(self.revert_button)
        header.addWidget(self.save_button)
        return header

    def _scope(self, scope: str, general: QLabel) -> FieldErrors:
        """Errors of one list, shown and cleared apart from the form's."""
        errors = FieldErrors(general)
        self.scoped_errors[scope] = errors
        return errors

    def _grid(self) -> FormGrid:
        grid = FormGrid(self.errors)
        self.grids.append(grid)
        return grid

    def _build_training(self) -> Card:
        card = Card("Training")
        grid = self._grid()
        self.formula = combo(self.vm.formula_choices(), "Estimated 1RM formula")
        self.formula_hint = grid.add("e1RM formula", self.formula, "e1rm_formula", " ")
        self.unit = combo(self.vm.unit_choices(), "Weight unit")
        grid.add("Weights in", self.unit, "weight_unit", "Every weight in the app is shown in it.")
        self.decay = _double(1000.0, " h per point")
        grid.add(
            "Soreness fades",
            self.decay,
            "soreness_decay_hours",
            "Hours for soreness to drop one point (1–72). Lower means you recover faster.",
        )
        card.body.addLayout(grid)
        return card

    def _build_coach(self) -> Card:
        card = Card("Coach")
        top = self._grid()
        self.provider = combo(self.vm.provider_choices(), "Coach provider")
        # Long provider names must not widen the page past 1280 px (the right column clipped).
        self.provider.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.provider.setMinimumContentsLength(16)
        top.add("Provider", self.provider, "llm_provider")
        card.body.addLayout(top)
        self.ollama_box = self._build_ollama()
        self.openai_box = self._build_openai()
        card.body.addWidget(self.ollama_box)
        card.body.addWidget(self.openai_box)
        grid = self._grid()
        self.timeout = _double(100000.0, " s", decimals=0)
        grid.add("Timeout", self.timeout, "ollama_timeout", "How long to wait for an answer.")
        self.design = QCheckBox("Let the coach design sessions")
        self.design.setToolTip("When off, Alloy's own planner writes every session.")
        grid.add("", self.design, "llm_design_sessions", "Off: Alloy's planner writes them.")
        self.test_button = QPushButton("Test connection")
        self.test_button.setToolTip("Ask the server on screen whether it answers and has the model")
        self.test_result = label("", "muted", word_wrap=True)
        test_row = QWidget()
        row = QHBoxLayout(test_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.test_button)
        row.addWidget(self.test_result, 1)
        grid.add("", test_row)
        card.body.addLayout(grid)
        self._on_provider_changed()
        return card

    def _build_ollama(self) -> QWidget:
        box = QWidget()
        grid = self._grid()
        grid.setContentsMargins(0, 0, 0, 0)
        self.host = QLineEdit()
        self.host.setPlaceholderText("http://localhost:11434")
        grid.add(
            "Ollama host", self.host, "ollama_host", "Empty: OLLAMA_HOST, else localhost:11434."
        )
        self.model = QLineEdit()
        self.model.setPlaceholderText("gemma3:4b")
        grid.add("Model", self.model, "ollama_model")
        box.setLayout(grid)
        return box

    def _build_openai(self) -> QWidget:
        box = QWidget()
        grid = self._grid()
        grid.setContentsMargins(0, 0, 0, 0)
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText("http://localhost:8080/v1")
        grid.add(
            "Server address",
            self.base_url,
            "openai_base_url",
            "Its /v1 address: LM Studio :1234, llama.cpp :8080, vLLM :8000, Ollama :11434.",
        )
        self.server_model = QLineEdit()
        self.server_model.setPlaceholderText("the first model it serves")
        grid.add("Model", self.server_model, "openai_model")
        box.setLayout(grid)
        return box

    def _build_profile(self) -> Card:
        card = Card("Profile")
        grid = self._grid()
        self.name = QLineEdit()
        grid.add("Name", self.name, "name")
        self.experience = combo(self.vm.experience_choices(), "Experience")
        grid.add("Experience", self.experience, "experience_level")
        self.tone = combo(self.vm.tone_choices(), "Coach tone")
        grid.add("Coach tone", self.tone, "persona_tone")
        self.aggression = combo(self.vm.aggression_choices(), "Coach aggression")
        grid.add("Coach pushes", self.aggression, "persona_aggression")
        self.days = WeekdayPicker(WEEKDAYS)
        self.days_hint = grid.add("Training days", self.days, "scheduling", " ")
        self.session_minutes = _spin(0, 600, " min", step=5)
        grid.add("Session length", self.session_minutes, "scheduling.session_minutes")
        self.microcycle = _spin(0, 60, " days")
        grid.add(
            "Microcycle",
            self.microcycle,
            "scheduling.microcycle_length_days",
            "Days before the plan repeats (7–14).",
        )
        self.body_weight = _double(2000.0, " kg")
        self.body_weight.setSpecialValueText("—")
        grid.add("Body weight", self.body_weight, "body_weight_kg")
        self.split = combo(self.vm.split_choices(), "Preferred split")
        grid.add("Preferred split", self.split, "preferred_split")
        self.full_gym = QCheckBox("Full gym: I have everything")
        self.equipment = CheckGrid(self.vm.equipment_choices())
        kit = QWidget()
        kit_column = QVBoxLayout(kit)
        kit_column.setContentsMargins(0, 0, 0, 0)
        kit_column.addWidget(self.full_gym)
        kit_column.addWidget(self.equipment)
        grid.add(
            "Equipment", kit, "equipment", "Bodyweight exercises are always included.", tall=True
        )
        card.body.addLayout(grid)
        return card

    def _build_rules(self) -> Card:
        card = Card("Movement rules")
        card.body.addWidget(
            label("Movements the planner must never or should rarely give you.", "muted", True)
        )
        self.rule_list = item_list("No rules yet: everything in the library is allowed.", rows=2)
        self.remove_rule_button = QPushButton("Remove…")
        self.remove_rule_button.setProperty("role", "danger")
        self.rule_type = combo(self.vm.rule_type_choices(), "Rule type")
        self.rule_target = combo(self.vm.target_choices(), "Rule applies to")
        self.rule_movement = QPushButton(CHOOSE_MOVEMENT)
        self.rule_movement.setToolTip("Search the exercise library")
        self.rule_pattern = combo(self.vm.pattern_choices(), "Movement pattern")
        self.rule_part = combo(self.vm.body_part_choices(), "Body part")
        self.rule_what = QStackedWidget()
        choosers: tuple[QWidget, ...] = (self.rule_movement, self.rule_pattern, self.rule_part)
        for chooser in choosers:
            self.rule_what.addWidget(chooser)
        self.rule_note = QLineEdit()
        self.rule_note.setPlaceholderText("Note (optional), e.g. hurts my lower back")
        self.add_rule_button = QPushButton("Add rule")
        self.rule_error = QLabel()
        rule_errors = self._scope(RULE, self.rule_error)
        for field, widget in (
            (RULE, self.add_rule_button),
            (f"{RULE}.rule_type", self.rule_type),
            (f"{RULE}.target", self.rule_target),
            (f"{RULE}.movement_id", self.rule_movement),
            (f"{RULE}.pattern", self.rule_pattern),
            (f"{RULE}.body_part", self.rule_part),
            (f"{RULE}.note", self.rule_note),
        ):
            rule_errors.bind(field, widget, self.rule_error)
        card.body.addWidget(self.rule_list)
        card.body.addLayout(_button_row(self.remove_rule_button))
        card.body.addWidget(label("Add a rule", "subtitle"))
        card.body.addLayout(_button_row(self.rule_type, self.rule_target))
        card.body.addWidget(self.rule_what)
        card.body.addWidget(self.rule_note)
        card.body.addWidget(self.rule_error)
        card.body.addLayout(_button_row(self.add_rule_button))
        return card

    def _build_injuries(self) -> Card:
        card = Card("Injuries")
        card.body.addWidget(
            label("While an injury is active the planner keeps load off it.", "muted", True)
        )
        self.injury_list = item_list("No active injuries.", rows=2)
        self.resolve_button = QPushButton("Mark healed…")
        self.show_healed = QCheckBox("Show healed")
        self.injury_part = combo(self.vm.body_part_choices(), "Injured body part")
        self.injury_text = QLineEdit()
        self.injury_text.setPlaceholderText("What happened, e.g. tweaked left knee")
        self.injury_severity = _spin(1, 10, "/10")
        self.injury_severity.setValue(5)
        self.injury_severity.setPrefix("Severity ")
        self.injury_started = QDateEdit()
        self.injury_started.setCalendarPopup(True)
        self.injury_started.setDisplayFormat("d MMM yyyy")
        self._reset_injury_date()
        self.add_injury_button = QPushButton("Add injury")
        self.injury_error = QLabel()
        injury_errors = self._scope(INJURY, self.injury_error)
        for field, widget in (
            (INJURY, self.add_injury_button),
            (f"{INJURY}.body_part", self.injury_part),
            (f"{INJURY}.description", self.injury_text),
            (f"{INJURY}.severity", self.injury_severity),
            (f"{INJURY}.started_on", self.injury_started),
        ):
            injury_errors.bind(field, widget, self.injury_error)
        card.body.addWidget(self.injury_list)
        card.body.addLayout(_button_row(self.resolve_button, self.show_healed))
        card.body.addWidget(label("Add an injury", "subtitle"))
        card.body.addLayout(
            _button_row(self.injury_part, self.injury_severity, label("since"), self.injury_started)
        )
        card.body.addWidget(self.injury_text)
        card.body.addWidget(self.injury_error)
        card.body.addLayout(_button_row(self.add_injury_button))
        return card

    def _build_likes(self) -> Card:
        card = Card("Enjoyable activities")
        card.body.addWidget(
            label("Sports and activities you like; the coach works them in.", "muted", True)
        )
        self.like_list = item_list("None yet.", rows=2)
        self.remove_like_button = QPushButton("Remove")
        self.like_input = QComboBox()
        self.like_input.setEditable(True)
        self.like_input.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.like_input.setAccessibleName("Activity you enjoy")
        line = self.like_input.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type or choose, e.g. Climbing")
        self.add_like_button = QPushButton("Add")
        self.like_error = QLabel()
        self._scope(LIKES, self.like_error).bind(LIKES, self.like_input, self.like_error)
        add_row = QHBoxLayout()
        add_row.addWidget(self.like_input, 1)
        add_row.addWidget(self.add_like_button)
        card.body.addWidget(self.like_list)
        card.body.addLayout(_button_row(self.remove_like_button))
        card.body.addLayout(add_row)
        card.body.addWidget(self.like_error)
        return card

    # --- bar, plates and the rest timer (each card saves on its own) ---------------------

    def _build_kit(self) -> PlatesCard:
        self.plates_vm = PlatesViewModel(self.session, self)
        self.plates = PlatesCard(self.plates_vm)
        self.plates_vm.refresh()
        return self.plates

    def _build_rest_alerts(self) -> RestAlertsCard:
        self.rest_alerts = RestAlertsCard(AlertPrefs(window_settings(self), self))
        return self.rest_alerts

    # --- wiring -----------------------------------------------------------------------

    def _bind(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.revert_button.clicked.connect(self._on_revert_clicked)
        self.unit.currentIndexChanged.connect(self._on_unit_changed)
        self.formula.currentIndexChanged.connect(self._on_formula_changed)
        self.days.changed.connect(self._on_days_changed)
        self.full_gym.toggled.connect(self._on_full_gym_toggled)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.provider.currentIndexChanged.connect(self._on_provider_changed)
        self.rule_target.currentIndexChanged.connect(self._on_rule_target_changed)
        self.rule_movement.clicked.connect(self._on_rule_movement_clicked)
        self.add_rule_button.clicked.connect(self._on_add_rule_clicked)
        self.remove_rule_button.clicked.connect(self._on_remove_rule_clicked)
        self.add_injury_button.clicked.connect(self._on_add_injury_clicked)
        self.resolve_button.clicked.connect(self._on_resolve_clicked)
        self.show_healed.toggled.connect(self.vm.set_show_healed)
        self.add_like_button.clicked.connect(self._on_add_like_clicked)
        self.remove_like_button.clicked.connect(self._on_remove_like_clicked)
        self.rule_list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.injury_list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.like_list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self._bind_edits()
        self._bind_vm()
        self._bind_keys()

    def _bind_edits(self) -> None:
        """Every form widget marks the page as changed (or not) when edited."""
        for box in (
            self.formula,
            self.unit,
            self.experience,
            self.tone,
            self.aggression,
            self.provider,
        ):
            box.currentIndexChanged.connect(self._on_edited)
        self.split.currentIndexChanged.connect(self._on_edited)
        for edit in (self.host, self.model, self.base_url, self.server_model, self.name):
            edit.textChanged.connect(self._on_edited)
        for spin in (self.decay, self.timeout, self.body_weight):
            spin.valueChanged.connect(self._on_edited)
        for whole in (self.session_minutes, self.microcycle):
            whole.valueChanged.connect(self._on_edited)
        for check in (self.design, self.full_gym):
            check.toggled.connect(self._on_edited)
        self.days.changed.connect(self._on_edited)
        self.equipment.changed.connect(self._on_edited)

    def _bind_vm(self) -> None:
        self.vm.form_loaded.connect(self._on_form_loaded)
        self.vm.rules_changed.connect(self._on_rules_changed)
        self.vm.injuries_changed.connect(self._on_injuries_changed)
        self.vm.rule_added.connect(self._on_rule_added)
        self.vm.injury_added.connect(self._on_injury_added)
        self.vm.likes_changed.connect(self._on_likes_changed)
        self.vm.suggestions_changed.connect(self._on_suggestions_changed)
        self.vm.saved.connect(self._on_saved)
        self.vm.notice.connect(self._show_status)
        self.vm.coach_checked.connect(self._on_coach_checked)
        self.vm.error.connect(self._on_error)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.scope_cleared.connect(self._on_scope_cleared)
        self.vm.busy_changed.connect(self._on_busy_changed)

    def _bind_keys(self) -> None:
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self._on_save_clicked)
        for items, slot in (
            (self.rule_list, self._on_remove_rule_clicked),
            (self.injury_list, self._on_resolve_clicked),
            (self.like_list, self._on_remove_like_clicked),
        ):
            key = QShortcut(QKeySequence(Qt.Key.Key_Delete), items)
            key.setContext(Qt.ShortcutContext.WidgetShortcut)
            key.activated.connect(slot)
        line = self.like_input.lineEdit()
        if line is not None:
            line.returnPressed.connect(self._on_add_like_clicked)

    # --- the form ---------------------------------------------------------------------

    def form(self) -> SettingsForm:
        """The form as the widgets show it."""
        weight = self.body_weight.value()
        return SettingsForm(
            formula=str(self.formula.currentData()),
            unit=str(self.unit.currentData()),
            decay_hours=self.decay.value(),
            ollama_host=self.host.text().strip(),
            ollama_model=self.model.text().strip(),
            ollama_timeout=self.timeout.value(),
            llm_design_sessions=self.design.isChecked(),
            name=self.name.text().strip(),
            experience=str(self.experience.currentData()),
            tone=str(self.tone.currentData()),
            aggression=str(self.aggression.currentData()),
            training_days=self.days.days(),
            session_minutes=self.session_minutes.value(),
            microcycle_days=self.microcycle.value(),
            full_gym=self.full_gym.isChecked(),
            equipment=self.equipment.values(),
            body_weight=round(weight, 1) if weight > 0 else None,
            split=str(self.split.currentData() or ""),
            llm_provider=str(self.provider.currentData()),
            openai_base_url=self.base_url.text().strip(),
            openai_model=self.server_model.text().strip(),
        )

    def _on_form_loaded(self, form: SettingsForm) -> None:
        self._filling = True
        try:
            self._fill(form)
        finally:
            self._filling = False
        self._on_edited()

    def _fill(self, form: SettingsForm) -> None:
        select(self.formula, form.formula)
        self.unit.blockSignals(True)  # a loaded unit is no switch: nothing to convert
        select(self.unit, form.unit)
        self.unit.blockSignals(False)
        self._set_weight_unit(form.unit)
        self.decay.setValue(form.decay_hours)
        select(self.provider, form.llm_provider)
        self.host.setText(form.ollama_host)
        self.host.setPlaceholderText(self.vm.default_ollama_host())
        self.model.setText(form.ollama_model)
        self.base_url.setText(form.openai_base_url)
        self.server_model.setText(form.openai_model)
        self.timeout.setValue(form.ollama_timeout)
        self.design.setChecked(form.llm_design_sessions)
        self.name.setText(form.name)
        select(self.experience, form.experience)
        select(self.tone, form.tone)
        select(self.aggression, form.aggression)
        self.days.set_days(form.training_days)
        self.session_minutes.setValue(form.session_minutes)
        self.microcycle.setValue(form.microcycle_days)
        self.body_weight.setValue(form.body_weight or 0.0)
        select(self.split, form.split)
        self.full_gym.setChecked(form.full_gym)
        self.equipment.set_values(form.equipment)
        self._on_full_gym_toggled(form.full_gym)
        self._on_formula_changed()
        self._on_provider_changed()

    def _on_edited(self, *_args: object) -> None:
        if self._filling:
            return
        dirty = self.has_unsaved_changes()
        self.unsaved.setVisible(dirty)
        self.revert_button.setEnabled(dirty)

    def _on_unit_changed(self, _index: int) -> None:
        unit = str(self.unit.currentData())
        weight = self.body_weight.value()
        if weight > 0:
            self.body_weight.setValue(self.vm.convert_weight(weight, self._weight_unit, unit))
        self._set_weight_unit(unit)

    def _set_weight_unit(self, unit: str) -> None:
        self._weight_unit = unit
        self.body_weight.setSuffix(f" {self.vm.unit_word(unit)}")

    def _on_formula_changed(self, *_args: object) -> None:
        self.formula_hint.setText(self.vm.formula_hint(str(self.formula.currentData())))

    def _on_days_changed(self) -> None:
        count = len(self.days.days())
        self.days_hint.setText(f"{count} day{'s' if count != 1 else ''} a week")

    def _on_full_gym_toggled(self, full: bool) -> None:
        self.equipment.setEnabled(not full)

    def _on_save_clicked(self) -> None:
        self.vm.save(self.form())

    def _on_revert_clicked(self) -> None:
        if self.vm.loaded is not None:
            self.errors.clear()
            self._on_form_loaded(self.vm.loaded)

    def _on_saved(self, message: str) -> None:
        self._show_status(message)
        self._on_edited()

    def _on_test_clicked(self) -> None:
        self.test_result.setProperty("role", "muted")
        self.test_result.setText("Checking…")
        self._repolish(self.test_result)
        self.vm.test_llm(self.form())

    def _on_provider_changed(self, *_args: object) -> None:
        openai = self.provider.currentData() == "openai"
        self.ollama_box.setVisible(not openai)
        self.openai_box.setVisible(openai)

    def _on_coach_checked(self, ok: bool, message: str) -> None:
        self.test_result.setProperty("role", "good" if ok else "error")
        self.test_result.setText(message)
        self._repolish(self.test_result)

    # --- movement rules ---------------------------------------------------------------

    def _on_rule_target_changed(self, index: int) -> None:
        self.rule_what.setCurrentIndex(index)

    def _on_rule_movement_clicked(self) -> None:
        picker = LibraryPicker(LibrarySearchViewModel(self.session), "Rule about", self)
        picker.set_action_text("Choose")
        picker.picked.connect(self._on_rule_movement_picked)
        picker.finished.connect(picker.deleteLater)
        self.picker = picker
        picker.open()

    def _on_rule_movement_picked(self, choice: MovementChoice) -> None:
        self._rule_movement = choice
        self.rule_movement.setText(choice.name)
        self.picker = None

    def _on_add_rule_clicked(self) -> None:
        movement = self._rule_movement
        self.vm.add_rule(
            RuleDraft(
                rule_type=str(self.rule_type.currentData()),
                target=str(self.rule_target.currentData()),
                movement_id=movement.movement_id if movement else None,
                pattern=str(self.rule_pattern.currentData()),
                body_part=str(self.rule_part.currentData()),
                note=self.rule_note.text(),
            )
        )

    def _on_rules_changed(self, rules: Sequence[RuleRow]) -> None:
        fill_list(
            self.rule_list,
            [(r.id, f"{r.text}\n{r.note}" if r.note else r.text, r.note) for r in rules],
        )
        self._on_list_selection_changed()

    def _on_rule_added(self) -> None:
        self.rule_note.clear()
        self._rule_movement = None
        self.rule_movement.setText(CHOOSE_MOVEMENT)

    def _on_remove_rule_clicked(self) -> None:
        rule_id = chosen(self.rule_list)
        if not isinstance(rule_id, int):
            return
        if self._ask("Remove rule", f"Remove “{self.vm.rule_text(rule_id)}”?"):
            self.vm.remove_rule(rule_id)

    # --- injuries ---------------------------------------------------------------------

    def _on_add_injury_clicked(self) -> None:
        self.vm.add_injury(
            str(self.injury_part.currentData()),
            self.injury_text.text(),
            self.injury_severity.value(),
            self.injury_started.date().toPython(),  # type: ignore[arg-type]
        )

    def _on_injuries_changed(self, injuries: Sequence[InjuryRow]) -> None:
        rows = [(i.id, f"{i.text}\n{i.detail}", i.detail) for i in injuries]
        fill_list(self.injury_list, rows)
        self._on_list_selection_changed()

    def _on_injury_added(self) -> None:
        self.injury_text.clear()
        self._reset_injury_date()

    def _reset_injury_date(self) -> None:
        day = self.vm.today()
        today = QDate(day.year, day.month, day.day)
        self.injury_started.setMaximumDate(today)
        self.injury_started.setDate(today)

    def _on_resolve_clicked(self) -> None:
        injury_id = chosen(self.injury_list)
        active = any(i.id == injury_id and i.active for i in self.vm.injuries)
        if not isinstance(injury_id, int) or not active:
            return
        text = f"Mark “{self.vm.injury_text(injury_id)}” as healed? The planner will load it again."
        if self._ask("Mark healed", text):
            self.vm.resolve_injury(injury_id)

    # --- enjoyable activities ---------------------------------------------------------

    def _on_suggestions_changed(self, names: Sequence[str]) -> None:
        text = self.like_input.currentText()
        self.like_input.clear()
        self.like_input.addItems(list(names))
        self.like_input.setEditText(text)

    def _on_likes_changed(self, names: Sequence[str]) -> None:
        fill_list(self.like_list, [(n, n, "") for n in names])
        self.like_input.setEditText("")
        self._on_list_selection_changed()

    def _on_add_like_clicked(self) -> None:
        self.vm.add_like(self.like_input.currentText())

    def _on_remove_like_clicked(self) -> None:
        name = chosen(self.like_list)
        if isinstance(name, str):
            self.vm.remove_like(name)

    # --- feedback ---------------------------------------------------------------------

    def _on_list_selection_changed(self) -> None:
        self.remove_rule_button.setEnabled(chosen(self.rule_list) is not None)
        injury_id = chosen(self.injury_list)
        self.resolve_button.setEnabled(
            any(i.id == injury_id and i.active for i in self.vm.injuries)
        )
        self.remove_like_button.setEnabled(chosen(self.like_list) is not None)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_status(self, message: str) -> None:
        self.status.flash(message)

    def _on_scope_cleared(self, scope: str) -> None:
        errors = self.scoped_errors.get(scope)
        if errors is not None:
            errors.clear()

    def _on_error(self, field: str, message: str) -> None:
        scope = self.scoped_errors.get(field.split(".", 1)[0])
        (scope or self.errors).show(field, message)
        widget = self._first_invalid()
        if widget is not None:
            self.scroll_area.ensureWidgetVisible(widget, 40, 120)
            widget.setFocus()

    def _first_invalid(self) -> QWidget | None:
        widgets = [w for grid in self.grids for w in grid.widgets]
        widgets += [
            self.rule_movement, self.rule_pattern, self.rule_part, self.rule_note,
            self.add_rule_button, self.injury_part, self.injury_text, self.injury_severity,
            self.injury_started, self.add_injury_button, self.like_input,
        ]  # fmt: skip
        return next((w for w in widgets if w.property("invalid") is True), None)

    def _on_busy_changed(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        for button in (self.add_rule_button, self.add_injury_button, self.add_like_button):
            button.setEnabled(not busy)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
