"""Prints preview and commit times of 10,000- and 50,000-row Strong exports, then Progress."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from bench_progress import RUNS, open_page, report, settle
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import TaskRunner

TARGET_MS = 2000.0  # preview + commit of a 10,000-row export
PROGRESS_TARGET_MS = 150.0  # the Progress page's own target (bench_progress.py)
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
# A Strong lifter's usual menu, with the names Strong gives them, and starting weights (kg).
EXERCISES = {
    "Squat (Barbell)": 100.0,
    "Bench Press (Barbell)": 80.0,
    "Deadlift (Barbell)": 130.0,
    "Overhead Press (Barbell)": 50.0,
    "Bent Over Row (Barbell)": 70.0,
    "Lat Pulldown (Cable)": 60.0,
    "Bicep Curl (Dumbbell)": 14.0,
    "Triceps Pushdown (Cable - Straight Bar)": 30.0,
    "Leg Press": 180.0,
    "Lateral Raise (Dumbbell)": 10.0,
    "Hip Thrust (Barbell)": 100.0,
    "Landmine Press": 30.0,
}


def strong_export(path: Path, rows: int, seed: int = 7) -> int:
    """Writes a Strong CSV of about `rows` sets (4 exercises x 4-5 sets a workout); its rows."""
    rng = random.Random(seed)
    names = list(EXERCISES)
    lines = [HEADER]
    day = datetime(2026, 11, 1, 17, 30) - timedelta(days=rows // 18 * 2)
    workout = 0
    while len(lines) - 1 < rows:
        when = day.strftime("%Y-%m-%d %H:%M:%S")
        growth = 1 + workout / 2000
        for name in rng.sample(names, 4):
            lines.append(f"{when},Workout {workout % 3},1h 2m,{name},W,20,10,0,0,,,")
            for order in range(1, rng.choice((4, 5))):
                reps = rng.choice((3, 5, 8, 10))
                weight = round(EXERCISES[name] * growth / (1 + reps / 30) / 2.5) * 2.5
                rpe = rng.choice(("", "7", "8", "8.5", "9"))
                cells = f'{name},{order},{weight},{reps},0,0,"ok, fine",,{rpe}'
                lines.append(f"{when},Workout {workout % 3},1h 2m,{cells}")
        day += timedelta(days=2)
        workout += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def timed(fn: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000, result


def bench_rows(tmp: Path, rows: int) -> None:
    previews, commits = [], []
    for run in range(3):
        alloy = Alloy.open(tmp / f"import-{rows}-{run}.db")
        token = alloy.auth.register("bench@example.com", "correct horse", "Bench")
        me = alloy.for_token(token.access_token)
        path = tmp / f"strong-{rows}.csv"
        if not path.exists():
            strong_export(path, rows)
        preview_ms, preview = timed(partial(me.imports.preview, path, unit="KG"))
        commit_ms, result = timed(partial(me.imports.commit, preview))
        previews.append(preview_ms)
        commits.append(commit_ms)
        alloy.close()
    total = [p + c for p, c in zip(previews, commits, strict=True)]
    print(f"{rows:,}-row export: {result.workouts:,} workouts, {result.sets:,} sets")  # type: ignore[attr-defined]
    report(f"  preview ({rows:,} rows)", previews, None)
    report(f"  commit ({rows:,} rows)", commits, None)
    report(f"  preview + commit ({rows:,} rows)", total, TARGET_MS if rows <= 10_000 else None)


def bench_progress_after_import(tmp: Path) -> None:
    """The Progress page right after 50,000 imported sets: as fast as over logged ones."""
    app = QApplication.instance() or QApplication([])
    alloy = Alloy.open(tmp / "progress.db")
    token = alloy.auth.register("bench@example.com", "correct horse", "Bench")
    runner = TaskRunner()
    session = AppSession(alloy, runner)
    session.resume(token.access_token)
    me: UserApi = session.me
    path = tmp / "strong-50k.csv"
    strong_export(path, 60_000)
    result = me.imports.commit(me.imports.preview(path, unit="KG"))
    print(f"imported {result.sets:,} working sets and {result.warmup_sets:,} warm-ups")
    open_page(session)[0].deleteLater()
    settle(runner)
    charts, pages = [], []
    for _ in range(RUNS):
        view, chart_ms, page_ms = open_page(session)
        charts.append(chart_ms)
        pages.append(page_ms)
        settle(runner)
        view.deleteLater()
    report("Progress after import: e1RM chart drawn", charts, PROGRESS_TARGET_MS)
    report("Progress after import: every card filled", pages, None)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    alloy.close()
    del app
    print(f"(median of {RUNS}; {statistics.median(charts):.0f} ms)")


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        bench_rows(tmp, 10_000)
        bench_rows(tmp, 50_000)
        bench_progress_after_import(tmp)


if __name__ == "__main__":
    main()
