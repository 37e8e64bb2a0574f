"""Prints what a coach waits for on a shared PostgreSQL: the athlete list and one athlete's e1RM.

A throwaway PostgreSQL cluster (tests/store/pg_cluster.py) gets 200 athletes with a year of
history each (about 3 million sets, Core bulk inserts), all coached by one account. Printed:
the coach's athlete list for 20 and for 200 athletes, one athlete's all-time e1RM trend and
the plan PostgreSQL chose for it. Skipped when no PostgreSQL server binaries are installed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "store"))

from bench_api import BENCH, Clock, load_history
from bench_api import median_ms as wall_median_ms
from pg_cluster import PgCluster, find_bindir

from alloy_desktop.api import Alloy, UserApi

ATHLETES = 200
LIST_PAGE = 20  # a coach "with twenty lifters", as the issue puts it
WEEKS = 52
PASSWORD = "coach-bench-password"
RUNS = 5


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    """bench_api's median wall time, after its warm-up call."""
    return wall_median_ms(fn, runs)[0]


def build(alloy: Alloy, count: int) -> tuple[UserApi, list[int]]:
    """One coach and `count` athletes with a year of history each, every link accepted."""
    coach = alloy.for_token(
        alloy.auth.register("coach@example.com", PASSWORD, "Coach").access_token
    )
    athletes = []
    started = time.perf_counter()
    total = 0
    for n in range(count):
        email = f"athlete{n:03d}@example.com"
        athlete = alloy.for_token(
            alloy.auth.register(email, PASSWORD, f"Athlete {n:03d}").access_token
        )
        total += load_history(alloy, athlete.user.id, WEEKS)[1]
        athlete.coaching.answer(coach.coaching.invite(email).id, accept=True)
        athletes.append(athlete.user.id)
        if n % 20 == 19:
            print(
                f"  {n + 1} athletes, {total:,} sets, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    return coach, athletes


def plan_of_trend(alloy: Alloy, athlete_id: int, movement_id: int) -> list[str]:
    with alloy.context.db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "EXPLAIN SELECT day, e1rm_kg, weight_kg, reps FROM e1rm_day_bests"
                " WHERE user_id = :u AND movement_id = :m AND formula = 'EPLEY' ORDER BY day"
            ),
            {"u": athlete_id, "m": movement_id},
        ).all()
    return [str(row[0]) for row in rows]


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else ATHLETES  # a smaller server to try it
    bindir = find_bindir()
    if bindir is None:
        print("skipped: no PostgreSQL server binaries (apt-get install postgresql)")
        return 0
    cluster = PgCluster(bindir)
    cluster.start()
    try:
        alloy = Alloy.open(cluster.create_database("coachbench"), clock=Clock())
        try:
            print(f"building {count} athletes x {WEEKS} weeks on PostgreSQL...", flush=True)
            coach, athletes = build(alloy, count)
            report(alloy, coach, athletes)
        finally:
            alloy.close()
    finally:
        cluster.stop()
    return 0


def report(alloy: Alloy, coach: UserApi, athletes: list[int]) -> None:
    with alloy.context.db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
        sets = connection.scalar(text("SELECT count(*) FROM logged_sets"))
    print(f"\nserver: {len(athletes)} athletes, {sets:,} logged sets")
    bench = next(m.id for m in alloy.context.catalog.movements if m.name == BENCH)
    first = coach.athlete(athletes[0])
    print(f"{'one athlete: all-time e1RM trend (coach view)':<52}"
          f"{median_ms(lambda: first.logs.e1rm_trend(bench)):8.1f} ms")  # fmt: skip
    print(f"{'one athlete: opened (link checked, services made)':<52}"
          f"{median_ms(lambda: coach.athlete(athletes[0])):8.1f} ms")  # fmt: skip
    # The list for a coach of twenty: end the other links for the timing, then restore them.
    with alloy.context.db.engine.begin() as connection:
        connection.execute(
            text("UPDATE coach_links SET status = 'ENDED' WHERE athlete_user_id <> ALL(:keep)"),
            {"keep": athletes[:LIST_PAGE]},
        )
    print(f"{f'athlete list, {min(LIST_PAGE, len(athletes))} athletes':<52}"
          f"{median_ms(coach.coaching.athletes):8.1f} ms")  # fmt: skip
    with alloy.context.db.engine.begin() as connection:
        connection.execute(text("UPDATE coach_links SET status = 'ACCEPTED'"))
    print(f"{f'athlete list, {len(athletes)} athletes':<52}"
          f"{median_ms(coach.coaching.athletes, runs=3):8.1f} ms")  # fmt: skip
    print("\nplan of the trend query (one athlete, one movement):")
    for line in plan_of_trend(alloy, athletes[0], bench):
        print(f"  {line}")


if __name__ == "__main__":
    sys.exit(main())
