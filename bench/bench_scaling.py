"""Prints how the e1RM trend, logging, recovery, adherence and Progress scale: 10k, 150k, 1M sets.

Each size gets its own database file, built by one child process and measured by a fresh one,
so the peak memory printed is what the app itself holds with that history open (the
Progress page included), not what the bulk loader needed. A raw sqlite3 GROUP BY over the
same file's sets is printed beside the api's trend as the anchor: what scanning costs.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_api import (
    BENCH,
    PASSWORD,
    SETS_PER_MOVEMENT,
    Clock,
    bench_logging,
    load_history,
    rotation,
)
from bench_api import (
    median_ms as wall_median_ms,
)

from alloy_desktop.api import Alloy, UserApi, schemas

SIZES = (10_000, 150_000, 1_000_000)
SETS_PER_WEEK = 4 * 8 * SETS_PER_MOVEMENT  # four workouts of eight movements (bench_api)
EMAIL = "bench@example.com"
RUNS = 11
TARGETS = {  # ms, or MB for memory; held at 150,000 sets
    "e1rm_trend": 15.0,
    "log_workout": 10.0,
    "progress_open": 150.0,
    "peak_rss_mb": 200.0,
}
LABELS = {
    "e1rm_trend": "e1RM trend, one movement (api)",
    "anchor_scan": "  anchor: raw sqlite3 GROUP BY over the sets",
    "anchor_days": "  anchor: raw sqlite3 read of the day bests",
    "log_workout": "log a 25-set workout",
    "muscle_recovery": "muscle recovery, all groups",
    "adherence": "adherence of the active program",
    "progress_open": "Progress page open: e1RM chart drawn",
    "peak_rss_mb": "peak RSS with Progress open (MB)",
}


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    """bench_api's median wall time, after its warm-up call."""
    return wall_median_ms(fn, runs)[0]


# --- child: build one database -----------------------------------------------------------


def build(db: Path, sets: int) -> None:
    alloy = Alloy.open(db, clock=Clock())
    try:
        token = alloy.auth.register(EMAIL, PASSWORD, "Bench")
        weeks = max(1, round(sets / SETS_PER_WEEK))
        workouts, written = load_history(alloy, token.user_id, weeks)
        me = alloy.for_token(token.access_token)
        me.programs.create(
            schemas.ProgramCreate(goals=(schemas.GoalWeight("STRENGTH", 10),), duration_weeks=12)
        )
        print(json.dumps({"workouts": workouts, "sets": written}))
    finally:
        alloy.close()


# --- child: measure one database ---------------------------------------------------------


def measure(db: Path) -> None:
    clock = Clock()
    alloy = Alloy.open(db, clock=clock)
    try:
        me = alloy.for_token(alloy.auth.login(EMAIL, PASSWORD).access_token)
        bench = next(m.id for m in alloy.context.catalog.movements if m.name == BENCH)
        figures = {
            "e1rm_trend": median_ms(lambda: me.logs.e1rm_trend(bench)),
            **anchors(db, me.user.id, bench),
            "muscle_recovery": median_ms(me.logs.muscle_recovery),
            "adherence": median_ms(me.logs.adherence),
            "log_workout": bench_logging(me, clock, rotation(alloy)[1])[0],  # wall time
        }
        figures["progress_open"] = progress_open(alloy, me)
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
    finally:
        alloy.close()


def anchors(db: Path, user_id: int, movement_id: int) -> dict[str, float]:
    connection = sqlite3.connect(db)
    try:
        scan = (
            "SELECT date(performed_at) AS d, MAX(e1rm_kg) FROM logged_sets WHERE user_id = ?"
            " AND movement_id = ? AND set_type != 'WARMUP' GROUP BY d ORDER BY d"
        )
        days = (
            "SELECT day, e1rm_kg, weight_kg, reps FROM e1rm_day_bests WHERE user_id = ?"
            " AND movement_id = ? AND formula = 'EPLEY' ORDER BY day"
        )
        args = (user_id, movement_id)
        return {
            "anchor_scan": median_ms(lambda: connection.execute(scan, args).fetchall()),
            "anchor_days": median_ms(lambda: connection.execute(days, args).fetchall()),
        }
    finally:
        connection.close()


def progress_open(alloy: Alloy, me: UserApi) -> float:
    """The page built and activated on the app's thread pool, until its e1RM chart is drawn."""
    from bench_progress import open_page, settle
    from PySide6.QtWidgets import QApplication

    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner()
    session = AppSession(alloy, runner)
    session.resume(alloy.auth.login(EMAIL, PASSWORD).access_token)
    samples = []
    for _ in range(6):  # the first warms imports and the page cache; not counted
        view, chart_ms, _cards = open_page(session)
        settle(runner)
        samples.append(chart_ms)
        view.deleteLater()
    app.processEvents()
    return statistics.median(samples[1:])


# --- parent: the table -------------------------------------------------------------------


def child(*args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=int, metavar="SETS")
    parser.add_argument("--measure", action="store_true")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    if args.build:
        build(args.db, args.build)
        return 0
    if args.measure:
        measure(args.db)
        return 0
    columns: list[tuple[int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            db = Path(tmp) / f"scale-{size}.db"
            started = time.perf_counter()
            made = child("--build", str(size), "--db", str(db))
            print(
                f"built {made['sets']:,} sets ({made['workouts']:,} workouts) "
                f"in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            columns.append((int(made["sets"]), child("--measure", "--db", str(db))))
            db.unlink()
    print_table(columns)
    return 0


def print_table(columns: list[tuple[int, dict[str, float]]]) -> None:
    head = "".join(f"{sets:>12,}" for sets, _ in columns)
    print(f"\n{'ms (median), sets of history:':<46}{head}   target at 150k")
    for key, label in LABELS.items():
        cells = "".join(f"{figures[key]:12.2f}" for _, figures in columns)
        target = TARGETS.get(key)
        aim = "" if target is None else f"   < {target:g}"
        print(f"{label:<46}{cells}{aim}")


if __name__ == "__main__":
    sys.exit(main())
