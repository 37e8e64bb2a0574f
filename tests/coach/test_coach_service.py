"""The coach through the public api: streamed adaptation, saved turns, proposals, accept/reject."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from coach_helpers import MONDAY, Sleeps
from fake_ollama import FakeOllama

from alloy_desktop.api import Alloy, CoachUnavailable, UserApi, schemas
from alloy_desktop.api.errors import Conflict, NotFound
from alloy_desktop.domain.enums import ConversationRole, ConversationStatus

SORE_LEGS = schemas.AdaptationRequest(
    soreness=(schemas.SorenessInput("LEGS", 8),), recovery_signal="POOR", notes="Stairs hurt"
)
FULL = "Your legs are sore, so go lighter today."


def names(me: UserApi) -> list[str]:
    plan = me.days.plan(MONDAY)
    assert plan.session is not None
    return [e.movement_name for e in plan.session.exercises]


def turns(me: UserApi, thread_id: int) -> list[tuple[ConversationRole, str, bool]]:
    return [(t.role, t.content, t.is_partial) for t in me.coach.conversation(thread_id).turns]


def stream_status(alloy: Alloy, thread_id: int) -> dict[str, object]:
    from alloy_desktop.store.models import ConversationThread

    with alloy.context.db.sessions() as s:
        thread = s.get(ConversationThread, thread_id)
        assert thread is not None
        return dict(thread.result_json["stream"])


# --- streaming --------------------------------------------------------------------------------


def test_the_stream_is_spec_shaped_events_and_the_thread_is_saved(
    coached: UserApi, fake_ollama: FakeOllama
) -> None:
    stream = coached.days.adapt_stream(MONDAY, SORE_LEGS)
    events = list(stream)
    assert [e.content for e in events[:-1]] == list(fake_ollama.switches.tokens)
    assert all(not e.done and e.thread_id == stream.thread_id for e in events[:-1])
    last = events[-1]
    assert (last.done, last.content, last.status, last.error) == (True, FULL, "completed", None)
    conversation = coached.coach.conversation(last.thread_id)
    assert conversation.status is ConversationStatus.IN_PROGRESS
    assert conversation.final_content == FULL
    roles = [(role, partial) for role, _, partial in turns(coached, last.thread_id)]
    assert roles == [
        (ConversationRole.SYSTEM, False),
        (ConversationRole.USER, False),
        (ConversationRole.ASSISTANT, False),
    ]
    assert turns(coached, last.thread_id)[1][1] == (
        "Please adapt my session for Monday 2 November 2026. Soreness: legs 8/10. "
        "Recovery feels poor. Notes: Stairs hurt"
    )
    assert turns(coached, last.thread_id)[2][1] == FULL


def test_the_prompt_holds_the_session_the_state_the_rules_and_the_persona(
    coached: UserApi, fake_ollama: FakeOllama
) -> None:
    coached.settings.add_movement_rule(
        schemas.MovementRuleCreate("HARD_NO", "PATTERN", pattern="OLYMPIC", note="bad wrists")
    )
    coached.settings.add_injury(schemas.InjuryCreate("SHOULDERS", "impingement", severity=6))
    coached.settings.update_profile(schemas.ProfileUpdate(enjoyable_activities=("Swimming",)))
    coached.logs.log_soreness(schemas.SorenessLogCreate((schemas.SorenessInput("CHEST", 6),)))
    list(coached.days.adapt_stream(MONDAY, SORE_LEGS))
    system, user = fake_ollama.chats()[0]["messages"]
    prompt = system["content"]
    assert system["role"] == "system" and user["role"] == "user"
    plan = coached.days.plan(MONDAY)
    assert plan.session is not None
    squat = next(e for e in plan.session.exercises if e.movement_name == "Barbell Squat")
    assert f"Barbell Squat (main lift): {squat.sets} x {squat.reps} @ RPE {squat.rpe:g}" in prompt
    for expected in (
        "Session for Monday 2 November 2026: Lower Strength A (strength).",
        "- Soreness: legs 8/10",
        "- Recovery signal: poor",
        "- Notes: Stairs hurt",
        "- Muscle groups still recovering: chest 4/10",
        "- Never: all olympic movements (bad wrists)",
        "- shoulders (severity 6/10): impingement",
        "- Swimming",
        "Tone: warm and encouraging. Balance progress against recovery.",
        "Swaps the app allows (best first):",
    ):
        assert expected in prompt


def test_leaving_the_loop_early_saves_the_partial_answer(coached: UserApi, alloy: Alloy) -> None:
    stream = coached.days.adapt_stream(MONDAY, SORE_LEGS)
    first = [next(stream).content for _ in range(3)]
    stream.close()
    assert turns(coached, stream.thread_id)[-1] == (
        ConversationRole.ASSISTANT,
        "".join(first),
        True,
    )
    assert coached.coach.conversation(stream.thread_id).final_content is None
    assert stream_status(alloy, stream.thread_id) == {"status": "cancelled", "error": None}


def test_cancel_from_another_thread_stops_a_slow_stream_and_keeps_its_text(
    coached: UserApi, fake_ollama: FakeOllama
) -> None:
    fake_ollama.switches.token_delay = 2.0
    stream = coached.days.adapt_stream(MONDAY, SORE_LEGS)
    first = next(stream)
    threading.Timer(0.05, stream.cancel).start()
    started = time.monotonic()
    rest = list(stream)
    assert time.monotonic() - started < 1.0  # not the two seconds the next token needs
    assert rest[-1].status == "cancelled" and rest[-1].content == first.content == "Your "
    assert turns(coached, stream.thread_id)[-1] == (ConversationRole.ASSISTANT, "Your ", True)


def test_a_dropped_stream_ends_with_a_failed_event_and_the_partial_text_saved(
    coached: UserApi, fake_ollama: FakeOllama, alloy: Alloy
) -> None:
    fake_ollama.switches.drop_after = 3
    last = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1]
    assert (last.status, last.error_kind, last.content) == ("failed", "dropped", "Your legs are ")
    assert last.error == "The connection to the coach dropped mid-answer."
    assert turns(coached, last.thread_id)[-1] == (
        ConversationRole.ASSISTANT,
        "Your legs are ",
        True,
    )
    assert stream_status(alloy, last.thread_id) == {"status": "failed", "error": "dropped"}


@pytest.mark.parametrize(
    ("switch", "kind", "message"),
    [
        ("refuse", "offline", "The coach is offline: nothing answers at"),
        ("model", "model_missing", "The coach's model gemma3:4b isn't installed"),
        ("malformed", "malformed", "The coach sent a reply Alloy couldn't read."),
    ],
)
def test_every_failure_is_a_final_event_never_an_exception(
    coached: UserApi, fake_ollama: FakeOllama, switch: str, kind: str, message: str
) -> None:
    if switch == "refuse":
        fake_ollama.set_refusing(True)
    elif switch == "model":
        fake_ollama.switches.models = ["llama3.2:3b"]
    else:
        fake_ollama.switches.malformed_after = 0
    events = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))
    assert len(events) == 1
    assert (events[0].done, events[0].status, events[0].error_kind) == (True, "failed", kind)
    assert events[0].error is not None and events[0].error.startswith(message)
    # Nothing was said, so no empty coach turn is stored.
    assert [t[0] for t in turns(coached, events[0].thread_id)] == [
        ConversationRole.SYSTEM,
        ConversationRole.USER,
    ]


def test_a_rest_day_cannot_be_streamed(coached: UserApi) -> None:
    with pytest.raises(NotFound, match="rest day"):
        coached.days.adapt_stream(MONDAY + timedelta(days=1), SORE_LEGS)


# --- the conversation continues ---------------------------------------------------------------


def test_a_reply_continues_the_same_thread_with_the_history(
    coached: UserApi, fake_ollama: FakeOllama
) -> None:
    thread_id = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    fake_ollama.switches.tokens = ("Then ", "skip ", "the ", "squats.")
    events = list(coached.days.continue_stream(thread_id, "What about squats?"))
    assert events[-1].content == "Then skip the squats." and events[-1].thread_id == thread_id
    sent = fake_ollama.chats()[1]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[2]["content"] == FULL and sent[3]["content"] == "What about squats?"
    assert [t[1] for t in turns(coached, thread_id)[-2:]] == [
        "What about squats?",
        "Then skip the squats.",
    ]
    assert coached.coach.conversation(thread_id).final_content == "Then skip the squats."


def test_only_open_coach_threads_can_continue(coached: UserApi) -> None:
    rule_based = coached.days.adapt(MONDAY, SORE_LEGS).thread_id
    with pytest.raises(Conflict, match="rule-based coach"):
        coached.days.continue_stream(rule_based, "and now?")
    thread_id = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    coached.coach.reject(thread_id)
    with pytest.raises(Conflict, match="already rejected"):
        coached.days.continue_stream(thread_id, "and now?")


# --- proposals, accept and reject -------------------------------------------------------------


def good_and_bad_changes(me: UserApi) -> list[dict[str, object]]:
    return [
        {"action": "substitute", "exercise": "Barbell Squat", "replacement": "Moon Squat"},
        {
            "action": "adjust",
            "exercise": "Lying Leg Curls",
            "sets": 2,
            "rpe": 6.5,
            "reason": "sore",
        },
        {"action": "remove", "exercise": "Leg Extensions", "reason": "legs 8/10"},
        {"action": "adjust", "exercise": "Cable Crunch", "sets": 40},
        {"action": "add_section", "section": "extra_warmup", "reason": "poor recovery"},
    ]


def test_accept_applies_only_the_valid_changes(
    coached: UserApi, fake_ollama: FakeOllama, alloy: Alloy
) -> None:
    before = names(coached)
    thread_id = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    fake_ollama.switches.structured = [
        {"summary": "Go lighter", "changes": good_and_bad_changes(coached)}
    ]
    proposal = coached.coach.propose_changes(thread_id)
    assert [c.description for c in proposal.changes] == [
        "Adjust Lying Leg Curls (2 sets, RPE 6.5): sore",
        "Remove Leg Extensions: legs 8/10",
        "Add an extra warm-up: poor recovery",
    ]
    assert proposal.dropped == (
        "Dropped the swap Barbell Squat → Moon Squat: it isn't in the movement library.",
        "Dropped the change to Cable Crunch: 40 sets is outside 1-6.",
    )
    asked = fake_ollama.chats()[-1]
    assert asked["format"]["required"] == ["changes"] and asked["stream"] is False
    assert asked["messages"][-1]["content"].startswith("Now turn the changes you recommended")
    assert coached.days.plan(MONDAY).adapted_from_thread_id is None  # nothing applied yet

    conversation = coached.coach.accept(thread_id, "thanks")
    assert conversation.status is ConversationStatus.ACCEPTED
    plan = coached.days.plan(MONDAY)
    assert plan.session is not None and plan.adapted_from_thread_id == thread_id
    assert names(coached) == [n for n in before if n != "Leg Extensions"]
    curls = next(e for e in plan.session.exercises if e.movement_name == "Lying Leg Curls")
    assert (curls.sets, curls.rpe, curls.notes) == (2, 6.5, "Coach: sore")
    assert "Added today: extra warmup." in plan.message
    assert conversation.final_content == FULL


def test_reject_keeps_the_plan(coached: UserApi, fake_ollama: FakeOllama) -> None:
    before = names(coached)
    thread_id = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    fake_ollama.switches.structured = [{"changes": good_and_bad_changes(coached)}]
    coached.coach.propose_changes(thread_id)
    assert coached.coach.reject(thread_id).status is ConversationStatus.REJECTED
    assert names(coached) == before
    with pytest.raises(Conflict, match="already rejected"):
        coached.coach.accept(thread_id)


def test_nothing_to_accept_before_a_valid_proposal(
    coached: UserApi, fake_ollama: FakeOllama
) -> None:
    thread_id = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    with pytest.raises(Conflict, match="hasn't turned its advice into changes"):
        coached.coach.accept(thread_id)
    fake_ollama.switches.structured = [{"changes": [{"action": "remove", "exercise": "Nope"}]}]
    assert coached.coach.propose_changes(thread_id).changes == ()
    with pytest.raises(Conflict, match="no valid changes"):
        coached.coach.accept(thread_id)


def test_proposals_are_retried_with_backoff(
    coached: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps
) -> None:
    thread_id = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    fake_ollama.switches.structured = ["not json at all", {"changes": []}]
    assert coached.coach.propose_changes(thread_id).changes == ()
    assert sleeps.calls == [0.5]
    fake_ollama.switches.structured = ["still not json"]
    with pytest.raises(CoachUnavailable) as caught:
        coached.coach.propose_changes(thread_id)
    assert caught.value.kind == "invalid_output"
    assert sleeps.calls == [0.5, 0.5, 1.0]


def test_proposals_when_the_coach_went_away(
    coached: UserApi, fake_ollama: FakeOllama, sleeps: Sleeps
) -> None:
    thread_id = list(coached.days.adapt_stream(MONDAY, SORE_LEGS))[-1].thread_id
    fake_ollama.set_refusing(True)
    with pytest.raises(CoachUnavailable) as caught:
        coached.coach.propose_changes(thread_id)
    assert caught.value.kind == "offline" and sleeps.calls == []


# --- health -----------------------------------------------------------------------------------


def test_health_reads_the_users_settings(
    coached: UserApi, fake_ollama: FakeOllama, alloy: Alloy
) -> None:
    health = coached.coach.health()
    assert (health.status, health.host, health.model) == ("healthy", fake_ollama.url, "gemma3:4b")
    assert alloy.health_llm(host=fake_ollama.url).status == "healthy"
    missing = alloy.health_llm(host=fake_ollama.url, model="phi4")
    assert (missing.status, missing.reachable, missing.model_present) == (
        "unhealthy",
        True,
        False,
    )
    fake_ollama.set_refusing(True)
    assert coached.coach.health().reachable is False
