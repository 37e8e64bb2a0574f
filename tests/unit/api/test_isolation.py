"""Isolation: another user can't read, change or delete one user's rows, even by guessing ids."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from db_state import fingerprint
from sqlalchemy import select

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import (
    CoachLinkStatus,
    DayOutcome,
    E1RMFormula,
    ExerciseRole,
    WeightUnit,
)
from alloy_desktop.domain.recovery import MAX_LEVEL
from alloy_desktop.services.errors import NotFound
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
    ExerciseEdit,
    GoalWeight,
    InjuryCreate,
    MovementRuleCreate,
    ProfileUpdate,
    ProgramCreate,
    RecoverySignalCreate,
    RoutineCreate,
    RoutineExerciseInput,
    SetEdit,
    SettingsUpdate,
    SorenessInput,
    SorenessLogCreate,
    WorkoutEdit,
    WorkoutLogCreate,
)
from alloy_desktop.store.models import (
    ActivityInstance,
    BodyWeightLog,
    CoachLink,
    ConversationThread,
    LoggedSet,
    Microcycle,
    Movement,
    Program,
    Routine,
    Session,
    SessionExercise,
    UserInjury,
    UserMovementRule,
    WorkoutLog,
)

MONDAY = date(2026, 11, 2)  # the conftest clock's day: a Lower Strength day
NEVER = 2**31 - 1  # a valid id (the largest an id column holds) that no row will ever have
ONE_SET = (CompletedSet(1, 60.0, 5, 8.0),)
SQUAT_GUESS = 1  # any library movement: the probes below fail on the foreign id first
EDIT = SetEdit(60.0, 5, 8.0)
WHOLE_WORKOUT = WorkoutEdit(
    "Theirs", datetime(2026, 10, 1, tzinfo=UTC), (ExerciseEdit(SQUAT_GUESS, (EDIT,)),)
)
ZERCHER = CustomMovementCreate(
    "Pin Squat From Knees", "SQUAT", "BARBELL", ("QUADS", "GLUTES"), ("ABS",)
)


@dataclass(frozen=True)
class Owned:
    """The ids of every kind of row the first user owns (read from the database)."""

    programs: tuple[int, ...]
    microcycles: tuple[int, ...]
    sessions: tuple[int, ...]
    session_exercises: tuple[int, ...]
    workouts: tuple[int, ...]
    threads: tuple[int, ...]
    rules: tuple[int, ...]
    injuries: tuple[int, ...]
    activities: tuple[int, ...]
    custom_movements: tuple[int, ...]
    sets: tuple[int, ...]
    routines: tuple[int, ...]
    body_weights: tuple[int, ...]
    coach_links: tuple[int, ...]  # as coach or as athlete
    athletes: tuple[int, ...]  # user ids of the athletes who accepted this user as coach
    # (program, microcycle, session) of every planned session
    session_paths: tuple[tuple[int, int, int], ...]
    open_thread: int
    squat_id: int


def build_rich_user(alloy: Alloy, me: UserApi) -> Owned:
    """A user with one of everything: programs, an adapted day, logs, rules, a draft, settings."""
    goals = (GoalWeight("STRENGTH", 6), GoalWeight("HYPERTROPHY", 4))
    me.programs.create(ProgramCreate(goals=(GoalWeight("ENDURANCE", 10),), duration_weeks=10))
    program = me.programs.create(ProgramCreate(goals=goals, duration_weeks=8))  # the active one
    accepted = me.days.adapt(MONDAY, AdaptationRequest((SorenessInput("LEGS", 8),)))
    me.days.accept(MONDAY, AcceptPlanRequest(accepted.thread_id, "fine"))
    still_open = me.days.adapt(MONDAY, AdaptationRequest(recovery_signal="POOR"))
    session = program.microcycles[0].sessions[0]
    main = next(e for e in session.exercises if e.role is ExerciseRole.MAIN)
    me.logs.log_workout(
        WorkoutLogCreate(session.id, (CompletedExercise(ONE_SET, session_exercise_id=main.id),))
    )
    me.logs.log_custom_workout(
        CustomWorkoutLogCreate((CustomExercise(main.movement_id, ONE_SET),), name="Extra")
    )
    me.logs.log_soreness(SorenessLogCreate((SorenessInput("LEGS", 6), SorenessInput("ARMS", 3))))
    me.logs.log_recovery_signal(RecoverySignalCreate(signal="GOOD", sleep_hours=7.5, stress=2))
    me.activities.log(ActivityInstanceCreate("Hike", 90, distance_km=8.0))
    zercher = me.exercises.create(ZERCHER)
    me.logs.log_custom_workout(
        CustomWorkoutLogCreate((CustomExercise(zercher.id, ONE_SET),), name="Own lift")
    )
    me.settings.add_movement_rule(MovementRuleCreate("AVOID", "PATTERN", pattern="LUNGE"))
    me.settings.add_injury(InjuryCreate("SHOULDERS", "tweaked it", 4))
    routine = me.routines.create(
        RoutineCreate("Mine", (RoutineExerciseInput(main.movement_id),), weekdays=(0,))
    )
    me.logs.log_custom_workout(
        CustomWorkoutLogCreate(
            (CustomExercise(main.movement_id, ONE_SET),), name="Routine", routine_id=routine.id
        )
    )
    me.logs.save_draft({"exercise": main.movement_id, "sets": [[60, 5]]})
    me.settings.update(SettingsUpdate(weight_unit="LB", soreness_decay_hours=36))
    me.prescriptions.set_rest_seconds(main.movement_id, 150)
    me.prescriptions.set_rest_seconds(zercher.id, 120)
    me.settings.update_profile(ProfileUpdate(body_weight_kg=80.0, enjoyable_activities=("hiking",)))
    me.body_weight.log(BodyWeightCreate(81.0, MONDAY - timedelta(days=3)))
    # A coach of athletes: one accepted (Ath), and Ath invites them back, still pending.
    ath = alloy.for_token(
        alloy.auth.register("ath@example.com", "pw-123456789", "Ath").access_token
    )
    ath.coaching.answer(me.coaching.invite("ath@example.com").id, accept=True)
    ath.coaching.invite(me.user.email)
    return owned_by(alloy, me.user.id, still_open.thread_id, main.movement_id)


def owned_by(alloy: Alloy, user_id: int, open_thread: int = 0, squat_id: int = 0) -> Owned:
    """Every id of `user_id`'s rows, straight from the database."""
    with alloy.context.db.sessions() as s:

        def ids(column: Any, *where: Any) -> tuple[int, ...]:
            return tuple(sorted(s.scalars(select(column).where(*where))))

        paths = s.execute(
            select(Session.program_id, Session.microcycle_id, Session.id)
            .join(Program, Program.id == Session.program_id)
            .where(Program.user_id == user_id)
            .order_by(Session.id)
        ).all()
        return Owned(
            programs=ids(Program.id, Program.user_id == user_id),
            microcycles=ids(
                Microcycle.id,
                Microcycle.program_id.in_(select(Program.id).where(Program.user_id == user_id)),
            ),
            sessions=tuple(sorted(p[2] for p in paths)),
            session_exercises=ids(SessionExercise.id, SessionExercise.user_id == user_id),
            workouts=ids(WorkoutLog.id, WorkoutLog.user_id == user_id),
            threads=ids(ConversationThread.id, ConversationThread.user_id == user_id),
            rules=ids(UserMovementRule.id, UserMovementRule.user_id == user_id),
            injuries=ids(UserInjury.id, UserInjury.user_id == user_id),
            activities=ids(ActivityInstance.id, ActivityInstance.user_id == user_id),
            custom_movements=ids(Movement.id, Movement.owner_user_id == user_id),
            sets=ids(LoggedSet.id, LoggedSet.user_id == user_id),
            routines=ids(Routine.id, Routine.user_id == user_id),
            body_weights=ids(BodyWeightLog.id, BodyWeightLog.user_id == user_id),
            coach_links=ids(
                CoachLink.id,
                (CoachLink.coach_user_id == user_id) | (CoachLink.athlete_user_id == user_id),
            ),
            athletes=ids(
                CoachLink.athlete_user_id,
                CoachLink.coach_user_id == user_id,
                CoachLink.status == CoachLinkStatus.ACCEPTED,
            ),
            session_paths=tuple((p[0], p[1], p[2]) for p in paths),
            open_thread=open_thread,
            squat_id=squat_id,
        )


def guesses(ids: Iterable[int], not_these: Iterable[int]) -> list[int]:
    """The ids and their neighbours, without any the guesser owns themselves."""
    own = set(not_these)
    return sorted({n for i in ids for n in (i - 1, i, i + 1) if n >= 1} - own)


def me_view(me: UserApi, owned: Owned) -> dict[str, Any]:
    """Everything the first user can see of their own data, for a before/after comparison."""
    return {
        "programs": me.programs.list(),
        "plan": me.days.plan(MONDAY),
        "calendar": me.days.calendar(2026, 11),
        "threads": [me.days.conversation(t) for t in owned.threads],
        "workouts": me.logs.workouts(),
        "details": [me.logs.workout(w.id) for w in me.logs.workouts()],
        "soreness": me.logs.soreness_history(),
        "recovery": me.logs.muscle_recovery(),
        "signals": me.logs.recovery_signals(),
        "draft": me.logs.load_draft(),
        "adherence": me.logs.adherence(),
        "settings": me.settings.get(),
        "profile": me.settings.get_profile(),
        "injuries": me.settings.injuries(active_only=False),
        "activities": me.activities.history(),
        "custom": me.exercises.list(),
        "prescriptions": [me.prescriptions.for_session(s) for s in owned.sessions[:3]],
        "rest": me.prescriptions.rest_seconds(owned.squat_id),
        "history": me.history.search(),
        "history details": [me.history.workout(w) for w in owned.workouts],
        "routines": me.routines.list(),
        "body weight": me.body_weight.entries(),
    }


# --- which calls take an id ------------------------------------------------------------------

Probe = Callable[[UserApi, int], object]

# service, method, the kind of id it takes (an Owned field), and how to call it with one id.
ID_PROBES: list[tuple[str, str, str, Probe]] = [
    ("programs", "get", "programs", lambda api, i: api.programs.get(i)),
    ("programs", "delete", "programs", lambda api, i: api.programs.delete(i)),
    ("programs", "activate", "programs", lambda api, i: api.programs.activate(i)),
    (
        "programs",
        "generate_next_microcycle",
        "programs",
        lambda api, i: api.programs.generate_next_microcycle(i),
    ),
    ("days", "accept", "threads", lambda api, i: api.days.accept(MONDAY, AcceptPlanRequest(i))),
    ("days", "reject", "threads", lambda api, i: api.days.reject(MONDAY, i)),
    ("days", "conversation", "threads", lambda api, i: api.days.conversation(i)),
    ("days", "substitutes", "session_exercises", lambda api, i: api.days.substitutes(i)),
    ("logs", "workout", "workouts", lambda api, i: api.logs.workout(i)),
    ("logs", "adherence", "programs", lambda api, i: api.logs.adherence(i)),
    (
        "logs",
        "log_workout",
        "sessions",
        lambda api, i: api.logs.log_workout(WorkoutLogCreate(i, (CompletedExercise(ONE_SET),))),
    ),
    (
        "logs",
        "log_workout",
        "session_exercises",
        lambda api, i: api.logs.log_workout(
            WorkoutLogCreate(None, (CompletedExercise(ONE_SET, session_exercise_id=i),))
        ),
    ),
    (
        "settings",
        "remove_movement_rule",
        "rules",
        lambda api, i: api.settings.remove_movement_rule(i),
    ),
    ("settings", "resolve_injury", "injuries", lambda api, i: api.settings.resolve_injury(i)),
    ("activities", "delete", "activities", lambda api, i: api.activities.delete(i)),
    # The LLM coach's threads: every call looks the thread up before any model is asked.
    ("days", "continue_stream", "threads", lambda api, i: api.days.continue_stream(i, "Hi")),
    ("coach", "continue_stream", "threads", lambda api, i: api.coach.continue_stream(i, "Hi")),
    ("coach", "propose_changes", "threads", lambda api, i: api.coach.propose_changes(i)),
    ("coach", "accept", "threads", lambda api, i: api.coach.accept(i)),
    ("coach", "reject", "threads", lambda api, i: api.coach.reject(i)),
    ("coach", "conversation", "threads", lambda api, i: api.coach.conversation(i)),
    ("coach", "pick_substitute", "session_exercises", lambda api, i: api.coach.pick_substitute(i)),
    # A lifter's custom exercises are theirs alone: not even the shared calls see them.
    ("exercises", "update", "custom_movements", lambda api, i: api.exercises.update(i, ZERCHER)),
    ("exercises", "delete", "custom_movements", lambda api, i: api.exercises.delete(i)),
    ("library", "get", "custom_movements", lambda api, i: api.library.get(i)),
    ("logs", "e1rm_trend", "custom_movements", lambda api, i: api.logs.e1rm_trend(i)),
    ("logs", "last_performance", "custom_movements", lambda api, i: api.logs.last_performance(i)),
    # Prescriptions read one session of the caller's, or a movement the caller can see.
    ("prescriptions", "for_session", "sessions", lambda api, i: api.prescriptions.for_session(i)),
    (
        "prescriptions",
        "for_exercise",
        "custom_movements",
        lambda api, i: api.prescriptions.for_exercise(i),
    ),
    (
        "prescriptions",
        "adjust",
        "custom_movements",
        lambda api, i: api.prescriptions.adjust(i, 5, 8, 100, 5, 9, 100),
    ),
    (
        "prescriptions",
        "warmup",
        "custom_movements",
        lambda api, i: api.prescriptions.warmup(i, 100),
    ),
    (
        "prescriptions",
        "rest_seconds",
        "custom_movements",
        lambda api, i: api.prescriptions.rest_seconds(i),
    ),
    (
        "prescriptions",
        "set_rest_seconds",
        "custom_movements",
        lambda api, i: api.prescriptions.set_rest_seconds(i, 90),
    ),
    # History: every edit names a workout or a set of the caller's; so does undoing a delete.
    ("history", "workout", "workouts", lambda api, i: api.history.workout(i)),
    ("history", "update_set", "sets", lambda api, i: api.history.update_set(i, EDIT)),
    ("history", "remove_set", "sets", lambda api, i: api.history.remove_set(i)),
    (
        "history",
        "add_set",
        "workouts",
        lambda api, i: api.history.add_set(i, SQUAT_GUESS, EDIT),
    ),
    (
        "history",
        "add_exercise",
        "workouts",
        lambda api, i: api.history.add_exercise(i, SQUAT_GUESS, (EDIT,)),
    ),
    (
        "history",
        "remove_exercise",
        "workouts",
        lambda api, i: api.history.remove_exercise(i, SQUAT_GUESS),
    ),
    (
        "history",
        "set_workout_date",
        "workouts",
        lambda api, i: api.history.set_workout_date(i, datetime(2026, 10, 1, tzinfo=UTC)),
    ),
    (
        "history",
        "update_workout",
        "workouts",
        lambda api, i: api.history.update_workout(i, WHOLE_WORKOUT),
    ),
    ("history", "delete_workout", "workouts", lambda api, i: api.history.delete_workout(i)),
    ("routines", "get", "routines", lambda api, i: api.routines.get(i)),
    (
        "routines",
        "update",
        "routines",
        lambda api, i: api.routines.update(i, RoutineCreate("Theirs")),
    ),
    ("routines", "delete", "routines", lambda api, i: api.routines.delete(i)),
    ("routines", "from_workout", "workouts", lambda api, i: api.routines.from_workout(i)),
    (
        "logs",
        "log_custom_workout",
        "routines",
        lambda api, i: api.logs.log_custom_workout(
            CustomWorkoutLogCreate((CustomExercise(SQUAT_GUESS, ONE_SET),), routine_id=i)
        ),
    ),
    ("body_weight", "delete", "body_weights", lambda api, i: api.body_weight.delete(i)),
    ("coaching", "answer", "coach_links", lambda api, i: api.coaching.answer(i, True)),
    ("coaching", "answer", "coach_links", lambda api, i: api.coaching.answer(i, False)),
    ("coaching", "end", "coach_links", lambda api, i: api.coaching.end(i)),
    ("coaching", "athlete_user", "athletes", lambda api, i: api.coaching.athlete_user(i)),
    ("coaching", "athlete_user", "athletes", lambda api, i: api.athlete(i)),
]

# Calls whose id names shared reference data (the movement library, benchmark circuits).
SHARED_ID_CALLS = {
    ("logs", "last_performance"),
    ("logs", "e1rm_trend"),
    ("library", "get"),
    ("circuits", "get"),
    ("circuits", "admin_get"),
    ("circuits", "admin_update"),
    ("prescriptions", "for_exercise"),
    ("prescriptions", "adjust"),
    ("prescriptions", "warmup"),
    ("prescriptions", "rest_seconds"),
    ("prescriptions", "set_rest_seconds"),
}


# Calls that take an id but answer for the caller's rows only, without raising: checked
# on their own below.
SCOPED_ID_CALLS = {("coach", "design_microcycles")}
# Calls with several ids at once, probed position by position in their own test.
PATH_ID_CALLS = {("programs", "get_session")}


def id_taking_calls(api: UserApi) -> set[tuple[str, str]]:
    """Every public method of the user api's services with a parameter named like an id."""
    found = set()
    for service_name, service in api.services().items():
        for name, method in inspect.getmembers(type(service), inspect.isfunction):
            params = inspect.signature(method).parameters
            if not name.startswith("_") and any(p.endswith("_id") for p in params):
                found.add((service_name, name))
    return found


def test_every_id_taking_call_is_probed(other: UserApi) -> None:
    """A new call that takes an id must be added to ID_PROBES (or SHARED_ID_CALLS)."""
    probed = {(service, method) for service, method, _, _ in ID_PROBES} - SHARED_ID_CALLS
    # the id sits in the request
    by_request = {("days", "accept"), ("logs", "log_workout"), ("logs", "log_custom_workout")}
    others = SHARED_ID_CALLS | SCOPED_ID_CALLS | PATH_ID_CALLS
    assert id_taking_calls(other) == (probed - by_request) | others


# --- reading, changing, deleting by id -------------------------------------------------------


def test_another_user_reaches_no_row_by_any_id(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    owned = build_rich_user(alloy, me)
    theirs = owned_by(alloy, other.user.id)
    before_db = fingerprint(alloy)
    before_me = me_view(me, owned)

    for service, method, kind, call in ID_PROBES:
        never = message_of(partial(call, other, NEVER))
        candidates = guesses(getattr(owned, kind), getattr(theirs, kind))
        if kind == "custom_movements":  # their neighbours are library movements, shared
            candidates = list(owned.custom_movements)
        assert set(getattr(owned, kind)) <= set(candidates)
        for guess in candidates:
            with pytest.raises(NotFound) as error:
                call(other, guess)
            # Exactly NotFound, worded as for an id that never existed: nothing tells
            # the guesser that the row is there.
            assert type(error.value) is NotFound, (service, method, guess)
            assert error.value.message == never, (service, method, guess)

    assert fingerprint(alloy) == before_db
    assert me_view(me, owned) == before_me
    assert me.programs.list()[0].is_active  # the activate attempts changed nothing
    assert me.days.conversation(owned.open_thread).status.value == "IN_PROGRESS"


def test_another_user_cannot_name_a_foreign_session_in_any_position(
    alloy: Alloy, me: UserApi, other: UserApi
) -> None:
    owned = build_rich_user(alloy, me)
    before = fingerprint(alloy)
    never = message_of(lambda: other.programs.get_session(NEVER, NEVER, NEVER))
    for program_id, microcycle_id, session_id in owned.session_paths:
        for path in (
            (program_id, microcycle_id, session_id),
            (program_id, microcycle_id, session_id + 1),
            (program_id + 1, microcycle_id, session_id),
            (program_id, microcycle_id + 1, session_id),
        ):
            with pytest.raises(NotFound) as error:
                other.programs.get_session(*path)
            assert type(error.value) is NotFound and error.value.message == never
    # The owner reaches the same paths, so the refusals above are about ownership.
    first = owned.session_paths[0]
    assert me.programs.get_session(*first).id == first[2]
    assert fingerprint(alloy) == before


def test_the_coach_designs_no_foreign_session(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    owned = build_rich_user(alloy, me)
    other.settings.update(SettingsUpdate(llm_design_sessions=True))
    before = fingerprint(alloy)
    report = other.coach.design_microcycles(owned.programs[-1], list(owned.microcycles))
    assert report is not None and (report.designed, report.kept) == (0, 0)
    assert fingerprint(alloy) == before


def test_a_foreign_slot_cannot_be_logged_even_with_an_own_movement(
    alloy: Alloy, me: UserApi, other: UserApi
) -> None:
    owned = build_rich_user(alloy, me)
    before = fingerprint(alloy)
    for slot in owned.session_exercises:
        exercise = CompletedExercise(ONE_SET, session_exercise_id=slot, movement_id=owned.squat_id)
        with pytest.raises(NotFound):
            other.logs.log_workout(WorkoutLogCreate(None, (exercise,)))
    assert fingerprint(alloy) == before


def test_the_owner_still_reaches_every_probed_row(alloy: Alloy, me: UserApi) -> None:
    """The probes above are meaningful: the same ids work for their owner."""
    owned = build_rich_user(alloy, me)
    for program_id in owned.programs:
        assert me.programs.get(program_id).id == program_id
    for thread_id in owned.threads:
        assert me.days.conversation(thread_id).id == thread_id
    for workout_id in owned.workouts:
        assert me.logs.workout(workout_id).id == workout_id
    planned = [i for i in owned.session_exercises if i not in custom_slots(alloy, me.user.id)]
    assert me.days.substitutes(planned[0])
    me.days.reject(MONDAY, owned.open_thread)
    me.settings.resolve_injury(owned.injuries[0])
    me.settings.remove_movement_rule(owned.rules[0])
    me.activities.delete(owned.activities[0])
    assert me.library.get(owned.custom_movements[0]).is_custom
    assert me.exercises.update(owned.custom_movements[0], ZERCHER).name == "Pin Squat From Knees"
    assert me.prescriptions.for_session(owned.sessions[0]).session_id == owned.sessions[0]
    assert me.prescriptions.rest_seconds(owned.custom_movements[0]) == 120
    assert me.history.workout(owned.workouts[0]).id == owned.workouts[0]
    assert me.routines.get(owned.routines[0]).id == owned.routines[0]
    assert me.routines.from_workout(owned.workouts[0]).exercises
    first = me.history.workout(owned.workouts[0]).exercises[0].sets[0]
    assert me.history.update_set(first.id, EDIT).id == owned.workouts[0]
    me.body_weight.delete(owned.body_weights[0])
    assert (
        me.prescriptions.for_exercise(owned.custom_movements[0]).movement_id
        == (owned.custom_movements[0])
    )


# --- lists -----------------------------------------------------------------------------------


def test_another_users_lists_show_nothing_of_the_first(
    alloy: Alloy, me: UserApi, other: UserApi
) -> None:
    owned = build_rich_user(alloy, me)
    before = fingerprint(alloy)

    assert other.programs.list() == []
    plan = other.days.plan(MONDAY)
    assert plan.is_rest_day and plan.session is None and plan.program_id is None
    assert all(d.outcome is DayOutcome.REST and d.session_id is None for d in calendar(other))
    assert other.logs.workouts() == [] and other.logs.logged_movements() == []
    assert other.logs.last_performance(owned.squat_id) is None
    assert other.logs.e1rm_trend(owned.squat_id) == []
    assert other.logs.weekly_hard_sets() == []
    assert other.logs.soreness_history() == [] and other.logs.recovery_signals() == []
    assert all(r.stored_level == MAX_LEVEL for r in other.logs.muscle_recovery())
    assert other.logs.load_draft() is None
    assert other.prescriptions.rest_seconds(owned.squat_id) is None
    assert other.prescriptions.for_exercise(owned.squat_id).last_time is None
    with pytest.raises(NotFound):
        other.logs.adherence()
    assert other.activities.history() == []
    assert other.history.search() == [] and other.history.count() == 0
    assert other.routines.list() == [] and other.body_weight.entries() == []
    assert other.body_weight.latest() is None
    assert other.exercises.list() == []
    assert other.library.search("Pin Squat") == [] and me.library.search("Pin Squat")
    assert other.settings.movement_rules() == []
    assert other.settings.injuries(active_only=False) == []
    settings = other.settings.get()
    assert settings.weight_unit is WeightUnit.KG and settings.e1rm_formula is E1RMFormula.EPLEY
    assert settings != me.settings.get()
    profile = other.settings.get_profile()
    assert (profile.email, profile.body_weight_kg) == ("other@example.com", None)
    assert profile.movement_rules == () and profile.injuries == ()
    assert profile.enjoyable_activities == ()

    # The one call without an id that empties something: only the caller's own draft.
    other.logs.discard_draft()
    assert me.logs.load_draft() is not None
    assert fingerprint(alloy) == before


def test_the_second_users_own_rows_stay_apart(alloy: Alloy, me: UserApi, other: UserApi) -> None:
    """With both users active, each list holds exactly its owner's rows."""
    build_rich_user(alloy, me)
    mine = {p.id for p in me.programs.list()}
    created = other.programs.create(
        ProgramCreate(goals=(GoalWeight("STRENGTH", 10),), duration_weeks=12)
    )
    assert [p.id for p in other.programs.list()] == [created.id]
    assert {p.id for p in me.programs.list()} == mine
    assert other.days.plan(MONDAY).program_id == created.id
    assert me.days.plan(MONDAY).program_id != created.id
    with pytest.raises(NotFound):
        me.programs.get(created.id or 0)


# --- helpers ---------------------------------------------------------------------------------


def message_of(call: Callable[[], object]) -> str:
    """The NotFound message a call raises (it must raise one)."""
    with pytest.raises(NotFound) as error:
        call()
    return error.value.message


def calendar(api: UserApi) -> list[Any]:
    days = api.days.calendar(2026, 11) + api.days.calendar(2026, 12)
    assert len(days) == 61
    return days


def custom_slots(alloy: Alloy, user_id: int) -> set[int]:
    with alloy.context.db.sessions() as s:
        return set(
            s.scalars(
                select(SessionExercise.id).where(
                    SessionExercise.user_id == user_id, SessionExercise.session_id.is_(None)
                )
            )
        )


def test_neighbour_guesses_skip_own_ids() -> None:
    assert guesses([5, 9], [4, 10]) == [5, 6, 8, 9]
    assert guesses([1], []) == [1, 2]
