"""Prints how fast History opens, scrolls and edits over 5,000 workouts and 150,000+ sets."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench_progress import populate
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.domain.enums import E1RMFormula
from alloy_desktop.domain.metrics import estimate_e1rm
from alloy_desktop.services import day_bests
from alloy_desktop.store.models import LoggedSet, TopSetLog, WorkoutLog
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
from alloy_desktop.ui.views.history_view import HistoryView

RUNS = 15
WORKOUTS = 5_000
EDIT_TARGET_MS = 50.0
PAGE_TARGET_MS = 100.0
OLD_SETS_PER_WORKOUT = 3  # the extra, older workouts: a short session of one lift


def older_workouts(alloy: Alloy, me: UserApi, count: int, before: datetime) -> None:
    """Short workouts every other day before the ten years `populate` wrote, up to `count`."""
    squat = next(m for m in alloy.context.catalog.movements if m.name == "Barbell Squat")
    days = [before - timedelta(days=2 * (i + 1)) for i in range(count)]
    with alloy.context.db.sessions.begin() as s:
        headers = [
            {"user_id": me.user.id, "name": "Early days", "performed_at": at, "total_volume_kg": 0}
            for at in days
        ]
        statement = insert(WorkoutLog).returning(WorkoutLog.id, sort_by_parameter_order=True)
        ids = list(s.scalars(statement, headers))
        sets: list[dict[str, Any]] = []
        tops: list[dict[str, Any]] = []
        for workout_id, at in zip(ids, days, strict=True):
            e1rm = estimate_e1rm(60.0, 5, E1RMFormula.EPLEY, None)
            row = {"workout_log_id": workout_id, "user_id": me.user.id, "movement_id": squat.id,
                   "weight_kg": 60.0, "reps": 5, "rpe": None, "e1rm_kg": e1rm,
                   "performed_at": at}  # fmt: skip
            for number in range(1, OLD_SETS_PER_WORKOUT + 1):
                sets.append({**row, "set_number": number, "formula": E1RMFormula.EPLEY})
            tops.append({**row, "pattern": squat.pattern})
        s.execute(insert(LoggedSet), sets)
        s.execute(insert(TopSetLog), [{k: v for k, v in t.items() if k != "formula"} for t in tops])
        day_bests.rebuild(s, me.user.id, [squat.id])


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def report(label: str, samples: list[float], target: float | None = None) -> None:
    median = statistics.median(samples)
    aim = ""
    if target is not None:
        aim = f"  (target <= {target:.0f} ms{', ok' if median <= target else ', OVER'})"
    # The least as well: on a shared machine it is the closest to the work itself.
    print(f"{label:<56} {median:6.1f} ms  min {min(samples):6.1f}  max {max(samples):6.1f}{aim}")


def samples(fn: Callable[[], object]) -> list[float]:
    return [timed(fn) for _ in range(RUNS)]


def bench_api(me: UserApi, squat: int) -> None:
    every, by_text = None, schemas.HistoryQuery(text="squat")
    by_movement = schemas.HistoryQuery(movement_id=squat)
    for label, query in (("", every), (", search 'squat'", by_text), (", movement", by_movement)):
        page = samples(lambda q=query: me.history.search(q, 100))
        report(f"api: first page of 100{label}", page, PAGE_TARGET_MS)
    report("api: count of every workout", samples(me.history.count))
    deep = samples(lambda: me.history.search(None, 100, 4_900))
    report("api: the last page (offset 4,900)", deep, PAGE_TARGET_MS)


def bench_page(app: QApplication, session: AppSession) -> None:
    """The page as the window builds it: first page drawn, then every page scrolled through."""
    firsts, paints = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        view = HistoryView(session)
        view.resize(1090, 760)
        view.activate()
        view.grab()  # a full paint of the first page
        firsts.append((time.perf_counter() - start) * 1000)
        view.deleteLater()
    report("page: built, first page fetched and painted", firsts, PAGE_TARGET_MS)
    view = HistoryView(session)
    view.resize(1090, 760)
    view.activate()
    fetches = []
    while view.vm.model.canFetchMore():
        fetches.append(timed(view.vm.model.fetchMore))
    print(f"  rows loaded by scrolling to the end: {view.vm.model.rowCount():,}")
    report("scroll: each further page of 100 fetched and inserted", fetches, PAGE_TARGET_MS)
    bar = view.table.verticalScrollBar()
    for step in range(RUNS):
        bar.setValue(int(bar.maximum() * step / (RUNS - 1)))
        paints.append(timed(view.table.viewport().grab))
    report("scroll: the list repainted anywhere in 5,000 rows", paints, 16.7)
    app.processEvents()


def bench_edits(me: UserApi) -> None:
    recent = me.history.search(None, 1)[0].id
    detail = me.history.workout(recent)
    one = detail.exercises[0].sets[0]
    report(
        "edit a set of yesterday's workout (records, recovery)", alternate(me, one), EDIT_TARGET_MS
    )
    old = me.history.search(schemas.HistoryQuery(text="training"), 1, 1_000)[0].id
    first = me.history.workout(old).exercises[0].sets[0]
    report(
        "edit a set five years back (records walked since)", alternate(me, first), EDIT_TARGET_MS
    )
    snapshot = detail.snapshot()
    undo = samples(lambda: me.history.update_workout(recent, snapshot))
    report("undo an edit: the whole workout written back", undo, EDIT_TARGET_MS)
    deletes, restores = [], []
    current = recent
    for _ in range(RUNS):
        start = time.perf_counter()
        kept = me.history.delete_workout(current)
        deletes.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        current = me.history.restore_workout(kept).id
        restores.append((time.perf_counter() - start) * 1000)
    report("delete yesterday's workout", deletes, EDIT_TARGET_MS)
    report("undo the delete (restore its snapshot)", restores, EDIT_TARGET_MS)


def alternate(me: UserApi, one: schemas.HistorySet) -> list[float]:
    """Times edits of one set, its weight 2.5 kg up and back again."""
    weights = [one.weight_kg + 2.5 * (i % 2) for i in range(RUNS)]
    return [
        timed(lambda w=w: me.history.update_set(one.id, schemas.SetEdit(w, one.reps, one.rpe)))
        for w in weights
    ]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "bench.db")
        token = alloy.auth.register("bench@example.com", "correct horse", "Bench")
        session = AppSession(alloy, InlineTaskRunner())  # timed inline: no thread hops
        session.resume(token.access_token)
        me = session.me
        started = time.perf_counter()
        sets = populate(alloy, me)
        first = me.history.search(None, 1, me.history.count() - 1)[0].performed_at
        older_workouts(alloy, me, WORKOUTS - me.history.count(), first)
        total = sets + (WORKOUTS - 2_080) * OLD_SETS_PER_WORKOUT
        print(f"{me.history.count():,} workouts, about {total:,} sets, made in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        squat = next(m.id for m in alloy.context.catalog.movements if m.name == "Barbell Squat")
        bench_api(me, squat)
        bench_page(app, session)
        bench_edits(me)
        alloy.close()


if __name__ == "__main__":
    main()
