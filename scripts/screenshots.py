"""Writes a PNG of every page and dialog, light and dark, from demo data (make screenshots)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHOT_TIME = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
DIALOGS = ("import", "custom-exercise")
VIEWS = ("program-weeks", "log-cardio", "log-prescribed")  # a page in a particular state
ENDURANCE_EMAIL = "runner@alloy.example"
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
# A Strong export as a lifter's would look: lifts the library knows, a misspelt one
# (an unsure match), one it doesn't know (a new custom exercise), treadmill runs
# (activities) and a typo in the reps (a line left out).
STRONG_DAYS = (
    ("Push", (("Bench Press (Barbell)", 80.0, 5), ("Overhead Press (Barbell)", 50.0, 6),
              ("Incline DB Prss", 26.0, 10), ("Zottman Wiggle Thing", 12.0, 12))),
    ("Legs", (("Squat (Barbell)", 110.0, 5), ("Romanian Deadlift (Barbell)", 90.0, 8),
              ("Leg Press", 180.0, 12))),
    ("Pull", (("Deadlift (Barbell)", 140.0, 3), ("Lat Pulldown (Cable)", 60.0, 10),
              ("Bent Over Row (Barbell)", 70.0, 8))),
)  # fmt: skip


def write_strong_export(path: Path, first: date, weeks: int = 16) -> None:
    """A few months of push/legs/pull in Strong's layout, with a bad line and a run."""
    lines = [STRONG_HEADER]
    for week in range(weeks):
        for offset, (name, lifts) in zip((0, 2, 4), STRONG_DAYS, strict=True):
            day = first + timedelta(days=7 * week + offset)
            stamp = f"{day.isoformat()} 17:30:00"
            for exercise, weight, reps in lifts:
                load = weight + 2.5 * (week // 2)
                for order in range(1, 4):
                    lines.append(f"{stamp},{name},1h 5m,{exercise},{order},{load},{reps},0,0,,,8")
            if offset == 4:
                lines.append(f"{stamp},{name},1h 5m,Running (Treadmill),1,0,0,3,1200,,,")
    typo = f"{first.isoformat()} 17:30:00,Push,1h 5m,Bench Press (Barbell),4,80,10000,0,0,,,8"
    lines.insert(17, typo)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def shoot_dialogs(
    app: Any, window: Any, keys: list[str], out: Path, scheme: str, tmp: Path
) -> None:
    """The import dialog with a preview loaded, and the custom exercise editor."""
    from alloy_desktop.ui.views.custom_exercise_dialog import CustomExerciseDialog
    from alloy_desktop.ui.views.import_dialog import ImportDialog

    dialogs: dict[str, Any] = {}
    if "import" in keys:
        export = tmp / "strong.csv"
        write_strong_export(export, date(2026, 3, 2))
        dialog = ImportDialog(window.session, window)
        dialog.read(str(export))
        dialogs["import"] = dialog
    if "custom-exercise" in keys:
        dialogs["custom-exercise"] = CustomExerciseDialog(
            window.session, None, "Landmine press", window
        )
    for key, dialog in dialogs.items():
        dialog.show()
        for _ in range(5):
            app.processEvents()
        path = out / f"{key}-{scheme}.png"
        dialog.grab().save(str(path))
        print(path)
        dialog.close()


def settle(app: Any) -> None:
    """Lets layouts, lazy loads and repaints run before a grab."""
    for _ in range(5):
        app.processEvents()


def save(app: Any, window: Any, out: Path, name: str) -> None:
    settle(app)
    path = out / name
    window.grab().save(str(path))
    print(path)


def endurance_token(alloy: Any) -> str:
    """A second lifter training for endurance alone (3 days, an hour): runs, rows, rides."""
    from alloy_desktop.api import schemas

    token = alloy.auth.register(ENDURANCE_EMAIL, "correct horse battery", "Robin Runner")
    me = alloy.for_token(token.access_token)
    me.settings.update_profile(
        schemas.ProfileUpdate(scheduling=schemas.SchedulingPreferences(3, (0, 2, 4), 60))
    )
    me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("ENDURANCE", 10),), duration_weeks=8)
    )
    return str(token.access_token)


def shoot_program_weeks(app: Any, window: Any, out: Path, scheme: str) -> None:
    """The active program's first session of the week, week by week."""
    page = window.show_page("program")
    settle(app)
    page.detail.views.setCurrentWidget(page.detail.weeks)
    save(app, window, out, f"program-weeks-{scheme}.png")


def shoot_log_cardio(app: Any, window: Any, out: Path, scheme: str) -> None:
    """The runner halfway into today's endurance session: drills done, the ride next."""
    from alloy_desktop.ui.viewmodels.work import CARDIO, DRILL

    page = window.show_page("log")
    page.start_session(window.session.today())
    settle(app)
    vm = page.vm
    ride = None
    for ex in vm.exercises:
        if ex.kind == DRILL:
            for index in range(len(ex.sets)):
                vm.set_done(ex.key, index, True)
        if ex.kind == CARDIO:
            vm.enter(ex.key, 0, "distance", "21.5")
            ride = page.cards[ex.key]
    vm.rest.skip()
    settle(app)
    if ride is not None:  # the ride at the top, the stretches after it below
        page.scroll_area.verticalScrollBar().setValue(
            ride.mapTo(page.cards_box.parentWidget(), ride.rect().topLeft()).y() - 8
        )
    save(app, window, out, f"log-cardio-{scheme}.png")
    vm.discard()


def shoot_log_prescribed(app: Any, window: Any, out: Path, scheme: str) -> None:
    """The demo lifter between sets of today's first barbell lift: warm-ups logged, the
    first working set a point and a half harder than planned, the next one adjusted."""
    page = window.show_page("log")
    page.start_session(window.session.today())
    settle(app)
    vm = page.vm
    lift = next(
        (ex for ex in vm.exercises if ex.warmup and any(s.planned_load for s in ex.sets)), None
    )
    if lift is None:
        print("log-prescribed: no prescribed barbell lift today", file=sys.stderr)
        vm.discard()
        return
    vm.log_warmups(lift.key)
    harder = min(10.0, (lift.planned_rpe or 8.0) + 1.5)
    vm.enter(lift.key, 0, "rpe", f"{harder:g}")
    vm.set_done(lift.key, 0, True)
    settle(app)
    card = page.cards[lift.key]
    holder = page.cards_box.parentWidget()
    page.scroll_area.verticalScrollBar().setValue(card.mapTo(holder, card.rect().topLeft()).y() - 8)
    save(app, window, out, f"log-prescribed-{scheme}.png")
    vm.discard()


def shoot_views(
    app: Any, alloy: Any, window: Any, keys: list[str], out: Path, scheme: str, tmp: Path
) -> None:
    """Pages in a state worth showing: the weeks table, and a cardio session being logged."""
    from PySide6.QtCore import QSettings

    from alloy_desktop.api.errors import AuthError
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
    from alloy_desktop.ui.views.main_window import MainWindow

    if "program-weeks" in keys:
        shoot_program_weeks(app, window, out, scheme)
    if "log-prescribed" in keys:
        shoot_log_prescribed(app, window, out, scheme)
    if "log-cardio" in keys:
        try:
            token = alloy.auth.login(ENDURANCE_EMAIL, "correct horse battery").access_token
        except AuthError:  # not made yet: the first scheme makes them
            token = endurance_token(alloy)
        session = AppSession(alloy, InlineTaskRunner())
        settings = QSettings(str(tmp / f"runner-{scheme}.ini"), QSettings.Format.IniFormat)
        runner = MainWindow(session, settings)
        runner.resize(1280, 800)
        session.resume(token)
        runner.show()
        shoot_log_cardio(app, runner, out, scheme)
        runner.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument(
        "--pages",
        nargs="*",
        default=None,
        help=f"page keys or {', '.join(DIALOGS + VIEWS)} (default: all)",
    )
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
        keys = args.pages or [spec.key for spec in PAGES] + list(DIALOGS + VIEWS)
        for scheme in ("light", "dark"):
            theme.apply(app, dark=scheme == "dark")  # type: ignore[arg-type]
            session = AppSession(alloy, InlineTaskRunner())
            settings = QSettings(str(Path(tmp) / f"{scheme}.ini"), QSettings.Format.IniFormat)
            window = MainWindow(session, settings)
            window.resize(1280, 800)
            session.resume(token)
            window.show()
            for key in (k for k in keys if k not in DIALOGS + VIEWS):
                window.show_page(key)
                save(app, window, args.out, f"{key}-{scheme}.png")
            shoot_dialogs(app, window, keys, args.out, scheme, Path(tmp))
            shoot_views(app, alloy, window, keys, args.out, scheme, Path(tmp))
            window.close()
        alloy.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Skip interpreter finalisation: PySide 6.12 can crash while garbage-collecting at exit,
    # after every file is written, which would turn a good run into a failure.
    os._exit(code)
