"""Program page pieces: week strip, time breakdown, list row painter, and the weeks table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.ui.viewmodels.program_builder import MicrocycleRow, ProgramSummary
from alloy_desktop.ui.viewmodels.program_weeks import (
    CHANGE_ROLE,
    CURRENT_ROLE,
    DELOAD_ROLE,
    SAME,
    WeeksTableModel,
)
from alloy_desktop.ui.viewmodels.targets import TargetWords
from alloy_desktop.ui.widgets import theme
from alloy_desktop.ui.widgets.common import label

SUMMARY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SECTION_COLOURS = ("muted", "accent", "good", "warn")  # warm-up, main, accessory, finisher
COOLDOWN_COLOURS = {True: "#b39dfa", False: "#7e5fd0"}  # by dark; no theme colour is free


def colour(name: str) -> QColor:
    """A named colour of the palette in use (read at paint time, so dark mode just repaints)."""
    return QColor(getattr(theme.current(), name))


class MicrocycleStrip(QWidget):
    """One box per week of a program, deloads in amber; click a week to pick it."""

    week_clicked = Signal(int)  # sequence number

    BOX_GAP = 4
    MIN_BOX = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: tuple[MicrocycleRow, ...] = ()
        self.current: int | None = None
        self.setMinimumHeight(52)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_weeks(self, weeks: Sequence[MicrocycleRow], current: int | None = None) -> None:
        self.weeks = tuple(weeks)
        self.current = current
        self.setAccessibleDescription(
            ", ".join(f"{w.title}{' deload' if w.is_deload else ''}" for w in self.weeks)
        )
        self.update()

    def set_current(self, sequence: int | None) -> None:
        self.current = sequence
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(max(len(self.weeks), 1) * (self.MIN_BOX + self.BOX_GAP), 52)

    def _boxes(self) -> list[QRectF]:
        count = len(self.weeks)
        if not count:
            return []
        width = (self.width() - self.BOX_GAP * (count - 1)) / count
        height = self.height() - 2
        return [QRectF(1 + i * (width + self.BOX_GAP), 1, width - 2, height) for i in range(count)]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.8, 7.5))
        for week, box in zip(self.weeks, self._boxes(), strict=True):
            self._paint_week(painter, week, box, bold, small)
        painter.end()

    def _paint_week(
        self, painter: QPainter, week: MicrocycleRow, box: QRectF, bold: QFont, small: QFont
    ) -> None:
        fill = colour("warn") if week.is_deload else colour("surface")
        edge = colour("accent") if week.sequence == self.current else colour("grid")
        painter.setPen(QPen(edge, 2.5 if week.sequence == self.current else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 6, 6)
        ink = QColor("#1d2127") if week.is_deload else colour("text")
        painter.setPen(ink)
        painter.setFont(bold)
        top = QRectF(box.x(), box.y() + 4, box.width(), box.height() / 2)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, str(week.sequence))
        painter.setFont(small)
        bottom = QRectF(box.x(), box.center().y(), box.width(), box.height() / 2 - 4)
        # Widest caption that fits: "Deload" / "3 days", then "D" / "3×".
        captions = (
            ("Deload", "D")
            if week.is_deload
            else (f"{len(week.sessions)} days", f"{len(week.sessions)}×")
        )
        fits = [c for c in captions if QFontMetrics(small).horizontalAdvance(c) <= box.width() - 6]
        caption = fits[0] if fits else ""
        painter.setPen(ink if week.is_deload else colour("muted"))
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, caption)

    def _week_at(self, x: float, y: float) -> MicrocycleRow | None:
        for week, box in zip(self.weeks, self._boxes(), strict=True):
            if box.contains(x, y):
                return week
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        week = self._week_at(pos.x(), pos.y())
        if week is None:
            QToolTip.hideText()
            return
        kind = "Deload week: lighter loads, fewer sets" if week.is_deload else week.status
        text = (
            f"<b>{week.title}</b> · {week.dates}<br>{kind}<br>"
            f"{len(week.sessions)} sessions · {week.minutes} min"
        )
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        week = self._week_at(pos.x(), pos.y())
        if week is not None:
            self.week_clicked.emit(week.sequence)


class TimeBreakdownView(QWidget):
    """A session's minutes per section: total, a stacked bar, then each section's minutes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = _StackedBar()
        self.value_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        self.total_label = label("", "subtitle")
        self.total_label.setObjectName("totalMinutes")
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(6)
        head = QHBoxLayout()
        head.addWidget(label("Time", "muted"))
        head.addStretch(1)
        head.addWidget(self.total_label)
        layout.addLayout(head)
        layout.addWidget(self.bar)
        layout.addLayout(self._grid)

    def set_breakdown(self, parts: Sequence[tuple[str, int]], total: int) -> None:
        """Shows (section, minutes) pairs and the total exactly as given."""
        for column, (title, minutes) in enumerate(parts):
            if title not in self.value_labels:
                self._add_column(column, title)
            self.value_labels[title].setText(f"{minutes} min")
        self.total_label.setText(f"Total {total} min")
        self.bar.set_parts([m for _, m in parts])
        self.restyle()

    def restyle(self) -> None:
        """Re-colours the rule over each name, which ties it to its part of the bar."""
        for column, name in enumerate(self.name_labels.values()):
            name.setStyleSheet(f"border-top: 3px solid {_swatch(column)}; padding-top: 3px;")
        self.bar.update()

    def _add_column(self, column: int, title: str) -> None:
        name = label(title, "muted")
        value = label("")
        value.setObjectName(f"minutes_{title}")
        bold = QFont(value.font())
        bold.setBold(True)
        value.setFont(bold)
        self._grid.addWidget(name, 0, column)
        self._grid.addWidget(value, 1, column)
        self._grid.setColumnStretch(column, 1)
        self.name_labels[title] = name
        self.value_labels[title] = value


def target_labels(words: TargetWords, indent: str = "    ") -> list[QLabel]:
    """An exercise's loads in the accent colour, then why and last time in muted text."""
    labels = []
    for text in words.targets:
        load = label(f"{indent}{text}", word_wrap=True)
        load.setObjectName("sessionTarget")
        # The palette's link colour is the accent, and follows a switch to dark mode.
        load.setStyleSheet("color: palette(link); font-weight: 600;")
        labels.append(load)
    for text in (words.why, words.last):
        if text:
            labels.append(label(f"{indent}{text}", "muted", word_wrap=True))
    return labels


def style_active_badge(widget: QLabel) -> None:
    """Green like the list's ACTIVE badge (the theme's own badge is amber, used for deloads)."""
    c = theme.current()
    ink = "#ffffff" if c is theme.LIGHT else "#10241a"
    widget.setStyleSheet(
        f"background: {c.good}; color: {ink}; border-radius: 8px; padding: 1px 10px;"
        " font-weight: 600;"
    )


def _swatch(index: int) -> str:
    if index >= len(SECTION_COLOURS):
        return COOLDOWN_COLOURS[theme.current() is theme.DARK]
    return str(getattr(theme.current(), SECTION_COLOURS[index]))


class _StackedBar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[int] = []
        self.setFixedHeight(14)

    def set_parts(self, parts: Sequence[int]) -> None:
        self.parts = list(parts)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = sum(self.parts)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        track = QPainterPath()
        track.addRoundedRect(rect, 6, 6)
        painter.setClipPath(track)  # square segment ends inside a rounded bar
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour("window"))
        painter.drawRect(rect)
        x = rect.x()
        for index, minutes in enumerate(self.parts):
            if total <= 0 or minutes <= 0:
                continue
            width = rect.width() * minutes / total
            painter.setBrush(QColor(_swatch(index)))
            painter.drawRect(QRectF(x, rect.y(), width, rect.height()))
            x += width
        painter.end()


class ProgramRowDelegate(QStyledItemDelegate):
    """Paints a program row: name with an Active badge, goals, then weeks and minutes."""

    PAD = 10

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = QFontMetrics(option.font).height()
        return QSize(200, int(height * 3.6) + 2 * self.PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        summary = index.data(SUMMARY_ROLE)
        if not isinstance(summary, ProgramSummary):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        card = QRectF(rect).adjusted(4, 3, -4, -3)
        painter.setPen(
            QPen(colour("accent") if selected else colour("grid"), 1.5 if selected else 1)
        )
        painter.setBrush(
            _blend(colour("accent"), colour("surface"), 0.16) if selected else colour("surface")
        )
        painter.drawRoundedRect(card, 8, 8)
        self._paint_text(painter, card, summary, option.font)
        painter.restore()

    def _paint_text(self, painter: QPainter, card: QRectF, p: ProgramSummary, base: QFont) -> None:
        metrics = QFontMetrics(base)
        line = metrics.height()
        x = card.x() + self.PAD
        width = card.width() - 2 * self.PAD
        top = card.y() + self.PAD
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.1)
        painter.setFont(title)
        painter.setPen(colour("text"))
        name = QFontMetrics(title).elidedText(p.name, Qt.TextElideMode.ElideRight, int(width))
        painter.drawText(QRectF(x, top, width, line * 1.2), name)
        painter.setFont(base)
        goals = metrics.elidedText(p.goals, Qt.TextElideMode.ElideRight, int(width))
        painter.drawText(QRectF(x, top + line * 1.25, width, line), goals)
        facts_top = top + line * 2.3
        badge = (
            self._paint_badge(painter, card.right() - self.PAD, facts_top, base)
            if p.is_active
            else 0
        )
        painter.setFont(base)
        painter.setPen(colour("muted"))
        facts = f"{p.weeks} · ~{p.minutes} min"  # the detail pane says "a session"
        facts = metrics.elidedText(facts, Qt.TextElideMode.ElideRight, int(width - badge))
        painter.drawText(QRectF(x, facts_top, width, line), facts)

    def _paint_badge(self, painter: QPainter, right: float, top: float, base: QFont) -> int:
        font = QFont(base)
        font.setBold(True)
        font.setPointSizeF(base.pointSizeF() * 0.8)
        text = "ACTIVE"
        width = QFontMetrics(font).horizontalAdvance(text) + 14
        height = QFontMetrics(font).height() + 2
        box = QRectF(right - width, top, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour("good"))
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(QColor("#ffffff") if theme.current() is theme.LIGHT else QColor("#10241a"))
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return width + 8


def _blend(a: QColor, b: QColor, amount: float) -> QColor:
    """a over b at `amount` opacity."""
    return QColor(
        round(a.red() * amount + b.red() * (1 - amount)),
        round(a.green() * amount + b.green() * (1 - amount)),
        round(a.blue() * amount + b.blue() * (1 - amount)),
    )


# --- the plan across weeks -----------------------------------------------------------------

DELOAD_TINT = 0.22  # amber over the surface: clearly a different week, text still crisp
DELOAD_INK = "#1d2127"  # on the amber header, in both palettes (as on the week strip)
NAME_WIDTH = 180  # the exercise names, which stay put while the weeks scroll


class _WeeksHeaderColours(QIdentityProxyModel):
    """Amber headers over deload weeks, this week's in bold; names read left to right."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.bold = QFont(parent.font())
        self.bold.setBold(True)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            current = super().headerData(section, orientation, CURRENT_ROLE) is True
            return self.bold if current else None
        deload = super().headerData(section, orientation, DELOAD_ROLE) is True
        if deload and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(colour("warn"))
        if deload and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(DELOAD_INK))
        return super().headerData(section, orientation, role)


class _WeekCellDelegate(QStyledItemDelegate):
    """Changed cells in bold, deload weeks tinted amber, missing cells muted."""

    PAD = QSize(12, 12)  # air around the numbers, so columns read as columns

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return super().sizeHint(option, index) + self.PAD

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        change = index.data(CHANGE_ROLE)
        if change and change != SAME:
            option.font.setBold(True)
        if not change:
            option.palette.setColor(QPalette.ColorRole.Text, colour("muted"))
        if index.data(DELOAD_ROLE) is True:
            option.backgroundBrush = QBrush(_blend(colour("warn"), colour("surface"), DELOAD_TINT))


class WeeksTableView(QTableView):
    """The weeks table: exercise names fixed on the left, one column per week."""

    def __init__(self, model: WeeksTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = _WeeksHeaderColours(self)
        self.colours.setSourceModel(model)
        self.setModel(self.colours)
        self.setItemDelegate(_WeekCellDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        columns = self.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setHighlightSections(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setHighlightSections(False)
        rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows.setFixedWidth(NAME_WIDTH)
        self.setAccessibleName("Plan across weeks")

    def restyle(self) -> None:
        """Header and cell colours are read when painting: repaint both."""
        self.horizontalHeader().viewport().update()
        self.viewport().update()
