"""LLM-designed sessions (with retries, then the planner) and the coach's substitute pick."""

from __future__ import annotations

from typing import Any

import pytest
from coach_helpers import Sleeps
from fake_ollama import FakeOllama

from alloy_desktop.api import UserApi, schemas
from alloy_desktop.coach.design import check_design
from alloy_desktop.coach.errors import CoachError
from alloy_desktop.coach.proposals import name_index
from alloy_desktop.domain.catalog import Constraints
from alloy_desktop.domain.enums import BodyPart, ExerciseRole
from alloy_desktop.services.context import Catalog

DESIGN = {
    "rationale": "Squat first, then posterior chain.",
    "exercises": [
        {"movement": "Bodyweight Squat", "role": "WARMUP", "sets": 2, "reps": 10, "rpe": 4,
         "rest_seconds": 30},
        {"movement": "Leg Press", "role": "MAIN", "sets": 4, "reps": 8, "rpe": 8,
         "rest_seconds": 150, "note": "Smooth reps"},
        {"movement": "Goblet Squat", "role": "ACCESSORY", "sets": 3, "reps": 12, "rpe": 7.5,
         "rest_seconds": 90},
        {"movement": "Plank", "role": "ACCESSORY", "sets": 3, "reps": 30, "rpe": 7,
         "rest_seconds": 60},
    ],
}  # fmt: skip
DESIGNED = ["Bodyweight Squat", "Leg Press", "Goblet Squat", "Plank"]
GOALS = (schemas.GoalWeight("STRENGTH", 6), schemas.GoalWeight("HYPERTROPHY", 4))


def new_program(me: UserApi) -> schemas.ProgramResponse:
    return me.programs.create(
        schemas.ProgramCreate(goals=GOALS, duration_weeks=8, split_template="HYBRID")
    )


def session_names(program: schemas.ProgramResponse, microcycle: int) -> list[list[str]]:
    return [
        [e.movement_name for e in s.exercises] for s in program.microcycles[microcycle].sessions
    ]


@pytest.fixture
def designer(me: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps) -> UserApi:
    """The lifter with "let the coach design sessions" on, the coach at the fake."""
    me.settings.update(
        schemas.SettingsUpdate(
            ollama_host=fake_ollama.url, ollama_timeout=5, llm_design_sessions=True
        )
    )
    me.coach.sleep = sleeps
    return me


# --- the pure check ---------------------------------------------------------------------------


def test_check_design_keeps_valid_exercises_in_session_order(catalog: Catalog) -> None:
    raw: dict[str, Any] = {"exercises": [*reversed(DESIGN["exercises"])]}  # type: ignore[list-item]
    raw["exercises"] += [
        {"movement": "Moon Squat", "role": "MAIN", "sets": 3, "reps": 5, "rpe": 8,
         "rest_seconds": 120},
        {"movement": "Leg Press", "role": "ACCESSORY", "sets": 3, "reps": 5, "rpe": 8,
         "rest_seconds": 120},
        {"movement": "Barbell Squat", "role": "MAIN", "sets": 9, "reps": 5, "rpe": 8,
         "rest_seconds": 120},
        {"movement": "All Fours Quad Stretch", "role": "MAIN", "sets": 1, "reps": 30, "rpe": 8,
         "rest_seconds": 0},
    ]  # fmt: skip
    designed = check_design(raw, name_index(catalog.movements), Constraints())
    # Grouped by role; within a role the coach's own order stands (here reversed).
    order = ["Bodyweight Squat", "Leg Press", "Plank", "Goblet Squat"]
    assert [catalog.name(e.movement_id) for e in designed.exercises] == order
    assert [e.order for e in designed.exercises] == [1, 2, 3, 4]
    assert designed.exercises[1].role is ExerciseRole.MAIN
    assert designed.exercises[1].notes == "Smooth reps"
    assert designed.dropped == (
        "Dropped Moon Squat: it isn't in the movement library.",
        "Dropped Leg Press: it was listed twice.",
        "Dropped Barbell Squat: its sets, reps, RPE or rest are out of range.",
        "Dropped All Fours Quad Stretch: it can't be a main lift or an accessory.",
    )


def test_check_design_refuses_forbidden_movements_and_sessions_without_a_main_lift(
    catalog: Catalog,
) -> None:
    injured = Constraints(injured_body_parts=frozenset({BodyPart.LEGS}))
    with pytest.raises(CoachError, match="format"):
        check_design(DESIGN, name_index(catalog.movements), injured)  # only the plank is left
    no_main = {"exercises": [{**e, "role": "ACCESSORY"} for e in DESIGN["exercises"][1:]]}
    with pytest.raises(CoachError) as caught:
        check_design(no_main, name_index(catalog.movements), Constraints())
    assert caught.value.detail == "no usable main lift"


# --- through the api --------------------------------------------------------------------------


def test_with_the_setting_off_the_planner_writes_every_session(
    me: UserApi, fake_ollama: FakeOllama
) -> None:
    me.settings.update(schemas.SettingsUpdate(ollama_host=fake_ollama.url))
    program = new_program(me)
    assert DESIGNED not in session_names(program, 0)
    assert fake_ollama.requests == []


def test_the_coach_designs_the_first_microcycle(designer: UserApi, fake_ollama: FakeOllama) -> None:
    progress: list[str] = []
    designer.coach.progress = progress.append
    fake_ollama.switches.structured = [DESIGN]
    program = new_program(designer)
    first, second = session_names(program, 0), session_names(program, 1)
    assert first == [DESIGNED] * len(first)
    assert DESIGNED not in second  # later microcycles stay with the planner
    assert progress == [
        *(f"Coach: designing session {i} of {len(first)}…" for i in range(1, len(first) + 1)),
        "",
    ]
    movement = fake_ollama.chats()[0]["format"]["properties"]["exercises"]["items"]
    candidates = movement["properties"]["movement"]["enum"]
    assert "Barbell Squat" in candidates  # the planner's main lift of the first session
    plan = designer.days.plan(program.start_date)
    assert plan.session is not None
    assert [e.movement_name for e in plan.session.exercises] == DESIGNED


def test_a_bad_answer_is_retried_with_backoff(
    designer: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps
) -> None:
    fake_ollama.switches.structured = ["no json here", {"exercises": []}, DESIGN]
    program = new_program(designer)
    assert session_names(program, 0)[0] == DESIGNED
    assert sleeps.calls == [0.5, 1.0]  # two failures, then the third try worked


def test_after_three_failures_each_session_keeps_the_planners_exercises(
    designer: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps, me: UserApi
) -> None:
    fake_ollama.switches.structured = ["no json here"]
    program = new_program(designer)
    sessions = len(program.microcycles[0].sessions)
    assert DESIGNED not in session_names(program, 0)
    assert len(fake_ollama.chats()) == 3 * sessions
    assert sleeps.calls == [0.5, 1.0] * sessions


def test_offline_falls_back_at_once(
    designer: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps
) -> None:
    fake_ollama.set_refusing(True)
    program = new_program(designer)
    assert DESIGNED not in session_names(program, 0) and sleeps.calls == []
    report = designer.coach.design_microcycles(program.id or 0, [program.microcycles[0].id or 0])
    assert report is not None and report.designed == 0
    assert report.notes[0] == (
        "Lower Strength A: kept the planner's session. "
        f"The coach is offline: nothing answers at {fake_ollama.url}."
    )


def test_the_next_microcycle_is_designed_too(designer: UserApi, fake_ollama: FakeOllama) -> None:
    fake_ollama.switches.structured = ["no json here"]
    program = new_program(designer)
    fake_ollama.switches.structured = [DESIGN]
    fake_ollama._structured_calls = 0
    microcycle = designer.programs.generate_next_microcycle(program.id or 0)
    assert [[e.movement_name for e in s.exercises] for s in microcycle.sessions] == [
        DESIGNED
    ] * len(microcycle.sessions)


# --- substitution -----------------------------------------------------------------------------


def squat_slot(me: UserApi) -> int:
    program = me.programs.list()[0]
    session = program.microcycles[0].sessions[0]
    return next(e.id for e in session.exercises if e.movement_name == "Barbell Squat") or 0


def test_the_coach_picks_among_the_ranked_candidates(
    coached: UserApi, fake_ollama: FakeOllama
) -> None:
    slot = squat_slot(coached)
    ranked = coached.days.substitutes(slot)
    fake_ollama.switches.structured = [
        {"choice": ranked[1].movement_name, "reason": "Easier on the knees today."}
    ]
    pick = coached.coach.pick_substitute(slot)
    assert pick.source == "coach" and pick.candidates == tuple(ranked)
    assert pick.chosen == ranked[1] and pick.explanation == "Easier on the knees today."
    schema = fake_ollama.chats()[0]["format"]
    assert schema["properties"]["choice"]["enum"] == [s.movement_name for s in ranked]


def test_without_a_model_the_ranking_stands(coached: UserApi, fake_ollama: FakeOllama) -> None:
    slot = squat_slot(coached)
    ranked = coached.days.substitutes(slot)
    fake_ollama.set_refusing(True)
    pick = coached.coach.pick_substitute(slot)
    assert pick.source == "rules" and pick.chosen == ranked[0]
    assert pick.explanation.startswith(f"{ranked[0].movement_name}: ")
    assert pick.note.startswith("The coach is offline")


def test_a_pick_outside_the_candidates_is_not_taken(
    coached: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps
) -> None:
    slot = squat_slot(coached)
    fake_ollama.switches.structured = [{"choice": "Moon Squat", "reason": "fun"}]
    pick = coached.coach.pick_substitute(slot)
    assert (
        pick.source == "rules" and pick.note == "The coach's answer didn't fit the expected format."
    )
    assert sleeps.calls == [0.5, 1.0]
