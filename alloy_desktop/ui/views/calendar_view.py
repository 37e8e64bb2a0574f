"""The Calendar page: a month marked by outcome, the picked day's plan, Adapt panel and coach."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.day_plan import (
    OUTCOME_LABELS,
    CalendarViewModel,
    DayOutcome,
    DayPlanViewModel,
    MonthView,
    PlanView,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.views.today_view import adapt_column, open_logger
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.coach_pane import CoachPane
from alloy_desktop.ui.widgets.common import label
from alloy_desktop.ui.widgets.day_plan_widget import DayPlanWidget, clear_layout, tint

SELECT_DELAY_MS = 150  # arrowing across the month loads only the day the lifter stops on
TINT = 0.38  # how much of the outcome colour shows through a cell, so its number stays readable

LEGEND: tuple[DayOutcome, ...] = (
    DayOutcome.PLANNED,
    DayOutcome.COMPLETED,
    DayOutcome.MISSED,
    DayOutcome.REST,
    DayOutcome.DELOAD,
)

_STYLE = """
QLabel#dayHeadline { font-size: 16pt; font-weight: 600; }
QLabel#monthSummary { font-size: 11pt; }
QCalendarWidget QAbstractItemView { font-size: 11.5pt; }
"""


def outcome_colour(outcome: DayOutcome, c: theme.Colours) -> str:
    return {
        DayOutcome.PLANNED: c.accent,
        DayOutcome.COMPLETED: c.good,
        DayOutcome.MISSED: c.bad,
        DayOutcome.REST: c.grid,
        DayOutcome.DELOAD: c.warn,
    }[outcome]


def cell_colour(outcome: DayOutcome, c: theme.Colours) -> QColor:
    """A calendar cell's background for this outcome in this palette."""
    return tint(outcome_colour(outcome, c), c.surface, TINT)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CalendarView(QWidget):
    """Pick a day (mouse or arrow keys, Page Up/Down for months) to see and adapt its plan."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.month_vm = CalendarViewModel(session, self)
        self.vm = DayPlanViewModel(session, self)
        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(SELECT_DELAY_MS)
        self.setStyleSheet(_STYLE)
        self._build()
        self._bind()
        self.go_to(session.today())

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        body.addWidget(self._build_month_column())
        body.addWidget(self._build_day_column())
        adapt_area, self.adapt = adapt_column(self.vm)
        body.addWidget(adapt_area)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 5)
        body.setStretchFactor(2, 4)
        body.setSizes([330, 400, 330])
        layout.addWidget(body)

    def _build_month_column(self) -> QWidget:
        column = QWidget()
        column.setMinimumWidth(270)
        column.setMaximumWidth(420)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(label("Calendar", "title"))
        top.addStretch(1)
        self.today_button = QPushButton("Today")
        self.today_button.setToolTip("Jump to today (Ctrl+T)")
        top.addWidget(self.today_button)
        layout.addLayout(top)
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumHeight(320)
        header = QTextCharFormat()
        header.setFontPointSize(9.5)  # "Mon" … "Sun" must fit a narrow column unelided
        self.calendar.setHeaderTextFormat(header)
        self.calendar.setAccessibleName("Training calendar")
        layout.addWidget(self.calendar)
        layout.addLayout(self._build_legend())
        self.month_summary = label("", "muted", word_wrap=True)
        self.month_summary.setObjectName("monthSummary")
        layout.addWidget(self.month_summary)
        self.month_error = label("", "error", word_wrap=True)
        self.month_error.hide()
        layout.addWidget(self.month_error)
        layout.addWidget(
            label("Arrow keys move a day, Page Up/Down a month.", "muted", word_wrap=True)
        )
        # The coach sits under the month so the plan and the Adapt panel keep full height.
        self.coach = CoachPane(self.vm.coach)
        layout.addWidget(self.coach, 1)
        self.today_shortcut = QShortcut(QKeySequence("Ctrl+T"), self)
        self.today_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return column

    def _build_legend(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.swatches: dict[DayOutcome, QLabel] = {}
        for index, outcome in enumerate(LEGEND):
            swatch = QLabel()
            swatch.setFixedSize(16, 16)
            swatch.setAccessibleName(OUTCOME_LABELS[outcome])
            self.swatches[outcome] = swatch
            row, col = divmod(index, 3)
            pair = QHBoxLayout()
            pair.setSpacing(6)
            pair.addWidget(swatch)
            pair.addWidget(QLabel(OUTCOME_LABELS[outcome]))
            pair.addStretch(1)
            grid.addLayout(pair, row, col)
        return grid

    def _build_day_column(self) -> QWidget:
        column = QWidget()
        column.setMinimumWidth(250)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(8)
        self.headline = label("", word_wrap=True)
        self.headline.setObjectName("dayHeadline")
        layout.addWidget(self.headline)
        line = QHBoxLayout()
        line.setSpacing(6)
        self.badges = line
        self.subtitle = label("", "muted", word_wrap=True)
        line.addWidget(self.subtitle, 1)
        layout.addLayout(line)
        actions = QHBoxLayout()
        self.start_button = QPushButton("Start workout")
        self.start_button.setProperty("role", "primary")
        actions.addWidget(self.start_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.plan = DayPlanWidget(show_header=False)
        layout.addWidget(self.plan, 1)
        return column

    def _bind(self) -> None:
        self.calendar.selectionChanged.connect(self._on_selection_changed)
        self.calendar.activated.connect(self._on_activated)
        self.calendar.currentPageChanged.connect(self._on_current_page_changed)
        self._select_timer.timeout.connect(self._on_select_timer_timeout)
        self.today_button.clicked.connect(self._on_today_clicked)
        self.today_shortcut.activated.connect(self._on_today_clicked)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.month_vm.month_changed.connect(self._on_month_changed)
        self.month_vm.month_failed.connect(self._on_month_failed)
        self.vm.plan_changed.connect(self._on_plan_changed)
        self.vm.plan_failed.connect(self.plan.show_error)
        self.vm.busy_changed.connect(self.plan.set_busy)
        self.plan.program_requested.connect(self._on_program_requested)

    # --- page protocol ----------------------------------------------------------------

    def go_to(self, day: date) -> None:
        """Selects `day` and shows its month and plan at once."""
        self.calendar.setCurrentPage(day.year, day.month)
        self.calendar.setSelectedDate(to_qdate(day))
        self._select_timer.stop()
        if self.month_vm.month != (day.year, day.month):  # the page change may have asked already
            self.month_vm.load_month(day.year, day.month)
        self.vm.load(day)

    def selected_day(self) -> date:
        return to_date(self.calendar.selectedDate())

    def activate(self) -> None:
        self.month_vm.set_live(True)
        self.vm.set_live(True)

    def restyle(self) -> None:
        self.coach.restyle()
        self.plan.restyle()
        self._paint_legend()
        if self.month_vm.view is not None:
            self._paint_month(self.month_vm.view)

    def can_close(self) -> bool:
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activate()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.month_vm.set_live(False)
        self.vm.set_live(False)

    # --- painting the month -----------------------------------------------------------

    def _paint_legend(self) -> None:
        c = theme.current()
        for outcome, swatch in self.swatches.items():
            fill = cell_colour(outcome, c).name()
            edge = outcome_colour(outcome, c)
            swatch.setStyleSheet(
                f"background: {fill}; border: 2px solid {edge}; border-radius: 3px;"
            )

    def _paint_month(self, month: MonthView) -> None:
        c = theme.current()
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clears every date
        plain = QTextCharFormat()
        plain.setForeground(QBrush(QColor(c.text)))
        # Weekends in the default red would read as "missed"; keep them plain.
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(weekday, plain)
        for day, entry in month.days.items():
            self.calendar.setDateTextFormat(to_qdate(day), self._format(entry.outcome, c, entry))
        today = self.session.today()
        if (today.year, today.month) == (month.year, month.month):
            mark = self.calendar.dateTextFormat(to_qdate(today))
            mark.setFontUnderline(True)
            mark.setFontWeight(QFont.Weight.Bold)
            self.calendar.setDateTextFormat(to_qdate(today), mark)

    def _format(self, outcome: DayOutcome, c: theme.Colours, entry: object) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(cell_colour(outcome, c)))
        fmt.setForeground(QBrush(QColor(c.text)))
        if outcome is not DayOutcome.REST:
            fmt.setFontWeight(QFont.Weight.DemiBold)
        name = getattr(entry, "session_name", None)
        fmt.setToolTip(OUTCOME_LABELS[outcome] + (f" · {name}" if name else ""))
        return fmt

    # --- slots ------------------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        self._select_timer.start()

    def _on_activated(self, _day: QDate) -> None:
        """Enter or a double-click: load the day now rather than after the pause."""
        self._select_timer.stop()
        if self.vm.day != self.selected_day():
            self.vm.load(self.selected_day())
        self.plan.setFocus()

    def _on_select_timer_timeout(self) -> None:
        self.vm.load(self.selected_day())

    def _on_current_page_changed(self, year: int, month: int) -> None:
        self.month_vm.load_month(year, month)

    def _on_month_changed(self, month: MonthView) -> None:
        self.month_error.hide()
        self._paint_legend()
        self._paint_month(month)
        self.month_summary.setText(f"{date(month.year, month.month, 1):%B}: {month.summary()}")

    def _on_month_failed(self, message: str) -> None:
        self.month_error.setText(message)
        self.month_error.show()

    def _on_today_clicked(self) -> None:
        self.go_to(self.session.today())
        self.calendar.setFocus()

    def _on_plan_changed(self, view: PlanView) -> None:
        self.plan.show_plan(view)
        self.headline.setText(view.headline)
        clear_layout(self.badges, keep_last=1)  # the subtitle stays
        for index, text in enumerate(view.badges):
            self.badges.insertWidget(index, label(text, "badge"))
        self.subtitle.setText(view.subtitle if view.is_training else "")
        self.subtitle.setVisible(view.is_training)
        self._sync_start(view)

    def _sync_start(self, view: PlanView) -> None:
        can_start = self.vm.can_start()
        self.start_button.setVisible(can_start)
        is_today = view.day == self.session.today()
        self.start_button.setText("Start workout" if is_today else "Log this session")
        self.start_button.setToolTip(
            "Open this session in the logger" + (" (Ctrl+Enter on Today)" if is_today else "")
        )

    def _on_start_clicked(self) -> None:
        day = self.vm.day
        if day is not None and self.vm.can_start():
            open_logger(self, day)

    def _on_program_requested(self) -> None:
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            show_page("program")
