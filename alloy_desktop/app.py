"""Command-line entry: parses options, opens the data folder's database and shows the window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alloy_desktop import __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.api import Alloy
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.views.main_window import MainWindow

log = logging.getLogger("alloy")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options every way of starting Alloy shares."""
    parser = argparse.ArgumentParser(prog="alloy", description="Alloy, an offline strength coach.")
    parser.add_argument(
        "--data-dir", type=Path, help="folder holding alloy.db (default: user data)"
    )
    parser.add_argument("--demo", action="store_true", help="sign in as a demo lifter with history")
    parser.add_argument("--exit-after-paint", action="store_true", help="quit after first paint")
    parser.add_argument(
        "--smoke", action="store_true", help="self-test on a fresh data folder, then exit"
    )
    parser.add_argument("--version", action="version", version=f"Alloy {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Starts the desktop app; returns the process exit code."""
    args = parse_args(argv)
    if args.smoke:
        from alloy_desktop.smoke import run_smoke

        return run_smoke(args.data_dir)
    from alloy_desktop.paths import data_dir, database_path

    folder = data_dir(args.data_dir)
    _log_to(folder)
    app = _qt_app()
    from alloy_desktop.api import Alloy

    alloy = Alloy.open(database_path(folder), data_dir=folder)
    try:
        return _run(app, alloy, folder, args)
    finally:
        alloy.close()


def _run(app: QApplication, alloy: Alloy, folder: Path, args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSettings, QTimer

    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import TaskRunner
    from alloy_desktop.ui.views.main_window import MainWindow
    from alloy_desktop.ui.widgets import theme

    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    theme.apply(app, _scheme(settings))
    runner = TaskRunner()
    session = AppSession(alloy, runner)
    window = MainWindow(session, settings)
    if not _sign_in(session, settings, window, args.demo):
        return 0
    if args.exit_after_paint:
        window.first_paint.connect(lambda: QTimer.singleShot(0, app.quit))
    window.show()
    code = app.exec()
    runner.wait()
    return int(code)


def _sign_in(session: AppSession, settings: QSettings, window: MainWindow, demo: bool) -> bool:
    if demo:
        from alloy_desktop.demo import ensure_demo

        result = ensure_demo(session.alloy)
        return session.resume(result.token)
    from alloy_desktop.ui.views.auth_dialogs import ask_for_user

    return ask_for_user(session, settings, window)


def _qt_app() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Alloy")
    app.setOrganizationName("Alloy")
    app.setApplicationVersion(__version__)
    from PySide6.QtGui import QIcon

    from alloy_desktop.resources import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "alloy-256.png")))
    return app


def _scheme(settings: QSettings) -> bool | None:
    value = str(settings.value("window/scheme", "system"))
    return {"dark": True, "light": False}.get(value)


def _log_to(folder: Path) -> None:
    logging.basicConfig(
        filename=folder / "alloy.log",
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


if __name__ == "__main__":
    raise SystemExit(main())
