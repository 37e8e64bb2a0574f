"""The Progress page: e1RM trend with PRs and a hover readout, weekly hard sets, adherence."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.domain.enums import E1RMFormula, MuscleGroup
from alloy_desktop.ui.viewmodels.progress import (
    FORMULA_NAMES,
    SPAN_NAMES,
    WEEK_SECONDS,
    AdherenceView,
    ProgressViewModel,
    Span,
    Trend,
    WeeklyVolume,
)
from alloy_desktop.ui.viewmodels.recovery import MUSCLE_NAMES
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets import charts, theme
from alloy_desktop.ui.widgets.body_weight_card import BodyWeightCard
from alloy_desktop.ui.widgets.common import ActiveWhileShown, Card, FieldErrors, label

SYMBOLS_UP_TO = 120  # draw a dot per day while there are few enough to tell apart
BAR_WIDTH = WEEK_SECONDS * 0.72

_STYLE = """
QLabel#readout { font-size: 13pt; font-weight: 600; }
QLabel#bigNumber { font-size: 30pt; font-weight: 700; }
QPushButton[span="true"] { padding: 5px 14px; }
QPushButton[span="true"]:checked { background: palette(highlight); color: palette(highlighted-text);
    border-radius: 6px; }
"""


class ProgressView(ActiveWhileShown, QWidget):
    """e1RM trend per movement, weekly hard sets per muscle group and program adherence."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = ProgressViewModel(session, self)
        self.setStyleSheet(_STYLE)
        self._hover_index: int | None = None
        self._build()
        self._bind()

    # --- page protocol ----------------------------------------------------------------

    def activate(self) -> None:
        self.vm.active = True
        self.vm.ensure_fresh()

    def show_span(self, span: Span) -> None:
        """Shows this range of time, as its button would (after an import: All)."""
        button = self.findChild(QPushButton, f"span{span.value}")
        if isinstance(button, QPushButton):
            button.setChecked(True)
        self.vm.set_span(span)

    def restyle(self) -> None:
        """Re-colours plots and their items after a palette change."""
        charts.style_plot(self.trend_plot)
        charts.style_plot(self.weekly_plot)
        self._style_items()
        self.body_weight.restyle()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._build_controls())
        self.general_error = QLabel()
        layout.addWidget(self.general_error)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self._build_trend_card(), 5)
        # Its own card with its own view-model (readings, 7-day average, logging one).
        self.body_weight = BodyWeightCard(self.session)
        top.addWidget(self.body_weight, 2)
        layout.addLayout(top, 3)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(12)
        bottom.addWidget(self._build_weekly_card(), 3)
        bottom.addWidget(self._build_adherence_card(), 1)
        layout.addLayout(bottom, 2)
        # Both plots expand; without equal minimums the first laid out takes the height.
        self.trend_plot.setMinimumHeight(220)
        self.weekly_plot.setMinimumHeight(140)

    def _build_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(label("Progress", "title"))
        row.addSpacing(16)
        self.movement_picker = QComboBox()
        self.movement_picker.setEditable(True)
        self.movement_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.movement_picker.setMinimumWidth(280)
        self.movement_picker.setAccessibleName("Movement")
        search = self.movement_picker.lineEdit()
        assert search is not None  # an editable combo always has one
        search.setPlaceholderText("Search your movements…")
        self.movement_search = search
        completer = QCompleter(self.movement_picker.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.movement_picker.setCompleter(completer)
        self.formula_picker = QComboBox()
        self.formula_picker.setAccessibleName("e1RM formula")
        for formula in E1RMFormula:
            self.formula_picker.addItem(FORMULA_NAMES[formula], formula)
        movement_label = label("&Movement")
        movement_label.setBuddy(self.movement_picker)
        formula_label = label("&Formula")
        formula_label.setBuddy(self.formula_picker)
        row.addWidget(movement_label)
        row.addWidget(self.movement_picker, 1)
        row.addSpacing(8)
        row.addWidget(formula_label)
        row.addWidget(self.formula_picker)
        row.addSpacing(8)
        self.span_buttons = QButtonGroup(self)
        self.span_buttons.setExclusive(True)
        for span in Span:
            button = QPushButton(SPAN_NAMES[span])
            button.setCheckable(True)
            button.setProperty("span", True)
            button.setChecked(span is self.vm.span)
            button.setToolTip(f"Show {SPAN_NAMES[span].lower()}")
            self.span_buttons.addButton(button)
            button.setObjectName(f"span{span.value}")
            row.addWidget(button)
        return row

    def _build_trend_card(self) -> Card:
        card = Card()
        top = QHBoxLayout()
        self.trend_title = label("Estimated 1RM", "subtitle")
        self.trend_summary = label("", "muted", word_wrap=True)  # beside the body weight card
        top.addWidget(self.trend_title)
        top.addSpacing(12)
        top.addWidget(self.trend_summary, 1)
        self.readout = label("")
        self.readout.setObjectName("readout")
        self.trend_plot = charts.date_plot("e1RM")
        self.trend_plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.trend_plot.setToolTip("Hover for a day's best set; ←/→ step through days")
        self.trend_curve = self.trend_plot.plot([], [])
        self.trend_curve.setClipToView(True)
        self.trend_curve.setDownsampling(auto=True, method="peak")
        self.pr_points = pg.ScatterPlotItem(symbol="star", size=15)
        self.pr_points.setZValue(5)
        self.hover_line = pg.InfiniteLine(angle=90, movable=False)
        self.hover_dot = pg.ScatterPlotItem(size=12)
        self.hover_dot.setZValue(6)
        for item in (self.pr_points, self.hover_line, self.hover_dot):
            self.trend_plot.addItem(item)
        self.hover_line.hide()
        self.trend_empty = label("", "muted", word_wrap=True)
        self.trend_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.trend_stack = QStackedWidget()
        self.trend_stack.addWidget(self.trend_plot)
        self.trend_stack.addWidget(self.trend_empty)
        self.trend_legend = label("★ PR day (best e1RM so far)    ● daily best set", "muted")
        card.body.addLayout(top)
        card.body.addWidget(self.readout)
        card.body.addWidget(self.trend_stack, 1)
        card.body.addWidget(self.trend_legend)
        return card

    def _build_weekly_card(self) -> Card:
        card = Card()
        top = QHBoxLayout()
        top.addWidget(label("Weekly hard sets", "subtitle"))
        top.addStretch(1)
        self.group_picker = QComboBox()
        self.group_picker.setAccessibleName("Muscle group")
        self.group_picker.setMinimumWidth(160)
        group_label = label("M&uscle")
        group_label.setBuddy(self.group_picker)
        top.addWidget(group_label)
        top.addWidget(self.group_picker)
        self.weekly_readout = label("", "muted")
        self.weekly_plot = charts.date_plot("sets")
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH)
        self.band = pg.LinearRegionItem(orientation="horizontal", movable=False)
        self.band.setZValue(-10)
        for line in self.band.lines:
            line.setPen(pg.mkPen(None))
        self.weekly_plot.addItem(self.band)
        self.weekly_plot.addItem(self.bars)
        self.band_note = label("", "muted", word_wrap=True)
        card.body.addLayout(top)
        card.body.addWidget(self.weekly_readout)
        self.weekly_empty = label(
            "Hard sets per muscle group, week by week, appear here once you log workouts.",
            "muted",
            word_wrap=True,
        )
        self.weekly_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.weekly_stack = QStackedWidget()
        self.weekly_stack.addWidget(self.weekly_plot)
        self.weekly_stack.addWidget(self.weekly_empty)
        card.body.addWidget(self.weekly_stack, 1)
        card.body.addWidget(self.band_note)
        return card

    def _build_adherence_card(self) -> Card:
        card = Card("Adherence")
        self.completion = label("—")
        self.completion.setObjectName("bigNumber")
        self.completion_note = label("", "muted", word_wrap=True)
        self.adherence_stats = QWidget()
        grid = QGridLayout(self.adherence_stats)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(4)
        self.current_streak = label("—")
        self.longest_streak = label("—")
        self.sessions_done = label("—")
        self.sessions_missed = label("—")
        self.sessions_upcoming = label("—")
        rows = (
            ("Current streak", self.current_streak),
            ("Longest streak", self.longest_streak),
            ("Completed", self.sessions_done),
            ("Missed", self.sessions_missed),
            ("Still to come", self.sessions_upcoming),
        )
        for i, (text, value) in enumerate(rows):
            grid.addWidget(label(text, "muted"), i, 0)
            grid.addWidget(value, i, 1, Qt.AlignmentFlag.AlignRight)
        self.adherence_message = label("", "muted", word_wrap=True)
        card.body.addWidget(self.completion)
        card.body.addWidget(self.completion_note)
        card.body.addWidget(self.adherence_stats)
        card.body.addWidget(self.adherence_message)
        card.body.addStretch(1)
        return card

    def _bind(self) -> None:
        self.errors = FieldErrors(self.general_error)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.movements_changed.connect(self._on_movements_changed)
        self.vm.trend_changed.connect(self._on_trend_changed)
        self.vm.weekly_loading.connect(self._on_weekly_loading)
        self.vm.weekly_changed.connect(self._on_weekly_changed)
        self.vm.adherence_changed.connect(self._on_adherence_changed)
        self.movement_picker.activated.connect(self._on_movement_picker_activated)
        self.formula_picker.activated.connect(self._on_formula_picker_activated)
        self.group_picker.activated.connect(self._on_group_picker_activated)
        self.span_buttons.buttonClicked.connect(self._on_span_buttons_button_clicked)
        self.trend_plot.scene().sigMouseMoved.connect(self._on_trend_mouse_moved)
        self.weekly_plot.scene().sigMouseMoved.connect(self._on_weekly_mouse_moved)
        self.trend_plot.installEventFilter(self)
        self._style_items()

    def _style_items(self) -> None:
        c = theme.current()
        self.trend_curve.setPen(charts.line_pen(c.accent))
        self.trend_curve.setSymbolBrush(charts.colour(c.accent))
        self.trend_curve.setSymbolPen(pg.mkPen(charts.colour(c.surface), width=1))
        self.pr_points.setBrush(charts.colour(c.good))
        self.pr_points.setPen(pg.mkPen(charts.colour(c.surface), width=1))
        self.hover_line.setPen(charts.dashed_pen(c.muted))
        self.hover_dot.setBrush(charts.colour(c.surface))
        self.hover_dot.setPen(pg.mkPen(charts.colour(c.text), width=2))
        self.bars.setOpts(brushes=self._bar_brushes(), pen=pg.mkPen(None))
        self.band.setBrush(charts.colour(c.good, 45))

    # --- slots: view-model ------------------------------------------------------------

    def _on_movements_changed(self) -> None:
        self.movement_picker.blockSignals(True)
        self.movement_picker.clear()
        for movement_id, name in self.vm.movements:
            self.movement_picker.addItem(name, movement_id)
        self.movement_picker.setCurrentIndex(self.movement_picker.findData(self.vm.movement_id))
        self.movement_picker.blockSignals(False)
        self.movement_picker.setEnabled(bool(self.vm.movements))
        self.formula_picker.setCurrentIndex(self.formula_picker.findData(self.vm.formula))

    def _on_trend_changed(self, trend: Trend) -> None:
        self._hover_index = None
        self.hover_line.hide()
        self.hover_dot.setData([], [])
        symbol = "o" if trend.x.size <= SYMBOLS_UP_TO else None
        self.trend_curve.setSymbol(symbol)
        self.trend_curve.setSymbolSize(7)
        self.trend_curve.setData(trend.x, trend.y)
        self.pr_points.setData(trend.pr_x, trend.pr_y)
        self.trend_plot.getPlotItem().setLabel("left", f"e1RM ({trend.unit_label})")
        self.trend_plot.getPlotItem().enableAutoRange()
        self.trend_title.setText(
            f"Estimated 1RM · {trend.movement_name}" if trend.movement_name else "Estimated 1RM"
        )
        self.trend_summary.setText(self.vm.summary())
        self.formula_picker.setCurrentIndex(self.formula_picker.findData(trend.formula))
        self._show_trend_state(trend)
        self._show_readout(None)

    def _on_weekly_loading(self) -> None:
        self.weekly_readout.setText("Loading weekly sets…")

    def _on_weekly_changed(self, weekly: WeeklyVolume) -> None:
        self.group_picker.blockSignals(True)
        self.group_picker.clear()
        for group in weekly.groups:
            self.group_picker.addItem(MUSCLE_NAMES[group], group)
        self.group_picker.setCurrentIndex(self.group_picker.findData(weekly.group))
        self.group_picker.blockSignals(False)
        self.group_picker.setEnabled(bool(weekly.groups))
        self.bars.setOpts(
            x=weekly.x, height=weekly.sets, width=BAR_WIDTH, brushes=self._bar_brushes()
        )
        self._show_band(weekly)
        self._fit_weekly(weekly)
        self._show_weekly_state(weekly)

    def _on_adherence_changed(self, adherence: AdherenceView) -> None:
        data = adherence.data
        self.adherence_message.setText(adherence.message)
        self.adherence_message.setVisible(bool(adherence.message))
        for widget in (self.completion, self.completion_note, self.adherence_stats):
            widget.setVisible(data is not None)
        if data is None:
            self.completion.setText("—")
            self.completion_note.setText("")
            for value in (self.current_streak, self.longest_streak, self.sessions_done,
                          self.sessions_missed, self.sessions_upcoming):  # fmt: skip
                value.setText("—")
            return
        due = data.completed_sessions + data.missed_sessions
        self.completion.setText(f"{data.completion_rate * 100:.0f}%" if due else "—")
        self.completion_note.setText(
            f"of sessions due so far ({data.completed_sessions} of {due})"
            if due
            else "No sessions due yet."
        )
        if data.routine_sessions:  # scheduled routine days count beside the program's
            days = data.routine_sessions
            self.completion_note.setText(
                f"{self.completion_note.text()}\nCounts {days} scheduled routine "
                f"day{'s' if days != 1 else ''}."
            )
        self.current_streak.setText(_sessions(data.current_streak))
        self.longest_streak.setText(_sessions(data.longest_streak))
        self.sessions_done.setText(f"{data.completed_sessions} of {data.planned_sessions} planned")
        self.sessions_missed.setText(_sessions(data.missed_sessions))
        self.sessions_upcoming.setText(_sessions(data.upcoming_sessions))

    # --- slots: widgets ---------------------------------------------------------------

    def _on_movement_picker_activated(self, index: int) -> None:
        movement_id = self.movement_picker.itemData(index)
        if isinstance(movement_id, int):
            self.vm.select_movement(movement_id)

    def _on_formula_picker_activated(self, index: int) -> None:
        # Qt hands a StrEnum back as a plain str.
        formula = self.formula_picker.itemData(index)
        if formula:
            self.vm.set_formula(E1RMFormula(formula))

    def _on_group_picker_activated(self, index: int) -> None:
        group = self.group_picker.itemData(index)
        if group:
            self.vm.set_weekly_group(MuscleGroup(group))

    def _on_span_buttons_button_clicked(self, button: QPushButton) -> None:
        span = Span(button.objectName().removeprefix("span"))
        self.vm.set_span(span)

    def _on_trend_mouse_moved(self, pos: QPointF) -> None:
        view = self.trend_plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(pos):
            return
        self._show_readout(self.vm.nearest_index(view.mapSceneToView(pos).x()))

    def _on_weekly_mouse_moved(self, pos: QPointF) -> None:
        view = self.weekly_plot.getPlotItem().getViewBox()
        if view.sceneBoundingRect().contains(pos) and self.vm.weekly.x.size:
            self.weekly_readout.setText(self.vm.weekly_readout(view.mapSceneToView(pos).x()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Left/right step the readout through the days when the chart has focus.
        if watched is self.trend_plot and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
            if step is not None and self.vm.trend.x.size:
                last = self.vm.trend.x.size - 1
                current = last if self._hover_index is None else self._hover_index
                self._show_readout(min(last, max(0, current + step)))
                return True
        return super().eventFilter(watched, event)

    # --- showing ----------------------------------------------------------------------

    def _show_readout(self, index: int | None) -> None:
        """Readout of a hovered day; without one, the latest day."""
        trend = self.vm.trend
        if not trend.points:
            self.readout.setText("")
            return
        self._hover_index = index
        shown = trend.x.size - 1 if index is None else index
        prefix = "Latest: " if index is None else ""
        self.readout.setText(prefix + self.vm.readout_at(shown))
        if index is None:
            self.hover_line.hide()
            self.hover_dot.setData([], [])
            return
        x, y = float(trend.x[index]), float(trend.y[index])
        self.hover_line.setPos(x)
        self.hover_line.show()
        self.hover_dot.setData([x], [y])

    def _show_trend_state(self, trend: Trend) -> None:
        self.trend_legend.setVisible(bool(trend.points))
        if trend.points:
            self.trend_stack.setCurrentWidget(self.trend_plot)
            return
        if not self.vm.movements:
            text = "Log a workout and your estimated 1RM per movement will appear here."
        else:
            text = f"No sets of {trend.movement_name} in the last {SPAN_NAMES[trend.span].lower()}."
            if trend.span is Span.ALL:
                text = f"No sets of {trend.movement_name} logged yet."
        self.trend_empty.setText(text)
        self.trend_stack.setCurrentWidget(self.trend_empty)

    def _bar_brushes(self) -> list[QColor]:
        # Weeks inside the MEV-MRV band in the accent colour, short weeks muted, long ones amber.
        c = theme.current()
        colours = {
            "ok": charts.colour(c.accent, 215),
            "low": charts.colour(c.muted, 170),
            "high": charts.colour(c.warn, 230),
        }
        return [colours[zone] for zone in self.vm.weekly_zones()]

    def _show_weekly_state(self, weekly: WeeklyVolume) -> None:
        has_weeks = bool(weekly.x.size)
        self.weekly_stack.setCurrentWidget(self.weekly_plot if has_weeks else self.weekly_empty)
        self.weekly_readout.setText(self.vm.weekly_readout() if has_weeks else "")
        if has_weeks:
            return
        if self.vm.movements and self.vm.span is not Span.ALL:
            text = f"No hard sets in the last {SPAN_NAMES[self.vm.span].lower()}."
        else:
            text = "Hard sets per muscle group, week by week, appear here once you log workouts."
        self.weekly_empty.setText(text)

    def _fit_weekly(self, weekly: WeeklyVolume) -> None:
        # The band is not data, so auto-range would cut it off; fit bars and band by hand.
        item = self.weekly_plot.getPlotItem()
        tallest = float(weekly.sets.max()) if weekly.sets.size else 0.0
        top = max(tallest, weekly.landmarks[1] if weekly.landmarks else 0.0, 4.0)
        item.enableAutoRange(x=True)
        item.setYRange(0, top * 1.08, padding=0)

    def _show_band(self, weekly: WeeklyVolume) -> None:
        if weekly.landmarks is None or weekly.group is None:
            self.band.hide()
            self.band_note.setText("")
            return
        mev, mrv = weekly.landmarks
        self.band.setRegion((mev, mrv))
        self.band.show()
        self.band_note.setText(
            f"Shaded: {mev}–{mrv} hard sets a week for {MUSCLE_NAMES[weekly.group].lower()}, "
            "from minimum effective to maximum recoverable volume (planner defaults). "
            "Grey bars fall short of it, amber ones go past it."
        )


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"
