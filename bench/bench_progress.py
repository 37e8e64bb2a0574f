"""Prints how long the Progress page takes to open over 150,000 logged sets (target: < 150 ms)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import E1RMFormula
from alloy_desktop.domain.metrics import estimate_e1rm, is_hard_set
from alloy_desktop.services import day_bests
from alloy_desktop.store.models import LoggedSet, TopSetLog, WorkoutLog
from alloy_desktop.ui.viewmodels.progress import Span
from alloy_desktop.ui.viewmodels.session import LOGS, AppSession
from alloy_desktop.ui.viewmodels.tasks import TaskRunner
from alloy_desktop.ui.views.progress_view import ProgressView

TARGET_MS = 150.0
TOTAL_SETS = 150_000
YEARS = 10
WORKOUTS_PER_WEEK = 4
MOVEMENTS_PER_WORKOUT = 4
RUNS = 7
CHUNK = 10_000  # rows per executemany
# name -> starting e1RM (kg); a handful of barbell staples, as a real log would hold.
MOVEMENTS: dict[str, float] = {
    "Barbell Squat": 100.0,
    "Barbell Bench Press - Medium Grip": 80.0,
    "Barbell Deadlift": 130.0,
    "Standing Military Press": 50.0,
    "Bent Over Barbell Row": 70.0,
    "Romanian Deadlift": 90.0,
}


def _workout_days(now: datetime) -> list[datetime]:
    """About four training days a week (Mon, Tue, Thu, Sat) for ten years, up to yesterday."""
    start = now - timedelta(days=365 * YEARS)
    days = []
    day = start
    while day < now - timedelta(days=1):
        if day.weekday() in (0, 1, 3, 5):
            days.append(day.replace(hour=17, minute=30, second=0, microsecond=0))
        day += timedelta(days=1)
    return days


def _sets_for(
    workout_id: int, user_id: int, at: datetime, plan: list[tuple[int, float]], per: int
) -> Iterator[dict[str, Any]]:
    rng = random.Random(workout_id)
    for movement_id, e1rm in plan:
        for number in range(1, per + 1):
            reps = rng.choice((3, 5, 5, 8, 10))
            rpe = rng.choice((None, 6.5, 7.0, 8.0, 9.0))
            weight = round(e1rm / (1 + reps / 30) * rng.uniform(0.85, 1.0) / 2.5) * 2.5
            yield {
                "workout_log_id": workout_id,
                "user_id": user_id,
                "movement_id": movement_id,
                "session_exercise_id": None,
                "set_number": number,
                "weight_kg": weight,
                "reps": reps,
                "rpe": rpe,
                "e1rm_kg": estimate_e1rm(weight, reps, E1RMFormula.EPLEY, rpe),
                "formula": E1RMFormula.EPLEY,
                "is_hard": is_hard_set(rpe, reps),
                "performed_at": at,
            }


def _top_sets(sets: list[dict[str, Any]], patterns: Mapping[int, object]) -> list[dict[str, Any]]:
    """One TopSetLog row per workout and movement (its best e1RM set), as logging writes them."""
    best: dict[tuple[int, int], dict[str, Any]] = {}
    for row in sets:
        key = (row["workout_log_id"], row["movement_id"])
        if key not in best or row["e1rm_kg"] > best[key]["e1rm_kg"]:
            best[key] = row
    keep = ("user_id", "workout_log_id", "movement_id", "weight_kg", "reps", "rpe", "e1rm_kg",
            "performed_at")  # fmt: skip
    return [
        {**{k: row[k] for k in keep}, "pattern": patterns[row["movement_id"]]}
        for row in best.values()
    ]


def populate(alloy: Alloy, me: UserApi) -> int:
    """Inserts ten years of workouts, 150,000 sets and their top sets in bulk via the store."""
    catalog = {m.name: m for m in alloy.context.catalog.movements}
    ids = [(catalog[name].id, start) for name, start in MOVEMENTS.items()]
    patterns = {catalog[name].id: catalog[name].pattern for name in MOVEMENTS}
    days = _workout_days(alloy.context.now())
    per_set = max(1, round(TOTAL_SETS / (len(days) * MOVEMENTS_PER_WORKOUT)))
    user_id = me.user.id
    with alloy.context.db.sessions.begin() as s:
        headers = [
            {"user_id": user_id, "name": "Training", "performed_at": at, "total_volume_kg": 0.0}
            for at in days
        ]
        statement = insert(WorkoutLog).returning(WorkoutLog.id, sort_by_parameter_order=True)
        workout_ids = list(s.scalars(statement, headers))
        rows: list[dict[str, Any]] = []
        total = 0
        for index, (workout_id, at) in enumerate(zip(workout_ids, days, strict=True)):
            growth = 1 + 0.6 * index / len(days)  # slow, steady progress over the decade
            plan = [ids[(index + k) % len(ids)] for k in range(MOVEMENTS_PER_WORKOUT)]
            scaled = [(mid, start * growth) for mid, start in plan]
            rows.extend(_sets_for(workout_id, user_id, at, scaled, per_set))
            if len(rows) >= CHUNK or index == len(days) - 1:
                s.execute(insert(LoggedSet), rows)
                s.execute(insert(TopSetLog), _top_sets(rows, patterns))
                total += len(rows)
                rows = []
        # The e1RM day bests are derived rows the app writes with every logged set.
        day_bests.rebuild(s, user_id)
    return total


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def until(start: float, action: Callable[[], object], signals: list[SignalInstance]) -> list[float]:
    """Runs `action`, then the event loop until every signal has fired once; ms from `start`."""
    loop = QEventLoop()
    fired: dict[int, float] = {}

    def slot_for(index: int) -> Callable[..., None]:
        def hit(*_: object) -> None:
            fired.setdefault(index, (time.perf_counter() - start) * 1000)
            if len(fired) == len(signals):
                loop.quit()

        return hit

    slots = [slot_for(i) for i in range(len(signals))]
    for signal, slot in zip(signals, slots, strict=True):
        signal.connect(slot)
    action()
    if len(fired) < len(signals):
        QTimer.singleShot(60_000, loop.quit)  # a guard, never reached unless something hangs
        loop.exec()
    for signal, slot in zip(signals, slots, strict=True):
        signal.disconnect(slot)
    return [fired[i] for i in range(len(signals))]


def open_page(session: AppSession) -> tuple[ProgressView, float, float]:
    """Builds and activates the page; ms until the e1RM chart is drawn and until all cards are."""
    start = time.perf_counter()
    view = ProgressView(session)
    view.resize(1090, 750)
    vm = view.vm
    # The view connected its slots first, so each signal here fires after its setData.
    trend, weekly = until(start, view.activate, [vm.trend_changed, vm.weekly_changed])
    return view, trend, weekly


def revisit(session: AppSession, view: ProgressView) -> tuple[float, float]:
    """A later visit after a workout was logged: the page exists; fetch and setData only."""
    view.vm.active = False
    session.notify(LOGS)  # marks the page stale, as logging a workout elsewhere does
    trend, weekly = until(
        time.perf_counter(), view.activate, [view.vm.trend_changed, view.vm.weekly_changed]
    )
    return trend, weekly


def switch(
    action: Callable[[], object], reset: Callable[[], object], signals: list[SignalInstance]
) -> list[list[float]]:
    """Per run, ms until each signal fired after `action`; `reset` runs untimed before each."""
    runs = []
    for _ in range(RUNS):
        reset()
        runs.append(until(time.perf_counter(), action, signals))
    return runs


def settle(runner: TaskRunner) -> None:
    """Lets queued fetches finish and their results land, outside any timing."""
    runner.wait()
    QApplication.processEvents()


def report(label: str, samples: list[float], target: float | None = TARGET_MS) -> None:
    median = statistics.median(samples)
    aim = f"  (target < {target:.0f} ms{', ok' if median < target else ', OVER'})" if target else ""
    print(f"{label:<52} {median:7.1f} ms  min {min(samples):6.1f}{aim}")


def bench_open(session: AppSession, runner: TaskRunner) -> ProgressView:
    first = open_page(session)[0]  # warm imports and SQLite's page cache once
    settle(runner)
    first.deleteLater()
    charts, pages, paints = [], [], []
    for _ in range(RUNS):
        view, chart_ms, page_ms = open_page(session)
        charts.append(chart_ms)
        pages.append(page_ms)
        paints.append(timed(view.grab))
        settle(runner)
        view.deleteLater()
    report("first visit, 1 year: e1RM chart drawn", charts)
    report("first visit, 1 year: every card filled", pages, None)
    report("  then a full paint at 1090x750", paints, None)
    view = open_page(session)[0]
    settle(runner)
    visits = [revisit(session, view) for _ in range(RUNS)]
    report("later visit, 1 year: e1RM chart drawn", [v[0] for v in visits])
    report("later visit, 1 year: every card filled", [v[1] for v in visits], None)
    return view


def bench_switches(view: ProgressView, runner: TaskRunner) -> None:
    vm = view.vm

    def to_year() -> None:
        vm.set_span(Span.YEAR)
        settle(runner)
        vm._weekly_cache.clear()  # the first visit to "All" has to fetch its weeks

    spans = switch(lambda: vm.set_span(Span.ALL), to_year, [vm.trend_changed, vm.weekly_changed])
    report("range to All (10 years): e1RM chart drawn", [r[0] for r in spans])
    report("range to All (10 years): weekly bars drawn", [r[1] for r in spans], None)
    vm.set_span(Span.ALL)
    settle(runner)
    first = vm.movement_id
    other = next(m for m, _ in vm.movements if m != first)
    assert first is not None

    def back() -> None:
        vm.select_movement(first)
        settle(runner)

    moves = switch(lambda: vm.select_movement(other), back, [vm.trend_changed])
    report("another movement, All: e1RM chart drawn", [r[0] for r in moves])

    def epley() -> None:
        vm.set_formula(E1RMFormula.EPLEY)
        settle(runner)

    for formula in (E1RMFormula.BRZYCKI, E1RMFormula.LOMBARDI):
        runs = switch(partial(vm.set_formula, formula), epley, [vm.trend_changed])
        report(f"formula {formula.value.title()}, All: e1RM chart drawn", [r[0] for r in runs])


def bench_api(me: UserApi, squat: int) -> None:
    trend = [timed(partial(me.logs.e1rm_trend, squat, E1RMFormula.EPLEY)) for _ in range(RUNS)]
    report("  api alone: e1rm_trend, all time", trend, None)
    for weeks in (52, 520):
        weekly = [timed(partial(me.logs.weekly_hard_sets, weeks)) for _ in range(RUNS)]
        report(f"  api alone: weekly_hard_sets, {weeks} weeks", weekly, None)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "bench.db")
        token = alloy.auth.register("bench@example.com", "correct horse", "Bench")
        runner = TaskRunner()  # the app's thread pool, as the window uses it
        session = AppSession(alloy, runner)
        session.resume(token.access_token)
        started = time.perf_counter()
        count = populate(alloy, session.me)
        print(f"inserted {count:,} sets in {time.perf_counter() - started:.1f} s")
        me = session.me
        squat = next(m.id for m in alloy.context.catalog.movements if m.name == "Barbell Squat")
        print(f"daily points of one movement, all time: {len(me.logs.e1rm_trend(squat)):,}")
        view = bench_open(session, runner)
        bench_switches(view, runner)
        bench_api(me, squat)
        settle(runner)
        view.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        alloy.close()
    del app


if __name__ == "__main__":
    main()
