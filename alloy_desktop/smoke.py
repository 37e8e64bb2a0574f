"""`alloy --smoke`: fresh data folder, migrate, seed, demo user, open every page once, exit 0."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path


def run_smoke(data_dir: Path | None = None) -> int:
    """Returns 0 when every step works; otherwise prints the failing step and returns 1."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="alloy-smoke-") as tmp:
        folder = data_dir or Path(tmp)
        step = "start"
        try:
            step = "open database (migrate and seed)"
            from alloy_desktop.api import Alloy

            alloy = Alloy.open(folder / "alloy.db", data_dir=folder)
            counts = alloy.context.db.reference_counts()
            _say(f"database ready: {counts}")
            step = "create the demo lifter and program"
            from alloy_desktop.demo import ensure_demo

            demo = ensure_demo(alloy)
            _say(f"demo user ready ({demo.workouts} workouts logged)")
            step = "open every page"
            _open_pages(alloy, demo.token, folder)
            alloy.close()
        except BaseException as exc:  # noqa: BLE001 - the smoke test reports every failure
            print(f"SMOKE FAILED at step '{step}': {exc}", file=sys.stderr)
            traceback.print_exc()
            return 1
    _say(f"smoke test passed in {time.perf_counter() - started:.1f} s")
    return 0


def _open_pages(alloy: object, token: str, folder: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
    from alloy_desktop.ui.views.main_window import PAGES, MainWindow
    from alloy_desktop.ui.widgets import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)  # type: ignore[arg-type]
    session = AppSession(alloy, InlineTaskRunner())  # type: ignore[arg-type]
    window = MainWindow(session, QSettings(str(folder / "smoke.ini"), QSettings.Format.IniFormat))
    if not session.resume(token):
        raise RuntimeError("the demo user's token was refused")
    window.show()
    for spec in PAGES:
        window.show_page(spec.key)
        app.processEvents()
        if window.stack.currentWidget() is not window.page(spec.key):
            raise RuntimeError(f"page {spec.title} did not show")
        _say(f"page ok: {spec.title}")
    window.close()


def _say(text: str) -> None:
    print(f"[smoke] {text}", flush=True)
