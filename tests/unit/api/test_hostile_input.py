"""Hostile input at every api call: only typed errors come out; a refused call writes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import pytest
from db_state import fingerprint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alloy_desktop.api import Alloy, UserApi
from alloy_desktop.domain.enums import (
    BodyPart,
    Equipment,
    ExperienceLevel,
    Goal,
    MovementPattern,
    MovementRuleType,
    MuscleGroup,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    RecoverySignalLevel,
    RuleTarget,
    SetType,
    SplitTemplate,
    WeightUnit,
)
from alloy_desktop.services.errors import AlloyError, AuthError, ValidationError
from alloy_desktop.services.schemas import (
    AcceptPlanRequest,
    ActivityInstanceCreate,
    AdaptationRequest,
    BodyWeightCreate,
    CircuitExerciseInput,
    CircuitTemplateUpdate,
    CompletedExercise,
    CompletedSet,
    CustomExercise,
    CustomMovementCreate,
    CustomWorkoutLogCreate,
    ExerciseEdit,
    GoalWeight,
    HistoryQuery,
    InjuryCreate,
    MovementRuleCreate,
    PlatePairs,
    ProfileUpdate,
    ProgramCreate,
    RecoverySignalCreate,
    RoutineCreate,
    RoutineExerciseInput,
    SchedulingPreferences,
    SetEdit,
    SettingsUpdate,
    SorenessInput,
    SorenessLogCreate,
    WorkoutEdit,
    WorkoutLogCreate,
)

T = TypeVar("T")
S = st.SearchStrategy

MONDAY = date(2026, 11, 2)  # the conftest clock's day
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

# One database per test function, a fingerprint per example: fixtures are reused on purpose.
# ALLOY_HOSTILE_EXAMPLES=1000 hunts harder than the default run can afford.
EXAMPLES = int(os.environ.get("ALLOY_HOSTILE_EXAMPLES", "40"))
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- hostile values --------------------------------------------------------------------------


class Weird:
    """An object no validator has heard of, whose str() and comparisons misbehave."""

    def __str__(self) -> str:
        raise RuntimeError("str() of a hostile object")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("== of a hostile object")

    __hash__ = object.__hash__


BAD_NUMBERS = st.sampled_from(
    [
        *(0, -1, 1, 2**31, 2**62, 2**62 + 1, 2**63, 2**64, -(2**63), 10**100, -(10**400)),
        *(True, False, float("nan"), float("inf"), float("-inf"), -0.0, 0.5, 1e308, 5e-324),
        *(Decimal("NaN"), Decimal("1.5"), Fraction(1, 3), 1 + 2j),
    ]
)
BAD_TEXT = st.sampled_from(
    [
        *("", " ", "\x00", "a\x00b", "\ud800", "x" * 100_000, "'; DROP TABLE users; --"),
        *("💪🏽", "\u202eevil", "None", "nan", "-1", "0", "LEGS", " legs ", "strength", "kg"),
    ]
)
OFFSETS = st.builds(
    timezone,
    st.timedeltas(
        min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
    ),
)
BAD_TIMES = st.one_of(
    st.datetimes(),  # naive, anywhere in years 1..9999
    st.datetimes(timezones=OFFSETS),
    st.dates(),
    st.sampled_from(
        [
            *(datetime.min, datetime.max, date.min, date.max),
            *(datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)),
            datetime(2200, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-23))),
        ]
    ),
)
BAD_CONTAINERS = st.sampled_from(
    [
        *([], (), {}, set(), frozenset(), b"bytes", bytearray(b"x"), [1, 2, 3], {"a": 1}),
        *((None,) * 1001, tuple(range(5000)), [[[]]]),
    ]
)
ANYTHING: S[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    BAD_NUMBERS,
    BAD_TEXT,
    BAD_TIMES,
    BAD_CONTAINERS,
    st.builds(Weird),
    st.builds(object),
)


# Dictionary keys must hash (and compare) quietly, or the strategy itself would fail.
KEYS = st.one_of(
    st.text(max_size=30),
    BAD_TEXT,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.tuples(st.integers()),
)


def enum_of(cls: Any) -> S[Any]:
    """A member, or its name as a person might type it."""
    return st.one_of(
        st.sampled_from(list(cls)),
        st.sampled_from([m.value.lower().replace("_", " ") for m in cls]),
    )


def hostile(cls: Callable[..., T], fields: Mapping[str, S[Any]]) -> S[Any]:
    """Mostly `cls` from plausible fields with none, one or two of them hostile; now and then
    something else entirely. Mostly-plausible requests get past the first check and reach the
    deeper code (and its writes).
    """

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        values = {name: draw(strategy) for name, strategy in fields.items()}
        count = draw(st.sampled_from([0, 0, 0, 1, 1, 2]))
        for name in draw(st.permutations(sorted(fields)))[:count]:
            values[name] = draw(ANYTHING)
        return cls(**values)

    return st.integers(min_value=0, max_value=9).flatmap(lambda k: ANYTHING if k == 0 else build())


def tuples(element: S[Any], max_size: int = 3, min_size: int = 0) -> S[Any]:
    return st.lists(element, min_size=min_size, max_size=max_size).map(tuple)


# --- plausible values ------------------------------------------------------------------------

IDS = st.integers(min_value=1, max_value=400)  # covers the rows the fixtures make
MOVEMENT_IDS = st.integers(min_value=1, max_value=900)
DAYS = st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 2, 28))
TIMES = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(2026, 10, 1), max_value=datetime(2026, 11, 2, 9)),
    st.datetimes(
        min_value=datetime(2026, 10, 1), max_value=datetime(2026, 11, 2), timezones=st.just(UTC)
    ),
)
SMALL = st.integers(min_value=-2, max_value=12)  # around the usual 1..10 scales
SCALE = st.integers(min_value=1, max_value=10)
NAMES = st.text(max_size=40)

SORENESS = hostile(SorenessInput, {"body_part": enum_of(BodyPart), "level": SCALE})
SETS = hostile(
    CompletedSet,
    {
        "set_number": st.integers(min_value=1, max_value=5),
        "weight": st.floats(min_value=0, max_value=300),
        "reps": st.integers(min_value=1, max_value=20),
        "rpe": st.one_of(st.none(), st.floats(min_value=5, max_value=10)),
        "set_type": enum_of(SetType),
        "note": NAMES,
    },
)
GOALS = hostile(GoalWeight, {"goal": enum_of(Goal), "weight": SMALL})
VALID_GOALS = st.sampled_from(
    [
        (GoalWeight(Goal.STRENGTH, 10),),
        (GoalWeight("strength", 6), GoalWeight("HYPERTROPHY", 4)),
        (GoalWeight(Goal.ENDURANCE, 5), GoalWeight(Goal.MOBILITY, 3), GoalWeight("skill", 2)),
        (GoalWeight(Goal.FAT_LOSS, 7), GoalWeight(Goal.HYPERTROPHY, 3)),
    ]
)
PROGRAM = hostile(
    ProgramCreate,
    {
        "goals": st.one_of(VALID_GOALS, VALID_GOALS, tuples(GOALS, 4)),
        "duration_weeks": st.sampled_from([8, 10, 12, 12, 9, 14]),
        "split_template": st.one_of(st.none(), enum_of(SplitTemplate)),
        "progression_style": st.one_of(st.none(), enum_of(ProgressionStyle)),
        "persona_tone": st.one_of(st.none(), enum_of(PersonaTone)),
        "persona_aggression": st.one_of(st.none(), enum_of(PersonaAggression)),
        "name": st.one_of(st.none(), NAMES),
        "start_date": st.one_of(st.none(), DAYS),
    },
)

# --- the check every test makes ---------------------------------------------------------------


def refused_cleanly(alloy: Alloy, call: Callable[[], object]) -> AlloyError | None:
    """Runs the call; any error must be typed, and a refused call must leave no trace."""
    before = fingerprint(alloy)
    try:
        call()
    except AlloyError as error:
        assert fingerprint(alloy) == before, f"{type(error).__name__} left a change: {error}"
        if isinstance(error, ValidationError):
            assert isinstance(error.field, str) and error.field
        assert isinstance(error.message, str) and error.message
        return error
    return None


@pytest.fixture
def planned(me: UserApi) -> UserApi:
    """`me` with an active program starting on the clock's Monday, and one logged workout."""
    goals = (GoalWeight("STRENGTH", 6), GoalWeight("HYPERTROPHY", 4))
    program = me.programs.create(ProgramCreate(goals=goals, duration_weeks=8))
    session = program.microcycles[0].sessions[0]
    first = session.exercises[0]
    me.logs.log_workout(
        WorkoutLogCreate(
            session.id,
            (CompletedExercise((CompletedSet(1, 60.0, 5, 8.0),), session_exercise_id=first.id),),
        )
    )
    return me


# --- auth ------------------------------------------------------------------------------------

EMAILS = st.one_of(st.emails(), NAMES, ANYTHING)
PASSWORDS = st.one_of(st.text(min_size=6, max_size=80), ANYTHING)


@HOSTILE
@given(email=EMAILS, password=PASSWORDS, name=st.one_of(NAMES, ANYTHING))
def test_register(alloy: Alloy, email: Any, password: Any, name: Any) -> None:
    refused_cleanly(alloy, lambda: alloy.auth.register(email, password, name))


@HOSTILE
@given(email=EMAILS, password=PASSWORDS, days=st.one_of(st.none(), SMALL, ANYTHING))
def test_login(alloy: Alloy, me: UserApi, email: Any, password: Any, days: Any) -> None:
    refused_cleanly(alloy, lambda: alloy.auth.login(email, password, days))


@HOSTILE
@given(token=st.one_of(NAMES, ANYTHING))
def test_for_token(alloy: Alloy, token: Any) -> None:
    refused_cleanly(alloy, lambda: alloy.for_token(token))


# --- programs --------------------------------------------------------------------------------


@HOSTILE
@given(request=PROGRAM)
def test_programs_create(alloy: Alloy, me: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: me.programs.create(request))


@HOSTILE
@given(request=PROGRAM)
def test_programs_preview(alloy: Alloy, me: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: me.programs.preview(request))


@HOSTILE
@given(goals=st.one_of(tuples(st.one_of(GOALS, enum_of(Goal)), 4), ANYTHING))
def test_programs_check_goals(alloy: Alloy, me: UserApi, goals: Any) -> None:
    refused_cleanly(alloy, lambda: me.programs.check_goals(goals))


# --- days ------------------------------------------------------------------------------------

ADAPTATION = hostile(
    AdaptationRequest,
    {
        "soreness": tuples(SORENESS, 4),
        "recovery_signal": st.one_of(st.none(), enum_of(RecoverySignalLevel)),
        "notes": NAMES,
    },
)


@HOSTILE
@given(day=st.one_of(DAYS, BAD_TIMES, ANYTHING), request=ADAPTATION)
def test_days_adapt(alloy: Alloy, planned: UserApi, day: Any, request: Any) -> None:
    refused_cleanly(alloy, lambda: planned.days.adapt(day, request))


@HOSTILE
@given(
    day=st.one_of(DAYS, ANYTHING),
    request=hostile(AcceptPlanRequest, {"conversation_id": IDS, "final_notes": NAMES}),
)
def test_days_accept(alloy: Alloy, planned: UserApi, day: Any, request: Any) -> None:
    planned.days.adapt(MONDAY, AdaptationRequest(recovery_signal="GOOD"))  # an open thread
    refused_cleanly(alloy, lambda: planned.days.accept(day, request))


# --- logs ------------------------------------------------------------------------------------

EXERCISES = hostile(
    CompletedExercise,
    {
        "completed_sets": tuples(SETS, 3, 1),
        "session_exercise_id": st.one_of(st.none(), st.none(), IDS),
        "movement_id": st.one_of(MOVEMENT_IDS, MOVEMENT_IDS, st.none()),
    },
)
WORKOUT = hostile(
    WorkoutLogCreate,
    {
        "session_id": st.one_of(st.none(), st.none(), IDS),
        "completed_exercises": tuples(EXERCISES, 3, 1),
        "performed_at": TIMES,
        "duration_seconds": st.one_of(st.none(), st.integers(min_value=0, max_value=86_400)),
        "notes": NAMES,
        "unit": st.one_of(st.none(), enum_of(WeightUnit)),
    },
)
CUSTOM = hostile(
    CustomWorkoutLogCreate,
    {
        "exercises": tuples(
            hostile(
                CustomExercise, {"movement_id": MOVEMENT_IDS, "completed_sets": tuples(SETS, 3, 1)}
            ),
            3,
            1,
        ),
        "name": st.one_of(st.just("Custom workout"), NAMES),
        "performed_at": TIMES,
        "duration_seconds": st.one_of(st.none(), st.integers(min_value=0, max_value=86_400)),
        "notes": NAMES,
        "unit": st.one_of(st.none(), enum_of(WeightUnit)),
    },
)


@HOSTILE
@given(request=WORKOUT)
def test_logs_log_workout(alloy: Alloy, planned: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: planned.logs.log_workout(request))


@HOSTILE
@given(request=CUSTOM)
def test_logs_log_custom_workout(alloy: Alloy, planned: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: planned.logs.log_custom_workout(request))


@HOSTILE
@given(
    request=hostile(
        SorenessLogCreate, {"soreness_entries": tuples(SORENESS, 5, 1), "logged_at": TIMES}
    )
)
def test_logs_log_soreness(alloy: Alloy, me: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: me.logs.log_soreness(request))


SCORES = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
SIGNAL = hostile(
    RecoverySignalCreate,
    {
        "logged_at": TIMES,
        "signal": st.one_of(st.none(), enum_of(RecoverySignalLevel)),
        "sleep_hours": st.one_of(st.none(), st.floats(min_value=0, max_value=24)),
        "sleep_quality": SCORES,
        "stress": SCORES,
        "energy": SCORES,
        "resting_hr": st.one_of(st.none(), st.integers(min_value=20, max_value=250)),
        "hrv_ms": st.one_of(st.none(), st.floats(min_value=1, max_value=1000)),
        "notes": NAMES,
    },
)


@HOSTILE
@given(request=SIGNAL)
def test_logs_log_recovery_signal(alloy: Alloy, me: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: me.logs.log_recovery_signal(request))


def deep(levels: int) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for _ in range(levels):
        payload = {"x": payload}
    return payload


def circular() -> dict[str, Any]:
    payload: dict[str, Any] = {}
    payload["self"] = payload
    return payload


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)
DRAFTS = st.one_of(
    st.dictionaries(st.text(max_size=5), JSON, max_size=4),
    st.dictionaries(
        st.one_of(st.integers(), st.tuples(st.integers()), st.none()), JSON, max_size=3
    ),
    st.dictionaries(st.text(max_size=5), ANYTHING, max_size=3),
    st.builds(deep, st.sampled_from([10, 5000, 100_000])),
    st.builds(circular),
    st.just({"big": 10**5000}),
    st.just({"text": "x" * 1_100_000}),
    ANYTHING,
)


@HOSTILE
@given(payload=DRAFTS)
def test_logs_save_draft(alloy: Alloy, me: UserApi, payload: Any) -> None:
    refused_cleanly(alloy, lambda: me.logs.save_draft(payload))


# --- settings --------------------------------------------------------------------------------

SETTINGS = hostile(
    SettingsUpdate,
    {
        "e1rm_formula": st.none(),
        "weight_unit": st.one_of(st.none(), enum_of(WeightUnit)),
        "soreness_decay_hours": st.one_of(st.none(), st.floats(min_value=1, max_value=72)),
        "ollama_host": st.one_of(
            st.none(), st.sampled_from(["http://localhost:11434", "ftp://x", "http://:99999"])
        ),
        "ollama_model": st.one_of(st.none(), NAMES),
        "ollama_timeout": st.one_of(st.none(), st.floats(min_value=1, max_value=3600)),
        "llm_design_sessions": st.one_of(st.none(), st.booleans()),
        "access_token_expire_minutes": st.one_of(
            st.none(), st.integers(min_value=5, max_value=43_200)
        ),
        "bar_weight": st.one_of(st.none(), st.floats(min_value=0, max_value=120)),
        "plates": st.one_of(
            st.none(),
            tuples(
                hostile(
                    PlatePairs,
                    {
                        "weight": st.floats(min_value=0, max_value=60),
                        "pairs": st.integers(min_value=-1, max_value=60),
                    },
                ),
                4,
            ),
        ),
        "collar_weight": st.one_of(st.none(), st.floats(min_value=0, max_value=12)),
        "reset_plates": st.one_of(st.none(), st.booleans()),
    },
)
WEEKDAYS = st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=7, unique=True)
SCHEDULING = st.one_of(
    WEEKDAYS.flatmap(
        lambda days: hostile(
            SchedulingPreferences,
            {
                "days_per_week": st.just(len(days)),
                "preferred_days": st.just(tuple(days)),
                "session_minutes": st.integers(min_value=15, max_value=180),
                "microcycle_length_days": st.integers(min_value=7, max_value=14),
            },
        )
    ),
    st.builds(SchedulingPreferences, SMALL, tuples(SMALL, 8), SMALL, SMALL),
)
PROFILE = hostile(
    ProfileUpdate,
    {
        "name": st.one_of(st.none(), NAMES),
        "experience_level": st.one_of(st.none(), enum_of(ExperienceLevel)),
        "persona_tone": st.one_of(st.none(), enum_of(PersonaTone)),
        "persona_aggression": st.one_of(st.none(), enum_of(PersonaAggression)),
        "discipline_preferences": st.one_of(
            st.none(),
            st.dictionaries(KEYS, st.one_of(SMALL, ANYTHING), max_size=3),
        ),
        "scheduling": st.one_of(st.none(), SCHEDULING),
        "equipment": st.one_of(st.none(), tuples(enum_of(Equipment), 4)),
        "preferred_split": st.one_of(st.none(), st.just(""), enum_of(SplitTemplate)),
        "body_weight_kg": st.one_of(st.none(), st.floats(min_value=0, max_value=500)),
        "enjoyable_activities": st.one_of(st.none(), tuples(NAMES, 4)),
    },
)
RULE = hostile(
    MovementRuleCreate,
    {
        "rule_type": enum_of(MovementRuleType),
        "target": enum_of(RuleTarget),
        "movement_id": st.one_of(st.none(), MOVEMENT_IDS),
        "pattern": st.one_of(st.none(), enum_of(MovementPattern)),
        "body_part": st.one_of(st.none(), enum_of(BodyPart)),
        "note": NAMES,
    },
)
INJURY = hostile(
    InjuryCreate,
    {
        "body_part": enum_of(BodyPart),
        "description": NAMES,
        "severity": SCALE,
        "started_on": st.one_of(st.none(), DAYS),
    },
)


@HOSTILE
@given(changes=SETTINGS)
def test_settings_update(alloy: Alloy, me: UserApi, changes: Any) -> None:
    refused_cleanly(alloy, lambda: me.settings.update(changes))


@HOSTILE
@given(changes=PROFILE)
def test_settings_update_profile(alloy: Alloy, me: UserApi, changes: Any) -> None:
    refused_cleanly(alloy, lambda: me.settings.update_profile(changes))


@HOSTILE
@given(rule=RULE)
def test_settings_add_movement_rule(alloy: Alloy, me: UserApi, rule: Any) -> None:
    refused_cleanly(alloy, lambda: me.settings.add_movement_rule(rule))


@HOSTILE
@given(injury=INJURY)
def test_settings_add_injury(alloy: Alloy, me: UserApi, injury: Any) -> None:
    refused_cleanly(alloy, lambda: me.settings.add_injury(injury))


# --- circuits, activities, library -----------------------------------------------------------

POSITIVE = st.one_of(st.none(), st.floats(min_value=0.1, max_value=400))
CIRCUIT_EXERCISE = hostile(
    CircuitExerciseInput,
    {
        "movement_id": MOVEMENT_IDS,
        "reps": st.one_of(st.none(), st.integers(min_value=1, max_value=100)),
        "distance_m": POSITIVE,
        "duration_seconds": st.one_of(st.none(), st.integers(min_value=1, max_value=3600)),
        "calories": st.one_of(st.none(), SCALE),
        "load_male_kg": POSITIVE,
        "load_female_kg": POSITIVE,
        "notes": st.one_of(st.none(), NAMES),
    },
)
CIRCUIT = hostile(
    CircuitTemplateUpdate,
    {
        "exercises": tuples(CIRCUIT_EXERCISE, 3, 1),
        "description": st.one_of(st.none(), NAMES),
        "rounds": st.one_of(st.none(), SCALE),
        "time_cap_minutes": st.one_of(st.none(), SCALE),
    },
)


@HOSTILE
@given(circuit_id=st.one_of(st.integers(min_value=0, max_value=30), ANYTHING), changes=CIRCUIT)
def test_circuits_admin_update(alloy: Alloy, me: UserApi, circuit_id: Any, changes: Any) -> None:
    assert me.user.is_admin
    refused_cleanly(alloy, lambda: me.circuits.admin_update(circuit_id, changes))


ACTIVITY = hostile(
    ActivityInstanceCreate,
    {
        "activity_name": NAMES,
        "duration_minutes": st.floats(min_value=0.5, max_value=1440),
        "activity_definition_id": st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
        "distance_km": POSITIVE,
        "notes": NAMES,
        "perceived_difficulty": SCORES,
        "enjoyment_rating": SCORES,
        "performed_start": TIMES,
    },
)


@HOSTILE
@given(activity=ACTIVITY)
def test_activities_log(alloy: Alloy, me: UserApi, activity: Any) -> None:
    refused_cleanly(alloy, lambda: me.activities.log(activity))


@HOSTILE
@given(
    text=st.one_of(NAMES, ANYTHING),
    muscle=st.one_of(st.none(), enum_of(MuscleGroup), ANYTHING),
    equipment=st.one_of(st.none(), enum_of(Equipment), ANYTHING),
    pattern=st.one_of(st.none(), enum_of(MovementPattern), ANYTHING),
    limit=st.one_of(SMALL, ANYTHING),
)
def test_library_search(
    alloy: Alloy, me: UserApi, text: Any, muscle: Any, equipment: Any, pattern: Any, limit: Any
) -> None:
    refused_cleanly(alloy, lambda: me.library.search(text, muscle, equipment, pattern, limit))


CUSTOM_MOVEMENT = hostile(
    CustomMovementCreate,
    {
        "name": NAMES,
        "pattern": enum_of(MovementPattern),
        "equipment": enum_of(Equipment),
        "primary_muscles": tuples(st.one_of(enum_of(MuscleGroup), ANYTHING), 3),
        "secondary_muscles": tuples(enum_of(MuscleGroup), 3),
        "is_compound": st.one_of(st.booleans(), ANYTHING),
    },
)


@HOSTILE
@given(request=CUSTOM_MOVEMENT)
def test_exercises_create(alloy: Alloy, me: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: me.exercises.create(request))


@HOSTILE
@given(movement_id=st.one_of(MOVEMENT_IDS, ANYTHING), request=CUSTOM_MOVEMENT)
def test_exercises_update(alloy: Alloy, me: UserApi, movement_id: Any, request: Any) -> None:
    refused_cleanly(alloy, lambda: me.exercises.update(movement_id, request))


IMPORT_ROWS = st.lists(
    st.lists(st.one_of(st.text(max_size=12), BAD_TEXT.filter(lambda t: len(t) < 200)), max_size=13),
    max_size=6,
)
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)


@HOSTILE
@given(
    rows=IMPORT_ROWS,
    overrides=st.one_of(
        st.none(), st.dictionaries(KEYS, st.one_of(MOVEMENT_IDS, ANYTHING), max_size=2)
    ),
    unit=st.one_of(st.none(), enum_of(WeightUnit), ANYTHING),
)
def test_imports_preview_and_commit(
    alloy: Alloy, me: UserApi, tmp_path_factory: Any, rows: Any, overrides: Any, unit: Any
) -> None:
    """A Strong file of garbage rows: typed errors or a clean import, never a crash."""
    import csv

    path = tmp_path_factory.mktemp("import") / "strong.csv"
    with path.open("w", encoding="utf-8", errors="surrogatepass", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(STRONG_HEADER.split(","))
        writer.writerows(rows)

    def run() -> object:
        preview = me.imports.preview(path, unit)
        return me.imports.commit(preview, overrides)

    refused_cleanly(alloy, run)


# --- every call that takes an id, a date or a count -------------------------------------------

# Each call with the hostile value in one argument position (the others plausible).
READS: dict[str, Callable[[UserApi, Any], object]] = {
    "programs.get": lambda api, x: api.programs.get(x),
    "programs.delete": lambda api, x: api.programs.delete(x),
    "programs.activate": lambda api, x: api.programs.activate(x),
    "programs.generate_next_microcycle": lambda api, x: api.programs.generate_next_microcycle(x),
    "programs.get_session": lambda api, x: api.programs.get_session(x, x, x),
    "programs.get_session.session": lambda api, x: api.programs.get_session(1, 1, x),
    "days.plan": lambda api, x: api.days.plan(x),
    "days.reject": lambda api, x: api.days.reject(MONDAY, x),
    "days.reject.date": lambda api, x: api.days.reject(x, 1),
    "days.conversation": lambda api, x: api.days.conversation(x),
    "days.calendar.year": lambda api, x: api.days.calendar(x, 11),
    "days.calendar.month": lambda api, x: api.days.calendar(2026, x),
    "days.substitutes": lambda api, x: api.days.substitutes(x),
    "days.substitutes.limit": lambda api, x: api.days.substitutes(1, x),
    "logs.workouts.limit": lambda api, x: api.logs.workouts(x),
    "logs.workouts.offset": lambda api, x: api.logs.workouts(50, x),
    "logs.workout": lambda api, x: api.logs.workout(x),
    "logs.last_performance": lambda api, x: api.logs.last_performance(x),
    "logs.e1rm_trend": lambda api, x: api.logs.e1rm_trend(x),
    "logs.e1rm_trend.formula": lambda api, x: api.logs.e1rm_trend(1, x),
    "logs.e1rm_trend.since": lambda api, x: api.logs.e1rm_trend(1, None, x),
    "logs.weekly_hard_sets.weeks": lambda api, x: api.logs.weekly_hard_sets(x),
    "logs.weekly_hard_sets.now": lambda api, x: api.logs.weekly_hard_sets(12, x),
    "logs.adherence": lambda api, x: api.logs.adherence(x),
    "logs.soreness_history": lambda api, x: api.logs.soreness_history(x),
    "logs.muscle_recovery": lambda api, x: api.logs.muscle_recovery(x),
    "logs.recovery_signals": lambda api, x: api.logs.recovery_signals(x),
    "settings.remove_movement_rule": lambda api, x: api.settings.remove_movement_rule(x),
    "settings.resolve_injury": lambda api, x: api.settings.resolve_injury(x),
    "settings.injuries": lambda api, x: api.settings.injuries(x),
    "activities.history": lambda api, x: api.activities.history(x),
    "activities.delete": lambda api, x: api.activities.delete(x),
    "circuits.list": lambda api, x: api.circuits.list(x),
    "circuits.get": lambda api, x: api.circuits.get(x),
    "circuits.admin_get": lambda api, x: api.circuits.admin_get(x),
    "library.get": lambda api, x: api.library.get(x),
    "coach.conversation": lambda api, x: api.coach.conversation(x),
    "coach.reject": lambda api, x: api.coach.reject(x),
    "exercises.delete": lambda api, x: api.exercises.delete(x),
    "imports.preview": lambda api, x: api.imports.preview(x),
    "imports.commit": lambda api, x: api.imports.commit(x),
    "prescriptions.for_session": lambda api, x: api.prescriptions.for_session(x),
    "prescriptions.for_exercise": lambda api, x: api.prescriptions.for_exercise(x),
    "prescriptions.for_exercise.reps": lambda api, x: api.prescriptions.for_exercise(64, x),
    "prescriptions.for_exercise.rpe": lambda api, x: api.prescriptions.for_exercise(64, 5, x),
    "prescriptions.for_exercise.sets": lambda api, x: api.prescriptions.for_exercise(64, 5, 8, x),
    "prescriptions.adjust": lambda api, x: api.prescriptions.adjust(x, 5, 8, 100, 5, 9, 100),
    "prescriptions.adjust.planned_reps": lambda api, x: api.prescriptions.adjust(
        64, x, 8, 100, 5, 9, 100
    ),
    "prescriptions.adjust.planned_rpe": lambda api, x: api.prescriptions.adjust(
        64, 5, x, 100, 5, 9, 100
    ),
    "prescriptions.adjust.planned_load": lambda api, x: api.prescriptions.adjust(
        64, 5, 8, x, 5, 9, 100
    ),
    "prescriptions.adjust.logged_reps": lambda api, x: api.prescriptions.adjust(
        64, 5, 8, 100, x, 9, 100
    ),
    "prescriptions.adjust.logged_rpe": lambda api, x: api.prescriptions.adjust(
        64, 5, 8, 100, 5, x, 100
    ),
    "prescriptions.adjust.logged_load": lambda api, x: api.prescriptions.adjust(
        64, 5, 8, 100, 5, 9, x
    ),
    "prescriptions.plates": lambda api, x: api.prescriptions.plates(x),
    "prescriptions.warmup": lambda api, x: api.prescriptions.warmup(x, 100),
    "prescriptions.warmup.load": lambda api, x: api.prescriptions.warmup(64, x),
    "prescriptions.rest_seconds": lambda api, x: api.prescriptions.rest_seconds(x),
    "prescriptions.set_rest_seconds": lambda api, x: api.prescriptions.set_rest_seconds(x, 90),
    "prescriptions.set_rest_seconds.seconds": lambda api, x: api.prescriptions.set_rest_seconds(
        64, x
    ),
    "history.search.limit": lambda api, x: api.history.search(None, x),
    "history.search.offset": lambda api, x: api.history.search(None, 50, x),
    "history.count": lambda api, x: api.history.count(x),
    "history.workout": lambda api, x: api.history.workout(x),
    "history.remove_set": lambda api, x: api.history.remove_set(x),
    "history.remove_exercise": lambda api, x: api.history.remove_exercise(x, 64),
    "history.remove_exercise.movement": lambda api, x: api.history.remove_exercise(1, x),
    "history.remove_exercise.slot": lambda api, x: api.history.remove_exercise(1, 64, x),
    "history.set_workout_date": lambda api, x: api.history.set_workout_date(x, NOW),
    "history.set_workout_date.when": lambda api, x: api.history.set_workout_date(1, x),
    "history.delete_workout": lambda api, x: api.history.delete_workout(x),
    "routines.get": lambda api, x: api.routines.get(x),
    "routines.delete": lambda api, x: api.routines.delete(x),
    "routines.from_workout": lambda api, x: api.routines.from_workout(x),
    "routines.from_workout.name": lambda api, x: api.routines.from_workout(1, x),
    "body_weight.entries": lambda api, x: api.body_weight.entries(x),
    "body_weight.delete": lambda api, x: api.body_weight.delete(x),
    "coaching.invite": lambda api, x: api.coaching.invite(x),
    "coaching.answer": lambda api, x: api.coaching.answer(x, True),
    "coaching.answer.accept": lambda api, x: api.coaching.answer(1, x),
    "coaching.end": lambda api, x: api.coaching.end(x),
    "coaching.athlete_user": lambda api, x: api.coaching.athlete_user(x),
    "athlete": lambda api, x: api.athlete(x),
}
ARGUMENTS = st.one_of(IDS, DAYS, st.sampled_from([0, -1, 2**63, True, False, 2**62]), ANYTHING)


@settings(
    max_examples=EXAMPLES * 6,  # one database for every call: spread the examples over them
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(call=st.sampled_from(sorted(READS)), value=ARGUMENTS)
def test_calls_with_an_id_date_or_count(
    alloy: Alloy, planned: UserApi, call: str, value: Any
) -> None:
    refused_cleanly(alloy, lambda: READS[call](planned, value))


# Inputs that once crashed (or could), each with the error and field it must give.
FIXED: dict[str, tuple[Callable[[Alloy, UserApi], object], type[AlloyError], str | None]] = {
    "lone surrogate in an enum": (
        lambda _, api: api.logs.log_soreness(SorenessLogCreate((SorenessInput("\ud800", 5),))),
        ValidationError,
        "soreness_entries[0].body_part",
    ),
    "lone surrogate in a name": (
        lambda _, api: api.activities.log(ActivityInstanceCreate("run\ud800", 30)),
        ValidationError,
        "activity_name",
    ),
    "lone surrogate at sign-in": (
        lambda alloy, _: alloy.auth.login("me\ud800@example.com", "x" * 10),
        AuthError,
        None,
    ),
    "no request at all": (
        lambda _, api: api.logs.log_workout(None),
        ValidationError,
        "request",
    ),
    "a dict for a request": (
        lambda _, api: api.settings.update({"weight_unit": "LB"}),
        ValidationError,
        "changes",
    ),
    "a draft nested past the recursion limit": (
        lambda _, api: api.logs.save_draft(deep(100_000)),
        ValidationError,
        "payload",
    ),
    "a whole number too big for a float": (
        lambda _, api: api.activities.log(ActivityInstanceCreate("Run", 10**400)),
        ValidationError,
        "duration_minutes",
    ),
    "an offset past SQLite's integers": (
        lambda _, api: api.logs.workouts(50, 2**63),
        ValidationError,
        "offset",
    ),
    "a datetime in year 9999 for a date": (
        lambda _, api: api.days.plan(datetime.max),
        ValidationError,
        "target_date",
    ),
    "an object whose == raises": (
        lambda _, api: api.settings.update_profile(ProfileUpdate(preferred_split=Weird())),
        ValidationError,
        "preferred_split",
    ),
    # SQLAlchemy would open (and create) whatever file a sqlite URL names.
    "a SQLite file for the sync server": (
        lambda _, api: api.sync.link("sqlite:///stolen.db", "pw", "me@example.com", "x" * 10),
        ValidationError,
        "server_url",
    ),
}


@pytest.mark.parametrize("case", sorted(FIXED))
def test_known_hostile_inputs(alloy: Alloy, me: UserApi, case: str) -> None:
    call, expected, field = FIXED[case]
    error = refused_cleanly(alloy, lambda: call(alloy, me))
    assert type(error) is expected
    if field is not None:
        assert isinstance(error, ValidationError) and error.field == field


# --- history edits, routines, body weight --------------------------------------------------------

SET_EDIT = hostile(
    SetEdit,
    {
        "weight_kg": st.floats(min_value=0, max_value=300),
        "reps": st.integers(min_value=1, max_value=20),
        "rpe": st.one_of(st.none(), st.floats(min_value=5, max_value=10)),
        "set_type": enum_of(SetType),
        "note": NAMES,
    },
)
EXERCISE_EDIT = hostile(
    ExerciseEdit,
    {
        "movement_id": MOVEMENT_IDS,
        "sets": tuples(SET_EDIT, 3, 1),
        "session_exercise_id": st.one_of(st.none(), st.none(), IDS),
    },
)
WORKOUT_EDIT = hostile(
    WorkoutEdit,
    {
        "name": st.one_of(st.just("Workout"), NAMES),
        "performed_at": st.one_of(TIMES, BAD_TIMES),
        "exercises": tuples(EXERCISE_EDIT, 3, 1),
        "duration_seconds": st.one_of(st.none(), st.integers(min_value=0, max_value=86_400)),
        "notes": NAMES,
        "session_id": st.one_of(st.none(), IDS),
        "routine_id": st.one_of(st.none(), IDS),
    },
)
HISTORY_QUERY = hostile(
    HistoryQuery,
    {
        "text": NAMES,
        "movement_id": st.one_of(st.none(), MOVEMENT_IDS),
        "since": st.one_of(st.none(), DAYS, BAD_TIMES),
        "until": st.one_of(st.none(), DAYS),
    },
)
ROUTINE = hostile(
    RoutineCreate,
    {
        "name": NAMES,
        "exercises": tuples(
            hostile(
                RoutineExerciseInput,
                {
                    "movement_id": MOVEMENT_IDS,
                    "sets": st.integers(min_value=0, max_value=21),
                    "reps": st.integers(min_value=0, max_value=30),
                    "reps_max": st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
                    "rpe": st.one_of(st.none(), st.floats(min_value=0, max_value=11)),
                    "load_kg": st.one_of(st.none(), st.floats(min_value=-1, max_value=400)),
                    "rest_seconds": st.integers(min_value=-1, max_value=4000),
                    "superset_group": st.one_of(st.none(), SMALL),
                    "notes": NAMES,
                },
            ),
            3,
        ),
        "notes": NAMES,
        "weekdays": tuples(st.integers(min_value=-1, max_value=8), 8),
    },
)
BODY_WEIGHT = hostile(
    BodyWeightCreate,
    {
        "weight": st.floats(min_value=0, max_value=900),
        "day": st.one_of(st.none(), DAYS, BAD_TIMES),
        "unit": st.one_of(st.none(), enum_of(WeightUnit)),
    },
)
ID_OR_ANYTHING = st.one_of(IDS, IDS, ANYTHING)


@HOSTILE
@given(query=HISTORY_QUERY)
def test_history_search(alloy: Alloy, planned: UserApi, query: Any) -> None:
    refused_cleanly(alloy, lambda: planned.history.search(query))


@HOSTILE
@given(set_id=ID_OR_ANYTHING, edit=SET_EDIT)
def test_history_update_set(alloy: Alloy, planned: UserApi, set_id: Any, edit: Any) -> None:
    refused_cleanly(alloy, lambda: planned.history.update_set(set_id, edit))


@HOSTILE
@given(
    workout_id=ID_OR_ANYTHING,
    movement_id=st.one_of(MOVEMENT_IDS, ANYTHING),
    edit=SET_EDIT,
    slot=st.one_of(st.none(), IDS, ANYTHING),
)
def test_history_add_set(
    alloy: Alloy, planned: UserApi, workout_id: Any, movement_id: Any, edit: Any, slot: Any
) -> None:
    refused_cleanly(alloy, lambda: planned.history.add_set(workout_id, movement_id, edit, slot))


@HOSTILE
@given(
    workout_id=ID_OR_ANYTHING,
    movement_id=st.one_of(MOVEMENT_IDS, ANYTHING),
    sets=st.one_of(tuples(SET_EDIT, 3), ANYTHING),
)
def test_history_add_exercise(
    alloy: Alloy, planned: UserApi, workout_id: Any, movement_id: Any, sets: Any
) -> None:
    refused_cleanly(alloy, lambda: planned.history.add_exercise(workout_id, movement_id, sets))


@HOSTILE
@given(workout_id=ID_OR_ANYTHING, edit=WORKOUT_EDIT)
def test_history_update_workout(alloy: Alloy, planned: UserApi, workout_id: Any, edit: Any) -> None:
    refused_cleanly(alloy, lambda: planned.history.update_workout(workout_id, edit))


@HOSTILE
@given(snapshot=WORKOUT_EDIT)
def test_history_restore_workout(alloy: Alloy, planned: UserApi, snapshot: Any) -> None:
    refused_cleanly(alloy, lambda: planned.history.restore_workout(snapshot))


@HOSTILE
@given(request=ROUTINE)
def test_routines_create(alloy: Alloy, planned: UserApi, request: Any) -> None:
    refused_cleanly(alloy, lambda: planned.routines.create(request))


@HOSTILE
@given(routine_id=ID_OR_ANYTHING, request=ROUTINE)
def test_routines_update(alloy: Alloy, planned: UserApi, routine_id: Any, request: Any) -> None:
    if not planned.routines.list():  # one to reach the update with (the fixture is reused)
        planned.routines.create(RoutineCreate("Mine"))
    refused_cleanly(alloy, lambda: planned.routines.update(routine_id, request))


@HOSTILE
@given(entry=BODY_WEIGHT)
def test_body_weight_log(alloy: Alloy, me: UserApi, entry: Any) -> None:
    refused_cleanly(alloy, lambda: me.body_weight.log(entry))


# --- sync with a shared server ----------------------------------------------------------------

UNREACHABLE = "postgresql+psycopg://athlete@127.0.0.1:1/alloy"  # refused at once: offline
SERVER_URLS = st.one_of(
    st.just(UNREACHABLE),
    st.sampled_from(
        [
            *("sqlite:///x.db", "sqlite://", "postgresql://", "postgresql+psycopg:///alloy"),
            *("postgresql://u@127.0.0.1:port/db", "postgresql://u@127.0.0.1:99999/db"),
            *("mysql://u@127.0.0.1:1/db", "http://127.0.0.1:1/alloy", UNREACHABLE + "\x00"),
        ]
    ),
    NAMES,
    ANYTHING,
)
DB_PASSWORDS = st.one_of(st.none(), st.just("y"), NAMES, ANYTHING)


@HOSTILE
@given(url=SERVER_URLS, db_password=DB_PASSWORDS, email=EMAILS, password=PASSWORDS)
def test_sync_link(
    alloy: Alloy, me: UserApi, url: Any, db_password: Any, email: Any, password: Any
) -> None:
    refused_cleanly(alloy, lambda: me.sync.link(url, db_password, email, password))


@HOSTILE
@given(db_password=DB_PASSWORDS)
def test_sync_now(alloy: Alloy, me: UserApi, db_password: Any) -> None:
    # Not linked: a report in words, or a typed refusal of the password itself.
    try:
        report = me.sync.sync_now(db_password)
    except AlloyError as error:
        assert isinstance(error, ValidationError) and error.field == "db_password"
        return
    assert report.error and report.pushed == report.pulled == 0
