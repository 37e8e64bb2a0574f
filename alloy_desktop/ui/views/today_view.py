"""The Today page: today's plan, a big Start workout button, the Adapt panel and the coach."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.day_plan import DayOutcome, DayPlanViewModel, PlanView
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets.adapt_panel import AdaptPanel
from alloy_desktop.ui.widgets.coach_pane import CoachPane
from alloy_desktop.ui.widgets.common import label
from alloy_desktop.ui.widgets.day_plan_widget import DayPlanWidget, clear_layout

START_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # main keyboard and keypad Enter

_STYLE = """
QLabel#headline { font-size: 20pt; font-weight: 600; }
QPushButton#startButton { font-size: 14pt; padding: 12px 26px; }
"""


def scrolled(widget: QWidget, area: QScrollArea | None = None) -> QScrollArea:
    """Wraps a tall panel so a short window scrolls it instead of squashing it."""
    if area is None:
        area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def adapt_column(
    vm: DayPlanViewModel, parent: QWidget | None = None
) -> tuple[QScrollArea, AdaptPanel]:
    """The Adapt panel in a scroll area: its results can outgrow a short window."""
    area = QScrollArea(parent)
    panel = AdaptPanel(vm, area.viewport())  # made where it will live, not moved in later
    scrolled(panel, area)
    area.setMinimumWidth(270)
    return area, panel


def open_logger(page: QWidget, day: date) -> bool:
    """Switches the main window to the Log page and starts `day`'s session there."""
    window = page.window()
    show_page = getattr(window, "show_page", None)
    if not callable(show_page):
        return False
    try:
        logger = show_page("log")
    except (ImportError, StopIteration):
        QMessageBox.warning(page, "Alloy", "The workout logger could not be opened.")
        return False
    start = getattr(logger, "start_session", None)
    if callable(start):
        start(day)
    return True


class TodayView(QWidget):
    """Today's plan at a glance; Ctrl+Enter starts the workout."""

    start_requested = Signal(object)  # date: the workout to open in the logger

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = DayPlanViewModel(session, self)
        self.setStyleSheet(_STYLE)
        self._build()
        self._bind()
        self.vm.load(session.today())

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addLayout(self._build_header())
        # Each part is made under the splitter that holds it: moving a built panel in
        # afterwards would re-resolve the style sheet of every widget in it.
        body = QSplitter(Qt.Orientation.Horizontal, self)
        self.plan = DayPlanWidget(show_header=False, parent=body)
        self.plan.setMinimumWidth(280)
        adapt_area, self.adapt = adapt_column(self.vm, body)
        self.coach = CoachPane(self.vm.coach, body)
        self.coach.setMinimumWidth(220)
        # Plan, then "how do you feel", then the coach explaining the changes: left to right
        # (a child made under a splitter joins it in the order it was made).
        body.setChildrenCollapsible(False)
        for widget, stretch in ((self.plan, 5), (adapt_area, 4), (self.coach, 4)):
            body.setStretchFactor(body.indexOf(widget), stretch)
        body.setSizes([470, 330, 260])  # the plan, with its loads, gets the most room
        self.body = body
        layout.addWidget(body, 1)

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        text = QVBoxLayout()
        text.setSpacing(4)
        self.headline = label("Today", word_wrap=True, parent=self)
        self.headline.setObjectName("headline")
        self.subtitle = label("", "muted", word_wrap=True, parent=self)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.badges.addWidget(self.subtitle, 1)
        text.addWidget(self.headline)
        text.addLayout(self.badges)
        header.addLayout(text, 1)
        self.start_button = QPushButton("Start workout", self)
        self.start_button.setObjectName("startButton")
        self.start_button.setProperty("role", "primary")
        self.start_button.setToolTip("Open today's session in the logger (Ctrl+Enter)")
        self.start_hint = label("Ctrl+Enter", "muted", parent=self)
        self.start_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        button_box = QVBoxLayout()
        button_box.setSpacing(2)
        button_box.addWidget(self.start_button)
        button_box.addWidget(self.start_hint)
        header.addLayout(button_box)
        self.shortcuts = [QShortcut(QKeySequence(keys), self) for keys in START_KEYS]
        return header

    def _bind(self) -> None:
        self.start_button.clicked.connect(self._on_start_clicked)
        for shortcut in self.shortcuts:
            # Window-wide, so it works from the nav rail too; hidden pages never fire.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._on_start_clicked)
        self.vm.plan_changed.connect(self._on_plan_changed)
        self.vm.plan_failed.connect(self.plan.show_error)
        self.vm.busy_changed.connect(self.plan.set_busy)
        self.plan.program_requested.connect(self._on_program_requested)

    # --- page protocol ----------------------------------------------------------------

    def activate(self) -> None:
        """Called each time the page is shown: follow the date if the app stayed open overnight."""
        today = self.session.today()
        if self.vm.day != today:
            self.vm.load(today)
        else:
            self.vm.set_live(True)

    def restyle(self) -> None:
        self.coach.restyle()
        self.plan.restyle()

    def can_close(self) -> bool:
        return True  # nothing here is unsaved: a pending adaptation stays in its thread

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.vm.set_live(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.vm.set_live(False)

    # --- slots ------------------------------------------------------------------------

    def _on_plan_changed(self, view: PlanView) -> None:
        self.plan.show_plan(view)
        self.headline.setText(view.headline)
        self._set_badges(view)
        self.subtitle.setText(view.subtitle if view.is_training else "")  # the card says it
        self._sync_start(view)

    def _set_badges(self, view: PlanView) -> None:
        clear_layout(self.badges, keep_last=1)  # the subtitle stays
        for index, text in enumerate(view.badges):
            self.badges.insertWidget(index, label(text, "badge"))

    def _sync_start(self, view: PlanView) -> None:
        can_start = self.vm.can_start()
        done = view.outcome is DayOutcome.COMPLETED
        self.start_button.setVisible(view.is_training and not self.vm.session.read_only)
        self.start_hint.setVisible(view.is_training and can_start)
        self.start_button.setEnabled(can_start)
        self.start_button.setText("Logged today ✓" if done else "Start workout")

    def _on_start_clicked(self) -> None:
        if not self.vm.can_start():
            return
        day = self.vm.day
        assert day is not None
        self.start_requested.emit(day)
        open_logger(self, day)

    def _on_program_requested(self) -> None:
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            show_page("program")
