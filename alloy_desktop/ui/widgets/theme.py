"""Light and dark palettes on the Fusion style, following the system's colour scheme."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colours:
    """Named colours the custom-painted widgets (body map, charts, badges) share."""

    window: str
    surface: str
    text: str
    muted: str
    accent: str
    good: str
    warn: str
    bad: str
    grid: str


LIGHT = Colours(
    window="#f4f5f7", surface="#ffffff", text="#1d2127", muted="#5d6470", accent="#2f6fde",
    good="#2e9e5b", warn="#d98e04", bad="#d64545", grid="#d9dde3",
)  # fmt: skip
DARK = Colours(
    window="#1b1e23", surface="#23272e", text="#e8eaed", muted="#a0a7b2", accent="#6ea2ff",
    good="#4cc07d", warn="#f0b43c", bad="#f06a6a", grid="#3a3f48",
)  # fmt: skip

_current = LIGHT


def current() -> Colours:
    """The colours of the palette now in use."""
    return _current


def system_prefers_dark() -> bool:
    """Whether the desktop asks for a dark scheme."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply(app: QApplication, dark: bool | None = None) -> Colours:
    """Applies the light or dark palette (default: follow the system)."""
    global _current
    _current = DARK if (system_prefers_dark() if dark is None else dark) else LIGHT
    app.setStyle("Fusion")
    app.setPalette(_palette(_current))
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    app.setFont(font)
    app.setStyleSheet(_stylesheet(_current))
    return _current


def _palette(c: Colours) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface,
        QPalette.ColorRole.AlternateBase: c.window,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.surface,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: c.surface,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Link: c.accent,
        QPalette.ColorRole.Mid: c.grid,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return p


def _stylesheet(c: Colours) -> str:
    return f"""
    QListWidget#navRail {{ background: {c.surface}; border: none; border-right: 1px solid {c.grid};
        font-size: 11.5pt; padding-top: 8px; }}
    QListWidget#navRail::item {{ padding: 10px 14px; border-radius: 6px; margin: 2px 8px; }}
    QListWidget#navRail::item:selected {{ background: {c.accent}; color: #ffffff; }}
    QLabel[role="title"] {{ font-size: 18pt; font-weight: 600; }}
    QLabel[role="subtitle"] {{ font-size: 12pt; font-weight: 600; }}
    QLabel[role="muted"] {{ color: {c.muted}; }}
    QLabel[role="error"] {{ color: {c.bad}; }}
    QLabel[role="warning"] {{ color: {c.warn}; }}
    QLabel[role="good"] {{ color: {c.good}; }}
    QLabel[role="badge"] {{ background: {c.warn}; color: #1d2127; border-radius: 8px;
        padding: 1px 8px; font-weight: 600; }}
    QFrame[role="card"] {{ background: {c.surface}; border: 1px solid {c.grid};
        border-radius: 8px; }}
    QPushButton[role="primary"] {{ background: {c.accent}; color: #ffffff; border: none;
        border-radius: 6px; padding: 7px 16px; font-weight: 600; }}
    QPushButton[role="primary"]:disabled {{ background: {c.grid}; color: {c.muted}; }}
    QPushButton[role="danger"] {{ color: {c.bad}; }}
    *[invalid="true"] {{ border: 1px solid {c.bad}; border-radius: 4px; }}
    """
