"""The Progress page's body weight card: readings, their 7-day average, and a line to log one."""

from __future__ import annotations

from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from alloy_desktop.domain.body_weight import AVERAGE_DAYS
from alloy_desktop.ui.viewmodels.body_weight import BodyWeightViewModel, WeightChart
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets import charts, theme
from alloy_desktop.ui.widgets.common import Card, FieldErrors, StatusLabel, label

STATUS_MS = 6000


class BodyWeightCard(Card):
    """Its own view-model; the Progress page only places it."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__("Body weight", parent)
        self.session = session
        self.vm = BodyWeightViewModel(session, self)
        self.summary = label("", "muted", word_wrap=True)
        self.plot = charts.date_plot()
        self.plot.setMinimumHeight(150)
        self.points = pg.ScatterPlotItem(size=6)
        self.average = pg.PlotDataItem()
        self.plot.addItem(self.average)
        self.plot.addItem(self.points)
        self.empty = label("", "muted", word_wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.empty)
        self.legend = label(f"● reading   — {AVERAGE_DAYS}-day average", "muted")
        self.error_line = QLabel()
        self.status_line = StatusLabel(STATUS_MS)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.stack, 1)
        self.body.addWidget(self.legend)
        self.body.addLayout(self._entry_row())
        if session.read_only:  # an athlete's readings, as their coach sees them
            for widget in self._entry_widgets():
                widget.hide()
        self.body.addWidget(self.error_line)
        self.body.addWidget(self.status_line)
        self._bind()
        self.restyle()
        self.vm.refresh()

    def restyle(self) -> None:
        """Re-colours the plot and its items after a palette change."""
        c = theme.current()
        charts.style_plot(self.plot)
        self.points.setBrush(charts.colour(c.accent, 170))
        self.points.setPen(pg.mkPen(None))
        self.average.setPen(charts.line_pen(c.good, 2.5))

    def _entry_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        today = self.session.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setAccessibleName("Day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setMaximumDate(self.day.date())
        self.weight = QLineEdit()
        self.weight.setAccessibleName("Body weight")
        self.weight.setPlaceholderText("82.4")
        self.weight.setFixedWidth(64)
        self.unit = label("kg", "muted")
        self.log_button = QPushButton("Log")
        self.log_button.setProperty("role", "primary")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the reading of the day chosen")
        for widget in self._entry_widgets():
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _entry_widgets(self) -> tuple[QWidget, ...]:
        return (self.day, self.weight, self.unit, self.log_button, self.delete_button)

    def _bind(self) -> None:
        self.errors = FieldErrors(self.error_line)  # a small card: every message on one line
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.chart_changed.connect(self._on_chart_changed)
        self.vm.status.connect(self.status_line.flash)
        self.log_button.clicked.connect(self._on_log_button_clicked)
        self.weight.returnPressed.connect(self._on_log_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.day.dateChanged.connect(self._on_day_date_changed)

    # --- slots ----------------------------------------------------------------------------

    def _on_chart_changed(self, chart: WeightChart) -> None:
        self.unit.setText(chart.unit_label)
        self.summary.setText(self.vm.summary())
        self.points.setData(chart.x, chart.y)
        self.average.setData(chart.x, chart.average)
        self.plot.getPlotItem().setLabel("left", chart.unit_label)
        self.plot.getPlotItem().enableAutoRange()
        has = bool(chart.entries)
        self.legend.setVisible(has)
        self.empty.setText(
            "No readings yet." if self.session.read_only else "No readings yet: log one below."
        )
        self.stack.setCurrentWidget(self.plot if has else self.empty)
        self._on_day_date_changed(self.day.date())

    def _on_log_button_clicked(self) -> None:
        self.vm.log(self.weight.text(), self._day())

    def _on_delete_button_clicked(self) -> None:
        self.vm.delete_on(self._day())

    def _on_day_date_changed(self, _day: QDate) -> None:
        logged = self.vm.latest_text(self._day())
        self.weight.setText(logged)
        self.delete_button.setEnabled(bool(logged))

    def _day(self) -> date:
        chosen = self.day.date()
        return date(chosen.year(), chosen.month(), chosen.day())
