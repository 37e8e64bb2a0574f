"""`alloy --smoke`: fresh data folder, migrate, seed, demo user, render every page once, exit 0."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


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
            step = "Qt text services (ICU collation, case mapping, time zone names)"
            _check_text_services()
            step = "render every page"
            _open_pages(alloy, demo.token, folder)
            step = "the PostgreSQL driver for shared mode"
            _check_shared_mode_driver()
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
        page = window.page(spec.key)
        if window.stack.currentWidget() is not page:
            raise RuntimeError(f"page {spec.title} did not show")
        # grab() paints every widget of the page, where a missing module or library would fail.
        page.grab()
        points = _chart_points(page)
        _say(f"page ok: {spec.title}" + (f" ({points} points charted)" if points else ""))
        if points == 0:
            raise RuntimeError(f"page {spec.title}: its charts drew no data")
    window.close()


def _check_shared_mode_driver() -> None:
    # Where the system has libpq, shared mode must work: the bundle ships psycopg for it.
    import ctypes.util

    if ctypes.util.find_library("pq") is None:
        _say("shared mode: no libpq on this system (apt-get install libpq5); skipped")
        return
    import psycopg
    from sqlalchemy.dialects.postgresql import psycopg as dialect

    _say(f"shared mode driver ready: psycopg {psycopg.__version__} ({dialect.__name__})")


def _chart_points(page: QWidget) -> int | None:
    """Points across the page's pyqtgraph plots; None on a page without plots."""
    import pyqtgraph as pg

    plots = page.findChildren(pg.PlotWidget)
    if not plots:
        return None
    total = 0
    for plot in plots:
        for item in plot.getPlotItem().listDataItems():
            x, _ = item.getData()
            total += 0 if x is None else len(x)
    return total


def _check_text_services() -> None:
    # The bundle keeps only the ICU data Qt reads (alloy.spec); these are the services that use it.
    from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone

    if QCollator(QLocale("sv_SE")).compare("å", "z") <= 0:
        raise RuntimeError("Swedish collation lost its tailoring (å sorts before z)")
    if QLocale(QLocale.Language.Turkish).toUpper("i") != "İ":
        raise RuntimeError("Turkish case mapping failed")
    berlin = QTimeZone(b"Europe/Berlin")
    name = berlin.displayName(
        QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("en_US")
    )
    # Qt knows zones from the system's tzdata; a machine without it has no name to check.
    if berlin.isValid() and name != "Central European Standard Time":
        raise RuntimeError(f"time zone name for Europe/Berlin is {name!r}")
    if not QStringDecoder("windows-1252").isValid():
        raise RuntimeError("the windows-1252 code page is missing")
    _say("Qt text services ok")


def _say(text: str) -> None:
    print(f"[smoke] {text}", flush=True)
