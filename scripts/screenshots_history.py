"""Writes PNGs of History, Routines and the body weight card, light and dark, from demo data."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import SHOT_TIME, save, settle  # the script beside this one

SHOTS = ("history", "routine", "bodyweight")
SCHEDULED = "Arms and core"


def hand_built_routine(alloy: Any, token: str) -> None:
    """A routine made by hand, scheduled on Saturdays, with a superset and a note."""
    from alloy_desktop.api import schemas

    me = alloy.for_token(token)
    if any(r.name == SCHEDULED for r in me.routines.list()):
        return
    ids = {m.name: m.id for m in alloy.context.catalog.movements}
    exercise = schemas.RoutineExerciseInput
    me.routines.create(
        schemas.RoutineCreate(
            SCHEDULED,
            (
                exercise(ids["Pullups"], 4, 6, 10, rpe=8, rest_seconds=150),
                exercise(ids["Barbell Curl"], 3, 8, 12, rpe=8, superset_group=1),
                exercise(ids["Triceps Pushdown"], 3, 10, 15, load_kg=30, superset_group=1),
                exercise(ids["Plank"], 3, 45, rest_seconds=60, notes="Brace, don't sag"),
            ),
            "Saturday top-up: supersets keep it under 45 minutes.",
            (5,),
        )
    )


def shoot_history(app: Any, window: Any, out: Path, scheme: str) -> None:
    """The list with a workout that set records open, a set chosen for editing."""
    page = window.show_page("history")
    settle(app)
    rows = page.vm.model.rows
    chosen = next((r for r in rows if r.records), rows[0] if rows else None)
    if chosen is not None:
        row = page.vm.model.position(chosen.id)
        page.table.selectRow(row)
        settle(app)
        top = page.sets.topLevelItem(0)
        if top is not None and top.childCount():
            page.sets.setCurrentItem(top.child(top.childCount() - 1))
    save(app, window, out, f"history-{scheme}.png")


def shoot_routine(app: Any, window: Any, out: Path, scheme: str) -> None:
    """The hand-built, scheduled routine open in the editor."""
    page = window.show_page("routines")
    settle(app)
    found = next((r.id for r in page.vm.routines if r.name == SCHEDULED), None)
    if found is not None:
        page.vm.select(found)
    save(app, window, out, f"routine-{scheme}.png")


def shoot_body_weight(app: Any, window: Any, out: Path, scheme: str) -> None:
    """The Progress page with the body weight card beside the e1RM trend."""
    window.show_page("progress")
    save(app, window, out, f"bodyweight-{scheme}.png")


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

    shooters = {"history": shoot_history, "routine": shoot_routine, "bodyweight": shoot_body_weight}
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "alloy.db", data_dir=Path(tmp), clock=lambda: SHOT_TIME)
        token = ensure_demo(alloy).token
        hand_built_routine(alloy, token)
        for scheme in ("light", "dark"):
            theme.apply(app, dark=scheme == "dark")  # type: ignore[arg-type]
            session = AppSession(alloy, InlineTaskRunner())
            settings = QSettings(str(Path(tmp) / f"{scheme}.ini"), QSettings.Format.IniFormat)
            window = MainWindow(session, settings)
            window.resize(1280, 800)
            session.resume(token)
            window.show()
            for key in args.shots:
                shooters[key](app, window, args.out, scheme)
            window.close()
        alloy.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # as screenshots.py: skip a finalisation crash after every file is written
