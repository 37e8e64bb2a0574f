"""Every model round-trips through SQLite, and every named constraint rejects bad rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from alloy_desktop.domain.enums import (
    BodyPart,
    CircuitType,
    CoachLinkStatus,
    ConversationRole,
    E1RMFormula,
    ExerciseRole,
    Goal,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    RuleTarget,
    SessionType,
    SetType,
    SplitTemplate,
)
from alloy_desktop.store import models as m
from alloy_desktop.store.database import Database

NOW = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)


def build_graph(s: Session) -> dict[str, Any]:
    """One valid row of every model, linked together."""
    movement_id = s.scalar(select(m.Movement.id).order_by(m.Movement.id).limit(1))
    assert movement_id is not None
    user = m.User(email="lifter@example.com", name="Lee", hashed_password="x")
    s.add(user)
    s.flush()
    uid = user.id
    coach = m.User(email="coach@example.com", name="Cam", hashed_password="x")
    s.add(coach)
    s.flush()
    program = m.Program(
        user_id=uid,
        name="Block",
        goal_1=Goal.STRENGTH,
        goal_weight_1=6,
        goal_2=Goal.HYPERTROPHY,
        goal_weight_2=4,
        goal_3=Goal.STRENGTH,
        goal_weight_3=0,
        duration_weeks=8,
        split_template=SplitTemplate.UPPER_LOWER,
        progression_style=ProgressionStyle.DOUBLE_PROGRESSION,
        persona_tone=PersonaTone.SUPPORTIVE,
        persona_aggression=PersonaAggression.BALANCED,
        start_date=date(2026, 11, 2),
        training_weekdays=[0, 2, 4],
    )
    s.add(program)
    s.flush()
    micro = m.Microcycle(
        program_id=program.id, sequence_number=1, start_date=date(2026, 11, 2), length_days=7
    )
    s.add(micro)
    s.flush()
    session = m.Session(
        program_id=program.id,
        microcycle_id=micro.id,
        session_date=date(2026, 11, 2),
        day_offset=0,
        name="Upper A",
        session_type=SessionType.STRENGTH,
    )
    s.add(session)
    s.flush()
    exercise = m.SessionExercise(
        session_id=session.id,
        user_id=uid,
        movement_id=movement_id,
        exercise_role=ExerciseRole.MAIN,
        pattern=MovementPattern.SQUAT,
        order_in_session=1,
        sets=3,
        reps=5,
        rpe=8,
        rest_seconds=180,
    )
    routine = m.Routine(
        user_id=uid, name="Push", weekdays=[0, 3], scheduled_since=date(2026, 11, 2)
    )
    s.add(routine)
    s.flush()
    log = m.WorkoutLog(user_id=uid, session_id=session.id, performed_at=NOW, routine_id=routine.id)
    s.add_all([exercise, log])
    s.flush()
    thread = m.ConversationThread(user_id=uid, session_id=session.id, target_date=date(2026, 11, 2))
    activity = m.ActivityDefinition(name="Test run", category="ENDURANCE", met=9.8)
    s.add_all([thread, activity])
    s.flush()
    rows: dict[str, Any] = {
        "user": user,
        "program": program,
        "microcycle": micro,
        "session": session,
        "exercise": exercise,
        "log": log,
        "routine": routine,
        "routine_exercise": m.RoutineExercise(
            routine_id=routine.id,
            movement_id=movement_id,
            position=1,
            sets=3,
            reps=8,
            reps_max=12,
            rpe=8,
            load_kg=60,
            rest_seconds=120,
            superset_group=1,
            notes="slow down",
        ),
        "body_weight": m.BodyWeightLog(user_id=uid, day=date(2026, 11, 2), weight_kg=82.5),
        "thread": thread,
        "activity": activity,
        "profile": m.UserProfile(user_id=uid, equipment=["BARBELL"], body_weight_kg=82.5),
        "settings": m.UserSettings(
            user_id=uid,
            soreness_decay_hours=12,
            bar_weight_kg=15.0,
            plates_kg=[[20.0, 2], [1.25, 1]],
            collar_weight_kg=2.5,
        ),
        "rest": m.MovementRestTime(user_id=uid, movement_id=movement_id, rest_seconds=150),
        "rule": m.UserMovementRule(
            user_id=uid,
            rule_type=MovementRuleType.HARD_NO,
            target=RuleTarget.PATTERN,
            pattern=MovementPattern.HINGE,
        ),
        "enjoyable": m.UserEnjoyableActivity(user_id=uid, name="Climbing"),
        "injury": m.UserInjury(user_id=uid, body_part=BodyPart.SHOULDERS, severity=4),
        "goal": m.UserGoal(
            user_id=uid, program_id=program.id, goal=Goal.STRENGTH, weight=6, position=1
        ),
        "discipline": m.ProgramDiscipline(
            program_id=program.id, discipline="POWERLIFTING", weight=5
        ),
        "exposure": m.PatternExposure(session_id=session.id, pattern=MovementPattern.SQUAT, sets=3),
        "set": m.LoggedSet(
            workout_log_id=log.id,
            user_id=uid,
            movement_id=movement_id,
            session_exercise_id=exercise.id,
            set_number=1,
            weight_kg=100,
            reps=5,
            rpe=8,
            e1rm_kg=123.3,
            formula=E1RMFormula.EPLEY,
            performed_at=NOW,
            set_type=SetType.WARMUP,
            note="belt on",
        ),
        "top": m.TopSetLog(
            user_id=uid,
            workout_log_id=log.id,
            movement_id=movement_id,
            pattern=MovementPattern.SQUAT,
            weight_kg=100,
            reps=5,
            e1rm_kg=123.3,
            performed_at=NOW,
        ),
        "day_best": m.E1RMDayBest(
            user_id=uid,
            movement_id=movement_id,
            formula=E1RMFormula.BRZYCKI,
            day=NOW.date(),
            e1rm_kg=112.5,
            weight_kg=100,
            reps=5,
        ),
        "draft": m.WorkoutDraft(user_id=uid, payload={"sets": [1, 2]}),
        "soreness": m.SorenessLog(user_id=uid, logged_at=NOW, body_part=BodyPart.LEGS, level=6),
        "signal": m.RecoverySignal(
            user_id=uid,
            logged_at=NOW,
            sleep_hours=7.5,
            sleep_quality=4,
            stress=2,
            energy=4,
            resting_hr=55,
            hrv_ms=62,
        ),
        "recovery": m.MuscleRecoveryState(
            user_id=uid,
            muscle_group=MuscleGroup.QUADS,
            body_part=BodyPart.LEGS,
            recovery_level=4,
            last_updated_at=NOW,
        ),
        "turn": m.ConversationTurn(
            thread_id=thread.id, sequence=1, role=ConversationRole.USER, content="Legs are sore"
        ),
        "instance": m.ActivityInstance(
            user_id=uid,
            activity_definition_id=activity.id,
            activity_name="Morning run",
            performed_start=NOW,
            duration_seconds=1800,
            distance_km=5,
        ),
        "circuit": m.CircuitTemplate(
            name="Test circuit",
            circuit_type=CircuitType.AMRAP,
            exercises_json=[{"movement_id": movement_id, "reps": 5}],
        ),
        "heuristic": m.HeuristicConfig(name="test", kind="test", payload={"a": 1}),
        "meta": m.AppMeta(key="test", value="1"),
        "name_mapping": m.ExerciseNameMapping(
            user_id=uid, source_name="Squat (Barbell)", movement_id=movement_id
        ),
        "coach_link": m.CoachLink(
            coach_user_id=coach.id,
            athlete_user_id=uid,
            status=CoachLinkStatus.ACCEPTED,
            answered_at=NOW,
        ),
        "sync_link": m.SyncLink(
            user_id=uid,
            server_url="postgresql+psycopg://alloy@server.example/alloy",
            server_user_id=7,
            last_pulled_seq=3,
            last_sync_at=NOW,
        ),
        "sync_outbox": m.SyncOutbox(
            table_name="workout_logs", uid="00000000-0000-4000-8000-000000000001", op="U"
        ),
        "sync_change": m.SyncChange(
            table_name="workout_logs",
            uid="00000000-0000-4000-8000-000000000002",
            seq=10**12,  # far past anything the server's own sequence hands out in a test
            user_id=uid,
            op="D",
            changed_at=NOW,
        ),
        "sync_conflict": m.SyncConflict(
            user_id=uid,
            table_name="sessions",
            uid="00000000-0000-4000-8000-000000000003",
            winner="server",
            losing_values={"notes": "mine"},
            recorded_at=NOW,
        ),
    }
    s.add_all(rows.values())
    s.flush()
    return rows


def _columns(obj: Any) -> dict[str, Any]:
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def test_every_model_round_trips(database: Database) -> None:
    with database.sessions() as s, s.begin():
        rows = build_graph(s)
        expected = {
            name: (type(obj), inspect(obj).identity, _columns(obj)) for name, obj in rows.items()
        }
    models_covered = {cls for cls, _, _ in expected.values()}
    with database.sessions() as s:
        for name, (cls, identity, columns) in expected.items():
            fresh = s.get(cls, identity)
            assert fresh is not None, name
            assert _columns(fresh) == columns, name
    mapped = {mapper.class_ for mapper in m.Base.registry.mappers}
    # reference movements are round-tripped by the seed tests; the one sync flag row is
    # made by migration 0009
    assert mapped - models_covered == {m.Movement, m.MovementMuscleMap, m.SyncState}


def test_timestamps_come_back_aware_utc(database: Database) -> None:
    with database.sessions() as s, s.begin():
        rows = build_graph(s)
        log_id = rows["log"].id
    with database.sessions() as s:
        log = s.get(m.WorkoutLog, log_id)
        assert log is not None and log.performed_at == NOW and log.performed_at.tzinfo is UTC


BAD_VALUES: list[tuple[str, dict[str, Any]]] = [
    ("program", {"duration_weeks": 14}),
    ("program", {"duration_weeks": 6}),
    ("program", {"duration_weeks": 9, "goal_weight_1": 6}),
    ("program", {"goal_weight_1": 7}),
    ("program", {"goal_weight_1": 11, "goal_weight_2": -1}),
    ("program", {"deload_every_n_microcycles": 1}),
    ("program", {"microcycle_length_days": 15}),
    ("microcycle", {"length_days": 6}),
    ("microcycle", {"length_days": 15}),
    ("exercise", {"sets": 0}),
    ("exercise", {"reps": 0}),
    ("exercise", {"rpe": 11}),
    ("exercise", {"rpe": 0.5}),
    ("exercise", {"rest_seconds": -1}),
    ("exercise", {"reps_max": 3}),
    ("set", {"reps": 0}),
    ("set", {"weight_kg": -2.5}),
    ("set", {"rpe": 10.5}),
    ("set", {"set_number": 0}),
    ("top", {"reps": -1}),
    ("soreness", {"level": 0}),
    ("soreness", {"level": 11}),
    ("recovery", {"recovery_level": 10.5}),
    ("recovery", {"recovery_level": -0.1}),
    ("signal", {"sleep_hours": 25}),
    ("signal", {"sleep_quality": 6}),
    ("signal", {"stress": 0}),
    ("signal", {"energy": 9}),
    ("signal", {"resting_hr": 5}),
    ("signal", {"recovery_score": 101}),
    ("instance", {"duration_seconds": 0}),
    ("instance", {"distance_km": -1}),
    ("instance", {"perceived_difficulty": 6}),
    ("instance", {"enjoyment_rating": 0}),
    ("injury", {"severity": 11}),
    ("settings", {"soreness_decay_hours": 0}),
    ("settings", {"bar_weight_kg": 0}),
    ("settings", {"collar_weight_kg": -1}),
    ("rest", {"rest_seconds": -1}),
    ("rest", {"rest_seconds": 3601}),
    ("profile", {"body_weight_kg": 0}),
    ("circuit", {"rounds": 0}),
    ("activity", {"met": 0}),
    ("rule", {"pattern": None}),
    ("goal", {"weight": 11}),
    ("routine", {"name": ""}),
    ("routine_exercise", {"sets": 0}),
    ("routine_exercise", {"sets": 21}),
    ("routine_exercise", {"reps": 0}),
    ("routine_exercise", {"reps_max": 6}),
    ("routine_exercise", {"rpe": 10.5}),
    ("routine_exercise", {"load_kg": -1}),
    ("routine_exercise", {"rest_seconds": 3601}),
    ("routine_exercise", {"position": 0}),
    ("body_weight", {"weight_kg": 0}),
]


@pytest.mark.parametrize(("row", "changes"), BAD_VALUES, ids=[f"{r}-{c}" for r, c in BAD_VALUES])
def test_check_constraints_reject_bad_rows(
    database: Database, row: str, changes: dict[str, Any]
) -> None:
    with database.sessions() as s:
        rows = build_graph(s)
        for key, value in changes.items():
            setattr(rows[row], key, value)
        with pytest.raises(IntegrityError) as caught:
            s.flush()
        assert "CHECK constraint failed" in str(caught.value)
        s.rollback()


def test_enum_columns_reject_values_outside_the_enum(database: Database) -> None:
    with database.sessions() as s:
        rows = build_graph(s)
        s.commit()
        with pytest.raises((IntegrityError, StatementError)):
            s.execute(
                m.SorenessLog.__table__.insert().values(
                    user_id=rows["user"].id, logged_at=NOW, body_part="ELBOWS", level=3
                )
            )


def test_unique_session_order_and_emails(database: Database) -> None:
    with database.sessions() as s:
        rows = build_graph(s)
        ex = rows["exercise"]
        s.add(
            m.SessionExercise(
                session_id=ex.session_id,
                user_id=ex.user_id,
                movement_id=ex.movement_id,
                exercise_role=ExerciseRole.ACCESSORY,
                pattern=MovementPattern.SQUAT,
                order_in_session=1,
                sets=2,
                reps=10,
            )
        )
        with pytest.raises(IntegrityError, match="UNIQUE"):
            s.flush()
        s.rollback()
    with database.sessions() as s:
        build_graph(s)
        s.add(m.User(email="lifter@example.com"))
        with pytest.raises(IntegrityError, match="UNIQUE"):
            s.flush()


def test_deleting_a_program_cascades_to_its_sessions(database: Database) -> None:
    with database.sessions() as s, s.begin():
        rows = build_graph(s)
        program_id, exercise_id = rows["program"].id, rows["exercise"].id
    with database.sessions() as s, s.begin():
        s.execute(m.Program.__table__.delete().where(m.Program.id == program_id))
    with database.sessions() as s:
        assert s.get(m.SessionExercise, exercise_id) is None
        assert s.scalar(select(m.Microcycle).where(m.Microcycle.program_id == program_id)) is None
        # the workout log survives; it just loses its link to the deleted session
        assert s.scalar(select(m.WorkoutLog.session_id)) is None


def test_bulk_uids_are_version_7_unique_and_time_ordered() -> None:
    import time
    import uuid

    first = m.new_uids(500)
    time.sleep(0.002)
    later = [*m.new_uids(3), m.new_uid()]
    parsed = [uuid.UUID(u) for u in first + later]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert [str(u) for u in parsed] == first + later  # canonical lower-case text
    assert len(set(first + later)) == len(first) + len(later)
    # The first 48 bits are the millisecond: a later batch sorts after an earlier one.
    assert max(u[:13] for u in first) < min(u[:13] for u in later)
    assert m.new_uids(0) == []


def test_every_model_maps_its_core_table_and_types_every_column() -> None:
    """Today's reads use store/tables.py directly; the ORM must map those very tables."""
    from alloy_desktop.store import tables

    assert m.Base.metadata is tables.metadata
    mapped = {mapper.class_: mapper for mapper in m.Base.registry.mappers}
    assert {cls.__table__.name for cls in mapped} == set(tables.metadata.tables)
    for cls in mapped:
        assert cls.__table__ is getattr(tables, cls.__table__.name)
        columns = {column.key for column in cls.__table__.c}
        typed = set(cls.__annotations__)
        # A column added to a table but not declared on its class would be untyped to mypy.
        assert columns <= typed, f"{cls.__name__} lacks Mapped[...] for {columns - typed}"


def test_a_table_change_made_in_core_shows_through_the_orm(database: Database) -> None:
    from alloy_desktop.store import tables

    with database.connect() as connection, connection.begin():
        connection.execute(tables.app_meta.insert().values(key="probe", value="core"))
    with database.sessions() as s:
        assert s.get(m.AppMeta, "probe").value == "core"  # type: ignore[union-attr]


def test_the_tables_today_does_not_read_are_declared_on_first_use() -> None:
    """In a fresh interpreter (this one has every model): only Today's tables at import."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from alloy_desktop.store import tables\n"
        "from alloy_desktop.store.tables import metadata\n"  # `from` probes dunders too
        "first = len(metadata.tables), 'alloy_desktop.store.tables_more' in sys.modules\n"
        "rest = tables.sync_outbox is metadata.tables['sync_outbox']\n"
        "print(*first, rest, len(tables.complete().tables))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["16", "False", "True", "41"]


def test_only_tables_are_served_as_tables() -> None:
    from alloy_desktop.store import tables

    assert len(tables.complete().tables) == len(m.Base.registry.mappers) == 41
    for name in ("no_such_table", "BigInteger", "CircuitType", "__path__"):
        with pytest.raises(AttributeError, match=f"no attribute '{name}'"):
            getattr(tables, name)
