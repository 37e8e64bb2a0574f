"""Offline-first sync: two athletes' SQLite laptops and one PostgreSQL server end up equal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pg_cluster import PgCluster
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from alloy_desktop.api import Alloy, UserApi, schemas
from alloy_desktop.services.sync import SyncError, SyncService
from alloy_desktop.services.sync.rows import SYNCED, TABLES, fingerprint
from alloy_desktop.services.sync.service import without_password
from alloy_desktop.services.sync.words import DB_PASSWORD, INTERRUPTED, NOT_LINKED, OFFLINE
from alloy_desktop.store import models as m

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse"
Set = schemas.CompletedSet


@dataclass
class Laptop:
    """One athlete's install: the app on its own SQLite file, signed in, with its sync."""

    alloy: Alloy
    me: UserApi
    sync: SyncService


@dataclass
class World:
    server: Alloy
    url: str  # with the database password, as the caller holds it
    cluster: PgCluster
    laptops: dict[str, Laptop]
    server_users: dict[str, UserApi]


def _server_user(server: Alloy, email: str) -> UserApi:
    token = server.auth.register(email, PASSWORD, email.split("@")[0])
    return server.for_token(token.access_token)


def _laptop(path: Path, email: str, url: str) -> Laptop:
    alloy = Alloy.open(path, data_dir=path.parent, clock=lambda: NOW)
    me = alloy.for_token(alloy.auth.register(email, PASSWORD, email.split("@")[0]).access_token)
    sync = SyncService(alloy.context, me.user.id)
    stored = without_password(url)
    sync.link(stored, make_url(url).password, email, PASSWORD)
    return Laptop(alloy, me, sync)


@pytest.fixture
def world(pg_url: str, pg_cluster: PgCluster, tmp_path: Path) -> Iterator[World]:
    server = Alloy.open(pg_url, data_dir=tmp_path / "server", clock=lambda: NOW)
    users = {name: _server_user(server, f"{name}@example.com") for name in ("ann", "bob", "coach")}
    laptops: dict[str, Laptop] = {}
    try:
        for name in ("ann", "bob"):
            folder = tmp_path / name
            folder.mkdir()
            laptops[name] = _laptop(folder / "alloy.db", f"{name}@example.com", pg_url)
        yield World(server, pg_url, pg_cluster, laptops, users)
    finally:
        for laptop in laptops.values():
            laptop.alloy.close()
        server.close()


def _ids(alloy: Alloy) -> dict[str, int]:
    return {mv.name: mv.id for mv in alloy.context.catalog.movements}


def _log(lap: Laptop, name: str, days_ago: float, *sets: schemas.CompletedSet) -> int:
    movement = _ids(lap.alloy)[name]
    return lap.me.logs.log_custom_workout(
        schemas.CustomWorkoutLogCreate(
            (schemas.CustomExercise(movement, sets),),
            name=f"Day {days_ago:g}",
            performed_at=NOW - timedelta(days=days_ago),
        )
    ).id


def _prints(alloy: Alloy, user_id: int) -> dict[str, frozenset[tuple[str, str]]]:
    with Session(alloy.context.db.engine) as s:
        return fingerprint(s, user_id)


def _same_everywhere(world: World, name: str) -> None:
    lap = world.laptops[name]
    mine = _prints(lap.alloy, lap.me.user.id)
    theirs = _prints(world.server, world.server_users[name].user.id)
    for table in SYNCED:
        assert mine[table] == theirs[table], f"{table} differs between laptop and server"
    assert lap.sync.status().pending_changes == 0


def _derived(alloy: Alloy, me: UserApi) -> list[Any]:
    lifts = sorted(me.logs.logged_movements(), key=lambda pair: pair[1])
    trends = [
        (name, [(p.day, round(p.e1rm_kg, 6), p.is_pr) for p in me.logs.e1rm_trend(mid)])
        for mid, name in lifts
    ]
    records = sorted(
        (r.name, r.sets, r.exercises, round(r.total_volume_kg, 6), r.records)
        for r in me.history.search(limit=500)
    )
    recovery = [round(r.recovery_level, 6) for r in me.logs.muscle_recovery()]
    return [trends, records, recovery]


def _sync_ok(lap: Laptop, url: str) -> Any:
    report = lap.sync.sync_now(url)
    assert report.error is None, report.error
    return report


def _count(alloy: Alloy, table: str) -> int:
    with Session(alloy.context.db.engine) as s:
        return int(s.scalar(select(func.count()).select_from(TABLES[table])) or 0)


# --- tests -----------------------------------------------------------------------------------


def test_interleaved_edits_on_both_sides_end_equal_everywhere(world: World) -> None:
    ann, bob, url = world.laptops["ann"], world.laptops["bob"], world.url
    first = _log(ann, "Barbell Squat", 9, Set(1, 100, 5, 8), Set(2, 100, 5, 8))
    _log(bob, "Barbell Bench Press - Medium Grip", 8, Set(1, 80, 5, 8))
    ann.me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("STRENGTH", 10),), duration_weeks=8)
    )
    ann.me.logs.log_soreness(schemas.SorenessLogCreate((schemas.SorenessInput("LEGS", 6),)))
    ann.me.logs.log_recovery_signal(schemas.RecoverySignalCreate(sleep_hours=7.5, energy=4))
    ann.me.activities.log(schemas.ActivityInstanceCreate("Running", 30))
    ann.me.body_weight.log(schemas.BodyWeightCreate(81.0, (NOW - timedelta(days=3)).date()))
    _sync_ok(ann, url)
    _sync_ok(bob, url)
    _same_everywhere(world, "ann")
    _same_everywhere(world, "bob")

    # The athlete edits and deletes offline; the coach changes a session on the server.
    second = _log(ann, "Barbell Squat", 5, Set(1, 110, 5, 8))
    set_id = ann.me.history.workout(first).exercises[0].sets[0].id
    ann.me.history.update_set(set_id, schemas.SetEdit(105, 5, 8))
    snapshot = ann.me.history.delete_workout(second)
    ann.me.history.restore_workout(snapshot)  # undo: the same workout back
    gone = _log(ann, "Barbell Squat", 4, Set(1, 60, 10, None))
    ann.me.history.delete_workout(gone)
    server_ann = world.server_users["ann"].user.id
    with Session(world.server.context.db.engine) as s, s.begin():
        session_uid = s.scalar(
            select(m.Session.uid)
            .join(m.Program, m.Program.id == m.Session.program_id)
            .where(m.Program.user_id == server_ann)
            .order_by(m.Session.session_date)
            .limit(1)
        )
        s.execute(update(m.Session).where(m.Session.uid == session_uid).values(notes="Go heavy"))
    _sync_ok(ann, url)
    _same_everywhere(world, "ann")
    with Session(ann.alloy.context.db.engine) as s:
        assert s.scalar(select(m.Session.notes).where(m.Session.uid == session_uid)) == "Go heavy"

    # The same session changed on both sides: the coach's plan wins, the laptop's is kept aside.
    with Session(ann.alloy.context.db.engine) as s, s.begin():
        s.execute(update(m.Session).where(m.Session.uid == session_uid).values(notes="Mine"))
    with Session(world.server.context.db.engine) as s, s.begin():
        s.execute(update(m.Session).where(m.Session.uid == session_uid).values(notes="Coach's"))
    report = _sync_ok(ann, url)
    assert report.conflicts == 1
    _same_everywhere(world, "ann")
    with Session(ann.alloy.context.db.engine) as s:
        assert s.scalar(select(m.Session.notes).where(m.Session.uid == session_uid)) == "Coach's"
    [conflict] = ann.sync.conflicts()
    assert (conflict["table"], conflict["uid"], conflict["winner"]) == (
        "sessions",
        session_uid,
        "server",
    )
    assert conflict["losing_values"]["notes"] == "Mine"

    on_server = world.server.for_token(
        world.server.auth.login("ann@example.com", PASSWORD).access_token
    )
    assert _derived(ann.alloy, ann.me) == _derived(world.server, on_server)

    # A log changed on both sides: the athlete's wins, the server's is kept aside.
    with Session(world.server.context.db.engine) as s, s.begin():
        s.execute(update(m.SorenessLog).where(m.SorenessLog.user_id == server_ann).values(level=2))
    with Session(ann.alloy.context.db.engine) as s, s.begin():
        s.execute(update(m.SorenessLog).values(level=9))
    _sync_ok(ann, url)
    _same_everywhere(world, "ann")
    assert ann.sync.conflicts()[-1]["winner"] == "laptop"
    assert ann.sync.conflicts()[-1]["losing_values"]["level"] == 2

    # Records and trends are rebuilt on each side from the same sets. (Recovery is not
    # compared here: the raw soreness edit above bypassed the laptop's own replay.)
    assert _derived(ann.alloy, ann.me)[:2] == _derived(world.server, on_server)[:2]
    _same_everywhere(world, "bob")


def test_a_failure_after_the_server_commit_loses_and_doubles_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann, url = world.laptops["ann"], world.url
    for day in range(6):
        _log(ann, "Barbell Squat", 20 - day, Set(1, 100 + day, 5, 8), Set(2, 90, 8, 8))

    def crash(_self: SyncService) -> None:
        raise OSError("server closed the connection unexpectedly")

    monkeypatch.setattr(SyncService, "_server_committed", crash)
    report = ann.sync.sync_now(url)
    assert report.error == INTERRUPTED
    assert ann.sync.status().last_error == report.error
    assert ann.sync.status().pending_changes > 0  # the outbox was not cleared...
    monkeypatch.undo()
    sets_on_server = _count(world.server, "logged_sets")
    _sync_ok(ann, url)  # ...so the same rows go again, and land on the same uids
    assert _count(world.server, "logged_sets") == sets_on_server
    _same_everywhere(world, "ann")
    assert ann.sync.status().last_error is None


def test_the_server_down_mid_sync_then_back(world: World, tmp_path: Path) -> None:
    ann, url = world.laptops["ann"], world.url
    _log(ann, "Barbell Squat", 3, Set(1, 120, 3, 9))
    unreachable = make_url(url).set(port=1).render_as_string(hide_password=False)
    report = ann.sync.sync_now(unreachable)
    assert report.error == OFFLINE
    wrong = make_url(url).set(password="not it").render_as_string(hide_password=False)
    assert ann.sync.sync_now(wrong).error == DB_PASSWORD
    assert ann.sync.status().pending_changes > 0
    _sync_ok(ann, url)
    _same_everywhere(world, "ann")


@pytest.fixture
def own_cluster(pg_cluster: PgCluster) -> Iterator[PgCluster]:
    """A private server this test may kill: the session's cluster serves every other test."""
    cluster = PgCluster(pg_cluster.bindir)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def test_the_server_killed_mid_push_and_restarted(
    own_cluster: PgCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut on the server while a push is half written: nothing half-saved there,
    nothing lost on the laptop, and the retry after the restart lands every row once."""
    from alloy_desktop.services.sync import service as sync_service

    url = own_cluster.create_database("killed")
    server = Alloy.open(url, data_dir=tmp_path / "server", clock=lambda: NOW)
    try:
        world = World(
            server, url, own_cluster, {}, {"ann": _server_user(server, "ann@example.com")}
        )
        (tmp_path / "ann").mkdir()
        ann = world.laptops["ann"] = _laptop(tmp_path / "ann" / "alloy.db", "ann@example.com", url)
        for day in range(8):
            _log(ann, "Barbell Squat", 30 - day, Set(1, 100 + day, 5, 8), Set(2, 90, 8, 8))
        real_apply = sync_service.apply_rows
        killed: list[str] = []

        def apply_then_kill(*args: Any, **kwargs: Any) -> Any:
            done = real_apply(*args, **kwargs)
            if args[1] == "logged_sets" and not killed:
                killed.append("logged_sets")  # the workouts are written, their sets too...
                own_cluster.crash()  # ...and the server dies before the commit
            return done

        monkeypatch.setattr(sync_service, "apply_rows", apply_then_kill)
        report = ann.sync.sync_now(url)
        monkeypatch.undo()
        assert killed and report.error is not None
        pending = ann.sync.status().pending_changes
        assert pending > 0  # every change still waits on the laptop
        own_cluster.restart()
        # Crash recovery threw the open transaction away: not one of Ann's rows is there.
        assert _count(server, "logged_sets") == 0 and _count(server, "workout_logs") == 0
        _sync_ok(ann, url)
        assert _count(server, "logged_sets") == 16 and _count(server, "workout_logs") == 8
        _same_everywhere(world, "ann")
        ann.alloy.close()
    finally:
        server.close()


def test_the_same_push_sent_twice_changes_nothing(world: World) -> None:
    ann, url = world.laptops["ann"], world.url
    workout = _log(ann, "Barbell Squat", 2, Set(1, 100, 5, 8), Set(2, 100, 5, 8))
    ann.me.history.delete_workout(_log(ann, "Barbell Squat", 1, Set(1, 50, 5, None)))
    with Session(ann.alloy.context.db.engine) as s:
        outbox = [
            {"table_name": r.table_name, "uid": r.uid, "op": r.op, "user_id": r.user_id}
            for r in s.scalars(select(m.SyncOutbox))
        ]
    _sync_ok(ann, url)
    before = {t: _count(world.server, t) for t in SYNCED}
    with Session(ann.alloy.context.db.engine) as s, s.begin():
        s.execute(insert(m.SyncOutbox), outbox)  # as if the clear had never happened
    report = _sync_ok(ann, url)
    assert report.pushed > 0
    assert {t: _count(world.server, t) for t in SYNCED} == before
    _same_everywhere(world, "ann")
    assert ann.me.history.workout(workout).exercises[0].sets[1].weight_kg == 100


def test_a_month_offline_with_hundreds_of_workouts(world: World) -> None:
    ann, url = world.laptops["ann"], world.url
    for i in range(300):
        _log(ann, "Barbell Squat", 30 - i * 0.1, Set(1, 80 + i % 20, 5, 8), Set(2, 70, 8, None))
    report = _sync_ok(ann, url)
    assert report.pushed >= 300 * 3
    _same_everywhere(world, "ann")
    on_server = world.server.for_token(
        world.server.auth.login("ann@example.com", PASSWORD).access_token
    )
    assert _derived(ann.alloy, ann.me) == _derived(world.server, on_server)
    assert _sync_ok(ann, url).pulled == 0  # its own pushes do not come back


def test_one_athletes_sync_never_reads_or_writes_anothers_rows(world: World) -> None:
    ann, bob, url = world.laptops["ann"], world.laptops["bob"], world.url
    _log(bob, "Barbell Squat", 3, Set(1, 140, 3, 9))
    _sync_ok(bob, url)
    server_bob = world.server_users["bob"].user.id
    bob_before = _prints(world.server, server_bob)
    bob_uids = {uid for rows in bob_before.values() for uid, _ in rows}
    # Ann's laptop holds a row claiming one of Bob's uids: her push must not touch Bob's row.
    _log(ann, "Barbell Squat", 2, Set(1, 60, 5, 8))
    stolen = next(uid for uid, _ in bob_before["workout_logs"])
    with Session(ann.alloy.context.db.engine) as s, s.begin():
        s.execute(update(m.WorkoutLog).values(uid=stolen, notes="not Bob's"))
    _sync_ok(ann, url)
    assert _prints(world.server, server_bob) == bob_before
    mine = _prints(ann.alloy, ann.me.user.id)
    assert not (bob_uids - {stolen}) & {uid for rows in mine.values() for uid, _ in rows}


def test_linking_checks_the_alloy_password_on_the_server(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "third"
    folder.mkdir()
    alloy = Alloy.open(folder / "alloy.db", data_dir=folder, clock=lambda: NOW)
    try:
        me = alloy.for_token(alloy.auth.register("ann@example.com", PASSWORD, "Ann").access_token)
        sync = SyncService(alloy.context, me.user.id)
        stored = without_password(world.url)
        with pytest.raises(SyncError):
            sync.link(stored, make_url(world.url).password, "ann@example.com", "wrong password")
        assert sync.status().linked_server is None
        assert sync.sync_now(world.url).error == NOT_LINKED
        sync.link(stored, make_url(world.url).password, "ann@example.com", PASSWORD)
        assert sync.status().linked_server == stored
        assert world.cluster.password not in (sync.status().linked_server or "")
    finally:
        alloy.close()
