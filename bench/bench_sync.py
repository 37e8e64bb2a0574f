"""Sync against a busy server: a week of one athlete's logs, an empty pull, and the pull's plan.

Builds a throwaway PostgreSQL cluster (tests/store/pg_cluster.py) holding ATHLETES athletes
with a year of history each (Core bulk inserts; the change log filled in one statement per
table, as migration 0009 does for an existing server), links one laptop to athlete 0, and
times: the first sync (the laptop downloads that athlete's year), a week of 4 workouts x 25
sets pushed, and a sync with nothing new. Prints the EXPLAIN of the pull query.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bcrypt
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))

from pg_cluster import PgCluster, find_bindir

from alloy_desktop.api import Alloy, schemas
from alloy_desktop.services.sync import SyncService
from alloy_desktop.services.sync.service import without_password
from alloy_desktop.store import models as m
from alloy_desktop.store.database import open_database

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse"
LIFTS = ("Barbell Squat", "Barbell Bench Press - Medium Grip", "Barbell Deadlift")


def build(url: str, athletes: int, weeks: int, per_week: int, sets: int) -> float:
    """The server's history by Core bulk inserts; returns seconds taken."""
    started = time.perf_counter()
    db = open_database(url)
    engine = db.engine
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    rng = random.Random(7)
    with engine.begin() as c:
        movements = list(
            c.scalars(select(m.Movement.id).where(m.Movement.owner_user_id.is_(None)).limit(40))
        )
        # Triggers off while bulk loading; the change log is filled in one pass afterwards.
        c.execute(text("SET LOCAL session_replication_role = replica"))
        users = list(
            c.scalars(
                insert(m.User).returning(m.User.id, sort_by_parameter_order=True),
                [{"email": f"athlete{i}@example.com", "name": f"A{i}", "hashed_password": hashed}
                 for i in range(athletes)],
            )
        )  # fmt: skip
        c.execute(insert(m.UserSettings), [{"user_id": u} for u in users])
        c.execute(insert(m.UserProfile), [{"user_id": u} for u in users])
        for user in users:
            times = [
                NOW - timedelta(days=7 * w + 2 * k + 14, hours=rng.random())
                for w in range(weeks)
                for k in range(per_week)
            ]
            workouts = list(
                c.scalars(
                    insert(m.WorkoutLog).returning(m.WorkoutLog.id, sort_by_parameter_order=True),
                    [{"user_id": user, "performed_at": t, "name": "Day"} for t in times],
                )
            )
            c.execute(
                insert(m.LoggedSet),
                [
                    {"workout_log_id": w, "user_id": user,
                     "movement_id": movements[n % len(movements)],
                     "set_number": n + 1, "weight_kg": 60 + rng.random() * 60, "reps": 5,
                     "e1rm_kg": 100.0, "formula": "EPLEY", "performed_at": t}
                    for w, t in zip(workouts, times, strict=True)
                    for n in range(sets)
                ],
            )  # fmt: skip
        owners = {"workout_logs": "r.user_id", "logged_sets": "r.user_id"}
        for table, owner in owners.items():
            c.execute(
                text(
                    "INSERT INTO sync_changes (table_name, uid, seq, user_id, op, changed_at)"
                    f" SELECT '{table}', r.uid, nextval('sync_change_seq'), {owner}, 'I', now()"
                    f" FROM {table} r ORDER BY r.id"
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE"))
    db.close()
    return time.perf_counter() - started


def week(me: object, alloy: Alloy) -> None:
    ids = {mv.name: mv.id for mv in alloy.context.catalog.movements}
    for day in range(4):
        exercises = tuple(
            schemas.CustomExercise(
                ids[LIFTS[(day + k) % len(LIFTS)]],
                tuple(schemas.CompletedSet(n + 1, 80 + n, 5, 8) for n in range(5)),
            )
            for k in range(5)
        )
        me.logs.log_custom_workout(  # type: ignore[attr-defined]
            schemas.CustomWorkoutLogCreate(exercises, name=f"Week day {day}",
                                           performed_at=NOW - timedelta(days=6 - day))
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--per-week", type=int, default=3)
    parser.add_argument("--sets", type=int, default=20)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        print("skipped: no PostgreSQL binaries")
        return
    cluster = PgCluster(bindir)
    cluster.start()
    try:
        url = cluster.create_database("bench")
        seconds = build(url, args.athletes, args.weeks, args.per_week, args.sets)
        total = args.athletes * args.weeks * args.per_week
        print(f"built {args.athletes} athletes x {args.weeks} weeks: {total} workouts, "
              f"{total * args.sets} sets in {seconds:.1f} s")  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            alloy = Alloy.open(Path(folder) / "alloy.db", data_dir=Path(folder), clock=lambda: NOW)
            try:
                email = "athlete0@example.com"
                me = alloy.for_token(alloy.auth.register(email, PASSWORD, "A0").access_token)
                sync = SyncService(alloy.context, me.user.id)
                sync.link(without_password(url), make_url(url).password, email, PASSWORD)
                started = time.perf_counter()
                report = sync.sync_now(url)
                took = time.perf_counter() - started
                print(f"first sync (download one athlete's year): {took:.2f} s, "
                      f"pulled {report.pulled}, error {report.error}")  # fmt: skip
                week(me, alloy)
                pending = sync.status().pending_changes
                started = time.perf_counter()
                report = sync.sync_now(url)
                print(f"sync of a week (4 workouts x 25 sets, {pending} changes): "
                      f"{time.perf_counter() - started:.2f} s, pushed {report.pushed}, "
                      f"error {report.error}")  # fmt: skip
                timings = []
                for _ in range(5):
                    started = time.perf_counter()
                    report = sync.sync_now(url)
                    timings.append(time.perf_counter() - started)
                print(f"sync with nothing new: best {min(timings) * 1000:.0f} ms of 5 "
                      f"(pulled {report.pulled}, pushed {report.pushed})")  # fmt: skip
            finally:
                alloy.close()
        engine = create_engine(url)
        with engine.connect() as c:
            plan = c.execute(
                text(
                    "EXPLAIN (ANALYZE, BUFFERS) SELECT table_name, uid, op, seq FROM sync_changes"
                    " WHERE user_id = 1 AND seq > 0 AND (origin IS NULL OR origin <> 'x')"
                    " ORDER BY seq LIMIT 2000"
                )
            ).scalars()
            print("pull query plan (everything for athlete 1 since 0):")
            for line in plan:
                print("   ", line)
            rows = c.execute(text("SELECT count(*) FROM sync_changes")).scalar()
            print(f"sync_changes rows: {rows}")
        engine.dispose()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
