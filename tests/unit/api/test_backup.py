"""Backup via the api: Strong-layout CSV export, JSON backup and all-or-nothing restore."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest
from db_state import fingerprint
from sqlalchemy import JSON, Table, func, select, update

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import ExerciseRole, SetType
from alloy_desktop.services import backup as backup_module
from alloy_desktop.services.backup import (
    ACCOUNT_COLUMNS,
    ACCOUNT_PRIVATE,
    ACCOUNT_TABLE,
    CSV_HEADER,
    JSON_ID_KEYS,
    LIBRARY_TABLES,
    MOVEMENT_KEYS,
    REPLACED_TABLES,
    SINGLETON_TABLES,
    UID_COLUMN,
    UNCOPIED_TABLES,
    USER_TABLES,
    owned,
)
from alloy_desktop.services.errors import Conflict, ValidationError
from alloy_desktop.services.schemas import (
    AcceptPlanRequest,
    ActivityInstanceCreate,
    AdaptationRequest,
    BodyWeightCreate,
    CompletedExercise,
    CompletedSet,
    CustomExercise,
    CustomMovementCreate,
    CustomWorkoutLogCreate,
    GoalWeight,
    InjuryCreate,
    MovementRuleCreate,
    ProfileUpdate,
    ProgramCreate,
    RecoverySignalCreate,
    RoutineCreate,
    RoutineExerciseInput,
    SettingsUpdate,
    SorenessInput,
    SorenessLogCreate,
    WorkoutLogCreate,
)
from alloy_desktop.store.models import (
    ActivityDefinition,
    Base,
    ConversationThread,
    ExerciseNameMapping,
    LoggedSet,
    Movement,
    MovementMuscleMap,
)

MONDAY = date(2026, 11, 2)  # the conftest clock's day: the program's first session
PASSWORD = "correct horse battery"
BENCH = "Barbell Bench Press - Medium Grip"
SQUAT = "Barbell Squat"
DEADLIFT = "Barbell Deadlift"
USERS = Base.metadata.tables[ACCOUNT_TABLE]


class FixedClock(Protocol):
    """The `clock` fixture of tests/unit/api/conftest.py."""

    now: datetime

    def __call__(self) -> datetime: ...

    def advance(self, **delta: float) -> datetime: ...


def sign_up(alloy: Alloy, email: str, name: str = "Someone") -> UserApi:
    return alloy.for_token(alloy.auth.register(email, PASSWORD, name).access_token)


def movement_id(alloy: Alloy, name: str) -> int:
    return next(m.id for m in alloy.context.catalog.movements if m.name == name)


def mark_sets(alloy: Alloy, set_type: SetType, **where: object) -> None:
    """Marks logged sets as warm-up/drop/failure (the importer makes them; the logger can't)."""
    with alloy.context.db.sessions() as s, s.begin():
        s.execute(update(LoggedSet).filter_by(**where).values(set_type=set_type))


@pytest.fixture
def india_time() -> Iterator[None]:
    """The machine's zone at UTC+5:30 (no daylight saving), so local times are checkable."""
    if not hasattr(time, "tzset"):
        pytest.skip("the local zone can be set only where time.tzset exists (not Windows)")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "IST-5:30"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


# --- a lifter with one of everything --------------------------------------------------------


def build_rich_account(alloy: Alloy, me: UserApi, clock: FixedClock) -> None:
    """Settings, profile, rules, a custom exercise, a program with an accepted adaptation and an
    open thread, planned and custom workouts (a warm-up among them), soreness, a check-in, an
    activity, a remembered exercise name and a draft that names ids."""
    me.settings.update(
        SettingsUpdate(weight_unit="LB", soreness_decay_hours=36, e1rm_formula="BRZYCKI")
    )
    me.settings.update_profile(
        ProfileUpdate(
            name="Sam Lifter",
            experience_level="INTERMEDIATE",
            persona_tone="DIRECT",
            body_weight_kg=82.5,
            enjoyable_activities=("hiking", "Running"),
        )
    )
    me.settings.add_injury(InjuryCreate("SHOULDERS", "tweaked it", 4, date(2026, 10, 20)))
    me.settings.add_movement_rule(MovementRuleCreate("AVOID", "PATTERN", pattern="LUNGE"))
    deadlift = movement_id(alloy, DEADLIFT)
    me.settings.add_movement_rule(MovementRuleCreate("HARD_NO", "MOVEMENT", movement_id=deadlift))
    landmine = me.exercises.create(
        CustomMovementCreate(
            "Landmine Press", "VERTICAL_PUSH", "BARBELL", ("FRONT_DELTS",), ("TRICEPS",)
        )
    )
    me.exercises.create(CustomMovementCreate("Sled Drag", "CARRY", "OTHER", ("QUADS", "GLUTES")))
    goals = (GoalWeight("STRENGTH", 6), GoalWeight("HYPERTROPHY", 4))
    me.programs.create(ProgramCreate(goals=goals, duration_weeks=8, name="Block one"))
    adapted = me.days.adapt(MONDAY, AdaptationRequest((SorenessInput("LEGS", 8),), notes="sore"))
    me.days.accept(MONDAY, AcceptPlanRequest(adapted.thread_id, "fine"))
    me.days.adapt(MONDAY, AdaptationRequest(recovery_signal="POOR"))  # left open
    session = me.days.plan(MONDAY).session
    assert session is not None and session.is_adapted
    main = next(e for e in session.exercises if e.role is not ExerciseRole.WARMUP)
    sets = (CompletedSet(1, 95, 8), CompletedSet(2, 185, 5, 8), CompletedSet(3, 185, 5, 9))
    logged = me.logs.log_workout(
        WorkoutLogCreate(
            session.id,
            (CompletedExercise(sets, session_exercise_id=main.id),),
            duration_seconds=3900,
            notes="Heavy day",
        )
    )
    mark_sets(alloy, SetType.WARMUP, workout_log_id=logged.id, set_number=1)
    clock.advance(days=2)
    bench = movement_id(alloy, BENCH)
    # A scheduled routine with the custom exercise; the custom workout was started from it.
    routine = me.routines.create(
        RoutineCreate(
            "Press day",
            (RoutineExerciseInput(landmine.id, 3, 8, 12, load_kg=40), RoutineExerciseInput(bench)),
            weekdays=(2, 4),
        )
    )
    me.logs.log_custom_workout(
        CustomWorkoutLogCreate(
            (
                CustomExercise(landmine.id, (CompletedSet(1, 70, 10, 7), CompletedSet(2, 80, 8))),
                CustomExercise(bench, (CompletedSet(1, 155, 6, 8.5),)),
            ),
            name="Extra, upper",
            routine_id=routine.id,
        )
    )
    me.logs.log_soreness(SorenessLogCreate((SorenessInput("LEGS", 6), SorenessInput("ARMS", 3))))
    me.logs.log_recovery_signal(
        RecoverySignalCreate(signal="GOOD", sleep_hours=7.5, stress=2, resting_hr=52, notes="ok")
    )
    running = activity_definition(alloy, "Running")
    me.activities.log(
        ActivityInstanceCreate("Evening run", 42.5, running, distance_km=8.25, enjoyment_rating=4)
    )
    with alloy.context.db.sessions() as s, s.begin():
        s.add(
            ExerciseNameMapping(user_id=me.user.id, source_name="LM press", movement_id=landmine.id)
        )
    me.body_weight.log(BodyWeightCreate(83.0, MONDAY - timedelta(days=4), "KG"))
    me.logs.save_draft(
        {
            "session_id": session.id,
            "routine_id": routine.id,
            "exercises": [{"movement_id": landmine.id, "session_exercise_id": main.id}],
        }
    )
    clock.advance(hours=3)


def activity_definition(alloy: Alloy, name: str) -> int:
    with alloy.context.db.sessions() as s:
        found = s.scalar(select(ActivityDefinition.id).where(ActivityDefinition.name == name))
        assert found is not None
        return found


def thread_ids(alloy: Alloy, user_id: int) -> list[int]:
    with alloy.context.db.sessions() as s:
        query = select(ConversationThread.id).where(ConversationThread.user_id == user_id)
        return list(s.scalars(query.order_by(ConversationThread.id)))


# --- comparing two accounts ------------------------------------------------------------------


def api_view(alloy: Alloy, api: UserApi) -> Any:
    """Everything the lifter can read through the api, with ids made install-independent."""
    catalog = alloy.context.user_catalog(api.user.id)
    workouts = api.logs.workouts(limit=500)
    view = {
        "workouts": workouts,
        "details": [api.logs.workout(w.id) for w in workouts],
        "trends": {name: api.logs.e1rm_trend(mid) for mid, name in api.logs.logged_movements()},
        "hard_sets": api.logs.weekly_hard_sets(),
        "recovery": api.logs.muscle_recovery(),
        "soreness": api.logs.soreness_history(3650),
        "signals": api.logs.recovery_signals(),
        "draft": api.logs.load_draft(),
        "adherence": api.logs.adherence(),
        "programs": api.programs.list(),
        "plan": api.days.plan(MONDAY),
        "calendar": api.days.calendar(2026, 11),
        "threads": [api.days.conversation(t) for t in thread_ids(alloy, api.user.id)],
        "settings": api.settings.get(),
        "profile": api.settings.get_profile(),
        "injuries": api.settings.injuries(active_only=False),
        "exercises": api.exercises.list(),
        "activities": api.activities.history(),
        "history": api.history.search(limit=500),
        "routines": api.routines.list(),
        "body weight": api.body_weight.entries(),
    }
    return without_ids(view, catalog.name)


def without_ids(value: Any, movement_name: Callable[[int], str]) -> Any:
    """Dataclasses as dicts; movement ids as names; every other id (and the email) dropped."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in MOVEMENT_KEYS:
                out[key] = movement_name(item) if isinstance(item, int) else item
            elif key not in ("id", "email") and not key.endswith("_id"):
                out[key] = without_ids(item, movement_name)
        return out
    if isinstance(value, list | tuple):
        return [without_ids(item, movement_name) for item in value]
    return value


def table_view(alloy: Alloy, user_id: int) -> dict[str, Any]:
    """Every row of the user's tables with each id replaced by its rank among that table's ids.

    Restore keeps rows in file order, so ranks survive renumbering: equal views mean equal
    rows *and* links. Library movements appear by slug, custom ones by rank.
    """
    with alloy.context.db.engine.connect() as c:
        ranks = {
            t.name: {
                row_id: i
                for i, row_id in enumerate(
                    c.scalars(select(t.c.id).where(owned(t, user_id)).order_by(t.c.id))
                )
            }
            for t in USER_TABLES
        }
        slugs = dict(c.execute(select(Movement.id, Movement.slug)).all())
        account = select(*(USERS.c[n] for n in ACCOUNT_COLUMNS)).where(USERS.c.id == user_id)
        view: dict[str, Any] = {ACCOUNT_TABLE: c.execute(account).all()}
        for t in USER_TABLES:
            rows = c.execute(select(t).where(owned(t, user_id)).order_by(t.c.id)).mappings()
            view[t.name] = [ranked_row(t, row, ranks, slugs) for row in rows]
    return view


def ranked_row(
    table: Table, row: Mapping[Any, Any], ranks: dict[str, dict[int, int]], slugs: dict[int, str]
) -> dict[str, Any]:
    def movement(value: Any) -> Any:
        if value in ranks["movements"]:
            return f"custom #{ranks['movements'][value]}"
        return slugs.get(value, value)

    def in_json(value: Any) -> Any:
        if isinstance(value, list):
            return [in_json(v) for v in value]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, item in value.items():
            if key in MOVEMENT_KEYS:
                out[key] = movement(item)
            elif key in JSON_ID_KEYS and item is not None:
                out[key] = ranks[JSON_ID_KEYS[key]].get(item, "foreign")
            elif key == "id" and "order_in_session" in value and item is not None:
                out[key] = ranks["session_exercises"].get(item, "foreign")
            else:
                out[key] = in_json(item)
        return out

    out: dict[str, Any] = {}
    for column in table.columns:
        value = row[column.name]
        target = next((fk.column.table.name for fk in column.foreign_keys), None)
        if column.primary_key:
            value = ranks[table.name][value]
        elif target == ACCOUNT_TABLE:
            value = "owner" if value is not None else None
        elif target == "movements" and value is not None:
            value = movement(value)
        elif target in ranks and value is not None:
            value = ranks[target].get(value, "foreign")
        elif table.name == "movements" and column.name == "slug":
            value = "custom"  # a restored custom movement gets a fresh slug, on purpose
        elif column.name == UID_COLUMN:
            value = "uid"  # a restored row gets a fresh global id, on purpose (test below)
        elif isinstance(column.type, JSON):
            value = in_json(value)
        out[column.name] = value
    return out


# --- the round trip --------------------------------------------------------------------------


def test_round_trip_into_a_fresh_database_gives_equal_data(
    alloy: Alloy, me: UserApi, clock: FixedClock, tmp_path: Path
) -> None:
    start = clock.now
    build_rich_account(alloy, me, clock)
    sign_up(alloy, "other@example.com")  # a neighbour whose rows must not travel
    file = tmp_path / "me.alloy.json"

    written = me.backup.backup(file)

    fresh = Alloy.open(tmp_path / "other.db", clock=clock)
    try:
        # Someone else's rows first, so that every restored id differs from its source id.
        later = clock.now
        clock.now = start
        build_rich_account(fresh, sign_up(fresh, "first@example.com"), clock)
        assert clock.now == later
        restored = sign_up(fresh, "restored@example.com", "Placeholder")
        result = restored.backup.restore(file)

        assert result.counts == written.counts
        assert result.counts["logged_sets"] == 6 and result.counts["movements"] == 2
        assert result.created_at == clock.now
        assert table_view(fresh, restored.user.id) == table_view(alloy, me.user.id)
        assert api_view(fresh, restored) == api_view(alloy, me)
        # The draft still points at the restored custom exercise and planned slot.
        draft = restored.logs.load_draft()
        assert draft is not None
        landmine = next(m for m in restored.exercises.list() if m.name == "Landmine Press")
        slot = draft.payload["exercises"][0]["session_exercise_id"]
        assert draft.payload["exercises"][0]["movement_id"] == landmine.id
        session = restored.days.plan(MONDAY).session
        assert session is not None and slot in {e.id for e in session.exercises}
        assert draft.payload["session_id"] == session.id
        # The accepted plan names the restored account's own slots: logging against one works.
        sets = (CompletedSet(1, 135, 5),)
        logged = restored.logs.log_workout(
            WorkoutLogCreate(session.id, (CompletedExercise(sets, session_exercise_id=slot),))
        )
        assert logged.exercises[0].session_exercise_id == slot
    finally:
        fresh.close()


def test_restoring_another_users_backup_writes_only_into_the_callers_account(
    alloy: Alloy, me: UserApi, clock: FixedClock, tmp_path: Path
) -> None:
    build_rich_account(alloy, me, clock)
    other = sign_up(alloy, "other@example.com")
    me.backup.backup(tmp_path / "me.json")
    mine_before = table_view(alloy, me.user.id)
    me_before = api_view(alloy, me)

    other.backup.restore(tmp_path / "me.json")

    assert table_view(alloy, me.user.id) == mine_before
    assert api_view(alloy, me) == me_before
    assert table_view(alloy, other.user.id) == mine_before
    assert other.settings.get_profile().email == "other@example.com"
    assert not other.user.is_admin and me.user.is_admin


def _uids(alloy: Alloy, user_id: int) -> set[str]:
    with alloy.context.db.engine.connect() as c:
        return {
            uid
            for t in USER_TABLES
            if UID_COLUMN in t.c
            for uid in c.scalars(select(t.c[UID_COLUMN]).where(owned(t, user_id)))
        }


def test_restored_rows_get_fresh_uids_so_two_restores_never_collide(
    alloy: Alloy, me: UserApi, clock: FixedClock, tmp_path: Path
) -> None:
    build_rich_account(alloy, me, clock)
    me.backup.backup(tmp_path / "me.json")
    assert f'"{UID_COLUMN}"' not in (tmp_path / "me.json").read_text(encoding="utf-8")
    first, second = sign_up(alloy, "one@example.com"), sign_up(alloy, "two@example.com")

    first.backup.restore(tmp_path / "me.json")
    second.backup.restore(tmp_path / "me.json")

    mine, one, two = (_uids(alloy, u.user.id) for u in (me, first, second))
    assert len(mine) > 10 and len(one) == len(two) == len(mine)
    assert not (mine & one) and not (mine & two) and not (one & two)


def test_the_backup_file_layout(
    alloy: Alloy, me: UserApi, clock: FixedClock, tmp_path: Path
) -> None:
    build_rich_account(alloy, me, clock)
    neighbour = sign_up(alloy, "other@example.com")
    neighbour.activities.log(ActivityInstanceCreate("Neighbour's secret swim", 30))

    summary = me.backup.backup(tmp_path / "me.json")
    text = (tmp_path / "me.json").read_text(encoding="utf-8")
    document = json.loads(text)

    assert summary.path == str(tmp_path / "me.json")
    assert set(document) == {"format", "version", "app_version", "created_at", "unit", "tables"}
    assert (document["format"], document["version"], document["unit"]) == ("alloy-backup", 1, "LB")
    assert datetime.fromisoformat(document["created_at"]) == clock.now
    tables = document["tables"]
    assert set(tables) == {ACCOUNT_TABLE} | {t.name for t in USER_TABLES}
    assert tables[ACCOUNT_TABLE] == [
        {"name": "Sam Lifter", "experience_level": "INTERMEDIATE", "persona_tone": "DIRECT",
         "persona_aggression": "BALANCED"}
    ]  # fmt: skip
    for secret in ("hashed_password", "me@example.com", "other@example.com", "secret swim"):
        assert secret not in text
    assert all("user_id" not in row and "owner_user_id" not in row
               for rows in tables.values() for row in rows)  # fmt: skip
    custom_ids = {row["id"] for row in tables["movements"]}
    assert {row["name"] for row in tables["movements"]} == {"Landmine Press", "Sled Drag"}
    refs = [row["movement_id"] for row in tables["logged_sets"]]
    assert {"slug": "Barbell_Bench_Press_-_Medium_Grip"} in refs
    assert any(ref.get("custom") in custom_ids for ref in refs)
    assert all(set(ref) in ({"slug"}, {"custom"}) for ref in refs)
    first_set = tables["logged_sets"][0]
    assert first_set["formula"] == "BRZYCKI" and first_set["set_type"] == "WARMUP"
    assert datetime.fromisoformat(first_set["performed_at"]).tzinfo is not None
    assert tables["user_injuries"][0]["started_on"] == "2026-10-20"
    assert tables["activity_instances"][0]["activity_definition_id"] == {"name": "Running"}
    accepted = next(row["accepted_plan"] for row in tables["sessions"] if row["accepted_plan"])
    assert all(set(e["movement_id"]) == {"slug"} for e in accepted["exercises"])


def test_every_table_is_backed_up_or_is_library_data(
    alloy: Alloy, me: UserApi, clock: FixedClock
) -> None:
    """A new table is backed up by default; a new users column needs a decision."""
    backed_up = {t.name for t in USER_TABLES}
    assert set(Base.metadata.tables) == backed_up | LIBRARY_TABLES | UNCOPIED_TABLES | {
        ACCOUNT_TABLE
    }
    assert not backed_up & UNCOPIED_TABLES
    assert backed_up >= (SINGLETON_TABLES | REPLACED_TABLES)
    account_columns = set(USERS.columns.keys())
    assert account_columns == set(ACCOUNT_COLUMNS) | ACCOUNT_PRIVATE
    # Ownership splits every user table between two rich accounts (movements: and the library).
    start = clock.now
    build_rich_account(alloy, me, clock)
    other = sign_up(alloy, "other@example.com")
    clock.now = start  # the same day plan for both
    build_rich_account(alloy, other, clock)
    with alloy.context.db.engine.connect() as c:

        def count(table: Any, *where: Any) -> int:
            return c.scalar(select(func.count()).select_from(table).where(*where)) or 0

        library_ids = select(Movement.id).where(Movement.owner_user_id.is_(None))
        shared = {
            "movements": count(Movement, Movement.id.in_(library_ids)),
            "movement_muscle_maps": count(
                MovementMuscleMap, MovementMuscleMap.movement_id.in_(library_ids)
            ),
        }
        for table in USER_TABLES:
            mine = count(table, owned(table, me.user.id))
            theirs = count(table, owned(table, other.user.id))
            total = mine + theirs + shared.get(table.name, 0)
            assert mine == theirs and total == count(table), table.name


# --- restoring into an account that has data -------------------------------------------------


def test_restore_into_an_account_with_history_is_refused(
    alloy: Alloy, me: UserApi, clock: FixedClock, tmp_path: Path
) -> None:
    build_rich_account(alloy, me, clock)
    me.backup.backup(tmp_path / "me.json")
    other = sign_up(alloy, "other@example.com")
    other.activities.log(ActivityInstanceCreate("Swim", 30))
    before = fingerprint(alloy)

    for api in (me, other):  # the same account twice, or another with a log of its own
        with pytest.raises(Conflict) as error:
            api.backup.restore(tmp_path / "me.json")
        assert "Restore into a new account" in error.value.message
    assert fingerprint(alloy) == before

    fresh = sign_up(alloy, "third@example.com")
    fresh.backup.restore(tmp_path / "me.json")
    with pytest.raises(Conflict):  # restoring twice would duplicate: refused
        fresh.backup.restore(tmp_path / "me.json")


def test_restore_replaces_the_set_up_a_new_account_already_has(
    alloy: Alloy, me: UserApi, clock: FixedClock, tmp_path: Path
) -> None:
    build_rich_account(alloy, me, clock)
    me.backup.backup(tmp_path / "me.json")
    new = sign_up(alloy, "new@example.com", "New")
    new.settings.update(SettingsUpdate(weight_unit="KG", soreness_decay_hours=20))
    new.settings.update_profile(ProfileUpdate(body_weight_kg=60, enjoyable_activities=("swim",)))
    new.settings.add_injury(InjuryCreate("LEGS", "old knee", 6))
    new.settings.add_movement_rule(MovementRuleCreate("AVOID", "BODY_PART", body_part="BACK"))
    new.logs.save_draft({"started": "just now"})

    new.backup.restore(tmp_path / "me.json")

    mine, theirs = api_view(alloy, me), api_view(alloy, new)
    for part in ("settings", "profile", "injuries", "draft"):
        assert theirs[part] == mine[part], part
    assert new.settings.get_profile().name == "Sam Lifter"
    assert new.settings.get_profile().enjoyable_activities == ("hiking", "Running")


# --- all or nothing --------------------------------------------------------------------------


def corrupted(source: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    document = json.loads(source.read_text(encoding="utf-8"))
    change(document["tables"])
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def break_last_set(tables: dict[str, Any]) -> None:
    tables["logged_sets"][-1]["reps"] = 0  # the database's CHECK refuses it, late in the run


def misdate_last_top_set(tables: dict[str, Any]) -> None:
    tables["top_set_logs"][-1]["performed_at"] = "last Tuesday"


def dangle_a_slot(tables: dict[str, Any]) -> None:
    tables["logged_sets"][-1]["workout_log_id"] = 999_999


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (break_last_set, "logged_sets"),
        (misdate_last_top_set, "top_set_logs row 3: performed_at"),
        (dangle_a_slot, "workout_log_id names a workout_logs row the file does not hold"),
    ],
)
def test_a_restore_that_fails_late_writes_nothing(
    alloy: Alloy,
    me: UserApi,
    clock: FixedClock,
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    words: str,
) -> None:
    build_rich_account(alloy, me, clock)
    me.backup.backup(tmp_path / "me.json")
    bad = corrupted(tmp_path / "me.json", tmp_path / "bad.json", change)
    new = sign_up(alloy, "new@example.com")
    new.settings.add_injury(InjuryCreate("LEGS"))  # set-up the restore would have replaced
    before = fingerprint(alloy)

    with pytest.raises(ValidationError) as error:
        new.backup.restore(bad)

    assert error.value.field == "path" and words in error.value.message
    assert "damaged" in error.value.message and "nothing was restored" in error.value.message
    assert fingerprint(alloy) == before
    assert new.exercises.list() == [] and new.logs.workouts() == []


# --- refused files ---------------------------------------------------------------------------


def valid_backup(tmp_path: Path, me: UserApi) -> Path:
    me.logs.log_workout(
        WorkoutLogCreate(None, (CompletedExercise((CompletedSet(1, 60, 5),), movement_id=1),))
    )
    return Path(me.backup.backup(tmp_path / "valid.json").path)


def unknown_slug(tables: dict[str, Any]) -> None:
    tables["logged_sets"][0]["movement_id"] = {"slug": "Moon_Squat"}
    tables["top_set_logs"][0]["movement_id"] = {"slug": "Zero_G_Press"}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (bytes(range(256)) * 4, "not JSON"),
        (b"Date,Workout Name\n", "not JSON"),
        (b'{"format": "alloy-backup", "version": NaN}', "not JSON"),
        (b"[1, 2, 3]", "not an Alloy backup"),
        (b'{"format": "strong", "version": 1, "tables": {}}', "not an Alloy backup"),
        (b'{"format": "alloy-backup", "version": "1", "tables": {}}', "no valid version"),
        (b'{"format": "alloy-backup", "version": 2, "tables": {}}', "newer Alloy"),
        (b'{"format": "alloy-backup", "version": 1, "tables": []}', "damaged"),
        (b'{"format": "alloy-backup", "version": 1, "tables": {"users": [1]}}', "damaged"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    ],
)
def test_files_that_are_not_a_restorable_backup_are_refused(
    alloy: Alloy, me: UserApi, tmp_path: Path, content: bytes, words: str
) -> None:
    file = tmp_path / "file.json"
    file.write_bytes(content)
    before = fingerprint(alloy)
    with pytest.raises(ValidationError) as error:
        me.backup.restore(file)
    assert error.value.field == "path" and words in error.value.message
    assert fingerprint(alloy) == before


def test_a_newer_backup_says_to_update(alloy: Alloy, me: UserApi, tmp_path: Path) -> None:
    file = tmp_path / "new.json"
    file.write_text(json.dumps({"format": "alloy-backup", "version": 7, "tables": {}}))
    with pytest.raises(ValidationError) as error:
        me.backup.restore(file)
    assert error.value.message == (
        "This backup was made by a newer Alloy (backup version 7; this Alloy reads version 1). "
        "Update Alloy to restore it."
    )


def test_a_backup_naming_exercises_this_install_lacks_is_refused_by_name(
    alloy: Alloy, me: UserApi, tmp_path: Path
) -> None:
    bad = corrupted(valid_backup(tmp_path, me), tmp_path / "bad.json", unknown_slug)
    new = sign_up(alloy, "new@example.com")
    before = fingerprint(alloy)
    with pytest.raises(ValidationError) as error:
        new.backup.restore(bad)
    assert error.value.message == (
        "This backup uses exercises this install of Alloy doesn't have: Moon_Squat, "
        "Zero_G_Press. Update Alloy, then restore again."
    )
    assert fingerprint(alloy) == before


def test_a_file_over_the_size_cap_is_refused(
    alloy: Alloy, me: UserApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = valid_backup(tmp_path, me)
    new = sign_up(alloy, "new@example.com")
    monkeypatch.setattr(backup_module, "MAX_BACKUP_BYTES", file.stat().st_size - 1)
    with pytest.raises(ValidationError, match="over"):
        new.backup.restore(file)
    assert new.logs.workouts() == []


HOSTILE_PATHS: list[Callable[[Path], object]] = [
    lambda _: None,
    lambda _: 3,
    lambda _: 2.5,
    lambda _: b"/tmp/backup.json",
    lambda _: "",
    lambda _: "   ",
    lambda tmp: str(tmp) + "/a\x00b.json",
    lambda tmp: tmp,  # a folder
    lambda tmp: tmp / "no such folder" / "backup.json",
    lambda _: ["backup.json"],
]


@pytest.mark.parametrize("make", HOSTILE_PATHS)
@pytest.mark.parametrize("call", ["export_csv", "backup", "restore"])
def test_hostile_paths_give_only_typed_errors_and_write_nothing(
    alloy: Alloy, me: UserApi, tmp_path: Path, make: Callable[[Path], object], call: str
) -> None:
    before = fingerprint(alloy)
    files = sorted(tmp_path.rglob("*"))
    with pytest.raises(ValidationError) as error:
        getattr(me.backup, call)(make(tmp_path))
    assert type(error.value) is ValidationError and error.value.field == "path"
    assert error.value.message
    assert fingerprint(alloy) == before and sorted(tmp_path.rglob("*")) == files


def test_restore_of_a_missing_file_or_a_binary_one_says_so(
    alloy: Alloy, me: UserApi, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="There is no file at"):
        me.backup.restore(tmp_path / "missing.json")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2000))
    with pytest.raises(ValidationError, match="not JSON"):
        me.backup.restore(tmp_path / "photo.jpg")


# --- the Strong-layout CSV -------------------------------------------------------------------


def log_for_csv(alloy: Alloy, me: UserApi) -> None:
    """Two workouts (one with a warm-up and a drop set) and a run, in an odd order."""
    bench, squat = movement_id(alloy, BENCH), movement_id(alloy, SQUAT)
    heavy = me.logs.log_workout(
        WorkoutLogCreate(
            None,
            (
                CompletedExercise(
                    (
                        CompletedSet(1, 60, 10),
                        CompletedSet(2, 102.5, 5, 8),
                        CompletedSet(3, 80, 12),
                    ),
                    movement_id=bench,
                ),
                CompletedExercise((CompletedSet(1, 140, 3, 9.5),), movement_id=squat),
            ),
            performed_at=datetime(2026, 11, 2, 7, 0, tzinfo=UTC),
            duration_seconds=3900,
            notes="Felt strong",
        )
    )
    mark_sets(alloy, SetType.WARMUP, workout_log_id=heavy.id, set_number=1, movement_id=bench)
    mark_sets(alloy, SetType.DROP, workout_log_id=heavy.id, set_number=3)
    me.logs.log_custom_workout(
        CustomWorkoutLogCreate(
            (CustomExercise(bench, (CompletedSet(1, 100, 1),)),),
            name="Singles, light",
            performed_at=datetime(2026, 11, 1, 20, 0, tzinfo=UTC),
            duration_seconds=2700,
        )
    )
    me.activities.log(
        ActivityInstanceCreate(
            "Morning run",
            42.5,
            distance_km=8.25,
            notes="easy",
            performed_start=datetime(2026, 11, 1, 1, 0, tzinfo=UTC),
        )
    )


def test_csv_export_in_kilograms_is_strongs_layout_in_local_time(
    alloy: Alloy, me: UserApi, tmp_path: Path, india_time: None
) -> None:
    log_for_csv(alloy, me)

    summary = me.backup.export_csv(tmp_path / "strong.csv")

    assert summary.counts == {"workouts": 2, "sets": 4, "warmup_sets": 1, "activities": 1}
    assert (tmp_path / "strong.csv").read_text(encoding="utf-8") == (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        "2026-11-01 06:30:00,Morning run,42m,Morning run,1,,,8.25,2550,easy,,\n"
        '2026-11-02 01:30:00,"Singles, light",45m,' + BENCH + ",1,100,1,,,,,\n"
        "2026-11-02 12:30:00,Workout,1h 5m," + BENCH + ",W,60,10,,,,Felt strong,\n"
        "2026-11-02 12:30:00,Workout,1h 5m," + BENCH + ",2,102.5,5,,,,Felt strong,8\n"
        "2026-11-02 12:30:00,Workout,1h 5m," + BENCH + ",D,80,12,,,,Felt strong,\n"
        "2026-11-02 12:30:00,Workout,1h 5m," + SQUAT + ",1,140,3,,,,Felt strong,9.5\n"
    )


def test_csv_export_in_pounds_has_no_float_noise(
    alloy: Alloy, me: UserApi, tmp_path: Path, india_time: None
) -> None:
    log_for_csv(alloy, me)
    me.settings.update(SettingsUpdate(weight_unit="LB"))
    me.logs.log_workout(
        WorkoutLogCreate(
            None,
            (CompletedExercise((CompletedSet(1, 225, 5),), movement_id=movement_id(alloy, SQUAT)),),
            performed_at=datetime(2026, 11, 3, 18, 45, tzinfo=UTC),
        )
    )

    me.backup.export_csv(tmp_path / "strong.csv")

    lines = (tmp_path / "strong.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(CSV_HEADER)
    assert lines[3:5] == [
        f"2026-11-02 12:30:00,Workout,1h 5m,{BENCH},W,132.28,10,,,,Felt strong,",
        f"2026-11-02 12:30:00,Workout,1h 5m,{BENCH},2,225.97,5,,,,Felt strong,8",
    ]
    assert lines[-1] == f"2026-11-04 00:15:00,Workout,0m,{SQUAT},1,225,5,,,,,"
    assert len(lines) == 1 + 6 + 1  # the header, every set, the run


def test_csv_export_row_count_matches_a_rich_account(
    alloy: Alloy, me: UserApi, clock: FixedClock, tmp_path: Path
) -> None:
    build_rich_account(alloy, me, clock)
    summary = me.backup.export_csv(tmp_path / "all.csv")
    lines = (tmp_path / "all.csv").read_text(encoding="utf-8").splitlines()
    assert summary.counts == {"workouts": 2, "sets": 5, "warmup_sets": 1, "activities": 1}
    assert len(lines) == 1 + 6 + 1
    assert [line.split(",")[4] for line in lines[1:4]] == ["W", "2", "3"]
    assert "Landmine Press" in lines[4] and '"Extra, upper"' in lines[4]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    alloy: Alloy, me: UserApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_for_csv(alloy, me)
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "strong.csv"
    target.write_text("the export of last week\n")

    def disk_full(handle: Any, blocks: Any) -> None:
        handle.write("Date,Workout Na")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module, "_write_csv", disk_full)
    with pytest.raises(ValidationError, match="no space left on device"):
        me.backup.export_csv(target)

    assert target.read_text() == "the export of last week\n"
    assert [p.name for p in target.parent.iterdir()] == ["strong.csv"]


def test_an_empty_account_exports_a_header_and_backs_up_its_defaults(
    alloy: Alloy, me: UserApi, tmp_path: Path
) -> None:
    assert me.backup.export_csv(tmp_path / "empty.csv").counts == {
        "workouts": 0, "sets": 0, "warmup_sets": 0, "activities": 0
    }  # fmt: skip
    assert (tmp_path / "empty.csv").read_text() == ",".join(CSV_HEADER) + "\n"
    summary = me.backup.backup(tmp_path / "empty.json")
    assert summary.counts["user_settings"] == 1 and summary.counts["workout_logs"] == 0
    new = sign_up(alloy, "new@example.com")
    new.backup.restore(tmp_path / "empty.json")
    assert new.settings.get() == me.settings.get()


def test_a_set_note_goes_to_the_notes_column(alloy: Alloy, me: UserApi, tmp_path: Path) -> None:
    squat = movement_id(alloy, "Barbell Squat")
    noted = CompletedSet(1, 100.0, 5, 8.0, note="belt on, felt fast")
    me.logs.log_custom_workout(
        CustomWorkoutLogCreate((CustomExercise(squat, (noted,)),), name="Legs", notes="good day")
    )
    me.backup.export_csv(tmp_path / "notes.csv")
    rows = list(csv.reader((tmp_path / "notes.csv").open(encoding="utf-8")))
    header, row = rows[0], rows[1]
    assert row[header.index("Notes")] == "belt on, felt fast"
    assert row[header.index("Workout Notes")] == "good day"
