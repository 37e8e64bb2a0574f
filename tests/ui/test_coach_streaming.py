"""The LLM coach on the Today page, streaming from the fake Ollama through a QThread worker."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "coach"))  # the shared fake
import itertools

from fake_ollama import FakeOllama, fake_ollama
from fake_openai import FakeOpenAI, fake_openai

from alloy_desktop.api import schemas
from alloy_desktop.domain.enums import BodyPart, ConversationRole, ConversationStatus
from alloy_desktop.ui.viewmodels.coach import ASSISTANT, USER
from alloy_desktop.ui.viewmodels.coach_chat import (
    ALL_DROPPED,
    ANSWERING,
    REVIEW,
    STOPPED,
    CoachStatusViewModel,
)
from alloy_desktop.ui.viewmodels.coach_worker import live_workers
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.views.main_window import MainWindow
from alloy_desktop.ui.views.today_view import TodayView

__all__ = ["fake_ollama", "fake_openai"]

MONDAY = date(2026, 11, 2)
TOKENS = tuple(f"word{i} " for i in range(24))
FULL = "".join(TOKENS)


@pytest.fixture
def today(
    session_with_program: AppSession, fake_ollama: FakeOllama, qtbot: QtBot
) -> Iterator[TodayView]:
    """The Today page, the coach pointed at the fake server, no real backoff pauses."""
    me = session_with_program.me
    me.settings.update(schemas.SettingsUpdate(ollama_host=fake_ollama.url, ollama_timeout=1))
    me.coach.sleep = lambda _seconds: None
    fake_ollama.switches.tokens = TOKENS
    view = TodayView(session_with_program)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    yield view
    for worker in live_workers():
        worker.cancel()
    qtbot.waitUntil(lambda: not live_workers(), timeout=5000)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ask(qtbot: QtBot, today: TodayView, legs: int = 8) -> None:
    today.adapt.sliders[BodyPart.LEGS].slider.setValue(legs)
    today.adapt.notes.setText("Stairs hurt")
    click(qtbot, today.adapt.ask_button)


def finish(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not live_workers(), timeout=5000)


def last_turn(session: AppSession, thread_id: int) -> schemas.ConversationTurnResponse:
    return session.me.coach.conversation(thread_id).turns[-1]


# --- streaming into the pane ------------------------------------------------------------------


def test_tokens_appear_in_the_pane_in_order_while_streaming(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama
) -> None:
    fake_ollama.switches.token_delay = 0.02
    seen: list[str] = []
    coach = today.vm.coach
    coach.message_updated.connect(lambda i: seen.append(coach.messages[i].text))
    ask(qtbot, today)
    assert today.coach.stop_button.isVisible() and not today.coach.input.isEnabled()
    assert today.coach.status.text() == ANSWERING
    assert today.coach.message_texts()[0].startswith("Please adapt my session for Monday")
    # Mid-stream the bubble shows some words, not all, and says more is coming.
    pane = today.coach
    qtbot.waitUntil(
        lambda: len(pane.message_texts()) == 2 and 0 < len(pane.message_texts()[-1]) < len(FULL),
        timeout=3000,
    )
    assert FULL.startswith(pane.message_texts()[-1])
    assert pane.speakers() == ["You", "Coach · writing…"]
    finish(qtbot)
    assert pane.message_texts()[-1] == FULL and pane.speakers() == ["You", "Coach"]
    assert seen[-1] == FULL
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(seen))
    assert len(seen) < len(TOKENS)  # coalesced: fewer repaints than tokens
    assert not today.coach.stop_button.isVisible() and today.coach.input.isEnabled()


def test_stop_ends_the_stream_at_once_and_keeps_the_partial_text(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama, session_with_program: AppSession
) -> None:
    fake_ollama.switches.token_delay = 0.15  # the whole answer would take over 3 s
    ask(qtbot, today)
    coach = today.vm.coach
    qtbot.waitUntil(
        lambda: coach.messages[-1].role == ASSISTANT and len(coach.messages[-1].text) > 12,
        timeout=3000,
    )
    click(qtbot, today.coach.stop_button)
    assert not today.coach.stop_button.isVisible()
    assert today.coach.input.isEnabled() and today.coach.send_button.isVisible()
    assert today.coach.status.text() == STOPPED
    qtbot.waitUntil(lambda: not live_workers(), timeout=1000)  # not the 3 s the answer needs
    shown = today.coach.message_texts()[-1]
    assert shown and FULL.startswith(shown) and len(shown) < len(FULL)
    thread_id = today.adapt.chat.thread_id
    assert thread_id is not None
    turn = last_turn(session_with_program, thread_id)
    assert (turn.role, turn.content, turn.is_partial) == (ConversationRole.ASSISTANT, shown, True)
    assert today.coach.proposal.isHidden()  # no proposal from a stopped answer


# --- every failure shows its line and the fallback --------------------------------------------


def _expected(fake: FakeOllama, switch: str) -> tuple[str, str]:
    """Flips one switch; returns the message the pane must show and the text kept."""
    s = fake.switches
    if switch == "refused":
        fake.set_refusing(True)
        return f"The coach is offline: nothing answers at {fake.url}.", ""
    if switch == "model":
        s.models = ["llama3.2:3b"]
        return "The coach's model gemma3:4b isn't installed (run “ollama pull gemma3:4b”).", ""
    if switch == "timeout":
        s.first_byte_delay = 2.0
        return "The coach took too long to answer (nothing for 1 s).", ""
    if switch == "dropped":
        s.drop_after = 3
        return "The connection to the coach dropped mid-answer.", "".join(TOKENS[:3])
    if switch == "malformed":
        s.malformed_after = 2
        return "The coach sent a reply Alloy couldn't read.", "".join(TOKENS[:2])
    if switch == "error line":
        s.error_line_after = 4
        return (
            "The coach stopped with an error: an error was encountered while running the model.",
            "".join(TOKENS[:4]),
        )
    s.status = 500
    return "The coach's server answered with an error (500).", ""


@pytest.mark.parametrize(
    "switch", ["refused", "model", "timeout", "dropped", "malformed", "error line", "http 500"]
)
def test_each_failure_shows_one_line_and_the_rule_based_plan_takes_over(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama, switch: str
) -> None:
    message, kept = _expected(fake_ollama, switch)
    ask(qtbot, today)
    finish(qtbot)
    pane = today.coach
    assert pane.notice.text() == message
    assert pane.notice_row.isVisible() and pane.fallback_button.isVisible()
    assert not pane.stop_button.isVisible() and pane.input.isEnabled()
    texts = pane.message_texts()
    if kept:
        assert texts[-1] == kept  # the partial answer stays on screen
    else:
        assert [m.role for m in today.vm.coach.messages] == [USER]  # no empty coach bubble
    click(qtbot, pane.fallback_button)
    assert not pane.notice_row.isVisible()
    assert today.adapt.results_card.isVisible()  # the rule-based adaptation, same inputs
    assert "Conflicts with soreness: legs 8/10" in " ".join(today.adapt.removed.texts())
    assert today.vm.coach.messages[-1].role == ASSISTANT


def test_a_proposal_the_coach_cannot_structure_offers_the_fallback(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama
) -> None:
    fake_ollama.switches.structured = ["Sure! Remove the squats."]
    ask(qtbot, today)
    finish(qtbot)
    assert today.coach.message_texts()[-1] == FULL
    assert today.coach.notice.text() == (
        "The coach couldn't turn its advice into changes: "
        "The coach's answer didn't fit the expected format."
    )
    assert today.coach.fallback_button.isVisible()


# --- proposals --------------------------------------------------------------------------------

CHANGES = {
    "summary": "Legs are sore: go lighter on them.",
    "changes": [
        {"action": "remove", "exercise": "Leg Extensions", "reason": "legs 8/10"},
        {"action": "adjust", "exercise": "Lying Leg Curls", "sets": 2, "rpe": 6.5,
         "reason": "sore hamstrings"},
        {"action": "substitute", "exercise": "Barbell Squat", "replacement": "Moon Squat",
         "reason": "fun"},
        {"action": "adjust", "exercise": "Cable Crunch", "sets": 12, "reason": "abs!"},
        {"action": "add_section", "section": "extra_warmup", "reason": "stairs hurt"},
    ],
}  # fmt: skip


def proposed(today: TodayView, qtbot: QtBot, fake: FakeOllama) -> None:
    fake.switches.structured = [CHANGES]
    ask(qtbot, today)
    finish(qtbot)
    qtbot.waitUntil(lambda: today.coach.proposal.isVisible(), timeout=2000)


def test_valid_changes_are_listed_and_invalid_ones_dropped_with_a_note(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama
) -> None:
    proposed(today, qtbot, fake_ollama)
    box = today.coach.proposal
    assert box.change_texts() == [
        "• Remove Leg Extensions: legs 8/10",
        "• Adjust Lying Leg Curls (2 sets, RPE 6.5): sore hamstrings",
        "• Add an extra warm-up: stairs hurt",
    ]
    assert box.dropped_texts() == [
        "Dropped the swap Barbell Squat → Moon Squat: it isn't in the movement library.",
        "Dropped the change to Cable Crunch: 12 sets is outside 1-6.",
    ]
    assert box.summary.text() == "Legs are sore: go lighter on them."
    assert today.coach.status.text() == REVIEW
    assert box.accept_button.isEnabled() and box.reject_button.isEnabled()


def test_when_every_change_is_dropped_the_rule_based_plan_is_offered(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama
) -> None:
    fake_ollama.switches.structured = [
        {"changes": [{"action": "remove", "exercise": "Moon Squat", "reason": "sore"}]}
    ]
    ask(qtbot, today)
    finish(qtbot)
    qtbot.waitUntil(lambda: today.coach.proposal.isVisible(), timeout=2000)
    assert today.coach.proposal.dropped_texts() == [
        "Ignored a change to Moon Squat: it isn't in today's session."
    ]
    assert today.coach.notice.text() == ALL_DROPPED
    click(qtbot, today.coach.fallback_button)
    assert today.adapt.results_card.isVisible()


def test_accept_applies_the_validated_changes_to_the_plan(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama, session_with_program: AppSession
) -> None:
    before = today.vm.view
    assert before is not None
    proposed(today, qtbot, fake_ollama)
    thread_id = today.adapt.chat.thread_id
    click(qtbot, today.coach.proposal.accept_button)
    view = today.vm.view
    assert view is not None and view.is_adapted and "Adapted" in view.badges
    names = [line.split(" — ")[0] for line in view.lines()]
    assert "Leg Extensions" not in names and "Barbell Squat" in names
    assert any(
        line.startswith("Lying Leg Curls — 2 × ") and "RPE 6.5" in line for line in view.lines()
    )
    assert len(view.lines()) == len(before.lines()) - 1
    conversation = session_with_program.me.coach.conversation(thread_id or 0)
    assert conversation.status is ConversationStatus.ACCEPTED
    box = today.coach.proposal
    assert box.outcome.text() == "Accepted: the coach's changes are the plan now."
    assert not box.accept_button.isVisible() and not box.reject_button.isVisible()


def test_reject_keeps_the_plan(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama, session_with_program: AppSession
) -> None:
    before = today.vm.view
    proposed(today, qtbot, fake_ollama)
    thread_id = today.adapt.chat.thread_id
    click(qtbot, today.coach.proposal.reject_button)
    assert today.coach.proposal.outcome.text() == "Rejected: the original plan stands."
    assert session_with_program.me.coach.conversation(thread_id or 0).status is (
        ConversationStatus.REJECTED
    )
    assert today.vm.view == before and today.vm.coach.messages[-1].text == (
        "Rejected. The original plan stands."
    )


def test_the_lifter_replies_and_the_same_thread_continues(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama, session_with_program: AppSession
) -> None:
    proposed(today, qtbot, fake_ollama)
    thread_id = today.adapt.chat.thread_id
    fake_ollama.switches.tokens = ("Then ", "keep ", "the ", "squats ", "light.")
    today.coach.input.setText("Can I still squat?")
    qtbot.keyClick(today.coach.input, Qt.Key.Key_Return)
    assert today.coach.proposal.isHidden()  # the old proposal gives way to the new answer
    finish(qtbot)
    assert today.coach.message_texts()[-2:] == ["Can I still squat?", "Then keep the squats light."]
    turns = session_with_program.me.coach.conversation(thread_id or 0).turns
    assert [t.role for t in turns] == [
        ConversationRole.SYSTEM,
        ConversationRole.USER,
        ConversationRole.ASSISTANT,
        ConversationRole.USER,
        ConversationRole.ASSISTANT,
    ]
    sent = fake_ollama.chats()[-2]["messages"]  # the stream, before the new proposal request
    assert [m["content"] for m in sent[-2:]] == [FULL, "Can I still squat?"]
    assert today.coach.proposal.isVisible()  # a fresh proposal for the new answer


def test_the_rule_based_adapt_still_answers_typed_notes_without_a_coach_thread(
    today: TodayView, qtbot: QtBot, fake_ollama: FakeOllama
) -> None:
    today.coach.input.setText("Short on time today")
    qtbot.keyClick(today.coach.input, Qt.Key.Key_Return)
    assert today.adapt.results_card.isVisible()
    assert fake_ollama.chats() == []


# --- the window's coach line ------------------------------------------------------------------


def test_the_status_line_reads_ready_missing_or_offline(
    session_with_program: AppSession, fake_ollama: FakeOllama
) -> None:
    me = session_with_program.me
    me.settings.update(schemas.SettingsUpdate(ollama_host=fake_ollama.url))
    status = CoachStatusViewModel(session_with_program)
    shown: list[tuple[str, str]] = []
    status.text_changed.connect(lambda text, tip: shown.append((text, tip)))
    status.refresh()
    assert shown[-1] == ("Coach: ready · gemma3:4b", f"gemma3:4b is ready at {fake_ollama.url}.")
    fake_ollama.switches.models = []
    status.refresh()
    assert shown[-1][0] == "Coach: model missing"
    fake_ollama.set_refusing(True)
    session_with_program.notify("settings")  # a settings change re-checks at once
    assert shown[-1][0] == "Coach: offline"


def test_the_status_line_names_the_model_an_openai_server_serves(
    session_with_program: AppSession, fake_openai: FakeOpenAI
) -> None:
    fake_openai.switches.models = ["/models/gemma-3-270m-q4_k_m.gguf"]
    session_with_program.me.settings.update(
        schemas.SettingsUpdate(llm_provider="openai", openai_base_url=fake_openai.url)
    )
    status = CoachStatusViewModel(session_with_program)
    shown: list[str] = []
    status.text_changed.connect(lambda text, _tip: shown.append(text))
    status.refresh()
    assert shown[-1] == "Coach: ready · gemma-3-270m-q4_k_m"


def test_the_window_shows_the_coach_state_in_the_status_bar(
    session_with_program: AppSession, fake_ollama: FakeOllama, qtbot: QtBot, qsettings: QSettings
) -> None:
    session_with_program.me.settings.update(schemas.SettingsUpdate(ollama_host=fake_ollama.url))
    window = MainWindow(session_with_program, qsettings)
    qtbot.addWidget(window)
    window.show()  # the first check follows the first paint
    qtbot.waitUntil(lambda: window.coach_label.text() == "Coach: ready · gemma3:4b", timeout=8000)
    assert window.coach_label.toolTip() == f"gemma3:4b is ready at {fake_ollama.url}."
    assert window.coach_status is not None
    fake_ollama.set_refusing(True)
    window.coach_status.refresh()
    assert window.coach_label.text() == "Coach: offline"


def test_designing_sessions_shows_progress_then_the_state_again(
    session_with_program: AppSession, fake_ollama: FakeOllama, qtbot: QtBot
) -> None:
    me = session_with_program.me
    me.settings.update(
        schemas.SettingsUpdate(ollama_host=fake_ollama.url, llm_design_sessions=True)
    )
    me.coach.sleep = lambda _seconds: None
    status = CoachStatusViewModel(session_with_program)
    shown: list[str] = []
    status.text_changed.connect(lambda text, _tip: shown.append(text))
    qtbot.waitUntil(lambda: shown == ["Coach: ready · gemma3:4b"])  # the first check
    fake_ollama.switches.structured = ["not a session"]  # every try fails: the planner's stand
    me.programs.create(
        schemas.ProgramCreate(goals=(schemas.GoalWeight("STRENGTH", 10),), duration_weeks=8)
    )
    assert shown == [
        "Coach: ready · gemma3:4b",
        "Coach: designing session 1 of 3…",
        "Coach: designing session 2 of 3…",
        "Coach: designing session 3 of 3…",
        "Coach: ready · gemma3:4b",
    ]
