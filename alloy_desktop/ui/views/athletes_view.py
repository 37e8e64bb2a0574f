"""The coach's page: every athlete at a glance, invitations, and one athlete opened to plan for."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.api.schemas import CoachLinkResponse
from alloy_desktop.ui.viewmodels.athletes import (
    SUBTITLE,
    AthleteRow,
    AthleteSession,
    AthletesViewModel,
)
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import ActiveWhileShown, Card, FieldErrors, StatusLabel, label

COLUMNS = ("Athlete", "Last workout", "Adherence", "Streak", "Needs rest", "Main lifts (12 weeks)")
LIFTS_COLUMN = 5
ID_ROLE = Qt.ItemDataRole.UserRole + 1
LIFTS_ROLE = Qt.ItemDataRole.UserRole + 2
LIFT_LINE = 22  # px per lift in the lifts column
SPARK_WIDTH = 90


class LiftsDelegate(QStyledItemDelegate):
    """Draws each main lift as its name, latest e1RM and change, and a 12-week sparkline."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        lifts = index.data(LIFTS_ROLE) or ()
        colours = theme.current()
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i, (name, text, points) in enumerate(lifts):
            line = QRect(
                rect.left() + 6, rect.top() + 4 + i * LIFT_LINE, rect.width() - 12, LIFT_LINE
            )
            spark = QRect(line.right() - SPARK_WIDTH, line.top() + 3, SPARK_WIDTH, LIFT_LINE - 6)
            words = QRect(line.left(), line.top(), line.width() - SPARK_WIDTH - 8, line.height())
            painter.setPen(QColor(colours.text))
            # A long movement name gives way (elided), never the figures after it.
            metrics = painter.fontMetrics()
            room = max(0, words.width() - metrics.horizontalAdvance(f": {text}"))
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
            painter.drawText(words, Qt.AlignmentFlag.AlignVCenter, f"{shown}: {text}")
            _sparkline(painter, spark, points, colours)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        lifts = index.data(LIFTS_ROLE) or ()
        return QSize(380, max(1, len(lifts)) * LIFT_LINE + 8)


def _sparkline(painter: QPainter, box: QRect, points: tuple[float, ...], c: theme.Colours) -> None:
    if len(points) < 2:
        return
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    step = box.width() / (len(points) - 1)
    line = QPolygonF(
        [
            QPointF(box.left() + i * step, box.bottom() - (value - low) / span * box.height())
            for i, value in enumerate(points)
        ]
    )
    rising = points[-1] >= points[0]
    painter.setPen(QPen(QColor(c.good if rising else c.warn), 1.6))
    painter.drawPolyline(line)


class AthletesView(ActiveWhileShown, QWidget):
    """Invite athletes, answer a coach, and see every athlete's training at a glance."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.vm = AthletesViewModel(session, self)
        self.windows: list[AthleteWindow] = []
        self._build()
        self.vm.changed.connect(self._show)
        self.vm.invited.connect(self._on_invited)
        self.vm.opened.connect(self._open_window)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)

    # --- page protocol ----------------------------------------------------------------

    def activate(self) -> None:
        """Every visit reloads: athletes log and answer from their own computers."""
        self.vm.active = True
        self.vm.refresh()

    def restyle(self) -> None:
        self.table.viewport().update()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        header = QHBoxLayout()
        header.addWidget(label("Athletes", "title"))
        header.addStretch(1)
        self.status = StatusLabel()
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(header)
        layout.addWidget(label(SUBTITLE, "muted", word_wrap=True))
        layout.addWidget(self._build_invite())
        self.answers = Card("Invitations")
        layout.addWidget(self.answers)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Athletes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(LIFTS_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(LIFTS_COLUMN, LiftsDelegate(self.table))
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.empty = label("", "muted", word_wrap=True)
        actions.addWidget(self.empty, 1)
        self.open_button = QPushButton("Open athlete")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))
        self.table.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(self.table.currentRow() >= 0)
        )
        actions.addWidget(self.open_button)
        layout.addLayout(actions)

    def _build_invite(self) -> Card:
        card = Card("Invite an athlete")
        row = QHBoxLayout()
        self.email = QLineEdit()
        self.email.setPlaceholderText("Their email, as they signed up on this server")
        self.email.setAccessibleName("Athlete's email")
        self.email.returnPressed.connect(self._invite)
        row.addWidget(self.email, 1)
        invite = QPushButton("Invite")
        invite.clicked.connect(self._invite)
        row.addWidget(invite)
        card.body.addLayout(row)
        self.email_error = label("", "error")
        card.body.addWidget(self.email_error)
        self.general_error = label("")
        card.body.addWidget(self.general_error)
        self.errors = FieldErrors(self.general_error)
        self.errors.bind("athlete_email", self.email, self.email_error)
        return card

    # --- showing ----------------------------------------------------------------------

    def _show(self) -> None:
        self._show_answers()
        rows = self.vm.rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._fill(r, row)
        self.table.resizeRowsToContents()
        self.empty.setText(
            "" if rows else "No athletes yet. Invite one above: once they accept, they appear here."
        )

    def _fill(self, r: int, row: AthleteRow) -> None:
        cells = (row.name, row.last_workout, row.adherence, row.streak, row.needs_rest, "")
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, row.athlete_id)
            if column == 0:
                item.setToolTip(row.email)
            if column == LIFTS_COLUMN:
                item.setData(LIFTS_ROLE, row.lifts)
                item.setToolTip("\n".join(f"{name}: {text}" for name, text, _ in row.lifts))
            self.table.setItem(r, column, item)

    def _show_answers(self) -> None:
        body = self.answers.body
        while body.count() > 1:  # keep the card's title
            taken = body.takeAt(1)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the card now, not at the next event loop
                widget.deleteLater()
        lines = [
            *(self._answer_line(x) for x in self.vm.invitations_to_me),
            *(self._coach_line(x) for x in self.vm.my_coaches),
            *(self._sent_line(x) for x in self.vm.sent),
        ]
        for line in lines:
            body.addWidget(line)
        self.answers.setVisible(bool(lines))

    def _answer_line(self, link: CoachLinkResponse) -> QWidget:
        return self._line(
            f"{link.coach_name} asks to coach you: they would see your training and plan "
            "your program.",
            [("Accept", lambda: self.vm.answer(link.id, True)),
             ("Decline", lambda: self.vm.answer(link.id, False))],
        )  # fmt: skip

    def _coach_line(self, link: CoachLinkResponse) -> QWidget:
        return self._line(
            f"{link.coach_name} coaches you.", [("Stop", lambda: self.vm.end(link.id))]
        )

    def _sent_line(self, link: CoachLinkResponse) -> QWidget:
        return self._line(
            f"Invited {link.athlete_name}: waiting for their answer.",
            [("Withdraw", lambda: self.vm.end(link.id))],
        )

    def _line(self, text: str, buttons: list[tuple[str, object]]) -> QWidget:
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label(text, word_wrap=True), 1)
        for title, action in buttons:
            button = QPushButton(title)
            button.clicked.connect(action)
            row.addWidget(button)
        return line

    # --- actions ----------------------------------------------------------------------

    def _invite(self) -> None:
        self.vm.invite(self.email.text())

    def _on_invited(self, sentence: str) -> None:
        self.email.clear()
        self.status.flash(sentence)

    def _open_row(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.vm.open_athlete(int(item.data(ID_ROLE)))

    def _open_window(self, session: AthleteSession) -> None:
        window = AthleteWindow(session, self)
        self.windows.append(window)
        window.finished.connect(lambda _code: self.windows.remove(window))
        window.show()


class AthleteWindow(QDialog):
    """One athlete for their coach: Today, Progress and History read-only, the Program to plan."""

    def __init__(self, session: AthleteSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from alloy_desktop.ui.views.history_view import HistoryView
        from alloy_desktop.ui.views.program_view import ProgramView
        from alloy_desktop.ui.views.progress_view import ProgressView
        from alloy_desktop.ui.views.today_view import TodayView

        self.session = session
        name = session.me.user.name or session.me.user.email
        self.setWindowTitle(f"{name} — coached by you")
        self.setModal(False)
        self.resize(1180, 780)
        layout = QVBoxLayout(self)
        layout.addWidget(label(name, "title"))
        layout.addWidget(
            label(
                f"You see {name}'s training as they logged it; only they change their logs. "
                "Programs you make here are theirs, and reach them at once on this server.",
                "muted",
                word_wrap=True,
            )
        )
        self.tabs = QTabWidget()
        self.pages: dict[str, QWidget] = {
            "Today": TodayView(session),
            "Progress": ProgressView(session),
            "History": HistoryView(session),
            "Program": ProgramView(session),
        }
        for title, page in self.pages.items():
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(self._activate)
        layout.addWidget(self.tabs, 1)
        self._activate(0)

    def _activate(self, index: int) -> None:
        page = self.tabs.widget(index)
        activate = getattr(page, "activate", None)
        if callable(activate):
            activate()
