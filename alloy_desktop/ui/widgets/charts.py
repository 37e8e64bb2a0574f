"""pyqtgraph plots in the app's colours: a date-axis plot, themed pens, restyling after a switch."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from alloy_desktop.ui.widgets import theme

AXIS_FONT_PT = 10.0


def colour(hex_code: str, alpha: int = 255) -> QColor:
    """A theme colour, optionally translucent (alpha 0..255)."""
    value = QColor(hex_code)
    value.setAlpha(alpha)
    return value


def date_plot(y_label: str = "", parent: QWidget | None = None) -> pg.PlotWidget:
    """A plot with dates along x (epoch seconds, shown in UTC so days never shift)."""
    axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
    plot = pg.PlotWidget(parent=parent, axisItems={"bottom": axis})
    plot.setMenuEnabled(False)
    plot.hideButtons()  # the "A" auto-range button is noise for lifters; double-click is not
    item = plot.getPlotItem()
    item.setDefaultPadding(0.03)
    item.getViewBox().setMouseEnabled(x=True, y=False)  # zoom/pan in time only
    if y_label:
        item.setLabel("left", y_label)
    # The y grid is drawn by the left axis; behind the view box it stays under bars and lines.
    plot.getAxis("left").setZValue(-1)
    style_plot(plot)
    return plot


def style_plot(plot: pg.PlotWidget) -> None:
    """Background, axes and grid in the current theme's colours."""
    c = theme.current()
    plot.setBackground(colour(c.surface))
    font = QFont()
    font.setPointSizeF(AXIS_FONT_PT)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(colour(c.grid)))
        axis.setTextPen(pg.mkPen(colour(c.muted)))
        axis.setStyle(tickFont=font)
        axis.label.setDefaultTextColor(colour(c.muted))
    plot.showGrid(x=False, y=True, alpha=0.35)


def line_pen(hex_code: str, width: float = 2.5) -> object:
    return pg.mkPen(colour(hex_code), width=width)


def dashed_pen(hex_code: str) -> object:
    return pg.mkPen(colour(hex_code), width=1, style=Qt.PenStyle.DashLine)
