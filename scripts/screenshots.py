"""Writes a PNG of every page at 1280x800, light and dark, from demo data (make screenshots)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHOT_TIME = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--pages", nargs="*", default=None, help="page keys (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.api import Alloy
    from alloy_desktop.demo import ensure_demo
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
    from alloy_desktop.ui.views.main_window import PAGES, MainWindow
    from alloy_desktop.ui.widgets import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        # A fixed Monday afternoon: the demo lifter trains that day, so Today shows a session.
        alloy = Alloy.open(Path(tmp) / "alloy.db", data_dir=Path(tmp), clock=lambda: SHOT_TIME)
        token = ensure_demo(alloy).token
        keys = args.pages or [spec.key for spec in PAGES]
        for scheme in ("light", "dark"):
            theme.apply(app, dark=scheme == "dark")  # type: ignore[arg-type]
            session = AppSession(alloy, InlineTaskRunner())
            settings = QSettings(str(Path(tmp) / f"{scheme}.ini"), QSettings.Format.IniFormat)
            window = MainWindow(session, settings)
            window.resize(1280, 800)
            session.resume(token)
            window.show()
            for key in keys:
                window.show_page(key)
                for _ in range(5):
                    app.processEvents()
                path = args.out / f"{key}-{scheme}.png"
                window.grab().save(str(path))
                print(path)
            window.close()
        alloy.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Skip interpreter finalisation: PySide 6.12 can crash while garbage-collecting at exit,
    # after every file is written, which would turn a good run into a failure.
    os._exit(code)
