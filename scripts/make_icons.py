"""Renders resources/icons/alloy.svg to the PNG and ICO files the window and the bundle use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "alloy.svg"))
    for size in (256, 64):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"alloy-{size}.png"))
        if size == 256:
            image.save(str(ICONS / "alloy.ico"))
    print("\n".join(str(p) for p in sorted(ICONS.iterdir())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
