"""Command-line entry: parses options, opens the data folder's database and shows the window."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alloy_desktop import __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.startup import Opened
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.views.main_window import MainWindow

log = logging.getLogger("alloy")

# What Today's plan reads (the calendar and the logger use them too).
TODAY_SERVICES = ("days", "prescriptions")

# After the first paint, the objects built at start-up rest outside the collector's reach
# for this long, so its first full pass comes once the lifter has the window, not during it.
GC_THAW_MS = 10000

# Today paints without the ORM; it loads in the background this long after the paint, and
# a quit right after the paint waits this long for it rather than tear it down mid-import.
ORM_WARM_UP_MS = 50
ORM_WARM_UP_JOIN_S = 5.0


class StartupGc:
    """Cycle collection paused while the app starts, resumed once it has painted.

    Start-up builds a large graph that lives as long as the app (SQLAlchemy's mappers and
    compiled queries, the api, every Qt wrapper) and makes few cycles to free: the
    collector's passes over it while it grows cost ~0.15 s of a cold start and find
    little. Collection resumes at the first paint, or before any dialog waits for the
    lifter; the start-up objects are frozen then and thawed later, so the first full
    pass does not fall right after the paint either.
    """

    def __init__(self) -> None:
        self._paused = False
        self._frozen = False

    def pause(self) -> None:
        if gc.isenabled():
            gc.disable()
            self._paused = True

    def resume(self) -> None:
        """Collects again, leaving what exists now for thaw()."""
        if not self._paused:
            return
        self._paused = False
        gc.freeze()
        self._frozen = True
        gc.enable()

    def thaw(self) -> None:
        """The start-up objects are the collector's again (cycles among them get freed)."""
        if self._frozen:
            self._frozen = False
            gc.unfreeze()

    def restore(self) -> None:
        self.resume()
        self.thaw()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options every way of starting Alloy shares."""
    parser = argparse.ArgumentParser(prog="alloy", description="Alloy, an offline strength coach.")
    parser.add_argument(
        "--data-dir", type=Path, help="folder holding alloy.db (default: user data)"
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        default=os.environ.get("ALLOY_DATABASE_URL") or None,
        help="a shared PostgreSQL server (postgresql+psycopg://user:password@host/alloy) "
        "instead of alloy.db in the data folder; also ALLOY_DATABASE_URL",
    )
    parser.add_argument("--demo", action="store_true", help="sign in as a demo lifter with history")
    parser.add_argument(
        "--exit-after-paint", action="store_true", help="quit once the first page has painted"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="self-test on a fresh data folder, then exit"
    )
    parser.add_argument("--version", action="version", version=f"Alloy {__version__}")
    # The kill -9 harness (tests/e2e/test_kill_proof.py, bench/bench_kill.py): enter sets
    # through the logger's view-model and print an acknowledgement after each saved one.
    parser.add_argument("--harness", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Starts the desktop app; returns the process exit code."""
    started = time.perf_counter()
    args = parse_args(argv)
    if args.smoke:
        from alloy_desktop.smoke import run_smoke

        return run_smoke(args.data_dir)
    collector = StartupGc()
    collector.pause()
    try:
        return _start(args, started, collector)
    finally:
        collector.restore()


def _start(args: argparse.Namespace, started: float, collector: StartupGc) -> int:
    from alloy_desktop.paths import data_dir

    folder = data_dir(args.data_dir)
    _log_to(folder)
    # The api before Qt: once PySide6 is loaded it scans the source of every module imported
    # after it (looking for "from __feature__"), which costs ~0.05 s over the api's modules.
    # Only the services of Today's plan come with it; every other one loads on first use.
    from alloy_desktop import api, startup

    api.preload(*TODAY_SERVICES)

    lock = startup.acquire_lock(folder)
    if lock is None:
        log.info("another Alloy holds %s: not starting a second one", folder)
        collector.resume()
        startup.tell_already_running(folder, _qt_app)
        return 0
    try:
        code = _open_and_run(folder, args, started, collector)
    finally:
        lock.unlock()
    if args.exit_after_paint:
        _exit_now(code)
    return code


def _open_and_run(
    folder: Path, args: argparse.Namespace, started: float, collector: StartupGc
) -> int:
    from PySide6.QtCore import QSettings

    from alloy_desktop import startup

    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)

    def _app_for_a_dialog() -> QApplication:
        collector.resume()  # the lifter reads and answers now: no start to hurry
        return _styled_app(settings)

    if args.database:
        opened = startup.open_shared(args.database, folder, _app_for_a_dialog)
    else:
        opened = startup.open_database(folder, settings, _app_for_a_dialog)
    if opened is None:
        return 0  # the lifter chose Quit in a start-up dialog
    try:
        return _run(_styled_app(settings), opened, settings, args, started, collector)
    finally:
        opened.alloy.close()


def _run(
    app: QApplication,
    opened: Opened,
    settings: QSettings,
    args: argparse.Namespace,
    started: float,
    collector: StartupGc,
) -> int:
    from PySide6.QtCore import QTimer

    from alloy_desktop.store.lazy import warm_up_orm
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import TaskRunner
    from alloy_desktop.ui.views.main_window import MainWindow

    runner = TaskRunner()
    warm_ups: list[threading.Thread] = []
    session = AppSession(opened.alloy, runner)
    window = MainWindow(session, settings)
    if not _sign_in(session, settings, window, args.demo, collector):
        return 0

    def _on_first_paint() -> None:
        elapsed = (time.perf_counter() - started) * 1000
        log.info("first paint of %s after %.0f ms", window.current_key(), elapsed)
        collector.resume()
        QTimer.singleShot(GC_THAW_MS, collector.thaw)
        QTimer.singleShot(ORM_WARM_UP_MS, lambda: warm_ups.append(warm_up_orm()))
        if args.exit_after_paint:
            QTimer.singleShot(0, app.quit)
        if args.harness:
            from alloy_desktop.harness import drive

            drive(window)

    window.first_paint.connect(_on_first_paint)
    window.show()
    if opened.notice:
        window.status_message.flash(opened.notice)
    code = app.exec()
    runner.wait()
    for thread in warm_ups:
        thread.join(ORM_WARM_UP_JOIN_S)
    settings.sync()
    return int(code)


def _sign_in(
    session: AppSession,
    settings: QSettings,
    window: MainWindow,
    demo: bool,
    collector: StartupGc,
) -> bool:
    if demo:
        from alloy_desktop.demo import ensure_demo

        result = ensure_demo(session.alloy)
        return session.resume(result.token)
    from alloy_desktop.ui.views.main_window import TOKEN_KEY

    # The usual start: a remembered sign-in, which needs none of the dialogs' code.
    token = settings.value(TOKEN_KEY)
    if isinstance(token, str) and token and session.resume(token):
        return True
    from alloy_desktop.ui.views.auth_dialogs import ask_for_user

    collector.resume()  # a dialog waits for the lifter now
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


def _styled_app(settings: QSettings) -> QApplication:
    """The QApplication in the lifter's colours, so start-up dialogs match the window."""
    from alloy_desktop.ui.views.main_window import saved_scheme
    from alloy_desktop.ui.widgets import theme

    app = _qt_app()
    if not app.property("alloy_styled"):
        theme.apply(app, saved_scheme(settings))  # before any dialog, so sign-in is styled too
        app.setProperty("alloy_styled", True)
    return app


def _exit_now(code: int) -> None:
    """Ends the process without tearing the interpreter down (a measured start, not a quit).

    The work is saved, the database closed and the settings written by now; what is left
    is freeing every object one by one (~0.3 s), which no one waits for after a paint test.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _log_to(folder: Path) -> None:
    logging.basicConfig(
        filename=folder / "alloy.log",
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


if __name__ == "__main__":
    raise SystemExit(main())
