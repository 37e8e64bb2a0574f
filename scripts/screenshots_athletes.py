"""Writes PNGs of the Athletes page and one athlete (Today, Progress, History), light and dark."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import SHOT_TIME, settle  # the script beside this one

PASSWORD = "correct horse"
OTHERS = (("Rosa Ortega", "rosa@example.com", 72.5), ("Tom Becker", "tom@example.com", 120.0))


def squad(alloy: Any, demo_token: str) -> str:
    """A coach with three athletes: the demo lifter and two with a few weeks of squats."""
    from alloy_desktop.api import schemas

    coach = alloy.for_token(alloy.auth.register("coach@example.com", PASSWORD, "Cam").access_token)
    demo = alloy.for_token(demo_token)
    squat = next(m.id for m in alloy.context.catalog.movements if m.name == "Barbell Squat")
    athletes = [demo]
    for name, email, start in OTHERS:
        athlete = alloy.for_token(alloy.auth.register(email, PASSWORD, name).access_token)
        for week in range(8):
            sets = (schemas.CompletedSet(1, start + 2.5 * week, 5, 8.0),)
            athlete.logs.log_custom_workout(
                schemas.CustomWorkoutLogCreate(
                    (schemas.CustomExercise(squat, sets),),
                    name="Squat day",
                    performed_at=SHOT_TIME - timedelta(days=3 + 7 * (7 - week)),
                )
            )
        athletes.append(athlete)
    for athlete in athletes:
        link = coach.coaching.invite(athlete.user.email)
        athlete.coaching.answer(link.id, accept=True)
    # One invitation still waiting, so the page shows both kinds of line.
    alloy.auth.register("new@example.com", PASSWORD, "Nia")
    coach.coaching.invite("new@example.com")
    return coach.user.email


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from alloy_desktop.api import Alloy
    from alloy_desktop.demo import ensure_demo
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
    from alloy_desktop.ui.views.athletes_view import AthletesView
    from alloy_desktop.ui.widgets import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "alloy.db", data_dir=Path(tmp), clock=lambda: SHOT_TIME)
        email = squad(alloy, ensure_demo(alloy).token)
        for scheme in ("light", "dark"):
            theme.apply(app, dark=scheme == "dark")  # type: ignore[arg-type]
            session = AppSession(alloy, InlineTaskRunner())
            session.resume(alloy.auth.login(email, PASSWORD).access_token)
            page = AthletesView(session)
            page.activate()
            page.resize(1280, 800)
            page.show()
            settle(app)
            page.grab().save(str(args.out / f"athletes-{scheme}.png"))
            # The demo lifter: a program, so Today is a training day (shown without Start).
            demo_row = next(
                row
                for row in range(page.table.rowCount())
                if page.table.item(row, 0).text() == "Sam Demo"  # type: ignore[union-attr]
            )
            page.table.selectRow(demo_row)
            page._open_row(demo_row)
            window = page.windows[-1]
            window.resize(1280, 800)
            window.tabs.setCurrentIndex(0)  # Today, read-only: no Start workout
            settle(app)
            window.grab().save(str(args.out / f"athlete-today-{scheme}.png"))
            window.tabs.setCurrentIndex(1)  # Progress
            settle(app)
            window.grab().save(str(args.out / f"athlete-progress-{scheme}.png"))
            window.tabs.setCurrentIndex(2)  # History, read-only, a workout open
            settle(app)
            window.pages["History"].table.selectRow(0)  # type: ignore[attr-defined]
            settle(app)
            window.grab().save(str(args.out / f"athlete-history-{scheme}.png"))
            window.close()
            page.close()
        alloy.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # as screenshots.py: skip a finalisation crash after every file is written
