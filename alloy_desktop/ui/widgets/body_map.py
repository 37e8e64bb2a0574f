"""Front and back body of QPainterPath shapes, one region per muscle group, heat-coloured."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from alloy_desktop.domain.enums import MuscleGroup
from alloy_desktop.ui.widgets import theme

G = MuscleGroup
Points = Sequence[tuple[float, float]]

FIGURE_W = 200.0  # one figure's design box; shapes are authored in these units
FIGURE_H = 480.0
GAP = 36.0  # between the front and back figures
LABEL_H = 30.0  # room above the figures for "Front" / "Back"
DESIGN_W = FIGURE_W * 2 + GAP
DESIGN_H = LABEL_H + FIGURE_H
MAX_LEVEL = 10.0


# --- Shapes -----------------------------------------------------------------------------
# Points trace the figure's left half (x < 100, the viewer's left); `_pair` mirrors them
# about x = 100. A smooth curve runs through the points, so a handful of them gives an
# organic outline and the map reads as a body, not a diagram.


def _smooth(points: Points) -> QPainterPath:
    """A closed Catmull-Rom curve through every point (as cubic Béziers)."""
    pts = [QPointF(x, y) for x, y in points]
    n = len(pts)
    path = QPainterPath(pts[0])
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        path.cubicTo(p1 + (p2 - p0) / 6, p2 - (p3 - p1) / 6, p2)
    path.closeSubpath()
    return path


def _mirror(points: Points) -> list[tuple[float, float]]:
    return [(FIGURE_W - x, y) for x, y in points]


def _pair(points: Points) -> list[QPainterPath]:
    return [_smooth(points), _smooth(_mirror(points))]


def _central(half: Points) -> list[QPainterPath]:
    """One shape across the midline: the left half's points, then their mirror image back up."""
    return [_smooth(list(half) + _mirror(list(reversed(half))))]


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(cx, cy), rx, ry)
    return path


def _silhouette() -> list[QPainterPath]:
    """The body outline (skin) behind the muscles: head, neck, torso, limbs, hands and feet."""
    torso = _central(
        [(100, 74), (84, 76), (62, 84), (50, 94), (58, 132), (62, 170), (64, 204), (60, 240),
         (58, 262), (80, 270), (100, 268)]
    )  # fmt: skip
    shapes = [_ellipse(100, 33, 21, 26), _smooth([(88, 50), (112, 50), (114, 82), (86, 82)])]
    shapes += torso
    shapes += _pair([(58, 88), (44, 92), (33, 112), (32, 150), (36, 192), (56, 194), (62, 140)])
    shapes += _pair([(38, 186), (30, 208), (25, 246), (28, 274), (44, 276), (52, 240), (58, 194)])
    shapes += _pair([(28, 268), (22, 290), (30, 312), (42, 310), (46, 286), (44, 268)])
    shapes += _pair([(60, 244), (56, 300), (62, 350), (66, 384), (98, 386), (100, 330), (100, 262)])
    shapes += _pair([(64, 376), (60, 412), (66, 446), (92, 450), (98, 412), (98, 376)])
    shapes += _pair([(68, 440), (58, 470), (66, 478), (96, 476), (96, 440)])
    return shapes


FRONT: dict[MuscleGroup, list[QPainterPath]] = {
    G.NECK: [_smooth([(90, 56), (110, 56), (113, 80), (100, 86), (87, 80)])],
    G.TRAPS: _pair([(88, 70), (72, 80), (58, 88), (74, 90), (89, 84)]),
    G.SIDE_DELTS: _pair([(52, 90), (40, 96), (34, 110), (35, 128), (43, 128), (45, 110), (50, 98)]),
    G.FRONT_DELTS: _pair(
        [(66, 90), (54, 92), (47, 102), (46, 124), (53, 130), (60, 114), (64, 98)]
    ),
    G.CHEST: _pair(
        [(98, 92), (80, 90), (66, 94), (60, 108), (61, 126), (72, 140), (88, 144), (98, 140)]
    ),
    G.BICEPS: _pair(
        [(46, 132), (39, 148), (38, 172), (45, 190), (54, 188), (58, 164), (57, 140), (53, 132)]
    ),
    G.FOREARMS: _pair(
        [(40, 194), (31, 212), (27, 244), (31, 268), (42, 268), (48, 240), (55, 198)]
    ),
    G.ABS: _central([(100, 146), (86, 148), (83, 190), (86, 232), (100, 242)]),
    G.OBLIQUES: _pair(
        [(70, 142), (63, 160), (63, 200), (66, 230), (83, 238), (80, 190), (83, 150)]
    ),
    G.ABDUCTORS: _pair([(61, 236), (57, 252), (57, 278), (61, 284), (65, 262), (71, 244)]),
    G.QUADS: _pair(
        [
            (68, 252),
            (62, 284),
            (62, 326),
            (67, 362),
            (82, 372),
            (94, 366),
            (96, 338),
            (91, 302),
            (82, 274),
        ]
    ),
    G.ADDUCTORS: _pair([(86, 266), (99, 266), (99, 312), (96, 338), (91, 300)]),
    G.CALVES: _pair([(89, 392), (97, 398), (97, 424), (93, 442), (86, 422)])
    + _pair([(66, 392), (61, 412), (64, 436), (70, 422), (71, 400)]),
}

BACK: dict[MuscleGroup, list[QPainterPath]] = {
    G.NECK: [_smooth([(91, 52), (109, 52), (111, 68), (89, 68)])],
    G.TRAPS: _central(
        [(100, 62), (90, 66), (72, 80), (57, 90), (74, 98), (86, 112), (92, 150), (100, 170)]
    ),
    G.SIDE_DELTS: _pair([(52, 90), (40, 96), (34, 110), (35, 128), (43, 128), (45, 110), (50, 98)]),
    G.REAR_DELTS: _pair(
        [(62, 94), (54, 94), (47, 104), (46, 124), (53, 130), (60, 116), (66, 102)]
    ),
    G.UPPER_BACK: _pair(
        [(70, 102), (62, 114), (64, 132), (76, 146), (88, 146), (84, 116), (78, 104)]
    ),
    G.LATS: _pair([(61, 134), (59, 164), (66, 198), (80, 218), (88, 212), (90, 160), (77, 150)]),
    G.LOWER_BACK: _central([(100, 178), (93, 176), (88, 200), (86, 240), (100, 250)]),
    G.TRICEPS: _pair([(46, 130), (38, 146), (37, 176), (44, 190), (54, 188), (58, 164), (56, 138)]),
    G.FOREARMS: _pair(
        [(40, 194), (31, 212), (27, 244), (31, 268), (42, 268), (48, 240), (55, 198)]
    ),
    G.ABDUCTORS: _pair([(62, 232), (58, 250), (64, 262), (76, 250), (84, 238), (74, 228)]),
    G.GLUTES: _pair([(66, 250), (61, 268), (65, 292), (82, 302), (98, 296), (99, 258), (86, 248)]),
    G.HAMSTRINGS: _pair(
        [(64, 302), (61, 330), (67, 364), (82, 374), (93, 366), (95, 334), (90, 306), (79, 306)]
    ),
    G.ADDUCTORS: _pair([(92, 304), (99, 302), (99, 344), (95, 342)]),
    G.CALVES: _pair([(70, 390), (63, 412), (69, 440), (82, 446), (95, 440), (98, 412), (93, 390)]),
}

SILHOUETTE = _silhouette()
# Hit-testing and painting go in this order; later shapes sit on top of earlier ones.
SIDES: tuple[tuple[str, float, dict[MuscleGroup, list[QPainterPath]]], ...] = (
    ("Front", 0.0, FRONT),
    ("Back", FIGURE_W + GAP, BACK),
)
KEY_ORDER: tuple[MuscleGroup, ...] = (
    G.NECK,
    G.TRAPS,
    G.FRONT_DELTS,
    G.SIDE_DELTS,
    G.REAR_DELTS,
    G.CHEST,
    G.UPPER_BACK,
    G.LATS,
    G.BICEPS,
    G.TRICEPS,
    G.FOREARMS,
    G.ABS,
    G.OBLIQUES,
    G.LOWER_BACK,
    G.GLUTES,
    G.ABDUCTORS,
    G.ADDUCTORS,
    G.QUADS,
    G.HAMSTRINGS,
    G.CALVES,
)  # fmt: skip  head to toe, for arrow-key stepping


# --- Colours ----------------------------------------------------------------------------


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def recovery_colour(level: float, colours: theme.Colours | None = None) -> QColor:
    """0 = the theme's bad red, 5 = warn amber, 10 = good green, linear in between."""
    c = colours or theme.current()
    value = min(MAX_LEVEL, max(0.0, level))
    bad, warn, good = QColor(c.bad), QColor(c.warn), QColor(c.good)
    if value <= MAX_LEVEL / 2:
        return _mix(bad, warn, value / (MAX_LEVEL / 2))
    return _mix(warn, good, (value - MAX_LEVEL / 2) / (MAX_LEVEL / 2))


@dataclass(frozen=True)
class _Region:
    group: MuscleGroup
    path: QPainterPath  # in design units, already offset to its figure


def _regions() -> list[_Region]:
    regions: list[_Region] = []
    for _, offset, shapes in SIDES:
        move = QTransform.fromTranslate(offset, LABEL_H)
        for group, paths in shapes.items():
            regions.extend(_Region(group, move.map(path)) for path in paths)
    return regions


REGIONS = _regions()


class BodyMap(QWidget):
    """Front and back figures; each muscle group filled by its recovery level.

    Hover shows the group's tooltip text; click (or arrow keys and Enter) picks a group.
    """

    muscle_clicked = Signal(object)  # MuscleGroup
    muscle_hovered = Signal(object)  # MuscleGroup | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(330, 380)
        self.setAccessibleName("Muscle recovery body map")
        self._levels: dict[MuscleGroup, float] = {}
        self._tips: dict[MuscleGroup, str] = {}
        self._selected: MuscleGroup | None = None
        self._hovered: MuscleGroup | None = None

    # --- data -------------------------------------------------------------------------

    def set_levels(
        self, levels: Mapping[MuscleGroup, float], tips: Mapping[MuscleGroup, str]
    ) -> None:
        """Recovery 0..10 per group (missing groups count as fully recovered) and hover texts."""
        self._levels = dict(levels)
        self._tips = dict(tips)
        if self._hovered is not None:
            self.setToolTip(self._tips.get(self._hovered, ""))
        self.update()

    def set_selected(self, group: MuscleGroup | None) -> None:
        self._selected = group
        self.update()

    @property
    def selected(self) -> MuscleGroup | None:
        return self._selected

    def level(self, group: MuscleGroup) -> float:
        return self._levels.get(group, MAX_LEVEL)

    def colour_of(self, group: MuscleGroup) -> QColor:
        """The fill a group is painted with now."""
        return recovery_colour(self.level(group))

    def restyle(self) -> None:
        """Repaints with the current theme's colours."""
        self.update()

    # --- geometry ---------------------------------------------------------------------

    def _transform(self) -> QTransform:
        scale = min(self.width() / DESIGN_W, self.height() / DESIGN_H)
        dx = (self.width() - DESIGN_W * scale) / 2
        dy = (self.height() - DESIGN_H * scale) / 2
        return QTransform(scale, 0, 0, scale, dx, dy)

    def region_at(self, pos: QPointF | QPoint) -> MuscleGroup | None:
        """The muscle group under a point in widget coordinates, if any."""
        inverse, ok = self._transform().inverted()
        if not ok:
            return None
        point = inverse.map(QPointF(pos))
        for region in reversed(REGIONS):  # topmost first
            if region.path.contains(point):
                return region.group
        return None

    def region_center(self, group: MuscleGroup, side: str = "") -> QPoint:
        """A point inside the group's first region (on `side` "Front"/"Back" if given)."""
        transform = self._transform()
        for name, offset, shapes in SIDES:
            if (side and name != side) or group not in shapes:
                continue
            path = QTransform.fromTranslate(offset, LABEL_H).map(shapes[group][0])
            point = _inside(path)
            return transform.map(point).toPoint()
        raise KeyError(group)

    def sizeHint(self) -> QSize:
        return QSize(520, 600)

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        transform = self._transform()
        self._paint_labels(painter, transform, c)
        painter.setTransform(transform)
        skin = QColor(c.grid)
        for _, offset, _shapes in SIDES:
            painter.save()
            painter.translate(offset, LABEL_H)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(skin)
            for path in SILHOUETTE:
                painter.drawPath(path)
            painter.restore()
        self._paint_regions(painter, c)
        if self.hasFocus():  # keyboard users need to see where the arrow keys go
            painter.resetTransform()
            pen = QPen(QColor(c.accent), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        painter.end()

    def _paint_labels(self, painter: QPainter, transform: QTransform, c: theme.Colours) -> None:
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(9.0, font.pointSizeF()))
        painter.setFont(font)
        painter.setPen(QColor(c.muted))
        for name, offset, _ in SIDES:
            box = transform.mapRect(QRectF(offset, 0, FIGURE_W, LABEL_H))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name.upper())

    def _paint_regions(self, painter: QPainter, c: theme.Colours) -> None:
        # A thin line in the page colour separates neighbouring muscles like an anatomy chart.
        outline = QPen(QColor(c.surface), 1.6)
        outline.setCosmetic(True)
        for region in REGIONS:
            fill = recovery_colour(self.level(region.group), c)
            if region.group is self._hovered:
                fill = fill.lighter(115)
            painter.setPen(outline)
            painter.setBrush(fill)
            painter.drawPath(region.path)
        self._paint_outlines(painter, self._selected_paths(), QColor(c.text), 3.0)

    def _selected_paths(self) -> Iterable[QPainterPath]:
        return (r.path for r in REGIONS if r.group is self._selected)

    def _paint_outlines(
        self, painter: QPainter, paths: Iterable[QPainterPath], colour: QColor, width: float
    ) -> None:
        pen = QPen(colour, width)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in paths:
            painter.drawPath(path)

    # --- interaction ------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover(self.region_at(event.position()), event.globalPosition().toPoint())
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            group = self.region_at(event.position())
            if group is not None:
                self.muscle_clicked.emit(group)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover(None, None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {
            Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1,
        }.get(Qt.Key(event.key()))  # fmt: skip
        if step is None:
            super().keyPressEvent(event)
            return
        if self._selected in KEY_ORDER:
            index = (KEY_ORDER.index(self._selected) + step) % len(KEY_ORDER)
        else:
            index = 0 if step > 0 else len(KEY_ORDER) - 1
        self.muscle_clicked.emit(KEY_ORDER[index])

    def _hover(self, group: MuscleGroup | None, global_pos: QPoint | None) -> None:
        if group is self._hovered:
            return
        self._hovered = group
        text = self._tips.get(group, "") if group is not None else ""
        self.setToolTip(text)
        if global_pos is not None and text:
            QToolTip.showText(global_pos, text, self)
        else:
            QToolTip.hideText()
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if group is not None else Qt.CursorShape.ArrowCursor
        )
        self.muscle_hovered.emit(group)
        self.update()


def _inside(path: QPainterPath) -> QPointF:
    """A point well inside a shape: its centre if inside, else the middle of a horizontal chord."""
    centre = path.boundingRect().center()
    if path.contains(centre):
        return centre
    box = path.boundingRect()
    y = centre.y()
    xs = [box.left() + box.width() * i / 40 for i in range(41)]
    inside = [x for x in xs if path.contains(QPointF(x, y))]
    return QPointF(sum(inside) / len(inside), y) if inside else centre


class RecoveryLegend(QWidget):
    """A gradient bar from 0 (red) through 5 (amber) to 10 (green), with its meaning."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Colour legend: red 0 fatigued, amber 5, green 10 recovered")

    def sizeHint(self) -> QSize:
        return QSize(360, 44)

    def restyle(self) -> None:
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        bar = QRectF(8, 4, self.width() - 16, 14)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for stop in (0.0, 0.25, 0.5, 0.75, 1.0):
            gradient.setColorAt(stop, recovery_colour(stop * MAX_LEVEL, c))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawRoundedRect(bar, 7, 7)
        painter.setPen(QColor(c.muted))
        baseline = bar.bottom() + 6 + metrics.ascent()
        labels = (
            (0.0, "0 · fatigued", Qt.AlignmentFlag.AlignLeft),
            (0.5, "5", Qt.AlignmentFlag.AlignHCenter),
            (1.0, "10 · recovered", Qt.AlignmentFlag.AlignRight),
        )
        for fraction, text, align in labels:
            width = metrics.horizontalAdvance(text)
            x = bar.left() + bar.width() * fraction
            if align == Qt.AlignmentFlag.AlignHCenter:
                x -= width / 2
            elif align == Qt.AlignmentFlag.AlignRight:
                x -= width
            painter.drawText(QPointF(x, baseline), text)
        painter.end()
