"""Renders one day's plan: sections of exercise rows with minutes, or a rest / no-program card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.day_plan import (
    NO_PROGRAM,
    REST,
    ExerciseLine,
    PlanView,
    SectionView,
)
from alloy_desktop.ui.widgets.common import Card, label

# Sizes chosen to be read from a step away while the laptop sits on a bench.
_STYLE = """
QLabel#exerciseName { font-size: 13pt; font-weight: 600; }
QLabel#exercisePrescription { font-size: 12.5pt; }
QLabel#exerciseNote { font-size: 10pt; }
QLabel#exerciseTarget { font-size: 12.5pt; font-weight: 600; color: palette(link); }
QLabel#exerciseWhy { font-size: 10pt; }
QLabel#sectionMinutes { font-size: 11pt; }
QLabel#restTitle { font-size: 20pt; font-weight: 600; }
QLabel#nextSession { font-size: 13pt; font-weight: 600; }
QFrame[role="divider"] { color: palette(mid); }
"""

REST_TIPS = (
    "Walk, stretch or do easy mobility work if you feel like moving.",
    "Eat enough protein and aim for a full night's sleep.",
)


def tint(colour: str, base: str, amount: float) -> QColor:
    """`colour` laid over `base` at `amount` opacity, as an opaque colour (keeps text readable)."""
    top, bottom = QColor(colour), QColor(base)
    return QColor(
        round(top.red() * amount + bottom.red() * (1 - amount)),
        round(top.green() * amount + bottom.green() * (1 - amount)),
        round(top.blue() * amount + bottom.blue() * (1 - amount)),
    )


def clear_layout(layout: QBoxLayout, keep_last: int = 0, keep_first: int = 0) -> None:
    """Deletes a layout's items except the first `keep_first` and last `keep_last`."""
    while layout.count() > keep_first + keep_last:
        item = layout.takeAt(keep_first)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # deletion waits for the event loop; don't paint it meanwhile
            widget.deleteLater()


class ExerciseRow(QFrame):
    """Name on one line, the prescription under it; its accessible name is the whole line."""

    def __init__(self, line: ExerciseLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseRow")
        self.line = line
        self.setAccessibleName(line.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(1)
        name = label(line.name, word_wrap=True, parent=self)
        name.setObjectName("exerciseName")
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(name)
        if line.prescription:
            detail = label(line.prescription, word_wrap=True, parent=self)
            detail.setObjectName("exercisePrescription")
            layout.addWidget(detail)
        for target in line.target.targets:
            load = label(target, word_wrap=True, parent=self)
            load.setObjectName("exerciseTarget")
            load.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(load)
        for text, object_name in ((line.note, "exerciseNote"), (line.target.why, "exerciseWhy")):
            if text:
                small = label(text, "muted", word_wrap=True, parent=self)
                small.setObjectName(object_name)
                layout.addWidget(small)
        if line.target.last:
            last = label(line.target.last, "muted", word_wrap=True, parent=self)
            last.setObjectName("exerciseWhy")
            layout.addWidget(last)

    @property
    def text(self) -> str:
        return self.line.text


class SectionCard(Card):
    """One section (warm-up, main work, ...) with its estimated minutes."""

    def __init__(self, section: SectionView, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.section = section
        header = QHBoxLayout()
        header.addWidget(label(section.title, "subtitle", parent=self))
        header.addStretch(1)
        minutes = label(f"~{section.minutes} min", "muted", parent=self)
        minutes.setObjectName("sectionMinutes")
        header.addWidget(minutes)
        self.body.addLayout(header)
        for index, line in enumerate(section.lines):
            if index:
                self.body.addWidget(_divider(self))
            self.body.addWidget(ExerciseRow(line, self))


def _divider(parent: QWidget) -> QFrame:
    # Coloured by the plan's style sheet: a sheet of its own per line re-styles each one.
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setProperty("role", "divider")
    return line


class DayPlanWidget(QWidget):
    """Shows a PlanView; views set it with show_plan and react to `program_requested`."""

    program_requested = Signal()  # the no-program card's button

    def __init__(self, show_header: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._show_header = show_header
        self._view: PlanView | None = None
        self.setStyleSheet(_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.status = label("", "muted", word_wrap=True, parent=self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(6)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.error = label("", "error", word_wrap=True, parent=self)
        self.error.hide()
        outer.addWidget(self.busy)
        outer.addWidget(self.status)
        outer.addWidget(self.error)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(self.scroller.viewport())
        self._holder = holder  # the parent every card of the plan is made under
        self.content = QVBoxLayout(holder)
        self.content.setContentsMargins(0, 0, 6, 0)
        self.content.setSpacing(10)
        self.scroller.setWidget(holder)
        outer.addWidget(self.scroller, 1)
        self.status.setText("Loading the plan…")

    @property
    def view(self) -> PlanView | None:
        return self._view

    # --- states -----------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def show_error(self, message: str) -> None:
        """A load failed: say so in plain words and keep whatever was on show."""
        self.error.setText(message)
        self.error.show()

    def show_plan(self, view: PlanView) -> None:
        self._view = view
        self.error.hide()
        self.status.hide()
        clear_layout(self.content)
        if self._show_header:
            self._add_header(view)
        if view.kind == REST:
            self.content.addWidget(self._rest_card(view))
        elif view.kind == NO_PROGRAM:
            self.content.addWidget(self._no_program_card(view))
        else:
            self._add_sections(view)
        self.content.addStretch(1)

    def restyle(self) -> None:
        """Rebuilds the plan so dividers and cards pick up the new palette."""
        if self._view is not None:
            self.show_plan(self._view)

    # --- reading (tests and accessibility) --------------------------------------------

    def shown_widgets(self) -> list[QWidget]:
        """The widgets of the plan on show, top to bottom (replaced ones are on their way out)."""
        items = (self.content.itemAt(i) for i in range(self.content.count()))
        return [w for item in items if item is not None and (w := item.widget()) is not None]

    def exercise_rows(self) -> list[ExerciseRow]:
        return [row for w in self.shown_widgets() for row in w.findChildren(ExerciseRow)]

    def row_texts(self) -> list[str]:
        """The text of every exercise row, top to bottom."""
        return [row.text for row in self.exercise_rows()]

    def section_titles(self) -> list[str]:
        return [w.section.title for w in self.shown_widgets() if isinstance(w, SectionCard)]

    def visible_text(self) -> str:
        """All label text of the plan, in layout order (for tests and screen readers)."""
        texts = []
        for widget in self.shown_widgets():
            labels = [widget] if isinstance(widget, QLabel) else widget.findChildren(QLabel)
            texts += [lab.text() for lab in labels]
        return "\n".join(texts)

    # --- building ---------------------------------------------------------------------

    def _add_header(self, view: PlanView) -> None:
        title = label(view.title, "title", word_wrap=True)
        title.setObjectName("planTitle")
        self.content.addWidget(title)
        line = QHBoxLayout()
        line.setSpacing(6)
        for text in view.badges:
            line.addWidget(label(text, "badge"))
        subtitle = label(view.subtitle, "muted", word_wrap=True)
        line.addWidget(subtitle, 1)
        holder = QWidget()
        holder.setLayout(line)
        line.setContentsMargins(0, 0, 0, 0)
        self.content.addWidget(holder)

    def _add_sections(self, view: PlanView) -> None:
        for section in view.sections:
            self.content.addWidget(SectionCard(section, self._holder))

    def _rest_card(self, view: PlanView) -> Card:
        card = Card()
        card.setObjectName("restCard")
        title = label(view.title, word_wrap=True)
        title.setObjectName("restTitle")
        card.body.addWidget(title)
        card.body.addWidget(label(view.message, word_wrap=True))
        if view.next_session:
            card.body.addWidget(label("Next session", "muted"))
            upcoming = label(view.next_session, word_wrap=True)
            upcoming.setObjectName("nextSession")
            card.body.addWidget(upcoming)
        else:
            card.body.addWidget(label("No sessions are planned in the next four weeks.", "muted"))
        for tip in REST_TIPS:
            card.body.addWidget(label(f"• {tip}", "muted", word_wrap=True))
        return card

    def _no_program_card(self, view: PlanView) -> Card:
        card = Card()
        card.setObjectName("noProgramCard")
        title = label(view.title, word_wrap=True)
        title.setObjectName("restTitle")
        card.body.addWidget(title)
        card.body.addWidget(label(view.message, word_wrap=True))
        button = QPushButton("Go to Program")
        button.setProperty("role", "primary")
        button.clicked.connect(self.program_requested)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        card.body.addLayout(row)
        return card
