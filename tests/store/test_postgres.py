"""The same models, migrations, seed and services on a real PostgreSQL server (conftest.py)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pg_cluster import PgCluster
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from test_models import BAD_VALUES, build_graph
from test_models import test_deleting_a_program_cascades_to_its_sessions as check_cascade
from test_models import test_every_model_round_trips as check_round_trip
from test_models import test_timestamps_come_back_aware_utc as check_aware_utc

from alloy_desktop.api import Alloy, UserApi, errors, schemas
from alloy_desktop.domain.enums import (
    BodyPart,
    ConversationStatus,
    E1RMFormula,
    MuscleGroup,
)
from alloy_desktop.domain.metrics import estimate_e1rm
from alloy_desktop.resources import seed_dir
from alloy_desktop.store import models as m
from alloy_desktop.store.database import Database, open_database
from alloy_desktop.store.engine import make_engine
from alloy_desktop.store.migrate import (
    current_revision,
    downgrade,
    head_revision,
    stored_revision,
    upgrade_to_head,
)
from alloy_desktop.store.models import Base
from alloy_desktop.store.seed import ensure_seeded, loaded_seed_version, shipped_seed_version

EXPECTED_TABLES = {t.name for t in Base.metadata.sorted_tables}


@pytest.fixture
def pg_engine(pg_empty_url: str) -> Iterator[Engine]:
    """An engine on an empty PostgreSQL database, from the app's one engine factory."""
    engine = make_engine(pg_empty_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[Database]:
    """A migrated and seeded PostgreSQL database, opened the way the app opens one."""
    db = open_database(pg_url)
    yield db
    db.close()


@pytest.fixture(scope="module")
def pg_shared_database(pg_cluster: PgCluster, pg_template: str) -> Iterator[Database]:
    """One seeded database for tests that roll every change back (the CHECK cases)."""
    url = pg_cluster.create_database("checks", template=pg_template)
    db = open_database(url)
    yield db
    db.close()
    pg_cluster.drop_database(url)


# --- Engine and migrations -------------------------------------------------------------------


def test_the_engine_factory_takes_a_postgresql_url(pg_engine: Engine) -> None:
    assert pg_engine.dialect.name == "postgresql" and pg_engine.driver == "psycopg"
    with pg_engine.connect() as conn:
        assert int(conn.execute(text("SHOW server_version_num")).scalar_one()) >= 150000
        # No SQLite pragma reached the server: a fresh database is untouched by connecting.
        assert (
            conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar_one()
            == 0
        )


def test_upgrade_from_empty_down_to_base_and_up_again(pg_engine: Engine) -> None:
    assert stored_revision(pg_engine) is None  # no version table yet: answered, not raised
    assert upgrade_to_head(pg_engine) is None  # nothing to back up (and no file to copy)
    assert current_revision(pg_engine) == stored_revision(pg_engine) == head_revision()
    assert set(inspect(pg_engine).get_table_names()) == EXPECTED_TABLES | {"alembic_version"}
    assert upgrade_to_head(pg_engine) is None  # at head: the fast path, nothing run

    downgrade(pg_engine, "base")
    assert set(inspect(pg_engine).get_table_names()) == {"alembic_version"}
    assert current_revision(pg_engine) is None

    upgrade_to_head(pg_engine)
    assert set(inspect(pg_engine).get_table_names()) == EXPECTED_TABLES | {"alembic_version"}
    assert current_revision(pg_engine) == head_revision()


def test_autogenerate_finds_no_difference_on_postgresql(pg_engine: Engine) -> None:
    upgrade_to_head(pg_engine)
    with pg_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def _schema(engine: Engine) -> dict[str, tuple[set[str], set[str], set[str], set[str]]]:
    """Per table: column names, CHECK names, index names and unique-constraint names."""
    inspector = inspect(engine)
    return {
        table: (
            {c["name"] for c in inspector.get_columns(table)},
            {str(c["name"]) for c in inspector.get_check_constraints(table)},
            # PostgreSQL also lists each unique constraint's own index; those are not ours.
            {
                str(i["name"])
                for i in inspector.get_indexes(table)
                if not i.get("duplicates_constraint")
            },
            {str(u["name"]) for u in inspector.get_unique_constraints(table)},
        )
        for table in EXPECTED_TABLES
    }


def test_postgresql_gets_the_same_named_constraints_and_indexes_as_sqlite(
    pg_engine: Engine, template_db: Path
) -> None:
    upgrade_to_head(pg_engine)
    sqlite = make_engine(template_db)
    try:
        expected = _schema(sqlite)
    finally:
        sqlite.dispose()
    actual = _schema(pg_engine)
    assert actual == expected
    checks = set().union(*(names for _, names, _, _ in actual.values()))
    assert "ck_programs_weights_sum_10" in checks  # a named CHECK from the models
    assert "ck_soreness_logs_body_part" in checks  # a portable enum's CHECK


# --- Seed ------------------------------------------------------------------------------------


def _shipped(name: str) -> list[dict[str, Any]]:
    data = json.loads((seed_dir() / name).read_text(encoding="utf-8"))
    return list(data[name.removesuffix(".json")])


def test_seed_loads_every_reference_row(pg_database: Database) -> None:
    movements = _shipped("movements.json")
    assert pg_database.reference_counts() == {
        "movements": len(movements),
        "circuits": len(_shipped("circuits.json")),
        "activities": len(_shipped("activities.json")),
        "heuristics": 15 + 1,
    }
    with pg_database.sessions() as s:
        assert loaded_seed_version(s) == shipped_seed_version()
        maps = s.scalar(select(func.count()).select_from(m.MovementMuscleMap))
        assert maps == sum(len(mv["muscles"]) for mv in movements)
        ids = set(s.scalars(select(m.Movement.id)))
        for circuit in s.scalars(select(m.CircuitTemplate)):
            assert circuit.exercises_json, circuit.name
            assert {ex["movement_id"] for ex in circuit.exercises_json} <= ids, circuit.name
    assert ensure_seeded(pg_database.engine) is False  # a second start changes nothing


def test_a_seed_bump_refreshes_in_place_on_postgresql(
    pg_database: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "seed"
    shutil.copytree(seed_dir(), folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["seed_version"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    movements = json.loads((folder / "movements.json").read_text())
    first = movements["movements"][0]
    first["name"] += " (renamed)"
    (folder / "movements.json").write_text(json.dumps(movements))
    with pg_database.sessions() as s:
        before = _movement_ids(s)

    assert ensure_seeded(pg_database.engine, folder) is True

    with pg_database.sessions() as s:
        assert _movement_ids(s) == before
        renamed = s.scalar(select(m.Movement.name).where(m.Movement.slug == first["slug"]))
        assert renamed is not None and renamed.endswith("(renamed)")
        assert loaded_seed_version(s) == manifest["seed_version"]


def _movement_ids(s: Session) -> dict[str, int]:
    rows = s.execute(select(m.Movement.slug, m.Movement.id))
    return {slug: movement_id for slug, movement_id in rows}


# --- Models and constraints ------------------------------------------------------------------


def test_every_model_round_trips_on_postgresql(pg_database: Database) -> None:
    check_round_trip(pg_database)


def test_timestamps_come_back_aware_utc_on_postgresql(pg_database: Database) -> None:
    check_aware_utc(pg_database)


def test_deleting_a_program_cascades_on_postgresql(pg_database: Database) -> None:
    check_cascade(pg_database)


@pytest.mark.parametrize(("row", "changes"), BAD_VALUES, ids=[f"{r}-{c}" for r, c in BAD_VALUES])
def test_check_constraints_reject_bad_rows_on_postgresql(
    pg_shared_database: Database, row: str, changes: dict[str, Any]
) -> None:
    with pg_shared_database.sessions() as s:
        rows = build_graph(s)
        table = type(rows[row]).__table__.name
        for key, value in changes.items():
            setattr(rows[row], key, value)
        with pytest.raises(IntegrityError) as caught:
            s.flush()
        s.rollback()
    # The server names the CHECK it enforced: one of the row's own table.
    constraint = caught.value.orig.diag.constraint_name  # type: ignore[union-attr]
    assert constraint is not None and constraint.startswith(f"ck_{table}_"), constraint
    assert "violates check constraint" in str(caught.value)


def test_enum_checks_unique_and_foreign_keys_hold_on_postgresql(
    pg_shared_database: Database,
) -> None:
    with pg_shared_database.sessions() as s:
        rows = build_graph(s)
        uid = rows["user"].id
        bad = m.SorenessLog.__table__.insert().values(
            user_id=uid, logged_at=datetime(2026, 11, 2, tzinfo=UTC), body_part="ELBOWS", level=3
        )
        with pytest.raises((IntegrityError, StatementError)):
            s.execute(bad)
        s.rollback()
    with pg_shared_database.sessions() as s:
        build_graph(s)
        s.add(m.User(email="lifter@example.com"))
        with pytest.raises(IntegrityError, match="uq_users_email"):
            s.flush()
        s.rollback()
    with pg_shared_database.sessions() as s:
        s.add(
            m.SorenessLog(user_id=2**31 - 1, logged_at=datetime.now(UTC), body_part="LEGS", level=3)
        )
        with pytest.raises(IntegrityError, match="fk_soreness_logs_user_id_users"):
            s.flush()
        s.rollback()


# --- The api, end to end ---------------------------------------------------------------------

MONDAY = date(2026, 11, 2)
BENCH = "Barbell Bench Press - Medium Grip"
PASSWORD = "correct horse battery"
Set = schemas.CompletedSet


class Clock:
    """A clock that stands still until the journey moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Outcome:
    """What the journey saw, free of ids and wall-clock times, to compare across engines."""

    values: dict[str, Any]


def at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def journey(alloy: Alloy, clock: Clock) -> Outcome:
    """Register, plan, adapt, accept, log, and read every chart back; asserts as it goes."""
    catalog = alloy.context.catalog
    bench = next(mv.id for mv in catalog.movements if mv.name == BENCH)
    seen: dict[str, Any] = {}

    token = alloy.auth.register("coach@example.com", PASSWORD, "Coach")
    me: UserApi = alloy.for_token(token.access_token)
    assert me.user.is_admin and me.user.email == "coach@example.com"
    assert alloy.auth.login("coach@example.com", PASSWORD).access_token
    with pytest.raises(errors.AuthError):
        alloy.auth.login("coach@example.com", "wrong password!")

    # A program from today (Monday): 8 weekly microcycles, Mon/Wed/Fri, a deload every 4th.
    goals = (schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4))
    program = me.programs.create(
        schemas.ProgramCreate(goals=goals, duration_weeks=8, split_template="HYBRID")
    )
    assert program.id is not None and program.start_date == MONDAY
    assert [(g.goal.value, g.weight) for g in program.goals][:2] == [
        ("STRENGTH", 6),
        ("HYPERTROPHY", 4),
    ]
    assert len(program.microcycles) == 8
    assert [mc.is_deload for mc in program.microcycles] == [False, False, False, True] * 2
    first_week = program.microcycles[0].sessions
    assert [s.date for s in first_week] == [MONDAY + timedelta(days=d) for d in (0, 2, 4)]
    assert [p.id for p in me.programs.list()] == [program.id]
    seen["sessions"] = [(s.date, s.name, len(s.exercises)) for s in first_week]

    # Plan today, adapt it for sore legs, accept the adaptation.
    plan = me.days.plan(MONDAY)
    assert not plan.is_rest_day and plan.session == first_week[0]
    assert plan.microcycle_sequence == 1 and not plan.is_deload
    assert me.days.plan(MONDAY + timedelta(days=1)).is_rest_day
    legs = {
        e.id
        for e in plan.session.exercises
        if BodyPart.LEGS in catalog.by_id[e.movement_id].primary_body_parts
        and not catalog.by_id[e.movement_id].is_stretch
    }
    assert legs, "a lower-body day loads the legs"
    sore = schemas.AdaptationRequest(
        soreness=(schemas.SorenessInput("LEGS", 8),), recovery_signal="POOR", notes="Stairs hurt"
    )
    adapted = me.days.adapt(MONDAY, sore)
    assert adapted.session_id == plan.session.id and adapted.date == MONDAY
    assert {r.session_exercise_id for r in adapted.removed} == legs
    accepted = me.days.accept(MONDAY, schemas.AcceptPlanRequest(adapted.thread_id, "Moved legs"))
    assert accepted.status is ConversationStatus.ACCEPTED
    assert accepted.final_notes == "Moved legs" and accepted.final_content == adapted.explanation
    today = me.days.plan(MONDAY)
    assert today.session is not None and today.session.is_adapted
    assert today.adapted_from_thread_id == adapted.thread_id
    expected = sorted(
        [(a.movement_id, a.sets) for a in adapted.adapted]
        + [(s.movement_id, s.sets) for s in adapted.substituted]
    )
    assert sorted((e.movement_id, e.sets) for e in today.session.exercises) == expected
    seen["adapted"] = (
        adapted.recovery_score,
        sorted(catalog.name(e.movement_id) for e in today.session.exercises),
        adapted.added_sections,
    )

    # A bench session a week earlier, today's adapted session, then a heavier bench: a PR.
    first = me.logs.log_workout(
        schemas.WorkoutLogCreate(
            None,
            (schemas.CompletedExercise((Set(1, 100, 5, 8), Set(2, 90, 8, 8)), movement_id=bench),),
            at(MONDAY - timedelta(days=7)),
        )
    )
    assert first.personal_records == ()  # a first log sets no record
    assert first.total_volume_kg == pytest.approx(100 * 5 + 90 * 8)
    session_sets = tuple(
        schemas.CompletedExercise(
            tuple(Set(n, 40, max(e.reps, 1), 8) for n in range(1, e.sets + 1)),
            session_exercise_id=e.id,
        )
        for e in today.session.exercises
    )
    logged = me.logs.log_workout(
        schemas.WorkoutLogCreate(today.session.id, session_sets, at(MONDAY))
    )
    assert logged.session_id == today.session.id
    planned_sets = sum(e.sets for e in today.session.exercises)
    assert sum(len(x.sets) for x in logged.exercises) == planned_sets

    clock.now = at(MONDAY + timedelta(days=2), 9)  # Wednesday morning
    heavier = me.logs.log_workout(
        schemas.WorkoutLogCreate(
            None, (schemas.CompletedExercise((Set(1, 105, 5, 8),), movement_id=bench),)
        )
    )
    (record,) = heavier.personal_records
    assert (record.kind, record.movement_name) == ("E1RM", BENCH)
    assert record.value == pytest.approx(105 * (1 + 7 / 30))
    assert record.previous == pytest.approx(100 * (1 + 7 / 30))
    assert (record.weight_kg, record.reps) == (105.0, 5)
    # 95 x 8 @ 10 is no e1RM record (120.3 < 129.5), but 8 reps at 95 kg or more is new.
    more_reps = me.logs.log_workout(
        schemas.WorkoutLogCreate(
            None, (schemas.CompletedExercise((Set(1, 95, 8, 10),), movement_id=bench),)
        )
    )
    (reps_record,) = more_reps.personal_records
    assert (reps_record.kind, reps_record.value, reps_record.previous) == ("REPS", 8.0, 5.0)
    assert me.logs.workout(heavier.id).personal_records == heavier.personal_records
    assert me.logs.workout(more_reps.id).personal_records == more_reps.personal_records
    seen["records"] = [
        (r.movement_name, r.kind, round(r.value, 6), r.previous)
        for r in (*heavier.personal_records, *more_reps.personal_records)
    ]
    assert [w.id for w in me.logs.workouts()] == [more_reps.id, heavier.id, logged.id, first.id]

    # Soreness resets the rated body parts' recovery; worked muscles recover with rest.
    me.logs.log_soreness(
        schemas.SorenessLogCreate(
            (schemas.SorenessInput("legs", 3), schemas.SorenessInput(BodyPart.BACK, 6))
        )
    )
    recovery = {s.muscle_group: s for s in me.logs.muscle_recovery()}
    assert len(recovery) == len(MuscleGroup)
    for group in (MuscleGroup.QUADS, MuscleGroup.HAMSTRINGS, MuscleGroup.CALVES):
        assert recovery[group].recovery_level == 7.0
    assert recovery[MuscleGroup.LATS].recovery_level == 4.0
    # Bench (two hard sets) just now: chest at 10 - 2 * 0.6, triceps at 10 - 2 * 0.3.
    assert recovery[MuscleGroup.CHEST].stored_level == pytest.approx(10 - 2 * 0.6)
    assert recovery[MuscleGroup.TRICEPS].stored_level == pytest.approx(10 - 2 * 0.3)
    assert recovery[MuscleGroup.CHEST].last_updated_at == clock.now
    later = {
        s.muscle_group: s.recovery_level
        for s in me.logs.muscle_recovery(clock.now + timedelta(hours=5))
    }
    assert later[MuscleGroup.CHEST] == pytest.approx(8.8 + 0.5)  # a point per 10 h of rest
    history = me.logs.soreness_history(days=7)
    assert [sorted(e.level for e in h.entries) for h in history] == [[3, 6]]
    seen["recovery"] = {g.value: round(s.stored_level, 6) for g, s in recovery.items()}

    # The e1RM trend: each day's best, with the PR day marked.
    trend = me.logs.e1rm_trend(bench)
    assert [p.day for p in trend] == [MONDAY - timedelta(days=7), MONDAY + timedelta(days=2)]
    assert trend[0].e1rm_kg == pytest.approx(100 * (1 + 7 / 30))
    assert (trend[1].weight_kg, trend[1].reps) == (105.0, 5)
    assert trend[1].e1rm_kg == pytest.approx(105 * (1 + 7 / 30))
    assert [p.is_pr for p in trend] == [False, True]
    lombardi = me.logs.e1rm_trend(bench, E1RMFormula.LOMBARDI)  # computed outside SQL
    assert lombardi[1].e1rm_kg == pytest.approx(estimate_e1rm(105, 5, E1RMFormula.LOMBARDI, 8))
    seen["trend"] = [(p.day, round(p.e1rm_kg, 6), p.weight_kg, p.reps, p.is_pr) for p in trend]

    # Weekly hard sets, per ISO week (Monday) and muscle: primary 1, secondary 0.5.
    weekly = me.logs.weekly_hard_sets(weeks=2)
    table = {(r.week_start, r.muscle_group): r.hard_sets for r in weekly}
    assert {r.week_start for r in weekly} == {MONDAY - timedelta(days=7), MONDAY}
    assert all(r.week_start.weekday() == 0 for r in weekly)
    expected_hard = _expected_hard_sets(alloy, [first, logged, heavier, more_reps])
    assert table == pytest.approx(expected_hard)
    assert table[(MONDAY - timedelta(days=7), MuscleGroup.CHEST)] == 2.0
    seen["weekly"] = sorted((w.isoformat(), g.value, v) for (w, g), v in table.items())

    # Adherence: Monday's session done, Wednesday's is today, the rest are still to come.
    adherence = me.logs.adherence()
    assert adherence.program_id == program.id
    assert (adherence.planned_sessions, adherence.completed_sessions) == (24, 1)
    assert (adherence.missed_sessions, adherence.upcoming_sessions) == (0, 23)
    assert adherence.completion_rate == 1.0
    assert (adherence.current_streak, adherence.longest_streak) == (1, 1)
    seen["adherence"] = dataclasses.replace(adherence, program_id=0)

    # Circuits: every one listed with names; an admin edit is stored and read back.
    circuits = me.circuits.list()
    assert len(circuits) == len(_shipped("circuits.json")) == 25
    assert all(e.movement_name != "Unknown movement" for c in circuits for e in c.exercises)
    cindy = next(c for c in circuits if c.name == "Cindy")
    update = schemas.CircuitTemplateUpdate(
        exercises=(
            schemas.CircuitExerciseInput(bench, reps=5, load_male_kg=60, notes=" paused "),
            schemas.CircuitExerciseInput(cindy.exercises[0].movement_id, distance_m=400),
        ),
        description="Edited on PostgreSQL",
        rounds=3,
    )
    edited = me.circuits.admin_update(cindy.id, update)
    assert edited == me.circuits.get(cindy.id)
    assert [(e.movement_name, e.reps, e.distance_m, e.notes) for e in edited.exercises] == [
        (BENCH, 5, None, "paused"),
        (cindy.exercises[0].movement_name, None, 400.0, None),
    ]
    assert (edited.description, edited.rounds) == ("Edited on PostgreSQL", 3)
    seen["circuit"] = (edited.name, edited.exercises, edited.description, edited.rounds)

    # Activities: minutes become seconds, newest first.
    running = next(d for d in me.activities.definitions() if d.name == "Running")
    run = me.activities.log(
        schemas.ActivityInstanceCreate(
            activity_name=" Morning run ",
            duration_minutes=30.5,
            activity_definition_id=running.id,
            distance_km=5.2,
            enjoyment_rating=4,
        )
    )
    walk = me.activities.log(
        schemas.ActivityInstanceCreate("Walk", 20, performed_start=clock.now - timedelta(days=1))
    )
    assert (run.activity_name, run.duration_seconds, run.distance_km) == ("Morning run", 1830, 5.2)
    assert run.performed_start == clock.now and run.enjoyment_rating == 4
    assert [a.id for a in me.activities.history()] == [run.id, walk.id]
    seen["activities"] = [
        (a.activity_name, a.duration_seconds, a.distance_km, a.performed_start, a.source)
        for a in me.activities.history()
    ]
    return Outcome(seen)


def _expected_hard_sets(
    alloy: Alloy, workouts: list[schemas.WorkoutLogResponse]
) -> dict[tuple[date, MuscleGroup], float]:
    """Hard sets per (Monday, muscle) worked out by hand from the logged responses."""
    catalog = alloy.context.catalog
    table: dict[tuple[date, MuscleGroup], float] = {}
    for workout in workouts:
        day = workout.performed_at.astimezone(UTC).date()
        monday = day - timedelta(days=day.weekday())
        for exercise in workout.exercises:
            hard = sum(1 for s in exercise.sets if s.is_hard)
            info = catalog.by_id[exercise.movement_id]
            for groups, share in ((info.primary, 1.0), (info.secondary, 0.5)):
                for group in groups if hard else ():
                    table[(monday, group)] = table.get((monday, group), 0.0) + hard * share
    return table


def _run_journey(database: str | Path, data_dir: Path) -> Outcome:
    clock = Clock(at(MONDAY, 9))
    alloy = Alloy.open(database, data_dir=data_dir, clock=clock)
    try:
        assert alloy.health().database  # names the open database on either engine
        return journey(alloy, clock)
    finally:
        alloy.close()


def test_the_api_journey_gives_the_same_answers_on_postgresql_and_sqlite(
    pg_url: str, db_path: Path, tmp_path: Path
) -> None:
    on_postgresql = _run_journey(pg_url, tmp_path / "pg")
    on_sqlite = _run_journey(db_path, tmp_path / "sqlite")
    assert on_postgresql.values.keys() == on_sqlite.values.keys()
    for key, value in on_postgresql.values.items():
        assert value == on_sqlite.values[key], key
