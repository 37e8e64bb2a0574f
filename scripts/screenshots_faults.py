"""Writes PNGs of the database-fault dialogs, light and dark, into docs/screenshots/fault-*.png."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import screenshots as shots  # the page screenshots' helpers, beside this file

SHOTS = ("damaged", "already-running", "cant-open", "backups", "save-failed")


def make_backups(db: Path) -> None:
    """Seven copies: daily ones, one made by hand, and the newest one damaged too."""
    from alloy_desktop.store import backups

    now = shots.SHOT_TIME.astimezone()
    for days in range(5, 0, -1):
        backups.back_up(db, backups.DAILY, now=now - timedelta(days=days, hours=3))
    backups.back_up(db, backups.MANUAL, now=now - timedelta(days=2, hours=-5))
    newest = backups.back_up(db, backups.DAILY, now=now - timedelta(hours=2))
    newest.path.write_bytes(os.urandom(newest.size))


def grab(app: Any, widget: Any, out: Path, name: str) -> None:
    widget.show()
    shots.settle(app)
    path = out / name
    widget.grab().save(str(path))
    print(path)
    widget.close()


def shoot_damaged(app: Any, folder: Path, home: Path, out: Path, scheme: str) -> None:
    from alloy_desktop.ui.viewmodels.database_backups import DamagedDatabaseViewModel
    from alloy_desktop.ui.views.database_dialogs import DamagedDatabaseDialog

    # The damaged copy where a lifter's would be (the window keeps the sound one open).
    damaged = home / ".local" / "share" / "Alloy" / "alloy.db"
    damaged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / "alloy.db", damaged)
    shutil.copytree(folder / "backups", damaged.parent / "backups", dirs_exist_ok=True)
    damaged.write_bytes(os.urandom(damaged.stat().st_size))
    dialog = DamagedDatabaseDialog(DamagedDatabaseViewModel(damaged, "damaged"))
    dialog.resize(720, 540)
    grab(app, dialog, out, f"fault-damaged-{scheme}.png")


def shoot_boxes(app: Any, folder: Path, out: Path, scheme: str) -> None:
    from alloy_desktop.services.storage import Place
    from alloy_desktop.store.faults import Fault
    from alloy_desktop.ui.views.database_dialogs import already_running_box, store_problem_box

    grab(app, already_running_box(folder), out, f"fault-already-running-{scheme}.png")
    busy = Place(str(folder / "alloy.db"), is_file=True).error(Fault.BUSY)
    grab(app, store_problem_box(busy.message), out, f"fault-cant-open-{scheme}.png")


def shoot_backups(app: Any, window: Any, out: Path, scheme: str) -> None:
    from alloy_desktop.ui.views.database_dialogs import DatabaseBackupsDialog

    dialog = DatabaseBackupsDialog(window.session, window.settings, window)
    dialog.resize(760, 560)
    shots.settle(app)
    dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
    grab(app, dialog, out, f"fault-backups-{scheme}.png")


def shoot_save_failed(app: Any, window: Any, out: Path, scheme: str) -> None:
    """The logger mid-workout when the disk turns read-only: the sets stay, a sentence says why."""
    from sqlalchemy import event

    from alloy_desktop.ui.viewmodels.workout_logger import REPS, WEIGHT, choice_from_movement

    page = window.show_page("log")
    vm = page.vm
    if not vm.is_running:
        vm.start_custom("Push day")
        shots.settle(app)
    if not vm.exercises:
        found = window.session.me.library.search("Barbell Bench Press - Medium Grip", limit=1)
        vm.add_exercise(choice_from_movement(found[0]))
        shots.settle(app)
    engine = window.session.alloy.context.db.engine

    def _read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only=1")

    key = vm.exercises[0].key
    for index, weight in enumerate(("80", "82.5")):
        if index == 1:  # the disk turns read-only between the first set and the second
            event.listen(engine, "connect", _read_only)
            engine.dispose()
        vm.enter(key, index, WEIGHT, weight)
        vm.enter(key, index, REPS, "5")
        vm.set_done(key, index, True)
        shots.settle(app)
        app.thread().msleep(400)  # past the draft's debounce: the write happens, and fails
        shots.settle(app)
    shots.save(app, window, out, f"fault-save-failed-{scheme}.png")
    event.remove(engine, "connect", _read_only)
    engine.dispose()
    vm.discard()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--shots", nargs="*", default=list(SHOTS), help=", ".join(SHOTS))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.api import Alloy
    from alloy_desktop.demo import ensure_demo
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
    from alloy_desktop.ui.views.main_window import MainWindow
    from alloy_desktop.ui.widgets import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="shots-") as tmp:
        folder = Path(tmp) / "Alloy"  # what the dialogs show as the data folder
        folder.mkdir()
        home = Path(tmp) / "home" / "sam"
        alloy = Alloy.open(folder / "alloy.db", data_dir=folder, clock=lambda: shots.SHOT_TIME)
        token = ensure_demo(alloy).token
        make_backups(folder / "alloy.db")
        for scheme in ("light", "dark"):
            theme.apply(app, dark=scheme == "dark")  # type: ignore[arg-type]
            settings = QSettings(str(folder / f"{scheme}.ini"), QSettings.Format.IniFormat)
            session = AppSession(alloy, InlineTaskRunner())
            window = MainWindow(session, settings)
            window.resize(1280, 800)
            session.resume(token)
            window.show()
            if "damaged" in args.shots:
                shoot_damaged(app, folder, home, args.out, scheme)
            if {"already-running", "cant-open"} & set(args.shots):
                shoot_boxes(app, folder, args.out, scheme)
            if "backups" in args.shots:
                shoot_backups(app, window, args.out, scheme)
            if "save-failed" in args.shots:
                shoot_save_failed(app, window, args.out, scheme)
            window.close()
        alloy.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # as screenshots.py: skip a finalisation crash after every file is written
