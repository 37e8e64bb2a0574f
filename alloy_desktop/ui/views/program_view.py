"""The Program page: program list on the left; builder with live preview, or a program's weeks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.program_builder import (
    DURATIONS,
    GOAL_SLOTS,
    OPTION_FIELDS,
    TOTAL_WEIGHT,
    Choice,
    GoalSlot,
    MicrocycleRow,
    ProgramBuilderViewModel,
    ProgramSummary,
    ProgramsViewModel,
    SessionDetail,
    SessionRow,
    SessionSection,
    short_warning,
    warning_parts,
)
from alloy_desktop.ui.viewmodels.program_weeks import LEGEND, SessionPosition
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.targets import TargetWords
from alloy_desktop.ui.widgets.common import Card, FieldErrors, label
from alloy_desktop.ui.widgets.program_parts import (
    SUMMARY_ROLE,
    MicrocycleStrip,
    ProgramRowDelegate,
    TimeBreakdownView,
    WeeksTableView,
    style_active_badge,
    target_labels,
)

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 2
NOTICE_MS = 6000
OPTION_LABELS = {
    "split_template": "Split",
    "progression_style": "Progression",
    "persona_tone": "Coach tone",
    "persona_aggression": "Coach push",
}
PREVIEW_COLUMNS = ("Day", "Session", "Focus", "Exercises", "Minutes")


def _busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setFixedSize(90, 8)
    bar.setTextVisible(False)
    bar.hide()
    return bar


def _fill_combo(combo: QComboBox, choices: list[Choice]) -> None:
    for choice in choices:
        combo.addItem(choice.text, choice.value)
        if choice.hint:
            combo.setItemData(combo.count() - 1, choice.hint, Qt.ItemDataRole.ToolTipRole)


def _clear(layout: QVBoxLayout | QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            widget.hide()  # deleteLater waits for the event loop; hidden, it never paints again
            widget.deleteLater()
        child = item.layout()
        if isinstance(child, (QVBoxLayout, QGridLayout)):
            _clear(child)


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _set_role(widget: QLabel, role: str) -> None:
    widget.setProperty("role", role)
    _repolish(widget)


# --- the builder ---------------------------------------------------------------------------


class BuilderPanel(QScrollArea):
    """Goals with weights, options, live interference warnings, Create, and the preview."""

    def __init__(self, vm: ProgramBuilderViewModel, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.vm = vm
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 14, 18, 18)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self._goals_card(), 5)
        top.addWidget(self._plan_card(today), 4)
        layout.addLayout(top)
        layout.addWidget(self._preview_card(), 1)
        self._bind_errors()
        self._connect()

    # --- building ---------------------------------------------------------------------

    def _goals_card(self) -> Card:
        card = Card("Goals")
        self.goals_card = card
        card.body.addWidget(
            label(
                f"Spread {TOTAL_WEIGHT} points over up to three goals; more points, more focus.",
                "muted",
                word_wrap=True,
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.goal_combos: list[QComboBox] = []
        self.weight_spins: list[QSpinBox] = []
        for slot in range(GOAL_SLOTS):
            combo = QComboBox()
            _fill_combo(combo, self.vm.goal_choices())
            combo.setAccessibleName(f"Goal {slot + 1}")
            spin = QSpinBox()
            spin.setRange(0, TOTAL_WEIGHT)
            spin.setSuffix(f" of {TOTAL_WEIGHT}")
            spin.setAccessibleName(f"Weight of goal {slot + 1}")
            spin.setMinimumWidth(96)
            grid.addWidget(label(f"Goal {slot + 1}"), slot, 0)
            grid.addWidget(combo, slot, 1)
            grid.addWidget(spin, slot, 2)
            self.goal_combos.append(combo)
            self.weight_spins.append(spin)
        grid.setColumnStretch(1, 1)
        card.body.addLayout(grid)
        self.allocation = label("", "good")
        self.allocation.setObjectName("allocation")
        font = self.allocation.font()
        font.setBold(True)
        self.allocation.setFont(font)
        card.body.addWidget(self.allocation)
        self.goals_error = QLabel()
        card.body.addWidget(self.goals_error)
        self.warnings_box = QVBoxLayout()
        self.warnings_box.setSpacing(6)
        card.body.addLayout(self.warnings_box)
        card.body.addStretch(1)
        return card

    def _plan_card(self, today: date) -> Card:
        card = Card("Plan")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(12)
        self.duration_group = QButtonGroup(self)
        self.duration_box = QWidget()
        row = QHBoxLayout(self.duration_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.duration_buttons: dict[int, QRadioButton] = {}
        for weeks in DURATIONS:
            button = QRadioButton(f"{weeks} weeks")
            self.duration_group.addButton(button, weeks)
            self.duration_buttons[weeks] = button
            row.addWidget(button)
        row.addStretch(1)
        self.duration_buttons[self.vm.duration].setChecked(True)
        form.addRow("Duration", self.duration_box)
        self.option_combos: dict[str, QComboBox] = {}
        for field in OPTION_FIELDS:
            combo = QComboBox()
            _fill_combo(combo, self.vm.option_choices(field))
            combo.setAccessibleName(OPTION_LABELS[field])
            self.option_combos[field] = combo
            form.addRow(OPTION_LABELS[field], combo)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Named from your goals")
        self.name_edit.setMaxLength(120)
        form.addRow("Name", self.name_edit)
        self.start_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("ddd d MMM yyyy")
        self.start_edit.setMinimumDate(QDate(today.year, today.month, today.day).addYears(-1))
        form.addRow("Starts", self.start_edit)
        card.body.addLayout(form)
        self.option_errors = {field: QLabel() for field in (*OPTION_FIELDS, "duration_weeks")}
        for error in self.option_errors.values():
            card.body.addWidget(error)
        card.body.addStretch(1)
        card.body.addLayout(self._create_row())
        return card

    def _create_row(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.general_error = QLabel()
        self.reason = label("", "muted", word_wrap=True)
        self.reason.setObjectName("createReason")
        self.create_button = QPushButton("Create program")
        self.create_button.setProperty("role", "primary")
        self.create_button.setToolTip("Create this program (Ctrl+Enter)")
        self.create_button.setMinimumHeight(36)
        column.addWidget(self.general_error)
        column.addWidget(self.reason)
        column.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        return column

    def _preview_card(self) -> Card:
        card = Card("Preview")
        assert card.title is not None
        head = QHBoxLayout()
        card.body.removeWidget(card.title)
        head.addWidget(card.title)
        head.addStretch(1)
        self.preview_busy = _busy_bar()
        head.addWidget(self.preview_busy)
        card.body.addLayout(head)
        self.preview_facts = label("", word_wrap=True)
        self.preview_facts.setObjectName("previewFacts")
        self.preview_strip = MicrocycleStrip()
        self.preview_deloads = label("", "muted")
        self.preview_message = label("", "muted", word_wrap=True)
        self.preview_warnings = label("", "warning", word_wrap=True)
        self.week_title = label("Week 1 sessions", "subtitle")
        self.preview_table = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.preview_table.setHorizontalHeaderLabels(PREVIEW_COLUMNS)
        self.preview_table.verticalHeader().hide()
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.preview_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for widget in (
            self.preview_facts,
            self.preview_strip,
            self.preview_deloads,
            self.preview_message,
            self.preview_warnings,
            self.week_title,
            self.preview_table,
        ):
            card.body.addWidget(widget)
        card.body.addStretch(1)
        self._on_preview_changed(None)
        return card

    def _bind_errors(self) -> None:
        self.errors = FieldErrors(self.general_error)
        self.errors.bind("goals", self.goals_card, self.goals_error)
        self.errors.bind("duration_weeks", self.duration_box, self.option_errors["duration_weeks"])
        for field in OPTION_FIELDS:
            self.errors.bind(field, self.option_combos[field], self.option_errors[field])
        self.errors.bind("name", self.name_edit, self.general_error)
        self.errors.bind("start_date", self.start_edit, self.general_error)

    def _connect(self) -> None:
        vm = self.vm
        for slot, (combo, spin) in enumerate(zip(self.goal_combos, self.weight_spins, strict=True)):
            combo.currentIndexChanged.connect(lambda _i, s=slot: self._on_goal_changed(s))
            spin.valueChanged.connect(lambda value, s=slot: vm.set_weight(s, value))
        self.duration_group.idClicked.connect(vm.set_duration)
        for field, combo in self.option_combos.items():
            combo.currentIndexChanged.connect(lambda _i, f=field: self._on_option_changed(f))
        self.name_edit.textChanged.connect(vm.set_name)
        self.start_edit.dateChanged.connect(self._on_start_changed)
        self.create_button.clicked.connect(vm.create)
        vm.goals_changed.connect(self._on_goals_changed)
        vm.allocation_changed.connect(self._on_allocation_changed)
        vm.warnings_changed.connect(self._on_warnings_changed)
        vm.can_create_changed.connect(self._on_can_create_changed)
        vm.preview_changed.connect(self._on_preview_changed)
        vm.preview_message.connect(self._on_preview_message)
        vm.preview_busy.connect(self.preview_busy.setVisible)
        vm.defaults_changed.connect(self._on_defaults_changed)
        vm.error.connect(self.errors.show)
        vm.errors_cleared.connect(self.errors.clear)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._on_create_shortcut)

    # --- slots ------------------------------------------------------------------------

    def _on_goal_changed(self, slot: int) -> None:
        self.vm.set_goal(slot, self.goal_combos[slot].currentData())

    def _on_option_changed(self, field: str) -> None:
        self.vm.set_option(field, self.option_combos[field].currentData())

    def _on_start_changed(self, value: QDate) -> None:
        self.vm.set_start_date(date(value.year(), value.month(), value.day()))

    def _on_create_shortcut(self) -> None:
        if self.create_button.isEnabled():
            self.vm.create()

    def _on_goals_changed(self, slots: list[GoalSlot]) -> None:
        for slot, (combo, spin) in zip(
            slots, zip(self.goal_combos, self.weight_spins, strict=True), strict=True
        ):
            index = combo.findData(slot.goal)
            if combo.currentIndex() != index:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
            if spin.value() != slot.weight:
                spin.blockSignals(True)
                spin.setValue(slot.weight)
                spin.blockSignals(False)
            spin.setEnabled(slot.goal is not None)

    def _on_allocation_changed(self, total: int, text: str, ok: bool) -> None:
        self.allocation.setText(("✓ " if ok else "✗ ") + text)
        _set_role(self.allocation, "good" if ok else "error")

    def _on_warnings_changed(self, warnings: list[str], blocking: str) -> None:
        _clear(self.warnings_box)
        if blocking:
            head, rationale = warning_parts(blocking)
            headline = label(f"✗ {head}", "error", word_wrap=True)
            font = headline.font()
            font.setBold(True)
            headline.setFont(font)
            self.warnings_box.addWidget(headline)
            if rationale:  # why, in the coach's words: the lifter decides what to drop
                self.warnings_box.addWidget(label(rationale, "muted", word_wrap=True))
        for message in warnings:
            if message != blocking:
                # One line each, so the preview stays in view; the rationale is on hover.
                line = label(f"⚠ {short_warning(message)}", "warning", word_wrap=True)
                line.setToolTip(message)
                self.warnings_box.addWidget(line)
        if not blocking and not warnings and self.vm.checked and len(self.vm.goals()) > 1:
            self.warnings_box.addWidget(label("These goals train well together.", "muted"))

    def _on_can_create_changed(self, enabled: bool, reason: str) -> None:
        self.create_button.setEnabled(enabled)
        self.create_button.setText(
            "Creating…" if reason.startswith("Creating") else "Create program"
        )
        self.reason.setText(reason or "Ready: Ctrl+Enter creates the program.")
        hard = bool(reason) and reason == self.vm.blocking_reason
        _set_role(self.reason, "error" if hard else ("warning" if reason else "muted"))

    def _on_defaults_changed(self, defaults: dict[str, str]) -> None:
        for field, text in defaults.items():
            self.option_combos[field].setItemText(0, f"{text} (from profile)")

    def _on_preview_message(self, message: str) -> None:
        self.preview_message.setText(message)
        self.preview_message.setVisible(bool(message))

    def _on_preview_changed(self, summary: object) -> None:
        shown = isinstance(summary, ProgramSummary)
        for widget in (self.preview_facts, self.preview_strip, self.week_title, self.preview_table):
            widget.setVisible(shown)
        self.preview_deloads.setVisible(shown)
        if not isinstance(summary, ProgramSummary):
            self.preview_warnings.hide()
            return
        self.preview_facts.setText(
            f"<b>{summary.weeks}</b> · {summary.sessions_per_week} sessions a week · "
            f"~{summary.minutes} min a session · {summary.dates}<br>"
            f"{summary.settings} · {summary.coach}"
        )
        self.preview_strip.set_weeks(summary.microcycles)
        self.preview_deloads.setText(_deload_text(summary))
        extra = self.vm.plan_warnings(summary)
        self.preview_warnings.setText("\n".join(f"⚠ {short_warning(w)}" for w in extra))
        self.preview_warnings.setToolTip("\n\n".join(extra))
        self.preview_warnings.setVisible(bool(extra))
        first = summary.microcycles[0] if summary.microcycles else None
        self.week_title.setText(f"{first.title} sessions · {first.dates}" if first else "")
        self._fill_table(first.sessions if first else ())

    def _fill_table(self, sessions: tuple[SessionRow, ...]) -> None:
        table = self.preview_table
        table.setRowCount(len(sessions))
        for row, s in enumerate(sessions):
            cells = (s.day, s.name, s.kind, str(s.exercises), f"{s.minutes} min")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join(s.exercise_lines))
                if column >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + sum(
            table.rowHeight(r) for r in range(len(sessions))
        )
        table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def _deload_text(summary: ProgramSummary) -> str:
    weeks = summary.deload_weeks
    if not weeks:
        return "No deload weeks."
    listed = ", ".join(str(w) for w in weeks)
    noun = "Deload week" if len(weeks) == 1 else "Deload weeks"
    return f"{noun}: {listed} (lighter loads, fewer sets). Hover a week for details."


# --- one program ---------------------------------------------------------------------------


class SessionPanel(QScrollArea):
    """One session: its sections and exercises with the time breakdown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 4, 6, 8)
        layout.setSpacing(8)
        self.title = label("", "title", word_wrap=True)
        self.subtitle = label("", "muted", word_wrap=True)
        self.deload = label("Deload", "badge")
        self.time = TimeBreakdownView()
        self.sections = QVBoxLayout()
        self.sections.setSpacing(10)
        self.empty = label("Pick a session to see its exercises and time.", "muted", True)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.deload, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.time)
        layout.addLayout(self.sections)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self.show_session(None)

    def show_session(self, detail: object) -> None:
        shown = isinstance(detail, SessionDetail)
        for widget in (self.title, self.subtitle, self.time):
            widget.setVisible(shown)
        self.empty.setVisible(not shown)
        _clear(self.sections)
        if not isinstance(detail, SessionDetail):
            self.deload.hide()
            return
        self.title.setText(detail.title)
        self.subtitle.setText(detail.subtitle)
        self.deload.setVisible(detail.is_deload)
        self.time.set_breakdown(detail.breakdown, detail.total_minutes)
        for section in detail.sections:
            if section.exercises:
                self.sections.addLayout(_section_block(section))


def _section_block(section: SessionSection) -> QVBoxLayout:
    block = QVBoxLayout()
    block.setSpacing(3)
    block.addWidget(label(f"{section.title.upper()} · {section.minutes} min", "subtitle"))
    targets = section.targets or tuple(TargetWords() for _ in section.exercises)
    for line, note, words in zip(section.exercises, section.notes, targets, strict=True):
        text = label(line, word_wrap=True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = text.font()
        font.setPointSizeF(font.pointSizeF() * 1.08)
        text.setFont(font)
        block.addWidget(text)
        if note:
            block.addWidget(label(f"    {note}", "muted", word_wrap=True))
        for extra in target_labels(words):
            block.addWidget(extra)
    return block


class WeeksPanel(QWidget):
    """One session of the week across every week of the program, with what changed marked."""

    def __init__(self, vm: ProgramsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        head = QHBoxLayout()
        head.setSpacing(10)
        self.position = QComboBox()
        self.position.setAccessibleName("Session of the week")
        self.position.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.extras = QCheckBox("Warm-ups and cool-downs")
        self.extras.setToolTip("Also list the warm-up drills and cool-down stretches")
        head.addWidget(label("Session"))
        head.addWidget(self.position)
        head.addWidget(self.extras)
        head.addStretch(1)
        layout.addLayout(head)
        self.table = WeeksTableView(vm.weeks)
        layout.addWidget(self.table, 1)
        self.legend = label(LEGEND, "muted", word_wrap=True)
        layout.addWidget(self.legend)
        self._on_positions_changed(list(vm.positions), 0)
        vm.positions_changed.connect(self._on_positions_changed)
        self.position.currentIndexChanged.connect(vm.show_position)
        self.extras.toggled.connect(vm.show_extras)

    def show_week(self, sequence: int) -> None:
        """Brings a week's column into view (the week strip was clicked)."""
        model = self.table.model()
        table = self.vm.weeks.table
        if table is None or not table.rows:
            return
        column = next((i for i, c in enumerate(table.columns) if c.sequence == sequence), None)
        if column is not None:
            index = model.index(0, column)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _on_positions_changed(self, positions: list[SessionPosition], current: int) -> None:
        self.position.blockSignals(True)
        self.position.clear()
        for position in positions:
            self.position.addItem(position.text, position.index)
        if positions:
            self.position.setCurrentIndex(current)
        self.position.blockSignals(False)


class DetailPanel(QWidget):
    """One program: facts, the week strip, weeks and sessions, and the chosen session."""

    def __init__(self, vm: ProgramsViewModel, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.vm = vm
        self.today = today
        self.summary: ProgramSummary | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        self.empty = label(
            "Pick a program on the left to see its weeks and sessions, or build a new one.",
            "muted",
            word_wrap=True,
        )
        self.content = QWidget()
        layout.addWidget(self.empty)
        layout.addWidget(self.content, 1)
        self._build_content()
        self._on_detail_changed(None)
        vm.detail_changed.connect(self._on_detail_changed)
        vm.session_changed.connect(self._on_session_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.add_week_button.clicked.connect(self._on_add_week_clicked)
        self.strip.week_clicked.connect(self._on_week_clicked)

    def _build_content(self) -> None:
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        head = QHBoxLayout()
        self.name = label("", "title", word_wrap=True)
        self.active_badge = label("Active")
        style_active_badge(self.active_badge)
        self.add_week_button = QPushButton("Add a week")
        self.add_week_button.setToolTip(
            "Plan one more week after the last one (a deload when one is due)"
        )
        head.addWidget(self.name, 1)
        head.addWidget(self.add_week_button, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.active_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(head)
        self.facts = label("", word_wrap=True)
        self.facts.setObjectName("programFacts")
        self.warnings = label("", "warning", word_wrap=True)
        self.strip = MicrocycleStrip()
        self.deloads = label("", "muted")
        for widget in (self.facts, self.warnings, self.strip, self.deloads):
            layout.addWidget(widget)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Week / session", "Min"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setMinimumWidth(260)
        self.session_panel = SessionPanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.session_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 440])
        splitter.setChildrenCollapsible(False)
        self.weeks = WeeksPanel(self.vm)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(splitter, "Sessions")
        self.views.addTab(self.weeks, "Week by week")
        self.views.setTabToolTip(1, "How each exercise of a session moves from week to week")
        layout.addWidget(self.views, 1)

    def _on_session_changed(self, detail: object) -> None:
        self.session_panel.show_session(detail)

    def _on_add_week_clicked(self) -> None:
        if self.summary is not None and self.summary.id is not None:
            self.vm.generate_next_week(self.summary.id)

    def _on_detail_changed(self, summary: object) -> None:
        self.summary = summary if isinstance(summary, ProgramSummary) else None
        self.empty.setVisible(self.summary is None)
        self.content.setVisible(self.summary is not None)
        if self.summary is None:
            self.tree.clear()
            return
        p = self.summary
        self.name.setText(p.name)
        self.active_badge.setVisible(p.is_active)
        self.add_week_button.setVisible(p.is_active)  # only the active program can grow
        self.facts.setText(
            f"<b>{p.goals}</b> · {p.weeks} · {p.dates}<br>"
            f"{p.settings} · {p.coach} · ~{p.minutes} min a session"
        )
        self.warnings.setText("\n".join(f"⚠ {short_warning(w)}" for w in p.warnings))
        self.warnings.setToolTip("\n\n".join(p.warnings))
        self.warnings.setVisible(bool(p.warnings))
        self.strip.set_weeks(p.microcycles)
        self.deloads.setText(_deload_text(p))
        self._fill_tree(p)

    def _fill_tree(self, p: ProgramSummary) -> None:
        previous = self._current_session_id()
        self.tree.blockSignals(True)
        self.tree.clear()
        target: QTreeWidgetItem | None = None
        for week in p.microcycles:
            parent = self._week_item(week)
            for s in week.sessions:
                child = QTreeWidgetItem([f"{s.day} · {s.name}", f"{s.minutes}"])
                child.setData(0, ROW_ROLE, s)
                child.setData(
                    1, Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight)
                )
                child.setToolTip(0, "\n".join(s.exercise_lines))
                parent.addChild(child)
                if s.session_id == previous and previous is not None:
                    target = child
        self.tree.blockSignals(False)
        if target is None:
            target = self._default_session()
        if target is not None:
            self.tree.setCurrentItem(target)  # opens it through _on_tree_current_changed
        else:
            self.session_panel.show_session(None)

    def _week_item(self, week: MicrocycleRow) -> QTreeWidgetItem:
        text = f"{week.title} · {week.dates}"
        if week.is_deload:
            text += " · Deload"
        item = QTreeWidgetItem([text, f"{week.minutes}"])
        item.setData(0, ROW_ROLE, week)
        item.setData(1, Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight))
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setToolTip(0, f"{week.status} · {len(week.sessions)} sessions · {week.minutes} min")
        self.tree.addTopLevelItem(item)
        return item

    def _session_items(self) -> list[QTreeWidgetItem]:
        items = []
        for w_index in range(self.tree.topLevelItemCount()):
            week = self.tree.topLevelItem(w_index)
            if week is None:
                continue
            items += [c for i in range(week.childCount()) if (c := week.child(i)) is not None]
        return items

    def _default_session(self) -> QTreeWidgetItem | None:
        """The next session from today on; else the program's last (it is over)."""
        items = self._session_items()
        for child in items:
            row = child.data(0, ROW_ROLE)
            if isinstance(row, SessionRow) and row.on >= self.today:
                return child
        return items[-1] if items else None

    def _current_session_id(self) -> int | None:
        item = self.tree.currentItem()
        row = item.data(0, ROW_ROLE) if item is not None else None
        return row.session_id if isinstance(row, SessionRow) else None

    def _on_tree_current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        row = current.data(0, ROW_ROLE)
        parent = current.parent()
        week = parent.data(0, ROW_ROLE) if parent is not None else row
        if isinstance(week, MicrocycleRow):
            self.strip.set_current(week.sequence)
            (parent or current).setExpanded(True)
        if isinstance(row, SessionRow):
            self.vm.open_session(row, week.title if isinstance(week, MicrocycleRow) else None)

    def _on_week_clicked(self, sequence: int) -> None:
        self.weeks.show_week(sequence)
        item = self.tree.topLevelItem(sequence - 1)
        if item is None:
            return
        item.setExpanded(True)
        first = item.child(0)
        self.tree.setCurrentItem(first if first is not None else item)
        self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)


# --- the page ------------------------------------------------------------------------------


class ProgramView(QWidget):
    """The Program page."""

    BUILDER_TAB = 0
    DETAIL_TAB = 1

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.programs_vm = ProgramsViewModel(session, self)
        self.builder_vm = ProgramBuilderViewModel(session, self)
        self._first_show = True
        self._first_list = True
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._list_column())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.builder = BuilderPanel(self.builder_vm, session.today())
        self.detail = DetailPanel(self.programs_vm, session.today())
        self.tabs.addTab(self.builder, "New program")
        self.tabs.addTab(self.detail, "Program")
        layout.addWidget(self.tabs, 1)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.clear)
        self._connect()

    def _list_column(self) -> QWidget:
        column = QFrame()
        column.setObjectName("programListColumn")
        column.setFixedWidth(304)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(14, 14, 10, 12)
        layout.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(label("Programs", "title"))
        head.addStretch(1)
        self.list_busy = _busy_bar()
        head.addWidget(self.list_busy)
        layout.addLayout(head)
        self.new_button = QPushButton("+  New program")
        self.new_button.setToolTip("Build a new program (Ctrl+N)")
        layout.addWidget(self.new_button)
        self.program_list = QListWidget()
        self.program_list.setItemDelegate(ProgramRowDelegate(self.program_list))
        self.program_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.program_list.setSpacing(0)
        self.program_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.program_list.setAccessibleName("Programs")
        layout.addWidget(self.program_list, 1)
        self.list_empty = label(
            "No programs yet. Build your first one on the right.", "muted", True
        )
        layout.addWidget(self.list_empty)
        buttons = QHBoxLayout()
        self.activate_button = QPushButton("Make active")
        self.activate_button.setToolTip("Today and the calendar follow the active program")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setProperty("role", "danger")
        self.delete_button.setToolTip("Delete the selected program (Delete)")
        buttons.addWidget(self.activate_button, 1)
        buttons.addWidget(self.delete_button, 1)
        layout.addLayout(buttons)
        self.notice = label("", "good", word_wrap=True)
        layout.addWidget(self.notice)
        return column

    def _connect(self) -> None:
        vm = self.programs_vm
        vm.programs_changed.connect(self._on_programs_changed)
        vm.detail_changed.connect(self._on_detail_changed)
        vm.notice.connect(self._on_notice)
        vm.error.connect(self._on_error)
        vm.busy_changed.connect(self.list_busy.setVisible)
        self.builder_vm.created.connect(self._on_created)
        self.program_list.currentItemChanged.connect(self._on_current_program_changed)
        self.program_list.itemActivated.connect(self._on_program_activated)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.activate_button.clicked.connect(self._on_activate_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.program_list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._on_delete_clicked)
        new_key = QShortcut(QKeySequence("Ctrl+N"), self)
        new_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_key.activated.connect(self._on_new_clicked)
        self._update_buttons()

    # --- page protocol ------------------------------------------------------------------

    def activate(self) -> None:
        """Called each time the page is shown: reload, and start the builder's checks once."""
        self.detail.today = self.session.today()  # the app may have stayed open past midnight
        self.programs_vm.refresh()
        if self._first_show:
            self._first_show = False
            self.builder_vm.refresh()

    def restyle(self) -> None:
        """Custom-painted parts read the palette when painting; re-polish and repaint them."""
        for widget in self.findChildren(QWidget):
            if widget.property("role"):
                _repolish(widget)
        style_active_badge(self.detail.active_badge)
        self.detail.session_panel.time.restyle()
        self.detail.weeks.table.restyle()
        self.program_list.viewport().update()
        self.update()

    def can_close(self) -> bool:
        # Nothing is held back for later: every change is saved when it is made, and the
        # builder's choices are quicker to redo than a question on every quit would be.
        return True

    # --- list ---------------------------------------------------------------------------

    def selected_program(self) -> ProgramSummary | None:
        item = self.program_list.currentItem()
        data = item.data(SUMMARY_ROLE) if item is not None else None
        return data if isinstance(data, ProgramSummary) else None

    def _on_programs_changed(self, programs: list[ProgramSummary]) -> None:
        keep = self.programs_vm.selected_id
        self.program_list.blockSignals(True)
        self.program_list.clear()
        for p in programs:
            item = QListWidgetItem(p.name)
            item.setData(SUMMARY_ROLE, p)
            item.setToolTip(f"{p.name}\n{p.goals}\n{p.weeks} · ~{p.minutes} min a session")
            self.program_list.addItem(item)
            if p.id == keep:
                self.program_list.setCurrentItem(item)
        self.program_list.blockSignals(False)
        self.list_empty.setVisible(not programs)
        if not programs:
            self.tabs.setCurrentIndex(self.BUILDER_TAB)
        elif keep is None and (self._first_list or self.tabs.currentIndex() == self.DETAIL_TAB):
            # Open the active program (listed first) rather than an empty detail pane.
            self._select_row(0)
        self._first_list = False
        self._update_buttons()

    def _select_row(self, row: int) -> None:
        self.program_list.setCurrentRow(row)  # opens it through _on_current_program_changed

    def _highlight(self, program_id: int | None) -> None:
        for row in range(self.program_list.count()):
            data = self.program_list.item(row).data(SUMMARY_ROLE)
            if isinstance(data, ProgramSummary) and data.id == program_id:
                self.program_list.blockSignals(True)
                self.program_list.setCurrentRow(row)
                self.program_list.blockSignals(False)
        self._update_buttons()

    def _on_current_program_changed(
        self, current: QListWidgetItem | None, _previous: object
    ) -> None:
        data = current.data(SUMMARY_ROLE) if current is not None else None
        if isinstance(data, ProgramSummary):
            self.programs_vm.select(data.id)
            self.tabs.setCurrentIndex(self.DETAIL_TAB)
        self._update_buttons()

    def _on_program_activated(self, _item: QListWidgetItem) -> None:
        self.tabs.setCurrentIndex(self.DETAIL_TAB)
        self.detail.tree.setFocus()

    def _on_detail_changed(self, summary: object) -> None:
        if summary is None:
            self.program_list.clearSelection()
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.selected_program()
        self.activate_button.setEnabled(selected is not None and not selected.is_active)
        self.delete_button.setEnabled(selected is not None)

    def _on_new_clicked(self) -> None:
        self.tabs.setCurrentIndex(self.BUILDER_TAB)
        self.builder.goal_combos[0].setFocus()

    def _on_activate_clicked(self) -> None:
        selected = self.selected_program()
        if selected is not None and selected.id is not None:
            self.programs_vm.activate(selected.id)

    def _on_delete_clicked(self) -> None:
        selected = self.selected_program()
        if selected is None or selected.id is None:
            return
        if self._confirm_delete(selected):
            self.programs_vm.delete(selected.id)

    def _confirm_delete(self, p: ProgramSummary) -> bool:
        text = (
            f"Delete “{p.name}”?\n\nIts {p.weeks} of planned sessions are removed. "
            "Workouts you already logged stay in your history."
        )
        if p.is_active:
            text += (
                "\n\nIt is your active program: Today will have no plan until you activate another."
            )
        answer = QMessageBox.question(
            self,
            "Delete program",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_created(self, summary: ProgramSummary) -> None:
        self._on_notice(f"Created {summary.name}.")
        self.programs_vm.select(summary.id)
        self._highlight(summary.id)
        self.tabs.setCurrentIndex(self.DETAIL_TAB)

    def _on_notice(self, message: str) -> None:
        self.notice.setText(message)
        self._notice_timer.start()

    def _on_error(self, _field: str, message: str) -> None:
        QMessageBox.warning(self, "Program", message)
