"""The Activities page: log a run, ride or swim beside the history of what was logged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.activities import (
    HISTORY,
    NOT_GIVEN,
    ActivitiesViewModel,
    ActivityChoice,
    ActivityForm,
    HistoryRow,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import ActiveWhileShown, Card, FieldErrors, StatusLabel, label

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_MS = 6000
FORM_WIDTH = 340
DEFAULT_MINUTES = 30
COLUMNS = ("Date", "Activity", "Time", "Distance", "Pace", "Energy", "Effort", "Enjoyed", "Notes")
NUMERIC_COLUMNS = (2, 3, 4, 5)
DATE_FORMAT = "ddd d MMM yyyy  HH:mm"


def page_style(c: theme.Colours) -> str:
    return f"""
    QTableWidget {{ font-size: 11pt; }}
    QLabel#summary {{ font-size: 12pt; font-weight: 600; color: {c.text}; }}
    QPushButton[role="danger"]:disabled {{ color: {c.muted}; }}
    """


def qt_time(moment: datetime) -> QDateTime:
    """A local wall-clock QDateTime for a timezone-aware datetime."""
    local = moment.astimezone()
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )


def _rating_combo(name: str, choices: Sequence[tuple[int, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(NOT_GIVEN, None)
    for value, words in choices:
        combo.addItem(words, value)
    return combo


class ActivitiesView(ActiveWhileShown, QWidget):
    """Where a lifter logs the runs, rides and swims that happen outside the gym."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = ActivitiesViewModel(session, self)
        self._auto_start = QDateTime()  # the start time the form filled in itself
        self._build()
        self._bind()
        self.restyle()
        self.vm.refresh()
        self._reset_form()

    # --- page protocol ----------------------------------------------------------------

    def activate(self) -> None:
        self.vm.active = True
        self.vm.ensure_fresh()
        if self.start.dateTime() == self._auto_start:  # untouched: keep it at "now"
            self._set_start_now()
        self.kind.setFocus()

    def restyle(self) -> None:
        self.setStyleSheet(page_style(theme.current()))

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        header = QHBoxLayout()
        header.addWidget(label("Activities", "title"))
        header.addStretch(1)
        self.status = StatusLabel(STATUS_MS)
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(header)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self._build_form(), 0, Qt.AlignmentFlag.AlignTop)
        body.addWidget(self._build_history(), 1)
        layout.addLayout(body, 1)

    def _build_form(self) -> Card:
        card = Card("Log an activity")
        card.setFixedWidth(FORM_WIDTH)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Activity")
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.start = QDateTimeEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat(DATE_FORMAT)
        self.start.setAccessibleName("When")
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setAccelerated(True)
        self.duration.setAccessibleName("Duration in minutes")
        self.distance = QDoubleSpinBox()
        self.distance.setRange(0.0, 1000.0)
        self.distance.setDecimals(2)
        self.distance.setSingleStep(0.5)
        self.distance.setSuffix(" km")
        self.distance.setSpecialValueText(NOT_GIVEN)
        self.distance.setAccessibleName("Distance in kilometres")
        self.difficulty = _rating_combo("How hard it felt", self.vm.difficulty_choices())
        self.enjoyment = _rating_combo("How much you enjoyed it", self.vm.enjoyment_choices())
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Route, weather, how it went…")
        self.notes.setAccessibleName("Notes")
        self.kind_hint = label("", "muted", word_wrap=True)
        self.form_error = QLabel()
        self.errors = FieldErrors(self.form_error)
        grid = QGridLayout()
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        rows = (
            ("Activity", self.kind, "activity_definition_id"),
            ("Name", self.name, "activity_name"),
            ("When", self.start, "performed_start"),
            ("Duration", self.duration, "duration_minutes"),
            ("Distance", self.distance, "distance_km"),
            ("Difficulty", self.difficulty, "perceived_difficulty"),
            ("Enjoyment", self.enjoyment, "enjoyment_rating"),
            ("Notes", self.notes, "notes"),
        )
        for i, (words, widget, field) in enumerate(rows):
            message = QLabel()
            caption = label(words)
            caption.setBuddy(widget)
            grid.addWidget(caption, 2 * i, 0)
            grid.addWidget(widget, 2 * i, 1)
            grid.addWidget(message, 2 * i + 1, 1)
            self.errors.bind(field, widget, message)
            if widget is self.kind:
                grid.addWidget(self.kind_hint, 2 * i + 1, 1)
        card.body.addLayout(grid)
        card.body.addWidget(self.form_error)
        self.log_button = QPushButton("Log activity")
        self.log_button.setProperty("role", "primary")
        self.log_button.setToolTip("Log it (Ctrl+Enter)")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        card.body.addLayout(buttons)
        return card

    def _build_history(self) -> Card:
        card = Card("History")
        self.summary = label("")
        self.summary.setObjectName("summary")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)  # rows readable from a step away
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.empty = label("Nothing logged yet: your runs, rides and swims appear here.", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setProperty("role", "danger")
        self.delete_button.setToolTip("Delete the selected activity (Delete)")
        self.delete_button.setEnabled(False)
        self.history_error = label("", "error", word_wrap=True)
        self.history_error.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        card.body.addWidget(self.summary)
        card.body.addWidget(self.table, 1)
        card.body.addWidget(self.empty, 1)
        card.body.addWidget(self.history_error)
        card.body.addLayout(buttons)
        return card

    def _bind(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.log_button.clicked.connect(self._on_log_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.vm.choices_changed.connect(self._on_choices_changed)
        self.vm.history_changed.connect(self._on_history_changed)
        self.vm.logged.connect(self._on_logged)
        self.vm.deleted.connect(self._on_deleted)
        self.vm.error.connect(self._on_error)
        self.vm.errors_cleared.connect(self._on_errors_cleared)
        self.vm.busy_changed.connect(self._on_busy_changed)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            log = QShortcut(QKeySequence(keys), self)
            log.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            log.activated.connect(self._on_log_clicked)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._on_delete_clicked)

    # --- the form ---------------------------------------------------------------------

    def form(self) -> ActivityForm:
        """The log form as it stands."""
        distance = self.distance.value()
        return ActivityForm(
            definition_id=self._definition_id(),
            name=self.name.text(),
            start=self._start(),
            duration_minutes=self.duration.value(),
            distance_km=distance if distance > 0 else None,
            difficulty=self.difficulty.currentData(),
            enjoyment=self.enjoyment.currentData(),
            notes=self.notes.text(),
        )

    def _start(self) -> datetime:
        value = self.start.dateTime().toPython()
        # A naive local time from the widget; astimezone() attaches the local zone.
        return value.astimezone() if isinstance(value, datetime) else self.vm.default_start()

    def choose(self, name: str) -> bool:
        """Chooses the activity type with this name; False if there is none."""
        index = self.kind.findText(name)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        return index >= 0

    def _definition_id(self) -> int | None:
        data = self.kind.currentData()
        return data if isinstance(data, int) else None

    def _reset_form(self) -> None:
        """Clears what differs between activities; keeps the type and the usual duration."""
        self.name.clear()
        self.notes.clear()
        self.distance.setValue(0.0)
        self.difficulty.setCurrentIndex(0)
        self.enjoyment.setCurrentIndex(0)
        if self.duration.value() == 0:
            self.duration.setValue(DEFAULT_MINUTES)
        self._set_start_now()

    def _set_start_now(self) -> None:
        self._auto_start = qt_time(self.vm.default_start())
        self.start.setDateTime(self._auto_start)

    def _on_choices_changed(self, choices: Sequence[ActivityChoice]) -> None:
        keep = self._definition_id()
        self.kind.blockSignals(True)
        self.kind.clear()
        for choice in choices:
            self.kind.addItem(choice.name, choice.id)
        index = self.kind.findData(keep if keep is not None else self.vm.usual_definition())
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)
        self._on_kind_changed(self.kind.currentIndex())

    def _on_kind_changed(self, _index: int) -> None:
        choice = self.vm.choice(self._definition_id())
        tracks = self.vm.tracks_distance(choice.id)
        self.distance.setEnabled(tracks)
        self.distance.setToolTip("" if tracks else f"{choice.name} isn't measured in distance.")
        self.name.setPlaceholderText(
            f"Optional (shown as “{choice.name}”)" if choice.id is not None else "What did you do?"
        )
        self.kind_hint.setText(choice.description)
        self.kind_hint.setVisible(bool(choice.description))

    def _on_log_clicked(self) -> None:
        self.vm.log(self.form())

    def _on_logged(self, message: str) -> None:
        self._show_status(message)
        self._reset_form()
        self.kind.setFocus()

    # --- history ----------------------------------------------------------------------

    def _on_history_changed(self, rows: Sequence[HistoryRow]) -> None:
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            values = (
                row.when, row.activity, row.duration, row.distance, row.pace, row.energy,
                row.difficulty, row.enjoyment, row.notes,
            )  # fmt: skip
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.id)
                if column in NUMERIC_COLUMNS:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column in (1, len(values) - 1):
                    item.setToolTip(row.kind if column == 1 else text)
                self.table.setItem(i, column, item)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.summary.setText(self.vm.summary)
        self._on_table_selection_changed()

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        value = items[0].data(ID_ROLE) if items else None
        return value if isinstance(value, int) else None

    def _on_table_selection_changed(self) -> None:
        self.delete_button.setEnabled(self.selected_id() is not None)

    def _on_delete_clicked(self) -> None:
        activity_id = self.selected_id()
        if activity_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete activity",
            f"Delete {self.vm.describe(activity_id)}?\n\nThis can't be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.vm.delete(activity_id)

    def _on_deleted(self, message: str) -> None:
        self._show_status(message)

    # --- feedback ---------------------------------------------------------------------

    def _show_status(self, message: str) -> None:
        self.status.flash(message)

    def _on_error(self, field: str, message: str) -> None:
        if field != HISTORY:
            self.errors.show(field, message)
            return
        self.history_error.setText(message)
        self.history_error.show()

    def _on_errors_cleared(self) -> None:
        self.errors.clear()
        self.history_error.hide()

    def _on_busy_changed(self, busy: bool) -> None:
        self.log_button.setEnabled(not busy)
        self.delete_button.setEnabled(not busy and self.selected_id() is not None)
